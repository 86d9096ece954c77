"""F002 self-relation: a relation names the same faction twice.

``between: [horde, horde]`` sets a faction's stance towards itself. A
faction split against itself is a story, but it is two factions (the
zombies who follow the new queen, and the rest): write them as two, so
characters can belong to one side or the other.

Failing::

    factions:
      horde:    {name: The zombies}
    relations:
      - {between: [horde, horde], stance: war, from: S3E01}     # F002

Passing::

    factions:
      horde:    {name: The zombies}
      new-hive: {name: The queen's zombies}
    relations:
      - {between: [horde, new-hive], stance: war, from: S3E01}

Silence it: split the faction, or fix the name; ``ignore: [F002]`` on the relation.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "F002"
NAME = "self-relation"
SEVERITY = Severity.ERROR
SUMMARY = "A relation is between a faction and itself."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"relations"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    for relation in ctx.bible.relations:
        a, b = relation.between
        if a == b:
            yield Diagnostic.at(
                relation.span("between", 1), CODE, SEVERITY,
                f"the {relation.stance} relation from {relation.start} is between {a} and itself",
                relation.id, "name the other faction, or split the faction in two",
            )
