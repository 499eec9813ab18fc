"""/api/scorecards/: the numbers of services.scorecards behind the milestone filters, and each
row's `milestones` link lists exactly the commitments it counts."""

import csv
import datetime
import io
from collections import Counter

import pytest

from agreements.models import AgreementParty
from agreements.services.scorecards import COMMITMENT_OUTCOMES
from tests.factories import AgreementFactory, EvidenceFactory, InstrumentFactory, MilestoneFactory, PartyFactory

pytestmark = pytest.mark.django_db

URL = "/api/scorecards/"


@pytest.fixture
def scored(api_today):
    """Two agreements; commitments of every kind of attribution, outcome and group."""
    day = datetime.timedelta(days=1)
    usa = PartyFactory(slug="us", iso_code="US", name="United States")
    japan = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    australia = PartyFactory(slug="au", iso_code="AU", name="Australia")
    us_jp = AgreementFactory(slug="us-jp", title="US–Japan framework", short_title="")
    us_au = AgreementFactory(slug="us-au", title="US–Australia framework", short_title="")
    for agreement, parties in ((us_jp, (usa, japan)), (us_au, (usa, australia))):
        for party in parties:
            AgreementParty.objects.create(agreement=agreement, party=party)
    loan = InstrumentFactory(agreement=us_jp, kind="loan")
    on_time = MilestoneFactory(agreement=us_jp, responsible=usa, instrument=loan, due_on=api_today - 30 * day)
    EvidenceFactory(milestone=on_time, verdict="fulfils", occurred_on=api_today - 40 * day)
    late = MilestoneFactory(agreement=us_jp, responsible=japan, due_on=api_today - 30 * day)
    EvidenceFactory(milestone=late, verdict="fulfils", occurred_on=api_today - 20 * day)
    overdue = MilestoneFactory(agreement=us_jp, due_on=api_today - 5 * day)  # joint: us and jp
    MilestoneFactory(agreement=us_au, responsible=australia, due_on=datetime.date(2099, 1, 1))  # not yet due
    MilestoneFactory(agreement=us_au, due_on=None, offset_days=10, anchor="entry_into_force")  # waiting
    MilestoneFactory(agreement=us_au, kind="expiry", due_on=api_today - 3 * day)  # not a commitment
    return {"on_time": on_time, "late": late, "overdue": overdue}


def rows(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def assert_links_open_exactly_the_counted_milestones(client, results):
    for row in results:
        listed = client.get(f"{row['milestones']}&page_size=200")
        assert listed.status_code == 200, (row, listed.content)
        outcomes = Counter(item["outcome"] for item in listed.json()["results"])
        assert outcomes == Counter({outcome: n for outcome, n in row["counts"].items() if n}), row
        assert all(item["kind"] == "commitment" for item in listed.json()["results"])


def test_by_agreement(api_client, scored):
    results = rows(api_client, by="agreement")
    summary = [
        (r["key"], r["label"], r["due"], r["met_on_time"], r["met_late"], r["kept_on_time_rate"]) for r in results
    ]
    assert summary == [
        ("us-au", "US–Australia framework", 0, 0, 0, None),
        ("us-jp", "US–Japan framework", 3, 1, 1, 0.3333),
    ]
    # Every outcome a commitment can have, zeros included.
    assert results[1]["counts"] == {outcome.value: 0 for outcome in COMMITMENT_OUTCOMES} | {
        "met_on_time": 1,
        "met_late": 1,
        "overdue_no_evidence": 1,
    }
    assert results[0]["counts"]["waiting"] == results[0]["counts"]["not_yet_due"] == 1
    assert results[0]["attribution"] is None
    assert_links_open_exactly_the_counted_milestones(api_client, results)


def test_by_party_counts_responsible_and_joint_apart(api_client, scored):
    results = rows(api_client, by="party")
    summary = {(r["key"], r["attribution"]): (r["due"], r["met_on_time"], r["met_late"]) for r in results}
    assert summary == {
        ("au", "responsible"): (0, 0, 0),
        ("au", "joint"): (0, 0, 0),  # the waiting commitment of us-au names nobody
        ("jp", "responsible"): (1, 0, 1),
        ("jp", "joint"): (1, 0, 0),
        ("us", "responsible"): (1, 1, 0),
        ("us", "joint"): (1, 0, 0),
    }
    assert_links_open_exactly_the_counted_milestones(api_client, results)


def test_by_instrument_kind_and_year(api_client, scored, api_today):
    by_kind = rows(api_client, by="instrument_kind")
    assert [(r["key"], r["met_on_time"]) for r in by_kind] == [("loan", 1), (None, 0)]
    assert_links_open_exactly_the_counted_milestones(api_client, by_kind)
    by_year = rows(api_client, by="year")
    assert [r["key"] for r in by_year] == [str(api_today.year), "2099", None]
    assert_links_open_exactly_the_counted_milestones(api_client, by_year)


def test_milestone_filters_narrow_the_scorecards_and_their_links(api_client, scored):
    results = rows(
        api_client, by="party", agreement="us-jp,us-au", party="jp", outcome=["met_late", "overdue_no_evidence"]
    )
    summary = {(r["key"], r["attribution"]): r["counts"] for r in results}
    assert {key: sum(counts.values()) for key, counts in summary.items()} == {
        ("jp", "responsible"): 1,
        ("jp", "joint"): 1,
        ("us", "joint"): 1,
    }
    assert_links_open_exactly_the_counted_milestones(api_client, results)
    assert "outcome=met_late" in results[0]["milestones"]


def test_by_is_required_and_checked(api_client, scored):
    for params in ({}, {"by": "country"}, {"by": "party", "outcome": "kept"}, {"by": "party", "agreement": "nope"}):
        response = api_client.get(URL, params)
        assert response.status_code == 400, params
        assert set(response.json()) <= {"by", "outcome", "agreement"}


def test_ordering_and_paging(api_client, scored):
    by_due = rows(api_client, by="agreement", ordering="-due")
    assert [r["key"] for r in by_due] == ["us-jp", "us-au"]
    response = api_client.get(URL, {"by": "party", "page_size": 2}).json()
    assert (response["count"], len(response["results"])) == (6, 2)
    assert "page=2" in response["next"]
    by_rate = rows(api_client, by="agreement", ordering="kept_on_time_rate")
    assert [r["kept_on_time_rate"] for r in by_rate] == [0.3333, None]  # nulls last


def test_csv_has_one_column_per_outcome(api_client, scored):
    response = api_client.get(URL, {"by": "agreement", "format": "csv"})
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["key"] for row in table] == ["us-au", "us-jp"]
    assert (table[1]["counts.met_on_time"], table[1]["counts.overdue_no_evidence"], table[1]["due"]) == ("1", "1", "3")
    assert table[1]["milestones"].startswith("http://testserver/api/milestones/?")


def test_year_and_instrument_filters_reject_bad_values(api_client, scored):
    for params in ({"due_year": "twenty"}, {"due_year": "0"}, {"instrument_kind": "bond"}, {"attribution": "both"}):
        response = api_client.get("/api/milestones/", params)
        assert response.status_code == 400, params
        assert set(response.json()) == set(params)
    assert api_client.get("/api/milestones/", {"due_year": "none", "kind": "commitment"}).json()["count"] == 1
