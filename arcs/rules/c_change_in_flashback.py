"""C007 change-in-flashback: a flashback beat changes a character's status or faction.

A flashback shows the past, but a beat's ``changes`` take effect where the
beat stands in story order — the episode the flashback airs in. A bite shown
in a Season 2 flashback would make the character infected from Season 2 on,
not from the day it happened, and every state check before it would be
wrong. Put the change on the beat where it happens in story order, and let
the flashback only show it.

Failing::

    characters:
      nam-ra: {name: Choi Nam-ra}
    arcs:
      nam-ra-immune:
        seasons: [S1, S2]
        title: Nam-ra the halfbie
        beats:
          bitten:      {at: S1E07, characters: [nam-ra]}
          remembering: {at: S2E03, characters: [nam-ra], flashback: true,
                        changes: {nam-ra: infected}}     # C007

Passing::

          bitten:      {at: S1E07, characters: [nam-ra], changes: {nam-ra: infected}}
          remembering: {at: S2E03, characters: [nam-ra], flashback: true}

Silence it: move the change; ``ignore: [C007]`` on the beat, or on a character it changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "C007"
NAME = "change-in-flashback"
SEVERITY = Severity.WARNING
SUMMARY = "A flashback beat changes a character (the change would take effect when it airs)."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS: frozenset[str] = frozenset()


def check(ctx: Context) -> Iterator[Diagnostic]:
    for beat in ctx.bible.beats.values():
        if not beat.flashback or not beat.changes:
            continue
        who = ", ".join(beat.changes)
        yield Diagnostic.at(
            beat.span("changes", key=True), CODE, SEVERITY,
            f"flashback {beat.id} ({beat.at}) changes {who}: the change takes effect at "
            f"{beat.at}, not in the past it shows",
            beat.id, "put the change on the beat where it happens in story order",
            tuple(beat.changes),
        )
