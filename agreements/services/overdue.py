"""The overdue job: flag late milestones, clear flags that no longer hold, tell the watchers.

Everything here is set-based: a handful of SQL statements whatever the number of milestones,
and no Python list of all ids. The overdue rule itself is `MilestoneQuerySet.overdue_on(today)`;
this module only moves rows between "flagged" and "not flagged" with a guard in the WHERE clause,
so a repeated or concurrent run changes nothing twice (idempotent with data, not locks).

Phases:
1. One transaction: flag newly overdue milestones and clear flags that no longer hold, each
   change logged as an `Alert` row (kinds `flagged`/`cleared`), and insert the "to notify" rows
   (`overdue_notice` for watchers of newly flagged milestones, `reminder` for watchers of
   milestones due within `DEADLINE_REMINDER_DAYS`). Those rows are unique per milestone,
   recipient, kind and deadline, inserted with ON CONFLICT DO NOTHING: that is "sent once".
2. After commit: send one e-mail per recipient listing all their unsent rows. Rows are claimed
   (UPDATE ... SET sent_at over SELECT ... FOR UPDATE SKIP LOCKED) in the same transaction as
   the send, so two workers never e-mail the same row and a failed send leaves them for the retry.

Call `flag_overdue` outside a transaction (the task and the command do): e-mails must only go
out once the flags are committed.
"""

import dataclasses
import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.sql import UpdateQuery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from agreements.choices import AlertKind
from agreements.models import Alert, Milestone, Watch
from agreements.querysets import open_milestone_q

logger = logging.getLogger(__name__)

# One e-mail lists at most this many milestones per section, then "and N more" with a link to
# the deadline board: memory stays flat for someone who watches everything.
EMAIL_LIST_LIMIT = 200


@dataclasses.dataclass(frozen=True)
class OverdueRunResult:
    flagged: int = 0
    cleared: int = 0
    notices: int = 0  # overdue-notice rows e-mailed in this run
    reminders: int = 0  # reminder rows e-mailed in this run
    emails: int = 0
    failed: int = 0  # recipients whose e-mail could not be sent (rows stay unsent for a retry)

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        return (
            f"flagged {self.flagged}, cleared {self.cleared}, "
            f"overdue notices {self.notices}, reminders {self.reminders}"
        )


@dataclasses.dataclass(frozen=True)
class SendResult:
    notices: int = 0
    reminders: int = 0
    emails: int = 0
    failed: int = 0


def flag_overdue(*, today: datetime.date, now: datetime.datetime) -> OverdueRunResult:
    """Runs the whole overdue check for `today` (the date in TIME_ZONE) at `now`."""
    with transaction.atomic():
        flagged = _flag(today=today, now=now)
        cleared = _clear(today=today, now=now)
        if Watch.objects.exists():  # nobody watches anything: nothing to queue
            _queue_overdue_notices(now=now)
            _queue_reminders(today=today, now=now)
    sent = send_pending_alerts(now=now)
    result = OverdueRunResult(
        flagged=flagged,
        cleared=cleared,
        notices=sent.notices,
        reminders=sent.reminders,
        emails=sent.emails,
        failed=sent.failed,
    )
    logger.info("Overdue check for %s: %s (e-mails %d, failed %d)", today, result, result.emails, result.failed)
    return result


# --- phase 1: flags and the alert log ---------------------------------------------------------


def newly_overdue(today: datetime.date) -> QuerySet[Milestone]:
    return Milestone.objects.overdue_on(today).filter(overdue_since__isnull=True)


def no_longer_overdue(today: datetime.date) -> QuerySet[Milestone]:
    """The mirror query: flagged, but completed, cancelled or due today or later."""
    return Milestone.objects.filter(overdue_since__isnull=False).not_overdue_on(today)


def _flag(*, today: datetime.date, now: datetime.datetime) -> int:
    return _update_and_log(newly_overdue(today), {"overdue_since": now, "updated_at": now}, AlertKind.FLAGGED, now)


def _clear(*, today: datetime.date, now: datetime.datetime) -> int:
    return _update_and_log(no_longer_overdue(today), {"overdue_since": None, "updated_at": now}, AlertKind.CLEARED, now)


def _update_and_log(queryset: QuerySet[Milestone], values: dict, kind: str, now: datetime.datetime) -> int:
    """UPDATE the rows of `queryset` and log one Alert of `kind` per changed row; returns the count.

    The guard of `queryset` (overdue_since IS [NOT] NULL) sits in the UPDATE's own WHERE clause:
    a concurrent run blocks on the same rows, re-checks the guard after the first commits and
    skips them, so each change happens, and is logged, exactly once.
    """
    alert_table = _quoted_table(Alert)
    alert_columns = ", ".join(_quoted_column(Alert, name) for name in ("kind", "milestone", "deadline", "created_at"))
    milestone_id = _quoted_column(Milestone, "id")
    milestone_deadline = _quoted_column(Milestone, "deadline")
    # One statement: the rows the UPDATE changed (RETURNING) are the rows logged. The UPDATE is
    # compiled by the ORM from `queryset` (Django's UpdateQuery: check it on Django upgrades).
    update = queryset.query.chain(UpdateQuery)
    update.add_update_values(values)
    update_sql, update_params = update.get_compiler(queryset.db).as_sql()
    sql = (
        # Identifiers come from model metadata and SQL from the ORM; every value is a parameter.
        f"WITH changed AS ({update_sql} RETURNING {milestone_id}, {milestone_deadline}) "  # noqa: S608
        f"INSERT INTO {alert_table} ({alert_columns}) "
        f"SELECT %s, {milestone_id}, {milestone_deadline}, %s FROM changed"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*update_params, kind, now))
        return cursor.rowcount


# --- phase 1: who is told -----------------------------------------------------------------


def watcher_pairs(milestone_q: Callable[[str], Q]) -> QuerySet:
    """(milestone, user, deadline) for every watcher of each milestone that `milestone_q` selects.

    `milestone_q(prefix)` returns the milestone condition with its lookups under `prefix`: the
    query starts from the watches and filters the joined milestones directly, so it costs nothing
    when nobody watches. A user watches a milestone by watching its agreement, a party to that
    agreement, or the party responsible for it. Inactive users and users without an e-mail
    address are left out.
    """

    def via(path: str) -> QuerySet:
        return (
            Watch.objects.filter(milestone_q(f"{path}__"), user__is_active=True)
            .exclude(user__email="")
            .order_by()
            .values(ms_id=F(f"{path}__id"), watcher_id=F("user"), ms_deadline=F(f"{path}__deadline"))
        )

    return via("agreement__milestones").union(
        via("party__memberships__agreement__milestones"),
        via("party__milestones"),
    )


def _queue_overdue_notices(*, now: datetime.datetime) -> None:
    # Milestones flagged in this transaction carry exactly `now`.
    _insert_notices(lambda prefix: Q(**{f"{prefix}overdue_since": now}), AlertKind.OVERDUE_NOTICE, now)


def _queue_reminders(*, today: datetime.date, now: datetime.datetime) -> None:
    days = settings.DEADLINE_REMINDER_DAYS
    if days <= 0:
        return
    # Open and due within the window (MilestoneQuerySet.due_between): a run missed yesterday
    # still reminds today, once.
    end = today + datetime.timedelta(days=days)
    _insert_notices(
        lambda prefix: open_milestone_q(prefix) & Q(**{f"{prefix}deadline__gte": today, f"{prefix}deadline__lte": end}),
        AlertKind.REMINDER,
        now,
    )


def queue_outcome_notices(*, milestone: Milestone, evidence, outcome: str) -> None:
    """One unsent outcome notice per watcher of `milestone`, keyed by the evidence item that
    changed its outcome (the partial unique constraint `outcome_notice_once`): sent after commit
    by the next `send_pending_alerts`, once."""
    now = timezone.now()
    pairs_sql, pairs_params = watcher_pairs(lambda prefix: Q(**{f"{prefix}id": milestone.pk})).query.sql_with_params()
    columns = ", ".join(
        _quoted_column(Alert, name)
        for name in ("kind", "milestone", "recipient", "deadline", "evidence", "outcome", "created_at")
    )
    sql = (
        f"INSERT INTO {_quoted_table(Alert)} ({columns}) "  # noqa: S608 (identifiers from metadata)
        'SELECT %s, "pairs"."ms_id", "pairs"."watcher_id", "pairs"."ms_deadline", %s, %s, %s '
        f'FROM ({pairs_sql}) AS "pairs" '
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (AlertKind.OUTCOME_NOTICE, evidence.pk, outcome, now, *pairs_params))


def _insert_notices(milestone_q: Callable[[str], Q], kind: str, now: datetime.datetime) -> None:
    """INSERT ... SELECT the watcher pairs as unsent alerts; existing (sent-once) rows are skipped."""
    pairs_sql, pairs_params = watcher_pairs(milestone_q).query.sql_with_params()
    columns = ", ".join(
        _quoted_column(Alert, name) for name in ("kind", "milestone", "recipient", "deadline", "created_at")
    )
    sql = (
        f"INSERT INTO {_quoted_table(Alert)} ({columns}) "  # noqa: S608 (identifiers from metadata)
        f'SELECT %s, "pairs"."ms_id", "pairs"."watcher_id", "pairs"."ms_deadline", %s FROM ({pairs_sql}) AS "pairs" '
        # The partial unique constraint `notice_once` is the "sent once" guard.
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (kind, now, *pairs_params))


# --- phase 2: e-mails ---------------------------------------------------------------------


def send_pending_alerts(*, now: datetime.datetime) -> SendResult:
    """E-mails every unsent notice and reminder: one e-mail per recipient.

    Each recipient's rows are claimed in one transaction (UPDATE ... SET sent_at WHERE sent_at IS
    NULL, over a SELECT ... FOR UPDATE SKIP LOCKED), the e-mail is sent, then the transaction
    commits. A concurrent worker skips the claimed rows; a failed send rolls the claim back and
    leaves the rows unsent for the next try (which the task schedules by retrying).
    """
    recipient_ids = list(
        Alert.objects.unsent().order_by("recipient_id").values_list("recipient_id", flat=True).distinct()
    )
    if not recipient_ids:
        return SendResult()
    users = get_user_model().objects.in_bulk(recipient_ids)
    notices = reminders = emails = failed = 0
    with get_connection() as mail_connection:
        for recipient_id in recipient_ids:
            user = users.get(recipient_id)
            if user is None:  # deleted meanwhile; its alerts went with it
                continue
            try:
                sent = _claim_and_send(user=user, now=now, mail_connection=mail_connection)
            except Exception:
                logger.exception("Could not e-mail the overdue alerts of user %s; they stay queued.", user.pk)
                failed += 1
                continue
            if sent is not None:
                notices += sent[0]
                reminders += sent[1]
                emails += 1
    return SendResult(notices=notices, reminders=reminders, emails=emails, failed=failed)


def _claim_and_send(*, user, now: datetime.datetime, mail_connection) -> tuple[int, int] | None:
    with transaction.atomic():
        unsent = Alert.objects.unsent().filter(recipient=user).order_by()
        claim = Alert.objects.filter(pk__in=unsent.select_for_update(skip_locked=True).values("pk"))
        if not claim.filter(sent_at__isnull=True).update(sent_at=now):
            return None
        # The rows this transaction claimed: its own `now`, still invisible to other runs.
        claimed = Alert.objects.filter(recipient=user, sent_at=now)
        counts = dict(claimed.order_by().values_list("kind").annotate(n=Count("pk")))
        listed = claimed.select_related("milestone__agreement", "milestone__responsible").order_by(
            "milestone__deadline", "pk"
        )
        overdue = list(listed.filter(kind=AlertKind.OVERDUE_NOTICE)[:EMAIL_LIST_LIMIT])
        upcoming = list(listed.filter(kind=AlertKind.REMINDER)[:EMAIL_LIST_LIMIT])
        n_overdue = counts.get(AlertKind.OVERDUE_NOTICE, 0)
        n_upcoming = counts.get(AlertKind.REMINDER, 0)
        message = build_alert_email(
            user=user,
            overdue=overdue,
            upcoming=upcoming,
            overdue_total=n_overdue,
            upcoming_total=n_upcoming,
            connection=mail_connection,
        )
        message.send()
    return n_overdue, n_upcoming


def build_alert_email(
    *,
    user,
    overdue: list[Alert],
    upcoming: list[Alert],
    overdue_total: int | None = None,
    upcoming_total: int | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The e-mail for one recipient: late milestones, then upcoming deadlines, each with a link."""
    site_url = settings.SITE_URL

    def item(alert: Alert) -> dict:
        milestone = alert.milestone
        return {
            "milestone": milestone,
            "agreement": milestone.agreement,
            "deadline": alert.deadline,
            "url": f"{site_url}{milestone.get_absolute_url()}",
        }

    overdue_total = len(overdue) if overdue_total is None else overdue_total
    upcoming_total = len(upcoming) if upcoming_total is None else upcoming_total
    context = {
        "user": user,
        "overdue": [item(alert) for alert in overdue],
        "upcoming": [item(alert) for alert in upcoming],
        "overdue_total": overdue_total,
        "upcoming_total": upcoming_total,
        "overdue_more": overdue_total - len(overdue),
        "upcoming_more": upcoming_total - len(upcoming),
        "reminder_days": settings.DEADLINE_REMINDER_DAYS,
        "site_url": site_url,
        "board_url": f"{site_url}/milestones/?overdue=true",
        "upcoming_url": f"{site_url}/milestones/",
    }
    with override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("email/overdue_alert_subject.txt", context).split())
        text = render_to_string("email/overdue_alert.txt", context)
        html = render_to_string("email/overdue_alert.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


# --- SQL helpers ------------------------------------------------------------------------------


def _quoted_table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _quoted_column(model, field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


__all__ = [
    "OverdueRunResult",
    "flag_overdue",
    "newly_overdue",
    "no_longer_overdue",
    "send_pending_alerts",
    "watcher_pairs",
]
