"""Sweep and Monte Carlo results as pandas DataFrames, and CSVs a bare read_csv reads.

The model is a closed form (``box_evaluate``): area = 2 w and gpu_count = floor(10 w),
failing above w = 5, so every value of every frame is known without the code under test.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from thermaldesign import cli
from thermaldesign.errors import InfeasibleDesignError, InputError
from thermaldesign.studytools import SweepResult, Uniform, grid_sweep, monte_carlo


@dataclass(frozen=True)
class Box:
    width: float = 1.0
    label: str = "a"


def box_evaluate(spec):
    """area = 2 w [m^2]; gpu_count = floor(10 w) [-]; infeasible above w = 5."""
    if spec.width > 5:
        raise InfeasibleDesignError(f"width = {spec.width:g} exceeds 5")
    return {"area": 2.0 * spec.width, "gpu_count": math.floor(10 * spec.width)}


WIDTHS = [0.5, 1.25, 2000.0]  # 2000.0 is whole: it must still come back as a float
LABELS = ["a", "b,c"]


def _sweep(widths=WIDTHS):
    return grid_sweep(Box(), {"width": widths, "label": LABELS}, evaluate=box_evaluate,
                      workers=1, progress=False)


def test_grid_frame_is_the_cartesian_product_with_closed_form_outputs():
    result = _sweep([0.5, 1.25, 3.0])
    frame = result.to_dataframe()
    expected = list(itertools.product([0.5, 1.25, 3.0], LABELS))  # last field fastest
    assert list(zip(frame["width"], frame["label"], strict=True)) == expected
    indexed = frame.set_index(["width", "label"])
    assert indexed.index.equals(pd.MultiIndex.from_product([[0.5, 1.25, 3.0], LABELS],
                                                           names=["width", "label"]))
    widths = np.array([w for w, _ in expected])
    np.testing.assert_array_equal(frame["area"], 2.0 * widths)
    assert frame["gpu_count"].tolist() == [math.floor(10 * w) for w in widths]
    assert frame["gpu_count"].dtype == np.int64 and frame["width"].dtype == np.float64
    assert frame["status"].tolist() == ["ok"] * 6 and frame["reason"].isna().all()
    # The frame holds the object's own arrays.
    for name in [*result.inputs, *result.outputs]:
        np.testing.assert_array_equal(frame[name].to_numpy(), result[name])
    assert frame.attrs["kind"] == "grid" and frame.attrs["shape"] == (3, 2)
    assert frame.attrs["units"]["gpu_count"] == "-"


def test_read_csv_round_trips_a_sweep_without_failures(tmp_path):
    result = _sweep([0.5, 1.25, 3.0])
    path = tmp_path / "sweep.csv"
    result.to_csv(path)
    read = pd.read_csv(path)  # bare: no comment=, no skiprows=
    pd.testing.assert_frame_equal(read, result.to_dataframe())  # values and dtypes
    assert read["gpu_count"].dtype == np.int64
    assert pd.api.types.is_string_dtype(read["status"])
    assert pd.api.types.is_string_dtype(read["label"])


def test_read_csv_round_trips_a_sweep_with_failures(tmp_path):
    result = _sweep()  # width 2000 fails: a hole in every output
    frame = result.to_dataframe()
    assert str(frame["gpu_count"].dtype) == "Int64"  # nullable integers keep the hole
    assert frame["gpu_count"].isna().tolist() == [False, False, False, False, True, True]
    assert frame["gpu_count"].iloc[:4].tolist() == [5, 5, 12, 12]
    assert frame["area"].iloc[4:].isna().all() and frame["area"].dtype == np.float64
    assert frame["width"].dtype == np.float64  # 2000.0 is a float input, not a count
    assert frame["status"].tolist() == ["ok"] * 4 + ["infeasible"] * 2
    assert frame["reason"].iloc[4].startswith("InfeasibleDesignError: width = 2000")
    path = tmp_path / "sweep.csv"
    result.to_csv(path)
    read = pd.read_csv(path)
    # read_csv has no nullable integers by default: the counts with a hole read as float.
    pd.testing.assert_frame_equal(read, frame, check_dtype=False)
    assert read["width"].dtype == np.float64 and read["area"].dtype == np.float64
    assert pd.api.types.is_string_dtype(read["status"])
    # The metadata file restores what the CSV alone cannot say.
    back = SweepResult.from_csv(path)
    pd.testing.assert_frame_equal(back.to_dataframe(), frame)
    meta = json.loads((tmp_path / "sweep.csv.json").read_text())
    assert meta["format"] == "thermaldesign.sweep" and meta["inputs"] == ["width", "label"]
    assert meta["integer"] == ["gpu_count"] and meta["csv"] == "sweep.csv"


def test_to_dict_has_one_entry_per_point_in_every_column():
    result = _sweep()
    data = result.to_dict()
    assert list(data) == ["width", "label", "area", "gpu_count", "status", "reason"]
    assert {len(values) for values in data.values()} == {len(result)}
    assert data["gpu_count"][:4] == [5, 5, 12, 12]
    assert all(type(v) is int for v in data["gpu_count"][:4])
    assert data["gpu_count"][4] is None and data["area"][5] is None
    assert pd.DataFrame(data).shape == (6, 6)
    json.dumps(data, allow_nan=False)
    # The JSON record keeps the metadata and reads back.
    record = result.to_record()
    assert record["shape"] == [3, 2] and record["inputs"]["width"] == [0.5] * 2 + [
        1.25] * 2 + [2000.0] * 2
    assert SweepResult.from_record(record).to_dict() == data
    with pytest.raises(InputError, match="use to_record"):
        SweepResult.from_dict(data)


def test_from_csv_reads_the_old_commented_layout(tmp_path):
    # Written by hand in the layout of the releases before the metadata file.
    path = tmp_path / "old.csv"
    path.write_text(
        '# thermaldesign.sweep {"kind": "grid", "objective": "box_evaluate", '
        '"shape": [2], "inputs": ["width"]}\n'
        "width,area,gpu_count,status,reason\r\n"
        "1,2,10,ok,\r\n"
        "6,,,infeasible,width = 6 exceeds 5\r\n",
        newline="",
    )
    result = SweepResult.from_csv(path)
    assert result.kind == "grid" and result.shape == (2,) and list(result.inputs) == ["width"]
    np.testing.assert_array_equal(result["width"], [1.0, 6.0])
    np.testing.assert_array_equal(result["area"], [2.0, np.nan])
    assert result.status.tolist() == ["ok", "infeasible"]
    assert result.reason.tolist() == ["", "width = 6 exceeds 5"]
    frame = result.to_dataframe()
    assert frame["gpu_count"].tolist()[0] == 10 and frame["gpu_count"].isna().tolist()[1]
    # Writing it again gives the new layout, which a bare read_csv reads.
    result.to_csv(tmp_path / "new.csv")
    assert pd.read_csv(tmp_path / "new.csv")["width"].tolist() == [1.0, 6.0]


def test_from_csv_rejects_a_metadata_file_of_another_export(tmp_path):
    _sweep().to_csv(tmp_path / "a.csv")
    grid_sweep(Box(), {"width": [1.0]}, evaluate=box_evaluate, workers=1,
               progress=False).to_csv(tmp_path / "b.csv")
    (tmp_path / "a.csv.json").write_bytes((tmp_path / "b.csv.json").read_bytes())
    with pytest.raises(InputError, match="different exports"):
        SweepResult.from_csv(tmp_path / "a.csv")
    (tmp_path / "b.csv.json").unlink()
    with pytest.raises(InputError, match=r"b\.csv\.json' is missing"):
        SweepResult.from_csv(tmp_path / "b.csv")


def test_monte_carlo_frame_holds_the_draws_and_their_outputs(tmp_path):
    result = monte_carlo(Box(), {"width": Uniform(0.1, 4.0)}, 40, seed=11,
                         evaluate=box_evaluate, workers=1, progress=False)
    frame = result.to_dataframe()
    # Oracle: the documented sampling, numpy.random.default_rng(seed).uniform(low, high).
    draws = np.random.default_rng(11).uniform(0.1, 4.0, 40)
    np.testing.assert_array_equal(frame["width"], draws)
    np.testing.assert_array_equal(frame["area"], 2.0 * draws)
    np.testing.assert_array_equal(frame["gpu_count"], np.floor(10 * draws).astype(np.int64))
    assert frame["gpu_count"].dtype == np.int64 and frame.attrs["kind"] == "monte_carlo"
    result.to_csv(tmp_path / "mc.csv")
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "mc.csv"), frame)


def test_cli_sweep_out_csv_reads_with_bare_read_csv(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    code = cli.main(["sweep", "--field", "mass_limit=2000:3000:2", "--out", str(out),
                     "--no-progress", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    frame = pd.read_csv(out)
    assert frame["mass_limit"].tolist() == [2000.0, 3000.0]
    assert frame["mass_limit"].dtype == np.float64 and frame["gpu_count"].dtype == np.int64
    assert frame["gpu_count"].tolist() == data["outputs"]["gpu_count"]
    pd.testing.assert_frame_equal(frame, SweepResult.from_csv(out).to_dataframe())
