"""C001 appears-while-dead: a character appears in a beat while in a status that does not appear.

The core continuity rule. Statuses say whether a character in them can be on
screen (``appears: false`` for ``dead``). Walking the beats in story order
and applying each beat's ``changes`` gives every character's status at every
beat; a character listed in a beat while in such a status is a continuity
error — the dead walk again.

It is not reported when the beat says why:

* ``flashback: true`` (the past, a memory, a vision);
* the beat changes that character's status, and the state machine permits
  it (``dead`` can become something only if its ``becomes`` says so).

Failing::

    characters:
      cheong-san: {name: Lee Cheong-san}
    arcs:
      escape:
        season: S1
        title: Escape
        beats:
          sacrifice: {at: S1E12, characters: [cheong-san], changes: {cheong-san: dead}}
          goodbye:   {at: S1E12, after: [sacrifice], characters: [cheong-san]}   # C001

Passing::

          goodbye:   {at: S1E12, after: [sacrifice], characters: [cheong-san],
                      flashback: true}

Silence it: ``flashback: true`` on the beat, or ``ignore: [C001]`` on the beat (or its arc),
or on the character (for every beat they are in).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from arcs.order import Story
from story_bible.model import Beat, Status

CODE = "C001"
NAME = "appears-while-dead"
SEVERITY = Severity.ERROR
SUMMARY = "A character appears in a beat while dead (a status with appears: false)."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "character"
READS = frozenset({"ids", "statuses"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    statuses = ctx.bible.statuses
    unseen = {sid for sid, status in statuses.items() if not status.appears}
    story = ctx.story
    # Who is in such a status as the walk reaches each beat: a beat that lists
    # none of them (nearly every beat) needs no look at its characters' states.
    gone = {cid for cid, c in ctx.bible.characters.items() if c.status in unseen}
    # The last beat that changed each character's status, for the message:
    # remembered on the way through story order, so each message costs nothing.
    became: dict[str, Beat] = {}
    for beat in story.beats:
        if not beat.flashback and not gone.isdisjoint(beat.characters):
            yield from _appearances(beat, story, statuses, became)
        if not beat.changes:
            continue
        for cid, change in beat.changes.items():
            if change.status is None:
                continue
            became[cid] = beat
            state = story.state_after(beat, cid)
            if state is not None and state.status in unseen:
                gone.add(cid)
            else:
                gone.discard(cid)


def _appearances(
    beat: Beat, story: Story, statuses: dict[str, Status], became: dict[str, Beat]
) -> Iterator[Diagnostic]:
    for i, cid in enumerate(beat.characters):
        state = story.state_before(beat, cid)
        if state is None:
            continue
        status = statuses.get(state.status)
        if status is None or status.appears:
            continue
        change = beat.changes.get(cid)
        if change and change.status and change.status in status.becomes:
            continue
        since = became.get(cid)
        yield Diagnostic.at(
            beat.span("characters", i), CODE, SEVERITY,
            f"{cid} appears in {beat.id} ({beat.at}) while {state.status}"
            + (f" (since {since.id}, {since.at})" if since else " (from the start)"),
            beat.id, "mark the beat 'flashback: true', or take the character out of it",
            (cid,),
        )
