"""Settings of the load test's gunicorn (bench/load.py): production's tracker.settings, read from
the same environment, with two bench-only changes. The URLs add the framework-floor view
(bench/urls.py), which production's tracker.urls never routes; the cache keys get a per-run prefix,
so a body cached by an earlier run (whose data version may repeat in a fresh database) never answers.
"""

import os

from tracker.settings import *  # noqa: F403
from tracker.settings import CACHES as _PRODUCTION_CACHES

ROOT_URLCONF = "bench.urls"
CACHES = {
    alias: {**config, "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "bench")}
    for alias, config in _PRODUCTION_CACHES.items()
}
