"""The password-reset form (/accounts/password_reset/) is throttled per client and per address.

PASSWORD_RESET_RATE_IP (10/hour): POSTs from one client address; past it, a 429.
PASSWORD_RESET_RATE_ADDRESS (3/hour): mails to one e-mail address; past it, the same answer as
a sent mail (the page never tells whether an address is known) and no mail.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client

from accounts.throttling import parse_rate

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
DONE = "/accounts/password_reset/done/"
START = datetime.datetime(2026, 5, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the counters live in the cache
    yield
    cache.clear()


def ask(address: str, ip: str = "198.51.100.7"):
    return Client().post(RESET, {"email": address}, REMOTE_ADDR=ip)


def test_the_mail_links_to_site_url_and_the_link_sets_a_new_password(reader):
    response = ask("reader@example.org")
    assert (response.status_code, response["Location"]) == (302, DONE)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.subject == "Reset your Minerals Tracker password"
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(f"{settings.SITE_URL}/accounts/reset/")  # not the Host of the request
    client = Client()
    form = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-Passw0rd-42", "new_password2": "a-new-Passw0rd-42"}
    )
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password("a-new-Passw0rd-42")


def test_an_address_gets_at_most_its_rate_of_mails_and_the_same_answer_beyond(reader, set_clock):
    limit, seconds = parse_rate(settings.PASSWORD_RESET_RATE_ADDRESS)
    set_clock(START)
    answers = [ask("reader@example.org" if n % 2 else "Reader@Example.ORG", ip=f"203.0.113.{n}") for n in range(8)]
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, DONE)}
    assert len(mail.outbox) == limit
    # The window passes: mail again.
    set_clock(START + datetime.timedelta(seconds=seconds + 60))
    ask("reader@example.org")
    assert len(mail.outbox) == limit + 1


def test_a_client_past_its_rate_gets_429_and_others_are_served(reader):
    limit, seconds = parse_rate(settings.PASSWORD_RESET_RATE_IP)
    statuses = [ask(f"nobody-{n}@example.org").status_code for n in range(limit)]
    assert statuses == [302] * limit
    refused = ask("reader@example.org")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(seconds)
    assert "Too many password resets" in refused.content.decode()
    assert mail.outbox == []
    assert ask("reader@example.org", ip="192.0.2.8").status_code == 302
    assert len(mail.outbox) == 1


def test_the_reset_pages_are_the_sites_own_and_translated():
    page = Client().get(RESET, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Passwort zurücksetzen</h1>" in page
    assert 'class="site-header"' in page  # the site's layout, not the admin's
    login = Client().get("/accounts/login/").content.decode()
    assert f'href="{RESET}"' in login
