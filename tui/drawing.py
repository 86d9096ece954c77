"""Character-cell drawings of a laid-out view, for the graph tab.

:func:`draw` turns :func:`arcs.layout.layout`'s pixel coordinates into
terminal cells (one cell is ``PX_X`` by ``PX_Y`` pixels), so the terminal
shows the same picture as the SVG export: season bands with their episodes
across the top, lanes down the side, nodes as coloured labels, edges as
box-drawing lines that join where they meet. Beats are named by their
titles (the caller's ``names``), never their ids. Every name written is kept
as a :class:`Label`, so where names went can be checked: they sit in free
cells, keep their first letters, and end in an ellipsis when cut. The far
zoom levels (a season across the pane, the whole show in it) are drawn by
:mod:`tui.zoom_drawing`, the faction web at every level by
:mod:`tui.web_drawing`. The drawing is sparse (a dict per row), so a
1,000-beat timeline thousands of cells wide stays small. No Textual here:
the canvas widget only slices rows out of a drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style

from arcs.layout import BAND_HEAD, EPISODE_HEAD, HEADER, MARGIN, Box, Layout

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
#: A beat's name in at most so many cells (the board's title line).
Names = Callable[[Hashable, int], str]
#: The zoom levels, closest first: a card per node, a season across the pane, the whole show.
ZOOMS = ("cards", "season", "show")


class Hit(NamedTuple):
    """Where a node is drawn, in cells (for selection and mouse clicks). (A named tuple:
    a drawing of 20,000 beats makes 20,000, each a third of a frozen dataclass's cost.)"""

    node: Hashable
    x: int
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class Label:
    """A name written on the drawing: ``text`` as drawn from ``x``, ``y`` (``full`` is the
    whole name; ``text`` is ``full`` or its beginning and an ellipsis)."""

    x: int
    y: int
    text: str
    full: str
    kind: str

    @property
    def width(self) -> int:
        return cell_len(self.text)


@dataclass
class Drawing:
    """A sparse grid of styled characters; ``""`` marks the second cell of a wide one."""

    width: int = 0
    height: int = 0
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    #: Background of whole rows (lanes), under everything drawn on them.
    row_styles: dict[int, Style] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    #: Names that stay at the left edge while what they name scrolls past: row -> spans
    #: ``(x0, x1, text, style)``: the name written at ``x0`` sticks until ``x1``.
    sticky: dict[int, list[tuple[int, int, str, Style]]] = field(default_factory=dict)
    #: Every name written (lanes, seasons, episodes, nodes, stances, notes).
    labels: list[Label] = field(default_factory=list)
    #: Nodes drawn inside another's mark (a count of beats at the far zoom): node -> its hit.
    members: dict[Hashable, Hit] = field(default_factory=dict)
    _lines: dict[tuple[int, int], tuple[int, Style]] = field(default_factory=dict)

    def stuck(self, y: int, x0: int, x1: int) -> list[tuple[int, int, str, Style]]:
        """Row ``y``'s sticky names that reach into columns ``x0 .. x1 - 1`` (start before
        ``x1``, stick past ``x0``), in ``sticky``'s order (the canvas sorts it by start):
        the only ones a pane showing those columns can stick at its left edge."""
        return [span for span in self.sticky.get(y, ()) if span[0] < x1 and span[1] > x0]

    def put(self, x: int, y: int, char: str, style: Style) -> None:
        if x < 0 or y < 0:
            return
        self.rows.setdefault(y, {})[x] = (char, style)
        self.width = max(self.width, x + 1)
        self.height = max(self.height, y + 1)

    def text(self, x: int, y: int, text: str, style: Style, limit: int | None = None) -> int:
        """Write ``text`` from ``x``, cut to ``limit`` cells with an ellipsis; returns its width."""
        if limit is not None and cell_len(text) > limit:
            text = cut(text, limit)
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

    def label(
        self, x: int, y: int, full: str, style: Style, limit: int | None = None,
        kind: str = "", text: str | None = None, until: int | None = None,
    ) -> Label:
        """Write a name from ``x`` (cut to ``limit`` with an ellipsis, or as ``text``, already
        shortened) and keep it as a label. While the drawing scrolls past its start, the
        name sticks at the left edge until ``x = until`` (default: its own end), so the
        pane never shows its last letters alone."""
        if text is None:
            text = cut(full, limit) if limit is not None else full
        self.text(x, y, text, style)
        label = Label(x, y, text, full, kind)
        self.labels.append(label)
        end = until if until is not None else x + label.width
        self.sticky.setdefault(y, []).append((x, end, text, style))
        return label

    def free(self, x0: int, x1: int, y: int) -> bool:
        """Whether cells ``x0 .. x1 - 1`` of row ``y`` hold nothing yet."""
        if x0 < 0 or y < 0:
            return False
        cells = self.rows.get(y, {})
        return not any(x in cells for x in range(x0, x1))

    def place(
        self, spots: list[tuple[int, int, str]], full: str, style: Style, *, kind: str = "",
        shortest: int | None = 4, right: int | None = None,
    ) -> bool:
        """Write ``full`` at the first spot whose cells and a cell either side are free
        (and that ends before column ``right``, if given), else shortened (its beginning
        and an ellipsis, down to ``shortest`` cells) at the first that has room. A spot is
        ``(x, y, anchor)``: the name starts (``"start"``), ends (``"end"``) or is centred
        (``"centre"``) at ``x``. False when none had room."""
        texts = [full]
        if shortest is not None:
            texts += [cut(full, n) for n in range(cell_len(full) - 1, shortest - 1, -1)]
        for text in texts:
            width = cell_len(text)
            for x, y, anchor in spots:
                if y < HEAD_ROWS:  # the rows that stay put when the drawing scrolls
                    continue
                shift = {"start": 0, "end": width - 1}.get(anchor, width // 2)
                x0 = x - shift
                if right is not None and x0 + width > right:
                    continue
                if self.free(x0 - 1, x0 + width + 1, y):
                    self.label(x0, y, full, style, kind=kind, text=text)
                    return True
        return False

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


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` cells: its beginning and an ellipsis when it is longer."""
    if cell_len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    out, used = [], 0
    for char in text:
        width = get_character_cell_size(char)
        if used + width > limit - 1:
            break
        out.append(char)
        used += width
    return "".join(out).rstrip(" ,;:·–-") + "…"


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


def draw(
    view: nx.MultiDiGraph, layout: Layout, palette: Palette, *, names: Names | None = None,
    zoom: str = "cards", pane: tuple[int, int] = (80, 24),
) -> Drawing:
    """Draw a view laid out by :func:`arcs.layout.layout`.

    ``names`` titles a beat in a number of cells (default: its id); ``zoom`` is
    one of :data:`ZOOMS`, and the far levels fit their episodes to ``pane``
    (the canvas's width and height in cells).
    """
    drawing = Drawing()
    title = names or _ids
    if layout.kind == "web":
        from tui.web_drawing import draw_web

        draw_web(drawing, view, layout, palette, zoom=zoom, pane=pane)
    elif zoom != "cards":
        from tui.zoom_drawing import draw_far

        draw_far(drawing, view, layout, palette, zoom=zoom, pane=pane)
    else:
        _draw_timeline(drawing, view, layout, palette, title)
    return drawing


def _ids(node: Hashable, width: int) -> str:
    return cut(str(node), width)


def node_name(view: nx.MultiDiGraph, node: Hashable, names: Names, width: int) -> str:
    """What a node is called in ``width`` cells: a beat's title, an arc's or a faction's name."""
    data = view.nodes[node]
    if data.get("kind") != "beat":
        return cut(str(data.get("label", node)), width)
    return names(node, width)


def episode_labels(
    drawing: Drawing, columns: list[tuple[int, int, int]], y: int, style: Style
) -> None:
    """Number the episode columns ``(x0, x1, episode)`` on row ``y`` in one style: ``E01``
    where every number fits its column, else ``1``; in columns too narrow for that, the
    first episode and every fifth (``E01 E05 E10``), each clear of the one before."""
    for form in ("E{:02d}", "{}"):
        texts = [form.format(episode) for _, _, episode in columns]
        if all(cell_len(t) < x1 - x0 or (cell_len(t) == x1 - x0 and k == len(columns) - 1)
               for k, (t, (x0, x1, _)) in enumerate(zip(texts, columns, strict=True))):
            for text, (x0, x1, _) in zip(texts, columns, strict=True):
                x = x0 + (x1 - x0 - cell_len(text)) // 2
                drawing.label(x, y, text, style, kind="episode")
            return
    end = -1
    for x0, _, episode in columns:
        text = f"E{episode:02d}"
        if (episode == 1 or episode % 5 == 0) and x0 > end:
            drawing.label(x0, y, text, style, kind="episode")
            end = x0 + cell_len(text)


def _draw_timeline(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette, names: Names
) -> None:
    muted = Style(color=p.muted)
    for i, lane in enumerate(layout.lanes):
        top, bottom = cy(lane.y0, layout), cy(lane.y1, layout)
        if i % 2:
            for y in range(top, bottom):
                drawing.row_styles[y] = Style(bgcolor=p.lane)
    for band in layout.bands:
        x0, x1 = cx(band.x0), cx(band.x1)
        title, style = f"{band.season} {band.title}", Style(color=p.text, bold=True)
        drawing.label(x0 + 1, 0, title, style, limit=max(4, x1 - x0 - 2), kind="band",
                      until=x1 - 1)
        for y in range(1, max(drawing.height, cy(layout.height, layout))):
            drawing.put(x0, y, "┊", muted)
    numbered = []
    for column in layout.columns:
        x0, x1 = cx(column.x0), cx(column.x1)
        if column.empty:
            drawing.text((x0 + x1 - 1) // 2, 1, "·", muted)
        else:
            numbered.append((x0, x1, column.position.episode))
    episode_labels(drawing, numbered, 1, muted)
    arrows = _draw_edges(drawing, view, layout, p)
    drawing.ink_lines()
    for x, y, style in arrows:
        drawing.put(x, y, "▸", style)
    lanes_top = _lanes_top(layout)  # (once: it is a walk over the lanes)
    for node, box in layout.boxes.items():
        drawing.hits.append(_draw_node(drawing, view, layout, p, names, node, box, lanes_top))
    # Lane names last: over the lines that cross the gutter (from one season's band into
    # the next), and whole where the cells after the gutter are free.
    for lane in layout.lanes:
        top = cy(lane.y0, layout)
        colour = p.colours.get(lane.group, p.muted)
        gutter = cx(lane.x0) + 1
        width = _gutter_width(layout, lane.x0)
        room = next((n for n in range(width, cell_len(lane.label) + 1)
                     if not drawing.free(gutter + n, gutter + n + 2, top)), cell_len(lane.label))
        style = Style(color=colour, bold=True)
        drawing.label(gutter, top, lane.label, style, limit=max(width, room), kind="lane",
                      until=cx(lane.x1) - 1)


def _draw_node(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette, names: Names,
    node: Hashable, box: Box, lanes_top: float, fill: bool = True,
) -> Hit:
    """A node's card: its box, its name (and on a character's path, their status), all
    inside the box, which nothing drawn later reaches (:mod:`tui.lazy_drawing` draws
    a card again by itself; ``fill=False``: its names only, for their sticky spans)."""
    data = view.nodes[node]
    x0, x1 = cx(box.left), cx(box.right)
    y = HEAD_ROWS + round((box.y - lanes_top) / PX_Y)  # cy(), the lanes' top given
    width = max(3, x1 - x0)
    style = p.node(data.get("group", ""))
    if data.get("flashback"):
        style += Style(italic=True)
    for x in range(x0, x0 + width if fill else x0):
        drawing.put(x, y, " ", style)
    # On a character's path, each beat also says what they are after it.
    status = data.get("status", "") if view.graph.get("view", "").startswith("char") else ""
    room = width - 2 - (cell_len(str(status)) + 3 if status else 0)
    full = node_name(view, node, names, 10_000)
    name = node_name(view, node, names, max(1, room))
    label = drawing.label(x0 + 1, y, full, style, kind="node", text=name,
                          until=x0 + width - 1)
    if status:
        drawing.label(label.x + label.width + 1, y, f"· {status}", style, kind="status",
                      limit=x0 + width - 2 - label.x - label.width)
    return Hit(node, x0, y, width)


def _gutter_width(layout: Layout, x0: float) -> int:
    band = next((b for b in layout.bands if abs(b.x0 - x0) < 1), None)
    if band is None:
        return 16
    return max(4, cx(band.x_lanes) - cx(band.x0) - 2)


def _draw_edges(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette
) -> list[tuple[int, int, Style]]:
    """Route every edge (right side to left side); returns where the arrowheads go."""
    arrows = []
    for lines, arrow, style in edge_routes(view, layout, p):
        for x0, y0, x1, y1 in lines:
            drawing.line(x0, y0, x1, y1, style)
        if arrow is not None:
            arrows.append((*arrow, style))
    return arrows


Route = tuple[list[tuple[int, int, int, int]], tuple[int, int] | None, Style]
#: An edge's ends in cells, as :func:`route` takes them: ``(x0, y0, x1, y1, style,
#: forward)``. Forward: from the start's right side ``(x0, y0)`` to the cell before the
#: end's left side ``(x1, y1)``, which the arrowhead takes; else (same column or
#: backwards) a drop from the start's row to the end's in the start's column ``x0 == x1``.
Ends = tuple[int, int, int, int, Style, bool]


def node_cells(layout: Layout) -> dict[Hashable, tuple[int, int, int]]:
    """Each node's card in cells, in the layout's order: the columns of its box's left and
    right sides and its row (:func:`cx` and :func:`cy`, the same sums as Box's)."""
    top = _lanes_top(layout)  # cy()'s, once: it is a walk over the lanes
    cells = {}
    for node, box in layout.boxes.items():
        half = box.width / 2
        cells[node] = (round((box.x - half) / PX_X), round((box.x + half) / PX_X),
                       HEAD_ROWS + round((box.y - top) / PX_Y))
    return cells


def edge_ends(
    view: nx.MultiDiGraph, layout: Layout, p: Palette,
    cells: dict[Hashable, tuple[int, int, int]] | None = None,
) -> Iterator[Ends]:
    """Each edge's ends, in the view's order (``cells``: :func:`node_cells`, if made)."""
    if cells is None:
        cells = node_cells(layout)
    # One style per colour and dimness, not one per edge: a style parses its colour when
    # made (at 20,000 beats, 21,000 styles were a fifth of a lazy drawing's making).
    styles: dict[str, tuple[Style, Style]] = {}  # colour -> (plain, dim)
    nodes = view._node
    # (the adjacency dicts read directly, in view.edges' order: the views over them cost
    # more than the routes)
    for u, nbrs in view._adj.items():
        a = cells.get(u)
        if a is None:
            continue
        colour = p.colours.get(nodes[u].get("group", ""), p.muted)
        pair = styles.get(colour)
        if pair is None:
            pair = styles[colour] = (Style(color=colour, dim=False), Style(color=colour, dim=True))
        ax, ay = a[1], a[2]
        for v, keyed in nbrs.items():
            b = cells.get(v)
            if b is None or u == v:
                continue
            bx, by = b[0] - 1, b[2]
            for data in keyed.values():
                style = pair[data.get("kind", "") == "sets_up"]
                if bx > ax:
                    yield ax, ay, bx, by, style, True
                else:
                    x = cx(layout.boxes[u].x)
                    yield x, ay, x, by, style, False


def route(ends: Ends) -> tuple[list[tuple[int, int, int, int]], tuple[int, int] | None]:
    """An edge's lines ``(x0, y0, x1, y1)`` (each horizontal or vertical; drawn in this
    order, lines that meet join) and where its arrowhead goes (None: none)."""
    x0, y0, x1, y1, _, forward = ends
    if forward:
        mid = x1 - 1 if y1 != y0 else x0
        return [(x0, y0, mid, y0), (mid, y0, mid, y1), (mid, y1, x1, y1)], (x1, y1)
    # Same column or backwards (a cycle T001 reports): drop down from one to the other.
    return [(x0, y0 + (1 if y1 > y0 else -1), x0, y1 + (-1 if y1 > y0 else 1))], None


def edge_routes(view: nx.MultiDiGraph, layout: Layout, p: Palette) -> Iterator[Route]:
    """Each edge's route, in the view's order: its lines ``(x0, y0, x1, y1)`` (each
    horizontal or vertical; drawn in this order, lines that meet join), where its
    arrowhead goes (None: none) and its style."""
    for ends in edge_ends(view, layout, p):
        lines, arrow = route(ends)
        yield lines, arrow, ends[4]
