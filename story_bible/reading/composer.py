"""Compose a located YAML node tree (``nodes.py``) straight from libyaml's event stream.

PyYAML's own composer and constructor are where its time goes (resolving
every scalar against YAML 1.1's implicit types, building nodes with marks).
This module reads the C parser's events once and keeps, for every node, only
its text offsets; line and column are worked out from the offsets when asked
(:class:`~story_bible.reading.nodes.Lines`), which is rare: for a diagnostic or an
edit. Nothing is resolved: a scalar stays the string it was written as, with
its style, so the field table's readers decide what ``no`` or ``1e3`` means.

It also enforces what a bible file must be, whatever its content: one
document, scalar mapping keys without duplicates, only the core tags, and
aliases whose expansion stays within a bound (no "billion laughs",
``aliases.py``); and the YAML that libyaml accepts although the spec forbids
it (``strict_yaml.py``). How each problem is told is ``yaml_problems.py``'s.
Every location is worked out from a text offset, never from libyaml's line
count, which also breaks lines at U+2028, U+2029 and NEL.

:func:`compose` is the hot path's event loop (every event of every file an
``arcroom check`` reads): it stays one function, with locals for what it
touches per event, and calls out only for what is rare.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Callable
from typing import Any, Protocol

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from story_bible.errors import LoadError, Problem
from story_bible.reading.aliases import Anchors
from story_bible.reading.nodes import Lines, Mapping, Node, Scalar, Sequence, Unusual, Written
from story_bible.reading.yaml_problems import (
    START_HINT,
    bad_tag,
    check_syntax,
    duplicate,
    second_document,
    stopped,
)

try:
    from yaml._yaml import CParser as _Parser

    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)

    WITH_LIBYAML = False

CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    {None, "!"} | {CORE + t for t in ("str", "int", "bool", "null", "float", "map", "seq")}
)

class TableReader(Protocol):
    """Reads some mappings straight from the events, without composing their nodes.

    :func:`compose` asks :meth:`reads` of each mapping at most ``depth`` keys
    deep (its ``path``: the keys from the root down to it); for one it
    reads, it hands over the events with :meth:`read`.
    """

    depth: int

    def reads(self, path: tuple[str | None, ...]) -> bool:
        """Whether it reads the mapping at ``path``."""
        raise NotImplementedError

    def read(
        self, get_event: Callable[[], Any], start: Any, path: tuple[str | None, ...],
        lines: Lines,
    ) -> Mapping:
        """The mapping that ``start`` opens, read to its end; the reader keeps what it held."""
        raise NotImplementedError


def _path(
    stack: list[tuple[Any, Any, Any, Any, str | None]], key: Scalar
) -> tuple[str | None, ...]:
    """The keys from the root to the mapping opening under ``key`` (None: in a list)."""
    keys = [frame[3].value if frame[3].__class__ is Scalar else None for frame in stack[1:]]
    return (*keys, key.value)


def compose(
    text: str, file: str, tables: TableReader | None = None, *, at: int = 0,
    lines: Lines | None = None,
) -> tuple[Node, list[Problem]]:
    """Compose the single document in ``text`` into located nodes.

    Returns the root and the problems that did not stop the reading
    (duplicate keys, disallowed tags, syntax libyaml lets through). Raises
    :class:`LoadError` when the text cannot be read on (a syntax error, a
    character YAML forbids, an alias bomb, an empty file).

    ``tables``, when given, reads the mappings it chooses (a bible's
    characters and beats, ``quick.py``) straight from the events instead of
    composing their nodes: they are most of a bible, and ``arcroom check``
    needs their nodes only where it reports a problem
    (:func:`compose_fragment`). The reading then raises :class:`Unusual` for
    what the full one alone tells apart: tags, aliases, and the syntax of
    :func:`~story_bible.reading.strict_yaml.strict_yaml`.

    ``at`` and ``lines``, when ``text`` is a part of a file: where in the
    file it starts, and the file's lines; every node and problem is then
    located in the file.
    """
    if tables is not None and has_tags(text):
        raise Unusual("tags")
    part = lines is not None
    lines = lines or Lines(text)
    problems: list[Problem] = []

    def problem(offset: int, end: int, code: str, message: str, hint: str | None = None) -> None:
        line, column = lines.locate(offset)
        end_line, end_column = lines.locate(end)
        problems.append(Problem(file, line, column, code, message, end_line, end_column, hint))

    try:
        # In the try: the pure-Python reader checks the characters as it starts.
        get_event: Callable[[], Any] = _Parser(text).get_event
        root, interned = _events(get_event, tables, at, lines, Anchors(len(text)), problem,
                                 problems)
    except yaml.YAMLError as exc:
        if not stopped(exc, text, at, problem, tables is None and not part, WITH_LIBYAML):
            problems.append(Problem(file, 1, 1, "B001", f"YAML error: {exc}"))
        raise LoadError(problems) from None
    if root is None:
        problems.append(Problem(file, 1, 1, "B006", "the file is empty", hint=START_HINT))
        raise LoadError(problems)
    if part and tables is None:
        return root, problems  # the syntax checks are the whole file's
    check_syntax(text, root, problem, tables is not None, "-" in interned)
    return root, problems


def _events(
    get_event: Callable[[], Any], tables: TableReader | None, at: int, lines: Lines,
    aliases: Anchors, problem: Callable[..., None], problems: list[Problem],
) -> tuple[Node | None, dict[str, str]]:
    """The event loop of :func:`compose`: the root node, and the short strings it interned.

    A problem that stops the reading (a bad alias, a second document) raises
    :class:`LoadError` with ``problems``.
    """
    anchors, open_anchors = aliases.anchors, aliases.open
    # The open container and how to attach to it, kept in locals (hot loop:
    # ~20 events a beat); ``stack`` saves the enclosing ones, with the anchor
    # of the container each frame opened. ``key`` is the mapping key waiting
    # for its value (None: the next node is a key; False: drop the value).
    stack: list[tuple[Any, Any, Any, Any, str | None]] = []
    parent: Sequence | Mapping | None = None
    append: Any = None  # parent.items.append when parent is a sequence
    entries: Any = None  # parent.entries when parent is a mapping
    key: Any = None
    root: Node | None = None
    documents = 0
    allowed = ALLOWED_TAGS
    new_scalar = tuple.__new__  # Scalar.made, without a call of its own: the hot loop
    interned: dict[str, str] = {}
    intern = interned.setdefault
    # Events are typed Any: mypy cannot narrow by ``cls is ScalarEvent`` as by
    # isinstance; both parsers mark every event (marks are not None).
    while (event := get_event()) is not None:
        # Dispatch on the exact class, most frequent first (identity tests).
        cls = event.__class__
        node: Node
        if cls is ScalarEvent:
            tag = event.tag
            if tag is not None and tag not in allowed:
                bad_tag(problem, tag, event.start_mark.index + at)
            value = event.value
            if len(value) < 40:  # keys, ids and positions repeat thousands of times
                value = intern(value, value)
            start = event.start_mark.index + at
            node = new_scalar(Scalar, (value, event.style or "", tag, start,
                                       event.end_mark.index + at - start, lines))
            if event.anchor:
                anchors[event.anchor] = node
        elif (
            tables is not None and cls is MappingStartEvent and key.__class__ is Scalar
            and len(stack) <= tables.depth and tables.reads(path := _path(stack, key))
        ):
            node = tables.read(get_event, event, path, lines)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            stack.append((parent, append, entries, key, event.anchor))
            parent, append, entries = _opened(event, at, lines, problem)
            key = None
            if event.anchor:
                open_anchors.add(event.anchor)
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            assert parent is not None  # libyaml pairs every end with a start
            node = parent
            node.end = event.end_mark.index + at
            parent, append, entries, key, anchor = stack.pop()
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = node
        elif cls is AliasEvent:
            if tables is not None:
                raise Unusual("an alias")  # it may stand for an entity read without nodes
            node = aliases.target(event, at, problem, problems)
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                second_document(event, at, problem, problems)
            continue
        else:
            continue
        # Attach the finished node to its parent.
        if append is not None:
            append(node)
        elif entries is None:
            root = node
        elif key is None:
            key = node if node.__class__ is Scalar else _not_a_key(node, problem)
        elif key is False:
            key = None
        else:
            pair = (key, node)
            earlier = entries.setdefault(key.value, pair)
            if earlier is not pair:
                problem(key.start, key.end, "B003", *duplicate(key, earlier, node))
            key = None
    return root, interned


def _opened(
    event: Any, at: int, lines: Lines, problem: Callable[..., None]
) -> tuple[Mapping | Sequence, Any, Any]:
    """The collection ``event`` opens, and how to attach to it (append, entries)."""
    tag, start = event.tag, event.start_mark.index + at
    if tag is not None and tag not in ALLOWED_TAGS:
        bad_tag(problem, tag, start)
    if event.__class__ is MappingStartEvent:
        mapping = Mapping(bool(event.flow_style), tag, start, lines)
        return mapping, None, mapping.entries
    sequence = Sequence(bool(event.flow_style), tag, start, lines)
    return sequence, sequence.items.append, None


def _not_a_key(node: Node, problem: Callable[..., None]) -> bool:
    """Tell that a collection stands where a key should; False: its value is dropped."""
    problem(node.start, node.end, "B001",
            f"a {node.kind} cannot be a mapping key; keys are plain names")
    return False


def has_tags(text: str) -> bool:
    """Whether ``text`` may hold a YAML tag (``!!str``, ``!local``, or ``!`` alone)."""
    at = text.find("!")
    while at >= 0:
        if not at or text[at - 1] in " \t\r\n[{,":
            return True
        at = text.find("!", at + 1)
    return False


def compose_fragment(written: Written, lines: Lines, path: tuple[str, ...]) -> Node | None:
    """The nodes of a value read without them, located in its whole file.

    The value's own text is composed alone, after as many spaces as its
    first line is indented, and located by the file's ``lines``: a block
    collection or scalar that runs to the value's end then ends there, as in
    the file. Should that not give a mapping (it always has, for a value the
    quick reading took), the whole text is composed and ``path`` followed.
    """
    text, start, end = written
    base = lines.starts[bisect.bisect_right(lines.starts, start) - 1]
    fragment = " " * (start - base) + text[start:end]
    with contextlib.suppress(LoadError):
        root, problems = compose(fragment, "<fragment>", at=base, lines=lines)
        if not problems and isinstance(root, Mapping):
            return root
    node: Node | None = compose(text, "<whole>")[0]
    for step in path:
        node = node.get(step) if isinstance(node, Mapping) else None
    return node
