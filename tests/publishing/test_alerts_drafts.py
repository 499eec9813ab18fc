"""E-mails never mention a draft to someone who may not see it: nobody watches a draft, watching a
party does not reach its drafts, and the editor digest lists drafts (marked) only to editors who
may see them. The overdue job still flags drafts' milestones: editors see the flag."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agreements import services
from agreements.choices import AlertKind, EvidenceGrade, EvidenceVerdict
from agreements.models import Alert, EditorDigest, Milestone, Watch
from agreements.services import evidence as evidence_services
from agreements.services import flag_overdue
from agreements.services.digest import send_editor_digests
from tests.factories import AgreementFactory, MilestoneFactory, PartyFactory, UserFactory, WatchFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def japan():
    return PartyFactory(slug="jp", iso_code="JP", name="Japan")


@pytest.fixture
def two_agreements(japan, today):
    public = AgreementFactory(title="Public framework", parties=[japan], published=True)
    draft = AgreementFactory(title="Secret draft framework", parties=[japan], published=False)
    return {
        "public": public,
        "draft": draft,
        "public_late": MilestoneFactory(agreement=public, title="Public late report", due_on=today - 5 * DAY),
        "draft_late": MilestoneFactory(agreement=draft, title="Draft late report", due_on=today - 5 * DAY),
    }


@pytest.fixture
def party_watcher(japan):
    user = UserFactory(username="party-watcher", email="watcher@example.org")
    WatchFactory(user=user, agreement=None, party=japan)
    return user


def _bodies(mailoutbox) -> str:
    return "\n".join(message.body for message in mailoutbox)


def test_the_job_flags_drafts_but_tells_watchers_only_of_published_ones(
    two_agreements, party_watcher, today, mailoutbox
):
    flag_overdue(today=today, now=timezone.now())
    flagged = set(Milestone.objects.filter(overdue_since__isnull=False).values_list("title", flat=True))
    assert flagged == {"Public late report", "Draft late report"}  # editors see the flag on drafts too
    notices = Alert.objects.filter(kind=AlertKind.OVERDUE_NOTICE, recipient=party_watcher)
    assert list(notices.values_list("milestone__title", flat=True)) == ["Public late report"]
    assert len(mailoutbox) == 1
    assert "Public late report" in _bodies(mailoutbox)
    assert "Secret draft" not in _bodies(mailoutbox) and "Draft late report" not in _bodies(mailoutbox)


def test_reminders_leave_drafts_out(japan, party_watcher, today, mailoutbox):
    MilestoneFactory(agreement=AgreementFactory(parties=[japan], published=False), due_on=today + 3 * DAY)
    MilestoneFactory(agreement=AgreementFactory(parties=[japan]), title="Public soon", due_on=today + 3 * DAY)
    flag_overdue(today=today, now=timezone.now())
    reminders = Alert.objects.filter(kind=AlertKind.REMINDER)
    assert list(reminders.values_list("milestone__title", flat=True)) == ["Public soon"]


def test_a_notice_queued_before_going_back_to_draft_is_not_sent(two_agreements, party_watcher, today, mailoutbox):
    now = timezone.now()
    Alert.objects.create(
        kind=AlertKind.OVERDUE_NOTICE,
        milestone=two_agreements["public_late"],
        recipient=party_watcher,
        deadline=two_agreements["public_late"].deadline,
        created_at=now,
    )
    services.agreements_set_published(agreements=[two_agreements["public"]], published=False)
    services.send_pending_alerts(now=now)
    assert mailoutbox == []
    assert not Alert.objects.unsent().exists()  # claimed: never sent later either


def test_new_evidence_on_a_draft_queues_no_outcome_notice(two_agreements, party_watcher, today):
    evidence_services.evidence_create(
        data={
            "milestone": two_agreements["draft_late"],
            "occurred_on": today - DAY,
            "summary": "Delivered",
            "verdict": EvidenceVerdict.FULFILS,
            "grade": EvidenceGrade.PRIMARY,
            "source_title": "Statement",
        },
        today=today,
    )
    assert not Alert.objects.filter(kind=AlertKind.OUTCOME_NOTICE).exists()


def test_nobody_watches_a_draft(two_agreements, reader, editor):
    for user in (reader, editor):
        client = APIClient()
        client.force_authenticate(user)
        response = client.post("/api/watches/", {"agreement": two_agreements["draft"].slug}, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["agreement"]
    assert not Watch.objects.filter(agreement=two_agreements["draft"]).exists()
    with pytest.raises(ValidationError):
        services.watch_add(user=editor, agreement=two_agreements["draft"])


def test_the_admin_refuses_a_watch_on_a_draft(two_agreements, reader, admin_client):
    url = reverse("admin:agreements_watch_add")
    draft, public = two_agreements["draft"], two_agreements["public"]
    response = admin_client.post(url, {"user": reader.pk, "agreement": draft.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"agreement": ["A draft cannot be watched: publish it first."]}
    assert not Watch.objects.filter(agreement=draft).exists()
    response = admin_client.post(url, {"user": reader.pk, "agreement": public.pk})
    assert response.status_code == 302
    assert Watch.objects.filter(user=reader, agreement=public).exists()


def test_a_watch_on_an_agreement_back_to_draft_is_not_listed(two_agreements, reader):
    WatchFactory(user=reader, agreement=two_agreements["public"])
    client = APIClient()
    client.force_authenticate(reader)
    assert client.get("/api/watches/").json()["count"] == 1
    services.agreements_set_published(agreements=[two_agreements["public"]], published=False)
    assert client.get("/api/watches/").json()["count"] == 0


def _digest_subscriber(username: str, *codenames: str):
    user = UserFactory(username=username, email=f"{username}@example.org", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agreements", codename__in=codenames))
    EditorDigest.objects.create(user=user)
    return user


def test_the_digest_lists_drafts_marked_only_to_editors_who_may_see_them(two_agreements, today, mailoutbox):
    _digest_subscriber("milestone-editor", "change_milestone")
    _digest_subscriber("agreement-viewer", "change_milestone", "view_agreement")
    send_editor_digests(today=today, now=timezone.now())
    by_user = {message.to[0]: message.body for message in mailoutbox}
    assert set(by_user) == {"milestone-editor@example.org", "agreement-viewer@example.org"}
    assert "Public late report" in by_user["milestone-editor@example.org"]
    assert "Draft late report" not in by_user["milestone-editor@example.org"]
    assert "Secret draft framework (Draft)" in by_user["agreement-viewer@example.org"]
    assert "Public framework (Draft)" not in by_user["agreement-viewer@example.org"]


def test_a_digest_with_only_drafts_is_not_sent_to_who_may_not_see_them(japan, today, mailoutbox):
    MilestoneFactory(agreement=AgreementFactory(parties=[japan], published=False), due_on=today - 40 * DAY)
    _digest_subscriber("milestone-editor", "change_milestone")
    result = send_editor_digests(today=today, now=timezone.now())
    assert (result.emails, mailoutbox) == (0, [])
