"""The watch buttons of agreement and party pages (POST, signed in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement, Party
from agreements.services import watch_add, watch_remove


def _toggle(request, target: dict, *, watched: str, unwatched: str):
    if request.POST.get("action") == "unwatch":
        watch_remove(user=request.user, **target)
        messages.success(request, unwatched)
    else:
        watch_add(user=request.user, **target)
        messages.success(request, watched)
    (obj,) = target.values()
    return HttpResponseRedirect(obj.get_absolute_url())


@login_required
@require_POST
def agreement_watch(request, slug):
    return _toggle(
        request,
        # Nobody watches a draft (its page shows no watch button).
        {"agreement": get_object_or_404(Agreement.objects.published(), slug=slug)},
        watched=_("You watch this agreement: its deadlines will reach you by e-mail."),
        unwatched=_("You no longer watch this agreement."),
    )


@login_required
@require_POST
def party_watch(request, slug):
    return _toggle(
        request,
        {"party": get_object_or_404(Party, slug=slug)},
        watched=_("You watch this party: its deadlines will reach you by e-mail."),
        unwatched=_("You no longer watch this party."),
    )
