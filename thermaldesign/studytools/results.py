"""SweepResult: the points of a study as numpy arrays, with CSV/JSON/DataFrame export."""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .._html import escape, table_html, table_markdown
from .._io import atomic_write_text as _atomic_write_text
from .._validation import check_array
from ..errors import InputError
from ._execution import STATUS_OK, _nearest_hint, _python_value
from .outputs import DESIGN_OUTPUTS, FLEET_OUTPUTS

_FORMAT = "thermaldesign.sweep"
# The metadata of a CSV export lives in a JSON file beside it, named <csv name>.json.
_SIDECAR_SUFFIX = ".json"
# The CSV layout before the sidecar: metadata in a first "#" comment line.
_OLD_CSV_PREFIX = f"# {_FORMAT} "

#: Columns that count whole things [-]. Such a column is exported as integers (pandas
#: ``int64``, or nullable ``Int64`` when failed points leave holes) when every value it
#: holds is whole; a continuous relaxation (fractional GPU counts) stays float.
INTEGER_COLUMNS = frozenset({
    "gpu_count", "satellite_count", "launch_count", "satellites_per_launch",
    "satellites_launched", "launches_to_deploy",
})

# Units of the columns the default evaluates produce, for DataFrame.attrs["units"].
_UNITS = {**DESIGN_OUTPUTS, **FLEET_OUTPUTS}


def _column(values) -> np.ndarray:
    """Input values as a float array when all are numbers, else as a str array."""
    values = [_python_value(value) for value in values]
    if all(
        isinstance(value, (int, float)) and not isinstance(value, bool) for value in values
    ):
        return np.asarray(values, dtype=float)
    return np.asarray([str(value) for value in values], dtype=str)


def _is_integer_column(name: str, array: np.ndarray) -> bool:
    """Whether column ``name`` counts whole things and every value it holds is whole."""
    if name not in INTEGER_COLUMNS or array.dtype.kind != "f":
        return False
    finite = array[~np.isnan(array)]
    return bool(np.isfinite(finite).all() and (finite == np.round(finite)).all())


def _cell_text(value: float, integer: bool) -> str:
    """A CSV cell: empty for NaN, digits for an integer column, else ``repr``.

    ``repr`` reads back bit-exact, and keeps a decimal point or exponent ("2000.0",
    "1e+16") so that ``pandas.read_csv`` infers float for float columns.
    """
    if math.isnan(value):
        return ""
    return str(int(value)) if integer else repr(value)


def _sidecar_path(path) -> str:
    return os.fspath(path) + _SIDECAR_SUFFIX


def _frame_column(array: np.ndarray, integer: bool):
    """A numpy column as the values of a pandas column (integers as int64/Int64)."""
    if not integer:
        return array
    if np.isnan(array).any():
        return [None if math.isnan(v) else int(v) for v in array.tolist()]
    return array.astype(np.int64)


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

    Exports: :meth:`to_dataframe` (pandas, counts as integers), :meth:`to_dict` (one
    list per column), :meth:`to_csv` (a plain CSV and its ``<name>.csv.json`` metadata)
    and :meth:`to_json` (:meth:`to_record`); :meth:`from_csv` and :meth:`from_json` read
    them back.
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

    def integer_columns(self) -> list[str]:
        """Names of the columns exported as integers (see :data:`INTEGER_COLUMNS`)."""
        return [name for name, array in {**self.inputs, **self.outputs}.items()
                if _is_integer_column(name, array)]

    def _json_columns(self, columns: Mapping[str, np.ndarray]) -> dict[str, list]:
        """Columns as JSON-ready lists: NaN -> None, integer columns as int."""
        integer = set(self.integer_columns())

        def values(name, array):
            if array.dtype.kind not in "fc":
                return [str(v) for v in array.tolist()]
            if name in integer:
                return [None if math.isnan(v) else int(v) for v in array.tolist()]
            return [None if math.isnan(v) else float(v) for v in array.tolist()]

        return {name: values(name, array) for name, array in columns.items()}

    def to_dict(self) -> dict[str, list]:
        """Every column as a list with one entry per point, ready for JSON or pandas.

        Returns
        -------
        dict[str, list]
            Inputs, then outputs, then ``status`` and ``reason``, each ``len(self)`` long;
            a failed point's outputs are None; :meth:`integer_columns` hold ints. Units
            as in :attr:`inputs` and :attr:`outputs`. ``pandas.DataFrame(result.to_dict())``
            is the table; :meth:`to_dataframe` also sets the dtypes. The sweep's kind,
            shape and objective are not in it: :meth:`to_record` (the JSON export) holds
            them too.
        """
        columns = self._json_columns({**self.inputs, **self.outputs})
        columns["status"] = [str(s) for s in self.status.tolist()]
        columns["reason"] = [str(r) for r in self.reason.tolist()]
        return columns

    def to_record(self) -> dict:
        """The JSON export's content: metadata, inputs and outputs apart, status, reason.

        :meth:`from_dict` (alias :meth:`from_record`) reads it back.
        """
        return {
            "format": _FORMAT,
            "version": 1,
            "kind": self.kind,
            "objective": self.objective,
            "shape": list(self.shape),
            "inputs": self._json_columns(self.inputs),
            "outputs": self._json_columns(self.outputs),
            "status": [str(s) for s in self.status.tolist()],
            "reason": [str(r) for r in self.reason.tolist()],
        }

    def to_dataframe(self):
        """The points as a :class:`pandas.DataFrame`, one row per point.

        Returns
        -------
        pandas.DataFrame
            Columns: inputs, outputs, ``status``, ``reason`` (as in :meth:`to_dict`), on a
            RangeIndex of the point number (a grid sweep's points run with the last field
            fastest; ``df.set_index(list(result.inputs))`` indexes by the inputs).
            :meth:`integer_columns` are ``int64``, or nullable ``Int64`` (``<NA>``) when a
            failed point leaves a hole; other numbers are ``float64`` with NaN for a
            failed point; text is pandas' string dtype. ``reason`` is missing (NaN) for
            points that succeeded, as ``pandas.read_csv`` reads the empty cell of
            :meth:`to_csv`. ``df.attrs`` holds ``kind``, ``objective``, ``shape`` and the
            ``units`` of the columns the default evaluates produce.
        """
        # Imported here: pandas costs ~0.3 s at import and only exports need it.
        import pandas as pd

        integer = set(self.integer_columns())
        data = {}
        for name, array in {**self.inputs, **self.outputs}.items():
            values = _frame_column(array, name in integer)
            dtype = ("Int64" if name in integer and not isinstance(values, np.ndarray)
                     else None)
            data[name] = pd.Series(values, dtype=dtype)
        # Text columns left to pandas' inference, as read_csv does: the string dtype, and
        # float64 for a reason column with no failure in it (every cell empty).
        data["status"] = pd.Series([str(s) for s in self.status.tolist()])
        data["reason"] = pd.Series([str(r) or np.nan for r in self.reason.tolist()])
        frame = pd.DataFrame(data)
        frame.attrs = {"kind": self.kind, "objective": self.objective,
                       "shape": tuple(self.shape),
                       "units": {n: _UNITS[n] for n in self.names if n in _UNITS}}
        return frame

    # -- export ------------------------------------------------------------------------
    def to_json(self, path) -> None:
        """Write :meth:`to_record` as JSON, atomically. Same result -> byte-identical file."""
        _atomic_write_text(path, json.dumps(self.to_record(), indent=1, allow_nan=False) + "\n")

    def to_csv(self, path) -> None:
        """Write one row per point, and the metadata to a JSON file beside it, atomically.

        ``path`` (e.g. ``sweep.csv``) is a plain CSV that ``pandas.read_csv(path)`` reads
        as it is: a header row and the points (inputs, outputs, ``status``, ``reason``).
        Floats are written with ``repr`` so they read back exactly; integer columns
        (:meth:`integer_columns`) as digits; a failed point's outputs are empty cells.
        The metadata goes to ``path + ".json"`` (``sweep.csv.json``): format tag
        ``"thermaldesign.sweep"``, version 2, kind, objective, grid shape, which columns
        are inputs, outputs and integers, and the CSV's name. :meth:`from_csv` needs
        both files. Each file is replaced atomically, the CSV first.
        """
        stream = io.StringIO()
        # RFC 4180 line ends, so that csv quotes any text holding a \r or a \n.
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([*self.inputs, *self.outputs, "status", "reason"])
        integer = set(self.integer_columns())
        columns = [(array, name in integer)
                   for name, array in {**self.inputs, **self.outputs}.items()]
        for index in range(len(self)):
            cells = [_cell_text(float(array[index]), is_integer)
                     if array.dtype.kind == "f" else str(array[index])
                     for array, is_integer in columns]
            writer.writerow([*cells, self.status[index], self.reason[index]])
        meta = {"format": _FORMAT, "version": 2, "kind": self.kind,
                "objective": self.objective, "shape": list(self.shape),
                "inputs": list(self.inputs), "outputs": list(self.outputs),
                "integer": sorted(integer), "csv": os.path.basename(os.fspath(path))}
        _atomic_write_text(path, stream.getvalue())
        _atomic_write_text(_sidecar_path(path), json.dumps(meta, indent=1) + "\n")

    @classmethod
    def from_dict(cls, data: Mapping) -> SweepResult:
        """Rebuild a result from :meth:`to_record` output (the JSON export's content)."""
        if not isinstance(data, Mapping) or data.get("format") != _FORMAT:
            hint = ("; a flat column dict from to_dict() holds no metadata: use to_record()"
                    if isinstance(data, Mapping) and "status" in data else "")
            raise InputError(f"data is not a thermaldesign sweep result{hint}")

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

    from_record = from_dict

    @classmethod
    def from_json(cls, path) -> SweepResult:
        """Read a result written by :meth:`to_json`."""
        with open(path, encoding="utf-8") as stream:
            return cls.from_dict(json.load(stream))

    @classmethod
    def from_csv(cls, path) -> SweepResult:
        """Read a result written by :meth:`to_csv`.

        Reads the current layout (a plain CSV and its ``<name>.csv.json`` metadata) and
        the layout before it (the metadata in a first ``# thermaldesign.sweep {...}``
        comment line), so older files and reports keep reading back.
        """
        with open(path, encoding="utf-8", newline="") as stream:
            text = stream.read()
        if text.startswith(_OLD_CSV_PREFIX):
            first, _, text = text.partition("\n")
            meta = json.loads(first[len(_OLD_CSV_PREFIX):])
        else:
            meta = _read_sidecar(path)
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header, body = rows[0], rows[1:]
        expected = [*meta["inputs"], *meta.get("outputs", [])]
        if "outputs" in meta and header != [*expected, "status", "reason"]:
            raise InputError(
                f"{os.fspath(path)!r} has columns {header} but its metadata "
                f"{_sidecar_path(path)!r} lists {[*expected, 'status', 'reason']}; "
                "the two files come from different exports: write the sweep again"
            )
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
        integer = set(self.integer_columns())
        rows = []
        for index in indices:
            row = {}
            for name, array in {**self.inputs, **self.outputs}.items():
                value = array[index]
                row[name] = (None if array.dtype.kind == "f" and math.isnan(value)
                             else int(value) if name in integer
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


def _read_sidecar(path) -> dict:
    """The metadata file :meth:`SweepResult.to_csv` writes beside a CSV."""
    sidecar = _sidecar_path(path)
    try:
        with open(sidecar, encoding="utf-8") as stream:
            meta = json.load(stream)
    except FileNotFoundError:
        raise InputError(
            f"{os.fspath(path)!r} is not a thermaldesign sweep CSV: its metadata file "
            f"{sidecar!r} is missing (SweepResult.to_csv writes both)"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(f"metadata file {sidecar!r} is not valid JSON: {error}") from None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        raise InputError(f"{sidecar!r} is not a thermaldesign sweep CSV's metadata")
    return meta


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
