"""Suite-wide settings and checks.

Under CI (``CI`` set, as ``.ci/run`` is run):

- hypothesis runs derandomized: the same examples on every run, so that a submission's
  CI result is reproducible. Local runs keep exploring new random examples (that is how
  the fuzz tests find things);
- a session in which no test passed fails: pytest itself exits 0 when every collected
  test was skipped, which would hide a machine missing everything the suite needs.

Tests marked ``slow`` start other processes; the default run leaves them out (see
``[tool.pytest.ini_options]`` in pyproject.toml) and CI runs them as a second command.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

_PASSED = 0


@pytest.fixture(scope="session")
def reference_design():
    """The reference spec's design (no sensitivities), sized once for the session."""
    import thermaldesign as td

    return td.size_satellite(td.SatelliteSpec(), sensitivities=False)


@pytest.fixture(scope="session")
def reference_survival(reference_design):
    """(spec, environment, loads, survival case) of the reference design's cold case."""
    from thermaldesign.sizing import evaluate

    design = reference_design
    spec = design.spec
    env = evaluate.environment_of(spec)
    load = evaluate.loads(spec, env, design.gpu_count)
    return spec, env, load, evaluate.survival(spec, env, design.radiator_area, load.loop_heat)


@pytest.fixture(params=["numpy", "compiled"])
def solver_loops(request, monkeypatch):
    """The batched solver's numpy loops, or its compiled kernel (numba) forced on every
    solve (it serves solves of batch_solver._KERNEL_COLUMNS columns or more; the
    numpy loops run below that and without numba)."""
    from thermaldesign.sizing import batch_solver

    if request.param == "numpy":
        monkeypatch.setattr(batch_solver, "compiled_kernel", lambda: None)
    else:
        pytest.importorskip("numba")
        monkeypatch.setattr(batch_solver, "_KERNEL_COLUMNS", 1)
    return request.param


@pytest.fixture(scope="module")
def worker_pool():
    """Worker count for sweeps on local processes, their pool shared by a module's tests.

    The pool outlives a sweep and every spawned worker re-imports cvxpy, so the tests of
    one module reuse it (``grid_sweep`` keeps a pool of the same size) and it stops when
    the module is done, not at interpreter exit.
    """
    from thermaldesign.studytools import shutdown_workers

    yield 2
    shutdown_workers()


def pytest_runtest_logreport(report):
    global _PASSED
    if report.when == "call" and report.passed:
        _PASSED += 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") and exitstatus == pytest.ExitCode.OK and _PASSED == 0:
        print("\nCI: no test passed (all were skipped or none ran)")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
