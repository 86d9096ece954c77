"""Exporters: one module per file format, each a pair in networkx's readwrite style.

``generate_X(G, layout)`` yields the lines of the file and
``write_X(G, layout, path_or_file)`` writes them, for a view ``G``
(:func:`arcs.views.select`) and its :func:`arcs.layout.layout`. The HTML
report also takes the ``check`` problems and more views to show as tabs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: The formats, each written by ``generate_<format>`` of ``arcs.export.<format>``
#: (PDF, which is bytes and several views, by :func:`arcs.export.pdf.write_pdf`).
#: Those modules (and networkx) are imported when a format is asked for:
#: ``arcroom check`` shares the command line and should not pay for them.
FORMATS = ("svg", "html", "pdf", "mermaid", "dot", "graphml", "gexf", "json")

#: What a drawing's swimlanes may stand for.
LANES = ("arc", "faction")

SUFFIXES = {
    ".svg": "svg", ".html": "html", ".htm": "html", ".mmd": "mermaid", ".mermaid": "mermaid",
    ".dot": "dot", ".gv": "dot", ".graphml": "graphml", ".gexf": "gexf", ".json": "json",
    ".pdf": "pdf",
}


def format_of(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (``plan.html`` -> ``html``)."""
    return SUFFIXES.get(Path(path).suffix.lower())


def generate(fmt: str, *args: Any, **kwargs: Any) -> Iterator[str]:
    """The lines of format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")
    generator: Callable[..., Iterator[str]] = getattr(
        importlib.import_module(f"arcs.export.{fmt}"), f"generate_{fmt}"
    )
    return generator(*args, **kwargs)
