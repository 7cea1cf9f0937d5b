"""The model's coefficients per design: one spec at a time against one call on columns.

Run: ``.venv/bin/python benchmarks/bench_coefficients.py [--rows 10000] [--repeats 7]``

What the sizing evaluates before every solve, and the sensitivity pass once per
perturbed input: the environment (:func:`~thermaldesign.sizing.evaluate.environment_of`)
and the coefficient values (:func:`~thermaldesign.sizing.model.coefficient_values`).
Timed per design, side by side in one run, on a batch of the reference spec whose mass
limit (uniform 1,500-6,000 kg), server power (100-400 W) and altitude (5 orbits,
500-700 km) vary in every row:

- one at a time: ``environment_of`` then ``coefficient_values`` for each spec (the
  physics caches warm, as in a sweep), median over the rows, split into the two calls;
- batched: :func:`~thermaldesign.sizing.evaluate.environments_of` on the stacked specs
  (one ``environment_of`` per distinct orbit) plus ``coefficient_values`` on the
  columns, median over ``--repeats`` runs with the spread (min-max);
- perturbed: the same on ``SpecColumns.with_values`` with every altitude moved by a
  relative 1e-6 (the sensitivity pass's step: 5 new environments) and with every mass
  limit moved (no new environment);
- stacking the specs (``columns.stack``), reported apart: the batch path stacks once.
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


def _specs(rows: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    base = reference_spec()
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
    """Seconds of environments_of + coefficient_values on the columns, per repeat."""
    def run():
        model.coefficient_values(stacked, evaluate.environments_of(stacked))

    run()  # the first design of a sweep fills the physics caches
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def _row(name: str, rows: int, samples: list[float], single: float) -> str:
    per = [s / rows * 1e6 for s in samples]
    median = statistics.median(per)
    return (f"{name:<24} {rows:>6} {median:>9.2f} {min(per):>7.2f}-{max(per):<7.2f} "
            f"{single * 1e6 / median:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sample", type=int, default=500, help="rows timed one at a time")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    specs = _specs(args.rows)
    _one_at_a_time(specs[:20])  # warm the physics caches of the five orbits
    environment, coefficients = _one_at_a_time(specs[:args.sample])
    single = environment + coefficients
    print(f"one at a time [us per design]: environment_of {environment * 1e6:.1f}, "
          f"coefficient_values {coefficients * 1e6:.1f}, both {single * 1e6:.1f}")
    print(f"{'batched':<24} {'rows':>6} {'median':>9} {'min-max':>15} {'speed-up':>9}"
          "   [us per design]")
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
    print(f"# load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
