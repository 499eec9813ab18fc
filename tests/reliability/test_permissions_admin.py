"""The admin permission matrix: every admin page against every kind of user, and CSRF.

Roles: anonymous; signed in without staff status; staff without any permission; staff with only
the `view_*` permissions of the agreements app; an editor (staff with every permission of the
agreements app); a superuser. The CSRF checks of the analyst pages are here too.

Beyond the pages: the history's revert (a write on the history URL) and the admin actions of
django-celery-beat (writes on the changelist URL) need the change permission, not the view one.

The API is another surface, with its own matrix: tests/api/test_api_permissions.py.
"""

import datetime
import re

import celery.app.task
import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.test import Client, RequestFactory
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import ApiToken
from agreements import models, services
from agreements.choices import AlertKind
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    HSCodeFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    MineralListFactory,
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
def one_of_each(db, editor):
    """An object of every model registered in the admin, keyed by model (the editor digest
    subscription is the editor's own: the only one an editor may see)."""
    agreement = AgreementFactory()
    milestone = MilestoneFactory(agreement=agreement)
    owner = UserFactory()
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.SECONDS)
    objects = {
        Group: Group.objects.create(name="analysts"),
        models.Party: OrganizationFactory(),
        models.Mineral: MineralFactory(),
        models.MineralList: MineralListFactory(),
        models.HSCode: HSCodeFactory(),
        models.ValueChainStage: StageFactory(),
        models.Agreement: agreement,
        models.Source: SourceFactory(agreement=agreement),
        models.Instrument: InstrumentFactory(agreement=agreement),
        models.Milestone: milestone,
        models.Evidence: EvidenceFactory(milestone=milestone, occurred_on=datetime.date(2025, 1, 1)),
        models.EditorDigest: models.EditorDigest.objects.create(user=editor),
        models.Discrepancy: models.Discrepancy.objects.create(agreement=agreement, topic="Signing date"),
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
    objects[EmailAddress] = EmailAddress.objects.create(user=owner, email=owner.email, primary=True, verified=True)
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


# --- the history: viewing is reading, reverting is changing -----------------------------------

# Every admin with simple-history's pages: its revert page (history/<version>/) is a change form.
HISTORY_MODELS = [
    model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, SimpleHistoryAdmin)
]
D = datetime.date


def label_field(model) -> str:
    """The field a record is known by: what the revert tests change and restore."""
    names = {field.name for field in model._meta.fields}
    return next(name for name in ("title", "name", "summary", "description", "topic") if name in names)


def history_urls(obj, version) -> tuple[str, str]:
    """(the history of `obj`, the page of one version: where the revert form posts)."""
    opts = obj._meta
    return (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id]),
    )


def revert_post(model, version, **changes) -> dict:
    """What the revert page of `version` posts: its form's fields as the page shows them, plus `changes`."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()  # the fields don't depend on who asks (only their widgets' links)
    instance = version.instance
    form = admin.site._registry[model].get_form(request, instance)(instance=instance)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    return {**data, **changes, "_save": "Revert"}


def test_every_record_analysts_maintain_keeps_a_history_in_the_admin():
    assert set(EDITED_MODELS) <= set(HISTORY_MODELS)


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.model_name)
def test_view_only_staff_reads_the_history_and_its_versions_but_cannot_revert(model, one_of_each, staff_view_only):
    obj = one_of_each[model]
    field = label_field(model)
    before, versions = getattr(obj, field), obj.history.count()
    version = obj.history.earliest("history_date")
    history, version_page = history_urls(obj, version)
    client = Client()
    client.force_login(staff_view_only)
    assert client.get(history).status_code == 200
    page = client.get(version_page)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # no Revert button
    response = client.post(version_page, revert_post(model, version, **{field: "Rewritten by a viewer"}))
    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) == before
    assert obj.history.count() == versions


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.model_name)
def test_editor_reverts_a_record_to_an_earlier_version(model, one_of_each, editor):
    obj = one_of_each[model]
    field = label_field(model)
    version = obj.history.earliest("history_date")
    setattr(obj, field, "Renamed since")
    obj.save()
    version_page = history_urls(obj, version)[1]
    client = Client()
    client.force_login(editor)
    assert b'name="_save"' in client.get(version_page).content  # the Revert button
    response = client.post(version_page, revert_post(model, version))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    obj.refresh_from_db()
    assert getattr(obj, field) == getattr(version, field)
    assert obj.history.latest("history_date").history_user == editor


def test_a_revert_of_the_signing_date_moves_the_relative_deadlines_like_an_edit(editor):
    agreement = services.agreement_create(
        data={
            "title": "Revert framework",
            "slug": "revert-framework",
            "kind": "framework",
            "signed_on": D(2025, 10, 28),
        },
        milestones=[{"title": "Six months", "offset_months": 6}],
    )
    milestone = agreement.milestones.get()
    signed = agreement.history.earliest("history_date")
    agreement.signed_on = D(2025, 8, 31)
    services.agreement_save(agreement=agreement, anchors_before=(D(2025, 10, 28), None))
    milestone.refresh_from_db()
    assert milestone.deadline == D(2026, 2, 28)
    client = Client()
    client.force_login(editor)
    response = client.post(history_urls(agreement, signed)[1], revert_post(models.Agreement, signed))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    agreement.refresh_from_db()
    milestone.refresh_from_db()
    assert (agreement.signed_on, milestone.deadline) == (D(2025, 10, 28), D(2026, 4, 28))


def test_a_revert_the_deadline_rules_refuse_saves_nothing_and_says_why(editor):
    agreement = services.agreement_create(data={"title": "Unsigned at first", "slug": "unsigned", "kind": "framework"})
    unsigned = agreement.history.earliest("history_date")
    agreement.signed_on = D(2025, 10, 28)
    services.agreement_save(agreement=agreement)
    services.milestone_create(agreement=agreement, data={"title": "Six months", "offset_months": 6})
    versions = agreement.history.count()
    version_page = history_urls(agreement, unsigned)[1]
    client = Client()
    client.force_login(editor)
    response = client.post(version_page, revert_post(models.Agreement, unsigned), follow=True)
    assert response.redirect_chain == [(version_page, 302)]
    assert "it cannot be removed" in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.signed_on, agreement.history.count()) == (D(2025, 10, 28), versions)


def test_reverting_a_deleted_record_recreates_it_and_needs_the_add_permission(django_user_model, editor):
    stage = StageFactory()
    version = stage.history.earliest("history_date")
    stage.delete()
    stage = version.instance
    changer = django_user_model.objects.create_user("changer", "changer@example.org", "changer-password-123")
    changer.is_staff = True
    changer.save()
    changer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_valuechainstage", "change_valuechainstage"])
    )
    version_page = history_urls(stage, version)[1]
    client = Client()
    client.force_login(changer)
    assert client.post(version_page, revert_post(models.ValueChainStage, version)).status_code == 403
    assert not models.ValueChainStage.objects.filter(pk=stage.pk).exists()
    client.force_login(editor)
    assert client.post(version_page, revert_post(models.ValueChainStage, version)).status_code == 302
    assert models.ValueChainStage.objects.get(pk=stage.pk).name == version.name


# --- django-celery-beat: its actions change tasks and queue them: the change permission --------

BEAT_ACTIONS = ("enable_tasks", "disable_tasks", "toggle_tasks", "run_tasks")
PERIODIC_TASKS = reverse_lazy("admin:django_celery_beat_periodictask_changelist")


def staff_with(django_user_model, username: str, permissions) -> object:
    user = django_user_model.objects.create_user(username, f"{username}@example.org", f"{username}-password-123")
    user.is_staff = True
    user.save()
    user.user_permissions.set(permissions)
    return user


@pytest.fixture
def schedule_viewer(django_user_model):
    return staff_with(django_user_model, "schedule-viewer", Permission.objects.filter(codename="view_periodictask"))


@pytest.fixture
def schedule_editor(django_user_model):
    codenames = ["view_periodictask", "change_periodictask"]
    return staff_with(django_user_model, "schedule-editor", Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def queued(monkeypatch) -> list[str]:
    """The names of the tasks the admin queues (recorded; nothing reaches the broker)."""
    names = []
    monkeypatch.setattr(celery.app.task.Task, "apply_async", lambda task, *args, **kwargs: names.append(task.name))
    return names


def periodic_task(*, enabled: bool) -> PeriodicTask:
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    return PeriodicTask.objects.create(
        name="overdue check", task="agreements.tasks.flag_overdue_milestones", interval=interval, enabled=enabled
    )


def test_no_admin_offers_an_action_to_staff_who_may_only_view(django_user_model):
    viewer = staff_with(django_user_model, "views-all", Permission.objects.filter(codename__startswith="view_"))
    request = RequestFactory().get("/admin/")
    request.user = viewer
    offered = {model._meta.label: sorted(admin_.get_actions(request)) for model, admin_ in admin.site._registry.items()}
    assert {label: actions for label, actions in offered.items() if actions} == {}


@pytest.mark.parametrize("action", BEAT_ACTIONS)
def test_view_only_staff_can_neither_see_nor_run_the_periodic_task_actions(action, schedule_viewer, queued):
    enabled = action != "enable_tasks"
    task = periodic_task(enabled=enabled)
    client = Client()
    client.force_login(schedule_viewer)
    page = client.get(PERIODIC_TASKS)
    assert page.status_code == 200
    assert f'value="{action}"'.encode() not in page.content
    response = client.post(PERIODIC_TASKS, {"action": action, "_selected_action": [task.pk]})
    assert response.status_code == 200  # no action on offer: the POST only shows the list again
    task.refresh_from_db()
    assert task.enabled is enabled
    assert queued == []


def test_staff_with_change_periodictask_toggle_and_run_periodic_tasks(schedule_editor, queued):
    task = periodic_task(enabled=True)
    client = Client()
    client.force_login(schedule_editor)
    page = client.get(PERIODIC_TASKS)
    assert all(f'value="{action}"'.encode() in page.content for action in BEAT_ACTIONS)
    response = client.post(PERIODIC_TASKS, {"action": "toggle_tasks", "_selected_action": [task.pk]})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.enabled is False
    response = client.post(PERIODIC_TASKS, {"action": "run_tasks", "_selected_action": [task.pk]})
    assert response.status_code == 302
    assert queued == ["agreements.tasks.flag_overdue_milestones"]
    # The change form still uses the project's template (its inline script carries the CSP nonce).
    change = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert b'<script id="periodic-task-overrides" nonce="' in change.content


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
