"""Scorecards: how many commitments were kept, by party, agreement, instrument kind or year.

One GROUP BY over `MilestoneQuerySet.with_outcome(today)` (the SQL twin of the outcome rule), so
the numbers agree with each row's outcome. Only commitments count. By party, a commitment
counts for its responsible party (`attribution: responsible`) or, when none is named, for every
party of its agreement (`attribution: joint`): one result per party and attribution.

Money totals are split by payer, firmness, currency and qualifier: "up to" and "at least" are
never summed into one number.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext

from agreements.choices import InstrumentKind, MilestoneKind, Outcome
from agreements.models import Instrument, Milestone
from agreements.outcomes import MET_OUTCOMES, NOT_COUNTED_OUTCOMES

SCORECARD_GROUPS = ("party", "agreement", "instrument_kind", "year")
COMMITMENT_OUTCOMES = [outcome for outcome in Outcome if outcome not in (Outcome.ACTIVE, Outcome.ENDED)]


@dataclasses.dataclass
class Scorecard:
    key: str | None
    label: str
    counts: dict[str, int]
    due: int
    attribution: str | None = None

    @property
    def met_on_time(self) -> int:
        return self.counts[Outcome.MET_ON_TIME]

    @property
    def met_late(self) -> int:
        return self.counts[Outcome.MET_LATE]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kept_on_time_rate(self) -> float | None:
        """met_on_time / due; None when nothing is due yet."""
        return round(self.met_on_time / self.due, 4) if self.due else None


def due_q(today: datetime.date) -> Q:
    """outcomes.is_due in SQL: fulfilled, or past its deadline (never cancelled or waiting)."""
    return ~Q(outcome__in=NOT_COUNTED_OUTCOMES) & (Q(outcome__in=MET_OUTCOMES) | Q(deadline__lt=today))


def _is_due(today: datetime.date) -> Case:
    return Case(When(due_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())


def _fold(grouped, *, label, attribution=None) -> list[Scorecard]:
    """Rows of (key, label columns, outcome, is_due, n) into one Scorecard per key.

    Grouping by the outcome (rather than one filtered COUNT per outcome) evaluates the outcome's
    CASE and its evidence subqueries once per row instead of once per aggregate."""
    cards: dict = {}
    for row in grouped:
        card = cards.get(row["key"])
        if card is None:
            counts = {outcome.value: 0 for outcome in COMMITMENT_OUTCOMES}
            card = cards[row["key"]] = Scorecard(
                key=row["key"], label=label(row), counts=counts, due=0, attribution=attribution
            )
        card.counts[row["outcome"]] += row["n"]
        card.due += row["n"] if row["is_due"] else 0
    return list(cards.values())


def _grouped(rows: QuerySet, today: datetime.date, **keys):
    return rows.annotate(is_due=_is_due(today)).values("outcome", "is_due", **keys).annotate(n=Count("pk")).order_by()


def scorecards(milestones: QuerySet[Milestone], *, by: str, today: datetime.date) -> list[Scorecard]:
    """The scorecards of the commitments among `milestones`, grouped `by` one of SCORECARD_GROUPS."""
    if by not in SCORECARD_GROUPS:
        raise ValueError(f"by must be one of {SCORECARD_GROUPS}")
    rows = milestones.filter(kind=MilestoneKind.COMMITMENT).with_outcome(today).order_by()
    if by == "agreement":
        grouped = _grouped(
            rows, today, key=F("agreement__slug"), full_title=F("agreement__title"), short=F("agreement__short_title")
        )
        result = _fold(grouped, label=lambda row: row["short"] or row["full_title"])
    elif by == "instrument_kind":
        labels = dict(InstrumentKind.choices)
        grouped = _grouped(rows, today, key=F("instrument__kind"))
        result = _fold(grouped, label=lambda row: str(labels.get(row["key"], _no_instrument())))
    elif by == "year":
        grouped = list(_grouped(rows, today, year=ExtractYear("deadline")))
        for row in grouped:
            row["key"] = str(row["year"]) if row["year"] else None
        result = _fold(grouped, label=lambda row: str(row["year"] or _no_deadline()))
    else:
        result = _party_cards(rows, today)
    return sorted(result, key=_sort_key(by))


def _party_cards(rows: QuerySet, today: datetime.date) -> list[Scorecard]:
    responsible = _grouped(
        rows.filter(responsible__isnull=False), today, key=F("responsible__slug"), label=F("responsible__name")
    )
    joint = _grouped(
        rows.filter(responsible__isnull=True),
        today,
        key=F("agreement__memberships__party__slug"),
        label=F("agreement__memberships__party__name"),
    )
    joint = [row for row in joint if row["key"] is not None]  # an agreement without parties
    return _fold(responsible, label=lambda row: row["label"], attribution="responsible") + _fold(
        joint, label=lambda row: row["label"], attribution="joint"
    )


def _sort_key(by: str):
    if by == "year":
        return lambda card: (card.key is None, card.key or "")
    return lambda card: (card.key is None, str(card.label).casefold(), card.key or "", card.attribution or "")


def _no_instrument() -> str:
    return gettext("No instrument named")


def _no_deadline() -> str:
    return gettext("No deadline yet")


@dataclasses.dataclass(frozen=True)
class MoneyTotal:
    payer: str | None  # party slug
    payer_name: str | None
    firmness: str
    currency: str
    amount_qualifier: str
    total: Decimal
    instruments: int


def money_totals(instruments: QuerySet[Instrument]) -> list[MoneyTotal]:
    """Sums of `amount`, split by payer, firmness, currency and qualifier (never across them)."""
    grouped = (
        instruments.filter(amount__isnull=False)
        .order_by()
        .values(
            payer_slug=F("payer__slug"),
            payer_label=F("payer__name"),
            firm=F("firmness"),
            cur=F("currency"),
            qualifier=F("amount_qualifier"),
        )
        .annotate(total=Coalesce(Sum("amount"), Value(Decimal(0))), n=Count("pk"))
    )
    totals = [
        MoneyTotal(
            payer=row["payer_slug"],
            payer_name=row["payer_label"],
            firmness=row["firm"],
            currency=row["cur"],
            amount_qualifier=row["qualifier"],
            total=row["total"],
            instruments=row["n"],
        )
        for row in grouped
    ]
    return sorted(
        totals, key=lambda t: (t.payer_name is None, t.payer_name or "", t.firmness, t.currency, t.amount_qualifier)
    )
