"""Exact radiating-fin efficiency: speed and accuracy of the closed form against solve_bvp.

Run: ``.venv/bin/python benchmarks/bench_fin_efficiency.py``. Reports medians of repeated
runs measured side by side in one process, and the largest deviation from a collocation
solution of theta'' = N theta^4, theta(0) = 1, theta'(1) = 0 (tol 1e-10).
"""

from __future__ import annotations

import numpy as np
from _timing import median_seconds
from scipy.integrate import solve_bvp

from thermaldesign import radiator


def bvp_efficiency(number: float) -> float:
    x = np.linspace(0.0, 1.0, 101)
    solution = solve_bvp(
        lambda _x, y: np.vstack([y[1], number * y[0] ** 4]),
        lambda left, right: np.array([left[0] - 1.0, right[1]]),
        x,
        np.vstack([np.ones_like(x), np.zeros_like(x)]),
        tol=1e-10,
        max_nodes=100_000,
    )
    if not solution.success:
        raise RuntimeError(f"solve_bvp failed at N = {number}: {solution.message}")
    return float(-solution.sol(0.0)[1] / number)


def main() -> None:
    numbers = np.logspace(-3, 2, 40)
    reference = np.array([bvp_efficiency(n) for n in numbers])
    exact = radiator.fin_efficiency(numbers)
    error = np.max(np.abs(exact / reference - 1.0))
    linear_error = np.max(np.abs(radiator.linearized_fin_efficiency(numbers) / reference - 1.0))

    many = np.logspace(-6, 6, 100_000)
    vector = median_seconds(lambda: radiator.fin_efficiency(many), 7) / many.size
    scalar = median_seconds(lambda: [radiator.fin_efficiency(0.25) for _ in range(200)], 7) / 200
    bvp = median_seconds(lambda: bvp_efficiency(0.25), 7)

    print(f"max relative error vs solve_bvp, N in [1e-3, 1e2] (40 points): {error:.2e}")
    print(f"linearised tanh(2 sqrt N)/(2 sqrt N) max relative error:        {linear_error:.2e}")
    print(f"vectorised, per point (100k points):  {vector * 1e6:9.3f} us")
    print(f"scalar call:                          {scalar * 1e6:9.1f} us")
    print(f"solve_bvp, one point:                 {bvp * 1e6:9.1f} us")
    print(f"speed-up vectorised vs solve_bvp:     {bvp / vector:9.0f}x")
    print(f"speed-up scalar call vs solve_bvp:    {bvp / scalar:9.0f}x")


if __name__ == "__main__":
    main()
