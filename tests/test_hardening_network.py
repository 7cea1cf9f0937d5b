"""Hardening: the thermal network's builder and solvers meet hostile input with documented
errors only; accepted values give finite temperatures.

Oracle: the contract (ThermalDesignError subclasses only; every steady state or transient
that returns holds finite temperatures).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import count_report
from test_hardening_physics import HOSTILE_VALUES

import thermaldesign as td

COUNTS = {"hostile calls": 0}
VALUES = HOSTILE_VALUES

_report_counts = count_report("test_hardening_network", COUNTS)


def small_network():
    net = td.ThermalNetwork()
    net.add_node("chip", capacitance=1000.0, power=10.0, temperature=300.0)
    net.add_node("panel", capacitance=5000.0, temperature=280.0)
    net.add_boundary("space", 3.0)
    net.add_conductance("chip", "panel", 2.0)
    net.add_radiation("panel", "space", 1.0)
    return net


CALLS = {
    "add_node.name": lambda v: small_network().add_node(v),
    "add_node.capacitance": lambda v: small_network().add_node("x", capacitance=v),
    "add_node.power": lambda v: small_network().add_node("x", power=v),
    "add_node.temperature": lambda v: small_network().add_node("x", temperature=v),
    "add_boundary.temperature": lambda v: small_network().add_boundary("x", v),
    "add_conductance.node": lambda v: small_network().add_conductance("chip", v, 1.0),
    "add_conductance.conductance": lambda v: small_network().add_conductance(
        "chip", "space", v),
    "add_radiation.exchange_area": lambda v: small_network().add_radiation(
        "chip", "space", v),
    "transient.times": lambda v: small_network().transient(v),
}


def _solve_with_power(value):
    net = small_network()
    net.add_node("extra", capacitance=100.0, power=value)
    net.add_conductance("extra", "panel", 1.0)
    return net.steady_state()


CALLS["steady_state(power)"] = _solve_with_power


def finite_everywhere(result):
    if isinstance(result, dict):
        return all(math.isfinite(v) for v in result.values())
    temperatures = getattr(result, "temperatures", None)
    if temperatures is not None:
        return all(np.isfinite(np.asarray(t)).all() for t in temperatures.values())
    return True


@pytest.mark.parametrize("target", sorted(CALLS))
def test_network_refuses_hostile_values(target):
    problems = []
    for value in VALUES:
        COUNTS["hostile calls"] += 1
        try:
            result = CALLS[target](value)
        except td.ThermalDesignError:
            continue
        except Exception as error:  # noqa: BLE001 - the point of the test
            problems.append(f"{target}({value!r}): {type(error).__name__}: {error}")
            continue
        if not finite_everywhere(result):
            problems.append(f"{target}({value!r}) returned non-finite temperatures")
    assert not problems, "\n".join(problems)
