"""/data/ is a valid Frictionless data package (the `frictionless` validator says so, on the files
as served: headers, types, primary and foreign keys), and it is regenerated when the data change,
with an ETag on every download."""

import io
import json
import zipfile

import frictionless
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import datapackage
from agreements.models import Agreement, Milestone
from tests.factories import MilestoneFactory, PartyFactory

pytestmark = pytest.mark.django_db

FILES = ["datapackage.json", *(resource.path for resource in datapackage.RESOURCES)]


def _download(client, tmp_path):
    for name in FILES:
        response = client.get(f"/data/{name}")
        assert response.status_code == 200, name
        (tmp_path / name).write_bytes(response.content)
    return tmp_path / "datapackage.json"


def _report(path) -> frictionless.Report:
    return frictionless.validate(str(path))


def _errors(report) -> list:
    return [(task.name, error.type, error.note) for task in report.tasks for error in task.errors] + [
        (None, error.type, error.note) for error in report.errors
    ]


def test_the_package_as_served_is_valid_for_frictionless(client, world, tmp_path):
    report = _report(_download(client, tmp_path))
    assert report.valid, _errors(report)
    # Every resource was checked, with rows in each (the test world has some of everything).
    assert sorted(task.name for task in report.tasks) == sorted(r.name for r in datapackage.RESOURCES)
    assert all(task.stats["rows"] > 0 for task in report.tasks), [(t.name, t.stats["rows"]) for t in report.tasks]


def test_the_zip_holds_the_same_valid_package(client, world, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/data/minerals-tracker.zip").content))
    assert sorted(archive.namelist()) == sorted(FILES)
    archive.extractall(tmp_path)
    report = _report(tmp_path / "datapackage.json")
    assert report.valid, _errors(report)
    for name in FILES[1:]:
        assert (tmp_path / name).read_bytes() == client.get(f"/data/{name}").content, name


def test_the_schemas_declare_the_keys_between_the_files(client, world):
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    schemas = {resource["name"]: resource["schema"] for resource in descriptor["resources"]}
    types = {name: {f["name"]: f["type"] for f in schema["fields"]} for name, schema in schemas.items()}
    assert schemas["milestones"]["primaryKey"] == "id"
    keys = {(key["fields"], key["reference"]["resource"]) for key in schemas["milestones"]["foreignKeys"]}
    assert keys == {("agreement", "agreements"), ("instrument", "instruments"), ("responsible", "parties")}
    for name, schema in schemas.items():
        for key in schema["foreignKeys"]:
            target = key["reference"]
            # A key and what it points to have one type, and it points to a primary key.
            assert types[name][key["fields"]] == types[target["resource"]][target["fields"]], (name, key)
            assert schemas[target["resource"]]["primaryKey"] == target["fields"], (name, key)


def test_the_validator_catches_a_broken_reference(client, world, tmp_path):
    """The check above can fail: a milestone whose agreement is not in the package is an error."""
    path = _download(client, tmp_path)
    milestones = (tmp_path / "milestones.csv").read_text()
    slug = Milestone.objects.filter(agreement__published=True).values_list("agreement__slug", flat=True).first()
    (tmp_path / "milestones.csv").write_text(milestones.replace(f",{slug},", ",no-such-agreement,", 1))
    report = _report(path)
    assert not report.valid
    assert "foreign-key" in {error_type for _name, error_type, _note in _errors(report)}


def test_each_download_has_an_etag_and_answers_304_while_the_data_stay(client, world):
    for name in ["datapackage.json", "milestones.csv", "minerals-tracker.zip"]:
        first = client.get(f"/data/{name}")
        etag = first["ETag"]
        assert etag.startswith('"') and first["Cache-Control"] == "public, no-cache"
        again = client.get(f"/data/{name}")
        assert (again["ETag"], again.content) == (etag, first.content), name
        assert client.get(f"/data/{name}", headers={"if-none-match": etag}).status_code == 304


def test_an_unchanged_package_is_served_from_the_cache_with_one_query(client, world):
    client.get("/data/agreements.csv")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/data/agreements.csv").status_code == 200
    assert len(queries) == 1  # the data version


def test_a_write_regenerates_the_package(client, world):
    before = {name: client.get(f"/data/{name}") for name in ["datapackage.json", "milestones.csv", "parties.csv"]}
    published = Agreement.objects.filter(published=True).first()
    MilestoneFactory(agreement=published, title="A promise added after the first download")
    PartyFactory(slug="zz", iso_code="ZZ", name="A party added after the first download")

    milestones = client.get("/data/milestones.csv")
    assert milestones["ETag"] != before["milestones.csv"]["ETag"]
    assert "A promise added after the first download" in milestones.content.decode()
    assert "A promise added after the first download" not in before["milestones.csv"].content.decode()
    assert "A party added after the first download" in client.get("/data/parties.csv").content.decode()
    # The old ETag no longer matches: a client that kept it gets the new file.
    stale = client.get("/data/milestones.csv", headers={"if-none-match": before["milestones.csv"]["ETag"]})
    assert stale.status_code == 200
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    assert descriptor["created"] >= json.loads(before["datapackage.json"].content)["created"]
