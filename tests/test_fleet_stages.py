"""Tests of the fleet plan's stages, one by one (test doubles from test_fleet).

Each oracle is a closed form derived here or a brute force (counting satellites into a
launch, a survivor ledger stepped year by year, a direct sum over units or launches,
numerical quadrature), on records with explicit values.
"""

from __future__ import annotations

import dataclasses
import math
import types

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.integrate import quad
from test_fleet import _Design, _Ground, _Spec, _Vehicle

import thermaldesign as td
from thermaldesign import InputError
from thermaldesign.fleet import Economics, plan_fleet, stages

# Hours in a Julian year, the schedule's year [h].
JULIAN_HOURS = 365.25 * 24.0


def _satellite(**changes):
    values = dict(mass=2000.0, it_power=100_000.0, compute=1e17, gpu_count=100,
                  duty_cycle=0.98, stowed_volume=5.0, hardware_cost=6e6,
                  accelerator_cost=4e6, lifetime_years=5.0, orbit="dawn-dusk",
                  accelerator="test-gpu")
    return stages.SatelliteFigures(**(values | changes))


def _replacement(service_life=5, hazard=0.0, accelerator_hazard=0.0):
    return stages.Replacement(service_life, hazard, accelerator_hazard)


# ------------------------------------------------------------------------- inputs


@dataclasses.dataclass(frozen=True)
class _SpecWithValue(_Spec):
    def value(self, name):
        return {"accelerator_cost": 30_000.0}[name]


@dataclasses.dataclass(frozen=True)
class _RatedDesign(_Design):
    accelerator_hard_failure_rate: float = 0.03
    satellite_failure_rate: float = 0.05


@dataclasses.dataclass(frozen=True)
class _DesignWithCosts(_Design):
    cost_breakdown: dict = dataclasses.field(default_factory=lambda: {"accelerators": 2.5e6})


@pytest.mark.parametrize(("design", "accelerators"), [
    (_Design(), 100 * 40_000.0),  # the accelerator entry's unit cost
    (_Design(spec=_SpecWithValue()), 100 * 30_000.0),  # the spec's resolved input
    (_DesignWithCosts(), 2.5e6),  # the design's own roll-up
])
def test_satellite_figures_reads_the_accelerator_cost_in_order_of_precedence(design,
                                                                            accelerators):
    figures = stages.satellite_figures(design)
    assert figures.accelerator_cost == accelerators
    assert (figures.mass, figures.it_power, figures.compute, figures.gpu_count) == (
        2000.0, 1e5, 1e17, 100)
    assert (figures.orbit, figures.lifetime_years, figures.accelerator) == (
        "dawn-dusk", 5.0, "test-gpu")


def test_satellite_figures_refuses_hardware_cheaper_than_its_accelerators():
    with pytest.raises(InputError, match="design.hardware_cost = 1000 USD is below the cost "
                       "of its 100 accelerators"):
        stages.satellite_figures(_Design(hardware_cost=1000.0))
    with pytest.raises(InputError, match="SimpleNamespace lacks total_mass, it_power"):
        stages.satellite_figures(types.SimpleNamespace(spec=_Spec(), gpu_count=1))


def test_vehicle_and_payload_to_orbit():
    starship = stages.resolve_vehicle("starship")
    assert starship is td.catalog.get("launch_vehicles", "starship")
    vehicle = _Vehicle()
    assert stages.payload_to_orbit(vehicle, "dawn-dusk") == vehicle.payload_sso
    assert stages.payload_to_orbit(vehicle, "inclined") == vehicle.payload_leo
    with pytest.raises(InputError, match="missing price"):
        stages.resolve_vehicle(dataclasses.make_dataclass(
            "NoPrice", ["payload_leo", "payload_sso", "fairing_volume",
                        "max_launches_per_year"])(1, 1, 1, 1))


@pytest.mark.parametrize("economics", [None, Economics()])
def test_plan_inputs_default_economics_and_one_target(economics):
    checked, years = stages.check_plan_inputs(economics, 7, 1e6, None)
    assert checked == Economics() and years == 7
    with pytest.raises(InputError, match="exactly one"):
        stages.check_plan_inputs(economics, 7, 1e6, 1e18)
    with pytest.raises(InputError, match="years = 101"):
        stages.check_plan_inputs(economics, 101, 1e6, None)


# ------------------------------------------------------------- fleet and launches


@pytest.mark.parametrize(("target", "per_satellite"), [
    (1e7, 1e5), (1e7 * (1 + 1e-6), 1e5), (3 * 0.1, 0.1), (7 * 1e5 / 3, 1e5 / 3),
    (1.0, 5e5), (12_345_678.9, 28_123.4),
])
def test_fleet_target_is_the_fewest_satellites_that_meet_it(target, per_satellite):
    # Brute force: count up to the first fleet that meets the target, within the 1e-12
    # relative slack that keeps float rounding of k * per-satellite from adding one.
    count = 1
    while count * per_satellite < target * (1.0 - 1e-12):
        count += 1
    by_power = stages.fleet_target(_satellite(it_power=per_satellite), target, None)
    by_compute = stages.fleet_target(_satellite(compute=per_satellite), None, target)
    assert by_power.satellite_count == by_compute.satellite_count == count
    assert (by_power.it_power, by_power.compute) == (target, None)
    assert (by_compute.it_power, by_compute.compute) == (None, target)


def test_fleet_target_bounds():
    with pytest.raises(InputError, match="model stops at 1e7"):
        stages.fleet_target(_satellite(it_power=1.0), 1e7 + 1.0, None)
    with pytest.raises(InputError, match="target_it_power"):
        stages.fleet_target(_satellite(), -1.0, None)


@pytest.mark.parametrize(("mass", "volume", "orbit", "fairing"), [
    (2000.0, 5.0, "dawn-dusk", 1000.0),  # mass-limited: 80 t / 2 t = 40
    (2000.0, 20.0, "inclined", 1000.0),  # volume-limited: 500 / 20 = 25
    (2500.0, 10.0, "dawn-dusk", 1000.0),  # exact fit by mass: 32 x 2.5 t = 80 t
    (1000.0, 6.25, "inclined", 1000.0),  # exact fit by volume: 80 x 6.25 = 500 m^3
    (70_000.0, 1.0, "dawn-dusk", 1000.0),  # one per launch
])
def test_pack_launch_is_the_largest_count_that_fits(mass, volume, orbit, fairing):
    vehicle = _Vehicle(fairing_volume=fairing)
    payload = vehicle.payload_sso if orbit == "dawn-dusk" else vehicle.payload_leo
    # Brute force: add satellites while both the payload mass and half the fairing hold.
    count = 0
    while (count + 1) * mass <= payload and (count + 1) * volume <= 0.5 * fairing:
        count += 1
    packing = stages.pack_launch(_satellite(mass=mass, stowed_volume=volume, orbit=orbit),
                                 vehicle, Economics(dispenser_mass_fraction=0.0),
                                 "test-rocket")
    assert packing.satellites_per_launch == count
    assert packing.payload_mass == payload
    mass_allows_more = (count + 1) * mass <= payload
    assert packing.limit == ("volume" if mass_allows_more else "mass")


def test_pack_launch_counts_the_dispenser_mass():
    # 2 t satellites with a 25 % dispenser: 2.5 t a satellite, 80 t / 2.5 t = 32 by mass
    # (40 without the dispenser); the volume allows 100.
    packing = stages.pack_launch(_satellite(), _Vehicle(),
                                 Economics(dispenser_mass_fraction=0.25), "test-rocket")
    assert (packing.satellites_per_launch, packing.limit) == (32, "mass")


def test_pack_launch_refuses_a_satellite_that_does_not_fit():
    with pytest.raises(InputError, match="does not fit a test-rocket launch"):
        stages.pack_launch(_satellite(mass=90_000.0), _Vehicle(), Economics(), "test-rocket")


@pytest.mark.parametrize(("life", "refresh", "service"), [
    (5.0, None, 5), (4.9, None, 4), (5.0, 3.0, 3), (2.0, 3.0, 2), (1.0, None, 1),
    (7.0, 2.5, 2), (3.0 - 1e-10, None, 3),  # within 1e-9 of a whole year: that year
])
def test_replacement_policy_whole_years_of_service(life, refresh, service):
    economics = Economics(refresh_period=refresh, failure_rate=0.07,
                          accelerator_failure_rate=0.02, accelerator_hard_fraction=0.75,
                          accelerator_recovery_hours=100.0)
    policy = stages.replacement_policy(_satellite(lifetime_years=life), economics)
    assert policy.service_life == service
    # A constant hazard h leaves exp(-h) of the satellites after one year: 1 - rate.
    assert math.exp(-policy.hazard) == pytest.approx(1 - 0.07, rel=1e-15)
    # Hard failures 0.75 x 0.02 = 0.015/yr; the other 0.005/yr are down 100 h each.
    assert math.exp(-policy.accelerator_hazard) == pytest.approx(1 - 0.015, rel=1e-15)
    assert policy.recoverable_downtime == pytest.approx(0.005 * 100.0 / JULIAN_HOURS,
                                                        rel=1e-14)


def test_replacement_policy_prefers_the_designs_own_failure_rates():
    satellite = _satellite(accelerator_hard_failure_rate=0.04, satellite_failure_rate=0.08)
    policy = stages.replacement_policy(satellite, Economics(accelerator_failure_rate=0.1,
                                                            failure_rate=0.02))
    assert math.exp(-policy.accelerator_hazard) == pytest.approx(0.96, rel=1e-15)
    assert policy.accelerator_hard_rate == 0.04
    assert math.exp(-policy.hazard) == pytest.approx(0.92, rel=1e-15)


def test_satellite_figures_read_the_designs_failure_rates():
    assert stages.satellite_figures(_Design()).satellite_failure_rate is None
    figures = stages.satellite_figures(_RatedDesign())
    assert (figures.accelerator_hard_failure_rate, figures.satellite_failure_rate) == (
        0.03, 0.05)
    with pytest.raises(InputError, match="design.satellite_failure_rate"):
        stages.satellite_figures(_RatedDesign(satellite_failure_rate=1.5))


def test_replacement_policy_needs_a_year_of_service():
    with pytest.raises(InputError, match="lifetime_years = 0.5 yr"):
        stages.replacement_policy(_satellite(lifetime_years=0.5), Economics())


def test_launch_cadence_economics_cap_over_the_vehicle():
    assert stages.launch_cadence(_Vehicle(max_launches_per_year=12.0), Economics()) == 12.0
    assert stages.launch_cadence(_Vehicle(), Economics(max_launches_per_year=3.0)) == 3.0


def test_launch_schedule_waves_without_failures():
    # 100 satellites, 40 a launch, 5-year life, no failures: a wave of ceil(100/40) = 3
    # launches every 5 years, starting in year 0.
    schedule = stages.launch_schedule(100, 40, 1000.0, _replacement(5), 12)
    waves = np.arange(12) % 5 == 0
    assert schedule.launches.tolist() == np.where(waves, math.ceil(100 / 40), 0).tolist()
    assert schedule.satellites.tolist() == np.where(waves, 100, 0).tolist()
    assert schedule.deployment_years(100) == 0.5


def _ledger_schedule(fleet, per_launch, cadence, life, failure_rate, years):
    """Brute force: a ledger of each cohort's expected survivors, aged a year at a time."""
    ledger = []  # [age, expected survivors] of each cohort in service
    satellites, launches, flown = [], [], 0
    for year in range(years):
        for cohort in ledger:  # a year passes for every cohort launched before this one
            cohort[0] += 1
            cohort[1] *= 1.0 - failure_rate
        ledger = [cohort for cohort in ledger if cohort[0] < life]
        shortfall = max(0, math.ceil(fleet - sum(c[1] for c in ledger) - 1e-9 * fleet))
        allowed = math.floor(cadence * (year + 1) + 1e-9) - flown
        count = min(allowed, math.ceil(shortfall / per_launch))
        launched = min(shortfall, count * per_launch)
        ledger.append([0, float(launched)])
        satellites.append(launched)
        launches.append(count)
        flown += count
    return satellites, launches


@pytest.mark.parametrize(("fleet", "per_launch", "cadence", "life", "rate", "years"), [
    (100, 40, 1000.0, 5, 0.05, 10),
    (330, 12, 7.5, 4, 0.083, 15),
    (1000, 33, 2.0, 6, 0.0, 20),  # cadence-limited deployment
    (57, 5, 1.5, 3, 0.21, 12),
])
def test_launch_schedule_matches_a_survivor_ledger(fleet, per_launch, cadence, life, rate,
                                                   years):
    replacement = _replacement(life, hazard=-math.log1p(-rate))
    schedule = stages.launch_schedule(fleet, per_launch, cadence, replacement, years)
    satellites, launches = _ledger_schedule(fleet, per_launch, cadence, life, rate, years)
    assert schedule.satellites.tolist() == satellites
    assert schedule.launches.tolist() == launches


def test_launch_schedule_refuses_a_horizon_without_a_launch():
    with pytest.raises(InputError, match="no launch fits in 1 yr at a cadence of 0.5"):
        stages.launch_schedule(10, 5, 0.5, _replacement(), 1)


def test_deployment_years_is_the_year_the_fleet_completes():
    schedule = stages.Schedule(satellites=np.array([40, 40, 20, 0]),
                               launches=np.array([1, 1, 1, 0]))
    assert schedule.deployment_years(100) == 2.5  # the third launch, mid-year 2
    assert schedule.deployment_years(101) is None


def test_launch_manifest_full_launches_then_the_remainder():
    schedule = stages.Schedule(satellites=np.array([100, 0, 5, 80]),
                               launches=np.array([3, 0, 1, 2]))
    economics = Economics(dispenser_mass_fraction=0.0, partial_load_premium=1.0)
    manifest = stages.launch_manifest(schedule, 40, _satellite(), _Vehicle(), "test-rocket",
                                      economics)
    assert manifest.year.tolist() == [0, 0, 0, 2, 3, 3]
    assert manifest.satellite_mass.tolist() == [80e3, 80e3, 40e3, 10e3, 80e3, 80e3]
    # Partial loads pay their mass share of the 80 t SSO payload times the 100 t LEO weight
    # (premium 1); the volume share (5 m^3 of 500 usable per satellite) is smaller.
    assert_allclose(manifest.capacity_weight,
                    [100e3, 100e3, 50e3, 12.5e3, 100e3, 100e3], rtol=1e-14)
    assert manifest.vehicle == ("test-rocket",) * 2 + ("test-rocket (shared)",) * 2 + (
        "test-rocket",) * 2
    assert manifest.launches_by_vehicle(4) == {"test-rocket": [2, 0, 0, 2],
                                               "test-rocket (shared)": [1, 0, 1, 0]}


def test_partial_load_is_never_dearer_than_a_whole_launch():
    # A premium of 100 makes every share dearer than the whole vehicle: whole launches.
    schedule = stages.Schedule(satellites=np.array([1, 39]), launches=np.array([1, 1]))
    manifest = stages.launch_manifest(schedule, 40, _satellite(), _Vehicle(), "test-rocket",
                                      Economics(partial_load_premium=100.0))
    assert manifest.capacity_weight.tolist() == [100e3, 100e3]
    assert manifest.vehicle == ("test-rocket", "test-rocket")


def test_partial_load_flies_a_cheaper_smaller_vehicle():
    # One 2 t satellite on a 600 MUSD test rocket: a Falcon 9 (69.75 MUSD, 12 t to SSO)
    # weighs 69.75e6 / (600e6 / 100 t) = 11,625 kg of the test rocket's LEO capacity. At
    # premium 100 the share costs the whole launch (100 t), so a smaller vehicle wins.
    vehicle = _Vehicle(price=600e6)
    economics = Economics(partial_load_premium=100.0)
    options = stages.partial_load_options(1, _satellite(), vehicle, "test-rocket", economics)
    falcon9 = td.catalog.get("launch_vehicles", "falcon9")
    assert options["falcon9"] == pytest.approx(falcon9.price / (600e6 / 100e3), rel=1e-14)
    schedule = stages.Schedule(satellites=np.array([1]), launches=np.array([1]))
    manifest = stages.launch_manifest(schedule, 40, _satellite(), vehicle, "test-rocket",
                                      economics)
    cheapest = min(options, key=options.get)
    assert manifest.vehicle == (cheapest,)
    assert manifest.capacity_weight[0] == options[cheapest] < 100e3


def test_launch_spend_weights_follow_wrights_law_launch_by_launch():
    manifest = stages.Manifest(year=np.array([0, 0, 0, 2]), satellites=np.array([40, 40, 20, 5]),
                               satellite_mass=np.array([80e3, 80e3, 40e3, 10e3]),
                               capacity_weight=np.array([100e3, 100e3, 100e3, 100e3]),
                               vehicle_names=("r",), vehicle_code=np.zeros(4, dtype=int))
    economics = Economics(launch_learning_rate=0.2, launch_experience_mass=80e3)
    weights = stages.launch_spend_weights(manifest, economics, 100e3, 4)
    # The i-th launch pays m_LEO (M_i / M_0)^log2(0.8), M_i = M_0 + mass flown before it.
    expected = [0.0] * 4
    flown = 80e3
    for year, mass in zip([0, 0, 0, 2], [80e3, 80e3, 40e3, 10e3], strict=True):
        expected[year] += 100e3 * (flown / 80e3) ** math.log2(0.8)
        flown += mass
    assert_allclose(weights, expected, rtol=1e-14)


# ----------------------------------------------------------- production and operation


def test_production_cost_is_the_direct_sum_over_units():
    economics = Economics(manufacturing_learning_rate=0.15)
    production = stages.production_cost(np.array([3, 0, 4]), _satellite(), economics)
    bus = 6e6 - 4e6
    unit = [bus * u ** math.log2(0.85) for u in range(1, 8)]
    assert_allclose(production.bus_cost, [sum(unit[:3]), 0.0, sum(unit[3:])], rtol=1e-13)
    assert production.accelerator_cost.tolist() == [3 * 4e6, 0.0, 4 * 4e6]


@pytest.mark.parametrize(("years", "life", "hazard"), [(8, 5, 0.0), (6, 4, 0.3), (9, 2, 1.7)])
def test_exposure_is_the_integral_of_survival_over_each_year(years, life, hazard):
    exposure = stages.exposure(years, life, hazard)
    for cohort in range(years):
        launch = cohort + 0.5
        for year in range(years):
            start, end = max(year, launch), min(year + 1.0, launch + life)
            expected = 0.0 if end <= start else quad(
                lambda t, t0=launch: math.exp(-hazard * (t - t0)), start, end)[0]
            assert exposure[cohort, year] == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_exposure_series_branch_for_a_tiny_hazard():
    # hazard * span below 1e-10 takes the series of (1 - exp(-x)) / x: no jump at the switch.
    assert_allclose(stages.exposure(6, 5, 1e-13), stages.exposure(6, 5, 0.0), rtol=1e-12)
    # Year 1 of the first cohort: exp(-h / 2) (1 - exp(-h)) / h, the quotient by expm1.
    hazard = 1e-11
    expected = math.exp(-hazard / 2) * -math.expm1(-hazard) / hazard
    assert stages.exposure(2, 5, hazard)[0, 1] == pytest.approx(expected, rel=1e-15)


def test_operate_without_failures_counts_satellite_years():
    # 10 satellites at t = 0.5, 5-year life, 3-year horizon: 5, 10, 10 satellite-years.
    economics = Economics(availability=0.9, utilisation=0.8,
                          operations_cost_per_satellite_year=7e4)
    operation = stages.operate(np.array([10, 0, 0]), _replacement(5), _satellite(), economics)
    years = np.array([5.0, 10.0, 10.0])
    duty = 0.98 * 0.9 * 0.8
    assert_allclose(operation.satellite_years, years, rtol=1e-15)
    assert_allclose(operation.computing_years, years, rtol=1e-15)
    assert_allclose(operation.delivered_compute, 1e17 * duty * years, rtol=1e-15)
    assert_allclose(operation.gpu_hours, 100 * JULIAN_HOURS * duty * years, rtol=1e-15)
    assert_allclose(operation.operations_cost, 7e4 * years, rtol=1e-15)
    by_fraction = stages.operate(np.array([10, 0, 0]), _replacement(5), _satellite(),
                                 Economics(operations_cost_fraction=0.02))
    assert_allclose(by_fraction.operations_cost, 0.02 * 6e6 * years, rtol=1e-15)


def test_operate_accelerator_losses_thin_compute_only():
    # One cohort, no satellite failures, accelerators at hazard h: compute-years over the
    # first half year are (1 - exp(-h / 2)) / h per satellite.
    hazard = 0.4
    operation = stages.operate(np.array([1, 0]), _replacement(5, accelerator_hazard=hazard),
                               _satellite(), Economics())
    assert operation.satellite_years.tolist() == [0.5, 1.0]
    assert operation.computing_years[0] == pytest.approx((1 - math.exp(-hazard / 2)) / hazard,
                                                         rel=1e-14)


# ------------------------------------------------------------------------ costs


def test_discounting_and_residual_share():
    discount = stages.discounting(0.08, 10)
    assert_allclose(discount.mid_year, [1.08 ** -(y + 0.5) for y in range(10)], rtol=1e-15)
    assert discount.horizon == pytest.approx(1.08**-10, rel=1e-15)
    share = stages.residual_share(_replacement(5, hazard=0.1), 10)
    # Launched at 9.5: 4.5 of 5 years left, half a year of failures; at 5.5: 0.5 left,
    # 4.5 years of failures; cohorts of years 0-4 have retired.
    expected = [0.0] * 5 + [(y + 0.5 + 5 - 10) / 5 * math.exp(-0.1 * (10 - y - 0.5))
                            for y in range(5, 10)]
    assert_allclose(share, expected, rtol=1e-14, atol=1e-300)


def _basis(rate=0.05, insurance=0.1):
    years = 4
    return stages.CostBasis(
        launch_weights=np.array([3e5, 0.0, 1e5, 0.0]),
        production=stages.Production(bus_cost=np.array([2e8, 0.0, 1e7, 0.0]),
                                     accelerator_cost=np.array([4e8, 0.0, 2e7, 0.0])),
        operations_cost=np.array([1e6, 2e6, 2e6, 2e6]),
        insurance_fraction=insurance,
        discount=stages.discounting(rate, years),
        residual_share=np.array([0.0, 0.0, 0.25, 0.0]),
    )


def test_fleet_costs_closed_form():
    basis, price = _basis(), 150.0
    costs = stages.fleet_costs(basis, price)
    d = [1.05 ** -(y + 0.5) for y in range(4)]
    launch = [price * 3e5, 0.0, price * 1e5, 0.0]
    hardware = [6e8, 0.0, 3e7, 0.0]
    insurance = [0.1 * (h + lp) for h, lp in zip(hardware, launch, strict=True)]
    assert costs.capex["satellites"] == pytest.approx(2e8 * d[0] + 1e7 * d[2], rel=1e-14)
    assert costs.capex["accelerators"] == pytest.approx(4e8 * d[0] + 2e7 * d[2], rel=1e-14)
    assert costs.capex["launch"] == pytest.approx(launch[0] * d[0] + launch[2] * d[2],
                                                  rel=1e-14)
    assert costs.capex["insurance"] == pytest.approx(insurance[0] * d[0]
                                                     + insurance[2] * d[2], rel=1e-14)
    opex = sum(c * f for c, f in zip([1e6, 2e6, 2e6, 2e6], d, strict=True))
    assert costs.opex["ground_segment_and_operations"] == pytest.approx(opex, rel=1e-14)
    residual = 0.25 * (hardware[2] + launch[2] + insurance[2]) * 1.05**-4
    assert costs.residual == pytest.approx(residual, rel=1e-14)
    assert costs.total == pytest.approx(sum(costs.capex.values()) + opex - residual,
                                        rel=1e-14)
    assert_allclose(costs.launch_spend, launch, rtol=1e-15)
    assert_allclose(costs.spend_per_year,
                    [h + lp + i + o for h, lp, i, o in
                     zip(hardware, launch, insurance, [1e6, 2e6, 2e6, 2e6], strict=True)],
                    rtol=1e-15)


def test_reference_launch_price():
    assert stages.reference_launch_price(_Vehicle(), Economics()) == 20e6 / 100e3
    assert stages.reference_launch_price(_Vehicle(), Economics(launch_price_per_kg=55.0)) == 55.0


def test_present_delivery_and_nothing_delivered():
    operation = stages.Operation(*(np.array([0.0, 2.0, 3.0]),) * 3,
                                 gpu_hours=np.array([0.0, 1e4, 2e4]),
                                 operations_cost=np.zeros(3))
    discount = stages.discounting(0.1, 3)
    hours, flop = stages.present_delivery(operation, discount)
    assert hours == pytest.approx(1e4 / 1.1**1.5 + 2e4 / 1.1**2.5, rel=1e-15)
    assert flop == pytest.approx((2.0 / 1.1**1.5 + 3.0 / 1.1**2.5) * 365.25 * 86400,
                                 rel=1e-15)
    idle = dataclasses.replace(operation, gpu_hours=np.zeros(3))
    with pytest.raises(InputError, match="no compute is delivered within 3 yr"):
        stages.present_delivery(idle, discount)


# ------------------------------------------------------------ ground and break-even


@pytest.mark.parametrize("rate", [0.0, 0.06])
def test_ground_comparison_closed_form(rate):
    ground, life = _Ground(), 5
    economics = Economics(discount_rate=rate, utilisation=0.9, accelerator_failure_rate=0.03)
    gpu_hours = np.array([1e5, 3e5])
    replacement = stages.Replacement(life, 0.0, 0.0, accelerator_hard_rate=0.03)
    result = stages.ground_comparison(_satellite(), ground, economics, replacement, 3.5e5,
                                      gpu_hours)

    def annuity(years):  # capital recovery factor r / (1 - (1 + r)^-n); 1/n at r = 0
        return 1 / years if rate == 0 else rate / (1 - (1 + rate) ** -years)

    chip_power, chip_cost, hours = 1000.0, 40_000.0, JULIAN_HOURS * 0.9
    per_year = {"accelerators": chip_cost * (annuity(life) + 0.03),
                "facility": 12.0 * chip_power * annuity(15.0),
                "energy": 1.0 * hours * 1.2 * 0.08}
    per_hour = sum(per_year.values()) / hours
    assert result.cost_per_gpu_hour == pytest.approx(per_hour, rel=1e-13)
    assert result.cost == pytest.approx(per_hour * 3.5e5, rel=1e-13)
    for name, value in per_year.items():
        assert result.breakdown[name] == pytest.approx(value * 3.5e5 / hours, rel=1e-13)
    assert result.water_volume == pytest.approx(4e5 * 1.0 * 0.5 / 1000.0, rel=1e-15)


def test_break_even_price_is_the_root_of_the_affine_gap():
    # Cost is affine in the launch price p: total(p) = total(0) + p * slope, so the
    # break-even is p* = (ground per hour x hours - total(0)) / slope.
    basis, hours = _basis(), 2e6
    at_zero = stages.fleet_costs(basis, 0.0).total
    slope = stages.fleet_costs(basis, 1.0).total - at_zero
    ground_per_hour = (at_zero + 300.0 * slope) / hours  # p* = 300 USD/kg by construction
    expected = (ground_per_hour * hours - at_zero) / slope
    result = stages.break_even_price(basis, hours, ground_per_hour, 1e5)
    assert result.launch_price == pytest.approx(expected, rel=1e-9)
    assert "Brent" in result.note
    for cheap in (0.5, 1 - 1e-9):  # even free launch costs more than the ground
        cheap_ground = stages.break_even_price(basis, hours, cheap * at_zero / hours, 1e5)
        assert cheap_ground.launch_price is None and "free launch" in cheap_ground.note
    dear_ground = stages.break_even_price(basis, hours, ground_per_hour, 100.0)
    assert dear_ground.launch_price is None and "cheaper" in dear_ground.note


# ------------------------------------------------------------------------ wiring


def test_plan_fleet_runs_the_stages_in_order():
    design = _Design(spec=_Spec(lifetime_years=4.0), gpu_count=10, it_power=12_000.0,
                     hardware_cost=1e6)
    economics = Economics(terrestrial=_Ground(), failure_rate=0.06, max_launches_per_year=4.0)
    vehicle = _Vehicle()
    plan = plan_fleet(design, target_it_power=2e6, vehicle=vehicle, years=9,
                      economics=economics)
    satellite = stages.satellite_figures(design)
    target = stages.fleet_target(satellite, 2e6, None)
    packing = stages.pack_launch(satellite, vehicle, economics, vehicle.key)
    replacement = stages.replacement_policy(satellite, economics)
    capacity = stages.production_capacity(economics, satellite.gpu_count, 9)
    schedule = stages.launch_schedule(target.satellite_count, packing.satellites_per_launch,
                                      4.0, replacement, 9, capacity)
    assert plan.satellite_count == target.satellite_count
    assert plan.satellites_per_launch == packing.satellites_per_launch
    assert plan.satellites_launched_per_year.tolist() == schedule.satellites.tolist()
    assert plan.launches_per_year.tolist() == schedule.launches.tolist()
    operation = stages.operate(schedule.satellites, replacement, satellite, economics)
    assert_allclose(plan.operating_satellites, operation.satellite_years, rtol=0)
    assert plan.satellite["service_life"] == replacement.service_life
