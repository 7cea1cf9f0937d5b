"""The altitude study: runs through the command and its headline numbers hold."""

import json

import pytest

from thermaldesign import cli

pytest.importorskip("aep8")
pytest.importorskip("pymsis")


def test_altitude_study_headlines(tmp_path, capsys):
    status = cli.main(["study", "altitude", "--out", str(tmp_path / "alt"), "--small",
                       "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    result = json.loads(captured.out)["result"]
    assert (tmp_path / "alt" / "index.html").is_file()
    # the optimum is inside the bracket and no swept altitude (best shield) beats it; the
    # search runs on the relaxed GPU count, the reported design has the integer count
    assert 400e3 <= result["optimum_altitude"] <= 1500e3
    relaxed = result["cost_per_gpu_hour_relaxed"]
    assert all(relaxed <= row["cost_per_gpu_hour"] * (1 + 1e-6) for row in result["rows"])
    assert relaxed <= result["cost_per_gpu_hour_550km"]
    # below the optimum the eclipse binds, above it the inner belt (module doc argument)
    assert result["binding_below"] == "eclipse and power"
    assert result["binding_above"] == "radiation"
    # Suncatcher arXiv:2511.19468 s. 2.3: ~150 rad(Si)/yr behind 10 mm at 650 km, factor 2
    assert 75.0 <= result["suncatcher_650km_10mm"] <= 300.0
    # the dose at the optimum respects the 2 krad(Si) HBM tolerance over the life
    assert result["dose_rate"] * result["life"] <= 2000.0 * (1 + 1e-9)
    assert 1.2e6 < result["eclipse_free_altitude"] < 1.6e6
