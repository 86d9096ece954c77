"""The room's questions: impact of a beat, critical path, a character's timeline, stances."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from arcs.graph import build_graph
from arcs.order import build_story
from arcs.queries import (
    CycleError,
    QueryError,
    Stretch,
    critical_path,
    impact,
    stance_table,
    timeline,
)
from arcs.state import stance_at
from story_bible import load, load_text, sample_path
from story_bible.positions import Position

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "bibles" / "hyosan_small.yaml"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(load(SMALL))


def test_impact_lists_everything_downstream_in_story_order(G: nx.MultiDiGraph) -> None:
    found = impact(G, "roof")
    assert found.direct == ["nam-ra-bitten", "rescue-aborted"]  # both S1E03, as written
    assert found.dependents == [
        "nam-ra-bitten", "rescue-aborted", "cheong-san-falls", "nam-ra-immune", "the-others",
        "truce", "first-stand", "cheong-san-memory",
    ]
    assert found.arcs == ["martial-law", "mutant-war"]


def test_impact_names_payoffs_and_the_changes_later_beats_assume(G: nx.MultiDiGraph) -> None:
    found = impact(G, "nam-ra-bitten")
    assert found.payoffs == ["first-stand"]
    assert "first-stand" in found.direct
    # Nam-ra's later beats: nam-ra-immune, the-others, truce, first-stand
    assert found.changes == {"nam-ra": 4}


def test_a_beat_nothing_follows_has_no_impact(G: nx.MultiDiGraph) -> None:
    found = impact(G, "cheong-san-memory")
    assert (found.direct, found.dependents, found.changes) == ([], [], {})


def test_impact_of_an_unknown_beat_suggests_one(G: nx.MultiDiGraph) -> None:
    with pytest.raises(QueryError, match="did you mean 'outbreak'"):
        impact(G, "outbrak")


def test_critical_path_is_the_longest_after_chain(G: nx.MultiDiGraph) -> None:
    assert critical_path(G) == [
        "outbreak", "roof", "nam-ra-bitten", "nam-ra-immune", "the-others", "truce",
        "first-stand", "cheong-san-memory",
    ]
    assert critical_path(G, "S1") == ["outbreak", "roof", "nam-ra-bitten", "cheong-san-falls"]


def test_critical_path_through_a_cycle_names_the_cycle() -> None:
    G = build_graph(load_text("""
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
"""))
    with pytest.raises(CycleError, match=r"egg → hen → egg|hen → egg → hen"):
        critical_path(G)


def test_timeline_gives_status_and_faction_at_the_end_of_each_episode(
    G: nx.MultiDiGraph,
) -> None:
    moments = timeline(G, "nam-ra")
    assert [(str(m.position), m.status, m.faction, m.changed) for m in moments] == [
        ("S1E01", "human", "survivors", False),
        ("S1E02", "human", "survivors", False),
        ("S1E03", "infected", "survivors", True),
        ("S1E04", "immune", "halbies", True),
        ("S2E01", "immune", "halbies", False),
        ("S2E02", "immune", "halbies", False),
        ("S2E03", "immune", "halbies", False),
    ]
    assert moments[1].beats == ("roof",)


def test_timeline_agrees_with_story_state_on_the_sample() -> None:
    bible = load(sample_path())
    G, story = build_graph(bible), build_story(bible)
    for who in list(bible.characters)[:12]:
        for m in timeline(G, who):
            state = story.state_at(who, m.position)
            assert state is not None
            assert (m.status, m.faction) == (state.status, state.faction), (who, m.position)


def test_stance_table_shows_each_pairs_stretches_per_season(G: nx.MultiDiGraph) -> None:
    table = stance_table(G)
    assert table.seasons == ["S1", "S2"]
    rows = {(r.a, r.b): r.seasons for r in table.rows}
    assert rows[("survivors", "halbies")] == [
        [Stretch(1, 4, "tense")], [Stretch(1, 3, "ally")],
    ]
    assert rows[("military", "survivors")] == [
        [Stretch(1, 2, None), Stretch(3, 4, "hostile")], [Stretch(1, 3, "hostile")],
    ]
    assert stance_table(G, "S2").seasons == ["S2"]


def test_stance_table_agrees_with_stance_at_on_the_sample() -> None:
    bible = load(sample_path())
    table = stance_table(build_graph(bible))
    for row in table.rows:
        for sid, stretches in zip(table.seasons, row.seasons, strict=True):
            for stretch in stretches:
                for episode in range(stretch.first, stretch.last + 1):
                    when = Position(int(sid[1:]), episode)
                    assert stance_at(bible.relations, row.a, row.b, when) == stretch.stance
