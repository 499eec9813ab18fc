"""`Authorization: Token KEY` against the hashed tokens of `accounts.ApiToken`.

DRF's TokenAuthentication parses the header (keyword `Token`, its error messages, and the
`WWW-Authenticate: Token` of a 401); only the lookup differs: by the key's digest, refusing
revoked and expired tokens and inactive users.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken, digest

# `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key: str):
        try:
            token = ApiToken.objects.select_related("user").get(digest=digest(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        now = timezone.now()
        state = token.state(now)
        if state == "revoked":
            raise exceptions.AuthenticationFailed(_("Token revoked."))
        if state == "expired":
            raise exceptions.AuthenticationFailed(_("Token expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
