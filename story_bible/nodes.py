"""A located YAML node tree, composed straight from libyaml's event stream.

PyYAML's own composer and constructor are where its time goes (resolving
every scalar against YAML 1.1's implicit types, building marks twice). This
module reads the C parser's events once and keeps, for every node, its text
offsets and its 1-based line and column — nothing is resolved: a scalar stays
the string it was written as, with its style, so the schema (``loader.py``)
decides what ``no`` or ``1e3`` means where it stands.

It also enforces what a bible file must be, whatever its content: one
document, scalar mapping keys without duplicates, only the core tags, and
aliases whose expansion stays within a bound (no "billion laughs").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml

from story_bible.errors import LoadError, Problem

if TYPE_CHECKING:
    from yaml.events import Event

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


class Node:
    """Where a node is: text offsets ``start``/``end`` and 1-based line/column."""

    __slots__ = ("column", "end", "end_column", "end_line", "line", "start", "tag", "weight")

    def __init__(self, tag: str | None, start: Any, end: Any) -> None:
        self.tag = tag
        self.start = start.index
        self.line = start.line + 1
        self.column = start.column + 1
        self.end = end.index
        self.end_line = end.line + 1
        self.end_column = end.column + 1
        self.weight = 1

    @property
    def kind(self) -> str:
        raise NotImplementedError


class Scalar(Node):
    """A scalar as written: ``value`` is the text, ``style`` '' when plain."""

    __slots__ = ("style", "value")

    def __init__(self, value: str, style: str | None, tag: str | None, start: Any, end: Any):
        super().__init__(tag, start, end)
        self.value = value
        self.style = style or ""

    @property
    def plain(self) -> bool:
        return self.style == "" and self.tag is None

    @property
    def kind(self) -> str:
        return "text"

    def __repr__(self) -> str:
        return f"Scalar({self.value!r} @{self.line}:{self.column})"


class Sequence(Node):
    """A YAML sequence; ``flow`` when written ``[a, b]``."""

    __slots__ = ("flow", "items")

    def __init__(self, flow: bool, tag: str | None, start: Any, end: Any) -> None:
        super().__init__(tag, start, end)
        self.flow = flow
        self.items: list[Node] = []

    @property
    def kind(self) -> str:
        return "list"


class Mapping(Node):
    """A YAML mapping; ``entries`` maps each key's text to (key node, value node)."""

    __slots__ = ("entries", "flow")

    def __init__(self, flow: bool, tag: str | None, start: Any, end: Any) -> None:
        super().__init__(tag, start, end)
        self.flow = flow
        self.entries: dict[str, tuple[Scalar, Node]] = {}

    @property
    def kind(self) -> str:
        return "mapping"

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


def _events(text: str) -> Iterator[Event]:
    parser = _Parser(text)
    while parser.check_event():
        yield parser.get_event()


def compose(text: str, file: str) -> tuple[Node, list[Problem]]:
    """Compose the single document in ``text`` into located nodes.

    Returns the root and the problems that did not stop the reading
    (duplicate keys, disallowed tags). Raises :class:`LoadError` when the
    text cannot be read on (a syntax error, an alias bomb, an empty file).
    """
    problems: list[Problem] = []

    def problem(node_or_mark: Any, code: str, message: str, hint: str | None = None) -> None:
        if isinstance(node_or_mark, Node):
            line, col = node_or_mark.line, node_or_mark.column
            end_line, end_col = node_or_mark.end_line, node_or_mark.end_column
        else:
            line, col = node_or_mark.line + 1, node_or_mark.column + 1
            end_line, end_col = line, col
        problems.append(Problem(file, line, col, code, message, end_line, end_col, hint))

    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    # Open containers: (container, its anchor, the key awaiting its value).
    stack: list[tuple[Node, str | None, Scalar | None | bool]] = []
    root: Node | None = None
    documents = 0
    alias_weight = 0
    nodes = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, anchor, key = stack[-1]
        parent.weight += node.weight
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif key is None:
            if isinstance(node, Scalar):
                stack[-1] = (parent, anchor, node)
            else:
                problem(node, "B001", f"a {node.kind} cannot be a mapping key; keys are plain names")
                stack[-1] = (parent, anchor, False)  # its value is dropped
        elif key is False:
            stack[-1] = (parent, anchor, None)
        else:
            assert isinstance(parent, Mapping) and isinstance(key, Scalar)
            earlier = parent.entries.get(key.value)
            if earlier is not None:
                first = earlier[0]
                problem(
                    key,
                    "B003",
                    f"duplicate key {key.value!r}: already given at line {first.line}"
                    f", column {first.column}",
                    "YAML keeps only the last one; merge the two or rename one",
                )
            else:
                parent.entries[key.value] = (key, node)
            stack[-1] = (parent, anchor, None)

    def check_tag(tag: str | None, mark: Any) -> None:
        if tag not in ALLOWED_TAGS:
            problem(
                mark,
                "B004",
                f"tag {tag!r} is not allowed in a bible",
                "remove the tag; a bible uses plain YAML values only",
            )

    try:
        for event in _events(text):
            kind = type(event).__name__
            if kind == "ScalarEvent":
                check_tag(event.tag, event.start_mark)
                node: Node = Scalar(
                    event.value, event.style, event.tag, event.start_mark, event.end_mark
                )
                nodes += 1
                attach(node)
                if event.anchor:
                    anchors[event.anchor] = node
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                check_tag(event.tag, event.start_mark)
                cls = Mapping if kind == "MappingStartEvent" else Sequence
                node = cls(bool(event.flow_style), event.tag, event.start_mark, event.end_mark)
                nodes += 1
                if event.anchor:
                    open_anchors.add(event.anchor)
                stack.append((node, event.anchor, None))
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                node, anchor, _ = stack.pop()
                node.end = event.end_mark.index
                node.end_line = event.end_mark.line + 1
                node.end_column = event.end_mark.column + 1
                if anchor:
                    open_anchors.discard(anchor)
                    anchors[anchor] = node
                attach(node)
            elif kind == "AliasEvent":
                target = anchors.get(event.anchor)
                if target is None:
                    recursive = event.anchor in open_anchors
                    problem(
                        event.start_mark,
                        "B001",
                        f"alias *{event.anchor} "
                        + ("refers to the node that contains it" if recursive else "is undefined"),
                    )
                    raise LoadError(problems)
                alias_weight += target.weight
                if alias_weight > ALIAS_BUDGET + nodes:
                    problem(
                        event.start_mark,
                        "B005",
                        f"aliases expand this file beyond {ALIAS_BUDGET + nodes:,} nodes",
                        "an alias bomb or a runaway anchor; write the values out",
                    )
                    raise LoadError(problems)
                attach(target)
            elif kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    problem(
                        event.start_mark,
                        "B001",
                        "a second YAML document; a bible file holds exactly one",
                        "remove the '---' line or move the rest to another file of a folder bible",
                    )
                    raise LoadError(problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        problem(mark, "B001", f"YAML syntax error: {message}")
        raise LoadError(problems) from None
    except yaml.YAMLError as exc:
        problems.append(Problem(file, 1, 1, "B001", f"YAML error: {exc}"))
        raise LoadError(problems) from None
    if root is None:
        problems.append(Problem(file, 1, 1, "B006", "the file is empty", hint=_START_HINT))
        raise LoadError(problems)
    return root, problems


_START_HINT = "a bible starts with 'arcroom: 1'; `arcroom init` writes a sample to start from"

