"""Two runs at the same time, on separate database connections: one flag and one e-mail each."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from agreements.choices import AlertKind
from agreements.models import Alert, Milestone
from agreements.services import flag_overdue
from tests.factories import AgreementFactory, MilestoneFactory, UserFactory, WatchFactory

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)


def run_concurrently(today: datetime.date, *, runs: int = 2, hold_rows: bool = True) -> list:
    """Starts `runs` jobs in threads (each with its own connection) and returns their results.

    With `hold_rows`, this connection first locks every milestone, so all runs start and block
    on the same rows; releasing the lock lets them race for real.
    """
    results, errors = [], []
    started = threading.Barrier(runs + 1)

    def worker():
        try:
            started.wait()
            results.append(flag_overdue(today=today, now=timezone.now()))
        except Exception as error:  # reported below, with the thread's traceback lost otherwise
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(runs)]
    try:
        with transaction.atomic():
            if hold_rows:
                list(Milestone.objects.select_for_update().values_list("id", flat=True))
            for thread in threads:
                thread.start()
            started.wait()
            if hold_rows:
                _wait_until_blocked(runs)
    finally:
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == runs
    return results


def _wait_until_blocked(runs: int, timeout: float = 10.0) -> None:
    """Waits until the runs wait on this connection's row locks (pg_stat_activity)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_stat_activity is a per-transaction snapshot: refresh it on every look.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= runs:
                return
            time.sleep(0.02)
    pytest.fail("the runs never reached the locked rows")


@pytest.fixture
def setup(today):
    agreement = AgreementFactory()
    milestones = [MilestoneFactory(agreement=agreement, due_on=today - n * DAY) for n in (1, 2, 3)]
    watchers = [UserFactory(username=f"watcher-{n}") for n in range(3)]
    for user in watchers:
        WatchFactory(user=user, agreement=agreement)
    return milestones, watchers


def test_two_concurrent_runs_flag_each_milestone_once_and_email_each_watcher_once(setup, today, mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.SlowBackend"  # both runs meet at the send step too
    milestones, watchers = setup

    results = run_concurrently(today)

    assert sorted(r.flagged for r in results) == [0, 3]
    assert sum(r.notices for r in results) == 9  # 3 milestones x 3 watchers, each once
    assert sum(r.emails for r in results) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in watchers)
    assert Alert.objects.filter(kind=AlertKind.FLAGGED).count() == 3
    assert Alert.objects.filter(kind=AlertKind.OVERDUE_NOTICE).count() == 9
    assert Alert.objects.unsent().count() == 0
    assert Milestone.objects.filter(overdue_since__isnull=True).count() == 0
    for email in mailoutbox:
        assert all(m.title in email.body for m in milestones)


def test_concurrent_runs_clear_each_flag_once(setup, today):
    milestones, _ = setup
    flag_overdue(today=today, now=timezone.now())
    Milestone.objects.filter(pk=milestones[0].pk).update(status="cancelled")

    results = run_concurrently(today)

    assert sorted(r.cleared for r in results) == [0, 1]
    assert Alert.objects.filter(kind=AlertKind.CLEARED).count() == 1


def test_three_runs_without_a_head_start_still_send_once(setup, today, mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.SlowBackend"

    results = run_concurrently(today, runs=3, hold_rows=False)

    assert sum(r.flagged for r in results) == 3
    assert len(mailoutbox) == 3
    assert Alert.objects.filter(kind=AlertKind.OVERDUE_NOTICE).count() == 9
