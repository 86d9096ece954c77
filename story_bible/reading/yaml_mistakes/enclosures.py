"""Spotters of quotes and brackets left open, or closed by the wrong one.

Each spotter takes the :class:`~story_bible.reading.yaml_mistakes.lines.Stop` and
proposes repairs (:class:`~story_bible.reading.yaml_mistakes.lines.Fix`), each with
the mistake it would mean; ``diagnose`` keeps the one that reads furthest. A
quote left open runs on to the next quote; an apostrophe in plain text opens
one; a bracket left open takes the lines after it into its list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from story_bible.reading.yaml_mistakes.lines import (
    KEY_AHEAD,
    Fix,
    Mistake,
    Stop,
    comment_at,
    cut,
)

_CLOSERS = {"[": "]", "{": "}"}


def unclosed_quote(stop: Stop) -> Iterator[Fix]:
    """A quoted text whose closing quote is missing (it then runs on to the next quote)."""
    openers: list[int] = []
    if stop.context.startswith("while scanning a quoted") and stop.context_offset is not None:
        openers.append(stop.context_offset)
    for start in stop.suspects():
        line = stop.line(start)
        for i, c in enumerate(line):
            if c in "'\"" and (i == 0 or line[i - 1] in " [{,:") and _open_quote(line[i:]):
                openers.append(start + i)
                break
    for opener in dict.fromkeys(openers):
        quote = stop.text[opener]
        start = stop.line_start(opener)
        number = stop.number(opener)
        said = f"this {quote} opens a quoted text that is never closed, so the text runs on"
        # Closed at the end of its line, else taken out, else closed a line or two on.
        end = _trimmed_end(stop, start, opener)
        hint = f"close it with {quote} at the end of this line (or remove it)"
        yield Fix(end, end, quote, Mistake(opener, stop.line_end(start), said, hint))
        hint = f"remove it (or close the text with {quote})"
        yield Fix(opener, opener + 1, "", Mistake(opener, stop.line_end(start), said, hint))
        closing = stop.following(start)
        while closing is not None and stop.number(closing) <= number + 3:
            end = _trimmed_end(stop, closing, opener)
            hint = f"close it with {quote} at the end of line {stop.number(closing)}"
            yield Fix(end, end, quote, Mistake(opener, stop.line_end(start), said, hint))
            closing = stop.following(closing)


def _trimmed_end(stop: Stop, start: int, after: int) -> int:
    """The end of the line at ``start`` without its trailing blanks (not before ``after``)."""
    end = stop.line_end(start)
    while end > after + 1 and stop.text[end - 1] in " \t":
        end -= 1
    return end


def _open_quote(text: str) -> bool:
    """Whether the quoted text that ``text`` starts with is not closed on its line."""
    quote = text[0]
    i = 1
    while i < len(text):
        if text[i] == quote:
            if quote == "'" and text.startswith("''", i):
                i += 2
                continue
            return False
        if quote == '"' and text[i] == "\\":
            i += 1
        i += 1
    return True


def apostrophe(stop: Stop) -> Iterator[Fix]:
    """An apostrophe inside a text quoted with ' ends the quoted text early."""
    for start in stop.suspects()[:2]:
        line = stop.line(start)
        for m in re.finditer(r"(?:^|[ \[{,:])'", line):
            opener = m.end() - 1
            close = line.find("'", opener + 1)
            while close > 0 and line.startswith("''", close):
                close = line.find("'", close + 2)
            if close > 0 and close + 1 < len(line) and line[close + 1].isalnum():
                at = start + close
                end = line.rfind("'")
                sample = cut(line[opener:close] + "''" + line[close + 1 : end + 1])
                mistake = Mistake(
                    at, at + 1,
                    f"this apostrophe ends the text quoted with ' at column {opener + 1}",
                    f"write it twice ({sample}), or quote the text with \" instead",
                )
                yield Fix(at, at + 1, "''", mistake)


def unclosed_bracket(stop: Stop) -> Iterator[Fix]:
    """A '[' or '{' never closed on its line, or closed only inside a comment."""
    for start in stop.suspects():
        line = stop.line(start)
        comment = comment_at(line)
        unclosed = _unclosed(line[:comment])
        if not unclosed:
            continue
        opener = start + unclosed[0]
        closers = "".join(_CLOSERS[line[i]] for i in reversed(unclosed))
        if comment < len(line) and any(c in line[comment:] for c in closers):
            # ' #' made the rest of the line a comment, closing bracket and all.
            at = start + comment
            item = _item(line, comment)
            mistake = Mistake(
                at, at + 1,
                "' #' starts a comment, which hides the rest of this line "
                f"(and the '{closers[0]}' that closes it)",
                f"put the text with '#' in quotes ({cut(item)!r}), or remove the space "
                "before '#'",
            )
            yield Fix(at, at + 1, "\\#", mistake)
            continue
        end = start + len(line[:comment].rstrip())
        wrong = _wrong_closer(line[:comment], unclosed[-1])
        if wrong is not None:
            # '[a, b}': the '[' must close before the '}' that closes what holds it.
            yield from _close_before(stop, start, unclosed[-1], wrong)
            continue
        names = " and ".join(f"'{line[i]}'" for i in unclosed)
        what = f"this {names} is never closed" if len(unclosed) == 1 else \
            f"{names} here are never closed"
        written = line[unclosed[0] : comment].rstrip() + closers
        mistake = Mistake(
            opener, start + len(line.rstrip()), what,
            f"end the line with '{closers}', as in {cut(written)}",
        )
        close = Fix(end, end, closers, mistake)
        if len(unclosed) != 1:
            yield close
            continue
        stray = mistake._replace(end=opener + 1, hint=f"remove it (or end the line with "
                                 f"'{closers}')")
        remove = Fix(opener, opener + 1, "", stray)
        # '[name: x' where a key belongs: a stray bracket more likely than an open list.
        stray_first = not line[: unclosed[0]].strip() and KEY_AHEAD.match(
            line, unclosed[0] + 1
        )
        yield from (remove, close) if stray_first else (close, remove)


def _unclosed(line: str) -> list[int]:
    """Where the brackets are that ``line`` opens and does not close (quotes skipped)."""
    stack: list[int] = []
    quote = ""
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"" and (i == 0 or line[i - 1] in " [{,:"):
            quote = c
        elif c in "[{" and (stack or i == 0 or line[i - 1] in " \t[{,:-"):
            stack.append(i)
        elif c in "]}" and stack:
            if _CLOSERS[line[stack[-1]]] != c:
                return stack  # closed by the wrong bracket: the open one is the mistake
            stack.pop()
    return stack


def _close_before(stop: Stop, start: int, opener: int, wrong: int) -> Iterator[Fix]:
    """Repairs that close the bracket at ``opener`` before the one that wrongly closes it.

    Likeliest first: before a ``key:`` that follows a comma (a list rarely
    holds one: ``[two, summary: x}``), then right before the wrong bracket.
    """
    line = stop.line(start)
    closer = _CLOSERS[line[opener]]
    places: list[tuple[int, int]] = []
    depth = 0
    for i in range(opener + 1, wrong + 1):
        if line[i] in "[{":
            depth += 1
        elif line[i] in "]}" and depth and i != wrong:
            depth -= 1
        elif line[i] == "," and not depth and KEY_AHEAD.match(line, i + 1):
            places.append((0, i))
    places.append((1, wrong))
    for _, i in sorted(places):
        before = line[opener + 1 : i].strip()
        mistake = Mistake(
            start + opener, start + wrong,
            f"this '{line[opener]}' is never closed: the '{line[wrong]}' at column "
            f"{wrong + 1} closes what holds it",
            f"close it with '{closer}' after '{cut(before, 30)}'",
        )
        yield Fix(start + i, start + i, closer, mistake)


def _wrong_closer(line: str, opener: int) -> int | None:
    """Where a bracket of the wrong kind closes the one at ``opener`` (None: none does)."""
    depth = 0
    quote = ""
    for i in range(opener + 1, len(line)):
        c = line[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"" and line[i - 1] in " [{,:":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:
                return i if c != _CLOSERS[line[opener]] else None
            depth -= 1
    return None


def _item(line: str, at: int) -> str:
    """The flow item around offset ``at`` of ``line``."""
    first = max(line.rfind(c, 0, at) for c in "[{,") + 1
    last = min((i for i in (line.find(c, at) for c in "]},") if i >= 0), default=len(line))
    return line[first:last].strip()
