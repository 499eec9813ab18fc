"""/api/milestones/: computed due_on, the overdue rule, the deadline board filters, writes."""

import datetime

import pytest

from agreements.models import Milestone
from tests.api.helpers import ids
from tests.factories import AgreementFactory, InstrumentFactory, MilestoneFactory, PartyFactory

pytestmark = pytest.mark.django_db

URL = "/api/milestones/"


@pytest.fixture
def signed():
    return AgreementFactory(slug="signed", signed_on=datetime.date(2025, 10, 28))


def test_relative_milestone_reads_its_computed_due_on(api_client, signed):
    six_months = MilestoneFactory(agreement=signed, due_on=None, offset_months=6, title="Six months")
    both = MilestoneFactory(agreement=signed, due_on=None, offset_days=180, title="180 days")

    body = api_client.get(f"{URL}{six_months.pk}/").json()
    assert body["due_on"] == "2026-04-28"
    assert body["deadline_kind"] == "relative"
    assert (body["offset_months"], body["offset_days"]) == (6, None)
    assert body["agreement"] == "signed"
    assert api_client.get(f"{URL}{both.pk}/").json()["due_on"] == "2026-04-26"


def test_absolute_milestone_reads_as_absolute(api_client, signed):
    milestone = MilestoneFactory(agreement=signed, due_on=datetime.date(2027, 1, 15))
    body = api_client.get(f"{URL}{milestone.pk}/").json()
    assert (body["due_on"], body["deadline_kind"], body["offset_months"]) == ("2027-01-15", "absolute", None)


def test_overdue_field_and_filter_follow_the_overdue_rule(api_client, signed, api_today):
    late = MilestoneFactory(agreement=signed, due_on=api_today - datetime.timedelta(days=1))
    late_in_progress = MilestoneFactory(
        agreement=signed, due_on=api_today - datetime.timedelta(days=30), status="in_progress"
    )
    due_today = MilestoneFactory(agreement=signed, due_on=api_today)
    late_but_done = MilestoneFactory(
        agreement=signed, due_on=api_today - datetime.timedelta(days=2), status="completed", completed_on=api_today
    )
    late_but_cancelled = MilestoneFactory(
        agreement=signed, due_on=api_today - datetime.timedelta(days=2), status="cancelled"
    )

    rows = {row["id"]: row["overdue"] for row in api_client.get(URL).json()["results"]}
    assert rows == {
        late.pk: True,
        late_in_progress.pk: True,
        due_today.pk: False,
        late_but_done.pk: False,
        late_but_cancelled.pk: False,
    }
    assert set(ids(api_client.get(URL, {"overdue": "true"}))) == {late.pk, late_in_progress.pk}
    not_overdue = {due_today.pk, late_but_done.pk, late_but_cancelled.pk}
    assert set(ids(api_client.get(URL, {"overdue": "false"}))) == not_overdue
    # The same rule as the queryset's (the one the job and the board use).
    assert set(ids(api_client.get(URL, {"overdue": "true"}))) == set(
        Milestone.objects.overdue_on(api_today).values_list("pk", flat=True)
    )


def test_overdue_since_is_the_jobs_timestamp(api_client, signed, api_today):
    flagged_at = datetime.datetime(2026, 1, 2, 6, 0, tzinfo=datetime.UTC)
    milestone = MilestoneFactory(agreement=signed, due_on=api_today - datetime.timedelta(days=1))
    Milestone.objects.filter(pk=milestone.pk).update(overdue_since=flagged_at)
    assert api_client.get(f"{URL}{milestone.pk}/").json()["overdue_since"] == "2026-01-02T06:00:00Z"


def test_page_through_milestones_due_in_the_next_90_days(api_client, signed, api_today):
    """The issue's second use: ?due_within=90, in pages, in deadline order."""
    inside = [
        MilestoneFactory(agreement=signed, due_on=api_today + datetime.timedelta(days=offset))
        for offset in (0, 1, 30, 60, 89, 90)
    ]
    MilestoneFactory(agreement=signed, due_on=api_today + datetime.timedelta(days=91))
    MilestoneFactory(agreement=signed, due_on=api_today - datetime.timedelta(days=1))
    MilestoneFactory(
        agreement=signed, due_on=api_today + datetime.timedelta(days=5), status="completed", completed_on=api_today
    )

    first = api_client.get(URL, {"due_within": 90, "page_size": 4})
    assert first.json()["count"] == 6
    second = api_client.get(first.json()["next"])
    assert second.json()["next"] is None
    assert ids(first) + ids(second) == [m.pk for m in inside]


def test_due_window_and_status_filters(api_client, signed):
    early = MilestoneFactory(agreement=signed, due_on=datetime.date(2026, 1, 1))
    middle = MilestoneFactory(agreement=signed, due_on=datetime.date(2026, 6, 1), status="in_progress")
    late = MilestoneFactory(agreement=signed, due_on=datetime.date(2027, 1, 1), status="cancelled")
    assert ids(api_client.get(URL, {"due_after": "2026-06-01"})) == [middle.pk, late.pk]
    assert ids(api_client.get(URL, {"due_before": "2026-06-01"})) == [early.pk, middle.pk]
    assert ids(api_client.get(f"{URL}?status=pending&status=cancelled")) == [early.pk, late.pk]
    assert ids(api_client.get(URL, {"ordering": "-due_on"})) == [late.pk, middle.pk, early.pk]


def test_agreement_and_party_filters(api_client, signed):
    japan = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    other = AgreementFactory(slug="other", parties=[japan])
    mine = MilestoneFactory(agreement=signed)
    theirs = MilestoneFactory(agreement=other)
    responsible = MilestoneFactory(agreement=signed, responsible=japan)
    assert ids(api_client.get(URL, {"agreement": "other"})) == [theirs.pk]
    assert set(ids(api_client.get(f"{URL}?agreement=other&agreement=signed"))) == {mine.pk, theirs.pk, responsible.pk}
    assert set(ids(api_client.get(URL, {"party": "JP"}))) == {theirs.pk, responsible.pk}
    assert ids(api_client.get(URL, {"responsible": "jp"})) == [responsible.pk]


@pytest.mark.parametrize(
    "params",
    [{"overdue": "perhaps"}, {"due_within": "-1"}, {"due_within": "ninety"}, {"due_before": "2026-02-30"}],
)
def test_bad_milestone_filters_are_400(api_client, signed, params):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


# --- writes ------------------------------------------------------------------------------


def test_create_relative_milestone(token_client, signed):
    response = token_client.post(
        URL, {"agreement": "signed", "title": "Within six months", "offset_months": 6}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["due_on"], body["deadline_kind"], body["overdue"]) == ("2026-04-28", "relative", body["overdue"])
    assert Milestone.objects.get(pk=body["id"]).deadline == datetime.date(2026, 4, 28)


def test_patch_switches_between_absolute_and_relative(token_client, signed):
    milestone = MilestoneFactory(agreement=signed, due_on=datetime.date(2026, 9, 1))

    to_relative = token_client.patch(f"{URL}{milestone.pk}/", {"offset_days": 180}, format="json")
    assert to_relative.status_code == 200, to_relative.content
    assert (to_relative.json()["due_on"], to_relative.json()["deadline_kind"]) == ("2026-04-26", "relative")
    milestone.refresh_from_db()
    assert milestone.due_on is None

    to_absolute = token_client.patch(f"{URL}{milestone.pk}/", {"due_on": "2026-12-24"}, format="json")
    assert to_absolute.status_code == 200, to_absolute.content
    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.offset_days, milestone.deadline) == (
        datetime.date(2026, 12, 24),
        None,
        datetime.date(2026, 12, 24),
    )


def test_completing_a_milestone_sets_completed_on_and_reopening_clears_it(token_client, signed):
    milestone = MilestoneFactory(agreement=signed)
    done = token_client.patch(f"{URL}{milestone.pk}/", {"status": "completed"}, format="json")
    assert done.status_code == 200
    assert done.json()["completed_on"] is not None
    reopened = token_client.patch(f"{URL}{milestone.pk}/", {"status": "pending"}, format="json")
    assert reopened.json()["completed_on"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"agreement": "signed", "title": "Neither"}, "due_on"),
        ({"agreement": "signed", "title": "Both", "due_on": "2026-01-01", "offset_months": 1}, "due_on"),
        ({"agreement": "signed", "title": "Negative", "offset_months": -1}, "offset_months"),
        ({"agreement": "signed", "title": "Huge", "offset_days": 10**9}, "offset_days"),
        ({"agreement": "signed", "title": "Wrong type", "offset_days": "soon"}, "offset_days"),
        ({"agreement": "signed", "title": "Bad date", "due_on": "31/12/2026"}, "due_on"),
        ({"agreement": "unsigned", "title": "Relative", "offset_months": 6}, "offset_months"),
        ({"agreement": "nope", "title": "T", "due_on": "2026-01-01"}, "agreement"),
        ({"agreement": "signed", "title": "T", "due_on": "2026-01-01", "status": "done"}, "status"),
        ({"agreement": "signed", "title": "T", "due_on": "2026-01-01", "responsible": "zz"}, "responsible"),
        ({"agreement": "signed", "title": "T", "due_on": "2026-01-01", "instrument": 999999}, "instrument"),
        ({"agreement": "signed", "title": "T", "due_on": "2026-01-01", "completed_on": "2026-01-01"}, "completed_on"),
        ({"agreement": "signed", "title": "x" * 301, "due_on": "2026-01-01"}, "title"),
    ],
)
def test_malformed_milestone_writes_are_400_and_write_nothing(token_client, signed, payload, field):
    AgreementFactory(slug="unsigned", signed_on=None)
    before = Milestone.objects.count()
    response = token_client.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert Milestone.objects.count() == before


def test_instrument_of_another_agreement_is_400(token_client, signed):
    foreign = InstrumentFactory(agreement=AgreementFactory(slug="foreign"))
    response = token_client.post(
        URL, {"agreement": "signed", "title": "T", "due_on": "2026-01-01", "instrument": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "instrument" in response.json()


def test_milestone_cannot_move_to_another_agreement(token_client, signed):
    AgreementFactory(slug="elsewhere")
    milestone = MilestoneFactory(agreement=signed)
    response = token_client.patch(f"{URL}{milestone.pk}/", {"agreement": "elsewhere"}, format="json")
    assert response.status_code == 400
    assert "agreement" in response.json()


def test_delete_milestone(token_client, signed):
    milestone = MilestoneFactory(agreement=signed)
    assert token_client.delete(f"{URL}{milestone.pk}/").status_code == 204
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
