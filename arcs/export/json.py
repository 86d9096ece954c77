"""JSON: the view as networkx node-link data, with positions and the layout's frame.

``nx.node_link_graph(data, edges="edges")`` reads it back. Nodes carry
``x``, ``y``, ``width``, ``height``; ``"layout"`` adds the season bands,
episode columns and lanes, so a web page can redraw the picture. Sample::

    {"directed": true, "multigraph": true, "graph": {"view": "beats", ...},
     "nodes": [{"id": "outbreak", "kind": "beat", "at": "S1E01", "x": 294.0, ...}],
     "edges": [{"source": "outbreak", "target": "roof", "key": "after", ...}],
     "layout": {"kind": "timeline", "width": 1620.0, "bands": [...], ...}}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.export.output import write_lines
from arcs.export.values import jsonable
from arcs.layout import Layout
from arcs.version import version


def as_data(G: nx.MultiDiGraph, layout: Layout) -> dict[str, Any]:
    """The node-link dictionary of view ``G``, positions included."""
    H = nx.MultiDiGraph()
    H.graph.update(jsonable(G.graph))
    for node, data in G.nodes(data=True):
        box = layout.boxes[node]
        H.add_node(
            node, **jsonable(data), x=float(box.x), y=float(box.y),
            width=float(box.width), height=float(box.height),
        )
    H.add_edges_from((u, v, k, jsonable(d)) for u, v, k, d in G.edges(keys=True, data=True))
    data = {"arcroom": version(), **nx.node_link_data(H, edges="edges")}
    data["layout"] = {
        "kind": layout.kind,
        "width": layout.width,
        "height": layout.height,
        "bands": [asdict(b) for b in layout.bands],
        "columns": [{**asdict(c), "position": str(c.position)} for c in layout.columns],
        "lanes": [asdict(lane) for lane in layout.lanes],
    }
    return data


def generate_json(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of the JSON document (indented, keys in a fixed order)."""
    yield from json.dumps(as_data(G, layout), indent=1, ensure_ascii=False).splitlines()


def write_json(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_json` to a path or an open text file."""
    write_lines(generate_json(G, layout), path_or_file)
