"""Unsubscribe links: a signed token per recipient and list, in every e-mail we send.

The token is the credential (django.core.signing, salted, no expiry: an old e-mail's link keeps
working). It names the user and the list, never an action on anyone else: the worst a leaked link
does is stop that user's e-mails, which the user can undo on "My watches". Each mail also carries
RFC 8058's `List-Unsubscribe` and `List-Unsubscribe-Post` headers, so a mail program's own
"unsubscribe" POSTs to the same URL, without a page, cookie or CSRF token.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "accounts.unsubscribe"
WATCHES = "watches"  # the watch e-mail: stop watching everything
EDITOR_DIGEST = "editor-digest"  # the weekly editor digest: end the subscription
LISTS = (WATCHES, EDITOR_DIGEST)


def make_token(*, user, list_name: str) -> str:
    if list_name not in LISTS:
        raise ValueError(list_name)
    return signing.dumps([user.pk, list_name], salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str] | None:
    """(user id, list) of a valid token, or None."""
    try:
        user_id, list_name = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or list_name not in LISTS:
        return None
    return user_id, list_name


def unsubscribe_url(*, user, list_name: str) -> str:
    return f"{settings.SITE_URL}{reverse('unsubscribe', args=[make_token(user=user, list_name=list_name)])}"


def headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe headers for a mail whose unsubscribe link is `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
