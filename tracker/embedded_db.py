"""The embedded PostgreSQL server of `make run` (pgserver's PostgreSQL 16), data in var/postgres/.

Used only when DATABASE_URL is unset. Settings call url(), which starts and imports nothing
(every process imports settings); `python -m tracker.embedded_db COMMAND...` starts the server,
runs COMMAND, and stops the server once COMMAND has ended, Ctrl-C included, unless the server
was already running for another command (`make run` in another terminal): then it is left up.
"""

import contextlib
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

SOCKET_DIR_LINE = 4  # postmaster.pid, line 5: the folder of the server's Unix socket


def data_dir(var_dir: Path | str) -> Path:
    return Path(var_dir).resolve() / "postgres"


def url(var_dir: Path | str) -> str:
    """The server's URL: a Unix socket (the server listens on no TCP port), trust auth.

    pgserver puts the socket in the data folder or, when that path would pass the ~107-byte limit
    of Unix socket paths, in a short folder under the runtime dir; postmaster.pid says which.
    """
    pgdata = data_dir(var_dir)
    try:
        socket_dir = (pgdata / "postmaster.pid").read_text().splitlines()[SOCKET_DIR_LINE]
    except (OSError, IndexError):
        socket_dir = str(pgdata)  # not running: connecting fails with "No such file or directory"
    return f"postgresql://postgres@/postgres?host={quote(socket_dir)}"


def _pgserver():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset and uses /tmp/runtime-UID: fine here.
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def is_running(var_dir: Path | str) -> bool:
    """A live postmaster owns this data folder (a stale postmaster.pid left by a kill does not count)."""
    try:
        pid = int((data_dir(var_dir) / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by pgserver's user
        return True
    return True


def start(var_dir: Path | str) -> None:
    """Start the server (initdb on first use), or leave the one already running on this data."""
    pgdata = data_dir(var_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: stop() stops it. pgserver's own stop at exit is skipped for good once a
    # killed run has left its pid in .handle_pids.json.
    _pgserver().get_server(pgdata, cleanup_mode=None)


def stop(var_dir: Path | str) -> None:
    """Stop the server if it runs (fast shutdown: sessions are closed, committed data is kept)."""
    pgdata = data_dir(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return
    # pg_ctl refuses root; run it as the data's owner (the user pgserver creates when run as root).
    user = pgdata.stat().st_uid if os.geteuid() == 0 else None
    # A stale postmaster.pid (nothing running after all) fails pg_ctl; pgserver logs its output.
    with contextlib.suppress(subprocess.CalledProcessError):
        _pgserver().pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)


def main(argv: list[str]) -> int:
    """Run argv with the embedded server up; on the DATABASE_URL server when that is set."""
    if not argv:
        sys.exit("usage: python -m tracker.embedded_db COMMAND [ARG...]")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    from django.conf import settings

    if not settings.EMBEDDED_DATABASE:
        os.execvp(argv[0], argv)  # noqa: S606 (the Makefile's command) nothing to stop: become it
    child = None

    def forward(signum, frame):
        if child is None:
            sys.exit(128 + signum)  # before the command started: stop what did start, and leave
        if signum != signal.SIGINT:  # Ctrl-C reaches the whole process group, the child included
            child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    pgdata = data_dir(settings.VAR_DIR)
    # Another command's server (`make run` elsewhere): use it, and leave it up afterwards.
    borrowed = is_running(settings.VAR_DIR)
    try:
        start(settings.VAR_DIR)
        version = (pgdata / "PG_VERSION").read_text().strip()
        print(f"Embedded PostgreSQL {version} on {pgdata} (log: {pgdata / 'log'})", file=sys.stderr, flush=True)
        child = subprocess.Popen(argv)  # noqa: S603 (the Makefile's command)
        returncode = child.wait()  # the server goes only once the command has shut down
    finally:
        if borrowed:
            print(
                f"Embedded PostgreSQL on {pgdata} left running for the command that started it.",
                file=sys.stderr,
                flush=True,
            )
        else:
            stop(settings.VAR_DIR)
            print(f"Embedded PostgreSQL on {pgdata} stopped.", file=sys.stderr, flush=True)
    return 128 - returncode if returncode < 0 else returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
