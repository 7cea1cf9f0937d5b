"""The stages of a fleet plan: small functions that pass plain frozen records along.

:func:`thermaldesign.fleet.plan_fleet` validates its inputs, then runs, in order:

=======================  =====================================================  ==========
stage                    computes                                               returns
=======================  =====================================================  ==========
``satellite_figures``    the numbers of the design the fleet uses               SatelliteFigures
``fleet_target``         satellites the operating fleet needs                   FleetTarget
``pack_launch``          satellites one launch carries (mass or volume)         LaunchPacking
``replacement_policy``   service life, failure hazards, hard/recoverable split  Replacement
``production_capacity``  satellites the factory and the chip supply allow       Capacity
``launch_schedule``      satellites and launches per year, the binding limit    Schedule
``launch_manifest``      every launch: year, load, vehicle (partial loads)      Manifest
``launch_spend_weights`` launch spend per year per USD/kg, with learning        ndarray
``production_cost``      bus (with learning) and accelerator spend per year     Production
``operate``              working satellites, delivered compute, operations      Operation
``disposal``             de-orbits, failures and re-entry mass per year         Disposal
``discounting``          present-value factors                                  Discounting
``cost_basis``           what the cost depends on but the launch price          CostBasis
``fleet_costs``          capex, opex, residual value at one launch price        Costs
``ground_comparison``    the same accelerator-hours on the ground               GroundComparison
``break_even_price``     launch price at which orbit and ground cost the same   BreakEven
=======================  =====================================================  ==========

Launches fly mid-year; service is whole years; failures are a constant hazard. Money in
USD, mass in kg, power in W, compute in FLOP/s, time in years unless a name says otherwise.
A stage that needs a new input (a production ramp, a partial launch, a failure-driven
replacement rule) changes its own record and function; the others read only the fields
they name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import catalog
from .._validation import check_choice, check_positive_int, check_scalar
from ..errors import InputError
from .economics import Economics, break_even_root
from .pricing import (
    capital_recovery_factor,
    learning_curve_price,
    satellites_per_launch,
)

# A Julian year, the year of the schedule [s] and [h].
SECONDS_PER_YEAR = 365.25 * 86_400.0
HOURS_PER_JULIAN_YEAR = 365.25 * 24.0
# Largest fleet the model plans [-]: beyond it the yearly loops are a unit mistake.
MAX_FLEET_SIZE = 10_000_000

ORBITS = ("dawn-dusk", "inclined")
VEHICLE_FIELDS = ("payload_leo", "payload_sso", "price", "fairing_volume",
                  "max_launches_per_year")
GROUND_FIELDS = ("capex_per_watt", "electricity_price_per_kwh", "pue", "water_per_kwh",
                 "lifetime_years")


# ------------------------------------------------------------------------- inputs


def catalog_entry(value, kind: str, name: str, fields: tuple[str, ...]):
    """A catalog entry from a key, or the object itself if it carries ``fields``."""
    if isinstance(value, str):
        return catalog.get(kind, value)
    missing = [field for field in fields if not hasattr(value, field)]
    if missing:
        raise InputError(
            f"{name} = {value!r} is neither a {kind} catalog key nor an entry with "
            f"{', '.join(fields)} (missing {', '.join(missing)})"
        )
    return value


def resolve_vehicle(vehicle):
    """The launch vehicle entry of a catalog key or an entry with the vehicle fields."""
    return catalog_entry(vehicle, "launch_vehicles", "vehicle", VEHICLE_FIELDS)


def resolve_ground(terrestrial):
    """The terrestrial baseline entry of a catalog key or an entry with the ground fields."""
    return catalog_entry(terrestrial, "terrestrial", "economics.terrestrial", GROUND_FIELDS)


def payload_to_orbit(launcher, orbit: str) -> float:
    """Payload of ``launcher`` to the design's orbit [kg]: SSO for dawn-dusk, else LEO."""
    return float(launcher.payload_sso if orbit == "dawn-dusk" else launcher.payload_leo)


def check_one_target(target_it_power, target_compute) -> None:
    """Raise unless exactly one of the two fleet targets is given."""
    if (target_it_power is None) == (target_compute is None):
        raise InputError("give exactly one of target_it_power [W] and target_compute [FLOP/s]")


def check_plan_inputs(economics, years, target_it_power, target_compute):
    """The checked ``(economics, years)`` of a plan; the default Economics for None."""
    if economics is None:
        economics = Economics()
    elif not isinstance(economics, Economics):
        raise InputError(f"economics must be an Economics; got {type(economics).__name__}")
    years = check_positive_int(years, "years")
    if years > 100:
        raise InputError(f"years = {years} is outside the valid range [1, 100]")
    check_one_target(target_it_power, target_compute)
    return economics, years


@dataclass(frozen=True)
class SatelliteFigures:
    """The numbers of one satellite design that the fleet model uses (SI, USD)."""

    mass: float
    it_power: float
    compute: float
    gpu_count: int
    duty_cycle: float
    stowed_volume: float
    hardware_cost: float
    accelerator_cost: float
    lifetime_years: float
    orbit: str
    accelerator: str
    accelerator_hard_failure_rate: float | None = None
    satellite_failure_rate: float | None = None


def _accelerator_cost(design, gpu_count: int, accelerator) -> float:
    """Accelerator cost of one satellite [USD]: the design's roll-up, else spec or catalog."""
    breakdown = getattr(design, "cost_breakdown", None) or {}
    if "accelerators" in breakdown:
        return check_scalar(breakdown["accelerators"], "design.cost_breakdown['accelerators']",
                            low=0.0, unit="USD")
    spec = design.spec
    unit_cost = spec.value("accelerator_cost") if hasattr(spec, "value") else accelerator.cost
    return gpu_count * check_scalar(unit_cost, "accelerator cost", low=0.0, unit="USD")


def satellite_figures(design) -> SatelliteFigures:
    """Read and check the fields of a SatelliteDesign that the fleet needs."""
    needed = ("spec", "gpu_count", "total_mass", "it_power", "compute", "duty_cycle",
              "stowed_volume", "hardware_cost")
    missing = [field for field in needed if not hasattr(design, field)]
    if missing:
        raise InputError(f"design must be a SatelliteDesign; {type(design).__name__} lacks "
                         f"{', '.join(missing)}")
    spec = design.spec
    gpu_count = check_positive_int(design.gpu_count, "design.gpu_count")
    accelerator = catalog_entry(spec.accelerator, "accelerators", "design.spec.accelerator",
                                ("cost",))
    accelerator_cost = _accelerator_cost(design, gpu_count, accelerator)
    hardware_cost = check_scalar(design.hardware_cost, "design.hardware_cost", low=0.0,
                                 unit="USD")
    if hardware_cost < accelerator_cost * (1.0 - 1e-9):
        raise InputError(f"design.hardware_cost = {hardware_cost:g} USD is below the cost of "
                         f"its {gpu_count} accelerators ({accelerator_cost:g} USD)")

    def positive(value, name, unit=None):
        return check_scalar(value, name, low=0.0, low_open=True, unit=unit)

    return SatelliteFigures(
        mass=positive(design.total_mass, "design.total_mass", "kg"),
        it_power=positive(design.it_power, "design.it_power", "W"),
        compute=positive(design.compute, "design.compute", "FLOP/s"),
        gpu_count=gpu_count,
        duty_cycle=check_scalar(design.duty_cycle, "design.duty_cycle", low=0.0, high=1.0,
                                low_open=True),
        stowed_volume=positive(design.stowed_volume, "design.stowed_volume", "m^3"),
        hardware_cost=hardware_cost,
        accelerator_cost=min(accelerator_cost, hardware_cost),
        lifetime_years=check_scalar(spec.lifetime_years, "design.spec.lifetime_years",
                                    low=0.0, low_open=True, high=100.0, unit="yr"),
        orbit=check_choice(spec.orbit, "design.spec.orbit", ORBITS),
        accelerator=str(getattr(accelerator, "key", spec.accelerator)),
        accelerator_hard_failure_rate=_design_rate(design, "accelerator_hard_failure_rate"),
        satellite_failure_rate=_design_rate(design, "satellite_failure_rate"),
    )


def _design_rate(design, name: str) -> float | None:
    """A failure rate the design carries itself [1/yr], or None.

    A design sized with a failure model reports ``accelerator_hard_failure_rate`` (e.g.
    Arrhenius at its junction temperature) or ``satellite_failure_rate`` (e.g. radiation
    or debris at its orbit); the fleet then uses it instead of the economics' rate.
    """
    rate = getattr(design, name, None)
    if rate is None:
        return None
    return check_scalar(rate, f"design.{name}", low=0.0, high=1.0, high_open=True,
                        unit="1/yr")


# ------------------------------------------------------------- fleet and launches


@dataclass(frozen=True)
class FleetTarget:
    """The target given and the satellites that meet it.

    Attributes
    ----------
    it_power, compute : float or None
        The checked target: operating IT power [W] or nameplate compute [FLOP/s].
    satellite_count : int
        Satellites the operating fleet needs [-].
    """

    it_power: float | None
    compute: float | None
    satellite_count: int


def fleet_target(satellite: SatelliteFigures, target_it_power, target_compute) -> FleetTarget:
    """Satellites that meet the target: ``max(1, ceil(target / per-satellite))``.

    A target within 1e-12 of a whole number of satellites needs that number, so the
    rounding of ``N * per-satellite`` does not add a satellite.
    """
    if target_it_power is not None:
        target = check_scalar(target_it_power, "target_it_power", low=0.0, low_open=True,
                              high=1e15, unit="W")
        ratio = target / satellite.it_power
    else:
        target = check_scalar(target_compute, "target_compute", low=0.0, low_open=True,
                              high=1e27, unit="FLOP/s")
        ratio = target / satellite.compute
    count = max(1, math.ceil(ratio * (1.0 - 1e-12)))
    if count > MAX_FLEET_SIZE:
        raise InputError(f"the target needs {count:,} satellites; the model stops at 1e7")
    return FleetTarget(it_power=None if target_it_power is None else target,
                       compute=None if target_compute is None else target,
                       satellite_count=count)


@dataclass(frozen=True)
class LaunchPacking:
    """How many satellites one launch carries, and what limits it.

    Attributes
    ----------
    payload_mass : float
        Vehicle payload to the design's orbit [kg].
    satellites_per_launch : int
        The smaller of the payload-mass and fairing-volume counts [-], >= 1.
    limit : str
        "mass" or "volume".
    """

    payload_mass: float
    satellites_per_launch: int
    limit: str


def pack_launch(satellite: SatelliteFigures, launcher, economics: Economics,
                vehicle_name: str) -> LaunchPacking:
    """Satellites per launch, ``min(floor(m_payload / (m (1 + f_d))), floor(f_V V_fairing / V))``.

    ``f_d`` is the dispenser mass per kg of satellite; the dispenser's volume is taken as
    inside the satellites' stowed envelope (not modelled separately).
    """
    payload = payload_to_orbit(launcher, satellite.orbit)
    carried = satellite.mass * (1.0 + economics.dispenser_mass_fraction)
    per_launch = satellites_per_launch(carried, satellite.stowed_volume, payload,
                                       launcher.fairing_volume,
                                       volume_fraction=economics.fairing_volume_fraction)
    by_mass = math.floor(payload / carried * (1.0 + 1e-12))
    if per_launch < 1:
        raise InputError(
            f"one satellite ({satellite.mass:g} kg, {satellite.stowed_volume:g} m^3 stowed) "
            f"does not fit a {vehicle_name} launch ({payload:g} kg to "
            f"the {satellite.orbit} orbit, {economics.fairing_volume_fraction:g} x "
            f"{launcher.fairing_volume:g} m^3 usable)"
        )
    return LaunchPacking(payload_mass=payload, satellites_per_launch=per_launch,
                         limit="mass" if by_mass <= per_launch else "volume")


@dataclass(frozen=True)
class Replacement:
    """When satellites leave the fleet: end of service and failures.

    Attributes
    ----------
    service_life : int
        Whole years a satellite serves before retirement [yr], >= 1.
    hazard : float
        Satellite failure hazard, ``-ln(1 - annual failure rate)`` [1/yr].
    accelerator_hazard : float
        Hazard of accelerator hard failures (part lost) in a working satellite [1/yr].
    accelerator_hard_rate : float
        The annual hard-failure rate behind it [1/yr]; the ground buys these as parts.
    recoverable_downtime : float
        Share of time an accelerator is down for recoverable faults [-]:
        recoverable rate x outage [h] / hours per year.
    """

    service_life: int
    hazard: float
    accelerator_hazard: float
    accelerator_hard_rate: float = 0.0
    recoverable_downtime: float = 0.0


def replacement_policy(satellite: SatelliteFigures, economics: Economics) -> Replacement:
    """Service life ``floor(min(design life, refresh period))`` and the failure hazards.

    Launches come once a year in this model, so service is whole years, never past the
    design's end of life. The satellite failure rate is the design's own
    ``satellite_failure_rate`` when it carries one, else the economics'. Accelerator
    failures split into hard (the part is lost: a
    hazard ``-ln(1 - r_hard)``) and recoverable (a reset: ``r_rec * t_rec / 8766 h`` of
    downtime). ``r_hard`` is the design's own rate when it carries one, else
    ``r * hard_fraction`` of the economics' rate; ``r_rec`` is the rest of that rate.
    Radiation and debris enter only through a design's own ``satellite_failure_rate``.
    """
    service_limit = satellite.lifetime_years
    if economics.refresh_period is not None:
        service_limit = min(service_limit, economics.refresh_period)
    service_life = math.floor(service_limit + 1e-9)
    if service_life < 1:
        raise InputError(
            f"design.spec.lifetime_years = {satellite.lifetime_years:g} yr is below the one "
            "year a yearly fleet schedule resolves"
        )
    hard_rate = satellite.accelerator_hard_failure_rate
    if hard_rate is None:
        hard_rate = economics.accelerator_failure_rate * economics.accelerator_hard_fraction
    recoverable_rate = economics.accelerator_failure_rate * (
        1.0 - economics.accelerator_hard_fraction)
    downtime = min(1.0, recoverable_rate * economics.accelerator_recovery_hours
                   / HOURS_PER_JULIAN_YEAR)
    failure_rate = (economics.failure_rate if satellite.satellite_failure_rate is None
                    else satellite.satellite_failure_rate)
    return Replacement(service_life=service_life,
                       hazard=-math.log1p(-failure_rate),
                       accelerator_hazard=-math.log1p(-hard_rate),
                       accelerator_hard_rate=hard_rate, recoverable_downtime=downtime)


def launch_cadence(launcher, economics: Economics) -> float:
    """Launches per year available to the fleet [1/yr]: the economics' cap, else the vehicle's."""
    if economics.max_launches_per_year is not None:
        return economics.max_launches_per_year
    return check_scalar(launcher.max_launches_per_year, "max_launches_per_year", low=0.0,
                        low_open=True)


@dataclass(frozen=True, eq=False)
class Capacity:
    """What the factory and the accelerator supply allow each year, in satellites.

    Attributes
    ----------
    production : ndarray of int
        Satellites built in each year, ``floor(rate * min(1, (y + 1) / ramp))`` [-].
    accelerators : ndarray of int
        Satellites' worth of accelerators bought in each year,
        ``floor(supply / gpu_count)`` [-].
    """

    production: np.ndarray
    accelerators: np.ndarray


def production_capacity(economics: Economics, gpu_count: int, years: int) -> Capacity:
    """Yearly satellite limits of the factory (with its ramp) and of the chip supply.

    A limit left as None in ``economics`` is no limit (:data:`MAX_FLEET_SIZE` a year).
    Capacity unused in a year is lost: the model builds to demand, without inventory.
    """
    year = np.arange(years)
    if economics.production_rate is None:
        production = np.full(years, MAX_FLEET_SIZE, dtype=np.int64)
    else:
        ramp = np.minimum(1.0, (year + 1.0) / economics.production_ramp_years)
        production = np.floor(economics.production_rate * ramp + 1e-9).astype(np.int64)
    if economics.accelerator_supply is None:
        accelerators = np.full(years, MAX_FLEET_SIZE, dtype=np.int64)
    else:
        per_year = math.floor(economics.accelerator_supply / gpu_count + 1e-9)
        accelerators = np.full(years, min(per_year, MAX_FLEET_SIZE), dtype=np.int64)
    return Capacity(production=production, accelerators=accelerators)


#: Names of the limits on a year's launches, in the order ties are reported.
LIMITS = ("demand", "launch", "production", "accelerators")


@dataclass(frozen=True, eq=False)
class Schedule:
    """Satellites and launches per year of the horizon, year 0 first.

    Attributes
    ----------
    satellites : ndarray of int
        Satellites launched in each year (the year's cohort) [-].
    launches : ndarray of int
        Launches in each year [-].
    binding : tuple of str
        What limited each year's cohort: "demand" (the fleet's shortfall was met),
        "launch" (cadence), "production" (factory) or "accelerators" (chip supply);
        "none" in a year with no shortfall.
    """

    satellites: np.ndarray
    launches: np.ndarray
    binding: tuple = ()

    def deployment_years(self, satellite_count: int) -> float | None:
        """Years from the first launch to the launch completing the initial fleet [yr]."""
        first_full = np.nonzero(np.cumsum(self.satellites) >= satellite_count)[0]
        return float(first_full[0] + 0.5) if first_full.size else None


def _survival_weights(replacement: Replacement, years: int) -> np.ndarray:
    """Expected share of a cohort still working ``a`` years after launch, a = 1..years:
    ``exp(-h a)`` while ``a`` is below the service life, else 0 [-]."""
    ages = np.arange(1, years + 1)
    return np.where(ages < replacement.service_life, np.exp(-replacement.hazard * ages), 0.0)


def _survivors(cohorts: np.ndarray, year: int, weights: np.ndarray) -> float:
    """Expected working satellites at mid-``year`` of the cohorts launched before it
    (``weights`` from :func:`_survival_weights`)."""
    if year == 0:
        return 0.0
    return float(cohorts[year - 1::-1] @ weights[:year])


def launch_schedule(satellite_count: int, per_launch: int, cadence: float,
                    replacement: Replacement, years: int,
                    capacity: Capacity | None = None) -> Schedule:
    """Satellites and launches per year that keep ``satellite_count`` satellites flying.

    Each mid-year the operator launches the shortfall of expected working satellites
    (cohorts younger than the service life, thinned by the failure hazard), rounded up
    to whole satellites, limited by the slowest of: the cumulative launch cadence (whole
    launches of ``per_launch``), the year's production and the year's accelerator
    supply (``capacity``). The schedule records which limit binds each year.
    """
    cohorts = np.zeros(years, dtype=np.int64)
    launches = np.zeros(years, dtype=np.int64)
    binding = []
    flown = 0
    weights = _survival_weights(replacement, years)
    for year in range(years):
        survivors = _survivors(cohorts, year, weights)
        # Survivor sums are floats: a shortfall of 1e-9 of the fleet is no satellite.
        shortfall = max(0, math.ceil(satellite_count - survivors - 1e-9 * satellite_count))
        allowed = int(math.floor(cadence * (year + 1) + 1e-9)) - flown
        limits = {"demand": shortfall, "launch": allowed * per_launch}
        if capacity is not None:
            limits["production"] = int(capacity.production[year])
            limits["accelerators"] = int(capacity.accelerators[year])
        name = min(limits, key=limits.get)  # first of equals: "demand" wins ties
        cohorts[year] = limits[name]
        launches[year] = math.ceil(cohorts[year] / per_launch)
        flown += int(launches[year])
        binding.append(name if shortfall > 0 else "none")
    if cohorts.sum() == 0:
        raise InputError(f"no launch fits in {years} yr at a cadence of {cadence:g} "
                         "launches/yr; lengthen the horizon")
    return Schedule(satellites=cohorts, launches=launches, binding=tuple(binding))


@dataclass(frozen=True, eq=False)
class Manifest:
    """Every launch of the schedule, in flight order.

    Attributes
    ----------
    year : ndarray of int
        Year of each launch [-].
    satellites : ndarray of int
        Satellites each launch carries [-]; full launches first within a year.
    satellite_mass : ndarray
        Satellite mass each launch carries [kg].
    capacity_weight : ndarray
        Cost of each launch per USD/kg of the fleet vehicle's LEO price, before launch
        learning [kg]: its LEO payload for a full launch, less for a partial load.
    vehicle_names : tuple of str
        The vehicles flown: the fleet's vehicle first, then ``"<vehicle> (shared)"`` for
        a partial load bought per kg, or a smaller catalog vehicle.
    vehicle_code : ndarray of int
        Index into ``vehicle_names`` of each launch.
    """

    year: np.ndarray
    satellites: np.ndarray
    satellite_mass: np.ndarray
    capacity_weight: np.ndarray
    vehicle_names: tuple
    vehicle_code: np.ndarray

    @property
    def vehicle(self) -> tuple:
        """The vehicle of each launch, in flight order."""
        return tuple(self.vehicle_names[code] for code in self.vehicle_code)

    def launches_by_vehicle(self, years: int) -> dict:
        """Launches per year of each vehicle, ``{vehicle: [count per year]}`` [-]."""
        counts = np.bincount(self.vehicle_code * years + self.year,
                             minlength=len(self.vehicle_names) * years)
        counts = counts.reshape(len(self.vehicle_names), years)
        return {name: counts[index].tolist()
                for index, name in sorted(enumerate(self.vehicle_names), key=lambda x: x[1])
                if counts[index].any()}


def partial_load_options(satellites: int, satellite: SatelliteFigures, launcher,
                         vehicle_name: str, economics: Economics) -> dict:
    """Ways to fly a partial load of ``satellites``: ``{vehicle: capacity weight [kg]}``.

    - a share of the fleet vehicle, priced per kg: ``premium * m_LEO * max(mass share,
      volume share)``, never above the whole launch (``m_LEO``);
    - each catalog vehicle the load fits (payload to the orbit with dispensers, usable
      fairing volume), at its catalog price over the fleet vehicle's catalog price per kg
      of LEO capacity: a launch price scenario scales every vehicle alike.
    """
    mass = satellites * satellite.mass * (1.0 + economics.dispenser_mass_fraction)
    volume = satellites * satellite.stowed_volume
    share = max(mass / payload_to_orbit(launcher, satellite.orbit),
                volume / (economics.fairing_volume_fraction * launcher.fairing_volume))
    options = {f"{vehicle_name} (shared)":
               launcher.payload_leo * min(1.0, economics.partial_load_premium * share)}
    reference_per_kg = launcher.price / launcher.payload_leo
    for key, other in catalog.entries("launch_vehicles").items():
        fits = (mass <= payload_to_orbit(other, satellite.orbit)
                and volume <= economics.fairing_volume_fraction * other.fairing_volume)
        if fits and key != vehicle_name:
            options[key] = other.price / reference_per_kg
    return options


def launch_manifest(schedule: Schedule, per_launch: int, satellite: SatelliteFigures,
                    launcher, vehicle_name: str, economics: Economics) -> Manifest:
    """Each year's cohort in full launches of ``per_launch``, the remainder in the last.

    A full launch weighs the vehicle's LEO payload; a partial last launch flies the
    cheapest of :func:`partial_load_options`, never dearer than a whole launch.
    """
    cohorts, launches = schedule.satellites, schedule.launches
    flying = launches > 0
    launch_year = np.repeat(np.arange(launches.size), launches)
    count = np.full(launch_year.size, per_launch, dtype=np.int64)
    last_of_year = np.cumsum(launches)[flying] - 1
    count[last_of_year] = cohorts[flying] - (launches[flying] - 1) * per_launch
    full_weight = float(launcher.payload_leo)
    weight = np.full(launch_year.size, full_weight)
    names = [vehicle_name]
    code = np.zeros(launch_year.size, dtype=np.int64)
    for index in last_of_year[count[last_of_year] < per_launch]:
        options = partial_load_options(int(count[index]), satellite, launcher, vehicle_name,
                                       economics)
        cheapest = min(options, key=options.get)
        if options[cheapest] < full_weight:
            if cheapest not in names:
                names.append(cheapest)
            code[index], weight[index] = names.index(cheapest), options[cheapest]
    return Manifest(year=launch_year, satellites=count, satellite_mass=count * satellite.mass,
                    capacity_weight=weight, vehicle_names=tuple(names), vehicle_code=code)


def launch_spend_weights(manifest: Manifest, economics: Economics, payload_leo: float,
                         years: int) -> np.ndarray:
    """Launch spend per year per USD/kg of LEO capacity price [kg].

    The i-th launch pays ``w_i (M_i / M_0)**log2(1 - r_L)`` per USD/kg, with ``w_i`` its
    capacity weight (``payload_leo`` for a full launch) and ``M_i`` the provider's
    experience ``M_0`` plus the satellite mass flown before it.
    """
    experience = economics.launch_experience_mass
    flown_before = experience + np.cumsum(manifest.satellite_mass) - manifest.satellite_mass
    learning = np.atleast_1d(learning_curve_price(flown_before, 1.0, experience,
                                                  economics.launch_learning_rate))
    weights = np.minimum(manifest.capacity_weight, payload_leo)
    return np.bincount(manifest.year, weights=learning * weights, minlength=years)


# ----------------------------------------------------------- production and operation


@dataclass(frozen=True, eq=False)
class Production:
    """Manufacturing spend per year [USD], undiscounted.

    Attributes
    ----------
    bus_cost : ndarray
        Hardware but the accelerators, on a unit learning curve.
    accelerator_cost : ndarray
        Accelerators at their unit price.
    """

    bus_cost: np.ndarray
    accelerator_cost: np.ndarray


# Units summed term by term before the Euler-Maclaurin tail takes over [-].
_EXACT_UNITS = 64


def power_sum_to(last_units: np.ndarray, exponent: float) -> np.ndarray:
    """``sum(u**exponent for u in 1..n)`` for each ``n`` in ``last_units`` (0 gives 0).

    Units up to 64 are summed term by term; beyond, the Euler-Maclaurin formula with the
    B2 and B4 terms: for ``f(u) = u**e``, ``e`` in (-1, 0], the remainder is below
    ``|f^(5)(64)| / 720 < 1e-10`` of a unit's cost, far inside float rounding of the sum.
    """
    last_units = np.asarray(last_units, dtype=float)
    head = np.concatenate([[0.0], np.cumsum(np.arange(1, _EXACT_UNITS + 1) ** exponent)])
    result = head[np.minimum(last_units, _EXACT_UNITS).astype(np.int64)]
    tail = last_units > _EXACT_UNITS
    if exponent == 0.0 or not tail.any():
        return np.where(tail, last_units, result) if exponent == 0.0 else result
    m, n = float(_EXACT_UNITS), last_units[tail]
    e = exponent
    integral = (n ** (e + 1) - m ** (e + 1)) / (e + 1)
    ends = (n**e - m**e) / 2.0  # sum over m..n counts both ends by halves; m is in head
    first = e * (n ** (e - 1) - m ** (e - 1)) / 12.0
    third = -e * (e - 1) * (e - 2) * (n ** (e - 3) - m ** (e - 3)) / 720.0
    result[tail] = head[-1] + integral + ends + first + third
    return result


def production_cost(cohorts: np.ndarray, satellite: SatelliteFigures,
                    economics: Economics) -> Production:
    """Bus by Wright's law on units built, ``c1 u**log2(1 - r_m)``; accelerators at cost."""
    bus_first_unit = satellite.hardware_cost - satellite.accelerator_cost
    built = np.concatenate([[0], np.cumsum(cohorts)])
    exponent = math.log2(1.0 - economics.manufacturing_learning_rate)
    bus_cost = bus_first_unit * np.diff(power_sum_to(built, exponent))
    return Production(bus_cost=bus_cost, accelerator_cost=cohorts * satellite.accelerator_cost)


def exposure(years: int, service_life: float, hazard: float) -> np.ndarray:
    """Expected years in service within each year, per satellite of each cohort.

    ``result[c, y]`` is the integral over year ``y`` of exp(-hazard (t - t_c)) while a
    satellite launched at t_c = c + 0.5 is younger than ``service_life``.
    """
    launch = np.arange(years)[:, None] + 0.5
    start = np.maximum(np.arange(years)[None, :], launch)
    end = np.minimum(np.arange(years)[None, :] + 1.0, launch + service_life)
    span = np.clip(end - start, 0.0, None)
    # (1 - exp(-x)) / x with x = hazard * span, by its series where the quotient underflows.
    x = hazard * span
    large = x > 1e-10
    factor = np.where(large, -np.expm1(-x) / np.where(large, x, 1.0), 1.0 - 0.5 * x)
    return np.exp(-hazard * (start - launch)) * span * factor


@dataclass(frozen=True, eq=False)
class Operation:
    """The fleet in service, per year of the horizon, undiscounted.

    Attributes
    ----------
    satellite_years : ndarray
        Expected working satellites averaged over each year [-].
    computing_years : ndarray
        The same, counted in satellites' worth of working accelerators [-].
    delivered_compute : ndarray
        Delivered compute averaged over each year [FLOP/s].
    gpu_hours : ndarray
        Accelerator-hours delivered in each year [h].
    operations_cost : ndarray
        Ground segment and operations spend in each year [USD].
    """

    satellite_years: np.ndarray
    computing_years: np.ndarray
    delivered_compute: np.ndarray
    gpu_hours: np.ndarray
    operations_cost: np.ndarray


def operate(cohorts: np.ndarray, replacement: Replacement, satellite: SatelliteFigures,
            economics: Economics, computing_limit: float | None = None) -> Operation:
    """Working satellites and delivered compute: nameplate x duty x availability x use.

    ``duty = duty_cycle x availability x utilisation x (1 - recoverable downtime)``.
    ``computing_limit`` is the operating fleet without its spares [-]: spares compute only
    while fewer than that work, so each year's computing satellites are capped at
    ``computing_limit`` times the year's share of working accelerators (the cap is applied
    to the expected counts, a first-order stand-in for the expectation of the minimum).
    """
    years = cohorts.size
    in_service = exposure(years, replacement.service_life, replacement.hazard)
    computing = exposure(years, replacement.service_life,
                         replacement.hazard + replacement.accelerator_hazard)
    satellite_years = cohorts @ in_service
    computing_years = cohorts @ computing
    if computing_limit is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            surviving_share = np.where(satellite_years > 0,
                                       computing_years / satellite_years, 0.0)
        computing_years = np.minimum(computing_years, computing_limit * surviving_share)
    duty = (satellite.duty_cycle * economics.availability * economics.utilisation
            * (1.0 - replacement.recoverable_downtime))
    operations_rate = (economics.operations_cost_per_satellite_year
                       if economics.operations_cost_per_satellite_year is not None
                       else economics.operations_cost_fraction * satellite.hardware_cost)
    return Operation(
        satellite_years=satellite_years,
        computing_years=computing_years,
        delivered_compute=satellite.compute * duty * computing_years,
        gpu_hours=satellite.gpu_count * HOURS_PER_JULIAN_YEAR * duty * computing_years,
        operations_cost=operations_rate * satellite_years,
    )


@dataclass(frozen=True, eq=False)
class Disposal:
    """Satellites leaving the fleet per year, and the mass they bring down.

    Attributes
    ----------
    deorbited : ndarray
        Expected satellites retired at end of service and de-orbited [-].
    failed : ndarray
        Expected satellites failed in orbit [-].
    reentry_mass : ndarray
        Mass re-entering [kg]: both, taken to re-enter the year they leave (a failed
        satellite at 550 km decays within a few years: the model does not delay it).
    """

    deorbited: np.ndarray
    failed: np.ndarray
    reentry_mass: np.ndarray


def disposal(cohorts: np.ndarray, replacement: Replacement, satellite_mass: float) -> Disposal:
    """End-of-life de-orbits ``N_c e^{-h L}`` in year ``c + L`` and failures ``h`` x exposure.

    A satellite fails at hazard ``h`` while in service, so the expected failures of a year
    are ``h`` times its expected satellite-years (:func:`exposure`); the survivors of a
    cohort launched mid-year ``c`` retire mid-year ``c + L``.
    """
    years = cohorts.size
    failed = replacement.hazard * (cohorts @ exposure(years, replacement.service_life,
                                                      replacement.hazard))
    deorbited = np.zeros(years)
    life = replacement.service_life
    if life < years:
        deorbited[life:] = cohorts[:years - life] * math.exp(-replacement.hazard * life)
    return Disposal(deorbited=deorbited, failed=failed,
                    reentry_mass=(deorbited + failed) * satellite_mass)


# ------------------------------------------------------------------------ costs


@dataclass(frozen=True, eq=False)
class Discounting:
    """Present-value factors at the first launch year.

    Attributes
    ----------
    mid_year : ndarray
        ``(1 + r)**-(y + 0.5)`` for the spend and delivery of year ``y`` [-].
    horizon : float
        ``(1 + r)**-years`` for the residual value at the horizon [-].
    """

    mid_year: np.ndarray
    horizon: float


def discounting(rate: float, years: int) -> Discounting:
    """Mid-year and horizon discount factors at the discount ``rate`` [1/yr]."""
    return Discounting(mid_year=(1.0 + rate) ** -(np.arange(years) + 0.5),
                       horizon=(1.0 + rate) ** -years)


def residual_share(replacement: Replacement, years: int) -> np.ndarray:
    """Share of each cohort's capital left at the horizon: survivors x straight-line value."""
    launch_time = np.arange(years) + 0.5
    remaining = (np.clip(launch_time + replacement.service_life - years, 0.0, None)
                 / replacement.service_life)
    return np.exp(-replacement.hazard * (years - launch_time)) * remaining


def present_delivery(operation: Operation, discount: Discounting) -> tuple[float, float]:
    """Present value of delivered accelerator-hours [h] and compute [FLOP]."""
    present_gpu_hours = float(operation.gpu_hours @ discount.mid_year)
    present_flop = float(operation.delivered_compute @ discount.mid_year) * SECONDS_PER_YEAR
    if present_gpu_hours <= 0.0:
        raise InputError(f"no compute is delivered within {discount.mid_year.size} yr; "
                         "lengthen the horizon")
    return present_gpu_hours, present_flop


@dataclass(frozen=True, eq=False)
class CostBasis:
    """Everything the fleet's cost depends on but the launch price.

    Attributes
    ----------
    launch_weights : ndarray
        Launch spend per year per USD/kg of LEO capacity price [kg].
    production : Production
        Manufacturing spend per year [USD].
    operations_cost : ndarray
        Operations spend per year [USD].
    insurance_fraction : float
        Insurance as a fraction of satellite plus launch cost [-].
    discount : Discounting
    residual_share : ndarray
        Share of each year's capital credited at the horizon [-].
    """

    launch_weights: np.ndarray
    production: Production
    operations_cost: np.ndarray
    insurance_fraction: float
    discount: Discounting
    residual_share: np.ndarray


def cost_basis(launch_weights: np.ndarray, production: Production, operation: Operation,
               replacement: Replacement, discount: Discounting,
               economics: Economics) -> CostBasis:
    """Collect the price-independent inputs of :func:`fleet_costs`."""
    return CostBasis(launch_weights=launch_weights, production=production,
                     operations_cost=operation.operations_cost,
                     insurance_fraction=economics.insurance_fraction, discount=discount,
                     residual_share=residual_share(replacement, discount.mid_year.size))


@dataclass(frozen=True, eq=False)
class Costs:
    """The fleet's cost at one launch price.

    Attributes
    ----------
    capex : dict
        satellites, accelerators, launch, insurance, present value [USD].
    opex : dict
        ground_segment_and_operations, present value [USD].
    residual : float
        Value credited at the horizon, present value [USD].
    total : float
        capex + opex - residual [USD].
    launch_spend : ndarray
        Launch spend per year, undiscounted [USD].
    spend_per_year : ndarray
        Capex plus opex per year, undiscounted [USD].
    """

    capex: dict
    opex: dict
    residual: float
    total: float
    launch_spend: np.ndarray
    spend_per_year: np.ndarray


def fleet_costs(basis: CostBasis, price_per_kg: float) -> Costs:
    """Capex, opex and residual value at a launch price per kg of LEO capacity [USD/kg]."""
    production, discount = basis.production, basis.discount.mid_year
    launch = price_per_kg * basis.launch_weights
    hardware = production.bus_cost + production.accelerator_cost
    insurance = basis.insurance_fraction * (hardware + launch)
    capital = hardware + launch + insurance
    residual = float(capital @ basis.residual_share) * basis.discount.horizon
    capex = {
        "satellites": float(production.bus_cost @ discount),
        "accelerators": float(production.accelerator_cost @ discount),
        "launch": float(launch @ discount),
        "insurance": float(insurance @ discount),
    }
    opex = {"ground_segment_and_operations": float(basis.operations_cost @ discount)}
    total = sum(capex.values()) + sum(opex.values()) - residual
    return Costs(capex=capex, opex=opex, residual=residual, total=total, launch_spend=launch,
                 spend_per_year=capital + basis.operations_cost)


def reference_launch_price(launcher, economics: Economics) -> float:
    """Launch price per kg of LEO capacity [USD/kg]: the economics' or the vehicle's."""
    if economics.launch_price_per_kg is not None:
        return economics.launch_price_per_kg
    return launcher.price / launcher.payload_leo


# ------------------------------------------------------------ ground and break-even


@dataclass(frozen=True)
class GroundComparison:
    """The same delivered accelerator-hours on the ground.

    Attributes
    ----------
    cost_per_gpu_hour : float
        Levelized ground cost per accelerator-hour [USD/h].
    cost : float
        Ground cost of the fleet's present-value accelerator-hours [USD].
    breakdown : dict
        accelerators, facility, energy [USD] of ``cost``.
    water_volume : float
        Water the ground uses for the fleet's accelerator-hours [m^3].
    """

    cost_per_gpu_hour: float
    cost: float
    breakdown: dict
    water_volume: float


def ground_comparison(satellite: SatelliteFigures, ground, economics: Economics,
                      replacement: Replacement, present_gpu_hours: float,
                      gpu_hours: np.ndarray) -> GroundComparison:
    """Ground cost of the same accelerator-hours, per accelerator-year then per hour.

    Accelerators annuitized over the satellite's service life plus hard-failed parts
    replaced, the facility's capex per W annuitized over its life, energy at the PUE;
    recoverable faults cost the same downtime as in orbit; idle power neglected.
    """
    service_life = replacement.service_life
    chip_power = satellite.it_power / satellite.gpu_count
    chip_cost = satellite.accelerator_cost / satellite.gpu_count
    rate = economics.discount_rate
    ground_hours = (HOURS_PER_JULIAN_YEAR * economics.utilisation
                    * (1.0 - replacement.recoverable_downtime))
    lines = {
        "accelerators": chip_cost * (float(capital_recovery_factor(rate, service_life))
                                     + replacement.accelerator_hard_rate),
        "facility": ground.capex_per_watt * chip_power
        * float(capital_recovery_factor(rate, ground.lifetime_years)),
        "energy": chip_power / 1000.0 * ground_hours * ground.pue
        * ground.electricity_price_per_kwh,
    }
    per_gpu_hour = sum(lines.values()) / ground_hours
    ground_gpu_years = present_gpu_hours / ground_hours
    return GroundComparison(
        cost_per_gpu_hour=per_gpu_hour,
        cost=per_gpu_hour * present_gpu_hours,
        breakdown={name: value * ground_gpu_years for name, value in lines.items()},
        water_volume=chip_power / 1000.0 * gpu_hours.sum() * ground.water_per_kwh / 1000.0,
    )


@dataclass(frozen=True)
class BreakEven:
    """Launch price at which orbit and ground cost the same per accelerator-hour.

    Attributes
    ----------
    launch_price : float or None
        Per kg of LEO capacity [USD/kg]; None if no root in the searched range.
    note : str
        How it was found, or why none exists.
    """

    launch_price: float | None
    note: str
    signed_launch_price: float = math.nan


def break_even_price(basis: CostBasis, present_gpu_hours: float, ground_per_gpu_hour: float,
                     upper: float) -> BreakEven:
    """Root in [0, ``upper``] USD/kg of orbit minus ground cost per hour (the fleet's one
    break-even solver, :func:`~thermaldesign.fleet.economics.break_even_root`)."""

    def gap(price_per_kg):
        return fleet_costs(basis, price_per_kg).total / present_gpu_hours - ground_per_gpu_hour

    low_gap, high_gap = gap(0.0), gap(upper)
    # The cost is affine in the launch price: its root, extended beyond [0, upper].
    slope = (high_gap - low_gap) / upper
    signed = -low_gap / slope if slope > 0.0 else (math.inf if low_gap <= 0.0 else -math.inf)
    result = _break_even(low_gap, high_gap, upper, ground_per_gpu_hour, gap)
    return BreakEven(result.launch_price, result.note, float(signed))


def _break_even(low_gap, high_gap, upper, ground_per_gpu_hour, gap) -> BreakEven:
    """The break-even in [0, ``upper``] from the gaps at its ends."""
    if low_gap > 0.0:
        return BreakEven(None, f"no break-even: even with free launch orbit costs "
                               f"{low_gap + ground_per_gpu_hour:.4g} USD/GPU-h against "
                               f"{ground_per_gpu_hour:.4g} on the ground")
    if high_gap < 0.0:
        return BreakEven(None, f"no break-even below {upper:g} USD/kg: orbit stays cheaper "
                               "than the ground over the whole range")
    price = break_even_root(gap, 0.0, upper)
    return BreakEven(price, f"break-even at {price:.4g} USD/kg of LEO capacity (Brent's "
                            f"method on orbit minus ground cost per GPU-hour over "
                            f"[0, {upper:g}] USD/kg)")
