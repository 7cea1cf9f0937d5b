"""Hardening: study files mutated at random always end in a StudyFileError naming the
problem, or in a valid study; never a traceback.

Oracle: the studyfile contract (module docstring of :mod:`thermaldesign.studyfile`): a
study file is data read with ``tomllib``; every problem is a ``StudyFileError`` naming
the file (and, where it has one, the line and the key).
"""

from __future__ import annotations

import os
import re

import pytest
from _helpers import LINE_MUTATIONS, count_report, mutate_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thermaldesign as td
from thermaldesign import studyfile

# Examples per hypothesis test; raise it for a deeper search.
EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "150"))

COUNTS = {"mutated study files": 0, "rejected with StudyFileError": 0}
_report_counts = count_report("test_hardening_studyfile", COUNTS)


#: A valid study using every section (checked by the first test).
VALID_STUDY = """\
[study]
title = "Hardening base study"
description = "every section once"
objective = "max_compute"

[spec]
accelerator = "h100"
altitude = 550e3
mass_limit = 3000
lifetime_years = 5.0
orbit = "dawn-dusk"

[fleet]
target_it_power = 1e9
vehicle = "starship"
years = 10

[economics]
discount_rate = 0.08

[sweep]
method = "grid"
objective = "max_compute"
[sweep.fields]
mass_limit = [2000, 3000]
launch_price_per_kg = { start = 100, stop = 3600, n = 3, scale = "log" }
"""

JUNK = [
    "", "=", "[", "]", "{", "}", '"', "nan", "inf", "-inf", "-1", "0", "1e400", "9" * 300,
    "true", "'x'", "[[spec]]", "= 3", "[1, 2", '"h100"', '"../../etc/passwd"', "1979-05-27",
    "{ start = 1 }", "[spec]", "[fleet]", "\\", "#", "ü", "0x10", "[]", "{}", '"hot"',
    "altitude = 1", "mass_limit = -5", "[sweep.fields]", 'scale = "cubic"', "1_000", "+",
]


@st.composite
def mutated_study(draw):
    lines = VALID_STUDY.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from([*LINE_MUTATIONS, "key"]))
        index = draw(st.integers(0, len(lines) - 1))
        if operation != "key":
            mutate_line(draw, lines, index, operation, JUNK)
        else:  # misspell a key
            head, sep, tail = lines[index].partition("=")
            if sep and head.strip():
                key = head.strip()
                cut = draw(st.integers(0, len(key) - 1))
                lines[index] = key[:cut] + key[cut + 1:] + " =" + tail
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


def test_base_study_is_valid():
    study = studyfile.parse_study(VALID_STUDY, file="study.toml")
    assert study is not None


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_study())
def test_mutated_study_files_fail_with_a_study_file_error(text):
    COUNTS["mutated study files"] += 1
    try:
        studyfile.parse_study(text, file="study.toml")
    except td.StudyFileError as error:
        COUNTS["rejected with StudyFileError"] += 1
        message = str(error)
        assert message.startswith("file study.toml"), message
        # The message says what is wrong beyond "where": some text after the location.
        assert len(message.split(": ", 1)[-1]) > 10, message
        assert error.file == "study.toml"
        if error.line is not None:
            assert 1 <= error.line <= text.count("\n") + 1
    except Exception as error:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{type(error).__name__} escaped parse_study:\n{text}\n{error}")


@pytest.mark.parametrize(
    ("replace", "by", "pattern"),
    [
        ("mass_limit = 3000", "mass_limt = 3000",
         r"line 9, key 'spec.mass_limt'.*did you mean 'mass_limit'"),
        ("altitude = 550e3", "altitude = -5", r"line 8, key 'spec.altitude'.*valid range"),
        ("altitude = 550e3", 'altitude = "high"', r"line 8, key 'spec.altitude'.*number"),
        ('vehicle = "starship"', 'vehicle = "starshp"',
         r"line 15, key 'fleet.vehicle'.*did you mean 'starship'"),
        ("[economics]", "[economix]", r"economix.*economics"),
        ("n = 3", "n = 0", r"n"),
    ],
)
def test_errors_name_line_and_key(replace, by, pattern):
    assert replace in VALID_STUDY
    with pytest.raises(td.StudyFileError, match=pattern) as raised:
        studyfile.parse_study(VALID_STUDY.replace(replace, by), file="study.toml")
    assert raised.value.file == "study.toml"


HUGE_INTEGER = pytest.param(b"[spec]\naltitude = 1" + b"0" * 5000, id="5000-digit-integer")


@pytest.mark.parametrize("content", [b"\xff\xfe\x00binary", b"", HUGE_INTEGER])
def test_unreadable_or_odd_files(content, tmp_path):
    path = tmp_path / "study.toml"
    path.write_bytes(content)
    try:
        studyfile.load_study(path)
    except td.StudyFileError as error:
        assert "study.toml" in str(error)
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"{type(error).__name__} escaped load_study: {error}")


@pytest.mark.parametrize("path", [None, 3, "missing.toml", ".", ["study.toml"]])
def test_bad_study_paths(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        studyfile.load_study(path)
    except td.ThermalDesignError as error:
        assert re.search(r"study|file|path", str(error))
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"{type(error).__name__} escaped load_study({path!r}): {error}")


@pytest.mark.parametrize("loader", ["load_study", "load_spec"])
def test_nul_byte_in_a_study_path(loader):
    with pytest.raises(td.StudyFileError):
        getattr(studyfile, loader)("study\x00.toml")


# Found by HARDENING_EXAMPLES=1000: a 400-digit TOML integer escaped as OverflowError.
def test_integer_beyond_float_range_in_a_study():
    text = VALID_STUDY.replace("altitude = 550e3", "altitude = " + "9" * 400)
    with pytest.raises(td.StudyFileError, match="altitude"):
        studyfile.parse_study(text, file="study.toml")
