"""REST API viewsets: loaders for reads, services for writes, one shape of error.

"Today" is read once per request (`TrackerViewSetMixin.today`) and passed to the loaders and
filters (next_deadline, overdue_count, overdue, `?overdue=`, `?due_within=`).

Reads show what the reader may see (`visible_to(request.user)`, agreements/publishing.py): a
draft, and whatever belongs to it, is absent for anonymous readers and users without the
agreement view or change permission (a 404 on its detail, as for a slug that does not exist).
"""

from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ManyToManyField, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from agreements import filters, publishing, services
from agreements.api import serializers
from agreements.api.pagination import StandardPagination
from agreements.api.permissions import ModelPermissionsOrAnonReadOnly, require_nested_write_permissions
from agreements.api.renderers import PaginatedCSVRenderer, csv_header
from agreements.caching import CachedReadMixin
from agreements.choices import MilestoneKind
from agreements.extraction import extract
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
from agreements.querysets import discrepancies_for_api, mineral_lists_for_api, published_q, visible_q
from agreements.services import evidence as evidence_services
from agreements.services.money import reported_amounts_replace
from agreements.services.scorecards import scorecards


class TodayFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend (invalid filters → 400 with field errors), given the view's today."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["today"] = view.today
        return kwargs


class FormatNegotiation(DefaultContentNegotiation):
    """`?format=` names one of the operation's formats; anything else is a 400 on `format`, not a 404.

    (DRF's own answer to an unknown format is a bare 404, which no schema documents.) A format
    suffix in the path (`/api/agreements/us-jp.csv`, DRF's router) stays a 404 when unknown: that
    URL names nothing.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        if format_suffix:  # `/api/agreements/x.csv`: an unknown suffix names no resource, DRF's 404
            return super().select_renderer(request, renderers, format_suffix)
        requested = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        if requested:
            formats = [renderer.format for renderer in renderers]
            if requested not in formats:
                raise exceptions.ValidationError(
                    {
                        api_settings.URL_FORMAT_OVERRIDE: [
                            _("Unknown format: %(format)s. Use one of: %(formats)s.")
                            % {"format": requested, "formats": ", ".join(formats)}
                        ]
                    }
                )
        return super().select_renderer(request, renderers, format_suffix)


class ConditionalGetMixin(CachedReadMixin):
    """ETag, 304 and cached bodies from the data version (agreements/caching.py); details also
    carry `Last-Modified` (the object's `updated_at`) as information. The ETag is the validator:
    a body also changes with related rows and with the date (`overdue`), which `updated_at` does
    not follow, so `If-Modified-Since` is not evaluated."""

    def finalize_response(self, request, response, *args, **kwargs):
        updated_at = getattr(getattr(self, "last_modified_object", None), "updated_at", None)
        if updated_at is not None and response.status_code == status.HTTP_200_OK:
            response["Last-Modified"] = http_date(updated_at.timestamp())
        return super().finalize_response(request, response, *args, **kwargs)


class TrackerViewSetMixin(ConditionalGetMixin):
    """Reads (list, detail) answer JSON or `?format=csv`; writes and every error answer JSON."""

    renderer_classes = [JSONRenderer]
    permission_classes = [ModelPermissionsOrAnonReadOnly]
    read_renderer_classes = [JSONRenderer, PaginatedCSVRenderer]
    content_negotiation_class = FormatNegotiation
    pagination_class = StandardPagination
    filter_backends = [TodayFilterBackend]
    read_serializer_class: type | None = None
    write_serializer_class: type | None = None
    can_conflict_on_delete = False
    lookup_value_regex = r"[^/.\x00]+"  # a slug; id-keyed resources narrow it to digits

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_renderers(self):
        if getattr(self, "action", None) in {"list", "retrieve"}:
            return [renderer() for renderer in self.read_renderer_classes]
        return super().get_renderers()

    def perform_content_negotiation(self, request, force=False):
        if getattr(self, "action", None) in {None, "metadata"}:
            force = True  # a 405 (unrouted method) or OPTIONS: JSON, whatever `?format=` asked for
        return super().perform_content_negotiation(request, force)

    def loader(self):
        # The model's list loader (select/prefetch what the read shape needs); views whose
        # loader takes today's date or the reader override this.
        return self.queryset.model.objects.for_list()

    def get_queryset(self):
        """The loader's rows the reader may see (drafts only for those who may see them)."""
        queryset = self.loader()
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.request.user)
        return queryset

    def get_object(self):
        instance = super().get_object()
        self.last_modified_object = instance
        return instance

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"} and self.write_serializer_class is not None:
            return self.write_serializer_class
        return self.read_serializer_class

    def get_renderer_context(self):
        context = super().get_renderer_context()
        renderer = getattr(self.request, "accepted_renderer", None)
        if (
            self.read_serializer_class is not None
            and self.action in {"list", "retrieve"}
            and isinstance(renderer, PaginatedCSVRenderer)
        ):
            # CSV columns in the order of the read shape, even for an empty page.
            context["header"] = csv_header(self.read_serializer_class())
        return context

    def read_response(self, instance, status_code=status.HTTP_200_OK):
        """The read shape of `instance`, reloaded through the list loader (annotations included).

        The loader, not get_queryset: a writer who may add but not see drafts gets back what they
        just wrote."""
        instance = self.loader().get(pk=instance.pk)
        serializer = self.read_serializer_class(instance, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)


class WriteThroughMixin:
    """create/update: validate with the write serializer, write with `perform_write`, answer the read shape."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(serializer)
        return self.read_response(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(serializer)
        return self.read_response(instance)


class FieldWriteMixin:
    def perform_write(self, serializer):
        """Plain field writes: set fields, `full_clean()` (the model's rules), save, then many-to-many."""
        model = serializer.Meta.model
        data = dict(serializer.validated_data)
        many_to_many = {
            name: data.pop(name) for name in list(data) if isinstance(model._meta.get_field(name), ManyToManyField)
        }
        with transaction.atomic():
            instance = serializer.instance or model()
            for field, value in data.items():
                setattr(instance, field, value)
            instance.full_clean()
            instance.save()
            for field, value in many_to_many.items():
                getattr(instance, field).set(value)
        return instance


class TrackerModelViewSet(TrackerViewSetMixin, WriteThroughMixin, FieldWriteMixin, viewsets.ModelViewSet):
    pass


# --- reference data ----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List parties (countries, blocs, organisations, companies, agencies)"),
    retrieve=extend_schema(summary="One party by slug"),
)
class PartyViewSet(TrackerModelViewSet):
    queryset = Party.objects.all()
    read_serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter
    lookup_field = "slug"
    can_conflict_on_delete = True


@extend_schema_view(
    list=extend_schema(summary="List minerals and mineral groups"),
    retrieve=extend_schema(summary="One mineral by slug"),
)
class MineralViewSet(TrackerModelViewSet):
    queryset = Mineral.objects.all()
    read_serializer_class = serializers.MineralSerializer
    filterset_class = filters.MineralFilter
    lookup_field = "slug"
    can_conflict_on_delete = True

    def loader(self):
        return Mineral.objects.for_api()


@extend_schema_view(
    list=extend_schema(
        summary="List official criticality lists (USGS 2025, the EU CRMA's strategic and critical annexes…)",
        description=(
            "Reference data loaded from the reviewed data files (or entered in the admin): read-only here. "
            "A list the sources know only by its count has `members_verified: false` and no `minerals`. "
            "Agreements, instruments and projects filter by list: `/api/agreements/?mineral_list=usgs-2025`."
        ),
    ),
    retrieve=extend_schema(summary="One criticality list by slug"),
)
class MineralListViewSet(
    TrackerViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = MineralList.objects.all()
    read_serializer_class = serializers.MineralListSerializer
    filterset_class = filters.MineralListFilter
    lookup_field = "slug"
    # Only reads are routed: a write is a 405 for everyone, not a permission question.
    permission_classes = [AllowAny]

    def loader(self):
        return mineral_lists_for_api(MineralList.objects.all())


@extend_schema_view(
    list=extend_schema(summary="List value-chain stages in order"),
    retrieve=extend_schema(summary="One value-chain stage by slug"),
)
class StageViewSet(TrackerModelViewSet):
    queryset = ValueChainStage.objects.all()
    read_serializer_class = serializers.StageSerializer
    filterset_class = filters.StageFilter
    lookup_field = "slug"
    can_conflict_on_delete = True


# --- agreements --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List agreements",
        description=(
            "Filters combine with AND; several values of one filter mean either. Example: the agreements "
            "Japan signed about rare earths: `?party=jp&role=signatory&mineral=rare-earths`."
        ),
    ),
    retrieve=extend_schema(summary="One agreement by slug"),
    create=extend_schema(
        summary="Create an agreement with its parties, minerals, stages, sources and milestones",
        description=(
            "All or nothing: a bad milestone or party leaves nothing behind. Parties by slug or ISO code: "
            '`"parties": [{"party": "jp", "role": "signatory"}]`. A milestone gives `due_on` or '
            "`offset_months`/`offset_days` after `signed_on`."
        ),
    ),
    update=extend_schema(summary="Replace an agreement (relations that are sent replace the stored ones)"),
    partial_update=extend_schema(summary="Change some fields of an agreement"),
)
class AgreementViewSet(TrackerModelViewSet):
    queryset = Agreement.objects.all()
    read_serializer_class = serializers.AgreementSerializer
    write_serializer_class = serializers.AgreementWriteSerializer
    filterset_class = filters.AgreementFilter
    lookup_field = "slug"

    def loader(self):
        # `related` names drafts only to those who may see them.
        return Agreement.objects.for_api(self.today, drafts=publishing.can_see_drafts(self.request.user))

    # The nested lists of the write shape that are rows of their own model (minerals and stages
    # are links of the agreement itself).
    nested_models = {"parties": AgreementParty, "sources": Source, "milestones": Milestone}

    def perform_write(self, serializer):
        data = dict(serializer.validated_data)
        creating = serializer.instance is None
        if not creating and data.get("milestones"):
            # An update never replaces milestones (they have their own endpoint and history).
            raise exceptions.ValidationError(
                {"milestones": [_("Write milestones through /api/milestones/ once the agreement exists.")]}
            )
        nested = {name: model for name, model in self.nested_models.items() if creating or name != "milestones"}
        require_nested_write_permissions(
            self.request.user,
            {name: (model, bool(data[name])) for name, model in nested.items() if name in data},
            creating=creating,
        )
        # A new agreement is a draft: sending `published: false` changes nothing, anything else does.
        published_before = False if creating else serializer.instance.published
        if data.get("published", published_before) != published_before and not publishing.can_publish(
            self.request.user
        ):
            raise exceptions.PermissionDenied(_("Publishing or taking back to draft needs the change permission."))
        relations = {name: data.pop(name) for name in ("parties", "minerals", "stages", "sources") if name in data}
        milestones = data.pop("milestones", [])
        if serializer.instance is None:
            return services.agreement_create(data=data, milestones=milestones, **relations)
        return services.agreement_update(agreement=serializer.instance, data=data, **relations)


@extend_schema_view(
    list=extend_schema(summary="List instruments (the tools an agreement uses: loans, offtakes, stockpiles…)"),
    retrieve=extend_schema(summary="One instrument by id"),
    create=extend_schema(
        summary="Create an instrument",
        description="`reported_amounts`: every figure a source gives (all or nothing with the instrument).",
    ),
    update=extend_schema(
        summary="Replace an instrument (a `reported_amounts` list that is sent replaces the stored one)"
    ),
    partial_update=extend_schema(summary="Change some fields of an instrument"),
)
class InstrumentViewSet(TrackerModelViewSet):
    queryset = Instrument.objects.all()
    read_serializer_class = serializers.InstrumentSerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.InstrumentFilter

    def loader(self):
        return Instrument.objects.for_list().select_related("payer").prefetch_related("reported_amounts")

    def perform_write(self, serializer):
        amounts = serializer.reported_amounts_data()
        if amounts is not None:
            require_nested_write_permissions(
                self.request.user,
                {"reported_amounts": (ReportedAmount, bool(amounts))},
                creating=serializer.instance is None,
            )
        serializer.validated_data.pop("reported_amounts", None)
        with transaction.atomic():
            instance = super().perform_write(serializer)
            if amounts is not None:
                reported_amounts_replace(instrument=instance, amounts=amounts)
        return instance


@extend_schema_view(
    list=extend_schema(
        summary="List milestones (the deadline board)",
        description=(
            "`due_on` is the computed deadline. Milestones due in the next 90 days: `?due_within=90`; "
            "overdue ones: `?overdue=true`."
        ),
    ),
    retrieve=extend_schema(summary="One milestone by id"),
    create=extend_schema(
        summary="Create a milestone",
        description="Give either `due_on` or `offset_months` and/or `offset_days` after the agreement's signing.",
    ),
    partial_update=extend_schema(
        summary="Change some fields of a milestone",
        description=(
            "Sending `due_on` clears the offsets; sending `offset_months` or `offset_days` clears `due_on`, "
            "so one PATCH switches between an absolute and a relative deadline."
        ),
    ),
)
class MilestoneViewSet(TrackerModelViewSet):
    queryset = Milestone.objects.all()
    read_serializer_class = serializers.MilestoneSerializer
    write_serializer_class = serializers.MilestoneWriteSerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.MilestoneFilter

    def loader(self):
        # Whole rows (writes hand them to the services) plus the read shape's annotations.
        return Milestone.objects.for_api(self.today)

    def perform_write(self, serializer):
        data = serializer.to_service_data()
        if serializer.instance is None:
            return services.milestone_create(
                agreement=serializer.validated_data["agreement"], data=data, today=self.today
            )
        return services.milestone_update(milestone=serializer.instance, data=data, today=self.today)


# The API's names for the evidence columns a service error names.
EVIDENCE_ERROR_FIELDS = {
    f"source_{name}": "source" for name in ("url", "title", "publisher", "published_on", "accessed_on")
}


def renamed_errors(error: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """A service's field errors under the API's field names (`source_url` → `source`, "url: …")."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        target = names.get(field, field)
        prefix = f"{field.removeprefix(target + '_')}: " if target != field else ""
        renamed.setdefault(target, []).extend(f"{prefix}{message}" for message in messages)
    return DjangoValidationError(renamed)


@extend_schema_view(
    list=extend_schema(
        summary="List evidence items (dated events, with sources, that decide milestones' outcomes)",
        description=(
            "Newest event first. Evidence of one milestone: `?milestone=12`; of one agreement: `?agreement=slug`."
        ),
    ),
    retrieve=extend_schema(summary="One evidence item by id"),
    create=extend_schema(
        summary="Add an evidence item to a milestone",
        description=(
            "The milestone's status follows its evidence: a `fulfils` item completes it (completed on the "
            "earliest `fulfils` date), and adding evidence records that it was checked today."
        ),
    ),
    update=extend_schema(summary="Replace an evidence item (the milestone's status follows)"),
    partial_update=extend_schema(summary="Change some fields of an evidence item (a `source` sent is whole)"),
    destroy=extend_schema(
        summary="Delete an evidence item",
        description="Removing the last `fulfils` item reopens a milestone it had completed.",
    ),
)
class EvidenceViewSet(TrackerModelViewSet):
    queryset = Evidence.objects.all()
    read_serializer_class = serializers.EvidenceSerializer
    write_serializer_class = serializers.EvidenceWriteSerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.EvidenceFilter

    def loader(self):
        return Evidence.objects.for_api()

    def perform_write(self, serializer):
        data = serializer.to_service_data()
        try:
            if serializer.instance is None:
                return evidence_services.evidence_create(data=data, today=self.today)
            return evidence_services.evidence_update(evidence=serializer.instance, data=data, today=self.today)
        except DjangoValidationError as error:
            raise renamed_errors(error, EVIDENCE_ERROR_FIELDS) from error

    def perform_destroy(self, instance):
        evidence_services.evidence_delete(evidence=instance, today=self.today)


@extend_schema_view(
    list=extend_schema(
        summary="List discrepancies: facts the sources disagree on, every side kept",
        description=(
            "Each discrepancy is about one agreement or one criticality list; its claims are every side, "
            "in the order recorded, each with its source and grade. None is preferred. Written through "
            "the admin (and the demo data); read-only here."
        ),
    ),
    retrieve=extend_schema(summary="One discrepancy by id"),
)
class DiscrepancyViewSet(
    TrackerViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Discrepancy.objects.all()
    read_serializer_class = serializers.DiscrepancySerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.DiscrepancyFilter
    # Only reads are routed: a write is a 405 for everyone, not a permission question.
    permission_classes = [AllowAny]

    def loader(self):
        # A draft's discrepancies are the draft's: seen only by those who may see it. (An empty Q,
        # "everything", would vanish from an OR: only a restriction is combined.)
        rows = Discrepancy.objects.all()
        if restriction := visible_q(self.request.user, "agreement__"):
            rows = rows.filter(Q(agreement__isnull=True) | restriction)
        return discrepancies_for_api(rows)


@extend_schema_view(
    list=extend_schema(
        summary="Scorecards: how many commitments were kept, by party, agreement, instrument kind or year",
        description=(
            "Counts the commitments among the milestones the milestone filters select, grouped `by`. "
            "By party, a commitment counts for its responsible party (`attribution: responsible`) or, when "
            "none is named, for every party of its agreement (`attribution: joint`). Each row's `milestones` "
            "link lists the commitments behind its numbers (add `&outcome=...` for one count). Paginated "
            "like every list; sorted by label unless `ordering` says otherwise."
        ),
    ),
)
class ScorecardViewSet(TrackerViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Milestone.objects.all()
    read_serializer_class = serializers.ScorecardSerializer
    # Only a read is routed: every other method is a 405 for everyone, not a permission question.
    permission_classes = [AllowAny]
    filterset_class = filters.ScorecardFilter
    # The parameters that shape the answer, not the milestones counted: not repeated in `milestones`.
    answer_parameters = frozenset({"by", "ordering", "page", "page_size", "format"})

    def get_queryset(self):
        # Only the commitments the reader may see are counted.
        return Milestone.objects.visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        filterset = self.filterset_class(
            request.query_params, queryset=self.get_queryset(), request=request, today=self.today
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        by = filterset.form.cleaned_data["by"]
        cards = self.ordered(scorecards(filterset.qs, by=by, today=self.today), filterset.form.cleaned_data)
        page = self.paginate_queryset(cards)
        context = {**self.get_serializer_context(), "milestones_url": self.milestones_url(by)}
        serializer = self.read_serializer_class(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)

    @staticmethod
    def ordered(cards: list, cleaned: dict) -> list:
        """`?ordering=` over the cards (stable sorts, last parameter first); nulls last both ways."""

        def value(card, name):
            found = getattr(card, name)
            return found.casefold() if isinstance(found, str) else found

        for param in reversed([param for param in cleaned.get("ordering") or [] if param.lstrip("-")]):
            name = param.lstrip("-")
            present = [card for card in cards if getattr(card, name) is not None]
            absent = [card for card in cards if getattr(card, name) is None]
            present.sort(key=lambda card, name=name: value(card, name), reverse=param.startswith("-"))
            cards = present + absent
        return cards

    def milestones_url(self, by: str):
        """For each row, /api/milestones/ with the request's milestone filters and the row's group.

        The row's own filters replace the request's values of the same parameter: the row's
        milestones all passed the request's filter, so that is the intersection, exactly.
        """
        base = [
            (name, value)
            for name, values in self.request.query_params.lists()
            if name not in self.answer_parameters
            for value in values
        ]
        path = self.request.build_absolute_uri(reverse("api-milestone-list"))

        def url(card) -> str:
            group = {"kind": [MilestoneKind.COMMITMENT.value]}
            value = card.key if card.key is not None else filters.NONE_VALUE
            if by == "party":
                group |= {"counted_for": [card.key], "attribution": [card.attribution]}
            elif by == "agreement":
                group["agreement"] = [card.key]
            elif by == "instrument_kind":
                group["instrument_kind"] = [value]
            else:
                group["due_year"] = [value]
            pairs = [(name, value) for name, value in base if name not in group]
            pairs += [(name, value) for name, values in group.items() for value in values]
            return f"{path}?{urlencode(pairs)}"

        return url


@extend_schema_view(
    list=extend_schema(summary="List projects (mines, refineries, plants)"),
    retrieve=extend_schema(summary="One project by slug"),
)
class ProjectViewSet(TrackerModelViewSet):
    queryset = Project.objects.all()
    read_serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    lookup_field = "slug"

    def loader(self):
        # A project lists the instruments the reader may see (a draft's are left out).
        return Project.objects.for_list(instruments=Instrument.objects.visible_to(self.request.user))

    def perform_write(self, serializer):
        sent = serializer.validated_data.get("instruments")
        if sent is not None and serializer.instance is not None:
            # `instruments` replaces what the writer can see: links to drafts they cannot see stay.
            visible = Instrument.objects.visible_to(self.request.user)
            hidden = serializer.instance.instruments.exclude(pk__in=visible.values("pk"))
            serializer.validated_data["instruments"] = [*sent, *hidden]
        return super().perform_write(serializer)


# --- watches -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Your watches (signed-in users only)"),
    retrieve=extend_schema(summary="One of your watches"),
    create=extend_schema(
        summary="Watch an agreement or a party",
        description="Idempotent: watching the same thing twice keeps one watch.",
    ),
    destroy=extend_schema(summary="Stop watching"),
)
class WatchViewSet(
    TrackerViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Watch.objects.none()
    read_serializer_class = serializers.WatchSerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.WatchFilter
    permission_classes = [IsAuthenticated]
    requires_authentication = True

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:  # schema generation
            return Watch.objects.none()
        # Nobody watches a draft: a watched agreement taken back to draft is dormant (not listed,
        # nothing sent) until it is published again.
        watches = Watch.objects.filter(user=user).select_related("agreement", "party")
        return watches.filter(Q(agreement__isnull=True) | published_q("agreement__"))

    def loader(self):
        return self.get_queryset()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(serializer)
        return self.read_response(instance, status.HTTP_201_CREATED)

    def perform_write(self, serializer):
        data = serializer.validated_data
        return services.watch_add(user=self.request.user, agreement=data.get("agreement"), party=data.get("party"))

    def perform_destroy(self, instance):
        services.watch_remove(user=self.request.user, agreement=instance.agreement, party=instance.party)


# --- from text to a draft ----------------------------------------------------------------


class MayAddAgreements(BasePermission):
    """The proposal is the start of a new agreement: whoever may add one may ask for it.
    Anonymous: 401 (the token authenticator's header); signed in without the permission: 403."""

    def has_permission(self, request, view):
        if request.method != "POST":
            return True  # nothing else is routed: a 405 for everyone, not a permission question
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("agreements.add_agreement"))


class ExtractView(APIView):
    permission_classes = [MayAddAgreements]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FormatNegotiation

    @extend_schema(
        summary="Read a text and propose an agreement with its deadlines (writes nothing)",
        description=(
            "Paste a treaty, a memorandum or a press release in English or German. The answer proposes "
            "the signing date and place, the parties and minerals (slugs), the instrument kinds and every "
            "deadline phrase with its sentence, offset or date, anchor and computed deadline. Exactly one "
            "of `offset_months`/`offset_days` or `due_on` is set per commitment. Needs the permission to "
            f"add agreements. Texts longer than {serializers.EXTRACT_MAX_CHARS:,} characters are refused."
        ),
        request=serializers.ExtractSerializer,
        responses={
            200: OpenApiResponse(
                serializers.ExtractedDraftSerializer, description="The proposed agreement and its deadlines."
            )
        },
    )
    def post(self, request, *args, **kwargs):
        given = serializers.ExtractSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            draft = extract(data["text"], signed_on=data.get("signed_on"), language=data.get("language"))
        except (OverflowError, ValueError) as error:
            # A deadline counted past the year 9999: from the date sent, or from one the text gives.
            field = "signed_on" if data.get("signed_on") else "text"
            raise exceptions.ValidationError(
                {field: [_("The deadline this gives would fall after the year 9999.")]}
            ) from error
        return Response(draft.as_dict())
