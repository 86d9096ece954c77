"""How a bible file is laid out around its YAML nodes: lines, indentation, comments.

libyaml ends a block collection where the next token starts (past blank lines
and comments), so the extent of an entry is measured here instead: an entry
runs from its key's line (with the comment lines just above it, its "own"
comments) to the end of the line of its last written character (with any
comment after it on that line). Everything works on text offsets; lines end
in ``\\n`` or ``\\r\\n``, whichever the file uses.
"""

from __future__ import annotations

from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence


class Layout:
    """Line and indentation facts about one file's text."""

    __slots__ = ("nl", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.nl = "\r\n" if "\r\n" in text else "\n"

    # -- lines ---------------------------------------------------------------

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` breaks (before ``\\r\\n``), or the end of text."""
        end = self.text.find("\n", offset)
        if end < 0:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def next_line(self, offset: int) -> int:
        """The start of the line after the one holding ``offset`` (or the end of text)."""
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end + 1

    def previous_line(self, line_start: int) -> int | None:
        return None if line_start == 0 else self.line_start(line_start - 1)

    def line(self, line_start: int) -> str:
        return self.text[line_start : self.line_end(line_start)]

    def is_blank(self, line_start: int) -> bool:
        return self.line(line_start).strip() == ""

    def is_comment(self, line_start: int) -> bool:
        return self.line(line_start).lstrip().startswith("#")

    def indent(self, line_start: int) -> int:
        line = self.line(line_start)
        return len(line) - len(line.lstrip(" "))

    def first_on_line(self, offset: int) -> bool:
        """Only spaces stand before ``offset`` on its line."""
        return self.text[self.line_start(offset) : offset].strip(" ") == ""

    def column(self, offset: int) -> int:
        """0-based column of ``offset``."""
        return offset - self.line_start(offset)

    # -- nodes ---------------------------------------------------------------

    def content_end(self, node: Node) -> int:
        """Just past the last character written for ``node``."""
        if isinstance(node, Scalar):
            if node.style in ("|", ">"):
                if self.keeps_trailing_lines(node):
                    return node.end
                end = node.end
                while end > node.start and self.text[end - 1] in " \t\r\n":
                    end -= 1
                return end
            return node.end
        if node.flow:
            return node.end
        if isinstance(node, Mapping):
            if not node.entries:
                return node.end
            key, value = next(reversed(node.entries.values()))
            return max(key.end, self.content_end(value))
        if not node.items:
            return node.end
        return self.content_end(node.items[-1])

    def keeps_trailing_lines(self, node: Scalar) -> bool:
        """A block scalar with the keep indicator (``|+``): its blank last lines are text."""
        header = self.text[node.start : self.line_end(node.start)].split("#", 1)[0]
        return "+" in header

    def colon_after(self, key: Scalar) -> int:
        """The offset of the ``:`` that follows a mapping key."""
        return self.text.index(":", key.end)

    def dash_of(self, item: Node) -> int:
        """The offset of the ``-`` that starts a block sequence item."""
        return self.text.rindex("-", self.line_start(item.start), item.start)

    # -- entries of block collections -----------------------------------------

    def comments_above(self, line_start: int) -> int:
        """The start of the comment lines just above a line that are at its indent or deeper."""
        indent = self.indent(line_start)
        start = line_start
        while (above := self.previous_line(start)) is not None:
            if not self.is_comment(above) or self.indent(above) < indent:
                break
            start = above
        return start

    def entry_tail(self, last: int) -> int:
        """The start of the line after an entry whose last written character ends at ``last``."""
        return self.next_line(max(last - 1, 0)) if last > 0 else self.next_line(0)

    def entry_last(self, key: Scalar | None, value: Node) -> int:
        end = self.content_end(value)
        return max(end, key.end) if key is not None else end

    def block_lines(self, head: int, last: int) -> tuple[int, int]:
        """(start, end) of the whole lines of an entry: its own comments to its last line."""
        return self.comments_above(self.line_start(head)), self.entry_tail(last)

    def removal(self, start: int, end: int) -> tuple[int, int]:
        """Widen a removal of whole lines so that it leaves no doubled blank line behind."""
        above = self.previous_line(start)
        if (
            above is not None and self.is_blank(above)
            and end < len(self.text) and self.is_blank(end)
        ):
            end = self.next_line(end)
        return start, end

    def item_indent(self, seq: Sequence) -> int:
        """The column of the ``-`` of a block sequence's items."""
        return self.column(self.dash_of(seq.items[0]))

    def key_indent(self, mapping: Mapping) -> int:
        first = next(iter(mapping.entries.values()))[0]
        return self.column(first.start)

    def child_step(self, mapping: Mapping) -> int:
        """How much deeper than its keys a block mapping indents their block values."""
        indent = self.key_indent(mapping)
        for _, value in mapping.entries.values():
            if isinstance(value, Mapping) and not value.flow and value.entries:
                return max(self.key_indent(value) - indent, 1)
            if isinstance(value, Sequence) and not value.flow and value.items:
                step = self.item_indent(value) - indent
                if step > 0:
                    return step
        return 2

    def blank_separated(self, heads: list[int]) -> bool:
        """Whether the entries starting at these offsets are set apart by blank lines."""
        if len(heads) < 2:
            return False
        start = self.comments_above(self.line_start(heads[-1]))
        above = self.previous_line(start)
        return above is not None and self.is_blank(above)
