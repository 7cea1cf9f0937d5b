"""Specs as columns (thermaldesign.sizing.columns): the batch path's view of many specs.

Oracle: each column read back row by row equals the spec's own accessor (the scalar path).
"""

import dataclasses
import pickle

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign.sizing import columns
from thermaldesign.sizing.evaluate import environment_of


def _sweep(n=5):
    return [td.SatelliteSpec(mass_limit=2000.0 + 250.0 * i, altitude=(550e3, 650e3)[i % 2])
            for i in range(n)]


def test_columns_read_back_every_numeric_input_row_by_row():
    specs = _sweep()
    stacked = columns.stack(specs)
    assert len(stacked) == len(specs)
    for name in ("mass_limit", "altitude", "server_power", "accelerator_mass",
                 "accelerator_cost"):
        column = np.broadcast_to(stacked.value(name), (len(specs),))
        assert [float(x) for x in column] == [spec.value(name) for spec in specs]
    rocket = np.broadcast_to(stacked.rocket_factor, (len(specs),))
    np.testing.assert_allclose(rocket, [s.rocket_factor for s in specs], rtol=1e-15)
    assert stacked.orbit == "dawn-dusk"  # text inputs are shared


def test_entries_stack_field_by_field_when_they_differ():
    base = td.SatelliteSpec().entry("accelerator")
    specs = [td.SatelliteSpec(accelerator=dataclasses.replace(base, power=p))
             for p in (600.0, 700.0, 800.0)]
    stacked = columns.stack(specs)
    np.testing.assert_array_equal(stacked.entry("accelerator").power, [600.0, 700.0, 800.0])
    assert np.all(stacked.entry("accelerator").junction_limit == base.junction_limit)


def test_kinds_split_on_text_inputs_and_on_none():
    specs = [td.SatelliteSpec(), td.SatelliteSpec(orbit="inclined"),
             td.SatelliteSpec(max_array_area=200.0), td.SatelliteSpec(mass_limit=4000.0)]
    groups = columns.group_by_kind(specs)
    assert sorted(groups.values()) == [[0, 3], [1], [2]]
    with pytest.raises(ValueError, match="kinds"):
        columns.stack(specs)


def test_equal_kinds_of_two_identities_group_together(monkeypatch):
    # Oracle: grouping by equality (a dict keyed by the kinds), whatever their identity;
    # a fresh intern table gives a later spec's equal kind another identity
    specs = [td.SatelliteSpec(), td.SatelliteSpec(orbit="inclined"),
             td.SatelliteSpec(mass_limit=4000.0)]
    columns.group_by_kind(specs[:2])
    monkeypatch.setattr(columns, "_INTERNED", {})
    specs.append(td.SatelliteSpec(mass_limit=4500.0))
    assert columns.kind_of(specs[3]) == columns.kind_of(specs[0])
    assert columns.kind_of(specs[3]) is not columns.kind_of(specs[0])
    expected: dict = {}
    for index, spec in enumerate(specs):
        expected.setdefault(columns.kind_of(spec), []).append(index)
    groups = columns.group_by_kind(specs)
    assert list(groups.values()) == list(expected.values()) == [[0, 2, 3], [1]]


def test_with_values_replaces_a_column_and_leaves_the_original():
    specs = _sweep(3)
    stacked = columns.stack(specs)
    moved = stacked.with_values({"accelerator.power": np.array([1.0, 2.0, 3.0]),
                                 "mass_limit": stacked.mass_limit * 2})
    np.testing.assert_array_equal(moved.entry("accelerator").power, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(moved.mass_limit, 2 * stacked.mass_limit)
    assert stacked.entry("accelerator").power == specs[0].entry("accelerator").power
    with pytest.raises(ValueError, match="no field"):
        stacked.with_values({"not_a_field": 1.0})


def test_environments_stack_and_properties_are_read_only():
    env = environment_of(td.SatelliteSpec())
    stacked = columns.Columns([env, env])
    np.testing.assert_array_equal(stacked.period, [env.period, env.period])
    with pytest.raises(AttributeError, match="read-only"):
        stacked.period = 1.0
    with pytest.raises(AttributeError, match="no attribute"):
        stacked.not_a_field  # noqa: B018


def test_a_kind_is_kept_on_its_spec_and_not_pickled():
    spec = td.SatelliteSpec(mass_limit=2500.0)
    kind = columns.kind_of(spec)
    assert columns.kind_of(spec) is kind  # found once per spec
    # a copy from a pickle (another process) finds it again, equal
    copy = pickle.loads(pickle.dumps(spec))
    assert "_kind" not in copy.__dict__
    assert columns.kind_of(copy) == kind
    # replace() builds a new spec: a new text input gives a new kind
    assert columns.kind_of(spec.replace(orbit="inclined")) != kind


def _kind_from_scratch(spec):
    """The kind a spec built from its fields alone computes itself."""
    return columns.kind_of(td.SatelliteSpec(**{f.name: getattr(spec, f.name)
                                               for f in dataclasses.fields(spec)}))


def test_a_copy_with_numbers_changed_takes_its_roots_kind():
    # Oracle: the kind of the same spec built from its fields alone
    root = td.SatelliteSpec(mass_limit=2500.0)
    copy = root.replace(mass_limit=3100.0, altitude=700e3)
    again = copy.replace(lifetime_years=7.0)
    assert again.__dict__["_kind_of"] is root  # chains point at the root only
    for spec in (copy, again):
        assert columns.kind_of(spec) is columns.kind_of(root)
        assert columns.kind_of(spec) == _kind_from_scratch(spec)
    # a text, a flag or an unset value is part of a kind: computed, not carried
    for changes in ({"orbit": "inclined"}, {"heat_pump": True}, {"max_array_area": 150.0},
                    {"accelerator": "b200"}):
        moved = root.replace(**changes)
        assert "_kind_of" not in moved.__dict__
        assert columns.kind_of(moved) == _kind_from_scratch(moved)
    assert columns.kind_of(root.replace(orbit="inclined")) != columns.kind_of(root)
    assert "_kind_of" not in pickle.loads(pickle.dumps(copy)).__dict__


def test_a_batch_is_stacked_once_and_its_subsets_are_its_rows():
    specs = _sweep(6)
    whole = columns.stacked(specs)
    assert columns.stacked(list(specs)) is whole  # the same specs: the same stack
    subset = [specs[4], specs[1], specs[2]]
    rows = columns.stacked(subset)
    direct = columns.SpecColumns(subset)  # the oracle: stacked on its own
    for name in ("mass_limit", "altitude", "server_power"):
        np.testing.assert_array_equal(np.broadcast_to(getattr(rows, name), (3,)),
                                      np.broadcast_to(getattr(direct, name), (3,)))
    np.testing.assert_array_equal(rows.entry("accelerator").power,
                                  np.broadcast_to(direct.entry("accelerator").power, (3,)))
    assert rows.items == tuple(subset)
    # equal specs that are other objects are stacked on their own
    copies = [spec.replace() for spec in subset]
    assert columns.stacked(copies).items == tuple(copies)
