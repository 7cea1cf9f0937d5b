"""Sphinx configuration of the thermaldesign documentation.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (warnings are errors). Needs
the ``docs`` extra (``pip install -e '.[docs]'``; ``.[dev]`` includes it).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the gallery draws figures without a display

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # the checkout's package, also when it is not installed
sys.path.insert(0, str(DOCS / "_ext"))

import thermaldesign  # noqa: E402

project = "thermaldesign"
author = "thermaldesign developers"
copyright = "thermaldesign developers, MIT licence"  # noqa: A001 - Sphinx's name
release = thermaldesign.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "studyfile_keys",
    "study_pages",
]

exclude_patterns = ["_build", "reports", "research", "**.ipynb_checkpoints",
                    "examples", "sg_execution_times.rst"]
templates_path = ["_templates"]

# --- API reference: autosummary writes one page per public name from the docstrings.
autosummary_generate = True
autosummary_imported_members = False
autosummary_ignore_module_all = False  # a package documents the names of its __all__
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types and units
numpydoc_show_class_members = False  # autosummary lists them; avoids duplicate stubs
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# Docstring checks run on every documented object: an object without a docstring, a
# Parameters section that leaves out a parameter or names one the signature lacks. A
# docstring without a Parameters section is exempt from PR01: one-line methods whose
# arguments the summary names (``to_csv(path)``), and dataclasses, which document their
# fields under Attributes. The style checks (summary wording, section order) are left to
# review.
numpydoc_validation_checks = {"PR01", "PR02", "PR10", "GL08"}
numpydoc_validation_overrides = {"PR01": [r"(?ms)\A(?!.*^\s*Parameters\s*\n\s*-{3,})"]}
numpydoc_validation_exclude = {
    r"\.__init__$", r"\.__post_init__$", r"\._repr_html_$", r"\.__str__$",
    r"\.__len__$", r"\.__getitem__$", r"\.__call__$",
}
# Module docstrings end with a References list as a bibliography, not all cited by [n]_ in
# the text; numpydoc turns each into a citation that Sphinx would flag as unreferenced.
suppress_warnings = ["ref.citation"]

intersphinx_mapping = {}  # offline builds: no inventories fetched

# --- Example gallery: every script in docs/examples runs at build time.
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "abort_on_example_error": True,
    "show_memory": False,
    "plot_gallery": "True",
    "run_stale_examples": True,  # run every example on every build, not only changed ones
    # plots.* returns pyplot-less figures; gallery_figures.py (docs/_ext) saves those.
    "image_scrapers": ("gallery_figures", "matplotlib"),  # ours first: it skips pyplot's
}

# --- HTML
html_theme = "pydata_sphinx_theme"
html_title = f"thermaldesign {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_show_sourcelink = False
html_static_path = ["_static"]
html_css_files = ["thermaldesign.css"]


def _copy_reports(app, exception):
    """Copy the committed study reports (docs/reports) into the built site, beside the pages."""
    if exception is not None or app.builder.format != "html":
        return
    shutil.copytree(DOCS / "reports", Path(app.outdir) / "reports", dirs_exist_ok=True)


def setup(app):
    app.connect("build-finished", _copy_reports)
