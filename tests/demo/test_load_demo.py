"""`manage.py load_demo`: the demo data set of REFERENCE.md, loaded idempotently through the services.

The reference states outcomes "as of 2026-12-01": the clock is pinned to that day (`today`), and
outcomes are read with `Milestone.objects.with_outcome(today)`.
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

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
from agreements.models import (
    Agreement,
    AgreementParty,
    Evidence,
    Instrument,
    Milestone,
    Mineral,
    Party,
    Project,
    ReportedAmount,
    Source,
    ValueChainStage,
)
from agreements.services import agreement_update, milestone_update
from agreements.services.evidence import evidence_delete

DATA_SET = dataset.read_data_set()

pytestmark = pytest.mark.django_db

US_JAPAN = "us-japan-critical-minerals-framework-2025"
US_AUSTRALIA = "us-australia-critical-minerals-framework-2025"
US_UKRAINE = "us-ukraine-reconstruction-investment-fund-2025"
EU_US_JAPAN = "eu-us-japan-critical-minerals-statement-2026"
ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "REFERENCE.md"
AGREEMENT_COUNT = len(DATA_SET.agreements)
MILESTONE_COUNT = sum(len(entry.get("milestones", [])) for entry in DATA_SET.agreements)
EVIDENCE_ITEMS = [
    (entry["slug"], milestone["title"], item)
    for entry in DATA_SET.agreements
    for milestone in entry.get("milestones", [])
    for item in milestone.get("evidence", [])
]


@pytest.fixture
def today() -> datetime.date:
    """The reference's "as of" date."""
    return dataset.REFERENCE_AS_OF


@pytest.fixture(autouse=True)
def _reference_day(pinned_today):
    # Evidence may not be dated after today: load on the reference's day, whatever the real clock says.
    return pinned_today


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


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
def loaded() -> str:
    return load()


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
    assert agreement.signed_at == "Akasaka Palace, Tokyo"


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
    group = instruments.get(kind=InstrumentKind.COORDINATION)
    assert group.name == "U.S.–Japan Critical Minerals Supply Security Rapid Response Group"
    equity = instruments.get(kind=InstrumentKind.EQUITY)
    assert [stage.slug for stage in equity.stages.all()] == ["mining", "processing", "intermediate-products"]
    permitting = instruments.get(kind=InstrumentKind.PERMITTING)
    assert [stage.slug for stage in permitting.stages.all()] == ["mining", "processing"]
    stages_covered = set(ValueChainStage.objects.filter(instruments__agreement__slug=US_JAPAN).values_list("slug"))
    assert {("exploration",), ("mining",), ("processing",), ("intermediate-products",)} <= stages_covered


def test_us_japan_sources_include_the_text_and_the_german_summary_with_the_reference_urls(loaded):
    sources = Source.objects.filter(agreement__slug=US_JAPAN)
    assert sources.count() == 15
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
    # Every other source of the demo has the full URL the reference gives.
    assert list(Source.objects.filter(url="").values_list("title", flat=True)) == [german.title]


def test_every_agreement_of_the_reference_is_loaded(loaded):
    assert set(Agreement.objects.values_list("slug", flat=True)) == {entry["slug"] for entry in DATA_SET.agreements}
    assert Agreement.objects.count() == 15
    signed = dict(Agreement.objects.values_list("slug", "signed_on"))
    assert signed == {
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
    }
    non_binding = set(Agreement.objects.filter(legally_binding=False).values_list("slug", flat=True))
    assert non_binding == {
        US_JAPAN,
        US_AUSTRALIA,
        "us-malaysia-critical-minerals-mou-2025",
        "us-thailand-critical-minerals-mou-2025",
        EU_US_JAPAN,
    }
    binding = set(Agreement.objects.filter(legally_binding=True).values_list("slug", flat=True))
    assert binding == {"maaden-mp-materials-term-sheet-2025"}  # "binding term sheet"


def test_every_agreement_instrument_milestone_and_project_cites_a_source_of_its_agreement(loaded):
    for agreement in Agreement.objects.all():
        assert agreement.sources.exists(), agreement.slug
    for instrument in Instrument.objects.select_related("source"):
        assert instrument.source is not None, instrument.name
        assert instrument.source.agreement_id == instrument.agreement_id, instrument.name
    for milestone in Milestone.objects.select_related("source"):
        assert milestone.source is not None, milestone.title
        assert milestone.source.agreement_id == milestone.agreement_id, milestone.title
    assert Project.objects.count() == 2
    assert not Project.objects.filter(source__isnull=True).exists()
    assert Instrument.objects.count() == 38
    assert Milestone.objects.count() == MILESTONE_COUNT == 15


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
        assert "US$8.5bn" in side.notes
        assert "more than US$3bn" in side.notes
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
    assert "US$3bn" in milestone.notes
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


def test_commitments_without_a_stated_deadline_are_met_but_never_kept_on_time(loaded, today):
    undated = list(Milestone.objects.with_outcome(today).filter(deadline_stated=False).select_related("agreement"))
    assert {m.agreement.slug for m in undated} >= {US_UKRAINE, "minerals-security-partnership"}
    for milestone in undated:
        assert (milestone.deadline, milestone.outcome, milestone.days_late) == (None, Outcome.MET_NO_DEADLINE, None)
        assert milestone.status == MilestoneStatus.COMPLETED  # its fulfils evidence completed it


def test_status_follows_the_evidence_never_typed(loaded):
    completed = dict(
        Milestone.objects.filter(status=MilestoneStatus.COMPLETED).values_list("agreement__slug", "completed_on")
    )
    assert completed == {
        "minerals-security-partnership": datetime.date(2024, 9, 23),
        "eu-critical-raw-materials-act": datetime.date(2025, 3, 25),
        US_UKRAINE: datetime.date(2025, 5, 8),
        "g7-critical-minerals-action-plan-2025": datetime.date(2025, 10, 31),
        EU_US_JAPAN: datetime.date(2026, 4, 24),
    }
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


def test_every_evidence_item_of_the_reference_is_loaded_with_its_source_and_grade(loaded):
    assert Evidence.objects.count() == len(EVIDENCE_ITEMS) == 25
    for slug, title, item in EVIDENCE_ITEMS:
        evidence = Evidence.objects.get(
            milestone__agreement__slug=slug,
            milestone__title=title,
            occurred_on=item["occurred_on"],
            source_url=item["url"],
        )
        assert evidence.agreement.slug == slug
        assert evidence.summary == item["summary"]
        assert evidence.source_publisher == item["publisher"]
        secondary = item["mark"] == "V-sec"
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
    assert sorted(primary) == [
        "European Commission, reproduced by openrijk.nl",
        "European Commission, reproduced by openrijk.nl",
        "Ministry of Foreign Affairs of Japan",
    ]


def test_unconfirmed_and_undated_reports_are_notes_not_evidence(loaded):
    aggregator = "https://en.ckhq.net/html/6c6839c811228261d657d09fc587dabd.html"  # [?], undated
    assert not Evidence.objects.filter(source_url=aggregator).exists()
    assert aggregator in Milestone.objects.get(agreement__slug=US_JAPAN, offset_months=6).notes
    paid_in = "https://italy.news-pravda.com/italy/2025/09/18/283141.html"  # "2025 (date not stated)"
    assert not Evidence.objects.filter(source_url=paid_in).exists()
    assert ReportedAmount.objects.get(source_url=paid_in).note.startswith(dataset.SECONDARY_NOTE)


def test_v_sec_reported_amounts_carry_the_secondary_note(loaded):
    marked = {
        (figure["url"], figure["amount"])
        for entry in DATA_SET.agreements
        for instrument in entry.get("instruments", [])
        for figure in instrument.get("reported_amounts", [])
        if figure.get("mark") == "V-sec"
    }
    assert len(marked) == 4
    for row in ReportedAmount.objects.all():
        assert row.note.startswith(dataset.SECONDARY_NOTE) is ((row.source_url, row.amount) in marked), row.source_url
    yen = Instrument.objects.get(name="¥3tn in business projects over five years")
    assert (yen.firmness, yen.payer) == (Firmness.TARGET, None)
    assert sorted(yen.reported_amounts.values_list("amount", flat=True)) == [
        Decimal("3000000000000.00"),
        Decimal("3000000000000.00"),
        Decimal("30000000000000.00"),
    ]


@pytest.mark.skipif(not REFERENCE.exists(), reason="REFERENCE.md lives outside the repository")
def test_every_url_of_the_demo_is_written_in_the_reference_exactly():
    reference = REFERENCE.read_text(encoding="utf-8")
    urls = {
        *(s["url"] for entry in DATA_SET.agreements for s in entry["sources"] if s.get("url")),
        *(item["url"] for _, _, item in EVIDENCE_ITEMS),
        *(
            figure["url"]
            for entry in DATA_SET.agreements
            for instrument in entry.get("instruments", [])
            for figure in instrument.get("reported_amounts", [])
        ),
    }
    assert len(urls) > 100
    for url in urls:
        # The whole URL, not a prefix of a longer one.
        assert any(
            reference[i + len(url) : i + len(url) + 1] in {"", " ", "\n", ")", ";", "]"}
            for i in _find_all(reference, url)
        ), url


def _find_all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


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


def test_second_run_changes_nothing(loaded):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Demo data already up to date: nothing changed." in output
    assert "agreements: 0 created, 0 updated, 15 unchanged" in output
    assert "evidence: 0 created, 0 updated, 25 unchanged" in output
    assert "reported amounts: 0 created, 0 updated, 28 unchanged" in output


def test_command_prints_a_summary_of_what_it_created():
    output = load()
    assert "agreements: 15 created, 0 updated, 0 unchanged" in output
    assert "milestones: 15 created, 0 updated, 0 unchanged" in output
    assert "evidence: 25 created, 0 updated, 0 unchanged" in output
    assert "reported amounts: 28 created, 0 updated, 0 unchanged" in output
    assert "stages: 6 created, 0 updated, 0 unchanged" in output
    assert output.strip().splitlines()[-1].startswith("Demo data loaded: ")


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
    assert "agreements: 0 created, 1 updated, 14 unchanged" in output


def test_progress_recorded_by_users_survives_a_reload(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=US_JAPAN, offset_days=180)
    milestone_update(milestone=milestone, data={"status": MilestoneStatus.COMPLETED, "completed_on": today})

    output = load()

    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.COMPLETED, today)
    assert "milestones: 0 created, 0 updated, 15 unchanged" in output


def test_a_later_check_by_an_editor_survives_a_reload(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=US_JAPAN, offset_days=180)
    later = today + datetime.timedelta(days=3)
    milestone_update(milestone=milestone, data={"last_checked_on": later})

    output = load()

    milestone.refresh_from_db()
    assert milestone.last_checked_on == later  # "last checked" never moves back
    assert "milestones: 0 created, 0 updated, 15 unchanged" in output


def test_a_deleted_evidence_item_is_restored_and_the_status_follows_it_again(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=EU_US_JAPAN)
    evidence_delete(evidence=milestone.evidence.get(verdict=EvidenceVerdict.FULFILS), today=today)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.PENDING, None)

    output = load()

    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.COMPLETED, datetime.date(2026, 4, 24))
    assert Milestone.objects.with_outcome(today).get(pk=milestone.pk).outcome == Outcome.MET_LATE
    assert "evidence: 1 created, 0 updated, 24 unchanged" in output


def test_an_edited_evidence_item_is_restored_in_place(loaded, today):
    evidence = Evidence.objects.get(source_url="https://www.gtreview.com/?p=118467")
    evidence.summary = "Edited by hand."
    evidence.save()

    output = load()

    assert Evidence.objects.filter(source_url="https://www.gtreview.com/?p=118467").get().summary == (
        "US EXIM issued seven letters of interest for more than US$2.2bn."
    )
    assert "evidence: 0 created, 1 updated, 24 unchanged" in output


def test_existing_reference_rows_are_updated_not_duplicated():
    Party.objects.create(slug="jp", iso_code="JP", kind="country", name="Nippon")
    output = load()
    assert Party.objects.filter(slug="jp").get().name == "Japan"
    assert "parties: 30 created, 1 updated, 0 unchanged" in output
