"""What the full reading of a bible keeps while it reads its files.

:class:`State` holds the entities read so far, their ids, the problems, and
the positions to place once every file's seasons are known; the readers of
sections and arcs (``section_reader.py``, ``arc_reader.py``) and the placing
(``placing.py``) work on it.
"""

from __future__ import annotations

from collections import defaultdict

from story_bible.errors import Problem
from story_bible.model import (
    Arc,
    Character,
    Entity,
    Faction,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import (
    Position,
)
from story_bible.reading.field_reader import Fields, describe
from story_bible.reading.nodes import Node, Scalar
from story_bible.reading.quick import QuickReader

NOWHERE = Position(0, 0)


class State:
    """Collects entities from every file, and the problems found in them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.version: tuple[int, str, Node] | None = None
        self.series: tuple[Series, str, Node] | None = None
        self.statuses: dict[str, Status] = {}
        self.seasons: dict[str, Season] = {}
        self.factions: dict[str, Faction] = {}
        self.relations: list[Relation] = []
        self.characters: dict[str, Character] = {}
        self.arcs: dict[str, Arc] = {}
        self.ids: dict[str, Entity] = {}
        #: Text already known to be a valid id (ids repeat across beats).
        self.valid_ids: set[str] = set()
        #: The same for the quick reader of beats, each id to one shared copy.
        self.known_ids: dict[str, str] = {}
        # Positions are resolved once every file's seasons are known: the
        # entity, its attribute, its node; and the entities read without
        # nodes, by their attribute and its text (each the first episode of
        # a whole season: a beat's 'at', a character's 'introduced').
        self.positions: list[tuple[Entity, str, Scalar, str, str]] = []
        self.pending_at: defaultdict[tuple[str, str | None], list[Entity]] = defaultdict(list)
        #: Where 'statuses' is first written, and the characters that write no status.
        self.statuses_at: tuple[str, Scalar] | None = None
        self.unstated: list[str] = []
        #: A file that could not be composed or is not a mapping: nothing of it was read.
        self.unread = False
        #: Beats and relations whose position could not be read, left out of the bible.
        self.unplaced: list[Entity] = []
        #: Seasons whose 'episodes' could not be read: sized by the episodes their beats use.
        self.unsized: set[str] = set()
        #: B010s of a reference that is not an id (``Ines Calder``): problem index, text.
        self.misnamed: list[tuple[int, str]] = []
        #: The reader of the beats and characters of the file being read, if any.
        self.quick: QuickReader | None = None

    # -- one file -----------------------------------------------------------

    def _problem(
        self,
        file: str,
        node: Node,
        code: str,
        message: str,
        hint: str | None = None,
        entity: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                file,
                node.line,
                node.column,
                code,
                message,
                node.end_line,
                node.end_column,
                hint,
                entity,
            )
        )

    def _claim(self, entity: Entity) -> bool:
        """Register an id in the shared namespace; a second definition is an error."""
        earlier = self.ids.get(entity.id)
        if earlier is not None:
            span = earlier.span()
            node = entity.key_node or entity.node
            assert node is not None
            self.problems.append(
                Problem(
                    entity.file,
                    node.line,
                    node.column,
                    "B011",
                    f"id {entity.id!r} is defined twice: first at "
                    f"{span.file}:{span.line}:{span.column}",
                    node.end_line,
                    node.end_column,
                    "ids are shared by characters, factions, arcs, beats, seasons and statuses",
                    entity.id,
                )
            )
            return False
        self.ids[entity.id] = entity
        return True

    def _position(
        self, entity: Entity, f: Fields, attr: str, name: str, whole: str, required: bool = False
    ) -> None:
        node = f.value(name, required)
        if node is None:
            return
        if not isinstance(node, Scalar):
            f.problem(
                node, "B007", f"'{name}' should be a position like S1E07, not {describe(node)}"
            )
            return
        self.positions.append((entity, attr, node, whole, f.file))
