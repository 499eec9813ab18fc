"""The dashboard: overdue now, due in 30 and 90 days, what is new in the last 30 days, newest
agreements, counts, and the charts over time (views/charts.py)."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from agreements.freshness import NEW_WITHIN_DAYS
from agreements.models import Agreement, Milestone, Mineral, Party, ValueChainStage
from agreements.querysets import visible_q
from agreements.services.freshness import recent_changes
from agreements.views.charts import dashboard_charts
from agreements.views.milestones import annotate_lateness

DASHBOARD_ROWS = 8
COUNT_ROWS = 10
RECENT_ROWS = 5


def _recent(agreements, today: datetime.date) -> dict:
    """ "New in the last 30 days" among `agreements` (those the reader may see): each line's rows, its total
    and a link to everything it counts (the search page by signing date, the deadline board by
    `outcome_changed_within`)."""
    changes = recent_changes(agreements=agreements, today=today, days=NEW_WITHIN_DAYS)
    window = changes.window
    signed_query = {"signed_after": window.start.isoformat(), "signed_before": window.end.isoformat()}
    return {
        "days": NEW_WITHIN_DAYS,
        "window": window,
        "agreements": list(changes.agreements_signed.only("slug", "title", "short_title", "signed_on")[:RECENT_ROWS]),
        "agreements_total": changes.agreements_signed.count(),
        "agreements_url": f"{reverse('agreement-list')}?{urlencode(signed_query)}",
        "evidence": list(changes.evidence_recorded[:RECENT_ROWS]),
        "evidence_total": changes.evidence_recorded.count(),
        "outcomes": list(changes.outcomes_changed[:RECENT_ROWS]),
        "outcomes_total": changes.outcomes_changed.count(),
        "outcomes_url": f"{reverse('milestone-board')}?{urlencode({'outcome_changed_within': NEW_WITHIN_DAYS})}",
    }


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
        "recent": _recent(agreements, today),
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
        **dashboard_charts(today),
    }
    return render(request, "agreements/dashboard.html", context)
