"""SpaceX "100 GW a year from a million tonnes": the W/kg it implies and what closes.

SpaceX's January 2026 FCC filing for orbital data centers, as reported, pairs launching
1,000,000 t a year with adding 100 GW of compute power a year: 100 kW per tonne, i.e.
100 W of power per kg launched (case F-3). This study works out what that needs:

- the specific power it implies, against what the sizing optimizer closes for a
  Starlink-V3-class satellite (60 per Starship) with today's accelerators and catalog
  technology, and with tomorrow's (GB200, thin-film array, lightweight radiator);
- the mass and Starship flights a year that 100 GW a year takes at each.

Run: ``thermaldesign study spacex-100gw --out DIR``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import catalog, fleet, plots
from thermaldesign.report import Report, check_folder

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "SpaceX: 100 GW a year from a million tonnes"
FILING = "SpaceX FCC filing for orbital data centers (January 2026), as reported"
MASS_PER_YEAR = 1e9  # [kg/yr]: 1,000,000 t
POWER_PER_YEAR = 100e9  # [W/yr]
V3_PER_LAUNCH = 60
V3_SOURCE = ("Starlink V3: 60 satellites per Starship launch (SpaceX, reported by NewsBytes, "
             "Jan 2025); mass limit = Starship LEO payload (catalog) / 60")
#: Design cases: label -> (spec changes, vehicle for the flights count).
CASES = {
    "H100, today's technology": ({"accelerator": "h100_sxm"}, "starship"),
    "B200, today's technology": ({"accelerator": "b200"}, "starship"),
    "GB200, today's technology": ({"accelerator": "gb200"}, "starship"),
    "GB200, projected array and radiator": (
        {"accelerator": "gb200", "solar_array": "thin_film_future",
         "radiator": "lightweight_future"}, "starship_future"),
    "GB200, projected, idle in eclipse": (
        {"accelerator": "gb200", "solar_array": "thin_film_future",
         "radiator": "lightweight_future", "eclipse_mode": "idle"}, "starship_future"),
}


def _case_bars(labels, values, texts, color):
    """Horizontal bars, one per case, labelled at their end; first case on top."""
    fig, ax = common.figure((7.5, 4.2))
    y = np.arange(len(labels))
    bars = ax.barh(y, values, color=color)
    ax.bar_label(bars, texts, padding=3, fontsize=8.5)
    ax.set_yticks(y, [label.replace(", ", ",\n", 1) for label in labels])
    ax.invert_yaxis()
    return fig, ax


@common.styled
def _specific_power_figure(labels, values, target):
    fig, ax = _case_bars(labels, values, [f"{v:.1f} W/kg" for v in values], common.COLORS[0])
    ax.axvline(target, color=common.COLORS[3], linestyle="--",
               label=f"needed: {target:.0f} W/kg (100 GW/yr from 1 Mt/yr)")
    ax.set_xlim(0, 1.1 * target)
    return common.finish(fig, ax, "IT power per kg that closes, V3-class satellite",
                         xlabel="IT power per kg of satellite launched [W/kg]",
                         legend_loc="lower right")


@common.styled
def _flights_figure(labels, flights, cadences):
    fig, ax = _case_bars(labels, flights, [f"{f:,.0f}" for f in flights], common.COLORS[1])
    for index, (name, cadence) in enumerate(cadences.items()):
        ax.axvline(cadence, color=common.COLORS[3 + index], linestyle=":",
                   label=f"{name} cadence in the catalog: {cadence:,.0f}/yr")
    ax.set_xscale("log")
    ax.set_xlim(10, 1e6)
    ax.set_xticks([10, 100, 1e3, 1e4, 1e5, 1e6], ["10", "100", "1,000", "10,000", "100,000",
                                                  "1,000,000"])
    return common.finish(fig, ax, "Flights a year that 100 GW a year takes",
                         xlabel="Starship flights per year for 100 GW a year [1/yr]",
                         legend_loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8.5,
                         ncols=1)


def main(out_dir, *, small: bool = False) -> dict:
    """Run the study and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Skip the idle-in-eclipse variant (for tests).

    Returns
    -------
    dict
        Headline numbers (SI units) and the report folder.
    """
    check_folder(out_dir)
    implied = float(fleet.implied_specific_power(POWER_PER_YEAR, MASS_PER_YEAR))
    added = float(fleet.power_added_per_year(MASS_PER_YEAR, implied))
    starship = catalog.get("launch_vehicles", "starship")
    mass_limit = starship.payload_leo / V3_PER_LAUNCH
    cases = dict(CASES)
    if small:
        cases.pop("GB200, projected, idle in eclipse")
    designs, outcome = {}, {}
    for label, (changes, vehicle_key) in cases.items():
        spec = common.fixed_chip(td.SatelliteSpec(mass_limit=mass_limit, **changes))
        design = td.size_satellite(spec, "max_compute")
        vehicle = catalog.get("launch_vehicles", vehicle_key)
        mass_needed = POWER_PER_YEAR / design.specific_power
        per_launch = fleet.satellites_per_launch(design.total_mass, design.stowed_volume,
                                                 vehicle.payload_sso, vehicle.fairing_volume)
        flights = math.ceil(POWER_PER_YEAR / design.it_power / per_launch)
        designs[label] = design
        outcome[label] = {"specific_power": design.specific_power,
                          "it_power": design.it_power, "gpu_count": design.gpu_count,
                          "total_mass": design.total_mass,
                          "mass_per_year_for_100GW": mass_needed,
                          "power_per_year_from_1Mt": MASS_PER_YEAR * design.specific_power,
                          "satellites_per_launch": per_launch,
                          "flights_per_year": flights, "vehicle": vehicle_key,
                          "vehicle_cadence": vehicle.max_launches_per_year}
    flights_claim = MASS_PER_YEAR / starship.payload_leo
    best_label = max(outcome, key=lambda k: outcome[k]["specific_power"])
    best = designs[best_label]
    today_label = max((k for k in outcome if k.endswith("today's technology")),
                      key=lambda k: outcome[k]["specific_power"])
    today = outcome[today_label]

    rows = [
        common.claim("power added per year from 1 Mt/yr", POWER_PER_YEAR / 1e9, added / 1e9,
                     "GW/yr", "holds", "1e9 kg/yr x 100 W/kg (case F-3): the arithmetic is "
                     "right; the question is the 100 W/kg.", FILING),
        common.claim("specific power of an orbital data center satellite", implied,
                     today["specific_power"], "W/kg", "does not close",
                     f"A {mass_limit:,.0f} kg Starlink-V3-class satellite closes at "
                     f"{today['specific_power']:.1f} W/kg with today's catalog technology "
                     f"({today_label}) and "
                     f"{outcome[best_label]['specific_power']:.1f} W/kg at best "
                     f"({best_label}); 1 Mt/yr then adds "
                     f"{today['power_per_year_from_1Mt'] / 1e9:.0f} GW/yr "
                     f"({outcome[best_label]['power_per_year_from_1Mt'] / 1e9:.0f} at best).",
                     FILING),
        common.claim("Starship flights for 1 Mt/yr", flights_claim, today["flights_per_year"],
                     "flights/yr", "does not close",
                     f"1 Mt/yr is {flights_claim:,.0f} flights of {starship.payload_leo / 1e3:.0f}"
                     f" t; 100 GW/yr at today's specific power needs "
                     f"{today['mass_per_year_for_100GW'] / 1e9:.1f} Mt/yr, "
                     f"{today['flights_per_year']:,} flights to the sun-synchronous orbit "
                     f"({today['satellites_per_launch']} satellites each), against a catalog "
                     f"cadence of {starship.max_launches_per_year:g} a year.", FILING),
    ]

    report = Report(TITLE, subtitle="The specific power the claim implies, what closes, and "
                    "the launches it takes")
    report.add_summary(
        f"100 GW a year from 1,000,000 t a year is {implied:.0f} W of IT power per kg "
        f"launched. The optimizer's best Starlink-V3-class satellite ({mass_limit:,.0f} kg, "
        f"60 per Starship) closes at {today['specific_power']:.1f} W/kg with today's catalog "
        f"technology ({today_label}) and {outcome[best_label]['specific_power']:.1f} W/kg "
        f"with tomorrow's ({best_label}): "
        f"{implied / outcome[best_label]['specific_power']:.1f}x short at best.")
    report.add_summary(
        f"So 1 Mt a year adds {today['power_per_year_from_1Mt'] / 1e9:.0f} GW a year today "
        f"and {outcome[best_label]['power_per_year_from_1Mt'] / 1e9:.0f} GW tomorrow; 100 GW "
        f"a year takes {today['mass_per_year_for_100GW'] / 1e9:.1f} Mt and "
        f"{today['flights_per_year']:,} Starship flights a year today "
        f"({outcome[best_label]['flights_per_year']:,} with mature Starship), against "
        f"{starship.max_launches_per_year:g} flights a year in the catalog today.")
    # The verdict as a probability: the best case's W/kg and its 100 GW fleet's cost per
    # GPU-hour with every catalog and economics input spread by its provenance.
    uncertain = common.uncertainty_verdict(best, target_it_power=POWER_PER_YEAR,
                                           vehicle="starship_future", small=small)
    sampled = uncertain["verdict"].outputs["specific_power"]
    p_claim = float(np.mean(sampled >= implied))
    uncertain["headline"]["p_specific_power_at_claim"] = p_claim
    report.add_summary(
        f"Spread by provenance, the best case's specific power is "
        f"{uncertain['headline']['specific_power'][0.1]:.1f} / "
        f"{uncertain['headline']['specific_power'][0.5]:.1f} / "
        f"{uncertain['headline']['specific_power'][0.9]:.1f} W/kg at P10 / P50 / P90: the "
        f"probability that it reaches the implied {implied:.0f} W/kg is {100 * p_claim:.1f} % "
        f"of {uncertain['verdict'].samples:,} draws (the design as sized; re-optimising "
        "each draw would move it a little). "
        + common.verdict_sentence(uncertain["headline"], "best case, 100 GW on the mature "
                                  "Starship"))
    report.add_section("Claimed vs computed")
    common.add_claims(report, rows, title="The filing's arithmetic")
    report.add_section("What closes")
    report.add_paragraph(
        f"Each case maximises compute in a {mass_limit:,.0f} kg satellite in the reference "
        "dawn-dusk orbit at 550 km (eclipse season included), end-of-life sizing, spec "
        "defaults otherwise. 'Tomorrow' uses the catalog's projected thin-film array "
        "(0.5 kg/m²) and lightweight radiator (2 kg/m²); the idle variant lets the GPUs "
        "idle through eclipses instead of carrying batteries for them.")
    labels = list(outcome)
    report.add_figure(_specific_power_figure(labels, [outcome[k]["specific_power"]
                                                      for k in labels], implied),
                      "specific-power.png",
                      caption="IT power per kg of the max-compute Starlink-V3-class satellite "
                      "for each technology case, against the 100 W/kg the claim needs")
    report.add_table(common.designs_table(designs), title="The designs (SI units)")
    report.add_table([{"case": k, **{n: v for n, v in o.items() if n != "vehicle_cadence"}}
                      for k, o in outcome.items()],
                     title="100 GW a year: mass and flights for each case")
    report.add_figure(_flights_figure(labels, [outcome[k]["flights_per_year"] for k in labels],
                                      {"Starship": starship.max_launches_per_year,
                                       "mature Starship": catalog.get(
                                           "launch_vehicles",
                                           "starship_future").max_launches_per_year}),
                      "flights.png",
                      caption="Starship flights per year that adding 100 GW a year takes, "
                      "against the catalog cadences")
    report.add_figure(plots.mass_breakdown(best, title=f"Best case: {best_label}"),
                      "mass-breakdown.png",
                      caption="Where the mass of the best satellite goes [kg]: what would "
                      "have to shrink for 100 W/kg")
    common.add_sensitivity_tornado(
        report, best,
        caption="What moves the best case: each of the ten most influential inputs "
        "moved over its own range (log-sensitivities of the optimum)")
    common.add_uncertainty_section(report, uncertain, "best case, 100 GW, mature Starship")
    for label, design in designs.items():
        name = "".join(c if c.isalnum() else "-" for c in label).strip("-").lower()
        name = "-".join(part for part in name.split("-") if part)
        report.add_data(f"design-{name}.json", design, description=f"{label}, SI units")
    report.add_input("mass launched per year", MASS_PER_YEAR, unit="kg/yr", source=FILING)
    report.add_input("power added per year", POWER_PER_YEAR, unit="W/yr", source=FILING)
    report.add_input("satellites per Starship (V3)", V3_PER_LAUNCH, source=V3_SOURCE)
    report.add_input("satellite mass limit", mass_limit, unit="kg", source=V3_SOURCE)
    for key in ("starship", "starship_future"):
        report.add_catalog_entry(catalog.get("launch_vehicles", key))
    for design in designs.values():
        common.add_catalog_entries(report, design.spec)
    folder = report.write(out_dir)
    return {"report": str(folder), "implied_specific_power": implied,
            "power_added_per_year": added, "mass_limit": mass_limit,
            "flights_for_1Mt": flights_claim, "best_case": best_label,
            "best_today": today_label, "cases": outcome, "verdict": uncertain["headline"]}
