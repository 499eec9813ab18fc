"""The deadline board (every milestone with its outcome, filterable, with a CSV of the same rows)
and a milestone's own page (wording, clock, outcome, evidence trail, history)."""

import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import csv_export
from agreements.choices import OPEN_MILESTONE_STATUSES, DeadlineAnchor, MilestoneKind, MilestoneStatus, Outcome
from agreements.deadlines import add_calendar_months, days_late, is_overdue
from agreements.models import Agreement, AgreementParty, Instrument, Milestone, Party
from agreements.page_filters import MilestonePageFilter
from agreements.views.common import filter_errors_response, known_query, paginate, query_without
from agreements.views.gantt import build_gantt

BOARD_PAGE_SIZE = 50
BOARD_EXPORT_LIMIT = 10_000
DUE_WITHIN_CHOICES = [7, 30, 60, 90, 180]
HISTORY_ROWS = 20
HISTORY_FIELDS = [
    "title",
    "kind",
    "description",
    "commitment_text",
    "due_on",
    "anchor",
    "offset_months",
    "offset_days",
    "status",
    "completed_on",
    "responsible",
    "instrument",
    "last_checked_on",
    "notes",
]
# Filters the board's form has no field for: kept as hidden fields and shown as removable chips.
BOARD_HIDDEN_FILTERS = (
    "responsible",
    "joint",
    "due",
    "due_after",
    "due_before",
    "search",
    "instrument",
    "outcome_changed_within",
)


def annotate_lateness(milestones, today: datetime.date):
    """Per row, the one-row form of the overdue rule (deadlines.is_overdue) and the days overdue.

    `overdue_days` (the flag's count), not `days_late`: rows loaded `with_outcome` carry the
    outcome's own `days_late` (a met-late milestone is late by its delivery date, not today).
    """
    for milestone in milestones:
        milestone.is_open = milestone.status in OPEN_MILESTONE_STATUSES
        milestone.is_late = is_overdue(
            status=milestone.status, deadline=milestone.deadline, today=today, kind=milestone.kind
        )
        milestone.overdue_days = days_late(deadline=milestone.deadline, today=today) if milestone.is_late else 0
    return milestones


def board_rows(today: datetime.date, reader):
    """The board's rows that `reader` may see: what the table shows, with the outcome of each
    (one query per page)."""
    return Milestone.objects.visible_to(reader).for_list().with_outcome(today)


def board_filterset(request, today: datetime.date, rows=None):
    """The board's filters (MilestonePageFilter) over `rows` (default: the board's), from the
    request's known parameters: the one filterset behind the board, its CSV and its calendar."""
    rows = board_rows(today, request.user) if rows is None else rows
    data = known_query(request.GET, MilestonePageFilter, "page")
    return data, MilestonePageFilter(data, queryset=rows, request=request, today=today)


def _chips(data) -> list[dict]:
    """The filters without a form field (set by a scorecard's link), each with a link without it."""
    labels = {
        "responsible": _("Responsible"),
        "joint": _("Jointly (no party named)"),
        "due": _("Due"),
        "due_after": _("Due on or after"),
        "due_before": _("Due on or before"),
        "search": _("Search"),
        "instrument": _("Instrument"),
        "outcome_changed_within": _("Outcome changed in the last … days"),
    }
    chips = []
    for key in BOARD_HIDDEN_FILTERS:
        for value in data.getlist(key):
            chips.append(
                {"heading": labels[key], "label": value, "url": "?" + query_without(data, key, "page").urlencode()}
            )
    return chips


def milestone_board(request):
    today = timezone.localdate()
    data, filterset = board_filterset(request, today)
    page = paginate(request, filterset.qs.order_by("deadline", "pk"), BOARD_PAGE_SIZE)
    annotate_lateness(page.object_list, today)
    gantt = build_gantt(page.object_list, today=today, show_agreement=True)
    next_month = add_calendar_months(today.replace(day=1), 1)
    page_query = query_without(data, "page").urlencode()
    context = {
        "next_month_start": next_month,
        "next_month_end": add_calendar_months(next_month, 1) - datetime.timedelta(days=1),
        "filterset": filterset,
        "page": page,
        "gantt": gantt,
        "today": today,
        "parties": Party.objects.only("slug", "name", "name_de").order_by("name", "pk"),
        "agreements": Agreement.objects.visible_to(request.user)
        .only("slug", "title", "short_title")
        .order_by("title", "pk"),
        "statuses": MilestoneStatus.choices,
        "outcomes": Outcome.choices,
        "kinds": MilestoneKind.choices,
        "due_within_choices": DUE_WITHIN_CHOICES,
        "selected_parties": data.getlist("party"),
        "selected_agreements": data.getlist("agreement"),
        "selected_statuses": data.getlist("status"),
        "selected_outcomes": data.getlist("outcome"),
        "selected_kinds": data.getlist("kind"),
        "overdue": data.get("overdue", ""),
        "due_within": data.get("due_within", ""),
        "hidden": [(key, value) for key in BOARD_HIDDEN_FILTERS for value in data.getlist(key)],
        "chips": _chips(data),
        # Paging and export links repeat only the board's own filters, never an unknown parameter.
        "page_query": page_query,
    }
    return render(request, "agreements/milestone_board.html", context)


def milestone_export(request):
    """The board's rows as CSV (same filters, no paging): its columns with names and codes and
    the outcome in words (csv_export.MILESTONE_COLUMNS)."""
    today = timezone.localdate()
    _data, filterset = board_filterset(request, today)
    if not filterset.is_valid():
        return filter_errors_response(filterset, what="exported")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="milestones.csv"'
    writer = csv_export.writer(response)
    writer.writerow(csv_export.MILESTONE_COLUMNS)
    milestones = annotate_lateness(list(filterset.qs.order_by("deadline", "pk")[:BOARD_EXPORT_LIMIT]), today)
    for milestone in milestones:
        url = request.build_absolute_uri(milestone.get_absolute_url())
        writer.writerow(csv_export.milestone_row(milestone, today=today, url=url))
    return response


def _history(milestone, *, show_users: bool) -> list[dict]:
    """The milestone's simple_history rows, newest first, each with what changed since the one before.

    Related rows (responsible party, instrument) are named with one query each, whatever the
    number of rows.
    """
    records = list(
        milestone.history.select_related("history_user").order_by("-history_date", "-history_id")[: HISTORY_ROWS + 1]
    )
    rows = []
    for index, record in enumerate(records[:HISTORY_ROWS]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            changes = list(record.diff_against(previous, included_fields=HISTORY_FIELDS).changes)
        rows.append(
            {
                "record": record,
                "changes": changes,
                "kind": record.get_history_type_display(),
                "user": record.history_user if show_users else None,
            }
        )
    names = {
        "responsible": _names(Party, rows, "responsible"),
        "instrument": _names(Instrument, rows, "instrument"),
    }
    for row in rows:
        row["changes"] = [
            {
                "field": Milestone._meta.get_field(change.field).verbose_name,
                "old": _shown(change.field, change.old, names),
                "new": _shown(change.field, change.new, names),
            }
            for change in row["changes"]
        ]
    return rows


def _names(model, rows, field: str) -> dict:
    ids = {
        value
        for row in rows
        for change in row["changes"]
        if change.field == field
        for value in (change.old, change.new)
    }
    ids.discard(None)
    if not ids:
        return {}
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}


def _shown(field: str, value, names: dict):
    """A history value as the page shows it: choices by label, related rows by name."""
    if value in (None, ""):
        return ""
    if field in names:
        return names[field].get(value, f"#{value}")
    model_field = Milestone._meta.get_field(field)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def milestone_detail(request, pk: int):
    """A milestone's own page: its wording, clock, outcome, evidence trail and history."""
    today = timezone.localdate()
    memberships = AgreementParty.objects.select_related("party").order_by("party__name", "pk")
    milestone = get_object_or_404(
        Milestone.objects.visible_to(request.user)
        .select_related("agreement", "responsible", "instrument", "source")
        .with_outcome(today)
        .prefetch_related(Prefetch("agreement__memberships", queryset=memberships)),
        pk=pk,
    )
    annotate_lateness([milestone], today)
    agreement = milestone.agreement
    anchor_date = (
        agreement.entered_into_force_on if milestone.anchor == DeadlineAnchor.ENTRY_INTO_FORCE else agreement.signed_on
    )
    context = {
        "milestone": milestone,
        "agreement": agreement,
        "anchor_date": anchor_date,
        "parties": [m.party for m in agreement.memberships.all()],
        "evidence": list(milestone.evidence.all()),
        "history": _history(milestone, show_users=request.user.is_staff),
        "today": today,
    }
    return render(request, "agreements/milestone_detail.html", context)
