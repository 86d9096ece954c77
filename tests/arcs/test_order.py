"""Story order, and each character's state at each beat of it (``arcs.order``)."""

from __future__ import annotations

from arcs.order import State, build_story, story_order
from story_bible.loader import load_text

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
