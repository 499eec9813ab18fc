"""Timing helpers: medians of repeated runs, in milliseconds."""

import statistics
import time
from collections.abc import Callable


def median_ms(func: Callable[[], object], *, repeat: int, warmup: int = 2) -> tuple[float, list[float]]:
    """Runs `func` `warmup` times untimed, then `repeat` times; returns (median, all timings) in ms."""
    for _ in range(warmup):
        func()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3), [round(t, 3) for t in timings]


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return round(value / baseline, 2)
