"""size_satellite: optimality against brute force, integer counts, closure, DPP.

Oracles: brute-force enumeration of every GPU count (each a fixed-count GP, the
continuous variables solved exactly for that count); closed-form physics re-checks;
finite differences of the continuous relaxation.
"""

import dataclasses
import math
import re

import pytest

from thermaldesign import bus
from thermaldesign.errors import ClosureError, InfeasibleDesignError, InputError
from thermaldesign.sizing import SatelliteSpec, check_design, model, size_satellite
from thermaldesign.sizing.closure import assert_closes
from thermaldesign.sizing.evaluate import eclipse_fractions, environment_of
from thermaldesign.sizing.solve import physical_objective, solve_fixed

SMALL = SatelliteSpec(mass_limit=1200.0)
SPECS = {
    "small battery": SMALL,
    "idle in eclipse, B200": SMALL.replace(accelerator="b200", eclipse_mode="idle"),
    "inclined, light radiator": SMALL.replace(
        orbit="inclined", design_beta=30.0, radiator="lightweight_future", mass_limit=900.0
    ),
    "servers of 4, area limit": SMALL.replace(gpu_granularity=4, max_radiator_area=30.0,
                                              mass_limit=1500.0),
}


def brute_force(spec, objective, upper):
    """Best count by enumerating every multiple of the server size up to ``upper``, at
    every eclipse power fraction the spec allows (clock, junction temperature and the
    rest solved exactly by each fixed-count GP)."""
    env = environment_of(spec)
    best = None
    k = spec.gpu_granularity
    for fraction in eclipse_fractions(spec):
        values = dict(model.coefficient_values(spec, env, eclipse_fraction=fraction),
                      eclipse_fraction=fraction)
        for n in range(k, upper + 1, k):
            solution = solve_fixed(spec, env, values, objective, n)
            if not solution.feasible:
                continue
            value = physical_objective(spec, env, solution, objective)
            key = (n, value, solution.variables["dry_mass"])
            if best is None:
                best = (key, solution)
            elif objective == "max_compute":
                if (value * (1 + 1e-9), -key[2]) > (best[0][1], -best[0][2]):
                    best = (key, solution)
            elif value < best[0][1]:
                best = (key, solution)
    return best


@pytest.mark.parametrize("objective", ["max_compute", "min_mass_per_compute",
                                       "min_cost_per_compute"])
@pytest.mark.parametrize("name", list(SPECS))
def test_integer_optimum_matches_brute_force(name, objective):
    spec = SPECS[name]
    design = size_satellite(spec, objective, sensitivities=False)
    relaxed = size_satellite(spec, objective, integer=False, sensitivities=False)
    upper = int(relaxed.gpu_count) + 3 * spec.gpu_granularity
    (count, value, _), solution = brute_force(spec, objective, upper)
    assert design.gpu_count == count
    assert design.objective_value == pytest.approx(value, rel=1e-6)
    # continuous variables of the brute-force optimum at the same count (solver tolerance)
    assert design.solar_array_area == pytest.approx(solution.variables["array_area"], rel=1e-4)
    assert design.radiator_area == pytest.approx(solution.variables["radiator_area"], rel=1e-4)
    assert design.radiator_temperature == pytest.approx(
        solution.variables["radiator_temperature"], rel=1e-4
    )
    assert design.gpu_count % spec.gpu_granularity == 0
    # the best count brackets the relaxed optimum (log-convexity, module doc of solve)
    k = spec.gpu_granularity
    ratio = relaxed.gpu_count / k
    assert math.floor(ratio) * k <= design.gpu_count <= math.ceil(ratio) * k


def fixed_chip(spec):
    """Today's chip: full clock, at the junction limit, eclipse policy pinned."""
    mode = "battery" if spec.eclipse_mode == "optimize" else spec.eclipse_mode
    return spec.replace(clock_fraction=1.0, junction_temperature=spec.value("junction_limit"),
                        eclipse_mode=mode)


@pytest.mark.parametrize("name", list(SPECS))
def test_one_more_server_is_infeasible_for_max_compute(name):
    # with the chip's operating point pinned, compute is N flops: the count is the most
    # that fits (with a free clock a further server may fit at a lower clock)
    spec = fixed_chip(SPECS[name])
    design = size_satellite(spec, sensitivities=False)
    with pytest.raises(InfeasibleDesignError, match="no design fits"):
        size_satellite(spec, gpu_count=design.gpu_count + spec.gpu_granularity,
                       sensitivities=False)
    fixed = size_satellite(spec, gpu_count=design.gpu_count, sensitivities=False)
    assert fixed.total_mass == pytest.approx(design.total_mass, rel=1e-6)


def test_problem_is_dgp_and_dpp_for_every_structure():
    spec = SMALL.replace(max_array_area=500.0, max_radiator_area=100.0, max_stowed_volume=50.0)
    env = environment_of(spec)
    values = model.coefficient_values(spec, env)
    for objective in ("max_compute", "min_mass_per_compute", "min_cost_per_compute"):
        for fixed in (False, True):
            point = dict(values, gpu_count=3.0)
            structure = model.structure_of(spec, env, point, objective, fixed_count=fixed)
            assert model.compiled(structure).problem.is_dgp(dpp=True)
    relaxed = model.structure_of(spec, env, dict(values, gpu_count=3.0), "max_compute",
                              fixed_count=True,
                              relaxed=("mass limit", "thermal chain", "radiator material"))
    assert model.compiled(relaxed).problem.is_dgp(dpp=True)


def test_a_reused_compiled_problem_sizes_each_spec_as_a_fresh_build():
    # Two specs of one structure share a compiled problem; only its parameter values change.
    # Oracle: the second spec sized again on an empty cache (a problem built for it alone).
    other = SMALL.replace(mass_limit=2000.0, lifetime_years=7.0)
    structures = [model.structure_of(spec, environment_of(spec),
                                  model.coefficient_values(spec, environment_of(spec)),
                                  "max_compute", fixed_count=False) for spec in (SMALL, other)]
    assert structures[0] == structures[1]
    model._CACHE.clear()
    first = size_satellite(SMALL)
    compiled_count = len(model._CACHE)
    reused = size_satellite(other)
    assert compiled_count >= 1 and len(model._CACHE) == compiled_count  # none new for `other`
    model._CACHE.clear()
    fresh = size_satellite(other)
    assert reused.to_dict() == fresh.to_dict()
    assert reused.gpu_count > first.gpu_count  # the new values really reached the solver


def test_closure_margins_and_physics_of_the_design():
    design = size_satellite(SMALL)
    margins = check_design(SMALL, design)
    assert min(margins.values()) >= -1e-6
    # the active constraints of max_compute close to solver tolerance
    for name in ("power balance", "radiator balance", "thermal chain"):
        assert abs(margins[name]) < 1e-5
    # mass adds up, and the specific power is what the fields say
    assert math.fsum(design.mass_breakdown.values()) == pytest.approx(design.total_mass)
    assert design.specific_power == pytest.approx(design.it_power / design.total_mass)
    gpu = SMALL.entry("accelerator")
    assert design.nameplate_compute == design.gpu_count * 989.4e12
    assert design.compute == pytest.approx(
        design.nameplate_compute * design.clock_fraction ** gpu.clock_throughput_exponent)


def test_tampered_design_fails_closure():
    design = size_satellite(SMALL, sensitivities=False)
    smaller = dataclasses.replace(design, radiator_area=design.radiator_area * 0.99)
    assert check_design(SMALL, smaller)["radiator balance"] < -1e-3
    with pytest.raises(ClosureError, match="radiator balance violated"):
        assert_closes(SMALL, smaller)
    lighter = dataclasses.replace(design, total_mass=design.total_mass * 0.9)
    with pytest.raises(ClosureError, match="mass roll-up"):
        assert_closes(SMALL, lighter)


@pytest.mark.parametrize("bus_model", ["scaled", "fixed"])
def test_infeasible_mass_limit_names_the_fixed_bus_and_amount(bus_model):
    layout = "in-plane" if bus_model == "scaled" else None
    spec = SMALL.replace(mass_limit=200.0, bus_model=bus_model, layout=layout)
    with pytest.raises(InfeasibleDesignError) as info:
        size_satellite(spec)
    message = str(info.value)
    # fixed part of the bus: avionics 40 + 4 ISL x 15 + propulsion 40 [kg], plus attitude
    # control: the scaled bus's sensors 15 + the in-plane layout's two rotary joints (its
    # wheels scale with the panels), or the fixed bus's 60; structure max(S, 0.12 D) and
    # harness max(H, 0.05 D) around it (floors S, H; none by default): the dry mass D is
    # the largest of the four linear solutions (each floor taken or not); wet = D x rocket
    attitude = 15.0 + 2 * bus.ROTARY_JOINT_MASS if bus_model == "scaled" else 60.0
    fixed = 40.0 + 4 * 15.0 + 40.0 + attitude
    s, h = spec.structure_floor_mass, spec.harness_floor_mass
    dry = max(fixed / 0.83, (fixed + s) / 0.95, (fixed + h) / 0.88, fixed + s + h)
    bus_wet = dry * spec.rocket_factor
    assert f"below the {bus_wet:,.0f} kg fixed bus" in message
    needed = info.value.relaxations["mass_limit"] * 200.0
    stated = re.search(r"raise it by at least ([\d,.]+) kg", message).group(1)
    # stated to three significant figures
    assert float(stated.replace(",", "")) == pytest.approx(needed - 200.0, rel=5e-3)
    # raising the limit by exactly that much makes one GPU fit
    design = size_satellite(spec.replace(mass_limit=needed * (1 + 1e-6)), sensitivities=False)
    assert design.gpu_count == 1


def test_infeasible_thermal_chain_says_how_many_kelvin():
    # Even at the lowest clock (x = 0.606) and a cold die the board draws
    # 700 W (0.248 + 0.602 * 0.606^3.75) = 238 W: junction 250 K - 0.3 K/W * 238 W - 10 K
    # - 5 K = 164 K (no thermal margin here), and a radiator this cold emits
    # 2 * 0.85 * 0.913 * sigma * 164^4 = 64 W/m^2, less than the ~131 W/m^2 it absorbs.
    # (An ammonia loop, freezing at 195.4 K, allows a junction limit this low.)
    # (the catalog panel, no fin optimum and no panel profile: neither exists this cold)
    spec = SMALL.replace(junction_limit=250.0, cold_plate_resistance=0.3,
                         coolant_freezing_point=195.4, thermal_margin=0.0,
                         fin_material=None, panel_profile=False)
    with pytest.raises(InfeasibleDesignError,
                       match=r"junction limit \(250.0 K\) must rise") as info:
        size_satellite(spec)
    assert "raise the junction limit or cut the drops" in str(info.value)
    factor = info.value.relaxations["junction_limit"]
    assert factor > 1.0
    # oracle: the relaxation it names is enough for one GPU
    design = size_satellite(spec.replace(junction_limit=250.0 * factor * (1 + 1e-6)),
                            sensitivities=False)
    assert design.gpu_count >= 1


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"objective": "max_flops"}, "objective = 'max_flops' is not one of"),
        ({"gpu_count": 0}, r"gpu_count = 0 is outside the valid range"),
        ({"gpu_count": 2.5}, "gpu_count must be a whole number"),
        ({"integer": "yes"}, "integer must be True or False"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(InputError, match=match):
        size_satellite(SMALL, **kwargs)


def test_gpu_count_must_be_multiple_of_server_size():
    with pytest.raises(InputError, match="not a multiple of gpu_granularity = 4"):
        size_satellite(SMALL.replace(gpu_granularity=4), gpu_count=6)


# ------------------------------------------------- direct conic path vs cvxpy DGP path

from thermaldesign.errors import SolverError  # noqa: E402
from thermaldesign.sizing import direct  # noqa: E402
from thermaldesign.sizing import solve as solve_module  # noqa: E402


@pytest.mark.parametrize("objective", ["max_compute", "min_mass_per_compute",
                                       "min_cost_per_compute"])
@pytest.mark.parametrize("fixed", [False, True])
def test_direct_conic_form_agrees_with_cvxpy(objective, fixed):
    spec = SMALL.replace(max_stowed_volume=40.0, max_array_area=400.0)
    env = environment_of(spec)
    values = dict(model.coefficient_values(spec, env), gpu_count=5.0)
    structure = model.structure_of(spec, env, values, objective, fixed_count=fixed)
    fast = solve_module.run(structure, values, engines=("direct",))
    reference = solve_module.run(structure, values, engines=("cvxpy",))
    assert fast.solver == "CLARABEL (direct)" and reference.solver == "CLARABEL"
    assert fast.variables["objective"] == pytest.approx(reference.variables["objective"],
                                                        rel=1e-6)
    if fixed and objective == "max_compute":
        return  # the clock is all that is optimised: the other variables are not unique
    for name, value in reference.variables.items():
        # two interior-point solves at tolerance 1e-8 of different conic formulations: near
        # an optimum the objective is flat to first order, so a 1e-8 objective tolerance
        # leaves ~sqrt(1e-8) = 1e-4 in the variables of the flat directions (T_j, spares)
        assert fast.variables[name] == pytest.approx(value, rel=1e-3)
    for name, dual in reference.duals.items():
        # both are interior-point duals at tolerance 1e-8 of different formulations
        assert fast.duals[name] == pytest.approx(dual, abs=1e-3)


def test_fallback_to_cvxpy_when_the_direct_solve_fails(monkeypatch):
    fast = size_satellite(SMALL, sensitivities=False)
    assert fast.solver == "CLARABEL (direct)"
    monkeypatch.setattr(direct, "timed_solve",
                        lambda structure, values: ("NumericalError", {}, {}, 0.0, 0.0))
    design = size_satellite(SMALL, sensitivities=False)
    assert design.solver == "CLARABEL"
    assert design.gpu_count == fast.gpu_count
    assert design.total_mass == pytest.approx(fast.total_mass, rel=1e-6)


def test_solver_error_when_every_path_fails(monkeypatch):
    env = environment_of(SMALL)
    values = model.coefficient_values(SMALL, env)
    structure = model.structure_of(SMALL, env, values, "max_compute", fixed_count=False)
    monkeypatch.setattr(direct, "timed_solve",
                        lambda structure, values: ("MaxIterations", {}, {}, 0.0, 0.0))
    monkeypatch.setattr(solve_module, "SOLVERS", ("NOT_A_SOLVER",))
    with pytest.raises(SolverError, match="CLARABEL \\(direct\\): MaxIterations"):
        solve_module.run(structure, values)


def test_beginning_of_life_margins_exceed_end_of_life():
    design = size_satellite(SMALL, sensitivities=False)
    array = SMALL.entry("solar_array")
    # cells lose (1 - d)^t by end of life; new cells also run cooler (more of the absorbed
    # sunlight leaves as electricity), so the BOL power ratio is at least (1 - d)^-t
    lifetime = (1 - array.degradation_per_year) ** SMALL.lifetime_years
    floor = (1 + design.margins["power balance"]) / lifetime - 1
    assert design.bol_margins["power balance"] >= floor - 1e-9
    # a fresh coating emits more and absorbs less at the same temperature
    assert design.bol_margins["radiator balance"] > design.margins["radiator balance"]


def test_relaxed_count_matches_closed_form():
    """Closed form: with no eclipse the radiator runs at the chain limit and every mass is
    linear in N, so the mass limit gives N directly.

    N = (M_limit (1 - f) / R - m_fixed) / (m_gpu + rho_s a_N + rho_r r_N + loop + PCU),
    with a_N the array area per GPU (power.array_area_for_power) and r_N the radiator
    area per GPU (radiator.area_for_heat at the chain-limited temperature).
    """
    from thermaldesign import power, radiator

    # fin_material=None: the catalog fin efficiency and areal density, as written below
    accelerator = SMALL.entry("accelerator").replace(hard_failure_rate=0.0)
    # bus_model="fixed": attitude control adcs_mass / adcs_power, as written below
    spec = fixed_chip(SMALL.replace(orbit="inclined", design_beta=80.0, mass_limit=2000.0,
                                    accelerator=accelerator,
                                    fin_material=None, bus_model="fixed"))
    env = environment_of(spec)
    design = size_satellite(spec, integer=False, sensitivities=False)
    it = accelerator.power + spec.value("server_power")
    loss = 1 / spec.daylight_efficiency - 1
    loop_heat = it * (1 + loss) / (1 - spec.pump_power_per_watt * (1 + loss))
    payload = it + spec.pump_power_per_watt * loop_heat
    # no eclipse: the array carries the daylight load only (SMAD eq. 11-5 with T_e = 0)
    array_power = payload / spec.daylight_efficiency
    array_area = power.array_area_for_power(array_power, env.array_power_density)
    bus_power = spec.avionics_power + 4 * spec.isl_terminal_power + spec.adcs_power
    bus_array = power.array_area_for_power(bus_power / spec.daylight_efficiency,
                                           env.array_power_density)
    temperature = env.chain_limit
    tech = spec.entry("radiator")
    emission = tech.fin_efficiency * radiator.emitted_flux(temperature, env.emissivity, 2)
    radiator_area = loop_heat / (emission - env.absorbed_flux)
    array = spec.entry("solar_array")
    per_area = array.areal_density + spec.power_conditioning_mass_per_watt * (
        env.array_power_density
    )
    # survival heaters per m^2: hold 195.49 + 10 K against the coldest absorbed flux,
    # 1 g/W installed, with the new (BOL) emissivity
    coating = spec.entry("coating")
    heaters = 1e-3 * (tech.fin_efficiency * radiator.emitted_flux(205.49, coating.emissivity_bol, 2)
                      - env.cold_absorbed_flux)
    per_gpu = (
        accelerator.mass
        + per_area * array_area
        + (tech.areal_density + heaters) * radiator_area
        + spec.thermal_loop_mass_per_watt * loop_heat
    )
    fixed = 40 + 4 * 15 + 60 + 40 + per_area * bus_array
    dry = spec.mass_limit / spec.rocket_factor
    count = (dry * (1 - spec.harness_fraction - spec.structure_fraction) - fixed) / per_gpu
    assert design.gpu_count == pytest.approx(count, rel=1e-6)
    assert design.radiator_temperature == pytest.approx(temperature, rel=1e-7)
    assert design.radiator_area == pytest.approx(radiator_area * count, rel=1e-6)


def test_threads_share_compiled_problems_safely():
    from concurrent.futures import ThreadPoolExecutor

    specs = [SMALL.replace(mass_limit=900.0 + 150.0 * i) for i in range(8)]
    serial = [size_satellite(s, sensitivities=False) for s in specs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda s: size_satellite(s, sensitivities=False), specs))
    for a, b in zip(serial, threaded, strict=True):
        assert a.gpu_count == b.gpu_count
        assert a.total_mass == pytest.approx(b.total_mass, rel=1e-7)


def test_custom_accelerator_object():
    from thermaldesign import catalog

    chip = catalog.get("accelerators", "h100").replace(key="h100_500w", power=500.0)
    spec = SMALL.replace(accelerator=chip)
    design = size_satellite(spec, sensitivities=False)
    baseline = size_satellite(SMALL, sensitivities=False)
    # a cooler chip: less power and heat per GPU, and a smaller cold-plate drop
    assert design.gpu_count > baseline.gpu_count
    assert design.radiator_temperature > baseline.radiator_temperature
    assert design.it_power == pytest.approx(design.gpu_count * (
        design.chip_power + chip.host_power))
    assert design.chip_power < 500.0 * (1 + 1e-9)  # at most the TDP of the new chip
