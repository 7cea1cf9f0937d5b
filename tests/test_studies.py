"""Studies of the systems in the news: each runs small and its headline numbers are checked.

Oracles: the published cases of /work/shared/reference/published_cases.md (IDs cited),
closed forms derived here from the catalog numbers, and the plain physics functions. A
study's own printed numbers are never the expected values.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

import thermaldesign as td
from thermaldesign import catalog, cli
from thermaldesign.constants import DEEP_SPACE_TEMPERATURE, STEFAN_BOLTZMANN

STUDIES = Path(__file__).resolve().parents[1] / "studies"


def load_study(name: str):
    """Import studies/<name>.py by path, as the command does."""
    path = STUDIES / f"{name.replace('-', '_')}.py"
    module_name = f"thermaldesign_test_study_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def run_command(name: str, out: Path, capsys) -> dict:
    """Run ``thermaldesign study NAME --out OUT --small --json`` and return its result."""
    status = cli.main(["study", name, "--out", str(out), "--small", "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    data = json.loads(captured.out)
    assert (out / "index.html").is_file() and (out / "summary.md").is_file()
    return data["result"]


def test_every_study_is_listed_by_the_command():
    names = cli.list_studies()
    for path in STUDIES.glob("*.py"):
        if not path.name.startswith("_"):
            assert path.stem.replace("_", "-") in names
            assert callable(load_study(path.stem).main)


# ------------------------------------------------------------------------- reference


def test_reference_study_sizes_a_closing_satellite_and_a_1_gw_fleet(tmp_path, capsys):
    result = run_command("reference", tmp_path / "reference", capsys)
    design = json.loads((tmp_path / "reference" / "design.json").read_text())
    headline = result["design"]

    # Closure: every constraint recomputed with the physics closes to solver tolerance.
    assert min(result["closure_margins"].values()) > -1e-6
    assert headline["total_mass"] <= td.reference_spec().mass_limit * (1 + 1e-9)

    # Radiator energy balance (closed form): emitted = A eta_fin n eps_EOL sigma (T^4 - Ts^4)
    # with the technology's fin efficiency and sides, and the coating aged to the 5-year
    # design life (radiator.coating_at_age: EOL properties are quoted at 10 years).
    technology = catalog.get("radiators", "deployable_heat_pipe")
    aged = td.radiator.coating_at_age(catalog.get("coatings", technology.coating), 5.0)
    emitted = (headline["radiator_area"] * technology.fin_efficiency * technology.sides
               * aged.emissivity * STEFAN_BOLTZMANN
               * (headline["radiator_temperature"] ** 4 - DEEP_SPACE_TEMPERATURE**4))
    heat = design["heat_breakdown"]
    assert emitted == pytest.approx(heat["emitted"], rel=1e-6)
    # Conservation (as case N-3): emitted = heat to the radiator + absorbed environment,
    # to the interior-point solver's tolerance (closure margins ~1e-8).
    assert heat["emitted"] == pytest.approx(
        heat["to radiator"] + heat["absorbed environment (EOL, hot)"], rel=1e-6)

    # IT power = N (board + server power) of the catalog accelerator.
    h100 = catalog.get("accelerators", "h100_sxm")
    assert headline["it_power"] == pytest.approx(
        headline["gpu_count"] * (h100.power + h100.server_power), rel=1e-12)
    assert headline["compute"] == pytest.approx(headline["gpu_count"] * h100.flops, rel=1e-12)

    # Fleet closed forms: N = ceil(1 GW / P_IT); k = min(floor(m_SSO / m),
    # floor(f_V V_fairing / V_stowed)); the initial fleet needs ceil(N / k) launches.
    for key, fleet in result["fleet"].items():
        vehicle = catalog.get("launch_vehicles", key)
        assert fleet["satellite_count"] == math.ceil(1e9 / headline["it_power"])
        by_mass = math.floor(vehicle.payload_sso / headline["total_mass"])
        by_volume = math.floor(td.Economics().fairing_volume_fraction * vehicle.fairing_volume
                               / design["stowed_volume"])
        assert fleet["satellites_per_launch"] == min(by_mass, by_volume)
        assert fleet["launch_count"] <= vehicle.max_launches_per_year * 10
    starship = result["fleet"]["starship"]
    assert result["initial_fleet_launches"] == math.ceil(
        starship["satellite_count"] / starship["satellites_per_launch"])
    # 25 flights a year cannot deploy 800+ launches in 10 years: the plan says so.
    assert starship["deployment_years"] is None
