"""S003 arc-without-beats: an arc with no beats.

An arc is a story told in beats; one with a title and no beats is a heading
the room has not written yet. The episode grid has nothing to show for it,
and arcs that ``requires`` it cannot be placed after it.

Failing::

    arcs:
      world-war:                       # S003: no beats
        season: S3
        title: The world war

Passing::

      world-war:
        season: S3
        title: The world war
        beats:
          first-strike: {at: S3E01, summary: The horde crosses the river}

Silence it: plan its beats, or delete the arc; ``ignore: [S003]`` on the arc.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.rules._text import seasons_phrase

CODE = "S003"
NAME = "arc-without-beats"
SEVERITY = Severity.WARNING
SUMMARY = "An arc has no beats."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"arcs", "ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    for arc in ctx.bible.arcs.values():
        if not arc.beats:
            where = f" ({seasons_phrase(arc.seasons)})" if arc.seasons else ""
            yield Diagnostic.at(
                arc.span(), CODE, SEVERITY, f"arc {arc.id}{where} has no beats",
                arc.id, f"plan {arc.id}'s beats under 'beats:', or delete the arc",
            )
