"""Tables as HTML and Markdown, shared by reports and notebook ``_repr_html_`` methods.

One place decides how a number is printed and how text is escaped, so a design shown in
Jupyter, in ``index.html`` and in ``summary.md`` reads the same.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["escape", "format_value", "normalize_table", "table_html", "table_markdown"]

# Significant digits shown for floats: four is what a design review reads off a table.
_SIGNIFICANT_DIGITS = 4


def escape(text) -> str:
    """HTML-escape ``str(text)``, quotes included."""
    return html.escape(str(text), quote=True)


def format_value(value) -> str:
    """Format one table cell: floats with four significant digits and thousands separators.

    Magnitudes between 1e-3 and 1e9 print in positional notation (``1,234,567``,
    ``0.01234``), others in scientific notation (``5.67e-08``); integers print in full,
    booleans as ``yes``/``no``, sequences as comma-separated values.
    """
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not math.isfinite(value):
            return str(value)
        if value == 0.0:
            return "0"
        magnitude = abs(value)
        if 1e-3 <= magnitude < 1e9:
            decimals = max(0, _SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(magnitude)))
            text = f"{value:,.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text
        return f"{value:.{_SIGNIFICANT_DIGITS - 1}e}"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return format_value(value.item())
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(item) for item in value)
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _flatten(mapping: Mapping, prefix: str = "") -> list[tuple[str, object]]:
    """Nested mapping -> (dotted key, leaf value) pairs, in order."""
    pairs: list[tuple[str, object]] = []
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            pairs.extend(_flatten(value, f"{name}."))
        else:
            pairs.append((name, value))
    return pairs


def _as_plain(data):
    """An object with ``to_dict()`` or a dataclass instance as a dict; anything else as is."""
    if hasattr(data, "to_dict") and callable(data.to_dict):
        return data.to_dict()
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return dataclasses.asdict(data)
    return data


def _is_sequence(value) -> bool:
    """A list-like of cells or rows (text is not: it would split into characters)."""
    return not isinstance(value, (str, bytes)) and isinstance(value, Sequence | np.ndarray)


def _dict_rows(rows: list, columns: Sequence[str] | None):
    """Rows given as dicts: columns are ``columns``, or the keys in first-seen order."""
    if columns is not None:
        names = list(columns)
    else:
        names = list(dict.fromkeys(key for row in rows for key in row))
    return [str(name) for name in names], [[row.get(name) for name in names] for row in rows]


def _sequence_rows(rows: list, columns: Sequence[str] | None):
    """Rows given as sequences, one cell per column of ``columns``."""
    if columns is None:
        raise ValueError("a table given as a list of sequences needs its column names")
    names = [str(name) for name in columns]
    table = []
    for index, row in enumerate(rows):
        if not _is_sequence(row):
            raise ValueError(f"table row {index} is not a sequence: {row!r}")
        row = list(row)
        if len(row) != len(names):
            raise ValueError(
                f"table row {index} has {len(row)} cells but there are {len(names)} columns"
            )
        table.append(row)
    return names, table


def normalize_table(data, columns: Sequence[str] | None = None):
    """Turn table-like data into ``(columns, rows)`` with rows as lists of raw values.

    Accepted forms:

    - a list of dicts: columns are the union of the keys in first-seen order;
    - a list of sequences: ``columns`` names them (required);
    - a mapping, a dataclass, or any object with ``to_dict()``: a two-column
      ``quantity``/``value`` table, nested mappings flattened to dotted names.

    Raises
    ------
    ValueError
        If the rows do not match the columns.
    """
    data = _as_plain(data)
    if isinstance(data, Mapping):
        return ["quantity", "value"], [[key, value] for key, value in _flatten(data)]
    if not _is_sequence(data):
        raise ValueError(
            "a table must be a list of rows, a list of dicts or a mapping; "
            f"got {type(data).__name__}"
        )
    rows = list(data)
    if rows and all(isinstance(row, Mapping) for row in rows):
        return _dict_rows(rows, columns)
    return _sequence_rows(rows, columns)


def table_html(data, columns: Sequence[str] | None = None, *, caption: str | None = None) -> str:
    """Render table-like data (see :func:`normalize_table`) as an escaped HTML table.

    Numeric cells carry ``class="num"`` so that a stylesheet can right-align them. The
    table is wrapped in ``<div class="table-wrap">`` so that wide tables scroll instead of
    overflowing the page (the wrapper sets ``overflow-x: auto`` inline, so the table reads
    well in Jupyter too).
    """
    names, rows = normalize_table(data, columns)
    parts = ['<div class="table-wrap" style="overflow-x:auto;max-width:100%">', "<table>"]
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{escape(name)}</th>" for name in names))
    parts.append("</tr></thead><tbody>")
    for row in rows:
        cells = []
        for value in row:
            css = ' class="num"' if _is_number(value) else ""
            cells.append(f"<td{css}>{escape(format_value(value))}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def _markdown_cell(text: str) -> str:
    # A pipe ends a cell and a newline ends a row: escape the one, fold the other.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table_markdown(data, columns: Sequence[str] | None = None) -> str:
    """Render table-like data (see :func:`normalize_table`) as a GitHub Markdown table."""
    names, rows = normalize_table(data, columns)
    align = ["---:" if rows and all(_is_number(row[i]) for row in rows) else "---"
             for i in range(len(names))]
    lines = [
        "| " + " | ".join(_markdown_cell(name) for name in names) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_markdown_cell(format_value(v)) for v in row) + " |")
    return "\n".join(lines)
