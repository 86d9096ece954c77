"""Making a re-read run's nodes the truth eagerly: every node after it moved.

:func:`commit_eagerly` splices each :class:`~story_bible.writing.touched.Unit`'s
fragment into its file's node tree: the file's line starts take the
fragment's, every node after the run moves by the length the text gained or
lost (:func:`shift`, O(file)), the fragment's nodes take the file's offsets
(:func:`place`), the entry before the run ends where the run's first token
is, and the bible's entities point at the new nodes (:func:`adopt`). Raw
node offsets are then true at once. The
:class:`~story_bible.writing.document.Document` commits lazily
(:mod:`story_bible.writing.lazy_commit`) and settles before its next edit;
this eager commit is the reference its tests compare with.

The tree must not hold lazily committed moves
(:mod:`story_bible.writing.lazy_commit`); :func:`story_bible.writing.reparse.reread`
settles it first. :func:`place`, :func:`set_element`, :func:`next_token`,
:func:`past_blank_lines` and :func:`adopt` serve the lazy commit too.
"""

from __future__ import annotations

import bisect
from array import array
from typing import Any

from story_bible.model import Arc, Bible
from story_bible.reading.nodes import Lines, Mapping, Node, Scalar, Sequence
from story_bible.writing.text_editor import elements
from story_bible.writing.touched import TABLES, Unit, layout_of


def commit_eagerly(
    bible: Bible, roots: dict[str, Node], units: list[Unit], texts: dict[str, str]
) -> None:
    """Splice each unit's fragment into its file's nodes, moving every node after it."""
    for unit in units:
        root = roots[unit.file]
        lines = root.lines
        delta = unit.new_tail - unit.old_tail
        lines.starts = _spliced_starts(lines.starts, unit)
        if delta:
            shift(root, unit.old_tail, delta, lines)
        text = texts[unit.file]
        # What ends where the fragment ends ends, in the whole text, further on:
        # a block collection at the next token, a block scalar past blank lines.
        ends = (unit.new_tail - unit.head, next_token(text, unit.new_tail),
                past_blank_lines(text, unit.new_tail))
        place(unit.fragment, unit.head, lines, ends)
        if unit.i > 0:
            # The entry before the run ended, as libyaml sees it, where the run
            # began; it now ends where the run's first token is.
            before = elements(unit.collection)[unit.i - 1]
            settled = _reend(before.value, unit.head, (
                next_token(text, unit.head), past_blank_lines(text, unit.head)
            ))
            if settled is not before.value:
                set_element(unit.collection, unit.i - 1, settled)
        splice_nodes(unit)
        # Nodes before the run are as they were, and so are those after it when the
        # text kept its length (nothing moved): only the entities between point anew.
        adopt(bible, unit.file, root, unit.head, None if delta else unit.new_tail)


def _reend(node: Node, at: int, ends: tuple[int, int]) -> Node:
    """Move to ``ends`` the ends of the block nodes that ran up to offset ``at``."""
    collection_end, scalar_end = ends
    if isinstance(node, Scalar):
        if node.end >= at and node.style in ("|", ">"):
            return Scalar.made(
                node.value, node.style, node.tag, node.start, scalar_end - node.start, node.lines
            )
        return node
    container = node
    if container.flow or container.end < at:
        return node
    container.end = collection_end
    items = elements(container)
    if items:
        last = items[-1]
        settled = _reend(last.value, at, ends)
        if settled is not last.value:
            set_element(container, len(items) - 1, settled)
    return node


def set_element(collection: Mapping | Sequence, index: int, value: Node) -> None:
    if isinstance(collection, Mapping):
        key = list(collection.entries)[index]
        collection.entries[key] = (collection.entries[key][0], value)
    else:
        collection.items[index] = value


def _spliced_starts(starts: array[int], unit: Unit) -> array[int]:
    """The file's line starts once the run's text is the fragment's."""
    size = unit.new_tail - unit.head
    inside = [unit.head + s for s in unit.fragment.lines.starts if 0 < s < size]
    before = bisect.bisect_right(starts, unit.head)
    after = bisect.bisect_left(starts, unit.old_tail)
    delta = unit.new_tail - unit.old_tail
    spliced = starts[:before]
    spliced.extend(inside)
    # The lines after the run, moved: a slice when they keep their offsets, else a
    # map of a C function (a third of a generator's time on 100,000s of lines).
    spliced.extend(starts[after:] if not delta else map(delta.__add__, starts[after:]))
    return spliced


def shift(node: Node, at: int, delta: int, lines: Lines) -> Node:
    """Move the nodes at or after offset ``at`` by ``delta`` (containers in place).

    This runs over most of a file's nodes on every edit that changes the text's
    length: what lies wholly after ``at`` goes to :func:`_shift_all`, with no
    comparisons, and the scalars are made inline rather than each in a call.
    """
    if isinstance(node, Scalar):
        return node if node.start < at else node.moved(delta, lines)
    if node.start >= at:
        _shift_all(node, delta, lines)
        return node
    if node.end < at:
        return node
    node.end += delta
    new, scalar = _new_tuple, Scalar
    if isinstance(node, Mapping):
        entries = node.entries
        for key, (key_node, value) in entries.items():
            if value.end < at and key_node.start < at:
                continue
            if key_node.start >= at:
                old = key_node
                key_node = new(scalar, (old[0], old[1], old[2], old[3] + delta, old[4], lines))
            if value.__class__ is scalar:
                value = value.moved(delta, lines) if value.start >= at else value
            else:
                shift(value, at, delta, lines)
            entries[key] = (key_node, value)
    else:
        items = node.items
        for k, item in enumerate(items):
            if item.end < at:
                continue
            if isinstance(item, Scalar):
                items[k] = item.moved(delta, lines) if item.start >= at else item
            else:
                shift(item, at, delta, lines)
    return node


_new_tuple = tuple.__new__


def _shift_all(node: Mapping | Sequence, delta: int, lines: Lines) -> None:
    """Move ``node`` and everything in it by ``delta`` (it lies wholly after the edit)."""
    new, scalar = _new_tuple, Scalar
    node.start += delta
    node.end += delta
    if node.__class__ is Mapping:
        entries = node.entries  # type: ignore[union-attr]
        v: Any
        for key, (k, v) in entries.items():
            k = new(scalar, (k[0], k[1], k[2], k[3] + delta, k[4], lines))
            if v.__class__ is scalar:
                v = new(scalar, (v[0], v[1], v[2], v[3] + delta, v[4], lines))
            else:
                _shift_all(v, delta, lines)
            entries[key] = (k, v)
    else:
        items = node.items  # type: ignore[union-attr]
        for i, v in enumerate(items):
            if v.__class__ is scalar:
                items[i] = new(scalar, (v[0], v[1], v[2], v[3] + delta, v[4], lines))
            else:
                _shift_all(v, delta, lines)


def place(node: Node, offset: int, lines: Lines, ends: tuple[int, int, int]) -> Node:
    """Turn a fragment's nodes into the file's: offsets moved by ``offset``.

    ``ends``: the fragment's length, and where a block collection and a
    block scalar that run to the fragment's end end in the whole text.
    """
    size, collection_end, scalar_end = ends
    if isinstance(node, Scalar):
        start = node.start + offset
        end = scalar_end if node.end >= size and node.style in ("|", ">") else start + node.size
        return Scalar.made(node.value, node.style, node.tag, start, end - start, lines)
    container = node
    container.start += offset
    container.end = (
        collection_end if container.end >= size and not container.flow else container.end + offset
    )
    container.lines = lines
    if isinstance(container, Mapping):
        entries = container.entries
        for key, (key_node, value) in entries.items():
            entries[key] = (
                _place_key(key_node, offset, lines, ends), place(value, offset, lines, ends)
            )
    else:
        items = container.items
        for k, item in enumerate(items):
            items[k] = place(item, offset, lines, ends)
    return node


def _place_key(key: Scalar, offset: int, lines: Lines, ends: tuple[int, int, int]) -> Scalar:
    placed = place(key, offset, lines, ends)
    assert isinstance(placed, Scalar)  # a scalar is placed as a scalar
    return placed


def next_token(text: str, at: int) -> int:
    """The first offset from the line start ``at`` that is not blank or a comment."""
    layout = layout_of(text)
    while at < len(text):
        line = layout.line(at)
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return at + len(line) - len(stripped)
        at = layout.next_line(at)
    return len(text)


def past_blank_lines(text: str, at: int) -> int:
    layout = layout_of(text)
    while at < len(text) and layout.is_blank(at):
        at = layout.next_line(at)
    return at


def splice_nodes(unit: Unit) -> None:
    """Put the unit's fragment in place of the entries it re-read (both commits)."""
    collection, fragment = unit.collection, unit.fragment
    if unit.i == 0:
        collection.start = fragment.start
    if isinstance(collection, Mapping) and isinstance(fragment, Mapping):
        entries = collection.entries
        keys = list(entries)
        if keys[unit.i : unit.j + 1] == list(fragment.entries):
            entries.update(fragment.entries)  # the same keys: values replaced in place
            return
        new = [(k, entries[k]) for k in keys[: unit.i]]
        new += fragment.entries.items()
        new += [(k, entries[k]) for k in keys[unit.j + 1 :]]
        collection.entries = dict(new)
    elif isinstance(collection, Sequence) and isinstance(fragment, Sequence):
        collection.items[unit.i : unit.j + 1] = fragment.items


def adopt_entries(
    table: Mapping, entities: dict[str, Any], file: str, start: int = 0,
    end: int | None = None,
) -> None:
    """Point the entities of ``file`` named in ``table`` (and their beats) at its nodes.

    Only the entries that reach offset ``start`` and begin by ``end`` (when given):
    an edit replaces no node outside them.
    """
    for key, (key_node, value) in table.entries.items():
        if end is not None and key_node.start > end:
            break  # entries are in the order they are written
        if value.end < start:
            continue
        entity = entities.get(key)
        if entity is None or entity.file != file:
            continue
        entity.key_node, entity.node = key_node, value
        if isinstance(entity, Arc) and isinstance(value, Mapping):
            beats = value.get("beats")
            if isinstance(beats, Mapping):
                adopt_entries(beats, entity.beats, file, start, end)


def adopt(bible: Bible, file: str, root: Node, start: int = 0, end: int | None = None) -> None:
    """Point every entity of ``file`` at its nodes in ``root`` (after nodes were rebuilt),
    or those whose entries reach ``start`` and begin by ``end`` (see :func:`adopt_entries`)."""
    if not isinstance(root, Mapping):
        return
    for section in ("statuses", "seasons", *TABLES):
        table = root.get(section)
        if not isinstance(table, Mapping):
            continue
        adopt_entries(table, getattr(bible, section), file, start, end)
    relations = root.get("relations")
    if isinstance(relations, Sequence):
        mine = [r for r in bible.relations if r.file == file]
        for relation, item in zip(mine, relations.items, strict=False):
            relation.node = item
