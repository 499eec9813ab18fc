"""The client's IP address (and user name), as the sign-in lockout and the throttles count it.

Behind a proxy, REMOTE_ADDR is the proxy: every client would share one address (and one lockout).
`TRUSTED_PROXY_COUNT` (settings) says how many proxies in front of the app append the address they
saw to X-Forwarded-For; the client is then that many entries from the right. Entries further left
come from the client itself and are never trusted. Same rule as DRF's NUM_PROXIES.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
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


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The user name django-axes counts a sign-in under (AXES_USERNAME_CALLABLE).

    allauth's form signs in with a user name or an e-mail address; an address that belongs to
    exactly one account counts as that account's user name, so five wrong passwords typed with
    the address and five with the name don't make ten. The admin's form sends `username`.
    """
    credentials = credentials or {}
    typed = credentials.get("username") or credentials.get("email") or credentials.get("login")
    if not typed and request is not None:  # axes' success log passes no credentials
        typed = request.POST.get("login") or request.POST.get("username")
    if not typed or "@" not in typed:
        return typed
    model = get_user_model()
    names = list(model._default_manager.filter(email__iexact=typed).values_list(model.USERNAME_FIELD, flat=True)[:2])
    return names[0] if len(names) == 1 else typed
