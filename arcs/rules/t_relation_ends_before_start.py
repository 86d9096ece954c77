"""T005 relation-ends-before-start: a relation's ``until`` comes before its ``from``.

A stance between two factions holds from one episode until another,
inclusive. ``until`` before ``from`` is a window that never opens: the
relation says nothing at all, and the factions' standing silently falls back
to whatever else is written — usually two positions typed the wrong way
round.

Failing::

    factions:
      military:  {name: The military}
      survivors: {name: Hyosan High survivors}
    relations:
      - {between: [military, survivors], stance: hostile, from: S1E10, until: S1E02}   # T005

Passing::

    relations:
      - {between: [military, survivors], stance: hostile, from: S1E02, until: S1E10}

Silence it: fix the positions; ``ignore: [T005]`` on the relation.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "T005"
NAME = "relation-ends-before-start"
SEVERITY = Severity.ERROR
SUMMARY = "A relation's 'until' is before its 'from'."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"relations"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    for relation in ctx.bible.relations:
        if relation.until is None or relation.until >= relation.start:
            continue
        a, b = relation.between
        yield Diagnostic.at(
            relation.span("until"), CODE, SEVERITY,
            f"the {relation.stance} stance between {a} and {b} ends at {relation.until}, "
            f"before it starts at {relation.start}",
            relation.id, "swap 'from' and 'until', or fix the one that is wrong",
        )
