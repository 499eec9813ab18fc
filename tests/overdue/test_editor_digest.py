"""The weekly editor digest: who gets it, what it lists, once a week; and the opt-in in the admin."""

import datetime
import io
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.choices import AlertKind
from agreements.models import Alert, EditorDigest
from agreements.services.digest import send_editor_digests, unchecked_overdue_commitments, week_of
from agreements.tasks import send_editor_digest
from tests.factories import AgreementFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
MONDAY = datetime.date(2026, 5, 11)  # the week of the pinned `today` (Friday 15 May 2026)


def change_milestone() -> Permission:
    return Permission.objects.get(content_type__app_label="agreements", codename="change_milestone")


@pytest.fixture
def digest_editor():
    """Staff with the change_milestone permission, subscribed."""
    user = UserFactory(username="digest-editor", is_staff=True)
    user.user_permissions.add(change_milestone())
    EditorDigest.objects.create(user=user)
    return user


@pytest.fixture
def stale(today):
    """Overdue commitments: never checked, checked 31 days ago, checked exactly 30 days ago, checked lately."""
    agreement = AgreementFactory(short_title="Framework")
    return {
        "never": MilestoneFactory(agreement=agreement, title="Never checked", due_on=today - 40 * DAY),
        "old_check": MilestoneFactory(
            agreement=agreement, title="Checked long ago", due_on=today - 50 * DAY, last_checked_on=today - 31 * DAY
        ),
        "thirty": MilestoneFactory(
            agreement=agreement, title="Checked 30 days ago", due_on=today - 50 * DAY, last_checked_on=today - 30 * DAY
        ),
        "recent": MilestoneFactory(
            agreement=agreement, title="Checked lately", due_on=today - 50 * DAY, last_checked_on=today - 2 * DAY
        ),
    }


def test_editor_gets_the_unchecked_overdue_commitments_with_both_links(
    digest_editor, stale, today, now, mailoutbox, settings
):
    settings.SITE_URL = "https://tracker.example.org"
    MilestoneFactory(agreement=stale["never"].agreement, title="An expiry", kind="expiry", due_on=today - 5 * DAY)
    MilestoneFactory(agreement=stale["never"].agreement, title="A review", kind="review", due_on=today - 5 * DAY)
    MilestoneFactory(agreement=stale["never"].agreement, title="Not yet due", due_on=today + 5 * DAY)
    MilestoneFactory(
        agreement=stale["never"].agreement,
        title="Kept",
        due_on=today - 5 * DAY,
        status="completed",
        completed_on=today - 6 * DAY,
    )

    result = send_editor_digests(today=today, now=now)

    assert (result.queued, result.emails, result.failed) == (1, 1, 0)
    email = mailoutbox[0]
    assert email.to == [digest_editor.email]
    assert email.subject == "[Minerals Tracker] Editor digest: 2 overdue commitments to check"
    html = email.alternatives[0][0]
    for milestone in (stale["never"], stale["old_check"]):
        page = f"https://tracker.example.org/milestones/{milestone.pk}/"
        admin_page = f"https://tracker.example.org/admin/agreements/milestone/{milestone.pk}/change/"
        for part in (email.body, html):
            assert milestone.title in part and page in part and admin_page in part
    for title in ("Checked 30 days ago", "Checked lately", "An expiry", "A review", "Not yet due", "Kept"):
        assert title not in email.body
    assert "Never checked" in email.body and "40 days late" in email.body
    assert str(today - 31 * DAY) in email.body
    digest = Alert.objects.get(kind=AlertKind.EDITOR_DIGEST)
    assert (digest.recipient, digest.period, digest.milestone, digest.sent_at) == (digest_editor, MONDAY, None, now)


def test_once_a_week_per_editor(digest_editor, stale, today, now, mailoutbox):
    assert send_editor_digests(today=today, now=now).emails == 1
    # Again on Friday and on Sunday of the same week: nothing.
    assert send_editor_digests(today=today, now=now + DAY).emails == 0
    assert send_editor_digests(today=today + 2 * DAY, now=now + 2 * DAY).emails == 0
    # Next Monday: the new week's digest.
    assert send_editor_digests(today=today + 3 * DAY, now=now + 3 * DAY).emails == 1
    assert len(mailoutbox) == 2
    assert sorted(Alert.objects.filter(kind=AlertKind.EDITOR_DIGEST).values_list("period", flat=True)) == [
        MONDAY,
        MONDAY + 7 * DAY,
    ]


def test_nothing_to_check_sends_nothing(digest_editor, today, now, mailoutbox):
    MilestoneFactory(due_on=today - 5 * DAY, last_checked_on=today - DAY)

    assert send_editor_digests(today=today, now=now).emails == 0
    assert mailoutbox == []
    assert not Alert.objects.filter(kind=AlertKind.EDITOR_DIGEST).exists()


def test_only_subscribed_active_editors_with_an_address_get_it(stale, today, now, mailoutbox):
    editors_group = Group.objects.create(name="editors")
    editors_group.permissions.add(change_milestone())
    via_group = UserFactory(username="via-group")
    via_group.groups.add(editors_group)
    superuser = UserFactory(username="boss", is_superuser=True)
    not_subscribed = UserFactory(username="not-subscribed")
    not_subscribed.user_permissions.add(change_milestone())
    no_permission = UserFactory(username="reader-only")
    no_permission.user_permissions.add(Permission.objects.get(codename="view_milestone"))
    inactive = UserFactory(username="gone", is_active=False)
    inactive.user_permissions.add(change_milestone())
    no_address = UserFactory(username="no-address", email="")
    no_address.user_permissions.add(change_milestone())
    for user in (via_group, superuser, no_permission, inactive, no_address):
        EditorDigest.objects.create(user=user)

    send_editor_digests(today=today, now=now)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([via_group.email, superuser.email])


def test_an_editor_who_lost_the_permission_gets_nothing_even_if_already_queued(
    digest_editor, stale, today, now, mailoutbox, settings
):
    # Queued, but the send failed; then the permission goes.
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.FailingBackend"
    assert send_editor_digests(today=today, now=now).failed == 1
    digest_editor.user_permissions.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert send_editor_digests(today=today, now=now + DAY).emails == 0
    assert mailoutbox == []
    assert not Alert.objects.filter(kind=AlertKind.EDITOR_DIGEST).exists()


def test_a_failed_send_is_retried_and_sent_once(digest_editor, stale, today, now, mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.FailingBackend"
    assert send_editor_digests(today=today, now=now).failed == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert send_editor_digests(today=today, now=now + DAY).emails == 1
    assert send_editor_digests(today=today, now=now + 2 * DAY).emails == 0
    assert len(mailoutbox) == 1


def test_the_list_is_the_overdue_rule_plus_the_check_date(stale, today):
    assert set(unchecked_overdue_commitments(today)) == {stale["never"], stale["old_check"]}
    assert week_of(today) == MONDAY and week_of(MONDAY) == MONDAY and week_of(MONDAY - DAY) == MONDAY - 7 * DAY


def test_command_sends_synchronously_and_prints_the_count(digest_editor, stale, today, pinned_today, mailoutbox):
    out = io.StringIO()
    call_command("send_editor_digest", stdout=out)
    assert out.getvalue().strip() == "editor digests sent 1"
    out = io.StringIO()
    call_command("send_editor_digest", "--date", str(today), stdout=out)
    assert out.getvalue().strip() == "editor digests sent 0"
    assert len(mailoutbox) == 1


def test_task_runs_eagerly_and_the_beat_schedule_names_it(digest_editor, stale, pinned_today, settings, mailoutbox):
    counts = send_editor_digest.apply().get()

    assert counts == {"queued": 1, "emails": 1, "failed": 0}
    entry = settings.CELERY_BEAT_SCHEDULE["send-editor-digest"]
    assert entry["task"] == send_editor_digest.name == "agreements.tasks.send_editor_digest"
    hour, minute = (int(part) for part in settings.OVERDUE_CHECK_TIME.split(":"))
    assert entry["schedule"].day_of_week == {1}  # Monday
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({hour}, {minute})


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_editor_one_digest(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.SlowBackend"
    today = timezone.localdate()
    MilestoneFactory(due_on=today - 10 * DAY)
    editors = [UserFactory(username=f"editor-{i}", is_staff=True) for i in range(3)]
    for user in editors:
        user.user_permissions.add(change_milestone())
        EditorDigest.objects.create(user=user)
    results, errors = [], []
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            results.append(send_editor_digests(today=today, now=timezone.now()))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(result.emails for result in results) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(user.email for user in editors)
    assert Alert.objects.filter(kind=AlertKind.EDITOR_DIGEST).count() == 3


# --- the opt-in: an editor's own subscription in the admin ----------------------------------


@pytest.fixture
def editor_client(db):
    user = UserFactory(username="opting-editor", is_staff=True)
    user.user_permissions.add(change_milestone())
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_an_editor_subscribes_and_unsubscribes_themselves(editor_client):
    other = UserFactory(username="someone-else")
    response = editor_client.post(reverse("admin:agreements_editordigest_add"), {"user": other.pk, "_save": "Save"})
    assert response.status_code == 302
    subscription = EditorDigest.objects.get()
    assert subscription.user == editor_client.user  # never someone else
    # Subscribed: no second subscription.
    assert editor_client.get(reverse("admin:agreements_editordigest_add")).status_code == 403
    response = editor_client.post(
        reverse("admin:agreements_editordigest_delete", args=[subscription.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not EditorDigest.objects.exists()


def test_an_editor_sees_and_removes_only_their_own_subscription(editor_client):
    own = EditorDigest.objects.create(user=editor_client.user)
    colleague = UserFactory(username="colleague")
    colleague.user_permissions.add(change_milestone())
    theirs = EditorDigest.objects.create(user=colleague)

    listed = editor_client.get(reverse("admin:agreements_editordigest_changelist"))
    assert [s.pk for s in listed.context["cl"].result_list] == [own.pk]
    assert editor_client.get(reverse("admin:agreements_editordigest_change", args=[theirs.pk])).status_code == 302
    editor_client.post(reverse("admin:agreements_editordigest_delete", args=[theirs.pk]), {"post": "yes"})
    editor_client.post(
        reverse("admin:agreements_editordigest_changelist"),
        {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"},
    )
    assert EditorDigest.objects.filter(pk=theirs.pk).exists()


def test_staff_without_the_change_milestone_permission_cannot_opt_in(db):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_milestone", "add_editordigest", "view_editordigest"])
    )
    client = Client()
    client.force_login(viewer)
    assert client.get(reverse("admin:agreements_editordigest_changelist")).status_code == 403
    assert client.post(reverse("admin:agreements_editordigest_add"), {"_save": "Save"}).status_code == 403
    assert not EditorDigest.objects.exists()
    assert "editordigest" not in client.get(reverse("admin:index")).content.decode()
