"""Patches that change one YAML collection of a file and leave the rest as written.

A :class:`TextEditor` works on one file's text and its node tree. It sets a
value in place (only the value's characters change), inserts a key or a list
item at the indentation and in the style (block or flow) of its neighbours,
removes entries with their lines and the comment lines just above them, and
turns a list or mapping into another by the smallest set of such changes, so
that a comment on the line of a kept item stays with it.
"""

from __future__ import annotations

import difflib
from functools import cached_property
from typing import Any, NamedTuple

from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.writing import render
from story_bible.writing.patch import Patch
from story_bible.writing.text_layout import Layout

#: Keys written after every other key of their mapping, whatever the format's order.
LAST_KEYS = ("beats",)


class Element(NamedTuple):
    """A mapping entry (``key`` set) or a sequence item (``key`` None)."""

    key: Scalar | None
    value: Node


def elements(collection: Mapping | Sequence) -> list[Element]:
    if isinstance(collection, Mapping):
        return [Element(k, v) for k, v in collection.entries.values()]
    return [Element(None, v) for v in collection.items]


class TextEditor:
    """Builds patches against one file's current text."""

    def __init__(self, text: str) -> None:
        self.layout = Layout(text)
        self.text = text
        self.nl = self.layout.nl

    # -- geometry ------------------------------------------------------------

    @cached_property
    def wrap(self) -> render.Wrap:
        """How this file wraps long text (new entries' text wraps the same way)."""
        return render.Wrap.measure(self.text)

    def head(self, element: Element) -> int:
        """Where an element's first line starts its own text (its key, or its ``-``)."""
        if element.key is not None:
            return element.key.start
        return self.layout.dash_of(element.value)

    def last(self, element: Element) -> int:
        return self.layout.entry_last(element.key, element.value)

    def owns_lines(self, element: Element) -> bool:
        """The element starts its line (so its lines can be taken or added whole)."""
        return self.layout.first_on_line(self.head(element))

    def lines(self, element: Element) -> tuple[int, int]:
        """The whole lines of a block element, with its own comments above it."""
        return self.layout.block_lines(self.head(element), self.last(element))

    def indent_of(self, collection: Mapping | Sequence) -> int:
        if isinstance(collection, Mapping):
            return self.layout.key_indent(collection)
        return self.layout.item_indent(collection)

    # -- values --------------------------------------------------------------

    def replace(self, key: Scalar | None, value: Node, new: str) -> list[Patch]:
        """Write ``new`` (a one-line rendering) where ``value`` is written."""
        if isinstance(value, Scalar):
            if value.style in ("|", ">") and self.layout.keeps_trailing_lines(value):
                return [Patch(value.start, value.end, new + self.nl)]
            if value.start == value.end and key is not None:
                return [Patch(value.start, value.end, " " + new)]
            return [Patch(value.start, self.layout.content_end(value), new)]
        if value.flow or key is None:
            return [Patch(value.start, value.end, new)]
        # A block collection: the value moves up onto the key's line, and a
        # comment written after the key stays where it is.
        colon = self.layout.colon_after(key)
        key_line_end = self.layout.line_end(colon)
        return [
            Patch(colon + 1, colon + 1, " " + new),
            Patch(key_line_end, self.layout.content_end(value), ""),
        ]

    def scalar_text(self, value: Any, node: Node | None, *, in_flow: bool, indent: int) -> str:
        keep = node.style if isinstance(node, Scalar) else ""
        return render.inline(value, keep=keep, indent=indent, nl=self.nl, in_flow=in_flow)

    def set_value(
        self, key: Scalar | None, node: Node, value: Any, *, in_flow: bool
    ) -> list[Patch]:
        """Make ``node`` say ``value`` (plain form), changing as little text as it can."""
        indent = self.value_indent(key, node)
        if isinstance(value, list) and isinstance(node, Sequence):
            return self.set_list(key, node, value)
        if isinstance(value, dict) and isinstance(node, Mapping):
            return self.set_mapping(key, node, value)
        if isinstance(value, list) and len(value) == 1 and isinstance(node, Scalar) and node.value:
            value = value[0]  # a single id written bare stays bare
        text = self.scalar_text(value, node, in_flow=in_flow, indent=indent)
        return self.replace(key, node, text)

    def value_indent(self, key: Scalar | None, node: Node) -> int:
        """The column for a literal block's lines under ``key``."""
        if isinstance(node, Scalar) and node.style in ("|", ">"):
            following = self.layout.next_line(node.start)
            if following < len(self.text) and not self.layout.is_blank(following):
                return self.layout.indent(following)
        base = self.layout.column(key.start) if key is not None else self.layout.column(node.start)
        return base + 2

    # -- lists and mappings: the smallest change -------------------------------

    def set_list(self, key: Scalar | None, seq: Sequence, new: list[Any]) -> list[Patch]:
        if not new:
            return self.replace(key, seq, "[]")
        if not seq.items:
            return self.replace(key, seq, render.flow(new))
        old = [item.value if isinstance(item, Scalar) else None for item in seq.items]
        patches: list[Patch] = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            both = min(i2 - i1, j2 - j1)
            for k in range(both):
                item = seq.items[i1 + k]
                text = self.scalar_text(new[j1 + k], item, in_flow=seq.flow, indent=2)
                patches += self.replace(None, item, text)
            if i2 - i1 > both:
                patches += self.remove_run(seq, i1 + both, i2 - 1)
            if j2 - j1 > both:
                patches += self.insert_items(seq, i1 + both, new[j1 + both : j2])
        return patches

    def set_mapping(self, key: Scalar | None, mapping: Mapping, new: dict[str, Any]) -> list[Patch]:
        kept = [k for k in mapping.entries if k in new]
        if not kept:
            return self.replace(key, mapping, render.flow(new))
        patches: list[Patch] = []
        keys = list(mapping.entries)
        gone = [i for i, k in enumerate(keys) if k not in new]
        for a, b in _runs(gone):
            patches += self.remove_run(mapping, a, b)
        for name in kept:
            entry_key, node = mapping.entries[name]
            if render.flow(new[name]) != self._written(node):
                patches += self.set_value(entry_key, node, new[name], in_flow=mapping.flow)
        added = {k: v for k, v in new.items() if k not in mapping.entries}
        if added:
            patches += self.insert_entries(mapping, kept[-1], added)
        return patches

    def _written(self, node: Node) -> str:
        """A node's value in flow style, to tell whether it needs rewriting."""
        return render.flow(_plain(node))

    # -- inserting -------------------------------------------------------------

    def insert_items(
        self, seq: Sequence, index: int, values: list[Any], *, block_items: bool = False
    ) -> list[Patch]:
        """Insert list items before ``seq.items[index]`` (or at the end).

        In a block list, ``block_items`` writes mappings as block mappings
        (``- key: value`` lines) rather than ``- {key: value}``.
        """
        if seq.flow or not seq.items:
            texts = [render.flow(v) for v in values]
            if not seq.items:
                return [Patch(seq.start + 1, seq.start + 1, ", ".join(texts))]
            if index == 0:
                return [Patch(seq.items[0].start, seq.items[0].start, ", ".join(texts) + ", ")]
            at = self.layout.content_end(seq.items[index - 1])
            return [Patch(at, at, "".join(", " + t for t in texts))]
        pad = " " * self.indent_of(seq)
        rendered = [self.item_text(v, len(pad), block=block_items) for v in values]
        if index == 0:
            at = self.lines(elements(seq)[0])[0]
            return [Patch(at, at, "".join(pad + r + self.nl for r in rendered))]
        at = self.layout.line_end(self.last(elements(seq)[index - 1]) - 1)
        return [Patch(at, at, "".join(self.nl + pad + r for r in rendered))]

    def item_text(self, value: Any, indent: int, *, block: bool = False) -> str:
        """A block sequence item: ``- value``, or a block mapping after the dash."""
        if block and isinstance(value, dict) and value:
            lines = render.block_mapping(value, indent + 2, 2, self.nl, self.wrap)
            return "- " + self.nl.join(lines)[indent + 2 :]
        return "- " + render.inline(value, indent=indent + 2, nl=self.nl)

    def insert_entries(
        self, mapping: Mapping, after: str | None, values: dict[str, Any],
        *, block_values: bool = False, separate: bool = False, nested: bool = False,
    ) -> list[Patch]:
        """Insert ``key: value`` entries after the entry ``after`` (None: first).

        In a block mapping, ``block_values`` writes mapping values as block
        mappings, and ``nested`` the mappings inside those too.
        """
        entries = elements(mapping)
        if mapping.flow or not entries:
            texts = [f"{render.scalar(k, flow=True)}: {render.flow(v)}" for k, v in values.items()]
            if not entries:
                return [Patch(mapping.start + 1, mapping.start + 1, ", ".join(texts))]
            if after is None:
                return [Patch(entries[0].key.start, entries[0].key.start, ", ".join(texts) + ", ")]  # type: ignore[union-attr]
            at = self.last(_entry(entries, after))
            return [Patch(at, at, "".join(", " + t for t in texts))]
        indent = self.indent_of(mapping)
        step = self.layout.child_step(mapping)
        align = self.aligned_column(entries)
        lines = self.entry_lines(values, indent, step, block_values=block_values, align=align,
                                 nested=nested)
        gap = self.nl if separate else ""
        if after is None and self.owns_lines(entries[0]):
            at = self.lines(entries[0])[0]
            return [Patch(at, at, "".join(text + self.nl + gap for text in lines))]
        anchor = _entry(entries, after) if after is not None else entries[0]
        at = self.layout.line_end(self.last(anchor) - 1)
        return [Patch(at, at, "".join(self.nl + gap + text for text in lines))]

    def aligned_column(self, entries: list[Element]) -> int:
        """The column a writer lines values up at (``horde:     {...}``), or 0."""
        padded: list[int] = []
        for key, value in entries:
            if key is None or value.start == value.end:
                continue
            colon = self.layout.colon_after(key)
            if self.layout.line_start(value.start) != self.layout.line_start(key.start):
                continue
            if not self.text[colon + 1 : value.start].strip(" ") and value.start - colon > 2:
                padded.append(self.layout.column(value.start))
        return max(set(padded), key=padded.count) if padded else 0

    def entry_lines(
        self, values: dict[str, Any], indent: int, step: int, *, block_values: bool,
        align: int = 0, nested: bool = False,
    ) -> list[str]:
        """Each ``key: value`` entry as text (lines joined) for a block mapping at ``indent``.

        ``align``: the column one-line values start at, when the writer aligns them.
        """
        out = []
        pad = " " * indent
        for key, value in values.items():
            name = render.scalar(key)
            if block_values and isinstance(value, dict) and value:
                if nested and all(isinstance(v, dict) for v in value.values()):
                    body = self.entry_lines(value, indent + step, step, block_values=True)
                else:
                    body = render.block_mapping(value, indent + step, step, self.nl, self.wrap)
                out.append(self.nl.join([f"{pad}{name}:", *body]))
            elif block_values and isinstance(value, list) and value:
                items = [f"{' ' * (indent + step)}- {render.flow(v)}" for v in value]
                out.append(self.nl.join([f"{pad}{name}:", *items]))
            else:
                space = " " * max(1, align - indent - len(name) - 1)
                head = f"{pad}{name}:{space}"
                text = render.inline(value, indent=indent + step, nl=self.nl, wrap=self.wrap,
                                     key_line=head)
                out.append(head + text)
        return out

    # -- removing --------------------------------------------------------------

    def remove_run(self, collection: Mapping | Sequence, a: int, b: int) -> list[Patch]:
        """Remove elements ``a..b`` (inclusive) of a collection."""
        items = elements(collection)
        n = len(items)
        if collection.flow:
            if b < n - 1:
                return [Patch(self.head_flow(items[a]), self.head_flow(items[b + 1]), "")]
            if a > 0:
                return [Patch(self.last(items[a - 1]), self.last(items[b]), "")]
            return [Patch(self.head_flow(items[0]), self.last(items[-1]), "")]
        if not self.owns_lines(items[a]):
            # The first key of a ``- key: value`` item: the next key moves up.
            if b < n - 1:
                return [Patch(self.head(items[a]), self.head(items[b + 1]), "")]
            raise ValueError("cannot remove every key of a list item's mapping")
        start = self.lines(items[a])[0]
        end = self.lines(items[b])[1]
        start, end = self.layout.removal(start, end)
        return [Patch(start, end, "")]

    def head_flow(self, element: Element) -> int:
        return element.key.start if element.key is not None else element.value.start


def _entry(entries: list[Element], name: str) -> Element:
    return next(e for e in entries if e.key is not None and e.key.value == name)


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _plain(node: Node) -> Any:
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [_plain(i) for i in node.items]
    return {k: _plain(v) for k, (_, v) in node.entries.items()}


def insertion_anchor(existing: list[str], new: str, order: tuple[str, ...]) -> str | None:
    """The existing key a new key goes after, by the format's order (None: first).

    It follows the latest written key that the format lists before the new
    one, so a writer's own order is kept and the new key lands near its kin.
    """
    rank = {k: i for i, k in enumerate(order)}
    for i, k in enumerate(LAST_KEYS):
        rank[k] = len(order) + i
    mine = rank.get(new, len(order))
    before = [k for k in existing if rank.get(k, -1) < mine]
    return before[-1] if before else None
