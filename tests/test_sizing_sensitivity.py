"""Sensitivities (from the GP duals) against finite differences; monotonicity properties."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thermaldesign.sizing import SatelliteSpec, size_satellite

# Running through eclipse: idling (the free policy's choice here) puts the min-cost optimum
# where the eclipse-season and aphelion array cases cross, a kink where the objective has
# one-sided derivatives only (the duals give one of them, a central difference their mean).
BASE = SatelliteSpec(mass_limit=1500.0, eclipse_mode="battery")


def _relaxed_objective(spec, objective):
    return size_satellite(spec, objective, integer=False, sensitivities=False).objective_value


def _perturbed(spec, name, value):
    if "." in name:
        technology, field = name.split(".")
        entry = spec.entry(technology)
        return spec.replace(**{technology: entry.replace(**{field: value})})
    return spec.replace(**{name: value})


def _value(spec, name):
    if "." in name:
        technology, field = name.split(".")
        return getattr(spec.entry(technology), field)
    return getattr(spec, name)


@pytest.mark.parametrize("objective", ["max_compute", "min_mass_per_compute",
                                       "min_cost_per_compute"])
@pytest.mark.parametrize(
    "name",
    [
        "mass_limit",
        "coating.emissivity_eol",
        "accelerator.power",
        "solar_array.cell_efficiency",
        "radiator.areal_density",
        "altitude",
        "lifetime_years",
        "cold_plate_resistance",
        "launch_price_per_kg",
    ],
)
def test_sensitivity_matches_central_difference(objective, name):
    design = size_satellite(BASE, objective, integer=False)
    value = _value(BASE, name)
    step = 1e-3
    up = _relaxed_objective(_perturbed(BASE, name, value * (1 + step)), objective)
    down = _relaxed_objective(_perturbed(BASE, name, value * (1 - step)), objective)
    finite_difference = (math.log(up) - math.log(down)) / (math.log1p(step) - math.log1p(-step))
    # central difference error O(step^2) plus solver tolerance ~1e-8 / 2e-3
    assert design.sensitivities[name] == pytest.approx(finite_difference, abs=2e-3, rel=2e-3)


def test_exact_sensitivities_from_the_model_structure():
    design = size_satellite(BASE, "max_compute", integer=False)
    # compute = N * flops and N does not depend on flops: d log compute / d log flops = 1
    assert design.sensitivities["accelerator.flops"] == pytest.approx(1.0, abs=1e-9)
    # cell efficiency and packing factor enter only as their product
    assert design.sensitivities["solar_array.cell_efficiency"] == pytest.approx(
        design.sensitivities["solar_array.packing_factor"], abs=2e-3
    )


def test_binding_constraints_of_max_compute():
    design = size_satellite(BASE)
    for name in ("mass limit", "power balance", "radiator balance", "thermal chain"):
        assert name in design.binding_constraints
    assert "radiator material" not in design.binding_constraints


@settings(max_examples=8, deadline=None)
@given(
    low=st.floats(min_value=700.0, max_value=3000.0),
    extra=st.floats(min_value=0.0, max_value=1500.0),
)
def test_more_mass_allowed_never_means_fewer_gpus(low, extra):
    small = size_satellite(BASE.replace(mass_limit=low), sensitivities=False)
    large = size_satellite(BASE.replace(mass_limit=low + extra), sensitivities=False)
    # delivered compute, not the count: a free clock may trade GPUs for clock speed
    assert large.objective_value >= small.objective_value * (1 - 1e-7)


@settings(max_examples=8, deadline=None)
@given(
    emissivity=st.floats(min_value=0.5, max_value=0.9),
    better=st.floats(min_value=0.0, max_value=0.1),
    # at most 10 GPUs fit BASE's 1,500 kg with the armoured radiator at emissivity 0.5
    count=st.integers(min_value=1, max_value=9),
)
def test_better_emissivity_never_means_more_radiator_area(emissivity, better, count):
    # at a pinned chip operating point (a free clock may spend the better emissivity on a
    # faster clock, which needs more area)
    spec = BASE.replace(clock_fraction=1.0, junction_temperature=360.15)
    coating = spec.entry("coating")
    worse_coating = coating.replace(emissivity_bol=emissivity, emissivity_eol=emissivity)
    better_coating = coating.replace(
        emissivity_bol=emissivity + better, emissivity_eol=emissivity + better
    )
    worse = size_satellite(spec.replace(coating=worse_coating), gpu_count=count,
                           sensitivities=False)
    improved = size_satellite(spec.replace(coating=better_coating), gpu_count=count,
                              sensitivities=False)
    # (1e-5: the solver tolerance in the flat direction of the radiator temperature; a
    # re-solve of the same spec moves the area by ~1e-6)
    assert improved.radiator_area <= worse.radiator_area * (1 + 1e-5)


def test_fixed_count_sensitivities_are_those_of_the_mass():
    # with the count fixed, max_compute minimises the wet mass
    count = 8
    design = size_satellite(BASE, gpu_count=count)
    assert design.sensitivities["mass_limit"] == pytest.approx(0.0, abs=1e-6)  # not binding
    entry = BASE.entry("radiator")
    step = 1e-3

    def mass(x):
        spec = BASE.replace(radiator=entry.replace(areal_density=x))
        return size_satellite(spec, gpu_count=count, sensitivities=False).total_mass

    value = entry.areal_density
    slope = (math.log(mass(value * (1 + step))) - math.log(mass(value * (1 - step)))) / (
        math.log1p(step) - math.log1p(-step)
    )
    assert design.sensitivities["radiator.areal_density"] == pytest.approx(slope, abs=1e-4)
