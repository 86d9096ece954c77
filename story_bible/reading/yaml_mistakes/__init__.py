"""The YAML mistakes writers make most, named where they made them, with the fix.

libyaml stops where it notices that the text went wrong, often a line or
more after the mistake, and says so in its own terms ("mapping values are
not allowed in this context"). :func:`diagnose` looks at the text around
that place for the mistakes behind most such stops: a tab that indents a
line, a key or list item at no level of the lines around it, a missing
colon or the space after one, two keys run together on a line, a quote or
bracket never closed (or stray), an apostrophe inside ``'...'``, a ``': '``
inside a value, a ``' #'`` that turns the rest of a line into a comment.
The spotters live in ``indentation.py``, ``enclosures.py`` (quotes and
brackets) and ``punctuation.py`` (colons, dashes, spaces, '#'), one
function a mistake; ``lines.py`` reads the text around the stop for them.

Each mistake has a *spotter*: a function that proposes repairs (a
:class:`Fix`, with the :class:`Mistake` it would mean). A repair counts only
if libyaml, reading the repaired text, gets past the place it stopped: what
is reported has been tried, not guessed. Of the repairs that count, the one
that reads furthest wins, ties going to the earlier spotter (in
:data:`SPOTTERS`). Repairs are tried on the part of the file around the
mistake, and nothing here runs unless a file could not be read, so a good
bible pays nothing for it.

Offsets are text offsets (characters); the loader turns them into line and
column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import yaml

from story_bible.reading.yaml_mistakes.enclosures import (
    apostrophe,
    unclosed_bracket,
    unclosed_quote,
)
from story_bible.reading.yaml_mistakes.indentation import indentation, tab_indent
from story_bible.reading.yaml_mistakes.lines import INDENT, Fix, Mistake, Stop, indent_of
from story_bible.reading.yaml_mistakes.punctuation import (
    comment_cuts_value,
    dash_without_space,
    missing_colon,
    missing_line_break,
    missing_space,
    stray_dash,
    value_with_colon,
)

__all__ = ["SPOTTERS", "Mistake", "comment_cuts_value", "diagnose"]

#: Lines past the stop that a repair is tried on (a file is not read again whole).
WINDOW = 30
#: Lines above the mistake searched for the start of its surroundings.
UPWARD = 200
#: At most this many repairs are tried (each a reading of the part around the mistake).
MAX_TRIES = 24
_LONE_CR = re.compile(r"\r(?!\n)")

#: The spotters, in the order they win ties.
SPOTTERS: tuple[Callable[[Stop], Iterator[Fix]], ...] = (
    tab_indent,
    unclosed_quote,
    apostrophe,
    unclosed_bracket,
    missing_line_break,
    value_with_colon,
    missing_space,
    dash_without_space,
    missing_colon,
    stray_dash,
    indentation,
)


def diagnose(
    text: str, offset: int, problem: str, context: str = "", context_offset: int | None = None
) -> Mistake | None:
    """The mistake behind libyaml stopping at ``offset`` of ``text``, if it is a known one."""
    if "\r" in text:
        # A lone CR ends a line too (as for the loader's Lines); one LF for it
        # keeps every offset and lets the spotters look for LF alone.
        text = _LONE_CR.sub("\n", text)
    stop = Stop(text, offset, problem or "", context or "", context_offset)
    fixes = [fix for spot in SPOTTERS for fix in spot(stop)][:MAX_TRIES]
    first, last = _window(stop)
    part = text[first:last]
    if (first, last) != (0, len(text)) and _stopped_at(part) != stop.offset - first:
        first, last, part = 0, len(text), text  # the part alone does not stop there
    best: Fix | None = None
    furthest: float = stop.offset
    for fix in fixes:
        if first <= fix.start and fix.end <= last:
            moved = fix._replace(start=fix.start - first, end=fix.end - first)
            reach = _reach(part, moved, whole=last == len(text)) + first
        else:
            reach = _reach(text, fix)
        if reach > furthest:
            best, furthest = fix, reach
    if best is None:
        best = next((fix for fix in fixes if fix.sure), None)
    return best.mistake if best is not None else None


def _window(stop: Stop) -> tuple[int, int]:
    """The part of the text a repair is tried on: from a line at the shallowest level
    of the mistake's surroundings to ``WINDOW`` lines past the stop.

    Read alone, that part stops where the file did (:func:`diagnose` checks),
    and trying a repair on it costs its size, not the file's: on a bible of
    20,000 beats, a dozen tries of the whole file took seconds.
    """
    text = stop.text
    last = stop.offset
    for _ in range(WINDOW):
        newline = text.find("\n", last)
        if newline < 0:
            last = len(text)
            break
        last = newline + 1
    top = stop.suspects()[-1]
    if stop.context_offset is not None:
        top = min(top, stop.line_start(stop.context_offset))
    # Lines indented with tabs have no width to compare (the part's own
    # reading, checked by diagnose, tells whether it still stops there).
    widths = [
        len(lead) for line in text[top:last].split("\n")
        if (lead := _lead(line)) != line and line[len(lead)] != "#" and "\t" not in lead
    ]
    if not widths or min(widths) == 0:
        return 0, last  # from the top: the mistake is at the top level
    least = min(widths)
    start: int | None = top
    for _ in range(UPWARD):
        if start is None:
            break
        if len(lead := indent_of(stop, start)) <= least and "\t" not in lead:
            return start, last  # the shallowest level around the mistake starts here
        start = stop.previous(start)
    return 0, last


def _lead(line: str) -> str:
    match = INDENT.match(line)
    assert match is not None  # it matches nothing at worst
    return match.group()


def _stopped_at(text: str) -> int | None:
    """Where libyaml stops reading ``text`` (None: it reads it all)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for _ in yaml.parse(text, Loader=loader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.index if mark is not None else 0
    except yaml.YAMLError:
        return 0
    return None


def _reach(text: str, fix: Fix, whole: bool = True) -> float:
    """How far libyaml reads the repaired text, in the offsets of ``text`` (inf: to its end).

    ``whole`` false: ``text`` is cut short, so stopping at its very end is reading it all.
    """
    repaired = text[: fix.start] + fix.replacement + text[fix.end :]
    at = _stopped_at(repaired)
    if at is None or (not whole and at >= len(repaired.rstrip())):
        return float("inf")
    shift = len(fix.replacement) - (fix.end - fix.start)
    return at - shift if at >= fix.start + len(fix.replacement) else at
