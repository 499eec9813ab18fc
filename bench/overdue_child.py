"""One run of the app's overdue job in a fresh process: `python -m bench.overdue_child TODAY NOW`.

Prints one JSON line: the job's wall time (Django set up and connected beforehand, so start-up
is not counted), its result, and the process's peak resident memory (VmHWM) before and after.
The environment (DATABASE_URL of the bench database) comes from the parent.
"""

import datetime
import json
import os
import resource
import sys
import time


def vm_hwm_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux /proc; ru_maxrss elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: list[str]) -> int:
    today = datetime.date.fromisoformat(argv[0])
    now = datetime.datetime.fromisoformat(argv[1])
    profile = len(argv) > 2 and argv[2] == "--profile"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.db import connection

    report: dict = {}
    try:
        from agreements.services.overdue import flag_overdue
    except ImportError as error:  # the service is not there (yet)
        print(json.dumps({"error": f"flag_overdue unavailable: {error}"}))
        return 0
    connection.ensure_connection()
    report["rss_before_mb"] = vm_hwm_mb()
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started = time.perf_counter()
    result = flag_overdue(today=today, now=now)
    report["seconds"] = round(time.perf_counter() - started, 4)
    if profiler is not None:
        profiler.stop()
        report["profile"] = profiler.output_text(unicode=False, color=False)
    report["rss_peak_mb"] = vm_hwm_mb()
    report["result"] = result.as_dict() if hasattr(result, "as_dict") else str(result)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
