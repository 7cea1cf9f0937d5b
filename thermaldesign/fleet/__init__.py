"""Fleet launch-cost model: from one satellite design to a fleet, its launches and its cost.

``pricing`` holds the closed forms (Wright's law, launched power price, ground power
cost, satellites per launch, affordability bound); ``economics`` the economic inputs with
their sources; ``plan`` the year-by-year fleet plan and its ground comparison;
``selection`` the choice of the satellite mass limit that minimises fleet cost per
delivered compute.
"""

from .economics import Economics
from .plan import FleetPlan, plan_fleet
from .pricing import (
    HOURS_PER_YEAR,
    TerrestrialCost,
    affordable_launch_price,
    capital_recovery_factor,
    implied_specific_power,
    launched_power_price,
    learning_curve_price,
    power_added_per_year,
    satellites_per_launch,
    specific_power,
    terrestrial_cost,
    terrestrial_power_cost,
    unit_cost_sum,
)
from .selection import MassLimitChoice, best_mass_limit, packing_breakpoints

__all__ = [
    "HOURS_PER_YEAR",
    "Economics",
    "FleetPlan",
    "MassLimitChoice",
    "TerrestrialCost",
    "affordable_launch_price",
    "best_mass_limit",
    "capital_recovery_factor",
    "implied_specific_power",
    "launched_power_price",
    "learning_curve_price",
    "packing_breakpoints",
    "plan_fleet",
    "power_added_per_year",
    "satellites_per_launch",
    "specific_power",
    "terrestrial_cost",
    "terrestrial_power_cost",
    "unit_cost_sum",
]
