"""Error views: under /api/ a JSON body (the schema documents `{"detail": ...}`), elsewhere the
site's own pages. A URL that no API route matches (`/api/milestones/1.5/`) is still an API 404."""

from django.http import HttpRequest, JsonResponse
from django.views import defaults


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
