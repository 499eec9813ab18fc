"""Relations between agreements (`related`, written once, read from both sides), discrepancies
(`discrepancies` on agreements and `/api/discrepancies/`), `reviewed_on`, the milestones'
`outcome_changed_within` filter, drafts kept from anonymous readers, and pinned query counts."""

import datetime

import pytest

from agreements.choices import EvidenceGrade, EvidenceVerdict, RelationKind
from agreements.freshness import last_days
from agreements.models import AgreementRelation, Discrepancy, DiscrepancyClaim, Milestone, MineralList
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory, PartyFactory, SourceFactory

pytestmark = pytest.mark.django_db

# + 1 each: the data version (the ETag and cache key, agreements/caching.py).
AGREEMENTS_QUERY_COUNT = 1 + 2  # count + page: related rows and discrepancies are columns of the page
DISCREPANCIES_QUERY_COUNT = 1 + 2  # count + page: the slugs and the claims are columns


@pytest.fixture
def world():
    msp = AgreementFactory(slug="msp", title="Minerals Security Partnership", short_title="MSP")
    forge = AgreementFactory(slug="forge", title="Forum on Resource Geostrategic Engagement", short_title="FORGE")
    plan = AgreementFactory(slug="plan", title="An action plan", short_title="")
    source = SourceFactory(agreement=forge, url="https://example.org/forge", title="Launch", publisher="State")
    AgreementRelation.objects.create(
        subject=forge, kind=RelationKind.SUPERSEDES, object=msp, note="replaces it", source=source
    )
    AgreementRelation.objects.create(subject=plan, kind=RelationKind.IMPLEMENTS, object=forge)
    return {"msp": msp, "forge": forge, "plan": plan}


def _related(client, slug):
    response = client.get(f"/api/agreements/{slug}/")
    assert response.status_code == 200
    return response.json()["related"]


def test_a_relation_written_once_reads_from_both_sides(api_client, world):
    assert _related(api_client, "forge") == [
        {
            "slug": "plan",
            "relation": "implemented_by",
            "title": "An action plan",
            "short_title": "",
            "note": "",
            "source": None,
        },
        {
            "slug": "msp",
            "relation": "supersedes",
            "title": "Minerals Security Partnership",
            "short_title": "MSP",
            "note": "replaces it",
            "source": {"url": "https://example.org/forge", "title": "Launch", "publisher": "State"},
        },
    ]
    assert [(row["slug"], row["relation"]) for row in _related(api_client, "msp")] == [("forge", "superseded_by")]
    assert [(row["slug"], row["relation"]) for row in _related(api_client, "plan")] == [("forge", "implements")]
    listed = {row["slug"]: row["related"] for row in api_client.get("/api/agreements/").json()["results"]}
    assert listed["msp"] == _related(api_client, "msp")


@pytest.mark.parametrize(
    ("kind", "inverse"),
    [
        (RelationKind.SUPERSEDES, "superseded_by"),
        (RelationKind.IMPLEMENTS, "implemented_by"),
        (RelationKind.DERIVED_FROM, "template_for"),
        (RelationKind.AMENDS, "amended_by"),
        (RelationKind.LINKED_TO, "linked_to"),  # no direction: the same from both sides
    ],
)
def test_every_kind_has_its_inverse_name(api_client, kind, inverse):
    subject, other = AgreementFactory(slug="subject"), AgreementFactory(slug="other")
    AgreementRelation.objects.create(subject=subject, kind=kind, object=other)
    assert [row["relation"] for row in _related(api_client, "subject")] == [kind.value]
    assert [row["relation"] for row in _related(api_client, "other")] == [inverse]


def test_a_relation_to_a_draft_shows_to_editors_only(api_client, token_client, world):
    draft = AgreementFactory(slug="draft", title="Not yet public", published=False)
    AgreementRelation.objects.create(subject=draft, kind=RelationKind.AMENDS, object=world["msp"])
    assert [row["slug"] for row in _related(api_client, "msp")] == ["forge"]
    assert [row["slug"] for row in _related(token_client, "msp")] == ["draft", "forge"]
    assert api_client.get("/api/agreements/draft/").status_code == 404


def test_discrepancies_show_every_claim_in_the_order_recorded(api_client, world):
    discrepancy = Discrepancy.objects.create(agreement=world["forge"], topic="Signing date", note="Both kept.")
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy,
        position=1,
        claim="5 February 2026",
        grade=EvidenceGrade.SECONDARY,
        source_title="Wire report",
        source_publisher="Agency",
    )
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy,
        position=0,
        claim="4 February 2026",
        grade=EvidenceGrade.PRIMARY,
        source_url="https://example.org/statement",
        source_title="Joint statement",
    )
    world["forge"].reviewed_on = datetime.date(2026, 12, 1)
    world["forge"].save()
    row = api_client.get("/api/agreements/forge/").json()
    assert row["reviewed_on"] == "2026-12-01"
    assert row["discrepancies"] == [
        {
            "topic": "Signing date",
            "note": "Both kept.",
            "claims": [
                {
                    "claim": "4 February 2026",
                    "grade": "primary",
                    "source": {"url": "https://example.org/statement", "title": "Joint statement", "publisher": ""},
                },
                {
                    "claim": "5 February 2026",
                    "grade": "secondary",
                    "source": {"url": "", "title": "Wire report", "publisher": "Agency"},
                },
            ],
        }
    ]
    listed = api_client.get("/api/discrepancies/", {"agreement": "forge"}).json()
    assert listed["count"] == 1
    item = listed["results"][0]
    assert (item["id"], item["agreement"], item["mineral_list"], item["topic"]) == (
        discrepancy.pk,
        "forge",
        None,
        "Signing date",
    )
    assert item["claims"] == row["discrepancies"][0]["claims"]
    assert api_client.get(f"/api/discrepancies/{discrepancy.pk}/").json() == item


def test_discrepancies_list_filters_and_keeps_drafts_from_anonymous_readers(api_client, token_client, world):
    draft = AgreementFactory(slug="draft", published=False)
    usgs = MineralList.objects.create(
        slug="usgs-2025",
        name="USGS 2025",
        publisher=PartyFactory(slug="us", iso_code="US"),
        grade=EvidenceGrade.PRIMARY,
    )
    Discrepancy.objects.create(agreement=world["msp"], topic="Members")
    Discrepancy.objects.create(agreement=draft, topic="Hidden")
    Discrepancy.objects.create(mineral_list=usgs, topic="Count")

    def topics(client, **params):
        response = client.get("/api/discrepancies/", params)
        assert response.status_code == 200, response.json()
        return sorted(item["topic"] for item in response.json()["results"])

    assert topics(api_client) == ["Count", "Members"]
    assert topics(token_client) == ["Count", "Hidden", "Members"]
    assert topics(api_client, mineral_list="usgs-2025") == ["Count"]
    assert topics(api_client, agreement="msp") == ["Members"]
    assert topics(api_client, search="memb") == ["Members"]
    # A draft is unknown to those who may not see it, like a slug that does not exist.
    for params in ({"agreement": "draft"}, {"agreement": "nope"}, {"mineral_list": "nope"}):
        response = api_client.get("/api/discrepancies/", params)
        assert response.status_code == 400
        assert list(response.json()) == list(params)
    hidden = Discrepancy.objects.get(topic="Hidden")
    assert api_client.get(f"/api/discrepancies/{hidden.pk}/").status_code == 404


def test_discrepancies_are_read_only(token_client, world):
    discrepancy = Discrepancy.objects.create(agreement=world["msp"], topic="Members")
    assert token_client.post("/api/discrepancies/", {"topic": "x"}, format="json").status_code == 405
    assert token_client.delete(f"/api/discrepancies/{discrepancy.pk}/").status_code == 405


def test_csv_names_relations_and_discrepancies(api_client, world):
    discrepancy = Discrepancy.objects.create(agreement=world["msp"], topic="Members")
    DiscrepancyClaim.objects.create(discrepancy=discrepancy, claim="14 members", grade="primary", source_title="A")
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy, position=1, claim="15 members", grade="secondary", source_title="B"
    )
    agreements = api_client.get("/api/agreements/", {"format": "csv", "search": "Minerals Security"})
    assert agreements.status_code == 200
    assert "superseded_by forge" in agreements.content.decode()
    listed = api_client.get("/api/discrepancies/", {"format": "csv"}).content.decode()
    assert "14 members;15 members" in listed


def _build(n: int):
    anchor = AgreementFactory(slug="anchor")
    for i in range(n):
        agreement = AgreementFactory(slug=f"agreement-{i}")
        source = SourceFactory(agreement=agreement)
        AgreementRelation.objects.create(subject=agreement, kind=RelationKind.IMPLEMENTS, object=anchor, source=source)
        discrepancy = Discrepancy.objects.create(agreement=agreement, topic=f"Topic {i}")
        for k in range(3):
            DiscrepancyClaim.objects.create(discrepancy=discrepancy, position=k, claim=f"Claim {k}", grade="primary")


@pytest.mark.parametrize("n", [2, 20])
def test_agreement_and_discrepancy_reads_are_flat(api_client, django_assert_num_queries, n):
    _build(n)
    with django_assert_num_queries(AGREEMENTS_QUERY_COUNT):
        results = api_client.get("/api/agreements/", {"page_size": 50}).json()["results"]
    assert len(results) == n + 1
    anchor = next(row for row in results if row["slug"] == "anchor")
    assert len(anchor["related"]) == n
    with django_assert_num_queries(AGREEMENTS_QUERY_COUNT - 1):  # no COUNT(*) on a detail
        assert len(api_client.get("/api/agreements/anchor/").json()["related"]) == n
    with django_assert_num_queries(DISCREPANCIES_QUERY_COUNT):
        results = api_client.get("/api/discrepancies/", {"page_size": 50}).json()["results"]
    assert len(results) == n
    assert all(len(item["claims"]) == 3 for item in results)


def test_outcome_changed_within_filters_milestones_by_the_freshness_rule(api_client, api_today):
    agreement = AgreementFactory(signed_on=api_today - datetime.timedelta(days=400))
    became_overdue = MilestoneFactory(agreement=agreement, due_on=api_today - datetime.timedelta(days=31))
    MilestoneFactory(agreement=agreement, due_on=api_today - datetime.timedelta(days=32))  # overdue since day 31
    delivered = MilestoneFactory(agreement=agreement, due_on=api_today + datetime.timedelta(days=60))
    EvidenceFactory(milestone=delivered, verdict=EvidenceVerdict.FULFILS, occurred_on=api_today)
    response = api_client.get("/api/milestones/", {"outcome_changed_within": 30})
    assert response.status_code == 200
    found = {row["id"] for row in response.json()["results"]}
    window = last_days(api_today, 30)
    rule = set(Milestone.objects.outcome_changed_between(window.start, window.end).values_list("pk", flat=True))
    assert found == rule == {became_overdue.pk, delivered.pk}
    for bad in ("-1", "soon", "36501"):
        response = api_client.get("/api/milestones/", {"outcome_changed_within": bad})
        assert response.status_code == 400
        assert list(response.json()) == ["outcome_changed_within"]


def test_schema_documents_related_and_discrepancies(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    agreement = components["Agreement"]["properties"]
    assert {"related", "discrepancies", "reviewed_on"} <= set(agreement)
    assert agreement["related"]["items"] == {"$ref": "#/components/schemas/RelatedAgreement"}
    assert set(components["RelationEnum"]["enum"]) == {
        "supersedes",
        "implements",
        "derived_from",
        "amends",
        "superseded_by",
        "implemented_by",
        "template_for",
        "amended_by",
        "linked_to",
    }
    assert set(components["DiscrepancyRow"]["properties"]) == {"topic", "note", "claims"}
    assert "/api/discrepancies/" in schema["paths"]
