"""TOML spec and study files: read, validate, and map onto the toolkit's objects.

A study file is data (read with :mod:`tomllib`, never executed). Every key is checked: an
unknown key is a :class:`~thermaldesign.errors.StudyFileError` naming the file, the line
and the key and suggesting the nearest valid one; a value of the wrong type or out of range
is a ``StudyFileError`` carrying the :class:`~thermaldesign.errors.InputError` message with
the line. Values are SI, as everywhere in the toolkit.

Layout
------
.. code-block:: toml

    [study]                    # optional: what the study is
    title = "Reference satellite on Starship"
    description = "..."
    objective = "max_compute"  # sizing objective

    [spec]                     # any SatelliteSpec field, SI units
    accelerator = "h100"
    altitude = 550e3           # [m]
    mass_limit = 3000          # [kg]

    [fleet]                    # keywords of td.plan_fleet
    target_it_power = 1e9      # [W]
    vehicle = "starship"

    [economics]                # fields of the fleet model's economics object
    discount_rate = 0.08

    [sweep]
    method = "grid"            # or "latin_hypercube"
    objective = "min_cost_per_compute"
    samples = 100              # latin_hypercube only
    seed = 1                   # latin_hypercube only
    [sweep.fields]
    launch_price_per_kg = { start = 100, stop = 3600, n = 8, scale = "log" }
    mass_limit = [2000, 3000, 4000]            # grid: the values
    # latin_hypercube: [low, high] or [low, high, "log"]

A *spec file* is the same with only ``[spec]``, or with the spec fields at the top level
and no sections.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import catalog
from ._validation import check_positive_int, check_scalar
from .errors import CatalogError, InputError, StudyFileError
from .fleet import Economics, plan_fleet
from .sizing import OBJECTIVES, SatelliteSpec
from .studytools import grid_sweep, latin_hypercube_sweep

__all__ = [
    "SECTIONS",
    "StudyFile",
    "SweepPlan",
    "apply_overrides",
    "load_spec",
    "load_study",
    "parse_sweep_field",
    "parse_study",
]

SECTIONS = ("study", "spec", "fleet", "economics", "sweep")
_STUDY_KEYS = ("title", "description", "objective")
_SWEEP_KEYS = ("method", "objective", "samples", "seed", "workers", "fields")
_SWEEP_METHODS = ("grid", "latin_hypercube")
_RANGE_KEYS = ("start", "stop", "n", "scale", "values", "low", "high")


@dataclass(frozen=True)
class SweepPlan:
    """A validated ``[sweep]`` section.

    Attributes
    ----------
    method : {"grid", "latin_hypercube"}
        Full-factorial grid of the given values, or a Latin-hypercube sample of ranges.
    objective : str
        Sizing objective of every point.
    fields : dict
        Grid: field path -> list of values (SI). Latin hypercube: field path ->
        ``(low, high)`` or ``(low, high, "log")``.
    samples : int or None
        Points of a Latin-hypercube sweep [-].
    seed : int or None
        Random seed of a Latin-hypercube sweep.
    workers : int or None
        Local worker processes (``None``: the sweep module's default).
    """

    method: str
    objective: str
    fields: dict
    samples: int | None = None
    seed: int | None = None
    workers: int | None = None

    @property
    def point_count(self) -> int:
        """Number of points the sweep evaluates [-]."""
        if self.method == "grid":
            return int(np.prod([len(values) for values in self.fields.values()]))
        return int(self.samples or 0)

    def run(self, spec, *, progress=None, checkpoint=None):
        """Run the sweep on ``spec`` with :mod:`thermaldesign.studytools`; returns a SweepResult."""
        if self.method == "grid":
            return grid_sweep(
                spec, self.fields, objective=self.objective, workers=self.workers,
                progress=progress, checkpoint=checkpoint,
            )
        return latin_hypercube_sweep(
            spec, self.fields, self.samples, seed=self.seed, objective=self.objective,
            workers=self.workers, progress=progress, checkpoint=checkpoint,
        )


@dataclass(frozen=True)
class StudyFile:
    """A validated study file.

    Attributes
    ----------
    path : pathlib.Path or None
        Where it was read from.
    title, description : str
        From ``[study]``; the title defaults to the file name.
    objective : str
        Sizing objective (default ``"max_compute"``).
    spec : SatelliteSpec
        The spec, defaults plus the ``[spec]`` values.
    spec_values : dict
        Only the values the file sets (for a report's inputs table).
    fleet : dict or None
        Keywords for :func:`thermaldesign.plan_fleet` (``None``: no fleet section).
    economics : dict or None
        Values for the fleet model's economics object.
    sweep : SweepPlan or None
    """

    path: Path | None
    title: str
    description: str
    objective: str
    spec: Any
    spec_values: dict = field(default_factory=dict)
    fleet: dict | None = None
    economics: dict | None = None
    sweep: SweepPlan | None = None


# ----------------------------------------------------------------------- line numbers

_BARE_KEY = r"[A-Za-z0-9_\-]+"
_QUOTED_KEY = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE_KEY}|{_QUOTED_KEY})"
_DOTTED_KEY = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED_KEY})\s*\]\]?")
_ASSIGNMENT = re.compile(rf"^\s*({_DOTTED_KEY})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED_KEY})\s*=")


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(_KEY, text)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map each key path to the line (1-based) that sets it.

    A light scan, not a TOML parser (the file has already parsed with tomllib): table
    headers, ``key =`` at the start of a line, and keys inside one-line inline tables.
    Keys inside multi-line values are not located; errors there name the key only.
    """
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    inside_string = None  # the delimiter of an open multi-line string
    for number, line in enumerate(text.splitlines(), start=1):
        if inside_string is not None:
            if line.count(inside_string) % 2 == 1:
                inside_string = None
            continue
        for delimiter in ('"""', "'''"):
            if line.count(delimiter) % 2 == 1:  # opens a string that goes on below
                inside_string = delimiter
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
            lines.setdefault(table, number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if not assignment:
            continue
        path = table + _split_key(assignment.group(1))
        lines.setdefault(path, number)
        rest = line[assignment.end():]
        if rest.lstrip().startswith("{"):
            for inner in _INLINE_KEY.finditer(rest):
                lines.setdefault(path + _split_key(inner.group(1)), number)
    return lines


class _Context:
    """File name and key lines, to raise StudyFileErrors that say where."""

    def __init__(self, file: str | None, text: str):
        self.file = file
        self.lines = _key_lines(text)

    def line(self, path: tuple[str, ...]) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def error(self, message: str, path: tuple[str, ...]) -> StudyFileError:
        return StudyFileError(
            message, file=self.file, line=self.line(path), key=".".join(path) or None
        )

    def unknown(self, path: tuple[str, ...], valid, what: str) -> StudyFileError:
        valid = sorted(valid)
        near = difflib.get_close_matches(path[-1], valid, n=1, cutoff=0.5)
        # One suggestion reads better than a list of 50 names; list them when none is near.
        hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(valid)}"
        return self.error(f"unknown {what} key '{path[-1]}'; {hint}", path)


# --------------------------------------------------------------------------- sections


def _spec_fields() -> list[str]:
    return [f.name for f in dataclasses.fields(SatelliteSpec)]


_TECHNOLOGY_KINDS = {
    "accelerator": "accelerators",
    "solar_array": "solar_arrays",
    "radiator": "radiators",
    "coating": "coatings",
    "battery": "batteries",
}


def _parse_spec(values: Mapping, context: _Context, prefix: tuple[str, ...]):
    """Validate ``[spec]`` key by key (so an error names its line), then as a whole."""
    names = _spec_fields()
    base = SatelliteSpec()
    for key, value in values.items():
        path = prefix + (key,)
        if key not in names:
            raise context.unknown(path, names, "spec")
        if isinstance(value, Mapping):
            raise context.error(
                f"spec field '{key}' takes a number, a text or true/false, not a table", path
            )
        try:
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e308:
                raise InputError(f"{key} = {str(value)[:12]}... is beyond the float range")
            single = base.replace(**{key: value})
            if key in _TECHNOLOGY_KINDS and isinstance(value, str):
                single.entry(key)  # resolve the catalog key now, not at solve time
        except (InputError, CatalogError) as error:
            raise context.error(str(error), path) from None
    try:
        return SatelliteSpec(**dict(values))
    except (InputError, CatalogError) as error:
        # A rule across fields (e.g. harness + structure fractions): point at the first
        # key the message names.
        named = [key for key in values if re.search(rf"\b{re.escape(key)}\b", str(error))]
        key = named[0] if named else next(iter(values), None)
        raise context.error(str(error), prefix + ((key,) if key else ())) from None


def _parse_study_section(values: Mapping, context: _Context) -> dict:
    out = {}
    for key, value in values.items():
        path = ("study", key)
        if key not in _STUDY_KEYS:
            raise context.unknown(path, _STUDY_KEYS, "[study]")
        if not isinstance(value, str):
            raise context.error(f"'{key}' must be a text; got {value!r}", path)
        out[key] = value
    if "objective" in out:
        out["objective"] = _check_objective(out["objective"], context, ("study", "objective"))
    return out


def _check_objective(value, context: _Context, path) -> str:
    if value not in OBJECTIVES:
        near = difflib.get_close_matches(str(value), OBJECTIVES, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise context.error(
            f"objective = {value!r} is not one of {', '.join(OBJECTIVES)}{hint}", path
        )
    return value


def _fleet_keywords() -> list[str]:
    """Keyword names of ``plan_fleet`` besides the design and economics."""
    signature = inspect.signature(plan_fleet)
    return [
        name for name, parameter in list(signature.parameters.items())[1:]
        if parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and name != "economics"
    ]


def _parse_fleet(values: Mapping, context: _Context) -> dict:
    keywords = _fleet_keywords()
    out = {}
    for key, value in values.items():
        path = ("fleet", key)
        if key not in keywords:
            raise context.unknown(path, keywords, "[fleet]")
        if isinstance(value, Mapping):
            raise context.error(f"'{key}' takes a value, not a table", path)
        try:
            _check_fleet_value(key, value)
        except (InputError, CatalogError) as error:
            raise context.error(str(error), path) from None
        out[key] = value
    if "target_it_power" in out and "target_compute" in out:
        raise context.error("give one of target_it_power [W] and target_compute [FLOP/s], "
                            "not both", ("fleet", "target_compute"))
    return out


def _check_fleet_value(key: str, value) -> None:
    """Check the [fleet] values whose meaning is known here, so errors carry a line."""
    if key == "vehicle":
        if not isinstance(value, str):
            raise InputError(f"vehicle must be a launch_vehicles catalog key; got {value!r}")
        catalog.get("launch_vehicles", value)
    elif key in ("target_it_power", "target_compute"):
        unit = "W" if key == "target_it_power" else "FLOP/s"
        check_scalar(value, key, low=0.0, low_open=True, unit=unit)
    elif key == "years":
        check_positive_int(value, "years")


def _parse_economics(values: Mapping, context: _Context) -> dict:
    names = [f.name for f in dataclasses.fields(Economics)]
    for key, value in values.items():
        path = ("economics", key)
        if key not in names:
            raise context.unknown(path, names, "[economics]")
        try:
            Economics(**{key: value})
        except (InputError, TypeError) as error:
            raise context.error(str(error), path) from None
    try:
        Economics(**dict(values))
    except (InputError, TypeError) as error:
        raise context.error(str(error), ("economics",)) from None
    return dict(values)


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number; got {value!r}")
    return float(value)


def _grid_values(name: str, value) -> list:
    """A grid axis from a list of values or {start, stop, n[, scale]} / {values}."""
    if isinstance(value, list):
        if not value:
            raise InputError(f"field '{name}' has no values")
        return list(value)
    if not isinstance(value, Mapping):
        raise InputError(
            f"field '{name}' must be a list of values or {{ start, stop, n }}; got {value!r}"
        )
    unknown = [key for key in value if key not in ("start", "stop", "n", "scale", "values")]
    if unknown:
        near = difflib.get_close_matches(unknown[0], _RANGE_KEYS, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise InputError(f"field '{name}': unknown key '{unknown[0]}'{hint}")
    if "values" in value:
        if len(value) != 1:
            raise InputError(f"field '{name}': give either values or start/stop/n")
        return _grid_values(name, value["values"])
    missing = [key for key in ("start", "stop", "n") if key not in value]
    if missing:
        raise InputError(f"field '{name}' needs {', '.join(missing)}")
    return _range(name, value["start"], value["stop"], value["n"], value.get("scale", "linear"))


def _range(name: str, start, stop, count, scale) -> list[float]:
    start = _number(start, f"field '{name}' start")
    stop = _number(stop, f"field '{name}' stop")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InputError(f"field '{name}' n = {count!r} must be a whole number >= 1")
    if scale not in ("linear", "log"):
        raise InputError(f"field '{name}' scale = {scale!r} is not one of 'linear', 'log'")
    if scale == "log":
        if start <= 0 or stop <= 0:
            raise InputError(f"field '{name}': a log scale needs start and stop > 0")
        return [float(v) for v in np.geomspace(start, stop, count)]
    return [float(v) for v in np.linspace(start, stop, count)]


def _lhs_bounds(name: str, value) -> tuple:
    if isinstance(value, Mapping):
        unknown = [key for key in value if key not in ("low", "high", "scale")]
        if unknown:
            near = difflib.get_close_matches(unknown[0], _RANGE_KEYS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(f"field '{name}': unknown key '{unknown[0]}'{hint}")
        if "low" not in value or "high" not in value:
            raise InputError(f"field '{name}' needs low and high")
        value = [value["low"], value["high"], value.get("scale", "linear")]
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise InputError(
            f"field '{name}' must be [low, high], [low, high, \"log\"] or {{ low, high }}; "
            f"got {value!r}"
        )
    low = _number(value[0], f"field '{name}' low")
    high = _number(value[1], f"field '{name}' high")
    if not high > low:
        raise InputError(f"field '{name}': high = {high:g} must exceed low = {low:g}")
    scale = value[2] if len(value) == 3 else "linear"
    if scale not in ("linear", "log"):
        raise InputError(f"field '{name}' scale = {scale!r} is not one of 'linear', 'log'")
    if scale == "log" and low <= 0:
        raise InputError(f"field '{name}': a log scale needs low > 0")
    return (low, high, scale) if scale == "log" else (low, high)


def check_field_path(spec, name: str) -> str:
    """Check that ``name`` is a spec field or ``technology.field`` of a catalog entry.

    Raises
    ------
    InputError
        Naming the nearest valid field.
    """
    names = [f.name for f in dataclasses.fields(spec)]
    head, _, rest = name.partition(".")
    if head not in names:
        near = difflib.get_close_matches(head, names, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise InputError(f"field '{name}': '{head}' is not a SatelliteSpec field{hint}")
    if rest:
        if head not in _TECHNOLOGY_KINDS:
            raise InputError(
                f"field '{name}': only technology fields ({', '.join(_TECHNOLOGY_KINDS)}) "
                "have sub-fields"
            )
        entry = spec.entry(head)
        sub = [f.name for f in dataclasses.fields(entry) if f.name not in ("key", "name",
                                                                             "sources")]
        if rest not in sub:
            near = difflib.get_close_matches(rest, sub, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(
                f"field '{name}': '{rest}' is not a field of {type(entry).__name__}{hint}"
            )
    return name


def _sweep_method(values: Mapping, context: _Context) -> str:
    method = values.get("method", "grid")
    if method not in _SWEEP_METHODS:
        near = difflib.get_close_matches(str(method), _SWEEP_METHODS, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise context.error(
            f"method = {method!r} is not one of 'grid', 'latin_hypercube'{hint}",
            ("sweep", "method"),
        )
    return method


def _sweep_integers(values: Mapping, context: _Context, method: str) -> dict:
    """``samples``, ``seed`` and ``workers``: whole numbers; the first two for LHS only."""
    integers = {}
    for key in ("samples", "seed", "workers"):
        if key in values:
            value = values[key]
            minimum = 0 if key == "seed" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise context.error(
                    f"{key} = {value!r} must be a whole number >= {minimum}", ("sweep", key)
                )
            integers[key] = value
    for key in ("samples", "seed"):
        if method == "grid" and key in integers:
            raise context.error(
                f"{key} applies to latin_hypercube sweeps, not to a grid", ("sweep", key)
            )
        if method != "grid" and key not in integers:
            raise context.error(f"a latin_hypercube sweep needs {key}", ("sweep",))
    return integers


def _sweep_fields(values: Mapping, context: _Context, spec, method: str) -> dict:
    """``[sweep.fields]``: grid values or Latin-hypercube bounds per checked field path."""
    fields = values.get("fields")
    if not isinstance(fields, Mapping) or not fields:
        raise context.error(
            "a sweep needs a [sweep.fields] table: field = values or range", ("sweep",)
        )
    parse = _grid_values if method == "grid" else _lhs_bounds
    parsed = {}
    for name, value in _flatten_fields(fields):
        try:
            check_field_path(spec, name)
            parsed[name] = parse(name, value)
        except (InputError, CatalogError) as error:
            raise context.error(str(error), ("sweep", "fields", *name.split("."))) from None
    return parsed


def _parse_sweep(values: Mapping, context: _Context, spec, objective: str) -> SweepPlan:
    for key in values:
        if key not in _SWEEP_KEYS:
            raise context.unknown(("sweep", key), _SWEEP_KEYS, "[sweep]")
    method = _sweep_method(values, context)
    objective = _check_objective(values.get("objective", objective), context,
                                 ("sweep", "objective"))
    integers = _sweep_integers(values, context, method)
    return SweepPlan(method, objective, _sweep_fields(values, context, spec, method),
                     **integers)


def _flatten_fields(fields: Mapping, prefix: str = ""):
    """[sweep.fields] entries; ``radiator.areal_density = ...`` parses as a nested table."""
    for key, value in fields.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not (set(value) & set(_RANGE_KEYS)):
            yield from _flatten_fields(value, f"{name}.")
        else:
            yield name, value


# ------------------------------------------------------------------------------ public


def _read(path) -> tuple[str, str]:
    if not isinstance(path, (str, Path)) or not str(path):
        raise InputError(f"path must be a file path; got {path!r}")
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise StudyFileError("no such file", file=str(path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:  # ValueError: NUL in a path
        raise StudyFileError(f"cannot read the file: {error}", file=repr(str(path))[1:-1]) \
            from None


def _load_toml(text: str, file: str | None) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise StudyFileError(
            f"not valid TOML: {error}", file=file, line=int(match.group(1)) if match else None
        ) from None
    except ValueError as error:  # e.g. an integer beyond Python's 4300-digit conversion limit
        raise StudyFileError(f"not readable as TOML: {error}", file=file) from None


def parse_study(text: str, *, file: str | None = None) -> StudyFile:
    """Validate the text of a study file (see the module docstring for the layout).

    Parameters
    ----------
    text : str
        TOML text.
    file : str, optional
        File name used in error messages.

    Returns
    -------
    StudyFile

    Raises
    ------
    StudyFileError
        Invalid TOML, unknown section or key (with the nearest valid one), or an invalid
        value; the message names the file, the line and the key.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str; got {type(text).__name__}")
    data = _load_toml(text, file)
    context = _Context(file, text)
    sections = {key: value for key, value in data.items() if isinstance(value, Mapping)}
    loose = {key: value for key, value in data.items() if not isinstance(value, Mapping)}
    for key in sections:
        if key not in SECTIONS:
            raise context.unknown((key,), SECTIONS, "section")
    if loose and sections:
        key = next(iter(loose))
        raise context.error(
            f"'{key}' is outside any section; put spec fields under [spec]"
            + (f" (did you mean [spec] {key} = ...?)" if key in _spec_fields() else ""),
            (key,),
        )
    if loose:  # a bare spec file
        spec_values, prefix = loose, ()
    else:
        spec_values, prefix = dict(sections.get("spec", {})), ("spec",)
    study = _parse_study_section(sections.get("study", {}), context)
    spec = _parse_spec(spec_values, context, prefix)
    objective = study.get("objective", "max_compute")
    fleet = _parse_fleet(sections["fleet"], context) if "fleet" in sections else None
    economics = (
        _parse_economics(sections["economics"], context) if "economics" in sections else None
    )
    sweep = _parse_sweep(sections["sweep"], context, spec, objective) if "sweep" in sections \
        else None
    title = study.get("title") or (Path(file).stem if file else "Study")
    return StudyFile(
        path=Path(file) if file else None,
        title=title,
        description=study.get("description", ""),
        objective=objective,
        spec=spec,
        spec_values=dict(spec_values),
        fleet=fleet,
        economics=economics,
        sweep=sweep,
    )


def load_study(path) -> StudyFile:
    """Read and validate a study file (see :func:`parse_study`).

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.

    Returns
    -------
    StudyFile
    """
    text, file = _read(path)
    return parse_study(text, file=file)


def load_spec(path):
    """The :class:`~thermaldesign.sizing.SatelliteSpec` of the TOML file at ``path``.

    The file holds spec fields at the top level, or a study file's ``[spec]`` section; it
    is read and validated by :func:`load_study`.
    """
    return load_study(path).spec


def _scalar_text(text: str):
    """Command-line text -> bool, number or text (a catalog key), the way TOML reads it."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    whole = math.isfinite(number) and number.is_integer() and "." not in text \
        and "e" not in lowered
    return int(number) if whole else number  # inf stays a float: validation rejects it


def apply_overrides(spec, assignments):
    """Apply command-line ``name=value`` assignments to a spec (``--set mass_limit=5000``).

    Parameters
    ----------
    spec : SatelliteSpec
        The spec to change.
    assignments : sequence of str
        ``name=value`` with a SatelliteSpec field name; values are read as TOML would:
        numbers (SI), ``true``/``false``, or text (catalog keys, choices).

    Returns
    -------
    SatelliteSpec
        A validated copy.

    Raises
    ------
    InputError
        Malformed assignment, unknown field (naming the nearest) or invalid value.
    """
    changes = {}
    names = [f.name for f in dataclasses.fields(spec)]
    for text in assignments:
        if not isinstance(text, str) or "=" not in text:
            raise InputError(f"--set {text!r} must look like name=value, e.g. mass_limit=5000")
        name, _, value = (part.strip() for part in text.partition("="))
        if name not in names:
            near = difflib.get_close_matches(name, names, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(f"--set {name}: not a SatelliteSpec field{hint}")
        changes[name] = _scalar_text(value)
    if not changes:
        return spec
    updated = spec.replace(**changes)
    for name, value in changes.items():
        if name in _TECHNOLOGY_KINDS and isinstance(value, str):
            updated.entry(name)  # an unknown catalog key fails now, with its suggestion
    return updated


def parse_sweep_field(text: str, spec=None) -> tuple[str, list[float]]:
    """Parse a command-line sweep field ``name=start:stop:n[:log]`` or ``name=v1,v2,...``.

    Parameters
    ----------
    text : str
        E.g. ``"launch_price_per_kg=100:3600:8:log"`` or ``"mass_limit=2000,3000"``.
    spec : SatelliteSpec, optional
        Checks the field name against it.

    Returns
    -------
    (str, list)
        Field path and its grid values (SI; text values stay text, e.g. catalog keys).
    """
    if not isinstance(text, str) or "=" not in text:
        raise InputError(
            f"--field {text!r} must look like name=start:stop:n[:log] or name=v1,v2,..."
        )
    name, _, values = (part.strip() for part in text.partition("="))
    if not name or not values:
        raise InputError(f"--field {text!r} needs a name and values")
    if spec is not None:
        check_field_path(spec, name)
    if ":" in values:
        parts = values.split(":")
        if len(parts) not in (3, 4):
            raise InputError(f"--field {text!r}: a range is start:stop:n or start:stop:n:log")
        try:
            start, stop = float(parts[0]), float(parts[1])
            count = int(parts[2])
        except ValueError:
            raise InputError(
                f"--field {text!r}: start and stop must be numbers and n a whole number"
            ) from None
        return name, _range(name, start, stop, count, parts[3] if len(parts) == 4 else "linear")
    out: list = []
    for item in values.split(","):
        item = item.strip()
        try:
            out.append(float(item))
        except ValueError:
            out.append(item)  # a catalog key
    return name, out
