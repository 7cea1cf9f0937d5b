"""Satellite sizing: a geometric program for one satellite, solved globally.

``SatelliteSpec`` (inputs) -> :func:`size_satellite` -> ``SatelliteDesign`` (sizes,
breakdowns, sensitivities, closure margins). ``model.py`` lists the equations,
``solve.py`` the exact integer method, ``closure.py`` the physics re-check,
``diagnose.py`` the infeasibility explanation and ``heat_pump.py`` the heat-pump option.
"""

from .closure import check_design
from .design import OBJECTIVES, SatelliteDesign
from .solve import size_satellite
from .spec import SatelliteSpec, reference_spec

__all__ = [
    "OBJECTIVES",
    "SatelliteDesign",
    "SatelliteSpec",
    "check_design",
    "reference_spec",
    "size_satellite",
]
