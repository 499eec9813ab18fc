"""The lockout page (django-axes' AXES_LOCKOUT_CALLABLE), the throttled password reset, the
watcher's "My watches" page and the unsubscribe links of the e-mails."""

import logging

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import services, throttling
from accounts import unsubscribe as lists
from accounts.forms import DigestForm, UnwatchForm
from accounts.network import client_ip
from accounts.watchers import digest_of, has_confirmed_address
from agreements.models import EditorDigest
from agreements.services import watch_remove

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


def too_many_requests(request, exception=None):
    """allauth's throttles (tracker/urls.py handler429): the site's page, status 429."""
    return render(request, "account/too_many_requests.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def my_watches(request):
    """The address the e-mails go to, how often they come, and every watch with its unwatch button."""
    user = request.user
    digest_form = DigestForm(initial={"digest": digest_of(user)})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "digest":
            digest_form = DigestForm(request.POST)
            if digest_form.is_valid():
                services.watcher_preferences_set(user=user, digest=digest_form.cleaned_data["digest"])
                messages.success(request, _("Saved: how often your watch e-mail comes."))
                return HttpResponseRedirect(reverse("my-watches"))
        else:
            unwatch = UnwatchForm(request.POST, user=user)
            if unwatch.is_valid():
                watch = unwatch.cleaned_data["watch"]
                target = {"agreement": watch.agreement} if watch.agreement_id else {"party": watch.party}
                watch_remove(user=user, **target)
                messages.success(request, _("You no longer watch “%(name)s”.") % {"name": next(iter(target.values()))})
                return HttpResponseRedirect(reverse("my-watches"))
            messages.error(request, _("That watch is not yours or no longer exists."))
        status = 400
    watches = list(user.watches.select_related("agreement", "party").order_by("party__name", "agreement__title", "pk"))
    context = {
        "email": user.email,
        "confirmed": has_confirmed_address(user),
        "digest_form": digest_form,
        "agreement_watches": [watch for watch in watches if watch.agreement_id],
        "party_watches": [watch for watch in watches if watch.party_id],
    }
    return render(request, "account/watches.html", context, status=status)


@csrf_exempt  # the signed token in the URL is the credential; RFC 8058 mail programs POST without a page
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: what the link stops, and a button. POST (the button, or a mail program's one-click): stop it."""
    read = lists.read_token(token)
    user = get_user_model()._default_manager.filter(pk=read[0]).first() if read else None
    if user is None:
        return render(request, "account/unsubscribe_invalid.html", status=404)
    list_name = read[1]
    if request.method == "POST":
        services.unsubscribe_from(user=user, list_name=list_name)
        return render(request, "account/unsubscribed.html", {"list_name": list_name})
    if list_name == lists.WATCHES:
        subscribed = user.watches.exists()
    else:
        subscribed = EditorDigest.objects.filter(user=user).exists()
    context = {"list_name": list_name, "subscribed": subscribed, "masked_email": _masked(user.email)}
    return render(request, "account/unsubscribe.html", context)


def _masked(address: str) -> str:
    """j…@example.org: enough to recognise one's address, not to harvest it from a forwarded link."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else ""
