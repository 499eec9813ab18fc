"""Who hears about late and upcoming deadlines, how often, and what the e-mail says."""

import datetime

import pytest
from django.utils import timezone

from agreements.choices import AlertKind
from agreements.models import Alert, Milestone
from agreements.services import flag_overdue, milestone_update
from tests.factories import AgreementFactory, MilestoneFactory, OrganizationFactory, UserFactory, WatchFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def notices(kind: str = AlertKind.OVERDUE_NOTICE) -> list[tuple]:
    return sorted(
        Alert.objects.filter(kind=kind).values_list("milestone__title", "recipient__username", "deadline", "sent_at")
    )


def test_watcher_gets_one_email_listing_all_newly_late_milestones_with_links(
    agreement, watcher, late, today, run, mailoutbox, settings
):
    settings.SITE_URL = "https://tracker.example.org"
    second = MilestoneFactory(agreement=agreement, title="Publish the project pipeline", due_on=today - 5 * DAY)

    result = run()

    assert (result.flagged, result.notices, result.emails) == (2, 2, 1)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [watcher.email]
    assert "2 milestones are overdue" in email.subject
    for milestone in (late, second):
        assert milestone.title in email.body
        link = f"https://tracker.example.org{milestone.get_absolute_url()}"
        assert link == f"https://tracker.example.org/milestones/{milestone.pk}/"  # the milestone's own page
        assert link in email.body
        assert link in email.alternatives[0][0]  # the HTML part links too
    assert str(today - DAY) in email.body


def test_every_notice_is_logged_and_marked_sent(watcher, late, today, run, now):
    run()

    rows = Alert.objects.filter(kind=AlertKind.OVERDUE_NOTICE)
    assert [(r.milestone_id, r.recipient_id, r.deadline) for r in rows] == [(late.pk, watcher.pk, today - DAY)]
    assert rows[0].sent_at is not None
    assert Alert.objects.unsent().count() == 0


def test_watcher_of_a_party_to_the_agreement_is_told(party, late, run, mailoutbox):
    party_watcher = UserFactory(username="party-watcher")
    WatchFactory(user=party_watcher, agreement=None, party=party)

    run()

    assert [m.to for m in mailoutbox] == [[party_watcher.email]]
    assert late.title in mailoutbox[0].body


def test_watcher_of_the_responsible_party_is_told_even_if_it_did_not_sign(agreement, today, run, mailoutbox):
    agency = OrganizationFactory(name="Export-Import Agency")
    MilestoneFactory(agreement=agreement, responsible=agency, title="Open a credit line", due_on=today - DAY)
    agency_watcher = UserFactory(username="agency-watcher")
    WatchFactory(user=agency_watcher, agreement=None, party=agency)

    run()

    assert [m.to for m in mailoutbox] == [[agency_watcher.email]]
    assert "Open a credit line" in mailoutbox[0].body
    assert "Export-Import Agency" in mailoutbox[0].body


def test_watching_by_several_routes_still_gives_one_email_and_one_entry(
    agreement, party, watcher, late, run, mailoutbox
):
    WatchFactory(user=watcher, agreement=None, party=party)
    Milestone.objects.filter(pk=late.pk).update(responsible=party)

    run()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].body.count(late.title) == 1
    assert Alert.objects.filter(kind=AlertKind.OVERDUE_NOTICE, recipient=watcher).count() == 1


def test_each_watcher_gets_their_own_email_about_their_own_milestones(agreement, watcher, late, today, run, mailoutbox):
    other_agreement = AgreementFactory()
    other_late = MilestoneFactory(agreement=other_agreement, title="Other promise", due_on=today - DAY)
    other_watcher = UserFactory(username="other-watcher")
    WatchFactory(user=other_watcher, agreement=other_agreement)

    run()

    by_recipient = {m.to[0]: m.body for m in mailoutbox}
    assert set(by_recipient) == {watcher.email, other_watcher.email}
    assert late.title in by_recipient[watcher.email] and other_late.title not in by_recipient[watcher.email]
    assert other_late.title in by_recipient[other_watcher.email] and late.title not in by_recipient[other_watcher.email]


def test_users_who_watch_nothing_late_get_nothing(agreement, late, run, mailoutbox):
    bystander = UserFactory(username="bystander")
    WatchFactory(user=bystander, agreement=AgreementFactory())

    run()

    assert mailoutbox == []
    assert notices() == []


def test_inactive_users_and_users_without_address_are_skipped(agreement, late, run, mailoutbox):
    inactive = UserFactory(username="gone", is_active=False)
    no_address = UserFactory(username="no-address", email="")
    for user in (inactive, no_address):
        WatchFactory(user=user, agreement=agreement)

    run()

    assert mailoutbox == []
    assert notices() == []


def test_a_milestone_already_flagged_before_someone_watches_is_not_announced_to_them(agreement, late, run, mailoutbox):
    run()
    latecomer = UserFactory(username="latecomer")
    WatchFactory(user=latecomer, agreement=agreement)

    run()

    assert mailoutbox == []


def test_second_run_sends_nothing(watcher, late, run, mailoutbox):
    run()
    second = run()

    assert (second.notices, second.emails) == (0, 0)
    assert len(mailoutbox) == 1


def test_missed_again_after_a_new_deadline_is_announced_again(watcher, late, today, run, mailoutbox):
    run()
    milestone_update(milestone=Milestone.objects.get(pk=late.pk), data={"due_on": today + DAY})
    run()  # clears
    run(today + 3 * DAY)

    assert len(mailoutbox) == 3  # notice, reminder for the new deadline, notice again
    assert [row[2] for row in notices()] == [today - DAY, today + DAY]


def test_reminder_is_sent_once_within_the_reminder_window(agreement, watcher, today, run, mailoutbox, settings):
    settings.DEADLINE_REMINDER_DAYS = 14
    soon = MilestoneFactory(agreement=agreement, title="Report to the ministers", due_on=today + 14 * DAY)
    later = MilestoneFactory(agreement=agreement, title="Far away", due_on=today + 15 * DAY)

    first = run()
    same_day = run()
    next_day = run(today + DAY)  # `later` enters the window; `soon` was reminded already

    assert (first.reminders, same_day.reminders, next_day.reminders) == (1, 0, 1)
    assert len(mailoutbox) == 2
    assert "1 deadline coming up" in mailoutbox[0].subject
    assert soon.title in mailoutbox[0].body and later.title not in mailoutbox[0].body
    assert later.title in mailoutbox[1].body and soon.title not in mailoutbox[1].body
    assert [row[:3] for row in notices(AlertKind.REMINDER)] == [
        (later.title, watcher.username, today + 15 * DAY),
        (soon.title, watcher.username, today + 14 * DAY),
    ]


def test_reminder_days_come_from_settings(agreement, watcher, today, run, mailoutbox, settings):
    settings.DEADLINE_REMINDER_DAYS = 3
    MilestoneFactory(agreement=agreement, due_on=today + 10 * DAY)

    assert run().reminders == 0

    settings.DEADLINE_REMINDER_DAYS = 0  # off
    MilestoneFactory(agreement=agreement, due_on=today + DAY)
    assert run().reminders == 0
    assert mailoutbox == []


def test_late_and_upcoming_milestones_share_one_email(agreement, watcher, late, today, run, mailoutbox):
    MilestoneFactory(agreement=agreement, title="Next step", due_on=today + 2 * DAY)

    result = run()

    assert (result.notices, result.reminders, result.emails) == (1, 1, 1)
    assert "1 milestone is overdue, 1 deadline coming up" in mailoutbox[0].subject


def test_a_failed_send_leaves_the_notice_queued_and_the_next_run_sends_it(
    watcher, late, run, mailoutbox, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.FailingBackend"
    failed = run()

    assert (failed.flagged, failed.notices, failed.failed) == (1, 0, 1)
    assert [row[3] for row in notices()] == [None]  # logged but not sent
    assert "stay queued" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = run()

    assert (retry.flagged, retry.notices, retry.emails, retry.failed) == (0, 1, 1, 0)
    assert late.title in mailoutbox[0].body
    assert notices()[0][3] is not None


def test_the_command_reports_and_fails_when_mail_cannot_be_sent(watcher, late, today, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.FailingBackend"
    out = StringIO()

    with pytest.raises(CommandError, match="could not be e-mailed"):
        call_command("flag_overdue", "--date", today.isoformat(), stdout=out)

    assert out.getvalue().strip() == "flagged 1, cleared 0, overdue notices 0, reminders 0"


def test_service_takes_now_as_the_sent_time(watcher, late, today, now):
    result = flag_overdue(today=today, now=now)

    assert result.notices == 1
    assert Alert.objects.get(kind=AlertKind.OVERDUE_NOTICE).sent_at == now
    assert now <= timezone.now()


def test_a_long_list_is_one_email_that_lists_the_first_ones_and_links_to_the_rest(
    agreement, watcher, today, run, mailoutbox, monkeypatch, settings
):
    from agreements.services import overdue

    settings.SITE_URL = "https://tracker.example.org"
    monkeypatch.setattr(overdue, "EMAIL_LIST_LIMIT", 2)
    for n in range(1, 6):
        MilestoneFactory(agreement=agreement, title=f"Step {n}", due_on=today - n * DAY)

    result = run()

    assert (result.notices, result.emails) == (5, 1)
    body = mailoutbox[0].body
    assert "5 milestones are overdue" in mailoutbox[0].subject
    assert "Step 5" in body and "Step 4" in body and "Step 1" not in body  # earliest deadlines first
    assert "and 3 more overdue milestones: https://tracker.example.org/milestones/?overdue=true" in body
    assert Alert.objects.unsent().count() == 0


def test_task_retries_when_mail_fails_without_flagging_or_logging_twice(agreement, watcher, settings, pinned_today):
    from agreements.tasks import AlertsNotSent, flag_overdue_milestones

    settings.EMAIL_BACKEND = "tests.overdue.mail_backends.FailingBackend"
    late = MilestoneFactory(agreement=agreement, due_on=pinned_today - DAY)

    result = flag_overdue_milestones.apply()

    assert result.failed() and isinstance(result.result, AlertsNotSent)
    assert Alert.objects.filter(milestone=late, kind=AlertKind.FLAGGED).count() == 1
    assert [row[3] for row in notices()] == [None]  # queued for the next attempt
