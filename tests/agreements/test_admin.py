"""The admin as an admin uses it: every page of every model, and the deadline rules in forms."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Alert, Discrepancy, DiscrepancyClaim, EditorDigest, Milestone, Project, Watch
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    HSCodeFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    MineralListFactory,
    PartyFactory,
    ProjectFactory,
    SourceFactory,
    StageFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "root-password-123")
    client.force_login(user)
    return client


@pytest.fixture
def one_of_each():
    japan = PartyFactory(iso_code="JP", slug="jp", name="Japan")
    agreement = AgreementFactory(parties=[japan], minerals=[MineralFactory()], stages=[StageFactory()])
    instrument = InstrumentFactory(agreement=agreement)
    milestone = MilestoneFactory(agreement=agreement, offset_months=6)
    project = ProjectFactory(country=japan)
    project.instruments.add(instrument)
    watch = WatchFactory(agreement=agreement)
    alert = Alert.objects.create(
        kind="flagged", milestone=milestone, deadline=milestone.deadline, created_at=datetime.datetime.now(datetime.UTC)
    )
    source = SourceFactory(agreement=agreement)
    evidence = EvidenceFactory(milestone=milestone, summary="Working group met")
    digest = EditorDigest.objects.create(user=UserFactory(username="digest-reader"))
    discrepancy = Discrepancy.objects.create(agreement=agreement, topic="Signing date")
    DiscrepancyClaim.objects.create(discrepancy=discrepancy, claim="28 October", grade="primary", source_title="A")
    mineral = agreement.minerals.get()
    return {
        "minerallist": MineralListFactory(publisher=japan, minerals=[mineral]),
        "hscode": HSCodeFactory(minerals=[mineral]),
        "evidence": evidence,
        "discrepancy": discrepancy,
        "editordigest": digest,
        "agreement": agreement,
        "instrument": instrument,
        "milestone": milestone,
        "project": project,
        "watch": watch,
        "alert": alert,
        "source": source,
        "party": japan,
        "mineral": mineral,
        "valuechainstage": agreement.stages.get(),
    }


AGREEMENT_MODELS = [model for model in admin.site._registry if model._meta.app_label == "agreements"]


@pytest.mark.parametrize("model", AGREEMENT_MODELS, ids=lambda m: m._meta.model_name)
def test_every_admin_page_of_every_model_opens_for_a_superuser(superuser_client, one_of_each, model):
    name = model._meta.model_name
    obj = one_of_each[name]
    changelist = superuser_client.get(reverse(f"admin:agreements_{name}_changelist"))
    assert changelist.status_code == 200
    assert str(obj) in changelist.content.decode() or name == "alert"
    change = superuser_client.get(reverse(f"admin:agreements_{name}_change", args=[obj.pk]))
    assert change.status_code == 200
    history = superuser_client.get(reverse(f"admin:agreements_{name}_history", args=[obj.pk]))
    assert history.status_code == 200
    search = superuser_client.get(reverse(f"admin:agreements_{name}_changelist"), {"q": "x"})
    assert search.status_code == 200
    if name != "alert":
        assert superuser_client.get(reverse(f"admin:agreements_{name}_add")).status_code == 200
        assert superuser_client.get(reverse(f"admin:agreements_{name}_delete", args=[obj.pk])).status_code == 200


def test_alert_log_is_read_only(superuser_client, one_of_each):
    assert superuser_client.get(reverse("admin:agreements_alert_add")).status_code == 403


def test_agreement_changelist_shows_next_deadline_and_overdue_count(superuser_client):
    agreement = AgreementFactory(short_title="Late deal", signed_on=D(2020, 1, 1))
    MilestoneFactory(agreement=agreement, due_on=D(2020, 6, 1))  # long overdue
    MilestoneFactory(agreement=agreement, due_on=D(2099, 6, 1))
    response = superuser_client.get(reverse("admin:agreements_agreement_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row.next_deadline, row.overdue_count) == (D(2099, 6, 1), 1)
    overdue_only = superuser_client.get(reverse("admin:agreements_agreement_changelist"), {"has_overdue": "yes"})
    assert [a.pk for a in overdue_only.context["cl"].result_list] == [agreement.pk]


def test_changelist_filters_work(superuser_client, one_of_each):
    party = one_of_each["party"]
    url = reverse("admin:agreements_agreement_changelist")
    response = superuser_client.get(url, {"parties__id__exact": party.pk, "status__exact": "signed"})
    assert response.status_code == 200
    assert [a.pk for a in response.context["cl"].result_list] == [one_of_each["agreement"].pk]
    response = superuser_client.get(reverse("admin:agreements_milestone_changelist"), {"overdue": "yes"})
    assert response.status_code == 200


def _agreement_form(**overrides):
    data = {
        "title": "Admin framework",
        "short_title": "Admin framework",
        "slug": "admin-framework",
        "kind": "framework",
        "status": "signed",
        "legally_binding": "unknown",
        "signed_on": "2025-10-28",
        "signed_at": "Tokyo",
        "entered_into_force_on": "",
        "summary": "",
        "objectives": "",
        "notes": "",
    }
    for prefix in ("memberships", "instruments", "milestones", "evidence", "sources", "relations_out", "relations_in"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def _with_milestone(data, **fields):
    data = {**data, "milestones-TOTAL_FORMS": "1"}
    milestone = {
        "title": "First measures",
        "kind": "commitment",
        "anchor": "signing",
        "deadline_stated": "on",
        "status": "pending",
        "commitment_text": "within six months of signing",
        "due_on": "",
        "offset_months": "",
        "offset_days": "",
        "completed_on": "",
        "evidence_url": "",
        "description": "",
        **fields,
    }
    data.update({f"milestones-0-{key}": value for key, value in milestone.items()})
    return data


def test_admin_adds_agreement_with_relative_milestone(superuser_client):
    data = _with_milestone(_agreement_form(), offset_months="6")
    response = superuser_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    milestone = Milestone.objects.get()
    assert milestone.deadline == D(2026, 4, 28)
    assert milestone.agreement.history.count() == 1


def test_admin_refuses_relative_milestone_on_unsigned_agreement_with_a_message(superuser_client):
    data = _with_milestone(_agreement_form(signed_on=""), offset_months="6")
    response = superuser_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 200
    assert "needs an agreement with a signing date" in response.content.decode()
    assert not Agreement.objects.exists()


def test_admin_refuses_both_absolute_and_relative_deadline(superuser_client):
    data = _with_milestone(_agreement_form(), offset_months="6", due_on="2026-01-01")
    response = superuser_client.post(reverse("admin:agreements_agreement_add"), data)
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Agreement.objects.exists()


def test_admin_change_of_signing_date_moves_relative_deadlines(superuser_client):
    agreement = services.agreement_create(
        data={"title": "Admin framework", "slug": "admin-framework", "kind": "framework", "signed_on": D(2025, 10, 28)},
        milestones=[{"title": "Six months", "offset_months": 6}],
    )
    milestone = agreement.milestones.get()
    data = _agreement_form(signed_on="2025-08-31")
    data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-id": str(milestone.pk),
            "milestones-0-agreement": str(agreement.pk),
            "milestones-0-title": "Six months",
            "milestones-0-kind": "commitment",
            "milestones-0-anchor": "signing",
            "milestones-0-deadline_stated": "on",
            "milestones-0-status": "pending",
            "milestones-0-offset_months": "6",
        }
    )
    response = superuser_client.post(reverse("admin:agreements_agreement_change", args=[agreement.pk]), data)
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.deadline == D(2026, 2, 28)


def test_admin_milestone_form_validates_deadline(superuser_client):
    agreement = AgreementFactory(signed_on=None)
    response = superuser_client.post(
        reverse("admin:agreements_milestone_add"),
        {
            "agreement": agreement.pk,
            "title": "M",
            "kind": "commitment",
            "anchor": "signing",
            "deadline_stated": "on",
            "status": "pending",
            "offset_days": "180",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "needs an agreement with a signing date" in response.content.decode()
    assert not Milestone.objects.exists()


def test_admin_refuses_cyclic_mineral_group(superuser_client):
    group = MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)
    sub = MineralFactory(slug="light", name="Light", is_group=True, group=group)
    response = superuser_client.post(
        reverse("admin:agreements_mineral_change", args=[group.pk]),
        {"slug": "rare-earths", "name": "Rare earths", "symbol": "", "group": sub.pk, "is_group": "on"},
    )
    assert response.status_code == 200
    assert "cannot be a member of itself" in response.content.decode()


def test_admin_refuses_project_in_a_non_country(superuser_client):
    company = PartyFactory(kind="company", iso_code=None, slug="acme", name="Acme")
    response = superuser_client.post(
        reverse("admin:agreements_project_add"),
        {
            "name": "Mine",
            "slug": "mine",
            "country": company.pk,
            "status": "unknown",
            "permit_status": "unknown",
            "offtake_status": "unknown",
            "environmental_review_status": "unknown",
        },
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_staff_without_permission_cannot_open_agreement_admin(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:agreements_agreement_changelist")).status_code == 403


def test_watch_admin_lists_watches(superuser_client):
    WatchFactory(agreement=AgreementFactory(short_title="Watched deal"))
    response = superuser_client.get(reverse("admin:agreements_watch_changelist"))
    assert "Watched deal" in response.content.decode()
    assert Watch.objects.count() == 1
