"""Writers take the data version's lock before any row lock, so they queue instead of deadlocking.

The evidence services lock their milestone (`select_for_update`) before they write. Without
`data_version.lock_for_write()` first, a writer that already holds the version (it wrote
something) and then wants that milestone, while the service holds the milestone and wants the
version for its first INSERT, is a deadlock: PostgreSQL aborts one of them.
"""

import threading
import time

import psycopg
import pytest
from django.db import connection, transaction

from agreements import data_version
from agreements.choices import EvidenceVerdict
from agreements.services import evidence as evidence_service
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _other_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )


def _add_evidence_in_a_thread(milestone, outcome):
    def run():
        try:
            evidence_service.evidence_create(
                data={
                    "milestone": milestone,
                    "occurred_on": milestone.deadline,
                    "summary": "Reported",
                    "verdict": EvidenceVerdict.RELATED,
                    "grade": "primary",
                    "source_url": "https://example.org/statement",
                }
            )
            outcome.append("ok")
        except Exception as error:  # the failure is the assertion's message
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _waiting_for_a_lock(other) -> bool:
    """Whether some backend other than `other` waits for a lock (the service's thread)."""
    row = other.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()
    return row[0] > 0


def test_an_evidence_write_and_a_writer_holding_the_version_queue_instead_of_deadlocking():
    milestone = MilestoneFactory()
    outcome = []
    with _other_connection() as other:
        # The other writer writes first: it holds the version row until it commits.
        other.execute("UPDATE agreements_agreement SET title = title WHERE id = %s", [milestone.agreement_id])
        thread = _add_evidence_in_a_thread(milestone, outcome)
        with _other_connection() as observer:
            observer.autocommit = True
            for _ in range(100):  # the service now waits; for the version, not yet holding the milestone
                if _waiting_for_a_lock(observer):
                    break
                time.sleep(0.05)
            assert _waiting_for_a_lock(observer)
        # The other writer now wants the milestone. Had the service locked it first, this would
        # deadlock (PostgreSQL aborts one after deadlock_timeout); instead it gets it at once.
        other.execute("SET LOCAL lock_timeout = '5s'")
        other.execute("UPDATE agreements_milestone SET title = title WHERE id = %s", [milestone.pk])
        other.commit()
    thread.join(timeout=30)
    assert outcome == ["ok"]
    assert milestone.evidence.count() == 1


def test_lock_for_write_holds_the_version_row_until_the_transaction_ends():
    with _other_connection() as other:
        with transaction.atomic():
            data_version.lock_for_write()
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(f"SELECT version FROM {data_version.TABLE} FOR UPDATE NOWAIT")
        other.rollback()
        other.execute(f"SELECT version FROM {data_version.TABLE} FOR UPDATE NOWAIT")
        other.rollback()
