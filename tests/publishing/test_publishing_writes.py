"""Publishing: a new agreement is a draft; publishing and taking back to draft need the change
permission, through the API's `published` field and the admin's actions; `published_at` is set
once, by the services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agreements import services
from agreements.models import Agreement
from tests.factories import AgreementFactory, PartyFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:agreements_agreement_changelist")


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _new(**extra) -> dict:
    return {"title": "Draft framework on gallium", "kind": "framework", **extra}


def test_a_post_without_published_creates_a_draft(publisher):
    response = _client(publisher).post("/api/agreements/", _new(), format="json")
    assert response.status_code == 201
    assert (response.json()["published"], response.json()["published_at"]) == (False, None)
    agreement = Agreement.objects.get()
    assert (agreement.published, agreement.published_at) == (False, None)


def test_a_writer_who_may_add_but_not_see_drafts_gets_back_the_draft_they_wrote(adder):
    client = _client(adder)
    response = client.post("/api/agreements/", _new(published=False), format="json")
    assert response.status_code == 201
    assert response.json()["published"] is False
    assert client.get(f"/api/agreements/{response.json()['slug']}/").status_code == 404


def test_publishing_on_create_needs_the_change_permission(adder, publisher):
    refused = _client(adder).post("/api/agreements/", _new(published=True), format="json")
    assert refused.status_code == 403
    assert not Agreement.objects.exists()  # nothing written

    before = timezone.now()
    created = _client(publisher).post("/api/agreements/", _new(published=True), format="json")
    assert created.status_code == 201
    agreement = Agreement.objects.get()
    assert agreement.published is True
    assert agreement.published_at >= before
    assert created.json()["published_at"] is not None


def test_published_at_is_set_once(publisher, pinned_today):
    client = _client(publisher)
    agreement = AgreementFactory(published=False)
    url = f"/api/agreements/{agreement.slug}/"

    assert client.patch(url, {"published": True}, format="json").status_code == 200
    agreement.refresh_from_db()
    first = agreement.published_at
    assert agreement.published and first is not None

    assert client.patch(url, {"published": False}, format="json").json()["published"] is False
    assert client.patch(url, {"published": True}, format="json").status_code == 200
    agreement.refresh_from_db()
    assert agreement.published_at == first  # the first publication, kept
    # An edit that does not send `published` leaves it as it is.
    assert client.patch(url, {"summary": "More."}, format="json").json()["published"] is True


def test_without_the_change_permission_the_field_cannot_be_written(reader, viewer):
    agreement = AgreementFactory(published=False)
    for user in (reader, viewer):
        response = _client(user).patch(f"/api/agreements/{agreement.slug}/", {"published": True}, format="json")
        assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.published is False


def test_anonymous_cannot_publish(api_client):
    agreement = AgreementFactory(published=False)
    response = api_client.patch(f"/api/agreements/{agreement.slug}/", {"published": True}, format="json")
    assert response.status_code in (401, 403)
    agreement.refresh_from_db()
    assert agreement.published is False


def test_the_service_publishes_and_takes_back_with_history():
    draft = AgreementFactory(published=False)
    already = AgreementFactory(published=True)
    history_before = draft.history.count()

    assert services.agreements_set_published(agreements=[draft, already], published=True) == 1
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None
    assert draft.history.count() == history_before + 1
    assert draft.history.first().published is True

    assert services.agreements_set_published(agreements=[draft], published=False) == 1
    draft.refresh_from_db()
    assert (draft.published, draft.history.first().published) == (False, False)


def test_loading_published_through_agreement_create_sets_published_at():
    agreement = services.agreement_create(data={"title": "Loaded", "kind": "framework", "published": True})
    assert agreement.published_at is not None


# --- the admin ---------------------------------------------------------------------------


def _action(client, action: str, *agreements):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(a.pk) for a in agreements], "index": 0},
        follow=True,
    )


def test_admin_actions_publish_and_take_back_to_draft(client, publisher):
    client.force_login(publisher)
    draft = AgreementFactory(published=False, title="First draft")
    other = AgreementFactory(published=False, title="Second draft")

    response = _action(client, "publish", draft, other)
    assert "2 agreements published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None
    assert draft.history.first().history_user == publisher  # recorded, with who did it

    response = _action(client, "back_to_draft", draft)
    assert "1 agreement taken back to draft." in response.content.decode()
    draft.refresh_from_db()
    assert draft.published is False


def test_admin_actions_are_absent_without_the_change_permission(client, viewer):
    client.force_login(viewer)
    draft = AgreementFactory(published=False)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    form = page.context["action_form"]  # None when no action is offered at all
    actions = [] if form is None else [choice for choice, _label in form.fields["action"].choices]
    assert "publish" not in actions and "back_to_draft" not in actions
    _action(client, "publish", draft)
    draft.refresh_from_db()
    assert draft.published is False


def test_admin_list_shows_and_filters_drafts(client, publisher):
    client.force_login(publisher)
    AgreementFactory(published=False, title="Unpublished text")
    AgreementFactory(published=True, title="Public text")
    page = client.get(CHANGELIST).content.decode()
    assert 'Unpublished text <span class="draft-mark">(Draft)</span>' in page
    drafts = client.get(CHANGELIST, {"published__exact": "0"})
    assert [a.title for a in drafts.context["cl"].result_list] == ["Unpublished text"]


def test_admin_add_form_cannot_publish_and_the_change_form_can(client, publisher):
    client.force_login(publisher)
    add = client.get(reverse("admin:agreements_agreement_add"))
    assert "published" not in add.context["adminform"].form.fields  # read-only: a new agreement is a draft
    agreement = AgreementFactory(published=False, parties=[PartyFactory()])
    change = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert "published" in change.context["adminform"].form.fields


def test_a_viewer_cannot_publish_in_the_change_form(client, viewer):
    client.force_login(viewer)
    agreement = AgreementFactory(published=False, signed_on=datetime.date(2025, 1, 1))
    change = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert change.status_code == 200
    assert "published" not in change.context["adminform"].form.fields
