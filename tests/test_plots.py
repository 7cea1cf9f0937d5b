"""Figures: smoke tests under Agg (labels with units, non-empty) and the numbers behind them."""

import math
import types

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib import _pylab_helpers  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import thermaldesign as td  # noqa: E402
from thermaldesign import plots  # noqa: E402
from thermaldesign.constants import DEEP_SPACE_TEMPERATURE, STEFAN_BOLTZMANN  # noqa: E402
from thermaldesign.report import Report  # noqa: E402

UNIT = r"\[[^\]]+\]$"


def _check_figure(fig, ax, tmp_path=None):
    """Common smoke checks: a Figure, labelled axes with units, visible content, a PNG."""
    import re

    assert isinstance(fig, Figure)
    assert re.search(UNIT, ax.get_xlabel()), ax.get_xlabel()
    assert ax.get_title(loc="left") or ax.get_title()
    content = len(ax.lines) + len(ax.patches) + len(ax.collections)
    assert content > 0
    fig.canvas.draw()
    # No window, no pyplot figure manager: safe under any backend.
    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0
    if tmp_path is not None:
        path = tmp_path / "figure.png"
        fig.savefig(path, dpi=60)
        assert path.stat().st_size > 5_000


def _y_labels(fig):
    import re

    axes = [a for ax in fig.axes for a in (ax, *ax.child_axes)]  # secondary axes are children
    labels = [a.get_ylabel() for a in axes if a.get_ylabel()]
    assert labels and all(re.search(UNIT, label) for label in labels), labels
    return labels


# ------------------------------------------------------------------- radiator area


def test_radiator_area_matches_closed_form():
    # Closed form for an edge-on two-sided panel at beta = 0, hot case (Gilmore: S = 1414,
    # albedo 0.35, OLR 261): each face sees the Earth at 90 deg tilt, F = 0.25789 (case
    # O-4, 550 km); the albedo falls as max(0, cos u), whose orbit mean is 1/pi.
    absorptivity, emissivity, view = 0.2, 0.9, 0.25789
    face = absorptivity * 0.35 * 1414.0 * view / math.pi + emissivity * 261.0 * view
    temperature = np.array([280.0, 300.0, 350.0, 400.0])
    expected = 1e6 / (
        2 * emissivity * STEFAN_BOLTZMANN * (temperature**4 - DEEP_SPACE_TEMPERATURE**4)
        - 2 * face
    )
    area = plots.radiator_area_per_megawatt(temperature, (absorptivity, emissivity), "inclined")
    # 1e-3: F is quoted to 5 digits and the orbit mean uses 360 midpoint samples.
    np.testing.assert_allclose(area, expected, rtol=1e-3)
    assert isinstance(plots.radiator_area_per_megawatt(300.0, "az93"), float)


def test_radiator_area_one_sided_zero_environment_limit_is_r2():
    # Case R-2: one face, eps = 0.9, 300 K rejects 413.4 W/m^2 -> 2419 m^2/MW with no
    # absorption. The environment only adds area, so the edge-on panel needs more, and
    # a two-sided panel needs a bit more than half of the one-sided area.
    one = plots.radiator_area_per_megawatt(300.0, (0.2, 0.9), "inclined", sides=1)
    two = plots.radiator_area_per_megawatt(300.0, (0.2, 0.9), "inclined", sides=2)
    assert one > 2419.0 and 2419.0 / 2 < two < one


def test_dawn_dusk_absorbs_less_albedo_than_beta_zero():
    # The dawn-dusk orbit's smallest |beta| (O-5: about 59 deg at 550 km) cuts albedo.
    assert plots.radiator_sink_flux("az93", "dawn-dusk") < plots.radiator_sink_flux("az93")


def test_radiator_area_below_equilibrium_is_infinite():
    area = plots.radiator_area_per_megawatt([100.0, 300.0], "black_paint")
    assert math.isinf(area[0]) and np.isfinite(area[1])


def test_radiator_area_plot(tmp_path):
    fig, ax = plots.radiator_area_vs_temperature(np.linspace(260, 420, 30))
    _check_figure(fig, ax, tmp_path)
    assert any("t/MW" in label for label in _y_labels(fig))
    assert "m²/MW" in ax.get_ylabel()
    assert len(ax.lines) == 4 * 2  # coatings x orbits
    with pytest.raises(td.InputError, match="orbits = 'geo'"):
        plots.radiator_area_vs_temperature([300.0], orbits=("geo",))
    with pytest.raises(td.InputError, match="coating must be"):
        plots.radiator_area_vs_temperature([300.0], coatings=(3.0,))
    with pytest.raises(td.CatalogError, match="did you mean 'az93'"):
        plots.radiator_area_vs_temperature([300.0], coatings=("az39",))


# ------------------------------------------------------------------------- breakdowns


def _design():
    return types.SimpleNamespace(
        mass_breakdown={"accelerators": 1200.0, "radiator": 800.0, "solar_array": 400.0},
        power_breakdown={"accelerators": 44_800.0, "servers": 19_200.0, "pumps": 900.0},
        heat_breakdown={"accelerators": 44_800.0, "absorbed": 3_000.0},
    )


@pytest.mark.parametrize(
    ("function", "unit"),
    [(plots.mass_breakdown, "[kg]"), (plots.power_breakdown, "[kW]"),
     (plots.heat_breakdown, "[kW]")],
)
def test_breakdowns(function, unit, tmp_path):
    fig, ax = function(_design(), shares=True)
    _check_figure(fig, ax, tmp_path)
    assert unit in ax.get_xlabel()
    assert len(ax.patches) == len(getattr(_design(), function.__name__))
    texts = [t.get_text() for t in ax.texts]
    # Shares add to 100 % (closed form: each part over the total).
    shares = [int(t.split("(")[1].split(" %")[0]) for t in texts]
    assert abs(sum(shares) - 100) <= len(shares)


def test_breakdown_values_and_large_masses():
    fig, ax = plots.mass_breakdown({"radiator": 25_000.0, "array": 15_000.0})
    assert ax.get_xlabel() == "Mass [t]"
    assert "25 (62 %)" in [t.get_text() for t in ax.texts]
    assert "total 40 t" in ax.get_title(loc="left")
    with pytest.raises(td.InputError, match="mass_breakdown"):
        plots.mass_breakdown(types.SimpleNamespace())
    with pytest.raises(td.InputError, match="empty"):
        plots.power_breakdown({})
    with pytest.raises(td.InputError, match="only zero entries"):
        plots.power_breakdown({"heat pump": 0.0})
    fig, ax = plots.heat_breakdown({"to radiator": 2.0, "emitted": 3.0, "heat pump": 0.0})
    assert len(ax.patches) == 2 and "(" not in "".join(t.get_text() for t in ax.texts)
    with pytest.raises(td.InputError, match=r"heat_breakdown\['x'\]"):
        plots.heat_breakdown({"x": math.nan})


# ------------------------------------------------------------------------ Pareto front


def test_pareto_front(tmp_path):
    x = np.array([3.0, 1.0, 2.0])
    fig, ax = plots.pareto_front(
        x, 1 / x, x_label="Compute [PFLOP/s]", y_label="Mass per compute [kg/(TFLOP/s)]",
        all_x=[1, 2, 3, 2.5], all_y=[2, 1, 1, 2],
    )
    _check_figure(fig, ax, tmp_path)
    _y_labels(fig)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1.0, 2.0, 3.0])  # sorted by x


def test_pareto_front_of_a_front_object():
    front = td.pareto_front(td.SatelliteSpec(), "total_mass", "compute", points=5,
                            progress=False)
    fig, ax = plots.pareto_front(front)
    assert ax.get_xlabel() == "Total mass [kg]" and ax.get_ylabel() == "Compute [PFLOP/s]"
    # Closed form of the unit change: 1 PFLOP/s = 1e15 FLOP/s.
    order = np.argsort(front.x)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), front.y[order] / 1e15)


def test_pareto_front_errors():
    with pytest.raises(td.InputError, match="x_label = 'Compute' must name its unit"):
        plots.pareto_front([1], [1], x_label="Compute", y_label="Mass [kg]")
    with pytest.raises(td.InputError, match="same length"):
        plots.pareto_front([1, 2], [1], x_label="A [m]", y_label="B [kg]")
    with pytest.raises(td.InputError, match="both all_x and all_y"):
        plots.pareto_front([1], [1], x_label="A [m]", y_label="B [kg]", all_x=[1])
    with pytest.raises(td.InputError, match="give y with x"):
        plots.pareto_front([1.0], x_label="A [m]", y_label="B [kg]")


# ------------------------------------------------------------------------ cost contour


def test_cost_contour(tmp_path):
    prices = np.geomspace(100, 3600, 8)
    densities = np.linspace(2, 12, 6)
    grid = 1.0 + prices[None, :] * densities[:, None] / 1e4
    grid[0, 0] = np.nan  # an infeasible point stays blank
    fig, ax = plots.cost_contour(prices, densities, grid, highlight=2.0)
    _check_figure(fig, ax, tmp_path)
    assert ax.get_xlabel() == "Launch price [USD/kg]"
    assert ax.get_ylabel() == "Radiator areal density [kg/m²]"
    assert any("[USD/(TFLOP/s)]" in a.get_ylabel() for a in fig.axes)  # colour bar
    # Costs over a factor > 4: logarithmic levels at round values (1, 1.5, 2, 3, 5, 7 x 10^k).
    bar = next(a for a in fig.axes if a is not ax)
    ticks = bar.get_yticks()
    assert len(ticks) >= 3
    for tick in ticks:
        mantissa = tick / 10 ** math.floor(math.log10(tick))
        assert any(math.isclose(mantissa, m) for m in (1, 1.5, 2, 3, 5, 7))


def test_cost_contour_errors():
    with pytest.raises(td.InputError, match=r"shape \(len\(areal_densities\), len\(launch"):
        plots.cost_contour([1, 2], [1, 2, 3], np.ones((2, 3)))
    with pytest.raises(td.InputError, match="strictly increasing"):
        plots.cost_contour([2, 1], [1, 2], np.ones((2, 2)))
    with pytest.raises(td.InputError, match="no finite value"):
        plots.cost_contour([1, 2], [1, 2], np.full((2, 2), np.nan))
    with pytest.raises(td.InputError, match="launch_prices = -1"):
        plots.cost_contour([-1, 2], [1, 2], np.ones((2, 2)))


# ------------------------------------------------------------- cost vs launch price


def test_cost_vs_launch_price(tmp_path):
    prices = np.geomspace(50, 5000, 20)
    fig, ax = plots.cost_vs_launch_price(
        prices, {"H100": 100 + prices, "never": 5000 + prices}, terrestrial_cost=800.0
    )
    _check_figure(fig, ax, tmp_path)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "H100 (break-even 700 USD/kg)" in legend
    assert any("dearer than terrestrial" in t.get_text() for t in ax.texts)
    with pytest.raises(td.InputError, match="cost_label"):
        plots.cost_vs_launch_price(prices, prices, terrestrial_cost=1.0, cost_label="Cost")
    with pytest.raises(td.InputError, match=r"costs\['orbital'\] = -1 is outside"):
        plots.cost_vs_launch_price(prices, prices - 51.0, terrestrial_cost=1.0)


# ---------------------------------------------------------------------- fleet timeline


def test_fleet_timeline_arrays_and_plan(tmp_path):
    years = np.arange(1.0, 6.0)
    power = np.minimum(years * 0.25e9, 1e9)
    fig, ax = plots.fleet_timeline(years, power, launches=np.full(5, 10.0), target_power=1e9)
    _check_figure(fig, ax, tmp_path)
    assert ax.get_ylabel() == "IT power in orbit [GW]"
    _y_labels(fig)
    fig, ax = plots.fleet_timeline({"years": years, "deployed_power": power}, target_power=2e9)
    assert any("target 2 GW" in t.get_text() for t in fig.legends[0].get_texts())
    with pytest.raises(td.InputError, match="cannot read a timeline"):
        plots.fleet_timeline(object())
    with pytest.raises(td.InputError, match="strictly increasing"):
        plots.fleet_timeline([1.0, 1.0], [1.0, 2.0])


def test_fleet_timeline_of_a_fleet_plan():
    design = td.size_satellite(td.SatelliteSpec())
    plan = td.plan_fleet(design, target_it_power=1e9, years=6)
    fig, ax = plots.fleet_timeline(plan)
    # Closed form: IT power in orbit = operating satellites x IT power per satellite,
    # drawn at mid-year after a (0, 0) start.
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_xdata()[1:], np.arange(6) + 0.5)
    np.testing.assert_allclose(line.get_ydata()[1:] * 1e9,
                               plan.operating_satellites * design.it_power, rtol=1e-12)
    assert any("target 1 GW" in t.get_text() for t in fig.legends[0].get_texts())


# -------------------------------------------------------------- orbit temperatures


def test_orbit_temperatures_from_result(tmp_path):
    times = np.linspace(0.0, 5739.0, 50)
    result = types.SimpleNamespace(
        times=times,
        temperatures={"radiator": 300 + np.sin(times / 900), "junction": 350 + 0 * times},
    )
    fig, ax = plots.orbit_temperatures(result, limits={"junction limit": 358.15},
                                       eclipses=[(2000.0, 4100.0)])
    _check_figure(fig, ax, tmp_path)
    assert ax.get_xlabel() == "Time [min]"
    assert set(_y_labels(fig)) == {"Temperature [K]", "Temperature [°C]"}
    np.testing.assert_allclose(ax.lines[0].get_xdata(), times / 60.0)
    with pytest.raises(td.InputError, match="ends"):
        plots.orbit_temperatures(result, eclipses=[(10.0, 5.0)])
    with pytest.raises(td.InputError, match=r"temperatures\['x'\] = -1 K is outside"):
        plots.orbit_temperatures([0.0, 1.0], {"x": [-1.0, 1.0]})
    with pytest.raises(td.InputError, match="transient result"):
        plots.orbit_temperatures([0.0, 1.0])


def test_orbit_temperatures_of_a_thermal_network_transient():
    # One radiator node, 500 W for an hour of each 5739 s orbit, radiating to deep space.
    network = td.ThermalNetwork()
    network.add_node("radiator", capacitance=45e3, temperature=300.0,
                     power=lambda t: 500.0 if t % 5739.0 < 3600.0 else 0.0)
    network.add_boundary("space", 2.725)
    network.add_radiation("radiator", "space", 0.85)
    result = network.transient(np.linspace(0.0, 2 * 5739.0, 60))
    fig, ax = plots.orbit_temperatures(result, eclipses=[(3600.0, 5739.0)])
    # The constant boundary node is left out by default; asked for, it is drawn.
    assert [line.get_label() for line in ax.lines] == ["radiator"]
    fig, ax = plots.orbit_temperatures(result, nodes=["radiator", "space"])
    assert len(ax.lines) == 2
    with pytest.raises(td.InputError, match="not among the temperatures"):
        plots.orbit_temperatures(result, nodes=["junction"])


# ---------------------------------------------------------------------------- tornado


def test_tornado_sorted_by_swing(tmp_path):
    fig, ax = plots.tornado(["small", "large", "middle"], [-1.0, -10.0, 4.0], [0.5, 20.0, -5.0])
    _check_figure(fig, ax, tmp_path)
    # Largest swing on top: barh draws bottom-up, so the last tick label is the largest.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["small", "middle", "large"]
    with pytest.raises(td.InputError, match="same length"):
        plots.tornado(["a"], [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(td.InputError, match="labels must be"):
        plots.tornado("ab", [1.0, 2.0], [1.0, 2.0])


def test_figures_go_into_a_report(tmp_path):
    report = Report("All figures")
    report.add_figure(plots.tornado(["a"], [-1.0], [1.0]), "tornado.png", caption="Tornado")
    folder = report.write(tmp_path / "r")
    assert (folder / "tornado.png").stat().st_size > 5_000


def test_tornado_of_resolved_swings():
    design = td.size_satellite(td.SatelliteSpec())
    data = td.tornado(design, ["mass_limit", "daylight_efficiency"], variation=0.1)
    fig, ax = plots.tornado(data)
    assert ax.get_xlabel() == "Change in compute [%]"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(label.startswith("mass_limit 2,700 to 3,300") for label in labels)
    # 0.92 x 1.1 > 1 is not a valid efficiency: that end is named, drawn as zero.
    assert any("daylight_efficiency" in label and "high infeasible" in label
               for label in labels)
    # Closed form: the bar is the relative change of the re-sized objective.
    index = list(data.fields).index("mass_limit")
    expected = 100 * (data.high_values[index] / data.base_value - 1)
    widths = [patch.get_width() for patch in ax.patches]
    assert any(abs(width - expected) < 1e-9 for width in widths)


# ------------------------------------------------------------ a study's own outputs

def _check_panels(fig, axes, tmp_path):
    """A multi-panel figure: a figure title, and each panel passes the common checks."""
    assert fig.get_suptitle()
    for ax in axes:
        ax.set_title(fig.get_suptitle())  # the common checks want a title on the axes
        if not ax.get_xlabel():  # inner panels of a grid share the bottom row's label
            ax.set_xlabel("shared [-]")
        _check_figure(fig, ax)
    fig.savefig(tmp_path / "panels.png", dpi=60)
    assert (tmp_path / "panels.png").stat().st_size > 5_000


_UNITS = {"mass_limit": "kg", "launch_price_per_kg": "USD/kg", "compute": "FLOP/s",
          "total_mass": "kg", "it_power": "W", "radiator.areal_density": "kg/m^2",
          "cost_per_compute": "USD/(FLOP/s)"}


def test_sweep_lines_one_panel_per_output_in_readable_units(tmp_path):
    mass_limit = np.array([4000.0, 2000.0, 3000.0])  # any order: drawn sorted by x
    compute = np.array([4e16, 2e16, np.nan])  # a failed point is a gap
    fig, axes = plots.sweep_lines("mass_limit", mass_limit,
                                  {"compute": compute, "it_power": [4e4, 2e4, 3e4]},
                                  units=_UNITS)
    assert [ax.get_ylabel() for ax in axes] == ["Compute [PFLOP/s]", "IT power [kW]"]
    assert axes[0].get_xlabel() == "Mass limit [kg]"
    # 1 PFLOP/s = 1e15 FLOP/s; 1 kW = 1e3 W: the plotted values are the SI ones scaled.
    x, y = axes[0].lines[0].get_data()
    np.testing.assert_array_equal(x, [2000.0, 3000.0, 4000.0])
    np.testing.assert_array_equal(y, [20.0, np.nan, 40.0])
    np.testing.assert_array_equal(axes[1].lines[0].get_ydata(), [20.0, 30.0, 40.0])
    _check_panels(fig, axes, tmp_path)


def test_sweep_lines_log_axis_for_a_log_spaced_field():
    prices = np.geomspace(100.0, 3600.0, 4)  # spans 36x: a log grid
    fig, axes = plots.sweep_lines("launch_price_per_kg", prices,
                                  {"total_mass": np.full(4, 3000.0)}, units=_UNITS)
    assert axes[0].get_xscale() == "log"
    fig, axes = plots.sweep_lines("mass_limit", [2000.0, 3000.0],
                                  {"total_mass": [2000.0, 3000.0]}, units=_UNITS)
    assert axes[0].get_xscale() == "linear"  # 1.5x: linear


def test_sweep_contour_orientation_and_units(tmp_path):
    prices = np.array([100.0, 1000.0, 10000.0])
    densities = np.array([5.0, 11.0])
    # data[i, j] at (prices[i], densities[j]): axis i along field i, as SweepResult.grid.
    # Made to vary along the prices only, so every contour line must be vertical.
    data = np.outer(prices, np.ones_like(densities)) * 1e-12
    fig, ax = plots.sweep_contour(("launch_price_per_kg", "radiator.areal_density"),
                                  (prices, densities), "cost_per_compute", data,
                                  units=_UNITS)
    assert ax.get_xlabel() == "Launch price per kg [USD/kg]"
    assert ax.get_ylabel() == "Radiator areal density [kg/m²]"
    assert ax.get_xscale() == "log"
    # The grid dots sit at every (price, density) pair: x along prices, y along densities.
    dots = ax.lines[0].get_xydata()
    assert {tuple(p) for p in dots} == {(p, d) for p in prices for d in densities}
    contour_lines = [c for c in ax.collections if c.get_paths()][-1]
    for path in contour_lines.get_paths():
        if len(path.vertices):
            assert np.ptp(path.vertices[:, 0]) < 1e-6 * path.vertices[0, 0]
    # Colour-bar label in USD/(TFLOP/s): 1e-12 USD/(FLOP/s) * 1e12 = 1 USD/(TFLOP/s).
    assert fig.axes[1].get_ylabel() == "Cost per compute [USD/(TFLOP/s)]"
    _check_figure(fig, ax, tmp_path)


def test_sweep_contour_errors():
    fields, values = ("mass_limit", "launch_price_per_kg"), ([2e3, 3e3], [100.0, 200.0])
    with pytest.raises(td.InputError, match=r"shape \(2, 2\)"):
        plots.sweep_contour(fields, values, "compute", np.ones((2, 3)), units=_UNITS)
    with pytest.raises(td.InputError, match="strictly increasing"):
        plots.sweep_contour(fields, ([3e3, 2e3], [100.0, 200.0]), "compute",
                            np.ones((2, 2)), units=_UNITS)
    with pytest.raises(td.InputError, match="every grid point failed"):
        plots.sweep_contour(fields, values, "compute", np.full((2, 2), np.nan), units=_UNITS)
    with pytest.raises(td.InputError, match="unit of 'compute'"):
        plots.sweep_contour(fields, values, "compute", np.ones((2, 2)),
                            units={"mass_limit": "kg", "launch_price_per_kg": "USD/kg"})


def test_sweep_scatter_one_panel_per_pair(tmp_path):
    rng = np.random.default_rng(3)
    inputs = {"mass_limit": rng.uniform(2e3, 4e3, 20),
              "launch_price_per_kg": rng.uniform(100.0, 3600.0, 20)}
    outputs = {"compute": rng.uniform(1e16, 5e16, 20), "total_mass": inputs["mass_limit"]}
    fig, axes = plots.sweep_scatter(inputs, outputs, units=_UNITS)
    assert len(axes) == 4  # 2 outputs x 2 inputs
    # Row per output, column per input: the bottom row names the inputs, the left column
    # the outputs.
    assert [ax.get_xlabel() for ax in axes[2:]] == ["Mass limit [kg]",
                                                    "Launch price per kg [USD/kg]"]
    assert [axes[0].get_ylabel(), axes[2].get_ylabel()] == ["Compute [PFLOP/s]",
                                                            "Total mass [kg]"]
    np.testing.assert_allclose(axes[2].collections[0].get_offsets()[:, 1],
                               inputs["mass_limit"])
    _check_panels(fig, axes, tmp_path)


def test_histograms_mark_the_percentiles(tmp_path):
    values = np.arange(1.0, 102.0) * 1e15  # 1..101 PFLOP/s: percentile p is 1 + p PFLOP/s
    fig, axes = plots.histograms({"compute": np.append(values, np.nan)}, units=_UNITS,
                                 percentiles=(5.0, 50.0, 95.0))
    lines = [line.get_xdata()[0] for line in axes[0].lines]
    np.testing.assert_allclose(lines, [6.0, 51.0, 96.0])
    assert sum(patch.get_height() for patch in axes[0].patches) == 101  # NaN left out
    assert axes[0].get_xlabel() == "Compute [PFLOP/s]"
    _check_panels(fig, axes, tmp_path)
    with pytest.raises(td.InputError, match="no finite sample"):
        plots.histograms({"compute": [np.nan]}, units=_UNITS)
    with pytest.raises(td.InputError, match="non-empty mapping"):
        plots.histograms({}, units=_UNITS)
