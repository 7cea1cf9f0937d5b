"""Cost of the input guard on the public physics functions (``thermaldesign._guard``).

Run: ``.venv/bin/python benchmarks/bench_guard.py``. Each public physics function is
wrapped by :func:`thermaldesign._guard.guarded`, which checks the parameter ranges the
function declares in its guard table, then runs the body under a numpy errstate that
turns overflow and shape clashes into InputError. The bare body (no range checks, no
errstate) is still reachable as ``function.__wrapped__``; both are timed side by side in
one process, interleaved, and the medians over repeated blocks are compared. The
"guarded" column is what a user's call costs.

Measured 2026-12-04 (x86_64, 2 shared cores, load ~0.9), medians of 31 blocks x 300
calls, two runs each, alternating with the code before the guard tables (72dfd27, where
each body checked its own inputs and ``__wrapped__`` still held those checks):

=====================================  ==============  ==========  ======  ===============
function                               guarded (call)  bare body   ratio   call before
=====================================  ==============  ==========  ======  ===============
radiator.emitted_flux, scalar          6.6 us          1.5 us      4.5     13.0-13.4 us
radiator.emitted_flux, 1000 values     12.6-12.7 us    5.4-5.6 us  2.3     19.5-20.6 us
orbit.eclipse_fraction, scalar         14.8 us         10.8 us     1.38    15.1-15.2 us
environment.absorbed_flux, scalar      6.9 us          1.4 us      4.8     7.2-7.3 us
power.array_temperature, scalar        30.1-30.9 us    18.6-19.2   1.61    39.8-40.9 us
radiator.fin_efficiency, 1000 values   434 us          423-425 us  1.02    430-439 us
=====================================  ==============  ==========  ======  ===============

A single call costs the same or less than before (the table-driven checks replaced
per-body checks and a few redundant re-checks of forwarded arguments); the ratio is now
the whole price of validation plus the errstate, 5 us at most on a scalar call. A function
that calls two more guarded ones pays each table: ``radiator.area_for_heat`` (scalar,
sized through ``net_flux`` and ``emitted_flux``) went from 23.4-25.7 us to 29.1-30.8 us
(three runs each, same session), while ``size_satellite`` stayed at 0.95-1.0 ms.
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
