"""The words of bible format v1: its keys, what an id and a rule code look like.

The loader reads by them, the quick reader of beats (``quick.py``) and the
editor's fields (``fields.py``) too; ``docs/format.md`` documents them.
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[^\W][\w.'-]*")
RULE_CODE = re.compile(r"[A-Z][0-9]{3}")

COMMON = ("notes", "ignore")
TOP_KEYS = (
    "arcroom",
    "series",
    "statuses",
    "seasons",
    "factions",
    "relations",
    "characters",
    "arcs",
)
SERIES_KEYS = ("title", "based_on", "logline", "notes")
STATUS_KEYS = ("appears", "becomes", "description", *COMMON)
SEASON_KEYS = ("title", "episodes", "planned", "summary", *COMMON)
FACTION_KEYS = ("name", "kind", "summary", *COMMON)
RELATION_KEYS = ("between", "stance", "from", "until", "summary", *COMMON)
CHARACTER_KEYS = ("name", "faction", "status", "introduced", "actor", "summary", *COMMON)
ARC_KEYS = (
    "title",
    "season",
    "seasons",
    "factions",
    "requires",
    "open",
    "summary",
    "beats",
    *COMMON,
)
BEAT_KEYS = (
    "at",
    "summary",
    "after",
    "characters",
    "factions",
    "changes",
    "flashback",
    "tags",
    "setup",
    "payoff",
    "sets_up",
    "pays_off",
    *COMMON,
)
CHANGE_KEYS = ("status", "faction")

TRUE = frozenset({"true", "True", "TRUE"})
FALSE = frozenset({"false", "False", "FALSE"})
NULL = frozenset({"", "~", "null", "Null", "NULL"})
