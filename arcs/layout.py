"""One deterministic layout of a view, shared by every picture of it.

Timelines (the ``beats``, ``arcs`` and ``character:ID`` views) read left to
right as the story does: x is story time (season, episode, then the
topological generation of the beat inside its episode), y is a swimlane (an
arc or a faction, :mod:`arcs.views` says which). Arc lanes are grouped per
season band, each band with its own labels, because most arcs live in one
season; faction lanes run through the whole plan. A lane is as many rows
tall as its fullest cell. Barycentre sweeps between neighbouring columns
and bands order the lanes and the rows inside them to cut edge crossings,
and the best order found (by total vertical edge length, the naive
first-appearance order included) is kept. The ``factions`` view is a web:
factions on a circle, in the bible's order.

Coordinates are SVG pixels (y grows downwards): the SVG draws these boxes
and GraphML, GEXF and JSON carry their centres as ``x``/``y``. The same
view gives the same layout, whatever the hash seed: nothing here iterates
a set.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from story_bible.positions import Position, season_number

if TYPE_CHECKING:
    import networkx as nx

# Geometry, in SVG pixels.
MARGIN = 24
HEADER = 64  # title and subtitle
BAND_HEAD = 30  # season names
EPISODE_HEAD = 24  # episode numbers
GUTTER = 188  # lane labels at the left of a band
NODE_W, NODE_H = 176, 58
COLUMN = NODE_W + 44
EMPTY_COLUMN = 40
ROW = NODE_H + 16
LANE_PAD = 10
ARC_EPISODE = 40
ARC_H, ARC_ROW = 34, 46
# At most this many subcolumns per episode on the card board (all episodes the same).
SUBCOLUMNS = 3
BAR_INSET = 6  # a bar's gap to its first and last episode's edges: room for links
WEB_W, WEB_H = 188, 52
# Up to this many edges, candidate orders are judged by counting crossings.
COUNT_LIMIT = 1500
# Swapping neighbouring lanes costs a count per lane: only while edges x lanes stay below this.
TRANSPOSE_WORK = 10_000

Node = Hashable


@dataclass(frozen=True, slots=True)
class Box:
    """A node's place: centre ``x``/``y``, ``width``, ``height``."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class Band:
    """A season's stretch of the x axis; lanes grouped in it start after ``x_lanes``."""

    season: str
    title: str
    x0: float
    x1: float
    x_lanes: float


@dataclass(frozen=True, slots=True)
class Column:
    """An episode's stretch of the x axis (``empty`` when the view has nothing there)."""

    position: Position
    x0: float
    x1: float
    empty: bool


@dataclass(frozen=True, slots=True)
class Lane:
    """A swimlane: ``key`` (arc or faction id, ``""`` for none) drawn over x0..x1, y0..y1.

    ``group`` is the faction most of its ``count`` nodes wear (its colour).
    """

    key: str
    label: str
    group: str
    count: int
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass(slots=True)
class Layout:
    """Where everything of one view is drawn; ``kind`` is ``timeline`` or ``web``."""

    kind: str
    boxes: dict[Node, Box]
    width: float
    height: float
    bands: list[Band] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    #: The faction web per season (:func:`arcs.web_layout.panels`): its panels.
    panels: list[Any] = field(default_factory=list)
    #: The stance chart (:func:`arcs.web_layout.stance_chart`): its rows, its season
    #: bands (id, title, x0, x1) and its episode columns (x0, x1).
    rows: list[Any] = field(default_factory=list)
    chart_bands: list[tuple[str, str, float, float]] = field(default_factory=list)
    chart_columns: dict[Position, tuple[float, float]] = field(default_factory=dict)


def layout(G: nx.MultiDiGraph, *, sweeps: int = 4, equal_columns: bool = False) -> Layout:
    """Lay out a view (:func:`arcs.views.select`) for every picture of it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A view: its nodes carry ``lane`` and ``group`` and their time
        (``season``/``episode`` for beats, ``first``/``last`` for arcs).
    sweeps : int
        Barycentre sweeps for crossing reduction; 0 keeps the naive order
        (lanes by first appearance, rows by story order).
    equal_columns : bool
        Card boards (``beats``, ``character:ID``): every episode column the
        same width (the exported pictures' regular time axis), an episode's
        later beats stacked below in its last subcolumn where it needs more
        room; otherwise each episode is as wide as its longest chain, so every
        link points right.

    Examples
    --------
    >>> from story_bible import load_text
    >>> from arcs.graph import build_graph
    >>> from arcs.views import select
    >>> V = select(build_graph(load_text('''
    ... arcroom: 1
    ... series: {title: All of Us Are Dead}
    ... seasons: {S1: {title: Survival of mankind, episodes: 2}}
    ... arcs:
    ...   escape:
    ...     season: S1
    ...     title: Escape Hyosan High
    ...     beats:
    ...       outbreak: {at: S1E01}
    ...       panic: {at: S1E01, after: [outbreak]}
    ...       roof: {at: S1E02, after: [panic]}
    ... ''')))
    >>> L = layout(V)
    >>> L.boxes["outbreak"].x < L.boxes["panic"].x < L.boxes["roof"].x
    True
    >>> L.boxes["outbreak"].y == L.boxes["roof"].y
    True
    """
    view = str(G.graph.get("view", "beats"))
    if view == "factions":
        return _web(G)
    if view == "stances":
        from arcs.web_layout import stance_chart

        return stance_chart(G)
    if view == "overview":
        from arcs.overview import overview_layout

        return overview_layout(G)
    if view == "arcs":
        return _Timeline(G, per_band=False, bars=True).run(sweeps)
    per_band = G.graph.get("lanes") == "arc"
    return _Timeline(G, per_band=per_band, bars=False, equal=equal_columns).run(sweeps)


def relaid(L: Layout, G: nx.MultiDiGraph) -> Layout | None:
    """The layout of the ``beats`` view ``G`` after an edit that changed nothing that
    places its nodes (:class:`arcs.views.ViewPatch`: no node added or taken out, none's
    episode, rank, lane, season or edges), from ``L``, its layout before: the same
    boxes, bands and columns, each lane's colour (the faction most of its beats wear)
    counted again. It equals :func:`layout`'s; None for another view.
    """
    if G.graph.get("view") != "beats" or L.kind != "timeline":
        return None
    per_band = G.graph.get("lanes") == "arc"
    worn: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for data in G._node.values():  # in story order: a tie goes to the first worn
        worn[int(data["season"]) if per_band else 0, data["lane"]][data["group"]] += 1
    season = {band.x0: season_number(band.season) or 0 for band in L.bands}
    lanes = [dataclasses.replace(lane, group=worn[
        season[lane.x0] if per_band else 0, lane.key].most_common(1)[0][0]) for lane in L.lanes]
    return dataclasses.replace(L, lanes=lanes)


def lane_label(G: nx.MultiDiGraph, key: str) -> str:
    """What a lane is called in pictures (``(no faction)`` for the lane of none)."""
    if key:
        return str(G.graph.get("lane_labels", {}).get(key, key))
    return f"(no {G.graph.get('lanes') or 'lane'})"


class _Timeline:
    """The timeline layout: columns from time, lanes and rows from barycentre sweeps."""

    def __init__(
        self, G: nx.MultiDiGraph, *, per_band: bool, bars: bool, equal: bool = False
    ) -> None:
        self.G = G
        self.equal = equal
        self.per_band = per_band
        self.bars = bars
        self.nodes: list[Node] = sorted(G, key=self._story_key)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        n = len(self.nodes)
        self.preds: list[list[int]] = [[] for _ in range(n)]
        self.succs: list[list[int]] = [[] for _ in range(n)]
        for u, v in G.edges():
            if u != v:
                self.preds[self.index[v]].append(self.index[u])
                self.succs[self.index[u]].append(self.index[v])
        self._edge_list = [(u, v) for u, vs in enumerate(self.succs) for v in vs]
        self._tails = [u for u, _ in self._edge_list]
        self._heads = [v for _, v in self._edge_list]
        #: Per lane, its nodes by subcolumn, left to right (:meth:`_reorder`).
        self._cells: dict[tuple[int, str], list[list[int]]] = {}

    def _story_key(self, node: Node) -> tuple[Position, int, str]:
        data = self.G._node[node]  # (the dict itself: a NodeView's lookup is 3x as long)
        when = data.get("first") if self.bars else data.get("at")
        return (when or Position(0, 0), data.get("rank", 0), str(node))

    # -- x: columns from story time --------------------------------------

    def _generations(self) -> dict[Node, int]:
        """Each node's topological generation among the nodes of its episode: the
        longest chain of links within its episode that ends at it."""
        if self.bars:
            return dict.fromkeys(self.nodes, 0)
        nodes, data = self.nodes, self.G._node
        at = [data[n]["at"] for n in nodes]
        # Only the nodes linked inside their episode (few) are ordered; the rest are 0.
        inner: dict[int, list[int]] = {}
        for i, succs in enumerate(self.succs):
            if succs and (js := [j for j in dict.fromkeys(succs) if at[j] == at[i]]):
                inner[i] = js
        needs = dict.fromkeys(j for js in inner.values() for j in js)
        level = [0] * len(nodes)
        if not inner:
            return dict.fromkeys(nodes, 0)
        waiting = {j: 0 for j in needs}
        for js in inner.values():
            for j in js:
                waiting[j] += 1
        ready = [i for i in inner if i not in needs]
        done = 0
        while ready:  # Kahn's: a node's generation is one past its last predecessor's
            i = ready.pop()
            done += 1
            for j in inner.get(i, ()):
                level[j] = max(level[j], level[i] + 1)
                waiting[j] -= 1
                if not waiting[j]:
                    ready.append(j)
        if done == len(inner.keys() | needs.keys()):
            return {n: level[i] for i, n in enumerate(nodes)}
        # A cycle (T001 reports it) still gets a picture: each strongly
        # connected part shares a generation. (Here: the editor imports this module
        # for its geometry before any graph is drawn, and networkx is a tenth of a
        # second of its start.)
        import networkx as nx

        D = nx.DiGraph()
        D.add_nodes_from(nodes)
        D.add_edges_from((nodes[i], nodes[j]) for i, js in inner.items() for j in js)
        C = nx.condensation(D)
        part = C.graph["mapping"]
        levels = {c: i for i, layer in enumerate(nx.topological_generations(C)) for c in layer}
        return {n: levels[part[n]] for n in nodes}

    def _columns(self, generations: dict[Node, int]) -> None:
        seasons = dict(self.G.graph.get("seasons", {}))
        span: dict[Position, int] = {}
        for n in self.nodes:
            data = self.G._node[n]
            if self.bars:
                for when in (data["first"], data["last"]):
                    if when is not None:
                        span.setdefault(when, 1)
            else:
                span[data["at"]] = max(span.get(data["at"], 1), generations[n] + 1)
        for when in span:
            sid = when.season_id
            if sid not in seasons:
                seasons[sid] = {"number": when.season, "title": sid, "episodes": when.episode}
            seasons[sid]["episodes"] = max(seasons[sid]["episodes"], when.episode)
        # Equal columns: every episode ``per_episode`` subcolumns wide, about
        # the mean an episode needs; an episode that needs more shares them out
        # in story order (its later generations then stack in rows below).
        self.per_episode = 0  # 0: each episode as wide as its longest chain
        if span and not self.bars and self.equal:
            mean = sum(span.values()) / len(span)
            self.per_episode = min(max(span.values()), SUBCOLUMNS, max(2, round(mean)))
        self.episode_span = span
        self.generation = generations
        self.generation_of = [generations[n] for n in self.nodes]
        self.band_list: list[Band] = []
        self.column_list: list[Column] = []
        self.first_sub: dict[Position, int] = {}
        self.sub_x: list[float] = []  # centre x of each subcolumn
        self.episode_col: dict[Position, Column] = {}
        x = float(MARGIN)
        for sid, info in sorted(seasons.items(), key=lambda item: item[1]["number"]):
            band_x0 = x
            if self.per_band or not self.band_list:
                x += GUTTER
            lanes_x = x
            for episode in range(1, info["episodes"] + 1):
                when = Position(info["number"], episode)
                x0 = x
                if self.bars:
                    x += ARC_EPISODE
                elif when in span or self.per_episode:
                    self.first_sub[when] = len(self.sub_x)
                    for _ in range(self.per_episode or span[when]):
                        self.sub_x.append(x + COLUMN / 2)
                        x += COLUMN
                else:
                    x += EMPTY_COLUMN
                column = Column(when, x0, x, when not in span)
                self.column_list.append(column)
                self.episode_col[when] = column
            self.band_list.append(Band(sid, str(info["title"]), band_x0, x, lanes_x))
        self.width = x + MARGIN

    # -- y: lanes and rows -------------------------------------------------

    def _group_of(self, n: Node) -> int:
        if not self.per_band:
            return 0
        return int(self.G._node[n]["season"])

    def run(self, sweeps: int) -> Layout:
        generations = self._generations()
        self._columns(generations)
        G = self.G
        nodes = self.nodes
        # The cell of a node: its subcolumn (beats) or its span of episodes (arcs).
        if self.bars:
            col_of = {c.position: i for i, c in enumerate(self.column_list)}
            span = [
                (col_of[G._node[n]["first"]], col_of[G._node[n]["last"]])
                if G._node[n]["first"] is not None else (0, 0)
                for n in nodes
            ]
        else:
            span = []
            for n in nodes:
                when = G._node[n]["at"]
                share = generations[n]
                if self.per_episode:
                    share = share * self.per_episode // self.episode_span[when]
                c = self.first_sub[when] + share
                span.append((c, c))
        self.span = span
        lane_of: list[tuple[int, str]] = [(self._group_of(n), G._node[n]["lane"]) for n in nodes]
        self.lane_of = lane_of
        members: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, key in enumerate(lane_of):
            members[key].append(i)
        self.members = members
        groups: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for key in members:  # first appearance: nodes are in story order
            groups[key[0]].append(key)
        self.groups = dict(sorted(groups.items()))
        # rows: naive order is story order inside each lane
        self.row = [0] * len(nodes)
        self.rows: dict[tuple[int, str], int] = {}
        for key, idx in members.items():
            if self.equal:  # in a shared subcolumn, a later generation is a lower row
                idx.sort(key=lambda i: (span[i], generations[nodes[i]]))
            self._pack(key, idx)
        self.y = [0.0] * len(nodes)
        self._place()
        best = self._snapshot()
        best_cost = self._cost()
        for sweep in range(sweeps):
            forward = sweep % 2 == 0
            self._sweep(forward)
            cost = self._cost()
            if self.counted and self._edges() * len(self.members) <= TRANSPOSE_WORK:
                cost = self._transpose(cost)
            if cost < best_cost:
                best, best_cost = self._snapshot(), cost
        self._restore(best)
        return self._result()

    def _pack(self, key: tuple[int, str], idx: Sequence[int]) -> None:
        """Give the lane's nodes rows in the order of ``idx``: the lowest free row."""
        ends: list[int] = []  # per row, the last column taken
        for i in idx:
            first, last = self.span[i]
            for r, end in enumerate(ends):
                if end < first:
                    ends[r] = last
                    self.row[i] = r
                    break
            else:
                self.row[i] = len(ends)
                ends.append(last)
        self.rows[key] = max(1, len(ends))

    def _lane_height(self, key: tuple[int, str]) -> float:
        pitch = ARC_ROW if self.bars else ROW
        return self.rows[key] * pitch + 2 * LANE_PAD

    def _place(self) -> None:
        """y of every node from the lane order and rows."""
        self.lane_y0: dict[tuple[int, str], float] = {}
        for group in self.groups:
            self._place_group(group)

    def _place_group(self, group: int) -> None:
        """y of the lanes and nodes of one group (a season band, or the whole plan)."""
        pitch = ARC_ROW if self.bars else ROW
        y = self._lanes_top()
        for key in self.groups[group]:
            self.lane_y0[key] = y
            y += self._lane_height(key)
            top = self.lane_y0[key] + LANE_PAD + pitch / 2
            for i in self.members[key]:
                self.y[i] = top + self.row[i] * pitch

    def _lanes_top(self) -> float:
        return MARGIN + HEADER + BAND_HEAD + EPISODE_HEAD

    def _cost(self) -> float:
        """Edge crossings, or on graphs too big to count quickly, total vertical edge length."""
        y = self.y
        edges = self._edge_list
        if self.counted:
            x = [self._x(i) for i in range(len(self.nodes))]
            return _crossings([(x[u], y[u], x[v], y[v], u, v) for u, v in edges])
        at = y.__getitem__  # (summed in the same order: the same float)
        return sum(map(abs, map(operator.sub, map(at, self._tails), map(at, self._heads))))

    @property
    def counted(self) -> bool:
        """Whether crossings are counted (the graph is small enough to do it quickly)."""
        return self._edges() <= COUNT_LIMIT

    def _edges(self) -> int:
        return len(self._edge_list)

    def _transpose(self, cost: float) -> float:
        """Swap neighbouring lanes wherever that removes crossings; returns the new count."""
        for group, keys in self.groups.items():
            for k in range(len(keys) - 1):
                keys[k], keys[k + 1] = keys[k + 1], keys[k]
                self._place_group(group)
                trial = self._cost()
                if trial < cost:
                    cost = trial
                else:
                    keys[k], keys[k + 1] = keys[k + 1], keys[k]
        self._place()
        return cost

    def _x(self, i: int) -> float:
        first, last = self.span[i]
        if self.bars:
            return (self.column_list[first].x0 + self.column_list[last].x1) / 2
        return self.sub_x[first]

    def _snapshot(self) -> tuple[dict[int, list[tuple[int, str]]], list[int], dict]:
        return ({g: list(k) for g, k in self.groups.items()}, list(self.row), dict(self.rows))

    def _restore(self, state: tuple[dict[int, list[tuple[int, str]]], list[int], dict]) -> None:
        self.groups, self.row, self.rows = state
        self._place()

    def _sweep(self, forward: bool) -> None:
        """One barycentre sweep: lanes of each group, then rows column by column."""
        side = self.preds if forward else self.succs
        y = self.y
        for g in sorted(self.groups, reverse=not forward):
            keys = self.groups[g]
            centre = {k: self.lane_y0[k] + self._lane_height(k) / 2 for k in keys}
            bary: dict[tuple[int, str], float] = {}
            for key in keys:
                total, count = 0.0, 0
                for i in self.members[key]:
                    for j in side[i]:
                        if self.lane_of[j] != key:
                            total += y[j]
                            count += 1
                bary[key] = total / count if count else centre[key]
            position = {k: p for p, k in enumerate(keys)}
            keys.sort(key=lambda k: (bary[k], position[k]))
            self._place_group(g)
        for key, idx in self.members.items():
            self._reorder(key, idx, side, forward)
        self._place()

    def _reorder(
        self, key: tuple[int, str], idx: list[int], side: list[list[int]], forward: bool
    ) -> None:
        """Order a lane's nodes by the barycentre of their neighbours, then repack rows."""
        y = self.y
        if self.rows[key] == 1 and not self.bars:
            return
        desired: dict[int, float] = {}
        height = y.__getitem__
        for i in idx:
            near = side[i]
            desired[i] = sum(map(height, near)) / len(near) if near else y[i]
        if self.bars:
            ordered = sorted(idx, key=lambda i: (desired[i], self.span[i], i))
            self._pack(key, ordered)
            return
        # Beats: a cell (one subcolumn) holds at most `rows` nodes; put each
        # as near its neighbours' height as the order allows.
        pitch = ROW
        top = self.lane_y0[key] + LANE_PAD + pitch / 2
        cells = self._cells.get(key)
        if cells is None:  # (the same in every sweep: a lane's nodes keep their columns)
            found: dict[int, list[int]] = defaultdict(list)
            for i in idx:
                found[self.span[i][0]].append(i)
            cells = self._cells[key] = [found[c] for c in sorted(found)]
        limit = self.rows[key]
        row, generation = self.row, self.generation_of
        for cell in cells if forward else reversed(cells):
            if len(cell) == 1:  # (most cells: the one row nearest its neighbours)
                i = cell[0]
                row[i] = min(limit - 1, max(0, round((desired[i] - top) / pitch)))
                continue
            # a later generation of an episode sharing the cell stays below
            cell = sorted(cell, key=lambda i: (generation[i], desired[i], row[i], i))
            want = [min(limit - 1, max(0, round((desired[i] - top) / pitch))) for i in cell]
            for i, r in zip(cell, _monotone(want, limit), strict=True):
                row[i] = r

    # -- the result ------------------------------------------------------

    def _result(self) -> Layout:
        G = self.G
        boxes: dict[Node, Box] = {}
        for i, n in enumerate(self.nodes):
            first, last = self.span[i]
            if self.bars:
                x0 = self.column_list[first].x0 + BAR_INSET
                x1 = self.column_list[last].x1 - BAR_INSET
                boxes[n] = Box((x0 + x1) / 2, self.y[i], x1 - x0, ARC_H)
            else:
                boxes[n] = Box(self.sub_x[first], self.y[i], NODE_W, NODE_H)
        top = self._lanes_top()
        bottom = top
        lanes: list[Lane] = []
        bands = {b.season: b for b in self.band_list}
        for g, keys in self.groups.items():
            if self.per_band:
                band = bands[f"S{g}"]
                x0, x1 = band.x0, band.x1
            else:
                x0, x1 = self.band_list[0].x0, self.band_list[-1].x1
            for key in keys:
                y0 = self.lane_y0[key]
                y1 = y0 + self._lane_height(key)
                bottom = max(bottom, y1)
                groups = Counter(G._node[self.nodes[i]]["group"] for i in self.members[key])
                group = groups.most_common(1)[0][0]  # ties: the first seen
                count = len(self.members[key])
                lanes.append(Lane(key[1], lane_label(G, key[1]), group, count, x0, x1, y0, y1))
        if not self.nodes:
            bottom = top + ROW
        width = max(self.width, 640.0)
        return Layout(
            "timeline", boxes, width, bottom + MARGIN, self.band_list, self.column_list, lanes
        )


def _monotone(want: list[int], limit: int) -> list[int]:
    """Strictly increasing rows in ``0..limit-1``, each as near its wish as order allows.

    >>> _monotone([0, 0, 2], 3)
    [0, 1, 2]
    >>> _monotone([2, 2], 3)
    [1, 2]
    """
    rows: list[int] = []
    for w in want:
        rows.append(max(w, rows[-1] + 1) if rows else w)
    ceiling = limit
    for k in range(len(rows) - 1, -1, -1):
        rows[k] = min(rows[k], ceiling - 1)
        ceiling = rows[k]
    return rows


def _web(G: nx.MultiDiGraph) -> Layout:
    """Factions on a circle, the first at the top, ordered to cut crossing chords."""
    pairs = G.graph.get("pairs") or [(u, v) for u, v in G.edges()]
    nodes = _circle_order(list(G), [(u, v) for u, v in pairs if u in G and v in G])
    count = len(nodes)
    radius = max(180.0, count * (WEB_W + 40) / (2 * math.pi)) if count > 1 else 0.0
    cx = MARGIN + WEB_W / 2 + radius + 40
    cy = MARGIN + HEADER + WEB_H / 2 + radius + 30
    boxes = {}
    for i, n in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        x = round(cx + radius * math.cos(angle), 1)
        y = round(cy + radius * math.sin(angle), 1)
        boxes[n] = Box(x, y, WEB_W, WEB_H)
    width = 2 * (radius + 40) + WEB_W + 2 * MARGIN
    height = cy + radius + WEB_H / 2 + 40 + MARGIN
    return Layout("web", boxes, max(width, 640.0), height)


def _circle_order(nodes: list[Node], pairs: list[tuple[Node, Node]]) -> list[Node]:
    """``nodes`` in circle order: the bible's, improved by swapping neighbours while chords
    cross less (two chords cross when exactly one end of one lies between the ends of the
    other). Small webs only: the count is quadratic in the pairs.

    >>> _circle_order(["a", "b", "c", "d"], [("a", "c"), ("b", "d")])
    ['a', 'c', 'b', 'd']
    """
    chords = list(dict.fromkeys(tuple(sorted((str(u), str(v)))) for u, v in pairs if u != v))
    if len(nodes) < 4 or len(chords) > 400:
        return nodes
    order = list(nodes)

    def crossings() -> int:
        at = {str(n): i for i, n in enumerate(order)}
        spans = [tuple(sorted((at[a], at[b]))) for a, b in chords]
        total = 0
        for k, (a, b) in enumerate(spans):
            for c, d in spans[k + 1 :]:
                if len({a, b, c, d}) == 4 and (a < c < b) != (a < d < b):
                    total += 1
        return total

    best = crossings()
    for _ in range(len(order)):
        improved = False
        for k in range(1, len(order)):  # the first faction stays at the top
            j = (k + 1) % len(order) or 1
            order[k], order[j] = order[j], order[k]
            trial = crossings()
            if trial < best:
                best, improved = trial, True
            else:
                order[k], order[j] = order[j], order[k]
        if not improved:
            break
    return order


def count_crossings(L: Layout, edges: Iterable[tuple[Node, Node]]) -> int:
    """How many pairs of edges cross, drawn as straight lines between box centres.

    Edges that share a node, and collinear overlaps, do not count. A sweep
    over x compares only edges whose x ranges overlap.

    >>> L = Layout("web", {n: Box(x, y, 1, 1) for n, x, y in
    ...     [("a", 0, 0), ("b", 10, 10), ("c", 0, 10), ("d", 10, 0)]}, 10, 10)
    >>> count_crossings(L, [("a", "b"), ("c", "d")])
    1
    """
    boxes = L.boxes
    return _crossings(
        [(boxes[u].x, boxes[u].y, boxes[v].x, boxes[v].y, u, v) for u, v in edges]
    )


def _crossings(lines: list[tuple[float, float, float, float, Hashable, Hashable]]) -> int:
    segments = []
    for x1, y1, x2, y2, u, v in lines:
        p, q = (x1, y1), (x2, y2)
        if p > q:
            p, q = q, p
        segments.append((p, q, u, v))
    segments.sort(key=lambda s: (s[0], s[1]))
    active: list[tuple[float, int]] = []  # heap of (right end x, segment index)
    alive: list[int] = []
    crossings = 0
    for k, (p, q, u, v) in enumerate(segments):
        while active and active[0][0] < p[0]:
            _, gone = heapq.heappop(active)
            alive.remove(gone)
        for other in alive:
            r, s, w, z = segments[other]
            if u in (w, z) or v in (w, z):
                continue
            if _cross(p, q, r, s):
                crossings += 1
        heapq.heappush(active, (q[0], k))
        alive.append(k)
    return crossings


def _cross(
    p: tuple[float, float], q: tuple[float, float], r: tuple[float, float], s: tuple[float, float]
) -> bool:
    def turn(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = turn(r, s, p), turn(r, s, q), turn(p, q, r), turn(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0
