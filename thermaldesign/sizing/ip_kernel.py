"""The batched interior point and polish of :mod:`.batch_solver`, compiled (numba).

The same method, step for step, as the numpy loop of
:func:`.batch_solver.interior_point` (primal-dual, infeasible start, Mehrotra's
predictor-corrector, the (n x n) reduced Newton system factored by Cholesky, the step
cut to keep s, z > 0 at ``boundary`` of the way to the boundary), with the same stopping
rules: the primal residual, the gap, and the dual residual relative to its rounding
floor 1 + max_j sum_k |a_kj| z_i p_k; the stall test from ``stall_iterations``; a column
whose step is not finite (a matrix that is not positive definite included) leaves with
its last point.

Columns are solved :data:`LANES` at a time, each lane's numbers side by side so every
operation is one vector instruction over the lanes, and a lane whose column ends takes
the next column at once (a warm-started column needs ~7 iterations, some need twice as
many; none waits for the others).
The state of the lanes (~130 kB at 64 lanes) stays in the second-level cache: the numpy
loop spends most of its ~3 us per column and iteration moving (K, B) arrays through
memory.

The reduced matrix is assembled as
H + J^T diag(d) J = sum_i [z_i sum_{k in i} p_k a_k a_k^T + (d_i - z_i) g_i g_i^T],
g_i = sum_{k in i} p_k a_k (a monomial row has p = 1: d_i a a^T), from each term's
non-zero exponents (2-4 of ~12) and each row's variables. It equals the numpy assembly
to roundoff; the iterates of the two paths differ in their last bits, and the polish
that follows either lands on the same optimum to ~1e-12 (objectives within ~3e-13).

The polish (:func:`polish_columns`) is :func:`.batch_solver._newton_batch` the same
way: Newton on each column's active-set KKT system by the regularised reduced system,
with its iterative refinement, each column stopping once it meets the KKT test after at
least one step (the numpy loop steps every column until the whole batch meets it).

Import it only through :func:`.batch_solver.compiled_kernel`: it needs numba (the
``fast`` extra), whose first compilation takes ~10 s (then numba's cache, ~0.2 s).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["LANES", "polish_columns", "solve_columns"]

#: columns iterated side by side (eight AVX-512 vectors of doubles; of 8 to 256 lanes,
#: 64 and 128 were fastest: 4.7 us a column's solve, 7.1 us at 8 and 5.5 us at 256)
LANES = 64


@njit(cache=True)
def _next_column(lane, column, following, size, sources, lanes):  # pragma: no cover
    """Give ``lane`` the column ``following`` (its rows of the 2-D ``sources`` copied
    into the lanes' arrays ``lanes``, column ``lane``), or none (-1) when all are taken;
    returns the next column not yet taken."""
    if following >= size:
        column[lane] = -1
        return following
    column[lane] = following
    for k in range(len(sources)):
        source, target = sources[k], lanes[k]
        for j in range(source.shape[1]):
            target[j, lane] = source[following, j]
    return following + 1


@njit(cache=True)
def _started_lanes(size, sources, state):  # pragma: no cover - compiled
    """(the column each lane holds, -1 for none; the steps each lane's column has taken;
    the next column not yet taken) once each lane has taken a column."""
    column = np.full(LANES, -1)
    following = 0
    for lane in range(LANES):
        following = _next_column(lane, column, following, size, sources, state)
    return column, np.zeros(LANES, dtype=np.int64), following


@njit(cache=True)
def _put_back(lane, b, lanes, targets):  # pragma: no cover - compiled
    """Copy column ``lane`` of the lanes' arrays into row ``b`` of ``targets``."""
    for k in range(len(targets)):
        source, target = lanes[k], targets[k]
        for j in range(target.shape[1]):
            target[b, j] = source[j, lane]


@njit(cache=True)
def _rows(term_start, term_index, term_value, term_slot, row_start, row_var_start,
          lane_c, lane_y, p, f, g):  # pragma: no cover - compiled
    """f (m, L), the term shares p (K, L) and the rows' gradients g_i = sum_k p_k a_k on
    their variables (R, L) at the lanes' points."""
    m = f.shape[0]
    peak = np.empty(LANES)
    total = np.empty(LANES)
    for i in range(m):
        first, stop = row_start[i], row_start[i + 1]
        for k in range(first, stop):
            for c in range(LANES):
                p[k, c] = lane_c[k, c]
            for q in range(term_start[k], term_start[k + 1]):
                a, j = term_value[q], term_index[q]
                for c in range(LANES):
                    p[k, c] += a * lane_y[j, c]
        if stop - first == 1:  # a monomial: f = its log, p = 1 (exp(0), log(1) exactly)
            for c in range(LANES):
                f[i, c] = p[first, c]
                p[first, c] = 1.0
        else:
            for c in range(LANES):
                peak[c] = p[first, c]
                total[c] = 0.0
            for k in range(first + 1, stop):
                for c in range(LANES):
                    peak[c] = max(peak[c], p[k, c])
            for k in range(first, stop):
                for c in range(LANES):
                    p[k, c] = math.exp(p[k, c] - peak[c])
                    total[c] += p[k, c]
            for c in range(LANES):
                f[i, c] = peak[c] + math.log(total[c])
            for k in range(first, stop):
                for c in range(LANES):
                    p[k, c] /= total[c]
        for q in range(row_var_start[i], row_var_start[i + 1]):
            for c in range(LANES):
                g[q, c] = 0.0
        for k in range(first, stop):
            for q in range(term_start[k], term_start[k + 1]):
                a, slot = term_value[q], term_slot[q]
                for c in range(LANES):
                    g[slot, c] += p[k, c] * a


@njit(cache=True)
def _factor(term_start, term_index, term_value, row_start, row_var_start, row_var,
            lane_z, lane_d, shift, p, g, lower):  # pragma: no cover - compiled
    """The Cholesky factor (lower triangle of ``lower`` (n, n, L)) of each lane's reduced
    matrix H(z) + J^T diag(d) J + shift I; NaN from a pivot that is not positive on."""
    n, m = lower.shape[0], lane_z.shape[0]
    excess = np.empty(LANES)
    for j in range(n):
        for k in range(j + 1):
            for c in range(LANES):
                lower[j, k, c] = 0.0
    for i in range(m):
        for k in range(row_start[i], row_start[i + 1]):
            for q in range(term_start[k], term_start[k + 1]):
                for r in range(term_start[k], term_start[k + 1]):
                    if term_index[r] <= term_index[q]:
                        a, row, col = term_value[q] * term_value[r], term_index[q], term_index[r]
                        for c in range(LANES):
                            lower[row, col, c] += a * lane_z[i, c] * p[k, c]
        for c in range(LANES):
            excess[c] = lane_d[i, c] - lane_z[i, c]
        for q in range(row_var_start[i], row_var_start[i + 1]):
            for r in range(row_var_start[i], q + 1):  # a row's variables ascend
                row, col = row_var[q], row_var[r]
                for c in range(LANES):
                    lower[row, col, c] += excess[c] * g[q, c] * g[r, c]
    for j in range(n):
        for c in range(LANES):
            lower[j, j, c] += shift
        for k in range(j):
            for c in range(LANES):
                lower[j, j, c] -= lower[j, k, c] * lower[j, k, c]
        for c in range(LANES):
            v = lower[j, j, c]
            lower[j, j, c] = math.sqrt(v) if v > 0.0 else np.nan
        for i in range(j + 1, n):
            for k in range(j):
                for c in range(LANES):
                    lower[i, j, c] -= lower[i, k, c] * lower[j, k, c]
            for c in range(LANES):
                lower[i, j, c] /= lower[j, j, c]


@njit(cache=True)
def _solve_factored(lower, x):  # pragma: no cover - compiled
    """x (n, L) overwritten by (L L^T)^-1 x, lane by lane."""
    n = x.shape[0]
    for j in range(n):
        for k in range(j):
            for c in range(LANES):
                x[j, c] -= lower[j, k, c] * x[k, c]
        for c in range(LANES):
            x[j, c] /= lower[j, j, c]
    for j in range(n - 1, -1, -1):
        for k in range(j + 1, n):
            for c in range(LANES):
                x[j, c] -= lower[k, j, c] * x[k, c]
        for c in range(LANES):
            x[j, c] /= lower[j, j, c]


@njit(cache=True)
def _direction(lower, row_var_start, row_var, g, lane_s, lane_z, r_d, r_p, r_c, dy, ds,
               dz):  # pragma: no cover - compiled
    """(dy, ds, dz) of each lane's Newton system for (r_d, r_p, r_c), reduced to
    (H + J^T diag(z / s) J) dy = -r_d - J^T ((z r_p - r_c) / s), ``lower`` its factor."""
    n, m = dy.shape[0], ds.shape[0]
    t = np.empty(LANES)
    for j in range(n):
        for c in range(LANES):
            dy[j, c] = -r_d[j, c]
    for i in range(m):
        for c in range(LANES):
            t[c] = (lane_z[i, c] * r_p[i, c] - r_c[i, c]) / lane_s[i, c]
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                dy[j, c] -= t[c] * g[q, c]
    _solve_factored(lower, dy)
    for i in range(m):
        for c in range(LANES):
            t[c] = 0.0
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                t[c] += g[q, c] * dy[j, c]
        for c in range(LANES):
            ds[i, c] = -r_p[i, c] - t[c]
            dz[i, c] = (-r_c[i, c] - lane_z[i, c] * ds[i, c]) / lane_s[i, c]


@njit(cache=True)
def _step_to_boundary(x, dx, alpha):  # pragma: no cover - compiled
    """alpha (L,) lowered to keep x + alpha dx >= 0 in every lane."""
    for i in range(x.shape[0]):
        for c in range(LANES):
            if dx[i, c] < 0.0:
                alpha[c] = min(alpha[c], -x[i, c] / dx[i, c])


@njit(cache=True)
def _residuals(term_start, term_index, term_value, row_start, row_var_start, row_var, cost,
               lane_s, lane_z, p, f, g, r_d, magnitude, r_p, comp):  # pragma: no cover
    """The dual residual r_d = cost + J^T z and its scale's sums (n, L), the primal
    residual f + s and the complementarity s z (m, L) at the lanes' points."""
    n, m = r_d.shape[0], r_p.shape[0]
    for j in range(n):
        for c in range(LANES):
            r_d[j, c] = cost[j]
            magnitude[j, c] = 0.0
    for i in range(m):
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                r_d[j, c] += lane_z[i, c] * g[q, c]
        for k in range(row_start[i], row_start[i + 1]):
            for q in range(term_start[k], term_start[k + 1]):
                a, j = abs(term_value[q]), term_index[q]
                for c in range(LANES):
                    magnitude[j, c] += a * lane_z[i, c] * p[k, c]
        for c in range(LANES):
            r_p[i, c] = f[i, c] + lane_s[i, c]
            comp[i, c] = lane_s[i, c] * lane_z[i, c]


@njit(cache=True)
def _centring(lane_s, lane_z, comp, ds_affine, dz_affine, alpha, r_c):  # pragma: no cover
    """Mehrotra's corrector right-hand side r_c (m, L) from the predictor's (affine)
    step of length ``alpha`` (L,)."""
    m = lane_s.shape[0]
    mu, sigma = np.zeros(LANES), np.zeros(LANES)
    for i in range(m):
        for c in range(LANES):
            mu[c] += comp[i, c]
            sigma[c] += ((lane_s[i, c] + alpha[c] * ds_affine[i, c])
                         * (lane_z[i, c] + alpha[c] * dz_affine[i, c]))
    for c in range(LANES):
        mu[c] /= m
        sigma[c] = (sigma[c] / m / mu[c]) ** 3
    for i in range(m):
        for c in range(LANES):
            r_c[i, c] = comp[i, c] + ds_affine[i, c] * dz_affine[i, c] - sigma[c] * mu[c]


@njit(cache=True)
def _stops(c, objective, tolerance, r_d, magnitude, r_p, comp, lane_y):  # pragma: no cover
    """(converged, primal residual) of lane ``c`` at its point: the residuals and the gap
    within the tolerances (a non-finite measure never converges)."""
    dual_residual, dual_scale, primal_residual, gap = 0.0, 0.0, 0.0, 0.0
    finite = True
    for j in range(r_d.shape[0]):
        finite &= math.isfinite(r_d[j, c]) and math.isfinite(magnitude[j, c])
        dual_residual = max(dual_residual, abs(r_d[j, c]))
        dual_scale = max(dual_scale, magnitude[j, c])
    for i in range(r_p.shape[0]):
        finite &= math.isfinite(r_p[i, c])
        primal_residual = max(primal_residual, abs(r_p[i, c]))
        gap += comp[i, c]
    done = (finite and dual_residual <= tolerance * (1.0 + dual_scale)
            and primal_residual <= tolerance
            and gap <= tolerance * (1.0 + abs(lane_y[objective, c])))
    return done, primal_residual


@njit(cache=True)
def _stepped(c, step, lane_y, lane_s, lane_z, dy, ds, dz):  # pragma: no cover - compiled
    """Move lane ``c`` by ``step`` along (dy, ds, dz); False (the lane unmoved) where the
    new point is not finite."""
    n, m = lane_y.shape[0], lane_s.shape[0]
    finite = True
    for j in range(n):
        finite &= math.isfinite(lane_y[j, c] + step * dy[j, c])
    for i in range(m):
        finite &= math.isfinite(lane_s[i, c] + step * ds[i, c])
        finite &= math.isfinite(lane_z[i, c] + step * dz[i, c])
    if not finite:
        return False
    for j in range(n):
        lane_y[j, c] += step * dy[j, c]
    for i in range(m):
        lane_s[i, c] += step * ds[i, c]
        lane_z[i, c] += step * dz[i, c]
    return True


@njit(cache=True, nogil=True)
def solve_columns(term_start, term_index, term_value, term_slot, row_start, row_var_start,
                  row_var, cost, objective, log_c, y, s, z, tolerance, max_iterations,
                  stall_iterations, stall_residual, boundary):  # pragma: no cover
    """Run the interior point on every row b of ``log_c`` (B, K) from (y, s, z) (B, n),
    (B, m), (B, m), which it overwrites with each column's last point; returns
    converged (B,).

    The table as :class:`.batch_solver.TermTable` holds it for this kernel: each term's
    non-zero exponents as CSR over the variables (``term_start`` (K + 1,),
    ``term_index``, ``term_value``), each row's range of terms (``row_start`` (m + 1,))
    and variables (``row_var`` as CSR by ``row_var_start`` (m + 1,); ``term_slot`` the
    place of each term's non-zero among them), ``cost`` (n,) the linear objective and
    ``objective`` its variable's index.
    """
    size, terms = log_c.shape
    n, m = y.shape[1], s.shape[1]
    converged = np.zeros(size, dtype=np.bool_)
    lane_c, lane_y = np.zeros((terms, LANES)), np.zeros((n, LANES))
    lane_s, lane_z = np.ones((m, LANES)), np.ones((m, LANES))
    p, f, g = np.empty((terms, LANES)), np.empty((m, LANES)), np.empty((row_var.size, LANES))
    r_d, magnitude = np.empty((n, LANES)), np.empty((n, LANES))
    r_p, comp, r_c = np.empty((m, LANES)), np.empty((m, LANES)), np.empty((m, LANES))
    lane_d, lower = np.empty((m, LANES)), np.empty((n, n, LANES))
    dy, ds, dz = np.empty((n, LANES)), np.empty((m, LANES)), np.empty((m, LANES))
    ds_affine, dz_affine = np.empty((m, LANES)), np.empty((m, LANES))
    alpha = np.empty(LANES)
    sources, state = (log_c, y, s, z), (lane_c, lane_y, lane_s, lane_z)
    column, steps, following = _started_lanes(size, sources, state)
    busy = following
    while busy:
        _rows(term_start, term_index, term_value, term_slot, row_start, row_var_start,
              lane_c, lane_y, p, f, g)
        _residuals(term_start, term_index, term_value, row_start, row_var_start, row_var,
                   cost, lane_s, lane_z, p, f, g, r_d, magnitude, r_p, comp)
        # predictor, centring (Mehrotra), corrector
        for i in range(m):
            for c in range(LANES):
                lane_d[i, c] = lane_z[i, c] / lane_s[i, c]
        _factor(term_start, term_index, term_value, row_start, row_var_start, row_var,
                lane_z, lane_d, 0.0, p, g, lower)
        _direction(lower, row_var_start, row_var, g, lane_s, lane_z, r_d, r_p, comp, dy,
                   ds_affine, dz_affine)
        alpha[:] = 1.0
        _step_to_boundary(lane_s, ds_affine, alpha)
        _step_to_boundary(lane_z, dz_affine, alpha)
        _centring(lane_s, lane_z, comp, ds_affine, dz_affine, alpha, r_c)
        _direction(lower, row_var_start, row_var, g, lane_s, lane_z, r_d, r_p, r_c, dy, ds,
                   dz)
        alpha[:] = 1.0
        _step_to_boundary(lane_s, ds, alpha)
        _step_to_boundary(lane_z, dz, alpha)
        # each lane steps, or ends (converged, stalled, a step not finite, out of
        # iterations) and takes the next column
        for c in range(LANES):
            b = column[c]
            if b < 0:
                continue
            done, primal_residual = _stops(c, objective, tolerance, r_d, magnitude, r_p,
                                           comp, lane_y)
            stalled = steps[c] >= stall_iterations and not primal_residual <= stall_residual
            if not (done or stalled) and _stepped(c, boundary * alpha[c], lane_y, lane_s,
                                                  lane_z, dy, ds, dz):
                steps[c] += 1
                if steps[c] < max_iterations:
                    continue
            converged[b] = done
            _put_back(c, b, state[1:], sources[1:])
            steps[c] = 0
            following = _next_column(c, column, following, size, sources, state)
            busy -= column[c] < 0
    return converged


# ------------------------------------------------------------------ the polish


@njit(cache=True)
def _regularised(lower, row_var_start, row_var, g, weight, c1, c2, dy,
                 dz):  # pragma: no cover - compiled
    """The regularised KKT solve of the polish: dy = M^-1 (c1 + J^T (w c2)),
    dz = w (J dy - c2), with w = on / delta (``weight`` (m, L)) and M factored."""
    n, m = dy.shape[0], dz.shape[0]
    for j in range(n):
        for c in range(LANES):
            dy[j, c] = c1[j, c]
    for i in range(m):
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                dy[j, c] += weight[i, c] * c2[i, c] * g[q, c]
    _solve_factored(lower, dy)
    for i in range(m):
        for c in range(LANES):
            dz[i, c] = -c2[i, c]
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                dz[i, c] += g[q, c] * dy[j, c]
        for c in range(LANES):
            dz[i, c] *= weight[i, c]


@njit(cache=True)
def _refined(term_start, term_index, term_value, row_start, row_var_start, row_var,
             lower, lane_z, weight, lane_on, p, g, b1, b2, dy, dz, q1, q2, ey,
             ez):  # pragma: no cover - compiled
    """One iterative refinement of (dy, dz) against the exact KKT system
    [[H, J_A^T], [J_A, 0]] (dy, dz) = (b1, b2): the residual (q1, q2) solved again by the
    regularised system and added."""
    n, m = dy.shape[0], dz.shape[0]
    along = np.empty(LANES)  # a_k . dy, then g_i . dy
    for j in range(n):
        for c in range(LANES):
            q1[j, c] = b1[j, c]
    for i in range(m):  # q1 -= H(z) dy + J^T dz; q2 = on (b2 - J dy)
        first, stop = row_start[i], row_start[i + 1]
        curved = stop - first > 1  # H: z_i (sum_k p_k a_k a_k^T - g_i g_i^T) dy
        if curved:
            for k in range(first, stop):
                for c in range(LANES):
                    along[c] = 0.0
                for q in range(term_start[k], term_start[k + 1]):
                    for c in range(LANES):
                        along[c] += term_value[q] * dy[term_index[q], c]
                for q in range(term_start[k], term_start[k + 1]):
                    for c in range(LANES):
                        q1[term_index[q], c] -= (lane_z[i, c] * p[k, c] * along[c]
                                                 * term_value[q])
        for c in range(LANES):
            along[c] = 0.0
        for q in range(row_var_start[i], row_var_start[i + 1]):
            for c in range(LANES):
                along[c] += g[q, c] * dy[row_var[q], c]
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                q1[j, c] += ((lane_z[i, c] * along[c] if curved else 0.0)
                             - dz[i, c]) * g[q, c]
        for c in range(LANES):
            q2[i, c] = lane_on[i, c] * (b2[i, c] - along[c])
    _regularised(lower, row_var_start, row_var, g, weight, q1, q2, ey, ez)
    for j in range(n):
        for c in range(LANES):
            dy[j, c] += ey[j, c]
    for i in range(m):
        for c in range(LANES):
            dz[i, c] += ez[i, c]


@njit(cache=True)
def _kkt_residuals(row_var_start, row_var, cost, penalty, lane_z, lane_on, f, g, r_d, r_f,
                   weight, b1, b2):  # pragma: no cover - compiled
    """The KKT residual of each lane's active set (r_d = cost + J^T z (n, L), r_f = f on
    the active rows (m, L)), the right-hand side (b1, b2) = -(r_d, r_f) of its Newton
    step and the weights on / delta of its regularised system."""
    n, m = r_d.shape[0], r_f.shape[0]
    for j in range(n):
        for c in range(LANES):
            r_d[j, c] = cost[j]
    for i in range(m):
        for q in range(row_var_start[i], row_var_start[i + 1]):
            j = row_var[q]
            for c in range(LANES):
                r_d[j, c] += lane_z[i, c] * g[q, c]
        for c in range(LANES):
            r_f[i, c] = f[i, c] if lane_on[i, c] != 0.0 else 0.0
            weight[i, c] = lane_on[i, c] * penalty
            b2[i, c] = -r_f[i, c]
    for j in range(n):
        for c in range(LANES):
            b1[j, c] = -r_d[j, c]


@njit(cache=True)
def _kkt_ok(c, tolerance, r_d, r_f, f, lane_z):  # pragma: no cover - compiled
    """Lane ``c`` meets the polish's KKT test: residuals within ``tolerance``, every row
    feasible within it and every dual above -``tolerance`` (and all of them finite)."""
    ok = True
    for j in range(r_d.shape[0]):
        ok &= abs(r_d[j, c]) <= tolerance
    for i in range(r_f.shape[0]):
        ok &= abs(r_f[i, c]) <= tolerance and f[i, c] <= tolerance
        ok &= lane_z[i, c] >= -tolerance
    return ok


@njit(cache=True, nogil=True)
def polish_columns(term_start, term_index, term_value, term_slot, row_start, row_var_start,
                   row_var, cost, log_c, y, z, on, max_steps, tolerance, penalty, proximal,
                   refinements):  # pragma: no cover - compiled
    """Newton on the KKT system of each column's active set (:func:`.batch_solver.polish`
    runs it): from (y, z) (B, n), (B, m) with ``on`` (B, m) 1.0 on the active rows (z 0
    off them), each column until it meets the KKT test after at least one step
    or has taken ``max_steps`` steps; y and z are overwritten with each column's last
    point, and the test's outcome there is returned (B,). A start that already meets
    the test still takes a step (the test is at 1e-12 and an interior-point solution can
    pass it ~2e-12 from the optimum in the objective, which would leave ties for the
    integer step that the scalar path, one Newton step from Clarabel's 1e-8, orders
    differently); if no step from it meets the test again, the start is kept. Each
    step solves the regularised system [[H + proximal I, J_A^T], [J_A, -I / penalty]]
    with ``refinements`` iterative refinements against the exact one, as
    :func:`.batch_solver._kkt_solve` does. The table's arrays as for
    :func:`solve_columns`."""
    size, terms = log_c.shape
    n, m = y.shape[1], z.shape[1]
    ok = np.zeros(size, dtype=np.bool_)
    lane_c, lane_y = np.zeros((terms, LANES)), np.zeros((n, LANES))
    lane_z, lane_on = np.zeros((m, LANES)), np.zeros((m, LANES))
    weight = np.empty((m, LANES))
    p, f, g = np.empty((terms, LANES)), np.empty((m, LANES)), np.empty((row_var.size, LANES))
    r_d, r_f = np.empty((n, LANES)), np.empty((m, LANES))
    b1, b2 = np.empty((n, LANES)), np.empty((m, LANES))
    dy, dz = np.empty((n, LANES)), np.empty((m, LANES))
    q1, q2 = np.empty((n, LANES)), np.empty((m, LANES))
    ey, ez = np.empty((n, LANES)), np.empty((m, LANES))
    lower = np.empty((n, n, LANES))
    started_ok = np.zeros(LANES, dtype=np.bool_)
    sources, state = (log_c, y, z, on), (lane_c, lane_y, lane_z, lane_on)
    column, steps, following = _started_lanes(size, sources, state)
    busy = following
    while busy:
        _rows(term_start, term_index, term_value, term_slot, row_start, row_var_start,
              lane_c, lane_y, p, f, g)
        _kkt_residuals(row_var_start, row_var, cost, penalty, lane_z, lane_on, f, g, r_d,
                       r_f, weight, b1, b2)
        _factor(term_start, term_index, term_value, row_start, row_var_start, row_var,
                lane_z, weight, proximal, p, g, lower)
        _regularised(lower, row_var_start, row_var, g, weight, b1, b2, dy, dz)
        for _ in range(refinements):
            _refined(term_start, term_index, term_value, row_start, row_var_start, row_var,
                     lower, lane_z, weight, lane_on, p, g, b1, b2, dy, dz, q1, q2, ey, ez)
        for c in range(LANES):
            b = column[c]
            if b < 0:
                continue
            done = _kkt_ok(c, tolerance, r_d, r_f, f, lane_z)
            started_ok[c] |= done and steps[c] == 0
            if (not done or steps[c] == 0) and steps[c] < max_steps:
                for j in range(n):
                    lane_y[j, c] += dy[j, c]
                for i in range(m):
                    lane_z[i, c] += dz[i, c]
                steps[c] += 1
                continue
            if done or not started_ok[c]:
                _put_back(c, b, state[1:3], sources[1:3])
            else:  # its start met the test and no step from it did: keep the start
                done = True
            ok[b] = done
            steps[c] = 0
            started_ok[c] = False
            following = _next_column(c, column, following, size, sources, state)
            busy -= column[c] < 0
    return ok
