"""Helpers shared by several test modules (imported as ``_helpers``: pytest puts tests/ on
``sys.path``). Fixtures shared by the whole suite are in conftest.py."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

#: The line edits the file-mutation fuzzers draw from (test_hardening_catalog for the
#: catalog's TOML files, test_hardening_studyfile for study files).
LINE_MUTATIONS = ("delete", "duplicate", "cut", "junk", "swap", "value")


def mutate_line(draw, lines: list[str], index: int, operation: str, junk: list[str]) -> None:
    """Apply one of :data:`LINE_MUTATIONS` to ``lines[index]`` (in place), the kind of
    damage a hand edit does: a deleted, doubled, cut or swapped line, junk typed into a
    line, or the value after ``=`` replaced by one of ``junk``."""
    if operation == "delete":
        del lines[index]
    elif operation == "duplicate":
        lines.insert(index, lines[index])
    elif operation == "cut":
        lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
    elif operation == "junk":
        position = draw(st.integers(0, len(lines[index])))
        text = draw(st.sampled_from(junk) | st.text(max_size=4))
        lines[index] = lines[index][:position] + text + lines[index][position:]
    elif operation == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif operation == "value":  # numbers, units, dates, provenance
        head, sep, _ = lines[index].partition("=")
        if sep:
            lines[index] = head + "= " + draw(st.sampled_from(junk))
    else:
        raise ValueError(f"operation {operation!r} is not one of {LINE_MUTATIONS}")


def floats_between(**ranges) -> dict:
    """Hypothesis strategies by argument name: ``name=(low, high)`` draws floats in
    ``[low, high]``, for ``@given(**floats_between(...))``."""
    return {name: st.floats(low, high) for name, (low, high) in ranges.items()}


def write_count_line(request, text):
    """Print one line on the terminal, past pytest's output capture."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - plugins disabled
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(text)


def count_report(module: str, counts: dict):
    """An autouse module fixture that prints ``module: N name, ...`` from ``counts`` when
    the module is done: how many hostile inputs its fuzzers tried."""

    @pytest.fixture(scope="module", autouse=True)
    def _report_counts(request):
        yield
        write_count_line(request, f"{module}: " + ", ".join(
            f"{value} {name}" for name, value in counts.items()))

    return _report_counts
