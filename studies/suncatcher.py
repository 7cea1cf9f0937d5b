"""Google Project Suncatcher: launched power price, the learning curve and break-even.

Google's Project Suncatcher (arXiv:2511.19468, 2025) proposes clusters of 81 TPU
satellites flying within about 1 km of each other in a 650 km dawn-dusk sun-synchronous
orbit, and argues that with a 20 % launch learning rate the price to LEO could fall below
200 USD/kg by the mid-2030s, when the launched power price becomes comparable to the
cost of power for a data center on the ground. This study reproduces the paper's numbers
(cases P-1, F-1, F-2), asks how much launched mass Wright's law needs for 200 USD/kg and
for break-even, in which year that happens for stated launch-growth scenarios, and sizes
the cluster's satellite with the optimizer.

Run: ``thermaldesign study suncatcher --out DIR``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import catalog, fleet, orbit, plots
from thermaldesign.report import Report, check_folder

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "Google Project Suncatcher: launched power price, learning curve and break-even"
PAPER = "Google Project Suncatcher, arXiv:2511.19468 (2025)"

# --- the paper's numbers ------------------------------------------------------------------
V2_MINI = {"array_area": 105.0, "cell_efficiency": 0.22, "packing": 0.90, "mass": 575.0,
           "lifetime_years": 5.0}  # case P-1
PRICE_TODAY = 3600.0  # [USD/kg], Table 1 (case F-1)
PRICE_TARGET = 200.0  # [USD/kg], "below 200 USD/kg by the mid-2030s"
TARGET_YEAR_CLAIMED = 2035
GROUND_POWER = {"low": (0.06, 1.09), "high": (0.25, 1.40)}  # (USD/kWh, PUE), case F-2
CLUSTER_SIZE = 81
# The paper's own learning-curve anchor: Falcon Heavy at about 1,800 USD/kg when about
# 400 t had been flown (section 4.4); the break-even year depends on the anchor.
PAPER_ANCHOR = (1800.0, 400e3)  # ([USD/kg], [kg])
SCENARIO_GROWTH = 0.5  # [1/yr], the growth scenario of the headline years
ALTITUDE = 650e3  # [m]

# --- launch growth: stated scenarios, not forecasts -------------------------------------------
START_YEAR = 2025
FLIGHT_MASS = 14_000.0  # [kg per Falcon 9 flight], as in Economics.launch_experience_mass
GROWTH_RATES = (0.0, 0.25, 0.5, 1.0)  # yearly growth of the mass launched per year [-]


def annual_mass_2025():
    """Mass SpaceX launches in a year at the catalog Falcon 9 cadence [kg/yr]."""
    return catalog.get("launch_vehicles", "falcon9").max_launches_per_year * FLIGHT_MASS


def cumulative_mass(years, growth, experience, annual):
    """Cumulative launched mass at the end of each year [kg].

    .. math:: M(y) = M_0 + A_0 \\sum_{k=1}^{y - y_0} (1 + g)^k
    """
    steps = np.asarray(years, dtype=float) - START_YEAR
    if growth == 0.0:
        return experience + annual * steps
    return experience + annual * (1 + growth) * ((1 + growth) ** steps - 1) / growth


def mass_for_price(price, reference_price, reference_mass, learning_rate):
    """Cumulative mass at which Wright's law reaches ``price`` [kg].

    .. math:: M = M_0 (p / p_0)^{1 / \\log_2(1 - r)}
    """
    return reference_mass * (price / reference_price) ** (1.0 / math.log2(1.0 - learning_rate))


def year_reached(mass_needed, growth, experience, annual, last_year=2200):
    """First calendar year whose end-of-year cumulative mass reaches ``mass_needed``."""
    years = np.arange(START_YEAR, last_year + 1)
    reached = cumulative_mass(years, growth, experience, annual) >= mass_needed
    return int(years[np.argmax(reached)]) if reached.any() else None


@common.styled
def _learning_figure(years, prices, break_even_low):
    fig, ax = common.figure()
    for index, (growth, price) in enumerate(prices.items()):
        ax.plot(years, price, color=common.COLORS[index],
                label=f"launched mass growing {100 * growth:.0f} %/yr")
    ax.axhline(PRICE_TARGET, color=common.COLORS[4], linestyle="--",
               label=f"{PRICE_TARGET:.0f} USD/kg (paper: by the mid-2030s)")
    ax.axhline(break_even_low, color="#222222", linestyle=":",
               label=f"break-even with ground power at 0.06 USD/kWh ({break_even_low:.0f})")
    ax.axvline(TARGET_YEAR_CLAIMED, color="#888888", linewidth=1)
    ax.set_yscale("log")
    common.plain_log_ticks(ax.yaxis)
    return common.finish(fig, ax, "Wright's law at 20 % per doubling of cumulative launched mass",
                         xlabel="Year", ylabel="Launch price to LEO [USD/kg]",
                         legend_loc="lower left", fontsize=8.5)


@common.styled
def _launched_power_figure(prices, satellites, ground):

    fig, ax = common.figure()
    for index, (label, (mass, power, life)) in enumerate(satellites.items()):
        ax.plot(prices, fleet.launched_power_price(mass, prices, power, life),
                color=common.COLORS[index], label=label)
    ax.axhspan(ground["low"], ground["high"], color="#dddddd", alpha=0.6,
               label=f"ground power {ground['low']:,.0f}-{ground['high']:,.0f} USD/(kW·yr)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    common.plain_log_ticks(ax.xaxis)
    common.plain_log_ticks(ax.yaxis)
    return common.finish(fig, ax,
                         "Launch cost per kW-year of power against the cost of ground power",
                         xlabel="Launch price [USD/kg]",
                         ylabel="Launched power price [USD/(kW·yr)]", legend_loc="upper left",
                         fontsize=8.5)


def learning_anchors(experience) -> dict:
    """Wright's-law anchors ``{name: (price [USD/kg], cumulative mass [kg])}``: the catalog
    Falcon 9 list price per kg of LEO payload at the experience flown, and the paper's own
    Falcon Heavy anchor."""
    falcon9 = catalog.get("launch_vehicles", "falcon9")
    return {"catalog Falcon 9 list price at 8.1 kt flown":
            (falcon9.price / falcon9.payload_leo, experience),
            "paper: Falcon Heavy 1,800 USD/kg at ~400 t": PAPER_ANCHOR}


def price_by_year(years, anchor, experience, annual, rate):
    """Launch price by year along Wright's law from ``anchor`` [USD/kg] (growth scenario
    :data:`SCENARIO_GROWTH`)."""
    price, mass = anchor
    return np.asarray(fleet.learning_curve_price(
        cumulative_mass(years, SCENARIO_GROWTH, experience, annual), price, mass, rate))


@common.styled
def _probability_by_year_figure(years, curves):
    fig, ax = common.figure()
    for index, (label, probability) in enumerate(curves.items()):
        ax.plot(years, probability, color=common.COLORS[index], label=label, linewidth=2)
    ax.set_ylim(-0.02, 1.02)
    return common.finish(fig, ax, "Probability that the cluster beats the ground, by year",
                         xlabel="Year", ylabel="P(orbit cheaper than ground) [-]",
                         legend_loc="upper left", fontsize=8.5)


def main(out_dir, *, small: bool = False) -> dict:
    """Run the Suncatcher study and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Fewer curve points (for tests).

    Returns
    -------
    dict
        Headline numbers (SI units and USD) and the report folder.
    """
    check_folder(out_dir)
    economics = td.Economics()
    rows = []

    # P-1 and F-1 ------------------------------------------------------------------------------
    v = V2_MINI
    array_power = v["array_area"] * float(td.power.array_power_density(
        v["cell_efficiency"], packing_factor=v["packing"]))
    array_specific = float(fleet.specific_power(array_power, v["mass"]))
    launched_today = float(fleet.launched_power_price(v["mass"], PRICE_TODAY, array_power,
                                                      v["lifetime_years"]))
    launched_target = float(fleet.launched_power_price(v["mass"], PRICE_TARGET, array_power,
                                                       v["lifetime_years"]))
    ground = {k: float(fleet.terrestrial_power_cost(price, pue))
              for k, (price, pue) in GROUND_POWER.items()}
    break_even = {k: cost * array_power / 1e3 * v["lifetime_years"] / v["mass"]
                  for k, cost in ground.items()}
    rows.append(common.claim("Starlink v2 mini array power", 28.3, array_power / 1e3, "kW",
                             "holds", "105 m² x 0.22 x 0.90 x 1361 W/m² (case P-1).",
                             PAPER + " s. 4.4"))
    rows.append(common.claim("launched power price at 3,600 USD/kg", 14_700, launched_today,
                             "USD/(kW·yr)", "holds", "575 kg x 3,600 / (28.3 kW x 5 yr) "
                             "(case F-1).", PAPER + " Table 1"))
    rows.append(common.claim("launched power price at 200 USD/kg", 810, launched_target,
                             "USD/(kW·yr)", "holds", "Same arithmetic at 200 USD/kg (case F-1).",
                             PAPER + " Table 1"))
    rows.append(common.claim("cost of ground power", "570-3,000",
                             f"{ground['low']:,.0f}-{ground['high']:,.0f}", "USD/(kW·yr)",
                             "holds", "0.06 USD/kWh at PUE 1.09 to 0.25 USD/kWh at PUE 1.4 over "
                             "8,760 h (case F-2).", PAPER + " s. 4.4"))

    # Learning curve ---------------------------------------------------------------------------
    experience = economics.launch_experience_mass
    rate = economics.launch_learning_rate
    annual = annual_mass_2025()
    mass_target = mass_for_price(PRICE_TARGET, PRICE_TODAY, experience, rate)
    mass_break_even = mass_for_price(break_even["low"], PRICE_TODAY, experience, rate)
    doublings = math.log2(mass_target / experience)
    years_target = {g: year_reached(mass_target, g, experience, annual) for g in GROWTH_RATES}
    years_break_even = {g: year_reached(mass_break_even, g, experience, annual)
                        for g in GROWTH_RATES}
    anchors = learning_anchors(experience)
    anchor_years = {name: year_reached(mass_for_price(break_even["low"], price, mass, rate),
                                       SCENARIO_GROWTH, experience, annual)
                    for name, (price, mass) in anchors.items()}
    # Growth rate that reaches 200 USD/kg by the end of 2035 (bisection on g).
    low, high = 0.0, 10.0
    for _ in range(60):
        middle = 0.5 * (low + high)
        enough = cumulative_mass(TARGET_YEAR_CLAIMED, middle, experience, annual) >= mass_target
        low, high = (low, middle) if enough else (middle, high)
    growth_needed = high
    annual_2035 = annual * (1 + growth_needed) ** (TARGET_YEAR_CLAIMED - START_YEAR)
    steady_years = (mass_target - experience) / annual
    flights_2035 = common.number(annual_2035 / 1e5, 2)
    heavy = td.catalog.get("launch_vehicles", "falcon_heavy")
    heavy_price = heavy.price / heavy.payload_leo
    heavy_doublings = math.log(PRICE_TARGET / heavy_price) / math.log(1.0 - rate)
    rows.append(common.claim(
        "below 200 USD/kg by the mid-2030s", TARGET_YEAR_CLAIMED,
        years_target[0.5] if years_target[0.5] else "after 2200", "year",
        "holds with caveats",
        f"From 3,600 USD/kg at {experience / 1e6:.1f} kt flown, 20 % per doubling needs "
        f"{doublings:.1f} doublings: {mass_target / 1e9:,.0f} Mt of cumulative launches. "
        f"At a steady {annual / 1e6:.1f} kt/yr that takes {steady_years:,.0f} years; it "
        f"takes {100 * growth_needed:.0f} %/yr growth in launched mass (to "
        f"{annual_2035 / 1e9:,.0f} Mt in 2035, {flights_2035} flights of 100 t) "
        f"to get there by 2035. Starting instead from Falcon Heavy's {heavy_price:,.0f} USD/kg "
        f"(catalog) would need {heavy_doublings:.1f} doublings.",
        PAPER + " s. 4.4"))

    # The cluster's satellite, sized --------------------------------------------------------
    season = orbit.eclipse_season(ALTITUDE)
    designs = {}
    for mode in ("battery", "idle"):
        spec = common.fixed_chip(td.SatelliteSpec(accelerator="tpu_v6e", altitude=ALTITUDE,
                                                  mass_limit=v["mass"], eclipse_mode=mode))
        designs[mode] = td.size_satellite(spec, "max_compute")
    design = designs["battery"]
    plans = {}
    for vehicle in ("falcon9", "starship"):
        plans[vehicle] = td.plan_fleet(design, target_it_power=CLUSTER_SIZE * design.it_power,
                                       vehicle=vehicle, years=10)
    plan = plans["falcon9"]
    uncertain = common.uncertainty_verdict(design, target_it_power=CLUSTER_SIZE * design.it_power,
                                           vehicle="falcon9", small=small)
    verdict_years = np.arange(START_YEAR, 2061)
    by_year = {name: np.array(list(uncertain["verdict"].probability_by_year(
        verdict_years, price_by_year(verdict_years, anchor, experience, annual,
                                     rate)).values()))
        for name, anchor in anchors.items()}
    launched_sized = float(fleet.launched_power_price(design.total_mass, PRICE_TODAY,
                                                      design.it_power, v["lifetime_years"]))
    rows.append(common.claim(
        "a v2-mini-class satellite delivers ~28 kW (49 W/kg)", array_specific,
        design.specific_power, "W/kg", "overstated",
        f"49 W/kg is array output over satellite mass. Closing the whole satellite (bus, "
        f"radiator, battery for the {season.longest_eclipse / 60:.0f}-min eclipses of the "
        f"{season.days_with_eclipse:.0f}-day eclipse season at 650 km) leaves "
        f"{design.gpu_count:.0f} TPUs and {design.it_power / 1e3:.1f} kW of IT power in "
        f"575 kg ({designs['idle'].it_power / 1e3:.1f} kW if the TPUs idle in eclipse): the "
        f"launched power price at 3,600 USD/kg is {launched_sized:,.0f} USD/(kW·yr), not "
        f"{launched_today:,.0f}.", PAPER + " s. 4.4"))

    # --- report ----------------------------------------------------------------------------
    report = Report(TITLE, subtitle="The paper's launch economics reproduced, the learning "
                    "curve worked out, and the cluster's satellite sized")
    report.add_summary(
        f"The paper's arithmetic reproduces: a Starlink v2 mini array gives "
        f"{array_power / 1e3:.1f} kW ({array_specific:.1f} W/kg); its launched power price is "
        f"{launched_today:,.0f} USD/(kW·yr) at 3,600 USD/kg and {launched_target:,.0f} at "
        f"200 USD/kg, against {ground['low']:,.0f}-{ground['high']:,.0f} for ground power. "
        f"Break-even with ground power needs {break_even['low']:,.0f} USD/kg (cheap power) to "
        f"{break_even['high']:,.0f} USD/kg (expensive power).")
    report.add_summary(
        f"Wright's law at 20 % per doubling needs {doublings:.1f} doublings of cumulative "
        f"launched mass to go from 3,600 to 200 USD/kg: {mass_target / 1e9:,.0f} Mt, against "
        f"about {experience / 1e6:.0f} kt flown to date. Launching a steady "
        f"{annual / 1e6:.1f} kt a year gets there in {steady_years:,.0f} years; by 2035 needs "
        f"the launched mass to grow {100 * growth_needed:.0f} % a year, to "
        f"{annual_2035 / 1e9:,.0f} Mt ({flights_2035} flights of 100 t) in 2035 "
        "alone: the paper's date needs a step change in price, not Wright's law on today's "
        "experience. With 50 %/yr growth, "
        f"200 USD/kg arrives in {years_target[0.5]} and break-even with cheap ground power "
        f"in {years_break_even[0.5]}.")
    report.add_summary(
        f"Sized as a whole satellite, a 575 kg TPU v6e satellite at 650 km dawn-dusk closes "
        f"with {design.gpu_count:.0f} TPUs ({design.it_power / 1e3:.1f} kW IT, "
        f"{design.specific_power:.1f} W/kg), so the 81-satellite cluster carries "
        f"{CLUSTER_SIZE * design.gpu_count:,.0f} TPUs and {CLUSTER_SIZE * design.it_power / 1e3:,.0f} kW; "  # noqa: E501
        f"on Falcon 9 it costs {plan.cost_per_gpu_hour:,.2f} USD per TPU-hour against "
        f"{plan.terrestrial_cost_per_gpu_hour:,.2f} on the ground; "
        f"{plan.break_even_note.replace('GPU-h', 'TPU-h')}.")
    first_likely = {name: (int(verdict_years[np.argmax(p >= 0.5)]) if (p >= 0.5).any()
                           else None) for name, p in by_year.items()}
    report.add_summary(
        "The break-even year depends on where the learning curve is anchored: with launched "
        f"mass growing {100 * SCENARIO_GROWTH:.0f} %/yr, break-even with cheap ground power "
        + "; ".join(f"from the {name} comes in {year or 'after 2200'}"
                    for name, year in anchor_years.items())
        + ". " + common.verdict_sentence(uncertain["headline"], "the cluster on Falcon 9")
        + " Along the learning curve, orbit is more likely than not to beat the ground "
        + "; ".join(f"from {year if year else 'no year before 2061'} ({name})"
                    for name, year in first_likely.items()) + ".")
    report.add_section("Claimed vs computed")
    common.add_claims(report, rows, title="The paper's numbers against thermaldesign")
    report.add_section("Launched power price")
    prices = np.geomspace(50.0, 10_000.0, 30 if small else 120)
    report.add_figure(_launched_power_figure(prices, {
        "Starlink v2 mini array (paper, 49 W/kg)": (v["mass"], array_power, v["lifetime_years"]),
        f"sized TPU satellite, IT power ({design.specific_power:.1f} W/kg)":
            (design.total_mass, design.it_power, v["lifetime_years"]),
    }, ground), "launched-power-price.png",
        caption="Launch spend per kW-year against the launch price, for the paper's array "
        "power and for the IT power of the satellite sized by thermaldesign, with the band "
        "of ground power costs (case F-2)")
    report.add_table([
        {"quantity": "break-even launch price, ground power at 0.06 USD/kWh, PUE 1.09",
         "value": break_even["low"], "unit": "USD/kg"},
        {"quantity": "break-even launch price, ground power at 0.25 USD/kWh, PUE 1.4",
         "value": break_even["high"], "unit": "USD/kg"},
    ], title="Launch price at which launched power costs what ground power costs (v2 mini "
        "array numbers)")
    report.add_section("The learning curve and the break-even year")
    report.add_paragraph(
        f"Price p = 3,600 USD/kg x (M / M0)^log2(0.8) with M0 = {experience / 1e6:.2f} kt "
        "(thermaldesign.fleet.Economics, sourced) and M the cumulative mass launched. The "
        f"yearly mass starts at the catalog Falcon 9 cadence times {FLIGHT_MASS / 1e3:g} t "
        f"({annual / 1e6:.2f} kt in {START_YEAR}) and grows at a stated rate: these are "
        "scenarios, not forecasts.")
    report.add_paragraph(
        "The yearly mass counts all of the provider's launches, so the curve assumes every "
        "kilogram flown teaches the same lesson; a new vehicle (Starship) may start its own "
        "curve lower, which Wright's law on Falcon 9 history cannot predict.")
    years = np.arange(START_YEAR, 2061)
    curves = {g: np.asarray(fleet.learning_curve_price(
        cumulative_mass(years, g, experience, annual), PRICE_TODAY, experience, rate))
        for g in GROWTH_RATES}
    report.add_figure(_learning_figure(years, curves, break_even["low"]), "learning-curve.png",
                      caption="Launch price by year under Wright's law for four growth rates "
                      "of the yearly launched mass")
    report.add_table([{"launched mass growth [%/yr]": 100 * g,
                       "200 USD/kg in": years_target[g] or "after 2200",
                       "break-even (cheap ground power) in": years_break_even[g]
                       or "after 2200"} for g in GROWTH_RATES],
                     title="Year each price is reached")
    report.add_data("learning-curve.csv", {"year": years, **{
        f"price_growth_{int(100 * g)}pct": c for g, c in curves.items()}},
        description="launch price [USD/kg] by year for each growth scenario")
    report.add_table([{"anchor": name, "price [USD/kg]": price, "at cumulative mass [kg]": mass,
                       "break-even (cheap ground power) in": anchor_years[name] or "after 2200"}
                      for name, (price, mass) in anchors.items()],
                     title=f"Break-even year by learning-curve anchor ({100 * SCENARIO_GROWTH:.0f}"
                     " %/yr growth)")
    common.add_uncertainty_section(report, uncertain, "the cluster on Falcon 9")
    report.add_figure(_probability_by_year_figure(verdict_years, by_year),
                      "probability-by-year.png",
                      caption="P(the cluster costs less per TPU-hour than the ground) when the "
                      "launch price follows Wright's law from each anchor "
                      f"({100 * SCENARIO_GROWTH:.0f} %/yr growth of launched mass)")
    report.add_section("The cluster's satellite, sized")
    report.add_paragraph(
        f"TPU v6e accelerators, 575 kg mass limit (the v2 mini of case P-1), 650 km dawn-dusk "
        f"orbit with its eclipse season ({season.days_with_eclipse:.0f} days, eclipses up to "
        f"{season.longest_eclipse / 60:.1f} min), spec defaults otherwise (bus, thermal "
        "chain, silicon array, heat-pipe radiator, end-of-life sizing). Formation flying, "
        "inter-satellite optics and radiation effects on TPUs are not modelled.")
    report.add_table(common.designs_table({"compute through eclipse": design,
                                           "TPUs idle in eclipse": designs["idle"]}),
                     title="Max-compute satellites of the cluster")
    report.add_figure(plots.mass_breakdown(design, title="575 kg TPU satellite"),
                      "mass-breakdown.png", caption="Where the 575 kg go [kg]")
    report.add_table([{"vehicle": k, "satellites per launch": p.satellites_per_launch,
                       "launches": p.launch_count, "cost per TPU-hour [USD/h]":
                       p.cost_per_gpu_hour, "ground [USD/h]": p.terrestrial_cost_per_gpu_hour,
                       "break-even": p.break_even_note} for k, p in plans.items()],
                     title=f"The {CLUSTER_SIZE}-satellite cluster over 10 years "
                     "(replacements included)")
    report.add_data("design.json", design, description="the cluster satellite, SI units")
    report.add_data("fleet-falcon9.json", plan, description="the cluster on Falcon 9")
    for key, value in V2_MINI.items():
        report.add_input(f"v2 mini.{key}", value, source=PAPER + " s. 4.4 (case P-1)")
    report.add_input("launch price today", PRICE_TODAY, unit="USD/kg",
                     source=PAPER + " Table 1")
    report.add_input("launch price target", PRICE_TARGET, unit="USD/kg", source=PAPER)
    for key, (price, pue) in GROUND_POWER.items():
        report.add_input(f"ground power {key}", f"{price} USD/kWh, PUE {pue}",
                         source=PAPER + " s. 4.4 (case F-2)")
    report.add_input("cluster size", CLUSTER_SIZE, source=PAPER + " s. 2")
    report.add_input("altitude", ALTITUDE, unit="m", source=PAPER + " s. 2")
    report.add_input("mass per Falcon 9 flight", FLIGHT_MASS, unit="kg",
                     source=td.Economics.source("launch_experience_mass"))
    report.add_input("launched mass growth scenarios", ", ".join(f"{g:g}" for g in
                                                                 GROWTH_RATES),
                     unit="1/yr", source="this study (scenarios)")
    for field in ("launch_learning_rate", "launch_experience_mass"):
        report.add_input(f"economics.{field}", getattr(economics, field),
                         source=td.Economics.source(field))
    report.add_catalog_entry(td.catalog.get("launch_vehicles", "falcon9"))
    common.add_catalog_entries(report, design.spec)
    folder = report.write(out_dir)
    return {
        "report": str(folder),
        "array_power": array_power, "array_specific_power": array_specific,
        "launched_power_price_today": launched_today,
        "launched_power_price_target": launched_target,
        "ground_power_cost": ground, "break_even_launch_price": break_even,
        "mass_for_target_price": mass_target, "doublings_for_target_price": doublings,
        "mass_for_break_even": mass_break_even,
        "annual_mass_2025": annual, "steady_years_to_target": steady_years,
        "year_target_price": years_target, "year_break_even": years_break_even,
        "growth_needed_for_2035": growth_needed,
        "satellite": common.design_headline(design),
        "satellite_idle_in_eclipse": common.design_headline(designs["idle"]),
        "cluster_it_power": CLUSTER_SIZE * design.it_power,
        "cluster_cost_per_tpu_hour": plan.cost_per_gpu_hour,
        "ground_cost_per_tpu_hour": plan.terrestrial_cost_per_gpu_hour,
        "launched_power_price_sized": launched_sized,
        "break_even_year_by_anchor": anchor_years,
        "verdict": uncertain["headline"],
        "p_beats_ground_by_year": {name: dict(zip(verdict_years.tolist(), p.tolist(),
                                                  strict=True))
                                   for name, p in by_year.items()},
    }
