"""A JSON Schema (draft 2020-12) of the bible format, version 1, for editors.

``arcroom schema`` prints it; yaml-language-server (VS Code's YAML
extension, Neovim, Helix, ...) uses it to complete keys, show each field's
description on hover and flag unknown keys, malformed ids and positions,
and stances outside the five. The promise: every bible arcroom loads
validates against it, and a misspelt key, a position like ``S1E00`` or an
unknown stance does not. The loader stays the authority; the schema cannot
see across fields (references to undefined ids, an episode beyond its
season's count, an id defined twice) -- ``arcroom check`` does that.

It declares draft 2020-12 but uses only keywords that mean the same in
draft-07 (``$ref`` to ``#/$defs/...`` is a plain JSON pointer there), so
editors whose validator stops at draft-07 read it the same way.

Id patterns are ECMA-262 and Python compatible: letters outside ASCII are
written as the range ``\\u00AA-\\uFFFF``, a little wider than the loader's
``\\w``, so an editor never flags an id that arcroom accepts.

Free text (titles, summaries, notes) may be a number too: the loader keeps
``title: 1984`` as the text "1984", and an editor should not flag it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from arcs.rules import RULES
from story_bible import field_table as table
from story_bible.model import STANCES
from story_bible.positions import MAX_EPISODES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_LETTER = "0-9A-Z_a-z\\u00AA-\\uFFFF"
ID_PATTERN = f"^[{_LETTER}][{_LETTER}.'-]*$"
SEASON_PATTERN = "^S[1-9][0-9]{0,2}$"
# S1E07 or a whole season S2; episodes 1..999, written with up to 3 digits (S1E007).
POSITION_PATTERN = "^S[1-9][0-9]{0,2}(E(0{0,2}[1-9]|0?[1-9][0-9]|[1-9][0-9]{2}))?$"
CODE_PATTERN = "^[A-Z][0-9]{3}$"

Schema = dict[str, Any]


def _ref(name: str, description: str) -> Schema:
    return {"$ref": f"#/$defs/{name}", "description": description}


def _text(description: str) -> Schema:
    return {"type": ["string", "number"], "description": description}


def _flag(description: str, default: bool = False) -> Schema:
    return {"type": "boolean", "default": default, "description": description}


def _ids(description: str) -> Schema:
    return _ref("ids", description)


def _entity(kind: str, description: str) -> Schema:
    """An entity's mapping, its properties from the field table."""
    fields = table.FIELDS[kind]
    schema: Schema = {
        "title": kind,
        "description": description,
        "type": "object",
        "properties": {f.key: _property(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.key for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def _property(field: table.Field) -> Schema:
    """The schema of one field, by its value kind."""
    doc, value = field.doc, field.value
    if value == table.TEXT:
        return _text(doc)
    if value == table.FLAG:
        return _flag(doc, bool(field.default))
    if value == table.POSITION:
        return _ref("position", doc)
    if value == table.CODES:
        return _ref("ignore", doc)
    if value == table.ID:
        return _ref("season_id" if field.refers == "season" else "id", doc)
    if value == table.IDS and field.refers == "season":
        return {"description": doc, "anyOf": [
            {"$ref": "#/$defs/season_id"},
            {"type": "array", "items": {"$ref": "#/$defs/season_id"}},
        ]}
    if value == table.IDS and field.key == "between":
        return {
            "type": "array", "items": {"$ref": "#/$defs/id"}, "minItems": 2, "maxItems": 2,
            "description": doc,
        }
    if value == table.IDS:
        return _ids(doc)
    return _OTHER[value](doc)


#: Fields of the value kinds that take more than a line to say.
_OTHER: dict[str, Callable[[str], Schema]] = {
    table.COUNT: lambda doc: {
        "type": "integer", "minimum": 1, "maximum": MAX_EPISODES,
        "description": f"{doc[:-1]} (1 to {MAX_EPISODES}).",
    },
    table.STANCE: lambda doc: {
        "enum": list(STANCES), "description": f"{doc[:-1]}: " + ", ".join(STANCES) + ".",
    },
    table.WORDS: lambda doc: {
        "type": "array", "items": {"type": ["string", "number"]}, "description": doc,
    },
    table.CHANGES: lambda doc: {
        "type": "object",
        "description": doc,
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/change"},
    },
    table.BEATS: lambda doc: _table("beat", doc),
}


def _table(item: str, description: str, keys: str = ID_PATTERN) -> Schema:
    """A collection: a mapping of id -> entity."""
    return {
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": keys},
        "additionalProperties": {"$ref": f"#/$defs/{item}"},
    }


@table.derived
def _defs() -> dict[str, Schema]:
    """The schema's definitions, by the field table in force (copied by each caller)."""
    return {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "An id: a short name of letters, digits, '_', '.', \"'\" and '-', "
            "unique across the whole bible (nam-ra, escape-hyosan).",
        },
        "ids": {
            "description": "One id, or a list of ids.",
            "anyOf": [
                {"$ref": "#/$defs/id"},
                {"type": "array", "items": {"$ref": "#/$defs/id"}},
            ],
        },
        "season_id": {
            "type": "string",
            "pattern": SEASON_PATTERN,
            "description": "A season id: S1, S2, ...",
        },
        "position": {
            "type": "string",
            "pattern": POSITION_PATTERN,
            "description":
                "An episode position, S1E07 (season S1, episode 7), or a whole season, S2.",
            "examples": ["S1E01", "S2"],
        },
        "ignore": {
            "type": "array",
            "items": {
                "type": "string", "pattern": CODE_PATTERN, "enum": sorted(RULES),
                "description": "A rule code.",
            },
            "description": "Rule codes silenced on this entity (and, on a character, the problems "
            "about them); `arcroom rules` lists them.",
        },
        "series": {**_entity("series", "What the show is."), "title": "series"},
        "status": _entity(
            "status", "A state a character can be in, and the states it may turn into."
        ),
        "season": _entity("season", "A season of the plan."),
        "faction": _entity(
            "faction", "A side of the story: a group whose stance towards others changes."
        ),
        "relation": _entity(
            "relation", "A stance between two factions from one episode until another (inclusive)."
        ),
        "character": _entity("character", "A character of the show."),
        "change": {
            "description": "A character's new status, or {status, faction} to change sides too.",
            "anyOf": [
                {"$ref": "#/$defs/id"},
                {
                    "type": "object",
                    "properties": {f.key: _property(f) for f in table.FIELDS["change"]},
                    "minProperties": 1,
                    "additionalProperties": False,
                },
            ],
        },
        "beat": _entity("beat", "One story beat: something that happens in one episode."),
        "arc": {
            **_entity("arc", "A storyline across one or more seasons, told in beats."),
            "anyOf": [{"required": ["season"]}, {"required": ["seasons"]}],
            "not": {"required": ["season", "seasons"]},
        },
    }


def bible_schema() -> Schema:
    """The JSON Schema of a bible file, format version 1 (a new copy each call: callers may
    change theirs without changing anyone else's)."""
    return {
        "$schema": DIALECT,
        "title": "arcroom story bible, format 1",
        "description": "A TV series planned across seasons (see docs/format.md). A bible may be "
        "one file or a folder of files merged by section; the file holding 'arcroom: 1' and "
        "'series' may be any one of them.",
        "type": "object",
        "properties": {
            "arcroom": {"const": 1, "description": "The format version: 1."},
            "series": _ref("series", "What the show is."),
            "statuses": _table(
                "status", "States a character can be in (default: human, infected, zombie, "
                "immune, immortal, dead)."
            ),
            "seasons": _table("season", "The seasons: S1, S2, ... -> season.", SEASON_PATTERN),
            "factions": _table("faction", "The sides of the story: faction id -> faction."),
            "relations": {
                "type": "array",
                "items": {"$ref": "#/$defs/relation"},
                "description": "Faction against faction, over time.",
            },
            "characters": _table("character", "The characters: character id -> character."),
            "arcs": _table("arc", "The storylines: arc id -> arc."),
        },
        "additionalProperties": False,
        "$defs": copy.deepcopy(_defs()),
    }
