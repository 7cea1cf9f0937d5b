"""``python -m thermaldesign``: the main job, the reference study.

::

    python -m thermaldesign [--out DIR] [--small]     # the reference study
    python -m thermaldesign COMMAND ...               # any command of ``thermaldesign``

With no command it sizes the reference satellite, plans its 1 GW fleet, writes the report
folder (default ``reports/reference``) and prints the report's summary. The reference
study is ``studies/reference.py``, which ships with the package (found as ``study
reference`` finds it); should it be missing (a copy built without its studies), the
built-in ``example`` study (the reference spec and a 1 GW Starship fleet) runs instead,
and the output says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._version import __version__
from .cli import find_study, main
from .errors import StudyFileError

__all__ = ["main_job"]

DEFAULT_OUT = Path("reports") / "reference"


def _summary(index: Path) -> str:
    """The "Summary" section of a report's summary.md, or "" if it has none."""
    summary = index.with_name("summary.md")
    if not summary.is_file():
        return ""
    lines, inside = [], False
    for line in summary.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            if inside:
                break
            inside = line.strip() == "## Summary"
            continue
        if inside:
            lines.append(line)
    return "\n".join(lines).strip()


def main_job(argv=None) -> int:
    """Run the reference study (or a ``thermaldesign`` command); return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-"):  # a command (an unknown one gets cli's error)
        return main(argv)
    parser = argparse.ArgumentParser(
        prog="python -m thermaldesign",
        description="The main job: size the reference satellite, plan its 1 GW fleet and "
        "write the report. Give a command (size, fleet, sweep, study, catalog) to run it "
        "instead.")
    parser.add_argument("--out", metavar="DIR", default=str(DEFAULT_OUT),
                        help=f"report folder (default {DEFAULT_OUT})")
    parser.add_argument("--small", action="store_true", help="small, quick version")
    parser.add_argument("--version", action="version", version=f"thermaldesign {__version__}")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        find_study("reference")
        study = "reference"
    except StudyFileError:
        study = "example"
        print("the reference study (studies/reference.py) is not here: this copy was "
              "built without its studies; running the built-in example study instead\n")
    status = main(["study", study, "--out", args.out] + (["--small"] if args.small else []))
    if status == 0:
        summary = _summary(Path(args.out).resolve() / "index.html")
        if summary:
            print("\n" + summary)
    return status


if __name__ == "__main__":
    sys.exit(main_job())
