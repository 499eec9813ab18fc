"""The data version (agreements/data_version.py): kept by PostgreSQL, moved by every write.

The trigger check compares the database with the app's models: a model added later without the
trigger in its migration fails here, as does any new table nobody classified below.
"""

import threading

import pytest
from django.apps import apps
from django.db import connection, transaction

from agreements import data_version
from agreements.data_version import current_data_version
from agreements.models import Party
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

# Tables whose rows no cached read shows: sign-in state, tokens, the scheduler, Django's own.
# (Users' names appear only on pages for editors, which are never cached.)
UNTRACKED_PREFIXES = (
    "auth_",
    "accounts_",
    "account_",
    "axes_",
    "django_",
    "socialaccount_",
    data_version.TABLE,
)


def triggered_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = %s AND p.proname = %s AND t.tgenabled <> 'D'",
            [data_version.TRIGGER, data_version.FUNCTION],
        )
        return {name for (name,) in cursor.fetchall()}


def public_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        return {name for (name,) in cursor.fetchall()}


def untracked_tables() -> set[str]:
    """Tables that readers may see but that no trigger watches."""
    model_tables = set(data_version.tracked_tables(apps.get_app_config("agreements")))
    unclassified = {name for name in public_tables() if not name.startswith(UNTRACKED_PREFIXES)}
    return (model_tables | unclassified) - triggered_tables()


def test_every_table_of_the_app_has_the_trigger():
    tables = data_version.tracked_tables(apps.get_app_config("agreements"))
    # Through tables and history tables are among them.
    assert {"agreements_agreement_minerals", "agreements_historicalagreement", "agreements_party"} <= set(tables)
    assert untracked_tables() == set()


def test_the_check_fails_for_a_table_without_the_trigger():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE agreements_probe (id bigint PRIMARY KEY)")
        assert untracked_tables() == {"agreements_probe"}
        with connection.cursor() as cursor:
            cursor.execute(data_version.trigger_sql("agreements_probe"))
        assert untracked_tables() == set()
        transaction.set_rollback(True)


def test_reading_the_version_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert isinstance(current_data_version(), int)


def test_orm_writes_move_the_version():
    before = current_data_version()
    party = PartyFactory()
    after_insert = current_data_version()
    assert after_insert > before
    Party.objects.filter(pk=party.pk).update(name="Renamed")
    after_update = current_data_version()
    assert after_update > after_insert
    party.delete()
    assert current_data_version() > after_update


def test_raw_sql_moves_the_version():
    party = PartyFactory()
    before = current_data_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE agreements_party SET name = 'By hand' WHERE id = %s", [party.pk])
    assert current_data_version() > before


def test_truncate_moves_the_version():
    before = current_data_version()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE agreements_discrepancyclaim CASCADE")
    assert current_data_version() > before


def test_reads_do_not_move_the_version():
    PartyFactory()
    before = current_data_version()
    list(Party.objects.all())
    assert current_data_version() == before


def test_a_rolled_back_write_never_hands_its_number_to_other_data():
    before = current_data_version()
    with transaction.atomic():
        PartyFactory()
        inside = current_data_version()
        transaction.set_rollback(True)
    assert current_data_version() == before
    PartyFactory()
    assert current_data_version() > inside  # the sequence went on: no number names two states


def _version_seen_elsewhere() -> int:
    """The version as another connection (another web process) sees it."""
    seen = []

    def read():
        try:
            seen.append(current_data_version())
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=30)
    return seen[0]


@pytest.mark.django_db(transaction=True)
def test_other_connections_see_a_new_version_only_once_the_write_commits():
    before = current_data_version()
    with transaction.atomic():
        PartyFactory()
        assert current_data_version() > before
        # Uncommitted: a reader elsewhere still reads (and may cache) the old rows under the old number.
        assert _version_seen_elsewhere() == before
    assert _version_seen_elsewhere() == current_data_version() > before
