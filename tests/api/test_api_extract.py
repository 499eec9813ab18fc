"""POST /api/extract/: a text in, the proposed agreement and its deadlines out; nothing written.

The extractor itself is tested in tests/extraction/; here: the contract's JSON, permissions, input
validation (400 with field errors) and that no row of any table changes.
"""

import datetime
import pathlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission

from agreements.api.serializers import EXTRACT_MAX_CHARS

pytestmark = pytest.mark.django_db

URL = "/api/extract/"
FOUNDING = (
    pathlib.Path(__file__).parents[2] / "tests/extraction/corpus/us-japan-framework-2025-article.de.txt"
).read_text(encoding="utf-8")
CLAUSE_180 = (
    "The United States and Japan signed the framework on 28 October 2025 in Tokyo. "
    "Within 180 days, the participants will identify projects of interest."
)


def row_counts() -> dict[str, int]:
    """Rows of every table of the agreements app (history tables included)."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("agreements").get_models()}


def test_the_shared_seed_is_the_one_the_corpus_holds():
    shared = pathlib.Path("/work/shared/seeds/us-japan-framework-2025-article.de.txt")
    if shared.exists():
        assert shared.read_text(encoding="utf-8").strip() == FOUNDING.strip()


def test_the_german_founding_summary_gives_the_draft(token_client, japan, usa):
    before = row_counts()

    response = token_client.post(URL, {"text": FOUNDING}, format="json")

    assert response.status_code == 200, response.content
    draft = response.json()
    assert draft["language"] == "de"
    assert draft["signed_on"] == "2025-10-28"
    assert draft["signed_at"] == "Tokio"
    assert sorted(draft["parties"]) == ["jp", "us"]
    assert "rare-earths" in draft["minerals"]
    assert {"stockpile", "offtake", "permitting"} <= set(draft["instrument_kinds"])
    assert [
        (c["commitment_text"], c["offset_months"], c["offset_days"], c["due_on"], c["anchor"], c["deadline"])
        for c in draft["commitments"]
    ] == [
        ("binnen sechs Monaten", 6, None, None, "signing", "2026-04-28"),
        ("innerhalb von sechs Monaten", 6, None, None, "signing", "2026-04-28"),
    ]
    assert "Lagerhaltung" in draft["commitments"][0]["text"]
    assert set(draft) == {
        "language",
        "signed_on",
        "signed_at",
        "parties",
        "minerals",
        "instrument_kinds",
        "commitments",
    }
    assert row_counts() == before


def test_within_180_days_counts_days_not_months(token_client):
    before = row_counts()
    response = token_client.post(URL, {"text": CLAUSE_180, "language": "en"}, format="json")
    assert response.status_code == 200, response.content
    (commitment,) = response.json()["commitments"]
    assert commitment == {
        "text": "Within 180 days, the participants will identify projects of interest.",
        "commitment_text": "Within 180 days",
        "offset_months": None,
        "offset_days": 180,
        "due_on": None,
        "anchor": "signing",
        "deadline": "2026-04-26",
    }
    assert row_counts() == before


def test_a_given_signing_date_wins_over_the_texts(token_client):
    response = token_client.post(URL, {"text": CLAUSE_180, "signed_on": "2026-01-01"}, format="json")
    assert response.status_code == 200
    assert response.json()["signed_on"] == "2026-01-01"
    assert response.json()["commitments"][0]["deadline"] == "2026-06-30"


def test_without_a_signing_date_a_relative_deadline_is_null(token_client):
    response = token_client.post(URL, {"text": "The parties will act within six months."}, format="json")
    assert response.status_code == 200
    draft = response.json()
    assert draft["signed_on"] is None
    assert draft["commitments"][0]["offset_months"] == 6
    assert draft["commitments"][0]["deadline"] is None


def test_a_text_without_deadlines_proposes_none(token_client):
    response = token_client.post(URL, {"text": "Six months ago the ministers met in Tokyo."}, format="json")
    assert response.status_code == 200
    assert response.json()["commitments"] == []


def test_a_session_with_the_permission_may_ask(api_client, editor):
    api_client.force_login(editor)
    assert api_client.post(URL, {"text": CLAUSE_180}, format="json").status_code == 200


def test_the_add_agreement_permission_alone_is_enough(api_client, reader):
    reader.user_permissions.set([Permission.objects.get(codename="add_agreement")])
    api_client.force_authenticate(reader)
    assert api_client.post(URL, {"text": CLAUSE_180}, format="json").status_code == 200


def test_anonymous_is_401_and_without_permission_403(api_client, reader):
    anonymous = api_client.post(URL, {"text": CLAUSE_180}, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    reader.user_permissions.set(Permission.objects.exclude(codename="add_agreement"))
    api_client.force_authenticate(reader)
    assert api_client.post(URL, {"text": CLAUSE_180}, format="json").status_code == 403


def test_only_post_is_routed(token_client, api_client):
    assert token_client.get(URL).status_code == 405
    assert api_client.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "text", "This field is required."),
        ({"text": ""}, "text", "Send a text to read."),
        ({"text": "   \n "}, "text", "Send a text to read."),
        ({"text": None}, "text", "This field may not be null."),
        ({"text": 42}, "text", "Send the text as a string."),
        ({"text": ["within six months"]}, "text", "Send the text as a string."),
        ({"text": {"a": 1}}, "text", "Send the text as a string."),
        ({"text": "a\x00b"}, "text", "Null characters are not allowed."),
        ({"text": "x" * (EXTRACT_MAX_CHARS + 1)}, "text", f"longer than {EXTRACT_MAX_CHARS} characters"),
        ({"text": "within six months", "signed_on": "28.10.2025"}, "signed_on", "Date has wrong format"),
        ({"text": "within six months", "signed_on": "2025-02-30"}, "signed_on", "Date has wrong format"),
        ({"text": "within six months", "signed_on": 20251028}, "signed_on", "Date has wrong format"),
        ({"text": "within six months", "language": "fr"}, "language", '"fr" is not a valid choice.'),
        ({"text": "within six months", "language": ""}, "language", '"" is not a valid choice.'),
    ],
)
def test_bad_input_is_a_400_on_the_field(token_client, body, field, message):
    before = row_counts()
    response = token_client.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {field}
    assert any(message in text for text in response.json()[field]), response.json()
    assert row_counts() == before


def test_the_longest_text_allowed_is_read(token_client):
    text = ("Within 180 days the parties will meet. " * 3000)[:EXTRACT_MAX_CHARS]
    response = token_client.post(URL, {"text": text, "signed_on": "2025-10-28"}, format="json")
    assert response.status_code == 200
    assert {c["deadline"] for c in response.json()["commitments"]} == {"2026-04-26"}


def test_a_deadline_past_the_year_9999_is_a_400_not_a_500(token_client):
    response = token_client.post(
        URL, {"text": "The parties will act within six months.", "signed_on": "9999-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["signed_on"]


def test_a_body_that_is_not_json_is_a_415(token_client):
    response = token_client.post(URL, "text=within+six+months", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_the_answer_is_the_documented_shape(token_client, api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) >= {"200", "400", "401", "403"}
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = schema["components"]["schemas"][request_ref.rsplit("/", 1)[1]]
    assert request["required"] == ["text"]
    assert request["properties"]["text"]["maxLength"] == EXTRACT_MAX_CHARS
    response_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    documented = schema["components"]["schemas"][response_ref.rsplit("/", 1)[1]]
    draft = token_client.post(URL, {"text": CLAUSE_180}, format="json").json()
    assert set(documented["properties"]) == set(draft)
    commitment = schema["components"]["schemas"]["ExtractedCommitment"]["properties"]
    assert set(commitment) == set(draft["commitments"][0])


def test_today_does_not_matter(token_client, set_clock):
    set_clock(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC))
    response = token_client.post(URL, {"text": CLAUSE_180}, format="json")
    assert response.json()["commitments"][0]["deadline"] == "2026-04-26"
