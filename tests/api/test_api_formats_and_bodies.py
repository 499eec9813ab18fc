"""What the fuzzer found, fixed at the root: formats, request bodies, blank values, open reads, Last-Modified.

- `?format=csv` is for list and detail reads; every error is JSON; an unknown format is a 400.
- Request bodies are JSON only (forms would drop nested lists silently): anything else is a 415.
- A blank related value (`"group": ""`) is refused, not read as null.
- Blank URLs are served as "" and documented so; reads are documented as open to anonymous users.
- Details carry `Last-Modified` (the object's `updated_at`); `If-None-Match` still gives 304.
"""

import csv
import io
import json

import jsonschema
import pytest
from django.utils.http import http_date

from agreements.models import Agreement, Milestone, Mineral
from tests.factories import MilestoneFactory, MineralFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def is_json(response) -> bool:
    return response["Content-Type"].startswith("application/json")


# --- formats -----------------------------------------------------------------------------


def test_unknown_object_under_format_csv_is_a_json_404(api_client, world):
    response = api_client.get("/api/agreements/no-such-agreement/", {"format": "csv"})
    assert response.status_code == 404
    assert is_json(response)
    assert "detail" in response.json()


def test_bad_filter_under_format_csv_is_a_json_400_with_field_errors(api_client, world):
    response = api_client.get("/api/agreements/", {"format": "csv", "signed_after": "not-a-date"})
    assert response.status_code == 400
    assert is_json(response)
    assert "signed_after" in response.json()


def test_anonymous_write_under_format_csv_is_a_json_401(api_client, world):
    response = api_client.get("/api/watches/", {"format": "csv"})
    assert response.status_code == 401
    assert is_json(response)
    assert "detail" in response.json()


def test_unknown_format_is_a_400_on_format_for_lists_and_details(api_client, world):
    for path in ["/api/agreements/", "/api/agreements/us-jp/", "/api/milestones/"]:
        response = api_client.get(path, {"format": "xml"})
        assert response.status_code == 400, path
        assert is_json(response)
        assert response.json() == {"format": ["Unknown format: xml. Use one of: json, csv."]}


def test_detail_answers_csv_as_one_row_under_the_header(api_client, world):
    response = api_client.get("/api/agreements/us-jp/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["slug"] == "us-jp"
    assert rows[0]["parties"] == "jp;us"


def test_a_write_with_format_csv_is_refused_and_writes_nothing(token_client, world):
    before = Agreement.objects.count()
    response = token_client.post("/api/agreements/?format=csv", {"title": "T", "kind": "mou"}, format="json")
    assert response.status_code == 400
    assert is_json(response)
    assert response.json() == {"format": ["Unknown format: csv. Use one of: json."]}
    assert Agreement.objects.count() == before


def test_format_is_documented_only_on_list_and_detail_reads(schema):
    with_format = {
        (path, method)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if any(p["name"] == "format" for p in operation.get("parameters", []))
    }
    assert ("/api/agreements/", "get") in with_format
    assert ("/api/agreements/{slug}/", "get") in with_format
    assert all(method == "get" for _path, method in with_format), with_format
    # 11 resources (watches, evidence, discrepancies and mineral lists included), list and detail; scorecards
    assert len(with_format) == 23


def test_only_successful_reads_document_csv_and_errors_are_json_only(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code, response in operation["responses"].items():
                media_types = set(response.get("content", {}))
                if code.startswith("2") and method == "get" and path.startswith("/api/") and "schema" not in path:
                    assert media_types == {"application/json", "text/csv"}, (path, method, code)
                    assert response["content"]["text/csv"]["schema"]["type"] == "string"
                elif media_types:
                    assert media_types == {"application/json"}, (path, method, code)


def test_detail_read_documents_the_400_of_an_unknown_format(schema):
    assert "400" in schema["paths"]["/api/agreements/{slug}/"]["get"]["responses"]


# --- request bodies ----------------------------------------------------------------------


def test_form_encoded_agreement_is_a_415_and_writes_nothing(token_client, world):
    before = Agreement.objects.count()
    response = token_client.post(
        "/api/agreements/",
        "title=T&kind=mou&milestones=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert is_json(response)
    assert "detail" in response.json()
    assert Agreement.objects.count() == before


def test_multipart_agreement_is_a_415_and_writes_nothing(token_client, world):
    before = Agreement.objects.count()
    response = token_client.post("/api/agreements/", {"title": "T", "kind": "mou"}, format="multipart")
    assert response.status_code == 415
    assert Agreement.objects.count() == before


def test_json_agreement_with_nested_lists_still_creates_them(token_client, world):
    response = token_client.post(
        "/api/agreements/",
        {
            "title": "Nested lists kept",
            "kind": "mou",
            "signed_on": "2025-01-01",
            "parties": [{"party": "jp", "role": "signatory"}],
            "sources": [{"url": "https://example.org/s", "title": "S"}],
            "milestones": [{"title": "M", "offset_months": 6}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [party["slug"] for party in body["parties"]] == ["jp"]
    assert [source["url"] for source in body["sources"]] == ["https://example.org/s"]
    assert Milestone.objects.get(agreement__slug=body["slug"]).deadline.isoformat() == "2025-07-01"


def test_request_bodies_are_documented_as_json_only_with_a_415(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if "requestBody" in operation:
                assert set(operation["requestBody"]["content"]) == {"application/json"}, (path, method)
                assert "415" in operation["responses"], (path, method)


# --- blank related values ----------------------------------------------------------------


def test_blank_group_is_refused_not_read_as_null(token_client, neodymium):
    response = token_client.patch("/api/minerals/neodymium/", {"group": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {"group": ["This field may not be blank; send null for none."]}
    assert Mineral.objects.get(slug="neodymium").group.slug == "rare-earths"


def test_null_group_clears_the_group(token_client, neodymium):
    response = token_client.patch("/api/minerals/neodymium/", {"group": None}, format="json")
    assert response.status_code == 200
    assert response.json()["group"] is None
    assert Mineral.objects.get(slug="neodymium").group is None


def test_blank_responsible_party_and_instrument_are_refused(token_client, world):
    milestone = MilestoneFactory(agreement=world["us-jp"])
    for field in ["responsible", "instrument"]:
        response = token_client.patch(f"/api/milestones/{milestone.pk}/", {field: ""}, format="json")
        assert response.status_code == 400, field
        assert field in response.json()


def test_related_slugs_are_documented_as_non_blank(schema):
    components = schema["components"]["schemas"]
    assert components["MineralRequest"]["properties"]["group"]["minLength"] == 1
    assert components["MilestoneWriteRequest"]["properties"]["responsible"]["minLength"] == 1


# --- blank URLs --------------------------------------------------------------------------


def test_blank_urls_are_served_as_empty_strings_that_the_schema_allows(api_client, schema, world):
    milestone = MilestoneFactory(agreement=world["us-jp"], evidence_url="")
    SourceFactory(agreement=world["us-au"], url="")
    served_milestone = api_client.get(f"/api/milestones/{milestone.pk}/").json()
    served_source = api_client.get("/api/agreements/us-au/").json()["sources"][0]
    assert served_milestone["evidence_url"] == ""
    assert served_source["url"] == ""

    components = schema["components"]["schemas"]
    # Validate against the documented property schemas, without format checks (the stricter case for oneOf).
    jsonschema.validate("", components["Milestone"]["properties"]["evidence_url"])
    jsonschema.validate("", components["Source"]["properties"]["url"])
    jsonschema.validate("https://example.org/e", components["Milestone"]["properties"]["evidence_url"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(7, components["Source"]["properties"]["url"])


# --- open reads --------------------------------------------------------------------------


def test_reads_are_documented_as_open_and_writes_as_authenticated(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            security = operation.get("security", [])
            if path.startswith("/api/watches/"):
                assert {} not in security, (path, method)  # your own watches: signed in only
            elif method == "get":
                assert {} in security, (path, method)
                assert {"tokenAuth": []} in security
            else:
                assert {} not in security, (path, method)
                assert {"tokenAuth": []} in security and {"cookieAuth": []} in security


def test_anonymous_read_works_as_documented(api_client, world):
    assert api_client.get("/api/agreements/us-jp/").status_code == 200


# --- Last-Modified -----------------------------------------------------------------------


def test_detail_carries_last_modified_from_updated_at(api_client, world):
    agreement = Agreement.objects.get(slug="us-jp")
    response = api_client.get("/api/agreements/us-jp/")
    assert response["Last-Modified"] == http_date(agreement.updated_at.timestamp())


def test_last_modified_moves_when_the_object_changes(api_client, token_client, world):
    Agreement.objects.filter(slug="us-au").update(updated_at="2030-01-01T00:00:00Z")
    before = api_client.get("/api/agreements/us-au/")["Last-Modified"]
    assert before == "Tue, 01 Jan 2030 00:00:00 GMT"
    token_client.patch("/api/agreements/us-au/", {"title": "Renamed"}, format="json")
    assert api_client.get("/api/agreements/us-au/")["Last-Modified"] != before


def test_if_none_match_still_gives_304_with_the_validators(api_client, world):
    first = api_client.get("/api/milestones/" + str(MilestoneFactory(agreement=world["us-jp"]).pk) + "/")
    again = api_client.get(first.wsgi_request.path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_if_modified_since_alone_is_not_trusted_for_a_304(api_client, world):
    """A body also changes with related rows and with the date, which updated_at does not follow."""
    first = api_client.get("/api/agreements/us-jp/")
    again = api_client.get("/api/agreements/us-jp/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200


def test_lists_have_no_last_modified(api_client, world):
    response = api_client.get("/api/agreements/")
    assert response.status_code == 200
    assert "Last-Modified" not in response
    assert "ETag" in response


def test_reference_detail_has_last_modified_too(api_client):
    mineral = MineralFactory(slug="cobalt")
    response = api_client.get("/api/minerals/cobalt/")
    assert response["Last-Modified"] == http_date(mineral.updated_at.timestamp())
    assert json.loads(response.content)["slug"] == "cobalt"


def test_an_unknown_format_suffix_in_the_path_names_nothing_404(api_client, world):
    assert api_client.get("/api/agreements/us-jp.xml").status_code == 404
    csv_by_suffix = api_client.get("/api/agreements/us-jp.csv")
    assert csv_by_suffix.status_code == 200
    assert csv_by_suffix["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("method", ["trace", "options"])
def test_format_never_hides_a_405_or_options(token_client, world, method):
    response = getattr(token_client, method)("/api/agreements/?format=csv")
    assert response.status_code == (405 if method == "trace" else 200)
    assert is_json(response)


def test_validators_are_documented_as_response_headers(schema):
    detail = schema["paths"]["/api/agreements/{slug}/"]["get"]["responses"]["200"]["headers"]
    listing = schema["paths"]["/api/agreements/"]["get"]["responses"]["200"]["headers"]
    assert detail["ETag"]["required"] is True
    assert detail["Last-Modified"]["required"] is True
    assert set(listing) == {"ETag"}
    assert "headers" not in schema["paths"]["/api/agreements/"]["post"]["responses"]["201"]
