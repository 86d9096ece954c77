"""S006 character-used-once: a character who is in one beat, or none.

A named character the plan uses once is introduced and never used again:
a loose end for the audience, or a part that could be folded into another
character. One in no beat at all is in the cast list only. A craft note.

Beats count when they list the character in ``characters``.

Failing::

    characters:
      cheong-san: {name: Lee Cheong-san}
      mi-jin:     {name: Park Mi-jin}          # S006: only in outbreak
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          outbreak: {at: S1E01, characters: [cheong-san, mi-jin]}
          rooftop:  {at: S1E11, characters: [cheong-san]}

Passing::

          rooftop:  {at: S1E11, characters: [cheong-san, mi-jin]}

Silence it: give them more to do, or cut them; ``ignore: [S006]`` on the
character (a cameo).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "S006"
NAME = "character-used-once"
SEVERITY = Severity.INFO
SUMMARY = "A character is in at most one beat."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "character"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    appearances = ctx.story.appearances
    for character in ctx.bible.characters.values():
        seen = appearances.get(character.id, [])
        if len(seen) > 1:
            continue
        what = f"is only in one beat, {seen[0].id} ({seen[0].at})" if seen else "is in no beat"
        yield Diagnostic.at(
            character.span(), CODE, SEVERITY, f"{character.id} ({character.name}) {what}",
            character.id, "give them more beats, fold them into another character, or cut them",
        )
