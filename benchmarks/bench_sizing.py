"""Sizing benchmark: cold solve, warm re-solves against the solver's own time, and GPkit.

Run: ``.venv/bin/python benchmarks/bench_sizing.py [--points 100] [--smoke]``

Measures, on the reference spec (:func:`thermaldesign.sizing.reference_spec`) and a sweep
of its mass limit (the relaxation structure, one compiled problem for every point):

1. cold: the first ``size_satellite`` call in a fresh cache (physics, compilation of
   the cvxpy problem and of the direct conic form, relaxation, integer search, closure),
   with and without sensitivities;
2. warm re-solve per point, median over the sweep, side by side in one run:
   - the direct conic form (what ``size_satellite`` uses first): wall time of the
     re-solve against Clarabel's own ``solve_time``;
   - cvxpy's DPP re-solve of the identical DGP problem (parameter update +
     ``problem.solve(gp=True)``) against ``problem.solver_stats.solve_time``;
   - GPkit solving the identical model (same terms, same coefficients), if installed;
   the optimal values of all three are compared point by point;
3. a full ``size_satellite`` (exact integer count, closure, no sensitivities) per point;
4. the chip co-design beside the fixed chip of the pre-co-design model, in one run: the
   warm re-solve per design (the relaxation at every eclipse power fraction the spec
   allows: one GP for a pinned policy, two for ``"optimize"``) and the full
   ``size_satellite``, for the reference (junction temperature, clock, spares and the
   eclipse policy free) and for the same spec with the chip pinned at full clock, the
   junction limit, no failures and eclipse operation (the old model's assumptions).
5. throughput (:func:`batch_throughput`): optimal designs per second one at a time
   (``size_satellite`` in a loop) and batched (``size_satellites``), with and without
   sensitivities, at 1, 100 and 10,000 specs, and batched on two processes; the ratio of
   a design's cost to one physics evaluation (``check_design``); the cost of the default
   call (sensitivities on) against the call without them;
6. the batched solver (:func:`batch_solver_rates`): relaxations of the reference
   structure solved per second by :mod:`thermaldesign.sizing.batch_solver` (all at once)
   against Clarabel on the direct form one at a time (with the active-set polish both
   paths end with, and Clarabel alone), at 1, 100 and 10,000 coefficient sets;
7. start-up (:func:`startup_times`): ``import thermaldesign`` and ``thermaldesign
   --help`` in fresh interpreters, side by side with the same import plus cvxpy (what
   every start-up paid before cvxpy became a fallback-only import);
8. batched sensitivities, two source trees side by side
   (:func:`sensitivities_side_by_side`, ``--side-by-side BEFORE_ROOT``): designs/s of
   ``size_satellites`` with sensitivities at 100, 1,000 and 10,000 varied specs, each
   tree in its own fresh interpreter, alternating (RESULTS.md section 8c).

Coefficients are computed before the timed loops (physics is not the solver overhead).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

from thermaldesign.sizing import (
    batch_solver,
    check_design,
    direct,
    evaluate,
    model,
    reference_spec,
    sensitivity,
    size_satellite,
    size_satellites,
)
from thermaldesign.sizing.solve import run


def _clear_caches():
    sensitivity._PATTERNS.clear()
    sensitivity._coloring.cache_clear()
    model._CACHE.clear()
    direct._DIRECT.clear()
    evaluate._eclipse.cache_clear()
    evaluate._radiator_flux.cache_clear()
    evaluate._array_environment.cache_clear()


def _gpkit_model(structure, values):
    """The same GP in GPkit: one fixed Variable per coefficient, one free per variable."""
    import gpkit

    compiled = model.compiled(structure)
    free = {name: gpkit.Variable(name) for name in compiled.variables}
    fixed = {}

    def monomial(term):
        coefficient = fixed.setdefault(
            term.coefficient, gpkit.Variable(term.coefficient.replace(".", "_"), 1.0)
        )
        expression = coefficient
        for name, power in term.powers:
            expression = expression * free[name] ** power
        return expression

    constraints = []
    for constraint in compiled.constraints:
        constraints.append(sum(monomial(t) for t in constraint.terms) <= 1)
    constraints.append(sum(monomial(t) for t in compiled.objective_terms) <= 1)
    m = gpkit.Model(free["objective"], constraints)

    def substitute(point):
        scale = point.get(model.objective_scale_name(structure), 1.0)
        m.substitutions.update(
            {var: (scale if name == "objective.scale" else point[name])
             for name, var in fixed.items()}
        )

    substitute(values)
    return m, substitute


def main(points: int = 100, smoke: bool = False) -> dict:
    spec = reference_spec()
    results: dict = {"machine": f"{platform.machine()} {platform.processor()}".strip(),
                     "python": platform.python_version()}
    import clarabel
    import cvxpy

    results["versions"] = {"cvxpy": cvxpy.__version__, "clarabel": clarabel.__version__}

    # 1. cold
    _clear_caches()
    start = time.perf_counter()
    size_satellite(spec, sensitivities=False)
    results["cold_size_satellite_s"] = time.perf_counter() - start
    _clear_caches()
    start = time.perf_counter()
    size_satellite(spec)
    results["cold_size_satellite_with_sensitivities_s"] = time.perf_counter() - start

    # 2. warm re-solves of the relaxation over a mass-limit sweep
    limits = np.linspace(1500.0, 6000.0, points)
    env = evaluate.environment_of(spec)
    sweep = [model.coefficient_values(spec.replace(mass_limit=float(m)), env) for m in limits]
    structure = model.structure_of(spec, env, sweep[0], "max_compute", fixed_count=False)
    run(structure, sweep[0])  # compile both forms
    run(structure, sweep[0], engines=("cvxpy",))

    direct_wall, direct_solver, direct_call, direct_value = [], [], [], []
    form = direct.direct(structure)
    for values in sweep:
        solution = run(structure, values, engines=("direct",))
        direct_wall.append(solution.wall_time)
        direct_solver.append(solution.solve_time)
        direct_call.append(form.last_solve_wall)
        direct_value.append(solution.variables["objective"])
    cvx_wall, cvx_solver, cvx_value = [], [], []
    compiled = model.compiled(structure)
    for values in sweep:
        start = time.perf_counter()
        compiled.set_values(values)
        compiled.problem.solve(gp=True, solver="CLARABEL")
        cvx_wall.append(time.perf_counter() - start)
        cvx_solver.append(compiled.problem.solver_stats.solve_time)
        cvx_value.append(float(compiled.variables["objective"].value))
    med = statistics.median
    results["direct_resolve_ms"] = 1e3 * med(direct_wall)
    results["direct_solver_ms"] = 1e3 * med(direct_solver)
    results["direct_overhead_ratio"] = med(direct_wall) / med(direct_solver)
    # the same with the wall time of Clarabel's solve() call as the pure solver time
    results["direct_solve_call_ms"] = 1e3 * med(direct_call)
    results["direct_overhead_ratio_vs_solve_call"] = med(direct_wall) / med(direct_call)
    results["cvxpy_dpp_resolve_ms"] = 1e3 * med(cvx_wall)
    results["cvxpy_solver_ms"] = 1e3 * med(cvx_solver)
    results["cvxpy_dpp_overhead_ratio"] = med(cvx_wall) / med(cvx_solver)
    results["direct_vs_cvxpy_max_rel_diff"] = float(
        np.max(np.abs(np.array(direct_value) / np.array(cvx_value) - 1))
    )

    try:
        import gpkit  # noqa: F401
    except ImportError:
        results["gpkit"] = "not installed (pip install gpkit to compare)"
    else:
        import gpkit as _gpkit

        m, substitute = _gpkit_model(structure, sweep[0])
        m.solve(verbosity=0)
        gp_wall, gp_value = [], []
        count = len(sweep) if not smoke else 3
        for values in sweep[:count]:
            substitute(values)
            start = time.perf_counter()
            solution = m.solve(verbosity=0)
            gp_wall.append(time.perf_counter() - start)
            # the epigraph variable, as for the other two
            gp_value.append(float(np.asarray(solution["cost"])))
        results["gpkit_version"] = _gpkit.__version__
        results["gpkit_resolve_ms"] = 1e3 * med(gp_wall)
        results["gpkit_vs_direct_ratio"] = med(gp_wall) / med(direct_wall)
        results["gpkit_vs_cvxpy_dpp_ratio"] = med(gp_wall) / med(cvx_wall)
        results["gpkit_vs_direct_max_rel_diff"] = float(
            np.max(np.abs(np.array(gp_value) / np.array(direct_value[:count]) - 1))
        )

    # 3. full integer sizing per point
    full = []
    for limit in limits[: (5 if smoke else 30)]:
        start = time.perf_counter()
        size_satellite(spec.replace(mass_limit=float(limit)), sensitivities=False)
        full.append(time.perf_counter() - start)
    results["size_satellite_integer_ms"] = 1e3 * med(full)
    results.update(_codesign_vs_fixed_chip(spec, limits[: (5 if smoke else 30)]))
    return results


def fixed_chip(spec):
    """The spec with the chip as the pre-co-design model had it (full clock, at the
    junction limit, no hard failures, running through eclipse)."""
    gpu = spec.entry("accelerator").replace(hard_failure_rate=0.0)
    return spec.replace(accelerator=gpu, clock_fraction=1.0, eclipse_mode="battery",
                        junction_temperature=spec.value("junction_limit"))


def _codesign_vs_fixed_chip(spec, limits) -> dict:
    """Warm re-solve per design and full sizing per design, co-design vs fixed chip."""
    med = statistics.median
    results = {}
    for label, base in (("codesign", spec), ("fixed_chip", fixed_chip(spec))):
        specs = [base.replace(mass_limit=float(m)) for m in limits]
        env = evaluate.environment_of(base)
        points = []
        for one in specs:
            points.append([dict(model.coefficient_values(one, env, eclipse_fraction=e),
                                eclipse_fraction=e)
                           for e in evaluate.eclipse_fractions(one)])
        structures = [model.structure_of(base, env, values, "max_compute", fixed_count=False)
                      for values in points[0]]
        for structure, values in zip(structures, points[0], strict=True):
            run(structure, values)  # compile
        warm = []
        for per_design in points:
            start = time.perf_counter()
            for structure, values in zip(structures, per_design, strict=True):
                run(structure, values, engines=("direct",))
            warm.append(time.perf_counter() - start)
        full = []
        size_satellite(specs[0], sensitivities=False)
        for one in specs:
            start = time.perf_counter()
            size_satellite(one, sensitivities=False)
            full.append(time.perf_counter() - start)
        results[f"{label}_warm_resolve_per_design_ms"] = 1e3 * med(warm)
        results[f"{label}_size_satellite_ms"] = 1e3 * med(full)
    results["codesign_vs_fixed_chip_warm_ratio"] = (
        results["codesign_warm_resolve_per_design_ms"]
        / results["fixed_chip_warm_resolve_per_design_ms"])
    results["codesign_vs_fixed_chip_size_ratio"] = (
        results["codesign_size_satellite_ms"] / results["fixed_chip_size_satellite_ms"])
    return results


# ------------------------------------------------------------------ 4. throughput


def batch_specs(count: int, seed: int = 18) -> list:
    """``count`` specs: mass limits uniform in 1.5-6 t on five orbits (550-950 km).

    Five altitudes, so that the environment is shared by orbit as in a real study, and
    mass limits that move every design (and its integer count).
    """
    rng = np.random.default_rng(seed)
    spec = reference_spec()
    altitudes = rng.choice([550e3, 650e3, 750e3, 850e3, 950e3], size=count)
    limits = rng.uniform(1500.0, 6000.0, size=count)
    return [spec.replace(altitude=float(a), mass_limit=float(m))
            for a, m in zip(altitudes, limits, strict=True)]


def _one_at_a_time(specs, sensitivities):
    return [size_satellite(s, sensitivities=sensitivities) for s in specs]


def _batched(specs, sensitivities):
    return size_satellites(specs, sensitivities=sensitivities)


def _rate(function, specs, sensitivities) -> float:
    start = time.perf_counter()
    function(specs, sensitivities)
    return len(specs) / (time.perf_counter() - start)


def _two_processes(specs, sensitivities) -> float:
    """Designs/s of ``size_satellites(..., workers=2)``, process start-up included."""
    start = time.perf_counter()
    size_satellites(specs, sensitivities=sensitivities, workers=2)
    return len(specs) / (time.perf_counter() - start)


def _interleaved_rates(specs, sensitivities, chunk: int = 1000) -> dict:
    """Designs/s one at a time and batched, alternating chunk by chunk on the same specs.

    Alternating chunks (one at a time, then batched, on the same chunk) exposes both ways
    to the same machine load; the spread over chunks shows how much that load moved.
    """
    rates: dict[str, list[float]] = {"one_at_a_time": [], "batched": []}
    for start in range(0, len(specs), chunk):
        part = specs[start:start + chunk]
        rates["one_at_a_time"].append(_rate(_one_at_a_time, part, sensitivities))
        rates["batched"].append(_rate(_batched, part, sensitivities))
    return rates


def batch_throughput(counts=(1, 100, 10_000), repeats: int = 30) -> dict:
    """Designs/s one at a time and batched, with and without sensitivities (section 4).

    Each count sizes a fresh population (:func:`batch_specs`) after a warm-up on 300
    other specs (compiled problems, the orbit environments, the compiled kernels), so
    the rates are those of a long study. One at a time and batched alternate on chunks
    of 1,000 specs (the median over chunks is reported, with the slowest and fastest
    chunk when there are several); two processes (``workers=2``) run on the whole
    population, start-up included.
    """
    results: dict = {}
    # 300 specs: solves of 256 columns or more load the compiled kernels (numba's
    # import and cache, ~0.4 s once a process), as a long study has done long before
    _batched(batch_specs(300, seed=1), True)
    for count in counts:
        specs = batch_specs(count)
        for sensitivities in (False, True):
            label = "with" if sensitivities else "without"
            for name, rates in _interleaved_rates(specs, sensitivities).items():
                key = f"{name}_{label}_sensitivities_{count}_per_s"
                results[key] = statistics.median(rates)
                if len(rates) > 1:
                    results[key + "_range"] = f"{min(rates):.0f}-{max(rates):.0f}"
            if count >= 1000:
                results[f"batched_2_processes_{label}_sensitivities_{count}_per_s"] = (
                    _two_processes(specs, sensitivities))
    results.update(_heat_pump_cost(repeats=max(3, repeats // 5)))
    spec = reference_spec()
    design = size_satellite(spec)
    med = statistics.median
    check = med(_times(lambda: check_design(spec, design), repeats * 10))
    on = med(_times(lambda: size_satellite(spec), repeats))
    off = med(_times(lambda: size_satellite(spec, sensitivities=False), repeats))
    results["check_design_ms"] = 1e3 * check
    results["size_satellite_ms"] = 1e3 * on
    results["size_satellite_without_sensitivities_ms"] = 1e3 * off
    results["sensitivities_on_over_off"] = on / off
    results["design_over_check_design"] = on / check
    results["design_without_sensitivities_over_check_design"] = off / check
    return results


def _heat_pump_cost(repeats: int) -> dict:
    """Cost of the heat-pump lift search per design, against the same spec without it."""
    specs = batch_specs(repeats, seed=5)
    pumped = [s.replace(heat_pump=True) for s in specs]
    _batched(pumped[:1], False)
    med = statistics.median
    with_pump = med(_times(lambda: [size_satellite(s, sensitivities=False) for s in pumped],
                           1)) / len(pumped)
    without = med(_times(lambda: [size_satellite(s, sensitivities=False) for s in specs],
                         1)) / len(specs)
    return {"heat_pump_design_ms": 1e3 * with_pump,
            "heat_pump_over_plain_design": with_pump / without}


def _times(function, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


# ------------------------------------------- 4b. batched sensitivities, before vs after

_SIDE_BY_SIDE = """
import sys, time
import numpy as np
import thermaldesign
from thermaldesign.sizing import reference_spec, size_satellites
count, seed, idealised = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
workers = int(sys.argv[4])
continuous = len(sys.argv) > 5 and sys.argv[5] == "1"
sensitivities = len(sys.argv) <= 6 or sys.argv[6] == "1"
if len(sys.argv) > 7 and sys.argv[7] == "1":  # the numpy loops: the compiled kernel off
    from thermaldesign.sizing import batch_solver
    batch_solver.compiled_kernel = lambda: None

def specs(count, seed, continuous=False):
    spec = reference_spec()
    if idealised:
        spec = spec.replace(layout=None, bus_model="fixed")
    rng = np.random.default_rng(seed)
    if continuous:  # one orbit per spec, as a Monte Carlo or Sobol study draws them
        altitudes = rng.uniform(500e3, 950e3, size=count)
    else:
        altitudes = rng.choice([550e3, 650e3, 750e3, 850e3, 950e3], size=count)
    limits = rng.uniform(1500.0, 6000.0, size=count)
    return [spec.replace(altitude=float(a), mass_limit=float(m))
            for a, m in zip(altitudes, limits)]

# warm-up: compiled problems, orbits, learnt patterns, and (300 specs: solves of 256
# columns or more) the compiled kernels where the tree has them
size_satellites(specs(300, 1))
population = specs(count, seed, continuous)
start = time.perf_counter()
batch = size_satellites(population, workers=workers, sensitivities=sensitivities)
print(count / (time.perf_counter() - start), len(batch.errors), thermaldesign.__file__)
"""


def _side_by_side_rate(root: str, count: int, seed: int, idealised: bool,
                       workers: int = 1, continuous: bool = False,
                       sensitivities: bool = True, numpy_loops: bool = False) -> float:
    """Designs/s of ``size_satellites`` (with sensitivities unless told) on ``workers``
    processes, in a fresh interpreter importing thermaldesign from ``root`` (start-up
    and warm-up not timed; worker start-up timed); ``continuous``: altitude uniform in
    500-950 km, one orbit per spec; ``numpy_loops``: the batched interior point and
    polish in numpy (the compiled kernel of sizing/ip_kernel.py off)."""
    environment = dict(os.environ, PYTHONPATH=root)
    # run in root: ``python -c`` puts the working directory first on the path
    output = subprocess.run(
        [sys.executable, "-c", _SIDE_BY_SIDE, str(count), str(seed), "1" if idealised else "0",
         str(workers), "1" if continuous else "0", "1" if sensitivities else "0",
         "1" if numpy_loops else "0"],
        check=True, env=environment, capture_output=True, text=True, cwd=root).stdout.split()
    if not os.path.realpath(output[2]).startswith(os.path.realpath(root)):
        raise RuntimeError(f"imported {output[2]}, not the tree at {root}")
    return float(output[0])


def sensitivities_side_by_side(before: str, after: str, counts=(100, 1000, 10_000),
                               repeats: int = 3, idealised: bool = False,
                               workers: int = 1, numpy_before: bool = False) -> dict:
    """Batched designs/s with sensitivities, two source trees side by side (section 8c).

    ``before`` and ``after`` are checkouts (e.g. main and a branch); each repeat sizes a
    fresh population (:func:`batch_specs`'s distribution: mass limit 1.5-6 t, five
    altitudes; new seed per repeat) in a fresh interpreter of each tree in turn, so both
    see the same machine load. Medians with the range over repeats, and the load.
    ``idealised``: no layout, fixed bus (the model before the flight-like default);
    ``workers``: processes per batch (``size_satellites(..., workers=...)``);
    ``numpy_before``: ``before`` runs the numpy loops (the same tree on both sides then
    measures the compiled kernel alone).
    """
    results: dict = {"side_by_side_load_at_start": os.getloadavg()[0]}
    for count in counts:
        rates: dict[str, list[float]] = {"before": [], "after": []}
        for repeat in range(repeats):
            for name, root in (("before", before), ("after", after)):
                rates[name].append(_side_by_side_rate(
                    root, count, 100 + repeat, idealised, workers,
                    numpy_loops=numpy_before and name == "before"))
        for name, values in rates.items():
            key = f"{name}_with_sensitivities_{count}_per_s"
            results[key] = statistics.median(values)
            results[key + "_range"] = f"{min(values):.0f}-{max(values):.0f}"
    results["side_by_side_load_at_end"] = os.getloadavg()[0]
    return results


def continuous_side_by_side(before: str, after: str, counts=(200, 1000),
                            repeats: int = 1) -> dict:
    """Batched designs/s with one orbit per spec (altitude uniform in 500-950 km, mass
    limit 1.5-6 t), without and with sensitivities, two trees side by side (section 8f):
    what a Monte Carlo or Sobol study over inputs the environment reads costs. Fresh
    interpreter per tree and repeat, alternating; medians with the range, and the load."""
    results: dict = {"continuous_load_at_start": os.getloadavg()[0]}
    for count in counts:
        for sensitivities in (False, True):
            rates: dict[str, list[float]] = {"before": [], "after": []}
            for repeat in range(repeats):
                for name, root in (("before", before), ("after", after)):
                    rates[name].append(_side_by_side_rate(
                        root, count, 200 + repeat, False, continuous=True,
                        sensitivities=sensitivities))
            for name, values in rates.items():
                key = (f"{name}_continuous_{'with' if sensitivities else 'without'}"
                       f"_sensitivities_{count}_per_s")
                results[key] = statistics.median(values)
                results[key + "_range"] = f"{min(values):.1f}-{max(values):.1f}"
    results["continuous_load_at_end"] = os.getloadavg()[0]
    return results


# ------------------------------------------------------------------ 6. batched solver


def _stacked_values(count: int):
    """(structure, stacked coefficient values, per-spec values) of :func:`batch_specs`
    specs that share the reference relaxation's structure (coefficients precomputed)."""
    rows, structure = [], None
    for spec in batch_specs(count):
        env = evaluate.environment_of(spec)
        values = model.coefficient_values(spec, env)
        this = model.structure_of(spec, env, values, "max_compute", fixed_count=False)
        structure = structure or this
        if this == structure:
            rows.append(values)
    names = set().union(*rows)
    stacked = {name: np.array([row.get(name, 0.0) for row in rows]) for name in names}
    return structure, stacked, rows


def _clarabel_alone(problem, rows, polished: bool) -> float:
    """Seconds for Clarabel one at a time over ``rows`` (with or without the polish)."""
    start = time.perf_counter()
    for values in rows:
        problem.solve(values, polish=polished)
    return time.perf_counter() - start


def batch_solver_rates(counts=(1, 100, 10_000), repeats: int = 5) -> dict:
    """Relaxations per second: the batched solver against Clarabel one at a time (section 6).

    Rounds alternate the three ways on the same coefficient sets (the machine's load hits
    all alike); each reports the median rate over rounds and its range. Clarabel one at
    a time runs 1,000 sets at most per round (its rate does not depend on the count).
    The objective of every set is compared between the batched and the polished Clarabel
    solve.
    """
    results: dict = {}
    for count in counts:
        structure, stacked, rows = _stacked_values(count)
        size = len(rows)
        problem, clarabel_form = batch_solver.batched(structure), direct.direct(structure)
        solution = problem.solve(stacked, size)  # warm: the term table is built
        sample = rows[:1000]
        rates: dict[str, list[float]] = {"batched": [], "clarabel_polished": [],
                                         "clarabel_alone": []}
        for _ in range(repeats):
            start = time.perf_counter()
            solution = problem.solve(stacked, size)
            rates["batched"].append(size / (time.perf_counter() - start))
            rates["clarabel_polished"].append(
                len(sample) / _clarabel_alone(clarabel_form, sample, True))
            rates["clarabel_alone"].append(
                len(sample) / _clarabel_alone(clarabel_form, sample, False))
        for name, values in rates.items():
            results[f"batch_solver_{name}_{count}_per_s"] = statistics.median(values)
            results[f"batch_solver_{name}_{count}_per_s_range"] = (
                f"{min(values):.0f}-{max(values):.0f}")
        worst = max(abs(solution.variables["objective"][i]
                        / clarabel_form.solve(values)[1]["objective"] - 1.0)
                    for i, values in enumerate(sample[:200]))
        results[f"batch_solver_{count}_objective_vs_clarabel_max_rel"] = worst
        results[f"batch_solver_{count}_solved"] = int((solution.status == "Solved").sum())
    results["batch_solver_blas_threads"] = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    results["batch_solver_load_average"] = os.getloadavg()[0]
    return results


# ------------------------------------------------------------------ 7. start-up


def _solver_loops() -> str:
    """Which loops the batched solver ran: compiled (numba's version) or numpy."""
    from thermaldesign.sizing import batch_solver

    if batch_solver.compiled_kernel() is None:
        return "numpy (numba not installed: pip install '.[fast]')"
    import numba

    return f"compiled (numba {numba.__version__})"


def _fresh_interpreter_seconds(code: str, repeats: int) -> float:
    """Median wall time of ``python -c code`` in a fresh interpreter [s]."""
    environment = dict(os.environ)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=environment,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def startup_times(repeats: int = 7) -> dict:
    """Start-up of ``import thermaldesign`` and ``thermaldesign --help`` (section 5).

    Interleaved with the same start-up plus ``import cvxpy`` (what it cost before cvxpy
    became a fallback-only import) and a bare interpreter, in fresh processes.
    """
    help_code = ("from thermaldesign.cli import main\ntry:\n    main(['--help'])\n"
                 "except SystemExit:\n    pass")
    cases = {
        "python_bare_s": "pass",
        "import_thermaldesign_s": "import thermaldesign",
        "import_thermaldesign_and_cvxpy_s": "import thermaldesign, cvxpy",
        "cli_help_s": help_code,
        "cli_help_and_cvxpy_s": "import cvxpy\n" + help_code,
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):  # interleaved rounds: load changes hit every case alike
        for name, code in cases.items():
            samples[name].append(_fresh_interpreter_seconds(code, 1))
    return {name: statistics.median(values) for name, values in samples.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="a few points only")
    parser.add_argument("--batch", default="1,100,10000",
                        help="spec counts of the throughput section, comma-separated")
    parser.add_argument("--side-by-side", metavar="BEFORE_ROOT",
                        help="only section 8c: batched designs/s with sensitivities of the "
                             "tree at BEFORE_ROOT against this one, side by side")
    parser.add_argument("--idealised", action="store_true",
                        help="with --side-by-side: no layout, fixed bus")
    parser.add_argument("--workers", type=int, default=1,
                        help="with --side-by-side: processes per batch")
    parser.add_argument("--numpy-before", action="store_true",
                        help="with --side-by-side: BEFORE_ROOT runs the batched interior "
                             "point and polish in numpy (the compiled kernel off); give "
                             "this tree as BEFORE_ROOT to measure the kernel alone")
    parser.add_argument("--continuous", action="store_true",
                        help="with --side-by-side: one orbit per spec (altitude uniform in "
                             "500-950 km), without and with sensitivities (section 8f)")
    args = parser.parse_args()
    if args.side_by_side and args.continuous:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        counts = tuple(int(c) for c in args.batch.split(",")) if args.batch != \
            parser.get_default("batch") else (200, 1000)
        for key, value in continuous_side_by_side(args.side_by_side, here, counts).items():
            print(f"{key:<55}  {value:.4g}" if isinstance(value, float) else
                  f"{key:<55}  {value}")
        sys.exit(0)
    if args.side_by_side:
        counts = tuple(int(c) for c in args.batch.split(","))
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        output = sensitivities_side_by_side(args.side_by_side, here, counts,
                                            idealised=args.idealised, workers=args.workers,
                                            numpy_before=args.numpy_before)
        for key, value in output.items():
            print(f"{key:<45}  {value:.4g}" if isinstance(value, float) else
                  f"{key:<45}  {value}")
        sys.exit(0)
    output = main(points=5 if args.smoke else args.points, smoke=args.smoke)
    counts = (1, 20) if args.smoke else tuple(int(c) for c in args.batch.split(","))
    output.update(batch_throughput(counts, repeats=5 if args.smoke else 30))
    output.update(batch_solver_rates(counts, repeats=2 if args.smoke else 5))
    output.update(startup_times(2 if args.smoke else 7))
    output["batched_solver_loops"] = _solver_loops()
    with open("/proc/loadavg") if os.path.exists("/proc/loadavg") else open(os.devnull) as f:
        output["load_average_at_end"] = f.read().strip()
    width = max(len(k) for k in output)
    for key, value in output.items():
        text = f"{value:.4g}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {text}")
