"""The bible graph and its views: every entity a node, every link an edge, views select."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from arcs.graph import build_graph
from arcs.order import build_story
from arcs.views import ViewError, select
from story_bible import load, load_text
from story_bible.positions import Position

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "bibles" / "hyosan_small.yaml"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(load(SMALL))


def kinds(G: nx.MultiDiGraph, u: str, v: str) -> list[str]:
    return sorted(d["kind"] for d in G.get_edge_data(u, v, default={}).values())


def test_every_entity_is_a_node_with_its_kind_and_label(G: nx.MultiDiGraph) -> None:
    assert G.nodes["S2"] == {
        "kind": "season", "label": "Survival of the zombies", "number": 2,
        "title": "Survival of the zombies", "episodes": 3, "planned": True, "summary": None,
        "notes": None,
    }
    assert G.nodes["S1E04"]["kind"] == "episode"
    assert G.nodes["halbies"]["label"] == "The immune"
    assert G.nodes["halbies"]["faction_kind"] == "mutant"
    assert G.nodes["nam-ra"]["label"] == "Choi Nam-ra"
    assert G.nodes["mutant-war"]["seasons"] == ("S2",)
    beat = G.nodes["nam-ra-bitten"]
    assert (beat["kind"], beat["arc"], beat["at"]) == ("beat", "escape-hyosan", Position(1, 3))
    assert beat["changes"] == ("nam-ra: infected",)


def test_beat_ranks_follow_story_order(G: nx.MultiDiGraph) -> None:
    story = build_story(load(SMALL))
    assert [b.id for b in story.beats] == sorted(
        (n for n, k in G.nodes(data="kind") if k == "beat"), key=lambda n: G.nodes[n]["rank"]
    )


def test_dependencies_point_forward_in_time(G: nx.MultiDiGraph) -> None:
    assert kinds(G, "outbreak", "roof") == ["after"]
    assert kinds(G, "quarantine", "rescue-aborted") == ["after"]
    assert kinds(G, "escape-hyosan", "mutant-war") == ["requires"]
    assert kinds(G, "nam-ra-bitten", "first-stand") == ["sets_up"]


def test_involvement_and_changes_link_beats_to_characters_and_factions(
    G: nx.MultiDiGraph,
) -> None:
    assert kinds(G, "nam-ra-bitten", "nam-ra") == ["changes", "involves"]
    assert G.edges["nam-ra-immune", "nam-ra", "changes"] == {
        "kind": "changes", "status": "immune", "faction": "halbies",
    }
    assert kinds(G, "quarantine", "military") == ["involves"]
    assert kinds(G, "escape-hyosan", "horde") == ["involves"]
    assert kinds(G, "escape-hyosan", "outbreak") == ["contains"]
    assert kinds(G, "outbreak", "S1E01") == ["at"]


def test_stances_keep_their_time_window(G: nx.MultiDiGraph) -> None:
    stances = G.get_edge_data("survivors", "halbies")
    assert [(d["stance"], d["from"], d["until"]) for d in stances.values()] == [
        ("tense", Position(1, 1), Position(1, 4)),
        ("ally", Position(2, 1), None),
    ]


def test_membership_changes_with_a_beat_that_changes_sides(G: nx.MultiDiGraph) -> None:
    assert G.edges["nam-ra", "survivors", "member 0"] == {
        "kind": "member", "via": None, "from": None, "until": Position(1, 4),
    }
    assert G.edges["nam-ra", "halbies", "member 1"] == {
        "kind": "member", "via": "nam-ra-immune", "from": Position(1, 4), "until": None,
    }


def test_references_to_undefined_ids_make_no_edge() -> None:
    G = build_graph(load_text("""
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 1}}
arcs:
  a:
    season: S1
    title: A
    requires: [ghost-arc]
    beats:
      b: {at: S1E01, after: [ghost], characters: [nobody], sets_up: [nothing]}
"""))
    assert sorted(k for _, _, k in G.edges("b", keys=True)) == ["at"]
    assert "ghost" not in G and "nobody" not in G


def test_beats_view_holds_beats_and_their_dependencies(G: nx.MultiDiGraph) -> None:
    V = select(G, "beats")
    assert {k for _, k in V.nodes(data="kind")} == {"beat"}
    assert {d["kind"] for _, _, d in V.edges(data=True)} == {"after", "sets_up"}
    assert V.nodes["quarantine"]["lane"] == "martial-law"
    assert V.nodes["the-others"]["group"] == "halbies"  # its own faction before its arc's
    assert V.graph["lane_labels"]["martial-law"] == "Martial law"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"season": "S2"}, {"the-others", "truce", "first-stand", "cheong-san-memory"}),
        ({"arc": "martial-law"}, {"quarantine", "rescue-aborted"}),
        # the military lists quarantine; the colonel is military when the rescue is aborted
        ({"faction": "military"}, {"quarantine", "rescue-aborted"}),
    ],
)
def test_filters_narrow_the_beats_view(
    G: nx.MultiDiGraph, filters: dict[str, str], expected: set[str]
) -> None:
    assert set(select(G, "beats", **filters)) == expected


def test_lanes_can_be_factions(G: nx.MultiDiGraph) -> None:
    V = select(G, "beats", lanes="faction")
    assert V.nodes["outbreak"]["lane"] == "survivors"
    assert V.graph["lanes"] == "faction"


def test_arcs_view_knows_each_arcs_extent(G: nx.MultiDiGraph) -> None:
    V = select(G, "arcs")
    assert list(V.edges()) == [("escape-hyosan", "mutant-war"), ("martial-law", "mutant-war")]
    arc = V.nodes["escape-hyosan"]
    assert (arc["first"], arc["last"], arc["beats"]) == (Position(1, 1), Position(1, 4), 5)
    assert set(select(G, "arcs", arc="martial-law")) == {"martial-law", "mutant-war"}


def test_faction_web_at_one_episode_shows_the_stances_then(G: nx.MultiDiGraph) -> None:
    V = select(G, "factions", at="S2E02")
    assert sorted((u, v, d["stance"]) for u, v, d in V.edges(data=True)) == [
        ("halbies", "horde", "war"),
        ("military", "survivors", "hostile"),
        ("survivors", "halbies", "ally"),
    ]
    assert V.nodes["halbies"]["members"] == 1  # Nam-ra, since S1E04
    assert V.graph["at"] == "S2E02"


def test_faction_web_of_a_season_keeps_every_stance_in_it(G: nx.MultiDiGraph) -> None:
    V = select(G, "factions", season="S1")
    assert sorted(d["stance"] for _, _, d in V.edges(data=True)) == ["hostile", "tense", "war"]


def test_character_view_is_their_path_with_their_state(G: nx.MultiDiGraph) -> None:
    V = select(G, "character:nam-ra")
    path = ["roof", "nam-ra-bitten", "nam-ra-immune", "the-others", "truce", "first-stand"]
    assert list(V) == path
    assert list(V.edges()) == list(pairwise(path))
    assert (V.nodes["roof"]["status"], V.nodes["roof"]["group"]) == ("human", "survivors")
    assert V.nodes["nam-ra-immune"]["status"] == "immune"
    assert V.nodes["nam-ra-immune"]["group"] == "halbies"
    assert V.nodes["nam-ra-immune"]["changed"] is True
    assert V.graph["title"] == "Choi Nam-ra's path"


@pytest.mark.parametrize(
    ("view", "filters", "message"),
    [
        ("plot", {}, "unknown view 'plot'"),
        ("character:nam-r", {}, "did you mean 'nam-ra'?"),
        ("beats", {"season": "S9"}, "no season 'S9'"),
        ("beats", {"faction": "halbie"}, "did you mean 'halbies'?"),
        ("beats", {"at": "S1E02"}, "--at applies to the factions view"),
        ("factions", {"at": "S2E5x"}, "not an episode position"),
        ("factions", {"lanes": "arc"}, "no lanes"),
    ],
)
def test_unknown_views_and_ids_are_refused_with_a_hint(
    G: nx.MultiDiGraph, view: str, filters: dict[str, str], message: str
) -> None:
    with pytest.raises(ViewError, match=message.replace("(", r"\(").replace("?", r"\?")):
        select(G, view, **filters)


def test_arcs_of_one_season_are_cut_to_it() -> None:
    G = build_graph(load_text("""
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 4}
  S2: {title: Survival of the zombies, episodes: 4}
arcs:
  half-human:
    seasons: [S1, S2]
    title: Half human
    beats:
      bitten: {at: S1E02}
      hunger: {at: S2E03}
"""))
    arc = select(G, "arcs", season="S2").nodes["half-human"]
    assert (arc["first"], arc["last"], arc["beats"]) == (Position(2, 1), Position(2, 3), 1)
    assert arc["episodes"] == (Position(2, 3),)
