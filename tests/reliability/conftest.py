"""Fixtures for the reliability and security tests."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from agreements.models import ReportedAmount
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

SUPERUSER_PASSWORD = "superuser-password-123"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", SUPERUSER_PASSWORD)


@pytest.fixture
def sample_records(db):
    """One of each main record, so that every admin change/delete/history page has an object."""
    return make_sample_records()


def make_sample_records():
    """`sample_records` as a plain function (the stateful fuzz test rebuilds them per workflow)."""
    party = PartyFactory(iso_code="QZ", slug="qz", name="Country QZ")
    mineral = MineralFactory(slug="rare-earths-test", name="Rare earths (test)", is_group=True)
    stage = StageFactory(slug="mining-test", name="Mining (test)")
    agreement = AgreementFactory(slug="test-framework", parties=[party], minerals=[mineral], stages=[stage])
    SourceFactory(agreement=agreement)
    milestone = MilestoneFactory(agreement=agreement)
    # Evidence and reported figures, so /api/evidence/{id}/ and the money fields have records.
    EvidenceFactory(milestone=milestone, occurred_on=datetime.date(2025, 6, 1), verdict="partly_fulfils")
    instrument = InstrumentFactory(agreement=agreement, payer=party, firmness="pledge")
    ReportedAmount.objects.create(
        instrument=instrument, amount=1000, currency="USD", amount_qualifier="up_to", source_title="Fact sheet"
    )
    ProjectFactory(slug="test-project", country=party, stage=stage).minerals.set([mineral])
    return agreement


def analyst_paths() -> list[str]:
    """Every analyst page of the contract, for the records of `sample_records`."""
    return [
        "/",
        "/agreements/",
        "/agreements/?q=framework",
        "/agreements/test-framework/",
        "/milestones/",
        "/milestones/?overdue=true",
        "/parties/qz/",
        "/parties/compare/",
        "/minerals/rare-earths-test/",
        "/stages/mining-test/",
        "/projects/test-project/",
        "/accounts/login/",
    ]


@pytest.fixture
def plain_http_cookies(settings):
    """The live server speaks plain HTTP: let the browser keep the session and CSRF cookies."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
