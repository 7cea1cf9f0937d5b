"""Grid and Latin-hypercube sweeps over spec fields."""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import scipy  # submodules load on first use (scipy's lazy loader): fast start-up

from .._validation import check_choice, check_positive_int, check_scalar
from ..errors import InputError
from ._execution import _python_value, _run_points
from .outputs import SizingEvaluator
from .results import SweepResult, _collect

# Points in one sweep at most: about a day of sizing on two cores (~120 designs/s each).
MAX_POINTS = 10_000_000


def _objective_name(evaluate) -> str:
    if isinstance(evaluate, SizingEvaluator):
        return evaluate.objective
    return getattr(evaluate, "__name__", type(evaluate).__name__)


def _default_evaluate(evaluate, objective):
    if evaluate is not None:
        return evaluate
    if not isinstance(objective, str):
        raise InputError(f"objective must be a sizing objective name; got {objective!r}")
    return SizingEvaluator(objective)


def _run_design(kind: str, shape, spec, names, rows, *, objective, evaluate, workers,
                scheduler, progress, checkpoint, description: str) -> SweepResult:
    """Evaluate the points of a study design (``rows`` of values of ``names``), timed.

    The part every study shares once it has chosen its points: the default evaluate,
    execution (:func:`~thermaldesign.studytools._execution._run_points`) and collection
    into a :class:`SweepResult` of the given ``kind`` and ``shape``.
    """
    evaluate = _default_evaluate(evaluate, objective)
    start = time.perf_counter()
    records = _run_points(spec, evaluate, names, rows, workers=workers, scheduler=scheduler,
                          progress=progress, checkpoint=checkpoint, description=description)
    return _collect(kind, shape, _objective_name(evaluate), names, rows, records,
                    time.perf_counter() - start)


def _rows_of(columns, samples: int) -> list[tuple[float, ...]]:
    """Points as tuples of Python floats from one sampled array per field."""
    return [tuple(float(column[i]) for column in columns) for i in range(samples)]


def _check_fields_mapping(fields_to_values, name: str) -> dict:
    if not isinstance(fields_to_values, Mapping) or not fields_to_values:
        raise InputError(f"{name} must be a non-empty mapping of field path -> values; "
                         f"got {fields_to_values!r}")
    return dict(fields_to_values)


# --------------------------------------------------------------------------------------
# Public sweeps
# --------------------------------------------------------------------------------------


def grid_sweep(spec, fields: Mapping[str, Sequence], *, objective: str = "max_compute",
               evaluate: Callable | None = None, workers: int | None = None, scheduler=None,
               progress: bool | None = None, checkpoint=None) -> SweepResult:
    """Evaluate ``spec`` on the full factorial grid of the given field values.

    Parameters
    ----------
    spec : SatelliteSpec
        The base spec (any frozen dataclass); each point changes only the swept fields.
    fields : mapping of str to sequence
        Field path -> values. A path names a spec field (``"mass_limit"``), a field of a
        nested dataclass (``"thermal.cold_plate_drop"``), or a keyword parameter of
        ``evaluate`` (for inputs that are not part of the spec, e.g. a fleet-level launch
        price). Values are in the field's SI unit, or strings for catalog keys.
    objective : str
        Sizing objective used by the default ``evaluate`` (``"max_compute"``,
        ``"min_mass_per_compute"`` or ``"min_cost_per_compute"``).
    evaluate : callable, optional
        ``evaluate(spec, **keywords)`` returning a SatelliteDesign, a mapping of output
        names to numbers, or a number (stored as ``"value"``). Default:
        :class:`SizingEvaluator` ``(objective)``. Must be picklable (a module-level
        function or object) when points run on other processes.
    workers : int, optional
        Number of local worker processes; 1 runs in this process. Default (None): the
        first points run in this process, timed (8 one at a time, or 64 as one batch for
        a batched evaluator such as the default); the rest run on one process per spare
        CPU (CPUs minus the 1-minute load average) only if that is expected to save at
        least 20 % of the time, counting ~3 s to start the workers unless a pool from an
        earlier sweep is still alive. Worker processes are kept between sweeps (each
        keeps its compiled sizing problems); ``thermaldesign.studytools.shutdown_workers()``
        stops them.
    scheduler : str or distributed.Client, optional
        Address of a Dask distributed scheduler (``"tcp://host:8786"``) or a client; runs
        the points on that cluster instead of local processes (needs the ``dask`` extra).
    progress : bool, optional
        Show a tqdm progress bar: True always, False never, None (default) once the sweep
        has run for 2 s.
    checkpoint : path, optional
        A file that records every completed point (JSON lines, flushed per chunk). Run the
        same sweep again with the same path and it skips the points already done; a
        checkpoint of a different sweep is refused.

    Returns
    -------
    SweepResult
        One point per grid node, in C order (the last field varies fastest);
        ``result.grid(name)`` reshapes a column to the grid.

    Raises
    ------
    InputError
        Unknown field (with the nearest valid name), empty values, bad options.

    Notes
    -----
    The number of points is :math:`\\prod_i n_i` for :math:`n_i` values of field
    :math:`i`, at most 10,000,000.

    References
    ----------
    .. [1] D. C. Montgomery, *Design and Analysis of Experiments*, 9th ed., Wiley (2017),
       ch. 5: factorial designs.
    """
    fields = _check_fields_mapping(fields, "fields")
    names = list(fields)
    axes = []
    for name, values in fields.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence | np.ndarray):
            raise InputError(f"values of field '{name}' must be a sequence; got {values!r}")
        values = list(np.asarray(values).ravel()) if isinstance(values, np.ndarray) else list(
            values)
        if not values:
            raise InputError(f"values of field '{name}' must not be empty")
        for value in values:
            value = _python_value(value)
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(f"field '{name}' value {value} is not a finite number")
        axes.append(values)
    count = math.prod(len(a) for a in axes)
    if count > MAX_POINTS:
        raise InputError(
            f"the grid has {count:,} points ({' x '.join(str(len(a)) for a in axes)}), more "
            f"than {MAX_POINTS:,}; use fewer values per field or a latin_hypercube_sweep"
        )
    return _run_design("grid", [len(a) for a in axes], spec, names,
                       list(itertools.product(*axes)), objective=objective, evaluate=evaluate,
                       workers=workers, scheduler=scheduler, progress=progress,
                       checkpoint=checkpoint, description="grid sweep")


def _check_seed(seed) -> int:
    if seed is None:
        raise InputError("seed is required so that the study can be reproduced; pass an int")
    return check_positive_int(seed, "seed", minimum=0)


def _check_bounds(name, bounds) -> tuple[float, float, bool]:
    if isinstance(bounds, (str, bytes)) or not isinstance(bounds, Sequence) or len(bounds) not in (
        2, 3):
        raise InputError(
            f"bounds of field '{name}' must be (low, high) or (low, high, 'log'); got {bounds!r}"
        )
    low = check_scalar(bounds[0], f"{name} low")
    high = check_scalar(bounds[1], f"{name} high")
    if not high > low:
        raise InputError(f"field '{name}': high = {high:g} must exceed low = {low:g}")
    logarithmic = False
    if len(bounds) == 3:
        logarithmic = check_choice(bounds[2], f"{name} scale", ("linear", "log")) == "log"
        if logarithmic and low <= 0:
            raise InputError(f"field '{name}': a log scale needs low > 0; got {low:g}")
    return low, high, logarithmic


def latin_hypercube_sweep(spec, bounds: Mapping[str, Sequence], samples: int, *, seed: int,
                          objective: str = "max_compute", evaluate: Callable | None = None,
                          workers: int | None = None, scheduler=None,
                          progress: bool | None = None, checkpoint=None) -> SweepResult:
    """Evaluate ``spec`` at a Latin-hypercube sample of the given field ranges.

    Parameters
    ----------
    spec : SatelliteSpec
        The base spec.
    bounds : mapping of str to (float, float) or (float, float, str)
        Field path -> ``(low, high)`` in the field's SI unit, optionally with ``"log"`` to
        sample uniformly in the logarithm (for ranges over decades such as launch price).
    samples : int
        Number of points [-], in [1, 10,000,000].
    seed : int
        Seed of the numpy Generator; the same seed gives the same points.
    objective, evaluate, workers, scheduler, progress, checkpoint
        As in :func:`grid_sweep`.

    Returns
    -------
    SweepResult
        ``samples`` points, ``kind="latin_hypercube"``.

    Notes
    -----
    Each of the :math:`d` ranges is cut into ``samples`` equal strata and every stratum of
    every field holds exactly one point [1]_ (scipy's ``LatinHypercube``, scrambled):
    :math:`x = \\text{low} + u\\,(\\text{high} - \\text{low})`, or
    :math:`x = \\text{low}\\,(\\text{high}/\\text{low})^u` on a log scale.

    References
    ----------
    .. [1] McKay, Beckman and Conover (1979), doi:10.1080/00401706.1979.10489755
    """
    bounds = _check_fields_mapping(bounds, "bounds")
    samples = check_positive_int(samples, "samples", maximum=MAX_POINTS)
    seed = _check_seed(seed)
    checked = [_check_bounds(name, value) for name, value in bounds.items()]
    hypercube = scipy.stats.qmc.LatinHypercube(d=len(checked), rng=np.random.default_rng(seed))
    unit = hypercube.random(samples)
    columns = []
    for axis, (low, high, logarithmic) in enumerate(checked):
        u = unit[:, axis]
        columns.append(low * (high / low) ** u if logarithmic else low + u * (high - low))
    return _run_design("latin_hypercube", [samples], spec, list(bounds),
                       _rows_of(columns, samples), objective=objective, evaluate=evaluate,
                       workers=workers, scheduler=scheduler, progress=progress,
                       checkpoint=checkpoint, description="Latin-hypercube sweep")
