"""F003 unused-faction: a faction nothing in the bible names.

No character belongs to it, no arc or beat involves it, no relation sets
its stance and no change moves anyone into it. A faction like that is
usually left over from an earlier plan, or its id is misspelt everywhere it
was meant to be used (those places then fail R001).

Failing::

    factions:
      survivors: {name: Hyosan High survivors}
      police:    {name: Hyosan police}          # F003: nothing names police
    characters:
      on-jo: {name: Nam On-jo, faction: survivors}

Passing::

    characters:
      on-jo:     {name: Nam On-jo, faction: survivors}
      jae-ik:    {name: Song Jae-ik, faction: police}

Silence it: use the faction, or delete it; ``ignore: [F003]`` on the faction.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "F003"
NAME = "unused-faction"
SEVERITY = Severity.WARNING
SUMMARY = "A faction that no character, arc, beat, relation or change names."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"arcs", "characters", "factions", "ids", "named", "relations"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    named = ctx.named_factions
    for faction in ctx.bible.factions.values():
        if faction.id not in named:
            yield Diagnostic.at(
                faction.span(), CODE, SEVERITY,
                f"faction {faction.id} ({faction.name}) is not named by any character, arc, "
                "beat or relation",
                faction.id, "give it members or a place in an arc, or delete it",
            )
