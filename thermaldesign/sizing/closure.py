"""Closure: re-check a sized design with the plain physics functions.

The geometric program is a model of the physics; :func:`check_design` is the physics.
It recomputes the loads, the array output, the radiator's net rejection, the junction
temperature and the mass roll-up from the design's sizes with
:mod:`thermaldesign.power`, :mod:`thermaldesign.radiator` and :mod:`.evaluate`, never
with the GP's expressions, and returns each constraint's relative margin.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from .. import radiator
from ..errors import ClosureError, InputError
from .design import SatelliteDesign
from .evaluate import environment_of, loads, mass_parts, stowed_volume
from .spec import SatelliteSpec

__all__ = ["check_design", "CLOSURE_TOLERANCE", "assert_closes", "beginning_of_life"]

#: Largest relative violation accepted after a solve [-].
CLOSURE_TOLERANCE = 1e-6


def check_design(
    spec: SatelliteSpec, design: SatelliteDesign, *, age: float | None = None
) -> OrderedDict:
    """Relative margin of every constraint of ``design``, recomputed from the physics.

    A margin is (capacity - demand) / demand: >= 0 closes, < 0 is violated. Checked:

    - ``power balance``: A_s * P_EOL (:func:`thermaldesign.power.array_power_density`)
      against SMAD eq. 11-5 (:func:`thermaldesign.power.array_power_required`);
    - ``battery``: installed energy against :func:`thermaldesign.power.battery_capacity`
      for the design eclipse (only with eclipses);
    - ``radiator balance``: A_r (eta_fin * :func:`thermaldesign.radiator.emitted_flux`
      - absorbed environment) against the heat load, end of life, hot case;
    - ``thermal chain``: junction limit against T_rad + drops - heat-pump lift;
    - ``radiator material``: the technology's maximum temperature;
    - ``mass limit`` and ``mass roll-up`` (the reported total mass against the roll-up);
    - packing limits when set, the heat-pump compressor power, and the GPU granularity.

    Parameters
    ----------
    spec : SatelliteSpec
        The inputs the design claims to satisfy.
    design : SatelliteDesign
        The design to check.
    age : float, optional
        Years in orbit for coating and array degradation [yr]; ``None`` = end of life
        (the sizing point), 0 = beginning of life (the margins a new satellite has).

    Returns
    -------
    collections.OrderedDict
        Constraint name -> relative margin [-].

    References
    ----------
    Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), eqs. 11-5 and
    11-11; Gilmore, *Spacecraft Thermal Control Handbook* Vol. I (2002), ch. 6.
    """
    if not isinstance(spec, SatelliteSpec):
        raise InputError(f"spec must be a SatelliteSpec; got {type(spec).__name__}")
    if not isinstance(design, SatelliteDesign):
        raise InputError(f"design must be a SatelliteDesign; got {type(design).__name__}")
    env = environment_of(spec, age)
    lift = design.heat_pump_lift
    load = loads(spec, env, design.gpu_count, lift)
    margins: OrderedDict = OrderedDict()
    margins["power balance"] = _ratio(
        design.solar_array_area * env.array_power_density, load.array_power
    )
    if env.eclipse_duration > 0.0 and load.battery_energy > 0.0:
        margins["battery"] = _ratio(design.battery_energy, load.battery_energy)
    emitted = float(radiator.emitted_flux(design.radiator_temperature, env.emissivity, env.sides))
    rejected = design.radiator_area * (env.fin_efficiency * emitted - env.absorbed_flux)
    margins["radiator balance"] = _ratio(rejected, load.radiator_heat)
    junction = (
        design.radiator_temperature
        + spec.radiator_drop
        - lift
        + spec.loop_drop
        + spec.cold_plate_resistance * spec.entry("accelerator").power
    )
    margins["thermal chain"] = _ratio(spec.value("junction_limit"), junction)
    margins["radiator material"] = _ratio(env.material_limit, design.radiator_temperature)
    if lift > 0.0:
        margins["heat pump power"] = -abs(_ratio(design.heat_pump_power, load.compressor))
    masses = mass_parts(
        spec, env, load, design.gpu_count, design.solar_array_area, design.radiator_area,
        design.battery_energy,
    )
    total = math.fsum(masses.values())
    margins["mass limit"] = _ratio(spec.mass_limit, total)
    margins["mass roll-up"] = _ratio(design.total_mass, total)
    if spec.max_array_area is not None:
        margins["array area limit"] = _ratio(spec.max_array_area, design.solar_array_area)
    if spec.max_radiator_area is not None:
        margins["radiator area limit"] = _ratio(spec.max_radiator_area, design.radiator_area)
    if spec.max_stowed_volume is not None:
        volume = stowed_volume(spec, masses, design.solar_array_area, design.radiator_area)
        margins["stowed volume limit"] = _ratio(spec.max_stowed_volume, volume)
    if design.integer:
        count = design.gpu_count / spec.gpu_granularity
        margins["gpu granularity"] = -abs(count - round(count)) if count >= 1 - 1e-12 else -1.0
    return margins


def _ratio(capacity: float, demand: float) -> float:
    if demand <= 0.0:
        return math.inf if capacity >= 0.0 else -math.inf
    return capacity / demand - 1.0


def assert_closes(spec: SatelliteSpec, design: SatelliteDesign) -> OrderedDict:
    """Return the margins, or raise :class:`ClosureError` naming every violated constraint."""
    margins = check_design(spec, design)
    violated = {name: m for name, m in margins.items() if m < -CLOSURE_TOLERANCE}
    if violated:
        detail = "; ".join(
            f"{name} violated by {-margin:.3g} (relative)" for name, margin in violated.items()
        )
        raise ClosureError(
            f"the solver's design fails the physics re-check: {detail}. This is a bug or a "
            "solver inaccuracy, not a design; please report it with the spec"
        )
    return margins


def beginning_of_life(spec: SatelliteSpec, design: SatelliteDesign) -> dict:
    """Power, battery and radiator margins of the end-of-life design when new [-]."""
    margins = check_design(spec, design, age=0.0)
    return {
        name: margins[name]
        for name in ("power balance", "battery", "radiator balance")
        if name in margins
    }
