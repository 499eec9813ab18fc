"""A new watcher in headless Chromium: sign up, confirm the address from the mail, watch an
agreement, find it on "My watches", unwatch it. The live server runs in this process, so its
mails land in the locmem outbox the test reads."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.test_pages_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-Passw0rd-for-browsers"


def test_sign_up_confirm_watch_and_unwatch(page: Page, live_server, dataset, settings, console_errors):
    settings.SITE_URL = live_server.url  # the confirmation link points at this server
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_email", "new.watcher@example.org")
    page.fill("#id_username", "newwatcher")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    shot(page, "account-signup")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".site-header .user-name")).to_have_text("newwatcher")

    (message,) = mail.outbox
    assert message.to == ["new.watcher@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("confirmed")

    page.goto(f"{live_server.url}/agreements/us-japan-framework/")
    page.get_by_role("button", name="Watch").click()
    expect(page.get_by_role("status")).to_contain_text("You watch this agreement")

    page.get_by_role("link", name="My watches").click()
    expect(page).to_have_url(re.compile(r"/accounts/watches/$"))
    expect(page.locator(".watch-email")).to_have_text("new.watcher@example.org")
    expect(page.get_by_text("not confirmed yet")).to_have_count(0)
    watched = page.locator(".watch-list li")
    expect(watched).to_have_count(1)
    expect(watched).to_contain_text("US–Japan")
    shot(page, "account-my-watches")
    page.get_by_role("button", name=re.compile("Stop watching")).click()
    expect(page.get_by_role("status")).to_contain_text("You no longer watch")
    expect(page.locator(".watch-list li")).to_have_count(0)
    assert console_errors == []
