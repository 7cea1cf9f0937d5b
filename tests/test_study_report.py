"""The study-file report, section by section (thermaldesign.study_report).

Oracles: the library calls each section wraps (a design's own breakdowns, plan_fleet at
the same inputs, the sweep's own result), and the closed forms the headline prints.
"""

import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas  # noqa: E402
import pytest  # noqa: E402

import thermaldesign as td  # noqa: E402
from thermaldesign import study_report, studyfile  # noqa: E402
from thermaldesign._html import format_value  # noqa: E402
from thermaldesign.report import Report  # noqa: E402


@pytest.fixture(scope="module")
def design():
    return td.size_satellite(td.SatelliteSpec())


def _figures(report: Report) -> list[str]:
    """File names of the figures of a report, in order."""
    return re.findall(r"!\[[^\n]*\]\(([^)]+\.png)\)", report.to_markdown())


def test_headline_states_the_design_numbers(design):
    text = study_report.headline(design)
    assert f"{design.gpu_count:,.0f} accelerators" in text
    # Specific power and Celsius computed here from the design's SI fields.
    assert f"({design.it_power / design.total_mass:,.1f} W/kg)" in text
    assert f"({design.radiator_temperature - 273.15:,.1f} °C)" in text
    assert ", ".join(design.binding_constraints) in text


def test_design_section_tables_and_breakdown_figures(design):
    report = Report("t")
    study_report.add_design_section(report, design)
    text = report.to_markdown()
    assert "## Satellite design" in text and "**Mass and cost breakdown**" in text
    # The breakdown rows live in their own table and figures, not in the design table.
    design_table = text.split("**Design (SI units)**")[1].split("**Mass and cost")[0]
    assert "sensitivity:" not in design_table and "radiator_area" in design_table
    assert _figures(report) == ["mass-breakdown.png", "power-breakdown.png",
                                "heat-breakdown.png"]


def test_tornado_only_when_the_design_has_sensitivities(design):
    report = Report("t")
    study_report.add_tornado(report, SimpleNamespace(sensitivities={}))
    assert _figures(report) == []
    study_report.add_tornado(report, design, inputs=2)
    assert _figures(report) == ["tornado.png"]
    assert "Change in compute [%]" not in report.to_markdown()  # the label is on the PNG
    assert "ten most sensitive inputs" in report.to_markdown()


def test_radiator_area_and_pareto_figures():
    spec = td.SatelliteSpec()
    report = Report("t")
    study_report.add_radiator_area(report, spec, small=True)
    study_report.add_pareto_fronts(report, spec, small=True)
    assert _figures(report) == ["radiator-area.png", "pareto-compute-mass.png",
                                "pareto-cost-temperature.png"]


def test_cost_contour_skipped_when_no_point_closes(monkeypatch):
    report = Report("t")
    monkeypatch.setattr(study_report, "cost_per_compute_grid",
                        lambda spec, prices, densities, progress: np.full((3, 3), np.nan))
    study_report.add_cost_contour(report, td.SatelliteSpec(), small=True)
    assert _figures(report) == []
    monkeypatch.setattr(study_report, "cost_per_compute_grid",
                        lambda spec, prices, densities, progress: np.outer(densities, prices))
    study_report.add_cost_contour(report, td.SatelliteSpec(), small=True)
    assert _figures(report) == ["cost-contour.png"]


def test_fleet_rows_units_and_breakdowns():
    plan = SimpleNamespace(vehicle="starship", years=10, satellite_count=12,
                           break_even_launch_price=None, capex_breakdown={"launch": 5.0},
                           opex_breakdown={}, terrestrial_breakdown={"energy_cost": 2.0})
    rows = study_report.fleet_rows(plan)
    assert rows[:2] == [["vehicle", "starship", ""], ["horizon", 10, "yr"]]
    assert ["satellite count", 12, "-"] in rows
    assert ["break even launch price", "none", "USD/kg"] in rows
    assert rows[-2:] == [["capex: launch", 5.0, "USD"], ["terrestrial: energy cost", 2.0, "USD"]]


def test_fleet_section_agrees_with_plan_fleet(design):
    report = Report("t")
    keywords = {"vehicle": "starship", "years": 10}
    outcome = study_report.add_fleet_section(report, design, keywords, None, small=True)
    # Oracle: the plan of the same design, carrying the design's IT power by default.
    plan = td.plan_fleet(design, target_it_power=design.it_power, **keywords)
    assert outcome["satellite_count"] == plan.satellite_count
    assert outcome["cost_per_gpu_hour"] == pytest.approx(plan.cost_per_gpu_hour, rel=1e-12)
    assert keywords == {"vehicle": "starship", "years": 10}  # the caller's dict is kept
    assert _figures(report) == ["fleet-timeline.png", "cost-vs-launch-price.png"]
    assert "(fleet.json)" in report.to_markdown()


def test_cost_curve_points_are_fleet_plans(design):
    economics = td.Economics()
    keywords = {"target_it_power": 1e8}
    prices, costs = study_report.cost_curve(design, keywords, economics, 3)
    np.testing.assert_allclose(prices, [20.0, 632.455532, 20_000.0], rtol=1e-6)
    plan = td.plan_fleet(design, economics=economics.replace(launch_price_per_kg=20_000.0),
                         **keywords)
    assert costs[-1] == pytest.approx(plan.cost_per_gpu_hour, rel=1e-12)
    assert costs[0] < costs[1] < costs[2]  # dearer launch, dearer compute


def test_sweep_section_and_columns(tmp_path):
    study = studyfile.parse_study("[sweep]\n[sweep.fields]\nmass_limit = [2000, 3000]\n")
    report = Report("t")
    outcome = study_report.add_sweep_section(report, study.sweep, study.spec, progress=False)
    assert outcome == {"points": 2, "failures": {}}
    text = report.to_markdown()
    assert "grid sweep of 2 points over mass_limit" in text
    # The swept field's figure, and the points themselves rather than a mean over a grid.
    assert _figures(report) == ["sweep-mass_limit.png"]
    assert "| mean |" not in text and "Every point of the sweep" in text
    assert "| mass_limit [kg] | compute [FLOP/s] |" in text
    # The data file reads with a bare pandas.read_csv, counts as integers.
    folder = report.write(tmp_path / "report")
    frame = pandas.read_csv(folder / "sweep.csv")
    assert list(frame["mass_limit"]) == [2000.0, 3000.0]
    assert frame["gpu_count"].dtype.kind == "i" and list(frame["status"]) == ["ok", "ok"]


def test_inputs_name_the_study_file_for_the_fields_it_sets():
    study = studyfile.parse_study("[spec]\nmass_limit = 2500\n", file="trade.toml")
    report = Report("t")
    study_report.add_inputs(report, study)
    text = report.to_markdown()
    assert re.search(r"spec\.mass_limit \| 2,?500 \|.*study file trade\.toml", text), text
    assert re.search(r"spec\.altitude \|.*\| " + re.escape(study.spec.source("altitude")),
                     text)


def test_run_study_with_a_sweep_writes_its_data(tmp_path):
    study = studyfile.parse_study(
        "[study]\ntitle = 'Mass trade'\n[spec]\nmass_limit = 2500\n"
        "[sweep]\n[sweep.fields]\nmass_limit = [2000, 3000]\n", file="trade.toml")
    outcome = study_report.run_study(study, tmp_path / "report", small=True, progress=False)
    folder = tmp_path / "report"
    assert outcome["report"] == str(folder) and outcome["sweep"]["points"] == 2
    rows = (folder / "sweep.csv").read_text().splitlines()
    assert rows[0].startswith("mass_limit,") and len(rows) == 3
    assert "fleet" not in outcome and not (folder / "fleet.json").exists()
    page = (folder / "index.html").read_text()
    assert "Mass trade" in page and "study file trade.toml" in page  # input source




# ------------------------------------------------ what each kind of study draws


def _table(markdown: str, title: str) -> list[list[str]]:
    """Body rows of the Markdown table captioned ``title`` (cells stripped)."""
    block = markdown.split(f"**{title}**")[1].strip().split("\n\n")[0].splitlines()
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in block[2:]]


def test_key_numbers_of_a_design(design):
    rows = {quantity: (value, unit) for quantity, value, unit in
            study_report.key_numbers(design)}
    assert rows["accelerators"] == (design.gpu_count, "-")
    # Readable units derived here: 1 PFLOP/s = 1e15 FLOP/s, 1 kW = 1e3 W.
    assert rows["compute (dense BF16)"] == (pytest.approx(design.compute / 1e15), "PFLOP/s")
    assert rows["IT power"] == (pytest.approx(design.it_power / 1e3), "kW")
    assert rows["specific power"] == (pytest.approx(design.it_power / design.total_mass),
                                      "W/kg")


def test_two_field_grid_draws_contours():
    study = studyfile.parse_study(
        "[sweep]\nobjective = 'min_cost_per_compute'\n[sweep.fields]\n"
        "launch_price_per_kg = [3000, 100]\n'radiator.areal_density' = [5.0, 11.0]\n")
    report = Report("t").add_summary("s")
    study_report.add_sweep_section(report, study.sweep, study.spec, progress=False,
                                   lead=True)
    # The objective's output first, then compute (the two key outputs drawn as contours).
    assert _figures(report) == ["sweep-contour-cost_per_compute.png",
                                "sweep-contour-compute.png"]
    assert report.to_markdown().index("## Summary") < report.to_markdown().index(
        "sweep-contour-cost_per_compute.png") < report.to_markdown().index("## Sweep")


def test_latin_hypercube_draws_scatter_and_each_outputs_extremes(monkeypatch):
    study = studyfile.parse_study(
        "[sweep]\nmethod = 'latin_hypercube'\nsamples = 6\nseed = 2\n[sweep.fields]\n"
        "mass_limit = [2000, 4000]\nlaunch_price_per_kg = [100, 3600]\n")
    result = study.sweep.run(study.spec, progress=False)
    plan = SimpleNamespace(method="latin_hypercube", fields=study.sweep.fields,
                           objective="max_compute", run=lambda spec, progress=None: result)
    monkeypatch.setattr(study_report, "POINT_TABLE_LIMIT", 5)  # 6 points: the compact table
    report = Report("t")
    study_report.add_sweep_section(report, plan, study.spec)
    assert _figures(report) == ["sweep-scatter.png"]
    text = report.to_markdown()
    rows = {row[0]: row for row in _table(text, next(
        line.strip("*") for line in text.splitlines() if "smallest and largest" in line))}
    # Oracle: the extremes read off the result directly.
    compute = result.outputs["compute"]
    low, high = int(np.argmin(compute)), int(np.argmax(compute))
    assert rows["compute"][1] == "FLOP/s"
    assert rows["compute"][3] == (
        f"mass_limit = {format_value(result.inputs['mass_limit'][low])}, "
        f"launch_price_per_kg = {format_value(result.inputs['launch_price_per_kg'][low])}")
    assert float(rows["compute"][2].replace(",", "").replace("e+", "e")) == pytest.approx(
        compute[low], rel=1e-3)
    assert float(rows["compute"][4].replace(",", "").replace("e+", "e")) == pytest.approx(
        compute[high], rel=1e-3)
    assert "| mean |" not in text


@pytest.fixture(scope="module")
def front():
    return td.studytools.pareto_front(td.SatelliteSpec(), "total_mass", "compute", points=4,
                                      progress=False)


@pytest.fixture(scope="module")
def monte_carlo_result():
    return td.studytools.monte_carlo(
        td.SatelliteSpec(), {"mass_limit": td.studytools.Uniform(2500.0, 3500.0)},
        samples=6, seed=1, workers=1, progress=False)


def test_pareto_section(front):
    report = Report("t")
    outcome = study_report.add_pareto_section(report, front)
    assert outcome == {"points": len(front), "objective_x": "total_mass",
                       "objective_y": "compute"}
    assert _figures(report) == ["pareto-front.png"]
    rows = _table(report.to_markdown(), "The designs of the front (SI units)")
    assert len(rows) == len(front)
    # The table's first two columns are the front's own objectives, x ascending.
    np.testing.assert_allclose([float(r[0].replace(",", "")) for r in rows], front.x,
                               rtol=1e-3)
    assert "(pareto.csv)" in report.to_markdown()


def test_monte_carlo_section(monte_carlo_result):
    spec = td.SatelliteSpec()
    report = Report("t")
    outcome = study_report.add_monte_carlo_section(report, monte_carlo_result, spec=spec,
                                                   progress=False)
    assert _figures(report) == ["monte-carlo-histograms.png", "monte-carlo-tornado.png"]
    # Oracle: the result's own percentiles of the objective's output (compute).
    assert outcome["percentiles"] == monte_carlo_result.percentiles("compute",
                                                                    (5.0, 50.0, 95.0))
    text = report.to_markdown()
    assert "mean, spread and percentiles" in text and "| p95 |" in text
    assert "5th and 95th percentile of its samples" in text


def test_run_study_draws_what_the_study_asked(tmp_path, front, monte_carlo_result):
    spec = td.SatelliteSpec()
    base = SimpleNamespace(path=None, title="Asked", description="", objective="max_compute",
                           spec=spec, spec_values={}, fleet=None, economics=None, sweep=None)
    study_report.run_study(base, tmp_path / "size", small=True, progress=False)
    figures = re.findall(r'src="([^"]+\.png)"', (tmp_path / "size" / "index.html").read_text())
    # The base size study: breakdowns and the design's tornado, nothing unasked for.
    assert figures == ["mass-breakdown.png", "power-breakdown.png", "heat-breakdown.png",
                       "tornado.png"]
    asked = SimpleNamespace(
        **vars(base), pareto=SimpleNamespace(run=lambda spec, progress=None: front),
        monte_carlo=SimpleNamespace(run=lambda spec, progress=None: monte_carlo_result))
    outcome = study_report.run_study(asked, tmp_path / "asked", small=True, progress=False)
    page = (tmp_path / "asked" / "index.html").read_text()
    figures = re.findall(r'src="([^"]+\.png)"', page)
    # The last section asked for leads, right under the key numbers.
    assert figures[0] == "monte-carlo-histograms.png"
    assert set(figures) == {"mass-breakdown.png", "power-breakdown.png", "heat-breakdown.png",
                            "tornado.png", "pareto-front.png", "monte-carlo-histograms.png",
                            "monte-carlo-tornado.png"}
    assert page.index("Key numbers") < page.index('src="monte-carlo-histograms.png"') \
        < page.index("<h2>Satellite design</h2>")
    assert outcome["pareto"]["points"] == len(front)
    assert outcome["monte_carlo"]["samples"] == 6
    assert "None" not in page


def test_inputs_carry_the_spec_units():
    study = studyfile.parse_study("[spec]\nmass_limit = 2500\n")
    report = Report("t")
    study_report.add_inputs(report, study)
    text = report.to_markdown()
    # SI units of the spec (SatelliteSpec docstring): altitude m, mass limit kg, life yr.
    for name, unit in (("altitude", "m"), ("mass_limit", "kg"), ("lifetime_years", "yr")):
        assert re.search(rf"\| spec\.{name} \| [^|]+ \| {re.escape(unit)} \|", text), name
    spec = td.SatelliteSpec()
    assert spec.unit("gpu_granularity") == "-"
    assert spec.unit("orbit") == ""
    with pytest.raises(td.InputError, match="no field 'altitud'"):
        spec.unit("altitud")


def test_a_key_swept_with_a_number_draws_points_not_lines():
    # Two accelerators x two mass limits: mass_limit repeats per accelerator, so a line
    # through the points would zigzag between accelerators; the scatter shows them apart.
    study = studyfile.parse_study(
        "[sweep]\n[sweep.fields]\naccelerator = ['h100_sxm', 'b200']\n"
        "mass_limit = [2000, 3000]\n")
    report = Report("t")
    study_report.add_sweep_section(report, study.sweep, study.spec, progress=False)
    assert _figures(report) == ["sweep-scatter.png"]
    rows = _table(report.to_markdown(), next(
        line.strip("*") for line in report.to_markdown().splitlines()
        if "Every point" in line))
    assert [row[0] for row in rows] == ["h100_sxm", "h100_sxm", "b200", "b200"]
