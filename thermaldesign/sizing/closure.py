"""Closure: re-check a sized design with the plain physics, independently of the model.

The geometric program is a model of the physics; :func:`check_design` is the physics.
From the design's sizes and the spec's catalog data it recomputes the orbit and the
radiator and array environment (:mod:`thermaldesign.orbit`,
:mod:`thermaldesign.environment`, :mod:`thermaldesign.radiator`,
:mod:`thermaldesign.power`), the power and heat balance of the coolant loop, and the
mass roll-up, and returns each constraint's relative margin.

It is written apart from the helpers that build the model's coefficients
(:mod:`.evaluate`, :mod:`.model`) and imports none of them, so a wrong load or mass model
there (a dropped loss, a mis-scaled areal density) shows up as a violated margin here
instead of being reproduced. In particular the loop heat is found from the energy
balance itself (one affine fixed point, :func:`_loop_heat`), not from the closed form the
coefficients use, and the heat-pump COP from
:func:`~thermaldesign.sizing.heat_pump.coefficient_of_performance`.

The same check runs over a batch (:func:`check_designs`, :func:`assert_designs_close`,
:func:`beginning_of_life_designs`): specs of one kind stacked as
:class:`~thermaldesign.sizing.columns.SpecColumns` and the designs' quantities as
:class:`DesignColumns`. The margins are the same functions on arrays of shape (B,); the
design-independent physics (orbit, environment, the panel as built, the bus, the chip's
fits) runs once per distinct value of the inputs it reads and is broadcast to the rows.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .. import accelerator, bus, environment, layout, orbit, power, radiator, radiator_panel
from .._guard import trusted
from ..errors import ClosureError, InputError
from .columns import SpecColumns, per_distinct_row
from .design import SatelliteDesign
from .heat_pump import coefficient_of_performance
from .spec import SatelliteSpec

__all__ = ["check_design", "CLOSURE_TOLERANCE", "assert_closes", "beginning_of_life",
           "DesignColumns", "check_designs", "assert_designs_close",
           "beginning_of_life_designs", "row_margins", "margins_by_row", "closure_error"]

#: Largest relative violation accepted after a solve [-].
CLOSURE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class _Surroundings:
    """The design-independent physics a closure needs, at one age (SI)."""

    daylight_duration: float  # [s]
    eclipse_duration: float  # longest eclipse of the design orbit [s]
    emissivity: float  # radiator coating [-]
    absorbed_flux: float  # environment absorbed per m^2 of radiator planform [W/m^2]
    array_output: float  # array output per m^2 in the eclipse season [W/m^2]
    aphelion_output: float  # array output per m^2 at the year's lowest flux [W/m^2]


@functools.lru_cache(maxsize=256)
def _orbit_timing(altitude: float, orbit_kind: str, design_beta: float, ltan: float):
    """(period [s], longest eclipse [s], beta of the radiator hot case [deg], solar flux
    of the eclipse case [W/m^2], lowest solar flux of the year [W/m^2])."""
    period = float(orbit.period(altitude))
    # the year's lowest flux from a daily sweep of the Earth-Sun distance (aphelion)
    lowest = float(min(orbit.solar_flux_on_day([float(d) for d in range(1, 366)])))
    if orbit_kind == "dawn-dusk":
        # the eclipse season of the sun-synchronous orbit: worst eclipse, lowest beta, and
        # the flux of the day it falls on
        season = orbit.eclipse_season(altitude, None, ltan)
        day = season.day_of_longest_eclipse
        flux = lowest if day is None else float(orbit.solar_flux_on_day(day))
        return (period, float(season.longest_eclipse), float(min(abs(b) for b in season.beta)),
                flux, lowest)
    return (period, float(orbit.eclipse_duration(altitude, design_beta)), abs(design_beta),
            lowest, lowest)


@functools.lru_cache(maxsize=1024)
def _radiator_surroundings(coating, age: float, altitude: float, beta: float, sides: int,
                           case: str) -> tuple[float, float]:
    """(emissivity [-], absorbed flux per m^2 of planform [W/m^2]), edge-on panel."""
    state = radiator.coating_at_age(coating, age)
    per_face = environment.orbit_average_flux(
        altitude, beta, state.absorptivity, state.emissivity, orientation="edge-on", case=case
    )
    return float(state.emissivity), sides * float(per_face)


@functools.lru_cache(maxsize=1024)
def _planet_flux(altitude, beta, absorptivity, emissivity, orientation, case) -> float:
    """Orbit-average albedo plus Earth IR absorbed on one array face [W/m^2].

    Cached apart from the array output: it does not age, so the beginning-of-life
    re-check reuses the end-of-life value.
    """
    flux = environment.orbit_flux(
        altitude, beta, absorptivity, emissivity, orientation=orientation, case=case
    )
    return float(flux.average("albedo")) + float(flux.average("earth_ir"))


def _array_output(array, incidence: float, case: str, altitude: float, beta: float,
                  age: float, solar_flux: float) -> float:
    """Array output per m^2 at ``age`` and a solar flux [W/m^2], at the array's own
    equilibrium temperature (the case's albedo and Earth IR)."""
    return _array_equilibrium(array, incidence, case, altitude, beta, age, solar_flux)[1]


@functools.lru_cache(maxsize=1024)
def _array_equilibrium(array, incidence: float, case: str, altitude: float, beta: float,
                       age: float, solar_flux: float | None = None) -> tuple[float, float]:
    """(array temperature [K], output per m^2 [W/m^2]) at ``age``, in design case ``case``
    (its solar flux unless ``solar_flux`` [W/m^2] is given)."""
    optics = dict(
        packing_factor=array.packing_factor,
        incidence=incidence,
        solar_flux=environment.design_case(case).solar_flux if solar_flux is None
        else solar_flux,
        temperature_coefficient=array.temperature_coefficient,
        reference_temperature=array.reference_temperature,
    )
    # front face to the Sun, back face to deep space; both see albedo and Earth IR
    emissivities = (array.front_emissivity, array.back_emissivity)
    front, back = (
        _planet_flux(altitude, beta, array.absorptivity, emissivity, face, case)
        for emissivity, face in zip(emissivities, ("sun-pointing", "anti-sun"), strict=True)
    )
    aged = array.inherent_degradation * power.lifetime_degradation(array.degradation_per_year, age)
    temperature = power.array_temperature(
        array.absorptivity, *emissivities, efficiency=array.cell_efficiency,
        electrical_factor=aged, front_absorbed=front, back_absorbed=back, **optics,
    )
    return float(temperature), float(
        power.array_power_density(
            array.cell_efficiency,
            inherent_degradation=array.inherent_degradation,
            degradation_per_year=array.degradation_per_year,
            years=age,
            cell_temperature=float(temperature),
            **optics,
        )
    )


def _neighbour_flux(spec: SatelliteSpec, beta: float, emissivity: float, age: float) -> float:
    """IR absorbed from the layout's array faces and bus [W/m^2 of radiator planform]."""
    if spec.layout is None:
        return 0.0
    geometry = spec.layout_of()
    array = spec.entry("solar_array")
    temperature, _ = _array_equilibrium(array, spec.array_incidence, spec.radiator_case,
                                        spec.altitude, beta, age)
    blanket = layout.BUS_BLANKET
    return layout.absorbed_from_neighbours(
        geometry.view_factors(), emissivity, temperature, array.front_emissivity,
        array.back_emissivity, _bus_temperature(spec.altitude, beta, spec.radiator_case),
        blanket["emissivity"],
    )


@functools.lru_cache(maxsize=256)
def _bus_temperature(altitude: float, beta: float, case: str) -> float:
    """Outer-layer temperature of the bus blanket, edge-on, orbit average [K]."""
    blanket = layout.BUS_BLANKET
    on_blanket = environment.orbit_average_flux(
        altitude, beta, blanket["absorptivity"], blanket["emissivity"],
        orientation="edge-on", case=case,
    )
    return layout.blanket_temperature(
        float(on_blanket), blanket["emissivity"], blanket["effective_emittance"],
        blanket["interior_temperature"],
    )


# the closure's own table of scaled buses (built from the bus module, not the sizing's)
_BUSES = bus.BusTable()


def _core_mass(geometry, array_density, radiator_density, mass_limit):
    """The bus body for the inertia: the mass limit less the layout's panels [kg]."""
    return np.maximum(0.0, mass_limit - geometry.array_area * array_density
                      - geometry.radiator_area * radiator_density)


def _wheels(geometry, array_density: float, radiator_density: float, altitude: float,
            mass_limit: float):
    """The scaled bus of a layout; the core is the mass limit less the layout's panels."""
    return _BUSES.get(geometry, array_density, radiator_density,
                      _core_mass(geometry, array_density, radiator_density, mass_limit),
                      altitude)


def _attitude_terms(spec: SatelliteSpec) -> tuple[float, float, float, float]:
    """Attitude control and rotary joints: (fixed mass [kg], mass per m^2 of array and
    of radiator [kg/m^2], power [W]); the mass of a design is affine in its areas."""
    if spec.bus_model != "scaled":
        return spec.adcs_mass, 0.0, 0.0, spec.adcs_power
    sized = _wheels(spec.layout_of(), float(spec.entry("solar_array").areal_density),
                    float(spec.entry("radiator").areal_density), spec.altitude,
                    spec.mass_limit)
    return (spec.adcs_sensor_mass + sized.joint_mass, sized.array_mass_per_area,
            sized.radiator_mass_per_area,
            spec.adcs_sensor_power + sized.wheels.power + sized.joint_power)


def _attitude_mass(physics: _RowPhysics, design: SatelliteDesign):
    """Attitude control and rotary-joint mass of a design [kg]."""
    return (physics.attitude_mass + physics.attitude_mass_per_array_area
            * design.solar_array_area
            + physics.attitude_mass_per_radiator_area * design.radiator_area)


def _depth_of_discharge(spec: SatelliteSpec) -> float:
    """Battery depth of discharge [-]: the catalog's, or from the cycle life of the orbit."""
    if spec.depth_of_discharge_model == "catalog":
        return float(spec.entry("battery").depth_of_discharge)
    cycles = max(1.0, spec.lifetime_years * _cycles_per_year(spec.altitude, spec.orbit,
                                                             spec.design_beta))
    return float(bus.cycle_life_depth_of_discharge(cycles))


@functools.lru_cache(maxsize=256)
def _cycles_per_year(altitude: float, orbit_kind: str, design_beta: float) -> float:
    """Eclipses a year [1/yr]: orbits on eclipse days (dawn-dusk), every orbit otherwise."""
    period = float(orbit.period(altitude))
    if orbit_kind == "dawn-dusk":
        eclipse_days = float(orbit.eclipse_season(altitude, None, 6.0).days_with_eclipse)
        return eclipse_days * 86_400.0 / period
    eclipsed = float(orbit.eclipse_duration(altitude, design_beta)) > 0.0
    return 365.25 * 86_400.0 / period if eclipsed else 0.0


def _surroundings(spec: SatelliteSpec, age: float) -> _Surroundings:
    """Orbit timing, radiator environment and array output of a spec ``age`` years in."""
    period, eclipse, beta, flux, lowest = _orbit_timing(spec.altitude, spec.orbit,
                                                        spec.design_beta, spec.ltan)
    emissivity, absorbed = _radiator_surroundings(
        spec.entry("coating"), age, spec.altitude, beta, int(spec.entry("radiator").sides),
        spec.radiator_case,
    )
    outputs = [_array_output(spec.entry("solar_array"), spec.array_incidence, spec.power_case,
                             spec.altitude, beta, age, value) for value in (flux, lowest)]
    absorbed += _neighbour_flux(spec, beta, emissivity, age)
    return _Surroundings(period - eclipse, eclipse, emissivity, absorbed, *outputs)


class _Panel(NamedTuple):
    fin_factor: float  # [-]
    areal_density: float  # [kg/m^2]
    outlet_limit: float  # coldest fluid's radiating temperature the chain allows [K]


# The fin-and-tube optimum costs ~7 ms (a zooming grid and a Newton polish); a re-check
# of every design of a sweep at one set of panel inputs must not pay it each time, nor
# build again the panel the sizing built from the same inputs (derived here on their own)
_armoured_panel = radiator_panel.shared_armoured_panel


def _panel(spec: SatelliteSpec) -> _Panel:
    """The radiator panel as built: fins and armour fixed at end-of-life design conditions.

    Rebuilt from :mod:`thermaldesign.radiator_panel` and the catalog, not from
    :mod:`.evaluate`: the fins are optimised at ``spec.fin_design_temperature``, or,
    unset, at the hottest outlet the chain allows without heat-pump lift (a lifted
    radiator keeps that fin factor; the sizing's stated approximation).
    """
    outlet = (spec.value("junction_limit") - spec.thermal_margin
              - spec.cold_plate_resistance * spec.entry("accelerator").power
              - spec.loop_drop - spec.radiator_drop)
    technology, fins = spec.entry("radiator"), spec.entry("fin_material")
    _, _, beta, _, _ = _orbit_timing(spec.altitude, spec.orbit, spec.design_beta, spec.ltan)
    heaters = _heater_mass_per_area(spec, beta)
    if fins is None:
        factor = float(technology.fin_efficiency)
        return _Panel(factor, float(technology.areal_density) + heaters(factor), outlet)
    emissivity, absorbed = _radiator_surroundings(
        spec.entry("coating"), spec.lifetime_years, spec.altitude, beta,
        int(technology.sides), spec.radiator_case)
    # the fins are optimised against everything the panel absorbs, neighbours included
    absorbed += _neighbour_flux(spec, beta, emissivity, spec.lifetime_years)
    if spec.inclination is not None:
        inclination = spec.inclination
    elif spec.orbit == "dawn-dusk":
        inclination = float(orbit.sun_synchronous_inclination(spec.altitude))
    else:
        inclination = 53.0  # Starlink shells, as the spec documents
    fin_root = outlet if spec.fin_design_temperature is None else spec.fin_design_temperature
    built = _armoured_panel(
        fins, spec.entry("radiator_tube"), fin_root, emissivity,
        sides=int(technology.sides), absorbed_flux=absorbed,
        probability=spec.no_penetration_probability, module_area=spec.radiator_module_area,
        years=spec.lifetime_years, altitude=spec.altitude, inclination=inclination,
        panel_areal_density=radiator_panel.construction_areal_density(technology),
        standoff=spec.armour_standoff)
    factor = built.fin.effective_area_ratio
    return _Panel(factor, float(technology.areal_density) + built.armour_areal_density
                  + heaters(factor), outlet)


def _heater_mass_per_area(spec: SatelliteSpec, beta: float):
    """fin factor -> survival heater mass per m^2 of radiator [kg/m^2].

    Heaters sized to hold the panel at the survival temperature with no other heat, at
    the coldest instant of the cold case with the new coating.
    """
    coating = radiator.coating_at_age(spec.entry("coating"), 0.0)
    sides = int(spec.entry("radiator").sides)
    coldest = sides * _coldest_flux(float(spec.altitude), float(beta),
                                    float(coating.absorptivity), float(coating.emissivity))

    def mass(factor):
        emitted = factor * float(radiator.emitted_flux(
            radiator_panel.SURVIVAL_TEMPERATURE, coating.emissivity, sides))
        return radiator_panel.HEATER_MASS_PER_WATT * max(0.0, emitted - coldest)

    return mass


@functools.lru_cache(maxsize=256)
def _coldest_flux(altitude: float, beta: float, absorptivity: float,
                  emissivity: float) -> float:
    """Least environment flux absorbed per face over the cold-case orbit [W/m^2] (cached:
    an orbit integral, a quarter of a scalar re-check before it was)."""
    return float(min(environment.orbit_flux(altitude, beta, absorptivity, emissivity,
                                            orientation="edge-on", case="cold").total))


def _profile_ratio(spec: SatelliteSpec, panel: _Panel, surroundings: _Surroundings) -> float:
    """Effective over outlet radiating temperature of the pumped panel, kappa [-].

    Evaluated at the chain's outlet limit without heat-pump lift and kept as a ratio for
    every design (the sizing model's convention: a design whose junction runs cooler than
    the limit, or whose radiator is lifted, carries the nominal ratio; the true rise then
    differs by a few tenths of a kelvin).
    """
    if not spec.panel_profile:
        return 1.0
    outlet = panel.outlet_limit
    effective = radiator_panel.effective_temperature(
        outlet + spec.loop_drop, outlet, surroundings.emissivity,
        int(spec.entry("radiator").sides), panel.fin_factor, surroundings.absorbed_flux)
    if not outlet > 0.0 or not math.isfinite(float(effective)):
        return 1.0
    return float(effective) / outlet


# What the closure needs that does not depend on the design, at one age (SI): floats for
# one spec, arrays of shape (B,) over a batch (:func:`_physics_columns`). First the fields
# of _Surroundings, then the panel as built (fin_factor: effective over planform emitting
# area [-]; radiator_density: with armour and survival heaters [kg/m^2]), the profile
# ratio kappa = T_eff / T_out [-], the battery depth of discharge [-], the attitude control
# and rotary joints (fixed mass [kg], mass per m^2 of array and of radiator [kg/m^2],
# power [W]), and the monomial exponents of the chip's leakage (T_j / T_ref)^c and failure
# rate (T_j / T_fail)^n [-].
_RowPhysics = NamedTuple("_RowPhysics", [
    *((f.name, float) for f in dataclasses.fields(_Surroundings)),
    ("fin_factor", float), ("radiator_density", float), ("profile_ratio", float),
    ("depth_of_discharge", float), ("attitude_mass", float),
    ("attitude_mass_per_array_area", float), ("attitude_mass_per_radiator_area", float),
    ("attitude_power", float), ("leakage_exponent", float), ("failure_exponent", float),
])


def _thermal_environment(spec, age: float | None) -> tuple:
    """Orbit timing, radiator and array environment, and the panel as built: the first
    nine fields of :class:`_RowPhysics`."""
    surroundings = _surroundings(spec, spec.lifetime_years if age is None else float(age))
    panel = _panel(spec)
    return (*vars(surroundings).values(), panel.fin_factor, panel.areal_density,
            _profile_ratio(spec, panel, surroundings))


def _chip_exponents(spec) -> tuple[float, float]:
    """(leakage, failure-rate) monomial exponents of the accelerator's fits [-]."""
    gpu = spec.entry("accelerator")
    leakage = accelerator.leakage_exponent(gpu.leakage_activation,
                                           *accelerator.JUNCTION_FIT_RANGE,
                                           gpu.junction_limit)[0]
    failure = accelerator.arrhenius_exponent(gpu.activation_energy,
                                             *accelerator.JUNCTION_FIT_RANGE,
                                             gpu.failure_temperature)[0]
    return leakage, failure


def _attitude_piece(spec, age):
    return _attitude_terms(spec)


# the pieces of _RowPhysics, in its order: each a function of (spec, age) -> tuple, so a
# batch evaluates each once per distinct value of the inputs that piece reads
_PHYSICS_PIECES = (
    _thermal_environment,
    lambda spec, age: (_depth_of_discharge(spec),),
    _attitude_piece,
    lambda spec, age: _chip_exponents(spec),
)


def _row_physics(spec, age: float | None) -> _RowPhysics:
    """The design-independent physics of one spec (a :class:`SatelliteSpec`, or one row
    of a batch read as one, :class:`.columns.RowSpec`) ``age`` years in (``None``: end of life),
    as :data:`_RowPhysics`."""
    return _RowPhysics(*(value for piece in _PHYSICS_PIECES for value in piece(spec, age)))


def _choose(condition, if_true, if_false):
    """``if_true`` where ``condition`` holds, else ``if_false``: plain Python for one
    design, :func:`numpy.where` over a batch."""
    if isinstance(condition, np.ndarray) and condition.ndim:
        return np.where(condition, if_true, if_false)
    return if_true if condition else if_false


def _on_rows(mask, function, *arguments):
    """``function(*arguments)`` on the rows where ``mask`` holds, 0 elsewhere.

    For functions that refuse the other rows' values (a COP without a lift).
    """
    result = np.zeros(np.shape(mask))
    if np.any(mask):
        result[mask] = function(*(np.broadcast_to(a, np.shape(mask))[mask] for a in arguments))
    return result[()]


def _total(parts):
    """Sum of masses [kg]: exactly rounded for one design, elementwise over a batch."""
    parts = list(parts)
    if any(isinstance(part, np.ndarray) and part.ndim for part in parts):
        return sum(parts)
    return math.fsum(parts)


def _pump_temperatures(spec: SatelliteSpec, design: SatelliteDesign,
                       outlet: float) -> tuple[float, float]:
    """(evaporating, condensing) refrigerant temperatures of the heat pump [K].

    The nominal lift L fixes the temperature ratio rho = 1 + L / T_evap,0 with T_evap,0
    the coolant temperature at full clock and the junction limit; the condenser sits the
    condenser approach above the radiator root (fluid outlet ``outlet`` + radiator drop).
    """
    nominal = (
        spec.value("junction_limit")
        - spec.thermal_margin
        - spec.cold_plate_resistance * spec.entry("accelerator").power
        - spec.loop_drop
    )
    ratio = 1.0 + design.heat_pump_lift / nominal
    condensing = outlet + spec.radiator_drop + spec.heat_pump_condenser_approach
    return condensing / ratio, condensing


def _compressor_per_watt(spec: SatelliteSpec, design: SatelliteDesign, outlet):
    """Compressor power per watt of loop heat lifted, 1/COP [W/W]; 0 without a lift."""
    lifted = design.heat_pump_lift > 0.0
    if not (isinstance(lifted, np.ndarray) and lifted.ndim):
        if not lifted:
            return 0.0
        cop = coefficient_of_performance(*_pump_temperatures(spec, design, outlet),
                                         spec.heat_pump_carnot_fraction)
        return 1.0 / cop  # a float for one design, an array for a lift shared by a batch
    cold, hot = _pump_temperatures(spec, design, outlet)
    return _on_rows(lifted, lambda *args: 1.0 / coefficient_of_performance(*args),
                    cold, hot, spec.heat_pump_carnot_fraction)


def _board_power(spec: SatelliteSpec, design: SatelliteDesign, physics: _RowPhysics):
    """Board power per accelerator at the design's clock and junction temperature [W].

    From :func:`thermaldesign.accelerator.chip_power_fraction` with the catalog's fits
    (the leakage monomial fitted over the junction range), TDP at full clock and the
    catalog junction limit.
    """
    gpu = spec.entry("accelerator")
    return gpu.power * accelerator.chip_power_fraction(
        design.clock_fraction, design.junction_temperature,
        reference_temperature=gpu.junction_limit, static_fraction=gpu.clock_static_fraction,
        leakage_fraction=gpu.leakage_fraction, power_exponent=gpu.clock_power_exponent,
        leakage_exponent=physics.leakage_exponent,
    )


def _spares_needed(spec: SatelliteSpec, design: SatelliteDesign, physics: _RowPhysics):
    """Expected hard failures of the active set over the life at the design's T_j [-]."""
    gpu = spec.entry("accelerator")
    rate = gpu.hard_failure_rate * (design.junction_temperature / gpu.failure_temperature
                                    ) ** physics.failure_exponent
    return accelerator.spares(design.gpu_count, rate, spec.lifetime_years)


def _loop_heat(spec: SatelliteSpec, it_power, compressor_per_watt):
    """Heat entering the coolant loop [W]: the fixed point of its energy balance.

    Q = P_it + pump(Q) + conditioning losses of the payload P_it + pump(Q) + compressor(Q).
    The right side is linear in (P_it, Q), so Q = f(P_it, 0) / (1 - f(0, 1)); a slope
    f(0, 1) of 1 or more means the losses feed back without bound (infinite heat).
    """

    def balance(it, heat):
        pump = spec.pump_power_per_watt * heat
        payload = it + pump + compressor_per_watt * heat
        return it + pump + power.conditioning_heat(payload, spec.daylight_efficiency)

    slope = balance(0.0, 1.0)
    bounded = slope < 1.0
    return _choose(bounded, balance(it_power, 0.0) / _choose(bounded, 1.0 - slope, 1.0),
                   math.inf)


def _power_and_heat(spec: SatelliteSpec, design: SatelliteDesign,
                    physics: _RowPhysics, outlet) -> dict:
    """Loop and radiator heat, compressor power, array output and battery energy needed
    (``outlet``: the radiator fluid's outlet temperature [K], for the heat pump's COP)."""
    n = design.gpu_count
    it_power = n * (_board_power(spec, design, physics) + spec.value("server_power"))
    per_watt = _compressor_per_watt(spec, design, outlet)
    loop = _loop_heat(spec, it_power, per_watt)
    payload = it_power + (spec.pump_power_per_watt + per_watt) * loop
    bus_power = (spec.avionics_power + physics.attitude_power
                 + spec.isl_terminal_count * spec.isl_terminal_power)
    idle = spec.idle_power_fraction
    in_eclipse = (idle + (1.0 - idle) * design.eclipse_power_fraction) * payload
    battery = spec.entry("battery")
    # battery discharge loss on the loop's cold plate, averaged over the orbit
    discharge_heat = ((1.0 / battery.discharge_efficiency - 1.0) * (in_eclipse + bus_power)
                      * physics.eclipse_duration
                      / (physics.daylight_duration + physics.eclipse_duration))
    return {
        "loop heat": loop,
        "compressor": per_watt * loop,
        "radiator heat": (1.0 + per_watt) * loop + discharge_heat,
        "array output": power.array_power_required(
            payload + bus_power, in_eclipse + bus_power, physics.daylight_duration,
            physics.eclipse_duration, spec.daylight_efficiency, spec.eclipse_efficiency,
        ),
        "array output (no eclipse)": power.array_power_required(
            payload + bus_power, 0.0, physics.daylight_duration + physics.eclipse_duration,
            0.0, spec.daylight_efficiency, spec.eclipse_efficiency,
        ),
        "battery energy": power.battery_capacity(
            in_eclipse + bus_power, physics.eclipse_duration,
            discharge_efficiency=battery.discharge_efficiency,
            depth_of_discharge=physics.depth_of_discharge,
        ),
    }


def _dry_with_floors(spec: SatelliteSpec, subtotal):
    """Dry mass [kg]: the fixed point of dry = subtotal + structure(dry) + harness(dry),
    each max(floor, fraction x dry), by plain iteration (a contraction: slope < 0.9);
    elementwise over a batch of subtotals."""
    dry = subtotal
    for _ in range(1000):
        last, dry = dry, (subtotal + np.maximum(spec.structure_floor_mass,
                                                spec.structure_fraction * dry)
                          + np.maximum(spec.harness_floor_mass, spec.harness_fraction * dry))
        if np.all(np.abs(dry - last) <= 1e-13 * np.abs(dry)):
            break
    return dry if isinstance(dry, np.ndarray) and dry.ndim else float(dry)


def _wet_mass(spec: SatelliteSpec, design: SatelliteDesign, physics: _RowPhysics,
              loop_heat, compressor) -> tuple:
    """(wet mass [kg], stowed volume [m^3]) of the design from its parts.

    Dry mass = parts + structure + harness, each max(floor, fraction x dry mass)
    (:func:`_dry_with_floors`); wet = dry * rocket factor.
    The stowed volume folds the array and radiator by thickness and packs the rest at the
    core density.
    """
    panels = {
        "solar array": power.array_mass(design.solar_array_area,
                                        spec.entry("solar_array").areal_density),
        "radiator": design.radiator_area * physics.radiator_density,
    }
    core_parts = [
        (design.gpu_count + design.spare_count) * spec.value("accelerator_mass"),
        spec.thermal_loop_mass_per_watt * loop_heat,
        spec.heat_pump_mass_per_watt * compressor,
        spec.power_conditioning_mass_per_watt * design.solar_array_area * physics.array_output,
        spec.avionics_mass + spec.propulsion_dry_mass,
        _attitude_mass(physics, design),
        spec.isl_terminal_count * spec.isl_terminal_mass,
        # zero without a battery
        power.battery_mass(design.battery_energy, spec.entry("battery").specific_energy),
    ]
    dry = _dry_with_floors(spec, _total([*panels.values(), *core_parts]))
    wet = dry * spec.rocket_factor
    volume = (
        spec.array_stowed_thickness * design.solar_array_area
        + spec.radiator_stowed_thickness * design.radiator_area
        + (wet - _total(panels.values())) / spec.core_density
    )
    return wet, volume


def check_design(
    spec: SatelliteSpec, design: SatelliteDesign, *, age: float | None = None
) -> OrderedDict:
    """Relative margin of every constraint of ``design``, recomputed from the physics.

    A margin is (capacity - demand) / demand: >= 0 closes, < 0 is violated. Checked,
    with the loads and masses rebuilt here from the physics functions (not from the
    model's coefficient helpers, module docstring):

    - ``power balance``: A_s * P_EOL (:func:`thermaldesign.power.array_power_density` at
      the :func:`~thermaldesign.power.array_temperature` equilibrium) against SMAD eq. 11-5
      (:func:`thermaldesign.power.array_power_required`);
    - ``battery``: installed energy against :func:`thermaldesign.power.battery_capacity`
      for the design eclipse (only with eclipses);
    - ``radiator balance``: A_r (eta_fin * :func:`thermaldesign.radiator.emitted_flux`
      - absorbed environment) against the heat load, end of life, hot case;
    - ``thermal chain``: the junction temperature against T_rad + drops + R P(x, T_j)
      (through the heat pump's evaporator and condenser approaches when it runs), and
      ``junction limit``; ``clock range``: the clock inside the fitted range;
    - ``spares``: cold spares against the expected hard failures at T_j (Arrhenius);
    - ``radiator material``: the technology's maximum temperature;
    - ``mass limit`` and ``mass roll-up`` (the reported total mass against the roll-up);
    - packing limits when set, the heat-pump compressor power, and the GPU granularity.

    :func:`check_designs` is the same check over a batch of designs.

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
    margins, applies = _margins(spec, design, _row_physics(spec, age))
    return OrderedDict((name, float(margin)) for name, margin in margins.items()
                       if applies.get(name, True))


def _margins(spec, design, physics: _RowPhysics) -> tuple[OrderedDict, dict]:
    """(constraint name -> margin, name -> where that margin applies) of
    :func:`check_design`, for one design (floats) or a batch (arrays of shape (B,))."""
    technology = spec.entry("radiator")
    # the design's radiator temperature is the panel's effective one; the fluid leaves the
    # panel colder, at the model's ratio kappa = T_eff / T_out of the nominal outlet (the
    # profile's rise evaluated at the chain's outlet limit), and enters loop_drop above
    outlet = design.radiator_temperature / physics.profile_ratio
    need = _power_and_heat(spec, design, physics, outlet)
    margins: OrderedDict = OrderedDict()
    applies: dict = {}
    margins["power balance"] = _ratio(
        design.solar_array_area * physics.array_output, need["array output"]
    )
    margins["power balance (aphelion)"] = _ratio(
        design.solar_array_area * physics.aphelion_output, need["array output (no eclipse)"]
    )
    margins["battery"] = _ratio(design.battery_energy, need["battery energy"])
    applies["battery"] = (physics.eclipse_duration > 0.0) & (need["battery energy"] > 0.0)
    emitted = radiator.emitted_flux(design.radiator_temperature, physics.emissivity,
                                    technology.sides)
    rejected = design.radiator_area * (physics.fin_factor * emitted - physics.absorbed_flux)
    margins["radiator balance"] = _ratio(rejected, need["radiator heat"])
    lifted = design.heat_pump_lift > 0.0
    coolant = _choose(lifted, _pump_temperatures(spec, design, outlet)[0]
                      + spec.heat_pump_evaporator_approach, outlet + spec.radiator_drop)
    junction = (coolant + spec.loop_drop + spec.thermal_margin
                + spec.cold_plate_resistance * _board_power(spec, design, physics))
    margins["thermal chain"] = _ratio(design.junction_temperature, junction)
    margins["junction limit"] = _ratio(spec.value("junction_limit"), design.junction_temperature)
    low = spec.entry("accelerator").clock_min_fraction
    margins["clock range"] = np.minimum(_ratio(1.0, design.clock_fraction),
                                        _ratio(design.clock_fraction, low))
    needed = _spares_needed(spec, design, physics)
    margins["spares"] = _ratio(design.spare_count, needed)
    applies["spares"] = needed > 0.0
    inlet = outlet + (spec.loop_drop if spec.panel_profile else 0.0)
    margins["radiator material"] = _ratio(technology.max_temperature, inlet)
    margins["heat pump power"] = -np.abs(_ratio(design.heat_pump_power, need["compressor"]))
    applies["heat pump power"] = lifted
    total, volume = _wet_mass(spec, design, physics, need["loop heat"], need["compressor"])
    margins["mass limit"] = _ratio(spec.mass_limit, total)
    margins["mass roll-up"] = _ratio(design.total_mass, total)
    for limit, name, quantity in (("max_array_area", "array area limit", design.solar_array_area),
                                  ("max_radiator_area", "radiator area limit",
                                   design.radiator_area),
                                  ("max_stowed_volume", "stowed volume limit", volume)):
        if getattr(spec, limit) is not None:
            margins[name] = _ratio(getattr(spec, limit), quantity)
    count = design.gpu_count / spec.gpu_granularity
    margins["gpu granularity"] = _choose(count >= 1 - 1e-12, -np.abs(count - np.round(count)),
                                         -1.0)
    applies["gpu granularity"] = design.integer
    return margins, applies


def _ratio(capacity, demand):
    """(capacity - demand) / demand [-]; +-inf (the capacity's sign) for no demand."""
    positive = demand > 0.0
    return _choose(positive, capacity / _choose(positive, demand, 1.0) - 1.0,
                   _choose(capacity >= 0.0, math.inf, -math.inf))


def _closure_error(violated: Mapping[str, float]) -> ClosureError:
    detail = "; ".join(
        f"{name} violated by {-margin:.3g} (relative)" for name, margin in violated.items()
    )
    return ClosureError(
        f"the solver's design fails the physics re-check: {detail}. This is a bug or a "
        "solver inaccuracy, not a design; please report it with the spec"
    )


def assert_closes(spec: SatelliteSpec, design: SatelliteDesign) -> OrderedDict:
    """Return the margins, or raise :class:`ClosureError` naming every violated constraint."""
    margins = check_design(spec, design)
    violated = {name: m for name, m in margins.items() if m < -CLOSURE_TOLERANCE}
    if violated:
        raise _closure_error(violated)
    return margins


_BEGINNING_OF_LIFE = ("power balance", "battery", "radiator balance")


def beginning_of_life(spec: SatelliteSpec, design: SatelliteDesign) -> dict:
    """Power, battery and radiator margins of the end-of-life design when new [-]."""
    margins = check_design(spec, design, age=0.0)
    return {name: margins[name] for name in _BEGINNING_OF_LIFE if name in margins}


# ------------------------------------------------------------------------- batches
#
# The same closure over B designs of one kind (:mod:`.columns`): the margins above run on
# arrays of shape (B,); the design-independent physics (:func:`_row_physics`: orbit,
# environment, panel as built, bus) is evaluated once per distinct value of the inputs it
# reads and broadcast to the rows that share it.

_DESIGN_QUANTITIES = (
    "gpu_count", "solar_array_area", "radiator_area", "radiator_temperature",
    "battery_energy", "total_mass", "junction_temperature", "clock_fraction",
    "eclipse_power_fraction", "spare_count", "heat_pump_lift", "heat_pump_power",
)


@dataclass(frozen=True)
class DesignColumns:
    """The quantities of B designs that the closure reads, as arrays of shape (B,).

    Named and in the units of :class:`SatelliteDesign` (gpu_count [-], areas [m^2],
    radiator_temperature and junction_temperature [K], battery_energy [J], total_mass
    [kg], clock and eclipse power fractions [-], spare_count [-], heat_pump_lift [K],
    heat_pump_power [W]); ``integer``: whether each gpu_count is an exact integer optimum
    (checked against the granularity). A float (or bool) stands for the same value in
    every row. Build it from arrays, or from designs with :meth:`of`.
    """

    gpu_count: np.ndarray
    solar_array_area: np.ndarray
    radiator_area: np.ndarray
    radiator_temperature: np.ndarray
    battery_energy: np.ndarray
    total_mass: np.ndarray
    junction_temperature: np.ndarray
    clock_fraction: np.ndarray = 1.0
    eclipse_power_fraction: np.ndarray = 1.0
    spare_count: np.ndarray = 0.0
    heat_pump_lift: np.ndarray = 0.0
    heat_pump_power: np.ndarray = 0.0
    integer: np.ndarray = True

    def __post_init__(self):
        for name in _DESIGN_QUANTITIES:
            value = getattr(self, name)
            try:
                array = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise InputError(f"{name} must be numbers; got {value!r}") from None
            if array.ndim > 1:
                raise InputError(f"{name} must be one value per design (shape (B,)); got "
                                 f"shape {array.shape}")
            bad = np.flatnonzero(~np.isfinite(array))
            if bad.size:
                raise InputError(f"{name}[{bad[0]}] = {array.flat[bad[0]]} is not a finite "
                                 "number; valid range (-inf, inf)")
            object.__setattr__(self, name, array)
        object.__setattr__(self, "integer", np.asarray(self.integer, dtype=bool))

    @classmethod
    def of(cls, designs: Sequence[SatelliteDesign]) -> DesignColumns:
        """The columns of a sequence of :class:`SatelliteDesign`."""
        designs = list(designs)
        return cls(**{name: [getattr(d, name) for d in designs] for name in _DESIGN_QUANTITIES},
                   integer=[d.integer for d in designs])

    def size(self, size: int) -> None:
        """Raise :class:`InputError` unless every quantity fits ``size`` rows."""
        for name in (*_DESIGN_QUANTITIES, "integer"):
            shape = np.shape(getattr(self, name))
            if shape not in ((), (size,)):
                raise InputError(f"{name} has {shape[0]} rows for a batch of {size} specs")


def _per_distinct(columns: SpecColumns, piece, age: float | None) -> np.ndarray:
    """``piece(row, age)`` of every row, (B, fields), evaluated once per distinct value
    of the inputs it reads (:func:`.columns.per_distinct_row`)."""
    table = per_distinct_row(columns, lambda row: np.asarray(piece(row, age), dtype=float))
    return np.broadcast_to(table, (len(columns), np.shape(table)[-1]))


def _attitude_columns(columns: SpecColumns) -> np.ndarray:
    """:func:`_attitude_terms` of every row of a batch, (B, 4), with the scaled buses on
    arrays (:func:`.bus.scaled_buses`, no row view: every row of a sweep over
    the mass limit has its own bus, so grouping rows saves nothing)."""
    size = len(columns)
    if columns.bus_model != "scaled":
        return _per_distinct(columns, lambda spec, age: _attitude_terms(spec), None)
    geometry = columns.layout_of()
    array_density, radiator_density, altitude = (np.broadcast_to(
        np.asarray(value, dtype=float), (size,)) for value in (
            columns.entry("solar_array").areal_density,
            columns.entry("radiator").areal_density, columns.altitude))
    core = np.broadcast_to(_core_mass(geometry, array_density, radiator_density,
                                      columns.mass_limit), (size,))
    # on arrays: equal bit for bit to the table's bus of each row alone (bus.BusTable)
    buses = bus.scaled_buses(geometry, array_areal_density=array_density,
                             radiator_areal_density=radiator_density, core_mass=core,
                             altitude=altitude)
    return np.column_stack(np.broadcast_arrays(
        columns.adcs_sensor_mass + buses.joint_mass, buses.array_mass_per_area,
        buses.radiator_mass_per_area,
        columns.adcs_sensor_power + buses.wheel_power + buses.joint_power))


def _physics_columns(columns: SpecColumns, age: float | None) -> _RowPhysics:
    """:func:`_row_physics` of every row of a batch, piece by piece (:func:`_per_distinct`;
    the attitude terms by :func:`_attitude_columns`)."""
    table = np.hstack([_attitude_columns(columns) if piece is _attitude_piece
                       else _per_distinct(columns, piece, age) for piece in _PHYSICS_PIECES])
    return _RowPhysics(*table.T)


def check_designs(columns: SpecColumns, design: DesignColumns | Mapping, *,
                  age: float | None = None) -> dict[str, np.ndarray]:
    """:func:`check_design` of B designs at once: margin name -> array of shape (B,).

    Row i equals ``check_design(spec_i, design_i)`` (to rounding: the mass roll-up sums
    in numpy rather than exactly rounded); a margin that does not apply to a row (no
    battery without an eclipse, no heat-pump power without a lift, no granularity for a
    continuous count, no spares without failures) is NaN there, and :func:`row_margins`
    gives a row's margins as ``check_design`` returns them. The design-independent
    physics (orbit, environment, the panel as built, the bus) runs once per distinct
    value of the inputs it reads; specs that all differ in orbit or technology therefore
    cost about as much per row as :func:`check_design`.

    Parameters
    ----------
    columns : SpecColumns
        The specs, of one kind (:func:`thermaldesign.sizing.columns.stack`).
    design : DesignColumns or mapping
        The designs' quantities, or a mapping of them by the names of
        :class:`DesignColumns`.
    age : float, optional
        Years in orbit [yr], as in :func:`check_design`.

    Returns
    -------
    dict
        Constraint name -> relative margins [-], shape (B,).
    """
    if not isinstance(columns, SpecColumns):
        raise InputError(f"columns must be SpecColumns; got {type(columns).__name__}")
    if not isinstance(design, DesignColumns):
        if not isinstance(design, Mapping):
            raise InputError("design must be DesignColumns or a mapping of design "
                             f"quantities; got {type(design).__name__}")
        unknown = set(design) - {*_DESIGN_QUANTITIES, "integer"}
        if unknown:
            raise InputError(f"unknown design quantities {sorted(unknown)}; valid: "
                             f"{', '.join(_DESIGN_QUANTITIES)}, integer")
        design = DesignColumns(**design)
    design.size(len(columns))
    with trusted(), np.errstate(divide="ignore", invalid="ignore"):
        margins, applies = _margins(columns, design, _physics_columns(columns, age))
    shape = (len(columns),)
    return {name: np.where(applies.get(name, True), np.broadcast_to(margin, shape), np.nan)
            for name, margin in margins.items()}


def row_margins(margins: Mapping[str, np.ndarray], index: int) -> OrderedDict:
    """Row ``index`` of :func:`check_designs` as :func:`check_design` returns it."""
    return OrderedDict((name, float(values[index])) for name, values in margins.items()
                       if not math.isnan(values[index]))


def margins_by_row(margins: Mapping[str, np.ndarray]) -> list[dict]:
    """Every row of :func:`check_designs` as a dict of the margins :func:`check_design`
    returns for it (same names, order and values): one conversion for the whole batch,
    for building the designs."""
    names = list(margins)
    if not names:
        return []
    table = np.column_stack([margins[name] for name in names])
    applies = ~np.isnan(table)
    rows: list = [None] * len(table)
    # rows with the same margins present (usually all of a batch) convert together
    pattern_of = applies @ (1 << np.arange(len(names), dtype=np.int64))
    for code in np.unique(pattern_of).tolist():
        members = np.flatnonzero(pattern_of == code)
        pattern = applies[members[0]]
        present = [name for name, keep in zip(names, pattern.tolist(), strict=True) if keep]
        for row, values in zip(members.tolist(), table[np.ix_(members, pattern)].tolist(),
                               strict=True):
            rows[row] = dict(zip(present, values, strict=True))
    return rows


def assert_designs_close(columns: SpecColumns, design: DesignColumns | Mapping
                         ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(margins, failed): :func:`check_designs` at end of life and a bool array (B,)
    flagging the rows :func:`assert_closes` would reject; :func:`closure_error` gives a
    flagged row's error."""
    margins = check_designs(columns, design)
    failed = np.zeros(len(columns), dtype=bool)
    for values in margins.values():
        failed |= values < -CLOSURE_TOLERANCE  # NaN (does not apply) compares False
    return margins, failed


def closure_error(margins: Mapping[str, np.ndarray], index: int) -> ClosureError:
    """The :class:`ClosureError` :func:`assert_closes` raises for row ``index``."""
    return _closure_error({name: margin for name, margin in row_margins(margins, index).items()
                           if margin < -CLOSURE_TOLERANCE})


def beginning_of_life_designs(columns: SpecColumns, design: DesignColumns | Mapping
                              ) -> dict[str, np.ndarray]:
    """:func:`beginning_of_life` of B designs: margin name -> array (B,), NaN where the
    margin does not apply (:func:`row_margins` gives a row's dict)."""
    margins = check_designs(columns, design, age=0.0)
    return {name: margins[name] for name in _BEGINNING_OF_LIFE if name in margins}
