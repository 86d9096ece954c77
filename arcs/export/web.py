"""SVG of alliances over time: the faction web per season and the stance chart.

:func:`svg_element` draws a layout of :mod:`arcs.web_layout`. In the web, a
panel per season (or one at ``--at``) shows the factions in the story then,
each pair's line in the stance it held most of that season, its colour,
dash and width all saying which (:data:`arcs.export.style.STANCE_DASHES`),
its label naming the stretches (``war E1–11, ally E12``) and its tooltip the
dates. The chart gives each pair a row of runs, the stance named inside each
run wide enough to hold it and the dates in its tooltip. Sample::

    <g class="panel" data-season="S1"><text class="panel-title">S1 · ...</text>
    <path class="edge stance war" data-from="survivors" data-to="horde" ...>
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from arcs.export.style import (
    STANCE_COLOURS,
    STANCE_DASHES,
    STANCE_WIDTHS,
    clip,
    colour_of,
    group_colours,
    group_patterns,
    plural,
    tint,
    tooltip,
)
from arcs.layout import MARGIN, Box, Layout
from arcs.web_layout import (
    CHART_LABELS,
    CHART_ROW,
    EPISODE_W,
    NOTE_ROW,
    Panel,
    Route,
    panels,
    text_width,
)

STYLE_MORE = """
.panel-frame { fill: #fafbfc; stroke: #d3d8e0; }
.panel-title { font-size: 13px; font-weight: 700; }
.panel-note { font-size: 11px; fill: #454c5a; }
.chart-pair { font-size: 12px; }
.chart-run { font-size: 10.5px; fill: #ffffff; font-weight: 700; pointer-events: none; }
.chart-season { font-size: 12px; font-weight: 700; fill: #ffffff; }
.chart-episode { font-size: 10px; fill: #5a6272; }
.note { font-size: 13px; fill: #5a6272; }
"""
NO_RELATIONS = (
    "This bible sets no stances between its factions (no relations:), "
    "so each web shows the factions alone."
)


def as_drawn(G: nx.MultiDiGraph, layout: Layout) -> Layout:
    """The layout the SVG draws: a faction web (``web``) becomes its panels per season."""
    if layout.kind == "web":
        return panels(G, order=list(layout.boxes))
    return layout


def svg_element(
    G: nx.MultiDiGraph, layout: Layout, *, element_id: str | None = None,
    problems: dict[str, list[Any]] | None = None,
) -> Iterator[str]:
    """The ``<svg>`` of a web per season (``panels``) or a stance chart (``chart``)."""
    from arcs.export.svg import STYLE, esc, legend_item, num, pattern_defs

    layout = as_drawn(G, layout)
    legend = _legend(G)
    wide = MARGIN + sum(text_width(t, 12) + (14 if k == "head" else 44) for k, _, t in legend)
    width, height = max(layout.width, wide + MARGIN), layout.height + 34
    ident = f' id="{esc(element_id)}"' if element_id else ""
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg"{ident} width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}">'
    )
    yield f"<title>{esc(G.graph.get('series', ''))} — {esc(G.graph.get('title', ''))}</title>"
    yield f"<style>{STYLE}{STYLE_MORE}</style>"
    yield "<defs>"
    yield from pattern_defs()
    yield "</defs>"
    yield f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>'
    series = esc(G.graph.get("series", ""))
    yield f'<text class="title" x="{MARGIN}" y="{MARGIN + 24}">{series}</text>'
    yield (
        f'<text class="subtitle" x="{MARGIN}" y="{MARGIN + 46}">'
        f"{esc(G.graph.get('title', ''))}</text>"
    )
    if not any(d.get("kind") == "stance" for _, _, d in G.edges(data=True)):
        yield f'<text class="note" x="{MARGIN}" y="{MARGIN + 70}">{esc(NO_RELATIONS)}</text>'
    if layout.kind == "chart":
        yield from _chart(G, layout)
    else:
        colours, patterns = group_colours(G), group_patterns(G)
        for panel in layout.panels:
            yield from _panel(G, panel, colours, patterns)
    yield '<g class="legend">'
    x, y = float(MARGIN), layout.height + 4
    for kind, style, text in legend:
        yield from legend_item(kind, style, text, x, y)
        x += text_width(text, 12) + (14 if kind == "head" else 44)
    yield "</g>"
    yield "</svg>"


def _legend(G: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    stances = {d.get("stance") for _, _, d in G.edges(data=True) if d.get("kind") == "stance"}
    if not stances:
        return []
    items = [("head", "", "Stances:")]
    items += [("stance", s, s) for s in STANCE_COLOURS if s in stances]
    items.append(("head", "", "(hover a line or a run for its dates)"))
    return items


def _panel(
    G: nx.MultiDiGraph, panel: Panel, colours: dict[str, str], patterns: dict[str, str]
) -> Iterator[str]:
    from arcs.export.svg import esc, num

    season = panel.title.split(" ", 1)[0]
    yield f'<g class="panel" data-season="{esc(season)}">'
    yield (
        f'<rect class="panel-frame" x="{num(panel.x0)}" y="{num(panel.y0)}" '
        f'width="{num(panel.width)}" height="{num(panel.height)}" rx="8"/>'
    )
    yield (
        f'<text class="panel-title" x="{num(panel.x0 + 12)}" y="{num(panel.y0 + 20)}">'
        f"{esc(clip(panel.title, int((panel.width - 24) / 7.6)))}</text>"
    )
    for route in panel.routes:
        yield _route(route)
    for node, box in panel.boxes.items():
        data = G.nodes[node]
        colour = colour_of(colours, data.get("group", ""))
        pattern = patterns.get(data.get("group", ""), "")
        x, y = box.left, box.y - box.height / 2
        yield f'<g class="node faction" data-id="{esc(node)}">'
        yield f"<title>{esc(tooltip(node, data, G))}</title>"
        yield (
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(box.width)}" '
            f'height="{num(box.height)}" rx="8" fill="{tint(colour, 0.78)}" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        if pattern:
            yield (
                f'<rect x="{num(x)}" y="{num(y)}" width="{num(box.width)}" '
                f'height="{num(box.height)}" rx="8" fill="url(#pattern-{pattern})"/>'
            )
        members = data.get("members")
        yield (
            f'<text class="web-title" x="{num(box.x)}" '
            f'y="{num(box.y + (-2 if members is not None else 4))}">'
            f"{esc(clip(str(data.get('label', node)), int((box.width - 12) / 7.6)))}</text>"
        )
        if members is not None:  # at one episode: how many belong to it then
            yield (
                f'<text class="web-text" x="{num(box.x)}" y="{num(box.y + 13)}">'
                f"{esc(plural(members, 'member'))}</text>"
            )
        yield "</g>"
    for route in panel.routes:
        yield from _label(route)
    y = panel.y0 + panel.height - len(panel.notes) * NOTE_ROW - 2
    for note in panel.notes:
        yield f'<text class="panel-note" x="{num(panel.x0 + 12)}" y="{num(y)}">{esc(note)}</text>'
        y += NOTE_ROW
    yield "</g>"


def _route(route: Route) -> str:
    from arcs.export.svg import esc, num

    (x1, y1), (x2, y2) = route.start, route.end
    if route.control is None:
        d = f"M{num(x1)},{num(y1)} L{num(x2)},{num(y2)}"
    else:
        cx, cy = route.control
        d = f"M{num(x1)},{num(y1)} Q{num(cx)},{num(cy)} {num(x2)},{num(y2)}"
    stance = route.stance
    dash = STANCE_DASHES.get(stance, "")
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<path class="edge stance {esc(stance)}" data-from="{esc(route.u)}" '
        f'data-to="{esc(route.v)}" d="{d}" fill="none" '
        f'stroke="{STANCE_COLOURS.get(stance, "#8a8f98")}" '
        f'stroke-width="{STANCE_WIDTHS.get(stance, 1.6)}"{dashes}>'
        f"<title>{esc(route.tip)}</title></path>"
    )


def _label(route: Route) -> Iterator[str]:
    from arcs.export.svg import esc, num

    box: Box | None = route.label_box
    if box is None:
        return
    text = str(route.note) if route.note is not None else route.label
    yield (
        f'<rect class="edge-halo pair-label" x="{num(box.left)}" y="{num(box.y - box.height / 2)}" '
        f'width="{num(box.width)}" height="{num(box.height)}" rx="8"/>'
    )
    yield (
        f'<text class="edge-label pair-label" x="{num(box.x)}" y="{num(box.y + 4)}" '
        f'fill="#1f2430">{esc(text)}<title>{esc(route.tip)}</title></text>'
    )


def _chart(G: nx.MultiDiGraph, layout: Layout) -> Iterator[str]:
    from arcs.export.svg import esc, num

    top = layout.rows[0].y - CHART_ROW / 2 if layout.rows else MARGIN + 110
    bottom = top + max(len(layout.rows), 1) * CHART_ROW
    yield '<g class="chart-axis">'
    for sid, title, x0, x1 in layout.chart_bands:
        yield (
            f'<rect x="{num(x0)}" y="{num(top - 44)}" width="{num(x1 - x0)}" height="22" rx="4" '
            'fill="#2f3a4c"/>'
        )
        yield (
            f'<text class="chart-season" x="{num(x0 + 6)}" y="{num(top - 28)}">'
            f"{esc(clip(f'{sid} · {title}', int((x1 - x0 - 10) / 7.4)))}</text>"
        )
    for when, (x0, _x1) in layout.chart_columns.items():
        if when.episode == 1 or when.episode % 2 == 1:
            yield (
                f'<text class="chart-episode" x="{num(x0 + 2)}" y="{num(top - 8)}">'
                f"E{when.episode}</text>"
            )
        yield (
            f'<line x1="{num(x0)}" y1="{num(top - 4)}" x2="{num(x0)}" y2="{num(bottom)}" '
            'stroke="#e4e8ee" stroke-width="1"/>'
        )
    yield "</g>"
    for k, row in enumerate(layout.rows):
        y0 = row.y - CHART_ROW / 2
        shade = "#f6f7f9" if k % 2 == 0 else "#ffffff"
        yield f'<g class="pair" data-from="{esc(row.a)}" data-to="{esc(row.b)}">'
        yield (
            f'<rect x="{MARGIN}" y="{num(y0)}" width="{num(layout.width - 2 * MARGIN)}" '
            f'height="{CHART_ROW}" fill="{shade}"/>'
        )
        yield (
            f'<text class="chart-pair" x="{MARGIN + 6}" y="{num(row.y + 4)}">'
            f"{esc(clip(row.label, int((CHART_LABELS - 12) / 7.2)))}</text>"
        )
        for run in row.runs:
            colour = STANCE_COLOURS.get(run.stance, "#8a8f98")
            dates = f"{run.first}" if run.first == run.last else f"{run.first}–{run.last}"
            tip = f"{row.label}: {run.stance} {dates}"
            pattern = _RUN_PATTERNS.get(run.stance, "")
            yield (
                f'<rect class="run {esc(run.stance)}" x="{num(run.x0 + 1)}" y="{num(y0 + 3)}" '
                f'width="{num(run.x1 - run.x0 - 2)}" height="{CHART_ROW - 6}" rx="3" '
                f'fill="{colour}"><title>{esc(tip)}</title></rect>'
            )
            if pattern:
                yield (
                    f'<rect x="{num(run.x0 + 1)}" y="{num(y0 + 3)}" '
                    f'width="{num(run.x1 - run.x0 - 2)}" height="{CHART_ROW - 6}" rx="3" '
                    f'fill="url(#pattern-{pattern})" pointer-events="none"/>'
                )
            if text_width(run.stance, 10.5) + 8 <= run.x1 - run.x0:
                yield (
                    f'<text class="chart-run" x="{num(run.x0 + 5)}" y="{num(row.y + 4)}">'
                    f"{esc(run.stance)}</text>"
                )
        yield "</g>"
    if not layout.rows:
        return
    yield (
        f'<text class="chart-episode" x="{MARGIN + 6}" y="{num(bottom + 16)}">'
        f"Each column is one episode; runs wider than their name are named "
        f"(hover any run for its dates; {EPISODE_W} px an episode).</text>"
    )


# The chart's runs wear a texture too, so that two stances never differ by colour alone.
_RUN_PATTERNS = {"neutral": "dots", "tense": "hatch", "hostile": "cross"}
