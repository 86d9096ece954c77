"""Exporters: one module per file format, each a pair in networkx's readwrite style.

``generate_X(G, layout)`` yields the lines of the file and
``write_X(G, layout, path_or_file)`` writes them, for a view ``G``
(:func:`arcs.views.select`) and its :func:`arcs.layout.layout`. The HTML
report also takes the ``check`` problems and more views to show as tabs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from arcs.export.dot import generate_dot
from arcs.export.gexf import generate_gexf
from arcs.export.graphml import generate_graphml
from arcs.export.html import generate_html
from arcs.export.json import generate_json
from arcs.export.mermaid import generate_mermaid
from arcs.export.svg import generate_svg

Generator = Callable[..., Iterator[str]]

FORMATS: dict[str, Generator] = {
    "svg": generate_svg,
    "html": generate_html,
    "mermaid": generate_mermaid,
    "dot": generate_dot,
    "graphml": generate_graphml,
    "gexf": generate_gexf,
    "json": generate_json,
}

SUFFIXES = {
    ".svg": "svg", ".html": "html", ".htm": "html", ".mmd": "mermaid", ".mermaid": "mermaid",
    ".dot": "dot", ".gv": "dot", ".graphml": "graphml", ".gexf": "gexf", ".json": "json",
}


def format_of(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (``plan.html`` -> ``html``)."""
    return SUFFIXES.get(Path(path).suffix.lower())


def generate(fmt: str, *args: Any, **kwargs: Any) -> Iterator[str]:
    """The lines of format ``fmt`` (a key of :data:`FORMATS`)."""
    return FORMATS[fmt](*args, **kwargs)
