"""Scorecards on the pages: each number of services.scorecards with a link to exactly the
milestones behind it (the deadline board filtered by scope, `kind=commitment` and outcome), and
the scorecards page (`/scorecards/`: every scorecard as bars and as a table)."""

from django import forms
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.choices import MilestoneKind, Outcome
from agreements.filters import NONE_VALUE
from agreements.models import Milestone
from agreements.outcome_text import outcome_label, outcome_shape
from agreements.services.scorecards import COMMITMENT_OUTCOMES, Scorecard, scorecards
from agreements.views.common import clean_query


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


BY_CHOICES = (
    ("party", _("Party")),
    ("agreement", _("Agreement")),
    ("instrument_kind", _("Instrument kind")),
    ("year", _("Deadline year")),
)


class ScorecardPageForm(forms.Form):
    by = forms.ChoiceField(label=_("Group by"), choices=BY_CHOICES, required=False)


def _card_scope(by: str, card: Scorecard) -> dict:
    """The board's filter for the commitments of one card."""
    if by == "party":
        return {card.attribution: card.key}
    key = card.key if card.key is not None else NONE_VALUE
    return {{"agreement": "agreement", "instrument_kind": "instrument_kind", "year": "due_year"}[by]: key}


def _card_label(by: str, card: Scorecard) -> str:
    if by != "party":
        return card.label
    if card.attribution == "joint":
        return gettext("%(party)s (jointly)") % {"party": card.label}
    return gettext("%(party)s (responsible)") % {"party": card.label}


def scorecard_page(request):
    """Every scorecard of the published commitments, grouped `?by=` party (default), agreement,
    instrument kind or deadline year: bars (static/js/charts.js) and the same numbers as a table."""
    today = timezone.localdate()
    form = ScorecardPageForm(clean_query(request.GET))
    by = (form.cleaned_data.get("by") if form.is_valid() else "") or "party"
    cards = scorecards(Milestone.objects.published(), by=by, today=today)
    shown = [
        outcome
        for outcome in COMMITMENT_OUTCOMES
        if outcome in ALWAYS_SHOWN or any(card.counts[outcome] for card in cards)
    ]
    rows = []
    for card in cards:
        scope = _card_scope(by, card)
        rows.append(
            {
                "label": _card_label(by, card),
                "cells": [
                    {"count": card.counts[outcome], "url": board_link(scope, outcome=outcome.value)}
                    for outcome in shown
                ],
                "summary": scorecard_summary(card, scope),
            }
        )
    chart = {
        "categories": [row["label"] for row in rows],
        "series": [
            {"key": outcome.value, "name": outcome_label(outcome), "data": [card.counts[outcome] for card in cards]}
            for outcome in shown
        ],
        "links": [row["summary"]["total_url"] for row in rows],
    }
    context = {
        "today": today,
        "form": form,
        "by": by,
        "by_choices": BY_CHOICES,
        "outcomes": [{"label": outcome_label(o), "shape": outcome_shape(o), "outcome": o.value} for o in shown],
        "rows": rows,
        "chart": chart,
    }
    return render(request, "agreements/scorecards.html", context, status=400 if form.errors else 200)
