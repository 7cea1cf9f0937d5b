"""Execution engine of the study tools: spec field paths, evaluating points in chunks
on local processes or Dask, checkpoints and atomic writes."""

from __future__ import annotations

import atexit
import dataclasses
import difflib
import hashlib
import inspect
import json
import math
import multiprocessing
import os
import pickle
import re
import statistics
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

import numpy as np
from tqdm.auto import tqdm

from .._validation import check_positive_int
from ..errors import (
    CatalogError,
    ClosureError,
    InfeasibleDesignError,
    InputError,
    SolverError,
    ThermalDesignError,
)
from .outputs import design_outputs

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

# workers=None: the first points run here, timed one by one, and the rest go to local
# processes only if that is expected to finish sooner. Starting a spawned worker and
# importing thermaldesign (cvxpy, scipy) in it takes ~2.5 s on an idle machine.
_PROBE_POINTS = 8
_PROBE_BATCH = 64  # points of a batched evaluator's probe (one chunk)
_PROCESS_START = 3.0  # [s]
_PARALLEL_GAIN = 0.8  # processes must save at least 20 % of the estimated serial time
# Chunks per worker: more than one so that the progress bar moves and a slow chunk does
# not hold the others back; few enough that the per-chunk overhead stays small.
_CHUNKS_PER_WORKER = 8
_MAX_CHUNK = 64
# A batched evaluator (``evaluate_many``: the sizing) pays a fixed cost per call (~20 ms
# of batched solves and passes without sensitivities) and ran 2x faster per point on
# 625-point chunks than on 64-point ones (a 5,000-point sweep): its chunks may be larger.
_MAX_BATCH_CHUNK = 1024
# A progress bar appears once a sweep has run this long, unless asked for or disabled.
_PROGRESS_DELAY = 2.0  # [s]


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
        current = _child(current, part) if _walked_more(path, walked) else (
            current[part] if isinstance(current, Mapping) else getattr(current, part))
        walked.append(part)
    return current


def _walked_more(path: str, walked: list[str]) -> bool:
    """True if ``path`` goes on past the part being walked now."""
    return len(walked) + 1 < len(path.split("."))


def _child(obj, name: str):
    """Field ``name`` of ``obj`` to walk into; a catalog key resolves to its entry.

    A spec's technology fields (accelerator, solar_array, radiator, coating, battery) hold
    a catalog key; ``spec.entry(name)`` turns it into the entry object, so that a path
    such as ``"radiator.areal_density"`` reaches a catalog value.
    """
    value = obj[name] if isinstance(obj, Mapping) else getattr(obj, name)
    entry = getattr(obj, "entry", None)
    if (value is None or isinstance(value, str)) and callable(entry):
        try:
            return entry(name)
        except (InputError, CatalogError):
            return value
    return value


def _replace_many(obj, changes: dict):
    """A copy of ``obj`` with several fields changed at once (validated once)."""
    if not changes:
        return obj
    if isinstance(obj, Mapping):
        copy = dict(obj)
        copy.update(changes)
        return copy
    replace = getattr(obj, "replace", None)
    if callable(replace):
        return replace(**changes)
    return dataclasses.replace(obj, **changes)


def _set_paths(obj, changes: Mapping):
    """A copy of ``obj`` with every dotted field path in ``changes`` set to its value.

    Changes are grouped by their first part so that each object along the way is
    replaced, and so validated, once per point rather than once per field.
    """
    direct, nested = {}, {}
    for path, value in changes.items():
        head, _, rest = path.partition(".")
        if rest:
            nested.setdefault(head, {})[rest] = value
        else:
            direct[head] = value
    if not nested:
        return _replace_many(obj, direct)
    # A field set whole and also reached into ("radiator" and "radiator.sides"): set it
    # first, so that the nested change applies to the new value.
    first = {head: direct.pop(head) for head in list(direct) if head in nested}
    obj = _replace_many(obj, first)
    for head, inner in nested.items():
        direct[head] = _set_paths(_child(obj, head), inner)
    return _replace_many(obj, direct)


def _set_path(obj, path: str, value):
    """A copy of ``obj`` with the dotted field ``path`` set to ``value``."""
    return _set_paths(obj, {path: value})


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
    changes, keywords = {}, {}
    for name, to_spec, value in zip(names, routes, row, strict=True):
        (changes if to_spec else keywords)[name] = _python_value(value)
    try:
        spec = _set_paths(spec, changes)
        outputs = _as_outputs(evaluate(spec, **keywords))
    except ThermalDesignError as error:
        return _status_of(error), f"{type(error).__name__}: {error}", {}
    return STATUS_OK, "", outputs


def _evaluate_batch(spec, evaluate, names, indices, rows):
    """A chunk whose fields all go to the spec, through ``evaluate.evaluate_many``."""
    records, specs, positions = {}, [], []
    for index, row in zip(indices, rows, strict=True):
        changes = {name: _python_value(value) for name, value in zip(names, row, strict=True)}
        try:
            specs.append(_set_paths(spec, changes))
            positions.append(index)
        except ThermalDesignError as error:
            records[index] = (_status_of(error), f"{type(error).__name__}: {error}", {})
    for index, result in zip(positions, evaluate.evaluate_many(specs), strict=True):
        if isinstance(result, ThermalDesignError):
            records[index] = (_status_of(result), f"{type(result).__name__}: {result}", {})
        else:
            records[index] = (STATUS_OK, "", _as_outputs(result))
    return [(index, *records[index]) for index in indices]


def _evaluate_chunk(spec, evaluate, names, routes, indices, rows):
    """Evaluate a chunk of points in this process; returns (index, status, reason, outputs).

    An ``evaluate`` with an ``evaluate_many(specs)`` method (the sizing evaluator) gets
    the whole chunk at once when every field goes to the spec (batched sizing).
    """
    with _EVALUATION_LOCK:
        if hasattr(evaluate, "evaluate_many") and all(routes):
            return _evaluate_batch(spec, evaluate, names, indices, rows)
        return [
            (index, *_evaluate_point(spec, evaluate, names, routes, row))
            for index, row in zip(indices, rows, strict=True)
        ]


# --------------------------------------------------------------------------------------
# Checkpoints: completed points survive an interrupted sweep
# --------------------------------------------------------------------------------------

_CHECKPOINT_FORMAT = "thermaldesign.sweep.checkpoint"


def _stable_repr(value) -> str:
    """``repr`` without memory addresses, the same in every process and session."""
    if inspect.isfunction(value) or inspect.isbuiltin(value) or inspect.isclass(value):
        return f"{value.__module__}.{value.__qualname__}"
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def _sweep_key(spec, evaluate, names, rows) -> str:
    """A fingerprint of the sweep definition, so a checkpoint is never reused by mistake."""
    digest = hashlib.sha256()
    digest.update(_stable_repr(spec).encode())
    digest.update(_stable_repr(evaluate).encode())
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


def _chunks(indices: list[int], workers: int, largest: int = _MAX_CHUNK) -> list[list[int]]:
    """Contiguous chunks of ``indices``, ~:data:`_CHUNKS_PER_WORKER` per worker, of at
    most ``largest`` points."""
    size = max(1, min(largest, math.ceil(len(indices) / (workers * _CHUNKS_PER_WORKER))))
    return [indices[start : start + size] for start in range(0, len(indices), size)]


def _largest_chunk(evaluate, routes) -> int:
    """The chunk size cap: larger for an evaluator that takes a chunk at once."""
    batched = hasattr(evaluate, "evaluate_many") and all(routes)
    return _MAX_BATCH_CHUNK if batched else _MAX_CHUNK


def _progress_bar(total: int, progress, description: str):
    if progress is False:
        return tqdm(total=total, disable=True)
    delay = 0.0 if progress is True else _PROGRESS_DELAY
    return tqdm(total=total, desc=description, unit="design", delay=delay, dynamic_ncols=True)


def _check_picklable(evaluate, spec) -> None:
    """Raise InputError naming what cannot travel to a worker process, and the fix."""
    try:
        pickle.dumps(evaluate)
    except Exception as error:  # noqa: BLE001 - any pickling failure means the same fix
        raise InputError(
            f"evaluate = {evaluate!r} cannot be sent to worker processes ({error}); "
            "define it at module level (not a lambda or a nested function) or pass workers=1"
        ) from None
    try:
        pickle.dumps(spec)
    except Exception as error:  # noqa: BLE001
        raise InputError(
            f"the spec cannot be sent to worker processes ({error}); give its technologies "
            "as catalog keys and vary their fields by path (e.g. 'radiator.areal_density'), "
            "or pass workers=1"
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


def _spare_cpus() -> int:
    """CPUs not busy with other work, by the 1-minute load average (all CPUs if unknown)."""
    cpus = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cpus
    return max(1, min(cpus, math.floor(cpus - load + 1.0)))  # +1: this process's own load


def _probe(spec, evaluate, names, routes, rows, pending, finish):
    """Time the first points here (this also warms this process's sizing cache), to
    decide whether worker processes would finish sooner: (seconds a point, the points
    left). A batched evaluator runs :data:`_PROBE_BATCH` of them as one chunk, as it
    will run the rest (one at a time it costs ~15x more a point); any other runs
    :data:`_PROBE_POINTS` one at a time (the median)."""
    if _largest_chunk(evaluate, routes) > _MAX_CHUNK:
        probe = pending[:_PROBE_BATCH]
        start = time.perf_counter()
        finish(_evaluate_chunk(spec, evaluate, names, routes, probe,
                               [rows[i] for i in probe]))
        return (time.perf_counter() - start) / max(len(probe), 1), pending[len(probe):]
    times = []
    for index in pending[:_PROBE_POINTS]:
        start = time.perf_counter()
        finish(_evaluate_chunk(spec, evaluate, names, routes, [index], [rows[index]]))
        times.append(time.perf_counter() - start)
    return (statistics.median(times) if times else 0.0), pending[_PROBE_POINTS:]


def _choose_workers(per_point: float, remaining: int) -> int:
    """Worker processes for ``remaining`` points of ``per_point`` seconds each (1 = here)."""
    cpus = _spare_cpus()
    if cpus < 2 or remaining < 2:
        return 1
    workers = min(cpus, remaining)
    start = 0.0 if _POOL is not None and _POOL_WORKERS == workers else _PROCESS_START
    serial = per_point * remaining
    return workers if start + serial / workers < _PARALLEL_GAIN * serial else 1


# One pool of worker processes, kept across sweeps so that a session pays the start
# (imports, compiled sizing problems) once; rebuilt for another worker count.
_POOL: ProcessPoolExecutor | None = None
_POOL_WORKERS = 0


def _pool(workers: int) -> ProcessPoolExecutor:
    global _POOL, _POOL_WORKERS
    if _POOL is None or _POOL_WORKERS != workers:
        shutdown_workers()
        _POOL = ProcessPoolExecutor(max_workers=workers,
                                    mp_context=multiprocessing.get_context("spawn"))
        _POOL_WORKERS = workers
    return _POOL


def shutdown_workers() -> None:
    """Stop the local worker processes kept between sweeps (they restart when needed)."""
    global _POOL, _POOL_WORKERS
    if _POOL is not None:
        _POOL.shutdown(wait=True, cancel_futures=True)
    _POOL, _POOL_WORKERS = None, 0


atexit.register(shutdown_workers)


class _Records(list):
    """(status, reason, outputs) per point, and ``execution``: where they ran."""

    execution = ""


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
    results = _Records([None] * count)

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
                results.execution = f"Dask ({workers_available} workers)"
            finally:
                if owned:
                    client.close()
        else:
            if workers is None:
                per_point, pending = _probe(spec, evaluate, names, routes, rows, pending,
                                            finish)
                workers = _choose_workers(per_point, len(pending))
            else:
                workers = check_positive_int(workers, "workers")
            if workers == 1 or len(pending) <= 1:
                for chunk in _chunks(pending, 1, _largest_chunk(evaluate, routes)):
                    finish(_evaluate_chunk(spec, evaluate, names, routes, chunk,
                                           [rows[i] for i in chunk]))
                results.execution = "this process"
            else:
                _check_picklable(evaluate, spec)
                _run_processes(spec, evaluate, names, routes, rows, pending, workers, finish)
                results.execution = f"{workers} local processes"
    finally:
        bar.close()
        if writer is not None:
            writer.close()
    return results


def _run_processes(spec, evaluate, names, routes, rows, pending, workers, finish):
    chunks = _chunks(pending, workers, _largest_chunk(evaluate, routes))
    try:
        pool = _pool(workers)
        futures = {pool.submit(_evaluate_chunk, spec, evaluate, names, routes, chunk,
                               [rows[i] for i in chunk]) for chunk in chunks}
    except BrokenProcessPool:
        # A worker died in an earlier sweep (killed, out of memory): start afresh.
        shutdown_workers()
        pool = _pool(workers)
        futures = {pool.submit(_evaluate_chunk, spec, evaluate, names, routes, chunk,
                               [rows[i] for i in chunk]) for chunk in chunks}
    try:
        while futures:
            done, futures = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    finish(future.result())
                except BrokenProcessPool:
                    raise ThermalDesignError(
                        "a worker process of the sweep died. If this sweep runs from a "
                        "script, put the call under `if __name__ == \"__main__\":` (worker "
                        "processes start by importing the main module, which must not start "
                        "a sweep again); otherwise a worker was killed (out of memory, a "
                        "signal). Points finished so far are in the checkpoint if one was "
                        "given; workers=1 runs in this process"
                    ) from None
    except BaseException:
        # Interrupted or failed: drop queued chunks and the pool with them, so that no
        # orphaned work keeps running into the next sweep.
        for future in futures:
            future.cancel()
        shutdown_workers()
        raise


def _run_dask(client, spec, evaluate, names, routes, rows, pending, workers, finish):
    import distributed

    # Send the spec and evaluate once, not once per chunk.
    # Unique keys (hash=False): a previous sweep releasing the same data must not
    # take it away from this one.
    spec_future, evaluate_future = client.scatter([spec, evaluate], broadcast=True,
                                                  hash=False)
    futures = [
        client.submit(_evaluate_chunk, spec_future, evaluate_future, names, routes, chunk,
                      [rows[i] for i in chunk], pure=False)
        for chunk in _chunks(pending, workers, _largest_chunk(evaluate, routes))
    ]
    try:
        for future in distributed.as_completed(futures):
            finish(future.result())
    except BaseException:
        client.cancel(futures)
        raise
