"""A rule's documentation for people: plain text for a terminal, markdown for SARIF.

Rule docstrings are written in the small part of reStructuredText that
Python docstrings use: ````literal```` text, paragraphs, ``* `` bullets,
and a paragraph ending in ``::`` that introduces the indented example
after it. Neither reader should see that markup: ``arcroom rules C001``
prints plain text, and a code-scanning page renders the markdown. The
docstring's first paragraph (``C001 appears-while-dead: ...``) repeats the
rule's summary, so it is left out of both.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arcs.rules import Rule

_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)


def _blocks(rule: Rule) -> list[tuple[bool, str]]:
    """The doc's paragraphs, each as (is an example, its text); examples dedented."""
    blocks: list[tuple[bool, str]] = []
    example = False
    for paragraph in rule.doc.split("\n\n"):
        if not paragraph.strip() or (not blocks and paragraph.startswith(rule.code)):
            continue
        if example and paragraph.startswith(" "):
            if blocks[-1][0]:  # an example in several parts, split by blank lines
                blocks[-1] = (True, blocks[-1][1] + "\n\n" + paragraph)
            else:
                blocks.append((True, paragraph))
            continue
        example = paragraph.rstrip().endswith("::")
        if example:
            paragraph = paragraph.rstrip()[:-1]  # "Failing::" -> "Failing:"
            paragraph = paragraph[:-1] if paragraph.endswith(" :") else paragraph
        blocks.append((False, paragraph))
    # An example's parts share one indentation: dedent them together.
    return [(True, textwrap.dedent(text)) if code else (False, text) for code, text in blocks]


def plain(text: str) -> str:
    """Prose with its ````literals```` in single quotes, as a terminal shows them."""
    return _LITERAL.sub(r"'\1'", text)


def markdown(text: str) -> str:
    """Prose with its ````literals```` as markdown code."""
    return _LITERAL.sub(r"`\1`", text)


def description(rule: Rule) -> str:
    """What the rule catches, in a paragraph of plain text (its summary if the doc has none)."""
    prose = [text for code, text in _blocks(rule) if not code]
    return plain(" ".join(prose[0].split())) if prose else plain(rule.summary)


def as_text(rule: Rule) -> str:
    """The whole documentation as plain text: a headline, the summary, the doc."""
    parts = [f"{rule.code} {rule.name} ({rule.severity})", plain(rule.summary)]
    for code, text in _blocks(rule):
        parts.append(textwrap.indent(text, "    ") if code else plain(text))
    return "\n\n".join(parts)


def as_markdown(rule: Rule) -> str:
    """The documentation as markdown (SARIF's ``help.markdown``): examples fenced as YAML."""
    parts = [markdown(rule.summary)]
    for code, text in _blocks(rule):
        parts.append(f"```yaml\n{text}\n```" if code else markdown(text))
    return "\n\n".join(parts)
