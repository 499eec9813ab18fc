"""bench-results.json and the table printed at the end of a run."""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

TARGETS = {
    "api_agreements_ratio": 2.0,
    "api_milestones_overdue_ratio": 2.0,
    "api_search_ratio": 2.0,
    "page_agreements_ratio": 3.0,
    "flag_overdue_ratio": 1.5,
}


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
    return out


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


def table(results: dict) -> str:
    """A Markdown table (pasted into the README as it is)."""
    api = results.get("api", {})
    page = results.get("page_agreements", {})
    overdue = results.get("flag_overdue", {})
    big = overdue.get("large", {})
    rows = [
        ("GET /api/agreements/?page_size=50", api.get("api_agreements", {}), "api_agreements_ratio", "ms"),
        (
            "GET /api/milestones/?overdue=true&page_size=200",
            api.get("api_milestones_overdue", {}),
            "api_milestones_overdue_ratio",
            "ms",
        ),
        ("GET /api/agreements/?search=rare earth", api.get("api_search", {}), "api_search_ratio", "ms"),
        ("GET /agreements/ (two facets)", page, "page_agreements_ratio", "ms"),
    ]
    lines = [
        "| measurement | app | raw-SQL baseline | ratio | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, entry, key, _unit in rows:
        lines.append(
            f"| {label} | {_fmt(entry.get('app_ms'), ' ms')} | {_fmt(entry.get('baseline_ms'), ' ms')} | "
            f"{_fmt(results.get(key))}× | ≤ {TARGETS[key]}× {_verdict(results.get(key), TARGETS[key])} |"
        )
    rows_label = f"{big.get('rows', 0):,}" if big.get("rows") else "n/a"
    lines.append(
        f"| flag_overdue over {rows_label} milestones | {_fmt(big.get('app_seconds'), ' s')} | "
        f"{_fmt(big.get('raw_seconds'), ' s')} | {_fmt(results.get('flag_overdue_ratio'))}× | "
        f"≤ 1.5× {_verdict(results.get('flag_overdue_ratio'), 1.5)} |"
    )
    small = overdue.get("small", {})
    lines.append(
        f"| flag_overdue peak RSS ({small.get('rows', 0):,} → {big.get('rows', 0):,} rows) | "
        f"{_fmt(small.get('peak_rss_mb'), ' MiB')} → {_fmt(big.get('peak_rss_mb'), ' MiB')} | | | flat "
        f"{_verdict_flat(small.get('peak_rss_mb'), big.get('peak_rss_mb'))} |"
    )
    lines.append("")
    lines.append("| SQL queries per request | page size 10 | page size 200 | constant |")
    lines.append("| --- | ---: | ---: | --- |")
    for name, row in results.get("queries", {}).items():
        constant = {True: "yes", False: "**no**", None: "n/a"}[row.get("constant")]
        lines.append(f"| {name} | {_fmt(row.get('10'))} | {_fmt(row.get('200'))} | {constant} |")
    return "\n".join(lines)


def _verdict(value, target) -> str:
    if value is None:
        return ""
    return "✓" if value <= target else "✗"


def _verdict_flat(small, big) -> str:
    if small is None or big is None:
        return ""
    # Flat: the large run's peak within 10 % (+5 MiB of noise) of the small run's.
    return "✓" if big <= small * 1.1 + 5 else "✗"
