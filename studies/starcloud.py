"""Starcloud: the white paper's radiator, array and cost numbers, Starcloud-1 and -3.

Starcloud (formerly Lumen Orbit) white paper v1.03 (2024), "Why we should train AI in
space", argues a 40 MW orbital data center costs 8.2 M USD over ten years against 167 M USD
on the ground. This study reproduces its numbers and flags what does not close:

- radiator: 633 W/m^2 net at 20 °C (case R-5) absorbs Earth infrared with the solar
  absorptivity instead of the infrared emissivity; Kirchhoff-correct is about 585 W/m^2;
  it charges the full alpha S, a sun-facing plate, which in a dawn-dusk orbit has both
  faces edge-on to the Earth (F = 0.258 each at 550 km, no albedo): 770.5 - 122.9 - 110.5
  = 537 W/m^2; flown edge-on to the Sun the same plate nets 770.5 - 110.5 = 660 W/m^2;
- array: "5 GW from 4 km x 4 km" is 4.33 GW (case P-5);
- launch: "5 M USD per 100 t" is 50 USD/kg, not the 30 USD/kg used;
- ground costs: Table 1's 167 M USD for 40 MW over 10 years (case F-4) reproduces;
- orbit costs: 40 MW in one 100 t Starship needs 400 W/kg; the toolkit's optimizer
  reaches 16-26 W/kg, so 40 MW takes tens of launches;
- Starcloud-1 (about 60 kg, one H100, launched November 2025): does it close thermally
  with a full H100 server?
- a Starcloud-3-class satellite (about 200 kW in about 3 t).

Run: ``thermaldesign study starcloud --out DIR``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import environment, fleet, orbit, plots, radiator
from thermaldesign.report import Report, check_folder

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "Starcloud: the white paper's numbers, Starcloud-1 and a Starcloud-3-class satellite"
WHITE_PAPER = "Starcloud (Lumen Orbit) white paper 'Why we should train AI in space' v1.03 (2024)"

# --- the white paper's inputs (case R-5, P-5, F-4) --------------------------------
PAPER_SIGMA = 5.67e-8  # [W m^-2 K^-4], the paper's rounded constant
PAPER_RADIATOR = {"temperature": 293.15, "emissivity": 0.92, "absorptivity": 0.09,
                  "solar_flux": 1366.0, "earth_view_factor": 0.25, "albedo": 0.30,
                  "earth_temperature": 253.15}
PAPER_NET_FLUX = 633.08  # [W/m^2], published (p. 9)
PAPER_BLACKBODY_FLUX = 838.0  # [W/m^2], "radiation at 20 °C", two faces
PAPER_ARRAY = {"side": 4000.0, "packing": 0.9, "efficiency": 0.22, "solar_flux": 1366.0,
               "claimed_power": 5e9}
PAPER_LAUNCH = {"price": 5e6, "mass": 100e3, "claimed_per_kg": 30.0}
PAPER_ORBIT_COST = 8.2e6  # [USD] 40 MW for 10 years in orbit
PAPER_HARDWARE_COST = 3.2e6  # [USD] of the 8.2 M: everything but the 5 M launch
PAPER_GROUND = {"it_power": 40e6, "years": 10.0, "price": 0.04, "cooling_fraction": 0.05,
                "water_per_kwh": 0.5, "backup": 20e6, "claimed_total": 167e6}
HARDWARE_SOURCE = ("8.2 M USD = 5 M USD launch + 3.2 M USD of hardware: white paper Table 1; "
                   "the split is shown by A. Nair, 'There's no way that Starcloud can put a "
                   "data centre in space at 8.2 million in one Starship' (angadh.com, 2025), "
                   "whose ISS-benchmark estimate is up to 22 launches")

# --- Starcloud-1 and -3 -------------------------------------------------------------------
STARCLOUD1_MASS = 60.0  # [kg]
STARCLOUD1_SOURCE = ("Starcloud-1, about 60 kg with one NVIDIA H100, launched 2 Nov 2025 on "
                     "SpaceX Bandwagon-4 to a mid-inclination LEO (SpaceNews coverage)")
#: Small-satellite bus of a 60 kg demonstrator: this study's estimates (SMAD Table 10-31
#: scales avionics and ADCS with the bus; no propulsion, no laser terminals).
#: Sized with the fixed bus: the scaled bus's attitude sensors (15 kg) and rotary joints (2 x 10 kg)
#: are sized for a multi-tonne satellite, while this ADCS estimate is a small bus's.
SMALL_BUS = {"avionics_mass": 4.0, "avionics_power": 20.0, "isl_terminal_count": 0,
             "adcs_mass": 3.0, "adcs_power": 10.0, "propulsion_dry_mass": 0.0,
             "delta_v": 0.0}
STARCLOUD3 = {"it_power": 200e3, "mass": 3000.0}
STARCLOUD3_SOURCE = ("Starcloud-3 as described by Starcloud for a Starship launch: about "
                     "200 kW of compute in a satellite of about 3 t (company statements, 2025)")
PROJECTION = {"solar_array": "thin_film_future", "radiator": "lightweight_future"}


# ------------------------------------------------------------------------------ physics


def paper_radiator(kirchhoff: bool) -> dict:
    """Net flux of the white paper's two-sided plate, as published or Kirchhoff-correct.

    .. math:: q = 2\\varepsilon\\sigma T^4 - \\alpha S - \\alpha a S F
              - x\\,\\sigma T_E^4 F, \\quad x = \\varepsilon\\ \\text{(Kirchhoff)}
              \\text{ or } \\alpha\\ \\text{(the paper)}

    Returns the parts [W/m^2]: emitted, solar, albedo, earth_ir and net.
    """
    p = PAPER_RADIATOR
    earth_ir = PAPER_SIGMA * p["earth_temperature"] ** 4
    infrared_absorptivity = p["emissivity"] if kirchhoff else p["absorptivity"]
    common_keywords = {"solar_flux": p["solar_flux"], "albedo": p["albedo"], "earth_ir": earth_ir}
    solar = environment.absorbed_flux(p["absorptivity"], 0.0, solar_cosine=1.0,
                                      **common_keywords)
    albedo = environment.absorbed_flux(p["absorptivity"], 0.0,
                                       earth_view_factor=p["earth_view_factor"],
                                       **common_keywords)
    infrared = environment.absorbed_flux(0.0, infrared_absorptivity,
                                         earth_view_factor=p["earth_view_factor"],
                                         **common_keywords)
    absorbed = float(solar) + float(albedo) + float(infrared)
    emitted = float(radiator.emitted_flux(p["temperature"], p["emissivity"], 2,
                                          stefan_boltzmann=PAPER_SIGMA))
    net = float(radiator.net_flux(p["temperature"], p["emissivity"], 2,
                                  absorbed_flux=absorbed, stefan_boltzmann=PAPER_SIGMA))
    return {"emitted": emitted, "solar": float(solar), "albedo": float(albedo),
            "earth_ir": float(infrared), "net": net}


def plate_geometries(altitude: float = 550e3) -> dict:
    """The paper's plate in the two attitudes a terminator (dawn-dusk) orbit allows [W/m^2].

    In a terminator orbit the Sun line is horizontal, so a plate facing the Sun has both
    faces edge-on to the Earth (face tilt 90 deg from nadir, view factor F each, from
    :func:`thermaldesign.orbit.earth_view_factor`) and sees no albedo (the sub-satellite
    point is on the terminator). Kirchhoff-correct, with the paper's constants:

    .. math:: q_{sun\\text{-}facing} = 2\\varepsilon\\sigma T^4 - \\alpha S
              - 2\\varepsilon\\sigma T_E^4 F, \\qquad
              q_{edge\\text{-}on} = 2\\varepsilon\\sigma T^4 - 2\\varepsilon\\sigma T_E^4 F

    The white paper's case R-5 charges the full αS, so it describes a sun-facing plate;
    its Earth terms (albedo at full Sun and one face at F = 0.25) fit no single attitude.
    Returns the view factor [-], the parts and both nets [W/m^2].
    """
    p = PAPER_RADIATOR
    view = float(orbit.earth_view_factor(altitude, 90.0))
    emitted = 2 * p["emissivity"] * PAPER_SIGMA * p["temperature"] ** 4
    solar = p["absorptivity"] * p["solar_flux"]
    earth_ir = 2 * p["emissivity"] * PAPER_SIGMA * p["earth_temperature"] ** 4 * view
    return {"earth_view_factor": view, "emitted": emitted, "solar": solar,
            "earth_ir_two_faces": earth_ir, "sun_facing_terminator": emitted - solar - earth_ir,
            "edge_on_to_sun": emitted - earth_ir}


@common.styled
def _radiator_figure(paper, correct):
    fig, ax = common.figure((7.5, 4.2))
    parts = ["emitted", "solar", "albedo", "earth_ir", "net"]
    labels = ["emitted\n(2 faces)", "absorbed\nSun", "absorbed\nalbedo", "absorbed\nEarth IR",
              "net"]
    x = np.arange(len(parts))
    width = 0.38
    for offset, data, label, color in ((-width / 2, paper, "white paper (IR absorbed with α)",
                                        common.COLORS[1]),
                                       (width / 2, correct, "Kirchhoff-correct (IR with ε)",
                                        common.COLORS[0])):
        values = [data[p] for p in parts]
        bars = ax.bar(x + offset, values, width, label=label, color=color)
        ax.bar_label(bars, [f"{v:.1f}" for v in values], fontsize=8)
    ax.set_xticks(x, labels)
    return common.finish(fig, ax,
                         "Starcloud radiator at 20 °C (case R-5): 633 W/m² published, 585 correct",
                         ylabel="Flux per m² of plate [W/m²]", legend_loc="upper right")


@common.styled
def _specific_power_figure(rows):
    fig, ax = common.figure((7.5, 4.2))
    labels = [r["case"] for r in rows]
    claimed = [r["claimed W/kg"] for r in rows]
    computed = [r["computed W/kg"] for r in rows]
    y = np.arange(len(labels))
    ax.barh(y + 0.2, claimed, 0.38, color=common.COLORS[1], label="implied by the claim")
    ax.barh(y - 0.2, computed, 0.38, color=common.COLORS[0],
            label="thermaldesign optimum (closes)")
    for yi, (c, v) in enumerate(zip(claimed, computed, strict=True)):
        ax.annotate(f"{c:.0f}", (c, yi + 0.2), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8.5)
        ax.annotate(f"{v:.1f}", (v, yi - 0.2), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8.5)
    ax.set_yticks(y, labels)
    ax.set_xscale("log")
    ax.set_xlim(5, 1000)
    common.plain_log_ticks(ax.xaxis)
    return common.finish(fig, ax, "Specific power the claims need vs what closes",
                         xlabel="IT power per kg of satellite [W/kg]", legend_loc="lower right")


# --------------------------------------------------------------------------------- main


def main(out_dir, *, small: bool = False) -> dict:
    """Run the Starcloud study and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Coarser mass searches (for tests).

    Returns
    -------
    dict
        Headline numbers (SI units and USD) and the report folder.
    """
    check_folder(out_dir)
    tolerance = 5.0 if small else 0.5  # [kg] for Starcloud-1
    rows = []

    # Radiator (case R-5) ----------------------------------------------------------------
    paper = paper_radiator(kirchhoff=False)
    correct = paper_radiator(kirchhoff=True)
    blackbody = float(td.radiator.emitted_flux(PAPER_RADIATOR["temperature"], 1.0, 2,
                                               stefan_boltzmann=PAPER_SIGMA))
    rows.append(common.claim(
        "radiator net flux at 20 °C", PAPER_NET_FLUX, correct["net"], "W/m²", "wrong physics",
        f"The paper absorbs Earth infrared with α = 0.09 ({paper['earth_ir']:.1f} W/m²); a "
        f"surface absorbs infrared with its infrared emissivity ε = 0.92 (Kirchhoff): "
        f"{correct['earth_ir']:.1f} W/m². Its own arithmetic reproduces to "
        f"{paper['net']:.2f} W/m² (case R-5).", WHITE_PAPER + ", p. 9"))
    plate = plate_geometries()
    rows.append(common.claim(
        "radiator geometry: sun-facing plate", PAPER_NET_FLUX, plate["sun_facing_terminator"],
        "W/m²", "does not close",
        f"The paper charges α S = {plate['solar']:.1f} W/m², so its plate faces the Sun. In "
        f"the dawn-dusk orbit that plate has both faces edge-on to the Earth (F = "
        f"{plate['earth_view_factor']:.3f} each, no albedo): {plate['emitted']:.1f} - "
        f"{plate['solar']:.1f} - {plate['earth_ir_two_faces']:.1f} = "
        f"{plate['sun_facing_terminator']:.0f} W/m². Flown edge-on to the Sun instead it nets "
        f"{plate['emitted']:.1f} - {plate['earth_ir_two_faces']:.1f} = "
        f"{plate['edge_on_to_sun']:.0f} W/m².", WHITE_PAPER + ", p. 9"))
    rows.append(common.claim(
        "radiation at 20 °C (two faces)", PAPER_BLACKBODY_FLUX, blackbody, "W/m²", "holds",
        "This is a black body (ε = 1); with the paper's ε = 0.92 it is "
        f"{paper['emitted']:.1f} W/m².", WHITE_PAPER))

    # Array (case P-5) ----------------------------------------------------------------------
    a = PAPER_ARRAY
    area = a["side"] ** 2
    density = float(td.power.array_power_density(a["efficiency"], packing_factor=a["packing"],
                                                 solar_flux=a["solar_flux"]))
    array_power = area * density
    area_for_claim = a["claimed_power"] / density
    silicon = td.catalog.get("solar_arrays", "starlink_silicon")
    eol_density = float(td.power.array_power_density(
        silicon.cell_efficiency, packing_factor=silicon.packing_factor,
        inherent_degradation=silicon.inherent_degradation,
        degradation_per_year=silicon.degradation_per_year, years=5.0,
        solar_flux=td.constants.SOLAR_CONSTANT))
    rows.append(common.claim(
        "array power of 4 km x 4 km", a["claimed_power"] / 1e9, array_power / 1e9, "GW",
        "does not close",
        f"0.9 x 0.22 x 1366 W/m² x 16 km² = {array_power / 1e9:.2f} GW, "
        f"{100 * (1 - array_power / a['claimed_power']):.0f} % short; 5 GW needs "
        f"{area_for_claim / 1e6:.1f} km² (case P-5). With a silicon array's inherent and "
        f"5-year degradation (catalog starlink_silicon) 16 km² give "
        f"{area * eol_density / 1e9:.2f} GW at end of life.", WHITE_PAPER + ", p. 7"))

    # Launch price ----------------------------------------------------------------------
    per_kg = PAPER_LAUNCH["price"] / PAPER_LAUNCH["mass"]
    rows.append(common.claim(
        "launch price of 5 M USD per 100 t", PAPER_LAUNCH["claimed_per_kg"], per_kg, "USD/kg",
        "does not close", "5,000,000 / 100,000 kg = 50 USD/kg; the paper's 30 USD/kg is an "
        "arithmetic slip in its own favour.", WHITE_PAPER))

    # Ground costs (case F-4) -------------------------------------------------------------
    g = PAPER_GROUND
    ground = fleet.terrestrial_cost(g["it_power"], g["years"], g["price"],
                                    cooling_fraction=g["cooling_fraction"],
                                    water_per_kwh=g["water_per_kwh"], backup_cost=g["backup"])
    rows.append(common.claim(
        "ground data center, 40 MW for 10 years", g["claimed_total"] / 1e6,
        ground.total_cost / 1e6, "M USD", "holds",
        f"Energy {ground.energy_cost / 1e6:.1f} M + cooling {ground.cooling_cost / 1e6:.1f} M "
        f"+ backup {ground.backup_cost / 1e6:.0f} M; water {ground.water_volume / 1e6:.2f} Mt "
        "(case F-4). Note it charges cooling at 5 % of energy (PUE ~1.05), not 40 %.",
        WHITE_PAPER + ", Table 1"))

    # Orbital 40 MW: what one Starship carries -----------------------------------------------
    starship_mass = td.catalog.get("launch_vehicles", "starship").payload_leo
    claimed_specific = g["it_power"] / PAPER_LAUNCH["mass"]
    one_launch = {}
    for label, changes in (("today", {}), ("projection", PROJECTION)):
        spec = common.fixed_chip(td.SatelliteSpec(accelerator="b200", mass_limit=starship_mass,
                                                  **changes))
        one_launch[label] = td.size_satellite(spec, "max_compute")
    today, projected = one_launch["today"], one_launch["projection"]
    launches_today = math.ceil(g["it_power"] / today.it_power)
    launches_projected = math.ceil(g["it_power"] / projected.it_power)
    orbital_mass = g["it_power"] / today.specific_power
    rows.append(common.claim(
        "40 MW in one 100 t Starship", claimed_specific, today.specific_power, "W/kg",
        "does not close",
        f"One 100 t load closes at {today.it_power / 1e6:.2f} MW with today's catalog "
        f"technology (B200, silicon array, heat-pipe radiator) and "
        f"{projected.it_power / 1e6:.2f} MW with the thin-film array and lightweight "
        f"radiator projections: 40 MW takes {launches_today} launches "
        f"({launches_projected} projected), not one.", WHITE_PAPER))
    launch_50 = orbital_mass * per_kg
    launch_30 = orbital_mass * PAPER_LAUNCH["claimed_per_kg"]
    # Without the accelerators: the ground table prices the facility, not the IT hardware.
    module_hardware = ((today.hardware_cost - today.cost_breakdown["accelerators"])
                       * g["it_power"] / today.it_power)
    rows.append(common.claim(
        "orbital 40 MW, 10 years", PAPER_ORBIT_COST / 1e6,
        (launch_50 + module_hardware) / 1e6, "M USD", "does not close",
        f"{orbital_mass / 1e3:,.0f} t at 50 USD/kg is {launch_50 / 1e6:,.0f} M USD of launch "
        f"({launch_30 / 1e6:,.0f} M at 30 USD/kg) against the paper's 5 M USD, plus "
        f"{module_hardware / 1e6:,.0f} M USD of satellite hardware without the GPUs at "
        "catalog prices (array, radiator, battery, bus), before the 5-year replacement; the "
        "paper counts 3.2 M USD of hardware.", HARDWARE_SOURCE))

    # Starcloud-1 --------------------------------------------------------------------------------
    sc1 = common.fixed_chip(td.SatelliteSpec(
        accelerator="h100_sxm", mass_limit=STARCLOUD1_MASS, orbit="inclined", design_beta=0.0,
        solar_array="rigid_xtj_prime", bus_model="fixed", **SMALL_BUS))
    sc1_results = {}
    for mode in ("battery", "idle"):
        spec = sc1.replace(eclipse_mode=mode)
        try:
            td.size_satellite(spec, "max_compute")
            closes = True
        except td.InfeasibleDesignError:
            closes = False
        smallest = common.smallest_mass(spec, 20.0, 120.0, tolerance)
        design = td.size_satellite(spec.replace(mass_limit=smallest), "max_compute")
        sc1_results[mode] = {"closes_at_60kg": closes, "smallest_mass": smallest,
                             "design": design}
    h100 = td.catalog.get("accelerators", "h100_sxm")
    rows.append(common.claim(
        "Starcloud-1: one H100 in about 60 kg", STARCLOUD1_MASS,
        sc1_results["battery"]["smallest_mass"], "kg", "holds with caveats",
        f"With a full H100 server share ({h100.power + h100.server_power:,.0f} W, "
        f"{h100.mass:g} kg) running through eclipse the smallest closing satellite is "
        f"{sc1_results['battery']['smallest_mass']:.0f} kg "
        f"({sc1_results['idle']['smallest_mass']:.0f} kg idling in eclipse). 60 kg closes "
        "only with a lighter host and the GPU throttled or duty-cycled: a demonstrator, "
        "not a data center.", STARCLOUD1_SOURCE))

    # Starcloud-3 class ------------------------------------------------------------------------
    sc3 = {}
    sc3_mass = {}
    for label, changes in (("today", {}), ("projection", PROJECTION)):
        spec = common.fixed_chip(td.SatelliteSpec(accelerator="b200",
                                                  mass_limit=STARCLOUD3["mass"], **changes))
        sc3[label] = td.size_satellite(spec, "max_compute")
        sc3_mass[label] = common.smallest_mass(spec, STARCLOUD3["mass"], 2 * STARCLOUD3["mass"],
                                               200.0 if small else 20.0,
                                               it_power=STARCLOUD3["it_power"])
    rows.append(common.claim(
        "Starcloud-3: about 200 kW in about 3 t", STARCLOUD3["it_power"] / STARCLOUD3["mass"],
        sc3["today"].specific_power, "W/kg", "does not close",
        f"3 t closes at {sc3['today'].it_power / 1e3:.0f} kW with today's catalog technology "
        f"and {sc3['projection'].it_power / 1e3:.0f} kW with the projections; 200 kW needs "
        f"{sc3_mass['today'] / 1e3:.1f} t ({sc3_mass['projection'] / 1e3:.1f} t projected).",
        STARCLOUD3_SOURCE))

    # --- report ----------------------------------------------------------------------------
    report = Report(TITLE, subtitle="What the white paper claims, what closes, and why they "
                    "differ")
    report.add_summary(
        f"Radiator: the published 633 W/m² reproduces ({paper['net']:.2f}) only by absorbing "
        f"Earth infrared with the solar absorptivity; Kirchhoff-correct it is "
        f"{correct['net']:.1f} W/m² ({100 * (correct['net'] / PAPER_NET_FLUX - 1):.1f} %). "
        f"Array: 4 km x 4 km gives {array_power / 1e9:.2f} GW, not 5 GW. Launch: 5 M USD per "
        f"100 t is {per_kg:.0f} USD/kg, not 30. The ground side (167 M USD for 40 MW over "
        f"10 years) reproduces to {ground.total_cost / 1e6:.1f} M USD.")
    report.add_summary(
        f"The orbital side does not close: 40 MW in one 100 t launch needs "
        f"{claimed_specific:.0f} W/kg, while the optimizer's best 100 t satellite reaches "
        f"{today.specific_power:.1f} W/kg today and {projected.specific_power:.1f} W/kg with "
        f"projected arrays and radiators, so 40 MW takes {launches_today} Starship launches "
        f"({launches_projected} projected). Launch alone is {launch_50 / 1e6:,.0f} M USD at "
        f"the paper's own 50 USD/kg (claimed 5 M); with the satellite hardware other than "
        f"GPUs at catalog prices the first 5 years cost "
        f"{(launch_50 + module_hardware) / 1e9:,.1f} B USD, against the claimed 8.2 M USD "
        "for ten.")
    report.add_summary(
        f"Starcloud-1 (about 60 kg, one H100) does not close with a full H100 server running "
        f"through eclipse: that needs {sc1_results['battery']['smallest_mass']:.0f} kg. A "
        f"Starcloud-3-class 3 t satellite closes at {sc3['today'].it_power / 1e3:.0f} kW "
        f"today ({sc3['projection'].it_power / 1e3:.0f} kW projected), not 200 kW; 200 kW "
        f"needs about {sc3_mass['today'] / 1e3:.0f} t.")
    # The cost verdict as a probability: 40 MW of Starcloud-3-class 3 t satellites (a 100 t
    # satellite sized to the payload would not fit the vehicle in draws of heavier parts).
    uncertain = common.uncertainty_verdict(sc3["today"], target_it_power=PAPER_GROUND["it_power"],
                                           vehicle="starship_future", small=small)
    report.add_summary(common.verdict_sentence(uncertain["headline"],
                                               "40 MW of 3 t satellites, mature Starship"))
    report.add_section("Claimed vs computed")
    common.add_claims(report, rows, title="The white paper and the Starcloud satellites "
                      "against thermaldesign")
    report.add_section("The radiator (case R-5)")
    report.add_paragraph(
        "Two-sided plate at 20 °C, ε = 0.92, α = 0.09, one face normal to the Sun at "
        "1366 W/m², Earth view factor 0.25 applied once, albedo 0.30, Earth at 253.15 K, "
        "σ = 5.67e-8: the paper's inputs, passed to thermaldesign.environment.absorbed_flux "
        "and thermaldesign.radiator.net_flux. A design would also fly the radiator edge-on "
        "to the Sun (no 123 W/m² of direct sunlight) and size it at end of life.")
    report.add_figure(_radiator_figure(paper, correct), "radiator-r5.png",
                      caption="Flux budget of the white paper's radiator: published arithmetic "
                      "vs Kirchhoff-correct")
    report.add_table([{"part": k, "white paper": paper[k], "Kirchhoff-correct": correct[k],
                       "unit": "W/m²"} for k in paper], title="Radiator flux budget")
    report.add_section("What one 100 t Starship carries")
    report.add_table(common.designs_table({"100 t, today": today, "100 t, projection":
                                           projected, "3 t, today": sc3["today"],
                                           "3 t, projection": sc3["projection"]}),
                     title="Max-compute designs with B200 accelerators (dawn-dusk SSO, 550 km)")
    specific_rows = [
        {"case": "40 MW in 100 t (white paper)", "claimed W/kg": claimed_specific,
         "computed W/kg": today.specific_power},
        {"case": "Starcloud-3: 200 kW in 3 t", "claimed W/kg":
         STARCLOUD3["it_power"] / STARCLOUD3["mass"], "computed W/kg":
         sc3["today"].specific_power},
        {"case": "Starcloud-1: 1 H100 in 60 kg", "claimed W/kg":
         (h100.power + h100.server_power) / STARCLOUD1_MASS, "computed W/kg":
         sc1_results["battery"]["design"].specific_power},
    ]
    report.add_figure(_specific_power_figure(specific_rows), "specific-power.png",
                      caption="IT power per kg the claims imply against the optimizer's "
                      "closing designs with today's catalog technology")
    report.add_figure(plots.mass_breakdown(sc3["today"], title="Starcloud-3-class 3 t "
                                           "satellite, today's technology"),
                      "starcloud3-mass.png",
                      caption="Where the mass of a 3 t B200 satellite goes [kg]")
    report.add_section("Starcloud-1")
    report.add_paragraph(
        "One H100 with the catalog's HGX server share (board 700 W, host 575 W, 16.3 kg), "
        "a 60 kg-class bus (this study's estimate: no propulsion, no laser terminals), "
        "triple-junction rigid array, an inclined orbit at 550 km sized at beta = 0 (the "
        "longest eclipse). The smallest closing mass comes from bisection on the mass "
        "limit of thermaldesign.size_satellite.")
    report.add_table(common.designs_table({
        f"{mode}, {r['smallest_mass']:.0f} kg": r["design"] for mode, r in sc1_results.items()}),
        title="Smallest satellites that carry one H100 at full power")
    common.add_uncertainty_section(report, uncertain, "40 MW, mature Starship")
    report.add_data("claims.json", rows, description="each claim: claimed, computed, verdict")
    for label, design in (("100t-today", today), ("100t-projection", projected),
                          ("starcloud3-today", sc3["today"]),
                          ("starcloud1", sc1_results["battery"]["design"])):
        report.add_data(f"design-{label}.json", design, description="sized design, SI units")
    for key, value in PAPER_RADIATOR.items():
        report.add_input(f"white paper radiator.{key}", value, source=WHITE_PAPER + ", p. 9")
    for key, value in PAPER_ARRAY.items():
        report.add_input(f"white paper array.{key}", value, source=WHITE_PAPER + ", p. 7")
    for key, value in PAPER_GROUND.items():
        report.add_input(f"white paper ground.{key}", value, source=WHITE_PAPER + ", Table 1")
    report.add_input("white paper launch price", PAPER_LAUNCH["price"], unit="USD per 100 t",
                     source=WHITE_PAPER)
    report.add_input("white paper orbital cost", PAPER_ORBIT_COST, unit="USD",
                     source=HARDWARE_SOURCE)
    report.add_input("Starcloud-1 mass", STARCLOUD1_MASS, unit="kg", source=STARCLOUD1_SOURCE)
    for key, value in SMALL_BUS.items():
        report.add_input(f"Starcloud-1 bus.{key}", value, source="this study's estimate")
    report.add_input("Starcloud-3 IT power", STARCLOUD3["it_power"], unit="W",
                     source=STARCLOUD3_SOURCE)
    report.add_input("Starcloud-3 mass", STARCLOUD3["mass"], unit="kg", source=STARCLOUD3_SOURCE)
    for spec in (today.spec, projected.spec, sc1_results["battery"]["design"].spec):
        common.add_catalog_entries(report, spec)
    folder = report.write(out_dir)
    return {
        "report": str(folder),
        "verdict": uncertain["headline"],
        "radiator": {"paper_arithmetic": paper["net"], "kirchhoff": correct["net"],
                     "blackbody_two_faces": blackbody,
                     "sun_facing_terminator": plate["sun_facing_terminator"],
                     "edge_on_to_sun": plate["edge_on_to_sun"],
                     "earth_view_factor": plate["earth_view_factor"]},
        "array": {"power": array_power, "area_for_5GW": area_for_claim,
                  "power_end_of_life_silicon": area * eol_density},
        "launch_price_per_kg": per_kg,
        "ground": {"energy_cost": ground.energy_cost, "cooling_cost": ground.cooling_cost,
                   "water_volume": ground.water_volume, "total_cost": ground.total_cost},
        "orbit_40MW": {"claimed_specific_power": claimed_specific,
                       "specific_power_today": today.specific_power,
                       "specific_power_projection": projected.specific_power,
                       "it_power_per_launch_today": today.it_power,
                       "launches_today": launches_today,
                       "launches_projection": launches_projected,
                       "mass": orbital_mass, "launch_cost_at_50": launch_50,
                       "hardware_cost": module_hardware},
        "starcloud1": {mode: {"closes_at_60kg": r["closes_at_60kg"],
                              "smallest_mass": r["smallest_mass"],
                              "radiator_area": r["design"].radiator_area,
                              "radiator_temperature": r["design"].radiator_temperature}
                       for mode, r in sc1_results.items()},
        "starcloud3": {"it_power_today": sc3["today"].it_power,
                       "it_power_projection": sc3["projection"].it_power,
                       "specific_power_today": sc3["today"].specific_power,
                       "mass_for_200kW_today": sc3_mass["today"],
                       "mass_for_200kW_projection": sc3_mass["projection"]},
    }
