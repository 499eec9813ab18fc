"""`manage.py load_demo`: the demo data set of REFERENCE.md, loaded idempotently through the services."""

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
    InstrumentKind,
    MilestoneStatus,
    OfftakeStatus,
    PartyRole,
    PermitStatus,
    ProjectStatus,
)
from agreements.demo import data
from agreements.models import (
    Agreement,
    AgreementParty,
    Instrument,
    Milestone,
    Mineral,
    Party,
    Project,
    Source,
    ValueChainStage,
)
from agreements.services import agreement_update, milestone_update

pytestmark = pytest.mark.django_db

US_JAPAN = "us-japan-critical-minerals-framework-2025"
US_AUSTRALIA = "us-australia-critical-minerals-framework-2025"
ROOT = Path(__file__).resolve().parents[2]


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


def test_us_japan_sources_include_the_text_and_the_german_summary_without_invented_urls(loaded):
    sources = Source.objects.filter(agreement__slug=US_JAPAN)
    assert sources.count() == 5
    languages = sorted(sources.values_list("language", flat=True))
    assert languages == ["de", "de", "en", "en", "ja"]
    german = sources.get(title__startswith="Strategischer Schulterschluss in Tokio")
    assert german.language == "de"
    dpa = sources.get(publisher="dpa via finanznachrichten.de")
    assert dpa.published_on == datetime.date(2025, 10, 28)
    # The reference gives no full URL for any source: none may be made up.
    assert set(Source.objects.values_list("url", flat=True)) == {""}


def test_every_agreement_of_the_reference_is_loaded(loaded):
    assert set(Agreement.objects.values_list("slug", flat=True)) == {entry["slug"] for entry in data.AGREEMENTS}
    assert Agreement.objects.count() == 9
    signed = dict(Agreement.objects.values_list("slug", "signed_on"))
    assert signed == {
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
    }
    assert not Agreement.objects.filter(legally_binding=True).exists()


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
    assert Instrument.objects.count() == 29
    assert Milestone.objects.count() == 6


def test_us_australia_records_the_amount_disagreement_instead_of_picking_a_figure(loaded):
    financing = Instrument.objects.get(agreement__slug=US_AUSTRALIA, amount=Decimal("1000000000"))
    assert (financing.amount_qualifier, financing.currency) == (AmountQualifier.AT_LEAST, "USD")
    assert "US$8.5bn" in financing.notes
    assert "more than US$3bn" in financing.notes
    milestone = Milestone.objects.get(agreement__slug=US_AUSTRALIA, offset_months=6)
    assert milestone.deadline == datetime.date(2026, 4, 20)
    assert milestone.instrument == financing
    assert "US$3bn" in milestone.notes
    exim = Instrument.objects.get(agreement__slug=US_AUSTRALIA, name="US EXIM letters of interest")
    assert (exim.amount, exim.amount_qualifier, exim.responsible.slug) == (
        Decimal("2200000000.00"),
        AmountQualifier.MORE_THAN,
        "us-exim",
    )


def test_past_events_are_loaded_as_completed_milestones(loaded):
    completed = dict(
        Milestone.objects.filter(status=MilestoneStatus.COMPLETED).values_list("agreement__slug", "completed_on")
    )
    assert completed == {
        "minerals-security-partnership": datetime.date(2024, 9, 23),
        "eu-critical-raw-materials-act": datetime.date(2025, 3, 25),
    }
    assert Milestone.objects.filter(completed_on__isnull=False).count() == 2


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
    assert "agreements: 0 created, 0 updated, 9 unchanged" in output


def test_command_prints_a_summary_of_what_it_created():
    output = load()
    assert "agreements: 9 created, 0 updated, 0 unchanged" in output
    assert "milestones: 6 created, 0 updated, 0 unchanged" in output
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
    assert "agreements: 0 created, 1 updated, 8 unchanged" in output


def test_progress_recorded_by_users_survives_a_reload(loaded, today):
    milestone = Milestone.objects.get(agreement__slug=US_JAPAN, offset_days=180)
    milestone_update(milestone=milestone, data={"status": MilestoneStatus.COMPLETED, "completed_on": today})

    output = load()

    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == (MilestoneStatus.COMPLETED, today)
    assert "milestones: 0 created, 0 updated, 6 unchanged" in output


def test_existing_reference_rows_are_updated_not_duplicated():
    Party.objects.create(slug="jp", iso_code="JP", kind="country", name="Nippon")
    output = load()
    assert Party.objects.filter(slug="jp").get().name == "Japan"
    assert "parties: 20 created, 1 updated, 0 unchanged" in output
