"""Pareto fronts by the epsilon-constraint method, checked by brute force.

Every front is checked three ways: no returned point dominates another; no design of an
independent brute-force sweep dominates a front point (beyond the stated tolerance); and
the front's end points equal the single-objective optima.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thermaldesign.errors import InputError
from thermaldesign.sizing import SatelliteSpec, evaluate, size_satellite
from thermaldesign.studytools import (
    PARETO_TOLERANCE,
    dominates,
    grid_sweep,
    non_dominated,
    pareto_front,
)

# A small satellite (about 11 GPUs) keeps every brute-force enumeration short.
SMALL = SatelliteSpec(mass_limit=1100.0)
# Clock and eclipse policy pinned: a GPU count then fixes the compute (exact enumeration).
PINNED = SMALL.replace(clock_fraction=1.0, eclipse_mode="battery")


@pytest.fixture(autouse=True)
def _quiet_solver():
    # cvxpy warns about overflow when it probes an infeasible bound; the sizing code
    # turns those solves into InfeasibleDesignError or SolverError, which the front skips.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        yield


def _assert_mutually_non_dominated(front):
    senses = (front.sense_x, front.sense_y)
    points = list(zip(front.x, front.y, strict=True))
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            if i != j:
                assert not dominates(a, b, senses), (a, b)


def _assert_not_dominated_by(front, xs, ys, tolerance=PARETO_TOLERANCE):
    """No brute-force point dominates a front point by more than the tolerance."""
    senses = (front.sense_x, front.sense_y)
    for point in zip(front.x, front.y, strict=True):
        for other in zip(xs, ys, strict=True):
            assert not dominates(other, point, senses, tolerance), (other, point)


# --- the domination filter ------------------------------------------------------------


def test_dominates_follows_the_definition():
    assert dominates((1.0, 1.0), (2.0, 2.0))
    assert dominates((1.0, 2.0), (1.0, 3.0))  # equal in one, better in the other
    assert not dominates((1.0, 3.0), (2.0, 2.0))  # a trade, not a domination
    assert not dominates((1.0, 1.0), (1.0, 1.0))  # equal is not better
    assert dominates((1.0, 5.0), (2.0, 4.0), senses=("min", "max"))
    # Within the tolerance a difference does not count, either way.
    assert not dominates((1.0, 1.0), (1.0, 1.0 + 1e-9), tolerance=1e-6)
    assert dominates((1.0, 1.0), (1.0, 1.1), tolerance=1e-6)


def test_non_dominated_drops_dominated_points_and_duplicates():
    points = [(1.0, 5.0), (2.0, 3.0), (2.0, 4.0), (3.0, 1.0), (2.0, 3.0 + 1e-9), (4.0, 4.0)]
    assert non_dominated(points, tolerance=1e-6) == [0, 1, 3]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=25),
       st.sampled_from([("min", "min"), ("min", "max"), ("max", "max")]))
def test_non_dominated_against_brute_force(raw, senses):
    points = [(float(a), float(b)) for a, b in raw]
    kept = non_dominated(points, senses, tolerance=0.0)
    # Oracle: the definition, checked over every pair.
    for i in kept:
        assert not any(dominates(p, points[i], senses) for p in points)
    for i, point in enumerate(points):
        if i not in kept:
            assert any(dominates(points[k], point, senses) or points[k] == point for k in kept)
    assert len({points[i] for i in kept}) == len(kept)


# --- compute against mass: exact enumeration ---------------------------------------------


def test_compute_against_mass_front_is_exact():
    front = pareto_front(PINNED, "total_mass", "compute", points=20, progress=False)
    assert "exact enumeration" in front.method
    _assert_mutually_non_dominated(front)
    top = size_satellite(PINNED, "max_compute")
    # Every GPU count from one to the max-compute optimum is a Pareto point: more GPUs
    # always cost mass (20 points cover all of them here).
    np.testing.assert_array_equal([d.gpu_count for d in front.designs],
                                  np.arange(1, top.gpu_count + 1))
    # End points: the max-compute optimum, and the lightest satellite with one GPU.
    assert front.y[-1] == pytest.approx(top.delivered_compute, rel=1e-9)
    assert front.x[-1] <= top.total_mass * (1 + 1e-6)
    lightest = size_satellite(PINNED, "max_compute", gpu_count=1)
    assert front.x[0] == pytest.approx(lightest.total_mass, rel=1e-6)
    # Brute force, an independent problem: maximise compute under a grid of mass limits.
    sweep = grid_sweep(PINNED, {"mass_limit": np.linspace(300.0, 1100.0, 33)},
                       objective="max_compute", workers=1, progress=False)
    ok = sweep.ok
    assert ok.sum() > 25
    _assert_not_dominated_by(front, sweep["total_mass"][ok], sweep["compute"][ok])
    # ... and every brute-force design is matched or beaten by the front (completeness).
    for mass, compute in zip(sweep["total_mass"][ok], sweep["compute"][ok], strict=True):
        assert any(x <= mass * (1 + 1e-6) and y >= compute * (1 - 1e-9)
                   for x, y in zip(front.x, front.y, strict=True))


# --- cost per compute against radiator temperature: epsilon on max_temperature ----------


def test_cost_against_radiator_temperature_front():
    # the chip pinned at full clock and the junction limit: with a free junction the
    # radiator cannot run colder than the fits' 50 degC floor allows, and the front is short
    spec = SMALL.replace(clock_fraction=1.0, junction_temperature=360.15,
                         eclipse_mode="battery")
    front = pareto_front(spec, "radiator_temperature", "cost_per_compute", points=5,
                         progress=False)
    assert "radiator.max_temperature" in front.method
    _assert_mutually_non_dominated(front)
    assert len(front) >= 4
    assert np.all(np.diff(front.x) > 0) and np.all(np.diff(front.y) < 0)  # a real trade
    # End point: the unconstrained single-objective optimum of cost per compute.
    best = size_satellite(spec, "min_cost_per_compute")
    assert front.y[-1] == pytest.approx(best.cost_per_compute, rel=1e-6)
    # (the radiator temperature follows the junction temperature, a flat direction of the
    # co-design optimum: solver tolerance 1e-8 on the objective leaves ~1e-5 here)
    assert front.x[-1] == pytest.approx(best.radiator_temperature, rel=1e-5)
    # The other end is the bound field's valid range (catalog: 250 K), and it says so. The
    # bound caps the panel's inlet (its hottest point); the design's radiator temperature
    # is the pumped panel's effective one, the outlet (loop_drop below the inlet) times
    # the profile's ratio kappa = T_eff / T_out at the nominal outlet (issue 14 and 13).
    env = evaluate.environment_of(spec)
    kappa = env.chain_limit / (env.chain_limit - env.profile_rise)
    assert front.x[0] == pytest.approx((250.0 - spec.loop_drop) * kappa, abs=0.1)
    assert "valid range" in front.method
    # Brute force: minimum cost per compute over a grid of radiator temperature caps.
    caps = np.linspace(250.0, 330.0, 17)
    sweep = grid_sweep(spec, {"radiator.max_temperature": caps},
                       objective="min_cost_per_compute", workers=1, progress=False)
    ok = sweep.ok
    assert ok.all()
    # the radiator temperature is a flat direction of the co-design optimum (it follows the
    # junction temperature): solver noise of ~1e-5 in it is not a dominated point
    _assert_not_dominated_by(front, sweep["radiator_temperature"], sweep["cost_per_compute"],
                             tolerance=1e-5)


def test_max_compute_steps_sit_at_their_tightest_bound():
    # the chip pinned: with a free junction temperature the lightest design at a count is
    # not the one with the smallest radiator (a hotter junction trades spares for area)
    spec = SatelliteSpec(mass_limit=700.0, clock_fraction=1.0, eclipse_mode="battery",
                         junction_temperature=360.15)
    front = pareto_front(spec, "radiator_area", "compute", points=4, progress=False)
    _assert_mutually_non_dominated(front)
    # Oracle: at a fixed GPU count the radiator area cannot be smaller than the area of
    # the lightest design with that count (area only adds mass), so each front point's
    # area equals it within the refinement tolerance.
    for area, design in zip(front.x, front.designs, strict=True):
        lightest = size_satellite(spec, "max_compute", gpu_count=int(design.gpu_count))
        assert area == pytest.approx(lightest.radiator_area, rel=2e-3)


# --- options, errors, exports -------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "kwargs", "message"),
    [
        ("compute", "compute", {}, "both 'compute'"),
        ("mass_per_compute", "cost_per_compute", {}, "needs one objective the sizing"),
        ("radiator_area", "total_mass", {}, "needs one objective the sizing"),
        ("total_mas", "compute", {}, "did you mean 'total_mass'"),
        ("total_mass", "compute", {"points": 1}, "points = 1 is outside"),
        ("total_mass", "compute", {"tolerance": -1.0}, "tolerance = -1 is outside"),
        ("total_mass", "compute", {"integer": "yes"}, "integer must be True or False"),
    ],
)
def test_bad_requests_are_input_errors(x, y, kwargs, message):
    with pytest.raises(InputError, match=message):
        pareto_front(SMALL, x, y, **kwargs)


def test_front_exports_and_tables(tmp_path):
    front = pareto_front(SatelliteSpec(mass_limit=600.0), "total_mass", "compute",
                         points=3, progress=False)
    front.to_json(tmp_path / "front.json")
    data = json.loads((tmp_path / "front.json").read_text())
    assert data["x"] == [float(v) for v in front.x]
    assert data["outputs"]["gpu_count"] == [float(d.gpu_count) for d in front.designs]
    front.to_csv(tmp_path / "front.csv")
    lines = (tmp_path / "front.csv").read_text().splitlines()
    assert lines[0].startswith("total_mass,compute,epsilon,gpu_count")
    assert len(lines) == len(front) + 1
    assert front.x_label == "total_mass [kg]" and front.y_label == "compute [FLOP/s]"
    assert "<table>" in front._repr_html_() and "Pareto front" in str(front)


def test_front_as_a_dataframe_and_a_csv_read_csv_reads(tmp_path):
    front = pareto_front(SatelliteSpec(mass_limit=600.0), "total_mass", "compute",
                         points=3, progress=False)
    frame = front.to_dataframe()
    # x and y first under their own names, then epsilon and the other design outputs once.
    assert list(frame.columns[:4]) == ["total_mass", "compute", "epsilon", "gpu_count"]
    assert len(set(frame.columns)) == len(frame.columns)
    np.testing.assert_array_equal(frame["total_mass"], front.x)
    np.testing.assert_array_equal(frame["compute"], front.y)
    np.testing.assert_array_equal(frame["epsilon"], front.epsilon)
    # The counts are the designs' own integers.
    assert frame["gpu_count"].dtype == np.int64
    assert frame["gpu_count"].tolist() == [d.gpu_count for d in front.designs]
    np.testing.assert_array_equal(frame["radiator_area"],
                                  [d.radiator_area for d in front.designs])
    assert frame.attrs["units"]["total_mass"] == "kg" and frame.attrs["sense_y"] == "max"
    front.to_csv(tmp_path / "front.csv")
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "front.csv"), frame)
