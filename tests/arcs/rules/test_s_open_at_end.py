"""S005: arcs marked open: true, the threads the plan leaves hanging."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
arcs:
  su-hyeok-father:
    season: S1
    title: Su-hyeok's father in the army
    open: true
    beats:
      radio-call: {at: S1E10}
  mutant-war:
    season: S2
    title: The mutant war
    open: true
    beats:
      stalemate: {at: S2E12}
"""


def test_open_arcs_are_info_at_open() -> None:
    assert found(BIBLE, "S005") == [("S005", 10, 11), ("S005", 16, 11)]
    dropped, hook = (d.message for d in diagnostics(BIBLE, "S005"))
    assert dropped == (
        "arc su-hyeok-father is left open at the end of the plan; its last beat is "
        "radio-call (S1E10) and nothing after it, to the end at S2E12, takes it up"
    )
    assert hook == (
        "arc mutant-war is left open at the end of the plan; it reaches the last season "
        "(stalemate, S2E12): a hook"
    )


def test_arcs_not_marked_open_pass() -> None:
    assert found(BIBLE.replace("open: true", "open: false"), "S005") == []
