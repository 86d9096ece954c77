"""The overview of a beat board: a grid of lanes by episodes, one cell per lane and
episode, for the whole show or one season.

Where the card board (:func:`arcs.layout.layout`) gives every beat a card and
grows to 185,000 px at 2,000 beats, the overview gives every (lane, episode)
one cell of a fixed size, every episode the same width: 130 episodes fit a
wall, and each cell says how many beats, deaths and problems it holds. A
beat's box is its cell, so GraphML, GEXF and JSON still place it. Lanes are
the view's (``arcs.views`` picks factions for the whole show, arcs for one
season), in the order they first appear in the story.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from arcs.layout import BAND_HEAD, EPISODE_HEAD, HEADER, MARGIN, Band, Box, Column, Lane, Layout
from arcs.layout import lane_label as _lane_label
from story_bible.positions import Position

if TYPE_CHECKING:
    import networkx as nx

CELL_W = 30  # every episode the same width
CELL_H = 30
LABELS = 230  # the lane names at the left
SEASON_GAP = 8


def overview_layout(G: nx.MultiDiGraph) -> Layout:
    """The grid of view ``G``'s beats: kind ``overview``, a box per beat (its cell)."""
    seasons = sorted(G.graph.get("seasons", {}).items(), key=lambda s: s[1]["number"])
    beats = sorted(G, key=lambda n: (G.nodes[n]["at"], G.nodes[n].get("rank", 0), str(n)))
    keys = list(dict.fromkeys(str(G.nodes[n].get("lane", "")) for n in beats))
    if G.graph.get("lanes") == "faction":  # factions in the bible's order, none last
        order = list(G.graph.get("groups", {}))
        keys.sort(key=lambda k: order.index(k) if k in order else len(order))
    x = float(MARGIN + LABELS)
    bands, columns = [], []
    at_x: dict[Position, float] = {}
    for sid, info in seasons:
        x0 = x
        for e in range(1, info["episodes"] + 1):
            when = Position(info["number"], e)
            columns.append(Column(when, x, x + CELL_W, False))
            at_x[when] = x
            x += CELL_W
        bands.append(Band(sid, str(info["title"]), x0, x, x0))
        x += SEASON_GAP
    top = float(MARGIN + HEADER + BAND_HEAD + EPISODE_HEAD)
    lane_y = {key: top + k * CELL_H for k, key in enumerate(keys)}
    boxes: dict[object, Box] = {}
    counts: dict[str, int] = {}
    worn: dict[str, Counter[str]] = {}
    for n in beats:
        data = G.nodes[n]
        key = str(data.get("lane", ""))
        counts[key] = counts.get(key, 0) + 1
        worn.setdefault(key, Counter())[str(data.get("group", ""))] += 1
        left = at_x.get(data["at"], float(MARGIN + LABELS))
        boxes[n] = Box(left + CELL_W / 2, lane_y[key] + CELL_H / 2, CELL_W, CELL_H)
    right = x - SEASON_GAP if seasons else x
    lanes = [
        Lane(key, _lane_label(G, key), worn[key].most_common(1)[0][0], counts[key], float(MARGIN),
             right,
             lane_y[key], lane_y[key] + CELL_H)
        for key in keys
    ]
    height = top + max(len(keys), 1) * CELL_H + MARGIN
    return Layout("overview", boxes, max(right + MARGIN, 640.0), height, bands, columns, lanes)

