"""The satellite specification: every input of the sizing model, in SI units.

A :class:`SatelliteSpec` is a frozen dataclass. Technology fields (accelerator, solar
array, radiator, coating, battery) take a catalog key or a catalog entry object; numeric
fields left at ``None`` take their value from the catalog entry, so a spec always says
where each number comes from (:meth:`SatelliteSpec.source`).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import numbers
import warnings
from dataclasses import dataclass
from typing import Any

from .. import catalog
from .._html import table_html
from .._validation import check_choice, check_positive_int, check_scalar
from ..accelerator import JUNCTION_FIT_RANGE
from ..catalog.entries import ENTRY_TYPES
from ..errors import CatalogError, InputError
from ..layout import LAYOUTS, Layout
from ..orbit import MIN_ALTITUDE, unit_slip_message

__all__ = ["SatelliteSpec", "reference_spec", "ORBITS", "ECLIPSE_MODES", "DESIGN_CASES",
           "BUS_MODELS", "DEPTH_OF_DISCHARGE_MODELS", "BUS_CLASS_FIELDS"]

ORBITS = ("dawn-dusk", "inclined")
ECLIPSE_MODES = ("optimize", "battery", "idle")
DESIGN_CASES = ("hot", "nominal", "cold")
BUS_MODELS = ("fixed", "scaled")
DEPTH_OF_DISCHARGE_MODELS = ("catalog", "cycle-life")
#: The fixed-bus fields a ``bus_class`` fills (the names of the class's catalog fields too).
BUS_CLASS_FIELDS = ("avionics_mass", "avionics_power", "adcs_mass", "adcs_power",
                    "propulsion_dry_mass", "structure_floor_mass", "harness_floor_mass")
#: ``bus_class`` value that picks the class whose launch-mass band holds ``mass_limit``
AUTO_BUS_CLASS = "auto"

# (low, high, low_open, high_open, unit) of every numeric field; None = unbounded.
_BOUNDS: dict[str, tuple] = {
    "server_power": (0.0, 1e4, False, False, "W"),
    "accelerator_mass": (0.0, 1e3, True, False, "kg"),
    "accelerator_cost": (0.0, 1e7, False, False, "USD"),
    "junction_limit": (250.0, 500.0, False, False, "K"),
    "altitude": (160e3, 2000e3, False, False, "m"),
    "design_beta": (-90.0, 90.0, False, False, "deg"),
    "ltan": (0.0, 24.0, False, False, "h"),
    "idle_power_fraction": (0.0, 1.0, False, False, ""),
    "eclipse_power_fraction": (0.0, 1.0, False, False, ""),
    "junction_temperature": (250.0, 500.0, False, False, "K"),
    "clock_fraction": (0.0, 1.0, True, False, ""),
    "coolant_freezing_point": (0.0, 500.0, True, False, "K"),
    "heat_pump_evaporator_approach": (0.0, 100.0, False, False, "K"),
    "heat_pump_condenser_approach": (0.0, 100.0, False, False, "K"),
    "array_incidence": (0.0, 90.0, False, True, "deg"),
    "daylight_efficiency": (0.0, 1.0, True, False, ""),
    "eclipse_efficiency": (0.0, 1.0, True, False, ""),
    "power_conditioning_mass_per_watt": (0.0, 1.0, False, False, "kg/W"),
    "cold_plate_resistance": (0.0, 1.0, False, False, "K/W"),
    "loop_drop": (0.0, 200.0, False, False, "K"),
    "radiator_drop": (0.0, 200.0, False, False, "K"),
    "pump_power_per_watt": (0.0, 0.5, False, False, "W/W"),
    "thermal_loop_mass_per_watt": (0.0, 1.0, False, False, "kg/W"),
    "heat_pump_carnot_fraction": (0.0, 1.0, True, False, ""),
    "heat_pump_max_lift": (0.0, 500.0, True, False, "K"),
    "heat_pump_mass_per_watt": (0.0, 1.0, False, False, "kg/W"),
    "avionics_mass": (0.0, 1e4, False, False, "kg"),
    "avionics_power": (0.0, 1e5, False, False, "W"),
    "isl_terminal_mass": (0.0, 1e3, False, False, "kg"),
    "isl_terminal_power": (0.0, 1e4, False, False, "W"),
    "adcs_mass": (0.0, 1e4, False, False, "kg"),
    "adcs_power": (0.0, 1e5, False, False, "W"),
    "propulsion_dry_mass": (0.0, 1e4, False, False, "kg"),
    "adcs_sensor_mass": (0.0, 1e4, False, False, "kg"),
    "adcs_sensor_power": (0.0, 1e5, False, False, "W"),
    "delta_v": (0.0, 5000.0, False, False, "m/s"),
    "specific_impulse": (100.0, 10000.0, False, False, "s"),
    "harness_fraction": (0.0, 0.5, False, False, ""),
    "structure_fraction": (0.0, 0.6, False, False, ""),
    "structure_floor_mass": (0.0, 1e5, False, False, "kg"),
    "harness_floor_mass": (0.0, 1e5, False, False, "kg"),
    "lifetime_years": (0.0, 30.0, True, False, "yr"),
    "mass_limit": (0.0, 1e6, True, False, "kg"),
    "max_array_area": (0.0, 1e7, True, False, "m^2"),
    "max_radiator_area": (0.0, 1e7, True, False, "m^2"),
    "max_stowed_volume": (0.0, 1e5, True, False, "m^3"),
    "array_stowed_thickness": (0.0, 1.0, True, False, "m"),
    "radiator_stowed_thickness": (0.0, 1.0, True, False, "m"),
    "core_density": (10.0, 2e4, False, False, "kg/m^3"),
    "bus_cost_per_kg": (0.0, 1e7, False, False, "USD/kg"),
    "launch_price_per_kg": (0.0, 1e6, False, False, "USD/kg"),
    "array_cost_per_watt": (0.0, 1e4, False, False, "USD/W"),
    "radiator_cost_per_area": (0.0, 1e7, False, False, "USD/m^2"),
    "battery_cost_per_kwh": (0.0, 1e5, False, False, "USD/kWh"),
    "thermal_margin": (0.0, 50.0, False, False, "K"),
    "no_penetration_probability": (0.0, 1.0, True, True, ""),
    "radiator_module_area": (0.0, 1e5, True, False, "m^2"),
    "inclination": (0.0, 180.0, False, False, "deg"),
    "armour_standoff": (0.0, 1.0, True, False, "m"),
    "fin_design_temperature": (100.0, 1000.0, False, False, "K"),
}

# Sources of the spec's own defaults (catalog-derived fields report the catalog's).
DEFAULT_SOURCES: dict[str, str] = {
    "altitude": "550 km: the Starlink and Suncatcher shell (Suncatcher, arXiv:2511.19468 s. 2)",
    "idle_power_fraction": "estimate: H100 idle ~60-70 W of 700 W TDP (NVIDIA SMI readings)",
    "daylight_efficiency": (
        "estimate: sequential-shunt regulator ~0.97 and point-of-load converters ~0.95; "
        "SMAD Table 11-35 gives 0.80-0.85 for 1990s peak-power-tracking buses"
    ),
    "eclipse_efficiency": (
        "estimate: daylight path times battery charge/discharge ~0.94; SMAD ch. 11 uses 0.60-0.65"
    ),
    "power_conditioning_mass_per_watt": (
        "estimate: 1 kg/kW for high-voltage PCDUs (SMAD Table 11-43 gives 2-4 kg/kW for "
        "older buses)"
    ),
    "cold_plate_resistance": (
        "estimate: 0.035 K/W junction-to-coolant for a 700 W liquid cold plate (about 25 K)"
    ),
    "loop_drop": "estimate: coolant temperature rise along the loop, 10 K",
    "radiator_drop": "estimate: fluid-to-panel-root drop of a pumped-loop panel, 5 K",
    "pump_power_per_watt": "estimate: ISS ETCS pumps ~1 kW for ~70 kW moved (0.014)",
    "thermal_loop_mass_per_watt": "estimate: pumps, lines, fluid, cold-plate manifolds 2 kg/kW",
    "heat_pump_carnot_fraction": (
        "0.5: second-law efficiency on the refrigerant temperatures, 0.5-0.6 (ASHRAE "
        "Handbook Fundamentals ch. 2); measured reservoir-based ratios 0.43-0.59 already "
        "contain the approach differences (docs/research/chip_sources.md s. 4)"
    ),
    "heat_pump_max_lift": "estimate: 80 K practical single-stage lift",
    "heat_pump_evaporator_approach": (
        "5 K: Grzyll et al., AIP Conf. Proc. 552 (2001) 271, low-lift spacecraft heat pump "
        "(cooling at 303.15 K, evaporating at 298.15 K)"
    ),
    "heat_pump_condenser_approach": (
        "estimate: 5 K condenser-to-radiator-loop approach (3-10 K for compact two-phase "
        "exchangers; no spacecraft source found, docs/research/chip_sources.md s. 4)"
    ),
    "coolant_freezing_point": "273.15 K: water-based cold-plate coolant",
    "eclipse_mode": "optimize: the sizing chooses the eclipse power fraction",
    "ltan": "6 h: dawn-dusk with the ascending node at 06:00 (eclipse season in December)",
    "heat_pump_mass_per_watt": "estimate: compressor and controller 5 kg/kW of shaft power",
    "avionics_mass": "estimate: flight computer, C&DH, TT&C for a 2-5 t bus (SMAD Table 10-31)",
    "avionics_power": "estimate (SMAD Table 10-31 scale)",
    "isl_terminal_count": "4 optical terminals (Starlink v2-class)",
    "isl_terminal_mass": "estimate: ~15 kg per 100 Gbps-class optical terminal",
    "isl_terminal_power": "estimate: ~80 W per optical terminal",
    "adcs_mass": "estimate: wheels or CMGs, star trackers for a multi-tonne satellite",
    "adcs_power": "estimate",
    "propulsion_dry_mass": "estimate: Hall thrusters, PPU, tank (Starlink-class)",
    "delta_v": "estimate: drag make-up over 5 yr at 550 km plus deorbit, 300 m/s",
    "specific_impulse": "1500 s: Hall thruster on krypton (SpaceX Starlink)",
    "harness_fraction": "estimate: 5 % of dry mass (SMAD Table 10-31 gives 3-10 %)",
    "structure_fraction": (
        "estimate: 12 % of dry mass for the core; array and radiator areal densities carry "
        "their own panel structure (SMAD Table 10-31 gives ~21 % for whole buses)"
    ),
    "structure_floor_mass": (
        "0: no floor. For a Starlink-class bus, 55 kg = 21 % (structure share of dry mass, "
        "Brown, Elements of Spacecraft Design, AIAA 2002, appendix table: subsystem "
        "on-orbit dry mass allocation guide) of a Starlink v1.0 (~260 kg, SpaceX Starlink "
        "mission press kits, Nov 2019), confidence low; not the default, as the smallest "
        "satellites the studies size (Axiom-class nodes of ~100 kg) are a smaller class "
        "(with it their smallest node grows from 95 to 148 kg)"
    ),
    "harness_floor_mass": (
        "0: no floor. For a Starlink-class bus, 13 kg = 5 % (cabling 3-8 % of dry mass, "
        "Brown 2002, same table) of the same ~260 kg Starlink v1.0, confidence low"
    ),
    "lifetime_years": "5 yr: Starlink design life and GPU refresh cycle",
    "mass_limit": "3000 kg: a few-tonne Starship-class satellite",
    "array_stowed_thickness": "estimate: flat-pack or roll-out array, 1 cm per m^2 stowed",
    "radiator_stowed_thickness": "estimate: folded honeycomb panels, 3 cm per m^2 stowed",
    "core_density": "estimate: 500 kg/m^3 stowed core (Starlink v2 mini ~ 800 kg in ~1.5 m^3)",
    "bus_cost_per_kg": "estimate: mass-produced bus, 3000 USD/kg (Starlink-class ~1000-5000)",
    "launch_price_per_kg": (
        "3600 USD/kg: current price used by Suncatcher (arXiv:2511.19468 Table 1)"
    ),
    "gpu_granularity": "1: any number of accelerators",
    "layout": (
        "in-plane: the radiator in the array's plane, edge-on to the Sun, as flown today "
        "(ISS PVR/HRS beside their arrays): the flight-like default since session 15, when "
        "the scaled bus became cheap enough (a varied sweep sizes ~1.8x slower than with "
        "no layout, was ~30x)"
    ),
    "bus_model": (
        "scaled: attitude control from the layout's inertia and disturbance torques, plus "
        "the rotary joints that keep the radiator edge-on (the flight-like default)"
    ),
    "bus_class": (
        "unset: the fixed-bus fields at their own defaults (one bus for every satellite "
        "mass); a class name or 'auto' takes them from catalog bus_classes"
    ),
    "depth_of_discharge_model": "catalog: the battery entry's depth of discharge",
    "adcs_sensor_mass": (
        "estimate: two star trackers (2-5 kg each), gyros, sun sensors, magnetorquers and "
        "control electronics (component ranges of SMAD 3rd ed. Table 11-13)"
    ),
    "adcs_sensor_power": "estimate: the same components, 10-20 W each (SMAD Table 11-13)",
    "environment": "radiator sized in the hot case, array power in the cold case (Gilmore)",
    "thermal_margin": (
        "10 K: ECSS-E-ST-31C uncertainty margin on calculated temperatures before model "
        "correlation"
    ),
    "panel_profile": "pumped-loop panel: fluid cools by loop_drop from inlet to outlet",
    "fin_material": "aluminium 6061-T6 fins at their mass optimum (radiator_panel.fin_optimum)",
    "radiator_tube": "pumped ammonia tube (ISS HRS/PVR class)",
    "no_penetration_probability": (
        "0.95: ISS photovoltaic radiator requirement (SAE 932151, 1993), here per module "
        "over the design life"
    ),
    "radiator_module_area": "79.2 m^2: one ISS HRS radiator ORU (SAE 951651), isolable",
    "inclination": "unset: sun-synchronous for dawn-dusk, 53 deg (Starlink shell) for inclined",
    "armour_standoff": "unset: tubes as single walls (conservative; no face-sheet bumper)",
    "fin_design_temperature": (
        "unset: the fins are optimised at the hottest fluid outlet the thermal chain allows "
        "(the junction limit at full clock)"
    ),
}


#: per-process caches kept in a spec's __dict__, not pickled: the resolved catalog
#: entries, the stacking kind (columns.kind_of) and the spec whose kind it shares
_PROCESS_CACHES = frozenset({"_entries", "_kind", "_kind_of"})
# the plain number types of a field (bool is not one: a flag is part of a kind)
_NUMBERS = (float, int)


@dataclass(frozen=True)
class SatelliteSpec:
    """Every input of one satellite's sizing problem, in SI units.

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog key of the accelerator, or an :class:`~thermaldesign.catalog.Accelerator`.
    server_power : float or None
        Host CPU, memory and network power per accelerator on a space-native board (no
        fans, no AC-DC supply: conversion losses are counted once, by
        ``daylight_efficiency``) [W]; ``None`` = catalog ``host_power``.
    accelerator_mass : float or None
        Mass per accelerator including its server share [kg]; ``None`` = catalog.
    accelerator_cost : float or None
        Cost per accelerator including its server share [USD]; ``None`` = catalog.
    junction_limit : float or None
        Maximum junction temperature [K]; ``None`` = catalog.
    gpu_granularity : int
        GPUs come in servers of this many [-]; the GPU count is a multiple of it.
    altitude : float
        Circular orbit altitude [m], in [160 km, 2000 km]. A value below 1 km is refused
        as a unit slip (km given for m), naming the altitude it likely meant; an error,
        because no orbit exists there (see :data:`thermaldesign.orbit.MIN_ALTITUDE`).
    orbit : {"dawn-dusk", "inclined"}
        ``"dawn-dusk"``: sun-synchronous, node at 06:00 local time. Power and battery are
        sized for the longest eclipse of the orbit's eclipse season
        (:func:`thermaldesign.orbit.eclipse_season`), so the design closes on every day
        of the year. ``"inclined"``: sized at ``design_beta``.
    ltan : float
        Local time of the ascending node of a dawn-dusk orbit [h], in [0, 24]: 6 puts the
        eclipse season around the December solstice (near perihelion, flux ~1406 W/m^2),
        18 around the June solstice (near aphelion, ~1318 W/m^2).
    design_beta : float
        Beta angle used for an inclined orbit [deg]; the worst (longest) eclipse is at
        the smallest abs(beta) the orbit sees, 0 for most inclined orbits.
    eclipse_mode : {"optimize", "battery", "idle"}
        ``"optimize"``: the sizing chooses the eclipse power fraction.
        ``"battery"``: compute runs through eclipse on batteries (fraction 1). ``"idle"``:
        GPUs idle in eclipse (fraction 0, drawing ``idle_power_fraction`` of their power);
        batteries carry that and the bus.
    eclipse_power_fraction : float or None
        Pin the eclipse power fraction e [-] in [0, 1]: the payload draws
        idle + (1 - idle) e of its daylight power in eclipse and delivers e of its
        compute there; ``None`` = from ``eclipse_mode``.
    idle_power_fraction : float
        Fraction of IT power drawn while idling in eclipse [-].
    junction_temperature : float or None
        Pin the junction operating temperature [K], within the fit range
        (:data:`thermaldesign.accelerator.JUNCTION_FIT_RANGE`) and at most the junction
        limit; ``None`` = a design variable.
    clock_fraction : float or None
        Pin the clock fraction f / f_max [-] within the accelerator's fitted range
        [clock_min_fraction, 1]; ``None`` = a design variable.
    coolant_freezing_point : float
        Freezing point of the cold-plate coolant [K]; the junction limit must exceed it.
    solar_array : str or SolarArray
        Solar array technology.
    array_incidence : float
        Sun incidence angle on the sun-tracking array [deg].
    daylight_efficiency, eclipse_efficiency : float
        Power path efficiencies from array to loads in daylight and, through the battery,
        in eclipse [-] (SMAD X_d, X_e).
    power_conditioning_mass_per_watt : float
        Power conditioning and distribution mass per W of array end-of-life power [kg/W].
    radiator : str or RadiatorTechnology
        Radiator panel technology.
    coating : str, Coating or None
        Radiator surface finish; ``None`` = the technology's coating.
    radiator_case, power_case : {"hot", "nominal", "cold"}
        Environment design cases for the radiator and for the array power (the power
        case gives the albedo and Earth IR; the solar flux is that of the season: the day
        of the longest eclipse for the eclipse case, the year's lowest flux for a day
        without eclipse, both checked). The radiator
        is flown edge-on (its plane holds the Sun line and the local vertical, so no
        direct Sun and the Earth at 90 deg tilt on each face); its absorbed albedo and
        Earth IR are orbit averages (:func:`thermaldesign.environment.orbit_average_flux`)
        at the smallest abs(beta) of the year, with the end-of-life coating.
    cold_plate_resistance : float
        Junction-to-coolant thermal resistance per accelerator at board power [K/W].
    loop_drop, radiator_drop : float
        Coolant temperature rise along the loop, and fluid-to-panel drop [K].
    pump_power_per_watt : float
        Pump power per W of heat moved by the loop [W/W].
    thermal_loop_mass_per_watt : float
        Pumps, lines, fluid and manifolds per W of heat moved [kg/W].
    heat_pump : bool
        Add a vapor-compression heat pump between the loop and the radiator.
    heat_pump_carnot_fraction : float
        Heat pump COP as a fraction of the Carnot COP [-].
    heat_pump_max_lift : float
        Largest temperature lift the heat pump may use [K].
    heat_pump_mass_per_watt : float
        Compressor mass per W of compressor power [kg/W].
    heat_pump_evaporator_approach, heat_pump_condenser_approach : float
        Temperature differences between the coolant and the evaporating refrigerant, and
        between the condensing refrigerant and the radiator loop [K].
    avionics_mass, avionics_power : float
        Flight computer, C&DH and TT&C [kg], [W]; ``bus_class`` fills them when left at
        their defaults.
    isl_terminal_count : int
        Optical inter-satellite link terminals [-].
    isl_terminal_mass, isl_terminal_power : float
        Per terminal [kg], [W].
    adcs_mass, adcs_power : float
        Attitude determination and control of the fixed bus (``bus_model="fixed"``) [kg],
        [W]; the scaled bus sizes its own (``adcs_sensor_mass`` and the wheels).
        ``bus_class`` fills them likewise.
    propulsion_dry_mass : float
        Thrusters, power processing, tanks [kg] (``bus_class`` fills it likewise).
    delta_v : float
        Lifetime velocity change: drag make-up, station keeping, deorbit [m/s].
    specific_impulse : float
        Thruster specific impulse [s].
    harness_fraction, structure_fraction : float
        Harness and core structure as fractions of dry mass [-].
    structure_floor_mass, harness_floor_mass : float
        Floors of the two: structure = max(structure_floor_mass, structure_fraction x dry
        mass), harness likewise [kg]; 0 for no floor (``bus_class`` fills them
        likewise). The floor enters the mass roll-up and the stowed volume; the bus
        cost prices structure and harness at their fractions only (a floor-bound small
        satellite's cost is low by the floor's excess over the fraction times the bus
        cost per kg).
    lifetime_years : float
        Design life; power and coatings are sized for its end [yr].
    mass_limit : float
        Largest wet mass of one satellite [kg]. Below 50 kg a ``UserWarning`` asks whether
        tonnes were meant: a warning, not an error, because a CubeSat-class limit is a
        real satellite (with the bus masses set to match), while 3 for 3 t is a slip.
    max_array_area, max_radiator_area, max_stowed_volume : float or None
        Optional packing limits [m^2], [m^2], [m^3].
    array_stowed_thickness, radiator_stowed_thickness : float
        Stowed volume per m^2 of array and radiator [m].
    core_density : float
        Stowed density of everything else [kg/m^3].
    bus_cost_per_kg : float
        Cost of the bus (all but accelerators, array, radiator, battery) [USD/kg].
    launch_price_per_kg : float
        Launch price [USD/kg].
    array_cost_per_watt, radiator_cost_per_area, battery_cost_per_kwh : float or None
        [USD/W of BOL array power], [USD/m^2], [USD/kWh]; ``None`` = catalog.
    battery : str or Battery
        Battery technology.
    thermal_margin : float
        Uncertainty margin added to every predicted temperature of the thermal chain
        [K], in [0, 50]; ECSS-E-ST-31C asks 10 K before the model is correlated by test.
    panel_profile : bool
        ``True``: the radiator is a pumped-loop panel whose fluid cools by ``loop_drop``
        from inlet to outlet, radiating at its effective temperature
        (:func:`thermaldesign.radiator_panel.effective_temperature`); ``False``: the
        whole panel at the outlet temperature (conservative, the earlier model).
    fin_material : str, FinMaterial or None
        Fin sheet material (``fin_materials`` catalog); the fin factor is then the
        fin-and-tube optimum at the design temperature
        (:func:`thermaldesign.radiator_panel.armoured_panel`). ``None`` = the radiator
        technology's catalog ``fin_efficiency``.
    radiator_tube : str or RadiatorTube
        Fluid tube or heat pipe of the panel (``radiator_tubes`` catalog).
    no_penetration_probability : float or None
        Required probability that no micrometeoroid or debris particle perforates a
        radiator module's tubes over the life [-], in (0, 1); the armour it needs is
        added to the radiator areal density. ``None`` = no armour beyond the tube wall.
    radiator_module_area : float
        Planform of one independently isolable radiator module [m^2].
    inclination : float or None
        Orbit inclination for the debris flux [deg]; ``None`` = sun-synchronous for a
        dawn-dusk orbit, 53 deg for an inclined one.
    armour_standoff : float or None
        ``None``: the tubes' armour is sized as a single wall (conservative). A spacing
        [m], in (0, 1]: the face sheets (half the fin thickness each) are Whipple bumpers
        that far from the tube wall.
    fin_design_temperature : float or None
        Fluid outlet (fin-root) temperature the fins and their armour are optimised at
        [K], in [100, 1000]. ``None``: the hottest outlet the thermal chain allows (the
        junction limit at full clock), which a co-designed chip running cooler does not
        reach; setting it to a design's own outlet (``radiator_temperature`` over the
        panel's profile ratio) designs the fins for that design. The fin factor is taken
        at this temperature whatever the design's radiator temperature.
    layout : None, {"in-plane", "boom", "body-mounted"} or Layout
        Where the radiator sits next to the array and the bus
        (:class:`thermaldesign.layout.Layout`; a name takes that layout's reference
        geometry, 334 m^2 of array and 62 m^2 of radiator: for another satellite give a
        Layout, or let :func:`thermaldesign.sizing.size_with_layout` redraw it at the
        design's areas). The radiator then also absorbs the infrared of the array faces (at
        their own equilibrium temperature in the radiator's design case) and of the bus
        it sees. ``None``: it sees only space and the Earth (the model before issue 14).
        Default ``"in-plane"``, as flown today.
    bus_model : {"fixed", "scaled"}
        ``"fixed"``: ``adcs_mass`` and ``adcs_power`` as given. ``"scaled"``: attitude
        control is ``adcs_sensor_mass`` / ``adcs_sensor_power`` plus reaction wheels
        sized for the layout's inertia and disturbance torques
        (:func:`thermaldesign.bus.attitude_control`), carried per m^2 of array and
        radiator, plus what keeps the radiator edge-on (:func:`thermaldesign.bus.rotary_joint`).
        Needs a layout (``None`` is read as ``"in-plane"``). Default ``"scaled"``.
    adcs_sensor_mass, adcs_sensor_power : float
        Attitude sensors, magnetorquers and electronics of the scaled bus [kg], [W].
    depth_of_discharge_model : {"catalog", "cycle-life"}
        ``"catalog"``: the battery entry's depth of discharge. ``"cycle-life"``: the depth
        that qualified space Li-ion cells sustain for the orbit's eclipse cycles over
        ``lifetime_years`` (:func:`thermaldesign.bus.cycle_life_depth_of_discharge`).
    bus_class : str or None
        Satellite class of the fixed bus (catalog ``bus_classes``: ``"minisat"``,
        ``"medium"``, ``"large"``, ``"very_large"``), or ``"auto"``: the class whose
        launch-mass band holds ``mass_limit`` (an input, so the class's numbers stay
        constants and the sizing a GP). The class fills the fixed-bus fields
        (:data:`BUS_CLASS_FIELDS`: avionics, attitude control, dry propulsion, structure
        and harness floors) that are left at their defaults; a field set to any other
        value wins. A field set to exactly its default value counts as left at it (the
        spec cannot tell the two apart), and a class without a published power leaves
        that power field as it is. The class's ``adcs_mass`` and ``adcs_power`` are a
        whole attitude system, used by ``bus_model="fixed"``; the scaled bus sizes its
        wheels and joints itself around ``adcs_sensor_mass``, which no class changes.
        :meth:`replace` and :meth:`to_dict` keep the filled fields unset, so a new
        ``mass_limit`` under ``"auto"`` picks its class again.
        ``None`` (default): the fields as given, today's single bus.
    """

    # accelerator and server
    accelerator: Any = "h100_sxm"
    server_power: float | None = None
    accelerator_mass: float | None = None
    accelerator_cost: float | None = None
    junction_limit: float | None = None
    gpu_granularity: int = 1
    # orbit
    altitude: float = 550e3
    orbit: str = "dawn-dusk"
    design_beta: float = 0.0
    ltan: float = 6.0
    eclipse_mode: str = "optimize"
    eclipse_power_fraction: float | None = None
    idle_power_fraction: float = 0.1
    junction_temperature: float | None = None
    clock_fraction: float | None = None
    coolant_freezing_point: float = 273.15
    # power
    solar_array: Any = "starlink_silicon"
    array_incidence: float = 0.0
    daylight_efficiency: float = 0.92
    eclipse_efficiency: float = 0.86
    power_conditioning_mass_per_watt: float = 0.001
    battery: Any = "starlink_class"
    # radiator and environment
    radiator: Any = "deployable_heat_pipe"
    coating: Any = None
    radiator_case: str = "hot"
    power_case: str = "cold"
    # thermal chain
    cold_plate_resistance: float = 0.035
    loop_drop: float = 10.0
    radiator_drop: float = 5.0
    pump_power_per_watt: float = 0.014
    thermal_loop_mass_per_watt: float = 0.002
    heat_pump: bool = False
    heat_pump_carnot_fraction: float = 0.5
    heat_pump_max_lift: float = 80.0
    heat_pump_mass_per_watt: float = 0.005
    heat_pump_evaporator_approach: float = 5.0
    heat_pump_condenser_approach: float = 5.0
    # bus
    avionics_mass: float = 40.0
    avionics_power: float = 300.0
    isl_terminal_count: int = 4
    isl_terminal_mass: float = 15.0
    isl_terminal_power: float = 80.0
    adcs_mass: float = 60.0
    adcs_power: float = 150.0
    propulsion_dry_mass: float = 40.0
    delta_v: float = 300.0
    specific_impulse: float = 1500.0
    harness_fraction: float = 0.05
    structure_fraction: float = 0.12
    structure_floor_mass: float = 0.0
    harness_floor_mass: float = 0.0
    # life, limits, packing
    lifetime_years: float = 5.0
    mass_limit: float = 3000.0
    max_array_area: float | None = None
    max_radiator_area: float | None = None
    max_stowed_volume: float | None = None
    array_stowed_thickness: float = 0.01
    radiator_stowed_thickness: float = 0.03
    core_density: float = 500.0
    # cost
    bus_cost_per_kg: float = 3000.0
    launch_price_per_kg: float = 3600.0
    array_cost_per_watt: float | None = None
    radiator_cost_per_area: float | None = None
    battery_cost_per_kwh: float | None = None
    # radiator panel, margins
    thermal_margin: float = 10.0
    panel_profile: bool = True
    fin_material: Any = "aluminium_6061_t6"
    radiator_tube: Any = "ammonia_pumped_tube"
    no_penetration_probability: float | None = 0.95
    radiator_module_area: float = 79.2
    inclination: float | None = None
    armour_standoff: float | None = None
    fin_design_temperature: float | None = None
    # layout, scaled bus and battery cycle life (issue 14)
    layout: Any = "in-plane"
    bus_model: str = "scaled"
    adcs_sensor_mass: float = 15.0
    adcs_sensor_power: float = 40.0
    depth_of_discharge_model: str = "catalog"
    # satellite class of the fixed bus (issue 14)
    bus_class: str | None = None

    def __post_init__(self) -> None:
        check_choice(self.orbit, "orbit", ORBITS)
        check_choice(self.eclipse_mode, "eclipse_mode", ECLIPSE_MODES)
        check_choice(self.radiator_case, "radiator_case", DESIGN_CASES)
        check_choice(self.power_case, "power_case", DESIGN_CASES)
        object.__setattr__(
            self, "gpu_granularity", check_positive_int(self.gpu_granularity, "gpu_granularity")
        )
        object.__setattr__(
            self,
            "isl_terminal_count",
            check_positive_int(self.isl_terminal_count, "isl_terminal_count", minimum=0),
        )
        for flag in ("heat_pump", "panel_profile"):
            if not isinstance(getattr(self, flag), bool):
                raise InputError(f"{flag} must be True or False; got {getattr(self, flag)!r}")
        _refuse_altitude_in_km(self.altitude)
        for name, (low, high, low_open, high_open, unit) in _BOUNDS.items():
            value = getattr(self, name)
            if value is None:
                if name not in _OPTIONAL:
                    raise InputError(f"{name} must be a number; got None")
                continue
            checked = check_scalar(
                value, name, low=low, high=high, low_open=low_open, high_open=high_open,
                unit=unit,
            )
            object.__setattr__(self, name, checked)
        if self.harness_fraction + self.structure_fraction >= 0.9:
            raise InputError(
                f"harness_fraction + structure_fraction = "
                f"{self.harness_fraction + self.structure_fraction:g} is outside the valid "
                "range [0, 0.9): the dry mass would be unbounded"
            )
        if self.mass_limit < _SMALLEST_LIKELY_MASS_LIMIT:
            _warn_mass_limit_in_tonnes(self.mass_limit)
        self._fill_from_bus_class()
        self._check_layout()
        self._check_technologies()
        self._check_chip_operating_point()

    def _fill_from_bus_class(self) -> None:
        """Write the class's numbers into the fixed-bus fields left at their defaults,
        and record which (:meth:`_bus_filled`) for :meth:`replace`, :meth:`to_dict` and
        :meth:`source`."""
        entry = self.bus_class_entry()
        filled = () if entry is None else tuple(
            name for name in BUS_CLASS_FIELDS
            if getattr(self, name) == _FIELD_DEFAULTS[name] and getattr(entry, name) is not None
        )
        for name in filled:
            object.__setattr__(self, name, float(getattr(entry, name)))
        self.__dict__["_bus_filled_fields"] = frozenset(filled)

    def bus_class_entry(self):
        """The :class:`~thermaldesign.catalog.BusClass` of ``bus_class``; ``None`` if unset.

        ``"auto"`` takes the class whose launch-mass band [mass_low, mass_high] holds
        ``mass_limit`` (the lighter class at a shared edge).

        Raises
        ------
        InputError
            ``bus_class`` is not a class name or ``"auto"`` (naming the valid ones), or
            ``"auto"`` with a ``mass_limit`` outside every band (naming the bands).
        """
        name = self.bus_class
        if name is None:
            return None
        classes = catalog.entries("bus_classes")
        valid = ", ".join([AUTO_BUS_CLASS, *classes])
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"bus_class must be None or one of {valid}; got {name!r}")
        if name.strip().lower() == AUTO_BUS_CLASS:
            return _class_of_mass(classes, self.mass_limit)
        try:
            return catalog.get("bus_classes", name)
        except CatalogError:
            near = difflib.get_close_matches(name, [AUTO_BUS_CLASS, *classes], n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(
                f"bus_class = {name!r} is not a satellite class{hint} (valid: None, {valid})"
            ) from None

    def _check_technologies(self) -> None:
        for name, kind in _TECHNOLOGIES.items():
            value = getattr(self, name)
            if value is None and name in _MAY_BE_NONE:
                continue
            if isinstance(value, str):
                if not value.strip():
                    raise InputError(f"{name} must be a catalog key; got {value!r}")
                try:
                    catalog.get(kind, value)
                except CatalogError as error:
                    raise InputError(f"{name} = {value!r}: {error}") from None
                continue
            if getattr(value, "KIND", None) != kind:
                raise InputError(
                    f"{name} must be a '{kind}' catalog key or entry; got {value!r}"
                )

    def _check_chip_operating_point(self) -> None:
        """Pinned clock and junction temperature inside the fits; limit above freezing."""
        gpu = self.entry("accelerator")
        limit = self.value("junction_limit")
        if limit <= self.coolant_freezing_point:
            raise InputError(
                f"junction_limit = {limit:g} K is at or below the coolant's freezing point "
                f"({self.coolant_freezing_point:g} K); valid range "
                f"({self.coolant_freezing_point:g}, 500] K"
            )
        if self.clock_fraction is not None and not (
            gpu.clock_min_fraction <= self.clock_fraction <= 1.0
        ):
            raise InputError(
                f"clock_fraction = {self.clock_fraction:g} is outside the fitted range "
                f"[{gpu.clock_min_fraction:g}, 1] of {gpu.key if hasattr(gpu, 'key') else gpu}"
            )
        low, high = JUNCTION_FIT_RANGE
        high = min(high, limit)
        if self.junction_temperature is not None and not (
            low <= self.junction_temperature <= high
        ):
            raise InputError(
                f"junction_temperature = {self.junction_temperature:g} K is outside the valid "
                f"range [{low:g}, {high:g}] K (the leakage and failure fits, and the junction "
                "limit)"
            )
        if self.eclipse_power_fraction is not None and self.eclipse_mode != "optimize":
            pinned = 1.0 if self.eclipse_mode == "battery" else 0.0
            if self.eclipse_power_fraction != pinned:
                raise InputError(
                    f"eclipse_power_fraction = {self.eclipse_power_fraction:g} contradicts "
                    f"eclipse_mode = {self.eclipse_mode!r} (which means {pinned:g}); set "
                    "eclipse_mode='optimize' to pin another fraction"
                )

    def _check_layout(self) -> None:
        """Resolve a layout name, and check the bus and battery model names."""
        check_choice(self.bus_model, "bus_model", BUS_MODELS)
        check_choice(self.depth_of_discharge_model, "depth_of_discharge_model",
                     DEPTH_OF_DISCHARGE_MODELS)
        if self.layout is None or isinstance(self.layout, Layout):
            return
        if isinstance(self.layout, dict):
            names = {f.name for f in dataclasses.fields(Layout)}
            unknown = sorted(str(k) for k in self.layout if k not in names)
            if unknown:
                raise InputError(f"layout has no field {unknown[0]!r}; its fields are "
                                 f"{', '.join(sorted(names))}")
            object.__setattr__(self, "layout", Layout(**self.layout))
            return
        check_choice(self.layout, "layout", LAYOUTS)

    def layout_of(self) -> Layout | None:
        """The spec's layout as a :class:`~thermaldesign.layout.Layout` (``None``: none).

        A layout name takes that layout's reference geometry; the scaled bus without a
        layout uses the ``"in-plane"`` reference geometry.
        """
        if isinstance(self.layout, Layout):
            return self.layout
        if isinstance(self.layout, str):
            return _named_layout(self.layout)
        return _named_layout("in-plane") if self.bus_model == "scaled" else None

    # ------------------------------------------------------------------ helpers
    def replace(self, **changes: Any) -> SatelliteSpec:
        """Return a copy with ``changes`` applied (validated again).

        Raises
        ------
        InputError
            For an unknown field name or an invalid value.
        """
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            near = difflib.get_close_matches(unknown[0], sorted(names), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(f"SatelliteSpec has no field {unknown[0]!r}{hint}")
        # fields the bus class filled go back to their defaults, to be filled again by
        # the new spec's class (another class when "auto" meets a new mass limit)
        unset = {name: _FIELD_DEFAULTS[name] for name in self._bus_filled()
                 if name not in changes}
        new = dataclasses.replace(self, **unset, **changes)
        # the catalog is immutable, so an entry resolved from an unchanged field is the
        # copy's too: resolved once on the spec a sweep copies, not ~6 lookups a copy
        # (an unset coating is the radiator's)
        own = new.__dict__.setdefault("_entries", {})
        for name in _TECHNOLOGIES:
            if name not in changes and not (name == "coating" and "radiator" in changes):
                own.setdefault(name, self.entry(name))
        if self._bus_filled() == new._bus_filled() and all(
                type(value) in _NUMBERS and type(getattr(self, name)) in _NUMBERS
                for name, value in changes.items()):
            # numbers for numbers: the stacking kind (columns.kind_of) is the root's
            new.__dict__["_kind_of"] = self.__dict__.get("_kind_of", self)
        return new

    def _bus_filled(self) -> frozenset:
        """The fixed-bus fields this spec's bus class filled."""
        return self.__dict__.get("_bus_filled_fields", frozenset())

    def __getstate__(self) -> dict:
        # the resolved catalog entries and the stacking kind (columns.kind_of) are caches
        # of this process: pickles (sweep workers, batches on several processes) carry
        # the fields only
        return {k: v for k, v in self.__dict__.items() if k not in _PROCESS_CACHES}

    def entry(self, name: str):
        """Return the catalog entry of a technology field (resolving a key).

        Parameters
        ----------
        name : str
            The technology field: "accelerator", "solar_array", "radiator", "coating",
            "battery", "fin_material" or "radiator_tube"; ``fin_material`` may resolve
            to ``None``.
        """
        # resolved once per spec (the sizing reads each entry dozens of times)
        resolved = self.__dict__.setdefault("_entries", {})
        if name in resolved:
            return resolved[name]
        check_choice(name, "name", tuple(_TECHNOLOGIES))
        value = getattr(self, name)
        if name == "coating" and value is None:
            value = self.entry("radiator").coating
        entry = catalog.get(_TECHNOLOGIES[name], value) if isinstance(value, str) else value
        resolved[name] = entry
        return entry

    def value(self, name: str) -> float:
        """Return a numeric input, resolving ``None`` to its catalog value [SI]."""
        own = getattr(self, name)
        if own is not None:
            return float(own)
        technology, field_name = _CATALOG_FIELDS[name]
        return float(getattr(self.entry(technology), field_name))

    def source(self, name: str) -> str:
        """Return where an input's value comes from: user, spec default or catalog.

        Parameters
        ----------
        name : str
            A field of this spec.
        """
        field = {f.name: f for f in dataclasses.fields(self)}.get(name)
        if field is None:
            raise InputError(f"SatelliteSpec has no field {name!r}")
        own = getattr(self, name)
        if name in _CATALOG_FIELDS and own is None:
            technology, field_name = _CATALOG_FIELDS[name]
            entry = self.entry(technology)
            prov = entry.provenance(field_name)
            return f"catalog {entry.KIND}/{entry.key}.{field_name}: {prov.source} ({prov.date})"
        if name in self._bus_filled():
            entry = self.bus_class_entry()
            prov = entry.provenance(name)
            return (f"catalog {entry.KIND}/{entry.key}.{name}: {prov.source} ({prov.date})"
                    + (f"; {prov.note}" if prov.note else ""))
        if name in _TECHNOLOGIES:
            entry = self.entry(name)
            if entry is None:  # fin_material=None: the radiator's catalog fin efficiency
                return "spec: radiator technology's catalog fin_efficiency"
            return f"catalog {entry.KIND}/{entry.key}"
        if own == field.default:
            return "spec default: " + DEFAULT_SOURCES.get(name, "see SatelliteSpec docs")
        return "user"

    def sources(self) -> dict[str, str]:
        """Return :meth:`source` for every field: where each input's value comes from."""
        return {f.name: self.source(f.name) for f in dataclasses.fields(self)}

    def unit(self, name: str) -> str:
        """Return the SI unit of a field (``"-"`` dimensionless, ``""`` for a text field).

        Parameters
        ----------
        name : str
            A field of this spec.
        """
        if name not in {f.name for f in dataclasses.fields(self)}:
            raise InputError(f"SatelliteSpec has no field {name!r}")
        if name in _BOUNDS:
            return _BOUNDS[name][4] or "-"
        return "-" if name in _COUNTS else ""

    def rows(self) -> list[tuple[str, Any, str, str]]:
        """Return one row per field: (field, value, unit, source).

        A field left to the catalog (``None``) shows the catalog's value; a technology
        field shows its catalog key (or the name of an inline entry).
        """
        rows = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None and f.name in _CATALOG_FIELDS:
                value = self.value(f.name)
            elif hasattr(value, "KIND"):
                value = getattr(value, "key", None) or getattr(value, "name", repr(value))
            rows.append((f.name, value, self.unit(f.name), self.source(f.name)))
        return rows

    def _repr_html_(self) -> str:
        """Jupyter's rich display: a table of every field with value, unit and source."""
        return table_html([list(row) for row in self.rows()],
                          columns=["field", "value", "unit", "source"],
                          caption="SatelliteSpec")

    def to_dict(self) -> dict[str, Any]:
        """Return the spec as a JSON-ready dict (technology entries as their keys or dicts)."""
        result: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if hasattr(value, "KIND"):
                value = {"kind": value.KIND, **value.to_dict()}
            elif isinstance(value, Layout):
                value = dataclasses.asdict(value)
            elif f.name in self._bus_filled():
                value = f.default  # left to the bus class: from_dict fills it again
            result[f.name] = value
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SatelliteSpec:
        """Inverse of :meth:`to_dict`."""
        values = dict(data)
        for name, kind in _TECHNOLOGIES.items():
            value = values.get(name)
            if isinstance(value, dict):
                fields = {k: v for k, v in value.items() if k != "kind"}
                values[name] = ENTRY_TYPES[kind](**fields)
        return cls(**values)

    @property
    def rocket_factor(self) -> float:
        """Wet mass / dry mass from the rocket equation, exp(dv / (g0 Isp)) [-]."""
        return math.exp(self.delta_v / (_STANDARD_GRAVITY * self.specific_impulse))


#: each field's default, for the bus class's "left at its default" test
_FIELD_DEFAULTS = {f.name: f.default for f in dataclasses.fields(SatelliteSpec)}

_STANDARD_GRAVITY = 9.80665  # [m s^-2], exact by definition (CGPM 1901)

# A mass limit below this [kg] is more likely tonnes typed for kg than a satellite here.
_SMALLEST_LIKELY_MASS_LIMIT = 50.0

# Whole-number fields, dimensionless.
_COUNTS = {"gpu_granularity", "isl_terminal_count"}


@functools.cache
def _named_layout(kind: str) -> Layout:
    """The reference geometry of a layout name (built and checked once)."""
    return Layout(kind=kind)


def _class_of_mass(classes: dict, mass_limit: float):
    """The first (lightest) class whose launch-mass band holds ``mass_limit`` [kg]."""
    for entry in classes.values():
        if entry.holds(mass_limit):
            return entry
    bands = ", ".join(f"{key} [{entry.mass_low:g}, {entry.mass_high:g}] kg"
                      for key, entry in classes.items())
    raise InputError(
        f"bus_class = 'auto': mass_limit = {mass_limit:g} kg is outside every class band "
        f"({bands}); name a class or set the fixed-bus fields"
    )


def _warn_mass_limit_in_tonnes(mass_limit: float) -> None:
    """Warn that a mass limit below 50 kg may be tonnes given for kg, naming the value."""
    message = f"mass_limit = {mass_limit:g} kg: below 50 kg"
    if mass_limit * 1e3 >= _SMALLEST_LIKELY_MASS_LIMIT:  # read as tonnes it is a satellite
        message += f"; did you mean {mass_limit:g} t = {mass_limit * 1e3:g} kg?"
    # stacklevel 4: this function, __post_init__, __init__, then the caller's line.
    warnings.warn(message + " (masses are in kg)", UserWarning, stacklevel=4)


def _refuse_altitude_in_km(altitude) -> None:
    """Raise the unit-slip error for an altitude in (0, 1 km): km given where m is meant."""
    if (isinstance(altitude, numbers.Real) and not isinstance(altitude, bool)
            and 0.0 < altitude < MIN_ALTITUDE):
        low, high = _BOUNDS["altitude"][:2]
        raise InputError(unit_slip_message(float(altitude), low=low, high=high))

_OPTIONAL = {
    "eclipse_power_fraction",
    "junction_temperature",
    "clock_fraction",
    "server_power",
    "accelerator_mass",
    "accelerator_cost",
    "junction_limit",
    "max_array_area",
    "max_radiator_area",
    "max_stowed_volume",
    "array_cost_per_watt",
    "radiator_cost_per_area",
    "battery_cost_per_kwh",
    "no_penetration_probability",
    "inclination",
    "armour_standoff",
    "fin_design_temperature",
}

_TECHNOLOGIES = {
    "accelerator": "accelerators",
    "solar_array": "solar_arrays",
    "radiator": "radiators",
    "coating": "coatings",
    "battery": "batteries",
    "fin_material": "fin_materials",
    "radiator_tube": "radiator_tubes",
}

# Technology fields that may be None (coating: the radiator's own; fin_material: the
# technology's catalog fin efficiency).
_MAY_BE_NONE = ("coating", "fin_material")

# spec field -> (technology field, catalog field) for inputs that default to the catalog
_CATALOG_FIELDS = {
    "server_power": ("accelerator", "host_power"),
    "accelerator_mass": ("accelerator", "mass"),
    "accelerator_cost": ("accelerator", "cost"),
    "junction_limit": ("accelerator", "junction_limit"),
    "array_cost_per_watt": ("solar_array", "cost_per_watt"),
    "radiator_cost_per_area": ("radiator", "cost_per_area"),
    "battery_cost_per_kwh": ("battery", "cost_per_kwh"),
}


def reference_spec() -> SatelliteSpec:
    """Return the reference satellite: H100-class GPUs, dawn-dusk SSO at 550 km, 3 t.

    Returns
    -------
    SatelliteSpec
        The defaults of :class:`SatelliteSpec`, which are this reference.
    """
    return SatelliteSpec()
