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

from .errors import CatalogError, InputError, StudyFileError

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
        from . import studytools

        if self.method == "grid":
            return studytools.grid_sweep(
                spec, self.fields, objective=self.objective, workers=self.workers,
                progress=progress, checkpoint=checkpoint,
            )
        return studytools.latin_hypercube_sweep(
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


def _spec_class():
    from .sizing import SatelliteSpec

    return SatelliteSpec


def _spec_fields() -> list[str]:
    return [f.name for f in dataclasses.fields(_spec_class())]


_TECHNOLOGY_KINDS = {
    "accelerator": "accelerators",
    "solar_array": "solar_arrays",
    "radiator": "radiators",
    "coating": "coatings",
    "battery": "batteries",
}


def _parse_spec(values: Mapping, context: _Context, prefix: tuple[str, ...]):
    """Validate ``[spec]`` key by key (so an error names its line), then as a whole."""
    spec_class = _spec_class()
    names = _spec_fields()
    base = spec_class()
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
        return spec_class(**dict(values))
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
    from .sizing import OBJECTIVES

    if value not in OBJECTIVES:
        near = difflib.get_close_matches(str(value), OBJECTIVES, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise context.error(
            f"objective = {value!r} is not one of {', '.join(OBJECTIVES)}{hint}", path
        )
    return value


def _fleet_keywords() -> list[str] | None:
    """Keyword names of ``plan_fleet`` besides the design and economics; None if absent."""
    try:
        from . import fleet
    except ImportError:
        return None
    plan_fleet = getattr(fleet, "plan_fleet", None)
    if plan_fleet is None:
        return None
    signature = inspect.signature(plan_fleet)
    return [
        name for name, parameter in list(signature.parameters.items())[1:]
        if parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and name != "economics"
    ]


def _economics_class():
    try:
        from . import fleet
    except ImportError:
        return None
    cls = getattr(fleet, "Economics", None) or getattr(fleet, "FleetEconomics", None)
    return cls if dataclasses.is_dataclass(cls) else None


def _parse_fleet(values: Mapping, context: _Context) -> dict:
    keywords = _fleet_keywords()
    if keywords is None:
        raise context.error(
            "the fleet model (td.plan_fleet) is not available in this version; remove "
            "the [fleet] section", ("fleet",)
        )
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
    from ._validation import check_positive_int, check_scalar

    if key == "vehicle":
        if not isinstance(value, str):
            raise InputError(f"vehicle must be a launch_vehicles catalog key; got {value!r}")
        from . import catalog

        catalog.get("launch_vehicles", value)
    elif key in ("target_it_power", "target_compute"):
        unit = "W" if key == "target_it_power" else "FLOP/s"
        check_scalar(value, key, low=0.0, low_open=True, unit=unit)
    elif key == "years":
        check_positive_int(value, "years")


def _parse_economics(values: Mapping, context: _Context) -> dict:
    cls = _economics_class()
    if cls is None:
        raise context.error(
            "the fleet model has no economics object in this version; remove the "
            "[economics] section", ("economics",)
        )
    names = [f.name for f in dataclasses.fields(cls)]
    for key, value in values.items():
        path = ("economics", key)
        if key not in names:
            raise context.unknown(path, names, "[economics]")
        try:
            cls(**{key: value})
        except (InputError, TypeError) as error:
            raise context.error(str(error), path) from None
    try:
        cls(**dict(values))
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


def _parse_sweep(values: Mapping, context: _Context, spec, objective: str) -> SweepPlan:
    for key in values:
        if key not in _SWEEP_KEYS:
            raise context.unknown(("sweep", key), _SWEEP_KEYS, "[sweep]")
    method = values.get("method", "grid")
    if method not in _SWEEP_METHODS:
        near = difflib.get_close_matches(str(method), _SWEEP_METHODS, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise context.error(
            f"method = {method!r} is not one of 'grid', 'latin_hypercube'{hint}",
            ("sweep", "method"),
        )
    objective = _check_objective(values.get("objective", objective), context,
                                 ("sweep", "objective"))
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
    if method == "grid":
        for key in ("samples", "seed"):
            if key in integers:
                raise context.error(
                    f"{key} applies to latin_hypercube sweeps, not to a grid", ("sweep", key)
                )
    else:
        for key in ("samples", "seed"):
            if key not in integers:
                raise context.error(f"a latin_hypercube sweep needs {key}", ("sweep",))
    fields = values.get("fields")
    if not isinstance(fields, Mapping) or not fields:
        raise context.error(
            "a sweep needs a [sweep.fields] table: field = values or range", ("sweep",)
        )
    parsed = {}
    for name, value in _flatten_fields(fields):
        path = ("sweep", "fields", *name.split("."))
        try:
            check_field_path(spec, name)
            parsed[name] = _grid_values(name, value) if method == "grid" else _lhs_bounds(
                name, value)
        except (InputError, CatalogError) as error:
            raise context.error(str(error), path) from None
    return SweepPlan(method, objective, parsed, **integers)


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
    """Read a spec file (spec fields at the top level, or a study file's ``[spec]``).

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.

    Returns
    -------
    SatelliteSpec
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


# --------------------------------------------------------------------------- running

#: Launch prices of the cost-vs-launch-price curve of a study report [USD/kg].
_LAUNCH_PRICES = (20.0, 20_000.0)
#: Relative input change shown in the tornado chart of a study report [-].
_TORNADO_STEP = 0.10
_OBJECTIVE_WORDS = {
    "max_compute": "compute",
    "min_mass_per_compute": "mass per compute",
    "min_cost_per_compute": "cost per compute",
}


def _headline(design) -> str:
    return (
        f"The {design.objective.replace('_', ' ')} design carries {design.gpu_count:,.0f} "
        f"accelerators: {design.compute / 1e15:,.1f} PFLOP/s dense BF16 at "
        f"{design.it_power / 1e3:,.1f} kW of IT power, in a {design.total_mass:,.0f} kg "
        f"satellite ({design.it_power / design.total_mass:,.1f} W/kg). It needs "
        f"{design.solar_array_area:,.0f} m² of solar array and {design.radiator_area:,.0f} m² "
        f"of radiator at {design.radiator_temperature:,.1f} K "
        f"({design.radiator_temperature - 273.15:,.1f} °C). Binding constraints: "
        f"{', '.join(design.binding_constraints) or 'none'}."
    )


def _fleet_rows(plan) -> list[list]:
    """Scalar fields of a fleet plan with units, for a report table."""
    units = {
        "satellite_count": "-", "satellites_per_launch": "-", "launch_count": "-",
        "satellites_launched": "-", "deployment_years": "yr", "total_launched_mass": "kg",
        "launch_price_per_kg": "USD/kg", "effective_launch_price_per_kg": "USD/kg",
        "residual_value": "USD", "total_cost": "USD", "delivered_flop": "FLOP",
        "delivered_gpu_hours": "h", "cost_per_gpu_hour": "USD/h",
        "cost_per_pflop_day": "USD/(PFLOP/s·day)", "launched_power_price": "USD/(kW·yr)",
        "terrestrial_cost_per_gpu_hour": "USD/h", "terrestrial_cost": "USD",
        "terrestrial_water_volume": "m³", "break_even_launch_price": "USD/kg",
    }
    rows = [["vehicle", plan.vehicle, ""], ["horizon", plan.years, "yr"]]
    for name, unit in units.items():
        value = getattr(plan, name, None)
        rows.append([name.replace("_", " "), "none" if value is None else value, unit])
    for group in ("capex_breakdown", "opex_breakdown", "terrestrial_breakdown"):
        for key, value in getattr(plan, group, {}).items():
            rows.append([f"{group.split('_')[0]}: {key.replace('_', ' ')}", value, "USD"])
    return rows


def _cost_curve(design, fleet_keywords: dict, economics, count: int):
    """Fleet cost per GPU-hour over launch prices (each a full fleet plan) [USD/h]."""
    from .fleet import plan_fleet

    prices = np.geomspace(*_LAUNCH_PRICES, count)
    costs = np.array([
        plan_fleet(design, economics=dataclasses.replace(economics, launch_price_per_kg=p),
                   **fleet_keywords).cost_per_gpu_hour
        for p in prices
    ])
    return prices, costs


def run_study(study: StudyFile, out_dir, *, small: bool = False, progress=None) -> dict:
    """Run a study file and write its report folder.

    Sizes the spec, plans the fleet (``[fleet]``), runs the sweep (``[sweep]``), and
    writes ``out_dir`` with :class:`thermaldesign.report.Report`: headline summary, the
    design table and its breakdowns, a tornado of the ten most sensitive inputs (each
    moved by +-10 % alone and the satellite re-sized, :func:`thermaldesign.tornado`), the
    radiator area per MW of the spec's coatings, the cost per compute over launch price
    and radiator areal density, the fleet table, timeline and cost vs launch price with
    the terrestrial line, the sweep data, and every input with its source.

    Parameters
    ----------
    study : StudyFile
        From :func:`load_study` or :func:`parse_study`.
    out_dir : str or os.PathLike
        Report folder (replaced atomically if it holds an earlier report).
    small : bool
        Fewer points in the derived curves (for tests and quick looks).
    progress : bool, optional
        Progress bar of the sweep (None: after 2 s).

    Returns
    -------
    dict
        ``report`` (folder path), ``design`` headline numbers, and ``fleet`` and
        ``sweep`` summaries when present (SI units).
    """
    from . import plots
    from .fleet import Economics, plan_fleet
    from .report import Report, check_folder
    from .sizing import size_satellite
    from .studytools import design_outputs

    check_folder(out_dir)  # fail before the computation, not after it
    spec = study.spec
    design = size_satellite(spec, study.objective)
    outcome: dict[str, Any] = {"design": design_outputs(design)}
    # A small run is a quick look: lighter PNGs render in half the time.
    report = Report(study.title, subtitle=study.description or None,
                    dpi=100 if small else 150)
    report.add_summary(_headline(design))

    report.add_section("Satellite design")
    report.add_table([list(row) for row in design.rows() if not row[0].startswith(
        ("sensitivity:", "mass:", "power:", "heat:", "cost:"))],
        columns=["quantity", "value", "unit", "description"], title="Design (SI units)")
    report.add_table(
        [[name, value, "kg"] for name, value in design.mass_breakdown.items()]
        + [[f"cost: {name}", value, "USD"] for name, value in design.cost_breakdown.items()],
        columns=["part", "value", "unit"], title="Mass and cost breakdown",
    )
    report.add_figure(plots.mass_breakdown(design), "mass-breakdown.png",
                      caption="Mass breakdown of the satellite [kg]")
    report.add_figure(plots.power_breakdown(design), "power-breakdown.png",
                      caption="Electrical power: loads, losses and array output [W]")
    report.add_figure(plots.heat_breakdown(design), "heat-breakdown.png",
                      caption="Heat: sources, absorbed environment and heat emitted [W]")
    ranked = sorted(design.sensitivities.items(), key=lambda item: -abs(item[1]))[:10]
    if ranked:
        from .studytools import tornado

        swings = tornado(design, [name for name, _ in ranked], variation=_TORNADO_STEP,
                         progress=False)
        word = _OBJECTIVE_WORDS.get(design.objective, "objective")
        report.add_figure(
            plots.tornado(swings, x_label=f"Change in {word} [%]", low_label="input -10 %",
                          high_label="input +10 %"),
            "tornado.png",
            caption=f"Change in {word} when each of the ten most sensitive inputs moves by "
            "-10 % and +10 % alone, the satellite re-sized at each end",
        )
    coatings = [spec.entry("coating").key, "osr_quartz", "silvered_teflon"]
    report.add_figure(
        plots.radiator_area_vs_temperature(
            np.linspace(260.0, 420.0, 41 if small else 161),
            coatings=list(dict.fromkeys(coatings)), radiator_technology=spec.entry("radiator"),
            altitude=spec.altitude,
        ),
        "radiator-area.png",
        caption="Ideal radiator area and mass per MW rejected vs temperature for the "
        "spec's radiator technology and coatings (edge-on panel, hot case, end of life)",
    )
    from .studytools import pareto_front

    front = pareto_front(spec, "total_mass", "compute", points=6 if small else 12,
                         progress=False)
    report.add_figure(
        plots.pareto_front(front, title="Pareto front: compute vs satellite mass"),
        "pareto-compute-mass.png",
        caption="Most compute for each satellite mass (epsilon-constraint method, exact "
        "integer GPU counts): every point is a non-dominated design",
    )
    front = pareto_front(spec, "radiator_temperature", "cost_per_compute",
                         points=5 if small else 10, progress=False)
    report.add_figure(
        plots.pareto_front(front, title="Pareto front: cost per compute vs radiator "
                           "temperature"),
        "pareto-cost-temperature.png",
        caption="Lowest hardware plus launch cost per compute for each radiator temperature "
        "bound (epsilon-constraint method): a colder radiator needs more area and mass",
    )
    prices = np.geomspace(100.0, 10_000.0, 3 if small else 7)
    density = spec.entry("radiator").areal_density
    densities = np.linspace(0.25 * density, 1.5 * density, 3 if small else 5)
    grid = plots.cost_per_compute_grid(spec, prices, densities, progress=False)
    if np.isfinite(grid).any():
        report.add_figure(
            plots.cost_contour(prices, densities, grid * 1e12,
                               cost_label="Cost per compute [USD/(TFLOP/s)]"),
            "cost-contour.png",
            caption="Hardware plus launch cost per unit compute of the cost-optimal satellite "
            "over launch price and radiator areal density (each point re-sized)",
        )
    report.add_data("design.json", design, description="the sized design, SI units")

    if study.fleet is not None:
        economics = Economics(**(study.economics or {}))
        keywords = dict(study.fleet)
        if "target_it_power" not in keywords and "target_compute" not in keywords:
            keywords["target_it_power"] = design.it_power
        plan = plan_fleet(design, economics=economics, **keywords)
        outcome["fleet"] = {
            "satellite_count": plan.satellite_count, "launch_count": plan.launch_count,
            "cost_per_gpu_hour": plan.cost_per_gpu_hour,
            "terrestrial_cost_per_gpu_hour": plan.terrestrial_cost_per_gpu_hour,
            "break_even_launch_price": plan.break_even_launch_price,
        }
        report.add_section("Fleet")
        report.add_paragraph(
            f"{plan.satellite_count:,} satellites on {plan.vehicle} "
            f"({plan.satellites_per_launch} per launch, {plan.launch_count:,} launches in "
            f"{plan.years} years) deliver compute at {plan.cost_per_gpu_hour:,.2f} USD per "
            f"GPU-hour against {plan.terrestrial_cost_per_gpu_hour:,.2f} USD on the ground "
            f"({plan.terrestrial}). {plan.break_even_note}"
        )
        report.add_table(_fleet_rows(plan), columns=["quantity", "value", "unit"],
                         title="Fleet plan")
        report.add_figure(plots.fleet_timeline(plan), "fleet-timeline.png",
                          caption="IT power in orbit (yearly average) and launches per year")
        prices, costs = _cost_curve(design, keywords, economics, 9 if small else 25)
        report.add_figure(
            plots.cost_vs_launch_price(
                prices, {"orbit": costs}, terrestrial_cost=plan.terrestrial_cost_per_gpu_hour,
                cost_label="Cost per GPU-hour [USD/h]",
                terrestrial_label=f"ground ({plan.terrestrial})",
            ),
            "cost-vs-launch-price.png",
            caption="Levelized fleet cost per delivered GPU-hour vs launch price (a fleet "
            "plan per point), with the ground cost and the break-even launch price",
        )
        report.add_data("fleet.json", plan, description="the fleet plan, SI units and USD")
        report.add_data("cost-vs-launch-price.csv",
                        {"launch_price_per_kg": prices, "cost_per_gpu_hour": costs},
                        description="launch price [USD/kg], cost per GPU-hour [USD/h]")

    if study.sweep is not None:
        result = study.sweep.run(spec, progress=progress)
        failures = result.failures()
        outcome["sweep"] = {"points": len(result), "failures": failures}
        report.add_section("Sweep")
        report.add_paragraph(
            f"{study.sweep.method.replace('_', ' ')} sweep of {len(result):,} points over "
            f"{', '.join(study.sweep.fields)} ({study.sweep.objective}); "
            f"{int(result.ok.sum()):,} closed"
            + (f", failures: {', '.join(f'{k} {v}' for k, v in failures.items())}."
               if failures else ".")
        )
        summary = result.summary()
        report.add_table(
            [{"output": name, **values} for name, values in summary.items()],
            title="Outputs over the closed points: mean, spread and percentiles (SI units)",
        )
        report.add_data("sweep.csv", _sweep_columns(result),
                        description="every sweep point: inputs, outputs, status, reason")

    report.describe_inputs(
        "Every spec input with where its value comes from (the study file, the spec's "
        "documented default, or the catalog), then every field of the catalog entries "
        "used, with source, date and confidence."
    )
    for item in dataclasses.fields(spec):
        value = getattr(spec, item.name)
        if hasattr(value, "KIND"):
            value = value.key
        elif value is None:
            try:  # an input that defaults to the catalog: show the value used
                value = spec.value(item.name)
            except (KeyError, InputError, CatalogError, TypeError):
                value = "none"
        source = (f"study file {study.path}" if study.path else "study file") \
            if item.name in study.spec_values else spec.source(item.name)
        report.add_input(f"spec.{item.name}", value, source=source)
    for technology in ("accelerator", "solar_array", "radiator", "coating", "battery"):
        report.add_catalog_entry(spec.entry(technology))
    folder = report.write(out_dir)
    outcome["report"] = str(folder)
    return outcome


def _sweep_columns(result) -> dict:
    columns = {name: np.asarray(values) for name, values in result.inputs.items()}
    columns.update({name: np.asarray(values) for name, values in result.outputs.items()})
    columns["status"] = np.asarray(result.status)
    columns["reason"] = np.asarray(result.reason)
    return columns
