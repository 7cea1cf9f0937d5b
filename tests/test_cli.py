"""The thermaldesign command: every subcommand, --json, and errors without tracebacks."""

import argparse
import inspect
import json
import math
import subprocess
import sys

import pytest

import thermaldesign as td
from thermaldesign import cli


def run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture(scope="module")
def reference_design():
    return td.size_satellite(td.SatelliteSpec())


# ---------------------------------------------------------------------------- size


def test_size_defaults_table_and_json(capsys, reference_design):
    code, out, _ = run(["size"], capsys)
    assert code == 0 and "SatelliteDesign (max_compute" in out and "radiator_area" in out
    code, out, _ = run(["size", "--json"], capsys)
    data = json.loads(out)
    # Oracle: the library call the command wraps.
    assert data["gpu_count"] == reference_design.gpu_count
    assert data["total_mass"] == pytest.approx(reference_design.total_mass, rel=1e-9)


def test_size_from_spec_file_and_objective(tmp_path, capsys):
    spec = tmp_path / "spec.toml"
    spec.write_text("[spec]\nmass_limit = 2000\n")
    code, out, _ = run(["size", str(spec), "--objective", "min_mass_per_compute", "--json"],
                       capsys)
    data = json.loads(out)
    assert code == 0 and data["objective"] == "min_mass_per_compute"
    assert data["total_mass"] <= 2000.0 * (1 + 1e-6)
    assert data["spec"]["mass_limit"] == 2000.0


def test_size_with_overrides(capsys):
    code, out, _ = run(["size", "--set", "mass_limit=2000", "--set", "orbit=inclined",
                        "--set", "heat_pump=false", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["spec"]["mass_limit"] == 2000.0
    assert data["spec"]["orbit"] == "inclined" and data["spec"]["heat_pump"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["size", "--set", "mass_limt=1"], "--set mass_limt: not a SatelliteSpec field; did "
                                           "you mean 'mass_limit'?"),
        (["size", "--set", "economics.launch_price_per_kg=500"],
         "write launch_price_per_kg = 500 in the [economics] section of a study file"),
        (["size", "--set", "mass_limit"], "must look like name=value"),
        (["size", "--set", "mass_limit=-5"], "mass_limit = -5 kg is outside"),
        (["size", "--set", "accelerator=h1000"], "did you mean 'h100'?"),
        (["size", "--set", "altitude=" + "9" * 400], "altitude = inf is not a finite number"),
        (["size", "missing.toml"], "error: file missing.toml: no such file"),
        (["fleet", "--design", "d\x00.json", "--target-it-power", "1e9"], "holds a NUL byte"),
        (["siz"], "did you mean 'size'?"),
        (["size", "--objective", "min_cost"], "did you mean 'min_cost_per_compute'?"),
        ([], "COMMAND"),
    ],
)
def test_user_errors_exit_2_with_a_message(argv, message, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and message in err


def test_unknown_key_in_spec_file(tmp_path, capsys):
    spec = tmp_path / "spec.toml"
    spec.write_text("[spec]\nmass_limt = 2000\n")
    code, _, err = run(["size", str(spec)], capsys)
    assert code == 2
    assert f"error: file {spec}, line 2, key 'spec.mass_limt'" in err
    assert "did you mean 'mass_limit'?" in err


def test_infeasible_spec_says_what_to_relax(tmp_path, capsys):
    spec = tmp_path / "spec.toml"
    spec.write_text("[spec]\nmass_limit = 200\n")  # below the fixed bus mass
    code, _, err = run(["size", str(spec)], capsys)
    assert code == 2 and err.startswith("error: ") and "mass" in err


# ---------------------------------------------------------------------------- fleet


def test_fleet_target_and_vehicle(capsys, reference_design):
    code, out, _ = run(["fleet", "--target-it-power", "1e9", "--vehicle", "falcon9", "--years",
                        "5", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["vehicle"] == "falcon9" and data["years"] == 5
    # Closed form (plan_fleet docstring): N = ceil(target / IT power per satellite).
    assert data["satellite_count"] == math.ceil(1e9 / reference_design.it_power)
    code, out, _ = run(["fleet", "--target-it-power", "1e9"], capsys)
    assert code == 0 and out.startswith("FleetPlan:")


def test_fleet_from_saved_design_and_study_file(tmp_path, capsys, reference_design):
    saved = reference_design.save(tmp_path / "design.json")
    code, out, _ = run(["fleet", "--design", str(saved), "--target-compute", "1e18",
                        "--json"], capsys)
    assert code == 0
    assert json.loads(out)["satellite_count"] == math.ceil(1e18 / reference_design.compute)
    study = tmp_path / "study.toml"
    study.write_text("[fleet]\ntarget_it_power = 5e8\nvehicle = 'starship'\n")
    code, out, _ = run(["fleet", str(study), "--json"], capsys)
    assert json.loads(out)["target_it_power"] == 5e8


def test_version_is_the_package_version(capsys):
    # Oracle: thermaldesign/_version.py, the one place the version is written.
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.strip() == f"thermaldesign {td.__version__}"


def test_old_target_power_spelling_still_works_with_a_note(capsys, reference_design):
    code, out, err = run(["fleet", "--target-power", "1e9", "--json"], capsys)
    assert code == 0
    assert err == "note: --target-power is deprecated; use --target-it-power (the API's name)\n"
    # Oracle: the same plan as the API's name gives (plan_fleet(target_it_power=...)).
    assert json.loads(out)["satellite_count"] == math.ceil(1e9 / reference_design.it_power)
    code, out, _ = run(["fleet", "--help"], capsys)
    assert "--target-it-power" in out and "--target-power" not in out


def test_size_out_saves_a_design_that_fleet_reads(tmp_path, capsys, reference_design):
    saved = tmp_path / "design.json"
    code, _, _ = run(["size", "--out", str(saved)], capsys)
    assert code == 0 and json.loads(saved.read_text())["format"] == "thermaldesign.design"
    assert td.SatelliteDesign.load(saved).gpu_count == reference_design.gpu_count
    code, _, err = run(["size", "--out", str(tmp_path / "design.csv")], capsys)
    assert code == 2 and "must end with .json" in err


# Options that name no API parameter: output, input files, the --set/--field grammar.
_NOT_API_OPTIONS = {"help", "json", "design", "catalog", "set", "field", "out", "no_progress"}


@pytest.mark.parametrize(("command", "functions"), [
    ("size", [td.size_satellite]), ("fleet", [td.plan_fleet, td.size_satellite]),
    ("sweep", [td.grid_sweep])])
def test_every_option_is_named_after_the_api_parameter_it_feeds(command, functions):
    # Oracle: the signatures of the functions the command calls (fleet sizes, then plans).
    parameters = {name for function in functions
                  for name in inspect.signature(function).parameters}
    commands = next(a for a in cli.build_parser()._actions
                    if isinstance(a, argparse._SubParsersAction))
    options = [a for a in commands.choices[command]._actions
               if a.option_strings and a.help != argparse.SUPPRESS
               and a.dest not in _NOT_API_OPTIONS]
    assert options
    for action in options:
        assert action.dest in parameters, action.option_strings
        assert action.option_strings[0] == "--" + action.dest.replace("_", "-")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fleet"], "give a fleet target: --target-it-power"),
        (["fleet", "--target-it-power", "1e9", "--vehicle", "falcon"], "did you mean 'falcon9'?"),
        (["fleet", "--target-it-power", "-1"], "target_it_power = -1 W is outside"),
        (["fleet", "--design", "nowhere.json", "--target-it-power", "1e9"], "cannot read a design"),
        (["sweep"], "nothing to sweep"),
        (["sweep", "--field", "mass_limt=1:2:2"], "did you mean 'mass_limit'?"),
        (["sweep", "--field", "mass_limit=1:2:2", "--out", "x.txt"], "must end with .csv"),
    ],
)
def test_fleet_and_sweep_errors(argv, message, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and message in err


# ---------------------------------------------------------------------------- sweep


def test_sweep_fields_to_csv_and_json(tmp_path, capsys):
    out_file = tmp_path / "sweep.csv"
    code, out, _ = run(["sweep", "--field", "mass_limit=2000:3000:3", "--out", str(out_file),
                        "--no-progress", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["written_to"] == str(out_file)
    assert data["inputs"]["mass_limit"] == [2000.0, 2500.0, 3000.0]
    gpus = data["outputs"]["gpu_count"]
    # More mass allowed never means fewer GPUs (sizing property).
    assert gpus == sorted(gpus)
    lines = [line for line in out_file.read_text().splitlines() if not line.startswith("#")]
    assert len(lines) == 1 + 3


def test_sweep_from_toml(tmp_path, capsys):
    study = tmp_path / "sweep.toml"
    study.write_text("[spec]\nmass_limit = 2500\n[sweep]\nobjective = 'min_mass_per_compute'\n"
                     "[sweep.fields]\nlaunch_price_per_kg = [100, 1000]\n")
    code, out, _ = run(["sweep", str(study), "--no-progress"], capsys)
    assert code == 0 and "2 points" in out


# ---------------------------------------------------------------------------- study


def test_example_study_end_to_end(tmp_path, capsys):
    code, out, _ = run(["study", "example", "--out", str(tmp_path / "r"), "--small",
                        "--no-progress", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    folder = tmp_path / "r"
    assert data["result"]["report"] == str(folder)
    names = {path.name for path in folder.iterdir()}
    assert {"index.html", "summary.md", "design.json", "fleet.json", "fleet-timeline.png",
            "cost-vs-launch-price.png", "tornado.png"} <= names
    assert "radiator-area.png" not in names  # no section of the example asks for it
    page = (folder / "index.html").read_text()
    assert "Inputs and sources" in page and "NVIDIA" in page  # catalog provenance
    fleet = data["result"]["fleet"]
    assert fleet["satellite_count"] == json.loads((folder / "fleet.json").read_text())[
        "satellite_count"]


def test_study_module_registry(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "studies"
    folder.mkdir()
    (folder / "tiny_trade.py").write_text(
        "from thermaldesign.report import Report\n"
        "def main(out_dir, *, small=False):\n"
        "    Report('tiny').add_summary(f'small={small}').write(out_dir)\n"
        "    return {'small': small}\n"
    )
    (folder / "broken.py").write_text("x = 1\n")
    monkeypatch.setenv("THERMALDESIGN_STUDIES", str(folder))
    assert "tiny-trade" in cli.list_studies()
    code, out, _ = run(["study", "--list", "--json"], capsys)
    assert json.loads(out)["tiny-trade"] == str(folder / "tiny_trade.py")
    code, out, _ = run(["study", "--list"], capsys)
    assert "example" in out and "built-in" in out
    monkeypatch.chdir(tmp_path)  # without --out, the report goes to ./reports/NAME
    code, _, _ = run(["study", "tiny-trade"], capsys)
    assert code == 0 and (tmp_path / "reports" / "tiny-trade" / "index.html").is_file()
    code, out, _ = run(["study", "tiny-trade", "--out", str(tmp_path / "o"), "--small",
                        "--json"], capsys)
    assert code == 0 and json.loads(out)["result"] == {"small": True}
    assert "small=True" in (tmp_path / "o" / "index.html").read_text()
    code, _, err = run(["study", "broken", "--out", str(tmp_path / "b")], capsys)
    assert code == 2 and "must define main(out_dir, *, small=False)" in err
    code, _, err = run(["study", "tiny-trad", "--out", str(tmp_path / "b")], capsys)
    assert code == 2 and "did you mean 'tiny-trade'?" in err


def test_study_refuses_a_foreign_folder_before_computing(tmp_path, capsys):
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    code, _, err = run(["study", "example", "--out", str(foreign)], capsys)
    assert code == 2 and "is not a thermaldesign report" in err
    assert (foreign / "notes.txt").read_text() == "keep me"


# -------------------------------------------------------------------------- catalog


def test_catalog_lists_sources(capsys):
    code, out, _ = run(["catalog", "coatings"], capsys)
    assert code == 0 and "az93" in out and "Gilmore" in out
    code, out, _ = run(["catalog", "--json"], capsys)
    rows = json.loads(out)
    assert {row["kind"] for row in rows} == set(td.catalog.kinds())
    assert all(row["source"] and row["date"] for row in rows)  # every number is sourced
    code, _, err = run(["catalog", "launch"], capsys)
    assert code == 2 and "did you mean 'launch_vehicles'?" in err


@pytest.mark.slow
def test_python_dash_m(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "thermaldesign.cli", "catalog", "batteries", "--json"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr
    assert all(row["kind"] == "batteries" for row in json.loads(completed.stdout))
