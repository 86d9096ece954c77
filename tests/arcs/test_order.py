"""Story order, and each character's state at each beat of it (``arcs.order``)."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from arcs.order import build_story, story_order
from arcs.state import State
from story_bible.reading.loader import load_text

INFECTION = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons: {S1: {title: Survival of mankind, episodes: 3}}
factions:
  survivors: {name: Hyosan High survivors}
  halbies: {name: The immune}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      survives: {at: S1E03, characters: [nam-ra],
                 changes: {nam-ra: {status: immune, faction: halbies}}}
      bitten: {at: S1E02, characters: [nam-ra], changes: {nam-ra: infected}}
      hides: {at: S1E02, after: [bitten], characters: [nam-ra]}
      roof: {at: S1E01, characters: [nam-ra]}
"""


def test_a_state_before_a_beat_is_the_one_story_order_reaches_it_with() -> None:
    bible = load_text(INFECTION)
    story = build_story(bible)
    beat = bible.beats
    human = State("human", "survivors")
    infected = State("infected", "survivors")
    assert story.state_before(beat["roof"], "nam-ra") == human
    assert story.state_before(beat["bitten"], "nam-ra") == human  # its own change comes after
    assert story.state_after(beat["bitten"], "nam-ra") == infected
    assert story.state_before(beat["hides"], "nam-ra") == infected
    assert story.state_after(beat["hides"], "nam-ra") == infected
    assert story.state_after(beat["survives"], "nam-ra") == State("immune", "halbies")


def test_an_unknown_character_has_no_state() -> None:
    bible = load_text(INFECTION)
    assert build_story(bible).state_before(bible.beats["roof"], "nam-ar") is None


def test_only_an_episode_whose_after_links_point_ahead_is_reordered() -> None:
    text = INFECTION.replace(
        "      roof: {at: S1E01, characters: [nam-ra]}\n",
        "      roof: {at: S1E01, after: [stairs], characters: [nam-ra]}\n"
        "      stairs: {at: S1E01}\n"
        "      gym: {at: S1E01, after: [survives]}\n",
    )
    order = [beat.id for beat in story_order(load_text(text))]
    assert order == ["stairs", "roof", "gym", "bitten", "hides", "survives"]


def test_a_cycle_within_an_episode_keeps_the_written_order() -> None:
    text = INFECTION.replace(
        "      roof: {at: S1E01, characters: [nam-ra]}\n",
        "      roof: {at: S1E01, after: [stairs]}\n"
        "      stairs: {at: S1E01, after: [roof]}\n",
    )
    order = [beat.id for beat in story_order(load_text(text))]
    assert order == ["roof", "stairs", "bitten", "hides", "survives"]


def _episodes(n: int) -> st.SearchStrategy[tuple[list[int], list[tuple[int, int]]]]:
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    return st.tuples(st.permutations(range(n)), st.lists(pair, max_size=3 * n))


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 12).flatmap(_episodes))
def test_an_episode_is_ordered_as_networkx_orders_it(
    episode: tuple[list[int], list[tuple[int, int]]],
) -> None:
    # Beats b0, b1, ... of one episode, written in that order; a link (i, j)
    # puts b_j after b_i. Links are kept where they follow a random story
    # order (``rank``), so there is no cycle, and they point either way.
    rank, links = episode
    after: dict[str, list[str]] = {f"b{j}": [] for j in range(len(rank))}
    for i, j in links:
        if rank[i] < rank[j] and f"b{i}" not in after[f"b{j}"]:
            after[f"b{j}"].append(f"b{i}")
    beats = "".join(
        f"      {b}: {{at: S1E01, after: [{', '.join(a)}]}}\n" for b, a in after.items()
    )
    bible = load_text(
        "arcroom: 1\nseries: {title: T}\nseasons: {S1: {title: One, episodes: 1}}\n"
        "arcs:\n  a:\n    season: S1\n    title: A\n    beats:\n" + beats
    )
    graph = nx.DiGraph()
    graph.add_nodes_from(bible.beats)
    graph.add_edges_from((a, b) for b, names in after.items() for a in names)
    written = {name: i for i, name in enumerate(bible.beats)}
    expected = list(nx.lexicographical_topological_sort(graph, key=written.__getitem__))
    assert [beat.id for beat in story_order(bible)] == expected
