"""Study and spec files: TOML validated key by key, errors naming file, line and key."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import thermaldesign as td
from thermaldesign import cli, examples, studyfile
from thermaldesign.sizing import SatelliteSpec, evaluate
from thermaldesign.studytools import monte_carlo, non_dominated, pareto_front


def _write(tmp_path, text, name="study.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_full_study_file(tmp_path):
    path = _write(tmp_path, """
# a study
[study]
title = "Reference on Starship"
objective = "min_cost_per_compute"

[spec]
accelerator = "h100"
altitude = 600e3          # [m]
mass_limit = 4000
heat_pump = false
isl_terminal_count = 2

[fleet]
target_it_power = 1e9
vehicle = "starship"

[economics]
discount_rate = 0.08

[sweep]
method = "grid"
[sweep.fields]
launch_price_per_kg = { start = 100, stop = 10000, n = 3, scale = "log" }
mass_limit = [2000, 3000]
radiator.areal_density = { values = [2.0, 5.0] }
""")
    study = studyfile.load_study(path)
    assert study.title == "Reference on Starship"
    assert study.objective == "min_cost_per_compute"
    assert study.spec == SatelliteSpec(accelerator="h100", altitude=600e3, mass_limit=4000.0,
                                       isl_terminal_count=2)
    assert study.spec_values["altitude"] == 600e3
    assert study.fleet == {"target_it_power": 1e9, "vehicle": "starship"}
    assert study.economics == {"discount_rate": 0.08}
    sweep = study.sweep
    assert sweep.method == "grid" and sweep.objective == "min_cost_per_compute"
    # Closed form: a 3-point log range from 100 to 10,000 is 100, 1,000, 10,000.
    assert sweep.fields["launch_price_per_kg"] == pytest.approx([100.0, 1000.0, 10000.0])
    assert sweep.fields["radiator.areal_density"] == [2.0, 5.0]
    assert sweep.point_count == 3 * 2 * 2


def test_bare_spec_file_and_defaults(tmp_path):
    spec = studyfile.load_spec(_write(tmp_path, "mass_limit = 2500\norbit = 'inclined'\n"))
    assert spec == SatelliteSpec(mass_limit=2500.0, orbit="inclined")
    study = studyfile.parse_study("")
    assert study.spec == SatelliteSpec() and study.fleet is None and study.sweep is None
    assert study.title == "Study"


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("[spec]\naltitude = 550e3\nmass_limt = 3000\n",
         r"file f.toml, line 3, key 'spec.mass_limt': unknown spec key 'mass_limt'; "
         r"did you mean 'mass_limit'\?"),
        ("[sepc]\nmass_limit = 1\n", r"line 1, key 'sepc': .*did you mean 'spec'\?"),
        ("[spec]\n\naltitude = -5\n",
         r"line 3, key 'spec.altitude': altitude = -5 m is outside the valid range"),
        ("[spec]\naltitude = 'high'\n", r"line 2, key 'spec.altitude': altitude must be a number"),
        ("[spec]\naccelerator = 'h1000'\n",
         r"line 2, key 'spec.accelerator': accelerator = 'h1000': unknown accelerators key "
         r"'h1000'; did you mean"),
        ("[spec]\norbit = 'dawn_dusk'\n", r"line 2.*did you mean 'dawn-dusk'\?"),
        ("[spec]\nharness_fraction = 0.5\nstructure_fraction = 0.5\n",
         r"line 2, key 'spec.harness_fraction': harness_fraction \+ structure_fraction"),
        ("mass_limit = 1000\n[fleet]\nvehicle = 'starship'\n",
         r"'mass_limit' is outside any section; put spec fields under \[spec\]"),
        ("[study]\nobjective = 'max_compte'\n", r"line 2.*did you mean 'max_compute'\?"),
        ("[study]\ntitel = 'x'\n", r"line 2, key 'study.titel'.*did you mean 'title'\?"),
        ("[fleet]\ntarget_power = 1e9\n",
         r"line 2, key 'fleet.target_power'.*did you mean 'target_it_power'\?"),
        ("[economics]\ndiscount_rte = 0.1\n", r"did you mean 'discount_rate'\?"),
        ("[fleet]\nvehicle = 'falcon'\n", r"line 2, key 'fleet.vehicle'.*did you mean 'falcon9'"),
        ("[fleet]\ntarget_it_power = -1e9\n", r"line 2.*target_it_power = -1e\+09 W is outside"),
        ("[fleet]\nyears = 2.5\n", r"line 2, key 'fleet.years': years must be a whole number"),
        ("[fleet]\ntarget_it_power = 1e9\ntarget_compute = 1e18\n", r"line 3.*not both"),
        ("[economics]\n\ndiscount_rate = 7\n", r"line 3, key 'economics.discount_rate'"),
        ("[sweep]\n[sweep.fields]\nmass_limt = [1, 2]\n",
         r"line 3, key 'sweep.fields.mass_limt'.*did you mean 'mass_limit'\?"),
        ("[sweep]\n[sweep.fields]\nradiator.areal_densty = [1, 2]\n",
         r"line 3.*'areal_densty' is not a field of RadiatorTechnology; did you mean"),
        ("[sweep]\n[sweep.fields]\nmass_limit = { start = 1, stop = 2, num = 3 }\n",
         r"line 3.*unknown key 'num'"),
        ("[sweep]\nmethod = 'latin_hypercube'\nsamples = 5\n[sweep.fields]\nmass_limit = [1, 2]\n",
         r"needs seed"),
        ("[sweep]\nmethod = 'lhs'\n", r"line 2.*method = 'lhs' is not one of"),
        ("[sweep]\nsamples = 4\n[sweep.fields]\nmass_limit = [1]\n", r"applies to latin_hypercube"),
        ("[sweep]\n", r"needs a \[sweep.fields\] table"),
        ("[spec\n", r"file f.toml, line 1: not valid TOML"),
        ("[spec]\nmass_limit = { value = 3 }\n", r"takes a number, a text or true/false"),
    ],
)
def test_errors_name_file_line_and_key(text, pattern):
    with pytest.raises(td.StudyFileError, match=pattern):
        studyfile.parse_study(text, file="f.toml")


def test_lines_inside_multiline_strings_are_not_keys():
    text = ('[study]\ndescription = """\n[spec]\nmass_limit = 1 is prose here\n"""\n'
            "[spec]\nmass_limit = -1\n")
    with pytest.raises(td.StudyFileError, match=r"line 7, key 'spec.mass_limit'"):
        studyfile.parse_study(text)


def test_error_attributes_and_missing_file(tmp_path):
    with pytest.raises(td.StudyFileError) as caught:
        studyfile.parse_study("[spec]\nmass_limt = 1\n", file="x.toml")
    assert (caught.value.file, caught.value.line, caught.value.key) == (
        "x.toml", 2, "spec.mass_limt")
    with pytest.raises(td.StudyFileError, match="no such file"):
        studyfile.load_study(tmp_path / "missing.toml")


def test_files_are_data_never_executed(tmp_path):
    # A value that looks like code stays a string and fails validation as one.
    with pytest.raises(td.StudyFileError, match="altitude must be a number"):
        studyfile.parse_study("[spec]\naltitude = \"__import__('os').remove('x')\"\n")


def test_latin_hypercube_section():
    study = studyfile.parse_study(
        "[sweep]\nmethod = 'latin_hypercube'\nsamples = 20\nseed = 3\n[sweep.fields]\n"
        "launch_price_per_kg = [100, 1000, 'log']\nmass_limit = { low = 2000, high = 4000 }\n"
    )
    assert study.sweep.fields == {"launch_price_per_kg": (100.0, 1000.0, "log"),
                                  "mass_limit": (2000.0, 4000.0)}
    assert study.sweep.point_count == 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mass_limit=1000:3000:3", ("mass_limit", [1000.0, 2000.0, 3000.0])),
        ("launch_price_per_kg=10:1000:3:log", ("launch_price_per_kg", [10.0, 100.0, 1000.0])),
        ("accelerator=h100,b200", ("accelerator", ["h100", "b200"])),
        ("radiator.areal_density = 2, 5", ("radiator.areal_density", [2.0, 5.0])),
    ],
)
def test_command_line_fields(text, expected):
    name, values = studyfile.parse_sweep_field(text, SatelliteSpec())
    assert name == expected[0]
    assert values == pytest.approx(expected[1]) if isinstance(values[0], float) else (
        values == expected[1])


@pytest.mark.parametrize(
    ("text", "pattern"),
    [("mass_limit", "must look like"), ("mass_limt=1:2:3", "did you mean 'mass_limit'"),
     ("mass_limit=1:2", "start:stop:n"), ("mass_limit=a:2:3", "must be numbers"),
     ("mass_limit=1:2:0", "n = 0"), ("mass_limit=0:2:3:log", "log scale needs")],
)
def test_command_line_field_errors(text, pattern):
    with pytest.raises(td.InputError, match=pattern):
        studyfile.parse_sweep_field(text, SatelliteSpec())


# hostile or tiny mass limits on purpose: the unit-slip warning is expected
@pytest.mark.filterwarnings("ignore:mass_limit = .* below 50 kg:UserWarning")
@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e7, max_value=2e6, allow_nan=False))
def test_a_value_is_accepted_exactly_when_the_spec_accepts_it(value):
    # Oracle: SatelliteSpec's own validation (mass_limit in (0, 1e6] kg).
    text = f"[spec]\nmass_limit = {value!r}\n"
    if 0.0 < value <= 1e6:
        assert studyfile.parse_study(text).spec.mass_limit == value
    else:
        with pytest.raises(td.StudyFileError, match=r"line 2, key 'spec.mass_limit'"):
            studyfile.parse_study(text, file="f.toml")


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-z][a-z_]{2,20}", fullmatch=True))
def test_every_unknown_key_is_an_error_never_ignored(key):
    fields = {f.name for f in dataclasses.fields(SatelliteSpec)}
    text = f"[spec]\n{key} = 1\n"
    if key in fields:
        return
    with pytest.raises(td.StudyFileError, match=rf"line 2, key 'spec.{key}': unknown spec key"):
        studyfile.parse_study(text, file="f.toml")


# ------------------------------------------------- shipped examples, init, [pareto], [montecarlo]


def _radiator_density(design) -> float:
    """Closed form: radiator mass = (areal density + armour and heaters) x area, so
    mass / area less the armour and heaters the spec needs (issue 14) [kg/m^2]."""
    extra = (evaluate.environment_of(design.spec).radiator_areal_density
             - design.spec.entry("radiator").areal_density)
    return design.mass_breakdown["radiator"] / design.radiator_area - extra


def test_every_example_ships_and_parses():
    assert {path.stem for path in examples.path("size").parent.glob("*.toml")} == \
        set(examples.KINDS)
    for kind in examples.KINDS:
        study = studyfile.load_study(examples.path(kind))
        assert study.title and "#" in examples.text(kind)  # commented
    with pytest.raises(td.InputError, match="kind = 'sizes' is not one of"):
        examples.path("sizes")


def test_size_and_custom_examples_run_as_their_closed_forms_say():
    design = td.size_satellite(studyfile.load_study(examples.path("size")).spec)
    assert _radiator_density(design) == pytest.approx(7.7, rel=1e-12)
    custom = studyfile.load_study(examples.path("custom"))
    design = td.size_satellite(custom.spec)
    # IT power = n (board power at the operating point + space-native host share), at
    # most the 400 W TDP per board; compute = n x FLOP/s per card x clock^b.
    card = custom.spec.entry("accelerator")
    assert design.it_power == pytest.approx(design.gpu_count * (design.chip_power + 200),
                                            rel=1e-9)
    assert design.chip_power <= 400 * (1 + 1e-9)
    assert design.compute == pytest.approx(
        design.gpu_count * 500e12 * design.clock_fraction ** card.clock_throughput_exponent,
        rel=1e-9)


def test_fleet_example_runs():
    study = studyfile.load_study(examples.path("fleet"))
    plan = td.plan_fleet(td.size_satellite(study.spec, study.objective),
                         economics=td.fleet.Economics(**study.economics), **study.fleet)
    # Closed form: the fleet is the fewest satellites whose IT power reaches 1 GW.
    assert plan.satellite_count == math.ceil(1e9 / plan.satellite["it_power"])


def test_sweep_example_runs_every_grid_point():
    study = studyfile.load_study(examples.path("sweep"))
    result = study.sweep.run(study.spec, progress=False)
    assert len(result) == 3 * 3 and not result.failures()
    assert sorted(set(result.inputs["radiator.areal_density"])) == [4.0, 7.5, 11.0]
    assert (result["total_mass"] <= result.inputs["mass_limit"] * (1 + 1e-6)).all()
    # Brute force, one point: the sweep's design is the design of the spec set by hand.
    by_hand = td.size_satellite(studyfile.set_fields(
        study.spec, {"mass_limit": 2000, "radiator.areal_density": 4.0}))
    first = (result.inputs["mass_limit"] == 2000) & (result.inputs["radiator.areal_density"] == 4)
    # the sweep sizes through the batch, whose batched conic solves agree with the
    # one-at-a-time Clarabel solves to the polish's ~1e-15, not bit for bit
    assert result["compute"][first][0] == pytest.approx(by_hand.compute, rel=1e-12)
    # A lighter radiator never buys less compute at the same mass limit.
    compute = result["compute"].reshape(3, 3)  # rows: mass limit; columns: areal density
    assert (np.diff(compute, axis=1) <= 0).all()


def test_pareto_section_runs_the_api_front():
    study = studyfile.load_study(examples.path("pareto"))
    plan = study.pareto
    assert (plan.objective_x, plan.objective_y, plan.points) == ("total_mass", "compute", 8)
    front = plan.run(study.spec, progress=False)
    direct = pareto_front(study.spec, "total_mass", "compute", 8, progress=False)
    assert list(front.x) == list(direct.x) and list(front.y) == list(direct.y)
    # Oracle: brute force over the front's own points, none dominates another.
    points = list(zip(front.x, front.y, strict=True))
    assert len(non_dominated(points, (front.sense_x, front.sense_y))) == len(points)


def test_montecarlo_section_runs_the_api_sampling():
    study = studyfile.load_study(examples.path("montecarlo"))
    plan = studyfile.MonteCarloPlan(study.monte_carlo.distributions, 6, seed=3,
                                    sampling="latin_hypercube")
    result = plan.run(study.spec, progress=False)
    direct = monte_carlo(study.spec, plan.distributions, 6, seed=3,
                         sampling="latin_hypercube", progress=False)
    for name in plan.distributions:
        assert list(result.inputs[name]) == list(direct.inputs[name])
    # Every draw inside its distribution's support.
    assert ((6 <= result.inputs["radiator.areal_density"])
            & (result.inputs["radiator.areal_density"] <= 14)).all()
    assert ((8 <= result.inputs["accelerator.mass"])
            & (result.inputs["accelerator.mass"] <= 16.3)).all()


@pytest.mark.parametrize(("text", "pattern"), [
    ("[pareto]\nobjective_x = 'mass'\n", r"line 2, key 'pareto.objective_x'.*not one of"),
    ("[pareto]\nobjective_x = 'total_mass'\nobjective_y = 'radiator_area'\n",
     r"cannot trace radiator_area against total_mass"),
    ("[pareto]\npoints = 1\n", r"points = 1 must be a whole number >= 2"),
    ("[pareto]\npoint = 4\n", r"did you mean 'points'"),
    ("[montecarlo]\nsamples = 4\n", r"needs seed"),
    ("[montecarlo]\nsamples = 4\nseed = 1\n", r"needs a \[montecarlo.fields\] table"),
    ("[montecarlo]\nsamples = 4\nseed = 1\n[montecarlo.fields]\n"
     "mass_limit = { distribution = 'Normal', mean = 1, std = 1 }\n",
     r"line 5, key 'montecarlo.fields.mass_limit'.*did you mean 'normal'"),
    ("[montecarlo]\nsamples = 4\nseed = 1\n[montecarlo.fields]\n"
     "mass_limit = { distribution = 'normal', mean = 1 }\n", r"takes mean, std; got mean"),
    ("[montecarlo]\nsamples = 4\nseed = 1\n[montecarlo.fields]\n"
     "mass_limt = { distribution = 'normal', mean = 1, std = 1 }\n", r"did you mean 'mass_limit'"),
    ("[montecarlo]\nsamples = 0\nseed = 1\n", r"samples = 0 must be a whole number >= 1"),
])
def test_pareto_and_montecarlo_errors(text, pattern):
    with pytest.raises(td.StudyFileError, match=pattern):
        studyfile.parse_study(text, file="f.toml")


def test_init_writes_the_example_and_guards_the_file(tmp_path, capsys):
    target = tmp_path / "mine" / "trade.toml"
    assert cli.main(["init", "--kind", "sweep", str(target)]) == 0
    assert target.read_text() == examples.text("sweep")
    assert "thermaldesign study" in capsys.readouterr().out
    assert cli.main(["init", str(target)]) == 2
    assert "exists; give --force" in capsys.readouterr().err
    assert cli.main(["init", "--force", str(target)]) == 0
    assert target.read_text() == examples.text("size")  # the default kind
    assert cli.main(["init", str(tmp_path / "x.txt")]) == 2
    assert cli.main(["init", "--kind", "bogus", str(tmp_path / "y.toml")]) == 2


def test_an_initialised_fleet_study_runs_end_to_end(tmp_path, capsys):
    target = tmp_path / "fleet.toml"
    assert cli.main(["init", "--kind", "fleet", str(target)]) == 0
    out = tmp_path / "report"
    assert cli.main(["study", str(target), "--small", "--out", str(out), "--no-progress"]) == 0
    assert (out / "index.html").is_file() and (out / "fleet.json").is_file()


def test_the_module_docstring_examples_parse():
    # The format's reference (the module docstring) shows a study file and an inline
    # accelerator: both must be valid as written.
    doc = studyfile.__doc__
    block = []
    for line in doc.split(".. code-block:: toml\n", 1)[1].splitlines():
        if line.strip() and not line.startswith("    "):
            break  # the indented block ends at the first prose line
        block.append(line[4:])
    text = "\n".join(block)
    text = text.replace('catalog = "my_parts.toml"', "")  # a file the reader would write
    study = studyfile.parse_study(text)
    assert study.sweep is not None and study.spec.entry("radiator").areal_density == 5.5
    assert study.pareto.points == 12 and study.monte_carlo.samples == 200
    inline = doc.split("    [accelerator]\n", 1)[1].split("\n\n", 1)[0]
    entry = studyfile.parse_study("[accelerator]\n" + "\n".join(
        line[4:] for line in inline.splitlines())).spec.entry("accelerator")
    assert (entry.key, entry.power) == ("card400", 400.0)
