"""Who gets their watch e-mail now: a confirmed address, and their chosen frequency.

Confirmed: allauth keeps every address a user gave it (sign-up, a change) as an `EmailAddress`,
unverified until its link is followed. A user whose current address is such an unverified record
waits: nothing is e-mailed to an address nobody proved is theirs, and what happened meanwhile goes
out once they confirm. Accounts an administrator made have no allauth record; the address the
administrator typed counts as confirmed.

Frequency (`WatcherPreferences.digest`, no row: as it happens):
- immediate: every sending run, the daily check and the one queued when evidence changes an outcome;
- daily: the daily check only (OVERDUE_CHECK_TIME), so at most one e-mail a day;
- weekly: Monday's daily check, or any daily check once the oldest waiting item is a week old
  (a missed Monday does not postpone a whole week).
"""

import datetime

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q

from accounts.choices import DigestFrequency
from accounts.models import WatcherPreferences

WEEK = datetime.timedelta(days=7)


def unconfirmed_address_q(user: str = "") -> Q:
    """Users (lookups under `user`, e.g. "recipient__") whose current address awaits confirmation."""
    waiting = EmailAddress.objects.filter(
        user=OuterRef(f"{user}pk"), email__iexact=OuterRef(f"{user}email"), verified=False
    )
    return Q(Exists(waiting))


def has_confirmed_address(user) -> bool:
    if not user.email:
        return False
    return not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False).exists()


def due_alerts_q(*, today: datetime.date | None, now: datetime.datetime) -> Q:
    """The unsent watcher alerts to e-mail in this run. `today`: the daily check's date; None for
    any other run (the outcome notices' task), which serves only immediate recipients."""
    frequency = "recipient__watcher_preferences__digest"
    due = Q(recipient__watcher_preferences__isnull=True) | Q(**{frequency: DigestFrequency.IMMEDIATE})
    if today is not None:
        due |= Q(**{frequency: DigestFrequency.DAILY})
        if today.weekday() == 0:
            due |= Q(**{frequency: DigestFrequency.WEEKLY})
        else:
            due |= Q(**{frequency: DigestFrequency.WEEKLY, "created_at__lte": now - WEEK})
    return due & ~unconfirmed_address_q("recipient__")


def digest_of(user) -> str:
    preferences = WatcherPreferences.objects.filter(user=user).first()
    return preferences.digest if preferences else DigestFrequency.IMMEDIATE
