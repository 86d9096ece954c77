"""Every place one entity names another, for reference checks and renames."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from story_bible.model import Bible, Entity


class Ref(NamedTuple):
    """``entity`` names ``target`` (an id of ``kind``) at ``path`` inside it.

    ``key`` is true when the name is a mapping key (``changes: {nam-ra: ...}``).
    """

    entity: Entity
    kind: str
    target: str
    path: tuple[str | int, ...]
    key: bool = False

    @property
    def field(self) -> str:
        return str(self.path[0])


def references(bible: Bible) -> Iterator[Ref]:
    """Yield every reference in ``bible``, in the order they are written."""
    for status in bible.statuses.values():
        yield from _many(status, "status", "becomes", status.becomes)
    for character in bible.characters.values():
        if character.faction:
            yield Ref(character, "faction", character.faction, ("faction",))
        if character.node_at("status") is not None:
            yield Ref(character, "status", character.status, ("status",))
    for relation in bible.relations:
        yield from _many(relation, "faction", "between", relation.between)
    for arc in bible.arcs.values():
        season_field = "season" if arc.node_at("season") is not None else "seasons"
        if season_field == "season":
            if arc.seasons:  # empty when the loader refused the value (B010)
                yield Ref(arc, "season", arc.seasons[0], ("season",))
        else:
            yield from _many(arc, "season", "seasons", arc.seasons)
        yield from _many(arc, "faction", "factions", arc.factions)
        yield from _many(arc, "arc", "requires", arc.requires)
        for beat in arc.beats.values():
            yield from _many(beat, "beat", "after", beat.after)
            yield from _many(beat, "character", "characters", beat.characters)
            yield from _many(beat, "faction", "factions", beat.factions)
            for who, change in beat.changes.items():
                yield Ref(beat, "character", who, ("changes", who), key=True)
                detailed = beat.node_at("changes", who, "status") is not None or (
                    beat.node_at("changes", who, "faction") is not None
                )
                if change.status:
                    path = ("changes", who, "status") if detailed else ("changes", who)
                    yield Ref(beat, "status", change.status, path)
                if change.faction:
                    yield Ref(beat, "faction", change.faction, ("changes", who, "faction"))
            yield from _many(beat, "beat", "sets_up", beat.sets_up)
            yield from _many(beat, "beat", "pays_off", beat.pays_off)


def _many(entity: Entity, kind: str, field: str, targets: tuple[str, ...]) -> Iterator[Ref]:
    for i, target in enumerate(targets):
        yield Ref(entity, kind, target, (field, i))
