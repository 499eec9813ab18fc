"""/api/evidence/ and the outcome fields of /api/milestones/: evidence decides the outcome, writes
go through services.evidence (the status follows the evidence), bad input is a 400 with nothing
written."""

import csv
import datetime
import io

import pytest

from agreements.models import Evidence, Milestone
from agreements.services import milestone_create
from tests.api.helpers import ids
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory, PartyFactory

pytestmark = pytest.mark.django_db

URL = "/api/evidence/"
SIGNED = datetime.date(2025, 10, 28)
DEADLINE = datetime.date(2026, 4, 28)  # six months after signing


@pytest.fixture
def framework():
    return AgreementFactory(slug="us-jp", signed_on=SIGNED)


@pytest.fixture
def six_months(framework):
    return MilestoneFactory(agreement=framework, due_on=None, offset_months=6, title="First measures")


def body(target, **values):
    item = {
        "milestone": target.pk,
        "occurred_on": "2026-04-20",
        "summary": "Joint statement on first projects",
        "verdict": "fulfils",
        "grade": "primary",
        "source": {"url": "https://example.org/statement", "title": "Statement", "publisher": "MOFA"},
    }
    return {**item, **values}


def test_fulfils_evidence_on_time_completes_the_milestone_and_reads_met_on_time(
    token_client, api_client, six_months, api_today
):
    response = token_client.post(URL, body(six_months), format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["milestone"] == six_months.pk
    assert created["agreement"] == "us-jp"
    assert created["source"] == {
        "url": "https://example.org/statement",
        "title": "Statement",
        "publisher": "MOFA",
        "published_on": None,
        "accessed_on": None,
    }
    six_months.refresh_from_db()
    assert (six_months.status, six_months.completed_on) == ("completed", datetime.date(2026, 4, 20))
    assert six_months.last_checked_on == api_today
    milestone = api_client.get(f"/api/milestones/{six_months.pk}/").json()
    assert (milestone["outcome"], milestone["days_late"]) == ("met_on_time", 0)
    assert milestone["last_checked_on"] == api_today.isoformat()
    assert [item["id"] for item in milestone["evidence"]] == [created["id"]]
    assert milestone["evidence"][0] == {key: value for key, value in created.items() if key != "milestone"}


def test_fulfils_the_day_after_the_deadline_is_one_day_late(token_client, api_client, six_months):
    token_client.post(URL, body(six_months, occurred_on="2026-04-29"), format="json")
    milestone = api_client.get(f"/api/milestones/{six_months.pk}/").json()
    assert (milestone["outcome"], milestone["days_late"]) == ("met_late", 1)


def test_related_evidence_changes_no_outcome(token_client, api_client, six_months, api_today):
    # The clock is past the deadline: without delivering evidence the commitment is overdue.
    assert api_today > DEADLINE
    token_client.post(URL, body(six_months, verdict="related"), format="json")
    milestone = api_client.get(f"/api/milestones/{six_months.pk}/").json()
    assert (milestone["outcome"], milestone["days_late"]) == ("overdue_no_evidence", (api_today - DEADLINE).days)
    assert milestone["status"] == "pending"


def test_deleting_the_last_fulfils_item_reopens_the_milestone(token_client, api_client, six_months):
    created = token_client.post(URL, body(six_months), format="json").json()
    assert token_client.delete(f"{URL}{created['id']}/").status_code == 204
    six_months.refresh_from_db()
    assert (six_months.status, six_months.completed_on) == ("pending", None)
    assert api_client.get(f"/api/milestones/{six_months.pk}/").json()["evidence"] == []


def test_update_moves_the_outcome_and_a_sent_source_replaces_the_stored_one(token_client, api_client, six_months):
    created = token_client.post(URL, body(six_months, verdict="partly_fulfils"), format="json").json()
    assert api_client.get(f"/api/milestones/{six_months.pk}/").json()["outcome"] == "partly_met"

    response = token_client.patch(
        f"{URL}{created['id']}/", {"verdict": "contradicts", "source": {"title": "Press report"}}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["source"] == {
        "url": "",
        "title": "Press report",
        "publisher": "",
        "published_on": None,
        "accessed_on": None,
    }
    assert api_client.get(f"/api/milestones/{six_months.pk}/").json()["outcome"] == "missed"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"source": {"publisher": "Nobody"}}, "source"),
        ({"source": None}, "source"),
        ({"milestone": 999999}, "milestone"),
        ({"milestone": "x"}, "milestone"),
        ({"milestone": 10**20}, "milestone"),
        ({"occurred_on": "2026-02-30"}, "occurred_on"),
        ({"verdict": "kept"}, "verdict"),
        ({"grade": "tertiary"}, "grade"),
        ({"summary": ""}, "summary"),
        ({"source": {"url": "not a url", "title": "T"}}, "source"),
    ],
)
def test_bad_evidence_is_a_400_naming_the_field_and_writes_nothing(token_client, six_months, change, field):
    before = (Evidence.objects.count(), Milestone.objects.get(pk=six_months.pk).updated_at)

    response = token_client.post(URL, body(six_months, **change), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert (Evidence.objects.count(), Milestone.objects.get(pk=six_months.pk).updated_at) == before


def test_a_missing_source_is_a_400(token_client, six_months):
    item = body(six_months)
    del item["source"]
    response = token_client.post(URL, item, format="json")
    assert response.status_code == 400
    assert "source" in response.json()
    assert not Evidence.objects.exists()


def test_a_future_date_on_update_is_a_400_and_keeps_the_row(token_client, six_months):
    item = EvidenceFactory(milestone=six_months, occurred_on=datetime.date(2026, 1, 5))
    response = token_client.patch(f"{URL}{item.pk}/", {"occurred_on": "2999-01-01"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["occurred_on"]
    item.refresh_from_db()
    assert item.occurred_on == datetime.date(2026, 1, 5)


def test_filters_milestone_agreement_verdict_grade(api_client, framework, six_months):
    other = MilestoneFactory(agreement=AgreementFactory(slug="other"), due_on=datetime.date(2026, 1, 1))
    fulfils = EvidenceFactory(milestone=six_months, verdict="fulfils", grade="primary")
    related = EvidenceFactory(milestone=six_months, verdict="related", grade="secondary")
    elsewhere = EvidenceFactory(milestone=other, verdict="contradicts", grade="secondary")

    assert set(ids(api_client.get(URL, {"milestone": six_months.pk}))) == {fulfils.pk, related.pk}
    assert set(ids(api_client.get(URL, {"milestone": f"{six_months.pk},{other.pk}"}))) == {
        fulfils.pk,
        related.pk,
        elsewhere.pk,
    }
    assert set(ids(api_client.get(URL, {"agreement": "other"}))) == {elsewhere.pk}
    assert set(ids(api_client.get(URL, {"verdict": ["fulfils", "contradicts"]}))) == {fulfils.pk, elsewhere.pk}
    assert set(ids(api_client.get(URL, {"grade": "secondary"}))) == {related.pk, elsewhere.pk}
    for bad in (
        {"milestone": "999999"},
        {"milestone": "abc"},
        {"milestone": "9" * 30},
        {"agreement": "nope"},
        {"verdict": "kept"},
    ):
        response = api_client.get(URL, bad)
        assert response.status_code == 400, bad
        assert set(response.json()) == set(bad)


def test_list_is_newest_event_first_and_searchable(api_client, six_months):
    old = EvidenceFactory(milestone=six_months, occurred_on=datetime.date(2026, 1, 1), summary="Talks began")
    new = EvidenceFactory(milestone=six_months, occurred_on=datetime.date(2026, 3, 1), summary="Loan signed")
    assert ids(api_client.get(URL)) == [new.pk, old.pk]
    assert ids(api_client.get(URL, {"ordering": "occurred_on"})) == [old.pk, new.pk]
    assert ids(api_client.get(URL, {"search": "loan"})) == [new.pk]
    nested = api_client.get(f"/api/milestones/{six_months.pk}/").json()["evidence"]
    assert [item["id"] for item in nested] == [new.pk, old.pk]


def test_csv_flattens_the_source_and_defuses_formulas(api_client, six_months):
    EvidenceFactory(milestone=six_months, summary="=HYPERLINK(1)", source_title="@title", source_url="")

    response = api_client.get(URL, {"format": "csv"})

    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["summary"] == "'=HYPERLINK(1)"
    assert (row["source.title"], row["source.url"]) == ("'@title", "")
    assert row["milestone"] == str(six_months.pk)


# --- milestone fields of the outcome ----------------------------------------------------


def test_entry_into_force_anchor_without_the_date_waits(token_client, api_client):
    agreement = AgreementFactory(slug="not-in-force", signed_on=SIGNED, entered_into_force_on=None)
    response = token_client.post(
        "/api/milestones/",
        {"agreement": "not-in-force", "title": "Report", "offset_months": 3, "anchor": "entry_into_force"},
        format="json",
    )
    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["anchor"], row["due_on"], row["outcome"], row["days_late"]) == (
        "entry_into_force",
        None,
        "waiting",
        None,
    )

    agreement.entered_into_force_on = datetime.date(2026, 1, 31)
    token_client.patch("/api/agreements/not-in-force/", {"entered_into_force_on": "2026-01-31"}, format="json")
    assert api_client.get(f"/api/milestones/{row['id']}/").json()["due_on"] == "2026-04-30"


def test_a_commitment_without_a_stated_deadline(token_client, api_client, framework):
    response = token_client.post(
        "/api/milestones/",
        {"agreement": "us-jp", "title": "Cooperate on stockpiles", "deadline_stated": False},
        format="json",
    )
    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["deadline_kind"], row["due_on"], row["outcome"], row["overdue"]) == ("none", None, "no_deadline", False)

    # A date states a deadline again; `deadline_stated: false` clears the date.
    patched = token_client.patch(f"/api/milestones/{row['id']}/", {"due_on": "2026-01-01"}, format="json").json()
    assert (patched["deadline_stated"], patched["deadline_kind"], patched["outcome"]) == (
        True,
        "absolute",
        "overdue_no_evidence",
    )
    cleared = token_client.patch(f"/api/milestones/{row['id']}/", {"deadline_stated": False}, format="json")
    assert (cleared.status_code, cleared.json()["due_on"], cleared.json()["deadline_kind"]) == (200, None, "none")
    both = token_client.patch(
        f"/api/milestones/{row['id']}/", {"deadline_stated": False, "offset_days": 5}, format="json"
    )
    assert both.status_code == 400
    assert "deadline_stated" in both.json()


def test_relative_to_signing_without_a_signing_date_stays_a_400(token_client):
    AgreementFactory(slug="unsigned", signed_on=None)
    response = token_client.post(
        "/api/milestones/",
        {"agreement": "unsigned", "title": "Report", "offset_months": 3, "anchor": "signing"},
        format="json",
    )
    assert response.status_code == 400
    assert "offset_months" in response.json()
    assert not Milestone.objects.filter(title="Report").exists()


def test_outcomes_are_never_typed(token_client, six_months, api_today):
    EvidenceFactory(milestone=six_months, verdict="related")
    response = token_client.patch(
        f"/api/milestones/{six_months.pk}/",
        {"outcome": "met_on_time", "days_late": 0, "last_checked_on": "2026-01-01", "evidence": [], "kind": "review"},
        format="json",
    )
    assert response.status_code == 200
    row = response.json()
    # `kind` is written; the rest is ignored: the deadline passed with no delivering evidence.
    assert (row["kind"], row["outcome"], row["days_late"]) == ("review", "overdue_no_evidence", 17)
    assert (row["last_checked_on"], len(row["evidence"])) == (None, 1)


def test_milestone_filters_outcome_kind_anchor_checked_before(api_client, framework, api_today):
    waiting_agreement = AgreementFactory(signed_on=SIGNED, entered_into_force_on=None)
    overdue = MilestoneFactory(agreement=framework, due_on=api_today - datetime.timedelta(days=10))
    met = MilestoneFactory(agreement=framework, due_on=api_today - datetime.timedelta(days=10))
    EvidenceFactory(milestone=met, verdict="fulfils", occurred_on=api_today - datetime.timedelta(days=12))
    expiry = MilestoneFactory(agreement=framework, kind="expiry", due_on=api_today + datetime.timedelta(days=5))
    waiting = milestone_create(
        agreement=waiting_agreement, data={"title": "Waits", "offset_days": 30, "anchor": "entry_into_force"}
    )
    Milestone.objects.filter(pk=overdue.pk).update(last_checked_on=api_today - datetime.timedelta(days=40))
    Milestone.objects.filter(pk=met.pk).update(last_checked_on=api_today)

    url = "/api/milestones/"
    assert ids(api_client.get(url, {"outcome": "overdue_no_evidence"})) == [overdue.pk]
    assert set(ids(api_client.get(url, {"outcome": ["met_on_time", "waiting"]}))) == {met.pk, waiting.pk}
    assert ids(api_client.get(url, {"outcome": "active"})) == [expiry.pk]
    assert ids(api_client.get(url, {"kind": "expiry"})) == [expiry.pk]
    assert ids(api_client.get(url, {"anchor": "entry_into_force"})) == [waiting.pk]
    checked_before = set(ids(api_client.get(url, {"checked_before": api_today.isoformat()})))
    assert checked_before == {overdue.pk, expiry.pk, waiting.pk}  # never checked counts too
    for bad in ({"outcome": "kept"}, {"kind": "x"}, {"anchor": "x"}, {"checked_before": "soon"}):
        assert api_client.get(url, bad).status_code == 400, bad


def test_evidence_permissions_follow_the_evidence_model(reader, six_months):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(reader)
    assert client.post(URL, body(six_months), format="json").status_code == 403
    reader.user_permissions.set([Permission.objects.get(codename="add_evidence")])
    reader = type(reader).objects.get(pk=reader.pk)  # a fresh permission cache
    client.force_authenticate(reader)
    response = client.post(URL, body(six_months), format="json")
    assert response.status_code == 201
    assert client.delete(f"{URL}{response.json()['id']}/").status_code == 403
    assert Evidence.objects.count() == 1


def test_responsible_party_is_kept_by_evidence_writes(token_client, framework):
    japan = PartyFactory(slug="jp", iso_code="JP")
    milestone = MilestoneFactory(agreement=framework, responsible=japan, due_on=datetime.date(2026, 1, 1))
    token_client.post(URL, body(milestone, occurred_on="2025-12-01"), format="json")
    milestone.refresh_from_db()
    assert (milestone.responsible, milestone.status) == (japan, "completed")
