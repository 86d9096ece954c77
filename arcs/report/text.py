"""The human format: one line per diagnostic, the source line, a caret under the span.

Errors come first, then warnings, then infos, each in file order
(``order="position"`` keeps file order throughout); the summary counts
each severity. Control characters in a message, a hint or a quoted line
are shown as symbols (:mod:`arcs.report.visible`), never sent to the
terminal. Each quoted line is cut around the column before anything else
is done with it, so a bible written as one long line costs the same per
problem as any other.

Sample::

    bible.yaml:41:48: C001 cheong-san appears in goodbye (S1E12) while dead (since sacrifice, S1E12)
       41 |       goodbye: {at: S1E12, after: [sacrifice], characters: [cheong-san]}
          |                                                ^^^^^^^^^^
          = hint: mark the beat 'flashback: true', or take the character out of it

    Found 1 error, 5 warnings and 1 info.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TextIO

from arcs.checker import Result
from arcs.diagnostics import Diagnostic, Severity
from arcs.report.visible import visible

_STYLES = {
    Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"
}
_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"
#: Line breaks as the loader counts them (str.splitlines would also split on U+2028,
#: U+0085 and form feeds, and put the wrong line under a message).
_NEWLINE = re.compile(r"\r\n|\r|\n")
#: Of a longer line (a bible written as one flow mapping), the excerpt shows this many
#: characters around the column, so each message stays a few lines long.
EXCERPT = 100


#: The orders of ``--sort``: by severity (errors first), or by place in the files only.
ORDERS = ("severity", "position")


def write(
    result: Result, out: TextIO, *, color: bool = False, order: str = "severity"
) -> None:
    # Only the files a diagnostic quotes are split (a bible of many files).
    quoted = {d.file for d in result.diagnostics}
    lines = {file: _lines(text) for file, text in result.sources.items() if file in quoted}
    diagnostics = result.diagnostics
    if order == "severity":  # sorted() is stable: file order within each severity
        diagnostics = sorted(diagnostics, key=lambda d: -d.severity)
    for d in diagnostics:
        out.write(_headline(d, color) + "\n")
        source = lines.get(d.file)
        if source and 0 < d.line <= len(source):
            out.write(_excerpt(d, source[d.line - 1], color))
        if d.hint:
            out.write(f"{'':>6} = hint: {visible(d.hint)}\n")
    out.write(_summary(result) + "\n")


def _lines(text: str) -> list[str]:
    """``text``'s lines, split as the loader counts them."""
    # \n alone (most files): str.split gives the same lines six times as fast
    # (8 ms for 20,000 beats, where the pattern took 48).
    return text.split("\n") if "\r" not in text else _NEWLINE.split(text)


def _headline(d: Diagnostic, color: bool) -> str:
    where = visible(f"{d.file}:{d.line}:{d.column}:")
    message = visible(d.message)
    if not color:
        return f"{where} {d.code} {message}"
    return f"{_BOLD}{where}{_RESET} {_STYLES[d.severity]}{d.code}{_RESET} {message}"


def _excerpt(d: Diagnostic, line: str, color: bool) -> str:
    # Columns count characters (a tab is one); the caret is drawn in terminal
    # cells, so a Hangul or CJK name (two cells each) keeps it under the span.
    # The line is cut to its window first: every step after is one character
    # for one, so the cut is the same before and after them.
    size = len(line)
    start = min(d.column - 1, size)
    end = d.end_column - 1 if d.end_line == d.line and d.end_column > d.column else size
    end = min(end, size)
    before = after = ""
    if size > EXCERPT:
        first = max(0, min(start - EXCERPT // 4, size - EXCERPT))
        last = first + EXCERPT
        before, after = ("…" if first else ""), ("…" if last < size else "")
        line = line[first:last]
        start, end = start - first + len(before), min(end, last) - first + len(before)
    # A tab shows as an arrow: a B001 may be about it, and a space would hide it.
    line = before + _visible(line.replace("\t", "→")) + after
    caret = " " * _cells(line[:start]) + "^" * max(1, _cells(line[start:end]))
    if color:
        caret = _STYLES[d.severity] + caret + _RESET
        gutter = f"{_DIM}{d.line:>6} |{_RESET}"
        return f"{gutter} {line}\n{_DIM}{'':>6} |{_RESET} {caret}\n"
    return f"{d.line:>6} | {line}\n{'':>6} | {caret}\n"


def _visible(line: str) -> str:
    """``line`` with control characters shown as symbols, one cell each.

    A hostile or garbled file must not reach the terminal's escape sequences
    through the quoted line (a B001 quotes the very line with the bad byte).
    """
    if line.isprintable():
        return line
    return "".join(
        c if c.isprintable() else chr(0x2400 + ord(c)) if ord(c) < 0x20 else "\ufffd"
        for c in line
    )


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _summary(result: Result) -> str:
    counts = [(n, str(s)) for s in sorted(Severity, reverse=True) if (n := result.count(s))]
    if not counts:
        return f"All checks passed ({len(result.files)} file{'s' * (len(result.files) != 1)})."
    parts = [f"{n} {name}{'s' * (n != 1)}" for n, name in counts]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Found {listed}."
