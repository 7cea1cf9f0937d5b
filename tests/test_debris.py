"""Debris and meteoroid flux, single-wall ballistic limit and armour sizing.

Oracles: the published closed forms evaluated by hand in the test (Kessler 1991 /
SSP 30425 NASA90, Grün et al. 1985 eq. A3, Christiansen et al. 2009 thin-plate
equation), the Poisson probability of no penetration, and monotonicity.
"""

import math

import numpy as np
import pytest

from thermaldesign import debris
from thermaldesign.errors import InputError


def test_nasa90_flux_at_a_hand_computed_point():
    # d = 1 cm, h = 400 km, S = 140, i = 28.5 deg (Psi = 0.91), t = 1988 (g1 = g2 = 1):
    # Phi1 = 10^(2 - 1 - 1.5), H = sqrt(10^exp(-(0.78/0.637)^2))
    phi1 = 10 ** -0.5
    phi = phi1 / (phi1 + 1)
    h = math.sqrt(10 ** math.exp(-((0 - 0.78) / 0.637) ** 2))
    expected = phi * 0.91 * (h * 1.22e-5 + 8.1e10 * 701.0**-6)
    got = debris.debris_flux(0.01, 400e3, inclination=28.5, year=1988, solar_flux=140)
    assert got == pytest.approx(expected, rel=1e-12)


def test_nasa90_growth_and_solar_activity():
    base = debris.debris_flux(1e-3, 550e3, year=2011)
    # small debris grows 4 %/yr after 2011 (F1 term dominates at 1 mm)
    assert debris.debris_flux(1e-3, 550e3, year=2021) / base == pytest.approx(1.04**10, rel=1e-3)
    # a more active Sun (more drag) clears debris
    assert debris.debris_flux(1e-3, 550e3, solar_flux=200) < debris.debris_flux(1e-3, 550e3,
                                                                              solar_flux=70)


def test_grun_meteoroid_flux_at_a_hand_computed_point():
    # 1 mm sphere at 1 g/cm^3 = pi/6 mg; Grün (1985) eq. A3 in m^-2 s^-1, focused by
    # 1 + R/r and shielded by (1 + cos theta)/2 at 400 km
    m = math.pi / 6 * 1e-3
    grun = ((2.2e3 * m**0.306 + 15) ** -4.38 + 1.3e-9 * (m + 1e11 * m**2 + 1e27 * m**4) ** -0.36
            + 1.3e-16 * (m + 1e6 * m**2) ** -0.85)
    ratio = 6378.137 / 6778.137
    expected = grun * (1 + ratio) * 0.5 * (1 + math.sqrt(1 - ratio**2)) * 3.15576e7
    assert debris.meteoroid_flux(1e-3, 400e3) == pytest.approx(expected, rel=1e-12)


def test_penetrating_flux_is_debris_plus_meteoroids_and_falls_with_size():
    sizes = np.geomspace(1e-4, 0.1, 20)
    total = debris.penetrating_flux(550e3, sizes)
    np.testing.assert_allclose(
        total, debris.debris_flux(sizes, 550e3) + debris.meteoroid_flux(sizes, 550e3),
        rtol=1e-14)
    assert np.all(np.diff(total) < 0)


def test_thin_plate_ballistic_limit_round_trip():
    # t = 1.8 * 5.24 d^(19/18) BH^-1/4 (rho_p/rho_t)^1/2 (V cos(theta)/C)^(2/3) [cm]
    d_cm, speed, angle = 0.1, 7.0, 0.0
    t_cm = 1.8 * 5.24 * d_cm ** (19 / 18) * 95**-0.25 * (2.8 / 2.713) ** 0.5 * (speed / 5.1) ** (
        2 / 3)
    got = debris.critical_diameter(t_cm / 100, speed * 1e3, 2800.0, impact_angle=angle)
    assert got == pytest.approx(d_cm / 100, rel=1e-12)


def test_armour_gives_the_required_probability_and_grows_with_exposure():
    thickness = debris.armour_thickness(0.95, 10.0, 5.0, 550e3)
    assert debris.probability_of_no_penetration(thickness, 10.0, 5.0, 550e3) == pytest.approx(
        0.95, abs=1e-9)
    assert debris.armour_thickness(0.99, 10.0, 5.0, 550e3) > thickness
    assert debris.armour_thickness(0.95, 40.0, 5.0, 550e3) > thickness
    assert debris.armour_thickness(0.95, 10.0, 5.0, 450e3) < thickness


@pytest.mark.parametrize("probability", [0.0, 1.0, 1.5, -0.1])
def test_probability_outside_open_unit_interval_is_refused(probability):
    with pytest.raises(InputError, match="probability = .* is outside the valid range"):
        debris.armour_thickness(probability, 10.0, 5.0, 550e3)


def test_negative_armour_thickness_is_refused():
    with pytest.raises(InputError, match="thickness = -0.001 m is outside the valid range"):
        debris.probability_of_no_penetration(-1e-3, 10.0, 5.0, 550e3)
    with pytest.raises(InputError, match="thickness"):
        debris.critical_diameter(-1e-3, 1e4, 2800.0)


def test_whipple_hypervelocity_closed_form_and_its_limits():
    # d_c = 3.918 t_w^(2/3) rho_p^(-1/3) rho_b^(-1/9) (V cos)^(-2/3) S^(1/3) (40/70)^(1/3)
    # [cm]: 1 mm wall, 2 cm spacing, 2.8 g/cm^3 at 10 km/s and 45 deg
    vn = 10.0 * math.cos(math.radians(45.0))
    whipple = (3.918 * 0.1 ** (2 / 3) * 2.8 ** (-1 / 3) * 2.713 ** (-1 / 9) * vn ** (-2 / 3)
               * 2.0 ** (1 / 3) * (40 / 70) ** (1 / 3))
    # a 2 mm bumper breaks up particles to 0.2 * 2.713 / (0.25 * 2.8) = 0.775 cm: not binding
    got = debris.whipple_critical_diameter(1e-3, 2e-3, 0.02, 10e3, 2800.0)
    assert got == pytest.approx(whipple / 100, rel=1e-12)
    # a 0.1 mm bumper breaks up particles to 0.01 * 2.713 / (0.25 * 2.8) = 0.0388 cm only
    thin = debris.whipple_critical_diameter(1e-3, 1e-4, 0.02, 10e3, 2800.0)
    assert thin == pytest.approx(0.01 * 2.713 / (0.25 * 2.8) / 100, rel=1e-12)
    # a 0.05 mm bumper (0.0194 cm) does less than the 1 mm wall alone (0.0317 cm), which
    # then decides
    thinner = debris.whipple_critical_diameter(1e-3, 5e-5, 0.02, 10e3, 2800.0)
    assert thinner == pytest.approx(debris.critical_diameter(1e-3, 10e3, 2800.0), rel=1e-12)
    with pytest.raises(InputError, match=r"speed x cos\(impact_angle\) = 4949.* valid range"):
        debris.whipple_critical_diameter(1e-3, 2e-3, 0.02, 7e3, 2800.0)


def test_a_bumper_never_needs_more_armour():
    bare = debris.armour_thickness(0.95, 14.0, 5.0, 550e3)
    for bumper in (1e-4, 5e-4, 1e-3, 2e-3):
        shielded = debris.armour_thickness(
            0.95, 14.0, 5.0, 550e3, shield={"bumper_thickness": bumper, "standoff": 0.02})
        assert shielded <= bare * (1 + 1e-9)
    assert shielded < 0.5 * bare  # a 2 mm bumper 2 cm out cuts the wall by more than half
