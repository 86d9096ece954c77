"""Links routed in the channels between boxes (:mod:`arcs.routing`), judged from
the layout's geometry: every run horizontal or vertical, none over a box or
through the lane-label column, and no two links on the same stretch of line."""

from __future__ import annotations

import re
from collections.abc import Hashable
from itertools import combinations

import pytest

from arcs.export.svg import generate_svg
from arcs.graph import build_graph
from arcs.layout import Box, Layout, layout
from arcs.routing import is_far, routes, segments
from arcs.views import select
from story_bible import load, sample_path

Segment = tuple[tuple[float, float], tuple[float, float]]


def sample(view: str, **filters: str) -> tuple[object, Layout]:
    """A view of the sample laid out as ``arcroom export`` lays it out (equal columns)."""
    V = select(build_graph(load(sample_path())), view, **filters)
    return V, layout(V, equal_columns=True)


def over(segment: Segment, box: Box) -> bool:
    """Whether an axis-parallel segment passes through a box's inside (its edge is outside)."""
    (x1, y1), (x2, y2) = segment
    top, bottom = box.y - box.height / 2, box.y + box.height / 2
    return (min(x1, x2) < box.right and max(x1, x2) > box.left
            and min(y1, y2) < bottom and max(y1, y2) > top)


def shared(s: Segment, t: Segment) -> bool:
    """Whether two axis-parallel segments lie on one line over some length."""
    (a1, b1), (a2, b2) = s
    (c1, d1), (c2, d2) = t
    if a1 == a2 == c1 == c2:  # both vertical on one x
        return min(max(b1, b2), max(d1, d2)) - max(min(b1, b2), min(d1, d2)) > 0.01
    if b1 == b2 == d1 == d2:  # both horizontal on one y
        return min(max(a1, a2), max(c1, c2)) - max(min(a1, a2), min(c1, c2)) > 0.01
    return False


def check(L: Layout, routed: dict[tuple[Hashable, Hashable, Hashable], list]) -> None:
    gutters = [(band.x0, band.x_lanes) for band in L.bands]
    for edge, points in routed.items():
        for segment in segments(points):
            (x1, y1), (x2, y2) = segment
            assert x1 == x2 or y1 == y2, (edge, segment)
            hit = [n for n, box in L.boxes.items() if over(segment, box)]
            assert not hit, f"{edge}: {segment} passes over {hit}"
            assert not any(min(x1, x2) < g1 and max(x1, x2) > g0 + 0.5
                           for g0, g1 in gutters if g1 > g0), (edge, segment, "lane names")
    for (e, p), (f, q) in combinations(routed.items(), 2):
        for s in segments(p):
            for t in segments(q):
                assert not shared(s, t), f"{e} and {f} share {s} / {t}"


def test_the_arcs_requires_links_run_in_channels_of_their_own() -> None:
    V, L = sample("arcs")
    routed = routes(V, L)
    requires = [(u, v, k) for u, v, k in V.edges(keys=True) if k == "requires"]
    assert len(requires) >= 10 and sorted(routed, key=str) == sorted(requires, key=str)
    check(L, routed)
    # into S3E01 the five links that funnelled through one gap now keep apart
    assert all(len(points) >= 4 for points in routed.values())


@pytest.mark.parametrize("filters", [{}, {"season": "S2"}])
def test_the_card_boards_near_links_go_around_cards(filters: dict[str, str]) -> None:
    V, L = sample("beats", **filters)
    routed = routes(V, L)
    near = [(u, v, k) for u, v, k in V.edges(keys=True) if not is_far(V, L, u, v)]
    assert len(near) >= 5 and sorted(routed, key=str) == sorted(near, key=str)
    check(L, routed)
    # each route starts on its source card's right side and ends on its target's left
    for (u, v, _), points in routed.items():
        assert points[0][0] == L.boxes[u].right and points[-1][0] == L.boxes[v].left


def test_a_characters_path_is_routed_too() -> None:
    V, L = sample("character:nam-ra")
    check(L, routes(V, L))


@pytest.mark.parametrize("filters", [{}, {"season": "S1"}])
def test_every_episode_column_of_the_card_board_is_as_wide(filters: dict[str, str]) -> None:
    """Equal columns, each labelled at its left edge, each holding its own beats."""
    V, L = sample("beats", **filters)
    widths = {round(c.x1 - c.x0, 3) for c in L.columns}
    assert len(widths) == 1 and widths.pop() >= 176
    column_of = {c.position: c for c in L.columns}
    for node, box in L.boxes.items():
        column = column_of[V.nodes[node]["at"]]
        assert column.x0 <= box.left and box.right <= column.x1, node
    # the labels start at their columns (the drawing's E1, E2... x positions)
    text = "\n".join(generate_svg(V, L))
    xs = [float(x) for x in re.findall(r'<text class="episode" x="([\d.]+)"', text)]
    assert xs == [c.x0 + 6 for c in L.columns]
