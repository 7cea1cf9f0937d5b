"""Design assembly on arrays (thermaldesign.sizing.assembly.build_designs).

Oracle: the scalar assembly, :func:`thermaldesign.sizing.solve.build_design`, of each
row's own solution: every field equal (floats to 1e-13 relative: the totals over columns
are plain sums, the scalar's exactly rounded), dict keys in the same order.
"""

import dataclasses
import math
import pickle

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign._guard import trusted
from thermaldesign.sizing import vector_path
from thermaldesign.sizing.assembly import build_designs
from thermaldesign.sizing.closure import DesignColumns
from thermaldesign.sizing.columns import Columns, SpecColumns
from thermaldesign.sizing.design import (
    DESIGN_FIELDS,
    SatelliteDesign,
    designs_of_columns,
    with_fields,
)
from thermaldesign.sizing.evaluate import environment_of
from thermaldesign.sizing.solve import OPTIMAL, Solution, build_design

BASE = td.SatelliteSpec()
KINDS = {
    "flight-like (in-plane, scaled bus)": {},
    "no layout, fixed bus": {"layout": None, "bus_model": "fixed"},
    "boom, scaled bus": {"layout": "boom"},
    "inclined (battery), cycle-life": {"orbit": "inclined", "design_beta": 10.0,
                                       "depth_of_discharge_model": "cycle-life"},
    "no spares (no hard failures), eclipse on battery": {
        "accelerator": dataclasses.replace(BASE.entry("accelerator"), hard_failure_rate=0.0),
        "orbit": "inclined", "design_beta": 10.0, "eclipse_mode": "battery"},
}


def _specs(changes, count=10):
    rng = np.random.default_rng(7)
    return [BASE.replace(mass_limit=float(m), altitude=float(a), **changes)
            for m, a in zip(rng.uniform(1500.0, 6000.0, count),
                            rng.choice([550e3, 650e3, 850e3], count), strict=True)]


def _equal(found, expected, where):
    if isinstance(expected, dict):
        assert list(found) == list(expected), where
        for key in expected:
            _equal(found[key], expected[key], f"{where}[{key}]")
    elif isinstance(expected, float):
        assert type(found) is float, where
        if math.isnan(expected):
            assert math.isnan(found), where
        else:
            assert found == pytest.approx(expected, rel=1e-13, abs=1e-300), where
    else:
        assert type(found) is type(expected) and found == expected, where


@pytest.mark.parametrize("objective", ["max_compute", "min_mass_per_compute",
                                       "min_cost_per_compute"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_designs_equal_the_scalar_assembly_row_by_row(kind, objective):
    specs = _specs(KINDS[kind])
    with trusted():
        sizing = vector_path.columnar_sizing(specs, objective)
        assert sizing.decided, "the columnar route decided no row"
        for group in sizing.decided:
            rows = group.rows.tolist()
            chosen = [specs[i] for i in rows]
            envs = [environment_of(spec) for spec in chosen]
            binding = [("mass limit",)] * len(rows)
            designs, quantities = build_designs(
                chosen, SpecColumns(chosen), Columns(envs), group.variables,
                group.eclipse_fraction, objective, integer=True, binding=binding,
                solver=group.solver)
            expected = []
            for r, (spec, env) in enumerate(zip(chosen, envs, strict=True)):
                variables = {name: float(column[r]) for name, column
                             in group.variables.items()}
                final = Solution(OPTIMAL, None,
                                 {"eclipse_fraction": float(group.eclipse_fraction[r])},
                                 variables, solver=group.solver)
                one = build_design(spec, env, final, objective, integer=True, lift=0.0,
                                   relaxation=None, sensitivities=False)
                expected.append(one)
                for name in one.__dataclass_fields__:
                    if name == "binding_constraints":
                        continue  # given per row here, from the relaxation there
                    _equal(getattr(designs[r], name), getattr(one, name),
                           f"row {r}: {name}")
                assert designs[r].binding_constraints == ("mass limit",)
            oracle = DesignColumns.of(expected)
            for name in ("gpu_count", "solar_array_area", "radiator_area", "total_mass",
                         "junction_temperature", "clock_fraction", "spare_count"):
                np.testing.assert_allclose(getattr(quantities, name),
                                           getattr(oracle, name), rtol=1e-13)


@pytest.mark.parametrize("kind", ["flight-like (in-plane, scaled bus)",
                                  "inclined (battery), cycle-life"])
def test_continuous_designs_equal_the_scalar_assembly(kind):
    """integer=False: each row's continuous relaxation assembled as build_design does it
    (float GPU counts, not rounded)."""
    specs = _specs(KINDS[kind])
    with trusted():
        group = vector_path.columnar_sizing(specs, "min_mass_per_compute").decided[0]
        chosen = [specs[i] for i in group.rows.tolist()]
        envs = [environment_of(spec) for spec in chosen]
        relaxations = group.relaxations
        variables = {name: np.array([r.variables[name] for r in relaxations])
                     for name in relaxations[0].variables}
        fractions = np.array([r.values.get("eclipse_fraction", 1.0) for r in relaxations])
        assert (variables["gpu_count"] % 1.0 != 0.0).any(), "no fractional count to test"
        designs, quantities = build_designs(
            chosen, SpecColumns(chosen), Columns(envs), variables, fractions,
            "min_mass_per_compute", integer=False, binding=[()] * len(chosen),
            solver=[r.solver for r in relaxations])
        for r, (spec, env, relaxation) in enumerate(zip(chosen, envs, relaxations,
                                                        strict=True)):
            one = build_design(spec, env, relaxation, "min_mass_per_compute",
                               integer=False, lift=0.0, relaxation=None,
                               sensitivities=False)
            for name in one.__dataclass_fields__:
                if name != "binding_constraints":
                    _equal(getattr(designs[r], name), getattr(one, name), f"row {r}: {name}")
    np.testing.assert_array_equal(quantities.gpu_count, variables["gpu_count"])


def test_designs_of_columns_equal_the_dataclass_constructor():
    """Oracle: SatelliteDesign(**row) of the same values (equality, attribute order, frozen,
    pickle round trip, fresh dicts per row)."""
    design = td.size_satellite(BASE, sensitivities=False)
    row = {name: getattr(design, name) for name in DESIGN_FIELDS}
    columns = {name: [value, value] for name, value in row.items()}
    columns["margins"] = [{}, {}]
    built = designs_of_columns(columns)
    expected = SatelliteDesign(**{**row, "margins": {}})
    for one in built:
        assert one == expected
        assert list(vars(one)) == list(vars(expected))
        assert pickle.loads(pickle.dumps(one)) == expected
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.total_mass = 1.0
    assert built[0].margins is not built[1].margins


def test_designs_of_columns_refuses_missing_fields_and_ragged_columns():
    design = td.size_satellite(BASE, sensitivities=False)
    columns = {name: [getattr(design, name)] for name in DESIGN_FIELDS}
    with pytest.raises(ValueError, match="missing \\['spec'\\]"):
        designs_of_columns({k: v for k, v in columns.items() if k != "spec"})
    with pytest.raises(ValueError):
        designs_of_columns({**columns, "solver": ["a", "b"]})


def test_with_fields_equals_dataclasses_replace():
    """Oracle: dataclasses.replace of the same changes (equality, attribute order, frozen,
    the original untouched)."""
    design = td.size_satellite(BASE, sensitivities=False)
    changes = {"margins": {"a": 1.0}, "bol_margins": {}, "sensitivities": {"mass_limit": 0.9}}
    copy = with_fields(design, **changes)
    expected = dataclasses.replace(design, **changes)
    assert copy == expected and list(vars(copy)) == list(vars(expected))
    assert design.margins != copy.margins
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.total_mass = 1.0
