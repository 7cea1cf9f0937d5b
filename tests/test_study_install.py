"""The studies ship with the package: an installed copy runs them from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from thermaldesign import cli

ROOT = Path(__file__).resolve().parents[1]
STUDY_NAMES = sorted(path.stem.replace("_", "-") for path in (ROOT / "studies").glob("*.py")
                     if not path.name.startswith("_"))


def test_the_package_list_holds_every_package_and_maps_the_studies():
    # pyproject.toml lists the packages by hand (one of them, the studies, lives outside
    # the package folder): a new sub-package left off the list would be missing from
    # every installed copy, so compare the list with the folders on disk.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {".".join(path.parent.relative_to(ROOT).parts)
               for path in (ROOT / "thermaldesign").rglob("__init__.py")}
    listed = set(config["packages"])
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {on_disk - listed}"
    assert config["package-dir"]["thermaldesign.studies"] == "studies"
    assert listed - on_disk == {"thermaldesign.studies"}
    assert {"*.py", "README.md"} <= set(config["package-data"]["thermaldesign.studies"])


def test_a_checkout_finds_every_study_of_the_studies_folder():
    found = cli.list_studies()
    assert set(STUDY_NAMES) <= set(found)
    assert found["reference"] == str(ROOT / "studies" / "reference.py")


def test_study_without_out_writes_under_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.default_report_folder("reference") == Path("reports") / "reference"
    assert cli.default_report_folder("some/where/my_trade.toml") == Path("reports") / "my_trade"
    assert cli.main(["study", "example", "--small", "--no-progress"]) == 0
    assert (tmp_path / "reports" / "example" / "index.html").is_file()
    assert "reports/example/index.html" in capsys.readouterr().out


def _build_and_install(target: Path) -> None:
    wheels = target.parent / "wheel"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, timeout=600)
    if build.returncode != 0 and "No matching distribution" in build.stderr:
        pytest.skip("pip cannot fetch the build requirements (offline): " + build.stderr[-300:])
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("thermaldesign-*.whl")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr


@pytest.mark.slow
def test_an_installed_copy_runs_the_studies_from_any_folder(tmp_path):
    # Build the wheel, install it on its own into a folder, and run it from a third folder
    # with only that installed copy importable (the checkout is neither the current
    # folder nor on sys.path): what a user gets from `pip install thermaldesign`.
    site, work = tmp_path / "site", tmp_path / "work"
    work.mkdir()
    _build_and_install(site)
    environment = {**os.environ, "PYTHONPATH": str(site), "PYTHONNOUSERSITE": "1"}
    environment.pop("THERMALDESIGN_STUDIES", None)

    def run(*arguments):
        done = subprocess.run([sys.executable, "-m", "thermaldesign", *arguments], cwd=work,
                              env=environment, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run(
        [sys.executable, "-c", "import thermaldesign; print(thermaldesign.__file__)"],
        cwd=work, env=environment, capture_output=True, text=True)
    assert Path(where.stdout.strip()).parent == site / "thermaldesign", where.stdout
    listed = json.loads(run("study", "--list", "--json"))
    assert set(listed) == {"example", *STUDY_NAMES}
    assert listed["reference"] == str(site / "thermaldesign" / "studies" / "reference.py")
    assert (site / "thermaldesign" / "studies" / "README.md").is_file()
    run("study", "example", "--small", "--no-progress")  # default folder: ./reports/example
    assert (work / "reports" / "example" / "index.html").is_file()
    # A shipped study module (it imports _common from its own folder), with --out.
    run("study", "axiom-odc", "--small", "--out", "axiom")
    assert (work / "axiom" / "index.html").is_file()
    # The shipped examples: init writes one, and it runs.
    run("init", "--kind", "custom", "mine.toml")
    run("study", "mine.toml", "--small", "--no-progress")
    assert (work / "reports" / "mine" / "index.html").is_file()
    # python -m thermaldesign with no command: the reference study, not the fallback.
    out = run("--small", "--out", "ref")
    assert "study 'reference' done" in out and "not here" not in out
    assert (work / "ref" / "design.json").is_file()
