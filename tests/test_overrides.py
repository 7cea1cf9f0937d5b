"""Every catalog field can be set: by --set, in a study file, as an inline entry, or from
a user catalog file; each path changes the design as a closed form predicts.

Closed forms (the sizing's own mass and power roll-ups, SMAD ch. 11 style):
- radiator mass = (areal density + tube armour + survival heaters) x radiator area; the
  armour and heaters per m^2 depend on the orbit and the panel's construction, not on an
  areal-density override, so the mass breakdown's "radiator" entry divided by the
  radiator area, less that extra, is the areal density the design used, exactly;
- IT power = GPU count x (board power + server power per GPU);
- compute = GPU count x FLOP/s per GPU.
"""

from __future__ import annotations

import json
import re

import pytest

import thermaldesign as td
from thermaldesign import catalog, cli, studyfile
from thermaldesign.sizing import evaluate

DEFAULT_RADIATOR = catalog.get("radiators", td.SatelliteSpec().entry("radiator").key)
H100 = catalog.get("accelerators", "h100_sxm")


def extra_areal_density(spec) -> float:
    """Armour and survival heaters per m^2 of a spec's radiator [kg/m^2] (issue 14)."""
    return (evaluate.environment_of(spec).radiator_areal_density
            - spec.entry("radiator").areal_density)


#: The extra of the default radiator at the default orbit [kg/m^2].
EXTRA = extra_areal_density(td.SatelliteSpec())


def areal_density_used(design: dict) -> float:
    """Radiator mass / radiator area of a design's dict, less armour and heaters [kg/m^2]."""
    spec = td.SatelliteSpec.from_dict(design["spec"])
    return (design["mass_breakdown"]["radiator"] / design["radiator_area"]
            - extra_areal_density(spec))


def size_json(capsys, *arguments) -> dict:
    assert cli.main(["size", *arguments, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def check_accelerator(design: dict, power: float, host_power: float, flops: float,
                      junction_limit: float = 363.15):
    """IT power = N (board power at the design's clock and junction temperature + host),
    the board power from the accelerator fits (the catalog defaults, which every entry
    here uses) scaled to ``power`` at the entry's ``junction_limit`` [K]."""
    count = design["gpu_count"]
    assert count >= 1
    fits = td.catalog.Accelerator(key="x", name="x", power=power, server_power=0.0,
                                  flops=flops, mass=1.0, junction_limit=junction_limit, cost=0.0)
    exponent, _ = td.accelerator.leakage_exponent(fits.leakage_activation,
                                                  *td.accelerator.JUNCTION_FIT_RANGE,
                                                  junction_limit)
    board = power * td.accelerator.chip_power_fraction(
        design["clock_fraction"], design["junction_temperature"],
        reference_temperature=junction_limit, static_fraction=fits.clock_static_fraction,
        leakage_fraction=fits.leakage_fraction, power_exponent=fits.clock_power_exponent,
        leakage_exponent=exponent)
    assert design["chip_power"] == pytest.approx(board, rel=1e-9)
    assert design["it_power"] == pytest.approx(count * (board + host_power), rel=1e-9)
    assert design["compute"] == pytest.approx(
        count * flops * design["clock_fraction"] ** fits.clock_throughput_exponent, rel=1e-9)


CHIP_TABLE = """\
name = "Example 400 W accelerator card"
source = "a vendor datasheet (example)"
date = "2026-01"
confidence = "medium"
power = { value = 400, unit = "W" }
server_power = { value = 200, unit = "W" }
flops = { value = 500, unit = "TFLOP/s" }
mass = { value = 8, unit = "kg" }
junction_limit = { value = 90, unit = "degC" }
cost = { value = 20000, unit = "USD" }
"""


# ----------------------------------------------------------------------------- --set


def test_set_halves_the_radiator_areal_density(capsys):
    # The radiator weighs the technology's areal density plus the tube armour and survival
    # heaters the spec needs (issue 14); the override changes the first part only.
    base = size_json(capsys)
    assert areal_density_used(base) == pytest.approx(DEFAULT_RADIATOR.areal_density, rel=1e-12)
    assert EXTRA > 0.0
    extra = EXTRA
    half = DEFAULT_RADIATOR.areal_density / 2
    changed = size_json(capsys, "--set", f"radiator.areal_density={half!r}")
    assert areal_density_used(changed) == pytest.approx(half, rel=1e-12)
    # At the same GPU count, the same heat leaves the same area (the fins are built the
    # same): the radiator mass scales with the areal density (to the solver's tolerance,
    # ~1e-8 relative: the area is an optimum of each solve). The chip is pinned, so the
    # fixed-count design is the lightest one.
    fixed = td.SatelliteSpec(clock_fraction=1.0, junction_temperature=360.15)
    design = td.size_satellite(fixed, gpu_count=20)
    lighter = td.size_satellite(studyfile.apply_overrides(
        fixed, [f"radiator.areal_density={half!r}"]), gpu_count=20)
    assert lighter.radiator_area == pytest.approx(design.radiator_area, rel=1e-6)
    assert lighter.mass_breakdown["radiator"] == pytest.approx(
        design.mass_breakdown["radiator"] * (half + extra)
        / (DEFAULT_RADIATOR.areal_density + extra), rel=1e-6)


def test_set_accelerator_power_and_a_field_of_a_chosen_entry(capsys):
    design = size_json(capsys, "--set", "accelerator.power=500")
    check_accelerator(design, 500.0, H100.host_power, H100.flops, H100.junction_limit)
    # A whole field first, then a path into the entry just chosen.
    design = size_json(capsys, "--set", "radiator.areal_density=4",
                       "--set", "radiator=deployable_heat_pipe")
    assert areal_density_used(design) == pytest.approx(4.0, rel=1e-12)
    assert design["spec"]["radiator"]["key"] == "deployable_heat_pipe"


@pytest.mark.parametrize(("assignment", "message"), [
    ("radiator.areal_densty=5", r"'areal_densty' is not a field of RadiatorTechnology; "
                                r"did you mean 'areal_density'"),
    ("radiator.areal_density=-5", r"areal_density.*valid range"),
    ("mass_limit.x=1", r"only technology fields"),
    ("launch_learning_rate=0.2", r"belongs in \[economics\]"),
    ("target_it_power=1e9", r"belongs in \[fleet\]"),
])
def test_set_errors_name_the_field(assignment, message, capsys):
    assert cli.main(["size", "--set", assignment]) == 2
    assert re.search(message, capsys.readouterr().err)


# ------------------------------------------------------------------------------ TOML


@pytest.mark.parametrize("line", [
    "radiator.areal_density = 5.5",           # a dotted key: TOML reads a table
    '"radiator.areal_density" = 5.5',         # quoted: it can stand beside radiator = "..."
    "radiator = { areal_density = 5.5 }",
])
def test_study_file_sets_a_catalog_field(line):
    study = studyfile.parse_study(f"[spec]\n{line}\n")
    design = td.size_satellite(study.spec)
    assert areal_density_used(design.to_dict()) == pytest.approx(5.5, rel=1e-12)
    assert study.spec.entry("radiator").provenance("areal_density").confidence == "user"


def test_study_file_chooses_an_entry_and_changes_one_of_its_fields():
    study = studyfile.parse_study('[spec]\nradiator = "deployable_heat_pipe"\n'
                                  '"radiator.areal_density" = 7\n"accelerator.power" = 600\n')
    assert study.spec.entry("radiator").key == "deployable_heat_pipe"
    design = td.size_satellite(study.spec).to_dict()
    assert areal_density_used(design) == pytest.approx(7.0, rel=1e-12)
    check_accelerator(design, 600.0, H100.host_power, H100.flops, H100.junction_limit)


@pytest.mark.parametrize(("text", "pattern"), [
    ("[spec]\nradiator.areal_densty = 5\n",
     r"line 2, key 'spec.radiator.areal_densty'.*did you mean 'areal_density'"),
    ("[spec]\naccelerator.power = 0\n", r"line 2, key 'spec.accelerator.power'.*power"),
    ("[fleet]\nlaunch_learning_rate = 0.2\n",
     r"line 2, key 'fleet.launch_learning_rate'.*belongs in \[economics\], not in \[fleet\]"),
    ("[spec]\nlaunch_learning_rate = 0.2\n", r"belongs in \[economics\]"),
    ("[economics]\nvehicle = 'starship'\n", r"'vehicle' belongs in \[fleet\]"),
    ("[fleet]\nlaunch_price_per_kg = 200\n", r"belongs in \[spec\] or \[economics\]"),
])
def test_study_file_errors_point_at_the_key_and_the_right_section(text, pattern):
    with pytest.raises(td.StudyFileError, match=pattern):
        studyfile.parse_study(text, file="f.toml")


def test_economics_keys_are_settable():
    study = studyfile.parse_study("[economics]\nlaunch_learning_rate = 0.2\n"
                                  "discount_rate = 0.05\n")
    assert study.economics == {"launch_learning_rate": 0.2, "discount_rate": 0.05}


# --------------------------------------------------------------------- inline entries


def test_inline_accelerator_entry_sizes_with_its_numbers():
    study = studyfile.parse_study(f'[accelerator]\nkey = "card400"\n{CHIP_TABLE}',
                                  file="chip.toml")
    entry = study.spec.entry("accelerator")
    assert (entry.key, entry.power, entry.flops) == ("card400", 400.0, 500e12)
    assert entry.provenance("power").source == "a vendor datasheet (example)"
    assert study.entries["accelerators"]["card400"] is entry
    check_accelerator(td.size_satellite(study.spec).to_dict(), 400.0, 150.0, 500e12)
    # The entry's own fields can be overridden like a catalog entry's.
    changed = studyfile.apply_overrides(study.spec, ["accelerator.power=300"])
    check_accelerator(td.size_satellite(changed).to_dict(), 300.0, 150.0, 500e12)


@pytest.mark.parametrize(("change", "pattern"), [
    (('source = "a vendor datasheet (example)"\n', ""),
     r"line \d+, key 'accelerator.power'.*no 'source'"),
    (('flops = { value = 500, unit = "TFLOP/s" }\n', ""), r"key 'accelerator.flops'.*missing"),
    (("mass = ", "mas = "), r"unknown field.*did you mean 'mass'"),
    (('unit = "W" }', 'unit = "kg" }'), r"cannot be converted"),
])
def test_inline_entry_errors(change, pattern):
    text = "[accelerator]\n" + CHIP_TABLE.replace(*change, 1)
    with pytest.raises(td.StudyFileError, match=pattern):
        studyfile.parse_study(text, file="chip.toml")


def test_inline_entry_and_spec_key_conflict():
    with pytest.raises(td.StudyFileError, match=r"'accelerator' is given twice"):
        studyfile.parse_study(f'[spec]\naccelerator = "b200"\n[accelerator]\n{CHIP_TABLE}')


def starship_copy(header: str) -> str:
    """Starship's catalog numbers, with units and provenance, under another header."""
    starship = catalog.get("launch_vehicles", "starship")
    lines = [header, 'name = "Starship, my copy"', 'source = "copied from the catalog"',
             'date = "2026"', 'confidence = "low"']
    for name, field_spec in catalog.LaunchVehicle.NUMERIC.items():
        value = getattr(starship, name)
        lines.append(f"{name} = {value!r}" if field_spec.unit == "-" else
                     f'{name} = {{ value = {value!r}, unit = "{field_spec.unit}" }}')
    return "\n".join(lines) + "\n"


def test_inline_launch_vehicle_flies_the_fleet():
    text = ("[fleet]\ntarget_it_power = 1e8\n"
            + starship_copy('[launch_vehicle]\nkey = "my_starship"'))
    study = studyfile.parse_study(text)
    assert study.fleet["vehicle"].key == "my_starship"
    design = td.size_satellite(study.spec)
    mine = td.plan_fleet(design, **study.fleet)
    shipped = td.plan_fleet(design, target_it_power=1e8, vehicle="starship")
    # The same numbers under another name: the same fleet (same launches and cost).
    assert mine.satellite_count == shipped.satellite_count
    assert mine.launch_count == shipped.launch_count
    with pytest.raises(td.StudyFileError, match=r"needs a \[fleet\] section"):
        studyfile.parse_study(starship_copy("[launch_vehicle]"))


# ---------------------------------------------------------------------- user catalogs


def write_catalog(tmp_path):
    path = tmp_path / "my.toml"
    path.write_text(
        f"[accelerators.card400]\n{CHIP_TABLE}\n"
        "[radiators.light_panel]\n"
        'name = "A lighter panel"\nsource = "my test article"\ndate = "2026-02"\n'
        'confidence = "estimate"\nnote = "half the catalog panel"\n'
        f"areal_density = {{ value = {DEFAULT_RADIATOR.areal_density / 2!r}, "
        'unit = "kg/m^2" }\n'
        f'max_temperature = {{ value = {DEFAULT_RADIATOR.max_temperature!r}, unit = "K" }}\n'
        f"sides = {DEFAULT_RADIATOR.sides}\nfin_efficiency = {DEFAULT_RADIATOR.fin_efficiency!r}\n"
        f"cost_per_area = {{ value = {DEFAULT_RADIATOR.cost_per_area!r}, unit = \"USD/m^2\" }}\n"
        f'coating = "{DEFAULT_RADIATOR.coating}"\n')
    return path


def test_user_catalog_from_the_command_line(tmp_path, capsys):
    path = write_catalog(tmp_path)
    entries = catalog.load_user_catalog(path)
    assert set(entries) == {"accelerators", "radiators"}
    design = size_json(capsys, "--catalog", str(path), "--set", "accelerator=card400",
                       "--set", "radiator=light_panel")
    check_accelerator(design, 400.0, 150.0, 500e12)
    assert areal_density_used(design) == pytest.approx(DEFAULT_RADIATOR.areal_density / 2,
                                                       rel=1e-12)


def test_user_catalog_named_by_the_study_file(tmp_path):
    write_catalog(tmp_path)
    study_path = tmp_path / "study.toml"
    study_path.write_text('[study]\ncatalog = "my.toml"\n[spec]\naccelerator = "card400"\n')
    study = studyfile.load_study(study_path)
    check_accelerator(td.size_satellite(study.spec).to_dict(), 400.0, 150.0, 500e12)


@pytest.mark.parametrize(("text", "pattern"), [
    ("[accelerator.x]\nname = 'x'\n", r"\[accelerator\] is not a catalog kind; did you mean "
                                      r"'accelerators'"),
    ("[radiators.x]\nname = 'x'\n", r"my.toml, entry \[x\], field '.*': missing"),
    ("not toml [", r"cannot read it"),
])
def test_user_catalog_errors(tmp_path, text, pattern):
    path = tmp_path / "my.toml"
    path.write_text(text)
    with pytest.raises(td.CatalogError, match=pattern):
        catalog.load_user_catalog(path)


def test_user_catalog_errors_from_the_command_line(tmp_path, capsys):
    assert cli.main(["size", "--catalog", str(tmp_path / "none.toml")]) == 2
    assert "cannot read it" in capsys.readouterr().err


def test_user_launch_vehicle_from_the_command_line(tmp_path, capsys):
    # Starship's catalog numbers under another key, in a catalog file: the same fleet.
    path = tmp_path / "rockets.toml"
    path.write_text(starship_copy("[launch_vehicles.my_starship]"))
    runs = {}
    for vehicle, extra in (("starship", []), ("my_starship", ["--catalog", str(path)])):
        assert cli.main(["fleet", "--target-power", "1e8", "--vehicle", vehicle, *extra,
                         "--json"]) == 0, capsys.readouterr().err
        runs[vehicle] = json.loads(capsys.readouterr().out)
    assert runs["my_starship"]["launch_count"] == runs["starship"]["launch_count"]
    assert runs["my_starship"]["total_cost"] == runs["starship"]["total_cost"]


@pytest.mark.slow
def test_a_parallel_sweep_takes_a_spec_with_changed_and_custom_entries():
    # Workers receive the spec by pickle: inline entries and dotted overrides must reach
    # them. Oracle: the same sweep on one process (the sweep's results do not depend on
    # the worker count).
    study = studyfile.parse_study(f'[spec]\n"radiator.areal_density" = 5.5\n'
                                  f'[accelerator]\nkey = "card400"\n{CHIP_TABLE}')
    fields = {"mass_limit": [2000.0, 3000.0], "accelerator.power": [300.0, 400.0]}
    serial = td.grid_sweep(study.spec, fields, workers=1, progress=False)
    parallel = td.grid_sweep(study.spec, fields, workers=2, progress=False)
    assert parallel.execution == "2 local processes" and not parallel.failures()
    assert list(parallel["compute"]) == list(serial["compute"])
