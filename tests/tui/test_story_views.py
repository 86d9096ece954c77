"""The factions and character tabs' facts: states per episode, stances over a stretch."""

from __future__ import annotations

from pathlib import Path

from arcs.order import State, build_story
from story_bible import load
from story_bible.positions import Position
from tui.story_views import episodes, faction_pairs, relation_for, stances_over, states_by_episode


def test_a_characters_state_at_the_end_of_each_episode(hyosan_original: Path) -> None:
    bible = load(hyosan_original)
    story = build_story(bible)
    plan = episodes(bible)
    assert len(plan) == 36 and plan[0] == Position(1, 1) and plan[-1] == Position(3, 12)
    states = states_by_episode(story, plan)
    assert states[Position(1, 6)]["nam-ra"] == State("human", "survivors")
    assert states[Position(1, 7)]["nam-ra"] == State("infected", "survivors")
    assert states[Position(2, 1)]["nam-ra"] == State("immune", "halbies")
    assert states[Position(3, 12)]["gwi-nam"] == State("immortal", "halbies")


def test_stances_over_a_season_list_each_change_once(hyosan_original: Path) -> None:
    bible = load(hyosan_original)
    assert faction_pairs(bible) == [
        ("military", "survivors"), ("halbies", "horde"), ("survivors", "halbies"),
    ]
    assert stances_over(bible, "military", "survivors", episodes(bible, "S1")) == [
        "·", "hostile",
    ]
    assert stances_over(bible, "horde", "halbies", episodes(bible, "S3")) == ["·"]
    assert relation_for(bible, "halbies", "horde", Position(2, 5)) == "halbies~horde@S2E01"
    assert relation_for(bible, "halbies", "horde", Position(3, 1)) is None
