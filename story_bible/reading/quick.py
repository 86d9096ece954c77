"""Read a bible's beats and characters straight from the YAML events, without nodes.

Beats are most of a bible: on 20,000 beats, composing their nodes and then
reading the nodes cost more than libyaml's parsing itself. ``arcroom check``
needs a beat's nodes only to locate a problem in it, so ``composer.compose`` hands
each arc's ``beats`` (and the ``characters``, second in number) to a
:class:`QuickReader`, which takes the fields of the shapes they are written
in (text, a list of ids, ``changes``...) into a
:class:`~story_bible.model.Beat` (or ``Character``) that keeps where its text
is; it composes its nodes the first time a span inside it is asked.

Anything else (an unknown key, a wrong type, an invalid id, a repeated key,
a missing ``at`` or name) raises :class:`~story_bible.reading.nodes.Unusual`, and the loader
reads the file in full, where each gets its diagnostic. So the quick reading
never decides what is wrong: it gives the model of a well-formed beat or
nothing, and ``tests/story_bible/test_quick.py`` checks that this model and
its spans are the full reading's on random bibles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from story_bible import field_table as table
from story_bible.model import DEFAULT_STATUS, Beat, Change, Character, set_aside, unmodelled
from story_bible.positions import Position
from story_bible.reading.nodes import Lines, Mapping, Scalar, Unusual, Written
from story_bible.vocabulary import FALSE, ID_PATTERN, NULL, RULE_CODE, TRUE

# What each field is read as: text, a beat's (required) position, a list
# of ids, of words, true/false, a beat's changes, rule codes, one id, an
# optional position.
_TEXT, _AT, _IDS, _WORDS, _FLAG, _CHANGES, _IGNORE, _ID, _POSITION, _UNKNOWN = range(10)
_LISTS = frozenset({_IDS, _WORDS, _IGNORE})
#: How each value kind of the field table is read here (a required position
#: is a beat's 'at', which the reading cannot do without).
_READ_AS = {
    table.TEXT: _TEXT, table.IDS: _IDS, table.WORDS: _WORDS, table.FLAG: _FLAG,
    table.CHANGES: _CHANGES, table.CODES: _IGNORE, table.ID: _ID, table.POSITION: _POSITION,
}


@table.derived
def kinds(kind: str) -> dict[str, int]:
    """How each of ``kind``'s fields is read, from the field table."""
    return {
        f.key: _AT if f.value == table.POSITION and f.required else _READ_AS[f.value]
        for f in table.FIELDS[kind]
    }

@table.derived
def _keyed(kind: str) -> dict[str, tuple[str, int]]:
    """Each of ``kind``'s field names to the table's own copy of it and how it is read.

    The parser's text of a name is a new string each time; the table's is the
    one the model's constructor names its parameter with, which
    ``Beat(**fields)`` matches by identity, not by comparing text (0.02 s of
    20,000 beats).
    """
    return {key: (key, read_as) for key, read_as in kinds(kind).items()}


#: The field's value when written as a plain null (``~``, ``null``, nothing).
_EMPTY: dict[int, Any] = {
    _TEXT: None, _IDS: (), _WORDS: (), _FLAG: False, _IGNORE: frozenset(), _ID: None,
    _POSITION: None,
}
#: The plain scalars whose style decides what they are; none is 6 letters long.
_SPECIAL = NULL | TRUE | FALSE | {"-"}
#: Ids, each followed by a line break (ID_PATTERN, for many at once).
_ID_LINES = re.compile(rf"(?:{ID_PATTERN.pattern}\n)*")
_NOWHERE = Position(0, 0)
#: Named tuples made past their Python ``__new__`` (the loop makes one of each a beat).
_new_tuple = tuple.__new__


E = TypeVar("E", Beat, Character)


class Pending(NamedTuple, Generic[E]):
    """An entity read from the events, with what the loader finishes it with.

    ``at`` is the text of a beat's ``at`` or a character's ``introduced``
    (None: not written) until positions resolve; ``unstated``, whether a
    character writes no status. The composed tree holds the table's mapping
    empty; the loader asks the reader what it held (:meth:`QuickReader.beats_in`,
    :meth:`QuickReader.characters_in`).
    """

    entity: E
    at: str | None
    unstated: bool


class _Table(NamedTuple):
    """What the quick reading reads by, from the field table (taken once a file)."""

    beat: dict[str, tuple[str, int]]
    character: dict[str, tuple[str, int]]
    #: A change's field names, each to the table's own copy (see _keyed).
    change: dict[str, str]
    #: Whether the model names no attribute for some of the fields (see set_aside).
    beat_aside: bool
    character_aside: bool

    @staticmethod
    @table.derived
    def now() -> _Table:
        return _Table(
            _keyed("beat"), _keyed("character"), {key: key for key in table.keys("change")},
            bool(unmodelled("beat")), bool(unmodelled("character")),
        )


class QuickReader:
    """Reads the characters and each arc's beats from the events, for ``compose``.

    It is a :class:`~story_bible.reading.composer.TableReader`. ``ids`` maps each text
    read as an id to one shared copy (ids repeat in every beat); it is kept
    across files. Call :meth:`check` after the reading, to know that each is
    an id.
    """

    __slots__ = ("beats", "characters", "file", "ids", "new", "table", "text")

    def __init__(self, file: str, text: str, ids: dict[str, str]) -> None:
        self.file = file
        self.text = text
        self.ids = ids
        self.new: list[str] = []
        #: Each mapping read, by identity: its keys, each to its key node and Pending.
        self.beats: dict[Mapping, dict[str, tuple[Scalar, Pending[Beat]]]] = {}
        self.characters: dict[Mapping, dict[str, tuple[Scalar, Pending[Character]]]] = {}
        self.table = _Table.now()

    #: The tables it reads are at most this many keys deep: arcs, an arc, beats.
    depth = 3

    def reads(self, path: tuple[str | None, ...]) -> bool:
        """Whether it reads the mapping at ``path``: the characters, or an arc's beats."""
        if len(path) == 3:
            return path[0] == "arcs" and path[1] is not None and path[2] == "beats"
        return path == ("characters",)

    def read(
        self, get_event: Callable[[], Any], start: Any, path: tuple[str | None, ...],
        lines: Lines,
    ) -> Mapping:
        """The mapping ``table`` ('characters' or an arc's 'beats'), without entries.

        What it holds, each key to its :class:`Pending`, is :meth:`beats_in` it
        or :meth:`characters_in` it.
        """
        mapping = Mapping(bool(start.flow_style), None, start.start_mark.index, lines)
        read: dict[str, tuple[Scalar, Any]] = {}
        table = path[-1]
        arc = path[1] if len(path) == 3 else None
        entity = self._character if arc is None else self._beat
        arc_id = arc or ""
        count = 0
        ids, new = self.ids, self.new
        known = ids.get
        # Typed Any: both parsers mark every event (mypy narrows the class, not that).
        event: Any
        while (event := get_event()).__class__ is ScalarEvent:
            written = event.value
            entity_id = known(written)
            if entity_id is None:  # as _id: a beat's key is new text every time
                entity_id = ids[written] = written
                new.append(written)
            marked: Any = event  # every event is marked (mypy narrows to optional marks)
            offset = marked.start_mark.index
            size = marked.end_mark.index - offset
            key = _new_tuple(Scalar, (entity_id, event.style or "", None, offset, size, lines))
            count += 1
            value = get_event()
            if value.__class__ is not MappingStartEvent:
                raise Unusual(f"{entity_id!r} in {table!r} is not a mapping")
            read[entity_id] = (key, entity(get_event, value, key, arc_id))
        if event.__class__ is not MappingEndEvent or len(read) != count:
            raise Unusual("a collection as a key, or a repeated key")
        marked = event
        mapping.end = marked.end_mark.index
        (self.characters if arc is None else self.beats)[mapping] = read
        return mapping

    def beats_in(self, mapping: Mapping) -> dict[str, tuple[Scalar, Pending[Beat]]] | None:
        """The beats this reader read in an arc's ``mapping`` (None: it did not read it)."""
        return self.beats.get(mapping)

    def characters_in(
        self, mapping: Mapping
    ) -> dict[str, tuple[Scalar, Pending[Character]]] | None:
        """The characters this reader read in ``mapping`` (None: it did not read it)."""
        return self.characters.get(mapping)

    def _beat(
        self, get_event: Callable[[], Any], start: Any, key: Scalar, arc: str
    ) -> Pending[Beat]:
        table = self.table
        fields, end = self._fields(get_event, table.beat)
        if table.beat_aside:
            set_aside("beat", fields)
        at = fields.pop("at", None)
        if at is None:
            raise Unusual("a beat without 'at'")
        source = _new_tuple(Written, (self.text, start.start_mark.index, end))
        beat = Beat(
            id=key.value, arc=arc, at=_NOWHERE, file=self.file, key_node=key, source=source,
            **fields,
        )
        return _new_tuple(Pending, (beat, at, False))

    def _character(
        self, get_event: Callable[[], Any], start: Any, key: Scalar, _: str
    ) -> Pending[Character]:
        fields, end = self._fields(get_event, self.table.character)
        if self.table.character_aside:
            set_aside("character", fields)
        if fields.get("name") is None:
            raise Unusual("a character without a name")
        introduced = fields.pop("introduced", None)
        status = fields.pop("status", None)
        source = Written(self.text, start.start_mark.index, end)
        character = Character(
            id=key.value, status=status or DEFAULT_STATUS, file=self.file, key_node=key,
            source=source, **fields,
        )
        return Pending(character, introduced, status is None)

    def _fields(
        self, get_event: Callable[[], Any], kinds: dict[str, tuple[str, int]]
    ) -> tuple[dict[str, Any], int]:
        """An entity's fields, read as ``kinds`` says (see _keyed), and where its mapping ends."""
        # The hot loop of `arcroom check`, about 14 events a beat: names
        # bound to locals, the common shapes first, the rare ones in methods.
        scalar = ScalarEvent
        kind_of = kinds.get
        canonical = self.ids.__getitem__
        fields: dict[str, Any] = {}
        count = 0
        event: Any
        while (event := get_event()).__class__ is scalar:
            name = event.value
            known = kind_of(name)
            if known is None:
                kind = _UNKNOWN
            else:
                name, kind = known  # the table's copy of the name
            count += 1
            event = get_event()
            cls = event.__class__
            if cls is scalar:
                value = event.value
                # A plain null, true/false or '-' in text is what its style
                # says; a bad 'at' is the positions' to tell (then the
                # whole bible is read in full).
                if kind == _AT or (
                    kind == _TEXT and (len(value) > 5 or event.style or value not in _SPECIAL)
                ):
                    fields[name] = value
                else:
                    fields[name] = self._scalar(kind, value, not event.style)
            elif cls is SequenceStartEvent and kind in _LISTS:
                items: list[str] = []
                append = items.append
                while (event := get_event()).__class__ is scalar:
                    append(event.value)
                if event.__class__ is not SequenceEndEvent:
                    raise Unusual(f"a collection in {name!r}")
                if kind == _IDS:
                    try:
                        fields[name] = tuple(map(canonical, items))
                    except KeyError:
                        fields[name] = tuple(map(self._id, items))
                else:
                    fields[name] = _words(kind, items)
            elif cls is MappingStartEvent and kind == _CHANGES:
                fields[name] = self._changes(get_event)
            else:
                raise Unusual(f"{name!r} written as a collection")
        if event.__class__ is not MappingEndEvent or len(fields) != count:
            raise Unusual("a collection as a key, or a repeated key")
        marked: Any = event  # every event is marked (mypy narrows to optional marks)
        return fields, marked.end_mark.index

    def _id(self, text: str) -> str:
        """The one copy of ``text``, an id to be checked by :meth:`check` if it is new."""
        known = self.ids.get(text)
        if known is not None:
            return known
        self.ids[text] = text
        self.new.append(text)
        return text

    def check(self) -> None:
        """Raise :class:`Unusual` unless every id read since the last check is one.

        A beat's key is new text every time: one pattern over all of them
        takes a tenth of one match each.
        """
        if not self.new:
            return
        joined = "\n".join(self.new)
        if joined.count("\n") != len(self.new) - 1 or not _ID_LINES.fullmatch(joined + "\n"):
            raise Unusual("not an id")
        self.new = []

    def forget(self) -> None:
        """Take the ids read since the last check out of ``ids`` (the reading was left)."""
        for text in self.new:
            self.ids.pop(text, None)
        self.new = []

    def _scalar(self, kind: int, value: str, plain: bool) -> Any:
        """A field written as text that is not plainly text."""
        if kind == _UNKNOWN:
            # Even an empty one (``sumary:``, ``id: ~``): its name must never
            # reach the entity's constructor, and B002 is the full reading's.
            raise Unusual("a key the quick reading does not know")
        if plain and value == "-":
            raise Unusual("a lone '-'")  # strict_yaml's to judge
        if plain and value in NULL:
            return {} if kind == _CHANGES else _EMPTY.get(kind)
        if kind in (_TEXT, _POSITION):
            return value
        if kind == _FLAG and plain and value in TRUE | FALSE:
            return value in TRUE
        if kind == _IDS:
            return (self._id(value),)
        if kind == _ID:
            return self._id(value)
        raise Unusual(f"{value!r} is not what its field takes")

    def _changes(self, get_event: Callable[[], Any]) -> dict[str, Change]:
        changes: dict[str, Change] = {}
        count = 0
        while (event := get_event()).__class__ is ScalarEvent:
            who = self._id(event.value)
            count += 1
            event = get_event()
            if event.__class__ is ScalarEvent:
                changes[who] = Change(status=self._id(event.value))
            elif event.__class__ is MappingStartEvent:
                changes[who] = self._change(get_event)
            else:
                raise Unusual("a list in 'changes'")
        if event.__class__ is not MappingEndEvent or len(changes) != count:
            raise Unusual("a collection as a key, or a repeated key")
        return changes

    def _change(self, get_event: Callable[[], Any]) -> Change:
        found: dict[str, str | None] = {}
        count = 0
        while (event := get_event()).__class__ is ScalarEvent:
            name = self.table.change.get(event.value)
            if name is None:
                raise Unusual(f"unknown key {event.value!r} in a change")
            count += 1
            event = get_event()
            if event.__class__ is not ScalarEvent:
                raise Unusual("a collection in a change")
            value = event.value
            plain_null = value in NULL and not event.style  # '' or None: plain
            found[name] = None if plain_null else self._id(value)
        if event.__class__ is not MappingEndEvent or len(found) != count:
            raise Unusual("a collection as a key, or a repeated key")
        if not any(found.values()):
            raise Unusual("a change of nothing")
        return Change(**found)


def _words(kind: int, items: list[str]) -> tuple[str, ...] | frozenset[str]:
    """A beat's tags, or the rule codes it ignores."""
    if kind == _WORDS:
        if "-" in items:
            raise Unusual("a lone '-'")  # maybe plain: strict_yaml's to judge
        return tuple(items)
    if not all(RULE_CODE.fullmatch(item) for item in items):
        raise Unusual("not a rule code in 'ignore'")
    return frozenset(items)
