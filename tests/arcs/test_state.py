"""What holds when (``arcs.state``): characters' states by episode, faction stances over a stretch.

Moved here with the code from the editor's ``tui/story_views.py``: the
factions and character tabs show these facts, and the rules, queries and
exports ask the same objects.
"""

from __future__ import annotations

from pathlib import Path

from arcs.order import build_story, episodes
from arcs.state import Stances, StanceSpan, State, Timeline, stance_at
from story_bible import load
from story_bible.positions import Position

HYOSAN = Path(__file__).resolve().parents[1] / "tui" / "bibles" / "hyosan.yaml"


def test_a_characters_state_at_the_end_of_each_episode() -> None:
    bible = load(HYOSAN)
    story = build_story(bible)
    plan = episodes(bible)
    assert len(plan) == 36 and plan[0] == Position(1, 1) and plan[-1] == Position(3, 12)
    states = story.states_by_episode(plan)
    assert states[Position(1, 6)]["nam-ra"] == State("human", "survivors")
    assert states[Position(1, 7)]["nam-ra"] == State("infected", "survivors")
    assert states[Position(2, 1)]["nam-ra"] == State("immune", "halbies")
    assert states[Position(3, 12)]["gwi-nam"] == State("immortal", "halbies")
    assert story.state_at("nam-ra", Position(2, 1)) == State("immune", "halbies")


def test_stances_over_a_season_list_each_change_once() -> None:
    bible = load(HYOSAN)
    held = Stances(bible.relations)
    assert held.pairs() == [
        ("military", "survivors"), ("halbies", "horde"), ("survivors", "halbies"),
    ]
    runs = held.stretches("military", "survivors", episodes(bible, "S1"))
    assert [run.stance for run in runs] == [None, "hostile"]
    assert [run.stance for run in held.stretches("horde", "halbies", episodes(bible, "S3"))] == [
        None,
    ]
    relation = held.relation_at("halbies", "horde", Position(2, 5))
    assert relation is not None and relation.id == "halbies~horde@S2E01"
    assert held.relation_at("halbies", "horde", Position(3, 1)) is None


def test_a_timeline_answers_by_rank_and_by_episode() -> None:
    line = Timeline.starting(State("human", "survivors"))
    line.change(3, Position(1, 7), "infected", None)
    line.change(5, Position(1, 7), "immune", "halbies")
    assert line.before(3) == State("human", "survivors")
    assert line.after(3) == line.before(5) == State("infected", "survivors")
    assert line.after(5) == State("immune", "halbies")
    assert line.at_end_of(Position(1, 6)) == State("human", "survivors")
    assert line.at_end_of(Position(1, 7)) == line.at_end_of(Position(2, 1)) == line.after(5)


def test_the_last_written_relation_covering_an_episode_wins() -> None:
    spans = [
        StanceSpan(("a", "b"), "tense", Position(1, 1), None),
        StanceSpan(("b", "a"), "war", Position(1, 3), Position(1, 4)),
    ]
    assert [stance_at(spans, "a", "b", Position(1, n)) for n in range(1, 6)] == [
        "tense", "tense", "war", "war", "tense",
    ]
    runs = Stances(spans).stretches("b", "a", [Position(1, n) for n in range(1, 6)])
    assert [(str(r.first), str(r.last), r.stance) for r in runs] == [
        ("S1E01", "S1E02", "tense"), ("S1E03", "S1E04", "war"), ("S1E05", "S1E05", "tense"),
    ]
