"""Was the promise kept? The milestone page, outcomes on the board, scorecards whose numbers open
exactly their milestones, money split by payer and firmness, the feed's evidence entries.

Today is 2026-05-15 (`pinned_today`). Invented data.
"""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.core.cache import cache
from django.utils import translation

from agreements.choices import (
    AmountQualifier,
    DeadlineAnchor,
    EvidenceGrade,
    EvidenceVerdict,
    Firmness,
    InstrumentKind,
    MilestoneKind,
    Outcome,
)
from agreements.models import Milestone, ReportedAmount
from agreements.outcome_text import describe_outcome
from agreements.services.evidence import evidence_create
from tests.factories import InstrumentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 15)
ATOM = "{http://www.w3.org/2005/Atom}"


def add_evidence(milestone, **fields):
    data = {
        "milestone": milestone,
        "occurred_on": datetime.date(2026, 3, 1),
        "summary": "Something happened.",
        "verdict": EvidenceVerdict.RELATED,
        "grade": EvidenceGrade.PRIMARY,
        "source_url": "https://example.org/statement",
        "source_title": "A statement",
        **fields,
    }
    return evidence_create(data=data, today=TODAY)


def text_of(response) -> str:
    """The page's text with tags removed and white space collapsed."""
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return text.replace(" ,", ",").replace(" :", ":")


# --- the sentences -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        (
            {
                "outcome": Outcome.OVERDUE_NO_EVIDENCE,
                "deadline": datetime.date(2026, 4, 26),
                "days_late": 19,
                "last_checked_on": datetime.date(2026, 12, 1),
            },
            "Deadline passed April 26, 2026 · no evidence of delivery found · last checked Dec. 1, 2026",
        ),
        (
            {"outcome": Outcome.OVERDUE_NO_EVIDENCE, "deadline": datetime.date(2026, 4, 26), "days_late": 19},
            "Deadline passed April 26, 2026 · no evidence of delivery found · not checked yet",
        ),
        (
            {
                "outcome": Outcome.MET_LATE,
                "deadline": datetime.date(2026, 1, 28),
                "days_late": 49,
                "fulfilled_on": datetime.date(2026, 3, 18),
            },
            "Met 49 days late (fulfilled March 18, 2026)",
        ),
        (
            {
                "outcome": Outcome.MET_LATE,
                "deadline": datetime.date(2026, 3, 17),
                "days_late": 1,
                "fulfilled_on": datetime.date(2026, 3, 18),
            },
            "Met 1 day late (fulfilled March 18, 2026)",
        ),
        (
            {
                "outcome": Outcome.MET_ON_TIME,
                "deadline": datetime.date(2026, 4, 28),
                "days_late": 0,
                "fulfilled_on": datetime.date(2026, 4, 28),
            },
            "Met on time (fulfilled April 28, 2026, deadline April 28, 2026)",
        ),
        ({"outcome": Outcome.NOT_YET_DUE, "deadline": datetime.date(2026, 5, 27)}, "Not yet due · 12 days left"),
        ({"outcome": Outcome.NOT_YET_DUE, "deadline": TODAY}, "Not yet due · due today"),
        (
            {"outcome": Outcome.WAITING, "anchor": DeadlineAnchor.ENTRY_INTO_FORCE},
            "No date yet: counts from entry into force, which has not happened",
        ),
        ({"outcome": Outcome.ACTIVE, "deadline": datetime.date(2026, 11, 10)}, "Measure active until Nov. 10, 2026"),
        ({"outcome": Outcome.ENDED, "deadline": datetime.date(2026, 5, 10)}, "Ended May 10, 2026"),
        (
            {
                "outcome": Outcome.PARTLY_MET,
                "deadline": datetime.date(2026, 4, 1),
                "days_late": 5,
                "partly_fulfilled_on": datetime.date(2026, 4, 6),
            },
            "Partly met (part delivered April 6, 2026, 5 days after the deadline)",
        ),
        (
            {"outcome": Outcome.MISSED, "deadline": datetime.date(2026, 4, 1), "days_late": 44},
            "Missed · deadline passed April 1, 2026 · the evidence says it was not delivered",
        ),
        (
            {"outcome": Outcome.MISSED, "deadline": datetime.date(2026, 9, 1)},
            "Missed · the evidence says it will not be delivered by Sept. 1, 2026",
        ),
        ({"outcome": Outcome.CANCELLED}, "Cancelled: no longer expected"),
    ],
)
def test_each_outcome_reads_as_one_plain_sentence(fields, sentence):
    with translation.override("en"):
        assert describe_outcome(today=TODAY, **fields) == sentence


def test_the_sentence_is_german_on_german_pages():
    with translation.override("de"):
        sentence = describe_outcome(outcome=Outcome.ENDED, today=TODAY, deadline=datetime.date(2026, 5, 10))
    assert "10. Mai 2026" in sentence


# --- the milestone page ------------------------------------------------------------------


def test_milestone_page_states_wording_clock_outcome_and_evidence(client, dataset):
    Milestone.objects.filter(pk=dataset.six_months.pk).update(
        commitment_text="within six months of signing", description="Support measures for projects."
    )
    add_evidence(
        dataset.six_months,
        occurred_on=datetime.date(2026, 5, 1),
        summary="The ministry announced a draft.",
        source_title="Draft announced",
        source_publisher="Invented Ministry",
        source_published_on=datetime.date(2026, 5, 2),
        source_accessed_on=datetime.date(2026, 5, 3),
        note="A draft is not the measure.",
    )
    response = client.get(f"/milestones/{dataset.six_months.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "within six months of signing" in text and "Support measures for projects." in text
    assert "Counts from Signing · Oct. 28, 2025" in text
    assert "6 months after signing" in text
    assert "Deadline April 28, 2026" in text
    # The evidence added today is an editor's look: "last checked" follows it.
    assert "Deadline passed April 28, 2026 · no evidence of delivery found · last checked May 15, 2026" in text
    assert "Overdue, no evidence" in text and "17 days late" in text
    # Newest first, with the source linked and graded; the secondary one is marked.
    items = response.context["evidence"]
    assert [item.occurred_on for item in items] == [datetime.date(2026, 5, 1), datetime.date(2026, 3, 2)]
    html = response.content.decode()
    assert '<a href="https://example.org/statement" rel="noopener noreferrer">Draft announced</a>' in html
    assert "Invented Ministry · published May 2, 2026 · accessed May 3, 2026" in text
    assert "A draft is not the measure." in text
    assert text.count("Secondary source") == 1 and text.count("Primary source") == 1
    assert 'href="/agreements/us-japan-framework/"' in html
    assert 'href="/parties/us/"' in html  # responsible
    assert "Change history" in text and "Created" in text


def test_milestone_without_responsible_party_is_the_parties_jointly(client, dataset):
    text = text_of(client.get(f"/milestones/{dataset.days_180.pk}/"))
    assert "Responsible the parties jointly Japan, United States" in text
    assert "180 days after signing" in text


def test_milestone_met_late_says_how_late_and_when(client, dataset):
    milestone = MilestoneFactory(agreement=dataset.framework, title="Early talks", due_on=datetime.date(2026, 1, 28))
    add_evidence(milestone, occurred_on=datetime.date(2026, 3, 18), verdict=EvidenceVerdict.FULFILS)
    text = text_of(client.get(f"/milestones/{milestone.pk}/"))
    assert "Met late" in text and "Met 49 days late (fulfilled March 18, 2026)" in text
    assert "Late ·" not in text  # met: no longer flagged


def test_milestone_counting_from_entry_into_force_not_yet_has_no_date(client, dataset):
    milestone = Milestone.objects.create(
        agreement=dataset.framework,
        title="Working group",
        anchor=DeadlineAnchor.ENTRY_INTO_FORCE,
        offset_months=6,
    )
    assert milestone.deadline is None
    text = text_of(client.get(f"/milestones/{milestone.pk}/"))
    assert "Counts from Entry into force · has not happened yet" in text
    assert "6 months after entry into force" in text
    assert "No date yet: counts from entry into force, which has not happened" in text
    # The calendars leave it out (no day to show) rather than failing.
    assert client.get("/calendar.ics").status_code == 200
    board = client.get("/milestones/", {"outcome": "waiting"})
    assert [m.title for m in board.context["page"].object_list] == ["Working group"]


def test_expiry_reads_active_until_then_ended(client, dataset):
    active = MilestoneFactory(
        agreement=dataset.magnets,
        title="Export suspension",
        kind=MilestoneKind.EXPIRY,
        due_on=datetime.date(2026, 11, 10),
    )
    ended = MilestoneFactory(
        agreement=dataset.magnets, title="Term sheet", kind=MilestoneKind.EXPIRY, due_on=datetime.date(2026, 5, 10)
    )
    assert "Measure active until Nov. 10, 2026" in text_of(client.get(f"/milestones/{active.pk}/"))
    assert "Ended May 10, 2026" in text_of(client.get(f"/milestones/{ended.pk}/"))
    root = ET.fromstring(client.get("/feed.atom").content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert "Ended: Term sheet (Invented Japan–Australia magnet partnership)" in titles
    assert not any("Export suspension" in title for title in titles)


def test_unknown_milestone_is_a_404(client, dataset):
    assert client.get("/milestones/999999/").status_code == 404


def test_history_names_the_editor_only_to_staff(client, dataset, admin_user, reader):
    from agreements.services import milestone_update

    milestone = Milestone.objects.get(pk=dataset.due_soon.pk)
    milestone._history_user = admin_user
    milestone_update(milestone=milestone, data={"title": "Stockpile review (renamed)"})
    path = f"/milestones/{milestone.pk}/"
    anonymous = text_of(client.get(path))
    assert "Title: Stockpile review → Stockpile review (renamed)" in anonymous
    assert admin_user.get_username() not in anonymous
    client.force_login(reader)
    assert admin_user.get_username() not in text_of(client.get(path))
    client.force_login(admin_user)
    assert admin_user.get_username() in text_of(client.get(path))


# --- the board -----------------------------------------------------------------------------


def test_board_shows_outcomes_with_shape_and_words_and_links_each_milestone(client, dataset):
    html = client.get("/milestones/").content.decode()
    for milestone in (dataset.six_months, dataset.days_180, dataset.due_soon, dataset.done):
        assert f'href="/milestones/{milestone.pk}/"' in html
    badge = re.search(r'<span class="badge outcome outcome-met_on_time">(.*?)</span>\s*</td>', html, re.S)
    assert badge is not None
    assert '<span class="outcome-shape" aria-hidden="true">✓</span> Met on time' in badge.group(0)
    assert html.count("outcome-overdue_no_evidence") == 2
    assert html.count('class="is-late"') == 2  # "late" stays the overdue flag


def test_board_filters_by_outcome_kind_joint_and_due(client, dataset):
    def titles(**query):
        return [m.title for m in client.get("/milestones/", query).context["page"].object_list]

    assert titles(outcome="met_on_time") == ["Joint study published"]
    assert titles(outcome=["overdue_no_evidence", "not_yet_due"]) == [
        "Investment ministerial",
        "Financial support measures",
        "Stockpile review",
    ]
    assert titles(joint="us") == ["Investment ministerial"]
    assert titles(responsible="us") == ["Financial support measures"]
    assert titles(due="true") == ["Joint study published", "Investment ministerial", "Financial support measures"]
    assert titles(due="false") == ["Stockpile review"]
    MilestoneFactory(
        agreement=dataset.magnets, title="Review", kind=MilestoneKind.REVIEW, due_on=datetime.date(2026, 7, 1)
    )
    assert titles(kind="review") == ["Review"]
    assert len(titles(kind="commitment")) == 4


def test_board_rejects_unknown_outcome_and_party_without_a_500(client, dataset):
    response = client.get("/milestones/", {"outcome": "kept-ish", "joint": "zz"})
    assert response.status_code == 200
    assert set(response.context["filterset"].errors) == {"outcome", "joint"}


def test_board_export_carries_the_filters_and_the_outcomes(client, dataset):
    html = client.get("/milestones/", {"outcome": "overdue_no_evidence", "kind": "commitment"}).content.decode()
    assert 'href="/milestones/export.csv?outcome=overdue_no_evidence&amp;kind=commitment"' in html
    response = client.get("/milestones/export.csv", {"outcome": "overdue_no_evidence", "kind": "commitment"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["title"] for row in rows] == ["Investment ministerial", "Financial support measures"]
    assert rows[1]["outcome"] == "overdue_no_evidence" and rows[1]["days_late"] == "17"
    assert rows[1]["outcome_text"].startswith("Deadline passed April 28, 2026 · no evidence of delivery found")
    assert rows[1]["overdue"] == "true" and rows[1]["responsible"] == "us"
    assert rows[1]["url"] == f"http://testserver/milestones/{dataset.six_months.pk}/"
    bad = client.get("/milestones/export.csv", {"outcome": "nope"})
    assert bad.status_code == 400 and "outcome" in bad.content.decode()


def test_board_keeps_filters_it_has_no_field_for_in_the_form_and_as_chips(client, dataset):
    html = client.get(
        "/milestones/", {"joint": "us", "kind": "commitment", "outcome": "overdue_no_evidence"}
    ).content.decode()
    assert '<input type="hidden" name="joint" value="us">' in html
    assert 'href="?kind=commitment&amp;outcome=overdue_no_evidence"' in html  # the chip removes it


# --- scorecards: every number opens exactly its milestones ---------------------------------


def board_count(client, url: str) -> int:
    cache.clear()  # rendered, not sent from the read cache: the test reads the page's context
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.context["filterset"].errors, url
    return response.context["page"].paginator.count


def tiles(html: str) -> list[tuple[str, int]]:
    """(link, number) of every scorecard tile and summary link on a page."""
    found = re.findall(r'<a href="(/milestones/\?[^"]+)"><span class="score-number">(\d+)</span>', html)
    return [(unescape(url), int(n)) for url, n in found]


def test_party_scorecard_counts_responsible_and_joint_apart_and_links_them(client, dataset):
    response = client.get("/parties/us/")
    responsible, joint = response.context["scorecards"]
    assert responsible["attribution"] == "responsible" and joint["attribution"] == "joint"
    counts = {row["outcome"]: row["count"] for row in responsible["rows"]}
    assert counts["overdue_no_evidence"] == 1 and sum(counts.values()) == 1
    html = response.content.decode()
    assert "Named responsible: United States" in html and "Jointly, with the other parties" in html
    found = tiles(html)
    shown = [row for card in (responsible, joint) for row in card["rows"] if row["always"] or row["count"]]
    assert len(found) == len(shown) >= 12
    for url, number in found:
        assert board_count(client, url) == number, url
    assert "/milestones/?responsible=us&kind=commitment&outcome=overdue_no_evidence" in [url for url, _ in found]
    assert "/milestones/?joint=us&kind=commitment&outcome=overdue_no_evidence" in [url for url, _ in found]


def test_agreement_scorecard_numbers_open_their_milestones(client, dataset):
    MilestoneFactory(
        agreement=dataset.framework, title="Expiry", kind=MilestoneKind.EXPIRY, due_on=datetime.date(2026, 9, 1)
    )
    response = client.get("/agreements/us-japan-framework/")
    card = response.context["scorecard"]
    assert card.counts[Outcome.OVERDUE_NO_EVIDENCE] == 2 and card.total == 2  # the expiry is not counted
    html = response.content.decode()
    for url, number in tiles(html):
        assert board_count(client, url) == number, url
    summary = response.context["scorecard_summary"]
    assert board_count(client, summary["due_url"]) == summary["due"] == 2
    assert board_count(client, summary["total_url"]) == 2


def test_comparison_numbers_open_their_milestones(client, dataset):
    html = client.get("/parties/compare/", {"party": ["us", "jp", "au"]}).content.decode()
    cells = re.findall(r'<td class="num[^"]*"><a href="(/milestones/\?[^"]+)">(\d+)</a>', html)
    assert len(cells) >= 3 * 2 * 7  # parties × attributions × (six outcomes, due); kept on time where due
    for url, number in cells:
        assert board_count(client, unescape(url)) == int(number), url


# --- money: by payer and firmness, qualifiers kept, sources side by side -------------------


@pytest.fixture
def money(dataset):
    loan = dataset.framework.instruments.get(name="Project loans")
    loan.payer, loan.firmness, loan.amount_qualifier = dataset.us, Firmness.FIRM, AmountQualifier.AT_LEAST
    loan.save()
    ReportedAmount.objects.create(
        instrument=loan,
        amount=1_000_000_000,
        currency="USD",
        amount_qualifier=AmountQualifier.AT_LEAST,
        source_url="https://example.org/white-house",
        source_title="Fact sheet",
        source_publisher="White House",
    )
    ReportedAmount.objects.create(
        instrument=loan,
        amount=3_500_000_000,
        currency="USD",
        source_title="Press report",
        source_publisher="Newswire",
        note="Counts the partner's share too.",
    )
    pledge = InstrumentFactory(
        agreement=dataset.framework,
        name="Guarantee window",
        kind=InstrumentKind.GUARANTEE,
        amount=100_000_000,
        currency="USD",
        amount_qualifier=AmountQualifier.UP_TO,
        payer=dataset.us,
        firmness=Firmness.PLEDGE,
    )
    other = InstrumentFactory(
        agreement=dataset.framework,
        name="Equity stake",
        kind=InstrumentKind.EQUITY,
        amount=5_000_000,
        currency="USD",
        payer=dataset.us,
        firmness=Firmness.FIRM,
    )
    unnamed = InstrumentFactory(
        agreement=dataset.magnets,
        name="Magnet fund",
        kind=InstrumentKind.GRANT,
        amount=7_000_000,
        currency="AUD",
    )
    return {"loan": loan, "pledge": pledge, "other": other, "unnamed": unnamed}


def test_comparison_money_is_split_by_payer_firmness_and_qualifier(client, dataset, money):
    response = client.get("/parties/compare/", {"party": ["us", "au"]})
    rows = {
        (row["firmness"], row["currency"], row["qualifier"]): row["cells"] for row in response.context["money"]["rows"]
    }
    assert set(rows) == {("firm", "USD", "at_least"), ("firm", "USD", "exact"), ("pledge", "USD", "up_to")}
    au, us = rows["firm", "USD", "at_least"]
    assert au is None and us["total"].total == 1_000_000_000
    assert [i.name for i in us["instruments"]] == ["Project loans"]
    assert rows["firm", "USD", "exact"][1]["total"].total == 5_000_000  # never added to "at least"
    text = text_of(response)
    assert "at least 1,000,000,000 USD" in text and "up to 100,000,000 USD" in text and "5,000,000 USD" in text
    # Money with no payer named is credited to nobody, listed under the party whose agreement holds it.
    assert [[i.name for i in parts] for parts in response.context["money"]["unattributed"]] == [["Magnet fund"], []]
    assert f'href="/agreements/us-japan-framework/#instrument-{money["loan"].pk}"' in response.content.decode()


def test_agreement_page_shows_payer_firmness_and_every_reported_amount(client, dataset, money):
    response = client.get("/agreements/us-japan-framework/")
    text = text_of(response)
    assert "Project loans Loan or debt finance United States Firm commitment at least 1,000,000,000 USD" in text
    assert "at least 1,000,000,000 USD Fact sheet · White House" in text
    assert "3,500,000,000 USD Press report · Newswire · Counts the partner's share too." in text
    assert "Guarantee window" in text and "Pledge" in text and "up to 100,000,000 USD" in text


def test_agreement_page_shows_the_implementation_test(client, dataset):
    response = client.get("/agreements/us-japan-framework/")
    assert response.context["agreement"].implementation == {
        "projects": 1,
        "permits_granted": 1,
        "offtake_signed": 0,
        "environment_approved": 1,
        "capital_cost_stated": 0,
    }
    text = text_of(response)
    assert "Of the 1 project it supports:" in text
    assert "1 of 1 have permits granted" in text and "0 of 1 have an offtake contract signed" in text
    assert "1 of 1 have the environmental review approved" in text and "0 of 1 have a stated capital cost" in text
    other = text_of(client.get("/agreements/us-japan-2021/"))
    assert "No projects linked yet, so the test" in other


def test_agreement_page_milestones_and_timeline_show_outcomes(client, dataset):
    response = client.get("/agreements/japan-australia-lithium/")
    text = text_of(response)
    assert "Met on time (fulfilled Dec. 1, 2022, deadline Jan. 1, 2023)" in text
    assert [point.css for point in response.context["timeline"].points] == ["completed"]
    assert f'href="/milestones/{dataset.done.pk}/"' in response.content.decode()


# --- the feed ------------------------------------------------------------------------------


def test_feed_lists_new_evidence_and_outcome_changes(client, dataset):
    add_evidence(
        dataset.days_180,
        occurred_on=datetime.date(2026, 5, 12),
        verdict=EvidenceVerdict.FULFILS,
        summary="The ministerial met in Tokyo.",
    )
    root = ET.fromstring(client.get("/feed.atom").content)
    entries = {entry.find(f"{ATOM}title").text: entry for entry in root.findall(f"{ATOM}entry")}
    change = entries["Outcome changed: Investment ministerial (US–Japan framework): Overdue, no evidence → Met late"]
    assert (
        change.find(f"{ATOM}link")
        .get("href")
        .startswith(f"http://testserver/milestones/{dataset.days_180.pk}/#evidence-")
    )
    summary = change.find(f"{ATOM}summary").text
    assert (
        "2026-05-12: The ministerial met in Tokyo." in summary
        and "Met 16 days late (fulfilled May 12, 2026)" in summary
    )
    assert "New evidence: Financial support measures (US–Japan framework): Related, does not fulfil" in entries


def test_agreement_history_names_the_editor_only_to_staff(client, dataset, admin_user, reader):
    from agreements.services import agreement_update

    agreement = Milestone.objects.get(pk=dataset.due_soon.pk).agreement
    agreement._history_user = admin_user
    agreement_update(agreement=agreement, data={"summary": "Renamed summary for the history test."})
    path = agreement.get_absolute_url()
    assert admin_user.get_username() not in text_of(client.get(path))
    client.force_login(reader)
    assert admin_user.get_username() not in text_of(client.get(path))
    client.force_login(admin_user)
    assert admin_user.get_username() in text_of(client.get(path))
