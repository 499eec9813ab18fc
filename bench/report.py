"""bench-results.json and the table printed at the end of a run."""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

# Issue #16: each figure at most this (ratios to the raw-SQL query of the same run).
TARGETS = {
    "api_agreements_ratio": 2.5,
    "api_milestones_overdue_ratio": 2.5,
    "api_search_ratio": 2.5,
    "page_agreements_ratio": 3.0,
    "flag_overdue_ratio": 1.5,
    "api_agreements_warm_ratio": 0.5,
    "api_milestones_overdue_warm_ratio": 0.5,
    "api_search_warm_ratio": 0.5,
    "api_agreements_304_ratio": 0.3,
    "api_milestones_overdue_304_ratio": 0.3,
    "api_search_304_ratio": 0.3,
    "page_agreements_304_ratio": 0.3,
}
# Under load: no errors, the mix's throughput at least this share of the floor's, p99 at most this × p50.
LOAD_MIN_RPS_TO_FLOOR = 0.7
LOAD_MAX_P99_TO_P50 = 5.0


def targets(results: dict) -> dict:
    """Each target with its figure and whether it is met (None when the figure is missing)."""
    out = {
        key: {
            "value": results.get(key),
            "at_most": limit,
            "met": None if results.get(key) is None else results[key] <= limit,
        }
        for key, limit in TARGETS.items()
    }
    overdue = results.get("flag_overdue") or {}
    small, large = (overdue.get("small") or {}).get("peak_rss_mb"), (overdue.get("large") or {}).get("peak_rss_mb")
    out["flag_overdue_memory_flat"] = {
        "small_mb": small,
        "large_mb": large,
        "met": None if small is None or large is None else large <= small * 1.1 + 5,
    }
    counts = [row.get("constant") for row in (results.get("queries") or {}).values()]
    out["queries_constant"] = {"met": None if not counts or None in counts else all(counts)}
    out.update(load_targets(results.get("load") or {}))
    return out


def load_targets(load: dict) -> dict:
    def check(value, met):
        return {"value": value, "met": None if value is None else met(value)}

    return {
        "load_errors": {**check(load.get("errors"), lambda v: v == 0), "at_most": 0},
        "load_rps_to_floor": {
            **check(load.get("rps_to_floor"), lambda v: v >= LOAD_MIN_RPS_TO_FLOOR),
            "at_least": LOAD_MIN_RPS_TO_FLOOR,
        },
        "load_p99_to_p50": {
            **check(load.get("p99_to_p50"), lambda v: v <= LOAD_MAX_P99_TO_P50),
            "at_most": LOAD_MAX_P99_TO_P50,
        },
    }


def git_commit(root: Path) -> dict:
    def git(*args):
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
            ).stdout.strip()
        except OSError:
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def machine(pg_version: str, root: Path) -> dict:
    import django

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgres": pg_version,
        "git": git_commit(root),
        # Other work on the machine skews timings: the 1/5/15-minute load averages at the end.
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def write(results: dict, path: Path) -> None:
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")


def _fmt(value, unit="") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}" if value >= 100 else f"{value:,.2f}{unit}"
    return f"{value}{unit}"


def _ratio_cell(results: dict, key: str) -> str:
    value = results.get(key)
    if key not in TARGETS:
        return f"{_fmt(value)}×"
    return f"{_fmt(value)}× (≤ {TARGETS[key]} {_verdict(value, TARGETS[key])})".replace(" )", ")")


def table(results: dict) -> str:
    """Markdown tables (pasted into the README as they are)."""
    api = results.get("api", {})
    page = results.get("page_agreements", {})
    overdue = results.get("flag_overdue", {})
    big = overdue.get("large", {})
    rows = [
        ("GET /api/agreements/?page_size=50", api.get("api_agreements", {}), "api_agreements"),
        (
            "GET /api/milestones/?overdue=true&page_size=200",
            api.get("api_milestones_overdue", {}),
            "api_milestones_overdue",
        ),
        ("GET /api/agreements/?search=rare earth", api.get("api_search", {}), "api_search"),
        ("GET /agreements/ (two facets)", page, "page_agreements"),
    ]
    lines = [
        "| measurement | raw-SQL baseline | cold: app, ratio (target) | warm: app, ratio (target) "
        "| 304: app, ratio (target) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, entry, name in rows:
        lines.append(
            f"| {label} | {_fmt(entry.get('baseline_ms'), ' ms')} "
            f"| {_fmt(entry.get('app_ms'), ' ms')}, {_ratio_cell(results, f'{name}_ratio')} "
            f"| {_fmt(entry.get('warm_ms'), ' ms')}, {_ratio_cell(results, f'{name}_warm_ratio')} "
            f"| {_fmt(entry.get('not_modified_ms'), ' ms')}, {_ratio_cell(results, f'{name}_304_ratio')} |"
        )
    rows_label = f"{big.get('rows', 0):,}" if big.get("rows") else "n/a"
    small = overdue.get("small", {})
    lines += [
        "",
        "| overdue job | the service | raw statement | ratio | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| flag_overdue over {rows_label} milestones | {_fmt(big.get('app_seconds'), ' s')} | "
        f"{_fmt(big.get('raw_seconds'), ' s')} | {_fmt(results.get('flag_overdue_ratio'))}× | "
        f"≤ 1.5× {_verdict(results.get('flag_overdue_ratio'), 1.5)} |",
        f"| peak RSS ({small.get('rows', 0):,} → {big.get('rows', 0):,} rows) | "
        f"{_fmt(small.get('peak_rss_mb'), ' MiB')} → {_fmt(big.get('peak_rss_mb'), ' MiB')} | | | flat "
        f"{_verdict_flat(small.get('peak_rss_mb'), big.get('peak_rss_mb'))} |",
    ]
    lines += ["", *load_table(results.get("load") or {})]
    lines.append("")
    lines.append("| SQL queries per request | page size 10 | page size 200 | constant |")
    lines.append("| --- | ---: | ---: | --- |")
    for name, row in (results.get("queries") or {}).items():
        constant = {True: "yes", False: "**no**", None: "n/a"}[row.get("constant")]
        lines.append(f"| {name} | {_fmt(row.get('10'))} | {_fmt(row.get('200'))} | {constant} |")
    return "\n".join(lines)


def load_table(load: dict) -> list[str]:
    if not load or "rps" not in load:
        return [f"Load test: {load.get('error', 'not run')}."]
    floor = load.get("floor", {})
    checks = load_targets(load)
    mark = {True: "✓", False: "✗", None: ""}
    return [
        f"| load test ({load.get('clients')} clients, {load.get('workers')} workers) "
        "| rps | p50 | p95 | p99 | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| API and page mix | {_fmt(load.get('rps'))} | {_fmt(load.get('p50_ms'), ' ms')} | "
        f"{_fmt(load.get('p95_ms'), ' ms')} | {_fmt(load.get('p99_ms'), ' ms')} | {load.get('errors')} |",
        f"| framework floor | {_fmt(floor.get('rps'))} | {_fmt(floor.get('p50_ms'), ' ms')} | "
        f"{_fmt(floor.get('p95_ms'), ' ms')} | {_fmt(floor.get('p99_ms'), ' ms')} | {floor.get('errors')} |",
        "",
        f"Mix ÷ floor throughput {_fmt(load.get('rps_to_floor'))} (≥ {LOAD_MIN_RPS_TO_FLOOR} "
        f"{mark[checks['load_rps_to_floor']['met']]}), p99 ÷ p50 {_fmt(load.get('p99_to_p50'))} "
        f"(≤ {LOAD_MAX_P99_TO_P50} {mark[checks['load_p99_to_p50']['met']]}), errors {load.get('errors')} "
        f"(0 {mark[checks['load_errors']['met']]}).",
    ]


def _verdict(value, target) -> str:
    if value is None:
        return ""
    return "✓" if value <= target else "✗"


def _verdict_flat(small, big) -> str:
    if small is None or big is None:
        return ""
    # Flat: the large run's peak within 10 % (+5 MiB of noise) of the small run's.
    return "✓" if big <= small * 1.1 + 5 else "✗"
