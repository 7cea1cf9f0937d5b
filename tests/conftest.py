"""Suite-wide settings and checks.

Under CI (``CI`` set, as ``.ci/run`` is run):

- hypothesis runs derandomized: the same examples on every run, so that a submission's
  CI result is reproducible. Local runs keep exploring new random examples (that is how
  the fuzz tests find things);
- a session in which no test passed fails: pytest itself exits 0 when every collected
  test was skipped, which would hide a machine missing everything the suite needs.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

_PASSED = 0


def pytest_runtest_logreport(report):
    global _PASSED
    if report.when == "call" and report.passed:
        _PASSED += 1


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") and exitstatus == pytest.ExitCode.OK and _PASSED == 0:
        print("\nCI: no test passed (all were skipped or none ran)")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
