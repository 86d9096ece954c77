"""Which run of whole entries a text patch touched, and whether it reads alone.

:func:`touched_units` finds, for each patched file, the smallest run of
whole entries of one block collection (a table's entities, the relations,
an arc's beats) that holds the file's patches, reads the patched run on its
own with the loader's fragment reader, and gives it as a :class:`Unit`; or
``None`` when some file's patches need the whole bible re-read (an anchor
or alias may be involved, no run reads alone, or the run would not be the
same collection's entries in the whole text).

Offsets are read as they are now (:func:`start_now`, :func:`end_now`): a
node committed lazily keeps the offset it was read at, and its
:class:`~story_bible.reading.nodes.Lines` say where that is now, so finding
the run works on a tree committed either way.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from story_bible.errors import LoadError
from story_bible.model import Bible, Entity
from story_bible.reading import loader
from story_bible.reading.composer import compose
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.writing.patch import Patch
from story_bible.writing.text_editor import Element
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


def touched_units(
    bible: Bible, roots: dict[str, Node], patches: dict[str, list[Patch]], texts: dict[str, str]
) -> list[Unit] | None:
    """Each patched file's run of entries read alone, or ``None``: re-read everything."""
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


# -- the smallest run that holds the patches and reads alone ---------------------


def _unit(
    bible: Bible, root: Node, file: str, old: str, new: str, patches: list[Patch]
) -> Unit | None:
    if not isinstance(root, Mapping):
        return None
    layout = layout_of(old)
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
    items = pairs(fragment)
    if not items:
        return False
    old = _anchor(layout, pairs(collection)[i])
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
    items = pairs(collection)
    if not items:
        return None
    lines = range(len(items))
    i = bisect.bisect_right(lines, lo, key=lambda k: layout.line_start(_anchor(layout, items[k])))
    j = bisect.bisect_left(lines, hi, key=lambda k: _tail(layout, as_element(items[k])))
    i -= 1
    if i < 0 or j >= len(items) or _head(layout, as_element(items[i])) is None:
        return None
    return i, max(i, j)


def pairs(collection: Mapping | Sequence) -> list[tuple[Scalar | None, Node]]:
    """The collection's entries as (key, value), the key ``None`` for a sequence item."""
    if isinstance(collection, Mapping):
        return list(collection.entries.values())  # type: ignore[arg-type]
    return [(None, v) for v in collection.items]


def as_element(pair: tuple[Scalar | None, Node]) -> Element:
    """A :func:`pairs` entry as the text editor's :class:`Element`."""
    return Element(pair[0], pair[1])


def _anchor(layout: Layout, pair: tuple[Scalar | None, Node]) -> int:
    key, value = pair
    return start_now(key) if key is not None else _dash(layout, value)


def _run_span(
    layout: Layout, collection: Mapping | Sequence, i: int, j: int
) -> tuple[int, int] | None:
    items = pairs(collection)
    head = _head(layout, as_element(items[i]))
    return None if head is None else (head, _tail(layout, as_element(items[j])))


def _tail(layout: Layout, element: Element) -> int:
    last = _content_end(layout, element.value)
    if element.key is not None:
        last = max(last, end_now(element.key))
    return layout.entry_tail(last)


def _head(layout: Layout, element: Element) -> int | None:
    offset = start_now(element.key) if element.key is not None else _dash(layout, element.value)
    return layout.line_start(offset) if layout.first_on_line(offset) else None


# -- offsets as they are now ----------------------------------------------------
#
# A node committed lazily keeps the offset it was read at, and its Lines say
# where that is now (see reparse.Reread).


def start_now(node: Node) -> int:
    """Where ``node`` starts in the text of now."""
    return node.lines.offset(node.start)


def end_now(node: Node) -> int:
    """Where ``node`` ends in the text of now."""
    if isinstance(node, Scalar):
        return node.lines.offset(node.start) + node.size
    return node.lines.offset(node.end)


def _dash(layout: Layout, item: Node) -> int:
    """The offset of the ``-`` that starts a block sequence item (Layout.dash_of, now)."""
    start = start_now(item)
    return layout.text.rindex("-", layout.line_start(start), start)


def _content_end(layout: Layout, node: Node) -> int:
    """Just past the last character written for ``node`` (Layout.content_end, now)."""
    if isinstance(node, Scalar):
        end = end_now(node)
        if node.style in ("|", ">"):
            start = start_now(node)
            header = layout.text[start : layout.line_end(start)].split("#", 1)[0]
            if "+" in header:  # |+ keeps its trailing blank lines as text
                return end
            while end > start and layout.text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if node.flow:
        return end_now(node)
    if isinstance(node, Mapping):
        if not node.entries:
            return end_now(node)
        key, value = next(reversed(node.entries.values()))
        return max(end_now(key), _content_end(layout, value))
    if not node.items:
        return end_now(node)
    return _content_end(layout, node.items[-1])


_layouts: list[Layout] = []


def layout_of(text: str) -> Layout:
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


# -- anchors and aliases ------------------------------------------------------------


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
