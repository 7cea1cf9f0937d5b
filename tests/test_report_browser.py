"""The report in a real browser: headless Chromium loads index.html from a file:// URL.

Checks that every figure loads (``naturalWidth > 0``) and that nothing overflows the page
horizontally (``scrollWidth <= innerWidth``), at a desktop and a phone width, with figures
linked as PNGs and embedded as base64. Skipped when Chromium is not installed (Debian
package ``chromium``; CI must install it for these tests to run).
"""

import json
import re
import shutil
import subprocess

import pytest
from matplotlib.figure import Figure

from thermaldesign.report import Report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,  # each probe starts a browser
              pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")]

# Runs after every image has loaded (the load event waits for them), writes the result
# into the DOM for --dump-dom to print.
_PROBE = """
<script>
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var result = {
    images: images.length,
    loaded: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
    imageOverflow: images.filter(function (i) {
      return i.getBoundingClientRect().right > window.innerWidth + 0.5; }).length,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    tableWrapsScroll: Array.prototype.slice.call(document.querySelectorAll(".table-wrap"))
      .filter(function (w) { return w.scrollWidth > w.clientWidth; }).length
  };
  var out = document.createElement("pre");
  out.id = "probe-result";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>
"""


def _figure(width):
    fig = Figure(figsize=(width, 3.5))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [3, 1, 2])
    ax.set_xlabel("Time [min]")
    ax.set_ylabel("Temperature [K]")
    return fig


def _report():
    report = Report("Browser check: a report with a very wide table and big figures")
    report.add_summary("An unbroken token: " + "radiator_area_per_megawatt_" * 12)
    report.add_figure(_figure(14.0), "wide.png", caption="A figure wider than the page")
    report.add_figure(_figure(5.0), "small.png", caption="A small figure")
    columns = [f"quantity_number_{i} [W/m^2]" for i in range(24)]
    report.add_table([[1234567.891 * (i + 1) for i in range(24)]] * 3, columns=columns,
                     title="Twenty-four columns")
    report.add_input("launch_price_per_kg", 200.0, unit="USD/kg",
                     source="https://example.org/" + "a-very-long-path-segment/" * 10)
    return report


def _probe(folder, width, tmp_path):
    page = (folder / "index.html").read_text()
    probe = folder / "probe.html"  # same folder, so relative PNG links resolve as in index.html
    probe.write_text(page.replace("</body>", _PROBE + "</body>"))
    profile = tmp_path / f"profile-{width}"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", f"--window-size={width},900",
        "--virtual-time-budget=5000", "--dump-dom", probe.as_uri(),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=90)
    match = re.search(r'<pre id="probe-result">(.*?)</pre>', completed.stdout, re.S)
    assert match, f"probe did not run; chromium stderr:\n{completed.stderr[-2000:]}"
    return json.loads(match.group(1).replace("&quot;", '"'))


@pytest.mark.parametrize(
    ("width", "embed_images"), [(1280, False), (390, True)],
    ids=["desktop-linked-png", "phone-embedded-base64"],
)
def test_figures_load_and_nothing_overflows(tmp_path, embed_images, width):
    folder = _report().write(tmp_path / "report", embed_images=embed_images)
    result = _probe(folder, width, tmp_path)
    assert result["images"] == 2
    assert result["loaded"] == 2, result
    assert result["imageOverflow"] == 0, result
    assert result["scrollWidth"] <= result["innerWidth"], result
    # The wide table scrolls inside its wrapper instead of widening the page.
    assert result["tableWrapsScroll"] >= 1, result


def test_example_study_report_reads_in_a_browser(tmp_path):
    from thermaldesign import cli, study_report, studyfile

    study = studyfile.parse_study(cli.EXAMPLE_STUDY, file="example")
    outcome = study_report.run_study(study, tmp_path / "example", small=True, progress=False)
    folder = tmp_path / "example"
    figures = len(list(folder.glob("*.png")))
    result = _probe(folder, 1024, tmp_path)
    assert outcome["report"] == str(folder)
    assert result["images"] == figures >= 6
    assert result["loaded"] == figures, result
    assert result["scrollWidth"] <= result["innerWidth"], result
