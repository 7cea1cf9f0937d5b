"""From one satellite design to a fleet: launches, schedule, costs and the ground comparison.

The model runs year by year over a horizon. Launches fly mid-year (a uniform spread of
launches through the year has its mean there). Each year the operator launches what the
fleet lacks (deployment, end-of-life retirements, failures) up to the vehicle's cadence;
satellites retire after their whole years of service life and fail at a constant hazard.
Every cost is a closed form on that schedule, so the plan is exact arithmetic, and the
break-even launch price is a root of a monotone function of the launch price.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import brentq

from .._io import atomic_write_text
from .._validation import check_choice, check_positive_int, check_scalar
from ..errors import InputError
from .economics import Economics
from .pricing import (
    capital_recovery_factor,
    learning_curve_price,
    satellites_per_launch,
    unit_cost_sum,
)

__all__ = ["FleetPlan", "plan_fleet"]

# A Julian year, the year of the schedule [s] and [h].
SECONDS_PER_YEAR = 365.25 * 86_400.0
HOURS_PER_YEAR = 365.25 * 24.0
# One PFLOP/s sustained for a day [FLOP].
PFLOP_DAY = 1e15 * 86_400.0

_ORBITS = ("dawn-dusk", "inclined")


@dataclass(frozen=True)
class _Satellite:
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


def _catalog_entry(value, kind: str, name: str, fields: tuple[str, ...]):
    """A catalog entry from a key, or the object itself if it carries ``fields``."""
    if isinstance(value, str):
        from .. import catalog

        return catalog.get(kind, value)
    missing = [field for field in fields if not hasattr(value, field)]
    if missing:
        raise InputError(
            f"{name} = {value!r} is neither a {kind} catalog key nor an entry with "
            f"{', '.join(fields)} (missing {', '.join(missing)})"
        )
    return value


def _satellite_from_design(design) -> _Satellite:
    """Read and check the fields of a SatelliteDesign that the fleet needs."""
    needed = ("spec", "gpu_count", "total_mass", "it_power", "compute", "duty_cycle",
              "stowed_volume", "hardware_cost")
    missing = [field for field in needed if not hasattr(design, field)]
    if missing:
        raise InputError(
            f"design must be a SatelliteDesign; {type(design).__name__} lacks "
            f"{', '.join(missing)}"
        )
    spec = design.spec
    gpu_count = check_positive_int(design.gpu_count, "design.gpu_count")
    accelerator = _catalog_entry(spec.accelerator, "accelerators", "design.spec.accelerator",
                                 ("cost",))
    # The design's own cost roll-up first, then the spec's resolved input, then the catalog.
    breakdown = getattr(design, "cost_breakdown", None) or {}
    if "accelerators" in breakdown:
        accelerator_cost = check_scalar(breakdown["accelerators"],
                                        "design.cost_breakdown['accelerators']", low=0.0,
                                        unit="USD")
    else:
        unit_cost = (spec.value("accelerator_cost") if hasattr(spec, "value")
                     else accelerator.cost)
        accelerator_cost = gpu_count * check_scalar(unit_cost, "accelerator cost", low=0.0,
                                                    unit="USD")
    hardware_cost = check_scalar(design.hardware_cost, "design.hardware_cost", low=0.0,
                                 unit="USD")
    if hardware_cost < accelerator_cost * (1.0 - 1e-9):
        raise InputError(
            f"design.hardware_cost = {hardware_cost:g} USD is below the cost of its "
            f"{gpu_count} accelerators ({accelerator_cost:g} USD)"
        )
    return _Satellite(
        mass=check_scalar(design.total_mass, "design.total_mass", low=0.0, low_open=True,
                          unit="kg"),
        it_power=check_scalar(design.it_power, "design.it_power", low=0.0, low_open=True,
                              unit="W"),
        compute=check_scalar(design.compute, "design.compute", low=0.0, low_open=True,
                             unit="FLOP/s"),
        gpu_count=gpu_count,
        duty_cycle=check_scalar(design.duty_cycle, "design.duty_cycle", low=0.0, high=1.0,
                                low_open=True),
        stowed_volume=check_scalar(design.stowed_volume, "design.stowed_volume", low=0.0,
                                   low_open=True, unit="m^3"),
        hardware_cost=hardware_cost,
        accelerator_cost=min(accelerator_cost, hardware_cost),
        lifetime_years=check_scalar(spec.lifetime_years, "design.spec.lifetime_years",
                                    low=0.0, low_open=True, high=100.0, unit="yr"),
        orbit=check_choice(spec.orbit, "design.spec.orbit", _ORBITS),
        accelerator=str(getattr(accelerator, "key", spec.accelerator)),
    )


def _schedule(fleet_size, per_launch, cadence, service_life, hazard, years):
    """Satellites and launches per year that keep ``fleet_size`` satellites flying.

    Each mid-year the operator launches the shortfall of expected working satellites
    (cohorts younger than ``service_life`` years, thinned by the failure ``hazard``),
    rounded up to whole satellites and capped by the cumulative launch cadence.
    """
    cohorts = np.zeros(years, dtype=np.int64)
    launches = np.zeros(years, dtype=np.int64)
    flown = 0
    for year in range(years):
        ages = year - np.arange(year)
        in_service = ages < service_life
        survivors = float(np.sum(cohorts[:year][in_service] * np.exp(-hazard * ages[in_service])))
        # Survivor sums are floats: a shortfall of 1e-9 of the fleet is no satellite.
        shortfall = max(0, math.ceil(fleet_size - survivors - 1e-9 * fleet_size))
        allowed = int(math.floor(cadence * (year + 1) + 1e-9)) - flown
        count = min(allowed, math.ceil(shortfall / per_launch))
        launches[year] = count
        cohorts[year] = min(shortfall, count * per_launch)
        flown += count
    return cohorts, launches


def _exposure(years, service_life, hazard):
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
class FleetPlan:
    """A fleet of one satellite design: launches, schedule, costs, ground comparison.

    Money is in present-value USD at the first launch year (nominal when the discount
    rate is 0); physical totals (satellites, mass, FLOP, GPU-hours) are undiscounted.
    Per-year arrays run over the horizon, year 0 first.

    Attributes
    ----------
    satellite : dict
        The design numbers used: mass [kg], it_power [W], compute [FLOP/s], gpu_count,
        duty_cycle, stowed_volume [m^3], hardware_cost and accelerator_cost [USD, first
        unit], lifetime_years and service_life [yr], orbit, accelerator.
    vehicle : str
        Launch vehicle key.
    economics : Economics
        Economic inputs.
    years : int
        Horizon [yr].
    target_it_power, target_compute : float or None
        The target given: operating IT power [W] or compute [FLOP/s].
    satellite_count : int
        Satellites the operating fleet needs [-].
    satellites_per_launch : int
        Satellites one launch carries [-].
    packing_limit : str
        What limits ``satellites_per_launch``: "mass" or "volume".
    payload_mass : float
        Vehicle payload to the design's orbit [kg].
    launch_count, satellites_launched : int
        Launches and satellites over the horizon, replacements included [-].
    launches_per_year, satellites_launched_per_year : ndarray of int
        The same per year [-].
    operating_satellites : ndarray
        Expected working satellites, averaged over each year [-].
    deployment_years : float or None
        Years from the first launch to the last satellite of the initial fleet [yr];
        None if the cadence does not allow it within the horizon.
    launches_to_deploy : int
        Launches the initial fleet needs, ``ceil(satellite_count / satellites_per_launch)``,
        whatever the horizon [-].
    cadence : float
        Launches per year available to the fleet [1/yr].
    total_launched_mass : float
        Satellite mass launched over the horizon [kg].
    launch_price_per_kg : float
        Launch price per kg of LEO payload capacity at the reference experience [USD/kg].
    effective_launch_price_per_kg : float
        Launch spend per kg of satellite actually launched, after learning, SSO penalty
        and packing [USD/kg] (undiscounted).
    capex_breakdown : dict
        satellites (all hardware but the accelerators, with learning), accelerators,
        launch, insurance [USD].
    opex_breakdown : dict
        ground_segment_and_operations [USD].
    residual_value : float
        Straight-line value of the satellites still in service at the horizon, credited
        [USD].
    total_cost : float
        capex + opex - residual value [USD].
    spend_per_year : ndarray
        Capex plus opex spent in each year, undiscounted [USD].
    delivered_compute : ndarray
        Delivered compute averaged over each year [FLOP/s].
    delivered_flop : float
        Compute delivered over the horizon [FLOP].
    delivered_gpu_hours : float
        Accelerator-hours delivered over the horizon [h].
    compute_factors : dict
        What stands between nameplate and delivered compute [-]: duty_cycle (eclipse
        idling), availability, utilisation, accelerator_survival (in-orbit accelerator
        losses, averaged) and solar_degradation (1: the design is sized at end of life).
    cost_per_gpu_hour : float
        Levelized cost per delivered accelerator-hour [USD/h].
    cost_per_pflop_day : float
        Levelized cost per delivered PFLOP/s-day [USD].
    launched_power_price : float
        Launch spend per kW of IT power per year of service (case F-1 form) [USD/kW/yr].
    terrestrial : str
        Terrestrial baseline key.
    terrestrial_cost_per_gpu_hour : float
        Levelized cost of the same accelerator-hour on the ground [USD/h].
    terrestrial_cost : float
        Ground cost of the same delivered compute [USD].
    terrestrial_breakdown : dict
        accelerators, facility, energy [USD] of ``terrestrial_cost``.
    terrestrial_water_volume : float
        Water the ground uses for the same compute [m^3].
    break_even_launch_price : float or None
        Launch price per kg of LEO payload capacity (reference experience) at which the
        orbit's cost per delivered compute equals the ground's [USD/kg]; None if none in
        [0, economics.break_even_upper_bound].
    break_even_note : str
        How the break-even was found, or why none exists.
    """

    satellite: dict
    vehicle: str
    economics: Economics
    years: int
    target_it_power: float | None
    target_compute: float | None
    satellite_count: int
    satellites_per_launch: int
    packing_limit: str
    payload_mass: float
    launch_count: int
    satellites_launched: int
    launches_per_year: np.ndarray
    satellites_launched_per_year: np.ndarray
    operating_satellites: np.ndarray
    deployment_years: float | None
    launches_to_deploy: int
    cadence: float
    total_launched_mass: float
    launch_price_per_kg: float
    effective_launch_price_per_kg: float
    capex_breakdown: dict
    opex_breakdown: dict
    residual_value: float
    total_cost: float
    spend_per_year: np.ndarray
    delivered_compute: np.ndarray
    delivered_flop: float
    delivered_gpu_hours: float
    compute_factors: dict
    cost_per_gpu_hour: float
    cost_per_pflop_day: float
    launched_power_price: float
    terrestrial: str
    terrestrial_cost_per_gpu_hour: float
    terrestrial_cost: float
    terrestrial_breakdown: dict
    terrestrial_water_volume: float
    break_even_launch_price: float | None
    break_even_note: str

    _ARRAYS = ("launches_per_year", "satellites_launched_per_year", "operating_satellites",
               "spend_per_year", "delivered_compute")

    @property
    def capex(self) -> float:
        """Total capital cost [USD]."""
        return float(sum(self.capex_breakdown.values()))

    @property
    def opex(self) -> float:
        """Total operating cost [USD]."""
        return float(sum(self.opex_breakdown.values()))

    @property
    def target_fraction(self) -> float:
        """Largest yearly-average operating fleet over the one the target needs [-].

        Below 1 the cadence never deploys the whole fleet within the horizon, and every
        cost and delivered-compute figure describes the partial fleet actually flown.
        """
        return float(np.max(self.operating_satellites)) / self.satellite_count

    @property
    def target_met(self) -> bool:
        """Whether the initial fleet is complete within the horizon."""
        return self.deployment_years is not None

    def _rows(self):
        money = "USD"
        rows = [
            ("satellites in the fleet", self.satellite_count, "-", "operating fleet"),
            ("satellite mass", self.satellite["mass"], "kg", ""),
            ("satellites per launch", self.satellites_per_launch, "-",
             f"limited by {self.packing_limit}"),
            ("launches", self.launch_count, "-", f"{self.vehicle}, over {self.years} yr"),
            ("satellites launched", self.satellites_launched, "-", "replacements included"),
            ("deployment time", self.deployment_years, "yr", "first launch to full fleet"),
            ("target reached", self.target_fraction, "-",
             "best yearly average" if self.target_met else
             "never deployed: costs are for this partial fleet"),
            ("launches to deploy", self.launches_to_deploy, "-",
             f"{self.launches_to_deploy / self.cadence:.3g} yr at {self.cadence:g}/yr"),
            ("launched mass", self.total_launched_mass, "kg", ""),
            ("launch price", self.launch_price_per_kg, "USD/kg", "per kg of LEO capacity"),
            ("effective launch price", self.effective_launch_price_per_kg, "USD/kg",
             "per kg of satellite launched"),
        ]
        rows += [(f"capex: {name}", value, money, "") for name, value in
                 self.capex_breakdown.items()]
        rows += [(f"opex: {name.replace('_', ' ')}", value, money, "") for name, value in
                 self.opex_breakdown.items()]
        rows += [
            ("residual value", -self.residual_value, money, "credited at the horizon"),
            ("total cost", self.total_cost, money, "present value"
             if self.economics.discount_rate > 0 else "undiscounted"),
            ("delivered compute", self.delivered_flop, "FLOP", "over the horizon"),
            ("delivered GPU-hours", self.delivered_gpu_hours, "h", ""),
            ("cost per GPU-hour", self.cost_per_gpu_hour, "USD/h", "levelized"),
            ("cost per PFLOP/s-day", self.cost_per_pflop_day, "USD", "levelized"),
            ("launched power price", self.launched_power_price, "USD/kW/yr", "case F-1 form"),
            ("ground cost per GPU-hour", self.terrestrial_cost_per_gpu_hour, "USD/h",
             self.terrestrial),
            ("ground cost, same compute", self.terrestrial_cost, money, ""),
            ("break-even launch price", self.break_even_launch_price, "USD/kg",
             "per kg of LEO capacity"),
        ]
        return rows

    def __str__(self) -> str:
        lines = [f"FleetPlan: {self.satellite_count} satellites on {self.vehicle}"]
        for label, value, unit, note in self._rows():
            text = "none" if value is None else (
                f"{value:,}" if isinstance(value, (int, np.integer)) else f"{value:,.4g}")
            lines.append(f"  {label:<38} {text:>12} {unit:<10} {note}".rstrip())
        lines.append(f"  {self.break_even_note}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = []
        for label, value, unit, note in self._rows():
            text = "none" if value is None else (
                f"{value:,}" if isinstance(value, (int, np.integer)) else f"{value:,.4g}")
            cells.append(
                "<tr>" + "".join(f"<td>{html.escape(str(part))}</td>"
                                 for part in (label, text, unit, note)) + "</tr>"
            )
        return (
            "<table><thead><tr><th>quantity</th><th>value</th><th>unit</th><th>note</th>"
            "</tr></thead><tbody>" + "".join(cells) + "</tbody></table>"
            f"<p>{html.escape(self.break_even_note)}</p>"
        )

    def to_dict(self) -> dict:
        """JSON-ready dict of every field (arrays as lists, economics as a dict)."""
        data = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                value = value.tolist()
            elif isinstance(value, Economics):
                value = value.to_dict()
            elif isinstance(value, dict):
                value = dict(value)
            data[field.name] = value
        return data

    def save(self, path) -> None:
        """Write the plan as JSON to ``path``, atomically (old file or new, never half)."""
        atomic_write_text(path, json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def from_dict(cls, data: dict) -> FleetPlan:
        """Inverse of :meth:`to_dict`."""
        names = {field.name for field in dataclasses.fields(cls)}
        if set(data) != names:
            missing, extra = names - set(data), set(data) - names
            raise InputError(
                f"not a FleetPlan dict: missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        values = dict(data)
        values["economics"] = Economics.from_dict(values["economics"])
        for name in cls._ARRAYS:
            values[name] = np.asarray(values[name])
        return cls(**values)

    @classmethod
    def load(cls, path) -> FleetPlan:
        """Read a plan written by :meth:`save`."""
        return cls.from_dict(json.loads(Path(path).read_text()))


def plan_fleet(design, *, target_it_power=None, target_compute=None, vehicle="starship",
               years=10, economics=None) -> FleetPlan:
    """Plan the fleet of one satellite design that meets a compute target.

    The fleet keeps ``N = ceil(target / per-satellite)`` satellites flying (target in IT
    power or in nameplate compute). Launches carry ``k`` satellites, the smaller of the
    payload-mass and fairing-volume limits, with the payload to the design's orbit
    (the catalog's sun-synchronous payload for a dawn-dusk orbit, its LEO payload
    otherwise). Each year, up to the vehicle cadence, the operator launches the
    shortfall left by deployment, end-of-life retirements and failures.

    Costs:

    - satellites: bus (hardware minus accelerators) on a unit learning curve,
      ``c1 * u**log2(1 - r_m)`` for the u-th satellite built; accelerators at catalog
      price;
    - launch: each launch costs ``p * m_LEO * (M / M_0)**log2(1 - r_L)`` with ``M`` the
      cumulative mass flown before it (``M_0`` the provider's experience);
    - insurance: a fraction of satellite plus launch cost at launch;
    - ground segment and operations: per working satellite-year;
    - residual value: satellites still in service at the horizon are credited their
      straight-line remaining value, so the horizon does not bias cost per compute.

    Delivered compute = nameplate x duty cycle (eclipse idling) x availability x
    utilisation x accelerator survival, integrated over expected working satellites.
    Solar degradation: the design is sized to close at end of life (the sizing
    contract), so its array margin is already in its mass and cost and compute is not
    derated; satellites are retired at the end of that life, never operated past it.
    Cost per GPU-hour and per PFLOP/s-day are levelized: present value of cost over
    present value of delivered compute.

    The ground runs the same accelerators (catalog cost, same service life, failed
    parts replaced), in the terrestrial baseline's facility (capex per W of IT power
    annuitized over its life) with its electricity price and PUE, at the same
    utilisation; idle power is neglected. The break-even launch price is the root, by
    Brent's method, of orbit minus ground cost per GPU-hour in the launch price.

    Parameters
    ----------
    design : SatelliteDesign
        The satellite (from :func:`thermaldesign.size_satellite` or built directly).
    target_it_power : float, optional
        Operating IT power of the fleet [W], > 0.
    target_compute : float, optional
        Operating nameplate compute of the fleet [FLOP/s], > 0. Give exactly one target.
    vehicle : str or LaunchVehicle, default "starship"
        Launch vehicle (catalog key or entry).
    years : int, default 10
        Horizon from the first launch [yr], 1 to 100.
    economics : Economics, optional
        Economic inputs; defaults documented with their sources in :class:`Economics`.

    Returns
    -------
    FleetPlan

    Notes
    -----
    Not modelled: payload loss to the operational altitude and inclination (the catalog
    payloads are taken as they are; the satellites raise their own orbit), fairing
    diameter fit, launch failures other than through insurance,
    in-orbit servicing, disposal cost beyond the bus propellant, and the performance
    gain of refreshed accelerators.

    References
    ----------
    Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), ch. 20 (learning
    curves, life-cycle cost). Google Project Suncatcher, arXiv:2511.19468 (2025), section
    4.4 (launch learning, launched power price).
    """
    if economics is None:
        economics = Economics()
    elif not isinstance(economics, Economics):
        raise InputError(f"economics must be an Economics; got {type(economics).__name__}")
    years = check_positive_int(years, "years")
    if years > 100:
        raise InputError(f"years = {years} is outside the valid range [1, 100]")
    if (target_it_power is None) == (target_compute is None):
        raise InputError("give exactly one of target_it_power [W] and target_compute [FLOP/s]")
    satellite = _satellite_from_design(design)
    launcher = _catalog_entry(vehicle, "launch_vehicles", "vehicle",
                              ("payload_leo", "payload_sso", "price", "fairing_volume",
                               "max_launches_per_year"))
    ground = _catalog_entry(economics.terrestrial, "terrestrial", "economics.terrestrial",
                            ("capex_per_watt", "electricity_price_per_kwh", "pue",
                             "water_per_kwh", "lifetime_years"))

    if target_it_power is not None:
        target = check_scalar(target_it_power, "target_it_power", low=0.0, low_open=True,
                              high=1e15, unit="W")
        ratio = target / satellite.it_power
    else:
        target = check_scalar(target_compute, "target_compute", low=0.0, low_open=True,
                              high=1e27, unit="FLOP/s")
        ratio = target / satellite.compute
    fleet_size = max(1, math.ceil(ratio * (1.0 - 1e-12)))
    if fleet_size > 10_000_000:
        raise InputError(f"the target needs {fleet_size:,} satellites; the model stops at 1e7")

    payload = float(launcher.payload_sso if satellite.orbit == "dawn-dusk"
                    else launcher.payload_leo)
    per_launch = satellites_per_launch(satellite.mass, satellite.stowed_volume, payload,
                                       launcher.fairing_volume,
                                       volume_fraction=economics.fairing_volume_fraction)
    by_mass = math.floor(payload / satellite.mass * (1.0 + 1e-12))
    packing_limit = "mass" if by_mass <= per_launch else "volume"
    if per_launch < 1:
        raise InputError(
            f"one satellite ({satellite.mass:g} kg, {satellite.stowed_volume:g} m^3 stowed) "
            f"does not fit a {getattr(launcher, 'key', vehicle)} launch ({payload:g} kg to "
            f"the {satellite.orbit} orbit, {economics.fairing_volume_fraction:g} x "
            f"{launcher.fairing_volume:g} m^3 usable)"
        )

    service_limit = satellite.lifetime_years
    if economics.refresh_period is not None:
        service_limit = min(service_limit, economics.refresh_period)
    # Launches come once a year in this model, so service is whole years, never past EOL.
    service_life = math.floor(service_limit + 1e-9)
    if service_life < 1:
        raise InputError(
            f"design.spec.lifetime_years = {satellite.lifetime_years:g} yr is below the one "
            "year a yearly fleet schedule resolves"
        )
    cadence = (economics.max_launches_per_year if economics.max_launches_per_year is not None
               else check_scalar(launcher.max_launches_per_year, "max_launches_per_year",
                                 low=0.0, low_open=True))
    hazard = -math.log1p(-economics.failure_rate)
    chip_hazard = -math.log1p(-economics.accelerator_failure_rate)
    cohorts, launches = _schedule(fleet_size, per_launch, cadence, service_life, hazard, years)
    if cohorts.sum() == 0:
        raise InputError(
            f"no launch fits in {years} yr at a cadence of {cadence:g} launches/yr; "
            "lengthen the horizon"
        )

    # --- per-launch masses and learning factors ------------------------------------------
    launch_year = np.repeat(np.arange(years), launches)
    launch_mass = np.full(launch_year.size, per_launch * satellite.mass)
    last_of_year = np.cumsum(launches)[launches > 0] - 1
    launch_mass[last_of_year] = (cohorts[launches > 0]
                                 - (launches[launches > 0] - 1) * per_launch) * satellite.mass
    experience = economics.launch_experience_mass
    flown_before = experience + np.cumsum(launch_mass) - launch_mass
    learning = np.atleast_1d(learning_curve_price(flown_before, 1.0, experience,
                                                  economics.launch_learning_rate))
    # Launch spend per year per USD/kg of LEO capacity price.
    launch_weight = np.bincount(launch_year, weights=learning * launcher.payload_leo,
                                minlength=years)

    # --- manufacturing --------------------------------------------------------------------
    bus_first_unit = satellite.hardware_cost - satellite.accelerator_cost
    built = np.concatenate([[0], np.cumsum(cohorts)])
    bus_cost = np.array([
        unit_cost_sum(built[year] + 1, built[year + 1], bus_first_unit,
                      economics.manufacturing_learning_rate)
        for year in range(years)
    ])
    accelerator_spend = cohorts * satellite.accelerator_cost

    # --- operation ------------------------------------------------------------------------
    in_service = _exposure(years, service_life, hazard)
    computing = _exposure(years, service_life, hazard + chip_hazard)
    satellite_years = cohorts @ in_service
    computing_years = cohorts @ computing
    duty = satellite.duty_cycle * economics.availability * economics.utilisation
    delivered_compute = satellite.compute * duty * computing_years
    gpu_hours = satellite.gpu_count * HOURS_PER_YEAR * duty * computing_years
    operations_rate = (economics.operations_cost_per_satellite_year
                       if economics.operations_cost_per_satellite_year is not None
                       else economics.operations_cost_fraction * satellite.hardware_cost)
    operations = operations_rate * satellite_years

    rate = economics.discount_rate
    discount = (1.0 + rate) ** -(np.arange(years) + 0.5)
    horizon_discount = (1.0 + rate) ** -years
    launch_time = np.arange(years) + 0.5
    remaining = np.clip(launch_time + service_life - years, 0.0, None) / service_life
    residual_share = np.exp(-hazard * (years - launch_time)) * remaining
    present_gpu_hours = float(gpu_hours @ discount)
    present_flop = float(delivered_compute @ discount) * SECONDS_PER_YEAR
    if present_gpu_hours <= 0.0:
        raise InputError(f"no compute is delivered within {years} yr; lengthen the horizon")

    def costs(price_per_kg):
        launch = price_per_kg * launch_weight
        hardware = bus_cost + accelerator_spend
        insurance = economics.insurance_fraction * (hardware + launch)
        capital = hardware + launch + insurance
        residual = float(capital @ residual_share) * horizon_discount
        capex = {
            "satellites": float(bus_cost @ discount),
            "accelerators": float(accelerator_spend @ discount),
            "launch": float(launch @ discount),
            "insurance": float(insurance @ discount),
        }
        opex = {"ground_segment_and_operations": float(operations @ discount)}
        total = sum(capex.values()) + sum(opex.values()) - residual
        return capex, opex, residual, total, launch, capital + operations

    # --- the ground, per accelerator-year -------------------------------------------------
    chip_power = satellite.it_power / satellite.gpu_count
    chip_cost = satellite.accelerator_cost / satellite.gpu_count
    ground_hours = HOURS_PER_YEAR * economics.utilisation
    ground_lines = {
        "accelerators": chip_cost * (float(capital_recovery_factor(rate, service_life))
                                     + economics.accelerator_failure_rate),
        "facility": ground.capex_per_watt * chip_power
        * float(capital_recovery_factor(rate, ground.lifetime_years)),
        "energy": chip_power / 1000.0 * ground_hours * ground.pue
        * ground.electricity_price_per_kwh,
    }
    ground_per_gpu_hour = sum(ground_lines.values()) / ground_hours
    ground_gpu_years = present_gpu_hours / ground_hours
    terrestrial_breakdown = {name: value * ground_gpu_years for name, value in
                             ground_lines.items()}
    water = (chip_power / 1000.0 * gpu_hours.sum() * ground.water_per_kwh / 1000.0)

    reference_price = (economics.launch_price_per_kg if economics.launch_price_per_kg is not None
                       else launcher.price / launcher.payload_leo)
    capex, opex, residual, total, launch_spend, spend = costs(reference_price)

    def gap(price_per_kg):
        return costs(price_per_kg)[3] / present_gpu_hours - ground_per_gpu_hour

    upper = economics.break_even_upper_bound
    low_gap, high_gap = gap(0.0), gap(upper)
    if low_gap > 0.0:
        break_even = None
        note = (f"no break-even: even with free launch orbit costs "
                f"{low_gap + ground_per_gpu_hour:.4g} USD/GPU-h against "
                f"{ground_per_gpu_hour:.4g} on the ground")
    elif high_gap < 0.0:
        break_even = None
        note = (f"no break-even below {upper:g} USD/kg: orbit stays cheaper than the ground "
                "over the whole range")
    else:
        break_even = float(brentq(gap, 0.0, upper, xtol=1e-9, rtol=1e-12))
        note = (f"break-even at {break_even:.4g} USD/kg of LEO capacity (Brent's method on "
                f"orbit minus ground cost per GPU-hour over [0, {upper:g}] USD/kg)")

    launched_mass = float(cohorts.sum() * satellite.mass)
    effective_price = float(launch_spend.sum()) / launched_mass
    launched_power = (effective_price * satellite.mass
                      / (satellite.it_power / 1000.0 * service_life))
    chip_survival = float(computing_years.sum() / satellite_years.sum())
    first_full = np.nonzero(np.cumsum(cohorts) >= fleet_size)[0]

    return FleetPlan(
        satellite={
            "mass": satellite.mass, "it_power": satellite.it_power,
            "compute": satellite.compute, "gpu_count": satellite.gpu_count,
            "duty_cycle": satellite.duty_cycle, "stowed_volume": satellite.stowed_volume,
            "hardware_cost": satellite.hardware_cost,
            "accelerator_cost": satellite.accelerator_cost,
            "lifetime_years": satellite.lifetime_years, "service_life": float(service_life),
            "orbit": satellite.orbit, "accelerator": satellite.accelerator,
        },
        vehicle=str(getattr(launcher, "key", vehicle)),
        economics=economics,
        years=years,
        target_it_power=None if target_it_power is None else target,
        target_compute=None if target_compute is None else target,
        satellite_count=fleet_size,
        satellites_per_launch=per_launch,
        packing_limit=packing_limit,
        payload_mass=payload,
        launch_count=int(launches.sum()),
        satellites_launched=int(cohorts.sum()),
        launches_per_year=launches,
        satellites_launched_per_year=cohorts,
        operating_satellites=satellite_years,
        deployment_years=float(first_full[0] + 0.5) if first_full.size else None,
        launches_to_deploy=math.ceil(fleet_size / per_launch),
        cadence=float(cadence),
        total_launched_mass=launched_mass,
        launch_price_per_kg=float(reference_price),
        effective_launch_price_per_kg=effective_price,
        capex_breakdown=capex,
        opex_breakdown=opex,
        residual_value=residual,
        total_cost=total,
        spend_per_year=spend,
        delivered_compute=delivered_compute,
        delivered_flop=float(delivered_compute.sum() * SECONDS_PER_YEAR),
        delivered_gpu_hours=float(gpu_hours.sum()),
        compute_factors={
            "duty_cycle": satellite.duty_cycle,
            "availability": economics.availability,
            "utilisation": economics.utilisation,
            "accelerator_survival": chip_survival,
            "solar_degradation": 1.0,
        },
        cost_per_gpu_hour=total / present_gpu_hours,
        cost_per_pflop_day=total / present_flop * PFLOP_DAY,
        launched_power_price=launched_power,
        terrestrial=str(getattr(ground, "key", economics.terrestrial)),
        terrestrial_cost_per_gpu_hour=ground_per_gpu_hour,
        terrestrial_cost=ground_per_gpu_hour * present_gpu_hours,
        terrestrial_breakdown=terrestrial_breakdown,
        terrestrial_water_volume=water,
        break_even_launch_price=break_even,
        break_even_note=note,
    )
