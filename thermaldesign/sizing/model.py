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
    battery           (e_N N + e_0) / E                               <= 1   SMAD eq. 11-11
    radiator balance  q_N N / (c A_r T^4) + q_abs / (c T^4)           <= 1   EOL, hot case
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

import threading
from collections import OrderedDict
from dataclasses import dataclass

from ..constants import STEFAN_BOLTZMANN
from .evaluate import Environment, bus_mass_per_area, fixed_mass, loads
from .spec import SatelliteSpec

__all__ = ["Term", "Constraint", "Structure", "coefficient_values", "compiled", "LIMITS"]

# Scale of the per-compute objectives (per PFLOP/s) so the solver sees O(1)-O(1e6) values.
_COMPUTE_UNIT = 1e15

# constraint name -> spec field it bounds; the infeasibility diagnosis relaxes these.
LIMITS = OrderedDict(
    [
        ("mass limit", "mass_limit"),
        ("thermal chain", "junction_limit"),
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


def _t(coefficient: str, **powers: float) -> Term:
    return Term(coefficient, tuple(sorted(powers.items())))


def full_table(structure: Structure) -> tuple[list[Constraint], list[Term]]:
    """All constraints and objective terms of a structure, before dropping zero terms."""
    constraints = [
        Constraint(
            "power balance",
            (
                _t("power.per_gpu", gpu_count=1, array_area=-1),
                _t("power.fixed", array_area=-1),
            ),
        ),
        Constraint(
            "radiator balance",
            (
                _t("radiator.per_gpu", gpu_count=1, radiator_area=-1, radiator_temperature=-4),
                _t("radiator.environment", radiator_temperature=-4),
            ),
        ),
        Constraint("thermal chain", (_t("chain.inverse", radiator_temperature=1),)),
        Constraint("radiator material", (_t("material.inverse", radiator_temperature=1),)),
        Constraint(
            "mass roll-up",
            (
                _t("mass.per_gpu", gpu_count=1, dry_mass=-1),
                _t("mass.array", array_area=1, dry_mass=-1),
                _t("mass.radiator", radiator_area=1, dry_mass=-1),
                _t("mass.battery", battery_energy=1, dry_mass=-1),
                _t("mass.fixed", dry_mass=-1),
                _t("mass.fractions"),
            ),
        ),
        Constraint("mass limit", (_t("mass_limit.inverse", dry_mass=1),)),
    ]
    if structure.battery:
        constraints.insert(
            1,
            Constraint(
                "battery",
                (
                    _t("battery.per_gpu", gpu_count=1, battery_energy=-1),
                    _t("battery.fixed", battery_energy=-1),
                ),
            ),
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
                    _t("volume.array", array_area=1),
                    _t("volume.radiator", radiator_area=1),
                    _t("volume.battery", battery_energy=1),
                    _t("volume.fixed"),
                    _t("volume.dry", dry_mass=1),
                ),
            )
        )
    if not structure.fixed_count:
        constraints.append(Constraint("minimum gpu count", (_t("count.minimum", gpu_count=-1),)))
    objective = _objective_terms(structure)
    return constraints, objective


def _objective_terms(structure: Structure) -> list[Term]:
    if structure.relaxed:
        return []
    if structure.objective == "max_compute":
        if structure.fixed_count:
            return [_t("objective.scale", dry_mass=1, objective=-1)]
        return [_t("objective.scale", gpu_count=-1, objective=-1)]
    if structure.objective == "min_mass_per_compute":
        return [_t("objective.scale", dry_mass=1, gpu_count=-1, objective=-1)]
    return [
        _t("cost.per_gpu", objective=-1),
        _t("cost.array", array_area=1, gpu_count=-1, objective=-1),
        _t("cost.radiator", radiator_area=1, gpu_count=-1, objective=-1),
        _t("cost.battery", battery_energy=1, gpu_count=-1, objective=-1),
        _t("cost.fixed", gpu_count=-1, objective=-1),
        _t("cost.dry_mass", dry_mass=1, gpu_count=-1, objective=-1),
    ]


def coefficient_values(
    spec: SatelliteSpec, env: Environment, lift: float = 0.0, gpu_count: float | None = None
) -> dict[str, float]:
    """Every coefficient of the model for a spec, environment and heat-pump lift [SI].

    Per-GPU and fixed parts come from :func:`.evaluate.loads` at one and zero GPUs (the
    loads are affine in the GPU count).
    """
    one, zero = loads(spec, env, 1.0, lift), loads(spec, env, 0.0, lift)

    def per(name):
        return getattr(one, name) - getattr(zero, name)

    array, battery = spec.entry("solar_array"), spec.entry("battery")
    density = env.array_power_density
    emission = env.sides * env.fin_efficiency * env.emissivity * STEFAN_BOLTZMANN
    fractions = spec.harness_fraction + spec.structure_fraction
    rocket = spec.rocket_factor
    per_gpu_mass = (
        spec.value("accelerator_mass")
        + spec.thermal_loop_mass_per_watt * per("loop_heat")
        + spec.heat_pump_mass_per_watt * per("compressor")
    )
    bus_per_array, bus_per_radiator = bus_mass_per_area(spec)  # scaled bus wheels [kg/m^2]
    array_mass = (array.areal_density + spec.power_conditioning_mass_per_watt * density
                  + bus_per_array)
    values = {
        "power.per_gpu": per("array_power") / density,
        "power.fixed": zero.array_power / density,
        "battery.per_gpu": per("battery_energy"),
        "battery.fixed": zero.battery_energy,
        "radiator.per_gpu": per("radiator_heat") / emission,
        "radiator.environment": env.absorbed_flux / emission,
        "chain.inverse": 1.0 / (env.chain_limit + lift),
        "material.inverse": 1.0 / env.material_limit,
        "mass.per_gpu": per_gpu_mass,
        "mass.array": array_mass,
        "mass.radiator": env.radiator_areal_density + bus_per_radiator,
        "mass.battery": 1.0 / battery.specific_energy,
        "mass.fixed": fixed_mass(spec),
        "mass.fractions": fractions,
        "mass_limit.inverse": rocket / spec.mass_limit,
        "count.minimum": float(spec.gpu_granularity),
    }
    if spec.max_array_area is not None:
        values["array_limit.inverse"] = 1.0 / spec.max_array_area
    if spec.max_radiator_area is not None:
        values["radiator_limit.inverse"] = 1.0 / spec.max_radiator_area
    if spec.max_stowed_volume is not None:
        core = spec.core_density * spec.max_stowed_volume
        values.update(
            {
                "volume.per_gpu": per_gpu_mass / core,
                "volume.array": spec.array_stowed_thickness / spec.max_stowed_volume
                + (spec.power_conditioning_mass_per_watt * density + bus_per_array) / core,
                "volume.radiator": spec.radiator_stowed_thickness / spec.max_stowed_volume
                + bus_per_radiator / core,
                "volume.battery": 1.0 / (battery.specific_energy * core),
                "volume.fixed": fixed_mass(spec) / core,
                "volume.dry": (fractions + rocket - 1.0) / core,
            }
        )
    flops = spec.entry("accelerator").flops
    per_compute = _COMPUTE_UNIT / flops
    if gpu_count is not None:
        values["gpu_count"] = float(gpu_count)
    values["objective.scale"] = 1.0
    values["objective.mass_scale"] = rocket * per_compute
    values["objective.fixed_mass_scale"] = rocket
    bus = spec.bus_cost_per_kg
    values.update(
        {
            "cost.per_gpu": per_compute
            * (
                spec.value("accelerator_cost")
                + bus * (spec.thermal_loop_mass_per_watt * per("loop_heat")
                         + spec.heat_pump_mass_per_watt * per("compressor"))
            ),
            "cost.array": per_compute
            * (
                spec.value("array_cost_per_watt") * env.array_nameplate_density
                + bus * (spec.power_conditioning_mass_per_watt * density + bus_per_array)
            ),
            "cost.radiator": per_compute * (spec.value("radiator_cost_per_area")
                                            + bus * bus_per_radiator),
            "cost.battery": per_compute * spec.value("battery_cost_per_kwh") / 3.6e6,
            "cost.fixed": per_compute * bus * fixed_mass(spec),
            "cost.dry_mass": per_compute * (bus * fractions + spec.launch_price_per_kg * rocket),
        }
    )
    return values


def objective_scale_name(structure: Structure) -> str:
    """Which value the single ``objective.scale`` coefficient takes for a structure."""
    if structure.objective == "min_mass_per_compute":
        return "objective.mass_scale"
    if structure.objective == "max_compute" and structure.fixed_count:
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
        objective=objective,
        fixed_count=fixed_count,
        # a battery exists when something must run through an eclipse
        battery=env.eclipse_duration > 0.0
        and values.get("battery.per_gpu", 0.0) + values.get("battery.fixed", 0.0) > 0.0,
        limits=limits,
        present=present,
        relaxed=tuple(relaxed),
    )


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
            uses_battery = any(name == "battery_energy" for name, _ in term.powers)
            return term.coefficient in present and (structure.battery or not uses_battery)

        self.constraints: list[Constraint] = []
        for constraint in table:
            terms = tuple(t for t in constraint.terms if kept(t))
            if terms:
                self.constraints.append(Constraint(constraint.name, terms))
        self.objective_terms = [t for t in objective_terms if kept(t)]
        names = {"gpu_count", "array_area", "radiator_area", "radiator_temperature", "dry_mass"}
        if structure.battery:
            names.add("battery_energy")
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
