"""Requests through the full Django stack (test Client: URL routing, every middleware, DRF or the
template engine) against the raw-SQL baselines, plus SQL query counts per request.

Each read is timed three ways: cold (the data version moved just before, so nothing cached
answers), warm (the same request again: a cached body) and 304 (`If-None-Match` with its ETag).

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


class DataVersion:
    """Moves the data version the way a write does: one UPDATE that changes nothing, on a tracked
    table, through the bench's own connection (committed at once). The database's triggers do the rest."""

    STATEMENT = (
        "UPDATE agreements_valuechainstage SET name = name WHERE id = (SELECT min(id) FROM agreements_valuechainstage)"
    )

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    @staticmethod
    def current():
        """The app's data version, or None before the app keeps one."""
        try:
            from agreements.data_version import current_data_version
        except ImportError:
            return None
        return current_data_version()

    def move(self) -> None:
        self.conn.execute(self.STATEMENT)

    def moves(self) -> bool | None:
        """Whether `move()` changes the app's version (None: the app keeps none)."""
        before = self.current()
        if before is None:
            return None
        self.move()
        return self.current() != before


class App:
    def __init__(self):
        self.client = Client(HTTP_ACCEPT="application/json")
        self.html_client = Client(HTTP_ACCEPT="text/html")

    def response(self, url: str, *, html: bool = False, status: int = 200, **headers):
        response = (self.html_client if html else self.client).get(url, headers=headers)
        if response.status_code != status:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
        return response

    def get(self, url: str, *, html: bool = False):
        return self.response(url, html=html).content

    def not_modified(self, url: str, etag: str, *, html: bool = False) -> None:
        """A conditional GET that must answer 304."""
        self.response(url, html=html, status=304, if_none_match=etag)

    def available(self, url: str, *, html: bool = False) -> tuple[bool, str]:
        try:
            self.get(url, html=html)
        except Exception as error:  # a 404 while the endpoint is not written yet, or a 500
            return False, str(error)[:500]
        return True, ""

    def query_count(self, url: str, *, html: bool = False, **headers) -> int | None:
        status = 304 if "if_none_match" in headers else 200
        try:
            with CaptureQueriesContext(connection) as context:
                self.response(url, html=html, status=status, **headers)
        except Exception:
            return None
        return len(context.captured_queries)


def query_counts(app: App, version: DataVersion) -> dict:
    """{name: {"10": n, "200": m, "constant": bool}} for every list endpoint and page, each counted
    cold (a cached body would hide the queries, and a page's two sizes share one URL)."""
    counts = {}
    for name, url in {**API_LISTS, **PAGES}.items():
        html = name.startswith("page_")
        row = {}
        for size in QUERY_COUNT_PAGE_SIZES:
            version.move()
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


def measure_api(app: App, conn: psycopg.Connection, version: DataVersion, *, today, repeat: int) -> dict:
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
        results[name] = _measure_pair(app, case["url"], baseline, version, repeat=repeat, kind=case["kind"])
    return results


def measure_costs(app: App, url: str, version: DataVersion, *, base_ms: float, repeat: int, html: bool = False) -> dict:
    """Cold, warm and 304: medians, their ratios to `base_ms`, query counts, and the checks that
    the version move reaches the app and that the warm body is the cold one."""
    result = {"version_moves": version.moves()}
    cold_ms, cold_runs = median_ms(lambda: app.get(url, html=html), repeat=repeat, before_each=version.move)
    version.move()
    cold = app.get(url, html=html)
    warm_ms, warm_runs = median_ms(lambda: app.get(url, html=html), repeat=repeat)
    warm = app.response(url, html=html)
    etag = warm.headers.get("ETag")
    result.update(
        {
            "app_ms": cold_ms,
            "app_min_ms": min(cold_runs),
            "app_runs": cold_runs,
            "ratio": ratio(cold_ms, base_ms),
            "warm_ms": warm_ms,
            "warm_runs": warm_runs,
            "warm_ratio": ratio(warm_ms, base_ms),
            "warm_same_body": _comparable(warm.content) == _comparable(cold),
            "queries_warm": app.query_count(url, html=html),
            "etag": etag,
            "not_modified_ms": None,
            "not_modified_ratio": None,
        }
    )
    if not etag:
        result["not_modified_error"] = "no ETag on the response"
        return result
    try:
        app.not_modified(url, etag, html=html)
    except RuntimeError as error:
        result["not_modified_error"] = str(error)[:500]
        return result
    nm_ms, nm_runs = median_ms(lambda: app.not_modified(url, etag, html=html), repeat=repeat)
    result.update(
        {
            "not_modified_ms": nm_ms,
            "not_modified_runs": nm_runs,
            "not_modified_ratio": ratio(nm_ms, base_ms),
            "queries_304": app.query_count(url, html=html, if_none_match=etag),
        }
    )
    return result


def _measure_pair(
    app: App, url: str, baseline: baselines.Baseline, version: DataVersion, *, repeat: int, kind: str
) -> dict:
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
    result.update(measure_costs(app, url, version, base_ms=base_ms, repeat=repeat))
    version.move()
    body = app.get(url)
    version.move()
    result.update(
        {
            "app_bytes": len(body),
            "queries": app.query_count(url),
            "comparison": baselines.compare_pages(json.loads(body), baseline.document(), kind),
        }
    )
    return result


# Filled in fresh for every response, cached or not.
PER_RESPONSE = re.compile(rb'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')


def _comparable(body: bytes) -> bytes:
    return PER_RESPONSE.sub(b"", body)


SLUG_LINK = re.compile(r'href="/agreements/([a-z0-9-]+)/"')


def measure_page(app: App, conn: psycopg.Connection, version: DataVersion, *, today, repeat: int) -> dict:
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
    result.update(measure_costs(app, url, version, base_ms=base_ms, repeat=repeat, html=True))
    version.move()
    html = app.get(url, html=True).decode()
    document = baseline.document()
    expected = [row["slug"] for row in document["results"]]
    linked = list(dict.fromkeys(slug for slug in SLUG_LINK.findall(html) if slug in set(expected)))
    version.move()
    result.update(
        {
            "app_bytes": len(html),
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
