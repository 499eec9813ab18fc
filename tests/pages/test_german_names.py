"""German pages show the German names of parties, minerals and stages (`display_name`), with the
same number of queries as the English pages."""

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Mineral, Party, ValueChainStage

pytestmark = pytest.mark.django_db

GERMAN = {
    Party: {"us": "Vereinigte Staaten", "jp": "Japan", "au": "Australien"},
    Mineral: {"rare-earths": "Seltene Erden", "neodymium": "Neodym", "lithium": "Lithium"},
    ValueChainStage: {"mining": "Förderung", "processing": "Verarbeitung", "recycling": "Recycling"},
}


@pytest.fixture
def german_names(dataset):
    for model, names in GERMAN.items():
        for slug, name_de in names.items():
            model.objects.filter(slug=slug).update(name_de=name_de)
    return dataset


def pages(data) -> list[str]:
    return [
        "/",
        "/agreements/",
        "/agreements/?q=rare&party=jp&mineral=rare-earths",
        data.framework.get_absolute_url(),
        "/milestones/",
        data.six_months.get_absolute_url(),
        "/parties/",
        "/parties/us/",
        "/parties/compare/?party=us&party=jp",
        "/minerals/rare-earths/",
        "/stages/processing/",
        "/projects/nolans-invented/",
    ]


def get(client, path: str, language: str):
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_german_pages_show_german_names(client, german_names):
    html = get(client, german_names.framework.get_absolute_url(), "de")
    assert "Vereinigte Staaten" in html
    assert "Seltene Erden" in html
    assert "Förderung" in html and "Verarbeitung" in html
    assert "United States" not in html.replace("Invented US–Japan", "")
    english = get(client, german_names.framework.get_absolute_url(), "en")
    assert "United States" in english and "Vereinigte Staaten" not in english


def test_the_search_page_facets_and_table_are_in_german(client, german_names):
    client.cookies["django_language"] = "de"
    response = client.get("/agreements/", {"mineral": "rare-earths"})
    labels = {facet["key"]: [option["label"] for option in facet["options"]] for facet in response.context["facets"]}
    assert "Vereinigte Staaten" in labels["party"]
    assert "Seltene Erden" in labels["mineral"]
    assert "Verarbeitung" in labels["stage"]
    chips = [chip["label"] for chip in response.context["active"]]
    assert chips == ["Seltene Erden"]
    table = response.content.decode().split('class="results"')[1]
    assert "Vereinigte Staaten" in table and "Seltene Erden" in table


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["Vereinigte Staaten", "Seltene Erden", "Förderung"]),
        ("/parties/", ["Vereinigte Staaten", "Neodym", "Verarbeitung"]),
        ("/parties/compare/?party=us&party=jp", ["Vereinigte Staaten"]),
        ("/minerals/neodymium/", ["Neodym", "Seltene Erden"]),
        ("/minerals/rare-earths/", ["Seltene Erden", "Neodym", "Australien"]),
        ("/stages/processing/", ["Verarbeitung"]),
        ("/projects/nolans-invented/", ["Australien", "Förderung", "Seltene Erden"]),
        ("/milestones/", ["Vereinigte Staaten"]),
    ],
)
def test_every_page_names_in_german(client, german_names, path, expected):
    html = get(client, path, "de")
    for name in expected:
        assert name in html, (path, name)


def test_german_names_cost_no_query(client, german_names):
    # English pages never read name_de (display_name), so a German name loaded row by row would
    # show here as more queries in German.
    for path in pages(german_names):
        counts = {}
        for language in ("en", "de"):
            client.cookies["django_language"] = language
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[language] = len(queries)
        assert counts["de"] == counts["en"], path


def test_german_calendars_name_parties_in_german(client, german_names):
    client.cookies["django_language"] = "de"
    calendar = icalendar.Calendar.from_ical(client.get("/parties/us/calendar.ics").content)
    assert str(calendar["x-wr-calname"]) == "Minerals Tracker: Vereinigte Staaten"
    descriptions = [str(event["description"]) for event in calendar.walk("VEVENT")]
    assert any("Vereinigte Staaten" in description for description in descriptions)
    assert not any("United States" in description for description in descriptions)
