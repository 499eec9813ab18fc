"""The outcome rule (outcomes.milestone_outcome), its SQL twin (querysets.outcome_expression), the
evidence service that makes the status follow the evidence, and the scorecards and overdue job
agreeing with the per-row rule on the same rows. Real PostgreSQL throughout."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from agreements.choices import DeadlineAnchor, EvidenceVerdict, MilestoneKind, MilestoneStatus, Outcome
from agreements.deadlines import is_overdue
from agreements.models import Milestone
from agreements.outcomes import EvidenceSummary, is_due, milestone_outcome
from agreements.services import evidence as evidence_service
from agreements.services import flag_overdue
from agreements.services.scorecards import scorecards
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory, PartyFactory

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 5, 15)
DEADLINE = datetime.date(2026, 4, 26)


def outcome(*, deadline=DEADLINE, kind=MilestoneKind.COMMITMENT, status=MilestoneStatus.PENDING, items=()):
    result = milestone_outcome(
        kind=kind, status=status, deadline=deadline, evidence=EvidenceSummary.of(items), today=TODAY
    )
    return result.outcome, result.days_late


# --- the rule table, one row at a time (pure function) --------------------------------------


def test_evidence_on_the_deadline_day_is_on_time():
    assert outcome(items=[(EvidenceVerdict.FULFILS, DEADLINE)]) == (Outcome.MET_ON_TIME, 0)


def test_evidence_the_day_after_is_one_day_late():
    assert outcome(items=[(EvidenceVerdict.FULFILS, DEADLINE + DAY)]) == (Outcome.MET_LATE, 1)


def test_the_earliest_fulfils_item_decides():
    items = [(EvidenceVerdict.FULFILS, DEADLINE + 10 * DAY), (EvidenceVerdict.FULFILS, DEADLINE - DAY)]
    assert outcome(items=items) == (Outcome.MET_ON_TIME, 0)


def test_met_late_counts_days_from_the_deadline_not_from_today():
    # The EU–US MoU shape: promised within 30 days, delivered 49 days late.
    assert outcome(items=[(EvidenceVerdict.FULFILS, DEADLINE + 49 * DAY)]) == (Outcome.MET_LATE, 49)


def test_related_evidence_changes_nothing():
    assert outcome(items=[(EvidenceVerdict.RELATED, DEADLINE - DAY)]) == outcome(items=())
    assert outcome(items=()) == (Outcome.OVERDUE_NO_EVIDENCE, (TODAY - DEADLINE).days)
    future = TODAY + 30 * DAY
    assert outcome(deadline=future, items=[(EvidenceVerdict.RELATED, TODAY)]) == (Outcome.NOT_YET_DUE, None)


def test_a_contradicts_item_after_a_fulfils_one_leaves_it_met():
    items = [(EvidenceVerdict.FULFILS, DEADLINE - DAY), (EvidenceVerdict.CONTRADICTS, DEADLINE + 5 * DAY)]
    assert outcome(items=items) == (Outcome.MET_ON_TIME, 0)


def test_partly_met_counts_days_late_from_its_date_or_zero():
    assert outcome(items=[(EvidenceVerdict.PARTLY_FULFILS, DEADLINE + 3 * DAY)]) == (Outcome.PARTLY_MET, 3)
    assert outcome(items=[(EvidenceVerdict.PARTLY_FULFILS, DEADLINE - 3 * DAY)]) == (Outcome.PARTLY_MET, 0)


def test_missed_needs_a_contradicts_item_and_counts_days_only_once_past():
    assert outcome(items=[(EvidenceVerdict.CONTRADICTS, DEADLINE)]) == (Outcome.MISSED, (TODAY - DEADLINE).days)
    future = TODAY + 10 * DAY
    assert outcome(deadline=future, items=[(EvidenceVerdict.CONTRADICTS, TODAY)]) == (Outcome.MISSED, None)


def test_deadline_today_is_not_yet_due_and_yesterday_is_overdue():
    assert outcome(deadline=TODAY) == (Outcome.NOT_YET_DUE, None)
    assert outcome(deadline=TODAY - DAY) == (Outcome.OVERDUE_NO_EVIDENCE, 1)


def test_no_deadline_yet_is_waiting_and_cancelled_wins_over_everything():
    assert outcome(deadline=None) == (Outcome.WAITING, None)
    fulfilled = [(EvidenceVerdict.FULFILS, DEADLINE)]
    assert outcome(status=MilestoneStatus.CANCELLED, items=fulfilled) == (Outcome.CANCELLED, None)


def test_a_commitment_without_a_stated_deadline_is_met_or_open_but_never_on_time_or_late():
    def undated(items=()):
        result = milestone_outcome(
            kind=MilestoneKind.COMMITMENT,
            status=MilestoneStatus.PENDING,
            deadline=None,
            evidence=EvidenceSummary.of(items),
            today=TODAY,
            deadline_stated=False,
        )
        return result.outcome, result.days_late

    assert undated() == (Outcome.NO_DEADLINE, None)
    assert undated([(EvidenceVerdict.FULFILS, TODAY - DAY)]) == (Outcome.MET_NO_DEADLINE, None)
    assert undated([(EvidenceVerdict.PARTLY_FULFILS, TODAY)]) == (Outcome.PARTLY_MET, None)
    assert undated([(EvidenceVerdict.CONTRADICTS, TODAY)]) == (Outcome.MISSED, None)
    assert not is_due(outcome=Outcome.MET_NO_DEADLINE, deadline=None, today=TODAY)


def test_expiries_are_active_until_their_date_then_ended():
    assert outcome(kind=MilestoneKind.EXPIRY, deadline=TODAY) == (Outcome.ACTIVE, None)
    assert outcome(kind=MilestoneKind.EXPIRY, deadline=TODAY - DAY) == (Outcome.ENDED, None)
    assert outcome(kind=MilestoneKind.EXPIRY, deadline=None) == (Outcome.WAITING, None)


def test_due_counts_fulfilled_or_past_deadline_only():
    assert is_due(outcome=Outcome.MET_ON_TIME, deadline=TODAY + DAY, today=TODAY)
    assert is_due(outcome=Outcome.OVERDUE_NO_EVIDENCE, deadline=TODAY - DAY, today=TODAY)
    assert not is_due(outcome=Outcome.MISSED, deadline=TODAY + DAY, today=TODAY)
    assert not is_due(outcome=Outcome.NOT_YET_DUE, deadline=TODAY, today=TODAY)
    assert not is_due(outcome=Outcome.ENDED, deadline=TODAY - DAY, today=TODAY)


# --- the SQL twin equals the function on real rows ------------------------------------------

EVIDENCE_SETS = {
    "none": (),
    "related": ((EvidenceVerdict.RELATED, -5),),
    "fulfils_early": ((EvidenceVerdict.FULFILS, -1),),
    "fulfils_on_day": ((EvidenceVerdict.FULFILS, 0),),
    "fulfils_late": ((EvidenceVerdict.FULFILS, 7), (EvidenceVerdict.RELATED, -3)),
    "fulfils_then_contradicts": ((EvidenceVerdict.FULFILS, 2), (EvidenceVerdict.CONTRADICTS, 4)),
    "partly_late": ((EvidenceVerdict.PARTLY_FULFILS, 3),),
    "partly_early": ((EvidenceVerdict.PARTLY_FULFILS, -3),),
    "partly_and_contradicts": ((EvidenceVerdict.CONTRADICTS, -2), (EvidenceVerdict.PARTLY_FULFILS, 1)),
    "contradicts": ((EvidenceVerdict.CONTRADICTS, -2),),
}


def _grid(agreement, waiting_agreement):
    """Every kind × status × deadline (past, today, future, none) × evidence set, as rows."""
    offsets = (-40, -1, 0, 1, 30, None, "unknown", "not_stated")
    rows = []
    for kind, status, offset, evidence in itertools.product(
        MilestoneKind.values, MilestoneStatus.values, offsets, EVIDENCE_SETS
    ):
        completed_on = TODAY - 50 * DAY if status == MilestoneStatus.COMPLETED else None
        if offset in (None, "unknown"):  # counts from an entry into force not yet happened, or from we don't know when
            milestone = MilestoneFactory(
                agreement=waiting_agreement,
                kind=kind,
                status=status,
                completed_on=completed_on,
                due_on=None,
                offset_months=3,
                anchor=DeadlineAnchor.ENTRY_INTO_FORCE if offset is None else DeadlineAnchor.UNKNOWN,
            )
            base = TODAY
        elif offset == "not_stated":
            milestone = MilestoneFactory(
                agreement=agreement,
                kind=kind,
                status=status,
                completed_on=completed_on,
                due_on=None,
                deadline_stated=False,
            )
            base = TODAY - 20 * DAY
        else:
            deadline = TODAY + offset * DAY
            milestone = MilestoneFactory(
                agreement=agreement, kind=kind, status=status, completed_on=completed_on, due_on=deadline
            )
            base = deadline
        for verdict, days in EVIDENCE_SETS[evidence]:
            EvidenceFactory(milestone=milestone, verdict=verdict, occurred_on=min(base + days * DAY, TODAY))
        rows.append(milestone)
    return rows


@pytest.mark.django_db
def test_with_outcome_equals_milestone_outcome_on_every_combination():
    agreement = AgreementFactory(signed_on=datetime.date(2025, 1, 10))
    waiting = AgreementFactory(signed_on=datetime.date(2025, 1, 10), entered_into_force_on=None)
    _grid(agreement, waiting)
    rows = list(Milestone.objects.with_outcome(TODAY).prefetch_related("evidence").order_by("pk"))
    assert len(rows) == len(MilestoneKind.values) * len(MilestoneStatus.values) * 8 * len(EVIDENCE_SETS)
    seen = set()
    for row in rows:
        expected = row.outcome_on(TODAY)
        assert (row.outcome, row.days_late) == (expected.outcome, expected.days_late), (
            row.kind,
            row.status,
            row.deadline,
            [(e.verdict, e.occurred_on) for e in row.evidence.all()],
        )
        seen.add(row.outcome)
    assert seen == set(Outcome.values)  # the grid reaches every outcome

    for value in Outcome.values:  # filtering on the annotation finds the same rows
        by_sql = set(Milestone.objects.with_outcome(TODAY).filter(outcome=value).values_list("pk", flat=True))
        assert by_sql == {row.pk for row in rows if row.outcome == value}


@pytest.mark.django_db
def test_a_deadline_counted_from_entry_into_force_waits_for_the_date_and_then_moves(pinned_today):
    from agreements.services import agreement_update

    agreement = AgreementFactory(signed_on=datetime.date(2025, 10, 28), entered_into_force_on=None)
    milestone = MilestoneFactory(
        agreement=agreement, due_on=None, offset_days=90, anchor=DeadlineAnchor.ENTRY_INTO_FORCE
    )
    milestone.refresh_from_db()
    assert milestone.deadline is None
    assert Milestone.objects.with_outcome(pinned_today).get(pk=milestone.pk).outcome == Outcome.WAITING

    agreement_update(agreement=agreement, data={"entered_into_force_on": datetime.date(2026, 1, 1)})
    milestone.refresh_from_db()
    assert milestone.deadline == datetime.date(2026, 4, 1)  # 90 days after 1 January: day 0 is the anchor

    agreement_update(agreement=agreement, data={"entered_into_force_on": None})
    milestone.refresh_from_db()
    assert milestone.deadline is None


# --- the status follows the evidence (services/evidence.py) ---------------------------------


@pytest.fixture
def late_commitment(pinned_today):
    return MilestoneFactory(due_on=pinned_today - 20 * DAY)


def _add(milestone, verdict, occurred_on, **extra):
    return evidence_service.evidence_create(
        data={
            "milestone": milestone,
            "occurred_on": occurred_on,
            "summary": "Reported",
            "verdict": verdict,
            "grade": "primary",
            "source_url": "https://example.org/statement",
            **extra,
        }
    )


@pytest.mark.django_db
def test_a_fulfils_item_completes_the_milestone_and_removing_it_reopens_it(late_commitment, pinned_today):
    item = _add(late_commitment, EvidenceVerdict.FULFILS, late_commitment.deadline + 3 * DAY)
    late_commitment.refresh_from_db()
    assert (late_commitment.status, late_commitment.completed_on) == (MilestoneStatus.COMPLETED, item.occurred_on)
    assert late_commitment.last_checked_on == pinned_today
    assert late_commitment.outcome_on(pinned_today).outcome == Outcome.MET_LATE

    evidence_service.evidence_delete(evidence=item)
    late_commitment.refresh_from_db()
    assert (late_commitment.status, late_commitment.completed_on) == (MilestoneStatus.PENDING, None)
    assert late_commitment.outcome_on(pinned_today).outcome == Outcome.OVERDUE_NO_EVIDENCE


@pytest.mark.django_db
def test_an_earlier_fulfils_item_moves_the_completion_date(late_commitment):
    _add(late_commitment, EvidenceVerdict.FULFILS, late_commitment.deadline + 3 * DAY)
    _add(late_commitment, EvidenceVerdict.FULFILS, late_commitment.deadline - DAY)
    late_commitment.refresh_from_db()
    assert late_commitment.completed_on == late_commitment.deadline - DAY


@pytest.mark.django_db
def test_related_evidence_leaves_the_status_and_the_outcome(late_commitment, pinned_today):
    _add(late_commitment, EvidenceVerdict.RELATED, pinned_today - DAY)
    late_commitment.refresh_from_db()
    assert late_commitment.status == MilestoneStatus.PENDING
    assert late_commitment.outcome_on(pinned_today).outcome == Outcome.OVERDUE_NO_EVIDENCE
    assert late_commitment.last_checked_on == pinned_today  # someone looked


@pytest.mark.django_db
def test_evidence_from_the_future_or_without_a_source_is_refused_and_nothing_is_written(late_commitment, pinned_today):
    with pytest.raises(ValidationError) as error:
        _add(late_commitment, EvidenceVerdict.FULFILS, pinned_today + DAY)
    assert "occurred_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _add(late_commitment, EvidenceVerdict.FULFILS, pinned_today, source_url="")
    assert "source_url" in error.value.message_dict
    late_commitment.refresh_from_db()
    assert late_commitment.evidence.count() == 0
    assert late_commitment.status == MilestoneStatus.PENDING


@pytest.mark.django_db
def test_mark_checked_records_the_day(late_commitment, pinned_today):
    changed = evidence_service.milestones_mark_checked(milestones=Milestone.objects.filter(pk=late_commitment.pk))
    late_commitment.refresh_from_db()
    assert (changed, late_commitment.last_checked_on) == (1, pinned_today)


# --- scorecards and the overdue job agree with the per-row rule --------------------------------


@pytest.mark.django_db
def test_scorecards_count_what_the_per_row_rule_says():
    agreement = AgreementFactory(signed_on=datetime.date(2025, 1, 10))
    waiting = AgreementFactory(signed_on=datetime.date(2025, 1, 10), entered_into_force_on=None)
    _grid(agreement, waiting)
    rows = list(Milestone.objects.commitments().prefetch_related("evidence"))
    per_row = {}
    due = {}
    for row in rows:
        result = row.outcome_on(TODAY).outcome
        per_row.setdefault(row.agreement.slug, {}).setdefault(result, 0)
        per_row[row.agreement.slug][result] += 1
        due[row.agreement.slug] = due.get(row.agreement.slug, 0) + is_due(
            outcome=result, deadline=row.deadline, today=TODAY
        )
    cards = scorecards(Milestone.objects.all(), by="agreement", today=TODAY)
    assert {card.key for card in cards} == set(per_row)
    for card in cards:
        assert {k: v for k, v in card.counts.items() if v} == per_row[card.key]
        assert card.due == due[card.key]
        assert card.kept_on_time_rate == (round(card.met_on_time / card.due, 4) if card.due else None)
    assert any(card.due for card in cards)
    # Expiries and reviews never count.
    assert sum(card.total for card in cards) == len(rows)


@pytest.mark.django_db
def test_party_scorecards_credit_the_responsible_party_or_every_party_jointly():
    us, jp, au = PartyFactory(slug="us", iso_code="US"), PartyFactory(slug="jp", iso_code="JP"), PartyFactory()
    agreement = AgreementFactory(parties=[us, jp])
    MilestoneFactory(agreement=agreement, responsible=us, due_on=TODAY - DAY)  # overdue, the US's
    joint = MilestoneFactory(agreement=agreement, due_on=TODAY - 10 * DAY)  # nobody named: both
    EvidenceFactory(milestone=joint, verdict=EvidenceVerdict.FULFILS, occurred_on=joint.deadline)
    MilestoneFactory(agreement=AgreementFactory(parties=[au]), responsible=jp, due_on=TODAY + DAY)

    cards = {(c.key, c.attribution): c for c in scorecards(Milestone.objects.all(), by="party", today=TODAY)}

    assert set(cards) == {("us", "responsible"), ("us", "joint"), ("jp", "joint"), ("jp", "responsible")}
    assert cards["us", "responsible"].counts[Outcome.OVERDUE_NO_EVIDENCE] == 1
    assert cards["us", "joint"].met_on_time == cards["jp", "joint"].met_on_time == 1
    assert cards["jp", "responsible"].counts[Outcome.NOT_YET_DUE] == 1
    assert cards["jp", "responsible"].kept_on_time_rate is None  # nothing due yet
    assert cards["us", "joint"].kept_on_time_rate == 1.0


@pytest.mark.django_db
def test_the_overdue_job_flags_exactly_the_open_past_commitments_the_rule_calls_late():
    agreement = AgreementFactory(signed_on=datetime.date(2025, 1, 10))
    waiting = AgreementFactory(signed_on=datetime.date(2025, 1, 10), entered_into_force_on=None)
    _grid(agreement, waiting)
    flag_overdue(today=TODAY, now=datetime.datetime(2026, 5, 15, 6, tzinfo=datetime.UTC))
    flagged = set(Milestone.objects.filter(overdue_since__isnull=False).values_list("pk", flat=True))
    rows = list(Milestone.objects.prefetch_related("evidence"))
    assert flagged == {
        row.pk for row in rows if is_overdue(kind=row.kind, status=row.status, deadline=row.deadline, today=TODAY)
    }
    # Rows as the evidence service keeps them (a fulfils item completes the milestone): flagged
    # exactly when the outcome says late and undelivered.
    consistent = [row for row in rows if row.outcome_on(TODAY).outcome not in (Outcome.MET_ON_TIME, Outcome.MET_LATE)]
    late_outcomes = (Outcome.OVERDUE_NO_EVIDENCE, Outcome.MISSED, Outcome.PARTLY_MET)
    late = {
        row.pk
        for row in consistent
        if row.kind == MilestoneKind.COMMITMENT
        and row.status in (MilestoneStatus.PENDING, MilestoneStatus.IN_PROGRESS)
        and row.outcome_on(TODAY).outcome in late_outcomes
        and row.deadline is not None
        and row.deadline < TODAY
    }
    assert late and late == flagged & {row.pk for row in consistent}
    assert set(Milestone.objects.filter(pk__in=flagged).values_list("kind", flat=True)) == {MilestoneKind.COMMITMENT}


@pytest.mark.django_db
def test_the_completion_by_evidence_is_in_the_milestones_history(late_commitment):
    versions = late_commitment.history.count()
    _add(late_commitment, EvidenceVerdict.FULFILS, late_commitment.deadline)
    latest = late_commitment.history.latest("history_date")
    assert late_commitment.history.count() == versions + 1
    assert (latest.status, latest.completed_on) == (MilestoneStatus.COMPLETED, late_commitment.deadline)
