"""What is new in the last 30 days: the window (day 30 in, day 31 out), the outcome-change rule
(freshness.outcome_change), its SQL twin (MilestoneQuerySet.outcome_changed_between) held equal
on real rows, and the service the dashboard uses (services/freshness.recent_changes)."""

import datetime
import itertools
import zoneinfo

import pytest
from django.conf import settings

from agreements.choices import DeadlineAnchor, EvidenceVerdict, MilestoneKind, MilestoneStatus, Outcome
from agreements.freshness import last_days, outcome_change
from agreements.models import Agreement, Evidence, Milestone
from agreements.services.freshness import recent_changes
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 12, 1)
WINDOW = last_days(TODAY)  # 2026-11-01 .. 2026-12-01


def change(*, deadline, items=(), kind=MilestoneKind.COMMITMENT, status=MilestoneStatus.PENDING, stated=True):
    return outcome_change(
        window=WINDOW, kind=kind, status=status, deadline=deadline, deadline_stated=stated, evidence=items
    )


def ago(days: int) -> datetime.date:
    return TODAY - days * DAY


# --- the window and the rule, one case at a time (pure) ---------------------------------------


def test_the_window_holds_day_30_and_not_day_31():
    assert WINDOW.start == ago(30) and WINDOW.end == TODAY
    assert ago(30) in WINDOW and TODAY in WINDOW
    assert ago(31) not in WINDOW and TODAY + DAY not in WINDOW
    assert WINDOW.day_before == ago(31)


def test_a_commitment_that_became_overdue_on_day_30_changed_and_on_day_31_did_not():
    # Overdue from the day after its deadline: a deadline 31 days ago made it overdue 30 days ago.
    assert change(deadline=ago(31)) == (Outcome.NOT_YET_DUE, Outcome.OVERDUE_NO_EVIDENCE)
    assert change(deadline=ago(32)) is None
    assert change(deadline=ago(1)) == (Outcome.NOT_YET_DUE, Outcome.OVERDUE_NO_EVIDENCE)
    assert change(deadline=TODAY) is None  # due today: overdue tomorrow


def test_a_fulfils_item_dated_on_day_30_changed_it_and_one_on_day_31_did_not():
    later = TODAY + 60 * DAY
    assert change(deadline=later, items=[(EvidenceVerdict.FULFILS, ago(30))]) == (
        Outcome.NOT_YET_DUE,
        Outcome.MET_ON_TIME,
    )
    assert change(deadline=later, items=[(EvidenceVerdict.FULFILS, ago(31))]) is None


def test_a_late_delivery_in_the_window_changes_overdue_to_met_late():
    assert change(deadline=ago(100), items=[(EvidenceVerdict.FULFILS, ago(3))]) == (
        Outcome.OVERDUE_NO_EVIDENCE,
        Outcome.MET_LATE,
    )


def test_a_deadline_passing_after_an_on_time_delivery_changes_nothing():
    assert change(deadline=ago(10), items=[(EvidenceVerdict.FULFILS, ago(40))]) is None


def test_partly_fulfils_and_contradicts_items_change_it_related_items_do_not():
    later = TODAY + 60 * DAY
    assert change(deadline=later, items=[(EvidenceVerdict.PARTLY_FULFILS, ago(5))]) == (
        Outcome.NOT_YET_DUE,
        Outcome.PARTLY_MET,
    )
    assert change(deadline=later, items=[(EvidenceVerdict.CONTRADICTS, ago(5))]) == (
        Outcome.NOT_YET_DUE,
        Outcome.MISSED,
    )
    assert change(deadline=later, items=[(EvidenceVerdict.RELATED, ago(5))]) is None


def test_an_expiry_that_ended_in_the_window_changed():
    assert change(kind=MilestoneKind.EXPIRY, deadline=ago(31)) == (Outcome.ACTIVE, Outcome.ENDED)
    assert change(kind=MilestoneKind.EXPIRY, deadline=ago(32)) is None


def test_cancelled_waiting_and_undated_commitments():
    assert change(status=MilestoneStatus.CANCELLED, deadline=ago(5)) is None
    assert change(deadline=None, items=[(EvidenceVerdict.FULFILS, ago(5))]) is None  # waiting either way
    assert change(deadline=None, stated=False, items=[(EvidenceVerdict.FULFILS, ago(5))]) == (
        Outcome.NO_DEADLINE,
        Outcome.MET_NO_DEADLINE,
    )


# --- the SQL twin equals the rule on real rows ------------------------------------------------

DEADLINES = (-60, -32, -31, -30, -1, 0, 1, 40, None, "not_stated")
EVIDENCE = {
    "none": (),
    "related_in": ((EvidenceVerdict.RELATED, 5),),
    "fulfils_day_30": ((EvidenceVerdict.FULFILS, 30),),
    "fulfils_day_31": ((EvidenceVerdict.FULFILS, 31),),
    "fulfils_old": ((EvidenceVerdict.FULFILS, 90),),
    "partly_in": ((EvidenceVerdict.PARTLY_FULFILS, 2),),
    "contradicts_in": ((EvidenceVerdict.CONTRADICTS, 0),),
    "old_fulfils_then_contradicts": ((EvidenceVerdict.FULFILS, 90), (EvidenceVerdict.CONTRADICTS, 3)),
}


def _grid():
    agreement = AgreementFactory(signed_on=datetime.date(2025, 1, 10))
    waiting = AgreementFactory(signed_on=datetime.date(2025, 1, 10), entered_into_force_on=None)
    statuses = (MilestoneStatus.PENDING, MilestoneStatus.CANCELLED)
    for kind, status, deadline, evidence in itertools.product(MilestoneKind.values, statuses, DEADLINES, EVIDENCE):
        if deadline is None:
            milestone = MilestoneFactory(
                agreement=waiting,
                kind=kind,
                status=status,
                due_on=None,
                offset_months=3,
                anchor=DeadlineAnchor.ENTRY_INTO_FORCE,
            )
        elif deadline == "not_stated":
            milestone = MilestoneFactory(
                agreement=agreement, kind=kind, status=status, due_on=None, deadline_stated=False
            )
        else:
            milestone = MilestoneFactory(agreement=agreement, kind=kind, status=status, due_on=TODAY + deadline * DAY)
        for verdict, days_ago in EVIDENCE[evidence]:
            EvidenceFactory(milestone=milestone, verdict=verdict, occurred_on=ago(days_ago))


@pytest.mark.django_db
def test_outcome_changed_between_equals_the_rule_on_every_combination():
    _grid()
    rows = list(Milestone.objects.prefetch_related("evidence").order_by("pk"))
    expected = {}
    for row in rows:
        result = change(
            kind=row.kind,
            status=row.status,
            deadline=row.deadline,
            stated=row.deadline_stated,
            items=[(item.verdict, item.occurred_on) for item in row.evidence.all()],
        )
        if result is not None:
            expected[row.pk] = result
    found = {
        row.pk: (row.outcome_before, row.outcome_after)
        for row in Milestone.objects.outcome_changed_between(WINDOW.start, WINDOW.end)
    }
    assert found == expected
    # The grid has changes and non-changes of every kind the rule names.
    assert len(expected) < len(rows)
    assert {after for _before, after in expected.values()} >= {
        Outcome.OVERDUE_NO_EVIDENCE,
        Outcome.MET_ON_TIME,
        Outcome.MET_LATE,
        Outcome.PARTLY_MET,
        Outcome.MISSED,
        Outcome.ENDED,
        Outcome.MET_NO_DEADLINE,
    }
    # The pre-filter drops nothing: with it off (every row compared) the result is the same.
    unfiltered = Milestone.objects.with_outcome_change(WINDOW.start, WINDOW.end)
    assert {row.pk for row in unfiltered if row.outcome_before != row.outcome_after} == set(expected)


# --- the service: signed, recorded and changed, among the agreements given --------------------


def _recorded(evidence: Evidence, day: datetime.date, hour: int, minute: int = 0) -> None:
    when = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    Evidence.objects.filter(pk=evidence.pk).update(created_at=when)


@pytest.mark.django_db
def test_recent_changes_counts_day_30_and_leaves_day_31_out():
    signed_in = AgreementFactory(slug="signed-in", signed_on=ago(30))
    AgreementFactory(slug="signed-out", signed_on=ago(31))
    AgreementFactory(slug="signed-tomorrow", signed_on=TODAY + DAY)
    milestone = MilestoneFactory(agreement=signed_in, due_on=ago(31))  # overdue since day 30
    MilestoneFactory(agreement=signed_in, due_on=ago(32))  # overdue since day 31
    recorded_in = EvidenceFactory(milestone=milestone, occurred_on=ago(200))
    recorded_out = EvidenceFactory(milestone=milestone, occurred_on=ago(200))
    _recorded(recorded_in, ago(30), 0, 0)  # the first minute of day 30
    _recorded(recorded_out, ago(31), 23, 59)  # the last minute of day 31

    changes = recent_changes(agreements=Agreement.objects.all(), today=TODAY)

    assert changes.window == WINDOW
    assert [a.slug for a in changes.agreements_signed] == ["signed-in"]
    assert list(changes.evidence_recorded) == [recorded_in]
    assert [(m.pk, m.outcome_before, m.outcome_after) for m in changes.outcomes_changed] == [
        (milestone.pk, Outcome.NOT_YET_DUE, Outcome.OVERDUE_NO_EVIDENCE)
    ]


@pytest.mark.django_db
def test_recent_changes_shows_only_the_agreements_given():
    draft = AgreementFactory(slug="draft", signed_on=ago(3), published=False)
    milestone = MilestoneFactory(agreement=draft, due_on=ago(5))
    _recorded(EvidenceFactory(milestone=milestone, occurred_on=ago(2), verdict=EvidenceVerdict.FULFILS), ago(2), 12)

    public = recent_changes(agreements=Agreement.objects.filter(published=True), today=TODAY)
    editors = recent_changes(agreements=Agreement.objects.all(), today=TODAY)

    assert not public.agreements_signed.exists()
    assert not public.evidence_recorded.exists()
    assert not public.outcomes_changed.exists()
    assert [a.slug for a in editors.agreements_signed] == ["draft"]
    assert editors.evidence_recorded.count() == 1
    assert [m.pk for m in editors.outcomes_changed] == [milestone.pk]
