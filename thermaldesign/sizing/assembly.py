"""Design assembly on arrays: :func:`build_designs`, :func:`.solve.build_design` for many
designs of one kind at once.

The physics of the returned designs (loads, mass and cost roll-ups, breakdowns, stowed
volume) is evaluated once on columns, through the same functions the scalar assembly
calls (:func:`.evaluate.loads`, :func:`.evaluate.mass_parts`,
:func:`.evaluate.cost_parts`, :func:`.evaluate.stowed_volume`, :func:`.solve.breakdowns`),
which accept :class:`~.columns.SpecColumns`; only the :class:`SatelliteDesign` objects
are built row by row, from lists. Row ``i`` equals ``build_design`` of that row's
solution field by field, with one difference: the totals (total mass, hardware cost,
the harness and structure fractions' subtotal) are plain sums over the columns, not
exactly rounded (:func:`.evaluate.total`), so they may differ in the last bits
(~1e-16 relative).
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from .closure import DesignColumns
from .design import designs_of_columns
from .evaluate import cost_parts, duty_cycle, loads, mass_parts, stowed_volume, total
from .model import JUNCTION_SCALE
from .solve import breakdowns

__all__ = ["build_designs"]


def _column(value, size: int) -> list:
    """A column (array, or one value shared by every row) as a list of floats."""
    return np.broadcast_to(np.asarray(value, dtype=float), (size,)).tolist()


def _counts(gpus) -> list[int]:
    """Integer GPU counts (already rounded) as Python ints."""
    if not np.isfinite(gpus).all():
        raise ValueError("integer GPU counts must be finite")
    return gpus.astype(np.int64).tolist()


def _rows(parts: dict, size: int) -> list[dict]:
    """Dicts of named columns, one per row, keys in the order of ``parts``."""
    names = list(parts)
    table = zip(*(_column(parts[name], size) for name in names), strict=True)
    return list(map(dict, map(zip, repeat(names), table)))


def build_designs(specs, columns, envs, variables: dict, eclipse_fraction, objective: str, *,
                  integer: bool, binding, solver, lift: float = 0.0):
    """The designs of final solutions of specs of one kind, given as columns.

    Parameters
    ----------
    specs : sequence of SatelliteSpec
        The specs, one kind (:func:`.columns.group_by_kind`).
    columns : SpecColumns
        The same specs stacked.
    envs : Columns of Environment
        Their environments.
    variables : dict[str, numpy.ndarray]
        The final solutions' variables, name -> (R,) (``gpu_count``, ``array_area``
        [m^2], ``radiator_area`` [m^2], ``radiator_temperature`` [K],
        ``clock_fraction`` [-], ``junction_ratio`` [-], and ``battery_energy`` [J] and
        ``spare_count`` [-] when the structure has them).
    eclipse_fraction : numpy.ndarray
        Each solution's eclipse power fraction [-].
    objective : str
        The sizing objective.
    integer : bool
        Whether the GPU counts are exact integer optima (rounded to ints).
    binding : sequence of tuple of str
        Each design's binding constraints.
    solver : str or sequence of str
        The solver that found them (one for all, or one per design).
    lift : float
        Heat-pump lift [K].

    Returns
    -------
    (list of SatelliteDesign, DesignColumns)
        The designs (no sensitivities, no margins: the batch adds them) and the
        quantities the closure re-checks, as columns.
    """
    size = len(specs)
    zeros = np.zeros(size)
    gpus = np.round(variables["gpu_count"]) if integer else variables["gpu_count"]
    array_area, radiator_area = variables["array_area"], variables["radiator_area"]
    temperature = variables["radiator_temperature"]
    energy = variables.get("battery_energy", zeros)
    spare = variables.get("spare_count", zeros)
    clock = np.minimum(1.0, variables["clock_fraction"])
    junction = variables["junction_ratio"] * JUNCTION_SCALE
    load = loads(columns, envs, gpus, lift, clock=clock, junction=junction,
                 eclipse_fraction=eclipse_fraction)
    masses = mass_parts(columns, envs, load, gpus, array_area, radiator_area, energy, spare)
    costs = cost_parts(columns, envs, gpus, array_area, radiator_area, energy, masses, spare)
    power_breakdown, heat_breakdown = breakdowns(envs, load, array_area, radiator_area,
                                                 temperature)
    gpu = columns.entry("accelerator")
    compute = gpus * gpu.flops * clock ** gpu.clock_throughput_exponent
    duty = duty_cycle(envs, eclipse_fraction)
    total_mass = total(masses.values())
    hardware = total(value for key, value in costs.items() if key != "launch")
    objective_value = {
        "max_compute": lambda: compute * duty,
        "min_mass_per_compute": lambda: total_mass / (compute * duty),
        "min_cost_per_compute": lambda: (hardware + costs["launch"]) / (compute * duty),
    }[objective]()
    chip = np.where(gpus > 0, load.accelerators / np.where(gpus > 0, gpus, 1.0), np.nan)
    numbers = {
        "solar_array_area": array_area, "radiator_area": radiator_area,
        "radiator_temperature": temperature, "battery_energy": energy,
        "total_mass": total_mass, "compute": compute, "it_power": load.it_power,
        "duty_cycle": duty,
        "stowed_volume": stowed_volume(columns, masses, array_area, radiator_area),
        "hardware_cost": hardware, "launch_cost": costs["launch"],
        "heat_pump_lift": lift, "heat_pump_power": load.compressor,
        "nameplate_compute": gpus * gpu.flops, "junction_temperature": junction,
        "clock_fraction": clock, "eclipse_power_fraction": eclipse_fraction,
        "spare_count": spare, "chip_power": chip, "objective_value": objective_value,
    }
    counts = _counts(gpus) if integer else _column(gpus, size)
    designs = designs_of_columns({
        "spec": specs, "objective": repeat(objective, size), "gpu_count": counts,
        **{name: _column(value, size) for name, value in numbers.items()},
        "cost_breakdown": _rows(costs, size), "mass_breakdown": _rows(masses, size),
        "power_breakdown": _rows(power_breakdown, size),
        "heat_breakdown": _rows(heat_breakdown, size), "binding_constraints": binding,
        # one fresh dict per design, as the dataclass's default factories give
        "sensitivities": [{} for _ in range(size)], "margins": [{} for _ in range(size)],
        "bol_margins": [{} for _ in range(size)], "integer": repeat(integer, size),
        "solver": repeat(solver, size) if isinstance(solver, str) else solver,
    })
    quantities = DesignColumns(
        gpu_count=np.asarray(counts, dtype=float), solar_array_area=array_area,
        radiator_area=radiator_area, radiator_temperature=temperature,
        battery_energy=energy, total_mass=total_mass, junction_temperature=junction,
        clock_fraction=clock, eclipse_power_fraction=eclipse_fraction, spare_count=spare,
        heat_pump_lift=lift, heat_pump_power=load.compressor, integer=integer)
    return designs, quantities
