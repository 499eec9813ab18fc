"""The analysts' paths in real headless Chromium (Playwright), against a live server.

Each test saves screenshots to test-artifacts/ (ARTIFACTS_DIR) so that people can look at them.
"""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ARTIFACTS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = {
    "dashboard": "/",
    "agreements": "/agreements/",
    "agreement-detail": "/agreements/us-japan-framework/",
    "deadlines": "/milestones/",
    "party": "/parties/jp/",
    "mineral": "/minerals/rare-earths/",
    "stage": "/stages/processing/",
    "project": "/projects/nolans-invented/",
    "compare": "/parties/compare/?party=us&party=jp&party=au",
    "parties": "/parties/",
}


def shot(page: Page, name: str) -> None:
    os.makedirs(ARTIFACTS_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS_DIR, f"{name}.png"), full_page=True)


def result_titles(page: Page) -> list[str]:
    return page.locator(".agreement-table a.row-title").all_inner_texts()


def test_search_finds_an_agreement(page: Page, live_server, dataset, console_errors):
    page.goto(f"{live_server.url}/agreements/")
    page.get_by_label("Search agreements").fill("magnets")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"\?q=magnets"))
    assert result_titles(page) == ["Invented Japan–Australia magnet partnership"]
    expect(page.get_by_role("heading", name="1 agreement")).to_be_visible()
    assert console_errors == []


def test_combine_two_facets_then_open_the_detail_and_see_the_timeline(page: Page, live_server, dataset, console_errors):
    page.goto(f"{live_server.url}/agreements/")
    page.locator('.facet-option[data-facet="party"][data-value="jp"]').click()
    page.locator('.facet-option[data-facet="mineral"][data-value="rare-earths"]').click()
    expect(page).to_have_url(re.compile(r"party=jp.*mineral=rare-earths"))
    # Neodymium belongs to the rare-earths group, so the magnet partnership counts too.
    assert result_titles(page) == [
        "US–Japan framework",
        "Invented Japan–Australia magnet partnership",
        "Invented US–Japan rare earth statement",
    ]
    expect(page.locator(".chips")).to_contain_text("Party: Japan")
    shot(page, "agreements-japan-rare-earths")

    page.get_by_role("link", name="US–Japan framework", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invented US–Japan framework on rare earths")
    timeline = page.get_by_role("img", name="Timeline from signing through every milestone to today")
    expect(timeline).to_be_visible()
    # The horizontal drawing at this width (the vertical one, for phones, is hidden).
    expect(page.locator(".timeline-h .tl-point.tl-late")).to_have_count(2)
    expect(page.locator(".timeline-h .tl-today")).to_have_count(1)
    expect(page.locator("tr.is-late")).to_have_count(2)
    expect(page.locator("#milestones ~ .table-wrap")).to_contain_text("19 days late")
    assert console_errors == []


def test_switch_to_german(page: Page, live_server, dataset, console_errors):
    page.goto(f"{live_server.url}/milestones/?overdue=true")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fristenübersicht")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_contain_text("Fristen")
    expect(page.locator("main")).to_contain_text("19 Tage überfällig")
    expect(page.locator("main")).to_contain_text("26. April 2026")
    assert "overdue=true" in page.url  # the switch keeps the page and its filters
    shot(page, "deadlines-de")
    page.goto(f"{live_server.url}/agreements/us-japan-framework/")
    expect(page.locator("main")).to_contain_text("Instrumente nach Wertschöpfungsstufe")
    expect(page.locator("main")).to_contain_text("1.000.000.000 USD")
    shot(page, "agreement-detail-de")
    assert console_errors == []


def test_calendar_subscribe_links_are_present(page: Page, live_server, dataset):
    page.goto(f"{live_server.url}/")
    link = page.get_by_role("link", name="Subscribe to all deadlines (iCalendar)")
    expect(link).to_have_attribute("href", "/calendar.ics")
    page.goto(f"{live_server.url}/agreements/us-japan-framework/")
    expect(page.get_by_role("link", name="Subscribe to its deadlines")).to_have_attribute(
        "href", "/agreements/us-japan-framework/calendar.ics"
    )
    response = page.request.get(f"{live_server.url}/agreements/us-japan-framework/calendar.ics")
    assert response.ok
    assert response.text().startswith("BEGIN:VCALENDAR")


def test_deadline_board_answers_what_is_due_next_month(page: Page, live_server, dataset, console_errors):
    page.goto(f"{live_server.url}/milestones/")
    page.get_by_label("Due within").select_option("30")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"due_within=30"))
    expect(page.locator(".milestone-table tbody tr")).to_have_count(1)
    expect(page.locator(".milestone-table")).to_contain_text("Stockpile review")
    expect(page.locator(".milestone-table")).to_contain_text("Not yet due · 17 days left")
    assert console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_main_pages_render_without_errors_and_fit_the_width(page: Page, live_server, dataset, console_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in MAIN_PAGES.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px"
        shot(page, f"{name}-{width}")
    assert console_errors == []


def test_keyboard_user_can_skip_to_content(page: Page, live_server, dataset):
    page.goto(f"{live_server.url}/agreements/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_signed_in_analyst_watches_an_agreement(page: Page, live_server, dataset, django_user_model):
    django_user_model.objects.create_user("analyst", "analyst@example.org", "analyst-password-123")
    page.goto(f"{live_server.url}/agreements/us-japan-framework/")
    page.get_by_role("button", name="Sign in to watch").click()
    page.get_by_label("User name").fill("analyst")
    page.get_by_label("Password").fill("analyst-password-123")
    page.get_by_role("button", name="Sign in").click()
    # Back on the agreement, already watching it: the click before signing in was kept.
    expect(page).to_have_url(re.compile(r"/agreements/us-japan-framework/$"))
    expect(page.get_by_role("status")).to_contain_text("You watch")
    expect(page.get_by_role("button", name=re.compile("Stop watching"))).to_be_visible()


# The parts issue #11 added: the outcome box, the evidence trail, scorecards, the money table and
# the comparison's scorecards and money; none may need sideways scrolling (a table's own
# scroll box, .table-wrap, may).
NEW_PARTS = [".outcome-box", ".evidence-trail", ".scorecard", ".money-table", ".implementation", ".compare-table"]


@pytest.mark.parametrize("width", [1280, 390])
def test_outcome_pages_fit_the_width(page: Page, live_server, dataset, console_errors, width):
    from agreements.choices import EvidenceVerdict
    from tests.factories import EvidenceFactory

    EvidenceFactory(
        milestone=dataset.days_180,
        verdict=EvidenceVerdict.PARTLY_FULFILS,
        source_url="https://example.org/" + "a-very-long-path-segment-" * 8,
        note="See https://example.org/" + "another-long-unbroken-address-" * 6,
    )
    page.set_viewport_size({"width": width, "height": 900})
    paths = {
        "milestone": f"/milestones/{dataset.days_180.pk}/",
        "agreement-outcomes": "/agreements/us-japan-framework/",
        "compare-outcomes": "/parties/compare/?party=us&party=jp&party=au",
    }
    for name, path in paths.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px"
        for selector in NEW_PARTS:
            for box in page.locator(selector).all():
                right = box.evaluate("el => el.getBoundingClientRect().right")
                assert right <= width, f"{selector} on {path} reaches {right}px at {width}px"
        shot(page, f"{name}-{width}")
    page.goto(f"{live_server.url}{paths['milestone']}")
    expect(page.locator(".outcome-box .badge.outcome")).to_have_text(re.compile("Partly met"))
    expect(page.locator(".evidence-trail > li")).to_have_count(1)
    assert console_errors == []


def test_a_scorecard_number_opens_its_milestones(page: Page, live_server, dataset, console_errors):
    page.goto(f"{live_server.url}/parties/us/")
    tile = page.locator(".score-tile.outcome-overdue_no_evidence a").first
    expect(tile.locator(".score-number")).to_have_text("1")
    tile.click()
    expect(page).to_have_url(re.compile(r"/milestones/\?responsible=us&kind=commitment&outcome=overdue_no_evidence"))
    expect(page.locator(".milestone-table tbody tr")).to_have_count(1)
    expect(page.locator(".milestone-table")).to_contain_text("Financial support measures")
    page.get_by_role("link", name="Financial support measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financial support measures")
    expect(page.locator(".outcome-sentence")).to_contain_text("no evidence of delivery found")
    assert console_errors == []
