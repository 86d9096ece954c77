"""The bibles an editor has open, each read and checked as its text changes.

A file belongs to a bible when it lies inside a bible folder (``bible/``
beside nothing else, as ``arcroom`` itself finds it: the folder is then one
workspace of all its files) or when it is a bible itself (a top-level
``arcroom:`` key). Any other YAML is not arcroom's: :func:`bible_of` says
``None`` and the server leaves it alone.

:class:`OpenBible` keeps the texts the editor shows (open files) or the disk
holds (the rest), the last model that read without a format problem, and a
:class:`arcs.incremental.Checker` of it. A change is turned into one text
patch against the last good text and re-read through
:func:`story_bible.writing.reparse.reread`, which reads again only the entries the
patch touched, so every other entity stays the same object and the checker
re-runs only what the change can reach. While the text does not read (a
writer mid-keystroke), the B problems are reported where they are and the
last good model stays for completion, hover and the rest.
"""

from __future__ import annotations

import gc
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from arcs.checker import Selection
from arcs.config import ConfigError, discover
from arcs.diagnostics import Diagnostic
from arcs.incremental import Checker
from story_bible.errors import LoadError
from story_bible.model import Bible
from story_bible.reading.loader import bible_files, collector_paused, find_bible, read_text
from story_bible.reading.nodes import Node
from story_bible.writing.lazy_commit import moves_logged, settle
from story_bible.writing.patch import Patch
from story_bible.writing.reparse import full, reread

#: Lazily committed moves a file's nodes may replay before the model is settled.
SETTLE_AFTER = 256

#: A top-level ``arcroom:`` key: the file is a bible of its own.
_MARK = re.compile(r"^arcroom\s*:", re.MULTILINE)


def bible_of(path: Path, text: str | None = None) -> Path | None:
    """The bible ``path`` belongs to (a folder or the file itself), or ``None``."""
    for folder in path.parents:
        if folder.is_dir() and find_bible(folder.parent) == folder:
            return folder
    if text is None:
        try:
            text = read_text(path)
        except LoadError:
            return None
    return path if _MARK.search(text) else None


@dataclass
class Checked:
    """What one check of the texts found."""

    #: every diagnostic, B problems first-class among them, by file.
    by_file: dict[str, list[Diagnostic]]
    #: whether the texts read without a format problem (the model is theirs).
    read: bool
    #: how many edits the texts checked held (:attr:`OpenBible.edits`).
    edits: int = 0
    #: the editor's versions of the files checked.
    versions: dict[str, int] = field(default_factory=dict)


@dataclass
class OpenBible:
    """One bible: its texts, its last good model and its checker (see the module)."""

    path: Path
    texts: dict[str, str]
    bible: Bible | None = None
    roots: dict[str, Node] = field(default_factory=dict)
    checker: Checker | None = None
    selection: Selection = field(default_factory=Selection)
    #: the diagnostics last published, by file.
    last: Checked | None = None
    #: the editor's version of each file's text (didChange), when it gave one.
    versions: dict[str, int] = field(default_factory=dict)
    #: how many edits came in so far: a check of fewer is stale.
    edits: int = 0
    #: held while the model is read, checked or settled (a check may run in a
    #: worker thread; the features take it before they read the model).
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    #: per file, how many characters at its start and end no edit since the
    #: last good reading touched (None: not known, compare the texts).
    _near: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    #: held briefly to take or change the texts (never for a whole check).
    _texts_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, path: Path, shown: dict[str, str] | None = None) -> OpenBible:
        """Read the bible at ``path``; ``shown`` holds the texts the editor has open."""
        texts: dict[str, str] = {}
        for file in bible_files(path):
            name = str(file)
            try:
                texts[name] = read_text(file)
            except LoadError:
                texts[name] = ""
        texts.update({f: t for f, t in (shown or {}).items() if f in texts or f == str(path)})
        opened = cls(path, texts, selection=_selection(path))
        opened.check()
        return opened

    def files(self) -> list[str]:
        return list(self.texts)

    def change(self, file: str, text: str) -> Checked:
        """The editor's text of ``file`` is now ``text``: read and check again."""
        self.edit(file, text, None)
        return self.check()

    def edit(
        self, file: str, text: str, replaced: tuple[int, int] | None, version: int | None = None
    ) -> None:
        """The text of ``file`` is now ``text``, where ``replaced`` (start, end) of the text
        before it changed (``None``: anywhere); read when :meth:`check` is called.

        Where the edits since the text last taken for a check lie is kept, so
        that the patch is cut without comparing whole texts. Safe to call
        while a check runs in another thread (it reads a copy of the texts).
        """
        with self._texts_lock:
            before = self.texts.get(file, "")
            self.texts[file] = text
            self.edits += 1
            if version is not None:
                self.versions[file] = version
            near = self._near.get(file, (len(before), len(before)))
            if replaced is None or near is None:
                self._near[file] = None
                return
            start, end = replaced
            self._near[file] = (min(near[0], start), min(near[1], len(before) - end))

    def check(self) -> Checked:
        """Read the current texts (only what changed) and check them."""
        with self.lock:
            with self._texts_lock:
                texts, near = dict(self.texts), self._near
                edits, versions = self.edits, dict(self.versions)
                self._near = {}  # what comes in now is measured from these texts
            try:
                with collector_paused():  # the re-read's allocations, over a model this size
                    bible, roots = self._read(texts, near)
            except LoadError as exc:
                with self._texts_lock:  # the base stays the last good texts: so do the edges
                    for file, edges in near.items():
                        later = self._near.get(file, edges)
                        self._near[file] = (
                            None if edges is None or later is None
                            else (min(edges[0], later[0]), min(edges[1], later[1]))
                        )
                self.last = self._unread(exc, texts, edits, versions)
                return self.last
            self.bible, self.roots = bible, roots
            if self.checker is None:
                self.checker = Checker(bible, self.selection)
                found = self.checker.diagnostics
            else:
                found = self.checker.update(bible)
            by_file: dict[str, list[Diagnostic]] = {f: [] for f in texts}
            for d in found:
                by_file.setdefault(d.file, []).append(d)
            self.last = Checked(by_file, True, edits, versions)
            return self.last

    @property
    def stale(self) -> bool:
        """Whether edits came in since the last check took the texts."""
        return self.last is None or self.last.edits != self.edits

    def moves(self) -> int:
        """How many lazily committed moves the nodes replay until :meth:`settle`."""
        return moves_logged(self.roots)

    def settle(self) -> None:
        """Make every offset of the model true before a feature reads spans.

        Re-reads are committed lazily (see :meth:`_read`): lines and columns
        are true at once, raw node offsets only once settled (O(file), and
        only after keystrokes: a second call costs nothing).
        """
        with self.lock:
            if self.bible is not None:
                settle(self.bible, self.roots)

    def _read(
        self, texts: dict[str, str], near: dict[str, tuple[int, int] | None]
    ) -> tuple[Bible, dict[str, Node]]:
        """The model of the current texts, re-reading only what changed.

        The re-read is committed lazily: the re-read entries' nodes are
        placed, and the move of everything after them is only logged
        (``reparse.Reread.commit_lazily``), so a keystroke costs the entries
        it touched, not the file. Every :data:`SETTLE_AFTER` moves the log
        is settled, so that replaying it stays cheap.
        """
        base = self.bible
        if base is not None and moves_logged(self.roots) >= SETTLE_AFTER:
            settle(base, self.roots)
        if base is None or set(base.texts) != set(texts):
            result = full(dict(texts))
            # What a whole reading made lives long: the collector need not walk it again.
            gc.freeze()
            return result.bible, result.roots
        patches = {
            f: [_patch_near(base.texts[f], t, near.get(f))]
            for f, t in texts.items() if t is not base.texts[f] and base.texts[f] != t
        }
        if not patches:
            return base, self.roots
        # New or lost lines and changes of indentation are re-read as a run of
        # whole entries too: reparse takes a run only if its lines stand where
        # the collection's entries do (a line left of them does not read alone).
        whole = False
        result = reread(base, self.roots, patches, whole=whole, patched=texts)
        result.commit_lazily()
        return result.bible, result.roots

    def _unread(
        self, exc: LoadError, texts: dict[str, str], edits: int, versions: dict[str, int]
    ) -> Checked:
        """B problems where they are; the last good check's for the files that read."""
        broken = {p.file for p in exc.problems}
        by_file: dict[str, list[Diagnostic]] = {f: [] for f in texts}
        if self.last is not None:
            for file, found in self.last.by_file.items():
                if file not in broken:
                    by_file[file] = [d for d in found if d.code[0] != "B"]
        for problem in exc.problems:
            by_file.setdefault(problem.file, []).append(Diagnostic.from_problem(problem))
        return Checked(by_file, False, edits, versions)


def _selection(path: Path) -> Selection:
    """The room's settings (arcroom.toml, [tool.arcroom]), as ``check`` reads them."""
    try:
        config = discover(path)
    except ConfigError:
        return Selection()
    return Selection(
        select=config.select or (), ignore=config.ignore or (), severity=config.severity
    )


def _patch_near(old: str, new: str, near: tuple[int, int] | None) -> Patch:
    """The patch turning ``old`` into ``new``, whose first ``near[0]`` and last
    ``near[1]`` characters are known to be the same (:meth:`OpenBible.edit`)."""
    if near is None:
        return _patch(old, new)
    head = min(near[0], len(old), len(new))
    tail = min(near[1], len(old) - head, len(new) - head)
    return Patch(head, len(old) - tail, new[head : len(new) - tail])


def _patch(old: str, new: str) -> Patch:
    """The one patch that turns ``old`` into ``new`` (their common ends kept).

    Slices are compared (C's memcmp), halving the stretch: a few dozen
    comparisons find where two 4 MB texts differ.
    """
    n = min(len(old), len(new))
    lo, hi = 0, n  # old[:lo] == new[:lo]; the first difference is before hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    start = lo
    x, y = len(old), len(new)
    lo, hi = 0, n - start  # the common tail, not reaching into the common head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[x - mid : x - lo] == new[y - mid : y - lo]:
            lo = mid
        else:
            hi = mid - 1
    return Patch(start, x - lo, new[start : y - lo])
