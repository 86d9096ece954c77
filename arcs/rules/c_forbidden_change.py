"""C002 forbidden-status-change: a beat changes a status in a way the state machine forbids.

``statuses`` is a state machine: each status lists what it ``becomes``. A
zombie turning back into a human, or the dead into anything, breaks the
world's rules — unless the bible's own ``statuses`` allow it (a cure in
Season 3 is written as ``zombie: {becomes: [human, dead]}``).

Failing::

    characters:
      bit-zombie: {name: A bitten student, status: zombie}
    arcs:
      cure:
        season: S3
        title: The cure
        beats:
          cured: {at: S3E05, characters: [bit-zombie], changes: {bit-zombie: human}}   # C002

Passing::

    statuses:                                 # the room decided the cure exists
      human:    {becomes: [infected, dead]}
      infected: {becomes: [zombie, dead]}
      zombie:   {becomes: [dead, human]}
      dead:     {appears: false}

Silence it: allow the change in ``statuses``; ``ignore: [C002]`` on the beat
(or on the character, for every beat).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "C002"
NAME = "forbidden-status-change"
SEVERITY = Severity.ERROR
SUMMARY = "A beat changes a character's status in a way 'statuses' does not permit."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids", "statuses"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    statuses = ctx.bible.statuses
    story = ctx.story
    for beat in story.beats:
        if not beat.changes:
            continue
        for cid, change in beat.changes.items():
            state = story.state_before(beat, cid)
            if state is None or change.status is None or change.status not in statuses:
                continue
            current = statuses.get(state.status)
            if current is None or change.status == state.status:
                continue
            if change.status not in current.becomes:
                allowed = ", ".join(current.becomes) or "nothing"
                yield Diagnostic.at(
                    beat.span("changes", cid), CODE, SEVERITY,
                    f"{cid} cannot go from {state.status} to {change.status} in {beat.id} "
                    f"({beat.at}); {state.status} becomes {allowed}",
                    beat.id, f"allow it under statuses.{state.status}.becomes, or change the beat",
                    (cid,),
                )
