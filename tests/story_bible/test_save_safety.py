"""Saves respect the file: its lock, mode, owner, links, and the disk it is on.

A save that cannot be made says so in one line (the file, why, what to do),
exits 2 from the command line, and leaves the file as it was with no
temporary or lock file beside it.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_edits_support import AOUAD

from story_bible.writing import save as save_module
from story_bible.writing.document import Document, SaveError
from story_bible.writing.save import lock_path, locked, save_files
from tests.support import ROOT, missing, run_arcroom

EDITED = AOUAD.replace("at: S1E09", "at: S1E10")


@pytest.fixture
def bible(tmp_path: Path) -> Path:
    path = tmp_path / "bible.yaml"
    path.write_text(AOUAD, encoding="utf-8")
    return path


def _set(bible: Path) -> subprocess.CompletedProcess[str]:
    return run_arcroom("set", "roof.at", "S1E10", "--bible", str(bible))


def _only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def _need_root(why: str) -> None:
    if os.geteuid() != 0:
        missing(f"root ({why})")


# -- the lock --------------------------------------------------------------------------


def test_a_save_waits_for_the_lock_and_gives_up_with_a_message(bible: Path) -> None:
    with locked(bible):
        assert lock_path(bible).exists()
        with pytest.raises(SaveError, match=r"another save of this bible has held its lock "
                           r"\(\.bible\.yaml\.lock\) for 0\.2 s; nothing was written"):
            save_files(bible, {bible: b"arcroom: 1\n"}, timeout=0.2)
    assert bible.read_text(encoding="utf-8") == AOUAD
    _only(bible.parent, "bible.yaml")  # the lock file goes with the lock
    save_files(bible, {bible: EDITED.encode()}, timeout=0.2)
    assert bible.read_text(encoding="utf-8") == EDITED


def test_one_lock_per_bible_whatever_it_is_called(bible: Path, tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to(bible.name)
    assert lock_path(link) == lock_path(bible) == tmp_path / ".bible.yaml.lock"
    folder = tmp_path / "bible"
    folder.mkdir()
    assert lock_path(folder) == tmp_path / ".bible.lock"
    (folder / "main.yaml").write_text(AOUAD, encoding="utf-8")
    doc = Document.open(folder)
    doc.set("roof", "at", "S1E10")
    with locked(folder), pytest.raises(SaveError, match="held its lock"):
        save_files(folder, {folder / "main.yaml": b""}, timeout=0.1)
    doc.save()
    _only(tmp_path, "bible", "bible.yaml", "plan.yaml")
    _only(folder, "main.yaml")


# -- what the file is ------------------------------------------------------------------


def test_a_read_only_file_is_refused_and_left_alone(bible: Path) -> None:
    bible.chmod(0o444)
    done = _set(bible)
    assert done.returncode == 2
    assert done.stderr == (
        f"{bible}: the file is read-only (r--r--r--); nothing was written: "
        f"`chmod u+w {bible}` to allow saves, or save it as another file\n")
    assert bible.read_text(encoding="utf-8") == AOUAD
    assert stat.S_IMODE(bible.stat().st_mode) == 0o444
    _only(bible.parent, "bible.yaml")


def test_mode_owner_and_group_are_kept(bible: Path) -> None:
    _need_root("to give the bible another user's owner and group")
    os.chown(bible, 4321, 8765)
    bible.chmod(0o664)
    inode = bible.stat().st_ino
    done = _set(bible)
    assert done.returncode == 0, done.stderr
    after = bible.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (4321, 8765, 0o664)
    assert after.st_ino != inode  # recreated as it was (root may chown), not written in place
    assert bible.read_text(encoding="utf-8") == EDITED


def test_a_file_whose_owner_cannot_be_given_is_written_in_place(
    bible: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user's group-writable file, edited by a user who may not chown: in place."""
    _need_root("to give the bible another user's owner")
    os.chown(bible, 4321, 8765)
    inode = bible.stat().st_ino

    def not_permitted(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(save_module.os, "fchown", not_permitted)
    doc = Document.open(bible)
    doc.set("roof", "at", "S1E10")
    doc.save()
    after = bible.stat()
    assert (after.st_ino, after.st_uid, after.st_gid) == (inode, 4321, 8765)
    assert bible.read_text(encoding="utf-8") == EDITED
    assert doc.changed_on_disk() == []
    _only(bible.parent, "bible.yaml")


def test_a_hard_linked_bible_is_written_in_place(bible: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "bible.yaml"
    other.parent.mkdir()
    os.link(bible, other)
    done = _set(bible)
    assert done.returncode == 0, done.stderr
    assert bible.stat().st_nlink == 2 and os.path.samefile(bible, other)
    assert other.read_text(encoding="utf-8") == EDITED
    _only(tmp_path, "bible.yaml", "elsewhere")


def test_a_failed_copy_in_place_puts_the_old_bytes_back(
    bible: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.link(bible, tmp_path / "also.yaml")
    real_ftruncate = os.ftruncate
    calls = []

    def full_once(fd: int, length: int) -> None:
        calls.append(length)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        real_ftruncate(fd, length)

    monkeypatch.setattr(save_module.os, "ftruncate", full_once)
    doc = Document.open(bible)
    doc.set("roof", "summary", "short")
    with pytest.raises(SaveError, match="the disk is full; nothing was written"):
        doc.save()
    assert bible.read_text(encoding="utf-8") == AOUAD
    assert calls[1] == len(AOUAD.encode())
    _only(tmp_path, "bible.yaml", "also.yaml")


# -- the disk --------------------------------------------------------------------------


@contextmanager
def _mounted(folder: Path, *options: str) -> Iterator[None]:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", *options, str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        missing(f"mount ({done.stderr.strip()})")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_leaves_the_bible_and_no_temporary_file(tmp_path: Path) -> None:
    _need_root("to mount a 64 KiB tmpfs")
    disk = tmp_path / "disk"
    with _mounted(disk, "-t", "tmpfs", "-o", "size=64k", "tmpfs"):
        bible = disk / "bible.yaml"
        # Room for the bible but not for a second copy of it beside it.
        text = AOUAD + "".join(f"# note {n}: {'x' * 60}\n" for n in range(600))
        bible.write_text(text, encoding="utf-8")
        done = _set(bible)
        assert done.returncode == 2, done.stderr
        assert done.stderr == (f"{bible}: cannot save: the disk is full; nothing was written: "
                               "free some space, then save again\n")
        assert bible.read_text(encoding="utf-8") == text
        _only(disk, "bible.yaml")


def test_a_read_only_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    """As root, a read-only bind mount (chmod stops no root); as a user, chmod 555."""
    folder = tmp_path / "show"
    folder.mkdir()
    bible = folder / "bible.yaml"
    bible.write_text(AOUAD, encoding="utf-8")
    if os.geteuid() == 0:
        with _mounted(folder, "--bind", str(folder)):
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
            done = _set(bible)
        why = "cannot save: its file system is read-only"
    else:
        folder.chmod(0o555)
        try:
            done = _set(bible)
        finally:
            folder.chmod(0o755)
        why = "cannot save: permission denied"
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{bible}: ") and done.stderr.count("\n") == 1
    assert why in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert bible.read_text(encoding="utf-8") == AOUAD
    _only(folder, "bible.yaml")


# -- a save killed halfway -------------------------------------------------------------

#: Saves once, but stops for good inside its fsync, with its temporary file written.
STUCK_SAVER = """
import os, sys
from story_bible.writing import save
from story_bible.writing.document import Document

def stuck(fd):
    print("in fsync", flush=True)
    sys.stdin.read()

save.os.fsync = stuck
doc = Document.open(sys.argv[1])
doc.set("roof", "summary", "never saved")
doc.save()
"""


def test_what_a_killed_save_left_is_cleaned_by_the_next_save(bible: Path, tmp_path: Path) -> None:
    neighbour = tmp_path / ".bible.yaml.x.abcdefgh.tmp"  # another file's temporary: kept
    neighbour.write_text("not ours", encoding="utf-8")
    saver = subprocess.Popen(
        [sys.executable, "-c", STUCK_SAVER, str(bible)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert saver.stdout is not None and saver.stdin is not None
    assert saver.stdout.readline() == b"in fsync\n"
    saver.send_signal(signal.SIGKILL)
    saver.wait()
    saver.stdout.close()
    saver.stdin.close()
    left = sorted(p.name for p in tmp_path.iterdir())
    temps = [n for n in left if n.startswith(".bible.yaml.") and n.endswith(".tmp")
             and n != neighbour.name]
    assert len(temps) == 1 and ".bible.yaml.lock" in left, left  # what the kill left
    assert bible.read_text(encoding="utf-8") == AOUAD
    done = _set(bible)  # the kernel let go of the lock; its file and the temporary go
    assert done.returncode == 0, done.stderr
    _only(tmp_path, "bible.yaml", neighbour.name)
    assert bible.read_text(encoding="utf-8") == EDITED
