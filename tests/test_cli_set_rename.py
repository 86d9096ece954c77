"""``arcroom set`` and ``arcroom rename`` from the command line change only the touched bytes."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from story_bible.reading.loader import load

Run = Callable[..., CompletedProcess[str]]

BIBLE = """\
# The room's plan for season one.
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}   # as aired
factions:
  survivors: {name: Hyosan High survivors}
  horde:     {name: The zombies}
characters:
  nam-ra:  {name: Choi Nam-ra, faction: survivors}   # class president
  on-jo:   {name: "남온조", faction: survivors}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak:      {at: S1E01, characters: [nam-ra, on-jo]}
      # the bite that changes everything
      nam-ra-bitten: {at: S1E07, after: [outbreak], characters: [nam-ra],
                      changes: {nam-ra: infected}}
      roof:
        at: S1E09
        characters:
          - on-jo   # leads them up
"""


@pytest.fixture
def bible(tmp_path: Path) -> Path:
    path = tmp_path / "bible.yaml"
    path.write_bytes(BIBLE.encode("utf-8"))
    return path


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(old line, new line) pairs of a line diff, like ``git diff`` shows them."""
    pairs = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines())
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            old, new = before.splitlines()[i1:i2], after.splitlines()[j1:j2]
            pairs.append(("\n".join(old), "\n".join(new)))
    return pairs


def test_set_changes_only_the_values_bytes(arcroom: Run, bible: Path) -> None:
    done = arcroom("set", "nam-ra-bitten.at", "S1E08", "--bible", str(bible))
    assert done.returncode == 0, done.stderr
    assert "set nam-ra-bitten.at to S1E08" in done.stderr and done.stdout == ""
    after = bible.read_bytes()
    assert after == BIBLE.encode("utf-8").replace(b"{at: S1E07,", b"{at: S1E08,")
    assert changed_lines(BIBLE, after.decode("utf-8")) == [
        ("      nam-ra-bitten: {at: S1E07, after: [outbreak], characters: [nam-ra],",
         "      nam-ra-bitten: {at: S1E08, after: [outbreak], characters: [nam-ra],"),
    ]


@pytest.mark.parametrize(
    ("target", "value", "line"),
    [
        ("roof.characters", "on-jo, nam-ra", "          - nam-ra"),
        ("outbreak.characters", "[on-jo]", "      outbreak:      {at: S1E01, characters: [on-jo]}"),
        ("roof.flashback", "true", "        flashback: true"),
        ("S1.episodes", "16", "  S1: {title: Survival of mankind, episodes: 16}   # as aired"),
        ("on-jo.name", "no", "  on-jo:   {name: \"no\", faction: survivors}"),
        ("nam-ra.actor", "Cho Yi-hyun", "  nam-ra:  {name: Choi Nam-ra, faction: survivors, "
         "actor: Cho Yi-hyun}   # class president"),
        ("nam-ra-bitten.changes", "{nam-ra: dead}", " " * 22 + "changes: {nam-ra: dead}}"),
    ],
)
def test_set_reads_the_value_as_the_fields_type(
    arcroom: Run, bible: Path, target: str, value: str, line: str
) -> None:
    done = arcroom("set", target, value, "--bible", str(bible))
    assert done.returncode == 0, done.stderr
    after = bible.read_text(encoding="utf-8")
    assert line in after.splitlines()
    assert len(changed_lines(BIBLE, after)) == 1


def test_set_remove_takes_the_field_out(arcroom: Run, bible: Path, tmp_path: Path) -> None:
    done = arcroom("set", "nam-ra.faction", "--remove", cwd=tmp_path)  # finds ./bible.yaml
    assert done.returncode == 0, done.stderr
    assert "  nam-ra:  {name: Choi Nam-ra}   # class president" in bible.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("roof.at", "S1E13"), "S1E13: S1 has 12 episodes; did you mean S1E12?"),
        (("roof.flashback", "yes"), "true or false"),
        (("rooftop.at", "S1E02"), "did you mean 'roof'"),
        (("roof", "S1E02"), "write ID.FIELD"),
        (("roof.at",), "give a VALUE"),
        (("nam-ra.faction", "survivor"), "did you mean 'survivors'"),
        (("roof.characters", "[on-jo, nam-rah]"), "did you mean 'nam-ra'"),
        (("outbreak.after", "[nam-ra-bitten]"), "cycle"),
    ],
)
def test_a_refused_set_exits_2_and_leaves_the_file_alone(
    arcroom: Run, bible: Path, args: tuple[str, ...], message: str
) -> None:
    done = arcroom("set", *args, "--bible", str(bible))
    assert done.returncode == 2
    assert message in done.stderr
    assert bible.read_bytes() == BIBLE.encode("utf-8")


def test_set_refuses_the_bundled_sample(arcroom: Run) -> None:
    done = arcroom("set", "series.title", "Mine now", "--sample")
    assert done.returncode == 2
    assert "read-only" in done.stderr and "arcroom init" in done.stderr


def test_rename_across_a_folder_bible_changes_only_the_id(arcroom: Run, tmp_path: Path) -> None:
    folder = tmp_path / "bible"
    folder.mkdir()
    head, arcs = BIBLE.split("arcs:\n")
    (folder / "main.yaml").write_text(head, encoding="utf-8")
    (folder / "arcs.yaml").write_text("arcroom: 1\narcs:\n" + arcs, encoding="utf-8")
    done = arcroom("rename", "nam-ra", "choi-nam-ra", "--bible", str(folder))
    assert done.returncode == 0, done.stderr
    assert "rename nam-ra to choi-nam-ra" in done.stderr
    for name, before in (("main.yaml", head), ("arcs.yaml", "arcroom: 1\narcs:\n" + arcs)):
        after = (folder / name).read_text(encoding="utf-8")
        for old, new in changed_lines(before, after):
            assert new == old.replace("nam-ra", "choi-nam-ra").replace(
                "choi-nam-ra-bitten", "nam-ra-bitten"
            )
    bible = load(folder)
    assert bible.beats["nam-ra-bitten"].characters == ("choi-nam-ra",)
    assert "nam-ra" not in bible.characters


def test_rename_to_a_taken_id_exits_2(arcroom: Run, bible: Path) -> None:
    done = arcroom("rename", "nam-ra", "on-jo", "--bible", str(bible))
    assert done.returncode == 2 and "already taken" in done.stderr
    assert bible.read_bytes() == BIBLE.encode("utf-8")


def test_renaming_the_default_status_refuses_while_characters_rely_on_it(
    arcroom: Run, tmp_path: Path
) -> None:
    bible = tmp_path / "bible.yaml"
    text = BIBLE.replace("seasons:", "statuses:\n  human: {appears: true}\nseasons:", 1)
    bible.write_text(text, encoding="utf-8")
    done = arcroom("rename", "human", "alive", "--bible", str(bible))
    assert done.returncode == 2
    assert "no `status:`" in done.stderr and "nam-ra, on-jo" in done.stderr
    assert bible.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rename", "nam-ra", "nam-ra"), "already its id"),
        (("rename", "nam-ra", "nam ra"), "write letters, digits and - _ . '"),
        (("set", "S1.episodes", "0"), "at least 1, not 0"),
    ],
)
def test_refusals_say_plainly_what_is_wrong(
    arcroom: Run, bible: Path, args: tuple[str, ...], message: str
) -> None:
    done = arcroom(*args, "--bible", str(bible))
    assert done.returncode == 2
    assert message in done.stderr
    assert bible.read_bytes() == BIBLE.encode("utf-8")


# -- what an edit brings ---------------------------------------------------------

#: nam-ra is on the roof at S1E09: killing her at S1E07 puts the dead on screen (C001).
ROOF_WITH_NAM_RA = BIBLE.replace("          - on-jo   # leads them up",
                                 "          - on-jo   # leads them up\n          - nam-ra")


def test_set_prints_the_problems_its_edit_brings_and_still_saves(
    arcroom: Run, tmp_path: Path
) -> None:
    bible = tmp_path / "bible.yaml"
    bible.write_text(ROOF_WITH_NAM_RA, encoding="utf-8")
    done = arcroom("set", "nam-ra-bitten.changes", "{nam-ra: dead}", "--bible", str(bible))
    assert done.returncode == 0, done.stderr
    assert "{nam-ra: dead}" in bible.read_text(encoding="utf-8")
    lines = done.stderr.splitlines()
    assert lines[0].startswith("set nam-ra-bitten.changes to {nam-ra: dead}")
    assert lines[1].endswith(
        "bible.yaml:25:13: C001 nam-ra appears in roof (S1E09) while dead "
        "(since nam-ra-bitten, S1E07)"
    )
    assert lines[2] == "    25 |           - nam-ra"
    # Only what the edit brought: the plan's older problems (F003 horde, S004s) are not told.
    assert "F003" not in done.stderr and "S004" not in done.stderr
    assert lines[-1].startswith("arcroom set: saved, with 1 new problem")


def test_set_strict_refuses_an_edit_that_brings_an_error(arcroom: Run, tmp_path: Path) -> None:
    bible = tmp_path / "bible.yaml"
    bible.write_text(ROOF_WITH_NAM_RA, encoding="utf-8")
    done = arcroom("set", "nam-ra-bitten.changes", "{nam-ra: dead}", "--strict",
                   "--bible", str(bible))
    assert done.returncode == 1
    assert bible.read_text(encoding="utf-8") == ROOF_WITH_NAM_RA
    assert "C001 nam-ra appears in roof (S1E09) while dead" in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "arcroom set: --strict: not saved; the edit would bring 1 new problem"
    )
    # An edit that brings nothing passes --strict and saves.
    done = arcroom("set", "roof.at", "S1E10", "--strict", "--bible", str(bible))
    assert done.returncode == 0, done.stderr
    assert "at: S1E10" in bible.read_text(encoding="utf-8")
    assert "new problem" not in done.stderr


def test_rename_does_not_call_the_renamed_entitys_old_problems_new(
    arcroom: Run, bible: Path
) -> None:
    # horde is named by no one (F003 before and after): the rename brings nothing.
    done = arcroom("rename", "horde", "the-horde", "--strict", "--bible", str(bible))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [f"rename horde to the-horde ({bible})"]



def test_a_relations_id_is_renamed_as_its_own_fields_build_it() -> None:
    from story_bible.model import Relation
    from story_bible.positions import Position
    from tui.commands.set import _renamed

    before = Relation(id="", between=("horde", "survivors"), stance="war", start=Position(1, 3))
    after = Relation(id="", between=("the-horde", "survivors"), stance="war", start=Position(1, 3))
    assert _renamed(before.derived_id(), "horde", "the-horde") == after.derived_id()
    assert _renamed("survivors~horde@S2", "horde", "the-horde") == "survivors~the-horde@S2"
    assert _renamed("outbreak", "horde", "the-horde") == "outbreak"
