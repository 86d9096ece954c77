"""R003 repeated-reference: a list names the same id twice.

``characters: [nam-ra, nam-ra]`` looks harmless, and no other rule minds
it. It is nearly always a copy-paste where another id was meant
(``[nam-ra, su-hyeok]``): someone the writer put in the scene is missing
from it. And counts go wrong: a character listed twice in their only beat
is seen in two beats, so S006 no longer calls them used once.

The lists checked are a beat's ``after``, ``characters``, ``factions``,
``sets_up`` and ``pays_off``, an arc's ``seasons``, ``factions`` and
``requires``, and a status's ``becomes`` (a relation naming one faction
twice is F002's). Each repeat is reported where it is written, after the
first.

Failing::

    characters:
      nam-ra:   {name: Choi Nam-ra}
      su-hyeok: {name: Lee Su-hyeok}
    arcs:
      escape-hyosan:
        season: S1
        title: Escape Hyosan High
        beats:
          rooftop: {at: S1E08, characters: [nam-ra, nam-ra]}   # R003 at the second

Passing::

          rooftop: {at: S1E08, characters: [nam-ra, su-hyeok]}

Silence it: drop the repeat, or name the id you meant; ``ignore: [R003]`` on
the entity that holds the list (on an arc, it covers the arc's beats).
"""

from __future__ import annotations

from collections.abc import Iterator

from arcs.context import Context
from arcs.diagnostics import Diagnostic, Severity
from story_bible.model import Entity

CODE = "R003"
NAME = "repeated-reference"
SEVERITY = Severity.WARNING
SUMMARY = "A list of ids names the same id twice."
#: What the incremental checker (arcs.incremental) re-runs it for, and on what inputs.
SCOPE = "entity"
READS: frozenset[str] = frozenset()

BEAT_LISTS = ("after", "characters", "factions", "sets_up", "pays_off")


def check(ctx: Context) -> Iterator[Diagnostic]:
    bible = ctx.bible
    for status in bible.statuses.values():
        yield from _repeats(status, "becomes", status.becomes)
    for arc in bible.arcs.values():
        yield from _repeats(arc, "seasons", arc.seasons)
        yield from _repeats(arc, "factions", arc.factions)
        yield from _repeats(arc, "requires", arc.requires)
        for beat in arc.beats.values():
            # A bible can have 20,000 beats: one set per list, names only for a repeat.
            for ids in (beat.after, beat.characters, beat.factions, beat.sets_up, beat.pays_off):
                if len(ids) > 1 and len(set(ids)) < len(ids):
                    for field in BEAT_LISTS:
                        yield from _repeats(beat, field, getattr(beat, field))
                    break


def _repeats(entity: Entity, field: str, ids: tuple[str, ...]) -> Iterator[Diagnostic]:
    """A diagnostic at each id of ``ids`` (the list ``field`` of ``entity``) named before."""
    seen: set[str] = set()
    for i, name in enumerate(ids):
        if name not in seen:
            seen.add(name)
            continue
        yield Diagnostic.at(
            entity.span(field, i), CODE, SEVERITY,
            f"{name!r} is already in '{field}' of {entity.id}", entity.id,
            "drop this one, or name the id you meant",
        )
