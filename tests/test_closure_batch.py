"""The closure over a batch equals the closure of each design alone.

Oracle: the scalar :func:`check_design` (itself checked against deliberately wrong model
helpers and a closed-form energy balance in ``test_closure.py``), row by row, on real
designs sized one at a time with ``size_satellite``: the same margins present in every
row, each within 1e-12 (a margin is already relative: capacity / demand - 1), and the
same rows rejected with the same message.
"""

import dataclasses

import numpy as np
import pytest

from thermaldesign.errors import ClosureError, InputError
from thermaldesign.sizing import SatelliteSpec, closure, columns, size_satellite
from thermaldesign.sizing.closure import (
    DesignColumns,
    assert_closes,
    assert_designs_close,
    beginning_of_life,
    beginning_of_life_designs,
    check_design,
    check_designs,
    closure_error,
    margins_by_row,
    row_margins,
)

# the fixed bus without a layout (the closure's other branch; "scaled bus" below covers
# the default flight-like model)
FIXED_BUS = {"layout": None, "bus_model": "fixed"}
SMALL = SatelliteSpec(mass_limit=1200.0, **FIXED_BUS)

# groups of one kind each (columns.kind_of): every branch of the closure in some row
GROUPS = {
    "dawn-dusk": [SatelliteSpec(mass_limit=m, altitude=a, lifetime_years=y, **FIXED_BUS)
                  for m, a, y in [(1500.0, 500e3, 5.0), (2200.0, 550e3, 5.0),
                                  (3000.0, 600e3, 7.0), (3000.0, 550e3, 5.0),
                                  (4000.0, 500e3, 5.0), (2600.0, 650e3, 3.0)]],
    # eclipses: battery margins, discharge heat, aphelion case
    "inclined": [SMALL.replace(orbit="inclined", design_beta=b, mass_limit=m)
                 for b, m in [(0.0, 1200.0), (20.0, 1500.0), (40.0, 2000.0), (20.0, 900.0)]],
    # cycle-life depth of discharge, scaled bus (wheels from the mass limit), a layout's
    # neighbour flux and packing limits
    "scaled bus": [SMALL.replace(orbit="inclined", design_beta=10.0, layout="in-plane",
                                 bus_model="scaled", depth_of_discharge_model="cycle-life",
                                 max_array_area=a, mass_limit=m)
                   for a, m in [(400.0, 1200.0), (30.0, 1500.0), (400.0, 2500.0)]],
    # inline accelerators of different TDP stack as columns of catalog entries
    "inline chips": [SMALL.replace(accelerator=dataclasses.replace(
        SMALL.entry("accelerator"), power=p)) for p in (600.0, 700.0, 850.0)],
    # lifted (330 K, 335 K chips) and unlifted (360 K: the search keeps lift 0) rows
    "heat pump": [SMALL.replace(heat_pump=True, junction_limit=j) for j in (330.0, 335.0, 360.0)],
}


def _sized(specs, **options):
    return [size_satellite(spec, sensitivities=False, **options) for spec in specs]


@pytest.fixture(scope="module")
def batches():
    return {name: (specs, _sized(specs)) for name, specs in GROUPS.items()}


def _assert_rows_equal(specs, designs, margins, *, age=None):
    by_row = margins_by_row(margins)
    for index, (spec, design) in enumerate(zip(specs, designs, strict=True)):
        expected = check_design(spec, design, age=age)
        got = row_margins(margins, index)
        assert list(got) == list(expected), index
        assert by_row[index] == got
        for name, value in expected.items():
            assert got[name] == pytest.approx(value, rel=0.0, abs=1e-12), (index, name)


@pytest.mark.parametrize("group", list(GROUPS))
def test_batch_margins_equal_the_scalar_closure_row_by_row(batches, group):
    specs, designs = batches[group]
    stacked = columns.stack(specs)
    quantities = DesignColumns.of(designs)
    _assert_rows_equal(specs, designs, check_designs(stacked, quantities))
    bol = beginning_of_life_designs(stacked, quantities)
    for index, (spec, design) in enumerate(zip(specs, designs, strict=True)):
        expected = beginning_of_life(spec, design)
        assert row_margins(bol, index) == pytest.approx(expected, rel=0.0, abs=1e-12)
        assert list(row_margins(bol, index)) == list(expected)
    if group == "inline chips":  # the entry really is stacked, field by field
        assert isinstance(stacked.entry("accelerator"), columns.Columns)
    if group == "heat pump":  # both branches ran, row by row
        assert [d.heat_pump_lift > 1.0 for d in designs] == [True, True, False]
        assert np.isnan(check_designs(stacked, quantities)["heat pump power"]).tolist() == [
            False, False, True]


def test_continuous_and_integer_rows_mix(batches):
    """The granularity margin exists only for exact integer counts, row by row."""
    specs = GROUPS["dawn-dusk"][:3]
    designs = [*batches["dawn-dusk"][1][:2], *_sized(specs[2:], integer=False)]
    margins = check_designs(columns.stack(specs), DesignColumns.of(designs))
    _assert_rows_equal(specs, designs, margins)
    assert np.isnan(margins["gpu granularity"]).tolist() == [False, False, True]


def test_a_design_short_of_radiator_is_flagged_in_its_row_only(batches):
    specs, designs = batches["inclined"]
    short = list(designs)
    short[2] = dataclasses.replace(designs[2], radiator_area=0.99 * designs[2].radiator_area)
    margins, failed = assert_designs_close(columns.stack(specs), DesignColumns.of(short))
    assert failed.tolist() == [False, False, True, False]
    assert margins["radiator balance"][2] < -1e-3
    for index, (spec, design) in enumerate(zip(specs, short, strict=True)):
        if failed[index]:
            with pytest.raises(ClosureError) as scalar:
                assert_closes(spec, design)
            assert str(closure_error(margins, index)) == str(scalar.value)
            assert "radiator balance violated" in str(scalar.value)
        else:
            assert assert_closes(spec, design) == pytest.approx(row_margins(margins, index),
                                                                rel=0.0, abs=1e-12)


def _count_calls(monkeypatch):
    """Calls of each piece of the design-independent physics, by piece index."""
    calls = {index: 0 for index in range(len(closure._PHYSICS_PIECES))}

    def counted(index, piece):
        def call(spec, age):
            calls[index] += 1
            return piece(spec, age)
        return call

    monkeypatch.setattr(closure, "_PHYSICS_PIECES", tuple(
        counted(index, piece) for index, piece in enumerate(closure._PHYSICS_PIECES)))
    return calls


def test_physics_runs_once_per_distinct_value_of_what_it_reads(batches, monkeypatch):
    """Rows that differ only in inputs the environment does not read (the mass limit)
    share one evaluation of it; rows at other altitudes or lives get their own."""
    calls = _count_calls(monkeypatch)
    specs, designs = batches["dawn-dusk"]
    margins = check_designs(columns.stack(specs), DesignColumns.of(designs))
    distinct = {(s.altitude, s.lifetime_years) for s in specs}
    assert calls[0] == len(distinct)
    assert calls[2] == 1  # fixed bus: attitude mass and power from the spec alone
    _assert_rows_equal(specs, designs, margins)
    calls.update(dict.fromkeys(calls, 0))
    check_designs(columns.stack(specs[1:2] * 5), DesignColumns.of(designs[1:2] * 5))
    assert set(calls.values()) == {1}


def test_scaled_bus_wheels_per_mass_limit_environment_once(batches, monkeypatch):
    """The scaled bus sizes its wheels from the mass limit: those terms are read per row
    on arrays (no row view), equal to each row's own check; the orbit and panel
    physics run once."""
    pieces = closure._PHYSICS_PIECES
    environments, attitude_rows = [], []
    monkeypatch.setattr(closure, "_PHYSICS_PIECES", (
        lambda spec, age: environments.append(spec) or pieces[0](spec, age), *pieces[1:]))
    terms = closure._attitude_terms
    monkeypatch.setattr(closure, "_attitude_terms",
                        lambda spec: attitude_rows.append(spec) or terms(spec))
    specs, designs = batches["scaled bus"]
    same_area = [specs[0], specs[2]]  # equal but for the mass limit
    margins = check_designs(columns.stack(same_area),
                            DesignColumns.of([designs[0], designs[2]]))
    assert len(environments) == 1
    assert not attitude_rows  # the array path, not the row views
    _assert_rows_equal(same_area, [designs[0], designs[2]], margins)
    # the attitude terms of the array path equal each row's own, bit for bit
    table = closure._attitude_columns(columns.stack(same_area))
    for row, spec in zip(table, same_area, strict=True):
        assert tuple(row) == terms(spec)


def test_inputs_replaced_in_the_columns_are_the_ones_checked(batches):
    """A stacked catalog entry changed with with_values() (a hotter accelerator, which
    moves the panel's fin root and the board power) checks as a spec built with it."""
    specs, designs = batches["dawn-dusk"]
    specs, designs = specs[:2], designs[:2]
    gpu = specs[0].entry("accelerator")
    powers = np.array([gpu.power, 1.1 * gpu.power])
    stacked = columns.stack(specs).with_values({"accelerator.power": powers})
    margins = check_designs(stacked, DesignColumns.of(designs))
    hotter = [spec.replace(accelerator=dataclasses.replace(gpu, power=float(p)))
              for spec, p in zip(specs, powers, strict=True)]
    _assert_rows_equal(hotter, designs, margins)
    assert margins["thermal chain"][1] < -1e-3  # the hotter chip no longer fits


def test_a_mapping_of_arrays_checks_like_the_designs(batches):
    specs, designs = batches["inclined"]
    quantities = {name: np.array([getattr(d, name) for d in designs])
                  for name in closure._DESIGN_QUANTITIES}
    margins = check_designs(columns.stack(specs), quantities)
    _assert_rows_equal(specs, designs, margins)


@pytest.mark.parametrize("change, message", [
    ({"radiator_area": np.ones(3)}, "radiator_area has 3 rows for a batch of 4"),
    ({"radiator_area": np.full(4, np.nan)}, r"radiator_area\[0\] = nan is not a finite"),
    ({"radiator_area": np.ones((4, 2))}, "one value per design"),
    ({"radiator_areas": np.ones(4)}, "unknown design quantities"),
])
def test_bad_design_columns_raise_input_error(batches, change, message):
    specs, designs = batches["inclined"]
    quantities = {name: np.array([getattr(d, name) for d in designs])
                  for name in closure._DESIGN_QUANTITIES}
    quantities.update(change)
    quantities.pop("radiator_area") if "radiator_areas" in change else None
    with pytest.raises(InputError, match=message):
        check_designs(columns.stack(specs), quantities)


def test_specs_must_be_stacked():
    with pytest.raises(InputError, match="columns must be SpecColumns"):
        check_designs([SMALL], {})


def test_grouping_follows_value_dependent_reads():
    """A piece that reads one input only for some values of another: row 0 does not read
    it, a later group head does, and the rows are grouped again with it. Oracle: the
    piece evaluated on every row by brute force."""
    specs = [SMALL.replace(lifetime_years=y, mass_limit=m)
             for y, m in [(3.0, 1000.0), (7.0, 1100.0), (7.0, 1200.0), (3.0, 1300.0)]]
    stacked = columns.stack(specs)

    def piece(spec, age):  # the mass limit matters only for long lives
        return (spec.mass_limit if spec.lifetime_years > 5.0 else 0.0,)

    got = closure._per_distinct(stacked, piece, None)[:, 0]
    assert got.tolist() == [piece(spec, None)[0] for spec in specs] == [0.0, 1100.0, 1200.0, 0.0]


def test_quantities_shared_by_every_row_as_floats(batches):
    """One lifted design's quantities given as floats for a batch of its spec twice."""
    specs, designs = batches["heat pump"]
    quantities = {name: getattr(designs[0], name) for name in closure._DESIGN_QUANTITIES}
    margins = check_designs(columns.stack(specs[:1] * 2), quantities)
    _assert_rows_equal(specs[:1] * 2, designs[:1] * 2, margins)
