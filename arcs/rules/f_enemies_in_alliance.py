"""F004 enemies-in-alliance: factions at war share a beat tagged ``alliance``.

A beat tagged ``alliance`` brings sides together. If two of the sides in it
— the factions it lists, and the factions its characters belong to at that
beat (by story order) — are at ``war`` at that episode by ``relations``, the
plan contradicts itself: either the relations should say the war pauses (a
truce, an alliance from this episode), or the beat is not an alliance.

Failing::

    factions:
      halbies: {name: The immune}
      horde:   {name: The horde}
    relations:
      - {between: [halbies, horde], stance: war, from: S2E01, until: S2E12}
    characters:
      nam-ra:  {name: Choi Nam-ra, faction: halbies, status: immune}
      queen:   {name: The queen, faction: horde, status: zombie}
    arcs:
      mutant-war:
        season: S2
        title: The mutant war
        beats:
          pact: {at: S2E08, characters: [nam-ra, queen], tags: [alliance]}   # F004

Passing::

    relations:
      - {between: [halbies, horde], stance: war, from: S2E01, until: S2E07}
      - {between: [halbies, horde], stance: ally, from: S2E08, until: S2E12}

Silence it: set the relation for that episode, or drop the tag;
``ignore: [F004]`` on the beat.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "F004"
NAME = "enemies-in-alliance"
SEVERITY = Severity.WARNING
SUMMARY = "Characters or factions at war share a beat tagged 'alliance'."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids", "relations"})

TAG = "alliance"


def check(ctx: Context) -> Iterator[Diagnostic]:
    story = ctx.story
    stances = ctx.stances
    for beat in story.beats:
        if not beat.tags:
            continue
        tags = [t.lower() for t in beat.tags]
        if TAG not in tags:
            continue
        # Each side in the beat, with who brings it (a listed faction brings itself).
        sides: dict[str, str] = {f: f"faction {f}" for f in beat.factions}
        for cid in beat.characters:
            state = story.state_before(beat, cid)
            if state is not None and state.faction is not None:
                sides.setdefault(state.faction, f"{cid} ({state.faction})")
        for a, b in combinations(sorted(sides), 2):
            relation = stances.relation_at(a, b, beat.at)
            if relation is None or relation.stance != "war":
                continue
            yield Diagnostic.at(
                beat.span("tags", tags.index(TAG)), CODE, SEVERITY,
                f"{sides[a]} and {sides[b]} share alliance beat {beat.id} ({beat.at}), but "
                f"{a} and {b} are at war then (from {relation.start})",
                beat.id,
                f"make {a} and {b} allies from {beat.at} in 'relations' (end the war first), "
                "or drop the 'alliance' tag",
            )
