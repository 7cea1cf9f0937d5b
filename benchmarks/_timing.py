"""Timing shared by the benchmark scripts (imported as ``_timing``: a script's folder is
on ``sys.path`` when it runs)."""

from __future__ import annotations

import statistics
import time


def median_seconds(function, repeats: int) -> float:
    """Median wall time of ``repeats`` calls of ``function()`` [s]."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
