"""How a composition tells what is wrong with a text that is no sound bible file.

What stopped libyaml (a syntax error, told where the writer made it by
:mod:`~story_bible.reading.yaml_mistakes` when it can; a character YAML
forbids), a second document, a key written twice, a tag that is not the
core schema's, and the YAML libyaml accepts although the spec forbids it
(:mod:`~story_bible.reading.strict_yaml`): each as one located problem in a
writer's words, with what to do.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml
from yaml.reader import ReaderError

from story_bible.errors import LoadError, Problem
from story_bible.reading.nodes import Node, Scalar, Unusual
from story_bible.reading.strict_yaml import numbered_comments, strict_yaml


def second_document(event: Any, at: int, problem: Any, problems: list[Problem]) -> None:
    problem(
        event.start_mark.index + at,
        event.end_mark.index + at,
        "B001",
        "a second YAML document; a bible file holds exactly one",
        "remove the '---' line or move the rest to another file of a folder bible",
    )
    raise LoadError(problems)


def stopped(
    exc: yaml.YAMLError, text: str, at: int, problem: Any, diagnose: bool, in_bytes: bool
) -> bool:
    """Report what stopped libyaml, a syntax error or a character YAML forbids (False: else).

    ``in_bytes``: the reader counted the UTF-8 bytes of the text (libyaml), not characters.
    """
    if isinstance(exc, yaml.MarkedYAMLError):
        _syntax_error(exc, text, at, problem, diagnose)
    elif isinstance(exc, ReaderError):
        offset = _char_offset(text, exc.position, in_bytes) + at
        problem(offset, offset + 1, "B001", f"{_character(exc.character)} is not allowed in "
                "YAML text; remove it")
    else:
        return False
    return True


def check_syntax(text: str, root: Node, problem: Any, quick: bool, dashes: bool) -> None:
    """Tell the YAML that libyaml let through (``quick``: raise :class:`Unusual` at a hint of it).

    The checks walk nodes, which the quick reading's tables were read
    without: any hint of what they look for sends the text to the full one.
    """
    if quick:
        if (
            dashes
            or strict_yaml(text, root, dash=False, confirm=False)
            or numbered_comments(text, root, confirm=False)
        ):
            raise Unusual("syntax to check against the nodes")
        return
    for offset, message in strict_yaml(text, root, dashes):
        problem(offset, offset + 1, "B001", f"YAML syntax error: {message}")
    for mistake in numbered_comments(text, root):
        problem(mistake.start, mistake.end, "B001", mistake.message, mistake.hint)


def duplicate(key: Scalar, earlier: tuple[Scalar, Node], node: Node) -> tuple[str, str]:
    """The message and hint of ``key`` written a second time in one mapping."""
    first, value = earlier

    def shown(node: Node) -> str:
        if isinstance(node, Scalar) and node.value and "\n" not in node.value:
            return f" ({node.value if len(node.value) <= 30 else node.value[:29] + '…'})"
        return ""

    return (
        f"{key.value!r} is written twice in one mapping: first at line {first.line}, "
        f"column {first.column}{shown(value)}, and again here{shown(node)}",
        f"arcroom reads only the first {key.value!r} (other YAML tools keep the last, "
        "silently): delete one, merge the two, or rename one",
    )


_SYNTAX_HINT = (
    "look at this line and the one above it: indentation (spaces only), a ':' and the "
    "space after it, quotes and brackets closed"
)


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, at: int, problem: Any, diagnose: bool
) -> None:
    """Report a syntax error: the writer's mistake where it was made, or libyaml's words.

    ``diagnose`` is false for a reading whose problems are not reported (the
    quick one, read again in full) and for a part of a file.
    """
    mark, context_mark = exc.problem_mark or exc.context_mark, exc.context_mark
    # From the offset, not mark.line: libyaml also breaks lines at U+2028,
    # U+2029 and NEL, which editors (and Lines) do not.
    offset = mark.index if mark else 0
    if diagnose:
        # Imported here: a thousand lines of diagnoses that a bible read clean never
        # needs, which every start of `arcroom check` and of the editor loaded.
        from story_bible.reading import yaml_mistakes

        mistake = yaml_mistakes.diagnose(
            text, offset, exc.problem or "", exc.context or "",
            context_mark.index if context_mark else None,
        )
        if mistake is not None:
            problem(mistake.start + at, mistake.end + at, "B001", mistake.message, mistake.hint)
            return
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    problem(offset + at, offset + at, "B001", f"YAML syntax error: {message}", _SYNTAX_HINT)


def _char_offset(text: str, position: int, in_bytes: bool) -> int:
    """The text offset of a reader error's ``position``.

    libyaml reads the UTF-8 encoding of the text and counts bytes there
    (``in_bytes``); the pure-Python reader counts characters.
    """
    if not in_bytes:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _character(code: int | str) -> str:
    """``U+0007 (a control character)``: a character the YAML reader refuses."""
    point = code if isinstance(code, int) else ord(code)
    kind = "a control character" if unicodedata.category(chr(point)) == "Cc" else "a noncharacter"
    return f"U+{point:04X} ({kind})"


def bad_tag(problem: Any, tag: str, offset: int) -> None:
    problem(
        offset,
        offset + 1,
        "B004",
        f"tag {tag!r} is not allowed in a bible",
        "remove the tag; a bible uses plain YAML values only",
    )


START_HINT = "a bible starts with 'arcroom: 1'; `arcroom init` writes a sample to start from"
