"""Uncertainty: stated distributions, seeded Monte Carlo, percentiles and tornado data."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

from thermaldesign.errors import InfeasibleDesignError, InputError
from thermaldesign.studytools import (
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    monte_carlo,
    tornado,
)
from thermaldesign.studytools.uncertainty import (
    _check_tornado_fields,
    _one_at_a_time_rows,
    _sorted_tornado,
    _Swings,
    _swings_by_resolve,
    _swings_by_sensitivity,
    _tornado_inputs,
)


@dataclass(frozen=True)
class Box:
    length: float = 2.0
    width: float = 3.0
    price: float = 10.0


def box_evaluate(spec, *, markup=1.0):
    """cost = length * width * price * markup; infeasible above length 100."""
    if spec.length > 100.0:
        raise InfeasibleDesignError("too long")
    return {"cost": spec.length * spec.width * spec.price * markup,
            "length_squared": spec.length**2}


# --- distributions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("distribution", "mean", "variance"),
    [
        # Closed forms: normal; log-normal m e^{s^2/2}, m^2 e^{s^2}(e^{s^2}-1);
        # uniform (a+b)/2, (b-a)^2/12; triangular (a+c+b)/3, (a^2+b^2+c^2-ab-ac-bc)/18.
        (Normal(5.0, 0.5), 5.0, 0.25),
        (LogNormal(2.0, 0.3), 2.0 * math.exp(0.045), 4.0 * math.exp(0.09) * math.expm1(0.09)),
        (Uniform(1.0, 4.0), 2.5, 9.0 / 12.0),
        (Triangular(1.0, 2.0, 6.0), 3.0, (1 + 36 + 4 - 6 - 2 - 12) / 18.0),
    ],
)
def test_distribution_moments_match_closed_forms(distribution, mean, variance):
    assert distribution.expected_value() == pytest.approx(mean, rel=1e-12)
    draws = distribution.sample(np.random.default_rng(0), 200_000)
    # 6 standard errors of the sample mean: fails by chance with probability ~2e-9.
    assert abs(draws.mean() - mean) < 6.0 * math.sqrt(variance / draws.size)
    assert draws.var() == pytest.approx(variance, rel=0.02)
    # ppf is the inverse of the distribution's CDF
    np.testing.assert_allclose(
        distribution.to_scipy().cdf(distribution.ppf([0.1, 0.5, 0.9])), [0.1, 0.5, 0.9],
        rtol=1e-10,
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Normal(1.0, 0.0), "std = 0 is outside the valid range \\(0, inf\\)"),
        (lambda: Normal(float("nan"), 1.0), "mean = nan is not a finite number"),
        (lambda: LogNormal(-1.0, 0.2), "median = -1 is outside"),
        (lambda: LogNormal(1.0, -0.2), "sigma = -0.2 is outside"),
        (lambda: Uniform(2.0, 1.0), "high = 1 must exceed low = 2"),
        (lambda: Triangular(1.0, 5.0, 3.0), "mode = 5 is outside the valid range \\[1, 3\\]"),
        (lambda: Triangular(1.0, 1.0, 1.0), "high = 1 must exceed low = 1"),
        (lambda: Uniform("a", 2.0), "low must be a number"),
    ],
)
def test_distributions_validate_their_parameters(make, message):
    with pytest.raises(InputError, match=message):
        make()


# --- Monte Carlo --------------------------------------------------------------------------


def test_monte_carlo_mean_matches_the_closed_form():
    samples = 4000
    result = monte_carlo(
        Box(),
        {"length": Uniform(1.0, 3.0), "width": Triangular(2.0, 3.0, 7.0),
         "price": LogNormal(10.0, 0.2)},
        samples, seed=11, evaluate=box_evaluate, workers=1,
    )
    assert result.kind == "monte_carlo" and result.ok.all()
    # Oracle: independence, E[L W P] = E[L] E[W] E[P] = 2 * 4 * 10 e^{0.02}.
    expected = 2.0 * 4.0 * 10.0 * math.exp(0.02)
    cost = result["cost"]
    standard_error = cost.std(ddof=1) / math.sqrt(samples)
    assert abs(cost.mean() - expected) < 5.0 * standard_error
    # E[L^2] = Var + mean^2 = 1/3 + 4 for L ~ U(1, 3)
    squared = result["length_squared"]
    assert abs(squared.mean() - (4.0 + 1.0 / 3.0)) < 5.0 * squared.std() / math.sqrt(samples)


def test_monte_carlo_is_reproducible_with_a_seed(tmp_path):
    distributions = {"length": Normal(2.0, 0.1), "markup": Uniform(1.0, 1.5)}
    first = monte_carlo(Box(), distributions, 50, seed=5, evaluate=box_evaluate, workers=1)
    again = monte_carlo(Box(), distributions, 50, seed=5, evaluate=box_evaluate, workers=1)
    other = monte_carlo(Box(), distributions, 50, seed=6, evaluate=box_evaluate, workers=1)
    first.to_json(tmp_path / "a.json")
    again.to_json(tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert not np.array_equal(first["length"], other["length"])
    # Draws are numpy's Generator streams, field by field in the order given.
    rng = np.random.default_rng(5)
    np.testing.assert_array_equal(first["length"], rng.normal(2.0, 0.1, 50))
    np.testing.assert_array_equal(first["markup"], rng.uniform(1.0, 1.5, 50))


def test_monte_carlo_percentiles_are_those_of_the_samples():
    result = monte_carlo(Box(), {"length": Uniform(0.0, 200.0)}, 500, seed=2,
                         evaluate=box_evaluate, workers=1)
    # lengths above 100 are infeasible: recorded, then left out of the statistics
    assert result.failures() == {"infeasible": int((result["length"] > 100).sum())}
    ok_cost = result["cost"][result.ok]
    levels = result.percentiles("cost", q=(5, 50, 95))
    np.testing.assert_allclose(list(levels.values()), np.percentile(ok_cost, [5, 50, 95]),
                               rtol=1e-15)
    assert list(levels) == [5.0, 50.0, 95.0]
    # Oracle: cost = 30 L with L ~ U(0, 100) given feasibility, so the median is ~1500.
    assert levels[50.0] == pytest.approx(1500.0, rel=0.1)
    with pytest.raises(InputError, match="q = 120 % is outside"):
        result.percentiles("cost", q=(120,))


def test_latin_hypercube_sampling_lowers_the_error_of_the_mean():
    # For a monotone function LHS stratification beats plain sampling (McKay et al. 1979).
    distributions = {"length": Uniform(1.0, 3.0)}
    errors = {}
    for sampling in ("random", "latin_hypercube"):
        means = [
            monte_carlo(Box(), distributions, 64, seed=seed, evaluate=box_evaluate,
                        sampling=sampling, workers=1, progress=False)["cost"].mean()
            for seed in range(20)
        ]
        errors[sampling] = np.sqrt(np.mean((np.asarray(means) - 60.0) ** 2))
    assert errors["latin_hypercube"] < 0.2 * errors["random"]


def test_scipy_frozen_distributions_are_accepted():
    result = monte_carlo(Box(), {"width": stats.gamma(a=4.0, scale=0.5)}, 2000, seed=1,
                         evaluate=box_evaluate, workers=1)
    # E[cost] = L * P * E[W] = 2 * 10 * (4 * 0.5)
    cost = result["cost"]
    assert abs(cost.mean() - 40.0) < 5.0 * cost.std() / math.sqrt(cost.size)


@pytest.mark.parametrize(
    ("distributions", "kwargs", "message"),
    [
        ({"length": 3.0}, {"seed": 1}, "must be Normal, LogNormal, Uniform, Triangular"),
        ({"lenght": Uniform(1, 2)}, {"seed": 1}, "did you mean 'length'"),
        ({"length": Uniform(1, 2)}, {"seed": None}, "seed is required"),
        ({"length": Uniform(1, 2)}, {"seed": 1, "sampling": "sobol"}, "sampling = 'sobol'"),
        ({}, {"seed": 1}, "non-empty mapping"),
    ],
)
def test_monte_carlo_rejects_bad_input(distributions, kwargs, message):
    with pytest.raises(InputError, match=message):
        monte_carlo(Box(), distributions, 10, evaluate=box_evaluate, **kwargs)


# --- tornado ------------------------------------------------------------------------------


def test_tornado_by_resolves_matches_the_closed_form():
    data = tornado(Box(), ["length", "width", "markup"],
                   {"width": (2.0, 6.0), "markup": (0.5, 1.1)},
                   objective="cost", evaluate=box_evaluate, variation=0.25)
    # Oracle: cost = L W P m, linear in each input. Base 2 * 3 * 10 * 1 = 60.
    assert data.base_value == 60.0 and data.method == "resolve"
    rows = {name: i for i, name in enumerate(data.fields)}
    length, width, markup = rows["length"], rows["width"], rows["markup"]
    assert data.low_inputs[length] == 1.5 and data.high_inputs[length] == 2.5
    assert data.base_inputs[markup] == 1.0  # evaluate's keyword default
    np.testing.assert_allclose(
        [data.low_values[length], data.high_values[length]], [45.0, 75.0], rtol=1e-15)
    np.testing.assert_allclose(
        [data.low_values[width], data.high_values[width]], [40.0, 120.0], rtol=1e-15)
    np.testing.assert_allclose(
        [data.low_values[markup], data.high_values[markup]], [30.0, 66.0], rtol=1e-15)
    # Sorted by swing, largest first: width 80, markup 36, length 30.
    assert data.fields == ("width", "markup", "length")
    np.testing.assert_allclose(data.swing, [80.0, 36.0, 30.0], rtol=1e-15)
    # cost is proportional to each input: the log-log secant slope is exactly 1.
    np.testing.assert_allclose(data.sensitivities, 1.0, rtol=1e-12)
    assert data.low_status == ("ok",) * 3
    assert "Tornado of cost" in data._repr_html_()


def test_tornado_records_a_failed_end():
    data = tornado(Box(), ["length", "width"], {"length": (1.0, 150.0)}, objective="cost",
                   evaluate=box_evaluate)
    # The row with a failed end has no swing and goes last.
    assert data.fields == ("width", "length")
    assert data.high_status == ("ok", "infeasible") and math.isnan(data.high_values[1])
    assert data.low_values[1] == 30.0
    assert data.to_dict()["high_values"][1] is None


@pytest.mark.parametrize(
    ("fields", "low_high", "kwargs", "message"),
    [
        ([], None, {}, "non-empty sequence"),
        (["length", "length"], None, {}, "duplicates"),
        (["length"], {"width": (1, 2)}, {}, "not in fields"),
        (["length"], {"length": (3, 1)}, {}, "low = 3 must be below high = 1"),
        (["lenght"], None, {}, "did you mean 'length'"),
        (["length"], None, {"variation": 1.5}, "variation = 1.5 is outside"),
        (["length"], None, {"method": "adjoint"}, "method = 'adjoint'"),
        (["length"], None, {"objective": "costs"}, "did you mean 'cost'"),
    ],
)
def test_tornado_rejects_bad_input(fields, low_high, kwargs, message):
    kwargs.setdefault("objective", "cost")
    with pytest.raises(InputError, match=message):
        tornado(Box(), fields, low_high, evaluate=box_evaluate, **kwargs)


def test_tornado_of_a_field_that_holds_no_number_is_an_input_error():
    from thermaldesign.sizing import SatelliteSpec

    # The coating is a catalog key, None by default: nothing to vary, and no KeyError.
    assert SatelliteSpec().coating is None
    with pytest.raises(InputError, match="field 'coating' = None is not a number"):
        tornado(SatelliteSpec(), ["coating"])


def test_tornado_of_a_sized_design_resolves_agree_with_its_dual_sensitivities():
    import warnings

    from thermaldesign.sizing import SatelliteSpec, size_satellite
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        design = size_satellite(SatelliteSpec(mass_limit=1100.0), integer=False)
        fields = ["mass_limit", "radiator.areal_density", "solar_array.cell_efficiency",
                  "accelerator.power", "launch_price_per_kg"]
        resolved = tornado(design, fields, variation=0.01)
        first_order = tornado(design, fields, variation=0.01, method="sensitivity")
    assert resolved.objective == "compute" and resolved.unit == "FLOP/s"
    assert resolved.base_value == pytest.approx(design.compute, rel=1e-9)
    # Oracle: the secant slope of log compute over +-1 % re-solves of the continuous
    # relaxation equals the GP dual sensitivity to within the curvature over that step.
    order = [resolved.fields.index(name) for name in first_order.fields]
    np.testing.assert_allclose(resolved.sensitivities[order], first_order.sensitivities,
                               rtol=1e-2, atol=1e-4)
    np.testing.assert_allclose(resolved.low_values[order], first_order.low_values, rtol=1e-4)
    assert resolved.fields[0] == "mass_limit"  # the mass limit drives compute most
    assert resolved.fields[-1] == "launch_price_per_kg"  # no effect on max compute
    assert resolved.swing[-1] == 0.0
    with pytest.raises(InputError, match="sensitivities are of 'compute'"):
        tornado(design, ["mass_limit"], objective="total_mass", method="sensitivity")


# --- the tornado's helpers, one closed form each ------------------------------------------


def monomial_evaluate(spec, *, markup=1.0):
    """y = 3 length^2 / width * markup: every one-at-a-time swing is known exactly."""
    if spec.length > 100.0:
        raise InfeasibleDesignError("too long")
    return {"y": 3.0 * spec.length**2 / spec.width * markup}


@dataclass(frozen=True)
class _SensitiveDesign:
    """What the sensitivity method reads off a design: objective, sensitivities, compute."""

    objective: str = "max_compute"
    sensitivities: tuple = (("length", 2.0), ("width", -0.5))
    compute: float = 100.0

    def __post_init__(self):
        object.__setattr__(self, "sensitivities", dict(self.sensitivities))


def test_tornado_fields_are_checked_and_low_high_kept():
    fields, low_high = _check_tornado_fields(("length", "width"), {"width": (1.0, 2.0)})
    assert fields == ["length", "width"] and low_high == {"width": (1.0, 2.0)}
    assert _check_tornado_fields(["length"], None) == (["length"], {})
    with pytest.raises(InputError, match="duplicates"):
        _check_tornado_fields(["width", "width"], None)


def test_tornado_inputs_move_by_the_variation_or_to_the_given_ends():
    base, low, high = _tornado_inputs(
        Box(), ["length", "width", "markup"],
        {"width": (2.0, 6.0), "markup": (0.5, 0.8, 1.1)}, 0.25, box_evaluate)
    # Oracle: length 2 +- 25 %; width's base from the spec (3); markup's base given (0.8).
    np.testing.assert_array_equal(base, [2.0, 3.0, 0.8])
    np.testing.assert_array_equal(low, [1.5, 2.0, 0.5])
    np.testing.assert_array_equal(high, [2.5, 6.0, 1.1])


def test_one_at_a_time_rows_move_one_field_per_row():
    rows = _one_at_a_time_rows(np.array([1.0, 2.0]), np.array([0.5, 1.5]),
                               np.array([3.0, 4.0]))
    assert rows == [(1.0, 2.0), (0.5, 2.0), (3.0, 2.0), (1.0, 1.5), (1.0, 4.0)]


def test_swings_by_sensitivity_follow_the_monomial():
    base, low, high = np.array([2.0, 4.0]), np.array([1.0, 1.0]), np.array([4.0, 16.0])
    swings = _swings_by_sensitivity(_SensitiveDesign(), "compute", ["length", "width"],
                                    base, low, high)
    # Oracle: y = 100 (x / x0)^s; length s = 2: 100/4, 100*4; width s = -1/2: 100*2, 100/2.
    assert swings.base_value == 100.0
    np.testing.assert_allclose(swings.low_values, [25.0, 200.0], rtol=1e-15)
    np.testing.assert_allclose(swings.high_values, [400.0, 50.0], rtol=1e-15)
    np.testing.assert_array_equal(swings.slopes, [2.0, -0.5])
    assert swings.low_status == swings.high_status == ("ok", "ok")
    with pytest.raises(InputError, match="needs positive base inputs"):
        _swings_by_sensitivity(_SensitiveDesign(), "compute", ["length", "width"],
                               np.array([2.0, 0.0]), low, high)
    with pytest.raises(InputError, match="no sensitivity to 'price'"):
        _swings_by_sensitivity(_SensitiveDesign(), "compute", ["price"], base[:1], low[:1],
                               high[:1])


def test_swings_by_resolve_match_the_monomial_and_its_exponents():
    base, low, high = np.array([2.0, 4.0]), np.array([1.0, 1.0]), np.array([4.0, 16.0])
    swings = _swings_by_resolve(Box(length=2.0, width=4.0), monomial_evaluate, "y",
                                ["length", "width"], base, low, high, workers=1,
                                progress=False)
    # Oracle: y = 3 L^2 / W = 3 at the base; L 1 -> 4: 0.75 -> 12; W 1 -> 16: 12 -> 0.75.
    assert swings.base_value == 3.0
    np.testing.assert_allclose(swings.low_values, [0.75, 12.0], rtol=1e-15)
    np.testing.assert_allclose(swings.high_values, [12.0, 0.75], rtol=1e-15)
    # The log-log secant of a monomial is its exponent: 2 for L, -1 for W.
    np.testing.assert_allclose(swings.slopes, [2.0, -1.0], rtol=1e-14)
    failed = _swings_by_resolve(Box(), monomial_evaluate, "y", ["length"], np.array([2.0]),
                                np.array([1.0]), np.array([150.0]), workers=1,
                                progress=False)
    assert failed.high_status == ("infeasible",) and math.isnan(failed.high_values[0])
    assert math.isnan(failed.slopes[0]) and failed.low_values[0] == 1.0
    with pytest.raises(InfeasibleDesignError, match="the base point fails"):
        _swings_by_resolve(Box(), monomial_evaluate, "y", ["length"], np.array([200.0]),
                           np.array([1.0]), np.array([300.0]), workers=1, progress=False)


def test_sorted_tornado_puts_the_largest_swing_first_and_a_failed_end_last():
    inputs = tuple(np.array(v) for v in ([1.0, 2.0, 3.0], [0.5, 1.0, 1.5], [2.0, 4.0, 6.0]))
    swings = _Swings(10.0, np.array([9.0, 5.0, 8.0]), np.array([11.0, 15.0, math.nan]),
                     ("ok",) * 3, ("ok", "ok", "infeasible"), np.array([0.1, 0.2, 0.3]))
    data = _sorted_tornado("compute", "resolve", ["a", "b", "c"], inputs, swings)
    # Swings |high - low|: a 2, b 10, c NaN -> order b, a, c.
    assert data.fields == ("b", "a", "c") and data.unit == "FLOP/s"
    np.testing.assert_array_equal(data.low_inputs, [1.0, 0.5, 1.5])
    np.testing.assert_array_equal(data.sensitivities, [0.2, 0.1, 0.3])
    assert data.high_status == ("ok", "ok", "infeasible")
    np.testing.assert_array_equal(data.swing[:2], [10.0, 2.0])
