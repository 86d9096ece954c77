"""GEXF for Gephi, via networkx's writer, laid out, coloured and dynamic.

Each node carries Gephi's ``viz`` position, size and its faction's colour.
The graph is ``mode="dynamic"`` with ``timeformat="double"``: time is the
episode's place in the plan (1.0 is the first episode, as the graph's
``episodes`` attribute lists them), so Gephi's timeline plays the story. A
beat appears at its episode and stays; an arc lasts from its first to its
last episode; a faction lasts while it is in the story
(:func:`arcs.queries.faction_span`); a faction pair is one edge whose
``spells`` are the stretches it has a stance and whose ``stance`` attribute
changes value at each new stance.
Gephi's y axis points up, so ``viz`` y is the layout's y negated; the
``x``/``y`` attributes keep the SVG coordinates as in GraphML and JSON.
The same view gives the same bytes on any day: no modification date.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from arcs.export.graphml import portable
from arcs.export.output import write_lines
from arcs.export.style import colour_of, group_colours, stance_pairs
from arcs.export.svg import episode_ordinals
from arcs.layout import Layout
from story_bible.positions import Position


def generate_gexf(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of a dynamic GEXF 1.2 document of view ``G`` with ``layout``'s positions."""
    H = portable(G, layout)
    colours = group_colours(G)
    time = _episode_times(G)
    H.graph["mode"] = "dynamic"
    for node, data in H.nodes(data=True):
        colour = colour_of(colours, G.nodes[node].get("group", ""))
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {
            "position": {"x": data["x"], "y": -data["y"], "z": 0.0},
            "size": 10.0,
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
        }
        start, end = _node_span(G, node, time)
        if start is not None:
            data["start"] = start
        if end is not None:
            data["end"] = end
    stances = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d["kind"] == "stance"]
    H.remove_edges_from(stances)
    for _, _, data in H.edges(data=True):
        data["id"] = data.pop("edge_id")
    for i, pair in enumerate(stance_pairs(G)):
        u, v = pair[0][0], pair[0][1]
        spells, values = [], []
        for _, _, data in pair:
            start = time.get(data.get("from"), 1.0)
            end = time.get(data.get("until"), max(time.values(), default=1.0))
            spells.append((start, end))
            values.append((str(data.get("stance", "")), start, end))
        H.add_edge(
            u, v, key=f"pair {i}", id=f"stance{i}", kind="stance", spells=spells, stance=values,
            label=" → ".join(s for s, _, _ in values),
        )
    # networkx's generate_gexf stamps <meta lastmodifieddate> with today's date,
    # so the same bible would give different bytes each day. The attribute is
    # optional in GEXF and a fixed date would be a made-up fact, so it goes.
    if stances and H.number_of_edges() == len({(u, v) for u, v in H.edges()}):
        # One edge per pair: a plain graph, so that no networkx_key is written
        # (below it would become a dynamic attribute, which networkx cannot key by).
        H = nx.DiGraph(H)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    graph = writer.xml.find("graph")
    if graph is not None:  # time is numbered episodes even in a view with no dated thing
        graph.set("mode", "dynamic")
        graph.set("timeformat", "double")
        _one_block_per_class(graph, (1.0, max(time.values(), default=1.0)))
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
        episodes = [str(p) for p in time if p is not None]
        if episodes:
            SubElement(meta, "description").text = (
                f"time: 1 is {episodes[0]}, {len(episodes)} is {episodes[-1]} "
                f"(episodes in story order: {', '.join(episodes)})"
            )
    yield from str(writer).splitlines()


def _one_block_per_class(graph: Element, whole: tuple[float, float]) -> None:
    """Declare a class's attributes in one ``<attributes>`` block: dynamic where any is.

    networkx writes a static and a dynamic block for edges whose stance changes;
    GEXF allows both, but Gephi Lite's reader (graphology-gexf) keeps only the
    last block of a class and then refuses the values the other one declared.
    A static attribute moved into the dynamic block holds over the ``whole``
    plan (networkx's reader wants a spell on every dynamic value).
    """
    moved: set[str] = set()
    for kind in ("node", "edge"):
        blocks = [b for b in graph.findall("attributes") if b.get("class") == kind]
        if len(blocks) < 2:
            continue
        keep = next((b for b in blocks if b.get("mode") == "dynamic"), blocks[0])
        for block in blocks:
            if block is not keep:
                moved |= {str(a.get("id")) for a in block}
                keep.extend(list(block))
                graph.remove(block)
    if not moved:
        return
    for value in graph.iter("attvalue"):
        if value.get("for") in moved:
            value.set("start", str(whole[0]))
            value.set("end", str(whole[1]))


def _episode_times(G: nx.MultiDiGraph) -> dict[Position | None, float]:
    """Each episode's time on Gephi's timeline: 1.0, 2.0, ... in story order."""
    first, _ = episode_ordinals(G)
    return {p: float(i + 1) for p, i in first.items() if p is not None}


def _node_span(
    G: nx.MultiDiGraph, node: object, time: dict[Position | None, float]
) -> tuple[float | None, float | None]:
    data = G.nodes[node]
    kind = data.get("kind")
    if kind == "beat":
        return time.get(data.get("at")), None
    if kind == "arc":
        return time.get(data.get("first")), time.get(data.get("last"))
    if kind == "faction":  # arcs.views gives it its time in the story
        return time.get(data.get("present_from")), time.get(data.get("present_until"))
    return None, None


def write_gexf(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_gexf` to a path or an open text file."""
    write_lines(generate_gexf(G, layout), path_or_file)
