"""C003: a beat changes a character it does not list."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
characters:
  cheong-san: {name: Lee Cheong-san}
  nam-ra: {name: Choi Nam-ra}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      bitten: {at: S1E07, characters: [cheong-san], changes: {nam-ra: infected}}
"""


def test_change_to_a_character_not_in_the_beat_is_a_warning_at_the_name() -> None:
    assert found(BIBLE, "C003") == [("C003", 13, 63)]
    (d,) = diagnostics(BIBLE, "C003")
    assert str(d.severity) == "warning"
    assert d.message == (
        "bitten (S1E07) changes nam-ra to infected, but nam-ra is not among its characters"
    )


def test_offscreen_tag_declares_it() -> None:
    assert found(BIBLE.replace("{at: S1E07,", "{at: S1E07, tags: [offscreen],"), "C003") == []


def test_unknown_character_is_left_to_r001() -> None:
    assert found(BIBLE.replace("{nam-ra: infected}", "{nam-ar: infected}"), "C003") == []
