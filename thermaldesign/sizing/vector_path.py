"""The vector path of :func:`~thermaldesign.size_satellites`: relaxations solved batched.

For the specs of a batch that take the default route (no heat pump, GPU count free,
integer count), every continuous relaxation of every eclipse power fraction is solved
in one batched interior point per problem structure (:mod:`.batch_solver`, polished to
the exact optimum like the Clarabel path, so the integer decisions coincide), and each
spec then continues on the scalar path (:func:`.entry.optimize` with the batched
relaxation handed in): branch and bound over the fractions, the exact integer step,
sensitivities, design assembly and the closure re-check, exactly as
:func:`.entry.size_checked`. A relaxation the batch does not report "Solved" (infeasible,
or the interior point in trouble) is solved again on the scalar path, which also gives
an infeasible spec its explained error.

What is still per spec in Python (the remaining steps of issue 18, not done here):
the coefficient values (``model.coefficient_values`` once per spec and fraction, and
again inside :func:`.entry.optimize`), the fixed-count solves of the integer step
(Clarabel, one per candidate count), the sensitivity pass, design assembly and the
closure. Those dominate the time per design (see ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from . import model
from .batch_solver import batched
from .evaluate import eclipse_fractions, environment_of
from .solve import OPTIMAL, Solution, solve_relaxation

__all__ = ["vector_eligible", "batched_relaxations", "BatchedRelaxations"]

SOLVER_NAME = "batched interior point (batch_solver)"


def vector_eligible(spec, integer: bool, gpu_count) -> bool:
    """Whether a spec takes the vector path: no heat pump, free integer count."""
    return integer and gpu_count is None and not spec.heat_pump


class BatchedRelaxations:
    """Relaxations of many specs solved batched; called like :func:`.solve.solve_relaxation`.

    ``self(spec, env, values, objective)`` returns the batched solution of that spec at
    the eclipse fraction in ``values`` when the batch solved it with the very same
    values, otherwise the scalar relaxation.
    """

    def __init__(self):
        self._solved: dict[tuple[int, float], Solution] = {}

    def add(self, spec, fraction: float, solution: Solution) -> None:
        self._solved[(id(spec), fraction)] = solution

    def __call__(self, spec, env, values, objective) -> Solution:
        solution = self._solved.get((id(spec), values.get("eclipse_fraction")))
        if solution is not None and solution.values == values \
                and solution.structure.objective == objective:
            return solution
        return solve_relaxation(spec, env, values, objective)

    def __len__(self) -> int:
        return len(self._solved)


def batched_relaxations(specs, objective: str) -> BatchedRelaxations:
    """Solve the relaxation of every spec at each of its eclipse fractions, batched.

    Rows are grouped by structure (the same terms and exponents) and each group solved by
    one :meth:`.batch_solver.BatchedProblem.solve`; rows not "Solved" are left out (the
    scalar path solves them).
    """
    groups: dict = defaultdict(list)
    for spec in specs:
        env = environment_of(spec)
        for fraction in eclipse_fractions(spec):
            values = dict(model.coefficient_values(spec, env, 0.0, eclipse_fraction=fraction),
                          eclipse_fraction=fraction)
            structure = model.structure_of(spec, env, values, objective, fixed_count=False)
            groups[structure].append((spec, fraction, values))
    found = BatchedRelaxations()
    for structure, rows in groups.items():
        _solve_group(structure, rows, found)
    return found


def _stacked(rows) -> dict[str, np.ndarray]:
    names = set().union(*(values.keys() for _, _, values in rows))
    return {name: np.array([values.get(name, 0.0) for _, _, values in rows], dtype=float)
            for name in names}


def _solve_group(structure, rows, found: BatchedRelaxations) -> None:
    problem = batched(structure)
    solution = problem.solve(_stacked(rows), len(rows))
    for i in np.flatnonzero(solution.status == "Solved"):
        spec, fraction, values = rows[i]
        variables = {name: float(column[i]) for name, column in solution.variables.items()}
        duals = {name: float(column[i]) for name, column in solution.duals.items()}
        found.add(spec, fraction, Solution(OPTIMAL, structure, values, variables, duals,
                                           SOLVER_NAME))
