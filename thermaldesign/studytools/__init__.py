"""Study tools: trade sweeps, Pareto fronts, Monte Carlo and tornado data over satellite specs.

Every study here is "evaluate a function of a spec at many points". The machinery is
generic: it takes any frozen-dataclass spec and any ``evaluate(spec) -> outputs`` function,
changes one or more spec fields per point (a dotted path reaches into nested dataclasses
and into catalog entries named by key, e.g. ``"radiator.areal_density"``), and collects
the outputs into numpy arrays. By default ``evaluate`` sizes the satellite with
:func:`thermaldesign.size_satellite` and reads the headline numbers of the design
(:func:`design_outputs`); :class:`FleetEvaluator` also plans the fleet.

- :func:`grid_sweep`, :func:`latin_hypercube_sweep`: trade sweeps -> :class:`SweepResult`.
- :func:`monte_carlo` with :class:`Normal`, :class:`LogNormal`, :class:`Uniform`,
  :class:`Triangular` (or scipy.stats frozen distributions): uncertainty -> SweepResult
  with :meth:`SweepResult.percentiles` and :meth:`SweepResult.summary`.
- :func:`tornado`: one-at-a-time swings -> :class:`TornadoData` (``plots.tornado``).
- ``sobol``: verdicts under uncertainty of a fixed design's fleet
  (:class:`~thermaldesign.fleet.uncertain.FixedDesignFleet`): distributions from each
  input's provenance (:data:`~.sobol.PROVENANCE_RULE`), :func:`fleet_monte_carlo` with
  common random numbers -> :class:`~.sobol.FleetVerdict` (P10/P50/P90, P(orbit beats the
  ground) against launch price and year), :func:`sobol_analysis` (SALib) ->
  :class:`~.sobol.SobolResult`, :func:`~.sobol.range_tornado` over each input's own range.
- :func:`pareto_front`: epsilon-constraint fronts of two objectives of
  :data:`PARETO_OBJECTIVES` -> :class:`ParetoFront`.
- :func:`cost_per_compute_grid`: cost per compute over launch price x radiator areal
  density, a grid sweep (``plots.cost_contour`` draws it).

Modules: ``sweeps`` (grid, Latin hypercube), ``grids`` (named study grids),
``uncertainty`` (distributions, Monte Carlo, tornado data), ``pareto``
(epsilon-constraint fronts), ``results`` (:class:`SweepResult`), ``outputs`` (what is
read off a design or a fleet plan), ``_execution`` (field paths, chunked execution on
processes or Dask, checkpoints). The most used names are also ``thermaldesign.<name>``.

Execution
---------
Points are cut into contiguous chunks and each chunk runs in one call inside one worker,
so a worker process keeps the sizing model it compiled for the first point (the sizing
module caches its DPP-parametrised problem per spec shape) and re-solves it for every
later point instead of rebuilding it; the pool of worker processes is kept between sweeps
(:func:`shutdown_workers` stops it). Workers are local processes (``spawn`` start method,
so it is safe with threads and on every platform) or a Dask distributed cluster given by
its scheduler address. A point whose evaluation raises a thermaldesign error
(:class:`~thermaldesign.errors.InfeasibleDesignError`, :class:`~thermaldesign.errors.SolverError`,
:class:`~thermaldesign.errors.InputError`, ...) is recorded with its status and reason and
the sweep goes on; any other exception is a bug and stops the sweep.

Results
-------
:class:`SweepResult` holds one numpy array per input and per output, the status and the
failure reason of every point. Failed points hold NaN in the output arrays: NaN here means
"no value", and ``status`` says why. Results export to CSV and JSON atomically (temporary
file, then ``os.replace``) and read back with :meth:`SweepResult.from_csv` and
:meth:`SweepResult.from_json`.

References
----------
.. [1] M. D. McKay, R. J. Beckman, W. J. Conover, "A comparison of three methods for
   selecting values of input variables in the analysis of output from a computer code",
   Technometrics 21(2), 239-245 (1979). doi:10.1080/00401706.1979.10489755
"""

from __future__ import annotations

from ._execution import shutdown_workers
from .grids import cost_per_compute_grid
from .outputs import DESIGN_OUTPUTS, FLEET_OUTPUTS, FleetEvaluator, SizingEvaluator, design_outputs
from .pareto import (
    PARETO_OBJECTIVES,
    PARETO_TOLERANCE,
    ParetoFront,
    ParetoObjective,
    dominates,
    non_dominated,
    pareto_front,
)
from .results import SweepResult
from .sobol import FleetVerdict, SobolResult, fleet_monte_carlo, sobol_analysis
from .sweeps import grid_sweep, latin_hypercube_sweep
from .uncertainty import LogNormal, Normal, TornadoData, Triangular, Uniform, monte_carlo, tornado

__all__ = [
    "DESIGN_OUTPUTS",
    "FLEET_OUTPUTS",
    "FleetEvaluator",
    "FleetVerdict",
    "LogNormal",
    "Normal",
    "PARETO_OBJECTIVES",
    "PARETO_TOLERANCE",
    "ParetoFront",
    "ParetoObjective",
    "SizingEvaluator",
    "SobolResult",
    "SweepResult",
    "TornadoData",
    "Triangular",
    "Uniform",
    "cost_per_compute_grid",
    "design_outputs",
    "fleet_monte_carlo",
    "dominates",
    "grid_sweep",
    "latin_hypercube_sweep",
    "monte_carlo",
    "non_dominated",
    "pareto_front",
    "shutdown_workers",
    "sobol_analysis",
    "tornado",
]
