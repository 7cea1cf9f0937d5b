"""Safe inputs: study and catalog files are data, nothing is unpickled or evaluated, no
network at run time, and file names given by the user stay inside the output folder.

Oracles: a scan of the package source (what it can do at all), and runs that would leave
a trace (a file written, a socket opened) if data were executed.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

import thermaldesign as td
from thermaldesign import catalog, cli, studyfile
from thermaldesign.report import Report

PACKAGE = Path(td.__file__).parent
SOURCES = sorted(PACKAGE.rglob("*.py"))

#: Ways to turn bytes into live objects or run text as code.
FORBIDDEN = {
    r"\bpickle\.loads?\(|\bUnpickler\b": "unpickling",
    r"\b(marshal|shelve|dill|cloudpickle)\b": "object serialisation",
    r"\bjoblib\.load\(": "joblib unpickling",
    r"allow_pickle\s*=\s*True": "numpy pickle loading",
    r"\byaml\.(unsafe_)?load\(": "YAML object loading",
    r"(?<![\w.])eval\(|(?<![\w.])exec\(": "evaluating text as code",
    r"\bsubprocess\b|\bos\.system\(|\bos\.popen\(": "running shell commands",
    r"^\s*(import|from)\s+(socket|urllib|http|requests|httpx|aiohttp|ftplib)\b":
        "network access",
}

#: Deliberate uses, each with its reason; anything else fails the scan.
ALLOWED_PICKLE_IMPORTS = {
    # pickle.dumps only: checks that an evaluate function can be sent to worker processes
    # (which pickle it anyway) and says how to fix it when it cannot. Nothing is loaded.
    "studytools/_execution.py",
}


def _source_lines():
    for path in SOURCES:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            code = line.split("#", 1)[0]
            yield path.relative_to(PACKAGE).as_posix(), number, code


def test_package_source_has_no_code_loading_or_network():
    found = [
        f"{name}:{number}: {reason}: {code.strip()}"
        for name, number, code in _source_lines()
        for pattern, reason in FORBIDDEN.items()
        if re.search(pattern, code)
    ]
    assert not found, "\n".join(found)


def test_pickle_is_imported_only_where_listed_and_never_to_load():
    importers = {
        name for name, _, code in _source_lines()
        if re.match(r"\s*(import|from)\s+pickle\b", code)
    }
    assert importers <= ALLOWED_PICKLE_IMPORTS, importers - ALLOWED_PICKLE_IMPORTS
    for name in importers:
        text = (PACKAGE / name).read_text()
        assert re.findall(r"pickle\.(\w+)", text) and set(re.findall(r"pickle\.(\w+)", text)) \
            <= {"dumps", "PicklingError"}, name


def test_study_and_catalog_files_are_read_with_tomllib():
    for name in ("studyfile.py", "catalog/__init__.py"):
        text = (PACKAGE / name).read_text()
        assert "tomllib.load" in text, name


# ---------------------------------------------------------------- data is never executed

PAYLOAD = "__import__('pathlib').Path('PWNED').write_text('x')"


@pytest.mark.parametrize(
    "text",
    [
        f'[study]\ntitle = "{PAYLOAD}"\n[spec]\naltitude = 550e3\n',
        f'[spec]\naccelerator = "{PAYLOAD}"\n',
        f"[spec]\nmass_limit = \"{PAYLOAD}\"\n",
        f'[fleet]\nvehicle = "{PAYLOAD}"\n',
        f'[spec]\n"{PAYLOAD}" = 1\n',
    ],
)
def test_study_file_strings_are_data(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        studyfile.parse_study(text, file="study.toml")
    except td.StudyFileError:
        pass
    assert not (tmp_path / "PWNED").exists()


def test_catalog_file_strings_are_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "coatings.toml"
    path.write_text(
        (Path(catalog.__file__).parent / "coatings.toml").read_text()
        .replace('name = "AZ-93', f'name = "{PAYLOAD}" # "', 1)
    )
    table = catalog.load_file(path)
    assert PAYLOAD in table["az93"].name  # kept as text
    assert not (tmp_path / "PWNED").exists()


# ---------------------------------------------------------------------- no network


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("thermaldesign opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_sizing_fleet_and_catalog_run_offline(no_network, capsys):
    design = td.size_satellite(td.reference_spec(), sensitivities=False)
    td.plan_fleet(design, target_it_power=1e9)
    assert cli.main(["catalog", "coatings", "--json"]) == 0
    assert capsys.readouterr().out.strip().startswith(("[", "{"))


# ----------------------------------------------- user file names stay inside the folder


@pytest.mark.parametrize(
    "name",
    ["../escape.csv", "/tmp/escape.csv", "a/../../escape.csv", "..\\escape.csv", "C:x.csv",
     "./x.csv", "a//x.csv", "", "x.exe", "~/x.csv", "x\x00.csv"],
)
def test_report_data_names_cannot_leave_the_folder(name, tmp_path):
    report = Report("title")
    with pytest.raises(td.InputError, match="name"):
        report.add_data(name, {"a": 1})
        report.write(tmp_path / "report")
    assert not (tmp_path / "escape.csv").exists()


def test_report_refuses_a_symlink_that_leads_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "link").symlink_to(outside, target_is_directory=True)
    report = Report("title").add_data("link/data.json", {"a": 1})
    try:
        report.write(folder)
    except (td.ThermalDesignError, OSError):
        pass
    assert not (outside / "data.json").exists()
