"""Query counts per list endpoint: pinned, and the same for 1 row and for 200 rows.

Every row carries its relations (parties, minerals, stages, sources, milestones, instruments), so
a per-row query anywhere would show up as a count that grows with the rows.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from agreements.models import AgreementParty
from tests.factories import (
    AgreementFactory,
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

# COUNT(*) + the page + one query per prefetched relation.
# Agreements: parties, minerals, stages and sources come with each row as arrays from correlated
# subqueries (AgreementQuerySet.with_nested_rows), so COUNT(*) + the page.
AGREEMENTS_QUERY_COUNT = 2
# + the party lookup; the mineral lookup (1) and the group walk (1 + one per level + 1 for the ids):
# it grows with the depth of mineral groups (two levels here), never with the rows.
AGREEMENTS_FILTERED_QUERY_COUNT = AGREEMENTS_QUERY_COUNT + 1 + 5
PARTIES_QUERY_COUNT = 2  # country is a join
MINERALS_QUERY_COUNT = 2  # group is a join
STAGES_QUERY_COUNT = 2
INSTRUMENTS_QUERY_COUNT = 4  # + stages, minerals
MILESTONES_QUERY_COUNT = 2  # agreement, responsible, instrument are joins; overdue is annotated
PROJECTS_QUERY_COUNT = 4  # + minerals, instruments
WATCHES_QUERY_COUNT = 2


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
        instrument = InstrumentFactory(agreement=agreement, responsible=shared["japan"])
        instrument.stages.set([shared["stage"]])
        instrument.minerals.set([shared["mineral"]])


def make_milestones(n, shared):
    agreement = AgreementFactory()
    instrument = InstrumentFactory(agreement=agreement)
    for i in range(n):
        MilestoneFactory(agreement=agreement, instrument=instrument, responsible=shared["usa"], offset_days=i + 1)


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


def test_agreement_detail_query_count(api_client, shared, django_assert_num_queries):
    make_agreements(3, shared)
    slug = AgreementFactory._meta.model.objects.first().slug
    with django_assert_num_queries(AGREEMENTS_QUERY_COUNT - 1):  # no COUNT(*) on a detail
        assert api_client.get(f"/api/agreements/{slug}/").status_code == 200
