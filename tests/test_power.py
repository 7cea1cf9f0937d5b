"""Solar array and battery sizing: published cases P-1 ... P-5, array temperature, bad input.

Case IDs refer to /work/shared/reference/published_cases.md.
"""

import math

import numpy as np
import pytest
from _helpers import floats_between
from hypothesis import given, settings
from numpy.testing import assert_allclose
from scipy.optimize import brentq

import thermaldesign as td
from thermaldesign import power
from thermaldesign.constants import STEFAN_BOLTZMANN

# ------------------------------------------------------------------ published cases


def test_p1_suncatcher_starlink_estimate():
    # P-1: 105 m^2, 22 % cells, S = 1361 W/m^2, packing 0.90; satellite 575 kg.
    density = power.array_power_density(0.22, packing_factor=0.90, solar_flux=1361.0)
    assert_allclose(density, 0.22 * 1361.0 * 0.90, rtol=1e-14)
    assert_allclose(105.0 * density, 28.3e3, rtol=1e-2)
    assert_allclose(105.0 * density / 575.0, 49.2, rtol=1e-2)


# P-2 (SMAD ch. 11 method): Si cells 14.8 % at 1367 W/m^2, I_d = 0.77, 23.5 deg, 3.75 %/yr,
# 5 years; 110 W through 35.3 min eclipse and 63.5 min daylight, X_e = 0.6, X_d = 0.8 (PPT).
P2 = dict(packing_factor=1.0, inherent_degradation=0.77, incidence=23.5, solar_flux=1367.0)


def test_p2_required_array_power():
    required = power.array_power_required(110.0, 110.0, 63.5 * 60.0, 35.3 * 60.0, 0.8, 0.6)
    assert_allclose(required, 239.4, rtol=5e-3)
    # Defaults are SMAD's peak-power-tracking path efficiencies.
    assert power.array_power_required(110.0, 110.0, 63.5 * 60, 35.3 * 60) == required
    assert power.path_efficiencies("peak-power-tracking") == (0.8, 0.6)


def test_p2_bol_eol_and_area():
    bol = power.array_power_density(0.148, **P2)
    assert_allclose(bol, 142.9, rtol=5e-3)
    assert_allclose(power.lifetime_degradation(0.0375, 5.0), 0.826, rtol=5e-3)
    assert_allclose(power.lifetime_degradation(0.0375, 5.0), 0.9625**5, rtol=1e-14)
    eol = power.array_power_density(0.148, degradation_per_year=0.0375, years=5.0, **P2)
    assert_allclose(eol, 118.0, rtol=5e-3)
    required = power.array_power_required(110.0, 110.0, 63.5 * 60.0, 35.3 * 60.0)
    assert_allclose(power.array_area_for_power(required, eol), 2.03, rtol=5e-3)


def test_p3_cell_output():
    # P-3: 30.7 % at 1361 W/m^2.
    assert_allclose(power.cell_power_density(0.307), 417.8, rtol=1e-3)
    assert_allclose(power.cell_power_density(0.307, 1361.0), 0.307 * 1361.0, rtol=1e-14)


def test_p4_eclipse_storage():
    # P-4: 100 kW through 35.61 min, 90 % discharge, 30 % DoD, 150 Wh/kg.
    kwh = 3.6e6
    delivered = power.eclipse_energy(100e3, 35.61 * 60.0, discharge_efficiency=0.9)
    assert_allclose(delivered / kwh, 65.9, rtol=5e-3)
    installed = power.battery_capacity(
        100e3, 35.61 * 60.0, discharge_efficiency=0.9, depth_of_discharge=0.30
    )
    assert_allclose(installed / kwh, 220.0, rtol=5e-3)
    assert_allclose(power.battery_mass(installed, 150.0 * 3600.0), 1465.0, rtol=5e-3)
    # Defaults are the case's 0.9 and 0.3.
    assert power.battery_capacity(100e3, 35.61 * 60.0) == installed


def test_p5_starcloud_four_km_square_array():
    # P-5 (kind X): 16 km^2 at 22 %, fill 0.9, S = 1366 gives 4.33 GW, not 5 GW.
    density = power.array_power_density(0.22, packing_factor=0.9, solar_flux=1366.0)
    assert_allclose(16e6 * density, 4.33e9, rtol=5e-3)
    assert 16e6 * density < 0.9 * 5e9  # about 13 % short of the claim
    assert_allclose(power.array_area_for_power(5e9, density) / 1e6, 18.5, rtol=5e-3)


# ------------------------------------------------------------ array power density


def test_array_power_density_is_the_product_of_its_factors():
    result = power.array_power_density(
        0.30,
        packing_factor=0.85,
        inherent_degradation=0.9,
        incidence=30.0,
        degradation_per_year=0.02,
        years=7.0,
        cell_temperature=340.0,
        temperature_coefficient=-0.0022,
        reference_temperature=301.15,
        solar_flux=1322.0,
    )
    expected = (
        0.30
        * 1322.0
        * 0.9
        * math.cos(math.radians(30.0))
        * 0.98**7
        * (1.0 - 0.0022 * (340.0 - 301.15))
        * 0.85
    )
    assert_allclose(result, expected, rtol=1e-14)


def test_array_power_density_broadcasts():
    years = np.array([[0.0], [5.0], [10.0]])
    incidence = np.array([0.0, 60.0])
    result = power.array_power_density(
        0.3, incidence=incidence, degradation_per_year=0.03, years=years
    )
    assert result.shape == (3, 2)
    assert_allclose(result[:, 1] / result[:, 0], 0.5, rtol=1e-12)
    assert_allclose(result[:, 0], 0.3 * 1361.0 * 0.9 * 0.97 ** years[:, 0], rtol=1e-12)
    assert isinstance(power.array_power_density(0.3), float)
    # Sun on the array's edge: no output, but no NaN or negative power.
    assert 0.0 <= power.array_power_density(0.3, incidence=90.0) < 1e-12


# --------------------------------------------------------------- array temperature


def test_array_temperature_open_circuit_closed_form():
    # No electrical output: alpha S = (eps_f + eps_b) sigma T^4.
    expected = (0.92 * 1361.0 / ((0.85 + 0.80) * STEFAN_BOLTZMANN)) ** 0.25
    assert_allclose(power.array_temperature(0.92, 0.85, 0.80), expected, rtol=1e-14)


def _balance(temperature, **k):
    direct = k["solar_flux"] * math.cos(math.radians(k["incidence"]))
    electrical = (
        k["efficiency"]
        * k["packing"]
        * direct
        * k["factor"]
        * (1.0 + k["coefficient"] * (temperature - 301.15))
    )
    emitted = (k["front"] + k["back"]) * STEFAN_BOLTZMANN * (temperature**4 - k["sink"] ** 4)
    return k["alpha"] * direct + k["q_front"] + k["q_back"] - emitted - electrical


@settings(max_examples=60, deadline=None)
@given(**floats_between(
    alpha=(0.6, 0.95), front=(0.6, 0.95), back=(0.3, 0.95), efficiency=(0.0, 0.35),
    packing=(0.7, 1.0), incidence=(0.0, 80.0), coefficient=(-0.005, 0.0), factor=(0.6, 1.0),
    q_front=(0.0, 150.0), q_back=(0.0, 250.0), sink=(0.0, 200.0),
))
def test_array_temperature_matches_brute_force_root(**k):
    k["solar_flux"] = 1361.0
    kwargs = dict(
        efficiency=k["efficiency"],
        packing_factor=k["packing"],
        incidence=k["incidence"],
        electrical_factor=k["factor"],
        temperature_coefficient=k["coefficient"],
        front_absorbed=k["q_front"],
        back_absorbed=k["q_back"],
        sink_temperature=k["sink"],
    )
    # Brute force: scan the energy balance down from 1000 K; the stable equilibrium is the
    # first (hottest) sign change, refined by brentq. The residual is convex in T, so a
    # second, cooler root is unstable, and with no sign change there is no equilibrium.
    grid = np.linspace(1000.0, max(k["sink"], 1.0), 4000)
    balance = _balance(grid, **k)
    change = np.flatnonzero(np.sign(balance[1:]) != np.sign(balance[:-1]))
    if change.size == 0:
        with pytest.raises(td.InputError, match="no array temperature balances"):
            power.array_temperature(k["alpha"], k["front"], k["back"], **kwargs)
        return
    i = change[0]
    expected = brentq(lambda t: _balance(t, **k), grid[i + 1], grid[i], xtol=1e-12)
    result = power.array_temperature(k["alpha"], k["front"], k["back"], **kwargs)
    assert result == pytest.approx(expected, rel=1e-9)


def _hot_array_balance(**overrides):
    # A 0.9 / 0.85 / 0.9 array at 30 % efficiency with a strong negative temperature
    # coefficient, 200 W/m^2 of Earth IR on the back and a 3 K sink.
    terms = dict(radiating=(0.85 + 0.9) * STEFAN_BOLTZMANN, sink=3.0,
                 electrical=0.30 * 0.9 * 1361.0, coefficient=-0.004, reference=301.15,
                 absorbed=0.9 * 1361.0 + 200.0)
    terms.update(overrides)
    return lambda t: power._array_heat_balance(t, **terms)


def test_newton_converged_root_matches_an_independent_brentq_root():
    balance = _hot_array_balance()
    start = 400.0  # above the root: the convex residual is positive there
    root, converged = power._newton_descent(balance, start)
    assert converged
    # Oracle: brentq on the same heat balance written out in the test.
    expected = brentq(
        lambda t: (0.85 + 0.9) * STEFAN_BOLTZMANN * (t**4 - 3.0**4)
        + 0.30 * 0.9 * 1361.0 * (1.0 - 0.004 * (t - 301.15)) - (0.9 * 1361.0 + 200.0),
        250.0, 400.0, xtol=1e-13, rtol=1e-15,
    )
    assert root == pytest.approx(expected, rel=1e-12)
    assert abs(balance(root)[0]) <= 1e-9 * (0.9 * 1361.0 + 200.0)


def test_newton_reports_no_convergence_when_out_of_iterations():
    root, converged = power._newton_descent(_hot_array_balance(), 1e4, max_iter=1)
    assert not converged
    assert abs(_hot_array_balance()(root)[0]) > 1.0  # one step from 1e4 K is far off


def test_newton_reports_no_convergence_for_a_residual_without_root():
    # x^2 + 1 has no real root; Newton from 1 reaches a slope <= 0 and must say so.
    root, converged = power._newton_descent(lambda x: (x**2 + 1.0, 2.0 * x), 1.0)
    assert not np.any(converged)


def test_array_temperature_raises_when_newton_does_not_converge(monkeypatch):
    # The caller, not the residual check, decides: a non-converged solve is an error.
    monkeypatch.setattr(
        power, "_newton_descent",
        lambda balance, start: (np.asarray(start, dtype=float), np.zeros(np.shape(start), bool)),
    )
    with pytest.raises(td.InputError, match="no array temperature balances"):
        power.array_temperature(0.9, 0.85, 0.9)


def test_array_temperature_refuses_a_root_where_the_cells_would_draw_power():
    # Low-emissivity array (0.1 + 0.1) in full sun: the open-circuit temperature is
    # (1361 / (0.2 sigma))^(1/4) ~ 588 K, where the linear factor 1 - 0.02 (T - 301.15)
    # is already negative. Newton converges (to ~801 K) but on a root where the electrical
    # "output" is negative: the caller must refuse it.
    balance = _hot_array_balance(radiating=0.2 * STEFAN_BOLTZMANN, sink=0.0,
                                 electrical=0.3 * 0.9 * 1361.0, coefficient=-0.02,
                                 absorbed=1361.0)
    root, converged = power._newton_descent(balance, (1361.0 / (0.2 * STEFAN_BOLTZMANN)) ** 0.25)
    assert converged and 1.0 - 0.02 * (root - 301.15) < 0.0
    with pytest.raises(td.InputError, match="no array temperature balances"):
        power.array_temperature(1.0, 0.1, 0.1, efficiency=0.3, temperature_coefficient=-0.02)


def test_array_temperature_drops_when_cells_produce_power():
    # Converting 30 % of sunlight to electricity cools the array; a LEO array with Earth IR
    # on its back runs ~320-340 K (Gilmore ch. 2).
    earth_ir_back = 0.9 * 237.0 * 0.9  # back emissivity x OLR x view factor 0.9 (nadir back)
    hot = power.array_temperature(0.9, 0.85, 0.9, back_absorbed=earth_ir_back)
    working = power.array_temperature(
        0.9,
        0.85,
        0.9,
        efficiency=0.3,
        temperature_coefficient=-0.0022,
        back_absorbed=earth_ir_back,
    )
    assert 300.0 < working < hot < 360.0
    temps = power.array_temperature(0.9, 0.85, 0.9, efficiency=[0.0, 0.1, 0.2, 0.3])
    assert np.all(np.diff(temps) < 0)
    assert power.array_temperature(0.9, 0.85, 0.9, solar_flux=0.0) == 0.0


def test_array_temperature_refuses_impossible_efficiency():
    with pytest.raises(td.InputError, match="exceeds absorptivity"):
        power.array_temperature(0.3, 0.85, 0.9, efficiency=0.4, packing_factor=1.0)


# ---------------------------------------------------------- conditioning, batteries


def test_path_efficiencies_and_conditioning_heat():
    assert power.path_efficiencies("direct-energy-transfer") == (0.85, 0.65)
    assert power.path_efficiencies().eclipse == 0.6
    with pytest.raises(td.InputError, match="did you mean 'peak-power-tracking'"):
        power.path_efficiencies("peak-power-trackin")
    # 10 kW delivered through a 95 % chain: 10e3 (1/0.95 - 1) = 526.3 W of heat.
    assert_allclose(power.conditioning_heat(10e3, 0.95), 10e3 * (1 / 0.95 - 1), rtol=1e-14)
    assert_allclose(power.conditioning_heat([1e3, 2e3], 1.0), [0.0, 0.0], atol=0)


@settings(max_examples=60, deadline=None)
@given(**floats_between(load=(0.0, 1e7), eclipse=(0.0, 3000.0), daylight=(1.0, 6000.0),
                        x_day=(0.5, 1.0), x_eclipse=(0.4, 1.0)))
def test_array_power_required_energy_balance(load, eclipse, daylight, x_day, x_eclipse):
    # Brute force per orbit: what the array makes in daylight, after the path losses of
    # each branch, is exactly what the loads consume.
    required = power.array_power_required(load, load, daylight, eclipse, x_day, x_eclipse)
    to_daylight_loads = load * daylight / x_day
    to_battery = required * daylight - to_daylight_loads
    # The subtraction above cancels: its rounding error is ~eps * (to_daylight_loads).
    scale = 1e-12 * to_daylight_loads
    assert to_battery * x_eclipse == pytest.approx(load * eclipse, rel=1e-9, abs=1e-6 + scale)


def test_no_eclipse_needs_no_battery():
    assert power.battery_capacity(50e3, 0.0) == 0.0
    assert power.array_power_required(100.0, 100.0, 5700.0, 0.0) == pytest.approx(125.0)


def test_battery_functions_broadcast():
    capacity = power.battery_capacity(
        np.array([1e3, 2e3]), 2100.0, depth_of_discharge=np.array([[0.2], [0.4]])
    )
    assert capacity.shape == (2, 2)
    assert_allclose(capacity, np.array([[1e3, 2e3]]) * 2100.0 / 0.9 / np.array([[0.2], [0.4]]))
    assert_allclose(power.array_mass([2.0, 4.0], 1.5), [3.0, 6.0])


# -------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.2, math.nan])
def test_bad_efficiency_named_with_range(bad):
    with pytest.raises(td.InputError, match=r"efficiency = .* \(0, 1\]"):
        power.cell_power_density(bad)
    with pytest.raises(td.InputError, match=r"efficiency = .*\(0, 1\]"):
        power.array_power_density([0.3, bad])


def test_other_bad_inputs():
    with pytest.raises(td.InputError, match=r"incidence = 95 deg is outside .*\[0, 90\] deg"):
        power.array_power_density(0.3, incidence=95.0)
    with pytest.raises(td.InputError, match=r"degradation_per_year = 1 1/yr .*\[0, 1\)"):
        power.lifetime_degradation(1.0, 5.0)
    with pytest.raises(td.InputError, match=r"years = -1 yr"):
        power.lifetime_degradation(0.03, -1.0)
    with pytest.raises(td.InputError, match=r"cell_temperature = -5 K .*\(0, inf\)"):
        power.array_power_density(0.3, cell_temperature=-5.0, temperature_coefficient=-0.003)
    with pytest.raises(td.InputError, match="linear temperature model does not apply"):
        power.array_power_density(0.3, cell_temperature=900.0, temperature_coefficient=-0.005)
    with pytest.raises(td.InputError, match=r"temperature_coefficient = 0.1 1/K"):
        power.array_power_density(0.3, temperature_coefficient=0.1)
    with pytest.raises(td.InputError, match=r"packing_factor = 0 is outside .*\(0, 1\]"):
        power.array_power_density(0.3, packing_factor=0.0)
    with pytest.raises(td.InputError, match=r"daylight_duration = 0 s is outside .*\(0, inf\)"):
        power.array_power_required(100.0, 100.0, 0.0, 2000.0)
    with pytest.raises(td.InputError, match=r"eclipse_efficiency = 1.5 is outside"):
        power.array_power_required(100.0, 100.0, 3600.0, 2000.0, 0.8, 1.5)
    with pytest.raises(td.InputError, match=r"depth_of_discharge = 0 is outside .*\(0, 1\]"):
        power.battery_capacity(1e3, 2000.0, depth_of_discharge=0.0)
    with pytest.raises(td.InputError, match=r"specific_energy = 0 J/kg"):
        power.battery_mass(1e6, 0.0)
    with pytest.raises(td.InputError, match=r"power_density = -1 W/m\^2"):
        power.array_area_for_power(100.0, -1.0)
    with pytest.raises(td.InputError, match=r"load = nan is not a finite number"):
        power.eclipse_energy(math.nan, 2000.0)
    with pytest.raises(td.InputError, match=r"back_emissivity = 0 is outside .*\(0, 1\]"):
        power.array_temperature(0.9, 0.85, 0.0)


def test_every_catalog_solar_array_closes_its_energy_balance():
    # Sun-pointing array, Earth IR on the back (OLR 237 W/m^2, view factor 0.85 at 550 km).
    for key, entry in td.catalog.entries("solar_arrays").items():
        back_ir = entry.back_emissivity * 237.0 * 0.85
        common = dict(
            temperature_coefficient=entry.temperature_coefficient,
            reference_temperature=entry.reference_temperature,
        )
        temperature = power.array_temperature(
            entry.absorptivity,
            entry.front_emissivity,
            entry.back_emissivity,
            efficiency=entry.cell_efficiency,
            packing_factor=entry.packing_factor,
            electrical_factor=entry.inherent_degradation,
            back_absorbed=back_ir,
            **common,
        )
        electrical = power.array_power_density(
            entry.cell_efficiency,
            packing_factor=entry.packing_factor,
            inherent_degradation=entry.inherent_degradation,
            cell_temperature=temperature,
            **common,
        )
        absorbed = entry.absorptivity * 1361.0 + back_ir
        emitted = (entry.front_emissivity + entry.back_emissivity) * STEFAN_BOLTZMANN
        assert emitted * temperature**4 + electrical == pytest.approx(absorbed, rel=1e-10), key
        assert 250.0 < temperature < 400.0, key
