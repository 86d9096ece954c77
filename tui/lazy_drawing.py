"""A timeline's card drawing made a piece at a time, as the pane comes to it.

:func:`tui.drawing.draw` at the card zoom draws the whole plan: at 20,000 beats
some 27,000 by 400 cells, two million of them lines, eight seconds for a pane
that shows 70 by 40. A :class:`LazyDrawing` is the same drawing, cell for cell,
made in tiles of :data:`TILE` cells when a row of it is first asked for
(:meth:`LazyDrawing.row`, what the canvas reads): what a drawing needs whole
(its size, every node's :class:`~tui.drawing.Hit`, the lanes' shading and
names, the season and episode rows) is worked out at once, from the layout,
without drawing; the edges' routes are indexed by row and column, so a tile
looks only at the lines that cross it. A row's sticky names are made when the
canvas first asks for them.

Why it is the same drawing: each cell of :func:`~tui.drawing.draw`'s result is
what the last of the writes to it left, and the writes come in a fixed order
(season rules, episode numbers, lines, arrowheads, cards, lane names); a tile
makes the writes that fall in it, in that order. Two things are not local and
are worked out whole: the lines' joins (a cell's corner depends on every line
through it: the lines through a tile are all found by the index) and how much
of a lane's name is written (it runs on while the cells after the gutter are
free: found from the same index). ``tests/tui/test_lazy_drawing.py`` compares
the two on generated plans.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style

from tui.drawing import (
    _BOX,
    DOWN,
    HEAD_ROWS,
    LEFT,
    PX_Y,
    RIGHT,
    UP,
    Cell,
    Drawing,
    Hit,
    Label,
    Names,
    Palette,
    _draw_node,
    _gutter_width,
    _ids,
    _lanes_top,
    cx,
    edge_routes,
    episode_labels,
)

if TYPE_CHECKING:
    import networkx as nx

    from arcs.layout import Box, Layout

#: A tile's width and height, in cells.
TILE = (160, 48)

# A line of a route, indexed: (the route's order, the line's order, whether it is
# horizontal, where it is fixed (its y, or a vertical one's x), its first and last cell
# along it, its style).
Line = tuple[int, int, bool, int, int, int, Style]


class _Sticky(dict[int, list[tuple[int, int, str, Style]]]):
    """A row's sticky names, made when first asked for (``get``, as the canvas asks)."""

    def __init__(self, owner: LazyDrawing) -> None:
        super().__init__()
        self._owner = owner

    def get(self, row: int, default: object = None) -> list[tuple[int, int, str, Style]]:
        # (the same for any row: a row without names has an empty list)
        found = super().get(row)
        if found is None:
            found = self[row] = self._owner._sticky_row(row)
        return found


class LazyDrawing(Drawing):
    """:func:`tui.drawing.draw`'s card drawing of a timeline, drawn tile by tile.

    :meth:`redrawn` gives the drawing after an edit of what the cards say (not
    where anything is), sharing everything else.
    """

    def __init__(
        self, view: nx.MultiDiGraph, layout: Layout, palette: Palette,
        names: Names | None = None,
    ) -> None:
        super().__init__()
        self.view, self.layout, self.palette = view, layout, palette
        self.names = names or _ids
        self.sticky = _Sticky(self)
        self._lane_labels: list[Label] = []
        self._all_labels: list[Label] | None = None
        self._tiles: set[tuple[int, int]] = set()
        self._top = _lanes_top(layout)
        p = palette
        self._muted = Style(color=p.muted)
        for i, lane in enumerate(layout.lanes):
            top, bottom = self._cy(lane.y0), self._cy(lane.y1)
            if i % 2:
                for y in range(top, bottom):
                    self.row_styles[y] = Style(bgcolor=p.lane)
        self._head = self._head_rows()
        # The season rules run from row 1 to this one (draw's reach: the lanes' bottom).
        self._bottom = max(1, self._cy(layout.height))
        self._rules = sorted({cx(band.x0) for band in layout.bands})
        self._index_routes()
        self._index_cards()
        self._lane_names()
        self._measure()

    def _cy(self, px: float) -> int:
        """tui.drawing.cy, the lanes' top worked out once (it is a walk over the lanes)."""
        return HEAD_ROWS + round((px - self._top) / PX_Y)

    @property  # type: ignore[override]
    def labels(self) -> list[Label]:
        """Every name written, in draw's order (the cards' made when first asked for:
        the canvas never asks)."""
        if self._all_labels is None:
            cards = [label for node, box in self.layout.boxes.items()
                     for label in self._card(node, box, fill=False).labels]
            self._all_labels = [*self._head.labels, *cards, *self._lane_labels]
        return self._all_labels

    @labels.setter
    def labels(self, value: list[Label]) -> None:
        pass  # (Drawing's own, empty: the names are made as above)

    # -- what is worked out whole -------------------------------------------------------

    def _head_rows(self) -> Drawing:
        """The season names and episode numbers (rows 0 and 1) as drawn before any line,
        with the season rules' first cells (the rules run on down: see ``_rules``)."""
        head = Drawing()
        layout, p = self.layout, self.palette
        for band in layout.bands:
            x0, x1 = cx(band.x0), cx(band.x1)
            title, style = f"{band.season} {band.title}", Style(color=p.text, bold=True)
            head.label(x0 + 1, 0, title, style, limit=max(4, x1 - x0 - 2), kind="band",
                       until=x1 - 1)
            # (draw's rule runs to max(height so far, the lanes' bottom): the same bottom
            # for every band, as its first band's rule already reaches it)
            if max(head.height, self._cy(layout.height)) > 1:
                head.put(x0, 1, "┊", self._muted)
        numbered = []
        for column in layout.columns:
            x0, x1 = cx(column.x0), cx(column.x1)
            if column.empty:
                head.text((x0 + x1 - 1) // 2, 1, "·", self._muted)
            else:
                numbered.append((x0, x1, column.position.episode))
        episode_labels(head, numbered, 1, self._muted)
        return head

    def _index_routes(self) -> None:
        """Every edge's lines, by the row (horizontal) or column (vertical) they are on,
        and its arrowhead, by row; lines of one cell (no join of their own) left out."""
        self._across: dict[int, list[Line]] = {}
        self._down: dict[int, list[Line]] = {}
        self._arrows: dict[int, list[tuple[int, int, Style]]] = {}
        for order, (lines, arrow, style) in enumerate(edge_routes(self.view, self.layout,
                                                                  self.palette)):
            for k, (x0, y0, x1, y1) in enumerate(lines):
                if y0 == y1:
                    self._across.setdefault(y0, []).append(
                        (order, k, True, y0, min(x0, x1), max(x0, x1), style))
                else:
                    self._down.setdefault(x0, []).append(
                        (order, k, False, x0, min(y0, y1), max(y0, y1), style))
            if arrow is not None:
                self._arrows.setdefault(arrow[1], []).append((order, arrow[0], style))

    def _index_cards(self) -> None:
        """Each node's hit (in the layout's order, as draw makes them), and the cards by row."""
        self._cards: dict[int, list[tuple[Hashable, Box, Hit]]] = {}
        for node, box in self.layout.boxes.items():
            x0, x1 = cx(box.left), cx(box.right)
            hit = Hit(node, x0, self._cy(box.y), max(3, x1 - x0))
            self.hits.append(hit)
            self._cards.setdefault(hit.y, []).append((node, box, hit))

    def _lane_names(self) -> None:
        """The lanes' names as draw writes them last: each as long as the cells after
        its gutter are free (of what was drawn before, and of the names before it)."""
        layout, p = self.layout, self.palette
        self._lanes: dict[int, list[tuple[int, str, Style]]] = {}  # row -> cells written
        self._lane_spans: dict[int, list[tuple[int, int, str, Style]]] = {}
        for lane in layout.lanes:
            top = self._cy(lane.y0)
            colour = p.colours.get(lane.group, p.muted)
            gutter = cx(lane.x0) + 1
            width = _gutter_width(layout, lane.x0)
            room = next((n for n in range(width, cell_len(lane.label) + 1)
                         if not self._free(gutter + n, gutter + n + 2, top)),
                        cell_len(lane.label))
            style = Style(color=colour, bold=True)
            scratch = Drawing()
            label = scratch.label(gutter, top, lane.label, style, limit=max(width, room),
                                  kind="lane", until=cx(lane.x1) - 1)
            self._lane_labels.append(label)
            self._lane_spans.setdefault(top, []).extend(scratch.sticky.get(top, ()))
            cells = self._lanes.setdefault(top, [])
            for x, cell in scratch.rows.get(top, {}).items():
                cells.append((x, *cell))

    def _free(self, x0: int, x1: int, y: int) -> bool:
        """Drawing.free, before the lanes' names after this one are written."""
        if x0 < 0 or y < 0:
            return False
        return not any(self._taken(x, y) for x in range(x0, x1))

    def _taken(self, x: int, y: int) -> bool:
        if y < 2 and x in self._head.rows.get(y, {}):
            return True
        if 1 <= y < self._bottom and x in self._rules:
            return True
        if any(a <= x <= b for *_, a, b, _ in self._across.get(y, ()) if a < b):
            return True
        if any(a <= y <= b for *_, a, b, _ in self._down.get(x, ()) if a < b):
            return True
        if any(ax == x for _, ax, _ in self._arrows.get(y, ())):
            return True
        if any(h.x <= x < h.x + h.width for _, _, h in self._cards.get(y, ())):
            return True
        return any(lx == x for lx, _, _ in self._lanes.get(y, ()))

    def _measure(self) -> None:
        """The drawing's width and height, as draw's writes would leave them."""
        width, height = self._head.width, self._head.height
        if self._rules and self._bottom > 1:
            width, height = max(width, self._rules[-1] + 1), max(height, self._bottom)
        for y, lines in self._across.items():
            for *_, a, b, _ in lines:
                if a < b:
                    width, height = max(width, b + 1), max(height, y + 1)
        for x, lines in self._down.items():
            for *_, a, b, _ in lines:
                if a < b:
                    width, height = max(width, x + 1), max(height, b + 1)
        for y, arrows in self._arrows.items():
            for _, x, _ in arrows:
                width, height = max(width, x + 1), max(height, y + 1)
        for y, cards in self._cards.items():
            for _, _, hit in cards:
                width, height = max(width, hit.x + hit.width), max(height, y + 1)
        for y, cells in self._lanes.items():
            for x, _, _ in cells:
                width, height = max(width, x + 1), max(height, y + 1)
        self.width, self.height = width, height

    # -- what is drawn as it is asked for -------------------------------------------------

    def row(self, y: int, x0: int, width: int, blank: Style) -> list[Cell]:
        tw, th = TILE
        for tx in range(max(0, x0) // tw, max(0, x0 + width - 1) // tw + 1):
            if (tx, y // th) not in self._tiles:
                self._draw_tile(tx, y // th)
        return super().row(y, x0, width, blank)

    def _draw_tile(self, tx: int, ty: int) -> None:
        tw, th = TILE
        x0, y0 = tx * tw, ty * th
        x1, y1 = x0 + tw, y0 + th
        rows = self.rows

        def put(x: int, y: int, char: str, style: Style) -> None:
            if x0 <= x < x1 and y0 <= y < y1:
                rows.setdefault(y, {})[x] = (char, style)

        for y in range(y0, min(y1, 2)):  # the season and episode rows
            for x, (char, style) in self._head.rows.get(y, {}).items():
                put(x, y, char, style)
        for x in self._rules:  # the season rules, on down
            if x0 <= x < x1:
                for y in range(max(y0, 2), min(y1, self._bottom)):
                    put(x, y, "┊", self._muted)
        # Lines: each cell's joins in draw's order (route by route, line by line).
        found = [line for y in range(y0, y1) for line in self._across.get(y, ())
                 if line[4] < x1 and line[5] >= x0]
        found += [line for x in range(x0, x1) for line in self._down.get(x, ())
                  if line[4] < y1 and line[5] >= y0]
        found.sort(key=_order)
        joins: dict[tuple[int, int], tuple[int, Style]] = {}
        for _, _, across, at, a, b, style in found:
            # Drawing.line's joins, for the cells of the tile only.
            if across:
                cells = ((x, at, (LEFT if x > a else 0) | (RIGHT if x < b else 0))
                         for x in range(max(a, x0), min(b, x1 - 1) + 1))
            else:
                cells = ((at, y, (UP if y > a else 0) | (DOWN if y < b else 0))
                         for y in range(max(a, y0), min(b, y1 - 1) + 1))
            for x, y, bits in cells:
                old, old_style = joins.get((x, y), (0, style))
                joins[x, y] = (old | bits, old_style if old else style)
        for (x, y), (bits, style) in joins.items():
            if bits:
                put(x, y, _BOX[bits], style)
        for y in range(y0, y1):
            for _, x, style in self._arrows.get(y, ()):
                put(x, y, "▸", style)
        for y in range(y0, y1):
            for node, box, hit in self._cards.get(y, ()):
                if hit.x < x1 and hit.x + hit.width > x0:
                    for x, cell in self._card(node, box).rows.get(y, {}).items():
                        put(x, y, *cell)
        for y in range(y0, y1):
            for x, char, style in self._lanes.get(y, ()):
                put(x, y, char, style)
        # Drawn only now: a drawing redrawn from this one meanwhile (in the graph's worker)
        # draws the tile itself rather than take it half made.
        self._tiles.add((tx, ty))

    def _card(self, node: Hashable, box: Box, fill: bool = True) -> Drawing:
        scratch = Drawing()
        _draw_node(scratch, self.view, self.layout, self.palette, self.names, node, box,
                   self._top, fill)
        return scratch

    def _sticky_row(self, y: int) -> list[tuple[int, int, str, Style]]:
        """Row ``y``'s sticky names in draw's order, then sorted by start as the canvas
        sorts them."""
        spans = list(self._head.sticky.get(y, ()))
        for node, box, _ in self._cards.get(y, ()):
            spans += self._card(node, box, fill=False).sticky.get(y, ())
        spans += self._lane_spans.get(y, ())
        spans.sort(key=_start)
        return spans

    def redrawn(self, nodes: Iterable[Hashable], view: nx.MultiDiGraph, names: Names
                ) -> LazyDrawing:
        """This drawing after an edit of what the cards of ``nodes`` say or how they look
        (``view`` holds their new attributes, ``names`` their titles): the tiles and
        sticky names of their rows are made again, the rest is shared."""
        # Copies first, each in one step: the screen's thread may be drawing a tile of
        # this one (it marks a tile drawn when it is whole).
        tiles, drawn, sticky = set(self._tiles), dict(self.rows), dict(self.sticky)
        out = LazyDrawing.__new__(LazyDrawing)
        out.__dict__.update(self.__dict__)  # (Drawing is a slotless dataclass)
        out.view, out.names = view, names
        out._all_labels = None
        boxes = self.layout.boxes
        rows = {self._cy(boxes[node].y) for node in nodes if node in boxes}
        th = TILE[1]
        bands = {y // th for y in rows}  # the rows of tiles the cards are in
        out._tiles = {t for t in tiles if t[1] not in bands}
        out.rows = {y: cells for y, cells in drawn.items() if y // th not in bands}
        out.sticky = _Sticky(out)
        for y, spans in sticky.items():
            if y not in rows:
                dict.__setitem__(out.sticky, y, spans)
        return out


def _order(line: Line) -> tuple[int, int]:
    return line[0], line[1]


def _start(span: tuple[int, int, str, Style]) -> int:
    return span[0]

