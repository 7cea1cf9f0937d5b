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
- physics calls run inside :func:`thermaldesign._guard.trusted` (checked at the boundary).

Not covered: integer inputs (GPU granularity, terminal count, radiator sides), text
and switch inputs, and inputs equal to zero (no log-derivative).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .. import _guard
from ..errors import InfeasibleDesignError, InputError
from . import model
from .evaluate import environment_of
from .spec import _BOUNDS, SatelliteSpec

__all__ = ["coefficient_sensitivities", "input_sensitivities", "numeric_inputs"]

#: Technology fields whose catalog numbers are inputs, as ``"solar_array.cell_efficiency"``.
TECHNOLOGY_FIELDS = ("accelerator", "solar_array", "radiator", "coating", "battery")
_SKIP_FIELDS = {"gpu_granularity", "isl_terminal_count", "heat_pump"}
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

    def logs(self, changes: dict[str, float]) -> dict[str, float]:
        """Log of every coefficient with ``changes`` applied (0 for a zero coefficient)."""
        changed = perturbed(self.spec, changes) if changes else self.spec
        env = self.env
        if any(name.split(".", 1)[0] in self.reads for name in changes):
            env = environment_of(changed)
        values = model.coefficient_values(changed, env, self.lift)
        values["objective.scale"] = values.get(self.scale_name, 1.0)
        return {name: math.log(v) if v > 0 else 0.0 for name, v in values.items()}

    def change(self, changes: dict[str, float]) -> dict[str, float]:
        """d log c of every coefficient that moves under ``changes``."""
        logs = self.logs(changes)
        return {c: logs[c] - self.base.get(c, 0.0) for c in logs if logs[c] != self.base.get(c)}


# pattern key -> frozenset of (input, coefficients it moves); see _grouped
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


def _one_by_one(run: _Pass, steps) -> dict[str, tuple[float, dict]]:
    """Column by column: input -> (step, d log c of every coefficient it moves)."""
    columns = {}
    for name, value, h in steps:
        for signed in (h, -h):
            try:
                columns[name] = (signed, run.change({name: value * (1.0 + signed)}))
            except (InputError, InfeasibleDesignError):
                continue
            break
    return columns


@functools.lru_cache(maxsize=256)
def _coloring(pattern: frozenset, relevant: frozenset) -> tuple[tuple[str, ...], ...]:
    """Groups of inputs that move no relevant coefficient in common (greedy, largest first).

    Curtis, Powell & Reid, "On the estimation of sparse Jacobian matrices", IMA J. Appl.
    Math. 13 (1974) 117-119: one evaluation per group recovers every column in it.
    """
    moved = {name: coefficients & relevant for name, coefficients in pattern}
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


def _grouped(run: _Pass, steps, pattern: frozenset, relevant: frozenset):
    """Columns from one evaluation per group of a known pattern, then one check.

    The pattern (which coefficients each input moves) was found column by column on an
    earlier spec of the same kind. The check moves every input at once by a different
    amount and compares the change of each relevant coefficient with the one the columns
    predict; a dependency the pattern lacks shows up there, and the caller falls back to
    the column-by-column pass. Returns None then.
    """
    moves_of = dict(pattern)
    by_name = {name: (value, h) for name, value, h in steps if name in moves_of}
    columns = {name: (h, {}) for name, (_, h) in by_name.items()}
    for group in _coloring(pattern, relevant):
        change = run.change({n: by_name[n][0] * (1.0 + by_name[n][1]) for n in group})
        for name in group:
            moved = moves_of[name] & relevant
            columns[name] = (by_name[name][1], {c: change[c] for c in moved if c in change})
    weights = {name: 0.5 + ((i + 1) * 0.6180339887498949) % 1.0 for i, name in enumerate(by_name)}
    moves = {n: math.copysign(_CHECK_STEP * weights[n], h) for n, (_, h) in by_name.items()}
    actual = run.change({n: by_name[n][0] * (1.0 + moves[n]) for n in by_name})
    predicted: dict[str, list[float]] = {c: [] for c in relevant}
    for name, (h, column) in columns.items():
        ratio = math.log1p(moves[name]) / math.log1p(h)
        for c, change in column.items():
            predicted[c].append(change * ratio)
    for c, terms in predicted.items():
        scale = math.fsum(abs(t) for t in terms)
        if abs(actual.get(c, 0.0) - math.fsum(terms)) > _CHECK_TOLERANCE * scale + 1e-13:
            return None
    return columns


def _pattern_key(spec: SatelliteSpec, steps, run: _Pass) -> tuple:
    switches = tuple(
        (f.name, getattr(spec, f.name)) for f in dataclasses.fields(spec)
        if isinstance(getattr(spec, f.name), (str, bool)) or getattr(spec, f.name) is None
    )
    present = frozenset(c for c, v in run.base.items() if v != 0.0)
    # objective.scale stands for a different coefficient per objective: part of the key
    return (tuple((n, h > 0) for n, _, h in steps), switches, present, run.scale_name,
            run.lift > 0.0)


def _columns(run: _Pass, steps, relevant: frozenset):
    key = _pattern_key(run.spec, steps, run)
    with _PATTERNS_LOCK:
        pattern = _PATTERNS.get(key)
    if pattern is not None:
        try:
            columns = _grouped(run, steps, pattern, relevant)
        except (InputError, InfeasibleDesignError):
            columns = None
        if columns is not None:
            return columns
    columns = _one_by_one(run, steps)
    with _PATTERNS_LOCK:
        _PATTERNS[key] = frozenset(
            (name, frozenset(change)) for name, (_, change) in columns.items()
        )
        while len(_PATTERNS) > _PATTERNS_SIZE:
            _PATTERNS.popitem(last=False)
    return columns


def _input_sensitivities(spec, solution, lift, objective, step, env):
    by_coefficient = coefficient_sensitivities(solution)
    structure = solution.structure
    scale_name = model.objective_scale_name(structure)
    env = environment_of(spec) if env is None else env
    run = _Pass(spec, env, lift, scale_name, environment_reads(spec), {})
    run.base = run.logs({})
    relevant = frozenset(c for c, s in by_coefficient.items() if c != "gpu_count" and s != 0.0)
    steps = _steps(spec, step)
    columns = _columns(run, steps, relevant)
    counts_units = objective == "max_compute" and not structure.fixed_count
    result: dict[str, float] = {}
    for name, _, _ in steps:
        if name not in columns:
            continue  # outside the physics' domain both ways
        h, change = columns[name]
        derivative = math.fsum(
            by_coefficient[c] * change[c] for c in relevant if c in change
        ) / math.log1p(h)
        if counts_units:
            # compute = N * flops and the GP minimises 1/N
            derivative = -derivative + (1.0 if name == "accelerator.flops" else 0.0)
        result[name] = derivative
    return result
