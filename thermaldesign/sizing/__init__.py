"""Satellite sizing: a geometric program for one satellite, solved globally.

``SatelliteSpec`` (inputs) -> :func:`size_satellite` -> ``SatelliteDesign`` (sizes,
breakdowns, sensitivities, closure margins). ``model.py`` lists the equations,
``solve.py`` is the solver core (solves, the exact integer method, sensitivities, the
design), ``entry.py`` the thin :func:`size_satellite` over it, ``closure.py`` the
independent physics re-check, ``diagnose.py`` the infeasibility explanation and
``heat_pump.py`` the heat-pump option. Imports run one way: spec, design, evaluate,
model, direct -> solve -> diagnose -> heat_pump -> entry. ``closure.py`` uses none of
the coefficient helpers (``evaluate``, ``model``): it rebuilds loads and masses from the
physics modules, so a wrong load model cannot pass its own re-check.
"""

from .closure import check_design
from .design import OBJECTIVES, SatelliteDesign
from .entry import size_satellite
from .layout_fit import size_with_layout
from .spec import SatelliteSpec, reference_spec

__all__ = [
    "OBJECTIVES",
    "SatelliteDesign",
    "SatelliteSpec",
    "check_design",
    "reference_spec",
    "size_satellite",
    "size_with_layout",
]
