"""A fixed satellite design's fleet with uncertain unit masses, unit costs and economics.

:class:`FixedDesignFleet` holds one sized design (its GPU count, panel areas and mass
roll-up stay as sized) and re-prices and re-weighs it when a unit cost, a unit mass or an
economic input moves, then plans its fleet with :func:`~thermaldesign.fleet.plan_fleet`.
One evaluation costs about a millisecond, so Monte Carlo and Sobol analyses of 10^5
evaluations are cheap. The design is not re-optimised for each draw: the answers are
those of *this* design when the catalog's numbers are off, which is what a fleet decision
on a chosen design needs; re-sizing per draw is :func:`thermaldesign.studytools.monte_carlo`.

Every input carries its provenance (:class:`InputSpec`): the catalog field's confidence
and source range, the economics' documented range, or the spec default's source.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..errors import InputError
from .economics import Economics
from .plan import plan_fleet
from .stages import reference_launch_price, resolve_ground, resolve_vehicle

__all__ = ["FixedDesignFleet", "InputSpec", "OUTPUTS"]

#: Outputs of :meth:`FixedDesignFleet.evaluate`, with their units.
OUTPUTS = {
    "specific_power": "W/kg",
    "cost_per_gpu_hour": "USD/h",
    "break_even_launch_price": "USD/kg",
    "cost_ratio": "-",
}

# Mass parts that are fractions of the dry mass (harness, structure) or of the wet mass
# (propellant): they scale with the sum of the other parts, exactly as in the sizing's
# roll-up dry = subtotal / (1 - f_harness - f_structure).
_FRAME_PARTS = ("harness", "structure", "propellant")
# Parts that are not the bus in the cost roll-up (bus cost = bus_cost_per_kg x the rest).
_NOT_BUS = ("accelerators", "spare accelerators", "solar array", "radiator", "battery",
            "propellant")

# Spec field -> (catalog technology, field, part it scales, "cost"/"mass", exponent).
_DESIGN_INPUTS = {
    "spec.accelerator_cost": ("accelerator", "cost", "accelerators", "cost", 1),
    "spec.array_cost_per_watt": ("solar_array", "cost_per_watt", "solar array", "cost", 1),
    "spec.radiator_cost_per_area": ("radiator", "cost_per_area", "radiator", "cost", 1),
    "spec.battery_cost_per_kwh": ("battery", "cost_per_kwh", "battery", "cost", 1),
    "spec.accelerator_mass": ("accelerator", "mass", "accelerators", "mass", 1),
    "radiator.areal_density": ("radiator", "areal_density", "radiator", "mass", 1),
    "solar_array.areal_density": ("solar_array", "areal_density", "solar array", "mass", 1),
    "battery.specific_energy": ("battery", "specific_energy", "battery", "mass", -1),
}
# The bus cost per kg is a spec default, not a catalog number: its range is the one its
# documented source gives.
_BUS_COST = ("estimate", 1000.0, 5000.0,
             "spec default: mass-produced bus 3,000 USD/kg, Starlink-class ~1,000-5,000")

_ECONOMICS_INPUTS = (
    "launch_learning_rate", "manufacturing_learning_rate", "failure_rate",
    "accelerator_failure_rate", "accelerator_hard_fraction", "operations_cost_fraction",
    "insurance_fraction", "production_rate", "accelerator_supply", "dispenser_mass_fraction",
    "partial_load_premium",
)
_GROUND_INPUTS = ("capex_per_watt", "electricity_price_per_kwh", "pue")
# Inputs that are shares or probabilities, in [0, 1].
FRACTIONS = frozenset({
    "economics.launch_learning_rate", "economics.manufacturing_learning_rate",
    "economics.failure_rate", "economics.accelerator_failure_rate",
    "economics.accelerator_hard_fraction", "economics.insurance_fraction",
    "economics.dispenser_mass_fraction",
})


class InputSpec(NamedTuple):
    """One uncertain input and where its uncertainty comes from.

    Attributes
    ----------
    name : str
        ``spec.<field>``, ``<technology>.<field>``, ``economics.<field>`` or
        ``terrestrial.<field>``.
    value : float
        Base value, in the field's SI unit.
    confidence : str
        Catalog confidence ("high", "medium", "low", "estimate") or "user".
    low, high : float or None
        The range a source gives, SI (None: the confidence rule applies).
    source : str
        Where the value and its range come from.
    """

    name: str
    value: float
    confidence: str
    low: float | None
    high: float | None
    source: str


@dataclass(frozen=True)
class _Ground:
    """A terrestrial baseline with moved prices (the fields the fleet reads)."""

    key: str
    capex_per_watt: float
    electricity_price_per_kwh: float
    pue: float
    water_per_kwh: float
    lifetime_years: float


@dataclass(frozen=True)
class _Satellite:
    """The SatelliteDesign fields the fleet reads, for one draw."""

    spec: object
    gpu_count: int
    total_mass: float
    it_power: float
    compute: float
    duty_cycle: float
    stowed_volume: float
    hardware_cost: float
    cost_breakdown: dict
    accelerator_hard_failure_rate: float | None = None
    satellite_failure_rate: float | None = None


@dataclass(frozen=True, eq=False)
class FixedDesignFleet:
    """The fleet of one sized design, evaluated at moved unit costs, masses and economics.

    Build it with :meth:`from_design`; :meth:`inputs` lists every uncertain input with its
    provenance; :meth:`evaluate` returns :data:`OUTPUTS` for one set of input values.

    Attributes
    ----------
    spec : SatelliteSpec
        The design's spec.
    mass_parts, cost_parts : dict
        The design's mass roll-up [kg] and first-unit hardware cost roll-up [USD] (launch
        left out: the fleet prices launch).
    it_power, compute, duty_cycle, stowed_volume : float
        [W], [FLOP/s], [-], [m^3].
    gpu_count : int
    hard_failure_rate, satellite_failure_rate : float or None
        The design's own accelerator hard-failure and satellite failure rates [1/yr], if
        it reports them.
    target_it_power : float
        Fleet IT power target [W].
    vehicle : str
        Launch vehicle key.
    years : int
        Fleet horizon [yr].
    economics : Economics
        Base economics.
    """

    spec: object
    mass_parts: dict
    cost_parts: dict
    it_power: float
    compute: float
    duty_cycle: float
    stowed_volume: float
    gpu_count: int
    hard_failure_rate: float | None
    satellite_failure_rate: float | None
    target_it_power: float
    vehicle: str
    years: int
    economics: Economics

    @classmethod
    def from_design(cls, design, *, target_it_power: float, vehicle: str = "starship_future",
                    years: int = 10, economics: Economics | None = None) -> FixedDesignFleet:
        """The fleet model of a sized ``design`` (see :func:`plan_fleet` for the rest)."""
        economics = Economics() if economics is None else economics
        cost_parts = {name: float(value) for name, value in design.cost_breakdown.items()
                      if name != "launch"}
        model = cls(spec=design.spec, mass_parts=dict(design.mass_breakdown),
                    cost_parts=cost_parts, it_power=float(design.it_power),
                    compute=float(design.compute), duty_cycle=float(design.duty_cycle),
                    stowed_volume=float(design.stowed_volume), gpu_count=int(design.gpu_count),
                    hard_failure_rate=getattr(design, "accelerator_hard_failure_rate", None),
                    satellite_failure_rate=getattr(design, "satellite_failure_rate", None),
                    target_it_power=float(target_it_power), vehicle=str(vehicle),
                    years=int(years), economics=economics)
        # Base values of the design inputs, read once from the catalog (evaluate needs them).
        object.__setattr__(model, "_design_base",
                           {spec.name: spec.value for spec in model._design_inputs()})
        model.evaluate({})  # the base point must plan: bad targets fail here
        return model

    # ----------------------------------------------------------------- inputs

    def inputs(self, names: Sequence[str] | None = None) -> list[InputSpec]:
        """The uncertain inputs with their provenance (all of them, or ``names``)."""
        every = {spec.name: spec for spec in (*self._design_inputs(),
                                              *self._economics_inputs(),
                                              *self._ground_inputs())}
        if names is None:
            return list(every.values())
        unknown = [name for name in names if name not in every]
        if unknown:
            raise InputError(f"no uncertain input {unknown[0]!r}; inputs: {', '.join(every)}")
        return [every[name] for name in names]

    def _design_inputs(self) -> list[InputSpec]:
        specs = []
        for name, (technology, field, _part, _kind, _power) in _DESIGN_INPUTS.items():
            attribute = name.removeprefix("spec.")
            own = getattr(self.spec, attribute, None) if name.startswith("spec.") else None
            entry = self.spec.entry(technology)
            if own is not None:
                specs.append(InputSpec(name, float(own), "user", None, None, "user-supplied"))
                continue
            prov = entry.provenance(field)
            specs.append(InputSpec(name, float(getattr(entry, field)), prov.confidence,
                                   prov.low, prov.high,
                                   f"catalog {entry.KIND}/{entry.key}.{field}: {prov.source}"))
        confidence, low, high, source = _BUS_COST
        specs.append(InputSpec("spec.bus_cost_per_kg", float(self.spec.bus_cost_per_kg),
                               confidence, low, high, source))
        return specs

    def _economics_inputs(self) -> list[InputSpec]:
        launcher = resolve_vehicle(self.vehicle)
        price = reference_launch_price(launcher, self.economics)
        prov = launcher.provenance("price")
        specs = [InputSpec("economics.launch_price_per_kg", float(price), prov.confidence,
                           None, None, f"catalog launch_vehicles/{self.vehicle}.price over "
                           f"payload_leo: {prov.source}")]
        for field in _ECONOMICS_INPUTS:
            value = getattr(self.economics, field)
            if value is None or value == 0.0:
                continue  # unlimited or absent: nothing to vary
            confidence, low, high = Economics.uncertainty(field)
            specs.append(InputSpec(f"economics.{field}", float(value), confidence, low, high,
                                   Economics.source(field)))
        return specs

    def _ground_inputs(self) -> list[InputSpec]:
        ground = resolve_ground(self.economics.terrestrial)
        specs = []
        for field in _GROUND_INPUTS:
            prov = ground.provenance(field)
            specs.append(InputSpec(f"terrestrial.{field}", float(getattr(ground, field)),
                                   prov.confidence, prov.low, prov.high,
                                   f"catalog terrestrial/{ground.key}.{field}: {prov.source}"))
        return specs

    # --------------------------------------------------------------- evaluate

    def satellite(self, values: Mapping[str, float]) -> _Satellite:
        """The design re-weighed and re-priced at ``values`` (names of :meth:`inputs`)."""
        base = self._design_base
        masses, costs = dict(self.mass_parts), dict(self.cost_parts)
        for name, (_technology, _field, part, kind, power) in _DESIGN_INPUTS.items():
            if name in values:
                ratio = (float(values[name]) / base[name]) ** power
                (costs if kind == "cost" else masses)[part] *= ratio
        old_core = sum(v for k, v in self.mass_parts.items() if k not in _FRAME_PARTS)
        new_core = sum(v for k, v in masses.items() if k not in _FRAME_PARTS)
        for part in _FRAME_PARTS:
            if part in masses:
                masses[part] *= new_core / old_core
        bus_cost_per_kg = float(values.get("spec.bus_cost_per_kg", self.spec.bus_cost_per_kg))
        if "bus" in costs:
            costs["bus"] = bus_cost_per_kg * sum(v for k, v in masses.items()
                                                 if k not in _NOT_BUS)
        return _Satellite(spec=self.spec, gpu_count=self.gpu_count,
                          total_mass=math.fsum(masses.values()), it_power=self.it_power,
                          compute=self.compute, duty_cycle=self.duty_cycle,
                          stowed_volume=self.stowed_volume,
                          hardware_cost=math.fsum(costs.values()),
                          cost_breakdown={"accelerators": costs.get("accelerators", 0.0)},
                          accelerator_hard_failure_rate=self.hard_failure_rate,
                          satellite_failure_rate=self.satellite_failure_rate)

    def economics_at(self, values: Mapping[str, float]) -> Economics:
        """The economics with ``values`` of economics and terrestrial inputs applied."""
        changes = {name.removeprefix("economics."): float(value)
                   for name, value in values.items() if name.startswith("economics.")}
        moved_ground = {name.removeprefix("terrestrial."): float(value)
                        for name, value in values.items() if name.startswith("terrestrial.")}
        if moved_ground:
            ground = resolve_ground(self.economics.terrestrial)
            fields = {f: getattr(ground, f) for f in ("capex_per_watt", "pue", "water_per_kwh",
                                                       "electricity_price_per_kwh",
                                                       "lifetime_years")}
            changes["terrestrial"] = _Ground(key=str(getattr(ground, "key", "ground")),
                                             **(fields | moved_ground))
        return dataclasses.replace(self.economics, **changes)

    def evaluate(self, values: Mapping[str, float]) -> dict[str, float]:
        """:data:`OUTPUTS` at ``values`` (input name -> value, SI; others at base).

        ``break_even_launch_price`` is the launch price per kg of LEO capacity at which
        orbit and ground cost the same (the plan's signed break-even): orbit beats the
        ground at every price below it; negative when even free launch leaves orbit dearer.
        """
        unknown = [name for name in values if not _known(name)]
        if unknown:
            raise InputError(f"no uncertain input {unknown[0]!r}")
        satellite = self.satellite(values)
        economics = self.economics_at(values)
        plan = plan_fleet(satellite, target_it_power=self.target_it_power,
                          vehicle=self.vehicle, years=self.years, economics=economics)
        break_even = plan.signed_break_even_launch_price
        return {
            "specific_power": self.it_power / satellite.total_mass,
            "cost_per_gpu_hour": plan.cost_per_gpu_hour,
            "break_even_launch_price": float(break_even),
            "cost_ratio": plan.cost_per_gpu_hour / plan.terrestrial_cost_per_gpu_hour,
        }

    def evaluate_rows(self, names: Sequence[str], rows: np.ndarray) -> np.ndarray:
        """:data:`OUTPUTS` for each row of input values, shape ``(n, 4)``; NaN where a row
        is refused (an InputError: e.g. a draw outside a field's valid range)."""
        rows = np.asarray(rows, dtype=float)
        result = np.full((rows.shape[0], len(OUTPUTS)), np.nan)
        for index, row in enumerate(rows):
            try:
                outputs = self.evaluate(dict(zip(names, row, strict=True)))
            except InputError:
                continue
            result[index] = [outputs[name] for name in OUTPUTS]
        return result


def _known(name: str) -> bool:
    return (name in _DESIGN_INPUTS or name == "spec.bus_cost_per_kg"
            or name.startswith(("economics.", "terrestrial.")))
