"""Transient of a network: an adaptive SDIRK2 stepper with dense output, event location
and an energy account.

:class:`TransientStepper` advances the network one accepted step per
:meth:`~TransientStepper.step`, in the shape of :class:`scipy.integrate.OdeSolver`
(attributes ``t``, ``y``, ``t_old``, ``t_bound``, ``status``; :meth:`~TransientStepper.dense_output`
interpolates the last step). Its parts are separate helpers: :func:`sdirk_stages` (the two
implicit stages), :func:`ladder_step` and :class:`FactorCache` (step sizes on the ladder
``2^(k/8)`` s, one LU per rung), :func:`locate_thermostat_event` (event location),
:class:`EnergyAccount` (the integrated energy balance) and :class:`StepInterpolant` (the
quadratic through the step's stage values). :func:`run_transient` is the driver behind
:meth:`ThermalNetwork.transient <thermaldesign.network.ThermalNetwork.transient>`: it steps
to the end and samples the interpolants at the output times. The method is described in the
documentation of :mod:`thermaldesign.network`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_scalar
from ..errors import SolverError

__all__ = [
    "GAMMA",
    "EnergyAccount",
    "FactorCache",
    "StepInterpolant",
    "Transient",
    "TransientStepper",
    "first_crossing",
    "ladder_step",
    "locate_thermostat_event",
    "quadratic_interpolant",
    "run_transient",
    "sdirk_stages",
]

# Alexander's SDIRK2: the diagonal coefficient that makes the method L-stable.
GAMMA = 1.0 - math.sqrt(2.0) / 2.0


@dataclass(frozen=True)
class Transient:
    """Transient solution at the requested output times.

    Attributes
    ----------
    times : numpy.ndarray
        Output times [s].
    temperatures : dict[str, numpy.ndarray]
        Node (and boundary) name -> temperature at each output time [K].
    flows : dict[str, numpy.ndarray]
        Coupling name -> heat flow from its first node to its second [W].
    heater_on : dict[str, numpy.ndarray]
        Heater name -> on (True) or off at each output time.
    energy : dict[str, float]
        Integrated over the run [J]: ``dissipated`` (node power), ``heaters``, ``absorbed``
        (environment), ``sources`` (their sum), ``rejected`` (into boundaries), ``stored``
        (sum of C dT) and ``imbalance = sources - rejected - stored``;
        ``relative_imbalance`` [-] divides by the largest of the terms.
    steps, rejected_steps, factorizations, heater_switches : int
        Integrator statistics.
    """

    times: np.ndarray
    temperatures: dict[str, np.ndarray]
    flows: dict[str, np.ndarray]
    heater_on: dict[str, np.ndarray]
    energy: dict[str, float]
    steps: int
    rejected_steps: int
    factorizations: int
    heater_switches: int
    final_temperatures: dict[str, float] = field(repr=False)

    def to_dict(self) -> dict:
        """Plain dictionaries and lists (SI units)."""
        return {
            "times": self.times.tolist(),
            "temperatures": {k: v.tolist() for k, v in self.temperatures.items()},
            "flows": {k: v.tolist() for k, v in self.flows.items()},
            "heater_on": {k: v.tolist() for k, v in self.heater_on.items()},
            "energy": dict(self.energy),
            "steps": self.steps,
            "rejected_steps": self.rejected_steps,
        }

    def __str__(self) -> str:
        width = max([len(name) for name in self.temperatures] + [4])
        lines = [f"transient {self.times[0]:g} .. {self.times[-1]:g} s, {self.steps} steps",
                 f"{'node':<{width}}  {'min [K]':>9}  {'max [K]':>9}  {'end [K]':>9}"]
        for name, series in self.temperatures.items():
            lines.append(f"{name:<{width}}  {series.min():9.3f}  {series.max():9.3f}  "
                         f"{series[-1]:9.3f}")
        e = self.energy
        lines.append(f"energy: sources {e['sources']:.6g} J = rejected {e['rejected']:.6g} J "
                     f"+ stored {e['stored']:.6g} J (relative imbalance "
                     f"{e['relative_imbalance']:.1e})")
        return "\n".join(lines)


class _TransientModel:
    """The right-hand side ``f(t, y)`` of ``M y' = f``, its Jacobian and the consistent
    re-solve of the arithmetic nodes, with the inputs cached per time and heater state.

    ``everything`` is one buffer of all node temperatures [K] (free and boundary) that every
    evaluation writes into.
    """

    def __init__(self, network, comp, everything: np.ndarray):
        self.network = network
        self.comp = comp
        self.everything = everything
        self.operators = network._operators(comp)
        self.n = comp.free.size
        heaters = network._heaters
        self.heater_count = len(heaters)
        self.heater_nodes = np.array([comp.local[h.node] for h in heaters], dtype=np.int64)
        self.heater_power = np.array([h.power for h in heaters])
        self.on_below = np.array([h.on_below for h in heaters])
        self.off_above = np.array([h.off_above for h in heaters])
        self.algebraic = comp.capacitance == 0.0
        self._no_heat = np.zeros(self.n)
        self._input_cache: dict[tuple, tuple] = {}
        self._heat_cache: dict[bytes, np.ndarray] = {}

    def inputs(self, t: float, left: bool = False):
        """(power, absorbed) per free node [W] and boundary temperatures [K] at ``t``;
        ``left``: their limit from before t (a step ending on a jump)."""
        key = (t, left)
        if key not in self._input_cache:
            if len(self._input_cache) > 8:
                self._input_cache.clear()
            power, absorbed = self.network._sources(self.comp, t, left=left)
            self._input_cache[key] = (power, absorbed, self.network._boundary_temperatures(
                self.comp, t, left=left))
        return self._input_cache[key]

    def heater_heat(self, state: np.ndarray) -> np.ndarray:
        """Heater power per free node for a heater on/off state [W]."""
        if not self.heater_count:
            return np.zeros(self.n)
        return np.bincount(self.heater_nodes[state], weights=self.heater_power[state],
                           minlength=self.n)

    def _heat_of(self, state: np.ndarray) -> np.ndarray:
        """:meth:`heater_heat`, cached per state."""
        if not self.heater_count:
            return self._no_heat
        key = state.tobytes()
        if key not in self._heat_cache:
            self._heat_cache[key] = self.heater_heat(state)
        return self._heat_cache[key]

    def evaluate(self, t, y, state, left=False, account=False):
        """f(t, y) per free node [W]; with ``account``, also the heat into the boundaries,
        the dissipation and the absorbed environment [W]."""
        comp, operators, everything = self.comp, self.operators, self.everything
        power, absorbed, boundary = self.inputs(t, left)
        everything[comp.free] = y
        everything[comp.bounds] = boundary
        squared = everything * everything
        fourth = squared * squared
        f = (power + absorbed + self._heat_of(state) + operators.conduction @ everything
             + operators.radiation @ fourth)
        if not account:
            return f, None, None, None
        into_bounds = (operators.conduction_to_bounds @ everything
                       + operators.radiation_to_bounds @ fourth)
        return f, float(into_bounds), power.sum(), absorbed.sum()

    def jacobian(self, t: float, y: np.ndarray) -> np.ndarray:
        """CSC data of df/dy at (t, y) [W/K]."""
        self.everything[self.comp.free] = y
        self.everything[self.comp.bounds] = self.inputs(t)[2]
        return self.network._jacobian_data(self.comp, self.everything)

    def consistent(self, t: float, y: np.ndarray, state: np.ndarray) -> np.ndarray:
        """Solve the arithmetic nodes' balance at t with the capacitive nodes held [K]."""
        if not self.algebraic.any():
            return y
        power, absorbed, boundary = self.inputs(t)
        self.everything[self.comp.free] = y
        self.everything[self.comp.bounds] = boundary
        solved, _ = self.network._newton(self.comp, self.everything,
                                         power + absorbed + self.heater_heat(state),
                                         ~self.algebraic, y.copy(), 1e-13, 100, "transient")
        return solved


class FactorCache:
    """LU factors of ``M - gamma h_r J`` per rung ``h_r = 2^(k/8)`` [s] of the step ladder.

    A controller that moves h a little every step does not refactor every step; an orbit
    visits a few dozen rungs (short steps at eclipse edges, long ones between), kept up to
    ``limit`` (least recently used dropped).
    """

    def __init__(self, factor, limit: int):
        self._factor = factor  # data -> LU
        self._factors: dict[int, object] = {}
        self.limit = limit
        self.factorizations = 0

    def get(self, rung: int, jacobian, mass: np.ndarray, diagonal_slot: np.ndarray):
        """(LU, fresh) for ``rung``; ``jacobian()`` gives the Jacobian data if it must be
        factored, ``mass`` the capacitances [J/K] on the diagonal."""
        fresh = rung not in self._factors
        if fresh:
            if len(self._factors) >= self.limit:
                self._factors.pop(next(iter(self._factors)))  # least recently used
            data = -GAMMA * 2.0 ** (rung / 8.0) * jacobian()
            data[diagonal_slot] += mass
            self._factors[rung] = self._factor(data)
            self.factorizations += 1
        lu = self._factors.pop(rung)
        self._factors[rung] = lu
        return lu, fresh

    def drop(self, rung: int) -> None:
        """Forget ``rung`` (its Jacobian is stale)."""
        self._factors.pop(rung, None)


class EnergyAccount:
    """Energy integrated over a transient [J], with the method's own quadrature.

    Because SDIRK2 is stiffly accurate, ``M (y_{n+1} - y_n)`` equals the same quadrature
    (weights ``1 - gamma`` and ``gamma`` at the two stages) of the stage heat flows, so the
    account closes to the Newton tolerance, not merely to the truncation error.
    """

    def __init__(self):
        self.dissipated = self.absorbed = self.rejected = self.heaters = 0.0

    def add_step(self, h: float, stage1, stage2, heater_power: float) -> None:
        """Add a step of ``h`` [s]: ``stage1``, ``stage2`` are (rejected, dissipated,
        absorbed) heat rates at the two stages [W]; ``heater_power`` is constant [W]."""
        rejected1, dissipated1, absorbed1 = stage1
        rejected2, dissipated2, absorbed2 = stage2
        self.dissipated += h * ((1 - GAMMA) * dissipated1 + GAMMA * dissipated2)
        self.absorbed += h * ((1 - GAMMA) * absorbed1 + GAMMA * absorbed2)
        self.rejected += h * ((1 - GAMMA) * rejected1 + GAMMA * rejected2)
        self.heaters += h * heater_power

    def close(self, capacitance: np.ndarray, start: np.ndarray, end: np.ndarray) -> dict:
        """The account as a dict [J] with ``stored = sum C (T_end - T_start)``,
        ``imbalance = sources - rejected - stored`` and ``relative_imbalance`` [-]."""
        energy = {"dissipated": self.dissipated, "heaters": self.heaters,
                  "absorbed": self.absorbed, "rejected": self.rejected}
        stored = float(np.sum(capacitance * (end - start)))
        sources = energy["dissipated"] + energy["heaters"] + energy["absorbed"]
        imbalance = sources - energy["rejected"] - stored
        scale = max(abs(sources), abs(energy["rejected"]), abs(stored),
                    float(np.sum(capacitance * np.abs(end - start))), 1e-300)
        energy.update(sources=sources, stored=stored, imbalance=imbalance,
                      relative_imbalance=abs(imbalance) / scale)
        return {key: float(value) for key, value in energy.items()}


@dataclass(frozen=True)
class StepInterpolant:
    """Dense output of one step: the quadratic through (t_old, y_old), the first stage at
    ``t_old + gamma h`` and (t, y_new); free-node temperatures [K].

    ``heater_on`` is the heater state during the step (a switch takes effect at its end).
    """

    t_old: float
    t: float
    h: float
    y_old: np.ndarray
    y_stage: np.ndarray
    y_new: np.ndarray
    heater_on: np.ndarray

    def __call__(self, t: float) -> np.ndarray:
        """Free-node temperatures at ``t`` in [t_old, t] [K]."""
        return quadratic_interpolant(self.y_old, self.y_stage, self.y_new,
                                     (t - self.t_old) / self.h)


def locate_thermostat_event(y0, y1, y2, state, heater_nodes, on_below, off_above):
    """First thermostat crossing in a step: (fraction of the step in (0, 1], heater index),
    or (2.0, -1) if none crosses.

    ``y0``, ``y1``, ``y2`` are the step's start, first-stage and end values [K]; a heater
    that is on crosses ``off_above`` [K] upward, one that is off ``on_below`` [K] downward;
    the crossing is located on the step's quadratic interpolant.
    """
    fraction, which = 2.0, -1
    for i, node in enumerate(heater_nodes):
        threshold = off_above[i] if state[i] else on_below[i]
        crossed = y2[node] > threshold if state[i] else y2[node] < threshold
        if crossed:
            s = first_crossing(y0[node], y1[node], y2[node], threshold)
            if s < fraction:
                fraction, which = s, i
    return fraction, which


def ladder_step(h_nominal: float, max_step: float, t: float, target: float):
    """(h, planned) [s]: the controller's step snapped down onto the ladder ``2^(k/8)``
    (``planned``), then stretched or halved to land on ``target`` rather than just short."""
    h = min(h_nominal, max_step)
    # Within 9 %, 4 % on average, of the controller's step; factorisations are reused exactly.
    h = 2.0 ** (math.floor(8.0 * math.log2(h) + 1e-9) / 8.0)
    planned = h
    if t + 1.05 * h >= target:
        h = target - t
    elif t + 2.0 * h > target:
        h = 0.5 * (target - t)
    return h, planned


class TransientStepper:
    """Adaptive SDIRK2 integration of a network, one accepted step per :meth:`step`.

    The shape of :class:`scipy.integrate.OdeSolver`: ``t`` [s] and ``y`` (free-node
    temperatures [K], in ``node_names`` order of the compiled network) after the last step,
    ``t_old``, ``t_bound`` [s], ``status`` (``"running"`` or ``"finished"``), and
    :meth:`dense_output` for the last step. Also ``heater_state`` (bool per heater),
    ``energy`` (:class:`EnergyAccount`) and the counters ``steps``, ``rejected_steps``,
    ``heater_switches`` and ``factorizations``.

    Parameters
    ----------
    network : ThermalNetwork
        The network (compiled and checked by the caller).
    start, end : float
        Integration interval [s].
    everything : numpy.ndarray
        Initial temperatures of all nodes [K] (boundaries are overwritten by their inputs).
    rtol, atol : float
        Local error tolerances, relative [-] and absolute [K].
    max_step : float
        Largest step [s].
    first_step : float or None
        First step [s]; None estimates it from the initial rates.
    max_steps : int
        Accepted plus rejected steps before :class:`~thermaldesign.errors.SolverError`.
    """

    def __init__(self, network, start: float, end: float, everything: np.ndarray, *,
                 rtol: float, atol: float, max_step: float, first_step: float | None,
                 max_steps: int):
        comp = network._compiled()
        self.comp = comp
        self.model = model = _TransientModel(network, comp, everything)
        self.rtol, self.atol, self.max_step, self.max_steps = rtol, atol, max_step, max_steps
        self.t_bound = end
        self.boundary_start = model.inputs(start)[2]
        everything[comp.bounds] = self.boundary_start
        self.heater_state = np.array([everything[comp.free][k] < model.on_below[i]
                                      for i, k in enumerate(model.heater_nodes)], dtype=bool)
        # Consistent start: solve the arithmetic nodes' balance with the others held.
        self.y_start = model.consistent(start, everything[comp.free].copy(), self.heater_state)
        self.y = self.y_start.copy()
        everything[comp.free] = self.y
        self.t = self.t_old = start
        jumps = network._jumps(start, end)
        self._stops = np.unique(np.concatenate([jumps[jumps < end], [end]]))
        self._stop_index = 0
        self._jump_set = set(jumps.tolist())
        self._h_nominal = self._initial_step(first_step, end - start)
        self._slope = np.zeros(comp.free.size)
        # Keep every rung within about 200 MB of factors (fill ~10x the matrix, 12 B a value).
        self.factors = FactorCache(lambda data: network._factor(comp, data, "transient"),
                                   int(np.clip(200e6 / (120.0 * comp.nnz), 8, 64)))
        self.energy = EnergyAccount()
        self.steps = self.rejected_steps = self.heater_switches = 0
        self._forced_h, self._event_heater = None, -1
        self._last: StepInterpolant | None = None
        self.status = "running" if start < end else "finished"

    @property
    def factorizations(self) -> int:
        """LU factorisations so far."""
        return self.factors.factorizations

    def _initial_step(self, first_step, span: float) -> float:
        """The first nominal step [s]: 1 % of the fastest relative rate, or ``first_step``."""
        model = self.model
        capacitive = ~model.algebraic
        f0 = model.evaluate(self.t, self.y, self.heater_state)[0]
        scale = self.atol + self.rtol * np.abs(self.y)
        if first_step is None:
            rate = np.abs(f0[capacitive] / self.comp.capacitance[capacitive]) \
                if capacitive.any() else np.zeros(1)
            fastest = float(np.max(rate / scale[capacitive], initial=0.0)) \
                if capacitive.any() else 0.0
            h = min(self.max_step, span, 0.01 / fastest if fastest > 0 else span / 100)
        else:
            h = check_scalar(first_step, "first_step", low=0.0, low_open=True, unit="s")
        return min(h, self.max_step)

    def step(self) -> None:
        """Advance by one accepted step (retaking rejected steps and steps that cross a
        thermostat set point); ``status`` becomes ``"finished"`` at ``t_bound``.

        Raises
        ------
        SolverError
            More than ``max_steps`` steps, or the step size underflows.
        """
        if self.status != "running":
            raise RuntimeError("TransientStepper.step: the integration has finished")
        while not self._attempt():
            pass
        if self.t >= self.t_bound:
            self.status = "finished"

    def dense_output(self) -> StepInterpolant:
        """Interpolant of the last accepted step over [t_old, t]."""
        if self._last is None:
            raise RuntimeError("TransientStepper.dense_output: no step taken yet")
        return self._last

    def _plan(self):
        """(h, planned, target) [s] for the next attempt."""
        while self._stops[self._stop_index] <= self.t:
            self._stop_index += 1
        target = float(self._stops[self._stop_index])
        if self._forced_h is not None:
            return self._forced_h, self._forced_h, target
        h, planned = ladder_step(self._h_nominal, self.max_step, self.t, target)
        return h, planned, target

    def _attempt(self) -> bool:
        """One attempted step; True if accepted."""
        if self.steps + self.rejected_steps >= self.max_steps:
            raise SolverError(f"transient: more than {self.max_steps} steps before "
                              f"t = {self.t:g} s")
        t, y, model = self.t, self.y, self.model
        h, planned, target = self._plan()
        if h <= 1e-12 * max(1.0, abs(t)):
            raise SolverError(f"transient: step size underflow at t = {t:g} s")
        # A step cut short to land on a stop uses the nearest rung (within 4.4 %): the
        # simplified Newton iteration still contracts (its rate grows with |h / h_r - 1|).
        rung = round(8.0 * math.log2(h))
        lu, fresh = self.factors.get(rung, lambda: model.jacobian(t, y), self.comp.capacitance,
                                     self.comp.diagonal_slot)
        ends_on_jump = self._forced_h is None and h == target - t and target in self._jump_set
        stages, increments, iterations = sdirk_stages(
            lu, model.evaluate, t, h, y, self.heater_state, self.comp.capacitance,
            model.algebraic, ends_on_jump, self._slope)
        if stages is None:  # Newton failed: a fresh Jacobian, then a shorter step
            if fresh:
                self._h_nominal = 0.5 * h
                self._forced_h, self._event_heater = None, -1
            self.factors.drop(rung)
            self.rejected_steps += 1
            return False
        factor = self._error_factor(h, lu, increments, y, stages[1])
        if factor is None:
            return False
        if model.heater_count and self._forced_h is None and self._event_in_step(h, stages):
            return False
        self._accept(h, planned, target, rung, stages, factor, iterations, ends_on_jump)
        return True

    def _error_factor(self, h, lu, increments, y, y2):
        """Step-size factor from the embedded first-order error, filtered by
        ``(M - gamma h J)^-1`` (Hairer & Wanner IV.8); None (and a shorter step planned)
        if the error is too large."""
        error = lu.solve(increments[1] - increments[0] / GAMMA)
        weight = self.atol + self.rtol * np.maximum(np.abs(y), np.abs(y2))
        norm = float(np.sqrt(np.mean((error / weight) ** 2)))
        factor = min(4.0, max(0.2, 0.9 / math.sqrt(norm))) if norm > 0 else 4.0
        if norm > 1.0:
            self._h_nominal = h * min(factor, 0.9)
            self._forced_h, self._event_heater = None, -1
            self.rejected_steps += 1
            return None
        return factor

    def _event_in_step(self, h: float, stages) -> bool:
        """True if a thermostat crosses its set point inside the step: it is then retaken
        to end on the first crossing (or the heater switches now if already on it)."""
        model = self.model
        fraction, which = locate_thermostat_event(
            self.y, stages[0], stages[1], self.heater_state, model.heater_nodes,
            model.on_below, model.off_above)
        if which < 0:
            return False
        if fraction > 1e-9:
            self._forced_h, self._event_heater = fraction * h, which
        else:  # already on the set point at the step start: switch now
            self.heater_state[which] = ~self.heater_state[which]
            self.heater_switches += 1
            self.y = model.consistent(self.t, self.y, self.heater_state)
        return True

    def _accept(self, h, planned, target, rung, stages, factor, iterations, ends_on_jump):
        """Book an accepted step: energy, dense output, heater switch, next step size."""
        model, t, y = self.model, self.t, self.y
        y1, y2 = stages
        # Integrate the energy account with the method's own weights.
        stage1 = model.evaluate(t + GAMMA * h, y1, self.heater_state, account=True)[1:]
        stage2 = model.evaluate(t + h, y2, self.heater_state, ends_on_jump, account=True)[1:]
        self.energy.add_step(h, stage1, stage2,
                             float(model.heater_heat(self.heater_state).sum()))
        t_new = target if h == target - t else t + h
        self._last = StepInterpolant(t, t_new, h, y, y1, y2, self.heater_state.copy())
        truncated = self._forced_h is not None or h < 0.999 * planned
        switched = self._forced_h is not None
        if switched:
            self.heater_state[self._event_heater] = ~self.heater_state[self._event_heater]
            self.heater_switches += 1
            self._forced_h, self._event_heater = None, -1
        if not truncated:
            self._h_nominal = h * factor
        elif factor < 1.0:
            self._h_nominal = min(self._h_nominal, h * factor)
        if iterations > 10:
            self.factors.drop(rung)  # the simplified Newton slowed down: refresh it
        self._slope = (y2 - y) / h
        self._slope[model.algebraic] = 0.0
        self.t_old, self.y, self.t = t, y2, t_new
        self.steps += 1
        if switched or ends_on_jump:
            # An input or a heater jumped: arithmetic nodes jump with it (index-1 DAE
            # re-initialisation); capacitive nodes are continuous, their slope is not.
            self.y = model.consistent(self.t, self.y, self.heater_state)
            self._slope[:] = 0.0


def run_transient(network, stepper: TransientStepper, times: np.ndarray) -> Transient:
    """Step ``stepper`` (of ``network``, from ``times[0]`` to ``times[-1]`` [s]) to its end
    and sample its dense output at ``times`` [s]: the result of
    :meth:`ThermalNetwork.transient <thermaldesign.network.ThermalNetwork.transient>`."""
    comp, heater_count = stepper.comp, stepper.model.heater_count
    output = np.empty((times.size, comp.free.size))
    output_boundary = np.empty((times.size, comp.bounds.size))
    output_heater = np.empty((times.size, heater_count), dtype=bool)
    output[0] = stepper.y
    output_boundary[0] = stepper.boundary_start
    output_heater[0] = stepper.heater_state
    next_output = 1
    while stepper.status == "running":
        stepper.step()
        step = stepper.dense_output()
        while next_output < times.size and times[next_output] <= step.t + 1e-12 * step.h:
            output[next_output] = step(times[next_output])
            output_boundary[next_output] = network._boundary_temperatures(
                comp, float(times[next_output]))
            output_heater[next_output] = step.heater_on
            next_output += 1
    while next_output < times.size:  # only rounding at the very end can leave one
        output[next_output] = stepper.y
        output_boundary[next_output] = network._boundary_temperatures(
            comp, float(times[next_output]))
        output_heater[next_output] = stepper.heater_state
        next_output += 1
    return _transient_result(network, stepper, times, output, output_boundary, output_heater)


def _transient_result(network, stepper, times, output, output_boundary, output_heater):
    """The Transient of a finished stepper and its sampled outputs."""
    comp = stepper.comp
    full = np.empty((times.size, len(comp.names)))
    full[:, comp.free] = output
    full[:, comp.bounds] = output_boundary
    flows = (comp.conductance * (full[:, comp.a] - full[:, comp.b])
             + comp.radiation * (full[:, comp.a] ** 4 - full[:, comp.b] ** 4))
    # The boundaries as the last evaluation left them in the shared buffer.
    final = stepper.model.everything.copy()
    final[comp.free] = stepper.y
    return Transient(
        times=times.copy(),
        temperatures={name: full[:, i].copy() for i, name in enumerate(comp.names)},
        flows={name: flows[:, k].copy() for k, name in enumerate(comp.coupling_names)},
        heater_on={h.name: output_heater[:, i].copy() for i, h in enumerate(network._heaters)},
        energy=stepper.energy.close(comp.capacitance, stepper.y_start, stepper.y),
        steps=stepper.steps, rejected_steps=stepper.rejected_steps,
        factorizations=stepper.factorizations, heater_switches=stepper.heater_switches,
        final_temperatures={name: float(final[i]) for i, name in enumerate(comp.names)},
    )


def sdirk_stages(lu, evaluate, t, h, y, state, mass, algebraic, ends_on_jump,
                 slope):
    """Both SDIRK2 stages by simplified Newton; (None, None, n) if it fails."""
    gamma = GAMMA
    stages, increments, total = [], [], 0
    # Converge to 1e-10 of the temperatures: the energy account closes to the Newton
    # residual, so it is this, not the error tolerance, that sets its accuracy.
    tight = 1e-10 * float(np.abs(y).max())
    for stage in range(2):
        t_stage = t + (gamma if stage == 0 else 1.0) * h
        if stage == 0:
            offset = 0.0
            guess = y + gamma * h * slope  # the previous step's secant slope
        else:
            offset = (1.0 - gamma) / gamma * increments[0]
            guess = y + (stages[0] - y) / gamma  # extrapolate the stage-1 slope
            guess[algebraic] = stages[0][algebraic]
            guess = np.maximum(guess, 0.5 * y)
        previous, converged = None, False
        left = stage == 1 and ends_on_jump
        for _ in range(12):
            f = evaluate(t_stage, guess, state, left)[0]
            delta = lu.solve(mass * (guess - y) - offset - gamma * h * f)
            guess -= delta
            total += 1
            size = float(np.abs(delta).max())
            if size <= tight:
                converged = True
                break
            if previous is not None and size > 0.5 * previous:
                break
            previous = size
        if not converged or np.any(guess <= 0):
            return None, None, total
        stages.append(guess)
        increments.append(mass * (guess - y))
    return stages, increments, total


def quadratic_interpolant(y0, y1, y2, s):
    """Interpolant through (0, y0), (gamma, y1), (1, y2) evaluated at fraction s."""
    g = GAMMA
    l0 = (s - g) * (s - 1.0) / g
    l1 = s * (s - 1.0) / (g * (g - 1.0))
    l2 = s * (s - g) / (1.0 - g)
    return l0 * y0 + l1 * y1 + l2 * y2


def first_crossing(y0: float, y1: float, y2: float, threshold: float) -> float:
    """Smallest fraction s in (0, 1] where the step's quadratic interpolant hits threshold."""
    g = GAMMA
    # p(s) = c0 + c1 s + c2 s^2 from the three Lagrange basis polynomials.
    c2 = y0 / g + y1 / (g * (g - 1.0)) + y2 / (1.0 - g)
    c1 = -y0 * (1.0 + g) / g - y1 / (g * (g - 1.0)) - y2 * g / (1.0 - g)
    c0 = y0 - threshold
    roots = np.roots([c2, c1, c0]) if abs(c2) > 1e-300 else np.roots([c1, c0])
    real = [float(r.real) for r in np.atleast_1d(roots)
            if abs(r.imag) <= 1e-12 * max(1.0, abs(r.real)) and 1e-12 < r.real <= 1.0 + 1e-12]
    if not real:  # the interpolant misses the crossing by rounding: linear fallback
        return float(np.clip((threshold - y0) / (y2 - y0), 1e-12, 1.0)) if y2 != y0 else 1.0
    return min(min(real), 1.0)

