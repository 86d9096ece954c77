"""T006: a payoff placed in an earlier episode than its setup."""

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
      rooftop-signal: {at: S1E11, setup: The kids paint SOS on the roof, sets_up: [rescue]}
      rescue: {at: S1E05, payoff: The helicopter saw the SOS}
"""


def test_payoff_before_its_setup_is_reported_at_the_link() -> None:
    assert found(BIBLE, "T006") == [("T006", 10, 84)]
    (d,) = diagnostics(BIBLE, "T006")
    assert d.message == "rescue (S1E05) pays off rooftop-signal, which comes later (S1E11)"


def test_link_written_on_the_payoff_is_reported_there() -> None:
    text = BIBLE.replace(", sets_up: [rescue]", "").replace(
        "saw the SOS}", "saw the SOS, pays_off: [rooftop-signal]}"
    )
    assert found(text, "T006") == [("T006", 11, 74)]


def test_link_written_on_both_ends_is_reported_once() -> None:
    text = BIBLE.replace("saw the SOS}", "saw the SOS, pays_off: [rooftop-signal]}")
    assert found(text, "T006") == [("T006", 10, 84)]


def test_setup_revealed_in_a_later_flashback_passes() -> None:
    text = BIBLE.replace("{at: S1E11,", "{at: S1E11, flashback: true,")
    assert found(text, "T006") == []
