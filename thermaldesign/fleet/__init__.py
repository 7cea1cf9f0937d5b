"""Fleet launch-cost model: from one satellite design to a fleet, its launches and its cost.

``pricing`` holds the closed forms (Wright's law, launched power price, ground power
cost, satellites per launch, affordability bound); ``economics`` the economic inputs with
their sources; ``stages`` the small steps of a fleet plan (packing, schedule, production,
costs, ground comparison, ...); ``plan`` the FleetPlan result and ``plan_fleet``, which runs
the stages; ``selection`` the choice of the satellite mass limit that minimises fleet cost
per delivered compute; ``uncertain`` the fixed-design fleet model whose inputs carry
their provenance (:class:`~.uncertain.FixedDesignFleet`, for Monte Carlo and Sobol
analyses in :mod:`thermaldesign.studytools.sobol`).
"""

from . import pricing
from .economics import Economics
from .plan import FleetPlan, plan_fleet
from .pricing import *  # noqa: F403 - the closed forms, exactly pricing.__all__
from .selection import MassLimitChoice, best_mass_limit, packing_breakpoints
from .uncertain import FixedDesignFleet

__all__ = [
    "Economics",
    "FixedDesignFleet",
    "FleetPlan",
    "MassLimitChoice",
    "best_mass_limit",
    "packing_breakpoints",
    "plan_fleet",
    *pricing.__all__,
]
