"""
Sweep two fields
================

A full-factorial grid over the mass limit and the radiator's areal density (a catalog
field reached by its dotted path), sized for the most compute at every point.
"""

import matplotlib.pyplot as plt

import thermaldesign as td

spec = td.reference_spec()
result = td.grid_sweep(
    spec,
    {"mass_limit": [1500.0, 2250.0, 3000.0], "radiator.areal_density": [3.0, 4.5, 6.0]},
    workers=1,
    progress=False,
)
print(result)

# %%
# ``SweepResult.grid`` reshapes an output onto the grid axes (mass limit x areal density).
compute = result.grid("compute")
fig, ax = plt.subplots()
for column, density in enumerate([3.0, 4.5, 6.0]):
    ax.plot([1500, 2250, 3000], compute[:, column] / 1e15, marker="o",
            label=f"radiator {density:g} kg/m$^2$")
ax.set_xlabel("mass limit [kg]")
ax.set_ylabel("compute [PFLOP/s]")
ax.legend()
