"""GraphML for yEd, Cytoscape and anything else that reads it, via networkx's writer.

Nodes keep every attribute (as text, numbers or booleans, see
:mod:`arcs.export.values`) plus the layout's ``x``, ``y``, ``width`` and
``height`` (SVG pixels, y down), so a reader can place them as arcroom does;
edges keep their ``kind`` and attributes, and get unique ids ``e0``, ``e1``...
The same converted graph feeds the GEXF and JSON writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.export.output import write_lines
from arcs.export.values import scalar, scalars
from arcs.layout import Layout


def portable(G: nx.MultiDiGraph, layout: Layout) -> nx.MultiDiGraph:
    """A copy of view ``G`` with format-safe attributes and the layout's boxes.

    >>> from arcs.layout import Box
    >>> G = nx.MultiDiGraph(series="All of Us Are Dead", seasons={"S1": {}})
    >>> G.add_node("nam-ra", kind="character", label="Choi Nam-ra", introduced=None)
    >>> H = portable(G, Layout("web", {"nam-ra": Box(10, 20, 100, 40)}, 200, 100))
    >>> H.graph, H.nodes["nam-ra"]
    ({'series': 'All of Us Are Dead'}, {'kind': 'character', 'label': 'Choi Nam-ra', \
'x': 10.0, 'y': 20.0, 'width': 100.0, 'height': 40.0})
    """
    H = nx.MultiDiGraph()
    H.graph.update(
        (k, scalar(v)) for k, v in G.graph.items() if isinstance(v, str | int | float | bool)
    )
    for node, data in G.nodes(data=True):
        box = layout.boxes[node]
        H.add_node(
            node, **scalars(data), x=float(box.x), y=float(box.y),
            width=float(box.width), height=float(box.height),
        )
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        H.add_edge(u, v, key=key, edge_id=f"e{i}", **scalars(data))
    return H


def generate_graphml(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of a GraphML document of view ``G`` with ``layout``'s positions."""
    yield from nx.generate_graphml(
        portable(G, layout), named_key_ids=True, edge_id_from_attribute="edge_id"
    )


def write_graphml(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_graphml` to a path or an open text file."""
    write_lines(generate_graphml(G, layout), path_or_file)
