"""allauth's hooks: the client address as the lockout counts it, links from SITE_URL, the
footer of every account mail, and the watch a visitor asked for before signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import pending
from accounts.network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # The same client as django-axes and the password-reset throttle see (TRUSTED_PROXY_COUNT).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client address")
        return ip

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # SITE_URL, not the Host the request named (a forged Host would otherwise get the key).
        return f"{settings.SITE_URL}{reverse('account_confirm_email', args=[emailconfirmation.key])}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {
            **context,
            "site_url": settings.SITE_URL,
            "watches_url": f"{settings.SITE_URL}{reverse('my-watches')}",
        }
        super().send_mail(template_prefix, email, context)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        pending.watch_complete(request, user)
        return response
