"""Fixtures for the REST API tests: a superuser and a small world of agreements.

The API reads "today" from the clock (timezone.localdate()): tests that build dates around it
take `api_today`, which pins the clock at the `today` fixture (`pinned_today`, tests/conftest.py).
"""

import datetime

import pytest
from django.core.cache import cache

from agreements.choices import PartyRole
from agreements.models import AgreementParty
from tests.factories import (
    AgreementFactory,
    MineralFactory,
    OrganizationFactory,
    PartyFactory,
    SourceFactory,
    StageFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    # Throttle counters live in the cache; each test starts with none (rates stay as configured).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_today(pinned_today) -> datetime.date:
    """The date the API answers for: the clock is at noon of `today` for the whole test."""
    return pinned_today


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "root-password-123")


@pytest.fixture
def japan():
    return PartyFactory(slug="jp", iso_code="JP", name="Japan")


@pytest.fixture
def usa():
    return PartyFactory(slug="us", iso_code="US", name="United States")


@pytest.fixture
def australia():
    return PartyFactory(slug="au", iso_code="AU", name="Australia")


@pytest.fixture
def rare_earths():
    return MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)


@pytest.fixture
def neodymium(rare_earths):
    return MineralFactory(slug="neodymium", name="Neodymium", symbol="Nd", group=rare_earths)


@pytest.fixture
def lithium():
    return MineralFactory(slug="lithium", name="Lithium", symbol="Li")


@pytest.fixture
def processing():
    return StageFactory(slug="processing", name="Processing", order=3)


@pytest.fixture
def mining():
    return StageFactory(slug="mining", name="Mining", order=2)


@pytest.fixture
def world(japan, usa, australia, rare_earths, neodymium, lithium, processing, mining):
    """Three invented agreements:

    - us-jp: the US and Japan, signatories, about neodymium (a rare earth), processing; 2025-10-28.
    - us-au: the US signs, Australia observes, about lithium, mining; 2024-03-01.
    - jp-org: Japan participates with an organisation, about rare earths (the group); unsigned.
    """
    us_jp = AgreementFactory(
        slug="us-jp",
        title="Framework on securing the supply of neodymium",
        signed_on=datetime.date(2025, 10, 28),
        parties=[usa, japan],
        minerals=[neodymium],
        stages=[processing],
    )
    SourceFactory(agreement=us_jp, url="https://example.org/us-jp", title="Fact sheet")
    us_au = AgreementFactory(
        slug="us-au",
        title="Lithium mining partnership",
        kind="partnership",
        status="in_force",
        signed_on=datetime.date(2024, 3, 1),
        summary="Battery metals cooperation.",
        minerals=[lithium],
        stages=[mining],
    )
    AgreementParty.objects.create(agreement=us_au, party=usa, role=PartyRole.SIGNATORY)
    AgreementParty.objects.create(agreement=us_au, party=australia, role=PartyRole.OBSERVER)
    org = OrganizationFactory(slug="mineral-forum", name="Mineral Forum")
    jp_org = AgreementFactory(
        slug="jp-org",
        title="Statement on rare earth stockpiles",
        kind="joint_statement",
        status="negotiating",
        signed_on=None,
        summary="Stockpiles.",
        minerals=[rare_earths],
    )
    AgreementParty.objects.create(agreement=jp_org, party=japan, role=PartyRole.PARTICIPANT)
    AgreementParty.objects.create(agreement=jp_org, party=org, role=PartyRole.PARTICIPANT)
    return {"us-jp": us_jp, "us-au": us_au, "jp-org": jp_org, "org": org}
