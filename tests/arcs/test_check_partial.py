"""A bible with a format (B) problem is still checked, without cascades.

The loader leaves out what is broken and the rules run on the rest: a
continuity problem elsewhere is still reported beside the B code, and what
the broken entity's absence would cause in others is not invented.
"""

from __future__ import annotations

from pathlib import Path

from arcs.checker import Result, check_path
from tests.support import run_arcroom

#: A dead character reappears (C001 at goodbye) in a plan that is otherwise clean.
BIBLE = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 6}
factions:
  survivors: {name: Hyosan High survivors}
characters:
  cheong-san: {name: Lee Cheong-san, faction: survivors}
  on-jo: {name: Nam On-jo, faction: survivors}
arcs:
  escape:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak: {at: S1E01, characters: [cheong-san, on-jo], setup: the lab notes}
      notes-read: {at: S1E02, after: [outbreak], characters: [on-jo], pays_off: [outbreak]}
      rooftop: {at: S1E03, after: [notes-read], characters: [cheong-san, on-jo]}
      sacrifice:
        {at: S1E04, after: [rooftop], characters: [cheong-san], changes: {cheong-san: dead}}
      goodbye: {at: S1E05, after: [sacrifice], characters: [on-jo, cheong-san]}
      dawn: {at: S1E06, after: [goodbye], characters: [on-jo]}
"""


def _check(tmp_path: Path, old: str = "", new: str = "") -> Result:
    assert old in BIBLE
    path = tmp_path / "bible.yaml"
    path.write_text(BIBLE.replace(old, new, 1), encoding="utf-8")
    return check_path(path)


def _codes(result: Result) -> list[tuple[str, str | None]]:
    return [(d.code, d.entity) for d in result.diagnostics]


def test_the_plan_alone_has_one_continuity_error(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert _codes(result) == [("C001", "goodbye")]
    assert result.fully_read


def test_an_episode_past_the_seasons_end_does_not_hide_the_c001(tmp_path: Path) -> None:
    result = _check(tmp_path, "rooftop: {at: S1E03", "rooftop: {at: S1E99")
    assert _codes(result) == [("B009", "rooftop"), ("C001", "goodbye")]
    assert not result.fully_read
    # sacrifice comes after the left-out rooftop: no R001 for it.
    assert result.diagnostics[0].message == "S1E99: S1 has 6 episodes; did you mean S1E06?"


def test_a_malformed_episode_does_not_hide_the_c001(tmp_path: Path) -> None:
    result = _check(tmp_path, "rooftop: {at: S1E03", "rooftop: {at: S1Ex")
    assert _codes(result) == [("B009", "rooftop"), ("C001", "goodbye")]


def test_a_season_whose_episodes_are_not_a_number_is_one_problem(tmp_path: Path) -> None:
    result = _check(tmp_path, "episodes: 6", "episodes: six")
    assert _codes(result) == [("B007", "S1"), ("C001", "goodbye")]
    assert result.diagnostics[0].message == "'episodes' should be a whole number, not text 'six'"


def test_a_season_without_episodes_is_one_problem(tmp_path: Path) -> None:
    result = _check(tmp_path, ", episodes: 6", "")
    assert _codes(result) == [("B008", "S1"), ("C001", "goodbye")]


def test_a_payoff_left_out_does_not_make_its_setup_unpaid(tmp_path: Path) -> None:
    # notes-read pays off outbreak's setup; with notes-read left out, no S001 is invented.
    result = _check(tmp_path, "notes-read: {at: S1E02", "notes-read: {at: S1E77")
    assert _codes(result) == [("B009", "notes-read"), ("C001", "goodbye")]


def test_a_beat_with_a_broken_after_keeps_the_rest_of_the_check(tmp_path: Path) -> None:
    result = _check(tmp_path, "after: [goodbye]", "after: {goodbye: 1}")
    assert _codes(result) == [("C001", "goodbye"), ("B007", "dawn")]
    result = _check(tmp_path, "after: [goodbye]", "after: [Good Bye]")
    assert _codes(result) == [("C001", "goodbye"), ("B010", "dawn")]


def test_a_character_that_is_not_a_mapping_is_not_an_unknown_reference(tmp_path: Path) -> None:
    result = _check(tmp_path, "on-jo: {name: Nam On-jo, faction: survivors}", "on-jo: Nam On-jo")
    assert _codes(result) == [("B007", "on-jo"), ("C001", "goodbye")]


def test_an_unknown_status_or_faction_is_one_problem_beside_the_c001(tmp_path: Path) -> None:
    result = _check(tmp_path, "faction: survivors}\n  on-jo", "faction: survivorz}\n  on-jo")
    assert _codes(result) == [("R001", "cheong-san"), ("C001", "goodbye")]
    result = _check(tmp_path, "on-jo: {name: Nam On-jo,", "on-jo: {name: Nam On-jo, status: zombi,")
    assert _codes(result) == [("R001", "on-jo"), ("C001", "goodbye")]


def test_a_file_that_is_not_yaml_still_runs_no_rules(tmp_path: Path) -> None:
    result = _check(tmp_path, "after: [goodbye]", "after: goodbye: 1")
    assert _codes(result) == [("B001", None)]
    assert result.bible is None


def test_check_exits_2_and_lists_every_problem_when_a_format_problem_is_found(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text(BIBLE.replace("rooftop: {at: S1E03", "rooftop: {at: S1E99"), encoding="utf-8")
    done = run_arcroom("check", str(path), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "B009 S1E99: S1 has 6 episodes; did you mean S1E06?" in done.stdout
    assert "C001 cheong-san appears in goodbye" in done.stdout
    assert done.stdout.rstrip().endswith("Found 2 errors.")


def test_a_name_written_where_an_id_belongs_suggests_the_id(tmp_path: Path) -> None:
    result = _check(tmp_path, "dawn: {at: S1E06, after: [goodbye], characters: [on-jo]}",
                    "dawn: {at: S1E06, after: [goodbye], characters: [Nam On-jo, Ines Calder]}")
    hints = {d.message: d.hint for d in result.diagnostics if d.code == "B010"}
    id_hint = "an id is letters, digits and - _ . ' with no spaces, like nam-ra"
    assert hints == {
        "'Nam On-jo' in 'characters' is not a valid id": f"did you mean 'on-jo'? {id_hint}",
        "'Ines Calder' in 'characters' is not a valid id": f"did you mean 'ines-calder'? {id_hint}",
    }


def test_a_key_that_is_not_an_id_suggests_its_slug(tmp_path: Path) -> None:
    result = _check(tmp_path, "  on-jo: {name: Nam On-jo,", "  Nam On-jo: {name: Nam On-jo,")
    [b010] = [d for d in result.diagnostics if d.code == "B010"]
    assert b010.message == "'Nam On-jo' is not a valid id"
    assert b010.hint is not None and b010.hint.startswith("did you mean 'nam-on-jo'?")


def test_a_broken_becomes_calls_no_status_change_forbidden(tmp_path: Path) -> None:
    statuses = (
        "statuses:\n  human: {becomes: [Zombie Thing, dead]}\n  zombie: {becomes: [dead]}\n"
        "  dead: {appears: false}\nseasons:"
    )
    path = tmp_path / "bible.yaml"
    text = BIBLE.replace("seasons:", statuses, 1).replace(
        "characters: [cheong-san, on-jo], setup:",
        "characters: [cheong-san, on-jo], changes: {on-jo: zombie}, setup:",
    )
    path.write_text(text, encoding="utf-8")
    result = check_path(path)
    # human -> zombie is what 'Zombie Thing' meant: no C002 for it; the C001 stays.
    assert _codes(result) == [("B010", "human"), ("C001", "goodbye")]


def test_a_one_episode_season_is_one_episode(tmp_path: Path) -> None:
    result = _check(tmp_path, "episodes: 6", "episodes: 1")
    b009 = [d.message for d in result.diagnostics if d.code == "B009"]
    assert b009[0] == "S1E02: S1 has 1 episode; did you mean S1E01?"
    assert len(b009) == 5  # one per beat past E01, and nothing else about them
    assert [d.code for d in result.diagnostics if d.code[0] != "B"] == []
