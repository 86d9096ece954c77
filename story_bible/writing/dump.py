"""Write a model back out as format-v1 YAML text.

:func:`dump` is the inverse of :func:`story_bible.reading.loader.load_text` up to
layout: ``load_text(dump(bible)) == bible`` for any bible the loader accepts
(source locations never take part in equality). Keys come in the order
``docs/format.md`` lists them, values equal to their default are left out,
lists of ids are written in flow style (``characters: [nam-ra, gwi-nam]``),
and text that another YAML reader could take for a number, a boolean, a date
or null (``no``, ``1e3``, ``2024-01-01``) is quoted, so the file says what
the model says to any reader. Whole-season positions come out as full
episode positions (``from: S2`` is written ``from: S2E01``).

It writes whole files (the round-trip test, a new bible); edits that insert a
new entity into an existing file render it with :func:`entity_dict`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import yaml

from story_bible.field_table import (
    BEATS,
    CHANGES,
    CODES,
    DEFAULT_STATUSES,
    FIELDS,
    ID,
    IDS,
    POSITION,
    WORDS,
    keys,
)
from story_bible.model import KIND_OF, Bible, Change, Entity, Relation, Series, Status
from story_bible.positions import Position
from story_bible.writing.render import TYPED_IN_YAML_12

#: Characters that YAML 1.1 readers take as line breaks inside a quoted
#: scalar; only the double-quoted style keeps them as they are (escaped).
_BREAKS_11 = re.compile("[\x85\u2028\u2029]")


class _Flow(list[str]):
    """A list of ids or words, written on one line: ``[nam-ra, gwi-nam]``."""


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with flow lists and quoting that survives any YAML reader."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = None
    if _BREAKS_11.search(data):
        style = '"'
    # PyYAML's own (YAML 1.1) resolver already quotes ``no``, ``on``, dates
    # and ``1_000``, but it would leave ``1e3`` or ``0o17`` bare.
    elif TYPED_IN_YAML_12.fullmatch(data):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def dump(bible: Bible) -> str:
    """The YAML text of ``bible`` (format v1), one file holding every section."""
    return to_yaml(bible_dict(bible))


def to_yaml(data: dict[str, Any]) -> str:
    """YAML text of plain data built by :func:`bible_dict` or :func:`entity_dict`."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


def bible_dict(bible: Bible) -> dict[str, Any]:
    """``bible`` as plain dicts and lists in format order, defaults left out."""
    out: dict[str, Any] = {"arcroom": bible.version, "series": _series(bible.series)}
    if bible.statuses != default_statuses():
        out["statuses"] = _table(bible.statuses)
    first = min((s.number for s in bible.seasons.values()), default=1)
    sections: tuple[tuple[str, Any], ...] = (
        ("seasons", _table(bible.seasons)),
        ("factions", _table(bible.factions)),
        ("relations", [relation_dict(r, first) for r in bible.relations]),
        ("characters", _table(bible.characters)),
        ("arcs", _table(bible.arcs)),
    )
    out.update((name, value) for name, value in sections if value)
    return out


def default_statuses() -> dict[str, Status]:
    """The statuses a bible has when it defines none (``docs/format.md``)."""
    return {
        name: Status(id=name, appears=appears, becomes=becomes)
        for name, (appears, becomes) in DEFAULT_STATUSES.items()
    }


def entity_dict(entity: Entity) -> dict[str, Any]:
    """The fields of one entity (not its id, which is its key), defaults left out.

    A relation's ``from`` is always written here, since its default depends
    on the bible's first season; :func:`bible_dict` leaves it out when it is.
    """
    if isinstance(entity, Relation):
        return relation_dict(entity, None)
    writer = _WRITERS.get(type(entity))
    if writer is None:
        raise TypeError(f"cannot write a {type(entity).__name__}")
    return writer(entity)


def _table(entities: dict[str, Any]) -> dict[str, Any]:
    return {key: entity_dict(entity) for key, entity in entities.items()}


def _written(kind: str, entity: Entity | Series) -> dict[str, Any]:
    """The fields of ``entity`` set to other than their default, in the table's order."""
    fields = FIELDS[kind]
    attrs = [f.attr for f in fields]
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(entity, f.attr)
        if attrs.count(f.attr) > 1:  # an arc's 'season', or its 'seasons' when more than one
            if (f.value == ID) != (len(value) == 1):
                continue
            value = value[0] if f.value == ID else value
        write = _VALUES.get(f.value)
        written = value if write is None else write(value)
        if written is not None and (f.required or value != f.default):
            out[f.key] = written
    return out


def _change(change: Change) -> str | dict[str, str]:
    if change.faction is None and change.status is not None:
        return change.status
    return {key: value for key in keys("change") if (value := getattr(change, key)) is not None}


#: How each value kind is written, None for nothing (a list of ids on one line).
_VALUES: dict[str, Callable[[Any], Any]] = {
    IDS: lambda ids: _Flow(ids) or None,
    WORDS: lambda words: _Flow(words) or None,
    CODES: lambda codes: _Flow(sorted(codes)) or None,
    POSITION: lambda position: None if position is None else str(position),
    CHANGES: lambda changes: {who: _change(c) for who, c in changes.items()} or None,
    BEATS: lambda beats: {key: entity_dict(beat) for key, beat in beats.items()} or None,
}


def _series(series: Series) -> dict[str, Any]:
    return _written("series", series)


def relation_dict(relation: Relation, first_season: int | None) -> dict[str, Any]:
    """A relation's fields; ``from`` is left out when it is the default, ``first_season``'s E01."""
    out = _written("relation", relation)
    out["from"] = str(relation.start)  # always, before 'until': rebuilt in order below
    if first_season is not None and relation.start == Position(first_season, 1):
        del out["from"]
    return {key: out[key] for key in keys("relation") if key in out}


#: Each entity's writer (a relation's is :func:`relation_dict`, which needs the first season).
_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {
    cls: functools.partial(_written, kind) for cls, kind in KIND_OF.items() if cls is not Relation
}
