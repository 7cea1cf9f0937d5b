"""Hardening: public physics functions meet hostile input with a documented error."""

import math

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign import environment, orbit, radiator


def test_penumbra_covering_more_than_a_hemisphere():
    # Found by the fuzzing: altitude 1 m, beta 90 deg, penumbra gave arccos(-huge) = NaN.
    # Closed form: the penumbral cone half-angle rho + r_sun exceeds 90 deg when
    # R/(R+h) > cos(r_sun); then every point of the orbit sees the Sun partly hidden.
    sun = math.asin(td.constants.SUN_RADIUS / td.constants.ASTRONOMICAL_UNIT)
    radius = td.constants.EARTH_RADIUS
    threshold = radius / math.cos(sun) - radius  # ~69 m
    assert orbit.eclipse_fraction(0.5 * threshold, 90.0, shadow="penumbra") == 1.0
    assert orbit.eclipse_fraction(2.0 * threshold, 90.0, shadow="penumbra") == 0.0
    assert orbit.eclipse_fraction(1.0, 90.0, shadow="umbra") == 0.0

def test_sample_counts_have_an_upper_end():
    # Found by the fuzzing: samples=10**19 reached np.arange ("Maximum allowed size
    # exceeded") or a MemoryError.
    with pytest.raises(td.InputError, match=r"samples = 100001 is outside .*\[8, 100000\]"):
        environment.orbit_flux(550e3, 0.0, 0.2, 0.8, samples=100_001)
    with pytest.raises(td.InputError, match=r"samples = 1000\d* is outside"):
        environment.orbit_average_flux(550e3, 0.0, 0.2, 0.8, samples=1e300,
                                       orientation="sun-pointing")
    with pytest.raises(td.InputError, match=r"samples_per_day = 1441 .*\[1, 1440\]"):
        orbit.eclipse_season(550e3, samples_per_day=1441)

@pytest.mark.parametrize("year", [10**19, 1e300, 9999, 2101, 1949])
def test_eclipse_season_year_range(year):
    # Found by the fuzzing: year 9999 or 1e300 reached datetime.date (ValueError /
    # OverflowError) before beta_angle's range check.
    with pytest.raises(td.InputError, match="year"):
        orbit.eclipse_season(550e3, year=year)

def test_unknown_design_case_names_the_case_parameter():
    # Found by the fuzzing: orbit_flux(case="hott") blamed a parameter called "name".
    with pytest.raises(td.InputError, match=r"case = 'hott'.*did you mean 'hot'"):
        environment.orbit_flux(550e3, 0.0, 0.2, 0.8, case="hott")
    with pytest.raises(td.InputError, match="case = None"):
        environment.orbit_average_flux(550e3, 0.0, 0.2, 0.8, case=None)

def test_equilibrium_temperature_of_a_near_black_body_with_tiny_emissivity():
    # Found by the fuzzing: n*eps*sigma underflowed to 0 for eps = 1e-300, so no load gave
    # 0/0 (NaN) and area_for_heat crashed building its error message. Closed form in logs:
    # T = exp((log q - log(n eps sigma)) / 4).
    q, eps, sigma = 100.0, 1e-300, td.constants.STEFAN_BOLTZMANN
    expected = math.exp((math.log(q) - math.log(eps) - math.log(sigma)) / 4.0)
    assert radiator.equilibrium_temperature(q, eps) == pytest.approx(expected, rel=1e-12)
    assert radiator.equilibrium_temperature(0.0, 5e-324) == 0.0
    assert radiator.equilibrium_temperature(0.0, 5e-324, sink_temperature=3.0) == 3.0
    with pytest.raises(td.InputError, match="absorbs at least what it emits"):
        radiator.area_for_heat(1e3, 300.0, 5e-324)
    # (T^4 + Ts^4)^(1/4) without overflow near the float limit: 1e100 K and 0 K sink.
    assert radiator.equilibrium_temperature(1e308, 1e-300) == pytest.approx(
        math.exp((math.log(1e308) + 300 * math.log(10) - math.log(sigma)) / 4.0), rel=1e-12
    )
