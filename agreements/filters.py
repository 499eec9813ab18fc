"""django-filter FilterSets, shared by the REST API and the HTML list pages (as NetBox does).

Every multi-value filter takes repeated parameters (`?party=us&party=jp`) or a comma-separated
list (`?party=us,jp`); several values mean *either*. Unknown slugs and bad dates make the form
invalid, so the API answers 400 with field errors and a page can show them.

Filters that depend on "today" (`overdue`, `due_within`) read it from the `today` argument
(the view reads `timezone.localdate()` once and passes it down).

Filters that name agreements or milestones (`agreement`, `milestone`) know only what the reader
may see (the `request`'s user, `visible_to`): a draft named by someone who may not see it is an
unknown value, a 400, exactly like a slug that does not exist.

Usage from a page::

    filterset = AgreementFilter(request.GET, queryset=Agreement.objects.for_table(today), today=today)
    if filterset.is_valid():
        agreements = filterset.qs
"""

import datetime
import functools
from collections.abc import Callable, Iterable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    DeadlineAnchor,
    EvidenceGrade,
    EvidenceVerdict,
    InstrumentKind,
    MilestoneKind,
    MilestoneStatus,
    Outcome,
    PartyKind,
    PartyRole,
    ProjectStatus,
)
from agreements.freshness import last_days
from agreements.models import (
    Agreement,
    AgreementParty,
    Discrepancy,
    Evidence,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    Party,
    Project,
    ValueChainStage,
    Watch,
)
from agreements.services.scorecards import SCORECARD_GROUPS

MAX_FILTER_VALUES = 100
MAX_VALUE_LENGTH = 200
MAX_DUE_WITHIN_DAYS = 36500


# --- fields ------------------------------------------------------------------------------


class MultipleValueWidget(forms.TextInput):
    """Reads every value of a repeated parameter; renders them comma-separated."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        if value is None:
            return []
        return value if isinstance(value, list | tuple) else [value]

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(str(item) for item in value)
        return super().format_value(value)

    def value_omitted_from_data(self, data, files, name):
        return False


class MultipleValueField(forms.MultipleChoiceField):
    """A list of free-text values (slugs, codes), optionally resolved to ids by `resolver`.

    `resolver(values)` returns what the filter method receives and raises ValidationError
    naming the values it does not know.
    """

    widget = MultipleValueWidget

    def __init__(self, *args, resolver: Callable[[list[str]], list] | None = None, **kwargs):
        kwargs.setdefault("choices", ())
        self.resolver = resolver
        super().__init__(*args, **kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            raise ValidationError(_("Enter a list of values."), code="invalid_list")
        items: list[str] = []
        for raw in value:
            for item in str(raw).split(","):
                item = item.strip()
                if not item:
                    continue
                if "\x00" in item:
                    raise ValidationError(_("Null characters are not allowed."), code="null_characters_not_allowed")
                if len(item) > MAX_VALUE_LENGTH:
                    raise ValidationError(
                        _("Each value may have at most %(max)d characters."),
                        code="max_length",
                        params={"max": MAX_VALUE_LENGTH},
                    )
                if item not in items:
                    items.append(item)
        if len(items) > MAX_FILTER_VALUES:
            raise ValidationError(
                _("Give at most %(max)d values."), code="too_many_values", params={"max": MAX_FILTER_VALUES}
            )
        return items

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        values = super().clean(value)
        if values and self.resolver is not None:
            return self.resolver(values)
        return values


class BooleanChoiceWidget(forms.Select):
    """A select of (any, true, false) that hands the raw value to the field, so typos are errors."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])

    def format_value(self, value):
        if value is True:
            value = "true"
        elif value is False:
            value = "false"
        return super().format_value(value)


class StrictNullBooleanField(forms.NullBooleanField):
    """true/false (also 1/0, yes/no); empty means "any"; anything else is a field error."""

    widget = BooleanChoiceWidget
    TRUE_VALUES = frozenset({"true", "1", "yes", "on"})
    FALSE_VALUES = frozenset({"false", "0", "no", "off"})

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        text = str(value).strip().lower()
        if text in self.TRUE_VALUES:
            return True
        if text in self.FALSE_VALUES:
            return False
        raise ValidationError(_("Use true or false."), code="invalid")

    def validate(self, value) -> None:
        return None


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField


def _unknown(label: str, values: Iterable[str]) -> ValidationError:
    # Values go in `params`: they may contain "%", and the message is formatted once, later.
    return ValidationError(
        _("Unknown %(label)s: %(values)s."),
        code="unknown",
        params={"label": label, "values": ", ".join(sorted(values))},
    )


def resolve_parties(values: list[str]) -> list[int]:
    """Party ids for slugs or ISO codes, case-insensitively (`us`, `US`, `jp`)."""
    rows = Party.objects.matching(values).values_list("id", "slug", "iso_code")
    known = set()
    for _pk, slug, iso_code in rows:
        known.add(slug.lower())
        if iso_code:
            known.add(iso_code.lower())
    missing = {value for value in values if value.lower() not in known}
    if missing:
        raise _unknown(_("party"), missing)
    return [row[0] for row in rows]


def _rows(model, *, visible: bool, user):
    rows = model.objects.all()
    return rows.visible_to(user) if visible else rows


def slug_resolver(model, label, *, visible: bool = False) -> Callable[[list[str]], list[int]]:
    """`visible`: only the rows the reader may see (TrackerFilterSet passes the request's user)."""

    def resolve(values: list[str], user=None) -> list[int]:
        found = dict(_rows(model, visible=visible, user=user).filter(slug__in=values).values_list("slug", "id"))
        missing = set(values) - set(found)
        if missing:
            raise _unknown(label, missing)
        return list(found.values())

    resolve.needs_reader = visible
    return resolve


def id_resolver(model, label, *, visible: bool = False) -> Callable[[list[str]], list[int]]:
    """Ids given as text: each must be a whole number naming a row of `model` (that the reader
    may see, when `visible`)."""

    def resolve(values: list[str], user=None) -> list[int]:
        numbers = [value for value in values if value.isascii() and value.isdigit() and len(value) <= 18]
        if len(numbers) != len(values):
            raise ValidationError(_("Give ids as whole numbers."), code="invalid")
        rows = _rows(model, visible=visible, user=user)
        found = set(rows.filter(pk__in=[int(value) for value in numbers]).values_list("pk", flat=True))
        missing = {value for value in numbers if int(value) not in found}
        if missing:
            raise _unknown(label, missing)
        return sorted(found)

    resolve.needs_reader = visible
    return resolve


NONE_VALUE = "none"


def resolve_years(values: list[str]) -> list[int | None]:
    """Years (`2026`) or `none` (no deadline yet)."""
    years: list[int | None] = []
    for value in values:
        if value == NONE_VALUE:
            years.append(None)
        elif value.isascii() and value.isdigit() and 1 <= int(value) <= 9999:
            years.append(int(value))
        else:
            raise ValidationError(_("Give years (1 to 9999) or %(none)s."), code="invalid", params={"none": NONE_VALUE})
    return years


def resolve_minerals_with_members(values: list[str]) -> list[int]:
    """Mineral ids for slugs, plus every member of the groups among them (rare-earths → neodymium)."""
    slug_resolver(Mineral, _("mineral"))(values)
    return list(Mineral.objects.with_members(values).values_list("id", flat=True))


resolve_mineral_lists = slug_resolver(MineralList, _("criticality list"))


class MultipleValueFilter(django_filters.MultipleChoiceFilter):
    """Several values, *either* of which matches. Documented as a repeated (exploded) string.

    Filter methods for it annotate `value: list` so drf-spectacular documents the items as strings
    and keeps the help text.
    """

    field_class = MultipleValueField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.method is not None:  # pragma: no cover - method filters go through FilterMethod
            return super().filter(qs, value)
        return self.get_method(qs)(**{f"{self.field_name}__in": value})


class OrderingFilter(django_filters.OrderingFilter):
    """`?ordering=field` or `-field`; empty values sort last both ways; `pk` breaks ties.

    Only indexed columns are offered, so a sorted page stays an index scan as data grows.
    """

    def filter(self, qs, value):
        if not value:
            return qs
        value = [param for param in value if param.lstrip("-")]  # "?ordering=,," names nothing
        if not value:
            return qs
        expressions = []
        for param in value:
            descending = param.startswith("-")
            name = self.param_map[param.lstrip("-")]
            expression = F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            expressions.append(expression)
        return qs.order_by(*expressions, "-pk" if value[0].startswith("-") else "pk")


# --- base --------------------------------------------------------------------------------


class TrackerFilterSet(django_filters.FilterSet):
    """Common to every list: `search`, `updated_since` and a `today` for date-relative filters."""

    search_fields: tuple[str, ...] = ()

    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_VALUE_LENGTH,
        help_text=_("Words to look for (case-insensitive)."),
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Only rows changed at or after this ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z."),
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today: datetime.date | None = None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = today or getattr(request, "today", None) or timezone.localdate()
        # Resolvers of agreements and milestones see what the reader may see (self.filters are
        # this instance's copies).
        reader = getattr(request, "user", None)
        for filter_ in self.filters.values():
            resolver = filter_.extra.get("resolver")
            if getattr(resolver, "needs_reader", False):
                filter_.extra["resolver"] = functools.partial(resolver, user=reader)
                filter_.__dict__.pop("_field", None)  # a form field built before would keep the old one

    def filter_search(self, queryset, name, value: str):
        words = value.split()
        if not words:
            return queryset
        condition = Q()
        for word in words:
            any_field = Q()
            for field in self.search_fields:
                any_field |= Q(**{f"{field}__icontains": word})
            condition &= any_field
        return queryset.filter(condition)

    def filter_in(self, queryset, name, value: list):
        """For MultipleValueFilter with a resolver: `name` is the path to the related id."""
        if not value:
            return queryset
        return queryset.filter(**{f"{name}__in": value})


# --- reference data ----------------------------------------------------------------------


class PartyFilter(TrackerFilterSet):
    search_fields = ("name", "slug", "iso_code")

    kind = django_filters.MultipleChoiceFilter(choices=PartyKind.choices, help_text=_("Kind of party."))
    country = MultipleValueFilter(
        field_name="country_id",
        resolver=resolve_parties,
        method="filter_in",
        help_text=_("Parties that belong to this country (slug or ISO code), e.g. agencies of jp."),
    )
    ordering = OrderingFilter(fields=(("name", "name"), ("slug", "slug"), ("updated_at", "updated_at")))

    class Meta:
        model = Party
        fields = ["kind", "country"]


class MineralFilter(TrackerFilterSet):
    search_fields = ("name", "slug", "symbol")

    group = MultipleValueFilter(
        field_name="group_id",
        resolver=slug_resolver(Mineral, _("mineral group")),
        method="filter_in",
        help_text=_("Members of these groups (slugs), e.g. rare-earths."),
    )
    is_group = BooleanFilter(help_text=_("Only groups (true) or only single minerals (false)."))
    ordering = OrderingFilter(fields=(("name", "name"), ("slug", "slug"), ("updated_at", "updated_at")))

    class Meta:
        model = Mineral
        fields = ["group", "is_group"]


class StageFilter(TrackerFilterSet):
    search_fields = ("name", "slug")

    ordering = OrderingFilter(fields=(("order", "order"), ("slug", "slug"), ("updated_at", "updated_at")))

    class Meta:
        model = ValueChainStage
        fields = []


class MineralListFilter(TrackerFilterSet):
    search_fields = ("name", "name_de", "slug", "note")

    publisher = MultipleValueFilter(
        field_name="publisher_id",
        resolver=resolve_parties,
        method="filter_in",
        help_text=_("Lists issued by any of these parties (slug or ISO code), e.g. us or eu."),
    )
    mineral = MultipleValueFilter(
        resolver=slug_resolver(Mineral, _("mineral")),
        method="filter_mineral",
        help_text=_("Lists that name any of these minerals themselves (slugs)."),
    )
    members_verified = BooleanFilter(
        help_text=_("true: lists whose members are loaded; false: lists known only by their count.")
    )
    ordering = OrderingFilter(
        fields=(("slug", "slug"), ("updated_at", "updated_at")),
        help_text=_("Sort by slug or updated_at; prefix - for descending (default: by name)."),
    )

    class Meta:
        model = MineralList
        fields = ["publisher", "mineral", "members_verified"]

    def filter_mineral(self, queryset, name, value: list):
        entries = MineralList.minerals.through.objects.filter(mineral_id__in=value)
        return queryset.filter(pk__in=entries.values("mineral_list_id"))


# --- agreements --------------------------------------------------------------------------


class AgreementFilter(TrackerFilterSet):
    party = MultipleValueFilter(
        resolver=resolve_parties,
        method="filter_party",
        help_text=_("Agreements with any of these parties (slug or ISO code, e.g. jp or JP)."),
    )
    role = django_filters.MultipleChoiceFilter(
        choices=PartyRole.choices,
        method="filter_role",
        help_text=_("With `party`: only where the party has one of these roles (e.g. signatory)."),
    )
    mineral = MultipleValueFilter(
        resolver=resolve_minerals_with_members,
        method="filter_mineral",
        help_text=_("Agreements about any of these minerals (slugs); a group includes its members."),
    )
    stage = MultipleValueFilter(
        resolver=slug_resolver(ValueChainStage, _("stage")),
        method="filter_stage",
        help_text=_("Agreements covering any of these value-chain stages (slugs)."),
    )
    mineral_list = MultipleValueFilter(
        resolver=resolve_mineral_lists,
        method="filter_mineral_list",
        help_text=_(
            "Agreements matching any of these criticality lists (slugs, e.g. usgs-2025): one of their minerals, "
            "or a member of one of their mineral groups, is on the list or belongs to a group on it."
        ),
    )
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, help_text=_("Status."))
    kind = django_filters.MultipleChoiceFilter(choices=AgreementKind.choices, help_text=_("Kind of agreement."))
    signed_after = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="gte", help_text=_("Signed on or after this date (YYYY-MM-DD).")
    )
    signed_before = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="lte", help_text=_("Signed on or before this date (YYYY-MM-DD).")
    )
    published = BooleanFilter(
        help_text=_("true: published agreements; false: drafts (only those who may see drafts get any).")
    )
    ordering = OrderingFilter(
        fields=(("signed_on", "signed_on"), ("slug", "slug"), ("updated_at", "updated_at")),
        help_text=_("Sort by signed_on, slug or updated_at (indexed columns); prefix with - for descending."),
    )

    class Meta:
        model = Agreement
        fields = [
            "party",
            "role",
            "mineral",
            "stage",
            "mineral_list",
            "status",
            "kind",
            "signed_after",
            "signed_before",
        ]

    def filter_party(self, queryset, name, value: list):
        return queryset.with_parties(value, roles=self.form.cleaned_data.get("role"))

    def filter_role(self, queryset, name, value):
        if not value or self.form.cleaned_data.get("party"):
            return queryset  # combined with `party` in filter_party
        return queryset.filter(pk__in=AgreementParty.objects.filter(role__in=value).values("agreement_id"))

    def filter_mineral(self, queryset, name, value: list):
        through = Agreement.minerals.through.objects.filter(mineral_id__in=value)
        return queryset.filter(pk__in=through.values("agreement_id"))

    def filter_stage(self, queryset, name, value: list):
        through = Agreement.stages.through.objects.filter(valuechainstage_id__in=value)
        return queryset.filter(pk__in=through.values("agreement_id"))

    def filter_mineral_list(self, queryset, name, value: list):
        through = Agreement.minerals.through.objects.filter(mineral__in=Mineral.objects.on_lists(value))
        return queryset.filter(pk__in=through.values("agreement_id"))

    def filter_search(self, queryset, name, value: str):
        # Full-text search on the GIN index (AgreementQuerySet.search).
        return queryset.search(value)


class InstrumentFilter(TrackerFilterSet):
    search_fields = ("name", "description")

    agreement = MultipleValueFilter(
        field_name="agreement_id",
        resolver=slug_resolver(Agreement, _("agreement"), visible=True),
        method="filter_in",
        help_text=_("Instruments of any of these agreements (slugs)."),
    )
    kind = django_filters.MultipleChoiceFilter(choices=InstrumentKind.choices, help_text=_("Kind of instrument."))
    stage = MultipleValueFilter(
        resolver=slug_resolver(ValueChainStage, _("stage")),
        method="filter_stage",
        help_text=_("Instruments at any of these value-chain stages (slugs)."),
    )
    mineral = MultipleValueFilter(
        resolver=resolve_minerals_with_members,
        method="filter_mineral",
        help_text=_("Instruments about any of these minerals (slugs); a group includes its members."),
    )
    mineral_list = MultipleValueFilter(
        resolver=resolve_mineral_lists,
        method="filter_mineral_list",
        help_text=_(
            "Instruments matching any of these criticality lists (slugs, e.g. usgs-2025): one of their minerals, "
            "or a member of one of their mineral groups, is on the list or belongs to a group on it."
        ),
    )
    responsible = MultipleValueFilter(
        field_name="responsible_id",
        resolver=resolve_parties,
        method="filter_in",
        help_text=_("Instruments any of these parties are responsible for (slug or ISO code)."),
    )
    ordering = OrderingFilter(fields=(("id", "id"), ("kind", "kind"), ("updated_at", "updated_at")))

    class Meta:
        model = Instrument
        fields = ["agreement", "kind", "stage", "mineral", "mineral_list", "responsible"]

    def filter_stage(self, queryset, name, value: list):
        through = Instrument.stages.through.objects.filter(valuechainstage_id__in=value)
        return queryset.filter(pk__in=through.values("instrument_id"))

    def filter_mineral(self, queryset, name, value: list):
        through = Instrument.minerals.through.objects.filter(mineral_id__in=value)
        return queryset.filter(pk__in=through.values("instrument_id"))

    def filter_mineral_list(self, queryset, name, value: list):
        through = Instrument.minerals.through.objects.filter(mineral__in=Mineral.objects.on_lists(value))
        return queryset.filter(pk__in=through.values("instrument_id"))


class MilestoneFilter(TrackerFilterSet):
    search_fields = ("title", "description", "commitment_text")

    agreement = MultipleValueFilter(
        field_name="agreement_id",
        resolver=slug_resolver(Agreement, _("agreement"), visible=True),
        method="filter_in",
        help_text=_("Milestones of any of these agreements (slugs)."),
    )
    status = django_filters.MultipleChoiceFilter(choices=MilestoneStatus.choices, help_text=_("Status."))
    overdue = BooleanFilter(
        method="filter_overdue",
        help_text=_("true: pending or in progress with a deadline before today; false: all others."),
    )
    due_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", help_text=_("Deadline on or before this date (YYYY-MM-DD).")
    )
    due_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", help_text=_("Deadline on or after this date (YYYY-MM-DD).")
    )
    due_within = django_filters.NumberFilter(
        method="filter_due_within",
        min_value=0,
        max_value=MAX_DUE_WITHIN_DAYS,
        help_text=_("Open milestones (pending or in progress) due from today up to this many days ahead."),
    )
    party = MultipleValueFilter(
        resolver=resolve_parties,
        method="filter_party",
        help_text=_(
            "Milestones that any of these parties (slug or ISO code) is responsible for or whose agreement "
            "it is a party to."
        ),
    )
    responsible = MultipleValueFilter(
        field_name="responsible_id",
        resolver=resolve_parties,
        method="filter_in",
        help_text=_("Milestones any of these parties (slug or ISO code) is responsible for."),
    )
    instrument = django_filters.NumberFilter(field_name="instrument_id", help_text=_("Instrument id."))
    kind = django_filters.MultipleChoiceFilter(choices=MilestoneKind.choices, help_text=_("Kind of milestone."))
    anchor = django_filters.MultipleChoiceFilter(
        choices=DeadlineAnchor.choices, help_text=_("What a relative deadline counts from.")
    )
    outcome = django_filters.MultipleChoiceFilter(
        choices=Outcome.choices,
        method="filter_outcome",
        help_text=_("Milestones with any of these outcomes today (derived from the evidence)."),
    )
    outcome_changed_within = django_filters.NumberFilter(
        method="filter_outcome_changed_within",
        min_value=0,
        max_value=MAX_DUE_WITHIN_DAYS,
        help_text=_(
            "Milestones whose outcome changed in the last N days (from N days ago to today): it became "
            "overdue, an expiry ended, or evidence dated in those days changed it."
        ),
    )
    checked_before = django_filters.DateFilter(
        method="filter_checked_before",
        help_text=_("Last checked for evidence before this date (YYYY-MM-DD), or never checked."),
    )
    # The filters a scorecard row's `milestones` link uses (api/views.py ScorecardViewSet).
    instrument_kind = django_filters.MultipleChoiceFilter(
        choices=[*InstrumentKind.choices, (NONE_VALUE, _("No instrument"))],
        method="filter_instrument_kind",
        help_text=_("Milestones of instruments of any of these kinds; none: of no instrument."),
    )
    due_year = MultipleValueFilter(
        resolver=resolve_years,
        method="filter_due_year",
        help_text=_("Deadline in any of these years; none: no deadline yet."),
    )
    counted_for = MultipleValueFilter(
        resolver=resolve_parties,
        method="filter_counted_for",
        help_text=_(
            "Commitments a party's scorecard counts (slug or ISO code): it is responsible, or none is named "
            "and it is a party to the agreement."
        ),
    )
    attribution = django_filters.ChoiceFilter(
        choices=[("responsible", _("Responsible party named")), ("joint", _("No responsible party named"))],
        method="filter_attribution",
        help_text=_("responsible: a responsible party is named; joint: none is named."),
    )
    ordering = OrderingFilter(
        fields=(("deadline", "due_on"), ("status", "status"), ("updated_at", "updated_at")),
        help_text=_("Sort by due_on (the computed deadline), status or updated_at; prefix - for descending."),
    )

    class Meta:
        model = Milestone
        fields = [
            "agreement",
            "status",
            "overdue",
            "due_before",
            "due_after",
            "due_within",
            "party",
            "kind",
            "anchor",
            "outcome",
            "outcome_changed_within",
            "checked_before",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.overdue_on(self.today) if value else queryset.not_overdue_on(self.today)

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.due_between(self.today, self.today + datetime.timedelta(days=int(value)))

    def filter_party(self, queryset, name, value: list):
        return queryset.for_parties(value)

    def filter_outcome(self, queryset, name, value):
        if not value:
            return queryset
        if "outcome" not in queryset.query.annotations:  # the API's loader annotates it already
            queryset = queryset.with_outcome(self.today)
        return queryset.filter(outcome__in=value)

    def filter_outcome_changed_within(self, queryset, name, value):
        if value is None:
            return queryset
        window = last_days(self.today, int(value))
        return queryset.outcome_changed_between(window.start, window.end)

    def filter_checked_before(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(last_checked_on__lt=value) | Q(last_checked_on__isnull=True))

    def filter_instrument_kind(self, queryset, name, value):
        if not value:
            return queryset
        kinds = [kind for kind in value if kind != NONE_VALUE]
        condition = Q(instrument__kind__in=kinds)
        if NONE_VALUE in value:
            condition |= Q(instrument__isnull=True)
        return queryset.filter(condition)

    def filter_due_year(self, queryset, name, value: list):
        if not value:
            return queryset
        years = [year for year in value if year is not None]
        condition = Q(deadline__year__in=years) if years else Q(pk__in=[])
        if None in value:
            condition |= Q(deadline__isnull=True)
        return queryset.filter(condition)

    def filter_counted_for(self, queryset, name, value: list):
        # services.scorecards: the responsible party, or every party of the agreement when none is named.
        memberships = AgreementParty.objects.filter(party__in=value).values("agreement_id")
        return queryset.filter(Q(responsible__in=value) | Q(responsible__isnull=True, agreement_id__in=memberships))

    def filter_attribution(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(responsible__isnull=value == "joint")


class ScorecardOrderingFilter(OrderingFilter):
    """Sorts the scorecards (the view does, in Python): the milestones underneath need no order."""

    def filter(self, qs, value):
        return qs


class ScorecardFilter(MilestoneFilter):
    """`by` (required) and every milestone filter: the scorecards count the commitments among the
    milestones these filters select."""

    by = django_filters.ChoiceFilter(
        choices=[(group, group) for group in SCORECARD_GROUPS],
        method="filter_by",
        required=True,
        help_text=_("Group by party, agreement, instrument kind or year of the deadline."),
    )
    ordering = ScorecardOrderingFilter(
        fields=(
            ("label", "label"),
            ("key", "key"),
            ("due", "due"),
            ("kept_on_time_rate", "kept_on_time_rate"),
        ),
        help_text=_("Sort by label (default), key, due or kept_on_time_rate; prefix - for descending."),
    )

    class Meta(MilestoneFilter.Meta):
        fields = ["by", *MilestoneFilter.Meta.fields]

    def filter_by(self, queryset, name, value):
        return queryset  # the grouping, applied by services.scorecards


class ProjectFilter(TrackerFilterSet):
    search_fields = ("name", "location", "operator_name", "description")

    country = MultipleValueFilter(
        field_name="country_id",
        resolver=resolve_parties,
        method="filter_in",
        help_text=_("Projects in any of these countries (slug or ISO code)."),
    )
    mineral = MultipleValueFilter(
        resolver=resolve_minerals_with_members,
        method="filter_mineral",
        help_text=_("Projects producing any of these minerals (slugs); a group includes its members."),
    )
    mineral_list = MultipleValueFilter(
        resolver=resolve_mineral_lists,
        method="filter_mineral_list",
        help_text=_(
            "Projects matching any of these criticality lists (slugs, e.g. usgs-2025): one of their minerals, "
            "or a member of one of their mineral groups, is on the list or belongs to a group on it."
        ),
    )
    stage = MultipleValueFilter(
        field_name="stage_id",
        resolver=slug_resolver(ValueChainStage, _("stage")),
        method="filter_in",
        help_text=_("Projects at any of these value-chain stages (slugs)."),
    )
    status = django_filters.MultipleChoiceFilter(choices=ProjectStatus.choices, help_text=_("Status."))
    ordering = OrderingFilter(fields=(("name", "name"), ("status", "status"), ("updated_at", "updated_at")))

    class Meta:
        model = Project
        fields = ["country", "mineral", "mineral_list", "stage", "status"]

    def filter_mineral(self, queryset, name, value: list):
        through = Project.minerals.through.objects.filter(mineral_id__in=value)
        return queryset.filter(pk__in=through.values("project_id"))

    def filter_mineral_list(self, queryset, name, value: list):
        through = Project.minerals.through.objects.filter(mineral__in=Mineral.objects.on_lists(value))
        return queryset.filter(pk__in=through.values("project_id"))


class EvidenceFilter(TrackerFilterSet):
    search_fields = ("summary", "note", "source_title", "source_publisher")

    milestone = MultipleValueFilter(
        field_name="milestone_id",
        resolver=id_resolver(Milestone, _("milestone"), visible=True),
        method="filter_in",
        help_text=_("Evidence about any of these milestones (ids)."),
    )
    agreement = MultipleValueFilter(
        field_name="agreement_id",
        resolver=slug_resolver(Agreement, _("agreement"), visible=True),
        method="filter_in",
        help_text=_("Evidence about the milestones of any of these agreements (slugs)."),
    )
    verdict = django_filters.MultipleChoiceFilter(choices=EvidenceVerdict.choices, help_text=_("Verdict."))
    grade = django_filters.MultipleChoiceFilter(choices=EvidenceGrade.choices, help_text=_("Grade of the source."))
    occurred_after = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", help_text=_("Event on or after this date (YYYY-MM-DD).")
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", help_text=_("Event on or before this date (YYYY-MM-DD).")
    )
    ordering = OrderingFilter(
        fields=(("occurred_on", "occurred_on"), ("id", "id"), ("updated_at", "updated_at")),
        help_text=_("Sort by occurred_on, id or updated_at; prefix - for descending (default: newest event first)."),
    )

    class Meta:
        model = Evidence
        fields = ["milestone", "agreement", "verdict", "grade", "occurred_after", "occurred_before"]


class DiscrepancyFilter(TrackerFilterSet):
    search_fields = ("topic", "note")

    agreement = MultipleValueFilter(
        field_name="agreement_id",
        resolver=slug_resolver(Agreement, _("agreement"), visible=True),
        method="filter_in",
        help_text=_("Discrepancies about any of these agreements (slugs)."),
    )
    mineral_list = MultipleValueFilter(
        field_name="mineral_list_id",
        resolver=slug_resolver(MineralList, _("mineral list")),
        method="filter_in",
        help_text=_("Discrepancies about any of these criticality lists (slugs)."),
    )
    ordering = OrderingFilter(
        fields=(("id", "id"), ("topic", "topic"), ("updated_at", "updated_at")),
        help_text=_("Sort by id, topic or updated_at; prefix - for descending."),
    )

    class Meta:
        model = Discrepancy
        fields = ["agreement", "mineral_list"]


class WatchFilter(TrackerFilterSet):
    """The signed-in user's watches (the view limits the queryset to them)."""

    search_fields = ("agreement__title", "agreement__slug", "party__name", "party__slug")

    ordering = OrderingFilter(fields=(("created_at", "created_at"), ("updated_at", "updated_at")))

    class Meta:
        model = Watch
        fields = []
