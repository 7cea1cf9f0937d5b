"""Many instances of one sizing GP solved at once: a batched interior point in numpy.

Instances of one :class:`.model.Structure` share the exponent matrix of every term and
differ only in the coefficients. In log variables y = log x (the epigraph ``objective``
among them) each instance is the convex program (Boyd, Kim, Vandenberghe & Hassibi 2007,
section 5)::

    minimise  y_objective
    s.t.      f_i(y) = log sum_{k in i} exp(a_k . y + log c_k) <= 0,   i = 1..m

one row per constraint of :func:`.model.full_table` plus the objective row, the same rows
as :mod:`.direct` (there each term gets an auxiliary u_k >= exp(a_k . y + log c_k) and
the row sum_k u_k <= 1; at an optimum sum_k p_k = 1, so that row's dual is the
multiplier of f_i here: the duals coincide). A monomial row is linear in y.

The solver is a primal-dual interior point with slacks f + s = 0, s, z > 0, started
infeasible, with Mehrotra's predictor-corrector for the centring, run on arrays with the
batch last ((n, B), (K, B), (m, B)) for the whole batch: each Newton system is the
(n x n) reduced system (H + J^T diag(z / s) J) dy = r with H = sum_i z_i hess f_i,
assembled by one matrix product (a fixed basis of outer products a_k a_l^T times
point-dependent weights) and factored by a Cholesky run column by column over the batch
(numpy's LU per matrix below 32 columns). Columns stop moving once they meet the
tolerances (1e-10 on the primal residual and the gap; the dual residual relative to its
rounding floor). It follows the method of CVXOPT's ``cp``/``gp`` solvers (Andersen,
Dahl & Vandenberghe; Vandenberghe, "The CVXOPT linear and quadratic cone program
solvers", 2010), without the line search on a merit function: the step is cut only to
keep s and z positive (fraction to the boundary 0.99), which converges on these small,
well-scaled GPs (tested on every structure of the test suite's specs and on 3,600
solves of varied specs against Clarabel). A batch starts at the optimum of its first
column (~7 iterations instead of ~12 from y = 0); a column that does not converge from
there is run again from y = 0. With numba installed (the ``fast`` extra) the loop and
the polish's Newton steps run compiled for solves of :data:`_KERNEL_COLUMNS` columns or
more (:mod:`.ip_kernel`): the same steps and stopping rules, each column to its own end
in lanes of 64 (the 11 batched solves of 10,000 specs: ~190 ms against ~555 ms, their
polish ~75 against ~135 ms); otherwise the numpy loops below.

:func:`polish` ends both this solver and Clarabel's (:mod:`.direct`, and cvxpy's
fallback): Newton's method on the KKT system of the active set (c + J_A^T z_A = 0,
f_A(y) = 0, z = 0 off A), which converges quadratically from an interior-point solution
to the optimum at ~1e-13, so the paths agree far below the interior point's own
accuracy (~1e-8) and the integer decisions made on their objectives coincide. Rows the
starting point left undecided (dual and slack both ~1e-5) switch sides when Newton
fails on the active set as judged. A singular system (pinned values, variables the optimum leaves
free) is solved by least squares (one column) or a regularised system with iterative
refinement (a batch). A polish that does not converge leaves the point as it was.
Where the optimum is not unique (a face of optimal designs, e.g. radiator and battery
sizes when the array area limit binds under ``max_compute`` and the mass has slack),
the polish keeps each solver's own point of the face: the objective agrees, the
variables need not.

Rows whose interior point does not converge are checked by a phase I on the same batch
(minimise sigma s.t. f_i(y) <= sigma, sigma >= -1): sigma* > 0 proves the row
infeasible ("Infeasible"), otherwise it is "Failed". The kernel sends both to the scalar
path (Clarabel and cvxpy, with the infeasibility explanation). No row is reported
"Solved" with a non-finite value.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from . import model

__all__ = ["BatchSolution", "BatchedProblem", "DualBound", "TermTable", "batched",
           "interior_point", "polish", "polish_one"]

#: Stopping tolerance of the interior point on the residuals and the duality gap, all in
#: log space (so relative in the variables and the objective) [-].
TOLERANCE = 1e-10
_MAX_ITERATIONS = 80
# a column whose primal residual is still above _STALL_RESIDUAL after _STALL_ITERATIONS
# stops early (an infeasible start reduces it by (1 - step) an iteration, so a feasible
# column is at ~1e-8 by then); phase I then decides
_STALL_ITERATIONS = 30
_STALL_RESIDUAL = 1e-6
_BOUNDARY = 0.99  # fraction of the step to the boundary of s, z > 0
_POLISH_STEPS = 4
# active sets the polish tries in turn: as judged (z_i > -f_i), then with the most
# ambiguous row switched, the second most, both (rows with ambiguity > _AMBIGUOUS only)
_FLIPS = ((), (0,), (1,), (0, 1))
_AMBIGUOUS = 1e-4
_POLISH_TOLERANCE = 1e-12  # KKT residual a polished point must reach (log space) [-]
_POLISH_PENALTY = 1e6  # 1 / delta of the regularised KKT system of the polish [-]
_PROXIMAL = 1e-6  # epsilon on the (1, 1) block: a variable no active row pins [-]
# iterative refinements of each regularised polish solve: its error is ~delta times the
# step, and from an interior-point solution (~1e-10) one takes a step to the polish's
# 1e-12 (three, before: the same polished columns, points within 2e-13, a third slower)
_REFINEMENTS = 1
_LOG_LIMIT = 700.0  # |log x| beyond which exp(y) leaves the float range
_CHUNK = 4096  # columns solved together (larger batches are split)
_WARM_FLOOR = 1e-2  # duals and slacks of a warm start are raised to at least this [-]
_SMALL_BATCH = 32  # below this many columns LU per matrix beats the column Cholesky
#: solves of fewer columns run the numpy loops even with numba installed: importing
#: numba and loading the compiled kernels from its cache costs ~0.4 s a process (~10 s
#: the first time, to compile them), which saves ~14 us a column (~7 iterations at ~2 us
#: each), so small batches, and processes that size only small batches, do not pay it
_KERNEL_COLUMNS = 256


class TermTable:
    """The rows of a GP in log variables: exponents, rows of each term and the cost.

    ``exponents`` (K, n) holds a_k for the K terms, which are grouped row by row:
    ``starts`` (m,) the first term of each of the m rows; ``cost`` (n,) the linear
    objective (e_objective). Arrays over a batch put the batch last: y (n, B),
    log c (K, B), f (m, B), so every row operation is one contiguous numpy call.

    The reduced Newton matrix H + J^T diag(d) J (H = sum_i z_i hess f_i) is assembled as
    one matrix product: its upper triangle is a fixed basis of outer products a_k a_l^T
    times weights that depend on the point (:meth:`weights`), since for a curved row
    hess f_i = sum_k p_k a_k a_k^T - g_i g_i^T with g_i = sum_k p_k a_k.
    """

    def __init__(self, exponents: np.ndarray, starts, cost: np.ndarray):
        self.exponents = np.asarray(exponents, dtype=float)
        self.starts = np.asarray(starts, dtype=np.intp)
        self.cost = np.asarray(cost, dtype=float)
        size, n = self.exponents.shape
        counts = np.diff(np.append(self.starts, size))
        self.row = np.repeat(np.arange(len(self.starts)), counts)  # row of each term
        self.curved = counts > 1  # rows of several terms (curved in y)
        self.objective = int(np.argmax(self.cost))  # the epigraph variable's index
        self.upper = np.triu_indices(n)
        position = {(i, j): k for k, (i, j) in enumerate(zip(*self.upper, strict=True))}
        #: positions in the flat upper triangle of the diagonal, and of each column's
        #: entries (j, j), (j + 1, j), ... read by symmetry as (j, j), (j, j + 1), ...
        self.diagonal = np.array([position[i, i] for i in range(n)], dtype=np.intp)
        self.columns = [np.array([position[j, i] for i in range(j, n)], dtype=np.intp)
                        for j in range(n)]
        a = self.exponents
        outer = a[:, self.upper[0]] * a[:, self.upper[1]]  # (K, n(n+1)/2)
        self.curved_terms = np.flatnonzero(self.curved[self.row])
        self.linear_rows = np.flatnonzero(~self.curved)
        pairs = [(first, second) for i in np.flatnonzero(self.curved)
                 for first in range(self.starts[i], self.starts[i] + counts[i])
                 for second in range(first + 1, self.starts[i] + counts[i])]
        self.pair_k = np.array([first for first, _ in pairs], dtype=np.intp)
        self.pair_l = np.array([second for _, second in pairs], dtype=np.intp)
        cross = (a[self.pair_k][:, self.upper[0]] * a[self.pair_l][:, self.upper[1]]
                 + a[self.pair_l][:, self.upper[0]] * a[self.pair_k][:, self.upper[1]])
        self.basis = np.vstack([outer[self.curved_terms],
                                outer[self.starts[self.linear_rows]], cross]).T
        linear = [(i, a[self.starts[i]]) for i in self.linear_rows]
        #: pairs of linear rows with opposite exponents (a lower and an upper bound)
        self.opposite = [(i, j) for x, (i, a_i) in enumerate(linear)
                         for j, a_j in linear[x + 1:] if np.array_equal(a_i, -a_j)]

        size_rows = len(self.starts)
        #: the rows' sums over their terms as a sparse (m, K) product, and each row's
        #: j-th term for j >= 1 (rows, terms): numpy's reduceat along the first axis runs
        #: ~8x slower than the product on these (K, B) arrays
        self._later = [(np.flatnonzero(counts > j), self.starts[counts > j] + j)
                       for j in range(1, int(counts.max()))]
        dense = {"exponents": a, "transposed": a.T, "basis": self.basis,
                 "magnitudes": np.abs(a).T,
                 "sums": np.eye(size_rows)[self.row].T}
        self._dense = {name: np.ascontiguousarray(m) for name, m in dense.items()}
        self._sparse = {name: sparse.csr_matrix(m) for name, m in dense.items()}
        #: what the compiled interior point reads (:mod:`.ip_kernel`): each term's
        #: non-zero exponents as CSR over the variables, each row's range of terms, each
        #: row's variables (the union of its terms', ascending) as CSR, and the slot of
        #: each term's non-zero among its row's variables
        nonzero = self._sparse["exponents"]
        self.term_start = nonzero.indptr.astype(np.intp)
        self.term_index = nonzero.indices.astype(np.intp)
        self.term_value = nonzero.data.astype(float)
        self.row_start = np.append(self.starts, size)
        row_vars = [np.flatnonzero(np.abs(a[self.row == i]).sum(axis=0))
                    for i in range(size_rows)]
        self.row_var_start = np.append(0, np.cumsum([len(v) for v in row_vars])).astype(np.intp)
        self.row_var = np.concatenate(row_vars).astype(np.intp)
        self.term_slot = np.array(
            [self.row_var_start[self.row[k]]
             + int(np.searchsorted(row_vars[self.row[k]], self.term_index[q]))
             for k in range(size) for q in range(self.term_start[k], self.term_start[k + 1])],
            dtype=np.intp)

    def product(self, name: str, x: np.ndarray) -> np.ndarray:
        """matrix ``name`` times x (columns of the batch).

        Above _SMALL_BATCH columns by the sparse matrix: faster than BLAS here (a_k has
        2-4 non-zeros of ~12) and single-threaded. BLAS would spread these skinny
        products over threads, and on a loaded machine that made them up to ~170 times
        slower (measured: 16 ms instead of 0.09 ms at 2 cores, load 2.4).
        """
        if x.shape[-1] < _SMALL_BATCH:
            return self._dense[name] @ x
        return self._sparse[name] @ x

    def row_sums(self, x: np.ndarray) -> np.ndarray:
        """sum over each row's terms of x (K, B): (m, B)."""
        return self.product("sums", x)

    def row_peaks(self, v: np.ndarray) -> np.ndarray:
        """max over each row's terms of v (K, B): (m, B)."""
        peak = v[self.starts]
        for rows, terms in self._later:
            peak[rows] = np.maximum(peak[rows], v[terms])
        return peak

    def weights(self, share, z, d):
        """Weights of :attr:`basis` for H(z) + J^T diag(d) J at term shares p (K, B)."""
        excess = (d - z)[self.row]  # (d_i - z_i) g_i g_i^T on curved rows
        p = share[self.curved_terms]
        r = self.curved_terms
        own = z[self.row[r]] * p + excess[r] * p * p
        pairs = excess[self.pair_k] * share[self.pair_k] * share[self.pair_l]
        return np.vstack([own, d[self.linear_rows], pairs])


class _Rows:
    """f, term shares p and the Jacobian's products at a batch of points y (n, B)."""

    def __init__(self, table: TermTable, log_c: np.ndarray, y: np.ndarray):
        self.table = table
        row = table.row
        v = table.product("exponents", y) + log_c  # (K, B) log of each term
        peak = table.row_peaks(v)
        e = np.exp(v - peak[row])
        total = table.row_sums(e)
        self.f = peak + np.log(total)  # (m, B)
        self.share = e / total[row]  # p_k

    def jacobian_t(self, z: np.ndarray) -> np.ndarray:
        """J^T z (n, B): sum_i z_i grad f_i, grad f_i = sum_k p_k a_k."""
        return self.table.product("transposed", z[self.table.row] * self.share)

    def jacobian(self, dy: np.ndarray) -> np.ndarray:
        """J dy (m, B)."""
        return self.table.row_sums(self.share * self.table.product("exponents", dy))

    def hessian(self, z: np.ndarray, dy: np.ndarray) -> np.ndarray:
        """H(z) dy (n, B), with hess f_i v = sum_k p_k a_k (a_k . v) - g_i (g_i . v)."""
        curved = np.where(self.table.curved[:, None], z, 0.0)
        product = self.table.product("transposed", curved[self.table.row] * self.share
                                     * self.table.product("exponents", dy))
        return product - self.jacobian_t(curved * self.jacobian(dy))

    def reduced_matrix(self, z: np.ndarray, d: np.ndarray, shift: float = 0.0) -> _Factor:
        """H(z) + J^T diag(d) J + shift I, factored."""
        table = self.table
        flat = table.product("basis", table.weights(self.share, z, d))  # (n(n+1)/2, B)
        if shift:
            flat[table.diagonal] += shift
        return _Factor(flat, table)


class _Factor:
    """A batch of symmetric positive definite matrices, factored for solves.

    The matrices come as their upper triangles, ``flat`` (n(n+1)/2, B). Large batches:
    a left-looking Cholesky factorisation run column by column over the whole batch at
    once (each column one numpy call on (n, j, B) arrays); small batches: numpy's LU
    solve per matrix (fewer Python-level calls). A matrix that is not positive definite
    gives NaN solutions, which the callers reject.
    """

    def __init__(self, flat: np.ndarray, table: TermTable):
        n = len(table.cost)
        size = flat.shape[1]
        self.stacked = None
        if size < _SMALL_BATCH:
            matrix = np.empty((size, n, n))
            matrix[:, table.upper[0], table.upper[1]] = flat.T
            matrix[:, table.upper[1], table.upper[0]] = flat.T
            self.stacked = matrix
            return
        lower = np.zeros((n, n, size))
        with np.errstate(all="ignore"):
            for j in range(n):
                column = flat[table.columns[j]]  # entries (j.., j), by symmetry
                if j:
                    column -= np.einsum("ikb,kb->ib", lower[j:, :j], lower[j, :j])
                pivot = np.sqrt(np.where(column[0] > 0.0, column[0], np.nan))
                lower[j, j] = pivot
                lower[j + 1:, j] = column[1:] / pivot
        self.lower = lower

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """x (n, B) with matrix x = rhs."""
        if self.stacked is not None:
            return _solve_stacked(self.stacked, rhs.T).T
        lower, x = self.lower, rhs.copy()
        n = len(x)
        with np.errstate(all="ignore"):
            for i in range(n):
                if i:
                    x[i] -= np.einsum("kb,kb->b", lower[i, :i], x[:i])
                x[i] /= lower[i, i]
            for i in reversed(range(n)):
                if i < n - 1:
                    x[i] -= np.einsum("kb,kb->b", lower[i + 1:, i], x[i + 1:])
                x[i] /= lower[i, i]
        return x


def _solve_stacked(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve (B, n, n) x = (B, n) by LU per matrix; a singular matrix gives NaN."""
    with np.errstate(all="ignore"):
        try:
            return np.linalg.solve(matrix, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            out = np.full(rhs.shape, np.nan)
            for i, (a, b) in enumerate(zip(matrix, rhs, strict=True)):
                try:
                    out[i] = np.linalg.solve(a, b)
                except np.linalg.LinAlgError:
                    pass
            return out


def _step_to_boundary(x: np.ndarray, dx: np.ndarray) -> np.ndarray:
    """Largest alpha in (0, 1] keeping x + alpha dx >= 0, per column (B,)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(dx < 0.0, -x / dx, np.inf)
    return np.minimum(1.0, ratio.min(axis=0))


def _newton_direction(rows: _Rows, factor: _Factor, s, z, r_d, r_p, r_c):
    """(dy, ds, dz) of the Newton system for the residuals (r_d, r_p, r_c), reduced to
    (H + J^T diag(z / s) J) dy = -r_d - J^T ((z r_p - r_c) / s)."""
    dy = factor.solve(-r_d - rows.jacobian_t((z * r_p - r_c) / s))
    ds = -r_p - rows.jacobian(dy)
    dz = (-r_c - z * ds) / s
    return dy, ds, dz


def _iterate(table: TermTable, log_c, y, s, z):
    """One predictor-corrector step on a batch; returns the new (y, s, z) and the KKT
    measures (dual residual, primal residual, gap, scale of the dual residual), all in
    log space, at the old point. The dual residual's scale is 1 + the largest
    sum_i |z_i grad f_i|: its rounding floor, which grows with the duals and exponents."""
    rows = _Rows(table, log_c, y)
    m = s.shape[0]
    r_d = table.cost[:, None] + rows.jacobian_t(z)
    r_p = rows.f + s
    complementarity = s * z
    measures = (np.abs(r_d).max(axis=0), np.abs(r_p).max(axis=0),
                complementarity.sum(axis=0),
                1.0 + table.product("magnitudes", z[table.row] * rows.share).max(axis=0))
    factor = rows.reduced_matrix(z, z / s)
    mu = measures[2] / m
    dy, ds, dz = _newton_direction(rows, factor, s, z, r_d, r_p, complementarity)
    alpha = np.minimum(_step_to_boundary(s, ds), _step_to_boundary(z, dz))
    mu_affine = ((s + alpha * ds) * (z + alpha * dz)).sum(axis=0) / m
    sigma = (mu_affine / mu) ** 3
    r_c = complementarity + ds * dz - sigma * mu
    dy, ds, dz = _newton_direction(rows, factor, s, z, r_d, r_p, r_c)
    alpha = _BOUNDARY * np.minimum(_step_to_boundary(s, ds), _step_to_boundary(z, dz))
    return (y + alpha * dy, s + alpha * ds, z + alpha * dz), measures


def interior_point(table: TermTable, log_c: np.ndarray, tolerance: float = TOLERANCE,
                   max_iterations: int = _MAX_ITERATIONS, start=None, floor: float = 1.0):
    """Solve min cost . y s.t. f(y) <= 0 for every column of ``log_c`` (K, B).

    ``start`` (y (n,), z (m,)) starts every column there (a solution of a neighbour),
    with s = max(-f(y), floor) and z >= floor; else y = 0, z = 1, s = max(-f, 1).
    Returns (y (n, B), z (m, B), converged (B,)): columns that did not meet the
    tolerances within ``max_iterations`` are not converged (y, z their last iterate).
    """
    size, n, m = log_c.shape[1], len(table.cost), len(table.starts)
    if start is None:
        y, z = np.zeros((n, size)), np.ones((m, size))
    else:
        y = np.repeat(start[0][:, None], size, axis=1)
        z = np.repeat(np.maximum(start[1], floor)[:, None], size, axis=1)
    with np.errstate(all="ignore"):  # a column not finite here leaves unconverged
        s = np.maximum(-_Rows(table, log_c, y).f, floor)
    kernel = compiled_kernel() if size >= _KERNEL_COLUMNS else None
    if kernel is not None:
        return _compiled(kernel, table, log_c, y, s, z, tolerance, max_iterations)
    converged = np.zeros(size, dtype=bool)
    # the active columns' state, compacted only when columns leave (most iterations
    # none does, and gathering the batch anew each iteration cost ~15 % of the solve)
    active = np.arange(size)
    work_c, work_y, work_s, work_z = log_c, y.copy(), s, z.copy()
    for iteration in range(max_iterations):
        if active.size == 0:
            break
        with np.errstate(all="ignore"):
            (y_new, s_new, z_new), (r_d, r_p, gap, dual_scale) = _iterate(
                table, work_c, work_y, work_s, work_z)
        scale = 1.0 + np.abs(work_y[table.objective])
        done = (r_d <= tolerance * dual_scale) & (r_p <= tolerance) & (gap <= tolerance * scale)
        keep = ~done & np.isfinite(y_new).all(axis=0) & np.isfinite(z_new).all(axis=0)
        if iteration >= _STALL_ITERATIONS:  # still far from feasible: likely infeasible
            keep &= r_p <= _STALL_RESIDUAL
        keep &= np.isfinite(s_new).all(axis=0)
        if keep.all():
            work_y, work_s, work_z = y_new, s_new, z_new
            continue
        leaving = ~keep  # converged, stalled or not finite: the last point is kept
        converged[active[done]] = True
        y[:, active[leaving]] = work_y[:, leaving]
        z[:, active[leaving]] = work_z[:, leaving]
        active = active[keep]
        work_c = work_c[:, keep]
        work_y, work_s, work_z = y_new[:, keep], s_new[:, keep], z_new[:, keep]
    y[:, active], z[:, active] = work_y, work_z  # out of iterations: the last iterate
    return y, z, converged


def _compiled(kernel, table: TermTable, log_c, y, s, z, tolerance, max_iterations):
    """:func:`interior_point`'s loop by the compiled kernel, each column to its end."""
    # a column's state together, in copies (the kernel overwrites them)
    y, s, z = (np.array(a.T, order="C") for a in (y, s, z))
    converged = kernel.interior_point(
        table.term_start, table.term_index, table.term_value, table.term_slot,
        table.row_start, table.row_var_start, table.row_var, table.cost, table.objective,
        np.ascontiguousarray(log_c.T), y, s, z, tolerance, max_iterations,
        _STALL_ITERATIONS, _STALL_RESIDUAL, _BOUNDARY)
    return np.ascontiguousarray(y.T), np.ascontiguousarray(z.T), converged


@dataclass(frozen=True)
class _Kernels:
    """The compiled loops (:mod:`.ip_kernel`)."""

    interior_point: object
    polish: object


@functools.cache
def compiled_kernel() -> _Kernels | None:
    """The compiled interior point and polish (:mod:`.ip_kernel`), or None without numba
    (the ``fast`` extra): then the numpy loops of :func:`interior_point` and
    :func:`_newton_batch` run."""
    try:
        from .ip_kernel import polish_columns, solve_columns
    except ImportError:
        return None
    return _Kernels(solve_columns, polish_columns)


def warm_started(table: TermTable, log_c: np.ndarray):
    """:func:`interior_point` on a batch, started at the solution of its first column,
    with phase I on the columns that do not converge.

    Instances of one structure are neighbours: from one's optimum (duals raised to
    _WARM_FLOOR, slacks likewise) the others converge in ~7 iterations instead of ~12
    from y = 0. Columns that do not converge are checked by phase I
    (:func:`infeasible`); those it does not prove infeasible run again from y = 0.
    Returns (y, z, converged, proven infeasible), the last two (B,).
    """
    size = log_c.shape[1]
    warm = size >= _SMALL_BATCH
    if warm:
        y0, z0, ok0 = interior_point(table, log_c[:, :1])
        warm = bool(ok0[0])
    if warm:
        y, z, converged = interior_point(table, log_c, start=(y0[:, 0], z0[:, 0]),
                                         floor=_WARM_FLOOR)
    else:
        y, z, converged = interior_point(table, log_c)
    proven = np.zeros(size, dtype=bool)
    failed = np.flatnonzero(~converged)
    if failed.size:
        proven[failed] = infeasible(table, log_c[:, failed])
    again = np.flatnonzero(~converged & ~proven) if warm else np.zeros(0, dtype=np.intp)
    if again.size:
        y[:, again], z[:, again], converged[again] = interior_point(table, log_c[:, again])
    return y, z, converged, proven


# ------------------------------------------------------------------ polish


def _kkt_solve(rows: _Rows, factor: _Factor, on, z, b1, b2):
    """Solve [[H, J_A^T], [J_A, 0]] (dy, dz) = (b1, b2) by the regularised system
    [[H + epsilon I, J_A^T], [J_A, -delta I]] (``factor``, delta = 1 / penalty) and
    iterative refinement against the exact one; dz is zero off the active set A.
    A singular but consistent system (a degenerate active set: duals or variables the
    optimum leaves free) is solved too, like the proximal method of multipliers: the
    free directions keep the interior point's values."""
    penalty = _POLISH_PENALTY

    def regularised(c1, c2):
        dy = factor.solve(c1 + rows.jacobian_t(on * penalty * c2))
        return dy, on * penalty * (rows.jacobian(dy) - c2)

    dy, dz = regularised(b1, b2)
    for _ in range(_REFINEMENTS):
        q1 = b1 - rows.hessian(z, dy) - rows.jacobian_t(dz)
        q2 = on * (b2 - rows.jacobian(dy))
        ey, ez = regularised(q1, q2)
        dy, dz = dy + ey, dz + ez
    return dy, dz


def _kkt_residual(table: TermTable, rows: _Rows, z, on):
    return np.vstack([table.cost[:, None] + rows.jacobian_t(z), np.where(on, rows.f, 0.0)])


def polish(table: TermTable, log_c: np.ndarray, y: np.ndarray, z: np.ndarray):
    """Newton on the KKT system of the active set, from an interior-point solution.

    Arrays batch-last: log_c (K, B), y (n, B), z (m, B). The active set starts as the
    rows whose dual exceeds their slack (z_i > -f_i(y)), which a solution at
    interior-point accuracy identifies when complementarity is strict; where Newton does
    not converge to a KKT point from there, the rows the solver left undecided (dual and
    slack of one order, e.g. both ~1e-5: :func:`_ambiguity`) switch sides, the most
    ambiguous first (:data:`_FLIPS`). Returns (y, z, polished
    (B,)): a column is polished when the KKT residual fell to 1e-12, every constraint
    holds (f <= 1e-12) and every dual is >= -1e-12 (then clipped at 0); other columns
    come back unchanged.
    """
    y, z = np.array(y, dtype=float), np.array(z, dtype=float)
    size = y.shape[1]
    if size < _SMALL_BATCH:  # column by column, dense (few numpy calls per column)
        ok = np.zeros(size, dtype=bool)
        for i in range(size):
            y[:, i], z[:, i], ok[i] = polish_one(table, log_c[:, i], y[:, i], z[:, i])
        return y, z, ok
    with np.errstate(all="ignore"):
        f = _Rows(table, log_c, y).f
    on = z > np.maximum(-f, 0.0)
    ambiguity = _ambiguity(z, f)
    order = np.argsort(-ambiguity, axis=0)
    y_out, z_out, polished = y.copy(), z.copy(), np.zeros(size, dtype=bool)
    for flips in _FLIPS:
        todo = np.flatnonzero(~polished)
        trial = on[:, todo].copy()
        for k in flips:  # switch the k-th most ambiguous row, where it is ambiguous
            rows = order[k, todo]
            todo, trial, rows = _where_ambiguous(ambiguity, todo, trial, rows)
            trial[rows, np.arange(todo.size)] ^= True
        if todo.size == 0:
            continue
        y_new, z_new, ok = _newton_batch(table, log_c[:, todo], y[:, todo], z[:, todo],
                                         trial)
        y_out[:, todo[ok]], z_out[:, todo[ok]] = y_new[:, ok], np.maximum(z_new[:, ok], 0.0)
        polished[todo[ok]] = True
    return y_out, _canonical_duals(table, z_out), polished


def _ambiguity(z, f):
    """min(z, slack) / max(z, slack) per row: ~0 where the solver decided the row (active
    with a dual >> slack, or inactive with slack >> dual), ~1 where it did not."""
    slack = np.maximum(-f, 0.0)
    high = np.maximum(z, slack)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(high > 0.0, np.minimum(z, slack) / high, 0.0)


def _where_ambiguous(ambiguity, todo, trial, rows):
    """Keep the columns whose ``rows`` are ambiguous (> _AMBIGUOUS)."""
    keep = ambiguity[rows, todo] > _AMBIGUOUS
    return todo[keep], trial[:, keep], rows[keep]


def _newton_batch(table: TermTable, log_c, y, z, on):
    """Newton on the KKT system of the active set ``on`` (m, B), batched; returns
    (y, z, converged (B,)) at the final point. Compiled (:func:`.ip_kernel.polish_columns`)
    each column stops once it meets the test after one step at least; in numpy every
    column steps until all do."""
    kernel = compiled_kernel() if y.shape[1] >= _KERNEL_COLUMNS else None
    if kernel is not None:
        y, z = np.array(y.T, order="C"), np.where(on, z, 0.0).T.copy()  # overwritten
        converged = kernel.polish(
            table.term_start, table.term_index, table.term_value, table.term_slot,
            table.row_start, table.row_var_start, table.row_var, table.cost,
            np.ascontiguousarray(log_c.T), y, z, np.ascontiguousarray(on.T, dtype=float),
            _POLISH_STEPS, _POLISH_TOLERANCE, _POLISH_PENALTY, _PROXIMAL, _REFINEMENTS)
        return np.ascontiguousarray(y.T), np.ascontiguousarray(z.T), converged
    n = len(table.cost)
    with np.errstate(all="ignore"):
        rows = _Rows(table, log_c, y)
        y_new, z_new = y.copy(), np.where(on, z, 0.0)
        for step in range(_POLISH_STEPS + 1):
            residual = _kkt_residual(table, rows, z_new, on)
            ok = (np.isfinite(residual).all(axis=0)
                  & (np.abs(residual).max(axis=0) <= _POLISH_TOLERANCE)
                  & (rows.f.max(axis=0) <= _POLISH_TOLERANCE)
                  & (z_new.min(axis=0) >= -_POLISH_TOLERANCE))
            if ok.all() or step == _POLISH_STEPS:
                break
            factor = rows.reduced_matrix(z_new, on * _POLISH_PENALTY, _PROXIMAL)
            dy, dz = _kkt_solve(rows, factor, on, z_new, -residual[:n], -residual[n:])
            y_new, z_new = y_new + dy, z_new + dz
            rows = _Rows(table, log_c, y_new)
    return y_new, z_new, ok


def polish_one(table: TermTable, log_c: np.ndarray, y: np.ndarray, z: np.ndarray):
    """:func:`polish` of one column (log_c (K,), y (n,), z (m,)), with the KKT system
    assembled densely and solved by LU; where LU fails or blows up (a singular but
    consistent system: a degenerate active set) by least squares, whose least-norm step
    leaves the free directions where they are. Returns (y, z, polished)."""
    with np.errstate(all="ignore"):
        start = _one_column(table, log_c, y)
        f = start[0]
        on = z > np.maximum(-f, 0.0)
        y_new, z_new, _, ok = _newton_one(table, log_c, y, z, on, start)
        if not ok:  # switch the undecided rows, most ambiguous first (see polish)
            ambiguity = _ambiguity(z, f)
            order = np.argsort(-ambiguity)
            for flips in _FLIPS[1:]:
                rows = [order[k] for k in flips]
                if any(ambiguity[r] <= _AMBIGUOUS for r in rows):
                    continue
                trial = on.copy()
                trial[rows] ^= True
                y_new, z_new, _, ok = _newton_one(table, log_c, y, z, trial, start)
                if ok:
                    break
    if not ok:
        return y, z, False
    z_new = _canonical_duals(table, np.maximum(z_new, 0.0)[:, None])[:, 0]
    return y_new, z_new, True


def _newton_one(table: TermTable, log_c, y, z, on, start):
    """Newton on one column's active-set KKT system from y, z (``start`` = (f, shares)
    at y): (y, z, f, converged)."""
    a, starts, row = table.exponents, table.starts, table.row
    n, m = a.shape[1], len(starts)
    f, share = start
    y_new, z_new = y.copy(), np.where(on, z, 0.0)
    matrix = np.zeros((n + m, n + m))
    inactive = np.arange(n, n + m)
    for step in range(_POLISH_STEPS + 1):
        gradients = np.add.reduceat(share[:, None] * a, starts, axis=0)  # (m, n)
        residual = np.concatenate([table.cost + z_new @ gradients, np.where(on, f, 0.0)])
        ok = bool(np.isfinite(residual).all()
                  and np.abs(residual).max() <= _POLISH_TOLERANCE
                  and f.max() <= _POLISH_TOLERANCE and z_new.min() >= -_POLISH_TOLERANCE)
        if ok or step == _POLISH_STEPS:
            break
        curved = np.where(table.curved, z_new, 0.0)
        active = gradients * on[:, None]
        matrix[:n, :n] = ((a.T * (curved[row] * share)) @ a
                          - (gradients.T * curved) @ gradients)
        matrix[:n, n:] = active.T
        matrix[n:, :n] = active
        matrix[inactive, inactive] = ~on
        step_vector = _dense_solve(matrix, -residual)
        y_new, z_new = y_new + step_vector[:n], z_new + step_vector[n:]
        f, share = _one_column(table, log_c, y_new)
    return y_new, z_new, f, ok


def _one_column(table: TermTable, log_c: np.ndarray, y: np.ndarray):
    """(f (m,), shares p (K,)) at one point y (n,)."""
    v = table.exponents @ y + log_c
    peak = np.maximum.reduceat(v, table.starts)
    e = np.exp(v - peak[table.row])
    total = np.add.reduceat(e, table.starts)
    return peak + np.log(total), e / total[table.row]


def _dense_solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    try:
        step = np.linalg.solve(matrix, rhs)
        if np.isfinite(step).all() and np.abs(step).max() <= 1.0:
            return step
    except np.linalg.LinAlgError:
        pass
    return np.linalg.lstsq(matrix, rhs, rcond=None)[0]


def _canonical_duals(table: TermTable, z: np.ndarray) -> np.ndarray:
    """The least duals of a value pinned by two opposite bounds.

    A variable pinned by its lower and its upper bound (a pinned clock or junction) has
    both bounds active and only the difference of their duals fixed by stationarity:
    (z_upper - z_lower) a. Every split is optimal, and two solvers leave different
    ones, so both are reduced by their minimum: the pinned value binds through one side.
    """
    for i, j in table.opposite:
        both = np.minimum(z[i], z[j])
        z[i] -= both
        z[j] -= both
    return z


# ------------------------------------------------------------------ dual bounds

#: largest |cost + A^T delta| of a dual point kept for bounds (log space) [-]: the bound
#: of a point off the orthogonality plane by r is off by r . y*, below 1e-12 x 700 here
_ORTHOGONALITY = 1e-12


class DualBound:
    """Lower bounds on the optimum of every instance of a structure, from the optima of a
    few of them (GP duality: Duffin, Peterson & Zener 1967; Boyd, Kim, Vandenberghe &
    Hassibi 2007, section 5.3).

    Any delta >= 0 with cost + sum_k delta_k a_k = 0 (orthogonality: the exponents only)
    bounds min cost . y s.t. f_i(y) <= 0 from below, for every coefficient vector::

        v(delta) = sum_k delta_k (log c_k - log delta_k) + sum_i lambda_i log lambda_i,

    lambda_i = sum_{k in i} delta_k (0 log 0 = 0): minimising the Lagrangian, whose
    log-sum-exp rows are the maxima of their linear minorants, over y. An instance's own
    optimum gives delta_k = z_i p_k (its duals times its term shares), where v equals its
    optimum; a neighbour's gives a bound a second-order distance below it. The instances
    share the exponents, so every solved instance's delta is a dual point of all of them.
    """

    def __init__(self, table: TermTable, log_c: np.ndarray, y: np.ndarray, z: np.ndarray):
        """From solved instances: log_c (K, S), y (n, S) and duals z (m, S), the
        objective row's included (1 at an optimum)."""
        with np.errstate(all="ignore"):
            delta = z[table.row] * _Rows(table, log_c, y).share
            residual = table.cost[:, None] + table.product("transposed", delta)
            kept = (np.isfinite(delta).all(axis=0) & (delta >= 0.0).all(axis=0)
                    & (np.abs(residual).max(axis=0) <= _ORTHOGONALITY))
        self.delta = np.ascontiguousarray(delta[:, kept].T)  # (S', K)
        weight = np.add.reduceat(self.delta, table.starts, axis=1)  # lambda (S', m)
        self.constant = _x_log_x(weight).sum(axis=1) - _x_log_x(self.delta).sum(axis=1)

    def __len__(self) -> int:
        return len(self.delta)

    def __call__(self, log_c: np.ndarray) -> np.ndarray:
        """The best of the bounds of every kept dual point for each column of log_c
        (K, B): (B,), -inf without a dual point, NaN where log_c is."""
        if not len(self):
            return np.full(log_c.shape[1], -np.inf)
        return (self.delta @ log_c + self.constant[:, None]).max(axis=0)


def _x_log_x(x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0.0, x * np.log(x), 0.0)


# ------------------------------------------------------------------ phase I


def _phase_one_table(table: TermTable) -> tuple[TermTable, int]:
    """min sigma s.t. f_i(y) <= sigma (every row but the objective's), sigma >= -1.

    The objective row (the last) and the epigraph variable are left out; sigma is a new
    last variable with exponent -1 in every term, plus the monomial row exp(-sigma - 1).
    Returns the table and the number of original terms kept.
    """
    kept = table.starts[-1]  # the objective row is the last row
    objective = int(np.argmax(table.cost))
    exponents = np.delete(table.exponents[:kept], objective, axis=1)
    exponents = np.hstack([exponents, -np.ones((kept, 1))])
    bound = np.zeros((1, exponents.shape[1]))
    bound[0, -1] = -1.0
    cost = np.zeros(exponents.shape[1])
    cost[-1] = 1.0
    return TermTable(np.vstack([exponents, bound]), np.append(table.starts[:-1], kept),
                     cost), kept


def infeasible(table: TermTable, log_c: np.ndarray) -> np.ndarray:
    """(B,) True where phase I proves a column infeasible (min_y max_i f_i(y) > 0)."""
    phase, kept = _phase_one_table(table)
    log_phase = np.vstack([log_c[:kept], -np.ones((1, log_c.shape[1]))])
    y, _, converged = interior_point(phase, log_phase, tolerance=1e-9)
    return converged & (y[-1] > 1e-7)


# ------------------------------------------------------------------ the structure's problem


@dataclass
class BatchSolution:
    """B solves of one structure (see :meth:`BatchedProblem.solve`).

    ``status`` (B,) "Solved" | "Infeasible" | "Failed"; ``variables`` name -> (B,) values
    (exp of the log variables, NaN where not solved); ``duals`` constraint name -> (B,)
    multipliers of the log-space GP (NaN where not solved; a value pinned by two
    opposite bounds binds through one of them, see :func:`_canonical_duals`);
    ``polished`` (B,) whether the active-set polish converged (else the point is the
    interior point's, at 1e-10).
    """

    status: np.ndarray
    variables: dict = field(default_factory=dict)
    duals: dict = field(default_factory=dict)
    polished: np.ndarray | None = None


class BatchedProblem:
    """The term table of one structure and its batched solve."""

    def __init__(self, compiled: model.CompiledModel):
        structure = compiled.structure
        if structure.relaxed:
            raise ValueError("the batched solver is built for unrelaxed structures only")
        self.structure = structure
        self.names = list(compiled.variable_names)  # includes the epigraph "objective"
        index = {name: i for i, name in enumerate(self.names)}
        rows = [(c.name, c.terms) for c in compiled.constraints]
        rows.append(("objective", tuple(compiled.objective_terms)))
        self.row_names = [name for name, _ in rows]
        terms = [term for _, row in rows for term in row]
        exponents = np.zeros((len(terms), len(self.names)))
        #: (term, parameter name, power) of powers on a parameter (a fixed GPU count)
        self.parameter_powers: list[tuple[int, str, float]] = []
        for k, term in enumerate(terms):
            for name, power in term.powers:
                if name in index:
                    exponents[k, index[name]] += power
                else:
                    self.parameter_powers.append((k, name, power))
        self.coefficients = [term.coefficient for term in terms]
        starts = np.cumsum([0] + [len(row) for _, row in rows[:-1]])
        cost = np.zeros(len(self.names))
        cost[index["objective"]] = 1.0
        self.table = TermTable(exponents, starts, cost)
        self.scale_name = model.objective_scale_name(structure)

    def log_constants(self, values: Mapping, size: int) -> np.ndarray:
        """(K, size) log c_k (+ power * log parameter) of every term; NaN where c <= 0."""
        out = np.empty((len(self.coefficients), size))
        with np.errstate(divide="ignore", invalid="ignore"):
            for k, name in enumerate(self.coefficients):
                if name == "objective.scale":
                    value = values.get(self.scale_name, 1.0)
                else:
                    value = values[name]
                out[k] = np.log(value)
            for k, name, power in self.parameter_powers:
                out[k] += power * np.log(values[name])
        out[~np.isfinite(out)] = np.nan
        return out

    def solve(self, values: Mapping, size: int) -> BatchSolution:
        """Solve ``size`` instances with coefficient ``values`` (arrays (size,) or floats,
        named as :func:`.model.coefficient_values` names them, with ``gpu_count`` for a
        fixed count)."""
        log_c = self.log_constants(values, size)
        usable = np.isfinite(log_c).all(axis=0)
        n, m = len(self.names), len(self.row_names)
        y, z = np.full((n, size), np.nan), np.full((m, size), np.nan)
        converged = np.zeros(size, dtype=bool)
        polished = np.zeros(size, dtype=bool)
        columns = np.flatnonzero(usable)
        proven = np.zeros(size, dtype=bool)
        # chunks of _CHUNK columns: the working arrays stay in cache (~35,000 solves/s at
        # 2,000-4,000 columns, ~16,000/s at 100,000 in one piece)
        for start in range(0, columns.size, _CHUNK):
            chunk = columns[start:start + _CHUNK]
            y_c, z_c, ok, proven[chunk] = warm_started(self.table, log_c[:, chunk])
            good = chunk[ok]
            y[:, good], z[:, good], polished[good] = polish(
                self.table, log_c[:, good], y_c[:, ok], z_c[:, ok])
            converged[good] = True
        with np.errstate(invalid="ignore"):
            solved = converged & (np.abs(y) < _LOG_LIMIT).all(axis=0)
        status = np.full(size, "Failed", dtype=object)
        status[solved] = "Solved"
        status[proven] = "Infeasible"
        unchecked = np.flatnonzero(converged & ~solved)  # beyond the float range of exp
        if unchecked.size:
            status[unchecked[infeasible(self.table, log_c[:, unchecked])]] = "Infeasible"
        return self._solution(values, size, status, y, z, solved, polished)

    def dual_bound(self, values: Mapping, solution: BatchSolution,
                   columns: np.ndarray) -> DualBound:
        """The :class:`DualBound` of some "Solved" ``columns`` of a solve of ``values``
        (as :meth:`solve` took them) and its ``solution``."""
        size = len(solution.status)
        log_c = self.log_constants(values, size)[:, columns]
        with np.errstate(divide="ignore"):
            y = np.log([solution.variables[name][columns] for name in self.names])
        ones = np.ones(len(columns))  # the objective row's dual at an optimum
        z = np.array([ones if name == "objective" else solution.duals[name][columns]
                      for name in self.row_names])
        return DualBound(self.table, log_c, y, z)

    def _solution(self, values, size, status, y, z, solved, polished) -> BatchSolution:
        y = np.where(solved, y, np.nan)
        z = np.where(solved, z, np.nan)
        variables = {name: np.exp(y[i]) for i, name in enumerate(self.names)}
        if self.structure.fixed_count:
            count = np.broadcast_to(np.asarray(values["gpu_count"], dtype=float), (size,))
            variables["gpu_count"] = np.where(solved, count, np.nan)
        duals = {name: z[i] for i, name in enumerate(self.row_names) if name != "objective"}
        return BatchSolution(status, variables, duals, polished & solved)


@functools.lru_cache(maxsize=64)
def batched(structure: model.Structure) -> BatchedProblem:
    """The batched problem of a structure, built once (cached like :func:`.direct.direct`)."""
    return BatchedProblem(model.compiled(structure))
