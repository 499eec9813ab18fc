"""Serializers: one declarative read shape per resource (docs/api.md), write shapes where they differ.

Reads never query per row: the view's loader (`Model.objects.for_api(today)` or `for_list()`)
brings what the shape shows: nested rows as JSON columns, `next_deadline`, `overdue_count` and
`overdue` as annotations. Writes take related objects by slug (parties by slug or ISO code) and
go through services.
"""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.reverse import reverse

from agreements.choices import DeadlineAnchor, EvidenceGrade, InstrumentKind, Outcome, PartyRole
from agreements.models import (
    Agreement,
    AgreementParty,
    Discrepancy,
    Evidence,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    Party,
    Project,
    ReportedAmount,
    Source,
    ValueChainStage,
    Watch,
)
from agreements.relations import RELATION_NAMES
from agreements.services.scorecards import COMMITMENT_OUTCOMES

DEADLINE_ABSOLUTE = "absolute"
DEADLINE_RELATIVE = "relative"
DEADLINE_NONE = "none"  # the text states no deadline (`deadline_stated: false`)


class NoBlankRelationMixin:
    """`""` is refused, not read as null: DRF turns a blank related value into None, so `"group": ""`
    would silently clear a relation. Null is how a client says "none"."""

    blank_message = _("This field may not be blank; send null for none.")

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str) and data == "":
            raise serializers.ValidationError(self.blank_message, code="blank")
        return super().run_validation(data)


class ManySlugsField(serializers.ManyRelatedField):
    """A list of slugs resolved in one query (DRF's own field runs one per item); unknown slugs are
    named in one error. The parser bounds the list's length (api/parsers.py)."""

    def to_internal_value(self, data):
        if isinstance(data, str | dict) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        child = self.child_relation
        slugs = []
        for item in data:
            if not isinstance(item, str) or not item.strip() or "\x00" in item:
                raise serializers.ValidationError(_("Give slugs as non-empty strings."), code="invalid")
            slugs.append(item)
        found = {
            getattr(obj, child.slug_field): obj
            for obj in child.get_queryset().filter(**{f"{child.slug_field}__in": slugs})
        }
        missing = sorted(set(slugs) - set(found))
        if missing:
            raise serializers.ValidationError(
                _("Unknown: %(slugs)s.") % {"slugs": ", ".join(missing)}, code="does_not_exist"
            )
        return [found[slug] for slug in dict.fromkeys(slugs)]


@extend_schema_field({"type": "string", "minLength": 1})
class SlugRelatedField(NoBlankRelationMixin, serializers.SlugRelatedField):
    @classmethod
    def many_init(cls, *args, **kwargs):
        # `many=True`: DRF's own RelatedField.many_init, with ManySlugsField as the list field.
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs |= {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return ManySlugsField(**list_kwargs)


class WholeItemsMixin:
    """An item of a nested list is always whole, even in a PATCH: sending the list replaces it, so
    each item needs its required fields (DRF skips them when the root is partial)."""

    def validate(self, attrs):
        missing = {
            name: [serializers.Field.default_error_messages["required"]]
            for name, field in self.fields.items()
            if field.required and not field.read_only and name not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return super().validate(attrs)


class PrimaryKeyRelatedField(NoBlankRelationMixin, serializers.PrimaryKeyRelatedField):
    pass


@extend_schema_field(
    {"type": "string", "minLength": 1, "description": "Party slug or ISO 3166-1 alpha-2 code (e.g. jp or JP)."}
)
class PartyField(NoBlankRelationMixin, serializers.RelatedField):
    """A party by slug (`jp`) or ISO code (`JP`); represented by its slug."""

    default_error_messages = {
        "does_not_exist": _("Unknown party: {value}."),
        "invalid": _("Give a party slug or ISO code as a string."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Party.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip() or len(data) > 100 or "\x00" in data:
            self.fail("invalid")
        value = data.strip()
        party = self.get_queryset().matching([value]).first()
        if party is None:
            self.fail("does_not_exist", value=value)
        return party

    def to_representation(self, value):
        return value.slug


def slug_field(model, **kwargs):
    return SlugRelatedField(slug_field="slug", queryset=model.objects.all(), **kwargs)


class VisibleOnlyMixin:
    """Related rows limited to what the request's user may see (`visible_to`): a draft named by
    someone who may not see it is unknown, exactly like a slug or id that does not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().visible_to(getattr(request, "user", None))


class VisibleSlugRelatedField(VisibleOnlyMixin, SlugRelatedField):
    pass


class VisiblePrimaryKeyRelatedField(VisibleOnlyMixin, PrimaryKeyRelatedField):
    pass


def visible_slug_field(model, **kwargs):
    return VisibleSlugRelatedField(slug_field="slug", queryset=model.objects.all(), **kwargs)


# --- reference data ----------------------------------------------------------------------


class PartySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-party-detail", lookup_field="slug")
    country = slug_field(
        Party, required=False, allow_null=True, help_text=_("Slug of the country an agency or company belongs to.")
    )

    class Meta:
        model = Party
        fields = [
            "url",
            "slug",
            "name",
            "name_de",
            "kind",
            "iso_code",
            "country",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "iso_code": {"help_text": _("ISO 3166-1 alpha-2 for countries (then the slug is the code in lower case).")}
        }


class HSCodeSourceSerializer(serializers.Serializer):
    url = serializers.URLField(help_text=_("The main source."))
    further = serializers.ListField(child=serializers.URLField(), help_text=_("Further sources."))


# One HS code as a mineral shows it: documents a row of `hs_code_rows` (MineralQuerySet.for_api).
class HSCodeRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Six-digit HS 2022 subheading, e.g. 2805.30."))
    description = serializers.CharField()
    grade = serializers.ChoiceField(choices=EvidenceGrade.choices, help_text=_("Grade of the source."))
    source = HSCodeSourceSerializer()
    note = serializers.CharField()


@extend_schema_field(HSCodeRowSerializer(many=True))
class HSCodeRowsField(serializers.ReadOnlyField):
    """Shaped by the loader (MineralQuerySet.for_api), passed through."""


# Reads rows of `Mineral.objects.for_api()` (the lists and HS codes come as columns).
class MineralSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-mineral-detail", lookup_field="slug")
    group = slug_field(
        Mineral, required=False, allow_null=True, help_text=_("Slug of the group this mineral belongs to, or null.")
    )
    lists = serializers.ListField(
        child=serializers.CharField(),
        source="list_slugs",
        read_only=True,
        help_text=_(
            "Slugs of the criticality lists that name this mineral itself (a list naming its group is in the "
            "group's lists)."
        ),
    )
    hs_codes = HSCodeRowsField(source="hs_code_rows", help_text=_("HS codes that name this mineral."))

    class Meta:
        model = Mineral
        fields = [
            "url",
            "slug",
            "name",
            "name_de",
            "symbol",
            "group",
            "is_group",
            "description",
            "lists",
            "hs_codes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class StageSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-stage-detail", lookup_field="slug")

    class Meta:
        model = ValueChainStage
        fields = ["url", "slug", "name", "name_de", "order", "description", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


# --- agreements --------------------------------------------------------------------------


class ShapedField(serializers.ReadOnlyField):
    """A value the loader shaped in PostgreSQL as the API shows it, passed through unchanged.

    Subclasses document the shape for the schema (`extend_schema_field`); the loader
    (e.g. `AgreementQuerySet.with_nested_rows`) is the one place that builds it, and
    tests/api/test_api_read_shape.py pins it.
    """


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}})
class SlugsField(ShapedField):
    pass


# One party of an agreement as the API shows it: documents a row of `party_rows`.
class AgreementPartyReadSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["slug", "name", "role", "signed_by", "joined_on"]


class AgreementPartyWriteSerializer(WholeItemsMixin, serializers.ModelSerializer):
    party = PartyField()

    class Meta:
        model = AgreementParty
        fields = ["party", "role", "signed_by", "joined_on", "note"]
        extra_kwargs = {"role": {"default": PartyRole.SIGNATORY}}


@extend_schema_field(AgreementPartyReadSerializer(many=True))
class PartyRowsField(ShapedField):
    csv_names_column = "party_names"  # the CSV gives the parties' names beside their slugs


BLANK_URL_HELP = _('A web address, or "" when there is none.')


class SourceSerializer(WholeItemsMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "language", "published_on"]
        extra_kwargs = {"url": {"help_text": BLANK_URL_HELP}}


@extend_schema_field(SourceSerializer(many=True))
class SourceRowsField(ShapedField):
    pass


IMPLEMENTATION_KEYS = ("projects", "permits_granted", "offtake_signed", "environment_approved", "capital_cost_stated")


@extend_schema_field(
    {
        "type": "object",
        "description": (
            "The founding summary's test of implementation, counted over the projects the agreement's "
            "instruments support: how many there are, and how many have their permits granted, an offtake "
            "contract signed, the environmental review approved and a stated capital cost."
        ),
        "properties": {key: {"type": "integer", "minimum": 0} for key in IMPLEMENTATION_KEYS},
        "required": list(IMPLEMENTATION_KEYS),
        "additionalProperties": False,
    }
)
class ImplementationField(ShapedField):
    csv_columns = IMPLEMENTATION_KEYS


class NamedSourceSerializer(serializers.Serializer):
    """A source as a relation or a discrepancy's claim names it."""

    url = serializers.CharField(help_text=BLANK_URL_HELP)
    title = serializers.CharField()
    publisher = serializers.CharField()


# One related agreement as the API shows it: documents a row of `related_rows`.
class RelatedAgreementSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    relation = serializers.ChoiceField(
        choices=RELATION_NAMES,
        help_text=_(
            "How this agreement stands to the other one, read from this side: supersedes, implements, "
            "derived_from, amends, or the inverse (superseded_by, implemented_by, template_for, amended_by) "
            "when the relation was recorded on the other agreement."
        ),
    )
    title = serializers.CharField()
    short_title = serializers.CharField()
    note = serializers.CharField()
    source = NamedSourceSerializer(allow_null=True, help_text=_("The source the relation was recorded from, or null."))


@extend_schema_field(RelatedAgreementSerializer(many=True))
class RelatedRowsField(ShapedField):
    pass


class DiscrepancyClaimSerializer(serializers.Serializer):
    claim = serializers.CharField(help_text=_("What the source says."))
    grade = serializers.ChoiceField(choices=EvidenceGrade.choices)
    source = NamedSourceSerializer()


@extend_schema_field(DiscrepancyClaimSerializer(many=True))
class ClaimRowsField(ShapedField):
    pass


# One discrepancy as an agreement shows it: documents a row of `discrepancy_rows`.
class DiscrepancyRowSerializer(serializers.Serializer):
    topic = serializers.CharField(help_text=_("What the sources disagree on."))
    note = serializers.CharField()
    claims = DiscrepancyClaimSerializer(many=True, help_text=_("Every side, in the order recorded; none is preferred."))


@extend_schema_field(DiscrepancyRowSerializer(many=True))
class DiscrepancyRowsField(ShapedField):
    pass


# Reads rows of `querysets.discrepancies_for_api(...)`: the slugs and the claims come as columns.
class DiscrepancySerializer(serializers.ModelSerializer):
    """Sources that disagree on one fact of an agreement or a criticality list, every side kept."""

    url = serializers.HyperlinkedIdentityField(view_name="api-discrepancy-detail")
    agreement = serializers.CharField(
        source="agreement_slug", read_only=True, allow_null=True, help_text=_("Agreement slug, or null.")
    )
    mineral_list = serializers.CharField(
        source="mineral_list_slug", read_only=True, allow_null=True, help_text=_("Criticality list slug, or null.")
    )
    claims = ClaimRowsField(source="claim_rows", help_text=_("Every side, in the order recorded; none is preferred."))

    class Meta:
        model = Discrepancy
        fields = ["url", "id", "agreement", "mineral_list", "topic", "note", "claims", "created_at", "updated_at"]
        read_only_fields = fields


class MineralListSourceSerializer(serializers.Serializer):
    url = serializers.URLField(source="source_url", help_text=_('The main source, or "" when none was found.'))
    title = serializers.CharField(source="source_title")


class MineralListEntrySerializer(serializers.Serializer):
    mineral = serializers.CharField(help_text=_("Mineral slug."))
    listed_as = serializers.CharField(
        help_text=_('The list\'s own wording where it differs ("lithium (battery grade)"), else blank.')
    )


@extend_schema_field(MineralListEntrySerializer(many=True))
class EntryRowsField(ShapedField):
    pass


# Reads rows of `querysets.mineral_lists_for_api(...)`: publisher, members and discrepancies as columns.
class MineralListSerializer(serializers.ModelSerializer):
    """An official criticality list (USGS 2025, the EU CRMA's annexes…) with its source."""

    url = serializers.HyperlinkedIdentityField(view_name="api-mineral-list-detail", lookup_field="slug")
    publisher = serializers.CharField(
        source="publisher_slug", read_only=True, help_text=_("Slug of the issuing party.")
    )
    source = MineralListSourceSerializer(source="*", read_only=True)
    minerals = SlugsField(source="mineral_slugs", help_text=_("Slugs of the minerals (and groups) on the list."))
    entries = EntryRowsField(source="entry_rows", help_text=_("The members with the list's own wording."))
    discrepancies = DiscrepancyRowsField(
        source="discrepancy_rows", help_text=_("Facts about the list the sources disagree on, with every side.")
    )

    class Meta:
        model = MineralList
        fields = [
            "url",
            "slug",
            "name",
            "name_de",
            "publisher",
            "published_on",
            "stated_count",
            "members_verified",
            "grade",
            "source",
            "note",
            "minerals",
            "entries",
            "discrepancies",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "published_on": {"help_text": _("The list's version date, or null when the sources give none.")},
            "stated_count": {"help_text": _("The number of entries as the source counts them.")},
            "members_verified": {"help_text": _("false: the sources give only a count, so `minerals` is empty.")},
        }


# Reads rows of `Agreement.objects.for_api(today)`, whose nested values come as columns.
class AgreementSerializer(serializers.ModelSerializer):
    """Read shape: parties with roles, minerals and stages as slugs, sources, deadline summary."""

    url = serializers.HyperlinkedIdentityField(view_name="api-agreement-detail", lookup_field="slug")
    parties = PartyRowsField(source="party_rows")
    minerals = SlugsField(source="mineral_slugs", help_text=_("Mineral slugs."))
    stages = SlugsField(source="stage_slugs", help_text=_("Value-chain stage slugs."))
    sources = SourceRowsField(source="source_rows")
    next_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Earliest open deadline from today on, or null.")
    )
    overdue_count = serializers.IntegerField(
        read_only=True, help_text=_("Open milestones (pending or in progress) whose deadline is before today.")
    )
    implementation = ImplementationField()
    related = RelatedRowsField(
        source="related_rows",
        help_text=_("Agreements this one supersedes, implements, derives from or amends, and the reverse."),
    )
    discrepancies = DiscrepancyRowsField(
        source="discrepancy_rows", help_text=_("Facts the sources disagree on, with every side.")
    )

    class Meta:
        model = Agreement
        fields = [
            "url",
            "slug",
            "title",
            "short_title",
            "kind",
            "status",
            "legally_binding",
            "signed_on",
            "signed_at",
            "entered_into_force_on",
            "parties",
            "minerals",
            "stages",
            "summary",
            "objectives",
            "notes",
            "sources",
            "next_deadline",
            "overdue_count",
            "implementation",
            "related",
            "discrepancies",
            "reviewed_on",
            "published",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "published": {"help_text": _("false: a draft, seen only by users who may view or change agreements.")},
            "published_at": {"help_text": _("When it was first published; null for a draft never published.")},
            "reviewed_on": {"help_text": _("The day an editor last checked the whole record against its sources.")},
        }


# What a client writes of a milestone, nested in its agreement or on its own (plus agreement, instrument).
MILESTONE_WRITE_FIELDS = [
    "title",
    "kind",
    "description",
    "commitment_text",
    "deadline_stated",
    "due_on",
    "anchor",
    "offset_months",
    "offset_days",
    "status",
    "completed_on",
    "responsible",
    "evidence_url",
    "notes",
]


class NestedMilestoneWriteSerializer(serializers.ModelSerializer):
    """A milestone created together with its agreement: `due_on`, or months and/or days after its anchor."""

    responsible = PartyField(required=False, allow_null=True)

    class Meta:
        model = Milestone
        fields = MILESTONE_WRITE_FIELDS


class AgreementWriteSerializer(serializers.ModelSerializer):
    """Create or update an agreement with its parties, minerals, stages and sources in one transaction.

    On update, a relation that is sent replaces the stored one; one that is left out stays as it is.
    """

    slug = serializers.SlugField(
        max_length=100,
        required=False,
        help_text=_("Derived from the title (or short title) when omitted."),
    )
    parties = AgreementPartyWriteSerializer(many=True, required=False)
    minerals = SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False, help_text=_("Mineral slugs.")
    )
    stages = SlugRelatedField(
        slug_field="slug",
        queryset=ValueChainStage.objects.all(),
        many=True,
        required=False,
        help_text=_("Value-chain stage slugs."),
    )
    sources = SourceSerializer(many=True, required=False)
    milestones = NestedMilestoneWriteSerializer(
        many=True,
        required=False,
        write_only=True,
        help_text=_("Only on create: milestones created with the agreement (all or nothing)."),
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "short_title",
            "kind",
            "status",
            "legally_binding",
            "signed_on",
            "signed_at",
            "entered_into_force_on",
            "summary",
            "objectives",
            "notes",
            "parties",
            "minerals",
            "stages",
            "sources",
            "milestones",
            "published",
        ]
        extra_kwargs = {
            "published": {
                "help_text": _(
                    "A new agreement is a draft (false) unless this says true; publishing or taking back to "
                    "draft needs the permission to change agreements."
                )
            }
        }

    def validate_slug(self, value):
        queryset = Agreement.objects.filter(slug=value)
        if self.instance is not None:
            queryset = queryset.exclude(pk=self.instance.pk)
        if queryset.exists():
            raise serializers.ValidationError(_("An agreement with this slug already exists."))
        return value

    def validate_milestones(self, value):
        if self.instance is not None and value:
            raise serializers.ValidationError(_("Add milestones to an existing agreement at /api/milestones/."))
        return value


# --- instruments, milestones, projects ---------------------------------------------------


class SourceObjectSerializer(serializers.Serializer):
    """A source as one object, stored in the `source_*` columns of its row. Sent whole: a field
    left out is blank (null for dates), so sending `source` replaces the stored one."""

    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="", help_text=BLANK_URL_HELP)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        # The `source_named` constraint of Evidence and ReportedAmount, as a field error.
        if not attrs.get("url") and not attrs.get("title"):
            raise serializers.ValidationError(_("Name the source: its URL, or its title when it has none."))
        return attrs

    def to_internal_value(self, data):
        # Defaults even in a PATCH (DRF skips them when the root is partial): the object is whole.
        values = super().to_internal_value(data)
        return {name: values.get(name, field.default) for name, field in self.fields.items()}

    @classmethod
    def as_columns(cls, source: dict) -> dict:
        """`{url, title, …}` as the model's `source_url`, `source_title`, … columns."""
        return {f"source_{name}": value for name, value in source.items()}


class ReportedAmountSourceSerializer(SourceObjectSerializer):
    pass


class EvidenceSourceSerializer(SourceObjectSerializer):
    accessed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("When the source was read.")
    )


class ReportedAmountSerializer(WholeItemsMixin, serializers.ModelSerializer):
    """One figure a source gives for an instrument."""

    source = ReportedAmountSourceSerializer(help_text=_("Where the figure is reported: a URL or a title at least."))

    class Meta:
        model = ReportedAmount
        fields = ["amount", "currency", "amount_qualifier", "source", "note"]

    def to_service_data(self, attrs: dict) -> dict:
        data = dict(attrs)
        source = data.pop("source")
        return {**data, **SourceObjectSerializer.as_columns(source)}


class InstrumentSerializer(serializers.ModelSerializer):
    """Read and write shape; `reported_amounts`, when sent, replaces the stored figures."""

    url = serializers.HyperlinkedIdentityField(view_name="api-instrument-detail")
    agreement = visible_slug_field(Agreement, help_text=_("Agreement slug."))
    stages = SlugRelatedField(
        slug_field="slug",
        queryset=ValueChainStage.objects.all(),
        many=True,
        required=False,
        help_text=_("Value-chain stage slugs."),
    )
    minerals = SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False, help_text=_("Mineral slugs.")
    )
    payer = PartyField(required=False, allow_null=True, help_text=_("Who puts up the money: party slug or ISO code."))
    responsible = PartyField(required=False, allow_null=True)
    reported_amounts = ReportedAmountSerializer(
        many=True,
        required=False,
        help_text=_("Every figure a source gives, side by side; sending the list replaces the stored one."),
    )

    class Meta:
        model = Instrument
        fields = [
            "url",
            "id",
            "agreement",
            "name",
            "kind",
            "description",
            "stages",
            "minerals",
            "amount",
            "amount_qualifier",
            "currency",
            "payer",
            "firmness",
            "reported_amounts",
            "responsible",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_agreement(self, value):
        if self.instance is not None and value != self.instance.agreement:
            raise serializers.ValidationError(_("An instrument cannot move to another agreement."))
        return value

    def reported_amounts_data(self) -> list[dict] | None:
        """The sent `reported_amounts` as model columns, or None when the list was not sent."""
        items = self.validated_data.get("reported_amounts")
        if items is None:
            return None
        child = self.fields["reported_amounts"].child
        return [child.to_service_data(item) for item in items]


# --- evidence ----------------------------------------------------------------------------

# An evidence item as the API shows it; the milestone's `evidence` list has the same items
# without `milestone` (querysets.evidence_columns shapes them in PostgreSQL).
EVIDENCE_FIELDS = [
    "url",
    "id",
    "milestone",
    "agreement",
    "occurred_on",
    "summary",
    "verdict",
    "grade",
    "source",
    "note",
    "created_at",
    "updated_at",
]


# Reads rows of `Evidence.objects.for_api()` (the agreement's slug annotated).
class EvidenceSerializer(serializers.ModelSerializer):
    """An evidence item: what happened on which day, what it means for the milestone, and its source."""

    url = serializers.HyperlinkedIdentityField(view_name="api-evidence-detail")
    milestone = serializers.IntegerField(source="milestone_id", read_only=True)
    agreement = serializers.CharField(
        source="agreement_slug", read_only=True, help_text=_("Slug of the milestone's agreement.")
    )
    source = EvidenceSourceSerializer(read_only=True)

    class Meta:
        model = Evidence
        fields = EVIDENCE_FIELDS
        read_only_fields = fields


class MilestoneEvidenceSerializer(EvidenceSerializer):
    """Documents an item of a milestone's `evidence` list: the evidence item without `milestone`."""

    class Meta(EvidenceSerializer.Meta):
        fields = [name for name in EVIDENCE_FIELDS if name != "milestone"]
        read_only_fields = fields


@extend_schema_field(MilestoneEvidenceSerializer(many=True))
class EvidenceRowsField(ShapedField):
    """`evidence_rows` (MilestoneQuerySet.with_evidence_rows) with each item's `url` added and its
    date-times written as the rest of the API writes them (PostgreSQL's JSON has its own format)."""

    def to_representation(self, rows):
        request = self.context.get("request")
        stamp = serializers.DateTimeField()
        items = []
        for row in rows:
            item = {"url": reverse("api-evidence-detail", kwargs={"pk": row["id"]}, request=request), **row}
            for name in ("created_at", "updated_at"):
                item[name] = stamp.to_representation(parse_datetime(row[name]))
            items.append(item)
        return items


class EvidenceWriteSerializer(serializers.ModelSerializer):
    """Writes go through services.evidence: the milestone's status follows its evidence."""

    milestone = VisiblePrimaryKeyRelatedField(queryset=Milestone.objects.all(), help_text=_("Id of the milestone."))
    source = EvidenceSourceSerializer(help_text=_("The source: a URL or a title at least."))

    class Meta:
        model = Evidence
        fields = ["milestone", "occurred_on", "summary", "verdict", "grade", "source", "note"]
        extra_kwargs = {
            "occurred_on": {"help_text": _("The date of the event the evidence reports; not in the future.")},
        }

    def to_service_data(self) -> dict:
        data = dict(self.validated_data)
        if "source" in data:
            data.update(SourceObjectSerializer.as_columns(data.pop("source")))
        return data


# Reads rows of `Milestone.objects.for_api(today)` (two slugs, `is_overdue`, `outcome`,
# `days_late` and `evidence_rows` annotated).
class MilestoneSerializer(serializers.ModelSerializer):
    """Read shape: `due_on` is the computed deadline, whether absolute or relative to its anchor;
    `outcome` is derived from the evidence (agreements/outcomes.py), never written."""

    url = serializers.HyperlinkedIdentityField(view_name="api-milestone-detail")
    agreement = serializers.CharField(source="agreement_slug", read_only=True)
    instrument = serializers.IntegerField(source="instrument_id", read_only=True, allow_null=True)
    responsible = serializers.CharField(source="responsible_slug", read_only=True, allow_null=True)
    due_on = serializers.DateField(
        source="deadline",
        read_only=True,
        allow_null=True,
        help_text=_("The deadline: the absolute date, or the one computed from the offsets and the signing date."),
    )
    deadline_kind = serializers.SerializerMethodField(
        help_text=_(
            "absolute (a fixed due_on), relative (offset_months and/or offset_days after the anchor) or none "
            "(the text states no deadline)."
        )
    )
    evidence_url = serializers.URLField(
        read_only=True, allow_blank=True, help_text=_('A link to evidence of progress, or "" when there is none.')
    )
    overdue = serializers.BooleanField(
        source="is_overdue",
        read_only=True,
        help_text=_("A commitment, pending or in progress, with a deadline before today."),
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        read_only=True,
        help_text=_("Was the promise kept? Derived from the evidence, the deadline and today."),
    )
    days_late = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Days after the deadline: of the fulfilment (met late), of today (overdue, missed), or null."),
    )
    evidence = EvidenceRowsField(source="evidence_rows", help_text=_("The evidence items, newest first."))

    class Meta:
        model = Milestone
        fields = [
            "url",
            "id",
            "agreement",
            "instrument",
            "title",
            "kind",
            "description",
            "commitment_text",
            "deadline_stated",
            "due_on",
            "deadline_kind",
            "anchor",
            "offset_months",
            "offset_days",
            "status",
            "completed_on",
            "outcome",
            "days_late",
            "last_checked_on",
            "responsible",
            "evidence_url",
            "notes",
            "evidence",
            "overdue",
            "overdue_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": [DEADLINE_ABSOLUTE, DEADLINE_RELATIVE, DEADLINE_NONE]})
    def get_deadline_kind(self, milestone) -> str:
        if not milestone.deadline_stated:
            return DEADLINE_NONE
        return DEADLINE_RELATIVE if milestone.due_on is None else DEADLINE_ABSOLUTE


class MilestoneWriteSerializer(serializers.ModelSerializer):
    """Either `due_on` (absolute) or `offset_months` and/or `offset_days` after the `anchor`: the
    agreement's signing (default) or its entry into force (no deadline until that date is known).

    On a partial update, sending `due_on` clears the offsets and sending an offset clears `due_on`,
    so a client can switch a milestone between absolute and relative in one PATCH.
    """

    agreement = visible_slug_field(Agreement, help_text=_("Agreement slug (cannot change after creation)."))
    instrument = VisiblePrimaryKeyRelatedField(
        queryset=Instrument.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of an instrument of the same agreement."),
    )
    responsible = PartyField(required=False, allow_null=True)
    due_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Absolute deadline (YYYY-MM-DD). Clears the offsets.")
    )

    class Meta:
        model = Milestone
        fields = ["agreement", "instrument", *MILESTONE_WRITE_FIELDS]
        extra_kwargs = {
            "offset_months": {
                "help_text": _("Calendar months after the anchor (clamped to month end). Clears due_on.")
            },
            "offset_days": {"help_text": _("Days after the anchor, counted after the months. Clears due_on.")},
        }

    def validate_agreement(self, value):
        if self.instance is not None and value != self.instance.agreement:
            raise serializers.ValidationError(_("A milestone cannot move to another agreement."))
        return value

    def to_service_data(self) -> dict:
        """The validated fields, with the absolute/relative switch applied for updates."""
        data = dict(self.validated_data)
        data.pop("agreement", None)
        if self.instance is not None:
            sends_offsets = data.get("offset_months") is not None or data.get("offset_days") is not None
            if data.get("due_on") is not None and not sends_offsets:
                data["offset_months"] = None
                data["offset_days"] = None
            elif sends_offsets and "due_on" not in data:
                data["due_on"] = None
            if data.get("deadline_stated") is False and data.get("due_on") is None and not sends_offsets:
                data |= {"due_on": None, "offset_months": None, "offset_days": None}  # no deadline: none kept
            elif (data.get("due_on") is not None or sends_offsets) and "deadline_stated" not in data:
                data["deadline_stated"] = True  # a date or an offset states a deadline
        return data


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-project-detail", lookup_field="slug")
    country = PartyField(help_text=_("Country: slug or ISO code."))
    operator = PartyField(required=False, allow_null=True)
    minerals = SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False, help_text=_("Mineral slugs.")
    )
    stage = slug_field(ValueChainStage, required=False, allow_null=True, help_text=_("Value-chain stage slug."))
    instruments = VisiblePrimaryKeyRelatedField(
        queryset=Instrument.objects.all(), many=True, required=False, help_text=_("Ids of supporting instruments.")
    )

    class Meta:
        model = Project
        fields = [
            "url",
            "slug",
            "name",
            "country",
            "location",
            "operator_name",
            "operator",
            "minerals",
            "stage",
            "status",
            "capital_cost",
            "currency",
            "permit_status",
            "offtake_status",
            "environmental_review_status",
            "instruments",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


# --- scorecards --------------------------------------------------------------------------

ATTRIBUTIONS = ("responsible", "joint")


@extend_schema_field(
    {
        "type": "object",
        "description": "Commitments per outcome (every outcome a commitment can have, zeros included).",
        "properties": {outcome.value: {"type": "integer", "minimum": 0} for outcome in COMMITMENT_OUTCOMES},
        "required": [outcome.value for outcome in COMMITMENT_OUTCOMES],
        "additionalProperties": False,
    }
)
class OutcomeCountsField(serializers.ReadOnlyField):
    csv_columns = tuple(outcome.value for outcome in COMMITMENT_OUTCOMES)


# Reads services.scorecards.Scorecard objects; `milestones` comes from the view (context).
class ScorecardSerializer(serializers.Serializer):
    """How many commitments were kept: one group (a party, an agreement, an instrument kind, a year)."""

    key = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The group: party or agreement slug, instrument kind, year; null for none named or no deadline."),
    )
    label = serializers.CharField(read_only=True)
    attribution = serializers.ChoiceField(
        choices=ATTRIBUTIONS,
        read_only=True,
        allow_null=True,
        help_text=_(
            "By party: responsible (the party is named responsible) or joint (none is named, so the commitment "
            "counts for every party of its agreement); null otherwise."
        ),
    )
    counts = OutcomeCountsField()
    due = serializers.IntegerField(
        read_only=True, help_text=_("Commitments whose deadline has passed or that are fulfilled.")
    )
    met_on_time = serializers.IntegerField(read_only=True)
    met_late = serializers.IntegerField(read_only=True)
    kept_on_time_rate = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("met_on_time / due; null when nothing is due.")
    )
    milestones = serializers.SerializerMethodField(
        help_text=_("/api/milestones/ with the filters that select exactly the commitments counted here.")
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_milestones(self, card) -> str:
        return self.context["milestones_url"](card)


# --- watches -----------------------------------------------------------------------------


class WatchSerializer(serializers.ModelSerializer):
    """A watch on exactly one agreement or one party (slug or ISO code)."""

    # Nobody watches a draft: watchers hear about published agreements only (services/overdue.py).
    agreement = SlugRelatedField(
        slug_field="slug",
        queryset=Agreement.objects.published(),
        required=False,
        allow_null=True,
        help_text=_("Agreement slug (a published agreement)."),
    )
    party = PartyField(required=False, allow_null=True)

    class Meta:
        model = Watch
        fields = ["id", "agreement", "party", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate(self, attrs):
        if (attrs.get("agreement") is None) == (attrs.get("party") is None):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Watch exactly one of an agreement or a party.")]}
            )
        return attrs


__all__ = [
    "DEADLINE_ABSOLUTE",
    "DEADLINE_RELATIVE",
    "AgreementSerializer",
    "AgreementWriteSerializer",
    "EvidenceSerializer",
    "EvidenceWriteSerializer",
    "InstrumentSerializer",
    "MilestoneSerializer",
    "MilestoneWriteSerializer",
    "MineralListSerializer",
    "MineralSerializer",
    "PartySerializer",
    "ProjectSerializer",
    "ScorecardSerializer",
    "StageSerializer",
    "WatchSerializer",
]


# --- from text to a draft ----------------------------------------------------------------

EXTRACT_MAX_CHARS = 100_000  # a treaty's full text fits; the extractor reads it in about two seconds
EXTRACT_LANGUAGES = [("en", _("English")), ("de", _("German"))]


class StrictTextField(serializers.CharField):
    """A string, nothing else: DRF's CharField would take `12` or `true` as text."""

    default_error_messages = {"not_text": _("Send the text as a string.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


class ExtractSerializer(serializers.Serializer):
    text = StrictTextField(
        max_length=EXTRACT_MAX_CHARS,
        help_text=_("The agreement's text or a press release about it, in English or German."),
        error_messages={
            "max_length": _("The text is longer than {max_length} characters; send a shorter part of it."),
            "blank": _("Send a text to read."),
        },
    )
    signed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("The signing date relative deadlines count from; wins over a date found in the text."),
    )
    language = serializers.ChoiceField(
        choices=EXTRACT_LANGUAGES,
        required=False,
        allow_null=True,
        help_text=_("The text's language; detected when omitted."),
    )

    def validate_text(self, value):
        if "\x00" in value:
            raise serializers.ValidationError(_("Null characters are not allowed."), code="null_characters")
        return value


class ExtractedCommitmentSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=_("The sentence the deadline was found in."))
    commitment_text = serializers.CharField(help_text=_("The deadline phrase as worded."))
    offset_months = serializers.IntegerField(allow_null=True)
    offset_days = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text=_("An absolute deadline."))
    anchor = serializers.ChoiceField(
        choices=DeadlineAnchor.choices, help_text=_("What a relative deadline counts from.")
    )
    deadline = serializers.DateField(
        allow_null=True, help_text=_("The computed deadline; null while its anchor date is unknown.")
    )


class ExtractedDraftSerializer(serializers.Serializer):
    """The proposal of POST /api/extract/: agreements.extraction.Draft.as_dict()."""

    language = serializers.ChoiceField(choices=EXTRACT_LANGUAGES)
    signed_on = serializers.DateField(allow_null=True, help_text=_("Given, or found in the text, or null."))
    signed_at = serializers.CharField(allow_blank=True, help_text=_("The place of signing the text names, or blank."))
    parties = serializers.ListField(
        child=serializers.CharField(), help_text=_("Party slugs (ISO 3166-1 alpha-2 in lower case, eu).")
    )
    minerals = serializers.ListField(child=serializers.CharField(), help_text=_("Mineral slugs."))
    instrument_kinds = serializers.ListField(child=serializers.ChoiceField(choices=InstrumentKind.choices))
    commitments = ExtractedCommitmentSerializer(many=True)
