"""Satellite sizing: a geometric program for one satellite, solved globally.

``SatelliteSpec`` (inputs) -> :func:`size_satellite` -> ``SatelliteDesign`` (sizes,
breakdowns, sensitivities, closure margins). See ``model.py`` for the equations.
"""

from .design import OBJECTIVES, SatelliteDesign
from .spec import SatelliteSpec, reference_spec

__all__ = ["OBJECTIVES", "SatelliteDesign", "SatelliteSpec", "reference_spec"]
