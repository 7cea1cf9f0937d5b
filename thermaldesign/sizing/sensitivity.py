"""Sensitivities of a sized design, from the solution: duals chained through the coefficients.

For a constraint ``sum_k c_k m_k(x) <= 1`` with log-space dual lambda, the optimal
objective's log-sensitivity to a coefficient is d log f* / d log c_k = lambda * (the
term's share of the constraint at the optimum): the envelope theorem of the convex (log)
form of the GP (Boyd, Kim, Vandenberghe & Hassibi, "A tutorial on geometric
programming", Optim. Eng. 8 (2007), section 5.2). No re-solve is needed.

A spec input ``p`` reaches the objective only through the coefficients, so

    d log f* / d log p = sum_c S_c * d log c / d log p,

with ``d log c / d log p`` from one forward difference of the coefficient functions
(:func:`.model.coefficient_values`, the physics only). This module keeps that pass cheap
and generic over the model's term table (a new coefficient needs no change here):

- inputs are perturbed on a copy of the spec without re-running its validation (the
  step direction stays inside the field's valid range instead);
- the environment (:func:`.evaluate.environment_of`: orbit, eclipse, array and radiator
  environment) is evaluated once for the spec and reused for every input it does not
  read; which fields it reads is recorded on the spec itself, not listed by hand;
- physics calls run inside :func:`thermaldesign._guard.trusted` (checked at the boundary);
- the first spec of a kind (same inputs, switches, non-zero coefficients, objective) is
  differenced input by input, which also gives the pattern of which coefficients each
  input moves. Later specs of that kind perturb groups of inputs that move no coefficient
  in common, one evaluation per group (Curtis, Powell & Reid 1974), and reuse the
  Jacobian rows of the coefficients that no input changed since the last spec moves (a
  sweep over the mass limit re-evaluates ~3 columns, not 61). One combined move of every
  input checks the result against the columns; a mismatch (a dependency the pattern
  lacks) falls back to input by input.

Grouped and reused columns are the same forward differences evaluated at other points
of the floating-point roundoff, so a sensitivity can differ in its ~10th digit with the
specs sized before it in the process (the same calls in the same order give the same
bytes).

Many designs at once (:func:`input_sensitivities_batch`, what
:func:`~thermaldesign.size_satellites` uses): the same chain rule on arrays over a
batch. The coefficient sensitivities and the exponent inputs are array algebra; the
columns come from :func:`.model.coefficient_values` on stacked specs
(:class:`.columns.SpecColumns`, perturbed by ``with_values``), one call per group of
inputs for all rows that need it: rows that agree in the varying inputs that move a
coefficient share its Jacobian row, so a sweep over mass limit and five orbits
evaluates the mass limit's few coefficients on every row and the orbit's once per
orbit. The pattern is learnt on one row per kind and kept; a combined move checks
every row. Rows equal the one-at-a-time pass to ~1e-8 (the same forward differences).

Not covered: integer inputs (GPU granularity, terminal count, radiator sides), text
and switch inputs, and inputs equal to zero (no log-derivative).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import operator
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from .. import _guard
from ..bus import ScaledBuses
from ..errors import InfeasibleDesignError, InputError
from . import model
from .columns import Columns, SpecColumns, group_by_kind, kind_of, row_patterns
from .columns import stacked as stack_of
from .evaluate import bus_scaling, environment_of, environments_of, share_panels
from .spec import _BOUNDS, SatelliteSpec

__all__ = ["coefficient_sensitivities", "input_sensitivities", "input_sensitivities_batch",
           "numeric_inputs", "rows_of"]

#: Technology fields whose catalog numbers are inputs, as ``"solar_array.cell_efficiency"``.
TECHNOLOGY_FIELDS = ("accelerator", "solar_array", "radiator", "coating", "battery",
                     "fin_material", "radiator_tube")
# counts, switches and the layout (a geometry object, perturbed through its own numbers
# only when a study says so) are not continuous inputs
_SKIP_FIELDS = {"gpu_granularity", "isl_terminal_count", "heat_pump", "layout",
                # the chip's operating-point pins are design decisions, not inputs
                "clock_fraction", "junction_temperature", "eclipse_power_fraction"}
_FIELD_NAMES = frozenset(f.name for f in dataclasses.fields(SatelliteSpec))


def coefficient_sensitivities(solution) -> dict[str, float]:
    """d log(objective) / d log(coefficient) for every coefficient of a solved structure.

    lambda_i times the share of the term in its active constraint (module docstring); the
    objective's own coefficients through the epigraph constraint (dual 1).

    Parameters
    ----------
    solution : thermaldesign.sizing.solve.Solution
        An optimal solution (its structure, coefficient values, variables and duals).
    """
    compiled = model.compiled(solution.structure)
    values = dict(solution.values)
    values["objective.scale"] = solution.values.get(
        model.objective_scale_name(solution.structure), 1.0
    )
    point = solution.variables
    result: dict[str, float] = {}
    rows = [(c.terms, solution.duals.get(c.name, 0.0)) for c in compiled.constraints]
    rows.append((tuple(compiled.objective_terms), 1.0))
    for terms, dual in rows:
        if dual == 0.0:
            continue
        term_values = []
        for term in terms:
            value = values[term.coefficient]
            for name, power in term.powers:
                value *= point[name] ** power
            term_values.append(value)
        total = math.fsum(term_values)
        for term, value in zip(terms, term_values, strict=True):
            result[term.coefficient] = result.get(term.coefficient, 0.0) + dual * value / total
    return result


def numeric_inputs(spec: SatelliteSpec):
    """(input name, value, (low, high, low_open, high_open)) of every non-zero numeric input.

    Spec fields by their name; technology numbers as ``"solar_array.cell_efficiency"``
    (a spec field left at None takes the catalog number, covered by the technology).
    """
    for f in dataclasses.fields(spec):
        value = getattr(spec, f.name)
        if f.name in TECHNOLOGY_FIELDS:
            entry = spec.entry(f.name)
            if entry is None:  # fin_material=None: the radiator's catalog fin efficiency
                continue
            for name, field_spec in entry.NUMERIC.items():
                number = getattr(entry, name)
                if not field_spec.integer and number != 0:
                    bounds = (field_spec.low, field_spec.high, field_spec.low_open,
                              field_spec.high_open)
                    yield f"{f.name}.{name}", float(number), bounds
            continue
        if f.name in _SKIP_FIELDS or value is None or isinstance(value, (str, bool)):
            continue
        if value != 0:
            yield f.name, float(value), _BOUNDS.get(f.name, (None, None, False, False))[:4]


def _inside(value: float, bounds) -> bool:
    low, high, low_open, high_open = bounds
    if low is not None and (value < low or (low_open and value == low)):
        return False
    return high is None or not (value > high or (high_open and value == high))


def _bare_copy(spec: SatelliteSpec, cls=None) -> SatelliteSpec:
    """A copy of ``spec`` (as ``cls``) without its resolved catalog entries."""
    clone = object.__new__(cls or type(spec))
    clone.__dict__.update(spec.__dict__)
    clone.__dict__.pop("_entries", None)
    return clone


def perturbed(spec: SatelliteSpec, changes: dict[str, float]) -> SatelliteSpec:
    """``spec`` with inputs set to new values, not validated again (callers keep them valid).

    ``changes`` maps a spec field or ``"technology.field"`` to its value; each changed
    catalog entry is copied once.
    """
    clone = _bare_copy(spec)
    technologies = {name.split(".", 1)[0] for name in changes}
    if "radiator" in technologies:
        technologies.add("coating")  # a coating left at None is the radiator's
    resolved = spec.__dict__.get("_entries", {})
    clone.__dict__["_entries"] = {k: v for k, v in resolved.items() if k not in technologies}
    entries = {}
    for name, value in changes.items():
        if "." not in name:
            object.__setattr__(clone, name, value)
            continue
        technology, field_name = name.split(".", 1)
        entry = entries.get(technology)
        if entry is None:
            original = spec.entry(technology)
            entry = entries[technology] = object.__new__(type(original))  # no re-validation
            entry.__dict__.update(original.__dict__)
            object.__setattr__(clone, technology, entry)
        object.__setattr__(entry, field_name, value)
    return clone


class _ReadingSpec(SatelliteSpec):
    """A spec copy that notes every field read (what the environment depends on)."""

    def __getattribute__(self, name):
        if name in _FIELD_NAMES:
            object.__getattribute__(self, "__dict__").setdefault("_read", set()).add(name)
        return object.__getattribute__(self, name)


def environment_reads(spec: SatelliteSpec) -> frozenset:
    """The spec fields :func:`.evaluate.environment_of` reads for this spec."""
    reading = _bare_copy(spec, _ReadingSpec)
    environment_of(reading)
    return frozenset(reading.__dict__.get("_read", ()))


def input_sensitivities(spec: SatelliteSpec, solution, lift: float, objective: str,
                        step: float = 1e-6, env=None) -> dict[str, float]:
    """d log(objective) / d log(input) for every numeric spec and technology input [-].

    The chain rule through the coefficients (module docstring): one forward difference
    of relative size ``step`` per input (backward when forward leaves the field's valid
    range or the physics' domain), no solve.

    Parameters
    ----------
    spec : SatelliteSpec
        The sized spec.
    solution : thermaldesign.sizing.solve.Solution
        Its optimal (relaxed) solution.
    lift : float
        Heat-pump lift of the design [K].
    objective : str
        The sizing objective.
    step : float
        Relative finite-difference step [-].
    env : Environment, optional
        The spec's environment, if already evaluated.
    """
    with _guard.trusted():
        return _input_sensitivities(spec, solution, lift, objective, step, env)


@dataclass
class _Pass:
    """What every evaluation of one sensitivity pass shares."""

    spec: SatelliteSpec
    env: object
    lift: float
    scale_name: str
    reads: frozenset  # spec fields the environment reads
    base: dict  # log of every coefficient at the spec
    eclipse: float = 1.0  # the solution's eclipse power fraction [-]
    pinned_clock: bool = False  # solved with the clock floor raised to its limit
    environment_key: tuple | None = None  # the spec's part of _environment_key

    def prefetch(self, moves) -> None:
        """Build the armoured panels of the moves (dicts as :meth:`logs` takes) that
        change the environment, and whose environment is not kept
        (:func:`_kept_environment`), in one array call (:func:`.evaluate.share_panels`),
        so their :func:`environment_of` calls find them (equal bit for bit)."""
        specs = [perturbed(self.spec, m) for m in moves
                 if any(name.split(".", 1)[0] in self.reads for name in m)
                 and _kept_environment(self._environment_key(m)) is None]
        if len(specs) > 1:
            share_panels(specs)

    def logs(self, changes: dict[str, float]) -> dict[str, float]:
        """Log of every coefficient with ``changes`` applied (0 for a zero coefficient)."""
        changed = perturbed(self.spec, changes) if changes else self.spec
        env = self.env
        if any(name.split(".", 1)[0] in self.reads for name in changes):
            env = _perturbed_environment(self._environment_key(changes), changed)
        values = model.coefficient_values(changed, env, self.lift,
                                          eclipse_fraction=self.eclipse)
        values["objective.scale"] = values.get(self.scale_name, 1.0)
        if self.pinned_clock:  # the floor the solve used (:func:`.solve.solve_fixed`)
            values["clock.lower"] = 1.0 / values["clock.upper"]
        return {name: math.log(v) if v > 0 else 0.0 for name, v in values.items()}

    def _environment_key(self, changes: dict) -> tuple:
        """(key, objects it names by identity) of the environment of the spec moved by
        ``changes`` (:func:`_environment_memo_key`; the spec's part built once)."""
        if self.environment_key is None:
            self.environment_key = _environment_memo_key(self.spec, self.reads)
        (names, values), held = self.environment_key
        return (names, values, _moved(changes, self.reads)), held

    def changes(self, moves: list, unmoved: dict) -> list[dict[str, float]]:
        """:meth:`change` of several moves (``unmoved``: every moved input's value at
        the spec): one :func:`.model.coefficient_values` on the spec stacked once per
        move (:meth:`.columns.Columns.with_values`; a new mass limit's sizing went from
        13.1-13.3 to 10.6-10.7 ms with it), the moved environments kept or evaluated
        one by one. The differences are taken from a row of the unmoved spec in the
        same call, so the columnar sums' roundoff cancels. Fewer than
        :data:`_STACKED_MOVES` moves, or a row the columns cannot evaluate, go one by
        one (which raises a move's error as before)."""
        if len(moves) < _STACKED_MOVES:
            return [self.change(m) for m in moves]
        rows = [{}, *moves]
        envs = [self.env]
        for move in moves:
            if any(name.split(".", 1)[0] in self.reads for name in move):
                envs.append(_perturbed_environment(self._environment_key(move),
                                                   perturbed(self.spec, move)))
            else:
                envs.append(self.env)
        names = sorted(set().union(*moves))
        try:
            stacked = stack_of([self.spec] * len(rows)).with_values(
                {name: np.array([row.get(name, unmoved[name]) for row in rows])
                 for name in names})
            values = model.coefficient_values(stacked, Columns(envs), self.lift,
                                              eclipse_fraction=self.eclipse)
        except ValueError:
            return [self.change(m) for m in moves]
        if model.unbounded_rows(values).any():
            return [self.change(m) for m in moves]
        size = len(rows)
        values = {name: np.broadcast_to(np.asarray(v, dtype=float), (size,))
                  for name, v in values.items()}
        values["objective.scale"] = values.get(self.scale_name, np.ones(size))
        if self.pinned_clock:  # the floor the solve used (:func:`.solve.solve_fixed`)
            values["clock.lower"] = 1.0 / values["clock.upper"]
        logs = {name: np.log(v, out=np.zeros(size), where=v > 0.0).tolist()
                for name, v in values.items()}
        return [{c: column[i] - column[0] for c, column in logs.items()
                 if column[i] != column[0]} for i in range(1, size)]

    def change(self, changes: dict[str, float]) -> dict[str, float]:
        """d log c of every coefficient that moves under ``changes``."""
        logs = self.logs(changes)
        return {c: logs[c] - self.base.get(c, 0.0) for c in logs if logs[c] != self.base.get(c)}


#: fewer moves than this are evaluated one by one (:meth:`_Pass.changes`)
_STACKED_MOVES = 8


# pattern key -> _Known: the pattern and the last spec's columns; see _columns
_PATTERNS: OrderedDict = OrderedDict()
_PATTERNS_SIZE = 256
_PATTERNS_LOCK = threading.Lock()
# verification: relative step of the combined move, and the accepted mismatch [-]
_CHECK_STEP = 1e-7
_CHECK_TOLERANCE = 1e-5


def _steps(spec: SatelliteSpec, step: float) -> list[tuple[str, float, float]]:
    """(input, value, signed relative step) inside each input's valid range."""
    chosen = []
    for name, value, bounds in numeric_inputs(spec):
        for h in (step, -step):
            if _inside(value * (1.0 + h), bounds) and _inside(value * (1.0 + 1.5 * h), bounds):
                chosen.append((name, value, h))
                break
    return chosen


def _one_by_one(run: _Pass, steps) -> dict[str, dict[str, float]]:
    """Column by column: input -> {coefficient it moves: d log c / d log input}."""
    columns = {}
    run.prefetch([{name: value * (1.0 + h)} for name, value, h in steps])
    for name, value, h in steps:
        for signed in (h, -h):
            try:
                change = run.change({name: value * (1.0 + signed)})
            except (InputError, InfeasibleDesignError):
                continue
            columns[name] = {c: d / math.log1p(signed) for c, d in change.items()}
            break
    return columns


@functools.lru_cache(maxsize=256)
def _coloring(pattern: frozenset, coefficients: frozenset) -> tuple[tuple[str, ...], ...]:
    """Groups of inputs that move none of ``coefficients`` in common (greedy, largest first).

    Curtis, Powell & Reid, "On the estimation of sparse Jacobian matrices", IMA J. Appl.
    Math. 13 (1974) 117-119: one evaluation per group recovers every column in it.
    """
    moved = {name: moves & coefficients for name, moves in pattern}
    groups: list[tuple[list[str], set]] = []
    for name in sorted(moved, key=lambda n: (-len(moved[n]), n)):
        if not moved[name]:
            continue
        for members, union in groups:
            if not union & moved[name]:
                members.append(name)
                union |= moved[name]
                break
        else:
            groups.append(([name], set(moved[name])))
    return tuple(tuple(members) for members, _ in groups)


@dataclass(frozen=True)
class _Known:
    """What one pattern key remembers between specs."""

    pattern: frozenset  # (input, coefficients it moves), found column by column
    values: dict  # input -> value, of the last spec
    identity: tuple  # everything else of the last spec the coefficients may read
    columns: dict  # input -> {coefficient: d log c / d log input}, of the last spec


def _identity(spec: SatelliteSpec, inputs: set, lift: float) -> tuple:
    """Every spec and catalog value that is not one of ``inputs`` (and the lift)."""
    parts: list = [lift]
    for f in dataclasses.fields(spec):
        if f.name in TECHNOLOGY_FIELDS:
            entry = spec.entry(f.name)
            if entry is None:
                parts.append((f.name, None))
                continue
            parts.append((f.name, type(entry).__name__, tuple(
                (g.name, getattr(entry, g.name)) for g in dataclasses.fields(entry)
                if g.compare and f"{f.name}.{g.name}" not in inputs
            )))
        elif f.name not in inputs:
            parts.append((f.name, getattr(spec, f.name)))
    return tuple(parts)


def _grouped(run: _Pass, steps, known: _Known, recompute: frozenset, relevant: frozenset):
    """Columns from the last spec's, with the coefficients in ``recompute`` re-evaluated.

    A coefficient that no changed input moves is the same function at this spec as at
    the last one, so its row of the Jacobian is the last spec's, bit for bit. The others
    take one evaluation per group of inputs (:func:`_coloring`). One check then moves
    every input at once by a different amount and compares the change of each relevant
    coefficient with the one the columns predict; a dependency the pattern lacks shows up
    there, and the caller falls back to the column-by-column pass (returns None).
    """
    moves_of = dict(known.pattern)
    by_name = {name: (value, h) for name, value, h in steps if name in moves_of}
    columns = {
        name: {c: d for c, d in known.columns.get(name, {}).items() if c not in recompute}
        for name in by_name
    }
    groups = _coloring(known.pattern, recompute)
    moves = [{n: by_name[n][0] * (1.0 + by_name[n][1]) for n in group} for group in groups]
    moves.append(_check_move(by_name))
    run.prefetch(moves)
    *changes, actual = run.changes(moves, {name: value for name, (value, _) in by_name.items()})
    for group, change in zip(groups, changes, strict=True):
        for name in group:
            scale = math.log1p(by_name[name][1])
            columns[name].update(
                {c: change[c] / scale for c in moves_of[name] & recompute if c in change}
            )
    return columns if _checked(by_name, columns, relevant, actual) else None


def _checked(by_name: dict, columns: dict, relevant: frozenset, actual: dict) -> bool:
    """Does one combined move of every input (:func:`_check_move`, whose coefficient
    changes are ``actual``) change each relevant coefficient as the columns predict (to
    :data:`_CHECK_TOLERANCE` of the sum of the terms)?"""
    moves = _check_steps(by_name)
    predicted: dict[str, list[float]] = {c: [] for c in relevant}
    for name, column in columns.items():
        step = math.log1p(moves[name])
        for c, derivative in column.items():
            if c in predicted:
                predicted[c].append(derivative * step)
    for c, terms in predicted.items():
        scale = math.fsum(abs(t) for t in terms)
        # the floor is the roundoff of a log coefficient built from ~10^3 operations
        # (the co-design's objective scale: seen 3e-13, and 2.1e-12 on 17 % of a sweep
        # over altitude and mass limit, on a move of 6.7e-9); a missing dependency moves
        # a coefficient by about the move itself, ~1e-8, far above it
        if abs(actual.get(c, 0.0) - math.fsum(terms)) > _CHECK_TOLERANCE * scale + 1e-11:
            return False
    return True


def _check_steps(by_name: dict) -> dict[str, float]:
    """Relative step of each input in :func:`_checked`'s combined move (all different)."""
    weights = {name: 0.5 + ((i + 1) * 0.6180339887498949) % 1.0 for i, name in enumerate(by_name)}
    return {n: math.copysign(_CHECK_STEP * weights[n], h) for n, (_, h) in by_name.items()}


def _check_move(by_name: dict) -> dict[str, float]:
    """The inputs' values in :func:`_checked`'s combined move."""
    moves = _check_steps(by_name)
    return {n: by_name[n][0] * (1.0 + moves[n]) for n in by_name}


def _pattern_key(spec: SatelliteSpec, steps, run: _Pass) -> tuple:
    switches = tuple(
        (f.name, getattr(spec, f.name)) for f in dataclasses.fields(spec)
        if isinstance(getattr(spec, f.name), (str, bool)) or getattr(spec, f.name) is None
    )
    present = frozenset(c for c, v in run.base.items() if v != 0.0)
    # objective.scale stands for a different coefficient per objective: part of the key
    return (tuple((n, h > 0) for n, _, h in steps), switches, present, run.scale_name,
            run.lift > 0.0)


def _columns(run: _Pass, steps, relevant: frozenset) -> dict[str, dict[str, float]]:
    """input -> {coefficient: d log c / d log input}: reused, grouped or column by column."""
    key = _pattern_key(run.spec, steps, run)
    values = {name: value for name, value, _ in steps}
    identity = _identity(run.spec, set(values), run.lift)
    with _PATTERNS_LOCK:
        known = _PATTERNS.get(key)
    columns = None
    if known is not None:
        if identity == known.identity:
            changed = {name for name, value in values.items() if known.values.get(name) != value}
            moves_of = dict(known.pattern)
            recompute = frozenset().union(*(moves_of.get(name, ()) for name in changed))
        else:
            recompute = frozenset(run.base)
        try:
            columns = _grouped(run, steps, known, recompute, relevant)
        except (InputError, InfeasibleDesignError):
            columns = None
    if columns is None:
        columns = _one_by_one(run, steps)
        pattern = frozenset((name, frozenset(column)) for name, column in columns.items())
    else:
        pattern = known.pattern
    with _PATTERNS_LOCK:
        _PATTERNS[key] = _Known(pattern, values, identity, columns)
        _PATTERNS.move_to_end(key)
        while len(_PATTERNS) > _PATTERNS_SIZE:
            _PATTERNS.popitem(last=False)
    return columns


def _input_sensitivities(spec, solution, lift, objective, step, env):
    by_coefficient = coefficient_sensitivities(solution)
    structure = solution.structure
    scale_name = model.objective_scale_name(structure)
    env = environment_of(spec) if env is None else env
    run = _Pass(spec, env, lift, scale_name, _environment_reads(spec), {},
                solution.values.get("eclipse_fraction", 1.0),
                "clock.pinned" in solution.values)
    if spec.heat_pump:  # the solution may be at another lift than the design's
        run.base = run.logs({})
    else:  # the solution's own coefficients are the spec's: no evaluation needed
        values = dict(solution.values)
        values.pop("gpu_count", None)
        values["objective.scale"] = values.get(scale_name, 1.0)
        run.base = {name: math.log(v) if v > 0 else 0.0 for name, v in values.items()}
    relevant = frozenset(c for c, s in by_coefficient.items() if c != "gpu_count" and s != 0.0)
    steps = _steps(spec, step)
    columns = _columns(run, steps, relevant)
    counts_units = objective == "max_compute" and not structure.fixed_count
    shares = term_shares(solution)
    result: dict[str, float] = {}
    for name, value, h in steps:
        if name not in columns:
            continue  # outside the physics' domain both ways
        column = columns[name]
        derivative = math.fsum(by_coefficient[c] * column[c] for c in relevant if c in column)
        derivative += _exponent_change(solution, spec, name, value, h, shares)
        if counts_units:
            # compute = N * flops and the GP minimises 1/N
            derivative = -derivative + (1.0 if name == "accelerator.flops" else 0.0)
        result[name] = derivative
    return result


def _exponent_change(solution, spec: SatelliteSpec, name: str, value: float, h: float,
                     shares=None) -> float:
    """d log(objective) / d log(input) through the accelerator fits' exponents [-].

    Inputs of the clock, leakage and Arrhenius fits (and the junction limit they are
    fitted over) move the exponents (a, b, c, n) of the term table, not only its
    coefficients; :func:`exponent_sensitivity` gives the first-order change.
    """
    if not (name.startswith("accelerator.") or name == "junction_limit"):
        return 0.0
    exponents = model.exponents_of(perturbed(spec, {name: value * (1.0 + h)}))
    return exponent_sensitivity(solution, exponents, shares) / math.log1p(h)


def term_shares(solution) -> tuple:
    """((row, coefficient, powers, dual x share of its row at the optimum), ...) [-].

    A term's share is its value over its row's total at the optimum; weighted by the
    row's dual (1 for the objective) it is the term's d log(objective) / d log(term).
    """
    structure = solution.structure
    compiled = model.compiled(structure)
    values = dict(solution.values)
    values["objective.scale"] = solution.values.get(
        model.objective_scale_name(structure), 1.0)
    log_point = {name: math.log(value) for name, value in solution.variables.items()
                 if value > 0.0}
    rows = [(c.name, c.terms, solution.duals.get(c.name, 0.0)) for c in compiled.constraints]
    rows.append(("objective", tuple(compiled.objective_terms), 1.0))
    shares = []
    for row, terms, dual in rows:
        if dual == 0.0:
            continue
        logs = [math.log(values[t.coefficient]) + math.fsum(
            p * log_point[v] for v, p in t.powers) for t in terms]
        top = max(logs)
        weights = [math.exp(v - top) for v in logs]
        scale = math.fsum(weights)
        shares.extend((row, term.coefficient, dict(term.powers), dual * weight / scale)
                      for term, weight in zip(terms, weights, strict=True))
    return tuple(shares), log_point


def exponent_sensitivity(solution, exponents: tuple, shares=None) -> float:
    """Change of log(GP objective) when the fit exponents (a, b, c, n) become ``exponents``.

    First order, by the envelope theorem in log space: a term c * prod x_i^p_i whose
    powers change by dp contributes dual * share * sum_i dp_i log x_i* (its log value
    moves by that much at the optimum). The powers of the changed structure come from
    the same term table (:func:`.model.full_table`). ``shares`` is
    :func:`term_shares` of the solution, when already computed.
    """
    structure = solution.structure
    if tuple(exponents) == tuple(structure.exponents):
        return 0.0
    table, objective_terms = model.full_table(
        dataclasses.replace(structure, exponents=tuple(exponents)))
    powers = {(c.name, t.coefficient): dict(t.powers) for c in table for t in c.terms}
    powers.update({("objective", t.coefficient): dict(t.powers) for t in objective_terms})
    shares, log_point = term_shares(solution) if shares is None else shares
    total = 0.0
    for row, coefficient, old, share in shares:
        new = powers.get((row, coefficient), old)
        moved = math.fsum((new.get(v, 0.0) - old.get(v, 0.0)) * log_point[v]
                          for v in set(new) | set(old))
        total += share * moved
    return total


# ---------------------------------------------------------------- many designs at once


def input_sensitivities_batch(specs, solutions, lift, objective: str, step: float = 1e-6,
                              envs=None) -> dict[str, np.ndarray]:
    """d log(objective) / d log(input) of many sized designs at once, as arrays (B,) [-].

    Row ``i`` is :func:`input_sensitivities` of ``specs[i]`` and ``solutions[i]``: the
    same forward differences, with the same step directions (backward at a range bound),
    through the same coefficient functions, on arrays over the batch. Rows are grouped
    by kind of spec (:func:`.columns.kind_of`), problem structure, eclipse fraction, lift
    and step directions. In each group:

    - the coefficient sensitivities (duals x term shares) and the exponent inputs'
      changes (:func:`exponent_sensitivity`) are array algebra over the rows;
    - one design is differenced input by input, which gives the pattern of which
      coefficients each input moves and every column of the coefficients that no input
      varied across the group moves (the same function on every row, as in the
      one-at-a-time pass's reuse);
    - the other coefficients are evaluated for every row at once, one evaluation per
      group of inputs that move none of them in common (Curtis, Powell & Reid 1974),
      the environment once per distinct environment and perturbation;
    - one combined move of every input checks each row; a row that fails it (a
      dependency the pattern lacks, or a move outside the physics' domain) is
      differenced input by input.

    The grouped columns are the one-at-a-time pass's numbers to the roundoff of a
    forward difference (~1e-10 of a sensitivity), the input-by-input ones to ~1e-12.

    Parameters
    ----------
    specs : sequence of SatelliteSpec
        The sized specs (any mix of kinds: grouped inside).
    solutions : sequence of Solution
        Each spec's optimal solution (the relaxation when the design has one, as
        :func:`.solve.build_design` uses).
    lift : float or array_like
        Heat-pump lift of each design [K].
    objective : str
        The sizing objective (one for the batch).
    step : float
        Relative finite-difference step [-].
    envs : sequence of Environment, optional
        Each spec's environment, if already evaluated.

    Returns
    -------
    dict[str, numpy.ndarray]
        Input name -> sensitivities (B,) [-], NaN where the design has none for that input
        (zero, or outside the physics' domain both ways); :func:`rows_of` gives the
        per-design dicts.
    """
    specs, solutions = list(specs), list(solutions)
    if len(solutions) != len(specs):
        raise InputError(f"solutions must hold one solution per spec ({len(specs)}); "
                         f"got {len(solutions)}")
    lifts = np.broadcast_to(np.asarray(lift, dtype=float), (len(specs),))
    with _guard.trusted():
        if envs is None:
            envs = [environment_of(spec) for spec in specs]
        result: dict[str, np.ndarray] = {}
        for members in _batch_groups(specs, solutions, lifts):
            part = _kind_sensitivities(
                [specs[i] for i in members], [solutions[i] for i in members],
                [envs[i] for i in members], float(lifts[members[0]]), objective, step)
            for name, column in part.items():
                result.setdefault(name, np.full(len(specs), np.nan))[members] = column
        return result


def rows_of(sensitivities: dict[str, np.ndarray], size: int) -> list[dict[str, float]]:
    """Per-design dicts of :func:`input_sensitivities_batch`'s arrays (NaN left out)."""
    if not sensitivities:
        return [{} for _ in range(size)]
    names = list(sensitivities)
    table = np.stack([sensitivities[name] for name in names], axis=1)
    present = ~np.isnan(table)
    rows: list = [None] * size
    first, inverse = row_patterns(present)
    for k, row in enumerate(first.tolist()):  # the rows with one set of inputs present
        members = np.flatnonzero(inverse == k)
        kept = np.flatnonzero(present[row])
        kept_names = [names[i] for i in kept.tolist()]
        for member, values in zip(members.tolist(), table[np.ix_(members, kept)].tolist(),
                                  strict=True):
            rows[member] = dict(zip(kept_names, values, strict=True))
    return rows


def _batch_groups(specs, solutions, lifts) -> list[np.ndarray]:
    """Indices of the rows sharing structure, eclipse fraction and lift (their kinds of
    spec are split apart by :func:`_kind_sensitivities`)."""
    groups: dict[tuple, list[int]] = {}
    for i, solution in enumerate(solutions):
        key = (solution.structure, solution.values.get("eclipse_fraction", 1.0),
               float(lifts[i]), "clock.pinned" in solution.values)
        groups.setdefault(key, []).append(i)
    return [np.asarray(members) for members in groups.values()]


def _input_table(stacked: SpecColumns, first: SatelliteSpec) -> dict[str, tuple]:
    """Input name -> (values (B,), bounds) of a kind's stacked specs, in the order of
    :func:`numeric_inputs` (zeros included: they are masked per row)."""
    size = len(stacked)
    table = {}
    for f in dataclasses.fields(first):
        value = getattr(first, f.name)
        if f.name in TECHNOLOGY_FIELDS:
            entry = first.entry(f.name)
            if entry is None:
                continue
            column = stacked.entry(f.name)
            for name, field_spec in entry.NUMERIC.items():
                if not field_spec.integer:
                    table[f"{f.name}.{name}"] = (
                        _as_row(getattr(column, name), size),
                        (field_spec.low, field_spec.high, field_spec.low_open,
                         field_spec.high_open))
            continue
        if f.name in _SKIP_FIELDS or value is None or isinstance(value, (str, bool)):
            continue
        table[f.name] = (_as_row(stacked.__dict__[f.name], size),
                         _BOUNDS.get(f.name, (None, None, False, False))[:4])
    return table


def _as_row(value, size: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (size,))


def _inside_rows(values: np.ndarray, bounds) -> np.ndarray:
    """:func:`_inside` per element."""
    low, high, low_open, high_open = bounds
    inside = np.ones(values.shape, dtype=bool)
    if low is not None:
        inside &= values > low if low_open else values >= low
    if high is not None:
        inside &= values < high if high_open else values <= high
    return inside


def _step_signs(values: np.ndarray, bounds, step: float) -> np.ndarray:
    """+1 (forward), -1 (backward) or 0 (no step: zero, or no room either way), as
    :func:`_steps` chooses per spec."""
    def fits(h):
        return (_inside_rows(values * (1.0 + h), bounds)
                & _inside_rows(values * (1.0 + 1.5 * h), bounds))
    signs = np.where(fits(step), 1, np.where(fits(-step), -1, 0)).astype(np.int8)
    signs[values == 0.0] = 0
    return signs


def _kind_sensitivities(specs, solutions, envs, lift, objective, step) -> dict:
    """:func:`input_sensitivities_batch` for rows of one structure, fraction and lift,
    each kind of spec (:func:`.columns.kind_of`) apart."""
    try:
        stacked = stack_of(specs)  # stacks only specs of one kind
    except ValueError:
        result: dict[str, np.ndarray] = {}
        for members in group_by_kind(specs).values():
            part = _kind_sensitivities([specs[i] for i in members],
                                       [solutions[i] for i in members],
                                       [envs[i] for i in members], lift, objective, step)
            for name, column in part.items():
                result.setdefault(name, np.full(len(specs), np.nan))[members] = column
        return result
    table = _input_table(stacked, specs[0])
    names = list(table)
    signs = np.stack([_step_signs(*table[name], step) for name in names], axis=1)
    first, inverse = row_patterns(signs)
    result = {name: np.full(len(specs), np.nan) for name in names}
    for k, pattern in enumerate(signs[first]):
        rows = np.flatnonzero(inverse == k)
        inputs = {name: (table[name][0][rows], step * float(sign))
                  for name, sign in zip(names, pattern, strict=True) if sign}
        group = _Group([specs[i] for i in rows], [envs[i] for i in rows], lift,
                       solutions[0].values.get("eclipse_fraction", 1.0),
                       model.objective_scale_name(solutions[0].structure),
                       "clock.pinned" in solutions[0].values, inputs,
                       stacked if len(rows) == len(specs) else stacked.take(rows))
        part = _signed_sensitivities(group, [solutions[i] for i in rows], objective)
        for name, column in part.items():
            result[name][rows] = column
    return result


@dataclass
class _Group:
    """Rows of one kind, structure, eclipse fraction, lift and step directions."""

    specs: list
    envs: list
    lift: float
    eclipse: float
    scale_name: str
    pinned_clock: bool
    inputs: dict  # input -> (values (B,), signed relative step)
    columns: SpecColumns | None = None  # the rows' specs stacked
    reads: frozenset = frozenset()  # spec fields the environment reads
    env_keys: dict = field(default_factory=dict)  # row -> its environment inputs
    env_columns: Columns | None = None  # the rows' environments stacked, once needed
    base: dict = field(default_factory=dict)  # coefficient -> log value (B,)

    def logs(self, changes: dict, rows: np.ndarray) -> tuple[dict, np.ndarray]:
        """(coefficient -> log value at ``rows`` with ``changes`` applied, failed rows)."""
        values, failed = _batch_coefficients(self, changes, rows)
        return self.logs_of(values, len(rows)), failed

    def logs_of(self, values: dict, size: int) -> dict:
        """The log of coefficient ``values`` (arrays (size,) or floats) as the solves
        took them: with the objective's scale and a pinned clock's floor (0 where a
        value is not positive)."""
        values = {name: np.broadcast_to(np.asarray(v, dtype=float), (size,))
                  for name, v in values.items()}
        values["objective.scale"] = values.get(self.scale_name, np.ones(size))
        if self.pinned_clock:  # the floor the solve used (:func:`.solve.solve_fixed`)
            values["clock.lower"] = 1.0 / values["clock.upper"]
        return {name: np.log(column, out=np.zeros(size), where=column > 0.0)
                for name, column in values.items()}

    def change(self, changes: dict, rows: np.ndarray) -> tuple[dict, np.ndarray]:
        """(d log c of every coefficient at ``rows``, failed rows)."""
        logs, failed = self.logs(changes, rows)
        return {c: v - _base_at(self.base, c, rows) for c, v in logs.items()}, failed


def _base_at(base: dict, name: str, rows: np.ndarray):
    column = base.get(name)
    return 0.0 if column is None else column[rows]


#: fewer rows than this are evaluated one at a time: a call on columns costs ~1.5 ms
#: whatever its size, a scalar call ~0.2 ms (``benchmarks/bench_coefficients.py``)
_COLUMN_ROWS = 8


def _batch_coefficients(group: _Group, changes: dict, rows: np.ndarray):
    """Every coefficient of ``group`` at ``rows`` with inputs set to ``changes`` (arrays
    over ``rows``): (name -> values (len(rows),), failed rows).

    One :func:`.model.coefficient_values` on the stacked rows
    (:meth:`.columns.Columns.with_values` applies the changes), the environments by
    :func:`.evaluate.environments_of` (once per distinct environment) when a changed
    input reaches them. A perturbed environment that cannot be evaluated for some row
    sends the evaluation row by row (:func:`_row_coefficients`), where that row alone
    fails; so do fewer than :data:`_COLUMN_ROWS` rows.
    """
    if len(rows) < _COLUMN_ROWS:
        return _row_coefficients(group, changes, rows)
    moves_environment = any(name.split(".", 1)[0] in group.reads for name in changes)
    whole = len(rows) == len(group.specs) and bool(np.all(rows == np.arange(len(rows))))
    try:
        stacked = group.columns if whole else group.columns.take(rows)
        if changes:
            stacked = _with_values(group, stacked, changes, rows, whole)
        if moves_environment:
            envs = environments_of(stacked)
        else:
            if group.env_columns is None:
                group.env_columns = environments_of(group.columns)
            envs = group.env_columns if whole else group.env_columns.take(rows)
        values = model.coefficient_values(stacked, envs, group.lift,
                                          eclipse_fraction=group.eclipse)
    except (InputError, InfeasibleDesignError):
        return _row_coefficients(group, changes, rows)
    return values, model.unbounded_rows(values)


def _with_values(group: _Group, stacked: SpecColumns, changes: dict, rows, whole: bool):
    """``stacked.with_values(changes)``, keeping the rows' scaled buses
    (:func:`.evaluate.bus_scaling`: :class:`~thermaldesign.bus.ScaledBuses` of the rows,
    or one :class:`~thermaldesign.bus.ScaledBus` shared by all) when no changed input
    reaches them."""
    changed = stacked.with_values(changes)
    if group.specs[0].bus_model != "scaled":
        return changed
    if any(name.split(".", 1)[0] in _reads_of(bus_scaling, group.specs[0]) for name in changes):
        return changed
    bus = bus_scaling(group.columns)  # kept with the group's columns once evaluated
    if not whole and isinstance(bus, ScaledBuses):
        bus = bus.take(rows)
    changed.__dict__["_cache"] = {"bus": bus}  # bus_scaling's own cache of a SpecColumns
    return changed


def _row_coefficients(group: _Group, changes: dict, rows: np.ndarray):
    """:func:`_batch_coefficients` one row at a time (the scalar functions), the
    environment once per distinct environment (:func:`_environment_key`)."""
    moves_environment = any(name.split(".", 1)[0] in group.reads for name in changes)
    environments: dict = {}
    failed = np.zeros(len(rows), dtype=bool)
    out: dict[str, np.ndarray] = {}
    for j, i in enumerate(rows):
        spec = group.specs[i]
        if changes:
            spec = perturbed(spec, {name: float(value[j]) for name, value in changes.items()})
        try:
            env = group.envs[i]
            if moves_environment:
                key = _environment_key(group, i)
                env = environments.get(key)
                if env is None:
                    env = environments[key] = _kept_or_error(group.specs[i], group.reads,
                                                             changes, j, spec)
                if isinstance(env, Exception):
                    raise env
            values = model.coefficient_values(spec, env, group.lift,
                                              eclipse_fraction=group.eclipse)
        except (InputError, InfeasibleDesignError):
            failed[j] = True
            continue
        for name, value in values.items():
            column = out.get(name)
            if column is None:
                column = out[name] = np.zeros(len(rows))
            column[j] = value
    return out, failed


# environments of perturbed specs by what they read (_environment_memo_key), newest last
_ENVIRONMENTS: OrderedDict = OrderedDict()
_ENVIRONMENTS_SIZE = 4096


def _environment_memo_key(spec: SatelliteSpec, reads: frozenset):
    """((names, values), objects the values name by identity) of the fields the
    environment ``reads`` of ``spec``: numbers and text by value, catalog entries and
    other objects by the identity of an equal object's first instance
    (:func:`_canonical`: two specs may resolve equal entries to distinct objects, and
    hashing the entries in every look-up would cost what the environment does). With
    the moves of those fields (:meth:`_Pass._environment_key`) the key of a moved spec's
    environment. Specs of one orbit and technology that differ in what the environment
    does not read (a mass limit) share it, so the one-at-a-time pass of the next spec
    finds its ~35 moved environments."""
    names = _sorted_reads(reads)
    held = []
    values = []
    for name in names:
        value = spec.entry(name) if name in TECHNOLOGY_FIELDS else spec.__dict__[name]
        if type(value) in (float, int, str, bool, type(None)):
            values.append(value)
        else:
            value = _canonical(value)
            held.append(value)
            values.append(id(value))
    return (names, tuple(values)), held


def _moved(changes: dict, reads: frozenset) -> tuple:
    """The moves of the fields the environment reads, in order: the moved part of an
    environment's key."""
    return tuple(sorted((name, value) for name, value in changes.items()
                        if name.split(".", 1)[0] in reads))


# the first instance of each value _environment_memo_key met (value -> that instance),
# and by identity each object met (id -> (that object, its first equal instance))
_CANONICAL: OrderedDict = OrderedDict()
_CANONICAL_OF: dict = {}
_CANONICAL_SIZE = 1024


def _canonical(value):
    """The first instance of an equal, hashable value met, else ``value`` itself (an
    object met before is found by identity, without hashing it again)."""
    with _PATTERNS_LOCK:
        known = _CANONICAL_OF.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
    try:
        with _PATTERNS_LOCK:
            found = _CANONICAL.setdefault(value, value)
            _CANONICAL_OF[id(value)] = (value, found)  # held: its id stays its own
            while len(_CANONICAL) > _CANONICAL_SIZE:
                _CANONICAL.popitem(last=False)
            while len(_CANONICAL_OF) > _CANONICAL_SIZE:
                _CANONICAL_OF.pop(next(iter(_CANONICAL_OF)))
    except TypeError:  # unhashable: by its own identity
        return value
    return found


@functools.lru_cache(maxsize=256)
def _sorted_reads(reads: frozenset) -> tuple:
    return tuple(sorted(reads))


def _kept_environment(keyed: tuple):
    """The kept environment of a key (:meth:`_Pass._environment_key`), or None."""
    key, _ = keyed
    with _PATTERNS_LOCK:
        found = _ENVIRONMENTS.get(key)
        if found is not None:
            _ENVIRONMENTS.move_to_end(key)
            return found[0]
    return None


def _perturbed_environment(keyed: tuple, changed: SatelliteSpec):
    """:func:`environment_of` of the moved spec ``changed``, kept under its key
    (:meth:`_Pass._environment_key`) for the passes of later specs (the last
    :data:`_ENVIRONMENTS_SIZE`; an entry holds the objects its key names by identity,
    so their ids stay theirs). Errors are raised, not kept."""
    found = _kept_environment(keyed)
    if found is not None:
        return found
    key, held = keyed
    env = environment_of(changed)
    with _PATTERNS_LOCK:
        _ENVIRONMENTS[key] = (env, held)
        while len(_ENVIRONMENTS) > _ENVIRONMENTS_SIZE:
            _ENVIRONMENTS.popitem(last=False)
    return env


def _kept_or_error(spec: SatelliteSpec, reads: frozenset, changes: dict, j: int,
                   changed: SatelliteSpec):
    """:func:`_perturbed_environment` of row ``spec`` moved by its values ``[j]`` of
    ``changes`` (the moved spec ``changed``), or the error it raises."""
    (names, values), held = _environment_memo_key(spec, reads)
    moved = _moved({name: float(value[j]) for name, value in changes.items()}, reads)
    try:
        return _perturbed_environment(((names, values, moved), held), changed)
    except (InputError, InfeasibleDesignError) as error:
        return error


# pattern key -> {input: coefficients it moves}, learnt by the batched pass
_BATCH_PATTERNS: OrderedDict = OrderedDict()
# fields the environment reads, by kind of spec (they follow the text, flag and None
# inputs of a spec, not its numbers)
_READS: OrderedDict = OrderedDict()


def _environment_reads(spec: SatelliteSpec) -> frozenset:
    """:func:`environment_reads` of a spec, learnt once per kind of spec."""
    return _reads_of(environment_of, spec)


def _reads_of(function, spec: SatelliteSpec) -> frozenset:
    """The spec fields ``function(spec)`` reads, learnt once per kind of spec."""
    key = (function.__name__, kind_of(spec))
    with _PATTERNS_LOCK:
        reads = _READS.get(key)
    if reads is None:
        reading = _bare_copy(spec, _ReadingSpec)
        function(reading)
        reads = frozenset(reading.__dict__.get("_read", ()))
        with _PATTERNS_LOCK:
            _READS[key] = reads
            while len(_READS) > _PATTERNS_SIZE:
                _READS.popitem(last=False)
    return reads


def _environment_key(group: _Group, row: int) -> tuple:
    """The inputs a row's environment reads (entries by identity): rows with equal keys
    have equal environments, also under equal perturbations."""
    key = group.env_keys.get(row)
    if key is None:
        spec = group.specs[row]
        key = group.env_keys[row] = tuple(
            id(spec.entry(name)) if name in TECHNOLOGY_FIELDS
            else _plain_key(spec.__dict__[name]) for name in sorted(group.reads))
    return key


def _plain_key(value):
    """A number, text or flag as itself; anything else (a layout) by identity."""
    return value if type(value) in (float, int, str, bool, type(None)) else id(value)


def _stacked(dicts, names, default: float = 0.0) -> dict[str, np.ndarray]:
    """Columns (B,) of the values ``names`` of B dicts (``default`` where one lacks it)."""
    names = list(names)
    if not names:
        return {}
    dicts = list(dicts)
    if dicts and type(dicts[0]) is model.RowView:  # views of one record: read its columns
        columns = model.RowView.columns_of(dicts, names, default)
        if columns is not None:
            return columns
    pick = operator.itemgetter(*names)
    try:
        table = np.array([pick(d) for d in dicts], dtype=float).reshape(len(dicts), len(names))
    except KeyError:
        table = np.array([[d.get(name, default) for name in names] for d in dicts],
                         dtype=float).reshape(len(dicts), len(names))
    return {name: table[:, k] for k, name in enumerate(names)}


def _dual_arrays(solutions) -> tuple[dict, dict, dict]:
    """(d log objective / d log coefficient, term shares, log point) of solutions of one
    structure, as arrays: :func:`coefficient_sensitivities` and :func:`term_shares` on
    every row at once (the shares by (row, term index))."""
    structure = solutions[0].structure
    compiled = model.compiled(structure)
    duals = _stacked([s.duals for s in solutions], [c.name for c in compiled.constraints])
    rows = [(c.name, c.terms, duals[c.name]) for c in compiled.constraints]
    rows.append(("objective", tuple(compiled.objective_terms), np.ones(len(solutions))))
    names = {t.coefficient for _, terms, _ in rows for t in terms}
    values = _stacked([s.values for s in solutions], names - {"objective.scale"})
    values["objective.scale"] = _stacked(
        [s.values for s in solutions], [model.objective_scale_name(structure)], 1.0
    )[model.objective_scale_name(structure)]
    variables = _stacked([s.variables for s in solutions], solutions[0].variables)
    log_point = {name: np.log(v, out=np.zeros(len(v)), where=v > 0.0)
                 for name, v in variables.items()}
    by_coefficient: dict[str, np.ndarray] = {}
    shares: dict[tuple, np.ndarray] = {}
    for row, terms, dual in rows:
        active = dual != 0.0
        if not active.any():
            continue
        logs = np.array([np.log(values[t.coefficient]) + sum(
            p * log_point[v] for v, p in t.powers) for t in terms])
        weights = np.exp(logs - logs.max(axis=0))
        part = np.where(active, dual / weights.sum(axis=0), 0.0) * weights
        for k, term in enumerate(terms):
            shares[(row, k)] = part[k]
            total = by_coefficient.get(term.coefficient)
            by_coefficient[term.coefficient] = part[k] if total is None else total + part[k]
    return by_coefficient, shares, log_point


@functools.lru_cache(maxsize=256)
def _power_changes(structure, exponents: tuple) -> tuple:
    """((row, term index, ((variable, change of its power), ...)), ...) of the compiled
    terms when the fit exponents become ``exponents`` (:func:`exponent_sensitivity`)."""
    compiled = model.compiled(structure)
    table, objective_terms = model.full_table(dataclasses.replace(structure,
                                                                  exponents=exponents))
    powers = {(c.name, t.coefficient): dict(t.powers) for c in table for t in c.terms}
    powers.update({("objective", t.coefficient): dict(t.powers) for t in objective_terms})
    rows = [(c.name, c.terms) for c in compiled.constraints]
    rows.append(("objective", tuple(compiled.objective_terms)))
    changes = []
    for row, terms in rows:
        for k, term in enumerate(terms):
            old = dict(term.powers)
            new = powers.get((row, term.coefficient), old)
            moved = tuple((v, new.get(v, 0.0) - old.get(v, 0.0))
                          for v in sorted(set(new) | set(old))
                          if new.get(v, 0.0) != old.get(v, 0.0))
            if moved:
                changes.append((row, k, moved))
    return tuple(changes)


def _exponent_changes(group: _Group, structure, shares, log_point, name) -> np.ndarray:
    """:func:`_exponent_change` of one input for every row of ``group`` [-]."""
    size = len(group.specs)
    if not (name.startswith("accelerator.") or name == "junction_limit"):
        return np.zeros(size)
    values, h = group.inputs[name]
    result = np.zeros(size)
    distinct, first = np.unique(values, return_index=True)
    for value, row in zip(distinct, first, strict=True):
        spec = perturbed(group.specs[row], {name: float(value) * (1.0 + h)})
        exponents = tuple(model.exponents_of(spec))
        if exponents == tuple(structure.exponents):
            continue
        total = np.zeros(size)
        for row_name, k, moved in _power_changes(structure, exponents):
            share = shares.get((row_name, k))
            if share is not None:
                total += share * sum(dp * log_point[v] for v, dp in moved)
        result = np.where(values == value, total / math.log1p(h), result)
    return result


def _signed_sensitivities(group: _Group, solutions, objective: str) -> dict[str, np.ndarray]:
    """Sensitivities of one group's rows (same kind, structure and step directions)."""
    structure = solutions[0].structure
    size = len(group.specs)
    group.reads = _environment_reads(group.specs[0])
    all_rows = np.arange(size)
    if group.specs[0].heat_pump:  # the solution may be at another lift than the design's
        group.base = group.logs({}, all_rows)[0]
    else:  # the solutions' own coefficients are the specs' (see _input_sensitivities)
        names = set(solutions[0].values) - {"gpu_count"}
        values = _stacked([s.values for s in solutions], names)
        values["objective.scale"] = _stacked([s.values for s in solutions],
                                             [group.scale_name], 1.0)[group.scale_name]
        group.base = {n: np.log(v, out=np.zeros(size), where=v > 0.0) for n, v in values.items()}
    by_coefficient, shares, log_point = _dual_arrays(solutions)
    relevant = {c: s for c, s in by_coefficient.items() if c != "gpu_count" and s.any()}
    key = (kind_of(group.specs[0]), structure, group.eclipse, group.lift > 0.0,
           group.pinned_clock, tuple((n, h > 0.0) for n, (_, h) in group.inputs.items()))
    columns, failed = _grouped_columns(group, relevant, key)
    result = _chained(group, columns, relevant, np.arange(size))
    redo = np.flatnonzero(failed)  # their grouped columns are replaced
    if len(redo):
        again = _chained(group, _input_by_input(group, redo), relevant, redo)
        for name, column in again.items():
            result[name][redo] = column[redo]
    counts_units = objective == "max_compute" and not structure.fixed_count
    for name, column in result.items():
        column += _exponent_changes(group, structure, shares, log_point, name)
        if counts_units:  # compute = N * flops and the GP minimises 1/N
            result[name] = -column + (1.0 if name == "accelerator.flops" else 0.0)
    return result


def _chained(group: _Group, columns: dict, relevant: dict, rows: np.ndarray) -> dict:
    """sum_c S_c d log c / d log input at ``rows`` (columns over ``rows``; NaN where an
    input has no column), as arrays over the whole group."""
    size = len(group.specs)
    result = {}
    for name in group.inputs:
        column = np.full(size, np.nan)
        found = columns.get(name)
        if found is not None:
            moves, done = found
            derivative = np.zeros(len(rows))
            for c, d in moves.items():
                if c in relevant:
                    derivative = derivative + relevant[c][rows] * d
            column[rows] = np.where(done, derivative, np.nan)
        result[name] = column
    return result


def _input_by_input(group: _Group, rows: np.ndarray) -> dict:
    """Input -> ({coefficient: d log c / d log input (len(rows),)}, rows with a column),
    column by column at ``rows`` (backward where forward leaves the physics' domain)."""
    columns = {}
    for name, (values, h) in group.inputs.items():
        moves: dict[str, np.ndarray] = {}
        done = np.zeros(len(rows), dtype=bool)
        for signed in (h, -h):
            todo = np.flatnonzero(~done)
            if not len(todo):
                break
            change, failed = group.change({name: values[rows[todo]] * (1.0 + signed)},
                                          rows[todo])
            good = todo[~failed]
            scale = math.log1p(signed)
            for c, d in change.items():
                moved = d[~failed] / scale
                if moved.any():
                    moves.setdefault(c, np.zeros(len(rows)))[good] = moved
            done[good] = True
        if done.any():
            columns[name] = (moves, done)
    return columns


def _grouped_columns(group: _Group, relevant: dict, key: tuple) -> tuple[dict, np.ndarray]:
    """Columns of every row: (input -> ({coefficient: derivative (B,) or shared float},
    rows with a column), rows that need the input-by-input pass).

    The pattern of which coefficients each input moves is learnt by differencing the
    first row input by input (then kept for the next batch of that ``key``, until a row
    fails the check). A coefficient's Jacobian row depends on the inputs that move it,
    so rows that agree in those of them that vary across the group share it (the
    one-at-a-time pass reuses it between consecutive specs the same way). Coefficients
    are grouped by which varying inputs move them; each such set is evaluated once per
    distinct value of those inputs (one evaluation per colour of :func:`_coloring`, all
    its rows at once) and spread to the rows with that value. A coefficient no varying
    input moves is the first row's.
    """
    size = len(group.specs)
    done = np.ones(size, dtype=bool)
    with _PATTERNS_LOCK:
        pattern = _BATCH_PATTERNS.get(key)
    learnt = pattern is None
    if learnt:
        first = _input_by_input(group, np.array([0]))
        pattern = {name: frozenset(moves) for name, (moves, _) in first.items()}
        columns = {name: ({c: float(d[0]) for c, d in moves.items()}, done)
                   for name, (moves, _) in first.items()}
    else:
        columns = {name: ({}, done) for name in pattern}
    dependencies = _dependencies(group, pattern)
    if not learnt:  # the first row's columns of what no varying input moves, by colour
        moved = frozenset().union(*pattern.values())
        dependencies[frozenset()] = moved - frozenset().union(*dependencies.values())
    failed = np.zeros(size, dtype=bool)
    few = []  # colours of classes too few to evaluate on columns, stacked together below
    for inputs, coefficients in dependencies.items():
        classes, representatives = _classes(group, inputs)
        for members in _coloring(frozenset(pattern.items()), coefficients):
            move = ({n: group.inputs[n][0][representatives] * (1.0 + group.inputs[n][1])
                     for n in members}, representatives)
            if len(representatives) < _COLUMN_ROWS:
                few.append((members, coefficients, classes, move))
                continue
            change, bad = group.change(*move)
            _spread(columns, pattern, members, coefficients, classes, change, group.inputs)
            failed |= bad[classes]
    changes = _stacked_changes(group, [move for *_, move in few])
    for (members, coefficients, classes, _), (change, bad) in zip(few, changes, strict=True):
        _spread(columns, pattern, members, coefficients, classes, change, group.inputs)
        failed |= bad[classes]
    failed |= ~_checked_rows(group, columns, relevant)
    with _PATTERNS_LOCK:
        if learnt:
            _BATCH_PATTERNS[key] = pattern
            while len(_BATCH_PATTERNS) > _PATTERNS_SIZE:
                _BATCH_PATTERNS.popitem(last=False)
        elif failed.any():  # learn it again next time
            _BATCH_PATTERNS.pop(key, None)
    return columns, failed


def _spread(columns, pattern, members, coefficients, classes, change, inputs) -> None:
    """Write the columns of the inputs ``members`` of one colour from its ``change`` at
    each class's representative, spread to the rows of the class."""
    for name in members:
        scale = math.log1p(inputs[name][1])
        for c in pattern[name] & coefficients:
            if c in change:
                columns[name][0][c] = (change[c] / scale)[classes]


def _stacked_changes(group: _Group, moves: list) -> list[tuple[dict, np.ndarray]]:
    """:meth:`_Group.change` of several ``moves`` (input -> moved values, rows), each
    on a few rows: one :func:`.model.coefficient_values` on the moved rows of every
    move and each of their rows unmoved (:meth:`.columns.Columns.with_values`),
    differenced against the unmoved rows of the same call (so the columnar sums'
    roundoff cancels), the moved environments kept or evaluated one by one; as
    :meth:`_Pass.changes` does one spec at a time. A batch of specs on 5 orbits has ~40
    such moves of 5 rows, which took ~2 ms each row by row. Fewer than
    :data:`_STACKED_MOVES` moves, or any that the columns cannot evaluate, go move by
    move (where a row fails alone)."""
    def move_by_move():
        return [group.change(*move) for move in moves]

    if len(moves) < _STACKED_MOVES:
        return move_by_move()
    bases = np.unique(np.concatenate([rows for _, rows in moves]))
    rows = np.concatenate([bases, *(rows for _, rows in moves)])
    envs = [group.envs[row] for row in bases]
    for changes, moved in moves:
        reaches = any(name.split(".", 1)[0] in group.reads for name in changes)
        for j, row in enumerate(moved.tolist()):
            env = group.envs[row]
            if reaches:
                env = _kept_or_error(group.specs[row], group.reads, changes, j, perturbed(
                    group.specs[row], {n: float(v[j]) for n, v in changes.items()}))
                if isinstance(env, Exception):
                    return move_by_move()
            envs.append(env)
    values = {name: group.inputs[name][0][rows]
              for name in sorted(set().union(*(changes for changes, _ in moves)))}
    start = len(bases)
    for changes, moved in moves:
        for name, value in changes.items():
            values[name][start:start + len(moved)] = value
        start += len(moved)
    try:
        stacked = group.columns.take(rows).with_values(values)
        coefficients = model.coefficient_values(stacked, Columns(envs), group.lift,
                                                eclipse_fraction=group.eclipse)
    except (ValueError, InputError, InfeasibleDesignError):
        return move_by_move()
    if model.unbounded_rows(coefficients).any():
        return move_by_move()
    logs = group.logs_of(coefficients, len(rows))
    found, start = [], len(bases)
    for _, moved in moves:
        at, unmoved = slice(start, start + len(moved)), np.searchsorted(bases, moved)
        found.append(({c: column[at] - column[unmoved] for c, column in logs.items()},
                      np.zeros(len(moved), dtype=bool)))
        start += len(moved)
    return found


def _classes(group: _Group, inputs) -> tuple[np.ndarray, np.ndarray]:
    """(class of each row, one representative row per class) by the values of
    ``inputs``: every row its own class for None, one class for none."""
    size = len(group.specs)
    if inputs is None:
        return np.arange(size), np.arange(size)
    if not inputs:
        return np.zeros(size, dtype=int), np.zeros(1, dtype=int)
    keys = np.stack([group.inputs[n][0] for n in sorted(inputs)], axis=1)
    _, representatives, classes = np.unique(keys, axis=0, return_index=True,
                                            return_inverse=True)
    return classes.ravel(), representatives


def _dependencies(group: _Group, pattern: dict) -> dict:
    """Varying inputs -> the coefficients they (and no other varying input) move; None
    (every row apart) for coefficients that vary with no varying input, or for all of
    them when a number that is not an input (a count, a pin, a layout size) varies."""
    if len(group.specs) == 1:
        return {}
    if _other_numbers_vary(group.columns, group.inputs):
        return {None: frozenset(group.base)}
    varying = [name for name, (values, _) in group.inputs.items()
               if name in pattern and np.any(values != values[0])]
    found: dict = {}
    for c, value in group.base.items():
        inputs = frozenset(name for name in varying if c in pattern[name])
        if not inputs and np.any(value != value[0]):
            inputs = None
        if inputs != frozenset():
            found.setdefault(inputs, set()).add(c)
    return {inputs: frozenset(coefficients) for inputs, coefficients in found.items()}


def _other_numbers_vary(stacked: SpecColumns, inputs: dict) -> bool:
    """Does any number other than the inputs (incl. inside a layout or a catalog entry)
    differ between the rows?"""
    def varies(column, prefix):
        if isinstance(column, np.ndarray):
            return prefix not in inputs and np.any(column != column.flat[0])
        if isinstance(column, Columns):
            return any(varies(column.__dict__[f.name], f"{prefix}.{f.name}")
                       for f in dataclasses.fields(column.cls))
        return False
    return any(varies(stacked.__dict__[f.name], f.name)
               for f in dataclasses.fields(SatelliteSpec))


def _checked_rows(group: _Group, columns: dict, relevant: dict) -> np.ndarray:
    """:func:`_checked` for every row: one combined move of every input at once."""
    names = list(columns)
    size = len(group.specs)
    weights = {name: 0.5 + ((i + 1) * 0.6180339887498949) % 1.0 for i, name in enumerate(names)}
    moves = {n: math.copysign(_CHECK_STEP * weights[n], group.inputs[n][1]) for n in names}
    actual, failed = group.change(
        {n: group.inputs[n][0] * (1.0 + moves[n]) for n in names}, np.arange(size))
    ok = ~failed
    for c, sensitivity in relevant.items():
        predicted = np.zeros(size)
        scale = np.zeros(size)
        for name in names:
            derivative = columns[name][0].get(c)
            if derivative is not None:
                term = derivative * math.log1p(moves[name])
                predicted = predicted + term
                scale = scale + np.abs(term)
        mismatch = np.abs(actual.get(c, 0.0) - predicted) > _CHECK_TOLERANCE * scale + 1e-11
        ok &= ~(mismatch & (sensitivity != 0.0))
    return ok
