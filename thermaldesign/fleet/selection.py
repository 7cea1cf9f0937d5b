"""Choosing the satellite for the fleet: the mass limit that minimises fleet cost per compute.

A heavier satellite carries more accelerators per kg of fixed bus (avionics, laser
terminals, propulsion), but a launch carries ``floor(payload / mass)`` of them, so the
launch mass wasted in the last, unfilled slot jumps as the mass crosses ``payload / k``.
Fleet cost per delivered compute against the mass limit is therefore a saw-tooth, and its
minimum sits at or just below one of those packing breakpoints more often than at the
lightest or heaviest satellite. The sweep re-solves the sizing problem at each mass limit
(one compiled problem re-used through its DPP parameters) and plans a fleet for each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import sizing
from .._guard import guarded
from .._validation import check_array, check_scalar
from ..errors import InfeasibleDesignError, InputError
from .economics import Economics
from .plan import FleetPlan, plan_fleet
from .stages import check_one_target, payload_to_orbit, resolve_vehicle

__all__ = ["MassLimitChoice", "best_mass_limit", "packing_breakpoints"]

# More breakpoints than this in one range is a unit mistake, not a trade study.
MAX_BREAKPOINTS = 1_000_000


@guarded
def packing_breakpoints(payload_mass, low, high):
    """Satellite masses at which a launch's payload is exactly filled, within [low, high].

    .. math:: m_k = m_\\mathrm{payload} / k, \\quad k = 1, 2, \\ldots

    Parameters
    ----------
    payload_mass : float
        Vehicle payload to the orbit [kg], > 0.
    low, high : float
        Range of satellite masses [kg], 0 < low <= high, spanning at most 1,000,000
        breakpoints.

    Returns
    -------
    ndarray
        Breakpoint masses in the range, ascending [kg].

    References
    ----------
    Closed form of :func:`thermaldesign.fleet.satellites_per_launch` (mass limit).
    """
    payload = check_scalar(payload_mass, "payload_mass", low=0.0, low_open=True, unit="kg")
    low = check_scalar(low, "low", low=0.0, low_open=True, unit="kg")
    high = check_scalar(high, "high", low=0.0, low_open=True, unit="kg")
    if high < low:
        raise InputError(f"high = {high:g} kg is below low = {low:g} kg; need low <= high")
    fewest, most = payload / high, payload / low
    if most - fewest > MAX_BREAKPOINTS:
        raise InputError(
            f"packing_breakpoints: masses from low = {low:g} kg to high = {high:g} kg give "
            f"about {min(most, 1e300) - fewest:.3g} breakpoints of payload_mass = {payload:g} "
            f"kg, more than {MAX_BREAKPOINTS:,}; raise low to at least "
            f"{payload / (fewest + MAX_BREAKPOINTS):.3g} kg"
        )
    counts = np.arange(max(1, math.ceil(fewest)), math.floor(most) + 1)
    return np.sort(payload / counts)


@dataclass(frozen=True, eq=False)
class MassLimitChoice:
    """Fleet cost per delivered compute across satellite mass limits, and the best one.

    Attributes
    ----------
    mass_limits : ndarray
        Mass limits tried, ascending [kg].
    cost_per_pflop_day : tuple of (float or None)
        Fleet levelized cost per delivered PFLOP/s-day at each limit [USD]; None where no
        fleet could be planned (see ``reasons``).
    designs : tuple of (SatelliteDesign or None)
        The sized satellite at each limit.
    plans : tuple of (FleetPlan or None)
        The fleet at each limit.
    reasons : dict
        Mass limit [kg] -> why no design or fleet exists there.
    best_mass_limit : float
        The mass limit of lowest cost per delivered compute [kg].
    best_design : SatelliteDesign
    best_plan : FleetPlan
    """

    mass_limits: np.ndarray
    cost_per_pflop_day: tuple
    designs: tuple
    plans: tuple
    reasons: dict = field(default_factory=dict)
    best_mass_limit: float = 0.0
    best_design: object = None
    best_plan: FleetPlan | None = None

    def __str__(self) -> str:
        lines = ["mass limit [kg]  satellite [kg]  per launch  launches  USD/PFLOP-day  USD/GPU-h"]
        for limit, cost, design, plan in zip(self.mass_limits, self.cost_per_pflop_day,
                                             self.designs, self.plans, strict=True):
            mark = " <- best" if limit == self.best_mass_limit else ""
            if plan is None:
                lines.append(f"{limit:15,.0f}  {self.reasons.get(float(limit), '')}")
                continue
            lines.append(
                f"{limit:15,.0f}  {design.total_mass:14,.0f}  {plan.satellites_per_launch:10d}"
                f"  {plan.launch_count:8d}  {cost:13,.4g}  {plan.cost_per_gpu_hour:9.4g}{mark}"
            )
        return "\n".join(lines)


def best_mass_limit(spec, mass_limits, *, vehicle="starship", target_it_power=None,
                    target_compute=None, years=10, economics=None, objective="max_compute",
                    include_breakpoints=True) -> MassLimitChoice:
    """Sweep the satellite mass limit and pick the one of lowest fleet cost per compute.

    For each mass limit the satellite is re-sized with
    :func:`thermaldesign.size_satellite` (``spec.replace(mass_limit=m)``), a fleet is
    planned with :func:`plan_fleet` for the vehicle and target, and the fleet's levelized
    cost per delivered PFLOP/s-day is compared. Packing breakpoints ``payload / k``
    inside the range are added to the sweep, since the saw-tooth's minima sit there.

    Parameters
    ----------
    spec : SatelliteSpec
        The satellite inputs; its ``mass_limit`` is replaced.
    mass_limits : array_like
        Mass limits to try [kg], > 0.
    vehicle : str or LaunchVehicle, default "starship"
        Launch vehicle.
    target_it_power, target_compute : float, optional
        Fleet target [W] or [FLOP/s]; give exactly one.
    years : int, default 10
        Horizon [yr].
    economics : Economics, optional
        Economic inputs.
    objective : str, default "max_compute"
        Sizing objective at each mass limit.
    include_breakpoints : bool, default True
        Add the packing breakpoints within the range of ``mass_limits``.

    Returns
    -------
    MassLimitChoice
        Costs at every limit and the best design and plan.

    Raises
    ------
    InfeasibleDesignError
        If no mass limit gives a satellite and a fleet; the message lists why for each.

    References
    ----------
    Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), ch. 20
    (life-cycle cost as the design criterion).
    """
    limits = np.unique(check_array(mass_limits, "mass_limits", low=0.0, low_open=True,
                                   unit="kg").ravel())
    check_one_target(target_it_power, target_compute)
    economics = Economics() if economics is None else economics
    launcher = resolve_vehicle(vehicle)
    if include_breakpoints:
        breaks = packing_breakpoints(payload_to_orbit(launcher, spec.orbit), limits[0],
                                     limits[-1])
        limits = np.unique(np.concatenate([limits, breaks]))

    keywords = {"target_it_power": target_it_power, "target_compute": target_compute,
                "vehicle": launcher, "years": years, "economics": economics}
    designs, plans, reasons = [], [], {}
    for limit in limits:
        design, plan, reason = _size_and_plan(spec, float(limit), objective, keywords)
        designs.append(design)
        plans.append(plan)
        if reason is not None:
            reasons[float(limit)] = reason
    costs = [None if plan is None else plan.cost_per_pflop_day for plan in plans]

    feasible = [index for index, cost in enumerate(costs) if cost is not None]
    if not feasible:
        detail = "; ".join(f"{limit:g} kg: {reason}" for limit, reason in reasons.items())
        raise InfeasibleDesignError(f"no mass limit gives a satellite and a fleet: {detail}")
    best = min(feasible, key=lambda index: costs[index])
    return MassLimitChoice(
        mass_limits=limits,
        cost_per_pflop_day=tuple(costs),
        designs=tuple(designs),
        plans=tuple(plans),
        reasons=reasons,
        best_mass_limit=float(limits[best]),
        best_design=designs[best],
        best_plan=plans[best],
    )


def _size_and_plan(spec, mass_limit: float, objective: str, plan_keywords: dict):
    """(design, plan, reason) at one mass limit [kg]; None for a step that failed, and why."""
    design = None
    try:
        design = sizing.size_satellite(spec.replace(mass_limit=mass_limit), objective,
                                       sensitivities=False)
        return design, plan_fleet(design, **plan_keywords), None
    except (InfeasibleDesignError, InputError) as error:
        return design, None, f"{type(error).__name__}: {error}"
