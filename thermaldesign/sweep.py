"""Deprecated alias of :mod:`thermaldesign.studytools`, the package of the study tools.

``thermaldesign.sweep.<name>`` still works and warns; import from
``thermaldesign.studytools`` (or use ``thermaldesign.<name>``) instead.
"""

from __future__ import annotations

import warnings

from . import studytools as _studytools


def __getattr__(name: str):
    value = getattr(_studytools, name)  # AttributeError for a name the tools do not have
    warnings.warn(
        f"thermaldesign.sweep is deprecated; use thermaldesign.studytools.{name}",
        DeprecationWarning,
        stacklevel=2,
    )
    return value
