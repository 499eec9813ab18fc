"""Query counts per list endpoint: pinned, and the same for 1 row and for 200 rows.

Every row carries its relations (parties, minerals, stages, sources, milestones, instruments), so
a per-row query anywhere would show up as a count that grows with the rows.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from agreements.models import AgreementParty, ReportedAmount
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    OrganizationFactory,
    PartyFactory,
    ProjectFactory,
    SourceFactory,
    StageFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db

# Every read first reads the data version (its ETag and cache key; agreements/caching.py).
VERSION = 1
# COUNT(*) + the page + one query per prefetched relation.
# Agreements: parties, minerals, stages and sources come with each row as arrays from correlated
# subqueries (AgreementQuerySet.with_nested_rows), so COUNT(*) + the page.
AGREEMENTS_QUERY_COUNT = VERSION + 2
# + the party lookup; the mineral lookup (1) and the group walk (1 + one per level + 1 for the ids):
# it grows with the depth of mineral groups (two levels here), never with the rows.
AGREEMENTS_FILTERED_QUERY_COUNT = AGREEMENTS_QUERY_COUNT + 1 + 5
PARTIES_QUERY_COUNT = VERSION + 2  # country is a join
MINERALS_QUERY_COUNT = VERSION + 2  # group is a join
STAGES_QUERY_COUNT = VERSION + 2
INSTRUMENTS_QUERY_COUNT = VERSION + 5  # + stages, minerals, reported amounts (payer is a join)
# Slugs, overdue, outcome and the evidence list are correlated subqueries (MilestoneQuerySet.for_api).
MILESTONES_QUERY_COUNT = VERSION + 2
EVIDENCE_QUERY_COUNT = VERSION + 2  # the agreement's slug is a subquery
# The scorecards: one GROUP BY (by party: responsible and joint, two), no COUNT(*) (a list is paged).
SCORECARDS_QUERY_COUNT = {
    by: VERSION + n for by, n in {"agreement": 1, "instrument_kind": 1, "year": 1, "party": 2}.items()
}
PROJECTS_QUERY_COUNT = VERSION + 4  # + minerals, instruments
WATCHES_QUERY_COUNT = VERSION + 2


@pytest.fixture
def shared():
    group = MineralFactory(slug="rare-earths", is_group=True)
    return {
        "japan": PartyFactory(slug="jp", iso_code="JP", name="Japan"),
        "usa": PartyFactory(slug="us", iso_code="US", name="United States"),
        "mineral": MineralFactory(slug="neodymium", group=group),
        "stage": StageFactory(slug="processing"),
    }


def make_agreements(n, shared):
    for i in range(n):
        agreement = AgreementFactory(
            minerals=[shared["mineral"]], stages=[shared["stage"]], signed_on=datetime.date(2025, 1, 1)
        )
        AgreementParty.objects.create(agreement=agreement, party=shared["japan"], role="signatory")
        AgreementParty.objects.create(agreement=agreement, party=shared["usa"], role="participant")
        SourceFactory(agreement=agreement)
        MilestoneFactory(agreement=agreement, due_on=None, offset_months=i % 24 + 1)
        MilestoneFactory(agreement=agreement, due_on=datetime.date(2020, 1, 1))


def make_parties(n, shared):
    for _ in range(n):
        OrganizationFactory(kind="agency", country=shared["japan"])


def make_minerals(n, shared):
    for _ in range(n):
        MineralFactory(group=shared["mineral"].group)


def make_stages(n, shared):
    StageFactory.create_batch(n)


def make_instruments(n, shared):
    agreement = AgreementFactory()
    for _ in range(n):
        instrument = InstrumentFactory(agreement=agreement, responsible=shared["japan"], payer=shared["usa"])
        instrument.stages.set([shared["stage"]])
        instrument.minerals.set([shared["mineral"]])
        for qualifier in ("up_to", "at_least"):
            ReportedAmount.objects.create(
                instrument=instrument, amount=100, currency="USD", amount_qualifier=qualifier, source_title="A"
            )


def make_milestones(n, shared):
    agreement = AgreementFactory()
    instrument = InstrumentFactory(agreement=agreement)
    for i in range(n):
        MilestoneFactory(agreement=agreement, instrument=instrument, responsible=shared["usa"], offset_days=i + 1)


def make_evidence(n, shared):
    milestone = MilestoneFactory(agreement=AgreementFactory(), due_on=datetime.date(2026, 1, 1))
    EvidenceFactory.create_batch(n, milestone=milestone, occurred_on=datetime.date(2025, 12, 1))


def make_projects(n, shared):
    instrument = InstrumentFactory()
    for _ in range(n):
        project = ProjectFactory(country=shared["japan"], stage=shared["stage"], operator=shared["usa"])
        project.minerals.set([shared["mineral"]])
        project.instruments.set([instrument])


LISTS = {
    "agreements": (make_agreements, AGREEMENTS_QUERY_COUNT),
    "parties": (make_parties, PARTIES_QUERY_COUNT),
    "minerals": (make_minerals, MINERALS_QUERY_COUNT),
    "stages": (make_stages, STAGES_QUERY_COUNT),
    "instruments": (make_instruments, INSTRUMENTS_QUERY_COUNT),
    "milestones": (make_milestones, MILESTONES_QUERY_COUNT),
    "projects": (make_projects, PROJECTS_QUERY_COUNT),
    "evidence": (make_evidence, EVIDENCE_QUERY_COUNT),
}


@pytest.mark.parametrize("resource", list(LISTS))
def test_list_query_count_is_pinned_and_does_not_grow_with_rows(
    api_client, shared, django_assert_num_queries, resource
):
    make, expected = LISTS[resource]
    make(1, shared)
    with django_assert_num_queries(expected):
        response = api_client.get(f"/api/{resource}/", {"page_size": 200})
    assert response.status_code == 200
    few = len(response.json()["results"])

    make(199, shared)
    with django_assert_num_queries(expected):
        response = api_client.get(f"/api/{resource}/", {"page_size": 200})
    assert len(response.json()["results"]) == 200 > few

    with django_assert_num_queries(expected):
        response = api_client.get(f"/api/{resource}/", {"page_size": 10})
    assert len(response.json()["results"]) == 10


def test_filtered_agreement_list_query_count(api_client, shared, django_assert_num_queries):
    make_agreements(1, shared)
    params = {"party": "jp", "mineral": "rare-earths", "page_size": 200}
    with django_assert_num_queries(AGREEMENTS_FILTERED_QUERY_COUNT):
        assert api_client.get("/api/agreements/", params).json()["count"] == 1
    make_agreements(60, shared)
    with django_assert_num_queries(AGREEMENTS_FILTERED_QUERY_COUNT):
        assert api_client.get("/api/agreements/", params).json()["count"] == 61


def test_csv_list_query_count_matches_json(api_client, shared, django_assert_num_queries):
    make_agreements(30, shared)
    with django_assert_num_queries(AGREEMENTS_QUERY_COUNT):
        assert api_client.get("/api/agreements/", {"format": "csv"}).status_code == 200


def test_watch_list_query_count(reader, shared, django_assert_num_queries):
    client = APIClient()
    client.force_authenticate(reader)
    WatchFactory(user=reader, agreement=AgreementFactory())
    with django_assert_num_queries(WATCHES_QUERY_COUNT):
        assert len(client.get("/api/watches/").json()["results"]) == 1
    for _ in range(40):
        WatchFactory(user=reader, agreement=AgreementFactory())
    with django_assert_num_queries(WATCHES_QUERY_COUNT):
        assert len(client.get("/api/watches/").json()["results"]) == 41


@pytest.mark.parametrize("per_milestone", [0, 1, 5])
def test_milestone_list_query_count_is_the_same_whatever_the_evidence(
    api_client, shared, django_assert_num_queries, per_milestone
):
    make_milestones(30, shared)
    for milestone in MilestoneFactory._meta.model.objects.all():
        EvidenceFactory.create_batch(per_milestone, milestone=milestone, occurred_on=datetime.date(2025, 1, 1))
    with django_assert_num_queries(MILESTONES_QUERY_COUNT):
        rows = api_client.get("/api/milestones/", {"page_size": 200}).json()["results"]
    assert {len(row["evidence"]) for row in rows} == {per_milestone}
    with django_assert_num_queries(MILESTONES_QUERY_COUNT - 1):  # no COUNT(*) on a detail
        assert len(api_client.get(f"/api/milestones/{rows[0]['id']}/").json()["evidence"]) == per_milestone
    with django_assert_num_queries(MILESTONES_QUERY_COUNT):  # filtering on the outcome adds no query
        assert api_client.get("/api/milestones/", {"outcome": "overdue_no_evidence"}).status_code == 200


@pytest.mark.parametrize("by", list(SCORECARDS_QUERY_COUNT))
def test_scorecards_query_count_does_not_grow_with_milestones_or_evidence(
    api_client, shared, django_assert_num_queries, by
):
    make_agreements(2, shared)
    with django_assert_num_queries(SCORECARDS_QUERY_COUNT[by]):
        few = api_client.get("/api/scorecards/", {"by": by}).json()["count"]
    make_agreements(40, shared)
    make_milestones(40, shared)
    for milestone in MilestoneFactory._meta.model.objects.all()[:30]:
        EvidenceFactory(milestone=milestone, verdict="fulfils", occurred_on=datetime.date(2025, 1, 1))
    with django_assert_num_queries(SCORECARDS_QUERY_COUNT[by]):
        response = api_client.get("/api/scorecards/", {"by": by, "page_size": 200})
    assert response.status_code == 200
    assert response.json()["count"] >= few
    # Each milestone filter adds its own lookups only (here: the party's), never one per row.
    with django_assert_num_queries(SCORECARDS_QUERY_COUNT[by] + 1):
        assert api_client.get("/api/scorecards/", {"by": by, "party": "jp"}).status_code == 200


def test_agreement_detail_query_count(api_client, shared, django_assert_num_queries):
    make_agreements(3, shared)
    slug = AgreementFactory._meta.model.objects.first().slug
    with django_assert_num_queries(AGREEMENTS_QUERY_COUNT - 1):  # no COUNT(*) on a detail
        assert api_client.get(f"/api/agreements/{slug}/").status_code == 200
