"""Run one rule on a YAML bible written in a test, the way the checker runs it.

A test writes the whole bible (so line numbers are the ones it sees) and
compares ``(code, line, column)`` triples, as yamllint's rule tests do.
Suppressions apply, since the checker applies them.
"""

from __future__ import annotations

import textwrap

from arcs.checker import Selection, run_rules
from arcs.diagnostics import Diagnostic
from story_bible.reading.loader import load_text


def diagnostics(text: str, code: str) -> list[Diagnostic]:
    """What rule ``code`` reports on the bible ``text`` (dedented), after suppressions."""
    bible = load_text(textwrap.dedent(text), "bible.yaml")
    return run_rules(bible, Selection(select=(code,)))


def found(text: str, code: str) -> list[tuple[str, int, int]]:
    """``(code, line, column)`` of each diagnostic rule ``code`` reports on ``text``."""
    return [(d.code, d.line, d.column) for d in diagnostics(text, code)]
