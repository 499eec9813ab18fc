"""Serializers: one read shape per resource (API.md), separate write shapes where they differ.

Reads never query per row: related objects come from the view's loader (`for_list(today)`),
`next_deadline`, `overdue_count` and `overdue` from queryset annotations.
Writes take related objects by slug (parties by slug or ISO code) and go through services.
"""

from types import SimpleNamespace
from urllib.parse import quote

from django.db.models import Q
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.choices import PartyRole
from agreements.models import (
    Agreement,
    AgreementParty,
    Instrument,
    Milestone,
    Mineral,
    Party,
    Project,
    Source,
    ValueChainStage,
    Watch,
)
from agreements.querysets import AGREEMENT_RELATION_ARRAYS, agreement_read_relations

DEADLINE_ABSOLUTE = "absolute"
DEADLINE_RELATIVE = "relative"


class SlugListField(serializers.ListField):
    """Read: slugs of a prefetched many-to-many relation, without a query per row."""

    child = serializers.SlugField()

    def get_attribute(self, instance):
        return getattr(instance, self.source).all()

    def to_representation(self, data):
        return [item.slug for item in data]


class NoBlankRelationMixin:
    """`""` is refused, not read as null: DRF turns a blank related value into None, so `"group": ""`
    would silently clear a relation. Null is how a client says "none"."""

    blank_message = _("This field may not be blank; send null for none.")

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str) and data == "":
            raise serializers.ValidationError(self.blank_message, code="blank")
        return super().run_validation(data)


@extend_schema_field({"type": "string", "minLength": 1})
class SlugRelatedField(NoBlankRelationMixin, serializers.SlugRelatedField):
    pass


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
        party = self.get_queryset().filter(Q(slug__in={value, value.lower()}) | Q(iso_code=value.upper())).first()
        if party is None:
            self.fail("does_not_exist", value=value)
        return party

    def to_representation(self, value):
        return value.slug


def slug_field(model, **kwargs):
    return SlugRelatedField(slug_field="slug", queryset=model.objects.all(), **kwargs)


# --- fast read path ----------------------------------------------------------------------

_URL_SENTINEL = "7319046285173190462851"


def _date(value):
    """DRF's ISO-8601 DateField output (DATE_FORMAT is "iso-8601"); a string (from JSON) as is."""
    if not value:
        return None
    return value if isinstance(value, str) else value.isoformat()


class FastReadMixin:
    """A read `to_representation` that builds the dict directly instead of DRF's per-field walk.

    The output is exactly DRF's (tests/api/test_api_fast_read.py compares every field of every
    row with `drf_representation`); `url` comes from one reverse per serializer instance (a
    list's child serves all its rows), with the row's key spliced in where DRF's `reverse()` would
    put it. Without a request in the context (DRF's hyperlinks need one) it falls back to DRF.
    """

    def drf_representation(self, instance):
        """DRF's generic field-by-field representation: the reference the fast path must equal."""
        return super().to_representation(instance)

    def to_representation(self, instance):
        if self.context.get("request") is None:
            return self.drf_representation(instance)
        return self.fast_representation(instance)

    def fast_representation(self, instance):
        raise NotImplementedError

    def _url(self, lookup_value):
        parts = self.__dict__.get("_url_parts")
        if parts is None:
            field = self._declared_fields["url"]  # read only here: no need to build every field
            format = self.context.get("format")
            if format and field.format and field.format != format:
                format = field.format
            sentinel = SimpleNamespace(**{field.lookup_field: _URL_SENTINEL})
            url = str(field.get_url(sentinel, field.view_name, self.context["request"], format))
            parts = self._url_parts = url.split(_URL_SENTINEL)
            if len(parts) != 2:  # pragma: no cover - a URL pattern repeating the key
                raise ValueError(f"cannot build {field.view_name} URLs from a template: {url}")
        return parts[0] + quote(str(lookup_value), safe=RFC3986_SUBDELIMS + "/~:@") + parts[1]

    def _datetime(self, value):
        """DRF's ISO-8601 DateTimeField output: in the current time zone, UTC written as `Z`."""
        if value is None:
            return None
        zone = self.__dict__.get("_zone")
        if zone is None:
            zone = self._zone = timezone.get_current_timezone()
        if timezone.is_naive(value):  # not from the database (USE_TZ): DRF's own conversion
            return self.fields["created_at"].to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- reference data ----------------------------------------------------------------------


class PartySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-party-detail", lookup_field="slug")
    country = slug_field(
        Party, required=False, allow_null=True, help_text=_("Slug of the country an agency or company belongs to.")
    )

    class Meta:
        model = Party
        fields = ["url", "slug", "name", "kind", "iso_code", "country", "description", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "iso_code": {"help_text": _("ISO 3166-1 alpha-2 for countries (then the slug is the code in lower case).")}
        }


class MineralSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-mineral-detail", lookup_field="slug")
    group = slug_field(
        Mineral, required=False, allow_null=True, help_text=_("Slug of the group this mineral belongs to, or null.")
    )

    class Meta:
        model = Mineral
        fields = ["url", "slug", "name", "symbol", "group", "is_group", "description", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class StageSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-stage-detail", lookup_field="slug")

    class Meta:
        model = ValueChainStage
        fields = ["url", "slug", "name", "order", "description", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


# --- agreements --------------------------------------------------------------------------


class AgreementPartyReadSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="party.slug", read_only=True)
    name = serializers.CharField(source="party.name", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["slug", "name", "role", "signed_by", "joined_on"]


class AgreementPartyWriteSerializer(serializers.ModelSerializer):
    party = PartyField()

    class Meta:
        model = AgreementParty
        fields = ["party", "role", "signed_by", "joined_on", "note"]
        extra_kwargs = {"role": {"default": PartyRole.SIGNATORY}}


BLANK_URL_HELP = _('A web address, or "" when there is none.')


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "language", "published_on"]
        extra_kwargs = {"url": {"help_text": BLANK_URL_HELP}}


class AgreementListSerializer(serializers.ListSerializer):
    """A page of agreements: the nested values of all its rows in four queries, then the fast path."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        if self.child.context.get("request") is None:
            return [self.child.drf_representation(row) for row in rows]
        if rows and hasattr(rows[0], "api_parties"):  # PostgreSQL: the nested values came with the rows
            return [self.child.fast_representation(row) for row in rows]
        relations = agreement_read_relations(row.pk for row in rows)
        return [self.child.fast_representation(row, relations[row.pk]) for row in rows]


class AgreementSerializer(FastReadMixin, serializers.ModelSerializer):
    """Read shape (API.md): parties with roles, minerals and stages as slugs, deadline summary."""

    url = serializers.HyperlinkedIdentityField(view_name="api-agreement-detail", lookup_field="slug")
    parties = AgreementPartyReadSerializer(source="memberships", many=True, read_only=True)
    minerals = SlugListField(read_only=True, help_text=_("Mineral slugs."))
    stages = SlugListField(read_only=True, help_text=_("Value-chain stage slugs."))
    sources = SourceSerializer(many=True, read_only=True)
    next_deadline = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Earliest open deadline from today on, or null.")
    )
    overdue_count = serializers.IntegerField(
        read_only=True, help_text=_("Open milestones (pending or in progress) whose deadline is before today.")
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
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        list_serializer_class = AgreementListSerializer

    def fast_representation(self, agreement, relations=None):
        if relations is None and hasattr(agreement, "api_parties"):
            relations = {name: getattr(agreement, f"api_{name}") or [] for name in AGREEMENT_RELATION_ARRAYS}
        elif relations is None:
            relations = agreement_read_relations([agreement.pk])[agreement.pk]
        return {
            "url": self._url(agreement.slug),
            "slug": agreement.slug,
            "title": agreement.title,
            "short_title": agreement.short_title,
            "kind": agreement.kind,
            "status": agreement.status,
            "legally_binding": agreement.legally_binding,
            "signed_on": _date(agreement.signed_on),
            "signed_at": agreement.signed_at,
            "entered_into_force_on": _date(agreement.entered_into_force_on),
            "parties": [
                {"slug": slug, "name": name, "role": role, "signed_by": signed_by, "joined_on": _date(joined_on)}
                for slug, name, role, signed_by, joined_on in relations["parties"]
            ],
            "minerals": relations["minerals"],
            "stages": relations["stages"],
            "summary": agreement.summary,
            "objectives": agreement.objectives,
            "notes": agreement.notes,
            "sources": [
                {
                    "url": url,
                    "title": title,
                    "publisher": publisher,
                    "language": language,
                    "published_on": _date(published_on),
                }
                for url, title, publisher, language, published_on in relations["sources"]
            ],
            "next_deadline": _date(agreement.next_deadline),
            "overdue_count": agreement.overdue_count,
            "created_at": self._datetime(agreement.created_at),
            "updated_at": self._datetime(agreement.updated_at),
        }


# What a client writes of a milestone, nested in its agreement or on its own (plus agreement, instrument).
MILESTONE_WRITE_FIELDS = [
    "title",
    "description",
    "commitment_text",
    "due_on",
    "offset_months",
    "offset_days",
    "status",
    "completed_on",
    "responsible",
    "evidence_url",
    "notes",
]


class NestedMilestoneWriteSerializer(serializers.ModelSerializer):
    """A milestone created together with its agreement: `due_on`, or months and/or days after signing."""

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
    minerals = serializers.SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False, help_text=_("Mineral slugs.")
    )
    stages = serializers.SlugRelatedField(
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
        ]

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


class InstrumentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-instrument-detail")
    agreement = slug_field(Agreement, help_text=_("Agreement slug."))
    stages = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ValueChainStage.objects.all(),
        many=True,
        required=False,
        help_text=_("Value-chain stage slugs."),
    )
    minerals = serializers.SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False, help_text=_("Mineral slugs.")
    )
    responsible = PartyField(required=False, allow_null=True)

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


class MilestoneListSerializer(serializers.ListSerializer):
    """A page of milestones: rows as dicts (`MilestoneQuerySet.api_rows`) straight to JSON values."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        if rows and isinstance(rows[0], dict) and self.child.context.get("request") is not None:
            return [self.child.fast_row(row) for row in rows]
        return [self.child.to_representation(row) for row in rows]


class MilestoneSerializer(FastReadMixin, serializers.ModelSerializer):
    """Read shape: `due_on` is the computed deadline, whether absolute or relative to signing."""

    url = serializers.HyperlinkedIdentityField(view_name="api-milestone-detail")
    agreement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    instrument = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    responsible = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    due_on = serializers.DateField(
        source="deadline",
        read_only=True,
        allow_null=True,
        help_text=_("The deadline: the absolute date, or the one computed from the offsets and the signing date."),
    )
    deadline_kind = serializers.SerializerMethodField(
        help_text=_("absolute (a fixed due_on) or relative (offset_months and/or offset_days after signing).")
    )
    evidence_url = serializers.URLField(
        read_only=True, allow_blank=True, help_text=_('A link to evidence of progress, or "" when there is none.')
    )
    overdue = serializers.BooleanField(
        source="is_overdue",
        read_only=True,
        help_text=_("Pending or in progress with a deadline before today."),
    )

    class Meta:
        model = Milestone
        fields = [
            "url",
            "id",
            "agreement",
            "instrument",
            "title",
            "description",
            "commitment_text",
            "due_on",
            "deadline_kind",
            "offset_months",
            "offset_days",
            "status",
            "completed_on",
            "responsible",
            "evidence_url",
            "notes",
            "overdue",
            "overdue_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        list_serializer_class = MilestoneListSerializer

    @extend_schema_field({"type": "string", "enum": [DEADLINE_ABSOLUTE, DEADLINE_RELATIVE]})
    def get_deadline_kind(self, milestone) -> str:
        return DEADLINE_RELATIVE if milestone.due_on is None else DEADLINE_ABSOLUTE

    def fast_representation(self, milestone):
        responsible = milestone.responsible
        return {
            "url": self._url(milestone.pk),
            "id": milestone.pk,
            "agreement": milestone.agreement.slug,
            "instrument": milestone.instrument_id,
            "title": milestone.title,
            "description": milestone.description,
            "commitment_text": milestone.commitment_text,
            "due_on": _date(milestone.deadline),
            "deadline_kind": DEADLINE_RELATIVE if milestone.due_on is None else DEADLINE_ABSOLUTE,
            "offset_months": milestone.offset_months,
            "offset_days": milestone.offset_days,
            "status": milestone.status,
            "completed_on": _date(milestone.completed_on),
            "responsible": None if responsible is None else responsible.slug,
            "evidence_url": milestone.evidence_url,
            "notes": milestone.notes,
            "overdue": milestone.is_overdue,
            "overdue_since": self._datetime(milestone.overdue_since),
            "created_at": self._datetime(milestone.created_at),
            "updated_at": self._datetime(milestone.updated_at),
        }

    def fast_row(self, row):
        """The same shape from a dict of `MilestoneQuerySet.api_rows()`."""
        return {
            "url": self._url(row["id"]),
            "id": row["id"],
            "agreement": row["agreement__slug"],
            "instrument": row["instrument_id"],
            "title": row["title"],
            "description": row["description"],
            "commitment_text": row["commitment_text"],
            "due_on": _date(row["deadline"]),
            "deadline_kind": DEADLINE_RELATIVE if row["due_on"] is None else DEADLINE_ABSOLUTE,
            "offset_months": row["offset_months"],
            "offset_days": row["offset_days"],
            "status": row["status"],
            "completed_on": _date(row["completed_on"]),
            "responsible": row["responsible__slug"],
            "evidence_url": row["evidence_url"],
            "notes": row["notes"],
            "overdue": row["is_overdue"],
            "overdue_since": self._datetime(row["overdue_since"]),
            "created_at": self._datetime(row["created_at"]),
            "updated_at": self._datetime(row["updated_at"]),
        }


class MilestoneWriteSerializer(serializers.ModelSerializer):
    """Either `due_on` (absolute) or `offset_months` and/or `offset_days` after the agreement's signing.

    On a partial update, sending `due_on` clears the offsets and sending an offset clears `due_on`,
    so a client can switch a milestone between absolute and relative in one PATCH.
    """

    agreement = slug_field(Agreement, help_text=_("Agreement slug (cannot change after creation)."))
    instrument = PrimaryKeyRelatedField(
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
            "offset_months": {"help_text": _("Calendar months after signing (clamped to month end). Clears due_on.")},
            "offset_days": {"help_text": _("Days after signing, counted after the months. Clears due_on.")},
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
        return data


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-project-detail", lookup_field="slug")
    country = PartyField(help_text=_("Country: slug or ISO code."))
    operator = PartyField(required=False, allow_null=True)
    minerals = serializers.SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False, help_text=_("Mineral slugs.")
    )
    stage = slug_field(ValueChainStage, required=False, allow_null=True, help_text=_("Value-chain stage slug."))
    instruments = serializers.PrimaryKeyRelatedField(
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


# --- watches -----------------------------------------------------------------------------


class WatchSerializer(serializers.ModelSerializer):
    """A watch on exactly one agreement or one party (slug or ISO code)."""

    agreement = slug_field(Agreement, required=False, allow_null=True, help_text=_("Agreement slug."))
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
    "InstrumentSerializer",
    "MilestoneSerializer",
    "MilestoneWriteSerializer",
    "MineralSerializer",
    "PartySerializer",
    "ProjectSerializer",
    "StageSerializer",
    "WatchSerializer",
]
