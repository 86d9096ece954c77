"""C005 defects-to-enemy: a character changes to a faction at war with the one they leave.

``changes: {gwi-nam: {faction: horde}}`` moves a character to another side.
If their faction and the new one are at ``war`` at that episode (by
``relations``), that is a defection — a turning point the room should mean.
Often it is a slip instead: the wrong faction id, or a relation that should
have ended. The rule asks the room to say which.

The faction left is the character's faction just before the beat (from
story order); the stance is the one ``relations`` give at the beat's
episode.

Failing::

    factions:
      halbies: {name: The immune}
      horde:   {name: The horde}
    relations:
      - {between: [halbies, horde], stance: war, from: S2E01, until: S2E12}
    characters:
      gwi-nam: {name: Yoon Gwi-nam, faction: halbies, status: immortal}
    arcs:
      mutant-war:
        season: S2
        title: The mutant war
        beats:
          turncoat: {at: S2E06, characters: [gwi-nam],
                     changes: {gwi-nam: {faction: horde}}}   # C005

Passing::

          turncoat: {at: S2E06, characters: [gwi-nam], tags: [defection],
                     changes: {gwi-nam: {faction: horde}}}

Silence it: tag the beat ``defection`` (or ``betrayal``) to say it is meant;
``ignore: [C005]`` on the beat (or on the character, for every beat).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "C005"
NAME = "defects-to-enemy"
SEVERITY = Severity.WARNING
SUMMARY = "A character changes to a faction at war with the one they leave, unmarked."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids", "relations"})

DECLARED = frozenset({"defection", "betrayal"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    story = ctx.story
    stances = ctx.stances
    for beat in story.beats:
        if not beat.changes or DECLARED.intersection(beat.tags):
            continue
        for cid, change in beat.changes.items():
            state = story.state_before(beat, cid)
            if change.faction is None or state is None or state.faction is None:
                continue
            old, new = state.faction, change.faction
            if old == new or stances.at(old, new, beat.at) != "war":
                continue
            yield Diagnostic.at(
                beat.span("changes", cid, "faction"), CODE, SEVERITY,
                f"{cid} goes over from {old} to {new} in {beat.id} ({beat.at}), while {old} "
                f"and {new} are at war",
                beat.id,
                "if it is a defection, tag the beat 'defection'; otherwise fix the faction "
                "or the relation",
                (cid,),
            )
