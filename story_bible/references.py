"""Every place one entity names another, for reference checks and renames.

Which fields name what comes from the field table (:mod:`story_bible.field_table`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from story_bible.field_table import CHANGES, IDS, referring
from story_bible.model import Bible, Change, Entity


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
    """Yield every reference in ``bible``, in the order they are written.

    What names what is the field table's (each field's ``refers``).
    """
    for status in bible.statuses.values():
        yield from entity_references(status, "status")
    for character in bible.characters.values():
        yield from entity_references(character, "character")
    for relation in bible.relations:
        yield from entity_references(relation, "relation")
    for arc in bible.arcs.values():
        yield from entity_references(arc, "arc")
        for beat in arc.beats.values():
            yield from entity_references(beat, "beat")


def entity_references(entity: Entity, kind: str) -> Iterator[Ref]:
    """The references written in one entity of ``kind`` (not in the beats of an arc)."""
    written: set[str] = set()  # attributes filled by a field already followed
    for field in referring(kind):
        if field.attr in written:
            continue  # an arc's 'seasons' when it writes 'season'
        value = getattr(entity, field.attr)
        if field.value == IDS:
            yield from _many(entity, field.refers or "", field.key, value)
        elif field.value == CHANGES:
            yield from _changes(entity, value)
        elif field.key != field.attr or field.default is not None:
            # Written under another name (an arc's 'season' of its seasons),
            # or a default standing in for it (a character's status 'human').
            if entity.node_at(field.key) is None:
                continue
            written.add(field.attr)
            target = value[0] if isinstance(value, tuple) and value else value
            if target:  # empty when the loader refused the value (B010)
                yield Ref(entity, field.refers or "", target, (field.key,))
        elif value:
            yield Ref(entity, field.refers or "", value, (field.key,))


def _changes(beat: Entity, changes: dict[str, Change]) -> Iterator[Ref]:
    for who, change in changes.items():
        yield Ref(beat, "character", who, ("changes", who), key=True)
        detailed = beat.node_at("changes", who, "status") is not None or (
            beat.node_at("changes", who, "faction") is not None
        )
        for part in referring("change"):
            target = getattr(change, part.attr)
            if not target:
                continue
            plain = part.key == "status" and not detailed  # ``nam-ra: infected``
            path = ("changes", who) if plain else ("changes", who, part.key)
            yield Ref(beat, part.refers or "", target, path)


def _many(entity: Entity, kind: str, field: str, targets: tuple[str, ...]) -> Iterator[Ref]:
    for i, target in enumerate(targets):
        yield Ref(entity, kind, target, (field, i))
