"""Batched sizing (:func:`thermaldesign.size_satellites`) against one-at-a-time sizing.

The oracle is :func:`thermaldesign.size_satellite` called on each spec alone: the batch
must give the same integer counts and the same objective to 1e-9 relative, and each
infeasible spec the same diagnosis it gets alone.
"""

import math
import re

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign.errors import ClosureError, InfeasibleDesignError, InputError
from thermaldesign.sizing import batch as batch_module
from thermaldesign.sizing import closure, evaluate, model

SPECS = [
    td.SatelliteSpec(mass_limit=1500.0),
    td.SatelliteSpec(mass_limit=4200.0, gpu_granularity=8),
    td.SatelliteSpec(orbit="inclined", design_beta=20.0, eclipse_mode="idle"),
    td.SatelliteSpec(altitude=800e3, max_radiator_area=40.0),
    td.SatelliteSpec(mass_limit=2500.0, max_stowed_volume=5.0),
    td.SatelliteSpec(mass_limit=1500.0),  # a repeat: the sensitivity pattern is reused
]


def _same(batched, alone, objective):
    assert batched.gpu_count == alone.gpu_count
    assert batched.objective_value == pytest.approx(alone.objective_value, rel=1e-9)
    assert batched.total_mass == pytest.approx(alone.total_mass, rel=1e-9)
    assert batched.margins == pytest.approx(alone.margins, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("objective", td.sizing.OBJECTIVES)
def test_batch_equals_one_at_a_time(objective):
    batch = td.size_satellites(SPECS, objective)
    assert len(batch) == len(SPECS) and not batch.errors
    for design, spec in zip(batch, SPECS, strict=True):
        alone = td.size_satellite(spec, objective)
        _same(design, alone, objective)
        assert set(design.sensitivities) == set(alone.sensitivities)
        for name, value in alone.sensitivities.items():
            # both are the same forward differences; grouped or column by column
            assert design.sensitivities[name] == pytest.approx(value, abs=1e-7), name


def test_relaxed_and_heat_pump_specs_equal_one_at_a_time():
    specs = [td.SatelliteSpec(mass_limit=2000.0, heat_pump=True), SPECS[0]]
    batch = td.size_satellites(specs, "min_mass_per_compute", integer=False,
                               sensitivities=False)
    for design, spec in zip(batch, specs, strict=True):
        alone = td.size_satellite(spec, "min_mass_per_compute", integer=False,
                                  sensitivities=False)
        assert design.gpu_count == pytest.approx(alone.gpu_count, rel=1e-12)
        assert design.heat_pump_lift == alone.heat_pump_lift
        assert design.objective_value == pytest.approx(alone.objective_value, rel=1e-9)


def test_fixed_counts_per_spec():
    batch = td.size_satellites(SPECS[:2], gpu_counts=[4, None], sensitivities=False)
    assert batch[0].gpu_count == 4
    assert batch[0].total_mass == td.size_satellite(SPECS[0], gpu_count=4,
                                                    sensitivities=False).total_mass
    assert batch[1].gpu_count == td.size_satellite(SPECS[1], sensitivities=False).gpu_count


def test_infeasible_specs_get_their_own_diagnosis_and_leave_the_others_alone():
    too_light = td.SatelliteSpec(mass_limit=150.0)  # below the fixed bus mass
    tiny_radiator = td.SatelliteSpec(max_radiator_area=0.01)
    specs = [SPECS[0], too_light, SPECS[2], tiny_radiator, SPECS[3]]
    batch = td.size_satellites(specs, sensitivities=False)
    assert batch.feasible == (0, 2, 4)
    assert set(batch.errors) == {1, 3}
    for index in (1, 3):
        assert isinstance(batch[index], InfeasibleDesignError)
        with pytest.raises(InfeasibleDesignError) as alone:
            td.size_satellite(specs[index], sensitivities=False)
        # the diagnosis solves on cvxpy's path, whose solver state carries over between
        # DPP re-solves: a structure's first solve and later ones agree to ~1e-5 (seen
        # 7e-6), so a quoted amount may round either way (376.09 or 376.10 K): the words
        # are equal, the numbers within one unit of their last quoted digit
        number = r"-?\d[\d,]*\.?\d*"
        assert re.split(number, str(batch[index])) == re.split(number, str(alone.value))
        for ours, theirs in zip(re.findall(number, str(batch[index])),
                                re.findall(number, str(alone.value)), strict=True):
            digits = len(ours.partition(".")[2])
            assert float(ours.replace(",", "")) == pytest.approx(
                float(theirs.replace(",", "")), rel=1e-4, abs=1.01 * 10.0**-digits)
        assert batch[index].relaxations == pytest.approx(alone.value.relaxations, rel=1e-4)
    assert "mass limit" in str(batch[1])
    assert "radiator" in str(batch[3])
    for index in (0, 2, 4):
        _same(batch[index], td.size_satellite(specs[index], sensitivities=False),
              "max_compute")


def test_empty_batch_is_an_empty_result():
    batch = td.size_satellites([])
    assert len(batch) == 0 and list(batch) == [] and batch.errors == {}


def test_malformed_spec_names_index_and_field_before_any_solve(monkeypatch):
    solved = []
    monkeypatch.setattr(batch_module, "size_checked", lambda *a, **k: solved.append(a))
    with pytest.raises(InputError, match=r"specs\[2\].*mass_limit"):
        td.size_satellites([SPECS[0], SPECS[1], {"mass_limit": -5.0}])
    with pytest.raises(InputError, match=r"specs\[1\].*SatelliteSpec"):
        td.size_satellites([SPECS[0], "reference"])
    with pytest.raises(InputError, match=r"specs\[0\].*cold_plate"):
        # valid fields whose thermal chain drops exceed the junction limit
        td.size_satellites([td.SatelliteSpec(loop_drop=200.0, radiator_drop=200.0)])
    with pytest.raises(InputError, match=r"specs\[1\].*gpu_count"):
        td.size_satellites(SPECS[:2], gpu_counts=[8, 3])  # 3 is no multiple of 8
    with pytest.raises(InputError, match="objective"):
        td.size_satellites(SPECS[:1], "fastest")
    with pytest.raises(InputError, match="sequence"):
        td.size_satellites(SPECS[0])
    assert not solved


def test_the_collector_is_paused_for_a_batch_and_left_as_it_was(monkeypatch):
    # Oracle: gc.isenabled() seen while sizing and after, including after an error.
    import gc

    seen = []
    real = batch_module._size_all

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "_size_all", spying)
    assert gc.isenabled()
    td.size_satellites(SPECS[:1], sensitivities=False)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(InputError):
        td.size_satellites([{"mass_limit": -5.0}])
    assert gc.isenabled()
    gc.disable()
    try:
        td.size_satellites(SPECS[:1], sensitivities=False)
        assert not gc.isenabled()  # not switched on by the batch
    finally:
        gc.enable()


def test_environments_once_per_distinct_and_the_failing_spec_named(monkeypatch):
    # Oracle: environment_of of each spec alone (exact), and the spec that fails named by
    # its position in a batch mixing kinds (no layout with the fixed bus, the default).
    specs = [td.SatelliteSpec(mass_limit=2500.0 + 100.0 * i) for i in range(3)]
    specs.append(td.SatelliteSpec(layout=None, bus_model="fixed"))
    envs = batch_module._environments(specs)
    assert envs == [evaluate.environment_of(spec) for spec in specs]
    bad = td.SatelliteSpec(loop_drop=200.0, radiator_drop=200.0)
    with pytest.raises(InputError, match=r"specs\[2\].*cold_plate"):
        batch_module._environments(specs[:2] + [bad] + specs[2:])
    # a worker's share names the spec by its index in the whole batch
    with pytest.raises(InputError, match=r"specs\[12\].*cold_plate"):
        batch_module._environments(specs[:2] + [bad], offset=10)


def test_mapping_specs_are_built_and_sized():
    batch = td.size_satellites([{"mass_limit": 1500.0}], sensitivities=False)
    assert batch[0].gpu_count == td.size_satellite(SPECS[0], sensitivities=False).gpu_count
    assert math.isfinite(batch[0].total_mass)


def _point_by_point(spec):
    """The sizing evaluator without its batch method: the sweeps size point by point."""
    return td.studytools.outputs.SizingEvaluator()(spec)


def test_sweep_through_the_batch_equals_the_sweep_point_by_point():
    # 100 kg: infeasible (diagnosed); 1e7 kg: refused by the spec (an InputError per point)
    fields = {"mass_limit": [100.0, 1800.0, 3000.0, 1e7], "altitude": [550e3, 800e3]}
    spec = td.SatelliteSpec()
    batched = td.grid_sweep(spec, fields, workers=1, progress=False)
    alone = td.grid_sweep(spec, fields, evaluate=_point_by_point, workers=1, progress=False)
    assert list(batched.status) == list(alone.status)
    assert list(batched.reason) == list(alone.reason)
    assert set(batched.status) == {"ok", "infeasible", "input_error"}
    for name in alone.outputs:
        ok = alone.ok
        assert batched[name][ok] == pytest.approx(alone[name][ok], rel=1e-12), name


def test_a_chunk_with_a_spec_the_batch_refuses_falls_back_point_by_point():
    evaluator = td.studytools.outputs.SizingEvaluator()
    chain_too_long = td.SatelliteSpec(loop_drop=200.0, radiator_drop=200.0)
    results = evaluator.evaluate_many([SPECS[0], chain_too_long])
    assert results[0]["gpu_count"] == td.size_satellite(SPECS[0]).gpu_count
    assert isinstance(results[1], InputError)


@pytest.mark.parametrize("count, workers", [(2, 2), (3, 2), (10_000, 2), (5, 3), (1000, 3),
                                            (4, 4), (10, 4)])
def test_shares_cover_the_batch_once_none_empty_the_first_the_largest(count, workers):
    # Oracle: the shares laid end to end are range(count); this process's share is the
    # workers' plus the transfer cost (to one spec), the workers' within one of each other
    shares = batch_module._shares(count, workers)
    assert len(shares) == workers
    assert [i for start, stop in shares for i in range(start, stop)] == list(range(count))
    sizes = [stop - start for start, stop in shares]
    assert min(sizes) >= 1 and sizes[0] >= max(sizes[1:])
    if count >= 100 * workers:
        assert sizes[0] == pytest.approx(sizes[1] * (1 + batch_module._TRANSFER_COST), abs=1)
        assert max(sizes[1:]) - min(sizes[1:]) <= 1


def test_workers_must_be_a_positive_count():
    with pytest.raises(InputError, match="workers"):
        td.size_satellites(SPECS[:1], workers=0)


@pytest.mark.slow
def test_two_processes_give_the_same_batch():
    too_light = td.SatelliteSpec(mass_limit=150.0)
    specs = [SPECS[0], too_light, SPECS[2], SPECS[3]]
    serial = td.size_satellites(specs)
    parallel = td.size_satellites(specs, workers=2)
    assert parallel.feasible == serial.feasible == (0, 2, 3)
    assert str(parallel[1]) == str(serial[1])
    for index in serial.feasible:
        assert parallel[index].spec is specs[index]  # the caller's spec, as in one process
        assert list(vars(parallel[index])) == list(vars(serial[index]))
        assert parallel[index].gpu_count == serial[index].gpu_count
        assert parallel[index].objective_value == serial[index].objective_value
        assert parallel[index].mass_breakdown == serial[index].mass_breakdown
        assert parallel[index].sensitivities == pytest.approx(serial[index].sensitivities,
                                                              abs=1e-7)
    # a spec whose environment fails in the worker's share is named as on one process
    chain_too_long = td.SatelliteSpec(loop_drop=200.0, radiator_drop=200.0)
    with pytest.raises(InputError, match=r"specs\[3\].*cold_plate"):
        td.size_satellites(specs[:3] + [chain_too_long], workers=2)


def test_no_count_above_the_relaxed_maximum_is_solved(monkeypatch):
    # With the clock (and the eclipse policy) pinned the relaxed count is the largest that
    # fits. Relaxed maximum 24.99995 GPUs: 25 is barely infeasible, the problem on which
    # the conic solvers stall (and fall back to SCS for ~1 s); it must not be solved.
    # (the mass limit is tuned to the no-layout, fixed-bus model's relaxed maximum)
    spec = td.SatelliteSpec(altitude=750e3, mass_limit=2196.5276717673974,
                            clock_fraction=1.0, eclipse_power_fraction=1.0, layout=None,
                            bus_model="fixed")
    from thermaldesign.sizing import solve

    counts = []
    fixed = solve.solve_fixed
    monkeypatch.setattr(solve, "solve_fixed",
                        lambda s, e, v, o, n, *rest:
                        counts.append(n) or fixed(s, e, v, o, n, *rest))
    design = td.size_satellite(spec, sensitivities=False)
    assert counts == [24]
    # brute force: the largest count that fits when fixed, by enumeration
    def fits(n):
        try:
            td.size_satellite(spec, gpu_count=n, sensitivities=False)
        except InfeasibleDesignError:
            return False
        return True

    assert fits(24) and not fits(25)  # 25 alone: the slow, stalling solve
    assert design.gpu_count == 24


def test_a_pickled_spec_carries_its_fields_not_its_resolved_entries():
    import pickle

    spec = td.SatelliteSpec(solar_array="rigid_xtj_prime")
    spec.entry("solar_array")  # resolved and cached on the spec
    copy = pickle.loads(pickle.dumps(spec))
    assert "_entries" not in copy.__dict__
    assert copy == spec and copy.entry("solar_array") == spec.entry("solar_array")


# ~30 specs varied in the fields that change the problem's structure and coefficients:
# orbit, altitude, eclipse policy, server size, area/volume limits, clock, mass limit
VARIED = [
    td.SatelliteSpec(mass_limit=m, altitude=h, gpu_granularity=k, eclipse_mode=mode)
    for m, h, k, mode in [
        (900.0, 550e3, 1, "optimize"), (1300.0, 600e3, 4, "battery"),
        (1700.0, 700e3, 8, "idle"), (2100.0, 800e3, 1, "optimize"),
        (2600.0, 550e3, 4, "idle"), (3100.0, 650e3, 8, "battery"),
        (3700.0, 750e3, 1, "optimize"), (4400.0, 900e3, 4, "battery"),
    ]
] + [
    td.SatelliteSpec(orbit="inclined", design_beta=beta, mass_limit=m)
    for beta, m in [(0.0, 1500.0), (20.0, 2000.0), (45.0, 2500.0), (60.0, 3500.0)]
] + [
    td.SatelliteSpec(max_radiator_area=a, mass_limit=3000.0) for a in (15.0, 30.0, 60.0)
] + [
    td.SatelliteSpec(max_array_area=a, mass_limit=2500.0) for a in (20.0, 45.0)
] + [
    td.SatelliteSpec(max_stowed_volume=v, mass_limit=2500.0) for v in (3.0, 8.0)
] + [
    td.SatelliteSpec(clock_fraction=c, mass_limit=2000.0) for c in (0.7, 0.85, 1.0)
] + [
    td.SatelliteSpec(eclipse_power_fraction=e, mass_limit=1800.0) for e in (0.2, 0.5)
] + [
    td.SatelliteSpec(mass_limit=m) for m in (1000.0, 1234.5, 2222.0, 5000.0, 7500.0, 9000.0)
]


def _count_scalar_relaxations(monkeypatch):
    """Count the relaxations the batch path leaves to the scalar solver."""
    from thermaldesign.sizing import vector_path

    calls = []
    scalar = vector_path.solve_relaxation
    monkeypatch.setattr(vector_path, "solve_relaxation",
                        lambda *a: calls.append(a[0]) or scalar(*a))
    return calls


def _same_design(design, alone):
    assert design.gpu_count == alone.gpu_count
    assert design.objective_value == pytest.approx(alone.objective_value, rel=1e-9)
    for size in ("solar_array_area", "radiator_area", "battery_energy", "total_mass",
                 "junction_temperature", "clock_fraction"):
        assert getattr(design, size) == pytest.approx(getattr(alone, size), rel=1e-7), size
    assert design.margins == pytest.approx(alone.margins, rel=1e-9, abs=1e-12)
    assert design.bol_margins == pytest.approx(alone.bol_margins, rel=1e-9, abs=1e-12)
    assert set(design.sensitivities) == set(alone.sensitivities)
    for name, value in alone.sensitivities.items():
        assert design.sensitivities[name] == pytest.approx(value, abs=1e-4), name


@pytest.mark.parametrize("objective", td.sizing.OBJECTIVES)
def test_varied_batch_solves_its_relaxations_batched_and_equals_one_at_a_time(
        objective, solver_loops, monkeypatch):
    """Oracle: each spec sized alone (Clarabel relaxations) against the batch, whose
    relaxations come from the batched interior point (no scalar relaxation solved), in
    its numpy loops and compiled (forced on every solve; it runs from 256 columns)."""
    scalar_calls = _count_scalar_relaxations(monkeypatch)
    batch = td.size_satellites(VARIED, objective)
    assert not batch.errors
    assert scalar_calls == []  # every relaxation came from the batched solver
    for design, spec in zip(batch, VARIED, strict=True):
        _same_design(design, td.size_satellite(spec, objective))


def test_a_row_the_batched_solver_fails_is_solved_on_the_scalar_path(monkeypatch):
    """Oracle: one at a time. Rows reported "Failed" by the batched solver must reach the
    scalar relaxation (Clarabel) and give the same design."""
    from thermaldesign.sizing import batch_solver

    solve = batch_solver.BatchedProblem.solve

    def failing_first_row(self, values, size):
        solution = solve(self, values, size)
        solution.status[0] = "Failed"
        return solution

    monkeypatch.setattr(batch_solver.BatchedProblem, "solve", failing_first_row)
    scalar_calls = _count_scalar_relaxations(monkeypatch)
    specs = VARIED[:10]  # enough rows for the vector path (vector_path.MIN_ROWS)
    batch = td.size_satellites(specs)
    assert scalar_calls  # the failed rows went to the scalar path
    for design, spec in zip(batch, specs, strict=True):
        _same_design(design, td.size_satellite(spec))


def test_batched_sensitivity_matches_a_finite_difference():
    """Oracle: central difference of log(objective) in log(mass_limit) on the continuous
    relaxation (the sensitivities are the relaxation's, :func:`.solve.build_design`),
    with the eclipse policy pinned so the chosen fraction cannot switch."""
    spec = td.SatelliteSpec(mass_limit=2500.0, eclipse_mode="battery")
    design = td.size_satellites([spec])[0]
    h = 1e-4

    def log_objective(mass_limit):
        moved = td.SatelliteSpec(mass_limit=mass_limit, eclipse_mode="battery")
        return math.log(td.size_satellite(moved, integer=False,
                                          sensitivities=False).objective_value)

    difference = (log_objective(2500.0 * math.exp(h))
                  - log_objective(2500.0 * math.exp(-h))) / (2 * h)
    assert design.sensitivities["mass_limit"] == pytest.approx(difference, abs=1e-3)


def test_a_batch_re_checked_on_arrays_raises_the_first_failing_designs_closure_error(
        monkeypatch):
    """Eight specs of one kind are re-checked together (closure.assert_designs_close);
    a failing re-check raises the ClosureError one-at-a-time sizing raises for the
    first failing spec. Every margin fails once the tolerance is below -1 (margins
    are fractions of capacity, at most 1)."""
    specs = [td.SatelliteSpec(mass_limit=2000.0 + 300.0 * i) for i in range(8)]
    monkeypatch.setattr(closure, "CLOSURE_TOLERANCE", -2.0)
    with pytest.raises(ClosureError) as alone:
        td.size_satellite(specs[0], sensitivities=False)
    with pytest.raises(ClosureError) as batched:
        td.size_satellites(specs, sensitivities=False)
    # the same constraints named, in the same words; the margins agree to ~1e-12, so
    # margins at roundoff level (1e-13) may print differently
    def words(error):
        return re.sub(r"-?\d[\d.e+-]*", "#", str(error.value))

    assert words(batched) == words(alone)


def test_workers_fork_only_a_single_threaded_process():
    # forking a process whose other threads may hold a lock can deadlock the child:
    # with a second thread alive the workers are spawned
    import threading

    from thermaldesign.sizing import batch

    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("no fork on this platform")
    if threading.active_count() == 1:
        assert batch._process_context().get_start_method() == "fork"
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert batch._process_context().get_start_method() == "spawn"
    finally:
        release.set()
        thread.join()


def test_binding_constraints_of_views_equal_those_of_dicts():
    """Oracle: the binding constraints read from each row's own dict of duals, in order."""
    rng = np.random.default_rng(9)
    duals = {f"row {k}": np.where(rng.random(40) < 0.5, rng.uniform(0, 1e-4, 40), 0.0)
             for k in range(6)}
    duals["row 2"][3] = np.nan
    views = model.row_views(duals, np.arange(40), optional=False)
    dicts = [{name: float(column[i]) for name, column in duals.items()} for i in range(40)]
    expected = [tuple(n for n, d in one.items() if abs(d) > 1e-5) for one in dicts]
    assert batch_module._binding(views) == expected
    assert batch_module._binding(dicts) == expected
    mixed = views[:20] + dicts[20:]
    assert batch_module._binding(mixed) == expected
    assert batch_module._binding(model.row_views({}, [], optional=False)) == []
