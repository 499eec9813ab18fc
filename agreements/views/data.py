"""`/data/`: the published data set as a download (agreements/datapackage.py)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agreements import datapackage


def _download(body: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def data_page(request):
    context = {"resources": datapackage.RESOURCES, "package_name": datapackage.PACKAGE_NAME}
    return render(request, "agreements/data.html", context)


def data_descriptor(request):
    body = datapackage.descriptor_json(created=timezone.now(), site_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="datapackage.json"'
    return response


def data_resource(request, name: str):
    resource = datapackage.BY_NAME.get(name)
    if resource is None:
        raise Http404
    body = datapackage.resource_csv(resource, request=request, today=timezone.localdate())
    return _download(body, content_type="text/csv; charset=utf-8", filename=resource.path)


def data_zip(request):
    body = datapackage.package_zip(
        request=request,
        today=timezone.localdate(),
        created=timezone.now(),
        site_url=request.build_absolute_uri("/"),
    )
    return _download(body, content_type="application/zip", filename=f"{datapackage.PACKAGE_NAME}.zip")
