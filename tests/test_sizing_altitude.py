"""Tests of thermaldesign.sizing.altitude: the outer altitude and shield search against
brute force, the drag fixed point, the old behaviour with the effects off, bad input."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

import thermaldesign as td
from thermaldesign import atmosphere, orbit
from thermaldesign.errors import InputError
from thermaldesign.sizing import altitude as alt

pytest.importorskip("aep8")
pytest.importorskip("pymsis")

SPEC = td.SatelliteSpec()
# AP8/AE8 MIN share one geomagnetic field: half the environment cost of "worst".
FAST = alt.AltitudeInputs(radiation_activity="min")


def test_effects_off_recovers_the_plain_sizing_exactly():
    point = alt.evaluate_altitude(SPEC, 700e3, 0.0, alt.AltitudeInputs(effects=()))
    plain = td.size_satellite(SPEC.replace(altitude=700e3), integer=False,
                              sensitivities=False)
    assert point.design.gpu_count == plain.gpu_count
    assert point.design.total_mass == plain.total_mass
    assert point.design.spec == plain.spec  # delta_v 300 m/s, design life, no shield
    hours = plain.gpu_count * SPEC.lifetime_years * 8766.0 * plain.duty_cycle
    assert_allclose(point.cost_per_gpu_hour, (plain.hardware_cost + plain.launch_cost) / hours,
                    rtol=1e-12)


def test_drag_fixed_point_is_converged():
    # the station keeping recomputed from the returned design's own areas and mass must be
    # the one it was sized with (to the 0.1 m/s stopping test, plus one contraction step).
    point = alt.evaluate_altitude(SPEC, 450e3, 0.005, FAST)
    design = point.design
    parts = design.mass_breakdown
    area = atmosphere.drag_area(design.total_mass - parts["solar array"] - parts["radiator"],
                                SPEC.core_density, design.solar_array_area,
                                design.radiator_area)
    ballistic = atmosphere.ballistic_coefficient(design.total_mass, area)
    keeping = atmosphere.station_keeping_delta_v(450e3, ballistic, point.life)
    assert point.station_keeping_delta_v > 100.0  # drag matters at 450 km
    assert abs(keeping - point.station_keeping_delta_v) < 0.2
    assert_allclose(design.spec.delta_v,
                    keeping + atmosphere.deorbit_delta_v(450e3, 50e3), atol=0.2)


def test_shield_search_matches_brute_force():
    best = alt.best_shield(SPEC, 900e3, FAST, shield_count=5)
    thicknesses = np.linspace(0.0, FAST.max_shield, 61)  # 0.5 mm steps
    brute = min(alt.evaluate_altitude(SPEC, 900e3, t, FAST).cost_per_gpu_hour
                for t in thicknesses)
    assert best.cost_per_gpu_hour <= brute * (1 + 1e-3)


def test_altitude_search_matches_brute_force():
    inputs = alt.AltitudeInputs(radiation_activity="min", effects=("drag", "radiation"))
    result = alt.optimize_altitude(SPEC, inputs, low=700e3, high=1000e3, count=4,
                                   shield_count=4, tolerance=25e3)
    grid = np.arange(700e3, 1000e3 + 1, 50e3)
    brute = [alt.best_shield(SPEC, h, inputs, shield_count=4) for h in grid]
    costs = [p.cost_per_gpu_hour for p in brute]
    relaxed = alt.evaluate_altitude(SPEC, result.best.altitude, result.best.shield_thickness,
                                    inputs)
    assert relaxed.cost_per_gpu_hour <= min(costs) * (1 + 1e-3)
    assert abs(result.best.altitude - grid[int(np.argmin(costs))]) <= 50e3
    assert result.best.design.gpu_count == int(result.best.design.gpu_count)  # integer


def test_binding_effects_on_each_side_of_the_reference_optimum():
    # below the optimum the eclipse (battery) costs more, above it the inner belt's dose.
    result = alt.optimize_altitude(SPEC, FAST, low=700e3, high=1000e3, count=4,
                                   shield_count=4, tolerance=25e3)
    assert result.binding_below == "eclipse and power"
    assert result.binding_above == "radiation"


def test_contributions_sum_to_the_cost():
    c = alt.contributions(SPEC, 800e3, 0.006, FAST)
    full = alt.evaluate_altitude(SPEC, 800e3, 0.006, FAST).cost_per_gpu_hour
    assert_allclose(sum(c.values()), math.log(full), rtol=1e-12)


def test_dose_limits_life_without_shield_at_high_altitude():
    point = alt.evaluate_altitude(SPEC, 1400e3, 0.0, FAST)
    assert_allclose(point.life, FAST.dose_tolerance / point.dose_rate, rtol=1e-12)
    assert point.life < SPEC.lifetime_years


def test_low_altitude_drag_makes_it_infeasible():
    # at 160 km the station keeping exceeds the spec's 5 km/s: cost +inf, reason given.
    point = alt.evaluate_altitude(SPEC, 160e3, 0.0, FAST)
    assert point.cost_per_gpu_hour == math.inf
    assert "delta_v" in point.reason


def test_dawn_dusk_eclipse_free_threshold_brute_force():
    threshold = alt.dawn_dusk_eclipse_free_altitude()
    assert orbit.eclipse_season(threshold, None, 6.0).longest_eclipse == 0.0
    assert orbit.eclipse_season(threshold - 2e3, None, 6.0).longest_eclipse > 0.0


@pytest.mark.parametrize("call, match", [
    (lambda: alt.AltitudeInputs(shield_area_per_accelerator=-1.0),
     r"shield_area_per_accelerator = -1 m\^2 is outside the valid range"),
    (lambda: alt.AltitudeInputs(radiation_activity="mean"), r"radiation_activity"),
    (lambda: alt.AltitudeInputs(effects=("debris",)), r"effects must be a tuple"),
    (lambda: alt.evaluate_altitude(SPEC, 700e3, -0.001),
     r"shield_thickness = -0.001 m is outside the valid range \[0, 0.03\] m"),
    (lambda: alt.evaluate_altitude(SPEC, 90e3), r"altitude = 90000 m is outside"),
    (lambda: alt.optimize_altitude(SPEC, low=900e3, high=800e3), r"low = 900000 m"),
])
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_inclined_shell_uses_its_inclination():
    # an inclined shell (Starlink's 53 deg) is sampled at the given inclination; it passes
    # the South Atlantic Anomaly as often but spends no time in the polar horns, so its dose
    # differs from the sun-synchronous orbit's at the same altitude and shield.
    inclined = alt.evaluate_altitude(SPEC.replace(orbit="inclined"), 550e3, 0.005, FAST)
    dawn_dusk = alt.evaluate_altitude(SPEC, 550e3, 0.005, FAST)
    assert inclined.inclination == 53.0
    assert_allclose(dawn_dusk.inclination, orbit.sun_synchronous_inclination(550e3))
    assert inclined.dose_rate != dawn_dusk.dose_rate
    assert math.isfinite(inclined.cost_per_gpu_hour)


def test_other_sso_local_times_are_an_orbit_family():
    # A 10:30 sun-synchronous orbit is eclipsed on every orbit (beta ~ 25-35 deg at
    # 700 km), a dawn-dusk one only in its season: at the same altitude the morning
    # orbit's longest eclipse is longer and its battery heavier (SMAD eq. 11-11: energy
    # proportional to the eclipse), so it carries fewer GPUs.
    dawn_dusk = alt.evaluate_altitude(SPEC, 700e3, 0.0, FAST)
    morning = alt.evaluate_altitude(SPEC.replace(ltan=10.5), 700e3, 0.0, FAST)
    season = orbit.eclipse_season(700e3, None, 10.5)
    assert season.days_with_eclipse > 360  # eclipsed all year
    assert morning.design.battery_energy / morning.design.gpu_count > \
        dawn_dusk.design.battery_energy / dawn_dusk.design.gpu_count
    assert morning.design.gpu_count < dawn_dusk.design.gpu_count
    assert morning.inclination == pytest.approx(dawn_dusk.inclination)  # both SSO
