"""Renaming an id in a folder bible changes it, and every reference to it, in every file."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_edits_support import assert_sound

from story_bible.model import Change
from story_bible.writing.document import Document, EditError

CHARACTERS = """\
arcroom: 1
# who is who at Hyosan High
characters:
  nam-ra:  {name: Choi Nam-ra, faction: survivors}   # class president
  gwi-nam: {name: Yoon Gwi-nam, faction: survivors}
  on-jo:
    name: Nam On-jo
    faction: survivors
"""

SEASON_1 = """\
arcroom: 1
series: {title: All of Us Are Dead}
seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: Survival of the zombies, episodes: 12}
factions:
  survivors: {name: Hyosan High survivors}
  horde:     {name: The zombies}
arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    beats:
      outbreak:      {at: S1E01, characters: [nam-ra, on-jo]}
      nam-ra-bitten: {at: S1E07, after: [outbreak], characters: ["nam-ra"],
                      changes: {nam-ra: infected}}   # the bite
      roof:
        at: S1E09
        characters:
          - on-jo
          - 'nam-ra'   # she stays apart
"""

SEASON_2 = """\
arcroom: 1
arcs:
  mutant-war:
    season: S2
    title: The immune
    requires: [escape-hyosan]
    beats:
      hunger:
        at: S2E01
        characters: [nam-ra, gwi-nam]
        changes:
          nam-ra: {status: immune, faction: horde}
        summary: Nam-ra (nam-ra in the bible) hides her hunger.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    bible = tmp_path / "bible"
    bible.mkdir()
    (bible / "characters.yaml").write_text(CHARACTERS, encoding="utf-8")
    (bible / "season-1.yaml").write_text(SEASON_1, encoding="utf-8")
    (bible / "season-2.yaml").write_text(SEASON_2, encoding="utf-8")
    return bible


def test_rename_reaches_every_file_and_keeps_the_quoting(folder: Path) -> None:
    doc = Document.open(folder)
    doc.rename("nam-ra", "choi-nam-ra")
    written = doc.save()
    assert sorted(p.name for p in written) == ["characters.yaml", "season-1.yaml", "season-2.yaml"]
    assert (folder / "characters.yaml").read_text(encoding="utf-8") == CHARACTERS.replace(
        "  nam-ra:  {", "  choi-nam-ra:  {"
    )
    assert (folder / "season-1.yaml").read_text(encoding="utf-8") == (
        SEASON_1.replace("[nam-ra, on-jo]", "[choi-nam-ra, on-jo]")
        .replace('["nam-ra"]', '["choi-nam-ra"]')
        .replace("{nam-ra: infected}", "{choi-nam-ra: infected}")
        .replace("- 'nam-ra'", "- 'choi-nam-ra'")
    )
    assert (folder / "season-2.yaml").read_text(encoding="utf-8") == (
        SEASON_2.replace("[nam-ra, gwi-nam]", "[choi-nam-ra, gwi-nam]")
        .replace("          nam-ra: {status", "          choi-nam-ra: {status")
    )  # the summary is the writers' prose: it keeps saying nam-ra
    bible = Document.open(folder).bible
    assert "choi-nam-ra" in bible.characters and "nam-ra" not in bible.characters
    assert bible.beats["hunger"].changes == {"choi-nam-ra": Change("immune", "horde")}
    assert bible.beats["nam-ra-bitten"].id == "nam-ra-bitten"


def test_rename_of_an_arc_reaches_the_file_that_requires_it(folder: Path) -> None:
    doc = Document.open(folder)
    doc.rename("escape-hyosan", "escape")
    assert doc.bible.arcs["mutant-war"].requires == ("escape",)
    assert {b.arc for b in doc.bible.arcs["escape"].beats.values()} == {"escape"}
    assert [f.split("/")[-1] for f, t in doc.texts.items() if "escape-hyosan" in t] == []
    assert_sound(doc)


def test_rename_is_undone_in_every_file(folder: Path) -> None:
    doc = Document.open(folder)
    before = dict(doc.texts)
    doc.rename("nam-ra", "최남라")
    assert all("최남라" in text for text in doc.texts.values())
    doc.undo()
    assert doc.texts == before and not doc.dirty


def test_rename_to_an_id_another_file_uses_is_refused(folder: Path) -> None:
    doc = Document.open(folder)
    with pytest.raises(EditError, match="already taken by an arc"):
        doc.rename("nam-ra", "mutant-war")
    assert not doc.dirty


def test_an_entity_added_to_a_folder_bible_goes_to_the_file_of_its_kind(folder: Path) -> None:
    doc = Document.open(folder)
    doc.add("character", "su-hyeok", {"name": "Lee Su-hyeok", "faction": "survivors"})
    doc.add("arc", "world-war", {"title": "World war", "season": "S2"})
    changed = [Path(f).name for f, text in doc.texts.items() if text != doc._saved[f]]
    assert sorted(changed) == ["characters.yaml", "season-2.yaml"]
    assert_sound(doc)


def test_a_beat_moves_between_files(folder: Path) -> None:
    doc = Document.open(folder)
    doc.move_beat("roof", arc="mutant-war", at="S2E03")
    doc.save()
    assert "roof" not in (folder / "season-1.yaml").read_text(encoding="utf-8")
    assert (
        "      roof:\n        at: S2E03\n        characters:\n          - on-jo\n"
        "          - 'nam-ra'   # she stays apart\n"
    ) in (folder / "season-2.yaml").read_text(encoding="utf-8")
    assert Document.open(folder).bible.beats["roof"].arc == "mutant-war"
