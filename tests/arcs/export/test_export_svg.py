"""SVG: a standalone drawing that parses as XML and that Chromium renders."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from export_support import ORDER, VIEWS, png_facts, screenshot, small

from arcs.export.style import STANCE_COLOURS
from arcs.export.svg import generate_svg, write_svg
from arcs.graph import build_graph
from arcs.layout import Layout, layout
from arcs.views import select
from story_bible import load, load_text, sample_path

SVG = "{http://www.w3.org/2000/svg}"


def parse(G: nx.MultiDiGraph, L: Layout) -> ET.Element:
    return ET.fromstring("\n".join(generate_svg(G, L)).encode("utf-8"))


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_an_svg_document_with_a_node_per_node(view: str) -> None:
    G, L = small(view)
    root = parse(G, L)
    assert root.tag == f"{SVG}svg"
    nodes = [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]
    assert all(g.find(f"{SVG}title") is not None for g in nodes)
    edges = [p for p in root.iter(f"{SVG}path") if "edge" in p.get("class", "").split()]
    if view == "factions":  # a web per season: a faction in each season it is in
        assert {g.get("data-id") for g in nodes} == set(G)
        pairs = {frozenset((p.get("data-from"), p.get("data-to"))) for p in edges}
        assert pairs == {frozenset((u, v)) for u, v in G.edges()}
        return
    assert sorted(g.get("data-id") for g in nodes) == sorted(G)
    assert len(edges) == G.number_of_edges()


def test_nodes_are_drawn_where_the_layout_puts_them() -> None:
    G, L = small("beats")
    root = parse(G, L)
    for g in root.iter(f"{SVG}g"):
        if g.get("data-id") in G:
            box = L.boxes[g.get("data-id")]
            rect = g.find(f"{SVG}rect")
            assert rect is not None
            assert float(rect.get("x")) == pytest.approx(box.left, abs=0.1)
            assert float(rect.get("width")) == pytest.approx(box.width, abs=0.1)


def test_seasons_lanes_and_legend_are_labelled() -> None:
    G, L = small("beats")
    texts = [t.text for t in parse(G, L).iter(f"{SVG}text")]
    assert "S1 · Survival of mankind" in texts
    assert "S2 · Survival of the zombies" in texts
    assert {"Escape Hyosan High", "Martial law", "The mutant war"} <= set(texts)
    assert {"Factions:", "The immune", "Edges:", "comes after"} <= set(texts)


def test_tooltips_tell_the_whole_beat() -> None:
    G, L = small("beats")
    root = parse(G, L)
    node = next(g for g in root.iter(f"{SVG}g") if g.get("data-id") == "nam-ra-bitten")
    tip = node.find(f"{SVG}title")
    assert tip is not None and tip.text is not None
    assert tip.text.splitlines() == [
        "nam-ra-bitten · S1E03 · arc escape-hyosan",
        "Nam-ra is bitten and hides it.",
        "setup: Nam-ra's hunger",
        "characters: nam-ra",
        "changes: nam-ra: infected",
    ]


FLASHBACK = """
arcroom: 1
series: {title: All of Us Are Dead}
seasons: {S1: {title: Survival of mankind, episodes: 3}}
arcs:
  a:
    season: S1
    title: Cheong-san
    beats:
      stairs: {at: S1E03}
      memory: {at: S1E01, after: [stairs], flashback: true}
      later: {at: S1E03, after: [stairs]}
"""


def test_an_edge_back_in_time_into_a_flashback_is_dashed() -> None:
    V = select(build_graph(load_text(FLASHBACK)), "beats")
    root = parse(V, layout(V))
    paths = {p.get("data-to"): p for p in root.iter(f"{SVG}path") if p.get("data-to")}
    assert paths["memory"].get("stroke-dasharray") == "5 4"
    assert paths["memory"].get("marker-end") == "url(#arrow-back)"
    assert paths["later"].get("stroke-dasharray") is None


def test_the_same_view_writes_the_same_bytes(tmp_path: Path) -> None:
    for name in ("one.svg", "two.svg"):
        G, L = small("beats")
        write_svg(G, L, tmp_path / name)
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()


def test_chromium_renders_the_sample_board(tmp_path: Path) -> None:
    V = select(build_graph(load(sample_path())), "beats")
    path = tmp_path / "board.svg"
    write_svg(V, layout(V), path)
    width, height, values = png_facts(screenshot(path, tmp_path))
    assert (width, height) == (1600, 1000)
    assert values > 100


def test_each_season_shows_the_stance_of_its_time() -> None:
    V = select(build_graph(load_text(ORDER)), "factions")
    root = parse(V, layout(V))
    panels = [g for g in root.iter(f"{SVG}g") if g.get("class") == "panel"]
    assert [g.get("data-season") for g in panels] == ["S1", "S2"]
    for panel, stance, when in zip(panels, ["war", "ally"], ["S1E01–S1E02", "S2E01–S2E02"],
                                   strict=True):
        (line,) = [p for p in panel.iter(f"{SVG}path") if "stance" in p.get("class", "")]
        assert line.get("class") == f"edge stance {stance}"
        assert line.get("stroke") == STANCE_COLOURS[stance]
        tip = line.find(f"{SVG}title")
        assert tip is not None and tip.text == f"A – B: {stance} {when}"
        label = next(t for t in panel.iter(f"{SVG}text") if "pair-label" in t.get("class", ""))
        assert label.text == stance


def test_a_change_inside_a_season_is_named_with_its_episodes() -> None:
    text = ORDER.replace("{between: [b, a], stance: war, from: S1E01, until: S1E02}",
                         "{between: [b, a], stance: war, from: S1E01, until: S1E01}")
    text += "  - {between: [a, b], stance: tense, from: S1E02, until: S1E02}\n"
    V = select(build_graph(load_text(text)), "factions")
    root = parse(V, layout(V))
    labels = [t.text for t in root.iter(f"{SVG}text") if "pair-label" in t.get("class", "")]
    assert labels[0] == "war E1, tense E2"


def test_stance_labels_are_drawn_above_the_factions() -> None:
    G, L = small("factions")
    for panel in parse(G, L).iter(f"{SVG}g"):
        if panel.get("class") != "panel":
            continue
        order = [
            "node" if "node" in e.get("class", "").split() else "label"
            for e in panel.iter()
            if "node" in e.get("class", "").split() or "pair-label" in e.get("class", "")
        ]
        assert "label" in order
        assert order == sorted(order, key=lambda kind: kind == "label")  # nodes, then labels


def legend(V: nx.MultiDiGraph) -> list[str]:
    root = parse(V, layout(V))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def test_the_legend_calls_a_flashback_a_flashback() -> None:
    V = select(build_graph(load_text(FLASHBACK)), "beats")
    assert "back in time (flashback)" in legend(V)


@pytest.mark.parametrize(
    ("arcs", "view", "words"),
    [
        (  # a requires cycle: one of its two links must point back
            """
  hen: {season: S1, title: Hen, requires: [egg], beats: {laid: {at: S1E01}}}
  egg: {season: S1, title: Egg, requires: [hen], beats: {hatched: {at: S1E02}}}
""", "arcs", "drawn backwards (against story order)",
        ),
        (  # an after cycle inside one episode
            """
  a:
    season: S1
    title: A
    beats: {hen: {at: S1E01, after: [egg]}, egg: {at: S1E01, after: [hen]}}
""", "beats", "drawn backwards (within one episode)",
        ),
    ],
    ids=["requires-cycle", "after-cycle-in-one-episode"],
)
def test_the_legend_does_not_call_other_backward_links_flashbacks(
    arcs: str, view: str, words: str
) -> None:
    V = select(build_graph(load_text(
        "arcroom: 1\nseries: {title: T}\nseasons: {S1: {title: One, episodes: 2}}\narcs:" + arcs
    )), view)
    texts = legend(V)
    assert words in texts
    assert not any("flashback" in t for t in texts)


def test_one_of_anything_is_written_in_the_singular() -> None:
    V = select(build_graph(load_text("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 1}}
factions: {a: {name: A}}
characters: {nam-ra: {name: Nam-ra, faction: a}}
arcs: {x: {season: S1, title: X, beats: {one: {at: S1E01}}}}
""")), "factions", at="S1E01")
    texts = [t.text for t in parse(V, layout(V)).iter(f"{SVG}text")]
    assert "1 member" in texts and "1 members" not in texts
    A = select(build_graph(load_text("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 1}}
arcs: {x: {season: S1, title: X, beats: {one: {at: S1E01}}}}
""")), "arcs")
    tip = next(g for g in parse(A, layout(A)).iter(f"{SVG}g") if g.get("data-id") == "x")
    title = tip.find(f"{SVG}title")
    assert title is not None and "S1E01 – S1E01 · 1 beat" in (title.text or "").splitlines()


def test_far_links_are_stubs_named_under_their_cards() -> None:
    V = select(build_graph(load(sample_path())), "beats")
    L = layout(V)
    root = parse(V, L)
    paths = [p for p in root.iter(f"{SVG}path") if "edge" in (p.get("class") or "").split()]
    stubs = [p for p in paths if "stub" in (p.get("class") or "").split()]
    assert stubs  # the sample sets things up a season ahead
    columns = sorted({round(c.x1 - c.x0) for c in L.columns if not c.empty})
    for p in paths:
        a, b = L.boxes[p.get("data-from")], L.boxes[p.get("data-to")]
        if p not in stubs:  # a curve only between near cards of one season
            assert abs(b.x - a.x) <= 2.5 * 220 and V.nodes[p.get("data-from")]["at"].season == (
                V.nodes[p.get("data-to")]["at"].season)
    notes = {t.get("data-of"): t.text for t in root.iter(f"{SVG}text")
             if t.get("class") == "stub-note"}
    first = stubs[0]
    target = V.nodes[first.get("data-to")]
    assert notes[first.get("data-from")].startswith(f"→ {target['label']}, {target['at']}") or (
        "(+" in notes[first.get("data-from")])
    assert columns
