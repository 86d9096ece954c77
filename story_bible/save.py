"""Writing bible files safely, and noticing when they changed underneath.

:func:`write_atomic` never leaves a partial file: it writes a temporary file
in the same folder, flushes and fsyncs it, gives it the old file's mode,
renames it over the old file (atomic on POSIX and Windows) and fsyncs the
folder, so a crash at any moment leaves either the old or the new content.
A :class:`Stamp` (size, mtime, SHA-256) taken when a file is read lets a
save refuse to overwrite a file that someone else changed since.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple


class ChangedOnDisk(Exception):
    """The save was refused: these files changed on disk since they were loaded."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(str(p) for p in paths)
        super().__init__(f"changed on disk since it was loaded: {names}; reload, or save anyway")


class Stamp(NamedTuple):
    """What a file was when it was read or written."""

    size: int
    mtime_ns: int
    sha256: str


def read_stamped(path: Path) -> tuple[bytes, Stamp]:
    """A file's bytes and their stamp, read consistently (retried if it changes meanwhile)."""
    for _ in range(5):
        before = path.stat()
        data = path.read_bytes()
        after = path.stat()
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            return data, Stamp(len(data), after.st_mtime_ns, _digest(data))
    return data, Stamp(len(data), after.st_mtime_ns, _digest(data))


def changed(path: Path, known: Stamp | None) -> bool:
    """Whether ``path`` is no longer what ``known`` recorded (missing counts as changed)."""
    try:
        now = path.stat()
    except FileNotFoundError:
        return known is not None
    if known is None:
        return True
    if now.st_size != known.size:
        return True
    # Same size: the content decides (an editor may have rewritten it, or touched it).
    return _digest(path.read_bytes()) != known.sha256


def write_atomic(path: Path, data: bytes) -> Stamp:
    """Replace ``path``'s content with ``data`` atomically; returns the new stamp.

    A symbolic link is followed: its target is replaced and the link stays a link
    (a room may link ``bible.yaml`` to the file in another checkout).
    """
    path = path.resolve() if path.is_symlink() else path
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_folder(folder)
    return Stamp(len(data), path.stat().st_mtime_ns, _digest(data))


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms that cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that refuse it
        pass
    finally:
        os.close(fd)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
