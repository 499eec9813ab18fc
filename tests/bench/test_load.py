"""The load test's parts that time nothing: wrk's output, the summary, the mix file, the server's
environment, the floor's urlconf and the targets. (The load test itself runs in `make bench`.)"""

import json
import re

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from bench import cli, load, report
from bench.urls import FLOOR_BODY, floor

# What wrk 4.1 prints with bench/load.lua: its own summary, then the script's line.
WRK_OUTPUT = """Running 20s test @ http://127.0.0.1:41234/
  2 threads and 12 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.31ms    9.02ms 181.20ms   80.12%
    Req/Sec   282.33     40.10   370.00     70.00%
  11290 requests in 20.02s, 96.31MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    563.94
Transfer/sec:      4.81MB
BENCH-JSON {"duration_us": 20020000, "requests": 11290, "bytes": 100988231, "threads_capped": 0, \
"latency_mean_us": 21310.4, "latency_max_us": 181200, "p50_us": 19870, "p95_us": 38410, "p99_us": 52233, \
"errors": {"connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 2}, \
"statuses": {"200": 8390, "304": 2890, "301": 5, "429": 3, "500": 2}}
"""


def test_parse_wrk_reads_the_scripts_json_line():
    raw = load.parse_wrk(WRK_OUTPUT)
    assert raw["requests"] == 11290
    assert raw["p99_us"] == 52233
    assert raw["statuses"]["304"] == 2890


def test_parse_wrk_refuses_output_without_the_line():
    with pytest.raises(ValueError, match="BENCH-JSON"):
        load.parse_wrk("Running 20s test @ http://127.0.0.1:1/\nunable to connect to 127.0.0.1:1\n")


def test_summary_converts_to_milliseconds_and_rates():
    summary = load.summarize(load.parse_wrk(WRK_OUTPUT), clients=12)
    assert summary["rps"] == 563.9  # 11,290 requests in 20.02 s
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]) == (19.87, 38.41, 52.23)
    assert summary["max_ms"] == 181.2
    assert summary["statuses"] == {200: 8390, 301: 5, 304: 2890, 429: 3, 500: 2}
    assert summary["clients"] == 12
    assert summary["seconds"] == 20.02


def test_summary_counts_every_answer_but_200_and_304_and_every_socket_error():
    summary = load.summarize(load.parse_wrk(WRK_OUTPUT), clients=12)
    # 5 redirects + 3 throttled + 2 server errors, 1 read error + 2 timeouts (wrk's "status" counts
    # the >= 400 answers again, so it is not added).
    assert summary["errors"] == 13


def test_mix_lines_match_the_lua_pattern_and_send_etags_only_when_conditional():
    plain = load.Request("/api/agreements/?page_size=50")
    conditional = load.Request("/api/agreements/?page_size=50", conditional=True)
    page = load.Request("/agreements/?q=rare+earth", load.HTML, conditional=True)
    text = load.mix_lines([plain, conditional, page], {plain: '"a"', conditional: '"a"', page: None})
    # bench/load.lua: line:match("^([^\t]+)\t([^\t]+)\t?([^\t]*)$")
    pattern = re.compile(r"^([^\t]+)\t([^\t]+)\t?([^\t]*)$")
    rows = [pattern.match(line).groups() for line in text.splitlines()]
    assert rows == [
        ("/api/agreements/?page_size=50", "application/json", ""),
        ("/api/agreements/?page_size=50", "application/json", '"a"'),
        ("/agreements/?q=rare+earth", "text/html", ""),
    ]


def test_mix_lines_refuse_a_path_that_would_break_the_file():
    with pytest.raises(ValueError):
        load.mix_lines([load.Request("/api/\tx")], {})


def test_server_environment_is_production_on_the_loopback():
    env = load.server_environment(
        "postgres://postgres@127.0.0.1:5432/x_bench",
        static_root=load.ROOT / "var" / "static",
        cache="redis://127.0.0.1:6379/3",
        environ={"DJANGO_ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/bin"},
    )
    assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings"
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] == "0"
    assert len(env["DJANGO_SECRET_KEY"]) >= 50
    assert env["CACHE_URL"] == "redis://127.0.0.1:6379/3"
    assert env["DATABASE_URL"].endswith("/x_bench")
    assert env["PATH"] == "/bin"
    again = load.server_environment("postgres://h/x_bench", static_root=load.ROOT, cache="redis://h/1", environ={})
    assert again["DJANGO_SECRET_KEY"] != env["DJANGO_SECRET_KEY"]
    assert again["BENCH_CACHE_PREFIX"] != env["BENCH_CACHE_PREFIX"]


def test_cache_url_prefers_the_cache_then_the_brokers_redis():
    assert load.cache_url({"CACHE_URL": "redis://c:6379/4", "CELERY_BROKER_URL": "redis://b:6379/1"}) == (
        "redis://c:6379/4"
    )
    assert load.cache_url({"CACHE_URL": "", "CELERY_BROKER_URL": "redis://b:6379/1"}) == "redis://b:6379/1"
    assert load.cache_url({"CELERY_BROKER_URL": "filesystem://"}) == "redis://127.0.0.1:6379/0"


def test_the_floor_is_not_routed_by_production_urls():
    with pytest.raises(Resolver404):
        resolve(load.FLOOR_PATH, urlconf="tracker.urls")
    assert resolve(load.FLOOR_PATH, urlconf="bench.urls").func is floor
    # Every production route stays as it is under the bench's urlconf.
    assert resolve("/api/agreements/", urlconf="bench.urls").url_name == resolve("/api/agreements/").url_name


@pytest.mark.django_db
def test_the_floor_answers_its_fixed_body_through_the_middleware(client):
    assert client.get(load.FLOOR_PATH).status_code == 404
    with override_settings(ROOT_URLCONF="bench.urls"):
        response = client.get(load.FLOOR_PATH)
    assert response.status_code == 200
    assert json.loads(response.content) == FLOOR_BODY
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware ran
    assert "Content-Security-Policy" in response


def test_bench_settings_are_productions_with_the_floor_urls_and_a_cache_prefix(monkeypatch):
    import importlib

    import tracker.settings as production

    monkeypatch.setenv("BENCH_CACHE_PREFIX", "bench-run-1")
    import bench.settings as bench_settings

    bench_settings = importlib.reload(bench_settings)
    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.MIDDLEWARE == production.MIDDLEWARE
    assert bench_settings.CACHES["default"]["KEY_PREFIX"] == "bench-run-1"
    assert "KEY_PREFIX" not in production.CACHES["default"]


def test_load_targets_on_a_fixed_result():
    good = {"errors": 0, "rps_to_floor": 0.8, "p99_to_p50": 3.0}
    assert {name: check["met"] for name, check in report.load_targets(good).items()} == {
        "load_errors": True,
        "load_rps_to_floor": True,
        "load_p99_to_p50": True,
    }
    bad = {"errors": 2, "rps_to_floor": 0.69, "p99_to_p50": 5.1}
    assert not any(check["met"] for check in report.load_targets(bad).values())
    assert all(check["met"] is None for check in report.load_targets({}).values())


def test_the_table_shows_the_load_test_and_the_floor():
    summary = load.summarize(load.parse_wrk(WRK_OUTPUT), clients=12)
    results = {"load": {**summary, "floor": summary, "workers": 3, "rps_to_floor": 1.0, "p99_to_p50": 2.63}}
    text = report.table(results)
    assert "| load test (12 clients, 3 workers) |" in text
    assert "| API and page mix | 563.9 | 19.87 ms | 38.41 ms | 52.23 ms | 13 |" in text
    assert "| framework floor | 563.9 |" in text
    assert "errors 13 (0 ✗)" in text


def test_cli_runs_the_load_test_on_full_runs_only_and_keeps_enough_clients():
    assert cli.parse_args([]).load is True
    assert cli.parse_args(["--quick"]).load is False
    assert cli.parse_args(["--quick", "--load"]).load is True
    assert cli.parse_args(["--skip-load"]).load is False
    assert cli.parse_args(["--quick", "--load-only"]).load is True
    with pytest.raises(SystemExit):
        cli.parse_args(["--load-workers", "3", "--load-clients", "11"])


def test_every_read_gets_a_warm_and_a_304_key():
    for name in cli.READS:
        assert {f"{name}_ratio", f"{name}_warm_ratio", f"{name}_304_ratio"} <= set(cli.RESULT_KEYS)
    assert "load" in cli.RESULT_KEYS
