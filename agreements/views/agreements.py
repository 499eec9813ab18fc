"""Agreements: search with facets, CSV export of the current result, and the detail page."""

from django.db.models import Count, F, Func, IntegerField, Prefetch, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import csv_export
from agreements.choices import AgreementKind, AgreementStatus, EvidenceGrade, InstrumentKind
from agreements.models import (
    Agreement,
    AgreementParty,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    Project,
    ValueChainStage,
    Watch,
    localized_name,
)
from agreements.page_filters import (
    AGREEMENT_SORTS,
    DEFAULT_AGREEMENT_SORT,
    AgreementPageFilter,
    filter_queryset_except,
)
from agreements.publishing import can_see_drafts
from agreements.querysets import minerals_on_outer_list
from agreements.relations import relation_sentence
from agreements.services.scorecards import scorecards
from agreements.views.common import filter_errors_response, known_query, paginate, query_without, toggle_url
from agreements.views.gantt import build_gantt
from agreements.views.milestones import annotate_lateness
from agreements.views.scorecards import scorecard_rows, scorecard_summary
from agreements.views.timeline import build_timeline

# Facets shown beside the results, in this order: (query key, heading).
FACETS = ["party", "mineral", "stage", "mineral_list", "instrument", "status", "kind", "year"]
FACET_FILTER_KEYS = set(FACETS)
EXPORT_LIMIT = 10_000
HISTORY_ROWS = 15
HISTORY_FIELDS = [
    "title",
    "short_title",
    "kind",
    "status",
    "signed_on",
    "signed_at",
    "summary",
    "legally_binding",
    "published",
]


def _current_sort(filterset) -> str:
    """The `?sort=` value in effect (an unknown one is ignored, so the default order applies)."""
    filterset.errors  # noqa: B018 (validates the form)
    chosen = filterset.form.cleaned_data.get("sort") or []
    return chosen[0] if chosen and chosen[0] in AGREEMENT_SORTS else DEFAULT_AGREEMENT_SORT


def _facet_counts(filterset, agreements):
    """One query per facet, each over `agreements` (those the reader may see) filtered by every
    *other* facet.

    Values of one facet mean "either", so the counts of a facet ignore its own selection.
    """
    ids = {facet: filter_queryset_except(filterset, agreements, facet).values("id") for facet in FACETS}
    minerals_through = Agreement.minerals.through.objects
    stages_through = Agreement.stages.through.objects
    status_labels = dict(AgreementStatus.choices)
    kind_labels = dict(AgreementKind.choices)
    instrument_labels = dict(InstrumentKind.choices)
    rows = {
        "party": [
            (r["party__slug"], localized_name(r["party__name"], r["party__name_de"]), r["n"])
            for r in AgreementParty.objects.filter(agreement_id__in=ids["party"])
            .values("party__slug", "party__name", "party__name_de")
            .annotate(n=Count("agreement_id", distinct=True))
            .order_by("-n", "party__name")
        ],
        "mineral": [
            (r["mineral__slug"], localized_name(r["mineral__name"], r["mineral__name_de"]), r["n"])
            for r in minerals_through.filter(agreement_id__in=ids["mineral"])
            .values("mineral__slug", "mineral__name", "mineral__name_de")
            .annotate(n=Count("agreement_id", distinct=True))
            .order_by("-n", "mineral__name")
        ],
        "stage": [
            (
                r["valuechainstage__slug"],
                localized_name(r["valuechainstage__name"], r["valuechainstage__name_de"]),
                r["n"],
            )
            for r in stages_through.filter(agreement_id__in=ids["stage"])
            .values(
                "valuechainstage__slug", "valuechainstage__name", "valuechainstage__name_de", "valuechainstage__order"
            )
            .annotate(n=Count("agreement_id", distinct=True))
            .order_by("valuechainstage__order")
        ],
        "instrument": [
            (r["kind"], instrument_labels.get(r["kind"], r["kind"]), r["n"])
            for r in Instrument.objects.filter(agreement_id__in=ids["instrument"])
            .values("kind")
            .annotate(n=Count("agreement_id", distinct=True))
            .order_by("-n", "kind")
        ],
        "status": [
            (r["status"], status_labels.get(r["status"], r["status"]), r["n"])
            for r in Agreement.objects.filter(id__in=ids["status"])
            .values("status")
            .annotate(n=Count("id"))
            .order_by("-n", "status")
        ],
        "kind": [
            (r["kind"], kind_labels.get(r["kind"], r["kind"]), r["n"])
            for r in Agreement.objects.filter(id__in=ids["kind"]).values("kind").annotate(n=Count("id")).order_by("-n")
        ],
        "year": [
            (str(r["year"]), str(r["year"]), r["n"])
            for r in Agreement.objects.filter(id__in=ids["year"], signed_on__isnull=False)
            .annotate(year=ExtractYear("signed_on"))
            .values("year")
            .annotate(n=Count("id"))
            .order_by("-year")
        ],
        "mineral_list": [
            (mineral_list.slug, mineral_list.display_name, mineral_list.n)
            for mineral_list in MineralList.objects.annotate(n=_agreements_matching_list(ids["mineral_list"]))
            .filter(n__gt=0)
            .order_by("-n", "name", "pk")
        ],
    }
    return rows


def _agreements_matching_list(agreement_ids) -> Coalesce:
    """How many of `agreement_ids` match the outer row's criticality list (the `mineral_list`
    filter's rule, filters.AgreementFilter), as a correlated subquery: one query for every list."""
    through = Agreement.minerals.through.objects.filter(
        agreement_id__in=agreement_ids, mineral_id__in=minerals_on_outer_list(Mineral, MineralList)
    )
    distinct_count = Func(F("agreement_id"), template="COUNT(DISTINCT %(expressions)s)", output_field=IntegerField())
    return Coalesce(Subquery(through.order_by().annotate(n=distinct_count).values("n")[:1]), 0)


FACET_HEADINGS = {
    "party": lambda: _("Party"),
    "mineral": lambda: _("Mineral"),
    "mineral_list": lambda: _("Criticality list"),
    "stage": lambda: _("Value-chain stage"),
    "instrument": lambda: _("Instrument kind"),
    "status": lambda: _("Status"),
    "kind": lambda: _("Kind of agreement"),
    "year": lambda: _("Year signed"),
}


def _page_query(request):
    """The parameters the search page and its export understand: the filters and `page`."""
    return known_query(request.GET, AgreementPageFilter, "page")


def agreement_list(request):
    today = timezone.localdate()
    data = _page_query(request)
    agreements = Agreement.objects.visible_to(request.user)
    filterset = agreement_filterset(request, agreements.for_table(today), today)
    page = paginate(request, filterset.qs)
    counts = _facet_counts(filterset, agreements)
    facets = []
    active = []
    for key in FACETS:
        selected = data.getlist(key)
        options = []
        for value, label, count in counts[key]:
            is_selected = value in selected
            options.append(
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "selected": is_selected,
                    "url": toggle_url(data, key, value),
                }
            )
            if is_selected:
                active.append({"label": label, "heading": FACET_HEADINGS[key](), "url": toggle_url(data, key, value)})
        facets.append(
            {"key": key, "heading": FACET_HEADINGS[key](), "options": options, "any_selected": bool(selected)}
        )
    facet_hidden = [(key, value) for key in FACETS for value in data.getlist(key)]
    dates = [(key, data[key]) for key in ("signed_after", "signed_before") if data.get(key)]
    hidden = facet_hidden + dates
    # The date form keeps everything but the dates it edits.
    date_hidden = facet_hidden + [(key, data[key]) for key in ("q", "sort") if data.get(key)]
    for key, value in dates:
        active.append(
            {
                "label": value,
                "heading": _("Signed on or after") if key == "signed_after" else _("Signed on or before"),
                "url": "?" + query_without(data, key, "page").urlencode(),
            }
        )
    context = {
        "filterset": filterset,
        "page": page,
        "facets": facets,
        "active": active,
        "hidden": hidden,
        "date_hidden": date_hidden,
        "signed_after": data.get("signed_after", ""),
        "signed_before": data.get("signed_before", ""),
        "sort": _current_sort(filterset),
        "sorts": list(AGREEMENT_SORTS.items()),
        "q": data.get("q", ""),
        "query": query_without(data, "page").urlencode(),
        "page_query": query_without(data, "page").urlencode(),
        "today": today,
    }
    return render(request, "agreements/agreement_list.html", context)


def agreement_filterset(request, queryset, today):
    """The search page's filters (AgreementPageFilter) over `queryset`, from the request's known
    parameters: the one filterset behind the page, its CSV export and its calendar."""
    return AgreementPageFilter(_page_query(request), queryset=queryset, request=request, today=today)


def agreement_export(request):
    """The current result of the search page as CSV (same query string, no paging): the table's
    columns with names and codes (csv_export.AGREEMENT_COLUMNS). Filters that are not understood
    are a 400 naming them."""
    today = timezone.localdate()
    filterset = agreement_filterset(request, Agreement.objects.visible_to(request.user).for_list(today), today)
    if not filterset.is_valid():
        return filter_errors_response(filterset, what="exported")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agreements.csv"'
    writer = csv_export.writer(response)
    writer.writerow(csv_export.AGREEMENT_COLUMNS)
    for agreement in filterset.qs[:EXPORT_LIMIT]:
        writer.writerow(
            csv_export.agreement_row(agreement, url=request.build_absolute_uri(agreement.get_absolute_url()))
        )
    return response


def _history(agreement):
    records = list(
        agreement.history.select_related("history_user").order_by("-history_date", "-history_id")[: HISTORY_ROWS + 1]
    )
    rows = []
    for index, record in enumerate(records[:HISTORY_ROWS]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=HISTORY_FIELDS)
            changes = [
                {"field": Agreement._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                for c in delta.changes
            ]
        rows.append({"record": record, "changes": changes, "kind": record.get_history_type_display()})
    return rows


def _detail_queryset(today, reader):
    """The detail page's agreement: for_list's rows; the implementation test, the related
    agreements (drafts among them for those who may see drafts) and the discrepancies as columns;
    the instruments with payer and every reported amount, and the milestones with their outcome
    (one query each)."""
    instruments = Instrument.objects.select_related("responsible", "payer", "source").prefetch_related(
        "stages", "minerals", "reported_amounts"
    )
    milestones = Milestone.objects.select_related("responsible", "instrument").with_outcome(today)
    return (
        Agreement.objects.visible_to(reader)
        .for_list(today)
        .with_implementation()
        .with_related_rows(drafts=can_see_drafts(reader))
        .with_discrepancy_rows()
        .prefetch_related(
            Prefetch("instruments", queryset=instruments),
            Prefetch("milestones", queryset=milestones.order_by(F("deadline").asc(nulls_last=True), "pk")),
        )
    )


IMPLEMENTATION_TESTS = [
    ("permits_granted", lambda: _("permits granted")),
    ("offtake_signed", lambda: _("an offtake contract signed")),
    ("environment_approved", lambda: _("the environmental review approved")),
    ("capital_cost_stated", lambda: _("a stated capital cost")),
]


def _implementation_rows(implementation: dict) -> list[dict]:
    total = implementation.get("projects", 0)
    return [
        {"key": key, "label": label(), "count": implementation.get(key, 0), "total": total}
        for key, label in IMPLEMENTATION_TESTS
    ]


GRADE_WORDS = {
    EvidenceGrade.PRIMARY: lambda: _("primary source"),
    EvidenceGrade.SECONDARY: lambda: _("secondary source"),
}


def _discrepancies(rows: list[dict]) -> list[dict]:
    """The discrepancy rows with each claim's grade in words (the claims keep their recorded order)."""
    return [
        {**row, "claims": [{**claim, "grade_label": GRADE_WORDS[claim["grade"]]()} for claim in row["claims"]]}
        for row in rows
    ]


def agreement_detail(request, slug):
    today = timezone.localdate()
    agreement = get_object_or_404(_detail_queryset(today, request.user), slug=slug)
    stages = list(ValueChainStage.objects.all())
    instruments = list(agreement.instruments.all())
    matrix = []
    for instrument in instruments:
        touched = {stage.pk for stage in instrument.stages.all()}
        matrix.append(
            {
                "instrument": instrument,
                "cells": [stage.pk in touched for stage in stages],
                "stages": [stage for stage in stages if stage.pk in touched],  # the phone's list
            }
        )
    used_stage_ids = {pk for instrument in instruments for pk in (s.pk for s in instrument.stages.all())}
    milestones = list(agreement.milestones.all())
    annotate_lateness(milestones, today)
    projects = (
        Project.objects.filter(
            id__in=Project.instruments.through.objects.filter(instrument__agreement=agreement).values("project_id")
        )
        .select_related("country", "stage")
        .prefetch_related(
            Prefetch(
                "instruments", queryset=Instrument.objects.filter(agreement=agreement), to_attr="agreement_instruments"
            )
        )
    )
    cards = scorecards(Milestone.objects.filter(agreement=agreement), by="agreement", today=today)
    card, scope = (cards[0] if cards else None), {"agreement": agreement.slug}
    watching = request.user.is_authenticated and Watch.objects.filter(user=request.user, agreement=agreement).exists()
    context = {
        "agreement": agreement,
        "memberships": agreement.memberships.all(),
        "stages": stages,
        "used_stage_ids": used_stage_ids,
        "matrix": matrix,
        # The money table: instruments with an amount, a payer or a reported figure.
        "money_instruments": [i for i in instruments if i.amount is not None or i.payer_id or i.reported_amounts.all()],
        "instrument_count": len(instruments),
        "milestones": milestones,
        "scorecard": card,
        "scorecard_rows": scorecard_rows(card, scope),
        "scorecard_summary": scorecard_summary(card, scope),
        "implementation": _implementation_rows(agreement.implementation),
        "timeline": build_timeline(signed_on=agreement.signed_on, milestones=milestones, today=today),
        "gantt": build_gantt(milestones, today=today),
        "projects": projects,
        "history": _history(agreement),
        "related": [
            {
                **row,
                "sentence": relation_sentence(
                    row["relation"],
                    this=str(agreement),
                    other_url=reverse("agreement-detail", kwargs={"slug": row["slug"]}),
                    other_title=row["short_title"] or row["title"],
                ),
            }
            for row in agreement.related_rows
        ],
        "discrepancies": _discrepancies(agreement.discrepancy_rows),
        "watching": watching,
        "today": today,
    }
    return render(request, "agreements/agreement_detail.html", context)
