"""Study results -> a report folder a design review can read.

A :class:`Report` collects a title, summary paragraphs, headed sections with tables and
figures, data files and the inputs used with their sources, then :meth:`Report.write`
produces::

    folder/
      index.html      self-contained (inline CSS), figures as relative PNGs or embedded
      summary.md      the same content in Markdown
      *.png           the figures
      *.csv, *.json   the data
      .thermaldesign-report   marker: this folder may be replaced by the next write

The folder is written atomically: everything is built in a temporary folder next to the
target, then the old folder is renamed away, the new one renamed in, and the old one
deleted. A run interrupted before the swap leaves the previous report untouched; a
crash in the instant between the two renames leaves it, whole, as ``.NAME.old-*`` next to
the target (POSIX has no atomic exchange of two non-empty folders).

Example
-------
.. code-block:: python

    from thermaldesign import plots
    from thermaldesign.report import Report

    report = Report("Radiator trade", subtitle="How much radiator per MW?")
    report.add_summary("One MW needs 2,419 m^2 of one-sided radiator at 300 K (case R-2).")
    report.add_figure(plots.radiator_area_vs_temperature(), "area.png",
                      caption="Radiator area and mass per MW vs temperature")
    report.add_data("area.csv", {"temperature": temperatures, "area": areas},
                    description="temperature [K], area [m^2/MW]")
    report.write("out/radiator-trade")

References
----------
W3C, "HTML Living Standard" and "CSS Overflow Module Level 3" (overflow-x on table
wrappers); the report needs no script and no network access, so it opens from a
``file://`` URL.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import math
import os
import re
import shutil
import struct
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ._html import escape, normalize_table, table_html, table_markdown
from ._version import __version__
from .errors import InputError

__all__ = ["LONG_TABLE_ROWS", "MARKER_FILE", "SAME_SOURCE", "Report", "check_folder", "to_jsonable"]

# Presence of this file marks a folder as a report this module may replace wholesale.
MARKER_FILE = ".thermaldesign-report"
_RESERVED_NAMES = {"index.html", "summary.md", MARKER_FILE}
# Letters, digits, dot, dash, underscore and "/" between parts: portable on every filesystem.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
# 150 dpi on a 7-inch figure gives ~1000 px: sharp at full column width, small files.
DEFAULT_DPI = 150
#: Printed in the inputs table for a source identical to the row above's.
SAME_SOURCE = "same source as above"
#: A table with more rows than this is long: it follows the figures of its section [-].
LONG_TABLE_ROWS = 12

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1f2328;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Noto Sans", sans-serif; font-size: 16px; line-height: 1.55; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.4rem 0 0.3rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.2rem 0 0.6rem;
  padding-bottom: 0.3rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }
p, li, figcaption, caption { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
p { margin: 0.5rem 0 0.9rem; max-width: 48rem; }
.subtitle { color: #57606a; font-size: 1.1rem; margin-top: 0; }
.meta { color: #57606a; font-size: 0.88rem; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: 0.8rem 0 1.4rem; }
table { border-collapse: collapse; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 0.4rem; }
th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid #d8dee4; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; border-bottom: 2px solid #d0d7de;
  white-space: nowrap; }
td:first-child { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; overflow-wrap: normal; }
tbody tr:nth-child(even) { background: #fafbfc; }
figure { margin: 1.4rem 0 2rem; }
img { display: block; max-width: 100%; height: auto; border: 1px solid #eaeef2; }
figcaption { color: #57606a; font-size: 0.92rem; margin-top: 0.45rem; max-width: 48rem; }
a { color: #0b5cad; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.9em; overflow-wrap: anywhere; }
footer { margin-top: 3rem; }
@media (max-width: 40rem) { body { font-size: 15px; } main { padding: 1rem 0.7rem 2rem; } }
@media print { main { max-width: none; } figure, table { break-inside: avoid; } }
"""


def _check_text(value, name: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{name} must be text; got {type(value).__name__} {value!r}")
    return value


def _text_or_empty(value) -> str:
    """A provenance part as text; ``None`` (an optional note or date left out) is empty."""
    return "" if value is None else str(value)


def _check_file_name(name, suffixes: Sequence[str], what: str) -> str:
    """Validate a relative file name that must stay inside the report folder."""
    if not isinstance(name, str) or not name:
        raise InputError(f"{what} name must be a non-empty text; got {name!r}")
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise InputError(
            f"{what} name {name!r} must be a relative path inside the report folder "
            "(use '/' between parts, no drive or leading '/')"
        )
    parts = name.split("/")  # not PurePosixPath: it silently drops "." and empty parts
    if any(part in ("..", ".", "") for part in parts):
        raise InputError(
            f"{what} name {name!r} must stay inside the report folder; '..', '.' and "
            "empty parts are not allowed"
        )
    if not all(_SAFE_NAME.match(part) for part in parts):
        raise InputError(
            f"{what} name {name!r} may use only letters, digits, '_', '-', '.' and '/'"
        )
    if not name.lower().endswith(tuple(suffixes)):
        raise InputError(f"{what} name {name!r} must end with one of {', '.join(suffixes)}")
    if name in _RESERVED_NAMES:
        raise InputError(f"{what} name {name!r} is reserved by the report")
    return name


def _check_dpi(dpi) -> int:
    if isinstance(dpi, bool) or not isinstance(dpi, (int, np.integer)) or not 50 <= dpi <= 600:
        raise InputError(f"dpi = {dpi!r} is outside the valid range [50, 600]")
    return int(dpi)


def _png_size(data: bytes) -> tuple[int, int]:
    # PNG: 8-byte signature, then the IHDR chunk whose data starts with width, height.
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def to_jsonable(value):
    """Convert numpy types, dataclasses and result objects into JSON-ready values.

    Non-finite floats become ``null`` (strict JSON has no NaN); a failed sweep point
    stays visible as a missing value rather than as invalid JSON.
    """
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, type):
        return to_jsonable(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Path):
        return str(value)
    raise InputError(
        f"cannot write a {type(value).__name__} to JSON; give numbers, text, lists, "
        "dicts, numpy arrays or objects with to_dict()"
    )


def _csv_cell(value) -> str:
    # Full precision in data files: a CSV is for re-analysis, not for reading.
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def _csv_text(data, columns: Sequence[str] | None) -> str:
    """Column mapping ({name: 1-D array}) or table-like data -> CSV text."""
    if isinstance(data, Mapping) and data and all(
        isinstance(v, (np.ndarray, list, tuple)) for v in data.values()
    ):
        arrays = {str(k): np.asarray(v) for k, v in data.items()}
        lengths = {name: a.shape[0] if a.ndim == 1 else None for name, a in arrays.items()}
        if None in lengths.values() or len(set(lengths.values())) != 1:
            raise InputError(
                "CSV columns must be 1-D and of equal length; got lengths "
                + ", ".join(f"{n}={a.shape}" for n, a in arrays.items())
            )
        names = list(arrays)
        rows = [[arrays[n][i].item() for n in names] for i in range(next(iter(lengths.values())))]
    else:
        try:
            names, rows = normalize_table(data, columns)
        except ValueError as error:
            raise InputError(f"cannot write CSV: {error}") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _write_file(path: Path, content: bytes | str) -> None:
    """Write one file of the report (one function, so tests can interrupt a write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def check_folder(folder) -> Path:
    """Check that a report may be written to ``folder``; return its absolute path.

    Call it before a long computation so that a bad output folder fails at once.

    Raises
    ------
    InputError
        If ``folder`` is not a path, is a file, or is a non-empty folder that is not a
        thermaldesign report (such a folder is never replaced).
    """
    if not isinstance(folder, (str, os.PathLike)) or not str(folder):
        raise InputError(f"folder must be a path; got {folder!r}")
    target = Path(os.path.abspath(os.path.expanduser(os.fspath(folder))))
    if target.exists() or target.is_symlink():
        if target.is_symlink() or not target.is_dir():
            raise InputError(
                f"report folder {str(target)!r} exists and is not a folder; choose another path"
            )
        if any(target.iterdir()) and not (target / MARKER_FILE).exists():
            raise InputError(
                f"report folder {str(target)!r} is not empty and is not a thermaldesign "
                "report; choose a new folder (it will not be overwritten)"
            )
    return target


@dataclasses.dataclass(frozen=True)
class _Figure:
    name: str
    png: bytes
    caption: str


@dataclasses.dataclass(frozen=True)
class _Table:
    columns: list[str]
    rows: list[list]
    title: str | None
    note: str | None


@dataclasses.dataclass(frozen=True)
class _Data:
    name: str
    content: str
    description: str


def _block_html(kind: str, block, embed_images: bool) -> list[str]:
    """HTML lines of one block of a report (heading, paragraph, table or figure)."""
    if kind == "heading":
        return [f"<h2>{escape(block)}</h2>"]
    if kind == "paragraph":
        return [f"<p>{escape(block)}</p>"]
    if kind == "table":
        out = [table_html(block.rows, block.columns, caption=block.title)]
        if block.note:
            out.append(f'<p class="meta">{escape(block.note)}</p>')
        return out
    width, height = _png_size(block.png)
    if embed_images:
        source = "data:image/png;base64," + base64.b64encode(block.png).decode()
    else:
        source = escape(block.name)
    return [
        f'<figure><img src="{source}" alt="{escape(block.caption)}" '
        f'width="{width}" height="{height}">'
        f"<figcaption>{escape(block.caption)}</figcaption></figure>"
    ]


def _block_markdown(kind: str, block) -> list[str]:
    """Markdown lines of one block of a report."""
    if kind == "heading":
        return [f"## {block}", ""]
    if kind == "paragraph":
        return [block, ""]
    if kind == "table":
        out = [f"**{block.title}**", ""] if block.title else []
        out += [table_markdown(block.rows, block.columns), ""]
        return out + ([f"*{block.note}*", ""] if block.note else [])
    caption = block.caption.replace("]", "\\]")
    return [f"![{caption}]({block.name})", "", f"*{block.caption}*", ""]


class Report:
    """Builder of a report folder: summary, sections, tables, figures, data and inputs.

    Parameters
    ----------
    title : str
        Report title, shown as the page heading.
    subtitle : str, optional
        One line under the title (the question the study answers).
    dpi : int
        Default resolution of the figures [dots per inch], in [50, 600].

    Notes
    -----
    A report opens with the key numbers and one figure, and the long tables go below:

    1. the summary paragraphs and the key-numbers table (:meth:`add_key_numbers`);
    2. the lead figure: the one added with ``lead=True``, else the first figure added;
    3. the sections, their content in the order it was added, except that a table of
       more than :data:`LONG_TABLE_ROWS` rows moves to the end of its section, after the
       section's figures;
    4. the data files, then the inputs with their sources.

    All text is HTML-escaped: a report never carries markup from its inputs. Figures are
    rendered to PNG when added, so the caller may close them right away.
    """

    def __init__(self, title: str, *, subtitle: str | None = None, dpi: int = DEFAULT_DPI):
        self.title = _check_text(title, "title")
        self.dpi = _check_dpi(dpi)
        self.subtitle = None if subtitle is None else _check_text(subtitle, "subtitle")
        self._summary: list[str] = []
        self._key_numbers: _Table | None = None
        self._lead: str | None = None
        self._blocks: list[tuple[str, object]] = []
        self._data: list[_Data] = []
        self._inputs: list[dict] = []
        self._inputs_intro = ""
        self._names: set[str] = set()

    # -- content -------------------------------------------------------------------
    def add_summary(self, text: str) -> Report:
        """Add a summary paragraph, shown first under "Summary"."""
        self._summary.append(_check_text(text, "summary text"))
        return self

    def add_key_numbers(self, rows, *, title: str = "Key numbers") -> Report:
        """Set the short table of key numbers shown under the summary paragraphs.

        Parameters
        ----------
        rows : sequence of (quantity, value, unit)
            The headline numbers of the study, each with its unit ("" or "-" if none).
        title : str
            Table caption.
        """
        try:
            names, table = normalize_table([list(row) for row in rows],
                                           ["quantity", "value", "unit"])
        except (ValueError, TypeError) as error:
            raise InputError(f"key numbers: {error}; give (quantity, value, unit) rows") \
                from None
        self._key_numbers = _Table(names, table, _check_text(title, "title"), None)
        return self

    def add_section(self, heading: str) -> Report:
        """Start a new section with ``heading``."""
        self._blocks.append(("heading", _check_text(heading, "section heading")))
        return self

    def add_paragraph(self, text: str) -> Report:
        """Add a paragraph of text to the current section."""
        self._blocks.append(("paragraph", _check_text(text, "paragraph text")))
        return self

    def add_table(
        self,
        data,
        *,
        title: str | None = None,
        columns: Sequence[str] | None = None,
        note: str | None = None,
    ) -> Report:
        """Add a table.

        Parameters
        ----------
        data : list of dict, list of sequences, mapping, or object with ``to_dict()``
            Rows as dicts (columns from their keys), rows as sequences (then ``columns``
            names them), or one record (a mapping, a dataclass, a design or fleet plan via
            its ``to_dict()``) shown as quantity/value rows with nested keys dotted.
        title : str, optional
            Table caption.
        columns : sequence of str, optional
            Column names (required for rows given as sequences; selects and orders the
            columns of dict rows).
        note : str, optional
            A line under the table (units, assumptions).
        """
        try:
            names, rows = normalize_table(data, columns)
        except ValueError as error:
            raise InputError(f"table {title or ''!s}: {error}".replace(" : ", ": ")) from None
        if title is not None:
            _check_text(title, "table title")
        if note is not None:
            _check_text(note, "table note")
        self._blocks.append(("table", _Table(names, rows, title, note)))
        return self

    def add_figure(self, figure, name: str, *, caption: str, dpi: int | None = None,
                   lead: bool = False) -> Report:
        """Render a matplotlib figure to ``name`` (a ``.png`` inside the report folder).

        Parameters
        ----------
        figure : matplotlib.figure.Figure or (Figure, Axes)
            The figure, or the ``(fig, ax)`` pair a :mod:`thermaldesign.plots` function
            returns.
        name : str
            File name, e.g. ``"radiator-area.png"``; ``..`` and absolute paths rejected.
        caption : str
            What the figure shows; also its alt text.
        dpi : int, optional
            Resolution of the PNG [dots per inch]; default the report's.
        lead : bool
            Show this figure right under the summary (one lead figure per report; the
            last one marked wins). Without one, the first figure added leads.
        """
        if isinstance(figure, tuple) and figure:
            figure = figure[0]
        if not hasattr(figure, "savefig"):
            raise InputError(
                "figure must be a matplotlib Figure or a (fig, ax) pair; "
                f"got {type(figure).__name__}"
            )
        name = self._claim(_check_file_name(name, (".png",), "figure"))
        _check_text(caption, "caption")
        dpi = self.dpi if dpi is None else _check_dpi(dpi)
        buffer = io.BytesIO()
        # A figure with a layout engine (every thermaldesign.plots figure) is laid out
        # already; "tight" would draw it twice. Others are trimmed so no label is cut.
        tight = "tight" if figure.get_layout_engine() is None else None
        figure.savefig(buffer, format="png", dpi=int(dpi), bbox_inches=tight, facecolor="white")
        self._blocks.append(("figure", _Figure(name, buffer.getvalue(), caption)))
        if lead:
            self._lead = name
        return self

    def lead_with(self, name: str) -> Report:
        """Make the figure already added as ``name`` the lead figure (under the summary)."""
        if name not in {figure.name for figure in self._figures()}:
            raise InputError(
                f"the report has no figure named {name!r}; figures: "
                + (", ".join(figure.name for figure in self._figures()) or "none")
            )
        self._lead = name
        return self

    def add_data(
        self,
        name: str,
        data,
        *,
        description: str = "",
        columns: Sequence[str] | None = None,
    ) -> Report:
        """Add a data file (``.csv`` or ``.json``) to the report folder.

        Parameters
        ----------
        name : str
            File name ending in ``.csv`` or ``.json``.
        data
            For CSV: a mapping of column name -> 1-D array (equal lengths), a list of
            dicts, or rows with ``columns``. For JSON: numbers, text, lists, dicts, numpy
            arrays, dataclasses or objects with ``to_dict()``; non-finite floats are
            written as ``null``.
        description : str
            One line saying what the file holds (units!).
        columns : sequence of str, optional
            Column names of a CSV given as rows (sequences of values); ignored for JSON.
        """
        name = _check_file_name(name, (".csv", ".json"), "data file")
        _check_text(description, "description")
        if name.lower().endswith(".json"):
            content = json.dumps(to_jsonable(data), indent=2, allow_nan=False) + "\n"
        else:
            content = _csv_text(data, columns)
        self._claim(name)
        self._data.append(_Data(name, content, description))
        return self

    def add_input(
        self,
        name: str,
        value,
        *,
        unit: str = "",
        source: str = "",
        date: str = "",
        confidence: str = "",
        note: str = "",
    ) -> Report:
        """Record one input of the study with its unit and source."""
        self._inputs.append(
            {
                "input": _check_text(name, "input name"),
                "value": value,
                "unit": _check_text(unit, "unit"),
                "source": _text_or_empty(source),
                "date": _text_or_empty(date),
                "confidence": _text_or_empty(confidence),
                "note": _text_or_empty(note),
            }
        )
        return self

    def describe_inputs(self, text: str) -> Report:
        """Set the paragraph shown above the inputs table (how to read the sources)."""
        self._inputs_intro = _check_text(text, "inputs description")
        return self

    def add_catalog_entry(self, entry, *, fields: Sequence[str] | None = None) -> Report:
        """Record the fields of a catalog entry with their provenance as inputs.

        Parameters
        ----------
        entry : catalog dataclass
            A frozen catalog entry with a ``provenance(field)`` method returning
            ``(source, date, confidence, note)``.
        fields : sequence of str, optional
            Fields to record; default every numeric field.
        """
        if not (dataclasses.is_dataclass(entry) and hasattr(entry, "provenance")):
            raise InputError(
                f"entry must be a catalog entry with provenance; got {type(entry).__name__}"
            )
        names = [f.name for f in dataclasses.fields(entry)]
        if fields is None:
            fields = [n for n in names if isinstance(getattr(entry, n), (int, float))
                      and not isinstance(getattr(entry, n), bool)]
        label = getattr(entry, "key", type(entry).__name__)
        for field in fields:
            if field not in names:
                raise InputError(
                    f"field {field!r} is not a field of {type(entry).__name__}; "
                    f"valid fields: {', '.join(names)}"
                )
            provenance = entry.provenance(field)
            spec = getattr(entry, "NUMERIC", {}).get(field)
            unit = getattr(spec, "unit", "") or ""
            self.add_input(
                f"{label}.{field}",
                getattr(entry, field),
                unit="" if unit == "-" else unit,
                source=_text_or_empty(getattr(provenance, "source", "")),
                date=_text_or_empty(getattr(provenance, "date", "")),
                confidence=_text_or_empty(getattr(provenance, "confidence", "")),
                note=_text_or_empty(getattr(provenance, "note", "")),
            )
        return self

    def _claim(self, name: str) -> str:
        if name in self._names:
            raise InputError(f"the report already has a file named {name!r}")
        self._names.add(name)
        return name

    # -- rendering -----------------------------------------------------------------
    def _figures(self) -> list[_Figure]:
        return [block for kind, block in self._blocks if kind == "figure"]

    def _layout(self) -> tuple[_Figure | None, list[tuple[str, object]]]:
        """The lead figure and the other blocks in reading order (see the class notes)."""
        figures = self._figures()
        lead = next((f for f in figures if f.name == self._lead), figures[0] if figures
                    else None)
        blocks, section, long_tables = [], [], []
        for kind, block in self._blocks:
            if kind == "heading":
                blocks += section + long_tables
                section, long_tables = [], []
            if block is lead:
                continue
            if kind == "table" and len(block.rows) > LONG_TABLE_ROWS:
                long_tables.append((kind, block))
            else:
                section.append((kind, block))
        return lead, blocks + section + long_tables

    def _input_rows(self) -> tuple[list[str], list[list]]:
        # Date, confidence and note ride along with the source, "... (2023, high). note",
        # so that the table keeps to four columns and reads without scrolling sideways.
        # A citation repeated on the next row (every field of one catalog entry, often)
        # is printed once: the long sources made half of a reference report's length.
        rows, previous = [], None
        for row in self._inputs:
            extra = ", ".join(part for part in (row["date"], row["confidence"]) if part)
            source = f"{row['source']} ({extra})" if extra and row["source"] else (
                row["source"] or extra)
            source, previous = (SAME_SOURCE if source and source == previous else source,
                                source)
            if row["note"]:
                source = f"{source}. {row['note']}" if source else row["note"]
            rows.append({"input": row["input"], "value": row["value"], "unit": row["unit"],
                         "source": source})
        columns = ["input", "value", "unit", "source"]
        # Drop columns no input fills, so a table of hand-entered inputs stays narrow.
        used = [c for c in columns if c in ("input", "value") or any(r[c] for r in rows)]
        return used, [[row[c] for c in used] for row in rows]

    def to_html(self, *, embed_images: bool = False, generated: str = "") -> str:
        """The report as one HTML document (figures linked as relative PNGs or embedded)."""
        out = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="thermaldesign {escape(__version__)}">',
            f"<title>{escape(self.title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{escape(self.title)}</h1>",
        ]
        if self.subtitle:
            out.append(f'<p class="subtitle">{escape(self.subtitle)}</p>')
        lead, blocks = self._layout()
        if self._summary or self._key_numbers:
            out.append("<h2>Summary</h2>")
            out.extend(f"<p>{escape(text)}</p>" for text in self._summary)
        opening = [("table", self._key_numbers)] if self._key_numbers else []
        opening += [("figure", lead)] if lead else []
        for kind, block in opening + blocks:
            out.extend(_block_html(kind, block, embed_images))
        if self._data:
            out.append("<h2>Data files</h2><ul>")
            for data in self._data:
                text = f" — {escape(data.description)}" if data.description else ""
                out.append(
                    f'<li><a href="{escape(data.name)}"><code>{escape(data.name)}</code></a>'
                    f"{text}</li>"
                )
            out.append("</ul>")
        if self._inputs:
            columns, rows = self._input_rows()
            out.append("<h2>Inputs and sources</h2>")
            if self._inputs_intro:
                out.append(f"<p>{escape(self._inputs_intro)}</p>")
            out.append(table_html(rows, columns))
        out.append(
            f'<footer class="meta">Generated by thermaldesign {escape(__version__)}'
            + (f" on {escape(generated)}" if generated else "")
            + ". SI units unless a column says otherwise.</footer>"
        )
        out += ["</main>", "</body>", "</html>", ""]
        return "\n".join(out)

    def to_markdown(self, *, generated: str = "") -> str:
        """The report as Markdown (``summary.md``), figures linked as relative PNGs."""
        out = [f"# {self.title}", ""]
        if self.subtitle:
            out += [f"*{self.subtitle}*", ""]
        lead, blocks = self._layout()
        if self._summary or self._key_numbers:
            out += ["## Summary", ""]
            for text in self._summary:
                out += [text, ""]
        opening = [("table", self._key_numbers)] if self._key_numbers else []
        opening += [("figure", lead)] if lead else []
        for kind, block in opening + blocks:
            out += _block_markdown(kind, block)
        if self._data:
            out += ["## Data files", ""]
            for data in self._data:
                text = f" — {data.description}" if data.description else ""
                out.append(f"- [`{data.name}`]({data.name}){text}")
            out.append("")
        if self._inputs:
            columns, rows = self._input_rows()
            out += ["## Inputs and sources", ""]
            if self._inputs_intro:
                out += [self._inputs_intro, ""]
            out += [table_markdown(rows, columns), ""]
        out += [
            f"*Generated by thermaldesign {__version__}"
            + (f" on {generated}" if generated else "")
            + ". SI units unless a column says otherwise.*",
            "",
        ]
        return "\n".join(out)

    def _write_into(self, folder: Path, embed_images: bool) -> None:
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        root = folder.resolve()

        def inside(name: str) -> Path:
            path = (root / name).resolve()
            if not path.is_relative_to(root):  # defence in depth behind _check_file_name
                raise InputError(f"file name {name!r} leaves the report folder")
            return path

        _write_file(inside(MARKER_FILE), f"thermaldesign {__version__} report\n")
        for figure in self._figures():
            _write_file(inside(figure.name), figure.png)
        for data in self._data:
            _write_file(inside(data.name), data.content)
        _write_file(inside("summary.md"), self.to_markdown(generated=generated))
        _write_file(
            inside("index.html"), self.to_html(embed_images=embed_images, generated=generated)
        )

    def write(self, folder, *, embed_images: bool = False) -> Path:
        """Write the report folder atomically and return its path.

        Parameters
        ----------
        folder : str or os.PathLike
            Target folder. If it exists it must be empty or an earlier report (it holds
            the marker file); it is then replaced as a whole.
        embed_images : bool
            Embed the figures in ``index.html`` as base64 (one file to e-mail) instead
            of linking the PNGs; the PNGs are written either way.

        Returns
        -------
        pathlib.Path
            The absolute path of the report folder.

        Raises
        ------
        InputError
            If ``folder`` is a file, or a non-empty folder that is not a report (it is
            never deleted).
        """
        target = check_folder(folder)
        parent = target.parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
        try:
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a report is for reading
            self._write_into(staging, embed_images)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = None
        if target.exists():
            old = parent / f".{target.name}.old-{uuid.uuid4().hex[:12]}"
            os.rename(target, old)
        try:
            os.rename(staging, target)
        except BaseException:
            if old is not None:
                os.rename(old, target)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target
