"""The model of patched bible text: re-read only what the patches touched, or everything.

Re-loading a 1,000-beat file costs more than the editor's whole budget for a
keypress, so an edit re-reads the smallest run of whole entries that holds
its patches (a beat, a few characters, an arc, a relation) with the loader's
own readers, splices the new entities into the model, and moves the nodes of
the rest of the file by the length the text gained or lost. Anything else
(seasons, statuses, the series, a file with anchors, text that does not read
on its own) is re-loaded whole. Either way the caller compares the result to
the model the edit meant, before :meth:`Reread.commit` makes it the truth.
"""

from __future__ import annotations

import bisect
import dataclasses
from array import array
from collections.abc import Callable
from typing import Any, NamedTuple

from story_bible.errors import LoadError
from story_bible.model import Arc, Bible, Entity
from story_bible.reading import loader
from story_bible.reading.composer import compose
from story_bible.reading.nodes import Lines, Mapping, Node, Scalar, Sequence
from story_bible.writing.patch import Patch, apply
from story_bible.writing.text_editor import Element, elements
from story_bible.writing.text_layout import Layout

#: Tables whose entries can be re-read one run at a time.
TABLES = ("factions", "characters", "arcs")


class Unit(NamedTuple):
    """A run of whole entries ``i..j`` of a block collection, re-read as one fragment."""

    file: str
    collection: Mapping | Sequence
    section: str  # a table, "relations", or "beats"
    arc: str | None
    i: int
    j: int
    head: int  # where the run starts (a line start); text before it is untouched
    old_tail: int
    new_tail: int
    fragment: Mapping | Sequence
    entities: list[Entity]


class Reread(NamedTuple):
    """A candidate model for the patched text, and how to make its nodes the truth."""

    bible: Bible
    roots: dict[str, Node]
    commit: Callable[[], None]


def reread(
    bible: Bible, roots: dict[str, Node], patches: dict[str, list[Patch]],
    *, whole: bool = False,
) -> Reread:
    """The model of ``bible``'s texts with ``patches`` applied; raises :class:`LoadError`."""
    texts = dict(bible.texts)
    for file, file_patches in patches.items():
        texts[file] = apply(bible.texts[file], file_patches)
    units = None if whole else _units(bible, roots, patches, texts)
    if units is None:
        return full(texts)
    candidate = _splice(bible, units, texts)
    return Reread(candidate, roots, lambda: _commit(candidate, roots, units, texts))


def full(texts: dict[str, str]) -> Reread:
    """Load every file again (raises :class:`LoadError`)."""
    new_roots: dict[str, Node] = {}
    bible = loader.load_texts(texts, new_roots)
    return Reread(bible, new_roots, lambda: None)


# -- finding and reading the touched entries -----------------------------------


def _units(
    bible: Bible, roots: dict[str, Node], patches: dict[str, list[Patch]], texts: dict[str, str]
) -> list[Unit] | None:
    units = []
    for file, file_patches in patches.items():
        if not file_patches:
            continue
        old = bible.texts[file]
        if _has_aliases(old) or _has_aliases(texts[file]):
            return None  # an alias elsewhere may share what changes here
        unit = _unit(bible, roots[file], file, old, texts[file], file_patches)
        if unit is None:
            return None
        units.append(unit)
    return units


def _unit(
    bible: Bible, root: Node, file: str, old: str, new: str, patches: list[Patch]
) -> Unit | None:
    if not isinstance(root, Mapping):
        return None
    layout = Layout(old)
    lo = min(p.start for p in patches)
    hi = max(p.end for p in patches)
    delta = sum(p.delta for p in patches)
    for collection, section, arc, i, j in _candidates(bible, layout, root, lo, hi):
        span = _run_span(layout, collection, i, j)
        if span is None:
            continue
        head, tail = span
        try:
            fragment, problems = compose(new[head : tail + delta], file)
        except LoadError:
            continue  # e.g. nothing left of the run: try a wider one
        if problems or isinstance(fragment, Scalar) or fragment.flow:
            continue
        if type(fragment) is not type(collection):
            continue
        entities = loader.read_fragment(bible, file, section, arc, fragment)
        if entities is not None:
            return Unit(file, collection, section, arc, i, j, head, tail, tail + delta,
                        fragment, entities)
    return None


def _candidates(
    bible: Bible, layout: Layout, root: Mapping, lo: int, hi: int
) -> list[tuple[Mapping | Sequence, str, str | None, int, int]]:
    """Runs of entries that hold [lo, hi], the smallest first, each also widened by one."""
    found: list[tuple[Mapping | Sequence, str, str | None, int, int]] = []
    for section in (*TABLES, "relations"):
        node = root.get(section)
        if not isinstance(node, Mapping | Sequence) or node.flow:
            continue
        cover = _cover(layout, node, lo, hi)
        if cover is None:
            continue
        i, j = cover
        if section == "arcs" and i == j and isinstance(node, Mapping):
            arc_id, (_, arc_node) = list(node.entries.items())[i]
            beats = arc_node.get("beats") if isinstance(arc_node, Mapping) else None
            if isinstance(beats, Mapping) and not beats.flow and arc_id in bible.arcs:
                inner = _cover(layout, beats, lo, hi)
                if inner is not None:
                    found += _widened(beats, "beats", arc_id, *inner)
        found += _widened(node, section, None, i, j)
        break
    return found


def _widened(
    collection: Mapping | Sequence, section: str, arc: str | None, i: int, j: int
) -> list[tuple[Mapping | Sequence, str, str | None, int, int]]:
    size = len(elements(collection))
    runs = [(i, j), (i, min(j + 1, size - 1)), (max(i - 1, 0), j)]
    return [(collection, section, arc, a, b) for a, b in dict.fromkeys(runs)]


def _cover(
    layout: Layout, collection: Mapping | Sequence, lo: int, hi: int
) -> tuple[int, int] | None:
    """The run ``i..j`` of whole-line entries that holds [lo, hi]."""
    items = elements(collection)
    heads = [h for e in items if (h := _head(layout, e)) is not None]
    if not items or len(heads) < len(items):
        return None
    i = max((k for k, h in enumerate(heads) if h <= lo), default=None)
    j = min((k for k, e in enumerate(items) if _tail(layout, e) >= hi), default=None)
    if i is None or j is None:
        return None
    return i, max(i, j)


def _run_span(
    layout: Layout, collection: Mapping | Sequence, i: int, j: int
) -> tuple[int, int] | None:
    items = elements(collection)
    head = _head(layout, items[i])
    return None if head is None else (head, _tail(layout, items[j]))


def _tail(layout: Layout, element: Element) -> int:
    return layout.entry_tail(layout.entry_last(element.key, element.value))


def _head(layout: Layout, element: Element) -> int | None:
    offset = element.key.start if element.key is not None else layout.dash_of(element.value)
    return layout.line_start(offset) if layout.first_on_line(offset) else None


# -- the candidate model -----------------------------------------------------------


def _splice(bible: Bible, units: list[Unit], texts: dict[str, str]) -> Bible:
    changes: dict[str, Any] = {}
    arcs = dict(bible.arcs)
    for unit in units:
        old_ids = _ids(unit)
        if unit.section == "beats":
            assert unit.arc is not None
            arc = arcs[unit.arc]
            arcs[unit.arc] = dataclasses.replace(
                arc, beats=_replace_run(arc.beats, old_ids, unit.entities)
            )
        elif unit.section == "relations":
            relations = changes.get("relations", bible.relations)
            mine = [k for k, r in enumerate(relations) if r.file == unit.file]
            start = mine[unit.i] if unit.i < len(mine) else len(relations)
            end = mine[unit.j] + 1 if unit.j < len(mine) else start
            changes["relations"] = [*relations[:start], *unit.entities, *relations[end:]]
        elif unit.section == "arcs":
            arcs = _replace_run(arcs, old_ids, unit.entities)
        else:
            table = changes.get(unit.section, getattr(bible, unit.section))
            changes[unit.section] = _replace_run(table, old_ids, unit.entities)
    return dataclasses.replace(bible, arcs=arcs, texts=texts, **changes)


def _ids(unit: Unit) -> list[str]:
    if isinstance(unit.collection, Mapping):
        return list(unit.collection.entries)[unit.i : unit.j + 1]
    return []


def _replace_run(table: dict[str, Any], old_ids: list[str], new: list[Entity]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    gone = set(old_ids)
    placed = False
    for key, value in table.items():
        if key in gone:
            if not placed:
                out.update((e.id, e) for e in new)
                placed = True
            continue
        out[key] = value
    if not placed:
        out.update((e.id, e) for e in new)
    return out


# -- making the new nodes the truth -------------------------------------------------


def _commit(bible: Bible, roots: dict[str, Node], units: list[Unit], texts: dict[str, str]) -> None:
    for unit in units:
        root = roots[unit.file]
        lines = root.lines
        delta = unit.new_tail - unit.old_tail
        lines.starts = _spliced_starts(lines.starts, unit)
        if delta:
            _shift(root, unit.old_tail, delta, lines)
        text = texts[unit.file]
        # What ends where the fragment ends ends, in the whole text, further on:
        # a block collection at the next token, a block scalar past blank lines.
        ends = (unit.new_tail - unit.head, _next_token(text, unit.new_tail),
                _past_blank_lines(text, unit.new_tail))
        _place(unit.fragment, unit.head, lines, ends)
        if unit.i > 0:
            # The entry before the run ended, as libyaml sees it, where the run
            # began; it now ends where the run's first token is.
            before = elements(unit.collection)[unit.i - 1]
            settled = _reend(before.value, unit.head, (
                _next_token(text, unit.head), _past_blank_lines(text, unit.head)
            ))
            if settled is not before.value:
                _set_element(unit.collection, unit.i - 1, settled)
        _splice_nodes(unit)
        adopt(bible, unit.file, root)


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
            _set_element(container, len(items) - 1, settled)
    return node


def _set_element(collection: Mapping | Sequence, index: int, value: Node) -> None:
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
    spliced.extend(s + delta for s in starts[after:])
    return spliced


def _shift(node: Node, at: int, delta: int, lines: Lines) -> Node:
    """Move the nodes at or after offset ``at`` by ``delta`` (containers in place).

    This runs over most of a file's nodes on every edit, hence the scalars
    moved inline rather than each in a call of its own.
    """
    if isinstance(node, Scalar):
        return node if node.start < at else node.moved(delta, lines)
    if node.start >= at:
        node.start += delta
        node.end += delta
    elif node.end >= at:
        node.end += delta
    else:
        return node
    if isinstance(node, Mapping):
        entries = node.entries
        for key, (key_node, value) in entries.items():
            if value.end < at and key_node.start < at:
                continue
            if key_node.start >= at:
                key_node = key_node.moved(delta, lines)
            if isinstance(value, Scalar):
                value = value.moved(delta, lines)
            else:
                _shift(value, at, delta, lines)
            entries[key] = (key_node, value)
    else:
        items = node.items
        for k, item in enumerate(items):
            if item.end < at:
                continue
            if isinstance(item, Scalar):
                items[k] = item.moved(delta, lines)
            else:
                _shift(item, at, delta, lines)
    return node


def _place(node: Node, offset: int, lines: Lines, ends: tuple[int, int, int]) -> Node:
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
                _place_key(key_node, offset, lines, ends), _place(value, offset, lines, ends)
            )
    else:
        items = container.items
        for k, item in enumerate(items):
            items[k] = _place(item, offset, lines, ends)
    return node


def _place_key(key: Scalar, offset: int, lines: Lines, ends: tuple[int, int, int]) -> Scalar:
    placed = _place(key, offset, lines, ends)
    assert isinstance(placed, Scalar)  # a scalar is placed as a scalar
    return placed


def _next_token(text: str, at: int) -> int:
    """The first offset from the line start ``at`` that is not blank or a comment."""
    layout = Layout(text)
    while at < len(text):
        line = layout.line(at)
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return at + len(line) - len(stripped)
        at = layout.next_line(at)
    return len(text)


def _past_blank_lines(text: str, at: int) -> int:
    layout = Layout(text)
    while at < len(text) and layout.is_blank(at):
        at = layout.next_line(at)
    return at


def _splice_nodes(unit: Unit) -> None:
    collection, fragment = unit.collection, unit.fragment
    if unit.i == 0:
        collection.start = fragment.start
    if isinstance(collection, Mapping) and isinstance(fragment, Mapping):
        entries = list(collection.entries.items())
        new = entries[: unit.i] + list(fragment.entries.items()) + entries[unit.j + 1 :]
        collection.entries = dict(new)
    elif isinstance(collection, Sequence) and isinstance(fragment, Sequence):
        collection.items[unit.i : unit.j + 1] = fragment.items


def adopt(bible: Bible, file: str, root: Node) -> None:
    """Point every entity of ``file`` at its nodes in ``root`` (after nodes were rebuilt)."""
    if not isinstance(root, Mapping):
        return
    for section in ("statuses", "seasons", *TABLES):
        table = root.get(section)
        if not isinstance(table, Mapping):
            continue
        entities: dict[str, Entity] = getattr(bible, section)
        for key, (key_node, value) in table.entries.items():
            entity = entities.get(key)
            if entity is None or entity.file != file:
                continue
            entity.key_node, entity.node = key_node, value
            if isinstance(entity, Arc) and isinstance(value, Mapping):
                beats = value.get("beats")
                if isinstance(beats, Mapping):
                    for beat_id, (beat_key, beat_node) in beats.entries.items():
                        beat = entity.beats.get(beat_id)
                        if beat is not None:
                            beat.key_node, beat.node = beat_key, beat_node
    relations = root.get("relations")
    if isinstance(relations, Sequence):
        mine = [r for r in bible.relations if r.file == file]
        for relation, item in zip(mine, relations.items, strict=False):
            relation.node = item


def _has_aliases(text: str) -> bool:
    """Whether ``text`` may hold a YAML anchor or alias (``&name``, ``*name``)."""
    for mark in "&*":
        at = text.find(mark)
        while at >= 0:
            before = text[at - 1] if at else "\n"
            after = text[at + 1 : at + 2]
            if before in " \t\r\n[{," and after and after not in " \t\r\n[]{},":
                return True
            at = text.find(mark, at + 1)
    return False
