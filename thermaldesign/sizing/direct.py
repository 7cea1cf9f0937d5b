"""Direct conic form of the sizing GP for fast re-solves (Clarabel, no cvxpy in the loop).

cvxpy's DPP re-solve of this small GP spends ~90 % of its time in Python (parameter
checks, the log transform of the parameters, stuffing and unpacking), ~3 ms against
~0.3 ms in the solver. This module writes the *same* GP, from the same term table as
:class:`.model.CompiledModel`, in log variables y = log x as a conic program once per
structure, and re-solves it by changing only the constant vector:

- a monomial constraint c * exp(a . y) <= 1 is the linear row a . y + log c <= 0;
- a posynomial constraint sum_k c_k exp(a_k . y) <= 1 gets one auxiliary u_k per term,
  (a_k . y + log c_k, 1, u_k) in the exponential cone (u_k >= exp(a_k . y + log c_k)),
  and the linear row sum_k u_k <= 1;
- the objective is minimise y_objective (the epigraph variable).

Every coefficient enters the constant vector as log c only, so a re-solve is one numpy
gather plus the solver. The dual of each constraint's linear row is the same
sensitivity cvxpy reports for the log-transformed GP (tested against cvxpy).

References
----------
Boyd, Kim, Vandenberghe & Hassibi, "A tutorial on geometric programming", Optim. Eng.
8 (2007), section 5 (convex form); Goulart & Chen, "Clarabel: an interior-point solver
for conic programs with quadratic objectives", arXiv:2405.12762 (2024).
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np
from scipy import sparse

from . import batch_solver, model

try:  # Clarabel ships with cvxpy >= 1.4; without it the cvxpy path is used
    import clarabel
except ImportError:  # pragma: no cover - exercised only without clarabel
    clarabel = None

__all__ = ["DirectProblem", "available", "polish_point"]


def available() -> bool:
    """True when the Clarabel Python package is importable."""
    return clarabel is not None


class DirectProblem:
    """The conic form of one compiled structure (see module docstring)."""

    def __init__(self, compiled: model.CompiledModel):
        structure = compiled.structure
        if structure.relaxed:
            raise ValueError("the direct form is built for unrelaxed structures only")
        self.compiled = compiled
        self.names = compiled.variable_names  # includes the epigraph "objective"
        index = {name: i for i, name in enumerate(self.names)}
        rows: list[tuple[str, list]] = []  # (constraint name, terms)
        for constraint in compiled.constraints:
            rows.append((constraint.name, list(constraint.terms)))
        rows.append(("objective", list(compiled.objective_terms)))
        auxiliary = sum(len(terms) for _, terms in rows if len(terms) > 1)
        self.size = len(self.names) + auxiliary
        linear_a, linear_const = [], []  # rows of A and the fixed part of b
        self.linear_terms: list[list[tuple[float, object]]] = []
        cone_a, cone_const = [], []
        self.cone_terms: list[object] = []
        self.row_of: dict[str, int] = {}
        next_u = len(self.names)
        # where each term's log c sits in b, in the term order of batch_solver's table:
        # (is a cone row, row index within its block)
        term_rows: list[tuple[bool, int]] = []
        for name, terms in rows:
            if len(terms) == 1:
                # a.y + log c <= 0  ->  s = -(a.y) - log c >= 0: A = a, b = -log c
                term_rows.append((False, len(linear_a)))
                self.row_of[name] = len(linear_a)
                linear_a.append(self._coefficients(terms[0], index, +1.0))
                linear_const.append(0.0)
                self.linear_terms.append([(-1.0, terms[0])])
                continue
            # sum u_k <= 1  ->  s = 1 - sum u_k >= 0: A = +1 on each u_k, b = 1
            self.row_of[name] = len(linear_a)
            row = {}
            for term in terms:
                u = next_u
                next_u += 1
                row[u] = 1.0
                term_rows.append((True, len(cone_a)))
                # (a.y + log c, 1, u) in K_exp: s = b - A x with
                #   s1: A = -a, b = log c;  s2: A = 0, b = 1;  s3: A = -e_u, b = 0
                cone_a.append(self._coefficients(term, index, -1.0))
                cone_const.append(0.0)
                self.cone_terms.append(term)
                cone_a.append({})
                cone_const.append(1.0)
                self.cone_terms.append(None)
                cone_a.append({u: -1.0})
                cone_const.append(0.0)
                self.cone_terms.append(None)
            linear_a.append(row)
            linear_const.append(1.0)
            self.linear_terms.append([])
        self.linear_count = len(linear_a)
        self._term_index = np.array([self.linear_count + r if cone else r
                                     for cone, r in term_rows], dtype=np.intp)
        self._term_sign = np.array([1.0 if cone else -1.0 for cone, _ in term_rows])
        matrix = sparse.lil_matrix((len(linear_a) + len(cone_a), self.size))
        for r, row in enumerate(linear_a + cone_a):
            for c, value in row.items():
                matrix[r, c] = value
        self.A = matrix.tocsc()
        self.P = sparse.csc_matrix((self.size, self.size))
        self.q = np.zeros(self.size)
        self.q[index["objective"]] = 1.0
        self.constant = np.array(linear_const + cone_const, dtype=float)
        self.cones = [clarabel.NonnegativeConeT(self.linear_count)] + [
            clarabel.ExponentialConeT() for _ in range(len(cone_a) // 3)
        ]
        self.settings = clarabel.DefaultSettings()
        self.settings.verbose = False
        # b = constant + sum over (row, coefficient, sign, parameter powers) of sign * log
        self._b_rows: list[tuple[int, float, object]] = []
        for r, entries in enumerate(self.linear_terms):
            for sign, term in entries:
                self._b_rows.append((r, sign, term))
        for r, term in enumerate(self.cone_terms):
            if term is not None:
                self._b_rows.append((self.linear_count + r, +1.0, term))
        self.solver = None
        self.last_solve_wall = 0.0

    def _coefficients(self, term, index, sign):
        row = {}
        for name, power in term.powers:
            if name in index:
                row[index[name]] = row.get(index[name], 0.0) + sign * power
        return row

    def _log_constant(self, term, values) -> float:
        value = math.log(values[term.coefficient])
        for name, power in term.powers:
            if name not in self.names:  # a parameter such as a fixed GPU count
                value += power * math.log(values[name])
        return value

    def vector(self, values: dict) -> np.ndarray:
        """The constant vector b for a set of coefficient values."""
        values = dict(values)
        values["objective.scale"] = values.get(model.objective_scale_name(self.compiled.structure),
                                               1.0)
        b = self.constant.copy()
        for row, sign, term in self._b_rows:
            b[row] += sign * self._log_constant(term, values)
        return b

    def _polished(self, b: np.ndarray, y: np.ndarray, z: np.ndarray):
        """Clarabel's point taken to the exact optimum (:func:`.batch_solver.polish`).

        The linear rows are the constraints in :class:`.batch_solver.BatchedProblem`'s
        row order, their duals the multipliers there, and b holds every term's log c
        (the rows' constant part is zero where a log c sits); a polish that does not
        converge leaves Clarabel's point.
        """
        log_c = self._term_sign * (b[self._term_index] - self.constant[self._term_index])
        if not np.all(np.isfinite(log_c)):
            return y, z
        table = batch_solver.batched(self.compiled.structure).table
        y_new, z_new, _ = batch_solver.polish_one(table, log_c, y, z)
        return y_new, z_new

    def solve(self, values: dict, polish: bool = True):
        """Solve; returns (status, variables, duals, solver time [s]).

        ``polish`` ends with :func:`.batch_solver.polish_one` (the exact optimum, as the
        batched solver returns it); without it the point is Clarabel's (~1e-8).
        """
        b = self.vector(values)
        if self.solver is None:
            self.solver = clarabel.DefaultSolver(self.P, self.q, self.A, b, self.cones,
                                                 self.settings)
        # always through update(): a solver's first solve from its constructor and its
        # later solves after update() differ at the interior point's accuracy (~1e-8),
        # which would make a design depend on whether its structure was solved before
        self.solver.update(b=b)
        start = time.perf_counter()
        solution = self.solver.solve()
        self.last_solve_wall = time.perf_counter() - start  # the solver call alone [s]
        status = str(solution.status)
        if status != "Solved":
            return status, {}, {}, solution.solve_time
        x = np.asarray(solution.x)
        if not np.all(np.abs(x[: len(self.names)]) < 700.0):
            # "Solved" with a log-variable beyond the float range: a barely infeasible
            # problem the interior point did not certify; let the fallback decide
            return "NumericalError", {}, {}, solution.solve_time
        z = np.asarray(solution.z)
        if not np.all(np.abs(x) < 700.0):  # "Solved" at a point exp() cannot represent
            return "NumericalError", {}, {}, solution.solve_time
        y, z = x[: len(self.names)], z[: self.linear_count]
        if polish:
            y, z = self._polished(b, y, z)
        variables = {name: math.exp(y[i]) for i, name in enumerate(self.names)}
        duals = {name: float(z[row]) for name, row in self.row_of.items() if name != "objective"}
        return status, variables, duals, solution.solve_time


def polish_point(structure: model.Structure, values: dict, variables: dict,
                 duals: dict) -> tuple[dict, dict]:
    """Any solver's optimum (e.g. cvxpy's fallback) taken to the exact optimum by
    :func:`.batch_solver.polish_one`; unchanged where the polish does not converge.

    ``variables`` and ``duals`` as :meth:`DirectProblem.solve` returns them (the
    objective row's dual, 1 at an optimum, is not among the duals).
    """
    problem = batch_solver.batched(structure)
    log_c = problem.log_constants(values, 1)[:, 0]
    if not np.all(np.isfinite(log_c)):
        return variables, duals
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.log([variables[name] for name in problem.names])
    z = np.array([duals.get(name, 1.0) for name in problem.row_names])
    if not (np.isfinite(y).all() and np.isfinite(z).all()):
        return variables, duals
    y, z, polished = batch_solver.polish_one(problem.table, log_c, y, z)
    if not polished:
        return variables, duals
    new_variables = dict(variables)
    new_variables.update({name: math.exp(y[i]) for i, name in enumerate(problem.names)})
    return new_variables, {name: float(z[i]) for i, name in enumerate(problem.row_names)
                           if name != "objective"}


_DIRECT: dict[model.Structure, DirectProblem] = {}
_DIRECT_LOCK = threading.Lock()


def direct(structure: model.Structure) -> DirectProblem:
    """The direct form of a structure, built once (callers hold the model's lock)."""
    with _DIRECT_LOCK:
        problem = _DIRECT.get(structure)
        if problem is None:
            if len(_DIRECT) >= 64:
                _DIRECT.pop(next(iter(_DIRECT)))
            problem = DirectProblem(model.compiled(structure))
            _DIRECT[structure] = problem
        return problem


def timed_solve(structure: model.Structure, values: dict):
    """Solve and return (status, variables, duals, solver time, wall time) [s]."""
    start = time.perf_counter()
    problem = direct(structure)
    status, variables, duals, solver_time = problem.solve(values)
    return status, variables, duals, solver_time, time.perf_counter() - start
