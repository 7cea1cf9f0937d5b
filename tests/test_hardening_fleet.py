"""Hardening: fleet closed forms, ``plan_fleet`` and ``SatelliteSpec``/``size_satellite``
meet hostile input with documented errors only.

The fleet's public functions are enumerated from ``thermaldesign.fleet.__all__``; each has
a table entry with valid-range generators (from its docstring) and gets every hostile
value of :data:`test_hardening_physics.HOSTILE_VALUES` in every parameter. Oracle: the
documented contract (ThermalDesignError subclasses only, the parameter named, finite
results for valid input). The escapes it found (overflow of tiny or huge valid values,
int64 casts, unbounded loops and ranges) are fixed; their tests stay as regressions.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import os
import signal
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening_physics import (
    HOSTILE_VALUES,
    A,
    Int,
    S,
    assert_finite,
    nonnegative,
    positive,
    real,
    write_count_line,
)

import thermaldesign as td
from thermaldesign import fleet

# Examples per hypothesis test; raise it for a deeper search.
EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "15"))

COUNTS = {"hostile calls": 0, "valid calls": 0, "hostile specs": 0, "hostile plans": 0}


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request):
    yield
    write_count_line(request, "test_hardening_fleet: " + ", ".join(
        f"{value} {name}" for name, value in COUNTS.items()))


MAX_MASS = 1e12  # [kg]
MAX_POWER = 1e15  # [W]

#: function -> {parameter: Param}; every parameter of every public fleet function.
TABLE = {
    "learning_curve_price": {
        "cumulative_mass": A(real(1.0, MAX_MASS)), "reference_price": A(real(1.0, 1e5)),
        "reference_mass": A(real(1.0, MAX_MASS)), "learning_rate": A(real(0.0, 0.9))},
    "unit_cost_sum": {
        "first_unit": Int(st.integers(1, 1000)), "last_unit": Int(st.integers(1000, 3000)),
        "first_unit_cost": S(nonnegative(1e9)), "learning_rate": S(real(0.0, 0.9))},
    "launched_power_price": {
        "mass": A(real(1.0, 1e6)), "launch_price": A(nonnegative(1e5)),
        "power": A(real(1.0, 1e9)), "lifetime_years": A(real(0.1, 100.0))},
    "terrestrial_power_cost": {
        "electricity_price_per_kwh": A(nonnegative(10.0)), "pue": A(real(1.0, 5.0)),
        "hours": A(positive(8784.0))},
    "terrestrial_cost": {
        "it_power": A(real(1.0, MAX_POWER)), "years": A(real(0.1, 100.0)),
        "electricity_price_per_kwh": A(nonnegative(10.0)), "pue": A(real(1.0, 5.0)),
        "cooling_fraction": A(nonnegative(5.0)), "water_per_kwh": A(nonnegative(10.0)),
        "backup_cost": A(nonnegative(1e12)), "hours_per_year": A(positive(8784.0))},
    "satellites_per_launch": {
        "satellite_mass": A(real(1.0, 1e6)), "stowed_volume": A(real(1e-3, 1e4)),
        "payload_mass": A(real(1.0, 1e6)), "fairing_volume": A(real(1.0, 1e4)),
        "volume_fraction": A(real(1e-3, 1.0))},
    "affordable_launch_price": {
        "terrestrial_cost_per_watt": A(nonnegative(1e3)), "specific_mass": A(real(1e-4, 1.0))},
    "specific_power": {"power": A(nonnegative(MAX_POWER)), "mass": A(real(1.0, MAX_MASS))},
    "implied_specific_power": {
        "power_per_year": A(nonnegative(MAX_POWER)), "mass_per_year": A(real(1.0, MAX_MASS))},
    "power_added_per_year": {
        "mass_per_year": A(nonnegative(MAX_MASS)), "specific_power": A(nonnegative(1e4))},
    "capital_recovery_factor": {
        "discount_rate": A(real(0.0, 1.0)), "years": A(real(0.1, 100.0))},
    "packing_breakpoints": {
        "payload_mass": S(real(1.0, 1e6)), "low": S(real(1.0, 1e3)), "high": S(real(1e3, 1e6))},
}
#: Public names covered by dedicated tests below, or plain result types.
COVERED_ELSEWHERE = {"plan_fleet", "best_mass_limit", "Economics", "FleetPlan",
                     "MassLimitChoice", "TerrestrialCost",
                     "FixedDesignFleet"}  # tests/test_sobol.py: bad inputs and draws

#: Valid values for each function's required parameters.
BASE = {
    "learning_curve_price": {"cumulative_mass": 1e7, "reference_price": 3600.0,
                             "reference_mass": 8e6},
    "unit_cost_sum": {"first_unit": 1, "last_unit": 100, "first_unit_cost": 1e6,
                      "learning_rate": 0.15},
    "launched_power_price": {"mass": 575.0, "launch_price": 3600.0, "power": 28e3,
                             "lifetime_years": 5.0},
    "terrestrial_power_cost": {"electricity_price_per_kwh": 0.06, "pue": 1.09},
    "terrestrial_cost": {"it_power": 40e6, "years": 10.0, "electricity_price_per_kwh": 0.04},
    "satellites_per_launch": {"satellite_mass": 3000.0, "stowed_volume": 20.0,
                              "payload_mass": 100e3, "fairing_volume": 1000.0},
    "affordable_launch_price": {"terrestrial_cost_per_watt": 10.0, "specific_mass": 0.04},
    "specific_power": {"power": 28e3, "mass": 575.0},
    "implied_specific_power": {"power_per_year": 100e9, "mass_per_year": 1e9},
    "power_added_per_year": {"mass_per_year": 1e9, "specific_power": 100.0},
    "capital_recovery_factor": {"discount_rate": 0.08, "years": 10.0},
    "packing_breakpoints": {"payload_mass": 100e3, "low": 1000.0, "high": 5000.0},
}


def resolve(name):
    return getattr(fleet, name)


def test_every_public_fleet_name_is_covered():
    names = [n for n in fleet.__all__ if callable(getattr(fleet, n))]
    missing = [n for n in names if n not in TABLE and n not in COVERED_ELSEWHERE]
    assert not missing, f"fleet names without a hardening entry: {missing}"
    for name, params in TABLE.items():
        assert set(inspect.signature(resolve(name)).parameters) == set(params), name


class _Timeout(Exception):
    pass


def call_with_alarm(function, kwargs, seconds=1):
    """Call with numpy warnings as errors and a wall-clock limit (a hang is a bug too)."""

    def alarm(signum, frame):
        raise _Timeout(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return function(**kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_hostile(name, parameter, value):
    kwargs = dict(BASE[name], **{parameter: value})
    COUNTS["hostile calls"] += 1
    try:
        result = call_with_alarm(resolve(name), kwargs)
    except td.ThermalDesignError as error:
        if isinstance(error, td.InputError):
            assert parameter in str(error) or "unit range" in str(error), (
                f"{name}({parameter}={value!r}): {error}")
        return None
    except Exception as error:  # noqa: BLE001 - the point of the test
        return f"{name}({parameter}={value!r}) raised {type(error).__name__}: {error}"
    assert_finite(result, name)
    return None


CASES = [(n, p) for n in sorted(TABLE) for p in TABLE[n]]
SPEC_HOSTILE = HOSTILE_VALUES


@pytest.mark.parametrize(
    ("name", "parameter"),
    CASES,
    ids=[f"{n}-{p}" for n, p in CASES],
)
def test_fixed_hostile_values(name, parameter):
    problems = [check_hostile(name, parameter, value) for value in SPEC_HOSTILE]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(TABLE))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_valid_input_gives_finite_result(name, data):
    kwargs = {p: data.draw(param.strategy, label=p) for p, param in TABLE[name].items()}
    COUNTS["valid calls"] += 1
    assert_finite(call_with_alarm(resolve(name), kwargs), name)


# ------------------------------------------------------------------ SatelliteSpec fields

SPEC_FIELDS = [f.name for f in dataclasses.fields(td.SatelliteSpec)]


# hostile or tiny mass limits on purpose: the unit-slip warning is expected
@pytest.mark.filterwarnings("ignore:mass_limit = .* below 50 kg:UserWarning")
@pytest.mark.parametrize("field", SPEC_FIELDS)
def test_spec_fields_refuse_hostile_values(field):
    base = td.reference_spec()
    for value in SPEC_HOSTILE:
        COUNTS["hostile specs"] += 1
        try:
            spec = base.replace(**{field: value})
        except td.ThermalDesignError as error:
            text = str(error)
            assert field in text, (field, value, text)
            continue
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"SatelliteSpec({field}={value!r}) raised {type(error).__name__}: "
                        f"{error}")
        assert getattr(spec, field) is not None or value is None


def test_spec_refuses_integers_beyond_float_range():
    with pytest.raises(td.InputError, match="mass_limit"):
        td.reference_spec().replace(mass_limit=10**400)


def test_unknown_battery_names_the_spec_field():
    with pytest.raises(td.ThermalDesignError, match="battery ="):
        td.reference_spec().replace(battery="lithium")


# ------------------------------------------------ size_satellite and plan_fleet at extremes


@pytest.fixture(scope="module")
def design():
    return td.size_satellite(td.reference_spec(), sensitivities=False)


@pytest.mark.parametrize(
    "changes",
    [
        {"mass_limit": 1.0},  # far below the bus alone
        {"mass_limit": 1e12},
        {"lifetime_years": 1e-6},
        {"max_radiator_area": 1e-6},
        {"max_array_area": 1e-6},
        {"avionics_power": 1e9},
        {"structure_fraction": 0.99},
    ],
    ids=lambda c: next(iter(c)),
)
# hostile or tiny mass limits on purpose: the unit-slip warning is expected
@pytest.mark.filterwarnings("ignore:mass_limit = .* below 50 kg:UserWarning")
def test_size_satellite_at_extremes_answers_with_a_design_or_a_documented_error(changes):
    COUNTS["hostile specs"] += 1
    try:
        spec = td.reference_spec().replace(**changes)
    except td.InputError:
        return
    try:
        result = td.size_satellite(spec, sensitivities=False)
    except (td.InfeasibleDesignError, td.SolverError, td.InputError) as error:
        assert str(error)
        return
    for key, value in result.to_dict().items():
        if isinstance(value, float):
            assert math.isfinite(value), (key, value)


PLAN_HOSTILE = {
    "target_it_power": [math.nan, -1.0, 0.0, math.inf, "1e9", [1e9], True, 5e-324],
    "target_compute": [math.nan, -1.0, 0.0, math.inf, "big", {}],
    "vehicle": ["starshp", "", None, 3, ["starship"], {"name": "x"}],
    "years": [0, -1, 0.5, 1e9, math.nan, "10", None, 101],
    "economics": ["cheap", 3, {"discount_rate": 2.0}, [], object()],
}


@pytest.mark.parametrize("keyword", sorted(PLAN_HOSTILE))
def test_plan_fleet_refuses_hostile_keywords(design, keyword):
    for value in PLAN_HOSTILE[keyword]:
        kwargs = {"target_it_power": 1e9}
        if keyword == "target_compute":
            kwargs = {}
        kwargs[keyword] = value
        COUNTS["hostile plans"] += 1
        try:
            plan = call_with_alarm(lambda **k: td.plan_fleet(design, **k), kwargs, seconds=20)
        except td.ThermalDesignError as error:
            assert keyword.split("_")[0] in str(error) or "target" in str(error), (
                keyword, value, str(error))
            continue
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"plan_fleet({keyword}={value!r}) raised {type(error).__name__}: "
                        f"{error}")
        for key, number in plan.to_dict().items():
            if isinstance(number, float):
                assert math.isfinite(number), (keyword, value, key, number)


def test_plan_fleet_refuses_a_design_that_is_not_one():
    for value in (None, "design", 3, {"gpu_count": 1}):
        with pytest.raises(td.ThermalDesignError, match="design"):
            td.plan_fleet(value, target_it_power=1e9)


SIZE_HOSTILE = [None, "bogus", -1, 0, 1.5, math.nan, [], {}, 10**30]


@pytest.mark.parametrize(
    "keyword", ["spec", "objective", "gpu_count", "integer"],
)
def test_size_satellite_refuses_hostile_arguments(keyword):
    spec = td.reference_spec()
    for value in SIZE_HOSTILE:
        if keyword == "gpu_count" and value is None:  # the default: let the optimizer choose
            continue
        kwargs = {"spec": spec, "sensitivities": False, keyword: value}
        COUNTS["hostile specs"] += 1
        try:
            td.size_satellite(**kwargs)
        except td.ThermalDesignError as error:
            assert keyword in str(error) or "GPUs" in str(error), (keyword, value, str(error))
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"size_satellite({keyword}={value!r}) raised "
                        f"{type(error).__name__}: {error}")
        else:
            pytest.fail(f"size_satellite accepted {keyword}={value!r}")


@pytest.mark.parametrize("value", [np.array([1, 2]), "no", math.nan])
def test_size_satellite_validates_sensitivities_flag(value):
    with pytest.raises(td.InputError, match="sensitivities"):
        td.size_satellite(td.reference_spec(), sensitivities=value)
