"""Writes of agreements, milestones and reference data, with the deadline rules."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agreements.choices import DeadlineAnchor, MilestoneStatus, PartyRole
from agreements.deadlines import milestone_deadline
from agreements.models import Agreement, AgreementParty, Milestone, Mineral, Source
from agreements.validation import deadline_range_errors


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 100, exclude_pk=None) -> str:
    """A slug from `text` that no other row of `model` uses: `title`, `title-2`, …"""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = model.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken_slugs:
        suffix = f"-{counter}"
        slug = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        counter += 1
    return slug


# --- milestones -------------------------------------------------------------------------


@transaction.atomic
def milestone_save(*, milestone: Milestone, today: datetime.date | None = None) -> Milestone:
    """Validates and saves; a milestone completed without a date was completed `today`."""
    if milestone.status == MilestoneStatus.COMPLETED and milestone.completed_on is None:
        milestone.completed_on = today or timezone.localdate()
    # `deadline` is derived in Milestone.save() from the fields validated here.
    milestone.full_clean(exclude=["deadline"])
    milestone.save()
    # The agreement's list row (next_deadline, overdue_count) changed: `?updated_since=` must see it.
    Agreement.objects.filter(pk=milestone.agreement_id).update(updated_at=timezone.now())
    return milestone


def milestone_create(*, agreement: Agreement, data: dict[str, Any], today: datetime.date | None = None) -> Milestone:
    return milestone_save(milestone=Milestone(agreement=agreement, **data), today=today)


def milestone_update(*, milestone: Milestone, data: dict[str, Any], today: datetime.date | None = None) -> Milestone:
    for field, value in data.items():
        setattr(milestone, field, value)
    if "status" in data and data["status"] != MilestoneStatus.COMPLETED and "completed_on" not in data:
        milestone.completed_on = None
    return milestone_save(milestone=milestone, today=today)


def milestones_reschedule(*, agreement: Agreement) -> int:
    """Recomputes the relative deadlines of `agreement` from its signing and entry-into-force
    dates; saves only those that moved."""
    moved = []
    for milestone in agreement.milestones.relative().only(
        "id", "due_on", "offset_months", "offset_days", "anchor", "deadline", "agreement_id"
    ):
        field = "entered_into_force_on" if milestone.anchor == DeadlineAnchor.ENTRY_INTO_FORCE else "signed_on"
        with deadline_range_errors(field):
            deadline = milestone_deadline(
                due_on=None,
                offset_months=milestone.offset_months,
                offset_days=milestone.offset_days,
                anchor=milestone.anchor,
                signed_on=agreement.signed_on,
                entered_into_force_on=agreement.entered_into_force_on,
            )
        if deadline != milestone.deadline:
            milestone.deadline = deadline
            moved.append(milestone)
    if moved:
        now = timezone.now()
        for milestone in moved:
            milestone.updated_at = now
        Milestone.objects.bulk_update(moved, ["deadline", "updated_at"])
    return len(moved)


# --- agreements -------------------------------------------------------------------------


def check_signing_date_removal(agreement: Agreement) -> None:
    if agreement.pk is None or agreement.signed_on is not None:
        return
    # A deadline counted from entry into force may wait for its date; one counted from signing may not.
    if agreement.milestones.relative().filter(anchor=DeadlineAnchor.SIGNING).exists():
        raise ValidationError(
            {"signed_on": _("Milestones of this agreement count from the signing date: it cannot be removed.")}
        )


def _stamp_first_publication(agreement: Agreement) -> None:
    """`published_at` is the first publication: set once, kept when taken back to draft and republished."""
    if agreement.published and agreement.published_at is None:
        agreement.published_at = timezone.now()


def _anchor_dates(agreement: Agreement) -> tuple:
    return agreement.signed_on, agreement.entered_into_force_on


@transaction.atomic
def agreement_save(*, agreement: Agreement, anchors_before: tuple | None = None) -> Agreement:
    """Validates and saves; relative deadlines move when the signing or entry-into-force date
    moves. `anchors_before` is `_anchor_dates()` of the row as loaded (read again when omitted).
    The first time it is saved published, `published_at` is set (and kept from then on)."""
    _stamp_first_publication(agreement)
    if not agreement.slug:
        agreement.slug = unique_slug(Agreement, agreement.short_title or agreement.title, exclude_pk=agreement.pk)
    agreement.full_clean()
    check_signing_date_removal(agreement)
    is_new = agreement.pk is None
    if not is_new and anchors_before is None:
        anchors_before = (
            Agreement.objects.filter(pk=agreement.pk).values_list("signed_on", "entered_into_force_on").first()
        )
    agreement.save()
    if not is_new and _anchor_dates(agreement) != anchors_before:
        milestones_reschedule(agreement=agreement)
    return agreement


@transaction.atomic
def agreements_set_published(*, agreements: Iterable[Agreement], published: bool) -> int:
    """Publishes (or takes back to draft) each agreement not already so, one save each so the change
    history records it; returns how many changed. Who may: publishing.can_publish (the callers check)."""
    changed = 0
    for agreement in agreements:
        if agreement.published == published:
            continue
        agreement.published = published
        _stamp_first_publication(agreement)
        agreement.save(update_fields=["published", "published_at", "updated_at"])
        changed += 1
    return changed


def agreement_set_parties(*, agreement: Agreement, parties: Iterable[dict[str, Any]]) -> None:
    """Replaces the agreement's parties with [{"party": Party, "role": ..., "signed_by": ...}]."""
    wanted: dict[int, dict[str, Any]] = {}
    for entry in parties:
        party = entry["party"]
        if party.pk in wanted:
            raise ValidationError({"parties": _("%(party)s is listed twice.") % {"party": party}})
        wanted[party.pk] = entry
    existing = {m.party_id: m for m in agreement.memberships.all()}
    for party_id, membership in existing.items():
        if party_id not in wanted:
            membership.delete()
    for party_id, entry in wanted.items():
        membership = existing.get(party_id) or AgreementParty(agreement=agreement, party=entry["party"])
        membership.role = entry.get("role") or PartyRole.SIGNATORY
        membership.signed_by = entry.get("signed_by", membership.signed_by) or ""
        membership.joined_on = entry.get("joined_on", membership.joined_on)
        membership.note = entry.get("note", membership.note) or ""
        membership.full_clean(exclude=["agreement"])
        membership.save()


def _set_sources(agreement: Agreement, sources: Iterable[dict[str, Any]]) -> None:
    agreement.sources.all().delete()
    for data in sources:
        source = Source(agreement=agreement, **data)
        source.full_clean(exclude=["agreement"])
        source.save()


@transaction.atomic
def agreement_create(
    *,
    data: dict[str, Any],
    parties: Iterable[dict[str, Any]] = (),
    minerals: Iterable[Mineral] = (),
    stages: Iterable = (),
    sources: Iterable[dict[str, Any]] = (),
    milestones: Iterable[dict[str, Any]] = (),
) -> Agreement:
    """Creates an agreement with its relations in one transaction: all or nothing."""
    agreement = agreement_save(agreement=Agreement(**data))
    agreement_set_parties(agreement=agreement, parties=parties)
    agreement.minerals.set(minerals)
    agreement.stages.set(stages)
    _set_sources(agreement, sources)
    errors = {}
    for index, milestone_data in enumerate(milestones):
        try:
            milestone_create(agreement=agreement, data=milestone_data)
        except ValidationError as error:
            errors[f"milestones[{index}]"] = error.messages
    if errors:
        raise ValidationError(errors)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    data: dict[str, Any],
    parties: Iterable[dict[str, Any]] | None = None,
    minerals: Iterable[Mineral] | None = None,
    stages: Iterable | None = None,
    sources: Iterable[dict[str, Any]] | None = None,
) -> Agreement:
    """Updates the given fields; relations given as None stay as they are."""
    anchors_before = _anchor_dates(agreement)
    for field, value in data.items():
        setattr(agreement, field, value)
    agreement_save(agreement=agreement, anchors_before=anchors_before)
    if parties is not None:
        agreement_set_parties(agreement=agreement, parties=parties)
    if minerals is not None:
        agreement.minerals.set(minerals)
    if stages is not None:
        agreement.stages.set(stages)
    if sources is not None:
        _set_sources(agreement, sources)
    return agreement
