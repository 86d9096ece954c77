"""What every edit operation shares: the context it reads, the edit it returns, its errors.

An operation (:mod:`~story_bible.writing.operations` and the modules it
gathers) reads a :class:`Context` -- the bible and each file's node tree --
and returns an :class:`Edit` or raises :class:`EditError`, whose message says
why in a writer's words. Finding the entity an edit names and checking a new
id are here, for every operation that needs them.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

from story_bible.model import Bible, Entity, Series
from story_bible.positions import season_number
from story_bible.reading.nodes import Mapping, Node
from story_bible.vocabulary import ID_PATTERN
from story_bible.writing.patch import Patch
from story_bible.writing.text_editor import TextEditor
from story_bible.writing.values import kind_of


class EditError(Exception):
    """An edit that cannot be made; the message says why. Nothing was changed."""


class Edit(NamedTuple):
    """What one operation does: its patches per file and the model it means to produce."""

    description: str
    patches: dict[str, list[Patch]]
    expected: Bible
    #: Re-read the whole bible (the edit changes how other entities read).
    whole: bool = False


class Context(NamedTuple):
    bible: Bible
    roots: dict[str, Node]

    def editor(self, file: str) -> TextEditor:
        return TextEditor(self.bible.texts[file])


def find(bible: Bible, entity_id: str) -> Entity | Series:
    """An entity by id (``series`` is the series), or an :class:`EditError` with a hint."""
    entity = bible.entity(entity_id)
    if entity is not None:
        return entity
    if entity_id == "series":
        return bible.series
    known = [*bible.statuses, *bible.seasons, *bible.factions, *bible.characters, *bible.arcs,
             *bible.beats, *(r.id for r in bible.relations)]
    close = difflib.get_close_matches(entity_id, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise EditError(f"there is no {entity_id!r} in the bible{hint}")


def where(ctx: Context, target: Entity | Series) -> tuple[str, Mapping]:
    if isinstance(target, Series):
        for file, root in ctx.roots.items():
            node = root.get("series") if isinstance(root, Mapping) else None
            if isinstance(node, Mapping):
                return file, node
        raise EditError("the series is not written as a mapping")
    if not isinstance(target.node, Mapping):
        raise EditError(
            f"{target.id!r} is a default status, not written in the bible; "
            "write a 'statuses' section to change the statuses"
        )
    return target.file, target.node


def fail(exc: Exception) -> EditError:
    return EditError(str(exc))


def check_new_id(bible: Bible, kind: str, entity_id: str) -> None:
    if not isinstance(entity_id, str) or not ID_PATTERN.fullmatch(entity_id):
        raise EditError(f"{entity_id!r} is not a valid id: write letters, digits and - _ . ' "
                        "(it starts with a letter or digit)")
    if kind == "season" and season_number(entity_id) is None:
        raise EditError(f"season ids are S1, S2, ...; not {entity_id!r}")
    taken = bible.entity(entity_id)
    if taken is not None:
        other = kind_of(taken)
        article = "an" if other[0] in "aeiou" else "a"
        raise EditError(f"the id {entity_id!r} is already taken by {article} {other}; "
                        "ids are shared by every kind")
    if kind == "season" and any(s.number == season_number(entity_id)
                                for s in bible.seasons.values()):
        raise EditError(f"there is already a season {entity_id}")
