"""Grids of a design quantity over a trade space (thermaldesign.studytools.grids)."""

import pytest

import thermaldesign as td
from thermaldesign.studytools.grids import cost_per_compute_grid


def test_cost_per_compute_grid_matches_individual_sizings():
    # Brute force oracle: size each grid point on its own.
    spec = td.SatelliteSpec()
    prices, densities = [200.0, 2000.0], [4.0, 11.0]
    grid = cost_per_compute_grid(spec, prices, densities, workers=1, progress=False)
    assert grid.shape == (2, 2)
    radiator = spec.entry("radiator")
    for row, density in enumerate(densities):
        for column, price in enumerate(prices):
            design = td.size_satellite(
                spec.replace(launch_price_per_kg=price,
                             radiator=radiator.replace(areal_density=density)),
                "min_cost_per_compute",
            )
            assert grid[row, column] == pytest.approx(design.cost_per_compute, rel=1e-6)
    # Lighter radiators and cheaper launch never cost more.
    assert grid[0, 0] <= grid[1, 0] and grid[0, 0] <= grid[0, 1]


def test_cost_per_compute_grid_rejects_bad_axes():
    with pytest.raises(td.InputError, match="launch_prices"):
        cost_per_compute_grid(td.SatelliteSpec(), [0.0, 100.0], [5.0])
    with pytest.raises(td.InputError, match="1-D"):
        cost_per_compute_grid(td.SatelliteSpec(), [[100.0]], [5.0])
