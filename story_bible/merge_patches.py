"""Their changes written into our text, by the editor's format-preserving patches.

An :class:`Op` is one of their changes (a field set or unset, an entity
added or removed); :class:`Theirs` turns it into patches of our text: their
text copied where it fits (comments and style kept), the value rendered as
the editor writes it elsewhere, each new entity after its neighbour in their
text. A change whose place the patches cannot find raises
:class:`~story_bible.merge_reading.Unmergeable` (the file is then merged line by line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from story_bible.merge_reading import (
    Path,
    Unmergeable,
    element_names,
    find_node,
    index_of,
    root_of,
)
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.writing import render
from story_bible.writing.patch import Patch, apply
from story_bible.writing.text_editor import TextEditor, elements


@dataclass(frozen=True)
class Op:
    """One of their changes to make in our text."""

    what: str  # "set", "unset" (a field); "add", "remove" (an entity)
    path: Path  # the entity (set/unset) or the table (add/remove); () is the file's top
    key: str


class Theirs:
    """Their text, its root and the base's, to copy their changes from."""

    def __init__(self, text: str, base_root: Mapping, raw: bool) -> None:
        self.text = text
        self.root = root_of(text)
        self.base_root = base_root
        self.raw = raw  # copy their text where it fits (else the editor renders values)

    def apply_all(self, text: str, ops: list[Op]) -> str:
        root = root_of(text)
        editor = TextEditor(text)
        return apply(text, [p for op in ops for p in self.patches(text, root, editor, op)])

    def patches(self, text: str, root: Mapping, editor: TextEditor, op: Op) -> list[Patch]:
        if op.what in ("set", "unset"):
            mapping = find_node(root, op.path)
            if not isinstance(mapping, Mapping):
                raise Unmergeable
            if op.what == "unset":
                if op.key not in mapping.entries or len(mapping.entries) == 1:
                    raise Unmergeable
                index = list(mapping.entries).index(op.key)
                return editor.remove_run(mapping, index, index)
            theirs = find_node(self.root, op.path)
            assert isinstance(theirs, Mapping)
            their_value = theirs.entries[op.key][1]
            if op.key in mapping.entries:
                key, node = mapping.entries[op.key]
                return self._set(editor, mapping, key, node, their_value)
            return self._insert(text, editor, mapping, theirs, op.key, op.path)
        container = find_node(root, op.path)
        theirs_container = find_node(self.root, op.path)
        if not isinstance(container, Mapping | Sequence):
            raise Unmergeable
        if op.what == "remove":
            found = index_of(container, op.key)
            if found is None or len(elements(container)) == 1:
                raise Unmergeable
            return editor.remove_run(container, found, found)
        assert isinstance(theirs_container, Mapping | Sequence)
        return self._insert(text, editor, container, theirs_container, op.key, op.path)

    def _set(self, editor: TextEditor, mapping: Mapping, key: Scalar, node: Node,
             theirs: Node) -> list[Patch]:
        raw = self.text[theirs.start : TextEditor(self.text).layout.content_end(theirs)]
        one_line = "\n" not in raw and "\r" not in raw
        fits = isinstance(theirs, Scalar) or theirs.flow
        if isinstance(theirs, Scalar) and mapping.flow and theirs.style == "" and any(
                c in raw for c in ",[]{}"):
            fits = False
        if isinstance(theirs, Scalar) and theirs.style in ("|", ">"):
            fits = False
        if self.raw and one_line and fits:
            return editor.replace(key, node, raw)
        return editor.set_value(key, node, typed(theirs), in_flow=mapping.flow)

    def _insert(self, text: str, editor: TextEditor, container: Mapping | Sequence,
                theirs: Mapping | Sequence, key: str, path: Path) -> list[Patch]:
        """Add their element ``key`` to our ``container``, after its neighbour in theirs."""
        their_elements = elements(theirs)
        names = element_names(theirs)
        at = names.index(key)
        ours = element_names(container)
        anchor = next((n for n in reversed(names[:at]) if n in ours), None)
        # Entities we added after the same neighbour come first: theirs follow them.
        base = find_node(self.base_root, path)
        old = set(element_names(base)) if isinstance(base, Mapping | Sequence) else set()
        start = ours.index(anchor) + 1 if anchor is not None else 0
        while start < len(ours) and ours[start] not in old and ours[start] not in names:
            anchor, start = ours[start], start + 1
        element = their_elements[at]
        their_editor = TextEditor(self.text)
        ours_elements = elements(container)
        copyable = (
            self.raw and not container.flow and not theirs.flow and ours_elements
            and editor.owns_lines(ours_elements[0]) and their_editor.owns_lines(element)
            and (anchor is None or editor.owns_lines(ours_elements[ours.index(anchor)]))
        )
        if copyable:
            start, end = their_editor.lines(element)
            lines = self.text[start:end]
            if not lines.endswith(("\n", "\r")):
                lines += editor.nl
            shift = editor.indent_of(container) - their_editor.indent_of(theirs)
            lines = reindent(lines, shift)
            if anchor is None:
                where = editor.lines(ours_elements[0])[0]
            else:
                where = editor.lines(ours_elements[ours.index(anchor)])[1]
                if where == len(text) and not text.endswith("\n"):
                    lines = editor.nl + lines.rstrip("\r\n")
            return [Patch(where, where, lines)]
        value = typed(element.value)
        if isinstance(container, Mapping):
            return editor.insert_entries(container, anchor, {key: value})
        index = ours.index(anchor) + 1 if anchor is not None else 0
        return editor.insert_items(container, index, [value])


def typed(node: Node) -> Any:
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
        return [typed(i) for i in node.items]
    return {k: typed(v) for k, (_, v) in node.entries.items()}


def reindent(lines: str, shift: int) -> str:
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
