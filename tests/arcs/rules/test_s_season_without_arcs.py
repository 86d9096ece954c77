"""S007: a season no arc runs in."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
arcs:
  escape-hyosan: {season: S1, title: Escape Hyosan High}
"""


def test_season_without_arcs_is_a_warning_at_its_id() -> None:
    assert found(BIBLE, "S007") == [("S007", 5, 3)]
    (d,) = diagnostics(BIBLE, "S007")
    assert d.message == "no arc runs in S2 ('Survival of the zombies')"
