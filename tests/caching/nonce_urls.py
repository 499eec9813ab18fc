"""A page that uses the CSP nonce and a CSRF token, under a cached page's URL name (no analyst
page uses the nonce today; this proves a cached one still gets a nonce that matches its header)."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

PAGE = Template(
    '<script nonce="{{ request.csp_nonce }}">let n = 1;</script>'
    '<form method="post">{% csrf_token %}</form><p>{{ count }}</p>'
)


def page(request):
    from agreements.models import Agreement

    return HttpResponse(PAGE.render(RequestContext(request, {"count": Agreement.objects.count()})))


urlpatterns = [path("nonce/", page, name="dashboard")]
