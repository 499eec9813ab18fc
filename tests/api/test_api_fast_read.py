"""The fast read path of agreements and milestones answers exactly what DRF's field walk answers.

`FastReadMixin.fast_representation` builds the dict by hand (for speed); `drf_representation` is
DRF's generic ModelSerializer output, the shape the schema and API.md describe. Every field of
every row must be equal, in the same order and with the same JSON types, whatever the row holds
(nulls, relative deadlines, overdue flags, nested parties and sources).
"""

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements.api.serializers import AgreementSerializer, MilestoneSerializer
from agreements.api.views import AgreementViewSet, MilestoneViewSet
from agreements.choices import MilestoneStatus
from agreements.models import Agreement, AgreementParty, Milestone
from agreements.querysets import AGREEMENT_RELATION_ARRAYS, agreement_read_relations
from tests.factories import InstrumentFactory, MilestoneFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world, japan, usa, api_today):
    """Milestones and nested rows covering every kind of value the read shapes hold."""
    us_jp, jp_org = world["us-jp"], world["jp-org"]
    instrument = InstrumentFactory(agreement=us_jp)
    SourceFactory(
        agreement=us_jp,
        url="",
        title="Press release (ja)",
        publisher="",
        language="ja",
        published_on=datetime.date(2025, 10, 29),
    )
    AgreementParty.objects.filter(agreement=us_jp, party=japan).update(
        signed_by="Minister of Economy", joined_on=datetime.date(2025, 10, 28)
    )
    MilestoneFactory(agreement=us_jp, offset_months=6, due_on=None, instrument=instrument, responsible=japan)
    MilestoneFactory(agreement=us_jp, offset_days=180, due_on=None, responsible=usa, notes="Both clocks.")
    late = MilestoneFactory(
        agreement=us_jp,
        due_on=api_today - datetime.timedelta(days=3),
        evidence_url="https://example.org/evidence",
        description="Late and flagged.",
        commitment_text="shall report",
    )
    Milestone.objects.filter(pk=late.pk).update(overdue_since=timezone.now() - datetime.timedelta(days=2))
    MilestoneFactory(
        agreement=jp_org,
        due_on=api_today - datetime.timedelta(days=30),
        status=MilestoneStatus.COMPLETED,
        completed_on=api_today - datetime.timedelta(days=31),
    )
    MilestoneFactory(agreement=jp_org, due_on=api_today + datetime.timedelta(days=10), status="in_progress")
    return world


def _request(path):
    return Request(APIRequestFactory().get(path))


def _ordered(data):
    """JSON as the client sees it, with key order kept (dict equality alone ignores order)."""

    def walk(value):
        if isinstance(value, dict):
            return [(key, walk(item)) for key, item in value.items()]
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(json.loads(JSONRenderer().render(data)))


def _reference_rows(viewset_class, serializer_class, path, action):
    """DRF's generic representation of every row the view's loader returns."""
    view = viewset_class()
    view.action = action
    view.request = _request(path)
    view.format_kwarg = None
    serializer = serializer_class(context={"request": view.request, "view": view, "format": None})
    rows = list(view.get_queryset())
    return {row.pk: serializer.drf_representation(row) for row in rows}, {
        row.pk: serializer.fast_representation(row) for row in rows
    }


def test_fast_milestone_rows_equal_drf_field_by_field(varied):
    reference, fast = _reference_rows(MilestoneViewSet, MilestoneSerializer, "/api/milestones/", "list")
    assert len(reference) == 5
    for pk, expected in reference.items():
        assert _ordered(fast[pk]) == _ordered(expected)
    # The list path: dicts from `api_rows()` rather than instances.
    view = MilestoneViewSet()
    view.action, view.request, view.format_kwarg = "list", _request("/api/milestones/"), None
    serializer = MilestoneSerializer(context={"request": view.request, "format": None})
    rows = list(view.get_queryset().api_rows())
    assert sorted(row["id"] for row in rows) == sorted(reference)
    for row in rows:
        assert _ordered(serializer.fast_row(row)) == _ordered(reference[row["id"]])
    kinds = {row["deadline_kind"] for row in reference.values()}
    assert kinds == {"absolute", "relative"}
    assert {row["overdue"] for row in reference.values()} == {True, False}
    assert any(row["overdue_since"] for row in reference.values())
    assert any(row["instrument"] is not None for row in reference.values())
    assert any(row["responsible"] is None for row in reference.values())


def test_fast_agreement_rows_equal_drf_field_by_field(varied, api_today):
    reference, fast = _reference_rows(AgreementViewSet, AgreementSerializer, "/api/agreements/", "list")
    assert len(reference) == 3
    for pk, expected in reference.items():
        assert _ordered(fast[pk]) == _ordered(expected)
    us_jp = reference[varied["us-jp"].pk]
    assert us_jp["overdue_count"] == 3  # both relative deadlines (April 2026) and the late one
    assert us_jp["next_deadline"] is None
    jp_org = reference[varied["jp-org"].pk]
    assert jp_org["next_deadline"] == (api_today + datetime.timedelta(days=10)).isoformat()
    assert jp_org["overdue_count"] == 0
    assert [party["slug"] for party in us_jp["parties"]] == ["jp", "us"]
    assert us_jp["parties"][0]["joined_on"] == "2025-10-28"
    assert {source["published_on"] for source in us_jp["sources"]} == {None, "2025-10-29"}


@pytest.mark.parametrize(
    ("path", "viewset_class", "serializer_class"),
    [
        ("/api/milestones/", MilestoneViewSet, MilestoneSerializer),
        ("/api/agreements/", AgreementViewSet, AgreementSerializer),
    ],
)
def test_api_list_and_detail_json_equal_drf_reference(api_client, varied, path, viewset_class, serializer_class):
    """End to end: the served JSON (list and each detail) is DRF's representation of the full row."""
    reference, _ = _reference_rows(viewset_class, serializer_class, path, "list")
    response = api_client.get(path, {"page_size": 200})
    assert response.status_code == 200
    served = response.json()["results"]
    assert len(served) == len(reference)
    expected_by_url = {row["url"]: row for row in reference.values()}
    for row in served:
        assert _ordered(row) == _ordered(expected_by_url[row["url"]])
        detail = api_client.get(row["url"])
        assert detail.status_code == 200
        assert _ordered(detail.json()) == _ordered(row)


def test_portable_relation_loader_equals_the_postgresql_json_arrays(varied, api_today):
    """SQLite (`make run`) loads the nested values with four queries; PostgreSQL with the rows.
    Both give the same values in the same order."""
    rows = list(Agreement.objects.for_api(api_today))
    assert len(rows) == 3
    loaded = agreement_read_relations(row.pk for row in rows)
    for row in rows:
        from_json = {name: getattr(row, f"api_{name}") or [] for name in AGREEMENT_RELATION_ARRAYS}
        assert _ordered(loaded[row.pk]) == _ordered(from_json)
    us_jp = loaded[varied["us-jp"].pk]
    assert [party[0] for party in us_jp["parties"]] == ["jp", "us"]
    assert len(us_jp["sources"]) == 2
