"""The client's IP address, as the sign-in lockout and the password-reset throttle count it.

Behind a proxy, REMOTE_ADDR is the proxy: every client would share one address (and one lockout).
`TRUSTED_PROXY_COUNT` (settings) says how many proxies in front of the app append the address they
saw to X-Forwarded-For; the client is then that many entries from the right. Entries further left
come from the client itself and are never trusted. Same rule as DRF's NUM_PROXIES.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address (a misconfigured proxy): don't store garbage, fall back
        return remote
