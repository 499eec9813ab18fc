"""Accounts for watchers (#14 part 5): sign-up and confirmation, sign-in by name or address under
the same lockout, the watch that completes after sign-in, "My watches", the e-mail frequency,
confirmed addresses only, and the unsubscribe links of every mail."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts import unsubscribe
from accounts.choices import DigestFrequency
from accounts.models import WatcherPreferences
from agreements.choices import AlertKind
from agreements.models import Alert, EditorDigest, Watch
from agreements.services import flag_overdue, send_pending_alerts
from agreements.services.digest import send_editor_digests
from tests.factories import AgreementFactory, MilestoneFactory, PartyFactory, UserFactory, WatchFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PASSWORD = "a-long-Passw0rd-for-tests"
FRIDAY = datetime.date(2026, 5, 15)  # the suite's `today`
MONDAY = datetime.date(2026, 5, 18)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # allauth's and our throttles count in the cache
    yield
    cache.clear()


def sign_up(client: Client, username="newwatcher", email="new@example.org", ip="198.51.100.20", **data):
    fields = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD, **data}
    return client.post(reverse("account_signup"), fields, REMOTE_ADDR=ip)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def now_at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(6), datetime.UTC)


# --- sign-up, confirmation, sign-in -----------------------------------------------------------


def test_sign_up_mails_a_confirmation_link_from_site_url_and_its_post_confirms(settings):
    settings.SITE_URL = "https://tracker.example.org"
    client = Client()
    response = sign_up(client, HTTP_HOST="evil.example")  # a forged Host must not reach the link
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert message.subject == "Minerals Tracker: Confirm your e-mail address"
    link = confirmation_link(message)
    assert link.startswith("https://tracker.example.org/accounts/confirm-email/")
    assert "https://tracker.example.org/accounts/watches/" in message.body  # the footer of every account mail
    address = EmailAddress.objects.get(email="new@example.org")
    assert not address.verified
    path = link.removeprefix("https://tracker.example.org")
    page = client.get(path)  # GET only shows the button (mail scanners open links)
    assert page.status_code == 200 and 'class="site-header"' in page.content.decode()
    address.refresh_from_db()
    assert not address.verified
    assert client.post(path).status_code == 302
    address.refresh_from_db()
    assert address.verified


def test_sign_up_refuses_a_taken_address_with_a_field_error(reader):
    response = sign_up(Client(), email="reader@example.org")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not EmailAddress.objects.filter(user__username="newwatcher").exists()


def test_sign_ups_from_one_address_are_throttled(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    statuses = [sign_up(Client(), username=f"w{n}", email=f"w{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert sign_up(Client(), username="w9", email="w9@example.org", ip="192.0.2.9").status_code == 302


def test_confirmation_mails_to_one_address_are_throttled():
    client = Client()
    sign_up(client)
    assert len(mail.outbox) == 1
    for _ in range(3):  # "send again" at once: within the 3-minute window, nothing goes out
        client.post(reverse("account_email"), {"action_send": "", "email": "new@example.org"})
    assert len(mail.outbox) == 1


def test_sign_in_with_the_e_mail_address_or_the_user_name(reader):
    for login in ("reader@example.org", "reader"):
        client = Client()
        response = client.post(reverse("login"), {"login": login, "password": "reader-password-123"})
        assert response.status_code == 302, login
        assert client.session["_auth_user_id"] == str(reader.pk)


def test_failures_by_address_and_by_name_add_up_to_one_lockout(reader):
    for number in range(settings.AXES_FAILURE_LIMIT):
        login = "reader@example.org" if number % 2 else "reader"
        Client().post(reverse("login"), {"login": login, "password": "wrong"}, REMOTE_ADDR=f"203.0.113.{number}")
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"reader"}
    locked = Client().post(
        reverse("login"), {"login": "reader@example.org", "password": "reader-password-123"}, REMOTE_ADDR="192.0.2.1"
    )
    assert locked.status_code == 429
    assert "Sign-in blocked" in locked.content.decode()


def test_old_url_names_still_resolve():
    assert reverse("login") == "/accounts/login/" == reverse("account_login")
    assert reverse("logout") == "/accounts/logout/"
    assert reverse("password_reset") == "/accounts/password_reset/" == reverse("account_reset_password")
    assert reverse("password_change") == "/accounts/password_change/"


def test_sign_in_never_redirects_off_site(reader):
    response = Client().post(
        reverse("login"), {"login": "reader", "password": "reader-password-123", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- the watch completes after sign-in --------------------------------------------------------


def test_an_anonymous_watch_click_completes_after_sign_in(reader):
    agreement = AgreementFactory()
    client = Client(enforce_csrf_checks=True)
    client.get(agreement.get_absolute_url())
    token = client.cookies["csrftoken"].value
    watch_url = reverse("agreement-watch", args=[agreement.slug])
    response = client.post(watch_url, {"action": "watch", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={agreement.get_absolute_url().replace('/', '%2F')}"
    assert not Watch.objects.exists()
    login = client.get(response["Location"])
    signed_in = client.post(
        response["Location"],
        {"login": "reader", "password": "reader-password-123", "csrfmiddlewaretoken": login.context["csrf_token"]},
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, agreement.get_absolute_url())
    assert list(Watch.objects.values_list("user__username", "agreement__slug")) == [("reader", agreement.slug)]
    page = client.get(signed_in["Location"]).content.decode()
    assert "Stop watching" in page and "You watch" in page
    # Used once: signing in again adds nothing and says nothing.
    Watch.objects.all().delete()
    client.post(reverse("logout"), {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    Client().login(username="reader", password="reader-password-123")
    assert not Watch.objects.exists()


def test_an_anonymous_party_watch_completes_after_sign_up():
    party = PartyFactory()
    client = Client()
    client.post(reverse("party-watch", args=[party.slug]), {"action": "watch"})
    assert sign_up(client).status_code == 302
    assert list(Watch.objects.values_list("user__username", "party__slug")) == [("newwatcher", party.slug)]


def test_the_watch_of_an_agreement_that_went_back_to_draft_is_dropped(reader):
    agreement = AgreementFactory()
    client = Client()
    client.post(reverse("agreement-watch", args=[agreement.slug]), {"action": "watch"})
    type(agreement).objects.filter(pk=agreement.pk).update(published=False)
    client.post(reverse("login"), {"login": "reader", "password": "reader-password-123"})
    assert not Watch.objects.exists()


# --- My watches -------------------------------------------------------------------------------


def test_my_watches_needs_sign_in():
    response = Client().get(reverse("my-watches"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_my_watches_lists_the_address_the_watches_and_unwatches_one(client, reader):
    kept, dropped = AgreementFactory(title="Kept framework"), AgreementFactory(title="Dropped framework")
    party = PartyFactory(name="Invented Republic")
    for target in ({"agreement": kept}, {"agreement": dropped}, {"agreement": None, "party": party}):
        WatchFactory(user=reader, **target)
    client.force_login(reader)
    page = client.get(reverse("my-watches")).content.decode()
    assert "reader@example.org" in page and reverse("account_email") in page
    assert "Kept framework" in page and "Dropped framework" in page and "Invented Republic" in page
    assert reverse("my-watches") in client.get("/").content.decode()  # the header links here
    watch = Watch.objects.get(agreement=dropped)
    response = client.post(reverse("my-watches"), {"action": "unwatch", "watch": watch.pk})
    assert response.status_code == 302
    assert set(Watch.objects.values_list("agreement__title", flat=True)) == {"Kept framework", None}


def test_nobody_unwatches_someone_elses_watch(client, reader):
    other = WatchFactory()
    client.force_login(reader)
    for value in (other.pk, "not-a-number", ""):
        response = client.post(reverse("my-watches"), {"action": "unwatch", "watch": value})
        assert response.status_code == 400
    assert Watch.objects.filter(pk=other.pk).exists()


def test_an_unconfirmed_address_is_marked_on_my_watches(client):
    sign_up(client)
    assert "not confirmed yet" in client.get(reverse("my-watches")).content.decode()


def test_the_frequency_is_saved_and_a_bad_value_is_a_400(client, reader):
    client.force_login(reader)
    assert client.post(reverse("my-watches"), {"action": "digest", "digest": "weekly"}).status_code == 302
    assert WatcherPreferences.objects.get(user=reader).digest == DigestFrequency.WEEKLY
    assert client.post(reverse("my-watches"), {"action": "digest", "digest": "hourly"}).status_code == 400
    assert client.post(reverse("my-watches"), {"action": "digest", "digest": "daily"}).status_code == 302
    assert list(WatcherPreferences.objects.values_list("digest", flat=True)) == ["daily"]
    assert client.get(reverse("my-watches")).context["digest_form"].initial == {"digest": "daily"}


MY_WATCHES_QUERIES = 5  # session, user, preferences, unconfirmed address, watches (with their targets)


@pytest.mark.parametrize("count", [2, 20])
def test_my_watches_query_count_does_not_grow_with_watches(client, reader, django_assert_num_queries, count):
    for _ in range(count // 2):
        WatchFactory(user=reader)
        WatchFactory(user=reader, agreement=None, party=PartyFactory())
    client.force_login(reader)
    with django_assert_num_queries(MY_WATCHES_QUERIES):
        assert client.get(reverse("my-watches")).status_code == 200


# --- who is e-mailed, and when ----------------------------------------------------------------


@pytest.fixture
def watched_late():
    """A milestone due yesterday (FRIDAY's view) of an agreement, and a factory of its watchers."""
    agreement = AgreementFactory()
    milestone = MilestoneFactory(agreement=agreement, title="Open the joint fund", due_on=FRIDAY - DAY)

    def watcher(username: str, digest: str | None = None):
        user = UserFactory(username=username)
        WatchFactory(user=user, agreement=agreement)
        if digest:
            WatcherPreferences.objects.create(user=user, digest=digest)
        return user

    return milestone, watcher


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_the_daily_check_e_mails_immediate_and_daily_watchers_and_weekly_ones_wait_for_monday(watched_late):
    _milestone, watcher = watched_late
    watcher("asap"), watcher("daily", DigestFrequency.DAILY), watcher("weekly", DigestFrequency.WEEKLY)
    flag_overdue(today=FRIDAY, now=now_at(FRIDAY))
    assert recipients() == {"asap@example.org", "daily@example.org"}
    mail.outbox.clear()
    flag_overdue(today=FRIDAY + DAY, now=now_at(FRIDAY + DAY))  # Saturday: nothing new, the weekly one waits
    assert recipients() == set()
    flag_overdue(today=MONDAY, now=now_at(MONDAY))
    assert recipients() == {"weekly@example.org"}
    assert "Open the joint fund" in mail.outbox[0].body


def test_a_weekly_watcher_is_not_kept_waiting_past_a_week_when_monday_was_missed(watched_late):
    _milestone, watcher = watched_late
    watcher("weekly", DigestFrequency.WEEKLY)
    flag_overdue(today=FRIDAY, now=now_at(FRIDAY))
    flag_overdue(today=FRIDAY + 6 * DAY, now=now_at(FRIDAY + 6 * DAY))  # Thursday: 6 days, still waiting
    assert recipients() == set()
    flag_overdue(today=FRIDAY + 7 * DAY, now=now_at(FRIDAY + 7 * DAY))  # a week old: goes out
    assert recipients() == {"weekly@example.org"}


def test_outside_the_daily_check_only_immediate_watchers_are_e_mailed(watched_late):
    milestone, watcher = watched_late
    asap, daily = watcher("asap"), watcher("daily", DigestFrequency.DAILY)
    for user in (asap, daily):
        Alert.objects.create(
            kind=AlertKind.OVERDUE_NOTICE,
            milestone=milestone,
            recipient=user,
            deadline=milestone.deadline,
            created_at=now_at(FRIDAY),
        )
    assert send_pending_alerts(now=now_at(FRIDAY)).emails == 1  # the outcome notices' task
    assert recipients() == {"asap@example.org"}
    assert send_pending_alerts(now=now_at(FRIDAY), today=FRIDAY).emails == 1
    assert recipients() == {"asap@example.org", "daily@example.org"}


def test_nothing_goes_to_an_unconfirmed_address_until_it_is_confirmed(watched_late):
    _milestone, watcher = watched_late
    user = watcher("unconfirmed")
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    flag_overdue(today=FRIDAY, now=now_at(FRIDAY))
    assert recipients() == set()
    assert Alert.objects.unsent().filter(recipient=user).count() == 1  # kept for later
    address.verified = True
    address.save()
    flag_overdue(today=FRIDAY + DAY, now=now_at(FRIDAY + DAY))
    assert recipients() == {"unconfirmed@example.org"}


# --- unsubscribe links ------------------------------------------------------------------------


def test_the_watch_mail_has_one_click_unsubscribe_headers_and_links(watched_late, settings):
    settings.SITE_URL = "https://tracker.example.org"
    _milestone, watcher = watched_late
    user = watcher("leaving")
    flag_overdue(today=FRIDAY, now=now_at(FRIDAY))
    (message,) = mail.outbox
    url = re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url.startswith("https://tracker.example.org/accounts/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert url in part and "https://tracker.example.org/accounts/watches/" in part
    # What a mail program does for RFC 8058: a POST without cookies or CSRF token.
    path = url.removeprefix("https://tracker.example.org")
    assert Client().get(path).status_code == 200 and Watch.objects.filter(user=user).exists()
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Watch.objects.filter(user=user).exists()
    assert "nothing left" in Client().get(path).content.decode().lower()


def test_the_editor_digest_unsubscribe_link_ends_the_subscription(editor, today):
    EditorDigest.objects.create(user=editor)
    MilestoneFactory(title="Never checked", due_on=today - 40 * DAY)
    assert send_editor_digests(today=today, now=now_at(today)).emails == 1
    (message,) = mail.outbox
    url = re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url in message.body
    other = UserFactory()
    WatchFactory(user=editor)
    EditorDigest.objects.create(user=other)
    assert Client().post(url.removeprefix(settings.SITE_URL)).status_code == 200
    assert list(EditorDigest.objects.values_list("user", flat=True)) == [other.pk]
    assert Watch.objects.filter(user=editor).exists()  # only the digest ends


@pytest.mark.parametrize("token", ["not-a-token", "WyIxIiwid2F0Y2hlcyJd:1abc:forged"])
def test_a_bad_or_forged_unsubscribe_token_changes_nothing(token, reader):
    WatchFactory(user=reader)
    assert Client().post(reverse("unsubscribe", args=[token])).status_code == 404
    assert Watch.objects.filter(user=reader).exists()


def test_a_token_from_another_salt_is_refused(reader):
    from django.core import signing

    WatchFactory(user=reader)
    token = signing.dumps([reader.pk, unsubscribe.WATCHES], salt="something-else", compress=True)
    assert Client().post(reverse("unsubscribe", args=[token])).status_code == 404
    assert Watch.objects.filter(user=reader).exists()
