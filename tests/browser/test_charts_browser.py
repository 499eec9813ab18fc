"""The charts and the map in real headless Chromium: they draw (SVG, one series per kind or
outcome), name a party on hover and on keyboard focus, open a party on click, switch measure,
and raise no CSP or script error."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import csp_errors
from tests.browser.test_pages_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chart_state(page: Page, selector: str) -> dict:
    """What ECharts drew in the element: the renderer's SVG, the series and their names."""
    return page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            const chart = echarts.getInstanceByDom(element);
            const option = chart.getOption();
            return {
                svg: element.querySelectorAll("svg").length,
                series: option.series.map((s) => s.name || s.type),
                label: element.getAttribute("aria-label") || "",
            };
        }""",
        selector,
    )


def wait_for_map(page: Page) -> None:
    page.wait_for_selector("#party-map[data-ready='true'] svg path")


def map_point(page: Page, lon: float, lat: float) -> tuple[float, float]:
    """Page coordinates of a place on the map."""
    x, y = page.evaluate(
        """([lon, lat]) => echarts.getInstanceByDom(document.querySelector("#party-map"))
            .convertToPixel({seriesIndex: 0}, [lon, lat])""",
        [lon, lat],
    )
    box = page.locator("#party-map").bounding_box()
    return box["x"] + x, box["y"] + y


def tooltip_text(page: Page) -> str:
    return " ".join(page.locator("#party-map svg text").all_inner_texts())


def test_dashboard_charts_draw_one_series_per_kind_and_outcome(page: Page, live_server, dataset, console_errors):
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#chart-signed svg")
    signed = chart_state(page, "#chart-signed")
    # Four agreements of four kinds, each its own series, in AgreementKind's order.
    assert signed["svg"] == 1
    assert signed["series"] == ["Framework", "Memorandum of understanding", "Joint statement", "Partnership"]
    assert signed["label"]  # ECharts' aria description
    outcomes = chart_state(page, "#chart-outcomes")
    assert outcomes["svg"] == 1
    assert outcomes["series"] == ["Met on time", "Overdue, no evidence", "Not yet due"]
    shot(page, "dashboard-charts")
    assert console_errors == []


def test_map_names_a_party_on_hover_and_focus_and_opens_it_on_click(page: Page, live_server, dataset, console_errors):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/parties/")
    wait_for_map(page)
    state = chart_state(page, "#party-map")
    assert state["svg"] == 1
    assert state["series"] == ["map"]
    shot(page, "parties-map")

    page.mouse.move(*map_point(page, 138.0, 36.5))  # Honshu
    expect(page.locator("#party-map svg")).to_contain_text("Japan: 4 agreements")

    page.mouse.move(0, 0)
    page.locator("#map-table a", has_text="Australia").focus()
    expect(page.locator("#party-map svg")).to_contain_text("Australia: 2 agreements")

    page.mouse.click(*map_point(page, 134.0, -25.0))
    expect(page).to_have_url(re.compile(r"/parties/au/$"))
    assert csp_errors(console_errors) == []
    assert console_errors == []


def test_map_switch_shades_by_late_commitments_and_keeps_it_in_the_url(
    page: Page, live_server, dataset, console_errors
):
    page.goto(f"{live_server.url}/parties/")
    wait_for_map(page)
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    page.get_by_role("radio", name="Late commitments").check()
    expect(page).to_have_url(re.compile(r"\?map=late$"))
    expect(page.locator("#map-table th[aria-sort]")).to_have_text("Late commitments")
    page.locator("#map-table a", has_text="United States").focus()
    expect(page.locator("#party-map svg")).to_contain_text("United States: 2 late commitments")
    # The same state without JavaScript: the URL alone selects the measure.
    page.reload()
    wait_for_map(page)
    expect(page.get_by_role("radio", name="Late commitments")).to_be_checked()
    assert console_errors == []


def test_scorecards_page_draws_a_bar_per_card_and_a_bar_opens_the_board(
    page: Page, live_server, dataset, console_errors
):
    page.goto(f"{live_server.url}/scorecards/")
    page.wait_for_selector("#chart-scorecards svg")
    state = chart_state(page, "#chart-scorecards")
    assert state["svg"] == 1
    # The outcomes always shown (ALWAYS_SHOWN), then none that no card has.
    assert state["series"] == [
        "Met on time",
        "Met late",
        "Partly met",
        "Missed",
        "Overdue, no evidence",
        "Not yet due",
    ]
    shot(page, "scorecards")
    # A bar of the first row (Australia, jointly) opens its commitments on the board.
    x, y = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector("#chart-scorecards"))
            .convertToPixel({seriesIndex: 4}, [0.5, 0])"""
    )
    box = page.locator("#chart-scorecards").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(re.compile(r"/milestones/\?"))
    assert console_errors == []
