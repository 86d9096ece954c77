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

from typing import Any

from arcs.rules import RULES
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


def _entity(
    title: str, description: str, properties: dict[str, Schema], required: tuple[str, ...] = ()
) -> Schema:
    """An entity's mapping; every entity also takes ``notes`` and ``ignore``."""
    schema: Schema = {
        "title": title,
        "description": description,
        "type": "object",
        "properties": {
            **properties,
            "notes": _text("Free notes for the room; arcroom does not read them."),
            "ignore": _ref("ignore", "Rule codes silenced on this entity, e.g. [C001]."),
        },
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _table(item: str, description: str, keys: str = ID_PATTERN) -> Schema:
    """A collection: a mapping of id -> entity."""
    return {
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": keys},
        "additionalProperties": {"$ref": f"#/$defs/{item}"},
    }


_DEFS: dict[str, Schema] = {
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
        "description": "An episode position, S1E07 (season S1, episode 7), or a whole season, S2.",
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
    "series": {
        "title": "series",
        "description": "What the show is.",
        "type": "object",
        "properties": {
            "title": _text("The show's title."),
            "based_on": _text("What it adapts, if anything."),
            "logline": _text("The show in a sentence or two."),
            "notes": _text("Free notes for the room; arcroom does not read them."),
        },
        "required": ["title"],
        "additionalProperties": False,
    },
    "status": _entity(
        "status", "A state a character can be in, and the states it may turn into.",
        {
            "appears": _flag(
                "Whether a character in this status can be on screen (false for dead).", True
            ),
            "becomes": _ids("The statuses this one may change into (the state machine)."),
            "description": _text("What this status means in the story."),
        },
    ),
    "season": _entity(
        "season", "A season of the plan.",
        {
            "title": _text("The season's title."),
            "episodes": {
                "type": "integer", "minimum": 1, "maximum": MAX_EPISODES,
                "description": f"How many episodes it has (1 to {MAX_EPISODES}).",
            },
            "planned": _flag("True for a season not yet produced."),
            "summary": _text("The season in a paragraph."),
        },
        ("title", "episodes"),
    ),
    "faction": _entity(
        "faction", "A side of the story: a group whose stance towards others changes.",
        {
            "name": _text("The faction's name as the room says it."),
            "kind": _text("What it is: human, mutant, zombie, state, alliance, ... (free text)."),
            "summary": _text("The faction in a sentence or two."),
        },
        ("name",),
    ),
    "relation": _entity(
        "relation", "A stance between two factions from one episode until another (inclusive).",
        {
            "between": {
                "type": "array",
                "items": {"$ref": "#/$defs/id"},
                "minItems": 2,
                "maxItems": 2,
                "description": "The two factions: [faction, faction].",
            },
            "stance": {
                "enum": list(STANCES),
                "description": "How they stand: " + ", ".join(STANCES) + ".",
            },
            "from": _ref("position", "When it starts (default: the first episode)."),
            "until": _ref("position", "When it ends, inclusive (default: open)."),
            "summary": _text("Why they stand so."),
        },
        ("between", "stance"),
    ),
    "character": _entity(
        "character", "A character of the show.",
        {
            "name": _text("The character's name."),
            "faction": _ref("id", "The faction they start in."),
            "status": _ref(
                "id", "The status they start in (default: human, which 'statuses' must then "
                "have).",
            ),
            "introduced": _ref("position", "The episode of their first appearance."),
            "actor": _text("Who plays them."),
            "summary": _text("The character in a sentence or two."),
        },
        ("name",),
    ),
    "change": {
        "description": "A character's new status, or {status, faction} to change sides too.",
        "anyOf": [
            {"$ref": "#/$defs/id"},
            {
                "type": "object",
                "properties": {
                    "status": _ref("id", "The new status."),
                    "faction": _ref("id", "The new faction."),
                },
                "minProperties": 1,
                "additionalProperties": False,
            },
        ],
    },
    "beat": _entity(
        "beat", "One story beat: something that happens in one episode.",
        {
            "at": _ref("position", "The episode it happens in (S1E07)."),
            "summary": _text("What happens."),
            "after": _ids("Beats this one comes after (story order inside an episode)."),
            "characters": _ids("Characters on screen in this beat."),
            "factions": _ids("Factions involved in this beat."),
            "changes": {
                "type": "object",
                "description": "What this beat does to characters: character id -> new status, "
                "or -> {status: ..., faction: ...}.",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/change"},
            },
            "flashback": _flag("True for the past, a memory or a vision: the dead may appear."),
            "tags": {
                "type": "array",
                "items": {"type": ["string", "number"]},
                "description": "Free words: alliance, death, reveal, ...",
            },
            "setup": _text("The promise this beat plants."),
            "payoff": _text("What this beat resolves."),
            "sets_up": _ids("Beats that pay this one off."),
            "pays_off": _ids("Beats whose setup this one pays off."),
        },
        ("at",),
    ),
    "arc": {
        **_entity(
            "arc", "A storyline across one or more seasons, told in beats.",
            {
                "title": _text("The arc's title."),
                "season": _ref("season_id", "The season it runs in (or give 'seasons')."),
                "seasons": {
                    "description": "The seasons it runs across, for a long arc.",
                    "anyOf": [
                        {"$ref": "#/$defs/season_id"},
                        {"type": "array", "items": {"$ref": "#/$defs/season_id"}},
                    ],
                },
                "factions": _ids("Factions this arc is about."),
                "requires": _ids("Arcs that must come first."),
                "open": _flag("True when it is deliberately left open at the end of the plan."),
                "summary": _text("The arc in a paragraph."),
                "beats": _table("beat", "The arc's beats: beat id -> beat."),
            },
            ("title",),
        ),
        "anyOf": [{"required": ["season"]}, {"required": ["seasons"]}],
        "not": {"required": ["season", "seasons"]},
    },
}


def bible_schema() -> Schema:
    """The JSON Schema of a bible file, format version 1."""
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
        "$defs": _DEFS,
    }
