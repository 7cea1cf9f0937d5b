"""
Size a satellite
================

Size the reference satellite (H100 accelerators, dawn-dusk sun-synchronous orbit at
550 km, 3 t mass limit) for the most compute, then read where its mass goes.
"""

import thermaldesign as td
from thermaldesign import plots

spec = td.reference_spec()
design = td.size_satellite(spec)
print(f"{design.gpu_count} GPUs, {design.it_power / 1e3:.1f} kW of IT power, "
      f"{design.specific_power:.1f} W/kg")
print(f"radiator {design.radiator_area:.1f} m^2 at {design.radiator_temperature:.0f} K, "
      f"solar array {design.solar_array_area:.0f} m^2")

# %%
# The constraints that bind the optimum, and the inputs the design is most sensitive to
# (d log objective / d log input: +1 means 1 % more of the input gives 1 % more compute).
print("binding:", ", ".join(design.binding_constraints))
strongest = sorted(design.sensitivities.items(), key=lambda item: -abs(item[1]))[:5]
for name, value in strongest:
    print(f"  {name:35s} {value:+.3f}")

# %%
# Where the 3 t go.
fig, ax = plots.mass_breakdown(design)
