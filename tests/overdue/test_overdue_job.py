"""The overdue rules as the job applies them (docs/deadlines.md, "The daily overdue job"), on real PostgreSQL."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.choices import AlertKind, MilestoneStatus
from agreements.models import Alert, Milestone
from agreements.services import agreement_update, flag_overdue, milestone_update
from agreements.tasks import flag_overdue_milestones
from tests.factories import AgreementFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def flagged_at(milestone: Milestone):
    return Milestone.objects.values_list("overdue_since", flat=True).get(pk=milestone.pk)


def update(milestone: Milestone, **data) -> Milestone:
    """milestone_update on a freshly loaded row, as the API and the admin do."""
    return milestone_update(milestone=Milestone.objects.get(pk=milestone.pk), data=data)


def log(milestone: Milestone, kind: str) -> list[tuple]:
    return list(
        Alert.objects.filter(milestone=milestone, kind=kind).order_by("pk").values_list("kind", "deadline", "recipient")
    )


def test_milestone_due_yesterday_is_flagged_and_logged(late, today, now):
    result = flag_overdue(today=today, now=now)

    assert (result.flagged, result.cleared) == (1, 0)
    assert flagged_at(late) == now
    assert log(late, AlertKind.FLAGGED) == [("flagged", today - DAY, None)]
    assert Alert.objects.get(milestone=late, kind=AlertKind.FLAGGED).created_at == now


def test_milestone_due_today_is_not_late(agreement, today, run):
    due_today = MilestoneFactory(agreement=agreement, due_on=today)

    result = run()

    assert result.flagged == 0
    assert flagged_at(due_today) is None
    assert log(due_today, AlertKind.FLAGGED) == []


def test_in_progress_milestone_past_its_deadline_is_flagged(agreement, today, run):
    started = MilestoneFactory(agreement=agreement, due_on=today - 3 * DAY, status=MilestoneStatus.IN_PROGRESS)

    assert run().flagged == 1
    assert flagged_at(started) is not None


def test_milestone_completed_before_the_check_is_never_flagged(agreement, today, run):
    done = MilestoneFactory(
        agreement=agreement, due_on=today - 10 * DAY, status=MilestoneStatus.COMPLETED, completed_on=today - 20 * DAY
    )

    assert run().flagged == 0
    assert flagged_at(done) is None


def test_flag_is_cleared_when_a_late_milestone_is_completed(late, today, run):
    run()
    update(late, status=MilestoneStatus.COMPLETED, completed_on=today)

    result = run()

    assert (result.flagged, result.cleared) == (0, 1)
    assert flagged_at(late) is None
    assert log(late, AlertKind.CLEARED) == [("cleared", today - DAY, None)]


def test_flag_is_cleared_when_a_late_milestone_is_cancelled(late, run):
    run()
    update(late, status=MilestoneStatus.CANCELLED)

    assert run().cleared == 1
    assert flagged_at(late) is None


@pytest.mark.parametrize("kind", ["expiry", "review"])
def test_expiries_and_reviews_past_their_date_are_never_flagged_nor_notified(
    agreement, watcher, kind, today, run, mailoutbox
):
    ended = MilestoneFactory(agreement=agreement, kind=kind, due_on=today - 30 * DAY)
    in_progress = MilestoneFactory(agreement=agreement, kind=kind, status="in_progress", due_on=today - DAY)

    first, second = run(), run(today + 60 * DAY)

    assert (first.flagged, second.flagged) == (0, 0)
    assert (flagged_at(ended), flagged_at(in_progress)) == (None, None)
    assert not Alert.objects.filter(milestone__in=[ended, in_progress]).exists()
    assert mailoutbox == []


def test_a_flagged_commitment_that_becomes_an_expiry_is_cleared(late, today, run):
    run()
    assert flagged_at(late) is not None
    update(late, kind="expiry")

    result = run()

    assert (result.flagged, result.cleared) == (0, 1)
    assert flagged_at(late) is None
    assert log(late, AlertKind.CLEARED) == [("cleared", today - DAY, None)]
    assert run().flagged == 0  # and stays unflagged


def test_flag_is_cleared_when_the_deadline_is_extended(late, today, run):
    run()
    update(late, due_on=today + 30 * DAY)

    result = run()

    assert result.cleared == 1
    assert flagged_at(late) is None
    # The clear is logged with the deadline that now applies.
    assert log(late, AlertKind.CLEARED) == [("cleared", today + 30 * DAY, None)]


def test_flag_is_cleared_when_the_deadline_moves_to_exactly_today(late, today, run):
    run()
    update(late, due_on=today)

    assert run().cleared == 1
    assert flagged_at(late) is None


def test_flag_still_late_after_a_small_extension_keeps_its_first_date(late, today, run, now):
    run()
    first = flagged_at(late)
    update(late, due_on=today - 2 * DAY)

    result = run()

    assert (result.flagged, result.cleared) == (0, 0)
    assert flagged_at(late) == first


def test_re_signing_later_moves_a_relative_deadline_and_clears_the_flag(today, run):
    # Signed 2025-10-28 + 6 months = 2026-04-28, before today (2026-05-15).
    agreement = AgreementFactory(signed_on=datetime.date(2025, 10, 28))
    six_months = MilestoneFactory(agreement=agreement, offset_months=6)
    assert run().flagged == 1

    agreement_update(agreement=agreement, data={"signed_on": datetime.date(2025, 12, 1)})

    six_months.refresh_from_db()
    assert six_months.deadline == datetime.date(2026, 6, 1)
    assert run().cleared == 1
    assert flagged_at(six_months) is None


def test_re_signing_earlier_makes_a_relative_deadline_late(today, run):
    agreement = AgreementFactory(signed_on=datetime.date(2025, 12, 1))
    days_180 = MilestoneFactory(agreement=agreement, offset_days=180)  # 2026-05-30
    assert run().flagged == 0

    agreement_update(agreement=agreement, data={"signed_on": datetime.date(2025, 10, 28)})  # now 2026-04-26

    assert run().flagged == 1
    assert log(days_180, AlertKind.FLAGGED) == [("flagged", datetime.date(2026, 4, 26), None)]


def test_second_run_changes_nothing(late, agreement, watcher, today, run, mailoutbox):
    MilestoneFactory(agreement=agreement, due_on=today + 5 * DAY)  # gets a reminder
    first = run()
    alerts_after_first = Alert.objects.count()
    flagged_since = flagged_at(late)

    second = run()

    assert (first.flagged, first.notices, first.reminders) == (1, 1, 1)
    assert (second.flagged, second.cleared, second.notices, second.reminders, second.emails) == (0, 0, 0, 0, 0)
    assert Alert.objects.count() == alerts_after_first
    assert flagged_at(late) == flagged_since
    assert len(mailoutbox) == 1


def test_a_milestone_late_again_after_a_new_deadline_is_flagged_again(late, today, run):
    run()
    update(late, due_on=today + DAY)
    run()  # cleared
    result = run(today + 5 * DAY)  # the new deadline has passed too

    assert result.flagged == 1
    assert [row[:2] for row in log(late, AlertKind.FLAGGED)] == [
        ("flagged", today - DAY),
        ("flagged", today + DAY),
    ]


def test_the_check_is_a_fixed_number_of_queries_whatever_the_number_of_milestones(agreement, today, now):

    def queries_for(count: int, day: datetime.date) -> int:
        for _ in range(count):
            MilestoneFactory(agreement=agreement, due_on=day - DAY)
        with CaptureQueriesContext(connection) as captured:
            result = flag_overdue(today=day, now=now + datetime.timedelta(days=(day - today).days))
        assert result.flagged == count
        return len(captured)

    assert queries_for(2, today) == queries_for(20, today + 100 * DAY)


def test_command_prints_the_counts(late, watcher, today):
    out = StringIO()
    call_command("flag_overdue", "--date", today.isoformat(), stdout=out)

    assert out.getvalue().strip() == "flagged 1, cleared 0, overdue notices 1, reminders 0"
    assert flagged_at(late) is not None


def test_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("flag_overdue", "--date", "15.05.2026")


def test_command_without_date_uses_today_in_the_time_zone(agreement, pinned_today):
    yesterday = MilestoneFactory(agreement=agreement, due_on=pinned_today - DAY)
    due_today = MilestoneFactory(agreement=agreement, due_on=pinned_today)

    call_command("flag_overdue", stdout=StringIO())

    assert flagged_at(yesterday) is not None
    assert flagged_at(due_today) is None


@pytest.mark.parametrize(
    ("zone", "utc_time", "local_today"),
    [
        # East of UTC (UTC+14): at 23:00 UTC on the 15th it is already the 16th there.
        ("Pacific/Kiritimati", datetime.datetime(2026, 5, 15, 23, tzinfo=datetime.UTC), datetime.date(2026, 5, 16)),
        # West of UTC (UTC−12): at 01:00 UTC on the 15th it is still the 14th there.
        ("Etc/GMT+12", datetime.datetime(2026, 5, 15, 1, tzinfo=datetime.UTC), datetime.date(2026, 5, 14)),
    ],
)
def test_task_uses_the_date_in_time_zone_not_in_utc(settings, set_clock, agreement, zone, utc_time, local_today):
    settings.TIME_ZONE = zone
    set_clock(utc_time)
    utc_today = utc_time.date()
    assert timezone.localdate() == local_today
    # Late by the local date, on time by the UTC date (or the other way round west of UTC).
    boundary = MilestoneFactory(agreement=agreement, due_on=min(local_today, utc_today))
    on_time = MilestoneFactory(agreement=agreement, due_on=max(local_today, utc_today))

    counts = flag_overdue_milestones.apply().get()

    late_locally = boundary.deadline < local_today
    assert late_locally is (local_today > utc_today)  # east: late by the local date only; west: by UTC only
    assert (flagged_at(boundary) is not None) is late_locally
    assert flagged_at(on_time) is None
    assert counts["flagged"] == int(late_locally)


def test_task_runs_eagerly_and_returns_the_counts(agreement, pinned_today):
    MilestoneFactory(agreement=agreement, due_on=pinned_today - 2 * DAY)

    counts = flag_overdue_milestones.apply().get()

    assert counts == {
        "flagged": 1,
        "cleared": 0,
        "notices": 0,
        "reminders": 0,
        "outcome_notices": 0,
        "emails": 0,
        "failed": 0,
    }
    assert flag_overdue_milestones.name == "agreements.tasks.flag_overdue_milestones"


def test_beat_schedule_names_the_registered_task(settings):
    from tracker.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["flag-overdue-milestones"]
    assert entry["task"] in app.tasks
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
