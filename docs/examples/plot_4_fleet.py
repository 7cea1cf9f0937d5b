"""
Plan a fleet
============

How many satellites, launches and dollars a 1 GW fleet of the reference design takes on
a mature Starship, and what a GPU-hour costs against the ground.
"""

import thermaldesign as td
from thermaldesign import plots

design = td.size_satellite(td.reference_spec())
plan = td.plan_fleet(design, target_it_power=1e9, vehicle="starship_future")
print(plan)

# %%
# Deployment over the plan's years: IT power in orbit and launches per year.
fig, ax = plots.fleet_timeline(plan, target_power=1e9)
