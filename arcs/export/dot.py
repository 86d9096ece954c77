"""DOT for Graphviz (``dot -Tsvg``), one cluster per season.

Graphviz lays the graph out itself, left to right; this file gives it the
same nodes, edges, colours and tooltips as arcroom's own pictures. Every
string is quoted with backslashes and quotes escaped, newlines written as
``\\n`` and ``&`` as ``&amp;`` (Graphviz reads HTML entities in any string),
so no label can close its string, start an escape or lose an ``&amp;``.
Over the whole plan a stance edge is labelled with when it holds. Sample::

    digraph "All of Us Are Dead" {
      graph [rankdir=LR, ...];
      subgraph "cluster_S1" {
        label="S1 · Survival of mankind";
        "outbreak" [label="outbreak\\nThe infection tears through...", ...];
      }
      "outbreak" -> "roof" [color="#8a93a6"];
    }
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.export.mermaid import _season_of
from arcs.export.output import write_lines
from arcs.export.style import (
    STANCE_COLOURS,
    STANCE_WIDTHS,
    clip,
    colour_of,
    edges_in_order,
    group_colours,
    one_line,
    stance_label,
    tint,
    tooltip,
)
from arcs.export.svg import EDGE_COLOURS
from arcs.export.values import xml_text
from arcs.layout import Layout
from story_bible.positions import Position


def quote(text: Any) -> str:
    """A DOT double-quoted string.

    >>> print(quote('say "hi"\\nback\\\\slash & &amp;'))
    "say \\"hi\\"\\nback\\\\slash &amp; &amp;amp;"
    """
    # Graphviz decodes HTML entities in every string, so "&amp;" would come out as "&".
    body = xml_text(str(text)).replace("&", "&amp;")
    body = body.replace("\\", "\\\\").replace('"', '\\"')
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{body}"'


def generate_dot(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of a DOT digraph of view ``G`` (``layout`` only orders the statements)."""
    web = layout.kind == "web"
    yield f"digraph {quote(G.graph.get('series', 'arcroom'))} {{"
    title = f"{G.graph.get('series', '')} — {G.graph.get('title', '')}"
    engine = 'layout="circo", ' if web else "rankdir=LR, newrank=true, "
    yield (
        f"  graph [{engine}label={quote(title)}, labelloc=t, fontname=\"DejaVu Sans\", "
        'fontsize=18, bgcolor="#ffffff"];'
    )
    yield (
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10, '
        "margin=\"0.12,0.06\"];"
    )
    yield '  edge [color="#8a93a6", arrowsize=0.7];'
    colours = group_colours(G)
    order = sorted(G, key=lambda n: (layout.boxes[n].x, layout.boxes[n].y))
    seasons = G.graph.get("seasons", {})
    clusters: dict[str, list[Hashable]] = {}
    loose = []
    for node in order:
        season = _season_of(G.nodes[node])
        if not web and season in seasons:
            clusters.setdefault(season, []).append(node)
        else:
            loose.append(node)
    for season in sorted(clusters, key=lambda s: int(s[1:])):
        yield f"  subgraph {quote('cluster_' + season)} {{"
        yield f"    label={quote(season + ' · ' + one_line(seasons[season]['title']))};"
        yield '    style="filled,rounded"; color="#e4e8ee"; fillcolor="#f6f7f9"; fontsize=14;'
        for node in clusters[season]:
            yield "    " + _node(G, node, colours)
        yield "  }"
    for node in loose:
        yield "  " + _node(G, node, colours)
    if not web:
        yield from _episode_axis(G)
    for u, v, data in edges_in_order(G):
        yield f"  {quote(u)} -> {quote(v)} [{_edge_style(G, data)}];"
    yield "}"


def _episode_axis(G: nx.MultiDiGraph) -> Iterator[str]:
    """Story time kept: an axis of episode nodes chained left to right, each ranked with
    the beats (or the arcs starting) in it, so that Graphviz puts a beat with no
    dependencies at its episode rather than in the first column."""
    seasons = sorted(G.graph.get("seasons", {}).values(), key=lambda s: s["number"])
    episodes = [Position(s["number"], e) for s in seasons for e in range(1, s["episodes"] + 1)]
    if not episodes:
        return
    at: dict[Position, list[Hashable]] = {}
    for node, data in G.nodes(data=True):
        when = data.get("at") or data.get("first")
        if isinstance(when, Position):
            at.setdefault(when, []).append(node)
    yield '  node [shape=plaintext, style="", fontsize=11, fontcolor="#5a6272"];'
    for when in episodes:
        yield f"  {quote(_axis(when))} [label={quote(str(when))}];"
    chain = " -> ".join(quote(_axis(when)) for when in episodes)
    yield f"  {chain} [style=invis, weight=100];"
    for when in episodes:
        members = " ".join(quote(n) + ";" for n in at.get(when, ()))
        yield f"  {{rank=same; {quote(_axis(when))}; {members}}}"


def _axis(when: Position) -> str:
    return f"episode {when}"


def _node(G: nx.MultiDiGraph, node: Hashable, colours: dict[str, str]) -> str:
    data = G.nodes[node]
    colour = colour_of(colours, data.get("group", ""))
    text = one_line(data.get("label", node))
    if data.get("summary") and data.get("kind") == "beat":
        text += "\n" + clip(one_line(data["summary"]), 34)
    style = ', style="rounded,filled,dashed"' if data.get("flashback") else ""
    return (
        f"{quote(node)} [label={quote(text)}, tooltip={quote(tooltip(node, data, G))}, "
        f'color="{colour}", fillcolor="{tint(colour, 0.8)}"{style}];'
    )


def _edge_style(G: nx.MultiDiGraph, data: dict[str, Any]) -> str:
    kind = data.get("kind", "")
    if kind == "stance":
        stance = data.get("stance", "")
        colour = STANCE_COLOURS.get(stance, "#9aa0a6")
        text = quote(stance_label(G, data))
        width = STANCE_WIDTHS.get(stance, 2)
        line = {"neutral": ", style=dotted", "tense": ", style=dashed", "hostile": ", style=dashed"}
        return (
            f'dir=none, color="{colour}", penwidth={width}{line.get(stance, "")}, '
            f"label={text}, fontsize=9"
        )
    colour = EDGE_COLOURS.get(kind, EDGE_COLOURS["after"])
    dashed = ", style=dashed" if kind == "sets_up" else ""
    return f'color="{colour}"{dashed}'


def write_dot(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_dot` to a path or an open text file."""
    write_lines(generate_dot(G, layout), path_or_file)
