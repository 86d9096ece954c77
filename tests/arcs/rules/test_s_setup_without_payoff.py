"""S001: a setup that nothing pays off."""

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
      broadcast-room: {at: S1E04, setup: The broadcasting room still has power}
      on-air: {at: S1E09, payoff: On-jo's father hears them on the radio}
"""


def test_unpaid_setup_is_a_warning_at_its_text() -> None:
    assert found(BIBLE, "S001") == [("S001", 10, 42)]
    (d,) = diagnostics(BIBLE, "S001")
    assert d.message == (
        "the setup of broadcast-room (S1E04), 'The broadcasting room still has power', "
        "is never paid off"
    )


def test_pays_off_on_the_payoff_pays_it_off() -> None:
    text = BIBLE.replace("on the radio}", "on the radio, pays_off: [broadcast-room]}")
    assert found(text, "S001") == []


def test_setups_of_an_arc_left_open_are_deliberate() -> None:
    text = BIBLE.replace("    season: S1\n", "    season: S1\n    open: true\n")
    assert found(text, "S001") == []
