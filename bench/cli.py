"""`python -m bench`: generate the data, measure the app against raw SQL, write bench-results.json.

Steps: recreate the bench database (`<DATABASE_URL name>_bench`, never the configured one),
migrate it, generate the synthetic data set, time the API and the search page against their
raw-SQL baselines (cold, warm and 304), count SQL queries per request at page sizes 10 and 200,
time the overdue job over a separate set of milestones (small and large) against one raw UPDATE,
then load-test gunicorn over HTTP (bench/load.py; full runs and --load-only).
"""

import argparse
import datetime
import os
import sys
import time
import warnings
from pathlib import Path

from bench import database
from bench.scale import QUICK_FACTOR, Scale

ROOT = Path(__file__).resolve().parent.parent
RESULT_KEYS = [
    "api_agreements_ratio",
    "api_milestones_overdue_ratio",
    "api_search_ratio",
    "page_agreements_ratio",
    "flag_overdue_ratio",
    "flag_overdue_peak_rss_mb",
    "queries",
]
# The four reads timed cold (`<name>_ratio` above), warm and as a 304.
READS = ["api_agreements", "api_milestones_overdue", "api_search", "page_agreements"]
RESULT_KEYS += [f"{name}_{cost}_ratio" for name in READS for cost in ("warm", "304")]
RESULT_KEYS += ["load"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"small scale for CI (--scale {QUICK_FACTOR})")
    parser.add_argument("--scale", type=float, help="factor on the default data set (1 = 10,000 agreements)")
    parser.add_argument("--repeat", type=int, help="timed runs per measurement (median); default 15, quick 5")
    parser.add_argument("--overdue-repeat", type=int, help="runs of the overdue job per size; default 3")
    parser.add_argument("--output", default="bench-results.json", help="where to write the JSON results")
    parser.add_argument("--database", help="name of the bench database (default: <DATABASE_URL name>_bench)")
    parser.add_argument("--keep-db", action="store_true", help="keep the bench database after the run")
    parser.add_argument("--skip-overdue", action="store_true", help="skip the overdue-job measurement")
    parser.add_argument("--profile", metavar="DIR", help="also write pyinstrument profiles of every measurement")
    load = parser.add_mutually_exclusive_group()
    load.add_argument("--load", action="store_true", default=None, help="run the HTTP load test (default: not --quick)")
    load.add_argument("--skip-load", dest="load", action="store_false", help="skip the HTTP load test")
    load.add_argument(
        "--load-only", action="store_true", help="generate the data, run only the load test, update `load` in --output"
    )
    parser.add_argument("--load-seconds", type=float, default=20, help="seconds per load-test run (default 20)")
    parser.add_argument("--load-workers", type=int, default=3, help="gunicorn workers (default 3, as docker-compose)")
    parser.add_argument("--load-clients", type=int, help="concurrent clients (default 4 x workers)")
    args = parser.parse_args(argv)
    if args.load is None:
        args.load = not args.quick
    if args.load_only:
        args.load = True
    if args.load_clients is not None and args.load_clients < 4 * args.load_workers:
        parser.error("--load-clients must be at least 4 x --load-workers")
    if args.scale is None:
        args.scale = QUICK_FACTOR if args.quick else 1.0
    if args.repeat is None:
        args.repeat = 5 if args.quick else 15
    if args.overdue_repeat is None:
        args.overdue_repeat = 3
    return args


def _prepare_environment(url: str) -> None:
    """Settings for an in-process run against the bench database (before django.setup())."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    hosts = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
    os.environ["DJANGO_ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*hosts, "testserver", "localhost", "127.0.0.1"]))
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    # The throttles still run (their cache work is part of every request), but never refuse.
    os.environ["API_THROTTLE_ANON"] = "100000000/hour"
    os.environ["API_THROTTLE_USER"] = "100000000/hour"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # WhiteNoise warns once per handler when collectstatic has not run; the bench needs no files.
    warnings.filterwarnings("ignore", message="No directory at")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    scale = Scale.of(args.scale)
    base = database.base_url()
    url = database.bench_url(base, args.database)
    log = lambda message: print(message, flush=True)  # noqa: E731
    log(f"Minerals Tracker benchmark: scale {scale.factor} into database {database.database_name(url)!r}")

    database.recreate(url)
    _prepare_environment(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.utils import timezone

    # Pages render {% static %} without a collectstatic manifest, as the test suite does.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    # Cached bodies in Redis with a per-run prefix, as production keeps them (bench/settings.py).
    from bench import load as load_test

    cache_prefix = f"bench-{os.getpid()}-{int(time.time())}"
    override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": load_test.cache_url(),
                "KEY_PREFIX": cache_prefix,
            }
        }
    ).enable()

    results: dict = dict.fromkeys(RESULT_KEYS)
    conn = None
    try:
        step = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        log(f"migrated in {time.perf_counter() - step:.1f} s")
        today = timezone.localdate()
        conn = database.connect(url)
        conn.execute("SET TIME ZONE 'UTC'")
        results.update(
            {
                "scale": scale.as_dict(),
                "today": today.isoformat(),
                "repeat": args.repeat,
                "machine": {"postgres": database.server_version(conn)},
                "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
                "cache": {"location": load_test.cache_url(), "key_prefix": cache_prefix},
            }
        )
        if args.load_only:
            load_results = _load_only(args, scale, conn, url, today, log)
        else:
            results.update(_run(args, scale, conn, url, today, log))
    finally:
        from django.db import connections

        connections.close_all()
        if conn is not None:
            conn.close()
        if not args.keep_db:
            database.drop(url)

    from bench import report

    machine = report.machine(results["machine"]["postgres"], ROOT)
    if args.load_only:
        # The other figures stay those of the last full run; the load test carries its own machine.
        results = _previous(Path(args.output))
        results["load"] = {**load_results, "machine": machine, "scale": scale.as_dict()}
    else:
        results["machine"] = machine
    results["targets"] = report.targets(results)
    results["seconds_total"] = round(time.perf_counter() - started, 1)
    output = Path(args.output)
    report.write(results, output)
    log("")
    log(report.table(results))
    log(f"\nwrote {output} in {results['seconds_total']:.0f} s")
    return 0


def _previous(path: Path) -> dict:
    import json

    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return dict.fromkeys(RESULT_KEYS)


def _generate(conn, scale: Scale, today: datetime.date, log) -> dict:
    from bench import generate

    out: dict = {}
    step = time.perf_counter()
    out["generate_seconds"] = generate.generate(conn, scale, today=today, log=log)
    out["data"] = generate.data_summary(conn, today)
    log(f"data generated in {time.perf_counter() - step:.1f} s: {out['data']}")
    return out


def _load(args, conn, url: str, log) -> dict:
    from bench import load

    step = time.perf_counter()
    out = load.measure(
        url, conn, workers=args.load_workers, clients=args.load_clients, seconds=args.load_seconds, log=log
    )
    log(f"load test in {time.perf_counter() - step:.1f} s")
    return out


def _load_only(args, scale: Scale, conn, url: str, today: datetime.date, log) -> dict:
    _generate(conn, scale, today, log)
    return _load(args, conn, url, log)


def _run(args, scale: Scale, conn, url: str, today: datetime.date, log) -> dict:
    from bench import overdue, web

    out = _generate(conn, scale, today, log)
    app = web.App()
    version = web.DataVersion(conn)
    step = time.perf_counter()
    out["queries"] = web.query_counts(app, version)
    log(f"query counts in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    out["api"] = web.measure_api(app, conn, version, today=today, repeat=args.repeat)
    out["page_agreements"] = web.measure_page(app, conn, version, today=today, repeat=args.repeat)
    log(f"API and page timings in {time.perf_counter() - step:.1f} s")
    reads = {**out["api"], "page_agreements": out["page_agreements"]}
    for name in READS:
        out[f"{name}_ratio"] = reads[name].get("ratio")
        out[f"{name}_warm_ratio"] = reads[name].get("warm_ratio")
        out[f"{name}_304_ratio"] = reads[name].get("not_modified_ratio")

    if args.load:
        out["load"] = _load(args, conn, url, log)

    if args.profile:
        from bench import profiling

        profiling.profile_web(app, Path(args.profile), version=version, log=log)

    if not args.skip_overdue:
        step = time.perf_counter()
        sizes = {"small": scale.overdue_rows_small, "large": scale.overdue_rows}
        out["flag_overdue"] = {}
        for label, rows in sizes.items():
            log(f"overdue job, {label}: {rows:,} milestones")
            out["flag_overdue"][label] = overdue.measure(
                conn, url, rows=rows, agreements=scale.agreements, today=today, repeat=args.overdue_repeat, log=log
            )
        large, small = out["flag_overdue"]["large"], out["flag_overdue"]["small"]
        out["flag_overdue_ratio"] = large["ratio"]
        out["flag_overdue_peak_rss_mb"] = large["peak_rss_mb"]
        out["flag_overdue_peak_rss_small_mb"] = small["peak_rss_mb"]
        if large["peak_rss_mb"] is not None and small["peak_rss_mb"] is not None:
            out["flag_overdue_rss_growth_mb"] = round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)
        if args.profile:
            from bench import profiling

            profiling.profile_overdue(url, Path(args.profile), today=today, conn=conn, log=log)
        log(f"overdue job in {time.perf_counter() - step:.1f} s")
    return out
