"""The schema of Minerals Tracker: fields, constraints, indexes and tiny properties.

Row rules with friendly messages live in `validation.py` (checks only), SQL rules and loaders in
`querysets.py`, date arithmetic in `deadlines.py`; writes that span rows in `services/`. This
module imports none of the services: they import it.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    AlertKind,
    AmountQualifier,
    DeadlineAnchor,
    EvidenceGrade,
    EvidenceVerdict,
    Firmness,
    InstrumentKind,
    MilestoneKind,
    MilestoneStatus,
    OfftakeStatus,
    Outcome,
    PartyKind,
    PartyRole,
    PermitStatus,
    ProjectStatus,
    RelationKind,
    ReviewStatus,
)
from agreements.deadlines import milestone_deadline
from agreements.outcomes import EvidenceSummary, MilestoneOutcome, milestone_outcome
from agreements.querysets import (
    AgreementQuerySet,
    AlertQuerySet,
    EvidenceQuerySet,
    InstrumentQuerySet,
    MilestoneQuerySet,
    MineralQuerySet,
    PartyQuerySet,
    ProjectQuerySet,
    ReportedAmountQuerySet,
    SourceQuerySet,
    StageQuerySet,
    agreement_search_vector,
)
from agreements.validation import (
    evidence_validate,
    milestone_validate,
    mineral_validate,
    party_validate,
    project_validate,
    watch_validate,
)

iso_country_validator = RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1 alpha-2."))
currency_validator = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 4217."))
# Offsets are bounded so that a deadline always stays a valid date.
offset_months_validators = [MinValueValidator(0), MaxValueValidator(1200)]
offset_days_validators = [MinValueValidator(0), MaxValueValidator(36500)]


def choice_constraint(field: str, choices) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=f"%(app_label)s_%(class)s_{field}_valid", condition=Q(**{f"{field}__in": choices.values})
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Indexed: every list filters on it (`?updated_since=`) for script syncs.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


def _german() -> bool:
    language = get_language()
    return bool(language and language.startswith("de"))


def localized_name(name: str, name_de: str | None) -> str:
    """The name to show in the active language: `name_de` under German where known, else `name`.
    For values read without their row (a facet's counts); rows have `display_name`."""
    return name_de if name_de and _german() else name


class LocalizedNameMixin:
    """`name` is English; `name_de` the German name where known. Pages show `display_name`."""

    @property
    def display_name(self) -> str:
        # English pages never read name_de (a deferred name_de would cost a query only in German).
        return (self.name_de or self.name) if _german() else self.name


class Party(LocalizedNameMixin, TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_de = models.CharField(_("German name"), max_length=200, blank=True, db_default="")
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind)
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        null=True,
        blank=True,
        validators=[iso_country_validator],
        help_text=_("ISO 3166-1 alpha-2, for countries only."),
    )
    # An agency or company belongs to a country (for "everything Japan did").
    country = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": PartyKind.COUNTRY},
        verbose_name=_("country"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [models.Index(fields=["name", "id"], name="agreements_party_order_idx")]
        constraints = [
            choice_constraint("kind", PartyKind),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_iso_code_only_for_countries",
                condition=Q(iso_code__isnull=True) | Q(kind=PartyKind.COUNTRY),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_country_has_iso_code",
                condition=~Q(kind=PartyKind.COUNTRY) | Q(iso_code__isnull=False),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_country_slug_is_code",
                condition=~Q(kind=PartyKind.COUNTRY) | Q(slug=Lower("iso_code")),
            ),
            models.CheckConstraint(name="%(app_label)s_%(class)s_not_own_country", condition=~Q(country=F("pk"))),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        party_validate(self)


class Mineral(LocalizedNameMixin, TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_de = models.CharField(_("German name"), max_length=100, blank=True, db_default="")
    symbol = models.CharField(_("chemical symbol"), max_length=3, blank=True)
    # Rare earths is a group; neodymium belongs to it. Cycles are refused by validation.py.
    group = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("group"),
    )
    is_group = models.BooleanField(_("is a group"), default=False)
    description = models.TextField(_("description"), blank=True)

    objects = MineralQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("mineral")
        verbose_name_plural = _("minerals")
        indexes = [models.Index(fields=["name", "id"], name="agreements_mineral_order_idx")]
        constraints = [
            models.CheckConstraint(name="%(app_label)s_%(class)s_not_own_group", condition=~Q(group=F("pk"))),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mineral-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        mineral_validate(self)


class ValueChainStage(LocalizedNameMixin, TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_de = models.CharField(_("German name"), max_length=100, blank=True, db_default="")
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = StageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("value-chain stage")
        verbose_name_plural = _("value-chain stages")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stage-detail", kwargs={"slug": self.slug})


class Agreement(TimeStampedModel):
    title = models.CharField(_("title"), max_length=500)
    short_title = models.CharField(_("short title"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus, default=AgreementStatus.SIGNED)
    legally_binding = models.BooleanField(
        _("legally binding"), null=True, blank=True, help_text=_("Leave empty when the sources do not say.")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = models.CharField(_("signed at"), max_length=200, blank=True, help_text=_("Place of signing."))
    entered_into_force_on = models.DateField(_("entered into force on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Caveats, disagreements between sources."))
    # Drafts are seen by editors only (publishing.can_see_drafts); new records start as drafts.
    published = models.BooleanField(_("published"), default=False, db_default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    reviewed_on = models.DateField(
        _("last reviewed on"),
        null=True,
        blank=True,
        help_text=_("The day an editor last checked the whole record against its sources."),
    )
    parties = models.ManyToManyField(
        Party, through="AgreementParty", related_name="agreements", verbose_name=_("parties")
    )
    minerals = models.ManyToManyField(Mineral, blank=True, related_name="agreements", verbose_name=_("minerals"))
    stages = models.ManyToManyField(
        ValueChainStage, blank=True, related_name="agreements", verbose_name=_("value-chain stages")
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[minerals, stages])

    class Meta:
        ordering = [F("signed_on").desc(nulls_last=True), "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            # Matches Meta.ordering, so the default list is an index scan.
            models.Index(F("signed_on").desc(nulls_last=True), F("id").desc(), name="agreements_agr_signed_idx"),
            # Full-text search (AgreementQuerySet.search) on the same document expression.
            GinIndex(agreement_search_vector(), name="agreements_agr_search_gin"),
            models.Index(fields=["status"], name="agreements_agr_status_idx"),
            models.Index(fields=["kind"], name="agreements_agr_kind_idx"),
            # Anonymous lists filter on it; drafts are few, so a partial index keeps it small.
            models.Index(
                F("signed_on").desc(nulls_last=True),
                F("id").desc(),
                name="agreements_agr_published_idx",
                condition=Q(published=True),
            ),
        ]
        constraints = [
            choice_constraint("kind", AgreementKind),
            choice_constraint("status", AgreementStatus),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_in_force_after_signing",
                condition=Q(entered_into_force_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(entered_into_force_on__gte=F("signed_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("agreement-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The friendly message for the in_force_after_signing constraint.
        if self.signed_on and self.entered_into_force_on and self.entered_into_force_on < self.signed_on:
            raise ValidationError(
                {"entered_into_force_on": _("An agreement cannot enter into force before it is signed.")}
            )


class AgreementParty(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agreement")
    )
    # PROTECT: a party that appears in an agreement is reference data, never deleted silently.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=20, choices=PartyRole, default=PartyRole.SIGNATORY)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True, help_text=_("Name and office."))
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "party__name", "pk"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="%(app_label)s_%(class)s_unique_party"),
            choice_constraint("role", PartyRole),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"


class Source(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="sources", verbose_name=_("agreement")
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True, help_text=_("e.g. en, de, ja"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # Blank where the reference does not grade the source itself.
    grade = models.CharField(_("grade"), max_length=20, choices=EvidenceGrade, blank=True, db_default="")
    note = models.CharField(_("note"), max_length=500, blank=True, db_default="")

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "published_on", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}" if self.publisher else self.title


class Instrument(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="instruments", verbose_name=_("agreement")
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=InstrumentKind)
    description = models.TextField(_("description"), blank=True)
    stages = models.ManyToManyField(
        ValueChainStage, blank=True, related_name="instruments", verbose_name=_("value-chain stages")
    )
    minerals = models.ManyToManyField(Mineral, blank=True, related_name="instruments", verbose_name=_("minerals"))
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount_qualifier = models.CharField(
        _("amount qualifier"), max_length=20, choices=AmountQualifier, default=AmountQualifier.EXACT
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[currency_validator])
    firmness = models.CharField(
        _("firmness of the money"),
        max_length=20,
        choices=Firmness,
        default=Firmness.NOT_STATED,
        db_default=Firmness.NOT_STATED,
        help_text=_("How binding the amount is: a firm commitment, a pledge, a letter of interest, a target."),
    )
    payer = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paid_instruments",
        verbose_name=_("payer"),
        help_text=_("Who puts up the money."),
    )
    responsible = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("responsible party"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="instruments", verbose_name=_("source")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = InstrumentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[stages, minerals])

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        indexes = [models.Index(fields=["kind"], name="agreements_instr_kind_idx")]
        constraints = [
            choice_constraint("kind", InstrumentKind),
            choice_constraint("amount_qualifier", AmountQualifier),
            choice_constraint("firmness", Firmness),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_amount_not_negative",
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_amount_has_currency",
                condition=Q(amount__isnull=True) | ~Q(currency=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The friendly message for the amount_has_currency constraint.
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})


class Milestone(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("agreement")
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("instrument"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=MilestoneKind,
        default=MilestoneKind.COMMITMENT,
        # db_default too: rows written in SQL (bench generator, psql, importers) get the same.
        db_default=MilestoneKind.COMMITMENT,
        help_text=_('A commitment to deliver; an expiry (a measure that ends, "valid until"); a scheduled review.'),
    )
    description = models.TextField(_("description"), blank=True)
    commitment_text = models.CharField(
        _("commitment as worded"),
        max_length=500,
        blank=True,
        help_text=_('The deadline as the text puts it, e.g. "within six months of signing".'),
    )
    deadline_stated = models.BooleanField(
        _("the text states a deadline"),
        default=True,
        db_default=True,
        help_text=_("Untick for a commitment the text gives no date or period: it is never on time or late."),
    )
    due_on = models.DateField(_("due on (absolute)"), null=True, blank=True)
    anchor = models.CharField(
        _("counts from"),
        max_length=20,
        choices=DeadlineAnchor,
        default=DeadlineAnchor.SIGNING,
        db_default=DeadlineAnchor.SIGNING,
        help_text=_("The date a relative deadline counts from."),
    )
    offset_months = models.PositiveSmallIntegerField(
        _("months after the anchor"), null=True, blank=True, validators=offset_months_validators
    )
    # An integer, not a small one: 100 years of days (36,500) exceed a smallint.
    offset_days = models.PositiveIntegerField(
        _("days after the anchor"), null=True, blank=True, validators=offset_days_validators
    )
    # Derived in save() from due_on, or the offsets and the anchor date; what we query. Null while
    # the anchor date is unknown (counting from an entry into force that has not happened).
    deadline = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus, default=MilestoneStatus.PENDING)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    responsible = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("responsible party"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones", verbose_name=_("source")
    )
    notes = models.TextField(_("notes"), blank=True)
    last_checked_on = models.DateField(
        _("last checked on"),
        null=True,
        blank=True,
        help_text=_("The day an editor last looked for evidence of delivery."),
    )
    # Set and cleared only by the overdue job (a conditional UPDATE); never edited by hand.
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True, editable=False)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["overdue_since"])

    class Meta:
        ordering = [F("deadline").asc(nulls_last=True), "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            models.Index(F("deadline").asc(nulls_last=True), F("id").asc(), name="agreements_ms_order_idx"),
            # The overdue scan: open milestones by deadline.
            models.Index(fields=["status", "deadline"], name="agreements_ms_status_dl_idx"),
            # Per-agreement summaries (next deadline, overdue count) in list rows.
            models.Index(fields=["agreement", "status", "deadline"], name="agreements_ms_agr_status_idx"),
            models.Index(
                fields=["overdue_since"],
                name="agreements_ms_flagged_idx",
                condition=Q(overdue_since__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_absolute_xor_relative",
                condition=Q(deadline_stated=True)
                & (
                    Q(due_on__isnull=False, offset_months__isnull=True, offset_days__isnull=True)
                    | Q(due_on__isnull=True) & (Q(offset_months__isnull=False) | Q(offset_days__isnull=False))
                )
                | Q(deadline_stated=False, due_on__isnull=True, offset_months__isnull=True, offset_days__isnull=True),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_deadline_matches_due_on",
                condition=Q(due_on__isnull=True) | Q(deadline=F("due_on")),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_offsets_bounded",
                condition=(Q(offset_months__isnull=True) | Q(offset_months__gte=0, offset_months__lte=1200))
                & (Q(offset_days__isnull=True) | Q(offset_days__gte=0, offset_days__lte=36500)),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_completed_on_iff_completed",
                condition=Q(status=MilestoneStatus.COMPLETED, completed_on__isnull=False)
                | (~Q(status=MilestoneStatus.COMPLETED) & Q(completed_on__isnull=True)),
            ),
            choice_constraint("status", MilestoneStatus),
            choice_constraint("kind", MilestoneKind),
            choice_constraint("anchor", DeadlineAnchor),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # The derived column is computed where the row is written, from the row and its agreement.
        self.deadline = self.derived_deadline()
        # overdue_since belongs to the overdue job (a conditional UPDATE): an edit of a row
        # loaded before the job ran must not write a stale flag back.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "overdue_since"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("milestone-detail", kwargs={"pk": self.pk})

    def _has_agreement(self) -> bool:
        # An inline form's milestone may point at an agreement that is not saved yet.
        return self.agreement_id is not None or Milestone.agreement.is_cached(self)

    def derived_deadline(self):
        """The deadline by the rules in deadlines.py: `due_on`, or the offsets after the anchor."""
        has_agreement = self._has_agreement()
        return milestone_deadline(
            due_on=self.due_on,
            offset_months=self.offset_months,
            offset_days=self.offset_days,
            anchor=self.anchor,
            signed_on=self.agreement.signed_on if has_agreement else None,
            entered_into_force_on=self.agreement.entered_into_force_on if has_agreement else None,
        )

    def clean(self) -> None:
        has_agreement = self._has_agreement()
        milestone_validate(
            self,
            signed_on=self.agreement.signed_on if has_agreement else None,
            entered_into_force_on=self.agreement.entered_into_force_on if has_agreement else None,
            has_agreement=has_agreement,
        )

    @property
    def is_relative(self) -> bool:
        return self.offset_months is not None or self.offset_days is not None

    def outcome_on(self, today) -> MilestoneOutcome:
        """The outcome by outcomes.milestone_outcome, from this row's evidence (prefetch it for lists)."""
        return milestone_outcome(
            kind=self.kind,
            status=self.status,
            deadline=self.deadline,
            evidence=EvidenceSummary.of((item.verdict, item.occurred_on) for item in self.evidence.all()),
            today=today,
            deadline_stated=self.deadline_stated,
        )

    @property
    def outcome_label(self) -> str:
        """The label of the `outcome` annotated by `MilestoneQuerySet.with_outcome(today)`."""
        return Outcome(self.outcome).label


class Evidence(TimeStampedModel):
    """One dated piece of evidence about a milestone, with its source and grade.

    The milestone's outcome is derived from these (outcomes.py); `agreement` repeats the
    milestone's agreement (set in save()) so the agreement admin can list them inline and the
    API can filter by agreement without a join.
    """

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("milestone")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("agreement")
    )
    occurred_on = models.DateField(_("date of the event"))
    summary = models.TextField(_("what happened"))
    verdict = models.CharField(_("verdict"), max_length=20, choices=EvidenceVerdict)
    grade = models.CharField(_("grade of the source"), max_length=20, choices=EvidenceGrade)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)
    source_published_on = models.DateField(_("source published on"), null=True, blank=True)
    source_accessed_on = models.DateField(_("source accessed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Caveats: why it fulfils or not, what is unconfirmed."))

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence")
        indexes = [
            # The outcome's subqueries: a milestone's items by verdict and date.
            models.Index(fields=["milestone", "verdict", "occurred_on"], name="agreements_ev_outcome_idx"),
            models.Index(fields=["agreement", "occurred_on"], name="agreements_ev_agreement_idx"),
        ]
        constraints = [
            choice_constraint("verdict", EvidenceVerdict),
            choice_constraint("grade", EvidenceGrade),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_source_named",
                condition=~Q(source_url="") | ~Q(source_title=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} · {self.get_verdict_display()}"

    def save(self, *args, **kwargs):
        if self.milestone_id is not None:
            self.agreement_id = self.milestone.agreement_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        evidence_validate(self)

    @property
    def source(self) -> dict:
        return {
            "url": self.source_url,
            "title": self.source_title,
            "publisher": self.source_publisher,
            "published_on": self.source_published_on,
            "accessed_on": self.source_accessed_on,
        }


class ReportedAmount(TimeStampedModel):
    """A figure one source gives for an instrument: disagreeing sources stand side by side."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="reported_amounts", verbose_name=_("instrument")
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_validator])
    amount_qualifier = models.CharField(
        _("amount qualifier"), max_length=20, choices=AmountQualifier, default=AmountQualifier.EXACT
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)
    source_published_on = models.DateField(_("source published on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ReportedAmountQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "pk"]
        verbose_name = _("reported amount")
        verbose_name_plural = _("reported amounts")
        constraints = [
            choice_constraint("amount_qualifier", AmountQualifier),
            models.CheckConstraint(name="%(app_label)s_%(class)s_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_source_named",
                condition=~Q(source_url="") | ~Q(source_title=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_amount_qualifier_display()} {self.amount} {self.currency}"

    @property
    def source(self) -> dict:
        return {
            "url": self.source_url,
            "title": self.source_title,
            "publisher": self.source_publisher,
            "published_on": self.source_published_on,
        }


class Project(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    country = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"kind": PartyKind.COUNTRY},
        verbose_name=_("country"),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    # Unresolved-entity pattern: the operator as named, plus a link once it is a Party.
    operator_name = models.CharField(_("operator"), max_length=300, blank=True)
    operator = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operated_projects",
        verbose_name=_("operator (party)"),
    )
    minerals = models.ManyToManyField(Mineral, blank=True, related_name="projects", verbose_name=_("minerals"))
    stage = models.ForeignKey(
        ValueChainStage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("value-chain stage"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus, default=ProjectStatus.UNKNOWN)
    capital_cost = models.DecimalField(
        _("capital cost"), max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[currency_validator])
    permit_status = models.CharField(
        _("permit status"), max_length=20, choices=PermitStatus, default=PermitStatus.UNKNOWN
    )
    offtake_status = models.CharField(
        _("offtake-contract status"), max_length=20, choices=OfftakeStatus, default=OfftakeStatus.UNKNOWN
    )
    environmental_review_status = models.CharField(
        _("environmental review status"), max_length=20, choices=ReviewStatus, default=ReviewStatus.UNKNOWN
    )
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="projects", verbose_name=_("supporting instruments")
    )
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name=_("source")
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[minerals, instruments])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["name", "id"], name="agreements_project_order_idx"),
            models.Index(fields=["status"], name="agreements_project_status_idx"),
        ]
        constraints = [
            choice_constraint("status", ProjectStatus),
            choice_constraint("permit_status", PermitStatus),
            choice_constraint("offtake_status", OfftakeStatus),
            choice_constraint("environmental_review_status", ReviewStatus),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_capital_cost_not_negative",
                condition=Q(capital_cost__isnull=True) | Q(capital_cost__gte=0),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_capital_cost_has_currency",
                condition=Q(capital_cost__isnull=True) | ~Q(currency=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        project_validate(self)


class AgreementRelation(TimeStampedModel):
    """`subject` `kind` `object`: "FORGE supersedes the Minerals Security Partnership"."""

    subject = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("agreement")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind)
    object = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("related agreement")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="relations", verbose_name=_("source")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "kind", "object", "pk"]
        verbose_name = _("relation between agreements")
        verbose_name_plural = _("relations between agreements")
        constraints = [
            choice_constraint("kind", RelationKind),
            models.UniqueConstraint(
                fields=["subject", "kind", "object"], name="%(app_label)s_%(class)s_unique_relation"
            ),
            models.CheckConstraint(name="%(app_label)s_%(class)s_not_to_itself", condition=~Q(subject=F("object"))),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_kind_display()} {self.object}"

    def clean(self) -> None:
        if self.subject_id and self.subject_id == self.object_id:
            raise ValidationError({"object": _("An agreement cannot be related to itself.")})


class Discrepancy(TimeStampedModel):
    """Sources that disagree on one fact, stored side by side and never resolved by us."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discrepancies",
        verbose_name=_("agreement"),
    )
    mineral_list = models.ForeignKey(
        "MineralList",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discrepancies",
        verbose_name=_("mineral list"),
    )
    topic = models.CharField(_("topic"), max_length=300, help_text=_("What the sources disagree on."))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "topic", "pk"]
        verbose_name = _("discrepancy between sources")
        verbose_name_plural = _("discrepancies between sources")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "topic"], name="%(app_label)s_%(class)s_unique_topic"),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_about_something",
                condition=Q(agreement__isnull=False) | Q(mineral_list__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class DiscrepancyClaim(TimeStampedModel):
    """One side of a discrepancy: what a source says."""

    discrepancy = models.ForeignKey(
        Discrepancy, on_delete=models.CASCADE, related_name="claims", verbose_name=_("discrepancy")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    claim = models.TextField(_("what the source says"))
    grade = models.CharField(_("grade of the source"), max_length=20, choices=EvidenceGrade)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["discrepancy", "position", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [choice_constraint("grade", EvidenceGrade)]

    def __str__(self) -> str:
        return self.claim[:80]


class MineralList(LocalizedNameMixin, TimeStampedModel):
    """An official criticality list (USGS 2025; the EU CRMA's strategic and critical annexes are two
    lists), as reference data with its source."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_de = models.CharField(_("German name"), max_length=300, blank=True, db_default="")
    publisher = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="mineral_lists", verbose_name=_("issued by")
    )
    published_on = models.DateField(_("version date"), null=True, blank=True)
    stated_count = models.PositiveSmallIntegerField(
        _("number of entries stated"), null=True, blank=True, help_text=_("As the source counts them.")
    )
    members_verified = models.BooleanField(
        _("members verified"),
        default=True,
        help_text=_("Off when the sources give only a count, so no member is loaded."),
    )
    grade = models.CharField(_("grade of the source"), max_length=20, choices=EvidenceGrade)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    minerals = models.ManyToManyField(
        Mineral, through="MineralListEntry", related_name="lists", verbose_name=_("minerals")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("criticality list")
        verbose_name_plural = _("criticality lists")
        constraints = [choice_constraint("grade", EvidenceGrade)]

    def __str__(self) -> str:
        return self.name


class MineralListEntry(TimeStampedModel):
    mineral_list = models.ForeignKey(
        MineralList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("list")
    )
    mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, related_name="list_entries", verbose_name=_("mineral")
    )
    listed_as = models.CharField(
        _("listed as"),
        max_length=200,
        blank=True,
        help_text=_('The list\'s own wording, e.g. "lithium (battery grade)".'),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["mineral_list", "mineral__name", "pk"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(fields=["mineral_list", "mineral"], name="%(app_label)s_%(class)s_unique_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.mineral_list}: {self.listed_as or self.mineral}"


class HSCode(TimeStampedModel):
    """A six-digit Harmonized System subheading (WCO HS 2022) and the minerals it covers."""

    code = models.CharField(
        _("HS code"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^\d{4}\.\d{2}$", _("Use the six-digit form 2805.30."))],
    )
    description = models.CharField(_("description"), max_length=500)
    minerals = models.ManyToManyField(Mineral, blank=True, related_name="hs_codes", verbose_name=_("minerals"))
    grade = models.CharField(_("grade of the source"), max_length=20, choices=EvidenceGrade)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    further_urls = models.TextField(_("further source URLs"), blank=True, help_text=_("One per line."))
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords(m2m_fields=[minerals])

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")
        constraints = [choice_constraint("grade", EvidenceGrade)]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Watch(TimeStampedModel):
    """A user follows an agreement or a party and hears about its deadlines."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches", verbose_name=_("user")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="watches", verbose_name=_("agreement")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="watches", verbose_name=_("party")
    )

    class Meta:
        ordering = ["user", "pk"]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_exactly_one_target",
                condition=Q(agreement__isnull=False, party__isnull=True)
                | Q(agreement__isnull=True, party__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "agreement"],
                condition=Q(agreement__isnull=False),
                name="%(app_label)s_%(class)s_unique_agreement",
            ),
            models.UniqueConstraint(
                fields=["user", "party"], condition=Q(party__isnull=False), name="%(app_label)s_%(class)s_unique_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.agreement or self.party}"

    def clean(self) -> None:
        watch_validate(self)


class EditorDigest(TimeStampedModel):
    """An editor's opt-in to the weekly digest of overdue commitments nobody checked for a while."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_digest", verbose_name=_("user")
    )

    class Meta:
        verbose_name = _("editor digest subscription")
        verbose_name_plural = _("editor digest subscriptions")

    def __str__(self) -> str:
        return str(self.user)


class Alert(models.Model):
    """The alert log: every flag, clear, overdue notice and reminder, one row each.

    Notices and reminders are unique per milestone, recipient and deadline: that row is the
    "sent once" guard (inserted with ON CONFLICT DO NOTHING), so a repeated or concurrent run
    sends nothing twice, while a deadline that moves and is missed again is announced again.
    Outcome notices are unique per milestone, recipient and the evidence item that changed the
    outcome; editor digests (no milestone) per recipient and week (`period`, its Monday).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts", verbose_name=_("milestone")
    )
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts", verbose_name=_("evidence")
    )
    # db_default: the overdue job INSERTs alert rows in SQL without naming this column.
    outcome = models.CharField(_("outcome"), max_length=30, blank=True, default="", db_default="")
    period = models.DateField(_("period"), null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("recipient"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alert log")
        indexes = [
            models.Index(
                fields=["recipient", "kind"], name="agreements_alert_unsent_idx", condition=Q(sent_at__isnull=True)
            ),
        ]
        constraints = [
            choice_constraint("kind", AlertKind),
            models.UniqueConstraint(
                fields=["milestone", "recipient", "kind", "deadline"],
                condition=Q(kind__in=[AlertKind.OVERDUE_NOTICE, AlertKind.REMINDER]),
                name="%(app_label)s_%(class)s_notice_once",
            ),
            models.UniqueConstraint(
                fields=["milestone", "recipient", "evidence"],
                condition=Q(kind=AlertKind.OUTCOME_NOTICE),
                name="%(app_label)s_%(class)s_outcome_notice_once",
            ),
            models.UniqueConstraint(
                fields=["recipient", "period"],
                condition=Q(kind=AlertKind.EDITOR_DIGEST),
                name="%(app_label)s_%(class)s_digest_once",
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_notice_has_recipient",
                condition=Q(kind__in=[AlertKind.FLAGGED, AlertKind.CLEARED]) | Q(recipient__isnull=False),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_milestone_unless_digest",
                condition=Q(kind=AlertKind.EDITOR_DIGEST, milestone__isnull=True, period__isnull=False)
                | (~Q(kind=AlertKind.EDITOR_DIGEST) & Q(milestone__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.milestone_id} @ {self.created_at:%Y-%m-%d %H:%M}"
