"""`/healthz`: is this process able to serve? Checks the database and the Celery broker.

Answers 200 with a JSON body when both answer, 503 when either does not, and never a 500:
every check catches its own failure. The body names what failed but never the connection
string or the error text (they may carry credentials or host names).
"""

import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds a probe waits for a server before calling it down; load balancers probe often.
CHECK_TIMEOUT = float(os.environ.get("HEALTHZ_TIMEOUT", "2"))


def check_database() -> None:
    """Runs `SELECT 1` on the default database; raises when it cannot."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A broken persistent connection must not poison the next request: drop it.
        try:
            connection.close()
        except Exception:
            logger.debug("healthz: closing the broken database connection failed", exc_info=True)
        raise


def check_broker() -> None:
    """Proves the broker takes messages: a writable folder (filesystem transport) or a live server."""
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        folders = {options.get("data_folder_in"), options.get("data_folder_out")} - {None}
        if not folders:
            raise RuntimeError("filesystem broker has no data folder configured")
        for folder in folders:
            path = Path(folder)
            path.mkdir(parents=True, exist_ok=True)
            # Writing is the only reliable test (os.access ignores read-only mounts and ACLs).
            with tempfile.NamedTemporaryFile(dir=path, prefix=".healthz-", delete=True) as probe:
                probe.write(b"ok")
                probe.flush()
        return
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT)
        try:
            if not client.ping():
                raise RuntimeError("redis did not answer PING")
        finally:
            client.close()
        return
    # Any other transport (AMQP, …): ask kombu to open and release one connection.
    from kombu import Connection

    with Connection(url, connect_timeout=CHECK_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)


CHECKS = {"database": check_database, "broker": check_broker}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:
            logger.warning("healthz: %s check failed: %s", name, error.__class__.__name__, exc_info=True)
            results[name] = {"ok": False, "error": error.__class__.__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return results


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        checks = run_checks()
    except Exception:  # pragma: no cover - run_checks already catches per check; belt and braces
        logger.exception("healthz: unexpected failure")
        return JsonResponse({"status": "error", "checks": {}}, status=503)
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
