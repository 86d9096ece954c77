"""Format-preserving edits of a bible, with undo, and safe saving: :class:`Document`.

Every change to a bible goes through a :class:`Document`. An edit becomes
text patches against the spans the loader recorded (only the touched
characters change: comments, key order, quoting, flow or block style and
blank lines stay the writer's), then the patched text is read again and must
give exactly the model the edit meant, or the edit is refused with
:class:`EditError` and nothing changes. Undo and redo apply the inverse
patches, so undoing every edit gives back the original text exactly.

Saving is atomic and locked (``story_bible.writing.save``): under the bible's lock it
refuses, with :class:`ChangedOnDisk`, to overwrite a file that changed on
disk since it was read, and raises :class:`SaveError` (nothing written) for
a file it may not or cannot write; the bundled sample is never written.

>>> doc = Document.from_texts({"bible.yaml": "arcroom: 1\\nseries: {title: Test}\\n"
...     "seasons:\\n  S1: {title: One, episodes: 2}  # pilot season\\n"})
>>> doc.set("S1", "episodes", 3)
>>> doc.texts["bible.yaml"].splitlines()[-1]
'  S1: {title: One, episodes: 3}  # pilot season'
>>> doc.undo(), doc.dirty
(True, False)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from story_bible.errors import LoadError
from story_bible.model import Bible
from story_bible.reading import loader
from story_bible.reading.loader import collector_paused
from story_bible.reading.nodes import Mapping, Node

# The edits themselves (story_bible.writing.operations, and adding, moving, expected:
# 700 lines) are imported by the first edit: opening a bible needs none of them.
from story_bible.writing.edit_context import Context, Edit, EditError
from story_bible.writing.filling import Filling
from story_bible.writing.lazy_commit import moves_logged, settling
from story_bible.writing.patch import Patch, changes, invert
from story_bible.writing.reparse import Reread, full, reread
from story_bible.writing.save import (
    ChangedOnDisk,
    SaveError,
    Stamp,
    changed,
    read_stamped,
    save_files,
)

__all__ = ["ChangedOnDisk", "Document", "EditError", "Reading", "SaveError"]

_BOM = "\ufeff"
#: Lazily committed moves (undo after undo) a file's nodes may replay before an edit
#: settles them.
SETTLE_AFTER = 256


@dataclass(frozen=True)
class Reading:
    """A bible's model and node trees, as read from its texts (``unfilled``: the tables
    whose nodes are still to compose, for a quick reading; None for a full one)."""

    bible: Bible
    roots: dict[str, Node]
    unfilled: list[tuple[str, Mapping]] | None


@dataclass
class _Step:
    """One applied set of patches: enough to undo and redo it."""

    patches: dict[str, list[Patch]]
    texts_before: dict[str, str]  # the patched files' texts before the step
    before: Bible
    after: Bible
    whole: bool


@dataclass
class _Change:
    description: str
    steps: list[_Step] = field(default_factory=list)


class Document:
    """A bible being edited: its model, its texts, its undo history, its files."""

    def __init__(
        self, bible: Bible, roots: dict[str, Node], *, read_only: bool = False,
        unfilled: list[tuple[str, Mapping]] | None = None,
    ) -> None:
        self.bible = bible
        self.read_only = read_only
        self.history: list[str] = []
        self._roots = roots
        #: The tables opened without their nodes (``open(..., later=True)``), filled
        #: before the first edit at the latest.
        self._filling = Filling(unfilled or [])
        self._later = unfilled is not None
        #: A settle begun and not finished (see :meth:`settle`); a change drops it.
        self._settling: Iterator[None] | None = None
        self._undo: list[_Change] = []
        self._redo: list[_Change] = []
        self._saved = dict(bible.texts)
        self._paths: dict[str, Path] = {}
        self._stamps: dict[str, Stamp] = {}
        self._bom: dict[str, bool] = {}
        self._source: Path | None = None

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, *, later: bool = False,
        known: Callable[[dict[str, str]], Reading | None] | None = None,
    ) -> Document:
        """Load a bible file or folder (raises :class:`~story_bible.errors.LoadError`).

        ``later``: read the beats and characters the quick way, and compose their
        nodes later (:meth:`fill`, or the first edit): the editor shows a big
        bible sooner and composes them while the writer reads.

        ``known``: given the files' texts, a :class:`Reading` of exactly those texts
        made earlier (the editor's cache of big bibles, ``arcs.opening_cache``), or
        None; a reading of other texts is not used.
        """
        path = Path(path)
        files = loader.bible_files(path)
        if not files or not path.exists():
            loader.load(path)  # raises the loader's own LoadError for what is not there
        texts: dict[str, str] = {}
        stamps: dict[str, Stamp] = {}
        boms: dict[str, bool] = {}
        for file in files:
            name = str(file)
            texts[name], stamps[name], boms[name] = _read(file)
        sample = loader.sample_path()
        read_only = sample.exists() and path.resolve() == sample.resolve()
        reading = known(texts) if known is not None else None
        if reading is not None and reading.bible.texts == texts:
            doc = cls(reading.bible, reading.roots, read_only=read_only,
                      unfilled=reading.unfilled)
        else:
            doc = cls.from_texts(texts, read_only=read_only, later=later)
        doc._paths = {str(f): f for f in files}
        doc._stamps, doc._bom, doc._source = stamps, boms, path
        return doc

    @classmethod
    def from_texts(
        cls, texts: dict[str, str], *, read_only: bool = False, later: bool = False
    ) -> Document:
        """A bible held in memory only (``save_as`` gives it files); ``later`` as for
        :meth:`open`."""
        if not later:
            result = full(dict(texts))
            return cls(result.bible, result.roots, read_only=read_only)
        roots: dict[str, Node] = {}
        unfilled: list[tuple[str, Mapping]] = []
        bible = loader.load_texts(dict(texts), roots, unfilled)
        return cls(bible, roots, read_only=read_only, unfilled=unfilled)

    def reading(self) -> Reading:
        """What reading this document's texts gave, as it stands (before any edit: a
        reading that :meth:`open`'s ``known`` may give back for the same texts)."""
        return Reading(self.bible, self._roots,
                       self._filling.left() if self._later else None)

    # -- state ---------------------------------------------------------------

    @property
    def filled(self) -> bool:
        """Whether every node is composed (see :meth:`fill`)."""
        return self._filling.done

    def fill(self, count: int | None = None) -> bool:
        """Compose the nodes of ``count`` tables opened without them (None: all);
        True when every node is there. Safe from any thread; edits call it first."""
        if not self._filling.done:
            self._settling = None  # the filled tables' nodes are new: it begins again
        return self._filling.some(self.bible, count)

    @property
    def settled(self) -> bool:
        """Whether every node's raw offsets are true (see :meth:`settle`)."""
        return not moves_logged(self._roots)

    def settle(self, seconds: float | None = None) -> bool:
        """Make every node's raw offsets true (O(file); nothing when they are).

        An edit commits its nodes lazily (``story_bible.writing.lazy_commit``):
        the re-read entries are placed and the move of everything after them is
        only logged, so an edit costs what it touched. Lines and columns are
        true at once (diagnostics, the screen); the raw offsets an edit reads
        are made true here, before the next edit at the latest.

        ``seconds``: stop after about that long, and go on from there at the next
        call (the editor settles between keys, a few milliseconds at a time; an
        edit in between starts it again). True once every offset is true.
        """
        if self._settling is None:
            if self.settled:
                return True
            self._settling = settling(self.bible, self._roots)
        deadline = None if seconds is None else time.perf_counter() + seconds
        with collector_paused():  # 100,000s of nodes made again, none of them garbage
            for _ in self._settling:
                if deadline is not None and time.perf_counter() > deadline:
                    return False
        self._settling = None
        return True

    def _tree(self) -> dict[str, Node]:
        """Every file's nodes, filled and settled (what an edit reads)."""
        if not self._filling.done:
            self._filling.some(self.bible)
        if moves_logged(self._roots):
            self.settle()
        return self._roots

    @property
    def texts(self) -> dict[str, str]:
        """The current text of every file (do not change it; edit through the document)."""
        return self.bible.texts

    @property
    def dirty(self) -> bool:
        return any(self._saved.get(f) != t for f, t in self.bible.texts.items())

    @property
    def path(self) -> Path | None:
        """The file or folder the bible was opened from or saved as."""
        return self._source

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def last_change(self) -> list[dict[str, list[Patch]]]:
        """The patches of the last change, per step and file (to show what it touched)."""
        return [step.patches for step in self._undo[-1].steps] if self._undo else []

    @property
    def redo_history(self) -> list[str]:
        """What :meth:`redo` would apply, the next one last."""
        return [change.description for change in self._redo]

    # -- edits ---------------------------------------------------------------

    def set(self, entity_id: str, field: str, value: Any) -> None:
        """Set one field of an entity (``None`` removes it); ``series`` names the series."""
        from story_bible.writing import operations

        edit = operations.set_field(self._context(), entity_id, field, value)
        self._record(edit.description if edit else "", [edit] if edit else [])

    def add(
        self, kind: str, entity_id: str, fields: dict[str, Any], *, arc: str | None = None
    ) -> None:
        """Add an entity of ``kind`` (a beat to ``arc``; a relation's id comes from ``fields``)."""
        from story_bible.writing import operations

        edit = operations.add_entity(self._context(), kind, entity_id, fields, arc)
        self._record(edit.description, [edit])

    def remove(self, entity_id: str) -> None:
        """Remove an entity (an arc with its beats; a relation by its id)."""
        from story_bible.writing import operations

        edit = operations.remove_entity(self._context(), entity_id)
        self._record(edit.description, [edit])

    def rename(self, old: str, new: str) -> None:
        """Rename an id and every reference to it, in every file."""
        from story_bible.writing import operations

        edit = operations.rename_id(self._context(), old, new)
        self._record(edit.description, [edit])

    def move_beat(self, beat_id: str, *, at: str | None = None, arc: str | None = None) -> None:
        """Move a beat to another episode, another arc, or both (one undoable change)."""
        from story_bible.writing import operations

        if self.bible.beats.get(beat_id) is None:
            raise EditError(f"there is no beat {beat_id!r}")
        parts = []
        if arc is not None:
            parts.append(lambda: operations.move_to_arc(self._context(), beat_id, arc, at))
        if at is not None:
            parts.append(lambda: operations.set_field(self._context(), beat_id, "at", at))
        where = " and ".join(w for w in (f"arc {arc}" if arc else "", at or "") if w)
        self._run(f"move beat {beat_id} to {where}", parts)

    def set_fields(self, description: str, values: list[tuple[str, str, Any]]) -> None:
        """Set several ``(entity id, field, value)`` as one undoable change (None removes)."""
        from story_bible.writing import operations

        self._run(description, [
            lambda e=e, f=f, v=v: operations.set_field(self._context(), e, f, v)
            for e, f, v in values
        ])

    def _context(self) -> Context:
        roots = self._tree()
        return Context(self.bible, roots)

    def _record(self, description: str, edits: list[Edit]) -> None:
        self._run(description, [lambda e=e: e for e in edits])

    def _run(self, description: str, parts: list[Any]) -> None:
        """Apply edits in order as one change; if one fails, undo the others and re-raise."""
        change = _Change(description)
        try:
            for part in parts:
                edit = part()
                if edit is not None:
                    step = self._apply(edit.patches, edit.expected, edit.whole, edit.description)
                    if step is not None:
                        change.steps.append(step)
        except BaseException:
            self._revert(change.steps)
            raise
        if change.steps:
            self._undo.append(change)
            self._redo.clear()
            self.history.append(description)

    def _apply(
        self, patches: dict[str, list[Patch]], expected: Bible, whole: bool, what: str
    ) -> _Step | None:
        before = self.bible
        texts_before = {f: before.texts[f] for f in patches}
        if not any(changes(texts_before[f], p) for f, p in patches.items()):
            return None
        result = self._reread(patches, expected, whole, what)
        result.commit_lazily()
        self.bible, self._roots = result.bible, result.roots
        return _Step(patches, texts_before, before, result.bible, whole)

    def _reread(
        self, patches: dict[str, list[Patch]], expected: Bible, whole: bool, what: str
    ) -> Reread:
        self._settling = None  # what it would settle next is about to change
        try:
            roots = self._roots
            if not self._filling.done or moves_logged(roots) >= SETTLE_AFTER:
                roots = self._tree()  # (undo after undo: each replays every move logged)
            result = reread(self.bible, roots, patches, whole=whole)
            if result.bible == expected:
                return result
            if not whole:  # the quick re-read may not see all; the whole one decides
                result = reread(self.bible, roots, patches, whole=True)
        except LoadError as exc:
            problem = exc.problems[0] if exc.problems else None
            reason = f"{problem.message} ({problem.hint})" if problem and problem.hint else (
                problem.message if problem else str(exc))
            raise EditError(f"cannot {what}: the bible would not read: {reason}") from None
        if result.bible != expected:
            raise EditError(
                f"cannot {what}: the changed text would not read as intended "
                "(please report this with the bible)"
            )
        return result

    def _revert(self, steps: list[_Step]) -> None:
        for step in reversed(steps):
            inverse = {f: invert(step.texts_before[f], p) for f, p in step.patches.items()}
            result = self._reread(inverse, step.before, step.whole, "undo")
            result.commit_lazily()
            self.bible, self._roots = result.bible, result.roots

    # -- undo ----------------------------------------------------------------

    def undo(self) -> bool:
        """Undo the last change; False when there is nothing to undo."""
        if not self._undo:
            return False
        change = self._undo.pop()
        self._revert(change.steps)
        self._redo.append(change)
        self.history.pop()
        return True

    def redo(self) -> bool:
        """Apply again the last undone change; False when there is nothing to redo."""
        if not self._redo:
            return False
        change = self._redo.pop()
        for step in change.steps:
            result = self._reread(step.patches, step.after, step.whole, "redo")
            result.commit_lazily()
            self.bible, self._roots = result.bible, result.roots
        self._undo.append(change)
        self.history.append(change.description)
        return True

    # -- files ---------------------------------------------------------------

    def changed_on_disk(self) -> list[Path]:
        """Files that changed (or vanished, or appeared in the folder) since they were read."""
        found = [path for name, path in self._paths.items()
                 if changed(path, self._stamps.get(name))]
        if self._source is not None and self._source.is_dir():
            known = set(self._paths.values())
            found += [f for f in loader.bible_files(self._source) if f not in known]
        return found

    def save(self, *, force: bool = False) -> list[Path]:
        """Write the changed files atomically; returns them.

        Raises :class:`ChangedOnDisk` if one of them changed on disk since it
        was read (``force=True`` writes anyway), :class:`SaveError` if they
        cannot be written (read-only, a full disk...), :class:`EditError` for
        the read-only sample or a bible that has no files yet. The check and
        the writes hold the bible's lock, so two saves never interleave.
        """
        if self.read_only:
            raise EditError("the bundled sample is read-only; save it as a new show (save_as)")
        if not self._paths:
            raise EditError("this bible has no files yet; save it with save_as")
        names = [f for f, text in self.bible.texts.items() if self._saved.get(f) != text]
        if names:
            assert self._source is not None  # a document with files was opened or saved as
            self._write(self._source, names, force=force)
        return [self._paths[name] for name in names]

    def _write(self, bible: Path, names: list[str], *, force: bool) -> None:
        """Save ``names`` as one locked save of ``bible`` (see story_bible.writing.save)."""
        data = {self._paths[n]: ((_BOM if self._bom.get(n) else "") + self.bible.texts[n])
                .encode("utf-8") for n in names}
        known = None if force else {self._paths[n]: self._stamps.get(n) for n in names}
        stamps = save_files(bible, data, known)
        for name in names:
            self._stamps[name] = stamps[self._paths[name]]
            self._saved[name] = self.bible.texts[name]

    def save_as(self, path: str | Path, *, overwrite: bool = False) -> None:
        """Write the bible as a new file (one-file bible) or folder, and edit that from now on."""
        path = Path(path)
        names = list(self.bible.texts)
        targets = self._targets(path, names)
        existing = [t for t in targets.values() if t.exists()]
        if existing and not overwrite:
            raise EditError(f"{existing[0]} already exists")
        for target in targets.values():
            target.parent.mkdir(parents=True, exist_ok=True)
        renamed = {name: str(target) for name, target in targets.items()}
        texts = {renamed[n]: t for n, t in self.bible.texts.items()}
        result = full(texts)
        self._settling = None
        self._bom = {renamed[n]: self._bom.get(n, False) for n in names}
        self.bible, self._roots = result.bible, result.roots
        self._filling = Filling([])  # the trees are whole: what was left to fill is gone
        self._paths = {str(t): t for t in targets.values()}
        self._stamps, self._saved = {}, {}
        self._write(path, list(self._paths), force=True)
        self._source, self.read_only = path, False
        for change in (*self._undo, *self._redo):
            for step in change.steps:
                step.patches = {renamed[f]: p for f, p in step.patches.items()}
                step.texts_before = {renamed[f]: t for f, t in step.texts_before.items()}

    def _targets(self, path: Path, names: list[str]) -> dict[str, Path]:
        if len(names) == 1 and not path.is_dir():
            return {names[0]: path}
        if self._source is not None and self._source.is_dir():
            return {n: path / self._paths[n].relative_to(self._source) for n in names}
        return {n: path / Path(n).name for n in names}

    def reload(self) -> None:
        """Read the files again, dropping unsaved edits and the undo history."""
        if self._source is None:
            raise EditError("this bible has no files to reload")
        fresh = Document.open(self._source, later=self._later)
        read_only = self.read_only
        self.__dict__.update(fresh.__dict__)
        self.read_only = read_only or fresh.read_only


def _read(path: Path) -> tuple[str, Stamp, bool]:
    """A file's text as the loader reads it, its stamp, and whether it starts with a BOM."""
    for _ in range(5):
        data, stamp = read_stamped(path)
        text = loader.read_text(path)  # the loader's checks and messages for what it refuses
        if text == data.decode("utf-8-sig", errors="replace"):
            break  # else the file changed between the two reads: read it again
    return text, stamp, data.startswith(_BOM.encode("utf-8"))
