"""What is new: the window of the last N days and when a milestone's outcome changed in it.

Pure functions, no ORM. The dashboard's "New in the last 30 days" and the milestones' filter
`outcome_changed_within` use them through `services/freshness.py`;
`MilestoneQuerySet.outcome_changed_between` is the same rule in SQL, and
tests/agreements/test_freshness.py holds both equal on real rows.

The window of the last `days` days ends today and starts `days` days before it, both included:
with 30 days, a day 30 days ago is in, one 31 days ago is out.

An outcome changed in a window when its outcome on the window's last day differs from its
outcome on the day before the window began, each as `outcomes.milestone_outcome` gives it on that
day from the evidence dated by then (outcomes are derived, never stored, so this is the only
history they have). What can change it, then, is a day passing or an item dated in the window:
- a deadline passing: a commitment due and not delivered becomes overdue on the day after its
  deadline; an expiry ends on the day after its date;
- a `fulfils`, `partly_fulfils` or `contradicts` item dated in the window.
Each counts only when the outcome comes out different: a deadline that passes after an on-time
delivery changes nothing, and `related` items never do. Evidence recorded in the window about an
earlier event changes no outcome in it (the dashboard counts it as evidence recorded). Status,
kind and deadline are taken as they stand today.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from agreements.outcomes import EvidenceSummary, milestone_outcome

NEW_WITHIN_DAYS = 30


@dataclasses.dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date

    @property
    def day_before(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def last_days(today: datetime.date, days: int = NEW_WITHIN_DAYS) -> Window:
    """The last `days` days up to `today`, both ends included (30: from 30 days ago to today)."""
    return Window(today - datetime.timedelta(days=days), today)


def outcome_on(
    *,
    day: datetime.date,
    kind: str,
    status: str,
    deadline: datetime.date | None,
    deadline_stated: bool,
    evidence: Iterable[tuple[str, datetime.date]],
) -> str:
    """The outcome `milestone_outcome` gives on `day`, from the (verdict, occurred_on) items dated by then."""
    summary = EvidenceSummary.of((verdict, occurred_on) for verdict, occurred_on in evidence if occurred_on <= day)
    return milestone_outcome(
        kind=kind, status=status, deadline=deadline, evidence=summary, today=day, deadline_stated=deadline_stated
    ).outcome


def outcome_change(
    *,
    window: Window,
    kind: str,
    status: str,
    deadline: datetime.date | None,
    deadline_stated: bool,
    evidence: Iterable[tuple[str, datetime.date]],
) -> tuple[str, str] | None:
    """(outcome before, outcome at the end) when the outcome changed in `window`, else None."""
    evidence = list(evidence)
    row = {"kind": kind, "status": status, "deadline": deadline, "deadline_stated": deadline_stated}
    before = outcome_on(day=window.day_before, evidence=evidence, **row)
    after = outcome_on(day=window.end, evidence=evidence, **row)
    return (before, after) if before != after else None
