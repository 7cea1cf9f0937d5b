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
import math

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


def perturbed(spec: SatelliteSpec, name: str, value: float) -> SatelliteSpec:
    """``spec`` with one input set to ``value``, not validated again (callers keep it valid).

    ``name`` is a spec field or ``"technology.field"`` (the entry is copied too).
    """
    clone = _bare_copy(spec)
    if "." in name:
        technology, field_name = name.split(".", 1)
        original = spec.entry(technology)
        entry = object.__new__(type(original))  # copy.copy would validate it again
        entry.__dict__.update(original.__dict__)
        object.__setattr__(entry, field_name, value)
        object.__setattr__(clone, technology, entry)
    else:
        object.__setattr__(clone, name, value)
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


def _log_coefficients(spec, env, lift, names, scale_name) -> dict[str, float]:
    values = model.coefficient_values(spec, env, lift)
    values["objective.scale"] = values.get(scale_name, 1.0)
    return {name: math.log(values[name]) if values.get(name, 0) > 0 else 0.0 for name in names}


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


def _input_sensitivities(spec, solution, lift, objective, step, env):
    by_coefficient = coefficient_sensitivities(solution)
    structure = solution.structure
    scale_name = model.objective_scale_name(structure)
    names = [n for n in by_coefficient if n != "gpu_count"]
    env = environment_of(spec) if env is None else env
    base = _log_coefficients(spec, env, lift, names, scale_name)
    reads = environment_reads(spec)
    counts_units = objective == "max_compute" and not structure.fixed_count
    result: dict[str, float] = {}
    for name, value, bounds in numeric_inputs(spec):
        affects_environment = name.split(".", 1)[0] in reads
        for h in (step, -step):
            if not _inside(value * (1.0 + h), bounds):
                continue
            changed = perturbed(spec, name, value * (1.0 + h))
            try:
                own_env = environment_of(changed) if affects_environment else env
                logs = _log_coefficients(changed, own_env, lift, names, scale_name)
            except (InputError, InfeasibleDesignError):
                continue
            break
        else:
            continue
        derivative = math.fsum(
            by_coefficient[c] * (logs[c] - base[c]) for c in names
        ) / math.log1p(h)
        if counts_units:
            # compute = N * flops and the GP minimises 1/N
            derivative = -derivative + (1.0 if name == "accelerator.flops" else 0.0)
        result[name] = derivative
    return result
