"""The lockout page (django-axes' AXES_LOCKOUT_CALLABLE) and the throttled password reset."""

import logging

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse

from accounts import throttling
from accounts.network import client_ip

log = logging.getLogger(__name__)


def lockout(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets, from /accounts/login/ and /admin/login/ alike: 429."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    response = render(request, "registration/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited per client address and per e-mail address.

    Past the per-client limit the form answers 429. Past the per-address limit it answers as if
    the mail had gone out (the page never tells whether an address is known) and sends nothing.
    Links in the mail start with SITE_URL, not with the Host the request named.
    """

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        return {"site_url": settings.SITE_URL}

    def post(self, request, *args, **kwargs):
        if not throttling.allow("password-reset-ip", client_ip(request) or "", settings.PASSWORD_RESET_RATE_IP):
            log.warning("Password reset throttled for client %s", client_ip(request))
            _limit, seconds = throttling.parse_rate(settings.PASSWORD_RESET_RATE_IP)
            response = TemplateResponse(request, "registration/password_reset_throttled.html", status=429)
            response["Retry-After"] = str(seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().casefold()
        if not throttling.allow("password-reset-address", address, settings.PASSWORD_RESET_RATE_ADDRESS):
            log.warning("Password reset throttled for an address (no mail sent)")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
