"""From one satellite design to a fleet: launches, schedule, costs and the ground comparison.

The model runs year by year over a horizon. Launches fly mid-year (a uniform spread of
launches through the year has its mean there). Each year the operator launches what the
fleet lacks (deployment, end-of-life retirements, failures) up to the vehicle's cadence;
satellites retire after their whole years of service life and fail at a constant hazard.
Every cost is a closed form on that schedule, so the plan is exact arithmetic, and the
break-even launch price is a root of a monotone function of the launch price.

:func:`plan_fleet` validates its inputs once and runs the stages of
:mod:`thermaldesign.fleet.stages` in order; :class:`FleetPlan` holds the result.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._io import atomic_write_text
from ..errors import InputError
from .economics import Economics
from .stages import (
    SECONDS_PER_YEAR,
    BreakEven,
    Costs,
    Disposal,
    FleetTarget,
    GroundComparison,
    LaunchPacking,
    Operation,
    Replacement,
    SatelliteFigures,
    Schedule,
    break_even_price,
    check_plan_inputs,
    cost_basis,
    discounting,
    disposal,
    fleet_costs,
    fleet_target,
    ground_comparison,
    launch_cadence,
    launch_manifest,
    launch_schedule,
    launch_spend_weights,
    operate,
    pack_launch,
    present_delivery,
    production_capacity,
    production_cost,
    reference_launch_price,
    replacement_policy,
    resolve_ground,
    resolve_vehicle,
    satellite_figures,
)

__all__ = ["FleetPlan", "plan_fleet"]

# One PFLOP/s sustained for a day [FLOP].
PFLOP_DAY = 1e15 * 86_400.0


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
    signed_break_even_launch_price : float
        The root of orbit minus ground cost per GPU-hour, affine in the launch price,
        extended beyond [0, upper] [USD/kg]: negative when orbit stays dearer even with
        free launch (the launch would have to be paid to the operator), so it measures by
        how much a verdict misses; +-inf when the cost does not depend on the launch price.
    spare_count : int
        In-orbit spares kept beyond ``satellite_count`` [-].
    binding_limit : tuple of str
        What limited each year's launches: "demand", "launch", "production",
        "accelerators", or "none" in a year with no shortfall.
    production_per_year, accelerator_limit_per_year : ndarray of int
        Satellites the factory can build and the chip supply can fill each year [-].
    launches_by_vehicle : dict
        ``{vehicle: [launches per year]}``; a partial load flies as a per-kg share
        (``"<vehicle> (shared)"``) or on a smaller catalog vehicle when cheaper.
    deorbited_per_year, failed_per_year : ndarray
        Expected satellites de-orbited at end of life and failed in orbit, per year [-].
    reentry_mass_per_year : ndarray
        Satellite mass re-entering per year [kg].
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
    signed_break_even_launch_price: float = math.nan
    spare_count: int = 0
    binding_limit: tuple = ()
    production_per_year: np.ndarray = None
    accelerator_limit_per_year: np.ndarray = None
    launches_by_vehicle: dict = None
    deorbited_per_year: np.ndarray = None
    failed_per_year: np.ndarray = None
    reentry_mass_per_year: np.ndarray = None

    _ARRAYS = ("launches_per_year", "satellites_launched_per_year", "operating_satellites",
               "spend_per_year", "delivered_compute", "production_per_year",
               "accelerator_limit_per_year", "deorbited_per_year", "failed_per_year",
               "reentry_mass_per_year")

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
            ("re-entry mass, largest year", float(np.max(self.reentry_mass_per_year))
             if self.reentry_mass_per_year is not None else None, "kg/yr",
             "de-orbited and failed satellites"),
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
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Economics):
                value = value.to_dict()
            elif isinstance(value, dict):
                value = dict(value)
            data[field.name] = value
        return data

    def to_dataframe(self):
        """The per-year schedule as a :class:`pandas.DataFrame`, one row per year.

        Returns
        -------
        pandas.DataFrame
            Index ``year``: years since the first launch, 0 to ``years - 1`` [yr].
            Columns: ``launches`` and ``satellites_launched`` (``int64``, replacements
            included) [-]; ``operating_satellites``, the expected working satellites
            averaged over the year [-]; ``it_power``, their IT power,
            ``operating_satellites`` times the satellite's IT power [W];
            ``delivered_compute`` averaged over the year [FLOP/s]; ``spend``, capex plus
            opex spent in the year, undiscounted [USD]; ``binding_limit``, what limited the
            year's launches; ``reentry_mass``, satellite mass re-entering [kg].
            ``df.attrs["units"]`` names the
            units; the columns sum to :attr:`launch_count`, :attr:`satellites_launched`.
        """
        # Imported here: pandas costs ~0.3 s at import and only exports need it.
        import pandas as pd

        operating = np.asarray(self.operating_satellites, dtype=float)
        frame = pd.DataFrame(
            {
                "launches": np.asarray(self.launches_per_year).astype(np.int64),
                "satellites_launched":
                    np.asarray(self.satellites_launched_per_year).astype(np.int64),
                "operating_satellites": operating,
                "it_power": operating * float(self.satellite["it_power"]),
                "delivered_compute": np.asarray(self.delivered_compute, dtype=float),
                "spend": np.asarray(self.spend_per_year, dtype=float),
                "binding_limit": list(self.binding_limit) or ["none"] * len(operating),
                "reentry_mass": np.asarray(self.reentry_mass_per_year, dtype=float)
                if self.reentry_mass_per_year is not None else np.zeros(len(operating)),
            },
            index=pd.RangeIndex(len(operating), name="year"),
        )
        frame.attrs = {"units": {"year": "yr", "launches": "-", "satellites_launched": "-",
                                 "operating_satellites": "-", "it_power": "W",
                                 "delivered_compute": "FLOP/s", "spend": "USD",
                                 "binding_limit": "", "reentry_mass": "kg"},
                       "vehicle": self.vehicle}
        return frame

    def save(self, path) -> None:
        """Write the plan as JSON to ``path``, atomically (old file or new, never half)."""
        atomic_write_text(path, json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def from_dict(cls, data: dict) -> FleetPlan:
        """Inverse of :meth:`to_dict`.

        A plan saved before the production, manifest and disposal fields existed reads
        back with those fields at their defaults (empty).
        """
        fields = dataclasses.fields(cls)
        names = {field.name for field in fields}
        optional = {field.name for field in fields
                    if field.default is not dataclasses.MISSING}
        missing, extra = names - set(data) - optional, set(data) - names
        if missing or extra:
            raise InputError(
                f"not a FleetPlan dict: missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        values = dict(data)
        values["economics"] = Economics.from_dict(values["economics"])
        values["binding_limit"] = tuple(values.get("binding_limit", ()))
        for name in cls._ARRAYS:
            if values.get(name) is not None:
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
    economics, years = check_plan_inputs(economics, years, target_it_power, target_compute)
    satellite = satellite_figures(design)
    launcher = resolve_vehicle(vehicle)
    ground = resolve_ground(economics.terrestrial)
    vehicle_name = str(getattr(launcher, "key", vehicle))
    target = fleet_target(satellite, target_it_power, target_compute)
    spares = math.ceil(economics.spare_fraction * target.satellite_count - 1e-9)
    packing = pack_launch(satellite, launcher, economics, vehicle_name)
    replacement = replacement_policy(satellite, economics)
    cadence = launch_cadence(launcher, economics)
    capacity = production_capacity(economics, satellite.gpu_count, years)
    schedule = launch_schedule(target.satellite_count + spares, packing.satellites_per_launch,
                               cadence, replacement, years, capacity)
    manifest = launch_manifest(schedule, packing.satellites_per_launch, satellite, launcher,
                               vehicle_name, economics)
    production = production_cost(schedule.satellites, satellite, economics)
    operation = operate(schedule.satellites, replacement, satellite, economics,
                        computing_limit=float(target.satellite_count) if spares else None)
    discount = discounting(economics.discount_rate, years)
    present_gpu_hours, present_flop = present_delivery(operation, discount)
    basis = cost_basis(launch_spend_weights(manifest, economics, launcher.payload_leo, years),
                       production, operation, replacement, discount, economics)
    price = reference_launch_price(launcher, economics)
    costs = fleet_costs(basis, price)
    on_ground = ground_comparison(satellite, ground, economics, replacement,
                                  present_gpu_hours, operation.gpu_hours)
    break_even = break_even_price(basis, present_gpu_hours, on_ground.cost_per_gpu_hour,
                                  economics.break_even_upper_bound)
    return FleetPlan(
        satellite=_satellite_record(satellite, replacement), vehicle=vehicle_name,
        economics=economics, years=years, target_it_power=target.it_power,
        target_compute=target.compute, satellite_count=target.satellite_count,
        **_schedule_fields(packing, schedule, target, cadence),
        **_cost_fields(costs, price, schedule, satellite, replacement),
        **_delivery_fields(operation, satellite, economics, replacement, costs.total,
                           present_gpu_hours, present_flop),
        terrestrial=str(getattr(ground, "key", economics.terrestrial)),
        **_ground_fields(on_ground, break_even),
        **_realism_fields(spares, schedule, capacity, manifest,
                          disposal(schedule.satellites, replacement, satellite.mass), years),
    )


def _realism_fields(spares: int, schedule: Schedule, capacity, manifest, gone: Disposal,
                    years: int) -> dict:
    """FleetPlan fields of production limits, launches by vehicle and disposal."""
    return {
        "spare_count": int(spares),
        "binding_limit": schedule.binding,
        "production_per_year": capacity.production,
        "accelerator_limit_per_year": capacity.accelerators,
        "launches_by_vehicle": manifest.launches_by_vehicle(years),
        "deorbited_per_year": gone.deorbited,
        "failed_per_year": gone.failed,
        "reentry_mass_per_year": gone.reentry_mass,
    }


def _satellite_record(satellite: SatelliteFigures, replacement: Replacement) -> dict:
    """FleetPlan.satellite: the design numbers used, with the service life [yr]."""
    record = dict(vars(satellite))
    orbit, accelerator = record.pop("orbit"), record.pop("accelerator")
    return {**record, "service_life": float(replacement.service_life), "orbit": orbit,
            "accelerator": accelerator}


def _schedule_fields(packing: LaunchPacking, schedule: Schedule, target: FleetTarget,
                     cadence: float) -> dict:
    """FleetPlan fields of the packing and the launch schedule."""
    return {
        "satellites_per_launch": packing.satellites_per_launch,
        "packing_limit": packing.limit,
        "payload_mass": packing.payload_mass,
        "launch_count": int(schedule.launches.sum()),
        "satellites_launched": int(schedule.satellites.sum()),
        "launches_per_year": schedule.launches,
        "satellites_launched_per_year": schedule.satellites,
        "deployment_years": schedule.deployment_years(target.satellite_count),
        "launches_to_deploy": math.ceil(target.satellite_count / packing.satellites_per_launch),
        "cadence": float(cadence),
    }


def _cost_fields(costs: Costs, price: float, schedule: Schedule, satellite: SatelliteFigures,
                 replacement: Replacement) -> dict:
    """FleetPlan fields of the costs at the reference launch price ``price`` [USD/kg]."""
    launched_mass = float(schedule.satellites.sum() * satellite.mass)
    effective_price = float(costs.launch_spend.sum()) / launched_mass
    return {
        "total_launched_mass": launched_mass,
        "launch_price_per_kg": float(price),
        "effective_launch_price_per_kg": effective_price,
        "capex_breakdown": costs.capex,
        "opex_breakdown": costs.opex,
        "residual_value": costs.residual,
        "total_cost": costs.total,
        "spend_per_year": costs.spend_per_year,
        "launched_power_price": effective_price * satellite.mass
        / (satellite.it_power / 1000.0 * replacement.service_life),
    }


def _delivery_fields(operation: Operation, satellite: SatelliteFigures, economics: Economics,
                     replacement: Replacement, total_cost: float, present_gpu_hours: float,
                     present_flop: float) -> dict:
    """FleetPlan fields of the delivered compute and the levelized costs."""
    return {
        "operating_satellites": operation.satellite_years,
        "delivered_compute": operation.delivered_compute,
        "delivered_flop": float(operation.delivered_compute.sum() * SECONDS_PER_YEAR),
        "delivered_gpu_hours": float(operation.gpu_hours.sum()),
        "compute_factors": {
            "duty_cycle": satellite.duty_cycle,
            "availability": economics.availability,
            "utilisation": economics.utilisation,
            "accelerator_survival": float(operation.computing_years.sum()
                                          / operation.satellite_years.sum()),
            "recoverable_faults": 1.0 - replacement.recoverable_downtime,
            "solar_degradation": 1.0,
        },
        "cost_per_gpu_hour": total_cost / present_gpu_hours,
        "cost_per_pflop_day": total_cost / present_flop * PFLOP_DAY,
    }


def _ground_fields(on_ground: GroundComparison, break_even: BreakEven) -> dict:
    """FleetPlan fields of the ground comparison and the break-even launch price."""
    return {
        "terrestrial_cost_per_gpu_hour": on_ground.cost_per_gpu_hour,
        "terrestrial_cost": on_ground.cost,
        "terrestrial_breakdown": on_ground.breakdown,
        "terrestrial_water_volume": on_ground.water_volume,
        "break_even_launch_price": break_even.launch_price,
        "break_even_note": break_even.note,
        "signed_break_even_launch_price": break_even.signed_launch_price,
    }
