"""The recovery journal: every unsaved edit of an open bible, on disk before it is shown.

Like Vim's swap file, but at the level of the edit API: each call the editor
makes on a :class:`story_bible.writing.document.Document` (``set``, ``add``, ``remove``,
``rename``, ``move_beat``, ``set_fields``, ``undo``, ``redo``) is appended to the journal as
one JSON line and fsynced before the editor shows its result, so a crash, a
``kill -9`` or a power cut loses nothing the writer saw. A save (or a reload,
or quitting without saving) ends the journal: its file is deleted.

Reopening the bible finds the journals of editors that are no longer running
(:func:`find`); :func:`replay` applies their edits again through the same
Document calls, so the text comes out byte for byte as if the editor had never
stopped. The journal's first line holds the stamp of every file as it was when
the journal began; a file that changed since (a ``git pull``) is reported, so
the edits are offered with a warning that they may not all apply, never
applied silently.

Where: ``.arcroom/recovery/`` beside the bible (the ``.arcroom`` folder holds a
``.gitignore`` of ``*``, so git never sees it), or, for the read-only sample
or a folder arcroom cannot write, ``$XDG_CACHE_HOME/arcroom/recovery/``. Each
running editor writes its own file, named with its process id and start time,
so two editors of one bible never share one.

The format, one JSON object per line::

    {"arcroom-journal": 1, "bible": "/abs/bible.yaml", "pid": 4242, "host": "...",
     "started": 1765000000.0, "files": {"bible.yaml": [size, mtime_ns, sha256]}}
    {"op": "set", "args": ["nam-ra-bitten", "at", "S1E08"], "kwargs": {}, "what": "..."}
    {"op": "undo", "what": "..."}
    {"op": "texts", "texts": {"bible.yaml": "..."}, "what": "..."}

``texts`` is written when an undo or redo reaches past the journal's start (a
change saved before it, which no call in the journal can undo): the whole text
of the files it changed, replayed as one change.
"""

from __future__ import annotations

import contextlib
import hashlib
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
from story_bible.writing.patch import Patch
from story_bible.writing.reparse import full
from story_bible.writing.save import Stamp, changed, read_stamped

VERSION = 1
#: The Document calls the journal records and replays.
EDITS = ("set", "add", "remove", "rename", "move_beat", "set_fields")
SUFFIX = ".journal"


# -- where journals live -----------------------------------------------------------


def folder_for(bible: Path, *, read_only: bool = False) -> Path:
    """The folder of ``bible``'s journals (not made here: see :func:`make_folder`).

    ``.arcroom/recovery`` beside the bible, unless the bible is read-only (the
    bundled sample) or its folder cannot be written: then the user's cache.
    """
    bible = bible.resolve()
    beside = bible.parent / ".arcroom"
    if not read_only and (os.access(beside, os.W_OK) if beside.exists()
                          else os.access(bible.parent, os.W_OK)):
        return beside / "recovery"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "arcroom" / "recovery"


def make_folder(folder: Path) -> None:
    """Make a journal folder; a ``.arcroom`` one gets a ``.gitignore`` of ``*``."""
    folder.mkdir(parents=True, exist_ok=True)
    if folder.parent.name == ".arcroom":
        ignore = folder.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# arcroom's recovery journals and crash logs\n*\n", "utf-8")


def _prefix(bible: Path, folder: Path) -> str:
    """The start of the names of ``bible``'s journals in ``folder``."""
    bible = bible.resolve()
    if folder.parent.parent == bible.parent:
        return bible.name
    # The shared cache folder: the path's hash keeps two bible.yaml apart.
    digest = hashlib.sha256(str(bible).encode()).hexdigest()[:10]
    return f"{bible.name}-{digest}"


def _relative(document: Document, bible: Path) -> dict[str, str]:
    """Each file's name in the document -> its name relative to the bible (stable across cwd)."""
    if bible.is_dir():
        return {name: Path(name).resolve().relative_to(bible.resolve()).as_posix()
                for name in document.texts}
    return {name: Path(name).name for name in document.texts}


# -- writing -----------------------------------------------------------------------


class Journal:
    """The journal of one open document: appended and fsynced edit by edit.

    Nothing is written until the first edit; :meth:`rebase` (after a save or a
    reload) and :meth:`close` delete the file. Writing may fail (a full disk):
    the error is raised to the caller, which tells the writer and goes on.
    """

    def __init__(self, document: Document, bible: Path, *, folder: Path | None = None) -> None:
        self.document = document
        self.bible = bible.resolve()
        self.folder = folder or folder_for(bible, read_only=document.read_only)
        # The process id and the time: never the name of an older journal (a container
        # may give every arcroom the same process id).
        unique = f"{os.getpid()}-{time.time_ns() // 1_000_000}"
        self.path = self.folder / f"{_prefix(bible, self.folder)}.{unique}{SUFFIX}"
        self._fd: int | None = None
        self._stamps: dict[str, Stamp] = {}
        #: How many changes on top of the undo (redo) stack an "undo" ("redo") line can
        #: replay: those made, or undone, since the journal began.
        self._undoable = 0
        self._redoable = 0
        self.rebase()

    def rebase(self) -> None:
        """Start again from the files as they are now (after a save or a reload)."""
        self._close_file(delete=True)
        self._undoable = self._redoable = 0
        self._stamps = {}
        for name, rel in _relative(self.document, self.bible).items():
            with contextlib.suppress(OSError):
                self._stamps[rel] = read_stamped(Path(name))[1]

    def edited(self, op: str, args: list[Any] | tuple[Any, ...], kwargs: dict[str, Any],
               what: str = "") -> None:
        """Record a Document call that changed the bible (call it before showing the change)."""
        if op not in EDITS:
            raise ValueError(f"the journal does not know {op!r}")
        self._write({"op": op, "args": list(args), "kwargs": kwargs, "what": what})
        self._undoable += 1
        self._redoable = 0

    def undone(self, before: dict[str, str], what: str = "") -> None:
        """Record an undo; ``before`` is the texts before it (for one past the start)."""
        if self._undoable:
            self._write({"op": "undo", "what": what})
            self._undoable -= 1
            self._redoable += 1
        else:
            self._snapshot(before, what)

    def redone(self, before: dict[str, str], what: str = "") -> None:
        """Record a redo; ``before`` is the texts before it."""
        if self._redoable:
            self._write({"op": "redo", "what": what})
            self._redoable -= 1
            self._undoable += 1
        else:
            self._snapshot(before, what)

    def edited_texts(self, before: dict[str, str], what: str = "") -> None:
        """Record a change of whole texts made by :func:`replay` (an undoable change)."""
        self._write({"op": "texts", "texts": self._changed_texts(before), "what": what})
        self._undoable += 1
        self._redoable = 0

    def _changed_texts(self, before: dict[str, str]) -> dict[str, str]:
        names = _relative(self.document, self.bible)
        return {names[n]: t for n, t in self.document.texts.items() if before.get(n) != t}

    def _snapshot(self, before: dict[str, str], what: str) -> None:
        # Undo or redo of a change the journal never saw: record what it did instead.
        # The stacks no longer match a replay's from here, so every later undo or
        # redo that reaches this far is recorded the same way.
        self._write({"op": "texts", "texts": self._changed_texts(before), "what": what})
        self._undoable = self._redoable = 0

    def close(self, *, delete: bool = True) -> None:
        """Stop writing; ``delete`` (the default) removes the file: nothing is left to recover."""
        self._close_file(delete=delete)

    @property
    def written(self) -> bool:
        """Whether the journal has a file (an edit was recorded since the last save)."""
        return self._fd is not None

    def _write(self, entry: dict[str, Any]) -> None:
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        if self._fd is None:
            self._open()
        assert self._fd is not None
        os.write(self._fd, line)
        os.fsync(self._fd)

    def _open(self) -> None:
        header = {
            "arcroom-journal": VERSION, "bible": str(self.bible), "pid": os.getpid(),
            "host": socket.gethostname(), "started": time.time(),
            "files": {rel: list(stamp) for rel, stamp in self._stamps.items()},
        }
        make_folder(self.folder)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.write(fd, (json.dumps(header, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(fd)
        _fsync_folder(self.folder)  # the new file's name is durable too
        self._fd = fd

    def _close_file(self, *, delete: bool) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if delete:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms that cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# -- finding and replaying ---------------------------------------------------------


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
        paths = sorted(folder.glob(f"{_prefix(bible, folder)}.*{SUFFIX}"))
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
    names = {rel: name for name, rel in _relative(document, bible).items()}
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
