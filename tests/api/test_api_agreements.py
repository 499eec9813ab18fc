"""/api/agreements/: read shape, filters, ordering, search, and writes through the services."""

import datetime

import pytest

from agreements.models import Agreement, AgreementParty, Milestone, Source
from tests.api.helpers import slugs
from tests.factories import AgreementFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

URL = "/api/agreements/"


# --- reads -------------------------------------------------------------------------------


def test_agreement_detail_has_the_contract_shape(api_client, world, api_today):
    MilestoneFactory(agreement=world["us-jp"], due_on=api_today - datetime.timedelta(days=3))
    MilestoneFactory(agreement=world["us-jp"], due_on=api_today + datetime.timedelta(days=10))
    MilestoneFactory(
        agreement=world["us-jp"],
        due_on=api_today + datetime.timedelta(days=5),
        status="completed",
        completed_on=api_today,
    )

    response = api_client.get(f"{URL}us-jp/")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "us-jp"
    assert body["title"] == "Framework on securing the supply of neodymium"
    assert body["kind"] == "framework"
    assert body["status"] == "signed"
    assert body["signed_on"] == "2025-10-28"
    assert body["parties"] == [
        {"slug": "jp", "name": "Japan", "role": "signatory", "signed_by": "", "joined_on": None},
        {"slug": "us", "name": "United States", "role": "signatory", "signed_by": "", "joined_on": None},
    ]
    assert body["minerals"] == ["neodymium"]
    assert body["stages"] == ["processing"]
    assert body["sources"] == [
        {
            "url": "https://example.org/us-jp",
            "title": "Fact sheet",
            "publisher": "Example Publisher",
            "language": "en",
            "published_on": None,
        }
    ]
    # The completed milestone does not count; the overdue one is not "next".
    assert body["next_deadline"] == (api_today + datetime.timedelta(days=10)).isoformat()
    assert body["overdue_count"] == 1
    assert body["url"].endswith("/api/agreements/us-jp/")


def test_agreement_list_is_paginated_newest_signing_first_unsigned_last(api_client, world):
    response = api_client.get(URL)

    body = response.json()
    assert body["count"] == 3
    assert body["next"] is None and body["previous"] is None
    assert slugs(response) == ["us-jp", "us-au", "jp-org"]


def test_unknown_agreement_is_404(api_client, world):
    response = api_client.get(f"{URL}no-such-agreement/")
    assert response.status_code == 404
    assert "detail" in response.json()


# --- filters -----------------------------------------------------------------------------


def test_agreements_japan_signed_about_rare_earths(api_client, world):
    """The issue's first use: Japan as a signatory, rare earths including their members."""
    response = api_client.get(URL, {"party": "jp", "role": "signatory", "mineral": "rare-earths"})
    assert slugs(response) == ["us-jp"]


def test_party_filter_without_role_finds_any_role(api_client, world):
    assert slugs(api_client.get(URL, {"party": "jp"})) == ["us-jp", "jp-org"]


def test_party_filter_accepts_iso_code_in_any_case(api_client, world):
    assert slugs(api_client.get(URL, {"party": "JP"})) == ["us-jp", "jp-org"]
    assert slugs(api_client.get(URL, {"party": "Au"})) == ["us-au"]


def test_repeated_party_filter_means_either(api_client, world):
    assert slugs(api_client.get(f"{URL}?party=au&party=mineral-forum")) == ["us-au", "jp-org"]
    assert slugs(api_client.get(f"{URL}?party=au,mineral-forum")) == ["us-au", "jp-org"]


def test_role_filter_alone(api_client, world):
    assert slugs(api_client.get(URL, {"role": "observer"})) == ["us-au"]


def test_mineral_group_includes_its_members(api_client, world):
    assert slugs(api_client.get(URL, {"mineral": "rare-earths"})) == ["us-jp", "jp-org"]
    assert slugs(api_client.get(URL, {"mineral": "neodymium"})) == ["us-jp"]
    assert slugs(api_client.get(f"{URL}?mineral=neodymium&mineral=lithium")) == ["us-jp", "us-au"]


def test_stage_status_and_kind_filters(api_client, world):
    assert slugs(api_client.get(URL, {"stage": "mining"})) == ["us-au"]
    assert slugs(api_client.get(f"{URL}?status=in_force&status=negotiating")) == ["us-au", "jp-org"]
    assert slugs(api_client.get(URL, {"kind": "joint_statement"})) == ["jp-org"]


def test_signed_date_window_is_inclusive(api_client, world):
    assert slugs(api_client.get(URL, {"signed_after": "2025-10-28"})) == ["us-jp"]
    assert slugs(api_client.get(URL, {"signed_before": "2024-03-01"})) == ["us-au"]
    assert slugs(api_client.get(URL, {"signed_after": "2024-01-01", "signed_before": "2025-01-01"})) == ["us-au"]


def test_updated_since_returns_only_rows_changed_since(api_client, world):
    cutoff = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    Agreement.objects.filter(slug="us-au").update(updated_at=cutoff)
    assert slugs(api_client.get(URL, {"updated_since": "2030-01-01T00:00:00Z"})) == ["us-au"]
    assert slugs(api_client.get(URL, {"updated_since": "2030-01-01T00:00:01Z"})) == []


def test_search_uses_full_text_with_stemming(api_client, world):
    # "stockpile" matches "stockpiles" through the English text-search configuration.
    assert slugs(api_client.get(URL, {"search": "stockpile"})) == ["jp-org"]
    assert slugs(api_client.get(URL, {"search": "lithium battery"})) == ["us-au"]


def test_ordering_by_indexed_fields_and_descending(api_client, world):
    assert slugs(api_client.get(URL, {"ordering": "slug"})) == ["jp-org", "us-au", "us-jp"]
    assert slugs(api_client.get(URL, {"ordering": "-slug"})) == ["us-jp", "us-au", "jp-org"]
    # Unsigned agreements sort last both ways.
    assert slugs(api_client.get(URL, {"ordering": "signed_on"})) == ["us-au", "us-jp", "jp-org"]
    assert slugs(api_client.get(URL, {"ordering": "-signed_on"})) == ["us-jp", "us-au", "jp-org"]
    assert api_client.get(URL, {"ordering": "title"}).status_code == 400  # not indexed: not offered


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"party": "xx"}, "party"),
        ({"mineral": "unobtainium"}, "mineral"),
        ({"stage": "teleportation"}, "stage"),
        ({"status": "bogus"}, "status"),
        ({"kind": "bogus"}, "kind"),
        ({"role": "king"}, "role"),
        ({"signed_after": "2025-13-01"}, "signed_after"),
        ({"signed_before": "yesterday"}, "signed_before"),
        ({"updated_since": "not-a-date"}, "updated_since"),
        ({"ordering": "summary"}, "ordering"),
        ({"search": "x" * 5000}, "search"),
        ({"party": "y" * 5000}, "party"),
    ],
)
def test_bad_filter_values_are_400_with_the_field_named(api_client, world, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and body[field]


# --- writes ------------------------------------------------------------------------------


def test_create_agreement_with_relative_six_month_milestone_by_token(token_client, world):
    """The issue's third use: one POST with a token, parties by slug or code, nested milestones."""
    payload = {
        "title": "Framework for securing the supply of critical minerals",
        "kind": "framework",
        "status": "signed",
        "signed_on": "2025-08-31",
        "parties": [{"party": "us", "role": "signatory"}, {"party": "JP", "role": "signatory", "signed_by": "PM"}],
        "minerals": ["rare-earths"],
        "stages": ["processing"],
        "sources": [{"url": "https://example.org/text", "title": "Text", "publisher": "Example"}],
        "milestones": [
            {"title": "Identify projects", "offset_months": 6},
            {"title": "Report", "offset_days": 180},
            {"title": "Fixed date", "due_on": "2026-12-31"},
        ],
    }

    response = token_client.post(URL, payload, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "framework-for-securing-the-supply-of-critical-minerals"
    assert [(p["slug"], p["role"], p["signed_by"]) for p in body["parties"]] == [
        ("jp", "signatory", "PM"),
        ("us", "signatory", ""),
    ]
    assert body["minerals"] == ["rare-earths"]
    assert body["sources"][0]["url"] == "https://example.org/text"
    milestones = {m.title: m for m in Milestone.objects.filter(agreement__slug=body["slug"])}
    # Months clamp to the month's end: 2025-08-31 + 6 months = 2026-02-28.
    assert milestones["Identify projects"].deadline == datetime.date(2026, 2, 28)
    assert milestones["Identify projects"].due_on is None
    assert milestones["Report"].deadline == datetime.date(2026, 2, 27)
    assert milestones["Fixed date"].deadline == datetime.date(2026, 12, 31)
    assert body["next_deadline"] is not None or body["overdue_count"] >= 2


def test_create_with_explicit_slug_and_derived_slug_is_unique(token_client, world):
    first = token_client.post(URL, {"title": "Lithium mining partnership", "kind": "mou"}, format="json")
    assert first.status_code == 201, first.content
    # "us-au" has this title but another slug; the derived slug is the title's.
    assert first.json()["slug"] == "lithium-mining-partnership"
    second = token_client.post(URL, {"title": "Lithium mining partnership", "kind": "mou"}, format="json")
    assert second.json()["slug"] == "lithium-mining-partnership-2"


def test_duplicate_slug_is_400(token_client, world):
    response = token_client.post(URL, {"title": "Other", "slug": "us-jp", "kind": "mou"}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()


def test_failed_nested_milestone_leaves_nothing_behind(token_client, world):
    payload = {
        "title": "Unsigned with a relative deadline",
        "kind": "mou",
        "signed_on": None,
        "parties": [{"party": "jp"}],
        "sources": [{"title": "A source"}],
        "milestones": [{"title": "Six months after signing", "offset_months": 6}],
    }
    before = (Agreement.objects.count(), AgreementParty.objects.count(), Source.objects.count())

    response = token_client.post(URL, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "milestones[0]": ["A deadline relative to signing needs an agreement with a signing date."]
    }
    assert (Agreement.objects.count(), AgreementParty.objects.count(), Source.objects.count()) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "mou"}, "title"),
        ({"title": "T", "kind": "alliance"}, "kind"),
        ({"title": "T", "kind": "mou", "signed_on": "2025-02-30"}, "signed_on"),
        ({"title": "T", "kind": "mou", "signed_on": 20250101}, "signed_on"),
        ({"title": "x" * 5000, "kind": "mou"}, "title"),
        ({"title": "T", "kind": "mou", "slug": "Not a slug!"}, "slug"),
        ({"title": "T", "kind": "mou", "parties": [{"party": "zz"}]}, "parties"),
        ({"title": "T", "kind": "mou", "parties": [{"party": 12}]}, "parties"),
        ({"title": "T", "kind": "mou", "parties": "jp"}, "parties"),
        ({"title": "T", "kind": "mou", "parties": [{"party": "jp"}, {"party": "JP"}]}, "parties"),
        ({"title": "T", "kind": "mou", "parties": [{"party": "jp", "role": "king"}]}, "parties"),
        ({"title": "T", "kind": "mou", "minerals": ["unobtainium"]}, "minerals"),
        ({"title": "T", "kind": "mou", "stages": ["x"]}, "stages"),
        ({"title": "T", "kind": "mou", "sources": [{"url": "not a url", "title": "S"}]}, "sources"),
        ({"title": "T", "kind": "mou", "legally_binding": "perhaps"}, "legally_binding"),
        (
            {"title": "T", "kind": "mou", "signed_on": "2025-01-01", "entered_into_force_on": "2024-01-01"},
            "entered_into_force_on",
        ),
        (
            {"title": "T", "kind": "mou", "signed_on": "2025-01-01", "milestones": [{"title": "M"}]},
            "milestones[0]",
        ),
        (
            {
                "title": "T",
                "kind": "mou",
                "signed_on": "2025-01-01",
                "milestones": [{"title": "M", "offset_months": -6}],
            },
            "milestones",
        ),
        (
            {
                "title": "T",
                "kind": "mou",
                "signed_on": "2025-01-01",
                "milestones": [{"title": "M", "offset_months": 6, "due_on": "2026-01-01"}],
            },
            "milestones[0]",
        ),
    ],
)
def test_malformed_agreement_writes_are_400_and_write_nothing(token_client, world, payload, field):
    before = (Agreement.objects.count(), Milestone.objects.count(), AgreementParty.objects.count())

    response = token_client.post(URL, payload, format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    assert "detail" not in body
    # One shape at every depth: {"field": ["message", ...]}; a nested error names its place in the message.
    assert all(isinstance(messages, list) and all(isinstance(m, str) for m in messages) for messages in body.values())
    assert (Agreement.objects.count(), Milestone.objects.count(), AgreementParty.objects.count()) == before


def test_malformed_json_is_400(token_client, world):
    response = token_client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert Agreement.objects.count() == 3


def test_patch_signing_date_moves_relative_deadlines(token_client, world):
    milestone = MilestoneFactory(agreement=world["us-jp"], due_on=None, offset_months=6)
    assert milestone.deadline == datetime.date(2026, 4, 28)

    response = token_client.patch(f"{URL}us-jp/", {"signed_on": "2025-08-31"}, format="json")

    assert response.status_code == 200, response.content
    milestone.refresh_from_db()
    assert milestone.deadline == datetime.date(2026, 2, 28)


def test_removing_the_signing_date_under_relative_milestones_is_400(token_client, world):
    MilestoneFactory(agreement=world["us-jp"], due_on=None, offset_months=6)
    response = token_client.patch(f"{URL}us-jp/", {"signed_on": None}, format="json")
    assert response.status_code == 400
    assert "signed_on" in response.json()
    world["us-jp"].refresh_from_db()
    assert world["us-jp"].signed_on == datetime.date(2025, 10, 28)


def test_patch_replaces_only_the_relations_sent(token_client, world):
    response = token_client.patch(f"{URL}us-jp/", {"parties": [{"party": "au", "role": "observer"}]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(p["slug"], p["role"]) for p in body["parties"]] == [("au", "observer")]
    assert body["minerals"] == ["neodymium"]  # untouched
    assert body["sources"][0]["title"] == "Fact sheet"


def test_milestones_cannot_be_sent_on_update(token_client, world):
    response = token_client.patch(f"{URL}us-jp/", {"milestones": [{"title": "M", "offset_days": 1}]}, format="json")
    assert response.status_code == 400
    assert "milestones" in response.json()


def test_put_needs_the_required_fields(token_client, world):
    response = token_client.put(f"{URL}us-jp/", {"title": "Only a title"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()


def test_delete_agreement_removes_its_milestones(token_client, world):
    MilestoneFactory(agreement=world["us-jp"])
    response = token_client.delete(f"{URL}us-jp/")
    assert response.status_code == 204
    assert not Agreement.objects.filter(slug="us-jp").exists()
    assert not Milestone.objects.filter(agreement__slug="us-jp").exists()


def test_agreement_without_parties_is_listed(api_client, db):
    AgreementFactory(slug="lonely", signed_on=None)
    response = api_client.get(f"{URL}lonely/")
    assert response.json()["parties"] == []
    assert response.json()["next_deadline"] is None
    assert response.json()["overdue_count"] == 0


def test_nested_errors_keep_the_top_level_field_and_name_their_place(token_client, world):
    response = token_client.post(
        URL,
        {
            "title": "T",
            "kind": "mou",
            "parties": [{"party": "jp"}, {"party": "zz", "role": "king"}],
            "sources": [{"title": "ok"}, {"title": "S", "url": "nope"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "parties": ["parties[1].party: Unknown party: zz.", 'parties[1].role: "king" is not a valid choice.'],
        "sources": ["sources[1].url: Enter a valid URL."],
    }


def test_an_update_does_not_take_milestones_and_an_empty_list_needs_no_milestone_permission(django_user_model, world):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    agreement = world["us-jp"]
    MilestoneFactory(agreement=agreement, title="Kept as it is")
    user = django_user_model.objects.create_user("agreements-only", "a@example.org", "agreements-only-123")
    user.user_permissions.set(Permission.objects.filter(codename__in=["change_agreement", "view_agreement"]))
    client = APIClient()
    client.force_authenticate(user)
    url = f"/api/agreements/{agreement.slug}/"

    answer = client.patch(url, {"summary": "New summary", "milestones": []}, format="json")
    assert answer.status_code == 200, answer.json()

    answer = client.patch(url, {"milestones": [{"title": "Sneaked in", "offset_months": 1}]}, format="json")
    assert answer.status_code == 400
    assert "milestones" in answer.json()
    assert list(agreement.milestones.values_list("title", flat=True)) == ["Kept as it is"]
