"""
Monte Carlo uncertainty
=======================

Propagate uncertain technology inputs through the sizing by sampling, then read the
percentiles of the compute a 3 t satellite carries.
"""

import matplotlib.pyplot as plt

import thermaldesign as td

result = td.monte_carlo(
    td.reference_spec(),
    {
        "radiator.areal_density": td.studytools.Triangular(3.0, 4.5, 7.0),
        "solar_array.cell_efficiency": td.studytools.Normal(0.30, 0.01),
    },
    samples=24,
    seed=1,
    workers=1,
    progress=False,
)
print(result.percentiles("compute"))

# %%
fig, ax = plt.subplots()
ax.hist(result["compute"] / 1e15, bins=8)
ax.set_xlabel("compute [PFLOP/s]")
ax.set_ylabel("samples")
