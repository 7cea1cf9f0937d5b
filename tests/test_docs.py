"""The documentation: the tutorial's code runs as written, and the site builds cleanly.

The oracle of the tutorial test is the tutorial itself: its Python blocks run verbatim,
in order, in one namespace (as a reader pastes them), with its captioned TOML blocks
saved under their captions; an exception fails the test. The build test runs Sphinx with
warnings as errors on a fresh environment (an incremental build would not repeat the
warnings of unchanged pages) and checks that the pages the docs promise exist; the
browser test opens the built index and a gallery page in headless Chromium (skipped
without it, like tests/test_report_browser.py).
"""

from __future__ import annotations

import html
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from thermaldesign import cli, studyfile

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TUTORIAL = DOCS / "getting-started.rst"
API_MODULES = ("constants", "orbit", "environment", "radiator", "power", "network", "sizing",
               "fleet", "studytools", "plots", "report", "catalog", "studyfile", "errors")
_BLOCK = re.compile(r"^\.\. code-block:: (?P<language>\w+)\n(?P<options>(?:   :\w+:.*\n)*)\n"
                    r"(?P<body>(?:(?:   .*)?\n)+)", re.MULTILINE)


def code_blocks(path: Path) -> list[tuple[str, str, str]]:
    """(language, caption, code) of every ``.. code-block::`` of an rst file, in order."""
    blocks = []
    for match in _BLOCK.finditer(path.read_text(encoding="utf-8")):
        caption = re.search(r":caption: (.+)", match["options"])
        lines = match["body"].rstrip("\n").split("\n")
        code = "\n".join(line[3:] for line in lines) + "\n"
        blocks.append((match["language"], caption[1].strip() if caption else "", code))
    return blocks


def test_code_blocks_are_found():
    # The parser against a block written here: two options, a blank line inside the code.
    text = (".. code-block:: toml\n   :caption: a.toml\n   :linenos:\n\n   x = 1\n\n   y = 2\n"
            "\nprose\n")
    path = Path(__file__).with_name("_blocks_probe.rst")
    try:
        path.write_text(text, encoding="utf-8")
        assert code_blocks(path) == [("toml", "a.toml", "x = 1\n\ny = 2\n")]
    finally:
        path.unlink()
    languages = [language for language, _, _ in code_blocks(TUTORIAL)]
    assert languages.count("python") >= 6 and "toml" in languages


def test_tutorial_code_blocks_run_verbatim(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the tutorial writes sweep.csv where it runs
    pytest.importorskip("matplotlib").use("Agg")
    namespace: dict = {"__name__": "__tutorial__"}
    for index, (language, caption, code) in enumerate(code_blocks(TUTORIAL)):
        if language == "toml" and caption:
            (tmp_path / caption).write_text(code, encoding="utf-8")
        elif language == "python":
            exec(compile(code, f"{TUTORIAL.name} block {index}", "exec"), namespace)  # noqa: S102
    # The blocks did what the prose says they do.
    assert isinstance(namespace["design"].gpu_count, int)
    assert (tmp_path / "sweep.csv").is_file()
    assert len(namespace["sweep"]) == 4  # 2 mass limits x 2 areal densities in the file
    assert namespace["design"].spec.entry("accelerator").key == "card400"  # the file's own


def test_tutorial_commands_run(tmp_path, monkeypatch, capsys):
    # The tutorial's `thermaldesign ...` command lines, on its study file, through the
    # command's own entry point (the console script calls the same main).
    monkeypatch.chdir(tmp_path)
    pytest.importorskip("matplotlib").use("Agg")
    commands = []
    for language, caption, code in code_blocks(TUTORIAL):
        if language == "toml" and caption:
            (tmp_path / caption).write_text(code, encoding="utf-8")
        elif language == "bash":
            commands += [shlex.split(line, comments=True) for line in code.splitlines()
                         if line.startswith("thermaldesign ")]
    assert len(commands) >= 4
    for command in commands:
        assert cli.main(command[1:]) == 0, (command, capsys.readouterr().err[-2000:])
    assert (tmp_path / "my-report" / "index.html").is_file()
    assert (tmp_path / "my-report" / "pareto-front.png").is_file()  # the file's [pareto]


def test_study_file_reference_covers_every_section():
    # The reference page's key tables come from docs/_ext/studyfile_keys.py: every section
    # the parser accepts needs a source there (the docs build also fails without one).
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        studyfile_keys = pytest.importorskip("studyfile_keys")
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    missing = set(studyfile.SECTIONS) - set(studyfile_keys.SOURCES)
    assert not missing, f"document [{', '.join(sorted(missing))}] in docs/_ext/studyfile_keys.py"
    page = (DOCS / "studyfile.rst").read_text(encoding="utf-8")
    for section in studyfile.SECTIONS:
        assert f".. studyfile-keys:: {section}\n" in page
        rows = studyfile_keys.SOURCES[section]()
        assert all(description for _, _, description, _ in rows), section


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory):
    """Build the site once for this module's slow tests; the folder of the HTML."""
    pytest.importorskip("sphinx")
    pytest.importorskip("sphinx_gallery")
    folder = tmp_path_factory.mktemp("docs")
    out = folder / "html"
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-b", "html",
               "-d", str(folder / "doctrees"), str(DOCS), str(out)]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stderr[-4000:]
    return out


@pytest.mark.slow
def test_docs_build_with_warnings_as_errors(built_docs):
    out = built_docs
    for page in ("index", "getting-started", "studyfile", "api", "auto_examples/index",
                 "studies/index"):
        assert (out / f"{page}.html").is_file(), page
    for module in API_MODULES:
        assert (out / "generated" / f"thermaldesign.{module}.html").is_file(), module
    assert (out / "generated" / "thermaldesign.sizing.size_satellite.html").is_file()
    constants = (out / "generated" / "thermaldesign.constants.html").read_text("utf-8")
    assert "STEFAN_BOLTZMANN" in constants and "5.670374419e-08" in constants
    # Every gallery example ran and drew its figure.
    for example in sorted((DOCS / "examples").glob("plot_*.py")):
        page = (out / "auto_examples" / f"{example.stem}.html").read_text(encoding="utf-8")
        assert f"sphx_glr_{example.stem}_001.png" in page, example.stem
    # Each study page links its report, and the report is in the site.
    study_pages = sorted((out / "studies").glob("*.html"))
    assert len(study_pages) >= 8  # the index and one page per study
    for page in study_pages:
        for link in re.findall(r'href="(\.\./reports/[^"#]+)"', page.read_text("utf-8")):
            assert (page.parent / link).resolve().is_file(), (page.name, link)


# Runs after the page and its images have loaded; writes what it saw into the DOM for
# --dump-dom to print.
_PROBE = """
<script>
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var out = document.createElement("pre");
  out.id = "probe-result";
  out.textContent = JSON.stringify({
    title: document.title,
    links: Array.prototype.slice.call(document.querySelectorAll("a"))
      .map(function (a) { return a.getAttribute("href"); }),
    images: images.length,
    loaded: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth
  });
  document.body.appendChild(out);
});
</script>
"""


def _in_browser(page: Path, tmp_path: Path) -> dict:
    """Load ``page`` in headless Chromium with the probe; the probe's findings."""
    probe = page.with_name(f"probe-{page.name}")  # same folder: relative links resolve
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"),
                     encoding="utf-8")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={tmp_path / ('profile-' + page.stem)}",
               "--window-size=1280,900", "--virtual-time-budget=5000", "--dump-dom",
               probe.as_uri()]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="probe-result"[^>]*>(.*?)</pre>', completed.stdout, re.DOTALL)
    assert found, completed.stderr[-2000:]
    return json.loads(html.unescape(found[1]))


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_docs_index_and_gallery_in_a_browser(built_docs, tmp_path):
    index = _in_browser(built_docs / "index.html", tmp_path)
    assert index["title"].startswith("thermaldesign")
    for page in ("getting-started.html", "studyfile.html", "auto_examples/index.html",
                 "studies/index.html", "api.html"):
        assert page in index["links"], page
    assert index["scrollWidth"] <= index["innerWidth"]
    network = next((built_docs / "auto_examples").glob("plot_*thermal_network.html"))
    gallery = _in_browser(network, tmp_path)
    assert gallery["images"] >= 1 and gallery["loaded"] == gallery["images"]
