"""Tests of thermaldesign.constants: contract values and the values derived from others."""

import math

from numpy.testing import assert_allclose

from thermaldesign import constants


def test_contract_values():
    # Fixed by the public API contract (DESIGN.md) and the reference cases' defaults.
    assert constants.STEFAN_BOLTZMANN == 5.670374419e-8
    assert constants.SOLAR_CONSTANT == 1361.0
    assert constants.EARTH_RADIUS == 6_378_137.0
    assert constants.EARTH_MU == 3.986004418e14
    assert constants.EARTH_J2 == 1.08262668e-3


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
