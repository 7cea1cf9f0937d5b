"""The columnar route of batched sizing (:func:`.vector_path.columnar_sizing`).

Oracle throughout: :func:`thermaldesign.size_satellite` on each spec alone (Clarabel
solves, the scalar integer step and branch and bound over eclipse fractions): the batch
must give the same integer GPU counts, the same objective to 1e-9 relative and, for an
infeasible spec, an error of the same type. The array forms of the integer step's rules
are checked against the scalar rules by brute force.
"""

import math

import numpy as np
import pytest
from test_coefficient_columns import GROUPS  # kinds of every shape, varied row by row

import thermaldesign as td
from thermaldesign._guard import trusted
from thermaldesign.errors import InfeasibleDesignError
from thermaldesign.sizing import batch_solver, entry, evaluate, solve, vector_path

OBJECTIVES = td.sizing.OBJECTIVES


def _relaxed_count(mass_limit: float) -> float:
    spec = td.SatelliteSpec(mass_limit=mass_limit, eclipse_mode="battery")
    return td.size_satellite(spec, integer=False, sensitivities=False).gpu_count


def _at_an_integer() -> td.SatelliteSpec:
    """A spec whose relaxed max_compute count is an integer to ~1e-12 (secant on the
    mass limit): the integer step's candidates then sit at the floor/ceil rounding edge."""
    masses = [2000.0, 2100.0]
    counts = [_relaxed_count(m) for m in masses]
    target = float(round(counts[0]))
    for _ in range(30):
        if abs(counts[-1] - target) < 1e-11 * target:
            break
        slope = (counts[-1] - counts[-2]) / (masses[-1] - masses[-2])
        masses.append(masses[-1] + (target - counts[-1]) / slope)
        counts.append(_relaxed_count(masses[-1]))
    assert abs(counts[-1] - target) < 1e-9 * target
    return td.SatelliteSpec(mass_limit=masses[-1], eclipse_mode="battery")


def _varied() -> list:
    """Mass limits 1.5-6 t on orbits of 500-950 km, pinned clocks, an eclipse-policy
    kind, a relaxation at an integer and infeasible specs mixed in."""
    rng = np.random.default_rng(16)
    altitudes = rng.choice([500e3, 650e3, 800e3, 950e3], size=16)
    limits = rng.uniform(1500.0, 6000.0, size=16)
    specs = [td.SatelliteSpec(altitude=float(a), mass_limit=float(m))
             for a, m in zip(altitudes, limits, strict=True)]
    specs += [td.SatelliteSpec(clock_fraction=c, mass_limit=m)
              for c, m in ((0.7, 2000.0), (0.85, 3300.0), (1.0, 4100.0))]
    specs += [td.SatelliteSpec(eclipse_mode="battery", mass_limit=m) for m in (1800.0, 5200.0)]
    specs += [_at_an_integer()]
    specs.insert(3, td.SatelliteSpec(mass_limit=200.0))  # below one server: infeasible
    specs.insert(11, td.SatelliteSpec(altitude=800e3, mass_limit=150.0))
    return specs


VARIED = _varied()
INFEASIBLE = (3, 11)


def _assert_matches_one_at_a_time(batch, specs, objective):
    for index, spec in enumerate(specs):
        try:
            alone = td.size_satellite(spec, objective, sensitivities=False)
        except InfeasibleDesignError:
            assert isinstance(batch.errors.get(index), InfeasibleDesignError), index
            continue
        design = batch[index]
        assert design.gpu_count == alone.gpu_count, index
        assert design.objective_value == pytest.approx(alone.objective_value, rel=1e-9), index
        assert design.eclipse_power_fraction == alone.eclipse_power_fraction, index


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_the_columnar_route_equals_one_at_a_time(objective):
    with trusted():
        sizing = vector_path.columnar_sizing(VARIED, objective)
    decided = {int(row) for group in sizing.decided for row in group.rows}
    # the route is exercised: every spec but the infeasible ones is decided on arrays
    # (the pinned-clock kind and the eclipse-policy kind included)
    assert decided.isdisjoint(INFEASIBLE)
    assert len(decided) >= len(VARIED) - len(INFEASIBLE) - 2
    batch = td.size_satellites(VARIED, objective, sensitivities=False)
    assert sorted(batch.errors) == list(INFEASIBLE)
    _assert_matches_one_at_a_time(batch, VARIED, objective)


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_decided_rows_carry_the_scalar_paths_final_solution_and_relaxation(objective):
    """Oracle: :func:`.entry.optimize` of each spec alone (Clarabel): the decided row's
    final variables, fraction, and relaxation (the coefficient dict the scalar path
    keys its solves by, exactly; the variables and duals to the solvers' 1e-7)."""
    specs = [s for i, s in enumerate(VARIED) if i not in INFEASIBLE]
    with trusted():
        sizing = vector_path.columnar_sizing(specs, objective)
        for group in sizing.decided:
            for k, row in enumerate(group.rows.tolist()):
                spec = specs[row]
                final, relaxation, _ = entry.optimize(spec, evaluate.environment_of(spec),
                                                      objective, integer=True, gpu_count=None)
                assert group.variables["gpu_count"][k] == final.variables["gpu_count"]
                assert group.eclipse_fraction[k] == final.values["eclipse_fraction"]
                for name in ("array_area", "radiator_area", "dry_mass", "clock_fraction"):
                    assert group.variables[name][k] == pytest.approx(
                        final.variables[name], rel=1e-7), name
                mine = group.relaxations[k]
                assert mine.values == relaxation.values
                assert mine.structure == relaxation.structure
                assert set(mine.duals) == set(relaxation.duals)
                for name, value in relaxation.variables.items():
                    assert mine.variables[name] == pytest.approx(value, rel=1e-7), name


def test_a_failed_fixed_count_solve_sends_its_row_to_the_per_spec_route(monkeypatch):
    """A fixed-count solve reported "Failed" leaves its row undecided; the per-spec
    route (Clarabel for that solve) still gives the one-at-a-time design."""
    solve_batch = batch_solver.BatchedProblem.solve

    def failing_first_fixed_row(self, values, size):
        solution = solve_batch(self, values, size)
        if self.structure.fixed_count:
            solution.status[0] = "Failed"
        return solution

    monkeypatch.setattr(batch_solver.BatchedProblem, "solve", failing_first_fixed_row)
    with trusted():
        sizing = vector_path.columnar_sizing(VARIED, "max_compute")
    undecided = set(range(len(VARIED))) - {int(r) for g in sizing.decided for r in g.rows}
    assert len(undecided) > len(INFEASIBLE)  # the failed rows fell back
    batch = td.size_satellites(VARIED, sensitivities=False)
    _assert_matches_one_at_a_time(batch, VARIED, "max_compute")


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_every_row_undecided_still_equals_one_at_a_time(objective, monkeypatch):
    """With every comparison counted as a tie within roundoff nothing is decided on
    arrays: the whole batch takes the per-spec route with the batch's solves."""
    monkeypatch.setattr(vector_path, "_ROUNDOFF", 10.0)
    with trusted():
        assert vector_path.columnar_sizing(VARIED, objective).decided == []
    batch = td.size_satellites(VARIED, objective, sensitivities=False)
    _assert_matches_one_at_a_time(batch, VARIED, objective)


def test_sensitivities_of_decided_rows_equal_one_at_a_time():
    specs = [s for i, s in enumerate(VARIED) if i not in INFEASIBLE][:10]
    batch = td.size_satellites(specs)
    for design, spec in zip(batch, specs, strict=True):
        alone = td.size_satellite(spec)
        assert design.binding_constraints == alone.binding_constraints
        assert set(design.sensitivities) == set(alone.sensitivities)
        for name, value in alone.sensitivities.items():
            assert design.sensitivities[name] == pytest.approx(value, abs=1e-4), name


def _candidates_by_the_rule(ratio: float, pinned: bool) -> list[int]:
    """The integer step's rule as first written: low, ceil and low + 1, and with a
    pinned clock nothing above the relaxed count but low."""
    low = max(1, math.floor(ratio + 1e-9))
    candidates = sorted({low, max(1, math.ceil(ratio - 1e-9)), low + 1})
    if pinned:
        candidates = [u for u in candidates if u == low or u <= ratio * (1.0 + 1e-6)]
    return candidates


def test_candidate_units_on_arrays_equal_the_rule_by_brute_force():
    rng = np.random.default_rng(3)
    whole = np.arange(1.0, 40.0)
    ratios = np.concatenate([
        rng.uniform(0.01, 40.0, 400),
        whole, whole + 1e-10, whole - 1e-10, whole + 5e-7, whole - 5e-7, whole + 2e-6,
        [0.3, 0.999999999, 1e-12],
    ])
    for pinned in (False, True):
        low, above = solve.candidate_units(ratios, pinned)
        above = np.broadcast_to(above, ratios.shape)
        for ratio, one_low, one_above in zip(ratios, low, above, strict=True):
            rule = _candidates_by_the_rule(float(ratio), pinned)
            assert [int(one_low)] + ([int(one_low) + 1] if one_above else []) == rule
            spec = td.SatelliteSpec(clock_fraction=0.9 if pinned else None)
            assert solve.integer_candidates(spec, "max_compute", float(ratio))[1] == rule


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_better_on_arrays_equals_the_tuple_comparison(objective):
    """Oracle: the selection rule as a tuple comparison (more compute by 1e-9 relative,
    then the lighter design; or the smaller per-compute objective)."""
    rng = np.random.default_rng(5)
    values = rng.choice([1.0, 2.0, 2.0 / (1 + 1e-9), 2.0 * (1 + 1e-9), 3.0], size=(2, 300))
    masses = rng.choice([5.0, 6.0], size=(2, 300))
    counts = np.full((2, 300), 4.0)
    on_arrays = solve._better(objective, (counts[0], values[0], masses[0]),
                              (counts[1], values[1], masses[1]))
    for i in range(300):
        a, b = (float(values[0, i]), float(masses[0, i])), (float(values[1, i]),
                                                            float(masses[1, i]))
        if objective == "max_compute":
            rule = (a[0] * (1 + 1e-9), -a[1]) > (b[0], -b[1])
        else:
            rule = a[0] < b[0]
        assert bool(on_arrays[i]) == rule
        assert solve._better(objective, (4.0, *a), (4.0, *b)) == rule


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_kinds_of_every_shape_on_columns_equal_one_at_a_time(objective):
    """Fixed and scaled bus, every packing limit, inclined orbit with cycle-life
    depth of discharge, a pinned chip, inline accelerators varied row by row, floored
    structure in some rows; a heat-pump spec mixed in (per-spec route)."""
    specs = [spec for group in GROUPS.values() for spec in group]
    specs.append(td.SatelliteSpec(heat_pump=True, mass_limit=2500.0))
    with trusted():
        sizing = vector_path.columnar_sizing(specs[:-1], objective)
    assert sum(len(group) for group in sizing.decided) >= len(specs) - 1 - 3
    batch = td.size_satellites(specs, objective, sensitivities=False)
    _assert_matches_one_at_a_time(batch, specs, objective)


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("group", ["fixed bus", "scaled bus, layout", "inclined, cycle life"])
def test_physical_objective_on_columns_equals_each_rows_own_call(objective, group):
    """Oracle: :func:`.solve.physical_objective` of each spec's own relaxation (scalar,
    exactly rounded sums) against one call on the kind's columns (plain sums: 1e-13)."""
    specs = GROUPS[group]
    with trusted():
        solutions = []
        for spec in specs:
            env = evaluate.environment_of(spec)
            values = dict(td.sizing.model.coefficient_values(spec, env, 0.0,
                                                             eclipse_fraction=0.0),
                          eclipse_fraction=0.0)
            solutions.append(solve.solve_relaxation(spec, env, values, objective))
        alone = [solve.physical_objective(spec, evaluate.environment_of(spec), one, objective)
                 for spec, one in zip(specs, solutions, strict=True)]
        stacked = td.sizing.columns.stack(specs)
        names = set().union(*(one.variables for one in solutions))
        columns = {name: np.array([one.variables.get(name, 0.0) for one in solutions])
                   for name in names}
        together = solve.physical_objective(
            stacked, evaluate.environments_of(stacked),
            solve.Solution(solve.OPTIMAL, None, {"eclipse_fraction": np.zeros(len(specs))},
                           columns), objective)
    assert together == pytest.approx(alone, rel=1e-13)


def _competing_fractions() -> list:
    """One kind of 80 specs (inclined orbit, design beta 0-75 deg) over which idling
    through eclipse and riding through on the battery each win somewhere (under
    min_cost_per_compute: the battery's price and efficiency varied), infeasible mass
    limits among them."""
    rng = np.random.default_rng(18)
    base = td.SatelliteSpec(orbit="inclined", inclination=53.0)
    return [base.replace(design_beta=float(rng.uniform(0.0, 75.0)),
                         altitude=float(rng.uniform(500e3, 1200e3)),
                         mass_limit=float(rng.uniform(1500.0, 8000.0)),
                         eclipse_efficiency=float(rng.uniform(0.5, 1.0)),
                         battery_cost_per_kwh=float(rng.uniform(1e3, 1e5)))
            for _ in range(80)]


COMPETING = _competing_fractions()


@pytest.fixture
def screening(monkeypatch):
    """Screen kinds from 64 specs (COMPETING's 80 would otherwise be solved in full)."""
    monkeypatch.setattr(vector_path, "_SCREEN_ROWS", 64)


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_screened_fractions_decide_as_the_fully_solved_ones(objective, screening):
    """Oracle: the same kind with every relaxation solved at every fraction (no
    screening): the same rows decided, the same fraction and integer count chosen, the
    same final point; and every dual upper bound at or above the relaxation score it
    stands for (weak duality, checked against the solved relaxations)."""
    with trusted():
        screened = vector_path._KindSolves.of(COMPETING, objective)
        full = vector_path._KindSolves.of(COMPETING, objective, screen=False)
        decided, everything = screened.decide(), full.decide()
    assert screened.primary is not None and full.primary is None
    np.testing.assert_array_equal(decided, everything)
    np.testing.assert_array_equal(screened.choice, full.choice)
    rows = np.arange(len(COMPETING))
    mine, theirs = screened.decided_rows(decided, rows), full.decided_rows(everything, rows)
    np.testing.assert_array_equal(mine.eclipse_fraction, theirs.eclipse_fraction)
    np.testing.assert_array_equal(mine.variables["gpu_count"], theirs.variables["gpu_count"])
    for name in ("array_area", "radiator_area", "dry_mass"):
        np.testing.assert_allclose(mine.variables[name], theirs.variables[name], rtol=1e-9)
    primary = screened.fractions[screened.primary]
    for index, at in enumerate(screened.fractions):
        if index == screened.primary:
            continue
        solved = full.fractions[index].status == "Solved"
        upper = screened._upper_scores(at, primary)
        known = np.isfinite(upper) & solved & (primary.status == "Solved")
        assert known.sum() >= 40  # the sample's dual points reach most rows
        truth = full.fractions[index].bound[known]
        assert (upper[known] >= truth - 1e-12 * np.abs(truth)).all()
        # the screen left most of this fraction unsolved, and only where its branch of
        # the branch and bound is never run
        skipped = np.flatnonzero([row not in _relaxed_rows(screened, index)
                                  for row in range(len(COMPETING))])
        assert skipped.size >= 30
        assert not screened.fractions[index].stepped[skipped].any()


def _relaxed_rows(solves, fraction_index: int) -> set:
    at = solves.fractions[fraction_index]
    return {int(row) for record in solves.records if record.kind == "relaxation"
            for row in record.rows
            if record.values["eclipse_fraction"][0] == at.values["eclipse_fraction"][0]}


def test_screened_batch_equals_one_at_a_time_where_both_fractions_win(screening):
    objective = "min_cost_per_compute"
    batch = td.size_satellites(COMPETING, objective, sensitivities=False)
    fractions = {design.eclipse_power_fraction for design in batch if design is not None}
    assert fractions == {0.0, 1.0}  # both policies chosen within the kind
    _assert_matches_one_at_a_time(batch, COMPETING, objective)


def test_rows_left_undecided_get_every_relaxation_for_the_per_spec_route(monkeypatch,
                                                                         screening):
    """Every comparison after the screen a tie: nothing decided on arrays, so the screened
    relaxations are solved after all and handed over with the rest (no scalar re-solve
    of them)."""
    specs = COMPETING[:70]
    dominated = []
    screen = vector_path._KindSolves._screen

    def counting(self):
        screen(self)
        dominated.append(sum(int((at.status == vector_path._DOMINATED).sum())
                             for at in self.fractions))
        monkeypatch.setattr(vector_path, "_ROUNDOFF", 10.0)  # the branch and bound's ties

    monkeypatch.setattr(vector_path._KindSolves, "_screen", counting)
    with trusted():
        solves = vector_path._KindSolves.of(specs, "max_compute")
        assert not solves.decide().any()
    assert dominated and dominated[0] >= 20  # the screen did skip rows, solved after all
    for at in solves.fractions:
        assert vector_path._DOMINATED not in set(at.status)
    relaxations = vector_path.BatchedRelaxations()
    solves.record(np.ones(len(specs), dtype=bool), relaxations)
    for index, at in enumerate(solves.fractions):
        fraction = float(at.values["eclipse_fraction"][0])
        solved = np.flatnonzero(at.status == "Solved")
        assert all(relaxations.values(specs[row], fraction) is not None
                   for row in solved.tolist()), index


def test_a_screened_kind_with_no_feasible_spec_explains_every_one(screening):
    """Oracle: below the GPU-free dry mass no design fits (test_batch_solver's case);
    every spec of a screened kind then gets its own infeasibility error."""
    specs = [td.SatelliteSpec(mass_limit=100.0 + i) for i in range(70)]
    with trusted():
        solves = vector_path._KindSolves.of(specs, "max_compute")
        assert solves.primary is not None and not solves.decide().any()
    batch = td.size_satellites(specs, sensitivities=False)
    assert sorted(batch.errors) == list(range(70))
    assert all(isinstance(e, InfeasibleDesignError) for e in batch.errors.values())
