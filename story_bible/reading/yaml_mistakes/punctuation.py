"""Spotters of punctuation mistakes: colons, dashes, spaces and '#'.

Quotes and brackets left open are :mod:`~story_bible.reading.yaml_mistakes.enclosures`'.

Each spotter takes the :class:`~story_bible.reading.yaml_mistakes.lines.Stop` and
proposes repairs (:class:`~story_bible.reading.yaml_mistakes.lines.Fix`), each with
the mistake it would mean; ``diagnose`` keeps the one that reads furthest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from story_bible.reading.yaml_mistakes.lines import (
    KEY,
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

#: A line's indent, its key and value, then spaces and a second key before the stop.
_RUN_TOGETHER = re.compile(
    r"( *)[^\W\d][\w.'-]*:(?P<value> .*?\S)?( {2,}|\t+)([^\W\d][\w.'-]*)$"
)


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
