"""SVG: a standalone drawing of a laid-out view, for the wall or a slide.

Timelines show season bands with their episodes, labelled swimlanes, nodes
coloured by faction with a legend, edges routed left to right as curves
(dashed back in time, for flashbacks and links against story order), and a
``<title>`` tooltip on every node and edge. The factions web shows stances
coloured from ally to war, labelled above the factions.
Every piece of bible text is XML-escaped, so a name like
``</svg><script>`` stays text. Sample output::

    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" width="1620" height="742" ...>
    <title>All of Us Are Dead — Beats and their dependencies</title>
    ...
    <g class="node beat" data-id="outbreak"><title>outbreak · S1E01 ...</title>...
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.export.output import write_lines
from arcs.export.style import (
    EDGE_KINDS,
    NO_GROUP,
    PROBLEM_COLOURS,
    SEVERITY_RANK,
    STANCE_COLOURS,
    STANCE_DASHES,
    STANCE_WIDTHS,
    Mark,
    caption,
    clip,
    colour_of,
    group_colours,
    group_patterns,
    one_line,
    period,
    plural,
    problems_by_entity,
    stance_pairs,
    tint,
    tooltip,
    wrap,
    wrap_all,
)
from arcs.export.values import xml_text
from arcs.layout import BAND_HEAD, EPISODE_HEAD, HEADER, MARGIN, Box, Column, Layout
from arcs.routing import is_far, routes
from story_bible.positions import Position

FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
EDGE_COLOURS = {
    "after": "#8a93a6", "sets_up": "#8e5bd8", "requires": "#5d6b82", "next": "#2f3a4c",
    "back": "#e07b24",
}
STYLE = f"""
text {{ font-family: {FONT}; fill: #1f2430; }}
.title {{ font-size: 22px; font-weight: 700; }}
.subtitle {{ font-size: 13px; fill: #5a6272; }}
.band-name {{ font-size: 13px; font-weight: 700; fill: #ffffff; }}
.episode {{ font-size: 12px; fill: #2f3a4c; font-weight: 700; }}
.lane-name {{ font-size: 12px; font-weight: 700; }}
.lane-count {{ font-size: 10.5px; fill: #6b7385; }}
.node-title {{ font-size: 12px; font-weight: 700; }}
.node-text {{ font-size: 11px; fill: #454c5a; }}
.node-change {{ font-size: 11px; fill: #9b2c2c; font-weight: 700; }}
.stub-note {{ font-size: 10px; fill: #5a6272; }}
.badge-text {{ font-size: 11px; font-weight: 700; fill: #ffffff; text-anchor: middle; }}
.web-title {{ font-size: 13px; font-weight: 700; text-anchor: middle; }}
.web-text {{ font-size: 11px; fill: #454c5a; text-anchor: middle; }}
.edge {{ fill: none; stroke-width: 1.4; }}
.edge-label {{ font-size: 11px; text-anchor: middle; paint-order: stroke;
  stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; pointer-events: none; }}
.edge-halo {{ fill: #ffffff; fill-opacity: 0.9; stroke: #d3d8e0; pointer-events: none; }}
.legend {{ font-size: 12px; }}
.legend-head {{ font-size: 12px; font-weight: 700; }}
.empty {{ font-size: 16px; fill: #6b7385; }}
"""
LEGEND_ROW = 24


# What esc changes: markup, quotes, and what xml_text drops or rewrites.
_SPECIAL = re.compile("[&<>\"'\x00-\x08\x0b-\x1f\ufffe\uffff]")


def esc(text: Any) -> str:
    """Bible text as XML character data or an attribute value (quotes escaped too).

    >>> esc("</svg> & 'quotes'\\r\\n"), esc("plain text")
    ('&lt;/svg&gt; &amp; &#x27;quotes&#x27;\\n', 'plain text')
    """
    text = str(text)
    if _SPECIAL.search(text) is None:  # most ids, labels and numbers: as they are
        return text
    return html.escape(xml_text(text), quote=True)


def num(value: float) -> str:
    """A coordinate with at most one decimal, written the same way every time.

    >>> num(3.0), num(2.25), num(-0.04), num(12.96)
    ('3', '2.2', '0', '13')
    """
    # one format call (a million of them on a 20,000-beat board): as round(value, 1)
    text = f"{value:.1f}"
    if text[-2:] == ".0":
        text = text[:-2]
        return "0" if text == "-0" else text
    return text


def generate_svg(
    G: nx.MultiDiGraph, layout: Layout, *, problems: Sequence[Any] = ()
) -> Iterator[str]:
    """The lines of a standalone SVG document of view ``G`` drawn at ``layout``.

    ``problems`` (``arcroom check``'s diagnostics) are marked on the cards
    of the entities they name.

    Examples
    --------
    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> from arcs.views import select
    >>> from arcs.layout import layout
    >>> V = select(build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 1}}
    ... arcs: {escape: {season: S1, title: Escape, beats: {outbreak: {at: S1E01}}}}
    ... ''')))
    >>> lines = list(generate_svg(V, layout(V)))
    >>> lines[0]
    '<?xml version="1.0" encoding="UTF-8"?>'
    >>> any('data-id="outbreak"' in line for line in lines)
    True
    """
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield from svg_element(G, layout, problems=problems)


def write_svg(
    G: nx.MultiDiGraph, layout: Layout, path_or_file: str | PathLike[str] | IO[str],
    **options: Any,
) -> None:
    """Write :func:`generate_svg` (same options) to a path or an open text file."""
    write_lines(generate_svg(G, layout, **options), path_or_file)


def legend_height(G: nx.MultiDiGraph, layout: Layout, problems: bool = False) -> float:
    """How much the legend adds below the layout."""
    rows = _legend_rows(G, layout, problems)
    return len(rows) * LEGEND_ROW + (12 if rows else 0)


def svg_element(
    G: nx.MultiDiGraph, layout: Layout, *, element_id: str | None = None,
    problems: Sequence[Any] = (), parts: Mapping[Hashable, str] | None = None,
) -> Iterator[str]:
    """The ``<svg>`` element alone (no XML declaration), as the HTML report embeds it.

    With ``element_id``, a timeline's backdrop is a ``<g id="ID-bands-S1">`` and a
    ``<g id="ID-lanes-S1">`` per season (``ID-lanes-all``: lanes through the plan);
    with ``parts`` (node -> an id), its cards are written in groups
    ``<g id="PART-cards">`` and its links (by their first end) in
    ``<g id="PART-links">``: the report's paper pages ``<use>`` these, so that
    the board is drawn once however many pages show it.
    """
    if layout.kind in ("web", "panels", "chart"):
        from arcs.export import web  # the faction web per season and the stance chart

        yield from web.svg_element(G, layout, element_id=element_id)
        return
    if layout.kind == "overview":
        from arcs.export import overview  # the grid of lanes by episodes

        yield from overview.svg_element(G, layout, element_id=element_id, problems=problems)
        return
    marks = problems_by_entity(problems)
    width = layout.width
    height = layout.height + legend_height(G, layout, bool(marks))
    title = f"{G.graph.get('series', '')} — {G.graph.get('title', '')}"
    ident = f' id="{esc(element_id)}"' if element_id else ""
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg"{ident} width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}">'
    )
    yield f"<title>{esc(title)}</title>"
    yield f"<style>{STYLE}</style>"
    yield from _markers()
    yield f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>'
    series, subtitle = esc(G.graph.get("series", "")), esc(_subtitle(G, layout))
    yield f'<text class="title" x="{MARGIN}" y="{MARGIN + 24}">{series}</text>'
    yield f'<text class="subtitle" x="{MARGIN}" y="{MARGIN + 46}">{subtitle}</text>'
    colours = group_colours(G)
    patterns = group_patterns(G)
    if layout.kind == "timeline":
        yield from _bands(layout, element_id)
        yield from _lanes(G, layout, colours, element_id)
        yield '<g class="edges">'
        yield from _in_parts(_timeline_edges(G, layout), parts, "links")
        yield "</g>"
    else:
        yield '<g class="edges">'
        yield from _web_edges(G, layout)
        yield "</g>"
    yield '<g class="nodes">'
    columns = {c.position: c for c in layout.columns}
    cards = (
        (node, "\n".join(_node(
            G, node, data, layout.boxes[node], colours, layout.kind, columns,
            patterns.get(data.get("group", ""), ""), marks.get(str(node), []),
        )))
        for node, data in G.nodes(data=True)
    )
    yield from _in_parts(cards, parts, "cards")
    yield "</g>"
    if layout.kind == "web":
        # After the factions, so that a box never hides the stance between two others.
        yield '<g class="edge-labels">'
        yield from _web_labels(G, layout)
        yield "</g>"
    if not G:
        yield (
            f'<text class="empty" x="{MARGIN}" y="{num(layout.height - MARGIN - 20)}">'
            "Nothing in this view: no beats, arcs or factions match.</text>"
        )
    yield from _legend(G, layout, colours, bool(marks))
    yield "</svg>"


def _in_parts(
    drawn: Iterator[tuple[Hashable, str]], parts: Mapping[Hashable, str] | None, what: str
) -> Iterator[str]:
    """Each node's (or link's) markup as drawn; with ``parts``, gathered into a
    ``<g id="PART-what">`` per part (nodes no part names go last, ungrouped)."""
    if parts is None:
        for _, markup in drawn:
            yield markup
        return
    groups: dict[str, list[str]] = {}
    loose = []
    for node, markup in drawn:
        part = parts.get(node)
        if part is None:
            loose.append(markup)
        else:
            groups.setdefault(part, []).append(markup)
    for part, markups in groups.items():
        yield f'<g id="{esc(part)}-{what}">'
        yield from markups
        yield "</g>"
    yield from loose


def _subtitle(G: nx.MultiDiGraph, layout: Layout) -> str:
    counts: dict[str, int] = {}
    for _, kind in G.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    parts = [str(G.graph.get("title", ""))]
    parts += [plural(n, kind) for kind, n in counts.items()]
    if layout.bands:
        parts.append(plural(len(layout.bands), "season"))
    return " · ".join(parts)


def _markers() -> Iterator[str]:
    yield "<defs>"
    yield from pattern_defs()
    for name, colour in {**EDGE_COLOURS, **STANCE_COLOURS}.items():
        yield (
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    yield "</defs>"


def _bands(layout: Layout, element_id: str | None = None) -> Iterator[str]:
    top = MARGIN + HEADER
    bottom = layout.height - MARGIN
    yield '<g class="bands">'
    # With an id, each season's backdrop is a group of its own (its band, then its
    # episodes), for the report's printed sheets to <use> one season's alone.
    columns = list(layout.columns)
    for i, band in enumerate(layout.bands):
        if element_id:
            yield f'<g id="{esc(element_id)}-bands-{esc(band.season)}">'
        fill = "#f4f6f9" if i % 2 == 0 else "#fafbfc"
        yield (
            f'<rect x="{num(band.x0)}" y="{top}" width="{num(band.x1 - band.x0)}" '
            f'height="{num(bottom - top)}" fill="{fill}"/>'
        )
        if band.x_lanes > band.x0:
            yield (
                f'<rect x="{num(band.x0)}" y="{top + BAND_HEAD}" '
                f'width="{num(band.x_lanes - band.x0)}" '
                f'height="{num(bottom - top - BAND_HEAD)}" fill="#eceff4"/>'
            )
        yield (
            f'<rect x="{num(band.x0 + 2)}" y="{top}" width="{num(band.x1 - band.x0 - 4)}" '
            f'height="{BAND_HEAD - 6}" rx="4" fill="#2f3a4c"/>'
        )
        name = f"{band.season} · {one_line(band.title)}"
        chars = int((band.x1 - band.x0 - 24) / 7.6)
        yield (
            f'<text class="band-name" x="{num(band.x0 + 12)}" y="{top + 17}">'
            f"{esc(clip(name, chars))}</text>"
        )
        if element_id:
            own = [c for c in columns if band.x0 <= c.x0 < band.x1]
            yield from _episodes(own, top, bottom)
            yield "</g>"
    if not element_id:
        yield from _episodes(columns, top, bottom)
    yield "</g>"


def _episodes(columns: Sequence[Column], top: float, bottom: float) -> Iterator[str]:
    head = top + BAND_HEAD
    for column in columns:
        label = f"E{column.position.episode}"
        # At the start of the column, where its first cards begin (every episode
        # of a card board is as wide as the next; the arcs view's are narrow).
        yield (
            f'<text class="episode" x="{num(column.x0 + 6)}" y="{head + 14}">'
            f"{label}</text>"
        )
        yield (
            f'<line x1="{num(column.x0)}" y1="{head + EPISODE_HEAD - 4}" x2="{num(column.x0)}" '
            f'y2="{num(bottom)}" stroke="#dde1e7" stroke-width="1"/>'
        )


def _lanes(
    G: nx.MultiDiGraph, layout: Layout, colours: dict[str, str], element_id: str | None = None
) -> Iterator[str]:
    lane_x = {band.x0: band.x_lanes for band in layout.bands}
    noun = "arc" if G.graph.get("view") == "arcs" else "beat"
    yield '<g class="lanes">'
    # With an id, a group per season's lanes (lanes through the whole plan: "-all").
    season_at = {band.x0: band.season for band in layout.bands if band.x_lanes > band.x0}
    previous_x = None
    shade = False
    for lane in layout.lanes:
        if element_id and lane.x0 != previous_x:
            if previous_x is not None:
                yield "</g>"
            yield f'<g id="{esc(element_id)}-lanes-{esc(season_at.get(lane.x0, "all"))}">'
        shade = not shade if lane.x0 == previous_x else False
        previous_x = lane.x0
        height = lane.y1 - lane.y0
        if shade:
            yield (
                f'<rect x="{num(lane.x0)}" y="{num(lane.y0)}" width="{num(lane.x1 - lane.x0)}" '
                f'height="{num(height)}" fill="#dfe4ec" fill-opacity="0.35"/>'
            )
        yield (
            f'<line x1="{num(lane.x0)}" y1="{num(lane.y1)}" x2="{num(lane.x1)}" '
            f'y2="{num(lane.y1)}" '
            'stroke="#d3d8e0" stroke-width="1"/>'
        )
        colour = colour_of(colours, lane.group)
        yield (
            f'<rect x="{num(lane.x0 + 8)}" y="{num(lane.y0 + 8)}" width="5" '
            f'height="{num(height - 16)}" rx="2" fill="{colour}"/>'
        )
        gutter = lane_x.get(lane.x0, lane.x0) - lane.x0
        lines = wrap(lane.label, max(int((gutter - 30) / 7.2), 6), 2 if height < 80 else 3)
        n = lane.count
        y = lane.y0 + height / 2 - (len(lines) * 15) / 2 + 6
        for line in lines:
            yield f'<text class="lane-name" x="{num(lane.x0 + 20)}" y="{num(y)}">{esc(line)}</text>'
            y += 15
        count = plural(n, noun)
        yield f'<text class="lane-count" x="{num(lane.x0 + 20)}" y="{num(y + 1)}">{count}</text>'
    if element_id and previous_x is not None:
        yield "</g>"
    yield "</g>"


def _timeline_edges(G: nx.MultiDiGraph, layout: Layout) -> Iterator[tuple[Hashable, str]]:
    """Links between cards or bars, routed in the channels between them (each
    with the node it leaves, or for a note the card it is under).

    :func:`arcs.routing.routes` gives each link its polyline through the gaps
    between columns, rows and lanes (never over a box), drawn with rounded
    bends. A card link that reaches past the next two columns, or into
    another season, would run the length of the board; it is drawn as two
    stubs instead, one leaving its card and one arriving at the other, and
    each card names its far links in words under it (:func:`_stub_notes`).
    """
    boxes = layout.boxes
    cards = layout.kind == "timeline" and G.graph.get("view") != "arcs"
    routed = routes(G, layout)
    for u, v, key, data in G.edges(keys=True, data=True):
        a, b = boxes[u], boxes[v]
        kind = data.get("kind", key)
        forward = _forward(a, b, cards)
        style = kind if forward else "back"
        colour = EDGE_COLOURS.get(style, EDGE_COLOURS["after"])
        dash = ' stroke-dasharray="5 4"' if kind == "sets_up" or not forward else ""
        width = ' stroke-width="2.2"' if kind == "next" else ""
        far = cards and is_far(G, layout, u, v)
        path = routed.get((u, v, key))
        d = _stubs(a, b) if far else _polyline(path) if path else _curve(a, b)
        yield u, (
            f'<path class="edge {esc(kind)}{" stub" if far else ""}" data-from="{esc(u)}" '
            f'data-to="{esc(v)}" d="{d}" stroke="{colour}"{dash}{width} '
            f'marker-end="url(#arrow-{style if style in EDGE_COLOURS else "after"})">'
            f"<title>{esc(u)} → {esc(v)} ({esc(EDGE_KINDS.get(kind, kind))})</title></path>"
        )
    if cards:
        yield from _stub_notes(G, layout)


def _forward(a: Box, b: Box, cards: bool) -> bool:
    """Whether a link from ``a`` to ``b`` is drawn forward: to the right, or on a card
    board with equal columns down the same subcolumn (where an episode's later
    beats stack when it needs more room)."""
    return b.left > a.right or (cards and b.x == a.x and b.y > a.y)


def _polyline(points: Sequence[tuple[float, float]], radius: float = 6.0) -> str:
    """An SVG path along ``points`` with each bend rounded (a quadratic curve)."""
    parts = [f"M{num(points[0][0])},{num(points[0][1])}"]
    for k in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[k - 1], points[k], points[k + 1]
        before = math.hypot(x1 - x0, y1 - y0)
        after = math.hypot(x2 - x1, y2 - y1)
        r = min(radius, before / 2, after / 2)
        if r < 0.5:
            parts.append(f"L{num(x1)},{num(y1)}")
            continue
        ax, ay = x1 - (x1 - x0) / before * r, y1 - (y1 - y0) / before * r
        bx, by = x1 + (x2 - x1) / after * r, y1 + (y2 - y1) / after * r
        parts.append(f"L{num(ax)},{num(ay)} Q{num(x1)},{num(y1)} {num(bx)},{num(by)}")
    parts.append(f"L{num(points[-1][0])},{num(points[-1][1])}")
    return " ".join(parts)


def _stubs(a: Box, b: Box) -> str:
    """A stub out of ``a``'s right side and one into ``b``'s left side."""
    return (
        f"M{num(a.right)},{num(a.y)} h16 "
        f"M{num(b.left - 20)},{num(b.y)} h18"
    )


def _stub_notes(G: nx.MultiDiGraph, layout: Layout) -> Iterator[tuple[Hashable, str]]:
    """Under each card with far links, what they reach, in words: ``→ sealed, S3E11``."""
    out: dict[Hashable, list[str]] = {}
    into: dict[Hashable, list[str]] = {}
    for u, v in G.edges():
        if is_far(G, layout, u, v):
            out.setdefault(u, []).append(f"{G.nodes[v].get('label', v)}, {G.nodes[v].get('at')}")
            into.setdefault(v, []).append(f"{G.nodes[u].get('label', u)}, {G.nodes[u].get('at')}")
    for node in G:
        parts = [f"→ {t}" for t in out.get(node, [])] + [f"← {t}" for t in into.get(node, [])]
        if not parts:
            continue
        box = layout.boxes[node]
        text = parts[0] + (f" (+{len(parts) - 1})" if len(parts) > 1 else "")
        yield node, (
            f'<text class="stub-note" data-of="{esc(node)}" x="{num(box.left + 8)}" '
            f'y="{num(box.y + box.height / 2 + 11)}">{esc(clip(text, int((box.width - 10) / 6)))}'
            f"<title>{esc(chr(10).join(parts))}</title></text>"
        )


def _curve(a: Box, b: Box) -> str:
    x1, y1, x2, y2 = a.right, a.y, b.left - 2, b.y
    if x2 > x1:
        dx = max(24.0, min(160.0, (x2 - x1) / 2))
        return (
            f"M{num(x1)},{num(y1)} C{num(x1 + dx)},{num(y1)} "
            f"{num(x2 - dx)},{num(y2)} {num(x2)},{num(y2)}"
        )
    # Back in time (a flashback, or a link against story order) or within one
    # column: loop out above.
    lift = min(y1, y2) - max(a.height, b.height)
    return (
        f"M{num(x1)},{num(y1)} C{num(x1 + 90)},{num(lift)} "
        f"{num(x2 - 90)},{num(lift)} {num(x2)},{num(y2)}"
    )


def _web_edges(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """Stances between factions.

    At one episode (``--at``) each pair has one stance: a line in its colour.
    Over a stretch of time, each pair gets one line in the colour of its
    latest stance, its tooltip telling its story in story order; the
    stance-by-stance lines are there too, hidden, for the HTML report's time
    slider to show.
    """
    boxes = layout.boxes
    first, last = episode_ordinals(G)
    over_time = "at" not in G.graph
    hidden = ' display="none"' if over_time else ""
    for edges in stance_pairs(G):
        u0, v0 = edges[0][0], edges[0][1]
        a0, b0 = boxes[u0], boxes[v0]
        for u, v, data in edges:
            a, b = boxes[u], boxes[v]
            stance = data.get("stance", "neutral")
            colour = STANCE_COLOURS.get(stance, "#9aa0a6")
            when = period(data)
            text = f"{G.nodes[u]['label']} – {G.nodes[v]['label']}: {stance}"
            if when:
                text += f" ({when})"
            if data.get("summary"):
                text += f"\n{one_line(data['summary'])}"
            span = f"{first.get(data.get('from'), 0)} {last.get(data.get('until'), -1)}"
            yield (
                f'<path class="edge stance {esc(stance)}" data-from="{esc(u)}" '
                f'data-to="{esc(v)}" data-span="{span}" d="M{num(a.x)},{num(a.y)} '
                f'L{num(b.x)},{num(b.y)}" stroke="{colour}" '
                f'stroke-width="{STANCE_WIDTHS.get(stance, 1.6)}"{hidden}>'
                f"<title>{esc(text)}</title></path>"
            )
        if over_time:
            final = edges[-1][2].get("stance", "")
            colour = STANCE_COLOURS.get(final, "#9aa0a6")
            periods = "; ".join(f"{d.get('stance')} {period(d)}".strip() for _, _, d in edges)
            tip = f"{G.nodes[u0]['label']} – {G.nodes[v0]['label']}: {periods}"
            yield (
                f'<path class="pair-line {esc(final)}" data-from="{esc(u0)}" data-to="{esc(v0)}" '
                f'd="M{num(a0.x)},{num(a0.y)} L{num(b0.x)},{num(b0.y)}" stroke="{colour}" '
                f'stroke-width="{STANCE_WIDTHS.get(final, 1.6)}"><title>{esc(tip)}</title></path>'
            )


def _web_labels(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    """Each pair's stance (at one episode) or story (``war → hostile → ally``), mid-line.

    A light plate behind the text keeps it legible where it crosses a line or
    a faction's box.
    """
    boxes = layout.boxes
    over_time = "at" not in G.graph
    for edges in stance_pairs(G):
        a, b = boxes[edges[0][0]], boxes[edges[0][1]]
        stances = [d.get("stance", "") for _, _, d in edges]
        if over_time:
            story = " → ".join(s for k, s in enumerate(stances) if k == 0 or s != stances[k - 1])
            label, fill = clip(story, 48), "#454c5a"
        else:
            label, fill = stances[-1], STANCE_COLOURS.get(stances[-1], "#9aa0a6")
        x, y = (a.x + b.x) / 2, (a.y + b.y) / 2
        width = len(label) * 6.4 + 12
        yield (
            f'<rect class="edge-halo pair-label" x="{num(x - width / 2)}" y="{num(y - 8)}" '
            f'width="{num(width)}" height="16" rx="8"/>'
        )
        yield (
            f'<text class="edge-label pair-label" x="{num(x)}" y="{num(y + 4)}" '
            f'fill="{fill}">{esc(label)}</text>'
        )


def episode_ordinals(G: nx.MultiDiGraph) -> tuple[dict[Any, int], dict[Any, int]]:
    """Each episode's place in the plan (0, 1, ...), keyed by position, for ``data-span``.

    The first map also sends ``None`` (since the start) to 0, the second sends
    ``None`` (still open) to the last episode.
    """
    order = [
        Position(info["number"], e)
        for info in sorted(G.graph.get("seasons", {}).values(), key=lambda s: s["number"])
        for e in range(1, info["episodes"] + 1)
    ]
    index = {p: i for i, p in enumerate(order)}
    return {None: 0, **index}, {None: max(len(order) - 1, 0), **index}


def _node(
    G: nx.MultiDiGraph, node: Hashable, data: dict[str, Any], box: Box,
    colours: dict[str, str], kind: str, columns: dict[Position, Column],
    pattern: str = "", marks: Sequence[Mark] = (),
) -> Iterator[str]:
    colour = colour_of(colours, data.get("group", ""))
    x, y, w, h = box.left, box.y - box.height / 2, box.width, box.height
    classes = f"node {esc(data.get('kind', ''))}" + (" has-problem" if marks else "")
    flashback = bool(data.get("flashback"))
    dash = ' stroke-dasharray="5 3"' if flashback else ""
    yield f'<g class="{classes}" data-id="{esc(node)}">'
    tip = tooltip(node, data, G)
    if marks:
        tip += "\n" + "\n".join(f"⚠ {m.code} {m.message}" for m in marks)
    yield f"<title>{esc(tip)}</title>"
    title, details = caption(data)
    if kind == "web":
        yield (
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="10" '
            f'fill="{tint(colour, 0.78)}" stroke="{colour}" stroke-width="2"/>'
        )
        yield from _pattern(pattern, x, y, w, h, 10)
        line_y = box.y - (4 if details else -4)
        yield (
            f'<text class="web-title" x="{num(box.x)}" y="{num(line_y)}">'
            f"{esc(clip(title, int((w - 16) / 7.6)))}</text>"
        )
        if details:
            yield (
                f'<text class="web-text" x="{num(box.x)}" y="{num(line_y + 16)}">'
                f"{esc(clip(details[0], int((w - 16) / 6.2)))}</text>"
            )
        yield from _badge(marks, x + w, y)
        yield "</g>"
        return
    fill = tint(colour, 0.72 if data.get("kind") == "arc" else 0.84)
    yield (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="6" '
        f'fill="{fill}" stroke="{colour}" stroke-width="1.5"{dash}/>'
    )
    yield from _pattern(pattern, x, y, w, h, 6)
    yield (
        f'<rect x="{num(x + 1)}" y="{num(y + 1)}" width="5" height="{num(h - 2)}" rx="2" '
        f'fill="{colour}"/>'
    )
    mark = "↺ " if flashback else ""
    chars = int((w - 20 - (22 if marks else 0)) / 7.2)
    if data.get("kind") == "arc":
        yield (
            f'<text class="node-title" x="{num(x + 12)}" y="{num(box.y + 3)}">'
            f"{esc(clip(mark + title, chars))}</text>"
        )
        # a dot per episode with beats: the arc's rhythm along its bar
        for when in data.get("episodes", ()):
            column = columns.get(when)
            if column is not None:
                yield (
                    f'<circle cx="{num((column.x0 + column.x1) / 2)}" cy="{num(box.y + 11)}" '
                    f'r="2.6" fill="{colour}"/>'
                )
        yield from _badge(marks, x + w, y)
        yield "</g>"
        return
    yield (
        f'<text class="node-title" x="{num(x + 12)}" y="{num(y + 16)}">'
        f"{esc(clip(mark + title, chars))}</text>"
    )
    summary, change = "", ""
    for d in details:
        if d.startswith("→ "):
            change = d
        else:
            summary = d
    yield from _card_text(summary, change, x, y, w)
    yield from _badge(marks, x + w, y)
    yield "</g>"


def smallest_text(change: str, width: float) -> float:
    """The smallest text (px) on a card ``width`` wide whose status change is ``change``:
    a change of three lines is set at 9.5, of more at 8 (:func:`_card_text`); else the
    10 px of a far link's note."""
    lines = len(wrap_all(change, int((width - 18) / 6.6))) if change else 0
    return 9.5 if lines == 3 else 8.0 if lines > 3 else 10.0


def _card_text(summary: str, change: str, x: float, y: float, w: float) -> Iterator[str]:
    """A card's summary and status change under its title.

    A change is never cut: it wraps, taking the summary's line when it needs
    two (the summary stays whole in the tooltip), and a change of three
    lines or more is set smaller so that all of it fits.
    """
    changes = wrap_all(change, int((w - 18) / 6.6)) if change else []
    if len(changes) > 2:
        step, size = 27 / len(changes), 9.5 if len(changes) == 3 else 8
        line_y = y + 29
        changes = wrap_all(change, int((w - 18) / (size * 0.6)))
        step = 27 / max(len(changes) - 1, 1)
        for line in changes:
            yield (
                f'<text class="node-change" font-size="{size}" x="{num(x + 12)}" '
                f'y="{num(line_y)}">{esc(line)}</text>'
            )
            line_y += step
        return
    room = 2 - len(changes)
    lines = wrap(summary, int((w - 18) / 6.1), room) if summary and room else []
    line_y = y + 31
    for line in lines:
        yield f'<text class="node-text" x="{num(x + 12)}" y="{num(line_y)}">{esc(line)}</text>'
        line_y += 14
    for line in changes:
        yield f'<text class="node-change" x="{num(x + 12)}" y="{num(line_y)}">{esc(line)}</text>'
        line_y += 14


def _badge(marks: Sequence[Mark], right: float, top: float) -> Iterator[str]:
    """A problem marker in a card's top-right corner: ⚠ and how many, coloured by the worst."""
    if not marks:
        return
    worst = max(marks, key=lambda m: SEVERITY_RANK.get(m.severity, 0)).severity
    colour = PROBLEM_COLOURS.get(worst, PROBLEM_COLOURS["error"])
    text = "⚠" if len(marks) == 1 else f"⚠{len(marks)}"
    width = 18 if len(marks) == 1 else 26
    yield (
        f'<g class="problem-badge {esc(worst)}"><rect x="{num(right - width - 3)}" '
        f'y="{num(top + 3)}" width="{width}" height="16" rx="8" fill="{colour}"/>'
        f'<text class="badge-text" x="{num(right - 3 - width / 2)}" y="{num(top + 15)}">'
        f"{text}</text></g>"
    )


def _pattern(pattern: str, x: float, y: float, w: float, h: float, rx: int) -> Iterator[str]:
    if pattern:
        yield (
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{rx}" '
            f'fill="url(#pattern-{pattern})" pointer-events="none"/>'
        )


def pattern_defs() -> Iterator[str]:
    """The fills :data:`PATTERNS` names: dark strokes, faint, over a faction's tint."""
    shapes = {
        "hatch": '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke-width="1.4"/>',
        "dots": '<circle cx="4" cy="4" r="1.3" stroke="none" fill="#1f2430"/>',
        "cross": '<path d="M0,4 H8 M4,0 V8" stroke-width="1"/>',
        "vertical": '<path d="M4,0 V8" stroke-width="1.4"/>',
    }
    for name, shape in shapes.items():
        yield (
            f'<pattern id="pattern-{name}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<g stroke="#1f2430" fill="none" opacity="0.35">{shape}</g></pattern>'
        )


def legend_rows(
    G: nx.MultiDiGraph, layout: Layout, problems: bool = False
) -> list[list[tuple[str, str, str]]]:
    """:func:`_legend_rows`, for a legend drawn apart (the report's paper pages)."""
    return _legend_rows(G, layout, problems)


def _legend_rows(
    G: nx.MultiDiGraph, layout: Layout, problems: bool = False
) -> list[list[tuple[str, str, str]]]:
    """Legend items (kind, style, text) wrapped into rows that fit the drawing.

    Everything a card or a line can wear is named: faction colours (and their
    hatch once the palette has gone round), the dashed border of a
    flashback, the red text of a status change, the problem badge, each
    edge kind and each stance (its colour and its dash).
    """
    groups = G.graph.get("groups", {})
    used = {data.get("group", "") for data in G.nodes.values()}
    items: list[tuple[str, str, str]] = [("head", "", "Factions:")]
    colours, patterns = group_colours(G), group_patterns(G)
    items += [
        ("swatch", f"{colours[g]}|{patterns.get(g, '')}", str(label))
        for g, label in groups.items() if g in used
    ]
    if "" in used:
        items.append(("swatch", colours[""] + "|", "no faction"))
    kinds = list(dict.fromkeys(data.get("kind") for _, _, data in G.edges(data=True)))
    if layout.kind == "timeline":
        cards = [("head", "", "Cards:")]
        if any(d.get("flashback") for d in G.nodes.values()):
            cards.append(("border", "", "↺ flashback (dashed border)"))
        if any(d.get("changes") or d.get("changed") for d in G.nodes.values()):
            cards.append(("change", "", "→ a status or faction change"))
        if problems:
            cards.append(("badge", "", "a problem `arcroom check` found"))
        if len(cards) > 1:
            items += cards
    elif problems:
        items.append(("badge", "", "a problem `arcroom check` found"))
    if layout.kind == "web":
        stances = {data.get("stance") for _, _, data in G.edges(data=True)}
        if stances:
            items.append(("head", "", "Stances:"))
            items += [("stance", s, s) for s in STANCE_COLOURS if s in stances]
    elif kinds:
        items.append(("head", "", "Edges:"))
        items += [("line", EDGE_COLOURS[k], EDGE_KINDS[k]) for k in EDGE_KINDS if k in kinds]
        cards = G.graph.get("view") != "arcs"
        if cards and any(is_far(G, layout, u, v) for u, v in G.edges()):
            far = "a far link: two stubs, named under its card"
            items.append(("line", EDGE_COLOURS["after"], far))
        back = _back_in_time(G, layout)
        if back:
            items.append(("line", EDGE_COLOURS["back"], back))
    if len(items) == 1:
        return []
    rows: list[list[tuple[str, str, str]]] = [[]]
    x = 0.0
    room = max(layout.width - 2 * MARGIN, 600)
    for item in items:
        width = _item_width(item)
        if x + width > room and rows[-1]:
            rows.append([])
            x = 0.0
        rows[-1].append(item)
        x += width
    return rows


def _back_in_time(G: nx.MultiDiGraph, layout: Layout) -> str:
    """The legend's words for the edges drawn backwards, or ``""`` if there are none.

    An edge into or out of a flashback goes back in time by design. Any other
    edge drawn backwards either runs against story order (a ``requires``
    cycle, an arc resting on one that ends later) or links two things in one
    episode; the legend must not call those flashbacks.
    """
    boxes = layout.boxes
    cards = G.graph.get("view") != "arcs"
    causes = set()
    for u, v in G.edges():
        if _forward(boxes[u], boxes[v], cards):
            continue
        a, b = G.nodes[u], G.nodes[v]
        end, start = a.get("last") or a.get("at"), b.get("first") or b.get("at")
        if a.get("flashback") or b.get("flashback"):
            causes.add("flashback")
        elif end is not None and start is not None and end > start:
            causes.add("against story order")
        else:
            causes.add("within one episode")
    if not causes:
        return ""
    if causes == {"flashback"}:
        return "back in time (flashback)"
    named = [c for c in ("flashback", "against story order", "within one episode") if c in causes]
    return f"drawn backwards ({', '.join(named)})"


def item_width(item: tuple[str, str, str]) -> float:
    """How wide a legend item is drawn (its sample and its words)."""
    return _item_width(item)


def _item_width(item: tuple[str, str, str]) -> float:
    kind, _, text = item
    return len(text) * 7.0 + (14 if kind == "head" else 40)


def _legend(
    G: nx.MultiDiGraph, layout: Layout, colours: dict[str, str], problems: bool = False
) -> Iterator[str]:
    rows = _legend_rows(G, layout, problems)
    if not rows:
        return
    yield '<g class="legend">'
    y = layout.height + 4
    for row in rows:
        x = float(MARGIN)
        for kind, style, text in row:
            yield from legend_item(kind, style, text, x, y)
            x += _item_width((kind, style, text))
        y += LEGEND_ROW
    yield "</g>"


def legend_item(kind: str, style: str, text: str, x: float, y: float) -> Iterator[str]:
    """One legend entry at ``x``, ``y``: its sample (swatch, line, border...) and its words."""
    words = f'<text class="legend" x="{num(x + 32)}" y="{num(y + 12)}">{esc(text)}</text>'
    if kind == "head":
        yield f'<text class="legend-head" x="{num(x)}" y="{num(y + 12)}">{esc(text)}</text>'
    elif kind == "swatch":
        colour, _, pattern = style.partition("|")
        yield (
            f'<rect x="{num(x)}" y="{num(y)}" width="16" height="16" rx="3" '
            f'fill="{tint(colour, 0.72)}" stroke="{colour}" stroke-width="1.5"/>'
        )
        yield from _pattern(pattern, x, y, 16, 16, 3)
        yield f'<text class="legend" x="{num(x + 22)}" y="{num(y + 12)}">{esc(text)}</text>'
    elif kind == "border":
        yield (
            f'<rect x="{num(x)}" y="{num(y + 1)}" width="26" height="14" rx="3" fill="#ffffff" '
            'stroke="#5a6272" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        yield words
    elif kind == "change":
        yield f'<text class="node-change" x="{num(x)}" y="{num(y + 12)}">Aa</text>'
        yield words
    elif kind == "badge":
        yield from _badge([Mark("", "error", "")], x + 24, y - 3)
        yield words
    elif kind == "stance":
        dash = STANCE_DASHES.get(style, "")
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        yield (
            f'<line x1="{num(x)}" y1="{num(y + 8)}" x2="{num(x + 26)}" y2="{num(y + 8)}" '
            f'stroke="{STANCE_COLOURS.get(style, NO_GROUP)}" '
            f'stroke-width="{STANCE_WIDTHS.get(style, 2)}"{dashes}/>'
        )
        yield words
    else:
        backwards = style == EDGE_COLOURS["back"]
        dash = ' stroke-dasharray="5 4"' if "sets up" in text or backwards else ""
        yield (
            f'<line x1="{num(x)}" y1="{num(y + 8)}" x2="{num(x + 26)}" y2="{num(y + 8)}" '
            f'stroke="{style}" stroke-width="2"{dash}/>'
        )
        yield words
