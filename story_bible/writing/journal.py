"""The recovery journal's file: every unsaved edit of an open bible, written before it is shown.

Like Vim's swap file, but at the level of the edit API: each call the editor
makes on a :class:`story_bible.writing.document.Document` (``set``, ``add``, ``remove``,
``rename``, ``move_beat``, ``set_fields``, ``undo``, ``redo``) is appended by
:class:`Journal` as one JSON line and fsynced before the editor shows its
result, so a crash, a ``kill -9`` or a power cut loses nothing the writer
saw. A save (or a reload, or quitting without saving) ends the journal: its
file is deleted. Finding and replaying the journals of stopped editors is
:mod:`~story_bible.writing.recovery`'s.

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
from pathlib import Path
from typing import Any

from story_bible.writing.document import Document
from story_bible.writing.save import Stamp, read_stamped

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


def prefix(bible: Path, folder: Path) -> str:
    """The start of the names of ``bible``'s journals in ``folder``."""
    bible = bible.resolve()
    if folder.parent.parent == bible.parent:
        return bible.name
    # The shared cache folder: the path's hash keeps two bible.yaml apart.
    digest = hashlib.sha256(str(bible).encode()).hexdigest()[:10]
    return f"{bible.name}-{digest}"


def relative(document: Document, bible: Path) -> dict[str, str]:
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
        self.path = self.folder / f"{prefix(bible, self.folder)}.{unique}{SUFFIX}"
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
        for name, rel in relative(self.document, self.bible).items():
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
        names = relative(self.document, self.bible)
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
