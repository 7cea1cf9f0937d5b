"""Chip-radiator co-design: compute per kg against the junction temperature, with leakage
and failures, against the fixed-chip answer; radiator area and mass against the radiator
temperature, with and without a heat pump.

A radiator rejects eta 2 eps sigma T^4 minus what it absorbs, so a hotter radiator is a
smaller one. Two ways to run it hotter: chips that tolerate a hotter junction (the chain
junction -> cold plate -> loop -> radiator sets the radiator temperature), or a heat
pump that lifts the heat above the chain's temperature at the price of compressor power
(COP = f_Carnot T_evap / lift), which the array, the battery and the radiator itself must
then carry. This study shows both:

1. per MW of heat at the coolant loop, closed forms: radiator area and the mass of
   radiator + heat pump + the extra array and battery for the compressor, against the
   radiator temperature (forced lift), for two radiator technologies;
2. the sizing optimizer's whole-satellite answer (3 t, reference spec) against the
   junction limit, without and with the heat-pump option (the optimizer picks the lift),
   with the chip fixed as before the co-design (full clock at the junction limit);
3. the chip-radiator co-design: delivered compute per tonne of the 3 t reference against
   a pinned junction temperature (clock and eclipse policy free), with the full chip
   model, without hard failures and without the temperature dependence of leakage,
   against the free optimum and the fixed-chip design of the pre-co-design model. A
   cooler junction leaks less and fails less (fewer spares) but needs a colder, larger
   radiator (T^4).

Run: ``thermaldesign study radiator-temperature --out DIR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import catalog, orbit, plots, radiator
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.report import Report, check_folder

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = ("Chip-radiator co-design: compute per kg against the junction temperature; "
         "radiator area and mass, with and without a heat pump")
#: Chip-model variants of the co-design sweep: label -> accelerator field changes.
VARIANTS = {
    "leakage and failures": {},
    "no hard failures": {"hard_failure_rate": 0.0},
    "leakage independent of T_j": {"leakage_fraction": 0.0},
}
TECHNOLOGIES = ("deployable_heat_pipe", "carbon_high_temperature")
#: Closed-form curves: label -> (radiator technology, heat-pump Carnot fraction or None for
#: the spec's value). The ideal-Carnot curve bounds what any heat pump could do.
CURVES = {
    "heat-pipe panel": ("deployable_heat_pipe", None),
    "carbon panel": ("carbon_high_temperature", None),
    "heat-pipe panel, ideal Carnot pump": ("deployable_heat_pipe", 1.0),
}
HEAT = 1e6  # [W] of heat at the coolant loop


def marginal_masses(spec, design, technology_key, temperatures):
    """Radiator area and thermal-plus-power mass per ``HEAT`` against radiator temperature.

    Closed forms at the reference environment. Below the chain temperature T_c (junction
    limit minus cold-plate, loop and radiator drops) no heat pump is needed; above it a
    heat pump lifts by L = T - T_c with compressor power W = Q L / (f T_evap):

    .. math::
        A = \\frac{Q + W}{\\eta\\,n\\,\\varepsilon\\sigma T^4 - n\\,q_{face}},\\quad
        m = \\rho_r A + m_W W + \\rho_a \\frac{W / x_d}{P_{EOL}}
            + \\frac{W\\,t_e}{\\mathrm{DoD}\\,\\eta_{dis}\\,e_b}

    Leaves out: the pump and bus loads, conditioning losses and structure that scale with
    them (the optimizer includes them).

    Returns
    -------
    dict
        ``chain_temperature`` [K], ``area`` [m^2], ``mass`` [kg] (heat pump where needed),
        ``mass_hotter_chips`` [kg] (the radiator alone, as if the chips allowed T),
        ``compressor_power`` [W], ``material_limit`` [K].
    """
    technology = catalog.get("radiators", technology_key)
    coating = radiator.coating_at_age(catalog.get("coatings", technology.coating),
                                      spec.lifetime_years)
    season = orbit.eclipse_season(spec.altitude)
    beta = float(np.min(np.abs(season.beta)))
    face = float(td.environment.orbit_average_flux(
        spec.altitude, beta, coating.absorptivity, coating.emissivity,
        orientation="edge-on", case=spec.radiator_case))
    accelerator = spec.entry("accelerator")
    evaporator = (spec.value("junction_limit") - spec.cold_plate_resistance * accelerator.power
                  - spec.loop_drop)
    chain = evaporator - spec.radiator_drop
    lift = np.clip(temperatures - chain, 0.0, None)
    compressor = HEAT * lift / (spec.heat_pump_carnot_fraction * evaporator)
    sides = technology.sides
    net = (technology.fin_efficiency * sides * coating.emissivity * STEFAN_BOLTZMANN
           * temperatures**4 - sides * face)
    with np.errstate(divide="ignore"):
        area = np.where(net > 0, (HEAT + compressor) / np.where(net > 0, net, 1.0), np.inf)
        area_no_pump = np.where(net > 0, HEAT / np.where(net > 0, net, 1.0), np.inf)
    array = spec.entry("solar_array")
    battery = spec.entry("battery")
    array_density = (design.power_breakdown["array output available (EOL)"]
                     / design.solar_array_area)  # [W/m^2] at end of life, cold case
    array_mass = compressor / spec.daylight_efficiency / array_density * array.areal_density
    battery_mass = (compressor * season.longest_eclipse
                    / (battery.depth_of_discharge * battery.discharge_efficiency)
                    / battery.specific_energy)
    mass = (technology.areal_density * area + spec.heat_pump_mass_per_watt * compressor
            + array_mass + battery_mass)
    return {"chain_temperature": chain, "evaporator_temperature": evaporator,
            "absorbed_per_face": face, "area": area, "mass": mass,
            "mass_hotter_chips": technology.areal_density * area_no_pump,
            "area_hotter_chips": area_no_pump, "compressor_power": compressor,
            "material_limit": technology.max_temperature, "emissivity": coating.emissivity,
            "fin_efficiency": technology.fin_efficiency, "sides": sides,
            "areal_density": technology.areal_density, "array_density": array_density,
            "eclipse": season.longest_eclipse}


@common.styled
def _marginal_figure(temperatures, curves, quantity, ylabel, title, scale):
    fig, ax = common.figure()
    for index, (key, curve) in enumerate(curves.items()):
        color = common.COLORS[index]
        chain = curve["chain_temperature"]
        limit = curve["material_limit"]
        inside = temperatures <= limit
        pumped = inside & (temperatures >= chain)
        below = inside & (temperatures <= chain)
        variant = "ideal Carnot" in key
        if not variant:
            ax.plot(temperatures[below], curve[quantity][below] / scale, color=color,
                    label=f"{key}: no heat pump (up to {chain:.0f} K)")
        ax.plot(temperatures[pumped], curve[quantity][pumped] / scale, color=color,
                linestyle="--", label=f"{key}: heat pump" if not variant else key)
        hotter = inside & (temperatures >= chain)
        if not variant:
            ax.plot(temperatures[hotter], curve[f"{quantity}_hotter_chips"][hotter] / scale,
                    color=color, linestyle=":", label=f"{key}: hotter chips instead")
        if limit < temperatures[-1]:
            ax.axvline(limit, color=color, linewidth=0.8, alpha=0.6)
    ax.set_yscale("log")
    common.plain_log_ticks(ax.yaxis)
    ax.set_xlabel("Radiator temperature [K]")
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    return fig, ax


@common.styled
def _optimizer_figure(rows):
    fig, (left, right) = common.figure((7.5, 4.4))[0], (None, None)
    fig.clear()
    left, right = fig.subplots(1, 2)
    for index, pump in enumerate((False, True)):
        subset = [r for r in rows if r["heat_pump"] == pump]
        label = "heat-pump option" if pump else "no heat pump"
        marker = "s" if pump else "o"
        left.plot([r["radiator_temperature"] for r in subset],
                  [r["radiator_area_per_kW"] for r in subset], marker=marker,
                  color=common.COLORS[index], label=label,
                  linestyle="--" if pump else "-")
        right.plot([r["radiator_temperature"] for r in subset],
                   [r["specific_power"] for r in subset], marker=marker,
                   color=common.COLORS[index], label=label, linestyle="--" if pump else "-")
    left.set_xlabel("Radiator temperature [K]")
    left.set_ylabel("Radiator area per kW of IT [m²/kW]")
    right.set_xlabel("Radiator temperature [K]")
    right.set_ylabel("IT power per kg of satellite [W/kg]")
    left.set_title("Radiator area", loc="left")
    right.set_title("Whole satellite, 3 t", loc="left")
    right.legend(loc="lower right")
    return fig, left


def codesign_sweep(spec, points: int) -> dict:
    """Delivered compute per kg against a pinned junction temperature, per chip variant.

    Each point sizes the spec (max compute, exact count) with T_j pinned and the clock and
    eclipse policy free; ``optimum`` leaves T_j free, ``fixed_chip`` is the pre-co-design
    model (full clock at the junction limit, no failures, eclipse operation).
    """
    low, high = td.accelerator.JUNCTION_FIT_RANGE[0], spec.value("junction_limit")
    junctions = np.linspace(low, high, points)
    gpu = spec.entry("accelerator")
    curves = {}
    for label, changes in VARIANTS.items():
        variant = spec.replace(accelerator=gpu.replace(**changes)) if changes else spec
        rows = []
        for junction in junctions:
            design = td.size_satellite(variant.replace(junction_temperature=float(junction)),
                                       "max_compute", sensitivities=False)
            rows.append(_codesign_row(design))
        curves[label] = rows
    optimum = td.size_satellite(spec, "max_compute", sensitivities=False)
    fixed = td.size_satellite(common.fixed_chip(spec), "max_compute", sensitivities=False)
    return {"junctions": [float(t) for t in junctions], "curves": curves,
            "optimum": _codesign_row(optimum), "fixed_chip": _codesign_row(fixed)}


def _codesign_row(design) -> dict:
    return {"junction_temperature": design.junction_temperature,
            "clock_fraction": design.clock_fraction,
            "eclipse_power_fraction": design.eclipse_power_fraction,
            "gpu_count": design.gpu_count, "spare_count": design.spare_count,
            "radiator_temperature": design.radiator_temperature,
            "radiator_area": design.radiator_area, "chip_power": design.chip_power,
            "delivered_compute": design.delivered_compute,
            "compute_per_tonne": design.compute_per_kg * 1e3,
            "specific_power": design.specific_power}


@common.styled
def _codesign_figure(sweep):
    fig, ax = common.figure((7.5, 4.4))
    for index, (label, rows) in enumerate(sweep["curves"].items()):
        ax.plot([r["junction_temperature"] - 273.15 for r in rows],
                [r["compute_per_tonne"] / 1e15 for r in rows], marker="o",
                color=common.COLORS[index], label=label)
    best = sweep["optimum"]
    ax.plot([best["junction_temperature"] - 273.15], [best["compute_per_tonne"] / 1e15],
            marker="*", markersize=12, color="black", linestyle="none",
            label="co-design optimum (T_j free)")
    ax.axhline(sweep["fixed_chip"]["compute_per_tonne"] / 1e15, color="grey", linestyle=":",
               label="fixed chip (full clock at the limit, no failures)")
    return common.finish(fig, ax, "Delivered compute per tonne against the junction "
                         "temperature (3 t, clock and eclipse policy free)",
                         xlabel="Junction temperature [°C]",
                         ylabel="Delivered compute per tonne [PFLOP/s per t]",
                         legend_loc="lower left", fontsize=8)


def _add_codesign_section(report, spec, sweep) -> None:
    best, fixed = sweep["optimum"], sweep["fixed_chip"]
    full = sweep["curves"]["leakage and failures"]
    hottest = full[-1]
    report.add_summary(
        f"Chip and radiator together: the 3 t reference delivers most compute per tonne "
        f"with its junctions at {best['junction_temperature'] - 273.15:.1f} °C "
        f"({best['compute_per_tonne'] / 1e15:.1f} PFLOP/s per t, clock "
        f"{best['clock_fraction']:.2f}, radiator at {best['radiator_temperature']:.0f} K), "
        f"not at the {spec.value('junction_limit') - 273.15:.0f} °C limit "
        f"({hottest['compute_per_tonne'] / 1e15:.1f} PFLOP/s per t there, with "
        f"{hottest['spare_count']:.0f} spares for {hottest['gpu_count']} GPUs): a cooler "
        "junction needs a colder, larger radiator, but leaks less and fails less. The "
        f"fixed chip of the pre-co-design model gives {fixed['compute_per_tonne'] / 1e15:.1f}"
        " PFLOP/s per t (no failures counted).")
    report.add_section("Chip-radiator co-design: the junction temperature")
    report.add_paragraph(
        "The reference 3 t satellite sized for maximum delivered compute with its junction "
        "temperature pinned at each point (clock fraction and eclipse policy free), for "
        "three chip models: leakage rising with temperature (K20 form) and hard failures "
        "accelerated by Arrhenius (0.7 eV) and replaced by cold spares; without hard "
        "failures; and with the leakage held at its value at the junction limit. The star "
        "is the optimum with the junction temperature free (it lies on the first curve).")
    report.add_figure(_codesign_figure(sweep), "codesign-junction.png",
                      caption="Delivered PFLOP/s per tonne of satellite against the junction "
                      "temperature, per chip model, with the free optimum and the fixed-chip "
                      "answer")
    rows = []
    for label, curve in sweep["curves"].items():
        for r in curve:
            rows.append({"chip model": label, **r})
    report.add_table(rows, title="Co-design sweep over the junction temperature (SI units)")
    report.add_data("codesign.csv", rows, description="co-design sweep, SI units")


def main(out_dir, *, small: bool = False) -> dict:
    """Run the study and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Three junction limits instead of ten (for tests).

    Returns
    -------
    dict
        Headline numbers (SI units) and the report folder.
    """
    check_folder(out_dir)
    spec = td.reference_spec()
    design = td.size_satellite(spec, "max_compute")
    temperatures = np.linspace(250.0, 450.0, 81 if small else 401)
    chain = marginal_masses(spec, design, TECHNOLOGIES[0], temperatures[:1])["chain_temperature"]
    temperatures = np.unique(np.append(temperatures, chain))  # the chain point exactly
    curves = {}
    for label, (key, fraction) in CURVES.items():
        variant = spec if fraction is None else spec.replace(heat_pump_carnot_fraction=fraction)
        curves[label] = marginal_masses(variant, design, key, temperatures)
    # Best temperature on each curve within the material limit (brute force on the grid).
    best = {}
    for key, curve in curves.items():
        inside = temperatures <= curve["material_limit"]
        index = int(np.argmin(np.where(inside, curve["mass"], np.inf)))
        chain_index = int(np.flatnonzero(temperatures == curve["chain_temperature"])[0])
        best[key] = {"temperature": float(temperatures[index]),
                     "mass": float(curve["mass"][index]),
                     "mass_at_chain": float(curve["mass"][chain_index]),
                     "area_at_chain": float(curve["area"][chain_index])}

    junctions = np.array([340.0, 370.0, 400.0]) if small else np.arange(330.0, 430.0, 10.0)
    rows = []
    for pump in (False, True):
        for junction in junctions:
            sized = td.size_satellite(common.fixed_chip(spec.replace(
                radiator="carbon_high_temperature", junction_limit=float(junction),
                heat_pump=pump), leakage=False), "max_compute")
            rows.append({"heat_pump": pump, "junction_limit": float(junction),
                         "radiator_temperature": sized.radiator_temperature,
                         "heat_pump_lift": sized.heat_pump_lift,
                         "gpu_count": sized.gpu_count, "it_power": sized.it_power,
                         "radiator_area": sized.radiator_area,
                         "radiator_area_per_kW": sized.radiator_area / (sized.it_power / 1e3),
                         "specific_power": sized.specific_power,
                         "total_mass": sized.total_mass})
    reference_pump = td.size_satellite(common.fixed_chip(spec.replace(heat_pump=True)),
                                       "max_compute")
    codesign = codesign_sweep(spec, 4 if small else 12)
    lifts = [r["heat_pump_lift"] for r in rows if r["heat_pump"]]
    gains = [p["specific_power"] / n["specific_power"] - 1.0 for p, n in zip(
        [r for r in rows if r["heat_pump"]], [r for r in rows if not r["heat_pump"]],
        strict=True)]
    cold = [r for r in rows if not r["heat_pump"]]

    hp = curves["heat-pipe panel"]
    ideal = best["heat-pipe panel, ideal Carnot pump"]
    if max(lifts) < 0.5:
        optimizer_text = (f"never uses it: lift 0 at every junction limit from "
                          f"{junctions[0]:.0f} to {junctions[-1]:.0f} K")
    else:
        optimizer_text = (f"picks lifts of {min(lifts):.1f}-{max(lifts):.1f} K over junction "
                          f"limits {junctions[0]:.0f}-{junctions[-1]:.0f} K, changing W/kg by "
                          f"{100 * min(gains):+.1f} % to {100 * max(gains):+.1f} %")
    report = Report(TITLE, subtitle="How much a hotter radiator saves, and whether a heat "
                    "pump pays for its compressor")
    report.add_summary(
        f"Per MW of heat, an edge-on two-sided heat-pipe panel at the reference chain "
        f"temperature ({hp['chain_temperature']:.0f} K: junction {spec.value('junction_limit'):.0f}"
        f" K minus cold-plate, loop and radiator drops) needs "
        f"{best['heat-pipe panel']['area_at_chain']:,.0f} m² and "
        f"{best['heat-pipe panel']['mass_at_chain'] / 1e3:.1f} t. Area falls as 1/T⁴: "
        f"chips that ran the radiator at 400 K would need "
        f"{float(np.interp(400.0, temperatures, hp['area_hotter_chips'])):,.0f} m²/MW.")
    report.add_summary(
        f"A heat pump at {spec.heat_pump_carnot_fraction:g} of Carnot does not pay: each "
        "kelvin of lift costs compressor power that the array, battery and radiator must "
        "carry, more mass than the smaller radiator saves. The lightest point of each "
        "forced-lift curve is "
        + "; ".join(f"{k} {b['temperature']:.0f} K ({b['mass'] / 1e3:.1f} t/MW)"
                    for k, b in best.items())
        + f" — only an ideal Carnot pump would lift, to {ideal['temperature']:.0f} K, saving "
        f"{100 * (1 - ideal['mass'] / ideal['mass_at_chain']):.0f} %. The whole-satellite "
        f"optimizer agrees: with the heat-pump option it {optimizer_text}. Raising the "
        f"junction limit instead takes the 3 t satellite from "
        f"{cold[0]['specific_power']:.1f} to {cold[-1]['specific_power']:.1f} W/kg.")
    _add_codesign_section(report, spec, codesign)
    report.add_section("Per MW of heat: closed forms")
    report.add_paragraph(
        f"Edge-on panel at 550 km on the dawn-dusk orbit's hottest day, hot case, coating "
        f"aged {spec.lifetime_years:g} years. Heat pump: lift L = T - T_chain, compressor "
        f"W = Q L / (f T_evap) with f = {spec.heat_pump_carnot_fraction:g} and T_evap = "
        f"{hp['evaporator_temperature']:.1f} K; W adds to the heat rejected, to the array "
        f"(at {hp['array_density']:.0f} W/m² end of life through a "
        f"{spec.daylight_efficiency:g} path) and to the battery for the "
        f"{hp['eclipse'] / 60:.0f}-min eclipse, plus {1e3 * spec.heat_pump_mass_per_watt:g} "
        "kg/kW of compressor. Dotted: the radiator alone if the chips allowed that "
        "temperature. Vertical lines: each panel's material limit.")
    report.add_figure(_marginal_figure(temperatures, curves, "area",
                                       "Radiator area per MW of heat [m²/MW]",
                                       "Radiator area per MW against its temperature", 1.0),
                      "area-per-megawatt.png",
                      caption="Radiator planform area per MW of coolant heat: without a heat "
                      "pump below the chain temperature, with one above it, and with hotter "
                      "chips instead")
    report.add_figure(_marginal_figure(temperatures, curves, "mass",
                                       "Mass per MW of heat [t/MW]",
                                       "Radiator, heat pump and its array and battery, "
                                       "per MW", 1e3),
                      "mass-per-megawatt.png",
                      caption="Mass per MW of coolant heat that depends on the radiator "
                      "temperature: radiator, and with a heat pump its compressor and the "
                      "array and battery that power it")
    report.add_table([{"technology": k, "chain temperature [K]": curves[k]["chain_temperature"],
                       "area at chain [m²/MW]": b["area_at_chain"],
                       "mass at chain [t/MW]": b["mass_at_chain"] / 1e3,
                       "lightest temperature [K]": b["temperature"],
                       "lightest mass [t/MW]": b["mass"] / 1e3,
                       "material limit [K]": curves[k]["material_limit"]}
                      for k, b in best.items()], title="Per MW of heat")
    report.add_paragraph(
        "Why the heat pump loses: at lift L the radiator shrinks by about 4L/T (1.2 % per "
        "kelvin at 320 K), while the compressor draws Q/(f T_evap) per kelvin (6 kW per "
        "kelvin per MW at f = 0.5), which needs array, battery and more radiator. Halving the "
        "compressor work (f = 1) tips the balance.")
    report.add_figure(plots.radiator_area_vs_temperature(
        temperatures, coatings=("z93c55", "az93", "osr_quartz", "silvered_teflon"),
        radiator_technology="deployable_heat_pipe"), "coatings.png",
        caption="Ideal radiator area and mass per MW by coating and orbit (thermaldesign.plots)")
    report.add_section("Whole satellite: the optimizer")
    report.add_paragraph(
        "The reference 3 t satellite with the carbon-composite high-temperature panel (so "
        "the material limit does not cap the sweep), maximum compute, junction limit swept: "
        "a proxy for accelerators that tolerate hotter junctions (today's GPUs are rated "
        "about 360 K). The chip is fixed as before the co-design (full clock at the junction "
        "limit, TDP at any limit, no failures), so the radiator temperature follows the "
        "limit. With the "
        "heat-pump option the optimizer searches the lift itself.")
    report.add_figure(_optimizer_figure(rows), "optimizer.png",
                      caption="Optimizer designs against the radiator temperature they reach: "
                      "radiator area per kW of IT and IT power per kg, without and with the "
                      "heat-pump option"
                      + (" (the curves coincide: the optimizer never lifts)"
                         if max(lifts) < 0.5 else ""))
    report.add_table(rows, title="Optimizer sweep over the junction limit (SI units)")
    report.add_data("sweep.csv", rows, description="optimizer sweep, SI units")
    report.add_data("per-megawatt.csv", {
        "temperature": temperatures,
        **{f"area_{k}": c["area"] for k, c in curves.items()},
        **{f"mass_{k}": c["mass"] for k, c in curves.items()},
        **{f"area_hotter_chips_{k}": c["area_hotter_chips"] for k, c in curves.items()}},
        description="temperature [K], area [m²/MW], mass [kg/MW]")
    common.add_spec_inputs(report, spec, "spec", fields=[
        "junction_limit", "cold_plate_resistance", "loop_drop", "radiator_drop",
        "heat_pump_carnot_fraction", "heat_pump_mass_per_watt", "heat_pump_max_lift",
        "daylight_efficiency"])
    report.add_input("ideal-Carnot curve heat_pump_carnot_fraction", 1.0,
                     source="this study (upper bound on any heat pump)")
    for key in TECHNOLOGIES:
        report.add_catalog_entry(td.catalog.get("radiators", key))
    common.add_catalog_entries(report, spec)
    folder = report.write(out_dir)
    return {"report": str(folder),
            "chain_temperature": hp["chain_temperature"],
            "per_megawatt": {k: {**b, "material_limit": curves[k]["material_limit"],
                                 "absorbed_per_face": curves[k]["absorbed_per_face"],
                                 "emissivity": curves[k]["emissivity"]}
                             for k, b in best.items()},
            "area_per_megawatt_400K_hotter_chips":
                float(np.interp(400.0, temperatures, hp["area_hotter_chips"])),
            "reference_heat_pump_lift": reference_pump.heat_pump_lift,
            "sweep": rows,
            "codesign": codesign}
