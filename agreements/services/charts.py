"""The numbers behind the charts and the map: one function per chart, each a GROUP BY or two.

The callers pass the rows to count (the pages pass published agreements and their milestones:
a chart cannot mark a draft). Outcomes come from `MilestoneQuerySet.with_outcome` and the
scorecards, never from a second copy of the rule.
"""

import dataclasses
import datetime
import functools
import json

import pycountry
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext

from agreements.choices import AgreementKind, MilestoneKind, Outcome, PartyKind
from agreements.models import Agreement, AgreementParty, Milestone, Party
from agreements.outcome_text import outcome_label
from agreements.services.scorecards import COMMITMENT_OUTCOMES, scorecards

WORLD_ATLAS = "vendor/world-atlas/countries-110m.json"
# A party's late commitments: kept after the deadline, or past it with no evidence.
LATE_OUTCOMES = (Outcome.MET_LATE, Outcome.OVERDUE_NO_EVIDENCE)


@dataclasses.dataclass
class Series:
    key: str
    label: str
    values: list[int]


@dataclasses.dataclass
class StackedChart:
    """Counts per quarter (`categories`, oldest first, no quarter skipped) and series."""

    categories: list[str]
    series: list[Series]
    undated: int  # rows without a date, not in any quarter

    def rows(self) -> list[dict]:
        """The table beside the chart: one row per quarter with any count."""
        rows = []
        for index, quarter in enumerate(self.categories):
            counts = [series.values[index] for series in self.series]
            if any(counts):
                rows.append({"quarter": quarter, "counts": counts, "total": sum(counts)})
        return rows

    def as_json(self) -> dict:
        return {
            "categories": self.categories,
            "series": [{"key": s.key, "name": s.label, "data": s.values} for s in self.series],
        }


def quarter_label(start: datetime.date) -> str:
    return gettext("%(year)d Q%(quarter)d") % {"year": start.year, "quarter": (start.month - 1) // 3 + 1}


def _quarters(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of every quarter from `first`'s to `last`'s (both quarter starts)."""
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        month = current.month + 3
        current = datetime.date(current.year + (month > 12), (month - 1) % 12 + 1, 1)
    return quarters


def _stack(grouped, order: list[tuple[str, str]]) -> StackedChart:
    """Rows of {"quarter", "key", "n"} into a StackedChart with a series per key in `order`
    that occurs (in that order)."""
    counts: dict[tuple[datetime.date, str], int] = {}
    undated = 0
    for row in grouped:
        if row["quarter"] is None:
            undated += row["n"]
        else:
            counts[(row["quarter"], row["key"])] = counts.get((row["quarter"], row["key"]), 0) + row["n"]
    if not counts:
        return StackedChart(categories=[], series=[], undated=undated)
    dates = {quarter for quarter, _key in counts}
    quarters = _quarters(min(dates), max(dates))
    present = {key for _quarter, key in counts}
    series = [
        Series(key=key, label=label, values=[counts.get((quarter, key), 0) for quarter in quarters])
        for key, label in order
        if key in present
    ]
    return StackedChart(categories=[quarter_label(q) for q in quarters], series=series, undated=undated)


def agreements_per_quarter(agreements: QuerySet[Agreement]) -> StackedChart:
    """`agreements` counted by the quarter they were signed in, stacked by kind."""
    grouped = (
        agreements.order_by()
        .annotate(quarter=TruncQuarter("signed_on"))
        .values("quarter", key=F("kind"))
        .annotate(n=Count("pk"))
    )
    return _stack(grouped, [(kind.value, str(kind.label)) for kind in AgreementKind])


def commitments_per_quarter(milestones: QuerySet[Milestone], *, today: datetime.date) -> StackedChart:
    """The commitments among `milestones` counted by the quarter of their deadline, stacked by
    their outcome on `today`; those without a deadline yet are `undated`."""
    grouped = (
        milestones.filter(kind=MilestoneKind.COMMITMENT)
        .with_outcome(today)
        .order_by()
        .annotate(quarter=TruncQuarter("deadline"))
        .values("quarter", key=F("outcome"))
        .annotate(n=Count("pk"))
    )
    return _stack(grouped, [(outcome.value, outcome_label(outcome)) for outcome in COMMITMENT_OUTCOMES])


@functools.cache
def atlas_country_ids() -> frozenset[str]:
    """The ISO 3166-1 numeric codes the vendored world map draws (small states are left out at
    1:110m)."""
    path = finders.find(WORLD_ATLAS)
    if path is None:
        raise ImproperlyConfigured(f"static/{WORLD_ATLAS} is missing: run `make vendor`.")
    with open(path, encoding="utf-8") as atlas:
        topology = json.load(atlas)
    return frozenset(str(shape["id"]) for shape in topology["objects"]["countries"]["geometries"] if "id" in shape)


def iso_numeric(party: Party) -> str | None:
    """The ISO 3166-1 numeric code of a country party (from its alpha-2 code), else None."""
    if party.kind != PartyKind.COUNTRY or not party.iso_code:
        return None
    country = pycountry.countries.get(alpha_2=party.iso_code)
    return country.numeric if country is not None else None


@dataclasses.dataclass
class MapRow:
    party: Party
    agreements: int
    late: int
    numeric: str | None  # the map shape's id when it is on the map
    not_on_map: str = ""  # why not, when it is not

    @property
    def on_map(self) -> bool:
        return self.numeric is not None


def party_map(
    *, agreements: QuerySet[Agreement], milestones: QuerySet[Milestone], today: datetime.date
) -> list[MapRow]:
    """Every party in any of `agreements`: how many it is a party to and how many of the
    commitments among `milestones` counted on its scorecard (responsible or joint) are late, and
    where the map draws it. Sorted by name."""
    counts = dict(
        AgreementParty.objects.filter(agreement__in=agreements)
        .order_by()
        .values("party_id")
        .annotate(n=Count("agreement_id"))
        .values_list("party_id", "n")
    )
    late: dict[str, int] = {}
    for card in scorecards(milestones, by="party", today=today):
        late[card.key] = late.get(card.key, 0) + sum(card.counts[outcome] for outcome in LATE_OUTCOMES)
    drawn = atlas_country_ids()
    rows = []
    for party in Party.objects.filter(pk__in=counts).order_by("name", "pk"):
        numeric = iso_numeric(party)
        if party.kind != PartyKind.COUNTRY:
            reason = gettext("Not a country")
        elif numeric is None:
            reason = gettext("No ISO 3166 numeric code")
        elif numeric not in drawn:
            reason = gettext("Too small for the world map")
            numeric = None
        else:
            reason = ""
        agreements_in = counts[party.pk]
        rows.append(MapRow(party, agreements_in, late.get(party.slug, 0), numeric=numeric, not_on_map=reason))
    return rows
