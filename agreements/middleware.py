"""A bound on the query string of every HTML page: longer is a 400 page naming the limit.

No page needs more than a few hundred bytes of filters; a long query string is a mistake or an
attempt to make the site work for nothing (a page may repeat its state in many links, and
each parameter is parsed and validated). The check is a middleware, not a decorator on the
page views, so that it covers every page (accounts, language switch, feeds and any page added
later) and answers before a view runs a query. It sits last in MIDDLEWARE, so the 400 still
gets every security header and the visitor's language.

Not under /api/ (the API answers its own JSON errors) nor /admin/.
"""

from django.shortcuts import render

MAX_QUERY_STRING_BYTES = 4096
EXEMPT_PREFIXES = ("/api/", "/admin/")


class QueryStringLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # WSGI and ASGI both hand Django the raw query string as latin-1 text: one character a byte.
        length = len(request.META.get("QUERY_STRING", ""))
        if length > MAX_QUERY_STRING_BYTES and not request.path_info.startswith(EXEMPT_PREFIXES):
            return render(
                request,
                "agreements/query_too_long.html",
                {"length": length, "limit": MAX_QUERY_STRING_BYTES},
                status=400,
            )
        return self.get_response(request)
