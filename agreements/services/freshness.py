"""What is new in the last N days: agreements signed, evidence recorded and outcomes changed.

The window and the outcome rule are `agreements.freshness` (pure) and its SQL twin
`MilestoneQuerySet.outcome_changed_between`; this module applies them to the agreements a reader
may see. The dashboard shows the result; `/api/milestones/?outcome_changed_within=N` and the
deadline board filter by the same rule.
"""

import dataclasses
import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from agreements.freshness import NEW_WITHIN_DAYS, Window, last_days
from agreements.models import Agreement, Evidence, Milestone


@dataclasses.dataclass(frozen=True)
class RecentChanges:
    window: Window
    agreements_signed: QuerySet  # Agreement rows signed in the window, latest first
    evidence_recorded: QuerySet  # Evidence rows created in the window, latest first
    outcomes_changed: QuerySet  # Milestone rows annotated `outcome_before` and `outcome_after`


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in TIME_ZONE, where "today" is (settings.TIME_ZONE)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recorded_within(queryset: QuerySet, window: Window) -> QuerySet:
    """Rows created (`created_at`) on a day of `window`, days as in TIME_ZONE."""
    return queryset.filter(
        created_at__gte=_start_of(window.start), created_at__lt=_start_of(window.end + datetime.timedelta(days=1))
    )


def recent_changes(
    *, agreements: QuerySet[Agreement], today: datetime.date, days: int = NEW_WITHIN_DAYS
) -> RecentChanges:
    """What happened in the last `days` days up to `today`, among `agreements` (those the reader may see)."""
    window = last_days(today, days)
    visible = agreements.values("pk")
    return RecentChanges(
        window=window,
        agreements_signed=agreements.filter(signed_on__gte=window.start, signed_on__lte=window.end).order_by(
            "-signed_on", "-pk"
        ),
        evidence_recorded=recorded_within(Evidence.objects.filter(agreement_id__in=visible), window)
        .select_related("milestone", "agreement")
        .order_by("-created_at", "-pk"),
        outcomes_changed=Milestone.objects.filter(agreement_id__in=visible)
        .outcome_changed_between(window.start, window.end)
        .select_related("agreement")
        .order_by(F("deadline").desc(nulls_last=True), "-pk"),
    )


def agreements_mark_reviewed(*, agreements, today: datetime.date) -> int:
    """ "Reviewed today": sets `reviewed_on` on each agreement not already reviewed today, one save
    each so the change history records it; returns how many changed. Who may: the change
    permission (the callers check)."""
    changed = 0
    for agreement in agreements:
        if agreement.reviewed_on == today:
            continue
        agreement.reviewed_on = today
        agreement.save(update_fields=["reviewed_on", "updated_at"])
        changed += 1
    return changed
