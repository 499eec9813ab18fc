"""Writes of the watcher's account pages: the e-mail frequency and unsubscribing."""

from django.db import transaction

from accounts import unsubscribe
from accounts.models import WatcherPreferences
from agreements.models import EditorDigest, Watch


def watcher_preferences_set(*, user, digest: str) -> WatcherPreferences:
    WatcherPreferences(user=user, digest=digest).clean_fields(exclude=["user"])  # a field error, not a 500
    # update_or_create retries on the unique user: two concurrent saves leave one row.
    preferences, _created = WatcherPreferences.objects.update_or_create(user=user, defaults={"digest": digest})
    return preferences


@transaction.atomic
def unsubscribe_from(*, user, list_name: str) -> int:
    """Ends what the list's e-mails come from; returns how many rows went (0: nothing left)."""
    if list_name == unsubscribe.WATCHES:
        deleted, _ = Watch.objects.filter(user=user).delete()
    elif list_name == unsubscribe.EDITOR_DIGEST:
        deleted, _ = EditorDigest.objects.filter(user=user).delete()
    else:
        raise ValueError(list_name)
    return deleted
