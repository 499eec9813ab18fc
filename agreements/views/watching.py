"""The watch buttons of agreement and party pages (POST).

Signed in, the button watches or unwatches. Anonymous, the same POST (CSRF-checked) keeps the
wish in the session and leads to the sign-in page; signing in or signing up then adds the watch
(accounts/pending.py), and the visitor is back on the page, watching.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import pending
from agreements.models import Agreement, Party
from agreements.services import watch_add, watch_remove


def _toggle(request, kind: str, target, *, watched: str, unwatched: str):
    back = target.get_absolute_url()
    if not request.user.is_authenticated:
        if request.POST.get("action") != "unwatch":
            pending.watch_later(request, kind=kind, slug=target.slug)
        return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back})}")
    if request.POST.get("action") == "unwatch":
        watch_remove(user=request.user, **{kind: target})
        messages.success(request, unwatched)
    else:
        watch_add(user=request.user, **{kind: target})
        messages.success(request, watched)
    return HttpResponseRedirect(back)


@require_POST
def agreement_watch(request, slug):
    return _toggle(
        request,
        "agreement",
        # Nobody watches a draft (its page shows no watch button).
        get_object_or_404(Agreement.objects.published(), slug=slug),
        watched=_("You watch this agreement: its deadlines will reach you by e-mail."),
        unwatched=_("You no longer watch this agreement."),
    )


@require_POST
def party_watch(request, slug):
    return _toggle(
        request,
        "party",
        get_object_or_404(Party, slug=slug),
        watched=_("You watch this party: its deadlines will reach you by e-mail."),
        unwatched=_("You no longer watch this party."),
    )
