"""The text around the place libyaml stopped: its lines, their indents, what they hold.

What every spotter of :mod:`story_bible.reading.yaml_mistakes` reads the text with,
and the :class:`Mistake` and :class:`Fix` records they give back.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: How many lines above the stop the spotters look for the mistake.
LOOK_BACK = 4
#: Of a writer's text quoted in a hint, at most this many characters.
QUOTED = 50
KEY = re.compile(r"[^\W\d][\w.'-]*")
INDENT = re.compile(r"[ \t]*")
KEY_AHEAD = re.compile(r" *[^\W\d][\w.'-]*: ")
#: A 'key:' line that opens a block, and the indent of the line under it.
OPENS_BLOCK = re.compile(r"^( *)[^\W\d][\w.'-]*:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*( *)(?=\S)", re.M)


class Mistake(NamedTuple):
    """What the writer did wrong, where (``start``..``end``), and how to fix it."""

    start: int
    end: int
    message: str
    hint: str


class Fix(NamedTuple):
    """A repair: ``text[start:end]`` becomes ``replacement``; ``sure`` reports it untried."""

    start: int
    end: int
    replacement: str
    mistake: Mistake
    sure: bool = False


class Stop:
    """Where and why libyaml stopped reading ``text``, and the lines around it."""

    def __init__(
        self, text: str, offset: int, problem: str, context: str, context_offset: int | None
    ) -> None:
        self.text = text
        self.offset = min(max(offset, 0), len(text))
        self.problem = problem
        self.context = context
        self.context_offset = context_offset

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, start: int) -> int:
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        return end - 1 if end > start and self.text[end - 1] == "\r" else end

    def line(self, start: int) -> str:
        return self.text[start : self.line_end(start)]

    def number(self, offset: int) -> int:
        """The 1-based line number of ``offset``."""
        return self.text.count("\n", 0, offset) + 1

    def previous(self, start: int) -> int | None:
        """The start of the nearest line above ``start`` with something on it."""
        while start > 0:
            start = self.line_start(start - 1)
            content = self.line(start).strip()
            if content and not content.startswith("#"):
                return start
        return None

    def following(self, start: int) -> int | None:
        """The start of the nearest line below ``start`` with something on it."""
        while True:
            end = self.text.find("\n", start)
            if end < 0:
                return None
            start = end + 1
            content = self.line(start).strip()
            if content and not content.startswith("#"):
                return start

    def suspects(self) -> list[int]:
        """Starts of the lines the mistake may be on: the stop's line and a few above."""
        start = self.line_start(self.offset)
        if not self.line(start).strip() or start == len(self.text):
            start = self.previous(start) or start  # stopped at the end of the text
        found = [start]
        for _ in range(LOOK_BACK):
            above = self.previous(found[-1])
            if above is None:
                break
            found.append(above)
        return found


def cut(text: str, size: int = QUOTED) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def indent_of(stop: Stop, start: int) -> str:
    match = INDENT.match(stop.text, start)
    assert match is not None  # the pattern matches nothing at worst
    return match.group()


def body_of(stop: Stop, start: int) -> tuple[int, str]:
    """Where the line's content starts and the content, past its indent and any '- '."""
    at = start + len(indent_of(stop, start))
    while stop.text.startswith("- ", at):
        at += 2
        while stop.text.startswith(" ", at):
            at += 1
    return at, stop.text[at : stop.line_end(start)]


def comment_at(line: str) -> int:
    """Where a comment starts in ``line`` (its length if none), quotes taken into account."""
    quote = ""
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"" and (i == 0 or line[i - 1] in " [{,:"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return len(line)


# -- the spotters -----------------------------------------------------------------


def is_item(stop: Stop, start: int) -> bool:
    return stop.text.startswith("- ", start + len(indent_of(stop, start)))


def opens_block(stop: Stop, start: int) -> bool:
    """Whether the line is a 'key:' (or '- key:') with its value on the lines below."""
    line = stop.line(start)
    return line[: comment_at(line)].rstrip().endswith(":")


def parent_of(stop: Stop, start: int) -> int | None:
    """The nearest line above ``start`` that is less indented (None: none is)."""
    width = len(indent_of(stop, start))
    line = stop.previous(start) if width else None
    for _ in range(5_000):  # a parent further up is not looked for (a 20,000-beat arc)
        if line is None or len(indent_of(stop, line)) < width:
            return line
        line = stop.previous(line)
    return None


def step_of(stop: Stop) -> int:
    """How many spaces deeper the file writes what is under a 'key:' (most often)."""
    counts: dict[int, int] = {}
    for m in OPENS_BLOCK.finditer(stop.text, 0, min(len(stop.text), 20_000)):
        deeper = len(m.group(2)) - len(m.group(1))
        if deeper > 1:  # a step of one space is far likelier a slip than a style
            counts[deeper] = counts.get(deeper, 0) + 1
    return max(counts, key=lambda n: (counts[n], -n)) if counts else 2


def neighbours(stop: Stop, start: int) -> list[int]:
    """Lines near ``start``, nearest first: two below, then three above."""
    found: list[int] = []
    line: int | None = start
    for _ in range(2):
        line = stop.following(line) if line is not None else None
        if line is not None:
            found.append(line)
    line = start
    for _ in range(3):
        line = stop.previous(line) if line is not None else None
        if line is not None:
            found.append(line)
    return found
