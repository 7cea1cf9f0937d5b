"""Verdicts under uncertainty: provenance distributions, Sobol indices, Monte Carlo.

Oracles: the Ishigami function's analytic Sobol indices (Ishigami & Homma 1990; values as
tabulated by Saltelli et al., Global Sensitivity Analysis: The Primer, 2008, section 4.7:
a = 7, b = 0.1), closed forms of the distributions' quantiles, the fixed design's mass
roll-up, and a brute-force comparison of orbit and ground plans at fixed launch prices.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign import InputError
from thermaldesign.errors import CatalogError
from thermaldesign.fleet.uncertain import FixedDesignFleet
from thermaldesign.studytools import sobol
from thermaldesign.studytools.uncertainty import Uniform

# Ishigami, a = 7, b = 0.1: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2;
# S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
ISHIGAMI_S1 = (0.3139, 0.4424, 0.0)
ISHIGAMI_ST = (0.5576, 0.4424, 0.2437)


def _ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_the_ishigami_function():
    inputs = [sobol.UncertainInput(f"x{i}", 0.0, Uniform(-math.pi, math.pi), "test")
              for i in range(3)]
    result = sobol.sobol_analysis(None, 2**13, seed=7, inputs=inputs, function=_ishigami)
    table = result.indices["y0"]
    assert result.evaluations == 2**13 * 5
    # Within 0.02 of the analytic values (the estimators' error at N = 8192 is ~0.01).
    assert np.abs(table["S1"] - ISHIGAMI_S1).max() < 0.02
    assert np.abs(table["ST"] - ISHIGAMI_ST).max() < 0.02
    assert [name for name, *_ in result.ranking("y0")] == ["x0", "x1", "x2"]


@pytest.mark.parametrize("base", [0, 32, 100])
def test_sobol_sample_size_below_the_minimum_names_it(base):
    inputs = [sobol.UncertainInput("x", 0.0, Uniform(0.0, 1.0), "test")]
    with pytest.raises(InputError, match="at least 64 \\(the minimum\\)|base_samples"):
        sobol.sobol_analysis(None, base, seed=1, inputs=inputs, function=lambda x: x[:, 0])


def test_shares_stay_in_the_unit_interval_and_temperatures_move_by_kelvins():
    efficiency = sobol.uncertain_input("eta", 0.92, "estimate", fraction=True)
    # Factor 2 on the loss 0.08 as triangular(0.04, 0.08, 0.16): eta in [0.84, 0.96].
    assert efficiency.ppf([0.0, 1.0]).tolist() == pytest.approx([0.84, 0.96], rel=1e-12)
    share = sobol.uncertain_input("f", 0.1, "low", fraction=True)
    assert share.ppf([0.0, 1.0]).tolist() == pytest.approx([0.05, 0.2], rel=1e-12)
    limit = sobol.uncertain_input("junction", 360.0, "low", unit="K")
    assert limit.ppf([0.0, 1.0]).tolist() == pytest.approx([345.0, 375.0], rel=1e-12)


def test_provenance_rule_by_confidence_and_source_range():
    high = sobol.uncertain_input("a", 100.0, "high")
    assert high.ppf([0.0, 1.0]).tolist() == pytest.approx([95.0, 105.0], rel=1e-12)
    medium = sobol.uncertain_input("b", 100.0, "medium")
    assert medium.ppf([0.0, 1.0]).tolist() == pytest.approx([80.0, 120.0], rel=1e-12)
    low = sobol.uncertain_input("c", 100.0, "low")  # a factor 2 is the 90 % interval
    assert low.range90 == pytest.approx((50.0, 200.0), rel=1e-9)
    assert sobol.uncertain_input("d", 3.0, "estimate").ppf(0.5) == pytest.approx(3.0)
    ranged = sobol.uncertain_input("e", 2.0, "low", 1.0, 5.0)  # triangular, mode at value
    assert ranged.ppf([0.0, 1.0]).tolist() == pytest.approx([1.0, 5.0])
    assert ranged.ppf(0.25) == pytest.approx(2.0)  # (mode - low) / (high - low) = 1/4


@pytest.mark.parametrize(("args", "kwargs", "match"), [
    (("economics.failure_rate", 0.03, "medium", 0.05, 0.01), {}, "low = 0.05 is above high"),
    (("economics.failure_rate", -0.01, "medium"), {}, "negative"),
    (("economics.failure_rate", 0.03, "medium", -0.01, 0.06), {}, "negative"),
    (("hard_fraction", 1.2, "medium"), {"fraction": True}, "outside the valid range"),
    (("hard_fraction", 0.5, "medium", 0.2, 1.3), {"fraction": True},
     "high = 1.3 is outside the valid range \\[0, 1\\]"),
    (("x", 3.0, "medium", 4.0, 5.0), {}, "does not bracket"),
    (("x", 3.0, "sure"), {}, "confidence 'sure'"),
])
def test_bad_distributions_name_the_field(args, kwargs, match):
    with pytest.raises(InputError, match=match) as error:
        sobol.uncertain_input(*args, **kwargs)
    assert args[0] in str(error.value)


def test_catalog_range_must_bracket_the_value(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[hot]\nname = "x"\nsource = "s"\ndate = "2024"\nconfidence = "low"\n'
                    'capex_per_watt = { value = 10, unit = "USD/W", low = 12, high = 40 }\n'
                    'electricity_price_per_kwh = { value = 0.05, unit = "USD/kWh" }\n'
                    'pue = 1.1\nwater_per_kwh = { value = 0.5, unit = "L/kWh" }\n'
                    'lifetime_years = { value = 10, unit = "yr" }\n')
    with pytest.raises(CatalogError, match="capex_per_watt.*must bracket"):
        td.catalog.load_file(path, "terrestrial")


def test_common_random_numbers_do_not_depend_on_the_other_inputs():
    both = sobol.common_uniforms(["a", "b"], 50, seed=3)
    alone = sobol.common_uniforms(["b"], 50, seed=3)
    assert np.array_equal(both[:, 1], alone[:, 0])
    assert not np.array_equal(both[:, 0], both[:, 1])


@pytest.fixture(scope="module")
def reference():
    # The chip as before the co-design (full clock at the junction limit, through eclipse,
    # no spares): the fleet prices GPU-hours, which do not value a lower clock.
    spec = td.reference_spec().replace(clock_fraction=1.0, junction_temperature=360.15,
                                       eclipse_mode="battery")
    spec = spec.replace(accelerator=spec.entry("accelerator").replace(hard_failure_rate=0.0))
    design = td.size_satellite(spec, "max_compute", sensitivities=False)
    return design, FixedDesignFleet.from_design(design, target_it_power=1e9)


def test_fixed_design_model_is_the_plan_at_base_and_reweighs_exactly(reference):
    design, model = reference
    plan = td.plan_fleet(design, target_it_power=1e9, vehicle="starship_future")
    base = model.evaluate({})
    assert base["cost_per_gpu_hour"] == pytest.approx(plan.cost_per_gpu_hour, rel=1e-12)
    assert base["specific_power"] == pytest.approx(design.it_power / design.total_mass)
    # Twice the radiator areal density: the core parts gain one radiator mass, and the
    # harness, structure and propellant (fractions of the dry mass) scale with the core.
    parts = design.mass_breakdown
    frame = ("harness", "structure", "propellant")
    core = sum(v for k, v in parts.items() if k not in frame)
    heavier = (core + parts["radiator"]) * design.total_mass / core
    areal = model.inputs(["radiator.areal_density"])[0].value
    moved = model.evaluate({"radiator.areal_density": 2 * areal})
    assert moved["specific_power"] == pytest.approx(design.it_power / heavier, rel=1e-12)


def test_signed_break_even_matches_brute_force_plans(reference):
    design, model = reference
    verdict = sobol.fleet_monte_carlo(model, 6, seed=11)
    for row, break_even in zip(verdict.values, verdict.outputs["break_even_launch_price"],
                               strict=True):
        values = dict(zip([item.name for item in verdict.inputs], row, strict=True))
        for price in (0.0, 300.0):
            values["economics.launch_price_per_kg"] = price
            satellite, economics = model.satellite(values), model.economics_at(values)
            plan = td.plan_fleet(satellite, target_it_power=1e9, vehicle="starship_future",
                                 economics=economics)
            beats = plan.cost_per_gpu_hour < plan.terrestrial_cost_per_gpu_hour
            assert beats == (break_even > price)


def test_break_even_of_a_cheap_draw_separates_winning_from_losing_prices(reference):
    # Starlink-class unit costs, steep learning, lean operations: orbit wins below some
    # positive launch price; plans just below and above it must disagree.
    design, model = reference
    values = {"spec.radiator_cost_per_area": 3000.0, "spec.bus_cost_per_kg": 1000.0,
              "spec.array_cost_per_watt": 5.0, "economics.manufacturing_learning_rate": 0.25,
              "economics.operations_cost_fraction": 0.008}
    break_even = model.evaluate(values)["break_even_launch_price"]
    assert break_even > 0.0
    for price, beats in ((0.9 * break_even, True), (1.1 * break_even, False)):
        moved = values | {"economics.launch_price_per_kg": price}
        plan = td.plan_fleet(model.satellite(moved), target_it_power=1e9,
                             vehicle="starship_future", economics=model.economics_at(moved))
        assert (plan.cost_per_gpu_hour < plan.terrestrial_cost_per_gpu_hour) == beats


def test_reference_verdict_is_tight_and_monotone(reference):
    _design, model = reference
    verdict = sobol.fleet_monte_carlo(model, 4096, seed=2026)
    prices = np.linspace(0.0, 3000.0, 31)
    curve = verdict.probability_beats_ground(prices)
    assert (np.diff(curve) <= 0).all()
    for price in (200.0, 1000.0):
        low, high = verdict.bootstrap_interval(
            lambda v, p=price: v.probability_beats_ground([p])[0], resamples=200)
        assert high - low < 0.02
    median = verdict.quantiles("cost_per_gpu_hour")[0.5]
    low, high = verdict.bootstrap_interval(
        lambda v: v.quantiles("cost_per_gpu_hour", [0.5])[0.5], resamples=200)
    assert (high - low) / median < 0.02
    with pytest.raises(InputError, match="levels"):
        verdict.quantiles("cost_per_gpu_hour", [1.5])


def test_range_tornado_uses_each_inputs_own_range(reference):
    _design, model = reference
    names = ["spec.radiator_cost_per_area", "economics.failure_rate"]
    tornado = sobol.range_tornado(model, inputs=names)
    ends = dict(zip(tornado.names, zip(tornado.low_inputs, tornado.high_inputs,
                                       strict=True), strict=True))
    radiator = model.inputs(names[:1])[0].value
    assert ends[names[0]] == pytest.approx((radiator / 2, radiator * 2), rel=1e-9)
    failure = sobol.uncertain_input("f", 0.03, "medium", 0.01, 0.06)
    assert ends[names[1]] == pytest.approx(failure.range90, rel=1e-12)
    assert tornado.names[0] == names[0]  # the low-confidence radiator cost swings most


def test_sobol_of_the_reference_separates_mass_from_cost(reference):
    _design, model = reference
    result = sobol.sobol_analysis(model, 64, seed=5,
                                  inputs=["spec.radiator_cost_per_area",
                                          "radiator.areal_density"])
    assert result.evaluations == 64 * 4
    # W/kg does not depend on a price: its variance is all the areal density's.
    power = result.indices["specific_power"]
    assert power["ST"][0] == 0.0 and power["ST"][1] > 0.9
    assert result.ranking("cost_per_gpu_hour")[0][0] == "spec.radiator_cost_per_area"


def test_verdict_plots(reference, tmp_path):
    from thermaldesign import plots

    _design, model = reference
    names = ["spec.radiator_cost_per_area", "radiator.areal_density"]
    result = sobol.sobol_analysis(model, 64, seed=5, inputs=names)
    fig, ax = plots.sobol_bars(result, "cost_per_gpu_hour")
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == names[0]
    fig, ax = plots.cost_tornado(sobol.range_tornado(model, inputs=names))
    assert "Cost per GPU hour [USD/h]" in ax.get_xlabel()
    prices = np.array([0.0, 100.0, 1000.0])
    fig, ax = plots.probability_curve(prices, {"reference": [0.2, 0.1, 0.0]})
    assert len(ax.lines) == 1
    fig.savefig(tmp_path / "p.png")
    with pytest.raises(InputError, match="curves\\['x'\\]"):
        plots.probability_curve(prices, {"x": [0.2, 1.5, 0.0]})


def test_samples_run_alike_here_and_on_a_dask_cluster(reference):
    distributed = pytest.importorskip("distributed")
    _design, model = reference
    names = ["spec.radiator_cost_per_area", "economics.failure_rate"]
    rows = np.array([[80_000.0, 0.03], [40_000.0, 0.05], [120_000.0, 0.01]])
    here = sobol.evaluate_samples(model, names, rows)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1,
                            dashboard_address=None) as client:
        there = sobol.evaluate_samples(model, names, rows, scheduler=client)
    np.testing.assert_array_equal(here, there)


def test_fixed_design_fleet_refuses_unknown_inputs_and_marks_refused_draws(reference):
    _design, model = reference
    with pytest.raises(InputError, match="no uncertain input 'spec.colour'"):
        model.evaluate({"spec.colour": 1.0})
    with pytest.raises(InputError, match="no uncertain input 'economics.nothing'"):
        model.inputs(["economics.nothing"])
    # A failure rate of 1.5 per year is outside [0, 1): that draw is NaN, the other stands.
    rows = model.evaluate_rows(["economics.failure_rate"], np.array([[1.5], [0.02]]))
    assert np.isnan(rows[0]).all() and np.isfinite(rows[1]).all()
    with pytest.raises(InputError, match="failure_rate"):
        model.evaluate({"economics.failure_rate": -0.1})


def test_common_random_numbers_make_paired_differences_quiet(reference):
    # Two fleets of one design (today's and the mature Starship) drawn with the same seed
    # see the same unit costs: the spread of their difference in cost per GPU-hour is far
    # below that of independent draws (brute-force comparison, 300 draws each).
    design, _model = reference
    today = FixedDesignFleet.from_design(design, target_it_power=1e8, vehicle="starship")
    mature = FixedDesignFleet.from_design(design, target_it_power=1e8,
                                          vehicle="starship_future")
    names = ["spec.radiator_cost_per_area", "spec.bus_cost_per_kg",
             "economics.manufacturing_learning_rate"]
    a = sobol.fleet_monte_carlo(today, 300, seed=1, inputs=names)
    b = sobol.fleet_monte_carlo(mature, 300, seed=1, inputs=names)
    c = sobol.fleet_monte_carlo(mature, 300, seed=2, inputs=names)
    paired = a.outputs["cost_per_gpu_hour"] - b.outputs["cost_per_gpu_hour"]
    independent = a.outputs["cost_per_gpu_hour"] - c.outputs["cost_per_gpu_hour"]
    assert np.array_equal(a.values, b.values)
    assert paired.std() < 0.2 * independent.std()
