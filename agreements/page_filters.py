"""Filters of the HTML pages: the shared FilterSets of `filters.py` plus what only pages need.

The URL holds the whole state (`?q=…&party=jp&mineral=rare-earths&year=2025&sort=…`), so a
search can be shared. Several values of one facet mean "either"; different facets combine with
"and". Everything filters through `id__in` subqueries, so the loaders' annotations never see
multiplied rows.
"""

import django_filters
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from agreements.choices import InstrumentKind
from agreements.filters import (
    AgreementFilter,
    BooleanFilter,
    MilestoneFilter,
    MultipleValueFilter,
    OrderingFilter,
    resolve_parties,
)
from agreements.models import AgreementParty, Instrument
from agreements.services.scorecards import due_q  # the scorecards' `due`, one rule

# The search page's sort menu: `?sort=` values of AgreementPageFilter.sort, in menu order.
AGREEMENT_SORTS = {
    "-signed_on": _("Newest signed first"),
    "signed_on": _("Oldest signed first"),
    "title": _("Title A–Z"),
    "next_deadline": _("Next deadline first"),
    "-overdue_count": _("Most overdue first"),
}
DEFAULT_AGREEMENT_SORT = "-signed_on"  # Agreement.Meta.ordering
MIN_YEAR, MAX_YEAR = 1800, 2200


def filter_queryset_except(filterset: django_filters.FilterSet, queryset, skip: str):
    """`filterset` applied to `queryset` without the filter `skip` (for facet counts).

    Uses the cleaned data of the one validation, so slugs are resolved once per request.
    """
    filterset.errors  # noqa: B018 (validates the form)
    for name, value in filterset.form.cleaned_data.items():
        filter_ = filterset.filters[name]
        if name != skip and not isinstance(filter_, django_filters.OrderingFilter):  # counts ignore the order
            queryset = filter_.filter(queryset, value)
    return queryset


class AgreementPageFilter(AgreementFilter):
    """The search page: `q` (full text), instrument kinds, years signed and `sort` on top of AgreementFilter.

    Give it a queryset annotated with the deadline summary (`Agreement.objects.for_table(today)`):
    `sort` orders by `next_deadline` and `overdue_count` too.
    """

    q = django_filters.CharFilter(method="filter_search", max_length=200, label=_("Search"))
    sort = OrderingFilter(
        fields=(
            ("signed_on", "signed_on"),
            ("title", "title"),
            ("next_deadline", "next_deadline"),
            ("overdue_count", "overdue_count"),
        ),
        label=_("Sort by"),
    )
    instrument = django_filters.MultipleChoiceFilter(
        choices=InstrumentKind.choices, method="filter_instrument", label=_("Instrument kind")
    )
    year = MultipleValueFilter(method="filter_year", label=_("Year signed"))

    class Meta(AgreementFilter.Meta):
        fields = [*AgreementFilter.Meta.fields, "q", "instrument", "year", "sort"]

    def filter_instrument(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Instrument.objects.filter(kind__in=value).values("agreement_id"))

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        years = [int(v) for v in value if v.isdigit() and MIN_YEAR <= int(v) <= MAX_YEAR]
        return queryset.annotate(signed_year=ExtractYear("signed_on")).filter(signed_year__in=years)


class MilestonePageFilter(MilestoneFilter):
    """The deadline board: the shared MilestoneFilter (which has `outcome` and `kind`) plus what a
    scorecard's numbers link to: `joint` (commitments no party is named
    responsible for, on agreements of these parties: a scorecard's `joint` attribution) and `due`
    (a scorecard's `due`: fulfilled, or past its deadline). A scorecard number links to exactly
    its milestones: `?responsible=us&kind=commitment&outcome=met_on_time`.
    """

    joint = MultipleValueFilter(resolver=resolve_parties, method="filter_joint", label=_("Jointly (no party named)"))
    due = BooleanFilter(method="filter_due", label=_("Due"))

    class Meta(MilestoneFilter.Meta):
        fields = [*MilestoneFilter.Meta.fields, "responsible", "joint", "due"]

    def _with_outcome(self, queryset):
        # The board loads rows with their outcome already; anything else gets it here.
        return queryset if "outcome" in queryset.query.annotations else queryset.with_outcome(self.today)

    def filter_joint(self, queryset, name, value: list):
        if not value:
            return queryset
        agreements = AgreementParty.objects.filter(party_id__in=value).values("agreement_id")
        return queryset.filter(responsible__isnull=True, agreement_id__in=agreements)

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        queryset = self._with_outcome(queryset)
        due = due_q(self.today)
        return queryset.filter(due) if value else queryset.exclude(due)
