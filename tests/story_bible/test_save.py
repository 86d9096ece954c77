"""Saving writes only what changed, atomically, and never over someone else's change."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from test_edits_support import AOUAD

from story_bible.reading.loader import load, sample_path
from story_bible.writing import save as save_module
from story_bible.writing.document import ChangedOnDisk, Document, EditError, SaveError


@pytest.fixture
def bible(tmp_path: Path) -> Path:
    path = tmp_path / "bible.yaml"
    path.write_text(AOUAD, encoding="utf-8")
    return path


def test_save_writes_the_edit_and_keeps_the_files_mode(bible: Path) -> None:
    bible.chmod(0o640)
    doc = Document.open(bible)
    doc.set("roof", "at", "S1E10")
    assert doc.dirty
    assert doc.save() == [bible]
    assert bible.read_text(encoding="utf-8") == AOUAD.replace("at: S1E09", "at: S1E10")
    assert stat.S_IMODE(bible.stat().st_mode) == 0o640
    assert not doc.dirty
    assert sorted(p.name for p in bible.parent.iterdir()) == ["bible.yaml"]  # no temp files


def test_a_clean_document_writes_nothing(bible: Path) -> None:
    doc = Document.open(bible)
    before = bible.stat().st_mtime_ns
    assert doc.save() == []
    assert bible.stat().st_mtime_ns == before


def test_a_file_changed_underneath_is_detected_and_not_overwritten(bible: Path) -> None:
    doc = Document.open(bible)
    doc.set("roof", "at", "S1E10")
    theirs = AOUAD + "# pulled from origin\n"
    bible.write_text(theirs, encoding="utf-8")
    assert doc.changed_on_disk() == [bible]
    with pytest.raises(ChangedOnDisk) as refused:
        doc.save()
    assert refused.value.paths == [bible]
    assert bible.read_text(encoding="utf-8") == theirs
    assert doc.dirty  # the edit is still there, for the writer to decide
    doc.save(force=True)
    assert "at: S1E10" in bible.read_text(encoding="utf-8")
    assert doc.changed_on_disk() == []


def test_a_same_size_change_is_detected_by_its_content(bible: Path) -> None:
    doc = Document.open(bible)
    stamp = bible.stat()
    bible.write_text(AOUAD.replace("S1E09", "S1E11"), encoding="utf-8")
    os.utime(bible, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert doc.changed_on_disk() == [bible]


def test_touching_a_file_without_changing_it_is_not_a_change(bible: Path) -> None:
    doc = Document.open(bible)
    os.utime(bible, ns=(1, 1))
    assert doc.changed_on_disk() == []
    doc.set("roof", "at", "S1E10")
    doc.save()


def test_files_added_to_or_removed_from_a_folder_are_noticed(tmp_path: Path) -> None:
    folder = tmp_path / "bible"
    folder.mkdir()
    (folder / "main.yaml").write_text(AOUAD, encoding="utf-8")
    (folder / "extra.yaml").write_text("arcroom: 1\n", encoding="utf-8")
    doc = Document.open(folder)
    (folder / "extra.yaml").unlink()
    (folder / "new.yaml").write_text("arcroom: 1\n", encoding="utf-8")
    assert sorted(p.name for p in doc.changed_on_disk()) == ["extra.yaml", "new.yaml"]


def test_reload_reads_the_files_again_and_forgets_the_edits(bible: Path) -> None:
    doc = Document.open(bible)
    doc.set("roof", "at", "S1E10")
    bible.write_text(AOUAD.replace("title: The immune", "title: The immortal"), encoding="utf-8")
    doc.reload()
    assert doc.bible.arcs["mutant-war"].title == "The immortal"
    assert doc.bible.beats["roof"].at.episode == 9
    assert not doc.dirty and not doc.can_undo and doc.history == []
    assert doc.changed_on_disk() == []


def test_a_byte_order_mark_and_windows_line_endings_survive_a_save(bible: Path) -> None:
    original = b"\xef\xbb\xbf" + AOUAD.replace("\n", "\r\n").encode("utf-8")
    bible.write_bytes(original)
    doc = Document.open(bible)
    doc.set("roof", "tags", ["rain"])
    doc.save()
    rain = b"          It starts to rain.\r\n"
    assert bible.read_bytes() == original.replace(rain, rain + b"        tags: [rain]\r\n")


def test_the_bundled_sample_is_never_written() -> None:
    sample = sample_path()
    before = sample.read_bytes()
    doc = Document.open(sample)
    assert doc.read_only
    beat = next(iter(doc.bible.beats))
    doc.set(beat, "summary", "rewritten")
    with pytest.raises(EditError, match="read-only"):
        doc.save()
    with pytest.raises(EditError, match="read-only"):
        doc.save(force=True)
    assert sample.read_bytes() == before


def test_the_sample_saved_as_a_new_show_is_edited_from_then_on(tmp_path: Path) -> None:
    sample = sample_path()
    before = sample.read_bytes()
    doc = Document.open(sample)
    beat = next(iter(doc.bible.beats))
    doc.set(beat, "summary", "rewritten")
    target = tmp_path / "my-show" / "bible.yaml"
    doc.save_as(target)
    assert not doc.read_only and doc.path == target and not doc.dirty
    assert load(target).beats[beat].summary == "rewritten"
    doc.undo()
    assert doc.save() == [target]
    assert load(target) == load(sample)
    assert sample.read_bytes() == before


def test_save_as_refuses_to_overwrite_unless_told(bible: Path, tmp_path: Path) -> None:
    doc = Document.from_texts({"bible.yaml": AOUAD})
    with pytest.raises(EditError, match="has no files yet"):
        doc.save()
    with pytest.raises(EditError, match="already exists"):
        doc.save_as(bible)
    doc.save_as(bible, overwrite=True)
    assert bible.read_text(encoding="utf-8") == AOUAD


def test_a_folder_saved_as_keeps_its_layout(tmp_path: Path) -> None:
    folder = tmp_path / "bible"
    (folder / "arcs").mkdir(parents=True)
    (folder / "main.yaml").write_text(AOUAD.split("arcs:")[0], encoding="utf-8")
    (folder / "arcs" / "s1.yaml").write_text("arcs:" + AOUAD.split("arcs:")[1], encoding="utf-8")
    doc = Document.open(folder)
    doc.save_as(tmp_path / "copy")
    assert (tmp_path / "copy" / "arcs" / "s1.yaml").read_text(encoding="utf-8").startswith("arcs:")
    assert load(tmp_path / "copy") == load(folder)


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    bible: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    doc = Document.open(bible)
    doc.set("roof", "at", "S1E10")

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save_module.os, failing, disk_full)
    with pytest.raises(SaveError) as failed:
        doc.save()
    assert str(failed.value) == (
        f"{bible}: cannot save: the disk is full; nothing was written: "
        "free some space, then save again")
    assert bible.read_text(encoding="utf-8") == AOUAD
    assert sorted(p.name for p in bible.parent.iterdir()) == ["bible.yaml"]  # nor a lock
    assert doc.dirty


def test_saving_through_a_symbolic_link_writes_its_target_and_keeps_the_link(
    bible: Path,
) -> None:
    link = bible.parent / "plan.yaml"
    link.symlink_to(bible.name)
    doc = Document.open(link)
    doc.set("roof", "at", "S1E10")
    doc.save()
    assert link.is_symlink() and link.resolve() == bible.resolve()
    assert bible.read_text(encoding="utf-8") == AOUAD.replace("at: S1E09", "at: S1E10")
    assert not doc.changed_on_disk()
