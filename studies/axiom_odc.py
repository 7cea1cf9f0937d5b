"""Axiom Space orbital data center (ODC) node: a small free-flyer for storage and processing.

Axiom Space flies Orbital Data Center nodes as free-flying satellites in Kepler
Communications' optical relay network (first two launched 11 January 2026): on-orbit
storage, processing and AI inference for other spacecraft, reached over optical
inter-satellite links, so that only results are downlinked. No mass or power figures
are published. This study asks what such a node can carry:

- compute against satellite mass (100-500 kg) for a TPU v6e-class and an H100-class
  accelerator, computing through eclipse on batteries or idling in eclipse;
- the smallest node that carries one accelerator of each;
- what a pair of nodes costs per accelerator-hour against the ground.

Run: ``thermaldesign study axiom-odc --out DIR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import thermaldesign as td
from thermaldesign import plots
from thermaldesign.report import Report, check_folder

sys.path.insert(0, str(Path(__file__).parent))  # loaded by file path: _common.py is beside it
import _common as common  # noqa: E402

TITLE = "Axiom Space orbital data center node: what a small free-flyer carries"
AXIOM_SOURCE = ("Axiom Space at the Space Symposium, 7 Apr 2025 (Aviation Week; The Register, "
                "9 Apr 2025): two free-flying ODC nodes in Kepler's optical relay network, "
                "storage, processing and AI/ML for spacecraft; first two launched 11 Jan 2026 "
                "with Kepler's first tranche, 2.5 GB/s optical links (Introl blog, Jan 2026)")
#: Small-satellite bus of a 100-500 kg node: this study's estimates (SMAD Table 10-31
#: scaling), one optical terminal with the spec's per-terminal mass and power.
#: Sized with the fixed bus: the scaled bus's attitude sensors (15 kg) and rotary joints (2 x 10 kg)
#: are sized for a multi-tonne satellite, while this ADCS estimate is a small bus's.
SMALL_BUS = {"avionics_mass": 8.0, "avionics_power": 50.0, "isl_terminal_count": 1,
             "adcs_mass": 10.0, "adcs_power": 30.0, "propulsion_dry_mass": 10.0,
             "delta_v": 100.0}
#: Orbit: the relay network's orbits are not published; an inclined 550 km orbit sized at
#: beta = 0 (its longest eclipse) is the conservative case.
ORBIT = {"orbit": "inclined", "design_beta": 0.0, "altitude": 550e3}
ACCELERATORS = ("tpu_v6e", "h100_sxm")
MODES = ("battery", "idle")
NODES = 2
#: A pair of nodes does not fill a Falcon 9, and plan_fleet prices whole launches: each node
#: flies on its own dedicated small launcher (catalog Electron); rideshare would be cheaper.
VEHICLE = "electron"
WORDS = {"battery": "computes through", "idle": "idles in"}


def node_spec(accelerator, mode, mass_limit):
    """The node's SatelliteSpec."""
    return common.fixed_chip(td.SatelliteSpec(
        accelerator=accelerator, eclipse_mode=mode, mass_limit=mass_limit,
        solar_array="rigid_xtj_prime", bus_model="fixed", **SMALL_BUS, **ORBIT))


@common.styled
def _compute_figure(masses, curves):
    fig, ax = common.figure()
    styles = {"battery": "-", "idle": "--"}
    for index, accelerator in enumerate(ACCELERATORS):
        for mode in MODES:
            values = curves[(accelerator, mode)]
            ax.plot(masses, values / 1e3, styles[mode], marker="o", markersize=3.5,
                    drawstyle="steps-post",
                    color=common.COLORS[index],
                    label=f"{accelerator}, {WORDS[mode]} eclipse")
    return common.finish(fig, ax, "What a small node carries (integer accelerator counts)",
                         xlabel="Node mass limit [kg]", ylabel="IT power on board [kW]",
                         legend_loc="upper left")


def main(out_dir, *, small: bool = False) -> dict:
    """Run the study and write the report.

    Parameters
    ----------
    out_dir : str or os.PathLike
        Report folder.
    small : bool
        Fewer masses and a coarser search (for tests).

    Returns
    -------
    dict
        Headline numbers (SI units and USD) and the report folder.
    """
    check_folder(out_dir)
    masses = np.array([100.0, 200.0, 500.0]) if small else np.arange(100.0, 525.0, 25.0)
    tolerance = 10.0 if small else 1.0  # [kg] of the smallest-node bisection
    curves, counts = {}, {}
    for accelerator in ACCELERATORS:
        for mode in MODES:
            power, number = [], []
            for mass in masses:
                try:
                    design = td.size_satellite(node_spec(accelerator, mode, float(mass)),
                                               "max_compute")
                    power.append(design.it_power)
                    number.append(int(round(design.gpu_count)))
                except td.InfeasibleDesignError:
                    power.append(0.0)
                    number.append(0)
            curves[(accelerator, mode)] = np.array(power)
            counts[(accelerator, mode)] = number
    smallest, designs = {}, {}
    for accelerator in ACCELERATORS:
        for mode in MODES:
            spec = node_spec(accelerator, mode, 100.0)
            mass = common.smallest_mass(spec, 40.0, 250.0, tolerance)
            smallest[(accelerator, mode)] = mass
            designs[(accelerator, mode)] = td.size_satellite(spec.replace(mass_limit=mass),
                                                             "max_compute")
    # A pair of 200 kg TPU nodes computing through eclipse, each on a small launcher.
    node = td.size_satellite(node_spec("tpu_v6e", "battery", 200.0), "max_compute")
    plan = td.plan_fleet(node, target_it_power=NODES * node.it_power, vehicle=VEHICLE,
                         years=5)
    free = td.plan_fleet(node, target_it_power=NODES * node.it_power, vehicle=VEHICLE,
                         years=5, economics=td.Economics(launch_price_per_kg=0.0))

    first = designs[("tpu_v6e", "battery")]
    report = Report(TITLE, subtitle="Compute, mass and cost of a storage-and-processing node "
                    "in an optical relay network")
    report.add_summary(
        f"Axiom publishes no mass or power for its nodes, so this study sizes the range. The "
        f"smallest node that closes with one TPU v6e-class chip computing through eclipse is "
        f"{smallest[('tpu_v6e', 'battery')]:.0f} kg "
        f"({smallest[('tpu_v6e', 'idle')]:.0f} kg idling in eclipse); one H100 with its "
        f"server share needs {smallest[('h100_sxm', 'battery')]:.0f} kg "
        f"({smallest[('h100_sxm', 'idle')]:.0f} kg idling). A 200 kg node carries "
        f"{node.gpu_count:.0f} TPUs ({node.it_power / 1e3:.1f} kW of IT power, "
        f"{node.specific_power:.1f} W/kg); a 500 kg node "
        f"{counts[('tpu_v6e', 'battery')][-1]} TPUs or {counts[('h100_sxm', 'battery')][-1]} "
        "H100s.")
    report.add_summary(
        f"Per accelerator-hour a pair of 200 kg nodes costs {plan.cost_per_gpu_hour:,.0f} USD "
        f"launched on dedicated small launchers ({free.cost_per_gpu_hour:,.1f} USD even with "
        f"free launch) against {plan.terrestrial_cost_per_gpu_hour:.2f} USD on the ground "
        f"({plan.terrestrial}): a "
        "node earns its keep by the data it does not downlink and the latency it saves "
        "spacecraft in the network, not by cheap compute. Storage itself (solid-state "
        "drives, a few W per TB) is small against the accelerators and is not modelled "
        "separately.")
    report.add_section("Compute against node mass")
    report.add_paragraph(
        f"Maximum-compute designs by thermaldesign.size_satellite: triple-junction rigid "
        f"array, deployable heat-pipe radiator, a small bus (this study's estimate: "
        f"{', '.join(f'{k} {v:g}' for k, v in SMALL_BUS.items())}), "
        f"{ORBIT['altitude'] / 1e3:.0f} km inclined orbit at beta = 0. Idling in eclipse "
        f"saves battery but runs compute only {100 * designs[('tpu_v6e', 'idle')].duty_cycle:.0f}"
        " % of the time.")
    report.add_figure(_compute_figure(masses, curves), "compute-vs-mass.png",
                      caption="IT power a node of each mass limit carries, by accelerator and "
                      "eclipse mode (0: no accelerator fits)")
    report.add_table([{"node mass limit [kg]": float(m),
                       **{f"{a}, {mode}": counts[(a, mode)][i] for a in ACCELERATORS
                          for mode in MODES}} for i, m in enumerate(masses)],
                     title="Accelerators on board")
    report.add_section("The smallest nodes")
    report.add_table(common.designs_table({f"{a}, {mode}, {smallest[(a, mode)]:.0f} kg": d
                                           for (a, mode), d in designs.items()}),
                     title="Smallest node carrying one accelerator (bisection on the mass "
                     "limit)")
    report.add_figure(plots.mass_breakdown(first, title="Smallest TPU node, computing "
                                           "through eclipse"), "mass-breakdown.png",
                      caption="Where the mass of the smallest TPU node goes [kg]")
    report.add_section("A pair of nodes")
    report.add_table([{"quantity": "nodes", "value": plan.satellite_count, "unit": "-"},
                      {"quantity": "IT power per node", "value": node.it_power, "unit": "W"},
                      {"quantity": f"launch price ({VEHICLE}, per kg of LEO capacity)",
                       "value": plan.launch_price_per_kg, "unit": "USD/kg"},
                      {"quantity": "total cost over 5 years", "value": plan.total_cost,
                       "unit": "USD"},
                      {"quantity": "cost per accelerator-hour", "value": plan.cost_per_gpu_hour,
                       "unit": "USD/h"},
                      {"quantity": "cost per accelerator-hour with free launch",
                       "value": free.cost_per_gpu_hour, "unit": "USD/h"},
                      {"quantity": "ground cost per accelerator-hour",
                       "value": plan.terrestrial_cost_per_gpu_hour, "unit": "USD/h"}],
                     title=f"Two 200 kg TPU nodes, one per {VEHICLE} launch, 5 years",
                     note=plan.break_even_note)
    report.add_data("compute-vs-mass.csv", {"mass_limit": masses, **{
        f"it_power_{a}_{mode}": curves[(a, mode)] for a in ACCELERATORS for mode in MODES}},
        description="node mass limit [kg], IT power [W] per accelerator and eclipse mode")
    report.add_data("node-200kg.json", node, description="the 200 kg TPU node, SI units")
    report.add_input("Axiom ODC nodes", "free-flying, in Kepler's optical relay network",
                     source=AXIOM_SOURCE)
    for key, value in SMALL_BUS.items():
        report.add_input(f"bus.{key}", value, source="this study's estimate")
    for key, value in ORBIT.items():
        report.add_input(f"orbit.{key}", value, source="this study's assumption (orbits not "
                         "published)")
    report.add_input("nodes", NODES, source=AXIOM_SOURCE)
    for accelerator in ACCELERATORS:
        common.add_catalog_entries(report, node_spec(accelerator, "battery", 200.0))
    report.add_catalog_entry(td.catalog.get("launch_vehicles", VEHICLE))
    folder = report.write(out_dir)
    return {
        "report": str(folder),
        "masses": masses.tolist(),
        "it_power": {f"{a}/{m}": curves[(a, m)].tolist() for a in ACCELERATORS for m in MODES},
        "accelerators": {f"{a}/{m}": counts[(a, m)] for a in ACCELERATORS for m in MODES},
        "smallest_mass": {f"{a}/{m}": v for (a, m), v in smallest.items()},
        "search_tolerance": tolerance,
        "node_200kg": common.design_headline(node),
        "pair_cost_per_accelerator_hour": plan.cost_per_gpu_hour,
        "pair_cost_per_accelerator_hour_free_launch": free.cost_per_gpu_hour,
        "pair_launch_count": plan.launch_count,
        "ground_cost_per_accelerator_hour": plan.terrestrial_cost_per_gpu_hour,
        "pair_satellite_count": plan.satellite_count,
    }
