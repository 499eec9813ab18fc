"""The permission matrix on every write endpoint: anonymous 401, no permission 403, editor and
superuser succeed; reads are open to everyone."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from agreements.models import Agreement, Instrument, Milestone, Mineral, Party, Project, ValueChainStage
from tests.factories import (
    AgreementFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    OrganizationFactory,
    ProjectFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(japan):
    agreement = AgreementFactory(slug="target-agreement", signed_on=datetime.date(2025, 1, 1))
    return {
        "parties": OrganizationFactory(slug="target-party").slug,
        "minerals": MineralFactory(slug="target-mineral").slug,
        "stages": StageFactory(slug="target-stage", order=77).slug,
        "agreements": agreement.slug,
        "instruments": InstrumentFactory(agreement=agreement).pk,
        "milestones": MilestoneFactory(agreement=agreement).pk,
        "projects": ProjectFactory(slug="target-project", country=japan).slug,
    }


# resource: (model, POST body, PUT body, PATCH body)
WRITES = {
    "parties": (
        Party,
        {"slug": "new-org", "name": "New", "kind": "organization"},
        {"slug": "target-party", "name": "Renamed", "kind": "organization"},
        {"name": "Renamed"},
    ),
    "minerals": (
        Mineral,
        {"slug": "new-mineral", "name": "New"},
        {"slug": "target-mineral", "name": "Renamed"},
        {"name": "Renamed"},
    ),
    "stages": (
        ValueChainStage,
        {"slug": "new-stage", "name": "New", "order": 99},
        {"slug": "target-stage", "name": "Renamed", "order": 77},
        {"name": "Renamed"},
    ),
    "agreements": (
        Agreement,
        {"title": "New", "kind": "mou"},
        {"title": "Renamed", "kind": "mou", "signed_on": "2025-01-01"},
        {"title": "Renamed"},
    ),
    "instruments": (
        Instrument,
        {"agreement": "target-agreement", "name": "New", "kind": "loan"},
        {"agreement": "target-agreement", "name": "Renamed", "kind": "grant"},
        {"name": "Renamed"},
    ),
    "milestones": (
        Milestone,
        {"agreement": "target-agreement", "title": "New", "due_on": "2027-01-01"},
        {"agreement": "target-agreement", "title": "Renamed", "offset_months": 3},
        {"title": "Renamed"},
    ),
    "projects": (
        Project,
        {"slug": "new-project", "name": "New", "country": "jp"},
        {"slug": "target-project", "name": "Renamed", "country": "JP"},
        {"name": "Renamed"},
    ),
}
OPERATIONS = ["create", "update", "partial_update", "destroy"]
SUCCESS = {"create": 201, "update": 200, "partial_update": 200, "destroy": 204}


def call(client: APIClient, resource: str, operation: str, target):
    _model, post, put, patch = WRITES[resource]
    detail = f"/api/{resource}/{target}/"
    if operation == "create":
        return client.post(f"/api/{resource}/", post, format="json")
    if operation == "update":
        return client.put(detail, put, format="json")
    if operation == "partial_update":
        return client.patch(detail, patch, format="json")
    return client.delete(detail)


def snapshot(model):
    return sorted(model.objects.values_list("pk", "updated_at"))


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("resource", list(WRITES))
def test_anonymous_writer_gets_401_and_nothing_changes(api_client, targets, resource, operation):
    model = WRITES[resource][0]
    before = snapshot(model)
    response = call(api_client, resource, operation, targets[resource])
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert snapshot(model) == before


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("resource", list(WRITES))
def test_user_without_the_permission_gets_403(reader_token_client, targets, resource, operation):
    model = WRITES[resource][0]
    before = snapshot(model)
    response = call(reader_token_client, resource, operation, targets[resource])
    assert response.status_code == 403
    assert snapshot(model) == before


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("resource", list(WRITES))
def test_editor_with_a_token_may_write(token_client, targets, resource, operation):
    response = call(token_client, resource, operation, targets[resource])
    assert response.status_code == SUCCESS[operation], response.content


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("resource", list(WRITES))
def test_superuser_may_write(superuser_client, targets, resource, operation):
    response = call(superuser_client, resource, operation, targets[resource])
    assert response.status_code == SUCCESS[operation], response.content


def test_permission_is_per_model_and_operation(reader, targets):
    reader.user_permissions.set([Permission.objects.get(codename="change_milestone")])
    client = APIClient()
    client.force_authenticate(reader)
    assert client.patch(f"/api/milestones/{targets['milestones']}/", {"title": "X"}, format="json").status_code == 200
    assert client.delete(f"/api/milestones/{targets['milestones']}/").status_code == 403
    assert client.patch("/api/agreements/target-agreement/", {"title": "X"}, format="json").status_code == 403


def test_session_editor_may_write(editor, targets):
    client = APIClient()
    client.force_login(editor)
    response = client.patch("/api/agreements/target-agreement/", {"title": "By session"}, format="json")
    assert response.status_code == 200
    assert Agreement.objects.get(slug="target-agreement").title == "By session"


def test_session_write_without_csrf_token_is_refused(editor, targets):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.patch("/api/agreements/target-agreement/", {"title": "Forged"}, format="json")
    assert response.status_code == 403
    assert Agreement.objects.get(slug="target-agreement").title != "Forged"


def test_invalid_token_is_401(targets):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/agreements/").status_code == 401


@pytest.mark.parametrize("resource", list(WRITES))
def test_everyone_may_read(api_client, reader_token_client, targets, resource):
    for client in (api_client, reader_token_client):
        assert client.get(f"/api/{resource}/").status_code == 200
        assert client.get(f"/api/{resource}/{targets[resource]}/").status_code == 200
