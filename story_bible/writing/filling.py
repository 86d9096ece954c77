"""The nodes an editor's quick opening left out, composed when there is time.

The editor opens a bible with the quick reading (``quick.py``) and keeps its
node trees: the beats and characters are read from libyaml's events, and
each arc's ``beats`` and the ``characters`` stand in the trees as mappings
without entries. Those entries are most of a bible's nodes (on 20,000 beats,
two thirds of the memory and most of the time of a full opening) and no one
needs them before the first edit. :func:`fill` composes one such mapping's
entries from its text and points the entities already in the model at them,
so nothing is read twice and, once every table is filled, the trees are the
ones a full reading composes (``tests/story_bible/test_filling.py`` compares
them node by node).

The :class:`~story_bible.writing.document.Document` fills what is left before
any edit; the editor fills a few tables between keys while the writer reads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from story_bible.model import COMPOSING, Bible
from story_bible.reading.composer import compose, compose_fragment
from story_bible.reading.loader import collector_paused
from story_bible.reading.nodes import Mapping, Node, Sequence, Written


def fill(bible: Bible, file: str, table: Mapping) -> None:
    """Compose ``table``'s entries (in ``file``, as ``bible`` reads it) and adopt them.

    The entities it holds get their key and value nodes, and forget the
    text they were read from, as the full reading leaves them. Holds
    :data:`~story_bible.model.COMPOSING`, so an entity composing its own nodes
    in another thread (a rule locating a problem) never keeps a copy of its
    own after this.
    """
    text = bible.texts[file]
    composed = compose_fragment(Written(text, table.start, table.end), table.lines, ())
    if not isinstance(composed, Mapping) or composed.start != table.start:
        composed = _at(compose(text, file)[0], table.start)
    with COMPOSING:
        table.entries = composed.entries
        for name, (key, value) in composed.entries.items():
            entity = bible.entity(name)
            if entity is None or entity.file != file or entity.source is None:
                raise AssertionError(f"{name!r} was not read quickly from {file}")
            entity.key_node, entity.node, entity.source = key, value, None


def _at(root: Node, start: int) -> Mapping:
    """The mapping of the tree ``root`` that starts at ``start``."""
    for node in _walk(root):
        if isinstance(node, Mapping) and node.start == start:
            return node
    raise AssertionError(f"no mapping starts at offset {start}")


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Mapping):
        for _, value in node.entries.values():
            yield from _walk(value)
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _walk(item)


class Filling:
    """The tables of a bible still to fill, filled one at a time and at most once.

    Thread-safe: the editor fills between keys, and an edit fills the rest
    at once; whoever comes second finds them done.
    """

    def __init__(self, tables: list[tuple[str, Mapping]]) -> None:
        self._tables = list(reversed(tables))  # filled in reading order, popped from the end
        self._lock = threading.Lock()

    @property
    def done(self) -> bool:
        return not self._tables

    def left(self) -> list[tuple[str, Mapping]]:
        """The tables still to fill, in reading order."""
        with self._lock:
            return list(reversed(self._tables))

    def some(self, bible: Bible, count: int | None = None) -> bool:
        """Fill ``count`` tables (None: all that are left); True when none is left."""
        with self._lock, collector_paused():  # as the reading: no garbage, many objects
            tables = self._tables
            for _ in range(len(tables) if count is None else min(count, len(tables))):
                file, table = tables[-1]
                fill(bible, file, table)
                tables.pop()
            return not tables
