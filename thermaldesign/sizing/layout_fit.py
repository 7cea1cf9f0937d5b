"""Size a satellite with its layout drawn at the design's own areas (a fixed point).

A layout (:class:`thermaldesign.layout.Layout`) fixes the panels' sizes, so its view
factors and the scaled bus's wheel mass per m^2 are exact at those sizes. The sizing
then chooses areas of its own. :func:`size_with_layout` closes the loop: size, redraw
the layout at the design's array and radiator areas, size again, until the areas move by
less than ``tolerance``. View factors depend on the ratio of the areas only and the
wheels grow slowly with size, so the reference converges in one redraw (its areas move
by 0.1 %); a satellite far from the layout's default size needs two or three.
"""

from __future__ import annotations

import dataclasses

from .._validation import check_positive_int, check_scalar
from ..errors import InputError
from .design import SatelliteDesign
from .entry import size_satellite
from .spec import SatelliteSpec

__all__ = ["size_with_layout"]


def size_with_layout(spec: SatelliteSpec, objective: str = "max_compute", *,
                     iterations: int = 5, tolerance: float = 0.01,
                     **options) -> tuple[SatelliteDesign, SatelliteSpec]:
    """Size ``spec`` with its layout redrawn at the design's areas until they agree.

    Parameters
    ----------
    spec : SatelliteSpec
        Inputs with a layout (``spec.layout``) or the scaled bus (``bus_model="scaled"``).
    objective : str
        As :func:`~thermaldesign.sizing.size_satellite`.
    iterations : int, keyword-only
        Most sizings [-], in [1, 50].
    tolerance : float, keyword-only
        Largest relative change of either area between the layout and the design that
        counts as converged [-], in (0, 1).
    **options
        Passed to :func:`~thermaldesign.sizing.size_satellite` (``integer``,
        ``gpu_count``, ``sensitivities``).

    Returns
    -------
    (SatelliteDesign, SatelliteSpec)
        The last design and the spec whose layout it was sized with.

    Raises
    ------
    InputError
        If the spec has no layout, or the areas have not converged after ``iterations``.
    """
    iterations = check_positive_int(iterations, "iterations", maximum=50)
    tolerance = check_scalar(tolerance, "tolerance", low=0.0, high=1.0, low_open=True,
                             high_open=True)
    layout = spec.layout_of()
    if layout is None:
        raise InputError("size_with_layout needs a spec with a layout or bus_model='scaled'")
    change = float("inf")
    for _ in range(iterations):
        current = spec.replace(layout=layout)
        design = size_satellite(current, objective, **options)
        change = max(abs(design.solar_array_area / layout.array_area - 1.0),
                     abs(design.radiator_area / layout.radiator_area - 1.0))
        if change <= tolerance:
            return design, current
        layout = dataclasses.replace(layout, array_area=design.solar_array_area,
                                     radiator_area=design.radiator_area)
    raise InputError(
        f"the layout's areas still moved by {change:.3g} (relative) after {iterations} "
        f"sizings; raise iterations or tolerance (= {tolerance:g})"
    )
