"""Cost of the input guard on the public physics functions (``thermaldesign._guard``).

Run: ``.venv/bin/python benchmarks/bench_guard.py``. Each public physics function is
wrapped by :func:`thermaldesign._guard.guarded` (numpy errstate that raises on overflow,
shape clashes and overflow turned into InputError). The undecorated function is still
reachable as ``function.__wrapped__``; both are timed side by side in one process,
interleaved, and the medians over repeated blocks are compared.

Measured 2026-11-23 (x86_64, 2 shared cores, load ~1.5-2.7), medians of 31 blocks x 300
calls, with the nesting-aware guard (only the outermost call sets the errstate):

=====================================  ========  ==========  =====
function                               guarded   unguarded   ratio
=====================================  ========  ==========  =====
radiator.emitted_flux, scalar          50.9 us   46.8 us     1.086
radiator.emitted_flux, 1000 values     55.6 us   53.9 us     1.032
orbit.eclipse_fraction, scalar         36.3 us   33.6 us     1.082
environment.absorbed_flux, scalar      74.8 us   73.7 us     1.015
power.array_temperature, scalar        161.3 us  150.2 us    1.074
radiator.fin_efficiency, 1000 values   549.6 us  573.6 us    0.958
=====================================  ========  ==========  =====

About 1-4 us per call (the errstate context), independent of array size; the 0.96 ratio
of the fin efficiency is noise at that size.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from thermaldesign import environment, orbit, power, radiator

CASES = {
    "radiator.emitted_flux, scalar": (radiator.emitted_flux, (300.0, 0.9)),
    "radiator.emitted_flux, 1000 values": (radiator.emitted_flux,
                                           (np.linspace(250.0, 400.0, 1000), 0.9)),
    "orbit.eclipse_fraction, scalar": (orbit.eclipse_fraction, (550e3, 30.0)),
    "environment.absorbed_flux, scalar": (environment.absorbed_flux, (0.2, 0.9)),
    "power.array_temperature, scalar": (power.array_temperature, (0.9, 0.85, 0.8)),
    "radiator.fin_efficiency, 1000 values": (radiator.fin_efficiency,
                                             (np.logspace(-3, 3, 1000),)),
}


def block_seconds(function, args, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        function(*args)
    return (time.perf_counter() - start) / calls


def main(blocks: int = 31, calls: int = 300) -> None:
    print(f"{'function':<40} {'guarded':>11} {'unguarded':>11} {'ratio':>7}")
    for label, (function, args) in CASES.items():
        raw = function.__wrapped__
        guarded_times, raw_times = [], []
        for _ in range(blocks):  # interleaved, so load changes hit both alike
            guarded_times.append(block_seconds(function, args, calls))
            raw_times.append(block_seconds(raw, args, calls))
        guarded, unguarded = statistics.median(guarded_times), statistics.median(raw_times)
        print(f"{label:<40} {guarded * 1e6:9.2f}us {unguarded * 1e6:9.2f}us "
              f"{guarded / unguarded:7.3f}")


if __name__ == "__main__":
    main()
