"""The README's set-up commands are the ones CI runs (guards against drift)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _commands(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command_then_the_slow_tests():
    # CI's second-to-last command is the README's test command verbatim; its last runs the
    # tests that command leaves out, so every test runs in CI.
    *_, ci_command, ci_slow = _commands(ROOT / ".ci" / "run")
    readme = (ROOT / "README.md").read_text()
    assert "pip install '.[dev]'" in ci_command and "pytest" in ci_command
    assert f"```bash\n{ci_command}\n```" in readme
    assert ci_slow == ".venv/bin/python -m pytest -q -m slow"
    assert f"`{ci_slow}`" in readme


def _main_job_command(readme: str) -> str:
    first_block = readme.split("```bash\n", 1)[1].split("\n```", 1)[0]
    return first_block.strip().splitlines()[-1]


@pytest.mark.slow
def test_readme_main_job_runs_the_reference_study(tmp_path):
    # The README's first command ends in `python -m thermaldesign`; run that module from
    # the checkout (as the README does) and check it wrote the reference study's report
    # and printed the report's own summary.
    import subprocess
    import sys

    command = _main_job_command((ROOT / "README.md").read_text())
    assert command.endswith("-m thermaldesign"), command
    out = tmp_path / "reference"
    done = subprocess.run([sys.executable, "-m", "thermaldesign", "--small", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "study 'reference' done" in done.stdout
    assert (out / "index.html").is_file() and (out / "design.json").is_file()
    summary = (out / "summary.md").read_text(encoding="utf-8")
    first_line = summary.split("## Summary", 1)[1].strip().splitlines()[0]
    assert first_line in done.stdout


def test_main_job_passes_commands_to_the_command_line(capsys):
    from thermaldesign.__main__ import main_job

    assert main_job(["catalog", "batteries", "--json"]) == 0
    assert '"kind": "batteries"' in capsys.readouterr().out
    assert main_job(["no-such-command"]) == 2


def test_console_script_is_declared():
    # `pip install .` puts a `thermaldesign` command on PATH (the studies' README uses it).
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    module, _, function = project["scripts"]["thermaldesign"].partition(":")
    import importlib

    assert callable(getattr(importlib.import_module(module), function))


def test_readme_links_point_at_files():
    # Every relative link of the README (the studies' committed reports) must resolve.
    import re

    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\(([^)#:]+)\)", readme)
    assert any(link.startswith("docs/reports/") for link in links)
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing
