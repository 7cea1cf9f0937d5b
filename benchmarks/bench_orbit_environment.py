"""Speed of the orbit and environment functions the sizing optimizer calls in its loops.

Run: ``.venv/bin/python benchmarks/bench_orbit_environment.py``. Prints the median time per
call over repeated runs, and the cost per evaluated point for the vectorised calls, so a
scalar loop and one vector call can be compared side by side in the same run.
"""

from __future__ import annotations

import statistics
import timeit

import numpy as np

from thermaldesign import environment, orbit

ALTITUDES = np.linspace(400e3, 1500e3, 1000)


def median_seconds(statement, number, repeat=7) -> float:
    times = timeit.repeat(statement, number=number, repeat=repeat)
    return statistics.median(times) / number


def average_flux(altitude, orientation: str, **options):
    """The orbit-average flux call of one case (beta 70 deg, alpha 0.1, eps 0.9)."""
    return lambda: environment.orbit_average_flux(altitude, 70.0, 0.1, 0.9,
                                                  orientation=orientation, **options)


def main() -> None:
    cases = [
        ("eclipse_fraction, scalar", lambda: orbit.eclipse_fraction(550e3, 30.0), 2000, 1),
        ("eclipse_fraction, 1000 altitudes", lambda: orbit.eclipse_fraction(ALTITUDES, 30.0),
         200, 1000),
        ("earth_view_factor, scalar", lambda: orbit.earth_view_factor(550e3, 45.0), 2000, 1),
        ("earth_view_factor, 1000 altitudes",
         lambda: orbit.earth_view_factor(ALTITUDES, 45.0), 200, 1000),
        ("eclipse_season, 4 samples/day", lambda: orbit.eclipse_season(550e3), 50, 1),
        ("orbit_average_flux edge-on (closed form), scalar",
         average_flux(550e3, "edge-on"), 500, 1),
        ("orbit_average_flux edge-on (closed form), 1000 alt.",
         average_flux(ALTITUDES, "edge-on"), 20, 1000),
        ("orbit_average_flux sun-pointing (360 samples), scalar",
         average_flux(550e3, "sun-pointing"), 500, 1),
        ("orbit_average_flux sun-pointing (360 s.), 1000 alt.",
         average_flux(ALTITUDES, "sun-pointing"), 10, 1000),
        ("orbit_average_flux edge-on, Lambertian albedo, scalar",
         average_flux(550e3, "edge-on", albedo_model="lambertian"), 10, 1),
    ]
    print(f"{'call':<52} {'median/call':>12} {'per point':>11}")
    for name, statement, number, points in cases:
        seconds = median_seconds(statement, number)
        print(f"{name:<52} {seconds * 1e6:>9.1f} us {seconds / points * 1e6:>8.2f} us")
    loop = median_seconds(
        lambda: [orbit.earth_view_factor(h, 45.0) for h in ALTITUDES[:100]], 5)
    vector = median_seconds(lambda: orbit.earth_view_factor(ALTITUDES[:100], 45.0), 200)
    print(f"earth_view_factor: 100-point Python loop / one vector call = {loop / vector:.0f}x")


if __name__ == "__main__":
    main()
