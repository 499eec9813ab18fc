"""The demo data set in German and by criticality list: issue #12's "Seltene Erden on the German
search page finds the agreements that rare earths finds", German names from the vocabulary and
pycountry, and the lists of section 10 on the pages and in the API."""

import pytest
from django.core.cache import cache

from agreements.models import Agreement, MineralList, Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded, pinned_today) -> None:
    """The demo data set, loaded once for this module (conftest.demo_loaded)."""


def page_slugs(client, query: str) -> list[str]:
    cache.clear()  # the rows come from the view's context, which only a rendering (not a cached body) has
    response = client.get("/agreements/", {"q": query})
    assert response.status_code == 200
    rows = response.context["page"].paginator.object_list
    return sorted(rows.values_list("slug", flat=True))


def test_seltene_erden_on_the_german_search_page_finds_what_rare_earths_finds(client, demo):
    english = page_slugs(client, "rare earths")
    assert len(english) >= 5  # the reference has many rare-earth agreements
    client.cookies["django_language"] = "de"
    german = client.get("/agreements/", {"q": "Seltene Erden"})
    assert '<html lang="de">' in german.content.decode()
    assert page_slugs(client, "Seltene Erden") == english
    assert (
        sorted(
            row["slug"]
            for row in client.get("/api/agreements/", {"search": "Seltene Erden", "page_size": 200}).json()["results"]
        )
        == english
    )


def test_the_demo_names_in_german(client, demo):
    assert Party.objects.get(slug="us").name_de == "Vereinigte Staaten"  # pycountry
    assert Party.objects.get(slug="eu").name_de == "Europäische Union"  # the vocabulary
    client.cookies["django_language"] = "de"
    html = client.get("/minerals/rare-earths/").content.decode()
    assert "<h1>Seltene Erden" in html
    assert "USGS-Liste kritischer Mineralien 2025" in html  # through its members


def test_the_demo_lists_and_the_list_filter(client, api_client, demo):
    assert MineralList.objects.get(slug="usgs-2025").entries.count() == 60
    usgs = api_client.get("/api/mineral-lists/usgs-2025/").json()
    assert usgs["stated_count"] == 60 and "neodymium" in usgs["minerals"]
    on_usgs = {
        row["slug"]
        for row in api_client.get("/api/agreements/", {"mineral_list": "usgs-2025", "page_size": 200}).json()["results"]
    }
    # Every agreement about rare earths (a group whose elements the USGS lists one by one) is on it.
    about_rare_earths = set(Agreement.objects.filter(minerals__slug="rare-earths").values_list("slug", flat=True))
    assert about_rare_earths and about_rare_earths <= on_usgs
    html = client.get("/criticality-lists/").content.decode()
    for mineral_list in MineralList.objects.all():
        assert f'id="{mineral_list.slug}"' in html
