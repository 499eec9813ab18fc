"""Error views: under /api/ a JSON body (the schema documents `{"detail": ...}`), elsewhere the
site's own pages. A URL that no API route matches (`/api/milestones/1.5/`) is still an API 404.

A request that fails because the database is unreachable answers 503 with `Retry-After`, not
500: the outage is the server's state, not a bug, and clients and proxies may retry.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

RETRY_AFTER_SECONDS = 30
UNAVAILABLE_HTML = (
    "<!doctype html><html lang=en><title>Service unavailable</title>"
    "<h1>Service briefly unavailable</h1><p>The database cannot be reached. Please try again in a minute.</p>"
)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _database_down() -> bool:
    # Called by Django while it handles the exception, so the exception is still current.
    return isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))


def bad_request(request: HttpRequest, exception: Exception):
    # Django answers itself before any view when a request is malformed or too large
    # (`RequestDataTooBig` past DATA_UPLOAD_MAX_MEMORY_SIZE, a bad host).
    if _is_api(request):
        return JsonResponse({"detail": "Bad request: the request is malformed or too large."}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    if _database_down():
        if _is_api(request):
            response = JsonResponse({"detail": "Service unavailable: the database cannot be reached."}, status=503)
        else:
            response = HttpResponse(UNAVAILABLE_HTML, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
