"""Sweeps: grid and Latin-hypercube, failures, parallel execution, exports, checkpoints.

The generic machinery is tested on a small closed-form model (``Toy``) whose outputs are
known exactly; the wiring to the real sizing optimizer is tested against individual
``size_satellite`` calls at the end of the file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thermaldesign import studytools
from thermaldesign.errors import InfeasibleDesignError, InputError, SolverError
from thermaldesign.sizing import SatelliteSpec, size_satellite
from thermaldesign.studytools import (
    FleetEvaluator,
    LogNormal,
    SweepResult,
    Triangular,
    Uniform,
    grid_sweep,
    latin_hypercube_sweep,
    monte_carlo,
)


# --- a closed-form model: module level so that spawned worker processes can import it ---
@dataclass(frozen=True)
class Inner:
    scale: float = 2.0


@dataclass(frozen=True)
class Toy:
    width: float = 1.0
    height: float = 3.0
    label: str = "ab"
    inner: Inner = field(default_factory=Inner)

    def __post_init__(self):
        if self.height <= 0:
            raise InputError(f"height = {self.height} is outside the valid range (0, inf)")


def toy_evaluate(spec, *, price=1.0):
    """area = width * height * scale; cost = area * price; fails above width 5."""
    if spec.width > 5:
        raise InfeasibleDesignError(f"width = {spec.width:g} exceeds 5: lower it by "
                                    f"{spec.width - 5:g}")
    if spec.width == 4.5:
        raise SolverError("solver stalled")
    area = spec.width * spec.height * spec.inner.scale
    return {"area": area, "cost": area * price, "letters": len(spec.label)}


def toy_closed_form(width, height, scale, price=1.0):
    area = width * height * scale
    return area, area * price


CALLS = []


def counting_evaluate(spec):
    CALLS.append(spec.width)
    return {"area": spec.width * spec.height}


# --- grid sweeps --------------------------------------------------------------------------


def test_grid_matches_pointwise_closed_form_in_c_order():
    widths, scales = [1.0, 2.0, 3.0], [0.5, 2.0]
    result = grid_sweep(Toy(), {"width": widths, "inner.scale": scales},
                        evaluate=toy_evaluate, workers=1)
    assert len(result) == 6 and result.shape == (3, 2)
    assert result.ok.all()
    # Oracle: the closed form evaluated point by point, last field fastest (C order).
    expected = [toy_closed_form(w, 3.0, s)[0] for w in widths for s in scales]
    np.testing.assert_allclose(result["area"], expected, rtol=1e-15)
    np.testing.assert_array_equal(result.grid("width")[:, 0], widths)
    np.testing.assert_array_equal(result.grid("inner.scale")[0], scales)
    np.testing.assert_allclose(
        result.grid("area"), np.outer(widths, scales) * 3.0, rtol=1e-15
    )


def test_failed_points_are_recorded_and_the_sweep_goes_on():
    result = grid_sweep(Toy(), {"width": [1.0, 6.0, 4.5, 2.0, -1.0], "height": [1.0, -2.0]},
                        evaluate=toy_evaluate, workers=1)
    status = result.grid("status")
    assert list(status[:, 0]) == ["ok", "infeasible", "solver_error", "ok", "ok"]
    # height -2 is rejected by the spec's own validation: an input error, not a crash
    assert set(status[:, 1]) == {"input_error"}
    reasons = result.grid("reason")
    assert "exceeds 5: lower it by 1" in reasons[1, 0]
    assert reasons[1, 0].startswith("InfeasibleDesignError")
    assert "height = -2" in reasons[0, 1]
    assert np.isnan(result.grid("area")[1, 0]) and result.grid("area")[3, 0] == 2.0 * 1.0 * 2.0
    assert result.failures() == {"infeasible": 1, "input_error": 5, "solver_error": 1}
    assert result.reason[result.ok].tolist() == [""] * int(result.ok.sum())


def test_other_exceptions_are_bugs_and_stop_the_sweep():
    def broken(spec):
        raise ZeroDivisionError("bug")

    with pytest.raises(ZeroDivisionError):
        grid_sweep(Toy(), {"width": [1.0, 2.0]}, evaluate=broken, workers=1)


def test_string_fields_and_keywords_of_evaluate():
    result = grid_sweep(Toy(), {"label": ["a", "abcd"], "price": [1.0, 10.0]},
                        evaluate=toy_evaluate, workers=1)
    assert result.inputs["label"].dtype.kind == "U"
    np.testing.assert_array_equal(result["letters"], [1, 1, 4, 4])
    # price is not a spec field: it reaches evaluate as a keyword
    np.testing.assert_allclose(result["cost"], [6.0, 60.0, 6.0, 60.0])


def test_unknown_field_names_the_nearest_one():
    with pytest.raises(InputError, match="'widht' is not a field of Toy; did you mean 'width'"):
        grid_sweep(Toy(), {"widht": [1.0]}, evaluate=toy_evaluate)
    with pytest.raises(InputError, match="'scael' is not a field of inner; did you mean 'scale'"):
        grid_sweep(Toy(), {"inner.scael": [1.0]}, evaluate=toy_evaluate)
    with pytest.raises(InputError, match="nor is it a keyword of evaluate"):
        grid_sweep(Toy(), {"prize": [1.0]}, evaluate=toy_evaluate)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "non-empty mapping"),
        ({"width": []}, "must not be empty"),
        ({"width": 3.0}, "must be a sequence"),
        ({"width": [1.0, float("nan")]}, "not a finite number"),
    ],
)
def test_grid_rejects_bad_fields(fields, message):
    with pytest.raises(InputError, match=message):
        grid_sweep(Toy(), fields, evaluate=toy_evaluate)


def test_bad_options_are_input_errors():
    with pytest.raises(InputError, match="workers must be a whole number"):
        grid_sweep(Toy(), {"width": [1.0]}, evaluate=toy_evaluate, workers=0.5)
    with pytest.raises(InputError, match="progress"):
        grid_sweep(Toy(), {"width": [1.0]}, evaluate=toy_evaluate, progress="yes")
    with pytest.raises(InputError, match="evaluate must be callable"):
        grid_sweep(Toy(), {"width": [1.0]}, evaluate=3)
    with pytest.raises(InputError, match="cannot be sent to worker processes"):
        grid_sweep(Toy(), {"width": [1.0, 2.0]}, evaluate=lambda spec: 1.0, workers=2)
    unpicklable = Toy(inner={"scale": lambda: 2.0})
    with pytest.raises(InputError, match="the spec cannot be sent to worker processes"):
        grid_sweep(unpicklable, {"width": [1.0, 2.0]}, evaluate=toy_evaluate, workers=2)


def test_evaluate_returning_a_number_is_stored_as_value():
    result = grid_sweep(Toy(), {"width": [1.0, 2.0]}, evaluate=_width_squared, workers=1)
    np.testing.assert_array_equal(result["value"], [1.0, 4.0])


def _width_squared(spec):
    return spec.width**2


def test_progress_bar_shows_when_asked(capsys):
    grid_sweep(Toy(), {"width": [1.0, 2.0]}, evaluate=toy_evaluate, workers=1, progress=True)
    assert "grid sweep" in capsys.readouterr().err
    grid_sweep(Toy(), {"width": [1.0, 2.0]}, evaluate=toy_evaluate, workers=1, progress=False)
    assert capsys.readouterr().err == ""


# --- Latin hypercube --------------------------------------------------------------------


def test_latin_hypercube_puts_one_point_in_every_stratum():
    samples = 40
    result = latin_hypercube_sweep(
        Toy(), {"width": (1.0, 3.0), "height": (10.0, 1000.0, "log")}, samples, seed=7,
        evaluate=toy_evaluate, workers=1,
    )
    width, height = result["width"], result["height"]
    # Oracle: the definition of a Latin hypercube (McKay et al. 1979): each of the n
    # equal-probability strata of each input holds exactly one point.
    strata_width = np.floor((width - 1.0) / 2.0 * samples).astype(int)
    strata_height = np.floor(np.log(height / 10.0) / np.log(100.0) * samples).astype(int)
    assert sorted(strata_width) == list(range(samples))
    assert sorted(strata_height) == list(range(samples))
    np.testing.assert_allclose(result["area"], width * height * 2.0, rtol=1e-15)


def test_latin_hypercube_is_reproducible_with_a_seed():
    args = (Toy(), {"width": (1.0, 3.0)}, 8)
    first = latin_hypercube_sweep(*args, seed=3, evaluate=toy_evaluate, workers=1)
    again = latin_hypercube_sweep(*args, seed=3, evaluate=toy_evaluate, workers=1)
    other = latin_hypercube_sweep(*args, seed=4, evaluate=toy_evaluate, workers=1)
    np.testing.assert_array_equal(first["width"], again["width"])
    assert not np.array_equal(first["width"], other["width"])


@pytest.mark.parametrize(
    ("bounds", "kwargs", "message"),
    [
        ({"width": (3.0, 1.0)}, {"seed": 1}, "high = 1 must exceed low = 3"),
        ({"width": (0.0, 1.0, "log")}, {"seed": 1}, "log scale needs low > 0"),
        ({"width": (1.0, 2.0, "cubic")}, {"seed": 1}, "is not one of 'linear', 'log'"),
        ({"width": 1.0}, {"seed": 1}, "must be \\(low, high\\)"),
        ({"width": (1.0, 2.0)}, {"seed": None}, "seed is required"),
        ({"width": (1.0, 2.0)}, {"seed": -1}, "seed = -1 is outside"),
    ],
)
def test_latin_hypercube_rejects_bad_input(bounds, kwargs, message):
    with pytest.raises(InputError, match=message):
        latin_hypercube_sweep(Toy(), bounds, 4, evaluate=toy_evaluate, **kwargs)


# --- exports ------------------------------------------------------------------------------


def _mixed_result():
    return grid_sweep(Toy(), {"width": [1.0 / 3.0, 6.0, 2.5e-17], "label": ["a,b", 'q"x']},
                      evaluate=toy_evaluate, workers=1)


def test_csv_round_trip_is_exact(tmp_path):
    result = _mixed_result()
    path = tmp_path / "sweep.csv"
    result.to_csv(path)
    back = SweepResult.from_csv(path)
    assert back.to_dict() == result.to_dict()  # floats written with repr: bit-exact
    assert back.shape == (3, 2) and back.kind == "grid"
    assert np.isnan(back["area"][2])  # width 6 failed: empty cells read back as NaN
    # The CSV and its metadata, no temp file left.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.csv", "sweep.csv.json"]


def test_json_round_trip_and_determinism(tmp_path):
    result = _mixed_result()
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    result.to_json(first)
    _mixed_result().to_json(second)
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text())
    assert data["outputs"]["area"][2] is None  # failed point: null, never NaN in JSON
    back = SweepResult.from_json(first)
    assert back.to_dict() == result.to_dict()


def test_export_replaces_the_old_file_atomically(tmp_path, monkeypatch):
    path = tmp_path / "sweep.json"
    path.write_text("old")
    result = _mixed_result()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        result.to_json(path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["sweep.json"]


def test_from_files_reject_other_data(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="not a thermaldesign sweep CSV"):
        SweepResult.from_csv(path)
    with pytest.raises(InputError, match="not a thermaldesign sweep result"):
        SweepResult.from_dict({"a": 1})


def test_tables_for_notebooks_and_terminals():
    result = _mixed_result()
    html = result._repr_html_()
    assert html.startswith("<p><b>grid sweep of 6 points (4 ok; 2 infeasible)")
    assert "<table>" in html and "q&quot;x" in html  # escaped
    text = str(result)
    assert "| width | label | area | cost | letters | status | reason |" in text
    big = grid_sweep(Toy(), {"width": np.linspace(1, 2, 30)}, evaluate=toy_evaluate, workers=1)
    assert big._repr_html_().count("<tr>") == 21  # header + first and last 10


def test_result_access_and_summary():
    result = _mixed_result()
    with pytest.raises(KeyError, match="did you mean 'area'"):
        result["aera"]
    summary = result.summary()
    areas = result["area"][result.ok]
    assert summary["area"]["mean"] == pytest.approx(areas.mean(), rel=1e-15)
    assert summary["area"]["p50"] == pytest.approx(np.median(areas), rel=1e-15)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=5),
    st.lists(st.text(max_size=6), min_size=1, max_size=3),
)
def test_csv_and_json_round_trip_any_values(tmp_path_factory, widths, labels):
    result = grid_sweep(Toy(), {"width": widths, "label": labels}, evaluate=toy_evaluate,
                        workers=1, progress=False)
    folder = tmp_path_factory.mktemp("roundtrip")
    result.to_csv(folder / "r.csv")
    result.to_json(folder / "r.json")
    assert SweepResult.from_json(folder / "r.json").to_dict() == result.to_dict()
    back = SweepResult.from_csv(folder / "r.csv").to_record()
    expected = result.to_record()
    # A CSV cell cannot tell the string "1" from the number 1: compare labels as text.
    assert back["outputs"] == expected["outputs"] and back["status"] == expected["status"]
    np.testing.assert_array_equal(back["inputs"]["width"], expected["inputs"]["width"])


# --- checkpoints --------------------------------------------------------------------------


def test_checkpoint_skips_completed_points(tmp_path):
    path = tmp_path / "sweep.checkpoint"
    fields = {"width": [1.0, 2.0, 3.0, 4.0]}
    CALLS.clear()
    first = grid_sweep(Toy(), fields, evaluate=counting_evaluate, workers=1, checkpoint=path)
    assert CALLS == [1.0, 2.0, 3.0, 4.0]
    CALLS.clear()
    again = grid_sweep(Toy(), fields, evaluate=counting_evaluate, workers=1, checkpoint=path)
    assert CALLS == []
    assert again.to_dict() == first.to_dict()


def test_interrupted_checkpoint_resumes_the_missing_points(tmp_path):
    path = tmp_path / "sweep.checkpoint"
    fields = {"width": [1.0, 2.0, 3.0, 4.0, 5.0]}
    full = grid_sweep(Toy(), fields, evaluate=counting_evaluate, workers=1, checkpoint=path)
    lines = path.read_text().splitlines(keepends=True)
    # Simulate a kill after two points, in the middle of writing the third line.
    path.write_text("".join(lines[:3]) + lines[3][:10])
    CALLS.clear()
    resumed = grid_sweep(Toy(), fields, evaluate=counting_evaluate, workers=1, checkpoint=path)
    assert CALLS == [3.0, 4.0, 5.0]
    assert resumed.to_dict() == full.to_dict()
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_checkpoint_of_another_sweep_is_refused(tmp_path):
    path = tmp_path / "sweep.checkpoint"
    grid_sweep(Toy(), {"width": [1.0]}, evaluate=counting_evaluate, workers=1, checkpoint=path)
    with pytest.raises(InputError, match="belongs to a different sweep"):
        grid_sweep(Toy(), {"width": [2.0]}, evaluate=counting_evaluate, checkpoint=path)
    other = tmp_path / "other"
    other.write_text('{"something": 1}\n')
    with pytest.raises(InputError, match="not a thermaldesign sweep checkpoint"):
        grid_sweep(Toy(), {"width": [2.0]}, evaluate=counting_evaluate, checkpoint=other)


# --- Dask ---------------------------------------------------------------------------------


def test_dask_scheduler_errors(monkeypatch):
    pytest.importorskip("distributed")
    with pytest.raises(InputError, match="scheduler = 42 must be a scheduler address"):
        grid_sweep(Toy(), {"width": [1.0]}, evaluate=toy_evaluate, scheduler=42)


def test_missing_dask_says_how_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed":
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ImportError, match=r"pip install 'thermaldesign\[dask\]'"):
        grid_sweep(Toy(), {"width": [1.0]}, evaluate=toy_evaluate, scheduler="tcp://x:1")


def test_the_old_sweep_module_forwards_to_studytools_with_a_warning():
    import thermaldesign.sweep as old

    # Oracle: the alias hands out the study tools' own objects, and says it is deprecated.
    with pytest.warns(DeprecationWarning, match=r"use thermaldesign\.studytools\.grid_sweep"):
        assert old.grid_sweep is studytools.grid_sweep
    with pytest.warns(DeprecationWarning):
        from thermaldesign.sweep import TornadoData
    assert TornadoData is studytools.TornadoData
    with pytest.raises(AttributeError, match="no_such_tool"):
        old.no_such_tool  # noqa: B018


# --- wired to the sizing optimizer --------------------------------------------------------

SMALL = SatelliteSpec(mass_limit=1100.0)
REAL_FIELDS = {"mass_limit": [150.0, 700.0, 1100.0], "radiator.areal_density": [5.0, 11.0]}


@pytest.fixture(scope="module")
def serial_sizing_sweep():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return grid_sweep(SMALL, REAL_FIELDS, objective="max_compute", workers=1,
                          progress=False)


def test_sizing_sweep_matches_individual_size_satellite_calls(serial_sizing_sweep):
    result = serial_sizing_sweep
    assert result.objective == "max_compute"
    for index in range(len(result)):
        technology = dataclasses.replace(SMALL.entry("radiator"),
                                         areal_density=result["radiator.areal_density"][index])
        spec = SMALL.replace(mass_limit=result["mass_limit"][index], radiator=technology)
        try:
            design = size_satellite(spec, "max_compute")
        except InfeasibleDesignError as error:
            assert result.status[index] == "infeasible"
            assert result.reason[index] == f"InfeasibleDesignError: {error}"
            continue
        assert result.status[index] == "ok"
        assert result["gpu_count"][index] == design.gpu_count
        for name in ("total_mass", "compute", "radiator_area", "solar_array_area",
                     "radiator_temperature", "battery_energy", "hardware_cost"):
            # Same solver on the same problem: equal to solver determinism.
            assert result[name][index] == pytest.approx(getattr(design, name), rel=1e-9)
        assert result["cost_per_compute"][index] == pytest.approx(design.cost_per_compute,
                                                                  rel=1e-9)


def test_an_infeasible_spec_is_recorded_with_what_to_relax(serial_sizing_sweep):
    status = serial_sizing_sweep.grid("status")
    assert list(status[0]) == ["infeasible", "infeasible"]  # 150 kg: below the bus
    assert (status[1:] == "ok").all()
    assert "150 kg mass limit is below" in serial_sizing_sweep.grid("reason")[0, 0]
    # A lighter radiator never carries fewer GPUs (brute-force monotonicity check).
    gpus = serial_sizing_sweep.grid("gpu_count")[1:]
    assert (gpus[:, 0] >= gpus[:, 1]).all()


@pytest.mark.slow
def test_process_parallel_results_identical_to_serial(serial_sizing_sweep, worker_pool):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        parallel = grid_sweep(SMALL, REAL_FIELDS, objective="max_compute",
                              workers=worker_pool, progress=False)
    assert parallel.to_dict() == serial_sizing_sweep.to_dict()
    assert serial_sizing_sweep.execution == "this process"
    assert parallel.execution == "2 local processes"


def test_dask_local_cluster_matches_serial(serial_sizing_sweep):
    distributed = pytest.importorskip("distributed")
    toy_fields = {"width": [0.5, 1.0, 4.5, 6.0], "price": [2.0, 7.0]}
    toy_serial = grid_sweep(Toy(), toy_fields, evaluate=toy_evaluate, workers=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                      dashboard_address=None) as cluster:
            on_address = grid_sweep(SMALL, REAL_FIELDS, objective="max_compute",
                                    scheduler=cluster.scheduler_address, progress=False)
            with distributed.Client(cluster) as client:
                toy = grid_sweep(Toy(), toy_fields, evaluate=toy_evaluate, scheduler=client)
    assert on_address.to_dict() == serial_sizing_sweep.to_dict()
    assert on_address.execution == "Dask (2 workers)"
    assert toy.to_dict() == toy_serial.to_dict()


def test_fleet_monte_carlo_matches_direct_fleet_plans():
    from thermaldesign.fleet import Economics, plan_fleet

    evaluate = FleetEvaluator(objective="max_compute", target_it_power=1e8)
    result = monte_carlo(
        SMALL,
        {"radiator.areal_density": Triangular(4.0, 6.0, 11.0),
         "economics.launch_price_per_kg": LogNormal(500.0, 0.5),
         "failure_rate": Uniform(0.01, 0.05)},
        3, seed=4, evaluate=evaluate, workers=1, progress=False,
    )
    assert result.ok.all()
    frame = result.to_dataframe()
    for index in range(len(result)):
        technology = dataclasses.replace(
            SMALL.entry("radiator"), areal_density=result["radiator.areal_density"][index])
        design = size_satellite(SMALL.replace(radiator=technology), "max_compute")
        economics = Economics(
            launch_price_per_kg=result["economics.launch_price_per_kg"][index],
            failure_rate=result["failure_rate"][index])
        plan = plan_fleet(design, target_it_power=1e8, economics=economics)
        assert result["satellite_count"][index] == plan.satellite_count
        assert result["cost_per_gpu_hour"][index] == pytest.approx(plan.cost_per_gpu_hour,
                                                                   rel=1e-9)
        # The frame holds the plan's own integers: counts, not floats.
        for name in ("gpu_count", "satellite_count", "launch_count", "satellites_per_launch"):
            assert frame[name].dtype == np.int64
        assert frame["satellite_count"][index] == plan.satellite_count
        assert frame["launch_count"][index] == plan.launch_count
        assert frame["gpu_count"][index] == design.gpu_count


# --- choosing the execution -----------------------------------------------------------


def test_automatic_workers_choose_processes_only_when_they_pay(monkeypatch):
    from thermaldesign.studytools import _execution

    monkeypatch.setattr(_execution, "_spare_cpus", lambda: 2)
    monkeypatch.setattr(_execution, "_POOL", None)
    # Oracle: start 3 s + serial/2 must beat 0.8 * serial, i.e. serial > 10 s.
    assert _execution._choose_workers(0.01, 900) == 1  # 9 s of work: not worth 3 s start
    assert _execution._choose_workers(0.01, 1100) == 2  # 11 s
    monkeypatch.setattr(_execution, "_spare_cpus", lambda: 1)
    assert _execution._choose_workers(1.0, 1000) == 1  # no spare CPU: stay here


class _Counting:
    """An evaluator that records its calls (the points of each)."""

    def __init__(self):
        self.calls = []

    def __call__(self, spec):
        self.calls.append(1)
        return 0.0


class _CountingBatched(_Counting):
    """The same, taking a chunk at once as the sizing evaluator does."""

    def evaluate_many(self, specs):
        self.calls.append(len(specs))
        return [0.0] * len(specs)


def test_a_batched_evaluator_gets_larger_chunks_covering_every_point_once():
    from thermaldesign.studytools import _execution

    points = list(range(5000))
    for evaluate, routes, largest in ((_CountingBatched(), [True], _execution._MAX_BATCH_CHUNK),
                                      (_CountingBatched(), [True, False], _execution._MAX_CHUNK),
                                      (_Counting(), [True], _execution._MAX_CHUNK)):
        cap = _execution._largest_chunk(evaluate, routes)
        assert cap == largest
        for workers in (1, 2):
            chunks = _execution._chunks(points, workers, cap)
            assert [i for chunk in chunks for i in chunk] == points
            # ~8 chunks a worker, none above the cap (5,000 / 8 = 625 for one worker)
            assert max(map(len, chunks)) == min(cap, -(-5000 // (8 * workers)))


def test_the_probe_times_a_batched_evaluator_on_one_chunk():
    # Oracle: the calls themselves: one evaluate_many of _PROBE_BATCH points for a batched
    # evaluator (as the rest will run), _PROBE_POINTS single calls otherwise
    from thermaldesign.studytools import _execution

    spec = SatelliteSpec()
    rows = [(2000.0 + i,) for i in range(100)]
    done = []
    for evaluate, expected in ((_CountingBatched(), [_execution._PROBE_BATCH]),
                               (_Counting(), [1] * _execution._PROBE_POINTS)):
        per_point, left = _execution._probe(spec, evaluate, ["mass_limit"], [True], rows,
                                            list(range(100)), done.extend)
        assert evaluate.calls == expected
        assert left == list(range(sum(expected), 100)) and per_point >= 0.0


def test_automatic_workers_run_small_sweeps_here(monkeypatch):
    from thermaldesign.studytools import _execution

    monkeypatch.setattr(_execution, "_pool", _fail_if_called)
    monkeypatch.setattr(_execution, "_POOL", None)  # a pool kept by an earlier test starts free
    CALLS.clear()
    result = grid_sweep(Toy(), {"width": list(np.linspace(1, 2, 20))},
                        evaluate=counting_evaluate)
    assert len(CALLS) == 20 and result.ok.all()


def _fail_if_called(workers):
    raise AssertionError("a worker pool was started for a sub-second sweep")


KILLABLE_SWEEP = """
import sys, time
from dataclasses import dataclass
from thermaldesign.studytools import grid_sweep

@dataclass(frozen=True)
class Plate:
    width: float = 1.0

def slow_area(spec):
    time.sleep(0.04)  # 2.4 s of work: the kill lands well before the end
    with open(sys.argv[2], "a") as log:
        log.write(f"{spec.width!r}\\n")
    return {"area": spec.width ** 2}

if __name__ == "__main__":
    result = grid_sweep(Plate(), {"width": [float(w) for w in range(1, 61)]},
                        evaluate=slow_area, workers=1, progress=False, checkpoint=sys.argv[1])
    result.to_json(sys.argv[3])
"""


@pytest.mark.slow
def test_a_killed_sweep_resumes_from_its_checkpoint(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "killable.py"
    script.write_text(KILLABLE_SWEEP)
    checkpoint, log, out = tmp_path / "sweep.checkpoint", tmp_path / "log", tmp_path / "r.json"
    command = [sys.executable, str(script), str(checkpoint), str(log), str(out)]
    process = subprocess.Popen(command)
    deadline = time.monotonic() + 60.0
    # Kill it (no clean-up possible) once some points are saved but far from all.
    while time.monotonic() < deadline:
        if checkpoint.exists() and checkpoint.read_text().count("\n") > 8:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists()
    lines = checkpoint.read_text().splitlines()
    saved = len(lines) - 1
    assert 8 <= saved < 60
    first_run = log.read_text().splitlines()
    # Resume: only the points the checkpoint lacks are evaluated again.
    subprocess.run(command, check=True, timeout=120)
    evaluated_again = log.read_text().splitlines()[len(first_run):]
    assert len(evaluated_again) == 60 - saved
    data = json.loads(out.read_text())
    assert data["outputs"]["area"] == [float(w) ** 2 for w in range(1, 61)]
    assert data["status"] == ["ok"] * 60


def test_setting_several_paths_at_once():
    from thermaldesign.studytools._execution import _set_paths

    toy = Toy()
    changed = _set_paths(toy, {"width": 2.0, "inner.scale": 7.0, "label": "xyz"})
    assert changed == Toy(width=2.0, label="xyz", inner=Inner(scale=7.0))
    # A field set whole and reached into: the nested change applies to the new value.
    both = _set_paths(toy, {"inner.scale": 9.0, "inner": Inner(scale=5.0)})
    assert both.inner == Inner(scale=9.0)
    assert toy == Toy()  # the base spec is never modified


UNGUARDED_SWEEP = """
from dataclasses import dataclass
from thermaldesign.studytools import grid_sweep

@dataclass(frozen=True)
class Plate:
    width: float = 1.0

def area(spec):
    return {"area": spec.width ** 2}

# No `if __name__ == "__main__":` guard: each spawned worker re-runs this sweep on import.
grid_sweep(Plate(), {"width": [1.0, 2.0, 3.0, 4.0]}, evaluate=area, workers=2,
           progress=False)
"""


@pytest.mark.slow
def test_a_script_without_a_main_guard_gets_an_explanation(tmp_path):
    # Oracle: Python's spawn start method imports the main module in every worker
    # (multiprocessing docs, "Safe importing of main module"); a sweep at module level
    # then kills the workers. The user must be told what to fix, not shown only
    # BrokenProcessPool.
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED_SWEEP)
    # The checkout under test, not whatever copy is installed.
    root = str(Path(__file__).resolve().parents[1])
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [root, os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, env=environment)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("thermaldesign.errors.ThermalDesignError: a worker process"), last
    assert 'if __name__ == "__main__":' in last
