"""Spotters of indentation mistakes: a tab, a key or list item at no level around it.

Each spotter takes the :class:`~story_bible.reading.yaml_mistakes.lines.Stop` and
proposes repairs (:class:`~story_bible.reading.yaml_mistakes.lines.Fix`), each with
the mistake it would mean; ``diagnose`` keeps the one that reads furthest.
"""

from __future__ import annotations

from collections.abc import Iterator

from story_bible.reading.yaml_mistakes.lines import (
    KEY,
    Fix,
    Mistake,
    Stop,
    body_of,
    cut,
    indent_of,
    is_item,
    neighbours,
    opens_block,
    parent_of,
    step_of,
)


def tab_indent(stop: Stop) -> Iterator[Fix]:
    """A tab in a line's indentation: YAML indents with spaces only."""
    for start in stop.suspects()[:3]:
        lead = indent_of(stop, start)
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
            if near is not None and "\t" not in (other := indent_of(stop, near)):
                deeper = near == above and opens_block(stop, near)
                widths += [len(other) + step_of(stop), len(other)] if deeper else [len(other)]
        while above is not None and "\t" not in (other := indent_of(stop, above)):
            widths.append(len(other))
            above = parent_of(stop, above)
        widths = [w for w in widths if _keeps_its_block(stop, start, w)]
        message = "a tab indents this line; YAML indents with spaces only"
        what = "the tab" if lead == "\t" else "the indentation"
        for width in dict.fromkeys(widths):
            spaces = f"replace {what} with {width} spaces" if width else f"remove {what}"
            hint = f"{spaces} (and set your editor to indent YAML with spaces)"
            yield Fix(start, start + len(lead), " " * width, Mistake(tab, tab + 1, message, hint))
        hint = "replace the tab with spaces (and set your editor to indent YAML with spaces)"
        yield Fix(tab, tab + 1, " ", Mistake(tab, tab + 1, message, hint), sure=True)


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
        width, wanted = len(indent_of(stop, start)), len(indent_of(stop, below))
        if stop.line(above).rstrip().endswith(":") and len(indent_of(stop, above)) >= width \
                and wanted > width:
            mistake = _misindented(stop, start, below)
            owner = KEY.match(body_of(stop, above)[1])
            if owner is not None and len(indent_of(stop, above)) == width:
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
    lead = indent_of(stop, start)
    item = stop.text.startswith("- ", start + len(lead))
    if "\t" in lead or not item:
        return
    for near in neighbours(stop, start):
        width = len(indent_of(stop, near))
        if "\t" in indent_of(stop, near) or width == len(lead):
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
    step = step_of(stop)
    chain: list[int] = []
    line: int | None = lines[0]
    while line is not None and len(chain) < 12:
        chain.append(line)
        line = parent_of(stop, line)
    for start in dict.fromkeys([*reversed(chain), *lines]):
        parent = parent_of(stop, start)
        lead = indent_of(stop, start)
        if parent is None or "\t" in lead or "\t" in indent_of(stop, parent):
            continue
        levels: list[tuple[int, int]] = []  # (width, the line it would be like)
        before = stop.previous(start)
        if before is not None and not opens_block(stop, before):
            levels.append((len(indent_of(stop, before)), before))
        width = len(indent_of(stop, parent))
        under = body_of(stop, parent)[0] - parent if is_item(stop, parent) else width + step
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


def _keeps_its_block(stop: Stop, start: int, wanted: int) -> bool:
    """Whether what is under the line stays under it when it is indented ``wanted``."""
    if not opens_block(stop, start):
        return True
    below = stop.following(start)
    return below is None or len(indent_of(stop, below)) > wanted or (
        is_item(stop, below) and len(indent_of(stop, below)) == wanted
    )


def _indent_it(wanted: int) -> str:
    return f"indent it with {wanted} spaces" if wanted else "start it at the line's beginning"


def _not_under(stop: Stop, start: int, parent: int, wanted: int) -> Mistake:
    """The mistake of a line meant to be one step under ``parent``."""
    lead = len(indent_of(stop, start))
    owner = KEY.match(body_of(stop, parent)[1])
    name = _misindented(stop, start, parent).message.partition(" is indented")[0]
    under = f"'{owner.group()}:'" if owner else "the line above"
    at = start + lead
    return Mistake(
        at, _misindented(stop, start, parent).end,
        f"{name} is indented {lead} space{'s' * (lead != 1)}, but what is under {under} is "
        f"indented {wanted}", _indent_it(wanted),
    )


def _misindented(stop: Stop, start: int, near: int) -> Mistake:
    width, wanted = len(indent_of(stop, start)), len(indent_of(stop, near))
    at, body = body_of(stop, start)
    first = start + width
    item = stop.text.startswith("- ", first)
    word = KEY.match(body)
    end = at + word.end() if word is not None else stop.line_end(start)
    name = "this list item" if item else f"'{word.group()}:'" if word else "this line"
    where = "below" if near > start else "above"
    like = stop.line(near).strip()
    like = cut(like[: like.index(":") + 1] if ":" in like and not item else like, 30)
    spaces = f"{width} space{'s' * (width != 1)}"
    more = "more" if width > wanted else "less"
    others = "the items" if item else "the keys"
    return Mistake(
        first, end,
        f"{name} is indented {spaces}, {more} than {others} {where} it ({wanted})",
        f"{_indent_it(wanted)}, like '{like}' {where}",
    )
