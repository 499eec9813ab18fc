import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.choices import MilestoneStatus, PartyKind, PartyRole
from agreements.models import Agreement, AgreementParty, Milestone, Mineral, Party
from tests.factories import AgreementFactory, InstrumentFactory, MilestoneFactory, MineralFactory, PartyFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_relative_milestone_gets_deadline_from_signing_date():
    agreement = AgreementFactory(signed_on=D(2025, 10, 28))
    six_months = services.milestone_create(agreement=agreement, data={"title": "Financing", "offset_months": 6})
    days_180 = services.milestone_create(agreement=agreement, data={"title": "Ministerial", "offset_days": 180})
    assert six_months.deadline == D(2026, 4, 28)
    assert days_180.deadline == D(2026, 4, 26)
    assert six_months.due_on is None


def test_absolute_milestone_deadline_is_its_date():
    agreement = AgreementFactory(signed_on=None)
    milestone = services.milestone_create(agreement=agreement, data={"title": "Report", "due_on": D(2027, 1, 31)})
    assert milestone.deadline == D(2027, 1, 31)


def test_relative_deadline_on_unsigned_agreement_is_refused():
    agreement = AgreementFactory(signed_on=None)
    with pytest.raises(ValidationError) as error:
        services.milestone_create(agreement=agreement, data={"title": "Too early", "offset_months": 6})
    assert "signing date" in error.value.message_dict["offset_months"][0]
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due_on": D(2026, 1, 1), "offset_months": 6}, "due_on"),  # both
        ({"due_on": D(2026, 1, 1), "offset_days": 10}, "due_on"),
        ({}, "due_on"),  # neither
    ],
)
def test_deadline_is_absolute_xor_relative(data, field):
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.milestone_create(agreement=agreement, data={"title": "Bad", **data})
    assert field in error.value.message_dict
    assert not Milestone.objects.exists()


def test_negative_offset_is_refused():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as error:
        services.milestone_create(agreement=agreement, data={"title": "Bad", "offset_days": -5})
    assert "offset_days" in error.value.message_dict


def test_changing_signing_date_moves_relative_deadlines_only():
    agreement = AgreementFactory(signed_on=D(2025, 10, 28))
    relative = services.milestone_create(agreement=agreement, data={"title": "Six months", "offset_months": 6})
    absolute = services.milestone_create(agreement=agreement, data={"title": "Fixed", "due_on": D(2026, 1, 15)})

    services.agreement_update(agreement=agreement, data={"signed_on": D(2025, 8, 31)})

    relative.refresh_from_db()
    absolute.refresh_from_db()
    assert relative.deadline == D(2026, 2, 28)  # clamped
    assert absolute.deadline == D(2026, 1, 15)


def test_signing_date_cannot_be_removed_while_relative_milestones_exist():
    agreement = AgreementFactory(signed_on=D(2025, 10, 28))
    services.milestone_create(agreement=agreement, data={"title": "Six months", "offset_months": 6})
    with pytest.raises(ValidationError) as error:
        services.agreement_update(agreement=agreement, data={"signed_on": None})
    assert "signed_on" in error.value.message_dict
    agreement.refresh_from_db()
    assert agreement.signed_on == D(2025, 10, 28)


def test_switching_a_milestone_from_relative_to_absolute():
    milestone = services.milestone_create(
        agreement=AgreementFactory(signed_on=D(2025, 10, 28)), data={"title": "Six", "offset_months": 6}
    )
    services.milestone_update(
        milestone=milestone, data={"offset_months": None, "offset_days": None, "due_on": D(2026, 6, 1)}
    )
    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.deadline, milestone.offset_months) == (D(2026, 6, 1), D(2026, 6, 1), None)


def test_completing_a_milestone_records_the_date_and_reopening_clears_it():
    milestone = services.milestone_create(agreement=AgreementFactory(), data={"title": "M", "due_on": D(2026, 1, 1)})
    services.milestone_update(milestone=milestone, data={"status": MilestoneStatus.COMPLETED})
    assert milestone.completed_on is not None
    services.milestone_update(milestone=milestone, data={"status": MilestoneStatus.IN_PROGRESS})
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_completed_on_without_completed_status_is_refused():
    milestone = services.milestone_create(agreement=AgreementFactory(), data={"title": "M", "due_on": D(2026, 1, 1)})
    with pytest.raises(ValidationError) as error:
        services.milestone_update(milestone=milestone, data={"completed_on": D(2026, 1, 1)})
    assert "completed_on" in error.value.message_dict


def test_milestone_instrument_must_belong_to_the_same_agreement():
    agreement = AgreementFactory()
    foreign_instrument = InstrumentFactory()
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            agreement=agreement, data={"title": "M", "due_on": D(2026, 1, 1), "instrument": foreign_instrument}
        )
    assert "instrument" in error.value.message_dict


def test_agreement_create_derives_a_unique_slug_from_the_title():
    first = services.agreement_create(data={"title": "US–Japan Framework", "kind": "framework"})
    second = services.agreement_create(data={"title": "US–Japan Framework", "kind": "framework"})
    assert first.slug == "usjapan-framework"
    assert second.slug == "usjapan-framework-2"


def test_agreement_create_with_parties_and_milestones_is_all_or_nothing():
    japan = PartyFactory(iso_code="JP", slug="jp", name="Japan")
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            data={"title": "Unsigned", "kind": "framework", "signed_on": None},
            parties=[{"party": japan, "role": PartyRole.SIGNATORY}],
            milestones=[{"title": "Six months", "offset_months": 6}],
        )
    assert "milestones[0]" in error.value.message_dict
    assert not Agreement.objects.exists()
    assert not AgreementParty.objects.exists()


def test_agreement_create_sets_parties_minerals_stages_sources_and_milestones():
    japan = PartyFactory(iso_code="JP", slug="jp", name="Japan")
    usa = PartyFactory(iso_code="US", slug="us", name="United States")
    rare_earths = MineralFactory(slug="rare-earths", is_group=True)
    agreement = services.agreement_create(
        data={"title": "Framework", "kind": "framework", "signed_on": D(2025, 10, 28)},
        parties=[{"party": japan, "role": "participant"}, {"party": usa, "role": "participant", "signed_by": "X"}],
        minerals=[rare_earths],
        sources=[{"title": "Text", "publisher": "Gov", "language": "en"}],
        milestones=[{"title": "Six months", "offset_months": 6}],
    )
    assert sorted(agreement.memberships.values_list("party__slug", "role")) == [
        ("jp", "participant"),
        ("us", "participant"),
    ]
    assert list(agreement.minerals.values_list("slug", flat=True)) == ["rare-earths"]
    assert agreement.sources.get().publisher == "Gov"
    assert agreement.milestones.get().deadline == D(2026, 4, 28)


def test_a_party_listed_twice_is_refused():
    japan = PartyFactory(iso_code="JP", slug="jp")
    with pytest.raises(ValidationError):
        services.agreement_create(
            data={"title": "T", "kind": "framework"}, parties=[{"party": japan}, {"party": japan}]
        )
    assert not Agreement.objects.exists()


def test_cyclic_mineral_groups_are_refused():
    rare_earths = MineralFactory(slug="rare-earths", is_group=True)
    light = MineralFactory(slug="light", is_group=True, group=rare_earths)
    rare_earths.group = light
    with pytest.raises(ValidationError) as error:
        rare_earths.full_clean()
    assert "group" in error.value.message_dict


def test_a_mineral_cannot_join_a_non_group():
    lithium = MineralFactory(slug="lithium")
    cobalt = Mineral(slug="cobalt", name="Cobalt", group=lithium)
    with pytest.raises(ValidationError) as error:
        cobalt.full_clean()
    assert "group" in error.value.message_dict


def test_country_rules_give_friendly_messages():
    with pytest.raises(ValidationError) as error:
        Party(slug="xx", name="Nowhere", kind=PartyKind.COUNTRY).full_clean()
    assert "iso_code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Party(slug="japan", name="Japan", kind=PartyKind.COUNTRY, iso_code="JP").full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Party(slug="eu", name="EU", kind=PartyKind.BLOC, iso_code="EU").full_clean()
    assert "iso_code" in error.value.message_dict


def test_history_records_who_changed_what():
    agreement = services.agreement_create(data={"title": "Framework", "kind": "framework"})
    services.agreement_update(agreement=agreement, data={"status": "in_force"})
    history = list(agreement.history.order_by("history_date").values_list("history_type", "status"))
    assert history == [("+", "signed"), ("~", "in_force")]


def test_reschedule_saves_only_milestones_that_moved():
    agreement = AgreementFactory(signed_on=D(2025, 10, 28))
    MilestoneFactory(agreement=agreement, offset_months=6)
    assert services.milestones_reschedule(agreement=agreement) == 0
    Agreement.objects.filter(pk=agreement.pk).update(signed_on=D(2025, 11, 28))
    agreement.refresh_from_db()
    assert services.milestones_reschedule(agreement=agreement) == 1
    assert agreement.milestones.get().deadline == D(2026, 5, 28)


def test_watch_add_is_idempotent(django_user_model):
    user = django_user_model.objects.create_user("analyst")
    agreement = AgreementFactory()
    first = services.watch_add(user=user, agreement=agreement)
    second = services.watch_add(user=user, agreement=agreement)
    assert first.pk == second.pk
    assert services.watch_remove(user=user, agreement=agreement) == 1
    assert services.watch_remove(user=user, agreement=agreement) == 0


def test_saving_a_stale_milestone_keeps_the_jobs_overdue_flag():
    milestone = services.milestone_create(agreement=AgreementFactory(), data={"title": "M", "due_on": D(2026, 1, 1)})
    stale = Milestone.objects.get(pk=milestone.pk)
    flagged_at = datetime.datetime(2026, 1, 2, 6, 0, tzinfo=datetime.UTC)
    Milestone.objects.filter(pk=milestone.pk).update(overdue_since=flagged_at)  # the job runs meanwhile

    services.milestone_update(milestone=stale, data={"title": "Renamed"})

    milestone.refresh_from_db()
    assert (milestone.title, milestone.overdue_since) == ("Renamed", flagged_at)


def test_a_deadline_past_the_year_9999_is_a_validation_error():
    agreement = AgreementFactory(signed_on=D(9999, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.milestone_create(agreement=agreement, data={"title": "Far", "offset_months": 6})
    assert "offset_months" in error.value.message_dict
    near = AgreementFactory(signed_on=D(2025, 1, 1))
    services.milestone_create(agreement=near, data={"title": "Six", "offset_months": 6})
    with pytest.raises(ValidationError) as error:
        services.agreement_update(agreement=near, data={"signed_on": D(9999, 12, 1)})
    assert "signed_on" in error.value.message_dict


def test_a_milestone_change_marks_its_agreement_updated():
    agreement = AgreementFactory()
    before = Agreement.objects.get(pk=agreement.pk).updated_at
    services.milestone_create(agreement=agreement, data={"title": "New", "due_on": D(2026, 1, 1)})
    assert Agreement.objects.get(pk=agreement.pk).updated_at > before


def test_entry_into_force_before_signing_is_a_field_error():
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            data={"title": "T", "kind": "law", "signed_on": D(2024, 4, 11), "entered_into_force_on": D(2024, 1, 1)}
        )
    assert "entered_into_force_on" in error.value.message_dict
