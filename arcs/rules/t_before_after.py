"""T002 beat-before-its-after: a beat is placed earlier than a beat it comes ``after``.

``after: [outbreak]`` says this beat happens once ``outbreak`` has; placing
it in an earlier episode contradicts that. Within one episode ``after`` sets
the order, so only a strictly earlier episode is reported.

Failing::

    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          outbreak: {at: S1E02}
          panic:    {at: S1E01, after: [outbreak]}   # T002

Passing::

          outbreak: {at: S1E01}
          panic:    {at: S1E01, after: [outbreak]}

Silence it: move one of the beats, or drop the ``after`` link;
``ignore: [T002]`` on the later-written beat (a flashback may want it).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "T002"
NAME = "beat-before-its-after"
SEVERITY = Severity.ERROR
SUMMARY = "A beat is placed in an earlier episode than a beat it comes after."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    beats = ctx.bible.beats
    for beat in beats.values():
        if beat.flashback:
            continue
        for i, name in enumerate(beat.after):
            earlier = beats.get(name)
            if earlier is not None and beat.at < earlier.at:
                yield Diagnostic.at(
                    beat.span("after", i), CODE, SEVERITY,
                    f"{beat.id} ({beat.at}) comes after {name}, which is later ({earlier.at})",
                    beat.id, f"move {beat.id} to {earlier.at} or later, or drop the link",
                )
