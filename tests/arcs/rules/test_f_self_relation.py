"""F002: a relation between a faction and itself."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S3: {title: World war, episodes: 12}
factions:
  horde: {name: The zombies}
  new-hive: {name: The queen's zombies}
relations:
  - {between: [horde, horde], stance: war, from: S3E01}
"""


def test_self_relation_is_reported_at_the_second_name() -> None:
    assert found(BIBLE, "F002") == [("F002", 9, 23)]
    (d,) = diagnostics(BIBLE, "F002")
    assert d.message == "the war relation from S3E01 is between horde and itself"
