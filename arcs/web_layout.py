"""Where the pictures of alliances over time put things: the faction web per season
(small multiples) and the stance chart.

The web of :func:`panels` draws one small web per season (or one, at the
view's ``at`` episode), each with only the factions in the story then
(:func:`arcs.queries.faction_span`) and each pair's line in the stance it
held for most of that season. A line that would cross another faction's box
bends around it; a label goes where it sits on no box and no other label,
or, where no such place is found, becomes a numbered note under the panel.
The chart of :func:`stance_chart` gives each faction pair a row and each
episode an equal column, and a pair's stretches of one stance are runs.

Both return an :class:`arcs.layout.Layout`, so that GraphML, GEXF and JSON
still find a box for every node (a faction's box in its first panel, or its
name at the left of the chart).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from arcs.layout import HEADER, MARGIN, Box, Layout
from arcs.queries import Stretch, stance_table
from story_bible.positions import Position

if TYPE_CHECKING:
    import networkx as nx

Node = Hashable
Point = tuple[float, float]

# Geometry, in SVG pixels.
PANEL_W, PANEL_H = 150, 40  # a faction in a panel
PANEL_HEAD = 30
PANEL_PAD = 18
PANEL_GAP = 24
PANELS_PER_ROW = 3
LABEL_H = 16
NOTE_ROW = 16
CLEAR = 6  # how far a line keeps from a box it does not end at
EPISODE_W = 24  # a column of the stance chart
CHART_ROW = 26
CHART_LABELS = 300
SEASON_GAP = 10


@dataclass(frozen=True, slots=True)
class Route:
    """A pair's line in a panel: from ``u`` to ``v`` through ``control`` (a straight line
    when ``control`` is None), in ``stance``, labelled ``label`` at ``label_box`` or, when
    no place was free, by note number ``note``."""

    u: Node
    v: Node
    stance: str
    label: str
    tip: str
    start: Point
    end: Point
    control: Point | None
    label_box: Box | None
    note: int | None = None


@dataclass(slots=True)
class Panel:
    """One small web: a season (or one episode) at ``x0``, ``y0``, ``width`` x ``height``."""

    title: str
    x0: float
    y0: float
    width: float
    height: float
    boxes: dict[Node, Box]
    routes: list[Route] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of one stance in the chart: columns ``x0``..``x1`` of row ``y``."""

    stance: str
    first: Position
    last: Position
    x0: float
    x1: float


@dataclass(slots=True)
class ChartRow:
    a: Node
    b: Node
    label: str
    y: float
    runs: list[Run]


def text_width(text: str, size: float = 11) -> float:
    """About how wide ``text`` is in DejaVu Sans at ``size`` px (its average glyph)."""
    return len(text) * size * 0.6


# -- the web per season ----------------------------------------------------------

def panels(G: nx.MultiDiGraph, order: list[Node] | None = None) -> Layout:
    """The faction web of view ``G`` as small multiples: a panel per season, or one ``at``.

    ``order`` is the factions' order round the circle (default: the view's).
    """
    order = list(order if order is not None else G)
    seasons = sorted(G.graph.get("seasons", {}).items(), key=lambda s: s[1]["number"])
    at = G.graph.get("at")
    windows: list[tuple[str, str, Position, Position]] = []
    if at is not None:
        when = _parse(at)
        sid = f"S{when.season}"
        windows.append((f"{at} · {G.graph['seasons'][sid]['title']}", sid, when, when))
    else:
        for sid, info in seasons:
            first, last = Position(info["number"], 1), Position(info["number"], info["episodes"])
            windows.append((f"{sid} · {info['title']} ({first}–{last})", sid, first, last))
    present = [
        [n for n in order if _present(G.nodes[n], first, last)] for _, _, first, last in windows
    ]
    count = max((len(p) for p in present), default=0)
    rx, ry = _radii(count)
    size = 2 * rx + PANEL_W + 2 * PANEL_PAD
    top = MARGIN + HEADER + (20 if not G.number_of_edges() else 0)
    out: list[Panel] = []
    row_top, row_height = float(top), 0.0
    for k, ((title, sid, first, last), nodes) in enumerate(zip(windows, present, strict=True)):
        if k and k % PANELS_PER_ROW == 0:
            row_top += row_height + PANEL_GAP
            row_height = 0.0
        x0 = MARGIN + (k % PANELS_PER_ROW) * (size + PANEL_GAP)
        panel = _panel(G, title, sid, first, last, nodes, x0, row_top, (size, rx, ry), at)
        row_height = max(row_height, panel.height)
        out.append(panel)
    boxes: dict[Node, Box] = {}
    for panel in out:
        for n, box in panel.boxes.items():
            boxes.setdefault(n, box)
    far = MARGIN + HEADER
    for n in order:  # a faction in no panel (never in the story) still has a place
        boxes.setdefault(n, Box(MARGIN + PANEL_W / 2, far, PANEL_W, PANEL_H))
    columns = min(len(out), PANELS_PER_ROW) or 1
    width = max(2 * MARGIN + columns * size + (columns - 1) * PANEL_GAP, 640.0)
    height = row_top + row_height + MARGIN
    L = Layout("panels", boxes, width, height)
    L.panels = out
    return L


def _radii(count: int) -> tuple[float, float]:
    """The ellipse the factions sit on: wide enough that neighbours at the top stand side
    by side, then as flat as it can be with no two boxes closer than 12 px."""
    if count < 2:
        return 0.0, 0.0
    rx = max(110.0, (PANEL_W + 14) / (2 * math.sin(math.pi / max(count, 3))))
    ry = rx * 0.45
    while ry < rx:
        spots = [_spot(rx, ry, i, count) for i in range(count)]
        if not any(
            overlaps(Box(*spots[i], PANEL_W, PANEL_H), Box(*spots[j], PANEL_W, PANEL_H), 12)
            for i in range(count) for j in range(i + 1, count)
        ):
            break
        ry += 8
    return rx, ry


def _spot(rx: float, ry: float, i: int, count: int) -> Point:
    angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
    return (rx * math.cos(angle), ry * math.sin(angle))


def _parse(at: str) -> Position:
    from story_bible.positions import parse_position

    season, episode = parse_position(at)
    return Position(season, episode or 1)


def _present(data: dict[str, Any], first: Position, last: Position) -> bool:
    start, until = data.get("present_from"), data.get("present_until")
    return (start is None or start <= last) and (until is None or first <= until)


def _panel(
    G: nx.MultiDiGraph, title: str, sid: str, first: Position, last: Position,
    nodes: list[Node], x0: float, y0: float, shape: tuple[float, float, float], at: str | None,
) -> Panel:
    width, rx, ry = shape
    height = 2 * ry + PANEL_H + 2 * PANEL_PAD
    cx, cy = x0 + width / 2, y0 + PANEL_HEAD + height / 2
    boxes = {}
    for i, n in enumerate(nodes):
        dx, dy = _spot(rx, ry, i, len(nodes)) if len(nodes) > 1 else (0.0, 0.0)
        boxes[n] = Box(round(cx + dx, 1), round(cy + dy, 1), PANEL_W, PANEL_H)
    size = width
    panel = Panel(title, x0, y0, size, PANEL_HEAD + height, boxes)
    labels: list[Box] = []
    area = Box(x0 + size / 2, y0 + PANEL_HEAD + height / 2, size, height)
    for a, b, stance, label, tip in _pairs(G, sid, first, last, at):
        if a not in boxes or b not in boxes:
            continue
        start, end = (boxes[a].x, boxes[a].y), (boxes[b].x, boxes[b].y)
        others = [box for n, box in boxes.items() if n not in (a, b)]
        control = _route(start, end, others, (cx, cy))
        spot = _label_spot(start, end, control, label, [*boxes.values(), *labels], area)
        note = None
        if spot is None:
            panel.notes.append(f"{len(panel.notes) + 1}. {G.nodes[a]['label']} – "
                               f"{G.nodes[b]['label']}: {label}")
            note = len(panel.notes)
            spot = _label_spot(start, end, control, str(note), [*boxes.values(), *labels], area)
        if spot is not None:
            labels.append(spot)
        panel.routes.append(Route(a, b, stance, label, tip, start, end, control, spot, note))
    panel.height += len(panel.notes) * NOTE_ROW + (6 if panel.notes else 0)
    return panel


def _pairs(
    G: nx.MultiDiGraph, sid: str, first: Position, last: Position, at: str | None
) -> Iterable[tuple[Node, Node, str, str, str]]:
    """Each pair with a stance in the window: its main stance, its label and its tooltip."""
    table = stance_table(G, sid)
    for row in table.rows:
        stretches = [
            s for s in row.seasons[0]
            if s.stance is not None and s.last >= first.episode and s.first <= last.episode
        ]
        if not stretches:
            continue
        names = f"{G.nodes[row.a]['label']} – {G.nodes[row.b]['label']}"
        if at is not None:
            stance = str(stretches[0].stance)
            yield row.a, row.b, stance, stance, f"{names}: {_stretch_words(sid, stretches[0])}"
            continue
        main = max(stretches, key=lambda s: (s.last - s.first, s.first)).stance
        whole = len(stretches) == 1 and stretches[0].first == first.episode and (
            stretches[0].last == last.episode
        )
        label = str(main) if whole else ", ".join(
            f"{s.stance} {_episodes(s)}" for s in stretches
        )
        tip = f"{names}: " + "; ".join(_stretch_words(sid, s) for s in stretches)
        yield row.a, row.b, str(main), label, tip


def _episodes(s: Stretch) -> str:
    return f"E{s.first}" if s.first == s.last else f"E{s.first}–{s.last}"


def _stretch_words(sid: str, s: Stretch) -> str:
    if s.first == s.last:
        return f"{s.stance} {sid}E{s.first:02d}"
    return f"{s.stance} {sid}E{s.first:02d}–{sid}E{s.last:02d}"


def _route(start: Point, end: Point, others: list[Box], centre: Point) -> Point | None:
    """None for a straight line that clears every other box, else a control point of a
    curve that does (the smallest bend found, tried on both sides)."""
    if not any(_hits(_curve(start, end, None), box) for box in others):
        return None
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length
    # bend towards the centre first: the inside of the circle is where no box is
    towards = 1.0 if (centre[0] - mx) * nx_ + (centre[1] - my) * ny_ >= 0 else -1.0
    best, fewest = None, len(others) + 1
    for step in range(1, 12):
        for side in (towards, -towards):
            control = (mx + side * nx_ * 30 * step, my + side * ny_ * 30 * step)
            hits = sum(_hits(_curve(start, end, control), box) for box in others)
            if hits == 0:
                return control
            if hits < fewest:
                best, fewest = control, hits
    return best


def _curve(start: Point, end: Point, control: Point | None, steps: int = 24) -> list[Point]:
    if control is None:
        return [start, end]
    points = []
    for k in range(steps + 1):
        t = k / steps
        points.append((
            (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t * t * end[0],
            (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t * t * end[1],
        ))
    return points


def curve_points(route: Route, steps: int = 24) -> list[Point]:
    """The route's line as points (two for a straight line)."""
    return _curve(route.start, route.end, route.control, steps)


def _hits(points: list[Point], box: Box) -> bool:
    """Whether the polyline ``points`` passes through ``box`` grown by :data:`CLEAR`."""
    x0, x1 = box.left - CLEAR, box.right + CLEAR
    y0, y1 = box.y - box.height / 2 - CLEAR, box.y + box.height / 2 + CLEAR
    return any(_segment_hits(p, q, x0, y0, x1, y1) for p, q in itertools.pairwise(points))


def _segment_hits(p: Point, q: Point, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Liang-Barsky: does segment p-q meet the rectangle?"""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def overlaps(a: Box, b: Box, gap: float = 0.0) -> bool:
    """Whether two boxes overlap (or come closer than ``gap``)."""
    return (
        abs(a.x - b.x) * 2 < a.width + b.width + 2 * gap
        and abs(a.y - b.y) * 2 < a.height + b.height + 2 * gap
    )


def _label_spot(
    start: Point, end: Point, control: Point | None, label: str, taken: list[Box], area: Box
) -> Box | None:
    width = text_width(label) + 12
    points = _curve(start, end, control, 20)
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length
    for t in (10, 8, 12, 6, 14, 4, 16, 3, 17):
        px, py = points[t] if control is not None else (
            start[0] + dx * t / 20, start[1] + dy * t / 20
        )
        for shift in (0, 14, -14, 28, -28):
            box = Box(round(px + nx_ * shift, 1), round(py + ny_ * shift, 1), width, LABEL_H)
            inside = (
                box.left >= area.left and box.right <= area.right
                and box.y - LABEL_H / 2 >= area.y - area.height / 2
                and box.y + LABEL_H / 2 <= area.y + area.height / 2
            )
            if inside and not any(overlaps(box, other, 2) for other in taken):
                return box
    return None


# -- the stance chart ------------------------------------------------------------

def stance_chart(G: nx.MultiDiGraph) -> Layout:
    """Each faction pair a row, each episode an equal column; runs of one stance."""
    seasons = sorted(G.graph.get("seasons", {}).items(), key=lambda s: s[1]["number"])
    x = float(MARGIN + CHART_LABELS)
    columns: dict[Position, tuple[float, float]] = {}
    bands = []
    for sid, info in seasons:
        start = x
        for e in range(1, info["episodes"] + 1):
            columns[Position(info["number"], e)] = (x, x + EPISODE_W)
            x += EPISODE_W
        bands.append((sid, str(info["title"]), start, x))
        x += SEASON_GAP
    top = MARGIN + HEADER + 46
    table = stance_table(G)
    rows: list[ChartRow] = []
    for k, row in enumerate(table.rows):
        y = top + k * CHART_ROW + CHART_ROW / 2
        runs = []
        for (_, info), stretches in zip(seasons, row.seasons, strict=True):
            for s in stretches:
                if s.stance is None:
                    continue
                first, last = Position(info["number"], s.first), Position(info["number"], s.last)
                runs.append(Run(str(s.stance), first, last, columns[first][0], columns[last][1]))
        label = f"{G.nodes[row.a]['label']} ↔ {G.nodes[row.b]['label']}"
        rows.append(ChartRow(row.a, row.b, label, y, runs))
    boxes: dict[Node, Box] = {}
    for chart_row in rows:
        for n in (chart_row.a, chart_row.b):
            boxes.setdefault(
                n, Box(MARGIN + CHART_LABELS / 2, chart_row.y, CHART_LABELS, CHART_ROW - 4)
            )
    for n in G:
        boxes.setdefault(n, Box(MARGIN + CHART_LABELS / 2, top, CHART_LABELS, CHART_ROW - 4))
    width = max(x + MARGIN, 640.0)
    height = top + max(len(rows), 1) * CHART_ROW + MARGIN
    L = Layout("chart", boxes, width, height)
    L.rows = rows
    L.chart_bands = bands
    L.chart_columns = columns
    return L

