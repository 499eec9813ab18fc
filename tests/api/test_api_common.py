"""What every list shares: pagination and its cap, CSV, conditional requests, the error shape."""

import csv
import io

import pytest

from agreements.models import Agreement
from tests.api.helpers import slugs
from tests.factories import MilestoneFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LISTS = ["agreements", "parties", "minerals", "stages", "instruments", "milestones", "projects"]


def test_api_root_lists_every_resource(api_client):
    body = api_client.get("/api/").json()
    for name in [*LISTS, "watches"]:
        assert body[name].endswith(f"/api/{name}/")


def test_page_size_is_capped_at_200(api_client):
    OrganizationFactory.create_batch(205)
    response = api_client.get("/api/parties/", {"page_size": 1000})
    body = response.json()
    assert body["count"] == 205
    assert len(body["results"]) == 200
    assert "page=2" in body["next"]
    assert len(api_client.get(body["next"]).json()["results"]) == 5


def test_page_size_and_pages(api_client):
    OrganizationFactory.create_batch(7)
    first = api_client.get("/api/parties/", {"page_size": 3})
    third = api_client.get("/api/parties/", {"page_size": 3, "page": 3})
    assert len(first.json()["results"]) == 3
    assert len(third.json()["results"]) == 1
    assert third.json()["next"] is None
    assert third.json()["previous"] is not None


@pytest.mark.parametrize("page", ["99", "0", "abc"])
def test_page_out_of_range_is_404_not_500(api_client, page):
    OrganizationFactory()
    response = api_client.get("/api/parties/", {"page": page})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_default_page_size_is_50(api_client):
    OrganizationFactory.create_batch(51)
    assert len(api_client.get("/api/parties/").json()["results"]) == 50


# --- CSV ---------------------------------------------------------------------------------


def test_agreement_list_as_csv_has_rows_not_the_envelope_and_flat_parties(api_client, world):
    response = api_client.get("/api/agreements/", {"format": "csv", "party": "jp"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["us-jp", "jp-org"]
    assert rows[0]["parties"] == "jp;us"
    assert rows[1]["parties"] == "jp;mineral-forum"
    assert rows[0]["minerals"] == "neodymium"
    assert rows[0]["sources"] == "https://example.org/us-jp"
    assert rows[0]["overdue_count"] == "0"
    assert "count" not in rows[0] and "results" not in rows[0]


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_answers_csv_with_a_header(api_client, world, resource):
    MilestoneFactory(agreement=world["us-jp"])
    response = api_client.get(f"/api/{resource}/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert "updated_at" in header


def test_empty_csv_list_still_has_its_header(api_client, db):
    response = api_client.get("/api/milestones/", {"format": "csv"})
    lines = response.content.decode().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("url,id,agreement,instrument,title")


# --- conditional requests ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/agreements/", "/api/agreements/us-jp/", "/api/milestones/"])
def test_unchanged_resource_answers_304_to_its_etag(api_client, world, path):
    first = api_client.get(path)
    etag = first["ETag"]
    assert etag.startswith('"')

    again = api_client.get(path, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_change_gives_a_new_etag_and_a_full_response(api_client, token_client, world):
    etag = api_client.get("/api/agreements/").get("ETag")
    token_client.patch("/api/agreements/us-au/", {"title": "Renamed"}, format="json")
    response = api_client.get("/api/agreements/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_new_milestone_changes_the_agreement_etag(api_client, world):
    etag = api_client.get("/api/agreements/us-jp/")["ETag"]
    MilestoneFactory(agreement=world["us-jp"])
    assert api_client.get("/api/agreements/us-jp/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_csv_and_json_have_different_etags(api_client, world):
    assert api_client.get("/api/agreements/")["ETag"] != api_client.get("/api/agreements/?format=csv")["ETag"]


# --- errors ------------------------------------------------------------------------------


def test_unknown_format_is_a_400_on_format(api_client, world):
    response = api_client.get("/api/agreements/", {"format": "xml"})
    assert response.status_code == 400
    assert set(response.json()) == {"format"}


def test_field_errors_are_not_wrapped_in_detail(token_client, world):
    response = token_client.post("/api/agreements/", {"title": "", "kind": "nope"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"title", "kind"}
    assert all(isinstance(messages, list) and messages for messages in body.values())


def test_non_object_body_is_400(token_client, world):
    response = token_client.post("/api/agreements/", ["a", "list"], format="json")
    assert response.status_code == 400
    assert Agreement.objects.count() == 3


def test_list_and_search_on_every_list(api_client, world):
    for resource in LISTS:
        response = api_client.get(f"/api/{resource}/", {"search": "zzzz-no-match", "ordering": "updated_at"})
        assert response.status_code == 200, (resource, response.content)
        assert response.json()["results"] == []


def test_updated_since_with_timezone_offset(api_client, world):
    Agreement.objects.filter(slug="jp-org").update(updated_at="2031-06-01T12:00:00+00:00")
    assert slugs(api_client.get("/api/agreements/", {"updated_since": "2031-06-01T13:00:00+02:00"})) == ["jp-org"]
    assert slugs(api_client.get("/api/agreements/", {"updated_since": "2031-06-01T12:00:01Z"})) == []


def test_anonymous_clients_are_throttled(api_client, monkeypatch, db):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert [api_client.get("/api/stages/").status_code for _ in range(3)] == [200, 200, 429]
    assert "detail" in api_client.get("/api/stages/").json()


def test_a_client_cannot_dodge_the_anonymous_throttle_with_x_forwarded_for(api_client, monkeypatch, db):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    answers = [api_client.get("/api/stages/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert answers == [200, 200, 429]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/agreements/?party=%00", "party"),
        ("/api/agreements/?search=%00", "search"),
        ("/api/agreements/?mineral=a%00b", "mineral"),
        ("/api/milestones/?due_within=1e400", "due_within"),
        ("/api/milestones/?due_within=NaN", "due_within"),
        ("/api/agreements/?signed_after=99999-01-01", "signed_after"),
        ("/api/agreements/?ordering=-", "ordering"),
    ],
)
def test_hostile_query_values_are_field_errors(api_client, world, url, field):
    response = api_client.get(url)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "url", ["/api/agreements/%00/", "/api/milestones/abc/", "/api/milestones/99999999999999999999999/"]
)
def test_hostile_lookups_are_404(api_client, world, url):
    assert api_client.get(url).status_code == 404


def test_deadline_past_year_9999_is_a_400(token_client, world):
    MilestoneFactory(agreement=world["us-jp"], due_on=None, offset_months=1200)
    response = token_client.patch("/api/agreements/us-jp/", {"signed_on": "9999-06-01"}, format="json")
    assert response.status_code == 400
    assert "signed_on" in response.json()
    created = token_client.post(
        "/api/agreements/",
        {"title": "T", "kind": "mou", "signed_on": "9999-12-31", "milestones": [{"title": "M", "offset_days": 36500}]},
        format="json",
    )
    assert created.status_code == 400
    assert "milestones[0]" in created.json()


def test_unknown_values_with_percent_signs_are_reported_verbatim(api_client, world):
    response = api_client.get("/api/agreements/", {"party": "%I%s%(x)s"})
    assert response.status_code == 400
    assert response.json() == {"party": ["Unknown party: %I%s%(x)s."]}


def test_empty_ordering_terms_are_ignored(api_client, world):
    response = api_client.get("/api/minerals/", {"ordering": ",,"})
    assert response.status_code == 200
    assert response.json()["count"] == api_client.get("/api/minerals/").json()["count"]
