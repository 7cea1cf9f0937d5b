"""Figures of a design study, one function per figure, each returning ``(fig, ax)``.

Every function builds a :class:`matplotlib.figure.Figure` directly (never ``pyplot``), so
it works under any backend, in scripts, tests and notebooks, and never opens a window.
Save with ``fig.savefig(...)`` or :meth:`thermaldesign.report.Report.add_figure`.

Style: the Okabe-Ito colour-blind-safe palette, a light grid, axes labelled with units in
brackets, titles that say what is shown, legends outside the data. Axis labels passed in
by the caller must name their unit in brackets (``"Mass [kg]"``); a label without one is
an :class:`~thermaldesign.errors.InputError`.

References
----------
Okabe, M. & Ito, K., "Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people" (2008), https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter

from . import catalog, constants, environment, radiator
from ._html import format_value
from ._validation import check_array, check_choice, check_scalar
from .errors import InputError
from .fleet.economics import break_even_launch_price

__all__ = [
    "OKABE_ITO",
    "cost_contour",
    "cost_vs_launch_price",
    "fleet_timeline",
    "heat_breakdown",
    "histograms",
    "mass_breakdown",
    "orbit_temperatures",
    "pareto_front",
    "power_breakdown",
    "radiator_area_per_megawatt",
    "radiator_area_vs_temperature",
    "radiator_sink_flux",
    "sweep_contour",
    "sweep_lines",
    "sweep_scatter",
    "tornado",
]

#: Okabe-Ito palette (without black, kept for reference lines), in plotting order.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
_INK = "#222222"
_MUTED = "#888888"

_STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 10.5,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.0,
    "legend.frameon": False,
    "font.size": 10.0,
    "lines.linewidth": 2.0,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}
_SIZE = (7.5, 4.6)  # [in]: reads at full column width in the report at 150 dpi

# ---------------------------------------------------------------------------- helpers


def _figure(size=_SIZE) -> tuple[Figure, object]:
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
    return fig, ax


def _styled(function):
    """Run a plotting function with the toolkit's rc style (artists read rc at creation)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(_STYLE):
            return function(*args, **kwargs)

    return wrapper


def _check_label(label, name: str) -> str:
    if not isinstance(label, str) or "[" not in label or not label.rstrip().endswith("]"):
        raise InputError(
            f"{name} = {label!r} must name its unit in brackets at the end, e.g. 'Mass [kg]'"
        )
    return label


def _check_1d(values, name: str, **bounds) -> np.ndarray:
    array = check_array(values, name, **bounds)
    if array.ndim != 1:
        raise InputError(f"{name} must be a 1-D array; got shape {array.shape}")
    return array


def _same_length(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    if a.shape != b.shape:
        raise InputError(
            f"{name_a} and {name_b} must have the same length; got {a.size} and {b.size}"
        )


def _plain_log_ticks(axis) -> None:
    """Label a log axis with plain numbers (2,000 rather than 2x10^3)."""
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda value, _: format_value(float(value))))
    axis.set_minor_formatter(FuncFormatter(lambda value, _: ""))


def _nice_log_levels(low: float, high: float) -> np.ndarray:
    """Contour levels from ``low`` to ``high`` at round values (1, 1.5, 2, 3, 5, 7 x 10^k)."""
    mantissas = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)
    decades = range(math.floor(math.log10(low)), math.floor(math.log10(high)) + 1)
    inside = [m * 10.0**k for k in decades for m in mantissas if low < m * 10.0**k < high]
    return np.array([low, *inside, high])


def _scaled(values: np.ndarray, unit: str) -> tuple[np.ndarray, str]:
    """Rescale to an SI prefix that keeps the largest magnitude between 1 and 1000."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if largest >= factor:
            return values / factor, prefix + unit
    return values, unit


# ------------------------------------------------------------- radiator area vs temperature

_ORBIT_PLOTS = environment.RADIATOR_ORBITS


def radiator_sink_flux(coating, orbit_kind="inclined", *, altitude=550e3, case="hot"):
    """Orbit-average environment flux absorbed by one face of an edge-on radiator [W/m^2].

    :func:`thermaldesign.environment.edge_on_radiator_flux` with the coating's end-of-life
    optical properties: ``"inclined"`` evaluates beta = 0, ``"dawn-dusk"`` the smallest
    abs(beta) of a 06:00 sun-synchronous orbit through the year
    (:func:`thermaldesign.environment.radiator_design_beta`).

    Parameters
    ----------
    coating : str, Coating or (float, float)
        Coatings catalog key, a ``Coating`` entry, or ``(absorptivity, emissivity)`` [-].
    orbit_kind : {"dawn-dusk", "inclined"}
        Orbit family.
    altitude : float
        Circular orbit altitude [m].
    case : {"hot", "nominal", "cold"}
        Environment design case (:func:`thermaldesign.environment.design_case`).

    Returns
    -------
    float
        Absorbed flux per face [W/m^2].
    """
    absorptivity, emissivity, _ = _coating_optics(coating)
    return environment.edge_on_radiator_flux(absorptivity, emissivity, orbit_kind,
                                             altitude=altitude, case=case)


def _coating_optics(coating) -> tuple[float, float, str]:
    """(EOL absorptivity, EOL emissivity, legend label) of a coating key, entry or pair."""
    if isinstance(coating, str):
        coating = catalog.get("coatings", coating)
    if hasattr(coating, "absorptivity_eol"):
        return float(coating.absorptivity_eol), float(coating.emissivity_eol), coating.key
    if isinstance(coating, Sequence) and len(coating) == 2:
        absorptivity = check_scalar(coating[0], "absorptivity", low=0.0, high=1.0)
        emissivity = check_scalar(coating[1], "emissivity", low=0.0, high=1.0, low_open=True)
        return absorptivity, emissivity, f"α={absorptivity:g}, ε={emissivity:g}"
    raise InputError(
        f"coating must be a coatings catalog key, a Coating or (absorptivity, emissivity); "
        f"got {coating!r}"
    )


def radiator_area_per_megawatt(
    temperature, coating, orbit_kind="inclined", *, altitude=550e3, sides=2, case="hot"
):
    """Radiator planform area that rejects 1 MW at ``temperature`` [m^2/MW].

    :func:`thermaldesign.radiator.ideal_area_for_heat` of 1 MW for an ideal isothermal
    panel of ``sides`` faces, each absorbing :func:`radiator_sink_flux`, radiating to the
    deep-space sink :data:`thermaldesign.constants.DEEP_SPACE_TEMPERATURE`:

    .. math:: A = \\frac{10^6\\,\\mathrm{W}}{n\\,\\varepsilon\\,\\sigma\\,(T^4 - T_{space}^4)
              - n\\,q_{face}}

    Parameters
    ----------
    temperature : float or array_like
        Radiator temperature [K].
    coating : str, Coating or (float, float)
        See :func:`radiator_sink_flux`.
    orbit_kind : {"dawn-dusk", "inclined"}
        Orbit family.
    altitude : float
        Orbit altitude [m].
    sides : {1, 2}
        Radiating faces of the panel [-].
    case : {"hot", "nominal", "cold"}
        Environment design case.

    Returns
    -------
    float or numpy.ndarray
        Area [m^2 per MW]; ``inf`` where the panel absorbs at least what it emits (the
        temperature is below the panel's equilibrium temperature).

    References
    ----------
    Gilmore (2002), ch. 6, radiator sizing equation.
    """
    temperature = check_array(temperature, "temperature", low=0.0, low_open=True, unit="K")
    absorptivity, emissivity, _ = _coating_optics(coating)
    sides = int(check_choice(sides, "sides", (1, 2)))
    face = environment.edge_on_radiator_flux(absorptivity, emissivity, orbit_kind,
                                             altitude=altitude, case=case)
    return radiator.ideal_area_for_heat(1e6, temperature, emissivity, sides,
                                        constants.DEEP_SPACE_TEMPERATURE, sides * face)


@_styled
def radiator_area_vs_temperature(
    temperatures=None,
    *,
    coatings=("osr_quartz", "az93", "silvered_teflon", "black_paint"),
    orbits=_ORBIT_PLOTS,
    radiator_technology="deployable_heat_pipe",
    altitude=550e3,
    case="hot",
):
    """Radiator area and mass per MW rejected vs radiator temperature, by coating and orbit.

    Area from :func:`radiator_area_per_megawatt` (ideal two- or one-sided panel, EOL
    coating, edge-on in the hot case); mass on the right axis is area times the panel
    technology's areal density.

    Parameters
    ----------
    temperatures : array_like, optional
        Radiator temperatures [K]; default 250 to 450 K.
    coatings : sequence
        Coatings catalog keys, entries or (absorptivity, emissivity) pairs.
    orbits : sequence of {"dawn-dusk", "inclined"}
        Orbit families, drawn as solid and dashed lines.
    radiator_technology : str or RadiatorTechnology
        Radiators catalog key or entry: areal density [kg/m^2] and number of sides.
    altitude : float
        Orbit altitude [m].
    case : {"hot", "nominal", "cold"}
        Environment design case.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Area axis [m^2/MW]; the mass axis [t/MW] is its secondary y-axis.

    References
    ----------
    Gilmore (2002), ch. 6.
    """
    if temperatures is None:
        temperatures = np.linspace(250.0, 450.0, 201)
    temperatures = _check_1d(temperatures, "temperatures", low=0.0, low_open=True, unit="K")
    if isinstance(radiator_technology, str):
        radiator_technology = catalog.get("radiators", radiator_technology)
    density = float(radiator_technology.areal_density)
    sides = int(radiator_technology.sides)
    if isinstance(orbits, str):
        orbits = (orbits,)
    if not coatings or not orbits:
        raise InputError("coatings and orbits must each name at least one entry")
    orbits = [check_choice(orbit_kind, "orbits", _ORBIT_PLOTS) for orbit_kind in orbits]
    styles = {"dawn-dusk": "-", "inclined": "--"}
    fig, ax = _figure()
    top = 0.0
    for index, coating in enumerate(coatings):
        absorptivity, emissivity, label = _coating_optics(coating)
        color = OKABE_ITO[index % len(OKABE_ITO)]
        for orbit_kind in orbits:
            area = radiator_area_per_megawatt(
                temperatures, (absorptivity, emissivity), orbit_kind,
                altitude=altitude, sides=sides, case=case,
            )
            finite = np.isfinite(area)
            top = max(top, float(np.max(area[finite])) if finite.any() else 0.0)
            ax.plot(
                temperatures[finite], area[finite], styles[orbit_kind], color=color,
                label=f"{label} (α={absorptivity:.2f}, ε={emissivity:.2f}), {orbit_kind}",
            )
    ax.set_yscale("log")
    ax.set_xlabel("Radiator temperature [K]")
    ax.set_ylabel("Radiator area per MW rejected [m²/MW]")
    secondary = ax.secondary_yaxis(
        "right", functions=(lambda a: a * density / 1e3, lambda m: m * 1e3 / density)
    )
    secondary.set_ylabel(f"Radiator mass per MW at {density:g} kg/m² [t/MW]")
    ax.set_title(
        "Radiator area and mass per MW rejected vs temperature\n"
        f"{sides}-sided panel, end-of-life coatings, edge-on, {altitude / 1e3:g} km, "
        f"{case} case",
        loc="left",
    )
    _plain_log_ticks(ax.yaxis)
    _plain_log_ticks(secondary.yaxis)
    ax.grid(True, which="minor", alpha=0.35)
    fig.legend(loc="outside lower center", ncols=2, fontsize=8.5)
    return fig, ax


# ------------------------------------------------------------------------- breakdowns


def _breakdown_items(design, attribute: str) -> list[tuple[str, float]]:
    mapping = getattr(design, attribute, design)
    if not isinstance(mapping, Mapping):
        raise InputError(
            f"expected a design with {attribute} or a mapping of part -> value; "
            f"got {type(design).__name__}"
        )
    if not mapping:
        raise InputError(f"{attribute} is empty: nothing to plot")
    items = []
    for key, value in mapping.items():
        items.append((str(key), check_scalar(value, f"{attribute}[{key!r}]")))
    return items


def _mass_scaled(values: np.ndarray) -> tuple[np.ndarray, str]:
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    return (values / 1e3, "t") if largest >= 1e4 else (values, "kg")


def _watts(values: np.ndarray) -> tuple[np.ndarray, str]:
    return _scaled(values, "W")


@_styled
def _breakdown(design, attribute: str, what: str, scale, title: str | None, shares: bool):
    # Zero parts (no heat pump, say) carry no information and crowd the chart.
    items = [item for item in _breakdown_items(design, attribute) if item[1] != 0.0]
    if not items:
        raise InputError(f"{attribute} has only zero entries: nothing to plot")
    if shares:  # parts of one total: largest at the top (barh draws bottom-up)
        items.sort(key=lambda item: abs(item[1]))
    else:  # a list mixing parts and totals: keep its order, first at the top
        items.reverse()
    labels = [key.replace("_", " ") for key, _ in items]
    values = np.array([value for _, value in items])
    scaled, unit = scale(values)
    total = float(np.sum(values))
    total_scaled, total_unit = scale(np.array([total]))
    fig, ax = _figure((7.5, max(2.6, 0.42 * len(items) + 1.4)))
    colors = [OKABE_ITO[0] if value >= 0 else OKABE_ITO[3] for value in values]
    bars = ax.barh(labels, scaled, color=colors, height=0.65)
    span = float(np.max(np.abs(scaled))) or 1.0
    for bar, value, shown in zip(bars, values, scaled, strict=True):
        share = f" ({100 * value / total:.0f} %)" if shares and total > 0 else ""
        ax.text(
            shown + 0.01 * span if shown >= 0 else shown - 0.01 * span,
            bar.get_y() + bar.get_height() / 2,
            f"{format_value(float(shown))}{share}",
            va="center", ha="left" if shown >= 0 else "right", fontsize=9, color=_INK,
        )
    low = min(0.0, float(np.min(scaled)))
    ax.set_xlim(low * 1.35 if low < 0 else 0.0, span * 1.3)
    ax.set_xlabel(f"{what} [{unit}]")
    ax.grid(False, axis="y")
    total_text = f" (total {format_value(float(total_scaled[0]))} {total_unit})" if shares \
        else ""
    ax.set_title(title or f"{what} breakdown{total_text}", loc="left")
    return fig, ax


def mass_breakdown(design, *, title: str | None = None, shares: bool = True):
    """Horizontal bars of a design's mass breakdown with values and shares.

    Parts equal to zero are left out (as in the power and heat breakdowns).

    Parameters
    ----------
    design : SatelliteDesign or mapping
        A design (its ``mass_breakdown``) or a mapping part -> mass [kg].
    title : str, optional
        Figure title; default states the total.
    shares : bool
        Print each part's share of the total and the total (the parts must add up).

    Returns
    -------
    fig, ax : matplotlib Figure and Axes; x axis in [kg] ([t] from 10 t up).
    """
    return _breakdown(design, "mass_breakdown", "Mass", _mass_scaled, title, shares)


def power_breakdown(design, *, title: str | None = None, shares: bool = False):
    """Horizontal bars of a design's electrical power breakdown [W].

    Parameters
    ----------
    design : SatelliteDesign or mapping
        A design (its ``power_breakdown``) or a mapping load -> power [W].
    title : str, optional
        Figure title.
    shares : bool
        Print each entry's share of the sum and the sum. Off by default: a design's
        power and heat breakdowns list totals (daylight load, heat emitted) next to their
        parts, so a sum would count them twice.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes; x axis in [W], [kW] or [MW].
    """
    return _breakdown(design, "power_breakdown", "Power", _watts, title, shares)


def heat_breakdown(design, *, title: str | None = None, shares: bool = False):
    """Horizontal bars of a design's heat breakdown (heat the radiator rejects) [W].

    Parameters
    ----------
    design : SatelliteDesign or mapping
        A design (its ``heat_breakdown``) or a mapping source -> heat [W].
    title, shares
        As in :func:`power_breakdown` (shares are off by default for the same reason).

    Returns
    -------
    fig, ax
        As in :func:`power_breakdown`.
    """
    return _breakdown(design, "heat_breakdown", "Heat", _watts, title, shares)


# ------------------------------------------------------------------------ Pareto front


# Per-FLOP/s quantities are ~1e-13 in SI; engineers read them per TFLOP/s or PFLOP/s.
_READABLE_UNITS = {
    "FLOP/s": (1e-15, "PFLOP/s"),
    "kg/(FLOP/s)": (1e12, "kg/(TFLOP/s)"),
    "USD/(FLOP/s)": (1e12, "USD/(TFLOP/s)"),
}


def _readable(values: np.ndarray, unit: str) -> tuple[np.ndarray, str]:
    """Values in a unit a reader takes in at a glance (PFLOP/s, kW, t, ...)."""
    if unit in _READABLE_UNITS:
        factor, shown = _READABLE_UNITS[unit]
        return values * factor, shown
    if unit in ("W", "J"):
        return _scaled(values, unit)
    if unit == "kg":
        return _mass_scaled(values)
    return values, unit


def _front_axes(front):
    """x, y and labels of a :class:`~thermaldesign.studytools.ParetoFront`, readably scaled."""
    x, unit_x = _readable(np.asarray(front.x, dtype=float), front.unit_x)
    y, unit_y = _readable(np.asarray(front.y, dtype=float), front.unit_y)

    def name(objective: str) -> str:
        text = objective.replace("_", " ")
        return text[:1].upper() + text[1:]

    return x, y, f"{name(front.objective_x)} [{unit_x}]", f"{name(front.objective_y)} [{unit_y}]"


@_styled
def pareto_front(
    x,
    y=None,
    *,
    x_label: str | None = None,
    y_label: str | None = None,
    all_x=None,
    all_y=None,
    title: str | None = None,
):
    """Pareto front of two objectives, optionally over the cloud of all evaluated designs.

    Parameters
    ----------
    x, y : array_like
        Objective values of the Pareto-optimal points (any order; drawn sorted by x), in
        the units named by the labels. Or ``x`` a
        :class:`~thermaldesign.studytools.ParetoFront` from :func:`thermaldesign.pareto_front`
        (then ``y`` and the labels come from it, in readable units such as PFLOP/s).
    x_label, y_label : str
        Axis labels with the unit in brackets, e.g. ``"Compute [PFLOP/s]"``.
    all_x, all_y : array_like, optional
        Every evaluated design (drawn as grey dots behind the front).
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes.
    """
    if hasattr(x, "objective_x") and hasattr(x, "unit_x"):
        x, y, front_x_label, front_y_label = _front_axes(x)
        x_label = x_label or front_x_label
        y_label = y_label or front_y_label
    if y is None:
        raise InputError("give y with x, or a ParetoFront as x")
    x_label = _check_label(x_label, "x_label")
    y_label = _check_label(y_label, "y_label")
    x = _check_1d(x, "x")
    y = _check_1d(y, "y")
    _same_length("x", x, "y", y)
    fig, ax = _figure()
    if (all_x is None) != (all_y is None):
        raise InputError("give both all_x and all_y, or neither")
    if all_x is not None:
        all_x = _check_1d(all_x, "all_x")
        all_y = _check_1d(all_y, "all_y")
        _same_length("all_x", all_x, "all_y", all_y)
        ax.scatter(all_x, all_y, s=10, color="#bbbbbb", label="evaluated designs", zorder=1)
    order = np.argsort(x, kind="stable")
    ax.plot(x[order], y[order], "-o", color=OKABE_ITO[0], markersize=4.5,
            label="Pareto-optimal designs", zorder=3)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.set_title(title or f"Pareto front: {_quantity(y_label)} vs {_quantity(x_label)}",
                 loc="left")
    fig.legend(loc="outside lower center", ncols=2)
    return fig, ax


def _quantity(label: str) -> str:
    """The quantity part of 'Quantity [unit]', for use in a title."""
    return label[: label.rfind("[")].strip()


# ------------------------------------------------------------------------ cost contour


@_styled
def cost_contour(
    launch_prices,
    areal_densities,
    costs,
    *,
    cost_label: str = "Cost per compute [USD/(TFLOP/s)]",
    levels=None,
    highlight: float | None = None,
    highlight_label: str = "terrestrial",
    title: str | None = None,
):
    """Contour of cost per compute over launch price and radiator areal density.

    Parameters
    ----------
    launch_prices : array_like, shape (n,)
        Launch prices of the grid columns [USD/kg], > 0, increasing.
    areal_densities : array_like, shape (m,)
        Radiator areal densities of the grid rows [kg/m^2], > 0, increasing.
    costs : array_like, shape (m, n)
        Cost per compute at each grid point, in the unit of ``cost_label``; NaN marks an
        infeasible point (left blank).
    cost_label : str
        Colour-bar label with its unit in brackets.
    levels : int or array_like, optional
        Contour levels (matplotlib semantics); default 12 automatic levels, or 12
        logarithmically spaced levels when the costs span more than a factor of 4.
    highlight : float, optional
        One cost level drawn as a thick line (e.g. the terrestrial cost), same unit.
    highlight_label : str
        Legend text of the highlighted line.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes; x [USD/kg] (log), y [kg/m^2].
    """
    cost_label = _check_label(cost_label, "cost_label")
    prices = _check_1d(launch_prices, "launch_prices", low=0.0, low_open=True, unit="USD/kg")
    densities = _check_1d(areal_densities, "areal_densities", low=0.0, low_open=True,
                          unit="kg/m^2")
    for name, axis in (("launch_prices", prices), ("areal_densities", densities)):
        if axis.size < 2 or np.any(np.diff(axis) <= 0):
            raise InputError(f"{name} must hold at least 2 strictly increasing values")
    grid = np.asarray(costs, dtype=float)
    if grid.shape != (densities.size, prices.size):
        raise InputError(
            f"costs must have shape (len(areal_densities), len(launch_prices)) = "
            f"({densities.size}, {prices.size}); got {grid.shape}"
        )
    finite = np.isfinite(grid)
    if not finite.any():
        raise InputError("costs has no finite value: every grid point is infeasible")
    if np.any(np.isinf(grid)):
        raise InputError("costs must be finite or NaN (infeasible); got an infinity")
    fig, ax = _figure()
    low, high = float(np.nanmin(grid)), float(np.nanmax(grid))
    norm = None
    if levels is None and low > 0 and high / low > 4.0:
        # Costs over decades of launch price: equal ratios per level, or the cheap
        # corner, where the decision is, would sit in one colour band.
        levels = _nice_log_levels(low, high)
        norm = LogNorm(low, high)
    filled = ax.contourf(prices, densities, np.ma.masked_invalid(grid),
                         levels=12 if levels is None else levels, cmap="cividis", norm=norm)
    lines = ax.contour(filled, colors="white", linewidths=0.6, alpha=0.8)
    ax.clabel(lines, fmt=lambda v: format_value(float(v)), fontsize=8, colors="white")
    bar = fig.colorbar(filled, ax=ax)
    bar.set_label(cost_label)
    if norm is not None:
        bar.ax.yaxis.set_major_locator(FixedLocator(levels[1:-1]))
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_value(float(v))))
        bar.ax.yaxis.set_minor_formatter(NullFormatter())
    if highlight is not None:
        highlight = check_scalar(highlight, "highlight")
        ax.contour(prices, densities, np.ma.masked_invalid(grid), levels=[highlight],
                   colors=OKABE_ITO[3], linewidths=2.5)
        ax.plot([], [], color=OKABE_ITO[3], linewidth=2.5,
                label=f"{highlight_label} ({format_value(highlight)})")
    if not finite.all():
        ax.plot([], [], "s", color="white", markeredgecolor=_MUTED, markersize=9,
                label="infeasible (blank)")
    if ax.get_legend_handles_labels()[0]:
        fig.legend(loc="outside lower center", ncols=2)
    ax.set_xscale("log")
    _plain_log_ticks(ax.xaxis)
    ax.grid(False)
    ax.set_xlabel("Launch price [USD/kg]")
    ax.set_ylabel("Radiator areal density [kg/m²]")
    ax.set_title(title or f"{_quantity(cost_label)}\nover launch price and radiator areal "
                 "density", loc="left")
    return fig, ax


# --------------------------------------------------------------- cost vs launch price


@_styled
def cost_vs_launch_price(
    launch_prices,
    costs,
    *,
    terrestrial_cost: float,
    cost_label: str = "Cost of IT power [USD/(kW·yr)]",
    terrestrial_label: str = "terrestrial data center",
    title: str | None = None,
):
    """Orbital cost vs launch price, the terrestrial cost line and the break-even point.

    Parameters
    ----------
    launch_prices : array_like
        Launch prices [USD/kg], > 0, strictly increasing.
    costs : array_like or mapping of str -> array_like
        Orbital cost at each price (>= 0) in the unit of ``cost_label``; a mapping draws one
        labelled curve per entry (e.g. per satellite design).
    terrestrial_cost : float
        Terrestrial cost, same unit.
    cost_label : str
        y-axis label with the unit in brackets.
    terrestrial_label : str
        Legend text of the terrestrial line.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes; x [USD/kg] (log), y in ``cost_label``'s unit.
    """
    cost_label = _check_label(cost_label, "cost_label")
    prices = _check_1d(launch_prices, "launch_prices", low=0.0, low_open=True, unit="USD/kg")
    series = dict(costs) if isinstance(costs, Mapping) else {"orbital": costs}
    if not series:
        raise InputError("costs must hold at least one curve")
    terrestrial_cost = check_scalar(terrestrial_cost, "terrestrial_cost", low=0.0)
    fig, ax = _figure()
    notes = []
    for index, (label, values) in enumerate(series.items()):
        values = _check_1d(values, f"costs[{label!r}]", low=0.0)
        _same_length("launch_prices", prices, f"costs[{label!r}]", values)
        color = OKABE_ITO[index % len(OKABE_ITO)]
        price = break_even_launch_price(prices, values, terrestrial_cost)
        text = "" if price is None else f" (break-even {format_value(price)} USD/kg)"
        ax.plot(prices, values, color=color, label=f"{label}{text}")
        if price is not None:
            ax.plot([price], [terrestrial_cost], "o", color=color, markersize=8,
                    markeredgecolor=_INK, zorder=5)
            ax.axvline(price, color=color, linestyle=":", linewidth=1.2)
            if len(series) == 1:
                ax.annotate(
                    f"break-even\n{format_value(price)} USD/kg", (price, terrestrial_cost),
                    textcoords="offset points", xytext=(8, 10), fontsize=9, color=_INK,
                )
        else:
            cheaper = bool(np.all(values <= terrestrial_cost))
            notes.append(f"{label}: {'cheaper' if cheaper else 'dearer'} than terrestrial "
                         "over the whole range")
    ax.axhline(terrestrial_cost, color=_INK, linestyle="--", linewidth=1.5,
               label=f"{terrestrial_label} ({format_value(terrestrial_cost)})")
    ax.set_xscale("log")
    _plain_log_ticks(ax.xaxis)
    ax.set_xlabel("Launch price [USD/kg]")
    ax.set_ylabel(cost_label)
    ax.set_ylim(bottom=0.0)
    if notes:
        ax.text(0.01, 0.98, "\n".join(notes), transform=ax.transAxes, va="top", fontsize=8.5,
                color=_MUTED)
    ax.set_title(title or f"{_quantity(cost_label)} vs launch price", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.93 if notes else 1.0))
    return fig, ax


# ---------------------------------------------------------------------- fleet timeline


@_styled
def fleet_timeline(
    years,
    deployed_power=None,
    *,
    launches=None,
    target_power: float | None = None,
    title: str | None = None,
):
    """Fleet deployment over time: deployed IT power (left) and launches per year (bars).

    Parameters
    ----------
    years : array_like, FleetPlan or mapping
        Time from the first launch [yr], increasing; or a
        :class:`~thermaldesign.fleet.FleetPlan` (yearly averages drawn at mid-year); or a
        mapping with ``years``, ``deployed_power`` and optionally ``launches``.
    deployed_power : array_like
        IT power in orbit at each time [W] (operating satellites x IT power each).
    launches : array_like, optional
        Launches in the period centred on each time [-] (a bar per time).
    target_power : float, optional
        The fleet's target IT power [W], drawn as a line.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and the power Axes [GW/MW/kW]; the launch bars are on a
    twin axis.
    """
    if deployed_power is None and not isinstance(years, (np.ndarray, list, tuple)):
        years, deployed_power, launches, target_power = _timeline_of(years, target_power)
    if deployed_power is None:
        raise InputError("give deployed_power [W] with the years, or a fleet plan")
    years = _check_1d(years, "years", low=0.0, unit="yr")
    power = _check_1d(deployed_power, "deployed_power", low=0.0, unit="W")
    _same_length("years", years, "deployed_power", power)
    if np.any(np.diff(years) <= 0):
        raise InputError("years must be strictly increasing")
    scale_values = np.append(power, target_power if target_power is not None else 0.0)
    _, unit = _scaled(scale_values, "W")
    factor = {"W": 1.0, "kW": 1e3, "MW": 1e6, "GW": 1e9, "TW": 1e12}[unit]
    fig, ax = _figure()
    if launches is not None:
        launches = _check_1d(launches, "launches", low=0.0)
        _same_length("years", years, "launches", launches)
        twin = ax.twinx()
        spacing = float(np.min(np.diff(years))) if years.size > 1 else 1.0
        twin.bar(years, launches, width=0.75 * spacing, color=OKABE_ITO[1], alpha=0.45,
                 label="launches per period", zorder=0)
        twin.set_ylabel("Launches per period [-]")
        twin.set_ylim(0.0, 2.0 * max(float(np.max(launches)), 1.0))  # bars in the lower half
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
    # Nothing is in orbit before the first launch: start the curve at (0, 0).
    line_years = np.concatenate(([0.0], years)) if years[0] > 0 else years
    line_power = np.concatenate(([0.0], power)) if years[0] > 0 else power
    ax.plot(line_years, line_power / factor, "-o", color=OKABE_ITO[0], markersize=3.5,
            label="IT power in orbit")
    if target_power is not None:
        target_power = check_scalar(target_power, "target_power", low=0.0, unit="W")
        ax.axhline(target_power / factor, color=_INK, linestyle="--", linewidth=1.3,
                   label=f"target {format_value(target_power / factor)} {unit}")
    ax.set_xlabel("Time since first launch [yr]")
    ax.set_ylabel(f"IT power in orbit [{unit}]")
    ax.set_ylim(0.0, 1.12 * float(np.max(scale_values)) / factor or 1.0)
    ax.set_title(title or "Fleet deployment: IT power in orbit and launch cadence", loc="left")
    handles, labels = ax.get_legend_handles_labels()
    if launches is not None:
        more = twin.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    fig.legend(handles, labels, loc="outside lower center", ncols=3)
    return fig, ax


def _timeline_of(plan, target_power):
    """(years, IT power in orbit [W], launches, target [W]) from a fleet plan.

    A :class:`~thermaldesign.fleet.FleetPlan` gives yearly averages (operating satellites
    times IT power per satellite) and launches per year; they are drawn at mid-year.
    """
    if hasattr(plan, "operating_satellites") and hasattr(plan, "satellite"):
        operating = np.asarray(plan.operating_satellites, dtype=float)
        years = np.arange(operating.size) + 0.5
        power = operating * float(plan.satellite["it_power"])
        launches = np.asarray(plan.launches_per_year, dtype=float)
        if target_power is None and getattr(plan, "target_it_power", None) is not None:
            target_power = float(plan.target_it_power)
        return years, power, launches, target_power
    table = plan
    try:
        years = np.asarray(_get(table, "years"), dtype=float)
        power = np.asarray(_get(table, "deployed_power"), dtype=float)
    except (KeyError, AttributeError, TypeError):
        raise InputError(
            f"cannot read a timeline from {type(plan).__name__}: give years and "
            "deployed_power [W] arrays, or a FleetPlan"
        ) from None
    try:
        launches = np.asarray(_get(table, "launches"), dtype=float)
    except (KeyError, AttributeError):
        launches = None
    if target_power is None:
        value = getattr(plan, "target_it_power", None)
        target_power = None if value is None else float(value)
    return years, power, launches, target_power


def _get(table, name):
    return table[name] if isinstance(table, Mapping) else getattr(table, name)


# ---------------------------------------------------------- temperatures through an orbit


@_styled
def orbit_temperatures(
    times,
    temperatures=None,
    *,
    limits: Mapping[str, float] | None = None,
    eclipses: Sequence[tuple[float, float]] | None = None,
    nodes: Sequence[str] | None = None,
    title: str | None = None,
):
    """Node temperatures through one or more orbits, with eclipses and limits marked.

    Parameters
    ----------
    times : array_like or transient result
        Sample times [s]; or a result with ``.times`` [s] and ``.temperatures`` (a mapping
        node -> temperatures [K]), e.g. from ``ThermalNetwork.transient``.
    temperatures : mapping of str -> array_like
        Node name -> temperature at each time [K].
    limits : mapping of str -> float, optional
        Named temperature limits [K] (e.g. ``{"junction limit": 358.15}``).
    eclipses : sequence of (start, end), optional
        Eclipse intervals [s], shaded.
    nodes : sequence of str, optional
        Nodes to draw. Default: every node whose temperature changes; constant ones
        (boundary nodes such as deep space at 3 K) would squash the scale.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes; x [min], y [K] with a [°C] secondary axis.
    """
    if temperatures is None:
        if not (hasattr(times, "times") and hasattr(times, "temperatures")):
            raise InputError("give temperatures {node: array [K]} with the times, or a "
                             "transient result with .times and .temperatures")
        temperatures = times.temperatures
        times = times.times
    times = _check_1d(times, "times", unit="s")
    if not isinstance(temperatures, Mapping) or not temperatures:
        raise InputError("temperatures must be a non-empty mapping node -> array [K]")
    if nodes is not None:
        missing = [name for name in nodes if name not in temperatures]
        if missing or not nodes:
            raise InputError(
                f"nodes {missing or list(nodes)!r} not among the temperatures "
                f"({', '.join(map(str, temperatures))})"
            )
        temperatures = {name: temperatures[name] for name in nodes}
    else:
        varying = {name: values for name, values in temperatures.items()
                   if np.ptp(np.asarray(values, dtype=float)) > 0}
        temperatures = varying or dict(temperatures)
    fig, ax = _figure()
    minutes = times / 60.0
    if eclipses:
        for index, interval in enumerate(eclipses):
            start, end = (check_scalar(v, "eclipse time", unit="s") for v in interval)
            if end <= start:
                raise InputError(f"eclipse {index} ends ({end:g} s) before it starts "
                                 f"({start:g} s)")
            ax.axvspan(start / 60.0, end / 60.0, color="#cccccc", alpha=0.5, lw=0,
                       label="eclipse" if index == 0 else None)
    for index, (name, values) in enumerate(temperatures.items()):
        values = _check_1d(values, f"temperatures[{name!r}]", low=0.0, unit="K")
        _same_length("times", times, f"temperatures[{name!r}]", values)
        ax.plot(minutes, values, color=OKABE_ITO[index % len(OKABE_ITO)], label=str(name))
    for index, (name, value) in enumerate((limits or {}).items()):
        value = check_scalar(value, f"limits[{name!r}]", low=0.0, unit="K")
        ax.axhline(value, color=_INK, linestyle=(0, (4, 2 + 2 * index)), linewidth=1.2,
                   label=f"{name} ({value:.1f} K)")
    ax.set_xlabel("Time [min]")
    ax.set_ylabel("Temperature [K]")
    secondary = ax.secondary_yaxis(
        "right", functions=(lambda k: k - constants.ZERO_CELSIUS,
                            lambda c: c + constants.ZERO_CELSIUS)
    )
    secondary.set_ylabel("Temperature [°C]")
    ax.set_xlim(minutes[0], minutes[-1])
    ax.set_title(title or "Temperatures through the orbit", loc="left")
    fig.legend(loc="outside lower center", ncols=min(4, len(ax.get_legend_handles_labels()[0])))
    return fig, ax


# ------------------------------------------------------------------------------ tornado


def _tornado_rows(data, x_label: str):
    """Labels and % changes from a :class:`~thermaldesign.studytools.TornadoData`."""
    base = float(data.base_value)
    if base == 0.0:
        raise InputError("the tornado's base value is 0: a relative change is undefined")
    labels, low, high = [], [], []
    for index, field in enumerate(data.fields):
        low_value, high_value = float(data.low_values[index]), float(data.high_values[index])
        failed = [end for end, value in (("low", low_value), ("high", high_value))
                  if not math.isfinite(value)]
        text = (f"{field} {format_value(float(data.low_inputs[index]))} to "
                f"{format_value(float(data.high_inputs[index]))}")
        labels.append(text + (f" ({' and '.join(failed)} infeasible)" if failed else ""))
        low.append(100.0 * (low_value / base - 1.0) if math.isfinite(low_value) else 0.0)
        high.append(100.0 * (high_value / base - 1.0) if math.isfinite(high_value) else 0.0)
    if x_label == _TORNADO_DEFAULT_LABEL:
        x_label = f"Change in {data.objective.replace('_', ' ')} [%]"
    return labels, low, high, x_label


_TORNADO_DEFAULT_LABEL = "Change in cost per compute [%]"


@_styled
def tornado(
    labels,
    low=None,
    high=None,
    *,
    x_label: str = _TORNADO_DEFAULT_LABEL,
    low_label: str = "input at its low value",
    high_label: str = "input at its high value",
    baseline: float = 0.0,
    title: str | None = None,
):
    """Tornado chart: the change of an objective when each input moves to its low and high.

    Bars are sorted by their largest swing, the most influential input on top.

    Parameters
    ----------
    labels : sequence of str or TornadoData
        Input names (include the range, e.g. ``"launch price 100-1000 USD/kg"``); or a
        :class:`~thermaldesign.studytools.TornadoData` from :func:`thermaldesign.tornado`,
        drawn as the change of its objective in percent of the base value (an infeasible
        end is drawn as 0 and named in the label).
    low, high : array_like
        Change of the objective with the input at its low / high value, in the unit of
        ``x_label`` (relative to ``baseline``); not used with a TornadoData.
    x_label : str
        x-axis label with the unit in brackets.
    low_label, high_label : str
        Legend texts.
    baseline : float
        Objective at the baseline, same unit (the bars start there).
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes.
    """
    if hasattr(labels, "low_values") and hasattr(labels, "base_value"):
        labels, low, high, x_label = _tornado_rows(labels, x_label)
    x_label = _check_label(x_label, "x_label")
    if isinstance(labels, str) or not isinstance(labels, Sequence) or not labels:
        raise InputError("labels must be a non-empty sequence of input names")
    low = _check_1d(low, "low")
    high = _check_1d(high, "high")
    if not (len(labels) == low.size == high.size):
        raise InputError(
            f"labels, low and high must have the same length; got {len(labels)}, "
            f"{low.size} and {high.size}"
        )
    baseline = check_scalar(baseline, "baseline")
    swing = np.maximum(np.abs(low), np.abs(high))
    order = np.argsort(swing, kind="stable")  # smallest first: barh draws bottom-up
    fig, ax = _figure((7.5, max(2.6, 0.45 * len(labels) + 1.5)))
    positions = np.arange(len(labels))
    ax.barh(positions, low[order], left=baseline, color=OKABE_ITO[0], height=0.6,
            label=low_label)
    ax.barh(positions, high[order], left=baseline, color=OKABE_ITO[1], height=0.6,
            label=high_label)
    span = float(np.max(swing)) or 1.0
    for position, index in zip(positions, order, strict=True):
        for value in (low[index], high[index]):
            if value == 0.0:
                continue
            ax.text(baseline + value + math.copysign(0.015 * span, value), position,
                    f"{value:+.3g}", va="center", ha="left" if value > 0 else "right",
                    fontsize=8.5, color=_INK)
    ax.set_yticks(positions, [str(labels[i]) for i in order])
    ax.axvline(baseline, color=_INK, linewidth=1.0)
    ax.set_xlim(baseline - 1.3 * span, baseline + 1.3 * span)
    ax.set_xlabel(x_label)
    ax.grid(False, axis="y")
    ax.set_title(title or f"Tornado: {_quantity(x_label).lower()}", loc="left")
    fig.legend(loc="outside lower center", ncols=2)
    return fig, ax


# ------------------------------------------------------------------ a study's own outputs


def _named(name: str, values, units: Mapping[str, str]) -> tuple[np.ndarray, str]:
    """An input or output column in readable units, and its axis label "Name [unit]"."""
    if not isinstance(units, Mapping) or name not in units:
        raise InputError(f"units must give the unit of '{name}' (SI, '-' if none)")
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise InputError(f"'{name}' must be a 1-D array; got shape {array.shape}")
    finite = np.abs(array[np.isfinite(array)])
    # The scale of the largest magnitude (kW, t, PFLOP/s) applies to the whole column.
    largest = np.array([finite.max() if finite.size else 0.0])
    scaled, unit = _readable(largest, str(units[name]) or "-")
    factor = scaled[0] / largest[0] if largest[0] else 1.0
    return array * factor, f"{_words(name)} [{unit.replace('^2', '²').replace('^3', '³')}]"


_ACRONYMS = {"it": "IT", "gpu": "GPU", "pflop": "PFLOP", "isl": "ISL", "adcs": "ADCS"}


def _words(name: str) -> str:
    """A field path or output name as words: "radiator.areal_density" -> "Radiator areal
    density", "it_power" -> "IT power"."""
    words = name.replace(".", " ").replace("_", " ").split()
    text = " ".join(_ACRONYMS.get(word, word) for word in words)
    return text[:1].upper() + text[1:]


def _spread_axis(ax, which: str, values: np.ndarray, *, narrow: bool = False) -> None:
    """Log scale for a positive axis spanning more than a factor of 20 (a log-spaced grid).

    A narrow panel gets ticks at 1 and 3 per decade, a wide one at 1, 2 and 5.
    """
    finite = values[np.isfinite(values)]
    if finite.size and finite.min() > 0 and finite.max() / finite.min() > 20.0:
        getattr(ax, f"set_{which}scale")("log")
        axis = getattr(ax, f"{which}axis")
        _plain_log_ticks(axis)
        if narrow:
            axis.set_major_locator(LogLocator(subs=(1.0, 3.0)))


def _panels(count: int, columns: int, *, panel=(3.6, 2.5)):
    """A figure of ``count`` panels in rows of ``columns`` (unused panels removed)."""
    rows = math.ceil(count / columns)
    fig = Figure(figsize=(max(7.5, panel[0] * columns), panel[1] * rows + 0.8),
                 layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes[count:]:
        fig.delaxes(ax)
    return fig, list(axes[:count])


def _check_outputs(outputs, what: str) -> dict:
    if not isinstance(outputs, Mapping) or not outputs:
        raise InputError(f"{what} must be a non-empty mapping of name -> values")
    return dict(outputs)


@_styled
def sweep_lines(field: str, values, outputs, *, units: Mapping[str, str],
                title: str | None = None):
    """Each output of a one-field sweep against the swept field, one panel per output.

    Parameters
    ----------
    field : str
        The swept field path, e.g. ``"mass_limit"``.
    values : array_like, shape (n,)
        Its value at each point [SI unit of the field].
    outputs : mapping of str to array_like, shape (n,)
        Output name -> value per point [SI]; NaN marks a failed point (a gap).
    units : mapping of str to str
        SI unit of ``field`` and of every output (``"-"`` if none); outputs are drawn in
        readable units (PFLOP/s, kW, t).
    title : str, optional
        Figure title.

    Returns
    -------
    fig, axes : matplotlib Figure and list of Axes (one per output).
    """
    outputs = _check_outputs(outputs, "outputs")
    x, x_label = _named(field, values, units)
    order = np.argsort(x, kind="stable")
    fig, axes = _panels(len(outputs), min(2, len(outputs)))
    for ax, (name, column) in zip(axes, outputs.items(), strict=True):
        y, y_label = _named(name, column, units)
        _same_length(field, x, name, y)
        ax.plot(x[order], y[order], "-o", markersize=4, color=OKABE_ITO[0])
        _spread_axis(ax, "x", x, narrow=True)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
    fig.suptitle(title or f"Outputs vs {_quantity(x_label).lower()}", x=0.02,
                 ha="left", fontweight="bold", fontsize=11.5)
    return fig, axes


@_styled
def sweep_contour(fields, values, output: str, data, *, units: Mapping[str, str],
                  title: str | None = None):
    """One output over a two-field grid sweep, as filled contours.

    Parameters
    ----------
    fields : (str, str)
        The two swept field paths: x axis, then y axis.
    values : (array_like, array_like)
        The grid values of each field, strictly increasing [SI unit of each field].
    output : str
        Output name.
    data : array_like, shape (len(values[0]), len(values[1]))
        The output at each grid point [SI], axis i along field i (as
        :meth:`~thermaldesign.studytools.SweepResult.grid` returns it); NaN marks a
        failed point (left blank).
    units : mapping of str to str
        SI unit of both fields and of the output.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes.
    """
    if len(fields) != 2 or len(values) != 2:
        raise InputError("a contour needs exactly two fields and their two value arrays")
    (x, x_label), (y, y_label) = (_named(f, v, units) for f, v in zip(fields, values,
                                                                      strict=True))
    for name, axis in zip(fields, (x, y), strict=True):
        if axis.size < 2 or np.any(np.diff(axis) <= 0):
            raise InputError(f"the values of '{name}' must hold at least 2 strictly "
                             "increasing numbers")
    grid = np.asarray(data, dtype=float)
    if grid.shape != (x.size, y.size):
        raise InputError(f"data must have shape ({x.size}, {y.size}), one axis per field; "
                         f"got {grid.shape}")
    flat, z_label = _named(output, grid.ravel(), units)
    grid = flat.reshape(grid.shape).T  # contourf wants rows along y
    if not np.isfinite(grid).any():
        raise InputError(f"'{output}' has no finite value: every grid point failed")
    fig, ax = _figure()
    filled = ax.contourf(x, y, np.ma.masked_invalid(grid), levels=12, cmap="cividis")
    lines = ax.contour(filled, colors="white", linewidths=0.6, alpha=0.8)
    ax.clabel(lines, fmt=lambda v: format_value(float(v)), fontsize=8, colors="white")
    grid_x, grid_y = np.meshgrid(x, y)
    ax.plot(grid_x.ravel(), grid_y.ravel(), "o", color="white", markersize=2.0, alpha=0.7)
    bar = fig.colorbar(filled, ax=ax)
    bar.set_label(z_label)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_value(float(v))))
    _spread_axis(ax, "x", x)
    _spread_axis(ax, "y", y)
    ax.grid(False)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.set_title(title or f"{_quantity(z_label)} over {_quantity(x_label).lower()} and "
                 f"{_quantity(y_label).lower()}", loc="left")
    return fig, ax


@_styled
def sweep_scatter(inputs, outputs, *, units: Mapping[str, str], title: str | None = None):
    """Each output against each input of a sweep: one panel per (output, input) pair.

    For a Latin-hypercube or many-field sweep, where the points fill no line or plane:
    the trend of an output along an input, with the other inputs varying, shows how much
    that input matters.

    Parameters
    ----------
    inputs, outputs : mapping of str to array_like, shape (n,)
        Field path / output name -> value per point [SI]; NaN marks a failed point (not
        drawn).
    units : mapping of str to str
        SI unit of every input and output.
    title : str, optional
        Figure title.

    Returns
    -------
    fig, axes : matplotlib Figure and list of Axes (row per output, column per input).
    """
    inputs = _check_outputs(inputs, "inputs")
    outputs = _check_outputs(outputs, "outputs")
    fig, axes = _panels(len(inputs) * len(outputs), len(inputs), panel=(2.9, 2.1))
    panels = iter(axes)
    for row, (name, column) in enumerate(outputs.items()):
        y, y_label = _named(name, column, units)
        for col, (field, values) in enumerate(inputs.items()):
            x, x_label = _named(field, values, units)
            _same_length(field, x, name, y)
            ax = next(panels)
            ax.scatter(x, y, s=9, color=OKABE_ITO[0], alpha=0.7, linewidths=0)
            _spread_axis(ax, "x", x, narrow=True)
            ax.set_xlabel(x_label if row == len(outputs) - 1 else "")
            ax.set_ylabel(y_label if col == 0 else "")
    fig.suptitle(title or "Outputs against each swept input", x=0.02, ha="left",
                 fontweight="bold", fontsize=11.5)
    return fig, axes


@_styled
def histograms(outputs, *, units: Mapping[str, str], percentiles=(5.0, 50.0, 95.0),
               title: str | None = None):
    """Histogram of each output of a Monte Carlo run, with its percentiles marked.

    Parameters
    ----------
    outputs : mapping of str to array_like, shape (n,)
        Output name -> value per sample [SI]; NaN (a failed sample) is left out.
    units : mapping of str to str
        SI unit of every output.
    percentiles : sequence of float
        Percentiles drawn as vertical lines [%], in [0, 100].
    title : str, optional
        Figure title.

    Returns
    -------
    fig, axes : matplotlib Figure and list of Axes (one per output).
    """
    outputs = _check_outputs(outputs, "outputs")
    levels = np.atleast_1d(check_array(percentiles, "percentiles", low=0.0, high=100.0,
                                       unit="%"))
    fig, axes = _panels(len(outputs), min(2, len(outputs)))
    for ax, (name, column) in zip(axes, outputs.items(), strict=True):
        values, label = _named(name, column, units)
        values = values[np.isfinite(values)]
        if values.size == 0:
            raise InputError(f"'{name}' has no finite sample to draw")
        ax.hist(values, bins=min(30, max(5, values.size // 5)), color=OKABE_ITO[0],
                alpha=0.85)
        for level, value in zip(levels, np.percentile(values, levels), strict=True):
            ax.axvline(value, color=_INK, linewidth=1.0, linestyle="--")
            ax.annotate(f"p{level:g}", (value, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(2, -10), textcoords="offset points", fontsize=8)
        ax.set_xlabel(label)
        ax.set_ylabel("Samples [-]")
    fig.suptitle(title or "Distribution of the outputs", x=0.02, ha="left",
                 fontweight="bold", fontsize=11.5)
    return fig, axes


# ------------------------------------------------------------- verdicts under uncertainty


@_styled
def probability_curve(launch_prices, curves: Mapping[str, object], *,
                      title: str | None = None):
    """P(orbit beats the ground) against the launch price, one line per case.

    Parameters
    ----------
    launch_prices : array_like
        Launch prices per kg of LEO capacity [USD/kg], >= 0, increasing.
    curves : mapping of str to array_like
        Case label -> probability at each price [-], in [0, 1].
    title : str, optional

    Returns
    -------
    fig, ax : matplotlib Figure and Axes.
    """
    prices = _check_1d(launch_prices, "launch_prices", low=0.0, unit="USD/kg")
    if not isinstance(curves, Mapping) or not curves:
        raise InputError("curves must be a non-empty mapping of label -> probabilities")
    fig, ax = _figure()
    for index, (label, values) in enumerate(curves.items()):
        probability = _check_1d(values, f"curves[{label!r}]", low=0.0, high=1.0)
        _same_length("launch_prices", prices, f"curves[{label!r}]", probability)
        ax.plot(prices, probability, color=OKABE_ITO[index % len(OKABE_ITO)],
                label=str(label), linewidth=2.0)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("Launch price [USD/kg of LEO capacity]")
    ax.set_ylabel("P(orbit cheaper than ground) [-]")
    ax.set_title(title or "Probability that orbit beats the ground", loc="left")
    ax.legend()
    return fig, ax


@_styled
def sobol_bars(result, output: str, *, count: int = 12, title: str | None = None):
    """First-order and total Sobol indices of one output, largest total first.

    Parameters
    ----------
    result : SobolResult
        From :func:`thermaldesign.studytools.sobol.sobol_analysis`.
    output : str
        Output whose variance is shared out.
    count : int
        Inputs shown [-].
    title : str, optional

    Returns
    -------
    fig, ax : matplotlib Figure and Axes (95 % bootstrap intervals as error bars).
    """
    ranking = result.ranking(output)[:max(1, int(count))]
    table = result.indices[output]
    index = {name: i for i, name in enumerate(result.names)}
    rows = [index[name] for name, _total, _first in ranking][::-1]
    fig, ax = _figure((7.5, max(2.6, 0.42 * len(rows) + 1.5)))
    positions = np.arange(len(rows))
    ax.barh(positions + 0.2, table["ST"][rows], height=0.4, xerr=table["ST_conf"][rows],
            color=OKABE_ITO[0], label="total index S_T")
    ax.barh(positions - 0.2, table["S1"][rows], height=0.4, xerr=table["S1_conf"][rows],
            color=OKABE_ITO[1], label="first-order index S_1")
    ax.set_yticks(positions, [result.names[i] for i in rows])
    ax.set_xlabel(f"Share of the variance of {_words(output).lower()} [-]")
    ax.grid(False, axis="y")
    ax.set_title(title or f"What to measure first: {_words(output).lower()}", loc="left")
    fig.legend(loc="outside lower center", ncols=2)
    return fig, ax


def cost_tornado(data, *, count: int = 12, title: str | None = None):
    """Tornado of a :class:`~thermaldesign.studytools.sobol.RangeTornado`: each input over
    its own 90 % range (the range and its provenance rule in the label).

    Returns
    -------
    fig, ax : matplotlib Figure and Axes.
    """
    keep = slice(0, max(1, int(count)))
    labels = [f"{name} {format_value(lo)} to {format_value(hi)}"
              for name, lo, hi in zip(data.names[keep], data.low_inputs[keep],
                                      data.high_inputs[keep], strict=True)]
    return tornado(labels, data.low_values[keep] - data.base_value,
                   data.high_values[keep] - data.base_value, baseline=data.base_value,
                   x_label=f"{_words(data.output)} [{data.unit}]",
                   low_label="input at its 5th percentile",
                   high_label="input at its 95th percentile",
                   title=title or f"{_words(data.output)}: each input over its range")
