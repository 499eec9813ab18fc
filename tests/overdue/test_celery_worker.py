"""The task through a real Celery worker process, on the local Redis and the test database."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from agreements.choices import AlertKind
from agreements.models import Alert, Milestone
from agreements.tasks import flag_overdue_milestones
from tests.celery_worker import Worker
from tests.factories import AgreementFactory, MilestoneFactory, UserFactory, WatchFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


@pytest.fixture
def worker():
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("this test needs CELERY_BROKER_URL to point at Redis (make test sets it)")
    started = Worker(queue=f"overdue-test-{uuid.uuid4().hex[:8]}", broker_url=settings.CELERY_BROKER_URL)
    try:
        started.wait_for("ready.")
        yield started
    finally:
        started.stop()


def test_task_runs_in_a_real_worker_flags_and_emails(worker):
    today = timezone.localdate()
    agreement = AgreementFactory(title="Worker test framework")
    late = MilestoneFactory(
        agreement=agreement, title="Worker-test milestone", due_on=today - datetime.timedelta(days=1)
    )
    on_time = MilestoneFactory(agreement=agreement, due_on=today + datetime.timedelta(days=60))
    watcher = UserFactory(username="worker-watcher")
    WatchFactory(user=watcher, agreement=agreement)

    sent = flag_overdue_milestones.apply_async(queue=worker.queue)
    worker.wait_for(f"Task agreements.tasks.flag_overdue_milestones[{sent.id}] succeeded")

    assert Milestone.objects.get(pk=late.pk).overdue_since is not None
    assert Milestone.objects.get(pk=on_time.pk).overdue_since is None
    assert "'flagged': 1" in worker.output and "'notices': 1" in worker.output
    notice = Alert.objects.get(kind=AlertKind.OVERDUE_NOTICE)
    assert (notice.milestone_id, notice.recipient_id, notice.sent_at is not None) == (late.pk, watcher.pk, True)
    # The console e-mail backend printed the e-mail in the worker's output.
    assert "To: worker-watcher@example.org" in worker.output
    assert "Worker-test milestone" in worker.output
