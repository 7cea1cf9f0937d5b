"""Benchmark of the thermal network solver (a script, not a timed test).

Network: a satellite-like radiator wing of ``n`` nodes. A square grid of radiator panel
nodes (aluminium, 2 kg/m^2 each 1 m^2 cell) conducts to its four neighbours and radiates to
deep space from a surface that sees the Sun with an eclipse (a periodic Profile with jumps);
every tenth node also carries a massless arithmetic cold-plate node dissipating 200 W (an
accelerator). Transient: ``n`` nodes through 10 orbits of 5,700 s with a 2,100 s eclipse,
100 outputs per orbit. Steady state: the same network, orbit-averaged inputs.

Run: ``.venv/bin/python benchmarks/bench_network.py [--quick]``. Prints medians of repeated
runs and the fitted growth exponent of time against node count. ``--peer`` also times
scipy's ``solve_ivp`` (BDF with the same sparse analytic Jacobian, same tolerances,
restarted at every eclipse jump) on the 1,000-node network, side by side; scipy cannot
integrate the massless cold plates (a DAE), so for that comparison both solvers get the
network with cold plates of 100 J/K.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from _timing import median_seconds

from thermaldesign.network import Profile, ThermalNetwork

ORBIT = 5700.0
ECLIPSE = 2100.0


def radiator_wing(count: int, plate_capacitance: float = 0.0) -> ThermalNetwork:
    """A grid of about ``count`` nodes: panels plus massless cold plates every tenth cell."""
    plates = count // 11
    panels = count - plates
    side = math.ceil(math.sqrt(panels))
    net = ThermalNetwork()
    names = [f"p{i}" for i in range(panels)]
    # 1 m^2 cells of 2 kg/m^2 aluminium honeycomb, c = 900 J/(kg K).
    net.add_nodes(names, capacitance=2.0 * 900.0, temperature=290.0)
    net.add_boundary("space", 2.725)
    sunlit = Profile([0.0, ORBIT - ECLIPSE, ORBIT - ECLIPSE, ORBIT], [1.0, 1.0, 0.0, 0.0],
                     periodic=True, name="solar cosine")
    for name in names:
        # Edge-on to the Sun most of the orbit: a small cosine; white paint alpha 0.2.
        net.add_surface(name, 1.0, 0.2, 0.88, solar_cosine=sunlit, earth_view_factor=0.25)
    right = [(i, i + 1) for i in range(panels - 1) if (i + 1) % side]
    down = [(i, i + side) for i in range(panels - side)]
    pairs = right + down
    net.add_conductances([names[i] for i, _ in pairs], [names[j] for _, j in pairs], 2.0)
    plate_names = [f"cold plate {k}" for k in range(plates)]
    net.add_nodes(plate_names, capacitance=plate_capacitance, power=200.0, temperature=300.0)
    net.add_conductances(plate_names, [names[(k * panels) // max(plates, 1)]
                                       for k in range(plates)], 25.0)
    return net


def scipy_bdf(net: ThermalNetwork, times: np.ndarray, rtol: float, atol: float):
    """The same network through scipy's BDF (ODE form: every node must have C > 0)."""
    import scipy.sparse as sparse
    from scipy.integrate import solve_ivp

    comp = net._compiled()
    capacitance = comp.capacitance
    everything = np.asarray(net._initial, dtype=float).copy()
    boundary = net._boundary_temperatures(comp, 0.0)
    n = comp.free.size

    def rhs(t, y):
        power, absorbed = net._sources(comp, t)
        everything[comp.free] = y
        everything[comp.bounds] = boundary
        inflow = net._inflow(comp, net._coupling_flows(comp, everything))[comp.free]
        return (power + absorbed + inflow) / capacitance

    def jacobian(t, y):
        everything[comp.free] = y
        data = net._jacobian_data(comp, everything)
        matrix = sparse.csc_matrix((data, comp.indices, comp.indptr), shape=(n, n))
        return sparse.diags(1.0 / capacitance) @ matrix

    y = everything[comp.free].copy()
    stops = np.concatenate([net._jumps(times[0], times[-1]), [times[-1]]])
    start, steps = times[0], 0
    for stop in stops:
        # Start each piece just after the jump so the right-continuous inputs apply.
        solution = solve_ivp(rhs, (start, stop), y, method="BDF", jac=jacobian, rtol=rtol,
                             atol=atol, first_step=None)
        y = solution.y[:, -1]
        steps += solution.t.size - 1
        start = stop
    return y, steps


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    parser.add_argument("--peer", action="store_true", help="also time scipy solve_ivp BDF")
    parser.add_argument("--peer-only", action="store_true", help="only the scipy comparison")
    args = parser.parse_args(argv)
    sizes = [100, 300, 1000, 3000, 10000] if not args.quick else [100, 1000]
    if args.peer_only:
        sizes = []
    repeats = 3 if not args.quick else 1
    times = np.linspace(0.0, 10 * ORBIT, 1001)
    rows = []
    for count in sizes:
        start = time.perf_counter()
        net = radiator_wing(count)
        build = time.perf_counter() - start
        nodes = len(net.node_names)
        runs = repeats if count <= 3000 else 1
        steady = median_seconds(lambda net=net: net.steady_state(0.0, average_over=ORBIT), runs)
        result = net.transient(times)
        transient = median_seconds(lambda net=net: net.transient(times), runs)
        rows.append((nodes, build, steady, transient, result.steps, result.rejected_steps,
                     result.factorizations, result.energy["relative_imbalance"]))
        print(f"{nodes:6d} nodes: build {build:6.3f} s, steady {steady:6.3f} s, "
              f"10 orbits {transient:6.3f} s ({result.steps} steps, {result.rejected_steps} "
              f"rejected, {result.factorizations} LU), energy imbalance "
              f"{result.energy['relative_imbalance']:.1e}", flush=True)
    if args.peer or args.peer_only:
        # Side by side in one run, each the median of `repeats`; accuracy of the end state
        # against a tight BDF reference, scipy also at a tolerance that matches our error.
        net = radiator_wing(1000, plate_capacitance=100.0)
        reference, _ = scipy_bdf(net, times, 1e-9, 1e-7)
        ours = net.transient(times)
        ours_end = np.array([ours.final_temperatures[name] for name in net.node_names])
        ours_time = median_seconds(lambda: net.transient(times), repeats)
        print(f"peer, 1000 nodes with 100 J/K cold plates, 10 orbits: ThermalNetwork rtol 1e-4 "
              f"atol 0.01 K: {ours_time:.3f} s, {ours.steps} steps, end-state error "
              f"{np.abs(ours_end - reference).max():.4f} K")
        for rtol, atol in ((1e-4, 1e-2), (3e-6, 3e-4)):
            final, steps = scipy_bdf(net, times, rtol, atol)
            elapsed = median_seconds(lambda rtol=rtol, atol=atol: scipy_bdf(net, times, rtol, atol),
                                  repeats)
            print(f"peer, scipy solve_ivp BDF rtol {rtol:g} atol {atol:g} K: {elapsed:.3f} s, "
                  f"{steps} steps, end-state error {np.abs(final - reference).max():.4f} K, "
                  f"time ratio ThermalNetwork / scipy {ours_time / elapsed:.2f}")
    if len(rows) < 2:
        return
    nodes = np.log([row[0] for row in rows])
    for label, column in (("steady state", 2), ("transient", 3)):
        slope = np.polyfit(nodes, np.log([row[column] for row in rows]), 1)[0]
        print(f"growth exponent, {label}: time ~ n^{slope:.2f}")


if __name__ == "__main__":
    main()
