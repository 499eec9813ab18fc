"""Bad input everywhere: a 400 with field errors (API) or a form error (admin), never a 500,
never a half-written record; and HTML typed into any text field comes out escaped on every page.
"""

import datetime

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Milestone, Mineral, Party, ValueChainStage
from tests.factories import AgreementFactory, MilestoneFactory, MineralFactory, PartyFactory, StageFactory
from tests.reliability.conftest import analyst_paths

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("agreements").get_models()}


@pytest.fixture
def world(db):
    us = PartyFactory(iso_code="US", slug="us", name="United States")
    group = MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)
    StageFactory(slug="mining", name="Mining", order=2)
    signed = AgreementFactory(slug="signed", signed_on=datetime.date(2025, 10, 28), parties=[us], minerals=[group])
    unsigned = AgreementFactory(slug="unsigned", signed_on=None)
    return {"signed": signed, "unsigned": unsigned, "us": us, "group": group}


def agreement(**fields):
    return {"title": "A valid title", "kind": "framework", **fields}


def milestone(**fields):
    return {"agreement": "signed", "title": "A valid milestone", "due_on": "2026-06-01", **fields}


# (name, url, method, payload, field that must carry the error)
API_CASES = [
    # malformed dates
    ("impossible date", "/api/agreements/", "post", agreement(signed_on="2025-02-30"), "signed_on"),
    ("month 13", "/api/agreements/", "post", agreement(signed_on="2025-13-01"), "signed_on"),
    ("European date", "/api/agreements/", "post", agreement(signed_on="28.10.2025"), "signed_on"),
    ("date as number", "/api/milestones/", "post", milestone(due_on=20260601), "due_on"),
    ("year 0", "/api/milestones/", "post", milestone(due_on="0000-01-01"), "due_on"),
    ("in force before signing", "/api/agreements/", "post",
     agreement(signed_on="2025-10-28", entered_into_force_on="2025-01-01"), "entered_into_force_on"),
    # unknown slugs
    ("unknown party", "/api/agreements/", "post", agreement(parties=[{"party": "no-such-party"}]), "parties"),
    ("unknown mineral", "/api/agreements/", "post", agreement(minerals=["unobtainium"]), "minerals"),
    ("unknown stage", "/api/agreements/", "post", agreement(stages=["teleportation"]), "stages"),
    ("unknown agreement", "/api/milestones/", "post", milestone(agreement="no-such-agreement"), "agreement"),
    ("unknown group", "/api/minerals/", "post", {"slug": "m", "name": "M", "group": "no-such-group"}, "group"),
    ("unknown country", "/api/projects/", "post", {"slug": "p", "name": "P", "country": "zz"}, "country"),
    # huge strings
    ("huge title", "/api/agreements/", "post", agreement(title=HUGE), "title"),
    ("huge slug", "/api/stages/", "post", {"slug": HUGE, "name": "S", "order": 50}, "slug"),
    ("huge party slug", "/api/agreements/", "post", agreement(parties=[{"party": HUGE}]), "parties"),
    ("NUL character", "/api/agreements/", "post", agreement(title="nul\x00byte"), "title"),
    # wrong types
    ("kind as list", "/api/agreements/", "post", agreement(kind=["framework"]), "kind"),
    ("unknown kind", "/api/agreements/", "post", agreement(kind="alliance"), "kind"),
    ("parties as string", "/api/agreements/", "post", agreement(parties="us"), "parties"),
    ("minerals as object", "/api/agreements/", "post", agreement(minerals={"a": 1}), "minerals"),
    ("offset as word", "/api/milestones/", "post", milestone(due_on=None, offset_months="six"), "offset_months"),
    ("order overflows", "/api/stages/", "post", {"slug": "s", "name": "S", "order": 10**12}, "order"),
    ("amount not a number", "/api/instruments/", "post",
     {"agreement": "signed", "name": "I", "kind": "loan", "amount": "NaN", "currency": "USD"}, "amount"),
    ("amount overflows", "/api/instruments/", "post",
     {"agreement": "signed", "name": "I", "kind": "loan", "amount": "1e40", "currency": "USD"}, "amount"),
    ("legally_binding as word", "/api/agreements/", "post", agreement(legally_binding="perhaps"), "legally_binding"),
    # duplicate slugs
    ("duplicate stage slug", "/api/stages/", "post", {"slug": "mining", "name": "Mining again", "order": 77}, "slug"),
    ("duplicate agreement slug", "/api/agreements/", "post", agreement(slug="signed"), "slug"),
    ("duplicate country code", "/api/parties/", "post",
     {"slug": "us", "name": "Another US", "kind": "country", "iso_code": "US"}, "slug"),
    ("party listed twice", "/api/agreements/", "post",
     agreement(parties=[{"party": "us"}, {"party": "US"}]), "parties"),
    # negative and out-of-range offsets, and the deadline rules
    ("negative months", "/api/milestones/", "post", milestone(due_on=None, offset_months=-1), "offset_months"),
    ("negative days", "/api/milestones/", "post", milestone(due_on=None, offset_days=-180), "offset_days"),
    ("offset past bounds", "/api/milestones/", "post", milestone(due_on=None, offset_days=10**6), "offset_days"),
    ("both clocks", "/api/milestones/", "post", milestone(offset_months=6), "due_on"),
    ("neither clock", "/api/milestones/", "post", milestone(due_on=None), "due_on"),
    ("relative without signing", "/api/milestones/", "post",
     milestone(agreement="unsigned", due_on=None, offset_months=6), "offset_months"),
    ("completed_on on pending", "/api/milestones/", "post", milestone(completed_on="2026-01-01"), "completed_on"),
    # half-written: a valid agreement with one bad nested milestone
    ("bad nested milestone", "/api/agreements/", "post",
     agreement(signed_on="2025-10-28", milestones=[{"title": "ok", "offset_months": 6}, {"title": "bad"}]),
     "milestones[1]"),
    ("bad nested source", "/api/agreements/", "post",
     agreement(sources=[{"title": "ok"}, {"title": "bad", "url": "not a url"}]), "sources"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url", "method", "payload", "field"), API_CASES, ids=[c[0] for c in API_CASES])
def test_api_answers_bad_input_with_400_field_errors_and_writes_nothing(
    world, token_client, name, url, method, payload, field
):
    before = row_counts()
    response = getattr(token_client, method)(url, payload, format="json")
    assert response.status_code == 400, response.content[:500]
    body = response.json()
    assert isinstance(body, dict)
    assert field in body, body
    assert all(isinstance(messages, (list, dict)) for messages in body.values()), body
    assert row_counts() == before


def test_api_refuses_malformed_json_with_400(world, token_client):
    before = row_counts()
    response = token_client.generic("POST", "/api/agreements/", '{"title": "x", ', content_type="application/json")
    assert response.status_code == 400
    assert row_counts() == before


def test_api_refuses_an_unsupported_media_type_without_writing(world, token_client):
    response = token_client.generic("POST", "/api/stages/", "<stage/>", content_type="application/xml")
    assert response.status_code == 415
    assert not ValueChainStage.objects.exclude(slug="mining").exists()


def test_api_refuses_a_cyclic_mineral_group(world, token_client):
    outer = MineralFactory(slug="outer", name="Outer", is_group=True)
    inner = MineralFactory(slug="inner", name="Inner", is_group=True, group=outer)
    response = token_client.patch("/api/minerals/outer/", {"group": "inner"}, format="json")
    assert response.status_code == 400
    assert "group" in response.json()
    outer.refresh_from_db()
    assert outer.group is None
    self_loop = token_client.patch("/api/minerals/inner/", {"group": "inner"}, format="json")
    assert self_loop.status_code == 400
    inner.refresh_from_db()
    assert inner.group == outer


def test_api_moving_a_signing_date_away_under_relative_deadlines_is_refused(world, token_client):
    MilestoneFactory(agreement=world["signed"], due_on=None, offset_months=6)
    response = token_client.patch("/api/agreements/signed/", {"signed_on": None}, format="json")
    assert response.status_code == 400
    assert "signed_on" in response.json()
    world["signed"].refresh_from_db()
    assert world["signed"].signed_on == datetime.date(2025, 10, 28)


# Query strings: a malformed filter is a 400 naming the parameter; paging past the end a 404.
QUERY_CASES = [
    ("/api/agreements/?signed_after=2025-02-30", 400, "signed_after"),
    ("/api/agreements/?signed_before=yesterday", 400, "signed_before"),
    ("/api/agreements/?status=dormant", 400, "status"),
    ("/api/agreements/?updated_since=not-a-time", 400, "updated_since"),
    ("/api/milestones/?due_before=2026-00-10", 400, "due_before"),
    ("/api/milestones/?overdue=maybe", 400, "overdue"),
    ("/api/milestones/?agreement=" + "a" * 5000, 400, "agreement"),
    ("/api/agreements/?page=-1", 404, None),
    ("/api/agreements/?page=abc", 404, None),
    ("/api/agreements/?page=99999999999999999999", 404, None),
]


@pytest.mark.parametrize(("url", "status", "field"), QUERY_CASES, ids=[c[0][:60] for c in QUERY_CASES])
def test_api_answers_malformed_query_strings_cleanly(world, api_client, url, status, field):
    response = api_client.get(url)
    assert response.status_code == status, response.content[:300]
    if field:
        assert field in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/agreements/?page_size=-5",
        "/api/agreements/?page_size=0",
        "/api/agreements/?page_size=100000",
        "/api/agreements/?ordering=no_such_field",
        "/api/agreements/?search=" + "%00" * 10,
        "/api/agreements/?search=" + "x" * 10_000,
        "/api/agreements/?party=%00",
    ],
)
def test_api_list_tolerates_odd_but_harmless_parameters(world, api_client, url):
    response = api_client.get(url)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 200:
        assert len(response.json()["results"]) <= 200


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/?signed_after=2025-02-30",
        "/agreements/?page=-1",
        "/agreements/?page=abc",
        "/agreements/?q=" + "%00",
        "/agreements/?q=" + "x" * 10_000,
        "/milestones/?overdue=maybe",
        "/milestones/?due_before=2026-13-01",
        "/parties/compare/?party=no-such",
        "/parties/compare/?party=%00",
        "/agreements/no-such-agreement/",
        "/parties/" + "a" * 300 + "/",
        "/agreements/%00/",
    ],
)
def test_pages_answer_malformed_parameters_without_a_server_error(world, client, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404), (url, response.status_code)


# --- admin forms ----------------------------------------------------------------------------


@pytest.fixture
def admin_client_(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def form_errors(response) -> dict:
    assert response.status_code == 200, response.status_code  # a re-rendered form, not a redirect
    return response.context["adminform"].form.errors


def test_admin_refuses_a_cyclic_mineral_group(world, admin_client_):
    outer = MineralFactory(slug="outer", name="Outer", is_group=True)
    inner = MineralFactory(slug="inner", name="Inner", is_group=True, group=outer)
    url = reverse("admin:agreements_mineral_change", args=[outer.pk])
    data = {"slug": "outer", "name": "Outer", "symbol": "", "group": inner.pk, "is_group": "on", "description": ""}
    assert "group" in form_errors(admin_client_.post(url, data))
    outer.refresh_from_db()
    assert outer.group is None


def test_admin_refuses_negative_offsets_and_writes_no_milestone(world, admin_client_):
    before = Milestone.objects.count()
    data = {"agreement": world["signed"].pk, "title": "T", "offset_months": "-1", "status": "pending"}
    errors = form_errors(admin_client_.post(reverse("admin:agreements_milestone_add"), data))
    assert "offset_months" in errors
    assert Milestone.objects.count() == before


def test_admin_refuses_a_duplicate_slug(world, admin_client_):
    data = {"slug": "mining", "name": "Mining twice", "order": 55, "description": ""}
    errors = form_errors(admin_client_.post(reverse("admin:agreements_valuechainstage_add"), data))
    assert "slug" in errors
    assert ValueChainStage.objects.filter(slug="mining").count() == 1


def test_admin_refuses_a_malformed_date_and_a_huge_name(world, admin_client_):
    url = reverse("admin:agreements_milestone_add")
    data = {"agreement": world["signed"].pk, "title": HUGE, "due_on": "2026-02-30", "status": "pending"}
    errors = form_errors(admin_client_.post(url, data))
    assert {"title", "due_on"} <= set(errors)
    assert not Milestone.objects.filter(title__startswith="xxx").exists()


def test_admin_refuses_an_iso_code_on_a_non_country(world, admin_client_):
    data = {"slug": "acme", "name": "Acme", "kind": "company", "iso_code": "AC", "description": ""}
    errors = form_errors(admin_client_.post(reverse("admin:agreements_party_add"), data))
    assert "iso_code" in errors
    assert not Party.objects.filter(slug="acme").exists()


# --- HTML escaped everywhere ----------------------------------------------------------------

SCRIPT = '<script>alert("owned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile_records(sample_records):
    """Every text an analyst sees, set to markup."""
    agreement = sample_records
    Agreement.objects.filter(pk=agreement.pk).update(
        title=f"Title {SCRIPT}", short_title=f"Short {SCRIPT}", summary=f"Summary {IMAGE}",
        signed_at=f"Place {IMAGE}", notes=f"Notes {SCRIPT}", objectives=f"Objectives {SCRIPT}",
    )  # fmt: skip
    Party.objects.filter(slug="qz").update(name=f"Party {SCRIPT}", description=f"About {IMAGE}")
    Mineral.objects.filter(slug="rare-earths-test").update(name=f"Mineral {SCRIPT}")
    ValueChainStage.objects.filter(slug="mining-test").update(name=f"Stage {SCRIPT}")
    Milestone.objects.filter(agreement=agreement).update(title=f"Milestone {SCRIPT}", commitment_text=IMAGE)
    agreement.sources.update(title=f"Source {SCRIPT}", publisher=f"Publisher {IMAGE}")
    return agreement


def test_html_in_text_fields_is_escaped_on_every_page(hostile_records, superuser):
    client = Client()
    client.force_login(superuser)  # signed in: watch buttons and every panel are rendered
    pages = [
        *analyst_paths(),
        "/feed.atom",
        reverse("admin:agreements_agreement_changelist"),
        reverse("admin:agreements_agreement_change", args=[hostile_records.pk]),
        reverse("admin:agreements_agreement_history", args=[hostile_records.pk]),
        reverse("admin:agreements_milestone_changelist"),
        reverse("admin:agreements_party_changelist"),
    ]
    shown_escaped = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert SCRIPT not in text, path
        assert IMAGE not in text, path
        shown_escaped += "&lt;script&gt;" in text or "\\u003Cscript" in text or "\\u003cscript" in text
    # The hostile text is really on the pages (escaped), so the checks above looked at it.
    assert shown_escaped >= len(pages) - 2


def test_the_api_returns_markup_as_json_data_never_as_html(hostile_records, api_client):
    response = api_client.get("/api/agreements/test-framework/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"  # browsers won't sniff it into HTML
    assert response.json()["title"] == f"Title {SCRIPT}"  # data kept as typed, escaping is the page's job
