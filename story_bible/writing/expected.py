"""The model an edit means to produce, built from the current one without touching it.

Each function returns a new :class:`Bible` that shares every entity the edit
does not change, so building it costs little and comparing it with what the
patched text reads as (``==`` ignores source locations) checks an edit.
"""

from __future__ import annotations

import dataclasses
from collections import abc
from typing import Any

from story_bible import field_table as table
from story_bible.model import KIND_OF, Arc, Beat, Bible, Change, Entity, Relation, Series, replaced

#: Each table's attribute on :class:`Bible`, by entity class.
TABLE_OF = {"Status": "statuses", "Season": "seasons", "Faction": "factions",
            "Character": "characters", "Arc": "arcs"}


def changed(entity: Entity | Series, **values: Any) -> Any:
    """A copy of ``entity`` with new field values (a relation's id follows its fields)."""
    new = replaced(entity, **values)
    if isinstance(new, Relation):
        new.id = new.derived_id()
    return new


def with_entity(bible: Bible, old: Entity | Series, new: Entity | Series) -> Bible:
    """``bible`` with ``old`` replaced by ``new`` (same place, possibly a new id)."""
    if isinstance(new, Series):
        return dataclasses.replace(bible, series=new)
    assert isinstance(old, Entity) and isinstance(new, Entity)
    if isinstance(new, Beat):
        arc = bible.arcs[new.arc]
        beats = _rekeyed(arc.beats, old.id, new)
        return _with_arc(bible, dataclasses.replace(arc, beats=beats))
    if isinstance(new, Relation):
        relations = [new if r is old else r for r in bible.relations]
        return dataclasses.replace(bible, relations=relations)
    table = TABLE_OF[type(new).__name__]
    return _replace(bible, **{table: _rekeyed(getattr(bible, table), old.id, new)})


def with_added(bible: Bible, new: Entity, *, relation_index: int | None = None) -> Bible:
    if isinstance(new, Beat):
        arc = bible.arcs[new.arc]
        arc = dataclasses.replace(arc, beats={**arc.beats, new.id: new})
        return _with_arcs(bible, {**bible.arcs, arc.id: arc})
    if isinstance(new, Relation):
        relations = list(bible.relations)
        relations.insert(len(relations) if relation_index is None else relation_index, new)
        return dataclasses.replace(bible, relations=relations)
    table = TABLE_OF[type(new).__name__]
    return _replace(bible, **{table: {**getattr(bible, table), new.id: new}})


def without(bible: Bible, entity: Entity) -> Bible:
    if isinstance(entity, Beat):
        arc = bible.arcs[entity.arc]
        beats = {k: v for k, v in arc.beats.items() if k != entity.id}
        return _with_arc(bible, dataclasses.replace(arc, beats=beats))
    if isinstance(entity, Relation):
        return dataclasses.replace(bible, relations=[r for r in bible.relations if r is not entity])
    table = TABLE_OF[type(entity).__name__]
    kept = {k: v for k, v in getattr(bible, table).items() if k != entity.id}
    return _replace(bible, **{table: kept})


def renamed(bible: Bible, old: str, new: str) -> Bible:
    """``bible`` with the id ``old`` called ``new``, in its table and in every reference.

    The references are the fields the field table says name an entity.
    """

    def ids(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if v == old else v for v in values)

    def one(value: str | None) -> str | None:
        return new if value == old else value

    def changes(written: abc.Mapping[str, Change]) -> dict[str, Change]:
        return {
            (new if who == old else who): Change(one(c.status), one(c.faction))
            for who, c in written.items()
        }

    def follow(value: Any) -> Any:
        # By what the attribute holds: an arc's 'season' fills its tuple of seasons.
        if isinstance(value, tuple):
            return ids(value)
        if isinstance(value, abc.Mapping):
            return changes(value)
        return one(value)

    def rename(entity: Any) -> Any:
        values: dict[str, Any] = {}
        if entity.id == old:
            values["id"] = new
        for f in table.referring(KIND_OF[type(entity)]):
            values[f.attr] = follow(getattr(entity, f.attr))
        if isinstance(entity, Beat):
            values["arc"] = one(entity.arc)
        elif isinstance(entity, Arc):
            values["beats"] = {
                (new if k == old else k): rename(b) for k, b in entity.beats.items()
            }
        if all(getattr(entity, k) == v for k, v in values.items()):
            return entity
        return changed(entity, **values)

    def table_of(entities: dict[str, Any]) -> dict[str, Any]:
        return {(new if k == old else k): rename(v) for k, v in entities.items()}

    return dataclasses.replace(
        bible, statuses=table_of(bible.statuses), seasons=table_of(bible.seasons),
        factions=table_of(bible.factions), characters=table_of(bible.characters),
        arcs=table_of(bible.arcs), relations=[rename(r) for r in bible.relations],
    )


def _rekeyed(table: dict[str, Any], old_id: str, new: Entity) -> dict[str, Any]:
    return {(new.id if k == old_id else k): (new if k == old_id else v) for k, v in table.items()}


def _with_arcs(bible: Bible, arcs: dict[str, Arc]) -> Bible:
    return dataclasses.replace(bible, arcs=arcs)


def _with_arc(bible: Bible, arc: Arc) -> Bible:
    return _with_arcs(bible, _rekeyed(bible.arcs, arc.id, arc))


def _replace(bible: Bible, **tables: Any) -> Bible:
    return dataclasses.replace(bible, **tables)
