"""The report of a study file: size, plan, sweep, and write a report folder, section by section.

:func:`run_study` is the recipe behind ``thermaldesign study FILE.toml``; each section of
its report is built by a function of its own, which takes a
:class:`~thermaldesign.report.Report` and adds to it:

- :func:`headline` and :func:`key_numbers`: the summary sentence and table of a design;
- :func:`add_design_section`: breakdown figures, design table, mass/cost table;
- :func:`add_tornado`: the ten most sensitive inputs, each over its own provenance range;
- :func:`add_fleet_section`: the fleet plan, its timeline and cost vs launch price;
- :func:`add_sweep_section`: the outputs against the swept fields, the points, the data;
- :func:`add_pareto_section`: a Pareto front, its points and data;
- :func:`add_monte_carlo_section`: histograms, percentiles and a tornado of the inputs;
- :func:`add_inputs`: every spec input and catalog entry with its unit and source.

Figures a study file does not ask for are not drawn by :func:`run_study`; the builders
of such figures stay available to scripts: :func:`add_radiator_area` (radiator area per
MW of the spec's coatings), :func:`add_pareto_fronts` (compute vs mass and cost vs
radiator temperature) and :func:`add_cost_contour` (cost per compute over launch price
and areal density).

The study file itself is parsed by :mod:`thermaldesign.studyfile`; this module depends on
the whole toolkit (sizing, fleet, study tools, plots), the parser on none of it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import plots
from ._html import format_value
from .errors import CatalogError, InputError
from .fleet import Economics, plan_fleet
from .report import Report, check_folder
from .sizing import size_satellite
from .studytools import (
    DESIGN_OUTPUTS,
    FLEET_OUTPUTS,
    cost_per_compute_grid,
    design_outputs,
    pareto_front,
    tornado,
)
from .studytools.sobol import PROVENANCE_RULE, spec_inputs

__all__ = [
    "add_cost_contour",
    "add_design_section",
    "add_fleet_section",
    "add_inputs",
    "add_monte_carlo_section",
    "add_pareto_fronts",
    "add_pareto_section",
    "add_radiator_area",
    "add_sweep_section",
    "add_tornado",
    "cost_curve",
    "field_unit",
    "fleet_rows",
    "headline",
    "key_numbers",
    "key_outputs",
    "run_study",
]

#: Launch prices of the cost-vs-launch-price curve of a study report [USD/kg].
LAUNCH_PRICE_RANGE = (20.0, 20_000.0)
_OBJECTIVE_WORDS = {
    "max_compute": "compute",
    "min_mass_per_compute": "mass per compute",
    "min_cost_per_compute": "cost per compute",
}
#: Units of the scalar fields of a fleet plan shown in the fleet table.
_FLEET_UNITS = {
    "satellite_count": "-", "satellites_per_launch": "-", "launch_count": "-",
    "satellites_launched": "-", "deployment_years": "yr", "total_launched_mass": "kg",
    "launch_price_per_kg": "USD/kg", "effective_launch_price_per_kg": "USD/kg",
    "residual_value": "USD", "total_cost": "USD", "delivered_flop": "FLOP",
    "delivered_gpu_hours": "h", "cost_per_gpu_hour": "USD/h",
    "cost_per_pflop_day": "USD/(PFLOP/s·day)", "launched_power_price": "USD/(kW·yr)",
    "terrestrial_cost_per_gpu_hour": "USD/h", "terrestrial_cost": "USD",
    "terrestrial_water_volume": "m³", "break_even_launch_price": "USD/kg",
}
#: Design rows left out of the design table: the breakdown tables and figures show them.
_BREAKDOWN_ROWS = ("sensitivity:", "mass:", "power:", "heat:", "cost:")
#: The output each sizing objective optimises: the first key output of a study.
_OBJECTIVE_OUTPUT = {
    "max_compute": "compute",
    "min_mass_per_compute": "mass_per_compute",
    "min_cost_per_compute": "cost_per_compute",
}
#: Outputs a sweep report plots and tabulates, after the objective's own.
_KEY_OUTPUTS = ("compute", "total_mass", "it_power", "radiator_area", "cost_per_compute",
                "cost_per_gpu_hour")
#: A designed sweep with at most this many points is tabulated point by point [-].
POINT_TABLE_LIMIT = 25
#: Percentiles of a Monte Carlo report and the input range of its tornado [%].
MONTE_CARLO_PERCENTILES = (5.0, 50.0, 95.0)


# ------------------------------------------------------------------------- the design


def headline(design) -> str:
    """One paragraph: what the design carries, weighs and needs, and what binds it."""
    return (
        f"The {design.objective.replace('_', ' ')} design carries {design.gpu_count:,.0f} "
        f"accelerators: {design.compute / 1e15:,.1f} PFLOP/s dense BF16 at "
        f"{design.it_power / 1e3:,.1f} kW of IT power, in a {design.total_mass:,.0f} kg "
        f"satellite ({design.it_power / design.total_mass:,.1f} W/kg). It needs "
        f"{design.solar_array_area:,.0f} m² of solar array and {design.radiator_area:,.0f} m² "
        f"of radiator at {design.radiator_temperature:,.1f} K "
        f"({design.radiator_temperature - 273.15:,.1f} °C). Binding constraints: "
        f"{', '.join(design.binding_constraints) or 'none'}."
    )


def key_numbers(design) -> list[list]:
    """The headline numbers of a design as (quantity, value, unit) rows, readable units."""
    outputs = design_outputs(design)
    rows = [
        ["accelerators", design.gpu_count, "-"],
        ["compute (dense BF16)", design.compute / 1e15, "PFLOP/s"],
        ["IT power", design.it_power / 1e3, "kW"],
        ["satellite mass", design.total_mass, "kg"],
        ["specific power", design.it_power / design.total_mass, "W/kg"],
        ["solar array area", design.solar_array_area, "m²"],
        ["radiator area", design.radiator_area, "m²"],
        ["radiator temperature", design.radiator_temperature, "K"],
    ]
    if "cost_per_compute" in outputs:
        rows.append(["hardware + launch cost per compute",
                     outputs["cost_per_compute"] * 1e12, "USD/(TFLOP/s)"])
    return rows


def add_design_section(report: Report, design) -> None:
    """The three breakdown figures, the design table (SI) and its mass and cost breakdown.

    The design table is long (about 45 rows): the report places it after the figures
    (:data:`thermaldesign.report.LONG_TABLE_ROWS`), and :func:`key_numbers` opens the
    report instead.
    """
    report.add_section("Satellite design")
    report.add_figure(plots.mass_breakdown(design), "mass-breakdown.png",
                      caption="Mass breakdown of the satellite [kg]")
    report.add_figure(plots.power_breakdown(design), "power-breakdown.png",
                      caption="Electrical power: loads, losses and array output [W]")
    report.add_figure(plots.heat_breakdown(design), "heat-breakdown.png",
                      caption="Heat: sources, absorbed environment and heat emitted [W]")
    report.add_table([list(row) for row in design.rows() if not row[0].startswith(
        _BREAKDOWN_ROWS)],
        columns=["quantity", "value", "unit", "description"], title="Design (SI units)")
    report.add_table(
        [[name, value, "kg"] for name, value in design.mass_breakdown.items()]
        + [[f"cost: {name}", value, "USD"] for name, value in design.cost_breakdown.items()],
        columns=["part", "value", "unit"], title="Mass and cost breakdown",
    )


def add_tornado(report: Report, design, *, inputs: int = 10) -> None:
    """Tornado of the ``inputs`` most sensitive inputs, each moved alone to the 5th and
    95th percentile of its own provenance range (:data:`~thermaldesign.studytools.sobol.
    PROVENANCE_RULE`), not one step for all.

    Each end re-sizes the satellite (:func:`thermaldesign.tornado`); nothing is added when
    the design reports no sensitivity.
    """
    ranked = sorted(design.sensitivities.items(), key=lambda item: -abs(item[1]))[:inputs]
    if not ranked:
        return
    names = [name for name, _ in ranked]
    ranges = {item.name: item.range90 for item in spec_inputs(design.spec, names)}
    swings = tornado(design, names, ranges, progress=False)
    word = _OBJECTIVE_WORDS.get(design.objective, "objective")
    report.add_figure(
        plots.tornado(swings, x_label=f"Change in {word} [%]",
                      low_label="input at its 5th percentile",
                      high_label="input at its 95th percentile"),
        "tornado.png",
        caption=f"Change in {word} when each of the ten most sensitive inputs moves alone "
        "to the 5th and 95th percentile of its own range, the satellite re-sized at each "
        f"end. Ranges: {PROVENANCE_RULE}",
    )


def add_radiator_area(report: Report, spec, *, small: bool = False) -> None:
    """Radiator area and mass per MW vs temperature: the spec's coating and two others."""
    coatings = [spec.entry("coating").key, "osr_quartz", "silvered_teflon"]
    report.add_figure(
        plots.radiator_area_vs_temperature(
            np.linspace(260.0, 420.0, 41 if small else 161),
            coatings=list(dict.fromkeys(coatings)), radiator_technology=spec.entry("radiator"),
            altitude=spec.altitude,
        ),
        "radiator-area.png",
        caption="Ideal radiator area and mass per MW rejected vs temperature for the "
        "spec's radiator technology and coatings (edge-on panel, hot case, end of life)",
    )


def add_pareto_fronts(report: Report, spec, *, small: bool = False) -> None:
    """Pareto fronts of compute vs satellite mass and of cost vs radiator temperature."""
    front = pareto_front(spec, "total_mass", "compute", points=6 if small else 12,
                         progress=False)
    report.add_figure(
        plots.pareto_front(front, title="Pareto front: compute vs satellite mass"),
        "pareto-compute-mass.png",
        caption="Most compute for each satellite mass (epsilon-constraint method, exact "
        "integer GPU counts): every point is a non-dominated design",
    )
    front = pareto_front(spec, "radiator_temperature", "cost_per_compute",
                         points=5 if small else 10, progress=False)
    report.add_figure(
        plots.pareto_front(front, title="Pareto front: cost per compute vs radiator "
                           "temperature"),
        "pareto-cost-temperature.png",
        caption="Lowest hardware plus launch cost per compute for each radiator temperature "
        "bound (epsilon-constraint method): a colder radiator needs more area and mass",
    )


def add_cost_contour(report: Report, spec, *, small: bool = False) -> None:
    """Cost per compute over launch price and radiator areal density (each point re-sized).

    Launch prices 100 to 10,000 USD/kg; areal densities 0.25 to 1.5 times the spec's.
    Nothing is added when no grid point closes.
    """
    prices = np.geomspace(100.0, 10_000.0, 3 if small else 7)
    density = spec.entry("radiator").areal_density
    densities = np.linspace(0.25 * density, 1.5 * density, 3 if small else 5)
    grid = cost_per_compute_grid(spec, prices, densities, progress=False)
    if not np.isfinite(grid).any():
        return
    report.add_figure(
        plots.cost_contour(prices, densities, grid * 1e12,
                           cost_label="Cost per compute [USD/(TFLOP/s)]"),
        "cost-contour.png",
        caption="Hardware plus launch cost per unit compute of the cost-optimal satellite "
        "over launch price and radiator areal density (each point re-sized)",
    )


# -------------------------------------------------------------------------- the fleet


def fleet_rows(plan) -> list[list]:
    """Scalar fields of a fleet plan with units, then its cost breakdowns [USD]."""
    rows = [["vehicle", plan.vehicle, ""], ["horizon", plan.years, "yr"]]
    for name, unit in _FLEET_UNITS.items():
        value = getattr(plan, name, None)
        rows.append([name.replace("_", " "), "none" if value is None else value, unit])
    for group in ("capex_breakdown", "opex_breakdown", "terrestrial_breakdown"):
        for key, value in getattr(plan, group, {}).items():
            rows.append([f"{group.split('_')[0]}: {key.replace('_', ' ')}", value, "USD"])
    return rows


def cost_curve(design, fleet_keywords: dict, economics, count: int):
    """Fleet cost per GPU-hour over launch prices, a full fleet plan per price.

    Returns
    -------
    prices : numpy.ndarray
        ``count`` launch prices spaced geometrically over :data:`LAUNCH_PRICE_RANGE`
        [USD/kg].
    costs : numpy.ndarray
        Cost per delivered GPU-hour at each price [USD/h].
    """
    prices = np.geomspace(*LAUNCH_PRICE_RANGE, count)
    costs = np.array([
        plan_fleet(design, economics=dataclasses.replace(economics, launch_price_per_kg=p),
                   **fleet_keywords).cost_per_gpu_hour
        for p in prices
    ])
    return prices, costs


def add_fleet_section(report: Report, design, fleet_keywords: dict, economics: dict | None,
                      *, small: bool = False) -> dict:
    """Plan the fleet of ``design`` and add its paragraph, table, timeline and cost curve.

    Parameters
    ----------
    report : Report
    design : SatelliteDesign
    fleet_keywords : dict
        Keywords of :func:`thermaldesign.plan_fleet` (a study's ``[fleet]``); without a
        target the fleet carries the design's IT power [W].
    economics : dict or None
        Fields of :class:`thermaldesign.Economics` (a study's ``[economics]``).
    small : bool
        Fewer points on the cost-vs-launch-price curve.

    Returns
    -------
    dict
        Headline numbers of the plan (counts, USD/h, USD/kg).
    """
    economics = Economics(**(economics or {}))
    keywords = dict(fleet_keywords)
    if "target_it_power" not in keywords and "target_compute" not in keywords:
        keywords["target_it_power"] = design.it_power
    plan = plan_fleet(design, economics=economics, **keywords)
    report.add_section("Fleet")
    report.add_paragraph(
        f"{plan.satellite_count:,} satellites on {plan.vehicle} "
        f"({plan.satellites_per_launch} per launch, {plan.launch_count:,} launches in "
        f"{plan.years} years) deliver compute at {plan.cost_per_gpu_hour:,.2f} USD per "
        f"GPU-hour against {plan.terrestrial_cost_per_gpu_hour:,.2f} USD on the ground "
        f"({plan.terrestrial}). {plan.break_even_note}"
    )
    report.add_table(fleet_rows(plan), columns=["quantity", "value", "unit"],
                     title="Fleet plan")
    report.add_figure(plots.fleet_timeline(plan), "fleet-timeline.png",
                      caption="IT power in orbit (yearly average) and launches per year")
    prices, costs = cost_curve(design, keywords, economics, 9 if small else 25)
    report.add_figure(
        plots.cost_vs_launch_price(
            prices, {"orbit": costs}, terrestrial_cost=plan.terrestrial_cost_per_gpu_hour,
            cost_label="Cost per GPU-hour [USD/h]",
            terrestrial_label=f"ground ({plan.terrestrial})",
        ),
        "cost-vs-launch-price.png",
        caption="Levelized fleet cost per delivered GPU-hour vs launch price (a fleet "
        "plan per point), with the ground cost and the break-even launch price",
    )
    report.add_data("fleet.json", plan, description="the fleet plan, SI units and USD")
    report.add_data("cost-vs-launch-price.csv",
                    {"launch_price_per_kg": prices, "cost_per_gpu_hour": costs},
                    description="launch price [USD/kg], cost per GPU-hour [USD/h]")
    return {
        "satellite_count": plan.satellite_count, "launch_count": plan.launch_count,
        "cost_per_gpu_hour": plan.cost_per_gpu_hour,
        "terrestrial_cost_per_gpu_hour": plan.terrestrial_cost_per_gpu_hour,
        "break_even_launch_price": plan.break_even_launch_price,
    }


# -------------------------------------------------------------------------- the sweep


def field_unit(spec, path: str) -> str:
    """SI unit of a swept field path: a spec field or a catalog field (``radiator.x``).

    ``"-"`` for a dimensionless number or a count, ``""`` for a key or a choice.
    """
    technology, _, name = path.partition(".")
    if not name:
        return spec.unit(technology) or ("-" if isinstance(
            getattr(spec, technology, None), (int, float)) else "")
    numeric = getattr(spec.entry(technology), "NUMERIC", {}).get(name)
    return getattr(numeric, "unit", "") or "-"


def output_units(names) -> dict[str, str]:
    """SI unit of each output name (design and fleet outputs; ``"-"`` if unknown)."""
    known = {**DESIGN_OUTPUTS, **FLEET_OUTPUTS}
    return {name: known.get(name, "-") for name in names}


def key_outputs(result, count: int = 4) -> list[str]:
    """The outputs a report shows of a sweep: the objective's own first, then
    compute, mass, IT power, radiator area and cost, as far as the sweep has them."""
    preferred = [_OBJECTIVE_OUTPUT.get(result.objective, result.objective), *_KEY_OUTPUTS]
    names = [name for name in dict.fromkeys(preferred) if name in result.outputs]
    return (names or list(result.outputs))[:count]


def _numeric_varied(result) -> list[str]:
    """Swept fields with numeric values that take more than one value."""
    varied = []
    for name, values in result.inputs.items():
        values = np.asarray(values)
        if values.dtype.kind in "iuf" and np.unique(values).size > 1:
            varied.append(name)
    return varied


def _point_text(result, index: int) -> str:
    """The inputs of one sweep point as text: "mass_limit = 2,500, ..." (SI units)."""
    return ", ".join(f"{name} = {format_value(_cell(values[index]))}" for name, values
                     in result.inputs.items())


def _cell(value):
    return value.item() if hasattr(value, "item") else value


def _sweep_tables(report: Report, result, outputs: list[str], units: dict) -> None:
    """The points of a small designed sweep, or each output's extremes and where."""
    ok = result.ok
    if len(result) <= POINT_TABLE_LIMIT:
        rows = []
        for index in range(len(result)):
            row = {f"{n} [{units[n]}]": _cell(result.inputs[n][index]) for n in result.inputs}
            row.update({f"{n} [{units[n]}]": _cell(result.outputs[n][index]) if ok[index]
                        else None for n in outputs})
            row["status"] = str(result.status[index])
            rows.append(row)
        report.add_table(rows, title="Every point of the sweep (SI units; a failed point "
                         "has no outputs, its reason is in sweep.csv)")
        return
    if not ok.any():
        return
    rows = []
    for name in outputs:
        values = np.where(ok, np.asarray(result.outputs[name], dtype=float), np.nan)
        low, high = int(np.nanargmin(values)), int(np.nanargmax(values))
        rows.append({"output": name, "unit": units[name], "min": values[low],
                     "at the min": _point_text(result, low), "max": values[high],
                     "at the max": _point_text(result, high)})
    report.add_table(rows, title="Each key output's smallest and largest value over the "
                     "closed points, and the point achieving it (SI units)")


def _sweep_figure(report: Report, result, outputs: list[str], units: dict, *,
                  lead: bool) -> None:
    """Lines for one varied field, contours for a two-field grid, scatter otherwise."""
    varied = _numeric_varied(result)
    if not varied or not result.ok.any():
        return
    if len(varied) == 1 and np.unique(result.inputs[varied[0]]).size == len(result):
        field = varied[0]
        report.add_figure(
            plots.sweep_lines(field, result.inputs[field],
                              {n: result.outputs[n] for n in outputs}, units=units),
            f"sweep-{field.replace('.', '-')}.png", lead=lead,
            caption=f"Key outputs of the sweep against {field}: each point is a satellite "
            "sized at that value (a gap is a point that did not close)")
        return
    if result.kind == "grid" and len(result.shape) == 2 and list(result.inputs) == varied:
        # Axis i of the grid runs along field i; the file may list values in any order.
        x = np.asarray(result.grid(varied[0]), dtype=float)[:, 0]
        y = np.asarray(result.grid(varied[1]), dtype=float)[0, :]
        by_x, by_y = np.argsort(x), np.argsort(y)
        for position, name in enumerate(outputs[:2]):
            data = np.where(result.ok, result.outputs[name], np.nan).reshape(result.shape)
            report.add_figure(
                plots.sweep_contour(varied, (x[by_x], y[by_y]), name,
                                    data[by_x][:, by_y], units=units),
                f"sweep-contour-{name}.png", lead=lead and position == 0,
                caption=f"{name.replace('_', ' ').capitalize()} over the grid of "
                f"{varied[0]} and {varied[1]} (dots: the grid points; blank: did not close)")
        return
    fields = varied[:4]
    report.add_figure(
        plots.sweep_scatter({f: result.inputs[f] for f in fields},
                            {n: np.where(result.ok, result.outputs[n], np.nan)
                             for n in outputs[:3]}, units=units),
        "sweep-scatter.png", lead=lead,
        caption="Key outputs against each swept field, every closed point (the other "
        "fields vary too: a clear trend marks a field that matters)")


def add_sweep_section(report: Report, sweep, spec, *, progress=None, lead: bool = False
                      ) -> dict:
    """Run a study's sweep plan; add its paragraph, figure, table and ``sweep.csv``.

    The figure shows the key outputs (:func:`key_outputs`) against what was swept: a
    line per output for one varied field (:func:`thermaldesign.plots.sweep_lines`), a
    contour per output (two) for a two-field grid (:func:`thermaldesign.plots.sweep_contour`),
    and a scatter of each output against each field for more fields or a Latin
    hypercube (:func:`thermaldesign.plots.sweep_scatter`). The table lists every point
    of a sweep of up to :data:`POINT_TABLE_LIMIT` points, else each output's extremes and
    the point achieving them: a mean or spread over a designed grid describes the grid,
    not the design.

    Parameters
    ----------
    report : Report
    sweep : SweepPlan
        A study's ``[sweep]`` (anything with ``run(spec, progress=...)``, ``method``,
        ``fields`` and ``objective``).
    spec : SatelliteSpec
    progress : bool, optional
        Progress bar of the sweep.
    lead : bool
        Make the sweep's figure the report's lead figure.

    Returns
    -------
    dict
        ``points`` (count) and ``failures`` (reason -> count).
    """
    result = sweep.run(spec, progress=progress)
    failures = result.failures()
    report.add_section("Sweep")
    report.add_paragraph(
        f"{sweep.method.replace('_', ' ')} sweep of {len(result):,} points over "
        f"{', '.join(sweep.fields)} ({sweep.objective}); "
        f"{int(result.ok.sum()):,} closed"
        + (f", failures: {', '.join(f'{k} {v}' for k, v in failures.items())}."
           if failures else ".")
    )
    outputs = key_outputs(result)
    units = {**output_units(outputs), **{n: field_unit(spec, n) for n in result.inputs}}
    _sweep_figure(report, result, outputs, units, lead=lead)
    _sweep_tables(report, result, outputs, units)
    report.add_data("sweep.csv", result.to_dict(),
                    description="every sweep point: inputs, outputs, status, reason")
    return {"points": len(result), "failures": failures}


# ------------------------------------------------------------ Pareto and Monte Carlo


def add_pareto_section(report: Report, front, *, lead: bool = False) -> dict:
    """A Pareto front (:class:`~thermaldesign.studytools.ParetoFront`): figure, points, data.

    Returns
    -------
    dict
        ``points`` (count), ``objective_x`` and ``objective_y``.
    """
    report.add_section("Pareto front")
    report.add_paragraph(
        f"{len(front):,} non-dominated designs trading {front.objective_y.replace('_', ' ')} "
        f"({front.sense_y}) against {front.objective_x.replace('_', ' ')} ({front.sense_x}), "
        f"by {front.method}; {front.removed:,} solved points were dominated or duplicates.")
    report.add_figure(
        plots.pareto_front(front), "pareto-front.png", lead=lead,
        caption=f"Pareto front: the best {front.objective_y.replace('_', ' ')} for each "
        f"{front.objective_x.replace('_', ' ')}; every point is a satellite sized at its bound")
    outputs = front.outputs()
    shown = [n for n in dict.fromkeys((front.objective_x, front.objective_y, "gpu_count",
                                       "total_mass", "radiator_area",
                                       "radiator_temperature")) if n in outputs]
    units = output_units(shown)
    report.add_table(
        [{f"{n} [{units[n]}]": outputs[n][i] for n in shown} for i in range(len(front))],
        title="The designs of the front (SI units)")
    report.add_data("pareto.csv", {"epsilon": front.epsilon, **outputs},
                    description="every point of the front: the bound imposed (epsilon) and "
                    "every design output, SI units")
    return {"points": len(front), "objective_x": front.objective_x,
            "objective_y": front.objective_y}


def add_monte_carlo_section(report: Report, result, *, spec=None, progress=None,
                            lead: bool = False) -> dict:
    """A Monte Carlo result: histograms, percentiles table, tornado of its inputs, data.

    Parameters
    ----------
    report : Report
    result : SweepResult
        From :func:`thermaldesign.studytools.monte_carlo` (``kind == "monte_carlo"``).
    spec : SatelliteSpec, optional
        The base spec. With it, and a result of the default sizing evaluate, a tornado
        shows the objective's output when each uncertain input moves alone to the 5th
        and 95th percentile of its samples (the satellite re-sized at each end,
        :func:`thermaldesign.tornado`).
    progress : bool, optional
        Progress bar of the tornado's re-solves.
    lead : bool
        Make the histograms the report's lead figure.

    Returns
    -------
    dict
        ``samples``, ``failures`` and the percentiles of the first key output.
    """
    failures = result.failures()
    outputs = key_outputs(result)
    units = output_units(outputs)
    report.add_section("Monte Carlo")
    report.add_paragraph(
        f"{len(result):,} samples of {', '.join(result.inputs)}; "
        f"{int(result.ok.sum()):,} closed"
        + (f", failures: {', '.join(f'{k} {v}' for k, v in failures.items())}."
           if failures else "."))
    if result.ok.any():
        report.add_figure(
            plots.histograms({n: np.where(result.ok, result.outputs[n], np.nan)
                              for n in outputs}, units=units,
                             percentiles=MONTE_CARLO_PERCENTILES),
            "monte-carlo-histograms.png", lead=lead,
            caption="Distribution of the key outputs over the closed samples, with the "
            "5th, 50th and 95th percentiles")
        summary = result.summary(MONTE_CARLO_PERCENTILES)
        report.add_table(
            [{"output": n, "unit": unit, **summary[n]}
             for n, unit in output_units(summary).items()],
            title="Outputs over the closed samples: mean, spread and percentiles (SI units)")
    # The tornado re-sizes the satellite: it applies to a sizing run, not to a custom
    # evaluate (a fleet-level Monte Carlo, say), whose inputs the sizing may not know.
    if spec is not None and result.ok.any() and result.objective in _OBJECTIVE_OUTPUT:
        _monte_carlo_tornado(report, result, spec, progress)
    report.add_data("monte-carlo.csv", result.to_dict(),
                    description="every sample: inputs, outputs, status, reason")
    first = outputs[0] if outputs else None
    return {"samples": len(result), "failures": failures,
            "percentiles": result.percentiles(first, MONTE_CARLO_PERCENTILES)
            if first and result.ok.any() else {}}


def _monte_carlo_tornado(report: Report, result, spec, progress) -> None:
    """Tornado of the uncertain inputs, each at its 5th and 95th sample percentile."""
    low_high = {}
    for name, values in result.inputs.items():
        values = np.asarray(values)
        if values.dtype.kind in "iuf" and np.unique(values).size > 1:
            low, high = np.percentile(values.astype(float), [5.0, 95.0])
            low_high[name] = (float(low), float(high))
    if not low_high:
        return
    swings = tornado(spec, list(low_high), low_high, sizing_objective=result.objective,
                     progress=progress)
    word = _OBJECTIVE_OUTPUT[result.objective].replace("_", " ")
    report.add_figure(
        plots.tornado(swings, x_label=f"Change in {word} [%]", low_label="5th percentile",
                      high_label="95th percentile"),
        "monte-carlo-tornado.png",
        caption=f"Change in {word} when each uncertain input moves alone to the 5th and "
        "95th percentile of its samples, the satellite re-sized at each end")


# ------------------------------------------------------------------------- the inputs


def _input_value(spec, name: str):
    """A spec field as shown in the inputs table: a catalog key, a value, or "none"."""
    value = getattr(spec, name)
    if hasattr(value, "KIND"):
        return value.key
    if value is None:
        try:  # an input that defaults to the catalog: show the value used
            return spec.value(name)
        except (KeyError, InputError, CatalogError, TypeError):
            return "none"
    return value


def add_inputs(report: Report, study) -> None:
    """Every spec input with its source, then the catalog entries the spec uses."""
    report.describe_inputs(
        "Every spec input with where its value comes from (the study file, the spec's "
        "documented default, or the catalog), then every field of the catalog entries "
        "used, with source, date and confidence."
    )
    spec = study.spec
    origin = f"study file {study.path}" if study.path else "study file"
    for item in dataclasses.fields(spec):
        source = origin if item.name in study.spec_values else spec.source(item.name)
        report.add_input(f"spec.{item.name}", _input_value(spec, item.name),
                         unit=spec.unit(item.name), source=source)
    for technology in ("accelerator", "solar_array", "radiator", "coating", "battery"):
        report.add_catalog_entry(spec.entry(technology))


# ---------------------------------------------------------------------------- recipe


def run_study(study, out_dir, *, small: bool = False, progress=None) -> dict:
    """Run a study file and write its report folder: what the study asked, nothing more.

    Every study sizes its spec (the base "size" study). Its report opens with the
    headline sentence, the key numbers (:func:`key_numbers`) and one lead figure, then:

    - always: the design's mass, power and heat breakdowns, the design table and its
      mass/cost breakdown (long tables below the figures), and the tornado of the ten
      inputs the design is most sensitive to (each moved alone over its own provenance
      range and the satellite re-sized, :func:`thermaldesign.tornado`);
    - ``[fleet]``: the fleet table, timeline and cost vs launch price with the
      terrestrial line (:func:`add_fleet_section`);
    - ``[sweep]``: the key outputs against the swept fields, the points or their
      extremes, and ``sweep.csv`` (:func:`add_sweep_section`);
    - ``[pareto]``: the front, its designs and ``pareto.csv`` (:func:`add_pareto_section`);
    - ``[montecarlo]``: histograms, percentiles and a tornado of the uncertain inputs
      (:func:`add_monte_carlo_section`);
    - always, last: every input with its unit and source.

    The lead figure is that of the last of ``[sweep]``, ``[pareto]``, ``[montecarlo]``
    the study has, else the mass breakdown. Figures no section asks for (radiator area
    per MW, fixed Pareto fronts, the cost contour over launch price and areal density)
    are left out; :func:`add_radiator_area`, :func:`add_pareto_fronts` and
    :func:`add_cost_contour` draw them for a script that wants them. In a study file, a
    ``[pareto]`` section asks for a front, and a two-field grid ``[sweep]`` over
    ``launch_price_per_kg`` [USD/kg] and ``radiator.areal_density`` [kg/m^2] with
    objective ``min_cost_per_compute`` draws the cost contour.

    Parameters
    ----------
    study : StudyFile
        From :func:`thermaldesign.studyfile.load_study` or
        :func:`thermaldesign.studyfile.parse_study`; its optional ``pareto`` and
        ``monte_carlo`` plans (anything with ``run(spec, progress=...)``) are run when
        present.
    out_dir : str or os.PathLike
        Report folder (replaced atomically if it holds an earlier report).
    small : bool
        Fewer points in the derived curves (for tests and quick looks).
    progress : bool, optional
        Progress bar of the sweep, front and Monte Carlo (None: after 2 s).

    Returns
    -------
    dict
        ``report`` (folder path), ``design`` headline numbers, and ``fleet``, ``sweep``,
        ``pareto`` and ``monte_carlo`` summaries when present (SI units).
    """
    check_folder(out_dir)  # fail before the computation, not after it
    spec = study.spec
    design = size_satellite(spec, study.objective)
    outcome = {"design": design_outputs(design)}
    # A small run is a quick look: lighter PNGs render in half the time.
    report = Report(study.title, subtitle=study.description or None,
                    dpi=100 if small else 150)
    report.add_summary(headline(design))
    report.add_key_numbers(key_numbers(design))
    add_design_section(report, design)
    add_tornado(report, design)
    report.add_data("design.json", design, description="the sized design, SI units")
    if study.fleet is not None:
        outcome["fleet"] = add_fleet_section(report, design, study.fleet, study.economics,
                                             small=small)
    if study.sweep is not None:
        outcome["sweep"] = add_sweep_section(report, study.sweep, spec, progress=progress,
                                             lead=True)
    pareto = getattr(study, "pareto", None)
    if pareto is not None:
        outcome["pareto"] = add_pareto_section(report, pareto.run(spec, progress=progress),
                                               lead=True)
    monte_carlo = getattr(study, "monte_carlo", None)
    if monte_carlo is not None:
        outcome["monte_carlo"] = add_monte_carlo_section(
            report, monte_carlo.run(spec, progress=progress), spec=spec,
            progress=progress, lead=True)
    add_inputs(report, study)
    outcome["report"] = str(report.write(out_dir))
    return outcome
