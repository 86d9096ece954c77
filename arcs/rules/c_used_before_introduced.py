"""C004 used-before-introduced: a character is in a beat before the episode that introduces them.

``introduced: S1E03`` is where the audience first meets a character. A beat
in an earlier episode that lists them contradicts it: either the beat has
the wrong person, or the introduction moved and the character's entry was
not updated. Flashbacks count too — they are on screen, so they would be the
first meeting.

Failing::

    characters:
      gwi-nam: {name: Yoon Gwi-nam, introduced: S1E03}
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          outbreak: {at: S1E01, characters: [gwi-nam]}   # C004: introduced at S1E03

Passing::

      gwi-nam: {name: Yoon Gwi-nam, introduced: S1E01}

Silence it: fix ``introduced`` or the beat; ``ignore: [C004]`` on the beat
(or on the character, for every beat).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity

CODE = "C004"
NAME = "used-before-introduced"
SEVERITY = Severity.ERROR
SUMMARY = "A character is in a beat before the episode that introduces them."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "character"
READS = frozenset({"ids"})


def check(ctx: Context) -> Iterator[Diagnostic]:
    appearances = ctx.story.appearances
    for character in ctx.bible.characters.values():
        introduced = character.introduced
        if introduced is None:
            continue
        for beat in appearances.get(character.id, ()):
            if beat.at >= introduced:
                break  # appearances are in story order
            yield Diagnostic.at(
                beat.span("characters", beat.characters.index(character.id)), CODE, SEVERITY,
                f"{character.id} is in {beat.id} ({beat.at}), before they are introduced "
                f"at {introduced}",
                beat.id,
                f"set {character.id}'s 'introduced' to {beat.at}, or take them out of {beat.id}",
                (character.id,),
            )
