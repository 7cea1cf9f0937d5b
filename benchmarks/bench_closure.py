"""Closure re-check per design: one at a time against a batch, side by side in one run.

Run: ``.venv/bin/python benchmarks/bench_closure.py [--rows 10000] [--repeats 5]``

Every sized design is re-checked by the plain physics twice: at end of life
(:func:`~thermaldesign.sizing.closure.assert_closes`) and when new
(:func:`~thermaldesign.sizing.closure.beginning_of_life`). Timed here per design:

- one at a time: both calls on each design, inside ``trusted()`` as ``size_checked``
  runs them, median over a sample of rows;
- batched: :func:`~thermaldesign.sizing.closure.assert_designs_close` plus
  :func:`~thermaldesign.sizing.closure.beginning_of_life_designs` over the whole batch
  (arrays out), and the same plus :func:`~thermaldesign.sizing.closure.margins_by_row`
  for both (the per-design dicts a ``SatelliteDesign`` carries), median over repeats.
  Stacking the specs (``columns.stack``) is reported apart: the batch path stacks them
  once for the coefficients, the closure reuses the columns.

Two batches of the reference spec:

- ``sweep``: the mass limit varies in every row; the orbit, panel and bus physics is
  the same for all rows and runs once;
- ``altitudes``: in addition the altitude takes 100 distinct values (100 rows each), so
  the orbit, environment and panel physics runs 100 times (the per-distinct cost the
  batch cannot share; a batch whose rows all differ in orbit pays it in every row, as the
  one-at-a-time closure does).

The designs are sized with ``size_satellite`` on a grid of 25 mass limits (and each
altitude); every row takes the grid design at or below its mass limit, so it is a real,
feasible design whose margins the closure computes in full.

Measured 2026-12-04 (x86_64, 2 cores shared with other jobs, load 0.6-0.8), two runs,
microseconds per design for both re-checks (end of life with flags, beginning of life):

=========  ======  =============  ===========  ===========  =========
batch      rows    one at a time  batched      + row dicts  speed-up
=========  ======  =============  ===========  ===========  =========
sweep      1       854-898        1565-1617    1553-1649    0.5
sweep      100     854-898        15.1-16.2    19.0-20.5    45
sweep      10,000  854-898        0.79-0.82    3.12-3.20    275-280
altitudes  100     885-908        707-724      710-714      1.2
altitudes  10,000  885-908        7.5-7.8      10.4-10.7    85
=========  ======  =============  ===========  ===========  =========

Stacking the specs costs 107-112 us a spec (``columns.stack``, mostly ``kind_of``), more
than the batched closure itself. One design alone is faster through ``check_design``:
numpy on arrays of one element costs more than on floats. With 100 distinct orbits per
10,000 rows the orbit, environment and panel physics (about 0.3-0.7 ms per distinct
value, the fin-and-tube optimum cached) dominates; it is the same physics the
one-at-a-time closure runs, once per distinct value instead of once per design.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
from _timing import median_seconds

from thermaldesign._guard import trusted
from thermaldesign.sizing import SatelliteSpec, closure, columns, size_satellite

GRID = np.linspace(1500.0, 4000.0, 25)  # mass limits sized [kg]


def _batch(rows: int, altitudes: int):
    """(specs, designs) of ``rows`` rows over ``altitudes`` distinct altitudes."""
    heights = np.linspace(500e3, 650e3, altitudes)
    sized = {(a, m): size_satellite(SatelliteSpec(altitude=float(a), mass_limit=float(m)),
                                    sensitivities=False)
             for a in heights for m in GRID}
    limits = np.linspace(GRID[0], GRID[-1] - 1e-6, rows)
    grid_index = np.searchsorted(GRID, limits, side="right") - 1
    altitude = heights[np.arange(rows) % altitudes]
    specs = [SatelliteSpec(altitude=float(a), mass_limit=float(m))
             for a, m in zip(altitude, limits, strict=True)]
    designs = [sized[(a, GRID[i])] for a, i in zip(altitude, grid_index, strict=True)]
    return specs, designs


def _one_at_a_time(specs, designs, sample: int) -> float:
    """Median seconds per design of assert_closes + beginning_of_life."""
    step = max(1, len(specs) // sample)
    times = []
    with trusted():
        for spec, design in zip(specs[::step], designs[::step], strict=True):
            start = time.perf_counter()
            closure.assert_closes(spec, design)
            closure.beginning_of_life(spec, design)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _batched(stacked, quantities, repeats: int, *, dicts: bool) -> float:
    """Median seconds for the batch: end-of-life check with flags, beginning of life."""
    def run():
        margins, failed = closure.assert_designs_close(stacked, quantities)
        bol = closure.beginning_of_life_designs(stacked, quantities)
        if dicts:
            closure.margins_by_row(margins)
            closure.margins_by_row(bol)
        return failed

    run()  # fills the physics caches, as the first design of a sweep does
    return median_seconds(run, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300, help="rows timed one at a time")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{'batch':<10} {'rows':>6} {'one at a time':>14} {'batched':>9} "
          f"{'+ row dicts':>12} {'stack':>8} {'speed-up':>9}   [us per design]")
    for name, altitudes in (("sweep", 1), ("altitudes", 100)):
        specs, designs = _batch(args.rows, altitudes)
        single = _one_at_a_time(specs, designs, args.sample)
        for rows in sorted({1, 100, args.rows}):
            if rows < altitudes:
                continue
            start = time.perf_counter()
            stacked = columns.stack(specs[:rows])
            stack = (time.perf_counter() - start) / rows
            quantities = closure.DesignColumns.of(designs[:rows])
            arrays = _batched(stacked, quantities, args.repeats, dicts=False) / rows
            dicts = _batched(stacked, quantities, args.repeats, dicts=True) / rows
            print(f"{name:<10} {rows:>6} {single * 1e6:>14.1f} {arrays * 1e6:>9.2f} "
                  f"{dicts * 1e6:>12.2f} {stack * 1e6:>8.1f} {single / dicts:>9.0f}")
    print(f"# load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
