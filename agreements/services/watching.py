"""Watching: a user follows an agreement or a party to hear about its deadlines."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from agreements.models import Agreement, Party, Watch
from agreements.validation import watch_validate


def watch_add(*, user: AbstractBaseUser, agreement: Agreement | None = None, party: Party | None = None) -> Watch:
    """Idempotent: watching twice keeps one watch (the unique constraints decide under races).
    Nobody watches a draft: the API and the pages offer published agreements only."""
    if (agreement is None) == (party is None):
        raise ValueError("Watch exactly one of an agreement or a party.")
    target = {"agreement": agreement} if agreement is not None else {"party": party}
    watch_validate(Watch(user=user, **target))
    try:
        with transaction.atomic():
            watch, _created = Watch.objects.get_or_create(user=user, **target)
    except IntegrityError:  # a concurrent request created it first
        watch = Watch.objects.get(user=user, **target)
    return watch


def watch_remove(*, user: AbstractBaseUser, agreement: Agreement | None = None, party: Party | None = None) -> int:
    if (agreement is None) == (party is None):
        raise ValueError("Unwatch exactly one of an agreement or a party.")
    target = {"agreement": agreement} if agreement is not None else {"party": party}
    deleted, _ = Watch.objects.filter(user=user, **target).delete()
    return deleted
