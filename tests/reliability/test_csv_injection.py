"""CSV formula injection: every CSV the site serves (the API's `?format=csv` on every list and
detail, the search page's export) writes text that a spreadsheet would run as a formula with a
`'` in front, and numbers as numbers (agreements/csv_export.py)."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from agreements.api.renderers import PaginatedCSVRenderer
from agreements.api.serializers import InstrumentSerializer
from agreements.csv_export import spreadsheet_cell
from tests.factories import (
    AgreementFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    PartyFactory,
    ProjectFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\t=1+1", "\r=1+1"]


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


# resource -> (the record with `text` in a text field we control, that field, its lookup in the URL)
RESOURCES = {
    "agreements": (lambda text: AgreementFactory(slug="hostile", title=text), "title", "slug"),
    "parties": (lambda text: PartyFactory(iso_code="QZ", slug="qz", name=text), "name", "slug"),
    "minerals": (lambda text: MineralFactory(slug="hostile", name=text), "name", "slug"),
    "stages": (lambda text: StageFactory(slug="hostile", name=text), "name", "slug"),
    "instruments": (lambda text: InstrumentFactory(name=text), "name", "pk"),
    "milestones": (lambda text: MilestoneFactory(title=text), "title", "pk"),
    "projects": (lambda text: ProjectFactory(slug="hostile", name=text), "name", "slug"),
}


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_api_csv_of_every_list_and_detail_defuses_formulas(api_client, resource, text):
    make, field, lookup = RESOURCES[resource]
    record = make(text)

    listed = _rows(api_client.get(f"/api/{resource}/", {"format": "csv"}))
    detail = _rows(api_client.get(f"/api/{resource}/{getattr(record, lookup)}/", {"format": "csv"}))

    assert f"'{text}" in [row[field] for row in listed]
    assert [row[field] for row in detail] == [f"'{text}"]


@pytest.mark.parametrize("text", FORMULAS)
def test_page_export_defuses_formulas_like_the_api(client, text):
    agreement = AgreementFactory(slug="hostile", title=text, signed_at="@Tokyo")
    MilestoneFactory(agreement=agreement, due_on=datetime.date(2999, 1, 1))

    (row,) = _rows(client.get("/agreements/export.csv"))

    assert row["title"] == f"'{text}"
    assert row["signed_at"] == "'@Tokyo"
    assert row["overdue_count"] == "0"  # a number, as it is
    (api_row,) = _rows(client.get("/api/agreements/hostile/", {"format": "csv"}))
    assert api_row["title"] == row["title"]


def test_numbers_stay_numbers_and_text_that_looks_like_one_is_escaped():
    """`-1.5` in a number field is a number to a spreadsheet, not a formula; the same text in a
    text field is text, escaped like any text (the field's type decides, not the text)."""
    view = SimpleNamespace(read_serializer_class=InstrumentSerializer)
    body = PaginatedCSVRenderer().render(
        [{"amount": "-1.50", "name": "-1.50"}], renderer_context={"view": view, "header": ["amount", "name"]}
    )
    assert body.decode().splitlines() == ["amount,name", "-1.50,'-1.50"]
    assert spreadsheet_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert spreadsheet_cell(-2) == -2
    assert spreadsheet_cell(float("-inf")) == "'-inf"
    assert spreadsheet_cell(None) == ""
