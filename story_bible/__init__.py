"""The story bible: its model, strict located loading, format-preserving edits."""

from story_bible.errors import LoadError, Problem
from story_bible.loader import load, load_text, sample_path
from story_bible.model import Arc, Beat, Bible, Change, Character, Faction, Relation, Season, Status
from story_bible.positions import Position

__all__ = [
    "Arc", "Beat", "Bible", "Change", "Character", "Faction", "LoadError", "Position",
    "Problem", "Relation", "Season", "Status", "load", "load_text", "sample_path",
]
