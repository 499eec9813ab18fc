"""Celery tasks: thin interfaces that read the clock once and call a service."""

import logging

import kombu.exceptions
import redis.exceptions
from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from agreements.services import flag_overdue, send_pending_alerts
from agreements.services.digest import send_editor_digests

logger = logging.getLogger(__name__)


class AlertsNotSent(Exception):
    """Some e-mails failed; their alert rows stay unsent and the retry sends them (only them)."""


# Brief outages of the database or the broker: retry with exponential backoff, never give up early.
RETRY_ON = (
    OperationalError,
    InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    ConnectionError,
    AlertsNotSent,
)

# Late acks and retries with backoff: for tasks that change and send nothing twice when redelivered.
RETRYING_IDEMPOTENT = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRY_ON,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(
    name="agreements.tasks.flag_overdue_milestones",
    bind=True,
    # Safe because the job is idempotent: a redelivered run changes and sends nothing twice.
    **RETRYING_IDEMPOTENT,
    # A first run over a large table may flag many rows at once.
    soft_time_limit=1800,
    time_limit=1900,
)
def flag_overdue_milestones(self) -> dict[str, int]:
    """The daily overdue check (beat: `flag-overdue-milestones`); returns the counts."""
    now = timezone.now()
    today = timezone.localdate(now)  # the date in TIME_ZONE
    result = flag_overdue(today=today, now=now)
    if result.failed:
        raise AlertsNotSent(f"{result.failed} recipient(s) could not be e-mailed")
    return result.as_dict()


@shared_task(
    name="agreements.tasks.send_alerts",
    bind=True,
    # Safe: rows are claimed in the sending transaction, so a redelivered run sends nothing twice.
    **RETRYING_IDEMPOTENT,
)
def send_alerts(self) -> dict[str, int]:
    """E-mails the unsent watcher alerts now (queued on commit by new evidence: outcome notices)."""
    result = send_pending_alerts(now=timezone.now())
    if result.failed:
        raise AlertsNotSent(f"{result.failed} recipient(s) could not be e-mailed")
    return result.as_dict()


@shared_task(
    name="agreements.tasks.send_editor_digest",
    bind=True,
    # Sent once per recipient and week by data (the digest_once constraint).
    **RETRYING_IDEMPOTENT,
)
def send_editor_digest(self) -> dict[str, int]:
    """The weekly editor digest (beat: `send-editor-digest`); returns the counts."""
    now = timezone.now()
    result = send_editor_digests(today=timezone.localdate(now), now=now)
    if result.failed:
        raise AlertsNotSent(f"{result.failed} editor digest(s) could not be e-mailed")
    return result.as_dict()
