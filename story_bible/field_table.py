"""Bible format v1 in one field table: every kind of entity's fields, each declared once.

A field says its key, what its value is (:data:`VALUES`), the kind of entity
it names (when it names ids), whether it is required or what it stands for
when left out, the model attribute it fills, and one line for writers. The
readers (``loader.py``, ``quick.py``), the edit API's values (``fields.py``),
:mod:`~story_bible.writing.dump`, reference finding (:mod:`~story_bible.references`),
the JSON Schema (``arcs/schema.py``) and the editor's forms (``tui/form_fields.py``)
are built from it; ``docs/format.md`` documents it for writers.

What the others build from it (a reader's table of keys, the schema's
definitions, a form) they build once, through :func:`derived`; :func:`using`
reads, writes and checks by another table for the length of a block, which
is how ``tests/story_bible/test_field_table_extension.py`` adds a field to a
copy of it and sees every one of them follow.

It imports nothing of arcroom: every other module may read it.
"""

from __future__ import annotations

import contextlib
import functools
from collections import abc
from collections.abc import Callable, Iterator
from typing import Any, Generic, NamedTuple, ParamSpec, TypeVar, cast

#: What a field's value is written as.
TEXT = "text"  # free text (a number stays its text)
ID = "id"  # one id
IDS = "ids"  # a list of ids (one id alone is a list of one)
WORDS = "words"  # a list of free words
CODES = "codes"  # a list of rule codes (``ignore``)
FLAG = "flag"  # true or false
COUNT = "count"  # a whole number
POSITION = "position"  # S1E07, or a whole season S2
STANCE = "stance"  # one of the five stances
CHANGES = "changes"  # character id -> status, or {status, faction}
BEATS = "beats"  # an arc's beats: beat id -> beat
VALUES = (TEXT, ID, IDS, WORDS, CODES, FLAG, COUNT, POSITION, STANCE, CHANGES, BEATS)

#: The value kinds read as a list.
LISTS = frozenset({IDS, WORDS, CODES})


class Field(NamedTuple):
    """One key of an entity's mapping, and everything the format says of it."""

    key: str
    value: str
    doc: str
    #: The kind of entity the ids name (``id``, ``ids``, ``changes``' keys).
    refers: str | None = None
    required: bool = False
    #: The model's value when the key is not written (None: nothing).
    default: Any = None
    #: The model attribute it fills, when not named as the key.
    attribute: str | None = None
    #: Where a whole season (``S2``) stands for its last episode, not its first.
    ends: bool = False

    @property
    def attr(self) -> str:
        return self.attribute or self.key


_NOTES = Field("notes", TEXT, "Free notes for the room; arcroom does not read them.")
_IGNORE = Field(
    "ignore", CODES, "Rule codes silenced on this entity, e.g. [C001].", default=frozenset()
)
COMMON = (_NOTES, _IGNORE)

FIELDS: dict[str, tuple[Field, ...]] = {
    "series": (
        Field("title", TEXT, "The show's title.", required=True),
        Field("based_on", TEXT, "What it adapts, if anything."),
        Field("logline", TEXT, "The show in a sentence or two."),
        _NOTES,
    ),
    "status": (
        Field(
            "appears", FLAG,
            "Whether a character in this status can be on screen (false for dead).",
            default=True,
        ),
        Field(
            "becomes", IDS, "The statuses this one may change into (the state machine).",
            "status", default=(),
        ),
        Field("description", TEXT, "What this status means in the story."),
        *COMMON,
    ),
    "season": (
        Field("title", TEXT, "The season's title.", required=True),
        Field("episodes", COUNT, "How many episodes it has.", required=True),
        Field("planned", FLAG, "True for a season not yet produced.", default=False),
        Field("summary", TEXT, "The season in a paragraph."),
        *COMMON,
    ),
    "faction": (
        Field("name", TEXT, "The faction's name as the room says it.", required=True),
        Field("kind", TEXT, "What it is: human, mutant, zombie, state, alliance, ... (free text)."),
        Field("summary", TEXT, "The faction in a sentence or two."),
        *COMMON,
    ),
    "relation": (
        Field(
            "between", IDS, "The two factions: [faction, faction].", "faction", required=True,
        ),
        Field("stance", STANCE, "How they stand.", required=True),
        Field(
            "from", POSITION, "When it starts (default: the first episode).", attribute="start",
        ),
        Field("until", POSITION, "When it ends, inclusive (default: open).", ends=True),
        Field("summary", TEXT, "Why they stand so."),
        *COMMON,
    ),
    "character": (
        Field("name", TEXT, "The character's name.", required=True),
        Field("faction", ID, "The faction they start in.", "faction"),
        Field(
            "status", ID,
            "The status they start in (default: human, which 'statuses' must then have).",
            "status", default="human",
        ),
        Field("introduced", POSITION, "The episode of their first appearance."),
        Field("actor", TEXT, "Who plays them."),
        Field("summary", TEXT, "The character in a sentence or two."),
        *COMMON,
    ),
    "arc": (
        Field("title", TEXT, "The arc's title.", required=True),
        Field(
            "season", ID, "The season it runs in (or give 'seasons').", "season",
            attribute="seasons",
        ),
        Field("seasons", IDS, "The seasons it runs across, for a long arc.", "season", default=()),
        Field("factions", IDS, "Factions this arc is about.", "faction", default=()),
        Field("requires", IDS, "Arcs that must come first.", "arc", default=()),
        Field(
            "open", FLAG, "True when it is deliberately left open at the end of the plan.",
            default=False,
        ),
        Field("summary", TEXT, "The arc in a paragraph."),
        Field("beats", BEATS, "The arc's beats: beat id -> beat.", default={}),
        *COMMON,
    ),
    "beat": (
        Field("at", POSITION, "The episode it happens in (S1E07).", required=True),
        Field("summary", TEXT, "What happens."),
        Field(
            "after", IDS, "Beats this one comes after (story order inside an episode).", "beat",
            default=(),
        ),
        Field("characters", IDS, "Characters on screen in this beat.", "character", default=()),
        Field("factions", IDS, "Factions involved in this beat.", "faction", default=()),
        Field(
            "changes", CHANGES,
            "What this beat does to characters: character id -> new status, "
            "or -> {status: ..., faction: ...}.",
            "character", default={},
        ),
        Field(
            "flashback", FLAG, "True for the past, a memory or a vision: the dead may appear.",
            default=False,
        ),
        Field("tags", WORDS, "Free words: alliance, death, reveal, ...", default=()),
        Field("setup", TEXT, "The promise this beat plants."),
        Field("payoff", TEXT, "What this beat resolves."),
        Field("sets_up", IDS, "Beats that pay this one off.", "beat", default=()),
        Field("pays_off", IDS, "Beats whose setup this one pays off.", "beat", default=()),
        *COMMON,
    ),
    # A beat's change to one character, when written as a mapping.
    "change": (
        Field("status", ID, "The new status.", "status"),
        Field("faction", ID, "The new faction.", "faction"),
    ),
}

#: The format version this arcroom reads (``arcroom: 1``).
FORMAT_VERSION = 1

#: The statuses a bible has when it defines none: each to whether it
#: appears on screen, and what it may become.
DEFAULT_STATUSES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "human": (True, ("infected", "dead")),
    "infected": (True, ("zombie", "immune", "immortal", "dead")),
    "zombie": (True, ("dead",)),
    "immune": (True, ("dead",)),
    "immortal": (True, ()),
    "dead": (False, ()),
}

#: The top-level sections, in the order the format lists them.
TOP_KEYS = (
    "arcroom", "series", "statuses", "seasons", "factions", "relations", "characters", "arcs",
)
#: Each entity kind's section (beats live in their arc's ``beats``).
SECTIONS = {
    "status": "statuses", "season": "seasons", "faction": "factions", "relation": "relations",
    "character": "characters", "arc": "arcs",
}


P = ParamSpec("P")
T = TypeVar("T")
#: How to forget each value built from the table (see :func:`derived`).
_FORGET: list[Callable[[], None]] = []


def derived(build: Callable[P, T]) -> Callable[P, T]:
    """``build``, a function of the table, remembered per arguments until the table changes.

    A reader's table of keys is built once, not once a beat; :func:`using`
    forgets every value built so, so that each is built again from the table
    in force.
    """
    remembered = functools.cache(build)
    _FORGET.append(remembered.cache_clear)
    return cast(Callable[P, T], remembered)


K = TypeVar("K")
V = TypeVar("V")


class Derived(abc.Mapping[K, V], Generic[K, V]):
    """A read-only mapping that ``build`` makes from the table (see :func:`derived`).

    For a module's table of keys or types that its importers read as a
    mapping (``KEYS[kind]``): it follows the table in force.
    """

    __slots__ = ("_build",)

    def __init__(self, build: Callable[[], dict[K, V]]) -> None:
        self._build = derived(build)

    def __getitem__(self, key: K) -> V:
        return self._build()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())

    def __repr__(self) -> str:
        return repr(self._build())


@contextlib.contextmanager
def using(fields: dict[str, tuple[Field, ...]]) -> Iterator[None]:
    """Read, write, validate and edit by ``fields`` instead of :data:`FIELDS` in the block.

    For tests of the table itself: ``fields`` is a copy with a field more,
    say; :data:`FIELDS` holds it until the block ends, then its own fields
    again (in one process, so not while another thread reads a bible).
    """
    saved = dict(FIELDS)
    _swap(fields)
    try:
        yield
    finally:
        _swap(saved)


def when_swapped(follow: Callable[[], None]) -> None:
    """Call ``follow`` each time :func:`using` changes the table in force (after ``derived``'s)."""
    _FOLLOW.append(follow)


_FOLLOW: list[Callable[[], None]] = []


def _swap(fields: dict[str, tuple[Field, ...]]) -> None:
    FIELDS.clear()
    FIELDS.update(fields)
    for forget in _FORGET:
        forget()
    for follow in _FOLLOW:
        follow()


@derived
def keys(kind: str) -> tuple[str, ...]:
    """``kind``'s keys, in the format's order."""
    return tuple(f.key for f in FIELDS[kind])


def field(kind: str, key: str) -> Field:
    """``kind``'s field ``key`` (KeyError when it has none)."""
    for f in FIELDS[kind]:
        if f.key == key:
            return f
    raise KeyError(f"a {kind} has no field {key!r}")


@derived
def of_value(kind: str, *values: str) -> tuple[str, ...]:
    """``kind``'s keys whose value is one of ``values``."""
    return tuple(f.key for f in FIELDS[kind] if f.value in values)


@derived
def referring(kind: str) -> tuple[Field, ...]:
    """``kind``'s fields that name other entities, in the format's order."""
    return tuple(f for f in FIELDS[kind] if f.refers is not None)
