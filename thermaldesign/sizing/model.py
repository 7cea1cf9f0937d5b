"""The sizing geometric program: terms, coefficients and the compiled cvxpy problem.

Every constraint is written as a posynomial <= 1. Each term is a positive coefficient,
held in a ``cvxpy.Parameter(pos=True)``, times a monomial of the design variables, so a
compiled problem is re-solved for a new spec by changing parameter values only (DPP).
A problem is compiled once per *structure*: the objective, whether the GPU count is free
or fixed, whether the orbit needs a battery, which optional limits are set, and which
coefficients are zero (their terms are left out).

Variables (all positive): GPU count N [-], array area A_s [m^2], radiator area A_r [m^2],
radiator temperature T [K], battery energy E [J], dry mass M [kg], objective epigraph t.

Constraints, with the coefficients from :mod:`.evaluate` (per-GPU and fixed parts of the
affine loads; ``c = sides * fin efficiency * emissivity * sigma``)::

    power balance     (p_N N + p_0) / (P_EOL A_s)                     <= 1   SMAD eq. 11-5
                      (eclipse season's solar flux; and a day without eclipse at the
                      year's lowest flux, "power balance (aphelion)")
    battery           (e_N N + e_0) / E                               <= 1   SMAD eq. 11-11
    radiator balance  (q_N N + q_0) / (c A_r T^4) + q_abs / (c T^4)   <= 1   EOL, hot case
    thermal chain     T / (T_junction - drops + lift)                 <= 1
    radiator material T / T_max                                       <= 1
    mass roll-up      (m_N N + m_s A_s + m_r A_r + E / e + m_0) / M + f <= 1
    mass limit        exp(dv / g0 Isp) M / M_limit                    <= 1
    packing limits    A_s / A_s,max, A_r / A_r,max, V(N, A_s, A_r, E, M) / V_max <= 1
    minimum GPUs      k / N                                           <= 1   (N free)

Objective epigraph ``objective(N, ...) / t <= 1``, minimise t: 1/N (max_compute),
wet mass / compute, or (hardware + launch cost) / compute. With N fixed, max_compute
minimises the wet mass instead (the tie-break among designs of equal compute).

For the constraint ``sum_k c_k m_k(x) <= 1`` with dual value lambda (cvxpy reports, for a
geometric program, the dual of the log-transformed problem), the sensitivity of the optimal
objective to a coefficient is d log f* / d log c_k = lambda * c_k m_k(x*) (the term's
share of the active constraint), the envelope theorem in log space (Boyd, Kim,
Vandenberghe & Hassibi, "A tutorial on geometric programming", Optim. Eng. 8 (2007),
section 5.2).
"""

from __future__ import annotations

import functools
import operator
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .. import accelerator
from ..constants import STEFAN_BOLTZMANN
from ..errors import InputError
from .columns import (
    SpecColumns,
    anywhere,
    as_real,
    choose,
    exact_power,
    per_distinct_value,
    row_patterns,
    smaller,
)
from .evaluate import (
    JUNCTION_FIT_RANGE,
    Environment,
    affine_loads,
    bus_mass_per_area,
    fixed_mass,
    leakage_exponent_of,
)
from .spec import SatelliteSpec

__all__ = ["Term", "Constraint", "Structure", "coefficient_values", "compiled", "LIMITS",
           "unbounded_rows", "structures_of", "row_values"]

# Scale of the per-compute objectives (per PFLOP/s) so the solver sees O(1)-O(1e6) values.
_COMPUTE_UNIT = 1e15

#: The GP's junction variable is junction_ratio = T_j / JUNCTION_SCALE [-], so the
#: leakage (T_j^11) and Arrhenius (T_j^24) monomials stay O(1) in the conic form [K].
JUNCTION_SCALE = 350.0

# constraint name -> spec field it bounds; the infeasibility diagnosis relaxes these.
LIMITS = OrderedDict(
    [
        ("mass limit", "mass_limit"),
        ("junction limit", "junction_limit"),
        ("radiator material", "radiator.max_temperature"),
        ("array area limit", "max_array_area"),
        ("radiator area limit", "max_radiator_area"),
        ("stowed volume limit", "max_stowed_volume"),
    ]
)


@dataclass(frozen=True)
class Term:
    """A coefficient (parameter name) times a monomial {variable: exponent}."""

    coefficient: str
    powers: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Constraint:
    """A named posynomial <= 1."""

    name: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Structure:
    """What decides a compiled problem's shape (the cache key)."""

    objective: str
    fixed_count: bool
    battery: bool
    limits: tuple[str, ...]
    present: frozenset  # coefficient names with non-zero values
    relaxed: tuple = ()  # limit constraints given a slack (infeasibility diagnosis)
    # (a, b, c, n): dynamic-power, throughput, leakage and Arrhenius-fit exponents
    exponents: tuple = (3.75, 0.794, 11.4, 24.2)
    spares: bool = False  # hard failures > 0: a spare count variable


def _t(coefficient: str, **powers: float) -> Term:
    return Term(coefficient, tuple(sorted((k, v) for k, v in powers.items() if v != 0)))


# the dry mass's parts, each over the dry mass M (the roll-up's posynomial <= 1)
_MASS_PARTS = (
    _t("mass.per_gpu", gpu_count=1, dry_mass=-1),
    _t("mass.heat", gpu_count=1, gpu_power=1, dry_mass=-1),
    _t("mass.spare", spare_count=1, dry_mass=-1),
    _t("mass.array", array_area=1, dry_mass=-1),
    _t("mass.radiator", radiator_area=1, dry_mass=-1),
    _t("mass.battery", battery_energy=1, dry_mass=-1),
    _t("mass.fixed", dry_mass=-1),
)


#: structure and harness masses [kg] as GP variables when they have a floor
FLOORED_PARTS = (("structure", "structure_mass"), ("harness", "harness_mass"))


def _secondary_rows(present: frozenset) -> tuple[list[Term], list[Constraint]]:
    """Roll-up terms and bounds of structure and harness, max(a, f M) each [kg].

    Without a floor a part is f M: the constant f in the roll-up (``mass.fractions``
    carries the sum of those). With one it is a variable S >= a and S >= f M, two
    monomial bounds (affine in the log domain: no extra exponential cones), and S / M
    in the roll-up; S is tight at max(a, f M) at an optimum, as nothing else pushes it up.
    """
    terms, rows = [_t("mass.fractions")], []
    for part, variable in FLOORED_PARTS:
        if f"mass.{part}_floor" not in present:
            continue
        terms.append(_t(f"mass.{part}_share", **{variable: 1, "dry_mass": -1}))
        rows.append(Constraint(f"{part} floor", (_t(f"mass.{part}_floor", **{variable: -1}),)))
        rows.append(Constraint(f"{part} fraction", (
            _t(f"mass.{part}_fraction", **{variable: -1, "dry_mass": 1}),)))
    return terms, rows


@functools.lru_cache(maxsize=256)
def full_table(structure: Structure) -> tuple[tuple[Constraint, ...], tuple[Term, ...]]:
    """All constraints and objective terms of a structure, before dropping zero terms.

    The per-GPU loads scale with the IT power per GPU w = p + host, p the board power
    P(x, T_j): two auxiliary variables, ``chip_power`` p >= W_c + W_l u^c + W_d x^a and
    ``gpu_power`` w >= p + host [W], carry it, so every load is one monomial in N w
    instead of three terms (fewer exponential cones per solve). Both bounds are tight at
    an optimum: w and p appear elsewhere only in "<=" constraints with positive
    coefficients, so the optimizer pushes them down onto their bounds.
    """
    a, _, c, n = structure.exponents
    secondary = _secondary_rows(structure.present)
    constraints = [
        Constraint("chip power", (_t("chip.const", chip_power=-1),
                                  _t("chip.leak", junction_ratio=c, chip_power=-1),
                                  _t("chip.dyn", clock_fraction=a, chip_power=-1))),
        Constraint("gpu power", (_t("gpu.chip", chip_power=1, gpu_power=-1),
                                 _t("gpu.host", gpu_power=-1))),
        Constraint("power balance", (_t("power.per_gpu", gpu_count=1, gpu_power=1,
                                        array_area=-1),
                                     _t("power.fixed", array_area=-1))),
        Constraint("power balance (aphelion)",
                   (_t("power_aphelion.per_gpu", gpu_count=1, gpu_power=1, array_area=-1),
                    _t("power_aphelion.fixed", array_area=-1))),
        Constraint(
            "radiator balance",
            (
                _t("radiator.per_gpu", gpu_count=1, gpu_power=1, radiator_area=-1,
                   radiator_temperature=-4),
                # the bus's share of the battery's discharge loss (module docstring)
                _t("radiator.fixed", radiator_area=-1, radiator_temperature=-4),
                _t("radiator.environment", radiator_temperature=-4),
            ),
        ),
        Constraint(
            "thermal chain",
            (
                _t("chain.radiator", radiator_temperature=1, junction_ratio=-1),
                _t("chain.fixed", junction_ratio=-1),
                _t("chain.chip", chip_power=1, junction_ratio=-1),
            ),
        ),
        Constraint("junction limit", (_t("junction.upper", junction_ratio=1),)),
        Constraint("junction floor", (_t("junction.lower", junction_ratio=-1),)),
        Constraint("clock limit", (_t("clock.upper", clock_fraction=1),)),
        Constraint("clock floor", (_t("clock.lower", clock_fraction=-1),)),
        Constraint("radiator material", (_t("material.inverse", radiator_temperature=1),)),
        Constraint("mass roll-up", (*_MASS_PARTS, *secondary[0])),
        *secondary[1],
        Constraint("mass limit", (_t("mass_limit.inverse", dry_mass=1),)),
    ]
    if structure.spares:
        constraints.append(Constraint(
            "spares", (_t("spares.rate", gpu_count=1, junction_ratio=n, spare_count=-1),)
        ))
    if structure.battery:
        constraints.insert(
            3,
            Constraint("battery", (_t("battery.per_gpu", gpu_count=1, gpu_power=1,
                                      battery_energy=-1),
                                   _t("battery.fixed", battery_energy=-1))),
        )
    if "max_array_area" in structure.limits:
        constraints.append(
            Constraint("array area limit", (_t("array_limit.inverse", array_area=1),))
        )
    if "max_radiator_area" in structure.limits:
        constraints.append(
            Constraint("radiator area limit", (_t("radiator_limit.inverse", radiator_area=1),))
        )
    if "max_stowed_volume" in structure.limits:
        constraints.append(
            Constraint(
                "stowed volume limit",
                (
                    _t("volume.per_gpu", gpu_count=1),
                    _t("volume.heat", gpu_count=1, gpu_power=1),
                    _t("volume.spare", spare_count=1),
                    _t("volume.array", array_area=1),
                    _t("volume.radiator", radiator_area=1),
                    _t("volume.battery", battery_energy=1),
                    _t("volume.fixed"),
                    _t("volume.dry", dry_mass=1),
                    *(_t(f"volume.{part}_share", **{variable: 1})
                      for part, variable in FLOORED_PARTS
                      if f"mass.{part}_floor" in structure.present),
                ),
            )
        )
    if not structure.fixed_count:
        constraints.append(Constraint("minimum gpu count", (_t("count.minimum", gpu_count=-1),)))
    objective = _objective_terms(structure)
    return tuple(constraints), tuple(objective)


def _objective_terms(structure: Structure) -> list[Term]:
    """Objective epigraph terms; every compute is N x^b (delivered, before duty)."""
    if structure.relaxed:
        return []
    b = structure.exponents[1]
    if structure.objective == "max_compute":
        if structure.fixed_count:
            # the clock is all that is left to maximise; the pinned-clock case minimises
            # the mass instead (the tie-break among designs of equal compute)
            if "clock.pinned" in structure.present:
                return [_t("objective.scale", dry_mass=1, objective=-1)]
            return [_t("objective.scale", clock_fraction=-b, objective=-1)]
        return [_t("objective.scale", gpu_count=-1, clock_fraction=-b, objective=-1)]
    per = {"gpu_count": -1, "clock_fraction": -b, "objective": -1}
    if structure.objective == "min_mass_per_compute":
        return [_t("objective.scale", dry_mass=1, **per)]
    return [
        _t("cost.per_gpu", gpu_count=0, clock_fraction=-b, objective=-1),
        # N w / (N x^b): the heat-dependent bus cost per GPU
        _t("cost.heat", gpu_power=1, clock_fraction=-b, objective=-1),
        _t("cost.spare", spare_count=1, **per),
        _t("cost.array", array_area=1, **per),
        _t("cost.radiator", radiator_area=1, **per),
        _t("cost.battery", battery_energy=1, **per),
        _t("cost.fixed", **per),
        _t("cost.dry_mass", dry_mass=1, **per),
    ]


def _chip_watts(spec: SatelliteSpec) -> dict[str, float]:
    """Board power split W_const + W_leak u^c + W_dyn x^a [W] (u = T_j / JUNCTION_SCALE)."""
    gpu = spec.entry("accelerator")
    reference = gpu.junction_limit  # the TDP is drawn at full clock and the catalog limit
    exponent = leakage_exponent_of(gpu)
    return {
        "const": gpu.power * (gpu.clock_static_fraction - gpu.leakage_fraction),
        # per unit of junction_ratio^c (the variable is T_j / JUNCTION_SCALE)
        "leak": gpu.power * gpu.leakage_fraction * exact_power(JUNCTION_SCALE / reference,
                                                               exponent),
        "dyn": gpu.power * (1.0 - gpu.clock_static_fraction),
    }


def arrhenius_exponent_of(gpu) -> float:
    """The Arrhenius monomial exponent n of an accelerator entry (fit over the T_j range);
    an array (B,) for stacked entries, one fit per distinct entry."""
    return per_distinct_value(_arrhenius_exponent, gpu.activation_energy,
                              gpu.failure_temperature)


@functools.lru_cache(maxsize=1024)
def _arrhenius_exponent(activation_energy, failure_temperature) -> float:
    return accelerator.arrhenius_exponent(activation_energy, JUNCTION_FIT_RANGE[0],
                                          JUNCTION_FIT_RANGE[1], failure_temperature)[0]


def exponents_of(spec: SatelliteSpec) -> tuple[float, float, float, float]:
    """(a, b, c, n) of a spec's accelerator (see :class:`Structure`)."""
    gpu = spec.entry("accelerator")
    # on columns: a tuple of arrays (B,), the fits once per distinct accelerator
    return per_distinct_value(
        _exponents, as_real(gpu.clock_power_exponent), as_real(gpu.clock_throughput_exponent),
        as_real(gpu.leakage_activation), as_real(gpu.junction_limit),
        as_real(gpu.activation_energy), as_real(gpu.failure_temperature))


@functools.lru_cache(maxsize=1024)
def _exponents(power_exponent, throughput_exponent, leakage_activation, junction_limit,
               activation_energy, failure_temperature) -> tuple[float, float, float, float]:
    # the two fits are least-squares solves: cached, as every sensitivity pass asks for
    # the exponents of the same few perturbed accelerators
    low, high = JUNCTION_FIT_RANGE
    return (power_exponent, throughput_exponent,
            accelerator.leakage_exponent(leakage_activation, low, high, junction_limit)[0],
            accelerator.arrhenius_exponent(activation_energy, low, high,
                                           failure_temperature)[0])


def coefficient_values(
    spec: SatelliteSpec, env: Environment, lift: float = 0.0, gpu_count: float | None = None,
    eclipse_fraction: float = 1.0,
) -> dict[str, float]:
    """Every coefficient of the model for a spec, environment, heat-pump lift [K] and
    eclipse power fraction [-] (SI).

    Each load is affine in the IT power (:func:`.evaluate.affine_loads`): its slope per W
    of IT power is the coefficient of N w (w the IT power per GPU, :func:`full_table`);
    its value at zero IT power is the fixed coefficient. The board power's parts W_const,
    W_leak, W_dyn come from :func:`_chip_watts`.

    On columns (``spec`` a :class:`~.columns.SpecColumns`, ``env`` the
    :class:`~.columns.Columns` of its environments, :func:`.evaluate.environments_of`;
    ``lift``, ``gpu_count`` and ``eclipse_fraction`` shared or arrays (B,)) every value is
    an array (B,) whose row i equals the call for spec i alone; a coefficient that call
    leaves out (a term absent for that spec) is 0 in its row, which
    :func:`structure_of` reads the same way. A row whose losses feed back without bound
    (an :class:`~thermaldesign.errors.InfeasibleDesignError` alone) is NaN throughout:
    :func:`unbounded_rows`; so is a row whose environment is missing (NaN, from
    ``environments_of(..., errors="nan")``).
    """
    if not isinstance(spec, SpecColumns):
        return _coefficients(spec, env, lift, gpu_count, eclipse_fraction)
    size = len(spec)
    missing = np.isnan(env.period)
    if missing.all():
        raise InputError("no row's environment could be evaluated (all NaN): the "
                         "coefficients need at least one")
    if missing.any():  # a stand-in environment, then NaN in those rows
        env = env.take(np.where(missing, np.argmin(missing), np.arange(size)))
    values = _coefficients(spec, env, lift, gpu_count, eclipse_fraction)
    missing = missing | np.isnan(values["radiator.per_gpu"])  # or unbounded
    if missing.any():
        return {name: np.where(missing, np.nan, np.broadcast_to(value, (size,)))
                for name, value in values.items()}
    # own arrays (a value may be an input's column itself), shared values spread
    return {name: np.array(value, dtype=float) if np.ndim(value)
            else np.full(size, value, dtype=float) for name, value in values.items()}


def _coefficients(spec, env, lift, gpu_count, eclipse_fraction) -> dict:
    """The body of :func:`coefficient_values`, on one spec or on columns."""
    slope, zero = affine_loads(spec, env, lift, eclipse_fraction)
    watts = _chip_watts(spec)
    gpu = spec.entry("accelerator")
    array, battery = spec.entry("solar_array"), spec.entry("battery")
    density = env.array_power_density
    emission = env.sides * env.fin_efficiency * env.emissivity * STEFAN_BOLTZMANN
    rocket = spec.rocket_factor
    heat_mass = (spec.thermal_loop_mass_per_watt * slope["loop_heat"]
                 + spec.heat_pump_mass_per_watt * slope["compressor"])
    bus_per_array, bus_per_radiator = bus_mass_per_area(spec)  # scaled bus wheels [kg/m^2]
    array_mass = (array.areal_density + spec.power_conditioning_mass_per_watt * density
                  + bus_per_array)
    unit_mass = spec.value("accelerator_mass")
    secondary = _secondary_values(spec)
    values: dict[str, float] = {
        "chip.const": watts["const"], "chip.leak": watts["leak"], "chip.dyn": watts["dyn"],
        "gpu.chip": 1.0, "gpu.host": spec.value("server_power"),
        "power.per_gpu": slope["array_power"] / density,
        "power_aphelion.per_gpu": slope["array_power_no_eclipse"] / env.aphelion_power_density,
        "battery.per_gpu": slope["battery_energy"],
        "radiator.per_gpu": slope["radiator_heat"] / emission,
        "mass.heat": heat_mass,
    }
    values.update(_chain_values(spec, env, lift))
    values.update(_bounds_values(spec, gpu))
    values.update({
        "power.fixed": zero["array_power"] / density,
        "power_aphelion.fixed": zero["array_power_no_eclipse"] / env.aphelion_power_density,
        "battery.fixed": zero["battery_energy"],
        "radiator.fixed": zero["radiator_heat"] / emission,
        "radiator.environment": env.absorbed_flux / emission,
        # the inlet T_rad / kappa + inlet rise <= the material's maximum (kappa: the
        # profile's ratio, as in the chain)
        "material.inverse": 1.0 / (profile_ratio(env)
                                   * (env.material_limit - env.profile_rise)),
        "mass.per_gpu": unit_mass,
        "mass.spare": unit_mass,
        "mass.array": array_mass,
        "mass.radiator": env.radiator_areal_density + bus_per_radiator,
        "mass.battery": 1.0 / battery.specific_energy,
        "mass.fixed": fixed_mass(spec),
        **secondary,
        "mass_limit.inverse": rocket / spec.mass_limit,
        "count.minimum": as_real(spec.gpu_granularity),
        "spares.rate": gpu.hard_failure_rate * spec.lifetime_years
        * exact_power(JUNCTION_SCALE / gpu.failure_temperature, arrhenius_exponent_of(gpu)),
    })
    _drop_dominated_power_case(values)
    if spec.max_array_area is not None:
        values["array_limit.inverse"] = 1.0 / spec.max_array_area
    if spec.max_radiator_area is not None:
        values["radiator_limit.inverse"] = 1.0 / spec.max_radiator_area
    if spec.max_stowed_volume is not None:
        core = spec.core_density * spec.max_stowed_volume
        values["volume.heat"] = heat_mass / core
        values.update(
            {
                "volume.per_gpu": unit_mass / core,
                "volume.spare": unit_mass / core,
                "volume.array": spec.array_stowed_thickness / spec.max_stowed_volume
                + (spec.power_conditioning_mass_per_watt * density + bus_per_array) / core,
                "volume.radiator": spec.radiator_stowed_thickness / spec.max_stowed_volume
                + bus_per_radiator / core,
                "volume.battery": 1.0 / (battery.specific_energy * core),
                "volume.fixed": fixed_mass(spec) / core,
                # floored structure and harness are their variables S / core
                "volume.dry": (secondary["mass.fractions"] + rocket - 1.0) / core,
                **{f"volume.{part}_share": secondary[f"mass.{part}_share"] / core
                   for part, _ in FLOORED_PARTS if f"mass.{part}_share" in secondary},
            }
        )
    if gpu_count is not None:
        values["gpu_count"] = as_real(gpu_count)
    values.update(_objective_values(spec, env, slope, eclipse_fraction))
    return values


def unbounded_rows(values: dict) -> np.ndarray:
    """Rows of columns of coefficients (:func:`coefficient_values`) that could not be
    evaluated (NaN: the scalar call raises for that spec), as a boolean array (B,)."""
    return np.isnan(values["radiator.per_gpu"])


def _secondary_values(spec: SatelliteSpec) -> dict[str, float]:
    """Coefficients of structure and harness (:func:`_secondary_rows`): a floored part's
    fraction moves from the roll-up's constant to its bound S >= f M."""
    values = {"mass.fractions": 0.0}
    for part, _ in FLOORED_PARTS:
        fraction, floor = getattr(spec, f"{part}_fraction"), getattr(spec, f"{part}_floor_mass")
        floored = floor > 0.0
        if anywhere(floored):  # on columns: the terms of the rows with a floor, 0 elsewhere
            values.update({f"mass.{part}_share": choose(floored, 1.0, 0.0),
                           f"mass.{part}_floor": choose(floored, floor, 0.0),
                           f"mass.{part}_fraction": choose(floored, fraction, 0.0)})
        values["mass.fractions"] = values["mass.fractions"] + choose(floored, 0.0, fraction)
    return values


def _drop_dominated_power_case(values: dict) -> None:
    """Zero the array case that the other dominates term by term (it cannot bind).

    Both cases need A_s >= a N w + b; when one has the larger a and the larger b for
    every design, the other constraint is redundant and is left out of the solve (the
    closure still checks both).
    """
    season = (values["power.per_gpu"], values["power.fixed"])
    aphelion = (values["power_aphelion.per_gpu"], values["power_aphelion.fixed"])
    season_dominates = (season[0] >= aphelion[0]) & (season[1] >= aphelion[1])
    aphelion_dominates = ((aphelion[0] >= season[0]) & (aphelion[1] >= season[1])
                          & choose(season_dominates, False, True))
    for name in ("power_aphelion.per_gpu", "power_aphelion.fixed"):
        values[name] = choose(season_dominates, 0.0, values[name])
    for name in ("power.per_gpu", "power.fixed"):
        values[name] = choose(aphelion_dominates, 0.0, values[name])


def profile_ratio(env: Environment) -> float:
    """kappa = T_eff / T_out of the pumped panel at the nominal chain outlet [-]."""
    outlet = env.chain_limit - env.profile_rise
    positive = outlet > 0.0
    return choose(positive, env.chain_limit / choose(positive, outlet, 1.0), 1.0)


def _chain_values(spec: SatelliteSpec, env: Environment, lift: float) -> dict:
    """Thermal chain, divided by T_j::

        ((T_rad / kappa + radiator drop + condenser approach) / rho
         + evaporator approach + loop drop + thermal margin + R p) / T_j <= 1.

    T_rad is the panel's effective radiating temperature; with ``panel_profile`` it sits
    ``env.profile_rise`` above the fluid outlet at the nominal chain temperature, kept as
    the ratio kappa = T_eff / T_out there (:func:`.evaluate.radiator_design`: the rise is
    evaluated at the nominal outlet, so a design whose junction runs cooler than the limit
    carries the nominal ratio, an approximation of a few tenths of a kelvin). With a heat
    pump of nominal lift L the refrigerant temperature ratio is rho = 1 + L / T_evap,0
    (T_evap,0 the evaporator temperature at full clock and the junction limit), so
    COP = f / (rho - 1) is fixed for a fixed lift (see :mod:`.heat_pump`); the evaporator
    and condenser approach temperature differences enter only with a heat pump.
    """
    lifted = lift > 0.0
    ratio = choose(lifted, 1.0 + lift / env.evaporator_temperature, 1.0)
    approach_hot = choose(lifted, spec.heat_pump_condenser_approach, 0.0)
    approach_cold = choose(lifted, spec.heat_pump_evaporator_approach, 0.0)
    kappa = profile_ratio(env)
    scale = JUNCTION_SCALE  # the chain is divided by T_j = scale * junction_ratio
    return {
        "chain.radiator": 1.0 / (kappa * ratio * scale),
        "chain.fixed": ((spec.radiator_drop + approach_hot) / ratio + approach_cold
                        + spec.loop_drop + spec.thermal_margin) / scale,
        "chain.chip": spec.cold_plate_resistance / scale,
    }


def _bounds_values(spec: SatelliteSpec, gpu) -> dict:
    """Bounds of T_j and x: the fit ranges and limits, or both at a pinned value."""
    upper = spec.value("junction_limit")
    # below the fit range only when the limit itself is (the fits then extrapolate)
    lower = smaller(JUNCTION_FIT_RANGE[0], upper)
    if spec.junction_temperature is not None:
        upper = lower = spec.junction_temperature
    clock_high, clock_low = 1.0, gpu.clock_min_fraction
    if spec.clock_fraction is not None:
        clock_high = clock_low = spec.clock_fraction
    values = {"junction.upper": JUNCTION_SCALE / upper, "junction.lower": lower / JUNCTION_SCALE,
              "clock.upper": 1.0 / clock_high, "clock.lower": clock_low}
    if spec.clock_fraction is not None:
        values["clock.pinned"] = 1.0
    return values


def _objective_values(spec, env, slope, eclipse_fraction) -> dict:
    """Objective coefficients: per delivered PFLOP/s, nameplate x duty of the eclipse policy."""
    gpu = spec.entry("accelerator")
    duty = 1.0 - env.mean_eclipse_fraction * (1.0 - eclipse_fraction)
    per_compute = _COMPUTE_UNIT / (gpu.flops * duty)
    rocket = spec.rocket_factor
    bus = spec.bus_cost_per_kg
    fractions = spec.harness_fraction + spec.structure_fraction
    density = env.array_power_density
    heat_mass = (spec.thermal_loop_mass_per_watt * slope["loop_heat"]
                 + spec.heat_pump_mass_per_watt * slope["compressor"])
    bus_per_array, bus_per_radiator = bus_mass_per_area(spec)  # scaled bus wheels [kg/m^2]
    values = {
        "objective.scale": 1.0 / duty,
        "objective.mass_scale": rocket * per_compute,
        "objective.fixed_mass_scale": rocket,
        "cost.per_gpu": per_compute * spec.value("accelerator_cost"),
        "cost.spare": per_compute * spec.value("accelerator_cost"),
        "cost.array": per_compute * (
            spec.value("array_cost_per_watt") * env.array_nameplate_density
            + bus * (spec.power_conditioning_mass_per_watt * density + bus_per_array)
        ),
        "cost.radiator": per_compute * (spec.value("radiator_cost_per_area")
                                        + bus * bus_per_radiator),
        "cost.battery": per_compute * spec.value("battery_cost_per_kwh") / 3.6e6,
        "cost.fixed": per_compute * bus * fixed_mass(spec),
        "cost.dry_mass": per_compute * (bus * fractions + spec.launch_price_per_kg * rocket),
    }
    values["cost.heat"] = per_compute * bus * heat_mass
    return values


def objective_scale_name(structure: Structure) -> str:
    """Which value the single ``objective.scale`` coefficient takes for a structure."""
    if structure.objective == "min_mass_per_compute":
        return "objective.mass_scale"
    if (structure.objective == "max_compute" and structure.fixed_count
            and "clock.pinned" in structure.present):
        return "objective.fixed_mass_scale"
    return "objective.scale"


def structure_of(
    spec: SatelliteSpec,
    env: Environment,
    values: dict[str, float],
    objective: str,
    fixed_count: bool,
    relaxed: tuple = (),
) -> Structure:
    """The structure (cache key) of a spec's problem."""
    limits = tuple(
        name
        for name in ("max_array_area", "max_radiator_area", "max_stowed_volume")
        if getattr(spec, name) is not None
    )
    present = frozenset(name for name, value in values.items() if value > 0.0)
    return Structure(
        exponents=exponents_of(spec),
        spares=values.get("spares.rate", 0.0) > 0.0,
        objective=objective,
        fixed_count=fixed_count,
        # a battery exists when something must run through an eclipse
        battery=env.eclipse_duration > 0.0
        and values.get("battery.per_gpu", 0.0) + values.get("battery.fixed", 0.0) > 0.0,
        limits=limits,
        present=present,
        relaxed=tuple(relaxed),
    )


def structures_of(columns, envs, values: dict, objective: str, fixed_count: bool,
                  ) -> tuple[list[Structure], np.ndarray]:
    """:func:`structure_of` of every row of columns of coefficients (:func:`coefficient_values`
    on a :class:`~.columns.SpecColumns` and its environments).

    Returns the distinct structures and, per row, the index of its own among them: rows
    alike in which coefficients are non-zero, in the accelerator's exponents and in
    whether they need a battery share one structure. A NaN row (:func:`unbounded_rows`)
    gets the structure of no coefficient it could not evaluate: solve it alone.
    """
    size = len(columns)
    names = sorted(values)
    present = np.column_stack([np.broadcast_to(values[n] > 0.0, (size,)) for n in names])
    spares = np.broadcast_to(values.get("spares.rate", 0.0) > 0.0, (size,))
    battery = np.broadcast_to((envs.eclipse_duration > 0.0)
                              & (values.get("battery.per_gpu", 0.0)
                                 + values.get("battery.fixed", 0.0) > 0.0), (size,))
    exponents = np.column_stack([np.broadcast_to(e, (size,)) for e in exponents_of(columns)])
    key = np.column_stack([present, spares, battery, exponents]).astype(float)
    first, inverse = row_patterns(key)  # np.unique's rows, on the columns that vary
    limits = tuple(name for name in ("max_array_area", "max_radiator_area", "max_stowed_volume")
                   if getattr(columns, name) is not None)
    structures = []
    for row in first.tolist():
        structures.append(Structure(
            exponents=tuple(float(e) for e in exponents[row]),
            spares=bool(spares[row]), objective=objective, fixed_count=fixed_count,
            battery=bool(battery[row]), limits=limits,
            present=frozenset(n for n, on in zip(names, present[row], strict=True) if on)))
    return structures, inverse


#: coefficients a spec's own call leaves out when they are zero (unfloored parts)
_ROW_OPTIONAL = frozenset(f"{group}.{part}_{what}" for part, _ in FLOORED_PARTS
                          for group, what in (("mass", "share"), ("mass", "floor"),
                                              ("mass", "fraction"), ("volume", "share")))


def row_values(values: dict) -> list[dict[str, float]]:
    """Columns of coefficients (:func:`coefficient_values` on columns) as one dict per
    row, each equal to the spec's own call (the same keys: a coefficient that call leaves
    out is dropped from its row)."""
    names = list(values)
    optional = [i for i, name in enumerate(names) if name in _ROW_OPTIONAL]
    rows = []
    for row in np.column_stack([values[n] for n in names]).tolist():
        one = dict(zip(names, row, strict=True))
        for i in optional:
            if row[i] == 0.0:
                del one[names[i]]
        rows.append(one)
    return rows


class RowView(Mapping):
    """Row ``index`` of columns (name -> array) as a read-only mapping of floats: what
    :func:`row_values` builds as a dict (names in ``optional`` absent where zero),
    without building it. The batched sizing's decided relaxations are read by name a
    few times per row and in bulk by column (:meth:`column_of`), so a view costs ~0.3 us
    a row where a dict costs ~5 us."""

    __slots__ = ("columns", "index", "optional")

    def __init__(self, columns: Mapping, index: int, optional: frozenset = frozenset()):
        self.columns, self.index, self.optional = columns, index, optional

    def __getitem__(self, name: str) -> float:
        value = float(self.columns[name][self.index])
        if value == 0.0 and name in self.optional:
            raise KeyError(name)
        return value

    def __contains__(self, name) -> bool:
        if name not in self.columns:
            return False
        return name not in self.optional or self.columns[name][self.index] != 0.0

    def __iter__(self):
        return (name for name in self.columns if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @staticmethod
    def columns_of(views, names, default: float) -> dict | None:
        """Columns (len(views),) of ``names`` in views of a few sets of columns
        (``default`` where a view lacks a name; the views of one set share its optional
        names), or None if they are not all views."""
        if not all(type(v) is RowView for v in views):
            return None
        sets = list(map(operator.attrgetter("columns"), views))
        index = np.fromiter(map(operator.attrgetter("index"), views), dtype=np.intp,
                            count=len(views))
        if all(map(operator.is_, sets, repeat(sets[0]))):
            return _gathered(views[0], index, names, default)
        identities = np.fromiter(map(id, sets), dtype=np.int64, count=len(sets))
        _, first, which = np.unique(identities, return_index=True, return_inverse=True)
        found = {name: np.empty(len(views)) for name in names}
        for group, position in enumerate(first.tolist()):
            members = np.flatnonzero(which.ravel() == group)
            for name, values in _gathered(views[position], index[members], names,
                                          default).items():
                found[name][members] = values
        return found


def _gathered(view: RowView, index: np.ndarray, names, default: float) -> dict:
    """Columns of ``names`` at rows ``index`` of the columns ``view`` reads."""
    columns, found = view.columns, {}
    for name in names:
        if name not in columns:
            found[name] = np.full(len(index), float(default))
            continue
        values = np.asarray(columns[name], dtype=float)[index]
        if name in view.optional:
            values = np.where(values == 0.0, float(default), values)
        found[name] = values
    return found


def row_views(values: Mapping, indices, optional: bool = True) -> list[RowView]:
    """Rows ``indices`` of columns as views (:class:`RowView`); ``optional``: of
    coefficients, equal to :func:`row_values`'s dicts (the zero coefficients a spec's own
    call leaves out are absent)."""
    dropped = _ROW_OPTIONAL if optional else frozenset()
    return [RowView(values, i, dropped) for i in np.asarray(indices).tolist()]


class CompiledModel:
    """The problem of one structure: its kept terms, and the cvxpy problem on demand.

    The term table (``constraints``, ``objective_terms``, ``variable_names``) is all the
    direct conic form (:mod:`.direct`) needs, so cvxpy is imported and the DGP problem
    built only when the cvxpy path is first used (the fallback, or a relaxed structure
    of the infeasibility diagnosis): ``import thermaldesign`` and worker start-up do not
    pay for cvxpy (~0.4 s).
    """

    def __init__(self, structure: Structure):
        self.structure = structure
        self.lock = threading.Lock()
        table, objective_terms = full_table(structure)
        present = structure.present | {"objective.scale"}

        def kept(term):
            # zero coefficients drop out; without eclipses there is no battery at all
            used = {name for name, _ in term.powers}
            return (term.coefficient in present
                    and (structure.battery or "battery_energy" not in used)
                    and (structure.spares or "spare_count" not in used))

        self.constraints: list[Constraint] = []
        for constraint in table:
            terms = tuple(t for t in constraint.terms if kept(t))
            if terms:
                self.constraints.append(Constraint(constraint.name, terms))
        self.objective_terms = [t for t in objective_terms if kept(t)]
        names = {"gpu_count", "array_area", "radiator_area", "radiator_temperature", "dry_mass",
                 "junction_ratio", "clock_fraction", "chip_power", "gpu_power"}
        if structure.battery:
            names.add("battery_energy")
        if structure.spares:
            names.add("spare_count")
        names.update(variable for part, variable in FLOORED_PARTS
                     if f"mass.{part}_floor" in structure.present)
        if structure.fixed_count:
            names.discard("gpu_count")  # a parameter, not a variable
        if not structure.relaxed:
            names.add("objective")  # the epigraph variable
        #: the free variables of the problem, sorted (without the diagnosis' slacks)
        self.variable_names: list[str] = sorted(names)
        self._cvxpy = None

    @property
    def variables(self) -> dict:
        """name -> ``cvxpy.Variable`` (builds the cvxpy problem on first use)."""
        return self._built().variables

    @property
    def parameters(self) -> dict:
        """name -> ``cvxpy.Parameter``."""
        return self._built().parameters

    @property
    def slacks(self) -> dict:
        """limit constraint name -> its slack ``cvxpy.Variable`` (relaxed structures)."""
        return self._built().slacks

    @property
    def cvx_constraints(self) -> list:
        """The cvxpy constraints, in the order of :attr:`constraints`."""
        return self._built().cvx_constraints

    @property
    def problem(self):
        """The ``cvxpy.Problem`` (DGP, DPP)."""
        return self._built().problem

    def _built(self) -> _CvxpyProblem:
        if self._cvxpy is None:
            self._cvxpy = _CvxpyProblem(self)
        return self._cvxpy

    def set_values(self, values: dict[str, float]) -> None:
        """Load coefficient values into the parameters."""
        scale = values.get(objective_scale_name(self.structure), 1.0)
        for name, parameter in self.parameters.items():
            if name == "objective.scale":
                parameter.value = scale
            else:
                parameter.value = values[name]


class _CvxpyProblem:
    """The cvxpy DGP problem of a :class:`CompiledModel` (built on first use)."""

    def __init__(self, compiled: CompiledModel):
        # cvxpy is imported here, on the fallback path only (see CompiledModel)
        import cvxpy as cp

        self.cp = cp
        structure = compiled.structure
        self.variables: dict = {}
        self.parameters: dict = {}
        for name in compiled.variable_names:
            if name != "objective":
                self.variables[name] = cp.Variable(pos=True, name=name)
        if structure.fixed_count:
            self.parameters["gpu_count"] = cp.Parameter(pos=True, name="gpu_count")
        self.slacks: dict = {}
        cvx_constraints = []
        for constraint in compiled.constraints:
            posynomial = sum(self._monomial(term) for term in constraint.terms)
            if constraint.name in structure.relaxed:
                # posynomial <= s with s >= 1: the limit may move by the factor s
                slack = cp.Variable(pos=True, name=f"slack {constraint.name}")
                self.slacks[constraint.name] = slack
                cvx_constraints.append(posynomial <= slack)
                cvx_constraints.append(1 / slack <= 1)
            else:
                cvx_constraints.append(posynomial <= 1)
        self.cvx_constraints = cvx_constraints
        if structure.relaxed:
            product = 1
            for slack in self.slacks.values():
                product = product * slack
            self.problem = cp.Problem(cp.Minimize(product), cvx_constraints)
        else:
            epigraph = self.variables["objective"] = cp.Variable(pos=True, name="objective")
            posynomial = sum(self._monomial(term) for term in compiled.objective_terms)
            self.objective_constraint = posynomial <= 1
            self.problem = cp.Problem(
                cp.Minimize(epigraph), [*cvx_constraints, self.objective_constraint]
            )

    def _parameter(self, name: str):
        if name not in self.parameters:
            self.parameters[name] = self.cp.Parameter(pos=True, name=name)
        return self.parameters[name]

    def _monomial(self, term: Term):
        """coefficient * prod(variable ** power); a fixed GPU count is a parameter."""
        expression = self._parameter(term.coefficient)
        for name, power in term.powers:
            base = self.variables.get(name)
            if base is None:
                base = self._parameter(name)
            expression = expression * base**power
        return expression


_CACHE: dict[Structure, CompiledModel] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64


def compiled(structure: Structure) -> CompiledModel:
    """The compiled problem of a structure, built once and cached."""
    with _CACHE_LOCK:
        model = _CACHE.get(structure)
        if model is None:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            model = CompiledModel(structure)
            _CACHE[structure] = model
        return model
