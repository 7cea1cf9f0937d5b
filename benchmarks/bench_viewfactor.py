"""View factors for a satellite layout: closed forms, the ray tracer, and a whole layout.

Run: ``.venv/bin/python benchmarks/bench_viewfactor.py``. Reports medians of repeated
runs measured side by side in one process:

- the closed forms of Howell's catalogue (C-11 parallel, C-14 perpendicular), one call
  and vectorised per point;
- the Monte Carlo tracer on the same configurations, its time per 10^5 rays, and how
  far it lands from the closed form in units of its own binomial standard deviation;
- each layout of :mod:`thermaldesign.layout` (radiator panel, both faces, to every wing
  and bus face), its view factors and the time to compute them (uncached);
- the warm ``size_satellite`` of the reference as it was before issue 14 (isothermal
  panel, no armour, no margin), today, and with a boom layout, the scaled bus and
  cycle-life depth of discharge, interleaved (view factors and wheels are cached per layout,
  so a warm re-size pays only for the coefficients and the solve).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from _timing import median_seconds

import thermaldesign as td
from thermaldesign import layout, viewfactor
from thermaldesign.viewfactor import Rectangle

RAYS = 100_000


def closed_forms() -> None:
    sides = np.random.default_rng(0).uniform(0.1, 10.0, size=(3, 100_000))
    one = median_seconds(lambda: viewfactor.parallel_rectangles(1.0, 2.0, 0.5), 21)
    many = median_seconds(lambda: viewfactor.parallel_rectangles(*sides), 7) / sides.shape[1]
    one_p = median_seconds(lambda: viewfactor.perpendicular_rectangles(1.0, 2.0, 0.5), 21)
    many_p = median_seconds(lambda: viewfactor.perpendicular_rectangles(*sides), 7) / sides.shape[1]
    print("closed forms (Howell C-11 / C-14)")
    print(f"  parallel, one call:            {one * 1e6:9.1f} us")
    print(f"  parallel, vectorised per point:{many * 1e9:9.1f} ns")
    print(f"  perpendicular, one call:       {one_p * 1e6:9.1f} us")
    print(f"  perpendicular, vectorised:     {many_p * 1e9:9.1f} ns per point")


def tracer_against_closed_forms() -> None:
    bottom = Rectangle((0, 0, 0), (1.0, 0, 0), (0, 2.0, 0))
    top = Rectangle((0, 0, 0.5), (0, 2.0, 0), (1.0, 0, 0))
    wall = Rectangle((0, 0, 0), (0, 0, 0.5), (1.0, 0, 0))
    cases = (
        ("parallel 1 x 2 at 0.5", bottom, top, viewfactor.parallel_rectangles(1.0, 2.0, 0.5)),
        ("perpendicular l=1 w=2 h=0.5", bottom, wall,
         viewfactor.perpendicular_rectangles(1.0, 2.0, 0.5)),
    )
    print(f"ray tracer, {RAYS:,} rays")
    for name, emitter, receiver, exact in cases:
        trace = viewfactor.ray_trace(emitter, [receiver], rays=RAYS, seed=0)
        sigma = float(trace.std(exact))
        seconds = median_seconds(
            lambda e=emitter, r=receiver: viewfactor.ray_trace(e, [r], rays=RAYS, seed=0), 5)
        print(f"  {name:28s} F = {trace.total[0]:.4f} (exact {float(exact):.4f}, "
              f"{(trace.total[0] - exact) / sigma:+.2f} sigma, sigma {sigma:.1e}), "
              f"{seconds * 1e3:.1f} ms")


def layouts() -> None:
    print(f"layouts (reference geometry, {RAYS:,} rays per radiator face, uncached)")
    for kind in layout.LAYOUTS:
        geometry = layout.Layout(kind=kind)
        view = geometry.view_factors(rays=RAYS)
        # the cache would hide the cost: call the uncached function
        seconds = median_seconds(
            lambda g=geometry: layout._view_factors.__wrapped__(g, RAYS, 0), 5)
        print(f"  {kind:13s} array front {view.array_front:.4f}  back {view.array_back:.4f}  "
              f"bus {view.bus:.4f}  (std {view.std:.1e})  {seconds * 1e3:7.1f} ms")


def _interleaved_medians(functions, repeats: int) -> list[float]:
    """Median of each function's wall times, the calls taken in turn so load drifts hit all."""
    samples = [[] for _ in functions]
    for _ in range(repeats):
        for function, times in zip(functions, samples, strict=True):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in samples]


def warm_sizing() -> None:
    # before issue 14: isothermal panel at the catalog fin factor, no armour, no margin
    before = td.SatelliteSpec(panel_profile=False, fin_material=None,
                              no_penetration_probability=None, thermal_margin=0.0)
    today = td.SatelliteSpec()
    richer = td.SatelliteSpec(layout="boom", bus_model="scaled",
                              depth_of_discharge_model="cycle-life")
    specs = (before, today, richer)
    for spec in specs:  # warm every cache
        td.size_satellite(spec, sensitivities=False)
    times = _interleaved_medians(
        [lambda s=spec: td.size_satellite(s, sensitivities=False) for spec in specs], 21)
    print("warm size_satellite (integer, closure, no sensitivities), interleaved medians of 21")
    print(f"  before issue 14 (isothermal, no armour, no margin): {times[0] * 1e3:7.2f} ms")
    print(f"  today's reference (profile, fins, armour, margin):  {times[1] * 1e3:7.2f} ms")
    print(f"  + boom layout, scaled bus, cycle-life DoD:          {times[2] * 1e3:7.2f} ms")


def main() -> None:
    closed_forms()
    tracer_against_closed_forms()
    layouts()
    warm_sizing()


if __name__ == "__main__":
    main()
