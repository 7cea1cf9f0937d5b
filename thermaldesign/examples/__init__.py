"""Example study files, one per kind of study, shipped with the package.

``thermaldesign init --kind KIND FILE`` copies one as a commented starter file; the tests
run every one. Each is a study file (:mod:`thermaldesign.studyfile`) whose comments say
what every key means, with its unit.

==============  =========================================================================
kind            what it does
==============  =========================================================================
``size``        size one satellite, with a catalog field changed by its dotted path
``fleet``       size, then plan a fleet for a power target, with its economics
``sweep``       a grid over two fields, one of them a catalog field
``pareto``      the front of two objectives (compute against mass)
``montecarlo``  uncertain inputs sampled through the sizing
``custom``      your own accelerator, described inline with its sources
==============  =========================================================================
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

__all__ = ["KINDS", "path", "text"]

#: The example kinds, in the order of the table above.
KINDS = ("size", "fleet", "sweep", "pareto", "montecarlo", "custom")

_FOLDER = Path(__file__).parent


def path(kind: str) -> Path:
    """The shipped example file of ``kind`` (one of :data:`KINDS`).

    Raises
    ------
    InputError
        ``kind`` is not one of :data:`KINDS`.
    """
    if not isinstance(kind, str) or kind not in KINDS:
        raise InputError(f"kind = {kind!r} is not one of {', '.join(KINDS)}")
    return _FOLDER / f"{kind}.toml"


def text(kind: str) -> str:
    """The text of the example file of ``kind`` (see :func:`path`)."""
    return path(kind).read_text(encoding="utf-8")
