"""The Gantt-like view and the agreement page on a desktop (1366 px) and a phone (390 px), in
headless Chromium: the chart draws one bar per dated milestone and today's line (SVG), a click
opens the milestone; the timeline runs sideways on the desktop and top to bottom on the phone
with every dot on screen; nothing scrolls sideways; no CSP or script error."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import csp_errors
from tests.browser.test_pages_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])


def gantt_state(page: Page) -> dict:
    """What ECharts drew in #gantt: its SVG, the named shapes (bars, fulfilment marks, today's
    line) in the chart's pixels, and the texts of the drawing."""
    page.wait_for_selector("#gantt svg")
    return page.evaluate(
        """() => {
            const element = document.querySelector("#gantt");
            const chart = echarts.getInstanceByDom(element);
            const shapes = chart.getZr().storage.getDisplayList();
            const named = (name) => shapes.filter((shape) => shape.name === name);
            return {
                svg: element.querySelectorAll("svg").length,
                paths: element.querySelectorAll("svg path").length,
                width: element.getBoundingClientRect().width,
                bars: named("gantt-bar").map((bar) => ({x: bar.shape.x, y: bar.shape.y, width: bar.shape.width,
                                                        height: bar.shape.height})),
                open: named("gantt-open-end").length,
                fulfilled: named("gantt-fulfilled").length,
                today: named("gantt-today").map((line) => line.shape.x1),
                texts: Array.from(element.querySelectorAll("svg text")).map((text) => text.textContent),
                label: element.getAttribute("aria-label") || "",
            };
        }"""
    )


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def visible_timeline(page: Page) -> dict:
    """The timeline drawing on screen (exactly one of the two), its size, and each dot's box."""
    return page.evaluate(
        """() => {
            const shown = Array.from(document.querySelectorAll(".timeline svg")).filter(
                (svg) => svg.getBoundingClientRect().width > 0);
            const svg = shown[0];
            const box = svg.getBoundingClientRect();
            const dots = Array.from(svg.querySelectorAll("circle")).map((dot) => {
                const b = dot.getBoundingClientRect();
                return {left: b.left, right: b.right, top: b.top, bottom: b.bottom};
            });
            const today = Array.from(svg.querySelectorAll(".tl-today text")).map((text) => {
                const b = text.getBoundingClientRect();
                return {left: b.left, right: b.right, text: text.textContent};
            });
            return {count: shown.length, vertical: svg.classList.contains("timeline-svg-v"),
                    width: box.width, height: box.height, dots: dots, today: today,
                    viewport: window.innerWidth};
        }"""
    )


@WIDTHS
def test_agreement_page_gantt_timeline_and_matrix(page: Page, live_server, dataset, console_errors, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}{dataset.framework.get_absolute_url()}")
    gantt = gantt_state(page)
    # Two dated commitments, both late: a bar each, an open end each, today's line after both.
    assert gantt["svg"] == 1
    assert len(gantt["bars"]) == 2
    assert gantt["paths"] >= 2
    assert gantt["open"] == 2 and gantt["fulfilled"] == 0
    assert len(gantt["today"]) == 1
    assert all(bar["x"] >= 0 and bar["x"] + bar["width"] < gantt["today"][0] for bar in gantt["bars"])
    assert gantt["today"][0] <= gantt["width"]
    assert "Today" in gantt["texts"]
    assert any("Overdue, no evidence" in text for text in gantt["texts"])  # outcome in words, not colour alone
    assert gantt["label"]  # ECharts' aria description

    timeline = visible_timeline(page)
    assert timeline["count"] == 1
    if viewport is PHONE:
        assert timeline["vertical"] and timeline["height"] > timeline["width"]
    else:
        assert not timeline["vertical"] and timeline["width"] > timeline["height"]
    assert len(timeline["dots"]) == 3  # signing and the two late commitments
    for dot in timeline["dots"]:
        assert dot["left"] >= 0 and dot["right"] <= timeline["viewport"], dot
    (today,) = timeline["today"]
    assert today["text"].startswith("Today")
    assert today["left"] >= 0 and today["right"] <= timeline["viewport"]

    # The instrument × stage matrix: a table on the desktop, a list of stages per instrument on the phone.
    matrix_table, matrix_list = page.locator("table.matrix"), page.locator("ul.matrix-list")
    if viewport is PHONE:
        expect(matrix_table).to_be_hidden()
        expect(matrix_list).to_be_visible()
        expect(matrix_list.locator("> li").first).to_contain_text("Mining")
    else:
        expect(matrix_table).to_be_visible()
        expect(matrix_list).to_be_hidden()
    assert not scrolls_sideways(page)
    shot(page, f"agreement-gantt-{viewport['width']}")
    assert csp_errors(console_errors) == []
    assert console_errors == []


@WIDTHS
def test_board_gantt_follows_the_filters_and_opens_a_milestone(
    page: Page, live_server, dataset, console_errors, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/milestones/")
    everything = gantt_state(page)
    # Four dated milestones; the study was fulfilled (a diamond on its evidence date).
    assert len(everything["bars"]) == 4 and everything["fulfilled"] == 1 and everything["open"] == 2
    assert len(everything["today"]) == 1
    assert not scrolls_sideways(page)
    shot(page, f"board-gantt-{viewport['width']}")

    page.goto(f"{live_server.url}/milestones/?overdue=true")
    late = gantt_state(page)
    assert len(late["bars"]) == 2
    # A click on the first bar (the 180-day ministerial, due first) opens that milestone.
    bar = late["bars"][0]
    page.locator("#gantt").scroll_into_view_if_needed()  # the mouse clicks in the viewport, never scrolls
    box = page.locator("#gantt").bounding_box()
    page.mouse.click(box["x"] + bar["x"] + max(bar["width"] / 2, 2), box["y"] + bar["y"] + bar["height"] / 2)
    expect(page).to_have_url(re.compile(rf"/milestones/{dataset.days_180.pk}/$"))
    assert csp_errors(console_errors) == []
    assert console_errors == []


def test_without_javascript_the_board_keeps_its_table(browser, live_server, dataset):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/milestones/")
    expect(page.locator("#gantt")).to_be_hidden()  # the chart needs JavaScript; the table does not
    expect(page.locator(".milestone-table tbody tr")).to_have_count(4)
    assert not scrolls_sideways(page)
    context.close()
