"""Criticality lists (`/api/mineral-lists/`), the minerals' `lists`, `hs_codes` and German names,
and the `mineral_list` filter of agreements, instruments and projects (the group rule)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Discrepancy, DiscrepancyClaim, MineralListEntry
from tests.factories import (
    AgreementFactory,
    HSCodeFactory,
    InstrumentFactory,
    MineralFactory,
    MineralListFactory,
    PartyFactory,
    ProjectFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/mineral-lists/"
# + 1 everywhere: the data version (the ETag and cache key, agreements/caching.py).
LIST_QUERIES = 1 + 2  # count + page: members, entries and discrepancies are columns of the page
DETAIL_QUERIES = 1 + 1
MINERAL_LIST_QUERIES = 1 + 2  # count + page: the lists and HS codes are columns


@pytest.fixture
def minerals():
    rare_earths = MineralFactory(slug="rare-earths", name="Rare earths", name_de="Seltene Erden", is_group=True)
    light = MineralFactory(slug="light-rare-earths", name="Light rare earths", group=rare_earths, is_group=True)
    return {
        "rare-earths": rare_earths,
        "light-rare-earths": light,
        "neodymium": MineralFactory(slug="neodymium", name="Neodymium", name_de="Neodym", group=light),
        "dysprosium": MineralFactory(slug="dysprosium", name="Dysprosium", group=rare_earths),
        "lithium": MineralFactory(slug="lithium", name="Lithium", name_de="Lithium"),
        "copper": MineralFactory(slug="copper", name="Copper", name_de="Kupfer"),
    }


@pytest.fixture
def lists(minerals):
    us = PartyFactory(slug="us", iso_code="US", name="United States")
    eu = PartyFactory(slug="eu", iso_code=None, kind="bloc", name="European Union")
    usgs = MineralListFactory(
        slug="usgs-2025",
        name="Invented USGS list",
        name_de="Erfundene USGS-Liste",
        publisher=us,
        published_on=datetime.date(2025, 11, 7),
        stated_count=3,
        source_title="Invented notice",
        minerals=[minerals["neodymium"], minerals["lithium"]],
    )
    eu_critical = MineralListFactory(
        slug="eu-crma-critical", name="Invented EU annex", publisher=eu, minerals=[minerals["light-rare-earths"]]
    )
    MineralListEntry.objects.filter(mineral_list=eu_critical).update(listed_as="light rare earth elements")
    counted = MineralListFactory(slug="jp-counted", name="Invented count-only list", publisher=us)
    counted.members_verified = False
    counted.stated_count = 34
    counted.save()
    return {"usgs": usgs, "eu": eu_critical, "counted": counted}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


def test_list_and_detail_read_shape(api_client, lists):
    discrepancy = Discrepancy.objects.create(mineral_list=lists["counted"], topic="Count")
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy, claim="34", grade="primary", source_url="https://example.org/a", source_title="A"
    )
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy, position=1, claim="35", grade="secondary", source_publisher="B"
    )
    response = api_client.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 3
    row = api_client.get(f"{URL}usgs-2025/").json()
    assert row == {
        "url": "http://testserver/api/mineral-lists/usgs-2025/",
        "slug": "usgs-2025",
        "name": "Invented USGS list",
        "name_de": "Erfundene USGS-Liste",
        "publisher": "us",
        "published_on": "2025-11-07",
        "stated_count": 3,
        "members_verified": True,
        "grade": "primary",
        "source": {"url": lists["usgs"].source_url, "title": "Invented notice"},
        "note": "",
        "minerals": ["lithium", "neodymium"],
        "entries": [{"mineral": "lithium", "listed_as": ""}, {"mineral": "neodymium", "listed_as": ""}],
        "discrepancies": [],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    counted = api_client.get(f"{URL}jp-counted/").json()
    assert (counted["members_verified"], counted["stated_count"], counted["minerals"]) == (False, 34, [])
    assert counted["discrepancies"] == [
        {
            "topic": "Count",
            "note": "",
            "claims": [
                {
                    "claim": "34",
                    "grade": "primary",
                    "source": {"url": "https://example.org/a", "title": "A", "publisher": ""},
                },
                {"claim": "35", "grade": "secondary", "source": {"url": "", "title": "", "publisher": "B"}},
            ],
        }
    ]
    eu = api_client.get(f"{URL}eu-crma-critical/").json()
    assert eu["entries"] == [{"mineral": "light-rare-earths", "listed_as": "light rare earth elements"}]
    assert api_client.get(f"{URL}nope/").status_code == 404


def test_filters_search_ordering_and_bad_input(api_client, lists):
    assert slugs(api_client.get(URL, {"publisher": "us"})) == ["jp-counted", "usgs-2025"]
    assert slugs(api_client.get(URL, {"publisher": "eu"})) == ["eu-crma-critical"]
    assert slugs(api_client.get(URL, {"mineral": "neodymium"})) == ["usgs-2025"]
    assert slugs(api_client.get(URL, {"mineral": "light-rare-earths,lithium"})) == ["eu-crma-critical", "usgs-2025"]
    assert slugs(api_client.get(URL, {"members_verified": "false"})) == ["jp-counted"]
    assert slugs(api_client.get(URL, {"search": "USGS"})) == ["usgs-2025"]
    assert slugs(api_client.get(URL, {"search": "Erfundene"})) == ["usgs-2025"]
    ordered = api_client.get(URL, {"ordering": "-slug"}).json()["results"]
    assert [row["slug"] for row in ordered] == ["usgs-2025", "jp-counted", "eu-crma-critical"]
    for params in ({"mineral": "nope"}, {"publisher": "zz"}, {"members_verified": "maybe"}, {"ordering": "note"}):
        response = api_client.get(URL, params)
        assert response.status_code == 400, params
        assert set(response.json()) == set(params)


def test_pagination_and_csv(api_client, lists):
    page = api_client.get(URL, {"page_size": 2}).json()
    assert (page["count"], len(page["results"]), page["next"] is not None) == (3, 2, True)
    assert api_client.get(URL, {"page_size": 500}).status_code == 200  # capped at 200, like every list
    csv = api_client.get(URL, {"format": "csv", "ordering": "slug"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("url,slug,name,name_de,publisher,published_on,stated_count,members_verified,grade,")
    assert "source.url,source.title,note,minerals,entries,discrepancies" in lines[0]
    usgs = next(line for line in lines if ",usgs-2025," in line)
    assert "lithium;neodymium" in usgs


def test_lists_are_read_only_for_everyone(api_client, superuser, lists):
    api_client.force_authenticate(superuser)
    assert api_client.post(URL, {"slug": "x", "name": "x"}, format="json").status_code == 405
    assert api_client.patch(f"{URL}usgs-2025/", {"name": "x"}, format="json").status_code == 405
    assert api_client.delete(f"{URL}usgs-2025/").status_code == 405
    assert api_client.get(URL).status_code == 200


def test_list_query_count_does_not_grow(api_client, lists, minerals, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES):
        assert api_client.get(URL).status_code == 200
    for n in range(10):
        extra = MineralListFactory(slug=f"extra-{n}", minerals=[minerals["copper"], minerals["lithium"]])
        Discrepancy.objects.create(mineral_list=extra, topic=f"Topic {n}")
    with django_assert_num_queries(LIST_QUERIES):
        assert api_client.get(URL).json()["count"] == 13
    with django_assert_num_queries(DETAIL_QUERIES):
        assert api_client.get(f"{URL}usgs-2025/").status_code == 200


def test_minerals_show_lists_hs_codes_and_german_names(api_client, lists, minerals, django_assert_num_queries):
    HSCodeFactory(
        code="2805.30",
        description="Rare-earth metals, scandium and yttrium",
        minerals=[minerals["rare-earths"]],
        further_urls="https://example.org/one\r\nhttps://example.org/two\n",
        note="A note.",
    )
    row = api_client.get("/api/minerals/rare-earths/").json()
    assert row["name_de"] == "Seltene Erden"
    assert row["lists"] == []  # its members are listed, not the group itself
    assert row["hs_codes"] == [
        {
            "code": "2805.30",
            "description": "Rare-earth metals, scandium and yttrium",
            "grade": "secondary",
            "source": {
                "url": row["hs_codes"][0]["source"]["url"],
                "further": ["https://example.org/one", "https://example.org/two"],
            },
            "note": "A note.",
        }
    ]
    assert api_client.get("/api/minerals/neodymium/").json()["lists"] == ["usgs-2025"]
    assert api_client.get("/api/minerals/light-rare-earths/").json()["lists"] == ["eu-crma-critical"]
    assert api_client.get("/api/minerals/lithium/").json()["hs_codes"] == []
    with django_assert_num_queries(MINERAL_LIST_QUERIES):
        rows = api_client.get("/api/minerals/").json()["results"]
    assert {row["slug"]: row["lists"] for row in rows}["lithium"] == ["usgs-2025"]
    csv = api_client.get("/api/minerals/", {"format": "csv", "search": "rare"}).content.decode()
    assert "2805.30" in csv


def test_parties_and_stages_have_german_names(api_client, lists):
    StageFactory(slug="processing", name="Processing", name_de="Verarbeitung", order=3)
    assert api_client.get("/api/stages/processing/").json()["name_de"] == "Verarbeitung"
    assert api_client.get("/api/parties/us/").json()["name_de"] == ""
    response = api_client.patch("/api/parties/us/", {"name_de": "Vereinigte Staaten"}, format="json")
    assert response.status_code in {401, 403}  # writes keep needing the permission


def test_writing_a_german_name_with_the_permission(api_client, superuser, lists):
    api_client.force_authenticate(superuser)
    response = api_client.patch("/api/parties/us/", {"name_de": "Vereinigte Staaten"}, format="json")
    assert response.status_code == 200
    assert response.json()["name_de"] == "Vereinigte Staaten"


# --- the mineral_list filter: the group rule -------------------------------------------------


@pytest.fixture
def deals(lists, minerals):
    """One agreement per mineral, each with an instrument and a project about it."""
    japan = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    made = {}
    for slug in ("rare-earths", "light-rare-earths", "neodymium", "dysprosium", "lithium", "copper"):
        agreement = AgreementFactory(slug=f"deal-{slug}", minerals=[minerals[slug]])
        InstrumentFactory(agreement=agreement, name=f"instrument-{slug}").minerals.set([minerals[slug]])
        ProjectFactory(slug=f"project-{slug}", country=japan).minerals.set([minerals[slug]])
        made[slug] = agreement
    return made


def matching(api_client, resource: str, mineral_list: str) -> list[str]:
    response = api_client.get(f"/api/{resource}/", {"mineral_list": mineral_list, "page_size": 200})
    assert response.status_code == 200, response.content
    key = "name" if resource == "instruments" else "slug"
    return sorted(row[key].split("-", 1)[1] for row in response.json()["results"])


@pytest.mark.parametrize("resource", ["agreements", "instruments", "projects"])
def test_a_listed_mineral_its_groups_and_the_members_of_a_listed_group_match(api_client, deals, resource):
    # usgs-2025 names neodymium and lithium: their own deals, and the groups above neodymium
    # (a deal about rare earths is about neodymium too). Not dysprosium, a sibling.
    assert matching(api_client, resource, "usgs-2025") == ["light-rare-earths", "lithium", "neodymium", "rare-earths"]
    # eu-crma-critical names the group "light rare earths": its members (neodymium) and the group
    # above it; dysprosium is a heavy rare earth under rare earths directly.
    assert matching(api_client, resource, "eu-crma-critical") == ["light-rare-earths", "neodymium", "rare-earths"]
    assert matching(api_client, resource, "jp-counted") == []  # no members loaded
    assert matching(api_client, resource, "jp-counted,eu-crma-critical") == matching(
        api_client, resource, "eu-crma-critical"
    )


def test_mineral_list_filter_combines_and_refuses_unknown_lists(api_client, deals):
    response = api_client.get("/api/agreements/", {"mineral_list": "usgs-2025", "mineral": "lithium"})
    assert slugs(response) == ["deal-lithium"]
    response = api_client.get("/api/agreements/", {"mineral_list": "usgs-2025,nope"})
    assert response.status_code == 400
    assert response.json() == {"mineral_list": ["Unknown criticality list: nope."]}


def test_mineral_list_filter_costs_one_query_to_resolve(api_client, deals):
    # The slugs are resolved once; the coverage is a recursive subquery of the list's own query,
    # so the count is the same however deep the groups are.
    with CaptureQueriesContext(connection) as plain:
        api_client.get("/api/agreements/")
    with CaptureQueriesContext(connection) as filtered:
        api_client.get("/api/agreements/", {"mineral_list": "usgs-2025"})
    assert len(filtered) == len(plain) + 1
