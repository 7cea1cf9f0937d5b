"""Plain-physics evaluation of a satellite: environment, loads, masses and costs.

These functions call the physics modules (:mod:`~thermaldesign.orbit`,
:mod:`~thermaldesign.environment`, :mod:`~thermaldesign.radiator`,
:mod:`~thermaldesign.power`) with ordinary floats. The geometric program takes its
coefficients from them, and the design's breakdowns re-evaluate a solved design with
them. The closure check (:mod:`.closure`) deliberately does not use them: it rebuilds
the same quantities from the physics modules on its own, so it can catch an error here.

Load model (one orbit, hot case for heat, power case for the array)
--------------------------------------------------------------------
With ``P_it`` the accelerator plus server power, ``k`` the pump power per watt moved,
``r = 1/X_d - 1`` the power-conditioning loss per watt delivered and ``1/COP`` the heat
pump's compressor power per watt lifted (0 without heat pump), the heat entering the
coolant loop ``Q`` (chips, pump work, conditioning losses of the payload power) solves

    Q = P_it + k Q + r (P_it + k Q + Q / COP)
    =>  Q = P_it (1 + r) / (1 - k (1 + r) - r / COP),

the radiator rejects ``Q + Q / COP``, and the daylight load is the payload power
``P_it + k Q + Q / COP`` plus the bus (avionics, laser terminals, attitude control),
whose own small heat goes to bus radiators counted in the bus masses. Everything is
affine in the GPU count, which keeps the sizing problem a geometric program.

Radiator panel (:func:`radiator_design`): the thermal chain ends at the radiator
fluid's outlet, T_out = T_junction,max - margin - R P - loop_drop - radiator_drop; with
``panel_profile`` the fluid enters at T_out + loop_drop and the panel radiates at its
effective temperature T_eff (:func:`thermaldesign.radiator_panel.effective_temperature`),
which is the sizing model's radiator temperature. The fin factor is the fin-and-tube
optimum with armoured tubes (:func:`thermaldesign.radiator_panel.armoured_panel`) at the
fluid outlet temperature ``spec.fin_design_temperature`` (by default the chain's hottest
outlet), and the armour adds to the technology's areal density. The panel's temperature rise is
evaluated at the chain's hottest outlet either way (kept as a ratio, see
:func:`.model._chain_values`).

Why the sizing can take the fin optimum per unit area instead of fin variables: the
radiator enters the sizing only through its area A = Q/(eta n eps sigma T^4 - q_abs) and
mass m_A A (cost and stowed volume per m^2 aside). At a fixed temperature, minimising
satellite mass over the fin geometry is minimising m_A / (eta n eps sigma T^4 - q_abs),
the fin optimum's objective, whatever Q is. The decoupling is therefore exact for the
mass and compute-per-mass objectives when the radiator runs at the temperature its fins
were designed for: by default the hottest outlet the thermal chain allows, where every
design with the chip fixed at its junction limit runs (a hotter radiator is always
smaller). A co-designed chip runs cooler (the reference's outlet is ~295 K against the
chain's ~311 K), so its fins are designed for the wrong temperature: designing them at
the design's own outlet (``fin_design_temperature``,
:func:`.entry.fins_at_design_temperature`) gains the reference 0.9 % compute. It is
also approximate (i) with a heat pump: the fins are
optimised, and their fin factor kept, at the chain temperature without lift, while a
radiator lifted by L runs hotter and its fins' parameter N grows as T^3 (for the
reference geometry at 311 K, an 80 K lift lowers the exact fin factor from 0.85 to
0.76, so heat-pump designs are optimistic by up to ~10 % of radiator area; keeping the
fin factor fixed keeps "a heat pump never makes a design worse" true); and (ii) for
the cost objective, whose per-m^2 radiator cost would favour somewhat more efficient
(heavier) fins.

With a layout (``spec.layout``) the radiator also absorbs the infrared of the array
faces and the bus it sees (:func:`thermaldesign.layout.absorbed_from_neighbours`: the
array at its own equilibrium temperature in the radiator's design case, the bus at the
temperature of its blanket's outer layer). With ``bus_model="scaled"`` attitude control
is sized from the layout (:func:`thermaldesign.bus.scaled_bus`): sensors and rotary
joints are fixed masses, the wheels are carried per m^2 of array and radiator (affine in
the areas, so the problem stays a geometric program).

Not modelled: thermal transients through eclipse (radiators sized orbit-average). The
survival (cold) case is checked after sizing (:func:`survival`), not sized in the
geometric program.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .. import accelerator, environment, orbit, power, radiator, radiator_panel
from .._validation import check_choice
from ..bus import BusTable, ScaledBus, cycle_life_depth_of_discharge, scaled_buses
from ..constants import SOLAR_CONSTANT, STEFAN_BOLTZMANN
from ..errors import InfeasibleDesignError, InputError
from ..layout import BUS_BLANKET, Layout, absorbed_from_neighbours, blanket_temperature
from .columns import (
    Columns,
    SpecColumns,
    as_real,
    choose,
    everywhere,
    group_by_kind,
    larger,
    per_distinct_row,
    per_distinct_value,
    stacked,
)
from .spec import SatelliteSpec

__all__ = ["Environment", "environment_of", "loads", "mass_parts", "cost_parts", "Loads",
           "Survival", "survival", "bus_scaling", "bus_mass_per_area", "attitude_power",
           "eclipse_cycles_per_year", "affine_loads", "chip_power", "duty_cycle",
           "eclipse_fractions", "JUNCTION_FIT_RANGE", "environments_of", "total",
           "leakage_exponent_of"]

JOULES_PER_KWH = 3.6e6


@dataclass(frozen=True)
class Environment:
    """Everything about a spec that does not depend on the design variables (SI)."""

    period: float  # [s]
    eclipse_duration: float  # design (longest) eclipse [s]
    daylight_duration: float  # [s]
    mean_eclipse_fraction: float  # [-] year-average fraction of time in eclipse
    radiator_beta: float  # beta of the radiator hot case [deg]
    absorptivity: float  # radiator coating at end of life [-]
    emissivity: float  # [-]
    sides: int  # radiating faces [-]
    fin_efficiency: float  # [-]
    absorbed_flux: float  # environment absorbed per m^2 of radiator planform [W/m^2]
    array_temperature: float  # end of life, eclipse-season power case [K]
    array_power_density: float  # end of life, flux of the eclipse season [W/m^2 of array]
    season_solar_flux: float  # solar flux on the day of the longest eclipse [W/m^2]
    aphelion_solar_flux: float  # lowest solar flux of the year [W/m^2]
    aphelion_power_density: float  # end of life at the lowest flux [W/m^2 of array]
    array_nameplate_density: float  # BOL at 1361 W/m^2, reference temperature [W/m^2]
    chain_limit: float  # radiator temperature the chain allows without heat pump [K]
    evaporator_temperature: float  # coolant temperature at the cold plates' exit [K]
    material_limit: float  # highest effective radiator temperature the material allows [K]
    neighbour_flux: float  # of absorbed_flux: array and bus IR seen via the layout [W/m^2]
    depth_of_discharge: float  # battery depth of discharge per cycle [-]
    radiator_areal_density: float = 0.0  # panel as built plus armour [kg/m^2]
    profile_rise: float = 0.0  # effective minus outlet radiating temperature [K]
    armour_thickness: float = 0.0  # tube wall for the no-penetration probability [m]
    cold_absorbed_flux: float = 0.0  # coldest instant, cold case, new coating [W/m^2]
    survival_flux: float = 0.0  # heater flux per m^2 holding the loop at T_min [W/m^2]


JUNCTION_FIT_RANGE = accelerator.JUNCTION_FIT_RANGE


#: Days sampled for the year's lowest solar flux (aphelion, about 4 July) [d].
_YEAR_DAYS = tuple(float(d) for d in range(1, 366))


#: Entries each cached part of an environment keeps: as many as the shared armoured
#: panels, so a batch's environments built ahead (:func:`share_panels`) stay cached.
_ENVIRONMENT_CACHE = radiator_panel.SHARED_PANELS


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _eclipse(altitude: float, orbit_kind: str, design_beta: float, ltan: float = 6.0):
    """(period, longest eclipse, mean eclipse fraction, hot-case beta, flux on the day of
    the longest eclipse, lowest flux of the year) of an orbit [s, s, -, deg, W/m^2, W/m^2].

    Season coupling: a dawn-dusk orbit's eclipses fall in one season (LTAN 06:00: around
    the December solstice, near perihelion; LTAN 18:00: around June, near aphelion), so
    its eclipse case takes that day's flux; an inclined orbit is eclipsed all year and
    takes the year's lowest flux.
    """
    period = float(orbit.period(altitude))
    lowest = float(min(orbit.solar_flux_on_day(list(_YEAR_DAYS))))
    if orbit_kind == "dawn-dusk":
        season = orbit.eclipse_season(altitude, None, ltan)
        eclipse = season.longest_eclipse
        mean_fraction = season.mean_eclipse_fraction
        beta = float(min(abs(b) for b in season.beta))
        day = season.day_of_longest_eclipse
        flux = lowest if day is None else float(orbit.solar_flux_on_day(day))
    else:
        eclipse = float(orbit.eclipse_duration(altitude, design_beta))
        mean_fraction = float(orbit.eclipse_fraction(altitude, design_beta))
        beta = abs(design_beta)
        flux = lowest
    return period, eclipse, mean_fraction, beta, flux, lowest


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _radiator_flux(altitude, beta, absorptivity, emissivity, sides, case):
    per_face = environment.orbit_average_flux(
        altitude, beta, absorptivity, emissivity, orientation="edge-on", case=case
    )
    return sides * float(per_face)


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _array_environment(altitude, beta, absorptivity, back_emissivity, front_emissivity, case):
    """Orbit-average albedo + Earth IR on the sun-pointing front and the anti-sun back."""
    front = environment.orbit_flux(
        altitude, beta, absorptivity, front_emissivity, orientation="sun-pointing", case=case
    )
    back = environment.orbit_flux(
        altitude, beta, absorptivity, back_emissivity, orientation="anti-sun", case=case
    )
    return (
        float(front.average("albedo")) + float(front.average("earth_ir")),
        float(back.average("albedo")) + float(back.average("earth_ir")),
    )


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _coating(coating, age: float) -> tuple[float, float]:
    """(absorptivity, emissivity) of a coating entry after ``age`` years."""
    state = radiator.coating_at_age(coating, age)
    return float(state.absorptivity), float(state.emissivity)


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _array(array, incidence, case_name, altitude, beta, age, solar_flux):
    """(cell temperature [K], output [W/m^2], BOL nameplate [W/m^2]) of an array entry at a
    solar flux [W/m^2] (the case's albedo and Earth IR)."""
    front, back = _array_environment(
        altitude, beta, array.absorptivity, array.back_emissivity, array.front_emissivity,
        case_name,
    )
    lifetime = float(power.lifetime_degradation(array.degradation_per_year, age))
    cell_temperature = float(
        power.array_temperature(
            array.absorptivity,
            array.front_emissivity,
            array.back_emissivity,
            efficiency=array.cell_efficiency,
            packing_factor=array.packing_factor,
            incidence=incidence,
            solar_flux=solar_flux,
            electrical_factor=array.inherent_degradation * lifetime,
            temperature_coefficient=array.temperature_coefficient,
            reference_temperature=array.reference_temperature,
            front_absorbed=front,
            back_absorbed=back,
        )
    )
    density = float(
        power.array_power_density(
            array.cell_efficiency,
            packing_factor=array.packing_factor,
            inherent_degradation=array.inherent_degradation,
            incidence=incidence,
            degradation_per_year=array.degradation_per_year,
            years=age,
            cell_temperature=cell_temperature,
            temperature_coefficient=array.temperature_coefficient,
            reference_temperature=array.reference_temperature,
            solar_flux=solar_flux,
        )
    )
    nameplate = float(
        power.array_power_density(
            array.cell_efficiency, packing_factor=array.packing_factor, solar_flux=SOLAR_CONSTANT
        )
    )
    return cell_temperature, density, nameplate


def environment_of(spec: SatelliteSpec, age: float | None = None) -> Environment:
    """Evaluate the design-independent physics of a spec.

    Parameters
    ----------
    spec : SatelliteSpec
        The satellite inputs.
    age : float, optional
        Time in orbit for the coating and array degradation [yr]; ``None`` = end of life
        (``spec.lifetime_years``), 0 = beginning of life.

    Returns
    -------
    Environment
        Orbit timing [s], radiator environment [W/m^2], end-of-life coating [-] and
        array output [W/m^2], temperature limits [K].

    References
    ----------
    Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), ch. 11;
    Gilmore, *Spacecraft Thermal Control Handbook* Vol. I (2002), ch. 2 and 6.
    """
    period, eclipse, mean_fraction, beta, flux, lowest = _eclipse(
        spec.altitude, spec.orbit, spec.design_beta, spec.ltan)
    age = spec.lifetime_years if age is None else age
    tech = spec.entry("radiator")
    absorptivity, emissivity, absorbed, neighbours = _radiator_environment(spec, beta, age)
    cell_temperature, density, nameplate = _array(
        spec.entry("solar_array"), spec.array_incidence, spec.power_case, spec.altitude, beta,
        age, flux,
    )
    aphelion_density = _array(spec.entry("solar_array"), spec.array_incidence, spec.power_case,
                              spec.altitude, beta, age, lowest)[1]
    evaporator, chain = _thermal_chain(spec)
    panel = radiator_design(spec, chain, emissivity, absorbed + neighbours)
    cold_emissivity, cold_absorbed = _cold_case(spec.entry("coating"), spec.altitude, beta,
                                                int(tech.sides))
    heater_flux = max(0.0, panel.fin_factor * int(tech.sides) * cold_emissivity
                      * STEFAN_BOLTZMANN * SURVIVAL_TEMPERATURE**4 - cold_absorbed)
    return Environment(
        period=period,
        eclipse_duration=eclipse,
        daylight_duration=period - eclipse,
        mean_eclipse_fraction=mean_fraction,
        radiator_beta=beta,
        absorptivity=absorptivity,
        emissivity=emissivity,
        sides=int(tech.sides),
        fin_efficiency=panel.fin_factor,
        absorbed_flux=absorbed + neighbours,
        array_temperature=cell_temperature,
        array_power_density=density,
        season_solar_flux=flux,
        aphelion_solar_flux=lowest,
        aphelion_power_density=aphelion_density,
        array_nameplate_density=nameplate,
        chain_limit=chain + panel.rise,
        evaporator_temperature=evaporator,
        material_limit=float(tech.max_temperature) - panel.inlet_rise + panel.rise,
        radiator_areal_density=panel.areal_density + HEATER_MASS_PER_WATT * heater_flux,
        profile_rise=panel.rise,
        armour_thickness=panel.armour_thickness,
        cold_absorbed_flux=cold_absorbed,
        survival_flux=heater_flux,
        neighbour_flux=neighbours,
        depth_of_discharge=_depth_of_discharge(spec, period),
    )


def _radiator_environment(spec: SatelliteSpec, beta: float, age: float) -> tuple:
    """(EOL absorptivity [-], emissivity [-], environment and neighbour flux absorbed per
    m^2 of planform [W/m^2]) of the spec's radiator at ``age`` [yr]."""
    absorptivity, emissivity = _coating(spec.entry("coating"), age)
    absorbed = _radiator_flux(spec.altitude, beta, absorptivity, emissivity,
                              int(spec.entry("radiator").sides), spec.radiator_case)
    return absorptivity, emissivity, absorbed, _layout_flux(spec, beta, emissivity, age)


def _thermal_chain(spec: SatelliteSpec) -> tuple[float, float]:
    """(evaporator temperature, hottest radiator fluid outlet) of the spec [K]."""
    accelerator_power = spec.entry("accelerator").power
    evaporator = spec.value("junction_limit") - spec.cold_plate_resistance * accelerator_power
    evaporator -= spec.loop_drop + spec.thermal_margin
    chain = evaporator - spec.radiator_drop
    if chain <= 0.0:
        raise InputError(
            f"the thermal chain drops and margin ({spec.value('junction_limit') - chain:.1f} K) "
            f"exceed the junction limit ({spec.value('junction_limit'):.1f} K): lower "
            "cold_plate_resistance, loop_drop, radiator_drop or thermal_margin"
        )
    return evaporator, chain


def environments_of(specs, age: float | None = None, *, errors: str = "raise") -> Columns:
    """:func:`environment_of` of many specs: :class:`~.columns.Columns` of
    :class:`Environment`, every field an array of shape (B,).

    One :func:`environment_of` per distinct environment: rows of a
    :class:`~.columns.SpecColumns` that agree in every input the environment reads (found
    by reading them, :func:`~.columns.per_distinct_row`; the mass limit or server power,
    say, it does not read) share one evaluation. A sweep over the mass limit on five
    orbits costs five evaluations.

    Parameters
    ----------
    specs : SpecColumns or sequence of SatelliteSpec
        The specs; a sequence may mix kinds (each kind is stacked on its own).
    age : float, optional
        As in :func:`environment_of` [yr].
    errors : {"raise", "nan"}
        What a row whose environment cannot be evaluated gets: "raise" raises (the
        message names the row), "nan" gives it an environment of NaN (perturbed specs
        of a sensitivity pass, one of which may leave the physics' domain), which
        :func:`.model.coefficient_values` turns into a NaN row.

    Raises
    ------
    InputError
        A row's environment cannot be evaluated (as :func:`environment_of`) and
        ``errors="raise"``.
    """
    check_choice(errors, "errors", ("raise", "nan"))
    if isinstance(specs, SpecColumns):
        return _stacked_environments(specs, age, None, errors)
    specs = list(specs)
    if not specs:
        raise InputError("specs is empty; valid: one spec or more")
    groups = group_by_kind(specs)
    if len(groups) == 1:
        return _stacked_environments(stacked(specs), age, None, errors)  # one kind
    rows = [None] * len(specs)
    for indices in groups.values():
        envs = _stacked_environments(stacked([specs[i] for i in indices]), age, indices,
                                     errors)  # one kind: grouped above
        for position, index in enumerate(indices):
            rows[index] = envs.items[position]
    return Columns(rows)


def _stacked_environments(columns: SpecColumns, age, indices, errors: str) -> Columns:
    if len(columns) > 1:
        share_panels(columns, age)
    envs = per_distinct_row(columns, _row_environment, age, indices, errors)
    if isinstance(envs, Environment):  # one environment for the whole batch
        return Columns([envs]).take(np.zeros(len(columns), dtype=int))
    return envs


#: the environment of a row that has none (``environments_of(..., errors="nan")``)
MISSING_ENVIRONMENT = Environment(*[math.nan] * len(dataclasses.fields(Environment)))


def _row_environment(row, age, indices, errors: str):
    """:func:`environment_of` of one row of a batch (an error names the row's index in
    the batch, ``indices`` mapping rows of a kind group to it)."""
    try:
        return environment_of(row, age)
    except InputError as error:
        if errors == "nan":
            return MISSING_ENVIRONMENT
        index = row._index if indices is None else indices[row._index]
        raise InputError(f"specs[{index}]: {error}") from error


# ---------------------------------------------------------------- survival (cold) case

SURVIVAL_TEMPERATURE = radiator_panel.SURVIVAL_TEMPERATURE
HEATER_MASS_PER_WATT = radiator_panel.HEATER_MASS_PER_WATT


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _cold_case(coating, altitude: float, beta: float, sides: int) -> tuple[float, float]:
    """(BOL emissivity [-], least absorbed flux per m^2 of planform [W/m^2]).

    The coldest instant of the orbit (eclipse: Earth IR only) in the cold environment
    case, with the new coating (lowest absorptivity): the survival sink. Steady state at
    that instant, which ignores the loop's thermal capacity through the eclipse (safe).
    """
    state = radiator.coating_at_age(coating, 0.0)
    flux = environment.orbit_flux(altitude, beta, state.absorptivity, state.emissivity,
                                  orientation="edge-on", case="cold")
    return float(state.emissivity), sides * float(min(flux.total))


@dataclass(frozen=True)
class Survival:
    """The survival case of a sized design: no IT load, coldest environment (SI)."""

    absorbed_flux: float  # per m^2 of planform [W/m^2]
    internal_heat: float  # pump work and battery discharge losses, no heater [W]
    outlet_unheated: float  # coldest fluid temperature without heaters [K]
    heater_power: float  # heater that holds the coldest fluid at the limit [W]
    outlet_heated: float  # coldest fluid temperature with that heater [K]
    battery_loss_heat: float  # battery discharge loss reaching the loop, heated [W]
    limit: float  # coldest allowed fluid temperature [K]

    @property
    def freezes_unheated(self) -> bool:
        """True when the loop would freeze (ammonia 195.49 K) without heaters."""
        return self.outlet_unheated < radiator_panel.AMMONIA_FREEZING_POINT


def survival(spec: SatelliteSpec, env: Environment, radiator_area: float,
             loop_heat: float) -> Survival:
    """Heater power and loop temperatures in the survival case of a sized design.

    IT off; the pumps keep the design flow (capacity rate C = loop heat / loop_drop) and
    their work heats the fluid; the bus runs from the battery, whose discharge loss
    (1/eta_d - 1 per watt delivered, the heater's share included) reaches the loop
    through the battery's cold plate. The radiator sees the coldest instant of the cold
    case (:func:`_cold_case`). The heater holds the coldest fluid at
    :data:`SURVIVAL_TEMPERATURE` (:func:`thermaldesign.radiator_panel.survival_heater_power`).
    Its power is drawn only with the IT load off, so it never adds to the sized power;
    its mass is in the radiator areal density (``Environment.survival_flux``).
    """
    tech, battery = spec.entry("radiator"), spec.entry("battery")
    loss = 1.0 / battery.discharge_efficiency - 1.0
    pump = spec.pump_power_per_watt * loop_heat
    bus = spec.avionics_power + spec.adcs_power + spec.isl_terminal_count * spec.isl_terminal_power
    internal = pump + loss * (bus + pump)
    capacity_rate = loop_heat / max(spec.loop_drop, 1e-3)
    cold_emissivity, cold_absorbed = _cold_case(spec.entry("coating"), spec.altitude,
                                                env.radiator_beta, int(tech.sides))
    panel = dict(sides=int(tech.sides), fin_efficiency=env.fin_efficiency,
                 absorbed_flux=cold_absorbed)
    unheated = radiator_panel.survival_outlet_temperature(
        radiator_area, internal, capacity_rate, cold_emissivity, **panel)
    needed = radiator_panel.survival_heater_power(
        radiator_area, 0.0, capacity_rate, cold_emissivity,
        minimum_temperature=SURVIVAL_TEMPERATURE, **panel)
    # heater H with its own battery loss: H + internal + loss H = needed
    heater = max(0.0, (needed - internal) / (1.0 + loss))
    heated = radiator_panel.survival_outlet_temperature(
        radiator_area, internal + heater * (1.0 + loss), capacity_rate, cold_emissivity,
        **panel)
    return Survival(cold_absorbed, internal, unheated, heater, heated,
                    loss * (bus + pump + heater), SURVIVAL_TEMPERATURE)


class RadiatorDesign(NamedTuple):
    """The radiator panel behind a spec's coefficients (SI)."""

    fin_factor: float  # effective-area ratio of the fins [-]
    areal_density: float  # panel as built plus added armour [kg/m^2]
    rise: float  # effective minus outlet temperature [K]
    inlet_rise: float  # inlet minus outlet temperature [K]
    armour_thickness: float  # tube wall needed [m]; the tube's own wall if no armour


def radiator_design(spec: SatelliteSpec, outlet: float, emissivity: float,
                    absorbed: float) -> RadiatorDesign:
    """Fin factor, areal density and temperature rise of the spec's radiator panel.

    ``outlet`` is the fluid outlet's radiating (fin-root) temperature [K], emissivity the
    end-of-life coating's [-] and ``absorbed`` the environment per m^2 of planform
    [W/m^2]. See the module docstring for the model and for why the fin optimum per unit
    area can stand in for fin variables in the sizing.
    """
    tech = spec.entry("radiator")
    inlet_rise = spec.loop_drop if spec.panel_profile else 0.0
    fins = spec.entry("fin_material")
    lift = 0.0  # fins optimised without heat-pump lift (module docstring)
    factor, density, wall = float(tech.fin_efficiency), float(tech.areal_density), 0.0
    emission = int(tech.sides) * emissivity * STEFAN_BOLTZMANN * (outlet + lift) ** 4
    if emission * factor <= absorbed:
        # No panel rejects heat this cold: leave the catalog panel for the sizing's
        # infeasibility diagnosis, which names the kelvins missing.
        return RadiatorDesign(factor, density, 0.0, inlet_rise, wall)
    if fins is not None:
        panel = _armoured(spec, fins, fin_root_temperature(spec, outlet) + lift, emissivity,
                          absorbed, int(tech.sides))
        factor = panel.fin.effective_area_ratio
        density += panel.armour_areal_density
        wall = panel.armour_thickness
    if factor * emission / (outlet + lift) ** 4 * outlet**4 <= absorbed:
        return RadiatorDesign(factor, density, 0.0, inlet_rise, wall)
    effective = float(radiator_panel.effective_temperature(
        outlet + inlet_rise, outlet, emissivity, int(tech.sides), factor, absorbed))
    return RadiatorDesign(factor, density, effective - outlet, inlet_rise, wall)


def fin_root_temperature(spec: SatelliteSpec, outlet: float) -> float:
    """Fluid outlet temperature the fins are optimised at [K]: the spec's
    ``fin_design_temperature``, or the chain's hottest ``outlet`` when that is unset."""
    if spec.fin_design_temperature is not None:
        return float(spec.fin_design_temperature)
    return outlet


def debris_inclination(spec: SatelliteSpec) -> float:
    """Inclination the debris flux is evaluated at [deg] (spec docs)."""
    if spec.inclination is not None:
        return spec.inclination
    if spec.orbit == "dawn-dusk":
        return float(orbit.sun_synchronous_inclination(spec.altitude))
    return INCLINED_ORBIT_INCLINATION


#: Inclination assumed for an "inclined" orbit's debris flux [deg]: the Starlink 53 deg
#: shells, the most populated inclined LEO shells.
INCLINED_ORBIT_INCLINATION = 53.0


def _armoured(spec, fins, temperature, emissivity, absorbed, sides):
    """The spec's armoured panel (:func:`~thermaldesign.radiator_panel.shared_armoured_panel`:
    once per distinct inputs, shared with the closure's re-check)."""
    return radiator_panel.shared_armoured_panel(
        **_armour_arguments(spec, fins, temperature, emissivity, absorbed, sides))


def _armour_arguments(spec, fins, temperature, emissivity, absorbed, sides) -> dict:
    """The arguments of the spec's armoured panel, fins optimised at ``temperature`` [K]."""
    return dict(
        fin_material=fins, tube=spec.entry("radiator_tube"),
        base_temperature=temperature, emissivity=emissivity,
        sides=sides, absorbed_flux=absorbed,
        probability=spec.no_penetration_probability,
        module_area=spec.radiator_module_area, years=spec.lifetime_years,
        altitude=spec.altitude, inclination=debris_inclination(spec),
        panel_areal_density=radiator_panel.construction_areal_density(spec.entry("radiator")),
        standoff=spec.armour_standoff)


def _panel_key(spec, age) -> tuple | None:
    """The shared-panel key (:func:`~thermaldesign.radiator_panel.panel_key`) that
    :func:`environment_of` of ``spec`` at ``age`` will look up, or None where it builds
    no fin optimum (no fin material, a chain too cold to reject heat, or an input it
    rejects: :func:`environment_of` then raises or leaves the catalog panel itself)."""
    if spec.entry("fin_material") is None:
        return None
    try:
        beta = _eclipse(spec.altitude, spec.orbit, spec.design_beta, spec.ltan)[3]
        age = spec.lifetime_years if age is None else age
        _, emissivity, absorbed, neighbours = _radiator_environment(spec, beta, age)
        chain = _thermal_chain(spec)[1]
    except InputError:
        return None
    tech = spec.entry("radiator")
    emission = int(tech.sides) * emissivity * STEFAN_BOLTZMANN * chain**4
    if emission * float(tech.fin_efficiency) <= absorbed + neighbours:
        return None  # radiator_design's first early return
    return radiator_panel.panel_key(**_armour_arguments(
        spec, spec.entry("fin_material"), fin_root_temperature(spec, chain), emissivity,
        absorbed + neighbours, int(tech.sides)))


def share_panels(specs, age: float | None = None) -> None:
    """Build the armoured panels of many specs' environments that are not shared yet in
    array calls (:func:`~thermaldesign.radiator_panel.share_armoured_panels`), so the
    :func:`environment_of` calls that follow find them: a panel is ~90 % of a new
    environment's cost. Bit for bit the panels each spec would build alone. At most half
    the shared panels' room is built ahead (the rest build their own), so the panels
    built here are still there when their specs look them up.

    Parameters
    ----------
    specs : SpecColumns or iterable of SatelliteSpec
        The specs (a batch's rows: once per distinct environment inputs).
    age : float, optional
        As in :func:`environment_of` [yr].
    """
    if isinstance(specs, SpecColumns):
        keys: list = []
        per_distinct_row(specs, lambda row: keys.append(_panel_key(row, age)))
    else:
        keys = [_panel_key(spec, age) for spec in specs]
    radiator_panel.share_armoured_panels(key for key in keys if key is not None)


@functools.lru_cache(maxsize=_ENVIRONMENT_CACHE)
def _neighbour_flux(layout: Layout, altitude, beta, emissivity, array, incidence, case, age):
    """IR absorbed from the array and the bus per m^2 of radiator planform [W/m^2]."""
    # the array at its equilibrium in the radiator's design case (that case's solar flux)
    array_temperature = _array(array, incidence, case, altitude, beta, age,
                               environment.design_case(case).solar_flux)[0]
    blanket = BUS_BLANKET
    absorbed = environment.orbit_average_flux(
        altitude, beta, blanket["absorptivity"], blanket["emissivity"], orientation="edge-on",
        case=case,
    )
    bus_temperature = blanket_temperature(float(absorbed), blanket["emissivity"],
                                          blanket["effective_emittance"],
                                          blanket["interior_temperature"])
    return absorbed_from_neighbours(
        layout.view_factors(), emissivity, array_temperature, array.front_emissivity,
        array.back_emissivity, bus_temperature, blanket["emissivity"],
    )


def _layout_flux(spec: SatelliteSpec, beta: float, emissivity: float, age: float) -> float:
    """Neighbour IR of the spec's layout [W/m^2 of planform]; 0 without a layout."""
    if spec.layout is None:
        return 0.0
    layout = spec.layout_of()
    sides = int(spec.entry("radiator").sides)
    if sides != layout.faces:
        raise InputError(
            f"layout {layout.kind!r} radiates from {layout.faces} face(s) per panel but the "
            f"radiator technology has sides = {sides}: choose a matching radiator "
            "(body-mounted: 'body_mounted_honeycomb') or another layout"
        )
    return _neighbour_flux(layout, spec.altitude, beta, emissivity, spec.entry("solar_array"),
                           spec.array_incidence, spec.radiator_case, age)


@functools.lru_cache(maxsize=256)
def eclipse_cycles_per_year(altitude: float, orbit_kind: str, design_beta: float,
                            period: float) -> float:
    """Eclipses a year [1/yr]: orbits on eclipse days (dawn-dusk), every orbit otherwise."""
    year = 365.25 * 86_400.0
    if orbit_kind == "dawn-dusk":
        season = orbit.eclipse_season(altitude, None, 6.0)
        return float(season.days_with_eclipse) * 86_400.0 / period
    eclipsed = float(orbit.eclipse_duration(altitude, design_beta)) > 0.0
    return year / period if eclipsed else 0.0


def _depth_of_discharge(spec: SatelliteSpec, period: float) -> float:
    """Battery depth of discharge per cycle [-]: the catalog's or from the cycle life."""
    if spec.depth_of_discharge_model == "catalog":
        return float(spec.entry("battery").depth_of_discharge)
    cycles = spec.lifetime_years * eclipse_cycles_per_year(
        spec.altitude, spec.orbit, spec.design_beta, period)
    if cycles <= 0.0:
        return float(cycle_life_depth_of_discharge(1.0))  # no cycling: the reserve cap
    return float(cycle_life_depth_of_discharge(cycles))


def inverse_cop(spec: SatelliteSpec, env: Environment, lift: float) -> float:
    """Compressor power per watt lifted, 1/COP = lift / (f_Carnot T_evaporator) [W/W].

    COP = f_Carnot * T_cold / (T_hot - T_cold) with T_cold the evaporator temperature
    and T_hot - T_cold the lift. Zero for no lift (no heat pump).
    """
    return choose(lift > 0.0, lift / (spec.heat_pump_carnot_fraction * env.evaporator_temperature),
                  0.0)


@dataclass(frozen=True)
class Loads:
    """Power and heat of one design point [W] and its eclipse energy need [J]."""

    accelerators: float
    servers: float
    it_power: float
    pump: float
    compressor: float
    payload: float
    conversion_heat: float
    loop_heat: float
    radiator_heat: float
    bus: float
    daylight_load: float
    eclipse_load: float
    array_power: float  # required array output in daylight [W]
    battery_energy: float  # required installed energy [J]
    array_power_no_eclipse: float = 0.0  # array output for a day without eclipse [W]


def eclipse_fractions(spec: SatelliteSpec) -> tuple[float, ...]:
    """The eclipse power fractions a spec allows the sizing to choose from [-].

    A pinned ``eclipse_power_fraction`` or an ``eclipse_mode`` of "battery" (1) or "idle"
    (0) gives one value; ``"optimize"`` gives the bounds (0, 1), between which the
    optimum lies (:mod:`.solve`, eclipse policy).
    """
    if spec.eclipse_power_fraction is not None:
        return (spec.eclipse_power_fraction,)
    return {"battery": (1.0,), "idle": (0.0,)}.get(spec.eclipse_mode, (0.0, 1.0))


def duty_cycle(env: Environment, eclipse_fraction: float) -> float:
    """Fraction of the year's full-power compute an eclipse policy delivers [-].

    1 - phi (1 - e): in the eclipses (year-average time fraction phi) the GPUs run at the
    power fraction e, time-shared (a share e of the accelerators, or of the eclipse, at
    full clock), so compute scales with e.
    """
    return 1.0 - env.mean_eclipse_fraction * (1.0 - eclipse_fraction)


def chip_power(spec: SatelliteSpec, clock: float = 1.0, junction: float | None = None) -> float:
    """Board power of one accelerator at clock fraction x and junction temperature [W].

    The sizing's model of :func:`thermaldesign.accelerator.chip_power_fraction`, with the
    leakage exponent fitted over :data:`JUNCTION_FIT_RANGE`; TDP at x = 1 and the
    catalog junction limit.
    """
    gpu = spec.entry("accelerator")
    junction = gpu.junction_limit if junction is None else junction
    exponent = leakage_exponent_of(gpu)
    return gpu.power * accelerator.chip_power_fraction(
        clock, junction, reference_temperature=gpu.junction_limit,
        static_fraction=gpu.clock_static_fraction, leakage_fraction=gpu.leakage_fraction,
        power_exponent=gpu.clock_power_exponent, leakage_exponent=exponent,
    )


def leakage_exponent_of(gpu) -> float:
    """The leakage monomial exponent c of an accelerator entry (fit over the T_j range)
    [-]; an array (B,) for stacked entries, one fit per distinct entry."""
    return per_distinct_value(_leakage_exponent, gpu.leakage_activation, gpu.junction_limit)


@functools.lru_cache(maxsize=1024)
def _leakage_exponent(activation, junction_limit) -> float:
    return accelerator.leakage_exponent(activation, *JUNCTION_FIT_RANGE, junction_limit)[0]


def _loads_of(spec: SatelliteSpec, env: Environment, it_power: float, lift: float,
              eclipse_fraction: float) -> dict:
    """Every load of an IT power [W] (module doc); affine in ``it_power``.

    On columns (a :class:`~.columns.SpecColumns` and its environments) every load is an
    array (B,); a row whose losses feed back without bound (which raises
    :class:`InfeasibleDesignError` for one spec) is NaN in every load.
    """
    loss = 1.0 / spec.daylight_efficiency - 1.0
    per_lift = inverse_cop(spec, env, lift)
    denominator = 1.0 - spec.pump_power_per_watt * (1.0 + loss) - loss * per_lift
    bounded = denominator > 0.0
    if not everywhere(bounded):
        if not np.ndim(bounded):
            raise InfeasibleDesignError(
                "pump, compressor and conversion losses feed back without bound "
                f"(1 - k(1+r) - r/COP = {denominator:.3g} <= 0): lower pump_power_per_watt, "
                "raise daylight_efficiency or use a smaller heat-pump lift",
                {"daylight_efficiency": 1.0},
            )
        # rows of a batch: evaluated at a stand-in denominator, returned as NaN
        denominator = np.where(bounded, denominator, 1.0)
    loads = _affine_parts(spec, env, it_power, eclipse_fraction, per_lift, denominator)
    if everywhere(bounded):
        return loads
    return {name: np.where(bounded, value, np.nan) for name, value in loads.items()}


def _affine_parts(spec, env, it_power, eclipse_fraction, per_lift, denominator) -> dict:
    """The loads of :func:`_loads_of` given 1/COP and 1 - k(1+r) - r/COP > 0."""
    battery = spec.entry("battery")
    loss = 1.0 / spec.daylight_efficiency - 1.0
    loop_heat = it_power * (1.0 + loss) / denominator
    pump = spec.pump_power_per_watt * loop_heat
    compressor = per_lift * loop_heat
    payload = it_power + pump + compressor
    bus = (
        spec.avionics_power
        + spec.isl_terminal_count * spec.isl_terminal_power
        + attitude_power(spec)
    )
    share = spec.idle_power_fraction + (1.0 - spec.idle_power_fraction) * eclipse_fraction
    daylight, eclipse = payload + bus, share * payload + bus
    # The battery sits on the loop's cold plate: its discharge loss, (1/eta_d - 1) of the
    # eclipse load over the design eclipse, reaches the radiator (orbit average).
    battery_heat = ((1.0 / battery.discharge_efficiency - 1.0) * eclipse
                    * env.eclipse_duration / env.period)
    return {
        "it_power": it_power, "pump": pump, "compressor": compressor, "payload": payload,
        "conversion_heat": power.conditioning_heat(payload, spec.daylight_efficiency),
        "loop_heat": loop_heat, "radiator_heat": loop_heat + compressor + battery_heat,
        "bus": bus,
        "daylight_load": daylight, "eclipse_load": eclipse,
        "array_power": power.array_power_required(
            daylight, eclipse, env.daylight_duration, env.eclipse_duration,
            spec.daylight_efficiency, spec.eclipse_efficiency,
        ),
        "battery_energy": power.battery_capacity(
            eclipse, env.eclipse_duration,
            discharge_efficiency=battery.discharge_efficiency,
            depth_of_discharge=env.depth_of_discharge,
        ),
        # a day without eclipse (SMAD eq. 11-5 with T_e = 0): the aphelion power case
        "array_power_no_eclipse": daylight / spec.daylight_efficiency,
    }


def affine_loads(spec: SatelliteSpec, env: Environment, lift: float = 0.0,
                 eclipse_fraction: float = 1.0) -> tuple[dict, dict]:
    """(slope per W of IT power, value at zero IT power) of every load."""
    one = _loads_of(spec, env, 1.0, lift, eclipse_fraction)
    zero = _loads_of(spec, env, 0.0, lift, eclipse_fraction)
    return {k: one[k] - zero[k] for k in one}, zero


def loads(spec: SatelliteSpec, env: Environment, gpu_count: float, lift: float = 0.0, *,
          clock: float = 1.0, junction: float | None = None,
          eclipse_fraction: float = 1.0) -> Loads:
    """Loads of ``gpu_count`` accelerators at a clock fraction [-], junction temperature
    [K] (None: the catalog limit), heat-pump ``lift`` [K] and eclipse power fraction [-].

    IT power per GPU is the board power :func:`chip_power` plus the space-native host
    share ``server_power``. On columns (:func:`environments_of`; the design quantities
    arrays (B,) or shared) every load is an array (B,). Uses
    :func:`thermaldesign.power.array_power_required` (SMAD eq. 11-5),
    :func:`~thermaldesign.power.battery_capacity` (SMAD eq. 11-11) and
    :func:`~thermaldesign.power.conditioning_heat`.
    """
    accelerators = gpu_count * chip_power(spec, clock, junction)
    servers = gpu_count * spec.value("server_power")
    parts = _loads_of(spec, env, accelerators + servers, lift, eclipse_fraction)
    return Loads(accelerators=accelerators, servers=servers, **parts)


def total(values) -> float:
    """The exactly rounded sum (:func:`math.fsum`) of numbers; over a batch, the plain
    sum of the columns (to roundoff, ~1e-16 relative per part)."""
    values = list(values)
    if any(np.ndim(v) for v in values):
        return sum(np.broadcast_arrays(*values))
    return math.fsum(values)


def secondary_masses(spec: SatelliteSpec, subtotal: float) -> tuple[float, float, float]:
    """(dry mass, structure, harness) [kg] around ``subtotal`` [kg], the other parts.

    Structure = max(structure_floor_mass, structure_fraction x dry), harness likewise,
    dry = subtotal + structure + harness. The right side grows with slope at most
    f_s + f_h < 0.9 in dry, so the fixed point is the largest of the four linear
    solutions (each floor taken or not).
    """
    f_s, f_h = spec.structure_fraction, spec.harness_fraction
    a_s, a_h = spec.structure_floor_mass, spec.harness_floor_mass
    dry = larger(larger(subtotal / (1.0 - f_s - f_h), (subtotal + a_s) / (1.0 - f_h)),
                 larger((subtotal + a_h) / (1.0 - f_s), subtotal + a_s + a_h))
    return dry, larger(a_s, f_s * dry), larger(a_h, f_h * dry)


def fixed_mass(spec: SatelliteSpec) -> float:
    """Bus mass that does not scale with the design (avionics, ISL, ADCS, propulsion) [kg]."""
    return (
        spec.avionics_mass
        + spec.isl_terminal_count * spec.isl_terminal_mass
        + _fixed_attitude_mass(spec)
        + spec.propulsion_dry_mass
    )


# one table for the sizing: a batch's columns build their distinct buses at once, and each
# spec's own sizing then finds the same numbers here (see bus.BusTable)
_BUSES = BusTable()


def _scaled_bus(layout, array_density, radiator_density, core_mass, altitude) -> ScaledBus:
    return _BUSES.get(layout, array_density, radiator_density, core_mass, altitude)


def bus_scaling(spec: SatelliteSpec) -> ScaledBus | None:
    """The scaled bus of a spec (:func:`thermaldesign.bus.scaled_bus`); ``None`` if fixed.

    The core (everything but the panels) is taken as the mass limit less the layout's
    panels, for the inertia of the bus body. On a :class:`~.columns.SpecColumns`:
    :class:`~.columns.Columns` of the buses, one :func:`~thermaldesign.bus.scaled_bus`
    per distinct row, kept with the columns.
    """
    if spec.bus_model != "scaled":
        return None
    if not isinstance(spec, SpecColumns):
        # one coefficient evaluation asks ~6 times for its spec's bus: the last spec's is
        # kept (the spec held, so its id stays its own; a spec is not changed once built)
        last = getattr(_LAST_BUS, "spec_bus", None)
        if last is not None and last[0] is spec:
            return last[1]
        found = per_distinct_value(_scaled_bus, *_bus_inputs(spec))
        _LAST_BUS.spec_bus = (spec, found)
        return found
    cache = spec.__dict__.setdefault("_cache", {})
    if "bus" not in cache:
        inputs = _bus_inputs(spec)
        if isinstance(inputs[0], Layout) and any(np.ndim(value) for value in inputs[1:]):
            # a batch's buses on arrays, equal bit for bit to the table's one at a time
            rows = np.broadcast_arrays(*inputs[1:])
            cache["bus"] = scaled_buses(inputs[0], **dict(zip(_BUS_ARGUMENTS, rows,
                                                              strict=True)))
        else:
            cache["bus"] = per_distinct_value(_scaled_bus, *inputs)
    return cache["bus"]


_BUS_ARGUMENTS = ("array_areal_density", "radiator_areal_density", "core_mass", "altitude")
_LAST_BUS = threading.local()  # (spec, its bus) of the last scalar spec, per thread


def _bus_inputs(spec) -> tuple:
    """(layout, array and radiator areal density [kg/m^2], core mass [kg], altitude [m])
    of a spec's scaled bus (:func:`bus_scaling`)."""
    layout = spec.layout_of()
    array_density = as_real(spec.entry("solar_array").areal_density)
    radiator_density = as_real(spec.entry("radiator").areal_density)
    core = larger(0.0, spec.mass_limit - layout.array_area * array_density
                  - layout.radiator_area * radiator_density)
    return layout, array_density, radiator_density, core, spec.altitude


def _fixed_attitude_mass(spec: SatelliteSpec) -> float:
    """ADCS mass independent of the areas: all of it (fixed bus), or sensors + joints [kg]."""
    scaled = bus_scaling(spec)
    if scaled is None:
        return spec.adcs_mass
    return spec.adcs_sensor_mass + scaled.joint_mass


def bus_mass_per_area(spec: SatelliteSpec) -> tuple[float, float]:
    """Wheel mass carried per m^2 of (array, radiator) [kg/m^2]; zeros for a fixed bus."""
    scaled = bus_scaling(spec)
    if scaled is None:
        return 0.0, 0.0
    return scaled.array_mass_per_area, scaled.radiator_mass_per_area


def attitude_power(spec: SatelliteSpec) -> float:
    """Attitude control and rotary-joint power [W]."""
    scaled = bus_scaling(spec)
    if scaled is None:
        return spec.adcs_power
    return spec.adcs_sensor_power + scaled.wheels.power + scaled.joint_power


def mass_parts(
    spec: SatelliteSpec,
    env: Environment,
    load: Loads,
    gpu_count: float,
    array_area: float,
    radiator_area: float,
    battery_energy: float,
    spare_count: float = 0.0,
) -> OrderedDict:
    """Mass roll-up [kg]: parts, harness and structure as fractions of dry mass, propellant.

    ``spare_count`` cold spare accelerators [-] weigh as much as active ones.

    dry = (sum of parts) / (1 - f_harness - f_structure); wet = dry exp(dv / (g0 Isp)).
    On columns each part is an array (B,) or one shared value (summed in numpy, not
    exactly rounded: :func:`total`).
    """
    parts = OrderedDict()
    parts["accelerators"] = gpu_count * spec.value("accelerator_mass")
    parts["spare accelerators"] = spare_count * spec.value("accelerator_mass")
    parts["solar array"] = power.array_mass(array_area, spec.entry("solar_array").areal_density)
    parts["radiator"] = radiator_area * env.radiator_areal_density
    # none for no (or a roundoff-negative) energy: battery_mass(0) is 0
    parts["battery"] = power.battery_mass(larger(battery_energy, 0.0),
                                          spec.entry("battery").specific_energy)
    parts["thermal loop"] = spec.thermal_loop_mass_per_watt * load.loop_heat
    parts["heat pump"] = spec.heat_pump_mass_per_watt * load.compressor
    parts["power conditioning"] = (
        spec.power_conditioning_mass_per_watt * array_area * env.array_power_density
    )
    parts["avionics"] = spec.avionics_mass
    parts["laser terminals"] = spec.isl_terminal_count * spec.isl_terminal_mass
    per_array, per_radiator = bus_mass_per_area(spec)
    scaled = bus_scaling(spec)
    parts["attitude control"] = (
        spec.adcs_mass if scaled is None
        else spec.adcs_sensor_mass + per_array * array_area + per_radiator * radiator_area
    )
    if scaled is not None:
        parts["rotary joints"] = scaled.joint_mass
    parts["propulsion (dry)"] = spec.propulsion_dry_mass
    dry, structure, harness = secondary_masses(spec, total(parts.values()))
    parts["harness"] = harness
    parts["structure"] = structure
    parts["propellant"] = dry * (spec.rocket_factor - 1.0)
    return parts


def cost_parts(spec: SatelliteSpec, env: Environment, gpu_count, array_area, radiator_area,
               battery_energy, masses: OrderedDict, spare_count: float = 0.0) -> OrderedDict:
    """First-unit hardware cost [USD] and launch cost, in order (spares cost as GPUs)."""
    bus_mass = total(
        masses[key]
        for key in masses
        if key not in ("accelerators", "spare accelerators", "solar array", "radiator",
                       "battery", "propellant")
    )
    parts = OrderedDict()
    parts["accelerators"] = (gpu_count + spare_count) * spec.value("accelerator_cost")
    parts["solar array"] = (
        spec.value("array_cost_per_watt") * array_area * env.array_nameplate_density
    )
    parts["radiator"] = spec.value("radiator_cost_per_area") * radiator_area
    parts["battery"] = spec.value("battery_cost_per_kwh") * battery_energy / JOULES_PER_KWH
    parts["bus"] = spec.bus_cost_per_kg * bus_mass
    parts["launch"] = spec.launch_price_per_kg * total(masses.values())
    return parts


def stowed_volume(spec: SatelliteSpec, masses: OrderedDict, array_area, radiator_area) -> float:
    """Stowed volume [m^3]: folded panels by thickness, everything else by core density."""
    core = total(v for k, v in masses.items() if k not in ("solar array", "radiator"))
    return (
        spec.array_stowed_thickness * array_area
        + spec.radiator_stowed_thickness * radiator_area
        + core / spec.core_density
    )
