"""Shared fixtures. Tests run on real PostgreSQL and Redis (`pytest`, settings in tests/settings.py).

The clock: services take the date as an argument (`today`). Code that reads the clock itself
(views, the API, the admin, the eager task) runs under `pinned_today`, which moves the wall
clock with time-machine, so `timezone.now()` and `timezone.localdate()` agree. No test patches
the clock any other way.
"""

import contextlib
import datetime
import os
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken

# Playwright runs an event loop in the test thread; the ORM calls there are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots of the main pages land here in every browser test run.
ARTIFACTS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def today() -> datetime.date:
    """A pinned "today": services take the date as an argument, so no clock freezing is needed."""
    return datetime.date(2026, 5, 15)


@pytest.fixture
def set_clock(time_machine):
    """`set_clock(when)` moves the wall clock of this process to the aware datetime `when`.

    Every thread sees it (the live server's too), and it keeps ticking from there, so timestamps
    still increase. Processes the test starts (a Celery worker, `manage.py`) keep the real clock.
    """

    def move(when: datetime.datetime) -> None:
        time_machine.move_to(when, tick=True)

    return move


@pytest.fixture
def pinned_today(set_clock, settings, today) -> datetime.date:
    """The clock at noon of `today` in TIME_ZONE: `timezone.localdate()` is `today` for the test."""
    set_clock(datetime.datetime.combine(today, datetime.time(12), zoneinfo.ZoneInfo(settings.TIME_ZONE)))
    assert timezone.localdate() == today
    return today


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def editor(django_user_model):
    """A signed-in staff user with every add/change/delete permission of the agreements app."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "editor-password-123")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agreements"))
    return user


@pytest.fixture
def reader(django_user_model):
    """A signed-in user without any permission."""
    return django_user_model.objects.create_user("reader", "reader@example.org", "reader-password-123")


@pytest.fixture
def editor_token(editor) -> ApiToken:
    """The editor's API token; `.key` is its secret (this instance only: the database keeps a hash)."""
    token, secret = ApiToken.objects.issue(user=editor, name="tests")
    token.key = secret
    return token


@pytest.fixture
def token_client(editor_token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {editor_token.key}")
    return client


@pytest.fixture
def reader_client(reader) -> APIClient:
    client = APIClient()
    client.force_authenticate(reader)
    return client


@pytest.fixture(autouse=True)
def _isolated_settings(settings):
    # Locmem e-mail and fast password hashing in every test; the real broker stays as configured.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render templates without running collectstatic first (no manifest needed).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached reads are keyed by the data version, which a test that only changes settings (or the
    clock, with no write) does not move: each test starts with no cached body and no throttle count."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _purge_queued_tasks():
    """Writes through the services queue `send_alerts` on the real Redis broker, where no worker
    runs during most tests: empty the default queue at the end so runs do not pile tasks up."""
    yield
    from tracker.celery import app

    with contextlib.suppress(Exception):  # a broker that is down has nothing to purge
        app.control.purge()
