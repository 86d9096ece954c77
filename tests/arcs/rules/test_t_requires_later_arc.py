"""T003: an arc requires an arc that is still running when it starts."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01}
      rooftop: {at: S1E11}
  quarantine:
    season: S1
    title: The quarantine zone
    requires: [escape-hyosan]
    beats:
      roadblock: {at: S1E09}
"""


def test_requiring_an_arc_that_ends_later_is_reported_at_the_requirement() -> None:
    assert found(BIBLE, "T003") == [("T003", 15, 16)]


def test_message_names_both_ends() -> None:
    (d,) = diagnostics(BIBLE, "T003")
    assert "escape-hyosan ends with rooftop (S1E11)" in d.message
    assert "quarantine starts with roadblock (S1E09)" in d.message
    assert d.entity == "quarantine"


def test_same_episode_is_left_to_the_room() -> None:
    assert found(BIBLE.replace("{at: S1E09}", "{at: S1E11}"), "T003") == []


def test_a_later_flashback_does_not_extend_the_required_arc() -> None:
    text = BIBLE.replace("rooftop: {at: S1E11}", "rooftop: {at: S1E08}\n"
                         "      remembering: {at: S1E12, flashback: true}")
    assert found(text, "T003") == []


def test_ignore_on_the_requiring_arc_silences_it() -> None:
    text = BIBLE.replace("    requires:", "    ignore: [T003]\n    requires:")
    assert found(text, "T003") == []
