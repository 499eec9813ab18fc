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

from django.db.models import Count, F, Q, QuerySet, Sum, Value
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


def _due_q(today: datetime.date) -> Q:
    """outcomes.is_due in SQL: fulfilled, or past its deadline (never cancelled or waiting)."""
    return ~Q(outcome__in=NOT_COUNTED_OUTCOMES) & (Q(outcome__in=MET_OUTCOMES) | Q(deadline__lt=today))


def _aggregates(today: datetime.date) -> dict:
    counts = {f"n_{outcome}": Count("pk", filter=Q(outcome=outcome)) for outcome in COMMITMENT_OUTCOMES}
    return {**counts, "n_due": Count("pk", filter=_due_q(today))}


def _card(row: dict, *, key, label, attribution=None) -> Scorecard:
    return Scorecard(
        key=key,
        label=label,
        counts={outcome.value: row[f"n_{outcome}"] for outcome in COMMITMENT_OUTCOMES},
        due=row["n_due"],
        attribution=attribution,
    )


def scorecards(milestones: QuerySet[Milestone], *, by: str, today: datetime.date) -> list[Scorecard]:
    """The scorecards of the commitments among `milestones`, grouped `by` one of SCORECARD_GROUPS."""
    if by not in SCORECARD_GROUPS:
        raise ValueError(f"by must be one of {SCORECARD_GROUPS}")
    rows = milestones.filter(kind=MilestoneKind.COMMITMENT).with_outcome(today).order_by()
    aggregates = _aggregates(today)
    if by == "agreement":
        grouped = rows.values(
            key=F("agreement__slug"), full_title=F("agreement__title"), short=F("agreement__short_title")
        )
        result = [
            _card(row, key=row["key"], label=row["short"] or row["full_title"])
            for row in grouped.annotate(**aggregates)
        ]
    elif by == "instrument_kind":
        labels = dict(InstrumentKind.choices)
        grouped = rows.values(key=F("instrument__kind")).annotate(**aggregates)
        result = [_card(row, key=row["key"], label=str(labels.get(row["key"], _no_instrument()))) for row in grouped]
    elif by == "year":
        grouped = rows.values(key=ExtractYear("deadline")).annotate(**aggregates)
        result = [
            _card(row, key=str(row["key"]) if row["key"] else None, label=str(row["key"] or _no_deadline()))
            for row in grouped
        ]
    else:
        result = _party_cards(rows, aggregates)
    return sorted(result, key=_sort_key(by))


def _party_cards(rows: QuerySet, aggregates: dict) -> list[Scorecard]:
    responsible = (
        rows.filter(responsible__isnull=False)
        .values(key=F("responsible__slug"), label=F("responsible__name"))
        .annotate(**aggregates)
    )
    joint = (
        rows.filter(responsible__isnull=True)
        .values(key=F("agreement__memberships__party__slug"), label=F("agreement__memberships__party__name"))
        .filter(key__isnull=False)
        .annotate(**aggregates)
    )
    return [_card(row, key=row["key"], label=row["label"], attribution="responsible") for row in responsible] + [
        _card(row, key=row["key"], label=row["label"], attribution="joint") for row in joint
    ]


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
