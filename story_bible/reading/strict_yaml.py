"""What libyaml lets through although the YAML spec forbids it, found after composing.

Each check is a regex run once over the text, confirmed against the node
tree only where it matches (:func:`strict_yaml`, :func:`numbered_comments`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence

if TYPE_CHECKING:  # (imported where a mistake is found: a bible read clean needs none)
    from story_bible.reading import yaml_mistakes

# What libyaml lets through although the YAML spec forbids it. Each check is
# a regex run once over the text (or a lookup), confirmed against the node
# tree only where it matches, so it costs nothing on a well-formed bible and
# never rejects valid YAML (tests/story_bible/test_yaml_suite.py runs every
# valid case of the YAML test suite through it).
#: A line in column 0 without a ':' in a top-level block mapping: only the
#: continuation of a flow collection or quoted text can be that, and those
#: must be indented. (A byte order mark starting a line is libyaml's to judge.)
_UNINDENTED = re.compile(r"\n[^\s#\-?:%.\ufeff][^:\n]*+(?![^\n])")
#: A line indented with a tab (and not a comment or blank).
_TAB_INDENT = re.compile(r"\n\t+[^\s#]")
#: A '#' touching what comes before it: after ] } , a quote, a block header.
#: (Each pattern starts with a literal, which the regex engine finds fast.)
_TOUCHING = re.compile(r"#(?<=[\]},\"'|>0-9+\-]#)")
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#")
#: The end of a block scalar header without an indentation indicator, then
#: blank lines, then its first text line (the check compares their spaces).
_LEADING_BLANKS = re.compile(r"\n(?:(?<=[|>]\n)|(?<=[|>][-+]\n))((?: *\n)+)( +)\S")
_DIRECTIVE_TOUCHING = re.compile(r"%YAML[ \t]+[0-9]+\.[0-9]+#")
_TOUCHING_MESSAGE = "a comment needs a space before its '#'"


def strict_yaml(
    text: str, root: Node, dash: bool = True, confirm: bool = True
) -> list[tuple[int, str]]:
    """Offsets and messages of what the YAML spec forbids and libyaml accepts.

    ``dash`` says whether some scalar may be a lone ``-`` (compose knows).
    ``confirm=False`` gives every place a pattern finds, without asking the
    nodes whether it is one (for a tree whose tables were read without nodes).
    """
    found: list[tuple[int, str]] = []
    block = not isinstance(root, Scalar) and not root.flow and root.column == 1
    if block and isinstance(root, Mapping):
        found.extend(
            (m.start() + 1, "this line continues the value above it, so it must be indented")
            for m in _UNINDENTED.finditer(text, root.start)
        )
    if block:
        found.extend(
            (m.start() + 1, "a tab cannot indent a line; indent with spaces")
            for m in _TAB_INDENT.finditer(text, root.start)
        )
    if text.startswith("%") and _DIRECTIVE_TOUCHING.match(text):
        found.append((text.index("#"), _TOUCHING_MESSAGE))
    for m in _TOUCHING.finditer(text):
        offset = m.start()
        if not confirm or _comment_touches(text, root, offset):
            found.append((offset, _TOUCHING_MESSAGE))
    for m in _LEADING_BLANKS.finditer(text):
        if not confirm or _blanks_too_deep(root, m):
            found.append(
                (m.start(2), "a blank line before a block scalar's first line has more spaces "
                 "than that line; give the header an indentation indicator or trim the blanks")
            )
    if dash:
        found.extend(
            (node.start, "a lone '-' in a flow collection is not a value; quote it ('-')")
            for node in _plain_dashes(root)
        )
    return sorted(found)


def numbered_comments(
    text: str, root: Node, confirm: bool = True
) -> list[yaml_mistakes.Mistake]:
    """Values cut short by a ``' #'`` and a number (``summary: Class #2 hides``).

    Valid YAML, which reads ``#2 hides`` as a comment: the text is lost
    without a word. A comment that starts with a number right after a plain
    value is taken for that mistake. ``confirm=False`` gives a place for
    every ``' #'`` and digit, without asking the nodes (for a tree whose
    tables were read without nodes).
    """
    found: list[yaml_mistakes.Mistake] = []
    # '#' is rare where a space is everywhere: finding it first is 15 times as fast.
    hash_at = text.find("#", 1)
    while hash_at > 0:
        at = hash_at - 1
        if text[at] == " " and text[hash_at + 1 : hash_at + 2].isdigit():
            if not confirm:
                if _inside_double_quotes(text, at):
                    hash_at = text.find("#", hash_at + 1)
                    continue
                from story_bible.reading.yaml_mistakes import Mistake

                return [Mistake(at + 1, at + 2, "", "")]
            path = _path(root, at - 1)
            value = path[-1] if path else None
            if (
                isinstance(value, Scalar)
                and value.style == ""
                and value.end == at
                and _in_scalar(root, at + 1) is None
            ):
                parent = path[-2] if len(path) > 1 else None
                key = next(
                    (k.value for k, v in parent.entries.values() if v is value), None
                ) if isinstance(parent, Mapping) else None
                from story_bible.reading.yaml_mistakes import comment_cuts_value

                found.append(comment_cuts_value(text, at + 1, value.value, key))
        hash_at = text.find("#", hash_at + 1)
    return found


def _inside_double_quotes(text: str, at: int) -> bool:
    """Whether ``at`` lies between two double quotes of its own line (``"Rioter #1"``).

    Only for the screen without nodes: a name such as ``"Frey Soldier #1"`` is
    no comment, and sending every such file to the full reading costs a show
    of extras its quick check. An odd count of quotes before ``at`` with one
    still to come on the line is a quoted string; anything else stays in the
    screen (an escaped quote only makes the full reading look).
    """
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text.count('"', start, at) % 2 == 1 and '"' in text[at : end if end >= 0 else None]


def _path(root: Node, offset: int) -> list[Node]:
    """The nodes whose text holds ``offset``, outermost first (empty: none does)."""
    path: list[Node] = []
    node: Node | None = root
    while node is not None and node.start <= offset < node.end:
        path.append(node)
        if isinstance(node, Scalar):
            break
        node = next((c for c in _children(node) if c.start <= offset < c.end), None)
    return path


def _children(node: Sequence | Mapping) -> list[Node]:
    if isinstance(node, Sequence):
        return node.items
    return [n for pair in node.entries.values() for n in pair]


def _in_scalar(root: Node, offset: int) -> Scalar | None:
    path = _path(root, offset)
    last = path[-1] if path else None
    return last if isinstance(last, Scalar) else None


def _comment_touches(text: str, root: Node, offset: int) -> bool:
    """Whether the '#' at ``offset`` starts a comment right after a token (not text)."""
    scalar = _in_scalar(root, offset)
    if scalar is not None:
        # Inside text, a '#' is text; on a block scalar's header line it is a comment.
        header = scalar.style in ("|", ">") and "\n" not in text[scalar.start : offset]
        return header and text[offset - 1] not in " \t"
    line_start = text.rfind("\n", 0, offset) + 1
    for m in _COMMENT.finditer(text, line_start, offset):
        if _in_scalar(root, m.start()) is None:
            return False  # inside a comment that started earlier on the line
    before = text[offset - 1]
    path = _path(root, offset - 1) if before == "," else _path(root, offset)
    container = path[-1] if path else None
    if before == ",":
        return isinstance(container, (Sequence, Mapping)) and container.flow
    siblings = _children(container) if isinstance(container, (Sequence, Mapping)) else [root]
    for node in siblings:
        if node.end != offset:
            continue
        if before in "]}":
            return isinstance(node, (Sequence, Mapping)) and node.flow
        return isinstance(node, Scalar) and node.style == before
    return False


def _blanks_too_deep(root: Node, match: re.Match[str]) -> bool:
    """Whether a block scalar's leading blank lines are deeper than its first text line.

    The spec detects a block scalar's indentation from its first text line and
    forbids blank lines before it with more spaces; libyaml takes the deepest.
    """
    path = _path(root, match.start() - 1)
    scalar = path[-1] if path else None
    if not isinstance(scalar, Scalar) or scalar.style not in ("|", ">"):
        return False
    parent = path[-2] if len(path) > 1 else None
    indent = parent.column - 1 if parent is not None else -1
    first = len(match.group(2))
    deepest = max(len(line) for line in match.group(1).split("\n"))
    return indent < first < deepest


def _plain_dashes(root: Node) -> list[Scalar]:
    """Plain scalars that are a lone '-' (only a flow collection lets libyaml read one)."""
    found: list[Scalar] = []
    todo: list[Node] = [root]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if isinstance(node, Scalar):
            if node.value == "-" and node.style == "":
                found.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            todo.extend(_children(node))
    return found
