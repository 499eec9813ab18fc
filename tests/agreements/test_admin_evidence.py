"""The admin for outcomes and evidence: inlines and the evidence admin save through the services,
milestones show their outcome, "checked today" is an action, instruments hold who pays and how
firm the money is, and removing a signing date is a form error, never a 500."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.forms import CheckboxInput
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.choices import AlertKind
from agreements.models import Agreement, Alert, Evidence, Instrument, Milestone, ReportedAmount
from agreements.services import evidence as evidence_services
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    InstrumentFactory,
    MilestoneFactory,
    PartyFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)

# Each: the session and the user, the related-only filters' choices, the count (filtered and
# total), the menu's editor-digest entry, the page's rows (the outcome is two subqueries of the
# row, never a query per row) and the date hierarchy's range and dates where there is one.
MILESTONE_CHANGELIST_QUERIES = 10  # + parties and responsible parties for the filters
EVIDENCE_CHANGELIST_QUERIES = 9  # + agreements for the filter
INSTRUMENT_CHANGELIST_QUERIES = 10  # + payers, stages, minerals, parties; no date hierarchy
AGREEMENT_CHANGELIST_QUERIES = 12  # + parties, minerals, stages; memberships (one prefetch)


@pytest.fixture
def superuser_client(client, django_user_model, pinned_today):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "root-password-123")
    client.force_login(user)
    return client


def change_form_data(response, **overrides) -> dict:
    """What the change page's form would post as it stands: the main form, every inline's
    management form and rows; `overrides` by field name (inline fields with their prefix)."""
    data = {}

    def add(bound_field):
        value = bound_field.value()
        if isinstance(value, bool) or (value is None and not isinstance(bound_field.field.widget, CheckboxInput)):
            if isinstance(bound_field.field.widget, CheckboxInput):
                if value:
                    data[bound_field.html_name] = "on"
                return
            if isinstance(value, bool):
                data[bound_field.html_name] = "true" if value else "false"
                return
        if isinstance(value, list | tuple):
            data[bound_field.html_name] = [str(item) for item in value]
        else:
            data[bound_field.html_name] = "" if value is None else str(value)

    for bound_field in response.context["adminform"].form:
        add(bound_field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            add(bound_field)
        for form in formset.forms:
            for bound_field in form:
                add(bound_field)
    data.update(overrides)
    return data


def evidence_inline_row(prefix: str, index: int, **fields) -> dict:
    row = {
        "occurred_on": "",
        "verdict": "fulfils",
        "grade": "primary",
        "summary": "",
        "source_url": "",
        "source_title": "",
        "source_publisher": "",
        "source_published_on": "",
        "source_accessed_on": "",
        "note": "",
        **fields,
    }
    return {f"{prefix}-{index}-{name}": value for name, value in row.items()}


def add_rows(data: dict, prefix: str, *rows: dict) -> dict:
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        data.update(evidence_inline_row(prefix, total + offset, **row))
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


@pytest.fixture
def late(pinned_today):
    """A commitment due ten days ago, no evidence yet: overdue_no_evidence, watched by someone."""
    agreement = AgreementFactory(short_title="Framework", signed_on=D(2025, 10, 28))
    milestone = MilestoneFactory(agreement=agreement, title="Open the credit line", due_on=pinned_today - 10 * DAY)
    WatchFactory(user=UserFactory(username="watcher"), agreement=agreement)
    return milestone


# --- the evidence inline on the milestone ---------------------------------------------------


def test_evidence_added_on_the_milestone_page_completes_it_through_the_service(
    superuser_client, late, pinned_today, django_capture_on_commit_callbacks
):
    url = reverse("admin:agreements_milestone_change", args=[late.pk])
    data = change_form_data(superuser_client.get(url))
    add_rows(
        data,
        "evidence",
        {
            "occurred_on": str(pinned_today - 3 * DAY),
            "summary": "The bank opened the line",
            "source_url": "https://example.org/press",
            "source_title": "Press release",
        },
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    late.refresh_from_db()
    assert (late.status, late.completed_on, late.last_checked_on) == ("completed", pinned_today - 3 * DAY, pinned_today)
    evidence = Evidence.objects.get()
    assert (evidence.agreement_id, evidence.summary) == (late.agreement_id, "The bank opened the line")
    # The outcome changed (overdue, no evidence → met late): one notice for the watcher, sent on commit.
    notice = Alert.objects.get(kind=AlertKind.OUTCOME_NOTICE)
    assert (notice.evidence_id, notice.outcome, notice.sent_at) == (evidence.pk, "met_late", None)
    assert len(callbacks) == 1
    assert evidence.history.get().history_user.username == "root"


def test_evidence_deleted_on_the_milestone_page_reopens_it(superuser_client, late, pinned_today):
    evidence = evidence_services.evidence_create(
        data={
            "milestone": late,
            "occurred_on": pinned_today - DAY,
            "summary": "Done",
            "verdict": "fulfils",
            "grade": "primary",
            "source_title": "Statement",
        },
        today=pinned_today,
    )
    late.refresh_from_db()
    assert late.status == "completed"
    url = reverse("admin:agreements_milestone_change", args=[late.pk])
    data = change_form_data(superuser_client.get(url), **{"evidence-0-DELETE": "on"})
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    late.refresh_from_db()
    assert (late.status, late.completed_on) == ("pending", None)


def test_evidence_inline_refuses_a_future_date_and_an_unnamed_source_and_writes_nothing(
    superuser_client, late, pinned_today
):
    url = reverse("admin:agreements_milestone_change", args=[late.pk])
    data = add_rows(
        change_form_data(superuser_client.get(url)),
        "evidence",
        {"occurred_on": str(pinned_today + DAY), "summary": "Will happen", "source_title": "Plan"},
        {"occurred_on": str(pinned_today), "summary": "No source"},
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "occurred_on" in errors[0] and "source_url" in errors[1]
    assert not Evidence.objects.exists()
    late.refresh_from_db()
    assert (late.status, late.last_checked_on) == ("pending", None)


# --- the evidence inline on the agreement ---------------------------------------------------


def test_agreement_page_offers_only_its_own_milestones_and_refuses_another_agreements(
    superuser_client, late, pinned_today
):
    foreign = MilestoneFactory(title="Someone else's promise", due_on=pinned_today - DAY)
    url = reverse("admin:agreements_agreement_change", args=[late.agreement_id])
    page = superuser_client.get(url)
    evidence_formset = next(i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Evidence)
    choices = [value for value, _label in evidence_formset.empty_form.fields["milestone"].widget.choices]
    assert [str(c) for c in choices] == ["", str(late.pk)]
    data = add_rows(
        change_form_data(page),
        "evidence",
        {"milestone": str(foreign.pk), "occurred_on": str(pinned_today), "summary": "x", "source_title": "y"},
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    errors = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Evidence).errors
    assert "milestone" in errors[0]
    assert not Evidence.objects.exists()


def test_agreement_page_adds_evidence_and_moves_it_between_milestones_through_the_service(
    superuser_client, late, pinned_today
):
    other = MilestoneFactory(agreement=late.agreement, title="Publish the list", due_on=pinned_today + 30 * DAY)
    url = reverse("admin:agreements_agreement_change", args=[late.agreement_id])
    data = add_rows(
        change_form_data(superuser_client.get(url)),
        "evidence",
        {"milestone": str(late.pk), "occurred_on": str(pinned_today), "summary": "Done", "source_title": "Gazette"},
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    late.refresh_from_db()
    assert (late.status, late.completed_on) == ("completed", pinned_today)

    # The same item, now about the other milestone: the first reopens, the second completes.
    data = change_form_data(superuser_client.get(url), **{"evidence-0-milestone": str(other.pk)})
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    late.refresh_from_db()
    other.refresh_from_db()
    assert (late.status, other.status, other.completed_on) == ("pending", "completed", pinned_today)
    assert Evidence.objects.get().agreement_id == late.agreement_id


def test_agreement_change_page_reads_the_milestone_choices_once_for_all_evidence_rows(superuser_client, late):
    url = reverse("admin:agreements_agreement_change", args=[late.agreement_id])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(url).status_code == 200
        return len(queries)

    EvidenceFactory(milestone=late, occurred_on=D(2025, 1, 1))
    one = count()
    for day in range(2, 12):
        EvidenceFactory(milestone=late, occurred_on=D(2025, 1, day))
    assert count() == one


# --- the evidence admin ---------------------------------------------------------------------


def test_evidence_admin_add_and_delete_go_through_the_service(superuser_client, late, pinned_today):
    response = superuser_client.post(
        reverse("admin:agreements_evidence_add"),
        {
            "milestone": late.pk,
            "occurred_on": str(pinned_today - DAY),
            "verdict": "partly_fulfils",
            "grade": "secondary",
            "summary": "Half of it",
            "note": "",
            "source_url": "https://example.org/news",
            "source_title": "",
            "source_publisher": "",
            "source_published_on": "",
            "source_accessed_on": "",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    evidence = Evidence.objects.get()
    late.refresh_from_db()
    assert (evidence.agreement_id, late.status, late.last_checked_on) == (late.agreement_id, "pending", pinned_today)
    assert Alert.objects.get(kind=AlertKind.OUTCOME_NOTICE).outcome == "partly_met"

    fulfils = EvidenceFactory(milestone=late, verdict="fulfils", occurred_on=pinned_today - DAY)
    evidence_services.evidence_update(evidence=fulfils, data={"summary": "Done"}, today=pinned_today)
    late.refresh_from_db()
    assert late.status == "completed"
    response = superuser_client.post(
        reverse("admin:agreements_evidence_changelist"),
        {"action": "delete_selected", "_selected_action": [fulfils.pk], "post": "yes"},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.status, list(Evidence.objects.values_list("pk", flat=True))) == ("pending", [evidence.pk])


def test_evidence_admin_filters_and_searches(superuser_client, late):
    kept = EvidenceFactory(milestone=late, verdict="fulfils", grade="primary", summary="Line opened")
    EvidenceFactory(verdict="related", grade="secondary", summary="Unrelated talk")
    url = reverse("admin:agreements_evidence_changelist")
    for params in (
        {"verdict__exact": "fulfils"},
        {"grade__exact": "primary", "agreement__id__exact": late.agreement_id},
        {"q": "opened"},
    ):
        response = superuser_client.get(url, params)
        assert [e.pk for e in response.context["cl"].result_list] == [kept.pk], params
    assert 'href="https://example.org/evidence/' in superuser_client.get(url).content.decode()


# --- the milestone changelist: outcome, days late, kind, anchor, checked ---------------------


def test_milestone_changelist_shows_and_filters_the_outcome(superuser_client, late, pinned_today):
    met_late = MilestoneFactory(agreement=late.agreement, title="Met late one", due_on=pinned_today - 20 * DAY)
    EvidenceFactory(milestone=met_late, verdict="fulfils", occurred_on=pinned_today - 15 * DAY)
    expiry = MilestoneFactory(agreement=late.agreement, kind="expiry", due_on=pinned_today - DAY)
    url = reverse("admin:agreements_milestone_changelist")
    rows = {m.pk: (m.outcome, m.days_late) for m in superuser_client.get(url).context["cl"].result_list}
    assert rows == {late.pk: ("overdue_no_evidence", 10), met_late.pk: ("met_late", 5), expiry.pk: ("ended", None)}
    for outcome, expected in (("met_late", [met_late.pk]), ("overdue_no_evidence", [late.pk])):
        response = superuser_client.get(url, {"outcome": outcome})
        assert [m.pk for m in response.context["cl"].result_list] == expected
    response = superuser_client.get(url, {"kind__exact": "expiry"})
    assert [m.pk for m in response.context["cl"].result_list] == [expiry.pk]
    assert superuser_client.get(url, {"anchor__exact": "entry_into_force"}).context["cl"].result_count == 0
    page = superuser_client.get(url, {"o": "7"}).content.decode()  # sorted by outcome
    assert "Overdue, no evidence" in page and "Met late" in page and "Ended" in page


def test_checked_today_action_records_the_check(superuser_client, late, pinned_today):
    untouched = MilestoneFactory(agreement=late.agreement)
    response = superuser_client.post(
        reverse("admin:agreements_milestone_changelist"),
        {"action": "mark_checked", "_selected_action": [late.pk]},
        follow=True,
    )
    assert "1 milestone marked as checked today." in response.content.decode()
    late.refresh_from_db()
    untouched.refresh_from_db()
    assert (late.last_checked_on, untouched.last_checked_on) == (pinned_today, None)


def test_checked_today_action_needs_the_change_permission(client, late, pinned_today):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_milestone"))
    client.force_login(viewer)
    url = reverse("admin:agreements_milestone_changelist")
    assert "mark_checked" not in client.get(url).content.decode()
    client.post(url, {"action": "mark_checked", "_selected_action": [late.pk]})
    late.refresh_from_db()
    assert late.last_checked_on is None


# --- instruments: who pays, how firm, every reported figure ----------------------------------


def test_instrument_admin_saves_payer_firmness_and_reported_amounts(superuser_client):
    instrument = InstrumentFactory(amount=None)
    payer = PartyFactory(slug="jbic", name="JBIC", kind="agency", iso_code=None)
    url = reverse("admin:agreements_instrument_change", args=[instrument.pk])
    data = change_form_data(
        superuser_client.get(url),
        payer=str(payer.pk),
        firmness="letter_of_interest",
        amount_qualifier="up_to",
        amount="550000000000",
        currency="USD",
    )
    data.update(
        {
            "reported_amounts-TOTAL_FORMS": "2",
            "reported_amounts-0-amount_qualifier": "up_to",
            "reported_amounts-0-amount": "550000000000",
            "reported_amounts-0-currency": "USD",
            "reported_amounts-0-source_title": "Fact sheet",
            "reported_amounts-1-amount_qualifier": "at_least",
            "reported_amounts-1-amount": "400000000000",
            "reported_amounts-1-currency": "USD",
            "reported_amounts-1-source_url": "https://example.org/report",
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    instrument.refresh_from_db()
    assert (instrument.payer, instrument.firmness) == (payer, "letter_of_interest")
    assert instrument.amount_qualifier == "up_to"
    assert sorted(ReportedAmount.objects.values_list("amount_qualifier", flat=True)) == ["at_least", "up_to"]
    listed = superuser_client.get(reverse("admin:agreements_instrument_changelist"), {"firmness__exact": "pledge"})
    assert listed.context["cl"].result_count == 0


def test_agreement_inlines_carry_kind_anchor_payer_and_firmness(superuser_client, late):
    page = superuser_client.get(reverse("admin:agreements_agreement_change", args=[late.agreement_id]))
    fields = {i.formset.model: set(i.formset.empty_form.fields) for i in page.context["inline_admin_formsets"]}
    assert {"kind", "anchor"} <= fields[Milestone]
    assert {"payer", "firmness", "amount_qualifier"} <= fields[Instrument]


# --- removing a signing date ----------------------------------------------------------------


@pytest.fixture
def relative():
    """A signed agreement with one deadline counted from signing."""
    agreement = AgreementFactory(short_title="Relative", signed_on=D(2025, 10, 28))
    milestone = MilestoneFactory(agreement=agreement, title="Six months", offset_months=6)
    return milestone


def test_clearing_the_signing_date_while_making_the_milestone_absolute_saves_both(superuser_client, relative):
    url = reverse("admin:agreements_agreement_change", args=[relative.agreement_id])
    data = change_form_data(
        superuser_client.get(url),
        signed_on="",
        **{"milestones-0-due_on": "2026-06-30", "milestones-0-offset_months": ""},
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    relative.refresh_from_db()
    relative.agreement.refresh_from_db()
    assert (relative.agreement.signed_on, relative.due_on, relative.deadline) == (None, D(2026, 6, 30), D(2026, 6, 30))


def test_clearing_the_signing_date_under_a_relative_milestone_is_a_form_error(superuser_client, relative):
    url = reverse("admin:agreements_agreement_change", args=[relative.agreement_id])
    response = superuser_client.post(url, change_form_data(superuser_client.get(url), signed_on=""))
    assert response.status_code == 200
    assert "needs an agreement with a signing date" in response.content.decode()
    relative.agreement.refresh_from_db()
    assert relative.agreement.signed_on == D(2025, 10, 28)


@pytest.mark.parametrize("milestone_permissions", [[], ["view_milestone"], ["view_milestone", "add_milestone"]])
def test_staff_who_cannot_change_milestones_get_a_field_error_not_a_500(
    relative, pinned_today, milestone_permissions, superuser_client
):
    url = reverse("admin:agreements_agreement_change", args=[relative.agreement_id])
    data = change_form_data(superuser_client.get(url), signed_on="", title="Renamed")
    staff = UserFactory(username="agreement-editor", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="agreements",
            codename__in=["view_agreement", "change_agreement", *milestone_permissions],
        )
    )
    client = Client()
    client.force_login(staff)
    page = client.get(url)
    # Post what this user's page holds (no milestone inline without a milestone permission).
    inline_prefixes = {i.formset.prefix for i in page.context["inline_admin_formsets"]}
    data = {key: value for key, value in data.items() if "-" not in key or key.split("-")[0] in inline_prefixes}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "signed_on" in response.context["adminform"].form.errors
    assert "it cannot be removed" in response.content.decode()
    agreement = Agreement.objects.get(pk=relative.agreement_id)
    assert (agreement.signed_on, agreement.title) == (D(2025, 10, 28), relative.agreement.title)


def test_staff_who_cannot_change_milestones_may_clear_a_signing_date_nothing_counts_from(
    pinned_today, superuser_client
):
    agreement = AgreementFactory(signed_on=D(2025, 10, 28))
    MilestoneFactory(agreement=agreement, due_on=D(2026, 3, 1))
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = change_form_data(superuser_client.get(url), signed_on="")
    staff = UserFactory(username="agreement-editor", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["view_agreement", "change_agreement"]))
    client = Client()
    client.force_login(staff)
    data = {key: value for key, value in data.items() if not key.startswith(("milestones-", "evidence-"))}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    agreement.refresh_from_db()
    assert agreement.signed_on is None


# --- query counts of the changelists --------------------------------------------------------


def build_rows(n: int, today: datetime.date) -> None:
    payer = PartyFactory(slug="payer", name="Payer", kind="agency", iso_code=None)
    for i in range(n):
        agreement = AgreementFactory(signed_on=D(2025, 1, 1), parties=[PartyFactory()])
        instrument = InstrumentFactory(agreement=agreement, payer=payer, amount=10 + i, currency="USD")
        ReportedAmount.objects.create(instrument=instrument, amount=5, currency="USD", source_title="S")
        milestone = MilestoneFactory(agreement=agreement, due_on=today - (i + 1) * DAY, instrument=instrument)
        EvidenceFactory(milestone=milestone, verdict="fulfils", occurred_on=today - DAY)
        EvidenceFactory(milestone=milestone, verdict="contradicts", occurred_on=today - 2 * DAY)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("milestone", MILESTONE_CHANGELIST_QUERIES),
        ("evidence", EVIDENCE_CHANGELIST_QUERIES),
        ("instrument", INSTRUMENT_CHANGELIST_QUERIES),
        ("agreement", AGREEMENT_CHANGELIST_QUERIES),
    ],
)
def test_changelist_query_counts_do_not_grow_with_rows(superuser_client, pinned_today, name, expected):
    url = reverse(f"admin:agreements_{name}_changelist")
    superuser_client.get(url)  # the session is read once

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = superuser_client.get(url)
        assert response.status_code == 200
        return len(queries)

    build_rows(2, pinned_today)
    small = count()
    build_rows(15, pinned_today)
    assert (small, count()) == (expected, expected)
