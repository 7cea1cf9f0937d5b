"""What a study reads off a design or a fleet plan, and the default evaluate functions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..errors import InputError, ThermalDesignError
from ..fleet import Economics, plan_fleet
from ..sizing import size_satellite, size_satellites

# The outputs read off a SatelliteDesign, with their units; the order is the column order.
DESIGN_OUTPUTS: dict[str, str] = {
    "gpu_count": "-",
    "compute": "FLOP/s",
    "it_power": "W",
    "total_mass": "kg",
    "solar_array_area": "m^2",
    "radiator_area": "m^2",
    "radiator_temperature": "K",
    "battery_energy": "J",
    "duty_cycle": "-",
    "delivered_compute": "FLOP/s",
    "junction_temperature": "K",
    "clock_fraction": "-",
    "eclipse_power_fraction": "-",
    "spare_count": "-",
    "stowed_volume": "m^3",
    "hardware_cost": "USD",
    "launch_cost": "USD",
    "mass_per_compute": "kg/(FLOP/s)",
    "cost_per_compute": "USD/(FLOP/s)",
}

# --------------------------------------------------------------------------------------
# Reading the outputs of a design
# --------------------------------------------------------------------------------------


def design_outputs(design) -> dict[str, float]:
    """Headline numbers of a sized satellite as a flat dict of floats (SI).

    Parameters
    ----------
    design : SatelliteDesign
        A design from :func:`thermaldesign.size_satellite`.

    Returns
    -------
    dict[str, float]
        ``gpu_count`` [-], ``compute`` [FLOP/s], ``it_power`` [W], ``total_mass`` [kg],
        ``solar_array_area`` [m^2], ``radiator_area`` [m^2], ``radiator_temperature`` [K],
        ``battery_energy`` [J], ``duty_cycle`` [-], ``stowed_volume`` [m^3],
        ``hardware_cost`` [USD], ``launch_cost`` [USD] (total mass times the spec's launch
        price per kg), ``mass_per_compute`` [kg/(FLOP/s)] and ``cost_per_compute``
        [USD/(FLOP/s)] (hardware plus launch over compute). Quantities a design does not
        carry are left out.

    Notes
    -----
    .. math:: c = (C_{hw} + m\\,p_{launch}) / F

    with hardware cost :math:`C_{hw}`, total mass :math:`m`, launch price per kg
    :math:`p_{launch}` and compute :math:`F`, the quantity the sizing objective
    ``"min_cost_per_compute"`` minimises.

    References
    ----------
    .. [1] DESIGN.md, "The sizing model": objectives of the sizing optimizer.
    """
    outputs: dict[str, float] = {}
    for name in DESIGN_OUTPUTS:
        value = getattr(design, name, None)
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, bool
        ):
            outputs[name] = float(value)
    spec = getattr(design, "spec", None)
    launch_price = getattr(spec, "launch_price_per_kg", None)
    if "launch_cost" not in outputs and launch_price is not None and "total_mass" in outputs:
        outputs["launch_cost"] = outputs["total_mass"] * float(launch_price)
    # per delivered compute (after the eclipse policy), as the sizing objectives count it
    compute = outputs.get("delivered_compute", outputs.get("compute"))
    if compute and compute > 0:
        if "total_mass" in outputs:
            outputs["mass_per_compute"] = outputs["total_mass"] / compute
        if "hardware_cost" in outputs and "launch_cost" in outputs:
            outputs["cost_per_compute"] = (
                outputs["hardware_cost"] + outputs["launch_cost"]
            ) / compute
    return {name: outputs[name] for name in DESIGN_OUTPUTS if name in outputs}


@dataclass(frozen=True)
class SizingEvaluator:
    """The default ``evaluate``: size the satellite, return :func:`design_outputs`.

    A small picklable object (not a closure) so that it travels to worker processes.

    Parameters
    ----------
    objective : str
        Sizing objective passed to :func:`thermaldesign.size_satellite`.
    integer : bool
        Exact integer GPU count (True) or the continuous relaxation (False).
    """

    objective: str = "max_compute"
    integer: bool = True

    def __call__(self, spec) -> dict[str, float]:
        # Sensitivities cost ~20 physics evaluations per point and a sweep reads none.
        design = size_satellite(spec, self.objective, integer=self.integer,
                                sensitivities=False)
        return design_outputs(design)

    def evaluate_many(self, specs) -> list:
        """Outputs of each spec, or the error that stopped it: one :func:`size_satellites`.

        The sweeps call this for a chunk of points (same results as calling the evaluator
        on each). A spec the batch refuses as a whole (an :class:`InputError` found
        before solving) sends the chunk point by point, so that only that point fails.
        """
        try:
            batch = size_satellites(specs, self.objective, integer=self.integer,
                                    sensitivities=False)
        except InputError:
            return [_outputs_or_error(self, spec) for spec in specs]
        return [item if isinstance(item, Exception) else design_outputs(item) for item in batch]


def _outputs_or_error(evaluate, spec):
    try:
        return evaluate(spec)
    except ThermalDesignError as error:
        return error


def _objective_value(design, name: str) -> float:
    outputs = design_outputs(design)
    if name not in outputs:
        raise InputError(f"the design carries no '{name}'")
    return outputs[name]



# --------------------------------------------------------------------------------------
# Fleet-level evaluation: size the satellite, then plan its fleet
# --------------------------------------------------------------------------------------

# Fleet plan outputs with their units, read off a FleetPlan.
FLEET_OUTPUTS: dict[str, str] = {
    "satellite_count": "-",
    "launch_count": "-",
    "satellites_per_launch": "-",
    "total_launched_mass": "kg",
    "total_cost": "USD",
    "cost_per_gpu_hour": "USD/h",
    "cost_per_pflop_day": "USD/(PFLOP/s day)",
    "launched_power_price": "USD/(kW yr)",
    "terrestrial_cost_per_gpu_hour": "USD/h",
    "break_even_launch_price": "USD/kg",
}


@dataclass(frozen=True)
class FleetEvaluator:
    """``evaluate`` for fleet-level studies: size the satellite, then plan its fleet.

    Sweep or Monte Carlo fields that are not spec fields but fields of
    :class:`thermaldesign.fleet.Economics` (``failure_rate``, ``launch_learning_rate``,
    ...) are passed to the economics of each point. A name that is both (the launch
    price) goes to the spec; prefix it to reach the fleet: ``"launch_price_per_kg"`` is
    the spec's price (the cost objective of the sizing and the design's launch cost),
    ``"economics.launch_price_per_kg"`` the price the fleet pays.

    Parameters
    ----------
    objective : str
        Sizing objective of each satellite.
    target_it_power : float or None
        Fleet target in operating IT power [W]; default 1 GW when no target is given.
    target_compute : float or None
        Fleet target in compute [FLOP/s].
    vehicle : str
        Launch vehicle catalog key.
    years : int
        Fleet horizon [yr].
    economics : Economics or None
        Base economics; None takes the defaults.

    Notes
    -----
    Called, it returns a ``dict[str, float]``: :func:`design_outputs` of the satellite
    plus the fleet outputs of :data:`FLEET_OUTPUTS` (a break-even price that does not
    exist is left out).
    """

    objective: str = "min_cost_per_compute"
    target_it_power: float | None = None
    target_compute: float | None = None
    vehicle: str = "starship"
    years: int = 10
    economics: object = None

    @property
    def parameters(self) -> tuple[str, ...]:
        """Names of the economics fields a sweep may vary through this evaluator."""
        names = tuple(item.name for item in dataclasses.fields(Economics))
        return names + tuple(f"economics.{name}" for name in names)

    def __call__(self, spec, **economics_changes) -> dict[str, float]:
        design = size_satellite(spec, self.objective, sensitivities=False)
        economics = self.economics if self.economics is not None else Economics()
        if economics_changes:
            changes = {name.removeprefix("economics."): value
                       for name, value in economics_changes.items()}
            economics = dataclasses.replace(economics, **changes)
        target_it_power = self.target_it_power
        if target_it_power is None and self.target_compute is None:
            target_it_power = 1e9
        plan = plan_fleet(design, target_it_power=target_it_power,
                          target_compute=self.target_compute, vehicle=self.vehicle,
                          years=self.years, economics=economics)
        outputs = design_outputs(design)
        for name in FLEET_OUTPUTS:
            value = getattr(plan, name, None)
            if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
                value, bool
            ):
                outputs[name] = float(value)
        return outputs
