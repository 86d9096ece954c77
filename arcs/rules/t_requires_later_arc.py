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

from collections.abc import Iterable, Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from story_bible.model import Beat

CODE = "T003"
NAME = "requires-later-arc"
SEVERITY = Severity.ERROR
SUMMARY = "An arc requires an arc that ends after it starts."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    # Only each arc's first and last aired beat count: found from the ends of its
    # beats in story order, so checking a few arcs does not walk every beat.
    arc_beats = ctx.arc_beats
    for arc in ctx.bible.arcs.values():
        first = _aired(arc_beats.get(arc.id, ()))
        if first is None:
            continue
        for i, name in enumerate(arc.requires):
            last = _aired(reversed(arc_beats.get(name, ())))
            if last is None or name == arc.id:
                continue
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


def _aired(beats: Iterable[Beat]) -> Beat | None:
    """The first beat of ``beats`` that is not a flashback."""
    return next((b for b in beats if not b.flashback), None)
