"""The recovery journal: what is written, what is found, and that replaying gives the same bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from story_bible.writing.document import Document
from story_bible.writing.journal import Journal, folder_for
from story_bible.writing.recovery import Found, find, replay
from tests.support import poll_until

HYOSAN = Path(__file__).resolve().parents[1] / "tui" / "bibles" / "hyosan.yaml"


@pytest.fixture
def bible(tmp_path: Path) -> Path:
    path = tmp_path / "bible.yaml"
    shutil.copyfile(HYOSAN, path)
    return path


def _edit(doc: Document, journal: Journal, op: str, *args: object, **kwargs: object) -> None:
    """What the editor does: the Document call, then the journal line."""
    getattr(doc, op)(*args, **kwargs)
    journal.edited(op, list(args), dict(kwargs), doc.history[-1])


def _undo(doc: Document, journal: Journal, redo: bool = False) -> None:
    before = dict(doc.texts)
    assert (doc.redo if redo else doc.undo)()
    (journal.redone if redo else journal.undone)(before)


def _restored(bible: Path) -> Document:
    """Open the bible again and replay the journal it has, as the editor's Restore does."""
    found = find(bible)
    assert len(found) == 1
    doc = Document.open(bible)
    result = replay(doc, found[0])
    assert result.failed == []
    return doc


def test_every_kind_of_edit_replays_to_the_same_bytes(bible: Path) -> None:
    doc = Document.open(bible)
    journal = Journal(doc, bible)
    assert not journal.path.exists(), "nothing is written before the first edit"
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E08")
    _edit(doc, journal, "add", "character", "su-hyeok", {"name": "Lee Su-hyeok (이수혁)"})
    _edit(doc, journal, "rename", "outbreak", "first-bite")
    _edit(doc, journal, "move_beat", "first-bite", at="S1E02")
    _edit(doc, journal, "remove", "su-hyeok")
    _undo(doc, journal)
    _undo(doc, journal)
    _undo(doc, journal, redo=True)
    _edit(doc, journal, "set", "series", "title", "Hyosan: the plan")
    assert journal.path.exists()
    # The editor is killed here: the journal is all there is.
    assert _restored(bible).texts == doc.texts
    assert bible.read_bytes() == HYOSAN.read_bytes()


def test_an_undo_past_the_last_save_is_kept_as_whole_texts(bible: Path) -> None:
    doc = Document.open(bible)
    journal = Journal(doc, bible)
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E08")
    doc.save()
    journal.rebase()
    assert not journal.path.exists(), "a save ends the journal"
    _undo(doc, journal)  # undoes a change the journal never saw
    _edit(doc, journal, "set", "S1", "title", "The first season")
    _undo(doc, journal)
    _undo(doc, journal, redo=True)
    lines = [json.loads(line) for line in journal.path.read_text("utf-8").splitlines()[1:]]
    assert [line["op"] for line in lines] == ["texts", "set", "undo", "redo"]
    assert _restored(bible).texts == doc.texts


def test_a_line_cut_short_by_the_crash_is_left_out(bible: Path) -> None:
    doc = Document.open(bible)
    journal = Journal(doc, bible)
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E08")
    whole = dict(doc.texts)
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E09")
    data = journal.path.read_bytes()
    journal.path.write_bytes(data[: len(data) - 10])
    assert _restored(bible).texts == whole


def test_a_file_changed_since_is_reported_and_an_edit_that_no_longer_applies_is_skipped(
    bible: Path,
) -> None:
    doc = Document.open(bible)
    journal = Journal(doc, bible)
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E08")
    _edit(doc, journal, "set", "outbreak", "summary", "It begins")
    text = bible.read_text("utf-8")
    bible.write_text(text.replace("  nam-ra-bitten:", "  nam-ra-is-bitten:")
                     .replace("[nam-ra-bitten]", "[nam-ra-is-bitten]"), "utf-8")
    found = find(bible)
    assert found[0].changed == ["bible.yaml"]
    fresh = Document.open(bible)
    result = replay(fresh, found[0])
    assert result.applied == 1 and len(result.failed) == 1
    assert "nam-ra-bitten" in result.failed[0]
    assert fresh.bible.beats["outbreak"].summary == "It begins"


def test_the_journal_folder_is_beside_the_bible_and_ignored_by_git(bible: Path) -> None:
    doc = Document.open(bible)
    journal = Journal(doc, bible)
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E08")
    assert journal.path.parent == bible.parent / ".arcroom" / "recovery"
    assert (bible.parent / ".arcroom" / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=bible.parent, check=True)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                                cwd=bible.parent, capture_output=True, text=True, check=True)
        assert ".arcroom" not in status.stdout


def test_the_journal_of_a_running_editor_is_not_offered(bible: Path) -> None:
    doc = Document.open(bible)
    journal = Journal(doc, bible)
    _edit(doc, journal, "set", "nam-ra-bitten", "at", "S1E08")
    # Another arcroom, still running (until the kill below), wrote this one.
    other = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()", "arcroom"])
    try:
        # Until its exec is done, a new process shows no command line.
        poll_until(lambda: Path(f"/proc/{other.pid}/cmdline").read_bytes(), 10,
                   "the other arcroom to start")
        lines = journal.path.read_text("utf-8").splitlines()
        header = json.loads(lines[0]) | {"pid": other.pid}
        theirs = journal.path.with_name(f"bible.yaml.{other.pid}-1.journal")
        theirs.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", "utf-8")
        assert [f.path for f in find(bible)] == [journal.path]
    finally:
        other.kill()
        other.wait()
    assert {f.path for f in find(bible)} == {journal.path, theirs}


def test_the_read_only_sample_keeps_its_journal_in_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from story_bible.reading.loader import sample_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    doc = Document.open(sample_path())
    assert doc.read_only
    journal = Journal(doc, sample_path())
    _edit(doc, journal, "set", "series", "title", "Our show")
    assert journal.path.parent == tmp_path / "cache" / "arcroom" / "recovery"
    assert folder_for(sample_path(), read_only=True) == journal.path.parent
    found = find(sample_path(), read_only=True)
    assert [f.path for f in found] == [journal.path]
    assert isinstance(found[0], Found) and found[0].edits == ["set series.title to Our show"]
