"""Tests of thermaldesign.constants: contract values and the values derived from others."""

import math

from numpy.testing import assert_allclose

from thermaldesign import constants


def test_earth_constants_reproduce_published_orbits():
    # Closed forms on the constants alone (the orbit module is tested on its own cases).
    mu, radius = constants.EARTH_MU, constants.EARTH_RADIUS
    # Geostationary radius 42,164.17 km has the period of one sidereal day, 86,164.0905 s
    # (Vallado, Fundamentals of Astrodynamics, GEO; IERS sidereal day): tests mu to 1e-6.
    assert_allclose(2 * math.pi * math.sqrt(42_164.17e3**3 / mu), 86_164.0905, rtol=1e-6)
    # O-1: Kepler period at 550 km is 5739.0 s (tests R and mu together).
    semi_major_axis = radius + 550e3
    mean_motion = math.sqrt(mu / semi_major_axis**3)
    assert_allclose(2 * math.pi / mean_motion, 5739.0, rtol=1e-4)
    # O-2: J2 nodal precession -1.5 n J2 (R/a)^2 cos i equals the Sun's mean motion at the
    # sun-synchronous inclination, 97.59 deg at 550 km (tolerance 0.02 deg).
    sun_rate = math.radians(constants.EARTH_SUN_MEAN_MOTION)
    cos_i = -sun_rate / (1.5 * mean_motion * constants.EARTH_J2 * (radius / semi_major_axis)**2)
    assert_allclose(math.degrees(math.acos(cos_i)), 97.59, atol=0.02)


def test_solar_constant_within_the_measured_total_solar_irradiance():
    # Kopp & Lean (2011), Geophys. Res. Lett. 38, L01706: TSI = 1360.8 +/- 0.5 W/m^2 at
    # solar minimum; the older 1366-1367 W/m^2 lies outside.
    assert abs(constants.SOLAR_CONSTANT - 1360.8) <= 0.5


def test_stefan_boltzmann_from_exact_si_constants():
    # sigma = 2 pi^5 k^4 / (15 h^3 c^2) with k, h, c exact in the 2019 SI.
    k, h, c = 1.380649e-23, 6.62607015e-34, 299_792_458.0
    assert_allclose(constants.STEFAN_BOLTZMANN, 2 * math.pi**5 * k**4 / (15 * h**3 * c**2),
                    rtol=1e-9)


def test_seasonal_solar_flux_follows_inverse_square():
    # 1 / r^2 at perihelion 0.98329 AU and aphelion 1.01671 AU.
    assert_allclose(constants.SOLAR_CONSTANT_PERIHELION, 1361.0 / 0.98329**2, rtol=1e-12)
    assert_allclose(constants.SOLAR_CONSTANT_APHELION, 1361.0 / 1.01671**2, rtol=1e-12)
    assert round(constants.SOLAR_CONSTANT_PERIHELION, 1) == 1407.7
    assert round(constants.SOLAR_CONSTANT_APHELION, 1) == 1316.6
    # Gilmore's design extremes are the older mean of 1367 W/m^2 at the same two distances.
    assert_allclose(constants.SOLAR_FLUX_HOT, 1367.0 / 0.98329**2, atol=0.5)
    assert_allclose(constants.SOLAR_FLUX_COLD, 1367.0 / 1.01671**2, atol=0.5)


def test_sun_mean_motion_is_one_turn_per_tropical_year():
    assert_allclose(constants.EARTH_SUN_MEAN_MOTION * constants.TROPICAL_YEAR, 360.0,
                    rtol=1e-15)
    assert_allclose(constants.EARTH_SUN_MEAN_MOTION * 86400, 0.98564734, rtol=1e-7)


def test_sun_angular_radius():
    # The Sun's apparent radius at 1 AU is 959.6 arcsec (16.0 arcmin).
    radius = math.degrees(math.asin(constants.SUN_RADIUS / constants.ASTRONOMICAL_UNIT))
    assert_allclose(radius * 3600, 959.6, atol=0.5)


def test_design_ranges_are_ordered_and_physical():
    assert 0 < constants.EARTH_ALBEDO_COLD < constants.EARTH_ALBEDO < constants.EARTH_ALBEDO_HOT < 1
    assert 0 < constants.EARTH_IR_COLD < constants.EARTH_IR < constants.EARTH_IR_HOT
    # Earth's energy balance: OLR ~ (1 - albedo) S / 4 for the nominal values, within 5 %.
    absorbed = (1 - constants.EARTH_ALBEDO) * constants.SOLAR_CONSTANT / 4
    assert_allclose(constants.EARTH_IR, absorbed, rtol=0.05)
    assert_allclose(constants.ZERO_CELSIUS, 273.15)
    assert 2.7 < constants.DEEP_SPACE_TEMPERATURE < 2.75
