"""Character-cell drawings of a laid-out view, for the graph tab.

:func:`draw` turns :func:`arcs.layout.layout`'s pixel coordinates into
terminal cells (one cell is ``PX_X`` by ``PX_Y`` pixels), so the terminal
shows the same picture as the SVG export: season bands with their episodes
across the top, lanes down the side, nodes as coloured labels, edges as
box-drawing lines that join where they meet. The drawing is sparse (a dict
per row), so a 1,000-beat timeline thousands of cells wide stays small.
No Textual here: the canvas widget only slices rows out of a drawing.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style

from arcs.layout import BAND_HEAD, EPISODE_HEAD, HEADER, MARGIN, Layout
from tui.theme import stance_colour

if TYPE_CHECKING:
    import networkx as nx

PX_X = 9.0
PX_Y = 37.0
#: Rows above the lanes: season titles, episode numbers.
HEAD_ROWS = 2

UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
_BOX = {
    LEFT | RIGHT: "─", UP | DOWN: "│", DOWN | RIGHT: "╭", DOWN | LEFT: "╮", UP | RIGHT: "╰",
    UP | LEFT: "╯", UP | DOWN | RIGHT: "├", UP | DOWN | LEFT: "┤", DOWN | LEFT | RIGHT: "┬",
    UP | LEFT | RIGHT: "┴", UP | DOWN | LEFT | RIGHT: "┼", UP: "│", DOWN: "│", LEFT: "─",
    RIGHT: "─",
}

Cell = tuple[str, Style]


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a node is drawn, in cells (for selection and mouse clicks)."""

    node: Hashable
    x: int
    y: int
    width: int


@dataclass
class Drawing:
    """A sparse grid of styled characters; ``""`` marks the second cell of a wide one."""

    width: int = 0
    height: int = 0
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    #: Background of whole rows (lanes), under everything drawn on them.
    row_styles: dict[int, Style] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    #: Labels that stay at the left edge while their lane scrolls past: row -> spans
    #: ``(x0, x1, text, style)`` over which the label of that row sticks.
    sticky: dict[int, list[tuple[int, int, str, Style]]] = field(default_factory=dict)
    _lines: dict[tuple[int, int], tuple[int, Style]] = field(default_factory=dict)

    def put(self, x: int, y: int, char: str, style: Style) -> None:
        if x < 0 or y < 0:
            return
        self.rows.setdefault(y, {})[x] = (char, style)
        self.width = max(self.width, x + 1)
        self.height = max(self.height, y + 1)

    def text(self, x: int, y: int, text: str, style: Style, limit: int | None = None) -> int:
        """Write ``text`` from ``x``, cut to ``limit`` cells with an ellipsis; returns its width."""
        if limit is not None and cell_len(text) > limit:
            text = _cut(text, limit)
        start = x
        for char in text:
            width = get_character_cell_size(char)
            if width == 0:
                continue
            self.put(x, y, char, style)
            if width == 2:
                self.put(x + 1, y, "", style)
            x += width
        return x - start

    def line(self, x0: int, y0: int, x1: int, y1: int, style: Style) -> None:
        """A horizontal or vertical line; lines that meet join (╭ ┬ ┼ ...)."""
        if y0 == y1:
            a, b = sorted((x0, x1))
            for x in range(a, b + 1):
                self._join(x, y0, (LEFT if x > a else 0) | (RIGHT if x < b else 0), style)
        else:
            a, b = sorted((y0, y1))
            for y in range(a, b + 1):
                self._join(x0, y, (UP if y > a else 0) | (DOWN if y < b else 0), style)

    def _join(self, x: int, y: int, bits: int, style: Style) -> None:
        old, old_style = self._lines.get((x, y), (0, style))
        self._lines[(x, y)] = (old | bits, old_style if old else style)

    def ink_lines(self) -> None:
        """Turn the joined lines into box-drawing characters (before nodes are drawn)."""
        for (x, y), (bits, style) in self._lines.items():
            if bits:
                self.put(x, y, _BOX[bits], style)
        self._lines.clear()

    def row(self, y: int, x0: int, width: int, blank: Style) -> list[Cell]:
        """Cells ``x0 .. x0 + width`` of row ``y`` (half a wide character shows as a space)."""
        cells = self.rows.get(y, {})
        base = blank + self.row_styles[y] if y in self.row_styles else blank
        out: list[Cell] = []
        end = x0 + width
        for x in range(x0, end):
            found = cells.get(x)
            if found is None:
                out.append((" ", base))
                continue
            char, style = found
            if char == "":
                if x == x0:
                    out.append((" ", base + style))
                continue
            if x == end - 1 and get_character_cell_size(char) == 2:
                char = " "
            out.append((char, base + style))
        return out


def _cut(text: str, limit: int) -> str:
    out, used = [], 0
    for char in text:
        width = get_character_cell_size(char)
        if used + width > limit - 1:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"


def cx(px: float) -> int:
    return round(px / PX_X)


def cy(px: float, layout: Layout) -> int:
    return HEAD_ROWS + round((px - _lanes_top(layout)) / PX_Y)


def _lanes_top(layout: Layout) -> float:
    if layout.lanes:
        return min(lane.y0 for lane in layout.lanes)
    # A plan without arcs has no lanes: put the top where arcs.layout starts them.
    return MARGIN + HEADER + BAND_HEAD + EPISODE_HEAD


@dataclass(frozen=True)
class Palette:
    """The styles a drawing uses (from the app's theme and story colours)."""

    colours: dict[str, str]
    dark: bool
    text: str
    muted: str
    lane: str
    band: str
    selected: str

    def node(self, group: str) -> Style:
        colour = self.colours.get(group)
        if colour is None:
            return Style(color=self.text, bgcolor=self.band)
        return Style(color="#15171c" if self.dark else "#fffdf8", bgcolor=colour)


def draw(view: nx.MultiDiGraph, layout: Layout, palette: Palette) -> Drawing:
    """Draw a view laid out by :func:`arcs.layout.layout`."""
    drawing = Drawing()
    if layout.kind == "web":
        _draw_web(drawing, view, layout, palette)
    else:
        _draw_timeline(drawing, view, layout, palette)
    return drawing


def _draw_timeline(drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette) -> None:
    muted = Style(color=p.muted)
    for i, lane in enumerate(layout.lanes):
        top, bottom = cy(lane.y0, layout), cy(lane.y1, layout)
        if i % 2:
            for y in range(top, bottom):
                drawing.row_styles[y] = Style(bgcolor=p.lane)
    for band in layout.bands:
        x0 = cx(band.x0)
        drawing.text(x0 + 1, 0, f"{band.season} {band.title}", Style(color=p.text, bold=True),
                     limit=max(4, cx(band.x1) - x0 - 2))
        for y in range(1, max(drawing.height, cy(layout.height, layout))):
            drawing.put(x0, y, "┊", muted)
    for column in layout.columns:
        x0, x1 = cx(column.x0), cx(column.x1)
        label = "·" if column.empty else f"E{column.position.episode:02d}"
        drawing.text((x0 + x1 - cell_len(label)) // 2, 1, label, muted)
    for lane in layout.lanes:
        top = cy(lane.y0, layout)
        colour = p.colours.get(lane.group, p.muted)
        gutter = cx(lane.x0) + 1
        width = _gutter_width(layout, lane.x0)
        style = Style(color=colour, bold=True)
        drawing.text(gutter, top, lane.label, style, limit=width)
        drawing.sticky.setdefault(top, []).append((gutter, cx(lane.x1), lane.label, style))
    arrows = _draw_edges(drawing, view, layout, p)
    drawing.ink_lines()
    for x, y, style in arrows:
        drawing.put(x, y, "▸", style)
    for node, box in layout.boxes.items():
        data = view.nodes[node]
        x0, x1, y = cx(box.left), cx(box.right), cy(box.y, layout)
        width = max(3, x1 - x0)
        label = f" {data.get('label', node) if data.get('kind') == 'arc' else node} "
        if data.get("kind") == "beat" and view.graph.get("view", "").startswith("character"):
            label = f" {node} · {data.get('status', '')} "
        style = p.node(data.get("group", ""))
        if data.get("flashback"):
            style += Style(italic=True)
        for x in range(x0, x0 + width):
            drawing.put(x, y, " ", style)
        drawing.text(x0, y, label, style, limit=width)
        drawing.hits.append(Hit(node, x0, y, width))


def _gutter_width(layout: Layout, x0: float) -> int:
    band = next((b for b in layout.bands if abs(b.x0 - x0) < 1), None)
    if band is None:
        return 16
    return max(4, cx(band.x_lanes) - cx(band.x0) - 2)


def _draw_edges(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette
) -> list[tuple[int, int, Style]]:
    """Route every edge (right side to left side); returns where the arrowheads go."""
    boxes = layout.boxes
    arrows = []
    for u, v, data in view.edges(data=True):
        if u not in boxes or v not in boxes or u == v:
            continue
        a, b = boxes[u], boxes[v]
        ax, ay = cx(a.right), cy(a.y, layout)
        bx, by = cx(b.left) - 1, cy(b.y, layout)
        kind = data.get("kind", "")
        colour = p.colours.get(view.nodes[u].get("group", ""), p.muted)
        style = Style(color=colour, dim=kind == "sets_up")
        if bx > ax:
            mid = bx - 1 if by != ay else ax
            drawing.line(ax, ay, mid, ay, style)
            drawing.line(mid, ay, mid, by, style)
            drawing.line(mid, by, bx, by, style)
            arrows.append((bx, by, style))
        else:
            # Same column or backwards (a cycle T001 reports): drop down from one to the other.
            x = cx(a.x)
            drawing.line(x, ay + (1 if by > ay else -1), x, by + (-1 if by > ay else 1), style)
    return arrows


def _draw_web(drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette) -> None:
    boxes = layout.boxes
    top = min((b.y for b in boxes.values()), default=0.0)

    def row(px: float) -> int:
        return HEAD_ROWS + round((px - top) / PX_Y * 0.6)

    drawn: set[frozenset[Hashable]] = set()
    for u, v, data in view.edges(data=True):
        pair = frozenset((u, v))
        if u not in boxes or v not in boxes or pair in drawn:
            continue
        drawn.add(pair)
        a, b = boxes[u], boxes[v]
        style = Style(color=stance_colour(str(data.get("stance", "")), p.dark))
        ax, ay, bx, by = cx(a.x), row(a.y), cx(b.x), row(b.y)
        drawing.line(ax, ay, ax, by, style)
        drawing.line(ax, by, bx, by, style)
        label = str(data.get("stance", ""))
        drawing.text(ax + 1, (ay + by) // 2, label, style + Style(italic=True))
    drawing.ink_lines()
    for node, box in boxes.items():
        data = view.nodes[node]
        x0, y = cx(box.left), row(box.y)
        width = cx(box.right) - x0
        style = p.node(str(node))
        for x in range(x0, x0 + width):
            drawing.put(x, y, " ", style)
        members = data.get("members")
        label = f" {data.get('label', node)}" + (f" ({members})" if members is not None else "")
        drawing.text(x0, y, label, style, limit=width)
        drawing.hits.append(Hit(node, x0, y, width))
