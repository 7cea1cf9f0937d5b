"""Lumped-parameter thermal network: steady state and transient (the SINDA / ESATAN way).

A network is a set of *nodes* (an isothermal lump with a heat capacity ``C`` [J/K] and a
dissipation ``P`` [W]), *boundaries* (a node whose temperature is imposed) and *couplings*
between them: linear conductances ``G`` [W/K] and radiative exchange areas ``GR`` [m^2].
Each free node obeys

.. math::

    C_i \\frac{dT_i}{dt} = P_i(t) + H_i(t) + A_i q_{abs,i}(t)
        + \\sum_j G_{ij}(T_j - T_i) + \\sum_j \\sigma GR_{ij}(T_j^4 - T_i^4)

with ``H`` the thermostat heaters and ``A q_abs`` the environmental flux absorbed by a
surface (:func:`thermaldesign.environment.absorbed_flux`: solar and albedo with the solar
absorptivity, Earth infrared with the infrared emissivity). A node with ``C = 0`` is an
*arithmetic* node: its row is an algebraic equation (instantaneous balance).

Numerics
--------
Assembly is sparse. The coupling index arrays and the compressed-column pattern of the
Jacobian are built once per network; every later assembly is two ``numpy.bincount`` calls.

*Steady state*: damped Newton with the analytic sparse Jacobian (radiation linearised as
``4 sigma GR T^3``). It starts from the nodes' given temperatures, so its first iterate is
the radiation-linearised solve about them; a ratio trust region (no temperature changes by
more than half of itself per iteration) keeps temperatures positive and stops the tangent
of ``T^4`` from overshooting by orders of magnitude from a cold start; a backtracking line
search on the residual follows. Converged when the largest nodal residual is below 1e-12 of
the heat-flow scale.

*Transient*: the mass-matrix system ``M y' = f(t, y)`` with ``M = diag(C)`` singular where
nodes are arithmetic is integrated as an index-1 DAE by a two-stage, L-stable, stiffly
accurate SDIRK method of order 2 (Alexander 1977, gamma = 1 - sqrt(2)/2). Both stages use
the same iteration matrix ``M - gamma h J``. Step sizes are snapped down onto the ladder
``2^(k/8)`` s and one LU is kept per rung (least recently used dropped; a rung is refreshed
when its simplified Newton iteration slows down), so an orbit that keeps revisiting the same
few dozen step sizes factors each once instead of once per step. An arithmetic
node's row reads ``0 = f_i(Y)`` at every stage, so it is solved exactly (no fictitious
capacitance). The local error is estimated from an embedded first-order solution and
filtered through ``(M - gamma h J)^-1 M`` (Hairer & Wanner, section IV.8) so that stiff
components do not force tiny steps; the step size follows from it. Steps land exactly on the
jumps of sampled inputs (:class:`Profile` with repeated sample times, or the wrap of a
periodic profile whose ends differ), evaluating inputs there as left limits; after a jump
the arithmetic nodes are re-solved (they jump with their inputs). The default tolerances,
1e-4 relative and 0.01 K absolute per step, are engineering accuracy.

*Heaters* switch on below ``on_below`` and off above ``off_above`` (hysteresis). The
discontinuity is handled by event location, not by smoothing: a step during which a
thermostat crosses its set point is retaken so that it ends on the crossing (found on the
step's quadratic interpolant through the stage values), then the heater state flips. No
step ever integrates across a switch. In steady state a thermostat is a regulator: a heater
whose node would otherwise sit below ``on_below`` supplies just the power that holds it at
``on_below`` (the orbit-average behaviour of bang-bang control), reported as a duty.

*Energy account*: because the method is stiffly accurate, the step's update
``M (y_{n+1} - y_n)`` equals the same quadrature (weights 1 - gamma, gamma) of the stage
heat flows that the account integrates; stored + rejected = dissipated therefore holds to
the Newton tolerance, not merely to the truncation error.

Not modelled: temperature-dependent properties (``C``, ``G`` and ``GR`` are constants),
conduction or radiation inside a node (each node is isothermal), specular or multiple
reflections beyond what a given ``GR`` already contains.

References
----------
Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed., Aerospace Press (2002),
chapter 15 (thermal analysis, lumped-parameter networks).
Alexander, "Diagonally implicit Runge-Kutta methods for stiff O.D.E.'s", SIAM J. Numer. Anal.
14(6), 1006-1021 (1977), doi:10.1137/0714068.
Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd ed., Springer (1996),
sections IV.8 (error estimation) and VI.1 (index-1 problems), doi:10.1007/978-3-642-05221-7.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sparse
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as sparse_linalg

from ._validation import check_array, check_scalar
from .constants import (
    DEEP_SPACE_TEMPERATURE,
    EARTH_ALBEDO,
    EARTH_IR,
    SOLAR_CONSTANT,
    STEFAN_BOLTZMANN,
)
from .errors import InputError, SolverError

__all__ = [
    "Profile",
    "SteadyState",
    "ThermalNetwork",
    "Transient",
]

# Alexander's SDIRK2: the diagonal coefficient that makes the method L-stable.
_GAMMA = 1.0 - math.sqrt(2.0) / 2.0


# --------------------------------------------------------------------------- inputs in time
class Profile:
    """A quantity sampled in time, linearly interpolated: a power, a flux or a temperature.

    Parameters
    ----------
    times : array_like
        Sample times, non-decreasing [s]. A time given twice marks a jump: the value
        before it is the first sample, the value from it on is the second.
    values : array_like
        Samples, same length as ``times`` [unit of the quantity].
    periodic : bool, optional
        Repeat the samples with period ``times[-1] - times[0]`` (an orbit). If the first and
        last value differ the wrap is a jump. A non-periodic profile raises
        :class:`~thermaldesign.errors.InputError` when asked for a time outside its samples.
    name : str, optional
        Used in error messages.

    Notes
    -----
    Between samples ``v(t) = v_k + (v_{k+1} - v_k)(t - t_k)/(t_{k+1} - t_k)``; the value at
    a jump is the one after it (right-continuous).
    """

    def __init__(self, times, values, *, periodic: bool = False, name: str = "profile"):
        times = check_array(times, f"{name} times", unit="s")
        values = check_array(values, f"{name} values")
        if times.ndim != 1 or times.shape != values.shape or times.size < 2:
            raise InputError(
                f"{name}: times and values must be 1-D of equal length >= 2; got shapes "
                f"{times.shape} and {values.shape}"
            )
        if np.any(np.diff(times) < 0):
            raise InputError(f"{name} times must be non-decreasing")
        repeated = np.flatnonzero(np.diff(times) == 0)
        if np.any(np.diff(repeated) == 1):
            raise InputError(f"{name}: a sample time may appear at most twice (one jump)")
        if times[-1] <= times[0]:
            raise InputError(f"{name} times must span a positive interval")
        self.times = times
        self.values = values
        self.periodic = bool(periodic)
        self.name = name
        self.period = float(times[-1] - times[0])
        # Cumulative integral at each sample, for exact means of a piecewise-linear signal.
        segment = 0.5 * (values[1:] + values[:-1]) * np.diff(times)
        self._cumulative = np.concatenate(([0.0], np.cumsum(segment)))
        jump_times = list(times[repeated + 1])
        self._wrap_jump = self.periodic and values[0] != values[-1]
        self._jumps = np.asarray(jump_times, dtype=float)

    def _reduce(self, t, left=False):
        t = np.asarray(t, dtype=float)
        if self.periodic:
            tau = self.times[0] + np.mod(t - self.times[0], self.period)
            if left:  # the left limit at a period boundary is the end of the samples
                tau = np.where(tau == self.times[0], self.times[-1], tau)
            return tau
        if np.any(t < self.times[0]) or np.any(t > self.times[-1]):
            bad = t[(t < self.times[0]) | (t > self.times[-1])].flat[0]
            raise InputError(
                f"{self.name} is sampled on [{self.times[0]:g}, {self.times[-1]:g}] s and is "
                f"not periodic; asked for t = {bad:g} s"
            )
        return t

    def __call__(self, t, left: bool = False):
        """Value at time ``t`` [s] (scalar or array); ``left``: the limit from before t."""
        tau = self._reduce(t, left)
        side = "left" if left else "right"
        index = np.clip(np.searchsorted(self.times, tau, side=side) - 1, 0, self.times.size - 2)
        t0, t1 = self.times[index], self.times[index + 1]
        width = t1 - t0
        fraction = np.where(width > 0, (tau - t0) / np.where(width > 0, width, 1.0), 1.0)
        value = self.values[index] + fraction * (self.values[index + 1] - self.values[index])
        return float(value) if np.ndim(value) == 0 else value

    def _primitive(self, t: float) -> float:
        tau = float(self._reduce(t))
        index = int(np.clip(np.searchsorted(self.times, tau, side="right") - 1, 0,
                            self.times.size - 2))
        t0 = self.times[index]
        value_at = float(self(tau)) if tau < self.times[-1] else float(self.values[-1])
        inside = self._cumulative[index] + 0.5 * (self.values[index] + value_at) * (tau - t0)
        if self.periodic:
            cycles = math.floor((t - self.times[0]) / self.period)
            return cycles * self._cumulative[-1] + inside
        return inside

    def mean(self, start: float, duration: float) -> float:
        """Exact time average over ``[start, start + duration]`` [unit of the quantity]."""
        start = check_scalar(start, "start", unit="s")
        duration = check_scalar(duration, "duration", low=0.0, low_open=True, unit="s")
        return (self._primitive(start + duration) - self._primitive(start)) / duration

    def jumps(self, start: float, end: float) -> np.ndarray:
        """Times of the jumps in ``(start, end]`` [s]."""
        if not self.periodic:
            inside = self._jumps[(self._jumps > start) & (self._jumps <= end)]
            return inside
        base = list(self._jumps)
        if self._wrap_jump:
            base.append(self.times[0])
        if not base:
            return np.empty(0)
        base = np.asarray(base)
        first = math.floor((start - self.times[0]) / self.period) - 1
        last = math.ceil((end - self.times[0]) / self.period) + 1
        cycles = np.arange(first, last + 1)
        candidates = (base[None, :] + cycles[:, None] * self.period).ravel()
        return np.sort(candidates[(candidates > start) & (candidates <= end)])


class _Signal:
    """A time-varying input: a callable of time or a Profile, validated when evaluated."""

    __slots__ = ("function", "label", "low", "profile")

    def __init__(self, value, label: str, low: float | None):
        self.label = label
        self.low = low
        self.profile = value if isinstance(value, Profile) else None
        self.function = value

    def __call__(self, t: float, left: bool = False) -> float:
        try:
            # A callable's jumps are unknown: error control handles them.
            value = float(self.profile(t, left) if self.profile is not None
                          else self.function(t))
        except InputError:
            raise
        except Exception as error:  # a user callable failed: say which input it was
            raise InputError(
                f"{self.label}: evaluating it at t = {t:g} s failed: {error}") from error
        if not math.isfinite(value) or (self.low is not None and value < self.low):
            bound = "" if self.low is None else f"; valid range [{self.low:g}, inf)"
            raise InputError(f"{self.label}(t = {t:g} s) = {value} is not valid{bound}")
        return value

    def jumps(self, start: float, end: float) -> np.ndarray:
        return np.empty(0) if self.profile is None else self.profile.jumps(start, end)

    def mean(self, start: float, duration: float) -> float:
        if self.profile is not None:
            return self.profile.mean(start, duration)
        # A callable may be discontinuous (an eclipse): a fine trapezoid rule is robust.
        sample_times = np.linspace(start, start + duration, 4097)
        samples = np.array([self(t) for t in sample_times])
        return float(np.trapezoid(samples, sample_times) / duration)


def _constant_or_signal(value, label: str, *, low: float | None = None, high=None, unit=""):
    """Split an input into (constant, signal): exactly one of them is not None."""
    if isinstance(value, Profile) or callable(value):
        return None, _Signal(value, label, low)
    return check_scalar(value, label, low=low, high=high, unit=unit), None


# --------------------------------------------------------------------------- results
class SteadyState(dict):
    """Steady-state solution: a ``dict`` node name -> temperature [K], plus the heat flows.

    Attributes
    ----------
    time : float
        Time at which time-varying inputs were evaluated [s] (start of the averaging window
        when ``average_over`` was given).
    flows : dict[str, float]
        Heat flow through every coupling, positive from its first node to its second [W].
    node_balance : dict[str, dict[str, float]]
        Per node: ``source`` (dissipation + heater + absorbed environment) [W], ``inflow``
        (net heat arriving through couplings) [W] and ``net = source + inflow`` [W], zero at
        a free node to solver tolerance; at a boundary ``-inflow`` is what it must remove.
    heater_duty : dict[str, float]
        Fraction of its power each heater supplies [-].
    balance : dict[str, float]
        Totals [W]: ``dissipated``, ``heaters``, ``absorbed``, ``sources`` (their sum),
        ``rejected`` (into the boundaries), ``imbalance`` and ``relative_imbalance`` [-].
    iterations : int
        Newton iterations.
    """

    def __init__(self, temperatures, *, time, flows, node_balance, heater_duty, balance,
                 iterations):
        super().__init__(temperatures)
        self.time = time
        self.flows = flows
        self.node_balance = node_balance
        self.heater_duty = heater_duty
        self.balance = balance
        self.iterations = iterations

    @property
    def temperatures(self) -> dict[str, float]:
        """Node name -> temperature [K]."""
        return dict(self)

    def to_dict(self) -> dict:
        """Plain nested dictionaries (SI units)."""
        return {
            "time": self.time,
            "temperatures": dict(self),
            "flows": dict(self.flows),
            "node_balance": {k: dict(v) for k, v in self.node_balance.items()},
            "heater_duty": dict(self.heater_duty),
            "balance": dict(self.balance),
            "iterations": self.iterations,
        }

    def __str__(self) -> str:
        width = max([len(name) for name in self] + [4])
        lines = [f"{'node':<{width}}  {'T [K]':>10}  {'T [C]':>9}  {'net [W]':>11}"]
        for name, temperature in self.items():
            lines.append(
                f"{name:<{width}}  {temperature:10.3f}  {temperature - 273.15:9.2f}  "
                f"{self.node_balance[name]['net']:11.3e}"
            )
        b = self.balance
        lines.append(
            f"sources {b['sources']:.6g} W = rejected {b['rejected']:.6g} W "
            f"(relative imbalance {b['relative_imbalance']:.1e})"
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SteadyState({dict.__repr__(self)})"


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


# --------------------------------------------------------------------------- compiled form
@dataclass
class _Compiled:
    names: list[str]
    free: np.ndarray  # global indices of free nodes
    bounds: np.ndarray  # global indices of boundaries
    local: np.ndarray  # global -> free index (-1 for boundaries)
    capacitance: np.ndarray  # per free node
    a: np.ndarray  # coupling ends, global
    b: np.ndarray
    conductance: np.ndarray
    radiation: np.ndarray  # sigma * GR
    coupling_names: list[str]
    # Jacobian pattern (CSC over free nodes)
    indices: np.ndarray
    indptr: np.ndarray
    nnz: int
    slot: np.ndarray  # slot of each contribution
    contribution_coupling: np.ndarray
    contribution_end_is_a: np.ndarray
    contribution_sign: np.ndarray
    diagonal_slot: np.ndarray  # per free node
    entry_row: np.ndarray  # row (free index) of each CSC entry
    inputs: _InputTable | None = None
    operators: _FlowOperators | None = None


@dataclass
class _FlowOperators:
    """Net inflow as sparse products: inflow(free) = conduction @ T + radiation @ T^4.

    With the incidence matrix D (+1 at each coupling's end b, -1 at its end a), the flow
    a -> b is -(G D^T T + sigma GR D^T T^4), so the inflow D flow is -L_G T - L_R T^4 with
    the weighted Laplacians L = D diag(w) D^T: two sparse products per evaluation instead
    of per-coupling flows and their scatter. The boundary rows, summed, give the heat into
    the boundaries for the energy account.
    """

    conduction: sparse.csr_matrix  # free rows of -L_G
    radiation: sparse.csr_matrix  # free rows of -L_R
    conduction_to_bounds: np.ndarray  # column sums of the boundary rows of -L_G
    radiation_to_bounds: np.ndarray


@dataclass
class _InputTable:
    total: int
    power: np.ndarray  # constant power per node (all nodes)
    power_signals: list
    boundary: np.ndarray  # constant temperature per boundary
    boundary_signals: list
    surface_node: np.ndarray
    surface_area: np.ndarray
    absorptivity: np.ndarray  # per distinct surface kind
    emissivity: np.ndarray
    surface_kind: np.ndarray  # surface -> kind
    columns: dict
    varying: dict
    surfaces_vary: bool


@dataclass
class _Heater:
    name: str
    node: int
    power: float
    on_below: float
    off_above: float


@dataclass
class _Surface:
    name: str
    node: int
    area: float
    absorptivity: float
    emissivity: float
    constants: dict
    signals: dict


_ENVIRONMENT_INPUTS = ("solar_cosine", "earth_view_factor", "albedo", "albedo_cosine",
                       "earth_ir", "solar_flux")


class ThermalNetwork:
    """A lumped-parameter thermal network (nodes, boundaries, conductive and radiative links).

    Build it with :meth:`add_node`, :meth:`add_boundary`, :meth:`add_conductance`,
    :meth:`add_radiation` (and :meth:`add_surface`, :meth:`add_heater`, bulk :meth:`add_nodes`,
    :meth:`add_conductances`, :meth:`add_radiations`); solve with :meth:`steady_state` or
    :meth:`transient`. See the module documentation for the equations and the numerics.

    Examples
    --------
    >>> net = ThermalNetwork()
    >>> net.add_node("plate", capacitance=45e3, power=100.0)
    >>> net.add_boundary("space", 0.0)
    >>> net.add_radiation("plate", "space", 0.85)
    >>> round(net.steady_state()["plate"], 2)  # (100 / (0.85 sigma))^(1/4)
    213.42
    """

    def __init__(self):
        self._names: list[str] = []
        self._index: dict[str, int] = {}
        self._capacitance: list[float] = []
        self._initial: list[float] = []
        self._is_boundary: list[bool] = []
        self._power_constant: list[float] = []
        self._power_signals: dict[int, _Signal] = {}
        self._boundary_signals: dict[int, _Signal] = {}
        self._a: list[int] = []
        self._b: list[int] = []
        self._conductance: list[float] = []
        self._exchange_area: list[float] = []
        self._coupling_names: list[str] = []
        self._coupling_index: set[str] = set()
        self._heaters: list[_Heater] = []
        self._surfaces: list[_Surface] = []
        self._surface_names: set[str] = set()
        self._compiled_cache: _Compiled | None = None

    # ----------------------------------------------------------------- building
    def _new_name(self, name) -> str:
        if not isinstance(name, str) or not name:
            raise InputError(f"node name must be a non-empty string; got {name!r}")
        if name in self._index:
            raise InputError(f"duplicate node name '{name}': every node and boundary needs "
                             "its own name")
        return name

    def _lookup(self, name, role: str = "node") -> int:
        try:
            return self._index[name]
        except (KeyError, TypeError):
            import difflib

            near = difflib.get_close_matches(str(name), self._names, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(f"unknown {role} '{name}'{hint}") from None

    def _append(self, name, capacitance, temperature, boundary):
        self._index[name] = len(self._names)
        self._names.append(name)
        self._capacitance.append(capacitance)
        self._initial.append(temperature)
        self._is_boundary.append(boundary)
        self._power_constant.append(0.0)
        self._compiled_cache = None
        return self._index[name]

    def add_node(self, name: str, capacitance: float = 0.0, power=0.0,
                 temperature: float = 293.15) -> None:
        """Add a free node.

        Parameters
        ----------
        name : str
            Unique name.
        capacitance : float, optional
            Heat capacity m c [J/K]; 0 makes an arithmetic (massless) node.
        power : float, callable or Profile, optional
            Dissipation [W]: a constant >= 0, a function of time ``power(t)`` [W] or a
            :class:`Profile`.
        temperature : float, optional
            Initial temperature for :meth:`transient` and first guess for
            :meth:`steady_state` [K].
        """
        name = self._new_name(name)
        capacitance = check_scalar(capacitance, "capacitance", low=0.0, unit="J/K")
        temperature = check_scalar(temperature, "temperature", low=0.0, low_open=True, unit="K")
        constant, signal = _constant_or_signal(power, f"power of node '{name}'", low=0.0,
                                               unit="W")
        index = self._append(name, capacitance, temperature, False)
        if signal is None:
            self._power_constant[index] = constant
        else:
            self._power_signals[index] = signal

    def add_nodes(self, names: Sequence[str], capacitance=0.0, power=0.0,
                  temperature=293.15) -> None:
        """Add many free nodes at once with constant power (arrays broadcast to the names).

        Parameters
        ----------
        names : sequence of str
            Unique names.
        capacitance : float or array_like, optional
            Heat capacities [J/K], >= 0.
        power : float or array_like, optional
            Constant dissipations [W], >= 0.
        temperature : float or array_like, optional
            Initial temperatures [K], > 0.
        """
        names = list(names)
        count = len(names)
        capacitance = np.broadcast_to(
            check_array(capacitance, "capacitance", low=0.0, unit="J/K"), (count,))
        power = np.broadcast_to(check_array(power, "power", low=0.0, unit="W"), (count,))
        temperature = np.broadcast_to(
            check_array(temperature, "temperature", low=0.0, low_open=True, unit="K"), (count,))
        if len(set(names)) != count:
            seen, repeated = set(), []
            for name in names:
                if name in seen:
                    repeated.append(name)
                seen.add(name)
            raise InputError(f"duplicate node names: {', '.join(map(repr, repeated[:10]))}")
        for name, c, p, t in zip(names, capacitance, power, temperature, strict=True):
            self._new_name(name)
            index = self._append(name, float(c), float(t), False)
            self._power_constant[index] = float(p)

    def add_boundary(self, name: str, temperature) -> None:
        """Add a boundary node of imposed temperature.

        Parameters
        ----------
        name : str
            Unique name.
        temperature : float, callable or Profile
            Temperature [K], >= 0 (deep space may be 0 K or 2.725 K), constant or a function
            of time.
        """
        name = self._new_name(name)
        constant, signal = _constant_or_signal(temperature, f"temperature of boundary '{name}'",
                                               low=0.0, unit="K")
        if signal is None:
            index = self._append(name, 0.0, constant, True)
        else:
            index = self._append(name, 0.0, signal(0.0) if signal.profile is None
                                 or signal.profile.periodic else float(signal.profile.values[0]),
                                 True)
            self._boundary_signals[index] = signal

    def _add_coupling(self, a, b, conductance, exchange_area, name, kind):
        ia, ib = self._lookup(a), self._lookup(b)
        if ia == ib:
            raise InputError(f"a coupling needs two different nodes; got '{a}' twice")
        if self._is_boundary[ia] and self._is_boundary[ib]:
            raise InputError(f"coupling '{a}'-'{b}' joins two boundaries; it carries no unknown")
        if name is None:
            name = f"{a}-{b}" if kind == "conductance" else f"{a}-{b} radiation"
            suffix = 2
            base = name
            while name in self._coupling_index:
                name = f"{base} #{suffix}"
                suffix += 1
        elif name in self._coupling_index:
            raise InputError(f"duplicate coupling name '{name}'")
        self._coupling_index.add(name)
        self._coupling_names.append(name)
        self._a.append(ia)
        self._b.append(ib)
        self._conductance.append(conductance)
        self._exchange_area.append(exchange_area)
        self._compiled_cache = None

    def add_conductance(self, a: str, b: str, conductance: float, *, name: str | None = None):
        """Add a linear conductance: ``Q = G (T_a - T_b)`` from ``a`` to ``b``.

        Parameters
        ----------
        a, b : str
            Node or boundary names.
        conductance : float
            G > 0 [W/K].
        name : str, optional
            Coupling name in results (default ``"a-b"``).
        """
        conductance = check_scalar(conductance, f"conductance '{a}'-'{b}'", low=0.0,
                                   low_open=True, unit="W/K")
        self._add_coupling(a, b, conductance, 0.0, name, "conductance")

    def add_radiation(self, a: str, b: str, exchange_area: float, *, name: str | None = None):
        """Add a radiative coupling: ``Q = sigma GR (T_a^4 - T_b^4)`` from ``a`` to ``b``.

        Parameters
        ----------
        a, b : str
            Node or boundary names.
        exchange_area : float
            Radiative exchange factor GR > 0 [m^2] (e.g. ``eps A`` for a grey surface seeing
            only deep space; ``A F_ab / (1/eps_a + ... )`` between surfaces).
        name : str, optional
            Coupling name in results (default ``"a-b radiation"``).
        """
        exchange_area = check_scalar(exchange_area, f"exchange_area '{a}'-'{b}'", low=0.0,
                                     low_open=True, unit="m^2")
        self._add_coupling(a, b, 0.0, exchange_area, name, "radiation")

    def _add_many(self, a, b, values, label, radiative):
        a, b = list(a), list(b)
        if len(a) != len(b):
            raise InputError(f"{label}: a and b must have the same length")
        values = np.broadcast_to(check_array(values, label, low=0.0, low_open=True), (len(a),))
        for name_a, name_b, value in zip(a, b, values, strict=True):
            if radiative:
                self._add_coupling(name_a, name_b, 0.0, float(value), None, "radiation")
            else:
                self._add_coupling(name_a, name_b, float(value), 0.0, None, "conductance")

    def add_conductances(self, a: Sequence[str], b: Sequence[str], conductance) -> None:
        """Add many conductances at once ([W/K], > 0; broadcast to the pairs)."""
        self._add_many(a, b, conductance, "conductance", False)

    def add_radiations(self, a: Sequence[str], b: Sequence[str], exchange_area) -> None:
        """Add many radiative couplings at once (GR [m^2], > 0; broadcast to the pairs)."""
        self._add_many(a, b, exchange_area, "exchange_area", True)

    def add_surface(self, node: str, area: float, absorptivity: float, emissivity: float, *,
                    solar_cosine=0.0, earth_view_factor=0.0, albedo=EARTH_ALBEDO,
                    albedo_cosine=1.0, earth_ir=EARTH_IR, solar_flux=SOLAR_CONSTANT,
                    sink: str = "space", sink_temperature: float = DEEP_SPACE_TEMPERATURE,
                    fin_efficiency: float = 1.0, name: str | None = None) -> None:
        """Make a face of ``node`` exchange with the orbital environment.

        The face absorbs ``A q_abs(t)`` with ``q_abs`` from
        :func:`thermaldesign.environment.absorbed_flux`,

        .. math:: q_{abs} = \\alpha S \\cos\\theta_s + \\alpha a S \\cos\\theta_a F_E
                           + \\varepsilon q_{IR} F_E,

        and radiates to the ``sink`` boundary (created at ``sink_temperature`` if absent)
        through ``GR = eta eps A`` (``eta`` the fin efficiency of a finned panel whose node
        temperature is its root temperature; 1 for an isothermal face). Every environment
        input may be a constant, a function of time or a :class:`Profile` (an eclipse is
        ``solar_cosine = 0`` or ``solar_flux = 0`` in the shadow).

        Parameters
        ----------
        node : str
            Free node owning the face.
        area : float
            Face area [m^2].
        absorptivity : float
            Solar absorptivity alpha [-], in [0, 1].
        emissivity : float
            Infrared emissivity epsilon [-], in (0, 1].
        solar_cosine, earth_view_factor, albedo, albedo_cosine : float, callable or Profile
            Cosine of the Sun angle [-], Earth view factor [-], albedo [-], cosine factor of
            the albedo [-].
        earth_ir : float, callable or Profile
            Earth outgoing long-wave flux [W/m^2].
        solar_flux : float, callable or Profile
            Solar irradiance [W/m^2].
        sink : str, optional
            Boundary the face radiates to.
        sink_temperature : float, optional
            Its temperature if it must be created [K].
        fin_efficiency : float, optional
            Fin efficiency eta of the face [-], in (0, 1]: it emits as ``eta`` of its area
            at the node temperature and absorbs on its full area (the sizing convention,
            Gilmore 2002 ch. 6).
        name : str, optional
            Surface name (default ``"<node> surface"``), also the radiative coupling's name.

        Notes
        -----
        The face radiates to the sink with its full view (``GR = eps A``); Earth's infrared
        is an input flux, not a radiative exchange with an Earth node, which is the usual
        orbital-heating split (Gilmore 2002, ch. 2).
        """
        index = self._lookup(node)
        if self._is_boundary[index]:
            raise InputError(f"surface node '{node}' is a boundary; give it to a free node")
        area = check_scalar(area, "area", low=0.0, low_open=True, unit="m^2")
        absorptivity = check_scalar(absorptivity, "absorptivity", low=0.0, high=1.0)
        emissivity = check_scalar(emissivity, "emissivity", low=0.0, high=1.0, low_open=True)
        fin_efficiency = check_scalar(fin_efficiency, "fin_efficiency", low=0.0, high=1.0,
                                      low_open=True)
        name = name or f"{node} surface"
        if name in self._surface_names:
            raise InputError(f"duplicate surface name '{name}'")
        given = dict(solar_cosine=solar_cosine, earth_view_factor=earth_view_factor,
                     albedo=albedo, albedo_cosine=albedo_cosine, earth_ir=earth_ir,
                     solar_flux=solar_flux)
        highs = dict(solar_cosine=1.0, earth_view_factor=1.0, albedo=1.0, albedo_cosine=1.0)
        constants, signals = {}, {}
        for key, value in given.items():
            constant, signal = _constant_or_signal(value, f"{key} of '{name}'", low=0.0,
                                                   high=highs.get(key))
            if signal is None:
                constants[key] = constant
            else:
                signals[key] = signal
        if sink not in self._index:
            self.add_boundary(sink, sink_temperature)
        elif not self._is_boundary[self._index[sink]]:
            raise InputError(f"sink '{sink}' is a free node; it must be a boundary")
        self.add_radiation(node, sink, fin_efficiency * emissivity * area, name=name)
        self._surfaces.append(_Surface(name, index, area, absorptivity, emissivity,
                                       constants, signals))
        self._surface_names.add(name)
        self._compiled_cache = None

    def add_heater(self, node: str, power: float, on_below: float, off_above: float, *,
                   name: str | None = None) -> None:
        """Add a thermostat-controlled heater on a free node.

        Parameters
        ----------
        node : str
            Free node heated and sensed.
        power : float
            Heater power when on [W], > 0.
        on_below : float
            Switches on when the node falls below this [K].
        off_above : float
            Switches off when the node rises above this [K]; > ``on_below`` (hysteresis).
        name : str, optional
            Heater name (default ``"<node> heater"``).
        """
        index = self._lookup(node)
        if self._is_boundary[index]:
            raise InputError(f"heater node '{node}' is a boundary")
        if any(heater.node == index for heater in self._heaters):
            raise InputError(f"node '{node}' already has a heater; merge them into one")
        power = check_scalar(power, "heater power", low=0.0, low_open=True, unit="W")
        on_below = check_scalar(on_below, "on_below", low=0.0, low_open=True, unit="K")
        off_above = check_scalar(off_above, "off_above", low=on_below, low_open=True, unit="K")
        name = name or f"{node} heater"
        if any(heater.name == name for heater in self._heaters):
            raise InputError(f"duplicate heater name '{name}'")
        self._heaters.append(_Heater(name, index, power, on_below, off_above))

    @property
    def node_names(self) -> list[str]:
        """Free node names, in insertion order."""
        return [n for n, b in zip(self._names, self._is_boundary, strict=True) if not b]

    @property
    def boundary_names(self) -> list[str]:
        """Boundary names, in insertion order."""
        return [n for n, b in zip(self._names, self._is_boundary, strict=True) if b]

    @property
    def heaters(self) -> list[dict]:
        """Heaters: ``name``, ``node``, ``power`` [W], ``on_below`` [K], ``off_above`` [K]."""
        return [{"name": h.name, "node": self._names[h.node], "power": h.power,
                 "on_below": h.on_below, "off_above": h.off_above} for h in self._heaters]

    @property
    def coupling_names(self) -> list[str]:
        """Coupling names, in insertion order."""
        return list(self._coupling_names)

    # ----------------------------------------------------------------- compiling
    def _compiled(self) -> _Compiled:
        if self._compiled_cache is not None:
            return self._compiled_cache
        is_boundary = np.asarray(self._is_boundary, dtype=bool)
        if not (~is_boundary).any():
            raise InputError("the network has no free node to solve for")
        free = np.flatnonzero(~is_boundary)
        bounds = np.flatnonzero(is_boundary)
        local = np.full(len(self._names), -1, dtype=np.int64)
        local[free] = np.arange(free.size)
        a = np.asarray(self._a, dtype=np.int64)
        b = np.asarray(self._b, dtype=np.int64)
        conductance = np.asarray(self._conductance, dtype=float)
        radiation = STEFAN_BOLTZMANN * np.asarray(self._exchange_area, dtype=float)
        n = free.size
        # Contributions: (row, col, coupling, end, sign) for J[a,a] -= k_a, J[a,b] += k_b,
        # J[b,a] += k_a, J[b,b] -= k_b, kept where both row and column are free.
        coupling = np.arange(a.size)
        rows = np.concatenate([local[a], local[a], local[b], local[b]])
        cols = np.concatenate([local[a], local[b], local[a], local[b]])
        end_is_a = np.concatenate([np.ones(a.size, bool), np.zeros(a.size, bool),
                                   np.ones(a.size, bool), np.zeros(a.size, bool)])
        sign = np.concatenate([-np.ones(a.size), np.ones(a.size), np.ones(a.size),
                               -np.ones(a.size)])
        which = np.concatenate([coupling] * 4)
        keep = (rows >= 0) & (cols >= 0)
        rows, cols, end_is_a, sign, which = (x[keep] for x in (rows, cols, end_is_a, sign, which))
        # Every free node has a diagonal entry (the mass matrix lives there).
        keys = np.concatenate([cols * n + rows, np.arange(n) * n + np.arange(n)])
        unique, inverse = np.unique(keys, return_inverse=True)
        entry_col = unique // n
        entry_row = unique % n
        indptr = np.concatenate(([0], np.cumsum(np.bincount(entry_col, minlength=n))))
        slot = inverse[: rows.size]
        diagonal_slot = inverse[rows.size:]
        self._compiled_cache = _Compiled(
            names=list(self._names), free=free, bounds=bounds, local=local,
            capacitance=np.asarray(self._capacitance, dtype=float)[free],
            a=a, b=b, conductance=conductance, radiation=radiation,
            coupling_names=list(self._coupling_names),
            indices=entry_row.astype(np.int32), indptr=indptr.astype(np.int32),
            nnz=unique.size, slot=slot, contribution_coupling=which,
            contribution_end_is_a=end_is_a, contribution_sign=sign,
            diagonal_slot=diagonal_slot, entry_row=entry_row,
        )
        return self._compiled_cache

    def _check_connected(self, comp: _Compiled, transient: bool) -> None:
        """Every group of free nodes must reach a boundary (or, in a transient, hold heat)."""
        total = len(comp.names)
        graph = sparse.coo_matrix((np.ones(comp.a.size), (comp.a, comp.b)), shape=(total, total))
        count, labels = csgraph.connected_components(graph, directed=False)
        free_labels = labels[comp.free]
        anchored = np.zeros(count, dtype=bool)
        anchored[labels[comp.bounds]] = True
        if transient:
            capacity = np.bincount(free_labels, weights=comp.capacitance, minlength=count)
            anchored |= capacity > 0
        lost = ~anchored[free_labels]
        if lost.any():
            names = [comp.names[i] for i in comp.free[lost]]
            shown = ", ".join(f"'{name}'" for name in names[:10])
            more = f" and {len(names) - 10} more" if len(names) > 10 else ""
            why = ("no path to any boundary and no heat capacity" if transient
                   else "no path to any boundary")
            raise InputError(f"nodes {shown}{more} have {why}: their temperature is "
                             "undetermined (singular network); couple them to a boundary")

    # ----------------------------------------------------------------- evaluation
    def _input_table(self, comp: _Compiled) -> _InputTable:
        """Constant parts as arrays, time-varying parts grouped by their source function."""
        if comp.inputs is not None:
            return comp.inputs

        def grouped(entries):
            groups: dict[int, tuple[_Signal, list[int]]] = {}
            for position, signal in entries:
                groups.setdefault(id(signal.function), (signal, []))[1].append(position)
            return [(signal, np.asarray(where)) for signal, where in groups.values()]

        total = len(comp.names)
        power = np.asarray(self._power_constant, dtype=float).copy()
        boundary = np.asarray(self._initial, dtype=float)[comp.bounds].copy()
        position_of = {int(index): k for k, index in enumerate(comp.bounds)}
        surfaces = self._surfaces
        # Surfaces with identical optical properties and inputs share one flux evaluation.
        signature = {}
        kind = np.empty(len(surfaces), dtype=np.int64)
        for i, surface in enumerate(surfaces):
            key = (surface.absorptivity, surface.emissivity) + tuple(
                ("signal", id(surface.signals[k].function)) if k in surface.signals
                else ("constant", surface.constants[k]) for k in _ENVIRONMENT_INPUTS)
            kind[i] = signature.setdefault(key, len(signature))
        first = [int(np.flatnonzero(kind == k)[0]) for k in range(len(signature))]
        distinct = [surfaces[i] for i in first]
        columns, varying = {}, {}
        for key in _ENVIRONMENT_INPUTS:
            columns[key] = np.array([s.constants.get(key, 0.0) for s in distinct])
            varying[key] = grouped([(i, s.signals[key]) for i, s in enumerate(distinct)
                                    if key in s.signals])
        comp.inputs = _InputTable(
            total=total, power=power,
            power_signals=grouped(list(self._power_signals.items())),
            boundary=boundary,
            boundary_signals=grouped([(position_of[i], signal)
                                      for i, signal in self._boundary_signals.items()]),
            surface_node=np.array([s.node for s in surfaces], dtype=np.int64),
            surface_area=np.array([s.area for s in surfaces]),
            absorptivity=np.array([s.absorptivity for s in distinct]),
            emissivity=np.array([s.emissivity for s in distinct]),
            surface_kind=kind,
            columns=columns, varying=varying,
            surfaces_vary=any(varying[key] for key in _ENVIRONMENT_INPUTS),
        )
        return comp.inputs

    @staticmethod
    def _fill(base, groups, t, average, left):
        if not groups:
            return base
        values = base.copy()
        for signal, where in groups:
            values[where] = signal(t, left) if average is None else signal.mean(t, average)
        return values

    def _boundary_temperatures(self, comp: _Compiled, t: float, average=None,
                               left=False) -> np.ndarray:
        table = self._input_table(comp)
        return self._fill(table.boundary, table.boundary_signals, t, average, left)

    def _sources(self, comp: _Compiled, t: float, average=None, left=False):
        """(node power, absorbed environment) per free node at time t (or window mean) [W]."""
        table = self._input_table(comp)
        power = self._fill(table.power, table.power_signals, t, average, left)
        if table.surface_node.size == 0:
            return power[comp.free], np.zeros(comp.free.size)
        if average is not None and table.surfaces_vary:
            flux = self._mean_flux(table, t, average)
        else:
            flux = self._flux(table, t, left)
        absorbed = np.bincount(table.surface_node,
                               weights=table.surface_area * flux[table.surface_kind],
                               minlength=table.total)
        return power[comp.free], absorbed[comp.free]

    def _mean_flux(self, table: _InputTable, start: float, duration: float) -> np.ndarray:
        """Time mean of the absorbed flux of each surface kind over a window [W/m^2].

        The flux is a product of its inputs (alpha S cos), so it is averaged itself, not
        through averaged inputs. With Profile inputs it is a polynomial of degree <= 5
        between the union of their sample times: 3-point Gauss-Legendre per piece is exact.
        A callable input has no known pieces: a 4,097-point trapezoid rule is used.
        """
        end = start + duration
        signals = [signal for key in _ENVIRONMENT_INPUTS for signal, _ in table.varying[key]]
        if all(signal.profile is not None for signal in signals):
            cuts = [np.array([start, end])]
            for signal in signals:
                profile = signal.profile
                if profile.periodic:
                    first = math.floor((start - profile.times[0]) / profile.period)
                    last = math.ceil((end - profile.times[0]) / profile.period)
                    cycles = np.arange(first, last + 1)
                    cuts.append((profile.times[None, :] + cycles[:, None] * profile.period)
                                .ravel())
                else:
                    cuts.append(profile.times)
            cuts = np.unique(np.concatenate(cuts))
            cuts = cuts[(cuts >= start) & (cuts <= end)]
            nodes, weights = np.polynomial.legendre.leggauss(3)
            total = 0.0
            for left_end, right_end in zip(cuts[:-1], cuts[1:], strict=True):
                half = 0.5 * (right_end - left_end)
                middle = 0.5 * (right_end + left_end)
                for node, weight in zip(nodes, weights, strict=True):
                    total = total + weight * half * self._flux(table, middle + half * node,
                                                               False)
            return total / duration
        sample_times = np.linspace(start, end, 4097)
        samples = np.array([self._flux(table, time, False) for time in sample_times])
        return np.trapezoid(samples, sample_times, axis=0) / duration

    def _flux(self, table: _InputTable, t: float, left: bool) -> np.ndarray:
        from . import environment

        values = {key: self._fill(table.columns[key], table.varying[key], t, None, left)
                  for key in _ENVIRONMENT_INPUTS}
        return np.atleast_1d(environment.absorbed_flux(table.absorptivity, table.emissivity,
                                                       **values))

    @staticmethod
    def _operators(comp: _Compiled) -> _FlowOperators:
        if comp.operators is None:
            total, count = len(comp.names), comp.a.size
            incidence = sparse.csr_matrix(
                (np.concatenate([np.ones(count), -np.ones(count)]),
                 (np.concatenate([comp.b, comp.a]), np.tile(np.arange(count), 2))),
                shape=(total, count))

            def laplacian(weights):
                negative = -(incidence @ sparse.diags(weights) @ incidence.T).tocsr()
                return (negative[comp.free].tocsr(),
                        np.asarray(negative[comp.bounds].sum(axis=0)).ravel())

            conduction, conduction_to_bounds = laplacian(comp.conductance)
            radiation, radiation_to_bounds = laplacian(comp.radiation)
            comp.operators = _FlowOperators(conduction, radiation, conduction_to_bounds,
                                            radiation_to_bounds)
        return comp.operators

    @staticmethod
    def _coupling_flows(comp: _Compiled, everything: np.ndarray) -> np.ndarray:
        ta, tb = everything[comp.a], everything[comp.b]
        # T_a^4 - T_b^4 factored as (T_a^2 + T_b^2)(T_a + T_b)(T_a - T_b): exact to rounding
        # when T_a ~ T_b, where the difference of fourth powers cancels catastrophically.
        difference = ta - tb
        return difference * (comp.conductance + comp.radiation * (ta * ta + tb * tb) * (ta + tb))

    @staticmethod
    def _inflow(comp: _Compiled, flows: np.ndarray) -> np.ndarray:
        total = len(comp.names)
        return (np.bincount(comp.b, weights=flows, minlength=total)
                - np.bincount(comp.a, weights=flows, minlength=total))

    @staticmethod
    def _jacobian_data(comp: _Compiled, everything: np.ndarray, secant: bool = False):
        """CSC data of d(inflow)/dT over free nodes (secant: exact conductance at T)."""
        ta, tb = everything[comp.a], everything[comp.b]
        if secant:
            k = comp.conductance + comp.radiation * (ta * ta + tb * tb) * (ta + tb)
            ka = kb = k
        else:
            ka = comp.conductance + 4.0 * comp.radiation * ta**3
            kb = comp.conductance + 4.0 * comp.radiation * tb**3
        value = np.where(comp.contribution_end_is_a, ka[comp.contribution_coupling],
                         kb[comp.contribution_coupling]) * comp.contribution_sign
        return np.bincount(comp.slot, weights=value, minlength=comp.nnz)

    @staticmethod
    def _factor(comp: _Compiled, data: np.ndarray, what: str):
        n = comp.free.size
        matrix = sparse.csc_matrix((data, comp.indices, comp.indptr), shape=(n, n))
        try:
            # Every column of -J (and of M - gamma h J) is diagonally dominant (a coupling
            # puts +k on the diagonal and -k off it in the same column), so LU without
            # pivoting is stable; the pattern is structurally symmetric.
            return sparse_linalg.splu(matrix, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
                                      options={"SymmetricMode": True})
        except RuntimeError as error:
            raise SolverError(f"{what}: the network matrix is singular ({error}); check that "
                              "every node is coupled to a boundary") from error

    # ----------------------------------------------------------------- steady state
    def _newton(self, comp, everything, source, fixed, fixed_values, tolerance, max_iterations,
                what):
        """Solve inflow + source = 0 on free rows, T = fixed_values on fixed rows."""
        free = comp.free
        rows_fixed = fixed[comp.entry_row]

        def residual(y):
            everything[free] = y
            flows = self._coupling_flows(comp, everything)
            value = source + self._inflow(comp, flows)[free]
            value[fixed] = (fixed_values - y)[fixed]
            return value, flows

        y = everything[free].copy()
        y[fixed] = fixed_values[fixed]
        value, flows = residual(y)
        # An absolute floor for the flow scale, so that a node cooling towards a 0 K sink
        # (all flows vanishing together) still meets a criterion.
        reference = max(float(everything.max()), 1.0)
        floor = 1e-6 * float(np.sum(comp.conductance) * reference
                             + np.sum(comp.radiation) * reference**4) + 1e-300
        for iteration in range(1, max_iterations + 1):
            scale = max(np.abs(source).sum() + np.abs(flows).sum(), floor)
            norm = np.abs(np.where(fixed, 0.0, value)).max()
            if norm <= tolerance * scale:
                return y, iteration - 1
            data = self._jacobian_data(comp, everything)
            data[rows_fixed] = 0.0
            data[comp.diagonal_slot[fixed]] = -1.0
            step = -self._factor(comp, data, what).solve(value)
            # Trust region in ratio: no node's temperature changes by more than half of
            # itself per iteration. From a cold start the tangent of T^4 overshoots by orders of
            # magnitude; from above Newton on T^4 converges monotonically, so this bounds
            # both the positivity and the overshoot.
            ratio = np.abs(step) / y
            limit = min(1.0, 0.5 / float(ratio.max())) if ratio.max() > 0.5 else 1.0
            size = limit
            old = np.abs(value).max()
            for _ in range(30):
                trial = y + size * step
                trial_value, trial_flows = residual(trial)
                if np.abs(trial_value).max() < old or size < 1e-6:
                    break
                size *= 0.5
            y, value, flows = trial, trial_value, trial_flows
            if np.abs(size * step).max() <= 1e-14 * np.abs(y).max() and norm <= 1e-9 * scale:
                return y, iteration
        raise SolverError(f"{what}: Newton did not converge in {max_iterations} iterations "
                          f"(residual {np.abs(value).max():.3e} W)")

    def steady_state(self, time: float = 0.0, *, average_over: float | None = None,
                     tolerance: float = 1e-12, max_iterations: int = 100) -> SteadyState:
        """Steady-state temperatures, coupling flows and energy balance.

        Solves ``P_i + H_i + A_i q_abs,i + sum_j G_ij (T_j - T_i)
        + sum_j sigma GR_ij (T_j^4 - T_i^4) = 0`` for every free node by damped Newton.

        Parameters
        ----------
        time : float, optional
            Time at which time-varying inputs are evaluated [s].
        average_over : float, optional
            If given, every time-varying input is replaced by its mean over
            ``[time, time + average_over]`` [s] (an orbit-average steady state; the
            absorbed flux is averaged as a flux, not through averaged angles).
        tolerance : float, optional
            Convergence when the largest nodal residual is below ``tolerance`` times the sum
            of all source and coupling flows [-].
        max_iterations : int, optional
            Newton iteration limit.

        Returns
        -------
        SteadyState
            A dict node name -> temperature [K] (boundaries included), with ``flows``,
            ``node_balance``, ``heater_duty`` and ``balance`` attributes.

        Raises
        ------
        InputError
            Nodes with no path to a boundary (named), or invalid time-varying inputs.
        SolverError
            Newton fails to converge.
        """
        time = check_scalar(time, "time", unit="s")
        if average_over is not None:
            average_over = check_scalar(average_over, "average_over", low=0.0, low_open=True,
                                        unit="s")
        tolerance = check_scalar(tolerance, "tolerance", low=0.0, low_open=True)
        comp = self._compiled()
        self._check_connected(comp, transient=False)
        power, absorbed = self._sources(comp, time, average_over)
        everything = np.asarray(self._initial, dtype=float).copy()
        everything[comp.bounds] = self._boundary_temperatures(comp, time, average_over)
        n = comp.free.size
        heaters = self._heaters
        state = ["off"] * len(heaters)  # off, on, regulated
        heater_nodes = np.array([comp.local[h.node] for h in heaters], dtype=np.int64)
        heater_power = np.array([h.power for h in heaters])
        setpoints = np.array([h.on_below for h in heaters])
        iterations_total = 0
        for _ in range(2 * len(heaters) + 2):
            on = np.array([s == "on" for s in state], dtype=bool)
            heat = np.bincount(heater_nodes[on], weights=heater_power[on], minlength=n) \
                if heaters else np.zeros(n)
            source = power + absorbed + heat
            fixed = np.zeros(n, dtype=bool)
            fixed_values = np.zeros(n)
            for k, s in enumerate(state):
                if s == "regulated":
                    fixed[heater_nodes[k]] = True
                    fixed_values[heater_nodes[k]] = setpoints[k]
            y, iterations = self._newton(comp, everything, source, fixed, fixed_values, tolerance,
                                         max_iterations, "steady state")
            iterations_total += iterations
            everything[comp.free] = y
            flows = self._coupling_flows(comp, everything)
            inflow = self._inflow(comp, flows)[comp.free]
            duty = np.zeros(len(heaters))
            changed = False
            for k, s in enumerate(state):
                node = heater_nodes[k]
                if s == "regulated":
                    needed = -(power[node] + absorbed[node] + inflow[node])
                    duty[k] = needed / heater_power[k]
                    if duty[k] > 1.0:
                        state[k], changed = "on", True
                    elif duty[k] < 0.0:
                        state[k], changed = "off", True
                elif s == "off" and y[node] < setpoints[k]:
                    state[k], changed = "regulated", True
                elif s == "on":
                    duty[k] = 1.0
                    if y[node] > setpoints[k]:
                        state[k], changed = "regulated", True
            if not changed:
                break
        else:
            raise SolverError("steady state: the heater thermostats did not settle")
        duty = np.clip(duty, 0.0, 1.0) if heaters else duty  # only rounding-level excursions
        heat = np.bincount(heater_nodes, weights=heater_power * duty, minlength=n) \
            if heaters else np.zeros(n)
        return self._steady_result(comp, everything, flows, power, absorbed, heat, duty, time,
                                   iterations_total)

    def _steady_result(self, comp, everything, flows, power, absorbed, heat, duty, time,
                       iterations):
        inflow_all = self._inflow(comp, flows)
        source_all = np.zeros(len(comp.names))
        source_all[comp.free] = power + absorbed + heat
        temperatures = {name: float(everything[i]) for i, name in enumerate(comp.names)}
        node_balance = {
            name: {"source": float(source_all[i]), "inflow": float(inflow_all[i]),
                   "net": float(source_all[i] + inflow_all[i])}
            for i, name in enumerate(comp.names)
        }
        rejected = float(inflow_all[comp.bounds].sum())
        sources = float(power.sum() + absorbed.sum() + heat.sum())
        imbalance = sources - rejected
        scale = max(abs(sources), abs(rejected), np.abs(flows).max(initial=0.0), 1e-300)
        balance = {"dissipated": float(power.sum()), "heaters": float(heat.sum()),
                   "absorbed": float(absorbed.sum()), "sources": sources,
                   "rejected": rejected, "imbalance": imbalance,
                   "relative_imbalance": abs(imbalance) / scale}
        return SteadyState(
            temperatures, time=time,
            flows={name: float(q) for name, q in zip(comp.coupling_names, flows, strict=True)},
            node_balance=node_balance,
            heater_duty={h.name: float(d) for h, d in zip(self._heaters, duty, strict=True)},
            balance=balance, iterations=iterations)

    # ----------------------------------------------------------------- transient
    def _jumps(self, start: float, end: float) -> np.ndarray:
        signals = list(self._power_signals.values()) + list(self._boundary_signals.values())
        for surface in self._surfaces:
            signals.extend(surface.signals.values())
        found = [signal.jumps(start, end) for signal in signals]
        found = np.concatenate(found) if found else np.empty(0)
        return np.unique(found)

    def transient(self, times, *, initial=None, rtol: float = 1e-4, atol: float = 1e-2,
                  max_step: float | None = None, first_step: float | None = None,
                  max_steps: int = 1_000_000) -> Transient:
        """Integrate the network in time from ``times[0]``.

        Solves ``C dT/dt = P + H + A q_abs + sum G (T_j - T_i) + sum sigma GR (T_j^4 - T_i^4)``
        (arithmetic nodes: ``0 = ...``) with an adaptive L-stable SDIRK2 DAE integrator and
        thermostat event location (see the module documentation).

        Parameters
        ----------
        times : array_like
            Output times, strictly increasing, at least two [s].
        initial : dict[str, float] or "steady", optional
            Initial temperatures [K] by node name (others keep the ``add_node`` value), or
            ``"steady"`` for the steady state at ``times[0]``. Arithmetic nodes are always
            made consistent (their balance solved) before the first step.
        rtol, atol : float, optional
            Local error tolerances per step, relative [-] and absolute [K]. The defaults
            (1e-4, 0.01 K) are engineering accuracy: cases N-1 and N-2 come out within
            a few mK of their closed forms; tighten them for verification work.
        max_step, first_step : float, optional
            Largest and first step [s].
        max_steps : int, optional
            Give up (SolverError) after this many steps.

        Returns
        -------
        Transient
            ``times`` [s], ``temperatures[name]`` [K], ``flows[coupling]`` [W],
            ``heater_on[heater]``, ``energy`` account [J].
        """
        times = check_array(times, "times", unit="s")
        if times.ndim != 1 or times.size < 2 or np.any(np.diff(times) <= 0):
            raise InputError("times must be a 1-D strictly increasing array of at least two "
                             "output times [s]")
        rtol = check_scalar(rtol, "rtol", low=1e-12, high=0.1)
        atol = check_scalar(atol, "atol", low=0.0, low_open=True, unit="K")
        span = float(times[-1] - times[0])
        max_step = span if max_step is None else check_scalar(
            max_step, "max_step", low=0.0, low_open=True, unit="s")
        comp = self._compiled()
        self._check_connected(comp, transient=True)
        start, end = float(times[0]), float(times[-1])
        n = comp.free.size
        everything = np.asarray(self._initial, dtype=float).copy()
        if isinstance(initial, str):
            if initial != "steady":
                raise InputError(f"initial = {initial!r}: give a dict of temperatures or "
                                 "'steady'")
            steady = self.steady_state(start)
            everything = np.array([steady[name] for name in comp.names])
        elif initial is not None:
            if not isinstance(initial, dict):
                raise InputError("initial must be a dict node name -> temperature [K] or "
                                 "'steady'")
            for name, value in initial.items():
                index = self._lookup(name)
                if self._is_boundary[index]:
                    raise InputError(f"initial temperature given for boundary '{name}': a "
                                     "boundary's temperature is imposed, not integrated")
                everything[index] = check_scalar(value, f"initial temperature of '{name}'",
                                                 low=0.0, low_open=True, unit="K")
        capacitance = comp.capacitance
        algebraic = capacitance == 0.0
        heaters = self._heaters
        heater_nodes = np.array([comp.local[h.node] for h in heaters], dtype=np.int64)
        heater_power = np.array([h.power for h in heaters])
        on_below = np.array([h.on_below for h in heaters])
        off_above = np.array([h.off_above for h in heaters])

        cache: dict[float, tuple] = {}

        def inputs(t, left=False):
            """Inputs at t; ``left``: their limit from before t (a step ending on a jump)."""
            key = (t, left)
            if key not in cache:
                if len(cache) > 8:
                    cache.clear()
                power, absorbed = self._sources(comp, t, left=left)
                cache[key] = (power, absorbed, self._boundary_temperatures(comp, t, left=left))
            return cache[key]

        def heater_heat(state):
            if not heaters:
                return np.zeros(n)
            return np.bincount(heater_nodes[state], weights=heater_power[state], minlength=n)

        no_heat = np.zeros(n)
        heat_cache: dict[bytes, np.ndarray] = {}

        def heat_of(state):
            """Heater power per free node for a heater state (cached per state)."""
            if not heaters:
                return no_heat
            key = state.tobytes()
            if key not in heat_cache:
                heat_cache[key] = heater_heat(state)
            return heat_cache[key]

        operators = self._operators(comp)

        def evaluate(t, y, state, left=False, account=False):
            """f(t, y) per free node [W]; with ``account``, also the heat into the
            boundaries, the dissipation and the absorbed environment [W]."""
            power, absorbed, boundary = inputs(t, left)
            everything[comp.free] = y
            everything[comp.bounds] = boundary
            squared = everything * everything
            fourth = squared * squared
            f = (power + absorbed + heat_of(state) + operators.conduction @ everything
                 + operators.radiation @ fourth)
            if not account:
                return f, None, None, None
            into_bounds = (operators.conduction_to_bounds @ everything
                           + operators.radiation_to_bounds @ fourth)
            return f, float(into_bounds), power.sum(), absorbed.sum()

        def jacobian(t, y):
            everything[comp.free] = y
            everything[comp.bounds] = inputs(t)[2]
            return self._jacobian_data(comp, everything)

        # Consistent start: solve the arithmetic nodes' balance with the others held.
        power0, absorbed0, boundary0 = inputs(start)
        everything[comp.bounds] = boundary0
        state = np.array([everything[comp.free][k] < on_below[i]
                          for i, k in enumerate(heater_nodes)], dtype=bool)

        def consistent(t, y, state):
            """Solve the arithmetic nodes' balance at t with the capacitive nodes held."""
            if not algebraic.any():
                return y
            power, absorbed, boundary = inputs(t)
            everything[comp.free] = y
            everything[comp.bounds] = boundary
            solved, _ = self._newton(comp, everything, power + absorbed + heater_heat(state),
                                     ~algebraic, y.copy(), 1e-13, 100, "transient")
            return solved

        y0 = consistent(start, everything[comp.free].copy(), state)
        y = y0.copy()
        everything[comp.free] = y

        jumps = self._jumps(start, end)
        stops = np.unique(np.concatenate([jumps[jumps < end], [end]]))
        stop_index = 0
        jump_set = set(jumps.tolist())
        output = np.empty((times.size, n))
        output_boundary = np.empty((times.size, comp.bounds.size))
        output_heater = np.empty((times.size, len(heaters)), dtype=bool)
        output[0] = y
        output_boundary[0] = boundary0
        output_heater[0] = state
        next_output = 1

        f0 = evaluate(start, y, state)[0]
        scale = atol + rtol * np.abs(y)
        if first_step is None:
            rate = np.abs(f0[~algebraic] / capacitance[~algebraic]) if (~algebraic).any() \
                else np.zeros(1)
            fastest = float(np.max(rate / scale[~algebraic], initial=0.0)) if (~algebraic).any() \
                else 0.0
            h_nominal = min(max_step, span, 0.01 / fastest if fastest > 0 else span / 100)
        else:
            h_nominal = check_scalar(first_step, "first_step", low=0.0, low_open=True, unit="s")
        h_nominal = min(h_nominal, max_step)

        energy = {"dissipated": 0.0, "heaters": 0.0, "absorbed": 0.0, "rejected": 0.0}
        slope = np.zeros(n)
        t = start
        factored: dict[int, object] = {}  # rung of the step ladder -> LU of M - gamma h J
        # An orbit visits a few dozen rungs (short steps at eclipse edges, long ones between);
        # keep them all within about 200 MB of factors (fill ~10x the matrix, 12 B a value).
        cache_limit = int(np.clip(200e6 / (120.0 * comp.nnz), 8, 64))
        steps = rejected = factorizations = switches = 0
        event_heater, forced_h = -1, None
        mass = capacitance
        gamma = _GAMMA
        while t < end:
            if steps + rejected >= max_steps:
                raise SolverError(f"transient: more than {max_steps} steps before t = {t:g} s")
            while stops[stop_index] <= t:
                stop_index += 1
            target = float(stops[stop_index])
            if forced_h is not None:
                h = planned = forced_h
            else:
                h = min(h_nominal, max_step)
                # Snap down onto the ladder 2^(k/8) so that factorisations are reused
                # exactly (within 9 %, 4 % on average, of the controller's step).
                h = 2.0 ** (math.floor(8.0 * math.log2(h) + 1e-9) / 8.0)
                planned = h
                if t + 1.05 * h >= target:  # land on the stop rather than just short of it
                    h = target - t
                elif t + 2.0 * h > target:
                    h = 0.5 * (target - t)
            if h <= 1e-12 * max(1.0, abs(t)):
                raise SolverError(f"transient: step size underflow at t = {t:g} s")
            # Factorisations are kept per rung of the ladder h_r = 2^(k/8): a controller
            # that moves h a little every step does not refactor every step. A step cut
            # short to land on a stop uses the nearest rung (within 4.4 %): the simplified
            # Newton iteration still contracts (its rate grows with |h / h_r - 1|).
            # A slow Newton iteration drops the rung (its Jacobian is stale).
            rung = round(8.0 * math.log2(h))
            fresh = rung not in factored
            if fresh:
                if len(factored) >= cache_limit:
                    factored.pop(next(iter(factored)))  # least recently used
                data = -gamma * 2.0 ** (rung / 8.0) * jacobian(t, y)
                data[comp.diagonal_slot] += mass
                factored[rung] = self._factor(comp, data, "transient")
                factorizations += 1
            lu = factored.pop(rung)
            factored[rung] = lu
            ends_on_jump = forced_h is None and h == target - t and target in jump_set
            stages, increments, iterations = self._stages(
                lu, evaluate, t, h, y, state, mass, algebraic, ends_on_jump, slope)
            if stages is None:  # Newton failed: a fresh Jacobian, then a shorter step
                if fresh:
                    h_nominal = 0.5 * h
                    forced_h, event_heater = None, -1
                factored.pop(rung, None)
                rejected += 1
                continue
            y1, y2 = stages
            # Embedded first-order error, filtered by (M - gamma h J)^-1 (Hairer & Wanner IV.8).
            error = lu.solve(increments[1] - increments[0] / gamma)
            weight = atol + rtol * np.maximum(np.abs(y), np.abs(y2))
            norm = float(np.sqrt(np.mean((error / weight) ** 2)))
            factor = min(4.0, max(0.2, 0.9 / math.sqrt(norm))) if norm > 0 else 4.0
            if norm > 1.0:
                h_nominal = h * min(factor, 0.9)
                forced_h, event_heater = None, -1
                rejected += 1
                continue
            # Thermostat crossings inside the step: retake the step to end on the first one.
            if heaters and forced_h is None:
                fraction, which = 2.0, -1
                for i, node in enumerate(heater_nodes):
                    threshold = off_above[i] if state[i] else on_below[i]
                    crossed = y2[node] > threshold if state[i] else y2[node] < threshold
                    if crossed:
                        s = _first_crossing(y[node], y1[node], y2[node], threshold)
                        if s < fraction:
                            fraction, which = s, i
                if which >= 0:
                    if fraction > 1e-9:
                        forced_h, event_heater = fraction * h, which
                    else:  # already on the set point at the step start: switch now
                        state[which] = ~state[which]
                        switches += 1
                        y = consistent(t, y, state)
                    continue
            # Accept: integrate the energy account with the method's own weights.
            _, rejected1, dissipated1, absorbed1 = evaluate(t + gamma * h, y1, state,
                                                            account=True)
            _, rejected2, dissipated2, absorbed2 = evaluate(t + h, y2, state, ends_on_jump,
                                                            account=True)
            energy["dissipated"] += h * ((1 - gamma) * dissipated1 + gamma * dissipated2)
            energy["absorbed"] += h * ((1 - gamma) * absorbed1 + gamma * absorbed2)
            energy["rejected"] += h * ((1 - gamma) * rejected1 + gamma * rejected2)
            energy["heaters"] += h * float(heater_heat(state).sum())
            t_new = target if h == target - t else t + h
            while next_output < times.size and times[next_output] <= t_new + 1e-12 * h:
                output[next_output] = _quadratic(y, y1, y2, (times[next_output] - t) / h)
                output_boundary[next_output] = self._boundary_temperatures(
                    comp, float(times[next_output]))
                output_heater[next_output] = state
                next_output += 1
            truncated = forced_h is not None or h < 0.999 * planned
            switched = forced_h is not None
            if forced_h is not None:
                state[event_heater] = ~state[event_heater]
                switches += 1
                forced_h, event_heater = None, -1
            if not truncated:
                h_nominal = h * factor
            elif factor < 1.0:
                h_nominal = min(h_nominal, h * factor)
            if iterations > 10:
                factored.pop(rung, None)  # the simplified Newton slowed down: refresh it
            slope = (y2 - y) / h
            slope[algebraic] = 0.0
            y, t = y2, t_new
            steps += 1
            if switched or ends_on_jump:
                # An input or a heater jumped: arithmetic nodes jump with it (index-1 DAE
                # re-initialisation); capacitive nodes are continuous, their slope is not.
                y = consistent(t, y, state)
                slope[:] = 0.0
        while next_output < times.size:  # only rounding at the very end can leave one
            output[next_output] = y
            output_boundary[next_output] = self._boundary_temperatures(
                comp, float(times[next_output]))
            output_heater[next_output] = state
            next_output += 1

        stored = float(np.sum(capacitance * (y - y0)))
        sources = energy["dissipated"] + energy["heaters"] + energy["absorbed"]
        imbalance = sources - energy["rejected"] - stored
        scale = max(abs(sources), abs(energy["rejected"]), abs(stored),
                    float(np.sum(capacitance * np.abs(y - y0))), 1e-300)
        energy.update(sources=sources, stored=stored, imbalance=imbalance,
                      relative_imbalance=abs(imbalance) / scale)
        energy = {key: float(value) for key, value in energy.items()}
        full = np.empty((times.size, len(comp.names)))
        full[:, comp.free] = output
        full[:, comp.bounds] = output_boundary
        flows = (comp.conductance * (full[:, comp.a] - full[:, comp.b])
                 + comp.radiation * (full[:, comp.a] ** 4 - full[:, comp.b] ** 4))
        final = everything.copy()
        final[comp.free] = y
        return Transient(
            times=times.copy(),
            temperatures={name: full[:, i].copy() for i, name in enumerate(comp.names)},
            flows={name: flows[:, k].copy() for k, name in enumerate(comp.coupling_names)},
            heater_on={h.name: output_heater[:, i].copy() for i, h in enumerate(heaters)},
            energy=energy, steps=steps, rejected_steps=rejected,
            factorizations=factorizations, heater_switches=switches,
            final_temperatures={name: float(final[i]) for i, name in enumerate(comp.names)},
        )

    @staticmethod
    def _stages(lu, evaluate, t, h, y, state, mass, algebraic, ends_on_jump, slope):
        """Both SDIRK2 stages by simplified Newton; (None, None, n) if it fails."""
        gamma = _GAMMA
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


def _quadratic(y0, y1, y2, s):
    """Interpolant through (0, y0), (gamma, y1), (1, y2) evaluated at fraction s."""
    g = _GAMMA
    l0 = (s - g) * (s - 1.0) / g
    l1 = s * (s - 1.0) / (g * (g - 1.0))
    l2 = s * (s - g) / (1.0 - g)
    return l0 * y0 + l1 * y1 + l2 * y2


def _first_crossing(y0: float, y1: float, y2: float, threshold: float) -> float:
    """Smallest fraction s in (0, 1] where the step's quadratic interpolant hits threshold."""
    g = _GAMMA
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

