"""The model's coefficients on columns equal the scalar model row by row.

Oracle: the scalar functions themselves (``evaluate.environment_of``,
``model.coefficient_values``, ``evaluate.affine_loads``, ``fixed_mass``, ...), each
tested against published cases and closed forms in their own test files, called one
spec at a time. The array path is the same code on numpy columns, so a row of the batch
must reproduce its spec alone to roundoff (1e-12 relative); a key the scalar call lacks
(a term absent for that spec) is 0 in the batch. Call counting (brute force) checks that
the environment is evaluated once per distinct environment, not once per row.
"""

import dataclasses

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign.errors import InfeasibleDesignError, InputError
from thermaldesign.sizing import columns, evaluate, model, vector_path

# the fixed bus without a layout (the default), and the scaled bus of an in-plane layout
FIXED = td.SatelliteSpec(layout=None, bus_model="fixed")
SCALED = td.SatelliteSpec(layout="in-plane", bus_model="scaled")
GPU = FIXED.entry("accelerator")
ALTITUDES = (500e3, 550e3, 650e3)


def _varied(base, n=9, **extra):
    """n specs of one kind varying the mass limit, orbit altitude, server power, the
    accelerator's power, junction limit and failure temperature, the propellant's
    delta-v, and the structure floor (0 in some rows: the floored term)."""
    specs = []
    for i in range(n):
        chip = dataclasses.replace(GPU, power=600.0 + 40.0 * (i % 4),
                                   junction_limit=GPU.junction_limit - (i % 3),
                                   failure_temperature=GPU.failure_temperature + 7.0 * i)
        specs.append(base.replace(
            mass_limit=1800.0 + 350.0 * i, altitude=ALTITUDES[i % 3],
            server_power=150.0 + 20.0 * i, accelerator=chip, delta_v=250.0 + 37.0 * i,
            structure_floor_mass=(0.0, 150.0)[i % 2], **extra))
    return specs


GROUPS = {
    "fixed bus": _varied(FIXED),
    "scaled bus, layout": _varied(SCALED),
    "limits set": _varied(FIXED, max_array_area=300.0, max_radiator_area=250.0,
                          max_stowed_volume=40.0),
    "inclined, cycle life": _varied(FIXED.replace(orbit="inclined", design_beta=20.0,
                                                  depth_of_discharge_model="cycle-life")),
    "pinned chip": _varied(FIXED, clock_fraction=0.8, junction_temperature=345.0),
}


def _assert_same(batch: dict, scalar: dict, row: int, rtol=1e-12):
    for name in set(batch) | set(scalar):
        expected = scalar.get(name, 0.0)
        assert batch[name].shape == (len(batch[name]),)
        assert batch[name][row] == pytest.approx(expected, rel=rtol, abs=0.0), (row, name)


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("lift, fraction", [(0.0, 1.0), (0.0, 0.0), (25.0, 0.4)])
def test_coefficients_on_columns_equal_the_scalar_call_row_by_row(group, lift, fraction):
    specs = GROUPS[group]
    stacked = columns.stack(specs)
    envs = evaluate.environments_of(stacked)
    batch = model.coefficient_values(stacked, envs, lift, gpu_count=None,
                                     eclipse_fraction=fraction)
    for row, spec in enumerate(specs):
        scalar = model.coefficient_values(spec, evaluate.environment_of(spec), lift,
                                          eclipse_fraction=fraction)
        _assert_same(batch, scalar, row)


def test_per_row_lift_eclipse_fraction_and_count():
    specs = GROUPS["fixed bus"]
    stacked = columns.stack(specs)
    envs = evaluate.environments_of(stacked)
    lifts = np.linspace(0.0, 40.0, len(specs))
    fractions = np.linspace(1.0, 0.0, len(specs))
    counts = np.arange(10.0, 10.0 + len(specs))
    batch = model.coefficient_values(stacked, envs, lifts, counts, fractions)
    for row, spec in enumerate(specs):
        scalar = model.coefficient_values(spec, evaluate.environment_of(spec), lifts[row],
                                          counts[row], fractions[row])
        _assert_same(batch, scalar, row)


def test_environments_equal_the_scalar_environment_field_by_field():
    for specs in GROUPS.values():
        envs = evaluate.environments_of(columns.stack(specs))
        assert len(envs) == len(specs)
        for row, spec in enumerate(specs):
            expected = evaluate.environment_of(spec)
            for field in dataclasses.fields(expected):
                assert getattr(envs, field.name)[row] == getattr(expected, field.name)


def test_environments_of_evaluates_each_distinct_environment_once(monkeypatch):
    # mass limit, server power and the structure floor do not move the environment; the
    # altitude does, and so does the accelerator's power (the evaporator temperature).
    calls = []
    scalar = evaluate.environment_of
    monkeypatch.setattr(evaluate, "environment_of",
                        lambda spec, age=None: calls.append(1) or scalar(spec, age))
    specs = [FIXED.replace(mass_limit=1500.0 + 100.0 * i, server_power=100.0 + i,
                           altitude=ALTITUDES[i % 3]) for i in range(30)]
    envs = evaluate.environments_of(columns.stack(specs))
    assert len(calls) == 3
    assert len(envs) == 30
    assert envs.items[4] == scalar(specs[4])
    calls.clear()
    chips = [dataclasses.replace(GPU, power=600.0 + 50.0 * (i % 2)) for i in range(30)]
    evaluate.environments_of(columns.stack(
        [spec.replace(accelerator=chip) for spec, chip in zip(specs, chips, strict=True)]))
    assert len(calls) == 6


def test_environments_of_a_sequence_of_mixed_kinds_keeps_its_order():
    specs = [FIXED.replace(altitude=600e3), SCALED, FIXED.replace(mass_limit=2500.0)]
    envs = evaluate.environments_of(specs)
    for row, spec in enumerate(specs):
        assert envs.items[row] == evaluate.environment_of(spec)
    assert envs.period[0] > envs.period[1]  # the higher orbit is the longer one
    with pytest.raises(InputError, match="empty"):
        evaluate.environments_of([])


def test_perturbed_columns_give_the_perturbed_specs_coefficients():
    specs = GROUPS["scaled bus, layout"]
    stacked = columns.stack(specs)
    altitude = np.asarray(stacked.altitude) * (1.0 + 1e-6)
    power = np.asarray(stacked.entry("accelerator").power) * (1.0 + 1e-6)
    moved = stacked.with_values({"altitude": altitude, "accelerator.power": power})
    batch = model.coefficient_values(moved, evaluate.environments_of(moved))
    for row, spec in enumerate(specs):
        chip = dataclasses.replace(spec.entry("accelerator"), power=float(power[row]))
        alone = spec.replace(altitude=float(altitude[row]), accelerator=chip)
        _assert_same(batch, model.coefficient_values(alone, evaluate.environment_of(alone)),
                     row)


def test_unbounded_feedback_is_a_nan_row_on_columns_and_an_error_alone():
    # 1 - k(1+r) - r/COP <= 0: r = 1 at 50 % conversion efficiency, and a 400 K lift
    # at a Carnot fraction of 0.5 makes r/COP > 2
    specs = [FIXED.replace(daylight_efficiency=0.5, mass_limit=2000.0 + i) for i in range(3)]
    stacked = columns.stack(specs)
    envs = evaluate.environments_of(stacked)
    lifts = np.array([0.0, 400.0, 10.0])
    slope, zero = evaluate.affine_loads(stacked, envs, lifts)
    assert np.isnan(slope["loop_heat"][1]) and np.isnan(zero["array_power"][1])
    values = model.coefficient_values(stacked, envs, lifts)
    assert list(model.unbounded_rows(values)) == [False, True, False]
    assert all(np.isnan(column[1]) for column in values.values())
    for row in (0, 2):
        env = evaluate.environment_of(specs[row])
        _assert_same(values, model.coefficient_values(specs[row], env, lifts[row]), row)
        one, nothing = evaluate.affine_loads(specs[row], env, lifts[row])
        for name in one:
            assert slope[name][row] == pytest.approx(one[name], rel=1e-12, abs=0.0)
            assert zero[name][row] == pytest.approx(nothing[name], rel=1e-12, abs=1e-300)
    with pytest.raises(InfeasibleDesignError, match="without bound"):
        evaluate.affine_loads(specs[1], evaluate.environment_of(specs[1]), 400.0)


def test_bus_functions_on_columns_equal_the_scalar_ones():
    specs = GROUPS["scaled bus, layout"]
    stacked = columns.stack(specs)
    per_array, per_radiator = evaluate.bus_mass_per_area(stacked)
    for row, spec in enumerate(specs):
        assert evaluate.fixed_mass(stacked)[row] == evaluate.fixed_mass(spec)
        assert evaluate.attitude_power(stacked)[row] == evaluate.attitude_power(spec)
        assert (per_array[row], per_radiator[row]) == evaluate.bus_mass_per_area(spec)


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("objective, fixed", [("max_compute", False),
                                              ("min_mass_per_compute", True)])
def test_row_dicts_and_structures_are_the_scalar_ones(group, objective, fixed):
    # exact: the vector path finds a batched solve by comparing these dicts and
    # structures with the scalar path's own
    specs = GROUPS[group]
    stacked = columns.stack(specs)
    envs = evaluate.environments_of(stacked)
    counts = np.full(len(specs), 12.0) if fixed else None
    values = model.coefficient_values(stacked, envs, 0.0, counts, 0.5)
    structures, which = model.structures_of(stacked, envs, values, objective, fixed)
    views = model.row_views(values, np.arange(len(specs)))
    for row, (spec, one) in enumerate(zip(specs, model.row_values(values), strict=True)):
        env = evaluate.environment_of(spec)
        scalar = model.coefficient_values(spec, env, 0.0, 12.0 if fixed else None, 0.5)
        assert one == scalar
        # the view of the row is the same mapping: keys in order, values, membership
        assert dict(views[row]) == scalar and list(views[row]) == list(scalar)
        assert len(views[row]) == len(scalar)
        assert all((name in views[row]) == (name in scalar) for name in values)
        assert structures[which[row]] == model.structure_of(spec, env, scalar, objective,
                                                            fixed)
    read = model.RowView.columns_of(views, [*values, "absent"], 0.0)
    for name in [*values, "absent"]:  # columns read through views: the rows' own values
        np.testing.assert_array_equal(
            read[name], [one.get(name, 0.0) for one in model.row_values(values)])
    assert model.RowView.columns_of(views[:2] + [dict(views[2])], ["absent"], 0.0) is None
    # views of two sets of columns, interleaved: each row its own set's values
    doubled = {name: np.asarray(column, dtype=float) * 2.0 for name, column in values.items()}
    other = model.row_views(doubled, np.arange(len(specs)))
    mixed = [other[row] if row % 2 else views[row] for row in range(len(specs))]
    read = model.RowView.columns_of(mixed, [*values, "absent"], 0.0)
    for name in [*values, "absent"]:
        np.testing.assert_array_equal(read[name], [view.get(name, 0.0) for view in mixed])


def test_the_vector_path_finds_its_batched_solves_under_the_scalar_keys():
    # batched_relaxations takes its coefficients from one call on columns; the scalar
    # path looks each solve up by its own coefficient dict and structure, so every
    # relaxation and every kept fixed-count solve must be found (no scalar re-solve)
    specs = [spec.replace(eclipse_mode="optimize") for spec in _varied(FIXED, n=12)]
    found = vector_path.batched_relaxations(specs, "min_mass_per_compute")
    assert len(found) == 2 * len(specs)  # two eclipse fractions each
    for spec in specs:
        env = evaluate.environment_of(spec)
        for fraction in evaluate.eclipse_fractions(spec):
            values = dict(model.coefficient_values(spec, env, 0.0, eclipse_fraction=fraction),
                          eclipse_fraction=fraction)
            relaxation = found(spec, env, values, "min_mass_per_compute")
            assert relaxation.solver == vector_path.SOLVER_NAME
            count = float(np.ceil(relaxation.variables["gpu_count"]))
            fixed = dict(values, gpu_count=count)
            structure = model.structure_of(spec, env, fixed, "min_mass_per_compute", True)
            assert found.run(structure, fixed).solver == vector_path.SOLVER_NAME


def test_a_row_without_environment_raises_naming_it_or_is_a_nan_row():
    # a cold-plate resistance so high the chain's drops exceed the junction limit: the
    # scalar environment_of raises InputError for that spec (a perturbed input can do so)
    specs = GROUPS["fixed bus"][:4]
    stacked = columns.stack(specs)
    resistance = np.asarray(stacked.cold_plate_resistance, dtype=float).copy()
    resistance[2] = 1.0  # [K/W] x ~700 W: far above the junction limit
    moved = stacked.with_values({"cold_plate_resistance": resistance})
    with pytest.raises(InputError, match=r"specs\[2\].*junction limit"):
        evaluate.environments_of(moved)
    envs = evaluate.environments_of(moved, errors="nan")
    assert np.isnan(envs.period[2]) and not np.isnan(envs.period[[0, 1, 3]]).any()
    values = model.coefficient_values(moved, envs)
    assert list(model.unbounded_rows(values)) == [False, False, True, False]
    for row in (0, 1, 3):
        _assert_same(values, model.coefficient_values(specs[row],
                                                      evaluate.environment_of(specs[row])), row)
    with pytest.raises(InputError, match="errors"):
        evaluate.environments_of(moved, errors="ignore")


@pytest.mark.parametrize("group", ["fixed bus", "scaled bus, layout", "inclined, cycle life"])
def test_loads_masses_costs_and_volume_on_columns_equal_the_scalar_ones(group):
    # the design's breakdowns at arbitrary design points (the functions are formulas in
    # the design quantities; no solve needed): every part row by row
    specs = GROUPS[group]
    stacked = columns.stack(specs)
    envs = evaluate.environments_of(stacked)
    n = len(specs)
    count, clock = np.linspace(8.0, 40.0, n), np.linspace(1.0, 0.6, n)
    junction, fraction = np.linspace(330.0, 360.0, n), np.linspace(0.0, 1.0, n)
    array, radiator = np.linspace(50.0, 300.0, n), np.linspace(40.0, 200.0, n)
    battery, spare = np.linspace(0.0, 5e8, n), np.linspace(0.0, 2.0, n)
    load = evaluate.loads(stacked, envs, count, 10.0, clock=clock, junction=junction,
                          eclipse_fraction=fraction)
    masses = evaluate.mass_parts(stacked, envs, load, count, array, radiator, battery, spare)
    costs = evaluate.cost_parts(stacked, envs, count, array, radiator, battery, masses, spare)
    volume = evaluate.stowed_volume(stacked, masses, array, radiator)
    for i, spec in enumerate(specs):
        env = evaluate.environment_of(spec)
        one = evaluate.loads(spec, env, count[i], 10.0, clock=clock[i], junction=junction[i],
                             eclipse_fraction=fraction[i])
        for field in dataclasses.fields(one):
            assert getattr(load, field.name)[i] == pytest.approx(
                getattr(one, field.name), rel=1e-12, abs=1e-300), (i, field.name)
        one_masses = evaluate.mass_parts(spec, env, one, count[i], array[i], radiator[i],
                                         battery[i], spare[i])
        assert list(masses) == list(one_masses)
        for name, value in one_masses.items():
            assert np.broadcast_to(masses[name], (n,))[i] == pytest.approx(value, rel=1e-12)
        one_costs = evaluate.cost_parts(spec, env, count[i], array[i], radiator[i],
                                        battery[i], one_masses, spare[i])
        for name, value in one_costs.items():
            assert np.broadcast_to(costs[name], (n,))[i] == pytest.approx(value, rel=1e-12)
        assert volume[i] == pytest.approx(
            evaluate.stowed_volume(spec, one_masses, array[i], radiator[i]), rel=1e-12)
