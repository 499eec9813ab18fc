"""The deadline board: every milestone, filterable, late ones highlighted with days late."""

import datetime

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.choices import OPEN_MILESTONE_STATUSES, MilestoneStatus
from agreements.deadlines import add_calendar_months, days_late, is_overdue
from agreements.models import Agreement, Milestone, Party
from agreements.page_filters import MilestonePageFilter
from agreements.views.common import clean_query, known_query, paginate

BOARD_PAGE_SIZE = 50
DUE_WITHIN_CHOICES = [7, 30, 60, 90, 180]


def annotate_lateness(milestones, today: datetime.date):
    """Per row, the one-row form of the overdue rule (deadlines.is_overdue) and the days late."""
    for milestone in milestones:
        milestone.is_open = milestone.status in OPEN_MILESTONE_STATUSES
        milestone.is_late = is_overdue(status=milestone.status, deadline=milestone.deadline, today=today)
        milestone.days_late = days_late(deadline=milestone.deadline, today=today) if milestone.is_late else 0
    return milestones


def milestone_board(request):
    today = timezone.localdate()
    data = clean_query(request.GET)
    filterset = MilestonePageFilter(data, queryset=Milestone.objects.for_list(), today=today)
    page = paginate(request, filterset.qs.order_by("deadline", "pk"), BOARD_PAGE_SIZE)
    annotate_lateness(page.object_list, today)
    next_month = add_calendar_months(today.replace(day=1), 1)
    context = {
        "next_month_start": next_month,
        "next_month_end": add_calendar_months(next_month, 1) - datetime.timedelta(days=1),
        "filterset": filterset,
        "page": page,
        "today": today,
        "parties": Party.objects.only("slug", "name").order_by("name", "pk"),
        "agreements": Agreement.objects.only("slug", "title", "short_title").order_by("title", "pk"),
        "statuses": MilestoneStatus.choices,
        "due_within_choices": DUE_WITHIN_CHOICES,
        "selected_parties": data.getlist("party"),
        "selected_agreements": data.getlist("agreement"),
        "selected_statuses": data.getlist("status"),
        "overdue": data.get("overdue", ""),
        "due_within": data.get("due_within", ""),
        # Paging links repeat only the board's own filters, never an unknown parameter.
        "page_query": known_query(data, MilestonePageFilter).urlencode(),
    }
    return render(request, "agreements/milestone_board.html", context)


def milestone_detail(request, pk: int):
    """A milestone's own page: its wording, clock, outcome, evidence trail and history."""
    today = timezone.localdate()
    milestone = get_object_or_404(Milestone.objects.for_list().with_outcome(today).prefetch_related("evidence"), pk=pk)
    context = {
        "milestone": milestone,
        "agreement": milestone.agreement,
        "evidence": list(milestone.evidence.all()),
        "history": list(milestone.history.select_related("history_user").order_by("-history_date")[:20]),
        "today": today,
    }
    return render(request, "agreements/milestone_detail.html", context)
