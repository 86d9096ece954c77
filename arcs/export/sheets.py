"""The report's card board on paper: each season cut into sheets of readable size.

The board is drawn once (the report's Beats tab). A sheet is a small ``<svg>``
whose nested ``<svg viewBox>``\\ es ``<use>`` its season's backdrop on the board
(``#ar-board-bands-S1``, ``#ar-board-lanes-S1``) and the cards and links of its
own tile and its neighbours' (``#ar-sheet-S1-3-0-cards``...), so the HTML grows
by a few lines per sheet, never by a copy of the drawing. Each sheet shows its
episodes (the band and episode heads over its columns), its lanes' names on the
left and the legend (drawn once, ``#ar-sheet-legend``) at the foot.

A sheet is sized so that the smallest text on a card prints at
``MIN_PT`` or more on A4 landscape when the sheet fills the page's width
(A3 is 1.41 times larger: 11.9 pt for 8.4). Tiles are cut between episodes
where one fits, else between cards, else where they must; sheets run in story
order (episodes first, then rows down), and a tile with no card is not printed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace

import networkx as nx

from arcs.export.style import caption
from arcs.export.svg import (
    LEGEND_ROW,
    esc,
    item_width,
    legend_item,
    legend_rows,
    num,
    smallest_text,
)
from arcs.layout import BAND_HEAD, EPISODE_HEAD, HEADER, MARGIN, Band, Layout

BOARD = "ar-board"
LEGEND = "ar-sheet-legend"
#: A4 landscape's printable width and height (10 mm margins, ``@page`` in the
#: report's print CSS), in CSS px (96 to the inch); the heading above a sheet.
PAGE_W, PAGE_H, HEADING = 277 / 25.4 * 96, 190 / 25.4 * 96, 44
MIN_PT = 8.4  # a little over the 8 pt asked, for rounding in the PDF
AXIS = BAND_HEAD + EPISODE_HEAD


@dataclass(frozen=True, slots=True)
class Sheet:
    """One printed page of a season: board x0..x1, y0..y1 beside the lane names in
    gutter (g0, g1); ``part`` names its cards' and links' groups; ``near`` the
    parts whose links it also shows (its neighbours')."""

    season: str
    title: str
    x0: float
    x1: float
    y0: float
    y1: float
    gutter: tuple[float, float]
    part: str
    first: str
    last: str
    near: tuple[str, ...] = ()
    #: the groups of the board it shows behind the cards: its season's band and
    #: episodes, the band the lane names stand in, the lanes
    bands: str = ""
    gutter_bands: str = ""
    lanes: str = ""


@dataclass(slots=True)
class Paper:
    """The sheets of a board, the part of each card, and the sheet's size (board px)."""

    sheets: list[Sheet]
    parts: dict[Hashable, str]
    width: float
    height: float
    legend: list[list[tuple[str, str, str]]]


def plan(V: nx.MultiDiGraph, L: Layout, problems: bool = False) -> Paper | None:
    """The sheets for the card board ``V`` at ``L``; ``None`` for a board with no seasons."""
    if L.kind != "timeline" or not L.bands:
        return None
    smallest = 11.0
    for node, data in V.nodes(data=True):
        if data.get("kind") == "beat":
            _, details = caption(data)
            change = next((d for d in details if d.startswith("→ ")), "")
            smallest = min(smallest, smallest_text(change, L.boxes[node].width))
    # board px per CSS px at which `smallest` prints at MIN_PT (1 px = 0.75 pt)
    width = PAGE_W * 0.75 * smallest / MIN_PT
    legend = legend_rows(V, replace(L, width=width), problems)
    legend_h = len(legend) * LEGEND_ROW + (12 if legend else 0)
    height = width * (PAGE_H - HEADING) / PAGE_W
    body = max(height - AXIS - legend_h, 2 * 74)
    height = AXIS + body + legend_h
    by_band: dict[int, list[Hashable]] = {}
    starts = [band.x0 for band in L.bands]
    for node, box in L.boxes.items():
        k = _band_of(starts, box.x)
        by_band.setdefault(k, []).append(node)
    sheets: list[Sheet] = []
    parts: dict[Hashable, str] = {}
    for k, band in enumerate(L.bands):
        sheets += _band_sheets(V, L, band, by_band.get(k, []), width, body, parts)
    return Paper(sheets, parts, width, height, legend)


def _band_of(starts: list[float], x: float) -> int:
    k = 0
    for i, x0 in enumerate(starts):
        if x >= x0:
            k = i
    return k


def _band_sheets(
    V: nx.MultiDiGraph, L: Layout, band: Band, nodes: list[Hashable], width: float,
    body: float, parts: dict[Hashable, str],
) -> list[Sheet]:
    if not nodes:
        return []
    boxes = L.boxes
    lanes = [lane for lane in L.lanes if lane.x0 <= band.x0 + 0.5 and lane.x1 >= band.x1 - 0.5]
    own = f"{BOARD}-bands-{band.season}"
    if band.x_lanes > band.x0:
        gutter, gutter_bands = (band.x0, band.x_lanes), own
        lane_group = f"{BOARD}-lanes-{band.season}"
    else:  # lanes through the whole plan: their names at its left
        first = L.bands[0]
        gutter = (first.x0, max(first.x_lanes, first.x0))
        gutter_bands = f"{BOARD}-bands-{first.season}"
        lane_group = f"{BOARD}-lanes-all"
    room = max(width - (gutter[1] - gutter[0]), 300.0)
    columns = [c for c in L.columns if band.x_lanes - 0.5 <= c.x0 < band.x1]
    top = MARGIN + HEADER + AXIS
    bottom = max(
        [lane.y1 for lane in lanes] + [boxes[n].y + boxes[n].height / 2 + 8 for n in nodes]
    )
    xs = _cuts(
        band.x_lanes, band.x1, room, [c.x0 for c in columns],
        [(boxes[n].left, boxes[n].right) for n in nodes],
    )
    ys = _cuts(
        top, bottom, body, [lane.y1 for lane in lanes],
        [(boxes[n].y - boxes[n].height / 2, boxes[n].y + boxes[n].height / 2) for n in nodes],
    )
    grid: dict[tuple[int, int], list[Hashable]] = {}
    for n in nodes:
        box = boxes[n]
        grid.setdefault((_index(xs, box.x), _index(ys, box.y)), []).append(n)
    names = {(i, j): f"ar-sheet-{band.season}-{i}-{j}" for i, j in grid}
    out = []
    for i in range(len(xs) - 1):
        episodes = [c for c in columns if xs[i] - 0.5 <= c.x0 < xs[i + 1] - 1] or [
            c for c in columns if c.x0 <= xs[i] < c.x1
        ]
        for j in range(len(ys) - 1):
            if (i, j) not in grid:
                continue
            part = names[(i, j)]
            for n in grid[(i, j)]:
                parts[n] = part
            near = tuple(
                names[(a, b)] for a in (i - 1, i, i + 1) for b in (j - 1, j, j + 1)
                if (a, b) != (i, j) and (a, b) in names
            )
            out.append(Sheet(
                band.season, band.title, xs[i], xs[i + 1], ys[j], ys[j + 1], gutter, part,
                f"E{episodes[0].position.episode}" if episodes else "",
                f"E{episodes[-1].position.episode}" if episodes else "", near,
                own, gutter_bands, lane_group,
            ))
    return out


def _index(cuts: list[float], at: float) -> int:
    for k in range(len(cuts) - 1):
        if at < cuts[k + 1]:
            return k
    return len(cuts) - 2


def _cuts(
    start: float, end: float, room: float, preferred: Sequence[float],
    spans: Sequence[tuple[float, float]],
) -> list[float]:
    """Where to cut start..end into pieces at most ``room`` long: at the farthest
    ``preferred`` place within reach (an episode's or a lane's edge), else in the
    farthest gap between ``spans`` (cards), else at ``room``."""
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + 2:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    gaps = [(merged[k][1] + merged[k + 1][0]) / 2 for k in range(len(merged) - 1)]
    cuts = [start]
    while end - cuts[-1] > room:
        at = cuts[-1]
        reach = at + room
        choice = max((p for p in preferred if at + room / 3 < p <= reach), default=None)
        if choice is None:
            choice = max((g for g in gaps if at + 20 < g <= reach), default=reach)
        cuts.append(choice)
    cuts.append(end)
    return cuts


def legend_defs(paper: Paper) -> Iterator[str]:
    """The legend every sheet shows, drawn once (off screen and off paper)."""
    yield '<svg class="ar-defs" width="0" height="0" aria-hidden="true"><defs>'
    yield f'<g id="{LEGEND}" class="legend">'
    y = 4.0
    for row in paper.legend:
        x = float(MARGIN)
        for item in row:
            yield from legend_item(*item, x, y)
            x += item_width(item)
        y += LEGEND_ROW
    yield "</g></defs></svg>"


def sheet(paper: Paper, s: Sheet, number: int, of: int, title: str) -> Iterator[str]:
    """One printed page: its heading, then its axis, lane names, cards and legend."""
    episodes = s.first if s.first == s.last else f"{s.first}–{s.last}"
    yield '<section class="ar-print-page">'
    yield (
        f"<h2>{esc(title)} — {esc(s.season)} · {esc(s.title)} "
        f'<span class="ar-muted">{esc(episodes)} · sheet {number} of {of}</span></h2>'
    )
    g0, g1 = s.gutter
    gw, tw, bh = g1 - g0, s.x1 - s.x0, s.y1 - s.y0
    axis_y = MARGIN + HEADER
    backdrop = f'<use href="#{s.bands}"/><use href="#{s.lanes}"/>'
    behind_names = f'<use href="#{s.gutter_bands}"/><use href="#{s.lanes}"/>'
    links = "".join(f'<use href="#{p}-links"/>' for p in (*s.near, s.part))
    yield (
        f'<svg class="ar-sheet" data-season="{esc(s.season)}" width="{num(paper.width)}" '
        f'height="{num(paper.height)}" viewBox="0 0 {num(paper.width)} {num(paper.height)}">'
    )
    yield f'<rect width="{num(paper.width)}" height="{num(paper.height)}" fill="#ffffff"/>'
    if gw > 0:  # the season's name over its lane names, then the names of this sheet's rows
        yield _window(0, 0, gw, AXIS, g0, axis_y, f'<use href="#{s.gutter_bands}"/>')
        yield _window(0, AXIS, gw, bh, g0, s.y0, behind_names)
    yield _window(gw, 0, tw, AXIS, s.x0, axis_y, f'<use href="#{s.bands}"/>')
    yield _window(gw, AXIS, tw, bh, s.x0, s.y0, backdrop + links + f'<use href="#{s.part}-cards"/>')
    yield f'<use href="#{LEGEND}" y="{num(AXIS + bh)}"/>'
    yield "</svg></section>"


def _window(x: float, y: float, w: float, h: float, vx: float, vy: float, body: str) -> str:
    """A nested ``<svg>`` at x, y showing the board's w x h from vx, vy (clipped there)."""
    return (
        f'<svg x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
        f'viewBox="{num(vx)} {num(vy)} {num(w)} {num(h)}">{body}</svg>'
    )


def sheets(paper: Paper, title: str) -> Iterator[str]:
    """Every sheet of the board, with the legend they share."""
    yield from legend_defs(paper)
    by_season: dict[str, list[Sheet]] = {}
    for s in paper.sheets:
        by_season.setdefault(s.season, []).append(s)
    for group in by_season.values():
        for k, s in enumerate(group, 1):
            yield from sheet(paper, s, k, len(group), title)
