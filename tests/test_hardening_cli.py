"""Hardening: the command line meets bad arguments with exit status 2 and a message.

Oracle: the CLI contract (module docstring of :mod:`thermaldesign.cli`): "A user error
prints ``error: <what to fix>`` on stderr and exits with status 2, never a traceback".
Argument lists are built at random from a grammar of commands, options and hostile
values; each contains at least one bad token, so no run reaches a long solve.
"""

from __future__ import annotations

import contextlib
import io
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening_physics import write_count_line

import thermaldesign as td
from thermaldesign import cli

# Examples per hypothesis test; raise it for a deeper search.
EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "120"))

COUNTS = {"command lines": 0}


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request):
    yield
    write_count_line(request, f"test_hardening_cli: {COUNTS['command lines']} hostile "
                     "command lines")


def run(argv):
    """(status, stdout, stderr) of ``thermaldesign argv``; a traceback fails the test."""
    out, err = io.StringIO(), io.StringIO()
    COUNTS["command lines"] += 1
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except BaseException as error:  # noqa: BLE001 - the point of the test
            pytest.fail(f"thermaldesign {argv!r} raised {type(error).__name__}: {error}")
    return status, out.getvalue(), err.getvalue()


BAD_NUMBERS = ["nan", "inf", "-inf", "-1", "0", "1e400", "abc", "", "1,5", "0x10", "1e-400",
               "9" * 5000, "--", "None", "[1]", "{}", "1j"]
BAD_WORDS = ["", "bogus", "h10O", "../../etc/passwd", "ü", "-", "--json", " " * 3,
             "x" * 300]
SPEC_FIELDS = ["altitude", "mass_limit", "accelerator", "orbit", "lifetime_years",
               "gpu_granularity", "radiator", "coating", "not_a_field", "", "=", "altitude.x"]

def _plain_positive_number(token: str) -> bool:
    # Random text such as "1" is a valid target or horizon: not a hostile token.
    try:
        value = float(token)
    except ValueError:
        return False
    return math.isfinite(value) and value > 0


hostile_token = st.one_of(
    st.sampled_from(BAD_NUMBERS + BAD_WORDS), st.text(max_size=6)
).filter(lambda token: not _plain_positive_number(token))


@st.composite
def bad_command_line(draw):
    command = draw(st.sampled_from(["size", "fleet", "sweep", "study", "catalog", "bogus"]))
    bad = draw(hostile_token)
    choices = {
        "size": [["--set", f"{draw(st.sampled_from(SPEC_FIELDS))}={bad}"],
                 ["--objective", bad], [f"{bad}.toml"], ["--set", bad]],
        "fleet": [["--target-it-power", bad], ["--target-power", bad], ["--years", bad],
                  ["--vehicle", f"{bad}x"],
                  ["--design", f"missing{bad}.json"], ["--target-compute", bad],
                  ["--set", f"mass_limit={bad}"]],
        "sweep": [["--field", f"altitude={bad}"], ["--field", bad], ["--workers", bad],
                  ["--field", f"{bad}x=1:2:3"], [f"missing{bad}.toml"]],
        "study": [[f"missing{bad}"], ["example", "--catalog", f"missing{bad}.toml"],
                  [f"{bad}x", "--out", "report"]],
        "catalog": [[f"{bad}x"], ["accelerators", "--bogus"]],
        "bogus": [[bad]],
    }
    argv = [command, *draw(st.sampled_from(choices[command]))]
    if draw(st.booleans()):
        argv.append("--json")
    return argv


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=bad_command_line())
def test_bad_command_lines_exit_2_with_a_message(argv, tmp_path_factory):
    with contextlib.chdir(tmp_path_factory.mktemp("cwd")):
        status, out, err = run(argv)
    if status == 0 and argv[0] == "sweep":
        # A sweep records failed points instead of stopping (its contract): the failure
        # must then be in the results table, with the reason.
        assert "error" in out.lower(), (argv, out)
        return
    assert status == 2, (argv, status, err)
    assert err.strip(), argv
    assert "Traceback" not in err
    # argparse usage errors say "usage:"/"error:"; the toolkit's say "error: ".
    assert "error" in err.lower(), err


@pytest.mark.parametrize(
    ("argv", "pattern"),
    [
        (["size", "--set", "altitude=-5"], "altitude"),
        (["size", "--set", "mass_limt=3000"], "mass_limit"),
        (["size", "--set", "altitude=nan"], "altitude"),
        (["fleet", "--vehicle", "starshp", "--target-it-power", "1e9"], "starship"),
        (["fleet", "--years", "0", "--target-it-power", "1e9"], "years"),
        (["catalog", "acelerators"], "accelerators"),
        (["size", "missing.toml"], "missing.toml"),
        (["sweep", "--field", "altitude=1:2:x"], "altitude"),
        (["size", "--set", "altitude=550"], "altitude = 550 m: below 1 km, not an orbit; "
                                            "did you mean 550 km = 550e3 m?"),
    ],
)
def test_messages_say_what_to_fix(argv, pattern, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(argv)
    assert status == 2
    assert err.startswith("error: ") or "usage:" in err, err
    assert pattern in err, err


@pytest.mark.parametrize("content", [b"\xff\xfe binary", b"[spec]\naltitude = [", b"", b"[spec]"])
def test_bad_spec_files(content, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.toml").write_bytes(content)
    status, _, err = run(["size", "spec.toml"])
    if content in (b"", b"[spec]"):  # an empty spec is the reference spec: valid
        assert status in (0, 2)
        return
    assert status == 2 and "spec.toml" in err, err


def test_unwritable_output_is_a_user_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("not a folder")
    status, _, err = run(["sweep", "--field", "mass_limit=3000:3000:1", "--out",
                          "file/results.csv", "--no-progress"])
    assert status == 2 and err.startswith("error"), err


@pytest.mark.parametrize("argv", [["fleet", "--design", "missing\x00.json"],
                                  ["size", "spec\x00.toml"]])
def test_nul_byte_in_a_file_name(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(argv)
    assert status == 2 and err.startswith("error"), err


# ------------------------------------------------------- a file of the wrong kind

# Oracle: the CLI contract (module docstring of thermaldesign.cli): each loader checks the
# kind of file it was given and names it, instead of leaking a KeyError from the reader.


@pytest.fixture(scope="module")
def saved_files(tmp_path_factory):
    """One file of every kind the commands write: design, fleet plan, sweep CSV and JSON,
    study TOML (one solve and one single-point sweep)."""
    folder = tmp_path_factory.mktemp("kinds")
    design = td.size_satellite(td.SatelliteSpec())
    files = {"design": design.save(folder / "design.json")}
    td.plan_fleet(design, target_it_power=1e9).save(folder / "fleet-starship.json")
    files["fleet"] = folder / "fleet-starship.json"
    sweep = td.grid_sweep(td.SatelliteSpec(), {"mass_limit": [3000.0]}, progress=False)
    sweep.to_csv(folder / "sweep.csv")
    sweep.to_json(folder / "sweep.json")
    files["sweep CSV"], files["sweep JSON"] = folder / "sweep.csv", folder / "sweep.json"
    files["study"] = folder / "study.toml"
    files["study"].write_text("[spec]\nmass_limit = 3000\n")
    return files


@pytest.mark.parametrize(("kind", "said"), [
    ("fleet", "is a fleet plan (saved by `thermaldesign fleet"),
    ("sweep CSV", "is sweep results"),
    ("sweep JSON", "is sweep results"),
    ("study", "is a study or spec file (TOML)"),
])
def test_design_option_names_the_kind_of_file_it_got(kind, said, saved_files):
    path = saved_files[kind]
    status, _, err = run(["fleet", "--design", str(path), "--target-it-power", "1e9"])
    assert status == 2 and f"error: {path} {said}" in err, err
    assert "--design takes a satellite design saved by `thermaldesign size --out" in err
    assert "KeyError" not in err and "'spec'" not in err


@pytest.mark.parametrize("kind", ["design", "fleet", "sweep CSV", "sweep JSON"])
@pytest.mark.parametrize("argv", [["size"], ["fleet", "--target-it-power", "1e9"],
                                  ["sweep", "--field", "mass_limit=3000:3000:1"], ["study"]],
                         ids=["size", "fleet", "sweep", "study"])
def test_study_file_arguments_name_the_kind_of_file_they_got(kind, argv, saved_files,
                                                             tmp_path):
    path = saved_files[kind]
    extra = ["--out", str(tmp_path / "report")] if argv == ["study"] else []
    status, _, err = run([*argv, str(path), *extra])
    assert status == 2 and f"error: {path} is " in err, err
    assert "this command takes a study or spec TOML file" in err


def test_saved_design_reader_refuses_other_kinds_by_name(saved_files):
    # The library reader itself (SatelliteDesign.load), called without the CLI.
    with pytest.raises(td.StudyFileError, match="format tag is 'thermaldesign.sweep'"):
        td.SatelliteDesign.load(saved_files["sweep JSON"])
    with pytest.raises(td.StudyFileError, match=r"it lacks spec, objective, gpu_count"):
        td.SatelliteDesign.load(saved_files["fleet"])
    assert td.SatelliteDesign.load(saved_files["design"]).gpu_count > 0
