"""Scorecards on the pages: each number of services.scorecards with a link to exactly the
milestones behind it (the deadline board filtered by scope, `kind=commitment` and outcome)."""

from django.http import QueryDict
from django.urls import reverse

from agreements.choices import MilestoneKind, Outcome
from agreements.outcome_text import outcome_label, outcome_shape
from agreements.services.scorecards import COMMITMENT_OUTCOMES, Scorecard


def board_link(scope: dict, **more) -> str:
    """The board filtered to the commitments of `scope` (`{"agreement": slug}`, `{"responsible":
    slug}` or `{"joint": slug}`) and `more` (`outcome=…`, `due="true"`)."""
    query = QueryDict(mutable=True)
    for key, value in {**scope, "kind": MilestoneKind.COMMITMENT, **more}.items():
        query[key] = value
    return f"{reverse('milestone-board')}?{query.urlencode()}"


# Shown even at zero, so cards line up and "0 met on time" is said; the rest only when they occur.
ALWAYS_SHOWN = {
    Outcome.MET_ON_TIME,
    Outcome.MET_LATE,
    Outcome.PARTLY_MET,
    Outcome.MISSED,
    Outcome.OVERDUE_NO_EVIDENCE,
    Outcome.NOT_YET_DUE,
}


def scorecard_rows(card: Scorecard | None, scope: dict) -> list[dict]:
    """One row per outcome a commitment can have; `always`: shown at zero too."""
    return [
        {
            "outcome": outcome.value,
            "label": outcome_label(outcome),
            "shape": outcome_shape(outcome),
            "count": card.counts.get(outcome, 0) if card else 0,
            "url": board_link(scope, outcome=outcome.value),
            "always": outcome in ALWAYS_SHOWN,
        }
        for outcome in COMMITMENT_OUTCOMES
    ]


def scorecard_summary(card: Scorecard | None, scope: dict) -> dict:
    """Total, due and the kept-on-time rate, with the links behind the first two."""
    return {
        "total": card.total if card else 0,
        "total_url": board_link(scope),
        "due": card.due if card else 0,
        "due_url": board_link(scope, due="true"),
        "met_on_time": card.met_on_time if card else 0,
        "met_on_time_url": board_link(scope, outcome="met_on_time"),
        "rate": card.kept_on_time_rate if card else None,
    }
