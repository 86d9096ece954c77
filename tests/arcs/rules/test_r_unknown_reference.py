"""R001: every reference names an id that exists, with a did-you-mean hint when one is close."""

from __future__ import annotations

import pytest
from helpers import diagnostics, found

#: A room's bible with one typo in each kind of reference.
TYPOS = """\
arcroom: 1
series: {title: All of Us Are Dead}
statuses:
  human: {becomes: [infected, dead]}
  infected: {becomes: [zombie, immune, ded]}
  zombie: {becomes: [dead]}
  immune: {becomes: [dead]}
  dead: {appears: false}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  military: {name: Martial-law command}
relations:
  - {between: [military, survivers], stance: hostile, from: S1E10}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivor, status: humen}
  cheong-san: {name: Lee Cheong-san, faction: survivors}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    factions: [survivors, horde]
    beats:
      outbreak: {at: S1E01, characters: [nam-ra, cheong-san], sets_up: [rooftop]}
      bitten: {at: S1E07, after: [outbrake], characters: [nam-ar], changes: {nam-ra: infekted}}
      sacrifice: {at: S1E11, characters: [cheong-san], changes: {cheongsan: dead}}
  mutant-war:
    season: S3
    title: The mutant war
    requires: [escape-hyosen]
"""

FIXED = (
    TYPOS.replace("ded]", "dead]").replace("survivers", "survivors")
    .replace("survivor,", "survivors,").replace("humen", "human")
    .replace(", horde]", "]").replace(", sets_up: [rooftop]", "")
    .replace("outbrake", "outbreak").replace("nam-ar", "nam-ra").replace("infekted", "infected")
    .replace("cheongsan", "cheong-san").replace("S3", "S1").replace("hyosen", "hyosan")
)


def test_each_unknown_name_is_reported_where_it_is_written() -> None:
    assert found(TYPOS, "R001") == [
        ("R001", 5, 40),   # becomes: [..., ded]
        ("R001", 15, 26),  # between: [military, survivers]
        ("R001", 17, 40),  # faction: survivor
        ("R001", 17, 58),  # status: humen
        ("R001", 23, 27),  # factions: [survivors, horde]
        ("R001", 25, 73),  # sets_up: [rooftop]
        ("R001", 26, 35),  # after: [outbrake]
        ("R001", 26, 59),  # characters: [nam-ar]
        ("R001", 26, 86),  # changes: {nam-ra: infekted}
        ("R001", 27, 66),  # changes: {cheongsan: dead}, the name is the key
        ("R001", 29, 13),  # season: S3
        ("R001", 31, 16),  # requires: [escape-hyosen]
    ]


def test_the_corrected_bible_passes() -> None:
    assert found(FIXED, "R001") == []


def test_a_close_name_of_the_right_kind_is_suggested() -> None:
    by_place = {(d.line, d.column): d for d in diagnostics(TYPOS, "R001")}
    bitten = by_place[26, 35]
    assert bitten.message == "unknown beat 'outbrake' in 'after' of bitten"
    assert bitten.hint == "did you mean 'outbreak'?"
    assert [d.hint for d in diagnostics(TYPOS, "R001") if d.entity == "sacrifice"] == [
        "did you mean 'cheong-san'?"
    ]


def test_a_name_with_nothing_close_asks_to_define_it() -> None:
    [horde] = [d for d in diagnostics(TYPOS, "R001") if d.line == 23]
    assert horde.message == "unknown faction 'horde' in 'factions' of escape-hyosan"
    assert horde.hint == "define faction 'horde', or fix the name"


def test_a_name_of_another_kind_is_not_suggested() -> None:
    # 'outbreak' is a beat; a character list never suggests it.
    text = FIXED.replace("characters: [nam-ra, cheong-san]", "characters: [nam-ra, outbrek]")
    [d] = diagnostics(text, "R001")
    assert (d.line, d.column) == (25, 50)
    assert d.hint == "define character 'outbrek', or fix the name"


def test_ignore_on_the_entity_silences_it() -> None:
    typo = FIXED.replace("[nam-ra], changes", "[nam-ar], changes")
    assert found(typo, "R001") == [("R001", 26, 59)]
    silenced = typo.replace("bitten: {at: S1E07,", "bitten: {at: S1E07, ignore: [R001],")
    assert found(silenced, "R001") == []


@pytest.mark.parametrize(
    ("fixed", "typo"),
    [
        ("immune, dead]", "immune, ded]"),
        ("[military, survivors]", "[military, survivers]"),
        ("faction: survivors, status: human}", "faction: survivor, status: human}"),
        ("faction: survivors, status: human}", "faction: survivors, status: humen}"),
        ("factions: [survivors]", "factions: [survivors, horde]"),
        ("after: [outbreak]", "after: [outbrake]"),
        ("characters: [nam-ra], changes", "characters: [nam-ar], changes"),
        ("{nam-ra: infected}", "{nam-ra: infekted}"),
        ("{cheong-san: dead}", "{cheongsan: dead}"),
        ("{cheong-san: dead}", "{cheong-san: {status: dead, faction: hordes}}"),
        ("sets_up: [], changes", "sets_up: [], factions: [hordes], changes"),
        ("cheong-san], sets_up", "cheong-san], pays_off: [nowhere], sets_up"),
        ("requires: [escape-hyosan]", "requires: [escape-hyosen]"),
        ("season: S1\n    title: The mutant war", "season: S3\n    title: The mutant war"),
    ],
)
def test_a_single_unknown_name_in_any_field_is_found(fixed: str, typo: str) -> None:
    clean = FIXED.replace("sacrifice: {at: S1E11, characters: [cheong-san],",
                          "sacrifice: {at: S1E11, characters: [cheong-san], sets_up: [],")
    assert found(clean, "R001") == []
    assert clean.count(fixed) == 1, fixed
    assert len(found(clean.replace(fixed, typo), "R001")) == 1
