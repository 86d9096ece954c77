"""C007: a flashback beat that changes a character."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
characters:
  nam-ra: {name: Choi Nam-ra}
arcs:
  nam-ra-story:
    seasons: [S1, S2]
    title: Nam-ra, half and half
    beats:
      bitten: {at: S1E07, characters: [nam-ra]}
      remembering:
        at: S2E03
        characters: [nam-ra]
        flashback: true
        changes: {nam-ra: infected}
"""


def test_flashback_with_changes_is_a_warning_at_changes() -> None:
    assert found(BIBLE, "C007") == [("C007", 18, 9)]
    (d,) = diagnostics(BIBLE, "C007")
    assert d.message == (
        "flashback remembering (S2E03) changes nam-ra: the change takes effect at S2E03, "
        "not in the past it shows"
    )
