"""The graph's far zoom levels, laid out in cells for the pane: a season across it,
then the whole show in it.

At ``season`` every episode of the widest season fits the pane's width: an
episode is a few cells, a beat is one mark (``●``) in its lane and episode,
lanes grow a row when an episode holds more beats than its cells, and each
season band keeps its lane names at its left, as the cards do. At ``show``
every episode of every season fits: one gutter of lane names, the seasons'
lanes one under another, and each lane and episode a count of its beats
(the overview's grid). An arc is a bar over its episodes at both levels.
Lanes keep :func:`arcs.layout.layout`'s order (crossings cut), so the
levels read alike; the dependencies are drawn at the cards level only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style

from arcs.layout import ARC_ROW, LANE_PAD, Column, Layout
from tui.drawing import HEAD_ROWS, Drawing, Hit, Palette, episode_labels

if TYPE_CHECKING:
    import networkx as nx

#: The widest an episode's column gets at the far levels.
MAX_COLUMN = {"season": 12, "show": 6}
#: Lane names take this many cells before the episodes are sized, and at most
#: ``MAX_GUTTER`` with the room the episodes leave.
GUTTER, MAX_GUTTER = 12, 24


def draw_far(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette, *, zoom: str,
    pane: tuple[int, int],
) -> None:
    """Draw timeline ``view`` at ``zoom`` (``season`` or ``show``) for a ``pane`` of cells."""
    show = zoom == "show"
    bars = view.graph.get("view") == "arcs"
    per_band = not bars and view.graph.get("lanes") == "arc"
    bands = layout.bands
    episodes: list[list[Column]] = [
        [c for c in layout.columns if c.position.season_id == band.season] for band in bands
    ]
    longest = max((cell_len(lane.label) for lane in layout.lanes), default=4) + 1
    total = sum(len(e) for e in episodes)
    width = pane[0] - 1  # a cell for the scroll bar's edge
    gutter = min(GUTTER, max(4, longest))
    widest = max((len(e) for e in episodes), default=1)
    if show:
        gutter = max(4, min(gutter, width - len(bands) - total))
        column = (width - gutter - len(bands)) // max(1, total)
        spare = width - len(bands) - total * column
    else:
        column = (width - gutter - 1) // max(1, widest)
        spare = width - 1 - widest * column
    column = max(1 if show else 3, min(MAX_COLUMN[zoom], column))
    # What the episodes leave goes to the lane names, up to the longest.
    gutter = max(gutter, min(longest, MAX_GUTTER, spare))
    gutters = per_band and not show  # a gutter per season band, as the cards have

    # x: a rule at each band's start, a gutter where lane names go, the episodes.
    x = 0
    band_span: dict[str, tuple[int, int, int]] = {}  # season -> (x0, gutter x, x1)
    column_x: dict[object, int] = {}
    for k, (band, cols) in enumerate(zip(bands, episodes, strict=True)):
        x0 = x
        x += 1
        names_x = x
        if k == 0 or gutters:
            x += gutter
        for c in cols:
            column_x[c.position] = x
            x += column
        band_span[band.season] = (x0, names_x, x)
    end = x

    # y: lanes in the layout's order; the seasons' lanes side by side (each band its
    # own gutter) at season, one under another at show.
    lane_band = {i: _band_of(layout, lane.x0) for i, lane in enumerate(layout.lanes)}
    members: dict[int, list[Hashable]] = defaultdict(list)
    index = {(lane_band[i] if per_band else "", lane.key): i for i, lane in enumerate(layout.lanes)}
    boxes = layout.boxes
    for node in sorted(boxes, key=lambda n: (boxes[n].x, boxes[n].y)):
        data = view.nodes[node]
        season = f"S{data.get('season')}" if per_band else ""
        found = index.get((season, str(data.get("lane", ""))))
        if found is not None:
            members[found].append(node)
    per_row = max(1, column - 1)
    heights = {}
    for i, lane in enumerate(layout.lanes):
        if bars:
            rows = [_bar_row(boxes[n].y, lane.y0) for n in members[i]]
            heights[i] = max(rows, default=0) + 1
        elif show:
            heights[i] = 1
        else:
            cells: dict[object, int] = defaultdict(int)
            for n in members[i]:
                cells[view.nodes[n]["at"]] += 1
            heights[i] = max([1, *((n + per_row - 1) // per_row for n in cells.values())])
    lane_y: dict[int, int] = {}
    next_y: dict[str, int] = defaultdict(lambda: HEAD_ROWS)
    for i in range(len(layout.lanes)):
        group = lane_band[i] if gutters else ""
        lane_y[i] = next_y[group]
        next_y[group] += heights[i]
    bottom = max(next_y.values(), default=HEAD_ROWS)

    muted = Style(color=p.muted)
    stripe = Style(bgcolor=p.lane)
    for i in range(len(layout.lanes)):
        if i % 2 and not show:
            for y in range(lane_y[i], lane_y[i] + heights[i]):
                drawing.row_styles[y] = stripe
    for band, cols in zip(bands, episodes, strict=True):
        x0, _, x1 = band_span[band.season]
        title, style = f"{band.season} {band.title}", Style(color=p.text, bold=True)
        drawing.label(x0 + 1, 0, title, style, limit=max(2, x1 - x0 - 2), kind="band",
                      until=x1 - 1)
        for y in range(1, max(bottom, HEAD_ROWS + 1)):
            drawing.put(x0, y, "┊", muted)
        spans = [(column_x[c.position], column_x[c.position] + column, c.position.episode)
                 for c in cols]
        episode_labels(drawing, spans, 1, muted)
        if show:  # every other episode shaded, so that counts side by side read apart
            for k, c in enumerate(cols):
                if k % 2:
                    for y in range(HEAD_ROWS, bottom):
                        for dx in range(column):
                            drawing.put(column_x[c.position] + dx, y, " ", stripe)
    for i, lane in enumerate(layout.lanes):
        season = lane_band[i] if gutters else bands[0].season if bands else ""
        _, names_x, x1 = band_span.get(season, (0, 1, end))
        style = Style(color=p.colours.get(lane.group, p.muted), bold=True)
        y = lane_y[i]
        drawing.label(names_x, y, lane.label, style, limit=gutter - 1, kind="lane",
                      until=x1 if gutters else end)
    for i, lane in enumerate(layout.lanes):
        if bars:
            _bars(drawing, view, layout, p, members[i], lane_y[i], lane.y0, column_x, column)
        elif show:
            _counts(drawing, view, p, members[i], lane_y[i], column_x, column, lane.group)
        else:
            _marks(drawing, view, p, members[i], lane_y[i], column_x, per_row)
    drawing.width = max(drawing.width, end)
    drawing.height = max(drawing.height, bottom)


def _band_of(layout: Layout, x0: float) -> str:
    band = next((b for b in layout.bands if abs(b.x0 - x0) < 1), None)
    return band.season if band is not None else ""


def _bar_row(y: float, lane_y0: float) -> int:
    """The row of an arc's bar inside its lane, as :func:`arcs.layout.layout` packed it."""
    return max(0, round((y - lane_y0 - LANE_PAD - ARC_ROW / 2) / ARC_ROW))


def _marks(
    drawing: Drawing, view: nx.MultiDiGraph, p: Palette, nodes: list[Hashable], top: int,
    column_x: dict[object, int], per_row: int,
) -> None:
    """A mark per beat in its episode, in story order, wrapping to the lane's next row."""
    placed: dict[object, int] = defaultdict(int)
    for node in nodes:
        data = view.nodes[node]
        k = placed[data["at"]]
        placed[data["at"]] += 1
        x, y = column_x[data["at"]] + k % per_row, top + k // per_row
        style = Style(color=p.colours.get(str(data.get("group", "")), p.text), bold=True,
                      italic=bool(data.get("flashback")))
        drawing.put(x, y, "●", style)
        drawing.hits.append(Hit(node, x, y, 1))


def _counts(
    drawing: Drawing, view: nx.MultiDiGraph, p: Palette, nodes: list[Hashable], y: int,
    column_x: dict[object, int], column: int, group: str,
) -> None:
    """A count per episode of the lane; the count's mark stands for each beat in it."""
    cells: dict[object, list[Hashable]] = defaultdict(list)
    for node in nodes:
        cells[view.nodes[node]["at"]].append(node)
    style = Style(color=p.colours.get(group, p.text), bold=True)
    for at, here in cells.items():
        x = column_x[at]
        text = str(len(here))
        if cell_len(text) > column:
            text = "+"
        row = drawing.rows.get(y, {})
        for dx, char in enumerate(text):
            under = row.get(x + dx)  # keep the shade of every other episode under the count
            drawing.put(x + dx, y, char, under[1] + style if under else style)
        hit = Hit(here[0], x, y, max(1, min(column, len(text))))
        drawing.hits.append(hit)
        for node in here[1:]:
            drawing.members[node] = hit


def _bars(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette, nodes: list[Hashable],
    top: int, lane_y0: float, column_x: dict[object, int], column: int,
) -> None:
    """An arc is a bar from its first episode to its last, named inside where it has room."""
    for node in nodes:
        data = view.nodes[node]
        first, last = data.get("first"), data.get("last")
        if first is None or last is None:
            continue
        x0 = column_x[first]
        x1 = column_x[last] + column - (1 if column > 1 else 0)
        y = top + _bar_row(layout.boxes[node].y, lane_y0)
        style = p.node(str(data.get("group", "")))
        for x in range(x0, max(x1, x0 + 1)):
            drawing.put(x, y, " ", style)
        full = str(data.get("label", node))
        if x1 - x0 >= 4:  # a letter and an ellipsis at least, a space either side
            drawing.label(x0 + 1, y, full, style, limit=x1 - x0 - 2, kind="node", until=x1 - 1)
        drawing.hits.append(Hit(node, x0, y, max(1, x1 - x0)))
