"""The admin: where admins enter agreements, instruments, milestones and projects.

Saves go through the same services as the API (agreements.services), so the deadline rules and
their messages are the same everywhere; every model keeps its change history (simple-history).
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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


# --- reference data -------------------------------------------------------------------------


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "iso_code", "slug", "country")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    list_select_related = ("country",)


@admin.register(Mineral)
class MineralAdmin(SimpleHistoryAdmin):
    list_display = ("name", "symbol", "slug", "group", "is_group")
    list_filter = ("is_group", ("group", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "slug", "symbol")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("group",)
    list_select_related = ("group",)


@admin.register(ValueChainStage)
class ValueChainStageAdmin(SimpleHistoryAdmin):
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
class AgreementAdmin(SimpleHistoryAdmin):
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
        signed_before = form.initial.get("signed_on") if change else None
        services.agreement_save(agreement=obj, signed_before=signed_before)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline milestones were validated against the form's signing date; recheck all of them.
        services.milestones_reschedule(agreement=form.instance)


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "publisher", "language", "published_on", "agreement")
    list_filter = ("language",)
    search_fields = ("title", "publisher", "url", "agreement__title", "agreement__short_title")
    autocomplete_fields = ("agreement",)
    list_select_related = ("agreement",)


@admin.register(Instrument)
class InstrumentAdmin(SimpleHistoryAdmin):
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
class MilestoneAdmin(SimpleHistoryAdmin):
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
class ProjectAdmin(SimpleHistoryAdmin):
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
