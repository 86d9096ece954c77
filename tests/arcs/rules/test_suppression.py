"""``ignore: [CODE]`` on an entity, as the checker applies it: what it silences, what it refuses."""

from __future__ import annotations

import textwrap

from helpers import diagnostics, found

from arcs.checker import check_path, run_rules
from story_bible.reading.loader import load_text

DEAD_WALK = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  horde: {name: The zombies}
relations:
  - {between: [survivors, horde], stance: war, from: S1E01}
characters:
  cheong-san: {name: Lee Cheong-san, faction: survivors}
  on-jo: {name: Nam On-jo}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      sacrifice: {at: S1E11, characters: [cheong-san, on-jo], changes: {cheong-san: dead}}
      goodbye: {at: S1E12, characters: [on-jo, cheong-san]}
      turned: {at: S1E12, after: [goodbye], characters: [cheong-san],
               changes: {cheong-san: {faction: horde}}}
"""


def test_a_continuity_problem_names_the_character_it_is_about() -> None:
    dead = diagnostics(DEAD_WALK, "C001")
    assert [(d.entity, d.subjects) for d in dead] == [
        ("goodbye", ("cheong-san",)), ("turned", ("cheong-san",))
    ]


def test_a_characters_ignore_silences_problems_about_them_in_any_beat() -> None:
    assert found(DEAD_WALK, "C001") == [("C001", 19, 48), ("C001", 20, 58)]
    assert found(DEAD_WALK, "C005") == [("C005", 21, 48)]
    quiet = DEAD_WALK.replace("faction: survivors}", "faction: survivors, ignore: [C001, C005]}")
    assert found(quiet, "C001") == []
    assert found(quiet, "C005") == []


def test_another_characters_ignore_does_not_silence_them() -> None:
    other = DEAD_WALK.replace("{name: Nam On-jo}", "{name: Nam On-jo, ignore: [C001]}")
    assert found(other, "C001") == [("C001", 19, 48), ("C001", 20, 58)]


def test_a_code_no_rule_has_in_an_entitys_ignore_is_reported_at_that_code() -> None:
    text = DEAD_WALK.replace("{name: Nam On-jo}", "{name: Nam On-jo, ignore: [S006, Z999]}")
    text = text.replace("title: Escape\n", "title: Escape\n    ignore: [C010]\n")
    bible = load_text(text, "bible.yaml")
    refused = [d for d in run_rules(bible) if d.code.startswith("B")]
    assert [(d.code, d.line, d.column, d.entity) for d in refused] == [
        ("B010", 12, 43, "on-jo"),
        ("B010", 17, 14, "escape"),
    ]
    assert [d.message for d in refused] == [
        "'Z999' in 'ignore' is not one of arcroom's rule codes",
        "'C010' in 'ignore' is not one of arcroom's rule codes",
    ]
    assert [d.hint for d in refused] == ["`arcroom rules` lists them", "did you mean 'C001'?"]


def test_a_bible_whose_ignore_names_no_rule_is_not_fully_read_but_still_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bible.yaml"
    path.write_text(textwrap.dedent(DEAD_WALK).replace("{name: Nam On-jo}",
                                                       "{name: Nam On-jo, ignore: [Z999]}"))
    result = check_path(path)
    assert not result.fully_read
    codes = [d.code for d in result.diagnostics]
    assert "B010" in codes and "C001" in codes
