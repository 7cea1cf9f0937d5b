"""Hardening: sweep entry points meet hostile fields, bounds, counts and seeds with
documented errors (or a result whose failed points say why); never a traceback.

Oracle: the contract of :mod:`thermaldesign.studytools` (bad input raises InputError; a point
that fails is recorded with its reason).
"""

from __future__ import annotations

import math

import pytest
from _helpers import count_report
from test_hardening_physics import HOSTILE_VALUES

import thermaldesign as td

COUNTS = {"hostile calls": 0}
VALUES = HOSTILE_VALUES
FIELD_VALUES = VALUES + [{"mass_limit": "x"}, {"nope": [1, 2]}, {"mass_limit": []},
                         {"mass_limit": [math.nan]}, {"mass_limit": [-5.0]}]
OPTIONS = {"progress": False, "workers": 1}

_report_counts = count_report("test_hardening_sweep", COUNTS)


def calls():
    spec = td.reference_spec()
    bounds = {"mass_limit": [2500.0, 3500.0]}
    return {
        "grid_sweep.fields": (lambda v: td.grid_sweep(spec, v, **OPTIONS), FIELD_VALUES),
        "grid_sweep.spec": (lambda v: td.grid_sweep(v, {"mass_limit": [3000.0]}, **OPTIONS),
                            VALUES),
        "latin_hypercube_sweep.bounds": (
            lambda v: td.latin_hypercube_sweep(spec, v, 2, seed=1, **OPTIONS), FIELD_VALUES),
        "latin_hypercube_sweep.samples": (
            lambda v: td.latin_hypercube_sweep(spec, bounds, v, seed=1, **OPTIONS),
            [v for v in VALUES if not (isinstance(v, (int, float)) and not isinstance(v, bool)
                                       and v > 1e6)]),
        "latin_hypercube_sweep.seed": (
            lambda v: td.latin_hypercube_sweep(spec, bounds, 2, seed=v, **OPTIONS), VALUES),
    }


@pytest.mark.parametrize("target", sorted(calls()))
def test_sweeps_refuse_hostile_arguments(target):
    function, values = calls()[target]
    problems = []
    for value in values:
        COUNTS["hostile calls"] += 1
        try:
            result = function(value)
        except td.ThermalDesignError:
            continue
        except Exception as error:  # noqa: BLE001 - the point of the test
            problems.append(f"{target}({value!r}): {type(error).__name__}: {error}")
            continue
        # Accepted: every point either succeeded or says why it failed.
        for status, reason in zip(result.status.tolist(), result.reason.tolist(), strict=True):
            if status != "ok":
                assert str(reason), (target, value)
    assert not problems, "\n".join(problems)


def test_sample_counts_have_an_upper_end():
    # Found by the fuzzing: samples = 1e300 reached numpy ("Maximum allowed dimension
    # exceeded"). Both sweeps refuse more than MAX_POINTS points before any work.
    with pytest.raises(td.InputError, match=r"samples = 1e\+300 .*\[1, 10,000,000\]"):
        td.latin_hypercube_sweep(td.reference_spec(), {"mass_limit": [2500.0, 3500.0]},
                                 1e300, seed=1, **OPTIONS)
    fields = {"mass_limit": list(range(2000, 3000)), "altitude": list(range(500, 1500)),
              "lifetime": list(range(3, 14))}
    with pytest.raises(td.InputError, match=r"11,000,000 points \(1000 x 1000 x 11\)"):
        td.grid_sweep(td.reference_spec(), fields, **OPTIONS)


def test_unknown_objective_is_recorded_on_every_point():
    # An unknown objective does not stop a sweep (points fail with the reason); the reason
    # must name the objective and the valid ones.
    result = td.grid_sweep(td.reference_spec(), {"mass_limit": [3000.0]}, objective="abc",
                           **OPTIONS)
    assert list(result.status) == ["input_error"]
    assert "objective" in str(result.reason[0])
