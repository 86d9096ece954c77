"""SVG of the overview grid (:mod:`arcs.overview`): per lane and episode, how many beats,
deaths and problems.

A cell's shade grows with its beats (and says the number), a death puts a
black corner and ``†`` in it, a problem ``arcroom check`` found in one of its
beats rings it in the problem's colour; its tooltip lists all of it with the
beats by name. Episode labels sit left-aligned at the start of their column,
every column the same width. In the HTML report a click on a cell opens its
first beat on the card board. Sample::

    <g class="cell" data-first="outbreak" data-lane="escape-hyosan" data-at="S1E01">
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import networkx as nx

from arcs.export.style import (
    PROBLEM_COLOURS,
    SEVERITY_RANK,
    clip,
    colour_of,
    group_colours,
    plural,
    problems_by_entity,
    tint,
    wrap,
)
from arcs.layout import BAND_HEAD, HEADER, MARGIN, Layout
from arcs.overview import CELL_H, CELL_W, LABELS
from story_bible.positions import Position

STYLE_MORE = """
.cell-count { font-size: 11px; font-weight: 700; text-anchor: middle; pointer-events: none; }
.cell-mark { font-size: 10px; font-weight: 700; pointer-events: none; }
.axis { font-size: 11px; fill: #2f3a4c; }
.lane-label { font-size: 12px; }
g.cell { cursor: pointer; }
"""
LEGEND = (
    ("head", "", "Cells:"), ("shade", "", "beats in the lane that episode (the number)"),
    ("death", "", "a death (†)"), ("problem", "", "a problem `arcroom check` found"),
)


def svg_element(
    G: nx.MultiDiGraph, layout: Layout, *, element_id: str | None = None,
    problems: Sequence[Any] = (),
) -> Iterator[str]:
    """The ``<svg>`` of the overview grid of view ``G``."""
    from arcs.export.svg import STYLE, esc, legend_item, num

    marks = problems_by_entity(problems)
    total = G.number_of_nodes()
    subtitle = f"{G.graph.get('title', '')} · {plural(total, 'beat')}"
    wide = max(len(subtitle) * 7.2, sum(len(t) * 7.0 + 40 for _, _, t in LEGEND))
    width, height = max(layout.width, wide + 2 * MARGIN), layout.height + 34
    ident = f' id="{esc(element_id)}"' if element_id else ""
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg"{ident} width="{num(width)}" '
        f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}">'
    )
    yield f"<title>{esc(G.graph.get('series', ''))} — {esc(G.graph.get('title', ''))}</title>"
    yield f"<style>{STYLE}{STYLE_MORE}</style>"
    yield f'<rect width="{num(width)}" height="{num(height)}" fill="#ffffff"/>'
    series = esc(G.graph.get("series", ""))
    yield f'<text class="title" x="{MARGIN}" y="{MARGIN + 24}">{series}</text>'
    total = G.number_of_nodes()
    subtitle = f"{G.graph.get('title', '')} · {plural(total, 'beat')}"
    yield f'<text class="subtitle" x="{MARGIN}" y="{MARGIN + 46}">{esc(subtitle)}</text>'
    top = MARGIN + HEADER
    for band in layout.bands:
        yield (
            f'<rect x="{num(band.x0)}" y="{top}" width="{num(band.x1 - band.x0)}" '
            f'height="{BAND_HEAD - 6}" rx="4" fill="#2f3a4c"/>'
        )
        name = clip(f"{band.season} · {band.title}", int((band.x1 - band.x0 - 12) / 7.6))
        yield (
            f'<text class="band-name" x="{num(band.x0 + 6)}" y="{top + 17}">{esc(name)}</text>'
        )
    grid_top = layout.lanes[0].y0 if layout.lanes else top + 54
    grid_bottom = layout.lanes[-1].y1 if layout.lanes else grid_top
    for column in layout.columns:
        # left-aligned at the column's start: every column is as wide as the next
        yield (
            f'<text class="axis" x="{num(column.x0 + 2)}" y="{num(grid_top - 8)}">'
            f"E{column.position.episode}</text>"
        )
        yield (
            f'<line x1="{num(column.x0)}" y1="{num(grid_top - 4)}" x2="{num(column.x0)}" '
            f'y2="{num(grid_bottom)}" stroke="#e4e8ee" stroke-width="1"/>'
        )
    colours = group_colours(G)
    for k, lane in enumerate(layout.lanes):
        if k % 2 == 0:
            yield (
                f'<rect x="{num(lane.x0)}" y="{num(lane.y0)}" width="{num(lane.x1 - lane.x0)}" '
                f'height="{num(lane.y1 - lane.y0)}" fill="#f6f7f9"/>'
            )
        colour = colour_of(colours, lane.group)
        yield (
            f'<rect x="{num(lane.x0 + 2)}" y="{num(lane.y0 + 4)}" width="5" '
            f'height="{num(CELL_H - 8)}" rx="2" fill="{colour}"/>'
        )
        (line,) = wrap(f"{lane.label} ({lane.count})", int((LABELS - 24) / 7.0), 1)
        yield (
            f'<text class="lane-label" x="{num(lane.x0 + 12)}" y="{num(lane.y0 + 19)}">'
            f"<title>{esc(lane.label)}: {plural(lane.count, 'beat')}</title>{esc(line)}</text>"
        )
    yield from _cells(G, layout, colours, marks)
    yield '<g class="legend">'
    x, y = float(MARGIN), layout.height + 4
    for kind, style, text in LEGEND:
        if kind == "shade":
            yield (
                f'<rect x="{num(x)}" y="{num(y)}" width="16" height="16" rx="3" '
                f'fill="{tint("#0072b2", 0.55)}"/>'
            )
            yield f'<text class="legend" x="{num(x + 22)}" y="{num(y + 12)}">{esc(text)}</text>'
        elif kind == "death":
            yield f'<path d="M{num(x + 6)},{num(y)} h10 v10 z" fill="#1f2430"/>'
            yield f'<text class="legend" x="{num(x + 22)}" y="{num(y + 12)}">{esc(text)}</text>'
        elif kind == "problem":
            yield (
                f'<rect x="{num(x + 1)}" y="{num(y + 1)}" width="14" height="14" rx="3" '
                f'fill="none" stroke="{PROBLEM_COLOURS["error"]}" stroke-width="2.5"/>'
            )
            yield f'<text class="legend" x="{num(x + 22)}" y="{num(y + 12)}">{esc(text)}</text>'
        else:
            yield from legend_item(kind, style, text, x, y)
        x += len(text) * 7.0 + (14 if kind == "head" else 40)
    yield "</g>"
    yield "</svg>"


def _cells(
    G: nx.MultiDiGraph, layout: Layout, colours: dict[str, str], marks: dict[str, list[Any]]
) -> Iterator[str]:
    from arcs.export.svg import esc, num

    cells: dict[tuple[float, float], list[Any]] = {}
    for node in sorted(G, key=lambda n: (G.nodes[n]["at"], G.nodes[n].get("rank", 0), str(n))):
        box = layout.boxes[node]
        cells.setdefault((box.x, box.y), []).append(node)
    lanes = {lane.y0: lane for lane in layout.lanes}
    yield '<g class="cells">'
    for (cx, cy), beats in cells.items():
        first = G.nodes[beats[0]]
        lane = lanes.get(cy - CELL_H / 2)
        colour = colour_of(colours, lane.group if lane else "")
        count = len(beats)
        deaths = sum(int(G.nodes[b].get("deaths", 0)) for b in beats)
        found = [m for b in beats for m in marks.get(str(b), [])]
        when: Position = first["at"]
        x0, y0 = cx - CELL_W / 2, cy - CELL_H / 2
        shade = 0.85 if count == 1 else 0.68 if count <= 3 else 0.48 if count <= 6 else 0.25
        ink = "#ffffff" if shade < 0.5 else "#1f2430"
        names = ", ".join(str(G.nodes[b].get("label", b)) for b in beats[:12])
        more = f" and {count - 12} more" if count > 12 else ""
        tip = [f"{lane.label if lane else ''} · {when}: {plural(count, 'beat')}"]
        if deaths:
            tip.append(plural(deaths, "death"))
        if found:
            tip.append(plural(len(found), "problem"))
        lines = [", ".join(tip), names + more] + [f"⚠ {m.code} {m.message}" for m in found[:5]]
        key = lane.key if lane else ""
        yield (
            f'<g class="cell" data-first="{esc(beats[0])}" data-lane="{esc(key)}" '
            f'data-at="{when}"><title>{esc(chr(10).join(lines))}</title>'
        )
        yield (
            f'<rect x="{num(x0 + 2)}" y="{num(y0 + 2)}" width="{CELL_W - 4}" height="{CELL_H - 4}" '
            f'rx="3" fill="{tint(colour, shade)}"/>'
        )
        yield (
            f'<text class="cell-count" x="{num(cx)}" y="{num(cy + 4)}" fill="{ink}">{count}</text>'
        )
        if deaths:
            yield (
                f'<path d="M{num(x0 + CELL_W - 12)},{num(y0 + 2)} h10 v10 z" fill="#1f2430"/>'
            )
        if found:
            worst = max(found, key=lambda m: SEVERITY_RANK.get(m.severity, 0)).severity
            yield (
                f'<rect x="{num(x0 + 2)}" y="{num(y0 + 2)}" width="{CELL_W - 4}" '
                f'height="{CELL_H - 4}" rx="3" fill="none" '
                f'stroke="{PROBLEM_COLOURS.get(worst, PROBLEM_COLOURS["error"])}" '
                'stroke-width="2.5"/>'
            )
        yield "</g>"
    yield "</g>"
