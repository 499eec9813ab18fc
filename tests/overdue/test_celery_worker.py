"""The task through a real Celery worker process, on the local Redis and the test database."""

import datetime
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from agreements.choices import AlertKind
from agreements.models import Alert, Milestone
from agreements.tasks import flag_overdue_milestones
from tests.factories import AgreementFactory, MilestoneFactory, UserFactory, WatchFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def _database_url() -> str:
    """The test database (test_…), so the worker sees the rows this test commits."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A tracker worker` as a subprocess on its own queue; its output is collected."""

    def __init__(self, queue: str):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "CONN_MAX_AGE": "0",
        }
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tracker",
                "worker",
                "--queues",
                queue,
                "--hostname",
                f"{queue}@%h",
                "--pool",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"worker output never showed {text!r}:\n{self.output[-4000:]}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.reader.join(timeout=5)


@pytest.fixture
def worker():
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("this test needs CELERY_BROKER_URL to point at Redis (make test sets it)")
    started = Worker(queue=f"overdue-test-{uuid.uuid4().hex[:8]}")
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

    queue = worker.process.args[worker.process.args.index("--queues") + 1]
    sent = flag_overdue_milestones.apply_async(queue=queue)
    worker.wait_for(f"Task agreements.tasks.flag_overdue_milestones[{sent.id}] succeeded")

    assert Milestone.objects.get(pk=late.pk).overdue_since is not None
    assert Milestone.objects.get(pk=on_time.pk).overdue_since is None
    assert "'flagged': 1" in worker.output and "'notices': 1" in worker.output
    notice = Alert.objects.get(kind=AlertKind.OVERDUE_NOTICE)
    assert (notice.milestone_id, notice.recipient_id, notice.sent_at is not None) == (late.pk, watcher.pk, True)
    # The console e-mail backend printed the e-mail in the worker's output.
    assert "To: worker-watcher@example.org" in worker.output
    assert "Worker-test milestone" in worker.output
