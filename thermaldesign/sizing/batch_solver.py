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
infeasible, with Mehrotra's predictor-corrector for the centring, run on arrays of shape
(B, ...) for the whole batch: each Newton system is the (n x n) reduced system
(H + J^T diag(z / s) J) dy = r with H = sum_i z_i hess f_i, solved batched by
``np.linalg.solve``; rows stop moving once they meet the tolerances. It follows the
method of CVXOPT's ``cp``/``gp`` solvers (Andersen, Dahl & Vandenberghe; Vandenberghe,
"The CVXOPT linear and quadratic cone program solvers", 2010), without the line search on
a merit function: the step is cut only to keep s and z positive (fraction to the boundary
0.99), which converges on these small, well-scaled GPs (tested on every structure of the
test suite's specs).

:func:`polish` ends both this solver and Clarabel's (:mod:`.direct`): Newton's method on
the KKT system of the active set (c + J_A^T z_A = 0, f_A(y) = 0, z = 0 off A), which
converges quadratically from an interior-point solution to the optimum at ~1e-13, so the
two paths agree far below the interior point's own accuracy (~1e-8) and the integer
decisions made on their objectives coincide. A polish that does not converge (a
degenerate active set) leaves the point as it was.

Rows whose interior point does not converge are checked by a phase I on the same batch
(minimise sigma s.t. f_i(y) <= sigma, sigma >= -1): sigma* > 0 proves the row
infeasible ("Infeasible"), otherwise it is "Failed". The kernel sends both to the scalar
path (Clarabel and cvxpy, with the infeasibility explanation). No row is reported
"Solved" with a non-finite value.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from . import model

__all__ = ["BatchSolution", "BatchedProblem", "TermTable", "batched", "polish"]

#: Stopping tolerance of the interior point on the residuals and the duality gap, all in
#: log space (so relative in the variables and the objective) [-].
TOLERANCE = 1e-10
_MAX_ITERATIONS = 80
_BOUNDARY = 0.99  # fraction of the step to the boundary of s, z > 0
_POLISH_STEPS = 4
_POLISH_TOLERANCE = 1e-12  # KKT residual a polished point must reach (log space) [-]
_LOG_LIMIT = 700.0  # |log x| beyond which exp(y) leaves the float range


@dataclass(frozen=True)
class TermTable:
    """The rows of a GP in log variables: exponents, rows of each term and the cost.

    ``exponents`` (K, n) holds a_k for the K terms, which are grouped row by row:
    ``starts`` (m,) the first term of each of the m rows. ``cost`` (n,) the linear
    objective (e_objective).
    """

    exponents: np.ndarray
    starts: np.ndarray
    cost: np.ndarray

    @property
    def row_of_term(self) -> np.ndarray:
        counts = np.diff(np.append(self.starts, len(self.exponents)))
        return np.repeat(np.arange(len(self.starts)), counts)

    @property
    def multi(self) -> np.ndarray:
        """(m,) True for a row of more than one term (a posynomial, curved in y)."""
        counts = np.diff(np.append(self.starts, len(self.exponents)))
        return counts > 1


class _Rows:
    """f, its gradients and term shares at a batch of points (one evaluation)."""

    def __init__(self, table: TermTable, log_c: np.ndarray, y: np.ndarray):
        exponents, starts = table.exponents, table.starts
        v = y @ exponents.T + log_c  # (B, K) log of each term
        peak = np.maximum.reduceat(v, starts, axis=1)
        row = table.row_of_term
        e = np.exp(v - peak[:, row])
        total = np.add.reduceat(e, starts, axis=1)
        self.f = peak + np.log(total)  # (B, m)
        self.share = e / total[:, row]  # p_k, (B, K)
        # gradient of each row: sum_k p_k a_k (segment sums over the terms)
        self.gradient = np.add.reduceat(self.share[:, :, None] * exponents[None], starts,
                                        axis=1)  # (B, m, n)

    def hessian(self, table: TermTable, z: np.ndarray) -> np.ndarray:
        """sum_i z_i hess f_i = A^T diag(z_i p_k) A - sum_i z_i g_i g_i^T (curved rows)."""
        curved = table.multi
        weight = self.share * np.where(curved, z, 0.0)[:, table.row_of_term]
        a = table.exponents
        h = np.einsum("bk,kn,kl->bnl", weight, a, a, optimize=True)
        g = self.gradient[:, curved, :]
        h -= np.einsum("bi,bin,bil->bnl", z[:, curved], g, g, optimize=True)
        return h


def _step_to_boundary(x: np.ndarray, dx: np.ndarray) -> np.ndarray:
    """Largest alpha in (0, 1] keeping x + alpha dx >= 0, per row."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(dx < 0.0, -x / dx, np.inf)
    return np.minimum(1.0, ratio.min(axis=1))


def _newton_direction(rows, table, s, z, matrix_inverse_rhs, r_d, r_p, r_c):
    """(dy, ds, dz) of the reduced Newton system for the residuals (r_d, r_p, r_c)."""
    jac = rows.gradient
    rhs = -r_d - np.einsum("bin,bi->bn", jac, (-r_c + z * r_p) / s)
    dy = matrix_inverse_rhs(rhs)
    ds = -r_p - np.einsum("bin,bn->bi", jac, dy)
    dz = (-r_c - z * ds) / s
    return dy, ds, dz


def _solve_batch(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Batched solve of matrix x = rhs; rows whose matrix is singular get NaN."""
    try:
        return np.linalg.solve(matrix, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(rhs.shape, np.nan)
        for i in range(len(matrix)):
            try:
                out[i] = np.linalg.solve(matrix[i], rhs[i])
            except np.linalg.LinAlgError:
                pass
        return out


def _iterate(table: TermTable, log_c, y, s, z):
    """One predictor-corrector step on a batch; returns the new (y, s, z) and the KKT
    measures (dual residual, primal residual, gap), all in log space, at the old point."""
    rows = _Rows(table, log_c, y)
    m = s.shape[1]
    jac = rows.gradient
    r_d = table.cost + np.einsum("bin,bi->bn", jac, z)
    r_p = rows.f + s
    matrix = rows.hessian(table, z) + np.einsum("bi,bin,bil->bnl", z / s, jac, jac,
                                                optimize=True)
    measures = (np.abs(r_d).max(axis=1), np.abs(r_p).max(axis=1), (s * z).sum(axis=1))
    # a tiny Levenberg term keeps a flat direction (a variable nothing binds) solvable
    matrix += 1e-14 * np.eye(matrix.shape[1])
    solve = lambda rhs: _solve_batch(matrix, rhs)  # noqa: E731
    mu = (s * z).sum(axis=1, keepdims=True) / m
    dy, ds, dz = _newton_direction(rows, table, s, z, solve, r_d, r_p, s * z)
    alpha = np.minimum(_step_to_boundary(s, ds), _step_to_boundary(z, dz))[:, None]
    mu_affine = ((s + alpha * ds) * (z + alpha * dz)).sum(axis=1, keepdims=True) / m
    sigma = (mu_affine / mu) ** 3
    r_c = s * z + ds * dz - sigma * mu
    dy, ds, dz = _newton_direction(rows, table, s, z, solve, r_d, r_p, r_c)
    alpha = _BOUNDARY * np.minimum(_step_to_boundary(s, ds),
                                   _step_to_boundary(z, dz))[:, None]
    alpha = np.minimum(alpha, 1.0)
    return (y + alpha * dy, s + alpha * ds, z + alpha * dz), measures


def interior_point(table: TermTable, log_c: np.ndarray, tolerance: float = TOLERANCE,
                   max_iterations: int = _MAX_ITERATIONS):
    """Solve min cost . y s.t. f(y) <= 0 for every row of ``log_c`` (B, K).

    Returns (y (B, n), z (B, m), converged (B,)): rows that did not meet the tolerances
    within ``max_iterations`` are not converged (their y and z are the last iterate).
    """
    size, n, m = len(log_c), table.exponents.shape[1], len(table.starts)
    y = np.zeros((size, n))
    s = np.maximum(-_Rows(table, log_c, y).f, 1.0)
    z = np.ones((size, m))
    converged = np.zeros(size, dtype=bool)
    active = np.arange(size)
    for _ in range(max_iterations):
        if active.size == 0:
            break
        (y_new, s_new, z_new), (r_d, r_p, gap) = _iterate(table, log_c[active], y[active],
                                                          s[active], z[active])
        scale = 1.0 + np.abs(y[active] @ table.cost)
        done = (r_d <= tolerance) & (r_p <= tolerance) & (gap <= tolerance * scale)
        converged[active[done]] = True
        keep = ~done & np.all(np.isfinite(y_new), axis=1) & np.all(np.isfinite(z_new), axis=1)
        y[active[keep]] = y_new[keep]
        s[active[keep]] = s_new[keep]
        z[active[keep]] = z_new[keep]
        active = active[keep]
    return y, z, converged


# ------------------------------------------------------------------ polish


def _kkt(table: TermTable, log_c, y, z, on):
    """Residual of the active-set KKT system and its Jacobian (B, n + m, n + m)."""
    rows = _Rows(table, log_c, y)
    jac = rows.gradient
    n = y.shape[1]
    residual = np.concatenate([table.cost + np.einsum("bin,bi->bn", jac, z),
                               np.where(on, rows.f, z)], axis=1)
    size, m = z.shape
    matrix = np.zeros((size, n + m, n + m))
    matrix[:, :n, :n] = rows.hessian(table, z)
    matrix[:, :n, n:] = jac.transpose(0, 2, 1)
    matrix[:, n:, :n] = np.where(on[:, :, None], jac, 0.0)
    diagonal = np.arange(n, n + m)
    matrix[:, diagonal, diagonal] = np.where(on, 0.0, 1.0)
    return residual, matrix, rows.f


def polish(table: TermTable, log_c: np.ndarray, y: np.ndarray, z: np.ndarray):
    """Newton on the KKT system of the active set, from an interior-point solution.

    The active set is the rows whose dual exceeds their slack (z_i > -f_i(y)), which a
    strictly complementary solution at interior-point accuracy identifies. Returns
    (y, z, polished): a row is polished when the KKT residual fell below 1e-12, every
    constraint holds (f <= 1e-12) and every active dual is >= 0; other rows are returned
    unchanged.
    """
    y, z = np.array(y, dtype=float), np.array(z, dtype=float)
    if len(y) == 0:
        return y, z, np.zeros(0, dtype=bool)
    n = y.shape[1]
    on = z > np.maximum(-_Rows(table, log_c, y).f, 0.0)
    y_new, z_new = y.copy(), np.where(on, z, 0.0)
    for _ in range(_POLISH_STEPS):
        residual, matrix, _ = _kkt(table, log_c, y_new, z_new, on)
        with np.errstate(all="ignore"):
            step = _solve_batch(matrix, -residual)
        y_new = y_new + step[:, :n]
        z_new = z_new + step[:, n:]
    with np.errstate(all="ignore"):
        residual, _, f = _kkt(table, log_c, y_new, z_new, on)
        ok = (np.all(np.isfinite(residual), axis=1)
              & (np.abs(residual).max(axis=1) <= _POLISH_TOLERANCE)
              & (f.max(axis=1) <= _POLISH_TOLERANCE)
              & (z_new.min(axis=1) >= -_POLISH_TOLERANCE))
    z_new = np.maximum(z_new, 0.0)
    return (np.where(ok[:, None], y_new, y), np.where(ok[:, None], z_new, z), ok)


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
    """(B,) True where phase I proves a row infeasible (min max_i f_i > 0)."""
    phase, kept = _phase_one_table(table)
    log_phase = np.hstack([log_c[:, :kept], -np.ones((len(log_c), 1))])
    y, _, converged = interior_point(phase, log_phase, tolerance=1e-9)
    return converged & (y[:, -1] > 1e-7)


# ------------------------------------------------------------------ the structure's problem


@dataclass
class BatchSolution:
    """B solves of one structure (see :meth:`BatchedProblem.solve`).

    ``status`` (B,) "Solved" | "Infeasible" | "Failed"; ``variables`` name -> (B,) values
    (exp of the log variables, NaN where not solved); ``duals`` constraint name -> (B,)
    multipliers of the log-space GP (NaN where not solved); ``polished`` (B,) whether the
    active-set polish converged; ``iterations`` the interior point's count.
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
        """(size, K) log c_k (+ power * log parameter) of every term; NaN where c <= 0."""
        out = np.empty((size, len(self.coefficients)))
        with np.errstate(divide="ignore", invalid="ignore"):
            for k, name in enumerate(self.coefficients):
                if name == "objective.scale":
                    value = values.get(self.scale_name, 1.0)
                else:
                    value = values[name]
                out[:, k] = np.log(np.asarray(value, dtype=float))
            for k, name, power in self.parameter_powers:
                out[:, k] += power * np.log(np.asarray(values[name], dtype=float))
        out[~np.isfinite(out)] = np.nan
        return out

    def solve(self, values: Mapping, size: int) -> BatchSolution:
        """Solve ``size`` instances with coefficient ``values`` (arrays (size,) or floats,
        named as :func:`.model.coefficient_values` names them, with ``gpu_count`` for a
        fixed count)."""
        log_c = self.log_constants(values, size)
        usable = np.all(np.isfinite(log_c), axis=1)
        n, m = len(self.names), len(self.row_names)
        y, z = np.full((size, n), np.nan), np.full((size, m), np.nan)
        converged = np.zeros(size, dtype=bool)
        polished = np.zeros(size, dtype=bool)
        rows = np.flatnonzero(usable)
        if rows.size:
            y_r, z_r, ok = interior_point(self.table, log_c[rows])
            good = rows[ok]
            y[good], z[good], polished[good] = polish(self.table, log_c[good], y_r[ok], z_r[ok])
            converged[good] = True
        solved = converged & np.all(np.abs(y) < _LOG_LIMIT, axis=1)
        status = np.full(size, "Failed", dtype=object)
        status[solved] = "Solved"
        unsolved = np.flatnonzero(usable & ~solved)
        if unsolved.size:
            status[unsolved[infeasible(self.table, log_c[unsolved])]] = "Infeasible"
        return self._solution(values, size, status, y, z, solved, polished)

    def _solution(self, values, size, status, y, z, solved, polished) -> BatchSolution:
        y = np.where(solved[:, None], y, np.nan)
        z = np.where(solved[:, None], z, np.nan)
        variables = {name: np.exp(y[:, i]) for i, name in enumerate(self.names)}
        if self.structure.fixed_count:
            count = np.broadcast_to(np.asarray(values["gpu_count"], dtype=float), (size,))
            variables["gpu_count"] = np.where(solved, count, np.nan)
        duals = {name: z[:, i] for i, name in enumerate(self.row_names) if name != "objective"}
        return BatchSolution(status, variables, duals, polished & solved)


_BATCHED: dict[model.Structure, BatchedProblem] = {}
_BATCHED_LOCK = threading.Lock()


def batched(structure: model.Structure) -> BatchedProblem:
    """The batched problem of a structure, built once (a cache like :func:`.direct.direct`)."""
    with _BATCHED_LOCK:
        problem = _BATCHED.get(structure)
        if problem is None:
            if len(_BATCHED) >= 64:
                _BATCHED.pop(next(iter(_BATCHED)))
            problem = BatchedProblem(model.compiled(structure))
            _BATCHED[structure] = problem
        return problem
