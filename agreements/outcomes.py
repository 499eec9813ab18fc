"""Was the promise kept? The outcome of one milestone, from its evidence, deadline and today.

Pure functions, no ORM: the admin, the API, the pages, the feed and the notifications call
`milestone_outcome`. `querysets.outcome_expression` is the same rule in SQL (filters and
scorecards); tests/agreements/test_outcomes.py holds both equal on real rows.

Order of the rules (docs/outcomes.md):
1. status `cancelled` → `cancelled`;
2. `expiry` milestones → `waiting` (no date yet), `ended` (date passed) or `active`;
3. no deadline stated in the text → `met_no_deadline` (a `fulfils` item), `partly_met`, `missed`
   (a `contradicts` item) or `no_deadline`; never on time or late;
4. no deadline yet (its anchor date is unknown) → `waiting`;
5. a `fulfils` item → `met_on_time` (fulfilled on or before the deadline) or `met_late`;
   later `contradicts` items leave it met;
6. a `partly_fulfils` item → `partly_met`;
7. a `contradicts` item → `missed`;
8. deadline before today → `overdue_no_evidence`; otherwise `not_yet_due`.
`related` items change nothing.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from agreements.choices import EvidenceVerdict, MilestoneKind, MilestoneStatus, Outcome


@dataclasses.dataclass(frozen=True)
class EvidenceSummary:
    """What the outcome needs from a milestone's evidence items."""

    fulfilled_on: datetime.date | None = None  # the earliest `fulfils` item's date
    partly_fulfilled_on: datetime.date | None = None  # the earliest `partly_fulfils` item's date
    contradicted: bool = False

    @classmethod
    def of(cls, items: Iterable[tuple[str, datetime.date]]) -> "EvidenceSummary":
        """From (verdict, occurred_on) pairs."""
        fulfilled, partly, contradicted = [], [], False
        for verdict, occurred_on in items:
            if verdict == EvidenceVerdict.FULFILS:
                fulfilled.append(occurred_on)
            elif verdict == EvidenceVerdict.PARTLY_FULFILS:
                partly.append(occurred_on)
            elif verdict == EvidenceVerdict.CONTRADICTS:
                contradicted = True
        return cls(min(fulfilled, default=None), min(partly, default=None), contradicted)


@dataclasses.dataclass(frozen=True)
class MilestoneOutcome:
    outcome: str
    days_late: int | None = None


def _days_after(later: datetime.date, deadline: datetime.date) -> int:
    return max((later - deadline).days, 0)


def milestone_outcome(
    *,
    kind: str,
    status: str,
    deadline: datetime.date | None,
    evidence: EvidenceSummary,
    today: datetime.date,
    deadline_stated: bool = True,
) -> MilestoneOutcome:
    """The outcome and the days late, by the rules above."""
    if status == MilestoneStatus.CANCELLED:
        return MilestoneOutcome(Outcome.CANCELLED)
    if kind == MilestoneKind.EXPIRY:
        if deadline is None:
            return MilestoneOutcome(Outcome.WAITING)
        return MilestoneOutcome(Outcome.ENDED if deadline < today else Outcome.ACTIVE)
    if not deadline_stated:
        if evidence.fulfilled_on is not None:
            return MilestoneOutcome(Outcome.MET_NO_DEADLINE)
        if evidence.partly_fulfilled_on is not None:
            return MilestoneOutcome(Outcome.PARTLY_MET)
        if evidence.contradicted:
            return MilestoneOutcome(Outcome.MISSED)
        return MilestoneOutcome(Outcome.NO_DEADLINE)
    if deadline is None:
        return MilestoneOutcome(Outcome.WAITING)
    if evidence.fulfilled_on is not None:
        if evidence.fulfilled_on <= deadline:
            return MilestoneOutcome(Outcome.MET_ON_TIME, 0)
        return MilestoneOutcome(Outcome.MET_LATE, (evidence.fulfilled_on - deadline).days)
    if evidence.partly_fulfilled_on is not None:
        return MilestoneOutcome(Outcome.PARTLY_MET, _days_after(evidence.partly_fulfilled_on, deadline))
    if evidence.contradicted:
        return MilestoneOutcome(Outcome.MISSED, (today - deadline).days if deadline < today else None)
    if deadline < today:
        return MilestoneOutcome(Outcome.OVERDUE_NO_EVIDENCE, (today - deadline).days)
    return MilestoneOutcome(Outcome.NOT_YET_DUE)


MET_OUTCOMES = (Outcome.MET_ON_TIME, Outcome.MET_LATE)
NOT_COUNTED_OUTCOMES = (
    Outcome.CANCELLED,
    Outcome.WAITING,
    Outcome.ACTIVE,
    Outcome.ENDED,
    Outcome.MET_NO_DEADLINE,
    Outcome.NO_DEADLINE,
)


def is_due(*, outcome: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """Counted in a scorecard's `due`: fulfilled, or its deadline has passed (cancelled, waiting,
    expiries and commitments without a stated deadline never count: nothing could be on time)."""
    if outcome in NOT_COUNTED_OUTCOMES:
        return False
    return outcome in MET_OUTCOMES or (deadline is not None and deadline < today)
