"""C005: a character changes to a faction at war with the one they leave."""

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
  - {between: [halbies, horde], stance: war, from: S2E01, until: S2E08}
characters:
  gwi-nam: {name: Yoon Gwi-nam, faction: halbies, status: immortal}
arcs:
  mutant-war:
    season: S2
    title: The mutant war
    beats:
      turncoat: {at: S2E06, characters: [gwi-nam], changes: {gwi-nam: {faction: horde}}}
"""


def test_going_over_to_the_enemy_at_war_is_a_warning_at_the_faction() -> None:
    assert found(BIBLE, "C005") == [("C005", 17, 81)]
    (d,) = diagnostics(BIBLE, "C005")
    assert d.message == (
        "gwi-nam goes over from halbies to horde in turncoat (S2E06), "
        "while halbies and horde are at war"
    )


def test_after_the_war_ends_passes() -> None:
    assert found(BIBLE.replace("{at: S2E06,", "{at: S2E09,"), "C005") == []


def test_faction_is_the_one_held_just_before_the_beat() -> None:
    text = BIBLE.replace(
        "  horde: {name: The zombies}\n",
        "  horde: {name: The zombies}\n  survivors: {name: Hyosan High survivors}\n",
    ).replace("faction: halbies, status", "faction: survivors, status")
    assert found(text, "C005") == []
    recruited = text.replace(
        "      turncoat:",
        "      recruited: {at: S2E02, characters: [gwi-nam],"
        " changes: {gwi-nam: {faction: halbies}}}\n"
        "      turncoat:",
    )
    assert found(recruited, "C005") == [("C005", 19, 81)]
