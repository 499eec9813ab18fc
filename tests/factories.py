"""factory_boy factories, one per model. Invented data: for tests and benchmarks only."""

import datetime

import factory
from django.contrib.auth import get_user_model

from agreements import models
from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    EvidenceGrade,
    EvidenceVerdict,
    InstrumentKind,
    PartyKind,
    PartyRole,
)
from agreements.deadlines import milestone_deadline


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


def _country_code(n: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    # Start at "QA.." so generated codes rarely collide with real ones used by tests (us, jp).
    n += 16 * 26
    return letters[(n // 26) % 26] + letters[n % 26]


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Party
        django_get_or_create = ("slug",)

    kind = PartyKind.COUNTRY
    iso_code = factory.Sequence(_country_code)
    slug = factory.LazyAttribute(lambda party: party.iso_code.lower())
    name = factory.Sequence(lambda n: f"Country {n}")


class OrganizationFactory(PartyFactory):
    kind = PartyKind.ORGANIZATION
    iso_code = None
    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")


class MineralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Mineral
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"mineral-{n}")
    name = factory.Sequence(lambda n: f"Mineral {n}")


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ValueChainStage
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"stage-{n}")
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: 100 + n)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Critical minerals framework {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")
    kind = AgreementKind.FRAMEWORK
    status = AgreementStatus.SIGNED
    signed_on = datetime.date(2025, 10, 28)
    summary = "A framework on the supply of rare earths."
    # Published unless a test says otherwise: most tests read what the public sees.
    published = True

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            for party in extracted:
                models.AgreementParty.objects.create(agreement=self, party=party, role=PartyRole.SIGNATORY)

    @factory.post_generation
    def minerals(self, create, extracted, **kwargs):
        if create and extracted:
            self.minerals.set(extracted)

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create and extracted:
            self.stages.set(extracted)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PartyFactory)
    role = PartyRole.SIGNATORY


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    agreement = factory.SubFactory(AgreementFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example Publisher"
    language = "en"


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Instrument

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Instrument {n}")
    kind = InstrumentKind.LOAN


class MilestoneFactory(factory.django.DjangoModelFactory):
    """Absolute by default; pass offset_months/offset_days (and due_on=None) for a relative one.

    `deadline` is derived like the services derive it, so rows are valid without a service call.
    """

    class Meta:
        model = models.Milestone

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    offset_months = None
    offset_days = None
    due_on = factory.LazyAttribute(
        lambda m: (
            None
            if (m.offset_months is not None or m.offset_days is not None)
            else (m.agreement.signed_on or datetime.date(2026, 1, 1)) + datetime.timedelta(days=90)
        )
    )
    deadline = factory.LazyAttribute(
        lambda m: milestone_deadline(
            due_on=m.due_on, offset_months=m.offset_months, offset_days=m.offset_days, signed_on=m.agreement.signed_on
        )
    )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"Project {n}")
    country = factory.SubFactory(PartyFactory)


class WatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Watch

    user = factory.SubFactory(UserFactory)
    agreement = factory.SubFactory(AgreementFactory)


class EvidenceFactory(factory.django.DjangoModelFactory):
    """An evidence item; `agreement` follows the milestone (Evidence.save)."""

    class Meta:
        model = models.Evidence

    milestone = factory.SubFactory(MilestoneFactory)
    agreement = factory.LazyAttribute(lambda e: e.milestone.agreement)
    occurred_on = factory.LazyAttribute(lambda e: e.milestone.deadline or datetime.date(2026, 1, 1))
    summary = factory.Sequence(lambda n: f"Event {n} reported")
    verdict = EvidenceVerdict.RELATED
    grade = EvidenceGrade.PRIMARY
    source_url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    source_title = "A statement"


class MineralListFactory(factory.django.DjangoModelFactory):
    """A criticality list; `minerals=[...]` adds them as entries (listed_as blank)."""

    class Meta:
        model = models.MineralList
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"list-{n}")
    name = factory.Sequence(lambda n: f"Invented list {n}")
    publisher = factory.SubFactory(PartyFactory)
    grade = EvidenceGrade.PRIMARY
    source_url = factory.Sequence(lambda n: f"https://example.org/lists/{n}")

    @factory.post_generation
    def minerals(self, create, extracted, **kwargs):
        for mineral in extracted or []:
            models.MineralListEntry.objects.create(mineral_list=self, mineral=mineral)


class HSCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.HSCode
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{2800 + n % 100:04d}.{n % 100:02d}")
    description = factory.Sequence(lambda n: f"Invented goods {n}")
    grade = EvidenceGrade.SECONDARY
    source_url = factory.Sequence(lambda n: f"https://example.org/hs/{n}")

    @factory.post_generation
    def minerals(self, create, extracted, **kwargs):
        if extracted:
            self.minerals.set(extracted)
