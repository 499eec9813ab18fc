"""Regressions of two admin fixes: reverting a deleted milestone (was a 500: an UPDATE of no row)
and API tokens issued or extended for another user by staff who are not superusers (was a
privilege escalation: a token acts as its user)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from agreements import models
from tests.factories import AgreementFactory, MilestoneFactory
from tests.reliability.test_permissions_admin import history_urls, revert_post

pytestmark = pytest.mark.django_db


def test_reverting_a_deleted_milestone_recreates_it_with_its_deadline(editor):
    agreement = AgreementFactory(signed_on=datetime.date(2025, 10, 28))
    milestone = MilestoneFactory(agreement=agreement, due_on=None, offset_months=6, title="Six-month clause")
    milestone.save()  # the model derives the deadline and simple-history records the version
    version = milestone.history.latest("history_date")
    pk = milestone.pk
    milestone.delete()

    client = Client()
    client.force_login(editor)
    response = client.post(history_urls(version.instance, version)[1], revert_post(models.Milestone, version))

    assert response.status_code == 302
    restored = models.Milestone.objects.get(pk=pk)
    assert (restored.title, restored.deadline) == ("Six-month clause", datetime.date(2026, 4, 28))


@pytest.fixture
def token_manager(django_user_model):
    """Staff with every API-token permission, but no superuser."""
    user = django_user_model.objects.create_user("keys", "keys@example.org", "keys-password-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    return user


def test_staff_who_are_not_superusers_may_issue_tokens_only_for_themselves(token_manager, editor):
    client = Client()
    client.force_login(token_manager)
    add = reverse("admin:accounts_apitoken_add")

    form = client.get(add)
    assert form.status_code == 200
    offered = set(form.context["adminform"].form.fields["user"].queryset.values_list("pk", flat=True))
    assert offered == {token_manager.pk}

    response = client.post(add, {"user": editor.pk, "name": "borrowed", "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 200  # the form again, with an error on `user`
    assert "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.filter(user=editor).exists()

    response = client.post(add, {"user": token_manager.pk, "name": "mine", "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 200 and ApiToken.objects.filter(user=token_manager, name="mine").exists()


def test_only_a_superuser_may_extend_a_token(token_manager, superuser):
    token, _secret = ApiToken.objects.issue(user=token_manager, name="short-lived")
    change = reverse("admin:accounts_apitoken_change", args=[token.pk])

    client = Client()
    client.force_login(token_manager)
    form = client.get(change)
    assert "expires_at" not in form.context["adminform"].form.fields  # read-only for them

    client.force_login(superuser)
    form = client.get(change)
    assert "expires_at" in form.context["adminform"].form.fields
