"""The dashboard: overdue now, due in 30 and 90 days, newest agreements, counts."""

import datetime

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from agreements.models import Agreement, Milestone, Mineral, Party, ValueChainStage
from agreements.querysets import visible_q
from agreements.views.milestones import annotate_lateness

DASHBOARD_ROWS = 8
COUNT_ROWS = 10


def dashboard(request):
    today = timezone.localdate()
    user = request.user
    milestones = Milestone.objects.visible_to(user)
    agreements = Agreement.objects.visible_to(user)
    # The counts drop the outcome annotation; the rows carry it (one query each).
    overdue = milestones.overdue_on(today).for_list().with_outcome(today).order_by("deadline", "pk")
    soon = milestones.due_between(today, today + datetime.timedelta(days=30)).for_list().with_outcome(today)
    later = (
        milestones.due_between(today + datetime.timedelta(days=31), today + datetime.timedelta(days=90))
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
        "newest": agreements.for_table(today)[:DASHBOARD_ROWS],
        "agreement_total": agreements.count(),
        "by_party": Party.objects.annotate(n=Count("memberships", filter=visible_q(user, "memberships__agreement__")))
        .filter(n__gt=0)
        .order_by("-n", "name")[:COUNT_ROWS],
        "by_mineral": Mineral.objects.annotate(n=Count("agreements", filter=visible_q(user, "agreements__")))
        .filter(n__gt=0)
        .order_by("-n", "name")[:COUNT_ROWS],
        "by_stage": ValueChainStage.objects.annotate(
            n=Count("agreements", filter=visible_q(user, "agreements__"))
        ).order_by("order", "pk"),
    }
    return render(request, "agreements/dashboard.html", context)
