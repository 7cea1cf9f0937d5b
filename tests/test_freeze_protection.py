"""Freeze protection of the reference's ammonia loop, against oracles that do not use the
panel's closed-form profile integral: an isothermal-panel bound and a marched energy
balance along the flow (issue 14, "Freeze protection: unheated, the cold case freezes;
heated, it does not")."""

import pytest
from scipy import integrate

from thermaldesign import radiator_panel
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.sizing import evaluate


@pytest.fixture(scope="module")
def reference(reference_design, reference_survival):
    spec, env, load, case = reference_survival
    sides = int(spec.entry("radiator").sides)
    emissivity, absorbed = evaluate._cold_case(spec.entry("coating"), spec.altitude,
                                               env.radiator_beta, sides)
    assert absorbed == pytest.approx(case.absorbed_flux)
    panel = {"emissivity": emissivity, "sides": sides, "fin_efficiency": env.fin_efficiency,
             "absorbed_flux": absorbed}
    capacity_rate = load.loop_heat / spec.loop_drop  # W/K, the design flow kept in survival
    loss = 1.0 / spec.entry("battery").discharge_efficiency - 1.0
    return reference_design.radiator_area, panel, capacity_rate, loss, case


def _a(panel):
    """The panel's planform emission coefficient: sides x fin factor x eps x sigma."""
    return panel["sides"] * panel["fin_efficiency"] * panel["emissivity"] * STEFAN_BOLTZMANN


def _isothermal(area, a, absorbed, heat):
    """The one temperature at which the whole panel rejects ``heat`` [K]."""
    return ((heat / area + absorbed) / a) ** 0.25


def _marched_outlet(area, a, absorbed, capacity_rate, inlet):
    """Outlet of C dT/ds = -A (a T^4 - q_abs) marched over the panel, s from 0 to 1 [K]."""
    solution = integrate.solve_ivp(lambda s, t: -area * (a * t**4 - absorbed) / capacity_rate,
                                   (0.0, 1.0), [inlet], rtol=1e-11, atol=1e-9)
    return float(solution.y[0, -1])


def test_unheated_loop_freezes_by_a_bound_without_the_profile(reference):
    area, panel, capacity_rate, _, case = reference
    heat = case.internal_heat
    mean = _isothermal(area, _a(panel), panel["absorbed_flux"], heat)
    # the fluid is hottest at the inlet and coldest at the outlet, so the isothermal
    # panel's temperature lies between them; it is already below ammonia's 195.5 K
    assert case.outlet_unheated < mean < case.outlet_unheated + heat / capacity_rate
    assert mean < radiator_panel.AMMONIA_FREEZING_POINT
    assert case.freezes_unheated


def test_heated_loop_holds_the_limit_by_a_marched_energy_balance(reference):
    area, panel, capacity_rate, loss, case = reference
    heat = case.internal_heat + case.heater_power * (1.0 + loss)  # heater and its battery loss
    inlet = case.outlet_heated + heat / capacity_rate
    marched = _marched_outlet(area, _a(panel), panel["absorbed_flux"], capacity_rate, inlet)
    assert marched == pytest.approx(
        case.outlet_heated, abs=1e-6)
    assert case.outlet_heated == pytest.approx(case.limit, abs=1e-6)
    assert case.outlet_heated > radiator_panel.AMMONIA_FREEZING_POINT
    # a heater 10 % smaller lets the coldest fluid fall below the limit
    smaller = case.internal_heat + 0.9 * case.heater_power * (1.0 + loss)
    below = radiator_panel.survival_outlet_temperature(area, smaller, capacity_rate, **panel)
    assert below < case.limit
