"""T002: a beat is placed in an earlier episode than a beat it comes ``after``."""

from __future__ import annotations

from helpers import diagnostics, found

EARLY = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E02}
      panic: {at: S1E01, after: [outbreak]}
      lockdown: {at: S1E02, after: [outbreak]}
      rescue: {at: S1E12, after: [lockdown, reunion]}
      memory: {at: S1E01, after: [rescue], flashback: true}
  mutant-war:
    season: S2
    title: The mutant war
    beats:
      reunion: {at: S2E01}
"""

IN_ORDER = EARLY.replace("panic: {at: S1E01", "panic: {at: S1E03").replace(
    "[lockdown, reunion]", "[lockdown]"
)


def test_a_beat_placed_before_what_it_follows_is_reported_at_the_link() -> None:
    assert found(EARLY, "T002") == [
        ("T002", 12, 34),  # panic (S1E01) after outbreak (S1E02)
        ("T002", 14, 45),  # rescue (S1E12) after reunion (S2E01), across seasons
    ]


def test_the_message_says_both_positions_and_the_hint_where_to_move() -> None:
    first = diagnostics(EARLY, "T002")[0]
    assert first.message == "panic (S1E01) comes after outbreak, which is later (S1E02)"
    assert first.hint == "move panic to S1E02 or later, or drop the link"


def test_after_within_the_same_episode_orders_it_and_passes() -> None:
    # lockdown and outbreak are both in S1E02: 'after' orders them, no problem.
    assert found(IN_ORDER, "T002") == []


def test_a_flashback_may_come_after_a_later_beat() -> None:
    assert ("T002", 15, 35) not in found(EARLY, "T002")
    shown = EARLY.replace(", flashback: true}", "}")
    assert ("T002", 15, 35) in found(shown, "T002")


def test_ignore_on_the_beat_silences_it() -> None:
    text = EARLY.replace("panic: {at: S1E01,", "panic: {at: S1E01, ignore: [T002],")
    assert found(text, "T002") == [("T002", 14, 45)]
