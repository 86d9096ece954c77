"""F004: factions at war share a beat tagged 'alliance'."""

from __future__ import annotations

from helpers import diagnostics, found

BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S2: {title: Survival of the zombies, episodes: 12}
factions:
  halbies: {name: The immune and the immortal}
  horde: {name: The zombies}
relations:
  - {between: [halbies, horde], stance: war, from: S2E01, until: S2E12}
characters:
  nam-ra: {name: Choi Nam-ra, faction: halbies, status: immune}
  queen: {name: The queen, faction: horde, status: zombie}
arcs:
  mutant-war:
    season: S2
    title: The mutant war
    beats:
      pact: {at: S2E08, characters: [nam-ra, queen], tags: [night, alliance]}
"""


def test_enemies_sharing_an_alliance_beat_are_a_warning_at_the_tag() -> None:
    assert found(BIBLE, "F004") == [("F004", 18, 68)]
    (d,) = diagnostics(BIBLE, "F004")
    assert d.message == (
        "nam-ra (halbies) and queen (horde) share alliance beat pact (S2E08), "
        "but halbies and horde are at war then (from S2E01)"
    )


def test_listed_factions_count_as_sides() -> None:
    text = BIBLE.replace("characters: [nam-ra, queen]", "factions: [horde, halbies]")
    assert found(text, "F004") == [("F004", 18, 67)]


def test_factions_are_the_ones_held_at_the_beat() -> None:
    text = BIBLE.replace(
        "      pact:",
        "      cured: {at: S2E03, characters: [queen], changes: {queen: {faction: halbies}}}\n"
        "      pact:",
    )
    assert found(text, "F004") == []


def test_a_beat_without_the_tag_passes() -> None:
    assert found(BIBLE.replace("[night, alliance]", "[night]"), "F004") == []
