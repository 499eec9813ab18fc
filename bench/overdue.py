"""The overdue job against one raw SQL statement doing the same flagging work, and its memory.

The data set is separate (generate.generate_overdue_set): N absolute milestones, 10 % late and not
yet flagged, 0.5 % stale flags to clear, 5 % flagged on an earlier day. Before every run the
table is put back into that state (generate.reset_overdue_set, then VACUUM), so each run does
the same work. Runs alternate between the app and the baseline.

The app's run is `agreements.services.overdue.flag_overdue(today=, now=)` in a fresh process
(bench.overdue_child), whose peak RSS (VmHWM) is read from /proc: it shows whether memory grows
with the table (it must stay flat: a set-based job holds no list of rows).
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench import generate

ROOT = Path(__file__).resolve().parent.parent

# Flag newly overdue, clear stale flags, log one alert per change: one statement.
RAW_FLAG_SQL = """
WITH flagged AS (
    UPDATE agreements_milestone SET overdue_since = %(now)s, updated_at = %(now)s
    WHERE status IN ('pending', 'in_progress') AND deadline < %(today)s AND overdue_since IS NULL
    RETURNING id, deadline
), cleared AS (
    UPDATE agreements_milestone SET overdue_since = NULL, updated_at = %(now)s
    WHERE overdue_since IS NOT NULL AND NOT (status IN ('pending', 'in_progress') AND deadline < %(today)s)
    RETURNING id, deadline
), logged AS (
    INSERT INTO agreements_alert (kind, milestone_id, deadline, created_at)
    SELECT 'flagged', id, deadline, %(now)s FROM flagged
    UNION ALL
    SELECT 'cleared', id, deadline, %(now)s FROM cleared
    RETURNING kind
)
SELECT count(*) FILTER (WHERE kind = 'flagged'), count(*) FILTER (WHERE kind = 'cleared') FROM logged
"""


def run_raw(conn: psycopg.Connection, *, today: datetime.date, now: datetime.datetime) -> dict:
    started = time.perf_counter()
    flagged, cleared = conn.execute(RAW_FLAG_SQL, {"today": today, "now": now}, prepare=False).fetchone()
    return {"seconds": round(time.perf_counter() - started, 4), "flagged": flagged, "cleared": cleared}


def run_app(url: str, *, today: datetime.date, now: datetime.datetime, profile: bool = False) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    args = [sys.executable, "-m", "bench.overdue_child", today.isoformat(), now.isoformat()]
    if profile:
        args.append("--profile")
    completed = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        return {"error": (completed.stderr or completed.stdout)[-2000:]}
    report = json.loads(lines[-1])
    if isinstance(report.get("result"), dict):
        report["flagged"] = report["result"].get("flagged")
        report["cleared"] = report["result"].get("cleared")
    return report


def measure(
    conn: psycopg.Connection,
    url: str,
    *,
    rows: int,
    agreements: int,
    today: datetime.date,
    repeat: int,
    log=print,
) -> dict:
    """Generates `rows` milestones, then times the app's job and the raw statement, alternating."""
    generated = generate.generate_overdue_set(conn, rows=rows, agreements=agreements, today=today)
    log(f"  overdue set of {rows:,} milestones generated in {generated:.1f} s")
    now = datetime.datetime.combine(today, datetime.time(6, 0), tzinfo=datetime.UTC)
    app_runs, raw_runs = [], []
    for index in range(repeat):
        order = ("app", "raw") if index % 2 == 0 else ("raw", "app")
        for which in order:
            generate.reset_overdue_set(conn)
            if which == "app":
                run = run_app(url, today=today, now=now)
                app_runs.append(run)
                if "error" in run:
                    log(f"  flag_overdue failed: {run['error'][-500:]}")
                    break
                log(f"  flag_overdue  {run['seconds']:8.3f} s  peak RSS {run['rss_peak_mb']} MiB  {run.get('result')}")
            else:
                run = run_raw(conn, today=today, now=now)
                raw_runs.append(run)
                log(f"  raw UPDATE    {run['seconds']:8.3f} s  flagged {run['flagged']}, cleared {run['cleared']}")
        if app_runs and "error" in app_runs[-1]:
            break
    generate.reset_overdue_set(conn)
    ok_runs = [run for run in app_runs if "error" not in run]
    app_median = statistics.median(run["seconds"] for run in ok_runs) if ok_runs else None
    raw_median = statistics.median(run["seconds"] for run in raw_runs) if raw_runs else None
    same_work = bool(ok_runs) and all(
        (run.get("flagged"), run.get("cleared")) == (raw_runs[0]["flagged"], raw_runs[0]["cleared"]) for run in ok_runs
    )
    return {
        "rows": rows,
        "late_rows": raw_runs[0]["flagged"] if raw_runs else None,
        "stale_flags": raw_runs[0]["cleared"] if raw_runs else None,
        "app_seconds": round(app_median, 4) if app_median is not None else None,
        "raw_seconds": round(raw_median, 4) if raw_median is not None else None,
        "ratio": round(app_median / raw_median, 2) if app_median and raw_median else None,
        "peak_rss_mb": max((run["rss_peak_mb"] for run in ok_runs), default=None),
        "rss_before_job_mb": max((run["rss_before_mb"] for run in ok_runs), default=None),
        "same_work": same_work,
        "error": app_runs[-1]["error"][-1000:] if app_runs and "error" in app_runs[-1] else None,
        "app_runs": app_runs,
        "raw_runs": raw_runs,
    }
