"""The vector path of :func:`~thermaldesign.size_satellites`: the conic solves batched.

For the specs of a batch that take the default route (no heat pump, GPU count free,
integer count), the solves are done ahead, batched, by one interior point per problem
structure (:mod:`.batch_solver`, polished to the exact optimum like the Clarabel path,
so the integer decisions coincide):

1. the continuous relaxation of every spec at each of its eclipse power fractions;
2. the fixed-count problems of the integer step at every fraction's candidate counts
   (:func:`.solve.integer_candidates`: low, ceil, low + 1);
3. under ``max_compute``, the re-solves with the clock pinned at its top
   (:func:`.solve.solve_fixed`) of the fixed counts whose clock ends there.

Each spec then runs the scalar path (:func:`.entry.size_checked` with the batched
solves handed in as ``relax`` and ``runner``): branch and bound over the fractions,
selection among the candidates, sensitivities, design assembly and the closure
re-check. A solve the batch did not do, or did not report "Solved", is done there by
Clarabel (:func:`.solve.run`), which also gives an infeasible spec its explained error.
A batched "Infeasible" (proven by the phase I) is used only for a count above the
relaxed optimum, where the scalar path treats a stalling solver as infeasible too. The
fractions the branch and bound skips are solved batched anyway (cheap at ~30 us a solve).

The relaxations' environments and coefficients come from one call per kind of spec
and eclipse fraction on columns (:func:`.evaluate.environments_of`,
:func:`.model.coefficient_values`, :func:`.model.structures_of`). The sensitivities of
the batch are computed afterwards, all at once
(:func:`.sensitivity.input_sensitivities_batch`, from :func:`.batch._size_all`), and
the closure on arrays (:func:`.batch._close`). What is still per spec in Python (the
remaining steps of issue 18, not done here): the coefficient values again inside
:func:`.entry.optimize` and design assembly (see ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict

import numpy as np

from ..errors import InputError
from . import model
from .batch_solver import batched
from .columns import SpecColumns, group_by_kind
from .evaluate import eclipse_fractions, environments_of
from .solve import (
    INFEASIBLE,
    OPTIMAL,
    Solution,
    integer_candidates,
    needs_pinned_clock,
    pinned_clock,
    run,
    solve_relaxation,
)

__all__ = ["vector_eligible", "batched_relaxations", "BatchedRelaxations"]

SOLVER_NAME = "batched interior point (batch_solver)"
#: fewer eligible specs than this are solved one at a time (measured crossover: batched
#: 132/194/244/293 designs/s against 226/241/238/240 one at a time for 2/4/8/16 specs)
MIN_ROWS = 8
#: a mass-limit dual above this binds the mass: the fixed-count sizes are then unique
_BINDING = 1e-6


def vector_eligible(spec, integer: bool, gpu_count) -> bool:
    """Whether a spec takes the vector path: no heat pump, free integer count."""
    return integer and gpu_count is None and not spec.heat_pump


class BatchedRelaxations:
    """Solves of many specs done batched; called like :func:`.solve.solve_relaxation`.

    ``self(spec, env, values, objective)`` returns the batched relaxation of that spec at
    the eclipse fraction in ``values`` when the batch solved it with the very same
    values, otherwise the scalar relaxation; :meth:`run` does the same for the
    fixed-count problems in place of :func:`.solve.run`.
    """

    def __init__(self):
        self._solved: dict[tuple[int, float], Solution] = {}
        self._fixed: dict[tuple, Solution] = {}

    def add(self, spec, fraction: float, solution: Solution) -> None:
        self._solved[(id(spec), fraction)] = solution

    def add_fixed(self, solution: Solution) -> None:
        self._fixed[_fixed_key(solution.structure, solution.values)] = solution

    def run(self, structure, values) -> Solution:
        """:func:`.solve.run`, answered from the batch when it solved the same problem."""
        solution = self._fixed.get(_fixed_key(structure, values))
        if solution is not None:
            return solution
        return run(structure, values)

    def __call__(self, spec, env, values, objective) -> Solution:
        solution = self._solved.get((id(spec), values.get("eclipse_fraction")))
        if solution is not None and solution.values == values \
                and solution.structure.objective == objective:
            return solution
        return solve_relaxation(spec, env, values, objective)

    def values(self, spec, fraction: float) -> dict | None:
        """A copy of the coefficient values the batch solved ``spec``'s relaxation with
        at eclipse fraction ``fraction`` (equal to :func:`.model.coefficient_values`'s
        plus the fraction), or ``None`` when it did not solve it."""
        solution = self._solved.get((id(spec), fraction))
        return None if solution is None else dict(solution.values)

    def __len__(self) -> int:
        return len(self._solved)


def batched_relaxations(specs, objective: str) -> BatchedRelaxations:
    """Solve the relaxation of every spec at each of its eclipse fractions, batched.

    Rows are grouped by structure (the same terms and exponents) and each group solved by
    one :meth:`.batch_solver.BatchedProblem.solve`; rows not "Solved" are left out (the
    scalar path solves them).
    """
    found = BatchedRelaxations()
    if len(specs) < MIN_ROWS:
        return found  # Clarabel one at a time is faster for so few
    groups: dict = defaultdict(list)
    envs: dict = {}
    for indices in group_by_kind(specs).values():
        _relaxation_rows([specs[i] for i in indices], objective, groups, envs)
    for structure, rows in groups.items():
        _solve_group(structure, rows, found)
    _solve_integer_steps(specs, objective, found, envs)
    return found


def _relaxation_rows(specs, objective: str, groups: dict, envs: dict) -> None:
    """The relaxation rows of specs of one kind, by structure: the environments and the
    coefficients in one call on their columns per eclipse fraction (rows equal to each
    spec's own :func:`.model.coefficient_values`, which the scalar path compares)."""
    stacked = SpecColumns(specs)  # one kind (group_by_kind)
    try:
        environments = environments_of(stacked)
    except InputError:
        return  # the scalar path raises it, for its spec
    envs.update(zip(map(id, specs), environments.items, strict=True))
    for fraction in eclipse_fractions(stacked):
        values = model.coefficient_values(stacked, environments, 0.0,
                                          eclipse_fraction=fraction)
        values["eclipse_fraction"] = np.broadcast_to(np.asarray(fraction, dtype=float),
                                                     (len(specs),))
        structures, which = model.structures_of(stacked, environments, values, objective,
                                                fixed_count=False)
        unbounded = model.unbounded_rows(values)
        for row, one in enumerate(model.row_values(values)):
            if not unbounded[row]:  # the scalar path explains it
                groups[structures[which[row]]].append(
                    (specs[row], one["eclipse_fraction"], one))


def _fixed_key(structure, values) -> tuple:
    """The whole problem: its structure and every value (specs of one structure differ
    only in their values)."""
    return structure, tuple(sorted(values.items()))


def _solve_integer_steps(specs, objective: str, found: BatchedRelaxations,
                         envs: dict) -> None:
    """The fixed-count problems of every relaxation's candidates, then the pinned clocks
    (``envs``: the specs' environments by ``id``)."""
    groups: dict = defaultdict(list)
    for spec in specs:
        env = envs.get(id(spec))
        if env is None:
            continue  # no relaxation was batched
        for fraction in eclipse_fractions(spec):
            relaxation = found._solved.get((id(spec), fraction))
            if relaxation is None:
                continue
            relaxed = relaxation.variables["gpu_count"]
            for units in integer_candidates(spec, objective, relaxed)[1]:
                count = float(units * spec.gpu_granularity)
                fixed = dict(relaxation.values, gpu_count=count)
                structure = _fixed_structure(relaxation.structure, count > 0.0)
                groups[structure].append((spec, env, fixed, count > relaxed))
    keep = objective != "max_compute"
    pinned: dict = defaultdict(list)
    for structure, rows in groups.items():
        for (spec, env, *_), solution in _solve_fixed_group(structure, rows, found, keep):
            fixed = solution.values
            if (not keep and "clock.pinned" not in fixed
                    and needs_pinned_clock(solution.variables["clock_fraction"], fixed)):
                values = pinned_clock(fixed)
                pinned[model.structure_of(spec, env, values, objective, fixed_count=True)
                       ].append((spec, env, values, False, solution))
    for structure, rows in pinned.items():
        for row, _ in _solve_fixed_group(structure, rows, found, True):
            found.add_fixed(row[-1])  # the pinned design stands: keep the first solve too


@functools.lru_cache(maxsize=256)
def _fixed_structure(relaxed, counted: bool):
    """:func:`.model.structure_of` of a relaxation's problem with the GPU count fixed:
    the relaxation's structure, with the count a parameter (its only new coefficient,
    present when positive)."""
    present = relaxed.present | {"gpu_count"} if counted else relaxed.present
    return dataclasses.replace(relaxed, fixed_count=True, present=present)


def _solve_fixed_group(structure, rows, found: BatchedRelaxations, keep: bool):
    """Solve one structure's fixed-count rows batched; yields (row, solution) of the
    solved ones, recorded when ``keep``. A row flagged above the relaxed count is
    recorded infeasible when the phase I proves it.

    Under ``max_compute`` a fixed-count optimum whose mass limit does not bind can be
    non-unique in the sizes (a face of equal compute where the mass has slack, e.g. an
    area limit binding: Clarabel and the batched interior point end at different points
    of it), so those are not kept (Clarabel solves them) unless ``keep`` (the
    pinned-clock re-solves, which minimise the mass).
    """
    solution = batched(structure).solve(_stacked_values([r[2] for r in rows]), len(rows))
    for i, row in enumerate(rows):
        values, above = row[2], row[3]
        if solution.status[i] == "Infeasible" and above:
            found.add_fixed(Solution(INFEASIBLE, structure, values, solver=SOLVER_NAME))
        elif solution.status[i] == "Solved":
            one = _row_solution(solution, i, structure, values)
            if keep or one.duals.get("mass limit", 0.0) > _BINDING:
                found.add_fixed(one)
            yield row, one


def _stacked_values(rows) -> dict[str, np.ndarray]:
    """Value dicts of rows of one structure as columns (a name a row lacks is unused)."""
    names = set().union(*(values.keys() for values in rows))
    return {name: np.array([values.get(name, 0.0) for values in rows], dtype=float)
            for name in names}


def _row_solution(solution, i: int, structure, values) -> Solution:
    variables = {name: float(column[i]) for name, column in solution.variables.items()}
    duals = {name: float(column[i]) for name, column in solution.duals.items()}
    return Solution(OPTIMAL, structure, values, variables, duals, SOLVER_NAME)


def _solve_group(structure, rows, found: BatchedRelaxations) -> None:
    solution = batched(structure).solve(_stacked_values([r[2] for r in rows]), len(rows))
    for i in np.flatnonzero(solution.status == "Solved"):
        spec, fraction, values = rows[i]
        found.add(spec, fraction, _row_solution(solution, i, structure, values))
