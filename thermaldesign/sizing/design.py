"""The sized satellite: :class:`SatelliteDesign`, its report table and JSON round trip."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from .._html import format_value, table_html
from .._io import atomic_write_text
from ..errors import InputError, StudyFileError
from .spec import SatelliteSpec

__all__ = ["SatelliteDesign", "OBJECTIVES"]

OBJECTIVES = ("max_compute", "min_mass_per_compute", "min_cost_per_compute")

# field -> (unit, description) for the report table
_FIELDS: dict[str, tuple[str, str]] = {
    "gpu_count": ("-", "accelerators on board"),
    "nameplate_compute": ("FLOP/s", "dense BF16 peak of the active GPUs at full clock"),
    "compute": ("FLOP/s", "throughput at the chosen clock"),
    "it_power": ("W", "accelerator and server power"),
    "duty_cycle": ("-", "fraction of the year's full-power compute delivered"),
    "junction_temperature": ("K", "junction operating temperature"),
    "clock_fraction": ("-", "clock f / f_max"),
    "eclipse_power_fraction": ("-", "payload power fraction through eclipse (0 = idle)"),
    "spare_count": ("-", "cold spare accelerators (expected hard failures over life)"),
    "chip_power": ("W", "board power per accelerator at the operating point"),
    "total_mass": ("kg", "wet mass at launch"),
    "solar_array_area": ("m^2", "solar array area"),
    "radiator_area": ("m^2", "radiator panel planform area"),
    "radiator_temperature": ("K", "radiator temperature at end of life, hot case"),
    "battery_energy": ("J", "installed battery energy"),
    "stowed_volume": ("m^3", "stowed volume at launch"),
    "hardware_cost": ("USD", "first-unit hardware cost"),
    "launch_cost": ("USD", "launch cost at the spec's price per kg"),
    "heat_pump_lift": ("K", "heat pump temperature lift (0 = no heat pump)"),
    "heat_pump_power": ("W", "heat pump compressor power"),
}


@dataclass(frozen=True)
class SatelliteDesign:
    """One sized satellite, in SI units, with the spec it came from.

    Attributes
    ----------
    spec : SatelliteSpec
        The inputs.
    objective : str
        The objective it optimises.
    gpu_count : int or float
        Accelerators [-] (a float only for the continuous relaxation).
    solar_array_area, radiator_area : float
        [m^2]; the radiator area is panel planform.
    radiator_temperature : float
        Radiator temperature at end of life in the hot case [K].
    battery_energy : float
        Installed battery energy [J].
    total_mass : float
        Wet mass [kg].
    compute : float
        Dense BF16 throughput of the active accelerators at the chosen clock [FLOP/s].
    nameplate_compute : float
        The same at full clock [FLOP/s].
    it_power : float
        Accelerator plus server power [W].
    duty_cycle : float
        Fraction of the year's full-power compute the eclipse policy delivers [-].
    junction_temperature, clock_fraction, eclipse_power_fraction : float
        The chip operating point [K], [-], and the eclipse power fraction [-].
    spare_count : float
        Cold spare accelerators [-] (expected hard failures of the active set over the
        life, continuous: an expected value).
    chip_power : float
        Board power per accelerator at the operating point [W].
    stowed_volume : float
        [m^3].
    hardware_cost, launch_cost : float
        First-unit hardware cost and launch cost [USD].
    cost_breakdown, mass_breakdown, power_breakdown, heat_breakdown : dict
        Ordered parts [USD], [kg], [W], [W].
    binding_constraints : tuple of str
        Constraints active at the optimum of the continuous relaxation (dual value above
        1e-5): what limits the design. With ``gpu_count`` given, of that fixed-count
        problem.
    sensitivities : dict
        d log(objective) / d log(input) [-] for every non-zero numeric input: spec fields
        by name, technology numbers as ``"solar_array.cell_efficiency"``. From the GP
        duals of the continuous relaxation at the optimum (the marginal value of each
        input; the integer count moves in steps). For ``max_compute`` the objective is
        the compute. With ``gpu_count`` given, of the fixed-count problem, whose
        objective under ``max_compute`` is the wet mass.
    margins : dict
        Closure margins from :func:`~thermaldesign.sizing.check_design` [-], end of life.
    bol_margins : dict
        Power, battery and radiator margins at beginning of life (fresh coating and
        cells, same sizes and temperature) [-].
    heat_pump_lift, heat_pump_power : float
        [K], [W]; zero without a heat pump.
    objective_value : float
        Value of the objective (FLOP/s, kg per FLOP/s or USD per FLOP/s).
    integer : bool
        Whether ``gpu_count`` is an exact integer optimum (False: continuous relaxation).
    solver : str
        Solver that produced the final solve.
    """

    spec: SatelliteSpec
    objective: str
    gpu_count: float
    solar_array_area: float
    radiator_area: float
    radiator_temperature: float
    battery_energy: float
    total_mass: float
    compute: float
    it_power: float
    duty_cycle: float
    stowed_volume: float
    hardware_cost: float
    launch_cost: float
    cost_breakdown: dict = field(default_factory=dict)
    mass_breakdown: dict = field(default_factory=dict)
    power_breakdown: dict = field(default_factory=dict)
    heat_breakdown: dict = field(default_factory=dict)
    binding_constraints: tuple = ()
    sensitivities: dict = field(default_factory=dict)
    margins: dict = field(default_factory=dict)
    bol_margins: dict = field(default_factory=dict)
    heat_pump_lift: float = 0.0
    heat_pump_power: float = 0.0
    nameplate_compute: float = math.nan
    junction_temperature: float = math.nan
    clock_fraction: float = 1.0
    eclipse_power_fraction: float = 1.0
    spare_count: float = 0.0
    chip_power: float = math.nan
    objective_value: float = math.nan
    integer: bool = True
    solver: str = ""

    # ------------------------------------------------------------------ derived
    @property
    def specific_power(self) -> float:
        """IT power per kg of satellite [W/kg]."""
        return self.it_power / self.total_mass

    @property
    def accelerator_hard_failure_rate(self) -> float | None:
        """Hard accelerator failures the fleet must still replace [1/yr]: 0 when the design
        carries cold spares for its expected failures (they are replaced in orbit, and paid
        for in its mass and cost), None when it was sized without a failure model (the
        fleet then applies its economics' rate)."""
        return 0.0 if self.spare_count > 0.0 else None

    @property
    def delivered_compute(self) -> float:
        """Year-average throughput: compute at the clock times the duty cycle [FLOP/s]."""
        return self.compute * self.duty_cycle

    @property
    def compute_per_kg(self) -> float:
        """Delivered compute per kg of satellite [FLOP/s per kg]."""
        return self.delivered_compute / self.total_mass

    @property
    def gpus_per_tonne(self) -> float:
        """Active accelerators per tonne of satellite [1/t]."""
        return self.gpu_count / (self.total_mass / 1e3)

    @property
    def mass_per_compute(self) -> float:
        """Wet mass per unit delivered compute [kg per FLOP/s]."""
        return self.total_mass / self.delivered_compute

    @property
    def cost_per_compute(self) -> float:
        """Hardware plus launch cost per unit delivered compute [USD per FLOP/s]."""
        return (self.hardware_cost + self.launch_cost) / self.delivered_compute

    # ------------------------------------------------------------------ export
    def to_dict(self) -> dict[str, Any]:
        """Return every field as JSON-ready Python values (the spec as a dict)."""
        result: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "spec":
                value = value.to_dict()
            elif isinstance(value, dict):
                value = dict(value)
            elif isinstance(value, tuple):
                value = list(value)
            result[f.name] = value
        result["specific_power"] = self.specific_power
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SatelliteDesign:
        """Inverse of :meth:`to_dict`."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["spec"] = SatelliteSpec.from_dict(values["spec"])
        values["binding_constraints"] = tuple(values.get("binding_constraints", ()))
        return cls(**values)

    def save(self, path) -> Path:
        """Write the design as JSON to ``path``, atomically, and return the path.

        The file opens with a format tag (``"format": "thermaldesign.design"``), so that a
        reader can tell it from a fleet plan or a sweep before reading it.
        """
        path = Path(path)
        data = {"format": _FORMAT, "version": 1, **self.to_dict()}
        atomic_write_text(path, json.dumps(data, indent=2, allow_nan=True))
        return path

    @classmethod
    def load(cls, path) -> SatelliteDesign:
        """Read a design written by :meth:`save`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise StudyFileError(f"cannot read a design: {error}", file=str(path)) from None
        _check_saved_design(data, path)
        try:
            return cls.from_dict(data)
        except (KeyError, TypeError) as error:
            raise StudyFileError(f"not a saved SatelliteDesign: {error}", file=str(path)) from None

    def diff(self, other: SatelliteDesign, *, rtol: float = 1e-9) -> dict[str, tuple]:
        """Return the quantities that differ: name -> (self, other, relative change).

        Compares the headline fields, the breakdowns (as ``"mass_breakdown.solar array"``)
        and the spec inputs (as ``"spec.mass_limit"``).

        Parameters
        ----------
        other : SatelliteDesign
            The design to compare with.
        rtol : float
            Relative change below which values count as equal [-].
        """
        if not isinstance(other, SatelliteDesign):
            raise InputError(f"other must be a SatelliteDesign; got {type(other).__name__}")
        mine, theirs = _flat(self), _flat(other)
        changes: dict[str, tuple] = {}
        for key in list(mine) + [k for k in theirs if k not in mine]:
            a, b = mine.get(key), theirs.get(key)
            if _is_number(a) and _is_number(b):
                scale = max(abs(a), abs(b))
                if scale == 0 or abs(a - b) <= rtol * scale:
                    continue
                relative = (b - a) / abs(a) if a != 0 else math.inf
                changes[key] = (a, b, relative)
            elif a != b:
                changes[key] = (a, b, None)
        return changes

    def rows(self) -> list[tuple[str, Any, str, str]]:
        """Return the report rows (quantity, value, unit, description)."""
        rows: list[tuple[str, Any, str, str]] = [
            ("objective", self.objective, "", "what was optimised"),
            ("objective_value", self.objective_value, _objective_unit(self.objective), ""),
        ]
        for name, (unit, description) in _FIELDS.items():
            rows.append((name, getattr(self, name), unit, description))
        rows.append(("specific_power", self.specific_power, "W/kg", "IT power per kg"))
        rows.append(("delivered_compute", self.delivered_compute, "FLOP/s",
                     "year-average throughput after the eclipse policy"))
        rows.append(("compute_per_kg", self.compute_per_kg, "FLOP/s/kg",
                     "delivered compute per kg"))
        rows.append(("gpus_per_tonne", self.gpus_per_tonne, "1/t", "active GPUs per tonne"))
        for title, mapping, unit in (
            ("mass", self.mass_breakdown, "kg"),
            ("power", self.power_breakdown, "W"),
            ("heat", self.heat_breakdown, "W"),
            ("cost", self.cost_breakdown, "USD"),
        ):
            for key, value in mapping.items():
                rows.append((f"{title}: {key}", value, unit, ""))
        for name, margin in self.margins.items():
            rows.append((f"margin: {name}", margin, "-", "closure margin (>= 0 closes)"))
        for name, margin in self.bol_margins.items():
            rows.append((f"BOL margin: {name}", margin, "-", "beginning of life"))
        ranked = sorted(self.sensitivities.items(), key=lambda item: -abs(item[1]))
        for name, value in ranked:
            if abs(value) >= 1e-3:
                rows.append((f"sensitivity: {name}", value, "-", "d log objective / d log input"))
        return rows

    def __str__(self) -> str:
        rows = self.rows()
        head = (
            f"SatelliteDesign ({self.objective}, "
            f"{'integer' if self.integer else 'continuous relaxation'})"
        )
        width = max(len(r[0]) for r in rows)
        texts = [format_value(r[1]) for r in rows]
        value_width = max(len(t) for t in texts)
        lines = [head, "binding: " + (", ".join(self.binding_constraints) or "none"), ""]
        for (name, _, unit, description), text in zip(rows, texts, strict=True):
            line = f"{name:<{width}}  {text:>{value_width}}  {unit:<7} {description}"
            lines.append(line.rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return table_html(
            [list(row) for row in self.rows()],
            columns=["quantity", "value", "unit", "description"],
            caption=f"SatelliteDesign ({self.objective})",
        )



#: the fields of a design, in the order ``SatelliteDesign.__init__`` sets them
DESIGN_FIELDS = tuple(f.name for f in dataclasses.fields(SatelliteDesign))


def designs_of_columns(columns: dict) -> list[SatelliteDesign]:
    """Designs from columns of field values, one design per row, built without the
    dataclass ``__init__``.

    ``columns`` maps every field of :class:`SatelliteDesign` (:data:`DESIGN_FIELDS`) to
    an iterable holding that field's value for each design; all have one length. Each
    design is ``SatelliteDesign(**row)`` (equal, same attribute order), made by setting
    its ``__dict__`` at once instead of the frozen ``__init__``'s one
    ``object.__setattr__`` per field (~4 us a design against ~1.5 us, its dict
    included). Nothing is checked or copied: the values are trusted (the batch
    assembly's own), and a mutable value (a dict) must not be shared between rows.
    """
    if set(columns) != set(DESIGN_FIELDS):
        raise ValueError(f"design columns must name every field once: missing "
                         f"{sorted(set(DESIGN_FIELDS) - set(columns))}, unknown "
                         f"{sorted(set(columns) - set(DESIGN_FIELDS))}")
    rows = zip(*(columns[name] for name in DESIGN_FIELDS), strict=True)
    new, set_state = object.__new__, object.__setattr__
    designs = []
    for state in map(dict, map(zip, repeat(DESIGN_FIELDS), rows)):
        design = new(SatelliteDesign)
        set_state(design, "__dict__", state)
        designs.append(design)
    return designs


def with_fields(design: SatelliteDesign, **changes) -> SatelliteDesign:
    """``dataclasses.replace(design, **changes)`` without the frozen ``__init__`` (a
    batch's re-check fills in three fields of every design: ~1 us against ~16 us).
    Trusted: the names must be fields and the values are not checked."""
    copy = object.__new__(SatelliteDesign)
    object.__setattr__(copy, "__dict__", {**design.__dict__, **changes})
    return copy


# The format tag of a saved design (older files without it are read too).
_FORMAT = "thermaldesign.design"


def _check_saved_design(data, path: Path) -> None:
    """Refuse, by what it lacks, a JSON file that is not a saved design (a fleet plan, a
    sweep), before a missing key can surface as a bare KeyError."""
    tag = data.get("format") if isinstance(data, dict) else None
    if tag is not None and tag != _FORMAT:
        raise StudyFileError(
            f"not a saved SatelliteDesign: its format tag is {tag!r}, not {_FORMAT!r}",
            file=str(path),
        )
    required = [f.name for f in dataclasses.fields(SatelliteDesign)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    missing = required if not isinstance(data, dict) else [k for k in required if k not in data]
    if missing:
        shown = ", ".join(missing[:4]) + (", ..." if len(missing) > 4 else "")
        raise StudyFileError(
            f"not a saved SatelliteDesign: it lacks {shown} (save one with "
            "`thermaldesign size --out FILE.json` or SatelliteDesign.save)",
            file=str(path),
        )


def _objective_unit(objective: str) -> str:
    return {
        "max_compute": "FLOP/s",
        "min_mass_per_compute": "kg/(FLOP/s)",
        "min_cost_per_compute": "USD/(FLOP/s)",
    }.get(objective, "")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _flat(design: SatelliteDesign) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for f in dataclasses.fields(design):
        value = getattr(design, f.name)
        if f.name == "spec":
            for key, item in value.to_dict().items():
                flat[f"spec.{key}"] = item
        elif isinstance(value, dict):
            for key, item in value.items():
                flat[f"{f.name}.{key}"] = item
        else:
            flat[f.name] = value
    return flat
