"""The benchmark's data generator: every row it writes keeps the app's rules."""

import datetime

import psycopg
import pytest
from django.db import connection

from agreements.choices import OPEN_MILESTONE_STATUSES, PartyKind
from agreements.deadlines import milestone_deadline
from agreements.models import Agreement, AgreementParty, Instrument, Milestone, Party, Project
from bench import database, generate, overdue
from bench.scale import Scale

# The generator writes through its own connection: the test's rows must be committed and flushed.
pytestmark = pytest.mark.django_db(transaction=True)
TINY = Scale.of(0.005)


def _psycopg_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def generated(today):
    with _psycopg_connection() as conn:
        generate.generate(conn, TINY, today=today, log=lambda _message: None)
        yield conn


def test_generator_writes_the_counts_of_the_scale(generated):
    assert Agreement.objects.count() == TINY.agreements == 50
    assert Party.objects.count() == TINY.parties
    assert Instrument.objects.count() == TINY.instruments
    assert Milestone.objects.count() == TINY.milestones
    assert Project.objects.count() == TINY.projects
    assert AgreementParty.objects.filter(agreement_id=1).count() >= 2


def test_generated_relative_deadlines_follow_the_deadline_rules(generated):
    relative = list(Milestone.objects.relative().select_related("agreement"))
    assert len(relative) > TINY.milestones // 10
    for milestone in relative:
        expected = milestone_deadline(
            due_on=None,
            offset_months=milestone.offset_months,
            offset_days=milestone.offset_days,
            signed_on=milestone.agreement.signed_on,
        )
        assert milestone.deadline == expected


def test_generated_milestones_pass_model_validation(generated, today):
    for milestone in Milestone.objects.select_related("agreement", "instrument").order_by("pk")[:200]:
        milestone.full_clean()  # milestone_validate: absolute xor relative, instrument of the same agreement


def test_generated_countries_have_their_code_as_slug(generated):
    countries = Party.objects.filter(kind=PartyKind.COUNTRY)
    assert countries.count() == TINY.countries
    assert all(party.slug == party.iso_code.lower() for party in countries)


def test_generated_overdue_share_is_realistic_and_flagged_as_the_job_would(generated, today):
    overdue_count = Milestone.objects.overdue_on(today).count()
    assert 0.05 * TINY.milestones < overdue_count < 0.25 * TINY.milestones
    flagged = set(Milestone.objects.filter(overdue_since__isnull=False).values_list("pk", flat=True))
    assert flagged == set(Milestone.objects.overdue_on(today).values_list("pk", flat=True))


def test_search_words_match_about_one_agreement_in_six(generated):
    matches = Agreement.objects.search("rare earth").count()
    assert 0.05 * TINY.agreements < matches < 0.4 * TINY.agreements


def test_overdue_set_is_ten_percent_late_and_the_raw_update_flags_exactly_those(generated, today):
    conn = generated
    generate.generate_overdue_set(conn, rows=4000, agreements=TINY.agreements, today=today)
    late = Milestone.objects.overdue_on(today).filter(overdue_since__isnull=True).count()
    assert 350 < late < 450
    now = datetime.datetime.combine(today, datetime.time(6), tzinfo=datetime.UTC)
    run = overdue.run_raw(conn, today=today, now=now)
    assert run["flagged"] == late
    assert Milestone.objects.overdue_on(today).filter(overdue_since__isnull=True).count() == 0
    stale = Milestone.objects.filter(overdue_since__isnull=False).exclude(status__in=OPEN_MILESTONE_STATUSES)
    assert not stale.exists()
    generate.reset_overdue_set(conn)
    assert Milestone.objects.overdue_on(today).filter(overdue_since__isnull=True).count() == late


def test_bench_database_is_never_the_configured_one():
    url = "postgres://postgres@127.0.0.1:5432/tracker"
    assert database.bench_url(url) == "postgres://postgres@127.0.0.1:5432/tracker_bench"
    with pytest.raises(SystemExit):
        database.bench_url(url, "tracker")
    with pytest.raises(SystemExit):
        database.bench_url("mysql://root@127.0.0.1:3306/tracker")
