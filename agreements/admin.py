"""The admin: where admins enter agreements, instruments, milestones and projects.

Saves go through the same services as the API (agreements.services), so the deadline rules and
their messages are the same everywhere; every model keeps its change history (simple-history),
and reverting to an earlier version is a change like any other (HistoryAdmin).
"""

from functools import cached_property

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.admin import PeriodicTaskAdmin as BeatPeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_model_for_model

from agreements import admin_from_text as from_text
from agreements import publishing, services
from agreements.choices import RELATION_INVERSES, Outcome
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Alert,
    Discrepancy,
    DiscrepancyClaim,
    EditorDigest,
    Evidence,
    HSCode,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    MineralListEntry,
    Party,
    Project,
    ReportedAmount,
    Source,
    ValueChainStage,
    Watch,
)
from agreements.relations import relation_label
from agreements.services import evidence as evidence_services
from agreements.services.digest import can_receive_editor_digest
from agreements.services.freshness import agreements_mark_reviewed
from agreements.services.records import check_signing_date_removal

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


class OutcomeFilter(admin.SimpleListFilter):
    """Milestones by outcome today: the `outcome` annotated by MilestoneAdmin.get_queryset."""

    title = _("outcome")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return Outcome.choices

    def queryset(self, request, queryset):
        if self.value() in Outcome.values:
            return queryset.filter(outcome=self.value())
        return queryset


class ServiceErrorsAsMessages:
    """A rule only the services check, refused while saving a change form: the changeform's
    transaction is rolled back (nothing half-written) and the page says why, instead of a 500.

    The forms check what they can first (field errors); this is the net for the rest, e.g. a
    milestone added elsewhere between the form's check and the save.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST":
                raise
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# --- evidence, saved through services.evidence -----------------------------------------------

EVIDENCE_FIELDS = (
    "occurred_on",
    "verdict",
    "grade",
    "summary",
    "source_url",
    "source_title",
    "source_publisher",
    "source_published_on",
    "source_accessed_on",
    "note",
)


def _evidence_data(evidence: Evidence, names) -> dict:
    """The form's values on `evidence` as the services take them (model fields only)."""
    model_fields = {field.name for field in Evidence._meta.concrete_fields}
    return {name: getattr(evidence, name) for name in names if name in model_fields and name != "agreement"}


def _milestone_exists(evidence: Evidence) -> bool:
    return Milestone.objects.filter(pk=evidence.milestone_id).exists()


def save_evidence(evidence: Evidence, *, names, change: bool) -> Evidence:
    """Creates or updates `evidence` (as built by an admin form) through services.evidence, so
    the milestone's status follows it, last_checked_on is set and outcome notices are queued."""
    if not _milestone_exists(evidence):
        # Deleted in the same save (the agreement page's milestone inline comes first).
        raise ValidationError(_("The milestone of an evidence item was deleted in the same save."))
    stored = Evidence.objects.filter(pk=evidence.pk).first() if change and evidence.pk else None
    if stored is None:
        data = _evidence_data(evidence, ("milestone", *names))
        if evidence.pk is not None:  # a revert re-creating a deleted item keeps its id
            data["id"] = evidence.pk
        created = evidence_services.evidence_create(data=data)
        evidence.pk, evidence.agreement_id = created.pk, created.agreement_id
        return created
    # The stored row, not the form's instance: the service compares with the milestone before.
    return evidence_services.evidence_update(evidence=stored, data=_evidence_data(evidence, ("milestone", *names)))


def delete_evidence(evidence: Evidence) -> None:
    stored = Evidence.objects.filter(pk=evidence.pk).first()
    if stored is not None:  # None: gone with its milestone, deleted in the same save
        evidence_services.evidence_delete(evidence=stored)


def save_evidence_formset(formset) -> None:
    """An evidence inline's save through the services, never formset.save()."""
    formset.save(commit=False)  # fills new_objects, changed_objects, deleted_objects; writes nothing
    for evidence in formset.deleted_objects:
        delete_evidence(evidence)
    for evidence, changed in formset.changed_objects:
        if Evidence.objects.filter(pk=evidence.pk).exists():
            save_evidence(evidence, names=changed, change=True)
    names = [name for name in formset.form.base_fields if name not in ("id", "DELETE")]
    for evidence in formset.new_objects:
        save_evidence(evidence, names=names, change=False)


class EvidenceFormMixin:
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class MilestoneEvidenceInline(EvidenceFormMixin, admin.StackedInline):
    """The dated trail of a milestone, newest first (Evidence.Meta.ordering)."""

    model = Evidence
    fk_name = "milestone"
    extra = 0
    fields = (
        ("occurred_on", "verdict", "grade"),
        "summary",
        ("source_url", "source_title"),
        ("source_publisher", "source_published_on", "source_accessed_on"),
        "note",
    )


class AgreementEvidenceFormSet(BaseInlineFormSet):
    """Milestone choices: this agreement's milestones only, read once for all rows (not per row)."""

    @cached_property
    def milestone_queryset(self):
        if self.instance is None or self.instance.pk is None:
            return Milestone.objects.none()
        return Milestone.objects.filter(agreement=self.instance).only("id", "agreement_id", "title")

    @cached_property
    def milestone_choices(self):
        return [("", "---------"), *((m.pk, str(m)) for m in self.milestone_queryset)]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get("milestone")
        if field is None:
            return
        # Another agreement's milestone is not a choice: an "invalid choice" form error.
        field.queryset = self.milestone_queryset
        widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-link wrapper
        widget.choices = self.milestone_choices


class AgreementEvidenceInline(EvidenceFormMixin, admin.StackedInline):
    """Evidence about any milestone of the agreement, entered from the agreement's page."""

    model = Evidence
    fk_name = "agreement"
    formset = AgreementEvidenceFormSet
    extra = 0
    verbose_name_plural = _("evidence about its milestones")
    fields = (
        "milestone",
        ("occurred_on", "verdict", "grade"),
        "summary",
        ("source_url", "source_title"),
        ("source_publisher", "source_published_on", "source_accessed_on"),
        "note",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("milestone")


class EvidenceFormsetsThroughServices:
    """save_formset for admins with an evidence inline: those rows go through services.evidence."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Evidence:
            save_evidence_formset(formset)
        else:
            super().save_formset(request, form, formset, change)


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
    list_display = ("name", "name_de", "kind", "iso_code", "slug", "country")
    list_filter = ("kind",)
    search_fields = ("name", "name_de", "slug", "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    list_select_related = ("country",)


@admin.register(Mineral)
class MineralAdmin(HistoryAdmin):
    list_display = ("name", "name_de", "symbol", "slug", "group", "is_group")
    list_filter = ("is_group", ("group", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "name_de", "slug", "symbol")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("group",)
    list_select_related = ("group",)


@admin.register(ValueChainStage)
class ValueChainStageAdmin(HistoryAdmin):
    list_display = ("order", "name", "name_de", "slug")
    list_display_links = ("name",)
    search_fields = ("name", "name_de", "slug")
    prepopulated_fields = {"slug": ("name",)}


class MineralListEntryInline(admin.TabularInline):
    model = MineralListEntry
    extra = 0
    autocomplete_fields = ("mineral",)
    fields = ("mineral", "listed_as")


@admin.register(MineralList)
class MineralListAdmin(HistoryAdmin):
    """Criticality lists: reference data the demo loads from records/mineral-lists.yaml, kept here
    by editors (the API only reads them)."""

    list_display = ("name", "publisher", "published_on", "stated_count", "entry_count", "members_verified", "grade")
    list_filter = ("members_verified", "grade", ("publisher", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "name_de", "slug", "note")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("publisher",)
    list_select_related = ("publisher",)
    inlines = (MineralListEntryInline,)
    fieldsets = (
        (None, {"fields": (("name", "slug"), "name_de", ("publisher", "published_on"))}),
        (_("Members"), {"fields": (("stated_count", "members_verified"),)}),
        (_("Source"), {"fields": (("source_url", "grade"), "source_title", "note")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=models.Count("entries"))

    @admin.display(description=_("entries loaded"), ordering="entry_total")
    def entry_count(self, obj) -> int:
        return obj.entry_total


@admin.register(HSCode)
class HSCodeAdmin(HistoryAdmin):
    list_display = ("code", "description", "grade")
    list_filter = ("grade", ("minerals", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "description", "note")
    autocomplete_fields = ("minerals",)
    fields = ("code", "description", "minerals", ("source_url", "grade"), "further_urls", "note")


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
    autocomplete_fields = ("payer", "responsible", "stages", "minerals", "source")
    fields = (
        "name",
        "kind",
        "stages",
        "minerals",
        "amount_qualifier",
        "amount",
        "currency",
        "firmness",
        "payer",
        "responsible",
        "source",
    )


class MilestoneInline(admin.StackedInline):
    model = Milestone
    extra = 0
    show_change_link = True
    autocomplete_fields = ("instrument", "responsible", "source")
    readonly_fields = ("deadline", "overdue_since", "last_checked_on")
    fields = (
        ("title", "kind", "status"),
        "commitment_text",
        ("deadline_stated", "due_on", "anchor", "offset_months", "offset_days", "deadline"),
        ("completed_on", "evidence_url"),
        ("instrument", "responsible", "source"),
        "description",
        ("last_checked_on", "overdue_since"),
    )


class RelationOutInline(admin.TabularInline):
    """Relations recorded on this agreement (it is the subject: "this supersedes X")."""

    model = AgreementRelation
    fk_name = "subject"
    extra = 0
    autocomplete_fields = ("object", "source")
    fields = ("kind", "object", "note", "source")
    verbose_name = _("relation recorded on this agreement")
    verbose_name_plural = _("related agreements: recorded on this agreement")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("object", "source")


class RelationInInline(admin.TabularInline):
    """Relations recorded on other agreements that name this one, read from this side ("this is
    superseded by X"): written once, on their subject, so read-only here."""

    model = AgreementRelation
    fk_name = "object"
    extra = 0
    can_delete = False
    fields = ("relation_from_here", "subject", "note", "source")
    readonly_fields = fields
    verbose_name = _("relation recorded on another agreement")
    verbose_name_plural = _("related agreements: recorded on the other agreement (change them there)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subject", "source")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("relation"))
    def relation_from_here(self, obj):
        return relation_label(RELATION_INVERSES[obj.kind][0])


class AgreementAdminForm(forms.ModelForm):
    """The agreement's form; checks the removal of a signing date when this page cannot fix it.

    When the user may change milestones, the milestone inline's forms validate each milestone
    against the new signing date (and may make a relative one absolute in the same POST), so the
    check waits until they are saved (AgreementAdmin.save_related). When the inline is read-only
    or absent, the stored milestones are what counts: checked here, as a field error.
    """

    check_signing_date_against_stored_milestones = False  # set by AgreementAdmin.get_form

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the submitted dates
        if self.check_signing_date_against_stored_milestones and "signed_on" not in self.errors:
            try:
                check_signing_date_removal(self.instance)
            except ValidationError as error:
                self._update_errors(error)


@admin.register(Agreement)
class AgreementAdmin(ServiceErrorsAsMessages, EvidenceFormsetsThroughServices, HistoryAdmin):
    form = AgreementAdminForm
    list_display = (
        "display_title",
        "published",
        "kind",
        "status",
        "signed_on",
        "party_names",
        "next_deadline_column",
        "overdue_count_column",
        "reviewed_on",
    )
    list_filter = (
        "published",
        "reviewed_on",
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
    # Evidence after milestones: its rows name milestones the milestone inline has saved.
    inlines = (
        AgreementPartyInline,
        InstrumentInline,
        MilestoneInline,
        AgreementEvidenceInline,
        SourceInline,
        RelationOutInline,
        RelationInInline,
    )
    fieldsets = (
        (None, {"fields": ("title", ("short_title", "slug"), ("kind", "status", "legally_binding"))}),
        (_("Signing"), {"fields": (("signed_on", "signed_at"), "entered_into_force_on")}),
        (_("Content"), {"fields": ("summary", "objectives", ("minerals", "stages"), "notes")}),
        (_("Publishing"), {"fields": (("published", "published_at"),)}),
        (_("Review"), {"fields": ("reviewed_on",)}),
    )
    actions = ("publish", "back_to_draft", "mark_reviewed")

    def get_readonly_fields(self, request, obj=None):
        # A new agreement is a draft; publishing is a change, for those who may change agreements.
        readonly = ["published_at", *super().get_readonly_fields(request, obj)]
        if obj is None or not publishing.can_publish(request.user):
            readonly.append("published")
        return readonly

    @staticmethod
    def _plain_selection(queryset):
        """Plain rows of the selection: the changelist's carry annotations and prefetches."""
        return Agreement.objects.filter(pk__in=queryset.order_by().values("pk")).order_by("pk")

    def _set_published(self, request, queryset, *, published: bool):
        count = services.agreements_set_published(agreements=self._plain_selection(queryset), published=published)
        if published:
            message = ngettext("%(count)d agreement published.", "%(count)d agreements published.", count)
        else:
            message = ngettext(
                "%(count)d agreement taken back to draft.", "%(count)d agreements taken back to draft.", count
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(permissions=["change"], description=_("Publish"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, published=True)

    @admin.action(permissions=["change"], description=_("Back to draft"))
    def back_to_draft(self, request, queryset):
        self._set_published(request, queryset, published=False)

    @admin.action(permissions=["change"], description=_("Reviewed today"))
    def mark_reviewed(self, request, queryset):
        # One save each, so the history has it.
        count = agreements_mark_reviewed(agreements=self._plain_selection(queryset), today=timezone.localdate())
        message = ngettext(
            "%(count)d agreement marked as reviewed today.", "%(count)d agreements marked as reviewed today.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

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
        if not obj.published:
            return format_html('{} <span class="draft-mark">({})</span>', obj, _("Draft"))
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

    def _milestones_editable(self, request, obj) -> bool:
        return obj is not None and MilestoneInline(self.model, self.admin_site).has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)  # a new class on every call
        form.check_signing_date_against_stored_milestones = obj is not None and not self._milestones_editable(
            request, obj
        )
        return form

    def save_model(self, request, obj, form, change):
        # agreement_save compares the anchor dates as stored, not as the form started: a revert's
        # form starts from the old version, and the relative deadlines must move with it.
        obj._saved_before_inlines = True
        try:
            with transaction.atomic():
                services.agreement_save(agreement=obj)
        except ValidationError:
            if not change:
                raise
            # E.g. the signing date is removed while a stored milestone still counts from it, and
            # this POST's milestone inline makes that one absolute: save after the inlines.
            obj._saved_before_inlines = False

    # --- New agreement from text (agreements/admin_from_text.py) ---

    def get_urls(self):
        view = self.admin_site.admin_view(self.from_text_view)
        return [path("from-text/", view, name="agreements_agreement_from_text"), *super().get_urls()]

    def from_text_view(self, request):
        """Paste (GET, or POST step=read with an invalid form), review (step=read, step=check:
        nothing written), save (step=save: everything or nothing, then the change page)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        step = request.POST.get("step") if request.method == "POST" else None
        if step in {"check", "save"}:
            review = from_text.Review.from_post(request.POST)
            if step == "save" and review.is_valid():
                missing = [name for name in from_text.permissions_needed(review) if not request.user.has_perm(name)]
                if missing:
                    review.agreement.add_error(
                        None, _("Saving this also needs the permissions: %(names)s.") % {"names": ", ".join(missing)}
                    )
                else:
                    try:
                        agreement, count = from_text.save_review(review)
                    except from_text.Refused as refused:
                        from_text.show_refusal(review, refused)
                    else:
                        return self._from_text_saved(request, agreement, count)
            return self._review_page(request, review)
        text_form = from_text.TextForm(request.POST if step == "read" else None)
        if step == "read" and text_form.is_valid():
            try:
                review = from_text.read_text(text_form)
            except (OverflowError, ValueError):
                from_text.unreadable_text_error(text_form)
            else:
                return self._review_page(request, review)
        return self._from_text_page(request, "admin/agreements/agreement/from_text.html", text_form=text_form)

    def _from_text_page(self, request, template, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("New agreement from text"),
            "has_view_permission": self.has_view_permission(request),
            **context,
        }
        return TemplateResponse(request, template, context)

    def _review_page(self, request, review):
        return self._from_text_page(
            request,
            "admin/agreements/agreement/from_text_review.html",
            review=review,
            rows=review.rows(),
            missing=review.agreement.missing(),
        )

    def _from_text_saved(self, request, agreement, count):
        self.log_addition(request, agreement, [{"added": {}}])
        message = ngettext(
            "The agreement “%(title)s” was created with %(count)d milestone.",
            "The agreement “%(title)s” was created with %(count)d milestones.",
            count,
        ) % {"title": agreement.title, "count": count}
        notice = _("It is a draft: only editors see it until it is published (the action “Publish”).")
        self.message_user(request, f"{message} {notice}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:agreements_agreement_change", args=[agreement.pk]))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not getattr(form.instance, "_saved_before_inlines", True):
            # Raises again if the inlines did not fix it: ServiceErrorsAsMessages rolls back.
            services.agreement_save(agreement=form.instance)
        # Inline milestones were validated against the form's signing date; recheck all of them.
        services.milestones_reschedule(agreement=form.instance)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("title", "publisher", "language", "published_on", "agreement")
    list_filter = ("language",)
    search_fields = ("title", "publisher", "url", "agreement__title", "agreement__short_title")
    autocomplete_fields = ("agreement",)
    list_select_related = ("agreement",)


class DiscrepancyClaimInline(admin.TabularInline):
    """Every side of the discrepancy, in the order given by `position`; none is preferred."""

    model = DiscrepancyClaim
    extra = 0
    fields = ("position", "claim", "grade", "source_url", "source_title", "source_publisher")


@admin.register(Discrepancy)
class DiscrepancyAdmin(HistoryAdmin):
    """Sources that disagree on one fact of an agreement or a criticality list, with every claim."""

    list_display = ("topic", "agreement", "mineral_list", "claim_count")
    list_filter = (("agreement", admin.RelatedOnlyFieldListFilter), ("mineral_list", admin.RelatedOnlyFieldListFilter))
    search_fields = ("topic", "note", "claims__claim", "agreement__title", "agreement__short_title")
    autocomplete_fields = ("agreement",)
    list_select_related = ("agreement", "mineral_list")
    fields = ("agreement", "mineral_list", "topic", "note")
    inlines = (DiscrepancyClaimInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=models.Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_total")
    def claim_count(self, obj):
        return obj.claim_total


class ReportedAmountInline(admin.TabularInline):
    """Every figure a source gives for the instrument: disagreeing sources side by side."""

    model = ReportedAmount
    extra = 0
    fields = (
        "amount_qualifier",
        "amount",
        "currency",
        "source_url",
        "source_title",
        "source_publisher",
        "source_published_on",
        "note",
    )


@admin.register(Instrument)
class InstrumentAdmin(HistoryAdmin):
    list_display = ("name", "kind", "agreement", "amount_display", "firmness", "payer", "responsible")
    list_filter = (
        "kind",
        "firmness",
        "amount_qualifier",
        ("payer", admin.RelatedOnlyFieldListFilter),
        ("stages", admin.RelatedOnlyFieldListFilter),
        ("minerals", admin.RelatedOnlyFieldListFilter),
        ("agreement__parties", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "description", "agreement__title", "agreement__short_title")
    autocomplete_fields = ("agreement", "stages", "minerals", "payer", "responsible", "source")
    list_select_related = ("agreement", "payer", "responsible")
    inlines = (ReportedAmountInline,)
    fieldsets = (
        (None, {"fields": ("agreement", ("name", "kind"), "description", ("stages", "minerals"))}),
        (
            _("Money"),
            {"fields": (("amount_qualifier", "amount", "currency"), ("firmness", "payer"))},
        ),
        (_("Links"), {"fields": (("responsible", "source"), "notes")}),
    )

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        if obj.amount is None:
            return "—"
        return f"{obj.get_amount_qualifier_display()} {obj.amount:,.0f} {obj.currency}"


@admin.register(Milestone)
class MilestoneAdmin(ServiceErrorsAsMessages, EvidenceFormsetsThroughServices, HistoryAdmin):
    list_display = (
        "title",
        "agreement",
        "kind",
        "anchor",
        "deadline",
        "status",
        "outcome_column",
        "days_late_column",
        "last_checked_on",
        "overdue_since",
    )
    list_filter = (
        OutcomeFilter,
        "kind",
        "anchor",
        "status",
        OverdueFilter,
        ("agreement__parties", admin.RelatedOnlyFieldListFilter),
        ("responsible", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("title", "description", "commitment_text", "agreement__title", "agreement__short_title")
    date_hierarchy = "deadline"
    autocomplete_fields = ("agreement", "instrument", "responsible", "source")
    readonly_fields = ("deadline", "last_checked_on", "overdue_since")
    list_select_related = ("agreement",)
    inlines = (MilestoneEvidenceInline,)
    actions = ("mark_checked",)
    fieldsets = (
        (None, {"fields": ("agreement", ("title", "kind"), "description", "commitment_text")}),
        (
            _("Deadline: an absolute date, or months and/or days after signing or entry into force"),
            {"fields": ("deadline_stated", ("due_on", "anchor", "offset_months", "offset_days"), "deadline")},
        ),
        (
            _("Progress"),
            {"fields": (("status", "completed_on"), "evidence_url", ("last_checked_on", "overdue_since"))},
        ),
        (_("Links"), {"fields": (("instrument", "responsible"), "source", "notes")}),
    )

    def get_queryset(self, request):
        # The outcome today: the SQL twin of outcomes.milestone_outcome, two columns per row.
        return super().get_queryset(request).with_outcome(timezone.localdate())

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_column(self, obj):
        return obj.outcome_label

    @admin.display(description=_("days late"), ordering="days_late")
    def days_late_column(self, obj):
        return obj.days_late or ""

    @admin.action(permissions=["change"], description=_("Checked today, nothing new"))
    def mark_checked(self, request, queryset):
        # A plain queryset of the selected rows: the action's carries the outcome annotations.
        selected = Milestone.objects.filter(pk__in=queryset.order_by().values("pk"))
        count = evidence_services.milestones_mark_checked(milestones=selected, today=timezone.localdate())
        self.message_user(
            request,
            ngettext(
                "%(count)d milestone marked as checked today.",
                "%(count)d milestones marked as checked today.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        services.milestone_save(milestone=obj)


@admin.register(Evidence)
class EvidenceAdmin(ServiceErrorsAsMessages, EvidenceFormMixin, HistoryAdmin):
    """Every evidence item; saves and deletes go through services.evidence."""

    list_display = ("occurred_on", "milestone", "agreement", "verdict", "grade", "source_column")
    list_filter = ("verdict", "grade", ("agreement", admin.RelatedOnlyFieldListFilter))
    search_fields = (
        "summary",
        "note",
        "source_title",
        "source_publisher",
        "source_url",
        "milestone__title",
        "agreement__title",
        "agreement__short_title",
    )
    date_hierarchy = "occurred_on"
    autocomplete_fields = ("milestone",)
    list_select_related = ("milestone", "agreement")
    readonly_fields = ("agreement",)
    fieldsets = (
        (None, {"fields": (("milestone", "agreement"), ("occurred_on", "verdict", "grade"), "summary", "note")}),
        (
            _("Source"),
            {
                "fields": (
                    ("source_url", "source_title"),
                    ("source_publisher", "source_published_on", "source_accessed_on"),
                )
            },
        ),
    )

    @admin.display(description=_("source"), ordering="source_title")
    def source_column(self, obj):
        label = obj.source_title or obj.source_url
        if obj.source_url:
            return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.source_url, label)
        return label

    def save_model(self, request, obj, form, change):
        save_evidence(obj, names=form.base_fields, change=change)

    def delete_model(self, request, obj):
        delete_evidence(obj)

    def delete_queryset(self, request, queryset):
        # One by one: each milestone's status and outcome follow its remaining evidence.
        for evidence in queryset.select_related(None).order_by("pk"):
            delete_evidence(evidence)


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

    list_display = (
        "created_at",
        "kind",
        "milestone",
        "agreement",
        "recipient",
        "deadline",
        "outcome_column",
        "period",
        "sent_at",
    )
    list_filter = ("kind", ("recipient", admin.RelatedOnlyFieldListFilter), "created_at")
    search_fields = ("milestone__title", "milestone__agreement__title", "recipient__username", "recipient__email")
    date_hierarchy = "created_at"
    list_select_related = ("milestone__agreement", "recipient")

    @admin.display(description=_("agreement"))
    def agreement(self, obj):
        return obj.milestone.agreement if obj.milestone is not None else ""  # a digest names no milestone

    @admin.display(description=_("outcome"), ordering="outcome")
    def outcome_column(self, obj):
        return Outcome(obj.outcome).label if obj.outcome in Outcome.values else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(EditorDigest)
class EditorDigestAdmin(admin.ModelAdmin):
    """An editor's own opt-in to the weekly digest: subscribe (add) and unsubscribe (delete).

    Open to the users the digest is for (the change_milestone permission), whatever their
    permissions on this model: each sees and removes only their own row (a superuser sees all)
    and can subscribe only themselves. There is nothing to change in a subscription.
    """

    list_display = ("user", "created_at")
    fields = ("about",)
    readonly_fields = ("about",)

    @admin.display(description=_("weekly digest"))
    def about(self, obj=None):
        return _(
            "Every Monday, an e-mail listing the overdue commitments nobody has checked for "
            "%(days)d days, with links to their pages and their admin pages."
        ) % {"days": settings.EDITOR_DIGEST_STALE_DAYS}

    def _may_subscribe(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and can_receive_editor_digest(request.user)

    def _owns(self, request, obj) -> bool:
        return obj is None or obj.user_id == request.user.pk or request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_module_permission(self, request):
        return self._may_subscribe(request)

    def has_view_permission(self, request, obj=None):
        return self._may_subscribe(request) and self._owns(request, obj)

    def has_add_permission(self, request):
        if not self._may_subscribe(request):
            return False
        # Asked by every admin page's menu: once per request.
        if not hasattr(request, "_editor_digest_subscribed"):
            request._editor_digest_subscribed = EditorDigest.objects.filter(user=request.user).exists()
        return not request._editor_digest_subscribed

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._may_subscribe(request) and self._owns(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        # Django looks the row up first: refuse those without access before "no such row".
        if not self.has_view_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        obj.user = request.user  # only ever oneself
        obj.save()


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
