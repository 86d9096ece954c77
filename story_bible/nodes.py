"""A located YAML node tree, composed straight from libyaml's event stream.

PyYAML's own composer and constructor are where its time goes (resolving
every scalar against YAML 1.1's implicit types, building nodes with marks).
This module reads the C parser's events once and keeps, for every node, only
its text offsets; line and column are worked out from the offsets when asked
(:class:`Lines`), which is rare: for a diagnostic or an edit. Nothing is
resolved: a scalar stays the string it was written as, with its style, so the
schema (``loader.py``) decides what ``no`` or ``1e3`` means where it stands.

It also enforces what a bible file must be, whatever its content: one
document, scalar mapping keys without duplicates, only the core tags, and
aliases whose expansion stays within a bound (no "billion laughs"); and the
YAML that libyaml accepts although the spec forbids it (:func:`strict_yaml`).
Every location is worked out from a text offset, never from libyaml's line
count, which also breaks lines at U+2028, U+2029 and NEL.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import unicodedata
from array import array
from collections.abc import Callable
from typing import Any, NamedTuple

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
from yaml.reader import ReaderError

from story_bible import yaml_mistakes
from story_bible.errors import LoadError, Problem

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
#: Nodes that aliases may add beyond those written in the file.
ALIAS_BUDGET = 100_000
_NEWLINE = re.compile(r"\r\n|\r|\n")
_new_tuple = tuple.__new__
_LF = re.compile("\n")


class Lines:
    """Turns text offsets of one file into 1-based (line, column).

    The line starts are found when first asked: ``arcroom check`` on a
    clean bible never asks.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: array[int] | None = None

    @property
    def starts(self) -> array[int]:
        """Where each line starts (an array: 8 bytes a line, where a list takes 36)."""
        if self._starts is None:
            # Most files end their lines with \n alone, which a one-character
            # pattern finds five times as fast.
            text = self._text
            newline = _NEWLINE if "\r" in text else _LF
            self._starts = array("q", [0])
            self._starts.extend(m.end() for m in newline.finditer(text))
            self._text = ""
        return self._starts

    @starts.setter
    def starts(self, starts: array[int]) -> None:
        self._starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


class _Located:
    """Line and column of a node, from its offsets (shared by every node kind)."""

    __slots__ = ()
    start: int
    end: int
    lines: Lines

    @property
    def line(self) -> int:
        return self.lines.locate(self.start)[0]

    @property
    def column(self) -> int:
        return self.lines.locate(self.start)[1]

    @property
    def end_line(self) -> int:
        return self.lines.locate(self.end)[0]

    @property
    def end_column(self) -> int:
        return self.lines.locate(self.end)[1]


class _ScalarFields(NamedTuple):
    value: str
    style: str
    tag: str | None
    start: int
    size: int
    lines: Lines


class Scalar(_ScalarFields, _Located):
    """A scalar as written: ``value`` is the text, ``style`` '' when plain.

    A tuple, because a bible has hundreds of thousands of them; it keeps the
    length of its text rather than its end offset, since lengths are mostly
    below 256, which Python shares, and each end offset would be an int of
    its own (7 MB on a 20,000-beat bible).
    """

    __slots__ = ()  # no instance dict: a tuple and nothing more

    @classmethod
    def made(
        cls, value: str, style: str, tag: str | None, start: int, size: int, lines: Lines
    ) -> Scalar:
        """A scalar of these fields, past the named tuple's checks (readers make 100,000s)."""
        return _new_tuple(cls, (value, style, tag, start, size, lines))

    def moved(self, delta: int, lines: Lines) -> Scalar:
        """This scalar ``delta`` characters further on, in the file of ``lines``."""
        return _new_tuple(
            Scalar, (self.value, self.style, self.tag, self.start + delta, self.size, lines)
        )

    @property
    def end(self) -> int:  # type: ignore[override]  # read-only: a scalar never changes
        return self.start + self.size

    @property
    def plain(self) -> bool:
        return self.style == "" and self.tag is None

    @property
    def kind(self) -> str:
        return "text"

    def __repr__(self) -> str:
        return f"Scalar({self.value!r} @{self.start})"


class Sequence(_Located):
    """A YAML sequence; ``flow`` when written ``[a, b]``."""

    __slots__ = ("end", "flow", "items", "lines", "start", "tag")
    kind = "list"

    def __init__(self, flow: bool, tag: str | None, start: int, lines: Lines) -> None:
        self.flow = flow
        self.tag = tag
        self.start = start
        self.end = start
        self.lines = lines
        self.items: list[Node] = []


class Mapping(_Located):
    """A YAML mapping; ``entries`` maps each key's text to (key node, value node)."""

    __slots__ = ("end", "entries", "flow", "lines", "start", "tag")
    kind = "mapping"

    def __init__(self, flow: bool, tag: str | None, start: int, lines: Lines) -> None:
        self.flow = flow
        self.tag = tag
        self.start = start
        self.end = start
        self.lines = lines
        self.entries: dict[str, tuple[Scalar, Node]] = {}

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


Node = Scalar | Sequence | Mapping


class Unusual(Exception):
    """The text holds something the quick reading (``quick.py``) leaves to the full one.

    Raised by :func:`compose` when it reads with a ``tables`` reader (and by
    that reader): an alias, a syntax that libyaml lets through, a beat of
    a shape the reader does not take. The caller composes the text again in
    full, where each of these gets its diagnostic.
    """


#: Reads the mapping of ``characters`` or of an arc's ``beats`` from the
#: events, given the parser's get_event, the mapping's start event, its key,
#: the arc's key (None for characters) and the file's lines; returns the
#: mapping, each entry's key to what stands for its node.
TableReader = Callable[
    [Callable[[], Any], Any, str, "Scalar | None", "Lines"], "Mapping"
]


def _weight(node: Node, memo: dict[int, int]) -> int:
    """How many nodes ``node`` stands for once its aliases are expanded."""
    if isinstance(node, Scalar):
        return 1
    # A loop, not recursion: libyaml nests up to 1,000 levels, deeper than
    # Python's stack allows a recursive walk (an anchored deep list crashed).
    todo: list[tuple[Sequence | Mapping, bool]] = [(node, False)]
    while todo:
        current, children_done = todo.pop()
        if id(current) in memo:
            continue
        children = (
            current.items
            if isinstance(current, Sequence)
            else [v for _, v in current.entries.values()]
        )
        if children_done:
            memo[id(current)] = 1 + sum(
                1 if isinstance(child, Scalar) else memo[id(child)] for child in children
            )
        else:
            todo.append((current, True))
            todo.extend((c, False) for c in children if not isinstance(c, Scalar))
    return memo[id(node)]


def compose(
    text: str, file: str, tables: TableReader | None = None, *, at: int = 0,
    lines: Lines | None = None,
) -> tuple[Node, list[Problem]]:
    """Compose the single document in ``text`` into located nodes.

    Returns the root and the problems that did not stop the reading
    (duplicate keys, disallowed tags, syntax libyaml lets through). Raises
    :class:`LoadError` when the text cannot be read on (a syntax error, a
    character YAML forbids, an alias bomb, an empty file).

    ``tables``, when given, reads the characters and each arc's beats
    (``arcs: {arc: {beats: {beat: ...}}}``) straight from the events instead
    of composing their nodes: they are most of a bible, and ``arcroom check``
    needs their nodes only where it reports a problem
    (:func:`compose_fragment`). The reading then raises :class:`Unusual` for
    what the full one alone tells apart: tags, aliases, and the syntax of
    :func:`strict_yaml`.

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

    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    weights: dict[int, int] = {}
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
    alias_weight = 0
    allowed = ALLOWED_TAGS
    new_scalar = _new_tuple
    interned: dict[str, str] = {}
    intern = interned.setdefault
    try:
        # In the try: the pure-Python reader checks the characters as it starts.
        # Typed Any: mypy cannot narrow an event by ``cls is ScalarEvent`` as
        # by isinstance; and both parsers mark every event (marks are not None).
        get_event: Callable[[], Any] = _Parser(text).get_event
        while (event := get_event()) is not None:
            # Dispatch on the exact class, most frequent first (hot loop:
            # identity tests, not an isinstance chain).
            cls = event.__class__
            node: Node
            if cls is ScalarEvent:
                tag = event.tag
                if tag is not None and tag not in allowed:
                    _bad_tag(problem, tag, event.start_mark.index + at)
                value = event.value
                if len(value) < 40:
                    # Keys, ids and positions repeat thousands of times: keep one copy.
                    value = intern(value, value)
                node = new_scalar(
                    Scalar,
                    (
                        value,
                        event.style or "",
                        tag,
                        start := event.start_mark.index + at,
                        event.end_mark.index + at - start,
                        lines,
                    ),
                )
                if event.anchor:
                    anchors[event.anchor] = node
            elif (
                tables is not None
                and cls is MappingStartEvent
                and key.__class__ is Scalar
                and (
                    (len(stack) == 3 and key.value == "beats" and _in_an_arc(stack))
                    or (len(stack) == 1 and key.value == "characters")
                )
            ):
                arc = stack[2][3] if len(stack) == 3 else None
                node = tables(get_event, event, key.value, arc, lines)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                tag = event.tag
                start = event.start_mark.index + at
                if tag is not None and tag not in allowed:
                    _bad_tag(problem, tag, start)
                anchor = event.anchor
                stack.append((parent, append, entries, key, anchor))
                key = None
                if cls is MappingStartEvent:
                    parent = Mapping(bool(event.flow_style), tag, start, lines)
                    append, entries = None, parent.entries
                else:
                    parent = Sequence(bool(event.flow_style), tag, start, lines)
                    append, entries = parent.items.append, None
                if anchor:
                    open_anchors.add(anchor)
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
                alias = event.anchor
                assert alias is not None  # an alias is its anchor's name
                target = anchors.get(alias)
                if target is None:
                    recursive = alias in open_anchors
                    problem(
                        event.start_mark.index + at,
                        event.end_mark.index + at,
                        "B001",
                        f"alias *{alias} "
                        + ("refers to the node that contains it" if recursive else "is undefined"),
                    )
                    raise LoadError(problems)
                alias_weight += _weight(target, weights)
                if alias_weight > ALIAS_BUDGET + len(text) // 2:
                    problem(
                        event.start_mark.index + at,
                        event.end_mark.index + at,
                        "B005",
                        f"aliases expand this file by more than {alias_weight - 1:,} nodes",
                        "an alias bomb or a runaway anchor; write the values out",
                    )
                    raise LoadError(problems)
                node = target
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problem(
                        event.start_mark.index + at,
                        event.end_mark.index + at,
                        "B001",
                        "a second YAML document; a bible file holds exactly one",
                        "remove the '---' line or move the rest to another file of a folder bible",
                    )
                    raise LoadError(problems)
                continue
            else:
                continue
            # Attach the finished node to its parent.
            if append is not None:
                append(node)
            elif entries is None:
                root = node
            elif key is None:
                if node.__class__ is Scalar:
                    key = node
                else:
                    problem(
                        node.start,
                        node.end,
                        "B001",
                        f"a {node.kind} cannot be a mapping key; keys are plain names",
                    )
                    key = False
            elif key is False:
                key = None
            else:
                pair = (key, node)
                earlier = entries.setdefault(key.value, pair)
                if earlier is not pair:
                    problem(key.start, key.end, "B003", *_duplicate(key, earlier, node))
                key = None
    except yaml.MarkedYAMLError as exc:
        _syntax_error(exc, text, at, problem, diagnose=tables is None and not part)
        raise LoadError(problems) from None
    except ReaderError as exc:
        offset = _char_offset(text, exc.position) + at
        problem(offset, offset + 1, "B001", f"{_character(exc.character)} is not allowed in "
                "YAML text; remove it")
        raise LoadError(problems) from None
    except yaml.YAMLError as exc:
        problems.append(Problem(file, 1, 1, "B001", f"YAML error: {exc}"))
        raise LoadError(problems) from None
    if root is None:
        problems.append(Problem(file, 1, 1, "B006", "the file is empty", hint=_START_HINT))
        raise LoadError(problems)
    if tables is not None:
        # The checks walk nodes, which the tables were read without: any hint
        # of what they look for sends the text to the full reading.
        if (
            "-" in interned
            or strict_yaml(text, root, dash=False, confirm=False)
            or numbered_comments(text, root, confirm=False)
        ):
            raise Unusual("syntax to check against the nodes")
        return root, problems
    if part:
        return root, problems  # the syntax checks are the whole file's
    for offset, message in strict_yaml(text, root, "-" in interned):
        problem(offset, offset + 1, "B001", f"YAML syntax error: {message}")
    for mistake in numbered_comments(text, root):
        problem(mistake.start, mistake.end, "B001", mistake.message, mistake.hint)
    return root, problems


def _duplicate(key: Scalar, earlier: tuple[Scalar, Node], node: Node) -> tuple[str, str]:
    """The message and hint of ``key`` written a second time in one mapping."""
    first, value = earlier

    def shown(node: Node) -> str:
        if isinstance(node, Scalar) and node.value and "\n" not in node.value:
            return f" ({node.value if len(node.value) <= 30 else node.value[:29] + '…'})"
        return ""

    return (
        f"{key.value!r} is written twice in one mapping: first at line {first.line}, "
        f"column {first.column}{shown(value)}, and again here{shown(node)}",
        f"arcroom reads only the first {key.value!r} (other YAML tools keep the last, "
        "silently): delete one, merge the two, or rename one",
    )


_SYNTAX_HINT = (
    "look at this line and the one above it: indentation (spaces only), a ':' and the "
    "space after it, quotes and brackets closed"
)


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, at: int, problem: Any, diagnose: bool
) -> None:
    """Report a syntax error: the writer's mistake where it was made, or libyaml's words.

    ``diagnose`` is false for a reading whose problems are not reported (the
    quick one, read again in full) and for a part of a file.
    """
    mark, context_mark = exc.problem_mark or exc.context_mark, exc.context_mark
    # From the offset, not mark.line: libyaml also breaks lines at U+2028,
    # U+2029 and NEL, which editors (and Lines) do not.
    offset = mark.index if mark else 0
    if diagnose:
        mistake = yaml_mistakes.diagnose(
            text, offset, exc.problem or "", exc.context or "",
            context_mark.index if context_mark else None,
        )
        if mistake is not None:
            problem(mistake.start + at, mistake.end + at, "B001", mistake.message, mistake.hint)
            return
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    problem(offset + at, offset + at, "B001", f"YAML syntax error: {message}", _SYNTAX_HINT)


def _in_an_arc(stack: list[tuple[Any, Any, Any, Any, str | None]]) -> bool:
    """Whether the open mapping (3 deep) is an arc's: under 'arcs', under an arc's key."""
    return (
        stack[1][3].__class__ is Scalar
        and stack[1][3].value == "arcs"
        and stack[2][3].__class__ is Scalar
    )


def has_tags(text: str) -> bool:
    """Whether ``text`` may hold a YAML tag (``!!str``, ``!local``, or ``!`` alone)."""
    at = text.find("!")
    while at >= 0:
        if not at or text[at - 1] in " \t\r\n[{,":
            return True
        at = text.find("!", at + 1)
    return False


class Written(NamedTuple):
    """Where an entity read without nodes is written: its file's text and its value's offsets."""

    text: str
    start: int
    end: int


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


# What libyaml lets through although the YAML spec forbids it. Each check is
# a regex run once over the text (or a lookup), confirmed against the node
# tree only where it matches, so it costs nothing on a well-formed bible and
# never rejects valid YAML (tests/story_bible/test_yaml_suite.py runs every
# valid case of the YAML test suite through it).
#: A line in column 0 without a ':' in a top-level block mapping: only the
#: continuation of a flow collection or quoted text can be that, and those
#: must be indented. (A byte order mark starting a line is libyaml's to judge.)
_UNINDENTED = re.compile(r"\n[^\s#\-?:%.\ufeff][^:\n]*+(?![^\n])")
#: A line indented with a tab (and not a comment or blank).
_TAB_INDENT = re.compile(r"\n\t+[^\s#]")
#: A '#' touching what comes before it: after ] } , a quote, a block header.
#: (Each pattern starts with a literal, which the regex engine finds fast.)
_TOUCHING = re.compile(r"#(?<=[\]},\"'|>0-9+\-]#)")
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#")
#: The end of a block scalar header without an indentation indicator, then
#: blank lines, then its first text line (the check compares their spaces).
_LEADING_BLANKS = re.compile(r"\n(?:(?<=[|>]\n)|(?<=[|>][-+]\n))((?: *\n)+)( +)\S")
_DIRECTIVE_TOUCHING = re.compile(r"%YAML[ \t]+[0-9]+\.[0-9]+#")
_TOUCHING_MESSAGE = "a comment needs a space before its '#'"


def strict_yaml(
    text: str, root: Node, dash: bool = True, confirm: bool = True
) -> list[tuple[int, str]]:
    """Offsets and messages of what the YAML spec forbids and libyaml accepts.

    ``dash`` says whether some scalar may be a lone ``-`` (compose knows).
    ``confirm=False`` gives every place a pattern finds, without asking the
    nodes whether it is one (for a tree whose tables were read without nodes).
    """
    found: list[tuple[int, str]] = []
    block = not isinstance(root, Scalar) and not root.flow and root.column == 1
    if block and isinstance(root, Mapping):
        found.extend(
            (m.start() + 1, "this line continues the value above it, so it must be indented")
            for m in _UNINDENTED.finditer(text, root.start)
        )
    if block:
        found.extend(
            (m.start() + 1, "a tab cannot indent a line; indent with spaces")
            for m in _TAB_INDENT.finditer(text, root.start)
        )
    if text.startswith("%") and _DIRECTIVE_TOUCHING.match(text):
        found.append((text.index("#"), _TOUCHING_MESSAGE))
    for m in _TOUCHING.finditer(text):
        offset = m.start()
        if not confirm or _comment_touches(text, root, offset):
            found.append((offset, _TOUCHING_MESSAGE))
    for m in _LEADING_BLANKS.finditer(text):
        if not confirm or _blanks_too_deep(root, m):
            found.append(
                (m.start(2), "a blank line before a block scalar's first line has more spaces "
                 "than that line; give the header an indentation indicator or trim the blanks")
            )
    if dash:
        found.extend(
            (node.start, "a lone '-' in a flow collection is not a value; quote it ('-')")
            for node in _plain_dashes(root)
        )
    return sorted(found)


def numbered_comments(
    text: str, root: Node, confirm: bool = True
) -> list[yaml_mistakes.Mistake]:
    """Values cut short by a ``' #'`` and a number (``summary: Class #2 hides``).

    Valid YAML, which reads ``#2 hides`` as a comment: the text is lost
    without a word. A comment that starts with a number right after a plain
    value is taken for that mistake. ``confirm=False`` gives a place for
    every ``' #'`` and digit, without asking the nodes (for a tree whose
    tables were read without nodes).
    """
    found: list[yaml_mistakes.Mistake] = []
    # '#' is rare where a space is everywhere: finding it first is 15 times as fast.
    hash_at = text.find("#", 1)
    while hash_at > 0:
        at = hash_at - 1
        if text[at] == " " and text[hash_at + 1 : hash_at + 2].isdigit():
            if not confirm:
                return [yaml_mistakes.Mistake(at + 1, at + 2, "", "")]
            path = _path(root, at - 1)
            value = path[-1] if path else None
            if (
                isinstance(value, Scalar)
                and value.style == ""
                and value.end == at
                and _in_scalar(root, at + 1) is None
            ):
                parent = path[-2] if len(path) > 1 else None
                key = next(
                    (k.value for k, v in parent.entries.values() if v is value), None
                ) if isinstance(parent, Mapping) else None
                found.append(yaml_mistakes.comment_cuts_value(text, at + 1, value.value, key))
        hash_at = text.find("#", hash_at + 1)
    return found


def _path(root: Node, offset: int) -> list[Node]:
    """The nodes whose text holds ``offset``, outermost first (empty: none does)."""
    path: list[Node] = []
    node: Node | None = root
    while node is not None and node.start <= offset < node.end:
        path.append(node)
        if isinstance(node, Scalar):
            break
        node = next((c for c in _children(node) if c.start <= offset < c.end), None)
    return path


def _children(node: Sequence | Mapping) -> list[Node]:
    if isinstance(node, Sequence):
        return node.items
    return [n for pair in node.entries.values() for n in pair]


def _in_scalar(root: Node, offset: int) -> Scalar | None:
    path = _path(root, offset)
    last = path[-1] if path else None
    return last if isinstance(last, Scalar) else None


def _comment_touches(text: str, root: Node, offset: int) -> bool:
    """Whether the '#' at ``offset`` starts a comment right after a token (not text)."""
    scalar = _in_scalar(root, offset)
    if scalar is not None:
        # Inside text, a '#' is text; on a block scalar's header line it is a comment.
        header = scalar.style in ("|", ">") and "\n" not in text[scalar.start : offset]
        return header and text[offset - 1] not in " \t"
    line_start = text.rfind("\n", 0, offset) + 1
    for m in _COMMENT.finditer(text, line_start, offset):
        if _in_scalar(root, m.start()) is None:
            return False  # inside a comment that started earlier on the line
    before = text[offset - 1]
    path = _path(root, offset - 1) if before == "," else _path(root, offset)
    container = path[-1] if path else None
    if before == ",":
        return isinstance(container, (Sequence, Mapping)) and container.flow
    siblings = _children(container) if isinstance(container, (Sequence, Mapping)) else [root]
    for node in siblings:
        if node.end != offset:
            continue
        if before in "]}":
            return isinstance(node, (Sequence, Mapping)) and node.flow
        return isinstance(node, Scalar) and node.style == before
    return False


def _blanks_too_deep(root: Node, match: re.Match[str]) -> bool:
    """Whether a block scalar's leading blank lines are deeper than its first text line.

    The spec detects a block scalar's indentation from its first text line and
    forbids blank lines before it with more spaces; libyaml takes the deepest.
    """
    path = _path(root, match.start() - 1)
    scalar = path[-1] if path else None
    if not isinstance(scalar, Scalar) or scalar.style not in ("|", ">"):
        return False
    parent = path[-2] if len(path) > 1 else None
    indent = parent.column - 1 if parent is not None else -1
    first = len(match.group(2))
    deepest = max(len(line) for line in match.group(1).split("\n"))
    return indent < first < deepest


def _plain_dashes(root: Node) -> list[Scalar]:
    """Plain scalars that are a lone '-' (only a flow collection lets libyaml read one)."""
    found: list[Scalar] = []
    todo: list[Node] = [root]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if isinstance(node, Scalar):
            if node.value == "-" and node.style == "":
                found.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            todo.extend(_children(node))
    return found


def _char_offset(text: str, position: int) -> int:
    """The text offset of a reader error's ``position``.

    libyaml reads the UTF-8 encoding of the text and counts bytes there; the
    pure-Python reader counts characters.
    """
    if not WITH_LIBYAML:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _character(code: int | str) -> str:
    """``U+0007 (a control character)``: a character the YAML reader refuses."""
    point = code if isinstance(code, int) else ord(code)
    kind = "a control character" if unicodedata.category(chr(point)) == "Cc" else "a noncharacter"
    return f"U+{point:04X} ({kind})"


def _bad_tag(problem: Any, tag: str, offset: int) -> None:
    problem(
        offset,
        offset + 1,
        "B004",
        f"tag {tag!r} is not allowed in a bible",
        "remove the tag; a bible uses plain YAML values only",
    )


_START_HINT = "a bible starts with 'arcroom: 1'; `arcroom init` writes a sample to start from"
