"""The batched interior point (sizing.batch_solver) and the active-set polish.

Oracles:
- Clarabel on the direct conic form (an independent interior-point solver on the
  exponential-cone form of the same GP, :mod:`thermaldesign.sizing.direct`): its own
  accuracy is ~1e-8, so unpolished it bounds ours at 1e-6; polished, both reach the same
  optimum at ~1e-12.
- The KKT conditions of the GP, evaluated in this file from the term table in the
  original (exp-space) variables: primal feasibility sum_k c_k prod x^a <= 1,
  stationarity of the Lagrangian in log space e_objective + sum_i z_i grad f_i = 0 with
  grad f_i = sum_k (term_k / sum_i) a_k, dual feasibility z >= 0 and complementary
  slackness z_i log(posynomial_i) = 0. A point meeting them is the global optimum of the
  convex log-form problem (Boyd & Vandenberghe, Convex Optimization, 2004, section 5.5.3).
- Infeasibility: a mass limit below the fixed (GPU-free) dry mass times the rocket factor
  admits no design at all, by the mass roll-up's constant terms.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign.sizing import batch_solver, direct, model, solve
from thermaldesign.sizing.evaluate import environment_of

pytestmark = pytest.mark.skipif(not direct.available(), reason="needs clarabel")


def _specs() -> list:
    base = td.SatelliteSpec()
    return [
        base,
        base.replace(mass_limit=1800.0),
        base.replace(mass_limit=6000.0, altitude=900e3),
        base.replace(accelerator="b200"),
        base.replace(accelerator="tpu_v6e", gpu_granularity=4),
        base.replace(orbit="inclined", inclination=53.0),
        base.replace(max_array_area=120.0),
        base.replace(max_radiator_area=40.0),
        base.replace(max_stowed_volume=12.0),
        base.replace(clock_fraction=0.8),
        base.replace(junction_temperature=340.0),
    ]


def _cases():
    """(structure, values) over objectives, eclipse fractions, free and fixed counts."""
    cases = []
    for spec in _specs():
        env = environment_of(spec)
        for eclipse in (0.0, 1.0):
            values = model.coefficient_values(spec, env, eclipse_fraction=eclipse)
            for objective in ("max_compute", "min_mass_per_compute", "min_cost_per_compute"):
                structure = model.structure_of(spec, env, values, objective, fixed_count=False)
                cases.append((structure, values))
                relaxed = direct.direct(structure).solve(values)
                if relaxed[0] != "Solved":
                    continue
                count = max(1.0, math.floor(relaxed[1]["gpu_count"]))
                fixed = dict(values, gpu_count=count)
                cases.append((model.structure_of(spec, env, fixed, objective, fixed_count=True),
                              fixed))
    return cases


CASES = _cases()


def _grouped(cases):
    groups: dict = {}
    for structure, values in cases:
        groups.setdefault(structure, []).append(values)
    return groups


def _stack(rows: list[dict]) -> dict:
    names = set().union(*rows)
    return {name: np.array([row.get(name, 0.0) for row in rows]) for name in names}


def _rows_at(structure, values: dict, variables: dict, duals: dict):
    """Per row: (name, dual, posynomial value, shares p_k, exponent rows a_k) at a point."""
    compiled = model.compiled(structure)
    scale = values.get(model.objective_scale_name(structure), 1.0)
    rows = [(c.name, c.terms) for c in compiled.constraints]
    rows.append(("objective", tuple(compiled.objective_terms)))
    names = compiled.variable_names
    out = []
    for name, terms in rows:
        weight = 1.0 if name == "objective" else duals[name]
        term_values, exponents = [], np.zeros((len(terms), len(names)))
        for k, term in enumerate(terms):
            value = scale if term.coefficient == "objective.scale" else values[term.coefficient]
            for variable, power in term.powers:
                value *= (variables[variable] if variable in variables
                          else values[variable]) ** power
                if variable in names:
                    exponents[k, names.index(variable)] += power
            term_values.append(value)
        total = sum(term_values)
        out.append((name, weight, total, np.array(term_values) / total, exponents))
    return names, out


def _kkt_violation(structure, values: dict, variables: dict, duals: dict) -> float:
    """Largest KKT violation at a point, computed from the term table (module docstring)."""
    names, rows = _rows_at(structure, values, variables, duals)
    stationarity = np.zeros(len(names))
    stationarity[names.index("objective")] = 1.0
    worst = 0.0
    for _, weight, total, shares, exponents in rows:
        worst = max(worst, total - 1.0, -weight, abs(weight * math.log(total)))
        stationarity += weight * shares @ exponents
    return max(worst, float(np.abs(stationarity).max()))


def _unique_optimum(structure, values: dict, variables: dict, duals: dict) -> bool:
    """Second-order test: the Lagrangian's Hessian sum_i z_i hess f_i is positive definite
    on the null space of the active rows' gradients (rows with z_i > 0), so the optimum
    in y = log x is unique (Nocedal & Wright, Numerical Optimization, 2nd ed., theorem
    12.6). Where it is not, the optimal designs form a face and two solvers may return
    different points of it (with the same objective)."""
    from scipy.linalg import null_space

    names, rows = _rows_at(structure, values, variables, duals)
    hessian = np.zeros((len(names), len(names)))
    active = []
    for _, weight, _, shares, exponents in rows:
        gradient = shares @ exponents
        hessian += weight * ((exponents.T * shares) @ exponents - np.outer(gradient, gradient))
        if weight > 1e-9:
            active.append(gradient)
    basis = null_space(np.array(active)) if active else np.eye(len(names))
    if basis.shape[1] == 0:
        return True
    return bool(np.linalg.eigvalsh(basis.T @ hessian @ basis).min() > 1e-9)


@pytest.mark.parametrize("structure", list(_grouped(CASES)), ids=lambda s: (
    f"{s.objective}-{'fixed' if s.fixed_count else 'free'}-{len(s.present)}"))
def test_batched_equals_clarabel_and_meets_kkt(structure, solver_loops):
    rows = _grouped(CASES)[structure]
    solution = batch_solver.batched(structure).solve(_stack(rows), len(rows))
    assert list(solution.status) == ["Solved"] * len(rows)
    assert solution.polished.all()
    for i, values in enumerate(rows):
        # the scalar path's solve: Clarabel's direct form, cvxpy's when Clarabel stops
        # short of "Solved" (seen: "AlmostSolved" on one fixed count), both polished
        reference = solve.run(structure, values)
        assert reference.feasible
        variables, duals = reference.variables, reference.duals
        ours = {name: array[i] for name, array in solution.variables.items()}
        our_duals = {name: array[i] for name, array in solution.duals.items()}
        # both polished to the exact optimum: the objective to 1e-9 relative or better
        assert ours["objective"] == pytest.approx(variables["objective"], rel=1e-9)
        assert _kkt_violation(structure, values, ours, our_duals) < 1e-9
        assert _kkt_violation(structure, values, variables, duals) < 1e-9
        if not _unique_optimum(structure, values, ours, our_duals):
            continue  # a face of optima: both points are optimal (checked above)
        for name, value in variables.items():
            assert ours[name] == pytest.approx(value, rel=1e-7), name
        for name, value in duals.items():
            assert our_duals[name] == pytest.approx(value, rel=1e-6, abs=1e-6), name


def test_unpolished_clarabel_brackets_the_polished_optimum():
    """Clarabel's own point (no polish) is within its accuracy of the polished optimum."""
    structure, values = CASES[0]
    problem = batch_solver.batched(structure)
    _, raw, raw_duals, _ = direct.direct(structure).solve(values, polish=False)
    solution = problem.solve(values, 1)
    assert solution.variables["objective"][0] == pytest.approx(raw["objective"], rel=1e-6)
    # the polished point is feasible and optimal to far better than Clarabel's own point
    polished = {name: array[0] for name, array in solution.variables.items()}
    duals = {name: array[0] for name, array in solution.duals.items()}
    assert _kkt_violation(structure, values, polished, duals) < 1e-10
    assert _kkt_violation(structure, values, raw, raw_duals) > 1e-10


def test_infeasible_rows_are_flagged_and_do_not_disturb_the_others():
    spec = td.SatelliteSpec()
    env = environment_of(spec)
    values = model.coefficient_values(spec, env)
    structure = model.structure_of(spec, env, values, "max_compute", fixed_count=False)
    # the GPU-free dry mass: the roll-up's constant term over (1 - fractions)
    floor = values["mass.fixed"] / (1.0 - values["mass.fractions"])
    inverse = values["mass_limit.inverse"] * np.array([1.0, 1.0, 0.75])
    inverse[1] = 2.0 / floor  # a limit of half the floor: no design fits
    batch = dict(values, **{"mass_limit.inverse": inverse})
    solution = batch_solver.batched(structure).solve(batch, 3)
    assert list(solution.status) == ["Solved", "Infeasible", "Solved"]
    assert all(np.isnan(array[1]) for array in solution.variables.values())
    for i in (0, 2):
        alone = batch_solver.batched(structure).solve(
            dict(values, **{"mass_limit.inverse": inverse[i]}), 1)
        for name, array in solution.variables.items():
            assert array[i] == pytest.approx(alone.variables[name][0], rel=1e-12)


def test_columns_leave_the_iteration_with_their_own_last_point(monkeypatch):
    # Oracle: the iteration run by hand (batch_solver._iterate on the whole batch, no
    # column leaving) for a batch stopped after two steps, and a converged column's point
    # unchanged when it shares the batch with a stalled one (its solve alone, to the
    # interior point's own accuracy: the two runs order their sums differently). The
    # numpy loop's (tests/test_ip_kernel.py holds the compiled kernel to it).
    monkeypatch.setattr(batch_solver, "compiled_kernel", lambda: None)
    structure, values = CASES[0]
    problem = batch_solver.batched(structure)
    table = problem.table
    floor = values["mass.fixed"] / (1.0 - values["mass.fractions"])
    inverse = values["mass_limit.inverse"] * np.array([1.0, 0.8, 1.3])
    log_c = problem.log_constants(dict(values, **{"mass_limit.inverse": inverse}), 3)
    y, z, converged = batch_solver.interior_point(table, log_c, max_iterations=2)
    assert not converged.any()
    n, m = len(table.cost), len(table.starts)
    by_hand = (np.zeros((n, 3)), None, np.ones((m, 3)))
    by_hand = (by_hand[0], np.maximum(-batch_solver._Rows(table, log_c, by_hand[0]).f, 1.0),
               by_hand[2])
    for _ in range(2):
        by_hand, _ = batch_solver._iterate(table, log_c, *by_hand)
    np.testing.assert_array_equal(y, by_hand[0])
    np.testing.assert_array_equal(z, by_hand[2])
    inverse[1] = 2.0 / floor  # infeasible: it stalls while the others converge and leave
    log_c = problem.log_constants(dict(values, **{"mass_limit.inverse": inverse}), 3)
    y, z, converged = batch_solver.interior_point(table, log_c)
    assert converged.tolist() == [True, False, True]
    for i in (0, 2):
        alone, _, ok = batch_solver.interior_point(table, log_c[:, i:i + 1])
        assert ok[0]
        np.testing.assert_allclose(y[:, i], alone[:, 0], rtol=1e-9, atol=1e-9)


def test_small_solves_do_not_load_the_kernel(monkeypatch):
    """Below _KERNEL_COLUMNS columns the numpy loops run even with numba installed, so
    a process sizing small batches neither imports numba nor loads the kernels."""
    def refuse():
        raise AssertionError("the compiled kernel was asked for")

    monkeypatch.setattr(batch_solver, "compiled_kernel", refuse)
    structure, values = CASES[0]
    size = batch_solver._KERNEL_COLUMNS - 1
    batch = dict(values, **{"mass_limit.inverse": values["mass_limit.inverse"]
                            * np.linspace(0.8, 1.2, size)})
    solution = batch_solver.batched(structure).solve(batch, size)
    assert (solution.status == "Solved").all()


def test_sizes_one_and_zero():
    structure, values = CASES[0]
    problem = batch_solver.batched(structure)
    one = problem.solve(values, 1)
    assert one.status.shape == (1,) and one.status[0] == "Solved"
    none = problem.solve(values, 0)
    assert none.status.shape == (0,)
    assert all(array.shape == (0,) for array in none.variables.values())


def test_unusable_coefficients_fail_without_nan_solutions():
    structure, values = CASES[0]
    broken = dict(values, **{"mass.fixed": np.array([values["mass.fixed"], np.nan, -1.0])})
    solution = batch_solver.batched(structure).solve(broken, 3)
    assert list(solution.status) == ["Solved", "Failed", "Failed"]
    solved = solution.status == "Solved"
    assert all(np.isfinite(array[solved]).all() for array in solution.variables.values())


def test_batched_is_cached_per_structure_and_rejects_relaxed():
    structure, _ = CASES[0]
    assert batch_solver.batched(structure) is batch_solver.batched(structure)
    relaxed = model.Structure(**{**structure.__dict__, "relaxed": ("mass limit",)})
    with pytest.raises(ValueError, match="unrelaxed"):
        batch_solver.batched(relaxed)


def test_large_batch_warm_start_and_column_cholesky(solver_loops):
    """A batch above the small-batch size (warm start from its first column, column
    Cholesky, regularised polish) with infeasible columns mixed in: every feasible column
    equals Clarabel's polished solve, and the same column solved alone. In the second
    batch the first column (the warm start's seed) is infeasible: all start cold."""
    spec = td.SatelliteSpec()
    env = environment_of(spec)
    for objective, first_bad in (("max_compute", 5), ("min_cost_per_compute", 0)):
        values = model.coefficient_values(spec, env)
        structure = model.structure_of(spec, env, values, objective, fixed_count=False)
        rng = np.random.default_rng(18)
        size = 3 * batch_solver._SMALL_BATCH
        batch = dict(values)
        batch["mass_limit.inverse"] = values["mass_limit.inverse"] * rng.uniform(0.4, 1.6, size)
        batch["mass.fixed"] = values["mass.fixed"] * rng.uniform(0.5, 1.5, size)
        batch["radiator.environment"] = values["radiator.environment"] * rng.uniform(0.5, 2.0,
                                                                                     size)
        floor = batch["mass.fixed"] / (1.0 - values["mass.fractions"])
        infeasible = np.arange(size) % 17 == first_bad
        batch["mass_limit.inverse"][infeasible] = 1.5 / floor[infeasible]
        solution = batch_solver.batched(structure).solve(batch, size)
        assert (solution.status[infeasible] == "Infeasible").all()
        assert (solution.status[~infeasible] == "Solved").all()
        assert solution.polished[~infeasible].all()
        for i in np.flatnonzero(~infeasible)[::7]:
            column = {name: (array[i] if isinstance(array, np.ndarray) else array)
                      for name, array in batch.items()}
            status, variables, _, _ = direct.direct(structure).solve(column)
            assert status == "Solved"
            ours = solution.variables["objective"][i]
            assert ours == pytest.approx(variables["objective"], rel=1e-9)
            alone = batch_solver.batched(structure).solve(column, 1)
            assert ours == pytest.approx(alone.variables["objective"][0], rel=1e-11)


def test_every_scalar_engine_ends_at_the_polished_optimum():
    """Clarabel on the direct form, cvxpy's fallback (Clarabel through cvxpy, a different
    conic form) and the batched solver reach the same optimum to ~1e-12 once polished,
    so which path sized a design does not move its integer decisions."""
    from thermaldesign.sizing.solve import run

    for structure, values in CASES[:6]:
        fallback = run(structure, values, engines=("cvxpy",))
        primary = run(structure, values, engines=("direct",))
        batched = batch_solver.batched(structure).solve(values, 1)
        assert fallback.feasible and primary.feasible
        for name, value in primary.variables.items():
            assert fallback.variables[name] == pytest.approx(value, rel=1e-10), name
            assert batched.variables[name][0] == pytest.approx(value, rel=1e-10), name


def test_benchmark_section_runs_and_agrees():
    """Smoke run of benchmarks/bench_sizing.py's batched-solver section (no timing
    asserted): every coefficient set solved, objectives equal to Clarabel's."""
    import importlib
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    bench_sizing = importlib.import_module("bench_sizing")
    results = bench_sizing.batch_solver_rates(counts=(40,), repeats=1)
    assert results["batch_solver_40_solved"] == 40
    assert results["batch_solver_40_objective_vs_clarabel_max_rel"] < 1e-9
    assert results["batch_solver_batched_40_per_s"] > 0.0


def test_polish_recovers_from_a_misjudged_row():
    """A starting point whose inactive row carries a dual of the order of its slack (as
    Clarabel leaves a pair z ~ -f ~ 1e-5 undecided) is still polished to the optimum:
    the row is first judged active, Newton fails there, and it switches back."""
    structure, values = CASES[0]
    problem = batch_solver.batched(structure)
    exact = problem.solve(values, 1)
    y = np.log([exact.variables[name][0] for name in problem.names])
    z = np.array([exact.duals.get(name, np.ones(1))[0] for name in problem.row_names])
    log_c = problem.log_constants(values, 1)[:, 0]
    f, _ = batch_solver._one_column(problem.table, log_c, y)
    row = problem.row_names.index("radiator material")
    assert z[row] == 0.0 and f[row] < -1e-3  # inactive at the optimum
    misjudged = z.copy()
    misjudged[row] = -1.5 * f[row]  # judged active: dual above slack
    y1, z1, ok = batch_solver.polish_one(problem.table, log_c, y + 1e-7, misjudged)
    assert ok
    np.testing.assert_allclose(y1, y, rtol=0, atol=1e-12)
    assert z1[row] == 0.0
    # the batched polish (column Cholesky path) the same way, on every other column
    size = batch_solver._SMALL_BATCH + 8
    z_batch = np.repeat(z[:, None], size, axis=1)
    z_batch[row, ::2] = misjudged[row]
    y_batch, _, ok_batch = batch_solver.polish(
        problem.table, np.repeat(log_c[:, None], size, axis=1),
        np.repeat(y[:, None], size, axis=1) + 1e-7, z_batch)
    assert ok_batch.all()
    np.testing.assert_allclose(y_batch, np.repeat(y[:, None], size, axis=1), rtol=0,
                               atol=1e-12)


def test_chunked_batch_equals_one_piece(monkeypatch):
    """A batch split in chunks (the last one below the small-batch size) gives every
    column the optimum it gets in one piece."""
    structure, values = CASES[0]
    problem = batch_solver.batched(structure)
    size = 80
    batch = dict(values)
    batch["mass_limit.inverse"] = values["mass_limit.inverse"] * np.linspace(0.6, 1.4, size)
    whole = problem.solve(batch, size)
    monkeypatch.setattr(batch_solver, "_CHUNK", 36)  # chunks of 36, 36 and 8 columns
    chunked = problem.solve(batch, size)
    assert (chunked.status == whole.status).all()
    for name, array in whole.variables.items():
        np.testing.assert_allclose(chunked.variables[name], array, rtol=1e-11)


def test_dual_bounds_are_tight_at_their_own_optima_and_below_every_other():
    """Oracle: weak GP duality (Boyd, Kim, Vandenberghe & Hassibi 2007, section 5.3):
    every dual point's bound lies at or below each instance's optimum, which Clarabel
    solves independently (to its ~1e-8); at the instance it came from, it equals that
    optimum (strong duality) to the polish's 1e-12."""
    structure, values = CASES[0]
    problem = batch_solver.batched(structure)
    rng = np.random.default_rng(7)
    size = 40
    scale = {"mass_limit.inverse": rng.uniform(0.5, 1.6, size),
             "mass.fixed": rng.uniform(0.7, 1.3, size)}
    batch = {name: values[name] * factor for name, factor in scale.items()}
    batch = dict(values, **batch)
    solution = problem.solve(batch, size)
    solved = np.flatnonzero(solution.status == "Solved")
    assert solved.size >= size - 4
    optimum = np.log(solution.variables["objective"])
    sample = solved[:: max(1, solved.size // 5)]
    bound = problem.dual_bound(batch, solution, sample)
    assert len(bound) == sample.size  # every optimum's point is a dual point
    lower = bound(problem.log_constants(batch, size))
    np.testing.assert_allclose(lower[sample], optimum[sample], rtol=0.0, atol=1e-12)
    unusable = problem.log_constants(batch, size)
    unusable[0, 1] = np.nan  # a coefficient the solver cannot take: no bound
    assert np.isnan(bound(unusable)[1]) and not np.isnan(bound(unusable)[[0, 2]]).any()
    for column in solved.tolist():
        one = {name: (v[column] if np.ndim(v) else v) for name, v in batch.items()}
        status, variables, _, _ = direct.direct(structure).solve(one, polish=False)
        assert status == "Solved"
        assert lower[column] <= math.log(variables["objective"]) + 1e-7
    # a point off the orthogonality plane is dropped; no point bounds nothing
    perturbed = dict(solution.duals)
    first = next(name for name in problem.row_names if name != "objective")
    perturbed[first] = perturbed[first] + 1e-6
    off = batch_solver.BatchSolution(solution.status, solution.variables, perturbed)
    assert len(problem.dual_bound(batch, off, sample[:1])) == 0
    assert (problem.dual_bound(batch, off, sample[:1])(
        problem.log_constants(batch, size)) == -np.inf).all()


@pytest.mark.parametrize("size", [3, 100])
def test_row_sums_and_peaks_equal_each_rows_own(size):
    """Oracle: Python's max and math.fsum over each row's terms, column by column (the
    table's sparse sums and position-wise maxima, dense below 32 columns)."""
    structure, _ = CASES[0]
    table = batch_solver.batched(structure).table
    values = np.random.default_rng(2).normal(0.0, 30.0, (len(table.row), size))
    sums, peaks = table.row_sums(values), table.row_peaks(values)
    bounds = list(table.starts) + [len(table.row)]
    for i in range(len(table.starts)):
        terms = values[bounds[i]:bounds[i + 1]]
        for column in range(size):
            assert peaks[i, column] == max(terms[:, column])
            assert sums[i, column] == pytest.approx(math.fsum(terms[:, column]),
                                                    rel=1e-14, abs=1e-12)
