"""The fields of each kind of entity, as the editor's forms show and check them.

This is format v1 (``docs/format.md``) seen from a form: for every kind of
entity, its fields in the order a writer fills them in, what each one holds
(text, a number, a position, references to ids of one kind...), how the
current value reads as text, and how typed text becomes the value handed to
the edit API -- or why it cannot. References to characters, factions and arcs
read by name (:func:`shown_text`); typed, a name or an id both become the id
(:func:`parse`), so a name is never written where an id belongs. It never
imports Textual, so it is tested without an app.
"""

from __future__ import annotations

from collections import abc
from dataclasses import dataclass
from typing import Any

from arcs.rules import RULES
from story_bible import field_table as table
from story_bible.model import (
    STANCES,
    Arc,
    Beat,
    Bible,
    Character,
    Entity,
    Faction,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import PositionError, parse_position, season_number
from story_bible.reading.nodes import Scalar, Sequence
from story_bible.vocabulary import ID_PATTERN

#: What a field holds; the form picks its widget by this.
KINDS = (
    "text", "long", "count", "flag", "position", "ref", "refs", "words", "codes", "stance",
    "changes",
)


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a form: its key in the bible, what it holds, and a hint for writers."""

    name: str
    kind: str
    help: str = ""
    #: For ``ref``/``refs``/``changes``: the kind of entity the ids (changes' keys) name.
    target: str | None = None
    required: bool = False

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


NOTES = Field("notes", "long", "free text for the room")
IGNORE = Field("ignore", "codes", "rule codes silenced here, e.g. C001")

#: How the edit API names the series (it has no id of its own).
SERIES = "series"

#: How a form shows each value kind of the field table (free text in a
#: paragraph-sized box where it runs long).
_WIDGETS = {
    table.TEXT: "text", table.ID: "ref", table.IDS: "refs", table.WORDS: "words",
    table.CODES: "codes", table.FLAG: "flag", table.COUNT: "count",
    table.POSITION: "position", table.STANCE: "stance", table.CHANGES: "changes",
}
_LONG = frozenset({"summary", "logline", "notes"})


def _form(kind: str, helps: dict[str, str], required: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """``kind``'s form: its fields in the order of ``helps`` (a writer's), each with its hint.

    What each holds, what its ids name and whether it is required are the
    field table's; ``required`` adds what the form asks for that the table
    does not (an arc's seasons, which its 'season' or 'seasons' gives). A
    field of the table that ``helps`` does not name comes last, its hint the
    table's doc.
    """
    fields = []
    shown = {table.field(kind, key).attr for key in helps}  # an arc's 'season' is its 'seasons'
    rest = {
        f.key: f.doc for f in table.FIELDS[kind]
        if f.key not in helps and f.attr not in shown and f.value in _WIDGETS  # not 'beats'
    }
    for key, hint in {**helps, **rest}.items():
        f = table.field(kind, key)
        widget = "long" if key in _LONG else _WIDGETS[f.value]
        target = f.refers  # what its ids name (a beat's changes: the characters)
        fields.append(Field(key, widget, hint, target, f.required or key in required))
    return tuple(fields)


_COMMON = {"notes": NOTES.help, "ignore": IGNORE.help}

#: Each kind's form as a writer fills it in: its fields' keys in order, each with its hint.
_HELPS: dict[str, dict[str, str]] = {
    "series": {
        "title": "the show's title", "based_on": "the source, e.g. a webtoon",
        "logline": "the show in a sentence or two", "notes": NOTES.help,
    },
    "season": {
        "title": "what the season is about", "episodes": "how many episodes",
        "planned": "not yet produced", "summary": "", **_COMMON,
    },
    "arc": {
        "title": "", "seasons": "the season, or seasons of a long arc",
        "factions": "factions the arc is about", "requires": "arcs that must come first",
        "open": "deliberately left open at the end", "summary": "", **_COMMON,
    },
    "beat": {
        "at": "episode, e.g. S1E07", "summary": "", "characters": "who is in it",
        "changes": "nam-ra: infected, gwi-nam: immortal/halbies",
        "after": "beats of the same episode that come first", "factions": "factions involved",
        "flashback": "may show the dead", "tags": "free words: alliance, death, reveal",
        "setup": "the promise this beat plants", "payoff": "what this beat resolves",
        "sets_up": "its payoffs", "pays_off": "its setups", **_COMMON,
    },
    "character": {
        "name": "", "faction": "the side they start on",
        "status": "starting status (default human)",
        "introduced": "first appearance, e.g. S1E01", "actor": "", "summary": "", **_COMMON,
    },
    "faction": {
        "name": "", "kind": "human, mutant, zombie, state, alliance...", "summary": "",
        **_COMMON,
    },
    "relation": {
        "between": "two factions", "stance": "",
        "from": "from this episode or season (default: the start)",
        "until": "until this episode or season, inclusive (default: open)", "summary": "",
        **_COMMON,
    },
    "status": {
        "appears": "a character in this status can be in a beat",
        "becomes": "statuses it may turn into", "description": "", **_COMMON,
    },
}


#: What a form asks for that the field table does not require.
_REQUIRED = {"arc": ("seasons",)}


#: Each kind's form, built from the field table in force.
FIELDS: abc.Mapping[str, tuple[Field, ...]] = table.Derived(
    lambda: {kind: _form(kind, helps, _REQUIRED.get(kind, ())) for kind, helps in _HELPS.items()}
)


def lookup(bible: Bible, entity_id: str | None) -> Entity | Series | None:
    """The entity with ``entity_id``, or the series for :data:`SERIES`."""
    if entity_id is None:
        return None
    found = bible.entity(entity_id)
    if found is None and entity_id == SERIES:
        return bible.series
    return found


def kind_of(entity: Entity | Series) -> str:
    """The kind of an entity as the forms name it (``beat``, ``character``...)."""
    return _KIND_OF_TYPE[type(entity)]


_KIND_OF_TYPE: dict[type, str] = {
    Series: "series", Season: "season", Arc: "arc", Beat: "beat", Character: "character",
    Faction: "faction", Relation: "relation", Status: "status",
}


def fields_of(entity: Entity | Series) -> tuple[Field, ...]:
    return FIELDS[kind_of(entity)]


class Catalog:
    """The ids of one bible by kind, with their display names, for choices and checks."""

    def __init__(self, bible: Bible) -> None:
        self.bible = bible
        self.ids: dict[str, dict[str, str]] = {
            "season": {i: s.title for i, s in bible.seasons.items()},
            "faction": {i: f.name for i, f in bible.factions.items()},
            "character": {i: c.name for i, c in bible.characters.items()},
            "arc": {i: a.title for i, a in bible.arcs.items()},
            "beat": {i: b.summary or "" for i, b in bible.beats.items()},
            "status": {i: s.description or "" for i, s in bible.statuses.items()},
        }
        #: Each named kind's ids by their folded name (made when first asked).
        self._names: dict[str, dict[str, list[str]]] = {}

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """``(label, id)`` pairs for a select of ``kind``, in written order."""
        return [(_choice_label(i, name), i) for i, name in self.ids[kind].items()]

    def name_of(self, kind: str, entity_id: str) -> str:
        """How the form shows a reference to ``entity_id``: its name, when that name
        reads back as this id and no other (else the id itself).

        Only characters, factions and arcs are shown by name (a season's id,
        ``S2``, and a status's, ``infected``, are how writers name them; a beat's
        "name" is a sentence). A name holding a list's separator (``,``, ``:``,
        ``/``), shared with another entity, or that is another one's id is shown
        by the id, so that the text shown always parses back to the same ids.
        """
        if kind not in NAMED_KINDS:
            return entity_id
        name = self.ids.get(kind, {}).get(entity_id, "")
        if (not name or name != name.strip() or any(s in name for s in SEPARATORS)
                or self.resolve(kind, name) != entity_id):
            return entity_id
        return name

    def resolve(self, kind: str, text: str) -> str | None:
        """The id of the ``kind`` that ``text`` names: an id as written, else the one
        entity whose name it is (case aside); None if none or several."""
        ids = self.ids.get(kind, {})
        if text in ids:
            return text
        if kind not in NAMED_KINDS:
            return None
        found = self._by_name(kind).get(text.casefold(), ())
        return found[0] if len(found) == 1 else None

    def named(self, kind: str, text: str) -> list[str]:
        """Every id of ``kind`` whose name is ``text`` (case aside)."""
        return list(self._by_name(kind).get(text.casefold(), ())) if kind in NAMED_KINDS else []

    def _by_name(self, kind: str) -> dict[str, list[str]]:
        table = self._names.get(kind)
        if table is None:
            table = self._names[kind] = {}
            for entity_id, name in self.ids.get(kind, {}).items():
                if name:
                    table.setdefault(name.casefold(), []).append(entity_id)
        return table

    def positions(self) -> list[str]:
        """Every episode and season of the plan, as written in a position field."""
        out: list[str] = []
        for season in self.bible.seasons.values():
            out.append(season.id)
            out.extend(f"{season.id}E{n:02d}" for n in range(1, season.episodes + 1))
        return out


#: The kinds a reference field shows by name (see :meth:`Catalog.name_of`).
NAMED_KINDS = frozenset({"character", "faction", "arc"})
#: What separates the items of a list field's text (and a change's parts).
SEPARATORS = (",", ":", "/")


def _choice_label(entity_id: str, name: str) -> str:
    return f"{name} ({entity_id})" if name and name != entity_id else entity_id


class Invalid(ValueError):
    """Typed text that cannot be the field's value; the message says why, for the form."""


def current_text(entity: Entity | Series, field: Field) -> str:
    """The field's value as the form shows it (what is written, for positions)."""
    value = _model_value(entity, field)
    if field.kind == "position" and isinstance(entity, Entity):
        node = entity.node_at(field.name)
        if isinstance(node, Scalar):
            return node.value
        return "" if value is None else str(value)
    if field.kind in ("refs", "words", "codes"):
        return ", ".join(value or ())
    if field.kind == "changes":
        return format_changes(value or {})
    if field.kind == "count":
        return "" if value is None else str(value)
    if isinstance(value, bool):
        return str(value).lower()
    return value or ""


def shown_text(entity: Entity | Series, field: Field, catalog: Catalog) -> str:
    """The field's value as the form shows it to a writer: references by name.

    What is stored stays the ids: :func:`parse` reads a name or an id back to
    the id, and this text parses back to exactly the value written.
    """
    if field.kind == "refs" and field.target in NAMED_KINDS:
        value = _model_value(entity, field) or ()
        return ", ".join(catalog.name_of(field.target, i) for i in value)
    if field.kind == "changes":
        return format_changes(_model_value(entity, field) or {}, catalog)
    return current_text(entity, field)


def written_text(field: Field, value: Any) -> str:
    """A parsed value as :func:`current_text` would show it once written (ids)."""
    if value is None:
        return ""
    if field.kind in ("refs", "words", "codes"):
        return ", ".join(value)
    if field.kind == "changes":
        parts = []
        for who, change in value.items():
            if isinstance(change, dict):
                status, faction = change.get("status", ""), change["faction"]
                parts.append(f"{who}: {status}/{faction}")
            else:
                parts.append(f"{who}: {change}")
        return ", ".join(parts)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def current_value(entity: Entity | Series, field: Field) -> Any:
    """The field's value in the form's terms (a flag's bool, a ref's id or None)."""
    return _model_value(entity, field)


def _model_value(entity: Entity | Series, field: Field) -> Any:
    if isinstance(entity, Series):
        return getattr(entity, field.name)
    if isinstance(entity, Relation):
        if field.name == "from":
            return entity.start if entity.node_at("from") is not None else None
        if field.name == "until":
            return entity.until
        if field.name == "between":
            return entity.between
    if field.name == "ignore":
        written = entity.node_at("ignore")
        if isinstance(written, Sequence):
            return tuple(i.value for i in written.items if isinstance(i, Scalar))
        return tuple(sorted(entity.ignore))
    if isinstance(entity, Character) and field.name == "status":
        # Unwritten, the status is the default; the form shows it as "(default)".
        return entity.status if entity.node_at("status") is not None else None
    return getattr(entity, field.name)


def format_changes(changes: dict[str, Any], catalog: Catalog | None = None) -> str:
    """``{nam-ra: immune, gwi-nam: {status: immortal, faction: halbies}}`` as one line
    (with a ``catalog``, the characters and factions by name where they read back).

    >>> from story_bible.model import Change
    >>> format_changes({"nam-ra": Change("immune"), "gwi-nam": Change("immortal", "halbies")})
    'nam-ra: immune, gwi-nam: immortal/halbies'
    """
    def name(kind: str | None, entity_id: str) -> str:
        return catalog.name_of(kind, entity_id) if catalog is not None and kind else entity_id

    who_kind, faction_kind = table.field("beat", "changes").refers, change_target("faction")
    parts = []
    for who, change in changes.items():
        status = change.status or ""
        shown = name(who_kind, who)
        parts.append(f"{shown}: {status}/{name(faction_kind, change.faction)}" if change.faction
                     else f"{shown}: {status}")
    return ", ".join(parts)


def parse(field: Field, text: str, catalog: Catalog) -> Any:
    """The value typed ``text`` stands for, checked against the bible; raises :class:`Invalid`.

    An empty optional field is ``None`` (the key is removed from the entity).
    """
    text = text.strip()
    if not text:
        if field.required:
            raise Invalid(f"{field.label} is required")
        return None
    parser = _PARSERS[field.kind]
    return parser(field, text, catalog)


def _text(field: Field, text: str, catalog: Catalog) -> str:
    return text


def _count(field: Field, text: str, catalog: Catalog) -> int:
    if not text.isdigit() or int(text) < 1:
        raise Invalid(f"{field.label} should be a whole number of 1 or more")
    return int(text)


def _flag(field: Field, text: str, catalog: Catalog) -> bool:
    if text not in ("true", "false"):
        raise Invalid(f"{field.label} is true or false")
    return text == "true"


def _position(field: Field, text: str, catalog: Catalog) -> str:
    try:
        season, episode = parse_position(text)
    except PositionError as exc:
        raise Invalid(f"{exc}: write S1E07 (an episode) or S2 (a season)") from None
    season_id = f"S{season}"
    found = catalog.bible.seasons.get(season_id)
    if found is None:
        raise Invalid(f"there is no season {season_id}")
    if episode is not None and episode > found.episodes:
        raise Invalid(f"{season_id} has {found.episodes} episodes")
    if field.name == "at" and episode is None:
        raise Invalid("a beat happens in one episode: write S1E07")
    return text


def _ref(field: Field, text: str, catalog: Catalog) -> str:
    return _check_id(field, text, catalog)


def _refs(field: Field, text: str, catalog: Catalog) -> list[str]:
    items = [_check_id(field, item, catalog) for item in split_list(text)]
    twice = next((i for n, i in enumerate(items) if i in items[:n]), None)
    if twice is not None:
        raise Invalid(f"{catalog.name_of(field.target or '', twice)} is listed twice")
    if field.name == "between" and len(items) != 2:
        raise Invalid("a relation is between exactly two factions")
    if field.target == "season" and any(season_number(i) is None for i in items):
        raise Invalid("seasons are written S1, S2...")
    return items


def _words(field: Field, text: str, catalog: Catalog) -> list[str]:
    return split_list(text)


def _codes(field: Field, text: str, catalog: Catalog) -> list[str]:
    codes = [c.upper() for c in split_list(text)]
    unknown = [c for c in codes if c not in RULES]
    if unknown:
        raise Invalid(f"unknown rule code {unknown[0]}; `arcroom rules` lists them")
    return codes


def _stance(field: Field, text: str, catalog: Catalog) -> str:
    if text not in STANCES:
        raise Invalid("a stance is one of " + ", ".join(STANCES))
    return text


def _changes(field: Field, text: str, catalog: Catalog) -> dict[str, Any]:
    """``nam-ra: immune, gwi-nam: immortal/halbies`` -> the ``changes`` mapping."""
    out: dict[str, Any] = {}
    for part in split_list(text):
        who, colon, what = part.partition(":")
        who, what = who.strip(), what.strip()
        if not colon or not what:
            raise Invalid(f"write {who or 'character'}: status (or status/faction)")
        who = _check_id(Field("changes", "ref", target=field.target), who, catalog)
        if who in out:
            raise Invalid(f"{who} changes twice in one beat")
        status, slash, faction = (s.strip() for s in what.partition("/"))
        if status:
            _check_id(Field("changes", "ref", target=change_target("status")), status, catalog)
        if slash:
            faction = _check_id(
                Field("changes", "ref", target=change_target("faction")), faction, catalog)
            out[who] = {"status": status, "faction": faction} if status else {"faction": faction}
        else:
            out[who] = status
    return out


def change_target(key: str) -> str | None:
    """The kind of id a change's ``key`` (``status``, ``faction``) names, from the field table."""
    return table.field("change", key).refers


def _check_id(field: Field, text: str, catalog: Catalog) -> str:
    """The id ``text`` stands for: an id of the field's kind, or the name of one."""
    kind = field.target or ""
    found = catalog.resolve(kind, text)
    if found is not None:
        return found
    named = catalog.named(kind, text)
    if len(named) > 1:
        raise Invalid(f"{len(named)} {kind}s are named {text!r}: write the id "
                      f"({', '.join(named)})")
    other = next((k for k, ids in catalog.ids.items() if text in ids), None)
    if other is not None:
        raise Invalid(f"{text} is a {other}, not a {kind}")
    if not ID_PATTERN.fullmatch(text) and kind not in NAMED_KINDS:
        raise Invalid(f"{text!r} is not an id")
    raise Invalid(f"there is no {kind} {text!r}")


def split_list(text: str) -> list[str]:
    """Comma-separated items, trimmed (the way list fields are typed)."""
    return [item.strip() for item in text.split(",") if item.strip()]


_PARSERS = {
    "text": _text, "long": _text, "count": _count, "flag": _flag, "position": _position,
    "ref": _ref, "refs": _refs, "words": _words, "codes": _codes, "stance": _stance,
    "changes": _changes,
}
