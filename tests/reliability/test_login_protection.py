"""Sign-in lockout (django-axes): per user name and per client address, on both login pages.

Settings (tracker/settings.py): LOGIN_FAILURE_LIMIT failures (5) for one user name from anywhere,
or from one address for any user names, lock sign-in for LOGIN_COOLOFF_MINUTES (30) after the
last failure. Locked attempts are refused even with the right password, are not counted and
don't extend the lock. An admin unlocks by deleting the access attempts (or `axes_reset*`).
"""

import datetime

import pytest
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.backends import LockoutBackend

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
PASSWORD = "editor-password-123"  # the editor fixture's
CLIENT_IP = "198.51.100.7"
START = datetime.datetime(2026, 5, 15, 12, 0, tzinfo=datetime.UTC)


def sign_in(client: Client, username: str, password: str, ip: str = CLIENT_IP, path: str = "/accounts/login/", **meta):
    # The site's form (allauth) takes a user name or an e-mail address as `login`; the admin's, `username`.
    field = "username" if path.startswith("/admin/") else "login"
    return client.post(path, {field: username, "password": password}, REMOTE_ADDR=ip, **meta)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(times: int, username: str = "editor", ip: str = CLIENT_IP, path: str = "/accounts/login/") -> list[int]:
    return [sign_in(Client(), username, "wrong-password", ip=ip, path=path).status_code for _ in range(times)]


def test_thirty_wrong_passwords_then_the_right_one_is_locked_out(editor):
    statuses = fail(30)
    # The form answers the first failures; the one that reaches the limit gets the lockout page.
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}
    client = Client()
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_fewer_failures_than_the_limit_leave_the_right_password_working(editor):
    fail(LIMIT - 1)
    client = Client()
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_user_name_is_locked_whatever_addresses_the_failures_come_from(editor):
    for number in range(LIMIT):
        fail(1, ip=f"203.0.113.{number + 1}")
    client = Client()
    assert sign_in(client, "editor", PASSWORD, ip="192.0.2.200").status_code == 429
    assert not signed_in(client)


def test_an_address_is_locked_whatever_user_names_it_tries(editor):
    for number in range(LIMIT):
        fail(1, username=f"guess-{number}")
    locked = Client()
    assert sign_in(locked, "editor", PASSWORD).status_code == 429
    assert not signed_in(locked)
    # The user name is not locked: the editor signs in from anywhere else.
    elsewhere = Client()
    assert sign_in(elsewhere, "editor", PASSWORD, ip="192.0.2.50").status_code == 302
    assert signed_in(elsewhere)


@pytest.mark.parametrize("failures_on", ["/accounts/login/", "/admin/login/"])
def test_the_admin_login_and_the_site_login_share_the_lockout(editor, failures_on):
    fail(LIMIT, path=failures_on)
    for path in ("/accounts/login/", "/admin/login/"):
        client = Client()
        assert sign_in(client, "editor", PASSWORD, path=path).status_code == 429, path
        assert not signed_in(client)


def test_the_lockout_page_says_why_and_when_in_english(editor):
    fail(LIMIT)
    response = sign_in(Client(), "editor", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert "<h1>Sign-in blocked</h1>" in page
    assert f"After {LIMIT} failed sign-in attempts for this user name or from your network" in page
    assert "even with the right password" in page
    assert "Try again in 30 minutes." in page
    assert "An administrator can lift the block sooner." in page


def test_the_lockout_page_in_german(editor):
    fail(LIMIT)
    response = sign_in(Client(), "editor", PASSWORD, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    assert response["Content-Language"] == "de"
    page = response.content.decode()
    assert "<h1>Anmeldung gesperrt</h1>" in page
    assert f"Nach {LIMIT} fehlgeschlagenen Anmeldeversuchen" in page
    assert "Versuchen Sie es in 30 Minuten erneut." in page


def test_the_lockout_ends_after_the_cool_off_and_attempts_during_it_do_not_extend_it(editor, set_clock):
    set_clock(START)
    fail(LIMIT)
    set_clock(START + datetime.timedelta(minutes=20))
    assert sign_in(Client(), "editor", PASSWORD).status_code == 429  # refused, not counted
    set_clock(START + settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
    assert sign_in(Client(), "editor", PASSWORD).status_code == 429
    set_clock(START + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
    client = Client()
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_admin_unlocks_by_deleting_the_access_attempts(editor, superuser):
    fail(LIMIT)
    admin = Client()
    admin.force_login(superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200
    assert "editor" in page.content.decode() and "Locked Out" in page.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin.post(changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client = Client()
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(
    ("command", "args"),
    [("axes_reset", []), ("axes_reset_username", ["editor"]), ("axes_reset_ip", [CLIENT_IP])],
)
def test_the_axes_reset_commands_unlock(editor, command, args):
    fail(LIMIT)
    call_command(command, *args, verbosity=0)
    client = Client()
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in(client)


def test_behind_trusted_proxies_the_client_is_read_from_x_forwarded_for(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for number in range(LIMIT):
        # Whatever the client writes into the header itself stays to the left of what the proxy adds.
        forwarded = f"192.0.2.{number}, 203.0.113.9"
        sign_in(Client(), f"guess-{number}", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=forwarded)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert sign_in(Client(), "editor", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # Another client behind the same proxy is not locked with it.
    other = Client()
    assert sign_in(other, "editor", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302
    assert signed_in(other)


def test_without_trusted_proxies_a_forged_x_forwarded_for_changes_nothing(editor):
    for number in range(LIMIT):
        sign_in(Client(), f"guess-{number}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_IP}
    assert sign_in(Client(), "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_peer(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = sign_in(Client(), "editor", "wrong", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="unknown")
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]


def test_only_calls_without_a_request_skip_the_lockout_check(editor, rf):
    # The test client's login() and shell code pass no request: nothing to count, the password decides.
    assert LockoutBackend().authenticate(None, username="editor", password=PASSWORD) is None
    assert Client().login(username="editor", password=PASSWORD)
    # Over HTTP the check runs: a locked user name is refused even with the right password.
    fail(LIMIT)
    request = rf.post("/accounts/login/", REMOTE_ADDR="192.0.2.77")
    with pytest.raises(AxesBackendPermissionDenied):
        LockoutBackend().authenticate(request, username="editor", password=PASSWORD)
