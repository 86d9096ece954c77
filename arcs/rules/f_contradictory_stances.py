"""F001 contradictory-stances: two relations give one faction pair different stances at once.

Each relation holds a stance between two factions from one episode until
another (inclusive; open-ended without ``until``). If two relations of the
same pair overlap and disagree — ``hostile`` and ``war`` in the same
episodes — the plan says two things at once, and the factions view, the
alliance checks and the exports cannot all be right. A change of stance is
written as one relation ending (``until``) before the next begins.

The later-starting relation of the two is reported, with the episodes where
they overlap.

Failing::

    factions:
      military:  {name: The military}
      survivors: {name: Hyosan High survivors}
    relations:
      - {between: [military, survivors], stance: tense, from: S1E01}
      - {between: [military, survivors], stance: hostile, from: S1E10}    # F001

Passing::

    relations:
      - {between: [military, survivors], stance: tense, from: S1E01, until: S1E09}
      - {between: [military, survivors], stance: hostile, from: S1E10}

Silence it: end one relation before the other starts; ``ignore: [F001]`` on
the relation.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from story_bible.model import Relation

CODE = "F001"
NAME = "contradictory-stances"
SEVERITY = Severity.ERROR
SUMMARY = "Two relations give the same faction pair different stances at the same time."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"relations", "text"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    for relations in ctx.stances.by_pair.values():
        if len(relations) < 2:
            continue
        windows = [r for r in relations if r.until is None or r.until >= r.start]
        windows.sort(key=lambda r: r.start)  # stable: written order among equal starts
        active: list[Relation] = []
        for relation in windows:
            active = [r for r in active if r.until is None or r.until >= relation.start]
            other = next((r for r in active if r.stance != relation.stance), None)
            if other is not None:
                yield _report(relation, other)
            active.append(relation)


def _report(relation: Relation, other: Relation) -> Diagnostic:
    a, b = relation.between
    ends = [r.until for r in (relation, other) if r.until is not None]
    overlap = f"from {relation.start}" + (f" to {min(ends)}" if ends else " on")
    span = other.span()
    where = f"line {span.line}" if span.file == relation.file else f"{span.file}:{span.line}"
    return Diagnostic.at(
        relation.span("stance"), CODE, SEVERITY,
        f"{a} and {b} are both {other.stance} (relation at {where}) and "
        f"{relation.stance} {overlap}",
        relation.id,
        f"end the {other.stance} relation before {relation.start} "
        "(until: ...), or start this one later",
    )
