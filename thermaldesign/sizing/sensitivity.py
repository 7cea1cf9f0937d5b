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

    def logs(self, changes: dict[str, float]) -> dict[str, float]:
        """Log of every coefficient with ``changes`` applied (0 for a zero coefficient)."""
        changed = perturbed(self.spec, changes) if changes else self.spec
        env = self.env
        if any(name.split(".", 1)[0] in self.reads for name in changes):
            env = environment_of(changed)
        values = model.coefficient_values(changed, env, self.lift,
                                          eclipse_fraction=self.eclipse)
        values["objective.scale"] = values.get(self.scale_name, 1.0)
        if self.pinned_clock:  # the floor the solve used (:func:`.solve.solve_fixed`)
            values["clock.lower"] = 1.0 / values["clock.upper"]
        return {name: math.log(v) if v > 0 else 0.0 for name, v in values.items()}

    def change(self, changes: dict[str, float]) -> dict[str, float]:
        """d log c of every coefficient that moves under ``changes``."""
        logs = self.logs(changes)
        return {c: logs[c] - self.base.get(c, 0.0) for c in logs if logs[c] != self.base.get(c)}


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
    for group in _coloring(known.pattern, recompute):
        change = run.change({n: by_name[n][0] * (1.0 + by_name[n][1]) for n in group})
        for name in group:
            scale = math.log1p(by_name[name][1])
            columns[name].update(
                {c: change[c] / scale for c in moves_of[name] & recompute if c in change}
            )
    return columns if _checked(run, by_name, columns, relevant) else None


def _checked(run: _Pass, by_name: dict, columns: dict, relevant: frozenset) -> bool:
    """Does one combined move of every input change each relevant coefficient as the
    columns predict (to :data:`_CHECK_TOLERANCE` of the sum of the terms)?"""
    weights = {name: 0.5 + ((i + 1) * 0.6180339887498949) % 1.0 for i, name in enumerate(by_name)}
    moves = {n: math.copysign(_CHECK_STEP * weights[n], h) for n, (_, h) in by_name.items()}
    actual = run.change({n: by_name[n][0] * (1.0 + moves[n]) for n in by_name})
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
    run = _Pass(spec, env, lift, scale_name, environment_reads(spec), {},
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
