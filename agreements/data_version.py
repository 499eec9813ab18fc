"""The data version: one number that every write to what readers see moves, kept by PostgreSQL.

A statement-level trigger on every table of the app (through tables and history tables
included) sets the one row of `tracker_data_version` to the next value of a sequence. The API,
the admin, the overdue job's set-based UPDATEs, the loaders and a manual psql edit all move it;
no write path can forget. ETags and cached responses are keyed by it (agreements/caching.py).

Why a row and a sequence: the row is transactional, so a reader sees a new version only once
the write that moved it has committed (a bare sequence moves before the commit, and a reader
could cache old rows under the new number); the sequence never goes back, so a rolled-back
write never hands out a number again for other data (tests roll back all the time).

The trigger runs BEFORE each statement: a writer takes the row's lock before any row lock of
its own, so two writers queue instead of deadlocking over the rows they both change.
"""

from django.db import connection

TABLE = "tracker_data_version"
SEQUENCE = "tracker_data_version_seq"
FUNCTION = "tracker_bump_data_version"
TRIGGER = "tracker_data_version_bump"

INSTALL_SQL = f"""
CREATE SEQUENCE {SEQUENCE};
CREATE TABLE {TABLE} (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO {TABLE} (version) VALUES (nextval('{SEQUENCE}'));
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET version = nextval('{SEQUENCE}');
    RETURN NULL;
END
$$;
"""  # noqa: S608 (constants only)
UNINSTALL_SQL = f"DROP FUNCTION {FUNCTION}(); DROP TABLE {TABLE}; DROP SEQUENCE {SEQUENCE};"


def trigger_sql(table: str) -> str:
    """Installs the trigger on `table` (a migration adding a model runs this for its tables)."""
    return (
        f'CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();"
    )


def drop_trigger_sql(table: str) -> str:
    return f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}";'


def tracked_tables(app_config) -> list[str]:
    """The tables of an app's concrete models, auto-created through tables and history included."""
    return sorted(
        {
            model._meta.db_table
            for model in app_config.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def current_data_version() -> int:
    """The committed data version this connection sees: one primary-key read of a one-row table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE}")  # noqa: S608 (a constant)
        return cursor.fetchone()[0]


def lock_for_write() -> None:
    """Take the version row's lock now, as the trigger would at the first write.

    A transaction that locks rows (`select_for_update`) before it writes calls this first, so
    every writer takes the version lock before any row lock: writers queue in one order instead
    of deadlocking (one holding the version and wanting the row, the other the reverse).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {TABLE} FOR UPDATE")  # noqa: S608 (a constant)
