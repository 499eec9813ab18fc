"""Security headers on every response, and a content security policy the pages work under.

The browser tests load the admin, the API docs and the analyst pages in headless Chromium and
fail on any `securitypolicyviolation` event or CSP console error.
"""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.reliability.conftest import SUPERUSER_PASSWORD, analyst_paths

pytestmark = pytest.mark.django_db

HEADER_PATHS = ["/healthz", "/api/schema/", "/api/docs/", "/admin/login/", "/", "/no-such-page/", "/api/no-such/"]


@pytest.mark.parametrize("path", HEADER_PATHS)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "base-uri 'self'" in policy


def test_csp_allows_no_inline_script_and_no_other_origin(client):
    policy = client.get("/", secure=True)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    script_sources = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_sources
    assert "'unsafe-eval'" not in script_sources
    # Only this origin (and nonces/hashes) may serve anything: no CDN.
    for directive, sources in directives.items():
        for source in sources.split():
            assert not re.match(r"https?:|\*", source), f"{directive} allows {source}"


def test_hsts_is_sent_behind_the_tls_proxy(client):
    response = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_session_and_csrf_cookies_are_secure_and_http_only(client, superuser, settings):
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": SUPERUSER_PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"


# --- the pages under the policy, in a real browser -----------------------------------------


def admin_paths(agreement, superuser) -> list[str]:
    paths = ["/admin/"]
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):  # the alert log has no add form
            paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    paths.append(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    paths.append(reverse("admin:agreements_agreement_history", args=[agreement.pk]))
    paths.append(reverse("admin:agreements_agreement_delete", args=[agreement.pk]))
    return paths


class CspWatcher:
    """Collects CSP violations reported by the page (DOM event) and the console."""

    def __init__(self, page):
        self.violations: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(
            """document.addEventListener('securitypolicyviolation', e => {
                 window.__csp = window.__csp || [];
                 window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(' '));
               });"""
        )
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page = page

    def _on_console(self, message):
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            self.violations.append(f"console: {message.text}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status < 400, f"{url}: {response and response.status}"
        reported = self.page.evaluate("window.__csp || []")
        self.violations.extend(f"{url}: {item}" for item in reported)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_works_under_the_csp_in_chromium(live_server, page, superuser, sample_records, plain_http_cookies):
    watcher = CspWatcher(page)
    watcher.visit(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", SUPERUSER_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in admin_paths(sample_records, superuser):
        watcher.visit(f"{live_server.url}{path}")
    # The admin's own scripts ran (they are what a CSP would block): the change form's JS is live.
    watcher.visit(f"{live_server.url}{reverse('admin:agreements_agreement_change', args=[sample_records.pk])}")
    assert page.evaluate("typeof window.django === 'object' && typeof window.django.jQuery === 'function'")
    assert watcher.violations == [], "\n".join(watcher.violations)
    assert watcher.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_works_under_the_csp_in_chromium(live_server, page):
    watcher = CspWatcher(page)
    watcher.visit(f"{live_server.url}/api/docs/")
    # Swagger UI fetched the schema and rendered its operations.
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Minerals Tracker API" in page.inner_text(".swagger-ui .info .title")
    assert watcher.violations == [], "\n".join(watcher.violations)
    assert watcher.errors == [], "\n".join(watcher.errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_analyst_pages_work_under_the_csp_in_chromium(live_server, page, sample_records, reader, plain_http_cookies):
    watcher = CspWatcher(page)
    for path in analyst_paths():
        watcher.visit(f"{live_server.url}{path}")
    # Signed in, the pages add watch buttons and a sign-out form.
    watcher.visit(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "reader")
    page.fill("#id_password", "reader-password-123")
    page.click("form.stacked-form [type=submit]")
    page.wait_for_load_state("load")
    for path in analyst_paths()[:-1]:
        watcher.visit(f"{live_server.url}{path}")
    assert page.locator("form.signout-form").count() == 1
    assert watcher.violations == [], "\n".join(watcher.violations)
    assert watcher.errors == [], "\n".join(watcher.errors)
