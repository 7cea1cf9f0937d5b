"""Batched sizing: :func:`size_satellites` sizes many specs in one call.

Every spec is checked before anything is solved, so a malformed spec stops the batch
with an :class:`~thermaldesign.InputError` naming its index and field and no work lost.
Each spec is then sized on exactly the path :func:`~thermaldesign.size_satellite`
takes (:func:`.entry.size_checked`: relaxation, exact integer count, sensitivities, the
physics re-check by :func:`~thermaldesign.sizing.check_design`), so a batched design
equals the one-at-a-time design: the same integer count, sizes and objective to the
polish's ~1e-15 (the conic solves are batched, below), sensitivities to ~1e-8.
A spec that cannot be sized gets its own error entry (the infeasibility diagnosis of
:mod:`.diagnose`, naming what to relax and by how much) and leaves the others alone.

What the batch shares between specs:

- the environment: orbit, eclipse season, radiator and array environment are cached by
  orbit and technology (the caches of :mod:`.evaluate` and :mod:`.closure`), so specs on
  one orbit evaluate it once;
- the compiled problem of each structure (cvxpy and the direct conic form), built once;
- the sensitivity pass (:func:`.sensitivity.input_sensitivities_batch`): once every
  spec is sized, the sensitivities of all designs without heat pump are computed
  together, on arrays, group by group (kind of spec, problem structure, eclipse
  fraction); each group's coefficient pattern is learnt on one design and the
  coefficients that the inputs varied across the group move are evaluated once per
  distinct value of those inputs. They equal the one-at-a-time pass to ~1e-8 (the
  forward differences' roundoff); heat-pump designs keep the per-spec pass;
- the physics calls run without their per-call checks (``_guard.trusted``): the specs
  were validated once, when they were built.

The specs of the default route (no heat pump, free integer count; from 8 specs) are
sized on columns (:func:`.vector_path.columnar_sizing`): the relaxations at each
eclipse fraction (a fraction a GP dual bound proves dominated is not solved) and the
integer step's fixed-count solves by one batched interior point per structure
(:mod:`.batch_solver`), polished to the exact optimum, and the integer step's
selection and the branch and bound over eclipse fractions on arrays.
A spec the arrays cannot decide as the scalar path would (a solve not "Solved", an
infeasible spec, a tie within roundoff) runs the per-spec route with the batch's solves
of it, Clarabel solving the rest. The designs of the decided rows are assembled on
arrays (:func:`.assembly.build_designs`) and the physics re-check of the designs of one
kind runs on arrays (:func:`_close`). Every pass stacks the batch's specs through
:func:`.columns.stacked`, so they are stacked once. Still per design in Python: the
:class:`SatelliteDesign` objects and their dicts, and the per-spec route of the
undecided rows (see ``benchmarks/RESULTS.md`` section 8). Heat-pump specs run their
outer lift search per spec (about 20-40 relaxation solves each).

With ``workers=2`` this process sizes the first half while a forked worker sizes the
second (it inherits the checked specs and the warm caches); its designs come back
pickled.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .._guard import trusted
from .._validation import check_positive_int
from ..errors import InfeasibleDesignError, InputError, SolverError
from .assembly import build_designs
from .closure import (
    DesignColumns,
    assert_designs_close,
    beginning_of_life_designs,
    closure_error,
    margins_by_row,
)
from .columns import Columns, group_by_kind, row_patterns, stacked
from .design import SatelliteDesign, with_fields
from .entry import check_arguments, closed, optimize, size_checked
from .evaluate import environment_of, environments_of
from .model import RowView
from .sensitivity import input_sensitivities_batch, rows_of
from .solve import _BINDING_DUAL, build_design
from .spec import SatelliteSpec
from .vector_path import MIN_ROWS, columnar_sizing, vector_eligible

__all__ = ["SizingBatch", "size_satellites"]


@dataclass(frozen=True)
class SizingBatch:
    """The result of :func:`size_satellites`, in the order of the specs.

    ``batch[i]`` is the :class:`SatelliteDesign` of spec ``i``, or, for a spec that
    could not be sized, its error (an :class:`~thermaldesign.InfeasibleDesignError`
    saying which limits to relax and by how much, or a
    :class:`~thermaldesign.SolverError`). Errors are returned, not raised.

    Attributes
    ----------
    designs : tuple of SatelliteDesign or None
        One per spec; None where the spec has an error.
    errors : dict[int, ThermalDesignError]
        Spec index -> its error.
    """

    designs: tuple
    errors: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.designs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        position = range(len(self))[index]  # IndexError for an index out of range
        return self.errors.get(position, self.designs[position])

    def __iter__(self) -> Iterator:
        return (self[i] for i in range(len(self)))

    @property
    def feasible(self) -> tuple[int, ...]:
        """Indices of the specs that were sized."""
        return tuple(i for i, design in enumerate(self.designs) if design is not None)

    def __str__(self) -> str:
        return (f"SizingBatch: {len(self)} specs, {len(self.feasible)} sized, "
                f"{len(self.errors)} with errors")


def _as_spec(item, index: int) -> SatelliteSpec:
    if isinstance(item, SatelliteSpec):
        return item
    if isinstance(item, Mapping):
        try:
            return SatelliteSpec.from_dict(dict(item))
        except TypeError as error:  # an unknown field name
            raise InputError(f"specs[{index}]: {error}") from None
    raise InputError(
        f"specs[{index}] must be a SatelliteSpec or a mapping of its fields; "
        f"got {type(item).__name__}"
    )


def _checked(specs, objective, integer, sensitivities, gpu_counts):
    """Every spec checked before anything is solved: (spec, count) pairs; their
    environments are evaluated next (:func:`_with_environments`), by the process that
    sizes them."""
    if isinstance(specs, (SatelliteSpec, str, bytes, Mapping)) or not isinstance(
        specs, Iterable
    ):
        raise InputError(
            f"specs must be a sequence of SatelliteSpec; got {type(specs).__name__}"
        )
    specs = list(specs)
    if gpu_counts is None:
        gpu_counts = [None] * len(specs)
    elif isinstance(gpu_counts, (str, bytes)) or len(gpu_counts) != len(specs):
        raise InputError(
            f"gpu_counts must hold one count (or None) per spec: {len(specs)} values"
        )
    checked = []
    for index, (item, count) in enumerate(zip(specs, gpu_counts, strict=True)):
        with _naming(index):
            spec = _as_spec(item, index)
            checked.append((spec, check_arguments(spec, objective, integer, count,
                                                  sensitivities)))
    return checked


def _with_environments(checked: list, offset: int = 0) -> list:
    """(spec, count, environment) triples of checked (spec, count) pairs, the pairs
    ``offset`` on in the batch (an error names the spec by its index in the batch)."""
    envs = _environments([spec for spec, _ in checked], offset)
    return [(spec, count, env) for (spec, count), env in zip(checked, envs, strict=True)]


@contextlib.contextmanager
def _naming(index: int):
    """An InputError raised inside names the spec: ``specs[index]: ...``."""
    try:
        yield
    except InputError as error:
        message = str(error)
        prefix = f"specs[{index}]"
        raise InputError(
            message if message.startswith(prefix) else f"{prefix}: {message}"
        ) from None


def _environments(specs: list, offset: int = 0) -> list:
    """The environment of every spec (the drops of the thermal chain, the orbit; kept for
    sizing): one evaluation per distinct environment (:func:`.evaluate.environments_of`),
    or spec by spec to name the one that fails (by its index plus ``offset``)."""
    if not specs:
        return []
    with trusted():
        try:
            return list(environments_of(specs).items)
        except InputError:
            pass
        envs = []
        for index, spec in enumerate(specs, start=offset):
            with _naming(index):
                envs.append(environment_of(spec))
        return envs


def _size_all(checked, objective, integer, sensitivities) -> tuple[list, dict]:
    """Designs (None on error) and errors by position of checked (spec, count,
    environment) triples.

    The specs of the default route are sized on columns (:func:`.vector_path.columnar_sizing`);
    the rows it decides are assembled from its arrays (:func:`_assembled`), every other
    spec runs the per-spec route (:func:`_sized`, or the heat-pump search) with the
    batch's solves of it.
    """
    designs: list[SatelliteDesign | None] = [None] * len(checked)
    errors = {}
    deferred: list[tuple] = []  # (index, spec, solution, env) whose sensitivities wait
    eligible = [i for i, (spec, count, _) in enumerate(checked)
                if vector_eligible(spec, integer, count)]
    with trusted():
        sizing = columnar_sizing([checked[i][0] for i in eligible], objective)
        for group in sizing.decided:
            _assembled(checked, [eligible[row] for row in group.rows.tolist()], group,
                       objective, designs, deferred if sensitivities else None)
    relax = sizing.relax
    for index, (spec, count, env) in enumerate(checked):
        if designs[index] is not None:
            continue  # decided on columns
        try:
            if not spec.heat_pump:
                designs[index] = _sized(spec, env, objective, integer, count, relax,
                                        deferred if sensitivities else None, index)
            else:
                designs[index] = size_checked(spec, objective, integer=integer,
                                              gpu_count=count, sensitivities=sensitivities,
                                              relax=relax, runner=relax.run, closure=False)
        except (InfeasibleDesignError, SolverError) as error:
            errors[index] = error
        except InputError as error:  # found only while sizing: still name the spec
            raise InputError(f"specs[{index}]: {error}") from None
    with trusted():
        found = _batch_sensitivities(sorted(deferred, key=lambda item: item[0]), objective)
        _close(checked, designs, found)
    return designs, dict(sorted(errors.items()))


def _assembled(checked, indices: list, group, objective: str, designs: list,
               deferred: list | None) -> None:
    """The designs of rows decided on columns (a :class:`.vector_path.DecidedRows` of
    the specs at ``indices`` of ``checked``), in place, assembled on arrays
    (:func:`.assembly.build_designs`); their relaxations appended to ``deferred`` for
    the batched sensitivities (``None``: no sensitivities)."""
    specs = [checked[index][0] for index in indices]
    envs = [checked[index][2] for index in indices]
    binding = _binding([relaxation.duals for relaxation in group.relaxations])
    built, _ = build_designs(specs, stacked(specs), Columns(envs), group.variables,
                             group.eclipse_fraction, objective, integer=True,
                             binding=binding, solver=group.solver)
    for index, design in zip(indices, built, strict=True):
        designs[index] = design
    if deferred is not None:
        deferred.extend(zip(indices, specs, group.relaxations, envs, strict=True))


def _binding(duals: list) -> list[tuple[str, ...]]:
    """The binding constraints (dual above :data:`.solve._BINDING_DUAL`) of each
    relaxation's ``duals``, in their order, as :func:`.solve.build_design` takes them:
    views of one record's columns (:class:`.model.RowView`) at once, a pattern of
    binding rows at a time; anything else row by row."""
    found: list = [None] * len(duals)
    by_record: dict[int, list[int]] = {}
    for i, one in enumerate(duals):
        if type(one) is RowView:
            by_record.setdefault(id(one.columns), []).append(i)
        else:
            found[i] = tuple(name for name, dual in one.items() if abs(dual) > _BINDING_DUAL)
    for members in by_record.values():
        columns = duals[members[0]].columns
        names = list(columns)
        if not names:
            for member in members:
                found[member] = ()
            continue
        index = [duals[i].index for i in members]
        with np.errstate(invalid="ignore"):  # NaN: not binding, as abs(NaN) > x
            binds = np.column_stack([np.abs(np.asarray(columns[n])[index]) > _BINDING_DUAL
                                     for n in names])
        first, inverse = row_patterns(binds)
        patterns = [tuple(n for n, on in zip(names, binds[row].tolist(), strict=True) if on)
                    for row in first.tolist()]
        for member, pattern in zip(members, inverse.tolist(), strict=True):
            found[member] = patterns[pattern]
    return found


def _sized(spec, env, objective, integer, count, relax, deferred: list | None, index: int):
    """:func:`.entry.size_checked` of a spec without heat pump (``env`` its
    environment) from the batch's solves and coefficient values, its sensitivities left
    for :func:`_batch_sensitivities` (the solution they need appended to ``deferred``;
    ``None``: no sensitivities)."""
    with trusted():
        integer = integer or count is not None
        final, relaxation, _ = optimize(spec, env, objective, integer=integer,
                                        gpu_count=count, relax=relax, runner=relax.run,
                                        known=relax.values)
        if deferred is not None:
            deferred.append((index, spec, relaxation if relaxation is not None else final,
                             env))
        return build_design(spec, env, final, objective, integer=integer, lift=0.0,
                            relaxation=relaxation, sensitivities=False)


def _batch_sensitivities(deferred: list, objective: str) -> dict[int, dict]:
    """Index -> sensitivities of the deferred designs, all at once
    (:func:`.sensitivity.input_sensitivities_batch`, equal to the one-at-a-time pass)."""
    if not deferred:
        return {}
    indices, specs, solutions, envs = zip(*deferred, strict=True)
    found = input_sensitivities_batch(specs, solutions, 0.0, objective, envs=envs)
    return dict(zip(indices, rows_of(found, len(indices)), strict=True))


def _close(checked, designs: list, sensitivities: dict) -> None:
    """Re-check every sized design with the physics, in place (margins filled in, and
    the ``sensitivities`` by index of the designs that wait for theirs).

    Designs of one kind (:func:`.columns.group_by_kind`), at least
    :data:`.vector_path.MIN_ROWS` of them, are re-checked together on arrays
    (:func:`.closure.assert_designs_close`, equal to the one-at-a-time re-check per row
    to 1e-12); the others one at a time (:func:`.entry.closed`). Raises the
    :class:`~thermaldesign.ClosureError` of the first failing design, as the
    one-at-a-time path does.
    """
    sized = [i for i, design in enumerate(designs) if design is not None]
    for members in group_by_kind([checked[i][0] for i in sized]).values():
        indices = [sized[m] for m in members]
        if len(indices) < MIN_ROWS:
            for i in indices:
                design = designs[i]
                if i in sensitivities:
                    design = dataclasses.replace(design, sensitivities=sensitivities[i])
                designs[i] = closed(checked[i][0], design)
            continue
        specs = stacked([checked[i][0] for i in indices])  # one kind: grouped above
        quantities = DesignColumns.of([designs[i] for i in indices])
        margins, failed = assert_designs_close(specs, quantities)
        if failed.any():
            raise closure_error(margins, int(np.flatnonzero(failed)[0]))
        young = beginning_of_life_designs(specs, quantities)
        for i, end, new in zip(indices, margins_by_row(margins), margins_by_row(young),
                               strict=True):
            designs[i] = with_fields(
                designs[i], margins=end, bol_margins=new,
                sensitivities=sensitivities.get(i, designs[i].sensitivities))


#: the checked specs a forked worker sizes a share of (set in the parent just before the
#: fork, so the child inherits them instead of receiving them pickled)
_FORKED: list = []


@contextlib.contextmanager
def _collection_paused():
    """The cyclic garbage collector off for a batch (back on after, if it was on).

    A batch allocates and frees temporary containers by the hundred thousand, so the
    collector runs full collections of the whole heap (modules, caches, the specs)
    while it works: ~45 ms each, two in a 5,000-spec share; in a forked worker each
    also writes to every object's header, copying the parent's pages. A batch leaves
    few reference cycles (90 after 10,000 specs), collected once the collector is back.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _size_share(start: int, stop: int, part, objective, integer, sensitivities):
    """:func:`_size_all` of the checked (spec, count) pairs ``part``, the batch's
    ``start`` to ``stop`` (in a worker; ``None``: a forked worker's inherited
    ``_FORKED[start:stop]``), environments included; each design sent back as its fields
    but the spec, which the parent holds (a third of a design's unpickling time)."""
    part = _FORKED[start:stop] if part is None else part
    with _collection_paused():
        designs, errors = _size_all(_with_environments(part, start), objective, integer,
                                    sensitivities)
    return [None if design is None else
            {name: value for name, value in design.__dict__.items() if name != "spec"}
            for design in designs], errors


def _with_spec(fields: dict | None, spec: SatelliteSpec) -> SatelliteDesign | None:
    """The design of a forked worker's ``fields`` (:func:`_size_share`), with its spec:
    rebuilt as unpickling builds it (no ``__init__``: the fields are the design's, the
    spec first as in the constructor's order)."""
    if fields is None:
        return None
    design = object.__new__(SatelliteDesign)
    object.__setattr__(design, "__dict__", {"spec": spec, **fields})
    return design


def _process_context():
    """Fork when this process runs one thread (the worker inherits the warm caches and
    the checked specs, nothing is pickled in), else spawn: forking a process whose other
    threads may hold a lock can deadlock the child. OpenBLAS re-initialises its own
    thread pool in a forked child (``pthread_atfork``)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


#: what a worker's design costs more than this process's, as a fraction of sizing it:
#: its result crosses a pipe after the share is sized (~1.8 kB a design with its
#: sensitivities, pickled ~8 us and unpickled ~11 us, against ~170 us to size it with
#: both cores busy). Measured on 10,000 specs, 2 processes, 4 rounds: 0.08 8,502,
#: 0.14 8,647, 0.20 8,587 designs/s (median), 0.14 ahead of 0.08 in every round
_TRANSFER_COST = 0.14


def _shares(count: int, workers: int) -> list[tuple[int, int]]:
    """(start, stop) of each process's contiguous share of ``count`` specs: this
    process's first, larger by :data:`_TRANSFER_COST` so all end together; none empty."""
    first = round(count * (1.0 + _TRANSFER_COST) / (workers + _TRANSFER_COST))
    first = min(max(first, 1), count - (workers - 1))
    rest = np.linspace(first, count, workers).round().astype(int).tolist()
    return list(zip([0, *rest[:-1]], rest, strict=True))


def _size_in_processes(checked, objective, integer, sensitivities, workers):
    """:func:`_size_all` on ``workers`` processes, one contiguous share each: this
    process sizes the first share while ``workers - 1`` workers size the others, each
    evaluating its share's environments. A spec whose environment raises
    :class:`~thermaldesign.InputError` raises it here (the first such spec's, as on one
    process), after the shares before it were sized."""
    global _FORKED
    bounds = _shares(len(checked), workers)
    context = _process_context()
    forked = context.get_start_method() == "fork"
    _FORKED = checked if forked else []
    try:
        with ProcessPoolExecutor(len(bounds) - 1, mp_context=context) as pool:
            futures = [pool.submit(_size_share, start, stop,
                                   None if forked else checked[start:stop], objective,
                                   integer, sensitivities)
                       for start, stop in bounds[1:]]
            parts = [_size_all(_with_environments(checked[:bounds[0][1]]), objective,
                               integer, sensitivities)]
            for (start, _), future in zip(bounds[1:], futures, strict=True):
                part_designs, part_errors = future.result()
                parts.append(([_with_spec(fields, checked[start + i][0])
                               for i, fields in enumerate(part_designs)], part_errors))
    finally:
        _FORKED = []
    designs: list = []
    errors = {}
    for part_designs, part_errors in parts:
        errors.update({len(designs) + i: e for i, e in part_errors.items()})
        designs.extend(part_designs)
    return designs, errors


def size_satellites(specs: Iterable, objective: str = "max_compute", *, integer: bool = True,
                    sensitivities: bool = True, gpu_counts=None,
                    workers: int = 1) -> SizingBatch:
    """Size many satellites: :func:`~thermaldesign.size_satellite` for each spec, batched.

    Parameters
    ----------
    specs : sequence of SatelliteSpec (or mappings of SatelliteSpec fields)
        The specs, in order. Empty gives an empty batch.
    objective : {"max_compute", "min_mass_per_compute", "min_cost_per_compute"}
        As in :func:`~thermaldesign.size_satellite`, for every spec.
    integer : bool
        Exact integer GPU counts (True) or the continuous relaxation.
    sensitivities : bool
        d log(objective) / d log(input) for every input of every design.
    gpu_counts : sequence of int or None, optional
        A fixed GPU count per spec [-] (None entries leave it free).
    workers : int
        Processes to size in [-]: 1 sizes in this process; more split the specs into
        that many shares, this process sizing the first and a worker each of the
        others. Workers are forked (they inherit the warm caches and the checked
        specs) when this process runs a single thread, else spawned (about 1 s to start
        one). Worth it from about a thousand specs. The designs do not depend on it
        (sensitivities to ~1e-10: their grouped differences depend on the share).

    Returns
    -------
    SizingBatch
        ``batch[i]`` is spec ``i``'s design, or its error if it could not be sized
        (:class:`~thermaldesign.InfeasibleDesignError` with the diagnosis).

    Raises
    ------
    InputError
        Before any solve: an argument is invalid, or spec ``i`` is not a valid spec; the
        message starts with ``specs[i]`` and names the field.

    Notes
    -----
    With numba installed (the ``fast`` extra) the batched interior point and polish
    run compiled on solves of 256 columns or more (:mod:`.ip_kernel`; smaller batches do
    not import numba; the first large batch after installing compiles them,
    ~10 s, then numba's cache serves them): 9,000-10,000 designs/s with sensitivities
    at 10,000 specs on one process, 11,600-13,000 on two (``benchmarks/RESULTS.md``
    8h). Without it they run in numpy, ~0.65x as fast.

    Examples
    --------
    >>> import thermaldesign as td
    >>> batch = td.size_satellites([td.SatelliteSpec(mass_limit=m) for m in (2e3, 3e3)],
    ...                            sensitivities=False)
    >>> [design.gpu_count for design in batch]  # doctest: +SKIP
    """
    workers = check_positive_int(workers, "workers")
    with _collection_paused():
        checked = _checked(specs, objective, integer, sensitivities, gpu_counts)
        if workers > 1 and len(checked) > 1:
            designs, errors = _size_in_processes(checked, objective, integer, sensitivities,
                                                 min(workers, len(checked)))
        else:
            designs, errors = _size_all(_with_environments(checked), objective, integer,
                                        sensitivities)
    return SizingBatch(tuple(designs), errors)
