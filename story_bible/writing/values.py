"""The fields of each kind of entity, their types, and how values become model values.

The keys, their order and types come from the field table (``field_table.py``); this
module adds what an edit needs to know about each: its type (to check and
write a value), the model attribute it fills, and its default when removed.
"""

from __future__ import annotations

import difflib
from collections import abc
from typing import Any

from story_bible import field_table
from story_bible.errors import LoadError
from story_bible.field_table import (
    BEATS,
    CHANGES,
    CODES,
    COUNT,
    FIELDS,
    FLAG,
    ID,
    IDS,
    LISTS,
    POSITION,
    SECTIONS,
    STANCE,
    TEXT,
    WORDS,
    keys,
)
from story_bible.model import (
    STANCES,
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
from story_bible.positions import Position, PositionError, parse_position
from story_bible.reading.composer import compose
from story_bible.reading.nodes import Mapping, Scalar
from story_bible.reading.placing import past_the_end
from story_bible.vocabulary import ID_PATTERN, RULE_CODE

__all__ = [
    "BEATS", "CHANGES", "CODES", "COUNT", "FLAG", "ID", "IDS", "POSITION", "SECTIONS", "STANCE",
    "TEXT", "WORDS",
]

KINDS = (*SECTIONS, "beat")
CLASSES: dict[str, type[Entity]] = {
    "status": Status, "season": Season, "faction": Faction, "relation": Relation,
    "character": Character, "arc": Arc, "beat": Beat,
}
_KINDS = (*CLASSES, "series")
#: Every kind's keys, in the order the format lists them.
KEYS: abc.Mapping[str, tuple[str, ...]] = field_table.Derived(
    lambda: {kind: keys(kind) for kind in _KINDS}
)
TYPES: abc.Mapping[str, dict[str, str]] = field_table.Derived(
    lambda: {kind: {f.key: f.value for f in FIELDS[kind]} for kind in _KINDS}
)
REQUIRED: abc.Mapping[str, tuple[str, ...]] = field_table.Derived(
    lambda: {kind: tuple(f.key for f in FIELDS[kind] if f.required) for kind in _KINDS}
)
#: Keys whose model attribute has another name.
ATTRIBUTES: abc.Mapping[str, str] = field_table.Derived(
    lambda: {f.key: f.attr for fs in FIELDS.values() for f in fs if f.attr != f.key}
)
#: Where a whole season written as a position stands for its last episode.
_ENDS: abc.Mapping[str, bool] = field_table.Derived(
    lambda: {f.key: True for fs in FIELDS.values() for f in fs if f.ends}
)


class FieldError(ValueError):
    """A field or value the format does not allow; the message says why."""


def kind_of(entity: Entity | Series) -> str:
    if isinstance(entity, Series):
        return "series"
    for kind, cls in CLASSES.items():
        if type(entity) is cls:
            return kind
    raise TypeError(f"not a bible entity: {entity!r}")


def field_type(kind: str, key: str) -> str:
    """The type of ``key`` in ``kind``; raises :class:`FieldError` with a hint."""
    types = TYPES[kind]
    if key in types:
        return types[key]
    close = difflib.get_close_matches(key, list(types), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; a {kind} has " + ", ".join(types)
    raise FieldError(f"a {kind} has no field {key!r}{hint}")


def attribute(key: str) -> str:
    return ATTRIBUTES.get(key, key)


def normalize(kind: str, key: str, value: Any) -> Any:
    """``value`` checked against the field's type, in the plain form it is written in.

    Text, ids and positions come back as ``str``, lists as ``list[str]``,
    flags as ``bool``, counts as ``int``, changes as a ``dict``.
    """
    kind_type = field_type(kind, key)
    if kind_type == BEATS:
        raise FieldError("beats are added, moved and removed one by one, not set as a field")
    if kind_type in (TEXT, ID, POSITION, STANCE):
        if isinstance(value, Position):
            value = str(value)
        if not isinstance(value, str):
            raise FieldError(f"'{key}' takes text, not {_what(value)}")
        if kind_type == ID:
            _check_id(key, value)
        elif kind_type == POSITION:
            try:
                parse_position(value)
            except PositionError as exc:
                raise FieldError(f"'{key}': {exc}; write S1E07, or S2 for a whole season") from None
        elif kind_type == STANCE and value not in STANCES:
            close = difflib.get_close_matches(value, STANCES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise FieldError(f"stance {value!r} is not one of {', '.join(STANCES)}{hint}")
        return value
    if kind_type in LISTS:
        return _list(kind, key, kind_type, value)
    if kind_type == FLAG:
        if not isinstance(value, bool):
            raise FieldError(f"'{key}' is true or false, not {_what(value)}")
        return value
    if kind_type == COUNT:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            counted = isinstance(value, int) and not isinstance(value, bool)
            shown = value if counted else _what(value)
            raise FieldError(f"'{key}' is a whole number of at least 1, not {shown}")
        return value
    return _changes(value)


def _list(kind: str, key: str, kind_type: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        raise FieldError(f"'{key}' is a list, not {_what(value)}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise FieldError(f"items of '{key}' are text, not {_what(item)}")
        if kind_type == IDS:
            _check_id(key, item)
        elif kind_type == CODES and not RULE_CODE.fullmatch(item):
            raise FieldError(f"{item!r} in 'ignore' is not a rule code (like C001)")
    if key == "between" and len(items) != 2:
        raise FieldError("'between' names exactly two factions")
    return items


def _changes(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(f"'changes' maps characters to a status, not {_what(value)}")
    out: dict[str, Any] = {}
    for who, change in value.items():
        _check_id("changes", who)
        if isinstance(change, Change):
            change = change.status if change.faction is None else {
                k: v for k, v in (("status", change.status), ("faction", change.faction)) if v
            }
        if isinstance(change, str):
            _check_id("changes", change)
        elif isinstance(change, dict):
            if not change or set(change) - {"status", "faction"}:
                raise FieldError(f"the change to {who!r} gives 'status' and/or 'faction'")
            for part in change.values():
                _check_id("changes", part)
        else:
            raise FieldError(f"the change to {who!r} is a status or {{status:, faction:}}")
        out[who] = change
    return out


def _check_id(key: str, value: Any) -> None:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise FieldError(
            f"{value!r} in '{key}' is not a valid id (letters, digits, '-', '_', '.' and ')"
        )


def _what(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"


def model_value(bible: Bible, kind: str, key: str, value: Any) -> Any:
    """The model attribute value for a normalized ``value`` (None: the field's default)."""
    kind_type = field_type(kind, key)
    if value is None:
        return _default(bible, kind, key)
    if kind_type == POSITION:
        return position(bible, value, end=key in _ENDS)
    if key == "season":
        return (value,)
    if kind_type == CODES:
        return frozenset(value)
    if kind_type in LISTS:
        return tuple(value)
    if kind_type == CHANGES:
        return {
            who: Change(status=c) if isinstance(c, str)
            else Change(status=c.get("status"), faction=c.get("faction"))
            for who, c in value.items()
        }
    return value


def _default(bible: Bible, kind: str, key: str) -> Any:
    if key in REQUIRED.get(kind, ()):
        raise FieldError(f"a {kind} needs '{key}'; it cannot be removed")
    if kind == "relation" and key == "from":
        first = min((s.number for s in bible.seasons.values()), default=1)
        return Position(first, 1)
    default = field_table.field(kind, key).default
    return dict(default) if isinstance(default, dict) else default


def position(bible: Bible, text: str, *, end: bool = False) -> Position:
    """Where ``text`` stands in ``bible``'s seasons; raises :class:`FieldError` if nowhere."""
    try:
        number, episode = parse_position(text)
    except PositionError as exc:
        raise FieldError(str(exc)) from None
    season = next((s for s in bible.seasons.values() if s.number == number), None)
    if season is None:
        known = ", ".join(bible.seasons) or "none"
        raise FieldError(f"{text}: there is no season S{number} (the seasons are {known})")
    if episode is None:
        episode = season.episodes if end else 1
    elif episode > season.episodes:
        raise FieldError(f"{text}: {past_the_end(season)}")
    return Position(number, episode)


def plain(entity: Entity | Series, key: str) -> Any:
    """The field's current value in the plain form :func:`normalize` returns."""
    kind = kind_of(entity)
    kind_type = field_type(kind, key)
    value = getattr(entity, attribute(key))
    if key == "season":
        return value[0] if len(value) == 1 else None
    if kind_type in LISTS:
        return sorted(value) if kind_type == CODES else list(value)
    if kind_type == POSITION:
        return None if value is None else str(value)
    if kind_type == CHANGES:
        return {
            who: c.status if c.faction is None
            else {k: v for k, v in (("status", c.status), ("faction", c.faction)) if v}
            for who, c in value.items()
        }
    return value


def parse_text(kind: str, key: str, text: str) -> Any:
    """Read a value typed on the command line as the field's type (``[a, b]``, ``true``, ``12``)."""
    kind_type = field_type(kind, key)
    if kind_type in LISTS:
        inner = text.strip()
        if inner.startswith("[") and inner.endswith("]"):
            inner = inner[1:-1]
        return [part.strip() for part in inner.split(",") if part.strip()]
    if kind_type == FLAG:
        if text.lower() not in ("true", "false"):
            raise FieldError(f"'{key}' is true or false, not {text!r}")
        return text.lower() == "true"
    if kind_type == COUNT:
        if not (text.isascii() and text.isdigit()):
            raise FieldError(f"'{key}' is a whole number, not {text!r}")
        return int(text)
    if kind_type == CHANGES:
        return _parse_changes(text)
    return text


def _parse_changes(text: str) -> dict[str, Any]:
    try:
        root, problems = compose(text, "<value>")
    except LoadError as exc:
        raise FieldError(f"'changes' should read like {{nam-ra: infected}}: {exc}") from None
    if problems or not isinstance(root, Mapping):
        raise FieldError("'changes' should read like {nam-ra: infected}")
    out: dict[str, Any] = {}
    for who, (_, node) in root.entries.items():
        if isinstance(node, Scalar):
            out[who] = node.value
        elif isinstance(node, Mapping) and all(
            isinstance(v, Scalar) for _, v in node.entries.values()
        ):
            out[who] = {k: v.value for k, (_, v) in node.entries.items()}  # type: ignore[union-attr]
        else:
            raise FieldError(f"the change to {who!r} is a status or {{status: ..., faction: ...}}")
    return out


#: The defaults a writer would see written (true, human), not left out as empty.
_PLAIN_DEFAULTS = {
    (kind, f.key): f.default
    for kind, fs in FIELDS.items() for f in fs
    if f.default not in (None, (), False, {}, frozenset())
}


def written(entity: Entity) -> dict[str, Any]:
    """An entity's fields as they would be written: the set ones, in the format's order."""
    kind = kind_of(entity)
    out: dict[str, Any] = {}
    for key in KEYS[kind]:
        if key == "beats":
            continue
        if kind == "arc" and key in ("season", "seasons"):
            seasons = entity.seasons  # type: ignore[attr-defined]
            if (key == "season") == (len(seasons) == 1):
                out[key] = seasons[0] if key == "season" else list(seasons)
            continue
        value = plain(entity, key)
        if (kind, key) in _PLAIN_DEFAULTS:
            if value != _PLAIN_DEFAULTS[kind, key]:
                out[key] = value
        elif value not in (None, [], {}, False):
            out[key] = value
    return out
