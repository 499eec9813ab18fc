"""Watchers hear once when new or changed evidence changes a watched milestone's outcome.

The evidence service queues one `outcome_notice` row per watcher and evidence item; after commit
the `send_alerts` task (run eagerly here, in this process) claims and e-mails them, exactly once.
"""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from agreements.choices import AlertKind
from agreements.models import Alert
from agreements.services import send_pending_alerts
from agreements.services.evidence import evidence_create, evidence_update
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    MilestoneFactory,
    OrganizationFactory,
    UserFactory,
    WatchFactory,
)
from tracker.celery import app as celery_app

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def eager_tasks():
    """The tasks queued on commit run at once in this process (no worker, no broker)."""
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture
def add_evidence(today, django_capture_on_commit_callbacks, eager_tasks):
    """Creates an evidence item through the service and runs what it queued on commit."""

    def add(milestone, **fields):
        data = {
            "milestone": milestone,
            "occurred_on": today - DAY,
            "summary": "The working group met for the first time",
            "verdict": "fulfils",
            "grade": "primary",
            "source_url": "https://example.org/press/working-group",
            "source_title": "Joint press release",
            "source_publisher": "Ministry of Trade",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return evidence_create(data=data, today=today)

    return add


def outcome_notices() -> list[tuple]:
    """(milestone, recipient, outcome, unsent) of every outcome notice."""
    rows = Alert.objects.filter(kind=AlertKind.OUTCOME_NOTICE).values_list(
        "milestone_id", "recipient__username", "outcome", "sent_at"
    )
    return [(milestone, recipient, outcome, sent_at is None) for milestone, recipient, outcome, sent_at in rows]


def test_new_evidence_that_changes_the_outcome_sends_one_email_with_the_evidence(
    late, watcher, add_evidence, mailoutbox, settings
):
    settings.SITE_URL = "https://tracker.example.org"

    evidence = add_evidence(late)

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [watcher.email]
    assert email.subject == f"[Minerals Tracker] Outcome changed: {late.title} (Met on time)"
    html = email.alternatives[0][0]
    for part in (email.body, html):
        assert late.title in part
        assert str(late.agreement) in part
        assert "Met on time" in part
        assert "The working group met for the first time" in part
        assert str(evidence.occurred_on) in part
        assert "https://example.org/press/working-group" in part
        assert f"https://tracker.example.org/milestones/{late.pk}/" in part
    assert "Joint press release" in email.body and "Ministry of Trade" in email.body
    assert '<a href="https://example.org/press/working-group">Joint press release</a>' in html
    assert outcome_notices() == [(late.pk, watcher.username, "met_on_time", False)]


def test_a_second_send_and_the_daily_run_send_nothing_again(late, watcher, add_evidence, mailoutbox, run, now):
    add_evidence(late)
    assert len(mailoutbox) == 1

    assert send_pending_alerts(now=now).emails == 0
    run()  # the daily job sends what is unsent: nothing of this

    assert len(mailoutbox) == 1
    assert Alert.objects.unsent().count() == 0


def test_related_evidence_changes_no_outcome_and_sends_nothing(late, watcher, add_evidence, mailoutbox):
    add_evidence(late, verdict="related", summary="Officials discussed the line")

    assert mailoutbox == []
    assert outcome_notices() == []


def test_evidence_on_an_unwatched_milestone_sends_nothing(add_evidence, today, mailoutbox):
    unwatched = MilestoneFactory(agreement=AgreementFactory(), due_on=today - DAY)
    UserFactory(username="bystander")

    add_evidence(unwatched)

    assert mailoutbox == []
    assert outcome_notices() == []


def test_changing_an_item_so_the_outcome_changes_sends_one_email(
    late, watcher, add_evidence, today, mailoutbox, django_capture_on_commit_callbacks
):
    related = add_evidence(late, verdict="related")
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        evidence_update(evidence=related, data={"verdict": "partly_fulfils"}, today=today)

    assert len(mailoutbox) == 1
    assert "Partly met" in mailoutbox[0].body
    assert outcome_notices() == [(late.pk, watcher.username, "partly_met", False)]


def test_every_route_of_watching_gives_one_email_each(late, watcher, party, add_evidence, mailoutbox):
    agency = OrganizationFactory(name="Export credit agency")
    late.responsible = agency
    late.save()
    WatchFactory(user=watcher, agreement=None, party=party)  # the same user by a second route
    agency_watcher = UserFactory(username="agency-watcher")
    WatchFactory(user=agency_watcher, agreement=None, party=agency)

    add_evidence(late)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([watcher.email, agency_watcher.email])


def test_an_unsent_notice_tells_the_newest_outcome(
    late, watcher, today, now, mailoutbox, django_capture_on_commit_callbacks
):
    # Queued without sending (no task run on commit), then the same item changes again.
    item = evidence_create(
        data={
            "milestone": late,
            "occurred_on": today - DAY,
            "summary": "Partly",
            "verdict": "partly_fulfils",
            "grade": "secondary",
            "source_title": "News",
        },
        today=today,
    )
    evidence_update(evidence=item, data={"verdict": "fulfils"}, today=today)

    assert outcome_notices() == [(late.pk, watcher.username, "met_on_time", True)]
    assert send_pending_alerts(now=now).outcome_notices == 1
    assert len(mailoutbox) == 1 and "Met on time" in mailoutbox[0].subject


def test_a_failed_send_leaves_the_notice_for_the_next_run_which_sends_it_once(
    late, watcher, today, now, settings, mailoutbox
):
    evidence_create(
        data={
            "milestone": late,
            "occurred_on": today - DAY,
            "summary": "Done",
            "verdict": "fulfils",
            "grade": "primary",
            "source_title": "Gazette",
        },
        today=today,
    )
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.FailingBackend"
    assert send_pending_alerts(now=now).failed == 1
    assert outcome_notices() == [(late.pk, watcher.username, "met_on_time", True)]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = now + datetime.timedelta(minutes=5)
    assert send_pending_alerts(now=later).outcome_notices == 1
    assert send_pending_alerts(now=later + DAY).emails == 0
    assert len(mailoutbox) == 1


def test_the_send_task_is_registered_and_returns_the_counts(late, watcher, today, eager_tasks, mailoutbox):
    from agreements.tasks import send_alerts

    evidence_create(
        data={
            "milestone": late,
            "occurred_on": today,
            "summary": "Done",
            "verdict": "contradicts",
            "grade": "primary",
            "source_title": "Gazette",
        },
        today=today,
    )
    counts = send_alerts.apply().get()

    assert send_alerts.name == "agreements.tasks.send_alerts"
    assert counts == {"notices": 0, "reminders": 0, "outcome_notices": 1, "emails": 1, "failed": 0}
    assert "Missed" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_email_each_notice_once(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.SlowBackend"
    today = timezone.localdate()
    agreement = AgreementFactory()
    milestone = MilestoneFactory(agreement=agreement, due_on=today - DAY)
    watchers = [UserFactory(username=f"watcher-{i}") for i in range(3)]
    for user in watchers:
        WatchFactory(user=user, agreement=agreement)
    # What the evidence service leaves behind before its task has run (the service itself would
    # queue that task on commit, here for real: this test has no worker).
    evidence = EvidenceFactory(milestone=milestone, verdict="fulfils", occurred_on=today)
    Alert.objects.bulk_create(
        Alert(
            kind=AlertKind.OUTCOME_NOTICE,
            milestone=milestone,
            recipient=user,
            evidence=evidence,
            outcome="met_late",
            deadline=milestone.deadline,
            created_at=timezone.now(),
        )
        for user in watchers
    )

    results, errors = [], []
    start = threading.Barrier(2)

    def send():
        try:
            start.wait()
            results.append(send_pending_alerts(now=timezone.now()))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(result.outcome_notices for result in results) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(user.email for user in watchers)
    assert Alert.objects.unsent().count() == 0
