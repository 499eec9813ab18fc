"""`manage.py load_demo`: the demo data set of REFERENCE.md, loaded idempotently through the services.

The reference states outcomes "as of 2026-12-01": the clock is pinned to that day (`today`), and
outcomes are read with `Milestone.objects.with_outcome(today)`.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps

from agreements.choices import (
    AgreementKind,
    AmountQualifier,
    DeadlineAnchor,
    EvidenceGrade,
    EvidenceVerdict,
    Firmness,
    InstrumentKind,
    MilestoneKind,
    MilestoneStatus,
    OfftakeStatus,
    Outcome,
    PartyRole,
    PermitStatus,
    ProjectStatus,
)
from agreements.demo import dataset
from agreements.demo.loader import SECONDARY_CLAIM_MARK
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Discrepancy,
    Evidence,
    HSCode,
    Instrument,
    Milestone,
    Mineral,
    MineralList,
    Party,
    Project,
    ReportedAmount,
    Source,
    ValueChainStage,
)
from agreements.services import agreement_update, milestone_update
from agreements.services.evidence import evidence_delete
from tests.demo.conftest import load_demo

pytestmark = pytest.mark.django_db

US_JAPAN = "us-japan-critical-minerals-framework-2025"
US_AUSTRALIA = "us-australia-critical-minerals-framework-2025"
US_UKRAINE = "us-ukraine-reconstruction-investment-fund-2025"
EU_US_JAPAN = "eu-us-japan-critical-minerals-statement-2026"


def evidence_items(data_set: dataset.DataSet) -> list[tuple[str, str, dict]]:
    return [
        (entry["slug"], milestone["title"], item)
        for entry in data_set.agreements
        for milestone in entry.get("milestones", [])
        for item in milestone.get("evidence", [])
    ]


def count(data_set: dataset.DataSet, key: str) -> int:
    return sum(len(entry.get(key, [])) for entry in data_set.agreements)


@pytest.fixture
def today() -> datetime.date:
    """The reference's "as of" date."""
    return dataset.REFERENCE_AS_OF


@pytest.fixture(autouse=True)
def _reference_day(pinned_today):
    # Evidence may not be dated after today: load on the reference's day, whatever the real clock says.
    return pinned_today


def load() -> str:
    return load_demo()


def summary(label: str, *, created: int = 0, updated: int = 0, unchanged: int = 0) -> str:
    """A line of load_demo's summary."""
    return f"{label}: {created} created, {updated} updated, {unchanged} unchanged"


def snapshot() -> dict[str, object]:
    """Row counts of every agreements table (history and many-to-many tables included), and every updated_at."""
    state: dict[str, object] = {}
    for model in apps.get_app_config("agreements").get_models(include_auto_created=True):
        manager = model._default_manager
        state[f"{model.__name__}.count"] = manager.count()
        is_history = model.__name__.startswith("Historical")
        if not is_history and any(f.name == "updated_at" for f in model._meta.concrete_fields):
            state[f"{model.__name__}.updated_at"] = sorted(manager.values_list("pk", "updated_at"))
    return state


@pytest.fixture
def loaded(demo_loaded) -> str:
    """The data set, loaded once for this module (conftest.demo_loaded); each test may change rows."""
    return demo_loaded


def test_us_japan_framework_has_both_parties_as_participants_who_signed(loaded):
    agreement = Agreement.objects.get(slug=US_JAPAN)
    assert agreement.title == (
        "United States–Japan Framework for Securing the Supply of Critical Minerals and Rare Earths "
        "through Mining and Processing"
    )
    assert agreement.kind == AgreementKind.FRAMEWORK
    assert agreement.legally_binding is False
    memberships = {m.party.slug: m for m in agreement.memberships.select_related("party")}
    assert set(memberships) == {"us", "jp"}
    assert {m.role for m in memberships.values()} == {PartyRole.PARTICIPANT}
    assert memberships["us"].signed_by == "President Donald J. Trump"
    assert memberships["jp"].signed_by == "Prime Minister Takaichi Sanae"
    assert memberships["us"].party.iso_code == "US"
    assert memberships["jp"].party.iso_code == "JP"


def test_us_japan_framework_was_signed_on_28_october_2025_in_tokyo(loaded):
    agreement = Agreement.objects.get(slug=US_JAPAN)
    assert agreement.signed_on == datetime.date(2025, 10, 28)
    assert "Tokyo" in agreement.signed_at
    assert "Akasaka Palace" in agreement.signed_at


def test_us_japan_milestones_run_on_a_six_month_and_a_180_day_clock(loaded):
    milestones = {
        (m.offset_months, m.offset_days, m.due_on, m.deadline, m.commitment_text, m.status, m.source.agreement.slug)
        for m in Milestone.objects.filter(agreement__slug=US_JAPAN).select_related("source__agreement")
    }
    assert milestones == {
        (6, None, None, datetime.date(2026, 4, 28), "Within six months of signing", MilestoneStatus.PENDING, US_JAPAN),
        (None, 180, None, datetime.date(2026, 4, 26), "Within 180 days", MilestoneStatus.PENDING, US_JAPAN),
    }


def test_us_japan_clauses_are_overdue_with_no_evidence_as_last_checked_on_1_december_2026(loaded, today):
    rows = Milestone.objects.filter(agreement__slug=US_JAPAN).with_outcome(today).order_by("deadline")
    assert [(m.deadline, m.outcome, m.days_late, m.last_checked_on, m.kind) for m in rows] == [
        (datetime.date(2026, 4, 26), Outcome.OVERDUE_NO_EVIDENCE, 219, today, MilestoneKind.COMMITMENT),
        (datetime.date(2026, 4, 28), Outcome.OVERDUE_NO_EVIDENCE, 217, today, MilestoneKind.COMMITMENT),
    ]
    # The evidence found is kept for the record, and none of it delivers the clauses.
    evidence = Evidence.objects.filter(milestone__agreement__slug=US_JAPAN)
    assert evidence.count() == 6
    assert set(evidence.values_list("verdict", flat=True)) == {EvidenceVerdict.RELATED}
    ministerial = Milestone.objects.get(agreement__slug=US_JAPAN, offset_days=180)
    assert "No evidence found in the sources searched (as of 2026-12-01)" in ministerial.notes


def test_us_japan_instruments_run_along_the_value_chain(loaded):
    instruments = Instrument.objects.filter(agreement__slug=US_JAPAN).prefetch_related("stages")
    kinds = {instrument.kind for instrument in instruments}
    # Investment and financing, stockpiles, coordination.
    assert {InstrumentKind.EQUITY, InstrumentKind.LOAN, InstrumentKind.GUARANTEE, InstrumentKind.GRANT} <= kinds
    assert InstrumentKind.STOCKPILE in kinds
    assert InstrumentKind.COORDINATION in kinds
    group = instruments.get(name="U.S.–Japan Critical Minerals Supply Security Rapid Response Group")
    assert group.kind == InstrumentKind.COORDINATION
    equity = instruments.get(kind=InstrumentKind.EQUITY)
    assert [stage.slug for stage in equity.stages.all()] == ["mining", "processing", "intermediate-products"]
    permitting = instruments.get(kind=InstrumentKind.PERMITTING)
    assert [stage.slug for stage in permitting.stages.all()] == ["mining", "processing"]
    stages_covered = set(ValueChainStage.objects.filter(instruments__agreement__slug=US_JAPAN).values_list("slug"))
    assert {("exploration",), ("mining",), ("processing",), ("intermediate-products",)} <= stages_covered


def test_us_japan_sources_include_the_text_and_the_german_summary_with_the_reference_urls(loaded, data_set):
    sources = Source.objects.filter(agreement__slug=US_JAPAN)
    assert sources.count() == len(next(a for a in data_set.agreements if a["slug"] == US_JAPAN)["sources"]) >= 15
    assert set(sources.values_list("language", flat=True)) == {"de", "en", "ja"}
    german = sources.get(title__startswith="Strategischer Schulterschluss in Tokio")
    assert (german.language, german.url) == ("de", "")  # a file in seeds/, not a web page
    dpa = sources.get(publisher="dpa via finanznachrichten.de")
    assert dpa.published_on == datetime.date(2025, 10, 28)
    assert dpa.url == (
        "https://www.finanznachrichten.de/nachrichten-2025-10/66809721-us-japan-sign-framework-deal-on-securing-"
        "supply-of-critical-minerals-rare-earths-020.htm"
    )
    text = sources.get(publisher="The White House, reproduced by govpulse.tools")
    assert text.url.startswith("https://vu.govpulse.tools/2025/10/27/united-states-japan-framework")
    assert text.published_on == datetime.date(2025, 10, 27)
    assert "no URL found" in german.note
    # Every other source of the demo has the full URL the reference gives, or says it has none.
    for source in Source.objects.filter(url=""):
        assert "no url found" in source.note.lower(), source.title


def test_sources_are_graded_and_v_sec_sources_say_so(loaded, data_set):
    for entry in data_set.agreements:
        for item in entry["sources"]:
            source = Source.objects.get(
                agreement__slug=entry["slug"], title=item["title"], publisher=item.get("publisher", "")
            )
            assert source.grade == (EvidenceGrade.PRIMARY if item.get("official") else EvidenceGrade.SECONDARY)
            assert source.note.startswith(dataset.SECONDARY_NOTE) is (item.get("mark") == "V-sec"), source.title
            assert item.get("note", "") in source.note
    assert Source.objects.filter(grade=EvidenceGrade.PRIMARY).exists()
    assert Source.objects.filter(note__startswith=dataset.SECONDARY_NOTE).exists()


def test_every_agreement_of_the_reference_is_loaded_published_and_reviewed(loaded, data_set):
    assert set(Agreement.objects.values_list("slug", flat=True)) == {entry["slug"] for entry in data_set.agreements}
    signed = dict(Agreement.objects.values_list("slug", "signed_on"))
    assert signed == {entry["slug"]: entry["fields"].get("signed_on") for entry in data_set.agreements}
    # The agreements of reference version 1, as it dates them.
    assert (
        signed.items()
        >= {
            EU_US_JAPAN: datetime.date(2026, 2, 4),
            "g7-critical-minerals-action-plan-2025": datetime.date(2025, 6, 17),
            "japan-central-asia-tokyo-declaration-2025": datetime.date(2025, 12, 20),
            "china-mofcom-gac-announcement-70-2025": datetime.date(2025, 11, 7),
            "china-mofcom-announcement-72-2025": datetime.date(2025, 11, 9),
            "maaden-mp-materials-term-sheet-2025": datetime.date(2025, 11, 19),
            US_JAPAN: datetime.date(2025, 10, 28),
            US_AUSTRALIA: datetime.date(2025, 10, 20),
            "us-malaysia-critical-minerals-mou-2025": datetime.date(2025, 10, 26),
            "us-thailand-critical-minerals-mou-2025": datetime.date(2025, 10, 26),
            "us-ukraine-reconstruction-investment-fund-2025": datetime.date(2025, 4, 30),
            "us-japan-critical-minerals-agreement-2023": datetime.date(2023, 3, 28),
            "us-saudi-arabia-critical-minerals-framework-2025": datetime.date(2025, 11, 18),
            "minerals-security-partnership": None,  # announced, never signed
            "eu-critical-raw-materials-act": datetime.date(2024, 4, 11),
        }.items()
    )
    non_binding = set(Agreement.objects.filter(legally_binding=False).values_list("slug", flat=True))
    assert non_binding >= {
        US_JAPAN,
        US_AUSTRALIA,
        "us-malaysia-critical-minerals-mou-2025",
        "us-thailand-critical-minerals-mou-2025",
        EU_US_JAPAN,
    }
    assert non_binding == {e["slug"] for e in data_set.agreements if e["fields"].get("legally_binding") is False}
    binding = set(Agreement.objects.filter(legally_binding=True).values_list("slug", flat=True))
    assert "maaden-mp-materials-term-sheet-2025" in binding  # "binding term sheet"
    assert binding == {e["slug"] for e in data_set.agreements if e["fields"].get("legally_binding")}
    # The reference data set is what the tracker shows: published, with the day it was reviewed.
    assert not Agreement.objects.filter(published=False).exists()
    assert not Agreement.objects.filter(published_at__isnull=True).exists()
    reviewed = dict(Agreement.objects.values_list("slug", "reviewed_on"))
    assert reviewed == {entry["slug"]: entry.get("reviewed_on") for entry in data_set.agreements}
    assert reviewed[US_JAPAN] == dataset.REFERENCE_AS_OF


def test_every_agreement_instrument_milestone_and_project_cites_a_source_of_its_agreement(loaded, data_set):
    for agreement in Agreement.objects.all():
        assert agreement.sources.exists(), agreement.slug
    for instrument in Instrument.objects.select_related("source"):
        assert instrument.source is not None, instrument.name
        assert instrument.source.agreement_id == instrument.agreement_id, instrument.name
    for milestone in Milestone.objects.select_related("source"):
        assert milestone.source is not None, milestone.title
        assert milestone.source.agreement_id == milestone.agreement_id, milestone.title
    assert Project.objects.count() == len(data_set.projects) >= 2
    for project in Project.objects.select_related("source").prefetch_related("instruments"):
        assert project.source is not None, project.slug
        # A project cites a source of the file it is written in, and supports its instruments.
        assert {i.agreement_id for i in project.instruments.all()} <= {project.source.agreement_id}, project.slug
    assert Instrument.objects.count() == count(data_set, "instruments") >= 38
    assert Milestone.objects.count() == count(data_set, "milestones") >= 15


def test_us_australia_records_the_amount_disagreement_instead_of_picking_a_figure(loaded):
    financing = {
        i.payer.slug: i
        for i in Instrument.objects.filter(agreement__slug=US_AUSTRALIA, amount=Decimal("1000000000")).select_related(
            "payer"
        )
    }
    # "At least US$1bn" from each side: one instrument per payer, so totals never credit one side with both.
    assert set(financing) == {"us", "au"}
    for side in financing.values():
        assert (side.amount_qualifier, side.currency, side.firmness) == (
            AmountQualifier.AT_LEAST,
            "USD",
            Firmness.PLEDGE,
        )
        figures = {(r.amount, r.currency, r.amount_qualifier, r.source_publisher) for r in side.reported_amounts.all()}
        # Section 9, item 1: every figure, each with its source, side by side.
        assert figures == {
            (Decimal("1000000000.00"), "USD", AmountQualifier.AT_LEAST, "Clayton Utz"),
            (Decimal("1000000000.00"), "USD", AmountQualifier.AT_LEAST, "manmonthly.com.au (Australian statement)"),
            (Decimal("1000000000.00"), "USD", AmountQualifier.AT_LEAST, "minerals.org.au (Australian statement)"),
            (Decimal("8500000000.00"), "USD", AmountQualifier.EXACT, "manmonthly.com.au (Australian statement)"),
            (Decimal("3000000000.00"), "USD", AmountQualifier.MORE_THAN, "The White House, quoted at tipranks.com"),
            (Decimal("2000000000.00"), "USD", AmountQualifier.EXACT, "Creamer Media"),
            (
                Decimal("13000000000.00"),
                "AUD",
                AmountQualifier.EXACT,
                "Minister King, question time of 27 October 2025 (danrepacholimp.com)",
            ),
            (Decimal("8500000000.00"), "USD", AmountQualifier.EXACT, "Daily Telegraph mirror (newsbite.mooo.com)"),
            (Decimal("1000000000.00"), "AUD", AmountQualifier.EXACT, "HFW"),
        }
        assert all(r.source_url.startswith("https://") for r in side.reported_amounts.all())
        white_house = side.reported_amounts.get(amount_qualifier=AmountQualifier.MORE_THAN)
        assert "both sides together" in white_house.note
    milestone = Milestone.objects.get(agreement__slug=US_AUSTRALIA, offset_months=6)
    assert milestone.deadline == datetime.date(2026, 4, 20)
    assert milestone.instrument is None  # a commitment of both sides, each with its own instrument
    # Section 9, item 1 as a discrepancy: every side with its source, none preferred.
    amounts = Discrepancy.objects.get(agreement__slug=US_AUSTRALIA, topic="Amounts and currency of the financing")
    claims = list(amounts.claims.all())
    assert len(claims) == 7
    assert [c.position for c in claims] == list(range(7))
    assert {c.grade for c in claims} == {EvidenceGrade.SECONDARY}
    assert sum(c.claim.endswith(SECONDARY_CLAIM_MARK) for c in claims) == 1  # the Daily Telegraph mirror
    assert (
        "https://www.tipranks.com/news/the-fly/president-trump-closes-billion-dollar-deals-with-australia-thefly"
        in {c.source_url for c in claims}
    )
    exim = Instrument.objects.get(agreement__slug=US_AUSTRALIA, name="US EXIM letters of interest")
    assert (exim.amount, exim.amount_qualifier, exim.responsible.slug, exim.payer.slug, exim.firmness) == (
        Decimal("2200000000.00"),
        AmountQualifier.MORE_THAN,
        "us-exim",
        "us-exim",
        Firmness.LETTER_OF_INTEREST,
    )
    assert exim.reported_amounts.count() == 2
    nolans = Instrument.objects.get(agreement__slug=US_AUSTRALIA, name__contains="Nolans")
    assert set(nolans.reported_amounts.values_list("amount_qualifier", flat=True)) == {
        AmountQualifier.EXACT,
        AmountQualifier.UP_TO,
    }
    assert nolans.firmness == Firmness.NOT_STATED  # a conditional approval is none of the firmness choices


def test_each_outcome_the_issue_asks_for_is_in_the_demo_on_the_reference_day(loaded, today):
    rows = {
        (m.agreement.slug, m.title): m
        for m in Milestone.objects.with_outcome(today).select_related("agreement").prefetch_related("evidence")
    }
    outcomes = {m.outcome for m in rows.values()}
    assert {Outcome.MET_ON_TIME, Outcome.MET_LATE, Outcome.OVERDUE_NO_EVIDENCE, Outcome.NOT_YET_DUE} <= outcomes
    assert {Outcome.ENDED, Outcome.ACTIVE} <= outcomes  # expiries, passed and to come
    assert Outcome.MISSED not in outcomes  # no source reports non-delivery
    # The SQL twin and the per-row rule agree on every demo row.
    for milestone in rows.values():
        assert (milestone.outcome, milestone.days_late) == tuple(vars(milestone.outcome_on(today)).values())

    mou = rows[(EU_US_JAPAN, "Conclude an EU–US Memorandum of Understanding")]
    assert (mou.deadline, mou.outcome, mou.days_late) == (datetime.date(2026, 3, 6), Outcome.MET_LATE, 49)
    assert (mou.status, mou.completed_on) == (MilestoneStatus.COMPLETED, datetime.date(2026, 4, 24))
    roadmap = rows[("g7-critical-minerals-action-plan-2025", "Roadmap setting out milestones")]
    assert (roadmap.deadline, roadmap.completed_on, roadmap.outcome) == (
        datetime.date(2025, 12, 31),
        datetime.date(2025, 10, 31),
        Outcome.MET_ON_TIME,
    )
    target = rows[("japan-central-asia-tokyo-declaration-2025", "¥3tn in business projects")]
    assert (target.deadline, target.outcome) == (datetime.date(2030, 12, 20), Outcome.NOT_YET_DUE)
    suspension = rows[("china-mofcom-gac-announcement-70-2025", "Suspension of the October 2025 export controls ends")]
    assert (suspension.kind, suspension.deadline, suspension.outcome, suspension.last_checked_on) == (
        MilestoneKind.EXPIRY,
        datetime.date(2026, 11, 10),
        Outcome.ENDED,
        today,
    )
    term_sheet = rows[("maaden-mp-materials-term-sheet-2025", "Term sheet valid until 31 March 2027")]
    assert (term_sheet.kind, term_sheet.deadline, term_sheet.outcome) == (
        MilestoneKind.EXPIRY,
        datetime.date(2027, 3, 31),
        Outcome.ACTIVE,
    )
    # Only commitments become overdue: expiries never count as late.
    assert not Milestone.objects.overdue_on(today).filter(kind=MilestoneKind.EXPIRY).exists()


def test_an_aim_whose_anchor_the_sources_do_not_state_has_no_deadline_yet(loaded, today):
    aim = Milestone.objects.with_outcome(today).get(agreement__slug=US_UKRAINE, offset_months=18)
    assert (aim.anchor, aim.deadline, aim.outcome) == (DeadlineAnchor.UNKNOWN, None, Outcome.WAITING)
    assert "2026-10-30" in aim.notes and "2027-02-05" in aim.notes  # the three possible dates, none picked
    assert aim.evidence.filter(verdict=EvidenceVerdict.PARTLY_FULFILS).count() == 1


def test_commitments_without_a_stated_deadline_are_met_or_open_but_never_kept_on_time(loaded, today):
    undated = list(Milestone.objects.with_outcome(today).filter(deadline_stated=False).select_related("agreement"))
    assert {m.agreement.slug for m in undated} >= {US_UKRAINE, "minerals-security-partnership"}
    for milestone in undated:
        assert (milestone.deadline, milestone.days_late) == (None, None)
        met = milestone.evidence.filter(verdict=EvidenceVerdict.FULFILS).exists()
        # Met when its fulfils evidence completed it; otherwise open, never overdue.
        assert milestone.outcome == (Outcome.MET_NO_DEADLINE if met else Outcome.NO_DEADLINE), milestone.title
        assert (milestone.status == MilestoneStatus.COMPLETED) is met, milestone.title
    assert {m.outcome for m in undated} >= {Outcome.MET_NO_DEADLINE}


def test_status_follows_the_evidence_never_typed(loaded, data_set):
    completed = {
        (slug, title): on
        for slug, title, on in Milestone.objects.filter(status=MilestoneStatus.COMPLETED).values_list(
            "agreement__slug", "title", "completed_on"
        )
    }
    # Completed on the earliest `fulfils` date of its evidence in the data files, and only then.
    expected = {}
    for slug, title, item in evidence_items(data_set):
        if item["relation"] == "fulfils":
            expected[(slug, title)] = min(expected.get((slug, title), item["occurred_on"]), item["occurred_on"])
    assert completed == expected
    assert (
        completed.items()
        >= {
            ("minerals-security-partnership", "MSP Finance Network launched"): datetime.date(2024, 9, 23),
            (US_UKRAINE, "Ratification by Ukraine's parliament"): datetime.date(2025, 5, 8),
            ("g7-critical-minerals-action-plan-2025", "Roadmap setting out milestones"): datetime.date(2025, 10, 31),
            (EU_US_JAPAN, "Conclude an EU–US Memorandum of Understanding"): datetime.date(2026, 4, 24),
        }.items()
    )
    # Each completed milestone has `fulfils` evidence, and its completion date is the earliest one.
    for milestone in Milestone.objects.filter(status=MilestoneStatus.COMPLETED):
        fulfils = milestone.evidence.filter(verdict=EvidenceVerdict.FULFILS).order_by("occurred_on")
        assert fulfils.exists(), milestone.title
        assert milestone.completed_on == fulfils.first().occurred_on
    assert (
        not Milestone.objects.exclude(status=MilestoneStatus.COMPLETED)
        .filter(evidence__verdict=EvidenceVerdict.FULFILS)
        .exists()
    )


def test_every_evidence_item_of_the_reference_is_loaded_with_its_source_and_grade(loaded, data_set):
    items = evidence_items(data_set)
    assert Evidence.objects.count() == len(items) >= 25
    for slug, title, item in items:
        source = {"source_url": item["url"]} if "url" in item else {"source_url": "", "source_title": item["title"]}
        evidence = Evidence.objects.get(
            milestone__agreement__slug=slug, milestone__title=title, occurred_on=item["occurred_on"], **source
        )
        assert evidence.agreement.slug == slug
        assert evidence.summary == item["summary"]
        assert evidence.source_publisher == item.get("publisher", "")
        secondary = item.get("mark") == "V-sec"
        # [V-sec] items are secondary and say so; primary only for an official text or a party's statement.
        assert evidence.note.startswith(dataset.SECONDARY_NOTE) is secondary, evidence.summary
        expected_grade = EvidenceGrade.PRIMARY if item.get("official") else EvidenceGrade.SECONDARY
        assert evidence.grade == expected_grade, evidence.summary
        for further in item.get("further", []):
            assert further in evidence.note  # several URLs: the first is the source, the others in the note
    assert not Evidence.objects.filter(source_url="", source_title="").exists()
    assert set(Evidence.objects.values_list("grade", flat=True)) == {EvidenceGrade.PRIMARY, EvidenceGrade.SECONDARY}
    assert set(Evidence.objects.values_list("verdict", flat=True)) == {
        EvidenceVerdict.FULFILS,
        EvidenceVerdict.PARTLY_FULFILS,
        EvidenceVerdict.RELATED,
    }
    # "Missed" needs a source reporting non-delivery; the reference has none.
    assert not Evidence.objects.filter(verdict=EvidenceVerdict.CONTRADICTS).exists()
    primary = Evidence.objects.filter(grade=EvidenceGrade.PRIMARY).values_list("source_publisher", flat=True)
    assert {"European Commission, reproduced by openrijk.nl", "Ministry of Foreign Affairs of Japan"} <= set(primary)
    assert len(primary) == sum(bool(item.get("official")) for _, _, item in items)


def test_unconfirmed_and_undated_reports_are_notes_not_evidence(loaded):
    aggregator = "https://en.ckhq.net/html/6c6839c811228261d657d09fc587dabd.html"  # [?], undated
    assert not Evidence.objects.filter(source_url=aggregator).exists()
    assert aggregator in Milestone.objects.get(agreement__slug=US_JAPAN, offset_months=6).notes
    paid_in = "https://italy.news-pravda.com/italy/2025/09/18/283141.html"  # "2025 (date not stated)"
    assert not Evidence.objects.filter(source_url=paid_in).exists()
    assert ReportedAmount.objects.get(source_url=paid_in).note.startswith(dataset.SECONDARY_NOTE)


def test_v_sec_reported_amounts_carry_the_secondary_note(loaded, data_set):
    marked = {
        (figure.get("url", ""), figure["amount"])
        for entry in data_set.agreements
        for instrument in entry.get("instruments", [])
        for figure in instrument.get("reported_amounts", [])
        if figure.get("mark") == "V-sec"
    }
    assert len(marked) >= 4
    for row in ReportedAmount.objects.all():
        assert row.note.startswith(dataset.SECONDARY_NOTE) is ((row.source_url, row.amount) in marked), row.source_url
    yen = Instrument.objects.get(name="¥3tn in business projects over five years")
    assert (yen.firmness, yen.payer) == (Firmness.TARGET, None)
    assert sorted(yen.reported_amounts.values_list("amount", flat=True)) == [
        Decimal("3000000000000.00"),
        Decimal("3000000000000.00"),
        Decimal("30000000000000.00"),
    ]


def test_projects_carry_only_the_implementation_facts_the_reference_states(loaded):
    gallium = Project.objects.get(slug="alcoa-sojitz-gallium-wagerup")
    assert gallium.country.slug == "au"
    assert gallium.offtake_status == OfftakeStatus.RIGHTS
    assert gallium.status == ProjectStatus.UNKNOWN  # not stated
    assert gallium.permit_status == PermitStatus.UNKNOWN
    assert gallium.capital_cost is None
    assert list(gallium.minerals.values_list("slug", flat=True)) == ["gallium"]
    assert {i.responsible.slug for i in gallium.instruments.select_related("responsible")} == {"au", "us"}
    nolans = Project.objects.get(slug="arafura-nolans")
    assert nolans.operator.slug == "arafura-rare-earths"
    assert nolans.offtake_status == OfftakeStatus.UNKNOWN
    assert nolans.instruments.get().amount == Decimal("100000000.00")


def test_vocabularies_are_loaded_with_rare_earth_groups_and_ordered_stages(loaded):
    assert list(ValueChainStage.objects.values_list("slug", flat=True)) == [
        "exploration",
        "mining",
        "processing",
        "intermediate-products",
        "manufacturing",
        "recycling",
    ]
    groups = dict(Mineral.objects.filter(group__isnull=False).values_list("slug", "group__slug"))
    assert groups["neodymium"] == groups["praseodymium"] == "light-rare-earths"
    assert groups["dysprosium"] == groups["terbium"] == "heavy-rare-earths"
    assert groups["light-rare-earths"] == groups["heavy-rare-earths"] == "rare-earths"
    for slug in ["lithium", "cobalt", "nickel", "graphite", "gallium", "germanium", "antimony", "tungsten"]:
        assert Mineral.objects.filter(slug=slug, group__isnull=True).exists(), slug
    eu = Party.objects.get(slug="eu")
    assert (eu.kind, eu.iso_code) == ("bloc", None)
    assert AgreementParty.objects.filter(agreement__slug="minerals-security-partnership").count() == 15


def test_second_run_changes_nothing(loaded, data_set):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Demo data already up to date: nothing changed." in output
    assert summary("agreements", unchanged=len(data_set.agreements)) in output
    assert summary("evidence", unchanged=len(evidence_items(data_set))) in output


def test_a_drifted_signing_date_is_restored_through_the_services_and_deadlines_move_back(loaded):
    agreement = Agreement.objects.get(slug=US_JAPAN)
    agreement_update(agreement=agreement, data={"signed_on": datetime.date(2025, 11, 30)})
    assert Milestone.objects.get(agreement=agreement, offset_months=6).deadline == datetime.date(2026, 5, 30)
    history_before = agreement.history.count()

    output = load()

    agreement.refresh_from_db()
    assert agreement.signed_on == datetime.date(2025, 10, 28)
    assert Milestone.objects.get(agreement=agreement, offset_months=6).deadline == datetime.date(2026, 4, 28)
    assert Milestone.objects.get(agreement=agreement, offset_days=180).deadline == datetime.date(2026, 4, 26)
    assert agreement.history.count() == history_before + 1
    assert summary("agreements", updated=1, unchanged=Agreement.objects.count() - 1) in output


def test_progress_recorded_by_users_survives_a_reload(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=US_JAPAN, offset_days=180)
    milestone_update(milestone=milestone, data={"status": MilestoneStatus.COMPLETED, "completed_on": today})

    output = load()

    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.COMPLETED, today)
    assert summary("milestones", unchanged=Milestone.objects.count()) in output


def test_a_later_check_by_an_editor_survives_a_reload(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=US_JAPAN, offset_days=180)
    later = today + datetime.timedelta(days=3)
    milestone_update(milestone=milestone, data={"last_checked_on": later})

    output = load()

    milestone.refresh_from_db()
    assert milestone.last_checked_on == later  # "last checked" never moves back
    assert summary("milestones", unchanged=Milestone.objects.count()) in output


def test_a_deleted_evidence_item_is_restored_and_the_status_follows_it_again(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=EU_US_JAPAN)
    evidence_delete(evidence=milestone.evidence.get(verdict=EvidenceVerdict.FULFILS), today=today)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.PENDING, None)

    output = load()

    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.COMPLETED, datetime.date(2026, 4, 24))
    assert Milestone.objects.with_outcome(today).get(pk=milestone.pk).outcome == Outcome.MET_LATE
    assert summary("evidence", created=1, unchanged=Evidence.objects.count() - 1) in output


def test_an_edited_evidence_item_is_restored_in_place(loaded, today):
    evidence = Evidence.objects.get(source_url="https://www.gtreview.com/?p=118467")
    evidence.summary = "Edited by hand."
    evidence.save()

    output = load()

    assert Evidence.objects.filter(source_url="https://www.gtreview.com/?p=118467").get().summary == (
        "US EXIM issued seven letters of interest for more than US$2.2bn."
    )
    assert summary("evidence", updated=1, unchanged=Evidence.objects.count() - 1) in output


def test_every_section_9_discrepancy_item_is_loaded_exactly_once_with_all_its_sides(loaded, data_set):
    written = data_set.discrepancies
    # Items 1 to 28 of section 9, each about one agreement or list (an item may be split into topics).
    assert sorted({d["item"] for d in written}) == list(range(1, 29))
    assert Discrepancy.objects.count() == len(written)
    for entry in written:
        owner = {"agreement__slug": entry["agreement"]} if "agreement" in entry else {}
        owner = owner or {"mineral_list__slug": entry["mineral_list"]}
        discrepancy = Discrepancy.objects.get(topic=entry["topic"], **owner)
        claims = list(discrepancy.claims.all())
        assert [c.source_url for c in claims] == [c.get("url", "") for c in entry["claims"]], entry["item"]
        assert [c.grade for c in claims] == [
            EvidenceGrade.PRIMARY if c.get("official") else EvidenceGrade.SECONDARY for c in entry["claims"]
        ]
        assert [c.claim.endswith(SECONDARY_CLAIM_MARK) for c in claims] == [
            c.get("mark") == "V-sec" for c in entry["claims"]
        ]


def test_relations_criticality_lists_and_hs_codes_are_loaded(loaded, data_set):
    relations = {
        (entry["slug"], relation["kind"], relation["agreement"])
        for entry in data_set.agreements
        for relation in entry.get("relations", [])
    }
    assert set(AgreementRelation.objects.values_list("subject__slug", "kind", "object__slug")) == relations
    # "FORGE supersedes the MSP", written once, on FORGE's file.
    assert AgreementRelation.objects.filter(kind="supersedes", object__slug="minerals-security-partnership").exists()
    lists = {entry["slug"]: entry for entry in data_set.mineral_lists}
    assert (
        set(MineralList.objects.values_list("slug", flat=True))
        == set(lists)
        >= {
            "usgs-2025",
            "eu-crma-strategic",
            "eu-crma-critical",
        }
    )
    for mineral_list in MineralList.objects.prefetch_related("entries__mineral"):
        entries = {(e.mineral.slug, e.listed_as) for e in mineral_list.entries.all()}
        wanted = {(e["mineral"], e.get("listed_as", "")) for e in lists[mineral_list.slug].get("entries", [])}
        assert entries == wanted, mineral_list.slug
        if not mineral_list.members_verified:
            assert not entries, mineral_list.slug
    codes = {entry["code"]: entry for entry in data_set.hs_codes}
    for code in HSCode.objects.prefetch_related("minerals"):
        assert {m.slug for m in code.minerals.all()} == set(codes[code.code].get("minerals", []))
        assert code.note.startswith(dataset.SECONDARY_NOTE) is (codes[code.code].get("mark") == "V-sec")
    assert set(HSCode.objects.values_list("code", flat=True)) == set(codes)


def test_every_party_mineral_and_stage_has_a_german_name(loaded):
    # Countries from pycountry's translations (or the vocabulary's override), the rest from the vocabulary.
    assert list(Party.objects.filter(name_de="").values_list("slug", flat=True)) == []
    assert list(Mineral.objects.filter(name_de="").values_list("slug", flat=True)) == []
    assert list(ValueChainStage.objects.filter(name_de="").values_list("slug", flat=True)) == []
    assert Party.objects.get(slug="us").name_de == "Vereinigte Staaten"
    assert Mineral.objects.get(slug="rare-earths").name_de == "Seltene Erden"
