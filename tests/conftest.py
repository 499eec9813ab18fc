"""Shared fixtures. Tests run on real PostgreSQL and Redis (`make test`)."""

import datetime
import os

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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
def editor_token(editor) -> Token:
    return Token.objects.create(user=editor)


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
