"""The admin permission matrix: every admin page against every kind of user, and CSRF.

Roles: anonymous; signed in without staff status; staff without any permission; staff with only
the `view_*` permissions of the agreements app; an editor (staff with every permission of the
agreements app); a superuser. The CSRF checks of the analyst pages are here too.

The API is another surface, with its own matrix: tests/api/test_api_permissions.py.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import ApiToken
from agreements import models
from agreements.choices import AlertKind
from tests.factories import (
    AgreementFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    OrganizationFactory,
    ProjectFactory,
    SourceFactory,
    StageFactory,
    UserFactory,
    WatchFactory,
)
from tests.reliability.conftest import SUPERUSER_PASSWORD, analyst_paths

pytestmark = pytest.mark.django_db

PAGES = ("changelist", "add", "change", "delete", "history")
# The pages an editor must reach: the records analysts maintain.
EDITED_MODELS = (
    models.Party,
    models.Mineral,
    models.ValueChainStage,
    models.Agreement,
    models.Source,
    models.Instrument,
    models.Milestone,
    models.Project,
)


@pytest.fixture
def staff_without_rights(django_user_model):
    user = django_user_model.objects.create_user("staffer", "staffer@example.org", "staffer-password-123")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def staff_view_only(django_user_model):
    user = django_user_model.objects.create_user("viewer", "viewer@example.org", "viewer-password-123")
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="agreements", codename__startswith="view_")
    )
    return user


@pytest.fixture
def one_of_each(db):
    """An object of every model registered in the admin, keyed by model."""
    agreement = AgreementFactory()
    milestone = MilestoneFactory(agreement=agreement)
    owner = UserFactory()
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.SECONDS)
    objects = {
        Group: Group.objects.create(name="analysts"),
        models.Party: OrganizationFactory(),
        models.Mineral: MineralFactory(),
        models.ValueChainStage: StageFactory(),
        models.Agreement: agreement,
        models.Source: SourceFactory(agreement=agreement),
        models.Instrument: InstrumentFactory(agreement=agreement),
        models.Milestone: milestone,
        models.Project: ProjectFactory(),
        models.Watch: WatchFactory(agreement=agreement),
        models.Alert: models.Alert.objects.create(
            kind=AlertKind.OVERDUE_NOTICE, milestone=milestone, recipient=owner, created_at=timezone.now()
        ),
        IntervalSchedule: interval,
        CrontabSchedule: CrontabSchedule.objects.create(minute="5", hour="4"),
        SolarSchedule: SolarSchedule.objects.create(event="sunrise", latitude=50, longitude=8),
        ClockedSchedule: ClockedSchedule.objects.create(clocked_time=timezone.now() + datetime.timedelta(days=1)),
        PeriodicTask: PeriodicTask.objects.create(name="test task", task="agreements.tasks.x", interval=interval),
    }
    objects[ApiToken] = ApiToken.objects.issue(user=owner, name="script")[0]
    objects[AccessAttempt] = AccessAttempt.objects.create(
        username=owner.username, ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    )
    objects[AccessLog] = AccessLog.objects.create(username=owner.username, ip_address="192.0.2.1", user_agent="test")
    objects[get_user_model()] = owner
    return objects


def admin_urls(objects) -> list[tuple[type, str, str]]:
    """(model, page, url) for every page of every registered model."""
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        assert model in objects, f"no test object for {opts.label}: add one to one_of_each"
        obj = objects[model]
        for page in PAGES:
            name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
            args = [] if page in ("changelist", "add") else [obj.pk]
            urls.append((model, page, reverse(name, args=args)))
    return urls


def allowed_by_model_admin(model, page: str, user) -> bool:
    """What the ModelAdmin itself grants (e.g. the alert log is read-only for everyone)."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    if page == "add":
        return model_admin.has_add_permission(request)
    if page == "delete":
        return model_admin.has_delete_permission(request)
    return model_admin.has_view_or_change_permission(request)


def statuses(client: Client, urls) -> dict[str, int]:
    return {url: client.get(url).status_code for _model, _page, url in urls}


@pytest.mark.parametrize("role", ["anonymous", "signed_in_not_staff"])
def test_admin_pages_send_users_without_staff_status_to_the_login(role, one_of_each, reader):
    client = Client()
    if role == "signed_in_not_staff":
        client.force_login(reader)
    wrong = []
    for _model, _page, url in admin_urls(one_of_each):
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith("/admin/login/"):
            wrong.append((url, response.status_code))
    assert wrong == []


def test_admin_model_pages_are_forbidden_to_staff_without_permissions(one_of_each, staff_without_rights):
    client = Client()
    client.force_login(staff_without_rights)
    assert client.get("/admin/").status_code == 200
    got = statuses(client, admin_urls(one_of_each))
    assert {url: code for url, code in got.items() if code != 403} == {}


def test_editor_reaches_every_page_of_the_records_and_nothing_else(one_of_each, editor):
    client = Client()
    client.force_login(editor)
    wrong = []
    for model, page, url in admin_urls(one_of_each):
        status = client.get(url).status_code
        if model in EDITED_MODELS:
            expected = 200  # stated, not derived: editors maintain these records
        elif model._meta.app_label == "agreements":
            expected = 200 if allowed_by_model_admin(model, page, editor) else 403
        else:
            expected = 403  # users, tokens and schedules need permissions editors don't have
        if status != expected:
            wrong.append((url, status, expected))
    assert wrong == []


def test_view_only_staff_reads_the_records_and_can_neither_add_nor_delete(one_of_each, staff_view_only, editor):
    client = Client()
    client.force_login(staff_view_only)
    wrong = []
    for model, page, url in admin_urls(one_of_each):
        status = client.get(url).status_code
        if model in EDITED_MODELS:
            expected = 403 if page in ("add", "delete") else 200  # the change page opens read-only
        elif model._meta.app_label == "agreements":
            expected = 200 if allowed_by_model_admin(model, page, staff_view_only) else 403
        else:
            expected = 403
        if status != expected:
            wrong.append((url, status, expected))
    assert wrong == []
    # Read-only: the change page of a record offers no save button (an editor's does).
    change = reverse("admin:agreements_valuechainstage_change", args=[one_of_each[models.ValueChainStage].pk])
    assert b'name="_save"' not in client.get(change).content
    client.force_login(editor)
    assert b'name="_save"' in client.get(change).content


def test_superuser_reaches_every_admin_page_the_model_admin_offers(one_of_each, superuser):
    client = Client()
    client.force_login(superuser)
    wrong = []
    for model, page, url in admin_urls(one_of_each):
        expected = 200 if allowed_by_model_admin(model, page, superuser) else 403
        response = client.get(url)
        if response.status_code != expected:
            wrong.append((url, response.status_code, expected))
    assert wrong == []
    # The only pages even a superuser can't open: adding alert-log and sign-in log rows by hand.
    closed = [(m._meta.label, p) for m, p, _u in admin_urls(one_of_each) if not allowed_by_model_admin(m, p, superuser)]
    assert sorted(closed) == [("agreements.Alert", "add"), ("axes.AccessAttempt", "add"), ("axes.AccessLog", "add")]


def test_every_post_form_in_the_admin_carries_a_csrf_token(one_of_each, superuser):
    client = Client()
    client.force_login(superuser)
    forms_seen = 0
    missing = []
    for _model, _page, url in admin_urls(one_of_each):
        response = client.get(url)
        if response.status_code != 200:
            continue
        for form in re.findall(r"<form\b[^>]*>.*?</form>", response.content.decode(), flags=re.S | re.I):
            if re.search(r'method=["\']?post', form, flags=re.I):
                forms_seen += 1
                if 'name="csrfmiddlewaretoken"' not in form:
                    missing.append(url)
    assert forms_seen > 20
    assert missing == []


# --- writes refused without rights ------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "signed_in_not_staff", "staff_without_rights", "staff_view_only"])
def test_admin_writes_without_rights_change_nothing(role, one_of_each, reader, staff_without_rights, staff_view_only):
    client = Client()
    if role == "signed_in_not_staff":
        client.force_login(reader)
    elif role == "staff_without_rights":
        client.force_login(staff_without_rights)
    elif role == "staff_view_only":
        client.force_login(staff_view_only)
    stage = one_of_each[models.ValueChainStage]
    before = models.ValueChainStage.objects.count()
    add = client.post(reverse("admin:agreements_valuechainstage_add"), {"slug": "x", "name": "X", "order": 999})
    change = client.post(
        reverse("admin:agreements_valuechainstage_change", args=[stage.pk]),
        {"slug": stage.slug, "name": "Renamed", "order": stage.order},
    )
    delete = client.post(reverse("admin:agreements_valuechainstage_delete", args=[stage.pk]), {"post": "yes"})
    expected = 403 if role.startswith("staff") else 302  # the others are sent to the login
    assert (add.status_code, change.status_code, delete.status_code) == (expected, expected, expected)
    assert models.ValueChainStage.objects.count() == before
    stage.refresh_from_db()
    assert stage.name != "Renamed"


# --- CSRF ------------------------------------------------------------------------------------


def test_admin_post_without_csrf_token_is_refused_and_writes_nothing(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    data = {"slug": "csrf-stage", "name": "CSRF stage", "order": 998}
    response = client.post(reverse("admin:agreements_valuechainstage_add"), data)
    assert response.status_code == 403
    assert not models.ValueChainStage.objects.filter(slug="csrf-stage").exists()
    # The same form with its token goes through: the refusal was about the token.
    client.get(reverse("admin:agreements_valuechainstage_add"))
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    response = client.post(reverse("admin:agreements_valuechainstage_add"), data)
    assert response.status_code == 302
    assert models.ValueChainStage.objects.filter(slug="csrf-stage").exists()


def test_login_form_refuses_a_post_without_csrf_token(superuser):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "root", "password": SUPERUSER_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


# --- the analysts' pages ----------------------------------------------------------------------


def post_forms(html: str) -> list[str]:
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I)
    return [form for form in forms if re.search(r"<form\b[^>]*method=[\"']?post", form, flags=re.I)]


def test_every_post_form_on_the_analyst_pages_carries_a_csrf_token(sample_records, reader):
    client = Client()
    client.force_login(reader)
    forms_seen, missing = 0, []
    for path in analyst_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        for form in post_forms(response.content.decode()):
            forms_seen += 1
            if 'name="csrfmiddlewaretoken"' not in form:
                missing.append(path)
    assert forms_seen >= len(analyst_paths())  # at least language switch and sign-out on each page
    assert missing == []


def test_watching_needs_a_signed_in_user(sample_records):
    response = Client().post(reverse("agreement-watch", args=[sample_records.slug]), {"action": "watch"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert models.Watch.objects.count() == 0


def test_watching_without_csrf_token_is_refused_and_writes_nothing(sample_records, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    url = reverse("agreement-watch", args=[sample_records.slug])
    assert client.post(url, {"action": "watch"}).status_code == 403
    assert models.Watch.objects.count() == 0
    client.get(sample_records.get_absolute_url())
    token = client.cookies["csrftoken"].value
    assert client.post(url, {"action": "watch", "csrfmiddlewaretoken": token}).status_code == 302
    assert list(models.Watch.objects.values_list("user__username", "agreement__slug")) == [
        ("reader", sample_records.slug)
    ]


def test_sign_out_without_csrf_token_is_refused(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(reverse("logout")).status_code == 403
    assert client.session.get("_auth_user_id") == str(reader.pk)
