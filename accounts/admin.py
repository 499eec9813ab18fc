"""API tokens and sign-in lockouts in the admin.

Tokens: the secret is shown once, on the page that answers the add form (rendered, not
redirected to, so the secret is in no message cookie, session or URL); every other page shows
the first characters only. Revoking is an action (the change permission); deleting also works.

E-mail addresses: allauth's admin, its "mark as verified" action behind the change permission.

Lockouts: django-axes' own admin classes (AXES_ENABLE_ADMIN is off so that they are registered
here), with its clean-up action behind the delete permission. Deleting an access attempt
unlocks that user name and address at once.
"""

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ApiToken


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("expired", _("expired")), ("revoked", _("revoked"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.active(now)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "masked_key", "created_at", "expires_at", "last_used_at", "state_label"]
    list_filter = [StateFilter, "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "key_prefix", "user__username", "user__email"]
    actions = ["revoke_tokens"]
    created_template = "admin/accounts/apitoken/created.html"

    @admin.display(description=_("key"))
    def masked_key(self, obj):
        return obj.masked_key

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return {"active": _("active"), "expired": _("expired"), "revoked": _("revoked")}[obj.state()]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "masked_key", "created_at", "expires_at", "last_used_at", "revoked_at", "state_label"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = ["user", "masked_key", "created_at", "last_used_at", "revoked_at", "state_label"]
        # Only a superuser may extend someone's token; others would widen its life.
        return fixed if request.user.is_superuser else [*fixed, "expires_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A token acts as its user: only a superuser may issue one for somebody else.
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:  # the answer to an add is the page with the secret: no "save and ..." variants
            context.update(show_save_and_add_another=False, show_save_and_continue=False)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        if not change:
            request._api_token_secret = obj.set_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "_api_token_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("API token created"),
            "token": obj,
            "secret": secret,
        }
        response = TemplateResponse(request, self.created_template, context)
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        now = timezone.now()
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=now)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AccessAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    """Failed sign-ins that count towards a lockout. Delete a row to unlock."""

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)


@admin.register(AccessLog)
class LoginLogAdmin(AccessLogAdmin):
    """Successful sign-ins (and sign-outs), read-only."""


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class ConfirmedAddressAdmin(EmailAddressAdmin):
    """The addresses users gave; a verified one receives watch e-mails (accounts/watchers.py)."""

    @admin.action(description=_("Mark selected email addresses as verified"), permissions=["change"])
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)
