"""A fixed-window request counter in Django's cache, for the password-reset form.

Rates are written like the API's: "3/hour" (also s, m, d). The counters live in the default
cache: per process unless CACHE_URL points at Redis (then shared by every web process, like the
API throttle's).
"""

import hashlib

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """(requests, seconds) of "N/period"."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def allow(scope: str, ident: str, rate: str) -> bool:
    """Count one request of `ident` in `scope`; False once the window's limit is passed."""
    limit, seconds = parse_rate(rate)
    key = f"throttle:{scope}:{hashlib.sha256(ident.encode()).hexdigest()}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit
