"""API tokens: the database keeps a SHA-256 digest of each secret, never the secret itself.

A secret is 32 random bytes (`secrets.token_urlsafe`, 43 characters): too much entropy to guess,
so a fast hash is enough (no salt or slow hash needed, unlike passwords) and a lookup is one
indexed query on the digest. The first characters (`key_prefix`) are kept in the clear so that
people can tell their tokens apart; they are not enough to use one.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import DigestFrequency

PREFIX_LENGTH = 8


def digest(secret: str) -> str:
    """The stored form of a secret. Migration 0002 hashes the keys of DRF's authtoken the same way."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)

    def issue(self, *, user, name: str, expires_at: datetime.datetime | None = None) -> tuple["ApiToken", str]:
        """A new token and its secret. The secret exists only in the return value: show it once."""
        token = self.model(user=user, name=name, expires_at=expires_at)
        secret = token.set_secret()
        token.full_clean()
        token.save(force_insert=True)
        return token, secret


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the script or machine that uses it.")
    )
    key_prefix = models.CharField(_("key starts with"), max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, help_text=_("Empty: valid until revoked."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "name", "-created_at"]
        constraints = [
            # Revoked tokens keep their row (and name) for the record; a name is reusable after revoking.
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="accounts_apitoken_unique_active_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_key})"

    @property
    def masked_key(self) -> str:
        return f"{self.key_prefix}…"

    def set_secret(self) -> str:
        secret = secrets.token_urlsafe(32)
        self.key_prefix = secret[:PREFIX_LENGTH]
        self.digest = digest(secret)
        return secret

    def state(self, now: datetime.datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"

    def revoke(self, now: datetime.datetime | None = None) -> bool:
        """Revoke the token (for good); False if it already was."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = now or timezone.now()
        self.save(update_fields=["revoked_at"])
        return True

    def clean(self):
        # The unique constraint has a condition on revoked_at, which no form edits: check it here.
        if self.revoked_at is None and self.user_id is not None and self.name:
            clash = ApiToken.objects.filter(user_id=self.user_id, name=self.name, revoked_at__isnull=True)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"name": _("This user already has a token with this name; revoke it first or choose another name.")}
                )


class WatcherPreferences(models.Model):
    """A watcher's choice of how often the watch e-mail comes. No row: as it happens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watcher_preferences",
        verbose_name=_("user"),
    )
    digest = models.CharField(
        _("e-mail frequency"), max_length=10, choices=DigestFrequency, default=DigestFrequency.IMMEDIATE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("watcher preferences")
        verbose_name_plural = _("watcher preferences")
        ordering = ["user", "pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_digest_valid", condition=Q(digest__in=DigestFrequency.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_digest_display()}"
