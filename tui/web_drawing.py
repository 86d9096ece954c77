"""The faction web in cells, at the graph's three zoom levels.

:func:`draw_web` puts each faction where :func:`arcs.layout.layout` put it on
its circle and joins the pairs with stance lines. ``cards`` is the web at its
own size, every name whole (the pane pans over it). ``season`` squeezes the
circle into the pane: factions keep their rows and their order along each
row, and a name that no longer has room is shortened at its end with an
ellipsis. ``show`` draws each faction as one coloured mark (``●``), as the
beats' season level does, so even a big web fits; the title line names the
selected one. A stance's name goes in free cells beside its line (never over
a name, a box or a line), shortened at its end when only that fits; at the
first level what finds no room is numbered and written under the web, at the
others the line's colour says it: a legend on the rows above names the
colours.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.style import Style

from arcs.layout import Layout
from tui.drawing import HEAD_ROWS, PX_Y, Drawing, Hit, Palette, cx
from tui.theme import stance_colour

if TYPE_CHECKING:
    import networkx as nx

#: Cells between two factions on a row, and between two legend words.
GAP = 2
#: A shortened name keeps at least three letters and the ellipsis (a space each side).
LEAST = 6
#: Rows of the web per row of the layout's circle at the first level.
ROWS_PER_PX = 0.6 / PX_Y
#: In the pane, the web takes at most this many times its own rows.
STRETCH = 2.0


class Span(NamedTuple):
    """A faction's cells ``x0 .. x1 - 1`` on row ``y``; its lines leave from ``anchor``."""

    x0: int
    x1: int
    y: int
    anchor: int


def draw_web(
    drawing: Drawing, view: nx.MultiDiGraph, layout: Layout, p: Palette, *,
    zoom: str = "cards", pane: tuple[int, int] = (80, 24),
) -> None:
    """Draw the faction web ``view`` at ``zoom`` for a ``pane`` of cells (``cards``: its
    own size, names whole; ``season``: in the pane, names shortened; ``show``: in the
    pane, a mark per faction)."""
    boxes = layout.boxes
    names = {}
    for node in boxes:
        data = view.nodes[node]
        members = data.get("members")
        count = f" ({members})" if members is not None else ""
        names[node] = f"{data.get('label', node)}{count}"
    fitted = zoom != "cards"
    # The pane less a column and a row, so that the canvas needs no scroll bar.
    right, bottom = (pane[0] - 2, pane[1] - 1) if fitted else (None, None)
    spans = web_spans(layout, names, zoom=zoom, right=right, bottom=bottom)

    drawn: set[frozenset[Hashable]] = set()
    stances: list[tuple[Hashable, Hashable, str, Style, list[tuple[int, int, str]]]] = []
    for u, v, data in view.edges(data=True):
        pair = frozenset((u, v))
        if u not in spans or v not in spans or pair in drawn:
            continue
        drawn.add(pair)
        # Down from one and across to the other, whichever way passes under fewer
        # other factions (a line under a box reads as if it went there).
        others = [span for node, span in spans.items() if node not in pair]
        a, b = spans[u], spans[v]
        if _under(b, a, others) < _under(a, b, others):
            a, b = b, a
        stance = str(data.get("stance", ""))
        style = Style(color=stance_colour(stance, p.dark))
        drawing.line(a.anchor, a.y, a.anchor, b.y, style)
        drawing.line(a.anchor, b.y, b.anchor, b.y, style)
        stances.append((u, v, stance, style + Style(italic=True),
                        _beside(a.anchor, a.y, b.anchor, b.y)))
    drawing.ink_lines()
    for node, (x0, x1, y, _) in spans.items():
        if zoom == "show":
            colour = p.colours.get(str(node), p.text)
            drawing.put(x0, y, "●", Style(color=colour, bold=True))
        else:
            style = p.node(str(node))
            for x in range(x0, x1):
                drawing.put(x, y, " ", style)
            drawing.label(x0 + 1, y, names[node], style, limit=x1 - x0 - 2, kind="node")
        drawing.hits.append(Hit(node, x0, y, x1 - x0))
    notes: list[tuple[str, Style]] = []
    for u, v, stance, style, spots in stances:
        if bottom is not None:
            spots = [spot for spot in spots if spot[1] < bottom]
        if not stance or drawing.place(spots, stance, style, kind="stance", right=right):
            continue
        if fitted:  # the line's colour says it (the legend above)
            continue
        # No free place, even shortened: a number here and the stance under the web.
        notes.append((f"{len(notes) + 1} {names[u]} – {names[v]}: {stance}", style))
        drawing.place(spots, str(len(notes)), style, kind="note", shortest=None)
    end = drawing.height + 1
    for k, (note, style) in enumerate(notes):
        drawing.label(1, end + k, note, style, kind="note")
    _legend(drawing, [(stance, style) for _, _, stance, style, _ in stances if stance],
            right if right is not None else max(drawing.width, 40))


def _under(a: Span, b: Span, others: list[Span]) -> int:
    """How many cells of the line down from ``a`` and across to ``b`` lie under
    ``others``."""
    low, high = sorted((a.y, b.y))
    left, right = sorted((a.anchor, b.anchor))
    count = 0
    for o in others:
        if o.x0 <= a.anchor < o.x1 and low <= o.y <= high:
            count += 1
        if o.y == b.y:
            count += max(0, min(o.x1, right + 1) - max(o.x0, left))
    return count


def web_spans(
    layout: Layout, names: dict[Hashable, str], *, zoom: str = "cards",
    right: int | None = None, bottom: int | None = None,
) -> dict[Hashable, Span]:
    """Each faction's cells and where its lines leave from.

    At ``cards`` a faction is centred where the layout put it and as wide as its box or
    its name (and a space each side), pushed along its row as far as its neighbours need.
    At the other levels the circle is squeezed to end before column ``right`` and row
    ``bottom``; the names share what their row has (``season``) or each faction is one
    cell (``show``). Lines leave from where the layout put a faction (inside its box), so
    factions one above another share their lines' column."""
    boxes = layout.boxes
    if not boxes:
        return {}
    top = min(b.y for b in boxes.values())
    down = {n: (b.y - top) * ROWS_PER_PX for n, b in boxes.items()}
    deepest = max(down.values())
    if bottom is not None and deepest > 0:
        # Squeezed into the pane's rows, or spread over up to twice its own where the
        # pane has them: the stances' names get the room the columns lost.
        scale = min(STRETCH, max(0, bottom - 1 - HEAD_ROWS) / deepest)
        rows = {n: HEAD_ROWS + round(d * scale) for n, d in down.items()}
    else:
        rows = {n: HEAD_ROWS + round(d) for n, d in down.items()}

    def want(node: Hashable) -> int:
        if zoom == "show":
            return 1
        whole = cell_len(names[node]) + 2
        return max(whole, cx(boxes[node].right) - cx(boxes[node].left)) if zoom == "cards" \
            else whole

    wants = {n: want(n) for n in boxes}
    centres = {n: float(cx(b.x)) for n, b in boxes.items()}
    if right is not None:
        centres = _squeeze(centres, wants, right)
    by_row: dict[int, list[Hashable]] = {}
    for node in sorted(boxes, key=lambda n: centres[n]):
        by_row.setdefault(rows[node], []).append(node)
    spans: dict[Hashable, Span] = {}
    least = 1 if zoom == "show" else LEAST
    for y, nodes in by_row.items():
        placed = pack([(centres[n], wants[n]) for n in nodes], right, least)
        for node, (x0, x1) in zip(nodes, placed, strict=True):
            anchor = min(max(x0, round(centres[node])), x1 - 1)
            spans[node] = Span(x0, x1, y, anchor)
    shift = min(0, *(x0 for x0, _, _, _ in spans.values())) if right is not None \
        else min(x0 for x0, _, _, _ in spans.values())  # nothing left of the first column
    return {n: Span(x0 - shift, x1 - shift, y, a - shift) for n, (x0, x1, y, a) in spans.items()}


def _squeeze(
    centres: dict[Hashable, float], wants: dict[Hashable, int], right: int
) -> dict[Hashable, float]:
    """The centres moved into ``0 .. right``: as they are (shifted) when the web fits,
    else spread over the width less half the outermost names (a quarter of it at most)."""
    first = min(centres, key=lambda n: centres[n])
    last = max(centres, key=lambda n: centres[n])
    low = min(centres[n] - wants[n] / 2 for n in centres)
    high = max(centres[n] + wants[n] / 2 for n in centres)
    if high - low <= right:
        return {n: c - low for n, c in centres.items()}
    left_margin = min(wants[first] / 2, right / 4)
    right_margin = min(wants[last] / 2, right / 4)
    spread = centres[last] - centres[first]
    room = max(0.0, right - left_margin - right_margin)
    scale = room / spread if spread else 0.0
    return {n: left_margin + (c - centres[first]) * scale for n, c in centres.items()}


def pack(
    items: list[tuple[float, int]], right: int | None, least: int
) -> list[tuple[int, int]]:
    """Spans ``(x0, x1)`` for boxes ``(centre, width)`` in order along one row: each as
    near its centre as the others allow, ``GAP`` cells apart, none before 0, and, when
    ``right`` is given, all before it: widths above ``least`` shrink alike until they fit.

    >>> pack([(5, 6), (9, 6)], None, 4)
    [(2, 8), (10, 16)]
    >>> pack([(0, 10), (20, 30)], 24, 4)
    [(0, 10), (12, 24)]
    """
    widths = [w for _, w in items]
    if right is not None:
        room = right - GAP * (len(items) - 1)
        if sum(widths) > room:
            cap = _cap(widths, room)
            widths = [max(min(least, w), min(w, cap)) for w in widths]
    xs = [round(c - w / 2) for (c, _), w in zip(items, widths, strict=True)]
    for k in range(len(xs)):  # left to right: clear of the one before
        xs[k] = max(xs[k], xs[k - 1] + widths[k - 1] + GAP if k else 0)
    if right is not None:
        for k in reversed(range(len(xs))):  # right to left: before the one after
            limit = xs[k + 1] - GAP if k + 1 < len(xs) else right
            xs[k] = min(xs[k], limit - widths[k])
        for k in range(len(xs)):  # too narrow a pane: overflow, never overlap
            xs[k] = max(xs[k], xs[k - 1] + widths[k - 1] + GAP if k else 0)
    return [(x, x + w) for x, w in zip(xs, widths, strict=True)]


def _cap(widths: list[int], room: int) -> int:
    """The largest width ``c`` with ``sum(min(w, c)) <= room`` (shares of a row).

    >>> _cap([4, 30, 30], 40)
    18
    """
    left, count = room, len(widths)
    for k, w in enumerate(sorted(widths)):
        share = left // (count - k)
        if w > share:
            return share
        left -= w
    return max(widths, default=0)


def _legend(drawing: Drawing, stances: list[tuple[str, Style]], right: int) -> None:
    """The stances' names in their lines' colours on the rows above the web (the second
    row when the first is full; shortened at its end when neither has room)."""
    x, y = 1, 0
    for stance, style in dict(stances).items():
        width = cell_len(stance)
        if x + width > right and y + 1 < HEAD_ROWS and x > 1:
            x, y = 1, y + 1
        room = right - x
        if room < 2:
            break
        label = drawing.label(x, y, stance, style, limit=room, kind="legend")
        x += label.width + GAP


def _beside(ax: int, ay: int, bx: int, by: int) -> list[tuple[int, int, str]]:
    """Where a line's name may go beside an L-shaped line (down from ``a``, across to
    ``b``), nearest the middle first: right of the upright, left of it, then over and
    under the crossbar (the way :func:`arcs.web_layout.panels` tries spots along a line)."""
    spots: list[tuple[int, int, str]] = []
    upright = sorted(range(min(ay, by) + 1, max(ay, by)), key=lambda y: abs(2 * y - ay - by))
    for y in upright:
        spots += [(ax + 2, y, "start"), (ax - 2, y, "end")]
    a, b = sorted((ax, bx))
    across = sorted(range(a + 2, b - 1), key=lambda x: abs(2 * x - a - b))
    for x in across:
        spots += [(x, by - 1, "centre"), (x, by + 1, "centre")]
    return spots
