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
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from story_bible.errors import LoadError
from story_bible.merge_reading import (
    ROOTS,
    TABLES,
    Path,
    Unmergeable,
    plain,
    relation_key,
    rename_text,
    renames_between,
    root_of,
    tree_of,
)
from story_bible.reading.loader import collector_paused
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.writing import render
from story_bible.writing.patch import Patch, PatchConflict, apply
from story_bible.writing.text_editor import Element, TextEditor, elements

MARKER = 7


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


@dataclass(frozen=True)
class _Op:
    """One of their changes to make in our text."""

    what: str  # "set", "unset" (a field); "add", "remove" (an entity)
    path: Path  # the entity (set/unset) or the table (add/remove); () is the file's top
    key: str


class _Merge:
    def __init__(self, base: str, ours: str, theirs: str, raw: bool) -> None:
        self.raw = raw  # copy their text where it fits (else the editor renders values)
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
        self.base_root = root_of(self.base)
        self.B = tree_of(root_of(self.base))
        self.O = tree_of(root_of(self.ours))
        self.T = tree_of(self.theirs_root)
        self.ops: list[_Op] = []
        self.conflicts: list[tuple[Path, str]] = []

    def run(self) -> MergeResult:
        self._entity((), self.B, self.O, self.T, top=True)
        expected = copy.deepcopy(self.O)
        for op in self.ops:
            _apply_plain(expected, op, self.T)
        try:  # every change at once, against our text as it is: one reading
            text = self._apply_all(self.ours, self.ops)
            merged = tree_of(root_of(text)) == expected
        except (PatchConflict, Unmergeable):
            merged = False
        if not merged:  # changes next to each other: one at a time, each on the last
            text = self.ours
            for op in self.ops:
                text = self._apply_all(text, [op])
            if tree_of(root_of(text)) != expected:
                raise Unmergeable
        names = []
        if self.conflicts:
            text = self._mark(text)
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
                    self.ops.append(_Op("remove", path, key))
                elif ov is None:
                    self.ops.append(_Op("add", path, key))
                else:
                    self._entity((*path, key), bv, ov, tv)
            elif None in (bv, ov, tv) or not all(isinstance(v, dict) for v in (bv, ov, tv)):
                self.conflicts.append((path, key))
            else:
                self._entity((*path, key), bv, ov, tv)

    def _entity(self, path: Path, b: Any, o: Any, t: Any, top: bool = False) -> None:
        """Their field changes to one entity, or one conflict for the whole entity."""
        ops: list[_Op] = []
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
                ops.append(_Op("set" if tv is not None else "unset", path, key))
            elif top:
                self.conflicts.append(((), key))
            else:
                conflict = path
        if conflict is not None:
            self.conflicts.append((path[:-1], path[-1]))
            self.ops = [op for op in self.ops if op.path[: len(path)] != path]
        else:
            self.ops += ops

    # -- writing ----------------------------------------------------------------

    def _apply_all(self, text: str, ops: list[_Op]) -> str:
        root = root_of(text)
        editor = TextEditor(text)
        return apply(text, [p for op in ops for p in self._patches(text, root, editor, op)])

    def _patches(self, text: str, root: Mapping, editor: TextEditor, op: _Op) -> list[Patch]:
        if op.what in ("set", "unset"):
            mapping = _find(root, op.path)
            if not isinstance(mapping, Mapping):
                raise Unmergeable
            if op.what == "unset":
                if op.key not in mapping.entries or len(mapping.entries) == 1:
                    raise Unmergeable
                index = list(mapping.entries).index(op.key)
                return editor.remove_run(mapping, index, index)
            theirs = _find(self.theirs_root, op.path)
            assert isinstance(theirs, Mapping)
            their_value = theirs.entries[op.key][1]
            if op.key in mapping.entries:
                key, node = mapping.entries[op.key]
                return self._set(editor, mapping, key, node, their_value)
            return self._insert(text, editor, mapping, theirs, op.key, op.path)
        container = _find(root, op.path)
        theirs_container = _find(self.theirs_root, op.path)
        if not isinstance(container, Mapping | Sequence):
            raise Unmergeable
        if op.what == "remove":
            found = _index(container, op.key)
            if found is None or len(elements(container)) == 1:
                raise Unmergeable
            return editor.remove_run(container, found, found)
        assert isinstance(theirs_container, Mapping | Sequence)
        return self._insert(text, editor, container, theirs_container, op.key, op.path)

    def _set(self, editor: TextEditor, mapping: Mapping, key: Scalar, node: Node,
             theirs: Node) -> list[Patch]:
        raw = self.theirs[theirs.start : TextEditor(self.theirs).layout.content_end(theirs)]
        one_line = "\n" not in raw and "\r" not in raw
        fits = isinstance(theirs, Scalar) or theirs.flow
        if isinstance(theirs, Scalar) and mapping.flow and theirs.style == "" and any(
                c in raw for c in ",[]{}"):
            fits = False
        if isinstance(theirs, Scalar) and theirs.style in ("|", ">"):
            fits = False
        if self.raw and one_line and fits:
            return editor.replace(key, node, raw)
        return editor.set_value(key, node, _typed(theirs), in_flow=mapping.flow)

    def _insert(self, text: str, editor: TextEditor, container: Mapping | Sequence,
                theirs: Mapping | Sequence, key: str, path: Path) -> list[Patch]:
        """Add their element ``key`` to our ``container``, after its neighbour in theirs."""
        their_elements = elements(theirs)
        names = _names(theirs)
        at = names.index(key)
        ours = _names(container)
        anchor = next((n for n in reversed(names[:at]) if n in ours), None)
        # Entities we added after the same neighbour come first: theirs follow them.
        base = _find(self.base_root, path)
        old = set(_names(base)) if isinstance(base, Mapping | Sequence) else set()
        start = ours.index(anchor) + 1 if anchor is not None else 0
        while start < len(ours) and ours[start] not in old and ours[start] not in names:
            anchor, start = ours[start], start + 1
        element = their_elements[at]
        their_editor = TextEditor(self.theirs)
        ours_elements = elements(container)
        copyable = (
            self.raw and not container.flow and not theirs.flow and ours_elements
            and editor.owns_lines(ours_elements[0]) and their_editor.owns_lines(element)
            and (anchor is None or editor.owns_lines(ours_elements[ours.index(anchor)]))
        )
        if copyable:
            start, end = their_editor.lines(element)
            lines = self.theirs[start:end]
            if not lines.endswith(("\n", "\r")):
                lines += editor.nl
            shift = editor.indent_of(container) - their_editor.indent_of(theirs)
            lines = _reindent(lines, shift)
            if anchor is None:
                where = editor.lines(ours_elements[0])[0]
            else:
                where = editor.lines(ours_elements[ours.index(anchor)])[1]
                if where == len(text) and not text.endswith("\n"):
                    lines = editor.nl + lines.rstrip("\r\n")
            return [Patch(where, where, lines)]
        value = _typed(element.value)
        if isinstance(container, Mapping):
            return editor.insert_entries(container, anchor, {key: value})
        index = ours.index(anchor) + 1 if anchor is not None else 0
        return editor.insert_items(container, index, [value])

    # -- conflicts --------------------------------------------------------------

    def _mark(self, text: str) -> str:
        root = root_of(text)
        editor = TextEditor(text)
        their_editor = TextEditor(self.theirs)
        patches: list[Patch] = []
        spans: list[tuple[int, int]] = []
        conflicts = [c for c in self.conflicts
                     if not any(c != o and (*c[0], c[1])[: len(o[0]) + 1] == (*o[0], o[1])
                                for o in self.conflicts)]
        for path, key in conflicts:
            container = _find(root, path)
            theirs = _find(self.theirs_root, path)
            ours_el = _element(container, key)
            their_el = _element(theirs, key)
            if (ours_el is not None and isinstance(container, Mapping | Sequence)
                    and not editor.owns_lines(ours_el)):
                # Inline among others (``{a: ..., b: ...}``): the lines that hold it,
                # and the same lines with their version of it in its place.
                start, end, ours_lines, their_lines = self._inline(
                    text, editor, ours_el, their_el, their_editor)
            elif ours_el is not None and isinstance(container, Mapping | Sequence):
                start, end = editor.lines(ours_el)
                ours_lines = text[start:end]
                shift = editor.indent_of(container)
            else:
                start = end = self._insertion_point(text, editor, container, theirs, key)
                ours_lines = ""
                shift = editor.indent_of(container) if isinstance(
                    container, Mapping | Sequence) and elements(container) else 0
            if ours_el is not None and not editor.owns_lines(ours_el):
                pass  # both versions are written above
            elif their_el is not None and isinstance(theirs, Mapping | Sequence):
                if not their_editor.owns_lines(their_el):
                    raise Unmergeable
                t_start, t_end = their_editor.lines(their_el)
                their_lines = _reindent(self.theirs[t_start:t_end],
                                        shift - their_editor.indent_of(theirs))
            else:
                their_lines = ""
            if any(s < end and start < e for s, e in spans):
                raise Unmergeable
            spans.append((start, end))
            nl = editor.nl
            block = (f"{'<' * MARKER} ours{nl}{_ended(ours_lines, nl)}{'=' * MARKER}{nl}"
                     f"{_ended(their_lines, nl)}{'>' * MARKER} theirs{nl}")
            if start == len(text) and text and not text.endswith("\n"):
                block = nl + block
            patches.append(Patch(start, end, block))
        return apply(text, patches)

    def _inline(self, text: str, editor: TextEditor, ours: Element, theirs: Element | None,
                their_editor: TextEditor) -> tuple[int, int, str, str]:
        head, last = editor.head_flow(ours), editor.last(ours)
        start = editor.layout.line_start(head)
        end = editor.layout.next_line(max(last - 1, head))
        if theirs is None:  # removed on their side: the entry and its comma go
            after = text[last:end]
            comma = len(after) - len(after.lstrip(", ")) if after.lstrip().startswith(",") else 0
            written = text[start:head] + text[last + comma:end]
        else:
            if "\n" in self.theirs[their_editor.head_flow(theirs):their_editor.last(theirs)]:
                raise Unmergeable  # theirs spans lines where ours is inline: merge by lines
            their_text = self.theirs[their_editor.head_flow(theirs):their_editor.last(theirs)]
            written = text[start:head] + their_text + text[last:end]
        return start, end, text[start:end], written

    def _insertion_point(self, text: str, editor: TextEditor, container: Node | None,
                         theirs: Node | None, key: str) -> int:
        if not isinstance(container, Mapping | Sequence) or not elements(container):
            raise Unmergeable
        ours = _names(container)
        names = _names(theirs) if isinstance(theirs, Mapping | Sequence) else []
        at = names.index(key) if key in names else 0
        anchor = next((n for n in reversed(names[:at]) if n in ours), None)
        ours_elements = elements(container)
        if anchor is None:
            return editor.lines(ours_elements[0])[0]
        return editor.lines(ours_elements[ours.index(anchor)])[1]


# -- helpers --------------------------------------------------------------------------


def _keys(*sides: dict[str, Any]) -> list[str]:
    """Every key of the sides, ours' order first, then theirs' new ones, then the base's."""
    b, o, t = sides
    return [*o, *(k for k in t if k not in o), *(k for k in b if k not in o and k not in t)]


def _find(root: Node, path: Path) -> Node | None:
    """The node at ``path`` (mapping keys; a relation by its key in a merge)."""
    node: Node | None = root
    for step in path:
        if isinstance(node, Mapping):
            node = node.get(step)
        elif isinstance(node, Sequence):
            element = _element(node, step)
            node = element.value if element else None
        else:
            return None
    return node


def _names(collection: Mapping | Sequence) -> list[str]:
    if isinstance(collection, Mapping):
        return list(collection.entries)
    seen: Counter[str] = Counter()
    return [relation_key(plain(item), seen) for item in collection.items]


def _index(collection: Mapping | Sequence, key: str) -> int | None:
    names = _names(collection)
    return names.index(key) if key in names else None


def _element(collection: Node | None, key: str) -> Element | None:
    if not isinstance(collection, Mapping | Sequence):
        return None
    index = _index(collection, key)
    return None if index is None else elements(collection)[index]


def _typed(node: Node) -> Any:
    """A node's value as the editor renders it: ``12`` a count, ``true`` a flag."""
    if isinstance(node, Scalar):
        if node.style == "" and not render.reads_as_text(node.value):
            if node.value in ("true", "false"):
                return node.value == "true"
            try:
                return int(node.value)
            except ValueError:
                return node.value
        return node.value
    if isinstance(node, Sequence):
        return [_typed(i) for i in node.items]
    return {k: _typed(v) for k, (_, v) in node.entries.items()}


def _apply_plain(tree: dict[str, Any], op: _Op, theirs: dict[str, Any]) -> None:
    """What ``op`` does to the plain tree (to check the text reads as it should)."""
    target: Any = tree
    source: Any = theirs
    for step in op.path:
        target, source = target[step], source[step]
    if op.what in ("set", "add"):
        target[op.key] = copy.deepcopy(source[op.key])
    else:
        del target[op.key]


def _reindent(lines: str, shift: int) -> str:
    if shift == 0:
        return lines
    out = []
    for line in lines.splitlines(keepends=True):
        if shift > 0:
            out.append(" " * shift + line if line.strip() else line)
        else:
            pad = len(line) - len(line.lstrip(" "))
            out.append(line[min(pad, -shift):])
    return "".join(out)


def _ended(lines: str, nl: str) -> str:
    return lines if not lines or lines.endswith("\n") else lines + nl
