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
import inspect

from docutils import nodes
from docutils.statemachine import StringList
from numpydoc.docscrape import NumpyDocString
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from thermaldesign import fleet, sizing, studyfile

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
    defaults = {"title": "the file name", "description": "''", "objective": "'max_compute'"}
    return [(key, *described.get(key, ("", "")), defaults[key])
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


#: Section name -> function returning (key, type, description, default) rows.
SOURCES = {
    "study": _study_rows,
    "spec": _spec_rows,
    "fleet": _fleet_rows,
    "economics": _economics_rows,
    "sweep": _sweep_rows,
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
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 30 70",
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
