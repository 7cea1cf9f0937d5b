"""The vector path of :func:`~thermaldesign.size_satellites`: the sizing on columns.

For the specs of a batch that take the default route (no heat pump, GPU count free,
integer count), everything up to the final solution runs on arrays, one kind of spec
(:func:`.columns.group_by_kind`) at a time, one batched interior point per problem
structure (:mod:`.batch_solver`, polished to the exact optimum like the Clarabel path,
so the integer decisions coincide):

1. the continuous relaxation of every spec at each of its eclipse power fractions, from
   one call of :func:`.model.coefficient_values` on the kind's columns per fraction,
   rows grouped by structure (:func:`.model.structures_of`) with index arrays;
2. the fixed-count problems of the integer step at the candidate counts
   (:func:`.solve.candidate_units`: low and low + 1, the pinned-clock rule included);
3. under ``max_compute``, the re-solves with the clock pinned at its top
   (:func:`.solve.needs_pinned_clock`, :func:`.solve.pinned_clock`) of the fixed counts
   whose clock ends there;
4. the decision, on arrays, with the scalar path's own functions: the integer step's
   selection (:func:`.solve._better` on (count, physical objective, dry mass),
   :func:`.solve.physical_objective` on columns) and the branch and bound over the
   eclipse fractions of :func:`.entry.optimize`.

A row is *decided* on arrays only where the scalar path (:func:`.entry.optimize` handed
these solves) would take the same decision for certain: every solve it needs is one the
batch reports "Solved" (or, for a count above the relaxed optimum, "Infeasible" proven by
the phase I) and, under ``max_compute``, is unique in its sizes (the mass limit binds:
a fixed-count optimum where the mass has slack can be a face of equal compute on which
Clarabel and the batched interior point end at different points; with the clock pinned,
by the spec or by the re-solve, the mass is minimised instead and the optimum is kept),
and no comparison of objectives is within roundoff (:data:`_ROUNDOFF`: the arrays sum
plainly where the scalar path sums exactly). Every other row (a solve "Failed", an
infeasible spec, a tie, no candidate fitting) is *undecided*: it goes to the per-spec route
(:func:`.batch._sized`, which runs :func:`.entry.optimize`) with the batch's solves of
that row in a :class:`BatchedRelaxations` (looked up under the scalar keys), solving
what is missing with Clarabel (:func:`.solve.run`), which also gives an infeasible spec
its explained error.

A kind of :data:`_SCREEN_ROWS` specs or more with two eclipse fractions is screened
rather than solved at both: a sample of :data:`_SAMPLE` rows is solved at each, the
fraction whose relaxation leads in most of them (the primary) is solved at every row
with its integer step, and the other fraction's relaxation is solved only where its
bound could beat that integer design. Elsewhere a GP dual bound from the sample's optima
(:class:`.batch_solver.DualBound`, below the relaxation's optimum by weak duality)
already lies below it by :data:`_SCREEN_MARGIN`, so the branch and bound skips that
fraction as it would skip it knowing the relaxation: one solve in four is saved where
one policy wins throughout (a dawn-dusk orbit idling through its eclipse season). Rows
left undecided get the screened relaxations solved before they are handed on, and only
the fixed-count solves the branch and bound asked for are (the screen steps the primary
of every row ahead of it: a solve it never asked for would change which solver's
roundoff decides a tie).

Per decided row the result (:class:`DecidedRows`) is the final solution's variables as
arrays, its eclipse fraction and the relaxation at that fraction as a :class:`Solution`
(the sensitivities and the binding constraints read it). Design assembly, the
sensitivities and the physics re-check follow in :func:`.batch._size_all`.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from . import model
from .batch_solver import batched
from .columns import SpecColumns, group_by_kind, stacked
from .entry import _score
from .evaluate import eclipse_fractions, environments_of
from .solve import (
    INFEASIBLE,
    OPTIMAL,
    Solution,
    _better,
    candidate_units,
    needs_pinned_clock,
    physical_objective,
    pinned_clock,
    run,
    solve_relaxation,
)

__all__ = ["vector_eligible", "batched_relaxations", "BatchedRelaxations", "columnar_sizing",
           "ColumnarSizing", "DecidedRows"]

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


@dataclass
class DecidedRows:
    """The specs of one kind decided on arrays (:func:`columnar_sizing`).

    Attributes
    ----------
    rows : ndarray of int (R,)
        Positions of the specs in the list given to :func:`columnar_sizing`.
    variables : dict[str, ndarray]
        The final (integer) solution's variables, name -> (R,) [SI, as the GP names
        them; a variable the row's structure lacks (``battery_energy``,
        ``spare_count``) is 0].
    eclipse_fraction : ndarray (R,)
        The chosen eclipse power fraction [-].
    relaxations : list of Solution
        Each row's continuous relaxation at its chosen fraction.
    solver : str
        The solver of the final solutions.
    """

    rows: np.ndarray
    variables: dict
    eclipse_fraction: np.ndarray
    relaxations: list
    solver: str = SOLVER_NAME

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class ColumnarSizing:
    """The result of :func:`columnar_sizing`: ``decided`` per kind, and the batch's solves
    of every other spec (``relax``, for the per-spec route)."""

    decided: list = field(default_factory=list)
    relax: BatchedRelaxations = field(default_factory=BatchedRelaxations)


def columnar_sizing(specs, objective: str) -> ColumnarSizing:
    """Size the specs of the default route on columns (module docstring).

    Returns the rows decided on arrays, by kind, and a :class:`BatchedRelaxations`
    holding the batch's solves of the undecided ones. Fewer than :data:`MIN_ROWS` specs
    are all left undecided, with nothing solved (Clarabel one at a time is faster).
    """
    result = ColumnarSizing()
    if len(specs) < MIN_ROWS:
        return result
    for indices in group_by_kind(specs).values():
        solves = _KindSolves.of([specs[i] for i in indices], objective)
        if solves is None:
            continue  # the scalar path raises its spec's InputError
        decided = solves.decide()
        if decided.any():
            result.decided.append(solves.decided_rows(decided, np.asarray(indices)))
        solves.record(~decided, result.relax)
    return result


def batched_relaxations(specs, objective: str) -> BatchedRelaxations:
    """Every batched solve of :func:`columnar_sizing` (none decided), under the scalar
    keys: the relaxation of every spec at each of its eclipse fractions, the integer
    step's fixed counts, the pinned clocks. A solve not "Solved" is left out (the scalar
    path solves it)."""
    found = BatchedRelaxations()
    if len(specs) < MIN_ROWS:
        return found  # Clarabel one at a time is faster for so few
    for indices in group_by_kind(specs).values():
        solves = _KindSolves.of([specs[i] for i in indices], objective, screen=False)
        if solves is not None:
            solves.integer_steps()
            solves.record(np.ones(len(indices), dtype=bool), found)
    return found


# states of an integer candidate in a row
_ABSENT, _FEASIBLE, _INFEASIBLE, _UNKNOWN = 0, 1, 2, 3
#: a relaxation left unsolved: its dual bound is below the primary fraction's design
_DOMINATED = "Dominated"
#: kinds of at least this many specs solve the fractions other than the primary only
#: where a dual bound does not rule them out, from a sample of this many rows (batches
#: of 100 / 300 / 1,000 fresh specs, 9 each: 795-803 against 814-817, 1,929-1,942
#: against 1,922-1,925, 3,556-3,667 against 3,469-3,573 designs/s screened / not)
_SCREEN_ROWS = 256
_SAMPLE = 16
#: relative margin by which a dual bound must fall below the primary's design: far
#: above the bound's own error (< 1e-9: see batch_solver._ORTHOGONALITY) and _ROUNDOFF
_SCREEN_MARGIN = 1e-6
#: relative difference of two objectives within which the arrays (plain sums) and the
#: scalar path (exactly rounded sums, ~1e-16) might order them differently: undecided
_ROUNDOFF = 1e-12


def _near(a, b) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.abs(a - b) <= _ROUNDOFF * np.maximum(np.abs(a), np.abs(b))


@dataclass
class _Record:
    """One batched solve of a structure, and which of its rows the scalar path may look
    up (``kept``: the solution; ``proven``: infeasible, proven by the phase I)."""

    kind: str  # "relaxation", "fixed" or "pinned"
    structure: model.Structure
    rows: np.ndarray  # the kind group's row of each column
    values: dict  # the value columns solved (R,)
    solution: object  # batch_solver.BatchSolution
    kept: np.ndarray
    proven: np.ndarray
    first: tuple | None = None  # a pinned solve's (fixed-count record, its columns)
    #: the kind's rows (B,) whose integer step at this fraction the branch and bound
    #: asked for (None: a relaxation), the only ones the scalar path may look up
    asked: np.ndarray | None = None

    def solved_views(self, columns: np.ndarray) -> list[Solution]:
        """The Solutions of some solved columns, their values, variables and duals views
        of this record's columns (:class:`.model.RowView`, equal to the dicts of
        :meth:`solutions`), for the decided rows' sensitivities and designs."""
        return [Solution(OPTIMAL, self.structure, values, variables, duals, SOLVER_NAME)
                for values, variables, duals in zip(
                    model.row_views(self.values, columns),
                    model.row_views(self.solution.variables, columns, optional=False),
                    model.row_views(self.solution.duals, columns, optional=False),
                    strict=True)]

    def solutions(self, columns: np.ndarray):
        """(column, Solution) of some columns (their row dicts as the scalar path keys
        them)."""
        values = model.row_values({name: v[columns] for name, v in self.values.items()})
        for column, one in zip(columns.tolist(), values, strict=True):
            if self.proven[column]:
                yield column, Solution(INFEASIBLE, self.structure, one, solver=SOLVER_NAME)
            else:
                yield column, _row_solution(self.solution, column, self.structure, one)


@dataclass
class _Candidate:
    """One integer candidate at one fraction, over the kind's rows."""

    state: np.ndarray
    variables: dict = field(default_factory=dict)
    objective: np.ndarray | None = None


@dataclass
class _AtFraction:
    """A kind's relaxations and integer step at one eclipse fraction, rows (B,)."""

    values: dict
    structures: list
    which: np.ndarray
    status: np.ndarray
    relaxed: dict = field(default_factory=dict)
    record: np.ndarray | None = None  # the relaxation's record index per row
    candidates: tuple = ()
    bound: np.ndarray | None = None  # score of the relaxation
    score: np.ndarray | None = None  # score of the integer step's choice
    ok: np.ndarray | None = None  # whether the integer step is decided
    final: dict = field(default_factory=dict)  # the chosen candidate's variables
    usable: np.ndarray | None = None  # rows whose coefficients the solver can take
    stepped: np.ndarray | None = None  # rows whose integer step is solved
    #: rows whose integer step the branch and bound asked for (the screen steps the
    #: primary fraction of every row ahead of it)
    asked: np.ndarray | None = None
    duals: dict = field(default_factory=dict)  # structure index -> its DualBound


def _full(value, size: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (size,))


def _take(values: dict, rows: np.ndarray) -> dict:
    return {name: column[rows] for name, column in values.items()}


def _scatter(into: dict, columns: dict, rows: np.ndarray, size: int) -> None:
    """Write columns (R,) at ``rows`` of arrays (size,) (0 where never written: a
    variable a row's structure lacks, as ``variables.get(name, 0.0)`` reads it)."""
    for name, column in columns.items():
        if name not in into:
            into[name] = np.zeros(size)
        into[name][rows] = column


class _KindSolves:
    """The batched solves of specs of one kind, on columns, and their decision."""

    def __init__(self, specs, objective: str, columns: SpecColumns, envs, screen: bool = True):
        self.specs, self.objective = specs, objective
        self.columns, self.envs = columns, envs
        self.size = len(specs)
        self.records: list[_Record] = []
        self.granularity = _full(columns.gpu_granularity, self.size)
        self.fractions = [self._at(fraction) for fraction in eclipse_fractions(columns)]
        self.primary = None  # the fraction solved first when the others are screened
        if screen and len(self.fractions) > 1 and self.size >= _SCREEN_ROWS:
            self._sample()
        else:
            for at in self.fractions:
                self._relax(at, np.ones(self.size, dtype=bool))

    @classmethod
    def of(cls, specs, objective: str, screen: bool = True):
        """The solves of specs of one kind, or None when an environment cannot be
        evaluated (the scalar path raises that spec's error)."""
        columns = stacked(specs)
        try:
            envs = environments_of(columns)
        except InputError:
            return None
        return cls(specs, objective, columns, envs, screen)

    def _solve(self, kind, structure, rows, values, kept=None, proven=None, first=None,
               asked=None):
        solution = batched(structure).solve(values, rows.size)
        solved = solution.status == "Solved"
        record = _Record(kind, structure, rows, values, solution,
                         solved if kept is None else kept(solution) & solved,
                         np.zeros(rows.size, dtype=bool) if proven is None
                         else proven & (solution.status == "Infeasible"), first, asked)
        self.records.append(record)
        return record

    def _at(self, fraction) -> _AtFraction:
        """The coefficients and structures at one fraction, nothing solved yet."""
        size = self.size
        values = {name: _full(v, size) for name, v in model.coefficient_values(
            self.columns, self.envs, 0.0, eclipse_fraction=fraction).items()}
        values["eclipse_fraction"] = _full(fraction, size)
        structures, which = model.structures_of(self.columns, self.envs, values,
                                                self.objective, fixed_count=False)
        return _AtFraction(values, structures, which, np.full(size, "", dtype=object),
                           record=np.full(size, -1),
                           candidates=(_Candidate(np.full(size, _ABSENT)),
                                       _Candidate(np.full(size, _ABSENT))),
                           bound=np.full(size, np.nan), score=np.full(size, np.nan),
                           ok=np.zeros(size, dtype=bool),
                           usable=~model.unbounded_rows(values),  # the scalar path explains
                           stepped=np.zeros(size, dtype=bool), asked=np.zeros(size, dtype=bool))

    def _relax(self, at: _AtFraction, wanted: np.ndarray) -> list:
        """Solve the relaxations of the ``wanted`` rows (bool (B,)) not yet solved, each
        structure's in one call; their bounds follow. Returns [(structure index,
        record)] of the solves."""
        size = self.size
        todo = wanted & at.usable & (at.status == "")
        solved_now = []
        for s, structure in enumerate(at.structures):
            rows = np.flatnonzero((at.which == s) & todo)
            if rows.size:
                record = self._solve("relaxation", structure, rows, _take(at.values, rows))
                at.status[rows] = record.solution.status
                at.record[rows] = len(self.records) - 1
                _scatter(at.relaxed, record.solution.variables, rows, size)
                solved_now.append((s, record))
        solved = at.status == "Solved"
        if solved_now and solved.any():
            at.bound = np.where(solved, _score(self.objective,
                                               self._objective(at, at.relaxed, solved)),
                                np.where(at.status == _DOMINATED, at.bound, np.nan))
        return solved_now

    # ------------------------------------------------------------ screening

    def _sample(self) -> None:
        """Solve a sample of rows at every fraction, the fraction whose bound leads in
        most of them (the primary) at every row, and keep the sample's dual points of
        the other fractions (:meth:`_screen` uses them once the primary's integer step is
        known)."""
        sample = np.zeros(self.size, dtype=bool)
        sample[np.linspace(0, self.size - 1, _SAMPLE).round().astype(int)] = True
        for at in self.fractions:
            for s, record in self._relax(at, sample):
                columns = np.flatnonzero(record.solution.status == "Solved")
                if columns.size:
                    at.duals[s] = batched(record.structure).dual_bound(
                        record.values, record.solution, columns)
        bounds = np.stack([at.bound for at in self.fractions])[:, sample]
        leads = np.argmax(np.where(np.isnan(bounds), -np.inf, bounds), axis=0)
        self.primary = int(np.bincount(leads, minlength=len(self.fractions)).argmax())
        self._relax(self.fractions[self.primary], np.ones(self.size, dtype=bool))

    def _screen(self) -> None:
        """The primary fraction's integer step at every row, then every other fraction's
        relaxation where its dual bound (:meth:`_upper_scores`) does not prove it below
        that integer design: there the branch and bound of :meth:`decide` would skip it,
        so it is marked :data:`_DOMINATED` with that bound instead of solved."""
        primary = self.fractions[self.primary]
        self._integer_step(primary, primary.status == "Solved")
        self._select(primary)
        best = np.where(primary.ok, primary.score, np.nan)
        for index, at in enumerate(self.fractions):
            if index == self.primary:
                continue
            upper = self._upper_scores(at, primary)
            with np.errstate(invalid="ignore"):
                dominated = ((at.status == "") & at.usable
                             & (upper < best - _SCREEN_MARGIN * np.abs(best)))
            at.status[dominated] = _DOMINATED
            at.bound[dominated] = upper[dominated]
            self._relax(at, np.ones(self.size, dtype=bool))

    def _upper_scores(self, at: _AtFraction, primary: _AtFraction) -> np.ndarray:
        """An upper bound on the relaxation score at ``at`` of every row (NaN where none).

        The dual bound v <= y* on the log objective (:class:`.batch_solver.DualBound`
        of the sample's optima) maps to the score as the primary's own relaxation does:
        score = C exp(-y*) under max_compute (compute = flops / objective), -C exp(y*)
        otherwise, with C a row's constant (the duty of the eclipse policy is inside
        the objective's scale). The map is checked on the sample rows solved at both
        fractions: where C differs, no bound is given.
        """
        sign = 1.0 if self.objective == "max_compute" else -1.0
        if "objective" not in primary.relaxed:  # no row of the primary solved
            return np.full(self.size, np.nan)
        with np.errstate(all="ignore"):
            constant = sign * primary.bound * primary.relaxed["objective"] ** sign
            solved = at.status == "Solved"
            own = sign * at.bound * at.relaxed.get("objective", np.nan) ** sign
            if not (solved.any() and np.allclose(own[solved], constant[solved],
                                                 rtol=1e-9, atol=0.0)):
                return np.full(self.size, np.nan)
            upper = np.full(self.size, np.nan)
            for s, dual in at.duals.items():
                rows = np.flatnonzero((at.which == s) & at.usable)
                if rows.size:
                    problem = batched(at.structures[s])
                    log_bound = dual(problem.log_constants(_take(at.values, rows), rows.size))
                    upper[rows] = sign * constant[rows] * np.exp(-sign * log_bound)
        return upper

    def integer_steps(self) -> None:
        """The integer step of every solved relaxation at every fraction (what
        :func:`batched_relaxations` hands the scalar path)."""
        for at in self.fractions:
            at.asked |= at.status == "Solved"
            self._integer_step(at, at.status == "Solved")

    def _integer_step(self, at: _AtFraction, wanted: np.ndarray) -> None:
        """The fixed-count solves of both candidates of the ``wanted`` rows (bool (B,),
        their relaxations solved) not solved yet, each structure's in one call."""
        size = self.size
        solved = wanted & ~at.stepped
        at.stepped |= solved
        relaxed = at.relaxed["gpu_count"]
        with np.errstate(invalid="ignore"):
            low, above = candidate_units(
                relaxed / self.granularity,
                self.objective == "max_compute" and self.columns.clock_fraction is not None)
        allowed = (solved, solved & np.broadcast_to(above, (size,)))
        units = (low, low + 1.0)
        for s, structure in enumerate(at.structures):
            parts = [np.flatnonzero((at.which == s) & allowed[c]) for c in (0, 1)]
            rows = np.concatenate(parts)
            if not rows.size:
                continue
            candidate = np.repeat([0, 1], [part.size for part in parts])
            count = np.concatenate([units[c][part] for c, part in enumerate(parts)]) \
                * self.granularity[rows]
            fixed = dict(_take(at.values, rows), gpu_count=count)
            self._fixed(_fixed_structure(structure, True), rows, fixed,
                        count > relaxed[rows], candidate, at)

    def _fixed(self, structure, rows, fixed, above, candidate, at: _AtFraction) -> None:
        """One structure's fixed-count solves (and pinned clocks), into the candidates at
        ``at``."""
        # under max_compute the clock is maximised, a face of equal compute when the
        # mass has slack; with the clock pinned the mass is minimised (unique, as the
        # pinned re-solves below)
        keep = self.objective != "max_compute" or "clock.pinned" in structure.present
        record = self._solve("fixed", structure, rows, fixed,
                             kept=None if keep else _mass_binds, proven=above, asked=at.asked)
        solution = record.solution
        needs = np.zeros(rows.size, dtype=bool)
        if not keep:
            with np.errstate(invalid="ignore"):
                needs = (solution.status == "Solved") & needs_pinned_clock(
                    solution.variables["clock_fraction"], fixed)
        state = np.where(record.proven, _INFEASIBLE,
                         np.where(record.kept & ~needs, _FEASIBLE, _UNKNOWN))
        variables = {name: column.copy() for name, column in solution.variables.items()}
        if needs.any():
            columns = np.flatnonzero(needs)
            pinned = self._solve("pinned", _pinned_structure(structure), rows[columns],
                                 pinned_clock(_take(fixed, columns)),
                                 first=(record, columns), asked=at.asked)
            state[columns] = np.where(pinned.kept, _FEASIBLE, _UNKNOWN)
            for name, column in pinned.solution.variables.items():
                variables.setdefault(name, np.zeros(rows.size))[columns] = column
        for c, one in enumerate(at.candidates):
            mine = candidate == c
            one.state[rows[mine]] = state[mine]
            _scatter(one.variables, {n: v[mine] for n, v in variables.items()},
                     rows[mine], self.size)

    # ------------------------------------------------------------ the decision

    def _objective(self, at: _AtFraction, variables: dict, valid: np.ndarray) -> np.ndarray:
        """:func:`.solve.physical_objective` of solutions given as columns (B,), NaN
        where not ``valid`` (those rows are evaluated at a valid row's point: the physics
        raises on a NaN)."""
        rows = np.arange(self.size)
        stand_in = np.where(valid, rows, rows[valid][0])
        solution = Solution(OPTIMAL, None, {"eclipse_fraction": at.values["eclipse_fraction"]},
                            {name: column[stand_in] for name, column in variables.items()})
        value = _full(physical_objective(self.columns, self.envs, solution, self.objective),
                      self.size)
        return np.where(valid, value, np.nan)

    def _select(self, at: _AtFraction) -> None:
        """The integer step's choice at one fraction (:func:`.solve.integer_optimum`):
        ``at.ok`` where decided, ``at.score`` and ``at.final`` of the chosen candidate."""
        low, high = at.candidates
        feasible = []
        for one in at.candidates:
            feasible.append(one.state == _FEASIBLE)
            if feasible[-1].any():
                one.objective = self._objective(at, one.variables, feasible[-1])
            else:
                one.objective = np.full(self.size, np.nan)
        both = feasible[0] & feasible[1]
        keys = [(one.variables.get("gpu_count"), one.objective,
                 one.variables.get("dry_mass")) for one in at.candidates]
        higher = feasible[1] & ~feasible[0]
        if both.any():
            with np.errstate(invalid="ignore"):
                higher |= both & _better(self.objective, keys[1], keys[0])
            scale = 1 + 1e-9 if self.objective == "max_compute" else 1.0
            tie = both & _near(high.objective * scale, low.objective)
        else:
            tie = np.zeros(self.size, dtype=bool)
        at.ok = ((at.status == "Solved") & (low.state != _UNKNOWN)
                 & (high.state != _UNKNOWN) & (feasible[0] | feasible[1]) & ~tie)
        at.score = _score(self.objective, np.where(higher, high.objective, low.objective))
        names = set(low.variables) | set(high.variables)
        at.final = {name: np.where(higher, high.variables.get(name, 0.0),
                                   low.variables.get(name, 0.0)) for name in names}

    def decide(self) -> np.ndarray:
        """Which rows the arrays decide (module docstring); ``self.choice`` holds each
        one's fraction index. The branch and bound of :func:`.entry.optimize`: fractions
        by decreasing relaxation score (a stable sort), each skipped when its bound
        cannot beat the best design so far, the best kept unless beaten strictly. The
        integer step runs only where the branch and bound needs it."""
        size = self.size
        if self.primary is not None:
            self._screen()
        self.choice = np.full(size, -1)
        undecided = np.zeros(size, dtype=bool)
        for at in self.fractions:
            undecided |= (at.status != "Solved") & (at.status != _DOMINATED)
        if undecided.all():
            return self._with_relaxations(~undecided)
        bounds = np.stack([at.bound for at in self.fractions])
        for i in range(len(self.fractions)):  # an order within roundoff may differ
            for j in range(i):
                undecided |= _near(bounds[i], bounds[j])
        order = np.argsort(-bounds, axis=0, kind="stable")
        rows = np.arange(size)
        best, have = np.full(size, -np.inf), np.zeros(size, dtype=bool)
        for position in range(len(self.fractions)):
            f = order[position]
            bound = bounds[f, rows]
            with np.errstate(invalid="ignore"):
                run = ~undecided & (~have | (bound > best))
                undecided |= have & _near(bound, best)
            for index, at in enumerate(self.fractions):
                mine = run & (f == index)
                if mine.any():
                    at.asked |= mine
                    self._integer_step(at, mine)
                    self._select(at)
            score = np.stack([at.score for at in self.fractions])[f, rows]
            decided = np.stack([at.ok for at in self.fractions])[f, rows]
            with np.errstate(invalid="ignore"):
                undecided |= run & ~decided
                better = run & decided & (~have | (score > best))
                undecided |= run & decided & have & _near(score, best)
            best = np.where(better, score, best)
            self.choice = np.where(better, f, self.choice)
            have |= better
        return self._with_relaxations(have & ~undecided)

    def _with_relaxations(self, decided: np.ndarray) -> np.ndarray:
        """``decided``, once the screened relaxations of the other rows are solved (the
        per-spec route looks every relaxation up)."""
        for at in self.fractions:
            dominated = (at.status == _DOMINATED) & ~decided
            if dominated.any():
                at.status[dominated] = ""
                self._relax(at, dominated)
        return decided

    def decided_rows(self, decided: np.ndarray, positions: np.ndarray) -> DecidedRows:
        """The decided rows' final variables, fractions and relaxations."""
        rows = np.flatnonzero(decided)
        choice = self.choice[rows]
        names = set().union(*(at.final for at in self.fractions if at.final))
        variables = {name: np.zeros(rows.size) for name in names}
        fraction = np.empty(rows.size)
        relaxations: list = [None] * rows.size
        for f, at in enumerate(self.fractions):
            mine = np.flatnonzero(choice == f)
            if not mine.size:
                continue
            for name in names:
                variables[name][mine] = at.final.get(name, np.zeros(self.size))[rows[mine]]
            fraction[mine] = at.values["eclipse_fraction"][rows[mine]]
            for index in np.unique(at.record[rows[mine]]).tolist():
                record = self.records[index]
                members = mine[at.record[rows[mine]] == index]
                columns = np.searchsorted(record.rows, rows[members])
                for member, solution in zip(members.tolist(), record.solved_views(columns),
                                            strict=True):
                    relaxations[member] = solution
        return DecidedRows(positions[rows], variables, fraction, relaxations)

    def record(self, rows: np.ndarray, found: BatchedRelaxations) -> None:
        """Hand the solves of some rows (bool (B,)) to the per-spec route, under the
        scalar path's keys, by the rules of :func:`.entry.optimize`'s look-ups: every
        solved relaxation; a fixed count's solve when unique in its sizes (the mass
        binds, or any objective but ``max_compute``) or proven infeasible above the
        relaxed count; a solved pinned clock, with the fixed count's solve before it."""
        for record in self.records:
            handed = rows if record.asked is None else rows & record.asked
            columns = np.flatnonzero(handed[record.rows] & (record.kept | record.proven))
            if not columns.size:
                continue
            for column, solution in record.solutions(columns):
                if record.kind == "relaxation":
                    spec = self.specs[record.rows[column]]
                    found.add(spec, solution.values["eclipse_fraction"], solution)
                    continue
                found.add_fixed(solution)
                if record.first is not None:
                    first, at = record.first
                    found.add_fixed(next(first.solutions(at[[column]]))[1])


def _mass_binds(solution) -> np.ndarray:
    """Columns whose mass limit binds (its dual above :data:`_BINDING`)."""
    dual = solution.duals.get("mass limit")
    if dual is None:
        return np.zeros(solution.status.size, dtype=bool)
    with np.errstate(invalid="ignore"):
        return dual > _BINDING


@functools.lru_cache(maxsize=256)
def _fixed_structure(relaxed, counted: bool):
    """:func:`.model.structure_of` of a relaxation's problem with the GPU count fixed:
    the relaxation's structure, with the count a parameter (its only new coefficient,
    present when positive)."""
    present = relaxed.present | {"gpu_count"} if counted else relaxed.present
    return dataclasses.replace(relaxed, fixed_count=True, present=present)


@functools.lru_cache(maxsize=256)
def _pinned_structure(fixed):
    """:func:`.model.structure_of` of a fixed-count problem with the clock pinned
    (:func:`.solve.pinned_clock`: the clock's lower bound and the pin, both positive)."""
    return dataclasses.replace(fixed, present=fixed.present | {"clock.lower", "clock.pinned"})


def _row_solution(solution, i: int, structure, values) -> Solution:
    variables = {name: float(column[i]) for name, column in solution.variables.items()}
    duals = {name: float(column[i]) for name, column in solution.duals.items()}
    return Solution(OPTIMAL, structure, values, variables, duals, SOLVER_NAME)


def _fixed_key(structure, values) -> tuple:
    """The whole problem: its structure and every value (specs of one structure differ
    only in their values)."""
    return structure, tuple(sorted(values.items()))
