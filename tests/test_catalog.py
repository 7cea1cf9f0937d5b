"""Tests of the sourced data catalog: loading, validation, provenance, units, errors."""

from __future__ import annotations

import math

import pytest

from thermaldesign import catalog

SHIPPED_KINDS = catalog.kinds()


@pytest.mark.parametrize("kind", SHIPPED_KINDS)
def test_every_shipped_file_loads_and_validates(kind):
    table = catalog.entries(kind)
    assert table, f"{kind}.toml has no entries"
    entry_type = catalog.entries.__globals__["ENTRY_TYPES"][kind]
    for key, entry in table.items():
        assert isinstance(entry, entry_type)
        assert entry.key == key
        for name in entry.NUMERIC:
            value = getattr(entry, name)
            assert isinstance(value, (float, int)) and math.isfinite(value)


@pytest.mark.parametrize("kind", SHIPPED_KINDS)
def test_every_number_has_provenance_with_a_valid_confidence(kind):
    for entry in catalog.entries(kind).values():
        for name in entry.NUMERIC:
            prov = entry.provenance(name)
            assert prov.source.strip(), (entry.key, name)
            assert prov.confidence in catalog.CONFIDENCE_LEVELS, (entry.key, name)
            assert prov.date[:4].isdigit(), (entry.key, name)
