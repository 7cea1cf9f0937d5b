"""thermaldesign: thermal and power design of orbital data centers.

Physics (orbit, environment, radiators, solar power, thermal networks), a globally optimal
satellite sizing optimizer, a fleet launch-cost model, and trade studies with reports.
SI units everywhere, angles in degrees at the API.
"""

from . import constants, errors
from ._version import __version__
from .errors import (
    CatalogError,
    ClosureError,
    InfeasibleDesignError,
    InputError,
    SolverError,
    StudyFileError,
    ThermalDesignError,
)

# Physics, sizing, fleet and studies modules register their public names below.
# --- re-exports (one block per module; keep alphabetical by module) ---
from . import accelerator  # noqa: E402
from . import catalog  # noqa: E402
from . import environment  # noqa: E402
from . import bus, layout, viewfactor  # noqa: E402
from .layout import Layout  # noqa: E402
from . import fleet  # noqa: E402
from .fleet import Economics, FleetPlan, plan_fleet  # noqa: E402
from . import orbit  # noqa: E402
from . import network  # noqa: E402
from .network import ThermalNetwork  # noqa: E402
from . import power  # noqa: E402
from . import radiator  # noqa: E402
from . import debris, radiator_panel  # noqa: E402
from . import satellite_network  # noqa: E402
from .report import Report  # noqa: E402
from .sizing import (  # noqa: E402
    SatelliteDesign,
    SatelliteSpec,
    SizingBatch,
    check_design,
    reference_spec,
    size_satellite,
    size_with_layout,
    size_satellites,
)
from . import studytools  # noqa: E402
from . import sweep  # noqa: E402  (deprecated alias of studytools; warns on use)
from .studytools import (  # noqa: E402
    ParetoFront,
    SweepResult,
    TornadoData,
    grid_sweep,
    latin_hypercube_sweep,
    monte_carlo,
    pareto_front,
    tornado,
)

