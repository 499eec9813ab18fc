"""The watch a visitor asked for before signing in, kept in the session until they have.

The anonymous click on "Watch" is a POST with the CSRF token, like a signed-in one: its target
goes into the session and the visitor to the sign-in page (or on to sign-up). allauth's
post-login hook (accounts/adapter.py) then adds the watch, so no click is repeated and no URL
(a `next`) carries an action anyone could link to.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agreements.models import Agreement, Party
from agreements.services import watch_add

SESSION_KEY = "pending_watch"
TARGETS = {"agreement": Agreement.objects.published, "party": Party.objects.all}


def watch_later(request, *, kind: str, slug: str) -> None:
    if kind not in TARGETS:
        raise ValueError(kind)
    request.session[SESSION_KEY] = {"kind": kind, "slug": slug}


def watch_complete(request, user) -> bool:
    """Adds the pending watch of this session, if any (once); True when it did."""
    wanted = request.session.pop(SESSION_KEY, None)
    if not isinstance(wanted, dict) or wanted.get("kind") not in TARGETS:
        return False
    target = TARGETS[wanted["kind"]]().filter(slug=wanted.get("slug")).first()
    if target is None:  # gone, or back to draft, meanwhile
        return False
    try:
        watch_add(user=user, **{wanted["kind"]: target})
    except ValidationError:
        return False
    messages.success(
        request,
        _("You watch “%(name)s”: its deadlines will reach you by e-mail.") % {"name": target},
    )
    return True
