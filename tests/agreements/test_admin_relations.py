"""The admin for relations, discrepancies and reviews: relations inline on the agreement (written
on the subject, read from both sides), discrepancies with their claims inline, the "Reviewed
today" action (change permission; recorded in the history) and `reviewed_on` in the list."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from agreements.choices import RelationKind
from agreements.models import Agreement, AgreementRelation, Discrepancy
from tests.agreements.test_admin_evidence import change_form_data
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:agreements_agreement_changelist")


@pytest.fixture
def superuser_client(client, django_user_model, pinned_today):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "root-password-123")
    client.force_login(user)
    return client


def _staff(django_user_model, name: str, *codenames: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "password-123456", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agreements", codename__in=codenames))
    return user


@pytest.fixture
def pair():
    msp = AgreementFactory(slug="msp", title="Minerals Security Partnership", short_title="MSP")
    forge = AgreementFactory(slug="forge", title="FORGE", short_title="FORGE")
    AgreementRelation.objects.create(subject=forge, kind=RelationKind.SUPERSEDES, object=msp, note="successor")
    return forge, msp


def _change_page(client, agreement):
    return client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))


def _formset(response, fk_name: str):
    return next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is AgreementRelation and inline.formset.fk.name == fk_name
    )


def test_the_agreement_page_shows_its_relations_from_both_sides(superuser_client, pair):
    forge, msp = pair
    forge_page = _change_page(superuser_client, forge)
    msp_page = _change_page(superuser_client, msp)
    assert forge_page.status_code == msp_page.status_code == 200
    recorded = _formset(forge_page, "subject")
    assert [form.instance.object for form in recorded.forms] == [msp]
    assert not _formset(forge_page, "object").forms
    # On the object's page the relation is read-only, in the inverse words, naming the subject.
    incoming = _formset(msp_page, "object")
    assert [form.instance.subject for form in incoming.forms] == [forge]
    assert "is superseded by" in msp_page.content.decode()
    assert not _formset(msp_page, "subject").forms


def test_a_relation_is_added_on_the_subject_and_a_self_relation_is_refused(superuser_client, pair):
    forge, _msp = pair
    plan = AgreementFactory(slug="plan", title="Action plan")
    page = _change_page(superuser_client, plan)
    data = change_form_data(page)
    data.update(
        {
            "relations_out-TOTAL_FORMS": "1",
            "relations_out-0-kind": RelationKind.IMPLEMENTS,
            "relations_out-0-object": str(forge.pk),
            "relations_out-0-note": "",
            "relations_out-0-source": "",
        }
    )
    url = reverse("admin:agreements_agreement_change", args=[plan.pk])
    assert superuser_client.post(url, data).status_code == 302
    assert AgreementRelation.objects.filter(subject=plan, kind=RelationKind.IMPLEMENTS, object=forge).exists()

    data["relations_out-0-object"] = str(plan.pk)
    data["relations_out-TOTAL_FORMS"] = "1"
    data["relations_out-INITIAL_FORMS"] = "0"
    response = superuser_client.post(url, {**data, "relations_out-0-kind": RelationKind.AMENDS})
    assert response.status_code == 200  # the form again, with the error
    assert "An agreement cannot be related to itself." in response.content.decode()
    assert not AgreementRelation.objects.filter(subject=plan, object=plan).exists()


def test_discrepancy_admin_lists_and_edits_claims_inline(superuser_client, pair):
    forge, _msp = pair
    discrepancy = Discrepancy.objects.create(agreement=forge, topic="Its name")
    discrepancy.claims.create(claim="A successor", grade="primary", source_title="State")
    discrepancy.claims.create(position=1, claim="A platform within the MSP", grade="secondary", source_title="Wire")
    changelist = superuser_client.get(reverse("admin:agreements_discrepancy_changelist"))
    assert changelist.status_code == 200
    row = changelist.context["cl"].result_list[0]
    assert (row.topic, row.claim_total) == ("Its name", 2)
    change = superuser_client.get(reverse("admin:agreements_discrepancy_change", args=[discrepancy.pk]))
    claims = change.context["inline_admin_formsets"][0].formset
    assert [form.instance.claim for form in claims.forms] == ["A successor", "A platform within the MSP"]


def test_reviewed_today_sets_the_date_and_records_it_in_the_history(superuser_client, pair, pinned_today):
    forge, msp = pair
    msp.reviewed_on = pinned_today
    msp.save()
    before = forge.history.count(), msp.history.count()
    response = superuser_client.post(
        CHANGELIST, {"action": "mark_reviewed", "_selected_action": [forge.pk, msp.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 agreement marked as reviewed today." in response.content.decode()
    forge.refresh_from_db()
    assert forge.reviewed_on == pinned_today
    latest = forge.history.order_by("-history_date").first()
    assert (forge.history.count(), msp.history.count()) == (before[0] + 1, before[1])  # msp was already
    assert latest.reviewed_on == pinned_today and latest.history_user.username == "root"


def test_reviewed_today_needs_the_change_permission(client, django_user_model, pair, pinned_today):
    forge, _msp = pair
    viewer = _staff(django_user_model, "viewer", "view_agreement")
    client.force_login(viewer)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert "mark_reviewed" not in page.content.decode()  # not offered
    response = client.post(CHANGELIST, {"action": "mark_reviewed", "_selected_action": [forge.pk]})
    assert response.status_code in (200, 302)
    forge.refresh_from_db()
    assert forge.reviewed_on is None

    changer = _staff(django_user_model, "changer", "view_agreement", "change_agreement")
    client.force_login(changer)
    assert "mark_reviewed" in client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "mark_reviewed", "_selected_action": [forge.pk]})
    forge.refresh_from_db()
    assert forge.reviewed_on == pinned_today


def test_reviewed_on_is_a_column_and_a_filter_of_the_agreement_list(superuser_client, pair, pinned_today):
    forge, _msp = pair
    Agreement.objects.filter(pk=forge.pk).update(reviewed_on=datetime.date(2026, 5, 1))
    page = superuser_client.get(CHANGELIST)
    assert "column-reviewed_on" in page.content.decode()
    unreviewed = superuser_client.get(CHANGELIST, {"reviewed_on__isnull": "True"})
    assert [a.slug for a in unreviewed.context["cl"].result_list] == ["msp"]
