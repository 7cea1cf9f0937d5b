"""Design assembly per design: the scalar ``build_design`` loop against ``build_designs``
on columns, side by side in one run.

Run: ``.venv/bin/python benchmarks/bench_assembly.py [--rows 1000,10000] [--repeats 5]``

The specs are ``bench_sizing.batch_specs`` (the reference spec, mass limits 1.5-6 t on
five orbits), sized on columns (:func:`~thermaldesign.sizing.vector_path.columnar_sizing`,
objective ``min_mass_per_compute``); both assemblies then build the designs of the same
final solutions (no sensitivities, no closure: the batch adds them). Timed per design,
medians over ``--repeats``:

- ``scalar``: :func:`~thermaldesign.sizing.solve.build_design` row by row, each with its
  own ``Solution`` (as ``batch._sized`` calls it), over at most 2,000 rows of the batch
  (the cost per row does not depend on the batch);
- ``columns``: :func:`~thermaldesign.sizing.assembly.build_designs` over every row;
- ``+ env columns``: the same plus stacking the rows' environments
  (``Columns(envs)``, which the batch does once per kind before it).

The spec columns are stacked once outside the timing (the batch shares one stack between
its passes, :func:`~thermaldesign.sizing.columns.stacked`).

Measured 2026-12-05 (x86_64, 2 cores shared with other jobs, load 1.25-1.4), one run,
microseconds per design (the columns' figure of main at f43f730, before the designs
were built without the dataclass ``__init__``, side by side in another run: 11.2 at
1,000 rows, 13.6 at 10,000):

======  ======  =======  ===============  ========
rows    scalar  columns  + env columns    speed-up
======  ======  =======  ===============  ========
1,000   164     5.8      7.6              28x
10,000  166     7.7      9.2              22x
======  ======  =======  ===============  ========
"""

from __future__ import annotations

import argparse
import os

from _timing import median_seconds
from bench_sizing import batch_specs

from thermaldesign._guard import trusted
from thermaldesign.sizing import vector_path
from thermaldesign.sizing.assembly import build_designs
from thermaldesign.sizing.columns import Columns, stacked
from thermaldesign.sizing.evaluate import environment_of
from thermaldesign.sizing.solve import OPTIMAL, Solution, build_design

OBJECTIVE = "min_mass_per_compute"
SCALAR_ROWS = 2000


def _group(count: int):
    """(specs, environments, decided rows) of the largest kind of ``count`` batch specs."""
    specs = batch_specs(count)
    with trusted():
        group = max(vector_path.columnar_sizing(specs, OBJECTIVE).decided, key=len)
        chosen = [specs[i] for i in group.rows.tolist()]
        envs = [environment_of(spec) for spec in chosen]
    return chosen, envs, group


def _scalar(chosen, envs, group, rows: int):
    solutions = [
        Solution(OPTIMAL, None, {"eclipse_fraction": float(group.eclipse_fraction[r])},
                 {name: float(column[r]) for name, column in group.variables.items()},
                 solver=group.solver)
        for r in range(rows)
    ]

    def run():
        with trusted():
            for spec, env, final in zip(chosen[:rows], envs[:rows], solutions, strict=True):
                build_design(spec, env, final, OBJECTIVE, integer=True, lift=0.0,
                             relaxation=None, sensitivities=False)
    return run


def _columns(chosen, envs, group, *, stack_envs: bool):
    spec_columns = stacked(chosen)
    env_columns = Columns(envs)
    binding = [("mass limit",)] * len(chosen)

    def run():
        with trusted():
            build_designs(chosen, spec_columns, Columns(envs) if stack_envs else env_columns,
                          group.variables, group.eclipse_fraction, OBJECTIVE, integer=True,
                          binding=binding, solver=group.solver)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; microseconds per design, "
          f"median of {args.repeats}")
    print(f"{'rows':>7} {'scalar':>9} {'columns':>9} {'+ env columns':>14} {'speed-up':>9}")
    for count in (int(n) for n in args.rows.split(",")):
        chosen, envs, group = _group(count)
        rows = len(chosen)
        scalar_rows = min(rows, SCALAR_ROWS)
        scalar = median_seconds(_scalar(chosen, envs, group, scalar_rows),
                                args.repeats) / scalar_rows
        columns = median_seconds(_columns(chosen, envs, group, stack_envs=False),
                                 args.repeats) / rows
        stacking = median_seconds(_columns(chosen, envs, group, stack_envs=True),
                                  args.repeats) / rows
        print(f"{rows:>7,} {scalar * 1e6:>9.1f} {columns * 1e6:>9.2f} "
              f"{stacking * 1e6:>14.2f} {scalar / columns:>8.0f}x")


if __name__ == "__main__":
    main()
