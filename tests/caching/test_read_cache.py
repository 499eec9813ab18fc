"""ETags, 304s and cached bodies keyed by the data version (agreements/caching.py).

Every write path moves the answer at once; a repeat costs one query; the reader's class (drafts
or not), the language and the date are part of the key; signed-in pages are never shared.
"""

import datetime
import io
import json
import re
import zoneinfo

import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from agreements import services, tasks
from agreements.models import Agreement, Party
from tests.factories import AgreementFactory, MilestoneFactory, PartyFactory, UserFactory, WatchFactory

pytestmark = pytest.mark.django_db

API_READS = [
    "/api/agreements/",
    "/api/agreements/us-jp/",
    "/api/agreements/?search=rare",
    "/api/milestones/?overdue=true",
    "/api/agreements/?format=csv",
]
# The 304 and the warm read: the data version, nothing else (anonymous: no session, no token).
ONE_QUERY = 1


@pytest.fixture
def agreements(pinned_today):
    us = PartyFactory(slug="us", iso_code="US", name="United States")
    jp = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    published = AgreementFactory(slug="us-jp", title="Rare earths framework", parties=[us, jp])
    MilestoneFactory(agreement=published, due_on=pinned_today - datetime.timedelta(days=3))
    AgreementFactory(slug="secret", title="Secret draft", published=False)
    return published


def titles(response) -> set[str]:
    body = response.json()
    return {row["title"] for row in body.get("results", [body])}


@pytest.mark.parametrize("path", API_READS)
def test_a_repeat_with_the_etag_is_a_304_after_one_query(api_client, agreements, path, django_assert_num_queries):
    first = api_client.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"
    assert {"Accept", "Authorization", "Cookie", "Accept-Language"} <= set(re.split(r",\s*", first["Vary"]))

    with django_assert_num_queries(ONE_QUERY):
        again = api_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


@pytest.mark.parametrize("path", API_READS)
def test_a_warm_read_sends_the_stored_body_without_running_the_query(
    api_client, agreements, path, django_assert_num_queries
):
    first = api_client.get(path)
    with django_assert_num_queries(ONE_QUERY):
        warm = api_client.get(path)
    assert warm.status_code == 200
    assert warm.content == first.content
    assert warm["Content-Type"] == first["Content-Type"]
    assert warm["ETag"] == first["ETag"]


def test_the_stored_body_is_the_one_a_cold_read_renders(api_client, agreements):
    warm_etag = api_client.get("/api/agreements/")["ETag"]
    stored = api_client.get("/api/agreements/").content
    Agreement.objects.filter(slug="nothing").update(title="x")  # moves the version, changes no row
    cold = api_client.get("/api/agreements/")
    assert cold["ETag"] != warm_etag
    assert cold.content == stored


# --- every write path moves the answer at once ---------------------------------------------


def test_an_api_patch_and_post_change_the_answer(api_client, token_client, agreements):
    etag = api_client.get("/api/agreements/")["ETag"]
    assert token_client.patch("/api/agreements/us-jp/", {"title": "Renamed"}, format="json").status_code == 200
    after_patch = api_client.get("/api/agreements/", HTTP_IF_NONE_MATCH=etag)
    assert after_patch.status_code == 200
    assert "Renamed" in titles(after_patch)

    parties = api_client.get("/api/parties/")
    assert api_client.get("/api/parties/", HTTP_IF_NONE_MATCH=parties["ETag"]).status_code == 304
    new = {"name": "Chile", "slug": "cl", "kind": "country", "iso_code": "CL"}
    assert token_client.post("/api/parties/", new, format="json").status_code == 201
    after_post = api_client.get("/api/parties/", HTTP_IF_NONE_MATCH=parties["ETag"])
    assert after_post.status_code == 200
    assert "Chile" in {row["name"] for row in after_post.json()["results"]}


def test_an_admin_change_form_changes_the_answer(api_client, agreements, client, django_user_model):
    from tests.agreements.test_admin import _agreement_form

    agreement = services.agreement_create(
        data={"title": "Admin framework", "slug": "admin-framework", "kind": "framework", "published": True},
    )
    etag = api_client.get("/api/agreements/admin-framework/")["ETag"]
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw-123-root"))
    form = _agreement_form(title="Changed in the admin", published="on", signed_on="")
    response = client.post(reverse("admin:agreements_agreement_change", args=[agreement.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    again = api_client.get("/api/agreements/admin-framework/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["title"] == "Changed in the admin"


def test_the_overdue_job_changes_the_answer(api_client, agreements):
    path = f"/api/milestones/{agreements.milestones.get().pk}/"
    before = api_client.get(path)
    tasks.flag_overdue_milestones.apply().get()
    after = api_client.get(path, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["overdue_since"] is not None
    assert before.json()["overdue_since"] is None


def test_load_demo_changes_the_answer(api_client, db):
    empty = api_client.get("/api/agreements/")
    assert empty.json()["count"] == 0
    call_command("load_demo", stdout=io.StringIO())
    loaded = api_client.get("/api/agreements/", HTTP_IF_NONE_MATCH=empty["ETag"])
    assert loaded.status_code == 200
    assert loaded.json()["count"] > 0


def test_import_data_changes_the_answer(api_client, tmp_path):
    PartyFactory(slug="cl", iso_code="CL", name="Chile")
    exported = tmp_path / "export.json"
    call_command("export_data", output=str(exported))
    Party.objects.all().delete()
    empty = api_client.get("/api/parties/")
    assert empty.json()["count"] == 0
    call_command("import_data", str(exported), "--force", stdout=io.StringIO())  # history rows stay behind
    restored = api_client.get("/api/parties/", HTTP_IF_NONE_MATCH=empty["ETag"])
    assert restored.status_code == 200
    assert [row["slug"] for row in restored.json()["results"]] == ["cl"]


def test_a_raw_sql_update_changes_the_answer(api_client, agreements):
    etag = api_client.get("/api/agreements/us-jp/")["ETag"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE agreements_agreement SET title = 'By hand' WHERE slug = 'us-jp'")
    again = api_client.get("/api/agreements/us-jp/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["title"] == "By hand"


# --- the date, the language, the reader ------------------------------------------------------


def test_the_next_day_is_another_answer(api_client, agreements, set_clock, settings, pinned_today):
    first = api_client.get("/api/milestones/?overdue=true")
    next_noon = datetime.datetime.combine(pinned_today + datetime.timedelta(days=1), datetime.time(12))
    set_clock(next_noon.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)))
    again = api_client.get("/api/milestones/?overdue=true", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.json()["results"][0]["days_late"] == first.json()["results"][0]["days_late"] + 1


def test_each_language_has_its_own_answer(api_client, agreements):
    english = api_client.get("/agreements/", HTTP_ACCEPT_LANGUAGE="en")
    german = api_client.get("/agreements/", HTTP_ACCEPT_LANGUAGE="de")
    assert english["ETag"] != german["ETag"]
    assert 'lang="de"' in german.content.decode()
    assert 'lang="en"' in api_client.get("/agreements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api_en = api_client.get("/api/agreements/", HTTP_ACCEPT_LANGUAGE="en")
    assert api_client.get("/api/agreements/", HTTP_ACCEPT_LANGUAGE="de")["ETag"] != api_en["ETag"]


@pytest.mark.parametrize("anonymous_first", [True, False])
def test_editors_and_readers_never_share_a_body(api_client, token_client, agreements, anonymous_first):
    reads = [("anonymous", api_client), ("editor", token_client)]
    seen = {}
    for name, client in reads if anonymous_first else reversed(reads):
        client.get("/api/agreements/")
        seen[name] = client.get("/api/agreements/")  # the warm read, from the cache
    assert "Secret draft" in titles(seen["editor"])
    assert "Secret draft" not in titles(seen["anonymous"])
    assert seen["editor"]["ETag"] != seen["anonymous"]["ETag"]
    assert seen["editor"]["Cache-Control"] == "private, no-cache"
    # An editor's ETag is no validator for a reader.
    assert api_client.get("/api/agreements/", HTTP_IF_NONE_MATCH=seen["editor"]["ETag"]).status_code == 200


def test_a_users_watches_are_theirs_alone(agreements):
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    WatchFactory(user=ann, agreement=agreements)
    clients = {}
    for user in (ann, bob):
        clients[user.username] = APIClient()
        clients[user.username].force_authenticate(user)
    ann_first = clients["ann"].get("/api/watches/")
    assert ann_first.json()["count"] == 1
    assert ann_first["Cache-Control"] == "private, no-cache"
    assert clients["bob"].get("/api/watches/").json()["count"] == 0
    assert clients["bob"].get("/api/watches/", HTTP_IF_NONE_MATCH=ann_first["ETag"]).status_code == 200
    assert clients["ann"].get("/api/watches/", HTTP_IF_NONE_MATCH=ann_first["ETag"]).status_code == 304


# --- pages ---------------------------------------------------------------------------------


def csrf_in(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("path", ["/agreements/", "/agreements/?q=rare", "/agreements/us-jp/"])
def test_pages_are_cached_for_anonymous_visitors(agreements, path, django_assert_num_queries):
    visitor = Client()
    first = visitor.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    with django_assert_num_queries(ONE_QUERY):
        warm = visitor.get(path)
    assert warm.status_code == 200
    with django_assert_num_queries(ONE_QUERY):
        assert visitor.get(path, HTTP_IF_NONE_MATCH=warm["ETag"]).status_code == 304
    assert "Secret draft" not in warm.content.decode()


def test_a_cached_page_carries_each_visitors_own_csrf_token(agreements):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/agreements/")
    page = second.get("/agreements/")  # from the cache
    assert page.cookies["csrftoken"].value  # a new visitor gets a cookie: set per response, not stored
    token = csrf_in(page)
    assert token != csrf_in(first.get("/agreements/"))
    switched = second.post(reverse("set_language"), {"language": "de", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302  # the token in the cached page is valid for this visitor


def test_a_browsers_copy_is_not_revalidated_for_another_csrf_cookie(agreements):
    visitor = Client()
    page = visitor.get("/agreements/")
    other = Client()
    other.cookies["csrftoken"] = "x" * 32
    assert other.get("/agreements/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200


def test_signed_in_pages_are_not_shared(agreements, client, reader):
    Client().get("/agreements/us-jp/")  # warm for anonymous visitors
    client.force_login(reader)
    own = client.get("/agreements/us-jp/")
    assert "reader" in own.content.decode()  # the user's name in the header: rendered for them
    assert "ETag" not in own
    assert "reader" not in Client().get("/agreements/us-jp/").content.decode()


def test_an_editor_sees_drafts_on_pages_after_a_visitor_warmed_them(agreements, client, editor):
    assert "Secret draft" not in Client().get("/agreements/").content.decode()
    client.force_login(editor)
    assert "Secret draft" in client.get("/agreements/").content.decode()


def test_a_visitor_with_a_message_gets_it_and_nobody_else_does(agreements):
    Client().get("/agreements/")
    visitor = Client()
    session_message = visitor.post(reverse("set_language"), {"language": "en", "next": "/agreements/"})
    assert session_message.status_code == 302
    # (set_language leaves no message: simulate one the way the cookie storage keeps it)
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    carrier = HttpResponse()
    storage._store([_message("You watch it now.")], carrier)
    visitor.cookies["messages"] = carrier.cookies["messages"].value
    shown = visitor.get("/agreements/")
    assert "You watch it now." in shown.content.decode()
    assert "You watch it now." not in Client().get("/agreements/").content.decode()


def _message(text):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, text)


def test_a_cached_page_gets_a_fresh_nonce_that_its_csp_header_names(agreements, settings):
    settings.ROOT_URLCONF = "tests.caching.nonce_urls"
    first = Client().get("/nonce/")
    second = Client().get("/nonce/")  # from the cache
    assert first.content.replace(b"1</p>", b"") != b""
    for response in (first, second):
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    nonces = [re.search(r'nonce="([^"]+)"', r.content.decode()).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]  # a nonce is never reused across responses
    assert csrf_in(first) != csrf_in(second)


# --- the shared cache ----------------------------------------------------------------------


def test_bodies_are_shared_through_redis(api_client, agreements, settings, django_assert_num_queries):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/11",
        }
    }
    from django.core.cache import cache

    cache.clear()
    first = api_client.get("/api/agreements/")
    stored = redis.Redis.from_url("redis://127.0.0.1:6379/11").keys("*read:*")
    assert len(stored) == 1
    with django_assert_num_queries(ONE_QUERY):
        warm = APIClient().get("/api/agreements/")  # another client, the body from Redis
    assert json.loads(warm.content) == json.loads(first.content)
    cache.clear()
