"""T003 requires-later-arc: an arc ``requires`` an arc that is still running when it starts.

``requires: [escape-hyosan]`` says the audience must have seen
``escape-hyosan`` through before this arc begins: its story stands on that
one's ending. If the required arc's last beat comes in a later episode than
this arc's first beat, the plan asks the audience to build on an ending they
have not seen yet.

Arcs are compared by episode. Flashback beats are left out on both sides:
they revisit the past whenever they air. Arcs without beats are left to S003.

Failing::

    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          outbreak: {at: S1E01}
          rooftop:  {at: S1E11}
      quarantine:
        season: S1
        title: The quarantine zone
        requires: [escape-hyosan]          # T003: escape-hyosan ends at S1E11
        beats:
          roadblock: {at: S1E09}

Passing::

          roadblock: {at: S1E12}

Silence it: move the arcs apart, or drop the requirement; ``ignore: [T003]``
on the requiring arc.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "T003"
NAME = "requires-later-arc"
SEVERITY = Severity.ERROR
SUMMARY = "An arc requires an arc that ends after it starts."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "bible"
READS = frozenset({"arcs", "beats", "ids", "order"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    aired = {
        arc: [b for b in beats if not b.flashback] for arc, beats in ctx.arc_beats.items()
    }
    for arc in ctx.bible.arcs.values():
        own = aired[arc.id]
        if not own:
            continue
        first = own[0]
        for i, name in enumerate(arc.requires):
            needed = aired.get(name)
            if not needed or name == arc.id:
                continue
            last = needed[-1]
            if last.at > first.at:
                yield Diagnostic.at(
                    arc.span("requires", i), CODE, SEVERITY,
                    f"{arc.id} requires {name}, which is still running when {arc.id} starts: "
                    f"{name} ends with {last.id} ({last.at}), {arc.id} starts with "
                    f"{first.id} ({first.at})",
                    arc.id,
                    f"start {arc.id} at {last.at} or later, end {name} by {first.at}, "
                    "or drop the requirement",
                )
