"""T005: a relation whose 'until' comes before its 'from'."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  military: {name: Martial-law command}
relations:
  - {between: [military, survivors], stance: hostile, from: S1E10, until: S1E02}
"""


def test_backwards_window_is_reported_at_until() -> None:
    assert found(BIBLE, "T005") == [("T005", 9, 75)]
    (d,) = diagnostics(BIBLE, "T005")
    assert "ends at S1E02, before it starts at S1E10" in d.message
    assert d.entity == "military~survivors@S1E10"


def test_one_episode_window_passes() -> None:
    assert found(BIBLE.replace("until: S1E02", "until: S1E10"), "T005") == []


def test_season_until_means_its_last_episode() -> None:
    assert found(BIBLE.replace("until: S1E02", "until: S1"), "T005") == []


def test_ignore_on_the_relation_silences_it() -> None:
    assert found(BIBLE.replace("until: S1E02", "until: S1E02, ignore: [T005]"), "T005") == []
