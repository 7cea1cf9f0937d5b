"""The ``thermaldesign`` command: size a satellite, plan a fleet, sweep, run studies.

::

    thermaldesign --version
    thermaldesign size [SPEC.toml] [--objective max_compute] [--set NAME=VALUE]... [--out FILE.json]
    thermaldesign fleet [SPEC.toml | --design DESIGN.json] [--target-it-power 1e9]
                        [--target-compute F] [--vehicle starship] [--years 10] [--json]
    thermaldesign sweep [SWEEP.toml] [--field name=start:stop:n[:log]]... [--out FILE]
    thermaldesign study NAME|FILE [--out DIR] [--small]   # default --out: reports/NAME
    thermaldesign study --list
    thermaldesign init [--kind size|fleet|sweep|pareto|montecarlo|custom] FILE [--force]
    thermaldesign catalog [KIND] [--json]

Every command takes ``--json`` for machine-readable output on stdout. A user error (bad
file, unknown key, infeasible spec, ...) prints ``error: <what to fix>`` on stderr and
exits with status 2, never a traceback; an interrupted run exits with 130.

Option names are the API's parameter names (``--target-it-power`` feeds
``plan_fleet(target_it_power=...)``). A renamed option's old spelling (``--target-power``)
still works, hidden from ``--help``, and prints a one-line deprecation note on stderr.

Each command checks what kind of file it was given before reading it: a fleet plan passed
to ``--design``, or a design passed where a study file belongs, is named as such.

Studies
-------
``study NAME`` runs a study module: a Python file ``<name>.py`` (dashes in NAME read as
underscores) defining ``main(out_dir, *, small=False)``, looked up in the folders of the
``THERMALDESIGN_STUDIES`` environment variable (``os.pathsep``-separated), then
``./studies``, then the studies that ship with the package (the repository's ``studies/``
folder, installed as ``thermaldesign/studies``), so that they run from any folder.
The report goes to ``--out DIR``, by default ``reports/NAME`` under the current folder.
``study FILE.toml``
runs a study file (:mod:`thermaldesign.studyfile`). The built-in ``example`` study sizes
the reference spec, plans a 1 GW fleet on Starship and writes a report.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import importlib.util
import json
import os
import re
import sys
import tomllib
from pathlib import Path

from . import catalog, examples
from ._html import format_value
from ._version import __version__
from .errors import InputError, StudyFileError, ThermalDesignError
from .fleet import Economics, plan_fleet
from .report import to_jsonable
from .sizing import OBJECTIVES, SatelliteDesign, size_satellite
from .studyfile import SweepPlan, apply_overrides, load_study, parse_study, parse_sweep_field

__all__ = ["EXAMPLE_STUDY", "default_report_folder", "find_study", "list_studies", "main"]

#: The built-in ``example`` study, as a study file (data, like any other).
EXAMPLE_STUDY = """
[study]
title = "Example: the reference satellite and a 1 GW fleet"
description = "H100-class GPUs, dawn-dusk orbit at 550 km, 3 t satellites, launched on Starship"
objective = "max_compute"

[spec]
accelerator = "h100_sxm"
altitude = 550e3
mass_limit = 3000

[fleet]
target_it_power = 1e9
vehicle = "starship"
years = 10
"""

_EXIT_USER_ERROR = 2
_EXIT_INTERRUPTED = 130


# ------------------------------------------------------------------------------ output


def _print_json(data, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(to_jsonable(data), indent=2, allow_nan=False) + "\n")


def _table(rows: list[list], columns: list[str]) -> str:
    """Plain-text table with right-aligned numbers (the same formatting as reports)."""
    def number(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    texts = [[format_value(v) if not isinstance(v, str) else v for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in texts]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for raw, row in zip(rows, texts, strict=True):
        cells = [t.rjust(w) if number(v) else t.ljust(w)
                 for v, t, w in zip(raw, row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# ------------------------------------------------------------------------------ inputs


# What each kind of file the commands meet holds, and which command writes it.
_FILE_KINDS = {
    "design": "a satellite design (saved by `thermaldesign size --out FILE.json` or "
              "SatelliteDesign.save)",
    "fleet": "a fleet plan (saved by `thermaldesign fleet --json` or FleetPlan.save)",
    "sweep": "sweep results (written by `thermaldesign sweep --out`)",
    "pareto": "a Pareto front (written by ParetoFront.to_json)",
    "study": "a study or spec file (TOML)",
}
_STUDY_FILE_WANTED = "this command takes a study or spec TOML file ([spec], [fleet], [sweep] ...)"
_DESIGN_WANTED = ("--design takes a satellite design saved by `thermaldesign size --out "
                  "FILE.json`")


def _json_kind(data) -> str | None:
    """The kind of a parsed JSON document: its format tag, else its keys."""
    if not isinstance(data, dict):
        return None
    tag = str(data.get("format", ""))
    if tag.startswith("thermaldesign."):
        return tag.removeprefix("thermaldesign.")
    if {"spec", "gpu_count", "total_mass"} <= data.keys():
        return "design"
    if {"satellite_count", "launch_count", "vehicle"} <= data.keys():
        return "fleet"
    return None


def _file_kind(path) -> str | None:
    """What kind of file ``path`` is (a key of ``_FILE_KINDS``), from its content; None
    when it is none of them or cannot be read (the loader then says why)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    head = text.lstrip()
    if head.startswith("{") or Path(path).suffix.lower() == ".json":
        try:
            return _json_kind(json.loads(text))
        except (json.JSONDecodeError, RecursionError):
            pass
    if head.startswith("# thermaldesign.sweep") or Path(path).suffix.lower() == ".csv":
        return "sweep"
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    return "study"


def _refuse_wrong_kind(path, wanted: tuple[str, ...], what_it_takes: str) -> None:
    """Raise if ``path`` is recognisably a kind of file other than ``wanted``."""
    kind = _file_kind(path)
    if kind is not None and kind not in wanted:
        description = _FILE_KINDS.get(kind, f"a thermaldesign {kind} file")
        raise InputError(f"{path} is {description}; {what_it_takes}")


def _load_study_file(path, catalogs=()):
    """A study or spec TOML file, refusing a design, fleet plan or sweep result by name."""
    _refuse_wrong_kind(path, ("study",), _STUDY_FILE_WANTED)
    return load_study(path, catalogs=catalogs)


def _load_design(path) -> SatelliteDesign:
    """A saved design, refusing a fleet plan, sweep result or study file by name."""
    _refuse_wrong_kind(path, ("design",), _DESIGN_WANTED)
    return SatelliteDesign.load(path)


def _study_from(path, overrides=None, catalogs=None):
    """The study file (or the defaults) with ``--set name=value`` applied to its spec;
    ``--catalog FILE`` entries can be named by key in both."""
    catalogs = catalogs or ()
    study = (_load_study_file(path, catalogs) if path
             else parse_study("", catalogs=catalogs))
    if overrides:
        study = dataclasses.replace(
            study, spec=apply_overrides(study.spec, overrides, study.entries))
    return study


# ---------------------------------------------------------------------------- commands


def _command_size(args) -> int:
    study = _study_from(args.spec, args.set, args.catalog)
    objective = args.objective or study.objective
    design = size_satellite(study.spec, objective)
    if args.out:
        if Path(args.out).suffix.lower() != ".json":
            raise InputError(f"--out {args.out!r} must end with .json (a saved design)")
        design.save(args.out)
    if args.json:
        _print_json(design.to_dict())
    else:
        print(design)
    return 0


def _design_for_fleet(args):
    if args.design:
        if args.spec or args.set:
            raise InputError("give either a spec (file or --set) or --design, not both")
        return _load_design(args.design), None
    study = _study_from(args.spec, args.set, args.catalog)
    return size_satellite(study.spec, args.objective or study.objective), study


def _command_fleet(args) -> int:
    design, study = _design_for_fleet(args)
    keywords = dict(study.fleet or {}) if study is not None else {}
    economics = Economics(**((study.economics or {}) if study is not None else {}))
    if args.vehicle:  # a --catalog launch vehicle by its key, or a shipped one
        vehicles = study.entries.get("launch_vehicles", {}) if study is not None else {}
        keywords["vehicle"] = vehicles.get(args.vehicle, args.vehicle)
    if args.years is not None:
        keywords["years"] = args.years
    if args.target_it_power is not None or args.target_compute is not None:
        keywords.pop("target_it_power", None)
        keywords.pop("target_compute", None)
        if args.target_it_power is not None:
            keywords["target_it_power"] = args.target_it_power
        if args.target_compute is not None:
            keywords["target_compute"] = args.target_compute
    if "target_it_power" not in keywords and "target_compute" not in keywords:
        raise InputError(
            "give a fleet target: --target-it-power W (IT power) or --target-compute FLOP/s, "
            "or target_it_power in the [fleet] section of the spec file"
        )
    plan = plan_fleet(design, economics=economics, **keywords)
    if args.json:
        _print_json(plan.to_dict())
    else:
        print(plan)
    return 0


def _sweep_plan(args, study) -> SweepPlan:
    """The study's ``[sweep]``, extended by ``--field`` axes, with the command's overrides."""
    plan = study.sweep
    if args.field:
        fields = dict(parse_sweep_field(text, study.spec) for text in args.field)
        if plan is not None and plan.method == "grid":
            fields = {**plan.fields, **fields}
        elif plan is not None:
            raise InputError("--field adds grid axes; it cannot extend a latin_hypercube sweep")
        plan = SweepPlan("grid", args.objective or study.objective, fields,
                         workers=args.workers)
    if plan is None:
        raise InputError(
            "nothing to sweep: give a TOML file with a [sweep] section, or --field "
            "name=start:stop:n (e.g. --field launch_price_per_kg=100:3600:8:log)"
        )
    if args.objective:
        plan = dataclasses.replace(plan, objective=args.objective)
    if args.workers is not None:
        plan = dataclasses.replace(plan, workers=args.workers)
    return plan


def _sweep_output(text) -> Path | None:
    out = Path(text) if text else None
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        raise InputError(f"--out {str(out)!r} must end with .csv or .json")
    return out


def _command_sweep(args) -> int:
    study = _study_from(args.file, args.set, args.catalog)
    plan = _sweep_plan(args, study)
    out = _sweep_output(args.out)
    # The progress bar goes to stderr, so that --json output on stdout stays parseable.
    progress = False if args.no_progress else None
    result = plan.run(study.spec, progress=progress)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        (result.to_csv if out.suffix.lower() == ".csv" else result.to_json)(out)
    if args.json:
        data = result.to_record()
        if out is not None:
            data["written_to"] = str(out)
        _print_json(data)
    else:
        print(result)
        if out is not None:
            print(f"\nwrote {len(result):,} points to {out}")
    return 0


def _study_directories() -> list[Path]:
    """Folders searched for study modules and files, first match wins.

    ``THERMALDESIGN_STUDIES`` (``os.pathsep``-separated), then ``./studies``, then the
    studies that ship with the package: ``thermaldesign/studies`` of an installed copy
    (the build maps the repository's ``studies/`` there), or ``studies/`` beside the
    package in a source checkout (one holding ``pyproject.toml``, so that an unrelated
    ``site-packages/studies`` is never read).
    """
    folders = [Path(p) for p in os.environ.get("THERMALDESIGN_STUDIES", "").split(os.pathsep)
               if p]
    folders.append(Path.cwd() / "studies")
    package = Path(__file__).resolve().parent
    shipped = [package / "studies"]
    if (package.parent / "pyproject.toml").is_file():
        shipped.append(package.parent / "studies")
    folders.extend(folder for folder in shipped if folder not in folders)
    return folders


def list_studies() -> dict[str, str]:
    """Available study names -> where they come from ("built-in" or a file path)."""
    found = {"example": "built-in"}
    for folder in _study_directories():
        if folder.is_dir():
            for path in sorted(folder.glob("*.py")):
                if not path.name.startswith("_"):
                    found.setdefault(path.stem.replace("_", "-"), str(path))
            for path in sorted(folder.glob("*.toml")):
                found.setdefault(path.stem.replace("_", "-"), str(path))
    return found


def find_study(name: str):
    """Resolve a study NAME or FILE to ``("builtin", text)``, ``("file", path)`` or
    ``("module", path)``.

    Raises
    ------
    StudyFileError
        Unknown name (suggesting the nearest), or a module without ``main``.
    """
    candidate = Path(name)
    if candidate.suffix.lower() == ".toml" or candidate.is_file():
        if not candidate.is_file():
            raise StudyFileError("no such study file", file=str(candidate))
        if candidate.suffix.lower() == ".py":
            return "module", candidate
        return "file", candidate
    if name == "example":
        return "builtin", EXAMPLE_STUDY
    module_name = name.replace("-", "_")
    for folder in _study_directories():
        for suffix, kind in ((".py", "module"), (".toml", "file")):
            path = folder / f"{module_name}{suffix}"
            if path.is_file():
                return kind, path
    names = sorted(list_studies())
    near = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean '{near[0]}'? " if near else ""
    raise StudyFileError(
        f"unknown study '{name}'; {hint}available: {', '.join(names)} (or give a .toml "
        "study file)"
    )


def default_report_folder(name: str) -> Path:
    """Where ``study NAME`` writes without ``--out``: ``reports/NAME`` in the current folder.

    A study file's folder is named after the file (``my_trade.toml`` -> ``reports/my_trade``).
    """
    return Path("reports") / Path(name).stem


def _run_module(path: Path, out_dir: Path, small: bool):
    specification = importlib.util.spec_from_file_location(
        f"thermaldesign_study_{path.stem}", path)
    if specification is None or specification.loader is None:
        raise StudyFileError("cannot load the study module", file=str(path))
    module = importlib.util.module_from_spec(specification)
    specification.loader.exec_module(module)
    entry = getattr(module, "main", None)
    if not callable(entry):
        raise StudyFileError("a study module must define main(out_dir, *, small=False)",
                             file=str(path))
    return entry(out_dir, small=small)


def _command_study(args) -> int:
    # The report recipe draws with matplotlib: imported here, `thermaldesign --help` and
    # the other commands start about 0.9 s sooner (median of 5, 1.4 s against 2.3 s).
    from .study_report import run_study

    if args.list:
        studies = list_studies()
        if args.json:
            _print_json(studies)
        else:
            print(_table([[name, where] for name, where in studies.items()],
                         ["study", "from"]))
        return 0
    if not args.name:
        raise InputError("give a study: thermaldesign study NAME|FILE [--out DIR] "
                         "(thermaldesign study --list shows the studies)")
    kind, where = find_study(args.name)
    out_dir = Path(args.out) if args.out else default_report_folder(args.name)
    progress = False if args.no_progress else None
    catalogs = args.catalog or ()
    if kind == "builtin":
        result = run_study(parse_study(where, file="example", catalogs=catalogs), out_dir,
                           small=args.small, progress=progress)
    elif kind == "file":
        result = run_study(_load_study_file(where, catalogs), out_dir, small=args.small,
                           progress=progress)
    elif catalogs:
        raise InputError(f"--catalog applies to study files; study '{args.name}' is a Python "
                         "module, which reads its own inputs")
    else:
        result = _run_module(where, out_dir, args.small)
    if args.json:
        _print_json({"study": args.name, "out": str(out_dir.resolve()), "result": result})
    else:
        index = out_dir.resolve() / "index.html"
        print(f"study '{args.name}' done; report: {index if index.exists() else out_dir}")
    return 0


def _command_init(args) -> int:
    target = Path(args.file)
    if target.suffix.lower() != ".toml":
        raise InputError(f"FILE {str(target)!r} must end with .toml (a study file)")
    if target.exists() and not args.force:
        raise InputError(f"{target} exists; give --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(examples.text(args.kind), encoding="utf-8")
    if args.json:
        _print_json({"written_to": str(target), "kind": args.kind})
    else:
        print(f"wrote {target}, a {args.kind} study file: edit it, then run "
              f"thermaldesign study {target}")
    return 0


def _command_catalog(args) -> int:
    kinds = [args.kind] if args.kind else list(catalog.kinds())
    rows = []
    for kind in kinds:
        for row in catalog.describe(kind):
            rows.append({"kind": kind, **row._asdict()})
    if args.json:
        _print_json(rows)
        return 0
    for kind in kinds:
        print(f"== {kind} ==")
        for key, entry in catalog.entries(kind).items():
            print(f"\n{key}: {getattr(entry, 'name', '')}")
            table = [[r["field"], r["value"], r["unit"], r["confidence"],
                      f"{r['source']} ({r['date']})"]
                     for r in rows if r["kind"] == kind and r["key"] == key]
            print(_table(table, ["field", "value", "unit", "confidence", "source"]))
        print()
    return 0


# ------------------------------------------------------------------------------ parser


class _DeprecatedSpelling(argparse.Action):
    """The old spelling of a renamed option: still works, hidden from ``--help``, and says
    on stderr (one line, so that ``--json`` on stdout stays parseable) what to write."""

    def __init__(self, option_strings, dest, *, new_spelling: str, **keywords):
        self.new_spelling = new_spelling
        super().__init__(option_strings, dest, help=argparse.SUPPRESS, **keywords)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"note: {option_string} is deprecated; use {self.new_spelling} (the API's "
              "name)", file=sys.stderr)
        setattr(namespace, self.dest, values)


class _Parser(argparse.ArgumentParser):
    """argparse with 'did you mean' for commands and exit status 2 for usage errors."""

    def error(self, message):  # noqa: D401 - argparse API
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'([^']*)'", choice.group(2))
            given = choice.group(1)
            near = [o for o in options if o.startswith(given)] if given else []
            near = near or difflib.get_close_matches(given, options, n=1)
            if near:
                message += f"; did you mean '{near[0]}'?"
        self.print_usage(sys.stderr)
        self.exit(_EXIT_USER_ERROR, f"error: {message}\n")


def _add_command(commands, name: str, run, *, help: str) -> argparse.ArgumentParser:
    """A sub-command running ``run(args)``; every command takes ``--json``."""
    sub = commands.add_parser(name, help=help)
    sub.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    sub.set_defaults(run=run)
    return sub


def _add_spec_arguments(sub, file_help: str, *, name: str = "spec") -> None:
    """The spec file, the sizing objective and ``--set`` overrides of a sizing command."""
    sub.add_argument(name, nargs="?", help=file_help)
    sub.add_argument("--objective", choices=OBJECTIVES, help="sizing objective")
    sub.add_argument("--set", action="append", metavar="NAME=VALUE",
                     help="change a spec field or a catalog field of its hardware, SI units "
                     "(e.g. --set mass_limit=5000 --set radiator.areal_density=5); "
                     "repeat for more")
    _add_catalog_argument(sub)


def _add_catalog_argument(sub) -> None:
    sub.add_argument("--catalog", action="append", metavar="FILE.toml",
                     help="your own catalog entries ([KIND.KEY] tables, the catalog's "
                     "layout, sources required), named by key in the spec; repeat for more")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``thermaldesign`` command."""
    parser = _Parser(
        prog="thermaldesign",
        description="Thermal and power design of orbital data centers: size a satellite, "
        "plan a fleet, sweep a trade, run a study. SI units everywhere.",
    )
    parser.add_argument("--version", action="version", version=f"thermaldesign {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    size = _add_command(commands, "size", _command_size,
                        help="size one satellite and print the design")
    _add_spec_arguments(size, "spec or study TOML file (default: reference)")
    size.add_argument("--out", metavar="FILE.json",
                      help="also save the design (for fleet --design)")

    fleet = _add_command(commands, "fleet", _command_fleet,
                         help="plan the fleet of a design for a target")
    _add_spec_arguments(fleet, "spec or study TOML file (sized first)")
    fleet.add_argument("--design", metavar="DESIGN.json",
                       help="a design saved by `size --out` (SatelliteDesign.save)")
    fleet.add_argument("--target-it-power", type=float, metavar="W",
                       help="fleet IT power target [W], e.g. 1e9")
    fleet.add_argument("--target-power", dest="target_it_power", type=float,
                       action=_DeprecatedSpelling, new_spelling="--target-it-power")
    fleet.add_argument("--target-compute", type=float, metavar="FLOP/s",
                       help="fleet compute target [FLOP/s]")
    fleet.add_argument("--vehicle", help="launch vehicle catalog key (default: starship)")
    fleet.add_argument("--years", type=int, help="horizon [yr] (default: 10)")

    sweep = _add_command(commands, "sweep", _command_sweep,
                         help="sweep spec fields and export the results")
    _add_spec_arguments(sweep, "TOML file with [spec] and [sweep] sections", name="file")
    sweep.add_argument("--field", action="append", metavar="NAME=START:STOP:N[:log]",
                       help="grid axis; repeat for more (or NAME=v1,v2,...)")
    sweep.add_argument("--workers", type=int, help="local worker processes")
    sweep.add_argument("--out", metavar="FILE.csv|FILE.json", help="write the results")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")

    study = _add_command(commands, "study", _command_study,
                         help="run a study and write its report folder")
    study.add_argument("name", metavar="NAME|FILE", nargs="?",
                       help="study name (e.g. example) or a study TOML file")
    study.add_argument("--out", metavar="DIR",
                       help="report folder (default: reports/NAME in the current folder)")
    study.add_argument("--list", action="store_true", help="list the available studies")
    study.add_argument("--small", action="store_true", help="small, quick version")
    study.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_catalog_argument(study)

    init = _add_command(commands, "init", _command_init,
                        help="write a commented starter study file")
    init.add_argument("file", metavar="FILE", help="the study file to write (.toml)")
    init.add_argument("--kind", choices=examples.KINDS, default="size",
                      help="what the study does (default: size)")
    init.add_argument("--force", action="store_true", help="replace an existing file")

    listing = _add_command(commands, "catalog", _command_catalog,
                           help="list catalog entries with their sources")
    listing.add_argument("kind", nargs="?", help="one kind (default: all)")
    return parser


def _check_no_nul(args) -> None:
    """A NUL byte can never be part of a file name or a value: say so before os.stat does."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and "\x00" in item:
                raise InputError(f"--{name.replace('_', '-')} holds a NUL byte: {item!r}")


def main(argv=None) -> int:
    """Run the ``thermaldesign`` command.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit status: 0 success, 2 user error (message on stderr), 130 interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a usage error (2)
        return int(stop.code or 0)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return _EXIT_USER_ERROR
    try:
        _check_no_nul(args)
        return args.run(args)
    except ThermalDesignError as error:
        print(f"error: {error}", file=sys.stderr)
        return _EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into a reader that stopped (| head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:  # a folder that cannot be written, a file that cannot be read
        print(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return _EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return _EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
