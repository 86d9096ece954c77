"""Spotters of punctuation mistakes: quotes, brackets, colons, dashes and '#'.

Each spotter takes the :class:`~story_bible.reading.yaml_mistakes.lines.Stop` and
proposes repairs (:class:`~story_bible.reading.yaml_mistakes.lines.Fix`), each with
the mistake it would mean; ``diagnose`` keeps the one that reads furthest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from story_bible.reading.yaml_mistakes.lines import (
    KEY,
    KEY_AHEAD,
    Fix,
    Mistake,
    Stop,
    body_of,
    comment_at,
    cut,
    indent_of,
    is_item,
    step_of,
)

_CLOSERS = {"[": "]", "{": "}"}
#: A line's indent, its key and value, then spaces and a second key before the stop.
_RUN_TOGETHER = re.compile(
    r"( *)[^\W\d][\w.'-]*:(?P<value> .*?\S)?( {2,}|\t+)([^\W\d][\w.'-]*)$"
)


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


def missing_line_break(stop: Stop) -> Iterator[Fix]:
    """'at: S1E02    after: [x]': two keys run together on one line."""
    if not stop.problem.startswith("mapping values are not allowed"):
        return
    start = stop.line_start(stop.offset)
    line = stop.text[start : stop.offset]
    m = _RUN_TOGETHER.match(line)
    if m is None:
        return
    gap, key = start + m.start(3), m.group(4)
    # Beside the first key, or under it when that key has no value on the line.
    indent = len(m.group(1)) + (0 if m.group("value") else step_of(stop))
    mistake = Mistake(
        gap + len(m.group(3)), stop.offset + 1,
        f"'{key}:' starts a new key in the middle of a line: a line break is missing "
        "before it", f"put '{cut(key)}:' on a line of its own, indented {indent} spaces",
    )
    yield Fix(gap, gap + len(m.group(3)), "\n" + " " * indent, mistake)


def stray_dash(stop: Stop) -> Iterator[Fix]:
    """'- key: value' among keys: the '-' makes a list item where a key belongs."""
    for start in stop.suspects()[:2]:
        at = start + len(indent_of(stop, start))
        near = [n for n in (stop.previous(start), stop.following(start)) if n is not None]
        if any(is_item(stop, n) for n in near):
            continue  # among items, it is one (maybe out of line: see indentation)
        key = KEY.match(body := body_of(stop, start)[1])
        if stop.text.startswith("- ", at) and key and body.startswith(":", key.end()):
            mistake = Mistake(
                at, at + 1, "this '-' starts a list item among keys",
                "remove the '-' (a key is written without one)",
            )
            yield Fix(at, at + 1, " ", mistake)


def value_with_colon(stop: Stop) -> Iterator[Fix]:
    """A ': ' inside a value not in quotes: YAML reads it as the start of a mapping."""
    colon = stop.offset
    if stop.text[colon : colon + 1] != ":":
        return
    if stop.problem.startswith(("did not find expected ','", "expected ','")):
        yield from _flow_value_with_colon(stop)
        return
    if not stop.problem.startswith("mapping values are not allowed"):
        return
    start = stop.line_start(colon)
    at, body = body_of(stop, start)
    key = KEY.match(body)
    if key is None or not body.startswith(": ", key.end()) or at + key.end() >= colon:
        return
    value_at = at + key.end() + 2
    while stop.text.startswith(" ", value_at):
        value_at += 1
    line = stop.line(start)
    end = start + len(line[: comment_at(line)].rstrip())
    value = stop.text[value_at:end]
    if value[:1] in "'\"[{|>&*!":
        return
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    what = "': ' inside" if stop.text[colon + 1 : colon + 2] not in ("", "\n", "\r") else \
        "a ':' at the end of"
    mistake = Mistake(
        colon, colon + 1,
        f"{what} the value of '{key.group()}' makes YAML read it as another key",
        f"put the value in quotes: {key.group()}: {cut(quoted)}",
    )
    yield Fix(value_at, end, quoted, mistake)


def _flow_value_with_colon(stop: Stop) -> Iterator[Fix]:
    """``{title: Warning: T}``: the same mistake inside brackets."""
    colon = stop.offset
    start = stop.line_start(colon)
    line = stop.line(start)
    at = colon - start
    key_colon = line.rfind(": ", 0, at)
    first = max(line.rfind(c, 0, at) for c in "{[,")
    if key_colon < 0 or key_colon < first:
        return
    value_at = key_colon + 2
    last = min((i for i in (line.find(c, at) for c in ",}]") if i >= 0), default=len(line))
    value = line[value_at:last].strip()
    if not value or value[0] in "'\"[{":
        return
    key = line[first + 1 : key_colon].strip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    mistake = Mistake(
        colon, colon + 1,
        f"': ' inside the value of '{cut(key, 30)}' makes YAML read it as another key",
        f"put the value in quotes: {cut(key, 30)}: {cut(quoted)}",
    )
    end = start + value_at + len(line[value_at:last].rstrip())
    yield Fix(start + value_at, end, quoted, mistake)


def missing_space(stop: Stop) -> Iterator[Fix]:
    """'key:value': without a space after it, the colon is part of the text."""
    for start in stop.suspects():
        at, body = body_of(stop, start)
        key = KEY.match(body)
        if key is None or not body.startswith(":", key.end()):
            continue
        rest = body[key.end() + 1 :]
        if not rest or rest[0] in " \t:/":
            continue
        colon = at + key.end()
        mistake = Mistake(
            colon, colon + 1,
            f"'{cut(key.group() + ':' + rest, 30)}' needs a space after the ':' to be a key "
            "and its value",
            f"write '{cut(key.group() + ': ' + rest, 30)}'",
        )
        yield Fix(colon + 1, colon + 1, " ", mistake)


def dash_without_space(stop: Stop) -> Iterator[Fix]:
    """'-item': a list item's '-' needs a space after it."""
    for start in stop.suspects()[:2]:
        at = start + len(indent_of(stop, start))
        after = stop.text[at + 1 : at + 2]
        if stop.text.startswith("-", at) and after and after not in " \t\r\n-":
            line = stop.line(at)
            mistake = Mistake(
                at, at + 1, "a list item's '-' needs a space after it",
                f"write '- {cut(line[1:], 30)}'",
            )
            yield Fix(at + 1, at + 1, " ", mistake)


def missing_colon(stop: Stop) -> Iterator[Fix]:
    """'key value' or a lone 'key': without its ':' it is text, not a key."""
    starts = stop.suspects()
    if stop.context.startswith("while scanning a simple key") and stop.context_offset is not None:
        starts.insert(0, stop.line_start(stop.context_offset))
    for start in dict.fromkeys(starts):
        at, body = body_of(stop, start)
        key = KEY.match(body)
        if key is None or key.end() == 0:
            continue
        word, rest = key.group(), body[key.end() : comment_at(body)].strip()
        if rest and not body[key.end()].isspace():
            continue  # 'key:value' and the like are other spotters'
        if ": " in rest and rest[0] not in "[{'\"":
            continue  # 'a b: c' is a key of two words, not a key missing its colon
        end = at + key.end()
        wanted = f"{word}: {cut(rest, 30)}" if rest else f"{word}:"
        mistake = Mistake(
            at, end, f"'{word}' has no ':' after it, so YAML reads it as text, not a key",
            f"write '{wanted}'",
        )
        yield Fix(end, end, ":", mistake)


def comment_cuts_value(text: str, at: int, value: str, key: str | None) -> Mistake:
    """The mistake of a ``'#'`` at ``at`` that ends ``value`` (of ``key``) as a comment."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    comment = text[at:end].rstrip("\r \t")
    whole = f"{value} {comment}"
    quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
    written = f"{key}: {quoted}" if key is not None else f"- {quoted}"
    return Mistake(
        at, at + len(comment),
        f"'{cut(comment, 20)}' is read as a comment (a space, then '#'), so "
        f"{'the value' if key is None else 'the ' + key} ends at '{cut(value, 30)}'",
        f"put the whole text in quotes: {cut(written)}; a comment is '# ' with a space",
    )
