"""A big bible's reading and first check, kept for the next time the editor opens it.

Reading a 20,000-beat bible is most of the editor's opening (0.7 s of about
1.5 s) and it gives the same model every time the texts are the same. So once
a big bible has been read and checked (in the child of ``arcs.check_aside``,
after it has answered: the writer waits for none of this), its reading and
diagnostics are pickled to the user's cache folder; the next opening of the
same texts unpickles them instead (0.1-0.2 s).

What makes it safe to rely on:

- An entry is only used for exactly the texts it was made from: they are
  stored in it, and compared whole with the files just read (a memory
  compare, a millisecond for 4.4 MB). Any change to a file, however small,
  makes the reading afresh.
- It is only used by the same arcroom code: the key holds arcroom's version
  and the size and time of every module of ``story_bible`` and ``arcs``, so
  an upgrade or an edit of the code never unpickles an older model.
- A pickle runs code when loaded, so only the user's own cache is read: the
  folder and the entry must belong to this user and be writable by no one
  else. Anything wrong with an entry (damaged, truncated, unreadable) is
  read as no entry.
- Entries are written whole or not at all (a temporary file, then
  ``os.replace``); the folder keeps the :data:`KEEP` newest.

Where: ``$ARCROOM_CACHE_DIR`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/arcroom``, else ``~/.cache/arcroom``. It is never in the
bible's repository.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from arcs.diagnostics import Diagnostic
from arcs.version import VERSION
from story_bible.writing.document import Document, Reading

#: How many bibles the cache keeps (each is a few times its text: ~11 MB at 20,000 beats).
KEEP = 8
#: A temporary file older than this was left by a writer that died; it is removed.
STALE_SECONDS = 3600.0
_FORMAT = "arcroom opening 1"


def folder() -> Path | None:
    """Where the cache is kept, or None when it is turned off."""
    chosen = os.environ.get("ARCROOM_CACHE_DIR")
    if chosen is not None:
        return None if chosen in ("", "off") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home to find
            return None
    return Path(base) / "arcroom"


def recall(path: Path, texts: dict[str, str]) -> tuple[Reading, list[Diagnostic]] | None:
    """The reading and diagnostics kept for ``path`` when it had exactly ``texts``."""
    entry = _entry(path, make=False)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as file:
            if not _owned(os.fstat(file.fileno())):
                return None
            unpickler = pickle.Unpickler(file)
            if unpickler.load() != (_FORMAT, _code(), texts):
                return None
            reading, diagnostics = unpickler.load()
    except Exception:  # no entry, or a damaged one (which can fail to unpickle in any way)
        return None
    if not isinstance(reading, Reading) or not isinstance(diagnostics, list):
        return None
    return reading, diagnostics


def keeping(document: Document) -> Callable[[list[Diagnostic]], None]:
    """What keeps ``document``'s reading once its first check is made (:func:`remember`),
    for a child process to call: the code is identified now, in this process, as it was
    loaded (a module changed on disk meanwhile must not give the old model its key)."""
    _code()
    return partial(remember, document)


def remember(document: Document, diagnostics: list[Diagnostic]) -> None:
    """Keep ``document``'s reading, unedited, and its whole check's ``diagnostics``."""
    if document.path is None or document.dirty or document.can_undo:
        return
    entry = _entry(document.path, make=True)
    if entry is None:
        return
    texts = dict(document.texts)
    handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            pickler = pickle.Pickler(file, pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = _DISPATCH
            # One pickler for both: the model's texts are the header's, written once.
            pickler.dump((_FORMAT, _code(), texts))
            pickler.dump((document.reading(), diagnostics))
        os.replace(temporary, entry)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _prune(entry.parent)


def _entry(path: Path, *, make: bool) -> Path | None:
    """The entry for the bible at ``path`` in a folder only this user can write."""
    where = folder()
    if where is None:
        return None
    try:
        if make:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _owned(os.stat(where)):
            return None
    except OSError:
        return None
    name = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:32]
    return where / f"{name}.pickle"


def _owned(status: os.stat_result) -> bool:
    """Whether a file or folder is this user's and writable by no one else."""
    mine = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return mine and not status.st_mode & 0o022


def _prune(where: Path) -> None:
    """Keep the :data:`KEEP` newest entries, and no temporary file a dead writer left."""
    now = time.time()
    entries: list[tuple[float, Path]] = []
    for found in where.iterdir():
        with contextlib.suppress(OSError):
            if found.suffix == ".pickle":
                entries.append((found.stat().st_mtime, found))
            elif found.suffix == ".part" and now - found.stat().st_mtime > STALE_SECONDS:
                found.unlink()
    for _, old in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


@cache
def _code() -> str:
    """What identifies the code that pickles and unpickles: arcroom's version, Python's,
    and every module of the model and the rules (their sizes and times)."""
    import arcs
    import story_bible

    digest = hashlib.sha256(f"{VERSION} {sys.version}".encode())
    for package in (story_bible, arcs):
        root = Path(package.__file__ or "").parent
        for module in sorted(root.rglob("*.py")):
            status = module.stat()
            digest.update(f"{module.relative_to(root)} {status.st_size} "
                          f"{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _mapping_proxy(entries: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(entries)


# The model's read-only views are pickled as the dicts they show.
_DISPATCH = dict(copyreg.dispatch_table)
_DISPATCH[MappingProxyType] = lambda proxy: (_mapping_proxy, (dict(proxy),))
