"""Steady state of a network: damped Newton with thermostats as regulators.

:func:`solve_steady_state` solves ``P_i + H_i + A_i q_abs,i + sum_j G_ij (T_j - T_i)
+ sum_j sigma GR_ij (T_j^4 - T_i^4) = 0`` for every free node (Newton:
:meth:`~thermaldesign.network.assembly.NetworkAssembly._newton`). A heater is *off*, *on*
or *regulated* (its node held at ``on_below`` by the duty that balances it, the
orbit-average behaviour of bang-bang control); the states are revised until none changes.
"""

from __future__ import annotations

import numpy as np

from ..errors import SolverError

__all__ = ["SteadyState", "solve_steady_state"]


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



def solve_steady_state(network, time: float, average_over: float | None, tolerance: float,
                       max_iterations: int) -> SteadyState:
    """Steady state of ``network`` (a ThermalNetwork) with inputs at ``time`` [s] (or
    their mean over ``[time, time + average_over]`` [s]); arguments already validated."""
    comp = network._compiled()
    network._check_connected(comp, transient=False)
    power, absorbed = network._sources(comp, time, average_over)
    everything = np.asarray(network._initial, dtype=float).copy()
    everything[comp.bounds] = network._boundary_temperatures(comp, time, average_over)
    n = comp.free.size
    thermostats = _Thermostats(network._heaters, comp, n)
    iterations_total = 0
    for _ in range(2 * len(thermostats.state) + 2):
        fixed, fixed_values = thermostats.held()
        y, iterations = network._newton(comp, everything, power + absorbed + thermostats.heat(),
                                        fixed, fixed_values, tolerance, max_iterations,
                                        "steady state")
        iterations_total += iterations
        everything[comp.free] = y
        flows = network._coupling_flows(comp, everything)
        inflow = network._inflow(comp, flows)[comp.free]
        if not thermostats.revise(y, power + absorbed + inflow):
            break
    else:
        raise SolverError("steady state: the heater thermostats did not settle")
    duty, heat = thermostats.settled()
    return _steady_result(network, comp, everything, flows, power, absorbed, heat, duty, time,
                          iterations_total)


class _Thermostats:
    """Heater states of a steady state: ``off``, ``on`` or ``regulated`` (node held at
    ``on_below`` by a duty in [0, 1])."""

    def __init__(self, heaters, comp, n: int):
        self.any = bool(heaters)
        self.state = ["off"] * len(heaters)
        self.nodes = np.array([comp.local[h.node] for h in heaters], dtype=np.int64)
        self.power = np.array([h.power for h in heaters])
        self.setpoints = np.array([h.on_below for h in heaters])
        self.duty = np.zeros(len(heaters))
        self.n = n

    def heat(self) -> np.ndarray:
        """Heater power per free node from the heaters that are fully on [W]."""
        on = np.array([s == "on" for s in self.state], dtype=bool)
        if not self.any:
            return np.zeros(self.n)
        return np.bincount(self.nodes[on], weights=self.power[on], minlength=self.n)

    def held(self):
        """(mask, values [K]) of the nodes held at their set point."""
        fixed = np.zeros(self.n, dtype=bool)
        fixed_values = np.zeros(self.n)
        for k, s in enumerate(self.state):
            if s == "regulated":
                fixed[self.nodes[k]] = True
                fixed_values[self.nodes[k]] = self.setpoints[k]
        return fixed, fixed_values

    def revise(self, y: np.ndarray, net_without_heaters: np.ndarray) -> bool:
        """Update the states from a solution ``y`` [K] and each node's heat balance without
        its heater [W]; True if any state changed."""
        self.duty = np.zeros(len(self.state))
        changed = False
        for k, s in enumerate(self.state):
            node = self.nodes[k]
            if s == "regulated":
                self.duty[k] = -net_without_heaters[node] / self.power[k]
                if self.duty[k] > 1.0:
                    self.state[k], changed = "on", True
                elif self.duty[k] < 0.0:
                    self.state[k], changed = "off", True
            elif s == "off" and y[node] < self.setpoints[k]:
                self.state[k], changed = "regulated", True
            elif s == "on":
                self.duty[k] = 1.0
                if y[node] > self.setpoints[k]:
                    self.state[k], changed = "regulated", True
        return changed

    def settled(self):
        """(duty [-], heater power per free node [W]) of the final states."""
        if not self.any:
            return self.duty, np.zeros(self.n)
        duty = np.clip(self.duty, 0.0, 1.0)  # only rounding-level excursions
        return duty, np.bincount(self.nodes, weights=self.power * duty, minlength=self.n)


def _steady_result(network, comp, everything, flows, power, absorbed, heat, duty, time,
                   iterations) -> SteadyState:
    """The SteadyState of a converged solution, with its flows and energy balance."""
    inflow_all = network._inflow(comp, flows)
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
        heater_duty={h.name: float(d) for h, d in zip(network._heaters, duty, strict=True)},
        balance=balance, iterations=iterations)
