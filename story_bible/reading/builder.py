"""The full reader of a bible's files, and of a fragment of one (for the editor).

:class:`Builder` reads each file's nodes (:meth:`~SectionReader.read_file`)
and then finishes the model (:meth:`~Placer.finish`); :func:`read_fragment`
is the public way to read a run of entries composed alone (``reparse.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from story_bible.model import (
    Bible,
    Entity,
)
from story_bible.reading.field_reader import Fields
from story_bible.reading.nodes import Mapping, Node, Sequence
from story_bible.reading.placing import Placer
from story_bible.reading.section_reader import SectionReader


class Builder(SectionReader, Placer):
    """Collects entities from every file, then checks what spans files."""

    # -- a fragment of a file, for the editor's re-reading (reparse.py) -------

    def read_fragment(
        self, file: str, section: str, arc: str | None, fragment: Mapping | Sequence
    ) -> list[Entity] | None:
        """The entities in a run of ``section``'s entries (``beats``: of ``arc``).

        None when the fragment is not one of those, or does not read cleanly.
        """
        entities: list[Entity]
        if section in _TABLE_READERS and isinstance(fragment, Mapping):
            found: dict[str, Entity] = {}
            self._entities(file, fragment, section, _TABLE_READERS[section](self), found)
            entities = list(found.values())
        elif section == "beats" and isinstance(fragment, Mapping) and arc is not None:
            entities = []
            for key, (key_node, value) in fragment.entries.items():
                beat = self._beat(file, arc, key, key_node, value)
                if beat is not None and self._claim(beat):
                    entities.append(beat)
        elif section == "relations" and isinstance(fragment, Sequence):
            for item in fragment.items:
                self._relation(file, item)
            entities = list(self.relations)
        else:
            return None
        self._resolve_positions()
        self._name_relations()
        return None if self.problems else entities


#: The tables whose entries a fragment may hold, each to its reader.
_TABLE_READERS: dict[str, Callable[[Builder], Callable[[Fields, str, Node], Entity | None]]] = {
    "factions": lambda builder: builder._faction,
    "characters": lambda builder: builder._character,
    "arcs": lambda builder: builder._arc,
}


def read_fragment(
    bible: Bible, file: str, section: str, arc: str | None, fragment: Mapping | Sequence
) -> list[Entity] | None:
    """The entities written in a part of ``file``, read as in the whole file.

    ``fragment`` holds a run of whole entries of ``section`` (factions,
    characters, arcs, relations, or an ``arc``'s beats), composed alone;
    positions are placed in ``bible``'s seasons. None when it is not such a
    run or does not read cleanly (the caller then reads the whole file).
    """
    builder = Builder()
    builder.seasons = dict(bible.seasons)
    return builder.read_fragment(file, section, arc, fragment)
