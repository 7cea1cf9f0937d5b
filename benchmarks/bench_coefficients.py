"""The model's coefficients per design: one spec at a time against one call on columns.

Run: ``.venv/bin/python benchmarks/bench_coefficients.py [--rows 10000] [--repeats 7]``

What the sizing evaluates before every solve, and the sensitivity pass once per
perturbed input: the environment (:func:`~thermaldesign.sizing.evaluate.environment_of`)
and the coefficient values (:func:`~thermaldesign.sizing.model.coefficient_values`).
Timed per design, side by side in one run, on batches of the reference spec (in-plane
layout, scaled bus) and of the same with the fixed bus and no layout, whose mass limit
(uniform 1,500-6,000 kg), server power (100-400 W) and altitude (5 orbits, 500-700 km)
vary in every row:

- one at a time: ``environment_of`` then ``coefficient_values`` for each spec (the
  physics caches warm, as in a sweep), median over the rows, split into the two calls;
- batched: :func:`~thermaldesign.sizing.evaluate.environments_of` on the stacked specs
  (one ``environment_of`` per distinct orbit) plus ``coefficient_values`` on the
  columns: the first run (physics caches cold for new values: the perturbed orbits'
  environments, a scaled bus per new mass limit) and the median over ``--repeats``
  further runs with the spread (min-max);
- perturbed: the same on ``SpecColumns.with_values`` with every altitude moved by a
  relative 1e-6 (the sensitivity pass's step: 5 new environments) and with every mass
  limit moved (no new environment);
- stacking the specs (``columns.stack``), reported apart: the batch path stacks once.

Measured 2026-12-04 23:49 UTC (x86_64, 2 cores shared with other sessions, load
0.6; ``--rows 10000 --repeats 5 --sample 500``), microseconds per design; the first run
has the physics caches cold for the new values, the median is over the next five
(spread min-max), the speed-up is one at a time over the median:

=========================  ======  =============  =========  ================  ========
batch                      rows    one at a time  first run  median            speed-up
=========================  ======  =============  =========  ================  ========
reference                  100     539            27.2       20.7 (19.2-20.9)  26
reference                  10,000  539            46.0       5.89 (5.71-6.00)  92
ref., altitude moved       10,000  539            25.3       5.82 (5.71-6.12)  93
ref., mass limit moved     10,000  539            24.8       5.74 (5.67-5.99)  94
fixed bus                  100     202            15.7       11.5 (11.3-12.5)  18
fixed bus                  10,000  202            0.57       0.41 (0.39-0.45)  498
fixed, altitude moved      10,000  202            0.39       0.40 (0.38-0.41)  511
fixed, mass limit moved    10,000  202            0.41       0.39 (0.39-0.41)  513
=========================  ======  =============  =========  ================  ========

One at a time the reference spends 138 us in ``environment_of`` and 400 us in
``coefficient_values`` (its scaled bus, cached). On columns the environment costs one
``environment_of`` per distinct orbit (5 here, ~0.15 ms each warm; the orbit of a
perturbed altitude ~50 ms cold, 90 % of it the armoured fin optimum: the ~1,000 us per
design of the first altitude-moved run at 100 rows). The reference's first run builds
its scaled buses, all distinct mass limits at once (:func:`thermaldesign.bus.scaled_buses`,
then filling a ``BusTable``, since session 17 read directly: 46 us a design cold against 262 us
with one ``scaled_bus`` per mass limit before it, 22:30 UTC, load ~2). Stacking costs
22-29 us a spec (``columns.stack``; 80 us before coefcols, side by side at 2,000 specs).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from dataclasses import replace

import numpy as np

from thermaldesign.sizing import columns, evaluate, model, reference_spec

ORBITS = (500e3, 550e3, 600e3, 650e3, 700e3)  # [m]


def _specs(rows: int, base, seed: int = 1):
    rng = np.random.default_rng(seed)
    return [replace(base, mass_limit=float(m), altitude=float(a), server_power=float(p))
            for m, a, p in zip(rng.uniform(1500.0, 6000.0, rows), rng.choice(ORBITS, rows),
                               rng.uniform(100.0, 400.0, rows), strict=True)]


def _one_at_a_time(specs) -> tuple[float, float]:
    """Median seconds per design of (environment_of, coefficient_values)."""
    environment, coefficients = [], []
    for spec in specs:
        start = time.perf_counter()
        env = evaluate.environment_of(spec)
        middle = time.perf_counter()
        model.coefficient_values(spec, env)
        environment.append(middle - start)
        coefficients.append(time.perf_counter() - middle)
    return statistics.median(environment), statistics.median(coefficients)


def _batched(stacked, repeats: int) -> list[float]:
    """Seconds of environments_of + coefficient_values on the columns, per repeat.

    Each repeat takes a fresh copy of the columns (``with_values({})``), which drops
    what the columns keep (the scaled buses), as a new batch or a new perturbation
    would; the physics' own caches stay warm after the first run.
    """
    def run():
        fresh = stacked.with_values({})
        model.coefficient_values(fresh, evaluate.environments_of(fresh))

    samples = []
    for _ in range(repeats + 1):  # the first run fills the physics caches
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def _row(name: str, rows: int, samples: list[float], single: float) -> str:
    first, *per = [s / rows * 1e6 for s in samples]
    median = statistics.median(per)
    return (f"{name:<24} {rows:>6} {first:>9.2f} {median:>9.2f} "
            f"{min(per):>7.2f}-{max(per):<7.2f} {single * 1e6 / median:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sample", type=int, default=500, help="rows timed one at a time")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    for name, base in (("reference (in-plane layout, scaled bus)", reference_spec()),
                       ("fixed bus, no layout", reference_spec().replace(
                           layout=None, bus_model="fixed"))):
        print(f"## {name}")
        _compare(_specs(args.rows, base), args)
    print(f"# load after: {os.getloadavg()[0]:.2f}")


def _compare(specs, args) -> None:
    _one_at_a_time(specs[:20])  # warm the physics caches of the five orbits
    environment, coefficients = _one_at_a_time(specs[:args.sample])
    single = environment + coefficients
    print(f"one at a time [us per design]: environment_of {environment * 1e6:.1f}, "
          f"coefficient_values {coefficients * 1e6:.1f}, both {single * 1e6:.1f}")
    print(f"{'batched':<24} {'rows':>6} {'first':>9} {'median':>9} {'min-max':>15} "
          f"{'speed-up':>9}   [us per design]")
    for rows in sorted({100, args.rows}):
        start = time.perf_counter()
        stacked = columns.stack(specs[:rows])
        stack = (time.perf_counter() - start) / rows
        print(_row("columns", rows, _batched(stacked, args.repeats), single))
        altitude = stacked.with_values({"altitude": stacked.altitude * (1.0 + 1e-6)})
        print(_row("altitude moved", rows, _batched(altitude, args.repeats), single))
        mass = stacked.with_values({"mass_limit": stacked.mass_limit * (1.0 + 1e-6)})
        print(_row("mass limit moved", rows, _batched(mass, args.repeats), single))
        print(f"{'(columns.stack, apart)':<24} {rows:>6} {stack * 1e6:>9.2f}")


if __name__ == "__main__":
    main()
