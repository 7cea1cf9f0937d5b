"""Sweep throughput: optimized designs per second, serial vs local processes vs Dask.

Run: ``.venv/bin/python benchmarks/bench_sweep.py [--points 400] [--repeats 3] [--smoke]``

Measures, side by side in one run, on the same grid sweep of the reference spec (mass
limit x radiator areal density x cell efficiency, objective ``max_compute``, exact
integer GPU counts, closure checked, no sensitivities):

1. serial: ``workers=1``, in this process (the sizing cache warmed by a first point, as
   in any session that has sized one design);
2. local processes: ``workers=os.cpu_count()``, ``spawn`` start method; once for the
   first sweep of a session (starting the workers, their imports and first compiles
   included), then with the pool the first sweep left running;
3. Dask: a ``distributed.LocalCluster`` with one single-threaded worker process per CPU,
   started before timing and warmed by a small sweep (a cluster outlives its sweeps);
   skipped when dask is not installed (``pip install 'thermaldesign[dask]'``).

Each is repeated ``--repeats`` times; the median wall time is reported with designs per
second and the ratio to serial, and the three results are checked to be identical.
Finally a 1,000-design sweep runs with its progress bar (default execution: the automatic
choice, no worker pool running) and its time is reported.
The machine's 1-minute load average is printed: other work on the machine slows every
row and makes the automatic choice stay serial.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np

from thermaldesign.sizing import reference_spec
from thermaldesign.studytools import grid_sweep, shutdown_workers


def _fields(points: int) -> dict:
    """A three-field grid of about ``points`` designs."""
    side = max(1, round(points ** (1.0 / 3.0)))
    return {
        "mass_limit": list(np.linspace(800.0, 4000.0, side)),
        "radiator.areal_density": list(np.linspace(4.0, 12.0, side)),
        "solar_array.cell_efficiency": list(np.linspace(0.20, 0.32, side)),
    }


def _timed(function, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=400, help="designs per sweep")
    parser.add_argument("--repeats", type=int, default=3, help="runs per configuration")
    parser.add_argument("--large", type=int, default=1000, help="designs of the final sweep")
    parser.add_argument("--smoke", action="store_true", help="a few points, for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.points, args.repeats, args.large = 8, 1, 27
    warnings.simplefilter("ignore", RuntimeWarning)  # cvxpy overflow probes at infeasible points

    spec = reference_spec()
    fields = _fields(args.points)
    count = int(np.prod([len(v) for v in fields.values()]))
    cpus = os.cpu_count() or 1
    print(f"machine: {platform.processor() or platform.machine()}, {cpus} CPUs, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    print(f"sweep: {count} designs (mass_limit x radiator.areal_density x "
          f"solar_array.cell_efficiency), max_compute, median of {args.repeats}\n")

    grid_sweep(spec, {"mass_limit": [3000.0]}, workers=1, progress=False)  # warm the cache
    rows = {}
    serial_time, serial = _timed(
        lambda: grid_sweep(spec, fields, workers=1, progress=False), args.repeats)
    rows["serial (workers=1)"] = serial_time
    shutdown_workers()
    cold_time, local = _timed(
        lambda: grid_sweep(spec, fields, workers=cpus, progress=False), 1)
    rows[f"local processes, first sweep (workers={cpus}, incl. start)"] = cold_time
    assert local.to_dict() == serial.to_dict(), "process results differ from serial"
    local_time, local = _timed(
        lambda: grid_sweep(spec, fields, workers=cpus, progress=False), args.repeats)
    rows[f"local processes, pool kept (workers={cpus})"] = local_time
    assert local.to_dict() == serial.to_dict(), "process results differ from serial"
    shutdown_workers()

    try:
        import distributed
    except ImportError:
        distributed = None
        print("dask not installed: Dask row skipped\n")
    if distributed is not None:
        with distributed.LocalCluster(n_workers=cpus, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            with distributed.Client(cluster) as client:
                grid_sweep(spec, {"mass_limit": [3000.0, 2000.0] * cpus}, scheduler=client,
                           progress=False)
                dask_time, on_dask = _timed(
                    lambda: grid_sweep(spec, fields, scheduler=client, progress=False),
                    args.repeats)
        rows[f"Dask LocalCluster ({cpus} worker processes)"] = dask_time
        assert on_dask.to_dict() == serial.to_dict(), "Dask results differ from serial"

    print(f"{'execution':<58} {'median [s]':>10} {'designs/s':>10} {'vs serial':>10}")
    for name, seconds in rows.items():
        print(f"{name:<58} {seconds:>10.3f} {count / seconds:>10.1f} "
              f"{serial_time / seconds:>9.2f}x")
    failed = serial.failures()
    print(f"\n{int(serial.ok.sum())} of {count} designs closed; failures: {failed or 'none'}; "
          "all executions gave identical results")

    large_fields = _fields(args.large)
    large_count = int(np.prod([len(v) for v in large_fields.values()]))
    print(f"\n{large_count}-design sweep with the default execution and its progress bar:")
    shutdown_workers()
    start = time.perf_counter()
    large = grid_sweep(spec, large_fields, progress=True)
    large_time = time.perf_counter() - start
    print(f"{large_count} designs in {large_time:.1f} s ({large_count / large_time:.1f} designs/s),"
          f" {int(large.ok.sum())} closed, ran on {large.execution} "
          f"(load average {os.getloadavg()[0]:.1f})")
    return {"count": count, "rows": rows, "large_count": large_count, "large_time": large_time}


if __name__ == "__main__":
    main()
