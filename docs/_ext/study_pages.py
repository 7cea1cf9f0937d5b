"""Write one documentation page per study (docs/studies/NAME.rst) from studies/README.md.

The study table of ``studies/README.md`` (``| [name](file.py) | `command` | finding |``)
is the one place the studies are listed; each row becomes a page with the finding, the
command that regenerates the report, the report's first figure and links to the report
committed in ``docs/reports/NAME/`` (copied into the built site by ``conf.py``). A study
without a committed report, or a README table that no longer parses, is a build warning
(an error under ``sphinx -W``).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

_ROW = re.compile(r"^\|\s*\[(?P<name>[\w-]+)\]\((?P<file>[\w.]+)\)\s*\|\s*`(?P<command>[^`]+)`"
                  r"\s*\|\s*(?P<finding>.+?)\s*\|\s*$")
_FIRST_IMAGE = re.compile(r'<img[^>]*\bsrc="(?P<src>[^"]+\.png)"')


def study_rows(readme: Path) -> list[dict]:
    """The rows of the study table of ``readme``: name, file, command, finding."""
    rows = [match.groupdict() for line in readme.read_text(encoding="utf-8").splitlines()
            if (match := _ROW.match(line))]
    return rows


def _page(row: dict, reports: Path) -> str:
    name = row["name"]
    report = reports / name
    lines = [name, "=" * len(name), "", row["finding"].replace("*", r"\*"), "",
             "Report", "------", ""]
    if (report / "index.html").is_file():
        lines += [f"- `HTML report <../reports/{name}/index.html>`__ (figures, tables, "
                  "inputs with their sources)",
                  f"- `Markdown summary <../reports/{name}/summary.md>`__", ""]
        image = _FIRST_IMAGE.search((report / "index.html").read_text(encoding="utf-8"))
        if image and (report / image["src"]).is_file():
            lines += [f".. image:: ../reports/{name}/{image['src']}",
                      f"   :alt: first figure of the {name} report", "   :width: 80%", ""]
    else:
        logger.warning("study %s has no committed report in docs/reports/%s", name, name)
    lines += ["Run it", "------", "", ".. code-block:: bash", "", f"   {row['command']}",
              "", f"Source: ``studies/{row['file']}``; ``--small`` runs a quick version.", ""]
    return "\n".join(lines)


def write_pages(app):
    docs = Path(app.srcdir)
    readme = docs.parent / "studies" / "README.md"
    rows = study_rows(readme)
    if not rows:
        logger.warning("no study rows found in %s (expected '| [name](file.py) | `command` |"
                       " finding |')", readme)
        return
    folder = docs / "studies"
    folder.mkdir(exist_ok=True)
    pages = {"index.rst": "\n".join(
        ["Studies", "=======", "",
         "Each study is one command and writes a report folder (HTML, Markdown, PNG figures, "
         "CSV/JSON data, the inputs with their sources). The reports below are committed as "
         "generated; ``studies/README.md`` says how each was made.", "",
         ".. toctree::", "   :maxdepth: 1", ""] + [f"   {row['name']}" for row in rows] + [""])}
    pages.update({f"{row['name']}.rst": _page(row, docs / "reports") for row in rows})
    for stale in set(path.name for path in folder.glob("*.rst")) - set(pages):
        (folder / stale).unlink()  # a study removed from the README
    for filename, text in pages.items():
        path = folder / filename
        # Rewrite only what changed, so an incremental build does not re-read every page.
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", write_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
