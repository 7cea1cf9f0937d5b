"""The report of a study file: size, plan, sweep, and write a report folder, section by section.

:func:`run_study` is the recipe behind ``thermaldesign study FILE.toml``; each section of
its report is built by a function of its own, which takes a
:class:`~thermaldesign.report.Report` and adds to it:

- :func:`headline`: the summary sentence of a design;
- :func:`add_design_section`: design table, mass/cost table, breakdown figures;
- :func:`add_tornado`: the ten most sensitive inputs moved by +-10 % each;
- :func:`add_radiator_area`: radiator area per MW of the spec's coatings;
- :func:`add_pareto_fronts`: compute vs mass and cost vs radiator temperature;
- :func:`add_cost_contour`: cost per compute over launch price and areal density;
- :func:`add_fleet_section`: the fleet plan, its timeline and cost vs launch price;
- :func:`add_sweep_section`: the sweep's summary table and data;
- :func:`add_inputs`: every spec input and catalog entry with its source.

The study file itself is parsed by :mod:`thermaldesign.studyfile`; this module depends on
the whole toolkit (sizing, fleet, study tools, plots), the parser on none of it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import plots
from .errors import CatalogError, InputError
from .fleet import Economics, plan_fleet
from .report import Report, check_folder
from .sizing import size_satellite
from .studytools import cost_per_compute_grid, design_outputs, pareto_front, tornado

__all__ = [
    "add_cost_contour",
    "add_design_section",
    "add_fleet_section",
    "add_inputs",
    "add_pareto_fronts",
    "add_radiator_area",
    "add_sweep_section",
    "add_tornado",
    "cost_curve",
    "fleet_rows",
    "headline",
    "run_study",
    "sweep_columns",
]

#: Launch prices of the cost-vs-launch-price curve of a study report [USD/kg].
LAUNCH_PRICE_RANGE = (20.0, 20_000.0)
#: Relative input change shown in the tornado chart of a study report [-].
TORNADO_STEP = 0.10
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


def add_design_section(report: Report, design) -> None:
    """The design table (SI), its mass and cost breakdown, and the three breakdown figures."""
    report.add_section("Satellite design")
    report.add_table([list(row) for row in design.rows() if not row[0].startswith(
        _BREAKDOWN_ROWS)],
        columns=["quantity", "value", "unit", "description"], title="Design (SI units)")
    report.add_table(
        [[name, value, "kg"] for name, value in design.mass_breakdown.items()]
        + [[f"cost: {name}", value, "USD"] for name, value in design.cost_breakdown.items()],
        columns=["part", "value", "unit"], title="Mass and cost breakdown",
    )
    report.add_figure(plots.mass_breakdown(design), "mass-breakdown.png",
                      caption="Mass breakdown of the satellite [kg]")
    report.add_figure(plots.power_breakdown(design), "power-breakdown.png",
                      caption="Electrical power: loads, losses and array output [W]")
    report.add_figure(plots.heat_breakdown(design), "heat-breakdown.png",
                      caption="Heat: sources, absorbed environment and heat emitted [W]")


def add_tornado(report: Report, design, *, inputs: int = 10) -> None:
    """Tornado of the ``inputs`` most sensitive inputs, each moved by +-10 % alone.

    Each end re-sizes the satellite (:func:`thermaldesign.tornado`); nothing is added when
    the design reports no sensitivity.
    """
    ranked = sorted(design.sensitivities.items(), key=lambda item: -abs(item[1]))[:inputs]
    if not ranked:
        return
    swings = tornado(design, [name for name, _ in ranked], variation=TORNADO_STEP,
                     progress=False)
    word = _OBJECTIVE_WORDS.get(design.objective, "objective")
    report.add_figure(
        plots.tornado(swings, x_label=f"Change in {word} [%]", low_label="input -10 %",
                      high_label="input +10 %"),
        "tornado.png",
        caption=f"Change in {word} when each of the ten most sensitive inputs moves by "
        "-10 % and +10 % alone, the satellite re-sized at each end",
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


def sweep_columns(result) -> dict:
    """Every sweep point as columns: inputs, outputs, status and reason."""
    columns = {name: np.asarray(values) for name, values in result.inputs.items()}
    columns.update({name: np.asarray(values) for name, values in result.outputs.items()})
    columns["status"] = np.asarray(result.status)
    columns["reason"] = np.asarray(result.reason)
    return columns


def add_sweep_section(report: Report, sweep, spec, *, progress=None) -> dict:
    """Run a study's sweep plan and add its paragraph, summary table and ``sweep.csv``.

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
    summary = result.summary()
    report.add_table(
        [{"output": name, **values} for name, values in summary.items()],
        title="Outputs over the closed points: mean, spread and percentiles (SI units)",
    )
    report.add_data("sweep.csv", sweep_columns(result),
                    description="every sweep point: inputs, outputs, status, reason")
    return {"points": len(result), "failures": failures}


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
        report.add_input(f"spec.{item.name}", _input_value(spec, item.name), source=source)
    for technology in ("accelerator", "solar_array", "radiator", "coating", "battery"):
        report.add_catalog_entry(spec.entry(technology))


# ---------------------------------------------------------------------------- recipe


def run_study(study, out_dir, *, small: bool = False, progress=None) -> dict:
    """Run a study file and write its report folder.

    Sizes the spec, plans the fleet (``[fleet]``), runs the sweep (``[sweep]``), and
    writes ``out_dir`` with :class:`thermaldesign.report.Report`: headline summary, the
    design table and its breakdowns, a tornado of the ten most sensitive inputs (each
    moved by +-10 % alone and the satellite re-sized, :func:`thermaldesign.tornado`), the
    radiator area per MW of the spec's coatings, the cost per compute over launch price
    and radiator areal density, the fleet table, timeline and cost vs launch price with
    the terrestrial line, the sweep data, and every input with its source.

    Parameters
    ----------
    study : StudyFile
        From :func:`thermaldesign.studyfile.load_study` or
        :func:`thermaldesign.studyfile.parse_study`.
    out_dir : str or os.PathLike
        Report folder (replaced atomically if it holds an earlier report).
    small : bool
        Fewer points in the derived curves (for tests and quick looks).
    progress : bool, optional
        Progress bar of the sweep (None: after 2 s).

    Returns
    -------
    dict
        ``report`` (folder path), ``design`` headline numbers, and ``fleet`` and
        ``sweep`` summaries when present (SI units).
    """
    check_folder(out_dir)  # fail before the computation, not after it
    spec = study.spec
    design = size_satellite(spec, study.objective)
    outcome = {"design": design_outputs(design)}
    # A small run is a quick look: lighter PNGs render in half the time.
    report = Report(study.title, subtitle=study.description or None,
                    dpi=100 if small else 150)
    report.add_summary(headline(design))
    add_design_section(report, design)
    add_tornado(report, design)
    add_radiator_area(report, spec, small=small)
    add_pareto_fronts(report, spec, small=small)
    add_cost_contour(report, spec, small=small)
    report.add_data("design.json", design, description="the sized design, SI units")
    if study.fleet is not None:
        outcome["fleet"] = add_fleet_section(report, design, study.fleet, study.economics,
                                             small=small)
    if study.sweep is not None:
        outcome["sweep"] = add_sweep_section(report, study.sweep, spec, progress=progress)
    add_inputs(report, study)
    outcome["report"] = str(report.write(out_dir))
    return outcome
