"""The API permission matrix: every resource × every role × every operation, with real status codes.

Roles: anonymous; a user with a token and no permission at all; a user with only the `view_*`
permissions of the agreements app; an editor (every agreements permission); a superuser.
Reads are open to everyone. Writes need the model permission: anonymous 401 (with
`WWW-Authenticate: Token`), signed in without it 403; a refusal writes nothing, in any table of
the agreements app (history rows included). Watches are a signed-in user's own: no model
permission involved, anonymous 401 even on reads, and no update route. Scorecards are a read-only
list (`?by=` is required): open to everyone, no other operation routed. Criticality lists
(reference data from the data files) are read-only: a write is a 405 for everyone. Extract (POST
/api/extract/) reads a text and writes nothing: it needs `add_agreement`, like creating an
agreement, and answers 200; GET is a 405 for everyone. Evidence writes go through
services.evidence (the milestone's status follows), with the evidence model's permissions.

The admin is another surface, with its own matrix: tests/reliability/test_permissions_admin.py.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import ApiToken
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
    Watch,
)
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    MineralListFactory,
    OrganizationFactory,
    ProjectFactory,
    StageFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_permission", "view_only", "editor", "superuser"]
# operation: (HTTP method, on the detail route?)
OPERATIONS = {
    "list": ("get", False),
    "retrieve": ("get", True),
    "create": ("post", False),
    "update": ("put", True),
    "partial_update": ("patch", True),
    "destroy": ("delete", True),
}
READS = {"list", "retrieve"}
SUCCESS = {"list": 200, "retrieve": 200, "create": 201, "update": 200, "partial_update": 200, "destroy": 204}


class Resource:
    def __init__(self, model, key: str, renamed: str | None, post: dict, put: dict, created: dict, query=None):
        self.model = model
        self.key = key  # the detail route's lookup: "slug" or "id" (scorecards: a row's key)
        self.query = query or {}  # the list's required parameters
        self.renamed = renamed  # the field the PUT and PATCH bodies set to "Renamed"
        self.post, self.put = post, put
        self.patch = {renamed: "Renamed"} if renamed else {}
        self.created = created  # finds the row the POST body creates


RESOURCES = {
    "parties": Resource(
        Party,
        "slug",
        "name",
        post={"slug": "new-org", "name": "New", "kind": "organization"},
        put={"slug": "target-party", "name": "Renamed", "kind": "organization"},
        created={"slug": "new-org"},
    ),
    "minerals": Resource(
        Mineral,
        "slug",
        "name",
        post={"slug": "new-mineral", "name": "New"},
        put={"slug": "target-mineral", "name": "Renamed"},
        created={"slug": "new-mineral"},
    ),
    "stages": Resource(
        ValueChainStage,
        "slug",
        "name",
        post={"slug": "new-stage", "name": "New", "order": 99},
        put={"slug": "target-stage", "name": "Renamed", "order": 77},
        created={"slug": "new-stage"},
    ),
    "agreements": Resource(
        Agreement,
        "slug",
        "title",
        post={"title": "New", "kind": "mou"},
        put={"title": "Renamed", "kind": "mou", "signed_on": "2025-01-01"},
        created={"title": "New"},
    ),
    "instruments": Resource(
        Instrument,
        "id",
        "name",
        post={"agreement": "target-agreement", "name": "New", "kind": "loan"},
        put={"agreement": "target-agreement", "name": "Renamed", "kind": "grant"},
        created={"name": "New"},
    ),
    "milestones": Resource(
        Milestone,
        "id",
        "title",
        post={"agreement": "target-agreement", "title": "New", "due_on": "2027-01-01"},
        put={"agreement": "target-agreement", "title": "Renamed", "offset_months": 3},
        created={"title": "New"},
    ),
    "projects": Resource(
        Project,
        "slug",
        "name",
        post={"slug": "new-project", "name": "New", "country": "jp"},
        put={"slug": "target-project", "name": "Renamed", "country": "JP"},
        created={"slug": "new-project"},
    ),
    # `milestone` is the target milestone's id (TARGET_MILESTONE, filled in by `call`).
    "evidence": Resource(
        Evidence,
        "id",
        "summary",
        post={
            "milestone": "TARGET_MILESTONE",
            "occurred_on": "2025-06-01",
            "summary": "New",
            "verdict": "related",
            "grade": "primary",
            "source": {"url": "https://example.org/new", "title": "New"},
        },
        put={
            "milestone": "TARGET_MILESTONE",
            "occurred_on": "2025-06-02",
            "summary": "Renamed",
            "verdict": "partly_fulfils",
            "grade": "secondary",
            "source": {"title": "Press report"},
        },
        created={"summary": "New"},
    ),
    # Watches have no update route: PUT and PATCH (405) send an empty body.
    "watches": Resource(Watch, "id", None, post={"party": "target-party"}, put={}, created={}),
    # Reference data loaded from the data files: only reads are routed (a write is a 405 for everyone).
    "mineral-lists": Resource(MineralList, "slug", None, post={}, put={}, created={}),
    # Written in the admin (and by the demo data): only reads are routed, as for the lists.
    "discrepancies": Resource(Discrepancy, "id", None, post={}, put={}, created={}),
    # A read-only list: POST is a 405, the detail routes do not exist (404).
    "scorecards": Resource(Milestone, "key", None, post={}, put={}, created={}, query={"by": "agreement"}),
    # Reads a text and proposes an agreement (POST, 200, writes nothing): needs add_agreement.
    "extract": Resource(
        Agreement,
        "id",
        None,
        post={"text": "Japan and the United States will adopt a plan within 180 days.", "signed_on": "2025-10-28"},
        put={},
        created={},
    ),
}
TARGET_MILESTONE = "TARGET_MILESTONE"
# A signed-in user's own watches: what every role but anonymous gets.
WATCH_STATUS = {"list": 200, "retrieve": 200, "create": 201, "update": 405, "partial_update": 405, "destroy": 204}


SCORECARD_STATUS = {"list": 200, "create": 405}
# Extract: only POST is routed (GET is a 405 for everyone, the detail routes do not exist).
EXTRACT_STATUS = {"list": 405}
NOT_ROUTED = {404, 405}


def expected_status(resource: str, role: str, operation: str) -> int:
    if resource == "scorecards":
        return SCORECARD_STATUS.get(operation, 404)
    if resource in {"mineral-lists", "discrepancies"}:
        return 200 if operation in READS else 405
    if resource == "extract":
        if operation != "create":
            return EXTRACT_STATUS.get(operation, 404)
        return {"anonymous": 401, "no_permission": 403, "view_only": 403}.get(role, 200)
    if resource == "watches":
        return 401 if role == "anonymous" else WATCH_STATUS[operation]
    if operation in READS:
        return 200
    if role == "anonymous":
        return 401
    if role in {"no_permission", "view_only"}:
        return 403
    return SUCCESS[operation]


@pytest.fixture
def viewer(django_user_model):
    """A user with every `view_*` permission of the agreements app and nothing else."""
    user = django_user_model.objects.create_user("viewer", "viewer@example.org", "viewer-password-123")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="agreements", codename__startswith="view_")
    )
    return user


# The fixture that makes each role's user (tests/conftest.py, tests/api/conftest.py, above).
ROLE_USERS = {
    "anonymous": None,
    "no_permission": "reader",
    "view_only": "viewer",
    "editor": "editor",
    "superuser": "superuser",
}


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.issue(user=user, name='tests')[1]}")
    return client


@pytest.fixture
def targets(japan):
    """The object each detail route is called on (watches: made per test, for the caller)."""
    agreement = AgreementFactory(slug="target-agreement", signed_on=datetime.date(2025, 1, 1))
    milestone = MilestoneFactory(agreement=agreement)
    return {
        "parties": OrganizationFactory(slug="target-party").slug,
        "minerals": MineralFactory(slug="target-mineral").slug,
        "stages": StageFactory(slug="target-stage", order=77).slug,
        "agreements": agreement.slug,
        "instruments": InstrumentFactory(agreement=agreement).pk,
        "milestones": milestone.pk,
        "projects": ProjectFactory(slug="target-project", country=japan).slug,
        "evidence": EvidenceFactory(milestone=milestone, occurred_on=datetime.date(2025, 5, 1)).pk,
        "mineral-lists": MineralListFactory(slug="target-list").slug,
        "discrepancies": Discrepancy.objects.create(agreement=agreement, topic="Signing date").pk,
        "scorecards": agreement.slug,  # the key of its row by agreement (its milestone is a commitment)
        "extract": agreement.pk,  # no detail route: 404 whatever the key
    }


def call(client: APIClient, resource: str, operation: str, target):
    method, on_detail = OPERATIONS[operation]
    url = f"/api/{resource}/{target}/" if on_detail else f"/api/{resource}/"
    spec = RESOURCES[resource]
    body = {"create": spec.post, "update": spec.put, "partial_update": spec.patch}.get(operation)
    if body is None:
        return getattr(client, method)(url, spec.query) if spec.query else getattr(client, method)(url)
    milestone = Milestone.objects.get(agreement__slug="target-agreement").pk
    body = {name: milestone if value == TARGET_MILESTONE else value for name, value in body.items()}
    return getattr(client, method)(url, body, format="json")


def database_state() -> dict[str, list]:
    """Every row of every agreements table (history included), with its last change where it has one."""
    state = {}
    for model in apps.get_app_config("agreements").get_models():
        fields = ["pk", "updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else ["pk"]
        state[model._meta.label] = sorted(model.objects.values_list(*fields))
    return state


def find(resource: str, target):
    spec = RESOURCES[resource]
    lookup = {"slug": target} if spec.key == "slug" else {"pk": target}
    return spec.model.objects.filter(**lookup).first()


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", list(RESOURCES))
def test_permission_matrix(resource, role, operation, targets, request):
    user = request.getfixturevalue(ROLE_USERS[role]) if ROLE_USERS[role] else None
    if resource == "watches":
        # The caller's own watch (anonymous: someone else's; the answer is 401 before any lookup).
        target = WatchFactory(user=user or UserFactory(), agreement=Agreement.objects.get(slug="target-agreement")).pk
    else:
        target = targets[resource]
    client = token_client(user)
    before = database_state()
    expected = expected_status(resource, role, operation)

    response = call(client, resource, operation, target)

    assert response.status_code == expected, response.content
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"
    if expected >= 400 or operation in READS or resource == "extract":
        assert database_state() == before  # refused, only read, or a proposal: nothing written anywhere
    spec = RESOURCES[resource]
    if operation == "list" and expected == 200:
        assert str(target) in {str(row[spec.key]) for row in response.json()["results"]}
    elif operation == "retrieve" and expected == 200:
        assert str(response.json()[spec.key]) == str(target)
    elif resource == "extract" and expected == 200:
        assert response.json()["commitments"][0]["deadline"] == "2026-04-26"
    elif operation == "create" and expected == 201:
        if resource == "watches":
            assert Watch.objects.filter(user=user, party__slug="target-party").exists()
        else:
            assert spec.model.objects.filter(**spec.created).count() == 1
    elif operation in {"update", "partial_update"} and expected == 200:
        assert getattr(find(resource, target), spec.renamed) == "Renamed"
    elif operation == "destroy" and expected == 204:
        assert find(resource, target) is None


# --- the matrix covers the whole API ---------------------------------------------------------


def routed_operations() -> set[tuple[str, str]]:
    """(path template, method) of every operation the matrix expects to exist (not a 405)."""
    routed = set()
    for resource, spec in RESOURCES.items():
        for operation, (method, on_detail) in OPERATIONS.items():
            if expected_status(resource, "editor", operation) not in NOT_ROUTED:
                routed.add((f"/api/{resource}/{{{spec.key}}}/" if on_detail else f"/api/{resource}/", method))
    return routed


def test_the_matrix_covers_every_operation_of_the_schema():
    """A new route (or resource) in the OpenAPI schema must be added to the matrix above."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"} and path.startswith("/api/")
    }
    assert documented == routed_operations()
    assert len(documented) == 58


# --- beyond the matrix -------------------------------------------------------------------------


def test_permission_is_per_model_and_operation(reader, targets):
    reader.user_permissions.set([Permission.objects.get(codename="change_milestone")])
    client = APIClient()
    client.force_authenticate(reader)
    assert client.patch(f"/api/milestones/{targets['milestones']}/", {"title": "X"}, format="json").status_code == 200
    assert client.delete(f"/api/milestones/{targets['milestones']}/").status_code == 403
    assert client.patch("/api/agreements/target-agreement/", {"title": "X"}, format="json").status_code == 403
    assert Milestone.objects.get(pk=targets["milestones"]).title == "X"
    assert Agreement.objects.get(slug="target-agreement").title != "X"


def test_a_user_cannot_see_change_or_delete_another_users_watch(reader, targets):
    theirs = WatchFactory(user=UserFactory(username="other"), agreement=Agreement.objects.get(slug="target-agreement"))
    client = token_client(reader)
    before = database_state()
    for method in ("get", "put", "patch", "delete"):
        response = getattr(client, method)(f"/api/watches/{theirs.pk}/")
        # 404, not 403: the watch doesn't exist for this user (PUT and PATCH have no route at all).
        assert response.status_code == (405 if method in {"put", "patch"} else 404), method
    assert database_state() == before
    assert Watch.objects.filter(pk=theirs.pk, user__username="other").exists()


def test_invalid_token_is_401(targets):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/agreements/").status_code == 401


def test_session_editor_may_write(editor, targets):
    client = APIClient()
    client.force_login(editor)
    response = client.patch("/api/agreements/target-agreement/", {"title": "By session"}, format="json")
    assert response.status_code == 200
    assert Agreement.objects.get(slug="target-agreement").title == "By session"


def test_session_writes_need_the_csrf_token(editor, targets):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="editor", password="editor-password-123")
    before = database_state()

    forged = client.patch("/api/agreements/target-agreement/", {"title": "Forged"}, format="json")
    created = client.post("/api/stages/", {"slug": "csrf-api-stage", "name": "CSRF", "order": 997}, format="json")

    assert (forged.status_code, created.status_code) == (403, 403)
    assert "CSRF" in created.json()["detail"]
    assert database_state() == before
    # With the token from the cookie, the same session write goes through: the refusal was CSRF.
    client.get("/admin/")
    response = client.post(
        "/api/stages/",
        {"slug": "csrf-api-stage", "name": "CSRF", "order": 997},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 201
    assert ValueChainStage.objects.filter(slug="csrf-api-stage").exists()
