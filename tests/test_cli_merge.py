"""``arcroom merge`` as git's merge driver: each scenario is a real ``git merge``.

Every row is a base bible, one commit on each of two branches, and the file
git leaves after merging them with the driver configured: byte for byte,
with ``git merge``'s exit status.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.git_repos import arcroom, commit, git, new_repo

BASE = """\
# The room's plan.
arcroom: 1
series: {title: Test}
seasons:
  S1: {title: One, episodes: 10}
factions:
  survivors: {name: Survivors}
  military: {name: Military}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}  # the class president
  on-jo: {name: Nam On-jo, faction: survivors}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      # the start
      outbreak: {at: S1E01, characters: [nam-ra]}
      bitten:
        at: S1E05
        characters: [nam-ra, on-jo]
        summary: Nam-ra is bitten
      rescue: {at: S1E08, after: [bitten]}
  war:
    season: S1
    title: War
    beats:
      siege: {at: S1E09, characters: [on-jo]}
"""

Edits = tuple[tuple[str, str], ...]


def edited(text: str, edits: Edits) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@dataclass(frozen=True)
class Scenario:
    name: str
    ours: Edits
    theirs: Edits
    merged: Edits  # the merged file, as edits of BASE
    status: int  # git merge's exit status


RENAME = (("  nam-ra: {name", "  choi-nam-ra: {name"),
          ("characters: [nam-ra]}", "characters: [choi-nam-ra]}"),
          ("[nam-ra, on-jo]", "[choi-nam-ra, on-jo]"))
BITTEN_OURS = """\
      bitten:
        at: S1E06
        characters: [nam-ra, on-jo]
        summary: Nam-ra is bitten
"""
SCENARIOS = [
    Scenario(
        "different beats of one arc",
        ours=(("at: S1E05", "at: S1E06"),),
        theirs=(("{at: S1E08, after", "{at: S1E09, after"),),
        merged=(("at: S1E05", "at: S1E06"), ("{at: S1E08, after", "{at: S1E09, after")),
        status=0,
    ),
    Scenario(
        "different fields of one beat",
        ours=(("at: S1E05", "at: S1E06"),),
        theirs=(("summary: Nam-ra is bitten", "summary: 'Bitten: the lab'"),),
        merged=(("at: S1E05", "at: S1E06"), ("summary: Nam-ra is bitten",
                                             "summary: 'Bitten: the lab'")),
        status=0,
    ),
    Scenario(
        "different fields of one line (a flow mapping)",
        ours=(("{at: S1E08, after: [bitten]}", "{at: S1E07, after: [bitten]}"),),
        theirs=(("{at: S1E08, after: [bitten]}", "{at: S1E08, after: [outbreak]}"),),
        merged=(("{at: S1E08, after: [bitten]}", "{at: S1E07, after: [outbreak]}"),),
        status=0,
    ),
    Scenario(
        "the same field two ways",
        ours=(("at: S1E05", "at: S1E06"),),
        theirs=(("at: S1E05", "at: S1E07"),),
        merged=((BITTEN_OURS.replace("S1E06", "S1E05"),
                 "<<<<<<< ours\n" + BITTEN_OURS + "=======\n"
                 + BITTEN_OURS.replace("S1E06", "S1E07") + ">>>>>>> theirs\n"),),
        status=1,
    ),
    Scenario(
        "a rename on one side, an edit of the renamed on the other",
        ours=RENAME,
        theirs=(("faction: survivors}  # the class", "faction: military}  # the class"),),
        merged=(*RENAME,
                ("faction: survivors}  # the class", "faction: military}  # the class")),
        status=0,
    ),
    Scenario(
        "an edit on one side, a rename on the other (theirs renamed)",
        ours=(("faction: survivors}  # the class", "faction: military}  # the class"),
              ("{at: S1E01, characters", "{at: S1E02, characters")),
        theirs=RENAME,
        merged=(*RENAME,
                ("faction: survivors}  # the class", "faction: military}  # the class"),
                ("{at: S1E01, characters", "{at: S1E02, characters")),
        status=0,
    ),
    Scenario(
        "removed on one side, edited on the other",
        ours=(("      rescue: {at: S1E08, after: [bitten]}\n", ""),),
        theirs=(("{at: S1E08, after", "{at: S1E09, after"),),
        merged=(("      rescue: {at: S1E08, after: [bitten]}\n",
                 "<<<<<<< ours\n=======\n      rescue: {at: S1E09, after: [bitten]}\n"
                 ">>>>>>> theirs\n"),),
        status=1,
    ),
    Scenario(
        "removed on one side, untouched on the other",
        ours=(("      rescue: {at: S1E08, after: [bitten]}\n", ""),),
        theirs=(("{at: S1E01, characters", "{at: S1E02, characters"),),
        merged=(("      rescue: {at: S1E08, after: [bitten]}\n", ""),
                ("{at: S1E01, characters", "{at: S1E02, characters")),
        status=0,
    ),
    Scenario(
        "both sides add beats to the same episode",
        ours=(("      rescue:", "      alarm: {at: S1E05, summary: ours}\n      rescue:"),),
        theirs=(("      rescue:", "      # theirs, with a comment\n"
                 "      lab: {at: S1E05, summary: theirs}\n      rescue:"),),
        merged=(("      rescue:", "      alarm: {at: S1E05, summary: ours}\n"
                 "      # theirs, with a comment\n"
                 "      lab: {at: S1E05, summary: theirs}\n      rescue:"),),
        status=0,
    ),
    Scenario(
        "both sides add the same beat alike",
        ours=(("      rescue:", "      alarm: {at: S1E05}\n      rescue:"),),
        theirs=(("      rescue:", "      alarm: {at: S1E05}\n      rescue:"),),
        merged=(("      rescue:", "      alarm: {at: S1E05}\n      rescue:"),),
        status=0,
    ),
    Scenario(
        "an arc's field and a beat of it",
        ours=(("title: Escape\n", "title: Escape Hyosan\n"),),
        theirs=(("siege: {at: S1E09", "siege: {at: S1E10"), ("characters: [on-jo]}",
                                                              "characters: [on-jo, nam-ra]}")),
        merged=(("title: Escape\n", "title: Escape Hyosan\n"),
                ("siege: {at: S1E09", "siege: {at: S1E10"),
                ("characters: [on-jo]}", "characters: [on-jo, nam-ra]}")),
        status=0,
    ),
    Scenario(
        "a new arc on one side, a new character on the other",
        ours=(("\narcs:\n", "\n  su-hyeok: {name: Lee Su-hyeok}\narcs:\n"),),
        theirs=(("", "  epilogue:\n    season: S1\n    title: After\n"),),
        merged=(("\narcs:\n", "\n  su-hyeok: {name: Lee Su-hyeok}\narcs:\n"),
                ("", "  epilogue:\n    season: S1\n    title: After\n")),
        status=0,
    ),
]


def _edits_at_end(text: str, edits: Edits) -> str:
    """Edits whose old text is empty append to the end of the file."""
    for old, new in edits:
        if old == "":
            text += new
        else:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
    return text


def merge(tmp_path: Path, files: dict[str, str], ours: dict[str, str],
          theirs: dict[str, str]) -> tuple[Path, int, str]:
    repo = new_repo(tmp_path / "room", files)
    git(repo, "checkout", "-qb", "theirs")
    commit(repo, theirs, "theirs")
    git(repo, "checkout", "-q", "main")
    commit(repo, ours, "ours")
    done = git(repo, "merge", "theirs", "-m", "merge", check=False)
    return repo, done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_merge_scenario(tmp_path: Path, scenario: Scenario) -> None:
    repo, status, output = merge(
        tmp_path, {"bible.yaml": BASE},
        {"bible.yaml": _edits_at_end(BASE, scenario.ours)},
        {"bible.yaml": _edits_at_end(BASE, scenario.theirs)},
    )
    expected = _edits_at_end(BASE, scenario.merged)
    assert (repo / "bible.yaml").read_bytes().decode("utf-8") == expected, output
    assert status == scenario.status, output
    checked = arcroom(repo, "check")
    if status == 0:
        assert "B0" not in checked.stdout, checked.stdout
    else:
        # Each conflict is a B012 at its marker, quoting both versions.
        assert checked.returncode == 2
        assert "B012 merge conflict" in checked.stdout
        line = expected.splitlines().index("<<<<<<< ours") + 1
        assert f"bible.yaml:{line}:1: B012" in checked.stdout
        assert "ours: " in checked.stdout and "theirs: " in checked.stdout


def test_a_conflict_names_the_entity_on_stderr(tmp_path: Path) -> None:
    _, status, output = merge(
        tmp_path, {"bible.yaml": BASE},
        {"bible.yaml": edited(BASE, (("at: S1E05", "at: S1E06"),))},
        {"bible.yaml": edited(BASE, (("at: S1E05", "at: S1E07"),))},
    )
    assert status == 1
    assert "conflict in arcs.escape.beats.bitten" in output


SERIES = """\
arcroom: 1
series: {title: Test}
seasons:
  S1: {title: One, episodes: 10}
factions:
  survivors: {name: Survivors}
  military: {name: Military}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
"""
SEASON_ONE = """\
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {at: S1E01, characters: [nam-ra]}
      rescue: {at: S1E08}
"""


def test_a_folder_bible_merges_file_by_file(tmp_path: Path) -> None:
    repo, status, output = merge(
        tmp_path, {"bible/series.yaml": SERIES, "bible/s1.yaml": SEASON_ONE},
        {"bible/s1.yaml": edited(SEASON_ONE, (("S1E01", "S1E02"),)),
         "bible/series.yaml": edited(SERIES, (("title: One", "title: Survival"),))},
        {"bible/s1.yaml": edited(SEASON_ONE, (("S1E08", "S1E09"),)),
         "bible/series.yaml": edited(SERIES, (("faction: survivors}", "faction: military}"),))},
    )
    assert status == 0, output
    assert (repo / "bible/s1.yaml").read_text() == edited(
        SEASON_ONE, (("S1E01", "S1E02"), ("S1E08", "S1E09")))
    assert (repo / "bible/series.yaml").read_text() == edited(
        SERIES, (("title: One", "title: Survival"), ("faction: survivors}", "faction: military}")))
    assert arcroom(repo, "check", "bible").returncode == 0


def test_a_conflict_in_one_file_of_a_folder_bible_leaves_the_others_merged(
        tmp_path: Path) -> None:
    repo, status, output = merge(
        tmp_path, {"bible/series.yaml": SERIES, "bible/s1.yaml": SEASON_ONE},
        {"bible/s1.yaml": edited(SEASON_ONE, (("S1E08", "S1E07"),)),
         "bible/series.yaml": edited(SERIES, (("title: One", "title: Survival"),))},
        {"bible/s1.yaml": edited(SEASON_ONE, (("S1E08", "S1E09"),)),
         "bible/series.yaml": edited(SERIES, (("faction: survivors}", "faction: military}"),))},
    )
    assert status == 1, output
    assert (repo / "bible/s1.yaml").read_text() == edited(SEASON_ONE, (
        ("      rescue: {at: S1E08}\n", "<<<<<<< ours\n      rescue: {at: S1E07}\n=======\n"
         "      rescue: {at: S1E09}\n>>>>>>> theirs\n"),))
    assert (repo / "bible/series.yaml").read_text() == edited(
        SERIES, (("title: One", "title: Survival"), ("faction: survivors}", "faction: military}")))
    checked = arcroom(repo, "check", "bible")
    assert checked.returncode == 2
    assert "bible/s1.yaml:7:1: B012 merge conflict" in checked.stdout
    assert "ours: rescue: {at: S1E07} | theirs: rescue: {at: S1E09}" in checked.stdout


def test_a_merge_of_two_clean_branches_that_makes_a_dead_man_walk_says_so(tmp_path: Path) -> None:
    repo, status, output = merge(
        tmp_path, {"bible.yaml": BASE},
        {"bible.yaml": edited(BASE, (("summary: Nam-ra is bitten",
                                      "summary: Nam-ra dies\n        changes: {nam-ra: dead}"),
                                     ("characters: [nam-ra, on-jo]", "characters: [nam-ra]")))},
        {"bible.yaml": edited(BASE, (("siege: {at: S1E09, characters: [on-jo]}",
                                      "siege: {at: S1E09, characters: [on-jo, nam-ra]}"),))},
    )
    assert status == 0, output  # the merge itself succeeds...
    assert "the merge made a problem neither side had" in output  # ...and says what it made
    assert "C001" in output and "nam-ra" in output
    assert arcroom(repo, "check").returncode == 1


def test_another_yaml_file_is_merged_line_by_line(tmp_path: Path) -> None:
    config = "steps:\n  - one\n  - two\n  - three\n"
    repo, status, output = merge(
        tmp_path, {"ci.yaml": config},
        {"ci.yaml": config.replace("one", "uno")}, {"ci.yaml": config.replace("three", "tres")},
    )
    assert status == 0, output
    assert (repo / "ci.yaml").read_text() == "steps:\n  - uno\n  - two\n  - tres\n"


def test_git_setup_registers_the_driver_once(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "room", {"bible.yaml": BASE}, driver=False)
    for _ in range(2):
        done = arcroom(repo, "git-setup")
        assert done.returncode == 0, done.stderr
    config = git(repo, "config", "--get-all", "merge.arcroom.driver").stdout
    assert config == "arcroom merge %O %A %B %P\n"
    attributes = (repo / ".gitattributes").read_text()
    assert attributes.count("*.yaml merge=arcroom") == 1
    assert git(repo, "check-attr", "merge", "bible.yaml").stdout.strip().endswith("arcroom")


def test_git_setup_global_writes_the_users_config(tmp_path: Path) -> None:
    user_config = tmp_path / "gitconfig"
    for _ in range(2):
        done = arcroom(tmp_path, "git-setup", "--global",
                       env={"GIT_CONFIG_GLOBAL": str(user_config)})
        assert done.returncode == 0, done.stderr
    text = user_config.read_text()
    assert text.count("driver = arcroom merge %O %A %B %P") == 1
    assert not (tmp_path / ".gitattributes").exists()  # no repository here to write it in


def test_git_setup_outside_a_repository_says_what_to_do(tmp_path: Path) -> None:
    done = arcroom(tmp_path, "git-setup")
    assert done.returncode == 2
    assert "git init" in done.stderr and "Traceback" not in done.stderr


def test_check_says_once_when_git_would_merge_the_bible_line_by_line(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "room", {"bible.yaml": BASE}, driver=False)
    first, second = arcroom(repo, "check"), arcroom(repo, "check")
    assert "info: git merges this bible line by line" in first.stderr
    assert "arcroom git-setup" in first.stderr
    assert "line by line" not in second.stderr  # once per clone
    assert first.returncode == second.returncode == 0
    configured = new_repo(tmp_path / "other", {"bible.yaml": BASE})  # the driver is set
    assert "line by line" not in arcroom(configured, "check").stderr


def test_a_conflict_inline_among_other_entities_marks_the_line_that_holds_it(
        tmp_path: Path) -> None:
    flow = SERIES + "arcs:\n  escape:\n    season: S1\n    title: Escape\n" \
        "    beats: {x: {at: S1E01}, y: {at: S1E02}, z: {at: S1E03}}\n"
    repo, status, output = merge(
        tmp_path, {"bible.yaml": flow},
        {"bible.yaml": flow.replace("y: {at: S1E02}", "y: {at: S1E04}")},
        {"bible.yaml": flow.replace("y: {at: S1E02}", "y: {at: S1E05}")
         .replace("x: {at: S1E01}", "x: {at: S1E02}")},
    )
    assert status == 1, output
    # Their clean change to x is on both sides of the markers; y is what differs.
    assert (repo / "bible.yaml").read_text() == flow.replace(
        "    beats: {x: {at: S1E01}, y: {at: S1E02}, z: {at: S1E03}}\n",
        "<<<<<<< ours\n    beats: {x: {at: S1E02}, y: {at: S1E04}, z: {at: S1E03}}\n=======\n"
        "    beats: {x: {at: S1E02}, y: {at: S1E05}, z: {at: S1E03}}\n>>>>>>> theirs\n")


def test_init_sends_the_bibles_yaml_to_the_driver(tmp_path: Path) -> None:
    done = arcroom(tmp_path, "init", "show")
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "show" / ".gitattributes").read_text().splitlines()
    assert "*.yaml merge=arcroom" in lines
    git(tmp_path / "show", "init", "-q")
    attribute = git(tmp_path / "show", "check-attr", "merge", "bible.yaml").stdout
    assert attribute == "bible.yaml: merge: arcroom\n"
