"""Determinism: the same inputs and seed give byte-identical JSON results.

Checked twice in one process and against a second Python process started with a
different ``PYTHONHASHSEED`` (so that any dependence on set or dict-of-hash ordering, or
on state left by an earlier solve, shows up). Oracle: byte equality of the JSON files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import thermaldesign as td

SWEEP_BOUNDS = {"mass_limit": [2500.0, 3500.0], "launch_price_per_kg": [200.0, 2000.0]}

# One script, run here and in the subprocess: design, fleet and sweep JSON into a folder.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import thermaldesign as td

    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    spec = td.reference_spec()
    design = td.size_satellite(spec)
    (folder / "design.json").write_text(json.dumps(design.to_dict(), indent=1))
    plan = td.plan_fleet(design, target_it_power=1e9, vehicle="starship", years=10)
    (folder / "fleet.json").write_text(json.dumps(plan.to_dict(), indent=1))
    bounds = {"mass_limit": [2500.0, 3500.0], "launch_price_per_kg": [200.0, 2000.0]}
    sweep = td.latin_hypercube_sweep(spec, bounds, 4, seed=7, progress=False, workers=1)
    sweep.to_json(folder / "sweep.json")
    """
)


def run_script(folder: Path) -> dict[str, bytes]:
    namespace = {"__name__": "determinism"}
    argv = sys.argv
    try:
        sys.argv = ["determinism", str(folder)]
        exec(compile(SCRIPT, "determinism-script", "exec"), namespace)  # noqa: S102
    finally:
        sys.argv = argv
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    return run_script(tmp_path_factory.mktemp("first"))


def test_same_process_gives_identical_bytes(first_run, tmp_path):
    second = run_script(tmp_path / "second")
    assert set(first_run) == {"design.json", "fleet.json", "sweep.json"}
    for name, content in first_run.items():
        assert content == second[name], f"{name} differs between two runs"


@pytest.mark.slow
def test_other_process_and_hash_seed_give_identical_bytes(first_run, tmp_path):
    folder = tmp_path / "other"
    environment = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], check=True,
                   env=environment, timeout=300, capture_output=True)
    for name, content in first_run.items():
        assert content == (folder / name).read_bytes(), f"{name} differs in a new process"


def test_results_are_strict_json(first_run):
    # No NaN/Infinity tokens: strict JSON readers (browsers, jq) must load every result.
    for name, content in first_run.items():
        json.loads(content, parse_constant=lambda token, n=name: pytest.fail(f"{n}: {token}"))


def test_sweep_seed_matters(tmp_path):
    # A different seed gives a different sample (the seed is really used).
    spec = td.reference_spec()
    one = td.latin_hypercube_sweep(spec, SWEEP_BOUNDS, 4, seed=7, progress=False, workers=1)
    two = td.latin_hypercube_sweep(spec, SWEEP_BOUNDS, 4, seed=8, progress=False, workers=1)
    assert one.to_record()["inputs"] != two.to_record()["inputs"]


@pytest.mark.parametrize("argv", [["size", "--json"],
                                  ["fleet", "--target-it-power", "1e9", "--json"]])
def test_command_line_json_is_byte_identical(argv, capsys):
    from thermaldesign import cli

    outputs = []
    for _ in range(2):
        assert cli.main(argv) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])
