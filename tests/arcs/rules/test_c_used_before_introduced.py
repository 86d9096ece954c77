"""C004: a character in a beat before the episode that introduces them."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
characters:
  cheong-san: {name: Lee Cheong-san}
  gwi-nam: {name: Yoon Gwi-nam, introduced: S1E03}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01, characters: [cheong-san, gwi-nam]}
      memory: {at: S1E02, characters: [gwi-nam], flashback: true}
      bully: {at: S1E03, characters: [gwi-nam]}
"""


def test_each_beat_before_the_introduction_is_reported() -> None:
    assert found(BIBLE, "C004") == [("C004", 13, 54), ("C004", 14, 40)]
    first = diagnostics(BIBLE, "C004")[0]
    assert first.message == "gwi-nam is in outbreak (S1E01), before they are introduced at S1E03"
    assert first.entity == "outbreak"


def test_character_without_introduced_passes() -> None:
    assert found(BIBLE.replace(", introduced: S1E03", ""), "C004") == []


def test_ignore_on_the_beat_silences_that_beat_only() -> None:
    text = BIBLE.replace("flashback: true}", "flashback: true, ignore: [C004]}")
    assert found(text, "C004") == [("C004", 13, 54)]
