"""The OpenAPI schema: generates without warnings and tells a script author the truth."""

import re

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from agreements.choices import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def params(schema, path, method="get"):
    return {p["name"]: p for p in schema["paths"][path][method].get("parameters", [])}


def resolve(schema, ref_or_schema):
    if "$ref" in ref_or_schema:
        return schema["components"]["schemas"][ref_or_schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in ref_or_schema:
        return resolve(schema, ref_or_schema["allOf"][0])
    return ref_or_schema


def test_spectacular_validates_with_no_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/agreements/" in out.read_text()


def test_served_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_resource_has_list_and_detail_paths(schema):
    for path in [
        "/api/agreements/{slug}/",
        "/api/parties/{slug}/",
        "/api/minerals/{slug}/",
        "/api/stages/{slug}/",
        "/api/projects/{slug}/",
        "/api/instruments/{id}/",
        "/api/milestones/{id}/",
        "/api/watches/{id}/",
    ]:
        assert path in schema["paths"]
        assert path.rsplit("{", 1)[0] in schema["paths"]
    assert set(schema["paths"]["/api/milestones/{id}/"]) >= {"get", "put", "patch", "delete"}
    assert "put" not in schema["paths"]["/api/watches/{id}/"]


def test_agreement_filters_are_documented_as_repeatable(schema):
    query = params(schema, "/api/agreements/")
    for name in [
        "party",
        "role",
        "mineral",
        "stage",
        "status",
        "kind",
        "signed_after",
        "signed_before",
        "search",
        "ordering",
        "updated_since",
        "page",
        "page_size",
        "format",
    ]:
        assert name in query, name
    assert query["party"]["schema"]["type"] == "array"
    assert query["party"]["explode"] is True
    assert "ISO" in query["party"]["description"]
    assert set(query["status"]["schema"]["items"]["enum"]) == {
        "negotiating",
        "signed",
        "in_force",
        "implementing",
        "completed",
        "lapsed",
    }
    assert query["signed_after"]["schema"]["format"] == "date"
    assert query["updated_since"]["schema"]["format"] == "date-time"
    assert "csv" in query["format"]["schema"]["enum"]


def test_milestone_filters_and_read_fields(schema):
    query = params(schema, "/api/milestones/")
    assert {"agreement", "status", "overdue", "due_before", "due_after", "due_within", "party"} <= set(query)
    assert query["overdue"]["schema"]["type"] == "boolean"
    milestone = schema["components"]["schemas"]["Milestone"]["properties"]
    assert milestone["due_on"]["format"] == "date"
    assert milestone["overdue"]["readOnly"] is True
    assert milestone["responsible"]["nullable"] is True
    assert set(resolve(schema, milestone["deadline_kind"])["enum"]) == {"absolute", "relative", "none"}


def test_agreement_read_shape_is_described(schema):
    agreement = schema["components"]["schemas"]["Agreement"]["properties"]
    for field in ["slug", "title", "kind", "status", "signed_on", "signed_at", "parties", "minerals", "stages"]:
        assert field in agreement
    assert agreement["next_deadline"]["nullable"] is True
    assert agreement["overdue_count"]["type"] == "integer"
    party = resolve(schema, agreement["parties"]["items"])["properties"]
    assert {"slug", "name", "role"} <= set(party)
    assert set(resolve(schema, schema["components"]["schemas"]["AgreementKindEnum"])["enum"]) >= {
        "framework",
        "mou",
        "treaty",
        "joint_statement",
        "partnership",
        "law",
    }


def test_write_shape_takes_slugs_and_nested_milestones(schema):
    request = schema["components"]["schemas"]["AgreementWriteRequest"]
    assert "title" in request["required"]
    assert "slug" not in request.get("required", [])
    assert {"parties", "minerals", "stages", "sources", "milestones"} <= set(request["properties"])
    body = schema["paths"]["/api/agreements/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/AgreementWriteRequest")


def test_error_responses_are_documented(schema):
    post = schema["paths"]["/api/agreements/"]["post"]["responses"]
    assert {"201", "400", "401", "403"} <= set(post)
    error = post["400"]["content"]["application/json"]["schema"]
    assert error["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    detail = schema["paths"]["/api/agreements/{slug}/"]["get"]["responses"]["404"]["content"]["application/json"]
    assert resolve(schema, detail["schema"])["properties"]["detail"]["type"] == "string"
    assert "400" in schema["paths"]["/api/milestones/"]["get"]["responses"]
    assert "409" in schema["paths"]["/api/parties/{slug}/"]["delete"]["responses"]


def test_token_auth_is_documented(schema):
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_swagger_ui_is_served_from_the_app_without_inline_scripts(api_client):
    page = api_client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in src for src in sources)
    assert all(src.startswith("/") for src in sources), sources  # no CDN
    assert "<script>" not in html  # the initialiser is a script file: allowed by script-src 'self'
    script = api_client.get(next(src for src in sources if "script" in src and "sidecar" not in src))
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_evidence_is_documented_with_its_nested_source(schema):
    assert set(schema["paths"]["/api/evidence/{id}/"]) >= {"get", "put", "patch", "delete"}
    query = params(schema, "/api/evidence/")
    assert {"milestone", "agreement", "verdict", "grade", "search", "ordering", "updated_since", "format"} <= set(query)
    assert set(query["verdict"]["schema"]["items"]["enum"]) == {"fulfils", "partly_fulfils", "related", "contradicts"}
    evidence = schema["components"]["schemas"]["Evidence"]["properties"]
    assert list(evidence) == [
        "url",
        "id",
        "milestone",
        "agreement",
        "occurred_on",
        "summary",
        "verdict",
        "grade",
        "source",
        "note",
        "created_at",
        "updated_at",
    ]
    source = resolve(schema, evidence["source"])["properties"]
    assert list(source) == ["url", "title", "publisher", "published_on", "accessed_on"]
    request = schema["components"]["schemas"]["EvidenceWriteRequest"]
    assert {"milestone", "occurred_on", "summary", "verdict", "grade", "source"} <= set(request["required"])
    assert "accessed_on" in resolve(schema, request["properties"]["source"])["properties"]


def test_milestone_outcome_fields_are_read_only_and_filters_documented(schema):
    query = params(schema, "/api/milestones/")
    assert {"outcome", "kind", "anchor", "checked_before"} <= set(query)
    assert set(query["outcome"]["schema"]["items"]["enum"]) == set(Outcome.values)
    assert {"met_on_time", "met_late", "partly_met", "missed", "overdue_no_evidence", "not_yet_due"} <= set(
        Outcome.values
    )
    milestone = schema["components"]["schemas"]["Milestone"]["properties"]
    for field in ("outcome", "days_late", "evidence"):
        assert milestone[field]["readOnly"] is True, field
    assert milestone["days_late"]["nullable"] is True
    item = resolve(schema, milestone["evidence"]["items"])["properties"]
    assert "milestone" not in item and {"id", "verdict", "source", "occurred_on"} <= set(item)
    write = schema["components"]["schemas"]["MilestoneWriteRequest"]["properties"]
    assert {"kind", "anchor"} <= set(write)
    assert not {"outcome", "days_late", "last_checked_on", "evidence"} & set(write)


def test_scorecards_are_documented(schema):
    operation = schema["paths"]["/api/scorecards/"]["get"]
    query = params(schema, "/api/scorecards/")
    assert query["by"]["required"] is True
    assert set(query["by"]["schema"]["enum"]) == {"party", "agreement", "instrument_kind", "year"}
    assert {"outcome", "agreement", "party", "kind", "page", "page_size", "format"} <= set(query)
    assert set(schema["paths"]["/api/scorecards/"]) == {"get"}
    page = resolve(schema, operation["responses"]["200"]["content"]["application/json"]["schema"])
    card = resolve(schema, page["properties"]["results"]["items"])["properties"]
    assert list(card) == [
        "key",
        "label",
        "attribution",
        "counts",
        "due",
        "met_on_time",
        "met_late",
        "kept_on_time_rate",
        "milestones",
    ]
    assert card["kept_on_time_rate"]["nullable"] is True
    assert "met_on_time" in card["counts"]["properties"]
    assert card["milestones"]["format"] == "uri"


def test_money_and_implementation_are_documented(schema):
    instrument = schema["components"]["schemas"]["Instrument"]["properties"]
    assert {"payer", "firmness", "amount_qualifier", "reported_amounts"} <= set(instrument)
    figure = resolve(schema, instrument["reported_amounts"]["items"])["properties"]
    assert list(figure)[:4] == ["amount", "currency", "amount_qualifier", "source"]
    assert set(resolve(schema, instrument["firmness"])["enum"]) == {
        "firm",
        "pledge",
        "letter_of_interest",
        "target",
        "not_stated",
    }
    implementation = schema["components"]["schemas"]["Agreement"]["properties"]["implementation"]
    assert set(implementation["properties"]) == {
        "projects",
        "permits_granted",
        "offtake_signed",
        "environment_approved",
        "capital_cost_stated",
    }
