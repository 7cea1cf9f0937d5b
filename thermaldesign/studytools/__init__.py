"""Study tools: sweeps, Pareto fronts and uncertainty over satellite specs.

The public names are re-exported by :mod:`thermaldesign.sweep`, the module studies import;
see its docstring for the overview. Modules: ``sweeps`` (grid, Latin hypercube),
``uncertainty`` (distributions, Monte Carlo, tornado data), ``pareto`` (epsilon-constraint
fronts), ``results`` (:class:`SweepResult`), ``outputs`` (what is read off a design or a
fleet plan), ``_execution`` (field paths, chunked execution on processes or Dask,
checkpoints, atomic writes).
"""

from __future__ import annotations

from ._execution import shutdown_workers
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
from .sweeps import grid_sweep, latin_hypercube_sweep
from .uncertainty import LogNormal, Normal, TornadoData, Triangular, Uniform, monte_carlo, tornado

__all__ = [
    "DESIGN_OUTPUTS",
    "FLEET_OUTPUTS",
    "FleetEvaluator",
    "LogNormal",
    "Normal",
    "PARETO_OBJECTIVES",
    "PARETO_TOLERANCE",
    "ParetoFront",
    "ParetoObjective",
    "SizingEvaluator",
    "SweepResult",
    "TornadoData",
    "Triangular",
    "Uniform",
    "design_outputs",
    "dominates",
    "grid_sweep",
    "latin_hypercube_sweep",
    "monte_carlo",
    "non_dominated",
    "pareto_front",
    "shutdown_workers",
    "tornado",
]
