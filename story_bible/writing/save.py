"""Writing bible files safely, and noticing when they changed underneath.

:func:`save_files` is the one way a bible is written. It holds the bible's
lock (:func:`locked`: ``fcntl.flock`` on ``.<name>.lock`` beside the bible
file or folder, removed when the save ends) around the whole of a save, so
two saves of one bible (two ``arcroom set``, the editor and a script) never
interleave:

1. each file must still be what the caller read (its :class:`Stamp`: size,
   SHA-256), or :class:`ChangedOnDisk` is raised and nothing is written;
2. temporary files a killed save left (``.<name>.XXXXXXXX.tmp`` older than
   this lock) are removed;
3. every file's new content goes to a temporary file in its folder, with the
   old file's mode, owner and group, flushed and fsynced;
4. only then is each put in place: renamed over the old file (atomic), and
   the folder fsynced. A crash at any moment leaves the old or the new file.

A file that cannot be replaced as it was is written in place instead, after
its temporary copy is complete: a file with other hard links (a rename would
detach this name from them) or one whose owner or group this user cannot give
a new file (another user's file, group-writable for the room). That is what
vim does in these cases; the price is that a crash during that copy can leave
the file half-written, where the rename never does.

A save that cannot be made raises :class:`SaveError` (an ``OSError``): a
read-only file (no write bit, as after ``chmod 444``), one this user may not
write, a full disk, a read-only file system. Its message is one line: the
file, what went wrong, and what to do. The files are then as they were, and
no temporary file is left.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

if sys.platform != "win32":
    import fcntl

#: How long a save waits for another save of the same bible (which takes milliseconds).
LOCK_TIMEOUT = 10.0


class ChangedOnDisk(Exception):
    """The save was refused: these files changed on disk since they were loaded."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(str(p) for p in paths)
        super().__init__(f"changed on disk since it was loaded: {names}; reload, or save anyway")


class SaveError(OSError):
    """A save that could not be made; ``str()`` is one line: the file, why, what to do."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


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


# -- the lock --------------------------------------------------------------------------


def lock_path(bible: Path) -> Path:
    """The lock file of a bible file or folder: ``.<name>.lock`` beside it.

    The path is resolved first, so two names of one bible (a symbolic link)
    share one lock.
    """
    target = bible.resolve()
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def locked(bible: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[int]:
    """Hold ``bible``'s save lock; yields when it was taken (``time.time_ns()``).

    Raises :class:`SaveError` if another save holds it for ``timeout``
    seconds, or the lock file cannot be made (a read-only folder). The lock
    file is removed when the lock is let go, so a show's folder keeps no trace
    of it; a lock taken on a file its holder removed meanwhile is taken again
    on the file that is there now. The kernel lets go of a killed holder's
    lock, so there is never a stale lock to clear by hand.
    """
    path = lock_path(bible)
    if sys.platform == "win32":  # pragma: no cover - no flock: saves there are not locked
        yield time.time_ns()
        return
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise _failed(exc, bible, written=False) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise SaveError(
                    bible, f"another save of this bible has held its lock ({path.name}) for "
                    f"{timeout:g} s; nothing was written: save again when it is done"
                ) from None
            time.sleep(pause)  # the holder needs milliseconds: poll, backing off a little
            pause = min(pause * 2, 0.05)
            continue
        if _same_file(fd, path):
            break
        os.close(fd)
    try:
        yield time.time_ns()
    finally:
        # Removed before it is let go: a waiter that then gets this lock sees the
        # file gone and locks the next one, so no two holders ever overlap.
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


# -- saving ----------------------------------------------------------------------------


def save_files(
    bible: Path,
    files: Mapping[Path, bytes],
    known: Mapping[Path, Stamp | None] | None = None,
    *,
    timeout: float = LOCK_TIMEOUT,
) -> dict[Path, Stamp]:
    """Write ``files`` (path: new content) of ``bible`` as one save; returns their new stamps.

    ``known`` is what each file was when it was read (``None`` for a file
    that did not exist); with ``known=None`` the files are written whatever
    they are now (the writer chose to overwrite). Raises
    :class:`ChangedOnDisk` or :class:`SaveError`; either way nothing was
    written.
    """
    targets = {path: _target(path) for path in files}
    for path in targets.values():
        _refuse_unwritable(path)
    with locked(bible, timeout=timeout) as since:
        if known is not None:
            moved = [path for path in files if changed(path, known.get(path))]
            if moved:
                raise ChangedOnDisk(moved)
        _clean_stale(targets.values(), since)
        return _write_all({targets[path]: data for path, data in files.items()}, targets)


def write_atomic(path: Path, data: bytes) -> Stamp:
    """Replace ``path``'s content with ``data`` as a save does (locked); returns the new stamp."""
    return save_files(path, {path: data})[path]


def _target(path: Path) -> Path:
    # A symbolic link is followed: its target is replaced and the link stays a link
    # (a room may link ``bible.yaml`` to the file in another checkout).
    return path.resolve() if path.is_symlink() else path


def _refuse_unwritable(path: Path) -> None:
    """Raise :class:`SaveError` for a file that exists but is not to be written."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _failed(exc, path, written=False) from None
    if not mode & 0o222:
        # Root could replace it anyway; a file nobody may write says "leave me".
        raise SaveError(path, f"the file is read-only ({stat.filemode(mode)[1:]}); nothing was "
                        f"written: `chmod u+w {path}` to allow saves, or save it as another file")
    if not os.access(path, os.W_OK):
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            code = errno.EROFS
        else:  # root is refused only by an immutable file
            code = errno.EPERM if os.geteuid() == 0 else errno.EACCES
        raise _failed(OSError(code, os.strerror(code)), path, written=False)


def _clean_stale(paths: Iterable[Path], since: int) -> None:
    """Remove temporary files of ``paths`` that a killed save left (older than ``since``)."""
    folders: dict[Path, list[str]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path.name)
    for folder, names in folders.items():
        # Exactly mkstemp's names, so another file's temporaries never match.
        alternatives = "|".join(map(re.escape, names))
        pattern = re.compile(rf"\.(?:{alternatives})\.[a-z0-9_]{{8}}\.tmp\Z")
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if pattern.match(entry.name):
                    with contextlib.suppress(OSError):
                        if entry.stat(follow_symlinks=False).st_mtime_ns < since:
                            os.unlink(entry.path)


class _Pending(NamedTuple):
    """A file's new content, complete in a temporary file, not yet in place."""

    target: Path
    temp: Path
    data: bytes
    in_place: bool


def _write_all(contents: dict[Path, bytes], names: Mapping[Path, Path]) -> dict[Path, Stamp]:
    """Prepare every temporary file, then put each in place; remove the temporaries."""
    pending: list[_Pending] = []
    done: list[Path] = []
    current: Path | None = None
    try:
        for target, data in contents.items():
            current = target
            pending.append(_prepare(target, data))
        stamps: dict[Path, Stamp] = {}
        for item in pending:
            current = item.target
            stamps[item.target] = _commit(item)
            done.append(item.target)
    except OSError as exc:
        raise _failed(exc, current or next(iter(contents)), written=bool(done)) from None
    finally:
        for item in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(item.temp)
    return {path: stamps[target] for path, target in names.items()}


def _prepare(target: Path, data: bytes) -> _Pending:
    folder = target.parent if str(target.parent) else Path(".")
    try:
        old: os.stat_result | None = target.stat()
    except FileNotFoundError:
        old = None
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            in_place = False
            if old is not None:
                # chown first: it clears set-id bits, which the chmod then restores.
                in_place = old.st_nlink > 1 or not _give_owner(out.fileno(), old)
                os.fchmod(out.fileno(), stat.S_IMODE(old.st_mode))
            else:
                os.fchmod(out.fileno(), 0o666 & ~_umask())
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return _Pending(target, temp, data, in_place)


def _give_owner(fd: int, old: os.stat_result) -> bool:
    """Give the new file ``old``'s owner and group; False if this user may not."""
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return True
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except PermissionError:
        return False
    return True


def _commit(item: _Pending) -> Stamp:
    if item.in_place:
        _copy_in_place(item.target, item.data)
    else:
        os.replace(item.temp, item.target)
        _fsync_folder(item.target.parent if str(item.target.parent) else Path("."))
    return Stamp(len(item.data), item.target.stat().st_mtime_ns, _digest(item.data))


def _copy_in_place(target: Path, data: bytes) -> None:
    """Overwrite ``target``'s bytes with ``data``; on failure, put the old bytes back."""
    fd = os.open(target, os.O_RDWR | os.O_CLOEXEC)
    try:
        old = target.read_bytes()
        try:
            _pwrite_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError:
            # A full disk mid-copy: the old bytes fit where they were.
            with contextlib.suppress(OSError):
                _pwrite_all(fd, old)
                os.ftruncate(fd, len(old))
                os.fsync(fd)
            raise
    finally:
        os.close(fd)


def _pwrite_all(fd: int, data: bytes) -> None:
    view, offset = memoryview(data), 0
    while offset < len(data):
        offset += os.pwrite(fd, view[offset:], offset)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


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


#: What a failed save's errno means for a writer, and what they can do.
_ADVICE = {
    errno.ENOSPC: ("the disk is full", "free some space, then save again"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, then save again"),
    errno.EROFS: ("its file system is read-only", "save it as another file elsewhere"),
    errno.EACCES: ("permission denied",
                   "a save needs to write the file and, beside it, a lock and a temporary "
                   "file: make the file and its folder writable for you, or save it elsewhere"),
    errno.EPERM: ("the system does not permit it (an immutable file or folder? see `lsattr`)",
                  "save it as another file elsewhere"),
}


def _failed(exc: OSError, path: Path, *, written: bool) -> SaveError:
    default = (exc.strerror or str(exc), "fix that, then save again")
    what, todo = _ADVICE.get(exc.errno or 0, default)
    state = ("some files of this save were written before it failed; check them" if written
             else "nothing was written")
    return SaveError(path, f"cannot save: {what}; {state}: {todo}")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
