"""C006: a beat changes a character to what they already are."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
characters:
  cheong-san: {name: Lee Cheong-san, faction: survivors}
  nam-ra: {name: Choi Nam-ra, faction: survivors}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      sacrifice: {at: S1E11, characters: [cheong-san], changes: {cheong-san: dead}}
      last-stand: {at: S1E12, characters: [nam-ra], changes: {cheong-san: dead}}
"""
LAST_STAND = "[nam-ra], changes: {cheong-san: dead}}"


def test_killing_the_dead_again_is_reported_with_when_they_died() -> None:
    assert found(BIBLE, "C006") == [("C006", 16, 75)]
    (d,) = diagnostics(BIBLE, "C006")
    assert d.message == (
        "last-stand (S1E12) changes cheong-san, who is already dead "
        "(since sacrifice (S1E11)): the change does nothing"
    )


def test_moving_someone_to_the_faction_they_are_in_is_reported_at_the_faction() -> None:
    text = BIBLE.replace(LAST_STAND, "[nam-ra], changes: {nam-ra: {faction: survivors}}}")
    assert found(text, "C006") == [("C006", 16, 81)]
    (d,) = diagnostics(text, "C006")
    assert "nam-ra, who is already in survivors (from the start)" in d.message


def test_a_change_that_changes_something_passes() -> None:
    text = BIBLE.replace(LAST_STAND, "[nam-ra], changes: {nam-ra: infected}}")
    assert found(text, "C006") == []
