"""The model of patched bible text: re-read only what the patches touched, or everything.

Re-loading a 1,000-beat file costs more than the editor's whole budget for a
keypress, so an edit re-reads the smallest run of whole entries that holds
its patches (a beat, a few characters, an arc, a relation) with the loader's
own readers, splices the new entities into the model, and moves the nodes of
the rest of the file by the length the text gained or lost. Anything else
(seasons, statuses, the series, a file with anchors, text that does not read
on its own) is re-loaded whole. Either way the caller compares the result to
the model the edit meant, before :meth:`Reread.commit` makes it the truth.

The move is O(file). :meth:`Reread.commit_lazily` (the language server's,
a keystroke at a time) places the re-read nodes only and logs the move:
nodes read earlier keep their offsets and answer their line, column and
offset now through their :class:`~story_bible.reading.nodes.Lines`
(``Lines.locate``, ``Lines.offset``) until :func:`settle` makes every raw
offset true. Finding the run reads offsets through the Lines too, so it
works on a tree committed either way.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
from array import array
from collections.abc import Callable
from typing import Any, NamedTuple

from story_bible.errors import LoadError
from story_bible.model import Arc, Beat, Bible, Entity
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


def _nothing() -> None:
    """Nothing to commit: a whole re-read's nodes are the truth already."""


class Reread(NamedTuple):
    """A candidate model for the patched text, and how to make its nodes the truth.

    ``commit`` moves every node after the change (O(file)): what the
    :class:`~story_bible.writing.document.Document` does, whose edits read
    node offsets directly. ``commit_lazily`` places only the re-read nodes and
    logs the move for the rest (O(fragment + chunks)): every node then answers
    its line and column, and :func:`settle` its offsets, through
    :attr:`Lines.moved`; a tree committed lazily is settled before any
    eager commit or direct offset read.
    """

    bible: Bible
    roots: dict[str, Node]
    commit: Callable[[], None]
    commit_lazily: Callable[[], None] = _nothing


def reread(
    bible: Bible, roots: dict[str, Node], patches: dict[str, list[Patch]],
    *, whole: bool = False, patched: dict[str, str] | None = None,
) -> Reread:
    """The model of ``bible``'s texts with ``patches`` applied; raises :class:`LoadError`.

    ``patched``: the texts the patches give, when the caller has them already.
    """
    texts = dict(bible.texts)
    for file, file_patches in patches.items():
        given = patched.get(file) if patched is not None else None
        texts[file] = given if given is not None else apply(bible.texts[file], file_patches)
    units = None if whole else _units(bible, roots, patches, texts)
    if units is None:
        return full(texts)
    candidate = _splice(bible, units, texts)
    return Reread(
        candidate, roots,
        lambda: _commit(candidate, roots, units, texts, bible.texts),
        lambda: _commit_lazily(candidate, roots, units, texts),
    )


def full(texts: dict[str, str]) -> Reread:
    """Load every file again (raises :class:`LoadError`)."""
    new_roots: dict[str, Node] = {}
    bible = loader.load_texts(texts, new_roots)
    return Reread(bible, new_roots, _nothing, _nothing)


# -- finding and reading the touched entries -----------------------------------


def _units(
    bible: Bible, roots: dict[str, Node], patches: dict[str, list[Patch]], texts: dict[str, str]
) -> list[Unit] | None:
    units = []
    for file, file_patches in patches.items():
        if not file_patches:
            continue
        old = bible.texts[file]
        if _aliased(old, texts[file], file_patches):
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
    layout = _layout(old)
    lo = min(p.start for p in patches)
    hi = max(p.end for p in patches)
    delta = sum(p.delta for p in patches)
    for collection, section, arc, i, j in _candidates(bible, layout, root, lo, hi):
        span = _run_span(layout, collection, i, j)
        if span is None:
            continue
        head, tail = span
        if 0 < tail + delta < len(new) and new[tail + delta - 1] != "\n":
            continue  # the run's last line break was taken: the next line joins it
        piece = new[head : tail + delta]
        try:
            fragment, problems = compose(piece, file)
        except LoadError:
            continue  # e.g. nothing left of the run: try a wider one
        if problems or isinstance(fragment, Scalar) or fragment.flow:
            continue
        if not _same_indent(layout, collection, i, piece, fragment):
            continue  # its entries would not be the collection's in the whole text
        if type(fragment) is not type(collection):
            continue
        entities = loader.read_fragment(bible, file, section, arc, fragment)
        if entities is not None:
            return Unit(file, collection, section, arc, i, j, head, tail, tail + delta,
                        fragment, entities)
    return None


def _same_indent(
    layout: Layout, collection: Mapping | Sequence, i: int, piece: str,
    fragment: Mapping | Sequence,
) -> bool:
    """Whether the fragment's entries stand at the column of the collection's.

    Read alone, a run whose first line moved left or right is still a
    collection; in the whole text it would not be this one's entries. (A
    later line of the run left of the first does not read alone at all.)
    """
    items = _pairs(fragment)
    if not items:
        return False
    old = _anchor(layout, _pairs(collection)[i])
    key, value = items[0]
    if key is not None:
        at = key.start
    else:
        start = value.start
        at = piece.rindex("-", piece.rfind("\n", 0, start) + 1, start)
    return at - (piece.rfind("\n", 0, at) + 1) == old - layout.line_start(old)


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
    size = len(collection.entries) if isinstance(collection, Mapping) else len(collection.items)
    runs = [(i, j), (i, min(j + 1, size - 1)), (max(i - 1, 0), j)]
    return [(collection, section, arc, a, b) for a, b in dict.fromkeys(runs)]


def _cover(
    layout: Layout, collection: Mapping | Sequence, lo: int, hi: int
) -> tuple[int, int] | None:
    """The run ``i..j`` of whole-line entries that holds [lo, hi].

    Entries are in text order, so both ends are found by halving (a beats
    table of an arc, or the 2,000 characters, costs a few dozen looks).
    """
    items = _pairs(collection)
    if not items:
        return None
    lines = range(len(items))
    i = bisect.bisect_right(lines, lo, key=lambda k: layout.line_start(_anchor(layout, items[k])))
    j = bisect.bisect_left(lines, hi, key=lambda k: _tail(layout, _element(items[k])))
    i -= 1
    if i < 0 or j >= len(items) or _head(layout, _element(items[i])) is None:
        return None
    return i, max(i, j)


def _pairs(collection: Mapping | Sequence) -> list[tuple[Scalar | None, Node]]:
    if isinstance(collection, Mapping):
        return list(collection.entries.values())  # type: ignore[arg-type]
    return [(None, v) for v in collection.items]


def _element(pair: tuple[Scalar | None, Node]) -> Element:
    return Element(pair[0], pair[1])


def _anchor(layout: Layout, pair: tuple[Scalar | None, Node]) -> int:
    key, value = pair
    return _start(key) if key is not None else _dash(layout, value)


def _run_span(
    layout: Layout, collection: Mapping | Sequence, i: int, j: int
) -> tuple[int, int] | None:
    items = _pairs(collection)
    head = _head(layout, _element(items[i]))
    return None if head is None else (head, _tail(layout, _element(items[j])))


def _tail(layout: Layout, element: Element) -> int:
    last = _content_end(layout, element.value)
    if element.key is not None:
        last = max(last, _end(element.key))
    return layout.entry_tail(last)


def _head(layout: Layout, element: Element) -> int | None:
    offset = _start(element.key) if element.key is not None else _dash(layout, element.value)
    return layout.line_start(offset) if layout.first_on_line(offset) else None


# Offsets as they are now: a node committed lazily keeps the offset it was
# read at, and its Lines say where that is now (see Reread).


def _start(node: Node) -> int:
    return node.lines.offset(node.start)


def _end(node: Node) -> int:
    if isinstance(node, Scalar):
        return node.lines.offset(node.start) + node.size
    return node.lines.offset(node.end)


def _dash(layout: Layout, item: Node) -> int:
    """The offset of the ``-`` that starts a block sequence item (Layout.dash_of, now)."""
    start = _start(item)
    return layout.text.rindex("-", layout.line_start(start), start)


def _content_end(layout: Layout, node: Node) -> int:
    """Just past the last character written for ``node`` (Layout.content_end, now)."""
    if isinstance(node, Scalar):
        end = _end(node)
        if node.style in ("|", ">"):
            start = _start(node)
            header = layout.text[start : layout.line_end(start)].split("#", 1)[0]
            if "+" in header:  # |+ keeps its trailing blank lines as text
                return end
            while end > start and layout.text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if node.flow:
        return _end(node)
    if isinstance(node, Mapping):
        if not node.entries:
            return _end(node)
        key, value = next(reversed(node.entries.values()))
        return max(_end(key), _content_end(layout, value))
    if not node.items:
        return _end(node)
    return _content_end(layout, node.items[-1])


_layouts: list[Layout] = []


def _layout(text: str) -> Layout:
    """The Layout of ``text``, kept for the next edit (which reads the text it made)."""
    for layout in _layouts:
        if layout.text is text:
            return layout
    if "\r" in text:  # a one-character search is a memchr; "\r\n" in 4 MB is not
        made = Layout(text)
    else:
        made = Layout.__new__(Layout)
        made.text, made.nl = text, "\n"
    _layouts[:] = [made, *_layouts[:1]]
    return made


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
    beats = _same_beats(bible, units)
    if beats is None:
        return dataclasses.replace(bible, arcs=arcs, texts=texts, **changes)
    # The same beats under the same ids: the index is the old one with the
    # re-read beats put in (a copy in C), not rebuilt beat by beat.
    spliced = copy.copy(bible)
    for name, value in (("arcs", arcs), ("texts", texts), *changes.items()):
        setattr(spliced, name, value)
    spliced.beats = beats
    return spliced


def _same_beats(bible: Bible, units: list[Unit]) -> dict[str, Beat] | None:
    """``bible.beats`` with the units' beats put in, when only beats were re-read, as they were."""
    if any(unit.section != "beats" for unit in units):
        return None
    beats = dict(bible.beats)
    for unit in units:
        if _ids(unit) != [e.id for e in unit.entities]:
            return None
        for beat in unit.entities:
            assert isinstance(beat, Beat)  # a beats unit reads beats
            beats[beat.id] = beat
    return beats


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


def _commit(
    bible: Bible, roots: dict[str, Node], units: list[Unit], texts: dict[str, str],
    old_texts: dict[str, str],
) -> None:
    for unit in units:
        if roots[unit.file].lines.moved is not None:
            # Committed lazily before: make every offset true first, in the
            # text before this edit (the one the units were found in).
            settle(bible, {unit.file: roots[unit.file]}, {unit.file: old_texts[unit.file]})
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


# -- committing lazily ----------------------------------------------------------------
#
# A lazy commit places the re-read fragment (its nodes get Lines of a new
# "epoch") and logs the move (old tail, delta) in its file's _Moves; nodes of
# older epochs keep their offsets and find where they are now by replaying
# the moves logged after their epoch (_Epoch.offset), and their line in a
# chunked table of the file's current line starts (_LineTable).


class _LineTable:
    """A file's current line starts, in chunks: an edit rewrites one chunk or two
    and moves the later chunks' bases (O(chunk + chunks), not O(lines))."""

    CHUNK = 1024

    def __init__(self, starts: array[int]) -> None:
        self.bases: list[int] = []  # each chunk's first line start
        self.firsts: list[int] = []  # each chunk's first line, 0-based
        self.chunks: list[array[int]] = []  # line starts relative to the base
        self._fill(0, list(starts), 0)

    def _fill(self, at: int, starts: list[int], first: int) -> None:
        """Put chunks holding ``starts`` (absolute), whose first line is ``first``, at ``at``."""
        bases, firsts, chunks = [], [], []
        for k in range(0, len(starts), self.CHUNK):
            part = starts[k : k + self.CHUNK]
            bases.append(part[0])
            firsts.append(first + k)
            chunks.append(array("q", [x - part[0] for x in part]))
        self.bases[at:at] = bases
        self.firsts[at:at] = firsts
        self.chunks[at:at] = chunks

    def locate(self, offset: int) -> tuple[int, int]:
        c = max(bisect.bisect_right(self.bases, offset) - 1, 0)
        rel = offset - self.bases[c]
        chunk = self.chunks[c]
        k = max(bisect.bisect_right(chunk, rel) - 1, 0)
        return self.firsts[c] + k + 1, rel - chunk[k] + 1

    def replace(self, head: int, old_tail: int, inside: list[int], delta: int) -> None:
        """Lines starting in (head, old_tail) become ``inside``; later ones move by ``delta``."""
        first = max(bisect.bisect_right(self.bases, head) - 1, 0)
        last = max(bisect.bisect_right(self.bases, old_tail) - 1, first)
        starts = [
            self.bases[c] + x for c in range(first, last + 1) for x in self.chunks[c]
        ]
        kept = (
            [x for x in starts if x <= head]
            + inside
            + [x + delta for x in starts if x >= old_tail]
        )
        gained = len(kept) - len(starts)
        line = self.firsts[first]
        del self.bases[first : last + 1], self.firsts[first : last + 1]
        del self.chunks[first : last + 1]
        self._fill(first, kept, line)
        later = first + (len(kept) + self.CHUNK - 1) // self.CHUNK
        if delta:
            self.bases[later:] = [b + delta for b in self.bases[later:]]
        if gained:
            self.firsts[later:] = [f + gained for f in self.firsts[later:]]


class _Moves:
    """One file's log of lazily committed moves, and its current line starts."""

    __slots__ = ("moves", "table")

    def __init__(self, starts: array[int]) -> None:
        self.moves: list[tuple[int, int]] = []  # (at, delta) in the text of their time
        self.table = _LineTable(starts)


class _Epoch:
    """Where the offsets of one epoch's nodes are now (a :class:`Moved`)."""

    __slots__ = ("file", "since")

    def __init__(self, file: _Moves, since: int) -> None:
        self.file = file
        self.since = since

    def offset(self, offset: int) -> int:
        moves = self.file.moves
        for k in range(self.since, len(moves)):
            at, delta = moves[k]
            if offset >= at:
                offset += delta
        return offset

    def locate(self, offset: int) -> tuple[int, int]:
        return self.file.table.locate(self.offset(offset))


def _moves_of(root: Node) -> _Moves:
    moved = root.lines.moved
    if isinstance(moved, _Epoch):
        return moved.file
    state = _Moves(root.lines.starts)
    root.lines.moved = _Epoch(state, 0)
    return state


def moves_logged(roots: dict[str, Node]) -> int:
    """How many lazily committed moves the most moved file's nodes replay (0: settled)."""
    counts = [len(m.file.moves) for r in roots.values() if isinstance(m := r.lines.moved, _Epoch)]
    return max(counts, default=0)


def _commit_lazily(
    bible: Bible, roots: dict[str, Node], units: list[Unit], texts: dict[str, str]
) -> None:
    for unit in units:
        root = roots[unit.file]
        state = _moves_of(root)
        text = texts[unit.file]
        delta = unit.new_tail - unit.old_tail
        size = unit.new_tail - unit.head
        inside = [unit.head + s for s in unit.fragment.lines.starts if 0 < s < size]
        state.table.replace(unit.head, unit.old_tail, inside, delta)
        state.moves.append((unit.old_tail, delta))
        lines = Lines("")
        lines.moved = _Epoch(state, len(state.moves))
        ends = (size, _next_token(text, unit.new_tail), _past_blank_lines(text, unit.new_tail))
        _place(unit.fragment, unit.head, lines, ends)
        if unit.i > 0:
            before = _element(_pairs(unit.collection)[unit.i - 1])
            settled = _reend_lazily(before.value, unit.head, (
                _next_token(text, unit.head), _past_blank_lines(text, unit.head)
            ), lines)
            if settled is not before.value:
                _set_element(unit.collection, unit.i - 1, settled)
                _adopt_one(bible, unit, before.key, settled)
        if unit.i == 0:
            _rebase(unit.collection, lines)
        _splice_nodes_lazily(unit)
        _adopt_run(bible, unit)


def _rebase(container: Mapping | Sequence, lines: Lines) -> None:
    """Give ``container`` the offsets of now, in the epoch of ``lines``."""
    container.start = container.lines.offset(container.start)
    container.end = container.lines.offset(container.end)
    container.lines = lines


def _reend_lazily(node: Node, at: int, ends: tuple[int, int], lines: Lines) -> Node:
    """:func:`_reend` for a tree committed lazily (what it moves joins ``lines``' epoch)."""
    collection_end, scalar_end = ends
    if isinstance(node, Scalar):
        start = _start(node)
        if start + node.size >= at and node.style in ("|", ">"):
            return Scalar.made(node.value, node.style, node.tag, start, scalar_end - start, lines)
        return node
    container = node
    if container.flow or _end(container) < at:
        return node
    _rebase(container, lines)
    container.end = collection_end
    items = elements(container)
    if items:
        last = items[-1]
        settled = _reend_lazily(last.value, at, ends, lines)
        if settled is not last.value:
            _set_element(container, len(items) - 1, settled)
    return node


def _splice_nodes_lazily(unit: Unit) -> None:
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


def _section_table(bible: Bible, unit: Unit) -> dict[str, Any] | None:
    if unit.section == "beats":
        arc = bible.arcs.get(unit.arc or "")
        return arc.beats if arc is not None else None
    if unit.section in TABLES:
        table: dict[str, Any] = getattr(bible, unit.section)
        return table
    return None


def _adopt_one(bible: Bible, unit: Unit, key: Scalar | None, value: Node) -> None:
    table = _section_table(bible, unit)
    if key is None or table is None:
        return
    entity = table.get(key.value)
    if entity is not None and entity.file == unit.file and entity.node is not value:
        entity.node = value


def _adopt_run(bible: Bible, unit: Unit) -> None:
    """Point the re-read entities at their placed nodes (what :func:`adopt` does, for the run)."""
    fragment = unit.fragment
    if isinstance(fragment, Sequence):
        if unit.section == "relations":
            mine = [r for r in bible.relations if r.file == unit.file]
            for relation, item in zip(mine[unit.i :], fragment.items, strict=False):
                relation.node = item
        return
    table = _section_table(bible, unit)
    if table is None:
        return
    for key, (key_node, value) in fragment.entries.items():
        entity = table.get(key)
        if entity is None or entity.file != unit.file:
            continue
        entity.key_node, entity.node = key_node, value
        if isinstance(entity, Arc) and isinstance(value, Mapping):
            beats = value.get("beats")
            if isinstance(beats, Mapping):
                for beat_id, (beat_key, beat_node) in beats.entries.items():
                    beat = entity.beats.get(beat_id)
                    if beat is not None:
                        beat.key_node, beat.node = beat_key, beat_node


def settle(bible: Bible, roots: dict[str, Node], texts: dict[str, str] | None = None) -> None:
    """Make every node's offsets true after lazy commits (O(file); nothing if none).

    ``texts``: the files' texts now (``bible.texts`` by default).
    """
    for file, root in roots.items():
        if root.lines.moved is None:
            continue
        lines = Lines((texts or bible.texts)[file])
        _settled(root, lines)
        adopt(bible, file, root)


def _settled(node: Node, lines: Lines) -> Node:
    if isinstance(node, Scalar):
        return Scalar.made(
            node.value, node.style, node.tag, node.lines.offset(node.start), node.size, lines
        )
    _rebase(node, lines)
    if isinstance(node, Mapping):
        entries = node.entries
        for key, (key_node, value) in entries.items():
            settled_key = _settled(key_node, lines)
            assert isinstance(settled_key, Scalar)
            entries[key] = (settled_key, _settled(value, lines))
    else:
        items = node.items
        for k, item in enumerate(items):
            items[k] = _settled(item, lines)
    return node


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
    layout = _layout(text)
    while at < len(text):
        line = layout.line(at)
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return at + len(line) - len(stripped)
        at = layout.next_line(at)
    return len(text)


def _past_blank_lines(text: str, at: int) -> int:
    layout = _layout(text)
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


_alias_free: list[str] = []


def _aliased(old: str, new: str, patches: list[Patch]) -> bool:
    """Whether ``old`` or ``new`` (``old`` patched) may hold an anchor or alias.

    A text found free of them last time (kept by identity) is, once patched,
    free of them unless the patched stretch (with a character either side,
    which decides what a mark is) holds one: a keystroke looks at a few
    characters, not at the whole file twice.
    """
    if any(text is old for text in _alias_free):
        delta = 0
        aliased = False
        for patch in sorted(patches, key=lambda p: p.start):
            start = patch.start + delta
            around = new[max(start - 2, 0) : start + len(patch.new) + 2]
            aliased = aliased or _has_aliases(around)
            delta += patch.delta
    else:
        aliased = _has_aliases(old) or _has_aliases(new)
    if not aliased:
        _alias_free[:] = [new, *_alias_free[:1]]
    return aliased


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
