"""Criticality lists and HS codes on the pages: the mineral page, the lists page, the list facet of
the agreements page."""

import datetime

import pytest

from agreements.models import Discrepancy, DiscrepancyClaim, MineralListEntry
from tests.factories import HSCodeFactory, MineralListFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(dataset):
    """A list naming neodymium and lithium, one naming the rare-earths group, one known by its count."""
    usgs = MineralListFactory(
        slug="usgs-2025",
        name="Invented USGS list",
        name_de="Erfundene USGS-Liste",
        publisher=dataset.us,
        published_on=datetime.date(2025, 11, 7),
        source_url="https://example.org/usgs",
        source_title="Invented notice",
        minerals=[dataset.neodymium, dataset.lithium],
    )
    eu = MineralListFactory(
        slug="eu-annex", name="Invented EU annex", publisher=dataset.jp, minerals=[dataset.rare_earths]
    )
    MineralListEntry.objects.filter(mineral_list=eu).update(listed_as="rare earth elements")
    counted = MineralListFactory(slug="counted", name="Invented count-only list", publisher=dataset.au)
    counted.members_verified, counted.stated_count = False, 34
    counted.save()
    discrepancy = Discrepancy.objects.create(mineral_list=counted, topic="Number of entries")
    DiscrepancyClaim.objects.create(discrepancy=discrepancy, claim="34 minerals", grade="primary", source_title="A")
    DiscrepancyClaim.objects.create(
        discrepancy=discrepancy, position=1, claim="35 minerals", grade="secondary", source_title="B"
    )
    HSCodeFactory(code="2805.30", description="Invented rare-earth metals", minerals=[dataset.rare_earths])
    HSCodeFactory(code="8505.11", description="Invented permanent magnets", minerals=[])
    return {"usgs": usgs, "eu": eu, "counted": counted}


def test_a_mineral_page_shows_its_lists_and_codes_and_those_of_its_group(client, lists):
    html = client.get("/minerals/neodymium/").content.decode()
    panel = html[html.index('id="lists-heading"') : html.index('id="hs-codes-heading"')]
    assert "Invented USGS list" in panel and "https://example.org/usgs" in panel
    assert "Nov. 7, 2025" in panel  # English date format
    assert "Invented EU annex" in panel and "through its group Rare earths" in panel
    assert "rare earth elements" in panel
    assert "/criticality-lists/#usgs-2025" in panel
    assert "Invented count-only list" not in panel
    codes = html[html.index('id="hs-codes-heading"') :]
    assert "2805.30" in codes and "through its group Rare earths" in codes
    assert "8505.11" not in codes


def test_a_group_page_shows_the_lists_of_its_members(client, lists):
    html = client.get("/minerals/rare-earths/").content.decode()
    panel = html[html.index('id="lists-heading"') : html.index('id="hs-codes-heading"')]
    assert "Invented EU annex" in panel  # the group itself
    assert "Members on Invented USGS list:" in panel and "Neodymium" in panel
    assert "through its group" not in panel


def test_a_mineral_on_no_list(client, dataset):
    html = client.get("/minerals/lithium/").content.decode()
    assert "On none of the criticality lists recorded." in html
    assert "No HS code recorded." in html


def test_the_lists_page_shows_every_list_its_members_count_and_discrepancies(client, lists):
    response = client.get("/criticality-lists/")
    assert response.status_code == 200
    html = response.content.decode()
    usgs = html[html.index('id="usgs-2025"') : html.index("</section>", html.index('id="usgs-2025"'))]
    assert "Lithium" in usgs and "Neodymium" in usgs and "/minerals/lithium/" in usgs
    assert "/agreements/?mineral_list=usgs-2025" in usgs
    counted = html[html.index('id="counted"') : html.index("</section>", html.index('id="counted"'))]
    assert "34 entries, as the source counts" in counted
    assert "The sources give only the number of entries, so no member is recorded." in counted
    assert "34 minerals" in counted and "35 minerals" in counted
    assert "Secondary source" in counted
    codes = html[html.index('id="hs-codes"') :]
    assert "2805.30" in codes and "8505.11" in codes and "/minerals/rare-earths/" in codes


def test_the_lists_page_in_german(client, lists, dataset):
    dataset.rare_earths.name_de = "Seltene Erden"
    dataset.rare_earths.save()
    client.cookies["django_language"] = "de"
    html = client.get("/criticality-lists/").content.decode()
    assert "Erfundene USGS-Liste" in html and "Seltene Erden" in html


def test_the_agreements_page_filters_by_list(client, lists, dataset):
    response = client.get("/agreements/")
    facet = next(f for f in response.context["facets"] if f["key"] == "mineral_list")
    counts = {option["value"]: option["count"] for option in facet["options"]}
    # usgs-2025 names neodymium and lithium: the magnets and lithium deals, and the two rare-earth
    # agreements (a group with a listed member). eu-annex names the group: its three.
    assert counts == {"usgs-2025": 4, "eu-annex": 3}
    response = client.get("/agreements/", {"mineral_list": "eu-annex"})
    found = sorted(agreement.slug for agreement in response.context["page"].object_list)
    assert found == ["japan-australia-magnets", "us-japan-2021", "us-japan-framework"]
    assert [chip["label"] for chip in response.context["active"]] == ["Invented EU annex"]
    # The facet keeps the other filters.
    response = client.get("/agreements/", {"mineral_list": "usgs-2025", "party": "au"})
    found = sorted(agreement.slug for agreement in response.context["page"].object_list)
    assert found == ["japan-australia-lithium", "japan-australia-magnets"]


def test_an_unknown_list_is_a_filter_error_on_the_page(client, lists):
    response = client.get("/agreements/", {"mineral_list": "nope"})
    assert response.status_code == 200
    assert "mineral_list" in response.context["filterset"].errors
