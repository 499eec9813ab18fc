"""Faults: the database or the broker goes away while the overdue job or a request runs.

- The job, interrupted by a database outage, is retried by Celery and completes once: every
  late milestone flagged, every watcher told exactly once.
- A broker restart loses no queued job (Redis with an append-only file) and the worker
  reconnects by itself.
- Requests during a database outage answer 503 with Retry-After (never a 500, never a
  half-written record), and the next request after the outage is served normally.

The shared Redis on 6379 is never touched: these tests start their own (port 6390, or any free
port when another test run holds it) in a temporary folder, and break the database with
`ALLOW_CONNECTIONS false` on the test database.
"""

import datetime
import shutil
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import kombu.exceptions
import psycopg
import pytest
import redis
import requests
from django.db import connection
from django.utils import timezone
from kombu import Connection

from agreements.choices import AlertKind
from agreements.models import Agreement, Alert, Milestone
from tests.celery_worker import Worker, test_database_url
from tests.factories import AgreementFactory, MilestoneFactory, UserFactory, WatchFactory
from tracker.celery import app as celery_app

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

PREFERRED_REDIS_PORT = 6390


def free_port() -> int:
    """6390 when free, else any free port: two test runs on one machine must not share a Redis."""
    for port in (PREFERRED_REDIS_PORT, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


TASK = "agreements.tasks.flag_overdue_milestones"


@contextmanager
def database_outage():
    """No new connection to the test database, and the open ones (other than ours) cut."""
    name = connection.settings_dict["NAME"]
    with psycopg.connect(test_database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, connection.connection.info.backend_pid if connection.connection else -1],
            )
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')


class RedisServer:
    """A Redis of our own (port 6390 if free) with an append-only file, so it can be stopped and
    restarted. Only our own process is ever stopped: by signal, never by a SHUTDOWN sent to a port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"own Redis on port {self.port} exited at start")
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("own Redis did not start")

    def stop(self) -> None:
        if self.process is None:
            return
        # SIGTERM: Redis exits cleanly; with appendfsync always, the append-only file is on disk.
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path / "redis")
    server.folder.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def queue():
    return f"faults-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def start_worker(queue, own_redis):
    started = []

    def _start() -> Worker:
        worker = Worker(queue=queue, broker_url=own_redis.url)
        started.append(worker)
        worker.wait_for("ready.")
        return worker

    yield _start
    for worker in started:
        worker.stop()


def send_job(queue: str, url: str, **options) -> str:
    """Queues the overdue job the way beat does: by name, on the broker at `url`.

    (An explicit connection: Celery prefers the CELERY_BROKER_URL variable over `broker=`.)
    """
    with Connection(url, connect_timeout=2) as broker:
        return celery_app.send_task(TASK, queue=queue, connection=broker, **options).id


@pytest.fixture
def late_milestone_watched():
    today = timezone.localdate()
    agreement = AgreementFactory(title="Fault test framework")
    late = MilestoneFactory(
        agreement=agreement, title="Fault-test milestone", due_on=today - datetime.timedelta(days=3)
    )
    watcher = UserFactory(username="fault-watcher")
    WatchFactory(user=watcher, agreement=agreement)
    return late


def notices() -> list[tuple[int, int, bool]]:
    return [
        (a.milestone_id, a.recipient_id, a.sent_at is not None)
        for a in Alert.objects.filter(kind=AlertKind.OVERDUE_NOTICE)
    ]


# --- the overdue job ------------------------------------------------------------------------


@pytest.mark.celery_worker
def test_job_hit_by_a_database_outage_is_retried_and_completes_once(
    own_redis, start_worker, queue, late_milestone_watched
):
    worker = start_worker()
    with database_outage():
        task_id = send_job(queue, own_redis.url)
        worker.wait_for(f"Task {TASK}[{task_id}] retry")  # the first attempt failed on the database
        assert Milestone.objects.get(pk=late_milestone_watched.pk).overdue_since is None
    worker.wait_for(f"Task {TASK}[{task_id}] succeeded")
    late_milestone_watched.refresh_from_db()
    assert late_milestone_watched.overdue_since is not None
    assert notices() == [(late_milestone_watched.pk, late_milestone_watched.agreement.watches.get().user_id, True)]
    assert worker.output.count("To: fault-watcher@example.org") == 1  # one e-mail, not one per attempt


@pytest.mark.celery_worker
def test_a_job_queued_before_a_broker_restart_runs_once_after_it(
    own_redis, start_worker, queue, late_milestone_watched
):
    task_id = send_job(queue, own_redis.url)  # queued while no worker runs
    own_redis.stop()  # the broker goes down with the job in it …
    own_redis.start()  # … and comes back from its append-only file
    worker = start_worker()
    worker.wait_for(f"Task {TASK}[{task_id}] succeeded")
    assert Milestone.objects.get(pk=late_milestone_watched.pk).overdue_since is not None
    assert len(notices()) == 1


@pytest.mark.celery_worker
def test_worker_survives_a_broker_outage_and_a_second_run_sends_nothing_twice(
    own_redis, start_worker, queue, late_milestone_watched
):
    worker = start_worker()
    first = send_job(queue, own_redis.url)
    worker.wait_for(f"Task {TASK}[{first}] succeeded")
    own_redis.stop()
    time.sleep(2)  # the worker notices the lost connection and starts reconnecting
    own_redis.start()
    second = send_job(queue, own_redis.url)
    worker.wait_for(f"Task {TASK}[{second}] succeeded", timeout=120)
    assert worker.process.poll() is None  # the same worker process, reconnected
    assert len(notices()) == 1
    assert worker.output.count("To: fault-watcher@example.org") == 1


def test_queueing_the_job_with_the_broker_down_fails_fast_and_writes_nothing(late_milestone_watched):
    started = time.monotonic()
    with pytest.raises(kombu.exceptions.OperationalError, match="refused"):
        send_job("nowhere", "redis://127.0.0.1:1/0", retry_policy={"max_retries": 1, "interval_start": 0})
    assert time.monotonic() - started < 30  # an error to log, not a hung beat or request
    assert Milestone.objects.get(pk=late_milestone_watched.pk).overdue_since is None


# --- requests -------------------------------------------------------------------------------


def test_requests_during_a_database_outage_get_503_and_the_next_ones_recover(live_server, sample_records, editor):
    from accounts.models import ApiToken

    token = ApiToken.objects.issue(user=editor, name="faults")[1]
    api = f"{live_server.url}/api/agreements/"
    assert requests.get(api, timeout=30).status_code == 200
    before = Agreement.objects.count()
    with database_outage():
        read = requests.get(api, timeout=30)
        write = requests.post(
            api, json={"title": "Written during the outage", "kind": "mou"},
            headers={"Authorization": f"Token {token}"}, timeout=30,
        )  # fmt: skip
        page = requests.get(f"{live_server.url}/agreements/", timeout=30)
        health = requests.get(f"{live_server.url}/healthz", timeout=30)
    assert (read.status_code, write.status_code, page.status_code, health.status_code) == (503, 503, 503, 503)
    assert read.headers["Retry-After"] == "30"
    assert read.json() == {"detail": "Service unavailable: the database cannot be reached."}
    assert "try again" in page.text
    # Recovery: the next requests reconnect by themselves.
    assert requests.get(api, timeout=30).status_code == 200
    assert requests.get(f"{live_server.url}/healthz", timeout=30).status_code == 200
    assert Agreement.objects.count() == before
    assert not Agreement.objects.filter(title="Written during the outage").exists()
