"""A small world with one published agreement and one draft, each with what belongs to an
agreement (a source, an instrument, a supported project, an overdue and an upcoming milestone, an
evidence item, a flag by the overdue job), and the readers: anonymous, a user without
permissions (`reader`, tests/conftest.py), an editor who may only view agreements (`viewer`), and
one who may change them (`publisher`).

Everything of the draft carries DRAFT_MARK in its text, so "the draft is absent" is one
assertion on a body: the mark does not occur.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from agreements.choices import AlertKind, EvidenceGrade, MilestoneStatus
from agreements.models import Alert, Discrepancy, DiscrepancyClaim, Milestone, MineralList, MineralListEntry
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

DRAFT_MARK = "Zzdraftmark"
PUBLIC_MARK = "Yypublicmark"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the API's throttle counters
    yield
    cache.clear()


def _with_permissions(user, *codenames):
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="agreements", codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh instance: no stale permission cache


@pytest.fixture
def viewer(django_user_model):
    """May view agreements (and milestones) in the admin: an editor who sees drafts, not one who publishes."""
    user = django_user_model.objects.create_user("viewer", "viewer@example.org", "viewer-password-123", is_staff=True)
    return _with_permissions(user, "view_agreement", "view_milestone", "change_milestone")


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user(
        "publisher", "publisher@example.org", "publisher-password-123", is_staff=True
    )
    return _with_permissions(user, "view_agreement", "add_agreement", "change_agreement")


@pytest.fixture
def adder(django_user_model):
    """May add agreements, nothing else: creates drafts, cannot publish or see them."""
    user = django_user_model.objects.create_user("adder", "adder@example.org", "adder-password-123")
    return _with_permissions(user, "add_agreement")


def _agreement_with_everything(*, mark: str, published: bool, party, mineral, stage, today):
    agreement = AgreementFactory(
        slug=f"{mark.lower()}-framework",
        title=f"{mark} framework",
        summary=f"{mark} summary",
        published=published,
        parties=[party],
        minerals=[mineral],
        stages=[stage],
        signed_on=today - datetime.timedelta(days=200),
    )
    SourceFactory(agreement=agreement, title=f"{mark} source", url=f"https://example.org/{mark.lower()}")
    instrument = InstrumentFactory(agreement=agreement, name=f"{mark} loan", amount=100, currency="USD", payer=party)
    instrument.stages.set([stage])
    instrument.minerals.set([mineral])
    project = ProjectFactory(slug=f"{mark.lower()}-mine", name=f"{mark} mine", country=party, stage=stage)
    project.instruments.set([instrument])
    project.minerals.set([mineral])
    late = MilestoneFactory(
        agreement=agreement, title=f"{mark} late report", due_on=today - datetime.timedelta(days=10)
    )
    upcoming = MilestoneFactory(
        agreement=agreement,
        title=f"{mark} upcoming report",
        due_on=today + datetime.timedelta(days=20),
        instrument=instrument,
    )
    evidence = EvidenceFactory(
        milestone=late, summary=f"{mark} evidence", occurred_on=today - datetime.timedelta(days=2)
    )
    flagged_at = timezone.now() - datetime.timedelta(days=1)
    Milestone.objects.filter(pk=late.pk).update(overdue_since=flagged_at, status=MilestoneStatus.PENDING)
    Alert.objects.create(kind=AlertKind.FLAGGED, milestone=late, deadline=late.deadline, created_at=flagged_at)
    discrepancy = Discrepancy.objects.create(agreement=agreement, topic=f"{mark} date of signing")
    DiscrepancyClaim.objects.create(discrepancy=discrepancy, claim=f"{mark} says Monday", grade=EvidenceGrade.PRIMARY)
    return {
        "agreement": agreement,
        "instrument": instrument,
        "project": project,
        "late": late,
        "upcoming": upcoming,
        "evidence": evidence,
    }


@pytest.fixture
def world(pinned_today):
    party = PartyFactory(slug="jp", iso_code="JP", name="Japan")
    mineral = MineralFactory(slug="gallium", name="Gallium")
    stage = StageFactory(slug="processing", name="Processing", order=2)
    shared = {"party": party, "mineral": mineral, "stage": stage, "today": pinned_today}
    # Reference data, in the data set whatever is published.
    usgs = MineralList.objects.create(slug="usgs-test", name="Test list", publisher=party, grade=EvidenceGrade.PRIMARY)
    MineralListEntry.objects.create(mineral_list=usgs, mineral=mineral)
    return {
        "party": party,
        "mineral": mineral,
        "stage": stage,
        "today": pinned_today,
        "published": _agreement_with_everything(mark=PUBLIC_MARK, published=True, **shared),
        "draft": _agreement_with_everything(mark=DRAFT_MARK, published=False, **shared),
    }
