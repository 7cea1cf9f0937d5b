"""The README's set-up commands are the ones CI runs (guards against drift)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _last_command(path: Path) -> str:
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")][-1]


def test_ci_runs_the_readme_test_command():
    ci_command = _last_command(ROOT / ".ci" / "run")
    readme = (ROOT / "README.md").read_text()
    assert "pytest" in ci_command
    assert f"```bash\n{ci_command}\n```" in readme
