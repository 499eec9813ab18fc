"""iCalendar subscriptions and the Atom feed, parsed back with real parsers."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_calendar_holds_every_deadline_as_an_all_day_event(client, dataset):
    found = events(client.get("/calendar.ics"))
    assert set(found) == {
        "[OVERDUE] Financial support measures (US–Japan framework)",
        "[OVERDUE] Investment ministerial (US–Japan framework)",
        "Stockpile review (Invented Japan–Australia magnet partnership)",
        "[Met on time] Joint study published (Invented Japan–Australia lithium memorandum)",
    }
    six_months = found["[OVERDUE] Financial support measures (US–Japan framework)"]
    assert six_months.decoded("dtstart") == datetime.date(2026, 4, 28)
    assert six_months.decoded("dtend") == datetime.date(2026, 4, 29)
    assert str(six_months["uid"]) == f"milestone-{dataset.six_months.pk}@minerals-tracker"
    assert str(six_months["url"]) == f"http://testserver/milestones/{dataset.six_months.pk}/"
    assert "Responsible: United States" in str(six_months["description"])
    # The description opens with the outcome in plain words.
    assert str(six_months["description"]).splitlines()[0] == (
        "Deadline passed April 28, 2026 · no evidence of delivery found · last checked May 10, 2026"
    )
    assert "Responsible: the parties jointly" in str(
        found["[OVERDUE] Investment ministerial (US–Japan framework)"]["description"]
    )
    assert [str(c) for c in six_months["categories"].cats] == ["overdue_no_evidence", "pending"]
    ministerial = found["[OVERDUE] Investment ministerial (US–Japan framework)"]
    assert ministerial.decoded("dtstart") == datetime.date(2026, 4, 26)  # 180 days, not six months


def test_agreement_calendar_holds_only_its_deadlines(client, dataset):
    found = events(client.get("/agreements/japan-australia-magnets/calendar.ics"))
    assert list(found) == ["Stockpile review (Invented Japan–Australia magnet partnership)"]
    calendar = icalendar.Calendar.from_ical(client.get("/agreements/japan-australia-magnets/calendar.ics").content)
    assert str(calendar["x-wr-calname"]) == "Minerals Tracker: Invented Japan–Australia magnet partnership"


def test_party_calendar_holds_its_agreements_and_responsibilities(client, dataset):
    assert set(events(client.get("/parties/au/calendar.ics"))) == {
        "Stockpile review (Invented Japan–Australia magnet partnership)",
        "[Met on time] Joint study published (Invented Japan–Australia lithium memorandum)",
    }
    assert len(events(client.get("/parties/us/calendar.ics"))) == 2


def test_calendar_of_unknown_agreement_is_a_404(client, dataset):
    assert client.get("/agreements/nothing/calendar.ics").status_code == 404


def test_atom_feed_lists_new_agreements_and_newly_overdue_milestones(client, dataset):
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert "Overdue: Investment ministerial (US–Japan framework)" in titles
    assert "New agreement: US–Japan framework" in titles
    assert len(titles) == 7  # four agreements, one flagged milestone, two evidence items
    overdue = next(e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text.startswith("Overdue"))
    link = overdue.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/milestones/{dataset.days_180.pk}/"
    assert "2026-04-26" in overdue.find(f"{ATOM}summary").text


def test_feed_is_advertised_on_every_page(client, dataset):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feed.atom"' in html


# --- hostile records: the last date there is, line breaks and control characters ----------

CALENDAR_PATHS = ["/calendar.ics", "/agreements/us-japan-framework/calendar.ics", "/parties/us/calendar.ics"]


@pytest.mark.parametrize("path", CALENDAR_PATHS)
def test_a_deadline_on_the_last_representable_day_is_a_one_day_event(client, dataset, path):
    from tests.factories import MilestoneFactory

    MilestoneFactory(agreement=dataset.framework, title="End of days", due_on=datetime.date(9999, 12, 31))
    found = events(client.get(path))
    last = found["End of days (US–Japan framework)"]
    assert last.decoded("dtstart") == datetime.date(9999, 12, 31)
    # No DTEND: 10000-01-01 is no date; RFC 5545 3.6.1 makes a DATE start alone last one day.
    assert "dtend" not in last and "duration" not in last
    assert found["[OVERDUE] Investment ministerial (US–Japan framework)"].decoded("dtend") == datetime.date(2026, 4, 27)


LINE_BREAKS = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}


@pytest.mark.parametrize("line_break", LINE_BREAKS.values(), ids=LINE_BREAKS.keys())
def test_line_breaks_and_controls_in_names_and_titles_give_a_valid_calendar(client, dataset, line_break):
    from agreements.models import Agreement, Milestone, Party

    Agreement.objects.filter(pk=dataset.framework.pk).update(
        title=f"Framework{line_break}on rare earths", short_title=f"US–Japan{line_break}framework\x1b"
    )
    Party.objects.filter(pk=dataset.us.pk).update(name=f"United{line_break}States")
    Milestone.objects.filter(pk=dataset.six_months.pk).update(
        title=f"Financial{line_break}support\tmeasures", commitment_text=f"First line{line_break}second line\x07"
    )
    for path in CALENDAR_PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content
        assert b"\r" not in body.replace(b"\r\n", b""), path  # no bare CR
        assert b"\n" not in body.replace(b"\r\n", b""), path  # no bare LF
        assert not any(byte < 0x20 for byte in body.replace(b"\r\n", b"")), path  # no control character
        calendar = icalendar.Calendar.from_ical(body)
        assert len(calendar.walk("VEVENT")) > 0, path
    names = {
        path: str(icalendar.Calendar.from_ical(client.get(path).content)["x-wr-calname"])
        for path in ["/agreements/us-japan-framework/calendar.ics", "/parties/us/calendar.ics"]
    }
    assert names == {
        "/agreements/us-japan-framework/calendar.ics": "Minerals Tracker: US–Japan framework",
        "/parties/us/calendar.ics": "Minerals Tracker: United States",
    }
    found = events(client.get("/parties/us/calendar.ics"))
    event = found["[OVERDUE] Financial support measures (US–Japan framework)"]
    assert str(event["description"]).splitlines() == [
        "Deadline passed April 28, 2026 · no evidence of delivery found · last checked May 10, 2026",
        "Framework on rare earths",
        "First line",
        "second line",
        "Responsible: United States",
        "Status: Pending",
    ]
