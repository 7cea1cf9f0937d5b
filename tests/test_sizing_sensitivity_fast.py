"""The fast sensitivity pass (:mod:`thermaldesign.sizing.sensitivity`) against two oracles.

1. The definition, evaluated the slow way: every input perturbed through the validated
   ``spec.replace`` and the environment recomputed from scratch, then chained through the
   dual coefficient sensitivities (what ``input_sensitivities`` did before it was made
   fast). Same step, so agreement to 1e-4 checks that skipping validation and reusing
   the environment changes nothing.
2. Central finite differences of the full optimum (re-solves of the relaxed GP), which
   do not use the duals at all: agreement to 1e-3 checks the chain rule itself.
"""

import dataclasses
import math

import pytest

from thermaldesign.errors import InfeasibleDesignError, InputError
from thermaldesign.sizing import SatelliteSpec, model, size_satellite
from thermaldesign.sizing.entry import optimize
from thermaldesign.sizing.evaluate import environment_of
from thermaldesign.sizing.sensitivity import (
    coefficient_sensitivities,
    environment_reads,
    exponent_sensitivity,
    input_sensitivities,
    numeric_inputs,
    perturbed,
)

SPECS = {
    "reference": SatelliteSpec(mass_limit=1500.0),
    "inclined idle": SatelliteSpec(orbit="inclined", design_beta=30.0, eclipse_mode="idle",
                                   mass_limit=2000.0, max_radiator_area=60.0),
    "packed": SatelliteSpec(mass_limit=4000.0, max_stowed_volume=6.0, gpu_granularity=8),
}
OBJECTIVES = ("max_compute", "min_mass_per_compute", "min_cost_per_compute")


def _validated(spec, name, value):
    if "." in name:
        technology, field = name.split(".")
        entry = spec.entry(technology)
        return spec.replace(**{technology: entry.replace(**{field: value})})
    return spec.replace(**{name: value})


def _slow_sensitivities(spec, relaxation, objective, step=1e-6):
    """The definition with validated copies and a fresh environment per input."""
    by_coefficient = coefficient_sensitivities(relaxation)
    scale = model.objective_scale_name(relaxation.structure)
    names = [n for n in by_coefficient if n != "gpu_count"]

    eclipse = relaxation.values.get("eclipse_fraction", 1.0)

    def logs(s):
        values = model.coefficient_values(s, environment_of(s), eclipse_fraction=eclipse)
        values["objective.scale"] = values.get(scale, 1.0)
        return {n: math.log(values[n]) if values.get(n, 0) > 0 else 0.0 for n in names}

    base = logs(spec)
    result = {}
    for name, value, _ in numeric_inputs(spec):
        for h in (step, -step):
            try:
                moved = _validated(spec, name, value * (1 + h))
                changed = logs(moved)
            except (InputError, InfeasibleDesignError):
                continue
            break
        else:
            continue
        slope = math.fsum(by_coefficient[c] * (changed[c] - base[c]) for c in names)
        # the accelerator fits' inputs also move the term table's exponents
        slope += exponent_sensitivity(relaxation, model.exponents_of(moved))
        slope /= math.log1p(h)
        if objective == "max_compute":
            slope = -slope + (1.0 if name == "accelerator.flops" else 0.0)
        result[name] = slope
    return result


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("case", list(SPECS))
def test_fast_pass_equals_the_definition(case, objective):
    spec = SPECS[case]
    env = environment_of(spec)
    _, relaxation, _ = optimize(spec, env, objective, integer=True, gpu_count=None)
    fast = input_sensitivities(spec, relaxation, 0.0, objective)
    slow = _slow_sensitivities(spec, relaxation, objective)
    assert set(fast) == set(slow)
    assert len(fast) > 50
    for name in slow:
        assert fast[name] == pytest.approx(slow[name], abs=1e-4), name


def _relaxed(spec, objective):
    return size_satellite(spec, objective, integer=False, sensitivities=False).objective_value


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_every_sensitivity_matches_central_differences_of_the_optimum(objective):
    spec = SPECS["reference"]
    design = size_satellite(spec, objective, integer=False)
    step = 1e-4  # truncation O(step^2) ~ 1e-8; solver tolerance ~1e-8 / 2e-4 = 5e-5
    checked = 0
    for name, value, bounds in numeric_inputs(spec):
        low, high, low_open, high_open = bounds
        if high is not None and value * (1 + step) >= high:
            continue  # at its upper bound (an efficiency of 1): one-sided only
        up = _relaxed(_validated(spec, name, value * (1 + step)), objective)
        down = _relaxed(_validated(spec, name, value * (1 - step)), objective)
        slope = (math.log(up) - math.log(down)) / (math.log1p(step) - math.log1p(-step))
        assert design.sensitivities[name] == pytest.approx(slope, abs=1e-3), name
        checked += 1
    assert checked > 50


def test_environment_reads_name_the_orbit_and_the_technologies_only():
    reads = environment_reads(SatelliteSpec())
    assert {"altitude", "orbit", "solar_array", "radiator", "lifetime_years"} <= reads
    # the battery does (its discharge loss heats the loop in the survival case, and the
    # cycle-life depth of discharge reads it); bus masses and costs never do
    assert "battery" in reads
    assert not reads & {"mass_limit", "avionics_mass", "launch_price_per_kg"}


def test_perturbed_copy_leaves_the_spec_and_its_catalog_entry_alone():
    spec = SatelliteSpec()
    before = spec.entry("solar_array").cell_efficiency
    changed = perturbed(spec, {"solar_array.cell_efficiency": 0.5})
    assert changed.entry("solar_array").cell_efficiency == 0.5
    assert spec.entry("solar_array").cell_efficiency == before
    assert perturbed(spec, {"mass_limit": 10.0}).mass_limit == 10.0
    assert spec.mass_limit == 3000.0


def test_a_pattern_missing_a_dependency_is_caught_by_the_combined_check(monkeypatch):
    from thermaldesign.sizing import sensitivity

    spec = SPECS["reference"]
    env = environment_of(spec)
    _, relaxation, _ = optimize(spec, env, "max_compute", integer=True, gpu_count=None)
    sensitivity._PATTERNS.clear()
    first = input_sensitivities(spec, relaxation, 0.0, "max_compute")  # learns the pattern
    (key, known), = sensitivity._PATTERNS.items()
    moves = dict(known.pattern)
    assert "mass_limit.inverse" in moves["mass_limit"]
    # a pattern that says the mass limit moves nothing, and a last spec on another
    # catalog entry (so every coefficient is re-evaluated): grouping alone would give 0
    sensitivity._PATTERNS[key] = dataclasses.replace(
        known, pattern=frozenset(dict(moves, mass_limit=frozenset()).items()),
        identity=(), columns={})
    fell_back = []
    one_by_one = sensitivity._one_by_one
    monkeypatch.setattr(sensitivity, "_one_by_one",
                        lambda *a: fell_back.append(1) or one_by_one(*a))
    second = input_sensitivities(spec, relaxation, 0.0, "max_compute")
    assert fell_back
    assert second["mass_limit"] == pytest.approx(first["mass_limit"], abs=1e-9)
    assert abs(first["mass_limit"]) > 0.1  # the binding mass limit matters


@pytest.mark.parametrize("changes", [
    {"mass_limit": 2100.0},  # moves one coefficient: the rest of the Jacobian is reused
    {"avionics_mass": 55.0, "launch_price_per_kg": 2000.0},
    {"altitude": 700e3},  # moves the environment, so most coefficients
    {"solar_array": "rigid_xtj_prime"},  # another catalog entry: all re-evaluated
])
def test_reused_columns_equal_the_definition(changes):
    first = SPECS["reference"]
    second = first.replace(**changes)
    for spec in (first, second):  # the second spec reuses what the first one left
        env = environment_of(spec)
        _, relaxation, _ = optimize(spec, env, "min_cost_per_compute", integer=True,
                                    gpu_count=None)
        fast = input_sensitivities(spec, relaxation, 0.0, "min_cost_per_compute")
        slow = _slow_sensitivities(spec, relaxation, "min_cost_per_compute")
        assert set(fast) == set(slow)
        for name in slow:
            assert fast[name] == pytest.approx(slow[name], abs=1e-4), name


def test_threads_sharing_the_learnt_patterns_get_the_serial_sensitivities():
    from concurrent.futures import ThreadPoolExecutor

    specs = [SPECS["reference"].replace(mass_limit=m) for m in (1400.0, 1700.0, 2300.0, 2900.0)]
    specs += [SPECS["inclined idle"].replace(mass_limit=m) for m in (1800.0, 2600.0)]
    serial = [size_satellite(s).sensitivities for s in specs]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda s: size_satellite(s).sensitivities, specs * 3))
    for index, result in enumerate(threaded):
        expected = serial[index % len(specs)]
        assert result.keys() == expected.keys()
        for name, value in expected.items():
            assert result[name] == pytest.approx(value, abs=1e-8), name


def test_a_sweep_over_orbit_and_mass_limit_reuses_the_learnt_pattern(monkeypatch):
    """After the first spec, every spec of a sweep takes the grouped pass: its combined
    check must not reject exact columns for roundoff (it did for 17 % of such a sweep,
    each then paying a column-by-column pass ~10x the cost). The oracle that the grouped
    columns are exact is ``test_reused_columns_equal_the_definition``. (The batch,
    :func:`.size_satellites`, has its own pass: ``test_sensitivity_batch.py``.)"""
    from thermaldesign.sizing import sensitivity

    reference = SPECS["reference"]
    specs = [reference.replace(altitude=altitude, mass_limit=limit)
             for altitude in (550e3, 650e3, 750e3)
             for limit in (1700.0, 2300.0, 2900.0, 3600.0, 4400.0, 5300.0)]
    solved = []
    for spec in specs:
        env = environment_of(spec)
        solved.append((spec, optimize(spec, env, "max_compute", integer=True,
                                      gpu_count=None)[1], env))
    sensitivity._PATTERNS.clear()
    one_by_one = sensitivity._one_by_one
    passes = []
    monkeypatch.setattr(sensitivity, "_one_by_one",
                        lambda *a: passes.append(1) or one_by_one(*a))
    for spec, relaxation, env in solved:
        input_sensitivities(spec, relaxation, 0.0, "max_compute", env=env)
    assert len(passes) == 1  # the first spec learns the pattern


def test_stacked_moves_equal_the_moves_one_by_one(monkeypatch):
    """Oracle: the grouped pass with every move evaluated alone (the scalar coefficient
    functions, :meth:`_Pass.change`): the moves stacked into one columnar evaluation
    give the same sensitivities to 1e-8 (the columnar sums' roundoff over the 1e-6
    step)."""
    from thermaldesign.sizing import sensitivity

    first = SPECS["reference"]
    second = first.replace(mass_limit=2300.0)
    solved = []
    for spec in (first, second):
        env = environment_of(spec)
        solved.append((spec, optimize(spec, env, "max_compute", integer=True,
                                      gpu_count=None)[1], env))
    results = []
    real = sensitivity._Pass.changes
    calls = []
    monkeypatch.setattr(sensitivity._Pass, "changes",
                        lambda run, moves, unmoved: calls.append(len(moves))
                        or real(run, moves, unmoved))
    for stacked_from in (sensitivity._STACKED_MOVES, 10**9):
        monkeypatch.setattr(sensitivity, "_STACKED_MOVES", stacked_from)
        sensitivity._PATTERNS.clear()
        calls.clear()
        for spec, relaxation, env in solved:  # the second spec takes the grouped pass
            found = input_sensitivities(spec, relaxation, 0.0, "max_compute", env=env)
        assert calls and calls[-1] >= 8
        results.append(found)
    stacked, alone = results
    assert stacked.keys() == alone.keys()
    for name, value in alone.items():
        assert stacked[name] == pytest.approx(value, rel=1e-8, abs=1e-10), name


def test_moved_environments_are_kept_for_the_next_spec_of_the_orbit(monkeypatch):
    """Oracle: environment_of of each moved spec, evaluated afresh (every field equal);
    the next spec on the orbit, another mass limit, evaluates none of them again, and
    another orbit gets its own."""
    from thermaldesign.sizing import sensitivity

    sensitivity._ENVIRONMENTS.clear()
    sensitivity._PATTERNS.clear()  # the first spec learns its pattern input by input
    first = SPECS["reference"]
    env = environment_of(first)
    relaxation = optimize(first, env, "max_compute", integer=True, gpu_count=None)[1]
    input_sensitivities(first, relaxation, 0.0, "max_compute", env=env)
    kept = dict(sensitivity._ENVIRONMENTS)
    assert len(kept) >= 20  # one per input the environment reads
    run = sensitivity._Pass(first, env, 0.0, "objective.scale",
                            sensitivity._environment_reads(first), {})
    checked = 0
    for name, value, h in sensitivity._steps(first, 1e-6):
        move = {name: value * (1.0 + h)}
        key, _ = run._environment_key(move)
        if key in kept:
            assert kept[key][0] == environment_of(perturbed(first, move)), name
            checked += 1
    assert checked >= 20
    evaluated = []
    real = sensitivity.environment_of
    monkeypatch.setattr(sensitivity, "environment_of",  # moved specs, not read-tracers
                        lambda spec: (type(spec) is SatelliteSpec and evaluated.append(spec))
                        or real(spec))
    second = first.replace(mass_limit=2600.0)
    env = environment_of(second)
    relaxation = optimize(second, env, "max_compute", integer=True, gpu_count=None)[1]
    input_sensitivities(second, relaxation, 0.0, "max_compute", env=env)
    assert len(evaluated) <= 1  # the combined check's move, new to this orbit
    third = first.replace(altitude=800e3)
    env = environment_of(third)
    relaxation = optimize(third, env, "max_compute", integer=True, gpu_count=None)[1]
    input_sensitivities(third, relaxation, 0.0, "max_compute", env=env)
    assert len(evaluated) >= 20
