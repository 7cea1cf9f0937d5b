"""Radiator panel model: cost of the panel profile, the fin optimum and the environment.

Run: ``.venv/bin/python benchmarks/bench_radiator_panel.py``. Medians of repeated runs
measured side by side in one process:

- the pumped panel's closed-form mean flux against adaptive quadrature of the same
  integral (scipy.integrate.quad), per point;
- the fin-and-tube optimum (zooming grid + Newton polish) against a 500 x 500 brute-force
  grid, and the armoured panel (fin optimum + debris armour fixed point);
- the batched fin optimum ``fin_optima`` per element at 1, 100 and 10,000 environments,
  against the scalar ``fin_optimum`` per call (issue 18), side by side;
- ``environment_of`` of the reference spec with the armoured panel (issue 14) and with
  the catalog fin efficiency (``fin_material=None``, today's model), caches cleared;
- the warm re-solve of the reference (``size_satellite`` with sensitivities, environment
  cached), with and without the panel model.
"""

from __future__ import annotations

import numpy as np
from _timing import median_seconds
from scipy import integrate

import thermaldesign as td
from thermaldesign import catalog, radiator_panel
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.sizing import evaluate


def _clear_caches() -> None:
    radiator_panel.clear_shared_panels()
    for cached in (evaluate._eclipse,
                   evaluate._radiator_flux,
                   evaluate._array_environment, evaluate._coating, evaluate._array,
                   evaluate._cold_case):
        cached.cache_clear()


def _batched_fin_optima(args, sizes=(1, 100, 10_000)) -> dict:
    """Median seconds per element of ``fin_optima`` over environments spread like a
    Monte Carlo: base temperature 270-340 K, absorbed 0-200 W/m^2, emissivity 0.75-0.92."""
    rng = np.random.default_rng(18)
    result = {}
    for size in sizes:
        temperature = rng.uniform(270.0, 340.0, size)
        absorbed, emissivity = rng.uniform(0.0, 200.0, size), rng.uniform(0.75, 0.92, size)
        seconds = median_seconds(lambda t=temperature, q=absorbed, e=emissivity:
                                 radiator_panel.fin_optima(*args[:4], t, e, absorbed_flux=q),
                                 7 if size < 10_000 else 3)
        result[size] = seconds / size
    return result


def main() -> None:
    a = 2 * 0.85 * 0.9 * STEFAN_BOLTZMANN
    inlets = np.linspace(300.0, 340.0, 10_000)
    closed = median_seconds(lambda: radiator_panel.panel_mean_flux(
        inlets, 290.0, 0.9, 2, 0.85, 130.0), 7) / inlets.size
    quad = median_seconds(lambda: integrate.quad(lambda t: 1 / (a * t**4 - 130.0), 290.0,
                                                 320.0, epsrel=1e-12), 21)
    fins = catalog.get("fin_materials", "aluminium_6061_t6")
    tube = catalog.get("radiator_tubes", "ammonia_pumped_tube")
    args = (fins.conductivity, fins.density, tube.mass_per_length, tube.width, 300.0, 0.9)
    optimum = median_seconds(lambda: radiator_panel.fin_optimum(*args, absorbed_flux=130.0), 7)

    def brute():
        grid_l, grid_t = np.meshgrid(np.geomspace(5e-3, 1, 500), np.geomspace(1e-4, 1e-2, 500))
        return radiator_panel.fin_mass_per_watt(grid_l, grid_t, *args, 2, 130.0)[0].min()

    brute_force = median_seconds(brute, 3)
    armoured = median_seconds(lambda: radiator_panel.armoured_panel(
        fins, tube, 300.0, 0.9, absorbed_flux=130.0, panel_areal_density=11.0), 7)

    batched = _batched_fin_optima(args)

    spec = td.SatelliteSpec()
    plain = spec.replace(fin_material=None)

    def cold(s):
        _clear_caches()
        return evaluate.environment_of(s)

    env_panel = median_seconds(lambda: cold(spec), 5)
    env_plain = median_seconds(lambda: cold(plain), 5)
    td.size_satellite(spec)
    td.size_satellite(plain)
    warm_panel = median_seconds(lambda: td.size_satellite(spec), 5)
    warm_plain = median_seconds(lambda: td.size_satellite(plain), 5)

    print(f"panel mean flux, closed form, per point (10k): {closed * 1e6:9.3f} us")
    print(f"same integral by scipy quad, one point:        {quad * 1e6:9.1f} us")
    print(f"fin optimum (zoom + Newton):                   {optimum * 1e3:9.2f} ms")
    print(f"fin optimum by 500 x 500 brute force:          {brute_force * 1e3:9.2f} ms")
    for size, seconds in batched.items():
        print(f"fin_optima batched, per element, n = {size:>6}:  {seconds * 1e3:9.3f} ms")
    print(f"armoured panel (4 fixed-point passes):         {armoured * 1e3:9.2f} ms")
    print(f"environment_of, cold caches, armoured panel:   {env_panel * 1e3:9.2f} ms")
    print(f"environment_of, cold caches, catalog fins:     {env_plain * 1e3:9.2f} ms")
    print(f"size_satellite warm (sensitivities), panel:    {warm_panel * 1e3:9.1f} ms")
    print(f"size_satellite warm (sensitivities), catalog:  {warm_plain * 1e3:9.1f} ms")


if __name__ == "__main__":
    main()
