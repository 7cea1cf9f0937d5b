"""Claims audit: the quantitative claims of the orbital data center debate, worked out.

Each claim gets what its source says, what the toolkit computes with its physics and
catalog, a verdict and the reason they differ:

1. cooling is about 40 % of a data center's energy (vs measured PUE);
2. sunlight in orbit (1361 W/m^2) is about 30-40 % above the best on the ground (peak and
   energy per year);
3. a dawn-dusk sun-synchronous orbit has sunlight 24/7 (eclipse seasons, case O-5);
4. the 2.7 K sky is "extreme cooling" (radiator area per MW, the effective sink);
5. an orbital data center has (near) zero operating cost (the power plant is replaced
   every design life, and failed parts are not repaired);
6. latency from LEO is a few milliseconds (slant range at 550 km, and routing when the
   satellite is not overhead).

Run: ``thermaldesign study claims-audit --out DIR``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import catalog, orbit, radiator
from thermaldesign.constants import DEEP_SPACE_TEMPERATURE, EARTH_RADIUS, SOLAR_CONSTANT
from thermaldesign.report import Report, check_folder

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "Claims audit: the numbers of the orbital data center debate"

# --- inputs that are not in the catalog, each with its source ----------------------
#: Industry-average PUE, 2023 [-].
UPTIME_AVERAGE_PUE = 1.58
UPTIME_SOURCE = ("Uptime Institute, 'Large data centers are mostly more efficient, analysis "
                 "confirms' (J. Davis, 7 Feb 2024): industry average PUE 1.58 in 2023, "
                 "1.55-1.59 since 2020")
#: Claimed cooling share of a data center's energy [-].
CLAIMED_COOLING_SHARE = 0.40
COOLING_CLAIM_SOURCE = ("Widely repeated in orbital data center coverage, e.g. idstch.com "
                        "'The AI Boom's Hidden Energy Crisis' (2025) and Cascade Daily (2026): "
                        "cooling 'nearly 40 % of a data center's total energy use'")
#: Share of an air-cooled server's power drawn by its own fans [-] (low, high): counted in
#: the IT load by PUE, so the cooling share from PUE leaves it out.
SERVER_FAN_SHARE = (0.10, 0.15)
SERVER_FAN_SOURCE = ("J. Neudorfer, 'How to Optimize the Energy Efficiency of Your Server', "
                     "eWeek (2009): server fans draw 10-15 % or more of server power; "
                     "Microsoft removed server fans and its PUE rose while total energy "
                     "fell (Data Center Knowledge, 31 Jan 2011)")
#: Peak ground irradiance at standard test conditions [W/m^2].
GROUND_PEAK_IRRADIANCE = 1000.0
GROUND_PEAK_SOURCE = "IEC 60904-3 / ASTM G173 standard test conditions (AM1.5G, 1000 W/m^2)"
#: Annual-mean surface shortwave irradiance at the sunniest site on Earth [W/m^2].
GROUND_BEST_MEAN_IRRADIANCE = 308.0
GROUND_BEST_SOURCE = ("Cordero et al., Bull. Amer. Meteor. Soc. (2023): Chajnantor plateau, "
                      "Atacama, annual mean 308 W/m^2 on a horizontal surface, the highest "
                      "measured worldwide")
#: Capacity factor of US ground solar as quoted by Starcloud [-].
GROUND_CAPACITY_FACTOR = 0.24
STARCLOUD_SOURCE = "Starcloud (Lumen Orbit) white paper 'Why we should train AI in space' v1.03"
#: Irradiance advantage claimed [-] (Starcloud: "40 % higher irradiance"; the debate: ~30 %).
CLAIMED_IRRADIANCE_ADVANTAGE = 0.40
#: Elevation mask of the Starlink user link [deg].
ELEVATION_MASK = 25.0
ELEVATION_SOURCE = "SpaceX Starlink FCC authorisation (2018): 25 deg minimum elevation"
SPEED_OF_LIGHT = 299_792_458.0  # [m/s], exact (SI definition)
ALTITUDE = 550e3  # [m]: the Starlink shell and the reference orbit


# --------------------------------------------------------------------------- physics


def cooling_share(pue):
    """Upper bound on the cooling share of facility energy: all overhead is cooling.

    .. math:: s = (\\mathrm{PUE} - 1) / \\mathrm{PUE}
    """
    pue = np.asarray(pue, dtype=float)
    return (pue - 1.0) / pue


def cooling_share_with_fans(pue, fan_share):
    """Upper bound on the cooling share with the servers' own fans counted as cooling.

    PUE puts server fans inside the IT load; moving a fan share ``f`` of IT power to
    cooling gives :math:`s = (\\mathrm{PUE} - 1 + f) / \\mathrm{PUE}`.
    """
    pue = np.asarray(pue, dtype=float)
    return (pue - 1.0 + np.asarray(fan_share, dtype=float)) / pue


def slant_range(altitude, elevation):
    """Distance from a ground user to a satellite seen at ``elevation`` [m].

    .. math:: d = \\sqrt{(R + h)^2 - R^2\\cos^2 e} - R \\sin e
    """
    e = np.radians(elevation)
    r = EARTH_RADIUS
    return np.sqrt((r + altitude) ** 2 - (r * np.cos(e)) ** 2) - r * np.sin(e)


def pass_duration(altitude, elevation):
    """Longest time a satellite stays above ``elevation`` on an overhead pass [s].

    Earth central angle to the mask, :math:`\\lambda = \\arccos(R\\cos e/(R+h)) - e`;
    duration :math:`2\\lambda/(2\\pi)\\,T` (Earth rotation neglected).
    """
    e = math.radians(elevation)
    central = math.acos(EARTH_RADIUS * math.cos(e) / (EARTH_RADIUS + altitude)) - e
    return 2.0 * central / (2.0 * math.pi) * orbit.period(altitude)


def lowest_eclipse_free_altitude(low=400e3, high=2000e3, tolerance=1e3):
    """Lowest altitude at which a 06:00 dawn-dusk SSO has no eclipse all year [m].

    Bisection on :func:`thermaldesign.orbit.eclipse_season` (critical beta falls with
    altitude faster than the orbit's smallest abs(beta) does).
    """
    if orbit.eclipse_season(high, samples_per_day=2).has_eclipses:
        return None
    while high - low > tolerance:
        middle = 0.5 * (low + high)
        if orbit.eclipse_season(middle, samples_per_day=2).has_eclipses:
            low = middle
        else:
            high = middle
    return high


def power_plant_cost(design, launch_price_per_kg, *, radiator_cost_scale=1.0):
    """Capital of the parts that replace the ground's power and cooling, per kW-year.

    Solar array, radiator and battery hardware (the radiator's cost times
    ``radiator_cost_scale``, for its low-confidence catalog price), plus the launch of the
    array, radiator, battery, thermal loop and power conditioning masses, spread over the
    IT power and the design life [USD per kW of IT per year].
    """
    cost = design.cost_breakdown
    mass = design.mass_breakdown
    hardware = cost["solar array"] + radiator_cost_scale * cost["radiator"] + cost["battery"]
    plant_mass = sum(mass[k] for k in ("solar array", "radiator", "battery", "thermal loop",
                                       "power conditioning"))
    total = hardware + launch_price_per_kg * plant_mass
    return total / (design.it_power / 1e3 * design.spec.lifetime_years)


# --------------------------------------------------------------------------- figures


@common.styled
def _cooling_figure(labels, pues):
    fig, ax = common.figure((7.5, 4.2))
    shares = 100 * cooling_share(pues)
    bars = ax.bar(labels, shares, color=common.COLORS[0])
    ax.bar_label(bars, [f"PUE {p:.2f}\n{s:.1f} %" for p, s in zip(pues, shares, strict=True)],
                 fontsize=8.5, label_type="center", color="white", fontweight="bold")
    ax.axhline(100 * CLAIMED_COOLING_SHARE, color=common.COLORS[3], linestyle="--",
               label="claim: cooling ~40 % of energy")
    ax.set_ylim(0, 55)
    return common.finish(fig, ax, "Cooling share of data center energy implied by measured PUE",
                         ylabel="Largest cooling share, (PUE - 1) / PUE [%]",
                         legend_loc="upper left")


@common.styled
def _eclipse_figure(seasons):
    fig, ax = common.figure()
    for index, (label, season) in enumerate(seasons.items()):
        minutes = season.eclipse_fraction * orbit.period(season.altitude) / 60.0
        ax.plot(season.day_of_year, minutes, color=common.COLORS[index],
                label=f"{label}: {season.days_with_eclipse:.0f} days with eclipse, longest "
                f"{season.longest_eclipse / 60:.1f} min")
    ax.set_xlim(1, 366)
    return common.finish(fig, ax, "Dawn-dusk sun-synchronous orbits are not in sunlight 24/7",
                         xlabel="Day of year [d]", ylabel="Eclipse per orbit [min]",
                         legend_loc="upper left")


@common.styled
def _radiator_figure(temperatures, ideal, with_environment, effective_sink):
    fig, ax = common.figure()
    ax.plot(temperatures, ideal, color=common.COLORS[0],
            label="2.7 K sink only (the 'extreme cooling' picture)")
    ax.plot(temperatures, with_environment, color=common.COLORS[3],
            label=f"with Earth IR and albedo (effective sink {effective_sink:.0f} K)")
    ax.set_yscale("log")
    common.plain_log_ticks(ax.yaxis)
    return common.finish(fig, ax,
                         "Radiator area per MW: the sink is not 2.7 K, and area goes as 1/T⁴",
                         xlabel="Radiator temperature [K]",
                         ylabel="Two-sided radiator area per MW [m²/MW]", legend_loc="upper right")


@common.styled
def _latency_figure(elevations, one_way, antipode):
    fig, ax = common.figure((7.5, 4.2))
    ax.plot(elevations, 1e3 * one_way, color=common.COLORS[0],
            label="user to satellite overhead, one way")
    ax.axhline(1e3 * antipode, color=common.COLORS[3], linestyle="--",
               label="satellite on the far side, via laser links (one way)")
    ax.set_yscale("log")
    common.plain_log_ticks(ax.yaxis)
    return common.finish(fig, ax,
                         f"Speed-of-light delay to a data center at {ALTITUDE / 1e3:.0f} km",
                         xlabel="Elevation of the satellite seen from the user [deg]",
                         ylabel="Propagation delay [ms]", legend_loc="center right")


# ------------------------------------------------------------------------------ main


def main(out_dir, *, small: bool = False) -> dict:
    """Audit the claims and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Coarser curves and a coarser altitude search (for tests).

    Returns
    -------
    dict
        Headline numbers per claim (SI units and USD) and the report folder.
    """
    check_folder(out_dir)
    rows = []
    result: dict = {}

    # 1. Cooling share -------------------------------------------------------------
    baselines = catalog.entries("terrestrial")
    labels = [key.replace("_", " ") for key in baselines] + ["industry average\n(Uptime 2023)"]
    pues = np.array([entry.pue for entry in baselines.values()] + [UPTIME_AVERAGE_PUE])
    shares = cooling_share(pues)
    hyperscale = float(cooling_share(baselines["hyperscale_typical"].pue))
    average = float(cooling_share(UPTIME_AVERAGE_PUE))
    with_fans = {key: [float(cooling_share_with_fans(pue, f)) for f in SERVER_FAN_SHARE]
                 for key, pue in (("hyperscale", baselines["hyperscale_typical"].pue),
                                  ("industry_average", UPTIME_AVERAGE_PUE))}
    result["cooling"] = {"hyperscale_share": hyperscale, "industry_average_share": average,
                         "claimed_share": CLAIMED_COOLING_SHARE,
                         "with_server_fans": with_fans}
    rows.append(common.claim(
        "cooling share of data center energy", CLAIMED_COOLING_SHARE,
        f"{hyperscale:.3f} (hyperscale AI) to {average:.3f} (industry average)", "-",
        "overstated",
        "PUE bounds all non-IT energy; even counting every overhead watt as cooling, an AI "
        f"hyperscale site at PUE {baselines['hyperscale_typical'].pue:g} spends "
        f"{100 * hyperscale:.0f} % and the 2023 industry average {100 * average:.0f} %. "
        "Starcloud's own cost table charges cooling at 5 % of energy cost (case F-4). PUE "
        "counts the servers' own fans as IT load; counting air-cooled servers' fans "
        f"({100 * SERVER_FAN_SHARE[0]:.0f}-{100 * SERVER_FAN_SHARE[1]:.0f} % of server "
        f"power) as cooling too raises the bound to {100 * with_fans['hyperscale'][0]:.0f}-"
        f"{100 * with_fans['hyperscale'][1]:.0f} % at the AI site and "
        f"{100 * with_fans['industry_average'][0]:.0f}-"
        f"{100 * with_fans['industry_average'][1]:.0f} % at the industry average, where "
        "40 % is within reach; liquid-cooled AI racks have few fans.",
        COOLING_CLAIM_SOURCE + "; " + SERVER_FAN_SOURCE))

    # 2. Sunlight ------------------------------------------------------------------
    season_550 = orbit.eclipse_season(ALTITUDE)
    orbit_mean = SOLAR_CONSTANT * (1.0 - season_550.mean_eclipse_fraction)
    peak_ratio = SOLAR_CONSTANT / GROUND_PEAK_IRRADIANCE
    energy_ratio_best = orbit_mean / GROUND_BEST_MEAN_IRRADIANCE
    array_energy_ratio = (SOLAR_CONSTANT * (1.0 - season_550.mean_eclipse_fraction)) / (
        GROUND_PEAK_IRRADIANCE * GROUND_CAPACITY_FACTOR)
    result["sunlight"] = {"peak_ratio": peak_ratio, "orbit_mean_irradiance": orbit_mean,
                          "energy_ratio_vs_best_site": energy_ratio_best,
                          "array_energy_ratio_vs_us_ground": array_energy_ratio}
    rows.append(common.claim(
        "sunlight in orbit vs the best on the ground",
        f"1.3 (the debate) to {1.0 + CLAIMED_IRRADIANCE_ADVANTAGE:.1f} (Starcloud)",
        f"{peak_ratio:.2f} at peak; {array_energy_ratio:.1f} in energy per m² of array per "
        "year", "x", "holds with caveats",
        f"1361 W/m² against 1000 W/m² at the ground's standard peak is {peak_ratio:.2f}x, "
        "inside the claimed 1.3-1.4x. "
        f"Over a year a sun-tracking array in dawn-dusk orbit at 550 km sees "
        f"{orbit_mean:,.0f} W/m² on average, {array_energy_ratio:.1f}x a US array at 24 % "
        f"capacity factor and {energy_ratio_best:.1f}x the horizontal-surface mean of the "
        "sunniest site on Earth (a tracking ground array collects more than a horizontal "
        "surface, so that ratio is an upper bound). The real advantage is energy per year, "
        "and it buys array area, not launch mass.",
        STARCLOUD_SOURCE + ", section 'Energy'"))

    # 3. 24/7 sunlight ---------------------------------------------------------------
    season_650 = orbit.eclipse_season(650e3)
    sunlit_share = 1.0 - season_550.mean_eclipse_fraction
    free = lowest_eclipse_free_altitude(tolerance=20e3 if small else 2e3)
    result["eclipse"] = {
        "days_with_eclipse_550km": season_550.days_with_eclipse,
        "longest_eclipse_550km": season_550.longest_eclipse,
        "min_abs_beta_550km": float(np.min(np.abs(season_550.beta))),
        "critical_beta_550km": season_550.critical_beta,
        "days_with_eclipse_650km": season_650.days_with_eclipse,
        "longest_eclipse_650km": season_650.longest_eclipse,
        "lowest_eclipse_free_altitude": free,
        "sunlit_share_550km": sunlit_share,
    }
    rows.append(common.claim(
        "dawn-dusk SSO: sunlight 24/7", "0 days of eclipse",
        f"{season_550.days_with_eclipse:.0f} days, up to {season_550.longest_eclipse / 60:.1f} "
        f"min per orbit (550 km); {season_650.days_with_eclipse:.0f} days, up to "
        f"{season_650.longest_eclipse / 60:.1f} min (650 km)", "-", "wrong physics",
        "'Constant' or '24/7' sunlight is wrong, while the white paper's capacity factor "
        f"above 95 % holds: at 550 km the orbit is sunlit {100 * sunlit_share:.1f} % of the "
        "year. "
        f"The orbit normal leans {season_550.inclination - 90:.1f}° from the pole and the "
        "Sun's declination swings ±23.4°, so near the December solstice abs(beta) falls to "
        f"{np.min(np.abs(season_550.beta)):.1f}°, below the critical "
        f"{season_550.critical_beta:.1f}° (case O-5). A 06:00 SSO is eclipse-free all year "
        f"only above about {common.number(free / 1e3, 3)} km. Batteries (or idling) are "
        "needed for months each year.",
        STARCLOUD_SOURCE + " (capacity factor > 95 %); Suncatcher, arXiv:2511.19468 s. 2"))

    # 4. The 2.7 K sink -----------------------------------------------------------------
    technology = catalog.get("radiators", "deployable_heat_pipe")
    coating = radiator.coating_at_age(catalog.get("coatings", technology.coating), 5.0)
    beta = float(np.min(np.abs(season_550.beta)))
    face = float(td.environment.orbit_average_flux(
        ALTITUDE, beta, coating.absorptivity, coating.emissivity, orientation="edge-on",
        case="hot"))
    effective_sink = float(radiator.equilibrium_temperature(2 * face, coating.emissivity,
                                                             sides=2))
    temperatures = np.linspace(250.0, 450.0, 41 if small else 201)
    ideal = np.asarray(radiator.area_for_heat(1e6, temperatures, coating.emissivity, 2,
                                              DEEP_SPACE_TEMPERATURE))
    flux_env = np.asarray(radiator.net_flux(temperatures, coating.emissivity, 2,
                                            DEEP_SPACE_TEMPERATURE, 2 * face))
    with_environment = np.where(flux_env > 0, 1e6 / np.where(flux_env > 0, flux_env, 1), np.inf)
    area_300 = float(radiator.area_for_heat(1e6, 300.0, coating.emissivity, 2,
                                            DEEP_SPACE_TEMPERATURE, 2 * face))
    sink_effect = 1.0 - float(radiator.net_flux(300.0, coating.emissivity, 2,
                                                DEEP_SPACE_TEMPERATURE)) / float(
        radiator.net_flux(300.0, coating.emissivity, 2, 0.0))
    mass_300 = area_300 * technology.areal_density
    result["sink"] = {"effective_sink_temperature": effective_sink,
                      "area_per_megawatt_300K": area_300,
                      "mass_per_megawatt_300K": mass_300,
                      "sink_effect_300K": sink_effect,
                      "absorbed_per_face": face}
    rows.append(common.claim(
        "the 2.7 K sky as 'extreme cooling'", "sink at 2.7 K", f"effective sink "
        f"{effective_sink:.0f} K; {area_300:,.0f} m² and {mass_300 / 1e3:.1f} t per MW at "
        "300 K", "K", "overstated",
        f"At 300 K the 2.7 K background changes the emitted flux by {sink_effect:.1e}; what "
        f"the panel absorbs from the Earth (IR and albedo, {face:.0f} W/m² per face edge-on in "
        f"the hot case) acts like a {effective_sink:.0f} K sink. Vacuum is an insulator: "
        "rejection is radiation only, σT⁴, so 1 MW at 300 K needs a tennis-court-sized "
        "two-sided panel times five.", STARCLOUD_SOURCE + " (deep space at -270 °C as "
        "heat sink); Cascade Daily (2026)"))

    # 5. Zero operating cost ---------------------------------------------------------
    spec = td.reference_spec()
    design = td.size_satellite(spec, "max_compute")
    economics = td.Economics()
    ground = catalog.get("terrestrial", "hyperscale_typical")
    ground_energy = float(td.fleet.terrestrial_power_cost(ground.electricity_price_per_kwh,
                                                          ground.pue))
    plant_today = power_plant_cost(design, spec.launch_price_per_kg)
    plant_cheap = power_plant_cost(design, 200.0)
    # The radiator's catalog price is an order-of-magnitude estimate: a tenth of it.
    plant_cheap_radiator = power_plant_cost(design, 200.0, radiator_cost_scale=0.1)
    radiator_entry = spec.entry("radiator")
    radiator_price = radiator_entry.cost_per_area
    radiator_confidence = radiator_entry.provenance("cost_per_area").confidence
    # The ground pays for its power and cooling plant too: facility capex over its life.
    ground_facility = ground.capex_per_watt * 1e3 / ground.lifetime_years
    replaced_per_year = 1.0 / spec.lifetime_years + economics.failure_rate
    result["operating_cost"] = {
        "power_plant_cost_per_kw_year_at_3600": plant_today,
        "power_plant_cost_per_kw_year_at_200": plant_cheap,
        "ground_energy_cost_per_kw_year": ground_energy,
        "ground_facility_cost_per_kw_year": ground_facility,
        "power_plant_cost_per_kw_year_at_200_tenth_radiator_price":
            plant_cheap_radiator,
        "satellite_failure_rate": economics.failure_rate,
        "accelerator_failure_rate": economics.accelerator_failure_rate,
        "fleet_fraction_replaced_per_year": replaced_per_year,
    }
    rows.append(common.claim(
        "zero operating cost once in orbit", 0.0,
        f"{plant_cheap:,.0f} to {plant_today:,.0f} (power and cooling plant) vs "
        f"{ground_energy + ground_facility:,.0f} for ground electricity and facility",
        "USD/(kW·yr)", "does not close",
        "The energy is free but the plant that collects and rejects it is not: the array, "
        "radiator and battery (and their launch) wear out with the satellite in "
        f"{spec.lifetime_years:g} years, so {100 * replaced_per_year:.0f} % of the fleet is "
        f"relaunched each year (life plus {100 * economics.failure_rate:.0f} %/yr failures), "
        f"and {100 * economics.accelerator_failure_rate:.0f} % of GPUs a year fail with no "
        "technician to swap them. Operating cost turns into replacement capital. The fair "
        f"ground line is its electricity ({ground_energy:,.0f}) plus the facility that "
        f"holds its power and cooling plant ({ground_facility:,.0f}: "
        f"{ground.capex_per_watt:g} USD/W over {ground.lifetime_years:g} years). Most of the "
        f"orbital plant's cost is the radiator at {radiator_price:,.0f} USD/m², a "
        f"{radiator_confidence}-confidence catalog price; at a tenth of it the plant still "
        f"costs {plant_cheap_radiator:,.0f} USD/(kW·yr) at 200 USD/kg.",
        STARCLOUD_SOURCE + ", Table 1 (no operating line for the orbital case)"))

    # 6. Latency --------------------------------------------------------------------------
    zenith = float(slant_range(ALTITUDE, 90.0)) / SPEED_OF_LIGHT
    mask = float(slant_range(ALTITUDE, ELEVATION_MASK)) / SPEED_OF_LIGHT
    antipode = (ALTITUDE + math.pi * (EARTH_RADIUS + ALTITUDE)) / SPEED_OF_LIGHT
    visible = pass_duration(ALTITUDE, ELEVATION_MASK)
    result["latency"] = {"one_way_zenith": zenith, "one_way_at_mask": mask,
                         "round_trip_at_mask": 2 * mask, "one_way_antipode": antipode,
                         "pass_duration": visible}
    rows.append(common.claim(
        "latency from LEO: milliseconds", "a few ms",
        f"{1e3 * zenith:.1f} (overhead) to {1e3 * mask:.1f} ms ({ELEVATION_MASK:g}° "
        "elevation) one way; up to "
        f"{1e3 * antipode:.0f} ms via laser links", "ms", "holds with caveats",
        f"Light covers the {slant_range(ALTITUDE, ELEVATION_MASK) / 1e3:,.0f} km slant range "
        f"at {ELEVATION_MASK:g}° elevation in {1e3 * mask:.1f} ms. But one satellite stays "
        f"above {ELEVATION_MASK:g}° for at most {visible / 60:.1f} min per pass; the rest of "
        "the time a request crosses the laser mesh to wherever the data center is, up to "
        "half the orbit away.", "Orbital data center coverage, e.g. the 'AI for Space' "
        "poster (sounny.github.io/spaceai): 25-88 ms round trip from LEO"))

    # --- report ------------------------------------------------------------------------
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in common.VERDICTS}
    report = Report(TITLE, subtitle="Each public claim against the physics: what the source "
                    "says, what thermaldesign computes, and why they differ")
    report.add_summary(
        f"Six claims audited ({', '.join(f'{v}: {n}' for v, n in counts.items() if n)}). "
        f"Physically wrong: a dawn-dusk orbit at 550 km has "
        f"{season_550.days_with_eclipse:.0f} days of eclipse a year, up to "
        f"{season_550.longest_eclipse / 60:.0f} min per orbit. Does not close: 'zero "
        f"operating cost' — the {spec.lifetime_years:g}-year power and cooling plant is "
        f"relaunched, {plant_cheap:,.0f} USD per kW-year even at 200 USD/kg against "
        f"{ground_energy + ground_facility:,.0f} for ground electricity and facility."
    )
    report.add_summary(
        f"Overstated: cooling is {100 * hyperscale:.0f} % (AI hyperscale) to "
        f"{100 * average:.0f} % (industry average) of ground energy, not 40 %; the sink a "
        f"radiator sees is about {effective_sink:.0f} K, not 2.7 K, and 1 MW at 300 K takes "
        f"{area_300:,.0f} m² ({mass_300 / 1e3:.1f} t) of two-sided panel. Holds with "
        f"caveats: orbit sunlight is {peak_ratio:.2f}x the ground's peak and "
        f"{array_energy_ratio:.1f}x a US array's energy per year; latency is "
        f"{1e3 * zenith:.1f} ms one way to a satellite overhead ({1e3 * mask:.1f} ms at "
        f"{ELEVATION_MASK:g}° elevation) but up to "
        f"{1e3 * antipode:.0f} ms when the data center is on the far side."
    )
    report.add_section("Verdicts")
    common.add_claims(report, rows, title="Claimed vs computed")
    report.add_section("1. Cooling as 40 % of a data center's energy")
    report.add_paragraph(
        "PUE is total facility energy over IT energy, so (PUE - 1)/PUE bounds the share of "
        "everything that is not IT: cooling, power conversion, lighting. Counting all of it "
        "as cooling gives the upper bound plotted here. A 40 % share needs PUE 1.67, worse "
        "than the industry average; the AI sites an orbital data center competes with run at "
        "PUE 1.05-1.1.")
    report.add_figure(_cooling_figure(labels, pues), "cooling-share.png",
                      caption="Upper bound on the cooling share of data center energy for the "
                      "catalog's terrestrial baselines and the 2023 industry average PUE")
    report.add_table([{"facility": label.replace("\n", " "), "PUE": pue, "max cooling share": share,
                       "with server fans (10-15 % of IT)": "{:.3f}-{:.3f}".format(
                           *(float(cooling_share_with_fans(pue, f)) for f in SERVER_FAN_SHARE))}
                      for label, pue, share in zip(labels, pues, shares, strict=True)],
                     title="Measured PUE and the cooling share it allows")
    report.add_section("2. 1361 W/m² against the best ground sunlight")
    report.add_table([
        {"quantity": "peak irradiance, orbit", "value": SOLAR_CONSTANT, "unit": "W/m²"},
        {"quantity": "peak irradiance, ground (standard test conditions)",
         "value": GROUND_PEAK_IRRADIANCE, "unit": "W/m²"},
        {"quantity": "year-mean irradiance, sun-tracking array, dawn-dusk SSO 550 km",
         "value": orbit_mean, "unit": "W/m²"},
        {"quantity": "year-mean irradiance, sunniest site on Earth (horizontal)",
         "value": GROUND_BEST_MEAN_IRRADIANCE, "unit": "W/m²"},
        {"quantity": "year-mean output of a US ground array at 24 % capacity factor",
         "value": GROUND_PEAK_IRRADIANCE * GROUND_CAPACITY_FACTOR, "unit": "W/m² (STC)"},
    ], title="Sunlight in orbit and on the ground")
    report.add_section("3. Sunlight 24/7 in a dawn-dusk orbit")
    report.add_paragraph(
        "Eclipse fraction from the cylindrical shadow at each day's beta angle "
        "(thermaldesign.orbit.eclipse_season, simplified Sun model, year 2026). Case O-5: "
        "minimum abs(beta) about 59° against a critical beta of 67° at 550 km.")
    report.add_figure(_eclipse_figure({"550 km": season_550, "650 km (Suncatcher)":
                                       season_650}), "eclipse-season.png",
                      caption="Eclipse minutes per orbit through the year for 06:00 dawn-dusk "
                      "sun-synchronous orbits at 550 and 650 km")
    report.add_section("4. The 2.7 K sink")
    report.add_paragraph(
        f"Two-sided deployable panel with the {technology.coating} coating aged 5 years "
        f"(ε = {coating.emissivity:.3f}, α = {coating.absorptivity:.3f}), flown edge-on at "
        f"550 km on the dawn-dusk orbit's hottest day, hot environment case; ideal "
        "isothermal panel (fin efficiency 1), so these areas are lower bounds.")
    report.add_figure(_radiator_figure(temperatures, ideal, with_environment, effective_sink),
                      "radiator-area-per-megawatt.png",
                      caption="Radiator area per MW rejected against its temperature, with "
                      "the 2.7 K sink alone and with the Earth's infrared and albedo")
    report.add_section("5. Zero operating cost")
    report.add_paragraph(common.design_sentence(design, "The reference satellite") + (
        " Its power and cooling plant (array, radiator, battery, thermal loop, power "
        f"conditioning) is {sum(design.mass_breakdown[k] for k in ('solar array', 'radiator', 'battery', 'thermal loop', 'power conditioning')):,.0f} kg "  # noqa: E501
        "and is replaced with the satellite."))
    report.add_table([
        {"item": "power and cooling plant, launch at 3600 USD/kg", "value": plant_today,
         "unit": "USD/(kW·yr)"},
        {"item": "power and cooling plant, launch at 200 USD/kg", "value": plant_cheap,
         "unit": "USD/(kW·yr)"},
        {"item": f"ground electricity ({ground.key}, PUE {ground.pue:g})",
         "value": ground_energy, "unit": "USD/(kW·yr)"},
        {"item": "satellites lost per year (failures)", "value": economics.failure_rate,
         "unit": "1/yr"},
        {"item": "GPUs lost per year (not repairable in orbit)",
         "value": economics.accelerator_failure_rate, "unit": "1/yr"},
    ], title="What replaces the ground's energy bill in orbit")
    report.add_section("6. Latency from LEO")
    elevations = np.linspace(ELEVATION_MASK, 90.0, 30 if small else 131)
    report.add_figure(_latency_figure(elevations, slant_range(ALTITUDE, elevations)
                                      / SPEED_OF_LIGHT, antipode), "latency.png",
                      caption="One-way speed-of-light delay from a user to the satellite "
                      "against elevation, and to a satellite on the far side of the Earth "
                      "through the laser mesh (arc length lower bound)")
    report.add_data("claims.json", rows, description="each claim: claimed, computed, verdict")
    report.add_data("results.json", result, description="headline numbers, SI units and USD")
    report.add_input("industry average PUE", UPTIME_AVERAGE_PUE, source=UPTIME_SOURCE)
    report.add_input("ground peak irradiance", GROUND_PEAK_IRRADIANCE, unit="W/m²",
                     source=GROUND_PEAK_SOURCE)
    report.add_input("best ground year-mean irradiance", GROUND_BEST_MEAN_IRRADIANCE,
                     unit="W/m²", source=GROUND_BEST_SOURCE)
    report.add_input("US ground solar capacity factor", GROUND_CAPACITY_FACTOR,
                     source=STARCLOUD_SOURCE)
    report.add_input("elevation mask", ELEVATION_MASK, unit="deg", source=ELEVATION_SOURCE)
    report.add_input("speed of light", SPEED_OF_LIGHT, unit="m/s", source="SI definition")
    for name in ("failure_rate", "accelerator_failure_rate"):
        report.add_input(f"economics.{name}", getattr(economics, name),
                         unit="1/yr", source=td.Economics.source(name))
    for entry in baselines.values():
        report.add_catalog_entry(entry, fields=["pue", "electricity_price_per_kwh"])
    common.add_catalog_entries(report, spec)
    folder = report.write(out_dir)
    return {"report": str(folder), **result,
            "verdicts": {r["quantity"]: r["verdict"] for r in rows}}
