"""The editor digest: once a week, editors who opted in hear which overdue commitments nobody
has checked for a while.

Who: active users with an e-mail address, the change_milestone permission (directly, through a
group, or as a superuser) and an `EditorDigest` row. What: the commitments overdue today
(`Milestone.objects.overdue_on(today).commitments()`) whose `last_checked_on` is empty or older
than `EDITOR_DIGEST_STALE_DAYS`. How often: once per recipient and week, by data like the
overdue notices: an `editor_digest` Alert row per recipient and week (`period`, its Monday),
inserted with ON CONFLICT DO NOTHING (`digest_once`), claimed and e-mailed in one transaction.
A week with nothing to list queues nothing and sends nothing.

Drafts are listed (marked) to recipients who may see drafts (publishing.can_see_drafts), left out
for the others; a recipient left with nothing to read gets no e-mail that week.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse

from accounts import unsubscribe
from agreements.choices import AlertKind
from agreements.models import Alert, Milestone
from agreements.publishing import can_see_drafts
from agreements.services.overdue import EMAIL_LIST_LIMIT, _quoted_column, _quoted_table, claim_unsent, list_email

logger = logging.getLogger(__name__)

DIGEST_PERMISSION = "agreements.change_milestone"
# with_perm() must name a backend when several are configured; permissions live in this one.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclasses.dataclass(frozen=True)
class DigestResult:
    queued: int = 0
    emails: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        return f"editor digests sent {self.emails}"


def week_of(today: datetime.date) -> datetime.date:
    """The Monday of `today`'s week: the digest's `period`."""
    return today - datetime.timedelta(days=today.weekday())


def can_receive_editor_digest(user) -> bool:
    """May `user` subscribe (and receive)? Editors of milestones only."""
    return user.is_authenticated and user.has_perm(DIGEST_PERMISSION)


def digest_recipients() -> QuerySet:
    """The users who get the digest now: subscribed, and still allowed to."""
    users = get_user_model()._default_manager.with_perm(
        DIGEST_PERMISSION, is_active=True, include_superusers=True, backend=PERMISSION_BACKEND
    )
    return users.filter(editor_digest__isnull=False).exclude(email="")


def unchecked_overdue_commitments(today: datetime.date) -> QuerySet[Milestone]:
    """Overdue commitments not checked within EDITOR_DIGEST_STALE_DAYS (or never), oldest deadline first."""
    checked_since = today - datetime.timedelta(days=settings.EDITOR_DIGEST_STALE_DAYS)
    return (
        Milestone.objects.overdue_on(today)
        .commitments()
        .filter(Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=checked_since))
    )


def queue_editor_digests(*, today: datetime.date, now: datetime.datetime) -> int:
    """One unsent digest row per recipient for `today`'s week (none if it has one); returns how many."""
    if not unchecked_overdue_commitments(today).exists():
        return 0
    recipients = digest_recipients().order_by().values(recipient_pk=F("pk"))
    recipients_sql, recipients_params = recipients.query.sql_with_params()
    columns = ", ".join(_quoted_column(Alert, name) for name in ("kind", "recipient", "period", "created_at"))
    sql = (
        f"INSERT INTO {_quoted_table(Alert)} ({columns}) "  # noqa: S608 (identifiers from metadata)
        f'SELECT %s, "recipients"."recipient_pk", %s, %s FROM ({recipients_sql}) AS "recipients" '
        # The partial unique constraint `digest_once`: a second run in the same week queues nothing.
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (AlertKind.EDITOR_DIGEST, week_of(today), now, *recipients_params))
        return cursor.rowcount


def send_editor_digests(*, today: datetime.date, now: datetime.datetime) -> DigestResult:
    """Queues this week's digests and e-mails every unsent one; call outside a transaction."""
    with transaction.atomic():
        queued = queue_editor_digests(today=today, now=now)
        # Queued for someone who has since unsubscribed or lost the permission: never sent.
        Alert.objects.unsent().filter(kind=AlertKind.EDITOR_DIGEST).exclude(
            recipient__in=digest_recipients().values("pk")
        ).delete()
    recipient_ids = list(
        Alert.objects.unsent()
        .filter(kind=AlertKind.EDITOR_DIGEST)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if not recipient_ids:
        return DigestResult(queued=queued)
    users = get_user_model()._default_manager.in_bulk(recipient_ids)
    listed = unchecked_overdue_commitments(today).select_related("agreement", "responsible")
    listings = {}  # with drafts (True) or without (False), read once each when first needed

    def listing(drafts: bool) -> tuple[list[Milestone], int]:
        if drafts not in listings:
            rows = listed if drafts else listed.published()
            milestones = list(rows.order_by("deadline", "pk")[:EMAIL_LIST_LIMIT])
            listings[drafts] = (milestones, rows.count() if len(milestones) == EMAIL_LIST_LIMIT else len(milestones))
        return listings[drafts]

    emails = failed = 0
    with get_connection() as mail_connection:
        for recipient_id in recipient_ids:
            user = users.get(recipient_id)
            if user is None:
                continue
            try:
                with transaction.atomic():
                    if claim_unsent(recipient=user, kinds=[AlertKind.EDITOR_DIGEST], now=now) is None:
                        continue  # another run has them
                    milestones, total = listing(can_see_drafts(user))
                    if not milestones:
                        continue  # only drafts this week, which this recipient may not see
                    build_digest_email(
                        user=user, milestones=milestones, total=total, today=today, connection=mail_connection
                    ).send()
            except Exception:
                logger.exception("Could not e-mail the editor digest of user %s; it stays queued.", user.pk)
                failed += 1
                continue
            emails += 1
    result = DigestResult(queued=queued, emails=emails, failed=failed)
    logger.info("Editor digest for the week of %s: %s (failed %d)", week_of(today), result, failed)
    return result


def build_digest_email(
    *, user, milestones: list[Milestone], total: int, today: datetime.date, connection=None
) -> EmailMultiAlternatives:
    """The digest for one editor: each commitment with its page and its admin change page."""
    site_url = settings.SITE_URL
    items = [
        {
            "milestone": milestone,
            "agreement": milestone.agreement,
            "deadline": milestone.deadline,
            "days_late": (today - milestone.deadline).days,
            "last_checked_on": milestone.last_checked_on,
            "url": f"{site_url}{milestone.get_absolute_url()}",
            "admin_url": f"{site_url}{reverse('admin:agreements_milestone_change', args=[milestone.pk])}",
        }
        for milestone in milestones
    ]
    context = {
        "user": user,
        "items": items,
        "total": total,
        "more": total - len(items),
        "stale_days": settings.EDITOR_DIGEST_STALE_DAYS,
        "today": today,
        "site_url": site_url,
        "board_url": f"{site_url}/milestones/?overdue=true",
        "unsubscribe_url": unsubscribe.unsubscribe_url(user=user, list_name=unsubscribe.EDITOR_DIGEST),
        "watches_url": f"{site_url}{reverse('my-watches')}",
    }
    return list_email("editor_digest", context, user=user, connection=connection)
