"""``arcroom diff``: what changed in the story, read from real git revisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.git_repos import arcroom, commit, git, new_repo, write

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "diff" / "pull_request.md"

BIBLE = """\
arcroom: 1
series: {title: Test}
seasons:
  S1: {title: One, episodes: 10}
  S2: {title: Two, episodes: 10}
factions:
  survivors: {name: Survivors}
  military: {name: Military}
relations:
  - {between: [military, survivors], stance: hostile, from: S1E05}
characters:
  nam-ra: {name: Choi Nam-ra, faction: survivors}
  on-jo: {name: Nam On-jo, faction: survivors}
arcs:
  escape:
    season: S1
    title: Escape
    beats:
      outbreak: {at: S1E01, characters: [nam-ra, on-jo]}
      bitten: {at: S1E03, after: [outbreak], characters: [nam-ra]}
      rescue: {at: S1E08, characters: [on-jo]}
  war:
    season: S2
    title: War
    requires: [escape]
    beats:
      nam-ra-dies: {at: S2E09, characters: [nam-ra], changes: {nam-ra: dead}}
      siege: {at: S2E10, characters: [on-jo]}
"""

#: The second commit of the room: a death moved earlier, a side changed, a stance
#: changed, an edge cut and one added, a beat added and one removed.
SECOND = (
    ("nam-ra-dies: {at: S2E09", "nam-ra-dies: {at: S2E04"),
    ("nam-ra: {name: Choi Nam-ra, faction: survivors}",
     "nam-ra: {name: Choi Nam-ra, faction: military}"),
    ("stance: hostile, from: S1E05", "stance: war, from: S1E07"),
    ("    requires: [escape]\n", ""),
    ("rescue: {at: S1E08, characters", "rescue: {at: S1E08, after: [bitten], characters"),
    ("      outbreak: {at: S1E01, characters: [nam-ra, on-jo]}\n",
     "      outbreak: {at: S1E01, characters: [nam-ra, on-jo]}\n"
     "      alarm: {at: S1E02, summary: The school bell rings}\n"),
    ("      siege: {at: S2E10, characters: [on-jo]}\n", ""),
)


def edited(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def diff_json(repo: Path, *args: str) -> dict[str, Any]:
    done = arcroom(repo, "diff", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in report["changes"]}


@pytest.fixture
def room(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "room", {"bible.yaml": BIBLE}, driver=False)


def test_a_clean_tree_has_no_story_change(room: Path) -> None:
    done = arcroom(room, "diff")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Story changes: HEAD → working tree\n  no change to the story\n"
    assert arcroom(room, "diff", "--exit-code").returncode == 0


def test_the_working_tree_against_head(room: Path) -> None:
    write(room, {"bible.yaml": edited(BIBLE, ("bitten: {at: S1E03", "bitten: {at: S1E05"))})
    done = arcroom(room, "diff")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "Story changes: HEAD → working tree",
        "Season 1 (S1)",
        "  escape",
        "    ~ bitten: moved S1E03 → S1E05 (later)",
    ]
    assert arcroom(room, "diff", "--exit-code").returncode == 1
    coloured = arcroom(room, "diff", "--color", "always").stdout
    assert "\x1b[33m    ~ bitten: moved S1E03 → S1E05 (later)\x1b[0m" in coloured


def test_two_commits_say_each_change_in_the_writers_words(room: Path) -> None:
    commit(room, {"bible.yaml": edited(BIBLE, *SECOND)}, "second")
    report = diff_json(room, "HEAD~1", "HEAD")
    assert (report["from"], report["to"]) == ("HEAD~1", "HEAD")
    changes = by_id(report)
    assert changes["nam-ra-dies"]["words"] == "nam-ra's death moved earlier: S2E09 → S2E04"
    assert changes["nam-ra"]["words"] == "changed faction: survivors → military"
    assert changes["war"]["words"] == "requires: cut escape"
    assert changes["rescue"]["words"] == "after: added bitten"
    assert changes["alarm"]["change"] == "added" and changes["alarm"]["at"] == "S1E02"
    assert changes["siege"]["change"] == "removed"
    stance = changes["military~survivors@S1E07"]
    assert stance["change"] == "changed"  # its id carries its start; the pair is the same
    assert [f["words"] for f in stance["fields"]] == [
        "stance between military and survivors: hostile → war",
        "stance between military and survivors starts S1E05 → S1E07",
    ]
    assert stance["old_id"] == "military~survivors@S1E05"
    # Grouped by season and arc, in story order.
    assert [(c["season"], c["arc"], c["id"]) for c in report["changes"]][:3] == [
        ("S1", "escape", "alarm"), ("S1", "escape", "rescue"), ("S2", "war", "war")]


def test_one_revision_against_the_working_tree(room: Path) -> None:
    commit(room, {"bible.yaml": edited(BIBLE, ("bitten: {at: S1E03", "bitten: {at: S1E04"))},
           "second")
    write(room, {"bible.yaml": edited(BIBLE, ("bitten: {at: S1E03", "bitten: {at: S1E06"))})
    moved = by_id(diff_json(room, "HEAD~1"))["bitten"]["fields"][0]
    assert (moved["before"], moved["after"]) == ("S1E03", "S1E06")
    moved = by_id(diff_json(room))["bitten"]["fields"][0]
    assert (moved["before"], moved["after"]) == ("S1E04", "S1E06")


def test_three_dots_compare_with_where_the_branch_left(room: Path) -> None:
    git(room, "checkout", "-qb", "feature")
    commit(room, {"bible.yaml": edited(BIBLE, ("rescue: {at: S1E08", "rescue: {at: S1E09"))},
           "feature")
    git(room, "checkout", "-q", "main")
    commit(room, {"bible.yaml": edited(BIBLE, ("bitten: {at: S1E03", "bitten: {at: S1E02"))},
           "main moves on")
    three = diff_json(room, "main...feature")
    assert list(by_id(three)) == ["rescue"]  # main's own change is not the branch's
    assert three["from"] == "merge base of main and feature"
    two = diff_json(room, "main", "feature")
    assert sorted(by_id(two)) == ["bitten", "rescue"]
    assert by_id(diff_json(room, "main..feature")) == by_id(two)


def test_a_folder_bible_is_read_from_each_revision(tmp_path: Path) -> None:
    series, arcs = BIBLE.split("arcs:\n")
    room = new_repo(tmp_path / "room", {"bible/series.yaml": series,
                                        "bible/arcs.yaml": "arcs:\n" + arcs}, driver=False)
    commit(room, {"bible/arcs.yaml": "arcs:\n" + edited(
        arcs, ("bitten: {at: S1E03", "bitten: {at: S1E04")),
        "bible/series.yaml": edited(series, ("on-jo: {name: Nam On-jo, faction: survivors}",
                                             "on-jo: {name: Nam On-jo}"))}, "second")
    changes = by_id(diff_json(room, "HEAD~1", "HEAD", "bible"))
    assert changes["bitten"]["words"] == "moved S1E03 → S1E04 (later)"
    assert changes["on-jo"]["words"] == "changed faction: survivors → (none)"
    assert arcroom(room, "diff", "bible").stdout.endswith("no change to the story\n")


def test_a_rename_is_one_change_not_a_removal_and_an_addition(room: Path) -> None:
    done = arcroom(room, "rename", "nam-ra", "choi-nam-ra")
    assert done.returncode == 0, done.stderr
    report = diff_json(room)
    assert report["changes"] == [{
        "kind": "character", "id": "choi-nam-ra", "change": "renamed", "old_id": "nam-ra",
        "season": "world", "arc": None, "at": None,
        "words": "renamed character nam-ra → choi-nam-ra", "fields": [],
    }]
    assert report["problems"] == {"introduced": [], "fixed": []}


def test_problems_introduced_and_fixed_are_listed(room: Path) -> None:
    # A dead man walks: Nam-ra in the siege, after her death.
    walking = edited(BIBLE, ("siege: {at: S2E10, characters: [on-jo]}",
                             "siege: {at: S2E10, characters: [on-jo, nam-ra]}"))
    commit(room, {"bible.yaml": walking}, "the siege")
    report = diff_json(room, "HEAD~1", "HEAD")
    introduced = [(p["code"], p["entity"]) for p in report["problems"]["introduced"]]
    assert ("C001", "siege") in introduced
    assert report["problems"]["fixed"] == []
    # Moving the death after the siege fixes it; the fix is listed as such.
    write(room, {"bible.yaml": edited(walking, ("nam-ra-dies: {at: S2E09",
                                                "nam-ra-dies: {at: S2E10, after: [siege]"))})
    report = diff_json(room)
    assert ("C001", "siege") in [(p["code"], p["entity"]) for p in report["problems"]["fixed"]]
    text = arcroom(room, "diff").stdout
    assert text.index("Problems fixed") < text.index("Season 2")


def test_markdown_for_a_pull_request_comment(room: Path) -> None:
    # The death moved earlier than a scene she is still in; a fix on the side.
    walking = edited(BIBLE, *SECOND[:-1], ("rescue: {at: S1E08", "rescue: {at: S1E06"),
                     ("siege: {at: S2E10, characters: [on-jo]}",
                      "siege: {at: S2E10, characters: [on-jo, nam-ra]}"))
    git(room, "checkout", "-qb", "pr")
    commit(room, {"bible.yaml": walking}, "the pull request")
    done = arcroom(room, "diff", "main...HEAD", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout == GOLDEN.read_text(encoding="utf-8")
    # Problems introduced come first, then a heading per season with the moved beats.
    assert done.stdout.index("### Problems introduced") < done.stdout.index("### Season 1")


@pytest.mark.parametrize(("args", "says"), [
    (("no-such-rev",), "neither a revision nor a bible"),
    (("HEAD", "HEAD", "HEAD"), "at most two revisions"),
])
def test_misuse_is_one_message_and_exit_2(room: Path, args: tuple[str, ...], says: str) -> None:
    done = arcroom(room, "diff", *args)
    assert done.returncode == 2
    assert says in done.stderr and "Traceback" not in done.stderr


def test_outside_a_repository_says_to_git_init(tmp_path: Path) -> None:
    (tmp_path / "bible.yaml").write_text(BIBLE)
    done = arcroom(tmp_path, "diff")
    assert done.returncode == 2
    assert "git init" in done.stderr and "Traceback" not in done.stderr
