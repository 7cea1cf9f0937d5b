"""Sobol analysis of the reference fleet: at least 10^5 model evaluations, timed (issue 16).

The model is :class:`thermaldesign.fleet.uncertain.FixedDesignFleet` of the reference
satellite (sized once) flying a 1 GW fleet on the mature Starship over 10 years: every
evaluation re-weighs and re-prices the design at the drawn unit masses and unit costs and
plans the whole fleet (schedule, manifest, Wright's-law production and launch, failures,
ground comparison, signed break-even). Saltelli's scheme with ``N = 4096`` and the
reference's ``D`` inputs evaluates ``N (D + 2)`` points (106,496 for D = 24) on the local
process pool.

Run: ``.venv/bin/python benchmarks/bench_sobol.py [--base 4096] [--workers 2]
[--output benchmarks/results/sobol.json]``. Prints the wall time, the machine load, the
three inputs explaining most of the variance of each output and the widest bootstrap
interval; the target is under 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import thermaldesign as td
from thermaldesign.fleet.uncertain import FixedDesignFleet
from thermaldesign.studytools import shutdown_workers
from thermaldesign.studytools.sobol import sobol_analysis


def reference_model() -> FixedDesignFleet:
    """The reference design's 1 GW fleet on the mature Starship, 10 years."""
    design = td.size_satellite(td.reference_spec(), "max_compute", sensitivities=False)
    return FixedDesignFleet.from_design(design, target_it_power=1e9,
                                        vehicle="starship_future", years=10)


def run(base: int, workers: int, seed: int = 2026) -> dict:
    """Time one Sobol analysis of the reference (pool start-up included) [s]."""
    model = reference_model()
    load_before = os.getloadavg()
    start = time.perf_counter()
    result = sobol_analysis(model, base, seed=seed, workers=workers)
    seconds = time.perf_counter() - start
    shutdown_workers()
    summary = {
        "base_samples": base, "inputs": len(result.names), "evaluations": result.evaluations,
        "workers": workers, "seconds": seconds,
        "evaluations_per_second": result.evaluations / seconds,
        "load_average_before": load_before, "load_average_after": os.getloadavg(),
        "cpu_count": os.cpu_count(), "top_inputs": {}, "widest_interval": {},
    }
    for output, table in result.indices.items():
        summary["top_inputs"][output] = [
            {"input": name, "ST": total, "S1": first}
            for name, total, first in result.ranking(output)[:3]]
        summary["widest_interval"][output] = float(2 * max(table["ST_conf"].max(),
                                                           table["S1_conf"].max()))
    summary["indices"] = result.to_dict()
    return summary


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=4096)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    summary = run(args.base, args.workers)
    print(f"{summary['evaluations']:,} evaluations ({summary['inputs']} inputs, N = "
          f"{summary['base_samples']}) in {summary['seconds']:.1f} s on "
          f"{summary['workers']} workers ({summary['evaluations_per_second']:.0f}/s); "
          f"load average before {summary['load_average_before'][0]:.2f}, after "
          f"{summary['load_average_after'][0]:.2f}")
    for output, rows in summary["top_inputs"].items():
        text = ", ".join(f"{row['input']} ST {row['ST']:.3f}" for row in rows)
        print(f"  {output}: {text}; widest 95 % interval "
              f"{summary['widest_interval'][output]:.3f}")
    if args.output:
        args.output.write_text(json.dumps(summary, indent=1) + "\n")
    return summary


if __name__ == "__main__":
    main()
