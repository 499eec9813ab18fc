"""Fixtures for the overdue job: a clock pinned per test, watchers and a runner."""

import datetime

import pytest
from django.utils import timezone

from agreements.services import flag_overdue
from tests.factories import AgreementFactory, MilestoneFactory, PartyFactory, UserFactory, WatchFactory


@pytest.fixture
def now() -> datetime.datetime:
    """The run's "now": the job stores it as overdue_since; the date logic uses `today`."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def run(today, now):
    """Runs the job for the pinned `today`; each call gets a later `now`, as real runs would."""
    calls = {"n": 0}

    def _run(day: datetime.date | None = None):
        calls["n"] += 1
        return flag_overdue(today=day or today, now=now + datetime.timedelta(seconds=calls["n"]))

    return _run


@pytest.fixture
def party():
    return PartyFactory()


@pytest.fixture
def agreement(party):
    return AgreementFactory(parties=[party])


@pytest.fixture
def watcher(agreement):
    """A user watching `agreement`."""
    user = UserFactory(username="agreement-watcher")
    WatchFactory(user=user, agreement=agreement)
    return user


@pytest.fixture
def days():
    return lambda n: datetime.timedelta(days=n)


@pytest.fixture
def late(agreement, today):
    """A pending milestone of `agreement` that was due yesterday."""
    return MilestoneFactory(
        agreement=agreement, title="Set up the investment working group", due_on=today - datetime.timedelta(days=1)
    )
