"""Mermaid ``flowchart LR`` for the repo's markdown (GitHub renders it), one subgraph per season.

networkx has no Mermaid writer; this one follows its ``generate_*``/``write_*``
style. Node ids are generated (``n0``, ``n1``...), because bible ids may hold
characters Mermaid reads as syntax; labels are quoted with every character
that Mermaid or HTML could read as markup written as an entity code
(``#quot;``, ``#35;``...), so ``"quoted"``, ``a -> b``, ``[brackets]``,
``%%`` or ``</script>`` in a name stay text. Sample::

    flowchart LR
      subgraph s1["S1 · Survival of mankind"]
        direction LR
        n0["outbreak"]
        n1["nam-ra-bitten"]
      end
      n0 --> n1
      classDef g0 fill:#dbe4ee,stroke:#4e79a7,color:#1f2430
      class n0,n1 g0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from itertools import pairwise
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.export.output import write_lines
from arcs.export.style import (
    STANCE_COLOURS,
    edges_in_order,
    group_colours,
    one_line,
    stance_label,
    tint,
)
from arcs.export.values import xml_text
from arcs.layout import Layout

# Characters written as Mermaid entity codes inside a quoted label.
_SPECIAL = set('"#&<>%[]{}()|;`\\')
ARROWS = {"after": "-->", "requires": "-->", "next": "==>", "sets_up": "-.->"}


def label(text: Any) -> str:
    """Text made safe inside a Mermaid ``"..."`` label.

    >>> label('say "hi" -> [now] %% {ok}')
    'say #34;hi#34; -#62; #91;now#93; #37;#37; #123;ok#125;'
    """
    return "".join(f"#{ord(c)};" if c in _SPECIAL else c for c in one_line(xml_text(str(text))))


def generate_mermaid(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """The lines of a Mermaid flowchart of view ``G`` (``layout`` orders the nodes)."""
    ids = {node: f"n{i}" for i, node in enumerate(_in_order(G, layout))}
    yield "flowchart LR"
    seasons = G.graph.get("seasons", {})
    by_season: dict[str, list[Hashable]] = {}
    loose: list[Hashable] = []
    for node in ids:
        season = _season_of(G.nodes[node])
        if season in seasons and layout.kind == "timeline":
            by_season.setdefault(season, []).append(node)
        else:
            loose.append(node)
    ordered = sorted(by_season.items(), key=_season_number)
    for number, (season, nodes) in enumerate(ordered):
        yield f'  subgraph s{number + 1}["{label(season)} · {label(seasons[season]["title"])}"]'
        # Mermaid lays a subgraph out top to bottom unless told, whatever the chart says.
        yield "    direction LR"
        for node in nodes:
            yield f'    {ids[node]}["{label(G.nodes[node].get("label", node))}"]'
        yield "  end"
    for node in loose:
        yield f'  {ids[node]}["{label(G.nodes[node].get("label", node))}"]'
    styles = []
    for i, (u, v, data) in enumerate(edges_in_order(G)):
        kind = data.get("kind", "")
        if kind == "stance":
            text = label(stance_label(G, data))
            yield f'  {ids[u]} ---|"{text}"| {ids[v]}'
            colour = STANCE_COLOURS.get(data.get("stance", ""), "#9aa0a6")
            styles.append(f"  linkStyle {i} stroke:{colour},stroke-width:2px")
        else:
            yield f"  {ids[u]} {ARROWS.get(kind, '-->')} {ids[v]}"
    # Story order left to right: Mermaid stacks the nodes no link ranks in one
    # column (and the season subgraphs with them, the last on top), so each
    # episode's nodes hang by an invisible link from the previous episode's
    # first node. After the drawn links, so that linkStyle's numbers still match.
    if len(ordered) > 1 or any(len(nodes) > 1 for _, nodes in ordered):
        yield from _time_chain([n for _, nodes in ordered for n in nodes], G, ids)
    yield from styles
    colours = group_colours(G)
    members: dict[str, list[str]] = {}
    for node, name in ids.items():
        members.setdefault(G.nodes[node].get("group", ""), []).append(name)
    for i, group in enumerate(g for g in colours if g in members):
        colour = colours[group]
        yield f"  classDef g{i} fill:{tint(colour, 0.8)},stroke:{colour},color:#1f2430"
        yield f"  class {','.join(members[group])} g{i}"


def _time_chain(nodes: list[Hashable], G: nx.MultiDiGraph, ids: dict[Hashable, str]
                ) -> Iterator[str]:
    """Invisible links that rank each episode after the one before it.

    Each episode's first node is its hub: every node of the previous episode
    that links to nothing else in that episode leads to the hub, and the hub
    leads to each node of its episode that nothing else there leads to.
    """
    episodes: dict[Any, list[Hashable]] = {}
    for node in nodes:
        data = G.nodes[node]
        episodes.setdefault(data.get("at") or data.get("first"), []).append(node)
    groups = list(episodes.values())
    for before, after in pairwise(groups):
        inside = set(before)
        ends = [n for n in before if not any(v in inside and v != n for v in G.successors(n))]
        hub = after[0]
        yield f"  {' & '.join(ids[n] for n in ends)} ~~~ {ids[hub]}"
        inside = set(after)
        starts = [n for n in after[1:]
                  if not any(u in inside and u != n for u in G.predecessors(n))]
        if starts:
            yield f"  {ids[hub]} ~~~ {' & '.join(ids[n] for n in starts)}"


def _in_order(G: nx.MultiDiGraph, layout: Layout) -> list[Hashable]:
    """Nodes left to right, then top to bottom, as the layout placed them."""
    return sorted(G, key=lambda n: (layout.boxes[n].x, layout.boxes[n].y))


def _season_of(data: dict[str, Any]) -> str:
    if "season" in data and isinstance(data["season"], int):
        return f"S{data['season']}"
    first = data.get("first")
    return first.season_id if first is not None else ""


def _season_number(item: tuple[str, list[Hashable]]) -> int:
    return int(item[0][1:])


def write_mermaid(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[Any]
) -> None:
    """Write :func:`generate_mermaid` to a path or an open text file."""
    write_lines(generate_mermaid(G, layout), path_or_file)
