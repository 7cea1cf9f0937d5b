"""The thermal network of a sized satellite, flown through its orbit to a periodic state.

A sized design (:class:`thermaldesign.sizing.SatelliteDesign`) fixes heat loads, areas and
masses from one orbit-average balance. This module turns it into a lumped network and flies
it through the orbit with the time-varying environment and the eclipse, to see what the
average hides: the peak junction temperature, the radiator's swing, and whether the pumped
loop comes close to freezing.

Network (one node per accelerator; ``panels`` radiator nodes)::

    junction k  --1/(f R)--  cold plate k  --1/((1-f) R)--  coolant  --G_loop/K--  panel i
    (arithmetic, P_acc)      (C = m_acc c_acc)              (C = m_fluid c_p,       (C, two faces
                                                             servers, pumps,        to space with
                                                             conversion losses)     Earth IR +
                                                                                    albedo)
    solar array (C = m_sa c_sa): sun-pointing front and anti-sun back faces to space.

``R`` is the spec's junction-to-coolant resistance per accelerator and ``f`` the share of
it inside the package (junction to cold plate). ``G_loop`` lumps the coolant's rise along the
loop and the fluid-to-panel drop: it is sized so that at the design heat load the coolant
sits ``loop_drop + radiator_drop`` above the panels, as the sizing model assumes. The panels
are flown edge-on (their plane holds the Sun line and the local vertical): no direct Sun,
Earth IR and albedo on both faces (:func:`thermaldesign.environment.orbit_flux`); they emit
with the fin efficiency and absorb on their full area (the sizing convention), plus, with
a layout, the array's and bus's infrared the sizing counts (``neighbour_flux``). The solar
array's cells convert the fraction ``array_efficiency`` of the sunlight and albedo they
intercept to electricity, which leaves the array: its front has the effective solar
absorptivity alpha - eta_el (Gilmore 2002, ch. 2).

Not modelled: the coolant's transport delay and its temperature gradient along the loop
(one mixed node), conduction between panels, the battery and the bus as heat sources, the
radiative exchange between the array, the radiator and the body as nodes (a layout's
infrared enters the radiator as the sizing's constant design-case flux; the array and
body do not see the radiator back), the change of cell efficiency with temperature within
the orbit.

References
----------
Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed. (2002), ch. 2
(environment), 6 (radiators), 15 (thermal networks).
Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), ch. 11.
"""

from __future__ import annotations

import math
import warnings
from collections import OrderedDict
from dataclasses import asdict, dataclass, field

import numpy as np

from . import environment, orbit
from ._validation import check_choice, check_positive_int, check_scalar
from .constants import DEEP_SPACE_TEMPERATURE, SOLAR_CONSTANT
from .errors import InputError
from .network import Profile, SteadyState, ThermalNetwork, Transient
from .sizing.evaluate import environment_of  # the sizing's own environment (EOL)

__all__ = [
    "COOLANTS",
    "Coolant",
    "SatelliteThermalParameters",
    "SatelliteThermalResult",
    "coolant",
    "parameters_from_design",
    "satellite_network",
    "simulate_satellite",
]


@dataclass(frozen=True)
class Coolant:
    """A pumped-loop coolant.

    Attributes
    ----------
    key, name : str
    freezing_point : float
        Freezing (or triple) point at loop pressures [K].
    specific_heat : float
        Liquid specific heat near 0-20 C [J/(kg K)].
    source : str
    """

    key: str
    name: str
    freezing_point: float
    specific_heat: float
    source: str


COOLANTS: dict[str, Coolant] = {
    "water": Coolant(
        "water", "water", 273.15, 4184.0,
        "freezing point 0 C at 1 atm; c_p 4.18 kJ/(kg K) at 20 C: NIST Chemistry WebBook, "
        "SRD 69 (fluid properties of water, IAPWS-95)"),
    "propylene_glycol_50": Coolant(
        "propylene_glycol_50", "propylene glycol / water, 50 % by volume", 273.15 - 33.3,
        3560.0,
        "freezing point -33.3 C: Lange's Handbook of Chemistry, 15th ed. (1999), Table 5.13; "
        "c_p about 3.56 kJ/(kg K) at 20 C: ASHRAE Handbook - Fundamentals (2017), ch. 31 "
        "(propylene glycol solutions)"),
    "ammonia": Coolant(
        "ammonia", "ammonia (anhydrous)", 195.49, 4700.0,
        "triple point 195.49 K; liquid c_p about 4.7 kJ/(kg K) at 0-20 C: NIST Chemistry "
        "WebBook, SRD 69; the ISS External Active Thermal Control System coolant"),
}


def coolant(name) -> Coolant:
    """The :class:`Coolant` of ``name`` (a key of :data:`COOLANTS`) or the object itself."""
    if isinstance(name, Coolant):
        return name
    return COOLANTS[check_choice(name, "coolant", list(COOLANTS))]


# Specific heats [J/(kg K)]: aluminium 903 (Incropera & DeWitt, Fundamentals of Heat and
# Mass Transfer, 6th ed., Table A.1); an accelerator-and-server assembly of copper (385),
# aluminium (903), silicon (712) and FR-4 (~1100) taken as 700 (estimate); a solar array
# of cells, cover glass, face sheets and honeycomb as 900 (estimate).
ALUMINIUM_SPECIFIC_HEAT = 903.0
ASSEMBLY_SPECIFIC_HEAT = 700.0
ARRAY_SPECIFIC_HEAT = 900.0


@dataclass(frozen=True)
class SatelliteThermalParameters:
    """Everything the satellite network needs, in SI units (see the module docstring).

    Attributes
    ----------
    altitude : float
        Circular orbit altitude [m].
    beta : float
        Beta angle of the simulated orbit [deg].
    gpu_count : int
        Accelerators [-].
    accelerator_power, server_power : float
        Board power of one accelerator and its host share [W].
    other_heat : float
        Pumps, power conversion losses and any other heat into the coolant [W].
    eclipse_mode : {"battery", "idle"}
        Compute through eclipse, or idle at ``idle_power_fraction`` of IT power.
    idle_power_fraction : float
        [-].
    cold_plate_resistance : float
        Junction-to-coolant resistance per accelerator [K/W].
    package_share : float
        Share of it from junction to cold plate [-], in (0, 1).
    chain_drop : float
        Coolant-to-panel temperature difference at the design heat load [K].
    junction_limit : float
        [K].
    accelerator_mass : float
        Per accelerator, with its server share [kg].
    coolant_mass : float
        Fluid in the loop [kg].
    radiator_area : float
        Panel planform [m^2].
    radiator_mass : float
        [kg].
    radiator_sides : int
        Radiating faces per panel [-].
    radiator_absorptivity, radiator_emissivity, fin_efficiency : float
        [-].
    array_area, array_mass : float
        [m^2], [kg].
    array_absorptivity, array_front_emissivity, array_back_emissivity : float
        [-].
    array_efficiency : float
        Fraction of the intercepted sunlight delivered as electricity [-].
    array_incidence : float
        Sun incidence on the array [deg].
    case : {"hot", "nominal", "cold"}
        Environment design case (:func:`thermaldesign.environment.design_case`).
    panels : int
        Radiator nodes [-].
    heater_power : float
        Coolant heater power, thermostat at 10-15 K above freezing [W]; 0 = none.
    neighbour_flux : float
        Infrared of the array and bus a layout puts in the radiator's view, absorbed per
        m^2 of radiator planform [W/m^2], >= 0; held at the sizing's design-case value
        through the orbit (the array's back face cools in eclipse: conservative, as the
        sizing is). 0 = no layout.
    """

    altitude: float
    beta: float
    gpu_count: int
    accelerator_power: float
    server_power: float
    other_heat: float
    cold_plate_resistance: float
    chain_drop: float
    junction_limit: float
    accelerator_mass: float
    coolant_mass: float
    radiator_area: float
    radiator_mass: float
    radiator_absorptivity: float
    radiator_emissivity: float
    array_area: float
    array_mass: float
    array_absorptivity: float
    array_front_emissivity: float
    array_back_emissivity: float
    array_efficiency: float
    radiator_sides: int = 2
    fin_efficiency: float = 1.0
    eclipse_mode: str = "battery"
    idle_power_fraction: float = 0.1
    package_share: float = 0.5
    array_incidence: float = 0.0
    case: str = "hot"
    panels: int = 4
    heater_power: float = 0.0
    neighbour_flux: float = 0.0

    def __post_init__(self):
        positive = dict(low=0.0, low_open=True)
        fraction = dict(low=0.0, high=1.0)
        bounds = {
            "altitude": dict(low=100e3, high=1e8, unit="m"), "beta": dict(low=-90.0, high=90.0),
            "accelerator_power": dict(positive, unit="W"), "server_power": dict(low=0.0),
            "other_heat": dict(low=0.0), "cold_plate_resistance": dict(positive),
            "chain_drop": dict(positive, unit="K"), "junction_limit": dict(positive),
            "accelerator_mass": dict(positive), "coolant_mass": dict(positive),
            "radiator_area": dict(positive), "radiator_mass": dict(positive),
            "radiator_absorptivity": fraction, "radiator_emissivity": dict(positive, high=1.0),
            "array_area": dict(positive), "array_mass": dict(positive),
            "array_absorptivity": fraction,
            "array_front_emissivity": dict(positive, high=1.0),
            "array_back_emissivity": dict(positive, high=1.0),
            "array_efficiency": fraction, "fin_efficiency": dict(positive, high=1.0),
            "idle_power_fraction": fraction,
            "package_share": dict(low=0.0, high=1.0, low_open=True, high_open=True),
            "array_incidence": dict(low=0.0, high=90.0, high_open=True),
            "heater_power": dict(low=0.0),
            "neighbour_flux": dict(low=0.0),
        }
        for name, limits in bounds.items():
            object.__setattr__(self, name, check_scalar(getattr(self, name), name, **limits))
        for name in ("gpu_count", "radiator_sides", "panels"):
            object.__setattr__(self, name, check_positive_int(getattr(self, name), name))
        if self.radiator_sides > 2:
            raise InputError(f"radiator_sides = {self.radiator_sides} is outside [1, 2]")
        check_choice(self.eclipse_mode, "eclipse_mode", ("battery", "idle"))
        check_choice(self.case, "case", ("hot", "nominal", "cold"))
        if self.array_efficiency > self.array_absorptivity:
            raise InputError(
                f"array_efficiency = {self.array_efficiency:g} exceeds array_absorptivity = "
                f"{self.array_absorptivity:g}: the array cannot deliver more than it absorbs")

    def replace(self, **changes) -> SatelliteThermalParameters:
        """A copy with some fields changed."""
        values = asdict(self)
        values.update(changes)
        return SatelliteThermalParameters(**values)


def parameters_from_design(design, *, coolant_mass_fraction: float = 0.4,
                           beta: float | None = None, case: str | None = None,
                           panels: int = 4, package_share: float = 0.5,
                           heater_power: float = 0.0) -> SatelliteThermalParameters:
    """Network parameters of a sized :class:`~thermaldesign.sizing.SatelliteDesign`.

    Parameters
    ----------
    design : SatelliteDesign
        A sized design (its ``spec``, ``gpu_count``, areas, breakdowns).
    coolant_mass_fraction : float, optional
        Share of the design's "thermal loop" mass that is fluid [-] (estimate: pumps,
        lines and manifolds carry the rest).
    beta : float, optional
        Beta angle to fly [deg]; default: the sizing's design beta (the smallest abs(beta)
        of the year, whose eclipse is the longest).
    case : str, optional
        Environment case; default: the spec's ``radiator_case``.
    panels : int, optional
        Radiator nodes [-].
    package_share : float, optional
        Share of the junction-to-coolant resistance inside the package [-].
    heater_power : float, optional
        Coolant heater [W].

    Returns
    -------
    SatelliteThermalParameters
        End-of-life optical properties, loads at the design point.
    """
    spec = design.spec
    env = environment_of(spec)
    coolant_mass_fraction = check_scalar(coolant_mass_fraction, "coolant_mass_fraction",
                                         low=0.0, high=1.0, low_open=True)
    accelerator = spec.entry("accelerator")
    array = spec.entry("solar_array")
    heat = design.heat_breakdown
    gpu_count = int(round(design.gpu_count))
    it_heat = heat.get("accelerators and servers", design.it_power)
    other = max(heat.get("to radiator", it_heat) - it_heat, 0.0)
    loop_mass = design.mass_breakdown.get("thermal loop", 0.0)
    # The array converts what the sizing says it delivers at end of life: the EOL power
    # density over the sunlight it intercepts.
    intercepted = SOLAR_CONSTANT * math.cos(math.radians(spec.array_incidence))
    efficiency = min(env.array_power_density / intercepted, array.absorptivity)
    return SatelliteThermalParameters(
        altitude=spec.altitude,
        beta=env.radiator_beta if beta is None else beta,
        gpu_count=max(gpu_count, 1),
        # the board power at the design's clock and junction temperature
        accelerator_power=(design.chip_power if math.isfinite(design.chip_power)
                           else accelerator.power),
        server_power=spec.value("server_power"),
        other_heat=other,
        cold_plate_resistance=spec.cold_plate_resistance,
        chain_drop=spec.loop_drop + spec.radiator_drop,
        junction_limit=spec.value("junction_limit"),
        accelerator_mass=spec.value("accelerator_mass"),
        coolant_mass=max(coolant_mass_fraction * loop_mass, 1e-3),
        radiator_area=design.radiator_area,
        radiator_mass=max(design.mass_breakdown.get("radiator", 0.0), 1e-3),
        radiator_sides=env.sides,
        radiator_absorptivity=env.absorptivity,
        radiator_emissivity=env.emissivity,
        fin_efficiency=env.fin_efficiency,
        array_area=design.solar_array_area,
        array_mass=max(design.mass_breakdown.get("solar array", 0.0), 1e-3),
        array_absorptivity=array.absorptivity,
        array_front_emissivity=array.front_emissivity,
        array_back_emissivity=array.back_emissivity,
        array_efficiency=efficiency,
        array_incidence=spec.array_incidence,
        # the design's eclipse policy: draw idle + (1 - idle) e of the power in eclipse
        eclipse_mode="battery" if design.eclipse_power_fraction >= 1.0 else "idle",
        idle_power_fraction=spec.idle_power_fraction
        + (1.0 - spec.idle_power_fraction) * design.eclipse_power_fraction,
        package_share=package_share,
        case=spec.radiator_case if case is None else case,
        panels=panels,
        neighbour_flux=env.neighbour_flux,
        heater_power=heater_power,
    )


def _periodic(times, values, period, name):
    return Profile(np.append(times, times[0] + period), np.append(values, values[0]),
                   periodic=True, name=name)


def _sunlight(period: float, eclipse: float, value: float, name: str):
    """``value`` in sunlight, 0 in the eclipse centred on orbit midnight (t = period / 2)."""
    if eclipse <= 0.0:
        return value
    start, end = 0.5 * (period - eclipse), 0.5 * (period + eclipse)
    return Profile([0.0, start, start, end, end, period], [value, value, 0.0, 0.0, value, value],
                   periodic=True, name=name)


def satellite_network(parameters: SatelliteThermalParameters, coolant_name="ammonia"):
    """Build the lumped network of a satellite (see the module docstring).

    Parameters
    ----------
    parameters : SatelliteThermalParameters
        Loads, areas, masses, optics and orbit [SI].
    coolant_name : str or Coolant, optional
        Loop coolant (:data:`COOLANTS`).

    Returns
    -------
    network : ThermalNetwork
        Nodes ``junction k``, ``cold plate k``, ``coolant``, ``radiator i``, ``solar array``
        and the ``space`` boundary; time 0 is orbit noon.
    info : dict
        ``period`` [s], ``eclipse_duration`` [s], node name lists and the coolant.
    """
    p = parameters
    fluid = coolant(coolant_name)
    period = float(orbit.period(p.altitude))
    eclipse = float(orbit.eclipse_fraction(p.altitude, p.beta)) * period
    case = environment.design_case(p.case)
    net = ThermalNetwork()
    net.add_boundary("space", DEEP_SPACE_TEMPERATURE)

    # Accelerators: package resistance to a cold plate carrying the assembly's mass.
    idle = p.idle_power_fraction if p.eclipse_mode == "idle" else 1.0
    board = p.accelerator_power if idle == 1.0 else Profile(
        *_eclipse_samples(period, eclipse, p.accelerator_power, idle * p.accelerator_power),
        periodic=True, name="accelerator power")
    junctions = [f"junction {k}" for k in range(p.gpu_count)]
    plates = [f"cold plate {k}" for k in range(p.gpu_count)]
    start = 300.0
    for junction, plate in zip(junctions, plates, strict=True):
        net.add_node(junction, power=board, temperature=start)
        net.add_node(plate, capacitance=p.accelerator_mass * ASSEMBLY_SPECIFIC_HEAT,
                     temperature=start)
        net.add_conductance(junction, plate, 1.0 / (p.package_share * p.cold_plate_resistance))
    servers = p.gpu_count * p.server_power
    coolant_power = servers + p.other_heat
    if idle != 1.0 and coolant_power > 0:
        coolant_power = Profile(*_eclipse_samples(period, eclipse, coolant_power,
                                                  idle * servers + p.other_heat),
                                periodic=True, name="coolant heat")
    net.add_node("coolant", capacitance=p.coolant_mass * fluid.specific_heat,
                 power=coolant_power, temperature=start)
    for plate in plates:
        net.add_conductance(plate, "coolant",
                            1.0 / ((1.0 - p.package_share) * p.cold_plate_resistance))
    if p.heater_power > 0:
        net.add_heater("coolant", p.heater_power, on_below=fluid.freezing_point + 10.0,
                       off_above=fluid.freezing_point + 15.0)

    # Radiator panels, edge-on: Earth IR and albedo on each face, emission with the fin
    # efficiency. The loop conductance reproduces the sizing's drops at the design load.
    design_heat = p.gpu_count * (p.accelerator_power + p.server_power) + p.other_heat
    loop_conductance = design_heat / p.chain_drop
    face = environment.orbit_flux(p.altitude, p.beta, p.radiator_absorptivity,
                                  p.radiator_emissivity, orientation="edge-on", samples=360,
                                  case=case)
    albedo_cosine = np.maximum(0.0, math.cos(math.radians(p.beta))
                               * np.cos(np.radians(face.orbit_angle)))
    radiator_view = _periodic(face.times, face.earth_view_factor, period, "radiator view")
    radiator_albedo = _periodic(face.times, albedo_cosine, period, "albedo cosine")
    panels = [f"radiator {i}" for i in range(p.panels)]
    panel_area = p.radiator_area / p.panels
    for panel in panels:
        net.add_node(panel, capacitance=p.radiator_mass / p.panels * ALUMINIUM_SPECIFIC_HEAT,
                     temperature=start, power=p.neighbour_flux * panel_area)
        net.add_conductance("coolant", panel, loop_conductance / p.panels)
        for side in range(p.radiator_sides):
            net.add_surface(panel, panel_area, p.radiator_absorptivity, p.radiator_emissivity,
                            earth_view_factor=radiator_view, albedo_cosine=radiator_albedo,
                            albedo=case.albedo, earth_ir=case.earth_ir,
                            solar_flux=case.solar_flux, fin_efficiency=p.fin_efficiency,
                            name=f"{panel} face {side}")

    # Solar array: sun-pointing front (less the electricity it exports), anti-sun back.
    net.add_node("solar array", capacitance=p.array_mass * ARRAY_SPECIFIC_HEAT,
                 temperature=start)
    incidence = math.cos(math.radians(p.array_incidence))
    sunlit = _sunlight(period, eclipse, incidence, "array solar cosine")
    for orientation, emissivity, solar in (("sun-pointing", p.array_front_emissivity, sunlit),
                                           ("anti-sun", p.array_back_emissivity, 0.0)):
        flux = environment.orbit_flux(p.altitude, p.beta, p.array_absorptivity, emissivity,
                                      orientation=orientation, samples=360, case=case)
        net.add_surface("solar array", p.array_area, p.array_absorptivity - p.array_efficiency
                        if orientation == "sun-pointing" else p.array_absorptivity,
                        emissivity, solar_cosine=solar,
                        earth_view_factor=_periodic(flux.times, flux.earth_view_factor, period,
                                                    f"array {orientation} view"),
                        albedo_cosine=radiator_albedo, albedo=case.albedo,
                        earth_ir=case.earth_ir, solar_flux=case.solar_flux,
                        name=f"solar array {orientation}")
    info = {"period": period, "eclipse_duration": eclipse, "junctions": junctions,
            "cold_plates": plates, "panels": panels, "coolant": fluid}
    return net, info


def _eclipse_samples(period, eclipse, sunlit_value, eclipse_value):
    if eclipse <= 0.0:
        return [0.0, period], [sunlit_value, sunlit_value]
    start, end = 0.5 * (period - eclipse), 0.5 * (period + eclipse)
    return ([0.0, start, start, end, end, period],
            [sunlit_value, sunlit_value, eclipse_value, eclipse_value, sunlit_value,
             sunlit_value])


@dataclass(frozen=True)
class SatelliteThermalResult:
    """A satellite flown through its orbit to a periodic state.

    Attributes
    ----------
    parameters : SatelliteThermalParameters
    coolant : Coolant
    period, eclipse_duration : float
        [s].
    orbits : int
        Orbits flown after the orbit-average steady start [-].
    periodic_change : float
        Largest change of any node over the last orbit [K].
    periodic_tolerance : float
        The change below which the state counts as periodic [K]; see ``converged``.
    peak_junction_temperature, junction_limit, junction_margin : float
        [K]; margin = limit - peak.
    radiator_temperature_range, coolant_temperature_range, array_temperature_range : tuple
        (min, max) over the last orbit [K].
    freezing_margin : float
        Coolant minimum minus its freezing point [K].
    average : SteadyState
        Orbit-average steady state (the start).
    last_orbit : Transient
        The last orbit (time from its start [s]).
    network : ThermalNetwork
    """

    parameters: SatelliteThermalParameters
    coolant: Coolant
    period: float
    eclipse_duration: float
    orbits: int
    periodic_change: float
    periodic_tolerance: float
    peak_junction_temperature: float
    junction_limit: float
    junction_margin: float
    radiator_temperature_range: tuple
    coolant_temperature_range: tuple
    array_temperature_range: tuple
    freezing_margin: float
    average: SteadyState = field(repr=False)
    last_orbit: Transient = field(repr=False)
    network: ThermalNetwork = field(repr=False)

    @property
    def converged(self) -> bool:
        """Whether the last orbit repeated the one before to ``periodic_tolerance``."""
        return self.periodic_change <= self.periodic_tolerance

    def to_dict(self) -> dict:
        """Headline numbers (SI units)."""
        return OrderedDict(
            period=self.period, eclipse_duration=self.eclipse_duration, orbits=self.orbits,
            periodic_change=self.periodic_change, converged=self.converged,
            peak_junction_temperature=self.peak_junction_temperature,
            junction_limit=self.junction_limit, junction_margin=self.junction_margin,
            radiator_temperature_min=self.radiator_temperature_range[0],
            radiator_temperature_max=self.radiator_temperature_range[1],
            coolant=self.coolant.key,
            coolant_temperature_min=self.coolant_temperature_range[0],
            coolant_temperature_max=self.coolant_temperature_range[1],
            freezing_point=self.coolant.freezing_point, freezing_margin=self.freezing_margin,
            array_temperature_min=self.array_temperature_range[0],
            array_temperature_max=self.array_temperature_range[1],
        )

    def __str__(self) -> str:
        rows = [
            ("orbit period", self.period, "s"), ("eclipse", self.eclipse_duration, "s"),
            ("peak junction temperature", self.peak_junction_temperature, "K"),
            ("junction limit", self.junction_limit, "K"),
            ("junction margin", self.junction_margin, "K"),
            ("radiator min", self.radiator_temperature_range[0], "K"),
            ("radiator max", self.radiator_temperature_range[1], "K"),
            ("coolant min", self.coolant_temperature_range[0], "K"),
            ("coolant max", self.coolant_temperature_range[1], "K"),
            (f"{self.coolant.name} freezing point", self.coolant.freezing_point, "K"),
            ("margin to freezing", self.freezing_margin, "K"),
            ("solar array min", self.array_temperature_range[0], "K"),
            ("solar array max", self.array_temperature_range[1], "K"),
            ("orbits to periodic state", self.orbits, "-"),
            ("last-orbit change", self.periodic_change, "K"),
        ]
        width = max(len(row[0]) for row in rows)
        return "\n".join(f"{label:<{width}}  {value:12.3f}  {unit}" for label, value, unit in rows)


def simulate_satellite(design_or_parameters, *, coolant_name="ammonia", max_orbits: int = 30,
                       periodic_tolerance: float = 0.01, samples_per_orbit: int = 240,
                       rtol: float = 1e-4, atol: float = 1e-2,
                       **parameter_options) -> SatelliteThermalResult:
    """Fly a sized satellite through its orbit until the temperatures repeat.

    Starts from the orbit-average steady state (every time-varying input replaced by its
    orbit mean) and flies whole orbits until no node changes by more than
    ``periodic_tolerance`` from one orbit start to the next.

    Parameters
    ----------
    design_or_parameters : SatelliteDesign or SatelliteThermalParameters
        A sized design (converted by :func:`parameters_from_design` with
        ``parameter_options``) or explicit parameters.
    coolant_name : str or Coolant, optional
        Loop coolant: "water", "propylene_glycol_50" or "ammonia".
    max_orbits : int, optional
        Give up after this many orbits: the result's ``converged`` is then False, its
        ``periodic_change`` says how far from periodic it is, and a warning says so.
    periodic_tolerance : float, optional
        [K].
    samples_per_orbit : int, optional
        Output samples per orbit [-].
    rtol, atol : float, optional
        Integrator tolerances [-], [K].

    Returns
    -------
    SatelliteThermalResult
    """
    if isinstance(design_or_parameters, SatelliteThermalParameters):
        if parameter_options:
            raise InputError("parameter options apply to a design; change the parameters "
                             "with .replace() instead")
        parameters = design_or_parameters
    else:
        parameters = parameters_from_design(design_or_parameters, **parameter_options)
    max_orbits = check_positive_int(max_orbits, "max_orbits")
    samples_per_orbit = check_positive_int(samples_per_orbit, "samples_per_orbit", minimum=8)
    periodic_tolerance = check_scalar(periodic_tolerance, "periodic_tolerance", low=0.0,
                                      low_open=True, unit="K")
    net, info = satellite_network(parameters, coolant_name)
    period = info["period"]
    average = net.steady_state(0.0, average_over=period)
    state = {name: average[name] for name in net.node_names}
    times = np.linspace(0.0, period, samples_per_orbit + 1)
    change = math.inf
    orbits = 0
    while orbits < max_orbits and change > periodic_tolerance:
        run = net.transient(times, initial=state, rtol=rtol, atol=atol)
        end = {name: run.final_temperatures[name] for name in net.node_names}
        change = max(abs(end[name] - state[name]) for name in net.node_names)
        state = end
        orbits += 1
    if change > periodic_tolerance:
        warnings.warn(
            f"simulate_satellite: not periodic after max_orbits = {max_orbits} orbits (last "
            f"orbit changed a node by {change:.3g} K > periodic_tolerance = "
            f"{periodic_tolerance:g} K); raise max_orbits for the periodic state",
            stacklevel=2,
        )
    fluid = info["coolant"]

    def span(names):
        values = np.concatenate([run.temperatures[name] for name in names])
        return float(values.min()), float(values.max())

    peak = max(float(run.temperatures[name].max()) for name in info["junctions"])
    coolant_range = span(["coolant"])
    return SatelliteThermalResult(
        parameters=parameters, coolant=fluid, period=period,
        eclipse_duration=info["eclipse_duration"], orbits=orbits, periodic_change=change,
        periodic_tolerance=periodic_tolerance,
        peak_junction_temperature=peak, junction_limit=parameters.junction_limit,
        junction_margin=parameters.junction_limit - peak,
        radiator_temperature_range=span(info["panels"]),
        coolant_temperature_range=coolant_range,
        array_temperature_range=span(["solar array"]),
        freezing_margin=coolant_range[0] - fluid.freezing_point,
        average=average, last_orbit=run, network=net,
    )
