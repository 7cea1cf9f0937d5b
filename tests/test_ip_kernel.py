"""The compiled interior point and polish (sizing.ip_kernel) against the numpy loops
they replace.

Oracles:
- the numpy loop of :func:`thermaldesign.sizing.batch_solver.interior_point` (the kernel
  switched off), whose method the kernel follows step for step: after one, two and
  three steps the iterates agree to roundoff, and to the end the same columns converge,
  to the same points within the interior point's accuracy and, polished, to 1e-12;
- the numpy polish (:func:`~thermaldesign.sizing.batch_solver.polish`): the same
  columns polished, to the same optimum within 1e-11;
- a column solved alone: the kernel's lanes never mix, so a column's result is the same
  to the last bit in any batch, beside any other columns, in any lane.
Clarabel's polished optimum, the KKT conditions and phase I's infeasibility proofs are
checked through the kernel by tests/test_batch_solver.py, which runs with it.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign.sizing import batch_solver, model
from thermaldesign.sizing.evaluate import environment_of

pytest.importorskip("numba")
from thermaldesign.sizing import ip_kernel  # noqa: E402 (needs numba)


def _problems():
    """(table, log_c (K, B)) of relaxations and fixed counts over objectives, with their
    mass limit, fixed mass and radiator environment varied, a few columns infeasible."""
    rng = np.random.default_rng(19)
    problems = []
    for spec in (td.SatelliteSpec(), td.SatelliteSpec(orbit="inclined", inclination=53.0),
                 td.SatelliteSpec(accelerator="tpu_v6e", gpu_granularity=4)):
        env = environment_of(spec)
        values = model.coefficient_values(spec, env, eclipse_fraction=1.0)
        for objective, fixed in (("max_compute", False), ("min_mass_per_compute", True),
                                 ("min_cost_per_compute", False)):
            columns = dict(values, gpu_count=8.0) if fixed else values
            structure = model.structure_of(spec, env, columns, objective, fixed_count=fixed)
            problem = batch_solver.batched(structure)
            size = 150
            batch = dict(columns)
            batch["mass_limit.inverse"] = values["mass_limit.inverse"] * rng.uniform(0.5, 1.5,
                                                                                     size)
            batch["mass.fixed"] = values["mass.fixed"] * rng.uniform(0.5, 1.5, size)
            batch["radiator.environment"] = (values["radiator.environment"]
                                             * rng.uniform(0.5, 2.0, size))
            floor = batch["mass.fixed"] / (1.0 - values["mass.fractions"])
            bad = np.arange(size) % 23 == 4  # a mass limit below the GPU-free dry mass
            batch["mass_limit.inverse"][bad] = 1.5 / floor[bad]
            problems.append((problem.table, problem.log_constants(batch, size)))
    return problems


PROBLEMS = _problems()


@pytest.fixture(autouse=True)
def _kernel_for_every_size(monkeypatch):
    """The kernel on every solve, of one column too (the solver keeps it for solves of
    _KERNEL_COLUMNS or more)."""
    monkeypatch.setattr(batch_solver, "_KERNEL_COLUMNS", 1)


def _numpy_loop(monkeypatch, *args, **kwargs):
    with monkeypatch.context() as patch:
        patch.setattr(batch_solver, "compiled_kernel", lambda: None)
        return batch_solver.interior_point(*args, **kwargs)


@pytest.mark.parametrize("steps", [1, 2, 3])
def test_each_step_is_the_numpy_loops(monkeypatch, steps):
    for table, log_c in PROBLEMS:
        y, z, converged = batch_solver.interior_point(table, log_c, max_iterations=steps)
        y_numpy, z_numpy, converged_numpy = _numpy_loop(monkeypatch, table, log_c,
                                                        max_iterations=steps)
        assert not converged.any() and not converged_numpy.any()
        np.testing.assert_allclose(y, y_numpy, rtol=1e-11, atol=1e-11)
        np.testing.assert_allclose(z, z_numpy, rtol=1e-9, atol=1e-11)


def test_the_same_columns_converge_to_the_same_optima(monkeypatch):
    for table, log_c in PROBLEMS:
        start = (np.zeros(len(table.cost)), np.ones(len(table.starts)))
        y, z, converged = batch_solver.interior_point(table, log_c, start=start)
        y_numpy, z_numpy, converged_numpy = _numpy_loop(monkeypatch, table, log_c,
                                                        start=start)
        np.testing.assert_array_equal(converged, converged_numpy)
        assert 0 < converged.sum() < log_c.shape[1]  # the infeasible columns do not
        np.testing.assert_allclose(y[:, converged], y_numpy[:, converged], atol=1e-8)
        ours = batch_solver.polish(table, log_c[:, converged], y[:, converged],
                                   z[:, converged])
        theirs = batch_solver.polish(table, log_c[:, converged], y_numpy[:, converged],
                                     z_numpy[:, converged])
        assert ours[2].all() and theirs[2].all()
        np.testing.assert_allclose(ours[0], theirs[0], rtol=0.0, atol=1e-12)
        np.testing.assert_allclose(ours[1], theirs[1], rtol=0.0, atol=1e-9)


def test_a_columns_result_does_not_depend_on_its_batch():
    """Every column of a batch of several lanes' worth, with infeasible columns that
    stall among them, ends bit for bit where it ends alone and in reverse order."""
    table, log_c = PROBLEMS[0]
    y, z, converged = batch_solver.interior_point(table, log_c)
    assert log_c.shape[1] > 2 * ip_kernel.LANES
    backwards = batch_solver.interior_point(table, log_c[:, ::-1])
    for got, expected in zip(backwards, (y, z, converged), strict=True):
        np.testing.assert_array_equal(got[..., ::-1], expected)
    for i in (0, 4, 27, 73, 149):
        alone = batch_solver.interior_point(table, log_c[:, i:i + 1])
        np.testing.assert_array_equal(alone[0][:, 0], y[:, i])
        np.testing.assert_array_equal(alone[1][:, 0], z[:, i])
        assert alone[2][0] == converged[i]


def test_a_column_whose_step_is_not_finite_leaves_with_its_point(monkeypatch):
    """An infinite coefficient (log c = inf: inf - inf in its row's log-sum-exp) makes
    the first step NaN: the column ends unconverged at its start, as in the numpy loop,
    and the others are untouched."""
    table, log_c = PROBLEMS[0]
    broken = log_c[:, :3].copy()
    broken[0, 1] = np.inf
    start = (np.zeros(len(table.cost)), np.ones(len(table.starts)))
    y, z, converged = batch_solver.interior_point(table, broken, start=start)
    y_numpy, z_numpy, converged_numpy = _numpy_loop(monkeypatch, table, broken, start=start)
    assert converged.tolist() == converged_numpy.tolist() == [True, False, True]
    np.testing.assert_array_equal(y[:, 1], start[0])
    np.testing.assert_array_equal(y_numpy[:, 1], start[0])
    alone = batch_solver.interior_point(table, broken[:, :1], start=start)
    np.testing.assert_array_equal(alone[0][:, 0], y[:, 0])


def test_without_numba_the_numpy_loop_runs(monkeypatch):
    batch_solver.compiled_kernel.cache_clear()
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    monkeypatch.delitem(sys.modules, "thermaldesign.sizing.ip_kernel", raising=False)
    try:
        assert batch_solver.compiled_kernel() is None
        table, log_c = PROBLEMS[1]
        y, _, converged = batch_solver.interior_point(table, log_c)
        y_numpy, _, converged_numpy = _numpy_loop(monkeypatch, table, log_c)
        np.testing.assert_array_equal(converged, converged_numpy)
        np.testing.assert_array_equal(y, y_numpy)
        log_c, y, z = _solved(table, log_c)
        polished = batch_solver.polish(table, log_c, y, z)
        with monkeypatch.context() as patch:
            patch.setattr(batch_solver, "compiled_kernel", lambda: None)
            expected = batch_solver.polish(table, log_c, y, z)
        for got, want in zip(polished, expected, strict=True):
            np.testing.assert_array_equal(got, want)
    finally:
        batch_solver.compiled_kernel.cache_clear()


def _solved(table, log_c):
    y, z, converged = batch_solver.interior_point(table, log_c)
    return log_c[:, converged], y[:, converged], z[:, converged]


def test_the_polish_polishes_the_same_columns_to_the_same_optima(monkeypatch):
    """The compiled polish against the numpy one from the same interior-point points:
    the same columns polished, to points within 1e-11 (both meet the KKT test at 1e-12;
    a compiled column stops once it does after one step at least, a numpy one steps on
    until its whole batch does), and from a misjudged active set too (every row switched
    on). Polished again, a polished point stays put (to 1e-13) and stays polished."""
    for table, log_c in PROBLEMS:
        log_c, y, z = _solved(table, log_c)
        ours = batch_solver.polish(table, log_c, y, z)
        with monkeypatch.context() as patch:
            patch.setattr(batch_solver, "compiled_kernel", lambda: None)
            theirs = batch_solver.polish(table, log_c, y, z)
        np.testing.assert_array_equal(ours[2], theirs[2])
        assert ours[2].all()
        np.testing.assert_allclose(ours[0], theirs[0], rtol=0.0, atol=1e-11)
        np.testing.assert_allclose(ours[1], theirs[1], rtol=0.0, atol=1e-8)
        again = batch_solver.polish(table, log_c, ours[0], ours[1])
        assert again[2].all()
        np.testing.assert_allclose(again[0], ours[0], rtol=0.0, atol=1e-13)
        every = np.ones(z.shape, dtype=bool)
        kernel = batch_solver._newton_batch(table, log_c, y, z, every)
        with monkeypatch.context() as patch:
            patch.setattr(batch_solver, "compiled_kernel", lambda: None)
            numpy = batch_solver._newton_batch(table, log_c, y, z, every)
        np.testing.assert_array_equal(kernel[2], numpy[2])
        assert not kernel[2].all()  # the inactive rows held at f = 0 fail somewhere


def test_a_columns_polish_does_not_depend_on_its_batch():
    """... and leaves the caller's arrays alone (the points come from a column selection,
    whose transpose numpy lays out C-contiguous: the kernel must not write into it)."""
    table, log_c = PROBLEMS[2]
    log_c, y, z = _solved(table, log_c)
    on = z > 1e-6
    given = (y.copy(), z.copy())
    y_all, z_all, ok_all = batch_solver._newton_batch(table, log_c, y, z, on)
    np.testing.assert_array_equal(y, given[0])
    np.testing.assert_array_equal(z, given[1])
    for i in (0, 9, 70, log_c.shape[1] - 1):
        alone = batch_solver._newton_batch(table, log_c[:, i:i + 1], y[:, i:i + 1],
                                           z[:, i:i + 1], on[:, i:i + 1])
        np.testing.assert_array_equal(alone[0][:, 0], y_all[:, i])
        np.testing.assert_array_equal(alone[1][:, 0], z_all[:, i])
        assert alone[2][0] == ok_all[i]
