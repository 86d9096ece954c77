"""The shared layout: time runs left to right, lanes hold their nodes, crossings drop."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import plan

from arcs.graph import build_graph
from arcs.layout import Box, Layout, count_crossings, layout
from arcs.views import select
from story_bible import load, load_text
from tests.story_bible.bible_strategies import bibles

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "bibles" / "hyosan_small.yaml"
VIEWS = ("beats", "arcs", "factions", "character:nam-ra")


def overlapping(boxes: dict[object, Box]) -> list[tuple[object, object]]:
    def meet(a: Box, b: Box) -> bool:
        apart_x = abs(a.x - b.x) * 2 >= a.width + b.width
        return not apart_x and abs(a.y - b.y) * 2 < a.height + b.height

    return [(m, n) for (m, a), (n, b) in combinations(boxes.items(), 2) if meet(a, b)]


def laid_out(text: str, view: str = "beats", **filters: str) -> tuple[nx.MultiDiGraph, Layout]:
    V = select(build_graph(load_text(text)), view, **filters)
    return V, layout(V)


@pytest.fixture(scope="module")
def small_graph() -> nx.MultiDiGraph:
    return build_graph(load(SMALL))


@pytest.mark.parametrize("view", VIEWS)
def test_the_same_view_gets_the_same_layout(small_graph: nx.MultiDiGraph, view: str) -> None:
    first = layout(select(small_graph, view))
    again = layout(select(build_graph(load(SMALL)), view))
    assert first == again


@pytest.mark.parametrize("view", VIEWS)
def test_no_two_nodes_share_a_spot(small_graph: nx.MultiDiGraph, view: str) -> None:
    assert overlapping(layout(select(small_graph, view)).boxes) == []


def test_x_is_story_time_and_y_the_lane(small_graph: nx.MultiDiGraph) -> None:
    V = select(small_graph, "beats")
    L = layout(V)
    beats = sorted(V, key=lambda n: V.nodes[n]["rank"])
    for a, b in combinations(beats, 2):
        if V.nodes[a]["at"] < V.nodes[b]["at"]:
            assert L.boxes[a].x < L.boxes[b].x, (a, b)
    # in one episode, a beat comes after what it follows
    assert L.boxes["nam-ra-immune"].x > L.boxes["nam-ra-bitten"].x
    assert L.boxes["first-stand"].x < L.boxes["cheong-san-memory"].x
    for lane in L.lanes:
        inside = [n for n in V if V.nodes[n]["lane"] == lane.key
                  and lane.x0 <= L.boxes[n].x <= lane.x1]
        assert len(inside) == lane.count
        assert all(lane.y0 < L.boxes[n].y < lane.y1 for n in inside)


def test_arc_lanes_are_grouped_in_season_bands(small_graph: nx.MultiDiGraph) -> None:
    L = layout(select(small_graph, "beats"))
    bands = {b.season: b for b in L.bands}
    assert [(lane.key, lane.x0) for lane in L.lanes] == [
        ("escape-hyosan", bands["S1"].x0), ("martial-law", bands["S1"].x0),
        ("mutant-war", bands["S2"].x0),
    ]
    assert L.bands[0].x1 <= L.bands[1].x0


def test_faction_lanes_run_through_the_whole_plan(small_graph: nx.MultiDiGraph) -> None:
    L = layout(select(small_graph, "beats", lanes="faction"))
    assert {(lane.x0, lane.x1) for lane in L.lanes} == {(L.bands[0].x0, L.bands[-1].x1)}


def test_arcs_are_bars_from_their_first_to_their_last_episode(
    small_graph: nx.MultiDiGraph,
) -> None:
    L = layout(select(small_graph, "arcs"))
    columns = {c.position: c for c in L.columns}
    arc = L.boxes["escape-hyosan"]
    assert columns[(1, 1)].x0 < arc.left < columns[(1, 1)].x1
    assert columns[(1, 4)].x0 < arc.right < columns[(1, 4)].x1


@pytest.mark.parametrize("seed", range(6))
def test_edges_point_forward_in_time_except_into_flashbacks(seed: int) -> None:
    V, L = laid_out(plan(seed))
    flashbacks = {n for n, f in V.nodes(data="flashback") if f}
    for u, v in V.edges():
        if v not in flashbacks and u not in flashbacks:
            assert L.boxes[v].left > L.boxes[u].right, (u, v)


def test_a_flashback_may_point_back_in_time() -> None:
    _, L = laid_out("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}}
arcs:
  a:
    season: S1
    title: A
    beats:
      graduation: {at: S1E03}
      first-day: {at: S1E01, after: [graduation], flashback: true}
""")
    assert L.boxes["first-day"].x < L.boxes["graduation"].x


@pytest.mark.parametrize("lanes", ["arc", "faction"])
@pytest.mark.parametrize("seed", range(5))
def test_crossing_reduction_beats_the_naive_order(seed: int, lanes: str) -> None:
    V, _ = laid_out(plan(seed), lanes=lanes)
    edges = list(V.edges())
    naive = count_crossings(layout(V, sweeps=0), edges)
    assert count_crossings(layout(V), edges) < naive


def test_crossing_reduction_on_the_benchmark_generator() -> None:
    text = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--beats", "300",
         "--characters", "60", "--seasons", "2", "--seed", "3"],
        capture_output=True, text=True, check=True,
    ).stdout
    V, _ = laid_out(text, lanes="faction")
    edges = list(V.edges())
    assert count_crossings(layout(V), edges) < count_crossings(layout(V, sweeps=0), edges)


def test_cycles_inside_an_episode_still_get_distinct_spots() -> None:
    _, L = laid_out("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 1}}
arcs:
  a:
    season: S1
    title: A
    beats:
      egg: {at: S1E01, after: [hen]}
      hen: {at: S1E01, after: [egg]}
      chick: {at: S1E01, after: [egg]}
""")
    assert overlapping(L.boxes) == []
    assert L.boxes["chick"].x > L.boxes["egg"].x


def test_an_empty_view_still_has_a_frame() -> None:
    V, L = laid_out("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 2}}
""")
    assert (len(V), L.boxes, len(L.columns)) == (0, {}, 2)
    assert L.width > 0 and L.height > 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bibles())
def test_any_loadable_bible_lays_out_without_overlaps(bible) -> None:  # type: ignore[no-untyped-def]
    G = build_graph(bible)
    views = ["beats", "arcs", "factions"]
    views += [f"character:{c}" for c in list(bible.characters)[:1]]
    for view in views:
        L = layout(select(G, view))
        assert overlapping(L.boxes) == []
        assert layout(select(G, view)) == L


@settings(max_examples=60, deadline=None)
@given(links=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30))
def test_generations_are_networkx_topological_generations(links: list[tuple[int, int]]
                                                          ) -> None:
    # Twelve beats in three episodes, linked at random (cycles too): each beat's generation
    # among the beats of its episode is networkx's (its condensation's, for a cycle).
    from arcs.layout import _Timeline
    from story_bible.positions import Position

    V = nx.MultiDiGraph()
    for i in range(12):
        V.add_node(f"b{i}", at=Position(1, i // 4 + 1), rank=i, lane="a", group="")
    V.add_edges_from((f"b{u}", f"b{v}", "after") for u, v in links)
    D = nx.DiGraph()
    D.add_nodes_from(V)
    D.add_edges_from((u, v) for u, v in V.edges() if u != v and
                     V.nodes[u]["at"] == V.nodes[v]["at"])
    C = nx.condensation(D)
    part = C.graph["mapping"]
    level = {c: i for i, layer in enumerate(nx.topological_generations(C)) for c in layer}
    assert _Timeline(V, per_band=False, bars=False)._generations() == {
        n: level[part[n]] for n in V}
