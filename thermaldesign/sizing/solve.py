"""The sizing solver core: solves, the exact integer GPU count, sensitivities, the design.

Everything that turns a spec's coefficients into a :class:`SatelliteDesign` without
deciding what to do when nothing fits: :func:`run` (direct conic form, then cvxpy's DPP
path), the relaxed and fixed-count solves, :func:`integer_optimum`, the sensitivities and
:func:`build_design`. The entry point :func:`~thermaldesign.sizing.size_satellite`
(:mod:`.entry`) sits above this module together with the infeasibility diagnosis
(:mod:`.diagnose`) and the heat-pump search (:mod:`.heat_pump`); both import this core,
and this core imports neither.

Integer GPU count (exact, no ``cp.FiniteSet``)
----------------------------------------------
Let g(N) be the optimal objective with the GPU count fixed at N. In log variables the
GP is a convex program, and partial minimisation of a convex program over the other
variables keeps it convex, so log g is a convex function of log N on the interval of
feasible counts. A convex function of log N is unimodal in N; the best multiple of the
server size k therefore lies at one of the two multiples of k that bracket the relaxed
optimum N_c. We solve the fixed-count problem (a DPP re-solve) at both, keep the best
feasible one, and walk down if neither is feasible (which only happens through solver
tolerance at a razor-thin bracket). For ``max_compute`` the fixed-count problem
maximises the delivered compute (the clock); when the clock ends at its upper bound it
is solved again with the clock pinned there, minimising the wet mass, the tie-break
among designs with the same compute (:func:`solve_fixed`). The test suite checks this
against brute-force enumeration of every count. With the clock free the best count may
lie above the relaxed optimum (a further GPU at a lower clock), so only with the clock
pinned are counts above the relaxed one skipped unsolved.

Eclipse policy (the eclipse power fraction e)
---------------------------------------------
Delivered compute N x^b (1 - phi (1 - e)) is not a monomial in e (phi the year's mean
eclipse fraction), so e is chosen outside the GP. Fix x, T_j and T_rad: every load,
area, mass and cost is then linear in (N, u = e N, A_s, A_r, E, M, k) and delivered
compute is linear too, so max compute is a linear program and the per-compute
objectives are linear-fractional programs, whose optima lie at vertices. Five of the
seven variables are fixed by their defining constraints (A_s, A_r, E, M, k); with the
mass limit as the only other coupling constraint a vertex needs u = 0 or u = N. Hence,
for every (x, T_j, T_rad), the best e is 0 or 1, and so is the best e overall:
:func:`~thermaldesign.sizing.entry.optimize` solves the GP at e = 0 and e = 1 and keeps
the better (branch and bound: the integer search runs only at a bound whose relaxation
can still win). This is exact for the continuous relaxation without packing limits. It
is not a proof when a second coupling constraint binds (an area or volume limit) or for
a fixed integer count (the floor leaves mass slack that a partial eclipse power could
use): there the tests check against a brute-force grid including e = 0.5 and found no
interior optimum, which is evidence, not a proof. A spec may pin any e in [0, 1].
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field, replace

import numpy as np

from .. import radiator
from ..errors import SolverError
from . import direct, model, sensitivity
from .columns import as_real, smaller
from .design import SatelliteDesign
from .evaluate import (
    Environment,
    cost_parts,
    duty_cycle,
    loads,
    mass_parts,
    stowed_volume,
    total,
)
from .sensitivity import coefficient_sensitivities  # re-exported: callers of the old home
from .spec import SatelliteSpec

__all__ = [
    "ENGINES",
    "SOLVERS",
    "Solution",
    "build_design",
    "coefficient_sensitivities",
    "input_sensitivities",
    "integer_optimum",
    "physical_objective",
    "run",
    "solve_fixed",
    "solve_relaxation",
]

#: Solver fallback order on the cvxpy path: Clarabel (interior point), then SCS.
SOLVERS = ("CLARABEL", "SCS")
#: Solution paths tried in order: the direct conic form, then cvxpy DGP with DPP.
ENGINES = ("direct", "cvxpy")
_SOLVER_OPTIONS = {"SCS": {"eps_abs": 1e-9, "eps_rel": 1e-9, "max_iters": 200_000}}
# cvxpy's status strings (cvxpy.OPTIMAL, cvxpy.INFEASIBLE): cvxpy itself is imported only
# when its path runs (see model.CompiledModel)
OPTIMAL = "optimal"
INFEASIBLE = "infeasible"
_INFEASIBLE = (INFEASIBLE,)  # "unbounded" (objective -> 0) would be a model bug: fail
_BINDING_DUAL = 1e-5  # dual value above which a constraint counts as binding [-]
# relative margin above the relaxed max-compute count within which a count may still
# fit (the solvers' accuracy is ~1e-8) [-]
_ABOVE_RELAXED = 1e-6


@dataclass
class Solution:
    """One solve of a compiled structure."""

    status: str
    structure: model.Structure
    values: dict
    variables: dict = field(default_factory=dict)
    duals: dict = field(default_factory=dict)
    solver: str = ""
    solve_time: float = 0.0  # solver's own time [s]
    wall_time: float = 0.0  # whole re-solve incl. cvxpy [s]

    @property
    def feasible(self) -> bool:
        return self.status == OPTIMAL


def run(structure: model.Structure, values: dict, *, engines=ENGINES) -> Solution:
    """Solve one structure with ``values``: the direct conic form, then cvxpy's DPP path.

    Order: Clarabel on the direct conic form (:mod:`.direct`, ~0.3 ms); if it does not
    report "Solved" or "PrimalInfeasible", the cvxpy DGP problem (DPP re-solve) with
    each of :data:`SOLVERS`. Returns an optimal or infeasible :class:`Solution`; raises
    :class:`SolverError` when every solver fails or is inaccurate.

    Parameters
    ----------
    structure : Structure
        Problem shape.
    values : dict
        Coefficient values (and ``gpu_count`` for a fixed count).
    engines : tuple of {"direct", "cvxpy"}
        Which paths to try, in order.
    """
    compiled = model.compiled(structure)
    failures = []
    with compiled.lock:
        if "direct" in engines and not structure.relaxed and direct.available():
            status, variables, duals, solver_time, wall = direct.timed_solve(
                structure, values
            )
            if status == "Solved":
                if structure.fixed_count:
                    variables["gpu_count"] = float(values["gpu_count"])
                return Solution(OPTIMAL, structure, values, variables, duals,
                                "CLARABEL (direct)", solver_time, wall)
            if status == "PrimalInfeasible":
                return Solution(INFEASIBLE, structure, values, solver="CLARABEL (direct)",
                                wall_time=wall)
            failures.append(f"CLARABEL (direct): {status}")
        if "cvxpy" not in engines:
            solvers = ()
        else:
            import cvxpy  # on the fallback path only: keeps start-up free of cvxpy

            solvers = SOLVERS
            compiled.set_values(values)
        for solver in solvers:
            start = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    # "solution may be inaccurate": the status below is checked instead
                    warnings.simplefilter("ignore", UserWarning)
                    # cvxpy exponentiates a diverged log-space iterate; status says so
                    warnings.simplefilter("ignore", RuntimeWarning)
                    compiled.problem.solve(
                        gp=True, solver=solver, **_SOLVER_OPTIONS.get(solver, {})
                    )
            except (cvxpy.error.SolverError, ValueError, ArithmeticError) as error:
                failures.append(f"{solver}: {error}")
                continue
            wall = time.perf_counter() - start
            status = compiled.problem.status
            stats = compiled.problem.solver_stats
            if status == OPTIMAL:
                variables = {name: float(v.value) for name, v in compiled.variables.items()}
                variables.update(
                    {f"slack {name}": float(v.value) for name, v in compiled.slacks.items()}
                )
                if "gpu_count" in compiled.parameters:
                    variables["gpu_count"] = float(compiled.parameters["gpu_count"].value)
                if not structure.relaxed and _violation(compiled, values, variables) > 1e-6:
                    # "optimal" on a barely infeasible problem, at a point that breaks the
                    # constraints: not a design
                    failures.append(f"{solver}: its point violates the constraints")
                    continue
                duals = {
                    c.name: float(np.asarray(k.dual_value).ravel()[0])
                    for c, k in zip(compiled.constraints, compiled.cvx_constraints, strict=False)
                    if not structure.relaxed
                }
                if not structure.relaxed:  # the exact optimum, as the direct path returns
                    variables, duals = direct.polish_point(structure, values, variables, duals)
                return Solution(status, structure, values, variables, duals, solver,
                                stats.solve_time or 0.0, wall)
            if status in _INFEASIBLE:
                return Solution(INFEASIBLE, structure, values, solver=solver, wall_time=wall)
            failures.append(f"{solver}: status {status}")
    raise SolverError(
        "every solver failed on the sizing problem: " + "; ".join(failures)
        + ". Try another spec or install another conic solver (e.g. MOSEK)"
    )


def _violation(compiled: model.CompiledModel, values: dict, variables: dict) -> float:
    """Largest relative violation of a constraint at a point (posynomial - 1)."""
    worst = 0.0
    for constraint in compiled.constraints:
        total = 0.0
        for term in constraint.terms:
            value = values[term.coefficient]
            for name, power in term.powers:
                value *= (variables[name] if name in variables else values[name]) ** power
            total += value
        worst = max(worst, total - 1.0)
    return worst


def solve_relaxation(spec, env, values, objective) -> Solution:
    """The continuous relaxation (GPU count free, >= one server)."""
    return run(model.structure_of(spec, env, values, objective, fixed_count=False), values)


def solve_fixed(spec, env, values, objective, gpu_count: float, runner=run) -> Solution:
    """The problem with the GPU count fixed at ``gpu_count``.

    Under ``max_compute`` the fixed-count problem maximises the clock; when the clock
    ends at its upper bound the problem is solved again with the clock pinned there,
    minimising the wet mass (the tie-break among designs of equal compute).
    ``runner(structure, values)`` solves (:func:`run`; the batch path looks up its
    batched solves, :mod:`.vector_path`).
    """
    fixed = dict(values, gpu_count=float(gpu_count))
    solution = runner(model.structure_of(spec, env, fixed, objective, fixed_count=True), fixed)
    if (objective == "max_compute" and solution.feasible and "clock.pinned" not in fixed
            and needs_pinned_clock(solution.variables["clock_fraction"], fixed)):
        pinned = pinned_clock(fixed)
        again = runner(model.structure_of(spec, env, pinned, objective, fixed_count=True),
                       pinned)
        if again.feasible:
            return again
    return solution


def needs_pinned_clock(clock_fraction, fixed: dict):
    """Whether a fixed-count max_compute optimum ends at the clock's upper bound."""
    return clock_fraction * fixed["clock.upper"] > 1.0 - 1e-7


def pinned_clock(fixed: dict) -> dict:
    """Fixed-count values with the clock pinned at its upper bound."""
    return dict(fixed, **{"clock.lower": 1.0 / fixed["clock.upper"], "clock.pinned": 1.0})


def operating_point(spec: SatelliteSpec, solution: Solution) -> dict:
    """(clock, junction, eclipse fraction, spares) of a solution, as loads() takes them.

    On columns (a solution whose variables are arrays (B,), :mod:`.vector_path`) every
    entry is an array (B,)."""
    v = solution.variables
    return {
        "clock": smaller(1.0, v["clock_fraction"]),
        "junction": v["junction_ratio"] * model.JUNCTION_SCALE,
        "eclipse_fraction": solution.values.get("eclipse_fraction", 1.0),
    }


def delivered_compute(spec: SatelliteSpec, env: Environment, solution: Solution) -> float:
    """N flops x^b times the duty of the eclipse policy [FLOP/s] (an array (B,) on
    columns)."""
    point = operating_point(spec, solution)
    gpu = spec.entry("accelerator")
    return (solution.variables["gpu_count"] * gpu.flops
            * point["clock"] ** gpu.clock_throughput_exponent
            * duty_cycle(env, point["eclipse_fraction"]))


def physical_objective(spec: SatelliteSpec, env: Environment, solution: Solution,
                       objective: str, lift: float = 0.0) -> float:
    """The objective recomputed from the physics (delivered compute, kg or USD per FLOP/s).

    On columns (:class:`.columns.SpecColumns`, environment columns and a solution of
    arrays (B,)) an array (B,), the sums plain instead of exactly rounded
    (:func:`.evaluate.total`)."""
    compute = delivered_compute(spec, env, solution)
    if objective == "max_compute":
        return compute
    v = solution.variables
    n = v["gpu_count"]
    point = operating_point(spec, solution)
    load = loads(spec, env, n, lift, **point)
    spare = v.get("spare_count", 0.0)
    masses = mass_parts(spec, env, load, n, v["array_area"], v["radiator_area"],
                        v.get("battery_energy", 0.0), spare)
    if objective == "min_mass_per_compute":
        return total(masses.values()) / compute
    costs = cost_parts(spec, env, n, v["array_area"], v["radiator_area"],
                       v.get("battery_energy", 0.0), masses, spare)
    return total(costs.values()) / compute


def _better(objective: str, a: tuple, b: tuple):
    """Is candidate a = (count, objective, mass) better than b? (Elementwise on arrays.)

    Under ``max_compute`` more compute wins (by more than 1e-9 relative, the solvers'
    accuracy), then the lighter design; otherwise the smaller mass or cost per compute.
    """
    if objective == "max_compute":
        more = a[1] * (1 + 1e-9)
        return (more > b[1]) | ((more == b[1]) & (a[2] < b[2]))
    return a[1] < b[1]


def candidate_units(ratio, pinned_clock: bool):
    """(low, whether low + 1 is a candidate) of the integer step for relaxed server
    counts ``ratio`` [-] (floats or arrays (B,)).

    The candidates are low = max(1, floor), ceil and low + 1; ceil is low or low + 1, so
    the candidates are low and low + 1. With the clock pinned under ``max_compute``
    (``pinned_clock``) the relaxation's count is the largest that fits: a count above it
    (beyond the solver's accuracy) is infeasible without a solve, and solving it is
    where the conic solvers stall (a barely infeasible problem, ~1 s on the SCS
    fallback). With a free clock one more GPU at a lower clock may fit.
    """
    low = np.maximum(1.0, np.floor(ratio + 1e-9))
    above = (low + 1.0 <= ratio * (1.0 + _ABOVE_RELAXED)) if pinned_clock else True
    return low, above


def integer_candidates(spec, objective, relaxed_count: float) -> tuple[int, list[int]]:
    """(low, candidate server counts) of the integer step around a relaxed GPU count
    (:func:`candidate_units`)."""
    low, above = candidate_units(relaxed_count / spec.gpu_granularity,
                                 objective == "max_compute" and spec.clock_fraction is not None)
    low = int(low)
    return low, [low, low + 1] if above else [low]


def integer_optimum(spec, env, values, objective, relaxation: Solution, lift=0.0,
                    runner=run) -> Solution:
    """Exact best multiple of the server size (see module docstring)."""
    k = spec.gpu_granularity
    low, candidates = integer_candidates(spec, objective, relaxation.variables["gpu_count"])
    best, best_key = None, None
    for units in candidates:
        try:
            solution = solve_fixed(spec, env, values, objective, units * k, runner)
        except SolverError:
            if units * k <= relaxation.variables["gpu_count"]:
                raise  # at or below the relaxed optimum a count must solve
            continue  # above it, solvers may stall on a barely infeasible count
        if not solution.feasible:
            continue
        key = (units * k, physical_objective(spec, env, solution, objective, lift),
               solution.variables["dry_mass"])
        if best is None or _better(objective, key, best_key):
            best, best_key = solution, key
    units = low - 1
    while best is None and units >= 1:
        solution = solve_fixed(spec, env, values, objective, units * k, runner)
        if solution.feasible:
            best = solution
        units -= 1
    return best


# ---------------------------------------------------------------- sensitivities


def input_sensitivities(spec: SatelliteSpec, solution: Solution, lift: float,
                        objective: str, step: float = 1e-6, env=None) -> dict[str, float]:
    """d log(objective) / d log(input) for every numeric input: see :mod:`.sensitivity`."""
    return sensitivity.input_sensitivities(spec, solution, lift, objective, step, env)


# ---------------------------------------------------------------- the design


def breakdowns(env: Environment, load, array_area: float, radiator_area: float,
               temperature: float) -> tuple[dict, dict]:
    """(power breakdown [W], heat breakdown [W]) of a design, from its loads and sizes
    (on columns: every entry an array (B,) or one shared value)."""
    power_breakdown = {
        "accelerators": load.accelerators,
        "servers": load.servers,
        "coolant pumps": load.pump,
        "heat pump compressor": load.compressor,
        "bus (avionics, terminals, ADCS)": load.bus,
        "daylight load": load.daylight_load,
        "eclipse load": load.eclipse_load,
        "conditioning losses (daylight)": load.conversion_heat,
        "array output required (daylight)": load.array_power,
        "array output available (EOL)": array_area * env.array_power_density,
    }
    emitted = radiator_area * env.fin_efficiency * as_real(
        radiator.emitted_flux(temperature, env.emissivity, env.sides)
    )
    heat_breakdown = {
        "accelerators and servers": load.it_power,
        "coolant pumps": load.pump,
        "conditioning losses": load.conversion_heat,
        "heat pump compressor": load.compressor,
        "to radiator": load.radiator_heat,
        "absorbed environment (EOL, hot)": radiator_area * env.absorbed_flux,
        "emitted": emitted,
    }
    return power_breakdown, heat_breakdown


def build_design(spec: SatelliteSpec, env: Environment, final: Solution, objective: str, *,
                 integer: bool, lift: float, relaxation: Solution | None,
                 sensitivities: bool) -> SatelliteDesign:
    """Turn a solution into a :class:`SatelliteDesign` (breakdowns from the physics).

    Binding constraints and sensitivities come from ``relaxation`` when given (the
    continuous optimum), else from ``final``.
    """
    v = final.variables
    n = int(round(v["gpu_count"])) if integer else v["gpu_count"]
    array_area, radiator_area = v["array_area"], v["radiator_area"]
    temperature = v["radiator_temperature"]
    energy = v.get("battery_energy", 0.0)
    spare = v.get("spare_count", 0.0)
    point = operating_point(spec, final)
    load = loads(spec, env, n, lift, **point)
    masses = mass_parts(spec, env, load, n, array_area, radiator_area, energy, spare)
    costs = cost_parts(spec, env, n, array_area, radiator_area, energy, masses, spare)
    power_breakdown, heat_breakdown = breakdowns(env, load, array_area, radiator_area,
                                                 temperature)
    relaxed_source = relaxation if relaxation is not None else final
    binding = tuple(
        name for name, dual in relaxed_source.duals.items() if abs(dual) > _BINDING_DUAL
    )
    sens = (
        input_sensitivities(spec, relaxed_source, lift, objective, env=env)
        if sensitivities else {}
    )
    gpu = spec.entry("accelerator")
    # grouped by meaning: the question, the sizes, the totals, the breakdowns, the solver
    design = SatelliteDesign(
        spec=spec, objective=objective, integer=integer,
        gpu_count=n, solar_array_area=array_area, radiator_area=radiator_area,
        radiator_temperature=temperature, battery_energy=energy,
        heat_pump_lift=lift, heat_pump_power=load.compressor,
        total_mass=math.fsum(masses.values()),
        compute=n * gpu.flops * point["clock"] ** gpu.clock_throughput_exponent,
        nameplate_compute=n * gpu.flops,
        junction_temperature=point["junction"], clock_fraction=point["clock"],
        eclipse_power_fraction=point["eclipse_fraction"], spare_count=spare,
        chip_power=load.accelerators / n if n else math.nan,
        it_power=load.it_power, duty_cycle=duty_cycle(env, point["eclipse_fraction"]),
        stowed_volume=stowed_volume(spec, masses, array_area, radiator_area),
        hardware_cost=math.fsum(value for key, value in costs.items() if key != "launch"),
        launch_cost=costs["launch"],
        cost_breakdown=dict(costs), mass_breakdown=dict(masses),
        power_breakdown=power_breakdown, heat_breakdown=heat_breakdown,
        binding_constraints=binding, sensitivities=sens, solver=final.solver,
    )
    value = {
        "max_compute": design.delivered_compute,
        "min_mass_per_compute": design.mass_per_compute,
        "min_cost_per_compute": design.cost_per_compute,
    }[objective]
    return replace(design, objective_value=value)
