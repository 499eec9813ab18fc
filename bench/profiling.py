"""`--profile DIR`: pyinstrument profiles of the measured requests and of the overdue job."""

import datetime
from pathlib import Path

from bench import generate, overdue

PROFILED = {
    "api_agreements": ("/api/agreements/?page_size=50", False),
    "api_milestones_overdue": ("/api/milestones/?overdue=true&page_size=200", False),
    "api_search": ("/api/agreements/?search=rare+earth", False),
    "page_agreements": ("/agreements/?mineral=mineral-group-1&status=implementing", True),
}


def profile_web(app, directory: Path, *, version, requests: int = 20, log=print) -> None:
    """Cold (`<name>.txt`: the data version moved, outside the profile, before each request) and
    warm (`<name>_warm.txt`: the cached body) profiles of each measured read."""
    from pyinstrument import Profiler

    directory.mkdir(parents=True, exist_ok=True)
    for name, (url, html) in PROFILED.items():
        ok, _error = app.available(url, html=html)
        if not ok:
            continue
        cold = Profiler(interval=0.0005)
        for _ in range(requests):
            version.move()
            cold.start()
            app.get(url, html=html)
            cold.stop()
        warm = Profiler(interval=0.0005)
        warm.start()
        for _ in range(requests):
            app.get(url, html=html)
        warm.stop()
        for suffix, profiler in (("", cold), ("_warm", warm)):
            path = directory / f"{name}{suffix}.txt"
            path.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
            log(f"  profile of {url} ({requests} requests{suffix.replace('_', ', ')}) -> {path}")


def profile_overdue(url: str, directory: Path, *, today: datetime.date, conn, log=print) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    generate.reset_overdue_set(conn)
    now = datetime.datetime.combine(today, datetime.time(6, 0), tzinfo=datetime.UTC)
    run = overdue.run_app(url, today=today, now=now, profile=True)
    generate.reset_overdue_set(conn)
    if "profile" in run:
        path = directory / "flag_overdue.txt"
        path.write_text(run["profile"])
        log(f"  profile of flag_overdue -> {path}")
