"""Reference study: the baseline satellite and a 1 GW fleet, the toolkit's main job.

Sizes the reference satellite (:func:`thermaldesign.reference_spec`: H100-class GPUs,
dawn-dusk sun-synchronous orbit at 550 km, 3 t, 5-year life, maximum compute), checks it
closes with the plain physics, and plans the fleet that keeps 1 GW of IT power in orbit
on Starship, once at today's catalog cadence and price and once on the mature
high-cadence Starship projection.

Run: ``thermaldesign study reference --out DIR`` (``--small`` for a quick version).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import plots
from thermaldesign.report import Report, check_folder
from thermaldesign.satellite_network import simulate_satellite

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "Reference: the baseline satellite and a 1 GW fleet"
#: Fleet IT power target [W].
TARGET_IT_POWER = 1e9
#: Launch vehicles compared: today's Starship and its mature high-cadence projection.
VEHICLES = ("starship", "starship_future")
#: Fleet horizon [yr].
HORIZON_YEARS = 10


def fleet_summary(plan) -> dict:
    """Headline numbers of a fleet plan, SI units and USD."""
    return {
        "satellite_count": int(plan.satellite_count),
        "satellites_per_launch": int(plan.satellites_per_launch),
        "launch_count": int(plan.launch_count),
        "deployment_years": plan.deployment_years,
        "total_cost": float(plan.total_cost),
        "cost_per_gpu_hour": float(plan.cost_per_gpu_hour),
        "terrestrial_cost_per_gpu_hour": float(plan.terrestrial_cost_per_gpu_hour),
        "break_even_launch_price": plan.break_even_launch_price,
        "launched_power_price": float(plan.launched_power_price),
        "peak_operating_it_power": float(np.max(plan.operating_satellites)
                                         * plan.satellite["it_power"]),
    }


def hold_junction_limit(spec, thermal, rounds: int = 4):
    """Re-size until the hottest junction stays within the limit through the orbit.

    Each round lowers the junction limit the sizing sees by the overshoot the thermal
    network found (cumulative) and flies the new design. Returns None when the first
    design already holds the limit; otherwise the held design's headline numbers and
    the margin [K] it took.
    """
    limit = thermal.junction_limit
    margin, peak = 0.0, thermal.peak_junction_temperature
    if peak <= limit:
        return None
    for count in range(1, rounds + 1):
        margin += peak - limit + 1e-3  # a millikelvin more, so rounding cannot undo it
        design = td.size_satellite(spec.replace(junction_limit=limit - margin),
                                   "max_compute", sensitivities=False)
        peak = simulate_satellite(design).peak_junction_temperature
        if peak <= limit:
            return {"margin": margin, "rounds": count, "gpu_count": design.gpu_count,
                    "it_power": design.it_power, "specific_power": design.specific_power,
                    "radiator_area": design.radiator_area, "total_mass": design.total_mass,
                    "peak_junction_temperature": peak}
    raise td.SolverError(f"the junction limit was not held after {rounds} rounds of "
                         f"sizing and flying (peak {peak:.3f} K against {limit:.3f} K)")


#: Chip inputs whose sensitivities the chip section lists (accelerator catalog fields).
CHIP_INPUTS = ("junction_limit", "power", "host_power", "clock_static_fraction",
               "clock_power_exponent", "clock_throughput_exponent", "leakage_fraction",
               "leakage_activation", "hard_failure_rate", "failure_temperature",
               "activation_energy", "mass")


def chip_moves(trades) -> dict:
    """Relative change of delivered compute per step of :func:`_common.chip_trades`, and
    the step (of the three design variables) that moved it most."""
    steps = {trades[i]["case"]: trades[i]["delivered_compute"]
             / trades[i - 1]["delivered_compute"] - 1.0 for i in range(1, len(trades))}
    variables = {k: v for k, v in steps.items() if k.endswith("free")
                 or k.endswith("(the co-design)")}
    return {"steps": steps, "largest_variable": max(variables, key=variables.get),
            "total": trades[-1]["delivered_compute"] / trades[0]["delivered_compute"] - 1.0}


def add_chip_section(report, design, trades, moved) -> None:
    """The chip operating point: the optimum's T_j, clock, eclipse policy and spares, the
    trades one at a time, and the sensitivities of the chip inputs."""
    gpu = design.spec.entry("accelerator")
    today, new = trades[0], trades[-1]
    report.add_summary(
        f"The chip is co-designed: the optimum runs its junctions at "
        f"{design.junction_temperature - 273.15:.1f} °C (limit "
        f"{gpu.junction_limit - 273.15:.0f} °C) and its clock at "
        f"{design.clock_fraction:.3f} of maximum, "
        + ("idles the GPUs through eclipse" if design.eclipse_power_fraction == 0 else
           f"runs the GPUs at {design.eclipse_power_fraction:.2f} power through eclipse")
        + f", and carries {design.spare_count:.1f} cold spares for the expected hard "
        f"failures of its {design.spec.lifetime_years:g} years: "
        f"{new['delivered_compute'] / 1e15:.1f} PFLOP/s delivered "
        f"({new['compute_per_kg'] * 1e3 / 1e15:.1f} PFLOP/s per tonne) against "
        f"{today['delivered_compute'] / 1e15:.1f} PFLOP/s "
        f"({today['compute_per_kg'] * 1e3 / 1e15:.1f} per tonne, {today['gpu_count']} GPUs, "
        f"{today['specific_power']:.1f} W/kg) before the co-design, "
        f"{100 * moved['total']:+.0f} %. Of the three new design variables, "
        f"'{moved['largest_variable']}' moved it most "
        f"({100 * moved['steps'][moved['largest_variable']]:+.0f} %).")
    report.add_section("The chip operating point")
    report.add_paragraph(
        "Junction temperature, clock fraction and eclipse power fraction are design "
        "variables (thermaldesign.accelerator): board power P = P_TDP [s_c + s_l (T_j/T_ref)^c "
        "+ (1 - s) x^a] from the Perseus A100 clock sweep (normalised, transferred to the "
        "H100) and the K20 leakage form; throughput x^b; hard failures at an Arrhenius rate "
        "(0.7 eV) on the Llama 3 / Crusoe hard-failure split, replaced by cold spares; the "
        "eclipse policy chosen by branch and bound over its bounds. The host share is the "
        "space-native board's (no fans, no AC-DC supply); the DGX wall share counted supply "
        "losses twice. Each row below adds one trade to the row above it.")
    report.add_table(common.chip_trades_table(trades),
                     title="The co-design's trades, one at a time (max compute, 3 t)")
    rows = [[f"accelerator.{name}", design.sensitivities.get(f"accelerator.{name}", 0.0)]
            for name in CHIP_INPUTS]
    rows += [[name, design.sensitivities.get(name, 0.0)] for name in ("server_power",
                                                                      "cold_plate_resistance")]
    report.add_table(rows, columns=["input", "d log(delivered compute) / d log(input)"],
                     title="Sensitivities of the chip inputs at the optimum (GP duals, "
                     "checked against finite differences in the tests)")


#: How the satellite is flown and built, from the idealised model before issue 14 to the
#: flight-like default and its alternatives: (label, spec changes).
HARDWARE_CASES = (
    ("no layout, fixed bus (the idealised model before issue 14)",
     {"layout": None, "bus_model": "fixed"}),
    ("in-plane layout, fixed bus (what the radiator sees)",
     {"layout": "in-plane", "bus_model": "fixed"}),
    ("in-plane layout, scaled bus (the default: flown as today)", {}),
    ("boom layout, scaled bus", {"layout": "boom"}),
    ("body-mounted radiator, scaled bus",
     {"layout": "body-mounted", "radiator": "body_mounted_honeycomb"}),
)


def hardware_cases(spec) -> list[dict]:
    """The spec sized per :data:`HARDWARE_CASES`, plus the default with its fins designed
    at its own fluid outlet (:func:`thermaldesign.sizing.entry.fins_at_design_temperature`).
    """
    cases = [(label, spec.replace(**changes)) for label, changes in HARDWARE_CASES]
    cases.append(("the default, fins designed at its own outlet",
                  td.sizing.entry.fins_at_design_temperature(spec)))
    rows = []
    for label, variant in cases:
        design = td.size_satellite(variant, "max_compute", sensitivities=False)
        env = td.sizing.evaluate.environment_of(variant)
        rows.append({"case": label, "gpu_count": design.gpu_count,
                     "delivered_compute": design.objective_value,
                     "compute_per_tonne": design.objective_value / design.total_mass * 1e3,
                     "specific_power": design.specific_power,
                     "radiator_area": design.radiator_area,
                     "radiator_mass": design.mass_breakdown["radiator"],
                     "neighbour_flux": env.neighbour_flux,
                     "attitude_mass": design.mass_breakdown["attitude control"]
                     + design.mass_breakdown.get("rotary joints", 0.0)})
    return rows


def add_hardware_section(report, rows) -> None:
    """How flight-like hardware moves the reference: layouts, scaled bus and fins."""
    idealised, view_only, default = rows[0], rows[1], rows[2]

    def change(row, base):
        return 100.0 * (row["delivered_compute"] / base["delivered_compute"] - 1.0)

    report.add_summary(
        f"Flown as today (radiator in the array's plane, array and bus in its view, "
        f"attitude control sized for the panels) it carries {default['gpu_count']} GPUs "
        f"against {idealised['gpu_count']} in the idealised model before issue 14 "
        f"({change(default, idealised):+.1f} % compute); what the radiator sees moves it "
        f"most ({view_only['neighbour_flux']:.1f} W/m^2 absorbed from the array's back "
        f"face and the bus, {change(view_only, idealised):+.1f} %), the scaled bus "
        f"another {change(default, view_only):+.1f} %. Other layouts: "
        + "; ".join(f"{r['case'].split(',')[0]} {r['gpu_count']} GPUs "
                    f"({change(r, default):+.1f} %)" for r in rows[3:5])
        + f"; fins designed at the design's own outlet: {rows[5]['gpu_count']} GPUs "
        f"({change(rows[5], default):+.1f} %, opt-in).")
    report.add_section("Flight-like hardware: layout, bus and fins")
    report.add_paragraph(
        "The radiator absorbs the infrared of what it sees (the array's back face at its "
        "own equilibrium temperature, the bus's blanket), from view factors of the layout "
        "(thermaldesign.layout: closed forms and a Monte Carlo ray tracer); the scaled bus "
        "sizes reaction wheels for the layout's inertia and its gravity-gradient, drag and "
        "solar torques, plus the rotary joints that keep the radiator edge-on to the Sun "
        "(thermaldesign.bus). The fins are by default designed at the hottest outlet the "
        "thermal chain allows; designing them at the co-designed optimum's own outlet is "
        "an outer fixed point, opt-in because the geometric program takes the fin factor "
        "as constant in temperature.")
    report.add_table(
        [[r["case"], r["gpu_count"], r["delivered_compute"] / 1e15,
          r["compute_per_tonne"] / 1e15, r["specific_power"], r["radiator_area"],
          r["radiator_mass"], r["neighbour_flux"], r["attitude_mass"]] for r in rows],
        columns=["case", "GPUs", "delivered [PFLOP/s]", "PFLOP/s per t", "IT W/kg",
                 "radiator [m^2]", "radiator [kg]", "absorbed from neighbours [W/m^2]",
                 "attitude control and joints [kg]"],
        title="The reference under each layout and bus model (max compute, 3 t)")


def limits_sentence(plan) -> str:
    """Which of launch cadence, production and accelerator supply held the fleet back, and
    in how many years."""
    held = [limit for limit in plan.binding_limit if limit not in ("demand", "none")]
    if not held:
        return "no production, chip-supply or cadence limit binds"
    counts = {limit: held.count(limit) for limit in dict.fromkeys(held)}
    return "limited by " + ", ".join(f"{name} in {count} year{'s' if count > 1 else ''}"
                                     for name, count in counts.items())


def orbit_sentence(thermal) -> str:
    """What flying the sized satellite through its orbit shows, in one paragraph."""
    over = -thermal.junction_margin
    verdict = (
        f"the hottest junction peaks at {thermal.peak_junction_temperature:.2f} K, "
        f"{over:.2f} K above its {thermal.junction_limit:.2f} K limit: the sizing closes "
        "the orbit-average energy balance (the orbit-average junction sits at the limit), "
        "and the thermal mass of loop and panels does not fully smooth the swing of the "
        "environment around it (albedo and Earth infrared on the panels in sunlight, no "
        "albedo in eclipse). A design that "
        f"must hold the limit at every instant needs about {over:.1f} K more margin in "
        "the thermal chain (a slightly larger, cooler radiator)"
        if over > 0 else
        f"the hottest junction peaks at {thermal.peak_junction_temperature:.2f} K, "
        f"{thermal.junction_margin:.2f} K below its {thermal.junction_limit:.2f} K limit"
    )
    return (
        "The design is then flown through its orbit as a lumped thermal network "
        "(accelerators, cold plates, ammonia loop, edge-on radiator panels, sun-pointing "
        "array; environment from thermaldesign.environment at the design beta, end of life, "
        f"hot case) until the temperatures repeat ({thermal.orbits} orbits): {verdict}. The "
        f"radiator swings {np.ptp(thermal.radiator_temperature_range):.2f} K, the coolant "
        f"stays {thermal.freezing_margin:.0f} K above the freezing point of "
        f"{thermal.coolant.name}, and the array runs from "
        f"{thermal.array_temperature_range[0]:.0f} K in eclipse to "
        f"{thermal.array_temperature_range[1]:.0f} K in sunlight."
    )


def main(out_dir, *, small: bool = False) -> dict:
    """Size the reference satellite, plan its 1 GW fleet and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder (replaced if it holds an earlier report).
    small : bool
        Fewer points on the cost-vs-launch-price curve.

    Returns
    -------
    dict
        ``report`` (folder), ``design`` headline numbers and ``fleet`` per vehicle
        (SI units and USD).
    """
    check_folder(out_dir)
    spec = td.reference_spec()
    design = td.size_satellite(spec, "max_compute")
    margins = td.check_design(spec, design)
    plans = {vehicle: td.plan_fleet(design, target_it_power=TARGET_IT_POWER, vehicle=vehicle,
                                    years=HORIZON_YEARS)
             for vehicle in VEHICLES}
    today, mature = plans["starship"], plans["starship_future"]
    launches_needed = math.ceil(today.satellite_count / today.satellites_per_launch)
    cadence = td.catalog.get("launch_vehicles", "starship").max_launches_per_year

    deployed = (common.number(mature.deployment_years, 2) if mature.deployment_years
                else "more than the horizon's")
    report = Report(TITLE, subtitle="What one satellite of today's technology looks like, "
                    "and what it takes to keep 1 GW of IT power in orbit")
    report.add_summary(common.design_sentence(design, "The reference satellite"))
    report.add_summary(
        f"1 GW of IT power takes {today.satellite_count:,} such satellites. Starship carries "
        f"{today.satellites_per_launch} per flight to the sun-synchronous orbit "
        f"({today.packing_limit}-limited), so the initial fleet alone needs "
        f"{launches_needed:,} flights: {launches_needed / cadence:,.0f} years at today's "
        f"catalog cadence of {cadence:g} flights a year. Worse, at that cadence the fleet "
        f"levels off at {np.max(today.operating_satellites) * design.it_power / 1e9:.2f} GW: "
        f"after {spec.lifetime_years:g} years every flight replaces satellites that retire "
        "or fail. On the mature Starship projection "
        f"the fleet is deployed in {deployed} years ({limits_sentence(mature)}) and costs "
        f"{mature.cost_per_gpu_hour:,.2f} USD per GPU-hour against "
        f"{mature.terrestrial_cost_per_gpu_hour:,.2f} on the ground ({mature.terrestrial})."
    )
    costs = design.cost_breakdown
    hardware = sum(v for k, v in costs.items() if k != "launch")
    largest = max((k for k in costs if k != "launch"), key=costs.get)
    free = {vehicle: td.plan_fleet(design, target_it_power=TARGET_IT_POWER, vehicle=vehicle,
                                   years=HORIZON_YEARS,
                                   economics=td.Economics(launch_price_per_kg=0.0))
            for vehicle in VEHICLES}
    verdicts = []
    for vehicle, plan in plans.items():
        if plan.break_even_launch_price is None:
            verdicts.append(f"on {vehicle}, at the catalog values, no launch price breaks "
                            f"even: even free launch "
                            f"leaves {free[vehicle].cost_per_gpu_hour:,.2f} USD per GPU-hour")
        else:
            verdicts.append(f"on {vehicle} orbit breaks even below "
                            f"{plan.break_even_launch_price:,.0f} USD/kg")
    report.add_summary(
        f"Against the ground ({today.terrestrial_cost_per_gpu_hour:,.2f} USD per GPU-hour, "
        f"{today.terrestrial}): " + "; ".join(verdicts)
        + f". The floor is the satellite hardware: {hardware / 1e6:,.1f} M USD per satellite "
        f"before launch, of which the {largest} is {costs[largest] / 1e6:,.1f} M USD, for "
        f"{design.gpu_count:,.0f} accelerators that serve {spec.lifetime_years:g} years."
    )
    uncertain = common.uncertainty_verdict(design, target_it_power=TARGET_IT_POWER,
                                           vehicle="starship_future", years=HORIZON_YEARS,
                                           small=small)
    report.add_summary(common.verdict_sentence(uncertain["headline"], "mature Starship"))

    report.add_section("The reference satellite")
    report.add_paragraph(
        "Sized by the geometric program of thermaldesign.sizing for maximum compute under the "
        "3 t mass limit, with an exact integer GPU count; every constraint is then recomputed "
        "with the plain physics functions (closure margins below, >= 0 closes to solver "
        "tolerance). The radiator is sized at end of life in the hot case; the array at end "
        "of life with the cold case's albedo and Earth IR, twice: through the longest "
        "eclipse of the dawn-dusk orbit's eclipse season at that day's solar flux (LTAN "
        "06:00: late December, near perihelion) and on a day without eclipse at the year's "
        "lowest flux (aphelion); the battery for that longest eclipse. The fleet's target "
        "is IT power, so a design that spends less power per FLOP (a lower clock, a cooler "
        "junction) needs more satellites for the same gigawatt."
    )
    report.add_table(common.design_table_rows(design),
                     columns=["quantity", "value", "unit", "description"],
                     title="Reference design (SI units)")
    report.add_table([[name, value] for name, value in margins.items()],
                     columns=["constraint", "margin"],
                     title="Closure: relative margins recomputed with the physics functions",
                     note="(capacity - demand) / demand; binding constraints sit at zero.")
    report.add_figure(plots.mass_breakdown(design), "mass-breakdown.png",
                      caption="Where the 3 t go: mass breakdown of the reference satellite [kg]")
    report.add_figure(plots.power_breakdown(design), "power-breakdown.png",
                      caption="Electrical power: loads, conversion losses and array output [W]")
    report.add_figure(plots.heat_breakdown(design), "heat-breakdown.png",
                      caption="Heat: dissipated power, absorbed environment and heat "
                      "emitted by the radiator [W]")
    common.add_sensitivity_tornado(
        report, design,
        caption="What moves the compute of one satellite: each of the ten most influential "
        "inputs moved over its own range, from the optimum's log-sensitivities",
    )
    trades = common.chip_trades(spec)
    moved = chip_moves(trades)
    add_chip_section(report, design, trades, moved)
    hardware = hardware_cases(spec)
    add_hardware_section(report, hardware)

    thermal = simulate_satellite(design)
    report.add_section("Through one orbit: the thermal network")
    report.add_paragraph(orbit_sentence(thermal))
    eclipse = thermal.eclipse_duration
    report.add_figure(
        plots.orbit_temperatures(
            thermal.last_orbit, nodes=["junction 0", "coolant", "radiator 0"],
            limits={"junction limit": thermal.junction_limit},
            eclipses=[(0.5 * (thermal.period - eclipse), 0.5 * (thermal.period + eclipse))]
            if eclipse > 0 else None,
            title="Reference satellite through its design orbit (EOL, hot case)"),
        "orbit-temperatures.png",
        caption="Junction, coolant loop and radiator panel through the periodic orbit of the "
        "longest-eclipse day (lumped network of thermaldesign.satellite_network); eclipse "
        "shaded",
    )
    report.add_table([[label, value, unit] for label, value, unit in (
        ("peak junction temperature", thermal.peak_junction_temperature, "K"),
        ("junction limit", thermal.junction_limit, "K"),
        ("junction margin at the peak", thermal.junction_margin, "K"),
        ("radiator min / max", "{:.2f} / {:.2f}".format(*thermal.radiator_temperature_range),
         "K"),
        ("coolant min / max", "{:.2f} / {:.2f}".format(*thermal.coolant_temperature_range),
         "K"),
        (f"margin to {thermal.coolant.name} freezing", thermal.freezing_margin, "K"),
        ("solar array min / max", "{:.1f} / {:.1f}".format(*thermal.array_temperature_range),
         "K"),
        ("orbits to the periodic state", thermal.orbits, "-"))],
        columns=["quantity", "value", "unit"], title="Thermal network through the orbit")
    held = hold_junction_limit(spec, thermal)
    if held is not None:
        lost = design.gpu_count - held["gpu_count"]
        cost = (f"it costs {lost:.0f} of the {design.gpu_count:.0f} accelerators" if lost
                else f"the same {design.gpu_count:.0f} accelerators fit, the radiator grows "
                f"from {design.radiator_area:.1f} to {held['radiator_area']:.1f} m² and the "
                f"satellite from {design.total_mass:,.0f} to {held['total_mass']:,.0f} kg")
        report.add_paragraph(
            "Held at every instant instead: sized with its junction limit lowered by the "
            f"overshoot ({held['margin']:.2f} K, found in {held['rounds']} "
            f"round{'s' if held['rounds'] != 1 else ''} of sizing and flying), the hottest "
            f"junction peaks at {held['peak_junction_temperature']:.3f} K, within the "
            f"{thermal.junction_limit:.3f} K limit; {cost} "
            f"({held['specific_power']:.2f} W/kg against {design.specific_power:.2f}).")

    report.add_section("The 1 GW fleet")
    report.add_paragraph(
        f"Each plan keeps {TARGET_IT_POWER / 1e9:g} GW of IT power operating over "
        f"{HORIZON_YEARS} years, launching the shortfall left by deployment, end-of-life "
        "retirement and failures each year up to the vehicle's cadence, with launch and "
        "manufacturing learning, insurance, operations and the ground comparison of "
        "thermaldesign.fleet (defaults and their sources in the inputs below)."
    )
    rows = []
    for name, unit in (("satellite_count", "-"), ("satellites_per_launch", "-"),
                       ("packing_limit", ""), ("launch_count", "-"),
                       ("satellites_launched", "-"), ("deployment_years", "yr"),
                       ("launch_price_per_kg", "USD/kg"),
                       ("effective_launch_price_per_kg", "USD/kg"), ("total_cost", "USD"),
                       ("cost_per_gpu_hour", "USD/h"),
                       ("terrestrial_cost_per_gpu_hour", "USD/h"),
                       ("launched_power_price", "USD/(kW·yr)"),
                       ("break_even_launch_price", "USD/kg")):
        row = {"quantity": name.replace("_", " "), "unit": unit}
        for vehicle, plan in plans.items():
            value = getattr(plan, name)
            row[vehicle] = "none" if value is None else value
        rows.append(row)
    report.add_table(rows, title="Fleet plans for 1 GW of IT power, 10-year horizon",
                     note="deployment years 'none': the initial fleet is not complete "
                     "within the horizon at that vehicle's cadence.")
    for vehicle, plan in plans.items():
        report.add_figure(plots.fleet_timeline(plan), f"fleet-timeline-{vehicle}.png",
                          caption=f"IT power in orbit and launches per year on {vehicle}")
    count = 7 if small else 21
    prices = np.geomspace(20.0, 20_000.0, count)
    curves = {}
    economics = td.Economics()
    for vehicle in VEHICLES:
        curves[vehicle] = np.array([
            td.plan_fleet(design, target_it_power=TARGET_IT_POWER, vehicle=vehicle,
                          years=HORIZON_YEARS,
                          economics=economics.replace(launch_price_per_kg=p)).cost_per_gpu_hour
            for p in prices])
    report.add_figure(
        plots.cost_vs_launch_price(prices, curves,
                                   terrestrial_cost=today.terrestrial_cost_per_gpu_hour,
                                   cost_label="Cost per GPU-hour [USD/h]",
                                   terrestrial_label=f"ground ({today.terrestrial})"),
        "cost-vs-launch-price.png",
        caption="Levelized cost per delivered GPU-hour against the launch price (one fleet "
        "plan per point; cadence and payload of each vehicle), with the ground's cost",
    )
    common.add_uncertainty_section(report, uncertain, "1 GW on the mature Starship")
    report.add_data("design.json", design, description="the reference design, SI units")
    report.add_data("hardware-cases.csv", {k: [r[k] for r in hardware] for k in hardware[0]},
                    description="the reference per layout and bus model: GPUs, delivered "
                    "compute [FLOP/s], per tonne [FLOP/s/t], IT W/kg, radiator [m^2] and "
                    "[kg], neighbour flux [W/m^2], attitude control and joints [kg]")
    for vehicle, plan in plans.items():
        report.add_data(f"fleet-{vehicle}.json", plan,
                        description=f"the 1 GW fleet plan on {vehicle}, SI units and USD")
    report.add_data("cost-vs-launch-price.csv",
                    {"launch_price_per_kg": prices,
                     **{f"cost_per_gpu_hour_{v}": c for v, c in curves.items()}},
                    description="launch price [USD/kg], cost per GPU-hour [USD/h] per vehicle")

    common.add_spec_inputs(report, spec, "spec")
    report.add_input("fleet.target_it_power", TARGET_IT_POWER, unit="W", source="this study")
    report.add_input("fleet.years", HORIZON_YEARS, unit="yr", source="this study")
    # Units as Economics documents them.
    for field, unit in (("launch_learning_rate", "-"), ("launch_experience_mass", "kg"),
                        ("failure_rate", "1/yr"), ("accelerator_failure_rate", "1/yr"),
                        ("insurance_fraction", "-"), ("terrestrial", "")):
        report.add_input(f"economics.{field}", getattr(economics, field), unit=unit,
                         source=td.Economics.source(field))
    for vehicle in VEHICLES:
        report.add_catalog_entry(td.catalog.get("launch_vehicles", vehicle))
    report.add_catalog_entry(td.catalog.get("terrestrial", economics.terrestrial))
    common.add_catalog_entries(report, spec)
    folder = report.write(out_dir)
    return {
        "report": str(folder),
        "design": common.design_headline(design),
        "closure_margins": dict(margins),
        "orbit": thermal.to_dict(),
        "orbit_held": held,
        "fleet": {vehicle: {**fleet_summary(plan),
                            "free_launch_cost_per_gpu_hour": free[vehicle].cost_per_gpu_hour}
                  for vehicle, plan in plans.items()},
        "initial_fleet_launches": launches_needed,
        "chip_trades": trades,
        "chip_moves": moved,
        "chip_sensitivities": {name: design.sensitivities.get(f"accelerator.{name}", 0.0)
                               for name in CHIP_INPUTS},
        "verdict": uncertain["headline"],
    }
