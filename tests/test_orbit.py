"""Tests of thermaldesign.orbit against the O cases of published_cases.md, closed forms derived
here, and brute-force integration."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from thermaldesign import constants, orbit
from thermaldesign.errors import InputError

R = constants.EARTH_RADIUS
MU = constants.EARTH_MU


# --------------------------------------------------------------------------------- O-1


def test_period_O1():
    # O-1: Kepler, h = 550 km -> 5739.0 s (95.65 min), tolerance 1e-4 relative.
    assert_allclose(orbit.period(550e3), 5739.0, rtol=1e-4)
    assert_allclose(orbit.period(550e3) / 60.0, 95.65, rtol=1e-4)


def test_period_scalar_and_array():
    assert isinstance(orbit.period(550e3), float)
    altitudes = np.array([[400e3, 550e3], [1000e3, 35_786e3]])
    expected = 2 * np.pi * np.sqrt((R + altitudes) ** 3 / MU)  # Kepler's third law
    result = orbit.period(altitudes)
    assert result.shape == (2, 2)
    assert_allclose(result, expected, rtol=1e-14)
    # Geostationary altitude gives one sidereal day (86164.1 s), a textbook check.
    assert_allclose(result[1, 1], 86164.1, rtol=2e-5)


# --------------------------------------------------------------------------------- O-2


@pytest.mark.parametrize(
    "altitude_km, expected", [(500, 97.40), (550, 97.59), (650, 97.99), (1000, 99.48)]
)
def test_sun_synchronous_inclination_O2(altitude_km, expected):
    # O-2: J2 nodal precession equal to 360 deg / 365.2422 d; tolerance 0.02 deg.
    assert abs(orbit.sun_synchronous_inclination(altitude_km * 1e3) - expected) <= 0.02


def test_sun_synchronous_precession_closes():
    # At the returned inclination the J2 nodal rate must equal the Sun's mean motion.
    altitudes = np.array([300e3, 800e3, 3000e3])
    inclination = orbit.sun_synchronous_inclination(altitudes)
    rate = orbit.nodal_precession_rate(altitudes, inclination)
    assert_allclose(rate, 360.0 / (365.2422 * 86400.0), rtol=1e-12)


def test_nodal_precession_iss():
    # Closed form derived here: -1.5 n J2 (R/a)^2 cos i for a 400 km, 51.6 deg orbit,
    # about -5.0 deg/day (the ISS's well-known regression).
    a = R + 400e3
    n = math.sqrt(MU / a**3)
    expected = math.degrees(-1.5 * n * constants.EARTH_J2 * (R / a) ** 2
                            * math.cos(math.radians(51.6)))
    assert_allclose(orbit.nodal_precession_rate(400e3, 51.6), expected, rtol=1e-12)
    assert -5.1 < expected * 86400 < -4.9


def test_sun_synchronous_limit():
    limit = orbit.sun_synchronous_max_altitude()
    assert 5.9e6 < limit < 6.05e6
    assert_allclose(orbit.sun_synchronous_inclination(limit), 180.0, atol=1e-4)
    with pytest.raises(InputError, match=r"altitude = 6e\+06 m .*sun-synchronous"):
        orbit.sun_synchronous_inclination(6000e3)


# --------------------------------------------------------------------------------- O-3


def _eclipse_closed_form(h, beta_deg):
    # O-3 formula: f = acos(sqrt(h^2 + 2Rh) / ((R + h) cos beta)) / pi, 0 above critical beta.
    x = math.sqrt(h**2 + 2 * R * h) / ((R + h) * math.cos(math.radians(beta_deg)))
    return math.acos(x) / math.pi if x < 1 else 0.0


@pytest.mark.parametrize("beta, expected", [(0.0, 0.3723), (60.0, 0.2147), (70.0, 0.0)])
def test_eclipse_fraction_O3(beta, expected):
    # O-3: cylindrical shadow, h = 550 km; published to 4 digits, tolerance 1e-4.
    result = orbit.eclipse_fraction(550e3, beta)
    assert abs(result - expected) <= 1e-4
    assert_allclose(result, _eclipse_closed_form(550e3, beta), rtol=1e-12, atol=1e-15)
    assert orbit.eclipse_fraction(550e3, -beta) == result  # symmetric in beta


def test_critical_beta_O3():
    # O-3: critical beta at 550 km = 67.02 deg = asin(R / (R + h)).
    assert abs(orbit.critical_beta(550e3) - 67.02) <= 0.005
    assert orbit.eclipse_fraction(550e3, orbit.critical_beta(550e3)) == 0.0
    assert orbit.eclipse_fraction(550e3, orbit.critical_beta(550e3) - 0.01) > 0.0


def test_eclipse_fraction_array_broadcast():
    altitudes = np.array([400e3, 550e3, 2000e3])[:, None]
    betas = np.array([-80.0, -30.0, 0.0, 45.0, 90.0])
    result = orbit.eclipse_fraction(altitudes, betas)
    assert result.shape == (3, 5)
    for i, h in enumerate(altitudes[:, 0]):
        for j, b in enumerate(betas):
            assert_allclose(result[i, j], _eclipse_closed_form(h, b), atol=1e-12)


def test_eclipse_duration():
    # t_e = f P; 550 km, beta 0: 0.37231 x 5739.0 s = 2136.7 s = 35.61 min (the P-4 case).
    assert_allclose(orbit.eclipse_duration(550e3), 0.3723108 * 5738.993, rtol=1e-6)
    assert_allclose(orbit.eclipse_duration(550e3) / 60, 35.61, atol=0.01)


def test_penumbra_brackets_cylinder():
    # Closed form with the Sun's apparent radius s = asin(R_sun / AU): the Sun is entirely
    # hidden while psi < rho - s, partly while psi < rho + s, cos(psi) = cos(beta) cos(u).
    h, beta = 550e3, 30.0
    rho = math.asin(R / (R + h))
    s = math.asin(constants.SUN_RADIUS / constants.ASTRONOMICAL_UNIT)
    cb = math.cos(math.radians(beta))
    umbra = math.acos(math.cos(rho - s) / cb) / math.pi
    penumbra = math.acos(math.cos(rho + s) / cb) / math.pi
    assert_allclose(orbit.eclipse_fraction(h, beta, shadow="umbra"), umbra, rtol=1e-12)
    assert_allclose(orbit.eclipse_fraction(h, beta, shadow="penumbra"), penumbra, rtol=1e-12)
    cylinder = orbit.eclipse_fraction(h, beta)
    assert umbra < cylinder < penumbra
    # At beta = 0 the orbit angle from midnight is psi itself, so each penumbra crossing
    # takes the Sun's diameter 2s swept at 2 pi / P: 2 s P / (2 pi), 8.5 s at 550 km.
    width = (orbit.eclipse_duration(h, 0.0, shadow="penumbra")
             - orbit.eclipse_duration(h, 0.0, shadow="umbra")) / 2
    assert_allclose(width, 2 * s * orbit.period(h) / (2 * math.pi), rtol=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    h=st.floats(200e3, 40_000e3),
    b1=st.floats(0.0, 89.0),
    b2=st.floats(0.0, 89.0),
)
def test_eclipse_fraction_decreases_with_beta(h, b1, b2):
    low, high = sorted((b1, b2))
    f_low, f_high = orbit.eclipse_fraction(h, low), orbit.eclipse_fraction(h, high)
    assert 0.0 <= f_high <= f_low < 0.5


# --------------------------------------------------------------------------------- O-4


@pytest.mark.parametrize(
    "tilt, expected", [(0, 0.84753), (45, 0.62371), (90, 0.25789), (135, 0.02442)]
)
def test_earth_view_factor_O4(tilt, expected):
    # O-4: Thornton / Howell closed form, h = 550 km; tolerance 1e-4 relative.
    assert_allclose(orbit.earth_view_factor(550e3, tilt), expected, rtol=1e-4)


def _view_factor_brute_force(h, tilt_deg, n_polar=400, n_azimuth=800):
    """F = (1/pi) * integral over the Earth's disc of max(0, cos theta) d(solid angle).

    Directions within the cone of half-angle rho about nadir, parametrised by the angle
    gamma from nadir and the azimuth psi; midpoint rule in both.
    """
    rho = math.asin(R / (R + h))
    tilt = math.radians(tilt_deg)
    gamma = (np.arange(n_polar) + 0.5) * rho / n_polar
    psi = (np.arange(n_azimuth) + 0.5) * 2 * np.pi / n_azimuth
    g, p = np.meshgrid(gamma, psi, indexing="ij")
    cos_theta = math.sin(tilt) * np.sin(g) * np.cos(p) + math.cos(tilt) * np.cos(g)
    weight = np.sin(g) * (rho / n_polar) * (2 * np.pi / n_azimuth)
    return float(np.sum(np.maximum(cos_theta, 0.0) * weight) / np.pi)


@pytest.mark.parametrize("tilt", [0, 45, 90, 135])
def test_earth_view_factor_O4_brute_force(tilt):
    # O-4 also says: checked by numerical integration of cos(theta)/pi over the Earth disc.
    assert_allclose(
        orbit.earth_view_factor(550e3, tilt), _view_factor_brute_force(550e3, tilt),
        atol=2e-5,
    )


@settings(max_examples=40, deadline=None)
@given(h=st.floats(150e3, 50_000e3), tilt=st.floats(0.0, 180.0))
def test_earth_view_factor_brute_force_property(h, tilt):
    # Brute force over the whole range: fully visible, partly visible and hidden regimes.
    expected = _view_factor_brute_force(h, tilt, n_polar=200, n_azimuth=600)
    assert_allclose(orbit.earth_view_factor(h, tilt), expected, atol=1e-4)


def test_earth_view_factor_regimes_join():
    h = 550e3
    rho = orbit.earth_angular_radius(h)
    edge = 90.0 - rho
    below, above = orbit.earth_view_factor(h, [edge - 1e-7, edge + 1e-7])
    assert_allclose(below, above, atol=1e-8)  # branches meet continuously
    assert orbit.earth_view_factor(h, 90.0 + rho + 1e-6) == 0.0
    assert orbit.earth_view_factor(h, 180.0) == 0.0
    # Nadir face: cos(0)/H^2 = (R/(R+h))^2 exactly.
    assert_allclose(orbit.earth_view_factor(h), (R / (R + h)) ** 2, rtol=1e-14)


def test_sphere_view_factor_is_mean_of_plate_view_factor():
    # A small sphere's view factor is the plate view factor averaged over all normal
    # directions: F_sphere = 1/2 * integral_0^pi F_plate(tilt) sin(tilt) d(tilt).
    for h in (400e3, 550e3, 5000e3):
        tilts = (np.arange(20000) + 0.5) * 180.0 / 20000
        mean = 0.5 * np.sum(orbit.earth_view_factor(h, tilts) * np.sin(np.radians(tilts))) \
            * math.pi / 20000
        assert_allclose(orbit.sphere_earth_view_factor(h), mean, rtol=1e-6)
        # and the closed form (1 - cos rho) / 2:
        rho = math.asin(R / (R + h))
        assert_allclose(orbit.sphere_earth_view_factor(h), (1 - math.cos(rho)) / 2, rtol=1e-12)


def test_view_factor_shapes():
    result = orbit.earth_view_factor(np.array([400e3, 550e3])[:, None], [0.0, 90.0, 180.0])
    assert result.shape == (2, 3)
    assert isinstance(orbit.earth_view_factor(550e3, 30.0), float)


# --------------------------------------------------------------------------- beta angle


def test_beta_equatorial_orbit_equals_sun_declination():
    # i = 0: the orbit normal is the celestial pole, so beta = the Sun's declination,
    # +23.44 deg at the June solstice and -23.44 deg at the December solstice (obliquity).
    june, december = orbit.beta_angle([172.0, 356.0], 0.0)
    assert abs(june - 23.44) < 0.05
    assert abs(december + 23.44) < 0.05


def test_beta_dawn_dusk_polar_at_equinox():
    # Polar orbit (i = 90) with the node at 06:00: at the March equinox the Sun lies along the
    # anti-normal, beta = -90 deg to within the equation of time (a few degrees).
    beta = orbit.beta_angle(80.0, 90.0, ltan=6.0)
    assert beta < -85.0
    assert orbit.beta_angle(80.0, 90.0, ltan=18.0) > 85.0
    # Noon-midnight orbit: Sun in the orbit plane, beta near 0.
    assert abs(orbit.beta_angle(80.0, 90.0, ltan=12.0)) < 4.0


def test_beta_j2_regression_matches_fixed_ltan_for_sso():
    days = np.linspace(1.0, 365.0, 50)
    inclination = orbit.sun_synchronous_inclination(550e3)
    fixed = orbit.beta_angle(days, inclination, 6.0)
    regressing = orbit.beta_angle(days, inclination, 6.0, altitude=550e3)
    assert_allclose(regressing, fixed, atol=0.01)


def test_beta_array_shapes_and_range():
    beta = orbit.beta_angle(np.arange(1, 366)[:, None], [0.0, 51.6, 97.6, 180.0], 10.5)
    assert beta.shape == (365, 4)
    assert np.all(np.abs(beta) <= 90.0)
    assert isinstance(orbit.beta_angle(100.0, 51.6), float)


# --------------------------------------------------------------------------------- O-5


@pytest.mark.parametrize("ltan, solstice_day", [(6.0, 355.0), (18.0, 172.0)])
def test_dawn_dusk_sso_has_eclipse_season_O5(ltan, solstice_day):
    # O-5: dawn-dusk SSO at 550 km: min |beta| about 59 deg < critical 67 deg, so an eclipse
    # season of roughly 3 months with eclipses up to about 22 min exists near one solstice.
    # Which solstice follows from the plane's tilt: i - 90 = 7.6 deg, and the orbit normal of
    # the 06:00 orbit leans south, so the December Sun comes closest to the plane
    # (|beta| = 90 - 23.44 - 7.6 = 59 deg by the closed form here); 18:00 mirrors it to June.
    season = orbit.eclipse_season(550e3, ltan=ltan)
    closed_form_min_beta = 90.0 - constants.OBLIQUITY - (season.inclination - 90.0)
    assert abs(np.min(np.abs(season.beta)) - closed_form_min_beta) < 0.3
    assert season.has_eclipses
    assert 70.0 < season.days_with_eclipse < 120.0
    longest_closed_form = _eclipse_closed_form(550e3, closed_form_min_beta) * 5738.99
    assert_allclose(season.longest_eclipse, longest_closed_form, rtol=0.02)
    assert 19.0 * 60 < season.longest_eclipse < 24.0 * 60
    # The longest eclipse falls within 10 days of the predicted solstice.
    distance = abs((season.day_of_longest_eclipse - solstice_day + 182) % 365 - 182)
    assert distance < 10
    assert season.max_eclipse_fraction == pytest.approx(longest_closed_form / 5738.99,
                                                        rel=0.02)
    assert 0 < season.mean_eclipse_fraction < season.max_eclipse_fraction


def test_eclipse_season_free_and_always():
    # 1500 km dawn-dusk SSO (i = 101.96 deg): min |beta| = 90 - 23.44 - 11.96 = 54.6 deg
    # exceeds the critical beta asin(R / (R + h)) = 54.06 deg: no eclipse all year.
    free = orbit.eclipse_season(1500e3, ltan=6.0)
    assert not free.has_eclipses
    assert free.longest_eclipse == 0.0 and free.day_of_longest_eclipse is None
    # Equatorial orbit: |beta| <= 23.44 deg always, so an eclipse on every orbit all year.
    equatorial = orbit.eclipse_season(550e3, inclination=0.0, ltan=0.0)
    assert equatorial.days_with_eclipse == 365.0
    assert_allclose(equatorial.max_eclipse_fraction,
                    _eclipse_closed_form(550e3, 0.0), atol=2e-4)


def test_eclipse_season_report():
    season = orbit.eclipse_season(550e3, samples_per_day=1)
    assert season.day_of_year.shape == season.beta.shape == (365,)
    text = str(season)
    assert "days_with_eclipse" in text and "longest_eclipse" in text
    data = season.to_dict()
    assert data["days_with_eclipse"] == season.days_with_eclipse
    assert len(data["beta"]) == 365


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: orbit.period(-1.0),
         r"altitude = -1 m is outside the valid range \[1000, 1e\+08\]"),
        (lambda: orbit.period(float("nan")), r"altitude = nan is not a finite number"),
        (lambda: orbit.period([550e3, 2e8]), r"altitude = 2e\+08 m .*\[1000, 1e\+08\]"),
        (lambda: orbit.eclipse_fraction(550e3, 91.0),
         r"beta = 91 deg is outside the valid range \[-90, 90\]"),
        (lambda: orbit.eclipse_fraction(550e3, [0.0, -90.5]), r"beta = -90.5 deg"),
        (lambda: orbit.eclipse_fraction(550e3, 0.0, shadow="conical"),
         r"shadow = 'conical' is not one of"),
        (lambda: orbit.earth_view_factor(550e3, 181.0),
         r"tilt = 181 deg is outside the valid range \[0, 180\]"),
        (lambda: orbit.critical_beta("high"), r"altitude must be a number"),
        (lambda: orbit.beta_angle(0.0, 97.6), r"day_of_year = 0 d .*\[1, 367\)"),
        (lambda: orbit.beta_angle(10.0, -1.0), r"inclination = -1 deg .*\[0, 180\]"),
        (lambda: orbit.beta_angle(10.0, 97.6, 25.0), r"ltan = 25 h .*\[0, 24\]"),
        (lambda: orbit.eclipse_season(550e3, samples_per_day=0),
         r"samples_per_day = 0 is outside the valid range \[1, inf\)"),
        (lambda: orbit.eclipse_season([550e3, 600e3]), r"altitude must be a single number"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_bad_input_is_value_error():
    with pytest.raises(ValueError):
        orbit.sphere_earth_view_factor(0.0)


# ------------------------------------------------------------------- unit slips


# Oracle: the unit-slip rule of MIN_ALTITUDE (orbit module): below 1 km nothing orbits, so
# the value is read as km given for m, and the message names the value in m it likely meant.
@pytest.mark.parametrize(
    "call",
    [
        lambda: orbit.period(550),
        lambda: orbit.eclipse_fraction(550.0, 10.0),
        lambda: orbit.sun_synchronous_inclination(np.array([600e3, 550.0])),
        lambda: orbit.beta_angle(10.0, 97.6, altitude=550.0),
        lambda: orbit.eclipse_season(550.0),
    ],
)
def test_altitude_given_in_km_is_named_as_a_unit_slip(call):
    with pytest.raises(InputError, match=r"^altitude = 550 m: below 1 km, not an orbit; "
                                         r"did you mean 550 km = 550e3 m\?"):
        call()


def test_unit_slip_edges():
    # 1 km is the lowest altitude accepted; below 1 m the km reading is no orbit either,
    # so no value is suggested; zero and negatives keep the plain range error.
    assert orbit.period(1e3) == pytest.approx(2 * np.pi * np.sqrt((R + 1e3) ** 3 / MU))
    with pytest.raises(InputError, match=r"999.9 m: below 1 km.*did you mean 999.9 km"):
        orbit.period(999.9)
    with pytest.raises(InputError, match=r"0.5 m: below 1 km, not an orbit \(altitudes are"):
        orbit.period(0.5)
    with pytest.raises(InputError, match=r"altitude = 0 m is outside the valid range"):
        orbit.period(0.0)
