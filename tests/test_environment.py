"""Tests of thermaldesign.environment: the contract absorbed-flux formula, Kirchhoff (case R-5),
orbit-resolved fluxes against closed forms derived here, design cases, and bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from thermaldesign import constants, environment, orbit
from thermaldesign.errors import InputError

S = constants.SOLAR_CONSTANT
R_EARTH = constants.EARTH_RADIUS


# ------------------------------------------------------------------------ absorbed_flux


def test_absorbed_flux_contract_formula():
    # DESIGN.md contract: a*S*cs + a*albedo*S*ca*F + e*OLR*F.
    a, e, cs, F, alb, ca, olr, s = 0.2, 0.85, 0.6, 0.3, 0.33, 0.8, 240.0, 1400.0
    expected = a * s * cs + a * alb * s * ca * F + e * olr * F
    result = environment.absorbed_flux(
        a, e, solar_cosine=cs, earth_view_factor=F, albedo=alb, albedo_cosine=ca,
        earth_ir=olr, solar_flux=s,
    )
    assert isinstance(result, float)
    assert_allclose(result, expected, rtol=1e-15)


def test_absorbed_flux_defaults():
    # Defaults: no Sun, no Earth -> nothing absorbed; albedo 0.30, OLR 237, S = 1361.
    assert environment.absorbed_flux(0.5, 0.5) == 0.0
    assert_allclose(environment.absorbed_flux(1.0, 0.0, solar_cosine=1.0), 1361.0)
    assert_allclose(environment.absorbed_flux(0.0, 1.0, earth_view_factor=1.0), 237.0)
    assert_allclose(environment.absorbed_flux(1.0, 0.0, earth_view_factor=1.0), 0.30 * 1361)


def test_kirchhoff_earth_ir_uses_emissivity_not_absorptivity():
    # Earth IR only: changing the solar absorptivity must not change the result; changing
    # the IR emissivity must scale it.
    ir_only = dict(earth_view_factor=0.5, albedo=0.0)
    low = environment.absorbed_flux(0.05, 0.9, **ir_only)
    high = environment.absorbed_flux(0.95, 0.9, **ir_only)
    assert low == high == pytest.approx(0.9 * 237.0 * 0.5, rel=1e-15)
    assert_allclose(environment.absorbed_flux(0.05, 0.45, **ir_only), low / 2, rtol=1e-15)
    # Sunlight only: the emissivity must not matter.
    sun_only = dict(solar_cosine=1.0)
    assert environment.absorbed_flux(0.2, 0.1, **sun_only) == \
        environment.absorbed_flux(0.2, 0.9, **sun_only)


def test_starcloud_radiator_R5():
    # R-5 (kind X): two-sided plate at 20 C, eps 0.92, alpha 0.09, one face normal to the Sun
    # (S = 1366), Earth view factor 0.25 applied once, albedo 0.3, Earth at 253.15 K,
    # sigma = 5.67e-8 (the paper's constants). Emission inline: radiator.py is another's.
    sigma, eps, alpha = 5.67e-8, 0.92, 0.09
    earth_ir = sigma * 253.15**4
    emitted = 2 * eps * sigma * (273.15 + 20.0) ** 4
    common = dict(solar_cosine=1.0, earth_view_factor=0.25, albedo=0.3, albedo_cosine=1.0,
                  earth_ir=earth_ir, solar_flux=1366.0)
    correct = emitted - environment.absorbed_flux(alpha, eps, **common)
    assert_allclose(correct, 585.0, atol=1.0)  # "about 585 W/m^2"
    # The published 633.08 W/m^2 is exactly what absorbing Earth IR with alpha gives:
    published = emitted - environment.absorbed_flux(alpha, alpha, **common)
    assert_allclose(published, 633.08, atol=0.05)
    # ... and the toolkit must not reproduce it.
    assert abs(correct - 633.08) > 40.0


def test_absorbed_flux_broadcasts():
    result = environment.absorbed_flux(
        np.array([0.1, 0.2, 0.3])[:, None], 0.9, solar_cosine=[0.0, 0.5, 1.0, 1.0],
        earth_view_factor=0.2,
    )
    assert result.shape == (3, 4)
    expected = (np.array([0.1, 0.2, 0.3])[:, None] * S * (np.array([0, 0.5, 1, 1]) + 0.3 * 0.2)
                + 0.9 * 237 * 0.2)
    assert_allclose(result, expected, rtol=1e-14)


# ----------------------------------------------------------------------- along an orbit


@pytest.mark.parametrize("altitude", [400e3, 550e3, 1200e3])
@pytest.mark.parametrize("beta", [0.0, 30.0, -55.0, 75.0, 90.0])
def test_sun_pointing_average_solar_is_S_times_sunlit_fraction(altitude, beta):
    # Closed form: a face that always faces the Sun absorbs alpha S except in eclipse, so its
    # orbit average is alpha S (1 - f). The shadow step is integrated exactly.
    flux = environment.orbit_flux(altitude, beta, 0.3, 0.8, orientation="sun-pointing")
    expected = 0.3 * S * (1 - orbit.eclipse_fraction(altitude, beta))
    assert_allclose(flux.average("solar"), expected, rtol=1e-12)


def test_sun_blocked_in_eclipse():
    flux = environment.orbit_flux(550e3, 0.0, 0.3, 0.8, orientation="sun-pointing",
                                  samples=720)
    dark = flux.sunlit == 0.0
    assert np.all(flux.solar[dark] == 0.0)
    assert np.all(flux.solar[flux.sunlit == 1.0] == pytest.approx(0.3 * S))
    # The dark samples are the middle of the orbit (noon at t = 0) and number about f N.
    assert abs(dark.sum() - orbit.eclipse_fraction(550e3, 0.0) * 720) <= 2
    middle = flux.times[dark]
    period = orbit.period(550e3)
    assert middle.min() > 0.3 * period and middle.max() < 0.7 * period


@pytest.mark.parametrize("beta", [0.0, 40.0, 80.0])
def test_nadir_face_closed_forms(beta):
    h, alpha, eps = 550e3, 0.25, 0.85
    flux = environment.orbit_flux(h, beta, alpha, eps, orientation="nadir", samples=3600)
    view = orbit.earth_view_factor(h, 0.0)
    # Earth IR is constant on a nadir face: eps OLR F(h, 0).
    assert_allclose(flux.earth_ir, eps * 237.0 * view, rtol=1e-14)
    # Albedo: alpha a S F max(0, cos(beta) cos(u)), whose orbit mean is alpha a S F cos(beta)/pi.
    cb = math.cos(math.radians(beta))
    assert_allclose(flux.average("albedo"), alpha * 0.3 * S * view * cb / math.pi, rtol=1e-5)
    # Direct Sun reaches the nadir face only on the night side before/after eclipse:
    # mean = alpha S cos(beta) (1 - sin(u_e)) / pi with u_e the eclipse half-angle.
    half = math.pi * orbit.eclipse_fraction(h, beta)
    expected = alpha * S * cb * (1 - math.sin(half)) / math.pi
    assert_allclose(flux.average("solar"), expected, rtol=1e-4)


def test_zenith_face_closed_form():
    # Zenith face: Sun from above over the day half, never eclipsed there; no Earth in view.
    beta = 25.0
    flux = environment.orbit_flux(550e3, beta, 0.4, 0.9, orientation="zenith", samples=3600)
    assert_allclose(flux.average("solar"), 0.4 * S * math.cos(math.radians(beta)) / math.pi,
                    rtol=1e-5)
    assert np.all(flux.earth_ir == 0.0) and np.all(flux.albedo == 0.0)


def test_edge_on_face_in_dawn_dusk_orbit():
    # Edge-on (plane holds the Sun line and the local vertical): no direct Sun, Earth always
    # at 90 deg tilt, so Earth IR = eps OLR F(h, 90) at every sample.
    h, beta = 550e3, 75.0
    flux = environment.orbit_flux(h, beta, 0.1, 0.9, orientation="edge-on")
    assert np.all(flux.solar == 0.0)
    assert_allclose(flux.earth_view_factor, 0.25789, rtol=1e-4)  # O-4, 90 deg
    assert_allclose(flux.earth_ir, 0.9 * 237 * orbit.earth_view_factor(h, 90.0), rtol=1e-14)
    # Albedo mean: alpha a S F90 cos(beta)/pi.
    expected = 0.1 * 0.3 * S * orbit.earth_view_factor(h, 90.0) \
        * math.cos(math.radians(beta)) / math.pi
    # 360 midpoint samples across the kink of max(0, cos u) at the terminator: the midpoint
    # rule's error (2 pi / 360)^2 / 24 = 1.3e-5 relative bounds the tolerance.
    assert_allclose(flux.average("albedo"), expected, rtol=2e-5)


def test_beta_90_sun_and_anti_sun_faces_see_earth_edge_on():
    # At beta = 90 the Sun line is the orbit normal: sun-pointing and anti-sun faces both
    # keep the Earth at 90 deg tilt, and no albedo (sub-satellite Sun elevation 0).
    for orientation in ("sun-pointing", "anti-sun"):
        flux = environment.orbit_flux(800e3, 90.0, 0.2, 0.8, orientation=orientation)
        assert_allclose(flux.earth_view_factor, orbit.earth_view_factor(800e3, 90.0),
                        rtol=1e-9)
        assert_allclose(flux.albedo, 0.0, atol=1e-9)


def test_edge_on_radial_faces():
    # Plane holding the Sun line and the velocity. At beta = 90 it is the nadir/zenith pair.
    for edge, plain in (("edge-on-nadir", "nadir"), ("edge-on-zenith", "zenith")):
        a = environment.orbit_flux(550e3, 90.0, 0.2, 0.9, orientation=edge)
        b = environment.orbit_flux(550e3, 90.0, 0.2, 0.9, orientation=plain)
        assert_allclose(a.earth_ir, b.earth_ir, rtol=1e-9, atol=1e-12)
    # At beta = 60 the nadir-side face sees the Earth at tilt acos(sqrt(1 - cos^2 b cos^2 u)),
    # no direct Sun; the two faces' Earth view factors follow O-4's closed form pointwise.
    beta = 60.0
    flux = environment.orbit_flux(550e3, beta, 0.2, 0.9, orientation="edge-on-nadir")
    u = np.radians(flux.orbit_angle)
    c = math.cos(math.radians(beta)) * np.cos(u)
    tilt = np.degrees(np.arccos(np.sqrt(1 - c**2)))
    assert_allclose(flux.earth_view_factor, orbit.earth_view_factor(550e3, tilt), rtol=1e-12)
    assert np.all(flux.solar == 0.0)
    zenith_side = environment.orbit_flux(550e3, beta, 0.2, 0.9, orientation="edge-on-zenith")
    assert_allclose(zenith_side.earth_view_factor,
                    orbit.earth_view_factor(550e3, 180.0 - tilt), rtol=1e-12, atol=1e-15)


def _albedo_surface_integral(h, beta_deg, u, normal, n=200):
    """Albedo irradiance / (a S) on a face from a Lambertian sphere, by brute force.

    A different formulation from the code's solid-angle quadrature: integrate over the
    visible spherical cap of the Earth's *surface*, dE = (cos zeta / pi) cos(face) cos(earth)
    dA / D^2, with points placed by central angle and azimuth about the sub-satellite point.
    """
    r = R_EARTH + h
    rhat = np.array([math.cos(u), math.sin(u), 0.0])
    sun = np.array([math.cos(math.radians(beta_deg)), 0.0, math.sin(math.radians(beta_deg))])
    along, out_of_plane = np.array([-math.sin(u), math.cos(u), 0.0]), np.array([0.0, 0, 1])
    cap = math.acos(R_EARTH / r)
    central = (np.arange(n) + 0.5) * cap / n
    azimuth = (np.arange(2 * n) + 0.5) * math.pi / n
    c, a = np.meshgrid(central, azimuth, indexing="ij")
    local = (np.cos(c)[..., None] * rhat + np.sin(c)[..., None]
             * (np.cos(a)[..., None] * along + np.sin(a)[..., None] * out_of_plane))
    ray = R_EARTH * local - r * rhat
    distance = np.linalg.norm(ray, axis=-1)
    direction = ray / distance[..., None]
    cos_earth = np.maximum(-(local * direction).sum(-1), 0.0)
    cos_face = np.maximum(direction @ normal, 0.0)
    cos_zenith = np.maximum(local @ sun, 0.0)
    area = R_EARTH**2 * np.sin(c) * (cap / n) * (math.pi / n)
    return float(np.sum(cos_zenith / math.pi * cos_face * cos_earth * area / distance**2))


def _normal(orientation, beta_deg, u):
    rhat = np.array([math.cos(u), math.sin(u), 0.0])
    sun = np.array([math.cos(math.radians(beta_deg)), 0.0, math.sin(math.radians(beta_deg))])
    vector = {"nadir": -rhat, "sun-pointing": sun, "edge-on": np.cross(sun, rhat),
              "edge-on-nadir": -(rhat - (rhat @ sun) * sun)}[orientation]
    return vector / np.linalg.norm(vector)


@pytest.mark.parametrize("orientation", ["nadir", "sun-pointing", "edge-on", "edge-on-nadir"])
@pytest.mark.parametrize("beta", [0.0, 60.0, 90.0])
def test_lambertian_albedo_against_surface_integral(orientation, beta):
    h = 550e3
    flux = environment.orbit_flux(h, beta, 1.0, 0.0, orientation=orientation, samples=8,
                                  albedo=1.0, solar_flux=1.0, albedo_model="lambertian")
    for k in (0, 2, 6):
        u = math.radians(flux.orbit_angle[k])
        expected = _albedo_surface_integral(h, beta, u, _normal(orientation, beta, u))
        # The code's 24 x 48 cap quadrature: < 0.1 % in the bulk, ~0.3 % where the
        # terminator crosses the cap, and up to 2e-4 absolute where both the terminator and
        # the face's horizon cut it (0.03 % of a nadir face's 0.85; 0.1 W/m^2 at a = 0.3).
        assert_allclose(flux.albedo[k], expected, rtol=5e-3, atol=3e-4)


def test_lambertian_albedo_sees_the_crescent_in_dawn_dusk_orbit():
    # At beta = 90 the sub-satellite point is always on the terminator: the sub-satellite
    # model gives no albedo, the Lambertian Earth gives the lit half of the cap (brute force).
    h = 550e3
    simple = environment.orbit_flux(h, 90.0, 1.0, 0.0, orientation="nadir")
    lambert = environment.orbit_flux(h, 90.0, 1.0, 0.0, orientation="nadir",
                                     albedo_model="lambertian")
    assert_allclose(simple.albedo, 0.0, atol=1e-9)
    expected = 0.30 * S * _albedo_surface_integral(h, 90.0, 0.3, _normal("nadir", 90.0, 0.3))
    assert_allclose(lambert.albedo, expected, rtol=5e-3)
    assert 5.0 < lambert.average("albedo") < 20.0  # W/m^2 for alpha = 1


def test_lambertian_tends_to_subsatellite_model_for_small_cap():
    # At 50 km the visible cap spans 7 deg of arc: the solar zenith angle is nearly uniform
    # over it and both models agree for a nadir face under a high Sun.
    a = environment.orbit_flux(50e3, 0.0, 1.0, 0.0, samples=16, albedo_model="lambertian")
    b = environment.orbit_flux(50e3, 0.0, 1.0, 0.0, samples=16)
    day = b.albedo > 0.5 * b.albedo.max()
    assert_allclose(a.albedo[day], b.albedo[day], rtol=1e-2)
    assert_allclose(
        environment.orbit_average_flux(550e3, 30.0, 0.2, 0.9, orientation="edge-on",
                                       albedo_model="lambertian", samples=36),
        environment.orbit_flux(550e3, 30.0, 0.2, 0.9, orientation="edge-on",
                               albedo_model="lambertian", samples=36).average(),
        rtol=1e-14,
    )


def test_orbit_flux_structure_and_shapes():
    flux = environment.orbit_flux(550e3, 30.0, 0.2, 0.9, samples=100)
    assert flux.times.shape == (100,)
    assert flux.times[0] > 0 and flux.times[-1] < orbit.period(550e3)
    assert_allclose(flux.total, flux.solar + flux.albedo + flux.earth_ir)
    assert isinstance(flux.average(), float)
    text = str(flux)
    assert "nadir face" in text and "earth_ir" in text and "W/m^2" in text
    data = flux.to_dict()
    assert data["average_total"] == pytest.approx(flux.average())
    # Broadcasting: altitude (2, 1) x beta (3,) -> (2, 3, samples).
    grid = environment.orbit_flux(np.array([[500e3], [900e3]]), [0.0, 45.0, 80.0], 0.2, 0.9,
                                  orientation="sun-pointing", samples=64)
    assert grid.total.shape == (2, 3, 64)
    averages = environment.orbit_average_flux(np.array([[500e3], [900e3]]), [0.0, 45.0, 80.0],
                                              0.2, 0.9, orientation="sun-pointing", samples=64)
    assert_allclose(averages, grid.average(), rtol=1e-14)
    single = environment.orbit_average_flux(900e3, 45.0, 0.2, 0.9, orientation="sun-pointing",
                                            samples=64)
    assert_allclose(averages[1, 1], single, rtol=1e-14)


@pytest.mark.parametrize("orientation", ["nadir", "zenith", "edge-on"])
@pytest.mark.parametrize("shadow", ["cylindrical", "penumbra"])
def test_closed_form_averages_match_sampled_orbit(orientation, shadow):
    # orbit_average_flux uses closed forms for constant-tilt faces; orbit_flux samples the
    # orbit. Two independent paths must agree (midpoint error ~ (2 pi / N)^2 / 24 at kinks).
    altitudes = np.array([350e3, 550e3, 2000e3])[:, None]
    betas = np.array([-80.0, -20.0, 0.0, 45.0, 66.0, 90.0])
    exact = environment.orbit_average_flux(altitudes, betas, 0.3, 0.85,
                                           orientation=orientation, shadow=shadow)
    sampled = environment.orbit_flux(altitudes, betas, 0.3, 0.85, orientation=orientation,
                                     shadow=shadow, samples=7200).average()
    assert exact.shape == (3, 6)
    assert_allclose(exact, sampled, rtol=1e-6, atol=1e-9)


def test_design_cases():
    hot, cold, nominal = (environment.design_case(n) for n in ("hot", "cold", "nominal"))
    assert (hot.solar_flux, cold.solar_flux, nominal.solar_flux) == (1414.0, 1322.0, 1361.0)
    assert cold.albedo < nominal.albedo < hot.albedo
    assert cold.earth_ir < nominal.earth_ir < hot.earth_ir
    for case in (hot, cold, nominal):
        assert "Gilmore" in case.source or "IAU" in case.source
        assert case.to_dict()["name"] == case.name
    # The case feeds orbit_flux; explicit keywords override it.
    hot_avg = environment.orbit_average_flux(550e3, 0.0, 0.2, 0.9, case="hot")
    cold_avg = environment.orbit_average_flux(550e3, 0.0, 0.2, 0.9, case=cold)
    assert hot_avg > cold_avg
    overridden = environment.orbit_average_flux(550e3, 0.0, 0.2, 0.9, case="hot",
                                                albedo=0.30, earth_ir=237.0, solar_flux=1361.0)
    assert_allclose(overridden, environment.orbit_average_flux(550e3, 0.0, 0.2, 0.9),
                    rtol=1e-15)


@settings(max_examples=40, deadline=None)
@given(
    h=st.floats(200e3, 10_000e3),
    beta=st.floats(-90.0, 90.0),
    alpha=st.floats(0.0, 1.0),
    eps=st.floats(0.0, 1.0),
    orientation=st.sampled_from(environment.ORIENTATIONS),
)
def test_average_flux_is_linear_in_optical_properties(h, beta, alpha, eps, orientation):
    # Kirchhoff bookkeeping: the absorbed flux is alpha x (solar-spectrum part) plus
    # eps x (IR part), each independent of the other property.
    kwargs = dict(orientation=orientation, samples=48)
    solar_part = environment.orbit_average_flux(h, beta, 1.0, 0.0, **kwargs)
    ir_part = environment.orbit_average_flux(h, beta, 0.0, 1.0, **kwargs)
    total = environment.orbit_average_flux(h, beta, alpha, eps, **kwargs)
    assert_allclose(total, alpha * solar_part + eps * ir_part, rtol=1e-12, atol=1e-12)
    # Bound: never more than full Sun plus the full nadir Earth load.
    bound = alpha * S * (1 + 0.3 * orbit.earth_view_factor(h)) \
        + eps * 237 * orbit.earth_view_factor(h)
    assert 0.0 <= total <= bound + 1e-9


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: environment.absorbed_flux(1.2, 0.9),
         r"absorptivity = 1.2 is outside the valid range \[0, 1\]"),
        (lambda: environment.absorbed_flux(0.2, float("nan")),
         r"emissivity = nan is not a finite number; valid range \[0, 1\]"),
        (lambda: environment.absorbed_flux(0.2, 0.9, solar_cosine=-0.1),
         r"solar_cosine = -0.1 is outside the valid range \[0, 1\]"),
        (lambda: environment.absorbed_flux(0.2, 0.9, earth_ir=-5.0),
         r"earth_ir = -5 W/m\^2 is outside the valid range \[0, 500\]"),
        (lambda: environment.orbit_flux(-550e3, 0.0, 0.2, 0.9),
         r"altitude = -550000 m is outside the valid range \[1000, 1e\+08\]"),
        (lambda: environment.orbit_flux(550e3, 95.0, 0.2, 0.9),
         r"beta = 95 deg is outside the valid range \[-90, 90\]"),
        (lambda: environment.orbit_average_flux(550e3, 0.0, [0.2, -0.1], 0.9),
         r"absorptivity = -0.1 is outside"),
        (lambda: environment.orbit_flux(550e3, 0.0, 0.2, 0.9, orientation="sun-facing"),
         r"orientation = 'sun-facing' is not one of .*did you mean 'sun-pointing'"),
        (lambda: environment.orbit_flux(550e3, 0.0, 0.2, 0.9, samples=4),
         r"samples = 4 is outside the valid range \[8, inf\)"),
        (lambda: environment.design_case("warm"), r"name = 'warm' is not one of"),
        (lambda: environment.orbit_flux(550e3, 0.0, 0.2, 0.9, albedo_model="specular"),
         r"albedo_model = 'specular' is not one of"),
        (lambda: environment.orbit_average_flux(550e3, 0.0, 0.2, 0.9, albedo=1.5),
         r"albedo = 1.5 is outside the valid range \[0, 1\]"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


# ------------------------------------------------------ edge-on radiator design flux


def test_edge_on_radiator_flux_matches_closed_form():
    # Closed form: a face at 90 deg from nadir sees the Earth with the vertical-plate view
    # factor F = (atan(1/sqrt(H^2-1)) - sqrt(H^2-1)/H^2)/pi, H = (R+h)/R (Gilmore 2002,
    # ch. 2, Fig. 2.9); no direct Sun edge-on; albedo falls as max(0, cos(beta) cos(u)),
    # whose orbit mean at beta = 0 is 1/pi. Hot case: S = 1414, a = 0.35, OLR = 261.
    altitude, absorptivity, emissivity = 550e3, 0.2, 0.9
    ratio = (constants.EARTH_RADIUS + altitude) / constants.EARTH_RADIUS
    root = math.sqrt(ratio**2 - 1.0)
    view = (math.atan(1.0 / root) - root / ratio**2) / math.pi
    expected = absorptivity * 0.35 * 1414.0 * view / math.pi + emissivity * 261.0 * view
    flux = environment.edge_on_radiator_flux(absorptivity, emissivity, "inclined",
                                             altitude=altitude, case="hot")
    assert flux == pytest.approx(expected, rel=1e-12)


def test_dawn_dusk_design_beta_is_the_winter_solstice_tilt():
    # A 06:00 orbit's normal leans (i - 90 deg) from the pole; at the December solstice the
    # Sun is 23.44 deg further south, so the smallest |beta| is 90 - 23.44 - (i - 90) deg
    # (Vallado 2013, section 5.3), about 59 deg at 550 km. 0.5 deg: the true Sun leads the
    # mean Sun by up to the equation of time (~4 deg of right ascension off the solstice).
    inclination = orbit.sun_synchronous_inclination(550e3)
    expected = 90.0 - 23.44 - (inclination - 90.0)
    assert environment.radiator_design_beta("dawn-dusk", 550e3) == pytest.approx(expected,
                                                                                 abs=0.5)
    assert environment.radiator_design_beta("inclined", 550e3) == 0.0
    # Less albedo at the larger beta: the dawn-dusk face absorbs less.
    assert (environment.edge_on_radiator_flux(0.2, 0.9, "dawn-dusk")
            < environment.edge_on_radiator_flux(0.2, 0.9, "inclined"))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: environment.radiator_design_beta("polar", 550e3), "orbit_kind"),
        (lambda: environment.radiator_design_beta("inclined", -1.0), "altitude"),
        (lambda: environment.edge_on_radiator_flux(1.5, 0.9), "absorptivity"),
        (lambda: environment.edge_on_radiator_flux(0.2, 0.0), "emissivity"),
    ],
)
def test_edge_on_radiator_flux_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_radiator_hot_day_is_the_sizings():
    # Oracle: the sizing's own hot-day beta (the environment of a dawn-dusk spec), so a
    # plot of radiator flux and the sized radiator see the same day, to the bit.
    from thermaldesign.sizing import SatelliteSpec
    from thermaldesign.sizing.evaluate import environment_of

    for altitude in (400e3, 550e3, 1000e3):
        spec = SatelliteSpec(orbit="dawn-dusk", altitude=altitude)
        assert environment.radiator_design_beta("dawn-dusk", altitude) == environment_of(
            spec).radiator_beta
