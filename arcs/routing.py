"""Links between boxes of a timeline routed in the channels between them.

A route is a polyline of horizontal and vertical runs: out of the source
box's right side, along the free channels of the layout (the gaps between
episode columns and between rows and lanes), into the target box's left
side. No run passes over a box other than its own ends'. Runs that share a
channel are given separate tracks in it, and the links of one box leave
and arrive at separate heights, so two routes never share a segment.

The card board (the ``beats`` and ``character:ID`` views) routes its near
links (:func:`is_far` says which are drawn as stubs instead) by a fixed
shape, since its column gaps and row gaps are free everywhere: out to the
gap after the source's column, along the row gap next to the target's row,
down the gap before the target's column. The ``arcs`` view's bars span
many columns, so its ``requires`` links are searched for (Dijkstra over the
channel grid, a bend and a shared channel costing extra).
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from arcs.layout import ARC_ROW, BAR_INSET, COLUMN, LANE_PAD, ROW, Box, Layout
from story_bible.positions import Position

if TYPE_CHECKING:
    import networkx as nx

Point = tuple[float, float]
EdgeKey = tuple[Hashable, Hashable, Hashable]
#: A run: ("h" or "v", the channel's coordinate, its half width, from, to).
Run = tuple[str, float, float, float, float]

TRACK = 4.0  # pixels between two links sharing a channel
BEND = 40.0  # a bend costs as much as this much length
INF = float("inf")
SHARED = 150.0  # a channel stretch another link uses (on a track of its own) costs this


def is_far(G: nx.MultiDiGraph, layout: Layout, u: Hashable, v: Hashable) -> bool:
    """Whether the card link u → v is drawn as stubs: over two columns long, or
    between seasons (a route would run the length of the board)."""
    a, b = layout.boxes[u], layout.boxes[v]
    when_u, when_v = G.nodes[u].get("at"), G.nodes[v].get("at")
    other_season = (
        isinstance(when_u, Position) and isinstance(when_v, Position)
        and when_u.season != when_v.season
    )
    return other_season or abs(b.x - a.x) > 2.5 * COLUMN


def routes(G: nx.MultiDiGraph, layout: Layout) -> dict[EdgeKey, list[Point]]:
    """The polyline of every routed link of a timeline view, by ``(u, v, key)``.

    Card-board links drawn as stubs (:func:`is_far`) and links of a box to
    itself have none.
    """
    if layout.kind != "timeline":
        return {}
    arcs = G.graph.get("view") == "arcs"
    edges = [
        (u, v, k) for u, v, k in G.edges(keys=True)
        if u != v and (arcs or not is_far(G, layout, u, v))
    ]
    if not edges:
        return {}
    channels = _Channels(layout, ARC_ROW if arcs else ROW)
    paths: dict[EdgeKey, list[Run]] = {}
    if arcs:
        used: dict[tuple[str, int, int], int] = defaultdict(int)
        order = sorted(edges, key=lambda e: (_span(layout, e), str(e)))
        for edge in order:
            paths[edge] = channels.search(layout.boxes[edge[0]], layout.boxes[edge[1]], used)
    else:
        for edge in edges:
            paths[edge] = channels.shape(layout.boxes[edge[0]], layout.boxes[edge[1]])
    return _spread(layout, paths)


def _span(layout: Layout, edge: EdgeKey) -> float:
    a, b = layout.boxes[edge[0]], layout.boxes[edge[1]]
    return abs(b.left - a.right) + abs(b.y - a.y)


class _Channels:
    """The free channels of a timeline: vertical ones at the column gaps, horizontal
    ones at the row and lane gaps (and along each row, between its boxes)."""

    def __init__(self, layout: Layout, pitch: float) -> None:
        self.layout = layout
        self.pitch = pitch
        boxes = list(layout.boxes.values())
        self.half_row = min((b.height for b in boxes), default=pitch) / 2
        xs: dict[float, float] = {}
        if pitch == ARC_ROW:  # bars: the column boundaries, between bars' insets
            for c in layout.columns:
                xs[c.x0] = xs[c.x1] = BAR_INSET
        self.gutters = [(band.x0, band.x_lanes) for band in layout.bands]
        self.edges = {band.x1 for band in layout.bands} | {band.x_lanes for band in layout.bands}
        if pitch != ARC_ROW:  # cards: the cell boundaries, half a column either side of a card
            for b in boxes:
                for x in (b.x - COLUMN / 2, b.x + COLUMN / 2):
                    at, half = self.cell_edge(x, b.width)
                    xs[at] = half
        self.xs = sorted(x for x in xs if not any(g0 <= x < g1 for g0, g1 in self.gutters))
        self.x_half = xs
        ys: dict[float, float] = {}
        gap = (pitch - self.half_row * 2) / 2
        for lane in layout.lanes:
            rows = max(1, round((lane.y1 - lane.y0 - 2 * LANE_PAD) / pitch))
            ys.setdefault(lane.y0, LANE_PAD + gap)
            ys.setdefault(lane.y1, LANE_PAD + gap)
            for r in range(rows):
                top = lane.y0 + LANE_PAD + r * pitch
                if r:
                    ys.setdefault(top, gap)
                ys.setdefault(top + pitch / 2, self.half_row)
        self.ys = sorted(ys)
        self.y_half = ys
        # boxes by 200-pixel stretch of x, for the free-run checks
        self.buckets: dict[int, list[Box]] = defaultdict(list)
        for b in boxes:
            for k in range(int(b.left // 200), int(b.right // 200) + 1):
                self.buckets[k].append(b)
        self._tables: tuple[bytearray, bytearray] | None = None

    def cell_edge(self, x: float, width: float) -> tuple[float, float]:
        """The vertical channel at a card cell's edge ``x``: its middle and half width.
        At a band's edge only the band's own side of the gap is used (the other
        side is the next season's lane names)."""
        gap = (COLUMN - width) / 2
        if any(abs(x - e) < 0.5 for e in self.edges):
            inside = -1 if any(abs(x - band.x1) < 0.5 for band in self.layout.bands) else 1
            return round(x + inside * gap / 2, 1), gap / 2
        return round(x, 1), gap

    # -- free runs ---------------------------------------------------------

    def clear(self, kind: str, at: float, lo: float, hi: float) -> bool:
        """Whether a run along ``at`` from ``lo`` to ``hi`` passes over no box
        (touching a box's edge is not passing over it) and no lane-label column."""
        lo, hi = min(lo, hi), max(lo, hi)
        if kind == "h":
            if any(lo < g1 and hi > g0 for g0, g1 in self.gutters if g1 > g0 + 1):
                return False
            seen = {id(b): b for k in range(int(lo // 200), int(hi // 200) + 1)
                    for b in self.buckets.get(k, ())}
            return not any(
                b.y - b.height / 2 < at < b.y + b.height / 2 and b.left < hi and b.right > lo
                for b in seen.values()
            )
        return not any(
            b.left < at < b.right and b.y - b.height / 2 < hi and b.y + b.height / 2 > lo
            for b in self.buckets.get(int(at // 200), ())
        )

    def _free_tables(self) -> tuple[bytearray, bytearray]:
        """Whether each grid step is free (:meth:`clear`), all at once, by
        ``j * len(xs) + i``: the steps from track point (i, j) to (i + 1, j), then
        those to (i, j + 1) (1: free). Marked box by box with bisection: asking step
        by step scanned the boxes near each, most of the arcs view's search."""
        if self._tables is not None:
            return self._tables
        xs, ys = self.xs, self.ys
        n, m = len(xs), len(ys)
        h, v = bytearray(b"\1") * (n * m), bytearray(b"\1") * (n * m)
        walls = [(g0, g1) for g0, g1 in self.gutters if g1 > g0 + 1]
        for b in self.layout.boxes.values():
            top, bottom = b.y - b.height / 2, b.y + b.height / 2
            # along x at ys[j] (top < y < bottom), steps xs[i]..xs[i+1] that overlap it
            i0 = max(bisect.bisect_right(xs, b.left) - 1, 0)
            i1 = bisect.bisect_left(xs, b.right)
            for j in range(bisect.bisect_right(ys, top), bisect.bisect_left(ys, bottom)):
                row = j * n
                for i in range(i0, min(i1, n - 1)):
                    if xs[i] < b.right and xs[i + 1] > b.left:
                        h[row + i] = 0
            # along y at xs[i] (left < x < right), steps ys[j]..ys[j+1] that overlap it
            j0 = max(bisect.bisect_right(ys, top) - 1, 0)
            j1 = bisect.bisect_left(ys, bottom)
            for i in range(bisect.bisect_right(xs, b.left), bisect.bisect_left(xs, b.right)):
                for j in range(j0, min(j1, m - 1)):
                    if ys[j] < bottom and ys[j + 1] > top:
                        v[j * n + i] = 0
        for g0, g1 in walls:  # no run along x through the lane names
            for i in range(n - 1):
                if xs[i] < g1 and xs[i + 1] > g0:
                    for j in range(m):
                        h[j * n + i] = 0
        self._tables = h, v
        return h, v

    # -- the card board's fixed shape --------------------------------------

    def shape(self, a: Box, b: Box) -> list[Run]:
        """Out to the gap after ``a``'s column, along the row gap beside ``b``'s row
        (on ``a``'s side), down the gap before ``b``'s column, into ``b``."""
        x1, half1 = self.cell_edge(a.x + COLUMN / 2, a.width)
        x2, half2 = self.cell_edge(b.x - COLUMN / 2, b.width)
        if x1 == x2:
            return [("h", a.y, 0, a.right, x1), ("v", x1, half1, a.y, b.y),
                    ("h", b.y, 0, x1, b.left)]
        gap = b.y - self.pitch / 2 if a.y <= b.y else b.y + self.pitch / 2
        return [
            ("h", a.y, 0, a.right, x1), ("v", x1, half1, a.y, gap),
            ("h", gap, (self.pitch - b.height) / 2, x1, x2),
            ("v", x2, half2, gap, b.y), ("h", b.y, 0, x2, b.left),
        ]

    # -- the arcs view's search --------------------------------------------

    def search(self, a: Box, b: Box, used: dict[tuple[str, int, int], int]) -> list[Run]:
        """The cheapest free route from ``a``'s right side to ``b``'s left side."""
        xs, ys = self.xs, self.ys
        ja, jb = _index(ys, a.y), _index(ys, b.y)
        start_i = next((i for i, x in enumerate(xs) if x >= a.right), None)
        end_i = next((i for i in range(len(xs) - 1, -1, -1) if xs[i] <= b.left), None)
        if ja is None or jb is None or start_i is None or end_i is None:
            return _straight(a, b)
        if not (self.clear("h", a.y, a.right, xs[start_i])
                and self.clear("h", b.y, xs[end_i], b.left)):
            return _straight(a, b)
        # Near the two ends first (most links are local), then the whole grid.
        lo_i, hi_i = min(start_i, end_i), max(start_i, end_i)
        lo_j, hi_j = min(ja, jb), max(ja, jb)
        found = self._astar((start_i, ja, xs[start_i] - a.right), (end_i, jb), used,
                            (max(0, lo_i - 6), min(len(xs) - 1, hi_i + 6),
                             max(0, lo_j - 12), min(len(ys) - 1, hi_j + 12)))
        if found is None:
            found = self._astar((start_i, ja, xs[start_i] - a.right), (end_i, jb), used,
                                (0, len(xs) - 1, 0, len(ys) - 1))
        if found is None:
            return _straight(a, b)
        goal, came = found
        points: list[tuple[int, int]] = []
        back: tuple[int, int, int] | None = goal
        while back is not None:
            points.append(back[:2])
            back = came[back]
        points.reverse()
        for (i, j), (ni, nj) in pairwise(points):
            if nj == j:
                used[("h", min(i, ni), j)] += 1
            else:
                used[("v", i, min(j, nj))] += 1
        runs: list[Run] = [("h", a.y, 0, a.right, xs[start_i])]
        for (i, j), (ni, nj) in pairwise(points):
            if nj == j:
                _extend(runs, ("h", ys[j], self.y_half[ys[j]], xs[i], xs[ni]))
            else:
                _extend(runs, ("v", xs[i], self.x_half[xs[i]], ys[j], ys[nj]))
        _extend(runs, ("h", b.y, 0, xs[end_i], b.left))
        if len(runs) == 1:  # one straight run: a bend in the first channel, for the ends
            x = xs[start_i]
            runs = [("h", a.y, 0, a.right, x), ("v", x, self.x_half[x], a.y, b.y),
                    ("h", b.y, 0, x, b.left)]
        return runs


    def _astar(
        self, start: tuple[int, int, float], end: tuple[int, int],
        used: dict[tuple[str, int, int], int], window: tuple[int, int, int, int],
    ) -> tuple[tuple[int, int, int], dict[tuple[int, int, int], tuple[int, int, int] | None]
               ] | None:
        """A* over the track grid inside ``window`` (first and last x track, first and
        last y track) from ``start`` (i, j, cost so far) to ``end`` (i, j): the goal
        state and each state's predecessor, or None where no free way exists.

        States are numbered ``(j * columns + i) * 2 + direction`` (0 along x, 1
        along y) so that the inner loop handles ints, not tuples.
        """
        xs, ys = self.xs, self.ys
        n = len(xs)
        i_lo, i_hi, j_lo, j_hi = window
        gx, gy = xs[end[0]], ys[end[1]]
        goal_cell = end[1] * n + end[0]
        h_free, v_free = self._free_tables()
        best: dict[int, float] = {}
        came: dict[int, int] = {}
        first = (start[1] * n + start[0]) * 2
        best[first] = start[2]
        heap = [(start[2] + abs(xs[start[0]] - gx) + abs(ys[start[1]] - gy), start[2], first)]
        found = -1
        pop, push, get = heapq.heappop, heapq.heappush, best.get
        shared = used.get if used else None
        while heap:
            _, cost, state = pop(heap)
            if cost > best[state]:
                continue
            cell = state >> 1
            if cell == goal_cell:
                found = state
                break
            d = state & 1
            j, i = divmod(cell, n)
            x, y = xs[i], ys[j]
            # along x (steps h), then along y (steps v); the same sums, in the same
            # order, as a step at a time (a run along x adds no y, and vice versa)
            for ni, nj, nd, step in (
                (i + 1, j, 0, cell), (i - 1, j, 0, cell - 1),
                (i, j + 1, 1, cell), (i, j - 1, 1, cell - n),
            ):
                if not (i_lo <= ni <= i_hi and j_lo <= nj <= j_hi):
                    continue
                if nd == 0:
                    if not h_free[step]:
                        continue
                    total = cost + abs(xs[ni] - x)
                else:
                    if not v_free[step]:
                        continue
                    total = cost + abs(ys[nj] - y)
                if nd != d:
                    total += BEND
                if shared is not None:
                    total += SHARED * shared(("v" if nd else "h", step % n, step // n), 0)
                nxt = (nj * n + ni) * 2 + nd
                if total < get(nxt, INF):
                    best[nxt], came[nxt] = total, state
                    push(heap, (total + abs(xs[ni] - gx) + abs(ys[nj] - gy), total, nxt))
        if found < 0:
            return None

        def unpack(state: int) -> tuple[int, int, int]:
            cell, d = divmod(state, 2)
            j, i = divmod(cell, n)
            return i, j, d

        chain: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}
        state = found
        while True:
            before = came.get(state)
            chain[unpack(state)] = unpack(before) if before is not None else None
            if before is None:
                break
            state = before
        return unpack(found), chain


def _extend(runs: list[Run], run: Run) -> None:
    """Add ``run`` to a route, as part of the last run where it goes on along it."""
    last = runs[-1]
    if last[0] == run[0] and abs(last[1] - run[1]) < 0.01:
        runs[-1] = (last[0], last[1], last[2], last[3], run[4])
    else:
        runs.append(run)


def _index(values: list[float], value: float) -> int | None:
    for k, v in enumerate(values):
        if abs(v - value) < 0.01:
            return k
    return None


def _straight(a: Box, b: Box) -> list[Run]:
    """The fallback where no free route exists: one line (the tests say when)."""
    return [("h", a.y, 0, a.right, b.left)] if a.y == b.y else [
        ("h", a.y, 0, a.right, a.right), ("v", a.right, 0, a.y, b.y),
        ("h", b.y, 0, a.right, b.left)]


def _spread(layout: Layout, paths: dict[EdgeKey, list[Run]]) -> dict[EdgeKey, list[Point]]:
    """Polylines whose runs in a shared channel lie on separate tracks, and whose
    ends at one box side lie at separate heights."""
    # ends: spread the links leaving (entering) one box over its side's height
    leaving: dict[Hashable, list[EdgeKey]] = defaultdict(list)
    entering: dict[Hashable, list[EdgeKey]] = defaultdict(list)
    for edge in paths:
        leaving[edge[0]].append(edge)
        entering[edge[1]].append(edge)
    out_y: dict[EdgeKey, float] = {}
    in_y: dict[EdgeKey, float] = {}
    # links leave a little below a side's middle and arrive a little above it, so
    # that a link leaving one box never runs on the line of one entering the next
    for side, store, end, shift in ((leaving, out_y, -1, 3.0), (entering, in_y, 0, -3.0)):
        for node, edges in side.items():
            box = layout.boxes[node]
            # by where the route heads, so that the ends do not cross
            edges.sort(key=lambda e: (_heading(paths[e], end), str(e)))
            step = min(8.0, (box.height - 12) / max(1, len(edges)))
            for k, edge in enumerate(edges):
                store[edge] = box.y + shift + (k - (len(edges) - 1) / 2) * step
    # channels: greedy tracks per channel, overlapping runs on different ones
    offset: dict[tuple[EdgeKey, int], float] = {}
    by_channel: dict[tuple[str, float], list[tuple[float, float, EdgeKey, int, float]]] = (
        defaultdict(list))
    for edge, runs in paths.items():
        for k, (kind, at, half, lo, hi) in enumerate(runs):
            if 0 < k < len(runs) - 1:
                by_channel[(kind, at)].append((min(lo, hi), max(lo, hi), edge, k, half))
    for members in by_channel.values():
        members.sort(key=lambda m: (m[0], m[1], str(m[2])))
        ends: list[float] = []  # per track, where its last run ends
        slots: list[int] = []
        for lo, hi, _, _, _ in members:
            for slot, last in enumerate(ends):
                if last < lo - 1:
                    ends[slot] = hi
                    break
            else:
                slot = len(ends)
                ends.append(hi)
            slots.append(slot)
        half = min(m[4] for m in members)
        room = max(1.0, half - 1.5)
        step = min(TRACK, room / max(1, len(ends) // 2))
        for (_, _, edge, k, _), slot in zip(members, slots, strict=True):
            # tracks 0, +1, -1, +2, -2... from the channel's middle
            offset[(edge, k)] = step * ((slot + 1) // 2) * (1 if slot % 2 else -1)
    result: dict[EdgeKey, list[Point]] = {}
    for edge, runs in paths.items():
        place: list[float] = []
        for k, run in enumerate(runs):
            if k == 0:
                place.append(out_y[edge])
            elif k == len(runs) - 1:
                place.append(in_y[edge])
            else:
                place.append(run[1] + offset[(edge, k)])
        points: list[Point] = [(runs[0][3], place[0])]
        for k in range(1, len(runs)):
            if runs[k][0] == "v":  # a bend from a horizontal run into a vertical one
                points.append((place[k], place[k - 1]))
            else:
                points.append((place[k - 1], place[k]))
        points.append((runs[-1][4], place[-1]))
        result[edge] = points
    return result


def _heading(runs: list[Run], end: int) -> float:
    """Where a route goes after leaving (``end`` -1: where it comes from before
    arriving) its box: the far end of its second (second to last) run."""
    if len(runs) < 3:
        return 0.0
    run = runs[1] if end == -1 else runs[-2]
    return run[4] if end == -1 else run[3]


def segments(points: Iterable[Point]) -> list[tuple[Point, Point]]:
    """A polyline's segments (for tests and for drawing)."""
    pts = list(points)
    return list(pairwise(pts))
