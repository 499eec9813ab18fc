"""The published data set as a Frictionless data package: `datapackage.json` and one CSV per resource.

The rows are the API's (the same loaders as api/views.py and the same read shapes, written by the
API's CSV renderer, so a column means what the API's field means; tests compare each file with
the API's CSV), restricted to published agreements and what belongs
to them, for everyone: this is the published data set, not what the reader may see (editors
read drafts on the pages and in the API). Reference data (parties, minerals, stages) is whole.

The descriptor follows the Tabular Data Package profile (https://specs.frictionlessdata.io/):
each resource names its CSV (`path`, relative to the descriptor) and its table schema, field
types taken from the read shape's fields.
"""

import dataclasses
import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from rest_framework import serializers as drf_serializers

from agreements.api import serializers
from agreements.api.renderers import NUMBER_FIELDS, PaginatedCSVRenderer, csv_header
from agreements.models import (
    Agreement,
    Discrepancy,
    Evidence,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    Party,
    Project,
    ValueChainStage,
)
from agreements.querysets import discrepancies_for_api, mineral_lists_for_api, published_q

PACKAGE_NAME = "minerals-tracker"


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    serializer: type[drf_serializers.Serializer]
    rows: Callable[[datetime.date], object]  # today -> the published rows, loaded for the read shape
    primary_key: str
    # column -> (resource, its column): each value is a row of that resource, or empty.
    foreign_keys: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


AGREEMENT, PARTY = ("agreements", "slug"), ("parties", "slug")
RESOURCES = [
    Resource(
        "agreements",
        "Agreements",
        serializers.AgreementSerializer,
        lambda today: Agreement.objects.published().for_api(today),
        "slug",
    ),
    Resource(
        "parties",
        "Parties",
        serializers.PartySerializer,
        lambda today: Party.objects.for_list(),
        "slug",
        {"country": ("parties", "slug")},
    ),
    Resource(
        "minerals",
        "Minerals",
        serializers.MineralSerializer,
        lambda today: Mineral.objects.for_api(),
        "slug",
        {"group": ("minerals", "slug")},
    ),
    Resource(
        "stages",
        "Value-chain stages",
        serializers.StageSerializer,
        lambda today: ValueChainStage.objects.for_list(),
        "slug",
    ),
    Resource(
        "instruments",
        "Instruments",
        serializers.InstrumentSerializer,
        lambda today: (
            Instrument.objects.published().for_list().select_related("payer").prefetch_related("reported_amounts")
        ),
        "id",
        {"agreement": AGREEMENT, "payer": PARTY, "responsible": PARTY},
    ),
    Resource(
        "milestones",
        "Milestones",
        serializers.MilestoneSerializer,
        lambda today: Milestone.objects.published().for_api(today),
        "id",
        {"agreement": AGREEMENT, "instrument": ("instruments", "id"), "responsible": PARTY},
    ),
    Resource(
        "evidence",
        "Evidence",
        serializers.EvidenceSerializer,
        lambda today: Evidence.objects.published().for_api(),
        "id",
        {"milestone": ("milestones", "id"), "agreement": AGREEMENT},
    ),
    Resource(
        "projects",
        "Projects",
        serializers.ProjectSerializer,
        lambda today: Project.objects.published().for_list(instruments=Instrument.objects.published()),
        "slug",
        {"country": PARTY, "operator": PARTY, "stage": ("stages", "slug")},
    ),
    Resource(
        "mineral-lists",
        "Criticality lists",
        serializers.MineralListSerializer,
        lambda today: mineral_lists_for_api(MineralList.objects.all()),
        "slug",
        {"publisher": PARTY},
    ),
    Resource(
        "discrepancies",
        "Discrepancies between sources",
        serializers.DiscrepancySerializer,
        # Of published agreements, and of criticality lists (which are reference data).
        lambda today: discrepancies_for_api(
            Discrepancy.objects.filter(Q(agreement__isnull=True) | published_q("agreement__"))
        ),
        "id",
        {"agreement": AGREEMENT, "mineral_list": ("mineral-lists", "slug")},
    ),
]
BY_NAME = {resource.name: resource for resource in RESOURCES}


class _ShapeView:
    """What the CSV renderer reads from a view: the read shape (for its number columns)."""

    def __init__(self, serializer):
        self.read_serializer_class = serializer


def resource_csv(resource: Resource, *, request, today: datetime.date) -> bytes:
    """The resource's published rows as the API's CSV (its columns, flattening and formula guard)."""
    rows = resource.serializer(resource.rows(today), many=True, context={"request": request}).data
    context = {"header": csv_header(resource.serializer()), "view": _ShapeView(resource.serializer)}
    return PaginatedCSVRenderer().render(list(rows), renderer_context=context)


def _field_type(field) -> str:
    if isinstance(field, drf_serializers.BooleanField):
        return "boolean"
    if isinstance(field, drf_serializers.DateTimeField):
        return "datetime"
    if isinstance(field, drf_serializers.DateField):
        return "date"
    if isinstance(field, drf_serializers.IntegerField):
        return "integer"
    if isinstance(field, NUMBER_FIELDS):
        return "number"
    return "string"


def table_schema(resource: Resource) -> dict:
    """The Table Schema of the resource's CSV: its columns (csv_header) with their types."""
    serializer = resource.serializer()
    types = {}
    for name, field in serializer.fields.items():
        if isinstance(field, drf_serializers.Serializer):
            types |= {f"{name}.{key}": _field_type(child) for key, child in field.fields.items()}
        elif getattr(field, "csv_columns", None):  # counts shaped in PostgreSQL
            types |= {f"{name}.{key}": "integer" for key in field.csv_columns}
        else:
            types[name] = _field_type(field)
    fields = [{"name": column, "type": types.get(column, "string")} for column in csv_header(serializer)]
    foreign_keys = [
        {"fields": column, "reference": {"resource": target, "fields": target_column}}
        for column, (target, target_column) in resource.foreign_keys.items()
    ]
    return {"fields": fields, "primaryKey": resource.primary_key, "foreignKeys": foreign_keys}


def descriptor(*, created: datetime.datetime, site_url: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Minerals Tracker: critical-minerals agreements and their commitments",
        "description": (
            "The published agreements with their parties, instruments, milestones (with their outcome "
            "derived from the evidence), evidence and the projects they support, and the reference data "
            "they use. The same rows as the REST API; drafts are not included."
        ),
        "homepage": site_url,
        "created": created.isoformat(),
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "path": resource.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(resource),
            }
            for resource in RESOURCES
        ],
    }


def descriptor_json(**kwargs) -> bytes:
    return json.dumps(descriptor(**kwargs), indent=2, ensure_ascii=False).encode()


def package_zip(*, request, today: datetime.date, created: datetime.datetime, site_url: str) -> bytes:
    """datapackage.json and every resource's CSV in one ZIP file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", descriptor_json(created=created, site_url=site_url))
        for resource in RESOURCES:
            archive.writestr(resource.path, resource_csv(resource, request=request, today=today))
    return buffer.getvalue()
