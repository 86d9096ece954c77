"""The story bible as plain dataclasses.

Every entity knows where it was written: ``file``, its key node and its value
node (``story_bible.reading.nodes``), from which :meth:`Entity.span` gives the 1-based
line/column and text offsets of the entity or of any of its fields. A
character or beat that ``arcroom check`` read without nodes keeps where its
text is (``source``), and composes its nodes the first time a span inside it
is asked. Source locations never take part in equality, so two bibles with
the same story compare equal however they are laid out.

Each entity class names the fields of format v1 (:mod:`story_bible.field_table`)
as typed attributes. A field the table declares and the class does not name
(one a test adds to a copy of the table) is kept in the entity's ``extra``
and read as an attribute all the same (``beat.witnesses``), its default when
it is not written: the readers put such values aside with :func:`set_aside`.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import abc
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from story_bible import field_table as table
from story_bible.positions import Position
from story_bible.reading.composer import compose_fragment
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence, Written

STANCES = ("ally", "neutral", "tense", "hostile", "war")
#: Held while an entity read without nodes composes its own, and while the
#: editor composes a whole table's (``story_bible.writing.filling``): the table's
#: nodes are the ones an entity keeps, whichever thread comes first.
COMPOSING = threading.Lock()


class Span(NamedTuple):
    """A located stretch of a bible file: 1-based lines/columns, 0-based text offsets."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int

    @classmethod
    def of(cls, file: str, node: Node) -> Span:
        return cls(
            file, node.line, node.column, node.end_line, node.end_column, node.start, node.end
        )


@dataclass(kw_only=True, slots=True)
class Entity:
    """What every bible entity has: an id, notes, ignored rule codes, a source."""

    id: str
    notes: str | None = None
    ignore: frozenset[str] = frozenset()
    file: str = field(default="", compare=False, repr=False)
    key_node: Scalar | None = field(default=None, compare=False, repr=False)
    node: Node | None = field(default=None, compare=False, repr=False)
    source: Written | None = field(default=None, compare=False, repr=False)
    #: The values of the table's fields this class names no attribute for, by
    #: attribute (None: none; format v1's are all attributes).
    extra: dict[str, Any] | None = field(default=None, repr=False)

    def span(self, *path: str | int, key: bool = False) -> Span:
        """Where this entity, or the node at ``path`` inside it, is written.

        ``path`` walks mapping keys and list indexes from the entity's value
        (``beat.span("characters", 0)``); ``key=True`` points at the last
        mapping key rather than its value. A path that is not written points
        at the deepest part of it that is, and no path at the entity's key.
        """
        target = self.node_at(*path, key=key) if path else None
        if target is None:
            target = self.key_node or self.node
        if target is None:
            return Span(self.file, 1, 1, 1, 1, 0, 0)
        return Span.of(self.file, target)

    def node_at(self, *path: str | int, key: bool = False) -> Node | None:
        """The YAML node at ``path`` inside this entity (see :meth:`span`)."""
        node: Node | None = self.node
        if node is None and self.source is not None:
            with COMPOSING:
                node = self.node
                if node is None and self.source is not None:
                    node = self.node = self._written()
        found: Node | None = None
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, Mapping) and isinstance(step, str) and step in node.entries:
                key_node, node = node.entries[step]
                found = key_node if (last and key) else node
            elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node.items):
                node = found = node.items[step]
            elif isinstance(node, Scalar) and i == len(path) - 1 and isinstance(step, int):
                return node  # a single id written where a list may stand
            else:
                return found
        return found

    def _written(self) -> Node | None:
        """The nodes of a value that was read without them (characters and beats)."""
        assert self.source is not None and self.key_node is not None
        return compose_fragment(self.source, self.key_node.lines, self._path())

    def _path(self) -> tuple[str, ...]:
        """The keys from the top of its file down to its value, where it is read from."""
        raise NotImplementedError  # only characters and beats are read without nodes


@dataclass(kw_only=True, slots=True)
class Series:
    title: str
    based_on: str | None = None
    logline: str | None = None
    notes: str | None = None


@dataclass(kw_only=True, slots=True)
class Status(Entity):
    """A state a character can be in; ``becomes`` lists the states it may turn into."""

    appears: bool = True
    becomes: tuple[str, ...] = ()
    description: str | None = None


@dataclass(kw_only=True, slots=True)
class Season(Entity):
    number: int
    title: str
    episodes: int
    planned: bool = False
    summary: str | None = None

    @property
    def first(self) -> Position:
        return Position(self.number, 1)

    @property
    def last(self) -> Position:
        return Position(self.number, self.episodes)


@dataclass(kw_only=True, slots=True)
class Faction(Entity):
    name: str
    kind: str | None = None
    summary: str | None = None


@dataclass(kw_only=True, slots=True)
class Relation(Entity):
    """A stance between two factions from one episode until another (inclusive).

    Its ``id`` is derived (``military~survivors@S1E10``): relations are written
    as a list, and diagnostics and baselines still need a stable name for one.
    """

    between: tuple[str, str]
    stance: str
    start: Position
    until: Position | None = None
    summary: str | None = None

    def derived_id(self) -> str:
        """The id its fields give it: ``military~survivors@S1E10``."""
        return relation_id(*self.between, self.start)


def relation_id(a: str, b: str, start: Position | str) -> str:
    """The id of a relation between ``a`` and ``b`` from ``start``: ``military~survivors@S1E10``.

    The one place a relation's id is built (:meth:`Relation.derived_id`, and
    what a rename makes of one; :func:`relation_parts` reads it back).
    """
    return f"{a}~{b}@{start}"


def relation_parts(entity_id: str) -> tuple[str, str, str] | None:
    """The two factions and the start a relation's id is made of (None: no relation's id)."""
    pair, at, start = entity_id.partition("@")
    a, tilde, b = pair.partition("~")
    return (a, b, start) if at and tilde else None


#: The status of a character whose entry writes none.
DEFAULT_STATUS = "human"


@dataclass(kw_only=True, slots=True)
class Character(Entity):
    name: str
    faction: str | None = None
    status: str = DEFAULT_STATUS
    introduced: Position | None = None
    actor: str | None = None
    summary: str | None = None

    def _path(self) -> tuple[str, ...]:
        return ("characters", self.id)


@dataclass(frozen=True, slots=True)
class Change:
    """What a beat does to a character: a new status, a new faction, or both."""

    status: str | None = None
    faction: str | None = None


#: The changes of a beat that makes none: one shared, read-only, empty mapping
#: (most beats change no one; an empty dict each cost 1.3 MB on 20,000 beats).
NO_CHANGES: abc.Mapping[str, Change] = MappingProxyType({})


@dataclass(kw_only=True, slots=True)
class Beat(Entity):
    arc: str
    at: Position
    summary: str | None = None
    after: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    factions: tuple[str, ...] = ()
    changes: abc.Mapping[str, Change] = field(default_factory=lambda: NO_CHANGES)
    flashback: bool = False
    tags: tuple[str, ...] = ()
    setup: str | None = None
    payoff: str | None = None
    sets_up: tuple[str, ...] = ()
    pays_off: tuple[str, ...] = ()

    def _path(self) -> tuple[str, ...]:
        return ("arcs", self.arc, "beats", self.id)


@dataclass(kw_only=True, slots=True)
class Arc(Entity):
    title: str
    seasons: tuple[str, ...]
    factions: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    open: bool = False
    summary: str | None = None
    beats: dict[str, Beat] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True)
class Bible:
    """A whole bible, merged from its files; ``beats`` indexes every arc's beats."""

    version: int
    series: Series
    statuses: dict[str, Status]
    seasons: dict[str, Season]
    factions: dict[str, Faction] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    characters: dict[str, Character] = field(default_factory=dict)
    arcs: dict[str, Arc] = field(default_factory=dict)
    files: tuple[str, ...] = field(default=(), compare=False)
    texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    beats: dict[str, Beat] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild ``beats`` after arcs or beats were added, removed or renamed."""
        self.beats = {b.id: b for arc in self.arcs.values() for b in arc.beats.values()}

    def entity(self, entity_id: str) -> Entity | None:
        """Any entity by id (ids share one namespace)."""
        tables: tuple[dict[str, Any], ...] = (
            self.beats, self.characters, self.factions, self.arcs, self.seasons, self.statuses
        )
        for found in tables:
            if entity_id in found:
                return found[entity_id]  # type: ignore[no-any-return]
        return next((r for r in self.relations if r.id == entity_id), None)

    @property
    def last_position(self) -> Position | None:
        if not self.seasons:
            return None
        return max(season.last for season in self.seasons.values())


#: The field table's kind of each entity class.
KIND_OF: dict[type, str] = {
    Status: "status", Season: "season", Faction: "faction", Relation: "relation",
    Character: "character", Arc: "arc", Beat: "beat",
}
_CLASS_OF = {kind: cls for cls, kind in KIND_OF.items()}


@table.derived
def unmodelled(kind: str) -> tuple[table.Field, ...]:
    """``kind``'s fields in the table that its class names no attribute for (v1: none)."""
    cls = _CLASS_OF.get(kind)
    if cls is None:
        return ()
    names = {f.name for f in dataclasses.fields(cls)}
    return tuple(f for f in table.FIELDS[kind] if f.attr not in names)


@table.derived
def _unmodelled_defaults(kind: str) -> dict[str, Any]:
    return {f.attr: f.default for f in unmodelled(kind)}


def set_aside(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` (read by key) with those of :func:`unmodelled` moved into ``extra``.

    A value equal to the field's default is left out, as for an attribute
    that is not written, so that entities compare as their story does.
    """
    extra: dict[str, Any] = {}
    for f in unmodelled(kind):
        if f.key in fields:
            value = fields.pop(f.key)
            if value != f.default:
                extra[f.attr] = value
    if extra:
        fields["extra"] = extra
    return fields


def replaced(entity: Any, **values: Any) -> Any:
    """A copy of ``entity`` with new values, those of unmodelled fields into its ``extra``."""
    kind = KIND_OF.get(type(entity))
    aside = {f.attr for f in unmodelled(kind)} & values.keys() if kind else set()
    if aside:
        extra = {**(entity.extra or {}), **{a: values.pop(a) for a in aside}}
        defaults = _unmodelled_defaults(kind or "")
        values["extra"] = {a: v for a, v in extra.items() if v != defaults[a]} or None
    return dataclasses.replace(entity, **values)


def _unmodelled_field(self: Entity, name: str) -> Any:
    """``Entity.__getattr__`` while the table names fields a class has no attribute for."""
    try:
        extra = object.__getattribute__(self, "extra")
    except AttributeError:  # a slot not yet filled (copying, unpickling)
        raise AttributeError(name) from None
    if extra is not None and name in extra:
        return extra[name]
    defaults = _unmodelled_defaults(KIND_OF.get(type(self), ""))
    if name in defaults:
        return defaults[name]
    raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def _follow_the_table() -> None:
    """Read unmodelled fields as attributes only while the table has any.

    A class with a ``__getattr__`` has every attribute read go through a slower
    path (CPython then cannot specialise slot reads): the rules ran 25% slower
    with one always in place. Format v1 names every field, so it has none.
    """
    if any(unmodelled(kind) for kind in _CLASS_OF):
        Entity.__getattr__ = _unmodelled_field  # type: ignore[attr-defined]
    elif "__getattr__" in Entity.__dict__:
        del Entity.__getattr__  # type: ignore[attr-defined]


table.when_swapped(_follow_the_table)
