"""Write a model back out as format-v1 YAML text.

:func:`dump` is the inverse of :func:`story_bible.loader.load_text` up to
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

import re
from collections.abc import Callable
from typing import Any

import yaml

from story_bible.loader import DEFAULT_STATUSES
from story_bible.model import (
    Arc,
    Beat,
    Bible,
    Change,
    Character,
    Entity,
    Faction,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import Position

#: Plain text that a YAML 1.2 core-schema reader resolves to something other
#: than a string; PyYAML's own (YAML 1.1) resolver already quotes the rest
#: (``no``, ``on``, dates, ``1_000``), but it would leave ``1e3`` or ``0o17`` bare.
_TYPED_IN_YAML_12 = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
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
    elif _TYPED_IN_YAML_12.fullmatch(data):
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


def _fields(*pairs: tuple[str, Any]) -> dict[str, Any]:
    """Keep the fields that are set; callers pass None for a default value."""
    return {key: value for key, value in pairs if value is not None}


def _common(entity: Entity) -> tuple[tuple[str, Any], ...]:
    return ("notes", entity.notes), ("ignore", _Flow(sorted(entity.ignore)) or None)


def _ids(values: tuple[str, ...]) -> _Flow | None:
    return _Flow(values) or None


def _position(position: Position | None) -> str | None:
    return None if position is None else str(position)


def _series(series: Series) -> dict[str, Any]:
    return _fields(
        ("title", series.title), ("based_on", series.based_on),
        ("logline", series.logline), ("notes", series.notes),
    )


def _status(status: Status) -> dict[str, Any]:
    return _fields(
        ("appears", None if status.appears else False), ("becomes", _ids(status.becomes)),
        ("description", status.description), *_common(status),
    )


def _season(season: Season) -> dict[str, Any]:
    return _fields(
        ("title", season.title), ("episodes", season.episodes), ("planned", season.planned or None),
        ("summary", season.summary), *_common(season),
    )


def _faction(faction: Faction) -> dict[str, Any]:
    return _fields(
        ("name", faction.name), ("kind", faction.kind), ("summary", faction.summary),
        *_common(faction),
    )


def relation_dict(relation: Relation, first_season: int | None) -> dict[str, Any]:
    """A relation's fields; ``from`` is left out when it is the default, ``first_season``'s E01."""
    start = relation.start
    default = first_season is not None and start == Position(first_season, 1)
    return _fields(
        ("between", _Flow(relation.between)), ("stance", relation.stance),
        ("from", None if default else str(start)), ("until", _position(relation.until)),
        ("summary", relation.summary), *_common(relation),
    )


def _character(character: Character) -> dict[str, Any]:
    return _fields(
        ("name", character.name), ("faction", character.faction),
        ("status", None if character.status == "human" else character.status),
        ("introduced", _position(character.introduced)), ("actor", character.actor),
        ("summary", character.summary), *_common(character),
    )


def _arc(arc: Arc) -> dict[str, Any]:
    seasons: tuple[str, Any] = (
        ("season", arc.seasons[0]) if len(arc.seasons) == 1 else ("seasons", _Flow(arc.seasons))
    )
    return _fields(
        ("title", arc.title), seasons, ("factions", _ids(arc.factions)),
        ("requires", _ids(arc.requires)), ("open", arc.open or None), ("summary", arc.summary),
        ("beats", {key: _beat(beat) for key, beat in arc.beats.items()} or None),
        *_common(arc),
    )


def _change(change: Change) -> str | dict[str, str]:
    if change.faction is None and change.status is not None:
        return change.status
    return _fields(("status", change.status), ("faction", change.faction))


def _beat(beat: Beat) -> dict[str, Any]:
    changes = {who: _change(change) for who, change in beat.changes.items()}
    return _fields(
        ("at", str(beat.at)), ("summary", beat.summary), ("after", _ids(beat.after)),
        ("characters", _ids(beat.characters)), ("factions", _ids(beat.factions)),
        ("changes", changes or None), ("flashback", beat.flashback or None),
        ("tags", _ids(beat.tags)),
        ("setup", beat.setup), ("payoff", beat.payoff), ("sets_up", _ids(beat.sets_up)),
        ("pays_off", _ids(beat.pays_off)), *_common(beat),
    )


_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {
    Status: _status, Season: _season, Faction: _faction, Character: _character,
    Arc: _arc, Beat: _beat,
}
