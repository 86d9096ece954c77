"""Making a re-read run's nodes the truth lazily: the move after it is only logged.

The language server commits a keystroke's re-read, and the
:class:`~story_bible.writing.document.Document` an edit's, with :func:`commit_lazily`
(O(fragment + chunks), not O(file)): the re-read fragment's nodes are placed
with :class:`~story_bible.reading.nodes.Lines` of a new "epoch", and the
move of everything after the run (old tail, delta) is logged in its file's
``_Moves``. Nodes of older epochs keep the offsets they were read at; they
find where those are now by replaying the moves logged after their epoch
(``_Epoch.offset``), and their line and column in a chunked table of the
file's current line starts (:class:`LineTable`). So every node answers its
line and column at once (``Lines.locate``) and its offsets through
``Lines.offset``; :func:`settle` makes every raw offset true again (O(file);
nothing if no move was logged), as a reader of raw offsets or an eager
commit needs.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator
from typing import Any

from story_bible.model import Bible
from story_bible.reading.nodes import Lines, Mapping, Node, Scalar, Sequence
from story_bible.writing.commit import (
    adopt,
    adopt_entries,
    next_token,
    past_blank_lines,
    place,
    set_element,
    splice_nodes,
)
from story_bible.writing.text_editor import elements
from story_bible.writing.touched import TABLES, Unit, as_element, end_now, pairs, start_now


class LineTable:
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
        self.table = LineTable(starts)


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


def commit_lazily(
    bible: Bible, roots: dict[str, Node], units: list[Unit], texts: dict[str, str]
) -> None:
    """Place each unit's fragment in its file's nodes and only log the move of the rest."""
    for unit in units:
        root = roots[unit.file]
        state = _moves_of(root)
        text = texts[unit.file]
        delta = unit.new_tail - unit.old_tail
        size = unit.new_tail - unit.head
        inside = [unit.head + s for s in unit.fragment.lines.starts if 0 < s < size]
        state.table.replace(unit.head, unit.old_tail, inside, delta)
        if delta:  # a run of the same length moves nothing after it: nothing to settle
            state.moves.append((unit.old_tail, delta))
        lines = Lines("")
        lines.moved = _Epoch(state, len(state.moves))
        ends = (size, next_token(text, unit.new_tail), past_blank_lines(text, unit.new_tail))
        place(unit.fragment, unit.head, lines, ends)
        if unit.i > 0:
            before = as_element(pairs(unit.collection)[unit.i - 1])
            settled = _reend_lazily(before.value, unit.head, (
                next_token(text, unit.head), past_blank_lines(text, unit.head)
            ), lines)
            if settled is not before.value:
                set_element(unit.collection, unit.i - 1, settled)
                _adopt_one(bible, unit, before.key, settled)
        if unit.i == 0:
            _rebase(unit.collection, lines)
        splice_nodes(unit)
        _adopt_run(bible, unit)


def _rebase(container: Mapping | Sequence, lines: Lines) -> None:
    """Give ``container`` the offsets of now, in the epoch of ``lines``."""
    container.start = container.lines.offset(container.start)
    container.end = container.lines.offset(container.end)
    container.lines = lines


def _reend_lazily(node: Node, at: int, ends: tuple[int, int], lines: Lines) -> Node:
    """Move to ``ends`` the ends of the block nodes that ran up to offset ``at``.

    The eager commit's re-ending, for a tree committed lazily: what it moves
    joins ``lines``' epoch.
    """
    collection_end, scalar_end = ends
    if isinstance(node, Scalar):
        start = start_now(node)
        if start + node.size >= at and node.style in ("|", ">"):
            return Scalar.made(node.value, node.style, node.tag, start, scalar_end - start, lines)
        return node
    container = node
    if container.flow or end_now(container) < at:
        return node
    _rebase(container, lines)
    container.end = collection_end
    items = elements(container)
    if items:
        last = items[-1]
        settled = _reend_lazily(last.value, at, ends, lines)
        if settled is not last.value:
            set_element(container, len(items) - 1, settled)
    return node


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
    adopt_entries(fragment, table, unit.file)


def settle(
    bible: Bible, roots: dict[str, Node], texts: dict[str, str] | None = None, *,
    keep: bool = True,
) -> None:
    """Make every node's offsets true after lazy commits (O(file); nothing if none).

    ``texts``: the files' texts now (``bible.texts`` by default). ``keep``: the
    files keep their tables of line starts for the lazy commits to come; False
    gives every node plain :class:`Lines` (an eager commit's), even if settled.
    """
    for _ in settling(bible, roots, texts, keep=keep):
        pass


def settling(
    bible: Bible, roots: dict[str, Node], texts: dict[str, str] | None = None, *,
    keep: bool = True,
) -> Iterator[None]:
    """:func:`settle` in steps: it yields after each part of about :data:`STEP` bytes,
    so an editor can settle between keys.

    Between two steps every node is sound: a settled one has its offsets of now
    in the settle's epoch, which replays any move logged after the settle began;
    one not reached yet still replays its own. A step must not run once the
    nodes were changed since the last one (a commit): drop the iterator then and
    begin again.
    """
    for file, root in roots.items():
        moved = root.lines.moved
        if moved is None or (keep and isinstance(moved, _Epoch) and not moved.file.moves):
            continue  # never moved, or settled since
        since = None
        if isinstance(moved, _Epoch) and keep:
            # Its nodes will answer through the file's table of line starts, never from
            # the text: a Lines holding the whole text kept every version of the file
            # alive (~8.5 MB an edit at 20,000 beats, with the nodes the undo history's
            # entities keep).
            lines = Lines("")
        else:
            lines = Lines((texts or bible.texts)[file])
        if isinstance(moved, _Epoch):
            since = len(moved.file.moves)
            lines.moved = _Epoch(moved.file, since)
        walk = _Settling(lines)
        if isinstance(root, Scalar):
            roots[file] = walk.node(root)
        else:
            yield from walk.steps(root)
            yield  # the entities' adoption is a step of its own (20 ms at 20,000 beats)
        if isinstance(moved, _Epoch) and len(moved.file.moves) == since:
            # Every node is now of this text: nothing to replay. The file keeps its
            # table of line starts, which is the text's (rebuilding it is O(file)).
            moved.file.moves.clear()
            lines.moved = _Epoch(moved.file, 0) if keep else None
        adopt(bible, file, roots[file])


#: About how many bytes of the file a step of :func:`settling` settles.
STEP = 16_384


class _Settling:
    """One settle of a file: every node given its offsets of now and ``lines``.

    The hot loop of a settle (every node of the file, on every edit that moved
    text): what each epoch's nodes replay is worked out once per epoch, and the
    scalars are made inline.
    """

    __slots__ = ("lines", "pinned", "replays")

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        #: Per epoch (its Lines, by identity): the moves its nodes replay.
        self.replays: dict[int, tuple[tuple[int, int], ...]] = {}
        #: Those epochs' Lines, kept alive while their ids are keys (settled in steps,
        #: the last node of an epoch may go before the settle ends).
        self.pinned: list[Lines] = []

    def _replay(self, old: Lines) -> tuple[tuple[int, int], ...]:
        found = self.replays.get(id(old))
        if found is None:
            moved = old.moved
            found = tuple(moved.file.moves[moved.since:]) if isinstance(moved, _Epoch) else ()
            self.replays[id(old)] = found
            self.pinned.append(old)
        return found

    def node(self, node: Node) -> Node:
        if isinstance(node, Scalar):
            return self._scalar(node)
        self._container(node)
        return node

    def steps(self, container: Mapping | Sequence) -> Iterator[None]:
        """Settle ``container``, yielding after each part of about :data:`STEP` bytes."""
        self._own(container)
        if isinstance(container, Mapping):
            entries = container.entries
            for name, (key, value) in list(entries.items()):
                key = self._scalar(key)
                if isinstance(value, Scalar):
                    entries[name] = (key, self._scalar(value))
                    continue
                entries[name] = (key, value)
                yield from self._part(value)
        else:
            items = container.items
            for k, item in enumerate(list(items)):
                if isinstance(item, Scalar):
                    items[k] = self._scalar(item)
                else:
                    yield from self._part(item)

    def _part(self, container: Mapping | Sequence) -> Iterator[None]:
        if container.end - container.start > STEP:
            yield from self.steps(container)
        else:
            self._container(container)
            yield

    def _own(self, container: Mapping | Sequence) -> None:
        """Give ``container`` itself (not its children) its offsets of now."""
        start, end = container.start, container.end
        for at, delta in self._replay(container.lines):
            if start >= at:
                start += delta
            if end >= at:
                end += delta
        container.start, container.end, container.lines = start, end, self.lines

    def _scalar(self, node: Scalar) -> Scalar:
        start = node[3]
        for at, delta in self._replay(node[5]):
            if start >= at:
                start += delta
        return _new_tuple(Scalar, (node[0], node[1], node[2], start, node[4], self.lines))

    def _container(self, container: Mapping | Sequence) -> None:
        self._own(container)
        scalar, replay, lines = Scalar, self._replay, self.lines
        new = _new_tuple
        if isinstance(container, Mapping):
            entries = container.entries
            for name, (key, value) in entries.items():
                offset = key[3]
                for at, delta in replay(key[5]):
                    if offset >= at:
                        offset += delta
                key = new(scalar, (key[0], key[1], key[2], offset, key[4], lines))
                if value.__class__ is scalar:
                    offset = value[3]  # type: ignore[index]
                    for at, delta in replay(value[5]):  # type: ignore[index]
                        if offset >= at:
                            offset += delta
                    value = new(scalar, (value[0], value[1], value[2], offset,  # type: ignore[index]
                                         value[4], lines))  # type: ignore[index]
                else:
                    self._container(value)  # type: ignore[arg-type]
                entries[name] = (key, value)
        else:
            items = container.items
            for k, item in enumerate(items):
                if isinstance(item, Scalar):
                    items[k] = self._scalar(item)
                else:
                    self._container(item)


_new_tuple = tuple.__new__
