"""`make run`'s embedded PostgreSQL (tracker/embedded_db.py): a real server in a temporary folder.

Each test runs `python -m tracker.embedded_db COMMAND` as the Makefile does, with DATABASE_URL
unset, and checks that no server is left running afterwards.
"""

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from tracker import embedded_db

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180
PYTHON = shlex.quote(sys.executable)

CONNECTION = """
import json
from django.conf import settings
from django.db import connection
report = {
    "embedded": settings.EMBEDDED_DATABASE,
    "server_version": connection.cursor().connection.info.server_version,
    "socket_dir": connection.settings_dict["OPTIONS"]["host"],
}
"""
RECORDS = """
from django.contrib.auth import get_user_model
from django.db.migrations.recorder import MigrationRecorder
report["applied_migrations"] = MigrationRecorder.Migration.objects.count()
report["admins"] = get_user_model().objects.filter(username="admin", is_superuser=True).count()
"""
PRINT = "print(json.dumps(report))"


@pytest.fixture
def var_dir():
    # Not under tmp_path: run as root, pgserver opens every parent folder to its own user, and
    # pytest keeps /tmp/pytest-of-root private.
    path = Path(tempfile.mkdtemp(prefix="mt-embedded-"))
    yield path
    embedded_db.stop(path)  # when a test failed with the server up
    shutil.rmtree(path)


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    # tracker.settings as in `make run` (the suite's settings module fills in a DATABASE_URL).
    env.update(DJANGO_SETTINGS_MODULE="tracker.settings", TRACKER_VAR_DIR=str(var_dir), DJANGO_DEBUG="1")
    return {**env, **extra}


def _run(var_dir: Path, shell_command: str, **env: str) -> str:
    """The wrapper's lines (stderr) and the command's output (stdout), in the order written."""
    done = subprocess.run(
        [sys.executable, "-m", "tracker.embedded_db", "sh", "-c", shell_command],
        cwd=ROOT,
        env=_env(var_dir, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-5000:]
    return done.stdout


def _shell(script: str) -> str:
    return f"{PYTHON} manage.py shell -c {shlex.quote(script)}"


def _report(stdout: str) -> dict:
    lines = stdout.splitlines()
    assert lines[-1].endswith(" stopped.")
    return json.loads(lines[-2])


def _postgres_processes(var_dir: Path) -> list[int]:
    """The postmaster runs with `-D <data dir>` (its children renamed themselves)."""
    pgdata = str(embedded_db.data_dir(var_dir))
    return [p.pid for p in psutil.process_iter(["cmdline"]) if pgdata in (p.info["cmdline"] or [])]


def _assert_stopped(var_dir: Path) -> None:
    assert not (embedded_db.data_dir(var_dir) / "postmaster.pid").exists()
    assert _postgres_processes(var_dir) == []


def test_migrate_then_a_restart_reuses_the_data(var_dir):
    first = _run(var_dir, f"{PYTHON} manage.py migrate --noinput -v0 && {PYTHON} manage.py create_local_admin")
    assert first.startswith(f"Embedded PostgreSQL 16 on {embedded_db.data_dir(var_dir)} ")
    assert "Local admin: user 'admin'" in first
    _assert_stopped(var_dir)

    # Started again on the same data: nothing left to migrate, the admin is still there.
    again = _run(var_dir, f"{PYTHON} manage.py migrate --check && {_shell(CONNECTION + RECORDS + PRINT)}")
    report = _report(again)
    assert report["embedded"] is True
    assert 160000 <= report["server_version"] < 170000  # production's postgres:16
    assert report["socket_dir"] == str(embedded_db.data_dir(var_dir))
    assert report["applied_migrations"] > 0
    assert report["admins"] == 1
    _assert_stopped(var_dir)


@pytest.mark.parametrize(
    ("signum", "kill"),
    [
        (signal.SIGINT, os.killpg),  # Ctrl-C: the terminal signals the whole foreground group
        (signal.SIGTERM, os.kill),  # `kill`, or make passing on its own SIGTERM: the wrapper alone
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_a_signal_stops_the_command_and_then_the_server(var_dir, signum, kill):
    wrapper = subprocess.Popen(
        [sys.executable, "-m", "tracker.embedded_db", sys.executable, "-c", "print('up', flush=True); input()"],
        cwd=ROOT,
        env=_env(var_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as `make run` has in a terminal
    )
    try:
        assert wrapper.stdout.readline().startswith("Embedded PostgreSQL 16 on ")
        assert wrapper.stdout.readline() == "up\n"
        assert len(_postgres_processes(var_dir)) == 1
        kill(wrapper.pid, signum)
        assert wrapper.wait(timeout=60) == 128 + signum  # the command's own end, passed on
        assert wrapper.stdout.read().endswith(" stopped.\n")
    finally:
        if wrapper.poll() is None:
            os.killpg(wrapper.pid, signal.SIGKILL)
    _assert_stopped(var_dir)


def test_a_deep_checkout_gets_a_short_socket_folder(var_dir):
    deep = var_dir / ("d" * 100)  # the socket path in the data folder would pass ~107 bytes
    deep.mkdir()
    report = _report(_run(deep, _shell(CONNECTION + PRINT)))
    assert report["server_version"] >= 160000
    assert len(report["socket_dir"] + "/.s.PGSQL.5432") <= 107
    _assert_stopped(deep)
    Path(report["socket_dir"]).rmdir()  # pgserver's folder for this data dir only, empty once stopped


def test_the_wrapper_speaks_on_stderr_so_a_command_output_can_be_captured(var_dir):
    """`KEY=$(python -m tracker.embedded_db manage.py create_api_token admin)` must get the key alone."""
    done = subprocess.run(
        [sys.executable, "-m", "tracker.embedded_db", "sh", "-c", "echo ran"],
        cwd=ROOT,
        env=_env(var_dir),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == "ran\n"
    assert done.stderr.startswith("Embedded PostgreSQL 16 on ")
    assert done.stderr.splitlines()[-1].endswith(" stopped.")


def test_with_database_url_set_no_embedded_server_starts(var_dir):
    out = _run(var_dir, "echo ran", DATABASE_URL="postgres://postgres@127.0.0.1:5432/not_used")
    assert out == "ran\n"
    assert not embedded_db.data_dir(var_dir).exists()


def test_a_second_command_uses_the_running_server_and_leaves_it_up(var_dir):
    """`make run` in one terminal, `python -m tracker.embedded_db manage.py ...` in another: the
    second must not stop the server the first is serving from."""
    first = subprocess.Popen(
        [sys.executable, "-m", "tracker.embedded_db", "sh", "-c", "read line"],
        cwd=ROOT,
        env=_env(var_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert first.stdout.readline().startswith("Embedded PostgreSQL 16 on ")
        second = _run(var_dir, f"{PYTHON} manage.py migrate --noinput -v0")
        assert second.splitlines()[-1].endswith("left running for the command that started it.")
        assert embedded_db.is_running(var_dir)
        again = _run(var_dir, _shell(CONNECTION + RECORDS + PRINT))  # still serving
        assert json.loads(again.splitlines()[-2])["applied_migrations"] > 0
    finally:
        first.communicate("\n", timeout=TIMEOUT)
    assert first.returncode == 0
    _assert_stopped(var_dir)
