"""services.charts: the numbers behind the dashboard charts and the parties map, on factories."""

import datetime

import pytest

from agreements.choices import AgreementKind, EvidenceVerdict, MilestoneKind, Outcome, PartyKind
from agreements.models import Agreement, Milestone
from agreements.services.charts import agreements_per_quarter, commitments_per_quarter, iso_numeric, party_map
from tests.factories import AgreementFactory, EvidenceFactory, MilestoneFactory, OrganizationFactory, PartyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 15)


def series(chart) -> dict[str, list[int]]:
    return {s.key: s.values for s in chart.series}


def test_agreements_per_quarter_counts_by_kind_with_every_quarter_between_and_no_drafts():
    AgreementFactory(kind=AgreementKind.MOU, signed_on=datetime.date(2024, 1, 5))
    AgreementFactory(kind=AgreementKind.MOU, signed_on=datetime.date(2024, 3, 31))
    AgreementFactory(kind=AgreementKind.TREATY, signed_on=datetime.date(2024, 10, 1))
    AgreementFactory(kind=AgreementKind.TREATY, signed_on=None)
    AgreementFactory(kind=AgreementKind.LAW, signed_on=datetime.date(2024, 5, 1), published=False)

    chart = agreements_per_quarter(Agreement.objects.published())

    assert chart.categories == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    # AgreementKind's order; the draft's kind (law) has no series at all.
    assert series(chart) == {"mou": [2, 0, 0, 0], "treaty": [0, 0, 0, 1]}
    assert chart.undated == 1
    assert [(row["quarter"], row["total"]) for row in chart.rows()] == [("2024 Q1", 2), ("2024 Q4", 1)]


def test_commitments_per_quarter_stacks_the_outcome_rule_by_deadline_quarter():
    agreement = AgreementFactory(signed_on=datetime.date(2025, 1, 1))
    on_time = MilestoneFactory(agreement=agreement, due_on=datetime.date(2025, 2, 1))
    EvidenceFactory(milestone=on_time, occurred_on=datetime.date(2025, 1, 20), verdict=EvidenceVerdict.FULFILS)
    late = MilestoneFactory(agreement=agreement, due_on=datetime.date(2025, 3, 1))
    EvidenceFactory(milestone=late, occurred_on=datetime.date(2025, 4, 2), verdict=EvidenceVerdict.FULFILS)
    MilestoneFactory(agreement=agreement, due_on=datetime.date(2025, 8, 1))  # overdue
    MilestoneFactory(agreement=agreement, due_on=datetime.date(2026, 6, 1))  # not yet due
    MilestoneFactory(agreement=agreement, due_on=datetime.date(2025, 2, 2), kind=MilestoneKind.EXPIRY)
    draft = AgreementFactory(published=False, signed_on=datetime.date(2025, 1, 1))
    MilestoneFactory(agreement=draft, due_on=datetime.date(2025, 2, 1))

    chart = commitments_per_quarter(Milestone.objects.published(), today=TODAY)

    assert chart.categories == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1", "2026 Q2"]
    assert series(chart) == {
        Outcome.MET_ON_TIME: [1, 0, 0, 0, 0, 0],
        Outcome.MET_LATE: [1, 0, 0, 0, 0, 0],
        Outcome.OVERDUE_NO_EVIDENCE: [0, 0, 1, 0, 0, 0],
        Outcome.NOT_YET_DUE: [0, 0, 0, 0, 0, 1],
    }
    assert chart.undated == 0


def test_charts_are_empty_without_rows():
    chart = agreements_per_quarter(Agreement.objects.published())
    assert (chart.categories, chart.series, chart.rows()) == ([], [], [])


def test_party_map_counts_agreements_and_late_commitments_and_says_who_is_not_on_the_map():
    jp = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    us = PartyFactory(slug="us", iso_code="US", name="United States")
    sg = PartyFactory(slug="sg", iso_code="SG", name="Singapore")  # too small at 1:110m
    eu = OrganizationFactory(slug="eu", kind=PartyKind.BLOC, name="European Union")
    quiet = PartyFactory(slug="fr", iso_code="FR", name="France")  # only in a draft
    deal = AgreementFactory(parties=[jp, us, eu], signed_on=datetime.date(2025, 1, 1))
    AgreementFactory(parties=[jp, sg], signed_on=datetime.date(2025, 1, 1))
    AgreementFactory(parties=[quiet, jp], published=False)
    MilestoneFactory(agreement=deal, due_on=datetime.date(2025, 6, 1))  # overdue, joint: jp, us, eu
    MilestoneFactory(agreement=deal, due_on=datetime.date(2025, 7, 1), responsible=us)  # overdue: us
    met_late = MilestoneFactory(agreement=deal, due_on=datetime.date(2025, 3, 1), responsible=jp)
    EvidenceFactory(milestone=met_late, occurred_on=datetime.date(2025, 5, 1), verdict=EvidenceVerdict.FULFILS)
    on_time = MilestoneFactory(agreement=deal, due_on=datetime.date(2025, 3, 1), responsible=jp)
    EvidenceFactory(milestone=on_time, occurred_on=datetime.date(2025, 2, 1), verdict=EvidenceVerdict.FULFILS)

    rows = party_map(agreements=Agreement.objects.published(), milestones=Milestone.objects.published(), today=TODAY)

    assert [(r.party.slug, r.agreements, r.late, r.numeric, r.not_on_map) for r in rows] == [
        ("eu", 1, 1, None, "Not a country"),
        ("jp", 2, 2, "392", ""),
        ("sg", 1, 0, None, "Too small for the world map"),
        ("us", 1, 2, "840", ""),
    ]


def test_iso_numeric_comes_from_pycountry_for_countries_only():
    assert iso_numeric(PartyFactory.build(iso_code="DE")) == "276"
    assert iso_numeric(OrganizationFactory.build()) is None


def test_scorecards_page_shows_each_card_with_links_and_refuses_an_unknown_grouping(client, pinned_today):
    jp = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    deal = AgreementFactory(parties=[jp], signed_on=datetime.date(2025, 1, 1), short_title="Deal")
    MilestoneFactory(agreement=deal, due_on=datetime.date(2025, 6, 1), responsible=jp)  # overdue
    draft = AgreementFactory(parties=[jp], published=False)
    MilestoneFactory(agreement=draft, due_on=datetime.date(2025, 6, 1), responsible=jp)

    page = client.get("/scorecards/")
    assert page.status_code == 200
    chart = page.context["chart"]
    assert chart["categories"] == ["Japan (responsible)"]
    overdue = next(s for s in chart["series"] if s["key"] == Outcome.OVERDUE_NO_EVIDENCE)
    assert overdue["data"] == [1]  # the draft's commitment is not counted
    assert b"responsible=jp&amp;kind=commitment&amp;outcome=overdue_no_evidence" in page.content

    by_agreement = client.get("/scorecards/?by=agreement")
    assert by_agreement.context["chart"]["categories"] == ["Deal"]

    bad = client.get("/scorecards/?by=colour")
    assert bad.status_code == 400
    assert "by" in bad.context["form"].errors


def test_parties_page_refuses_an_unknown_map_measure(client, pinned_today):
    assert client.get("/parties/?map=late").status_code == 200
    bad = client.get("/parties/?map=colour")
    assert bad.status_code == 400
    assert "map" in bad.context["map_form"].errors
