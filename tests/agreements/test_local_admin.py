import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_no_local_admin_outside_the_embedded_mode():
    # The suite runs on PostgreSQL with debug off: exactly where no default account may appear.
    out = io.StringIO()
    call_command("create_local_admin", stdout=out)
    assert "no local admin is created" in out.getvalue()
    assert not get_user_model().objects.filter(username="admin").exists()


def _embedded(tmp_path, *args):
    env = {
        **os.environ,
        "TRACKER_VAR_DIR": str(tmp_path),
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, check=True, timeout=120
    ).stdout


def test_embedded_mode_creates_one_admin_with_a_random_password(tmp_path):
    _embedded(tmp_path, "migrate", "--noinput", "-v0")
    first = _embedded(tmp_path, "create_local_admin")
    again = _embedded(tmp_path, "create_local_admin")
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert len(password) >= 12
    assert f"password '{password}'" in first
    assert first == again  # the second run reprints, and changes nothing
    assert oct((tmp_path / "admin-password.txt").stat().st_mode)[-3:] == "600"
