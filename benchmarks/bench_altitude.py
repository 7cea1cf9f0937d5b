"""Cost of the altitude environment: first evaluation at a new orbit vs a cached one.

Run: ``.venv/bin/python benchmarks/bench_altitude.py`` (needs ``thermaldesign[environment]``).
Prints medians over distinct new altitudes (each a cache miss) and over repeats of one
altitude (cache hits), side by side in one run, for:

- the trapped spectra (AE8/AP8 sampled on 72 x 36 orbit points; the geomagnetic
  coordinates dominate),
- the dose behind a shield (on cached spectra: the range-energy integral),
- the NRLMSIS density table (once per solar-activity level) and a density look-up,
- one :func:`~thermaldesign.sizing.altitude.evaluate_altitude` (sizing + drag fixed point)
  at an altitude whose environment is cached, against a plain ``size_satellite``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import thermaldesign as td  # noqa: E402
from thermaldesign import atmosphere, radiation  # noqa: E402
from thermaldesign.sizing import altitude as alt  # noqa: E402


def _time(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _median(samples) -> float:
    return statistics.median(samples)


def main(count: int = 7) -> dict:
    """Time each case; ``count`` new altitudes for the cache misses. Returns medians [s]."""
    altitudes = [500e3 + 37e3 * i for i in range(count)]
    new_spectra = [_time(lambda h=h: radiation.trapped_spectra(h, 97.5, "worst"))
                   for h in altitudes]
    cached_spectra = [_time(lambda: radiation.trapped_spectra(altitudes[0], 97.5, "worst"))
                      for _ in range(count)]
    new_dose = [_time(lambda t=t: radiation.dose_rate(altitudes[0], 97.5, 1e-3 * (1 + t)))
                for t in range(count)]
    msis_table = [_time(lambda s=s: atmosphere._density_table.__wrapped__(s))
                  for s in ("min", "mean", "max")]
    lookup = [_time(lambda: atmosphere.density(550e3)) for _ in range(count)]
    spec = td.reference_spec()
    evaluate = [_time(lambda t=t: alt.evaluate_altitude(spec, altitudes[0], 1e-3 * t))
                for t in range(count)]
    plain = [_time(lambda: td.size_satellite(spec.replace(altitude=altitudes[0]),
                                             integer=False, sensitivities=False))
             for _ in range(count)]
    result = {
        "trapped spectra, new orbit": _median(new_spectra),
        "trapped spectra, cached": _median(cached_spectra),
        "dose behind a new thickness (spectra cached)": _median(new_dose),
        "NRLMSIS density table, one activity level": _median(msis_table),
        "density look-up (table cached)": _median(lookup),
        "evaluate_altitude, environment cached": _median(evaluate),
        "size_satellite, relaxed, same altitude": _median(plain),
    }
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores); medians of {count}")
    for name, seconds in result.items():
        print(f"{name:<48} {seconds * 1e3:>9.2f} ms")
    return result


if __name__ == "__main__":
    main()
