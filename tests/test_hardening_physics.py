"""Hardening: every public function of the physics modules meets hostile input with a
documented error, and valid input with a finite answer.

The functions are enumerated from each module's ``__all__``; :data:`TABLE` says how to draw
valid values of every parameter (from its documented range). A public function or a new
parameter without a table entry fails :func:`test_every_public_function_has_a_table_entry`,
so the fuzzing keeps up with the API.

Oracles: the documented contract itself. Only :class:`~thermaldesign.ThermalDesignError`
subclasses may escape, an :class:`~thermaldesign.InputError` caused by one bad parameter
must name that parameter, and a result computed from valid input contains no NaN or inf.

Valid ranges: each parameter's documented range, down to the smallest normal float where
it is open at 0; where the range has no upper end (a load in W, a temperature in K) the
valid-input strategies stop at a stated physical ceiling (e.g. 10,000 K, 1e15 W); values
beyond it are thrown at the functions as hostile input, where a documented error is an
acceptable answer and a traceback or a NaN is not. A valid result beyond the float range
(a 1e15 W load on a radiator of emissivity 1e-300) is the documented InputError, accepted
only when an input is itself extreme.

The number of hostile calls is counted and printed at the end of the module (run with
``-rA`` or ``-s`` to see it).
"""

from __future__ import annotations

import inspect
import math
import os
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pytest
from _helpers import write_count_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thermaldesign as td
from thermaldesign import catalog, environment, orbit, power, radiator

MODULES = (orbit, environment, radiator, power)

# Examples per hypothesis test; raise it for a deeper search (HARDENING_EXAMPLES=500).
EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "15"))

# Counts of hostile calls, printed at module teardown.
COUNTS = {"hostile calls": 0, "valid calls": 0}


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request):
    yield
    write_count_line(request, f"test_hardening_physics: {COUNTS['hostile calls']} hostile "
                     f"calls, {COUNTS['valid calls']} valid calls")


# --------------------------------------------------------------------------- strategies


def real(low, high, *, low_open=False, high_open=False):
    """Finite floats in [low, high] (ends open as asked)."""
    return st.floats(
        min_value=low,
        max_value=high,
        exclude_min=low_open,
        exclude_max=high_open,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
    )


def positive(high):
    return real(0.0, high, low_open=True)


def nonnegative(high):
    return real(0.0, high)


@dataclass(frozen=True)
class Param:
    """How to draw a valid value of one parameter.

    kind: "array" (float or array_like, broadcasts), "scalar" (one float), "int",
    "choice" (a string from a set) or "object" (anything else, e.g. a catalog entry).
    """

    strategy: st.SearchStrategy
    kind: str = "array"


def A(strategy):  # noqa: N802 - table shorthand
    return Param(strategy, "array")


def S(strategy):  # noqa: N802
    return Param(strategy, "scalar")


def Int(strategy):  # noqa: N802
    return Param(strategy, "int")


def C(*choices):  # noqa: N802
    return Param(st.sampled_from(choices), "choice")


def Obj(strategy):  # noqa: N802
    return Param(strategy, "object")


# Physical ceilings of the valid draws where the documented range is open above.
MAX_TEMPERATURE = 1.0e4  # [K] hotter than any radiator or solar array survives
MAX_FLUX = 1.0e6  # [W/m^2]
MAX_POWER = 1.0e15  # [W]
MAX_DURATION = 1.0e9  # [s] ~30 years
MAX_YEARS = 100.0  # [yr]
SSO_TOP = 5.9e6  # [m] just below orbit.sun_synchronous_max_altitude()

# Altitudes from 1 km (orbit.MIN_ALTITUDE; below it a value is refused as a unit slip).
ALTITUDE = A(real(orbit.MIN_ALTITUDE, orbit.MAX_ALTITUDE))
BETA = A(real(-90.0, 90.0))
FRACTION_OPEN = A(real(0.0, 1.0, low_open=True))
FRACTION = A(real(0.0, 1.0))
EMISSIVITY = A(real(0.0, 1.0, low_open=True))
TEMPERATURE = A(real(0.0, MAX_TEMPERATURE, low_open=True))
SINK = A(nonnegative(300.0))
SIDES = A(st.sampled_from([1, 2]))
SIGMA = S(real(*radiator.SIGMA_RANGE))
COATING = Obj(
    st.sampled_from(list(catalog.entries("coatings").values()))
)

#: module.function -> {parameter: Param}. Every parameter of every public function.
TABLE: dict[str, dict[str, Param]] = {
    # orbit
    "orbit.period": {"altitude": ALTITUDE},
    "orbit.earth_angular_radius": {"altitude": ALTITUDE},
    "orbit.critical_beta": {"altitude": ALTITUDE},
    "orbit.eclipse_fraction": {
        "altitude": ALTITUDE, "beta": BETA, "shadow": C(*orbit.SHADOW_MODELS)},
    "orbit.eclipse_duration": {
        "altitude": ALTITUDE, "beta": BETA, "shadow": C(*orbit.SHADOW_MODELS)},
    "orbit.nodal_precession_rate": {"altitude": ALTITUDE, "inclination": A(real(0.0, 180.0))},
    "orbit.sun_synchronous_max_altitude": {},
    "orbit.sun_synchronous_inclination": {"altitude": A(real(orbit.MIN_ALTITUDE, SSO_TOP))},
    "orbit.earth_view_factor": {"altitude": ALTITUDE, "tilt": A(real(0.0, 180.0))},
    "orbit.sphere_earth_view_factor": {"altitude": ALTITUDE},
    "orbit.beta_angle": {
        "day_of_year": A(real(1.0, 367.0, high_open=True)),
        "inclination": A(real(0.0, 180.0)),
        "ltan": A(real(0.0, 24.0)),
        "altitude": Param(st.none() | real(orbit.MIN_ALTITUDE, orbit.MAX_ALTITUDE), "scalar"),
        "year": Int(st.integers(1950, 2100)),
    },
    "orbit.sun_distance": {
        "day_of_year": A(real(1.0, 367.0, high_open=True)),
        "year": Int(st.integers(1950, 2100)),
    },
    "orbit.solar_flux_on_day": {
        "day_of_year": A(real(1.0, 367.0, high_open=True)),
        "year": Int(st.integers(1950, 2100)),
        "solar_constant": S(real(1.0, 2000.0)),
    },
    "orbit.eclipse_season": {
        "altitude": S(real(orbit.MIN_ALTITUDE, SSO_TOP)),
        "inclination": Param(st.none() | real(0.0, 180.0), "scalar"),
        "ltan": S(real(0.0, 24.0)),
        "samples_per_day": Int(st.integers(1, 2)),
        "shadow": C(*orbit.SHADOW_MODELS),
        "year": Int(st.integers(1950, 2100)),
    },
    # environment
    "environment.design_case": {"name": C("hot", "cold", "nominal")},
    "environment.absorbed_flux": {
        "absorptivity": FRACTION,
        "emissivity": FRACTION,
        "solar_cosine": FRACTION,
        "earth_view_factor": FRACTION,
        "albedo": FRACTION,
        "albedo_cosine": FRACTION,
        "earth_ir": A(real(0.0, 500.0)),
        "solar_flux": A(real(0.0, 1e5)),
    },
    **{
        f"environment.{name}": {
            "altitude": ALTITUDE,
            "beta": BETA,
            "absorptivity": FRACTION,
            "emissivity": FRACTION,
            "orientation": C(*environment.ORIENTATIONS),
            "samples": Int(st.integers(8, 48)),
            "case": Param(
                st.sampled_from(["hot", "cold", "nominal", environment.design_case("hot")]),
                "choice",
            ),
            "albedo": Param(st.none() | real(0.0, 1.0), "array"),
            "earth_ir": Param(st.none() | real(0.0, 500.0), "array"),
            "solar_flux": Param(st.none() | real(0.0, 1e5), "array"),
            "shadow": C(*orbit.SHADOW_MODELS),
            "albedo_model": C(*environment.ALBEDO_MODELS),
        }
        for name in ("orbit_flux", "orbit_average_flux")
    },
    # radiator
    "radiator.emitted_flux": {
        "temperature": TEMPERATURE, "emissivity": EMISSIVITY, "sides": SIDES,
        "sink_temperature": SINK, "stefan_boltzmann": SIGMA},
    "radiator.net_flux": {
        "temperature": TEMPERATURE, "emissivity": EMISSIVITY, "sides": SIDES,
        "sink_temperature": SINK, "absorbed_flux": A(nonnegative(MAX_FLUX)),
        "stefan_boltzmann": SIGMA},
    "radiator.equilibrium_temperature": {
        "absorbed_flux": A(nonnegative(MAX_FLUX)), "emissivity": EMISSIVITY, "sides": SIDES,
        "sink_temperature": SINK, "stefan_boltzmann": SIGMA},
    "radiator.area_for_heat": {
        "heat": A(nonnegative(MAX_POWER)), "temperature": TEMPERATURE,
        "emissivity": EMISSIVITY, "sides": SIDES, "sink_temperature": SINK,
        "absorbed_flux": A(nonnegative(MAX_FLUX)), "stefan_boltzmann": SIGMA},
    "radiator.panel_net_flux": {
        "temperature": TEMPERATURE, "front_emissivity": EMISSIVITY,
        "back_emissivity": EMISSIVITY, "front_absorbed": A(nonnegative(MAX_FLUX)),
        "back_absorbed": A(nonnegative(MAX_FLUX)), "sink_temperature": SINK,
        "back_sink_temperature": Param(st.none() | nonnegative(300.0), "array"),
        "stefan_boltzmann": SIGMA},
    "radiator.panel_equilibrium_temperature": {
        "front_emissivity": EMISSIVITY, "back_emissivity": EMISSIVITY,
        "front_absorbed": A(nonnegative(MAX_FLUX)), "back_absorbed": A(nonnegative(MAX_FLUX)),
        "dissipation": A(nonnegative(MAX_FLUX)), "sink_temperature": SINK,
        "back_sink_temperature": Param(st.none() | nonnegative(300.0), "array"),
        "stefan_boltzmann": SIGMA},
    "radiator.fin_efficiency": {"fin_parameter": A(nonnegative(1e12))},
    "radiator.linearized_fin_efficiency": {"fin_parameter": A(nonnegative(1e12))},
    "radiator.fin_parameter": {
        "half_width": A(positive(10.0)), "thickness": A(positive(0.1)),
        "conductivity": A(positive(2000.0)), "base_temperature": TEMPERATURE,
        "emissivity": EMISSIVITY, "sides": SIDES, "stefan_boltzmann": SIGMA},
    "radiator.fin_panel": {
        "half_width": A(positive(10.0)), "thickness": A(positive(0.1)),
        "conductivity": A(positive(2000.0)), "density": A(positive(2e4)),
        "tube_mass_per_length": A(nonnegative(100.0)), "base_temperature": TEMPERATURE,
        "emissivity": EMISSIVITY, "tube_width": A(nonnegative(1.0)), "sides": SIDES,
        "stefan_boltzmann": SIGMA},
    "radiator.coating_properties": {
        "age": A(nonnegative(MAX_YEARS)), "absorptivity_bol": FRACTION_OPEN,
        "absorptivity_eol": FRACTION_OPEN, "emissivity_bol": FRACTION_OPEN,
        "emissivity_eol": FRACTION_OPEN, "eol_years": A(positive(MAX_YEARS)),
        "model": C("saturating", "linear"),
        "time_constant": Param(st.none() | positive(MAX_YEARS), "array")},
    "radiator.coating_at_age": {
        "coating": COATING, "age": A(nonnegative(MAX_YEARS)),
        "model": C("saturating", "linear"),
        "time_constant": Param(st.none() | positive(MAX_YEARS), "array")},
    # power
    "power.cell_power_density": {"efficiency": FRACTION_OPEN, "solar_flux": A(nonnegative(1e5))},
    "power.lifetime_degradation": {
        "degradation_per_year": A(real(0.0, 1.0, high_open=True)),
        "years": A(nonnegative(MAX_YEARS))},
    "power.array_power_density": {
        "efficiency": FRACTION_OPEN, "packing_factor": FRACTION_OPEN,
        "inherent_degradation": FRACTION_OPEN, "incidence": A(real(0.0, 90.0)),
        "degradation_per_year": A(real(0.0, 1.0, high_open=True)),
        "years": A(nonnegative(MAX_YEARS)),
        "cell_temperature": Param(st.none() | positive(1000.0), "array"),
        "temperature_coefficient": A(real(-0.02, 0.02)),
        "reference_temperature": A(positive(1000.0)), "solar_flux": A(nonnegative(1e5))},
    "power.array_temperature": {
        "absorptivity": FRACTION_OPEN, "front_emissivity": A(positive(1.0)),
        "back_emissivity": A(positive(1.0)), "efficiency": FRACTION,
        "packing_factor": FRACTION_OPEN, "incidence": A(real(0.0, 90.0)),
        "solar_flux": A(nonnegative(1e5)), "electrical_factor": FRACTION_OPEN,
        "temperature_coefficient": A(real(-0.02, 0.02)),
        "reference_temperature": A(positive(1000.0)),
        "front_absorbed": A(nonnegative(1e4)), "back_absorbed": A(nonnegative(1e4)),
        "sink_temperature": SINK, "stefan_boltzmann": SIGMA},
    "power.array_power_required": {
        "daylight_load": A(nonnegative(MAX_POWER)), "eclipse_load": A(nonnegative(MAX_POWER)),
        "daylight_duration": A(positive(MAX_DURATION)),
        "eclipse_duration": A(nonnegative(MAX_DURATION)),
        "daylight_efficiency": A(positive(1.0)), "eclipse_efficiency": A(positive(1.0))},
    "power.array_area_for_power": {
        "required_power": A(nonnegative(MAX_POWER)), "power_density": A(positive(MAX_FLUX))},
    "power.array_mass": {"area": A(nonnegative(1e12)), "areal_density": A(positive(1e3))},
    "power.path_efficiencies": {
        "regulation": C("peak-power-tracking", "direct-energy-transfer")},
    "power.conditioning_heat": {
        "delivered_power": A(nonnegative(MAX_POWER)), "efficiency": A(positive(1.0))},
    "power.eclipse_energy": {
        "load": A(nonnegative(MAX_POWER)), "eclipse_duration": A(nonnegative(MAX_DURATION)),
        "discharge_efficiency": A(positive(1.0))},
    "power.battery_capacity": {
        "load": A(nonnegative(MAX_POWER)), "eclipse_duration": A(nonnegative(MAX_DURATION)),
        "discharge_efficiency": A(positive(1.0)), "depth_of_discharge": A(positive(1.0))},
    "power.battery_mass": {
        "installed_energy": A(nonnegative(1e18)), "specific_energy": A(real(1e3, 1e8))},
}

#: Public classes: result types and named tuples, built by the functions above.
RESULT_TYPES = {
    "orbit.EclipseSeason", "environment.DesignCase", "environment.OrbitFlux",
    "radiator.CoatingState", "radiator.FinPanel", "power.PathEfficiencies",
}

#: Documented errors that valid-range draws may still meet, because they depend on a
#: combination of parameters (each function's Raises section): function -> message regex.
DOCUMENTED_COMBINATION_ERRORS = {
    "radiator.area_for_heat": "absorbs at least what it emits",
    "radiator.coating_properties": "linear ageing model|at this age is outside",
    "radiator.coating_at_age": "linear ageing model|at this age is outside",
    "power.array_power_density": "linear temperature model does not apply",
    "power.array_temperature": "exceeds absorptivity|no array temperature",
    "orbit.eclipse_season": "sun-synchronous",
}


def resolve(qualified):
    module_name, name = qualified.split(".")
    return getattr(getattr(td, module_name), name)


def public_functions():
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[-1]
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) or inspect.isclass(value):
                yield f"{short}.{name}", value


def test_every_public_function_has_a_table_entry():
    missing, incomplete = [], []
    for qualified, value in public_functions():
        if inspect.isclass(value):
            if qualified not in RESULT_TYPES:
                missing.append(qualified)
            continue
        if qualified not in TABLE:
            missing.append(qualified)
            continue
        parameters = set(inspect.signature(value).parameters)
        if parameters != set(TABLE[qualified]):
            incomplete.append((qualified, sorted(parameters ^ set(TABLE[qualified]))))
    assert not missing, f"public names without a fuzz-table entry: {missing}"
    assert not incomplete, f"table parameters differ from the signatures: {incomplete}"
    assert set(TABLE) == {q for q, v in public_functions() if inspect.isfunction(v)}


# ----------------------------------------------------------------------------- helpers


def numeric_leaves(result):
    """Every float/array inside a result (floats, arrays, dataclasses, named tuples)."""
    if result is None or isinstance(result, str):
        return
    if isinstance(result, (float, int, np.ndarray, np.floating)):
        yield np.asarray(result, dtype=float)
    elif isinstance(result, tuple):  # NamedTuple results
        for item in result:
            yield from numeric_leaves(item)
    elif hasattr(result, "__dataclass_fields__"):
        for name in result.__dataclass_fields__:
            yield from numeric_leaves(getattr(result, name))


def assert_finite(result, qualified):
    for leaf in numeric_leaves(result):
        assert np.isfinite(leaf).all(), f"{qualified} returned a non-finite value: {leaf}"


def draw_valid(data, qualified):
    """Valid keyword arguments for one function; arrays share one length per example."""
    length = data.draw(st.sampled_from([0, 1, 3]), label="array length (0 = scalars)")
    kwargs = {}
    for name, param in TABLE[qualified].items():
        if param.kind == "array" and length:
            as_array = data.draw(st.booleans(), label=f"{name} as array")
            if as_array:
                values = data.draw(
                    st.lists(param.strategy, min_size=length, max_size=length), label=name
                )
                if any(v is None for v in values):  # optional parameter: None or an array
                    kwargs[name] = None
                else:
                    kwargs[name] = np.array(values, dtype=float)
                continue
        kwargs[name] = data.draw(param.strategy, label=name)
    return kwargs


def call(function, kwargs):
    """Call with warnings as errors: a numpy overflow warning is a bug, not an answer."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(**kwargs)


# ------------------------------------------------------------------- valid inputs: finite


@pytest.mark.parametrize("qualified", sorted(TABLE))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_valid_input_gives_finite_result(qualified, data):
    function = resolve(qualified)
    kwargs = draw_valid(data, qualified)
    COUNTS["valid calls"] += 1
    try:
        result = call(function, kwargs)
    except td.InputError as error:
        if "leaves the float range" in str(error):
            # Documented (module docstrings): a result beyond the float range. Only where
            # an input is itself extreme (the guard names it), never for ordinary values.
            assert any(
                np.any((np.abs(v) > 1e30) | ((np.abs(v) < 1e-30) & (v != 0)))
                for v in kwargs.values()
                if isinstance(v, (float, np.ndarray))
            ), f"{qualified} overflowed on ordinary input {kwargs}: {error}"
            return
        allowed = DOCUMENTED_COMBINATION_ERRORS.get(qualified)
        assert allowed is not None and re.search(allowed, str(error)), (
            f"{qualified} refused valid input {kwargs}: {error}"
        )
        return
    assert_finite(result, qualified)
    # Scalar input gives a Python float (the contract), array input an array.
    scalar_input = all(np.ndim(v) == 0 for v in kwargs.values() if v is not None)
    if scalar_input and isinstance(result, (float, np.ndarray)):
        assert isinstance(result, float), f"{qualified} returned {type(result)} for scalars"


# --------------------------------------------------------------------- hostile inputs


class _Opaque:
    def __repr__(self):
        return "<opaque object>"


#: Values no numeric parameter should take quietly; shared with the other hardening tests.
HOSTILE_VALUES = [
    math.nan, math.inf, -math.inf, -1.0, -1e-300, 0.0, -0.0, 5e-324, 1e-300, 1e300, 1.8e308,
    -1.8e308, 10**30, -(10**30), 10**400, -7, 2.5, True, False, "abc", "", "1.0", "nan",
    None, ["a", "b"], [None], {"a": 1}, {}, 1 + 2j, [1j], (), [], np.array([]),
    np.empty((0, 3)), np.array([1.0, math.nan]), np.array([1.0, -math.inf]),
    np.ones((2, 5)), np.ones((7,)), [[1.0, 2.0], [3.0]], _Opaque(), b"1", np.array("x"),
    np.array([True, False]), slice(1, 2), {1.0, 2.0},
]


def hostile_ids(values):
    return [f"{type(v).__name__}:{str(v)[:12]}" for v in values]


def check_hostile(qualified, name, value, base):
    """Call with ``name`` replaced by ``value``; only documented errors may escape."""
    function = resolve(qualified)
    kwargs = dict(base, **{name: value})
    COUNTS["hostile calls"] += 1
    try:
        result = call(function, kwargs)
    except td.ThermalDesignError as error:
        if isinstance(error, td.InputError) and qualified not in DOCUMENTED_COMBINATION_ERRORS:
            # The message must point at the parameter (or, for a shape clash, at every
            # parameter involved, which includes this one).
            assert name in str(error), f"{qualified}({name}={value!r}): {error}"
        return
    except Exception as error:  # noqa: BLE001 - the point of the test
        pytest.fail(
            f"{qualified}({name}={value!r}) raised {type(error).__name__}: {error}"
        )
    assert_finite(result, qualified)


def _required(qualified):
    signature = inspect.signature(resolve(qualified))
    return [
        name for name, p in signature.parameters.items() if p.default is inspect.Parameter.empty
    ]


# Valid values for the required parameters (optional ones keep their defaults).
_BASE_VALUES = {
    "altitude": 550e3, "beta": 30.0, "inclination": 97.6, "day_of_year": 100.0,
    "absorptivity": 0.2, "emissivity": 0.85, "temperature": 300.0, "heat": 1000.0,
    "absorbed_flux": 100.0, "front_emissivity": 0.85, "back_emissivity": 0.8,
    "fin_parameter": 0.25, "half_width": 0.05, "thickness": 1e-3, "conductivity": 167.0,
    "density": 2700.0, "tube_mass_per_length": 0.1, "base_temperature": 300.0,
    "age": 2.0, "absorptivity_bol": 0.1, "absorptivity_eol": 0.2, "emissivity_bol": 0.9,
    "emissivity_eol": 0.88, "eol_years": 10.0, "coating": None, "efficiency": 0.3,
    "degradation_per_year": 0.03, "years": 5.0, "daylight_load": 100.0,
    "eclipse_load": 100.0, "daylight_duration": 3600.0, "eclipse_duration": 2000.0,
    "required_power": 1000.0, "power_density": 300.0, "area": 10.0, "areal_density": 2.0,
    "delivered_power": 1000.0, "load": 1000.0, "installed_energy": 1e8,
    "specific_energy": 5e5, "name": "hot",
}


def base_kwargs(qualified):
    kwargs = {name: _BASE_VALUES[name] for name in _required(qualified)}
    if "coating" in kwargs:
        kwargs["coating"] = catalog.get("coatings", next(iter(catalog.entries("coatings"))))
    if qualified == "orbit.eclipse_season":
        kwargs["samples_per_day"] = 1
    if qualified in ("environment.orbit_flux", "environment.orbit_average_flux"):
        kwargs["samples"] = 16
    return kwargs


HOSTILE_CASES = [
    (qualified, name)
    for qualified in sorted(TABLE)
    for name in TABLE[qualified]
]


def test_baselines_are_valid():
    for qualified in sorted(TABLE):
        assert_finite(call(resolve(qualified), base_kwargs(qualified)), qualified)


@pytest.mark.parametrize(("qualified", "name"), HOSTILE_CASES,
                         ids=[f"{q}-{n}" for q, n in HOSTILE_CASES])
def test_fixed_hostile_values(qualified, name):
    base = base_kwargs(qualified)
    for value in HOSTILE_VALUES:
        check_hostile(qualified, name, value, base)


hostile_strategy = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.floats(),  # NaN, +-inf, subnormals, huge and negative numbers
    st.integers(min_value=-(10**40), max_value=10**40),
    st.text(max_size=6),
    st.complex_numbers(),
    st.lists(st.floats(), min_size=0, max_size=4).map(lambda v: np.array(v, dtype=float)),
    st.lists(st.one_of(st.floats(), st.text(max_size=2), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.floats(), max_size=2),
)


@pytest.mark.parametrize("qualified", sorted(q for q in TABLE if TABLE[q]))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_hostile_values(qualified, data):
    name = data.draw(st.sampled_from(sorted(TABLE[qualified])), label="parameter")
    value = data.draw(hostile_strategy, label="value")
    check_hostile(qualified, name, value, base_kwargs(qualified))


# ------------------------------------------------- what the fuzzing found, one test each


@pytest.mark.parametrize(
    ("call", "match"),
    [
        # Found by the fuzzing: numpy's bare "could not be broadcast" ValueError escaped.
        (lambda: radiator.emitted_flux(np.full(3, 300.0), np.full(7, 0.9)),
         r"temperature \(3,\).*emissivity \(7,\)"),
        (lambda: orbit.eclipse_fraction(np.full(3, 550e3), np.zeros(2)),
         r"altitude \(3,\), beta \(2,\)"),
        (lambda: environment.orbit_flux(np.full(3, 550e3), np.zeros(2), 0.2, 0.8, samples=16),
         "do not broadcast"),
        # net_flux calls emitted_flux and eclipse_duration calls eclipse_fraction: the guard
        # reports from the outermost call, with the caller's own arguments.
        (lambda: radiator.net_flux(np.full(3, 300.0), np.full(2, 0.9)),
         r"^net_flux: .*temperature \(3,\)"),
        (lambda: orbit.eclipse_duration(np.full(3, 550e3), np.zeros(2)),
         r"^eclipse_duration: .*altitude \(3,\)"),
        (lambda: orbit.period(10**400), "altitude holds an integer beyond the float range"),
    ],
    ids=["emitted_flux", "eclipse_fraction", "orbit_flux", "net_flux", "eclipse_duration",
         "period"],
)
def test_errors_name_the_called_function_and_the_bad_parameter(call, match):
    with pytest.raises(td.InputError, match=match):
        call()


@pytest.mark.parametrize(
    ("function", "args", "name"),
    [
        (radiator.emitted_flux, (1e300, 0.9), "temperature"),
        (radiator.net_flux, (300.0, 0.9), None),
        (power.conditioning_heat, (1e3, 5e-324), "efficiency"),
        (power.array_mass, (1e200, 1e200), "area"),
        (radiator.fin_parameter, (1e300, 1e-3, 167.0, 300.0, 0.9), "half_width"),
        (orbit.period, (10**400,), "altitude"),
    ],
)
def test_overflowing_combinations_raise_input_error_naming_the_culprit(function, args, name):
    # Found by the fuzzing: each value passes its own range check, but the result leaves
    # the float range; numpy warned and returned inf. Now an InputError names the input.
    if name is None:  # control: a valid call still works under the guard
        assert math.isfinite(function(*args))
        return
    with pytest.raises(td.InputError, match=name):
        function(*args)


def test_equilibrium_temperature_of_a_near_black_body_with_tiny_emissivity():
    # Found by the fuzzing: n*eps*sigma underflowed to 0 for eps = 1e-300, so no load gave
    # 0/0 (NaN) and area_for_heat crashed building its error message. Closed form in logs:
    # T = exp((log q - log(n eps sigma)) / 4).
    q, eps, sigma = 100.0, 1e-300, td.constants.STEFAN_BOLTZMANN
    expected = math.exp((math.log(q) - math.log(eps) - math.log(sigma)) / 4.0)
    assert radiator.equilibrium_temperature(q, eps) == pytest.approx(expected, rel=1e-12)
    assert radiator.equilibrium_temperature(0.0, 5e-324) == 0.0
    assert radiator.equilibrium_temperature(0.0, 5e-324, sink_temperature=3.0) == 3.0
    with pytest.raises(td.InputError, match="absorbs at least what it emits"):
        radiator.area_for_heat(1e3, 300.0, 5e-324)
    # (T^4 + Ts^4)^(1/4) without overflow near the float limit: 1e100 K and 0 K sink.
    assert radiator.equilibrium_temperature(1e308, 1e-300) == pytest.approx(
        math.exp((math.log(1e308) + 300 * math.log(10) - math.log(sigma)) / 4.0), rel=1e-12
    )


def test_sample_counts_have_an_upper_end():
    # Found by the fuzzing: samples=10**19 reached np.arange ("Maximum allowed size
    # exceeded") or a MemoryError.
    with pytest.raises(td.InputError, match=r"samples = 100001 is outside .*\[8, 100000\]"):
        environment.orbit_flux(550e3, 0.0, 0.2, 0.8, samples=100_001)
    with pytest.raises(td.InputError, match=r"samples = 1000\d* is outside"):
        environment.orbit_average_flux(550e3, 0.0, 0.2, 0.8, samples=1e300,
                                       orientation="sun-pointing")
    with pytest.raises(td.InputError, match=r"samples_per_day = 1441 .*\[1, 1440\]"):
        orbit.eclipse_season(550e3, samples_per_day=1441)


@pytest.mark.parametrize("year", [10**19, 1e300, 9999, 2101, 1949])
def test_eclipse_season_year_range(year):
    # Found by the fuzzing: year 9999 or 1e300 reached datetime.date (ValueError /
    # OverflowError) before beta_angle's range check.
    with pytest.raises(td.InputError, match="year"):
        orbit.eclipse_season(550e3, year=year)


def test_unknown_design_case_names_the_case_parameter():
    # Found by the fuzzing: orbit_flux(case="hott") blamed a parameter called "name".
    with pytest.raises(td.InputError, match=r"case = 'hott'.*did you mean 'hot'"):
        environment.orbit_flux(550e3, 0.0, 0.2, 0.8, case="hott")
    with pytest.raises(td.InputError, match="case = None"):
        environment.orbit_average_flux(550e3, 0.0, 0.2, 0.8, case=None)


# ------------------------------------- shared validators: gaps the fuzzing found, now closed


def test_check_array_rejects_integers_beyond_float_range():
    from thermaldesign._validation import check_array

    with pytest.raises(td.InputError, match="altitude"):
        check_array(10**400, "altitude")


@pytest.mark.parametrize("value", [np.array(["hot", "cold"]), np.array([]), np.ones(3)])
def test_check_choice_rejects_arrays(value):
    with pytest.raises(td.InputError, match="name"):
        environment.design_case(value)


def test_check_array_rejects_complex_arrays():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(td.InputError, match="temperature"):
            radiator.emitted_flux(np.array([300 + 5j]), 0.9)


@pytest.mark.parametrize("value", [["300", "310"], np.array(["300.0"])])
def test_check_array_rejects_strings_inside_arrays(value):
    with pytest.raises(td.InputError, match="temperature"):
        radiator.emitted_flux(value, 0.9)


def test_penumbra_covering_more_than_a_hemisphere():
    # Found by the fuzzing: altitude 1 m, beta 90 deg, penumbra gave arccos(-huge) = NaN.
    # Closed form: the penumbral cone half-angle rho + r_sun exceeds 90 deg when
    # R/(R+h) > cos(r_sun); then every point of the orbit sees the Sun partly hidden.
    # The public functions now refuse altitudes below 1 km as unit slips, so the geometry
    # below that is checked at the private half-angle it is computed by.
    sun = math.asin(td.constants.SUN_RADIUS / td.constants.ASTRONOMICAL_UNIT)
    radius = td.constants.EARTH_RADIUS
    threshold = radius / math.cos(sun) - radius  # ~69 m
    half_angle = orbit._eclipse_half_angle
    assert half_angle(np.array(0.5 * threshold), np.array(90.0), "penumbra") == math.pi
    assert half_angle(np.array(2.0 * threshold), np.array(90.0), "penumbra") == 0.0
    assert half_angle(np.array(1.0), np.array(90.0), "umbra") == 0.0
    with pytest.raises(td.InputError, match="below 1 km"):
        orbit.eclipse_fraction(0.5 * threshold, 90.0, shadow="penumbra")


# ---------------------------------------------------------- methods of the result objects


@pytest.mark.parametrize("value", HOSTILE_VALUES[:30], ids=hostile_ids(HOSTILE_VALUES[:30]))
def test_orbit_flux_average_refuses_hostile_components(value):
    flux = environment.orbit_flux(550e3, 30.0, 0.2, 0.85, samples=16)
    COUNTS["hostile calls"] += 1
    with pytest.raises(td.InputError, match="component"):
        flux.average(value)


def test_result_objects_serialise_finite_values():
    # Oracle: to_dict holds only finite numbers (JSON-safe) and round-trips the fields.
    import json

    flux = environment.orbit_flux([550e3, 1000e3], [0.0, 60.0], 0.2, 0.85, samples=16,
                                  orientation="sun-pointing")
    season = orbit.eclipse_season(550e3, samples_per_day=1)
    for result in (flux, season, environment.design_case("hot"),
                   radiator.fin_panel(0.05, 1e-3, 167.0, 2700.0, 0.1, 300.0, 0.9)):
        text = json.dumps(result.to_dict(), allow_nan=False)
        assert json.loads(text)
        assert str(result)


@pytest.mark.parametrize(
    "case",
    [
        environment.DesignCase("odd", math.nan, 0.3, 237.0, "test"),
        environment.DesignCase("odd", 1361.0, 2.0, 237.0, "test"),
        environment.DesignCase("odd", 1361.0, 0.3, -1.0, "test"),
    ],
    ids=["nan-solar", "albedo-2", "negative-ir"],
)
def test_hand_built_design_case_is_validated(case):
    with pytest.raises(td.InputError, match="solar_flux|albedo|earth_ir"):
        environment.orbit_average_flux(550e3, 0.0, 0.2, 0.85, case=case)


@pytest.mark.parametrize("coating", [None, "az93", 3.0, {"absorptivity_bol": 0.1}])
def test_coating_at_age_refuses_objects_without_the_fields(coating):
    with pytest.raises(td.InputError, match="coating"):
        radiator.coating_at_age(coating, 1.0)


def test_earth_view_factor_of_a_plate_on_the_surface():
    # Found by the full-range fuzzing: altitude 2.2e-308 m (ratio 1 in floats) and tilt
    # 2.2e-308 deg gave 0 * inf in the partial branch. Closed form on the surface: the
    # Earth fills the half-space below the horizon, F = (1 + cos(tilt)) / 2. The public
    # function now refuses altitudes below 1 km as unit slips, so the formula is checked
    # unguarded (__wrapped__, with the arrays the guard would hand it).
    unguarded = orbit.earth_view_factor.__wrapped__
    for tilt in (2.2e-308, 30.0, 90.0, 150.0):
        expected = (1.0 + math.cos(math.radians(tilt))) / 2.0
        value = unguarded(np.asarray(2.2e-308), np.asarray(tilt))
        assert value == pytest.approx(expected, abs=1e-12)
    with pytest.raises(td.InputError, match="below 1 km"):
        orbit.earth_view_factor(2.2e-308, 30.0)


def test_panel_equilibrium_temperature_with_tiny_emissivities():
    # Found by the full-range fuzzing: (eps_f + eps_b) sigma underflowed to 0, so no load
    # gave 0/0. Closed form in logs: T = exp((log q - log((eps_f + eps_b) sigma)) / 4).
    sigma = td.constants.STEFAN_BOLTZMANN
    expected = math.exp((math.log(100.0) - math.log(2e-308) - math.log(sigma)) / 4.0)
    value = radiator.panel_equilibrium_temperature(1e-308, 1e-308, dissipation=100.0)
    assert value == pytest.approx(expected, rel=1e-12)
    assert radiator.panel_equilibrium_temperature(1e-308, 1e-308) == 0.0
    # Sinks weighted by emissivity: eps_f = 3 eps_b, sinks 100 K and 0 K -> (3/4)^(1/4) 100.
    assert radiator.panel_equilibrium_temperature(
        3e-308, 1e-308, sink_temperature=100.0, back_sink_temperature=0.0
    ) == pytest.approx(100.0 * 0.75**0.25, rel=1e-12)


@pytest.mark.parametrize("sigma", [1e-300, 1.0, 5.4e-8, 5.9e-8])
def test_stefan_boltzmann_override_is_a_rounding_not_a_unit_change(sigma):
    # Found by the full-range fuzzing: sigma = 2e-308 overflowed array_temperature's
    # Newton start; a source's own sigma is within 3 % of CODATA (5.67e-8, 5.669e-8).
    with pytest.raises(td.InputError, match=r"stefan_boltzmann = .* \[5.5e-08, 5.85e-08\]"):
        radiator.emitted_flux(300.0, 0.9, stefan_boltzmann=sigma)
    with pytest.raises(td.InputError, match="stefan_boltzmann"):
        power.array_temperature(0.9, 0.85, 0.8, stefan_boltzmann=sigma)
    assert radiator.emitted_flux(300.0, 1.0, stefan_boltzmann=5.67e-8) == pytest.approx(
        5.67e-8 * 300.0**4, rel=1e-15)


def test_fin_parameter_with_tiny_thickness_conductivity_and_temperature():
    # Found by the full-range fuzzing: T^3 and k*t both underflowed to 0 (0/0). Closed
    # form in logs: log N = log(n eps sigma) + 3 log T + 2 log L - log k - log t.
    sigma, tiny = td.constants.STEFAN_BOLTZMANN, 1e-300
    value = radiator.fin_parameter(1.0, tiny, tiny, 1e-100, 1.0, sides=1)
    expected = math.exp(math.log(sigma) + 3 * math.log(1e-100) - 2 * math.log(tiny))
    assert value == pytest.approx(expected, rel=1e-12)
    assert radiator.fin_parameter(1.0, 2.2e-308, 2.2e-308, 2.2e-308, 1.0) >= 0.0


def _shape_clash_cases():
    for qualified in sorted(TABLE):
        base = base_kwargs(qualified)
        arrays = [n for n, p in TABLE[qualified].items()
                  if p.kind == "array" and isinstance(base.get(n, None), float)]
        if len(arrays) >= 2:
            yield qualified, arrays[0], arrays[1]


SHAPE_CASES = list(_shape_clash_cases())


@pytest.mark.parametrize(("qualified", "first", "second"), SHAPE_CASES,
                         ids=[c[0] for c in SHAPE_CASES])
def test_every_function_names_both_sides_of_a_shape_clash(qualified, first, second):
    # Oracle: numpy cannot broadcast (3,) against (7,); the error must name both inputs.
    base = base_kwargs(qualified)
    kwargs = dict(base, **{first: np.full(3, base[first]), second: np.full(7, base[second])})
    COUNTS["hostile calls"] += 1
    with pytest.raises(td.InputError, match="do not broadcast") as raised:
        call(resolve(qualified), kwargs)
    assert f"{first} (3,)" in str(raised.value) and f"{second} (7,)" in str(raised.value)


# ------------------------------------------- the one approach to extreme magnitudes


def test_power_product_is_the_plain_formula_inside_the_band():
    # Oracle: the product written out left to right, bit for bit.
    from thermaldesign._validation import power_product

    base = np.array([1e-90, 0.3, 7.0, 1e90])
    assert np.array_equal(
        power_product((base, 3), (2.5, -1), (base, 0.25)),
        base**3 * 2.5**-1 * base**0.25,
    )
    assert power_product((0.0, 0.25), (1e-300, -0.25)) == 0.0  # a zero base stays zero


def test_power_product_outside_the_band_matches_logarithms():
    # Oracle: closed forms in logs. (1e200)^2 / 1e300 = 1e100 although 1e400 overflows;
    # 1e-300 * 1e-300 / 1e-300 = 1e-300 although the first product underflows to 0.
    from thermaldesign._validation import power_product

    assert power_product((1e200, 2), (1e300, -1)) == pytest.approx(1e100, rel=1e-13)
    assert power_product((1e-300, 1), (1e-300, 1), (1e-300, -1)) == pytest.approx(
        1e-300, rel=1e-13)
    with pytest.raises(FloatingPointError, match="overflow"):
        power_product((1e200, 2), (1e-300, -1))


def test_a_product_beyond_the_float_range_is_an_input_error_naming_the_extremes():
    # N = sigma T^3 L^2 / (k t) with L = 1e200 m and t = 1e-200 m is ~1e600: no float.
    with pytest.raises(td.InputError, match=r"fin_parameter: .*half_width = 1e\+200"):
        radiator.fin_parameter(1e200, 1e-200, 100.0, 300.0, 0.9)


def test_guard_table_checks_positional_keyword_and_default_arguments():
    from thermaldesign._guard import guarded
    from thermaldesign._validation import fraction, positive

    @guarded(temperature=positive("K"), emissivity=fraction())
    def flux(temperature, emissivity=0.5):
        return temperature, emissivity

    temperature, emissivity = flux(300)
    # Checked values come in as float arrays, the default included.
    assert isinstance(temperature, np.ndarray) and temperature.dtype == float
    assert isinstance(emissivity, np.ndarray) and float(emissivity) == 0.5
    with pytest.raises(td.InputError, match=r"emissivity = 2 is outside the valid range \(0, 1\]"):
        flux(300.0, 2.0)
    with pytest.raises(td.InputError, match=r"temperature = -1 K is outside .* \(0, inf\) K"):
        flux(emissivity=0.9, temperature=-1.0)
    with pytest.raises(TypeError):  # a missing argument is still Python's own error
        flux()
