"""F001: two relations give one faction pair different stances at once."""

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
  - {between: [military, survivors], stance: tense, from: S1E01}
  - {between: [survivors, military], stance: hostile, from: S1E10}
"""


def test_overlapping_windows_with_different_stances_are_reported_on_the_later_one() -> None:
    assert found(BIBLE, "F001") == [("F001", 10, 46)]
    (d,) = diagnostics(BIBLE, "F001")
    assert d.message == (
        "survivors and military are both tense (relation at line 9) and hostile from S1E10 on"
    )
    assert d.entity == "survivors~military@S1E10"


def test_overlap_is_bounded_by_the_first_end() -> None:
    text = BIBLE.replace("from: S1E10}", "from: S1E10, until: S1E11}")
    (d,) = diagnostics(text, "F001")
    assert d.message.endswith("hostile from S1E10 to S1E11")


def test_overlapping_windows_with_the_same_stance_pass() -> None:
    assert found(BIBLE.replace("stance: hostile", "stance: tense"), "F001") == []


def test_other_pairs_do_not_conflict() -> None:
    text = BIBLE.replace(
        "  military: {name: Martial-law command}\n",
        "  military: {name: Martial-law command}\n  horde: {name: The zombies}\n",
    ).replace("[survivors, military]", "[survivors, horde]")
    assert found(text, "F001") == []
