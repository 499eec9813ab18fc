"""Bounded work and whole answers on the API: what a probe of the live app broke, each as a test.

Deeply nested or huge bodies, a PATCH with an incomplete nested item, a list of thousands of
slugs, an oversized body, `If-Match` on a read, and nested writes by a user without the nested
models' permissions: each answers a JSON 4xx that says why, writes nothing, and never a 500.
"""

import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from agreements.api.parsers import MAX_DEPTH, MAX_LIST_ITEMS
from agreements.models import Agreement, AgreementParty, Milestone, Source
from tests.factories import AgreementFactory, MineralFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _client_with(django_user_model, *codenames: str) -> APIClient:
    user = django_user_model.objects.create_user("limited", "limited@example.org", "limited-password-123")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agreements", codename__in=codenames))
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_deeply_nested_body_is_a_400_naming_the_limit_not_a_500(token_client):
    body = '{"party": ' + "[" * 990 + "]" * 990 + "}"
    response = token_client.post("/api/watches/", body, content_type="application/json")
    assert response.status_code == 400
    assert f"deeper than {MAX_DEPTH} levels" in json.dumps(response.json())


def test_nesting_just_past_the_limit_is_refused_before_validation(token_client):
    body = json.dumps({"title": "Deep", "notes": [[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]})
    response = token_client.post("/api/agreements/", body, content_type="application/json")
    assert response.status_code == 400
    assert f"deeper than {MAX_DEPTH} levels" in json.dumps(response.json())
    assert not Agreement.objects.exists()


def test_a_list_longer_than_the_limit_is_a_400_naming_it(token_client):
    body = {"title": "Many", "kind": "framework", "minerals": ["lithium"] * (MAX_LIST_ITEMS + 1)}
    response = token_client.post("/api/agreements/", body, format="json")
    assert response.status_code == 400
    assert f"more than {MAX_LIST_ITEMS} items" in json.dumps(response.json())
    assert not Agreement.objects.exists()


def test_many_mineral_slugs_cost_one_query_not_one_per_item(token_client):
    slugs = [MineralFactory().slug for _ in range(60)]

    def queries_for(count: int) -> int:
        body = {"title": f"Minerals {count}", "kind": "framework", "minerals": slugs[:count]}
        with CaptureQueriesContext(connection) as captured:
            response = token_client.post("/api/agreements/", body, format="json")
        assert response.status_code == 201, response.json()
        assert sorted(response.json()["minerals"]) == sorted(slugs[:count])
        return len(captured)

    queries_for(1)  # first request of the token: its once-a-while bookkeeping (last use) happens here
    assert queries_for(60) == queries_for(2)


def test_unknown_slugs_in_a_list_are_named_in_one_error(token_client):
    known = MineralFactory().slug
    body = {"title": "T", "kind": "framework", "minerals": [known, "zz-nothing", "aa-nothing"]}
    response = token_client.post("/api/agreements/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"minerals": ["Unknown: aa-nothing, zz-nothing."]}


def test_a_patch_with_a_party_entry_without_its_party_is_a_400(token_client):
    agreement = AgreementFactory(slug="x")
    before = list(AgreementParty.objects.filter(agreement=agreement).values_list("party_id", flat=True))
    entry = {"role": "signatory", "signed_by": "", "joined_on": "2000-01-01", "note": ""}
    response = token_client.patch("/api/agreements/x/", {"parties": [entry]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"parties": ["parties[0].party: This field is required."]}
    assert list(AgreementParty.objects.filter(agreement=agreement).values_list("party_id", flat=True)) == before


def test_a_source_entry_without_its_title_is_a_400_in_a_patch_too(token_client):
    AgreementFactory(slug="x")
    response = token_client.patch("/api/agreements/x/", {"sources": [{"url": "https://example.org"}]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"sources": ["sources[0].title: This field is required."]}


def test_an_oversized_body_is_a_json_400(token_client):
    response = token_client.post("/api/agreements/", "x" * (3 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]


def test_if_match_on_a_read_that_does_not_match_is_a_json_412(api_client):
    AgreementFactory(slug="x")
    response = api_client.get("/api/agreements/x/", HTTP_IF_MATCH='"not-the-etag"')
    assert response.status_code == 412
    assert response["Content-Type"] == "application/json"
    assert "Precondition failed" in response.json()["detail"]
    etag = api_client.get("/api/agreements/x/")["ETag"]
    assert api_client.get("/api/agreements/x/", HTTP_IF_MATCH=etag).status_code == 200


def _agreement_with_milestone():
    return {
        "title": "With a clock",
        "kind": "framework",
        "signed_on": "2025-10-28",
        "milestones": [{"title": "First measures", "offset_months": 6}],
    }


def test_creating_nested_milestones_needs_the_milestone_permission(django_user_model):
    client = _client_with(django_user_model, "add_agreement")
    response = client.post("/api/agreements/", _agreement_with_milestone(), format="json")
    assert response.status_code == 403
    assert "agreements.add_milestone" in response.json()["detail"]
    assert not Agreement.objects.exists() and not Milestone.objects.exists()


def test_creating_nested_sources_and_parties_needs_their_permissions(django_user_model):
    PartyFactory(slug="jp", iso_code="JP")
    client = _client_with(django_user_model, "add_agreement", "add_milestone")
    body = {"title": "T", "kind": "framework", "parties": [{"party": "jp"}], "sources": [{"title": "Text"}]}
    response = client.post("/api/agreements/", body, format="json")
    assert response.status_code == 403
    assert "agreements.add_agreementparty" in response.json()["detail"]
    assert "agreements.add_source" in response.json()["detail"]
    assert not Agreement.objects.exists() and not Source.objects.exists()


def test_an_agreement_with_empty_nested_lists_needs_only_its_own_permission(django_user_model):
    client = _client_with(django_user_model, "add_agreement")
    body = {"title": "Alone", "kind": "framework", "parties": [], "sources": [], "milestones": []}
    assert client.post("/api/agreements/", body, format="json").status_code == 201


def test_replacing_parties_with_nothing_needs_the_membership_permissions(django_user_model):
    agreement = AgreementFactory(slug="x", parties=[PartyFactory()])
    client = _client_with(django_user_model, "change_agreement")
    response = client.put("/api/agreements/x/", {"title": "T", "kind": "framework", "parties": []}, format="json")
    assert response.status_code == 403
    assert "agreements.delete_agreementparty" in response.json()["detail"]
    assert AgreementParty.objects.filter(agreement=agreement).count() == 1
    agreement.refresh_from_db()
    assert agreement.title != "T"


def test_with_every_nested_permission_the_nested_write_goes_through(django_user_model):
    client = _client_with(django_user_model, "add_agreement", "add_milestone")
    response = client.post("/api/agreements/", _agreement_with_milestone(), format="json")
    assert response.status_code == 201
    assert Milestone.objects.get().deadline.isoformat() == "2026-04-28"
