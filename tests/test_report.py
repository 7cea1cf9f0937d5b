"""Report folders: content, escaping, path safety and atomic replacement."""

import csv
import dataclasses
import json
import math
import re
from collections import namedtuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import thermaldesign as td
from thermaldesign._html import format_value, normalize_table, table_html, table_markdown
from thermaldesign.report import LONG_TABLE_ROWS, MARKER_FILE, SAME_SOURCE, Report


def _figure():
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 4, 9])
    ax.set_xlabel("Time [s]")
    return fig, ax


def _full_report(title="Radiator trade"):
    report = Report(title, subtitle="How much radiator does a GPU need?")
    report.add_summary("A 1 MW load needs 2,419 m^2 of one-sided radiator at 300 K.")
    report.add_section("Radiator")
    report.add_paragraph("Area follows from Stefan-Boltzmann.")
    report.add_table(
        [
            {"temperature": 300.0, "area_per_mw": 2419.0},
            {"temperature": 350.0, "area_per_mw": 1306},
        ],
        title="Area per MW",
        note="temperature [K], area [m^2/MW]",
    )
    report.add_figure(_figure(), "area.png", caption="Area per MW vs temperature")
    report.add_data("area.csv", {"temperature": np.array([300.0, 350.0]), "area": [2419.0, 1306.0]})
    report.add_data("result.json", {"area": np.array([2419.0, math.nan]), "count": np.int64(3)})
    report.add_input("emissivity", 0.9, unit="-", source="R-2, published_cases.md")
    report.describe_inputs("Inputs with their sources.")
    return report


def test_write_produces_all_files(tmp_path):
    folder = _full_report().write(tmp_path / "out")
    names = {p.name for p in folder.iterdir()}
    assert names == {"index.html", "summary.md", "area.png", "area.csv", "result.json", MARKER_FILE}
    assert (folder / "area.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (folder / "index.html").read_text()
    for text in ("Radiator trade", "Summary", "2,419", "Area per MW", 'src="area.png"',
                 "Inputs and sources", "Inputs with their sources.", "R-2, published_cases.md",
                 "<style>"):
        assert text in page
    markdown = (folder / "summary.md").read_text()
    assert "# Radiator trade" in markdown and "![Area per MW vs temperature](area.png)" in markdown
    assert "| temperature | area_per_mw |" in markdown
    # No leftover staging or old folders next to the report.
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_data_files_round_trip(tmp_path):
    folder = _full_report().write(tmp_path / "out")
    with open(folder / "area.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [float(r["area"]) for r in rows] == [2419.0, 1306.0]
    assert float(rows[0]["temperature"]) == 300.0
    data = json.loads((folder / "result.json").read_text())
    # Strict JSON has no NaN: a failed point is written as null.
    assert data == {"area": [2419.0, None], "count": 3}


def test_embedded_images_are_base64(tmp_path):
    folder = _full_report().write(tmp_path / "out", embed_images=True)
    page = (folder / "index.html").read_text()
    assert 'src="data:image/png;base64,' in page
    assert (folder / "area.png").exists()


def test_all_text_is_escaped(tmp_path):
    evil = '<script>alert("x")</script> & "quotes"'
    report = Report(evil, subtitle=evil)
    report.add_summary(evil)
    report.add_section(evil)
    report.add_table([{evil: evil}], title=evil, note=evil)
    report.add_figure(_figure(), "f.png", caption=evil)
    report.add_input(evil, evil, source=evil)
    page = report.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in page


@pytest.mark.parametrize(
    "name", ["../escape.png", "/abs.png", "a/../../b.png", "..", "a\\b.png", "C:x.png", "./a.png",
             "index.html", "x y.png", "", "a//b.png"]
)
def test_paths_must_stay_inside(name):
    report = Report("t")
    with pytest.raises(td.InputError, match="name"):
        report.add_figure(_figure(), name, caption="c")


def test_subfolders_and_wrong_suffix():
    report = Report("t")
    report.add_figure(_figure(), "figures/a.png", caption="c")
    with pytest.raises(td.InputError, match="must end with one of .csv, .json"):
        report.add_data("data.txt", [1])
    with pytest.raises(td.InputError, match="already has a file named 'figures/a.png'"):
        report.add_figure(_figure(), "figures/a.png", caption="c")


def test_subfolder_written(tmp_path):
    report = Report("t")
    report.add_figure(_figure(), "figures/a.png", caption="c")
    folder = report.write(tmp_path / "r")
    assert (folder / "figures" / "a.png").exists()
    assert 'src="figures/a.png"' in (folder / "index.html").read_text()


def test_rewrite_replaces_previous_report(tmp_path):
    first = Report("first")
    first.add_data("old.csv", [{"a": 1}])
    first.write(tmp_path / "r")
    second = Report("second")
    folder = second.write(tmp_path / "r")
    assert not (folder / "old.csv").exists()
    assert "second" in (folder / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


@pytest.mark.parametrize("exception", [RuntimeError, KeyboardInterrupt])
def test_interrupted_write_leaves_previous_report_intact(tmp_path, monkeypatch, exception):
    _full_report("previous").write(tmp_path / "r")
    before = {p.name: p.read_bytes() for p in (tmp_path / "r").iterdir()}

    real_write = td.report._write_file
    calls = []

    def failing_write(path, content):
        calls.append(path)
        if len(calls) == 3:  # midway: after the marker and the figure
            raise exception("interrupted")
        real_write(path, content)

    monkeypatch.setattr(td.report, "_write_file", failing_write)
    with pytest.raises(exception, match="interrupted"):
        _full_report("next").write(tmp_path / "r")
    after = {p.name: p.read_bytes() for p in (tmp_path / "r").iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]  # staging cleaned up


def test_failed_swap_restores_previous(tmp_path, monkeypatch):
    Report("previous").write(tmp_path / "r")
    real_rename = td.report.os.rename

    def rename(source, destination):
        if ".new-" in str(source):
            raise OSError("disk full")
        real_rename(source, destination)

    monkeypatch.setattr(td.report.os, "rename", rename)
    with pytest.raises(OSError, match="disk full"):
        Report("next").write(tmp_path / "r")
    assert "previous" in (tmp_path / "r" / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_refuses_to_replace_foreign_folder_or_file(tmp_path):
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    with pytest.raises(td.InputError, match="not a thermaldesign report"):
        Report("t").write(foreign)
    assert (foreign / "thesis.tex").read_text() == "precious"
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(td.InputError, match="not a folder"):
        Report("t").write(afile)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (Report("t").write(empty) / "index.html").exists()


def test_input_errors():
    report = Report("t")
    with pytest.raises(td.InputError, match="title must be text"):
        Report(3)
    with pytest.raises(td.InputError, match="needs its column names"):
        report.add_table([[1, 2]])
    with pytest.raises(td.InputError, match="row 1 has 1 cells but there are 2 columns"):
        report.add_table([[1, 2], [3]], columns=["a", "b"])
    with pytest.raises(td.InputError, match="matplotlib Figure"):
        report.add_figure("not a figure", "a.png", caption="c")
    with pytest.raises(td.InputError, match=r"dpi = 10 is outside the valid range \[50, 600\]"):
        report.add_figure(_figure(), "a.png", caption="c", dpi=10)
    with pytest.raises(td.InputError, match="equal length"):
        report.add_data("a.csv", {"a": [1, 2], "b": [1]})
    with pytest.raises(td.InputError, match="cannot write a object to JSON"):
        report.add_data("a.json", {"a": object()})
    with pytest.raises(td.InputError, match="folder must be a path"):
        report.write(None)


def test_tables_from_result_objects():
    @dataclasses.dataclass(frozen=True)
    class Design:
        gpu_count: int
        radiator_area: float
        mass_breakdown: dict

        def to_dict(self):
            return dataclasses.asdict(self)

    design = Design(64, 123.456, {"radiator": 500.0, "solar_array": 250.5})
    page = table_html(design)
    assert "<td>mass_breakdown.radiator</td>" in page
    assert '<td class="num">123.5</td>' in page
    assert '<td class="num">64</td>' in page
    markdown = table_markdown(design)
    assert "| mass_breakdown.solar_array | 250.5 |" in markdown
    Row = namedtuple("Row", "a b")
    assert "<th>a</th>" in table_html([Row(1, "x|y")], ["a", "b"])
    assert "x\\|y" in table_markdown([Row(1, "x|y")], ["a", "b"])


def test_catalog_entry_inputs():
    Provenance = namedtuple("Provenance", "source date confidence note")

    @dataclasses.dataclass(frozen=True)
    class Coating:
        key: str
        emissivity_eol: float
        name: str = "white paint"

        def provenance(self, field):
            return Provenance(f"Gilmore Table A.3 ({field})", "2002", "high", "")

    report = Report("t").add_catalog_entry(Coating("az93", 0.91))
    page = report.to_html()
    assert "az93.emissivity_eol" in page
    # Date and confidence are printed with the source.
    assert "Gilmore Table A.3 (emissivity_eol) (2002, high)" in page
    with pytest.raises(td.InputError, match="'absorptivity' is not a field of Coating"):
        report.add_catalog_entry(Coating("az93", 0.91), fields=["absorptivity"])
    with pytest.raises(td.InputError, match="catalog entry with provenance"):
        report.add_catalog_entry({"a": 1})


def test_catalog_fields_without_a_note_print_no_none():
    # The catalog's Provenance.note is optional (None): a field without one must show its
    # source alone, not "source (date, confidence). None" (issue 17, the sources table).
    entry = td.catalog.get("coatings", "z93c55")
    assert entry.provenance("emissivity_bol").note is None  # the case under test
    report = Report("t").add_catalog_entry(entry)
    page, markdown = report.to_html(), report.to_markdown()
    assert "None" not in page and "None" not in markdown
    source = entry.provenance("emissivity_bol")
    assert f"{source.source} ({source.date}, {source.confidence})</td>" in page
    report.add_input("x", 1.0, source=None, date=None, note=None)
    assert "None" not in report.to_markdown()


def test_a_source_repeated_on_the_next_row_is_printed_once():
    entry = td.catalog.get("coatings", "z93c55")
    # The data sheet backs emissivity_bol, emissivity_eol and eol_years (catalog), an
    # estimate the absorptivity_eol between them.
    sheet = entry.provenance("emissivity_bol")
    assert entry.provenance("emissivity_eol")[:3] == entry.provenance("eol_years")[:3] \
        == sheet[:3] != entry.provenance("absorptivity_eol")[:3]
    columns, rows = Report("t").add_catalog_entry(entry)._input_rows()
    sources = {row[0]: row[columns.index("source")] for row in rows}
    assert sources["z93c55.emissivity_bol"].startswith(sheet.source)
    assert sources["z93c55.emissivity_eol"].startswith(SAME_SOURCE)
    assert sources["z93c55.eol_years"].startswith(SAME_SOURCE)
    assert sources["z93c55.absorptivity_bol"].startswith(sheet.source)  # the first row


def _rows(count):
    return [[f"q{i}", float(i), "kg"] for i in range(count)]


_LAYOUT = re.compile(r"^## .*|^\*\*[^*]+\*\*|!\[[^\]]*\]\(([^)]+)\)", re.M)


def _layout(markdown: str) -> list[str]:
    """Headings, table captions and figure files of a Markdown report, in order."""
    return [match.group(1) or match.group(0) for match in _LAYOUT.finditer(markdown)]


def test_report_opens_with_key_numbers_and_one_figure_long_tables_below():
    report = Report("t").add_summary("Headline.")
    report.add_key_numbers([("mass", 3000.0, "kg"), ("compute", 3.5e16, "FLOP/s")])
    report.add_section("Design")
    report.add_table(_rows(LONG_TABLE_ROWS + 1), columns=["q", "v", "u"], title="Long")
    report.add_table(_rows(LONG_TABLE_ROWS), columns=["q", "v", "u"], title="Short")
    report.add_figure(_figure(), "a.png", caption="first")
    report.add_figure(_figure(), "b.png", caption="second")
    report.add_section("Fleet")
    report.add_figure(_figure(), "c.png", caption="third")
    # Without a lead marked, the first figure leads; the long table follows the figures
    # of its own section, not of the next one.
    assert _layout(report.to_markdown()) == [
        "## Summary", "**Key numbers**", "a.png", "## Design", "**Short**", "b.png",
        "**Long**", "## Fleet", "c.png"]
    report.lead_with("c.png")
    assert _layout(report.to_markdown()) == [
        "## Summary", "**Key numbers**", "c.png", "## Design", "**Short**", "a.png",
        "b.png", "**Long**", "## Fleet"]
    page = report.to_html()
    assert page.index("Key numbers") < page.index('src="c.png"') < page.index("Design")
    with pytest.raises(td.InputError, match="no figure named 'd.png'; figures: a.png"):
        report.lead_with("d.png")
    with pytest.raises(td.InputError, match="key numbers"):
        report.add_key_numbers([("mass", 1.0)])


def test_lead_figure_marked_when_added():
    report = Report("t").add_summary("s")
    report.add_section("A").add_figure(_figure(), "a.png", caption="a")
    report.add_figure(_figure(), "b.png", caption="b", lead=True)
    assert _layout(report.to_markdown()) == ["## Summary", "b.png", "## A", "a.png"]
    # Every figure is written once, in or out of the lead.
    assert report.to_html().count("<figure>") == 2


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567.0, "1,234,567"),
        (0.012345, "0.01235"),
        (5.670374419e-8, "5.670e-08"),
        (2.5e12, "2.500e+12"),
        (300.0, "300"),
        (0.0, "0"),
        (True, "yes"),
        (np.int64(1200), "1,200"),
        (np.array(2.0), "2"),
        ([1.0, 2.5], "1, 2.5"),
        (None, ""),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_format_value_keeps_four_significant_digits(value):
    # Oracle: parsing the text back gives the value to four significant digits.
    text = format_value(value).replace(",", "")
    assert math.isclose(float(text), value, rel_tol=5e-4, abs_tol=1e-300)


def test_normalize_table_forms():
    # Each accepted form against the table written out by hand.
    assert normalize_table([{"a": 1}, {"b": 2, "a": 3}]) == (["a", "b"], [[1, None], [3, 2]])
    assert normalize_table([{"a": 1, "b": 2}], ["b"]) == (["b"], [[2]])
    assert normalize_table([(1, 2)], ["x", "y"]) == (["x", "y"], [[1, 2]])
    assert normalize_table({"m": {"n": 1}, "k": "v"}) == (
        ["quantity", "value"], [["m.n", 1], ["k", "v"]])
    assert normalize_table(td.SatelliteSpec())[1][0][0] == "accelerator"
    with pytest.raises(ValueError, match="row 0 is not a sequence"):
        normalize_table(["ab"], ["x"])
    with pytest.raises(ValueError, match="got str"):
        normalize_table("ab")
