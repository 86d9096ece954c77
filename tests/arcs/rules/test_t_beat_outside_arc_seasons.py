"""T004: a beat placed in a season its arc does not run in."""

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
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01}
      rooftop: {at: S2E11}
"""


def test_beat_in_another_season_is_reported_at_its_position() -> None:
    assert found(BIBLE, "T004") == [("T004", 12, 21)]
    (d,) = diagnostics(BIBLE, "T004")
    assert d.message == "rooftop is at S2E11, but its arc escape-hyosan runs in season S1"
    assert "add S2 to escape-hyosan's seasons" in (d.hint or "")


def test_arc_naming_an_unknown_season_is_left_to_r001() -> None:
    assert found(BIBLE.replace("season: S1", "season: S9"), "T004") == []


def test_ignore_on_the_arc_covers_its_beats() -> None:
    text = BIBLE.replace("    season: S1\n", "    season: S1\n    ignore: [T004]\n")
    assert found(text, "T004") == []
