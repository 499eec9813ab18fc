"""The load test's URLs: every production route (tracker.urls) plus the framework floor.

The floor is the least a request can cost here: a fixed JSON body through the same middleware,
no database, no template. Only bench/settings.py routes it, never production.
"""

from django.http import JsonResponse
from django.urls import path

from bench.load import FLOOR_PATH
from tracker import urls as production

FLOOR_BODY = {"status": "ok", "what": "the framework floor of the load test"}


def floor(request):
    return JsonResponse(FLOOR_BODY)


urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor, name="bench-floor"), *production.urlpatterns]
handler400 = production.handler400
handler404 = production.handler404
handler500 = production.handler500
