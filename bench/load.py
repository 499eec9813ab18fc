"""The load test: gunicorn with the production settings on PostgreSQL and Redis, driven over real
HTTP on the loopback by wrk (Debian's package) with a fixed mix of reads, then the same clients on
the framework floor (bench/urls.py). Bounded in time (`duration` per run) and in count (a cap per
wrk thread), never reachable from outside (127.0.0.1 only).

Needs no Django setup: the server runs in its own processes.
"""

import dataclasses
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "load.lua"
JSON_MARKER = "BENCH-JSON "
# Routed by bench/urls.py only.
FLOOR_PATH = "/bench/floor/"
OK_STATUSES = {200, 304}
JSON, HTML = "application/json", "text/html"


@dataclasses.dataclass(frozen=True)
class Request:
    path: str
    accept: str = JSON
    conditional: bool = False  # sent with If-None-Match: the ETag of its own 200


def cache_url(environ=os.environ) -> str:
    """Redis for the cache, as in production: CACHE_URL when it names Redis, else the broker's
    Redis server and database (keys carry a per-run prefix), else the local default."""
    for name in ("CACHE_URL", "CELERY_BROKER_URL"):
        value = environ.get(name, "")
        if value.startswith(("redis://", "rediss://")):
            return value
    return "redis://127.0.0.1:6379/0"


def mix(conn: psycopg.Connection) -> list[Request]:
    """API lists, details, search, the search page and conditional requests (a quarter of them)."""
    slugs = [row[0] for row in conn.execute("SELECT slug FROM agreements_agreement ORDER BY id LIMIT 6")]
    milestones = [row[0] for row in conn.execute("SELECT id FROM agreements_milestone ORDER BY id LIMIT 3")]
    party = conn.execute("SELECT slug FROM agreements_party ORDER BY id LIMIT 1").fetchone()[0]
    lists = [
        Request("/api/agreements/?page_size=50"),
        Request("/api/milestones/?overdue=true&page_size=50"),
        Request("/api/milestones/?due_within=90"),
        Request("/api/parties/"),
    ]
    details = [
        *(Request(f"/api/agreements/{slug}/") for slug in slugs),
        *(Request(f"/api/milestones/{pk}/") for pk in milestones),
        Request(f"/api/parties/{party}/"),
    ]
    search = [Request("/api/agreements/?search=rare+earth"), Request("/api/agreements/?search=lithium")]
    pages = [
        Request("/agreements/?q=rare+earth", HTML),
        Request("/agreements/?mineral=mineral-group-1&status=implementing", HTML),
    ]
    conditional = [
        Request("/api/agreements/?page_size=50", conditional=True),
        Request("/api/milestones/?overdue=true&page_size=50", conditional=True),
        Request(f"/api/agreements/{slugs[0]}/", conditional=True),
        Request(f"/api/milestones/{milestones[0]}/", conditional=True),
        Request("/api/agreements/?search=rare+earth", conditional=True),
        Request("/agreements/?q=rare+earth", HTML, conditional=True),
    ]
    return [*lists, *details, *search, *pages, *conditional]


def mix_lines(requests: list[Request], etags: dict[Request, str | None]) -> str:
    """The mix file bench/load.lua reads: "path<TAB>accept<TAB>etag" per request."""
    lines = []
    for request in requests:
        etag = (etags.get(request) or "") if request.conditional else ""
        if "\t" in request.path or "\n" in request.path or "\t" in etag:
            raise ValueError(f"unusable request {request!r}")
        lines.append(f"{request.path}\t{request.accept}\t{etag}")
    return "\n".join(lines) + "\n"


def parse_wrk(output: str) -> dict:
    """The JSON line bench/load.lua prints at the end of a wrk run."""
    for line in output.splitlines():
        if line.startswith(JSON_MARKER):
            return json.loads(line[len(JSON_MARKER) :])
    raise ValueError(f"no {JSON_MARKER.strip()} line in wrk's output: {output[-500:]!r}")


def summarize(raw: dict, *, clients: int) -> dict:
    """rps, latency percentiles in ms and errors from one wrk run. An error is a failed socket
    operation or any answer but 200 and 304 (a redirect or a 429 would otherwise look fast)."""
    statuses = {int(status): count for status, count in raw["statuses"].items()}
    socket_errors = sum(raw["errors"][kind] for kind in ("connect", "read", "write", "timeout"))
    unexpected = sum(count for status, count in statuses.items() if status not in OK_STATUSES)
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds, 1) if seconds else None,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["latency_max_us"] / 1000, 2),
        "errors": socket_errors + unexpected,
        "socket_errors": raw["errors"],
        "statuses": dict(sorted(statuses.items())),
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "clients": clients,
        # A thread that reached its cap idled for the rest of the run: its rps reads low.
        "threads_capped": raw["threads_capped"],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, *, static_root: Path, cache: str, environ=os.environ) -> dict:
    """Production settings (debug off, a fresh secret key, the loopback host only) with the bench's
    urlconf. Loopback has no TLS proxy, so no HTTPS redirect; the API throttles would refuse a
    load test within a second, so their rates are raised (they still count every request)."""
    keep = {name: value for name, value in environ.items() if not name.startswith(("DJANGO_", "PYTEST"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": cache,
        "BENCH_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:12]}",
        "STATIC_ROOT": str(static_root),
        "API_THROTTLE_ANON": "100000000/hour",
        "API_THROTTLE_USER": "100000000/hour",
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """gunicorn in its own process group, as docker-compose runs it (access log included)."""

    def __init__(self, env: dict, *, workers: int, directory: Path):
        self.env, self.workers, self.directory = env, workers, directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=600,
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tracker.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--access-logfile",
                str(self.directory / "access.log"),
                "--error-logfile",
                str(self.directory / "error.log"),
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if self.get(FLOOR_PATH)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s: {self.log_tail()}")

    def get(self, path: str, **headers) -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, {name.lower(): value for name, value in response.getheaders()}
        finally:
            connection.close()

    def log_tail(self) -> str:
        path = self.directory / "error.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def etags(server: Server, requests: list[Request]) -> dict[Request, str | None]:
    """Each request once (a warm cache, as polling clients keep it), with its ETag; every plain
    answer must be a 200 and every conditional one a 304, or the mix measures something else."""
    found: dict[Request, str | None] = {}
    for request in requests:
        status, headers = server.get(request.path, Accept=request.accept)
        if status != 200:
            raise RuntimeError(f"GET {request.path} answered {status} before the load test")
        found[request] = headers.get("etag")
    for request in requests:
        if request.conditional and found[request]:
            status, _headers = server.get(request.path, Accept=request.accept, **{"If-None-Match": found[request]})
            if status != 304:
                found[request] = None  # sent unconditionally then; reported below
    return found


def run_wrk(server: Server, mix_file: Path, *, clients: int, threads: int, seconds: float, cap: int) -> dict:
    completed = subprocess.run(
        [
            "wrk",
            f"--threads={threads}",
            f"--connections={clients}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=10s",
            f"--script={LUA_SCRIPT}",
            f"http://127.0.0.1:{server.port}/",
            "--",
            str(mix_file),
            str(cap),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr[-1000:]}")
    return summarize(parse_wrk(completed.stdout), clients=clients)


def measure(
    database_url: str,
    conn: psycopg.Connection,
    *,
    workers: int = 3,
    clients: int | None = None,
    seconds: float = 20,
    cap: int = 500_000,
    log=print,
) -> dict:
    """The app's mix and the floor under the same clients: `load` in bench-results.json."""
    if shutil.which("wrk") is None:
        return {"error": "wrk is not installed (apt-get install wrk)"}
    clients = clients or 4 * workers
    threads = min(clients, max(1, os.cpu_count() or 1))
    requests = mix(conn)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        directory = Path(tmp)
        env = server_environment(database_url, static_root=directory / "static", cache=cache_url())
        log(f"load test: gunicorn with {workers} workers, {clients} clients, {seconds:g} s per run")
        with Server(env, workers=workers, directory=directory) as server:
            found = etags(server, requests)
            app_file = directory / "mix.txt"
            app_file.write_text(mix_lines(requests, found))
            floor_file = directory / "floor.txt"
            floor_file.write_text(mix_lines([Request(FLOOR_PATH)], {}))
            # Warm-up: every worker has imported, compiled its templates and opened its connections.
            run_wrk(server, app_file, clients=clients, threads=threads, seconds=2, cap=cap)
            app = run_wrk(server, app_file, clients=clients, threads=threads, seconds=seconds, cap=cap)
            floor = run_wrk(server, floor_file, clients=clients, threads=threads, seconds=seconds, cap=cap)
    result = {
        **app,
        "floor_rps": floor["rps"],
        "rps_to_floor": round(app["rps"] / floor["rps"], 2) if app["rps"] and floor["rps"] else None,
        "p99_to_p50": round(app["p99_ms"] / app["p50_ms"], 2) if app["p50_ms"] else None,
        "floor": floor,
        "workers": workers,
        "wrk_threads": threads,
        "mix": [
            {"path": r.path, "accept": r.accept, "if_none_match": bool(r.conditional and found.get(r))}
            for r in requests
        ],
        "conditional_without_304": [r.path for r in requests if r.conditional and not found.get(r)],
    }
    log(
        f"load: {result['rps']} rps (floor {result['floor_rps']}), p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, errors {result['errors']}"
    )
    return result
