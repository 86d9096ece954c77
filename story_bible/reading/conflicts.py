"""git's conflict markers left in a bible file, found before YAML is read.

A merge that could not be made leaves ``<<<<<<<``, ``=======`` and
``>>>>>>>`` lines around two versions of some lines (``arcroom merge`` puts
them around one entity). YAML would report the first marker as a syntax
error; :func:`conflict_markers` reports each conflict as B012 instead, at its
``<<<<<<<`` line, with both versions in the hint, so the writer sees what to
choose between. Finding none costs one search of the text.
"""

from __future__ import annotations

import re

from story_bible.errors import Problem

CODE = "B012"
_START = re.compile(r"^<{7}(?: .*)?$", re.MULTILINE)
#: How much of each version the hint quotes.
QUOTE = 300


def conflict_markers(file: str, text: str) -> list[Problem]:
    """A B012 problem at each conflict left by a merge, or none."""
    if "<<<<<<<" not in text:
        return []
    lines = text.splitlines()
    problems = []
    for match in _START.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        ours, theirs, end = _versions(lines, line)
        hint = (f"ours: {_quote(ours)} | theirs: {_quote(theirs)}; keep one version (or a "
                "blend of both), delete the marker lines, then check again")
        problems.append(Problem(file, line, 1, CODE, "merge conflict: git left two versions "
                                "here", end, len(lines[end - 1]) + 1 if end <= len(lines) else 1,
                                hint))
    return problems


def _versions(lines: list[str], start: int) -> tuple[list[str], list[str], int]:
    """The lines of both versions after the marker on 1-based line ``start``, and the end line."""
    ours: list[str] = []
    theirs: list[str] = []
    side = ours
    for number in range(start, len(lines)):
        line = lines[number]
        if line.startswith("|||||||"):
            side = []  # the base version (diff3 style): not quoted
        elif line.startswith("=======") and line.strip("=") == "":
            side = theirs
        elif line.startswith(">>>>>>>"):
            return ours, theirs, number + 1
        else:
            side.append(line)
    return ours, theirs, len(lines)


def _quote(lines: list[str]) -> str:
    if not lines:
        return "(nothing: removed on this side)"
    text = " / ".join(line.strip() for line in lines if line.strip())
    return text if len(text) <= QUOTE else text[: QUOTE - 3] + "..."
