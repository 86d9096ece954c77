"""The words of bible format v1: what an id and a rule code look like, its keys.

The keys are :mod:`story_bible.field_table`'s, named here for the readers.
"""

from __future__ import annotations

import re

from story_bible import field_table as table

ID_PATTERN = re.compile(r"[^\W][\w.'-]*")
RULE_CODE = re.compile(r"[A-Z][0-9]{3}")

COMMON = tuple(f.key for f in table.COMMON)
TOP_KEYS = table.TOP_KEYS
SERIES_KEYS = table.keys("series")
STATUS_KEYS = table.keys("status")
SEASON_KEYS = table.keys("season")
FACTION_KEYS = table.keys("faction")
RELATION_KEYS = table.keys("relation")
CHARACTER_KEYS = table.keys("character")
ARC_KEYS = table.keys("arc")
BEAT_KEYS = table.keys("beat")
CHANGE_KEYS = table.keys("change")

TRUE = frozenset({"true", "True", "TRUE"})
FALSE = frozenset({"false", "False", "FALSE"})
NULL = frozenset({"", "~", "null", "Null", "NULL"})
