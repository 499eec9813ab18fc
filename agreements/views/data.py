"""`/data/`: the published data set as a download (agreements/datapackage.py).

Each file is built once per data version (agreements/data_version.py) and kept in the cache, so
the package is regenerated when the data change and only then; a download carries an ETag (a
hash of its bytes), and a client that sends it back gets a 304.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers

from agreements import datapackage
from agreements.data_version import current_data_version

# A key of an old version or day is never asked for again; this only bounds its stay.
ENTRY_SECONDS = 24 * 60 * 60
CACHE_CONTROL = "public, no-cache"  # the same for everyone (no drafts), revalidated before each use


@functools.cache
def _shape() -> str:
    """The package's columns and types: a change of them (a deploy) never serves old files."""
    schemas = [datapackage.table_schema(resource) for resource in datapackage.RESOURCES]
    return hashlib.sha256(json.dumps(schemas, sort_keys=True).encode()).hexdigest()


class _Package:
    """One request's view of the package: its cache keys and when its version was first built."""

    def __init__(self, request):
        self.request = request
        self.today = timezone.localdate()
        self.site_url = request.build_absolute_uri("/")
        parts = [
            str(current_data_version()),  # moves on every committed write
            self.today.isoformat(),  # outcomes and overdue flags are as of today
            translation.get_language() or "",
            self.site_url,  # the links in the rows
            settings.DATABASES["default"].get("NAME") or "",
            _shape(),
        ]
        self.prefix = "datapackage:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
        # One `created` for every file of a version (the descriptor and the ZIP agree).
        self.created = cache.get_or_set(f"{self.prefix}:created", timezone.now, ENTRY_SECONDS)

    def body(self, name: str, build) -> bytes:
        key = f"{self.prefix}:{name}"
        body = cache.get(key)
        if body is None:
            body = build()
            cache.set(key, body, ENTRY_SECONDS)
        return body

    def response(self, name: str, build, *, content_type: str, disposition: str) -> HttpResponse:
        body = self.body(name, build)
        etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
        response = get_conditional_response(self.request, etag=etag) or HttpResponse(body, content_type=content_type)
        if response.status_code == 200:
            response["Content-Disposition"] = disposition
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def data_page(request):
    context = {"resources": datapackage.RESOURCES, "package_name": datapackage.PACKAGE_NAME}
    return render(request, "agreements/data.html", context)


def data_descriptor(request):
    package = _Package(request)
    return package.response(
        "datapackage.json",
        lambda: datapackage.descriptor_json(created=package.created, site_url=package.site_url),
        content_type="application/json",
        disposition='inline; filename="datapackage.json"',
    )


def data_resource(request, name: str):
    resource = datapackage.BY_NAME.get(name)
    if resource is None:
        raise Http404
    package = _Package(request)
    return package.response(
        resource.path,
        lambda: datapackage.resource_csv(resource, request=request, today=package.today),
        content_type="text/csv; charset=utf-8",
        disposition=f'attachment; filename="{resource.path}"',
    )


def data_zip(request):
    package = _Package(request)
    return package.response(
        "zip",
        lambda: datapackage.package_zip(
            request=request, today=package.today, created=package.created, site_url=package.site_url
        ),
        content_type="application/zip",
        disposition=f'attachment; filename="{datapackage.PACKAGE_NAME}.zip"',
    )
