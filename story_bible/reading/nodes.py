"""A located YAML node tree: the nodes, and the lines that locate them.

Every node keeps only its text offsets; line and column are worked out from
the offsets when asked (:class:`Lines`), which is rare: for a diagnostic or
an edit. Nothing is resolved: a scalar stays the string it was written as,
with its style, so the field table's readers decide what ``no`` or ``1e3``
means where it stands. :mod:`~story_bible.reading.composer` builds the tree from
libyaml's events; :mod:`~story_bible.reading.strict_yaml` checks what libyaml lets
through.
"""

from __future__ import annotations

import bisect
import re
from array import array
from typing import NamedTuple, Protocol

_NEWLINE = re.compile(r"\r\n|\r|\n")
_new_tuple = tuple.__new__
_LF = re.compile("\n")


class Lines:
    """Turns text offsets of one file into 1-based (line, column).

    The line starts are found when first asked: ``arcroom check`` on a
    clean bible never asks.

    ``moved``, when set, says where this text's offsets are now and on which
    line, after later edits moved them without touching the nodes (see
    ``story_bible.writing.reparse``, which sets it): nodes keep the offsets
    they were read at, and :meth:`locate` and :meth:`offset` answer for the
    text as it is now.
    """

    __slots__ = ("_starts", "_text", "moved")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: array[int] | None = None
        self.moved: Moved | None = None

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
        if self.moved is not None:
            return self.moved.locate(offset)
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, offset: int) -> int:
        """Where ``offset`` of the text these lines were made for is in the text now."""
        return offset if self.moved is None else self.moved.offset(offset)


class Moved(Protocol):
    """Where the offsets of an earlier text are now (see :attr:`Lines.moved`)."""

    def locate(self, offset: int) -> tuple[int, int]: ...

    def offset(self, offset: int) -> int: ...


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

    Raised by ``composer.compose`` when it reads with a ``tables`` reader (and by
    that reader): an alias, a syntax that libyaml lets through, a beat of
    a shape the reader does not take. The caller composes the text again in
    full, where each of these gets its diagnostic.
    """


class Written(NamedTuple):
    """Where an entity read without nodes is written: its file's text and its value's offsets."""

    text: str
    start: int
    end: int
