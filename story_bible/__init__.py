"""The story bible: its model, the field table, strict located reading, format-preserving writing.

The public API, by half:

- the model and the format: :class:`Bible` and its entities, :class:`Position`,
  the field table (:data:`FIELDS`, :class:`Field`), :func:`references`;
- reading: :func:`load`, :func:`load_text`, :func:`load_texts`, :func:`find_bible`,
  :func:`sample_path`, :class:`LoadError` and its :class:`Problem` s;
- writing: :class:`Document` (edits that keep the writer's layout, saved
  safely) and :func:`dump` (a model as new text). They are imported when
  first asked, so that reading (``arcroom check``) does not load them.
"""

from typing import Any

from story_bible.errors import LoadError, Problem
from story_bible.field_table import FIELDS, Field
from story_bible.model import Arc, Beat, Bible, Change, Character, Faction, Relation, Season, Status
from story_bible.positions import Position
from story_bible.reading.loader import find_bible, load, load_text, load_texts, sample_path
from story_bible.references import Ref, references

__all__ = [
    "FIELDS", "Arc", "Beat", "Bible", "Change", "Character", "Document", "EditError", "Faction",
    "Field", "LoadError", "Position", "Problem", "Ref", "Relation", "Season", "Status", "dump",
    "find_bible", "load", "load_text", "load_texts", "references", "sample_path",
]

#: The writing half's public names, each to its module, imported on first use.
_LAZY = {
    "Document": "story_bible.writing.document", "EditError": "story_bible.writing.document",
    "dump": "story_bible.writing.dump",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'story_bible' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
