"""The admin's "New agreement from text" in headless Chromium: paste the German founding summary,
review, correct, save; screenshots of the review and of the saved agreement (SHOTS_DIR)."""

import os
import pathlib

import pytest
from playwright.sync_api import Page, expect

from agreements.models import Agreement
from tests.factories import MineralFactory, PartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS_DIR = os.environ.get("SHOTS_DIR", "/tmp/shots")
FOUNDING = (pathlib.Path(__file__).parents[1] / "extraction/corpus/us-japan-framework-2025-article.de.txt").read_text(
    encoding="utf-8"
)


def shot(page: Page, name: str) -> None:
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS_DIR, f"extract-{name}.png"), full_page=True)


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
    return errors


def test_paste_review_correct_and_save(page: Page, live_server, editor, console_errors):
    PartyFactory(slug="jp", iso_code="JP", name="Japan")
    PartyFactory(slug="us", iso_code="US", name="United States")
    MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The admin's pages name no icon, so Chromium asks for /favicon.ico (a 404, not this page's).
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/agreements/agreement/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password-123")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="New agreement from text").click()

    page.get_by_label("Text").fill(FOUNDING)
    page.get_by_role("button", name="Read the text").click()

    expect(page.get_by_role("heading", name="2 proposed milestones (commitments)")).to_be_visible()
    expect(page.get_by_label("Signed on")).to_have_value("2025-10-28")
    expect(page.get_by_label("Signed at")).to_have_value("Tokio")
    expect(page.get_by_label("Japan")).to_be_checked()
    expect(page.get_by_label("United States")).to_be_checked()
    expect(page.get_by_label("Rare earths")).to_be_checked()
    expect(page.get_by_label("Stockpile", exact=True)).to_be_checked()
    expect(page.locator(".from-text-sentence mark")).to_have_text(
        ["binnen sechs Monaten", "innerhalb von sechs Monaten"]
    )
    expect(page.locator(".from-text-deadline strong")).to_have_text(["28 April 2026", "28 April 2026"])
    shot(page, "review")

    page.get_by_label("Title").first.fill("US–Japan framework for securing critical minerals")
    page.get_by_label("Kind").select_option("framework")
    second = page.locator("#milestone-2")
    second.get_by_label("Months after").fill("3")
    page.get_by_role("button", name="Recompute the deadlines").click()
    expect(page.locator("#milestone-2 .from-text-deadline strong")).to_have_text("28 January 2026")
    shot(page, "review-corrected")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was created with 2 milestones")
    expect(page.locator(".messagelist")).to_contain_text("It is a draft: only editors see it until it is published")
    expect(page.locator("#id_title")).to_have_value("US–Japan framework for securing critical minerals")
    shot(page, "saved")

    agreement = Agreement.objects.get()
    assert agreement.title == "US–Japan framework for securing critical minerals"
    assert agreement.published is False  # saved as a draft
    assert sorted(agreement.parties.values_list("slug", flat=True)) == ["jp", "us"]
    assert sorted((m.offset_months, m.deadline.isoformat()) for m in agreement.milestones.all()) == [
        (3, "2026-01-28"),
        (6, "2026-04-28"),
    ]
    assert console_errors == []
