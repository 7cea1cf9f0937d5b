"""
A thermal network through an orbit
==================================

A three-node lumped network (chip, cold plate, radiator panel radiating to deep space):
the orbit-average steady state, then a transient through two orbits whose chip power
drops to a third in a 35-minute eclipse, started from that steady state.
"""

import numpy as np

import thermaldesign as td
from thermaldesign import plots
from thermaldesign.network import Profile

period = 5700.0  # [s], about one orbit at 550 km
power = Profile([0.0, 3600.0, 3600.0, period], [700.0, 700.0, 230.0, 230.0],
                periodic=True, name="chip power")

net = td.ThermalNetwork()
net.add_node("chip", capacitance=500.0, power=power, temperature=330.0)
net.add_node("plate", capacitance=5e3, temperature=320.0)
net.add_node("panel", capacitance=2e4, temperature=300.0)
net.add_boundary("space", 3.0)
net.add_conductance("chip", "plate", 10.0)
net.add_conductance("plate", "panel", 40.0)
net.add_radiation("panel", "space", 0.85 * 3.0)  # emissivity x area [m^2]

steady = net.steady_state(average_over=period)  # the balance of the orbit-average power
print({name: round(steady[name], 1) for name in ("chip", "plate", "panel")})

# %%
# Two orbits, sampled every minute.
start = {name: steady[name] for name in ("chip", "plate", "panel")}  # free nodes only
result = net.transient(np.arange(0.0, 2 * period, 60.0), initial=start)
fig, ax = plots.orbit_temperatures(result, eclipses=[(3600.0, period),
                                                         (period + 3600.0, 2 * period)])
