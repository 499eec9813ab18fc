"""The admin: where admins enter agreements, instruments, milestones and projects.

Saves go through the same services as the API (agreements.services), so the deadline rules and
their messages are the same everywhere; every model keeps its change history (simple-history),
and reverting to an earlier version is a change like any other (HistoryAdmin).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin as BeatPeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_model_for_model

from agreements import services
from agreements.deadlines import days_late
from agreements.models import (
    Agreement,
    AgreementParty,
    Alert,
    Instrument,
    Milestone,
    Mineral,
    Party,
    Project,
    Source,
    ValueChainStage,
    Watch,
)

admin.site.site_header = _("Minerals Tracker administration")
admin.site.site_title = _("Minerals Tracker")
admin.site.index_title = _("Agreements, measures and milestones")


class OverdueFilter(admin.SimpleListFilter):
    """Milestones late today by the overdue rule (MilestoneQuerySet.overdue_on)."""

    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue_on(today)
        if self.value() == "no":
            return queryset.not_overdue_on(today)
        return queryset


class AgreementOverdueFilter(admin.SimpleListFilter):
    title = _("overdue milestones")
    parameter_name = "has_overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Has overdue milestones")), ("no", _("None overdue"))]

    def queryset(self, request, queryset):
        # overdue_count is annotated by AgreementAdmin.get_queryset.
        if self.value() == "yes":
            return queryset.filter(overdue_count__gt=0)
        if self.value() == "no":
            return queryset.filter(overdue_count=0)
        return queryset


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, whose revert is a change: the base of every admin with a history.

    SimpleHistoryAdmin lets anyone who may view the history open a version (history/<id>/) and
    saves whatever that page POSTs, with the view permission only. Here the history and its
    versions stay readable with the view permission, while a revert needs the change permission
    (and the add permission when the record was deleted since, as the revert re-creates it).

    A revert saves like the change form does: save_model then save_related (with no inlines), in
    one transaction, so the admins' overrides, i.e. the services and their deadline rules, apply;
    a rule the services refuse is a message on the version's page, not a server error.
    """

    def history_version(self, object_id, version_id):
        """The record as it was at version `version_id` (404 if there is no such version)."""
        history_model = get_history_model_for_model(self.model)
        pk_name = self.model._meta.pk.attname
        version = get_object_or_404(history_model, **{pk_name: unquote(object_id), "history_id": version_id})
        obj = version.instance
        # A deleted record is re-created by the revert: an INSERT, not an UPDATE of no row.
        obj._state.adding = not self.model._default_manager.filter(pk=obj.pk).exists()
        return obj

    def has_revert_permission(self, request, obj) -> bool:
        if not (self.has_change_permission(request, obj) and self.has_change_history_permission(request, obj)):
            return False
        exists = obj is None or self.model._default_manager.filter(pk=obj.pk).exists()
        return exists or self.has_add_permission(request)

    def revert_disabled(self, request, obj=None):
        # The Revert button is offered only to those whose revert goes through.
        return super().revert_disabled(request, obj) or not self.has_revert_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        obj = self.history_version(object_id, version_id)
        if not self.has_revert_permission(request, obj):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            # simple-history's page, with the form's errors.
            return super().history_form_view(request, object_id, version_id, extra_context)
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                new_object = self.save_form(request, form, change=True)
                self.save_model(request, new_object, form, change=True)
                self.save_related(request, form, formsets=[], change=True)
                self.log_change(request, new_object, self.construct_change_message(request, form, []))
        except ValidationError as error:
            # A rule only the services check (e.g. a signing date that relative deadlines count
            # from): nothing was saved; back to the version, with the reason.
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return self.response_change(request, new_object)


# --- reference data -------------------------------------------------------------------------


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    list_display = ("name", "kind", "iso_code", "slug", "country")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    list_select_related = ("country",)


@admin.register(Mineral)
class MineralAdmin(HistoryAdmin):
    list_display = ("name", "symbol", "slug", "group", "is_group")
    list_filter = ("is_group", ("group", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "slug", "symbol")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("group",)
    list_select_related = ("group",)


@admin.register(ValueChainStage)
class ValueChainStageAdmin(HistoryAdmin):
    list_display = ("order", "name", "slug")
    list_display_links = ("name",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


# --- agreements -----------------------------------------------------------------------------


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ("party",)
    fields = ("party", "role", "signed_by", "joined_on", "note")


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ("title", "publisher", "url", "language", "published_on")


class InstrumentInline(admin.TabularInline):
    # Compact rows: a deal has many instruments; description and notes are one click away.
    model = Instrument
    extra = 0
    show_change_link = True
    autocomplete_fields = ("responsible", "stages", "minerals", "source")
    fields = ("name", "kind", "stages", "minerals", "amount_qualifier", "amount", "currency", "responsible", "source")


class MilestoneInline(admin.StackedInline):
    model = Milestone
    extra = 0
    show_change_link = True
    autocomplete_fields = ("instrument", "responsible", "source")
    readonly_fields = ("deadline", "overdue_since")
    fields = (
        ("title", "status"),
        "commitment_text",
        ("due_on", "offset_months", "offset_days", "deadline"),
        ("completed_on", "evidence_url"),
        ("instrument", "responsible", "source"),
        "description",
        "overdue_since",
    )


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = (
        "display_title",
        "kind",
        "status",
        "signed_on",
        "party_names",
        "next_deadline_column",
        "overdue_count_column",
    )
    list_filter = (
        "status",
        "kind",
        AgreementOverdueFilter,
        ("parties", admin.RelatedOnlyFieldListFilter),
        ("minerals", admin.RelatedOnlyFieldListFilter),
        ("stages", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "short_title", "slug", "summary", "parties__name", "parties__iso_code")
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ("short_title",)}
    autocomplete_fields = ("minerals", "stages")
    inlines = (AgreementPartyInline, InstrumentInline, MilestoneInline, SourceInline)
    fieldsets = (
        (None, {"fields": ("title", ("short_title", "slug"), ("kind", "status", "legally_binding"))}),
        (_("Signing"), {"fields": (("signed_on", "signed_at"), "entered_into_force_on")}),
        (_("Content"), {"fields": ("summary", "objectives", ("minerals", "stages"), "notes")}),
    )

    def get_queryset(self, request):
        memberships = AgreementParty.objects.select_related("party").order_by("party__name", "pk")
        return (
            super()
            .get_queryset(request)
            .with_deadline_summary(timezone.localdate())
            .prefetch_related(Prefetch("memberships", queryset=memberships))
        )

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return str(obj)

    @admin.display(description=_("parties"))
    def party_names(self, obj):
        return ", ".join(m.party.iso_code or m.party.name for m in obj.memberships.all())

    @admin.display(description=_("next deadline"), ordering="next_deadline")
    def next_deadline_column(self, obj):
        return obj.next_deadline

    @admin.display(description=_("overdue"), ordering="overdue_count")
    def overdue_count_column(self, obj):
        return obj.overdue_count

    def save_model(self, request, obj, form, change):
        # agreement_save compares the anchor dates as stored, not as the form started: a revert's
        # form starts from the old version, and the relative deadlines must move with it.
        services.agreement_save(agreement=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline milestones were validated against the form's signing date; recheck all of them.
        services.milestones_reschedule(agreement=form.instance)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("title", "publisher", "language", "published_on", "agreement")
    list_filter = ("language",)
    search_fields = ("title", "publisher", "url", "agreement__title", "agreement__short_title")
    autocomplete_fields = ("agreement",)
    list_select_related = ("agreement",)


@admin.register(Instrument)
class InstrumentAdmin(HistoryAdmin):
    list_display = ("name", "kind", "agreement", "amount_display", "responsible")
    list_filter = (
        "kind",
        ("stages", admin.RelatedOnlyFieldListFilter),
        ("minerals", admin.RelatedOnlyFieldListFilter),
        ("agreement__parties", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "description", "agreement__title", "agreement__short_title")
    autocomplete_fields = ("agreement", "stages", "minerals", "responsible", "source")
    list_select_related = ("agreement", "responsible")

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        if obj.amount is None:
            return "—"
        return f"{obj.get_amount_qualifier_display()} {obj.amount:,.0f} {obj.currency}"


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ("title", "agreement", "deadline", "status", "days_late_column", "overdue_since")
    list_filter = (
        "status",
        OverdueFilter,
        ("agreement__parties", admin.RelatedOnlyFieldListFilter),
        ("responsible", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "description", "commitment_text", "agreement__title", "agreement__short_title")
    date_hierarchy = "deadline"
    autocomplete_fields = ("agreement", "instrument", "responsible", "source")
    readonly_fields = ("deadline", "overdue_since")
    list_select_related = ("agreement",)
    fieldsets = (
        (None, {"fields": ("agreement", "title", "description", "commitment_text")}),
        (
            _("Deadline: an absolute date, or months and/or days after signing"),
            {"fields": (("due_on", "offset_months", "offset_days"), "deadline")},
        ),
        (_("Progress"), {"fields": (("status", "completed_on"), "evidence_url", "overdue_since")}),
        (_("Links"), {"fields": (("instrument", "responsible"), "source", "notes")}),
    )

    @admin.display(description=_("days late"))
    def days_late_column(self, obj):
        if obj.status not in ("pending", "in_progress"):
            return ""
        return days_late(deadline=obj.deadline, today=timezone.localdate()) or ""

    def save_model(self, request, obj, form, change):
        services.milestone_save(milestone=obj)


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = (
        "name",
        "country",
        "stage",
        "status",
        "permit_status",
        "offtake_status",
        "environmental_review_status",
    )
    list_filter = (
        "status",
        "permit_status",
        "offtake_status",
        "environmental_review_status",
        ("country", admin.RelatedOnlyFieldListFilter),
        ("stage", admin.RelatedOnlyFieldListFilter),
        ("minerals", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "slug", "location", "operator_name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "operator", "minerals", "stage", "instruments", "source")
    list_select_related = ("country", "stage")
    fieldsets = (
        (None, {"fields": (("name", "slug"), ("country", "location"), ("operator_name", "operator"))}),
        (_("What"), {"fields": (("minerals", "stage"), "description", ("capital_cost", "currency"), "status")}),
        (
            _("Implementation test"),
            {"fields": (("permit_status", "offtake_status", "environmental_review_status"),)},
        ),
        (_("Support"), {"fields": ("instruments", "source")}),
    )


# --- watching and the alert log ---------------------------------------------------------------


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ("user", "agreement", "party", "created_at")
    list_filter = (("party", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("user__username", "user__email", "agreement__title", "party__name")
    autocomplete_fields = ("user", "agreement", "party")
    list_select_related = ("user", "agreement", "party")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Read-only: the overdue job writes the log, admins read and filter it."""

    list_display = ("created_at", "kind", "milestone", "agreement", "recipient", "deadline", "sent_at")
    list_filter = ("kind", ("recipient", admin.RelatedOnlyFieldListFilter), "created_at")
    search_fields = ("milestone__title", "milestone__agreement__title", "recipient__username", "recipient__email")
    date_hierarchy = "created_at"
    list_select_related = ("milestone__agreement", "recipient")

    @admin.display(description=_("agreement"))
    def agreement(self, obj):
        return obj.milestone.agreement

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# --- django-celery-beat's periodic tasks ---------------------------------------------------------
#
# Here rather than in a tracker/admin.py: `tracker` is the project package, not an installed app,
# so the admin's autodiscovery would never import a tracker/admin.py; `agreements` comes after
# django_celery_beat in INSTALLED_APPS, so this runs after django-celery-beat registered its own.
# The tasks admins schedule here are this app's (agreements.tasks).


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(BeatPeriodicTaskAdmin):
    """django-celery-beat's admin, whose actions need the change permission, not only the view one.

    Enabling, disabling and toggling tasks write them and running one queues it; upstream's actions
    declare no permission, so Django offered and ran them for anyone who may view the list. With
    `allowed_permissions` the admin neither lists them nor runs them for view-only staff. The other
    schedule admins (crontab, interval, solar, clocked) have only Django's delete_selected, which
    already needs the delete permission. The change form keeps upstream's template name, which
    templates/admin/djcelery/change_periodictask_form.html overrides (a CSP nonce on its script).
    """

    @admin.action(permissions=["change"], description=BeatPeriodicTaskAdmin.enable_tasks.short_description)
    def enable_tasks(self, request, queryset):
        return super().enable_tasks(request, queryset)

    @admin.action(permissions=["change"], description=BeatPeriodicTaskAdmin.disable_tasks.short_description)
    def disable_tasks(self, request, queryset):
        return super().disable_tasks(request, queryset)

    @admin.action(permissions=["change"], description=BeatPeriodicTaskAdmin.toggle_tasks.short_description)
    def toggle_tasks(self, request, queryset):
        return super().toggle_tasks(request, queryset)

    @admin.action(permissions=["change"], description=BeatPeriodicTaskAdmin.run_tasks.short_description)
    def run_tasks(self, request, queryset):
        return super().run_tasks(request, queryset)
