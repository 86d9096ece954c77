"""C003 change-to-absent-character: a beat changes a character it does not list.

A beat's ``changes`` say what happens to whom in it: bitten, killed, turned,
gone over to another side. A change to someone the beat does not list among
its ``characters`` usually means the name was left out of the beat, or the
change was written on the wrong beat — and the episode grid and the
character's timeline will not show the moment it happens.

A change that really happens off screen (news of a death, a body found
later) can say so: tag the beat ``offscreen``.

Failing::

    characters:
      cheong-san: {name: Lee Cheong-san}
      nam-ra:     {name: Choi Nam-ra}
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          bitten: {at: S1E07, characters: [cheong-san],
                   changes: {nam-ra: infected}}       # C003: nam-ra is not in the beat

Passing::

          bitten: {at: S1E07, characters: [cheong-san, nam-ra],
                   changes: {nam-ra: infected}}

Silence it: list the character, tag the beat ``offscreen``, or ``ignore: [C003]``
on the beat (or on the character, for every beat).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "C003"
NAME = "change-to-absent-character"
SEVERITY = Severity.WARNING
SUMMARY = "A beat changes a character who is not among its characters."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    characters = ctx.bible.characters
    for beat in ctx.bible.beats.values():
        if not beat.changes or "offscreen" in beat.tags:
            continue
        present = set(beat.characters)
        for cid, change in beat.changes.items():
            if cid in present or cid not in characters:
                continue
            what = " and ".join(
                part for part in (change.status, change.faction and f"faction {change.faction}")
                if part
            )
            yield Diagnostic.at(
                beat.span("changes", cid, key=True), CODE, SEVERITY,
                f"{beat.id} ({beat.at}) changes {cid} to {what}, but {cid} is not among "
                "its characters",
                beat.id,
                f"add {cid} to the beat's characters, move the change to a beat {cid} is in, "
                "or tag the beat 'offscreen'",
                (cid,),
            )
