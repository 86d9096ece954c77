"""C008 introduction-not-shown: a character's ``introduced`` episode has no beat with them.

``introduced: S1E03`` promises the audience meets the character in S1E03,
but their first beat is later. Either the introduction is not planned yet,
or the character's entry was not updated when their first scene moved. (A
beat *before* the introduction is C004.)

Failing::

    characters:
      gwi-nam: {name: Yoon Gwi-nam, introduced: S1E03}   # C008: first beat is at S1E05
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          bully: {at: S1E05, characters: [gwi-nam]}

Passing::

      gwi-nam: {name: Yoon Gwi-nam, introduced: S1E05}

Silence it: fix ``introduced`` or plan the introduction's beat;
``ignore: [C008]`` on the character.
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "C008"
NAME = "introduction-not-shown"
SEVERITY = Severity.INFO
SUMMARY = "A character's first beat comes after the episode that introduces them."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "character"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    appearances = ctx.story.appearances
    for character in ctx.bible.characters.values():
        seen = appearances.get(character.id)
        if character.introduced is None or not seen or seen[0].at <= character.introduced:
            continue
        first = seen[0]
        yield Diagnostic.at(
            character.span("introduced"), CODE, SEVERITY,
            f"{character.id} is introduced at {character.introduced}, but their first beat "
            f"is {first.id} ({first.at})",
            character.id,
            f"set 'introduced' to {first.at}, or plan a beat with {character.id} "
            f"in {character.introduced}",
        )
