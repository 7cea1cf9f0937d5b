"""Batched sensitivities (:func:`.sensitivity.input_sensitivities_batch`) row by row.

Oracle: :func:`.sensitivity.input_sensitivities` of each design alone, column by column
(its learnt-pattern cache emptied before every call, so it differences each input on its
own: the definition of the chain rule's forward differences, itself checked against the
validated slow pass and central differences of the optimum in
``test_sizing_sensitivity_fast.py``). Tolerance 1e-7 absolute on sensitivities of
O(1e-3..1): a coefficient evaluated on columns equals the scalar call to ~1e-15
relative, and some coefficients carry roundoff of sums of loads of ~1e-13 of their
value; a 1e-6 step amplifies either to ~1e-9..1e-8 in a column, and grouped columns meet
it at other points of the roundoff (measured: 1.3e-8 at most, adcs_power; most inputs
agree to 1e-15). A wrong column (a missed dependency, a wrong step direction, the
exponents left out) moves a sensitivity by 1e-3 or more.
"""

from collections import OrderedDict

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign._guard import trusted
from thermaldesign.sizing import sensitivity
from thermaldesign.sizing.columns import row_patterns
from thermaldesign.sizing.entry import optimize
from thermaldesign.sizing.evaluate import environment_of
from thermaldesign.sizing.sensitivity import (
    input_sensitivities,
    input_sensitivities_batch,
    rows_of,
)

TOLERANCE = 1e-7


@pytest.fixture(autouse=True)
def _no_learnt_patterns(monkeypatch):
    """Each test learns its patterns itself (the batched pass keeps them between calls)."""
    monkeypatch.setattr(sensitivity, "_BATCH_PATTERNS", OrderedDict())
BASE = td.SatelliteSpec()  # flight-like: in-plane layout, scaled bus
IDEALISED = td.SatelliteSpec(layout=None, bus_model="fixed")
GPU = BASE.entry("accelerator")


def _varied(count: int, seed: int = 3, base=BASE) -> list:
    """Mass limit, altitude (three orbits), server power and accelerator power varied."""
    rng = np.random.default_rng(seed)
    return [
        base.replace(mass_limit=float(m), altitude=float(a), server_power=float(s),
                     accelerator=GPU.replace(power=float(p)))
        for m, a, s, p in zip(rng.uniform(1500.0, 6000.0, count),
                              rng.choice([500e3, 600e3, 700e3], count),
                              rng.uniform(200.0, 400.0, count),
                              rng.uniform(0.9, 1.1, count) * GPU.power, strict=True)
    ]


def _solved(specs, objective, lift=0.0, gpu_count=None):
    """(spec, the solution its design's sensitivities use, environment) of each spec."""
    rows = []
    with trusted():
        for spec in specs:
            env = environment_of(spec)
            final, relaxation, _ = optimize(spec, env, objective, integer=True,
                                            gpu_count=gpu_count, lift=lift)
            rows.append((spec, relaxation if relaxation is not None else final, env))
    return rows


def _alone(spec, solution, lift, objective, env):
    sensitivity._PATTERNS.clear()  # column by column: no pattern learnt from another spec
    return input_sensitivities(spec, solution, lift, objective, env=env)


def _assert_rows_equal(rows, objective, lift=0.0):
    specs, solutions, envs = zip(*rows, strict=True)
    batch = input_sensitivities_batch(specs, solutions, lift, objective, envs=envs)
    assert all(column.shape == (len(specs),) for column in batch.values())
    for (spec, solution, env), row in zip(rows, rows_of(batch, len(specs)), strict=True):
        alone = _alone(spec, solution, lift, objective, env)
        assert set(row) == set(alone)
        assert len(alone) > 50
        for name, value in alone.items():
            assert row[name] == pytest.approx(value, abs=TOLERANCE), name
    return batch


@pytest.mark.parametrize("objective", ["max_compute", "min_mass_per_compute"])
def test_varied_specs_equal_the_one_at_a_time_pass(objective):
    # 8 rows: the grouped evaluations run on columns (fewer go one at a time)
    _assert_rows_equal(_solved(_varied(8), objective), objective)


def test_varied_idealised_specs_equal_the_one_at_a_time_pass():
    # no layout, fixed bus: the model before the flight-like default
    _assert_rows_equal(_solved(_varied(8, seed=5, base=IDEALISED), "max_compute"),
                       "max_compute")


def test_an_input_at_its_range_bound_takes_the_backward_difference_row_by_row():
    # daylight_efficiency <= 1: at 1 the forward step leaves the range, so those rows
    # difference backward and the others forward, in one batch
    specs = [BASE.replace(mass_limit=m, daylight_efficiency=e)
             for m, e in ((2000.0, 1.0), (3000.0, 0.95), (4000.0, 1.0), (2500.0, 0.9))]
    batch = _assert_rows_equal(_solved(specs, "max_compute"), "max_compute")
    assert np.all(np.isfinite(batch["daylight_efficiency"]))


def test_heat_pump_designs_at_their_lift():
    specs = [BASE.replace(heat_pump=True, mass_limit=m) for m in (2500.0, 3500.0)]
    _assert_rows_equal(_solved(specs, "max_compute", lift=15.0), "max_compute", lift=15.0)


def test_pinned_clock_designs():
    # a spec that pins the clock, and fixed counts whose clock ends at its top (the
    # solve re-done with the clock pinned, "clock.pinned" in its values)
    pinned = [BASE.replace(clock_fraction=0.8, mass_limit=m) for m in (2000.0, 3000.0)]
    _assert_rows_equal(_solved(pinned, "max_compute"), "max_compute")
    fixed = _solved([BASE.replace(mass_limit=m) for m in (3000.0, 3200.0)], "max_compute",
                    gpu_count=8)
    assert all("clock.pinned" in solution.values for _, solution, _ in fixed)
    _assert_rows_equal(fixed, "max_compute")


def test_a_mixed_batch_equals_its_groups_sized_apart():
    # two kinds (one with a stowed-volume limit) and both eclipse fractions in one call
    rows = _solved(_varied(4) + [BASE.replace(max_stowed_volume=8.0, mass_limit=m)
                                 for m in (2000.0, 5000.0)], "min_mass_per_compute")
    specs, solutions, envs = zip(*rows, strict=True)
    together = input_sensitivities_batch(specs, solutions, 0.0, "min_mass_per_compute",
                                         envs=envs)
    for part in (slice(0, 4), slice(4, 6)):
        apart = input_sensitivities_batch(specs[part], solutions[part], 0.0,
                                          "min_mass_per_compute", envs=envs[part])
        for name, column in apart.items():
            np.testing.assert_allclose(together[name][part], column, rtol=0, atol=TOLERANCE)


def test_rows_failing_the_combined_check_are_differenced_input_by_input(monkeypatch):
    rows = _solved(_varied(5, seed=7), "max_compute")
    specs, solutions, envs = zip(*rows, strict=True)
    calls = []
    original = sensitivity._input_by_input

    def counted(group, which):
        calls.append(len(which))
        return original(group, which)

    def every_other_row_fails(group, columns, relevant):
        return np.arange(len(group.specs)) % 2 == 0

    monkeypatch.setattr(sensitivity, "_input_by_input", counted)
    monkeypatch.setattr(sensitivity, "_checked_rows", every_other_row_fails)
    batch = input_sensitivities_batch(specs, solutions, 0.0, "max_compute", envs=envs)
    assert sum(calls) > 1  # the first row's pattern, then the failed rows
    for (spec, solution, env), row in zip(rows, rows_of(batch, len(specs)), strict=True):
        alone = _alone(spec, solution, 0.0, "max_compute", env)
        for name, value in alone.items():
            assert row[name] == pytest.approx(value, abs=TOLERANCE), name


def test_a_dependency_the_pattern_lacks_is_caught_per_row(monkeypatch):
    # the pattern learnt on the first row forgets what server_power moves (the host
    # power per GPU): the combined move disagrees on every row, which is then
    # differenced input by input
    rows = _solved(_varied(4, seed=11), "max_compute")
    specs, solutions, envs = zip(*rows, strict=True)
    original = sensitivity._input_by_input

    def forgetful(group, which):
        columns = original(group, which)
        if len(which) == 1 and which[0] == 0:
            moves, done = columns["server_power"]
            assert "gpu.host" in moves
            columns["server_power"] = ({}, done)
        return columns

    monkeypatch.setattr(sensitivity, "_input_by_input", forgetful)
    batch = input_sensitivities_batch(specs, solutions, 0.0, "max_compute", envs=envs)
    for (spec, solution, env), row in zip(rows, rows_of(batch, len(specs)), strict=True):
        alone = _alone(spec, solution, 0.0, "max_compute", env)
        assert row["server_power"] == pytest.approx(alone["server_power"], abs=TOLERANCE)


def test_batch_arguments():
    assert input_sensitivities_batch([], [], 0.0, "max_compute") == {}
    with pytest.raises(td.InputError, match="one solution per spec"):
        input_sensitivities_batch([BASE], [], 0.0, "max_compute")


def test_empty_pattern_cache_is_not_needed(monkeypatch):
    # the batch does not read or fill the one-at-a-time pass's learnt patterns
    monkeypatch.setattr(sensitivity, "_PATTERNS", OrderedDict())
    rows = _solved(_varied(2), "max_compute")
    specs, solutions, envs = zip(*rows, strict=True)
    input_sensitivities_batch(specs, solutions, 0.0, "max_compute", envs=envs)
    assert not sensitivity._PATTERNS


def test_a_sweep_over_orbit_and_mass_limit_needs_no_row_differenced_alone(monkeypatch):
    """The batched check must not reject exact grouped columns for roundoff: on a sweep
    over three orbits and six mass limits only the first row is differenced input by
    input (and every row equals the one-at-a-time pass, the other tests)."""
    specs = [BASE.replace(altitude=altitude, mass_limit=limit)
             for altitude in (550e3, 650e3, 750e3)
             for limit in (1700.0, 2300.0, 2900.0, 3600.0, 4400.0, 5300.0)]
    rows = _solved(specs, "max_compute")
    solutions = [solution for _, solution, _ in rows]
    calls = []
    original = sensitivity._input_by_input
    monkeypatch.setattr(sensitivity, "_input_by_input",
                        lambda group, which: calls.append(len(which)) or original(group, which))
    groups = {(s.structure, s.values["eclipse_fraction"]) for s in solutions}
    first = input_sensitivities_batch(specs, solutions, 0.0, "max_compute")
    assert calls == [1] * len(groups)
    # a second batch of the same kinds reuses the learnt patterns: no row alone, and the
    # first row's columns come from the grouped evaluations instead
    again = input_sensitivities_batch(specs, solutions, 0.0, "max_compute")
    assert calls == [1] * len(groups)
    for name, column in first.items():
        np.testing.assert_allclose(again[name], column, rtol=0, atol=TOLERANCE)


def test_a_stale_learnt_pattern_is_caught_and_learnt_again():
    rows = _solved(_varied(4, seed=11), "max_compute")
    specs, solutions, envs = zip(*rows, strict=True)
    input_sensitivities_batch(specs, solutions, 0.0, "max_compute", envs=envs)
    learnt = sensitivity._BATCH_PATTERNS
    assert learnt
    for key, pattern in list(learnt.items()):  # forget what server_power moves
        learnt[key] = dict(pattern, server_power=frozenset())
    batch = input_sensitivities_batch(specs, solutions, 0.0, "max_compute", envs=envs)
    for (spec, solution, env), row in zip(rows, rows_of(batch, len(specs)), strict=True):
        alone = _alone(spec, solution, 0.0, "max_compute", env)
        assert row["server_power"] == pytest.approx(alone["server_power"], abs=TOLERANCE)
    assert not learnt  # dropped: the next batch learns them again


def test_infeasible_specs_in_a_batch_leave_the_others_sensitivities_unchanged():
    feasible = _varied(8, seed=13)
    infeasible = [BASE.replace(mass_limit=150.0), BASE.replace(mass_limit=160.0, altitude=600e3)]
    mixed = feasible[:3] + infeasible[:1] + feasible[3:6] + infeasible[1:] + feasible[6:]
    batch = td.size_satellites(mixed)
    assert sorted(batch.errors) == [3, 7]
    assert all(isinstance(batch[i], td.InfeasibleDesignError) for i in (3, 7))
    alone = td.size_satellites(feasible)
    sized = [design for design in batch if not isinstance(design, Exception)]
    for with_others, without, spec in zip(sized, alone, feasible, strict=True):
        assert with_others.spec is spec
        assert set(with_others.sensitivities) == set(without.sensitivities)
        one = td.size_satellite(spec)  # and the one-at-a-time design's
        for name, value in without.sensitivities.items():
            assert with_others.sensitivities[name] == pytest.approx(value, abs=TOLERANCE)
            assert one.sensitivities[name] == pytest.approx(value, abs=TOLERANCE), name


def test_row_patterns_and_rows_of_against_brute_force():
    """Oracle: np.unique over whole rows, and a dict per row built name by name."""
    rng = np.random.default_rng(4)
    signs = np.ones((300, 40), dtype=np.int8)
    signs[:, 7] = rng.choice([-1, 0, 1], 300)
    signs[:, 31] = rng.choice([0, 1], 300)
    first, inverse = row_patterns(signs)
    patterns, expected = np.unique(signs, axis=0, return_inverse=True)
    np.testing.assert_array_equal(signs[first], patterns)
    np.testing.assert_array_equal(inverse, expected.reshape(-1))
    constant, where = row_patterns(np.ones((5, 3)))
    assert constant.tolist() == [0] and where.tolist() == [0] * 5
    table = rng.normal(size=(300, 6))
    table[rng.random((300, 6)) < 0.2] = np.nan
    names = [f"input{i}" for i in range(6)]
    rows = rows_of({name: table[:, i] for i, name in enumerate(names)}, 300)
    for row, values in zip(rows, table.tolist(), strict=True):
        assert row == {n: v for n, v in zip(names, values, strict=True) if v == v}
        assert list(row) == [n for n, v in zip(names, values, strict=True) if v == v]


def test_coefficients_of_some_rows_keep_their_own_scaled_buses():
    """Oracle: the scalar coefficient functions row by row (``_row_coefficients``). A
    change the bus does not read keeps the group's buses, taken at the rows."""
    specs = [BASE.replace(mass_limit=float(m)) for m in np.linspace(2500.0, 4000.0, 12)]
    with trusted():
        envs = [environment_of(spec) for spec in specs]
        group = sensitivity._Group(specs, envs, 0.0, 1.0, "", False, {},
                                   columns=sensitivity.stack_of(specs))
        rows = np.arange(2, 12)
        changes = {"thermal_loop_mass_per_watt":
                   np.full(rows.size, BASE.thermal_loop_mass_per_watt * 1.01)}
        batched, failed = sensitivity._batch_coefficients(group, changes, rows)
        alone, failed_alone = sensitivity._row_coefficients(group, changes, rows)
    assert not failed.any() and not failed_alone.any()
    assert set(batched) == set(alone)
    for name, column in alone.items():
        np.testing.assert_allclose(np.broadcast_to(batched[name], column.shape), column,
                                   rtol=1e-12, err_msg=name)


def test_a_second_batch_on_the_orbits_finds_its_moved_environments_kept(monkeypatch):
    # Oracle: the same batch with the kept environments forgotten (exactly equal: a kept
    # environment is the one environment_of gave), and environment_of not called for a
    # moved spec once the batch's moves were met (the first batch learns the pattern
    # input by input, the later ones move inputs in groups).
    rng = np.random.default_rng(4)
    base = td.SatelliteSpec()
    altitudes, limits = rng.choice([550e3, 800e3], 24), rng.uniform(1800.0, 5000.0, 24)
    specs = [base.replace(altitude=float(a), mass_limit=float(m))
             for a, m in zip(altitudes, limits, strict=True)]
    td.size_satellites(specs)
    sensitivity._ENVIRONMENTS.clear()
    cold = td.size_satellites(specs)
    evaluated = []
    real = sensitivity.environment_of
    monkeypatch.setattr(sensitivity, "environment_of",
                        lambda spec: (type(spec) is td.SatelliteSpec and evaluated.append(spec))
                        or real(spec))
    warm = td.size_satellites(specs)
    assert evaluated == []
    for one, other in zip(cold, warm, strict=True):
        assert one.sensitivities == other.sensitivities


def test_colours_of_few_rows_stacked_in_one_call_equal_them_move_by_move(monkeypatch):
    """Oracle: the same batch with every colour of a few rows evaluated move by move
    (_Group.change, as before the stacking), within the module's tolerance: the stacked
    call differences each move against its rows unmoved in the same call instead of the
    solutions' coefficients. On three orbits and varied mass limits the colours of the
    inputs that move the orbit's coefficients are evaluated on 3 rows each: ~40 of them
    in one call, and the second batch (its pattern learnt) takes that call."""
    specs = [BASE.replace(altitude=altitude, mass_limit=limit)
             for altitude in (550e3, 650e3, 750e3)
             for limit in (1900.0, 2600.0, 3400.0, 4700.0)]
    rows = _solved(specs, "max_compute")
    specs, solutions, envs = zip(*rows, strict=True)
    calls = []
    real = sensitivity._stacked_changes
    monkeypatch.setattr(sensitivity, "_stacked_changes",
                        lambda group, moves: calls.append(len(moves)) or real(group, moves))
    input_sensitivities_batch(specs, solutions, 0.0, "max_compute", envs=envs)  # learns
    results = []
    for stacked_from in (sensitivity._STACKED_MOVES, 10**9):
        monkeypatch.setattr(sensitivity, "_STACKED_MOVES", stacked_from)
        calls.clear()
        results.append(input_sensitivities_batch(specs, solutions, 0.0, "max_compute",
                                                 envs=envs))
        assert max(calls) >= 30
    stacked, alone = results
    assert stacked.keys() == alone.keys()
    for name, column in alone.items():
        np.testing.assert_allclose(stacked[name], column, rtol=0, atol=TOLERANCE,
                                   err_msg=name)
