"""/api/docs/ in headless Chromium under the app's Content-Security-Policy: Swagger UI renders the
operations from the app's own static files, and a script author can try a filter from the page."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ARTIFACTS_DIR
from tests.factories import AgreementFactory, PartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_every_resource_under_the_csp(page: Page, live_server):
    AgreementFactory(slug="us-jp", parties=[PartyFactory(slug="jp", iso_code="JP", name="Japan")])
    errors: list[str] = []
    external: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request", lambda request: None if request.url.startswith(live_server.url) else external.append(request.url)
    )

    response = page.goto(f"{live_server.url}/api/docs/")

    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Minerals Tracker API")
    for tag in ["agreements", "parties", "minerals", "stages", "instruments", "milestones", "projects", "watches"]:
        expect(page.locator(f"#operations-tag-{tag}")).to_be_visible()
    expect(page.locator("#operations-agreements-agreements_list")).to_be_visible()
    # Try it out: list the agreements straight from the docs page (a fetch to the same origin).
    page.locator("#operations-agreements-agreements_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator("#operations-agreements-agreements_list .live-responses-table")).to_contain_text('"us-jp"')
    os.makedirs(ARTIFACTS_DIR, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS_DIR, "api-docs.png"), full_page=False)
    assert external == []
    assert errors == []  # no CSP violation, no missing file, no script error
