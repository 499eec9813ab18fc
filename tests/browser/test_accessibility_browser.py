"""Every analyst page in real Chromium: axe-core, phones, the keyboard and CJK fonts (#14 parts 3, 6, 7).

The demo data set (load_demo, 48 agreements) is loaded once for the module and committed, so that
the pages are as full as an analyst sees them; the module's own live server serves it (pytest-django's
`live_server` fixture would flush the tables after every test), and the rows are flushed at the end.
One browser context per language and sign-in state is reused by every test of that kind.

axe-core comes from npm (static/vendor/axe-core/, vendor.md), injected from our own origin so the
CSP allows it. A page passes when axe finds nothing `serious` or `critical`, the page does not
scroll sideways, and the browser reports no error (CSP violations included).
"""

import io
import shutil
import subprocess
from dataclasses import dataclass, field

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from agreements.models import Agreement, Milestone, Party, Project
from tests.browser.test_pages_browser import shot
from tests.demo.conftest import reference_noon
from tests.factories import AgreementFactory

# `django_db` (no transaction) only so the test database exists: the module's rows are committed
# by the `site` fixture, and the tests themselves write nothing.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = "vendor/axe-core/axe.min.js"
WIDTHS = {"desktop": 1366, "phone": 390}
LANGUAGES = ["en", "de"]
# A Japanese title (invented) for the CJK font test.
JAPANESE_TITLE = "日本・豪州の重要鉱物に関する架空の覚書"

# One URL per kind of analyst page. Values are paths, or URL names (reversed when the page has
# landed, skipped with the reason until then).
PAGES = {
    "dashboard": "/",
    "agreements": "/agreements/",
    "agreements-filtered": "/agreements/?party=jp&mineral=rare-earths&stage=processing&sort=signed",
    "search": "/agreements/?q=rare+earths",
    "agreement": "/agreements/us-japan-critical-minerals-framework-2025/",
    "board": "/milestones/",
    "board-overdue": "/milestones/?overdue=true",
    "milestone": "milestone",  # resolved from the data: the framework's first milestone with evidence
    "parties": "/parties/",
    "party": "/parties/jp/",
    "compare": "/parties/compare/?party=us&party=jp&party=au",
    "mineral": "/minerals/rare-earths/",
    "stage": "/stages/processing/",
    "project": "project",  # resolved: the first project
    "criticality-lists": "/criticality-lists/",
    "data": "/data/",
    "sign-in": "/accounts/login/",
    "password-reset": "/accounts/password_reset/",
    "sign-up": "url:account_signup",
    "scorecards": "url:scorecards",
}
# Pages that look different to a signed-in watcher (watch buttons, the header, their own pages).
SIGNED_IN_PAGES = {
    "dashboard": PAGES["dashboard"],
    "agreement": PAGES["agreement"],
    "party": PAGES["party"],
    "milestone": PAGES["milestone"],
    "my-watches": "url:my-watches",
}


@dataclass
class Site:
    url: str
    paths: dict[str, str]
    session_cookie: dict
    japanese_slug: str
    contexts: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The demo data committed, on the reference's "today", served by a live server of this module."""
    traveller = time_machine.travel(reference_noon(), tick=True)
    traveller.start()
    server = None
    with django_db_blocker.unblock():
        try:
            call_command("load_demo", stdout=io.StringIO())
            japanese = AgreementFactory(
                slug="invented-japanese-title",
                title=JAPANESE_TITLE,
                parties=[Party.objects.get(slug="jp")],
            )
            paths = {
                "milestone": Milestone.objects.filter(
                    agreement__slug="us-japan-critical-minerals-framework-2025", evidence__isnull=False
                )
                .order_by("pk")
                .first()
                .get_absolute_url(),
                "project": Project.objects.order_by("pk").first().get_absolute_url(),
            }
            watcher = _watcher()
            client = Client()
            client.force_login(watcher)
            server = LiveServer("localhost")
            yield Site(
                url=server.url,
                paths=paths,
                session_cookie={
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": server.url,
                },
                japanese_slug=japanese.slug,
            )
        finally:
            if server is not None:
                server.stop()
            call_command("flush", interactive=False, verbosity=0)
            traveller.stop()


def _watcher():
    from django.contrib.auth import get_user_model

    from agreements import services

    user = get_user_model().objects.create_user("watcher", "watcher@example.org", "watcher-password-123")
    agreement = Agreement.objects.get(slug="us-japan-critical-minerals-framework-2025")
    services.watch_add(user=user, agreement=agreement)
    return user


def resolve(site: Site, value: str) -> str:
    if value.startswith("url:"):
        try:
            return reverse(value.removeprefix("url:"))
        except NoReverseMatch:
            pytest.skip(f"{value.removeprefix('url:')} has not landed yet")
    return site.paths.get(value, value)


@pytest.fixture(scope="module")
def contexts(site: Site, browser: Browser):
    """One page per (language, signed in), reused by every test of that kind; console errors kept."""
    opened = {}

    def get(language: str, signed_in: bool) -> tuple[Page, list[str]]:
        key = (language, signed_in)
        if key not in opened:
            context = browser.new_context(base_url=site.url)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.url}]
            if signed_in:
                cookies.append(site.session_cookie)
            context.add_cookies(cookies)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            opened[key] = (page, errors)
        page, errors = opened[key]
        errors.clear()
        return page, errors

    yield get
    for page, _errors in opened.values():
        page.context.close()


def serious_violations(page: Page, site: Site) -> list[str]:
    """axe-core's serious and critical findings on the page, one readable line per node."""
    page.add_script_tag(url=f"{site.url}{settings.STATIC_URL}{AXE}")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            lines.append(f"{violation['impact']} {violation['id']}: {node['target']} ({violation['help']})")
    return lines


def check_page(page: Page, errors: list[str], site: Site, path: str, width: int, name: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    expect(page.locator("main h1")).to_be_visible()
    problems = serious_violations(page, site)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        problems.append(f"scrolls sideways: {scroll_width}px wide in {inner_width}px")
    problems += [f"console: {error}" for error in errors]
    if problems:
        shot(page, f"a11y-{name}")
    assert not problems, f"{path} at {width}px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation_and_fits(site, contexts, name, language, width):
    page, errors = contexts(language, signed_in=False)
    check_page(page, errors, site, resolve(site, PAGES[name]), width, f"{name}-{language}-{width}")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_page_has_no_serious_accessibility_violation_and_fits(site, contexts, name, language, width):
    page, errors = contexts(language, signed_in=True)
    path = resolve(site, SIGNED_IN_PAGES[name])
    check_page(page, errors, site, path, width, f"{name}-signed-in-{language}-{width}")
    expect(page.locator(".site-header")).to_contain_text("watcher")  # really signed in


def test_axe_finds_a_violation_it_is_shown(site, contexts):
    """The check can fail: an unlabelled, low-contrast control added to a page is reported."""
    page, _errors = contexts("en", signed_in=False)
    page.goto("/data/")
    page.evaluate(
        """() => {
        const input = document.createElement('input');
        input.type = 'text';
        document.querySelector('main').append(input);
    }"""
    )
    assert any("label" in line for line in serious_violations(page, site))


# --- the keyboard ------------------------------------------------------------------------------

# What a keyboard user must reach: every visible control, in document order (no positive tabindex).
FOCUSABLES_JS = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
    const shown = (el) => {
        if (el.closest('[inert]') || el.disabled || el.tabIndex < 0) return false;
        // Inside a closed <details> only its summary is reachable.
        for (let d = el.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
            if (!d.open && el.closest('summary') !== d.querySelector(':scope > summary')) return false;
        }
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        return el.getClientRects().length > 0;
    };
    // Chromium also stops at a box that scrolls and holds nothing focusable (tracker.js names it).
    const scrollers = [...document.querySelectorAll('main *')].filter((el) => {
        const style = getComputedStyle(el);
        const scrolls = (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
            || (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
        return scrolls && !el.querySelector(selector);
    });
    // A radio group is one tab stop: its checked button (or its first); arrow keys move inside.
    const radioStop = (el) => {
        if (el.type !== 'radio' || !el.name) return true;
        const group = [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)].filter(shown);
        return el === (group.find((radio) => radio.checked) || group[0]);
    };
    const all = [...document.querySelectorAll(selector)].filter((el) => shown(el) && radioStop(el));
    for (const el of scrollers) if (!all.includes(el)) all.push(el);
    all.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    all.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    const text = (el) => el.innerText || el.value || el.name || el.getAttribute('aria-label') || '';
    return all.map((el) => el.tagName.toLowerCase() + ' ' + text(el).trim().slice(0, 40));
}"""
# The focused element, and whether its focus is visible: an outline of 2 px or more, or a box
# shadow; an outline that an ancestor's overflow cuts off on three or four sides does not count.
FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const reach = outline ? parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) : 0;  // <= 0: inset
    const r = el.getBoundingClientRect();
    const cut = new Set();
    for (let a = el.parentElement; a && a !== document.documentElement && reach > 0; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const left = b.left + a.clientLeft, top = b.top + a.clientTop;
        if (r.left - reach < left - 1) cut.add('left');
        if (r.top - reach < top - 1) cut.add('top');
        if (r.right + reach > left + a.clientWidth + 1) cut.add('right');
        if (r.bottom + reach > top + a.clientHeight + 1) cut.add('bottom');
    }
    const visible = (outline && cut.size < 3) || shadow;
    return {index: el.getAttribute('data-kb'), visible: visible, tag: el.tagName.toLowerCase()};
}"""

KEYBOARD_PAGES = [
    "dashboard",
    "agreements-filtered",
    "agreement",
    "board",
    "milestone",
    "parties",
    "compare",
    "sign-in",
    "sign-up",
]


def tab_problems(page: Page) -> list[str]:
    """Tabs through the page from the top: what differs from the page order, or shows no focus."""
    expected = page.evaluate(FOCUSABLES_JS)
    assert expected, "no controls found"
    start = page.evaluate(FOCUSED_JS)  # an autofocused field (sign-in) is where tabbing starts
    first = int(start["index"]) + 1 if start else 0
    problems = []
    for position in range(first, len(expected)):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or focused["index"] is None:
            return [*problems, f"Tab {position}: focus went to {focused} instead of {expected[position]}"]
        if int(focused["index"]) != position:
            reached = expected[int(focused["index"])]
            return [*problems, f"Tab {position}: reached {reached} instead of {expected[position]}"]
        if not focused["visible"]:
            problems.append(f"no visible focus on {expected[position]}")
    return problems


@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_tab_reaches_every_control_in_order_with_a_visible_focus(site, contexts, name):
    page, _errors = contexts("en", signed_in=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(resolve(site, PAGES[name]))
    assert tab_problems(page) == []


@pytest.mark.parametrize("name", ["agreement", "my-watches"])
def test_signed_in_tab_reaches_every_control_in_order_with_a_visible_focus(site, contexts, name):
    page, _errors = contexts("en", signed_in=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(resolve(site, SIGNED_IN_PAGES[name]))
    assert tab_problems(page) == []


def test_tab_check_sees_a_hidden_focus_and_a_jump(site, contexts):
    """The keyboard check can fail: a link without a focus outline, and a control out of order."""
    page, _errors = contexts("en", signed_in=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/data/")
    no_ring = "link => { link.style.outline = 'none'; link.style.boxShadow = 'none'; }"
    page.locator(".site-footer a").first.evaluate(no_ring)
    assert any(line.startswith("no visible focus on a") for line in tab_problems(page))
    page.goto("/data/")
    page.evaluate("document.querySelector('.site-footer a').tabIndex = 1")
    assert "reached a" in tab_problems(page)[-1]


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_skip_link_is_first_and_moves_to_the_content(site, contexts, width):
    page, _errors = contexts("de", signed_in=False)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(PAGES["board"])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes to the first control of the content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


# --- CJK ---------------------------------------------------------------------------------------


def cjk_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return "Noto Sans CJK" in subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout


@pytest.mark.skipif(not cjk_font_installed(), reason="no Noto Sans CJK font (Debian: apt-get install fonts-noto-cjk)")
def test_japanese_title_renders_with_a_cjk_font(site, contexts):
    page, errors = contexts("en", signed_in=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/agreements/{site.japanese_slug}/")
    heading = page.locator("main h1")
    expect(heading).to_have_text(JAPANESE_TITLE)
    # Chromium names the fonts it drew the heading's glyphs with: all of them from a CJK font, none
    # from a last-resort font (boxes).
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "main h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    drawn = {font["familyName"]: font["glyphCount"] for font in fonts}
    assert sum(drawn.values()) == len(JAPANESE_TITLE), drawn
    assert all("CJK" in family for family in drawn), drawn
    shot(page, "japanese-title")
    assert errors == []
