"""Altitude: what each kilometre buys and costs, from 400 to 1,500 km.

Raising a dawn-dusk satellite shortens its eclipse (smaller battery, and above about
1,390 km no eclipse at all) and thins the air it must fight, but takes it into the inner
radiation belt, where the accelerators' memory fails after a couple of krad. This study
sizes the reference satellite at each altitude with every effect on
(:mod:`thermaldesign.sizing.altitude`): the shield thickness chosen per altitude, the
propellant from the drag of the sized areas and the de-orbit burn, the life cut short by
the dose, the compute lost to single-event recovery. It reports the cost of a delivered
GPU-hour, the compute per kg and the life against altitude, each effect's contribution,
the optimum with the effect that binds on each side, the dawn-dusk eclipse-free
threshold, and the altitudes operators chose.

Run: ``thermaldesign study altitude --out DIR`` (needs ``thermaldesign[environment]``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import orbit, radiation
from thermaldesign.report import Report, check_folder
from thermaldesign.sizing import altitude as alt

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "Altitude: radiation, drag and eclipse against the cost of a GPU-hour"
#: Operators' altitudes [km]: (low, high, source).
OPERATORS = {
    "Starlink": (550.0, 550.0, "SpaceX Starlink shell (FCC filings); Suncatcher s. 2"),
    "Suncatcher": (650.0, 650.0, "Google Project Suncatcher, arXiv:2511.19468 v2"),
    "SpaceX ODC filing": (550.0, 1002.0, "FCC SAT-LOA-20260108-00016, as quoted in issue 15"),
    "Blue Origin": (500.0, 1800.0, "as quoted in issue 15 (primary not checked)"),
}
EFFECT_LABELS = {"eclipse and power": "eclipse and power (plain sizing)", "drag": "drag",
                 "radiation": "radiation dose and shield", "single_events": "single events"}


def _row(point, plain, shares) -> dict:
    design = point.design
    return {"altitude": point.altitude, "shield_thickness": point.shield_thickness,
            "inclination": point.inclination, "gpu_count": design.gpu_count,
            "total_mass": design.total_mass, "compute_per_kg": point.compute_per_kg,
            "cost_per_gpu_hour": point.cost_per_gpu_hour,
            "cost_per_gpu_hour_plain": plain.cost_per_gpu_hour,
            "life": point.life, "dose_rate": point.dose_rate, "delta_v": point.delta_v,
            "station_keeping_delta_v": point.station_keeping_delta_v,
            "deorbit_delta_v": point.deorbit_delta_v,
            "ballistic_coefficient": point.ballistic_coefficient,
            "natural_decay_time": point.natural_decay_time,
            "throughput_lost": point.throughput_lost, "failure_rate": point.failure_rate,
            "shield_mass": point.shield_mass,
            "propellant_mass": design.mass_breakdown["propellant"],
            "reentry_mass_per_year": design.total_mass / point.life,
            **{f"share_{k}": v for k, v in shares.items()}}


def _marks(ax, threshold_km, optimum_km):
    """Eclipse-free threshold, optimum and operators on an altitude axis [km]."""
    ax.axvline(threshold_km, color="0.3", linestyle=":", linewidth=1.2,
               label=f"dawn-dusk eclipse-free above {threshold_km:,.0f} km")
    ax.axvline(optimum_km, color=common.COLORS[2], linewidth=1.4,
               label=f"optimum {optimum_km:,.0f} km")
    for index, (name, (low, high, _)) in enumerate(OPERATORS.items()):
        color = common.COLORS[(3 + index) % len(common.COLORS)]
        if low == high:
            ax.axvline(low, color=color, linestyle="--", linewidth=1.0, label=name)
        else:
            ax.axvspan(low, min(high, 1500.0), color=color, alpha=0.08,
                       label=f"{name} {low:,.0f}-{high:,.0f} km")


@common.styled
def _cost_figure(rows, threshold_km, optimum_km):
    fig, ax = common.figure((7.5, 4.6))
    km = [r["altitude"] / 1e3 for r in rows]
    ax.plot(km, [r["cost_per_gpu_hour"] for r in rows], marker="o", color=common.COLORS[0],
            label="all effects (shield optimised)")
    ax.plot(km, [r["cost_per_gpu_hour_plain"] for r in rows], marker="s",
            color=common.COLORS[1], linestyle="--", label="plain sizing (old model)")
    ax.set_yscale("log")
    common.plain_log_ticks(ax.yaxis)
    _marks(ax, threshold_km, optimum_km)
    ax.set_xlim(km[0] - 20, km[-1] + 20)
    ax.set_xlabel("Altitude [km]")
    ax.set_ylabel("Cost per delivered GPU-hour [USD]")
    ax.set_title("Cost of a delivered GPU-hour, reference satellite", loc="left")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    return fig, ax


@common.styled
def _shares_figure(rows, optimum_km):
    fig, ax = common.figure((7.5, 4.2))
    km = [r["altitude"] / 1e3 for r in rows]
    for index, (key, label) in enumerate(EFFECT_LABELS.items()):
        values = [r.get(f"share_{key}", 0.0) for r in rows]
        if key == "eclipse and power":
            values = np.array(values) - values[0]  # change from the lowest altitude
            label += f", change from {km[0]:.0f} km"
        ax.plot(km, values, marker="o", color=common.COLORS[index], label=label)
    ax.axhline(0.0, color="0.5", linewidth=0.8)
    ax.axvline(optimum_km, color=common.COLORS[2], linewidth=1.4)
    return common.finish(fig, ax, "Each effect's contribution to log(cost per GPU-hour)",
                         xlabel="Altitude [km]", ylabel="Contribution to ln(cost) [-]",
                         legend_loc="upper left", fontsize=8)


@common.styled
def _life_figure(rows, optimum_km):
    fig, ax = common.figure((7.5, 4.2))
    km = [r["altitude"] / 1e3 for r in rows]
    ax.plot(km, [r["life"] for r in rows], marker="o", color=common.COLORS[0],
            label="life [yr]")
    ax.plot(km, [1e3 * r["shield_thickness"] for r in rows], marker="s",
            color=common.COLORS[1], label="added Al shield [mm]")
    ax.plot(km, [r["dose_rate"] / 100.0 for r in rows], marker="^", color=common.COLORS[3],
            label="dose behind the shield [100 rad(Si)/yr]")
    ax.axvline(optimum_km, color=common.COLORS[2], linewidth=1.4)
    return common.finish(fig, ax, "Life, shield and dose at the best shield",
                         xlabel="Altitude [km]", ylabel="[yr], [mm], [100 rad(Si)/yr]",
                         legend_loc="upper left", fontsize=8)


@common.styled
def _compute_figure(rows, optimum_km):
    fig, ax = common.figure((7.5, 4.2))
    km = [r["altitude"] / 1e3 for r in rows]
    ax.plot(km, [r["compute_per_kg"] / 1e12 for r in rows], marker="o",
            color=common.COLORS[0], label="compute per kg at launch")
    ax.plot(km, [r["compute_per_kg"] / 1e12 * r["life"] / rows[0]["life"] for r in rows],
            marker="s", color=common.COLORS[1], linestyle="--",
            label=f"the same times life / life at {km[0]:.0f} km")
    ax.axvline(optimum_km, color=common.COLORS[2], linewidth=1.4)
    return common.finish(fig, ax, "Compute per kg at the best shield",
                         xlabel="Altitude [km]", ylabel="Compute per kg [TFLOP/s per kg]",
                         legend_loc="lower left", fontsize=8)


def _environment_checks() -> dict:
    """The published dose checks: Suncatcher and SPENVIS."""
    suncatcher = radiation.dose_rate(650e3, float(orbit.sun_synchronous_inclination(650e3)),
                                     0.010).total
    spenvis = radiation.dose_rate(500e3, float(orbit.sun_synchronous_inclination(500e3)),
                                  0.005).total
    return {"suncatcher_650km_10mm": suncatcher, "spenvis_500km_5mm": spenvis}


def _sweep(spec, inputs, altitudes, shield_count):
    plain_inputs = alt.AltitudeInputs(effects=())
    rows = []
    for altitude in altitudes:
        point = alt.best_shield(spec, altitude, inputs, shield_count=shield_count)
        if not np.isfinite(point.cost_per_gpu_hour):
            continue
        plain = alt.evaluate_altitude(spec, altitude, 0.0, plain_inputs)
        shares = alt.contributions(spec, altitude, point.shield_thickness, inputs)
        rows.append(_row(point, plain, shares))
    return rows


def _summary(report, best, result, starlink, threshold, checks):
    design = best.design
    report.add_summary(
        f"With trapped radiation (AE8/AP8), drag (NRLMSIS 2.1) and the eclipse together, the "
        f"reference satellite's cheapest delivered GPU-hour is at {best.altitude / 1e3:,.0f} "
        f"km behind {1e3 * best.shield_thickness:.1f} mm of added aluminium "
        f"({1e3 * (best.shield_thickness + alt.AltitudeInputs().inherent_shielding):.1f} mm "
        f"in all): {best.dose_rate:,.0f} rad(Si)/yr, a {best.life:.1f}-yr life, "
        f"{design.gpu_count:.0f} GPUs, {best.cost_per_gpu_hour:.2f} USD per GPU-hour "
        f"(against {starlink.cost_per_gpu_hour:.2f} at 550 km with its best shield). Below it the "
        f"{result.binding_below} binds, above it the {result.binding_above}.")
    report.add_summary(
        f"The dose model reproduces Suncatcher's ~150 rad(Si)/yr behind 10 mm at 650 km "
        f"dawn-dusk with {checks['suncatcher_650km_10mm']:,.0f} rad(Si)/yr, and gives "
        f"{checks['spenvis_500km_5mm']:,.0f} rad(Si)/yr at 500 km SSO behind 5 mm against "
        "SPENVIS's ~380 (within the factor of two of AE8/AP8; SHIELDOSE-2 adds "
        f"bremsstrahlung). The dawn-dusk orbit is eclipse-free above {threshold / 1e3:,.0f} "
        "km, but there a 5-yr life needs centimetres of aluminium per accelerator.")


def main(out_dir, *, small: bool = False) -> dict:
    """Run the study and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Four altitudes and a coarse search instead of twelve (for tests).

    Returns
    -------
    dict
        Headline numbers (SI units) and the report folder.
    """
    check_folder(out_dir)
    spec = td.reference_spec()
    inputs = alt.AltitudeInputs()
    count, shield_count = (4, 4) if small else (12, 7)
    altitudes = np.linspace(400e3, 1500e3, count)
    result = alt.optimize_altitude(spec, inputs, low=400e3, high=1500e3, count=count,
                                   shield_count=shield_count,
                                   tolerance=50e3 if small else 10e3)
    best = result.best
    rows = _sweep(spec, inputs, altitudes, shield_count)
    threshold = alt.dawn_dusk_eclipse_free_altitude()
    checks = _environment_checks()

    report = Report(TITLE, subtitle="Reference satellite, dawn-dusk orbit, 400-1,500 km")
    starlink = alt.best_shield(spec, 550e3, inputs, shield_count=shield_count)
    _summary(report, best, result, starlink, threshold, checks)
    report.add_key_numbers([
        ("optimum altitude", best.altitude / 1e3, "km"),
        ("added shield", 1e3 * best.shield_thickness, "mm Al"),
        ("dose behind it", best.dose_rate, "rad(Si)/yr"),
        ("life", best.life, "yr"),
        ("cost per delivered GPU-hour", best.cost_per_gpu_hour, "USD"),
        ("delta-v (station keeping + de-orbit)", best.delta_v, "m/s"),
        ("dawn-dusk eclipse-free threshold", threshold / 1e3, "km"),
    ])
    report.add_figure(_cost_figure(rows, threshold / 1e3, best.altitude / 1e3), "cost.png",
                      caption="Cost of a delivered GPU-hour against altitude, with every "
                      "effect and with the plain sizing; operators' altitudes marked")
    report.add_figure(_shares_figure(rows, best.altitude / 1e3), "contributions.png",
                      caption="Each effect's contribution to ln(cost), added in turn to the "
                      "plain sizing")
    report.add_figure(_life_figure(rows, best.altitude / 1e3), "life.png",
                      caption="Life, best added shield and the dose behind it")
    report.add_figure(_compute_figure(rows, best.altitude / 1e3), "compute-per-kg.png",
                      caption="Compute per kg of satellite (shield and propellant included), "
                      "and weighted by the life the dose allows")
    report.add_table(rows, title="Best shield at each altitude (SI units)")
    report.add_data("altitude.csv", rows, description="per altitude, SI units")
    for name, (low, high, source) in OPERATORS.items():
        report.add_input(f"{name} altitude", f"{low:g}-{high:g}" if low != high else low,
                         unit="km", source=source)
    for field in ("shield_area_per_accelerator", "inherent_shielding", "dose_tolerance",
                  "radiation_activity", "drag_activity", "disposal_perigee",
                  "recovery_time", "reset_time"):
        report.add_input(f"altitude search {field}", getattr(inputs, field),
                         source="thermaldesign.sizing.altitude.AltitudeInputs docstring")
    common.add_spec_inputs(report, spec, "spec", fields=["lifetime_years", "mass_limit",
                                                          "specific_impulse"])
    folder = report.write(out_dir)
    return {"report": str(folder), "optimum_altitude": best.altitude,
            "optimum_shield": best.shield_thickness, "dose_rate": best.dose_rate,
            "life": best.life, "cost_per_gpu_hour": best.cost_per_gpu_hour,
            "binding_below": result.binding_below, "binding_above": result.binding_above,
            "eclipse_free_altitude": threshold, **checks,
            "cost_per_gpu_hour_relaxed": result.relaxed.cost_per_gpu_hour,
            "cost_per_gpu_hour_550km": starlink.cost_per_gpu_hour, "rows": rows}
