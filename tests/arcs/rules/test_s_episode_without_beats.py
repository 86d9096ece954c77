"""S004: an episode that no beat is placed in."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 3}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01}
"""


def test_each_empty_episode_is_one_info_at_its_season() -> None:
    assert found(BIBLE, "S004") == [("S004", 4, 3), ("S004", 4, 3)]
    messages = [d.message for d in diagnostics(BIBLE, "S004")]
    assert messages == [
        "episode S1E02 (S1, 'Survival of mankind') has no beats",
        "episode S1E03 (S1, 'Survival of mankind') has no beats",
    ]


def test_every_episode_planned_passes() -> None:
    text = BIBLE + "      lockdown: {at: S1E02}\n      rooftop: {at: S1E03}\n"
    assert found(text, "S004") == []


def test_ignore_on_the_season_silences_it() -> None:
    text = BIBLE.replace("episodes: 3}", "episodes: 3, ignore: [S004]}")
    assert found(text, "S004") == []
