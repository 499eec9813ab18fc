"""Exports and calendars follow the filters of the page they come from (issue #14, part 4).

For each page (the deadline board, the search page, a party, a mineral) the rows the page shows,
the rows of its CSV and the events of its calendar are the same records, because one filterset
drives all three. The CSVs name related records by name and by code and carry the page's
derived values in the page's words.
"""

import csv
import io

import icalendar
import pytest

from agreements.models import Milestone

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def _event_ids(response) -> list[int]:
    """The milestone ids of a calendar's events, in their order (UID `milestone-<pk>@…`)."""
    assert response.status_code == 200, response.content[:300]
    calendar = icalendar.Calendar.from_ical(response.content)
    return [int(str(event["uid"]).split("@")[0].removeprefix("milestone-")) for event in calendar.walk("VEVENT")]


def _dated(ids) -> list[int]:
    dated = set(Milestone.objects.filter(pk__in=ids, deadline__isnull=False).values_list("pk", flat=True))
    return [pk for pk in ids if pk in dated]


BOARD_QUERIES = [
    {"party": "au"},
    {"overdue": "true"},
    {"outcome": ["met_on_time", "not_yet_due"]},
    {"agreement": "us-japan-framework", "responsible": "us"},
    {"due_within": "60"},
]


@pytest.mark.parametrize("query", BOARD_QUERIES, ids=lambda query: "&".join(query))
def test_board_rows_csv_rows_and_calendar_events_are_the_same(client, dataset, query):
    page = client.get("/milestones/", query)
    shown = [milestone.pk for milestone in page.context["page"].object_list]
    exported = [int(row["id"]) for row in _csv(client.get("/milestones/export.csv", query))]
    events = _event_ids(client.get("/calendar.ics", query))

    assert shown, query  # each query selects something, and not everything
    assert len(shown) < Milestone.objects.count(), query
    assert exported == shown
    assert events == _dated(shown)


def test_board_links_its_csv_and_calendar_with_its_filters(client, dataset):
    html = client.get("/milestones/", {"party": "au", "overdue": "false", "page": "1"}).content.decode()
    assert 'href="/calendar.ics?party=au&amp;overdue=false"' in html
    assert 'href="/milestones/export.csv?party=au&amp;overdue=false"' in html
    assert ">Subscribe to these deadlines (iCalendar)<" in html
    # Without filters the calendar is every deadline.
    assert 'href="/calendar.ics">Subscribe (iCalendar)<' in client.get("/milestones/").content.decode()


def test_a_filtered_calendar_is_named_for_its_selection(client, dataset):
    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics", {"party": "au"}).content)
    assert str(calendar["x-wr-calname"]) == "Minerals Tracker: selected deadlines"
    whole = icalendar.Calendar.from_ical(client.get("/calendar.ics").content)
    assert str(whole["x-wr-calname"]) == "Minerals Tracker: all deadlines"


AGREEMENT_QUERIES = [
    {"party": "jp", "mineral": "rare-earths"},
    {"party": "au"},
    {"stage": "mining"},
    {"q": "lithium"},
    {"status": "implementing"},
    {"year": "2021", "sort": "title"},
]


@pytest.mark.parametrize("query", AGREEMENT_QUERIES, ids=lambda query: "&".join(query))
def test_search_rows_csv_rows_and_calendar_events_are_the_same(client, dataset, query):
    page = client.get("/agreements/", query)
    shown = [agreement.slug for agreement in page.context["page"].object_list]
    exported = [row["slug"] for row in _csv(client.get("/agreements/export.csv", query))]
    events = _event_ids(client.get("/agreements/calendar.ics", query))

    assert shown and len(shown) < 4, query
    assert exported == shown  # the page's order too
    expected = Milestone.objects.filter(agreement__slug__in=shown, deadline__isnull=False).order_by("deadline", "pk")
    assert events == list(expected.values_list("pk", flat=True))


def test_search_page_links_its_csv_and_calendar_with_its_query(client, dataset):
    html = client.get("/agreements/", {"party": "jp", "sort": "title", "page": "1"}).content.decode()
    assert 'href="/agreements/export.csv?party=jp&amp;sort=title"' in html
    assert 'href="/agreements/calendar.ics?party=jp&amp;sort=title"' in html


def test_party_page_rows_are_its_csvs_and_its_calendar(client, dataset):
    page = client.get("/parties/au/")
    html = page.content.decode()
    shown = [agreement.slug for agreement in page.context["agreements"]]
    exported = [row["slug"] for row in _csv(client.get("/agreements/export.csv", {"party": "au"}))]
    assert shown == exported == ["japan-australia-magnets", "japan-australia-lithium"]

    board = [m.pk for m in client.get("/milestones/", {"party": "au"}).context["page"].object_list]
    milestones = [int(row["id"]) for row in _csv(client.get("/milestones/export.csv", {"party": "au"}))]
    calendar = _event_ids(client.get("/parties/au/calendar.ics"))
    assert milestones == board == calendar == _event_ids(client.get("/calendar.ics", {"party": "au"}))
    # The page's late and upcoming lists are among them.
    listed = {m.pk for m in page.context["late"]} | {m.pk for m in page.context["upcoming"]}
    assert listed and listed <= set(milestones)

    assert 'href="/agreements/export.csv?party=au"' in html
    assert 'href="/milestones/export.csv?party=au"' in html
    assert 'href="/parties/au/calendar.ics"' in html


def test_mineral_page_rows_are_its_csv_and_its_calendar(client, dataset):
    page = client.get("/minerals/rare-earths/")
    html = page.content.decode()
    shown = [agreement.slug for agreement in page.context["agreements"]]
    query = {"mineral": "rare-earths"}
    exported = [row["slug"] for row in _csv(client.get("/agreements/export.csv", query))]
    # A group covers its members: the neodymium magnets count for rare earths.
    assert shown == exported == ["us-japan-framework", "japan-australia-magnets", "us-japan-2021"]
    expected = Milestone.objects.filter(agreement__slug__in=shown, deadline__isnull=False).order_by("deadline", "pk")
    assert _event_ids(client.get("/agreements/calendar.ics", query)) == list(expected.values_list("pk", flat=True))

    assert 'href="/agreements/export.csv?mineral=rare-earths"' in html
    assert 'href="/agreements/calendar.ics?mineral=rare-earths"' in html


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/calendar.ics", {"party": "nowhere"}),
        ("/calendar.ics", {"overdue": "maybe"}),
        ("/agreements/calendar.ics", {"mineral": "unobtainium"}),
        ("/agreements/calendar.ics", {"party": "nowhere", "status": "bogus"}),
    ],
)
def test_a_calendar_with_filters_not_understood_is_a_400_naming_them(client, dataset, path, query):
    response = client.get(path, query)
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("No calendar: some filters were not understood.")
    for key in query:
        assert f"\n{key}: " in text


def test_agreement_csv_carries_names_codes_and_the_tables_words(client, dataset):
    rows = {row["slug"]: row for row in _csv(client.get("/agreements/export.csv"))}
    framework = rows["us-japan-framework"]
    assert (framework["parties"], framework["party_names"]) == ("jp;us", "Japan; United States")
    assert (framework["minerals"], framework["mineral_names"]) == ("rare-earths", "Rare earths")
    assert (framework["stages"], framework["stage_names"]) == ("mining;processing", "Mining; Processing")
    assert (framework["kind"], framework["kind_label"]) == ("framework", "Framework")
    assert (framework["status"], framework["status_label"]) == ("signed", "Signed")
    # The table shows "–" and "2 overdue" for it; the CSV says the same.
    assert (framework["next_deadline"], framework["overdue_count"], framework["overdue_text"]) == ("", "2", "2 overdue")
    magnets = rows["japan-australia-magnets"]
    assert (magnets["next_deadline"], magnets["overdue_text"]) == ("2026-06-01", "")
    assert "2 overdue" in client.get("/agreements/").content.decode()


def test_agreement_csv_speaks_the_readers_language(client, dataset):
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    framework = next(row for row in _csv(client.get("/agreements/export.csv")) if row["slug"] == "us-japan-framework")
    html = client.get("/agreements/").content.decode()
    assert framework["overdue_text"] in html and framework["overdue_text"] != "2 overdue"
    assert framework["status_label"] in html and framework["status_label"] != "Signed"


def test_milestone_csv_carries_names_codes_and_the_boards_words(client, dataset):
    rows = {int(row["id"]): row for row in _csv(client.get("/milestones/export.csv"))}
    late = rows[dataset.six_months.pk]
    assert (late["agreement"], late["agreement_title"]) == ("us-japan-framework", "US–Japan framework")
    assert (late["responsible"], late["responsible_name"]) == ("us", "United States")
    assert (late["outcome"], late["outcome_label"]) == ("overdue_no_evidence", "Overdue, no evidence")
    assert late["outcome_text"].startswith("Deadline passed April 28, 2026 · no evidence of delivery found")
    assert (late["overdue"], late["lateness"]) == ("true", "17 days late")
    board = client.get("/milestones/").content.decode()
    assert "17 days late" in board and "Overdue, no evidence" in board
    joint = rows[dataset.days_180.pk]
    assert (joint["responsible"], joint["responsible_name"]) == ("", "")
    done = rows[dataset.done.pk]
    assert (done["outcome_label"], done["overdue"], done["lateness"]) == ("Met on time", "false", "")


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\t=1+1", "\r=1+1"])
def test_board_and_party_exports_defuse_formulas(client, dataset, text):
    Milestone.objects.filter(pk=dataset.due_soon.pk).update(title=text, responsible=dataset.au)
    type(dataset.au).objects.filter(pk=dataset.au.pk).update(name=text)

    milestones = {int(row["id"]): row for row in _csv(client.get("/milestones/export.csv", {"party": "au"}))}
    (lithium,) = _csv(client.get("/agreements/export.csv", {"party": "au", "mineral": "lithium"}))

    assert milestones[dataset.due_soon.pk]["title"] == f"'{text}"
    assert milestones[dataset.due_soon.pk]["responsible_name"] == f"'{text}"
    assert f"'{text}" in lithium["party_names"].split("; ") or lithium["party_names"].startswith(f"'{text}")


def test_api_csv_of_agreements_names_the_parties_as_the_page_csv_does(client, dataset):
    api = {row["slug"]: row for row in _csv(client.get("/api/agreements/", {"format": "csv"}))}
    page = {row["slug"]: row for row in _csv(client.get("/agreements/export.csv"))}
    assert set(api) == set(page)
    for slug, row in page.items():
        assert (api[slug]["parties"], api[slug]["party_names"]) == (row["parties"], row["party_names"]), slug
        assert (api[slug]["next_deadline"], api[slug]["overdue_count"]) == (row["next_deadline"], row["overdue_count"])
    assert api["us-japan-framework"]["party_names"] == "Japan; United States"
