"""Start-up stays light: importing thermaldesign and the command line's --help need no cvxpy,
and small batches need no numba.

cvxpy (~0.4 s to import) serves only the sizing's fallback path and the infeasibility
diagnosis (:class:`thermaldesign.sizing.model.CompiledModel` builds its problem on first
use); the direct conic form answers a feasible sizing without it.
"""

import subprocess
import sys

import pytest

import thermaldesign as td
from thermaldesign.sizing import solve


def test_status_names_are_cvxpys():
    import cvxpy

    assert (solve.OPTIMAL, solve.INFEASIBLE) == (cvxpy.OPTIMAL, cvxpy.INFEASIBLE)


def test_direct_form_needs_no_cvxpy_problem():
    from thermaldesign.sizing import direct, model
    from thermaldesign.sizing.evaluate import environment_of

    spec = td.SatelliteSpec()
    env = environment_of(spec)
    values = model.coefficient_values(spec, env)
    structure = model.structure_of(spec, env, values, "max_compute", fixed_count=False)
    compiled = model.CompiledModel(structure)
    problem = direct.DirectProblem(compiled)
    assert problem.solve(values)[0] == "Solved"
    assert compiled._cvxpy is None  # nothing of cvxpy was built
    # the cvxpy problem, built on demand, has the same free variables
    assert sorted(compiled.variables) == compiled.variable_names


_PROBE = """
import sys
{action}
print("cvxpy" in sys.modules)
"""


@pytest.mark.slow
@pytest.mark.parametrize("action", [
    "import thermaldesign",
    "import thermaldesign as td; td.size_satellite(td.SatelliteSpec())",
    "from thermaldesign import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass",
])
def test_start_up_does_not_import_cvxpy(action):
    output = subprocess.run([sys.executable, "-c", _PROBE.format(action=action)],
                            capture_output=True, text=True, check=True).stdout
    assert output.strip().splitlines()[-1] == "False"


_NUMBA_PROBE = """
import sys
import thermaldesign as td
specs = [td.SatelliteSpec(mass_limit=1500.0 + 50.0 * i) for i in range({count})]
td.size_satellites(specs, sensitivities=False)
print("numba" in sys.modules)
"""


@pytest.mark.slow
@pytest.mark.parametrize("count, loaded", [(40, False), (600, True)])
def test_numba_is_imported_only_for_large_batches(count, loaded):
    """The compiled kernel (numba, ~0.4 s to import and load) serves solves of
    batch_solver._KERNEL_COLUMNS columns or more: a 40-spec batch runs the numpy loops
    without importing numba, a 600-spec batch loads it (when numba is installed)."""
    pytest.importorskip("numba")
    output = subprocess.run([sys.executable, "-c", _NUMBA_PROBE.format(count=count)],
                            capture_output=True, text=True, check=True).stdout
    assert output.strip().splitlines()[-1] == str(loaded)
