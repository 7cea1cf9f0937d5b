"""Radiator physics: published cases R-1 ... R-5, inverses, fins, coating ageing, bad input.

Case IDs refer to /work/shared/reference/published_cases.md.
"""

import math
from types import SimpleNamespace

import numpy as np
import pytest
from _helpers import floats_between
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.integrate import quad, solve_bvp

import thermaldesign as td
from thermaldesign import radiator
from thermaldesign.constants import STEFAN_BOLTZMANN

SIGMA_TEXTBOOK = 5.67e-8  # the rounded sigma used by sources


# ------------------------------------------------------------------ published cases


def test_r1_one_face_with_3k_sink():
    # eps sigma (T^4 - Ts^4) = 0.85 * 5.670374419e-8 * (300^4 - 3^4) = 390.4 W/m^2.
    closed_form = 0.85 * STEFAN_BOLTZMANN * (300.0**4 - 3.0**4)
    assert_allclose(closed_form, 390.4, rtol=1e-3)
    assert_allclose(radiator.emitted_flux(300.0, 0.85, 1, 3.0), 390.4, rtol=1e-3)
    assert_allclose(radiator.net_flux(300.0, 0.85, sink_temperature=3.0), closed_form, rtol=1e-12)


R2_TEMPERATURES = np.array([300.0, 320.0, 350.0, 400.0, 500.0])
R2_FLUX = np.array([413.4, 535.1, 765.8, 1306.5, 3189.6])
R2_AREA_PER_MW = np.array([2419.0, 1869.0, 1306.0, 765.0, 314.0])


def test_r2_flux_table_as_array():
    # eps = 0.9, one face, 0 K sink; tabulated to 4 significant figures.
    flux = radiator.net_flux(R2_TEMPERATURES, 0.9)
    assert isinstance(flux, np.ndarray) and flux.shape == (5,)
    assert_allclose(flux, R2_FLUX, rtol=1e-3)
    assert_allclose(flux, 0.9 * STEFAN_BOLTZMANN * R2_TEMPERATURES**4, rtol=1e-12)


@pytest.mark.parametrize(
    ("temperature", "area"), list(zip(R2_TEMPERATURES, R2_AREA_PER_MW, strict=True))
)
def test_r2_area_per_megawatt_scalar(temperature, area):
    result = radiator.area_for_heat(1e6, float(temperature), 0.9)
    assert isinstance(result, float)
    # The table rounds areas to whole m^2: 765 is 765.4 and 314 is 313.5 (tol 1e-3 + 0.5 m^2).
    assert abs(result - area) <= 1e-3 * area + 0.5


@pytest.mark.parametrize(("solar", "expected"), [(1000.0, 276.9), (2100.0, 333.3)])
def test_r3_sunlit_surface_equilibrium(solar, expected):
    # R-3 (Cengel): alpha = 0.2, eps = 0.6, sigma = 5.67e-8, emission = absorption.
    temperature = radiator.equilibrium_temperature(
        0.2 * solar, 0.6, stefan_boltzmann=SIGMA_TEXTBOOK
    )
    assert abs(temperature - expected) <= 0.1


def test_r3_as_array_with_default_sigma():
    temperature = radiator.equilibrium_temperature(0.2 * np.array([1000.0, 2100.0]), 0.6)
    # CODATA sigma moves the answer by (5.670374/5.67)^(1/4) - 1 = 1.6e-5: well inside 0.1 K.
    assert_allclose(temperature, [276.9, 333.3], atol=0.1)


def _bvp_fin_efficiency(number):
    """Brute force: solve theta'' = N theta^4, theta(0) = 1, theta'(1) = 0 by collocation."""
    x = np.linspace(0.0, 1.0, 101)
    guess = np.vstack([np.ones_like(x), np.zeros_like(x)])
    solution = solve_bvp(
        lambda _x, y: np.vstack([y[1], number * y[0] ** 4]),
        lambda left, right: np.array([left[0] - 1.0, right[1]]),
        x,
        guess,
        tol=1e-10,
        max_nodes=100_000,
    )
    assert solution.success
    return -solution.sol(0.0)[1] / number


def test_r4_exact_fin_efficiency_and_linearised_error():
    # N = 0.25 -> 0.7795 (tol 5e-4).
    assert_allclose(radiator.fin_efficiency(0.25), 0.7795, rtol=5e-4)
    # The linearised tanh(mL)/mL form (m^2 L^2 = 4N) is off by more than 1 %.
    linear = radiator.linearized_fin_efficiency(0.25)
    assert_allclose(linear, math.tanh(1.0), rtol=1e-12)
    assert abs(linear / radiator.fin_efficiency(0.25) - 1.0) > 0.01


@pytest.mark.parametrize("number", [1e-3, 0.05, 0.25, 1.0, 4.0, 30.0])
def test_fin_efficiency_matches_solve_bvp(number):
    assert_allclose(radiator.fin_efficiency(number), _bvp_fin_efficiency(number), rtol=1e-6)


@pytest.mark.parametrize("number", [1e-4, 0.3, 3.0, 300.0, 3e4])
def test_fin_tip_temperature_satisfies_the_first_integral(number):
    # From eta = sqrt(2 (1 - theta_tip^5) / (5N)) recover theta_tip, then check the shooting
    # condition int_tip^1 dtheta / sqrt(theta^5 - tip^5) = sqrt(2N/5) by adaptive quadrature
    # (theta = tip + (1 - tip) s^2 removes the inverse-square-root end point singularity).
    eta = radiator.fin_efficiency(number)
    tip = (1.0 - 2.5 * number * eta**2) ** 0.2

    def integrand(s):
        theta = tip + (1.0 - tip) * s * s
        polynomial = sum(theta ** (4 - j) * tip**j for j in range(5))  # (θ^5 - tip^5)/(θ - tip)
        return 2.0 * math.sqrt(1.0 - tip) / math.sqrt(polynomial)

    integral, _ = quad(integrand, 0.0, 1.0, epsabs=0.0, epsrel=1e-13, limit=200)
    assert integral == pytest.approx(math.sqrt(0.4 * number), rel=1e-9)


def test_fin_efficiency_limits():
    numbers = np.array([0.0, 1e-9, 1e-6, 1e6, 1e12])
    efficiency = radiator.fin_efficiency(numbers)
    assert efficiency[0] == 1.0
    # Thin fin: eta = int_0^1 theta^4 dx with theta = 1 - N (x - x^2/2) + O(N^2)
    # gives eta = 1 - 4N/3 + O(N^2); bound the O(N^2) term by 5 N^2.
    thin = numbers[1:3]
    assert np.all(np.abs(efficiency[1:3] - (1.0 - 4.0 * thin / 3.0)) <= 5 * thin**2 + 1e-15)
    # Long fin: theta_tip -> 0 in eta = sqrt(2 (1 - theta_tip^5) / (5N)).
    assert_allclose(efficiency[3:], np.sqrt(2.0 / (5.0 * numbers[3:])), rtol=1e-8)


def test_fin_efficiency_at_the_ends_of_the_float_range():
    numbers = np.array([5e-324, 1e-300, 1e-13, 1e300, 1.7e308])
    efficiency = radiator.fin_efficiency(numbers)
    assert np.all((efficiency > 0.0) & (efficiency <= 1.0))
    assert_allclose(efficiency[:3], 1.0, rtol=1e-12)
    assert_allclose(efficiency[3:], np.sqrt(0.4) / np.sqrt(numbers[3:]), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-8, 1e8), st.floats(1.001, 10.0))
def test_fin_efficiency_decreases_and_heat_increases_with_n(number, factor):
    # Longer / thinner fins are less efficient, yet reject more heat in total: N*eta rises.
    low, high = radiator.fin_efficiency([number, number * factor])
    assert 0.0 < high < low <= 1.0
    assert high * number * factor > low * number


def test_r5_starcloud_radiator_published_and_kirchhoff():
    # two-sided plate at 20 C, eps 0.92, alpha 0.09, one face normal to the Sun
    # (1366 W/m^2), Earth view factor 0.25 applied once, albedo 0.3, Earth a 253.15 K
    # black body, sigma = 5.67e-8.
    sigma, alpha, eps, solar, view = SIGMA_TEXTBOOK, 0.09, 0.92, 1366.0, 0.25
    earth_ir = sigma * 253.15**4  # W/m^2 leaving Earth
    solar_absorbed = alpha * solar
    albedo_absorbed = alpha * 0.3 * solar * view
    temperature = 293.15

    def net_flux(earth_ir_absorptivity):
        return radiator.panel_net_flux(
            temperature, eps, eps, front_absorbed=solar_absorbed,
            back_absorbed=albedo_absorbed + earth_ir_absorptivity * view * earth_ir,
            stefan_boltzmann=sigma,
        )

    # Published: Earth IR absorbed with the solar absorptivity (wrong).
    published = net_flux(alpha)
    assert_allclose(published, 633.08, atol=0.01)
    # Kirchhoff-correct: Earth IR absorbed with the IR emissivity.
    correct = net_flux(eps)
    assert abs(correct - 585.0) < 1.0
    assert published - correct > 45.0  # the white paper overstates rejection by ~8 %

    # The same with the contract function: both faces alike, absorbed flux summed.
    same = radiator.net_flux(
        temperature,
        eps,
        sides=2,
        absorbed_flux=solar_absorbed + albedo_absorbed + eps * view * earth_ir,
        stefan_boltzmann=sigma,
    )
    assert_allclose(same, correct, rtol=1e-12)


# ---------------------------------------------------------- inverses and consistency


@settings(max_examples=100, deadline=None)
@given(
    heat=st.floats(0.0, 1e8),
    temperature=st.floats(150.0, 1500.0),
    emissivity=st.floats(0.05, 1.0),
    sides=st.sampled_from([1, 2]),
    sink=st.floats(0.0, 290.0),
    absorbed_fraction=st.floats(0.0, 0.95),
)
def test_area_for_heat_inverts_net_flux(
    heat, temperature, emissivity, sides, sink, absorbed_fraction
):
    emitted = radiator.emitted_flux(temperature, emissivity, sides, sink)
    if emitted <= 0.0:
        return
    absorbed = absorbed_fraction * emitted
    area = radiator.area_for_heat(heat, temperature, emissivity, sides, sink, absorbed)
    rejected = area * radiator.net_flux(temperature, emissivity, sides, sink, absorbed)
    assert rejected == pytest.approx(heat, rel=1e-12, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(
    absorbed=st.floats(0.0, 1e5),
    emissivity=st.floats(0.05, 1.0),
    sides=st.sampled_from([1, 2]),
    sink=st.floats(0.0, 300.0),
)
def test_equilibrium_temperature_zeroes_net_flux(absorbed, emissivity, sides, sink):
    temperature = radiator.equilibrium_temperature(absorbed, emissivity, sides, sink)
    if temperature == 0.0:  # nothing absorbed, 0 K sink
        return
    net = radiator.net_flux(temperature, emissivity, sides, sink, absorbed)
    scale = sides * emissivity * STEFAN_BOLTZMANN * temperature**4
    # (+1e-300: a subnormal load gives T ~ 1e-79 K, whose T^4 underflows to 0)
    assert abs(net) <= 1e-12 * scale + 1e-300


def test_equilibrium_temperature_without_load_is_the_sink():
    assert radiator.equilibrium_temperature(0.0, 0.9, 2, 3.0) == pytest.approx(3.0, rel=1e-14)
    assert radiator.equilibrium_temperature(0.0, 0.9) == 0.0


def test_area_for_heat_refuses_panel_that_absorbs_more_than_it_emits():
    # 250 K, eps 0.9: emits 199.3 W/m^2 < 300 absorbed; equilibrium (300/(0.9 sigma))^0.25.
    limit = (300.0 / (0.9 * STEFAN_BOLTZMANN)) ** 0.25
    with pytest.raises(td.InputError, match=r"radiator at 250 K absorbs .*above 276\.89\d K"):
        radiator.area_for_heat(1e3, 250.0, 0.9, absorbed_flux=300.0)
    assert limit == pytest.approx(276.896, abs=1e-3)
    # Array input: the first offending element is named.
    with pytest.raises(td.InputError, match="radiator at 200 K"):
        radiator.area_for_heat(1e3, [400.0, 200.0], 0.9, absorbed_flux=300.0)
    # At exactly the sink temperature, nothing is rejected either.
    with pytest.raises(td.InputError, match="absorbs at least what it emits"):
        radiator.area_for_heat(1e3, 100.0, 0.9, sink_temperature=100.0)


def test_broadcasting_and_return_types():
    temperature = np.array([[300.0], [350.0]])
    emissivity = np.array([0.8, 0.9, 1.0])
    flux = radiator.emitted_flux(temperature, emissivity, 2)
    assert flux.shape == (2, 3)
    assert_allclose(flux, 2 * emissivity * STEFAN_BOLTZMANN * temperature**4, rtol=1e-14)
    assert isinstance(radiator.emitted_flux(300.0, 0.9), float)
    assert isinstance(radiator.net_flux(np.float64(300.0), 0.9, 2), float)
    area = radiator.area_for_heat([1e3, 2e3], 300.0, 0.9, sides=[1, 2])
    assert_allclose(
        area,
        [1e3 / (0.9 * STEFAN_BOLTZMANN * 300.0**4), 2e3 / (1.8 * STEFAN_BOLTZMANN * 300.0**4)],
        rtol=1e-14,
    )


# -------------------------------------------------------------- two-sided panels


def test_panel_net_flux_closed_form_with_dissimilar_faces_and_sinks():
    # Front: OSR eps 0.8 to deep space; back: white paint eps 0.9 seeing a 250 K sink.
    result = radiator.panel_net_flux(
        320.0,
        0.8,
        0.9,
        front_absorbed=50.0,
        back_absorbed=20.0,
        sink_temperature=0.0,
        back_sink_temperature=250.0,
    )
    expected = STEFAN_BOLTZMANN * (0.8 * 320.0**4 + 0.9 * (320.0**4 - 250.0**4)) - 70.0
    assert_allclose(result, expected, rtol=1e-14)
    # Identical faces reduce to the contract function with sides=2.
    assert_allclose(
        radiator.panel_net_flux([300.0, 400.0], 0.9, 0.9, front_absorbed=10.0),
        radiator.net_flux(np.array([300.0, 400.0]), 0.9, 2, absorbed_flux=10.0),
        rtol=1e-14,
    )


@settings(max_examples=60, deadline=None)
@given(**floats_between(
    front=(0.05, 1.0), back=(0.05, 1.0), front_absorbed=(0.0, 2000.0),
    back_absorbed=(0.0, 500.0), dissipation=(0.0, 5000.0), front_sink=(0.0, 300.0),
    back_sink=(0.0, 300.0),
))
def test_panel_equilibrium_rejects_exactly_the_dissipation(
    front, back, front_absorbed, back_absorbed, dissipation, front_sink, back_sink
):
    kwargs = dict(
        front_absorbed=front_absorbed,
        back_absorbed=back_absorbed,
        sink_temperature=front_sink,
        back_sink_temperature=back_sink,
    )
    temperature = radiator.panel_equilibrium_temperature(
        front, back, dissipation=dissipation, **kwargs
    )
    if temperature == 0.0:
        return
    net = radiator.panel_net_flux(temperature, front, back, **kwargs)
    scale = (front + back) * STEFAN_BOLTZMANN * temperature**4 + dissipation
    assert abs(net - dissipation) <= 1e-11 * scale


# ------------------------------------------------------------------- fin panels


def test_fin_parameter_closed_form():
    # Aluminium sheet 1 mm, L = 5 cm, two faces eps 0.9 at 300 K.
    expected = 2 * 0.9 * STEFAN_BOLTZMANN * 300.0**3 * 0.05**2 / (167.0 * 1e-3)
    assert_allclose(radiator.fin_parameter(0.05, 1e-3, 167.0, 300.0, 0.9), expected, rtol=1e-14)
    assert_allclose(
        radiator.fin_parameter(0.05, 1e-3, 167.0, 300.0, 0.9, sides=1), expected / 2, rtol=1e-14
    )


def test_fin_panel_area_and_mass_closed_form():
    half_width, thickness, conductivity, density = 0.05, 1e-3, 167.0, 2700.0
    tube_mass, tube_width = 0.12, 0.01  # kg/m (heat pipe + ammonia), m
    panel = radiator.fin_panel(
        half_width,
        thickness,
        conductivity,
        density,
        tube_mass,
        300.0,
        0.9,
        tube_width=tube_width,
    )
    number = 2 * 0.9 * STEFAN_BOLTZMANN * 300.0**3 * half_width**2 / (conductivity * thickness)
    eta = radiator.fin_efficiency(number)
    pitch = tube_width + 2 * half_width
    assert panel.fin_parameter == pytest.approx(number, rel=1e-14)
    assert panel.fin_efficiency == pytest.approx(eta, rel=1e-14)
    assert panel.tube_pitch == pytest.approx(0.11, rel=1e-14)
    assert panel.effective_area_ratio == pytest.approx(
        (tube_width + 2 * half_width * eta) / pitch, rel=1e-14
    )
    assert panel.areal_density == pytest.approx(
        (2 * half_width * thickness * density + tube_mass) / pitch, rel=1e-14
    )
    assert panel.effective_areal_density == pytest.approx(
        panel.areal_density / panel.effective_area_ratio, rel=1e-14
    )
    assert set(panel.to_dict()) >= {"fin_efficiency", "areal_density"}


def test_fin_panel_sweeps_half_width_as_array():
    # Brute-force check of the trade the helper exists for: wider fins save tube mass
    # but lose efficiency; the mass per effective m^2 has an interior minimum.
    widths = np.linspace(0.01, 0.5, 200)
    panel = radiator.fin_panel(widths, 5e-4, 167.0, 2700.0, 0.15, 320.0, 0.9)
    assert panel.fin_efficiency.shape == (200,)
    assert np.all(np.diff(panel.fin_efficiency) < 0)
    best = int(np.argmin(panel.effective_areal_density))
    assert 0 < best < 199


# -------------------------------------------------------------- coating ageing


def test_coating_properties_hit_bol_and_eol_in_both_models():
    for model in ("linear", "saturating"):
        state = radiator.coating_properties([0.0, 7.0], 0.20, 0.45, 0.90, 0.87, 7.0, model=model)
        assert_allclose(state.absorptivity, [0.20, 0.45], rtol=1e-14)
        assert_allclose(state.emissivity, [0.90, 0.87], rtol=1e-14)


def test_coating_linear_midpoint_and_saturating_front_loaded():
    alpha, eps = radiator.coating_properties(2.5, 0.2, 0.4, 0.9, 0.8, 5.0, model="linear")
    assert alpha == pytest.approx(0.3) and eps == pytest.approx(0.85)
    # Saturating with tau = t_eol/2: fraction at half life = (1 - e^-1)/(1 - e^-2) = 0.7311.
    alpha, _ = radiator.coating_properties(2.5, 0.2, 0.4, 0.9, 0.8, 5.0)
    assert alpha == pytest.approx(0.2 + 0.2 * (1 - math.exp(-1)) / (1 - math.exp(-2)), rel=1e-14)
    # Beyond EOL it approaches X_bol + dX / (1 - e^-2), never more.
    ages = np.linspace(0.0, 100.0, 101)
    alpha, _ = radiator.coating_properties(ages, 0.2, 0.4, 0.9, 0.8, 5.0)
    assert np.all(np.diff(alpha) >= 0)
    assert alpha[-1] <= 0.2 + 0.2 / (1 - math.exp(-2)) + 1e-15


def test_coating_at_age_reads_catalog_like_entries():
    coating = SimpleNamespace(
        absorptivity_bol=0.08,
        absorptivity_eol=0.12,
        emissivity_bol=0.80,
        emissivity_eol=0.79,
        eol_years=10.0,
    )
    state = radiator.coating_at_age(coating, 10.0)
    assert state == pytest.approx((0.12, 0.79))
    with pytest.raises(td.InputError, match="coating must have"):
        radiator.coating_at_age(object(), 1.0)


def test_coating_errors_name_the_problem():
    with pytest.raises(td.InputError, match=r"age = 6 yr is outside the valid range \[0, 5\]"):
        radiator.coating_properties(6.0, 0.2, 0.4, 0.9, 0.8, 5.0, model="linear")
    # A steep saturating law would carry alpha above 1 at 50 years.
    with pytest.raises(td.InputError, match=r"absorptivity = .* outside the valid range \(0, 1\]"):
        radiator.coating_properties(50.0, 0.3, 0.95, 0.9, 0.8, 5.0)
    with pytest.raises(td.InputError, match="did you mean 'linear'"):
        radiator.coating_properties(1.0, 0.2, 0.4, 0.9, 0.8, 5.0, model="lineer")


# -------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.1, math.nan, math.inf])
def test_bad_emissivity_named_with_range(bad):
    with pytest.raises(td.InputError, match=r"emissivity = .*\(0, 1\]"):
        radiator.emitted_flux(300.0, bad)
    with pytest.raises(td.InputError, match=r"emissivity = .*\(0, 1\]"):
        radiator.equilibrium_temperature(100.0, [0.9, bad])
    with pytest.raises(td.InputError, match=r"back_emissivity = .*\(0, 1\]"):
        radiator.panel_net_flux(300.0, 0.9, bad)


@pytest.mark.parametrize("bad", [-1.0, 0.0, math.nan])
def test_bad_temperature_named_with_range(bad):
    with pytest.raises(td.InputError, match=r"temperature = .*\(0, inf\) K"):
        radiator.net_flux(bad, 0.9)
    with pytest.raises(td.InputError, match=r"temperature = .*\(0, inf\) K"):
        radiator.area_for_heat(1e3, [300.0, bad], 0.9)
    with pytest.raises(td.InputError, match=r"base_temperature"):
        radiator.fin_parameter(0.05, 1e-3, 167.0, bad, 0.9)


def test_other_bad_inputs():
    with pytest.raises(td.InputError, match=r"sink_temperature = -3 K is outside .*\[0, inf\)"):
        radiator.emitted_flux(300.0, 0.9, sink_temperature=-3.0)
    with pytest.raises(td.InputError, match="sides = 3"):
        radiator.emitted_flux(300.0, 0.9, sides=3)
    with pytest.raises(td.InputError, match="sides = 1.5 must be 1"):
        radiator.emitted_flux(300.0, 0.9, sides=1.5)
    with pytest.raises(td.InputError, match=r"absorbed_flux = -1 W/m\^2"):
        radiator.net_flux(300.0, 0.9, absorbed_flux=-1.0)
    with pytest.raises(td.InputError, match=r"heat = -5 W"):
        radiator.area_for_heat(-5.0, 300.0, 0.9)
    with pytest.raises(td.InputError, match=r"fin_parameter = -0.1 is outside .*\[0, inf\)"):
        radiator.fin_efficiency(-0.1)
    with pytest.raises(td.InputError, match="fin_parameter = nan"):
        radiator.fin_efficiency([0.1, math.nan])
    with pytest.raises(td.InputError, match="stefan_boltzmann"):
        radiator.emitted_flux(300.0, 0.9, stefan_boltzmann=0.0)
    with pytest.raises(td.InputError, match="thickness"):
        radiator.fin_panel(0.05, 0.0, 167.0, 2700.0, 0.1, 300.0, 0.9)
    with pytest.raises(td.InputError, match="tube_mass_per_length"):
        radiator.fin_panel(0.05, 1e-3, 167.0, 2700.0, -0.1, 300.0, 0.9)


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        radiator.emitted_flux("hot", 0.9)


def test_every_catalog_coating_ages_from_bol_to_eol():
    for key, coating in td.catalog.entries("coatings").items():
        begin = radiator.coating_at_age(coating, 0.0)
        end = radiator.coating_at_age(coating, coating.eol_years, model="linear")
        assert begin == pytest.approx((coating.absorptivity_bol, coating.emissivity_bol)), key
        assert end == pytest.approx((coating.absorptivity_eol, coating.emissivity_eol)), key


# ------------------------------------------------------------- ideal panel area, unbounded


def test_ideal_area_for_heat_matches_closed_form_and_is_infinite_below_equilibrium():
    # Closed form A = Q / (n eps sigma (T^4 - Ts^4) - q_abs) (Gilmore 2002, ch. 6); the
    # panel absorbing q_abs = 400 W/m^2 on 2 faces of eps 0.9 is in equilibrium at
    # (400 / (2 * 0.9 * sigma))^0.25 = 250.5 K, so 200 K needs an infinite area.
    temperature = np.array([200.0, 300.0, 400.0])
    area = radiator.ideal_area_for_heat(1e6, temperature, 0.9, 2, 3.0, 400.0)
    expected = 1e6 / (2 * 0.9 * STEFAN_BOLTZMANN * (temperature[1:] ** 4 - 3.0**4) - 400.0)
    assert math.isinf(area[0])
    assert_allclose(area[1:], expected, rtol=1e-14)
    # Where it is finite it agrees with area_for_heat, which raises instead of inf.
    assert radiator.ideal_area_for_heat(5e3, 300.0, 0.9) == pytest.approx(
        radiator.area_for_heat(5e3, 300.0, 0.9), rel=1e-15)
    with pytest.raises(td.InputError, match="heat"):
        radiator.ideal_area_for_heat(-1.0, 300.0, 0.9)
