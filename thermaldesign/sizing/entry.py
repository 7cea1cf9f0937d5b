"""The sizing entry point: :func:`size_satellite`.

A thin layer over the solver core (:mod:`.solve`): check the arguments, solve (or
search the heat-pump lift, :mod:`.heat_pump`), explain an infeasible spec
(:mod:`.diagnose`), build the design and re-check it once with the plain physics
(:mod:`.closure`). Nothing below this module imports it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .._guard import trusted
from .._validation import check_choice, check_positive_int
from ..errors import InfeasibleDesignError, InputError, SolverError
from . import model
from .closure import assert_closes, beginning_of_life
from .design import OBJECTIVES, SatelliteDesign
from .diagnose import explain
from .evaluate import Environment, eclipse_fractions, environment_of
from .heat_pump import size_with_heat_pump
from .solve import (
    build_design,
    integer_optimum,
    physical_objective,
    run,
    solve_fixed,
    solve_relaxation,
)
from .spec import SatelliteSpec

__all__ = ["size_satellite", "size_checked", "closed", "optimize", "check_arguments"]


def optimize(spec: SatelliteSpec, env: Environment, objective: str, *, integer: bool,
             gpu_count: int | None, lift: float = 0.0, relax=solve_relaxation,
             runner=run, known=None):
    """Solve for one heat-pump lift: (final solution, relaxation or None, values).

    The eclipse power fraction e is chosen among :func:`.evaluate.eclipse_fractions`: the
    best of the GP optima at each candidate (module doc of :mod:`.solve`, eclipse policy).
    Raises :class:`InfeasibleDesignError` with the diagnosis when nothing fits.
    ``relax(spec, env, values, objective)`` solves the relaxation and ``runner`` the
    fixed-count problems (the batch path passes look-ups of its batched solves,
    :mod:`.vector_path`); ``known(spec, fraction)``, when given, returns the coefficient
    values the batch already evaluated for that spec and fraction (or ``None``), equal
    to :func:`.model.coefficient_values`'s.
    """
    candidates, failure = [], None
    for fraction in eclipse_fractions(spec):
        values = known(spec, fraction) if known is not None else None
        if values is None:
            values = dict(model.coefficient_values(spec, env, lift,
                                                   eclipse_fraction=fraction),
                          eclipse_fraction=fraction)
        bound = math.inf  # an upper bound on the score any count reaches at this fraction
        relaxation = None
        if gpu_count is None and integer:
            relaxation = relax(spec, env, values, objective)
            if not relaxation.feasible:
                failure = failure or explain(spec, env, values, spec.gpu_granularity, lift)
                continue
            bound = _score(objective, physical_objective(spec, env, relaxation, objective,
                                                         lift))
        candidates.append((bound, values, relaxation))
    best = None
    # branch and bound: the relaxation's score bounds every integer design's at that
    # fraction, so a fraction whose relaxation cannot beat the best design is skipped
    for bound, values, relaxation in sorted(candidates, key=lambda item: -item[0]):
        if best is not None and bound <= best[0]:
            continue
        try:
            result = _optimize_at(spec, env, objective, values, integer=integer,
                                  gpu_count=gpu_count, lift=lift, relaxation=relaxation,
                                  runner=runner)
        except InfeasibleDesignError as error:
            failure = failure or error
            continue
        key = _score(objective, physical_objective(spec, env, result[0], objective, lift))
        if best is None or key > best[0]:
            best = (key, result)
    if best is None:
        raise failure
    return best[1]


def _score(objective: str, value: float) -> float:
    """Larger is better: the delivered compute, or minus the mass or cost per compute
    (elementwise on arrays, :mod:`.vector_path`)."""
    return value if objective == "max_compute" else -value


def _optimize_at(spec, env, objective, values, *, integer, gpu_count, lift, relaxation=None,
                 runner=run):
    """:func:`optimize` at one eclipse power fraction (carried in ``values``), reusing a
    solved ``relaxation`` when given."""
    if gpu_count is not None:
        try:
            final = solve_fixed(spec, env, values, objective, gpu_count)
        except SolverError:
            # solvers may stall on a count just beyond the largest feasible one
            relaxation = solve_relaxation(spec, env, values, "max_compute")
            if relaxation.feasible and gpu_count <= relaxation.variables["gpu_count"]:
                raise
            raise explain(spec, env, values, gpu_count, lift) from None
        if not final.feasible:
            raise explain(spec, env, values, gpu_count, lift)
        return final, None, values
    if relaxation is None:
        relaxation = solve_relaxation(spec, env, values, objective)
    if not relaxation.feasible:
        raise explain(spec, env, values, spec.gpu_granularity, lift)
    if not integer:
        return relaxation, relaxation, values
    final = integer_optimum(spec, env, values, objective, relaxation, lift, runner)
    if final is None:
        raise explain(spec, env, values, spec.gpu_granularity, lift)
    return final, relaxation, values


def check_arguments(spec, objective, integer, gpu_count, sensitivities):
    """Check :func:`size_satellite`'s arguments; returns the checked ``gpu_count``."""
    if not isinstance(spec, SatelliteSpec):
        raise InputError(f"spec must be a SatelliteSpec; got {type(spec).__name__}")
    check_choice(objective, "objective", OBJECTIVES)
    for name, flag in (("integer", integer), ("sensitivities", sensitivities)):
        if not isinstance(flag, bool):
            raise InputError(f"{name} must be True or False; got {flag!r}")
    if gpu_count is not None:
        gpu_count = check_positive_int(gpu_count, "gpu_count")
        if gpu_count % spec.gpu_granularity:
            raise InputError(
                f"gpu_count = {gpu_count} is not a multiple of gpu_granularity = "
                f"{spec.gpu_granularity}"
            )
    return gpu_count


def size_satellite(spec: SatelliteSpec, objective: str = "max_compute", *, integer: bool = True,
                   gpu_count: int | None = None, sensitivities: bool = True) -> SatelliteDesign:
    """Size one satellite globally: GPU count, array, radiator, battery, under a mass limit.

    Solves the geometric program of :mod:`thermaldesign.sizing.model` (the equations are
    listed there) globally: first in its direct conic form (:mod:`.direct`, Clarabel with
    only the constant vector changed per re-solve), falling back to cvxpy's DGP mode on
    the compiled DPP problem with each of :data:`.solve.SOLVERS` in turn, every status checked.
    It then finds the exact integer GPU count (module doc of :mod:`.solve`) and re-checks
    the result with the plain physics (:func:`~thermaldesign.sizing.check_design`).

    Parameters
    ----------
    spec : SatelliteSpec
        Every input.
    objective : {"max_compute", "min_mass_per_compute", "min_cost_per_compute"}
        Maximise compute [FLOP/s], minimise wet mass per compute [kg per FLOP/s], or
        minimise hardware plus launch cost per compute [USD per FLOP/s].
    integer : bool
        True: exact integer GPU count (multiple of ``spec.gpu_granularity``). False: the
        continuous relaxation.
    gpu_count : int, optional
        Fix the GPU count [-] (a multiple of ``spec.gpu_granularity``; ``integer`` is then
        ignored); raises :class:`~thermaldesign.InfeasibleDesignError` if it does not fit.
        Under ``max_compute`` the fixed-count design is the lightest one.
    sensitivities : bool
        Compute d log(objective) / d log(input) for every input: the duals chained
        through the coefficients (:mod:`.sensitivity`; no extra solves, about 20
        coefficient evaluations, fewer when the last spec sized was of the same kind).
        False skips them for fast sweeps.

    Returns
    -------
    SatelliteDesign
        Sizes [SI], breakdowns, binding constraints, sensitivities, closure margins.

    Raises
    ------
    InputError
        Bad arguments.
    InfeasibleDesignError
        No design fits; the message says which limits to relax and by how much.
    SolverError, ClosureError
        Every solver failed, or the optimum fails the physics re-check.

    References
    ----------
    Boyd, Kim, Vandenberghe & Hassibi, "A tutorial on geometric programming", Optim.
    Eng. 8, 67-127 (2007); Agrawal, Diamond & Boyd, "Disciplined geometric programming",
    Optim. Lett. 13, 961-976 (2019); Wertz & Larson, SMAD 3rd ed. (1999), ch. 11.
    """
    gpu_count = check_arguments(spec, objective, integer, gpu_count, sensitivities)
    return size_checked(spec, objective, integer=integer, gpu_count=gpu_count,
                        sensitivities=sensitivities)


#: The fins' design outlet follows the design's own outlet to within this [K].
FIN_TEMPERATURE_TOLERANCE = 0.5
#: Re-solves allowed to reach it (the reference needs 1; each moves the outlet ~20x less).
FIN_TEMPERATURE_PASSES = 4


def fins_at_design_temperature(spec: SatelliteSpec, objective: str = "max_compute", *,
                               integer: bool = True,
                               gpu_count: int | None = None) -> SatelliteSpec:
    """The spec with its fins designed at its own optimum's fluid outlet (issue 14) [K].

    The fin optimum (fin factor, areal density with armour) is a coefficient of the GP,
    evaluated at ``spec.fin_design_temperature``; unset, at the hottest outlet the chain
    allows, but a co-designed chip runs cooler (the reference: 294.8 K against 310.7 K),
    so those fins are designed for the wrong temperature. This outer fixed point sizes,
    re-optimises the fins at the solved outlet T_rad / kappa and re-sizes until the
    outlet moves < ``FIN_TEMPERATURE_TOLERANCE`` (0.5 K; the reference needs one
    re-solve: 294.75 K, then 294.51 K). The GP, its DPP form, the direct conic path and
    the exact integer count are unchanged; ``size_satellite`` of the returned spec gives
    the design, its closure re-checks those fins and its sensitivities hold the fin
    temperature fixed (d log objective / d log fin_design_temperature is among them).

    Not yet the default of ``size_satellite``: (i) each pass recomputes the armoured fin
    optimum (~10-20 ms per environment), and (ii) the dual sensitivities of the pinned
    spec differ from finite differences of the fixed point by 4-8 % for inputs that move
    the outlet (lifetime_years, cold_plate_resistance: -0.1056 vs -0.1014) even when it
    is converged to 1e-5 K, because the fin optimum minimises panel mass per watt, not
    the satellite objective (armour, survival heaters and the effective-temperature
    ratio also depend on the fins), so the objective is not stationary in the fin
    temperature there; consistent sensitivities need the chain term d obj/d T_fin x
    d T_out/d input. A local monomial fit of the fin optimum in T inside the GP would let
    the optimizer see that trade directly and is the better long-term form.

    A spec that already pins ``fin_design_temperature``, has no fin model
    (``fin_material=None``) or has a heat pump (whose fins stay at the chain temperature
    without lift, :mod:`.evaluate`) is returned as given. Arguments as in
    :func:`size_satellite`; raises as it does.
    """
    if spec.fin_material is None or spec.fin_design_temperature is not None or spec.heat_pump:
        return spec
    env = environment_of(spec)
    integer = integer or gpu_count is not None
    final = optimize(spec, env, objective, integer=integer, gpu_count=gpu_count)[0]
    designed = env.chain_limit / model.profile_ratio(env)
    for _ in range(FIN_TEMPERATURE_PASSES):
        outlet = final.variables["radiator_temperature"] / model.profile_ratio(env)
        if abs(outlet - designed) < FIN_TEMPERATURE_TOLERANCE:
            break
        designed = outlet
        spec = spec.replace(fin_design_temperature=outlet)
        env = environment_of(spec)
        final = optimize(spec, env, objective, integer=integer, gpu_count=gpu_count)[0]
    return spec


def size_checked(spec: SatelliteSpec, objective: str, *, integer: bool,
                 gpu_count: int | None, sensitivities: bool,
                 relax=solve_relaxation, runner=run, closure: bool = True) -> SatelliteDesign:
    """:func:`size_satellite` for arguments already checked (the batch path shares it,
    handing in its batched solves as ``relax`` and ``runner``, see :func:`optimize`).

    The physics runs inside :func:`thermaldesign._guard.trusted`: the spec was validated
    when it was built, so the per-call checks of the physics functions are skipped.
    ``closure=False`` returns the design before its physics re-check (no margins): the
    batch re-checks many designs at once (:func:`.closure.assert_designs_close`).
    """
    with trusted():
        if spec.heat_pump:
            design = size_with_heat_pump(spec, objective, integer=integer,
                                         gpu_count=gpu_count, sensitivities=sensitivities)
        else:
            env = environment_of(spec)
            integer = integer or gpu_count is not None
            final, relaxation, _ = optimize(spec, env, objective, integer=integer,
                                            gpu_count=gpu_count, relax=relax,
                                            runner=runner)
            design = build_design(spec, env, final, objective, integer=integer, lift=0.0,
                                  relaxation=relaxation, sensitivities=sensitivities)
        return closed(spec, design) if closure else design


def closed(spec: SatelliteSpec, design: SatelliteDesign) -> SatelliteDesign:
    """The design with its closure margins (end and beginning of life); raises
    :class:`~thermaldesign.ClosureError` if the physics re-check fails."""
    margins = assert_closes(spec, design)
    return replace(design, margins=dict(margins), bol_margins=beginning_of_life(spec, design))
