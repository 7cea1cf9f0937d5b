"""Hardening: the catalog API meets hostile input with CatalogError / InputError only.

Every public callable of :mod:`thermaldesign.catalog` is enumerated from its ``__all__``
and must appear in a table here. Hostile kinds, keys, field names, paths and entry values
are thrown at it; shipped catalog files are mutated at random (lines deleted, duplicated,
cut, values replaced by junk) and :func:`catalog.load_file` must answer each one with a
:class:`~thermaldesign.CatalogError` naming the file, or with entries that pass their own
validation. Oracle: the documented contract (only the documented errors escape, messages
name the offending parameter or file).
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import os
from pathlib import Path

import numpy as np
import pytest
from _helpers import LINE_MUTATIONS, count_report, mutate_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thermaldesign as td
from thermaldesign import catalog

# Examples per hypothesis test; raise it for a deeper search.
EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "80"))

COUNTS = {"hostile calls": 0, "mutated catalog files": 0}
_report_counts = count_report("test_hardening_catalog", COUNTS)


#: How each public callable is fuzzed.
FUNCTIONS = {"kinds", "entries", "get", "describe", "load_file", "build_entry",
             "load_user_catalog"}
ENTRY_CLASSES = {
    "Accelerator", "Battery", "Coating", "LaunchVehicle", "RadiatorTechnology", "SolarArray",
    "TerrestrialBaseline", "FinMaterial", "RadiatorTube", "BusClass",
}
#: Plain record types (named tuples and the abstract base), built by the loader.
RECORD_TYPES = {"CatalogEntry", "CatalogRow", "Provenance"}

HOSTILE = [
    math.nan, math.inf, -math.inf, -1.0, 0.0, 5e-324, 1e308, 10**400, -7, 2.5, True, None,
    "", " ", "\x00", "x" * 500, "../coatings", "accelerators\n", [], ["accelerators"], {},
    {"a": 1}, (), ("accelerators",), 1 + 2j, np.array([1.0, 2.0]), np.array([]),
    np.array("accelerators"), b"accelerators", object(), {1, 2},
]


def test_every_public_callable_is_covered():
    uncovered = []
    for name in catalog.__all__:
        value = getattr(catalog, name)
        if inspect.isfunction(value):
            if name not in FUNCTIONS:
                uncovered.append(name)
        elif inspect.isclass(value) and name not in ENTRY_CLASSES | RECORD_TYPES:
            uncovered.append(name)
    assert not uncovered, f"catalog names without a hardening entry: {uncovered}"
    assert {cls.__name__ for cls in (type(e) for k in catalog.kinds()
                                     for e in catalog.entries(k).values())} == ENTRY_CLASSES


def expect_documented(call, *, name=None, error=td.ThermalDesignError):
    """Run ``call``: it may return, or raise ``error``; the message names ``name``."""
    COUNTS["hostile calls"] += 1
    try:
        return call()
    except error as raised:
        if name is not None:
            assert name in str(raised), str(raised)
        return None
    except Exception as raised:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{type(raised).__name__} escaped: {raised}")


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
def test_hostile_kind_and_key(value):
    # Found by this test: an unhashable kind (list, dict, array) escaped as TypeError.
    for call in (
        lambda: catalog.get(value, "h100"),
        lambda: catalog.get("accelerators", value),
        lambda: catalog.entries(value),
        lambda: catalog.describe(value),
        # (kind=None is documented for load_file: the kind comes from the file name)
        lambda: catalog.load_file(Path(catalog.__file__).parent / "coatings.toml",
                                  "?" if value is None else value),
    ):
        with pytest.raises(td.CatalogError, match="unknown"):
            COUNTS["hostile calls"] += 1
            call()


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
def test_hostile_user_entries(value, tmp_path):
    # build_entry and load_user_catalog: a user's own hardware, from a study file or a
    # catalog file; every hostile kind, key, table, field value and path is a CatalogError.
    table = {"name": "card", "source": "s", "date": "2026", "confidence": "low",
             "power": {"value": 400.0, "unit": "W"}, "server_power": {"value": 0, "unit": "W"},
             "flops": {"value": 1e15, "unit": "FLOP/s"}, "mass": {"value": 1, "unit": "kg"},
             "junction_limit": {"value": 350, "unit": "K"}, "cost": {"value": 1, "unit": "USD"}}
    for call in (
        lambda: catalog.build_entry(value, "card", table),
        lambda: catalog.build_entry("accelerators", value, table),
        lambda: catalog.build_entry("accelerators", "card", value),
        lambda: catalog.build_entry("accelerators", "card", {**table, "power": value}),
        lambda: catalog.build_entry("accelerators", "card", {**table, "source": value}),
        lambda: catalog.load_user_catalog(value),
    ):
        expect_documented(call, error=td.CatalogError)
    assert catalog.build_entry("accelerators", "card", table).power == 400.0


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
def test_hostile_load_file_path(value, tmp_path):
    # Found by this test: Path(None) and friends escaped as TypeError.
    with pytest.raises(td.CatalogError):
        COUNTS["hostile calls"] += 1
        catalog.load_file(value)


@pytest.mark.parametrize("make", [
    lambda d: d,  # a folder
    lambda d: d / "missing.toml",
    lambda d: (d / "coatings.toml").write_bytes(b"\xff\xfe\x00binary") and d / "coatings.toml",
    lambda d: (d / "coatings.toml").write_text("") and d / "coatings.toml",
    lambda d: (d / "unknown_kind.toml").write_text("[a]\nname='x'\n") and d / "unknown_kind.toml",
])
def test_unreadable_catalog_files(make, tmp_path):
    path = make(tmp_path)
    with pytest.raises(td.CatalogError):
        catalog.load_file(path if path else tmp_path / "coatings.toml")


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
def test_hostile_provenance_field(value):
    # Found by this test: a non-string field name reached difflib (TypeError).
    entry = catalog.get("accelerators", "h100")
    with pytest.raises(td.CatalogError, match="has no field"):
        COUNTS["hostile calls"] += 1
        entry.provenance(value)


def test_replace_with_unknown_field_suggests_the_nearest():
    # Found by this test: dataclasses.replace raised a bare TypeError.
    entry = catalog.get("accelerators", "h100")
    with pytest.raises(td.CatalogError, match="no field 'powr'; did you mean 'power'"):
        entry.replace(powr=800.0)
    assert entry.replace(power=800.0).power == 800.0
    assert entry.replace(power=800.0).provenance("power").confidence == "user"


def _kinds_and_fields():
    for kind in catalog.kinds():
        entry = next(iter(catalog.entries(kind).values()))
        for item in dataclasses.fields(entry):
            if item.compare and item.name != "key":
                yield kind, item.name


KIND_FIELDS = list(_kinds_and_fields())


@pytest.mark.parametrize(("kind", "field"), KIND_FIELDS, ids=[f"{k}.{f}" for k, f in KIND_FIELDS])
def test_hostile_entry_fields(kind, field):
    # Entries built in code (custom hardware in a spec) are held to the catalog's ranges.
    # Found by this test: 10**400 escaped as OverflowError.
    entry = next(iter(catalog.entries(kind).values()))
    for value in HOSTILE:
        result = expect_documented(lambda v=value: entry.replace(**{field: v}),
                                   name=field, error=td.InputError)
        if result is not None:  # accepted: then the field holds a valid, finite value
            stored = getattr(result, field)
            if isinstance(stored, float):
                assert math.isfinite(stored)
            elif stored is None:  # only an optional field may be left out
                assert field in entry.OPTIONAL
            else:
                assert isinstance(stored, (str, int))


@pytest.mark.parametrize("value", [1.0, "x", [1, 2], {"power": "high"}, np.array([1.0])],
                         ids=lambda v: type(v).__name__)
def test_hostile_sources(value):
    # Found by this test: a non-mapping sources escaped as TypeError / ValueError.
    fields = catalog.get("accelerators", "h100").to_dict()
    with pytest.raises(td.InputError, match="sources"):
        catalog.Accelerator(**fields, sources=value)


# ------------------------------------------------------------ random catalog-file mutation

CATALOG_DIRECTORY = Path(catalog.__file__).parent
JUNK = ["", "=", "[", "]", "{", "}", '"', "nan", "inf", "-1", "1e400", "10" * 200, "true",
        "'x'", "[[a]]", "= 3", "value = 1", 'unit = "furlong"', "\\", "#", "1979-05-27",
        "{ value = 1 }", "name", "[az93]", "\t", "ü", "0x10"]


@st.composite
def mutated_file(draw):
    kind = draw(st.sampled_from(catalog.kinds()))
    lines = (CATALOG_DIRECTORY / f"{kind}.toml").read_text().splitlines()
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(LINE_MUTATIONS))
        mutate_line(draw, lines, draw(st.integers(0, len(lines) - 1)), operation, JUNK)
        if not lines:
            lines = [""]
    return kind, "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(case=mutated_file())
def test_mutated_catalog_files_fail_cleanly(case, tmp_path_factory):
    kind, text = case
    path = tmp_path_factory.mktemp("catalog") / f"{kind}.toml"
    path.write_text(text, encoding="utf-8")
    COUNTS["mutated catalog files"] += 1
    try:
        table = catalog.load_file(path)
    except td.CatalogError as error:
        assert f"{kind}.toml" in str(error), str(error)
        return
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"{type(error).__name__} escaped load_file for:\n{text}\n{error}")
    # A harmless mutation (a comment line deleted, say): entries are still valid.
    for entry in table.values():
        for name in entry.NUMERIC:
            if getattr(entry, name) is None and name in entry.OPTIONAL:
                continue  # an optional field left out
            assert math.isfinite(getattr(entry, name))


def test_huge_integer_in_a_catalog_file(tmp_path):
    # Found by the mutation test: TOML integers are unbounded; math.isfinite(10**400)
    # raised OverflowError out of load_file.
    text = (CATALOG_DIRECTORY / "coatings.toml").read_text()
    path = tmp_path / "coatings.toml"
    path.write_text(text.replace("emissivity_bol = 0.91", "emissivity_bol = 1" + "0" * 400, 1))
    with pytest.raises(td.CatalogError, match=r"coatings.toml, entry \[az93\].*beyond the float"):
        catalog.load_file(path)


def test_integer_beyond_the_digit_limit_in_a_catalog_file(tmp_path):
    # Python refuses to parse integer literals of more than 4300 digits (ValueError).
    text = (CATALOG_DIRECTORY / "coatings.toml").read_text()
    path = tmp_path / "coatings.toml"
    path.write_text(text.replace("emissivity_bol = 0.91", "emissivity_bol = 1" + "0" * 5000, 1))
    with pytest.raises(td.CatalogError, match="coatings.toml"):
        catalog.load_file(path)


def test_nul_byte_in_a_catalog_path():
    # Found by the CLI fuzzing (same pattern here): open() raises ValueError for a NUL.
    with pytest.raises(td.CatalogError, match="cannot read catalog file"):
        catalog.load_file("coatings\x00.toml", "coatings")
