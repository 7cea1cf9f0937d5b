"""
Pareto front: compute against mass
==================================

The epsilon-constraint front of two objectives: the most compute at each total mass
(exact integer GPU counts).
"""

import thermaldesign as td
from thermaldesign import plots

front = td.pareto_front(td.reference_spec(), "total_mass", "compute", points=6,
                        progress=False)
print(front)

# %%
fig, ax = plots.pareto_front(front)
