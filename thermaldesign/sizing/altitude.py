"""Altitude and shield thickness as design variables, around the inner sizing.

The trapped-radiation dose, the drag and the eclipse are not posynomials in altitude, so
altitude h and the aluminium shield thickness t around each accelerator are chosen by an
outer search around the inner geometric program (:func:`~thermaldesign.size_satellite`,
unchanged). For each (h, t) the outer layer builds the spec:

- ``delta_v`` = station keeping against drag over the life (NRLMSIS density at the
  ``drag_activity`` level, ballistic coefficient from the *sized* areas and the attitude)
  plus the de-orbit burn to a 50 km perigee, instead of the fixed 300 m/s. Drag depends
  on the sized areas and mass, which depend on ``delta_v``, so it is a fixed point:
  dv_{k+1} = g(dv_k). The sizing sees dv only through the rocket factor
  exp(dv / (g0 Isp)), whose log-derivative is 1 / (g0 Isp) = 6.8e-5 per m/s at 1500 s;
  areas and mass scale at most linearly with it, so |g'| <= dv_drag / (g0 Isp) < 0.35
  for every dv the spec admits (<= 5 km/s): a contraction. Iterating from the de-orbit-only
  value converges geometrically; we stop at |dv_{k+1} - dv_k| < 0.1 m/s (a few
  iterations; tested against the converged drag of the final design).
- ``accelerator_mass`` += the shield: rho_Al * t * ``shield_area_per_accelerator``.
- ``lifetime_years`` = min(design life, the years until the dose behind
  ``inherent_shielding`` + t reaches the HBM tolerance, 2 krad(Si)).
- single-event recovery (silent data corruption, HBM errors, functional interrupts)
  takes a fraction of the compute time (:func:`thermaldesign.radiation.single_event_rates`).

The outer objective is the cost of a delivered GPU-hour:

    c(h, t) = (hardware + launch cost) / (N * life * 8766 h * duty * (1 - lost)),

with N the (relaxed) GPU count; the final design at the optimum is sized with the integer
count. A point whose spec leaves its valid range (delta_v > 5 km/s) or does not close
costs +inf: at low altitude drag is what binds.

Optimality
----------
For each altitude the shield thickness is a 1-D bracketed search on [0, ``max_shield``]:
a grid of ``shield_count`` points, then golden-section refinement in the bracket of the
best grid point. Along t the cost is a ratio of the GPU count (falling slowly and smoothly
with t through the mass limit) and the life (rising as 1/dose(t) until it reaches the
design life, then flat), so it is unimodal on each side of the knee where the life
saturates; the grid brackets the knee. The altitude is searched the same way on the
bracket [``low``, ``high``]: grid, then golden section between the neighbours of the best
grid point. This is global under the assumption that no minimum is narrower than the
grid step (the environment models vary on 50-100 km scales: density scale height,
inner-belt edge); the tests check it against brute force on finer grids.

The effect that binds on each side of the optimum is the one whose contribution to
log c (:func:`contributions`: effects added one by one to the plain sizing) grows most
from the optimum to the neighbouring grid altitude on that side; "eclipse and power" is
the change of the plain sizing itself.

Orbit families: sun-synchronous (``spec.orbit = "dawn-dusk"``) at any local time of the
ascending node (``spec.ltan``: 6 or 18 h is dawn-dusk, 10.5 h a morning orbit with an
eclipse every orbit), and inclined shells. Debris: the radiator's armour follows the
NASA90 flux at each altitude (:mod:`thermaldesign.debris`, through the sizing's
environment), and each point reports the probability per satellite-year that debris of
10 cm or more hits the array or the radiator.

Left out, and so said: collision-avoidance manoeuvres, solar particle events and cosmic
rays in the dose, and the radiation effect on the solar array beyond the catalog's
degradation rate.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

from .. import atmosphere, debris, orbit, radiation
from .._validation import check_choice, check_positive_int, check_scalar
from ..errors import InfeasibleDesignError, InputError, SolverError
from .entry import size_satellite
from .spec import _BOUNDS, SatelliteSpec

__all__ = ["AltitudeInputs", "AltitudePoint", "AltitudeOptimum", "evaluate_altitude",
           "best_shield", "optimize_altitude", "contributions", "EFFECTS",
           "dawn_dusk_eclipse_free_altitude"]

HOURS_PER_YEAR = 8766.0
EFFECTS = ("drag", "radiation", "single_events")
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0
_DV_TOLERANCE = 0.1  # [m/s]
_MAX_FIXED_POINT = 20


@dataclass(frozen=True)
class AltitudeInputs:
    """Inputs of the altitude and shield search that a :class:`SatelliteSpec` lacks (SI).

    Parameters
    ----------
    inclination : float
        Inclination of an ``"inclined"`` spec [deg] (53: the Starlink shell); a dawn-dusk
        spec uses the sun-synchronous inclination of each altitude.
    shield_area_per_accelerator : float
        Aluminium enclosure area per accelerator [m^2] (estimate: a box around the module,
        its HBM stacks and its share of the host, 0.1 m^2).
    inherent_shielding : float
        Aluminium-equivalent thickness the chassis and bus already give [m] (estimate 2 mm).
    dose_tolerance : float
        Dose at which the accelerator's life ends [rad(Si)]; 2 krad(Si): HBM
        irregularities on TPU v6e (Suncatcher, arXiv:2511.19468 v2 s. 2.3).
    radiation_activity : {"min", "max", "worst"}
        AP8/AE8 phase (``"worst"`` = AP8 MIN with AE8 MAX, the SPENVIS default).
    drag_activity : {"min", "mean", "max"}
        Solar activity held over the life for station keeping (``"mean"``: a 5-yr life
        spans half a cycle).
    disposal_perigee : float
        Perigee of the de-orbit burn [m] (50 km: controlled re-entry).
    array_attitude, radiator_attitude : {"edge-on", "face-on"}
        Panels to the velocity; dawn-dusk defaults: array edge-on, radiator face-on
        (:func:`thermaldesign.atmosphere.drag_area`).
    drag_coefficient : float
        [-] (2.2, free-molecular flow).
    recovery_time, reset_time : float
        Compute lost per SDC / HBM error and per functional interrupt [s].
    max_shield : float
        Upper end of the shield bracket [m].
    effects : tuple of str
        Which of :data:`EFFECTS` are on; ``()`` recovers the plain sizing exactly.
    """

    inclination: float = 53.0
    shield_area_per_accelerator: float = 0.1
    inherent_shielding: float = 0.002
    dose_tolerance: float = radiation.HBM_DOSE_TOLERANCE
    radiation_activity: str = "worst"
    drag_activity: str = "mean"
    disposal_perigee: float = 50e3
    array_attitude: str = "edge-on"
    radiator_attitude: str = "face-on"
    drag_coefficient: float = atmosphere.DRAG_COEFFICIENT
    recovery_time: float = 600.0
    reset_time: float = 3600.0
    max_shield: float = 0.03
    effects: tuple = EFFECTS

    def __post_init__(self) -> None:
        for name, low, high, unit in (
            ("inclination", 0.0, 180.0, "deg"),
            ("shield_area_per_accelerator", 0.0, 10.0, "m^2"),
            ("inherent_shielding", 0.0, 0.1, "m"),
            ("disposal_perigee", 0.0, 160e3, "m"),
            ("recovery_time", 0.0, 86_400.0, "s"),
            ("reset_time", 0.0, 86_400.0, "s"),
        ):
            check_scalar(getattr(self, name), name, low=low, high=high, unit=unit)
        check_scalar(self.dose_tolerance, "dose_tolerance", low=0.0, low_open=True,
                     unit="rad")
        check_scalar(self.max_shield, "max_shield", low=0.0, high=radiation.MAX_SHIELD,
                     low_open=True, unit="m")
        check_scalar(self.drag_coefficient, "drag_coefficient", low=0.0, high=10.0,
                     low_open=True)
        check_choice(self.radiation_activity, "radiation_activity",
                     radiation.TRAPPED_SOLAR_PHASES)
        check_choice(self.drag_activity, "drag_activity", tuple(atmosphere.SOLAR_ACTIVITY))
        check_choice(self.array_attitude, "array_attitude", atmosphere.ATTITUDES)
        check_choice(self.radiator_attitude, "radiator_attitude", atmosphere.ATTITUDES)
        unknown = [e for e in self.effects if e not in EFFECTS]
        if not isinstance(self.effects, tuple) or unknown:
            raise InputError(f"effects must be a tuple drawn from {EFFECTS}; got "
                             f"{self.effects!r}")

    def without(self, effect: str) -> AltitudeInputs:
        """These inputs with one effect switched off."""
        check_choice(effect, "effect", EFFECTS)
        return dataclasses.replace(self, effects=tuple(e for e in self.effects
                                                       if e != effect))


@dataclass(frozen=True)
class AltitudePoint:
    """One evaluated (altitude, shield thickness): the design and its environment (SI).

    ``cost_per_gpu_hour`` is +inf (and ``design`` None) where the spec leaves its valid
    range or does not close; ``reason`` says why.
    """

    altitude: float  # [m]
    shield_thickness: float  # [m]
    inclination: float  # [deg]
    design: object  # SatelliteDesign or None
    delta_v: float  # [m/s] station keeping + de-orbit
    station_keeping_delta_v: float  # [m/s]
    deorbit_delta_v: float  # [m/s]
    ballistic_coefficient: float  # [kg/m^2]
    natural_decay_time: float  # [yr] with the design's ballistic coefficient
    dose_rate: float  # [rad(Si)/yr] behind inherent + shield
    life: float  # [yr] min(design life, dose-limited life)
    throughput_lost: float  # [-]
    failure_rate: float  # [1/yr] functional interrupts per accelerator
    shield_mass: float  # [kg] whole satellite
    cost_per_gpu_hour: float  # [USD/GPU-hour]
    compute_per_kg: float  # [FLOP/s per kg]
    iterations: int  # drag fixed-point iterations
    reason: str = ""
    # P(a >= 10 cm debris hits the array or radiator) per satellite-year [-]: both faces
    # of each panel exposed (NASA90, :func:`thermaldesign.debris.collision_probability`)
    collision_probability: float = math.nan


@dataclass(frozen=True)
class AltitudeOptimum:
    """Result of :func:`optimize_altitude`."""

    best: AltitudePoint  # integer GPU count
    relaxed: AltitudePoint  # the same altitude and shield, continuous GPU count (searched)
    grid: tuple  # best-shield point per grid altitude (relaxed)
    binding_below: str  # effect that raises the cost below the optimum
    binding_above: str  # ... above it
    bracket: tuple  # (low, high) [m]


def _inclination(spec: SatelliteSpec, altitude: float, inputs: AltitudeInputs) -> float:
    if spec.orbit == "dawn-dusk":
        return float(orbit.sun_synchronous_inclination(altitude))
    return inputs.inclination


def _drag_delta_v(design, altitude, life, inputs):
    """(station-keeping dv [m/s], ballistic coefficient [kg/m^2]) of a sized design."""
    parts = design.mass_breakdown
    core = design.total_mass - parts["solar array"] - parts["radiator"]
    area = atmosphere.drag_area(core, design.spec.core_density, design.solar_array_area,
                                design.radiator_area, array_attitude=inputs.array_attitude,
                                radiator_attitude=inputs.radiator_attitude)
    ballistic = atmosphere.ballistic_coefficient(design.total_mass, area,
                                                 inputs.drag_coefficient)
    keeping = atmosphere.station_keeping_delta_v(altitude, ballistic, life,
                                                 inputs.drag_activity)
    return keeping, ballistic


def _radiation_state(altitude, inclination, shield, inputs, design_life):
    """(dose [rad/yr], life [yr], SingleEventRates or None) behind inherent + shield."""
    total = inputs.inherent_shielding + shield
    dose = 0.0
    life = design_life
    if "radiation" in inputs.effects:
        dose = radiation.dose_rate(altitude, inclination, total,
                                   solar=inputs.radiation_activity).total
        life = min(design_life, radiation.dose_limited_life(dose, inputs.dose_tolerance))
    events = None
    if "single_events" in inputs.effects:
        flux = radiation.shielded_proton_flux(altitude, inclination, total,
                                              solar=inputs.radiation_activity)
        events = radiation.single_event_rates(flux, recovery_time=inputs.recovery_time,
                                              reset_time=inputs.reset_time)
    return dose, life, events


def _size_with_drag(spec, altitude, life, inputs, integer):
    """Fixed point on delta_v: (design, station keeping dv, de-orbit dv, B, iterations)."""
    if "drag" not in inputs.effects:
        design = size_satellite(spec, integer=integer, sensitivities=False)
        return design, 0.0, 0.0, math.nan, 0
    deorbit = atmosphere.deorbit_delta_v(altitude, inputs.disposal_perigee)
    keeping, ballistic = 0.0, math.nan
    for iteration in range(1, _MAX_FIXED_POINT + 1):
        dv = keeping + deorbit
        if dv > _BOUNDS["delta_v"][1]:
            raise InputError(f"delta_v = {dv:.4g} m/s is outside the valid range "
                             f"[0, {_BOUNDS['delta_v'][1]:g}] m/s: drag too strong")
        design = size_satellite(spec.replace(delta_v=dv), integer=integer,
                                sensitivities=False)
        keeping_next, ballistic = _drag_delta_v(design, altitude, life, inputs)
        if abs(keeping_next - keeping) < _DV_TOLERANCE:
            return design, keeping, deorbit, ballistic, iteration
        keeping = keeping_next
    raise SolverError(f"drag fixed point did not converge in {_MAX_FIXED_POINT} iterations "
                      f"at altitude {altitude:g} m")


def _infeasible(altitude, shield, inclination, reason) -> AltitudePoint:
    nan = math.nan
    return AltitudePoint(altitude, shield, inclination, None, nan, nan, nan, nan, nan, nan,
                         nan, nan, nan, nan, math.inf, 0.0, 0, reason)


def evaluate_altitude(spec: SatelliteSpec, altitude: float, shield_thickness: float = 0.0,
                      inputs: AltitudeInputs | None = None, *,
                      integer: bool = False) -> AltitudePoint:
    """Size the satellite at one altitude and shield thickness with the altitude effects.

    Parameters
    ----------
    spec : SatelliteSpec
        Every other input; its ``altitude``, ``delta_v`` (if drag is on),
        ``accelerator_mass`` (if a shield is fitted) and ``lifetime_years`` (if the dose
        ends the life first) are replaced.
    altitude : float
        [m], in the spec's range [160 km, 2,000 km].
    shield_thickness : float
        Added aluminium around each accelerator [m], in [0, ``inputs.max_shield``].
    inputs : AltitudeInputs, optional
    integer : bool
        Integer GPU count (the final design) or the relaxation (the search).

    Returns
    -------
    AltitudePoint
    """
    inputs = inputs or AltitudeInputs()
    if not isinstance(spec, SatelliteSpec):
        raise InputError(f"spec must be a SatelliteSpec; got {type(spec).__name__}")
    low, high = _BOUNDS["altitude"][:2]
    altitude = check_scalar(altitude, "altitude", low=low, high=high, unit="m")
    shield = check_scalar(shield_thickness, "shield_thickness", low=0.0,
                          high=inputs.max_shield, unit="m")
    return _evaluate(spec, altitude, shield, inputs, bool(integer))


@functools.lru_cache(maxsize=4096)
def _evaluate(spec, altitude, shield, inputs, integer) -> AltitudePoint:
    """:func:`evaluate_altitude` on checked arguments, cached (searches revisit points)."""
    inclination = _inclination(spec, altitude, inputs)
    dose, life, events = _radiation_state(altitude, inclination, shield, inputs,
                                          spec.lifetime_years)
    per_accelerator = radiation.ALUMINIUM_DENSITY * shield * inputs.shield_area_per_accelerator
    changes = {"altitude": altitude, "lifetime_years": life}
    if shield > 0.0:
        changes["accelerator_mass"] = spec.value("accelerator_mass") + per_accelerator
    try:
        design, keeping, deorbit, ballistic, iterations = _size_with_drag(
            spec.replace(**changes), altitude, life, inputs, integer)
    except (InputError, InfeasibleDesignError) as error:
        return _infeasible(altitude, shield, inclination, str(error).splitlines()[0])
    lost = events.throughput_lost if events else 0.0
    hours = design.gpu_count * life * HOURS_PER_YEAR * design.duty_cycle * (1.0 - lost)
    decay = (atmosphere.natural_decay_time(altitude, ballistic, inputs.drag_activity)
             if "drag" in inputs.effects else math.nan)
    return AltitudePoint(
        altitude=altitude, shield_thickness=shield, inclination=inclination, design=design,
        delta_v=design.spec.delta_v, station_keeping_delta_v=keeping,
        deorbit_delta_v=deorbit, ballistic_coefficient=ballistic,
        natural_decay_time=decay, dose_rate=dose, life=life, throughput_lost=lost,
        failure_rate=(events.failure_rate * radiation.SECONDS_PER_YEAR if events else 0.0),
        shield_mass=per_accelerator * design.gpu_count,
        cost_per_gpu_hour=(design.hardware_cost + design.launch_cost) / hours,
        compute_per_kg=design.compute / design.total_mass, iterations=iterations,
        collision_probability=debris.collision_probability(
            2.0 * (design.solar_array_area + design.radiator_area), altitude,
            inclination=inclination),
    )


def _golden(function, low, high, best, tolerance):
    """Golden-section minimum of ``function`` on [low, high]; ``best`` = (x, f(x)) seen."""
    a, b = low, high
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = function(c), function(d)
    while b - a > tolerance:
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = function(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = function(d)
    return min([best, (c, fc), (d, fd)], key=lambda pair: pair[1])


def _bracketed_search(evaluate, low, high, count, tolerance):
    """Grid of ``count`` points on [low, high], then golden section around the best one.

    Returns (best point, grid points).
    """
    step = (high - low) / (count - 1)
    grid = [evaluate(low + i * step) for i in range(count)]
    costs = [p.cost_per_gpu_hour for p in grid]
    index = min(range(count), key=costs.__getitem__)
    if not math.isfinite(costs[index]):
        return grid[index], grid
    cache = {}

    def cost(x):
        point = cache.get(x) or cache.setdefault(x, evaluate(x))
        return point.cost_per_gpu_hour

    a, b = low + max(index - 1, 0) * step, low + min(index + 1, count - 1) * step
    x, _ = _golden(cost, a, b, (low + index * step, costs[index]), tolerance)
    best = cache.get(x, grid[index])
    return (best if best.cost_per_gpu_hour <= costs[index] else grid[index]), grid


def best_shield(spec: SatelliteSpec, altitude: float, inputs: AltitudeInputs | None = None,
                *, shield_count: int = 7, tolerance: float = 5e-4) -> AltitudePoint:
    """Cheapest delivered GPU-hour over the shield thickness at one altitude.

    Bracketed 1-D search on [0, ``inputs.max_shield``] (module doc, Optimality).

    Parameters
    ----------
    spec, altitude, inputs
        As in :func:`evaluate_altitude`.
    shield_count : int
        Grid points before refinement [-], >= 3.
    tolerance : float
        Width at which the golden section stops [m], > 0.
    """
    inputs = inputs or AltitudeInputs()
    shield_count = check_positive_int(shield_count, "shield_count", minimum=3)
    tolerance = check_scalar(tolerance, "tolerance", low=0.0, low_open=True, unit="m")
    if "radiation" not in inputs.effects and "single_events" not in inputs.effects:
        return evaluate_altitude(spec, altitude, 0.0, inputs)  # a shield only costs mass
    best, _ = _bracketed_search(lambda t: evaluate_altitude(spec, altitude, t, inputs),
                                0.0, inputs.max_shield, shield_count, tolerance)
    return best


def contributions(spec: SatelliteSpec, altitude: float, shield_thickness: float,
                  inputs: AltitudeInputs | None = None) -> dict:
    """Each effect's share of log(cost per GPU-hour) at one altitude and shield [-].

    Effects are added in the order of :data:`EFFECTS` to the plain sizing (fixed
    ``delta_v``, no shield, design life): "eclipse and power" is log c of the plain
    sizing, and each effect adds log c(with it) - log c(without it, earlier ones on); the
    shield's mass counts with "radiation". The values sum to log c(all effects).
    """
    inputs = inputs or AltitudeInputs()
    plain = dataclasses.replace(inputs, effects=())
    previous = math.log(evaluate_altitude(spec, altitude, 0.0, plain).cost_per_gpu_hour)
    result = {"eclipse and power": previous}
    on = []
    for effect in inputs.effects:
        on.append(effect)
        shield = shield_thickness if {"radiation", "single_events"} & set(on) else 0.0
        point = evaluate_altitude(spec, altitude, shield,
                                  dataclasses.replace(inputs, effects=tuple(on)))
        current = math.log(point.cost_per_gpu_hour)
        result[effect] = current - previous
        previous = current
    return result


def _binding(spec, inputs, best, neighbour) -> str:
    """The effect whose contribution to log c grows most from ``best`` to ``neighbour``."""
    if neighbour is None:
        return "bracket end"
    if not math.isfinite(neighbour.cost_per_gpu_hour):
        return f"infeasible: {neighbour.reason}"
    here = contributions(spec, best.altitude, best.shield_thickness, inputs)
    there = contributions(spec, neighbour.altitude, neighbour.shield_thickness, inputs)
    return max(here, key=lambda name: there[name] - here[name])


def optimize_altitude(spec: SatelliteSpec, inputs: AltitudeInputs | None = None, *,
                      low: float = 400e3, high: float = 1500e3, count: int = 12,
                      shield_count: int = 7, tolerance: float = 10e3) -> AltitudeOptimum:
    """Altitude and shield thickness that minimise the cost of a delivered GPU-hour.

    Outer bracketed search over altitude (module doc, Optimality), the shield optimised
    at each altitude by :func:`best_shield`; the optimum is re-sized with the integer GPU
    count.

    Parameters
    ----------
    spec : SatelliteSpec
    inputs : AltitudeInputs, optional
    low, high : float
        Altitude bracket [m], inside [160 km, 2,000 km], low < high.
    count : int
        Altitude grid points [-], >= 3.
    shield_count : int
        Shield grid points per altitude [-], >= 3.
    tolerance : float
        Altitude width at which the refinement stops [m], > 0.

    Returns
    -------
    AltitudeOptimum
    """
    inputs = inputs or AltitudeInputs()
    floor, ceiling = _BOUNDS["altitude"][:2]
    low = check_scalar(low, "low", low=floor, high=ceiling, unit="m")
    high = check_scalar(high, "high", low=floor, high=ceiling, unit="m")
    if not low < high:
        raise InputError(f"low = {low:g} m must be below high = {high:g} m")
    count = check_positive_int(count, "count", minimum=3)
    tolerance = check_scalar(tolerance, "tolerance", low=0.0, low_open=True, unit="m")
    best, grid = _bracketed_search(
        lambda h: best_shield(spec, h, inputs, shield_count=shield_count),
        low, high, count, tolerance)
    if not math.isfinite(best.cost_per_gpu_hour):
        raise InfeasibleDesignError(f"no altitude in [{low:g}, {high:g}] m closes: "
                                    f"{best.reason}")
    below = max((p for p in grid if p.altitude < best.altitude),
                key=lambda p: p.altitude, default=None)
    above = min((p for p in grid if p.altitude > best.altitude),
                key=lambda p: p.altitude, default=None)
    final = evaluate_altitude(spec, best.altitude, best.shield_thickness, inputs,
                              integer=True)
    return AltitudeOptimum(best=final, relaxed=best, grid=tuple(grid),
                           binding_below=_binding(spec, inputs, best, below),
                           binding_above=_binding(spec, inputs, best, above),
                           bracket=(low, high))


def dawn_dusk_eclipse_free_altitude(low: float = 160e3, high: float = 2000e3) -> float:
    """Lowest altitude at which a dawn-dusk orbit has no eclipse on any day [m].

    Bisection to 1 km on the longest eclipse of :func:`thermaldesign.orbit.eclipse_season`
    (zero above the threshold, positive below; monotone because the Earth's angular
    radius falls with altitude).
    """
    def longest(altitude):
        return orbit.eclipse_season(altitude, None, 6.0).longest_eclipse

    if longest(high) > 0.0:
        return math.inf
    while high - low > 1e3:
        middle = 0.5 * (low + high)
        low, high = (low, middle) if longest(middle) == 0.0 else (middle, high)
    return high
