"""Verdicts under uncertainty: distributions from provenance, Monte Carlo with common random
numbers, Sobol indices (SALib), tornado over each input's own range, probability curves.

Distributions from provenance (:data:`PROVENANCE_RULE`)
------------------------------------------------------
A value whose source gives a range (``low``/``high`` in the catalog, or the economics'
documented range) is triangular on that range with its mode at the value. Otherwise the
catalog confidence sets the spread: "high" uniform +-5 %, "medium" (and user-supplied)
uniform +-20 %, "low" and "estimate" log-normal with the value as median and a factor 2
either side as the 90 % interval (sigma = ln 2 / 1.645). Shares and probabilities stay in
[0, 1]: a rule that would leave it is an error naming the input, not a clipped draw.

Common random numbers
---------------------
Each input draws its uniforms from its own stream, seeded by the run's seed and the input's
name. Two models (two vehicles, two designs) sampled with the same seed see the same
value of every input they share, so their difference carries no sampling noise of those
inputs.

References
----------
.. [1] A. Saltelli et al., "Variance based sensitivity analysis of model output. Design
   and estimator for the total sensitivity index", Comput. Phys. Commun. 181, 259-270
   (2010). doi:10.1016/j.cpc.2009.09.018
.. [2] J. Herman, W. Usher, "SALib: An open-source Python library for Sensitivity
   Analysis", J. Open Source Softw. 2(9), 97 (2017). doi:10.21105/joss.00097
.. [3] T. Ishigami, T. Homma, "An importance quantification technique in uncertainty
   analysis for computer models", ISUMA '90, 398-403 (1990).
"""

from __future__ import annotations

import dataclasses
import json
import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._html import format_value, table_markdown
from .._io import atomic_write_text
from .._validation import check_array, check_positive_int, check_scalar
from ..errors import InputError
from ..fleet.uncertain import FRACTIONS, OUTPUTS, InputSpec
from ..sizing.spec import _BOUNDS as _SPEC_BOUNDS
from ..sizing.spec import DEFAULT_SOURCES
from ._execution import _pool
from .uncertainty import LogNormal, Triangular, Uniform

__all__ = [
    "MIN_SOBOL_BASE_SAMPLES",
    "PROVENANCE_RULE",
    "FleetVerdict",
    "SobolResult",
    "UncertainInput",
    "fleet_monte_carlo",
    "provenance_inputs",
    "range_tornado",
    "sobol_analysis",
    "spec_inputs",
    "uncertain_input",
]

#: The rule that turns provenance into a distribution (shown in reports).
PROVENANCE_RULE = (
    "source range low-high: triangular(low, value, high); otherwise by confidence: "
    "high uniform +-5 %, medium or user uniform +-20 %, low or estimate log-normal with "
    "median the value and 90 % interval a factor 2 either side (sigma = ln 2 / 1.645); "
    "absolute temperatures (in K, above 100 K) move by kelvins, not percent: high +-1 K, "
    "medium or user +-5 K, low or estimate +-15 K (uniform); a share in [0, 1] takes "
    "the factor 2 as triangular(x/2, x, 2x), and above 0.5, where that would pass 1 (an "
    "efficiency), "
    "takes the rule on its complement 1 - x"
)
_KELVIN_SPREAD = {"high": 1.0, "medium": 5.0, "user": 5.0, "low": 15.0, "estimate": 15.0}
_UNIFORM_SPREAD = {"high": 0.05, "medium": 0.20, "user": 0.20}
_LOGNORMAL_SIGMA = math.log(2.0) / 1.6448536269514722  # z(0.95)
#: Smallest base sample of a Sobol analysis (Saltelli's scheme evaluates N (D + 2) points;
#: below 64 base points the bootstrap intervals of the indices are not meaningful).
MIN_SOBOL_BASE_SAMPLES = 64
#: Probability levels of a verdict's headline quantiles [-].
VERDICT_LEVELS = (0.10, 0.50, 0.90)


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain input: its base value, distribution and the rule that gave it.

    Attributes
    ----------
    name : str
        Input name (as :meth:`FixedDesignFleet.inputs` names it, or any label).
    value : float
        Base value [SI unit of the input].
    distribution : Uniform, Triangular or LogNormal
    rule : str
        How the distribution follows from the provenance.
    source : str
        Where the value comes from.
    """

    name: str
    value: float
    distribution: object
    rule: str
    source: str = ""

    def ppf(self, probability) -> np.ndarray:
        """Input value at cumulative ``probability`` in (0, 1) [SI unit]."""
        return np.asarray(self.distribution.ppf(probability), dtype=float)

    @property
    def range90(self) -> tuple[float, float]:
        """The 5th and 95th percentiles [SI unit]: the tornado's ends."""
        low, high = self.ppf([0.05, 0.95])
        return float(low), float(high)


def uncertain_input(name: str, value: float, confidence: str, low: float | None = None,
                    high: float | None = None, *, source: str = "",
                    fraction: bool = False, unit: str = "") -> UncertainInput:
    """The distribution of one input from its provenance (:data:`PROVENANCE_RULE`).

    Parameters
    ----------
    name : str
        Input name, used in error messages.
    value : float
        Base value [SI].
    confidence : {"high", "medium", "low", "estimate", "user"}
    low, high : float, optional
        The source's range [SI]; both or neither, ``low <= value <= high``, ``low < high``.
    source : str
    fraction : bool
        The input is a share or probability: every value must lie in [0, 1].
    unit : str
        SI unit; "K" spreads by kelvins (a relative spread of an absolute temperature
        would move a junction limit by tens of kelvins).

    Raises
    ------
    InputError
        ``low > high``, a range that does not bracket the value, a negative rate, a share
        outside [0, 1], an unknown confidence, or a zero value with no range.
    """
    value = check_scalar(value, name)
    if (low is None) != (high is None):
        raise InputError(f"{name}: give both low and high of the range, or neither")
    if low is not None:
        low, high = check_scalar(low, f"{name}.low"), check_scalar(high, f"{name}.high")
        if low > high:
            raise InputError(f"{name}: low = {low:g} is above high = {high:g}")
        if not low <= value <= high:
            raise InputError(f"{name}: the range [{low:g}, {high:g}] does not bracket the "
                             f"value {value:g}")
    _check_sign(name, value, low, fraction)
    if fraction and high is not None and high > 1.0:
        raise InputError(f"{name}: high = {high:g} is outside the valid range [0, 1]")
    if unit == "K" and value > 100.0 and low is None and confidence in _KELVIN_SPREAD:
        spread = _KELVIN_SPREAD[confidence]
        low, high = value - spread, value + spread
        return UncertainInput(name, value, Uniform(low, high),
                              f"{confidence} confidence: +-{spread:g} K", source)
    distribution, rule = _rule(name, value, confidence, low, high, fraction)
    if fraction and low is None and value > 0.5 and distribution.ppf(1 - 1e-12) > 1.0:
        loss = _rule(name, 1.0 - value, confidence, None, None, fraction)[0]
        distribution = _Complement(loss)
        rule += " on 1 - x"
    if fraction:
        ends = distribution.ppf([1e-12, 1 - 1e-12])
        if ends[0] < 0.0 or ends[1] > 1.0:
            raise InputError(
                f"{name} is a share in [0, 1]; the {confidence}-confidence rule around "
                f"{value:g} leaves it ({ends[0]:.3g} to {ends[1]:.3g}): give a source range")
    return UncertainInput(name, value, distribution, rule, source)


@dataclass(frozen=True)
class _Complement:
    """The distribution of ``1 - X`` for a distribution of ``X`` (a share's loss)."""

    loss: object

    def ppf(self, probability):
        return 1.0 - np.asarray(self.loss.ppf(1.0 - np.asarray(probability)), dtype=float)


def _check_sign(name, value, low, fraction) -> None:
    """Rates, prices and shares are not negative; shares are at most 1."""
    smallest = value if low is None else min(low, value)
    if smallest < 0.0 and (fraction or name.endswith("_rate")):
        raise InputError(f"{name} = {smallest:g} is negative; a rate or share is >= 0")
    if fraction and value > 1.0:
        raise InputError(f"{name} = {value:g} is outside the valid range [0, 1]")


def _rule(name, value, confidence, low, high, fraction=False):
    """(distribution, rule text) of one input."""
    if low is not None:
        if low == high:
            raise InputError(f"{name}: low = high = {low:g} leaves nothing to vary")
        return Triangular(low, value, high), f"source range {low:.4g} to {high:.4g}"
    if value == 0.0:
        raise InputError(f"{name} = 0 has no spread by confidence: give a source range")
    if confidence in _UNIFORM_SPREAD:
        spread = _UNIFORM_SPREAD[confidence]
        ends = sorted((value * (1 - spread), value * (1 + spread)))
        return Uniform(*ends), f"{confidence} confidence: +-{spread:.0%}"
    if confidence in ("low", "estimate"):
        if value < 0.0:
            raise InputError(f"{name} = {value:g}: a factor-2 log-normal needs a positive "
                             "value; give a source range")
        if fraction:
            return (Triangular(value / 2.0, value, 2.0 * value),
                    f"{confidence} confidence: factor 2, triangular (a share)")
        return (LogNormal(value, _LOGNORMAL_SIGMA),
                f"{confidence} confidence: factor 2 (90 %), log-normal")
    raise InputError(f"{name}: confidence {confidence!r} is not one of high, medium, low, "
                     "estimate, user")


def provenance_inputs(specs: Sequence[InputSpec]) -> list[UncertainInput]:
    """Distributions of :class:`~thermaldesign.fleet.uncertain.InputSpec` rows."""
    return [uncertain_input(spec.name, spec.value, spec.confidence, spec.low, spec.high,
                            source=spec.source, fraction=spec.name in FRACTIONS)
            for spec in specs]


def spec_inputs(spec, names: Sequence[str]) -> list[UncertainInput]:
    """Provenance distributions of design inputs: ``"<technology>.<field>"`` (a catalog
    field of the spec's entry: its confidence and source range) or a spec field (user
    value: "user"; a default whose source is an estimate: "estimate"; else "medium")."""
    inputs = []
    for name in names:
        technology, _, field = name.partition(".")
        if field:
            entry = spec.entry(technology)
            prov = entry.provenance(field)
            bounds = entry.NUMERIC.get(field)
            share = (bounds is not None and bounds.low is not None and bounds.high is not None
                     and bounds.low >= 0.0 and bounds.high <= 1.0)
            inputs.append(uncertain_input(
                name, float(getattr(entry, field)), prov.confidence, prov.low, prov.high,
                source=prov.source, unit=bounds.unit if bounds else "", fraction=share))
            continue
        default = next((f.default for f in dataclasses.fields(spec) if f.name == name), None)
        value = getattr(spec, name)
        if value is None:
            value = spec.value(name)
            confidence = "medium"
        elif value != default:
            confidence = "user"
        else:
            confidence = ("estimate" if DEFAULT_SOURCES.get(name, "").startswith("estimate")
                          else "medium")
        unit = _SPEC_BOUNDS.get(name, (None,) * 5)[4]
        inputs.append(uncertain_input(name, float(value), confidence, source=spec.source(name),
                                      unit=unit, fraction=unit == "" and 0 < value <= 1))
    return inputs


# --------------------------------------------------------------------- sampling


def common_uniforms(names: Sequence[str], samples: int, seed: int) -> np.ndarray:
    """Uniforms in (0, 1), shape ``(samples, len(names))``; column ``j`` depends only on
    ``seed`` and ``names[j]`` (common random numbers across models)."""
    columns = []
    for name in names:
        stream = np.random.default_rng(np.random.SeedSequence(
            seed, spawn_key=(zlib.crc32(name.encode()),)))
        columns.append(stream.random(samples))
    # A draw of exactly 0 maps to an infinite log-normal quantile: move it to the next float.
    return np.clip(np.column_stack(columns), np.nextafter(0.0, 1.0), np.nextafter(1.0, 0.0))


def _values(inputs: Sequence[UncertainInput], uniforms: np.ndarray) -> np.ndarray:
    return np.column_stack([item.ppf(uniforms[:, index])
                            for index, item in enumerate(inputs)])


def _chunk_rows(model, names, rows):
    return model.evaluate_rows(names, rows)


def evaluate_samples(model, names: Sequence[str], rows: np.ndarray, *, workers: int = 1,
                     scheduler=None) -> np.ndarray:
    """``model.evaluate_rows`` over ``rows`` in chunks: in this process, on the local
    process pool (``workers`` > 1) or on a Dask cluster (``scheduler`` address or Client).
    """
    workers = check_positive_int(workers, "workers")
    rows = np.asarray(rows, dtype=float)
    parts = max(1, 4 * (workers if scheduler is None else 8))
    chunks = [chunk for chunk in np.array_split(rows, parts) if len(chunk)]
    if scheduler is not None:
        from distributed import Client  # optional dependency: the dask extra

        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        futures = client.map(_chunk_rows, [model] * len(chunks), [list(names)] * len(chunks),
                             chunks, pure=False)
        return np.concatenate(client.gather(futures))
    if workers == 1 or len(chunks) == 1:
        return np.concatenate([model.evaluate_rows(names, chunk) for chunk in chunks])
    pool = _pool(workers)
    return np.concatenate(list(pool.map(_chunk_rows, [model] * len(chunks),
                                        [list(names)] * len(chunks), chunks)))


# -------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True, eq=False)
class FleetVerdict:
    """Monte Carlo outputs of a fleet model: quantiles and probabilities.

    Attributes
    ----------
    inputs : tuple of UncertainInput
    values : ndarray, shape (n, d)
        Sampled inputs [SI].
    outputs : dict of str to ndarray
        Each output per sample (NaN where the draw was refused).
    units : dict of str to str
    seed : int
    """

    inputs: tuple
    values: np.ndarray
    outputs: dict
    units: dict
    seed: int

    @property
    def samples(self) -> int:
        """Number of draws [-]."""
        return int(self.values.shape[0])

    def quantiles(self, name: str, levels=VERDICT_LEVELS) -> dict[float, float]:
        """Quantiles of an output at probability ``levels`` in [0, 1] (P10/P50/P90)."""
        levels = np.atleast_1d(check_array(levels, "levels", low=0.0, high=1.0))
        values = self._finite(name)
        return {float(level): float(value)
                for level, value in zip(levels, np.quantile(values, levels), strict=True)}

    def _finite(self, name):
        if name not in self.outputs:
            raise InputError(f"no output {name!r}; outputs: {', '.join(self.outputs)}")
        values = self.outputs[name][np.isfinite(self.outputs[name])]
        if values.size == 0:
            raise InputError(f"no finite sample of {name!r}")
        return values

    def probability_beats_ground(self, launch_prices) -> np.ndarray:
        """P(orbit costs less than the ground per GPU-hour) at each launch price [-].

        Orbit's cost per GPU-hour rises with the launch price, so orbit beats the ground at
        ``p`` exactly when the draw's break-even launch price exceeds ``p``: the curve is
        the survival function of the break-even price, non-increasing in ``p``.
        """
        prices = check_array(launch_prices, "launch_prices", low=0.0, unit="USD/kg")
        break_even = self._finite("break_even_launch_price")
        return np.mean(break_even[None, :] > np.atleast_1d(prices)[:, None], axis=1)

    def probability_by_year(self, years, launch_prices) -> dict:
        """P(orbit beats the ground) along a launch-price path ``launch_prices[i]`` in
        ``years[i]`` (e.g. a Wright's-law learning curve) [-], as ``{year: probability}``."""
        years = np.atleast_1d(check_array(years, "years"))
        prices = np.atleast_1d(check_array(launch_prices, "launch_prices", low=0.0,
                                           unit="USD/kg"))
        if years.shape != prices.shape:
            raise InputError(f"years and launch_prices differ in length: {years.size} "
                             f"against {prices.size}")
        return {float(year): float(p)
                for year, p in zip(years, self.probability_beats_ground(prices), strict=True)}

    def bootstrap_interval(self, statistic: Callable, *, resamples: int = 400,
                           level: float = 0.95, seed: int = 0) -> tuple[float, float]:
        """Percentile bootstrap interval of ``statistic(verdict)`` over resampled draws.

        ``statistic`` takes a :class:`FleetVerdict` (e.g. ``lambda v:
        v.quantiles("cost_per_gpu_hour")[0.5]``) and returns a float.
        """
        resamples = check_positive_int(resamples, "resamples")
        level = check_scalar(level, "level", low=0.0, high=1.0, low_open=True,
                             high_open=True)
        rng = np.random.default_rng(seed)
        values = []
        for _ in range(resamples):
            pick = rng.integers(0, self.samples, self.samples)
            values.append(float(statistic(FleetVerdict(
                self.inputs, self.values[pick],
                {name: column[pick] for name, column in self.outputs.items()},
                self.units, self.seed))))
        low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
        return float(low), float(high)

    def standard_error(self, probability) -> np.ndarray:
        """Binomial standard error of a probability estimated from the draws [-]."""
        p = check_array(probability, "probability", low=0.0, high=1.0)
        return np.sqrt(p * (1 - p) / self.samples)

    def summary_rows(self) -> list[dict]:
        """P10/P50/P90 of every output, as table rows."""
        rows = []
        for name, unit in self.units.items():
            q = self.quantiles(name)
            rows.append({"output": name, "unit": unit,
                         **{f"P{round(100 * k)}": v for k, v in q.items()}})
        return rows

    def __str__(self) -> str:
        return (f"Monte Carlo, {self.samples} draws (seed {self.seed}); distributions: "
                f"{PROVENANCE_RULE}\n\n" + table_markdown(self.summary_rows()))


def fleet_monte_carlo(model, samples: int, *, seed: int, inputs=None, workers: int = 1,
                      scheduler=None) -> FleetVerdict:
    """Sample every uncertain input of ``model`` (common random numbers) and evaluate.

    Parameters
    ----------
    model : FixedDesignFleet
        Or any object with ``inputs()`` (InputSpec rows) and ``evaluate_rows``.
    samples : int
        Draws [-].
    seed : int
        Seed of the common random numbers.
    inputs : sequence of UncertainInput or of names, optional
        Default: every input of ``model`` with its provenance distribution.
    workers, scheduler
        As in :func:`evaluate_samples`.
    """
    samples = check_positive_int(samples, "samples")
    inputs = _inputs_of(model, inputs)
    names = [item.name for item in inputs]
    values = _values(inputs, common_uniforms(names, samples, seed))
    table = evaluate_samples(model, names, values, workers=workers, scheduler=scheduler)
    outputs = {name: table[:, index] for index, name in enumerate(OUTPUTS)}
    return FleetVerdict(inputs=tuple(inputs), values=values, outputs=outputs,
                        units=dict(OUTPUTS), seed=int(seed))


def _inputs_of(model, inputs) -> list[UncertainInput]:
    if inputs is None:
        return provenance_inputs(model.inputs())
    inputs = list(inputs)
    if all(isinstance(item, str) for item in inputs):
        return provenance_inputs(model.inputs(inputs))
    if not all(isinstance(item, UncertainInput) for item in inputs):
        raise InputError("inputs must be UncertainInput objects or input names")
    return inputs


# ------------------------------------------------------------------- Sobol


@dataclass(frozen=True, eq=False)
class SobolResult:
    """First-order and total Sobol indices of each output, with bootstrap intervals.

    Attributes
    ----------
    names : tuple of str
        Inputs, in column order.
    indices : dict
        ``{output: {"S1", "S1_conf", "ST", "ST_conf": ndarray over names}}``; a ``_conf``
        is the half-width of the 95 % bootstrap confidence interval [-].
    base_samples : int
        Saltelli base sample ``N``; ``evaluations = N (D + 2)``.
    evaluations : int
    rule : str
        How the input distributions were set.
    """

    names: tuple
    indices: dict
    base_samples: int
    evaluations: int
    rule: str = PROVENANCE_RULE

    def ranking(self, output: str) -> list[tuple[str, float, float]]:
        """Inputs by total index, largest first: ``(name, ST, S1)`` ("what to measure
        first": the share of the output's variance that goes if the input is pinned)."""
        table = self._table(output)
        order = np.argsort(-table["ST"], kind="stable")
        return [(self.names[i], float(table["ST"][i]), float(table["S1"][i])) for i in order]

    def _table(self, output):
        if output not in self.indices:
            raise InputError(f"no output {output!r}; outputs: {', '.join(self.indices)}")
        return self.indices[output]

    def rows(self, output: str) -> list[dict]:
        """Table rows of one output, ranked by total index."""
        table = self._table(output)
        index = {name: i for i, name in enumerate(self.names)}
        return [{"input": name, "S1": float(table["S1"][index[name]]),
                 "S1 +-": float(table["S1_conf"][index[name]]), "ST": total,
                 "ST +-": float(table["ST_conf"][index[name]])}
                for name, total, _first in self.ranking(output)]

    def to_dict(self) -> dict:
        """Plain-Python form."""
        return {"format": "thermaldesign.sobol", "version": 1, "names": list(self.names),
                "base_samples": self.base_samples, "evaluations": self.evaluations,
                "rule": self.rule,
                "indices": {out: {k: [float(x) for x in v] for k, v in table.items()}
                            for out, table in self.indices.items()}}

    def to_json(self, path) -> None:
        """Write :meth:`to_dict` as JSON, atomically."""
        atomic_write_text(path, json.dumps(self.to_dict(), indent=1) + "\n")

    def __str__(self) -> str:
        parts = [f"Sobol indices, N = {self.base_samples}, {self.evaluations} evaluations"]
        for output in self.indices:
            parts.append(f"\n{output}\n\n" + table_markdown(self.rows(output)))
        return "\n".join(parts)


def sobol_analysis(model, base_samples: int, *, seed: int, inputs=None,
                   function: Callable | None = None, outputs: Sequence[str] | None = None,
                   workers: int = 1, scheduler=None, resamples: int = 200) -> SobolResult:
    """Sobol first-order and total indices by Saltelli's scheme (SALib).

    Draws ``N (D + 2)`` points of a scrambled Sobol sequence (``calc_second_order=False``),
    maps each column through its input's inverse CDF, evaluates, and estimates ``S1``
    (Saltelli 2010) and ``ST`` (Jansen) with 95 % bootstrap intervals.

    Parameters
    ----------
    model : FixedDesignFleet or None
        The fleet model (``None`` with ``function``).
    base_samples : int
        ``N``: a power of two >= :data:`MIN_SOBOL_BASE_SAMPLES`.
    seed : int
    inputs : sequence of UncertainInput or names, optional
        Default every input of ``model``; required with ``function``.
    function : callable, optional
        ``function(values) -> ndarray (n,)`` or ``(n, k)``: any model, vectorised over
        rows of input values (e.g. the Ishigami function).
    outputs : sequence of str, optional
        Output names (default :data:`~thermaldesign.fleet.uncertain.OUTPUTS` for the model,
        ``y0, y1, ...`` for a function).
    workers, scheduler
        As in :func:`evaluate_samples` (model only).
    resamples : int
        Bootstrap resamples of the intervals [-].
    """
    sample, analyze = _salib()
    base_samples = _check_base_samples(base_samples)
    if function is None:
        inputs = _inputs_of(model, inputs)
    elif inputs is None or not all(isinstance(item, UncertainInput) for item in inputs):
        raise InputError("with function=, give inputs as UncertainInput objects")
    names = [item.name for item in inputs]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sample.sample(problem, base_samples, calc_second_order=False, scramble=True,
                         seed=seed)
    unit = np.clip(unit, np.nextafter(0.0, 1.0), np.nextafter(1.0, 0.0))
    values = _values(inputs, unit)
    if function is not None:
        table = np.asarray(function(values), dtype=float).reshape(len(values), -1)
        outputs = list(outputs or [f"y{k}" for k in range(table.shape[1])])
    else:
        table = evaluate_samples(model, names, values, workers=workers, scheduler=scheduler)
        outputs = list(outputs or OUTPUTS)
        table = table[:, [list(OUTPUTS).index(name) for name in outputs]]
    return SobolResult(names=tuple(names),
                       indices=_indices(analyze, problem, table, outputs, resamples, seed),
                       base_samples=base_samples, evaluations=int(len(values)))


def _indices(analyze, problem, table, outputs, resamples, seed) -> dict:
    indices = {}
    for column, output in enumerate(outputs):
        y = table[:, column]
        if not np.isfinite(y).all():
            raise InputError(f"{np.sum(~np.isfinite(y))} evaluations of {output!r} failed; "
                             "Sobol estimates need every point (narrow the input ranges)")
        if np.ptp(y) == 0.0:  # a constant output has no variance to share out
            zero = np.zeros(problem["num_vars"])
            indices[output] = {"S1": zero, "S1_conf": zero, "ST": zero, "ST_conf": zero}
            continue
        result = analyze.analyze(problem, y, calc_second_order=False,
                                 num_resamples=resamples, conf_level=0.95, seed=seed)
        indices[output] = {key: np.asarray(result[key], dtype=float)
                           for key in ("S1", "S1_conf", "ST", "ST_conf")}
    return indices


def _check_base_samples(base_samples) -> int:
    base = check_positive_int(base_samples, "base_samples")
    if base < MIN_SOBOL_BASE_SAMPLES or base & (base - 1):
        raise InputError(
            f"base_samples = {base}: Saltelli's scheme on a Sobol sequence needs a power of "
            f"two, at least {MIN_SOBOL_BASE_SAMPLES} (the minimum); e.g. "
            f"{max(MIN_SOBOL_BASE_SAMPLES, 1 << max(0, base - 1).bit_length())}")
    return base


def _salib():
    try:
        from SALib.analyze import sobol as analyze  # optional dependency: uncertainty extra
        from SALib.sample import sobol as sample
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("Sobol analysis needs SALib: pip install "
                          "'thermaldesign[uncertainty]'") from error
    return sample, analyze


# ------------------------------------------------------------------ tornado


@dataclass(frozen=True, eq=False)
class RangeTornado:
    """One-at-a-time swings of one output over each input's own 90 % range.

    Attributes
    ----------
    output, unit : str
    base_value : float
    names : tuple of str
        Inputs, largest swing first.
    low_inputs, high_inputs : ndarray
        Each input's 5th and 95th percentile [SI].
    low_values, high_values : ndarray
        The output with that input alone at its low / high end.
    rules : tuple of str
        The provenance rule of each input's range.
    """

    output: str
    unit: str
    base_value: float
    names: tuple
    low_inputs: np.ndarray
    high_inputs: np.ndarray
    low_values: np.ndarray
    high_values: np.ndarray
    rules: tuple

    @property
    def swing(self) -> np.ndarray:
        """abs(high value - low value) per input."""
        return np.abs(self.high_values - self.low_values)

    def rows(self) -> list[dict]:
        """Table rows, largest swing first."""
        return [{"input": name, "range": f"{format_value(lo)} to {format_value(hi)}",
                 "rule": rule, f"{self.output} low": float(a),
                 f"{self.output} high": float(b)}
                for name, lo, hi, rule, a, b in zip(self.names, self.low_inputs,
                                                     self.high_inputs, self.rules,
                                                     self.low_values, self.high_values,
                                                     strict=True)]


def range_tornado(model, output: str = "cost_per_gpu_hour", *, inputs=None) -> RangeTornado:
    """Swing of ``output`` as each input alone moves to its 5th and 95th percentile.

    The ends come from each input's provenance distribution (:data:`PROVENANCE_RULE`),
    not from one relative step for all.
    """
    if output not in OUTPUTS:
        raise InputError(f"output = {output!r} is not one of {', '.join(OUTPUTS)}")
    inputs = _inputs_of(model, inputs)
    names = [item.name for item in inputs]
    ends = np.array([item.range90 for item in inputs])
    base = np.array([item.value for item in inputs])
    rows = [base.copy()]
    for index in range(len(names)):
        for end in (0, 1):
            row = base.copy()
            row[index] = ends[index, end]
            rows.append(row)
    column = list(OUTPUTS).index(output)
    values = model.evaluate_rows(names, np.array(rows))[:, column]
    low, high = values[1::2], values[2::2]
    order = np.argsort(-np.abs(high - low), kind="stable")
    return RangeTornado(output=output, unit=OUTPUTS[output], base_value=float(values[0]),
                        names=tuple(names[i] for i in order), low_inputs=ends[order, 0],
                        high_inputs=ends[order, 1], low_values=low[order],
                        high_values=high[order],
                        rules=tuple(inputs[i].rule for i in order))
