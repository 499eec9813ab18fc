"""`python -m bench --quick` end to end at a tiny scale: it runs, writes every figure, cleans up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from bench import database, report
from bench.cli import READS, RESULT_KEYS
from bench.web import API_LISTS, PAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    """One tiny run shared by the tests of this module (about half a minute)."""
    output = tmp_path_factory.mktemp("bench") / "bench-results.json"
    base = database.base_url()
    name = f"{database.database_name(base)}_bench_pytest"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--scale",
            "0.005",
            "--repeat",
            "2",
            "--overdue-repeat",
            "1",
            "--database",
            name,
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": base},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return {"completed": completed, "output": output, "database": name, "url": base}


def test_quick_bench_exits_cleanly_and_prints_the_table(bench_run):
    completed = bench_run["completed"]
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "| GET /api/agreements/?page_size=50 |" in completed.stdout
    assert "| SQL queries per request |" in completed.stdout


def test_quick_bench_writes_every_top_level_figure(bench_run):
    results = json.loads(bench_run["output"].read_text())
    assert set(RESULT_KEYS) <= set(results)
    for key in [
        "api_agreements_ratio",
        "api_milestones_overdue_ratio",
        "api_search_ratio",
        "page_agreements_ratio",
        "flag_overdue_ratio",
    ]:
        assert isinstance(results[key], float) and results[key] > 0, key
    assert results["flag_overdue_peak_rss_mb"] > 10
    assert results["scale"]["factor"] == 0.005
    assert results["scale"]["agreements"] == 50
    assert results["machine"]["cpu_count"] >= 1
    assert results["machine"]["postgres"].startswith("PostgreSQL")
    assert len(results["machine"]["git"]["commit"]) == 40
    assert set(report.TARGETS) <= set(results["targets"])
    assert results["targets"]["queries_constant"]["met"] is True


def test_quick_bench_times_each_read_cold_warm_and_as_a_304(bench_run):
    results = json.loads(bench_run["output"].read_text())
    reads = {**results["api"], "page_agreements": results["page_agreements"]}
    for name in READS:
        entry = reads[name]
        for key in (f"{name}_ratio", f"{name}_warm_ratio", f"{name}_304_ratio"):
            assert isinstance(results[key], float) and results[key] > 0, (key, entry.get("not_modified_error"))
        # Cold really was cold: the bench's UPDATE moved the app's data version.
        assert entry["version_moves"] is True, name
        # Warm served the body the cold request rendered; a 304 and a warm hit need no page query.
        assert entry["warm_same_body"] is True, name
        assert entry["queries_warm"] < entry["queries"], name
        assert entry["queries_304"] < entry["queries"], name
    assert "load" not in results or results["load"] is None  # --quick skips the load test


def test_quick_bench_baselines_answer_the_same_rows_as_the_app(bench_run):
    results = json.loads(bench_run["output"].read_text())
    for name, entry in results["api"].items():
        assert entry["comparison"]["same_count"], name
        assert entry["comparison"]["same_rows"], (name, entry["comparison"]["first_difference"])
        # The baseline builds the whole read shape, so its cost is the cost of the same document.
        assert entry["comparison"]["keys_only_in_app"] == [], name
    assert results["page_agreements"]["comparison"]["same_rows"]


def test_quick_bench_counts_queries_of_every_list_at_page_sizes_10_and_200(bench_run):
    queries = json.loads(bench_run["output"].read_text())["queries"]
    assert set(queries) == set(API_LISTS) | set(PAGES)
    for name, row in queries.items():
        assert isinstance(row["10"], int) and isinstance(row["200"], int), name
        assert row["constant"] is True, (name, row)


def test_quick_bench_overdue_job_did_the_same_work_as_the_raw_update(bench_run):
    overdue = json.loads(bench_run["output"].read_text())["flag_overdue"]
    for size in ("small", "large"):
        assert overdue[size]["same_work"], overdue[size]
        assert overdue[size]["late_rows"] > 0
    assert overdue["large"]["rows"] > overdue["small"]["rows"]


def test_quick_bench_drops_its_database(bench_run):
    with psycopg.connect(database.with_database(bench_run["url"], "postgres")) as conn:
        names = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
    assert bench_run["database"] not in names
