"""Pareto fronts of two design objectives by the epsilon-constraint method."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

import numpy as np
from tqdm.auto import tqdm

from .._html import escape, table_html, table_markdown
from .._io import atomic_write_text as _atomic_write_text
from .._validation import check_choice, check_positive_int, check_scalar
from ..errors import InfeasibleDesignError, InputError, SolverError
from ..sizing import size_satellite, size_satellites
from ._execution import _PROGRESS_DELAY, _set_path
from .outputs import DESIGN_OUTPUTS, design_outputs
from .outputs import _objective_value as _output_value
from .results import _UNITS, _cell_text, _frame_column, _is_integer_column

# --------------------------------------------------------------------------------------
# Pareto fronts by the epsilon-constraint method
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParetoObjective:
    """An objective a Pareto front can trade.

    Attributes
    ----------
    name : str
        Output name (a key of :data:`DESIGN_OUTPUTS`).
    sense : {"min", "max"}
        Whether smaller or larger is better.
    unit : str
        Unit of the value.
    sizing_objective : str or None
        The :func:`~thermaldesign.size_satellite` objective that optimises it alone.
    bound_field : str or None
        Spec field path whose value is an upper bound on it: setting the field to
        :math:`\\varepsilon` imposes objective :math:`\\le \\varepsilon`.
    """

    name: str
    sense: str
    unit: str
    sizing_objective: str | None = None
    bound_field: str | None = None


#: Objectives a Pareto front can trade; see :func:`pareto_front`.
PARETO_OBJECTIVES: dict[str, ParetoObjective] = {
    item.name: item
    for item in (
        ParetoObjective("compute", "max", "FLOP/s", sizing_objective="max_compute"),
        ParetoObjective("mass_per_compute", "min", "kg/(FLOP/s)",
                        sizing_objective="min_mass_per_compute"),
        ParetoObjective("cost_per_compute", "min", "USD/(FLOP/s)",
                        sizing_objective="min_cost_per_compute"),
        ParetoObjective("total_mass", "min", "kg", bound_field="mass_limit"),
        ParetoObjective("radiator_temperature", "min", "K",
                        bound_field="radiator.max_temperature"),
        ParetoObjective("radiator_area", "min", "m^2", bound_field="max_radiator_area"),
        ParetoObjective("solar_array_area", "min", "m^2", bound_field="max_array_area"),
        ParetoObjective("stowed_volume", "min", "m^3", bound_field="max_stowed_volume"),
    )
}

# Objectives that, at a fixed GPU count, a sizing objective optimises exactly: with the
# compute fixed, minimising mass (cost) per compute minimises mass (cost).
_AT_FIXED_GPU_COUNT = {
    "total_mass": "min_mass_per_compute",
    "mass_per_compute": "min_mass_per_compute",
    "cost_per_compute": "min_cost_per_compute",
}

# Relative tolerance of the domination filter and of the epsilon-range search.
PARETO_TOLERANCE = 1e-6
_BISECTION_TOLERANCE = 1e-4
# Relative tolerance (of the epsilon range) of the GPU-count steps of a max-compute front.
_REFINE_TOLERANCE = 1e-3


@dataclass(frozen=True, eq=False)
class ParetoFront:
    """Non-dominated designs trading two objectives, sorted by the x objective.

    Attributes
    ----------
    objective_x, objective_y : str
        Objective names (keys of :data:`PARETO_OBJECTIVES`).
    sense_x, sense_y : str
        ``"min"`` or ``"max"``.
    unit_x, unit_y : str
        Units of the values.
    x, y : numpy.ndarray
        Objective values of the front's points [unit_x], [unit_y], x ascending.
    designs : tuple of SatelliteDesign
        The design of every point.
    epsilon : numpy.ndarray
        The bound imposed for each point: the GPU count [-] for an enumeration over GPU
        counts, the bound field's value for an epsilon sweep, NaN for an anchor (a
        single-objective optimum).
    method : str
        How the points were generated.
    tolerance : float
        Relative tolerance of the domination and duplicate filter [-].
    removed : int
        Solved points dropped as dominated or duplicate [-].
    """

    objective_x: str
    objective_y: str
    sense_x: str
    sense_y: str
    unit_x: str
    unit_y: str
    x: np.ndarray
    y: np.ndarray
    designs: tuple
    epsilon: np.ndarray
    method: str
    tolerance: float = PARETO_TOLERANCE
    removed: int = 0

    def __len__(self) -> int:
        return len(self.x)

    @property
    def x_label(self) -> str:
        """Axis label with unit, e.g. ``"total_mass [kg]"``."""
        return f"{self.objective_x} [{self.unit_x}]"

    @property
    def y_label(self) -> str:
        """Axis label with unit."""
        return f"{self.objective_y} [{self.unit_y}]"

    def outputs(self) -> dict[str, np.ndarray]:
        """Every :func:`design_outputs` quantity of the front's designs, as arrays."""
        rows = [design_outputs(design) for design in self.designs]
        names = [name for name in DESIGN_OUTPUTS if rows and all(name in r for r in rows)]
        return {name: np.asarray([r[name] for r in rows], dtype=float) for name in names}

    def to_dict(self) -> dict:
        """Plain-Python form: objectives, units, points and every design output."""
        return {
            "format": "thermaldesign.pareto",
            "version": 1,
            "objective_x": self.objective_x,
            "objective_y": self.objective_y,
            "sense_x": self.sense_x,
            "sense_y": self.sense_y,
            "unit_x": self.unit_x,
            "unit_y": self.unit_y,
            "method": self.method,
            "tolerance": self.tolerance,
            "removed": self.removed,
            "x": [float(v) for v in self.x],
            "y": [float(v) for v in self.y],
            "epsilon": [None if math.isnan(v) else float(v) for v in self.epsilon],
            "outputs": {k: [float(v) for v in a] for k, a in self.outputs().items()},
        }

    def to_json(self, path) -> None:
        """Write :meth:`to_dict` as JSON, atomically."""
        _atomic_write_text(path, json.dumps(self.to_dict(), indent=1, allow_nan=False) + "\n")

    def columns(self) -> dict[str, np.ndarray]:
        """One array per column, one entry per point: x, y, epsilon, every design output.

        The x and y objectives come first under their own names (e.g. ``total_mass``,
        ``compute``) and are not repeated among the design outputs; ``epsilon`` is the
        bound of each point (see the class attributes); units as in
        :data:`DESIGN_OUTPUTS`.
        """
        columns = {self.objective_x: np.asarray(self.x, dtype=float),
                   self.objective_y: np.asarray(self.y, dtype=float),
                   "epsilon": np.asarray(self.epsilon, dtype=float)}
        for name, array in self.outputs().items():
            columns.setdefault(name, array)
        return columns

    def to_dataframe(self):
        """The front as a :class:`pandas.DataFrame`, one row per point, x ascending.

        Returns
        -------
        pandas.DataFrame
            The :meth:`columns`; counts (``gpu_count``) are ``int64``, the rest
            ``float64`` (``epsilon`` NaN for an anchor). ``df.attrs`` holds the
            objectives, their senses, the method and the ``units`` of the columns.
        """
        # Imported here: pandas costs ~0.3 s at import and only exports need it.
        import pandas as pd

        frame = pd.DataFrame({
            name: _frame_column(array, _is_integer_column(name, array))
            for name, array in self.columns().items()
        })
        units = {self.objective_x: self.unit_x, self.objective_y: self.unit_y}
        units.update({name: _UNITS[name] for name in frame.columns
                      if name in _UNITS and name not in units})
        frame.attrs = {"objective_x": self.objective_x, "objective_y": self.objective_y,
                       "sense_x": self.sense_x, "sense_y": self.sense_y,
                       "method": self.method, "units": units}
        return frame

    def to_csv(self, path) -> None:
        """Write one row per point (the :meth:`columns`), atomically.

        A plain CSV that ``pandas.read_csv(path)`` reads as it is: floats written with
        ``repr`` (bit-exact), counts as digits, an anchor's epsilon as an empty cell.
        """
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\r\n")
        columns = self.columns()
        integer = {name: _is_integer_column(name, array) for name, array in columns.items()}
        writer.writerow(list(columns))
        for index in range(len(self)):
            writer.writerow([_cell_text(float(array[index]), integer[name])
                             for name, array in columns.items()])
        _atomic_write_text(path, stream.getvalue())

    def _rows(self):
        rows = []
        for index, design in enumerate(self.designs):
            rows.append({
                self.x_label: float(self.x[index]),
                self.y_label: float(self.y[index]),
                "gpu_count": getattr(design, "gpu_count", None),
                "total_mass [kg]": getattr(design, "total_mass", None),
                "radiator_area [m^2]": getattr(design, "radiator_area", None),
                "radiator_temperature [K]": getattr(design, "radiator_temperature", None),
            })
        return rows

    def __str__(self) -> str:
        return (f"Pareto front: {self.objective_y} ({self.sense_y}) vs {self.objective_x} "
                f"({self.sense_x}), {len(self)} points; {self.method}\n\n"
                + table_markdown(self._rows()))

    def _repr_html_(self) -> str:
        head = (f"Pareto front: {self.objective_y} ({self.sense_y}) vs {self.objective_x} "
                f"({self.sense_x}), {len(self)} points; {self.method}")
        return f"<p><b>{escape(head)}</b></p>" + table_html(self._rows())


def _oriented(value: float, sense: str) -> float:
    """Objective turned into one to minimise."""
    return -value if sense == "max" else value


def dominates(a, b, senses=("min", "min"), tolerance: float = 0.0) -> bool:
    """Whether point ``a`` dominates point ``b``.

    ``a`` dominates ``b`` when it is no worse in every objective and better in at least
    one, each comparison with a relative ``tolerance``: :math:`a_i` is no worse when
    :math:`a_i \\le b_i + t\\,s_i` and better when :math:`a_i < b_i - t\\,s_i`, with
    :math:`s_i = \\max(|a_i|, |b_i|)` (objectives oriented to be minimised).

    Parameters
    ----------
    a, b : sequence of float
        Objective values of the two points.
    senses : sequence of {"min", "max"}
        Sense of each objective.
    tolerance : float
        Relative tolerance [-].

    Returns
    -------
    bool
    """
    no_worse = True
    better = False
    for value_a, value_b, sense in zip(a, b, senses, strict=True):
        oriented_a, oriented_b = _oriented(value_a, sense), _oriented(value_b, sense)
        slack = tolerance * max(abs(value_a), abs(value_b))
        if oriented_a > oriented_b + slack:
            no_worse = False
        if oriented_a < oriented_b - slack:
            better = True
    return no_worse and better


def non_dominated(points, senses=("min", "min"), tolerance: float = PARETO_TOLERANCE):
    """Indices of the non-dominated points, duplicates (equal within tolerance) dropped.

    Parameters
    ----------
    points : sequence of sequence of float
        Objective values per point.
    senses : sequence of {"min", "max"}
        Sense of each objective.
    tolerance : float
        Relative tolerance of both the domination test and the duplicate test [-].

    Returns
    -------
    list[int]
        Indices of the points kept, in their original order; of duplicates, the first.
    """
    kept: list[int] = []
    for index, point in enumerate(points):
        if any(dominates(other, point, senses, tolerance)
               for j, other in enumerate(points) if j != index):
            continue
        duplicate = any(
            all(abs(a - b) <= tolerance * max(abs(a), abs(b)) for a, b in zip(points[k], point,
                                                                                strict=True))
            for k in kept
        )
        if not duplicate:
            kept.append(index)
    return kept


# GPU counts sized per batch of the enumeration (the progress bar moves per batch)
_BATCH = 32


def _size(spec, objective, *, integer, gpu_count=None):
    """A design, or None when no design closes.

    A solver failure counts as "no design": the epsilon-constraint method only keeps
    designs it can certify, so an uncertain point is left out rather than guessed.
    """
    try:
        return size_satellite(spec, objective, integer=integer, gpu_count=gpu_count,
                              sensitivities=False)
    except (InfeasibleDesignError, SolverError):
        return None


def _objective_value(design, name: str) -> float:
    """An objective of a design; ``compute`` is the delivered compute (after the eclipse
    policy), the quantity ``max_compute`` maximises."""
    if name == "compute":
        return _output_value(design, "delivered_compute")
    return _output_value(design, name)


def _compute_fixed_by_count(spec) -> bool:
    """Whether a GPU count fixes the delivered compute: the clock and the eclipse policy
    pinned (the junction temperature changes mass and power, not compute)."""
    if spec is None:
        return True
    pinned_eclipse = (getattr(spec, "eclipse_power_fraction", None) is not None
                      or getattr(spec, "eclipse_mode", "battery") != "optimize")
    return getattr(spec, "clock_fraction", 1.0) is not None and pinned_eclipse


def _pareto_method(objective_x: str, objective_y: str, spec=None):
    """(kind, driven, other): how to trace the front of this pair, or raise."""
    pair = (objective_x, objective_y)
    if "compute" in pair and _compute_fixed_by_count(spec):
        other = objective_y if objective_x == "compute" else objective_x
        if other in _AT_FIXED_GPU_COUNT:
            return "enumeration", "compute", other
    for driven, bounded in (pair, pair[::-1]):
        if (PARETO_OBJECTIVES[driven].sizing_objective
                and PARETO_OBJECTIVES[bounded].bound_field):
            return "epsilon", driven, bounded
    drivable = sorted(n for n, o in PARETO_OBJECTIVES.items() if o.sizing_objective)
    boundable = sorted(n for n, o in PARETO_OBJECTIVES.items() if o.bound_field)
    raise InputError(
        f"cannot trace {objective_y} against {objective_x}: the epsilon-constraint method "
        f"needs one objective the sizing optimises ({', '.join(drivable)}) and one it can "
        f"bound ({', '.join(boundable)}), or compute against "
        f"{', '.join(sorted(_AT_FIXED_GPU_COUNT))}"
    )


def _spread(low: float, high: float, count: int) -> np.ndarray:
    return np.linspace(low, high, count) if count > 1 else np.asarray([high])


def _enumerate_gpu_counts(spec, other, points, integer, progress):
    """Front of compute against ``other`` by fixing the GPU count at chosen values.

    At a fixed GPU count ``n`` the compute is fixed (when the spec pins the clock and the
    eclipse policy; otherwise :func:`_pareto_method` takes the epsilon-constraint
    method), so minimising ``other`` there is a single-objective problem; every Pareto
    point has some ``n``, so enumerating the counts from the smallest server to the
    max-compute optimum traces the exact front.
    """
    granularity = int(getattr(spec, "gpu_granularity", 1))
    top = _size(spec, "max_compute", integer=True)
    if top is None:
        raise InfeasibleDesignError("no design closes at all: nothing to trade")
    anchor = _size(spec, _AT_FIXED_GPU_COUNT[other], integer=True)
    largest = int(round(top.gpu_count))
    counts = np.unique(np.round(_spread(granularity, largest, points) / granularity)
                       .astype(int) * granularity)
    counts = sorted({int(c) for c in counts if c >= granularity}
                    | ({int(round(anchor.gpu_count))} if anchor is not None else set()))
    designs, epsilon = [], []
    with tqdm(total=len(counts), desc="Pareto front", unit="design",
              disable=progress is False, delay=0.0 if progress else _PROGRESS_DELAY) as bar:
        for start in range(0, len(counts), _BATCH):
            chunk = counts[start:start + _BATCH]
            # one batch per chunk; an infeasible or unsolved count is left out, as in _size
            batch = size_satellites([spec] * len(chunk), _AT_FIXED_GPU_COUNT[other],
                                    integer=integer, sensitivities=False, gpu_counts=chunk)
            for count, design in zip(chunk, batch.designs, strict=True):
                if design is not None:
                    designs.append(design)
                    epsilon.append(float(count))
            bar.update(len(chunk))
    return designs, epsilon, f"minimum {other} at fixed GPU counts (exact enumeration)"


def _epsilon_sweep(spec, driven, bounded, points, integer, progress):
    """Front of ``driven`` against ``bounded`` by imposing ``bounded <= epsilon``."""
    sizing_objective = PARETO_OBJECTIVES[driven].sizing_objective
    bound_field = PARETO_OBJECTIVES[bounded].bound_field
    anchor = _size(spec, sizing_objective, integer=integer)
    if anchor is None:
        raise InfeasibleDesignError("no design closes at all: nothing to trade")
    high = _objective_value(anchor, bounded)

    def bounded_spec(epsilon):
        """The spec with the bound set, or None where the bound leaves its valid range."""
        try:
            return _set_path(spec, bound_field, float(epsilon))
        except InputError:
            return None

    def feasible(epsilon, gpu_count=None):
        bounded = bounded_spec(epsilon)
        if bounded is None:
            return None
        return _size(bounded, sizing_objective, integer=integer, gpu_count=gpu_count)

    def tightest(feasible_bound, design, infeasible_bound, gpu_count=None,
                 tolerance=_BISECTION_TOLERANCE):
        """Bisect to the smallest bound that still closes (relative tolerance of high)."""
        while feasible_bound - infeasible_bound > tolerance * high:
            middle = 0.5 * (feasible_bound + infeasible_bound)
            trial = feasible(middle, gpu_count)
            if trial is None:
                infeasible_bound = middle
            else:
                feasible_bound, design = middle, trial
        return feasible_bound, design

    # The tightest bound that still closes: halve until infeasible, then bisect.
    low, low_design = high, anchor
    infeasible = None
    limited = False
    for _ in range(30):
        trial = low / 2.0
        if bounded_spec(trial) is None:
            # The field's valid range ends before the physics does: bisect to its edge.
            limited = True
        design = feasible(trial)
        if design is None:
            infeasible = trial
            break
        low, low_design = trial, design
    if infeasible is not None:
        low, low_design = tightest(low, low_design, infeasible)
    if limited and bounded_spec(low - _BISECTION_TOLERANCE * high) is not None:
        limited = False  # the physics, not the valid range, ended the search
    designs, epsilon = [anchor, low_design], [math.nan, low]
    for value in tqdm(_spread(low, high, points)[1:-1], desc="Pareto front", unit="design",
                      disable=progress is False,
                      delay=0.0 if progress else _PROGRESS_DELAY):
        design = feasible(value)
        if design is not None:
            designs.append(design)
            epsilon.append(float(value))
    if PARETO_OBJECTIVES[driven].sense == "max":
        designs, epsilon = _refine_integer_steps(designs, epsilon, infeasible, tightest,
                                                 bounded)
    sense = "minimum" if PARETO_OBJECTIVES[driven].sense == "min" else "maximum"
    method = (f"{sense} {driven} with {bounded} <= epsilon, epsilon-constraint on "
              f"'{bound_field}'")
    if limited:
        method += (f"; the low end stops at the valid range of '{bound_field}' "
                   f"({low:.6g} {PARETO_OBJECTIVES[bounded].unit}), not at a physical limit")
    return designs, epsilon, method


def _refine_integer_steps(designs, epsilon, infeasible_bound, tightest, bounded):
    """Move each GPU-count step of a max-compute front to its tightest bound.

    Maximising an integer GPU count under ``bounded <= epsilon`` returns the same count
    over a range of epsilon, with any ``bounded`` value up to epsilon: only the smallest
    bound at which the count still fits is a Pareto vertex. Between the epsilon that
    gave ``n`` and the next smaller one (which gave fewer GPUs, so ``n`` does not fit
    there) a bisection at fixed ``n`` finds it, starting from the value the design
    reached (never above its epsilon), to a relative tolerance of
    :data:`_REFINE_TOLERANCE` of the epsilon range.
    """
    order = sorted(range(len(designs)), key=lambda i: (math.inf if math.isnan(epsilon[i])
                                                        else epsilon[i]))
    refined_designs, refined_epsilon = [], []
    below = infeasible_bound if infeasible_bound is not None else 0.0
    previous_count = None
    for index in order:
        design, bound = designs[index], epsilon[index]
        count = int(round(design.gpu_count))
        if count != previous_count:
            if not math.isnan(bound):
                reached = min(bound, _objective_value(design, bounded))
                if reached > below:
                    bound, design = tightest(reached, design, below, count,
                                             _REFINE_TOLERANCE)
            refined_designs.append(design)
            refined_epsilon.append(bound)
            previous_count = count
        if not math.isnan(epsilon[index]):
            below = epsilon[index]
    return refined_designs, refined_epsilon


def pareto_front(
    spec,
    objective_x: str = "total_mass",
    objective_y: str = "compute",
    points: int = 12,
    *,
    integer: bool = True,
    tolerance: float = PARETO_TOLERANCE,
    progress: bool | None = None,
) -> ParetoFront:
    """Trace the Pareto front of two design objectives by the epsilon-constraint method.

    Parameters
    ----------
    spec : SatelliteSpec
        The base spec; its limits (mass limit, packing limits) bound every design.
    objective_x, objective_y : str
        Two of :data:`PARETO_OBJECTIVES`: ``"compute"`` [FLOP/s] (maximised),
        ``"mass_per_compute"`` [kg/(FLOP/s)], ``"cost_per_compute"`` [USD/(FLOP/s)],
        ``"total_mass"`` [kg], ``"radiator_temperature"`` [K], ``"radiator_area"``
        [m^2], ``"solar_array_area"`` [m^2], ``"stowed_volume"`` [m^3] (minimised).
        Supported pairs: compute against total_mass, mass_per_compute or
        cost_per_compute (exact enumeration over GPU counts); or one objective the sizing
        optimises (compute, mass_per_compute, cost_per_compute) against one it can bound
        (total_mass, radiator_temperature, radiator_area, solar_array_area,
        stowed_volume).
    points : int
        Number of epsilon values (or GPU counts) to solve [-]; the front holds at most
        this many points plus the anchors, fewer after filtering.
    integer : bool
        Exact integer GPU counts (True) or the continuous relaxation.
    tolerance : float
        Relative tolerance [-] of the filter that drops dominated and duplicate points:
        see :func:`dominates`.
    progress : bool, optional
        Progress bar: True, False, or None (after 2 s).

    Returns
    -------
    ParetoFront
        Non-dominated points sorted by ``objective_x``, with their designs.

    Notes
    -----
    The epsilon-constraint method [1]_ solves, for a sequence of bounds
    :math:`\\varepsilon`,

    .. math:: \\min_x f_1(x) \\quad \\text{s.t.}\\quad f_2(x) \\le \\varepsilon,
              \\ x \\in X,

    each a geometric program solved to its global optimum, so every solution is weakly
    Pareto-optimal and the method finds every Pareto point (also on non-convex parts of
    the front, unlike weighted sums). The bound is imposed through a spec field:
    ``mass_limit`` for total mass, the radiator technology's ``max_temperature`` for the
    radiator temperature, ``max_radiator_area``, ``max_array_area``,
    ``max_stowed_volume``. The epsilon range runs from the bounded objective's value at
    the driven objective's unconstrained optimum (one end of the front) down to the
    tightest bound that still closes, found by bisection to a relative
    :data:`_BISECTION_TOLERANCE` = 1e-4 (the other end). Weakly dominated and duplicate
    points are then removed with relative tolerance ``tolerance``.

    For compute against mass or cost, compute is :math:`n F_{gpu}`: fixing the GPU count
    :math:`n` and minimising the other objective is the same epsilon-constraint with
    the bound on compute, exact because :math:`n` is enumerated.

    References
    ----------
    .. [1] Y. Y. Haimes, L. S. Lasdon, D. A. Wismer, "On a bivariate formulation of the
       problems of system identification and system optimization", IEEE Trans. Systems,
       Man, and Cybernetics SMC-1(3), 296-297 (1971). doi:10.1109/TSMC.1971.4308298
    .. [2] K. Miettinen, *Nonlinear Multiobjective Optimization*, Kluwer (1999), ch. 3.2.
    """
    objective_x = check_choice(objective_x, "objective_x", tuple(PARETO_OBJECTIVES))
    objective_y = check_choice(objective_y, "objective_y", tuple(PARETO_OBJECTIVES))
    if objective_x == objective_y:
        raise InputError(f"objective_x and objective_y are both '{objective_x}'; "
                         "a front needs two different objectives")
    points = check_positive_int(points, "points", minimum=2)
    tolerance = check_scalar(tolerance, "tolerance", low=0.0, high=0.1)
    if not isinstance(integer, bool):
        raise InputError(f"integer must be True or False; got {integer!r}")
    kind, driven, other = _pareto_method(objective_x, objective_y, spec)
    if kind == "enumeration":
        designs, epsilon, method = _enumerate_gpu_counts(spec, other, points, integer,
                                                         progress)
    else:
        designs, epsilon, method = _epsilon_sweep(spec, driven, other, points, integer,
                                                  progress)
    senses = (PARETO_OBJECTIVES[objective_x].sense, PARETO_OBJECTIVES[objective_y].sense)
    values = [(_objective_value(d, objective_x), _objective_value(d, objective_y))
              for d in designs]
    kept = non_dominated(values, senses, tolerance)
    kept.sort(key=lambda index: values[index][0])
    return ParetoFront(
        objective_x=objective_x,
        objective_y=objective_y,
        sense_x=senses[0],
        sense_y=senses[1],
        unit_x=PARETO_OBJECTIVES[objective_x].unit,
        unit_y=PARETO_OBJECTIVES[objective_y].unit,
        x=np.asarray([values[i][0] for i in kept], dtype=float),
        y=np.asarray([values[i][1] for i in kept], dtype=float),
        designs=tuple(designs[i] for i in kept),
        epsilon=np.asarray([epsilon[i] for i in kept], dtype=float),
        method=method,
        tolerance=tolerance,
        removed=len(designs) - len(kept),
    )
