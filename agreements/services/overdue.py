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

Outcome notices (`outcome_notice`: a watched milestone's outcome changed because of new or
changed evidence) are queued by services/evidence.py in its own transaction, one row per
milestone, watcher and evidence item, and go out through the same sending path: a task queued
on commit, or at the latest the next daily run. Editor digests (services/digest.py) have their
own e-mail and sender but the same claim.

Drafts: their milestones are flagged like any other (the flag is the overdue rule's state, and
editors see drafts on the board and in the admin), but watchers never hear about them: nobody
watches a draft (services/watching.py), watching a party does not reach its draft agreements
(`watcher_pairs` selects published agreements only), and rows queued before an agreement went
back to draft are claimed without being mentioned.

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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts import unsubscribe
from accounts.watchers import due_alerts_q
from agreements.choices import AlertKind, Outcome
from agreements.models import Alert, Milestone, Watch
from agreements.querysets import open_milestone_q, published_q

logger = logging.getLogger(__name__)

# One e-mail lists at most this many milestones per section, then "and N more" with a link to
# the deadline board: memory stays flat for someone who watches everything.
EMAIL_LIST_LIMIT = 200


# The rows e-mailed to watchers (one e-mail per recipient); editor digests have their own e-mail.
WATCHER_ALERT_KINDS = (AlertKind.OVERDUE_NOTICE, AlertKind.REMINDER, AlertKind.OUTCOME_NOTICE)


@dataclasses.dataclass(frozen=True)
class OverdueRunResult:
    flagged: int = 0
    cleared: int = 0
    notices: int = 0  # overdue-notice rows e-mailed in this run
    reminders: int = 0  # reminder rows e-mailed in this run
    outcome_notices: int = 0  # outcome-notice rows e-mailed in this run (left over from their task)
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
    outcome_notices: int = 0
    emails: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def flag_overdue(*, today: datetime.date, now: datetime.datetime) -> OverdueRunResult:
    """Runs the whole overdue check for `today` (the date in TIME_ZONE) at `now`."""
    with transaction.atomic():
        flagged = _flag(today=today, now=now)
        cleared = _clear(today=today, now=now)
        if Watch.objects.exists():  # nobody watches anything: nothing to queue
            _queue_overdue_notices(now=now)
            _queue_reminders(today=today, now=now)
    sent = send_pending_alerts(now=now, today=today)
    result = OverdueRunResult(
        flagged=flagged,
        cleared=cleared,
        notices=sent.notices,
        reminders=sent.reminders,
        outcome_notices=sent.outcome_notices,
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
    address are left out, and so are milestones of drafts (nobody watches a draft).
    """

    def via(path: str) -> QuerySet:
        return (
            Watch.objects.filter(milestone_q(f"{path}__"), published_q(f"{path}__agreement__"), user__is_active=True)
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


def queue_outcome_notices(*, milestone: Milestone, evidence, outcome: str) -> int:
    """One unsent outcome notice per watcher of `milestone`, keyed by the evidence item that
    changed its outcome (the partial unique constraint `outcome_notice_once`); returns how many
    rows were inserted or brought up to date.

    A notice already sent for this item is not sent again (ON CONFLICT). One still unsent takes
    the newest outcome, so the e-mail tells what holds when it goes out. The rows are e-mailed
    after the caller's transaction commits (`_send_after_commit`).
    """
    now = timezone.now()
    pairs_sql, pairs_params = watcher_pairs(lambda prefix: Q(**{f"{prefix}id": milestone.pk})).query.sql_with_params()
    names = ("kind", "milestone", "recipient", "deadline", "evidence", "outcome", "created_at")
    columns = ", ".join(_quoted_column(Alert, name) for name in names)
    milestone_col, recipient_col, evidence_col, kind_col, outcome_col, sent_col = (
        _quoted_column(Alert, name) for name in ("milestone", "recipient", "evidence", "kind", "outcome", "sent_at")
    )
    table = _quoted_table(Alert)
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 (identifiers from metadata)
        'SELECT %s, "pairs"."ms_id", "pairs"."watcher_id", "pairs"."ms_deadline", %s, %s, %s '
        f'FROM ({pairs_sql}) AS "pairs" '
        # The conflict target is the partial unique index `outcome_notice_once`; its predicate
        # is a literal (a constant of ours), as PostgreSQL must match it when planning.
        f"ON CONFLICT ({milestone_col}, {recipient_col}, {evidence_col}) "
        f"WHERE {kind_col} = '{AlertKind.OUTCOME_NOTICE.value}' "
        f"DO UPDATE SET {outcome_col} = EXCLUDED.{outcome_col} WHERE {table}.{sent_col} IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (AlertKind.OUTCOME_NOTICE, evidence.pk, outcome, now, *pairs_params))
        queued = cursor.rowcount
    if queued:
        # robust: the evidence is committed whatever happens to the queueing; the next daily
        # run sends what is left.
        transaction.on_commit(_send_after_commit, robust=True)
    return queued


def _send_after_commit() -> None:
    from agreements.tasks import send_alerts  # the tasks import the services, not the reverse

    send_alerts.delay()


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


def send_pending_alerts(*, now: datetime.datetime, today: datetime.date | None = None) -> SendResult:
    """E-mails every unsent overdue notice, reminder and outcome notice: one e-mail per recipient.

    Only to recipients due now (accounts/watchers.py: a confirmed address, and their frequency;
    `today` is the daily check's date, None for the outcome notices' task): the others' rows wait.

    Each recipient's rows are claimed in one transaction (UPDATE ... SET sent_at WHERE sent_at IS
    NULL, over a SELECT ... FOR UPDATE SKIP LOCKED), the e-mail is sent, then the transaction
    commits. A concurrent worker skips the claimed rows; a failed send rolls the claim back and
    leaves the rows unsent for the next try (which the task schedules by retrying).
    """
    recipient_ids = list(
        Alert.objects.unsent()
        .filter(due_alerts_q(today=today, now=now), kind__in=WATCHER_ALERT_KINDS)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if not recipient_ids:
        return SendResult()
    users = get_user_model().objects.in_bulk(recipient_ids)
    notices = reminders = outcome_notices = emails = failed = 0
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
                notices += sent.get(AlertKind.OVERDUE_NOTICE, 0)
                reminders += sent.get(AlertKind.REMINDER, 0)
                outcome_notices += sent.get(AlertKind.OUTCOME_NOTICE, 0)
                emails += 1
    return SendResult(
        notices=notices, reminders=reminders, outcome_notices=outcome_notices, emails=emails, failed=failed
    )


def claim_unsent(*, recipient, kinds, now: datetime.datetime) -> QuerySet[Alert] | None:
    """Marks `recipient`'s unsent rows of `kinds` as sent at `now` and returns them, or None when
    there are none (or another run holds them). Call inside the transaction that sends the
    e-mail: concurrent runs skip the locked rows, a failed send rolls the claim back."""
    unsent = Alert.objects.unsent().filter(recipient=recipient, kind__in=kinds).order_by()
    claim = Alert.objects.filter(pk__in=unsent.select_for_update(skip_locked=True).values("pk"))
    if not claim.filter(sent_at__isnull=True).update(sent_at=now):
        return None
    # The rows this transaction claimed: its own `now`, still invisible to other runs.
    return Alert.objects.filter(recipient=recipient, kind__in=kinds, sent_at=now)


def _claim_and_send(*, user, now: datetime.datetime, mail_connection) -> dict[str, int] | None:
    """Claims and e-mails `user`'s unsent watcher rows; returns the counts by kind."""
    with transaction.atomic():
        claimed = claim_unsent(recipient=user, kinds=WATCHER_ALERT_KINDS, now=now)
        if claimed is None:
            return None
        # Queued while published, gone back to draft since: claimed (never sent later), not told.
        claimed = claimed.filter(published_q("milestone__agreement__"))
        counts = dict(claimed.order_by().values_list("kind").annotate(n=Count("pk")))
        if not counts:
            return None
        listed = claimed.select_related("milestone__agreement", "milestone__responsible").order_by(
            "milestone__deadline", "pk"
        )
        overdue = list(listed.filter(kind=AlertKind.OVERDUE_NOTICE)[:EMAIL_LIST_LIMIT])
        upcoming = list(listed.filter(kind=AlertKind.REMINDER)[:EMAIL_LIST_LIMIT])
        outcomes = list(
            claimed.filter(kind=AlertKind.OUTCOME_NOTICE)
            .select_related("milestone__agreement", "evidence")
            .order_by("created_at", "pk")[:EMAIL_LIST_LIMIT]
        )
        message = build_alert_email(
            user=user,
            overdue=overdue,
            upcoming=upcoming,
            outcomes=outcomes,
            overdue_total=counts.get(AlertKind.OVERDUE_NOTICE, 0),
            upcoming_total=counts.get(AlertKind.REMINDER, 0),
            outcomes_total=counts.get(AlertKind.OUTCOME_NOTICE, 0),
            connection=mail_connection,
        )
        message.send()
    return counts


def build_alert_email(
    *,
    user,
    overdue: list[Alert],
    upcoming: list[Alert],
    outcomes: list[Alert] = (),
    overdue_total: int | None = None,
    upcoming_total: int | None = None,
    outcomes_total: int | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The e-mail for one recipient: changed outcomes, late milestones, then upcoming deadlines,
    each with a link to the milestone's page."""
    site_url = settings.SITE_URL

    def item(alert: Alert) -> dict:
        milestone = alert.milestone
        return {
            "milestone": milestone,
            "agreement": milestone.agreement,
            "deadline": alert.deadline,
            "url": f"{site_url}{milestone.get_absolute_url()}",
        }

    def outcome_item(alert: Alert) -> dict:
        return {
            **item(alert),
            "outcome": alert.outcome,
            "outcome_label": Outcome(alert.outcome).label if alert.outcome in Outcome.values else alert.outcome,
            "evidence": alert.evidence,
        }

    overdue_total = len(overdue) if overdue_total is None else overdue_total
    upcoming_total = len(upcoming) if upcoming_total is None else upcoming_total
    outcomes_total = len(outcomes) if outcomes_total is None else outcomes_total
    context = {
        "user": user,
        "overdue": [item(alert) for alert in overdue],
        "upcoming": [item(alert) for alert in upcoming],
        "outcomes": [outcome_item(alert) for alert in outcomes],
        "overdue_total": overdue_total,
        "upcoming_total": upcoming_total,
        "outcomes_total": outcomes_total,
        "overdue_more": overdue_total - len(overdue),
        "upcoming_more": upcoming_total - len(upcoming),
        "outcomes_more": outcomes_total - len(outcomes),
        "reminder_days": settings.DEADLINE_REMINDER_DAYS,
        "site_url": site_url,
        "board_url": f"{site_url}/milestones/?overdue=true",
        "upcoming_url": f"{site_url}/milestones/",
        "watches_url": f"{site_url}{reverse('my-watches')}",
        "unsubscribe_url": unsubscribe.unsubscribe_url(user=user, list_name=unsubscribe.WATCHES),
    }
    return list_email("overdue_alert", context, user=user, connection=connection)


def list_email(template: str, context: dict, *, user, connection=None) -> EmailMultiAlternatives:
    """A mail to one subscriber of a list (watchers, the editor digest): `email/<template>_subject.txt`,
    `.txt` and `.html` in the site's language, with the one-click unsubscribe headers of
    `context["unsubscribe_url"]`."""
    with override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        connection=connection,
        headers=unsubscribe.headers(context["unsubscribe_url"]),
    )
    message.attach_alternative(html, "text/html")
    return message


# --- SQL helpers ------------------------------------------------------------------------------


def _quoted_table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _quoted_column(model, field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


__all__ = [
    "OverdueRunResult",
    "SendResult",
    "claim_unsent",
    "flag_overdue",
    "newly_overdue",
    "no_longer_overdue",
    "queue_outcome_notices",
    "send_pending_alerts",
    "watcher_pairs",
]
