"""A timeline's card drawing made a piece at a time, as the pane comes to it.

:func:`tui.drawing.draw` at the card zoom draws the whole plan: at 20,000 beats
some 27,000 by 400 cells, two million of them lines, eight seconds for a pane
that shows 70 by 40. A :class:`LazyDrawing` is the same drawing, cell for cell,
made in tiles of :data:`TILE` cells when a row of it is first asked for
(:meth:`LazyDrawing.row`, what the canvas reads): what a drawing needs whole
(its size, every node's :class:`~tui.drawing.Hit`, the lanes' shading and
names, the season and episode rows) is worked out at once, from the layout,
without drawing; the edges' ends (:func:`tui.drawing.edge_ends`, cheap tuples)
and the cards are indexed by the column of tiles they cross, so a tile looks
only at what crosses its column, and works out the routes' lines there. The
sticky names the canvas asks for (:meth:`LazyDrawing.stuck`: those that reach
into the columns it shows) are made from the cards there, each card's once.

Why it is the same drawing: each cell of :func:`~tui.drawing.draw`'s result is
what the last of the writes to it left, and the writes come in a fixed order
(season rules, episode numbers, lines, arrowheads, cards, lane names); a tile
makes the writes that fall in it, in that order. Two things are not local and
are worked out whole: the lines' joins (a cell's corner depends on every line
through it: the lines through a tile are all found by the index) and how much
of a lane's name is written (it runs on while the cells after the gutter are
free: found from the same index, in the gutters' columns only).
``tests/tui/test_lazy_drawing.py`` compares the two on generated plans, with
tiles of the real size and tiles smaller than a card.
"""

from __future__ import annotations

import weakref
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
    Ends,
    Hit,
    Label,
    Names,
    Palette,
    _draw_node,
    _gutter_width,
    _ids,
    _lanes_top,
    cx,
    edge_ends,
    episode_labels,
    node_cells,
    route,
)

if TYPE_CHECKING:
    import networkx as nx

    from arcs.layout import Box, Layout

#: A tile's width and height, in cells.
TILE = (160, 48)


class _Sticky(dict[int, list[tuple[int, int, str, Style]]]):
    """A row's sticky names, made when first asked for (``get``, as the canvas asks).

    It knows its drawing by a weak reference: a cycle would leave a drawing, its
    layout and view (20,000 boxes and hits, tens of MB) to the cycle collector, which
    never frees what the app has frozen meanwhile (see ``kept_for_good`` in
    :mod:`tui.widgets.graph_view`); without one, the last reference gone frees them.
    """

    def __init__(self, owner: LazyDrawing) -> None:
        super().__init__()
        self._owner = weakref.ref(owner)

    def get(self, row: int, default: object = None) -> list[tuple[int, int, str, Style]]:
        # (the same for any row: a row without names has an empty list)
        found = super().get(row)
        if found is None:
            owner = self._owner()
            assert owner is not None, "a drawing's sticky names outlived it"
            found = self[row] = owner._sticky_row(row)
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
        self._spans: dict[Hashable, list[tuple[int, int, str, Style]]] = {}  # a card's names
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
        self._index_cards()
        self._index_routes()
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

    def _index_cards(self) -> None:
        """Each node's hit (in the layout's order, as draw makes them), and the cards by
        row and by the columns of tiles they cross; how far they reach."""
        tw = TILE[0]
        self._cells = node_cells(self.layout)
        self._cards: dict[int, list[Hit]] = {}  # row -> its cards
        self._card_columns: dict[int, list[Hit]] = {}  # column of tiles -> its cards
        hits, rows, columns = self.hits, self._cards, self._card_columns
        width = height = 0
        for node, (x0, x1, y) in self._cells.items():
            hit = Hit(node, x0, y, x1 - x0 if x1 - x0 > 3 else 3)  # (max(3, x1 - x0))
            hits.append(hit)
            found = rows.get(y)
            if found is None:
                rows[y] = [hit]
            else:
                found.append(hit)
            end = x0 + hit.width
            first = x0 // tw
            found = columns.get(first)
            if found is None:
                columns[first] = [hit]
            else:
                found.append(hit)
            for tx in range(first + 1, (end - 1) // tw + 1):  # (a card across two)
                columns.setdefault(tx, []).append(hit)
            if end > width:
                width = end
            if y >= height:
                height = y + 1
        self._cards_reach = (width, height)

    def _index_routes(self) -> None:
        """Every edge's ends, by the columns of tiles its route crosses (in draw's order:
        a tile's lines join as draw's do), and how far the routes reach."""
        tw = TILE[0]
        self._routes: dict[int, list[Ends]] = {}
        columns = self._routes
        width = height = 0
        for ends in edge_ends(self.view, self.layout, self.palette, self._cells):
            x0, _, x1, _, _, forward = ends
            # How far it reaches: a forward route's cells lie between its start's row and
            # its end's, left of its arrowhead, in the cell before the end's card: the
            # cards reach as far. A drop's line counts when it has more than a cell.
            if not forward:
                ((_, a, _, b),), _ = route(ends)
                if a != b:
                    width, height = max(width, x0 + 1), max(height, a + 1, b + 1)
            first, last = x0 // tw, x1 // tw
            found = columns.get(first)
            if found is None:
                columns[first] = [ends]
            else:
                found.append(ends)
            for tx in range(first + 1, last + 1):
                columns.setdefault(tx, []).append(ends)
        self._routes_reach = (width, height)

    def _lane_names(self) -> None:
        """The lanes' names as draw writes them last: each as long as the cells after
        its gutter are free (of what was drawn before, and of the names before it)."""
        layout, p = self.layout, self.palette
        self._lanes: dict[int, list[tuple[int, str, Style]]] = {}  # row -> cells written
        self._lane_spans: dict[int, list[tuple[int, int, str, Style]]] = {}
        self._drawn_in: dict[int, set[tuple[int, int]]] = {}  # (only while they are made)
        self._tops = {self._cy(lane.y0) for lane in layout.lanes}
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
        del self._drawn_in, self._tops

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
        if (x, y) in self._drawn(x // TILE[0]):
            return True
        return any(lx == x for lx, _, _ in self._lanes.get(y, ()))

    def _drawn(self, tx: int) -> set[tuple[int, int]]:
        """The cells of a column of tiles that the lines, arrowheads and cards take, in
        the rows the lanes' names are on (the only ones asked)."""
        found = self._drawn_in.get(tx)
        if found is not None:
            return found
        x0, x1 = tx * TILE[0], (tx + 1) * TILE[0]
        tops = self._tops
        cells: set[tuple[int, int]] = set()
        for ends in self._routes.get(tx, ()):
            lines, arrow = route(ends)
            for lx0, ly0, lx1, ly1 in lines:
                if ly0 == ly1:
                    a, b = sorted((lx0, lx1))
                    # (a line of one cell joins nothing: nothing is drawn)
                    if a < b and ly0 in tops:
                        cells.update((x, ly0) for x in range(max(a, x0), min(b + 1, x1)))
                elif x0 <= lx0 < x1:
                    a, b = sorted((ly0, ly1))
                    cells.update((lx0, y) for y in range(a, b + 1) if y in tops)
            if arrow is not None:
                cells.add(arrow)
        for hit in self._card_columns.get(tx, ()):
            if hit.y in tops:
                cells.update((x, hit.y) for x in range(max(hit.x, x0),
                                                       min(hit.x + hit.width, x1)))
        self._drawn_in[tx] = cells
        return cells

    def _measure(self) -> None:
        """The drawing's width and height, as draw's writes would leave them."""
        width, height = self._head.width, self._head.height
        if self._rules and self._bottom > 1:
            width, height = max(width, self._rules[-1] + 1), max(height, self._bottom)
        for w, h in (self._cards_reach, self._routes_reach):
            width, height = max(width, w), max(height, h)
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
        # Lines: each cell's joins in draw's order (route by route, line by line: the
        # routes through the column of tiles are in draw's order).
        joins: dict[tuple[int, int], tuple[int, Style]] = {}
        arrows: list[tuple[int, int, Style]] = []
        for ends in self._routes.get(tx, ()):
            lines, arrow = route(ends)
            style = ends[4]
            for lx0, ly0, lx1, ly1 in lines:
                # Drawing.line's joins, for the cells of the tile only.
                if ly0 == ly1:
                    if not y0 <= ly0 < y1:
                        continue
                    a, b = sorted((lx0, lx1))
                    cells = ((x, ly0, (LEFT if x > a else 0) | (RIGHT if x < b else 0))
                             for x in range(max(a, x0), min(b, x1 - 1) + 1))
                else:
                    if not x0 <= lx0 < x1:
                        continue
                    a, b = sorted((ly0, ly1))
                    cells = ((lx0, y, (UP if y > a else 0) | (DOWN if y < b else 0))
                             for y in range(max(a, y0), min(b, y1 - 1) + 1))
                for x, y, bits in cells:
                    old, old_style = joins.get((x, y), (0, style))
                    joins[x, y] = (old | bits, old_style if old else style)
            if arrow is not None:
                arrows.append((*arrow, style))
        for (x, y), (bits, style) in joins.items():
            if bits:
                put(x, y, _BOX[bits], style)
        for x, y, style in arrows:
            put(x, y, "▸", style)
        boxes = self.layout.boxes
        for hit in self._card_columns.get(tx, ()):
            if y0 <= hit.y < y1:
                for x, cell in self._card(hit.node, boxes[hit.node]).rows.get(hit.y, {}
                                                                               ).items():
                    put(x, hit.y, *cell)
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
        for hit in self._cards.get(y, ()):
            spans += self._card_spans(hit)
        spans += self._lane_spans.get(y, ())
        spans.sort(key=_start)
        return spans

    def stuck(self, y: int, x0: int, x1: int) -> list[tuple[int, int, str, Style]]:
        """Drawing.stuck, sorted by start, from the cards that reach into ``x0 .. x1 - 1``
        only (a card's names start and stick within it): what the pane shows, not the
        whole row (at 20,000 beats, a row of 170 cards was 4 ms the first time)."""
        if y in self.sticky:  # (made whole already)
            return [span for span in self.sticky[y] if span[0] < x1 and span[1] > x0]
        spans = [span for span in self._head.sticky.get(y, ()) if span[0] < x1 and span[1] > x0]
        for hit in self._cards.get(y, ()):
            if hit.x < x1 and hit.x + hit.width >= x0:
                spans += (span for span in self._card_spans(hit)
                          if span[0] < x1 and span[1] > x0)
        spans += (span for span in self._lane_spans.get(y, ()) if span[0] < x1 and span[1] > x0)
        spans.sort(key=_start)
        return spans

    def _card_spans(self, hit: Hit) -> list[tuple[int, int, str, Style]]:
        """A card's sticky names (its name, a character's status), made once."""
        found = self._spans.get(hit.node)
        if found is None:
            card = self._card(hit.node, self.layout.boxes[hit.node], fill=False)
            found = self._spans[hit.node] = card.sticky.get(hit.y, [])
        return found

    def redrawn(self, nodes: Iterable[Hashable], view: nx.MultiDiGraph, names: Names
                ) -> LazyDrawing:
        """This drawing after an edit of what the cards of ``nodes`` say or how they look
        (``view`` holds their new attributes, ``names`` their titles): the tiles and
        sticky names of their rows are made again, the rest is shared."""
        # Copies first, each in one step: the screen's thread may be drawing a tile of
        # this one (it marks a tile drawn when it is whole).
        tiles, drawn, sticky = set(self._tiles), dict(self.rows), dict(self.sticky)
        spans = dict(self._spans)
        out = LazyDrawing.__new__(LazyDrawing)
        out.__dict__.update(self.__dict__)  # (Drawing is a slotless dataclass)
        out.view, out.names = view, names
        out._all_labels = None
        cells = self._cells
        rows = {cells[node][2] for node in nodes if node in cells}
        th = TILE[1]
        bands = {y // th for y in rows}  # the rows of tiles the cards are in
        out._tiles = {t for t in tiles if t[1] not in bands}
        out.rows = {y: cells for y, cells in drawn.items() if y // th not in bands}
        out.sticky = _Sticky(out)
        for y, row in sticky.items():
            if y not in rows:
                dict.__setitem__(out.sticky, y, row)
        out._spans = {n: found for n, found in spans.items() if cells[n][2] not in rows}
        return out


def _start(span: tuple[int, int, str, Style]) -> int:
    return span[0]

