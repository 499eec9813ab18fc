"""Requests through the full Django stack (test Client: URL routing, every middleware, DRF or the
template engine) against the raw-SQL baselines, plus SQL query counts per request.

Import only after django.setup().
"""

import contextlib
import json
import re
from urllib.parse import urlencode

import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import baselines
from bench.timing import median_ms, ratio

BASE = "http://testserver"
FACET_MINERAL = "mineral-group-1"
FACET_STATUS = "implementing"

# Every list endpoint and page whose query count must not depend on the page size.
API_LISTS = {
    "api_parties": "/api/parties/",
    "api_minerals": "/api/minerals/",
    "api_stages": "/api/stages/",
    "api_agreements": "/api/agreements/",
    "api_agreements_search": "/api/agreements/?search=rare+earth",
    "api_instruments": "/api/instruments/",
    "api_milestones": "/api/milestones/",
    "api_milestones_overdue": "/api/milestones/?overdue=true",
    "api_milestones_no_evidence": "/api/milestones/?outcome=overdue_no_evidence",
    "api_evidence": "/api/evidence/",
    "api_scorecards": "/api/scorecards/?by=party",
    "api_projects": "/api/projects/",
}
PAGES = {
    "page_dashboard": "/",
    "page_agreements": "/agreements/",
    "page_agreements_facets": f"/agreements/?mineral={FACET_MINERAL}&status={FACET_STATUS}",
    "page_milestones": "/milestones/",
    "page_milestones_overdue": "/milestones/?overdue=true",
}
QUERY_COUNT_PAGE_SIZES = (10, 200)


def _with(url: str, **params) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


@contextlib.contextmanager
def page_size(size: int):
    """The HTML pages have a fixed page size: set the paginator's default for the duration."""
    try:
        from agreements.views import common
    except ImportError:
        yield
        return
    original = common.paginate.__defaults__
    common.paginate.__defaults__ = (size,)
    try:
        yield
    finally:
        common.paginate.__defaults__ = original


def page_default_size(default: int = 20) -> int:
    try:
        from agreements.views import common
    except ImportError:
        return default
    return (common.paginate.__defaults__ or (default,))[0]


class App:
    def __init__(self):
        self.client = Client(HTTP_ACCEPT="application/json")
        self.html_client = Client(HTTP_ACCEPT="text/html")

    def get(self, url: str, *, html: bool = False):
        response = (self.html_client if html else self.client).get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
        return response.content

    def available(self, url: str, *, html: bool = False) -> tuple[bool, str]:
        try:
            self.get(url, html=html)
        except Exception as error:  # a 404 while the endpoint is not written yet, or a 500
            return False, str(error)[:500]
        return True, ""

    def query_count(self, url: str, *, html: bool = False) -> int | None:
        try:
            with CaptureQueriesContext(connection) as context:
                self.get(url, html=html)
        except Exception:
            return None
        return len(context.captured_queries)


def query_counts(app: App) -> dict:
    """{name: {"10": n, "200": m, "constant": bool}} for every list endpoint and page."""
    counts = {}
    for name, url in {**API_LISTS, **PAGES}.items():
        html = name.startswith("page_")
        row = {}
        for size in QUERY_COUNT_PAGE_SIZES:
            if html:
                with page_size(size):
                    row[str(size)] = app.query_count(url, html=True)
            else:
                row[str(size)] = app.query_count(_with(url, page_size=size))
        values = [row[str(size)] for size in QUERY_COUNT_PAGE_SIZES]
        row["constant"] = None if None in values else len(set(values)) == 1
        counts[name] = row
    return counts


def _next_url(path: str, count: int, size: int, **params) -> str | None:
    if count <= size:
        return None
    return f"{BASE}{path}?{urlencode({**params, 'page': 2, 'page_size': size})}"


def measure_api(app: App, conn: psycopg.Connection, *, today, repeat: int) -> dict:
    """The three API measurements: app and baseline medians, their ratio and a row comparison."""
    cases = {
        "api_agreements": {
            "url": "/api/agreements/?page_size=50",
            "sql": baselines.AGREEMENTS_SQL,
            "params": {"limit": 50},
            "kind": "agreements",
            "count_sql": "SELECT count(*) FROM agreements_agreement",
            "path": "/api/agreements/",
            "query": {},
        },
        "api_milestones_overdue": {
            "url": "/api/milestones/?overdue=true&page_size=200",
            "sql": baselines.MILESTONES_OVERDUE_SQL,
            "params": {"limit": 200},
            "kind": "milestones",
            "count_sql": "SELECT count(*) FROM agreements_milestone "
            "WHERE status IN ('pending', 'in_progress') AND deadline < %(today)s",
            "path": "/api/milestones/",
            "query": {"overdue": "true"},
        },
        "api_search": {
            "url": "/api/agreements/?search=rare+earth",
            "sql": baselines.SEARCH_SQL,
            "params": {"limit": 50, "q": "rare earth"},
            "kind": "agreements",
            "count_sql": "SELECT count(*) FROM agreements_agreement a WHERE " + baselines.SEARCH_MATCH,
            "path": "/api/agreements/",
            "query": {"search": "rare earth"},
        },
    }
    results = {}
    for name, case in cases.items():
        params = {"base": BASE, "today": today, **case["params"]}
        count = conn.execute(case["count_sql"], params).fetchone()[0]
        params["next"] = _next_url(case["path"], count, case["params"]["limit"], **case["query"])
        baseline = baselines.Baseline(conn, case["sql"], params)
        results[name] = _measure_pair(app, case["url"], baseline, repeat=repeat, kind=case["kind"])
    return results


def _measure_pair(app: App, url: str, baseline: baselines.Baseline, *, repeat: int, kind: str) -> dict:
    ok, error = app.available(url)
    base_ms, base_runs = median_ms(baseline, repeat=repeat)
    result = {
        "url": url,
        "baseline_ms": base_ms,
        "baseline_min_ms": min(base_runs),
        "baseline_runs": base_runs,
        "baseline_bytes": len(baseline()),
    }
    if not ok:
        result.update({"app_ms": None, "ratio": None, "error": error})
        return result
    app_ms, app_runs = median_ms(lambda: app.get(url), repeat=repeat)
    body = app.get(url)
    result.update(
        {
            "app_ms": app_ms,
            "app_min_ms": min(app_runs),
            "app_runs": app_runs,
            "app_bytes": len(body),
            "ratio": ratio(app_ms, base_ms),
            "queries": app.query_count(url),
            "comparison": baselines.compare_pages(json.loads(body), baseline.document(), kind),
        }
    )
    return result


SLUG_LINK = re.compile(r'href="/agreements/([a-z0-9-]+)/"')


def measure_page(app: App, conn: psycopg.Connection, *, today, repeat: int) -> dict:
    """/agreements/ with two facets (a mineral group and a status) against one SQL query."""
    url = PAGES["page_agreements_facets"]
    size = page_default_size()
    params = {
        "base": BASE,
        "today": today,
        "limit": size,
        "minerals": [FACET_MINERAL],
        "statuses": [FACET_STATUS],
    }
    baseline = baselines.Baseline(conn, baselines.PAGE_AGREEMENTS_SQL, params)
    ok, error = app.available(url, html=True)
    base_ms, base_runs = median_ms(baseline, repeat=repeat)
    result = {
        "url": url,
        "page_size": size,
        "baseline_ms": base_ms,
        "baseline_min_ms": min(base_runs),
        "baseline_runs": base_runs,
    }
    if not ok:
        result.update({"app_ms": None, "ratio": None, "error": error})
        return result
    app_ms, app_runs = median_ms(lambda: app.get(url, html=True), repeat=repeat)
    html = app.get(url, html=True).decode()
    document = baseline.document()
    expected = [row["slug"] for row in document["results"]]
    linked = list(dict.fromkeys(slug for slug in SLUG_LINK.findall(html) if slug in set(expected)))
    result.update(
        {
            "app_ms": app_ms,
            "app_min_ms": min(app_runs),
            "app_runs": app_runs,
            "app_bytes": len(html),
            "ratio": ratio(app_ms, base_ms),
            "queries": app.query_count(url, html=True),
            "comparison": {
                "baseline_count": document["count"],
                "count_shown": f"{document['count']:,}" in html or str(document["count"]) in html,
                "same_rows": linked == expected,
                "rows": len(expected),
            },
        }
    )
    return result
