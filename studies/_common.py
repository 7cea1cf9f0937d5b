"""Shared pieces of the studies: loading, claim tables, design tables and inputs.

Each study in this folder is a module with ``main(out_dir, *, small=False)`` that the
``thermaldesign study NAME --out DIR`` command loads by file path (so the studies are not a
package). A study puts its own folder on ``sys.path`` and imports this module as
``_common``.

A claim row separates what a source CLAIMS from what the toolkit COMPUTES:
``claim(quantity, claimed, computed, unit, verdict, why, source)``. Verdicts are one of
:data:`VERDICTS`.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np

import thermaldesign as td
from thermaldesign import accelerator, plots
from thermaldesign._html import format_value
from thermaldesign.fleet.uncertain import FixedDesignFleet
from thermaldesign.studytools.sobol import (
    PROVENANCE_RULE,
    fleet_monte_carlo,
    range_tornado,
    sobol_analysis,
    spec_inputs,
)

#: The verdicts a claim can get, from "the numbers agree" to "physically inconsistent".
VERDICTS = ("holds", "holds with caveats", "overstated", "does not close", "wrong physics")

#: Okabe-Ito colours, the palette of thermaldesign.plots.
COLORS = plots.OKABE_ITO


def claim(quantity, claimed, computed, unit, verdict, why, source) -> dict:
    """One row of a claims table: what the source says against what the toolkit computes.

    Parameters
    ----------
    quantity : str
        What is claimed.
    claimed, computed : float or str
        The source's number and the toolkit's number, same unit.
    unit : str
        Unit of both numbers.
    verdict : str
        One of :data:`VERDICTS`.
    why : str
        One sentence on why they differ (or agree).
    source : str
        Where the claim is published.
    """
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {VERDICTS}")
    return {"quantity": quantity, "claimed": claimed, "computed": computed, "unit": unit,
            "verdict": verdict, "why": why, "source": source}


def add_claims(report, rows, *, title: str) -> None:
    """Add claims to a report: a compact verdict table, then one paragraph per claim.

    The table holds quantity, claimed, computed, unit and verdict (it stays readable at
    any width); the reason and the source follow as text, numbered like the table rows.
    """
    table = [{"#": index, **{k: row[k] for k in ("quantity", "claimed", "computed", "unit",
                                                  "verdict")}}
             for index, row in enumerate(rows, start=1)]
    report.add_table(table, title=title,
                     note="Verdicts: " + " / ".join(VERDICTS) + ". Why, and where each "
                     "claim is published, below.")
    for index, row in enumerate(rows, start=1):
        report.add_paragraph(f"{index}. {row['quantity']} — {row['verdict']}. {row['why']} "
                             f"Source: {row['source']}.")


def number(value, digits: int = 3) -> str:
    """A number as text with ``digits`` significant digits and thousands separators."""
    if value is None:
        return "none"
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0.0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = digits - 1 - magnitude
    value = round(value, decimals)
    return f"{value:,.{max(0, decimals)}f}"


def design_headline(design) -> dict:
    """The headline numbers of a design, SI units."""
    return {
        "gpu_count": int(round(design.gpu_count)),
        "compute": float(design.compute),
        "it_power": float(design.it_power),
        "total_mass": float(design.total_mass),
        "specific_power": float(design.specific_power),
        "solar_array_area": float(design.solar_array_area),
        "radiator_area": float(design.radiator_area),
        "radiator_temperature": float(design.radiator_temperature),
        "battery_energy": float(design.battery_energy),
        "hardware_cost": float(design.hardware_cost),
        "junction_temperature": float(design.junction_temperature),
        "clock_fraction": float(design.clock_fraction),
        "eclipse_power_fraction": float(design.eclipse_power_fraction),
        "spare_count": float(design.spare_count),
        "nameplate_compute": float(design.nameplate_compute),
        "delivered_compute": float(design.delivered_compute),
        "compute_per_kg": float(design.compute_per_kg),
        "gpus_per_tonne": float(design.gpus_per_tonne),
    }


def fixed_chip(spec, *, terrestrial_host: bool = False, failures: bool = False,
               leakage: bool = True):
    """The spec with the chip as the pre-co-design model had it: full clock, at the
    junction limit, running through eclipse (unless the spec pins idling); no hard
    failures unless ``failures``; the DGX wall share of host power (575 W for the H100)
    when ``terrestrial_host``; leakage held at its value at the limit unless ``leakage``
    (a chip that tolerates a hotter junction at the same TDP).

    Above the fits' junction range the junction temperature is left free: with leakage
    and failures off nothing is gained by running cooler, so it sits at the limit.
    """
    gpu = spec.entry("accelerator")
    mode = "battery" if spec.eclipse_mode == "optimize" else spec.eclipse_mode
    limit = spec.value("junction_limit")
    inside = limit <= accelerator.JUNCTION_FIT_RANGE[1]
    changes = {"clock_fraction": 1.0, "eclipse_mode": mode,
               "junction_temperature": limit if inside else None}
    if not failures:
        gpu = gpu.replace(hard_failure_rate=0.0)
    if not leakage or not inside:
        gpu = gpu.replace(leakage_fraction=0.0)
    changes["accelerator"] = gpu
    if terrestrial_host:
        changes["server_power"] = gpu.server_power
    return spec.replace(**changes)


#: The trades of the co-design, added one at a time: label -> spec changes (see
#: :func:`chip_trades`).
CHIP_TRADES = (
    "pre-co-design model (DGX host share, chip fixed, no failures)",
    "space-native host share",
    "+ hard failures and cold spares at the junction limit",
    "+ junction temperature free",
    "+ clock free",
    "+ eclipse policy free (the co-design)",
)


def chip_trades(spec) -> list[dict]:
    """The spec's max-compute design with the co-design's trades added one at a time.

    Each row restricts the one below it (a pinned variable or an effect left out), so
    delivered compute can only grow down the rows once failures are in; each row: GPUs,
    spares, junction temperature [K], clock [-], eclipse fraction [-], delivered compute
    [FLOP/s], delivered compute per kg [FLOP/s/kg], IT W/kg, GPUs per tonne.
    """
    pinned = fixed_chip(spec, failures=True)
    specs = [
        fixed_chip(spec, terrestrial_host=True),
        fixed_chip(spec),
        pinned,
        pinned.replace(junction_temperature=None),
        pinned.replace(junction_temperature=None, clock_fraction=None),
        spec,
    ]
    rows = []
    for label, one in zip(CHIP_TRADES, specs, strict=True):
        design = td.size_satellite(one, "max_compute", sensitivities=False)
        rows.append({"case": label, "gpu_count": design.gpu_count,
                     "spare_count": design.spare_count,
                     "junction_temperature": design.junction_temperature,
                     "clock_fraction": design.clock_fraction,
                     "eclipse_power_fraction": design.eclipse_power_fraction,
                     "delivered_compute": design.delivered_compute,
                     "compute_per_kg": design.compute_per_kg,
                     "specific_power": design.specific_power,
                     "gpus_per_tonne": design.gpus_per_tonne})
    return rows


def chip_trades_table(rows) -> list[dict]:
    """Report rows of :func:`chip_trades` in display units."""
    return [{"case": r["case"], "GPUs": r["gpu_count"], "spares": r["spare_count"],
             "T_j [°C]": r["junction_temperature"] - 273.15, "clock [-]": r["clock_fraction"],
             "eclipse power [-]": r["eclipse_power_fraction"],
             "delivered [PFLOP/s]": r["delivered_compute"] / 1e15,
             "PFLOP/s per t": r["compute_per_kg"] * 1e3 / 1e15,
             "IT W/kg": r["specific_power"], "GPUs per t": r["gpus_per_tonne"]}
            for r in rows]


def design_sentence(design, name: str = "The satellite") -> str:
    """One sentence that says what a sized design is."""
    accelerator = design.spec.entry("accelerator")
    return (
        f"{name} carries {design.gpu_count:,.0f} {accelerator.key} accelerators: "
        f"{design.compute / 1e15:,.1f} PFLOP/s dense BF16 at {design.it_power / 1e3:,.1f} kW "
        f"of IT power in {design.total_mass:,.0f} kg ({design.specific_power:,.1f} W of IT "
        f"power per kg), with {design.solar_array_area:,.0f} m² of solar array and "
        f"{design.radiator_area:,.0f} m² of radiator at {design.radiator_temperature:,.0f} K; "
        f"binding: {', '.join(design.binding_constraints) or 'none'}."
    )


def design_table_rows(design) -> list[list]:
    """Design quantities without the long breakdown and sensitivity lists."""
    skip = ("sensitivity:", "power:", "heat:", "cost:", "margin:")
    return [list(row) for row in design.rows() if not row[0].startswith(skip)]


def designs_table(designs: dict) -> list[dict]:
    """Side-by-side headline rows of several designs, one column per design."""
    fields = [
        ("gpu_count", "-", 1.0), ("it_power", "kW", 1e3), ("compute", "PFLOP/s", 1e15),
        ("total_mass", "kg", 1.0), ("specific_power", "W/kg", 1.0),
        ("solar_array_area", "m²", 1.0), ("radiator_area", "m²", 1.0),
        ("radiator_temperature", "K", 1.0), ("battery_energy", "kWh", 3.6e6),
        ("hardware_cost", "USD M", 1e6),
    ]
    rows = []
    for name, unit, scale in fields:
        row = {"quantity": name.replace("_", " "), "unit": unit}
        for label, design in designs.items():
            row[label] = None if design is None else float(getattr(design, name)) / scale
        rows.append(row)
    binding = {"quantity": "binding constraints", "unit": ""}
    for label, design in designs.items():
        binding[label] = "" if design is None else ", ".join(design.binding_constraints)
    rows.append(binding)
    return rows


def add_spec_inputs(report, spec, label: str, *, fields=None) -> None:
    """Record a spec's inputs (those set by the study, plus ``fields``) and its technologies.

    Parameters
    ----------
    report : thermaldesign.report.Report
    spec : SatelliteSpec
    label : str
        Prefix of the input names, e.g. ``"reference"``.
    fields : sequence of str, optional
        Spec fields to record even when they keep their default.
    """
    defaults = type(spec)()
    names = [f.name for f in dataclasses.fields(spec)]
    chosen = [n for n in names if getattr(spec, n) != getattr(defaults, n)]
    for name in list(fields or ()) + ["altitude", "orbit", "mass_limit", "lifetime_years"]:
        if name not in chosen:
            chosen.append(name)
    for name in chosen:
        value = getattr(spec, name)
        if hasattr(value, "KIND"):
            value = value.key
        elif value is None:
            value = spec.value(name) if name in _CATALOG_BACKED else "none"
        source = "this study" if getattr(spec, name) != getattr(defaults, name) \
            else spec.source(name)
        report.add_input(f"{label}.{name}", value, unit=spec.unit(name), source=source)


_CATALOG_BACKED = ("server_power", "accelerator_mass", "accelerator_cost", "junction_limit",
                   "array_cost_per_watt", "radiator_cost_per_area", "battery_cost_per_kwh")


def add_catalog_entries(report, spec) -> None:
    """Record the catalog entries a spec uses, once each, with their provenance."""
    seen = getattr(report, "_study_catalog_seen", set())
    for technology in ("accelerator", "solar_array", "radiator", "coating", "battery"):
        entry = spec.entry(technology)
        key = (entry.KIND, entry.key)
        if key not in seen:
            seen.add(key)
            report.add_catalog_entry(entry)
    report._study_catalog_seen = seen


def smallest_mass(spec, low, high, tolerance, *, it_power: float = 0.0):
    """Smallest mass limit [kg] at which the max-compute design of ``spec`` closes with at
    least ``it_power`` [W] of IT power (0: at least one accelerator), to ``tolerance`` [kg]
    by bisection from ``[low, high]`` [kg] (``high`` doubles until it closes).

    Both feasibility and the optimum's IT power are monotone in the mass limit (a larger
    limit only relaxes the problem).
    """
    def closes(mass):
        with warnings.catch_warnings():
            # masses below 50 kg are asked for on purpose here, not typed in tonnes
            warnings.filterwarnings("ignore", message="mass_limit = .* below 50 kg")
            try:
                design = td.size_satellite(spec.replace(mass_limit=mass), "max_compute")
            except td.InfeasibleDesignError:
                return False
        return design.it_power >= it_power

    while not closes(high):
        low, high = high, 2 * high
    while high - low > tolerance:
        middle = 0.5 * (low + high)
        low, high = (low, middle) if closes(middle) else (middle, high)
    return high


def add_sensitivity_tornado(report, design, *, caption: str, count: int = 10) -> None:
    """Add ``tornado.png``: the change of the design's compute as each of the ``count``
    inputs with the largest log-sensitivities ``s`` moves alone to the 5th and 95th
    percentile of its own provenance range (change = (x_end / x_0)^s - 1) [%]."""
    ranked = sorted(design.sensitivities.items(), key=lambda item: -abs(item[1]))[:count]
    inputs = {item.name: item for item in spec_inputs(design.spec, [n for n, _ in ranked])}
    labels, low, high = [], [], []
    for name, slope in ranked:
        item = inputs[name]
        ends = item.range90
        labels.append(f"{name} ({item.rule})")
        low.append(100.0 * ((ends[0] / item.value) ** slope - 1.0))
        high.append(100.0 * ((ends[1] / item.value) ** slope - 1.0))
    report.add_figure(
        plots.tornado(labels, low, high, x_label="Change in compute per satellite [%]",
                      low_label="input at its 5th percentile",
                      high_label="input at its 95th percentile"),
        "tornado.png", caption=caption + ". Ranges from each input's provenance: "
        + PROVENANCE_RULE)


#: A figure in the style of :mod:`thermaldesign.plots` (constrained layout, no pyplot).
figure = plots._figure

#: Run a figure-building function under the thermaldesign.plots style.
styled = plots._styled


def finish(fig, ax, title: str, *, xlabel: str | None = None, ylabel: str | None = None,
           legend_loc: str, **legend_options):
    """Label a study figure (axis labels carry their unit in brackets), put its title at
    the left as thermaldesign.plots does, add the legend; return ``(fig, ax)``."""
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    ax.legend(loc=legend_loc, **legend_options)
    return fig, ax


def plain_log_ticks(axis) -> None:
    """Plain numbers (1,000 not 10^3) on a log axis, as in thermaldesign.plots."""
    plots._plain_log_ticks(axis)


def bar_compare(labels, claimed, computed, *, unit: str, title: str, log: bool = False):
    """Grouped bars: claimed vs computed for a few quantities in one unit."""

    @styled
    def draw():
        fig, ax = figure((7.5, 4.2))
        x = np.arange(len(labels))
        width = 0.38
        claimed_values = np.array([np.nan if c is None else c for c in claimed], float)
        ax.bar(x - width / 2, claimed_values, width, label="claimed", color=COLORS[1])
        ax.bar(x + width / 2, computed, width, label="computed (thermaldesign)", color=COLORS[0])
        for xi, (c, v) in enumerate(zip(claimed_values, computed, strict=True)):
            if math.isfinite(c):
                ax.annotate(format_value(c), (xi - width / 2, c), ha="center", va="bottom",
                            fontsize=8.5, xytext=(0, 2), textcoords="offset points")
            ax.annotate(format_value(v), (xi + width / 2, v), ha="center", va="bottom",
                        fontsize=8.5, xytext=(0, 2), textcoords="offset points")
        ax.set_xticks(x, labels)
        if log:
            ax.set_yscale("log")
        return finish(fig, ax, title, ylabel=f"[{unit}]", legend_loc="upper left")

    return draw()


# --------------------------------------------------------- verdicts under uncertainty

#: Launch prices of the probability curve [USD/kg of LEO capacity].
VERDICT_PRICES = np.concatenate([[0.0], np.geomspace(10.0, 10_000.0, 40)])


def uncertainty_verdict(design, *, target_it_power: float, vehicle: str, years: int = 10,
                        small: bool = False, seed: int = 2026) -> dict:
    """Monte Carlo, Sobol indices and range tornado of one design's fleet.

    Every input's distribution follows from its provenance
    (:data:`thermaldesign.studytools.sobol.PROVENANCE_RULE`); the design stays as sized.
    Returns the model, the verdict, the Sobol result, the tornado and the headline
    numbers: P10/P50/P90 of W/kg and of cost per GPU-hour, P(orbit beats the ground) at
    0, 200 and 1,000 USD/kg, and the three inputs explaining most of the variance of the
    cost per GPU-hour.
    """
    model = FixedDesignFleet.from_design(design, target_it_power=target_it_power,
                                         vehicle=vehicle, years=years)
    verdict = fleet_monte_carlo(model, 1024 if small else 10_000, seed=seed)
    indices = sobol_analysis(model, 64 if small else 512, seed=seed,
                             outputs=["specific_power", "cost_per_gpu_hour",
                                      "break_even_launch_price"])
    at = verdict.probability_beats_ground([0.0, 200.0, 1000.0])
    headline = {
        "vehicle": vehicle,
        "samples": verdict.samples,
        "specific_power": verdict.quantiles("specific_power"),
        "cost_per_gpu_hour": verdict.quantiles("cost_per_gpu_hour"),
        "break_even_launch_price": verdict.quantiles("break_even_launch_price"),
        "p_beats_ground": {"free launch": float(at[0]), "200 USD/kg": float(at[1]),
                           "1000 USD/kg": float(at[2])},
        "drivers": [name for name, _total, _first in indices.ranking("cost_per_gpu_hour")[:3]],
        "driver_shares": [total for _n, total, _f in indices.ranking("cost_per_gpu_hour")[:3]],
        "sobol_evaluations": indices.evaluations,
    }
    return {"model": model, "verdict": verdict, "sobol": indices,
            "tornado": range_tornado(model), "headline": headline}


def verdict_sentence(headline: dict, label: str) -> str:
    """One summary sentence: P10/P50/P90 cost, P(orbit beats ground), what to measure."""
    cost = headline["cost_per_gpu_hour"]
    power = headline["specific_power"]
    beats = headline["p_beats_ground"]
    drivers = ", ".join(f"{name} ({share:.0%})" for name, share in
                        zip(headline["drivers"], headline["driver_shares"], strict=True))
    return (
        f"Under uncertainty ({label}, {headline['samples']:,} draws, every input spread by "
        f"its provenance): {cost[0.1]:,.2f} / {cost[0.5]:,.2f} / {cost[0.9]:,.2f} USD per "
        f"GPU-hour at P10 / P50 / P90 and {power[0.1]:.1f} / {power[0.5]:.1f} / "
        f"{power[0.9]:.1f} W/kg. The probability that orbit beats the ground is "
        f"{100 * beats['free launch']:.1f} % with free launch, "
        f"{100 * beats['200 USD/kg']:.1f} % at 200 USD/kg and "
        f"{100 * beats['1000 USD/kg']:.1f} % at 1,000 USD/kg. What to measure first (share "
        f"of the cost's variance, Sobol total index): {drivers}.")


def add_uncertainty_section(report, result: dict, label: str, *, prefix: str = "") -> None:
    """Add the verdict under uncertainty: quantiles, P(beats ground) curve, Sobol bars,
    cost tornado over each input's own range, the provenance rule and the data."""
    verdict, indices, tornado = result["verdict"], result["sobol"], result["tornado"]
    report.add_section(f"Verdicts under uncertainty: {label}")
    report.add_paragraph(
        "Each catalog and economics input gets a distribution from its provenance, and the "
        f"fleet of this design (as sized) is planned for every draw: {PROVENANCE_RULE}. "
        "Draws use common random numbers per input, so cases compared see the same values.")
    report.add_table(verdict.summary_rows(), title=f"P10 / P50 / P90, {label}")
    curve = verdict.probability_beats_ground(VERDICT_PRICES)
    report.add_figure(plots.probability_curve(VERDICT_PRICES, {label: curve}),
                      f"{prefix}probability-beats-ground.png",
                      caption="Probability that orbit costs less per GPU-hour than the ground "
                      f"against the launch price ({label})")
    report.add_figure(plots.sobol_bars(indices, "cost_per_gpu_hour"),
                      f"{prefix}sobol-cost.png",
                      caption="Sobol indices of the cost per GPU-hour (95 % bootstrap "
                      f"intervals; {indices.evaluations:,} fleet plans)")
    report.add_table(indices.rows("break_even_launch_price")[:8],
                     title="What moves the break-even launch price (Sobol indices)")
    report.add_figure(plots.cost_tornado(tornado), f"{prefix}cost-tornado.png",
                      caption="Cost per GPU-hour with each input alone at the 5th and 95th "
                      "percentile of its own range")
    report.add_data(f"{prefix}verdict.csv", {
        "launch_price_per_kg": VERDICT_PRICES, "p_orbit_beats_ground": curve},
        description="P(orbit beats the ground) [-] against the launch price [USD/kg]")
    report.add_data(f"{prefix}sobol.json", indices.to_dict(),
                    description="Sobol first-order and total indices with 95 % intervals")
