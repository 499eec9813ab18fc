"""/data/: the descriptor describes exactly the CSVs served (names, paths, columns in order, types
the values parse as), and the CSVs are the API's rows."""

import csv
import datetime
import io
import json

import pytest

from agreements import datapackage

pytestmark = pytest.mark.django_db


def _rows(client, path: str) -> list[dict]:
    response = client.get(f"/data/{path}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _parses(value: str, kind: str) -> bool:
    if value == "":  # a missing value (Table Schema's default missingValues)
        return True
    parse = {
        "integer": int,
        "number": float,
        "boolean": lambda text: {"True": True, "False": False}[text],
        "date": datetime.date.fromisoformat,
        "datetime": lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00")),
        "string": str,
    }[kind]
    try:
        parse(value)
    except (KeyError, ValueError):
        return False
    return True


def test_the_descriptor_describes_every_csv(client, world):
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    assert descriptor["profile"] == "tabular-data-package"
    assert [r["name"] for r in descriptor["resources"]] == [r.name for r in datapackage.RESOURCES]
    for resource in descriptor["resources"]:
        response = client.get(f"/data/{resource['path']}")
        header = next(csv.reader(io.StringIO(response.content.decode())))
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header, resource["name"]
        assert resource["schema"]["primaryKey"] in header
        for row in csv.DictReader(io.StringIO(response.content.decode())):
            for field in fields:
                assert _parses(row[field["name"]], field["type"]), (resource["name"], field, row[field["name"]])


@pytest.mark.parametrize("resource", datapackage.RESOURCES, ids=lambda resource: resource.name)
def test_each_csv_is_the_apis_csv_for_anonymous_readers(client, world, resource):
    api = client.get(f"/api/{resource.name}/?format=csv&page_size=200")
    assert api.status_code == 200
    # The same rows and columns; the API's links repeat the format asked for, the file's do not.
    expected = api.content.decode().replace("/?format=csv,", "/,")
    assert client.get(f"/data/{resource.path}").content.decode() == expected


def test_the_csvs_hold_published_rows_with_typed_columns(client, world):
    milestones = _rows(client, "milestones.csv")
    assert {row["title"] for row in milestones} == {
        world["published"]["late"].title,
        world["published"]["upcoming"].title,
    }
    types = {
        field["name"]: field["type"] for field in datapackage.table_schema(datapackage.BY_NAME["milestones"])["fields"]
    }
    assert (types["due_on"], types["overdue"], types["days_late"], types["created_at"]) == (
        "date",
        "boolean",
        "integer",
        "datetime",
    )


def test_an_unknown_resource_is_404(client):
    assert client.get("/data/users.csv").status_code == 404


def test_the_data_page_links_every_file(client):
    page = client.get("/data/").content.decode()
    assert "/data/datapackage.json" in page and "/data/minerals-tracker.zip" in page
    for resource in datapackage.RESOURCES:
        assert f"/data/{resource.path}" in page
