"""API tokens (accounts.ApiToken): hashed, named, expiring, revocable; `Authorization: Token KEY`.

The database keeps the SHA-256 digest and the first characters of a key, never the key; the key
is shown once, by `create_api_token` or by the admin page that answers the add form.
"""

import datetime
import io
import itertools
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, digest
from agreements.models import ValueChainStage

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 5, 15, 12, 0, tzinfo=datetime.UTC)


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


ORDERS = itertools.count(900)  # a stage's order is unique


def create_stage(key: str, slug: str):
    body = {"slug": slug, "name": slug.title(), "order": next(ORDERS)}
    return client_with(key).post("/api/stages/", body, format="json")


def every_stored_value() -> str:
    """Every column of every token row, as PostgreSQL prints it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM accounts_apitoken AS t")
        return "\n".join(row[0] for row in cursor.fetchall())


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "root-password-123")


def test_the_database_holds_a_digest_and_never_the_key(editor):
    token, key = ApiToken.objects.issue(user=editor, name="ci")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == digest(key) != key
    assert stored.key_prefix == key[:8] and len(key) >= 40
    assert key not in every_stored_value()
    assert not hasattr(stored, "key")


def test_create_api_token_prints_the_key_once_and_stores_its_hash(editor):
    out, err = run("editor", "--name", "nightly-import")
    key = out.strip()
    assert out == f"{key}\n"  # alone on stdout: KEY=$(manage.py create_api_token ...)
    assert (out + err).count(key) == 1
    assert "nightly-import" in err and "only now" in err
    token = ApiToken.objects.get(user__username="editor", name="nightly-import")
    assert token.digest == digest(key) and token.expires_at is None
    assert key not in every_stored_value()
    assert create_stage(key, "by-command").status_code == 201


def test_create_api_token_expires_in_days_and_refuses_what_it_cannot_do(editor, set_clock):
    set_clock(START)
    run("editor", "--name", "temporary", "--expires-in", "7")
    expires_at = ApiToken.objects.get(name="temporary").expires_at
    assert abs(expires_at - (START + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    with pytest.raises(CommandError, match="No user named"):
        run("nobody")
    with pytest.raises(CommandError, match="at least 1 day"):
        run("editor", "--name", "x", "--expires-in", "0")
    with pytest.raises(CommandError, match="already has a token with this name"):
        run("editor", "--name", "temporary")
    assert ApiToken.objects.count() == 1


def test_authorization_token_key_authenticates_a_script(editor):
    _token, key = ApiToken.objects.issue(user=editor, name="script")
    response = create_stage(key, "by-token")
    assert response.status_code == 201
    assert ValueChainStage.objects.filter(slug="by-token").exists()
    assert client_with(key).get("/api/watches/").status_code == 200  # signed in as the editor


def test_an_expired_token_is_refused_with_401(editor, set_clock):
    set_clock(START)
    _token, key = ApiToken.objects.issue(user=editor, name="short", expires_at=START + datetime.timedelta(days=1))
    assert create_stage(key, "before-expiry").status_code == 201
    set_clock(START + datetime.timedelta(days=1, minutes=1))
    response = create_stage(key, "after-expiry")
    assert response.status_code == 401
    assert response.json() == {"detail": "Token expired."}
    assert response["WWW-Authenticate"] == "Token"
    assert not ValueChainStage.objects.filter(slug="after-expiry").exists()
    assert client_with(key).get("/api/watches/").status_code == 401


def test_a_revoked_token_is_refused_with_401(editor):
    token, key = ApiToken.objects.issue(user=editor, name="leaked")
    assert create_stage(key, "before-revoke").status_code == 201
    assert token.revoke() is True
    response = create_stage(key, "after-revoke")
    assert response.status_code == 401
    assert response.json() == {"detail": "Token revoked."}
    assert not ValueChainStage.objects.filter(slug="after-revoke").exists()


def test_revoke_api_token_revokes_by_name_or_all(editor):
    keys = {name: ApiToken.objects.issue(user=editor, name=name)[1] for name in ("a", "b", "c")}
    call_command("revoke_api_token", "editor", "--name", "a", stdout=io.StringIO())
    assert create_stage(keys["a"], "revoked-a").status_code == 401
    assert create_stage(keys["b"], "still-b").status_code == 201
    call_command("revoke_api_token", "editor", "--all", stdout=io.StringIO())
    assert [create_stage(keys[name], f"after-all-{name}").status_code for name in "bc"] == [401, 401]
    with pytest.raises(CommandError, match="no unrevoked token named"):
        call_command("revoke_api_token", "editor", "--name", "a")


def test_a_user_has_several_named_tokens_and_a_revoked_name_can_be_reused(editor):
    ci, ci_key = ApiToken.objects.issue(user=editor, name="ci")
    _laptop, laptop_key = ApiToken.objects.issue(user=editor, name="laptop")
    assert [create_stage(key, slug).status_code for key, slug in ((ci_key, "ci"), (laptop_key, "laptop"))] == [201, 201]
    assert sorted(editor.api_tokens.values_list("name", flat=True)) == ["ci", "laptop"]
    ci.revoke()
    _new_ci, new_ci_key = ApiToken.objects.issue(user=editor, name="ci")
    assert create_stage(ci_key, "old-ci").status_code == 401
    assert create_stage(new_ci_key, "new-ci").status_code == 201
    assert create_stage(laptop_key, "laptop-again").status_code == 201


def test_unknown_keys_and_inactive_users_are_refused(editor):
    _token, key = ApiToken.objects.issue(user=editor, name="script")
    assert create_stage(digest(key), "by-digest").status_code == 401  # the stored value is no key
    assert create_stage(key[:8], "by-prefix").status_code == 401
    editor.is_active = False
    editor.save()
    assert create_stage(key, "inactive").status_code == 401


def test_last_used_is_recorded_without_a_write_on_every_request(editor, set_clock):
    set_clock(START)
    token, key = ApiToken.objects.issue(user=editor, name="script")
    client = client_with(key)
    client.get("/api/watches/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and abs(first - START) < datetime.timedelta(minutes=1)
    client.get("/api/watches/")
    token.refresh_from_db()
    assert token.last_used_at == first
    set_clock(START + datetime.timedelta(minutes=10))
    client.get("/api/watches/")
    token.refresh_from_db()
    assert token.last_used_at > first


# --- the admin --------------------------------------------------------------------------------


def test_the_admin_shows_the_key_once_on_creation_and_never_again(superuser, editor):
    admin = Client()
    admin.force_login(superuser)
    add = reverse("admin:accounts_apitoken_add")
    form = admin.get(add)
    assert form.status_code == 200
    assert b'name="_addanother"' not in form.content and b'name="_continue"' not in form.content
    created = admin.post(add, {"user": editor.pk, "name": "from-admin", "expires_at_0": "", "expires_at_1": ""})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    key = re.search(r'id="token-secret"[^>]*value="([^"]+)"', created.content.decode()).group(1)
    token = ApiToken.objects.get(name="from-admin")
    assert token.user == editor and token.digest == digest(key)
    assert created.content.decode().count(key) == 1
    assert create_stage(key, "admin-made").status_code == 201

    pages = [
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        reverse("admin:accounts_apitoken_delete", args=[token.pk]),
        reverse("admin:accounts_apitoken_history", args=[token.pk]),
        reverse("admin:index"),
    ]
    for page in pages:
        response = admin.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert key not in body, page
        assert token.digest not in body, page
    assert f"{key[:8]}…" in admin.get(pages[0]).content.decode()  # how people tell tokens apart
    assert key not in str(dict(admin.session))
    assert not any(key in str(cookie.value) for cookie in admin.cookies.values())


def test_the_admin_refuses_a_second_active_token_of_the_same_name(superuser, editor):
    ApiToken.objects.issue(user=editor, name="ci")
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        reverse("admin:accounts_apitoken_add"),
        {"user": editor.pk, "name": "ci", "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 200
    assert "already has a token with this name" in response.content.decode()
    assert ApiToken.objects.filter(name="ci").count() == 1


def test_the_admin_revokes_with_an_action_that_needs_the_change_permission(superuser, editor, django_user_model):
    token, key = ApiToken.objects.issue(user=editor, name="ci")
    changelist = reverse("admin:accounts_apitoken_changelist")
    viewer = django_user_model.objects.create_user("token-viewer", "tv@example.org", "viewer-password-123")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.set(Permission.objects.filter(codename="view_apitoken"))
    as_viewer = Client()
    as_viewer.force_login(viewer)
    assert b'value="revoke_tokens"' not in as_viewer.get(changelist).content
    as_viewer.post(changelist, {"action": "revoke_tokens", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is None

    admin = Client()
    admin.force_login(superuser)
    response = admin.post(changelist, {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert create_stage(key, "after-admin-revoke").status_code == 401
    assert "revoked" in admin.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()


def test_the_admin_lists_tokens_by_state(superuser, editor, set_clock):
    set_clock(START)
    ApiToken.objects.issue(user=editor, name="live")
    ApiToken.objects.issue(user=editor, name="old", expires_at=START - datetime.timedelta(days=1))
    ApiToken.objects.issue(user=editor, name="gone")[0].revoke()
    admin = Client()
    admin.force_login(superuser)
    changelist = reverse("admin:accounts_apitoken_changelist")
    for state, name in (("active", "live"), ("expired", "old"), ("revoked", "gone")):
        shown = admin.get(changelist, {"state": state}).context["cl"].result_list
        assert [token.name for token in shown] == [name], state


def test_tokens_of_a_deleted_user_go_with_it(editor):
    ApiToken.objects.issue(user=editor, name="ci")
    editor.delete()
    assert ApiToken.objects.count() == 0


def test_keys_made_later_never_repeat_and_expiry_is_checked_against_now(editor):
    keys = {ApiToken.objects.issue(user=editor, name=f"t{n}")[1] for n in range(20)}
    assert len(keys) == 20
    soon = ApiToken.objects.issue(user=editor, name="soon", expires_at=timezone.now() + datetime.timedelta(hours=1))[0]
    assert soon.state() == "active"
    assert soon.state(timezone.now() + datetime.timedelta(hours=2)) == "expired"


# --- tokens of DRF's authtoken, which this replaces ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_drf_authtoken_keys_which_keep_working(editor):
    key = "0123456789abcdef0123456789abcdef01234567"  # a DRF key: 40 hexadecimal characters
    with connection.cursor() as cursor:  # authtoken's table as its migrations left it
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL,"
            " user_id integer NOT NULL UNIQUE REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, timezone.now(), editor.pk])
    try:
        call_command("migrate", "accounts", "0001", verbosity=0)
        call_command("migrate", "accounts", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0  # no plaintext key left behind
        token = ApiToken.objects.get(user=editor)
        assert (token.name, token.key_prefix, token.digest, token.expires_at) == (
            "authtoken",
            key[:8],
            digest(key),
            None,
        )
        assert key not in every_stored_value()
        assert create_stage(key, "old-key").status_code == 201
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS authtoken_token")
