"""Three-way merge of one bible file, entity by entity and field by field.

:func:`merge_texts` takes a file as it was (``base``) and as two sides
changed it (``ours``, ``theirs``) and writes the merge into ours' text by
the editor's own format-preserving patches (:mod:`story_bible.writing.text_editor`):
their text where they changed something, ours everywhere else (comments,
key order and style kept). The unit of change is an entity (a status,
season, faction, relation, character, arc, beat, the series) and its
fields:

- changes to different entities, or to different fields of one entity,
  merge; so do entities each side added;
- an id one side renamed (the entity kept, every reference followed, as
  ``arcroom rename`` does) is renamed in the other side's text before the
  merge, so a rename on one side and edits to that entity on the other
  merge into the renamed entity with the edits;
- the same field changed two ways, or an entity removed on one side and
  changed on the other, is a conflict: git's markers go around that
  entity's lines alone (``<<<<<<< ours`` ... ``=======`` ... ``>>>>>>>
  theirs``), and the rest is merged.

Deciding what to take is here; writing their changes into our text is
:mod:`~story_bible.merge_patches`', the markers :mod:`~story_bible.merge_conflicts`',
reading the three texts as plain trees :mod:`~story_bible.merge_reading`'.

A text that is not a bible (another ``*.yaml`` that ``.gitattributes``
sends here), or that does not read as YAML, is merged line by line as git
would (``git merge-file``). After the patches, the merged text must read as
exactly the merged entities, or the file is merged line by line instead:
a merge never guesses.
"""

from __future__ import annotations

import copy
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any

from story_bible.errors import LoadError
from story_bible.merge_conflicts import mark
from story_bible.merge_patches import Op, Theirs
from story_bible.merge_reading import (
    ROOTS,
    TABLES,
    Path,
    Unmergeable,
    rename_text,
    renames_between,
    root_of,
    tree_of,
)
from story_bible.reading.loader import collector_paused
from story_bible.writing.patch import PatchConflict


@dataclass
class MergeResult:
    """The merged text; ``conflicts`` names each entity left between markers."""

    text: str
    conflicts: list[str] = field(default_factory=list)
    #: False when the file was merged line by line (not a bible, or not YAML).
    structural: bool = True
    renames: dict[str, str] = field(default_factory=dict)


def merge_texts(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge ``theirs``' changes since ``base`` into ``ours`` (see the module docstring)."""
    try:
        for raw in (True, False):
            try:
                with collector_paused():  # hundreds of thousands of nodes, none in a cycle
                    return _Merge(base, ours, theirs, raw).run()
            # A shape of text the patches did not foresee is no reason to fail git's
            # merge: the lines are merged instead, as git would have.
            except (Unmergeable, LoadError, ValueError, KeyError, IndexError, AssertionError):
                continue
    finally:
        ROOTS.clear()
    return line_merge(base, ours, theirs)


def line_merge(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge line by line with ``git merge-file`` (markers where the lines conflict)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            paths.append(path)
        done = subprocess.run(
            ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", *paths],
            capture_output=True, check=False,
        )
    if done.returncode < 0 or done.returncode > 127:
        raise OSError(done.stderr.decode(errors="replace").strip() or "git merge-file failed")
    text = done.stdout.decode("utf-8", errors="surrogateescape")
    conflicts = ["lines"] * done.returncode
    return MergeResult(text, conflicts, structural=False)


# -- the merge ----------------------------------------------------------------------


class _Merge:
    def __init__(self, base: str, ours: str, theirs: str, raw: bool) -> None:
        b, o, t = tree_of(root_of(base)), tree_of(root_of(ours)), tree_of(root_of(theirs))
        self.ours_renames = renames_between(b, o)
        self.theirs_renames = renames_between(b, t)
        clash = set(self.ours_renames) & set(self.theirs_renames)
        for old in clash:  # renamed two ways: no rename is carried over; the ids conflict
            if self.ours_renames[old] != self.theirs_renames[old]:
                del self.ours_renames[old], self.theirs_renames[old]
            else:
                del self.theirs_renames[old]
        # Every text in the one namespace of the result: theirs' renames made in
        # ours, ours' in theirs, and both in the base.
        self.base = rename_text(base, {**self.ours_renames, **self.theirs_renames})
        self.ours = rename_text(ours, self.theirs_renames)
        self.theirs = rename_text(theirs, self.ours_renames)
        self.theirs_root = root_of(self.theirs)
        self.writer = Theirs(self.theirs, root_of(self.base), raw)
        self.B = tree_of(root_of(self.base))
        self.O = tree_of(root_of(self.ours))
        self.T = tree_of(self.theirs_root)
        self.ops: list[Op] = []
        self.conflicts: list[tuple[Path, str]] = []

    def run(self) -> MergeResult:
        self._entity((), self.B, self.O, self.T, top=True)
        expected = copy.deepcopy(self.O)
        for op in self.ops:
            _apply_plain(expected, op, self.T)
        try:  # every change at once, against our text as it is: one reading
            text = self.writer.apply_all(self.ours, self.ops)
            merged = tree_of(root_of(text)) == expected
        except (PatchConflict, Unmergeable):
            merged = False
        if not merged:  # changes next to each other: one at a time, each on the last
            text = self.ours
            for op in self.ops:
                text = self.writer.apply_all(text, [op])
            if tree_of(root_of(text)) != expected:
                raise Unmergeable
        names = []
        if self.conflicts:
            text = mark(text, self.theirs, self.theirs_root, self.conflicts)
            names = [".".join(p for p in (*path, key) if p) or key for path, key in self.conflicts]
        renames = {**self.ours_renames, **self.theirs_renames}
        return MergeResult(text, names, True, renames)

    # -- deciding ---------------------------------------------------------------

    def _table(self, path: Path, b: dict[str, Any], o: dict[str, Any], t: dict[str, Any]) -> None:
        for key in _keys(b, o, t):
            bv, ov, tv = b.get(key), o.get(key), t.get(key)
            if ov == tv or bv == tv:
                continue
            if bv == ov:
                if tv is None:
                    self.ops.append(Op("remove", path, key))
                elif ov is None:
                    self.ops.append(Op("add", path, key))
                else:
                    self._entity((*path, key), bv, ov, tv)
            elif None in (bv, ov, tv) or not all(isinstance(v, dict) for v in (bv, ov, tv)):
                self.conflicts.append((path, key))
            else:
                self._entity((*path, key), bv, ov, tv)

    def _entity(self, path: Path, b: Any, o: Any, t: Any, top: bool = False) -> None:
        """Their field changes to one entity, or one conflict for the whole entity."""
        ops: list[Op] = []
        conflict = None
        for key in _keys(b, o, t):
            bv, ov, tv = b.get(key), o.get(key), t.get(key)
            nested = (top and key in (*TABLES, "relations")) or (
                len(path) == 2 and path[0] == "arcs" and key == "beats")
            if ov == tv or bv == tv:
                continue
            if nested and isinstance(ov, dict) and isinstance(tv, dict):
                self._table((*path, key), bv if isinstance(bv, dict) else {}, ov, tv)
            elif top and key == "series" and all(isinstance(v, dict) for v in (bv, ov, tv)):
                self._entity(("series",), bv, ov, tv)
            elif bv == ov:
                ops.append(Op("set" if tv is not None else "unset", path, key))
            elif top:
                self.conflicts.append(((), key))
            else:
                conflict = path
        if conflict is not None:
            self.conflicts.append((path[:-1], path[-1]))
            self.ops = [op for op in self.ops if op.path[: len(path)] != path]
        else:
            self.ops += ops


# -- helpers --------------------------------------------------------------------------


def _keys(*sides: dict[str, Any]) -> list[str]:
    """Every key of the sides, ours' order first, then theirs' new ones, then the base's."""
    b, o, t = sides
    return [*o, *(k for k in t if k not in o), *(k for k in b if k not in o and k not in t)]


def _apply_plain(tree: dict[str, Any], op: Op, theirs: dict[str, Any]) -> None:
    """What ``op`` does to the plain tree (to check the text reads as it should)."""
    target: Any = tree
    source: Any = theirs
    for step in op.path:
        target, source = target[step], source[step]
    if op.what in ("set", "add"):
        target[op.key] = copy.deepcopy(source[op.key])
    else:
        del target[op.key]
