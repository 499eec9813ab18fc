"""`make run` uses SQLite: the job's SQLite code path, run in a subprocess on a fresh SQLite file."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import datetime, json
from django.core import mail
from agreements.choices import AlertKind, MilestoneStatus
from agreements.models import Alert, Milestone
from agreements.services import flag_overdue
from django.utils import timezone
from tests.factories import AgreementFactory, MilestoneFactory, PartyFactory, UserFactory, WatchFactory

today = datetime.date(2026, 5, 15)
party = PartyFactory()
agreement = AgreementFactory(parties=[party])
late = MilestoneFactory(agreement=agreement, title="Late one", due_on=today - datetime.timedelta(days=1))
MilestoneFactory(agreement=agreement, title="Due today", due_on=today)
WatchFactory(user=UserFactory(username="a"), agreement=agreement)
WatchFactory(user=UserFactory(username="p"), agreement=None, party=party)
now = timezone.now()
runs = [flag_overdue(today=today, now=now).as_dict()]
runs.append(flag_overdue(today=today, now=now + datetime.timedelta(seconds=1)).as_dict())
Milestone.objects.filter(pk=late.pk).update(status=MilestoneStatus.CANCELLED)
runs.append(flag_overdue(today=today, now=now + datetime.timedelta(seconds=2)).as_dict())
print(json.dumps({
    "runs": runs,
    "emails": sorted(m.to[0] for m in mail.outbox),
    "kinds": sorted(Alert.objects.values_list("kind", flat=True)),
    "unsent": Alert.objects.unsent().count(),
    "flagged_now": Milestone.objects.filter(overdue_since__isnull=False).count(),
}))
"""


def test_the_job_works_on_sqlite_as_in_make_run(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TRACKER_VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    done = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    first, second, third = report["runs"]
    assert (first["flagged"], first["notices"], first["reminders"], first["emails"]) == (1, 2, 2, 2)
    assert second == {"flagged": 0, "cleared": 0, "notices": 0, "reminders": 0, "emails": 0, "failed": 0}
    assert (third["flagged"], third["cleared"], third["emails"]) == (0, 1, 0)
    assert report["emails"] == ["a@example.org", "p@example.org"]
    assert report["kinds"] == ["cleared", "flagged"] + ["overdue_notice"] * 2 + ["reminder"] * 2
    assert (report["unsent"], report["flagged_now"]) == (0, 0)
