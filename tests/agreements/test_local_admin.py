"""create_local_admin: an account only in the embedded mode with debug on.

The mode is a setting (EMBEDDED_DATABASE: no DATABASE_URL); these tests flip it on the test
database. tests/reliability/test_embedded_database.py runs the command on the embedded server.
"""

import io

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _create_local_admin() -> str:
    out = io.StringIO()
    call_command("create_local_admin", stdout=out)
    return out.getvalue()


def test_no_local_admin_outside_the_embedded_mode():
    # The suite runs on DATABASE_URL with debug off: exactly where no default account may appear.
    assert django_settings.EMBEDDED_DATABASE is False
    assert "no local admin is created" in _create_local_admin()
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.parametrize(("embedded", "debug"), [(True, False), (False, True)])
def test_no_local_admin_unless_both_embedded_and_debug(settings, tmp_path, embedded, debug):
    settings.EMBEDDED_DATABASE, settings.DEBUG, settings.VAR_DIR = embedded, debug, tmp_path
    assert "no local admin is created" in _create_local_admin()
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not (tmp_path / "admin-password.txt").exists()


def test_embedded_mode_creates_one_admin_with_a_random_password(settings, tmp_path):
    settings.EMBEDDED_DATABASE, settings.DEBUG, settings.VAR_DIR = True, True, tmp_path
    first = _create_local_admin()
    again = _create_local_admin()
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert len(password) >= 12
    assert f"password '{password}'" in first
    assert first == again  # the second run reprints, and changes nothing
    assert oct((tmp_path / "admin-password.txt").stat().st_mode)[-3:] == "600"
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
