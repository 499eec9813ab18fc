"""The database refuses what the rules forbid, even when code skips validation."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from agreements.models import Agreement, AgreementParty, Alert, Instrument, Milestone, Mineral, Party, Watch
from tests.factories import AgreementFactory, MilestoneFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_milestone_both_absolute_and_relative_is_refused_by_the_database():
    agreement = AgreementFactory()
    assert refused(
        lambda: Milestone.objects.create(
            agreement=agreement, title="x", due_on=D(2026, 1, 1), deadline=D(2026, 1, 1), offset_months=6
        )
    )


def test_milestone_with_neither_deadline_is_refused_by_the_database():
    agreement = AgreementFactory()
    assert refused(lambda: Milestone.objects.create(agreement=agreement, title="x", deadline=D(2026, 1, 1)))


def test_milestone_deadline_must_equal_absolute_date():
    # save() derives the deadline, so only a direct UPDATE can try to store a wrong one.
    milestone = MilestoneFactory(due_on=D(2026, 1, 1))
    assert milestone.deadline == D(2026, 1, 1)
    assert refused(lambda: Milestone.objects.filter(pk=milestone.pk).update(deadline=D(2026, 2, 1)))


def test_milestone_status_outside_the_choices_is_refused():
    milestone = MilestoneFactory()
    assert refused(lambda: Milestone.objects.filter(pk=milestone.pk).update(status="forgotten"))


def test_completed_on_only_with_completed_status():
    milestone = MilestoneFactory()
    assert refused(lambda: Milestone.objects.filter(pk=milestone.pk).update(completed_on=D(2026, 1, 1)))
    assert refused(lambda: Milestone.objects.filter(pk=milestone.pk).update(status="completed"))


def test_party_country_needs_iso_code_and_matching_slug():
    assert refused(lambda: Party.objects.create(slug="xx", name="X", kind="country"))
    assert refused(lambda: Party.objects.create(slug="japan", name="Japan", kind="country", iso_code="JP"))
    assert refused(lambda: Party.objects.create(slug="eu", name="EU", kind="bloc", iso_code="EU"))
    assert not refused(lambda: Party.objects.create(slug="jp", name="Japan", kind="country", iso_code="JP"))


def test_party_iso_code_is_unique():
    PartyFactory(iso_code="JP", slug="jp")
    assert refused(lambda: Party.objects.create(slug="jp2", name="J", kind="organization", iso_code="JP"))


def test_mineral_cannot_be_its_own_group():
    mineral = Mineral.objects.create(slug="nd", name="Neodymium")
    assert refused(lambda: Mineral.objects.filter(pk=mineral.pk).update(group=mineral))


def test_agreement_kind_and_status_are_constrained():
    assert refused(lambda: Agreement.objects.create(title="T", slug="t", kind="gentlemens_agreement"))
    assert refused(lambda: Agreement.objects.create(title="T", slug="t", kind="framework", status="dreaming"))


def test_agreement_cannot_enter_into_force_before_signing():
    assert refused(
        lambda: Agreement.objects.create(
            title="T", slug="t", kind="law", signed_on=D(2024, 4, 11), entered_into_force_on=D(2024, 1, 1)
        )
    )


def test_a_party_appears_once_per_agreement():
    agreement = AgreementFactory()
    party = PartyFactory()
    AgreementParty.objects.create(agreement=agreement, party=party)
    assert refused(lambda: AgreementParty.objects.create(agreement=agreement, party=party, role="observer"))


def test_instrument_amount_needs_currency_and_is_not_negative():
    agreement = AgreementFactory()
    assert refused(lambda: Instrument.objects.create(agreement=agreement, name="i", kind="loan", amount=5))
    assert refused(
        lambda: Instrument.objects.create(agreement=agreement, name="i", kind="loan", amount=-5, currency="USD")
    )


def test_watch_has_exactly_one_target_and_is_unique():
    user = UserFactory()
    agreement = AgreementFactory()
    party = PartyFactory()
    assert refused(lambda: Watch.objects.create(user=user))
    assert refused(lambda: Watch.objects.create(user=user, agreement=agreement, party=party))
    Watch.objects.create(user=user, agreement=agreement)
    assert refused(lambda: Watch.objects.create(user=user, agreement=agreement))


def test_overdue_notice_is_unique_per_milestone_recipient_and_deadline():
    milestone = MilestoneFactory()
    user = UserFactory()
    now = datetime.datetime(2026, 5, 15, tzinfo=datetime.UTC)
    Alert.objects.create(
        kind="overdue_notice", milestone=milestone, recipient=user, deadline=D(2026, 5, 1), created_at=now
    )
    assert refused(
        lambda: Alert.objects.create(
            kind="overdue_notice", milestone=milestone, recipient=user, deadline=D(2026, 5, 1), created_at=now
        )
    )
    # A moved deadline that is missed again is a new notice.
    assert not refused(
        lambda: Alert.objects.create(
            kind="overdue_notice", milestone=milestone, recipient=user, deadline=D(2026, 5, 8), created_at=now
        )
    )
    # Flags are a log, not a guard: repeats are allowed.
    Alert.objects.create(kind="flagged", milestone=milestone, deadline=D(2026, 5, 1), created_at=now)
    Alert.objects.create(kind="flagged", milestone=milestone, deadline=D(2026, 5, 1), created_at=now)
