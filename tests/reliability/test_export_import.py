"""Data safety: an export restored into an empty database reproduces every record and its history.

The restore runs in a separate process against a freshly migrated PostgreSQL database; the
proof is that exporting that database again gives the same file.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import ApiToken
from agreements import models, services
from agreements.choices import AlertKind, MilestoneStatus, PartyRole
from tests.factories import InstrumentFactory, MineralFactory, PartyFactory, ProjectFactory, StageFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
RESTORE_DB = f"{settings.DATABASES['default']['NAME']}_restore"
TEMPLATE_DB = f"{RESTORE_DB}_template"


def server_url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{dbname}"


def manage(*args: str, database: str) -> subprocess.CompletedProcess:
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": server_url(database),
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    return result


def recreate(name: str, template: str | None = None) -> None:
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop(name: str) -> None:
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def migrated_template():
    """One freshly migrated database per module; each test copies it (CREATE DATABASE … TEMPLATE)."""
    recreate(TEMPLATE_DB)
    try:
        migrated = manage("migrate", "--noinput", database=TEMPLATE_DB)
        assert migrated.returncode == 0, migrated.stderr
        yield TEMPLATE_DB
    finally:
        drop(TEMPLATE_DB)


@pytest.fixture
def empty_database(migrated_template):
    """A freshly migrated, empty PostgreSQL database, dropped afterwards."""
    recreate(RESTORE_DB, template=migrated_template)
    try:
        yield RESTORE_DB
    finally:
        drop(RESTORE_DB)


@pytest.fixture
def records_with_history(editor, reader, today):
    """Records of every kind, each changed at least once through the services (history rows)."""
    jp = PartyFactory(iso_code="JP", slug="jp", name="Japan")
    us = PartyFactory(iso_code="US", slug="us", name="United States")
    group = MineralFactory(slug="rare-earths", name="Rare earths", is_group=True)
    neodymium = MineralFactory(slug="neodymium", name="Neodymium", group=group)
    mining = StageFactory(slug="mining", name="Mining", order=2)
    agreement = services.agreement_create(
        data={
            "title": "Invented framework <b>test</b>",
            "kind": "framework",
            "signed_on": datetime.date(2025, 10, 28),
            "published": True,  # watched below: nobody watches a draft
        },
        parties=[{"party": us, "role": PartyRole.SIGNATORY}, {"party": jp, "role": PartyRole.SIGNATORY}],
        minerals=[group, neodymium],
        stages=[mining],
        sources=[{"url": "https://example.org/a", "title": "Invented source", "language": "en"}],
        milestones=[
            {"title": "Six months", "offset_months": 6},
            {"title": "Absolute", "due_on": datetime.date(2026, 1, 31)},
        ],
    )
    agreement._history_user = editor  # as the admin and the API record who changed it
    services.agreement_update(
        agreement=agreement, data={"signed_on": datetime.date(2025, 10, 29), "summary": "Ünïcode ✓"}
    )
    milestone = agreement.milestones.get(title="Absolute")
    services.milestone_update(milestone=milestone, data={"status": MilestoneStatus.COMPLETED})
    instrument = InstrumentFactory(agreement=agreement, amount="1000000.50", currency="USD")
    instrument.stages.set([mining])
    project = ProjectFactory(country=jp, stage=mining)
    project.minerals.set([neodymium])
    project.instruments.set([instrument])
    services.watch_add(user=reader, agreement=agreement)
    models.Alert.objects.create(
        kind=AlertKind.OVERDUE_NOTICE,
        milestone=milestone,
        recipient=reader,
        deadline=milestone.deadline,
        created_at=timezone.now(),
        sent_at=timezone.now(),
    )
    ApiToken.objects.issue(user=editor, name="backup")
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=[agreement], action_flag=CHANGE, change_message="Changed summary."
    )
    PeriodicTask.objects.create(
        name="flag-overdue-milestones",
        task="agreements.tasks.flag_overdue_milestones",
        crontab=CrontabSchedule.objects.create(minute="0", hour="6"),
    )
    return agreement


def load(path: Path) -> list[dict]:
    return sorted(json.loads(path.read_text()), key=lambda row: json.dumps(row, sort_keys=True))


def history_rows(rows: list[dict]) -> list[dict]:
    return [row for row in rows if ".historical" in row["model"]]


def test_export_and_restore_into_an_empty_database_reproduce_every_record_and_its_history(
    records_with_history, empty_database, tmp_path
):
    exported = tmp_path / "export.json"
    call_command("export_data", output=str(exported))
    rows = load(exported)
    models_exported = {row["model"] for row in rows}
    for expected in [
        "agreements.agreement", "agreements.agreementparty", "agreements.milestone", "agreements.source",
        "agreements.instrument", "agreements.project", "agreements.watch", "agreements.alert",
        "agreements.historicalagreement", "agreements.historicalmilestone", "agreements.historicalagreement_minerals",
        "auth.user", "accounts.apitoken", "admin.logentry", "django_celery_beat.periodictask",
    ]:  # fmt: skip
        assert expected in models_exported, expected
    assert len(history_rows(rows)) >= 10

    restored = manage("import_data", str(exported), database=empty_database)
    assert restored.returncode == 0, restored.stderr
    reexported = tmp_path / "reexport.json"
    again = manage("export_data", "-o", str(reexported), database=empty_database)
    assert again.returncode == 0, again.stderr

    assert load(reexported) == rows

    # The sequences moved past the restored ids: the next record gets a fresh one.
    highest = models.Agreement.objects.order_by("-pk").values_list("pk", flat=True)[0]
    created = manage(
        "shell", "-c",
        "from agreements.models import Agreement;"
        "a = Agreement.objects.create(title='After restore', slug='after-restore', kind='mou'); print(a.pk)",
        database=empty_database,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert int(created.stdout.strip().splitlines()[-1]) > highest


def test_plain_loaddata_would_invent_history_which_import_data_does_not(records_with_history, empty_database, tmp_path):
    # Why import_data exists: loaddata sets M2M fields, simple-history records each as a change.
    exported = tmp_path / "export.json"
    call_command("export_data", output=str(exported))
    history_before = len(history_rows(load(exported)))
    assert manage("loaddata", str(exported), database=empty_database).returncode == 0
    reexported = tmp_path / "reexport.json"
    assert manage("export_data", "-o", str(reexported), database=empty_database).returncode == 0
    assert len(history_rows(load(reexported))) > history_before


def test_import_refuses_a_database_that_already_holds_records(records_with_history, tmp_path):
    exported = tmp_path / "export.json"
    call_command("export_data", output=str(exported))
    agreements_before = models.Agreement.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_data", str(exported))
    assert models.Agreement.objects.count() == agreements_before


def test_a_broken_export_file_leaves_the_empty_database_empty(records_with_history, empty_database, tmp_path):
    exported = tmp_path / "export.json"
    call_command("export_data", output=str(exported))
    rows = json.loads(exported.read_text())
    rows.append({"model": "agreements.agreement", "pk": 999999, "fields": {"title": "broken", "kind": "no-such-kind"}})
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(rows))
    failed = manage("import_data", str(broken), database=empty_database)
    assert failed.returncode != 0
    script = "from agreements.models import Agreement, Source; print(Agreement.objects.count(), Source.objects.count())"
    counted = manage("shell", "-c", script, database=empty_database)
    assert counted.stdout.strip().splitlines()[-1] == "0 0"
