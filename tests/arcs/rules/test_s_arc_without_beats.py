"""S003: an arc with no beats."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S3: {title: World war, episodes: 12}
arcs:
  world-war:
    season: S3
    title: The world war
"""


def test_arc_without_beats_is_a_warning_at_its_id() -> None:
    assert found(BIBLE, "S003") == [("S003", 6, 3)]
    assert diagnostics(BIBLE, "S003")[0].message == "arc world-war (season S3) has no beats"
