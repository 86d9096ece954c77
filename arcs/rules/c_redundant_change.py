"""C006 redundant-change: a beat changes a character to what they already are.

A change to the status a character already has (killing someone who is
already dead), or to the faction they already belong to, does nothing. It
usually means the story lost track of them: they died earlier than this
beat thinks, or an earlier beat already moved them, or the change names the
wrong character. The message says which beat made them what they are.

Failing::

    characters:
      cheong-san: {name: Lee Cheong-san}
      nam-ra:     {name: Choi Nam-ra}
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          sacrifice:  {at: S1E11, characters: [cheong-san], changes: {cheong-san: dead}}
          last-stand: {at: S1E12, characters: [nam-ra],
                       changes: {cheong-san: dead}}      # C006: dead since sacrifice

Passing::

          last-stand: {at: S1E12, characters: [nam-ra]}

Silence it: drop the change (or fix who it names); ``ignore: [C006]`` on the beat
(or on the character, for every beat).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from story_bible.model import Beat

CODE = "C006"
NAME = "redundant-change"
SEVERITY = Severity.WARNING
SUMMARY = "A beat changes a character to the status or faction they already have."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "character"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    story = ctx.story
    # The last beat that set each character's status / faction, for the message.
    set_status: dict[str, Beat] = {}
    set_faction: dict[str, Beat] = {}
    for beat in story.beats:
        if not beat.changes:
            continue
        for cid, change in beat.changes.items():
            state = story.state_before(beat, cid)
            if state is None:
                continue
            if change.status is not None and change.status == state.status:
                yield _report(beat, cid, f"is already {state.status}", set_status.get(cid))
            if change.faction is not None and change.faction == state.faction:
                yield _report(
                    beat, cid, f"is already in {state.faction}", set_faction.get(cid), "faction"
                )
            if change.status is not None:
                set_status[cid] = beat
            if change.faction is not None:
                set_faction[cid] = beat


def _report(beat: Beat, cid: str, what: str, since: Beat | None, field: str = "") -> Diagnostic:
    origin = f"since {since.id} ({since.at})" if since else "from the start"
    path = ("changes", cid, field) if field else ("changes", cid)
    return Diagnostic.at(
        beat.span(*path), CODE, SEVERITY,
        f"{beat.id} ({beat.at}) changes {cid}, who {what} ({origin}): the change does nothing",
        beat.id, f"drop the change, or check where {cid} became what they are", (cid,),
    )
