"""sphinx-gallery image scraper for the toolkit's figures.

:mod:`thermaldesign.plots` draws on bare :class:`matplotlib.figure.Figure` objects, not
pyplot figures (so a server never opens a display), and sphinx-gallery's matplotlib
scraper only sees pyplot's. This scraper saves every such figure an example holds in a
global variable, once, after the code block that made it. It runs before the
matplotlib scraper, while pyplot's figures still have their manager, and leaves those.
"""

from __future__ import annotations

import weakref

from matplotlib.figure import Figure
from sphinx_gallery.scrapers import figure_rst

_saved: weakref.WeakSet = weakref.WeakSet()


def scrape_toolkit_figures(block, block_vars, gallery_conf, **kwargs):
    """Save the new pyplot-less figures of the example's globals; return their rst."""
    figures = []
    for value in block_vars["example_globals"].values():
        if not isinstance(value, Figure) or value in _saved:
            continue
        if value.canvas.manager is None:
            figures.append(value)
        else:
            _saved.add(value)  # a pyplot figure: the matplotlib scraper (run next) saves it
    paths = []
    for figure in figures:
        path = next(block_vars["image_path_iterator"])
        figure.savefig(path, dpi=100)
        _saved.add(figure)
        paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])


def _get_sg_image_scraper():
    """The hook sphinx-gallery calls for a scraper named by its module."""
    return scrape_toolkit_figures
