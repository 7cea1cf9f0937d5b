"""Heat-pump option: lift the radiator above the chip-limited temperature.

A vapor-compression loop takes the coolant heat Q at its evaporator and rejects Q + W at
its condenser, so the radiator runs hotter than the chips allow. Radiated flux grows as
T^4, so a lift shrinks the radiator, at the price of compressor power W = Q / COP (more
array, battery and conditioning losses, and W itself to reject).

The refrigerant evaporates ``heat_pump_evaporator_approach`` below the coolant and
condenses ``heat_pump_condenser_approach`` above the radiator loop (Grzyll et al., AIP
Conf. Proc. 552 (2001) 271: 5 K on the evaporator side of a spacecraft low-lift heat
pump; the condenser side is an estimate, no spacecraft source found). With the
refrigerant temperature ratio rho = T_cond / T_evap,

    COP = f T_evap / (T_cond - T_evap) = f / (rho - 1),

f the second-law efficiency on the *refrigerant* temperatures (0.5-0.6; the measured
reservoir-to-reservoir Carnot fractions of 0.43-0.59 already contain the approaches, so
they are not used here, which would count them twice). The search variable is the
nominal lift L = (rho - 1) T_evap,0, T_evap,0 the coolant temperature at full clock and
the junction limit: for a fixed L, rho and the COP are constants and the thermal chain

    (T_rad + radiator drop + condenser approach) / rho + evaporator approach
        + loop drop + R_cp P(x, T_j) <= T_j

is a posynomial constraint, so the chip's junction temperature and clock stay GP
variables (:mod:`.model`). The lift itself enters through 1/COP and rho together, which
is not a posynomial relation: it is found by an outer one-dimensional search over
[0, L_max] (L_max: the spec's largest lift, the radiator material limit, and the lift
where compressor and conversion losses would feed back without bound): a grid of
:data:`GRID_POINTS` lifts, each a DPP re-solve of the relaxation, then a bounded Brent
refinement (:func:`scipy.optimize.minimize_scalar`) around the best grid point, at each
eclipse-policy bound. Lift 0 (no heat pump, no approaches) is always a candidate, so the
option never makes a design worse: the co-design weighs it against a cooler or hotter
junction and a lower clock. The integer GPU count is then found as in :mod:`.solve`, and
the lift re-optimised for that count. Tested against brute force over a fine lift grid.

Not modelled: compressor efficiency varying with the lift (fixed second-law efficiency)
and the working fluid's limits. The design's sensitivities hold the lift fixed: exact
(envelope theorem) when the best lift is interior, first-order incomplete when it sits at
the largest allowed lift, whose bound moves with the inputs.

References
----------
ASHRAE Handbook - Fundamentals (2021), ch. 2 (thermodynamics of refrigeration cycles);
Gilmore (2002), ch. 12 (heat pumps for spacecraft).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize as scipy_optimize

from .._validation import as_output, check_array
from ..errors import InfeasibleDesignError, InputError, SolverError
from . import model
from .design import SatelliteDesign
from .diagnose import explain
from .evaluate import eclipse_fractions, environment_of
from .solve import (
    build_design,
    integer_optimum,
    physical_objective,
    solve_fixed,
    solve_relaxation,
)
from .spec import SatelliteSpec

__all__ = ["coefficient_of_performance", "size_with_heat_pump", "GRID_POINTS"]

#: Lifts tried on the coarse grid of the outer search [-].
GRID_POINTS = 17
_LIFT_TOLERANCE = 1e-3  # [K]


def coefficient_of_performance(cold_temperature, hot_temperature, carnot_fraction=0.5):
    """Heat-pump coefficient of performance (heat lifted per unit of compressor work).

    .. math:: COP = f_{Carnot}\\,\\frac{T_{cold}}{T_{hot} - T_{cold}}

    Parameters
    ----------
    cold_temperature : float or array_like
        Evaporator temperature [K], > 0.
    hot_temperature : float or array_like
        Condenser temperature [K], > cold_temperature.
    carnot_fraction : float or array_like
        Second-law efficiency: COP as a fraction of the Carnot COP [-], in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        COP [W of heat lifted per W of work].

    References
    ----------
    ASHRAE Handbook - Fundamentals (2021), ch. 2.
    """
    cold = check_array(cold_temperature, "cold_temperature", low=0.0, low_open=True, unit="K")
    hot = check_array(hot_temperature, "hot_temperature", low=0.0, low_open=True, unit="K")
    fraction = check_array(carnot_fraction, "carnot_fraction", low=0.0, high=1.0, low_open=True)
    if np.any(hot <= cold):
        raise InputError(
            "hot_temperature must exceed cold_temperature for a heat pump; got a lift of "
            f"{float(np.min(hot - cold)):g} K, valid range (0, inf) K"
        )
    return as_output(fraction * cold / (hot - cold))


def _largest_lift(spec: SatelliteSpec, env) -> float:
    largest = min(spec.heat_pump_max_lift, env.material_limit - env.chain_limit)
    # compressor and conversion losses must not feed back without bound:
    # 1 - k(1+r) - r lift / (f T_evap) > 0
    loss = 1.0 / spec.daylight_efficiency - 1.0
    if loss > 0:
        room = 1.0 - spec.pump_power_per_watt * (1.0 + loss)
        largest = min(largest, 0.999 * room * spec.heat_pump_carnot_fraction
                      * env.evaporator_temperature / loss)
    return max(0.0, largest)


def _score(objective: str, value: float) -> float:
    """Smaller is better, on a log scale."""
    return -math.log(value) if objective == "max_compute" else math.log(value)


def _search(evaluate, upper: float) -> tuple[float, float]:
    """Minimise evaluate(lift) over [0, upper]: grid, then bounded Brent. (lift, score)."""
    if upper <= 0.0:
        return 0.0, evaluate(0.0)
    grid = np.linspace(0.0, upper, GRID_POINTS)
    scores = np.array([evaluate(float(lift)) for lift in grid])
    best = int(np.argmin(scores))
    if not np.isfinite(scores[best]):
        return 0.0, math.inf
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, GRID_POINTS - 1)]
    # An infeasible lift scores inf; Brent's parabola through inf is NaN. Score it just
    # worse than every feasible grid point instead, which keeps the search in the bracket.
    penalty = float(np.max(scores[np.isfinite(scores)])) + 1.0

    def finite(lift):
        value = evaluate(lift)
        return value if math.isfinite(value) else penalty

    result = scipy_optimize.minimize_scalar(
        finite, bounds=(low, high), method="bounded", options={"xatol": _LIFT_TOLERANCE}
    )
    if result.fun < scores[best]:
        return float(result.x), float(result.fun)
    return float(grid[best]), float(scores[best])


def size_with_heat_pump(spec: SatelliteSpec, objective: str, *, integer: bool,
                        gpu_count: int | None, sensitivities: bool) -> SatelliteDesign:
    """:func:`~thermaldesign.sizing.size_satellite`'s solve for a spec with ``heat_pump=True``.

    Returns the design at the best lift (``heat_pump_lift`` [K], ``heat_pump_power`` [W])
    and eclipse power fraction (each candidate of :func:`.evaluate.eclipse_fractions`
    searched in turn) before the closure re-check, which the entry point runs once on
    every design; see the module docstring for the method.
    """
    best, failure = None, None
    for fraction in eclipse_fractions(spec):
        try:
            design = _size_at(spec, objective, fraction, integer=integer, gpu_count=gpu_count,
                              sensitivities=sensitivities)
        except InfeasibleDesignError as error:
            failure = failure or error
            continue
        value = design.objective_value
        key = value if objective == "max_compute" else -value
        if best is None or key > best[0]:
            best = (key, design)
    if best is None:
        raise failure
    return best[1]


def _size_at(spec: SatelliteSpec, objective: str, fraction: float, *, integer: bool,
             gpu_count: int | None, sensitivities: bool) -> SatelliteDesign:
    """:func:`size_with_heat_pump` at one eclipse power fraction [-]."""
    env = environment_of(spec)
    upper = _largest_lift(spec, env)

    def values_at(lift):
        return dict(model.coefficient_values(spec, env, lift, eclipse_fraction=fraction),
                    eclipse_fraction=fraction)

    def relaxed_score(lift):
        try:
            solution = solve_relaxation(spec, env, values_at(lift), objective)
        except InfeasibleDesignError:
            return math.inf
        if not solution.feasible:
            return math.inf
        return _score(objective, physical_objective(spec, env, solution, objective, lift))

    def fixed_score(count):
        def score(lift):
            # A count above what any design at this lift holds is infeasible: say so without
            # the fixed solve, where the conic solvers stall on a barely infeasible count.
            # (with the clock free the max-compute relaxation's count is no upper bound on
            # the counts that fit, so no count is ruled out before its own solve)
            try:
                solution = solve_fixed(spec, env, values_at(lift), objective, count)
            except InfeasibleDesignError:
                return math.inf
            except SolverError:
                # The solvers may stall on a barely infeasible count: within rounding above
                # the relaxed optimum (as in integer_optimum), or at a lift away from the
                # relaxed one, where a count that fits there may not fit at all (seen: 37
                # GPUs at lift 0, a relaxed 34.9 at 5 K). The search scores that lift as no
                # design; the lift it picks is solved again and the design re-checked.
                if relaxation is not None and (lift != relaxed_lift
                                               or count > relaxation.variables["gpu_count"]):
                    return math.inf
                raise
            if not solution.feasible:
                return math.inf
            return _score(objective, physical_objective(spec, env, solution, objective, lift))
        return score

    relaxation = None
    relaxed_lift, relaxed_best = _search(relaxed_score, upper)
    if gpu_count is None and not math.isfinite(relaxed_best):
        raise explain(spec, env, values_at(0.0), spec.gpu_granularity, 0.0)
    if gpu_count is None:
        relaxation = solve_relaxation(spec, env, values_at(relaxed_lift), objective)
    if gpu_count is None and not integer:
        final, lift = relaxation, relaxed_lift
    else:
        if gpu_count is not None:
            counts = [gpu_count]
        else:
            first = integer_optimum(spec, env, values_at(relaxed_lift), objective, relaxation,
                                    relaxed_lift)
            counts = [first.variables["gpu_count"]] if first is not None else []
            k = spec.gpu_granularity
            if objective != "max_compute" and counts:
                # the neighbour on the other side of the relaxed optimum, at its own best lift
                ratio = relaxation.variables["gpu_count"] / k
                counts += [u * k for u in {math.floor(ratio), math.ceil(ratio)} if u >= 1]
        best = None
        for count in sorted(set(counts)):
            lift, score = _search(fixed_score(count), upper)
            if not math.isfinite(score):
                continue
            solution = solve_fixed(spec, env, values_at(lift), objective, count)
            value = physical_objective(spec, env, solution, objective, lift)
            key = (count, -solution.variables["dry_mass"]) if objective == "max_compute" else (
                -value,
            )
            if best is None or key > best[0]:
                best = (key, solution, lift)
        if best is None:
            raise explain(spec, env, values_at(relaxed_lift if gpu_count is None else 0.0),
                          gpu_count or spec.gpu_granularity, 0.0)
        _, final, lift = best
    return build_design(spec, env, final, objective, integer=integer or gpu_count is not None,
                        lift=lift, relaxation=relaxation, sensitivities=sensitivities)
