"""SweepResult: the points of a study as numpy arrays, with CSV/JSON export."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .._html import escape, table_html, table_markdown
from .._io import atomic_write_text as _atomic_write_text
from .._validation import check_array
from ..errors import InputError
from ._execution import STATUS_OK, _nearest_hint, _python_value


def _column(values) -> np.ndarray:
    """Input values as a float array when all are numbers, else as a str array."""
    values = [_python_value(value) for value in values]
    if all(
        isinstance(value, (int, float)) and not isinstance(value, bool) for value in values
    ):
        return np.asarray(values, dtype=float)
    return np.asarray([str(value) for value in values], dtype=str)


def _float_text(value: float) -> str:
    if math.isnan(value):
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The points of a sweep, their outputs and their status, as numpy arrays.

    Attributes
    ----------
    inputs : dict[str, numpy.ndarray]
        Field path -> value per point (float array, or str array for fields such as a
        catalog key), in SI units as the spec defines them.
    outputs : dict[str, numpy.ndarray]
        Output name -> float array per point (SI; see :data:`DESIGN_OUTPUTS` for the units
        of the default outputs). NaN where the point failed.
    status : numpy.ndarray of str
        ``"ok"``, or the failure: ``"infeasible"``, ``"solver_error"``,
        ``"closure_error"``, ``"input_error"``, ``"catalog_error"``, ``"error"``.
    reason : numpy.ndarray of str
        The error message of a failed point (what to relax or fix); empty when ok.
    kind : str
        ``"grid"``, ``"latin_hypercube"`` or ``"monte_carlo"``.
    shape : tuple[int, ...]
        Grid shape (one axis per field, in the order given) for a grid sweep; ``(n,)``
        otherwise. :meth:`grid` reshapes a column to it.
    objective : str
        What ``evaluate`` computed (sizing objective, or the evaluate's name).
    elapsed : float
        Wall time of the sweep [s]; not exported, so that exports are deterministic.
    execution : str
        Where the points ran (``"this process"``, ``"2 local processes"``,
        ``"Dask (4 workers)"``); not exported.
    """

    inputs: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    status: np.ndarray
    reason: np.ndarray
    kind: str = "grid"
    shape: tuple[int, ...] = ()
    objective: str = ""
    elapsed: float = field(default=0.0, compare=False)
    execution: str = field(default="", compare=False)

    def __post_init__(self):
        count = len(self.status)
        for name, array in {**self.inputs, **self.outputs, "reason": self.reason}.items():
            if len(array) != count:
                raise InputError(
                    f"sweep column '{name}' has {len(array)} entries but there are {count} points"
                )
        if not self.shape:
            object.__setattr__(self, "shape", (count,))
        if math.prod(self.shape) != count:
            raise InputError(f"shape = {self.shape} does not hold {count} points")

    # -- access ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.status)

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of the points that succeeded."""
        return self.status == STATUS_OK

    @property
    def names(self) -> list[str]:
        """Every column name: inputs, then outputs."""
        return [*self.inputs, *self.outputs]

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.inputs:
            return self.inputs[name]
        if name in self.outputs:
            return self.outputs[name]
        if name in ("status", "reason"):
            return getattr(self, name)
        raise KeyError(
            f"'{name}' is not a column of this sweep{_nearest_hint(name, self.names)}"
        )

    def grid(self, name: str) -> np.ndarray:
        """Column ``name`` reshaped to the grid shape (axis i = i-th swept field)."""
        return np.asarray(self[name]).reshape(self.shape)

    def failures(self) -> dict[str, int]:
        """Number of failed points per status."""
        statuses, counts = np.unique(self.status[~self.ok], return_counts=True)
        return {str(s): int(c) for s, c in zip(statuses, counts, strict=True)}

    def percentiles(self, name: str, q=(5.0, 50.0, 95.0)) -> dict[float, float]:
        """Percentiles of an output over the successful points.

        Parameters
        ----------
        name : str
            Output name.
        q : sequence of float
            Percentiles in [0, 100] [%].

        Returns
        -------
        dict[float, float]
            Percentile [%] -> value, in the unit of the output. Linear interpolation
            between order statistics (numpy's default method).
        """
        levels = np.atleast_1d(check_array(q, "q", low=0.0, high=100.0, unit="%"))
        values = np.asarray(self[name], dtype=float)[self.ok]
        if values.size == 0:
            raise InputError(f"no successful point to take percentiles of '{name}' from")
        return {
            float(level): float(value)
            for level, value in zip(levels, np.percentile(values, levels), strict=True)
        }

    def summary(self, q=(5.0, 50.0, 95.0)) -> dict[str, dict[str, float]]:
        """Mean, standard deviation, min, max and percentiles of every output (ok points)."""
        table = {}
        ok = self.ok
        for name, values in self.outputs.items():
            values = values[ok]
            if values.size == 0:
                continue
            row = {"mean": float(values.mean()), "std": float(values.std(ddof=1))
                   if values.size > 1 else 0.0, "min": float(values.min()),
                   "max": float(values.max())}
            for level, value in self.percentiles(name, q).items():
                row[f"p{level:g}"] = value
            table[name] = row
        return table

    def to_dict(self) -> dict:
        """Plain-Python form (lists; failed outputs as None), the JSON export's content."""
        def values(array):
            if array.dtype.kind in "fc":
                return [None if math.isnan(v) else float(v) for v in array.tolist()]
            return [str(v) for v in array.tolist()]

        return {
            "format": "thermaldesign.sweep",
            "version": 1,
            "kind": self.kind,
            "objective": self.objective,
            "shape": list(self.shape),
            "inputs": {name: values(array) for name, array in self.inputs.items()},
            "outputs": {name: values(array) for name, array in self.outputs.items()},
            "status": [str(s) for s in self.status.tolist()],
            "reason": [str(r) for r in self.reason.tolist()],
        }

    # -- export ------------------------------------------------------------------------
    def to_json(self, path) -> None:
        """Write the result as JSON, atomically. Same result -> byte-identical file."""
        _atomic_write_text(path, json.dumps(self.to_dict(), indent=1, allow_nan=False) + "\n")

    def to_csv(self, path) -> None:
        """Write one row per point, atomically.

        The first line is a ``#`` comment naming the kind, objective, grid shape and which
        columns are inputs; then a header row and the points (inputs, outputs, status,
        reason). Floats are written with ``repr`` so they read back exactly; a failed
        point's outputs are empty cells.
        """
        stream = io.StringIO()
        meta = {"kind": self.kind, "objective": self.objective, "shape": list(self.shape),
                "inputs": list(self.inputs)}
        stream.write("# thermaldesign.sweep " + json.dumps(meta) + "\n")
        # RFC 4180 line ends, so that csv quotes any text holding a \r or a \n.
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([*self.inputs, *self.outputs, "status", "reason"])
        columns = [*self.inputs.values(), *self.outputs.values()]
        for index in range(len(self)):
            cells = []
            for array in columns:
                value = array[index]
                cells.append(_float_text(float(value)) if array.dtype.kind == "f" else str(value))
            writer.writerow([*cells, self.status[index], self.reason[index]])
        _atomic_write_text(path, stream.getvalue())

    @classmethod
    def from_dict(cls, data: Mapping) -> SweepResult:
        """Rebuild a result from :meth:`to_dict` output."""
        if not isinstance(data, Mapping) or data.get("format") != "thermaldesign.sweep":
            raise InputError("data is not a thermaldesign sweep result")

        def column(values):
            if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
                   for v in values):
                return np.asarray([np.nan if v is None else v for v in values], dtype=float)
            return np.asarray(values, dtype=str)

        return cls(
            inputs={k: column(v) for k, v in data["inputs"].items()},
            outputs={k: column(v) for k, v in data["outputs"].items()},
            status=np.asarray(data["status"], dtype=str),
            reason=np.asarray(data["reason"], dtype=str),
            kind=str(data.get("kind", "")),
            shape=tuple(int(n) for n in data.get("shape", ())),
            objective=str(data.get("objective", "")),
        )

    @classmethod
    def from_json(cls, path) -> SweepResult:
        """Read a result written by :meth:`to_json`."""
        with open(path, encoding="utf-8") as stream:
            return cls.from_dict(json.load(stream))

    @classmethod
    def from_csv(cls, path) -> SweepResult:
        """Read a result written by :meth:`to_csv`."""
        with open(path, encoding="utf-8", newline="") as stream:
            first = stream.readline()
            prefix = "# thermaldesign.sweep "
            if not first.startswith(prefix):
                raise InputError(f"{path!r} is not a thermaldesign sweep CSV")
            meta = json.loads(first[len(prefix):])
            rows = list(csv.reader(stream))
        header, body = rows[0], rows[1:]
        columns = {name: [row[i] for row in body] for i, name in enumerate(header)}

        def parse(values, numeric_only):
            try:
                return np.asarray([np.nan if v == "" else float(v) for v in values], dtype=float)
            except ValueError:
                if numeric_only:
                    raise
                return np.asarray(values, dtype=str)

        inputs = {name: parse(columns[name], False) for name in meta["inputs"]}
        outputs = {
            name: parse(columns[name], True)
            for name in header[:-2] if name not in inputs
        }
        return cls(
            inputs=inputs,
            outputs=outputs,
            status=np.asarray(columns["status"], dtype=str),
            reason=np.asarray(columns["reason"], dtype=str),
            kind=meta["kind"],
            shape=tuple(meta["shape"]),
            objective=meta["objective"],
        )

    # -- display -----------------------------------------------------------------------
    def _headline(self) -> str:
        failures = self.failures()
        failed = ", ".join(f"{count} {status}" for status, count in failures.items())
        text = f"{self.kind} sweep of {len(self)} points ({int(self.ok.sum())} ok"
        text += f"; {failed})" if failed else ")"
        if self.objective:
            text += f", objective {self.objective}"
        if self.elapsed:
            text += f", {self.elapsed:.1f} s"
        if self.execution:
            text += f" on {self.execution}"
        return text

    def _rows(self, limit: int | None):
        indices = range(len(self)) if limit is None or len(self) <= limit else (
            [*range(limit // 2), *range(len(self) - limit // 2, len(self))]
        )
        rows = []
        for index in indices:
            row = {}
            for name, array in {**self.inputs, **self.outputs}.items():
                value = array[index]
                row[name] = (None if array.dtype.kind == "f" and math.isnan(value)
                             else value.item() if isinstance(value, np.generic) else value)
            row["status"] = str(self.status[index])
            row["reason"] = str(self.reason[index])
            rows.append(row)
        return rows

    def __str__(self) -> str:
        return self._headline() + "\n\n" + table_markdown(self._rows(20))

    def _repr_html_(self) -> str:
        shown = "" if len(self) <= 20 else " (first and last 10 points)"
        return (
            f"<p><b>{escape(self._headline())}</b>{escape(shown)}</p>"
            + table_html(self._rows(20))
        )


def _collect(kind, shape, objective, names, rows, records, elapsed) -> SweepResult:
    inputs = {name: _column([row[i] for row in rows]) for i, name in enumerate(names)}
    output_names: list[str] = []
    for _, _, outputs in records:
        for name in outputs:
            if name not in output_names:
                output_names.append(name)
    outputs = {
        name: np.asarray([record[2].get(name, np.nan) for record in records], dtype=float)
        for name in output_names
    }
    return SweepResult(
        inputs=inputs,
        outputs=outputs,
        status=np.asarray([record[0] for record in records], dtype=str),
        reason=np.asarray([record[1] for record in records], dtype=str),
        kind=kind,
        shape=tuple(shape),
        objective=objective,
        elapsed=elapsed,
        execution=getattr(records, "execution", ""),
    )
