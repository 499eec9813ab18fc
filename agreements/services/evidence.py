"""Writes of evidence items; the milestone's status follows its evidence.

A `fulfils` item completes the milestone (`completed_on` = the earliest `fulfils` date); removing
the last one reopens it. Adding evidence records that an editor looked (`last_checked_on`). When
the outcome changes, the milestone's watchers are queued one outcome notice (services/overdue.py
sends it after commit, once).
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from agreements import data_version
from agreements.choices import EvidenceVerdict, MilestoneStatus
from agreements.models import Agreement, Evidence, Milestone
from agreements.outcomes import EvidenceSummary, milestone_outcome
from agreements.services.overdue import queue_outcome_notices


def evidence_summary(milestone: Milestone) -> EvidenceSummary:
    return EvidenceSummary.of(milestone.evidence.values_list("verdict", "occurred_on"))


def outcome_of(milestone: Milestone, *, today: datetime.date) -> str:
    return milestone_outcome(
        kind=milestone.kind,
        status=milestone.status,
        deadline=milestone.deadline,
        evidence=evidence_summary(milestone),
        today=today,
        deadline_stated=milestone.deadline_stated,
    ).outcome


def _follow_evidence(milestone: Milestone, *, had_fulfils: bool, today: datetime.date, checked: bool) -> None:
    """Status and completion date from the evidence; `checked`: an editor looked today."""
    fulfilled_on = evidence_summary(milestone).fulfilled_on
    fields = {"updated_at": timezone.now()}
    if fulfilled_on is not None and milestone.status != MilestoneStatus.CANCELLED:
        fields.update(status=MilestoneStatus.COMPLETED, completed_on=fulfilled_on)
    elif fulfilled_on is None and had_fulfils and milestone.status == MilestoneStatus.COMPLETED:
        fields.update(status=MilestoneStatus.PENDING, completed_on=None)
    if checked and (milestone.last_checked_on is None or milestone.last_checked_on < today):
        fields["last_checked_on"] = today
    for name, value in fields.items():
        setattr(milestone, name, value)
    if "status" in fields:
        # save(), so the change history shows the completion (or reopening) the evidence made;
        # only these fields are written: overdue_since stays the job's.
        milestone.save(update_fields=list(fields))
    else:
        Milestone.objects.filter(pk=milestone.pk).update(**fields)
    Agreement.objects.filter(pk=milestone.agreement_id).update(updated_at=fields["updated_at"])


def _has_fulfils(milestone: Milestone) -> bool:
    return milestone.evidence.filter(verdict=EvidenceVerdict.FULFILS).exists()


def _locked_milestones():
    """Milestones to lock for an evidence write, the data version's lock taken first (its docstring)."""
    data_version.lock_for_write()
    return Milestone.objects.select_for_update()


def _after_change(milestone: Milestone, evidence: Evidence | None, *, outcome_before: str, today, had_fulfils, checked):
    _follow_evidence(milestone, had_fulfils=had_fulfils, today=today, checked=checked)
    outcome_after = outcome_of(milestone, today=today)
    if outcome_after != outcome_before and evidence is not None:
        queue_outcome_notices(milestone=milestone, evidence=evidence, outcome=outcome_after)


@transaction.atomic
def evidence_create(*, data: dict[str, Any], today: datetime.date | None = None) -> Evidence:
    today = today or timezone.localdate()
    milestone = _locked_milestones().get(pk=data["milestone"].pk)
    outcome_before, had_fulfils = outcome_of(milestone, today=today), _has_fulfils(milestone)
    evidence = Evidence(**{**data, "milestone": milestone, "agreement_id": milestone.agreement_id})
    evidence.full_clean()
    evidence.save()
    _after_change(
        milestone, evidence, outcome_before=outcome_before, today=today, had_fulfils=had_fulfils, checked=True
    )
    return evidence


@transaction.atomic
def evidence_update(*, evidence: Evidence, data: dict[str, Any], today: datetime.date | None = None) -> Evidence:
    today = today or timezone.localdate()
    old_milestone_id = evidence.milestone_id
    for field, value in data.items():
        setattr(evidence, field, value)
    if evidence.milestone_id != old_milestone_id:
        evidence.agreement_id = evidence.milestone.agreement_id
    milestones = list(_locked_milestones().filter(pk__in={old_milestone_id, evidence.milestone_id}))
    before = {m.pk: (outcome_of(m, today=today), _has_fulfils(m)) for m in milestones}
    evidence.full_clean()
    evidence.save()
    for milestone in milestones:
        outcome_before, had_fulfils = before[milestone.pk]
        moved_away = milestone.pk != evidence.milestone_id
        _after_change(
            milestone,
            None if moved_away else evidence,
            outcome_before=outcome_before,
            today=today,
            had_fulfils=had_fulfils,
            checked=not moved_away,
        )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    milestone = _locked_milestones().get(pk=evidence.milestone_id)
    outcome_before, had_fulfils = outcome_of(milestone, today=today), _has_fulfils(milestone)
    evidence.delete()
    _after_change(milestone, None, outcome_before=outcome_before, today=today, had_fulfils=had_fulfils, checked=False)


def milestones_mark_checked(*, milestones: QuerySet[Milestone], today: datetime.date | None = None) -> int:
    """ "Checked today, nothing new": records that an editor looked for evidence today."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        changed = milestones.update(last_checked_on=today, updated_at=now)
        Agreement.objects.filter(pk__in=milestones.values("agreement_id")).update(updated_at=now)
    return changed
