"""Crash recovery: the journals of editors that stopped without saving, replayed.

Reopening the bible finds the journals (:mod:`~story_bible.writing.journal`)
of editors that are no longer running (:func:`find`); :func:`replay`
applies their edits again through the same Document calls, so the text
comes out byte for byte as if the editor had never stopped. The journal's
first line holds the stamp of every file as it was when the journal began;
a file that changed since (a ``git pull``) is reported, so the edits are
offered with a warning that they may not all apply, never applied silently.
A journal the writer declines is set aside or discarded.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from story_bible.errors import LoadError
from story_bible.writing.document import Document, EditError
from story_bible.writing.edit_context import Edit
from story_bible.writing.journal import (
    EDITS,
    SUFFIX,
    VERSION,
    Journal,
    folder_for,
    make_folder,
    prefix,
    relative,
)
from story_bible.writing.patch import Patch
from story_bible.writing.reparse import full
from story_bible.writing.save import Stamp, changed

#: The journal's own names, for the editor that imports them from here.
__all__ = [
    "Found", "Journal", "Replayed", "discard", "find", "folder_for", "make_folder", "replay",
    "set_aside",
]


@dataclass
class Found:
    """A journal left by an editor that stopped without saving."""

    path: Path
    header: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    #: Files that changed on disk since the journal began (its edits may not apply).
    changed: list[str] = field(default_factory=list)

    @property
    def started(self) -> float:
        return float(self.header.get("started", 0))

    @property
    def edits(self) -> list[str]:
        """What each recorded call did, in words."""
        return [str(e.get("what") or e.get("op")) for e in self.entries]


def find(bible: Path, *, read_only: bool = False) -> list[Found]:
    """Journals of ``bible`` left by editors no longer running, the newest first.

    A journal with no edit in it (an editor killed before its first line was
    whole) is removed; a line cut short by the crash is left out.
    """
    bible = bible.resolve()
    folder = folder_for(bible, read_only=read_only)
    found: list[Found] = []
    try:
        paths = sorted(folder.glob(f"{prefix(bible, folder)}.*{SUFFIX}"))
    except OSError:
        return []
    for path in paths:
        journal = _read(path)
        if journal is None or journal.header.get("bible") != str(bible):
            continue
        if _running(journal.header):
            continue  # another editor has this bible open: its journal is its own
        if not journal.entries:
            with contextlib.suppress(OSError):
                path.unlink()
            continue
        journal.changed = _changed_files(bible, journal.header)
        found.append(journal)
    return sorted(found, key=lambda j: j.started, reverse=True)


def _read(path: Path) -> Found | None:
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        return None
    try:
        header = json.loads(lines[0])
    except (ValueError, IndexError):
        return None
    if not isinstance(header, dict) or header.get("arcroom-journal") != VERSION:
        return None
    entries = []
    for line in lines[1:]:
        try:
            entry = json.loads(line)
        except ValueError:
            break  # the last line, cut short by the crash: that edit was never shown
        if isinstance(entry, dict):
            entries.append(entry)
    return Found(path, header, entries)


def _running(header: dict[str, Any]) -> bool:
    if header.get("host") != socket.gethostname():
        return False
    pid = header.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A live process with that id: an editor, unless the id was used again since.
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True
    return b"arcroom" in command or b"tui" in command


def _changed_files(bible: Path, header: dict[str, Any]) -> list[str]:
    stamps = header.get("files") or {}
    base = bible if bible.is_dir() else bible.parent
    out = []
    for rel, stamp in stamps.items():
        path = base / rel if bible.is_dir() else bible
        try:
            known = Stamp(*stamp)
        except TypeError:
            known = None
        if changed(path, known):
            out.append(rel)
    return out


class Replayed:
    """What :func:`replay` did: how many lines applied, and why the others did not."""

    def __init__(self) -> None:
        self.applied = 0
        self.failed: list[str] = []


def replay(document: Document, journal: Found, record: Journal | None = None) -> Replayed:
    """Apply the journal's edits to ``document`` through its own calls, in order.

    ``record`` (the open editor's journal) records each one again, so the
    restored work is as safe as new work. A line that no longer applies (the
    file changed meanwhile) is skipped and said why; the others go on.
    """
    result = Replayed()
    bible = Path(str(journal.header.get("bible", "")))
    names = {rel: name for name, rel in relative(document, bible).items()}
    for entry in journal.entries:
        op = entry.get("op")
        what = str(entry.get("what") or op)
        before = dict(document.texts)
        try:
            if op in EDITS:
                args, kwargs = list(entry.get("args") or []), dict(entry.get("kwargs") or {})
                getattr(document, str(op))(*args, **kwargs)
                if record is not None:
                    record.edited(str(op), args, kwargs, what)
            elif op == "undo":
                if not document.undo():
                    raise EditError("nothing to undo")
                if record is not None:
                    record.undone(before, what)
            elif op == "redo":
                if not document.redo():
                    raise EditError("nothing to redo")
                if record is not None:
                    record.redone(before, what)
            elif op == "texts":
                texts = {names.get(rel, rel): text for rel, text in entry["texts"].items()}
                _replace(document, texts, what)
                if record is not None:
                    record.edited_texts(before, what)
            else:
                raise EditError(f"unknown line {op!r}")
        except (EditError, LoadError, KeyError, TypeError, ValueError) as exc:
            result.failed.append(f"{what}: {exc}")
            continue
        result.applied += 1
    return result


def _replace(document: Document, texts: dict[str, str], what: str) -> None:
    """Give files of ``document`` these whole texts, as one undoable change."""
    unknown = [n for n in texts if n not in document.texts]
    if unknown:
        raise EditError(f"the bible has no file {unknown[0]}")
    patches = {n: [Patch(0, len(document.texts[n]), t)] for n, t in texts.items()
               if document.texts[n] != t}
    if not patches:
        return
    expected = full({**document.texts, **texts}).bible
    # Document has no public call for "these whole texts"; _record is the path every
    # edit takes (re-read, compare with the intended model, push on the undo stack).
    document._record(what, [Edit(what, patches, expected, whole=True)])


def set_aside(journal: Found) -> Path:
    """Keep a journal out of the way (never offered again): ``NAME.kept-<time>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = journal.path.with_name(f"{journal.path.name}.kept-{stamp}")
    journal.path.rename(target)
    return target


def discard(journal: Found) -> None:
    with contextlib.suppress(FileNotFoundError):
        journal.path.unlink()
