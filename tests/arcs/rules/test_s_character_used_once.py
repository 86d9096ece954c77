"""S006: a character in at most one beat."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
characters:
  cheong-san: {name: Lee Cheong-san}
  mi-jin: {name: Park Mi-jin}
  byeong-chan: {name: Lee Byeong-chan}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01, characters: [cheong-san, mi-jin]}
      rooftop: {at: S1E11, characters: [cheong-san]}
"""


def test_characters_in_one_beat_or_none_are_info_at_their_id() -> None:
    assert found(BIBLE, "S006") == [("S006", 7, 3), ("S006", 8, 3)]
    once, never = (d.message for d in diagnostics(BIBLE, "S006"))
    assert once == "mi-jin (Park Mi-jin) is only in one beat, outbreak (S1E01)"
    assert never == "byeong-chan (Lee Byeong-chan) is in no beat"


def test_characters_in_two_beats_pass() -> None:
    text = BIBLE.replace("[cheong-san]}", "[cheong-san, mi-jin, byeong-chan]}").replace(
        "[cheong-san, mi-jin]}", "[cheong-san, mi-jin, byeong-chan]}"
    )
    assert found(text, "S006") == []
