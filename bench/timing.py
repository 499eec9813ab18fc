"""Timing helpers: medians of repeated runs, in milliseconds."""

import statistics
import time
from collections.abc import Callable


def median_ms(
    func: Callable[[], object],
    *,
    repeat: int,
    warmup: int = 2,
    before_each: Callable[[], object] | None = None,
) -> tuple[float, list[float]]:
    """Runs `func` `warmup` times untimed, then `repeat` times; returns (median, all timings) in ms.

    `before_each` runs untimed before every run (the cold measurement moves the data version there).
    """
    for _ in range(warmup):
        if before_each:
            before_each()
        func()
    timings = []
    for _ in range(repeat):
        if before_each:
            before_each()
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3), [round(t, 3) for t in timings]


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return round(value / baseline, 2)
