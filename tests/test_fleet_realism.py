"""Fleet realism: production ramp, chip supply, launch cadence, partial loads, disposal.

Oracles: closed forms derived here, a brute-force year-by-year ledger, and the two operator
mutants of issue 16 applied to the stage source (each must make its stage test fail).
"""

from __future__ import annotations

import importlib.util
import inspect
import math
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose
from test_fleet import PLAIN, _Design, _plan
from test_fleet_stages import JULIAN_HOURS, _replacement, _satellite

from thermaldesign import InputError
from thermaldesign.fleet import Economics, stages


def test_production_capacity_ramps_linearly_to_full_rate():
    # rate 1000/yr reached after a 4-year ramp: floor(1000 (y + 1) / 4), then 1000.
    economics = Economics(production_rate=1000.0, production_ramp_years=4.0,
                          accelerator_supply=35_000.0)
    capacity = stages.production_capacity(economics, gpu_count=100, years=6)
    assert capacity.production.tolist() == [250, 500, 750, 1000, 1000, 1000]
    assert capacity.accelerators.tolist() == [350] * 6  # floor(35,000 / 100)
    unlimited = stages.production_capacity(PLAIN, gpu_count=100, years=2)
    assert unlimited.production.min() >= stages.MAX_FLEET_SIZE


@pytest.mark.parametrize("seed", range(6))
def test_deployment_is_never_faster_than_any_of_the_rates(seed):
    rng = np.random.default_rng(seed)
    fleet, per_launch = int(rng.integers(50, 3000)), int(rng.integers(1, 60))
    cadence = float(rng.uniform(0.5, 40.0))
    economics = Economics(production_rate=float(rng.uniform(20, 800)),
                          production_ramp_years=float(rng.uniform(1, 5)),
                          accelerator_supply=float(rng.uniform(2e3, 8e4)))
    capacity = stages.production_capacity(economics, gpu_count=100, years=12)
    schedule = stages.launch_schedule(fleet, per_launch, cadence,
                                      _replacement(4, hazard=0.05), 12, capacity)
    built = schedule.satellites
    assert (built <= capacity.production).all()
    assert (built <= capacity.accelerators).all()
    assert (built <= schedule.launches * per_launch).all()
    # The cadence holds cumulatively: launches up to year y <= floor(cadence (y + 1)).
    assert (np.cumsum(schedule.launches)
            <= np.floor(cadence * (np.arange(12) + 1) + 1e-9)).all()
    # Each year the cohort equals the limit the schedule names as binding.
    for year, name in enumerate(schedule.binding):
        limits = {"production": capacity.production[year],
                  "accelerators": capacity.accelerators[year]}
        if name in limits:
            assert built[year] == limits[name]
        if name == "none":
            assert built[year] == 0


def test_schedule_names_the_binding_limit_each_year():
    # 1,000 satellites, 10 per launch, 50 launches/yr (500/yr), factory 300/yr after a
    # 3-year ramp (100, 200, 300), chips for 250/yr: years 0-1 production, then chips.
    economics = Economics(production_rate=300.0, production_ramp_years=3.0,
                          accelerator_supply=25_000.0)
    capacity = stages.production_capacity(economics, gpu_count=100, years=6)
    schedule = stages.launch_schedule(1000, 10, 50.0, _replacement(10), 6, capacity)
    assert schedule.satellites.tolist() == [100, 200, 250, 250, 200, 0]
    assert schedule.binding == ("production", "production", "accelerators", "accelerators",
                                "demand", "none")
    assert schedule.launches.tolist() == [10, 20, 25, 25, 20, 0]
    slow_launch = stages.launch_schedule(1000, 10, 5.0, _replacement(10), 3, capacity)
    assert slow_launch.binding == ("launch",) * 3


def test_plan_reports_limits_and_deploys_at_the_slowest_rate():
    economics = Economics(terrestrial=PLAIN.terrestrial, production_rate=30.0,
                          production_ramp_years=1.0, failure_rate=0.0)
    plan = _plan(economics=economics, years=6)  # 100 satellites at 30 a year
    assert plan.satellites_launched_per_year.tolist()[:4] == [30, 30, 30, 10]
    assert plan.binding_limit[:4] == ("production",) * 3 + ("demand",)
    assert plan.deployment_years == 3.5
    assert plan.production_per_year.tolist() == [30] * 6
    again = type(plan).from_dict(plan.to_dict())
    assert again.binding_limit == plan.binding_limit


def test_small_fleet_is_never_charged_for_empty_capacity():
    # 3 satellites of 2 t on a 100 t rocket (40 fit): the launch is priced per kg, never
    # as the whole vehicle. Without learning the spend is the share's closed form:
    # premium x price/kg x m_LEO x (3 x 2 t x (1 + f_d)) / m_SSO.
    economics = Economics(terrestrial=PLAIN.terrestrial, launch_learning_rate=0.0,
                          insurance_fraction=0.0, failure_rate=0.0)
    plan = _plan(economics=economics, years=3, target_it_power=3e5)
    price = 20e6 / 100e3
    share = 3 * 2000.0 * (1 + economics.dispenser_mass_fraction) / 80e3
    expected = economics.partial_load_premium * price * 100e3 * share
    assert plan.capex_breakdown["launch"] == pytest.approx(expected, rel=1e-12)
    assert plan.effective_launch_price_per_kg < price * 100e3 / 80e3 * 1.5
    assert plan.launches_by_vehicle == {"test-rocket (shared)": [1, 0, 0]}


def test_disposal_closed_form():
    # 100 satellites at t = 0.5, life 3 yr, hazard h: retire exp(-3h) x 100 in year 3;
    # failures in year y are h x satellite-years of year y.
    hazard = 0.1
    cohorts = np.array([100, 0, 0, 0, 0])
    gone = stages.disposal(cohorts, _replacement(3, hazard=hazard), 2000.0)
    assert_allclose(gone.deorbited, [0, 0, 0, 100 * math.exp(-3 * hazard), 0], rtol=1e-14)
    survival = [quad_years(hazard, 0.0, 0.5), quad_years(hazard, 0.5, 1.5),
                quad_years(hazard, 1.5, 2.5), quad_years(hazard, 2.5, 3.0), 0.0]
    assert_allclose(gone.failed, hazard * 100 * np.array(survival), rtol=1e-12)
    # Every satellite leaves once: failures plus retirements add up to the cohort.
    assert gone.failed.sum() + gone.deorbited.sum() == pytest.approx(100, rel=1e-12)
    assert_allclose(gone.reentry_mass, (gone.failed + gone.deorbited) * 2000.0, rtol=1e-15)


def quad_years(hazard, start, end):
    """Integral of exp(-h t) from ``start`` to ``end`` [yr] (closed form)."""
    return (math.exp(-hazard * start) - math.exp(-hazard * end)) / hazard


def test_operate_spares_compute_only_while_the_fleet_is_short():
    # 12 satellites for a target of 10 (2 spares), no failures: computing capped at 10.
    operation = stages.operate(np.array([12, 0]), _replacement(5), _satellite(),
                               Economics(), computing_limit=10.0)
    assert_allclose(operation.satellite_years, [6.0, 12.0], rtol=1e-15)
    assert_allclose(operation.computing_years, [6.0, 10.0], rtol=1e-15)


def test_recoverable_faults_cost_downtime_on_both_sides():
    replacement = stages.Replacement(5, 0.0, 0.0, recoverable_downtime=0.01)
    economics = Economics(availability=1.0, utilisation=1.0)
    operation = stages.operate(np.array([1, 0]), replacement, _satellite(), economics)
    assert operation.gpu_hours[1] == pytest.approx(100 * JULIAN_HOURS * 0.98 * 0.99,
                                                   rel=1e-14)


def test_plan_spares_and_reentry_mass():
    economics = PLAIN.replace(spare_fraction=0.1, failure_rate=0.05)
    plan = _plan(economics=economics, years=8)
    assert plan.spare_count == 10  # ceil(0.1 x 100)
    assert plan.satellites_launched_per_year[0] == 110
    assert plan.reentry_mass_per_year.sum() > 0.0
    assert_allclose(plan.reentry_mass_per_year,
                    (plan.deorbited_per_year + plan.failed_per_year) * _Design().total_mass)


@pytest.mark.parametrize(("field", "value"), [
    ("production_rate", -1.0), ("accelerator_supply", 0.0), ("production_ramp_years", 0.5),
    ("dispenser_mass_fraction", 1.0), ("partial_load_premium", 0.9),
    ("accelerator_hard_fraction", 1.2), ("spare_fraction", -0.1),
])
def test_bad_realism_inputs_name_the_field(field, value):
    with pytest.raises(InputError, match=field):
        Economics(**{field: value})


# --------------------------------------------------------------- mutants of issue 16

MUTANTS = {
    "residual share with / for *": (
        "np.exp(-replacement.hazard * (years - launch_time))",
        "np.exp(-replacement.hazard / (years - launch_time))",
        "test_discounting_and_residual_share"),
    "delivered duty with / for *": (
        "satellite.duty_cycle * economics.availability * economics.utilisation",
        "satellite.duty_cycle * economics.availability / economics.utilisation",
        "test_operate_without_failures_counts_satellite_years"),
}


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_stage_tests_kill_the_operator_mutants(mutant, monkeypatch):
    original, mutated, test_name = MUTANTS[mutant]
    source = inspect.getsource(stages)
    assert source.count(original) == 1
    spec = importlib.util.spec_from_loader("thermaldesign.fleet._mutant_stages", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "thermaldesign.fleet"
    sys.modules[spec.name] = module
    try:
        exec(compile(source.replace(original, mutated), stages.__file__, "exec"),
             module.__dict__)
        import test_fleet_stages
        monkeypatch.setattr(test_fleet_stages, "stages", module)
        with pytest.raises(AssertionError):
            getattr(test_fleet_stages, test_name)()
    finally:
        sys.modules.pop(spec.name, None)


def test_a_plan_saved_before_the_realism_fields_reads_back():
    plan = _plan(years=6)
    old = plan.to_dict()
    for name in ("spare_count", "binding_limit", "production_per_year",
                 "accelerator_limit_per_year", "launches_by_vehicle", "deorbited_per_year",
                 "failed_per_year", "reentry_mass_per_year", "signed_break_even_launch_price"):
        old.pop(name)
    again = type(plan).from_dict(old)
    assert again.cost_per_gpu_hour == plan.cost_per_gpu_hour
    assert again.binding_limit == () and again.reentry_mass_per_year is None
    assert "re-entry" in str(again) and len(again.to_dataframe()) == 6
    with pytest.raises(InputError, match="missing \\['cost_per_gpu_hour'\\]"):
        type(plan).from_dict({k: v for k, v in old.items() if k != "cost_per_gpu_hour"})
