"""The YAML mistakes writers make most, named where they made them, with the fix.

libyaml stops where it notices that the text went wrong, often a line or
more after the mistake, and says so in its own terms ("mapping values are
not allowed in this context"). :func:`diagnose` looks at the text around
that place for the mistakes behind most such stops: a tab that indents a
line, a line indented unlike its neighbours (a key, a list item), a missing
colon or the space after one, a quote or bracket never closed, a ``': '``
inside a value, a ``' #'`` that turns the rest of a line into a comment.

Each mistake has a *spotter*: a function that proposes repairs (a
:class:`Fix`, with the :class:`Mistake` it would mean). A repair counts only
if libyaml, reading the repaired text, gets past the place it stopped: what
is reported has been tried, not guessed. Of the repairs that count, the one
that reads furthest wins, ties going to the earlier spotter. Nothing here
runs unless a file could not be read, so trying a few repairs costs nothing
on a good bible.

Offsets are text offsets (characters); the loader turns them into line and
column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

import yaml

#: How many lines above the stop the spotters look for the mistake.
LOOK_BACK = 4
#: Lines past the stop that a repair is tried on (a file is not read again whole).
WINDOW = 30
#: Lines above the mistake searched for the start of its surroundings.
UPWARD = 200
#: At most this many repairs are tried (each is a reading of the whole file).
MAX_TRIES = 24
#: Of a writer's text quoted in a hint, at most this many characters.
QUOTED = 50
_CLOSERS = {"[": "]", "{": "}"}
_KEY = re.compile(r"[A-Za-z_][\w.'-]*")
_INDENT = re.compile(r"[ \t]*")
_KEY_AHEAD = re.compile(r" *[A-Za-z_][\w.'-]*: ")
#: A 'key:' line that opens a block, and the indent of the line under it.
_OPENS_BLOCK = re.compile(r"^( *)[A-Za-z_][\w.'-]*:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*( *)(?=\S)", re.M)
#: A line's indent, its key and value, then spaces and a second key before the stop.
_RUN_TOGETHER = re.compile(
    r"( *)[A-Za-z_][\w.'-]*:(?P<value> .*?\S)?( {2,}|\t+)([A-Za-z_][\w.'-]*)$"
)
_LONE_CR = re.compile(r"\r(?!\n)")


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
    widths = [
        len(lead) for line in text[top:last].split("\n")
        if (lead := _INDENT.match(line).group()) != line and line[len(lead)] != "#"  # type: ignore[union-attr]
    ]
    if not widths or min(widths) == 0 or "\t" in text[top:last]:
        return 0, len(text)
    least = min(widths)
    start: int | None = top
    for _ in range(UPWARD):
        if start is None:
            break
        if len(_indent(stop, start)) <= least:
            return start, last  # the shallowest level around the mistake starts here
        start = stop.previous(start)
    return 0, len(text)


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


def _cut(text: str, size: int = QUOTED) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _indent(stop: Stop, start: int) -> str:
    match = _INDENT.match(stop.text, start)
    assert match is not None  # the pattern matches nothing at worst
    return match.group()


def _body(stop: Stop, start: int) -> tuple[int, str]:
    """Where the line's content starts and the content, past its indent and any '- '."""
    at = start + len(_indent(stop, start))
    while stop.text.startswith("- ", at):
        at += 2
        while stop.text.startswith(" ", at):
            at += 1
    return at, stop.text[at : stop.line_end(start)]


def _comment(line: str) -> int:
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


def tab_indent(stop: Stop) -> Iterator[Fix]:
    """A tab in a line's indentation: YAML indents with spaces only."""
    for start in stop.suspects()[:3]:
        lead = _indent(stop, start)
        if "\t" not in lead:
            continue
        tab = start + lead.index("\t")
        # The widths a tab may stand for, likeliest first: one level below a
        # line that opens a block ('key:'), else the level of the lines around.
        # The levels of the lines above are tried too; none may take the
        # line's own block from under it.
        widths: list[int] = []
        above, below = stop.previous(start), stop.following(start)
        for near in (above, below):
            if near is not None and "\t" not in (other := _indent(stop, near)):
                deeper = near == above and _opens_block(stop, near)
                widths += [len(other) + _step(stop), len(other)] if deeper else [len(other)]
        while above is not None and "\t" not in (other := _indent(stop, above)):
            widths.append(len(other))
            above = _parent(stop, above)
        widths = [w for w in widths if _keeps_its_block(stop, start, w)]
        message = "a tab indents this line; YAML indents with spaces only"
        what = "the tab" if lead == "\t" else "the indentation"
        for width in dict.fromkeys(widths):
            spaces = f"replace {what} with {width} spaces" if width else f"remove {what}"
            hint = f"{spaces} (and set your editor to indent YAML with spaces)"
            yield Fix(start, start + len(lead), " " * width, Mistake(tab, tab + 1, message, hint))
        hint = "replace the tab with spaces (and set your editor to indent YAML with spaces)"
        yield Fix(tab, tab + 1, " ", Mistake(tab, tab + 1, message, hint), sure=True)


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
                sample = _cut(line[opener:close] + "''" + line[close + 1 : end + 1])
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
        comment = _comment(line)
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
                f"put the text with '#' in quotes ({_cut(item)!r}), or remove the space "
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
            f"end the line with '{closers}', as in {_cut(written)}",
        )
        close = Fix(end, end, closers, mistake)
        if len(unclosed) != 1:
            yield close
            continue
        stray = mistake._replace(end=opener + 1, hint=f"remove it (or end the line with "
                                 f"'{closers}')")
        remove = Fix(opener, opener + 1, "", stray)
        # '[name: x' where a key belongs: a stray bracket more likely than an open list.
        stray_first = not line[: unclosed[0]].strip() and _KEY_AHEAD.match(
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
        elif line[i] == "," and not depth and _KEY_AHEAD.match(line, i + 1):
            places.append((0, i))
    places.append((1, wrong))
    for _, i in sorted(places):
        before = line[opener + 1 : i].strip()
        mistake = Mistake(
            start + opener, start + wrong,
            f"this '{line[opener]}' is never closed: the '{line[wrong]}' at column "
            f"{wrong + 1} closes what holds it",
            f"close it with '{closer}' after '{_cut(before, 30)}'",
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
    indent = len(m.group(1)) + (0 if m.group("value") else _step(stop))
    mistake = Mistake(
        gap + len(m.group(3)), stop.offset + 1,
        f"'{key}:' starts a new key in the middle of a line: a line break is missing "
        "before it", f"put '{_cut(key)}:' on a line of its own, indented {indent} spaces",
    )
    yield Fix(gap, gap + len(m.group(3)), "\n" + " " * indent, mistake)


def stray_dash(stop: Stop) -> Iterator[Fix]:
    """'- key: value' among keys: the '-' makes a list item where a key belongs."""
    for start in stop.suspects()[:2]:
        at = start + len(_indent(stop, start))
        near = [n for n in (stop.previous(start), stop.following(start)) if n is not None]
        if any(_is_item(stop, n) for n in near):
            continue  # among items, it is one (maybe out of line: see indentation)
        key = _KEY.match(body := _body(stop, start)[1])
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
    at, body = _body(stop, start)
    key = _KEY.match(body)
    if key is None or not body.startswith(": ", key.end()) or at + key.end() >= colon:
        return
    value_at = at + key.end() + 2
    while stop.text.startswith(" ", value_at):
        value_at += 1
    line = stop.line(start)
    end = start + len(line[: _comment(line)].rstrip())
    value = stop.text[value_at:end]
    if value[:1] in "'\"[{|>&*!":
        return
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    what = "': ' inside" if stop.text[colon + 1 : colon + 2] not in ("", "\n", "\r") else \
        "a ':' at the end of"
    mistake = Mistake(
        colon, colon + 1,
        f"{what} the value of '{key.group()}' makes YAML read it as another key",
        f"put the value in quotes: {key.group()}: {_cut(quoted)}",
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
        f"': ' inside the value of '{_cut(key, 30)}' makes YAML read it as another key",
        f"put the value in quotes: {_cut(key, 30)}: {_cut(quoted)}",
    )
    end = start + value_at + len(line[value_at:last].rstrip())
    yield Fix(start + value_at, end, quoted, mistake)


def missing_space(stop: Stop) -> Iterator[Fix]:
    """'key:value': without a space after it, the colon is part of the text."""
    for start in stop.suspects():
        at, body = _body(stop, start)
        key = _KEY.match(body)
        if key is None or not body.startswith(":", key.end()):
            continue
        rest = body[key.end() + 1 :]
        if not rest or rest[0] in " \t:/":
            continue
        colon = at + key.end()
        mistake = Mistake(
            colon, colon + 1,
            f"'{_cut(key.group() + ':' + rest, 30)}' needs a space after the ':' to be a key "
            "and its value",
            f"write '{_cut(key.group() + ': ' + rest, 30)}'",
        )
        yield Fix(colon + 1, colon + 1, " ", mistake)


def dash_without_space(stop: Stop) -> Iterator[Fix]:
    """'-item': a list item's '-' needs a space after it."""
    for start in stop.suspects()[:2]:
        at = start + len(_indent(stop, start))
        after = stop.text[at + 1 : at + 2]
        if stop.text.startswith("-", at) and after and after not in " \t\r\n-":
            line = stop.line(at)
            mistake = Mistake(
                at, at + 1, "a list item's '-' needs a space after it",
                f"write '- {_cut(line[1:], 30)}'",
            )
            yield Fix(at + 1, at + 1, " ", mistake)


def missing_colon(stop: Stop) -> Iterator[Fix]:
    """'key value' or a lone 'key': without its ':' it is text, not a key."""
    starts = stop.suspects()
    if stop.context.startswith("while scanning a simple key") and stop.context_offset is not None:
        starts.insert(0, stop.line_start(stop.context_offset))
    for start in dict.fromkeys(starts):
        at, body = _body(stop, start)
        key = _KEY.match(body)
        if key is None or ":" in body[: _comment(body)] or key.end() == 0:
            continue
        word, rest = key.group(), body[key.end() :].strip()
        if rest and not body[key.end()].isspace():
            continue
        end = at + key.end()
        wanted = f"{word}: {_cut(rest, 30)}" if rest else f"{word}:"
        mistake = Mistake(
            at, end, f"'{word}' has no ':' after it, so YAML reads it as text, not a key",
            f"write '{wanted}'",
        )
        yield Fix(end, end, ":", mistake)


def indentation(stop: Stop) -> Iterator[Fix]:
    """A key or list item indented unlike the lines it belongs with.

    Two shapes: the first key under ``key:`` written at that key's own level
    (the lines after it, deeper, then belong to nothing); and the line where
    libyaml stopped, out of line with its neighbours of the same kind.
    """
    lines = stop.suspects()
    for start in lines[1:3]:
        above, below = stop.previous(start), stop.following(start)
        if above is None or below is None or "\t" in stop.line(start):
            continue
        width, wanted = len(_indent(stop, start)), len(_indent(stop, below))
        if stop.line(above).rstrip().endswith(":") and len(_indent(stop, above)) >= width \
                and wanted > width:
            mistake = _misindented(stop, start, below)
            owner = _KEY.match(_body(stop, above)[1])
            if owner is not None and len(_indent(stop, above)) == width:
                # The key the writer meant it to be under: say so.
                name = mistake.message.partition(" is indented")[0]
                mistake = mistake._replace(
                    message=f"{name} is indented {width} spaces, as '{owner.group()}:' above "
                    f"it is, so it is not inside '{owner.group()}' (the keys below it have "
                    f"{wanted})"
                )
            yield Fix(start, start + width, " " * wanted, mistake)
    yield from _off_step(stop, lines)
    # A list item out of line with the items beside it (its level is theirs,
    # not one step under the key above, which may hold them at its own level).
    start = lines[0]
    lead = _indent(stop, start)
    item = stop.text.startswith("- ", start + len(lead))
    if "\t" in lead or not item:
        return
    for near in _neighbours(stop, start):
        width = len(_indent(stop, near))
        if "\t" in _indent(stop, near) or width == len(lead):
            continue
        if stop.text.startswith("- ", near + width) == item and _keeps_its_block(
            stop, start, width
        ):
            yield Fix(start, start + len(lead), " " * width, _misindented(stop, start, near))


def _off_step(stop: Stop, lines: list[int]) -> Iterator[Fix]:
    """Lines at no level of the lines around them: not one step under the line they
    are under (or at a list item's text), nor beside the line before.

    The lines that hold the stop's line come first, outermost first (a first
    beat indented 5 spaces makes libyaml stop at the next beat), then the
    lines above the stop. Each is tried beside the line before it, one step
    under the line it is under, and beside that line.
    """
    step = _step(stop)
    chain: list[int] = []
    line: int | None = lines[0]
    while line is not None and len(chain) < 12:
        chain.append(line)
        line = _parent(stop, line)
    for start in dict.fromkeys([*reversed(chain), *lines]):
        parent = _parent(stop, start)
        lead = _indent(stop, start)
        if parent is None or "\t" in lead or "\t" in _indent(stop, parent):
            continue
        levels: list[tuple[int, int]] = []  # (width, the line it would be like)
        before = stop.previous(start)
        if before is not None and not _opens_block(stop, before):
            levels.append((len(_indent(stop, before)), before))
        width = len(_indent(stop, parent))
        under = _body(stop, parent)[0] - parent if _is_item(stop, parent) else width + step
        levels += [(under, parent), (width, parent)]
        if len(lead) in (under, width):
            continue  # on a level already: not this line's mistake
        for wanted, like in dict.fromkeys(levels):
            if wanted != len(lead) and _keeps_its_block(stop, start, wanted):
                if like == parent and wanted != width:
                    mistake = _not_under(stop, start, parent, wanted)
                else:
                    mistake = _misindented(stop, start, like)
                yield Fix(start, start + len(lead), " " * wanted, mistake)


def _is_item(stop: Stop, start: int) -> bool:
    return stop.text.startswith("- ", start + len(_indent(stop, start)))


def _opens_block(stop: Stop, start: int) -> bool:
    """Whether the line is a 'key:' (or '- key:') with its value on the lines below."""
    line = stop.line(start)
    return line[: _comment(line)].rstrip().endswith(":")


def _keeps_its_block(stop: Stop, start: int, wanted: int) -> bool:
    """Whether what is under the line stays under it when it is indented ``wanted``."""
    if not _opens_block(stop, start):
        return True
    below = stop.following(start)
    return below is None or len(_indent(stop, below)) > wanted or (
        _is_item(stop, below) and len(_indent(stop, below)) == wanted
    )


def _indent_it(wanted: int) -> str:
    return f"indent it with {wanted} spaces" if wanted else "start it at the line's beginning"


def _not_under(stop: Stop, start: int, parent: int, wanted: int) -> Mistake:
    """The mistake of a line meant to be one step under ``parent``."""
    lead = len(_indent(stop, start))
    owner = _KEY.match(_body(stop, parent)[1])
    name = _misindented(stop, start, parent).message.partition(" is indented")[0]
    under = f"'{owner.group()}:'" if owner else "the line above"
    at = start + lead
    return Mistake(
        at, _misindented(stop, start, parent).end,
        f"{name} is indented {lead} space{'s' * (lead != 1)}, but what is under {under} is "
        f"indented {wanted}", _indent_it(wanted),
    )


def _parent(stop: Stop, start: int) -> int | None:
    """The nearest line above ``start`` that is less indented (None: none is)."""
    width = len(_indent(stop, start))
    line = stop.previous(start) if width else None
    for _ in range(5_000):  # a parent further up is not looked for (a 20,000-beat arc)
        if line is None or len(_indent(stop, line)) < width:
            return line
        line = stop.previous(line)
    return None


def _step(stop: Stop) -> int:
    """How many spaces deeper the file writes what is under a 'key:' (most often)."""
    counts: dict[int, int] = {}
    for m in _OPENS_BLOCK.finditer(stop.text, 0, min(len(stop.text), 20_000)):
        deeper = len(m.group(2)) - len(m.group(1))
        if deeper > 1:  # a step of one space is far likelier a slip than a style
            counts[deeper] = counts.get(deeper, 0) + 1
    return max(counts, key=lambda n: (counts[n], -n)) if counts else 2


def _neighbours(stop: Stop, start: int) -> list[int]:
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


def _misindented(stop: Stop, start: int, near: int) -> Mistake:
    width, wanted = len(_indent(stop, start)), len(_indent(stop, near))
    at, body = _body(stop, start)
    first = start + width
    item = stop.text.startswith("- ", first)
    word = _KEY.match(body)
    end = at + word.end() if word is not None else stop.line_end(start)
    name = "this list item" if item else f"'{word.group()}:'" if word else "this line"
    where = "below" if near > start else "above"
    like = stop.line(near).strip()
    like = _cut(like[: like.index(":") + 1] if ":" in like and not item else like, 30)
    spaces = f"{width} space{'s' * (width != 1)}"
    more = "more" if width > wanted else "less"
    others = "the items" if item else "the keys"
    return Mistake(
        first, end,
        f"{name} is indented {spaces}, {more} than {others} {where} it ({wanted})",
        f"{_indent_it(wanted)}, like '{like}' {where}",
    )


def comment_cuts_value(text: str, at: int, value: str, key: str | None) -> Mistake:
    """The mistake of a ``'#'`` at ``at`` that ends ``value`` (of ``key``) as a comment."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    cut = text[at:end].rstrip("\r \t")
    whole = f"{value} {cut}"
    quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
    written = f"{key}: {quoted}" if key is not None else f"- {quoted}"
    return Mistake(
        at, at + len(cut),
        f"'{_cut(cut, 20)}' is read as a comment (a space, then '#'), so "
        f"{'the value' if key is None else 'the ' + key} ends at '{_cut(value, 30)}'",
        f"put the whole text in quotes: {_cut(written)}; a comment is '# ' with a space",
    )


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
