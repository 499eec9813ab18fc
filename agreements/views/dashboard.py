"""The dashboard: overdue now, due in 30 and 90 days, newest agreements, counts."""

import datetime

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from agreements.models import Agreement, Milestone, Mineral, Party, ValueChainStage
from agreements.views.milestones import annotate_lateness

DASHBOARD_ROWS = 8
COUNT_ROWS = 10


def dashboard(request):
    today = timezone.localdate()
    # The counts drop the outcome annotation; the rows carry it (one query each).
    overdue = Milestone.objects.overdue_on(today).for_list().with_outcome(today).order_by("deadline", "pk")
    soon = Milestone.objects.due_between(today, today + datetime.timedelta(days=30)).for_list().with_outcome(today)
    later = (
        Milestone.objects.due_between(today + datetime.timedelta(days=31), today + datetime.timedelta(days=90))
        .for_list()
        .with_outcome(today)
    )
    context = {
        "today": today,
        "overdue": annotate_lateness(list(overdue[:DASHBOARD_ROWS]), today),
        "overdue_total": overdue.count(),
        "due_30": annotate_lateness(list(soon.order_by("deadline", "pk")[:DASHBOARD_ROWS]), today),
        "due_30_total": soon.count(),
        "due_90": annotate_lateness(list(later.order_by("deadline", "pk")[:DASHBOARD_ROWS]), today),
        "due_90_total": later.count(),
        "newest": Agreement.objects.for_table(today)[:DASHBOARD_ROWS],
        "agreement_total": Agreement.objects.count(),
        "by_party": Party.objects.annotate(n=Count("memberships")).filter(n__gt=0).order_by("-n", "name")[:COUNT_ROWS],
        "by_mineral": Mineral.objects.annotate(n=Count("agreements"))
        .filter(n__gt=0)
        .order_by("-n", "name")[:COUNT_ROWS],
        "by_stage": ValueChainStage.objects.annotate(n=Count("agreements")).order_by("order", "pk"),
    }
    return render(request, "agreements/dashboard.html", context)
