"""C002: a beat changes a character's status in a way the ``statuses`` machine forbids."""

from __future__ import annotations

from helpers import diagnostics, found

FORBIDDEN = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S2: {title: Survival of the zombies, episodes: 12}
  S3: {title: World war, episodes: 12}
characters:
  gwi-nam: {name: Yoon Gwi-nam}
  bit-zombie: {name: A zombie from the gym, status: zombie}
  cheong-san: {name: Lee Cheong-san, status: dead}
arcs:
  the-cure:
    season: S3
    title: The cure
    beats:
      cured: {at: S3E05, characters: [bit-zombie], changes: {bit-zombie: human}}
      raised: {at: S3E06, changes: {cheong-san: immortal}}
  mutant-war:
    season: S2
    title: The mutant war
    beats:
      gwi-nam-bitten: {at: S2E02, characters: [gwi-nam], changes: {gwi-nam: infected}}
      gwi-nam-turns: {at: S2E03, characters: [gwi-nam], changes: {gwi-nam: immortal}}
      gwi-nam-hunger: {at: S2E04, characters: [gwi-nam], changes: {gwi-nam: {status: zombie}}}
"""

#: The room decided that in Season 3 a cure exists, and wrote it into the world's rules.
CURE = """\
statuses:
  human: {becomes: [infected, dead]}
  infected: {becomes: [zombie, immune, immortal, dead]}
  zombie: {becomes: [dead, human]}
  immune: {becomes: [dead]}
  immortal: {becomes: []}
  dead: {appears: false}
"""


def test_each_forbidden_change_is_reported_at_the_change() -> None:
    assert found(FORBIDDEN, "C002") == [
        ("C002", 15, 74),  # cured: zombie -> human
        ("C002", 16, 49),  # raised: dead -> immortal
        ("C002", 23, 77),  # gwi-nam-hunger: immortal -> zombie
    ]


def test_the_message_says_what_the_status_may_become() -> None:
    cured, raised, hunger = diagnostics(FORBIDDEN, "C002")
    assert cured.message == (
        "bit-zombie cannot go from zombie to human in cured (S3E05); zombie becomes dead"
    )
    assert cured.hint == "allow it under statuses.zombie.becomes, or change the beat"
    assert raised.message.endswith("dead becomes nothing")
    # Gwi-nam's state comes from the Season 2 beats, written after Season 3's.
    assert hunger.message.startswith("gwi-nam cannot go from immortal to zombie")


def test_a_statuses_machine_that_permits_a_cure_passes_the_cure() -> None:
    text = FORBIDDEN.replace("seasons:\n", CURE + "seasons:\n", 1)
    assert found(text, "C002") == [("C002", 23, 49), ("C002", 30, 77)]


def test_changes_the_default_machine_permits_pass() -> None:
    allowed = (
        FORBIDDEN.replace("{bit-zombie: human}", "{bit-zombie: dead}")
        .replace(", status: dead}", "}").replace("{cheong-san: immortal}", "{cheong-san: infected}")
        .replace("{status: zombie}", "{faction: halbies}")
    )
    assert found(allowed, "C002") == []


def test_a_status_the_bible_does_not_define_is_left_to_r001() -> None:
    text = FORBIDDEN.replace("{bit-zombie: human}", "{bit-zombie: healed}")
    assert found(text, "C002") == [("C002", 16, 49), ("C002", 23, 77)]
    assert found(text, "R001") == [("R001", 15, 74)]


def test_ignore_on_the_beat_silences_it() -> None:
    text = FORBIDDEN.replace("cured: {at: S3E05,", "cured: {at: S3E05, ignore: [C002],")
    assert found(text, "C002") == [("C002", 16, 49), ("C002", 23, 77)]
