"""The editor's cache of big bibles (``arcs.opening_cache``): what it gives back is what
reading the same texts gives, and it gives nothing for any other texts, code or owner."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from plans import plan
from test_check_aside import troubled_text

import arcs.opening_cache as opening_cache
from arcs.diagnostics import Diagnostic
from arcs.incremental import Checker
from story_bible.writing.document import Document, Reading
from tests.story_bible.test_edits_support import assert_adopted, assert_sound, tree


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("ARCROOM_CACHE_DIR", str(where))
    return where


@pytest.fixture
def bible(tmp_path: Path) -> Path:
    path = tmp_path / "bible.yaml"
    path.write_text(troubled_text(), encoding="utf-8")
    return path


def kept(path: Path) -> tuple[Document, list[Diagnostic]]:
    """Open ``path`` as the editor does, check it, and keep both."""
    document = Document.open(path, later=True)
    diagnostics = Checker(document.bible).diagnostics
    opening_cache.remember(document, diagnostics)
    return document, diagnostics


def reopened(path: Path) -> tuple[Document, list[Diagnostic] | None]:
    """Open ``path`` through the cache; the diagnostics kept, if it was read from it."""
    found: list[tuple[Reading, list[Diagnostic]]] = []

    def known(texts: dict[str, str]) -> Reading | None:
        recalled = opening_cache.recall(path, texts)
        found.extend([recalled] if recalled else [])
        return recalled[0] if recalled else None

    document = Document.open(path, later=True, known=known)
    if found and document.bible is found[0][0].bible:
        return document, found[0][1]
    return document, None


def test_a_bible_kept_opens_from_the_cache_as_a_reading_of_its_text_would(
        cache: Path, bible: Path) -> None:
    first, diagnostics = kept(bible)
    assert len({d.code for d in diagnostics}) == 3
    document, recalled = reopened(bible)
    assert recalled == diagnostics
    assert document.bible == first.bible
    assert Checker(document.bible).diagnostics == diagnostics
    assert not document.filled  # as the quick reading left it: the editor fills it later
    document.fill()
    eager = Document.open(bible)
    for file, root in eager._roots.items():
        assert tree(document._roots[file]) == tree(root)
    assert_adopted(document)
    # The same edits make the same bytes, and undoing them gives the file back.
    for doc in (document, eager):
        doc.set("b7", "summary", "The roof, in the rain.")
        doc.set("S1", "title", "Hyosan")
    assert document.texts == eager.texts
    assert_sound(document)
    while document.undo():
        pass
    assert document.texts[str(bible)] == bible.read_text(encoding="utf-8")


def test_a_change_to_the_file_however_small_is_read_afresh(cache: Path, bible: Path) -> None:
    kept(bible)
    text = bible.read_text(encoding="utf-8")
    bible.write_text(text.replace("title:", "title: ", 1), encoding="utf-8")
    document, recalled = reopened(bible)
    assert recalled is None
    assert_sound(document)
    assert document.texts[str(bible)] != text


def test_an_entry_of_other_code_damaged_or_not_the_users_is_not_read(
        cache: Path, bible: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept(bible)
    (entry,) = cache.glob("*.pickle")
    whole = entry.read_bytes()
    assert reopened(bible)[1] is not None
    # Other code: an upgrade, or an edit of a module of the model or the rules.
    monkeypatch.setattr(opening_cache, "_code", lambda: "other")
    assert reopened(bible)[1] is None
    monkeypatch.undo()
    monkeypatch.setenv("ARCROOM_CACHE_DIR", str(cache))
    # Damaged: cut short, or garbage after a sound header.
    for damaged in (whole[: len(whole) // 2], whole[:200] + b"\x00" * 300):
        entry.write_bytes(damaged)
        document, recalled = reopened(bible)
        assert recalled is None
        assert_sound(document)
    # Writable by others (a pickle runs code when read): neither the entry nor the folder.
    entry.write_bytes(whole)
    entry.chmod(0o666)
    assert reopened(bible)[1] is None
    entry.chmod(0o600)
    cache.chmod(0o777)
    assert reopened(bible)[1] is None
    cache.chmod(0o700)
    assert reopened(bible)[1] is not None


def test_nothing_is_kept_when_the_cache_is_off_or_the_bible_edited(
        cache: Path, bible: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCROOM_CACHE_DIR", "off")
    kept(bible)
    assert not cache.exists()
    monkeypatch.setenv("ARCROOM_CACHE_DIR", str(cache))
    document = Document.open(bible, later=True)
    document.set("S1", "title", "Hyosan")
    opening_cache.remember(document, [])
    assert not list(cache.glob("*"))


def test_the_folder_keeps_the_newest_entries_and_is_the_users_alone(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opening_cache, "KEEP", 2)
    paths = []
    for n in range(3):
        path = tmp_path / f"show{n}.yaml"
        path.write_text(plan(1, beats=20, episodes=2), encoding="utf-8")
        paths.append(path)
        kept(path)
        entry = opening_cache._entry(path, make=False)
        assert entry is not None
        os.utime(entry, (n, n))  # oldest first, whatever the clock's resolution
    assert oct(cache.stat().st_mode & 0o777) == oct(0o700)
    assert [reopened(p)[1] is not None for p in paths] == [False, True, True]
    assert not list(cache.glob(".*.part"))


def test_the_models_texts_are_the_headers_written_once(cache: Path, bible: Path) -> None:
    """The texts compared at the opening and the model's are one string in the entry (a
    4.4 MB text at 20,000 beats is not written twice)."""
    kept(bible)
    (entry,) = cache.glob("*.pickle")
    with entry.open("rb") as file:
        unpickler = pickle.Unpickler(file)
        _, _, texts = unpickler.load()
        reading, _ = unpickler.load()
    assert reading.bible.texts[str(bible)] is texts[str(bible)]


def test_the_code_is_identified_as_loaded_not_as_on_disk_when_the_child_writes(
        cache: Path, bible: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child writes a second or so after the editor started: arcroom changed on disk
    meanwhile (an upgrade, an edit of a module) must not give the loaded code's model the
    new code's key."""
    opening_cache._code.cache_clear()
    document = Document.open(bible, later=True)
    keep = opening_cache.keeping(document)  # in the editor, before the fork
    monkeypatch.setattr(opening_cache, "VERSION", "the next version, installed meanwhile")
    keep(Checker(document.bible).diagnostics)  # in the child
    opening_cache._code.cache_clear()  # a new editor, with the new code
    assert reopened(bible)[1] is None
    monkeypatch.undo()
    monkeypatch.setenv("ARCROOM_CACHE_DIR", str(cache))
    opening_cache._code.cache_clear()
    assert reopened(bible)[1] is not None
