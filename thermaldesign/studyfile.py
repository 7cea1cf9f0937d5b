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
    catalog = "my_parts.toml"  # optional: your own catalog file(s), beside this file

    [spec]                     # any SatelliteSpec field, SI units
    accelerator = "h100_sxm"   # a catalog key (`thermaldesign catalog` lists them)
    altitude = 550e3           # [m]
    mass_limit = 3000          # [kg]
    radiator = "deployable_heat_pipe"
    "radiator.areal_density" = 5.5   # one field of the chosen entry [kg/m^2]
    "accelerator.power" = 600        # [W]

    [fleet]                    # keywords of td.plan_fleet
    target_it_power = 1e9      # [W]
    vehicle = "starship"

    [economics]                # fields of the fleet model's economics object
    discount_rate = 0.08

    [sweep]
    method = "grid"            # or "latin_hypercube"
    objective = "min_cost_per_compute"
    # samples = 100            # latin_hypercube only
    # seed = 1                 # latin_hypercube only
    [sweep.fields]
    launch_price_per_kg = { start = 100, stop = 3600, n = 8, scale = "log" }
    mass_limit = [2000, 3000, 4000]            # grid: the values
    # latin_hypercube: [low, high] or [low, high, "log"]

    [pareto]                   # the front of two objectives (pareto_front)
    objective_x = "total_mass" # one of thermaldesign.studytools.PARETO_OBJECTIVES
    objective_y = "compute"
    points = 12                # designs solved along the front [-]
    integer = true             # whole GPU counts

    [montecarlo]               # uncertain inputs sampled through the sizing (monte_carlo)
    samples = 200              # draws [-]
    seed = 1
    sampling = "random"        # or "latin_hypercube"
    objective = "max_compute"  # default: the study's
    [montecarlo.fields]        # normal: mean, std | lognormal: median, sigma |
                               # uniform: low, high | triangular: low, mode, high
    launch_price_per_kg = { distribution = "lognormal", median = 500, sigma = 0.5 }
    "radiator.areal_density" = { distribution = "triangular", low = 6, mode = 11, high = 14 }

``thermaldesign init --kind KIND FILE`` writes a commented starter file of each kind
(size, fleet, sweep, pareto, montecarlo, custom), from :mod:`thermaldesign.examples`.

Every catalog field can be set by its dotted path ``technology.field`` (technology one
of accelerator, solar_array, radiator, coating, battery, fin_material, radiator_tube;
the fields are those of
``thermaldesign catalog KIND``), in SI units. Unquoted, ``radiator.areal_density = 5.5``
is TOML for a ``radiator`` table, which cannot stand beside ``radiator = "key"``: quote
the path to change a field of an entry the file chooses. On the command line:
``--set radiator.areal_density=5.5``.

Your own hardware
~~~~~~~~~~~~~~~~~
A section named after a technology (``[accelerator]``, ``[solar_array]``,
``[radiator]``, ``[coating]``, ``[battery]``, or ``[launch_vehicle]`` for the fleet)
describes one entry in the catalog's own layout (:mod:`thermaldesign.catalog`): an
optional ``key``, ``name``, every field of the kind with its unit, and a ``source``,
``date`` and ``confidence`` for every number::

    [accelerator]
    key = "card400"
    name = "Example 400 W accelerator card"
    source = "vendor datasheet rev. B"
    date = "2026-01"
    confidence = "medium"
    power = { value = 400, unit = "W" }
    server_power = { value = 200, unit = "W" }
    flops = { value = 500, unit = "TFLOP/s" }
    mass = { value = 8, unit = "kg" }
    junction_limit = { value = 90, unit = "degC" }
    cost = { value = 20000, unit = "USD" }

A catalog file of your own (``[study] catalog``, or ``--catalog FILE`` on the command
line) holds such entries for any kinds as ``[KIND.KEY]`` tables (``[accelerators.card400]``,
:func:`thermaldesign.catalog.load_user_catalog`); the spec then names them by key.

A key written in the wrong section is refused with the section it belongs in
(``'launch_learning_rate' belongs in [economics], not in [fleet]``).

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
from .studytools import (
    PARETO_OBJECTIVES,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    grid_sweep,
    latin_hypercube_sweep,
    monte_carlo,
    pareto_front,
)
from .studytools._execution import _set_path
from .studytools.pareto import _pareto_method

__all__ = [
    "DISTRIBUTIONS",
    "ENTRY_SECTIONS",
    "MonteCarloPlan",
    "ParetoPlan",
    "SECTIONS",
    "StudyFile",
    "SweepPlan",
    "apply_overrides",
    "check_field_path",
    "load_spec",
    "load_study",
    "parse_sweep_field",
    "parse_study",
    "set_fields",
]

#: Sections that describe one piece of hardware inline, in the catalog's layout, and the
#: catalog kind of each (the spec's technology fields, and the fleet's launch vehicle).
ENTRY_SECTIONS = {
    "accelerator": "accelerators",
    "solar_array": "solar_arrays",
    "radiator": "radiators",
    "coating": "coatings",
    "battery": "batteries",
    "launch_vehicle": "launch_vehicles",
}
SECTIONS = ("study", "spec", "fleet", "economics", "sweep", "pareto", "montecarlo",
            *ENTRY_SECTIONS)
_STUDY_KEYS = ("title", "description", "objective", "catalog")
_SWEEP_KEYS = ("method", "objective", "samples", "seed", "workers", "fields")
_SWEEP_METHODS = ("grid", "latin_hypercube")
_RANGE_KEYS = ("start", "stop", "n", "scale", "values", "low", "high")
_PARETO_KEYS = ("objective_x", "objective_y", "points", "integer")
_MONTE_CARLO_KEYS = ("samples", "seed", "objective", "sampling", "workers", "fields")
#: ``distribution = NAME`` of a [montecarlo.fields] entry -> its class (parameters: the
#: class's fields, in the unit of the field).
DISTRIBUTIONS = {"normal": Normal, "lognormal": LogNormal, "uniform": Uniform,
                 "triangular": Triangular}


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
class ParetoPlan:
    """A validated ``[pareto]`` section: two objectives traced against each other.

    Attributes
    ----------
    objective_x, objective_y : str
        Two of :data:`thermaldesign.studytools.PARETO_OBJECTIVES` forming a pair
        :func:`~thermaldesign.studytools.pareto_front` can trace.
    points : int
        Epsilon values (or GPU counts) to solve [-].
    integer : bool
        Exact integer GPU counts (True) or the continuous relaxation.
    """

    objective_x: str = "total_mass"
    objective_y: str = "compute"
    points: int = 12
    integer: bool = True

    def run(self, spec, *, progress=None):
        """The front on ``spec`` (:func:`~thermaldesign.studytools.pareto_front`)."""
        return pareto_front(spec, self.objective_x, self.objective_y, self.points,
                            integer=self.integer, progress=progress)


@dataclass(frozen=True)
class MonteCarloPlan:
    """A validated ``[montecarlo]`` section: uncertain inputs sampled through the sizing.

    Attributes
    ----------
    distributions : dict
        Field path -> :class:`~thermaldesign.studytools.Normal`, ``LogNormal``,
        ``Uniform`` or ``Triangular`` (SI, the unit of the field).
    samples : int
        Draws [-].
    seed : int
        Seed of the random generator (the same seed, the same result).
    objective : str
        Sizing objective of every draw.
    sampling : {"random", "latin_hypercube"}
        Independent random draws, or a Latin-hypercube design through each inverse CDF.
    workers : int or None
        Local worker processes (``None``: the default).
    """

    distributions: dict
    samples: int
    seed: int
    objective: str = "max_compute"
    sampling: str = "random"
    workers: int | None = None

    def run(self, spec, *, progress=None):
        """The draws on ``spec`` (:func:`~thermaldesign.studytools.monte_carlo`): a
        SweepResult."""
        return monte_carlo(spec, self.distributions, self.samples, seed=self.seed,
                           objective=self.objective, sampling=self.sampling,
                           workers=self.workers, progress=progress)


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
    pareto : ParetoPlan or None
        From ``[pareto]``.
    monte_carlo : MonteCarloPlan or None
        From ``[montecarlo]``.
    entries : dict
        The user's own catalog entries, kind -> {key -> entry}: from the catalog files of
        ``[study] catalog`` and of the ``catalogs`` argument, and the inline sections
        (``[accelerator]``, ...). :func:`apply_overrides` takes them to resolve keys.
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
    entries: dict = field(default_factory=dict)
    pareto: ParetoPlan | None = None
    monte_carlo: MonteCarloPlan | None = None


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
        homes = [section for section in _homes(path[-1]) if section != path[0]]
        if len(path) == 2 and homes:  # a valid key in the wrong section
            where = " or ".join(f"[{section}]" for section in homes)
            return self.error(f"'{path[-1]}' belongs in {where}, not in [{path[0]}]", path)
        valid = sorted(valid)
        near = difflib.get_close_matches(path[-1], valid, n=1, cutoff=0.5)
        # One suggestion reads better than a list of 50 names; list them when none is near.
        hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(valid)}"
        return self.error(f"unknown {what} key '{path[-1]}'; {hint}", path)


# --------------------------------------------------------------------------- sections


def _spec_fields() -> list[str]:
    return [f.name for f in dataclasses.fields(SatelliteSpec)]


def _homes(key: str) -> list[str]:
    """The sections in which ``key`` is a valid key (for "belongs in" hints)."""
    keys = {
        "study": _STUDY_KEYS,
        "spec": _spec_fields(),
        "fleet": _fleet_keywords(),
        "economics": [f.name for f in dataclasses.fields(Economics)],
        "sweep": _SWEEP_KEYS,
    }
    return [section for section, names in keys.items() if key in names]


_TECHNOLOGY_KINDS = {
    "accelerator": "accelerators",
    "solar_array": "solar_arrays",
    "radiator": "radiators",
    "coating": "coatings",
    "battery": "batteries",
    "fin_material": "fin_materials",
    "radiator_tube": "radiator_tubes",
}


def _resolve_key(field_name: str, value, entries: Mapping):
    """A technology field's catalog key -> the user's entry of that key, if there is one."""
    kind = _TECHNOLOGY_KINDS.get(field_name)
    if kind is not None and isinstance(value, str) and value in entries.get(kind, {}):
        return entries[kind][value]
    return value


def _check_spec_value(base, key: str, value, context: _Context, path) -> None:
    """One spec field on its own, so that its error names its line."""
    if isinstance(value, Mapping) and key != "layout":  # a layout is a table of its fields
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


def _split_spec_values(values: Mapping, context: _Context, prefix) -> tuple[dict, dict]:
    """``[spec]`` -> (whole fields, dotted catalog-field overrides).

    ``radiator.areal_density = 5`` reads in TOML as a ``radiator`` table; written quoted
    (``"radiator.areal_density" = 5``) it can stand beside ``radiator = "key"``.
    """
    names = _spec_fields()
    whole, dotted = {}, {}
    for key, value in values.items():
        head = key.partition(".")[0]
        if head not in names:
            raise context.unknown(prefix + (head,), names, "spec")
        if head in _TECHNOLOGY_KINDS and ("." in key or isinstance(value, Mapping)):
            items = _flatten_fields(value, f"{key}.") if isinstance(value, Mapping) else \
                [(key, value)]
            dotted.update(items)
        else:
            whole[key] = value
    return whole, dotted


def _parse_spec(values: Mapping, context: _Context, prefix: tuple[str, ...],
                entries: Mapping | None = None, inline: Mapping | None = None):
    """Validate ``[spec]`` key by key (so an error names its line), then as a whole.

    A technology field takes a catalog key (of the shipped catalog or of the user's
    ``entries``), or a table of overrides of its entry's fields (``radiator.areal_density
    = 5``); ``inline`` maps a field to an entry given as a section (``[accelerator]``).
    """
    entries, inline = entries or {}, inline or {}
    base = SatelliteSpec()
    whole, dotted = _split_spec_values(values, context, prefix)
    for key, value in list(whole.items()):
        whole[key] = _resolve_key(key, value, entries)
        _check_spec_value(base, key, whole[key], context, prefix + (key,))
    for key, entry in inline.items():
        if key in whole:
            raise context.error(f"'{key}' is given twice: in [spec] and as the [{key}] "
                                "section; keep one", prefix + (key,))
        whole[key] = entry
    try:
        spec = SatelliteSpec(**whole)
    except (InputError, CatalogError) as error:
        # A rule across fields (e.g. harness + structure fractions): point at the first
        # key the message names.
        named = [key for key in whole if re.search(rf"\b{re.escape(key)}\b", str(error))]
        key = named[0] if named else next(iter(whole), None)
        raise context.error(str(error), prefix + ((key,) if key else ())) from None
    for name, value in dotted.items():
        try:
            spec = set_fields(spec, {name: value})
        except (InputError, CatalogError, TypeError) as error:
            raise context.error(str(error), prefix + tuple(name.split("."))) from None
    return spec


def _user_catalogs(names, context: _Context, folder: Path | None) -> dict:
    """Entries of the user's catalog files, kind -> {key -> entry}; later files win."""
    found: dict = {}
    for name in names:
        path = Path(name)
        if folder is not None and not path.is_absolute():
            path = folder / path  # [study] catalog is relative to the study file
        try:
            for kind, table in catalog.load_user_catalog(path).items():
                found.setdefault(kind, {}).update(table)
        except CatalogError as error:
            raise context.error(str(error), ("study", "catalog")) from None
    return found


def _inline_entries(sections: Mapping, context: _Context) -> dict:
    """The entry sections (``[accelerator]``, ...) -> {section -> entry}."""
    inline = {}
    for section, kind in ENTRY_SECTIONS.items():
        if section not in sections:
            continue
        table = dict(sections[section])
        key = table.pop("key", f"custom_{section}")
        try:
            inline[section] = catalog.build_entry(kind, key, table,
                                                  file=context.file or "study file")
        except (CatalogError, InputError) as error:
            named = re.search(r"field '([^']+)'", str(error))
            raise context.error(str(error), (section, *((named.group(1),) if named else ())))\
                from None
    return inline


def _parse_study_section(values: Mapping, context: _Context) -> dict:
    out = {}
    for key, value in values.items():
        path = ("study", key)
        if key not in _STUDY_KEYS:
            raise context.unknown(path, _STUDY_KEYS, "[study]")
        if key == "catalog" and isinstance(value, list) and all(
                isinstance(item, str) and item for item in value):
            out[key] = value
            continue
        if not isinstance(value, str):
            raise context.error(f"'{key}' must be a text; got {value!r}", path)
        out[key] = [value] if key == "catalog" else value
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


def _parse_fleet(values: Mapping, context: _Context, entries: Mapping | None = None) -> dict:
    keywords = _fleet_keywords()
    vehicles = (entries or {}).get("launch_vehicles", {})
    out = {}
    for key, value in values.items():
        path = ("fleet", key)
        if key not in keywords:
            raise context.unknown(path, keywords, "[fleet]")
        if isinstance(value, Mapping):
            raise context.error(f"'{key}' takes a value, not a table", path)
        if key == "vehicle" and isinstance(value, str) and value in vehicles:
            out[key] = vehicles[value]  # the user's own launch vehicle
            continue
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


def _parse_pareto(values: Mapping, context: _Context) -> ParetoPlan:
    for key in values:
        if key not in _PARETO_KEYS:
            raise context.unknown(("pareto", key), _PARETO_KEYS, "[pareto]")
    names = list(PARETO_OBJECTIVES)
    for key in ("objective_x", "objective_y"):
        if key in values and values[key] not in names:
            near = difflib.get_close_matches(str(values[key]), names, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise context.error(f"{key} = {values[key]!r} is not one of {', '.join(names)}"
                                f"{hint}", ("pareto", key))
    points = values.get("points", ParetoPlan.points)
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise context.error(f"points = {points!r} must be a whole number >= 2",
                            ("pareto", "points"))
    integer = values.get("integer", True)
    if not isinstance(integer, bool):
        raise context.error(f"integer = {integer!r} must be true or false",
                            ("pareto", "integer"))
    plan = ParetoPlan(values.get("objective_x", ParetoPlan.objective_x),
                      values.get("objective_y", ParetoPlan.objective_y), points, integer)
    try:
        _pareto_method(plan.objective_x, plan.objective_y)
    except InputError as error:
        raise context.error(str(error), ("pareto",)) from None
    return plan


def _distribution(name: str, value):
    """A [montecarlo.fields] entry -> its distribution object."""
    if not isinstance(value, Mapping) or "distribution" not in value:
        raise InputError(
            f"field '{name}' needs a table {{ distribution = NAME, ... }} with NAME one of "
            f"{', '.join(DISTRIBUTIONS)}; got {value!r}")
    kind = value["distribution"]
    if kind not in DISTRIBUTIONS:
        near = difflib.get_close_matches(str(kind), DISTRIBUTIONS, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise InputError(f"field '{name}': distribution = {kind!r} is not one of "
                         f"{', '.join(DISTRIBUTIONS)}{hint}")
    cls = DISTRIBUTIONS[kind]
    parameters = {key: item for key, item in value.items() if key != "distribution"}
    expected = [item.name for item in dataclasses.fields(cls)]
    if sorted(parameters) != sorted(expected):
        raise InputError(f"field '{name}': a {kind} distribution takes "
                         f"{', '.join(expected)}; got {', '.join(parameters) or 'none'}")
    for key, item in parameters.items():
        _number(item, f"field '{name}' {key}")
    return cls(**parameters)


def _flatten_distributions(fields: Mapping, prefix: str = ""):
    for key, value in fields.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and "distribution" not in value:
            yield from _flatten_distributions(value, f"{name}.")
        else:
            yield name, value


def _parse_monte_carlo(values: Mapping, context: _Context, spec, objective: str):
    for key in values:
        if key not in _MONTE_CARLO_KEYS:
            raise context.unknown(("montecarlo", key), _MONTE_CARLO_KEYS, "[montecarlo]")
    for key in ("samples", "seed"):
        if key not in values:
            raise context.error(f"a Monte Carlo needs {key}", ("montecarlo",))
    for key, minimum in (("samples", 1), ("seed", 0), ("workers", 1)):
        value = values.get(key, minimum)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise context.error(f"{key} = {value!r} must be a whole number >= {minimum}",
                                ("montecarlo", key))
    sampling = values.get("sampling", "random")
    if sampling not in ("random", "latin_hypercube"):
        raise context.error(f"sampling = {sampling!r} is not one of 'random', "
                            "'latin_hypercube'", ("montecarlo", "sampling"))
    fields = values.get("fields")
    if not isinstance(fields, Mapping) or not fields:
        raise context.error("a Monte Carlo needs a [montecarlo.fields] table: field = "
                            "{ distribution = ..., ... }", ("montecarlo",))
    distributions = {}
    for name, value in _flatten_distributions(fields):
        try:
            check_field_path(spec, name)
            distributions[name] = _distribution(name, value)
        except (InputError, CatalogError) as error:
            raise context.error(str(error), ("montecarlo", "fields", *name.split("."))) \
                from None
    objective = _check_objective(values.get("objective", objective), context,
                                 ("montecarlo", "objective"))
    return MonteCarloPlan(distributions, values["samples"], values["seed"], objective,
                          sampling, values.get("workers"))


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


def _spec_section(data: Mapping, sections: Mapping, context: _Context):
    """The spec values and their key prefix: ``[spec]``, or a bare spec file's top level."""
    loose = {key: value for key, value in data.items() if not isinstance(value, Mapping)}
    if loose and sections:
        key = next(iter(loose))
        raise context.error(
            f"'{key}' is outside any section; put spec fields under [spec]"
            + (f" (did you mean [spec] {key} = ...?)" if key in _spec_fields() else ""),
            (key,),
        )
    if loose:  # a bare spec file
        return loose, ()
    return dict(sections.get("spec", {})), ("spec",)


def _all_entries(study: Mapping, inline: Mapping, catalogs, context: _Context) -> dict:
    """The user's entries: catalog files of ``[study] catalog`` then ``catalogs``, then the
    inline sections under their keys."""
    folder = Path(context.file).parent if context.file else None
    entries = _user_catalogs(study.get("catalog", []), context, folder)
    for kind, table in _user_catalogs(catalogs, context, None).items():
        entries.setdefault(kind, {}).update(table)
    for section, entry in inline.items():
        entries.setdefault(ENTRY_SECTIONS[section], {})[entry.key] = entry
    return entries


def _fleet_section(sections: Mapping, context: _Context, entries, inline) -> dict | None:
    """``[fleet]`` with the ``[launch_vehicle]`` section as its vehicle."""
    fleet = _parse_fleet(sections["fleet"], context, entries) if "fleet" in sections else None
    vehicle = inline.get("launch_vehicle")
    if vehicle is not None:
        if fleet is None:
            raise context.error("a [launch_vehicle] section needs a [fleet] section to "
                                "fly it", ("launch_vehicle",))
        if "vehicle" in fleet:
            raise context.error("the vehicle is given twice: [fleet] vehicle and the "
                                "[launch_vehicle] section; keep one", ("fleet", "vehicle"))
        fleet["vehicle"] = vehicle
    return fleet


def parse_study(text: str, *, file: str | None = None, catalogs=()) -> StudyFile:
    """Validate the text of a study file (see the module docstring for the layout).

    Parameters
    ----------
    text : str
        TOML text.
    file : str, optional
        File name used in error messages; ``[study] catalog`` paths are relative to its
        folder.
    catalogs : sequence of str or pathlib.Path
        The user's catalog files (:func:`thermaldesign.catalog.load_user_catalog`), read
        after those ``[study] catalog`` names: keys in the file may name their entries.

    Returns
    -------
    StudyFile

    Raises
    ------
    StudyFileError
        Invalid TOML, unknown section or key (with the nearest valid one, or the section
        the key belongs in), or an invalid value; the message names the file, the line and
        the key.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str; got {type(text).__name__}")
    if isinstance(catalogs, (str, Path)):
        catalogs = [catalogs]
    data = _load_toml(text, file)
    context = _Context(file, text)
    sections = {key: value for key, value in data.items() if isinstance(value, Mapping)}
    for key in sections:
        if key not in SECTIONS:
            raise context.unknown((key,), SECTIONS, "section")
    spec_values, prefix = _spec_section(data, sections, context)
    study = _parse_study_section(sections.get("study", {}), context)
    inline = _inline_entries(sections, context)
    entries = _all_entries(study, inline, catalogs, context)
    technology = {key: entry for key, entry in inline.items() if key in _TECHNOLOGY_KINDS}
    spec = _parse_spec(spec_values, context, prefix, entries, technology)
    objective = study.get("objective", "max_compute")
    fleet = _fleet_section(sections, context, entries, inline)
    economics = (
        _parse_economics(sections["economics"], context) if "economics" in sections else None
    )
    sweep = _parse_sweep(sections["sweep"], context, spec, objective) if "sweep" in sections \
        else None
    pareto = _parse_pareto(sections["pareto"], context) if "pareto" in sections else None
    monte_carlo = _parse_monte_carlo(sections["montecarlo"], context, spec, objective) \
        if "montecarlo" in sections else None
    title = study.get("title") or (Path(file).stem if file else "Study")
    return StudyFile(
        path=Path(file) if file else None,
        title=title,
        description=study.get("description", ""),
        objective=objective,
        spec=spec,
        spec_values={**spec_values, **{key: entry.key for key, entry in technology.items()}},
        fleet=fleet,
        economics=economics,
        sweep=sweep,
        entries=entries,
        pareto=pareto,
        monte_carlo=monte_carlo,
    )


def load_study(path, *, catalogs=()) -> StudyFile:
    """Read and validate a study file (see :func:`parse_study`).

    Parameters
    ----------
    path : str or pathlib.Path
        The TOML file.
    catalogs : sequence of str or pathlib.Path
        The user's catalog files, as in :func:`parse_study`.

    Returns
    -------
    StudyFile
    """
    text, file = _read(path)
    return parse_study(text, file=file, catalogs=catalogs)


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


def set_fields(spec, changes: Mapping, entries: Mapping | None = None):
    """A copy of ``spec`` with fields set by name or by dotted catalog-field path.

    Parameters
    ----------
    spec : SatelliteSpec
        The spec to change.
    changes : mapping
        Field name or path -> value (SI): ``{"mass_limit": 5000, "radiator":
        "deployable_heat_pipe", "radiator.areal_density": 5.5, "accelerator.power": 500}``.
        Whole fields are set first, so a path reaches into the entry just chosen; a path
        changes that one field of the entry (its provenance becomes the user's).
    entries : mapping, optional
        The user's entries, kind -> {key -> entry}: a technology field set to one of
        their keys takes that entry.

    Returns
    -------
    SatelliteSpec
        A validated copy.

    Raises
    ------
    InputError, CatalogError
        Unknown field or path (naming the nearest), unknown catalog key or invalid value.
    """
    whole = {name: _resolve_key(name, value, entries or {})
             for name, value in changes.items() if "." not in name}
    for name in whole:
        check_field_path(spec, name)
    if whole:
        spec = spec.replace(**whole)
        for name, value in whole.items():
            if name in _TECHNOLOGY_KINDS and isinstance(value, str):
                spec.entry(name)  # an unknown catalog key fails now, with its suggestion
    for name, value in changes.items():
        if "." in name:
            check_field_path(spec, name)
            spec = _set_path(spec, name, value)
    return spec


def apply_overrides(spec, assignments, entries: Mapping | None = None):
    """Apply command-line ``name=value`` assignments to a spec (``--set mass_limit=5000``).

    Parameters
    ----------
    spec : SatelliteSpec
        The spec to change.
    assignments : sequence of str
        ``name=value`` with a SatelliteSpec field name or a dotted catalog-field path
        (``radiator.areal_density=5``, ``accelerator.power=500``); values are read as
        TOML would: numbers (SI), ``true``/``false``, or text (catalog keys, choices).
    entries : mapping, optional
        The user's entries (:attr:`StudyFile.entries`), whose keys a technology field
        may take.

    Returns
    -------
    SatelliteSpec
        A validated copy (see :func:`set_fields`).

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
        head = name.partition(".")[0]
        if head not in names:
            homes = [section for section in _homes(head) if section != "spec"]
            near = difflib.get_close_matches(head, names, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            if homes:
                hint = f"; it belongs in [{homes[0]}] of a study file"
            rest = name.partition(".")[2]
            if head in SECTIONS and head != "spec" and rest:
                # "economics.x": the user means a study-file section, which --set cannot reach
                hint = (f"; --set reaches the spec only: write {rest} = {value} in the "
                        f"[{head}] section of a study file")
            raise InputError(f"--set {name}: not a SatelliteSpec field{hint}")
        changes[name] = _scalar_text(value)
    whole = {name: value for name, value in changes.items() if "." not in name}
    groups = [whole] if whole else []  # whole fields together: rules across fields
    groups += [{name: value} for name, value in changes.items() if "." in name]
    for group in groups:
        try:
            spec = set_fields(spec, group, entries)
        except InputError as error:
            names = ", ".join(f"{name}={value}" for name, value in group.items())
            raise InputError(f"--set {names}: {error}") from None
    return spec


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
