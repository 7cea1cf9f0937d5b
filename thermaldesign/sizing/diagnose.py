"""Infeasibility explained: which limits to relax, and by how much.

For an infeasible spec the GPU count is held (at the requested count, or at one server)
and every *limit* constraint ``posynomial <= 1`` becomes ``posynomial <= s`` with a slack
factor ``s >= 1``. Minimising the product of the slacks (a GP) gives the smallest joint
relaxation; freeing one slack at a time (the others held at 1) gives, for each limit,
how far it alone would have to move. Physics constraints (power, heat, mass roll-up)
are never relaxed: without limits, a design always closes.
"""

from __future__ import annotations

import math

from ..errors import InfeasibleDesignError, SolverError
from . import model
from .evaluate import Environment, fixed_mass, secondary_masses
from .solve import run, solve_relaxation
from .spec import SatelliteSpec

__all__ = ["explain"]

_TOLERANCE = 1e-6  # slack factor above 1 that counts as a needed relaxation [-]


def _relaxed(spec, env, values, gpu_count, free: set[str]):
    point = dict(values, gpu_count=float(gpu_count))
    relaxed = tuple(name for name in model.LIMITS if name in free)
    structure = model.structure_of(spec, env, point, "max_compute", fixed_count=True,
                                relaxed=relaxed)
    try:
        solution = run(structure, point)
    except SolverError:
        return None
    if not solution.feasible:
        return None
    return {
        name: solution.variables[f"slack {name}"]
        for name in model.LIMITS
        if f"slack {name}" in solution.variables
    }


def _amount(value: float) -> str:
    """Three significant figures for small amounts, whole numbers for large ones."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _advice(spec: SatelliteSpec, env: Environment, name: str, factor: float, lift: float) -> str:
    """One limit's relaxation in engineering words."""
    if name == "mass limit":
        limit = spec.mass_limit
        need = limit * factor
        bus = secondary_masses(spec, fixed_mass(spec))[0] * spec.rocket_factor
        prefix = (
            f"the {limit:,.0f} kg mass limit is below the {bus:,.0f} kg fixed bus"
            if bus > limit
            else f"the {limit:,.0f} kg mass limit is too low"
        )
        return (
            f"{prefix}: raise it by at least {_amount(need - limit)} kg (to {need:,.1f} kg)"
        )
    if name == "junction limit":
        cap = spec.value("junction_limit")
        need = cap * factor
        drops = cap - env.chain_limit
        margin = (f", the {spec.thermal_margin:g} K thermal margin" if spec.thermal_margin
                  else "")
        rise = (f" and {env.profile_rise:.1f} K back for the pumped panel's profile"
                if env.profile_rise else "")
        return (
            f"the junction limit ({cap:.1f} K) must rise by at least {_amount(need - cap)} K "
            f"(to {need:.2f} K), or the thermal chain's drops ({drops:.1f} K of cold-plate, "
            f"loop and radiator drops at full power{margin}{rise}"
            f"{' less the heat-pump lift' if lift else ''}) be cut by as much: raise the "
            "junction limit or cut the drops"
        )
    if name == "radiator material":
        cap = env.material_limit
        return (
            f"the radiator technology's {cap:.1f} K maximum temperature must rise by at least "
            f"{_amount(cap * (factor - 1))} K (to {cap * factor:.2f} K): choose a hotter "
            "radiator"
        )
    field, unit, value = {
        "array area limit": ("max_array_area", "m^2", spec.max_array_area),
        "radiator area limit": ("max_radiator_area", "m^2", spec.max_radiator_area),
        "stowed volume limit": ("max_stowed_volume", "m^3", spec.max_stowed_volume),
    }[name]
    return (
        f"{field} = {value:,.4g} {unit} must rise by at least {_amount(value * (factor - 1))} "
        f"{unit} (to {value * factor:,.4g} {unit})"
    )


def explain(spec: SatelliteSpec, env: Environment, values: dict, gpu_count: int,
            lift: float = 0.0) -> InfeasibleDesignError:
    """Build the :class:`InfeasibleDesignError` for a spec that cannot carry ``gpu_count``.

    Parameters
    ----------
    spec : SatelliteSpec
        The inputs.
    env : Environment
        Their design-independent physics.
    values : dict
        Model coefficients.
    gpu_count : int
        GPUs the design must carry [-].
    lift : float
        Heat-pump lift [K].

    Returns
    -------
    InfeasibleDesignError
        Message and ``relaxations`` (spec field -> factor >= 1 of the joint relaxation).
    """
    present = [
        name
        for name in model.LIMITS
        if name in ("mass limit", "junction limit", "radiator material")
        or model.LIMITS[name] in ("max_array_area", "max_radiator_area", "max_stowed_volume")
        and getattr(spec, model.LIMITS[name]) is not None
    ]
    joint = _relaxed(spec, env, values, gpu_count, set(present))
    what = f"{gpu_count} GPUs" if gpu_count > spec.gpu_granularity else (
        f"even one server of {spec.gpu_granularity} GPU(s)"
    )
    if joint is None:
        return InfeasibleDesignError(
            f"no design carries {what}, and relaxing the limits does not help either: "
            "check the spec (a solver failure is also possible)"
        )
    needed = {name: s for name, s in joint.items() if s > 1.0 + _TOLERANCE}
    lines = [f"no design fits {what} under this spec."]
    alone = []
    for name in present:
        single = _relaxed(spec, env, values, gpu_count, {name})
        if single is not None:
            alone.append(f"  - {_advice(spec, env, name, single[name], lift)}")
    if alone:
        lines.append("Relax any one of:")
        lines.extend(alone)
    if len(needed) > 1 or not alone:
        lines.append("or together (the smallest joint relaxation):")
        lines.extend(f"  - {_advice(spec, env, n, s, lift)}" for n, s in needed.items())
    if gpu_count > spec.gpu_granularity:
        relaxation = solve_relaxation(spec, env, values, "max_compute")
        if relaxation.feasible:
            most = math.floor(relaxation.variables["gpu_count"] / spec.gpu_granularity + 1e-9)
            lines.append(
                f"Or carry fewer GPUs: at most {most * spec.gpu_granularity} fit this spec."
            )
    relaxations = {model.LIMITS[name]: factor for name, factor in needed.items()}
    return InfeasibleDesignError("\n".join(lines), relaxations)
