"""Sphinx directive ``.. studyfile-keys:: SECTION``: the keys of one study-file section.

The table is read from the code, so the reference page cannot drift from the parser:
the keys a section accepts come from :mod:`thermaldesign.studyfile` (the names it
validates against) and each key's type and description from the numpydoc docstring of
the object the section maps onto. A key without a description, or a section of
``studyfile.SECTIONS`` that no directive on the page documents, is a build warning (an
error under ``sphinx -W``): a new section slots in by adding an entry to ``SOURCES``
below and a ``.. studyfile-keys::`` block to ``docs/studyfile.rst``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect

from docutils import nodes
from docutils.statemachine import StringList
from numpydoc.docscrape import NumpyDocString
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from thermaldesign import fleet, sizing, studyfile
from thermaldesign.catalog import CONFIDENCE_LEVELS
from thermaldesign.catalog.entries import ENTRY_TYPES

logger = logging.getLogger(__name__)


def _described(docstring: str, *sections: str) -> dict[str, tuple[str, str]]:
    """Name -> (type, one-paragraph description) from numpydoc ``sections``."""
    parsed = NumpyDocString(docstring or "")
    out = {}
    for section in sections:
        for item in parsed[section]:
            for name in item.name.split(","):
                out[name.strip()] = (item.type, " ".join(item.desc))
    return out


def _default(cls, name: str) -> str:
    for item in dataclasses.fields(cls):
        if item.name == name:
            if item.default is not dataclasses.MISSING:
                return repr(item.default)
            return "(required)" if item.default_factory is dataclasses.MISSING else "(empty)"
    return ""


def _dataclass_section(cls, names):
    described = _described(cls.__doc__, "Attributes", "Parameters")
    return [(name, *described.get(name, ("", "")), _default(cls, name)) for name in names]


def _spec_rows():
    return _dataclass_section(sizing.SatelliteSpec, studyfile._spec_fields())


def _study_rows():
    described = _described(studyfile.StudyFile.__doc__, "Attributes")
    # [study] catalog is read into StudyFile.entries, so its meaning is stated here.
    described.setdefault("catalog", (
        "str or list of str",
        "Your own catalog file(s), relative to the study file: entries of any kinds as "
        "``[KIND.KEY]`` tables in the catalog's layout "
        "(:func:`thermaldesign.catalog.load_user_catalog`); the spec then names them by "
        "key. ``--catalog FILE`` on the command line does the same."))
    defaults = {"title": "the file name", "description": "''", "objective": "'max_compute'",
                "catalog": "none"}
    return [(key, *described.get(key, ("", "")), defaults.get(key, ""))
            for key in studyfile._STUDY_KEYS]


def _fleet_rows():
    described = _described(fleet.plan_fleet.__doc__, "Parameters")
    parameters = inspect.signature(fleet.plan_fleet).parameters
    return [(key, *described.get(key, ("", "")), repr(parameters[key].default))
            for key in studyfile._fleet_keywords()]


def _economics_rows():
    names = [item.name for item in dataclasses.fields(fleet.Economics)]
    return _dataclass_section(fleet.Economics, names)


def _sweep_rows():
    described = _described(studyfile.SweepPlan.__doc__, "Attributes")
    defaults = {"method": "'grid'", "objective": "[study] objective", "fields": "(required)",
                "samples": "(required for latin_hypercube)",
                "seed": "(required for latin_hypercube)", "workers": "automatic"}
    return [(key, *described.get(key, ("", "")), defaults.get(key, ""))
            for key in studyfile._SWEEP_KEYS]


def _pareto_rows():
    return _dataclass_section(studyfile.ParetoPlan, studyfile._PARETO_KEYS)


def _monte_carlo_rows():
    # ``fields`` is the section's table of distributions (MonteCarloPlan.distributions).
    described = _described(studyfile.MonteCarloPlan.__doc__, "Attributes")
    described["fields"] = (
        "table", "Field path -> ``{ distribution = NAME, parameters }``: "
        + "; ".join(f"``{name}``: {', '.join(f.name for f in dataclasses.fields(cls))}"
                    for name, cls in studyfile.DISTRIBUTIONS.items())
        + " (in the unit of the field).")
    defaults = {"fields": "(required)", "samples": "(required)", "seed": "(required)",
                "objective": "[study] objective", "sampling": "'random'",
                "workers": "automatic"}
    return [(key, *described.get(key, ("", "")), defaults.get(key, ""))
            for key in studyfile._MONTE_CARLO_KEYS]


_PROVENANCE = {
    "source": "Where the numbers come from (required, here or per field).",
    "date": "When the source was published, e.g. ``\"2026-01\"`` (required).",
    "confidence": "One of " + ", ".join(f"``{level}``" for level in CONFIDENCE_LEVELS)
                  + " (required).",
    "note": "How a number was made (optional).",
}


def _entry_rows(section: str):
    """Rows of an inline entry section: key, name, text fields, numbers, provenance."""
    cls = ENTRY_TYPES[studyfile.ENTRY_SECTIONS[section]]
    described = _described(cls.__doc__, "Attributes", "Parameters")
    rows = [("key", "str", "Catalog key the spec names it by (optional).",
             f"custom_{section}"),
            ("name", "str", "Human-readable name (required).", ""),
            ("aliases", "list of str", "Other names a lookup accepts (optional).", "")]
    rows += [(name, "str", described.get(name, ("", ""))[1], "") for name in cls.TEXT]
    for name, spec in cls.NUMERIC.items():
        kind = "number" if not spec.unit else f"{{ value, unit }} [{spec.unit}]"
        rows.append((name, kind, f"{described.get(name, ('', ''))[1]} Required; valid "
                     f"range {spec.interval()} (SI).", ""))
    rows += [(name, "str", text, "") for name, text in _PROVENANCE.items()]
    return rows


#: Section name -> function returning (key, type, description, default) rows.
SOURCES = {
    "study": _study_rows,
    "spec": _spec_rows,
    "fleet": _fleet_rows,
    "economics": _economics_rows,
    "sweep": _sweep_rows,
    "pareto": _pareto_rows,
    "montecarlo": _monte_carlo_rows,
    **{section: functools.partial(_entry_rows, section) for section in studyfile.ENTRY_SECTIONS},
}


class StudyFileKeys(SphinxDirective):
    """A table of the keys of one study-file section, generated from the code."""

    required_arguments = 1

    def run(self):
        section = self.arguments[0]
        if section not in SOURCES:
            raise self.error(f"no key source for study-file section [{section}]; "
                             f"add it to SOURCES in {__file__}")
        self.env.studyfile_documented = getattr(self.env, "studyfile_documented", set())
        self.env.studyfile_documented.add(section)
        rows = SOURCES[section]()
        # Two columns (key with its type; meaning with the default) read at page width.
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 36 64",
                 "   :class: studyfile-keys", "",
                 "   * - key", "     - meaning"]
        for key, kind, description, default in rows:
            if not description:
                logger.warning("study-file key [%s] %s has no description in its docstring",
                               section, key, location=self.get_location())
            lines += [f"   * - ``{key}``", "", f"       *{kind}*" if kind else "",
                      f"     - {description or ' '}"]
            if default:
                lines += ["", f"       Default: ``{default}``."]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=f"studyfile-keys {section}"),
                                self.content_offset, container)
        return container.children


def _check_every_section(app, env):
    documented = getattr(env, "studyfile_documented", set())
    for section in studyfile.SECTIONS:
        if section not in documented:
            logger.warning("study-file section [%s] (thermaldesign.studyfile.SECTIONS) is not "
                           "documented: add a '.. studyfile-keys:: %s' block to "
                           "docs/studyfile.rst", section, section)


def _merge(app, env, docnames, other):
    env.studyfile_documented = getattr(env, "studyfile_documented", set()) | getattr(
        other, "studyfile_documented", set())


def setup(app):
    app.add_directive("studyfile-keys", StudyFileKeys)
    app.connect("env-check-consistency", _check_every_section)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
