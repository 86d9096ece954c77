"""GEXF for Gephi, via networkx's writer, laid out and coloured as arcroom draws it.

Each node carries Gephi's ``viz`` position, size and its faction's colour.
Gephi's y axis points up, so ``viz`` y is the layout's y negated; the
``x``/``y`` attributes keep the SVG coordinates as in GraphML and JSON.
The same view gives the same bytes on any day: no modification date.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import IO, Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from arcs.export.graphml import portable
from arcs.export.output import write_lines
from arcs.export.style import colour_of, group_colours
from arcs.layout import Layout


def generate_gexf(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of a GEXF 1.2 document of view ``G`` with ``layout``'s positions."""
    H = portable(G, layout)
    colours = group_colours(G)
    for node, data in H.nodes(data=True):
        colour = colour_of(colours, G.nodes[node].get("group", ""))
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {
            "position": {"x": data["x"], "y": -data["y"], "z": 0.0},
            "size": 10.0,
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
        }
    for _, _, data in H.edges(data=True):
        data["id"] = data.pop("edge_id")
    # networkx's generate_gexf stamps <meta lastmodifieddate> with today's date,
    # so the same bible would give different bytes each day. The attribute is
    # optional in GEXF and a fixed date would be a made-up fact, so it goes.
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
    yield from str(writer).splitlines()


def write_gexf(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_gexf` to a path or an open text file."""
    write_lines(generate_gexf(G, layout), path_or_file)
