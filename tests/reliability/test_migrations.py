"""Migrations apply forwards and backwards on PostgreSQL, and the models match them."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from agreements.models import Agreement, Milestone
from tests.factories import AgreementFactory, MilestoneFactory

APP = "agreements"


def agreements_migrations() -> list[str]:
    loader = MigrationLoader(connection)
    return [name for app, name in loader.graph.forwards_plan((APP, max_leaf())) if app == APP]


def max_leaf() -> str:
    leaves = MigrationLoader(connection).graph.leaf_nodes(APP)
    assert len(leaves) == 1, f"{APP} has several leaf migrations: {leaves}"
    return leaves[0][1]


def applied() -> set[str]:
    return {name for app, name in MigrationLoader(connection).applied_migrations if app == APP}


def tables() -> set[str]:
    return {name for name in connection.introspection.table_names() if name.startswith(f"{APP}_")}


@pytest.mark.django_db
def test_models_have_no_changes_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_every_migration_unapplies_and_reapplies_step_by_step():
    names = agreements_migrations()
    assert names[0] == "0001_initial"
    full_tables = tables()
    assert {"agreements_agreement", "agreements_milestone", "agreements_historicalagreement"} <= full_tables
    try:
        # Backwards one step at a time to zero, then forwards one step at a time.
        for target in [*reversed(names[:-1]), None]:
            call_command("migrate", APP, target or "zero", verbosity=0)
            assert applied() == (set(names[: names.index(target) + 1]) if target else set())
        assert tables() == set()
        for target in names:
            call_command("migrate", APP, target, verbosity=0)
            assert target in applied()
    finally:
        call_command("migrate", verbosity=0)
    assert tables() == full_tables
    # The schema works again after the round trip, constraints included.
    milestone = MilestoneFactory(agreement=AgreementFactory(slug="after-round-trip"))
    assert Milestone.objects.get(pk=milestone.pk).agreement.slug == "after-round-trip"
    assert Agreement.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_postgresql_indexes_of_0002_are_dropped_and_recreated():
    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'agreements_%%'")
            return {row[0] for row in cursor.fetchall()}

    with_0002 = indexes()
    try:
        call_command("migrate", APP, "0001_initial", verbosity=0)
        without_0002 = indexes()
    finally:
        call_command("migrate", verbosity=0)
    added_by_0002 = with_0002 - without_0002
    assert added_by_0002, "0002 adds PostgreSQL-only indexes"
    assert indexes() == with_0002


@pytest.mark.django_db(transaction=True)
def test_no_migration_is_left_unapplied():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
