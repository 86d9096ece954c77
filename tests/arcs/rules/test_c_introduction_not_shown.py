"""C008: a character whose first beat comes after their introduction."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
characters:
  gwi-nam: {name: Yoon Gwi-nam, introduced: S1E03}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      bully: {at: S1E05, characters: [gwi-nam]}
      hunt: {at: S1E08, characters: [gwi-nam]}
"""


def test_late_first_beat_is_an_info_at_introduced() -> None:
    assert found(BIBLE, "C008") == [("C008", 6, 45)]
    (d,) = diagnostics(BIBLE, "C008")
    assert str(d.severity) == "info"
    assert d.message == "gwi-nam is introduced at S1E03, but their first beat is bully (S1E05)"


def test_character_in_no_beat_is_left_to_s006() -> None:
    text = BIBLE.replace("characters: [gwi-nam]", "characters: []")
    assert found(text, "C008") == []
