"""The admin's "New agreement from text": permissions, a review that writes nothing, a save that
creates what the review shows (after corrections), and refusals that are form errors."""

import datetime
import pathlib

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from agreements.choices import MilestoneKind
from agreements.models import Agreement, Milestone
from tests.factories import MineralFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date

URL = reverse("admin:agreements_agreement_from_text")
CHANGELIST = reverse("admin:agreements_agreement_changelist")
FOUNDING = (pathlib.Path(__file__).parents[1] / "extraction/corpus/us-japan-framework-2025-article.de.txt").read_text(
    encoding="utf-8"
)


def row_counts() -> dict[str, int]:
    """Rows of every table of the agreements app (history tables included)."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("agreements").get_models()}


@pytest.fixture
def japan():
    return PartyFactory(slug="jp", iso_code="JP", name="Japan")


@pytest.fixture
def usa():
    return PartyFactory(slug="us", iso_code="US", name="United States")


@pytest.fixture
def rare_earths():
    return MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def staff_with(django_user_model, *codenames):
    user = UserFactory(username="staff-" + "-".join(codenames or ("none",)), is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agreements", codename__in=codenames))
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


def read(client, text=FOUNDING, **extra):
    return client.post(URL, {"step": "read", "text": text, **extra})


def as_post(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if value is True:
        return "on"
    return "" if value is None else str(value)


def post_data(review, **changes) -> dict:
    """The review page's form as a browser would send it back, with `changes` (by field name)."""
    data = {"language": review.language}
    forms = [review.agreement, review.milestones.management_form, *review.milestones.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is False:
                continue  # an unticked checkbox is not sent
            data[bound.html_name] = as_post(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = as_post(value)
    return data


# --- permissions -----------------------------------------------------------------------------


def test_the_changelist_links_to_it_for_those_who_may_add(editor_client, django_user_model, client):
    page = editor_client.get(CHANGELIST)
    assert page.status_code == 200
    assert f'href="{URL}"' in page.content.decode()
    assert "New agreement from text" in page.content.decode()

    client.force_login(staff_with(django_user_model, "view_agreement"))
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert URL not in page.content.decode()


def test_without_the_add_permission_it_is_403(client, django_user_model):
    client.force_login(staff_with(django_user_model, "view_agreement", "change_agreement"))
    before = row_counts()
    assert client.get(URL).status_code == 403
    assert read(client).status_code == 403
    assert client.post(URL, {"step": "save"}).status_code == 403
    assert row_counts() == before


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- the review writes nothing -----------------------------------------------------------------


def test_the_paste_form(editor_client):
    page = editor_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="text"' in html and 'name="signed_on"' in html and 'name="language"' in html


def test_the_review_shows_the_proposal_and_writes_nothing(editor_client, japan, rare_earths):
    before = row_counts()

    page = read(editor_client)

    assert page.status_code == 200
    html = page.content.decode()
    review = page.context["review"]
    agreement = review.agreement
    assert agreement["signed_on"].value() == D(2025, 10, 28)
    assert agreement["signed_at"].value() == "Tokio"
    assert agreement["title"].value() is None  # to fill
    assert list(agreement.fields["parties"].queryset) == [japan]
    assert agreement["parties"].value() == [japan.pk]
    assert agreement["minerals"].value() == [rare_earths.pk]
    assert {"stockpile", "offtake", "permitting"} <= set(agreement["instrument_kinds"].value())
    # The United States are named but not in this database: shown, skipped.
    assert page.context["missing"] == {"parties": ["us"], "minerals": []}
    assert "Not in the database (skipped): us" in html
    rows = page.context["rows"]
    assert [(form["commitment_text"].value(), form["offset_months"].value(), deadline) for form, deadline in rows] == [
        ("binnen sechs Monaten", 6, D(2026, 4, 28)),
        ("innerhalb von sechs Monaten", 6, D(2026, 4, 28)),
    ]
    assert "<mark>binnen sechs Monaten</mark>" in html  # the phrase in its sentence
    assert "Lagerhaltung" in rows[0][0]["description"].value()
    assert html.count("28 April 2026") == 2
    assert row_counts() == before


def test_a_given_signing_date_and_language_are_used(editor_client):
    page = read(editor_client, text="Within 180 days the parties will act.", signed_on="2025-10-28", language="en")
    ((form, deadline),) = page.context["rows"]
    assert (form["offset_days"].value(), deadline) == (180, D(2026, 4, 26))


def test_bad_text_is_a_form_error(editor_client):
    before = row_counts()
    for text in ["", "   ", "x" * 100_001, "a\x00b"]:
        page = read(editor_client, text=text)
        assert page.status_code == 200
        assert page.context["text_form"].errors["text"], text
    page = read(editor_client, text="within six months", signed_on="2025-02-30")
    assert page.context["text_form"].errors["signed_on"]
    page = read(editor_client, text="The parties will act within six months.", signed_on="9999-12-31")
    assert page.context["text_form"].errors["signed_on"] == ["The deadline this gives would fall after the year 9999."]
    assert row_counts() == before


def test_check_recomputes_the_deadline_and_writes_nothing(editor_client, japan):
    review = read(editor_client).context["review"]
    before = row_counts()
    page = editor_client.post(URL, post_data(review, step="check", **{"milestones-1-offset_months": 3}))
    assert page.status_code == 200
    assert [deadline for _form, deadline in page.context["rows"]] == [D(2026, 4, 28), D(2026, 1, 28)]
    assert row_counts() == before


# --- save ---------------------------------------------------------------------------------------


def test_save_creates_what_the_review_shows_after_corrections(editor_client, japan, usa, rare_earths):
    review = read(editor_client).context["review"]
    data = post_data(
        review,
        step="save",
        **{
            "agreement-title": "US–Japan framework for securing critical minerals",
            "agreement-kind": "framework",
            "agreement-instrument_kinds": ["stockpile", "offtake"],
            "milestones-1-offset_months": 3,
            "milestones-1-title": "Concrete steps",
        },
    )

    response = editor_client.post(URL, data)

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:agreements_agreement_change", args=[agreement.pk])
    assert agreement.title == "US–Japan framework for securing critical minerals"
    assert (agreement.kind, agreement.signed_on, agreement.signed_at) == ("framework", D(2025, 10, 28), "Tokio")
    assert sorted(agreement.parties.values_list("slug", flat=True)) == ["jp", "us"]
    assert set(agreement.memberships.values_list("role", flat=True)) == {"signatory"}
    assert list(agreement.minerals.values_list("slug", flat=True)) == ["rare-earths"]
    assert sorted(agreement.instruments.values_list("kind", "name")) == [
        ("offtake", "Offtake or purchase commitment"),
        ("stockpile", "Stockpile"),
    ]
    milestones = list(agreement.milestones.order_by("deadline"))
    assert [(m.title, m.offset_months, m.anchor, m.deadline, m.kind) for m in milestones] == [
        ("Concrete steps", 3, "signing", D(2026, 1, 28), MilestoneKind.COMMITMENT),
        (review.milestones.forms[0]["title"].value(), 6, "signing", D(2026, 4, 28), MilestoneKind.COMMITMENT),
    ]
    assert milestones[1].commitment_text == "binnen sechs Monaten"
    assert "Lagerhaltung" in milestones[1].description
    page = editor_client.get(response["Location"])
    text = page.content.decode()
    assert "was created with 2 milestones" in text
    assert "It is a draft: only editors see it until it is published" in text
    assert (agreement.published, agreement.published_at) == (False, None)  # a draft, never published
    entry = LogEntry.objects.get()
    assert (entry.object_id, entry.action_flag) == (str(agreement.pk), ADDITION)


def test_a_removed_milestone_is_not_saved(editor_client, japan):
    review = read(editor_client).context["review"]
    data = post_data(
        review, step="save", **{"agreement-title": "T", "agreement-kind": "mou", "milestones-0-DELETE": True}
    )
    assert editor_client.post(URL, data).status_code == 302
    (milestone,) = Milestone.objects.all()
    assert milestone.commitment_text == "innerhalb von sechs Monaten"


def test_a_refused_rule_is_a_field_error_and_writes_nothing(editor_client, japan):
    review = read(editor_client).context["review"]
    before = row_counts()
    # No signing date, but both milestones count six months from signing: the services refuse.
    data = post_data(
        review, step="save", **{"agreement-title": "T", "agreement-kind": "mou", "agreement-signed_on": ""}
    )

    page = editor_client.post(URL, data)

    assert page.status_code == 200
    assert row_counts() == before
    forms = page.context["review"].milestones.forms
    for form in forms:
        assert form.errors["offset_months"] == [
            "A deadline relative to signing needs an agreement with a signing date."
        ]
    html = page.content.decode()
    assert html.count("A deadline relative to signing needs an agreement with a signing date.") == 2
    assert 'value="T"' in html  # the corrections are kept


def test_a_milestone_with_both_a_date_and_an_offset_is_refused(editor_client, japan):
    review = read(editor_client).context["review"]
    before = row_counts()
    data = post_data(
        review, step="save", **{"agreement-title": "T", "agreement-kind": "mou", "milestones-0-due_on": "2026-03-01"}
    )
    page = editor_client.post(URL, data)
    assert page.status_code == 200
    assert page.context["review"].milestones.forms[0].errors["due_on"] == [
        "Give either an absolute date or an offset from signing, not both."
    ]
    assert not page.context["review"].milestones.forms[1].errors
    assert row_counts() == before


def test_missing_title_and_kind_are_field_errors(editor_client, japan):
    review = read(editor_client).context["review"]
    before = row_counts()
    page = editor_client.post(URL, post_data(review, step="save"))
    assert page.status_code == 200
    errors = page.context["review"].agreement.errors
    assert set(errors) == {"title", "kind"}
    assert row_counts() == before


def test_saving_needs_the_add_permission_of_every_row_it_creates(client, django_user_model, japan):
    client.force_login(staff_with(django_user_model, "add_agreement", "view_agreement"))
    review = read(client).context["review"]
    before = row_counts()
    page = client.post(URL, post_data(review, step="save", **{"agreement-title": "T", "agreement-kind": "mou"}))
    assert page.status_code == 200
    (message,) = page.context["review"].agreement.non_field_errors()
    assert "agreements.add_milestone" in message and "agreements.add_agreementparty" in message
    assert row_counts() == before
