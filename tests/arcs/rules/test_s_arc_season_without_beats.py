"""S008: an arc lists a season where it has no beats."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
arcs:
  escape-hyosan:
    seasons: [S1, S2]
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01}
"""


def test_listed_season_without_beats_is_info_at_that_season() -> None:
    assert found(BIBLE, "S008") == [("S008", 8, 19)]
    (d,) = diagnostics(BIBLE, "S008")
    assert d.message == "arc escape-hyosan runs in S2, but none of its beats is there"


def test_beats_in_every_listed_season_pass() -> None:
    assert found(BIBLE + "      reunion: {at: S2E01}\n", "S008") == []


def test_arc_without_beats_is_left_to_s003() -> None:
    text = BIBLE.replace("    beats:\n      outbreak: {at: S1E01}\n", "")
    assert found(text, "S008") == []
