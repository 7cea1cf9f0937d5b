"""Tests of the transient stepper and its helpers (thermaldesign.network.transient).

Oracles: closed forms derived here — a single RC node's exponential decay, two capacitive
nodes exchanging heat, a thermostat's switching time, the roots of a known quadratic — and
the energy account of a constant-rate step computed by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from thermaldesign.network import ThermalNetwork
from thermaldesign.network.transient import (
    GAMMA,
    EnergyAccount,
    FactorCache,
    StepInterpolant,
    first_crossing,
    ladder_step,
    locate_thermostat_event,
)

# C T' = G (T_b - T): T(t) = T_b + (T0 - T_b) exp(-t / tau), tau = C / G.
CAPACITANCE, CONDUCTANCE, SINK, START = 4e3, 2.0, 250.0, 350.0
TAU = CAPACITANCE / CONDUCTANCE


def rc_node() -> ThermalNetwork:
    net = ThermalNetwork()
    net.add_node("mass", capacitance=CAPACITANCE, temperature=START)
    net.add_boundary("sink", SINK)
    net.add_conductance("mass", "sink", CONDUCTANCE)
    return net


def rc_exact(t):
    return SINK + (START - SINK) * np.exp(-np.asarray(t) / TAU)


def test_step_advances_to_the_end_along_the_exponential():
    stepper = rc_node().stepper(0.0, 3 * TAU, rtol=1e-8, atol=1e-6)
    assert stepper.status == "running" and stepper.t == 0.0
    previous = stepper.t
    while stepper.status == "running":
        stepper.step()
        assert stepper.t > previous and stepper.t_old == previous
        # Local tolerance 1e-8 relative per step, a few hundred steps: 1e-5 K globally.
        assert_allclose(stepper.y[0], rc_exact(stepper.t), atol=1e-5)
        previous = stepper.t
    assert stepper.status == "finished" and stepper.t == 3 * TAU
    assert stepper.steps > 1 and stepper.factorizations >= 1
    with pytest.raises(RuntimeError, match="finished"):
        stepper.step()


def test_dense_output_matches_the_samples_and_the_closed_form():
    # Two isolated masses joined by G: the difference decays as exp(-G (1/C1 + 1/C2) t)
    # and the capacity-weighted mean stays put. The transient's samples are the stepper's
    # dense output, and both follow the closed form.
    c1, c2, g = 2e3, 5e3, 3.0
    net = ThermalNetwork()
    net.add_node("hot", capacitance=c1, temperature=400.0)
    net.add_node("cold", capacitance=c2, temperature=250.0)
    net.add_conductance("hot", "cold", g)
    times = np.linspace(0.0, 3000.0, 31)
    result = net.transient(times, rtol=1e-8, atol=1e-6)
    stepper = net.stepper(0.0, 3000.0, rtol=1e-8, atol=1e-6)
    sampled = [stepper.y.copy()]
    mean = (c1 * 400.0 + c2 * 250.0) / (c1 + c2)
    while stepper.status == "running":
        stepper.step()
        step = stepper.dense_output()
        # The interpolant passes through the step's ends (to rounding of its weights).
        assert_allclose(step(step.t_old), step.y_old, rtol=1e-14)
        assert_allclose(step(step.t), step.y_new, rtol=1e-14)
        middle = 0.5 * (step.t_old + step.t)
        difference = 150.0 * math.exp(-g * (1 / c1 + 1 / c2) * middle)
        assert_allclose(step(middle), [mean + difference * c2 / (c1 + c2),
                                       mean - difference * c1 / (c1 + c2)], atol=1e-5)
        inside = times[(times > step.t_old) & (times <= step.t)]
        sampled.extend(step(time) for time in inside)
    sampled = np.array(sampled)
    assert_array_equal(sampled[:, 0], result.temperatures["hot"])
    assert_array_equal(sampled[:, 1], result.temperatures["cold"])
    difference = 150.0 * np.exp(-g * (1 / c1 + 1 / c2) * times)
    assert_allclose(result.temperatures["hot"], mean + difference * c2 / (c1 + c2), atol=1e-5)
    assert_allclose(result.temperatures["cold"], mean - difference * c1 / (c1 + c2), atol=1e-5)
    assert abs(result.energy["stored"]) < 1e-9 * c1 * 150.0


def test_dense_output_before_a_step_is_an_error():
    with pytest.raises(RuntimeError, match="no step taken"):
        rc_node().stepper(0.0, 10.0).dense_output()


def test_stepper_rejects_an_empty_interval():
    with pytest.raises(Exception, match="end = 0 s is outside the valid range"):
        rc_node().stepper(0.0, 0.0)


def test_first_crossing_of_a_known_quadratic():
    # p(s) = 2 - 3 s + s^2 = (s - 1)(s - 2) + ... sampled at 0, gamma, 1; p(s) = 0.5 has the
    # roots (3 -+ sqrt(9 - 6)) / 2: the one in (0, 1] is (3 - sqrt(3)) / 2.
    def p(s):
        return 2.0 - 3.0 * s + s * s

    s = first_crossing(p(0.0), p(GAMMA), p(1.0), 0.5)
    assert_allclose(s, (3.0 - math.sqrt(3.0)) / 2.0, rtol=1e-12)
    # A straight line through the three values: the linear root.
    assert_allclose(first_crossing(10.0, 10.0 - 4.0 * GAMMA, 6.0, 7.0), 0.75, rtol=1e-12)


def test_event_helper_picks_the_first_thermostat_to_cross():
    # Two heaters: node 0 (off) falls linearly 280 -> 260 K through on_below 270 K at
    # s = 0.5; node 1 (on) rises 300 -> 320 K through off_above 305 K at s = 0.25; node 2
    # (off) stays above its set point. The first event is heater 1 at a quarter step.
    y0 = np.array([280.0, 300.0, 290.0])
    y2 = np.array([260.0, 320.0, 289.0])
    y1 = y0 + GAMMA * (y2 - y0)
    state = np.array([False, True, False])
    fraction, which = locate_thermostat_event(
        y0, y1, y2, state, heater_nodes=[0, 1, 2], on_below=[270.0, 290.0, 280.0],
        off_above=[275.0, 305.0, 285.0])
    assert which == 1
    assert_allclose(fraction, 0.25, rtol=1e-12)
    none = locate_thermostat_event(y0, y1, y2, np.array([False, False, False]), [2], [280.0],
                                   [285.0])
    assert none == (2.0, -1)


def test_stepper_switches_the_heater_at_the_closed_form_time():
    # Off, the node cools from off_above toward the sink and reaches on_below at
    # t = tau ln((T_off - T_b)/(T_on - T_b)); the step that ends there switches the heater.
    c, g, sink, heater = 5e3, 2.0, 200.0, 300.0
    on_below, off_above = 270.0, 275.0
    net = ThermalNetwork()
    net.add_node("tank", capacitance=c, temperature=off_above)
    net.add_boundary("space", sink)
    net.add_conductance("tank", "space", g)
    net.add_heater("tank", heater, on_below=on_below, off_above=off_above)
    switch_time = c / g * math.log((off_above - sink) / (on_below - sink))
    stepper = net.stepper(0.0, 2 * switch_time, rtol=1e-10, atol=1e-8)
    assert not stepper.heater_state[0]
    while not stepper.heater_state[0]:
        stepper.step()
    assert stepper.heater_switches == 1
    assert_allclose(stepper.t, switch_time, rtol=1e-7)
    assert_allclose(stepper.y[0], on_below, atol=1e-6)
    assert not stepper.dense_output().heater_on[0]  # off during the step that ended on it


def test_energy_account_of_constant_rates():
    # A 10 s step at constant rates: every term is rate * h (the weights sum to one).
    account = EnergyAccount()
    account.add_step(10.0, (50.0, 80.0, 20.0), (50.0, 80.0, 20.0), 5.0)
    energy = account.close(np.array([2.0, 3.0]), np.array([300.0, 300.0]),
                           np.array([305.0, 300.0]))
    assert_allclose([energy["rejected"], energy["dissipated"], energy["absorbed"],
                     energy["heaters"]], [500.0, 800.0, 200.0, 50.0], rtol=1e-15)
    assert energy["sources"] == 1050.0 and energy["stored"] == 10.0
    assert_allclose(energy["imbalance"], 1050.0 - 500.0 - 10.0, rtol=1e-15)
    assert_allclose(energy["relative_imbalance"], 540.0 / 1050.0, rtol=1e-15)


def test_stepper_energy_account_matches_the_exponential():
    # No source: the heat into the sink is the heat the mass lost,
    # C (T0 - T_b)(1 - exp(-t / tau)).
    stepper = rc_node().stepper(0.0, 2 * TAU, rtol=1e-9, atol=1e-7)
    while stepper.status == "running":
        stepper.step()
    energy = stepper.energy.close(np.array([CAPACITANCE]), stepper.y_start, stepper.y)
    lost = CAPACITANCE * (START - SINK) * (1 - math.exp(-2.0))
    assert_allclose(energy["rejected"], lost, rtol=1e-6)
    assert_allclose(-energy["stored"], lost, rtol=1e-6)
    assert energy["relative_imbalance"] < 1e-10


def test_ladder_step_snaps_down_and_lands_on_the_target():
    h, planned = ladder_step(100.0, 1e9, 0.0, 1e6)
    assert planned == h and h <= 100.0 and h > 100.0 / 2 ** (1 / 8)
    assert_allclose(8 * math.log2(h), round(8 * math.log2(h)), atol=1e-9)
    h, planned = ladder_step(100.0, 1e9, 0.0, 96.0)  # within 5 %: stretched onto the stop
    assert h == 96.0
    h, _ = ladder_step(100.0, 1e9, 0.0, 150.0)  # two steps left: halve the remainder
    assert h == 75.0
    assert ladder_step(100.0, 10.0, 0.0, 1e6)[0] <= 10.0


def test_factor_cache_keeps_the_most_recent_rungs():
    factored = []
    cache = FactorCache(lambda data: factored.append(data.copy()) or len(factored), limit=2)
    mass, slot = np.array([1.0]), np.array([0])
    jacobian = lambda: np.array([-1.0])  # noqa: E731
    for rung in (0, 8, 0, 16, 0, 8):
        cache.get(rung, jacobian, mass, slot)
    # 0, 8 factored; 0 reused; 16 evicts 8 (least recent); 0 reused; 8 factored again.
    assert cache.factorizations == 4
    # M - gamma h J with h = 2^(rung/8) and J = -1: 1 + gamma h.
    assert_allclose(factored[1], 1.0 + GAMMA * 2.0, rtol=1e-15)
    cache.drop(0)
    _, fresh = cache.get(0, jacobian, mass, slot)
    assert fresh


def test_step_interpolant_is_the_quadratic_through_the_stages():
    # q(t) = 1 + t + t^2 on [0, 2] (h = 2): exact for a quadratic.
    def q(t):
        return 1.0 + t + t * t

    step = StepInterpolant(0.0, 2.0, 2.0, np.array([q(0.0)]), np.array([q(2 * GAMMA)]),
                           np.array([q(2.0)]), np.array([], dtype=bool))
    for t in (0.3, 1.0, 1.7):
        assert_allclose(step(t), [q(t)], rtol=1e-14)
