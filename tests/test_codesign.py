"""Chip-thermal co-design: the sized optimum against brute force over (T_j, x, e, N),
sensitivities of the new inputs against finite differences, bad input.

Oracles: a brute-force grid over the junction temperature, the clock fraction, the
eclipse power fraction and the GPU count (each grid point a fixed-count GP with those
three pinned, so only areas, temperatures, battery, spares and masses are solved),
scored by the plain physics (:func:`~thermaldesign.sizing.solve.physical_objective`);
central finite differences of re-solved designs.
"""

import math

import numpy as np
import pytest

from thermaldesign.errors import InputError, SolverError
from thermaldesign.sizing import SatelliteSpec, model, reference_spec, size_satellite
from thermaldesign.sizing.evaluate import JUNCTION_FIT_RANGE, environment_of
from thermaldesign.sizing.solve import physical_objective, solve_fixed

REFERENCE = reference_spec()
SPECS = {
    "reference": (REFERENCE, "max_compute"),
    "B200, inclined 30 deg, radiator area limit": (
        SatelliteSpec(accelerator="b200", orbit="inclined", design_beta=30.0,
                      mass_limit=2000.0, max_radiator_area=40.0),
        "min_cost_per_compute",
    ),
    "servers of 4, 1.5 t, light radiator": (
        SatelliteSpec(gpu_granularity=4, mass_limit=1500.0, radiator="lightweight_future"),
        "min_mass_per_compute",
    ),
}


def _grid_value(spec, env, objective, values, junction, clock, count):
    """Physics score of the fixed-count GP with T_j and x pinned; None if infeasible."""
    ratio = junction / model.JUNCTION_SCALE
    pinned = dict(values, **{"junction.upper": 1.0 / ratio, "junction.lower": ratio,
                             "clock.upper": 1.0 / clock, "clock.lower": clock,
                             "clock.pinned": 1.0})
    try:
        solution = solve_fixed(spec, env, pinned, objective, count)
    except SolverError:  # stalls only on barely infeasible pins (as in integer_optimum)
        return None
    if not solution.feasible:
        return None
    return physical_objective(spec, env, solution, objective)


def _better(objective, a, b):
    return a > b if objective == "max_compute" else a < b


def _brute_force(spec, objective, junctions, clocks, fractions, counts):
    env = environment_of(spec)
    best = None
    for fraction in fractions:
        values = dict(model.coefficient_values(spec, env, eclipse_fraction=fraction),
                      eclipse_fraction=fraction)
        for junction in junctions:
            for clock in clocks:
                for count in counts:
                    value = _grid_value(spec, env, objective, values, junction, clock, count)
                    if value is not None and (best is None or _better(objective, value,
                                                                      best[0])):
                        best = (value, junction, clock, fraction, count)
    return best


@pytest.mark.parametrize("name", list(SPECS))
def test_optimum_is_not_beaten_by_a_brute_force_grid(name):
    spec, objective = SPECS[name]
    design = size_satellite(spec, objective, sensitivities=False)
    gpu = spec.entry("accelerator")
    k = spec.gpu_granularity
    counts = [n for n in range(design.gpu_count - 2 * k, design.gpu_count + 3 * k, k) if n > 0]
    top = min(spec.value("junction_limit"), JUNCTION_FIT_RANGE[1])
    coarse = _brute_force(spec, objective, np.linspace(JUNCTION_FIT_RANGE[0], top, 6),
                          np.linspace(gpu.clock_min_fraction, 1.0, 6),
                          (0.0, 0.5, 1.0), counts)
    value = design.objective_value
    sign = 1.0 if objective == "max_compute" else -1.0
    # no grid point beats the optimum (solver tolerance)
    assert sign * (coarse[0] - value) <= 1e-6 * abs(value)
    # a fine grid around the optimum comes within 1e-4: the optimum is a real optimum
    # of the physics, not of a model the grid does not share
    step_t, step_x = 0.25, 0.0025
    junctions = design.junction_temperature + step_t * np.arange(-2, 3)
    clocks = design.clock_fraction + step_x * np.arange(-2, 3)
    # an optimum at a bound sits there to solver tolerance: clip onto the range
    junctions = np.unique(np.clip(junctions, JUNCTION_FIT_RANGE[0], top))
    clocks = np.unique(np.clip(clocks, gpu.clock_min_fraction, 1.0))
    fine = _brute_force(spec, objective, junctions, clocks, (design.eclipse_power_fraction,),
                        [design.gpu_count])
    assert sign * (fine[0] - value) <= 1e-6 * abs(value)
    assert abs(fine[0] - value) <= 1e-4 * abs(value)


def test_reference_optimum_is_interior_in_junction_temperature_and_clock():
    design = size_satellite(REFERENCE, sensitivities=False)
    gpu = REFERENCE.entry("accelerator")
    low, high = JUNCTION_FIT_RANGE[0], REFERENCE.value("junction_limit")
    assert low + 1.0 < design.junction_temperature < high - 1.0
    assert gpu.clock_min_fraction + 0.01 < design.clock_fraction < 0.99
    # binding trades: the thermal chain and the spares, not the bounds
    assert design.margins["junction limit"] > 0.01


NEW_INPUTS = ["leakage_fraction", "hard_failure_rate", "activation_energy",
              "clock_static_fraction", "clock_power_exponent", "clock_throughput_exponent",
              "leakage_activation", "failure_temperature", "junction_limit"]


def test_sensitivities_of_the_chip_inputs_match_finite_differences():
    design = size_satellite(REFERENCE, integer=False)
    gpu = REFERENCE.entry("accelerator")
    h = 1e-3

    def log_objective(name, value):
        spec = REFERENCE.replace(accelerator=gpu.replace(**{name: value}))
        return math.log(size_satellite(spec, integer=False, sensitivities=False)
                        .objective_value)

    for name in NEW_INPUTS:
        value = getattr(gpu, name)
        fd = (log_objective(name, value * (1 + h)) - log_objective(name, value * (1 - h))) / (
            math.log1p(h) - math.log1p(-h))
        # central difference error O(h^2) ~ 1e-6 on O(1) curvature, plus solver tolerance
        assert design.sensitivities[f"accelerator.{name}"] == pytest.approx(fd, abs=2e-4)


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"clock_fraction": 0.5}, r"clock_fraction = 0.5 is outside the fitted range \[0.606, 1\]"),
        ({"clock_fraction": 1.2}, r"clock_fraction = 1.2 is outside the valid range"),
        ({"eclipse_power_fraction": 1.5}, r"eclipse_power_fraction = 1.5 is outside the valid"),
        ({"eclipse_power_fraction": -0.1}, r"eclipse_power_fraction = -0.1 is outside"),
        ({"junction_limit": 270.0}, r"junction_limit = 270 K is at or below the coolant's "
                                    r"freezing point \(273.15 K\); valid range"),
        ({"junction_temperature": 300.0}, r"junction_temperature = 300 K is outside the valid "
                                          r"range \[323.15, 360.15\] K"),
        ({"eclipse_mode": "battery", "eclipse_power_fraction": 0.5},
         "contradicts eclipse_mode = 'battery'"),
    ],
)
def test_bad_chip_inputs_name_field_and_range(changes, match):
    with pytest.raises(InputError, match=match):
        REFERENCE.replace(**changes)


def test_bad_activation_energy_names_field_and_range():
    gpu = REFERENCE.entry("accelerator")
    for value in (0.0, -0.7):
        with pytest.raises(InputError, match=r"activation_energy = .* is outside the valid "
                                             r"range \(0, 5\]"):
            gpu.replace(activation_energy=value)


def test_season_coupling_dawn_dusk_0600_sizes_the_eclipse_case_near_perihelion():
    # research note s. 6: LTAN 06:00 -> longest eclipse at the December solstice, flux
    # near perihelion (S / 0.9833^2 = 1407.7 W/m^2 for S = 1361); LTAN 18:00 -> June,
    # near aphelion (1316.6 W/m^2). Inverse square of the Astronomical Almanac distance.
    from thermaldesign import orbit

    early = environment_of(REFERENCE)
    late = environment_of(REFERENCE.replace(ltan=18.0))
    assert early.season_solar_flux == pytest.approx(1361.0 / 0.98337**2, rel=2e-3)
    assert late.season_solar_flux == pytest.approx(1361.0 / 1.01626**2, rel=2e-3)
    assert early.aphelion_solar_flux == pytest.approx(1361.0 / 1.01671**2, rel=5e-4)
    assert orbit.sun_distance(4.0) == pytest.approx(0.98329, abs=3e-4)  # perihelion ~3 Jan
    # the design closes both cases: the eclipse season and a day without eclipse at the
    # year's lowest flux (here the binding one: the eclipse season has more sunlight)
    design = size_satellite(REFERENCE.replace(eclipse_mode="battery"), sensitivities=False)
    assert min(design.margins["power balance"],
               design.margins["power balance (aphelion)"]) == pytest.approx(0.0, abs=1e-6)
