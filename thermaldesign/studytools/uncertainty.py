"""Uncertainty: stated distributions, Monte Carlo, tornado data."""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy  # submodules load on first use (scipy's lazy loader): fast start-up

from .._html import escape, format_value, table_html, table_markdown
from .._io import atomic_write_text as _atomic_write_text
from .._validation import check_choice, check_positive_int, check_scalar
from ..errors import InfeasibleDesignError, InputError
from ..fleet import Economics
from ..sizing import size_satellite
from ._execution import (
    STATUS_OK,
    _get_path,
    _nearest_hint,
    _route_fields,
    _run_points,
)
from .outputs import DESIGN_OUTPUTS, FLEET_OUTPUTS, SizingEvaluator, _objective_value
from .results import SweepResult
from .sweeps import _check_fields_mapping, _check_seed, _rows_of, _run_design

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
        return scipy.stats.norm(loc=self.mean, scale=self.std)

    def sample(self, rng, size):
        """``size`` independent draws using ``rng`` (a numpy Generator), in the field's unit."""
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
        return scipy.stats.lognorm(s=self.sigma, scale=self.median)

    def sample(self, rng, size):
        """``size`` independent draws using ``rng`` (a numpy Generator), in the field's unit."""
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
        return scipy.stats.uniform(loc=self.low, scale=self.high - self.low)

    def sample(self, rng, size):
        """``size`` independent draws using ``rng`` (a numpy Generator), in the field's unit."""
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
        width = self.high - self.low
        return scipy.stats.triang(c=(self.mode - self.low) / width, loc=self.low, scale=width)

    def sample(self, rng, size):
        """``size`` independent draws using ``rng`` (a numpy Generator), in the field's unit."""
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


def monte_carlo(spec, distributions: Mapping[str, object], samples: int, *, seed: int,
                objective: str = "max_compute", evaluate: Callable | None = None,
                sampling: str = "random", workers: int | None = None, scheduler=None,
                progress: bool | None = None, checkpoint=None) -> SweepResult:
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
        unit = scipy.stats.qmc.LatinHypercube(d=len(checked), rng=rng).random(samples)
        columns = [np.asarray(d.ppf(unit[:, axis]), dtype=float)
                   for axis, d in enumerate(checked.values())]
    for name, column in zip(checked, columns, strict=True):
        if column.shape != (samples,) or not np.isfinite(column).all():
            raise InputError(f"distribution of field '{name}' gave non-finite samples")
    return _run_design("monte_carlo", [samples], spec, list(checked),
                       _rows_of(columns, samples), objective=objective, evaluate=evaluate,
                       workers=workers, scheduler=scheduler, progress=progress,
                       checkpoint=checkpoint, description="Monte Carlo")


# --------------------------------------------------------------------------------------
# Tornado data: one input at a time, low and high
# --------------------------------------------------------------------------------------

# The output each sizing objective's sensitivities refer to.
_SENSITIVITY_OUTPUT = {
    "max_compute": "compute",
    "min_mass_per_compute": "mass_per_compute",
    "min_cost_per_compute": "cost_per_compute",
}


@dataclass(frozen=True, eq=False)
class TornadoData:
    """One-at-a-time swings of an objective, the data of a tornado chart.

    Rows are sorted by swing, largest first (the top bar of the chart).

    Attributes
    ----------
    objective : str
        Output whose swing is shown (e.g. ``"compute"``).
    unit : str
        Its unit.
    base_value : float
        The objective at the base inputs [unit].
    fields : tuple of str
        Input field paths, one per row.
    base_inputs, low_inputs, high_inputs : numpy.ndarray
        Input values per row: base, low and high [unit of each field].
    low_values, high_values : numpy.ndarray
        The objective with that one input at its low / high value [unit]; NaN where the
        point failed (see ``low_status``, ``high_status``).
    low_status, high_status : tuple of str
        ``"ok"`` or the failure status of each end.
    sensitivities : numpy.ndarray
        d log objective / d log input per row [-]: the design's dual-based sensitivities
        for ``method="sensitivity"``; for ``method="resolve"`` the secant
        :math:`\\ln(y_{high}/y_{low}) / \\ln(x_{high}/x_{low})` (NaN where undefined).
    method : str
        ``"resolve"`` (re-sized at each end) or ``"sensitivity"`` (first order in the
        logarithms from the design's sensitivities).
    """

    objective: str
    unit: str
    base_value: float
    fields: tuple[str, ...]
    base_inputs: np.ndarray
    low_inputs: np.ndarray
    high_inputs: np.ndarray
    low_values: np.ndarray
    high_values: np.ndarray
    low_status: tuple[str, ...]
    high_status: tuple[str, ...]
    sensitivities: np.ndarray
    method: str

    def __len__(self) -> int:
        return len(self.fields)

    @property
    def swing(self) -> np.ndarray:
        """abs(high value - low value) per row [unit]; NaN where an end failed."""
        return np.abs(self.high_values - self.low_values)

    def to_dict(self) -> dict:
        """Plain-Python form (NaN as None)."""
        def floats(array):
            return [None if math.isnan(v) else float(v) for v in array]

        return {
            "format": "thermaldesign.tornado",
            "version": 1,
            "objective": self.objective,
            "unit": self.unit,
            "base_value": self.base_value,
            "method": self.method,
            "fields": list(self.fields),
            "base_inputs": floats(self.base_inputs),
            "low_inputs": floats(self.low_inputs),
            "high_inputs": floats(self.high_inputs),
            "low_values": floats(self.low_values),
            "high_values": floats(self.high_values),
            "low_status": list(self.low_status),
            "high_status": list(self.high_status),
            "sensitivities": floats(self.sensitivities),
        }

    def to_json(self, path) -> None:
        """Write :meth:`to_dict` as JSON, atomically."""
        _atomic_write_text(path, json.dumps(self.to_dict(), indent=1, allow_nan=False) + "\n")

    def _rows(self):
        return [
            {
                "field": self.fields[i],
                "low input": float(self.low_inputs[i]),
                "base input": float(self.base_inputs[i]),
                "high input": float(self.high_inputs[i]),
                f"{self.objective} at low [{self.unit}]":
                    None if math.isnan(self.low_values[i]) else float(self.low_values[i]),
                f"{self.objective} at high [{self.unit}]":
                    None if math.isnan(self.high_values[i]) else float(self.high_values[i]),
                "d log / d log": None if math.isnan(self.sensitivities[i])
                else float(self.sensitivities[i]),
            }
            for i in range(len(self))
        ]

    def _headline(self) -> str:
        return (f"Tornado of {self.objective} (base {format_value(self.base_value)} "
                f"{self.unit}, {self.method})")

    def __str__(self) -> str:
        return self._headline() + "\n\n" + table_markdown(self._rows())

    def _repr_html_(self) -> str:
        return f"<p><b>{escape(self._headline())}</b></p>" + table_html(self._rows())


def _base_input(spec, name: str, evaluate) -> float:
    """Base value of a tornado field: the spec's (catalog-resolved) value or evaluate's default."""
    try:
        value = _spec_value(spec, name)
    except InputError:
        value = _evaluate_default(name, evaluate)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError(f"field '{name}' = {value!r} is not a number; a tornado varies numbers")
    return float(value)


def _spec_value(spec, name: str):
    """Value of a spec field; a None the spec resolves from its catalog entry, resolved."""
    value = _get_path(spec, name)
    value_of = getattr(spec, "value", None)
    if value is None and callable(value_of):
        try:
            value = value_of(name)
        except KeyError:  # a None with no catalog number behind it (e.g. a coating key)
            return None
    return value


def _evaluate_default(name: str, evaluate):
    """Default of a field evaluate takes: its keyword default, else the fleet economics'."""
    try:
        parameter = inspect.signature(evaluate).parameters.get(name)
    except (TypeError, ValueError):
        parameter = None
    if parameter is not None and parameter.default is not inspect.Parameter.empty:
        return parameter.default
    defaults = getattr(evaluate, "economics", None)
    if defaults is None and getattr(evaluate, "parameters", None):
        defaults = Economics()
    value = (getattr(defaults, name.removeprefix("economics."), None)
             if defaults is not None else None)
    if value is None:
        raise InputError(
            f"field '{name}' has no base value to vary around: give it in low_high "
            "as (low, base, high)"
        ) from None
    return value


def tornado(
    design_or_spec,
    fields: Sequence[str],
    low_high: Mapping[str, Sequence[float]] | None = None,
    *,
    objective: str | None = None,
    method: str = "resolve",
    variation: float = 0.2,
    sizing_objective: str | None = None,
    evaluate: Callable | None = None,
    workers: int | None = 1,
    progress: bool | None = None,
) -> TornadoData:
    """Swing of one objective as each input moves alone to a low and a high value.

    Parameters
    ----------
    design_or_spec : SatelliteDesign or SatelliteSpec
        A sized design (its spec, sizing objective and sensitivities are used) or a spec
        (sized first with ``sizing_objective``).
    fields : sequence of str
        Input field paths (spec fields, catalog fields such as ``"radiator.areal_density"``,
        or keywords of ``evaluate``).
    low_high : mapping of str to (low, high) or (low, base, high), optional
        Input values [unit of each field]. Fields left out move by ``variation``:
        ``base * (1 - variation)`` and ``base * (1 + variation)``.
    objective : str, optional
        Output to show. Default: the output the sizing objective optimises
        (``"compute"``, ``"mass_per_compute"`` or ``"cost_per_compute"``).
    method : {"resolve", "sensitivity"}
        ``"resolve"`` re-sizes at each end (exact, integer GPU counts, any objective and
        any ``evaluate``). ``"sensitivity"`` extrapolates from the design's sensitivities
        :math:`s = \\partial \\ln y / \\partial \\ln x`:
        :math:`y = y_0 (x / x_0)^s`, first order in the logarithms, no solve; only for the
        objective the design optimised, and only for spec fields the design reports.
    variation : float
        Relative move of fields without explicit values [-], in (0, 1).
    sizing_objective : str, optional
        Objective for sizing a spec; default the design's, or ``"max_compute"``.
    evaluate : callable, optional
        As in :func:`grid_sweep`; default sizes the satellite.
    workers : int, optional
        Worker processes for the re-solves (default 1: a tornado is small).
    progress : bool, optional
        Progress bar: True, False, or None (after 2 s).

    Returns
    -------
    TornadoData
        Rows sorted by swing, largest first.

    References
    ----------
    .. [1] R. T. Clemen, T. Reilly, *Making Hard Decisions*, 3rd ed., Cengage (2013),
       ch. 5: one-way sensitivity analysis and tornado diagrams.
    .. [2] S. Boyd, S.-J. Kim, L. Vandenberghe, A. Hassibi, "A tutorial on geometric
       programming", Optim. Eng. 8, 67-127 (2007), section 5.2: sensitivities.
    """
    method = check_choice(method, "method", ("resolve", "sensitivity"))
    variation = check_scalar(variation, "variation", low=0.0, high=1.0, low_open=True,
                             high_open=True)
    fields, low_high = _check_tornado_fields(fields, low_high)
    design = design_or_spec if hasattr(design_or_spec, "sensitivities") else None
    spec = design.spec if design is not None else design_or_spec
    if sizing_objective is None:
        sizing_objective = design.objective if design is not None else "max_compute"
    if objective is None:
        objective = _SENSITIVITY_OUTPUT.get(sizing_objective, "value")
    if evaluate is None:
        evaluate = SizingEvaluator(sizing_objective, integer=bool(getattr(design, "integer", True)))
    _route_fields(spec, fields, evaluate)  # unknown fields fail here, before any solve
    base, low, high = _tornado_inputs(spec, fields, low_high, variation, evaluate)
    if method == "sensitivity":
        if design is None:
            design = size_satellite(spec, sizing_objective)
        swings = _swings_by_sensitivity(design, objective, fields, base, low, high)
    else:
        swings = _swings_by_resolve(spec, evaluate, objective, fields, base, low, high,
                                    workers=workers, progress=progress)
    return _sorted_tornado(objective, method, fields, (base, low, high), swings)


def _check_tornado_fields(fields, low_high) -> tuple[list[str], dict]:
    """``fields`` as a list of distinct paths and ``low_high`` as a dict over them."""
    if isinstance(fields, str) or not isinstance(fields, Sequence) or not fields:
        raise InputError(f"fields must be a non-empty sequence of field paths; got {fields!r}")
    fields = list(fields)
    if len(set(fields)) != len(fields):
        raise InputError(f"fields has duplicates: {fields!r}")
    low_high = dict(low_high or {})
    unknown = [name for name in low_high if name not in fields]
    if unknown:
        raise InputError(f"low_high names '{unknown[0]}', which is not in fields")
    return fields, low_high


def _field_ends(spec, name: str, given, variation: float, evaluate) -> tuple[float, float, float]:
    """(base, low, high) input of one field [unit of the field].

    ``given`` is ``(low, high)``, ``(low, base, high)`` or None (move the base value by
    ``variation``: ``base * (1 -+ variation)``).
    """
    if given is None:
        middle = _base_input(spec, name, evaluate)
        ends = (middle * (1.0 - variation), middle * (1.0 + variation))
    else:
        if isinstance(given, (str, bytes)) or not isinstance(given, Sequence) or len(
                given) not in (2, 3):
            raise InputError(f"low_high['{name}'] must be (low, high) or (low, base, high);"
                             f" got {given!r}")
        values = [check_scalar(v, f"low_high['{name}']") for v in given]
        middle = values[1] if len(values) == 3 else _base_input(spec, name, evaluate)
        ends = (values[0], values[-1])
    if not ends[0] < ends[1]:
        raise InputError(f"field '{name}': low = {ends[0]:g} must be below high = {ends[1]:g}")
    return middle, ends[0], ends[1]


def _tornado_inputs(spec, fields, low_high, variation, evaluate):
    """Arrays of the base, low and high input of every field [unit of each field]."""
    ends = [_field_ends(spec, name, low_high.get(name), variation, evaluate) for name in fields]
    base, low, high = (np.asarray(column, dtype=float) for column in zip(*ends, strict=True))
    return base, low, high


class _Swings(NamedTuple):
    """The objective at the base inputs and with each field alone at its low / high end."""

    base_value: float  # [unit of the objective]
    low_values: np.ndarray  # per field [unit]; NaN where that end failed
    high_values: np.ndarray
    low_status: tuple[str, ...]  # "ok" or the failure status, per field
    high_status: tuple[str, ...]
    slopes: np.ndarray  # d log objective / d log input per field [-]


def _swings_by_sensitivity(design, objective, fields, base, low, high) -> _Swings:
    """First order in the logarithms: :math:`y = y_0 (x / x_0)^s`, no solve.

    ``s`` is the design's sensitivity :math:`\\partial \\ln y / \\partial \\ln x` of the
    objective it optimised; ``objective`` must be that output.
    """
    expected = _SENSITIVITY_OUTPUT.get(design.objective)
    if objective != expected:
        raise InputError(
            f"objective = {objective!r}: the design's sensitivities are of "
            f"{expected!r} (its objective {design.objective!r}); use method='resolve'"
        )
    missing = [name for name in fields if name not in design.sensitivities]
    if missing:
        raise InputError(
            f"the design reports no sensitivity to '{missing[0]}'"
            f"{_nearest_hint(missing[0], list(design.sensitivities))}; use method='resolve'"
        )
    base_value = _objective_value(design, objective)
    slopes = np.asarray([design.sensitivities[name] for name in fields], dtype=float)
    if (base <= 0).any():
        raise InputError("method='sensitivity' needs positive base inputs (log scale)")
    statuses = (STATUS_OK,) * len(fields)
    return _Swings(base_value, base_value * (low / base) ** slopes,
                   base_value * (high / base) ** slopes, statuses, statuses, slopes)


def _one_at_a_time_rows(base, low, high) -> list[tuple]:
    """Row 0 the base inputs; then, per field, that field alone at its low, then high."""
    rows = [tuple(base)]
    for index in range(len(base)):
        for end in (low, high):
            row = base.copy()
            row[index] = end[index]
            rows.append(tuple(row))
    return rows


def _swings_by_resolve(spec, evaluate, objective, fields, base, low, high, *, workers,
                       progress) -> _Swings:
    """Evaluate the base and every one-at-a-time end; slopes are log-log secants.

    The secant :math:`\\ln(y_{high}/y_{low}) / \\ln(x_{high}/x_{low})` is NaN where it is
    undefined (a failed end, a sign change, equal values of x).
    """
    records = _run_points(spec, evaluate, fields, _one_at_a_time_rows(base, low, high),
                          workers=workers, scheduler=None, progress=progress,
                          checkpoint=None, description="tornado")
    status, reason, outputs = records[0]
    if status != STATUS_OK:
        raise InfeasibleDesignError(f"the base point fails: {reason}")
    if objective not in outputs:
        raise InputError(f"objective = {objective!r} is not an output of evaluate"
                         f"{_nearest_hint(objective, list(outputs))}")

    def value(record):
        return record[2].get(objective, math.nan) if record[0] == STATUS_OK else math.nan

    low_records, high_records = records[1::2], records[2::2]
    low_values = np.asarray([value(record) for record in low_records])
    high_values = np.asarray([value(record) for record in high_records])
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes = np.log(high_values / low_values) / np.log(high / low)
    return _Swings(outputs[objective], low_values, high_values,
                   tuple(record[0] for record in low_records),
                   tuple(record[0] for record in high_records),
                   np.where(np.isfinite(slopes), slopes, np.nan))


def _sorted_tornado(objective, method, fields, inputs, swings: _Swings) -> TornadoData:
    """TornadoData with rows sorted by swing, largest first; a failed end (NaN) goes last."""
    base, low, high = inputs
    swing = np.abs(swings.high_values - swings.low_values)
    order = np.argsort(np.where(np.isnan(swing), np.inf, -swing), kind="stable")
    return TornadoData(
        objective=objective,
        unit=DESIGN_OUTPUTS.get(objective, FLEET_OUTPUTS.get(objective, "")),
        base_value=float(swings.base_value),
        fields=tuple(fields[i] for i in order),
        base_inputs=base[order],
        low_inputs=low[order],
        high_inputs=high[order],
        low_values=np.asarray(swings.low_values, dtype=float)[order],
        high_values=np.asarray(swings.high_values, dtype=float)[order],
        low_status=tuple(swings.low_status[i] for i in order),
        high_status=tuple(swings.high_status[i] for i in order),
        sensitivities=np.asarray(swings.slopes, dtype=float)[order],
        method=method,
    )
