"""A small invented data set for the pages: enough to answer the analysts' four questions.

Today is pinned at 2026-05-15 (`pinned_today`, tests/conftest.py). Invented data, for tests only.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    AlertKind,
    EvidenceGrade,
    EvidenceVerdict,
    InstrumentKind,
    MilestoneStatus,
    OfftakeStatus,
    PermitStatus,
    ReviewStatus,
)
from agreements.models import Agreement, Alert
from tests.factories import (
    AgreementFactory,
    EvidenceFactory,
    InstrumentFactory,
    MilestoneFactory,
    MineralFactory,
    PartyFactory,
    ProjectFactory,
    SourceFactory,
    StageFactory,
)


@dataclass
class Dataset:
    us: object
    jp: object
    au: object
    rare_earths: object
    neodymium: object
    lithium: object
    mining: object
    processing: object
    recycling: object
    framework: Agreement  # US–Japan, rare earths, signed 2025-10-28
    magnets: Agreement  # Japan–Australia, neodymium, signed 2024-03-01
    lithium_deal: Agreement  # Japan–Australia, lithium, signed 2022-06-01
    old_rare_earths: Agreement  # US–Japan, rare earths, signed 2021-01-10
    six_months: object
    days_180: object
    due_soon: object
    done: object


@pytest.fixture
def dataset(pinned_today) -> Dataset:
    """The data set, with the clock at `today` (the views read timezone.localdate())."""
    return build_dataset()


def build_dataset() -> Dataset:
    us = PartyFactory(slug="us", iso_code="US", name="United States")
    jp = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    au = PartyFactory(slug="au", iso_code="AU", name="Australia")
    rare_earths = MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)
    neodymium = MineralFactory(slug="neodymium", name="Neodymium", symbol="Nd", group=rare_earths)
    lithium = MineralFactory(slug="lithium", name="Lithium", symbol="Li")
    mining = StageFactory(slug="mining", name="Mining", order=2)
    processing = StageFactory(slug="processing", name="Processing", order=3)
    recycling = StageFactory(slug="recycling", name="Recycling", order=6)

    framework = AgreementFactory(
        slug="us-japan-framework",
        title="Invented US–Japan framework on rare earths",
        short_title="US–Japan framework",
        summary="Securing the supply of rare earths through mining and processing.",
        kind=AgreementKind.FRAMEWORK,
        signed_on=datetime.date(2025, 10, 28),
        signed_at="Tokyo",
        parties=[us, jp],
        minerals=[rare_earths],
        stages=[mining, processing],
    )
    magnets = AgreementFactory(
        slug="japan-australia-magnets",
        title="Invented Japan–Australia magnet partnership",
        summary="Neodymium magnets from Australian ore.",
        kind=AgreementKind.PARTNERSHIP,
        status=AgreementStatus.IMPLEMENTING,
        signed_on=datetime.date(2024, 3, 1),
        parties=[jp, au],
        minerals=[neodymium],
        stages=[processing],
    )
    lithium_deal = AgreementFactory(
        slug="japan-australia-lithium",
        title="Invented Japan–Australia lithium memorandum",
        summary="Lithium hydroxide supply.",
        kind=AgreementKind.MOU,
        signed_on=datetime.date(2022, 6, 1),
        parties=[jp, au],
        minerals=[lithium],
        stages=[mining],
    )
    old_rare_earths = AgreementFactory(
        slug="us-japan-2021",
        title="Invented US–Japan rare earth statement",
        summary="An older statement on rare earths.",
        kind=AgreementKind.JOINT_STATEMENT,
        status=AgreementStatus.COMPLETED,
        signed_on=datetime.date(2021, 1, 10),
        parties=[us, jp],
        minerals=[rare_earths],
        stages=[recycling],
    )
    SourceFactory(agreement=framework, title="Invented framework text", publisher="Invented Gazette")
    loan = InstrumentFactory(
        agreement=framework, name="Project loans", kind=InstrumentKind.LOAN, amount=1_000_000_000, currency="USD"
    )
    loan.stages.set([mining, processing])
    offtake = InstrumentFactory(agreement=framework, name="Offtake arrangements", kind=InstrumentKind.OFFTAKE)
    offtake.stages.set([processing])
    stockpile = InstrumentFactory(agreement=magnets, name="Magnet stockpile", kind=InstrumentKind.STOCKPILE)
    stockpile.stages.set([processing])
    six_months = MilestoneFactory(
        agreement=framework, title="Financial support measures", offset_months=6, responsible=us
    )
    days_180 = MilestoneFactory(agreement=framework, title="Investment ministerial", offset_days=180)
    due_soon = MilestoneFactory(agreement=magnets, title="Stockpile review", due_on=datetime.date(2026, 6, 1))
    done = MilestoneFactory(
        agreement=lithium_deal,
        title="Joint study published",
        due_on=datetime.date(2023, 1, 1),
        status=MilestoneStatus.COMPLETED,
        completed_on=datetime.date(2022, 12, 1),
    )
    # Evidence: the study was delivered on time; the support measures have only a related report.
    EvidenceFactory(
        milestone=done,
        occurred_on=datetime.date(2022, 12, 1),
        verdict=EvidenceVerdict.FULFILS,
        summary="The joint study was published.",
        source_title="Invented study",
        source_publisher="Invented Ministry",
    )
    EvidenceFactory(
        milestone=six_months,
        occurred_on=datetime.date(2026, 3, 2),
        verdict=EvidenceVerdict.RELATED,
        grade=EvidenceGrade.SECONDARY,
        summary="A newspaper reports talks on the support measures.",
        source_title="Invented Times",
        source_publisher="Invented Times",
    )
    type(six_months).objects.filter(pk=six_months.pk).update(last_checked_on=datetime.date(2026, 5, 10))
    six_months.refresh_from_db()
    project = ProjectFactory(
        slug="nolans-invented",
        name="Invented rare earth mine",
        country=au,
        stage=mining,
        permit_status=PermitStatus.GRANTED,
        offtake_status=OfftakeStatus.NEGOTIATING,
        environmental_review_status=ReviewStatus.APPROVED,
    )
    project.instruments.set([loan])
    project.minerals.set([rare_earths])
    Alert.objects.create(
        kind=AlertKind.FLAGGED,
        milestone=days_180,
        deadline=days_180.deadline,
        created_at=timezone.now(),
    )
    return Dataset(
        us=us,
        jp=jp,
        au=au,
        rare_earths=rare_earths,
        neodymium=neodymium,
        lithium=lithium,
        mining=mining,
        processing=processing,
        recycling=recycling,
        framework=framework,
        magnets=magnets,
        lithium_deal=lithium_deal,
        old_rare_earths=old_rare_earths,
        six_months=six_months,
        days_180=days_180,
        due_soon=due_soon,
        done=done,
    )
