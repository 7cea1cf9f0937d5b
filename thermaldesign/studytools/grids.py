"""Two-field grids of a design quantity over a trade space, ready for a contour plot."""

from __future__ import annotations

import numpy as np

from .._validation import check_array
from ..errors import InputError
from .sweeps import grid_sweep

__all__ = ["cost_per_compute_grid"]


def _positive_axis(values, name: str, unit: str) -> list[float]:
    array = check_array(values, name, low=0.0, low_open=True, unit=unit)
    if array.ndim != 1:
        raise InputError(f"{name} must be a 1-D array; got shape {array.shape}")
    return [float(value) for value in array]


def cost_per_compute_grid(
    spec,
    launch_prices,
    areal_densities,
    *,
    objective: str = "min_cost_per_compute",
    workers: int | None = None,
    progress: bool | None = None,
):
    """Cost per compute of the optimal satellite over launch price x radiator areal density.

    Each grid point re-sizes ``spec`` with :func:`thermaldesign.grid_sweep` (the fields
    ``radiator.areal_density`` and ``launch_price_per_kg``) and reads
    :math:`c = (C_{hw} + m\\,p_{launch}) / F`, hardware plus launch cost over compute.

    Parameters
    ----------
    spec : SatelliteSpec
        Base spec.
    launch_prices : array_like, shape (n,)
        Launch prices [USD/kg], > 0.
    areal_densities : array_like, shape (m,)
        Radiator areal densities [kg/m^2], > 0.
    objective : str
        Sizing objective of every point (default: the cost per compute itself).
    workers, progress
        As in :func:`thermaldesign.grid_sweep`.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        Cost per compute [USD per FLOP/s]; NaN where no design closes. Feed it, scaled,
        to :func:`thermaldesign.plots.cost_contour`.
    """
    prices = _positive_axis(launch_prices, "launch_prices", "USD/kg")
    densities = _positive_axis(areal_densities, "areal_densities", "kg/m^2")
    result = grid_sweep(
        spec,
        {"radiator.areal_density": densities, "launch_price_per_kg": prices},
        objective=objective, workers=workers, progress=progress,
    )
    return np.asarray(result.grid("cost_per_compute"), dtype=float)
