"""Sourced hardware and cost data: accelerators, coatings, solar arrays, radiators,
batteries, launch vehicles, terrestrial data-center baselines and satellite bus classes.

Each kind lives in one TOML file next to this module (``accelerators.toml``, ...). Every
number in those files carries a source, a date and a confidence; the loader validates
every field and converts human units to SI.

File layout
-----------
One table per entry, keyed by the catalog key. Entry-level ``source``, ``date``,
``confidence`` and ``note`` are the defaults for every field of the entry; a field written
as an inline table overrides them::

    [h100_sxm]
    name = "NVIDIA H100 SXM5 80 GB"
    aliases = ["h100"]
    source = "NVIDIA H100 Tensor Core GPU datasheet"
    date = "2023-09"
    confidence = "high"
    power = { value = 700, unit = "W" }
    mass = { value = 16.3, unit = "kg", confidence = "estimate",
             note = "DGX H100 130.45 kg / 8 GPUs" }

``aliases`` (optional) lists other names :func:`get` accepts; lookups ignore case and
treat ``-`` and ``_`` alike. A field with a unit must be an inline table with ``value``
and ``unit`` (accepted units in :data:`UNITS`); a dimensionless field may also be a bare
number. ``confidence`` is one of
"high" (measured or datasheet), "medium" (published estimate), "low" (rough estimate) or
"estimate" (our own engineering estimate; the note says how it was made).

Examples
--------
>>> from thermaldesign import catalog
>>> gpu = catalog.get("accelerators", "h100_sxm")
>>> gpu.power
700.0
>>> gpu.provenance("power").confidence
'high'
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import os
import sys
import tomllib
from datetime import date as _date
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import CatalogError, InputError
from ._units import UNITS, to_si
from .entries import (
    CONFIDENCE_LEVELS,
    ENTRY_TYPES,
    Accelerator,
    Battery,
    BusClass,
    CatalogEntry,
    Coating,
    FinMaterial,
    LaunchVehicle,
    Provenance,
    RadiatorTechnology,
    RadiatorTube,
    SolarArray,
    TerrestrialBaseline,
    check_date,
)

__all__ = [
    "CONFIDENCE_LEVELS",
    "UNITS",
    "Accelerator",
    "Battery",
    "BusClass",
    "CatalogEntry",
    "CatalogRow",
    "Coating",
    "FinMaterial",
    "LaunchVehicle",
    "Provenance",
    "RadiatorTechnology",
    "RadiatorTube",
    "SolarArray",
    "TerrestrialBaseline",
    "build_entry",
    "describe",
    "entries",
    "get",
    "kinds",
    "load_file",
    "load_user_catalog",
]

_DIRECTORY = Path(__file__).parent
_PROVENANCE_KEYS = ("source", "date", "confidence", "note")
# The range a source gives for a value, in the value's unit: ``low`` <= value <= ``high``.
_RANGE_KEYS = ("low", "high")


class CatalogRow(NamedTuple):
    """One numeric field of one entry, for tables and the command line."""

    key: str
    field: str
    value: float
    unit: str
    source: str
    date: str
    confidence: str
    note: str | None


def kinds() -> tuple[str, ...]:
    """Return the catalog kinds, e.g. ``("accelerators", "coatings", ...)``."""
    return tuple(ENTRY_TYPES)


def _suggest(value: str, choices) -> str:
    near = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.4)
    return f"; did you mean '{near[0]}'?" if near else ""


def _check_kind(kind: str) -> str:
    if not isinstance(kind, str) or kind not in ENTRY_TYPES:
        raise CatalogError(
            f"unknown catalog kind {kind!r}{_suggest(kind, ENTRY_TYPES)} "
            f"(kinds: {', '.join(ENTRY_TYPES)})"
        )
    return kind


def entries(kind: str) -> dict[str, CatalogEntry]:
    """Return every entry of one kind.

    Parameters
    ----------
    kind : str
        One of :func:`kinds`.

    Returns
    -------
    dict[str, CatalogEntry]
        Key -> validated entry (SI units), in file order. A new dict each call; the
        entries themselves are immutable and cached.
    """
    return dict(_load_kind(_check_kind(kind))[0])


def get(kind: str, key: str) -> CatalogEntry:
    """Return one catalog entry.

    Parameters
    ----------
    kind : str
        One of :func:`kinds`, e.g. ``"accelerators"``.
    key : str
        Entry key, e.g. ``"h100_sxm"``.

    Returns
    -------
    CatalogEntry
        The typed entry (``Accelerator``, ``Coating``, ...), SI units.

    Raises
    ------
    CatalogError
        Unknown kind or key (suggesting the nearest valid one), or a malformed file.
    """
    table, aliases = _load_kind(_check_kind(kind))
    if isinstance(key, str):
        canonical = aliases.get(_normalize(key))
        if canonical is not None:
            return table[canonical]
    raise CatalogError(
        f"unknown {kind} key {key!r}{_suggest(str(key), [*table, *aliases])} "
        f"(keys: {', '.join(table)})"
    )


def _normalize(key: str) -> str:
    # "gaas-triple-junction" and "GaAs_Triple_Junction" name the same entry.
    return key.strip().lower().replace("-", "_")


def describe(kind: str) -> list[CatalogRow]:
    """Return one row per numeric field of every entry of ``kind``, in SI units.

    Parameters
    ----------
    kind : str
        One of :func:`kinds`.

    Returns
    -------
    list[CatalogRow]
        Rows ``(key, field, value, unit, source, date, confidence, note)`` with ``value``
        in the SI ``unit`` of the field; a ready table for the command line's ``catalog``
        command or a CSV export (``csv.writer(...).writerows(rows)``).
    """
    rows = []
    for key, entry in entries(kind).items():
        for name, spec in entry.NUMERIC.items():
            if getattr(entry, name) is None:  # an optional field the entry leaves out
                continue
            prov = entry.provenance(name)
            rows.append(
                CatalogRow(
                    key, name, getattr(entry, name), spec.unit, prov.source, prov.date,
                    prov.confidence, prov.note,
                )
            )
    return rows


@functools.cache
def _load_kind(kind: str) -> tuple[dict[str, CatalogEntry], dict[str, str]]:
    """Entries of one shipped file and its lookup table (normalised key or alias -> key)."""
    path = _DIRECTORY / f"{kind}.toml"
    table = load_file(path, kind)
    aliases = _read_aliases(path, table)
    if kind == "bus_classes":
        _check_bands(path.name, table)
    if kind == "radiators":
        coatings, _ = _load_kind("coatings")
        for key, entry in table.items():
            if entry.coating not in coatings:
                raise CatalogError(
                    f"{kind}.toml, entry [{key}], field 'coating': unknown coatings key "
                    f"{entry.coating!r}{_suggest(entry.coating, coatings)}"
                )
    return table, aliases


def _check_bands(filename: str, table: dict[str, CatalogEntry]) -> None:
    """Bus classes in file order tile one range of masses: each band starts where the
    previous one ends (so "auto" finds exactly one class for every mass inside)."""
    entries_ = list(table.values())
    for previous, entry in zip(entries_, entries_[1:], strict=False):
        if entry.mass_low != previous.mass_high:
            raise _fail(filename, entry.key, "mass_low",
                        f"{entry.mass_low:g} kg does not continue [{previous.key}]'s band, "
                        f"which ends at {previous.mass_high:g} kg")


def _read_aliases(path: Path, table: dict[str, CatalogEntry]) -> dict[str, str]:
    """Map every normalised key and alias to its entry key; reject ambiguous names."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    lookup: dict[str, str] = {}
    for key in table:
        names = data[key].get("aliases", [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise _fail(path.name, key, "aliases", f"must be a list of strings; got {names!r}")
        for name in (key, *names):
            normalized = _normalize(name)
            if lookup.get(normalized, key) != key:
                raise _fail(
                    path.name, key, "aliases",
                    f"{name!r} also names entry [{lookup[normalized]}]",
                )
            lookup[normalized] = key
    return lookup


def load_file(path, kind: str | None = None) -> dict[str, CatalogEntry]:
    """Read and validate one catalog file (not cached).

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML file in the catalog layout.
    kind : str, optional
        The kind of its entries; default: the file name without ``.toml``.

    Returns
    -------
    dict[str, CatalogEntry]
        Key -> validated entry.

    Raises
    ------
    CatalogError
        Unreadable TOML, unknown kind, or any entry/field problem; the message names the
        file, the entry and the field.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise CatalogError(f"path must be a file name or a pathlib.Path; got {path!r}")
    path = Path(path)
    kind = _check_kind(kind if kind is not None else path.stem)
    try:
        content = path.read_bytes()
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise CatalogError(f"{path.name!r}: cannot read catalog file: {error}") from None
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path.name}: not valid TOML: {error}") from None
    except ValueError as error:  # an integer literal beyond Python's digit limit
        raise CatalogError(f"{path.name}: not readable as TOML data: {error}") from None
    if not data:
        raise CatalogError(f"{path.name}: no entries")
    cls = ENTRY_TYPES[kind]
    result = {}
    for key, raw in data.items():
        if not isinstance(raw, dict):
            raise CatalogError(
                f"{path.name}: top-level item {key!r} must be a table [{key}] describing "
                f"one {kind} entry"
            )
        result[key] = _build_entry(cls, key, raw, path.name)
    return result


def build_entry(kind: str, key: str, table: dict, *, file: str = "catalog") -> CatalogEntry:
    """Build one entry from a table in the catalog layout (a user's own hardware).

    Parameters
    ----------
    kind : str
        One of :func:`kinds`.
    key : str
        The entry's key (how a spec or a fleet names it).
    table : dict
        The entry's fields as a catalog file writes them (see the module docstring):
        ``name``, every field of the kind with its unit, and ``source``, ``date`` and
        ``confidence`` for every number (entry-level defaults or per field).
    file : str
        Where the table was read, for error messages.

    Returns
    -------
    CatalogEntry
        The typed, validated entry (SI units). A radiator's coating must be a key of the
        shipped coatings catalog.

    Raises
    ------
    CatalogError
        Unknown kind, unknown, missing or out-of-range field, or missing provenance; the
        message names the file, the entry and the field.
    """
    cls = ENTRY_TYPES[_check_kind(kind)]
    if not isinstance(key, str) or not key.strip():
        raise CatalogError(f"{file}: an entry key must be a non-empty string; got {key!r}")
    if not isinstance(table, dict):
        raise CatalogError(f"{file}: entry [{key}] must be a table; got {table!r}")
    entry = _build_entry(cls, key, {k: v for k, v in table.items() if k != "aliases"}, file)
    if kind == "radiators":
        coatings = _load_kind("coatings")[0]
        if entry.coating not in coatings:
            raise _fail(file, key, "coating", f"unknown coatings key {entry.coating!r}"
                        f"{_suggest(entry.coating, coatings)} (keys: {', '.join(coatings)})")
    return entry


def load_user_catalog(path) -> dict[str, dict[str, CatalogEntry]]:
    """Read a user's catalog file: entries of any kinds, in the catalog's own layout.

    The file holds one table per kind, each holding entries laid out as in the shipped
    catalog files (module docstring); every number needs its source, date and
    confidence::

        [accelerators.my_chip]
        name = "My accelerator card"
        source = "vendor datasheet, rev. B"
        date = "2026-01"
        confidence = "high"
        power = { value = 450, unit = "W" }
        ...

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.

    Returns
    -------
    dict
        Kind -> {key -> entry}. A spec, a study file or the command line then names the
        entries by key (``accelerator = "my_chip"``).

    Raises
    ------
    CatalogError
        Unreadable file, unknown kind (suggesting the nearest), or an invalid entry.
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise CatalogError(f"catalog path must be a file name or a pathlib.Path; got {path!r}")
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as error:  # TOMLDecodeError too
        raise CatalogError(f"catalog file {str(path)!r}: cannot read it: {error}") from None
    if not data:
        raise CatalogError(f"catalog file {str(path)!r}: no entries")
    found: dict[str, dict[str, CatalogEntry]] = {}
    for kind, table in data.items():
        if kind not in ENTRY_TYPES:
            raise CatalogError(
                f"{path.name}: [{kind}] is not a catalog kind{_suggest(kind, ENTRY_TYPES)} "
                f"(kinds: {', '.join(ENTRY_TYPES)}); write entries as [KIND.KEY]"
            )
        if not isinstance(table, dict) or not table:
            raise CatalogError(f"{path.name}: [{kind}] must hold entries [{kind}.KEY]")
        found[kind] = {key: build_entry(kind, key, raw, file=path.name)
                       for key, raw in table.items()}
    return found


def _fail(filename: str, key: str, field: str | None, message: str) -> CatalogError:
    where = f"{filename}, entry [{key}]" + (f", field '{field}'" if field else "")
    return CatalogError(f"{where}: {message}")


def _provenance(raw: dict, defaults: dict, filename: str, key: str, field: str) -> Provenance:
    merged = {**defaults, **{k: raw[k] for k in _PROVENANCE_KEYS if k in raw}}
    if raw.get("confidence") == "estimate" and "source" not in raw:
        # An estimate of our own is not a number of the entry's document: say whose it is.
        merged["source"] = "thermaldesign estimate, not a published value" + (
            " (method in the note)" if "note" in raw else "")
    for required in ("source", "date", "confidence"):
        if required not in merged:
            raise _fail(
                filename, key, field,
                f"no '{required}': give it on the field or as the entry default",
            )
    source, when, confidence = merged["source"], merged["date"], merged["confidence"]
    note = merged.get("note")
    if not isinstance(source, str) or not source.strip():
        raise _fail(filename, key, field, f"source must be a non-empty string; got {source!r}")
    if isinstance(when, _date):  # an unquoted TOML date
        when = when.isoformat()
    elif isinstance(when, int) and not isinstance(when, bool):
        when = str(when)
    try:
        when = check_date(when)
    except InputError as error:
        raise _fail(filename, key, field, str(error)) from None
    if confidence not in CONFIDENCE_LEVELS:
        raise _fail(
            filename, key, field,
            f"confidence = {confidence!r} is not one of {', '.join(CONFIDENCE_LEVELS)}"
            f"{_suggest(str(confidence), CONFIDENCE_LEVELS)}",
        )
    if note is not None and not isinstance(note, str):
        raise _fail(filename, key, field, f"note must be a string; got {note!r}")
    return Provenance(source.strip(), when, confidence, note)


def _number(raw: Any, filename: str, key: str, field: str, spec) -> float | int:
    """Read one numeric field (bare number or inline table) and convert it to SI."""
    if isinstance(raw, dict):
        unknown = set(raw) - {"value", "unit", *_PROVENANCE_KEYS, *_RANGE_KEYS}
        if unknown:
            raise _fail(
                filename, key, field,
                f"unknown item(s) {', '.join(sorted(unknown))}; allowed: value, unit, "
                f"{', '.join(_PROVENANCE_KEYS)}, {', '.join(_RANGE_KEYS)}",
            )
        if "value" not in raw:
            raise _fail(filename, key, field, "inline table has no 'value'")
        value, unit = raw["value"], raw.get("unit")
    else:
        value, unit = raw, None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(filename, key, field, f"value must be a number; got {value!r}")
    if isinstance(value, int) and abs(value) > sys.float_info.max:
        digits = int(value.bit_length() * math.log10(2)) + 1
        raise _fail(
            filename, key, field, f"value is a {digits}-digit integer, beyond the float range"
        )
    if not math.isfinite(value):
        raise _fail(filename, key, field, f"value = {value} is not a finite number")
    if spec.integer:
        if unit not in (None, "-"):
            raise _fail(filename, key, field, f"is a count; unit {unit!r} is not allowed")
        return value
    if unit is None:
        if spec.unit != "-":
            raise _fail(
                filename, key, field,
                f"needs a unit: write {{ value = {value}, unit = \"{spec.unit}\" }} "
                f"(accepted: {', '.join(UNITS[spec.unit])})",
            )
        return float(value)
    if not isinstance(unit, str):
        raise _fail(filename, key, field, f"unit must be a string; got {unit!r}")
    try:
        return to_si(float(value), unit, spec.unit)
    except KeyError as error:
        raise _fail(
            filename, key, field,
            f"unit {unit!r} cannot be converted to {spec.unit}; accepted: {error.args[0]}",
        ) from None


def _range(item, value, filename: str, key: str, field: str, spec) -> dict:
    """``{"low": .., "high": ..}`` of a field's source range in SI (empty when none given)."""
    if not isinstance(item, dict) or not any(name in item for name in _RANGE_KEYS):
        return {}
    if not all(name in item for name in _RANGE_KEYS):
        raise _fail(filename, key, field, "give both 'low' and 'high' of the source's range")
    ends = {name: _number({"value": item[name], **({"unit": item["unit"]} if "unit" in item
                                                     else {})}, filename, key, field, spec)
            for name in _RANGE_KEYS}
    if not ends["low"] <= value <= ends["high"]:
        raise _fail(filename, key, field,
                    f"low = {item['low']} and high = {item['high']} must bracket the value "
                    f"{item['value']} (low <= value <= high)")
    return {name: float(number) for name, number in ends.items()}


def _build_entry(cls, key: str, raw: dict, filename: str) -> CatalogEntry:
    defaults = {k: raw[k] for k in _PROVENANCE_KEYS if k in raw}
    allowed = {"name", "aliases", *cls.TEXT, *cls.NUMERIC, *_PROVENANCE_KEYS}
    for item in raw:
        if item not in allowed:
            raise _fail(
                filename, key, item,
                f"unknown field for {cls.KIND}{_suggest(item, allowed)}",
            )
    values: dict[str, Any] = {"key": key}
    sources: dict[str, Provenance] = {}
    for text_field in ("name", *cls.TEXT):
        if text_field not in raw:
            raise _fail(filename, key, text_field, "missing")
        if not isinstance(raw[text_field], str):
            raise _fail(filename, key, text_field, f"must be a string; got {raw[text_field]!r}")
        values[text_field] = raw[text_field]
    optional = {f.name for f in dataclasses.fields(cls)
                if f.default is not dataclasses.MISSING and f.name in cls.NUMERIC}
    for name, spec in cls.NUMERIC.items():
        if name not in raw and name in cls.OPTIONAL:
            continue  # left out: the entry has no value (None), so no provenance either
        if name not in raw and name in optional:
            # a field with a documented default (the chip fits): the default, marked so
            sources[name] = Provenance(
                source=f"default of {cls.__name__}.{name} (see its docstring)", date="",
                confidence="low", note="not given in the catalog file")
            continue
        if name not in raw:
            raise _fail(filename, key, name, f"missing (a number in {spec.unit})")
        item = raw[name]
        values[name] = _number(item, filename, key, name, spec)
        sources[name] = _provenance(
            item if isinstance(item, dict) else {}, defaults, filename, key, name
        )._replace(**_range(item, values[name], filename, key, name, spec))
    if "source" in defaults:  # text fields inherit the entry's provenance when it has one
        for text_field in ("name", *cls.TEXT):
            sources[text_field] = _provenance({}, defaults, filename, key, text_field)
    try:
        return cls(**values, sources=sources)
    except InputError as error:
        message = str(error)
        field = next(
            (name for name in (*cls.NUMERIC, "name", *cls.TEXT) if message.startswith(name + " ")),
            None,
        )
        raise _fail(filename, key, field, message) from None
