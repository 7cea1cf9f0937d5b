"""Trade studies over satellite specs: grid and Latin-hypercube sweeps, Monte Carlo.

Every study here is "evaluate a function of a spec at many points". The machinery is
generic: it takes any frozen-dataclass spec and any ``evaluate(spec) -> outputs`` function,
changes one or more spec fields per point (a dotted path reaches into nested dataclasses),
and collects the outputs into numpy arrays. By default ``evaluate`` sizes the satellite
with :func:`thermaldesign.size_satellite` and reads the headline numbers of the design.

Execution
---------
Points are cut into contiguous chunks and each chunk runs in one call inside one worker,
so a worker process keeps the sizing model it compiled for the first point (the sizing
module caches its DPP-parametrised problem per spec shape) and re-solves it for every
later point instead of rebuilding it. Workers are local processes (``spawn`` start method,
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

import dataclasses
import hashlib
import inspect
import itertools
import json
import math
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np

from ._validation import check_choice, check_positive_int, check_scalar
from .errors import (
    CatalogError,
    ClosureError,
    InfeasibleDesignError,
    InputError,
    SolverError,
    ThermalDesignError,
)

__all__ = [
    "DESIGN_OUTPUTS",
    "LogNormal",
    "Normal",
    "SizingEvaluator",
    "SweepResult",
    "Triangular",
    "Uniform",
    "design_outputs",
    "grid_sweep",
    "latin_hypercube_sweep",
    "monte_carlo",
]

# Status of a point: "ok", or the kind of error that stopped it.
STATUS_OK = "ok"
_STATUS_OF_ERROR = (
    (InfeasibleDesignError, "infeasible"),
    (ClosureError, "closure_error"),
    (SolverError, "solver_error"),
    (InputError, "input_error"),
    (CatalogError, "catalog_error"),
    (ThermalDesignError, "error"),
)

# The outputs read off a SatelliteDesign, with their units; the order is the column order.
DESIGN_OUTPUTS: dict[str, str] = {
    "gpu_count": "-",
    "compute": "FLOP/s",
    "it_power": "W",
    "total_mass": "kg",
    "solar_array_area": "m^2",
    "radiator_area": "m^2",
    "radiator_temperature": "K",
    "battery_energy": "J",
    "duty_cycle": "-",
    "stowed_volume": "m^3",
    "hardware_cost": "USD",
    "launch_cost": "USD",
    "mass_per_compute": "kg/(FLOP/s)",
    "cost_per_compute": "USD/(FLOP/s)",
}

# Above this many points a sweep with workers=None runs on local processes; below it the
# ~2 s it takes a spawned process to import cvxpy costs more than it saves.
_PARALLEL_THRESHOLD = 64
# Chunks per worker: more than one so that the progress bar moves and a slow chunk does
# not hold the others back; few enough that the per-chunk overhead stays small.
_CHUNKS_PER_WORKER = 8
_MAX_CHUNK = 64
# A progress bar appears once a sweep has run this long, unless asked for or disabled.
_PROGRESS_DELAY = 2.0  # [s]


# --------------------------------------------------------------------------------------
# Reading the outputs of a design
# --------------------------------------------------------------------------------------


def design_outputs(design) -> dict[str, float]:
    """Headline numbers of a sized satellite as a flat dict of floats (SI).

    Parameters
    ----------
    design : SatelliteDesign
        A design from :func:`thermaldesign.size_satellite`.

    Returns
    -------
    dict[str, float]
        ``gpu_count`` [-], ``compute`` [FLOP/s], ``it_power`` [W], ``total_mass`` [kg],
        ``solar_array_area`` [m^2], ``radiator_area`` [m^2], ``radiator_temperature`` [K],
        ``battery_energy`` [J], ``duty_cycle`` [-], ``stowed_volume`` [m^3],
        ``hardware_cost`` [USD], ``launch_cost`` [USD] (total mass times the spec's launch
        price per kg), ``mass_per_compute`` [kg/(FLOP/s)] and ``cost_per_compute``
        [USD/(FLOP/s)] (hardware plus launch over compute). Quantities a design does not
        carry are left out.

    Notes
    -----
    .. math:: c = (C_{hw} + m\\,p_{launch}) / F

    with hardware cost :math:`C_{hw}`, total mass :math:`m`, launch price per kg
    :math:`p_{launch}` and compute :math:`F`, the quantity the sizing objective
    ``"min_cost_per_compute"`` minimises.

    References
    ----------
    .. [1] DESIGN.md, "The sizing model": objectives of the sizing optimizer.
    """
    outputs: dict[str, float] = {}
    for name in DESIGN_OUTPUTS:
        value = getattr(design, name, None)
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, bool
        ):
            outputs[name] = float(value)
    spec = getattr(design, "spec", None)
    launch_price = getattr(spec, "launch_price_per_kg", None)
    if "launch_cost" not in outputs and launch_price is not None and "total_mass" in outputs:
        outputs["launch_cost"] = outputs["total_mass"] * float(launch_price)
    compute = outputs.get("compute")
    if compute and compute > 0:
        if "total_mass" in outputs:
            outputs["mass_per_compute"] = outputs["total_mass"] / compute
        if "hardware_cost" in outputs and "launch_cost" in outputs:
            outputs["cost_per_compute"] = (
                outputs["hardware_cost"] + outputs["launch_cost"]
            ) / compute
    return {name: outputs[name] for name in DESIGN_OUTPUTS if name in outputs}


@dataclass(frozen=True)
class SizingEvaluator:
    """The default ``evaluate``: size the satellite, return :func:`design_outputs`.

    A small picklable object (not a closure) so that it travels to worker processes.

    Parameters
    ----------
    objective : str
        Sizing objective passed to :func:`thermaldesign.size_satellite`.
    integer : bool
        Exact integer GPU count (True) or the continuous relaxation (False).
    """

    objective: str = "max_compute"
    integer: bool = True

    def __call__(self, spec) -> dict[str, float]:
        from .sizing import size_satellite  # sizing sits above this module's callers

        design = size_satellite(spec, self.objective, integer=self.integer)
        return design_outputs(design)


# --------------------------------------------------------------------------------------
# Spec fields addressed by dotted paths
# --------------------------------------------------------------------------------------


def _field_names(obj) -> list[str]:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [item.name for item in dataclasses.fields(obj)]
    if isinstance(obj, Mapping):
        return [str(key) for key in obj]
    return []


def _nearest_hint(name: str, choices: Sequence[str]) -> str:
    import difflib

    near = difflib.get_close_matches(name, list(choices), n=1)
    return f"; did you mean '{near[0]}'?" if near else ""


def _get_path(obj, path: str):
    """Value of the dotted field ``path`` of ``obj``, or raise InputError."""
    current = obj
    walked = []
    for part in path.split("."):
        names = _field_names(current)
        if part not in names:
            where = ".".join(walked) or type(obj).__name__
            if not names:
                raise InputError(
                    f"field '{path}': '{where}' is a {type(current).__name__}, "
                    "not a dataclass with fields"
                )
            raise InputError(
                f"field '{path}': '{part}' is not a field of {where}{_nearest_hint(part, names)}"
            )
        current = current[part] if isinstance(current, Mapping) else getattr(current, part)
        walked.append(part)
    return current


def _replace_one(obj, name: str, value):
    if isinstance(obj, Mapping):
        copy = dict(obj)
        copy[name] = value
        return copy
    replace = getattr(obj, "replace", None)
    if callable(replace):
        return replace(**{name: value})
    return dataclasses.replace(obj, **{name: value})


def _set_path(obj, path: str, value):
    """A copy of ``obj`` with the dotted field ``path`` set to ``value``."""
    head, _, rest = path.partition(".")
    if not rest:
        return _replace_one(obj, head, value)
    child = obj[head] if isinstance(obj, Mapping) else getattr(obj, head)
    return _replace_one(obj, head, _set_path(child, rest, value))


def _evaluate_keywords(evaluate) -> tuple[set[str], bool]:
    """Keyword parameters ``evaluate`` accepts besides the spec, and whether it takes **kw."""
    declared = getattr(evaluate, "parameters", None)
    if declared is not None and not callable(declared):
        return set(declared), False
    try:
        signature = inspect.signature(evaluate)
    except (TypeError, ValueError):
        return set(), False
    names = set()
    variadic = False
    parameters = list(signature.parameters.values())
    for parameter in parameters[1:]:
        if parameter.kind is parameter.VAR_KEYWORD:
            variadic = True
        elif parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            names.add(parameter.name)
    return names, variadic


def _route_fields(spec, names: Sequence[str], evaluate) -> list[bool]:
    """For each field: True if it is a spec field, False if it goes to ``evaluate``."""
    keywords, variadic = _evaluate_keywords(evaluate)
    routes = []
    for name in names:
        if not isinstance(name, str) or not name:
            raise InputError(f"field names must be non-empty strings; got {name!r}")
        try:
            _get_path(spec, name)
            routes.append(True)
        except InputError as error:
            if name in keywords or (variadic and "." not in name):
                routes.append(False)
            else:
                if keywords:
                    raise InputError(
                        f"{error}; nor is it a keyword of evaluate "
                        f"({', '.join(sorted(keywords))})"
                    ) from None
                raise
    return routes


def _python_value(value):
    """numpy scalars -> Python scalars, so that spec validation sees plain numbers."""
    if isinstance(value, np.generic):
        return value.item()
    return value


# --------------------------------------------------------------------------------------
# Evaluating points (runs inside workers)
# --------------------------------------------------------------------------------------

# Serialises evaluations inside one process: the sizing model re-solves a cached problem
# by setting its parameters, which two threads (a threaded Dask worker) must not share.
_EVALUATION_LOCK = threading.Lock()


def _status_of(error: BaseException) -> str:
    for kind, status in _STATUS_OF_ERROR:
        if isinstance(error, kind):
            return status
    raise TypeError(error)  # pragma: no cover - only ThermalDesignError is caught


def _as_outputs(value) -> dict[str, float]:
    if isinstance(value, Mapping):
        outputs = {}
        for key, item in value.items():
            if isinstance(item, bool) or not isinstance(
                item, (int, float, np.integer, np.floating)
            ):
                raise TypeError(
                    f"evaluate returned {key!r} = {item!r}; outputs must be numbers"
                )
            outputs[str(key)] = float(item)
        return outputs
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return {"value": float(value)}
    if hasattr(value, "gpu_count") and hasattr(value, "spec"):
        return design_outputs(value)
    raise TypeError(
        f"evaluate returned a {type(value).__name__}; it must return a number, a mapping "
        "of names to numbers, or a SatelliteDesign"
    )


def _evaluate_point(spec, evaluate, names, routes, row) -> tuple[str, str, dict]:
    keywords = {}
    try:
        for name, to_spec, value in zip(names, routes, row, strict=True):
            value = _python_value(value)
            if to_spec:
                spec = _set_path(spec, name, value)
            else:
                keywords[name] = value
        outputs = _as_outputs(evaluate(spec, **keywords))
    except ThermalDesignError as error:
        return _status_of(error), f"{type(error).__name__}: {error}", {}
    return STATUS_OK, "", outputs


def _evaluate_chunk(spec, evaluate, names, routes, indices, rows):
    """Evaluate a chunk of points in this process; returns (index, status, reason, outputs)."""
    with _EVALUATION_LOCK:
        return [
            (index, *_evaluate_point(spec, evaluate, names, routes, row))
            for index, row in zip(indices, rows, strict=True)
        ]


# --------------------------------------------------------------------------------------
# Checkpoints: completed points survive an interrupted sweep
# --------------------------------------------------------------------------------------

_CHECKPOINT_FORMAT = "thermaldesign.sweep.checkpoint"


def _sweep_key(spec, evaluate, names, rows) -> str:
    """A fingerprint of the sweep definition, so a checkpoint is never reused by mistake."""
    digest = hashlib.sha256()
    digest.update(repr(spec).encode())
    digest.update(repr(evaluate).encode())
    digest.update(json.dumps(list(names)).encode())
    for row in rows:
        digest.update(json.dumps([_python_value(value) for value in row]).encode())
    return digest.hexdigest()


def _read_checkpoint(path: str, key: str) -> dict[int, tuple[str, str, dict]]:
    """Completed points in ``path``; a torn last line (interrupted write) is cut off."""
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as handle:
        data = handle.read()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        # An interrupted append left half a line: drop it so the next append starts clean.
        with open(path, "r+b") as handle:
            handle.truncate(len(complete))
    lines = complete.decode("utf-8").splitlines()
    if not lines:
        return {}
    try:
        header = json.loads(lines[0])
    except json.JSONDecodeError:
        header = {}
    if not isinstance(header, dict) or header.get("format") != _CHECKPOINT_FORMAT:
        raise InputError(f"checkpoint = {path!r} is not a thermaldesign sweep checkpoint")
    if header.get("key") != key:
        raise InputError(
            f"checkpoint = {path!r} belongs to a different sweep (other spec, fields, values "
            "or evaluate); delete it or give another path"
        )
    done = {}
    for number, line in enumerate(lines[1:], start=2):
        try:
            record = json.loads(line)
            done[int(record["index"])] = (
                str(record["status"]),
                str(record["reason"]),
                {str(k): float("nan") if v is None else float(v)
                 for k, v in record["outputs"].items()},
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            raise InputError(
                f"checkpoint = {path!r} line {number} is corrupt; delete the file to restart"
            ) from None
    return done


class _CheckpointWriter:
    """Appends one JSON line per completed point, flushed and fsynced per chunk."""

    def __init__(self, path: str, key: str):
        new = not os.path.exists(path) or os.path.getsize(path) == 0
        self._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        if new:
            self._write([{"format": _CHECKPOINT_FORMAT, "version": 1, "key": key}])

    def _write(self, records):
        lines = [json.dumps(record, allow_nan=False) + "\n" for record in records]
        self._handle.write("".join(lines))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def append(self, results):
        self._write(
            [
                {
                    "index": int(index),
                    "status": status,
                    "reason": reason,
                    "outputs": {k: (None if math.isnan(v) else v) for k, v in outputs.items()},
                }
                for index, status, reason, outputs in results
            ]
        )

    def close(self):
        self._handle.close()


# --------------------------------------------------------------------------------------
# Running a set of points: serial, local processes or Dask
# --------------------------------------------------------------------------------------


def _chunks(indices: list[int], workers: int) -> list[list[int]]:
    size = max(1, min(_MAX_CHUNK, math.ceil(len(indices) / (workers * _CHUNKS_PER_WORKER))))
    return [indices[start : start + size] for start in range(0, len(indices), size)]


def _progress_bar(total: int, progress, description: str):
    from tqdm.auto import tqdm

    if progress is False:
        return tqdm(total=total, disable=True)
    delay = 0.0 if progress is True else _PROGRESS_DELAY
    return tqdm(total=total, desc=description, unit="design", delay=delay, dynamic_ncols=True)


def _check_picklable(evaluate, spec) -> None:
    try:
        pickle.dumps((evaluate, spec))
    except Exception as error:  # noqa: BLE001 - any pickling failure means the same fix
        raise InputError(
            f"evaluate = {evaluate!r} cannot be sent to worker processes ({error}); "
            "define it at module level (not a lambda or a nested function) or pass workers=1"
        ) from None


def _dask_client(scheduler):
    try:
        import distributed
    except ImportError:
        raise ImportError(
            "a Dask scheduler was given but dask.distributed is not installed; "
            "install the optional extra: pip install 'thermaldesign[dask]'"
        ) from None
    if isinstance(scheduler, distributed.Client):
        return scheduler, False
    if not isinstance(scheduler, str) or not scheduler:
        raise InputError(
            f"scheduler = {scheduler!r} must be a scheduler address such as "
            "'tcp://127.0.0.1:8786' or a distributed.Client"
        )
    try:
        return distributed.Client(scheduler, timeout="10s"), True
    except OSError as error:
        raise InputError(f"scheduler = {scheduler!r} cannot be reached: {error}") from None


def _resolve_workers(workers, count: int) -> int:
    if workers is None:
        if count < _PARALLEL_THRESHOLD:
            return 1
        return max(1, min(os.cpu_count() or 1, math.ceil(count / _MAX_CHUNK)))
    return check_positive_int(workers, "workers")


def _run_points(
    spec,
    evaluate,
    names: list[str],
    rows: list[tuple],
    *,
    workers,
    scheduler,
    progress,
    checkpoint,
    description: str,
):
    """Evaluate every row; return (status, reason, outputs) per row, in order."""
    if evaluate is None:
        raise InputError("evaluate must be a callable evaluate(spec) -> outputs; got None")
    if not callable(evaluate):
        raise InputError(f"evaluate must be callable; got {evaluate!r}")
    if progress not in (None, True, False):
        raise InputError(f"progress = {progress!r} must be True, False or None (automatic)")
    routes = _route_fields(spec, names, evaluate)
    count = len(rows)
    results: list[tuple[str, str, dict] | None] = [None] * count

    writer = None
    if checkpoint is not None:
        checkpoint = os.fspath(checkpoint)
        key = _sweep_key(spec, evaluate, names, rows)
        for index, record in _read_checkpoint(checkpoint, key).items():
            if 0 <= index < count:
                results[index] = record
        writer = _CheckpointWriter(checkpoint, key)
    pending = [index for index in range(count) if results[index] is None]

    def finish(chunk_results):
        for index, status, reason, outputs in chunk_results:
            results[index] = (status, reason, outputs)
        if writer is not None:
            writer.append(chunk_results)
        bar.update(len(chunk_results))

    bar = _progress_bar(count, progress, description)
    bar.update(count - len(pending))
    try:
        if scheduler is not None:
            client, owned = _dask_client(scheduler)
            try:
                _check_picklable(evaluate, spec)
                workers_available = max(1, len(client.scheduler_info().get("workers", {})))
                _run_dask(client, spec, evaluate, names, routes, rows, pending,
                          workers_available, finish)
            finally:
                if owned:
                    client.close()
        else:
            workers = _resolve_workers(workers, len(pending))
            if workers == 1 or len(pending) <= 1:
                for chunk in _chunks(pending, 1):
                    finish(_evaluate_chunk(spec, evaluate, names, routes, chunk,
                                           [rows[i] for i in chunk]))
            else:
                _check_picklable(evaluate, spec)
                _run_processes(spec, evaluate, names, routes, rows, pending, workers, finish)
    finally:
        bar.close()
        if writer is not None:
            writer.close()
    return results


def _run_processes(spec, evaluate, names, routes, rows, pending, workers, finish):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_evaluate_chunk, spec, evaluate, names, routes, chunk,
                        [rows[i] for i in chunk])
            for chunk in _chunks(pending, workers)
        }
        try:
            while futures:
                done, futures = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    finish(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _run_dask(client, spec, evaluate, names, routes, rows, pending, workers, finish):
    import distributed

    # Send the spec and evaluate once, not once per chunk.
    spec_future, evaluate_future = client.scatter([spec, evaluate], broadcast=True)
    futures = [
        client.submit(_evaluate_chunk, spec_future, evaluate_future, names, routes, chunk,
                      [rows[i] for i in chunk], pure=False)
        for chunk in _chunks(pending, workers)
    ]
    try:
        for future in distributed.as_completed(futures):
            finish(future.result())
    except BaseException:
        client.cancel(futures)
        raise


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


def _atomic_write_text(path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new, never half."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _column(values) -> np.ndarray:
    """Input values as a float array when all are numbers, else as a str array."""
    values = [_python_value(value) for value in values]
    if all(
        isinstance(value, (int, float)) and not isinstance(value, bool) for value in values
    ):
        return np.asarray(values, dtype=float)
    return np.asarray([str(value) for value in values], dtype=str)


def _float_text(value: float) -> str:
    if math.isnan(value):
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The points of a sweep, their outputs and their status, as numpy arrays.

    Attributes
    ----------
    inputs : dict[str, numpy.ndarray]
        Field path -> value per point (float array, or str array for fields such as a
        catalog key), in SI units as the spec defines them.
    outputs : dict[str, numpy.ndarray]
        Output name -> float array per point (SI; see :data:`DESIGN_OUTPUTS` for the units
        of the default outputs). NaN where the point failed.
    status : numpy.ndarray of str
        ``"ok"``, or the failure: ``"infeasible"``, ``"solver_error"``,
        ``"closure_error"``, ``"input_error"``, ``"catalog_error"``, ``"error"``.
    reason : numpy.ndarray of str
        The error message of a failed point (what to relax or fix); empty when ok.
    kind : str
        ``"grid"``, ``"latin_hypercube"`` or ``"monte_carlo"``.
    shape : tuple[int, ...]
        Grid shape (one axis per field, in the order given) for a grid sweep; ``(n,)``
        otherwise. :meth:`grid` reshapes a column to it.
    objective : str
        What ``evaluate`` computed (sizing objective, or the evaluate's name).
    elapsed : float
        Wall time of the sweep [s]; not exported, so that exports are deterministic.
    """

    inputs: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    status: np.ndarray
    reason: np.ndarray
    kind: str = "grid"
    shape: tuple[int, ...] = ()
    objective: str = ""
    elapsed: float = field(default=0.0, compare=False)

    def __post_init__(self):
        count = len(self.status)
        for name, array in {**self.inputs, **self.outputs, "reason": self.reason}.items():
            if len(array) != count:
                raise InputError(
                    f"sweep column '{name}' has {len(array)} entries but there are {count} points"
                )
        if not self.shape:
            object.__setattr__(self, "shape", (count,))
        if math.prod(self.shape) != count:
            raise InputError(f"shape = {self.shape} does not hold {count} points")

    # -- access ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.status)

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of the points that succeeded."""
        return self.status == STATUS_OK

    @property
    def names(self) -> list[str]:
        """Every column name: inputs, then outputs."""
        return [*self.inputs, *self.outputs]

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.inputs:
            return self.inputs[name]
        if name in self.outputs:
            return self.outputs[name]
        if name in ("status", "reason"):
            return getattr(self, name)
        raise KeyError(
            f"'{name}' is not a column of this sweep{_nearest_hint(name, self.names)}"
        )

    def grid(self, name: str) -> np.ndarray:
        """Column ``name`` reshaped to the grid shape (axis i = i-th swept field)."""
        return np.asarray(self[name]).reshape(self.shape)

    def failures(self) -> dict[str, int]:
        """Number of failed points per status."""
        statuses, counts = np.unique(self.status[~self.ok], return_counts=True)
        return {str(s): int(c) for s, c in zip(statuses, counts, strict=True)}

    def percentiles(self, name: str, q=(5.0, 50.0, 95.0)) -> dict[float, float]:
        """Percentiles of an output over the successful points.

        Parameters
        ----------
        name : str
            Output name.
        q : sequence of float
            Percentiles in [0, 100] [%].

        Returns
        -------
        dict[float, float]
            Percentile [%] -> value, in the unit of the output. Linear interpolation
            between order statistics (numpy's default method).
        """
        from ._validation import check_array

        levels = np.atleast_1d(check_array(q, "q", low=0.0, high=100.0, unit="%"))
        values = np.asarray(self[name], dtype=float)[self.ok]
        if values.size == 0:
            raise InputError(f"no successful point to take percentiles of '{name}' from")
        return {
            float(level): float(value)
            for level, value in zip(levels, np.percentile(values, levels), strict=True)
        }

    def summary(self, q=(5.0, 50.0, 95.0)) -> dict[str, dict[str, float]]:
        """Mean, standard deviation, min, max and percentiles of every output (ok points)."""
        table = {}
        ok = self.ok
        for name, values in self.outputs.items():
            values = values[ok]
            if values.size == 0:
                continue
            row = {"mean": float(values.mean()), "std": float(values.std(ddof=1))
                   if values.size > 1 else 0.0, "min": float(values.min()),
                   "max": float(values.max())}
            for level, value in self.percentiles(name, q).items():
                row[f"p{level:g}"] = value
            table[name] = row
        return table

    def to_dict(self) -> dict:
        """Plain-Python form (lists; failed outputs as None), the JSON export's content."""
        def values(array):
            if array.dtype.kind in "fc":
                return [None if math.isnan(v) else float(v) for v in array.tolist()]
            return [str(v) for v in array.tolist()]

        return {
            "format": "thermaldesign.sweep",
            "version": 1,
            "kind": self.kind,
            "objective": self.objective,
            "shape": list(self.shape),
            "inputs": {name: values(array) for name, array in self.inputs.items()},
            "outputs": {name: values(array) for name, array in self.outputs.items()},
            "status": [str(s) for s in self.status.tolist()],
            "reason": [str(r) for r in self.reason.tolist()],
        }

    # -- export ------------------------------------------------------------------------
    def to_json(self, path) -> None:
        """Write the result as JSON, atomically. Same result -> byte-identical file."""
        _atomic_write_text(path, json.dumps(self.to_dict(), indent=1, allow_nan=False) + "\n")

    def to_csv(self, path) -> None:
        """Write one row per point, atomically.

        The first line is a ``#`` comment naming the kind, objective, grid shape and which
        columns are inputs; then a header row and the points (inputs, outputs, status,
        reason). Floats are written with ``repr`` so they read back exactly; a failed
        point's outputs are empty cells.
        """
        import csv
        import io

        stream = io.StringIO()
        meta = {"kind": self.kind, "objective": self.objective, "shape": list(self.shape),
                "inputs": list(self.inputs)}
        stream.write("# thermaldesign.sweep " + json.dumps(meta) + "\n")
        # RFC 4180 line ends, so that csv quotes any text holding a \r or a \n.
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([*self.inputs, *self.outputs, "status", "reason"])
        columns = [*self.inputs.values(), *self.outputs.values()]
        for index in range(len(self)):
            cells = []
            for array in columns:
                value = array[index]
                cells.append(_float_text(float(value)) if array.dtype.kind == "f" else str(value))
            writer.writerow([*cells, self.status[index], self.reason[index]])
        _atomic_write_text(path, stream.getvalue())

    @classmethod
    def from_dict(cls, data: Mapping) -> SweepResult:
        """Rebuild a result from :meth:`to_dict` output."""
        if not isinstance(data, Mapping) or data.get("format") != "thermaldesign.sweep":
            raise InputError("data is not a thermaldesign sweep result")

        def column(values):
            if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
                   for v in values):
                return np.asarray([np.nan if v is None else v for v in values], dtype=float)
            return np.asarray(values, dtype=str)

        return cls(
            inputs={k: column(v) for k, v in data["inputs"].items()},
            outputs={k: column(v) for k, v in data["outputs"].items()},
            status=np.asarray(data["status"], dtype=str),
            reason=np.asarray(data["reason"], dtype=str),
            kind=str(data.get("kind", "")),
            shape=tuple(int(n) for n in data.get("shape", ())),
            objective=str(data.get("objective", "")),
        )

    @classmethod
    def from_json(cls, path) -> SweepResult:
        """Read a result written by :meth:`to_json`."""
        with open(path, encoding="utf-8") as stream:
            return cls.from_dict(json.load(stream))

    @classmethod
    def from_csv(cls, path) -> SweepResult:
        """Read a result written by :meth:`to_csv`."""
        import csv

        with open(path, encoding="utf-8", newline="") as stream:
            first = stream.readline()
            prefix = "# thermaldesign.sweep "
            if not first.startswith(prefix):
                raise InputError(f"{path!r} is not a thermaldesign sweep CSV")
            meta = json.loads(first[len(prefix):])
            rows = list(csv.reader(stream))
        header, body = rows[0], rows[1:]
        columns = {name: [row[i] for row in body] for i, name in enumerate(header)}

        def parse(values, numeric_only):
            try:
                return np.asarray([np.nan if v == "" else float(v) for v in values], dtype=float)
            except ValueError:
                if numeric_only:
                    raise
                return np.asarray(values, dtype=str)

        inputs = {name: parse(columns[name], False) for name in meta["inputs"]}
        outputs = {
            name: parse(columns[name], True)
            for name in header[:-2] if name not in inputs
        }
        return cls(
            inputs=inputs,
            outputs=outputs,
            status=np.asarray(columns["status"], dtype=str),
            reason=np.asarray(columns["reason"], dtype=str),
            kind=meta["kind"],
            shape=tuple(meta["shape"]),
            objective=meta["objective"],
        )

    # -- display -----------------------------------------------------------------------
    def _headline(self) -> str:
        failures = self.failures()
        failed = ", ".join(f"{count} {status}" for status, count in failures.items())
        text = f"{self.kind} sweep of {len(self)} points ({int(self.ok.sum())} ok"
        text += f"; {failed})" if failed else ")"
        if self.objective:
            text += f", objective {self.objective}"
        if self.elapsed:
            text += f", {self.elapsed:.1f} s"
        return text

    def _rows(self, limit: int | None):
        indices = range(len(self)) if limit is None or len(self) <= limit else (
            [*range(limit // 2), *range(len(self) - limit // 2, len(self))]
        )
        rows = []
        for index in indices:
            row = {}
            for name, array in {**self.inputs, **self.outputs}.items():
                value = array[index]
                row[name] = (None if array.dtype.kind == "f" and math.isnan(value)
                             else value.item() if isinstance(value, np.generic) else value)
            row["status"] = str(self.status[index])
            row["reason"] = str(self.reason[index])
            rows.append(row)
        return rows

    def __str__(self) -> str:
        from ._html import table_markdown

        return self._headline() + "\n\n" + table_markdown(self._rows(20))

    def _repr_html_(self) -> str:
        from ._html import escape, table_html

        shown = "" if len(self) <= 20 else " (first and last 10 points)"
        return (
            f"<p><b>{escape(self._headline())}</b>{escape(shown)}</p>"
            + table_html(self._rows(20))
        )


def _collect(kind, shape, objective, names, rows, records, elapsed) -> SweepResult:
    inputs = {name: _column([row[i] for row in rows]) for i, name in enumerate(names)}
    output_names: list[str] = []
    for _, _, outputs in records:
        for name in outputs:
            if name not in output_names:
                output_names.append(name)
    outputs = {
        name: np.asarray([record[2].get(name, np.nan) for record in records], dtype=float)
        for name in output_names
    }
    return SweepResult(
        inputs=inputs,
        outputs=outputs,
        status=np.asarray([record[0] for record in records], dtype=str),
        reason=np.asarray([record[1] for record in records], dtype=str),
        kind=kind,
        shape=tuple(shape),
        objective=objective,
        elapsed=elapsed,
    )


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


def _check_fields_mapping(fields_to_values, name: str) -> dict:
    if not isinstance(fields_to_values, Mapping) or not fields_to_values:
        raise InputError(f"{name} must be a non-empty mapping of field path -> values; "
                         f"got {fields_to_values!r}")
    return dict(fields_to_values)


# --------------------------------------------------------------------------------------
# Public sweeps
# --------------------------------------------------------------------------------------


def grid_sweep(
    spec,
    fields: Mapping[str, Sequence],
    *,
    objective: str = "max_compute",
    evaluate: Callable | None = None,
    workers: int | None = None,
    scheduler=None,
    progress: bool | None = None,
    checkpoint=None,
) -> SweepResult:
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
        Number of local worker processes; 1 runs in this process. Default: serial below
        64 points, otherwise one process per CPU.
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
    :math:`i`.

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
    evaluate = _default_evaluate(evaluate, objective)
    rows = list(itertools.product(*axes))
    start = time.perf_counter()
    records = _run_points(spec, evaluate, names, rows, workers=workers, scheduler=scheduler,
                          progress=progress, checkpoint=checkpoint, description="grid sweep")
    return _collect("grid", [len(a) for a in axes], _objective_name(evaluate), names, rows,
                    records, time.perf_counter() - start)


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


def latin_hypercube_sweep(
    spec,
    bounds: Mapping[str, Sequence],
    samples: int,
    *,
    seed: int,
    objective: str = "max_compute",
    evaluate: Callable | None = None,
    workers: int | None = None,
    scheduler=None,
    progress: bool | None = None,
    checkpoint=None,
) -> SweepResult:
    """Evaluate ``spec`` at a Latin-hypercube sample of the given field ranges.

    Parameters
    ----------
    spec : SatelliteSpec
        The base spec.
    bounds : mapping of str to (float, float) or (float, float, str)
        Field path -> ``(low, high)`` in the field's SI unit, optionally with ``"log"`` to
        sample uniformly in the logarithm (for ranges over decades such as launch price).
    samples : int
        Number of points [-].
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
    from scipy.stats import qmc

    bounds = _check_fields_mapping(bounds, "bounds")
    samples = check_positive_int(samples, "samples")
    seed = _check_seed(seed)
    checked = [_check_bounds(name, value) for name, value in bounds.items()]
    unit = qmc.LatinHypercube(d=len(checked), rng=np.random.default_rng(seed)).random(samples)
    columns = []
    for axis, (low, high, logarithmic) in enumerate(checked):
        u = unit[:, axis]
        columns.append(low * (high / low) ** u if logarithmic else low + u * (high - low))
    rows = [tuple(float(c[i]) for c in columns) for i in range(samples)]
    names = list(bounds)
    evaluate = _default_evaluate(evaluate, objective)
    start = time.perf_counter()
    records = _run_points(spec, evaluate, names, rows, workers=workers, scheduler=scheduler,
                          progress=progress, checkpoint=checkpoint,
                          description="Latin-hypercube sweep")
    return _collect("latin_hypercube", [samples], _objective_name(evaluate), names, rows,
                    records, time.perf_counter() - start)


# --------------------------------------------------------------------------------------
# Uncertainty: distributions and Monte Carlo
# --------------------------------------------------------------------------------------


class _Distribution:
    """Common interface: ``sample(rng, size)``, ``ppf(u)``, ``expected_value()``."""

    def to_scipy(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` independent draws using ``rng``."""
        return np.asarray(self.to_scipy().rvs(size=size, random_state=rng), dtype=float)

    def ppf(self, probability) -> np.ndarray:
        """Inverse cumulative distribution at ``probability`` in (0, 1)."""
        return np.asarray(self.to_scipy().ppf(probability), dtype=float)

    def expected_value(self) -> float:
        """Mean of the distribution, in the unit of the field."""
        return float(self.to_scipy().mean())


@dataclass(frozen=True)
class Normal(_Distribution):
    """Normal distribution.

    Parameters
    ----------
    mean : float
        Mean, in the unit of the field.
    std : float
        Standard deviation (> 0), in the unit of the field.

    Notes
    -----
    Unbounded: for a quantity that must stay positive prefer :class:`LogNormal`; a draw the
    spec rejects is recorded as an ``input_error`` point.
    """

    mean: float
    std: float

    def __post_init__(self):
        object.__setattr__(self, "mean", check_scalar(self.mean, "mean"))
        object.__setattr__(self, "std", check_scalar(self.std, "std", low=0.0, low_open=True))

    def to_scipy(self):
        from scipy import stats

        return stats.norm(loc=self.mean, scale=self.std)

    def sample(self, rng, size):
        return rng.normal(self.mean, self.std, size)


@dataclass(frozen=True)
class LogNormal(_Distribution):
    """Log-normal distribution: :math:`X = m\\,e^{\\sigma Z}`, :math:`Z \\sim N(0, 1)`.

    Parameters
    ----------
    median : float
        Median :math:`m` (> 0), in the unit of the field.
    sigma : float
        Standard deviation of :math:`\\ln X` (> 0) [-]; the mean is
        :math:`m\\,e^{\\sigma^2/2}`.
    """

    median: float
    sigma: float

    def __post_init__(self):
        object.__setattr__(self, "median",
                           check_scalar(self.median, "median", low=0.0, low_open=True))
        object.__setattr__(self, "sigma",
                           check_scalar(self.sigma, "sigma", low=0.0, low_open=True))

    def to_scipy(self):
        from scipy import stats

        return stats.lognorm(s=self.sigma, scale=self.median)

    def sample(self, rng, size):
        return self.median * np.exp(self.sigma * rng.standard_normal(size))


@dataclass(frozen=True)
class Uniform(_Distribution):
    """Uniform distribution on [low, high], in the unit of the field."""

    low: float
    high: float

    def __post_init__(self):
        object.__setattr__(self, "low", check_scalar(self.low, "low"))
        object.__setattr__(self, "high", check_scalar(self.high, "high"))
        if not self.high > self.low:
            raise InputError(f"high = {self.high:g} must exceed low = {self.low:g}")

    def to_scipy(self):
        from scipy import stats

        return stats.uniform(loc=self.low, scale=self.high - self.low)

    def sample(self, rng, size):
        return rng.uniform(self.low, self.high, size)


@dataclass(frozen=True)
class Triangular(_Distribution):
    """Triangular distribution on [low, high] with its peak at ``mode`` (field's unit).

    The mean is :math:`(\\text{low} + \\text{mode} + \\text{high})/3`.
    """

    low: float
    mode: float
    high: float

    def __post_init__(self):
        for name in ("low", "mode", "high"):
            object.__setattr__(self, name, check_scalar(getattr(self, name), name))
        if not self.high > self.low:
            raise InputError(f"high = {self.high:g} must exceed low = {self.low:g}")
        if not self.low <= self.mode <= self.high:
            raise InputError(
                f"mode = {self.mode:g} is outside the valid range [{self.low:g}, {self.high:g}]"
            )

    def to_scipy(self):
        from scipy import stats

        width = self.high - self.low
        return stats.triang(c=(self.mode - self.low) / width, loc=self.low, scale=width)

    def sample(self, rng, size):
        return rng.triangular(self.low, self.mode, self.high, size)


def _check_distribution(name, distribution):
    if isinstance(distribution, _Distribution):
        return distribution
    # A frozen scipy.stats distribution: has rvs and ppf bound to its parameters.
    if hasattr(distribution, "rvs") and hasattr(distribution, "ppf") and hasattr(
        distribution, "dist"
    ):
        return distribution
    raise InputError(
        f"distribution of field '{name}' must be Normal, LogNormal, Uniform, Triangular or a "
        f"frozen scipy.stats distribution; got {distribution!r}"
    )


def _draw(distribution, rng, size) -> np.ndarray:
    if isinstance(distribution, _Distribution):
        return np.asarray(distribution.sample(rng, size), dtype=float)
    return np.asarray(distribution.rvs(size=size, random_state=rng), dtype=float)


def monte_carlo(
    spec,
    distributions: Mapping[str, object],
    samples: int,
    *,
    seed: int,
    objective: str = "max_compute",
    evaluate: Callable | None = None,
    sampling: str = "random",
    workers: int | None = None,
    scheduler=None,
    progress: bool | None = None,
    checkpoint=None,
) -> SweepResult:
    """Propagate uncertain inputs through the sizing (or any ``evaluate``) by sampling.

    Parameters
    ----------
    spec : SatelliteSpec
        The base spec.
    distributions : mapping of str to distribution
        Field path (or keyword of ``evaluate``, e.g. a fleet-level launch price) ->
        :class:`Normal`, :class:`LogNormal`, :class:`Uniform`, :class:`Triangular` or a
        frozen ``scipy.stats`` distribution, in the field's SI unit. Inputs are sampled
        independently.
    samples : int
        Number of draws [-].
    seed : int
        Seed of the numpy Generator (``numpy.random.default_rng(seed)``); the same seed
        gives the same draws and the same result.
    objective, evaluate, workers, scheduler, progress, checkpoint
        As in :func:`grid_sweep`.
    sampling : {"random", "latin_hypercube"}
        Independent random draws, or a Latin-hypercube design mapped through each
        distribution's inverse CDF (lower variance of the estimated mean).

    Returns
    -------
    SweepResult
        ``kind="monte_carlo"``; use :meth:`SweepResult.percentiles` and
        :meth:`SweepResult.summary` for the spread of every output.

    Notes
    -----
    The sample mean :math:`\\bar y = \\frac1n\\sum_i f(x_i)` estimates :math:`E[f(X)]`
    with standard error :math:`s/\\sqrt n`. Failed points (e.g. an infeasible draw) are
    left out of percentiles and summaries; their share is itself a result
    (:meth:`SweepResult.failures`).

    References
    ----------
    .. [1] N. Metropolis, S. Ulam, "The Monte Carlo method", J. Am. Stat. Assoc. 44(247),
       335-341 (1949). doi:10.1080/01621459.1949.10483310
    """
    distributions = _check_fields_mapping(distributions, "distributions")
    samples = check_positive_int(samples, "samples")
    seed = _check_seed(seed)
    sampling = check_choice(sampling, "sampling", ("random", "latin_hypercube"))
    checked = {name: _check_distribution(name, d) for name, d in distributions.items()}
    rng = np.random.default_rng(seed)
    if sampling == "random":
        columns = [_draw(d, rng, samples) for d in checked.values()]
    else:
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(checked), rng=rng).random(samples)
        columns = [np.asarray(d.ppf(unit[:, axis]), dtype=float)
                   for axis, d in enumerate(checked.values())]
    for name, column in zip(checked, columns, strict=True):
        if column.shape != (samples,) or not np.isfinite(column).all():
            raise InputError(f"distribution of field '{name}' gave non-finite samples")
    rows = [tuple(float(c[i]) for c in columns) for i in range(samples)]
    names = list(checked)
    evaluate = _default_evaluate(evaluate, objective)
    start = time.perf_counter()
    records = _run_points(spec, evaluate, names, rows, workers=workers, scheduler=scheduler,
                          progress=progress, checkpoint=checkpoint, description="Monte Carlo")
    return _collect("monte_carlo", [samples], _objective_name(evaluate), names, rows, records,
                    time.perf_counter() - start)
