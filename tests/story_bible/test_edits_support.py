"""What the edit tests share: a writers' bible, and checks that an edited document is sound.

(No tests here: the checks are used by test_edits*.py.)
"""

from __future__ import annotations

import dataclasses
from typing import Any

from story_bible.model import Bible
from story_bible.reading.loader import load_texts
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.writing.document import Document

#: A bible as a room writes it: comments everywhere, aligned flow entries,
#: block entries, quoted and plain text, Korean names, a literal block.
AOUAD = """\
# All of Us Are Dead: the room's plan.
arcroom: 1
series:
  title: All of Us Are Dead   # working title
  based_on: "Now at Our School (webtoon)"

seasons:
  S1: {title: Survival of mankind, episodes: 12}
  S2: {title: 'Survival of the zombies', episodes: 12, planned: true}

factions:
  survivors: {name: Hyosan High survivors, kind: human}
  horde:     {name: The zombies, kind: zombie}
  # the army arrives late
  military:
    name: Martial-law command
    kind: state

relations:
  - {between: [military, survivors], stance: hostile, from: S1E10}
  - between: [survivors, horde]
    stance: war   # from the first bite

characters:
  nam-ra:  {name: Choi Nam-ra, faction: survivors}   # class president
  gwi-nam: {name: "윤귀남", faction: survivors}
  # she keeps the group together
  on-jo:
    name: 남온조
    faction: survivors
    actor: 'Park Ji-hu'

arcs:
  escape-hyosan:
    season: S1
    title: Escape Hyosan High
    factions: [survivors, horde]
    beats:
      outbreak:      {at: S1E01, summary: It starts in the science lab, characters: [nam-ra]}
      # the bite that changes everything
      nam-ra-bitten: {at: S1E07, after: [outbreak], characters: [nam-ra],
                      changes: {nam-ra: infected}}
      roof:
        at: S1E09
        characters:
          - on-jo     # leads them up
          - nam-ra
        summary: |
          They reach the roof.
          It starts to rain.

  mutant-war:
    season: S2
    title: The immune
    requires: [escape-hyosan]
    beats:
      hunger: {at: S2E01, characters: [nam-ra], summary: 'no'}
"""


def tree(node: Node) -> tuple[Any, ...]:
    """A node and everything under it, with every location, as comparable data."""
    where = (node.start, node.end, node.line, node.column, node.end_line, node.end_column)
    if isinstance(node, Scalar):
        return ("scalar", node.value, node.style, *where)
    if isinstance(node, Mapping):
        entries = tuple((k, tree(key), tree(value)) for k, (key, value) in node.entries.items())
        return ("mapping", node.flow, *where, entries)
    return ("list", node.flow, *where, tuple(tree(item) for item in node.items))


def located(node: Node) -> tuple[Any, ...]:
    """A node and everything under it with lines and columns only: what a node answers
    before the document settles its raw offsets (an edit commits lazily)."""
    where = (node.line, node.column, node.end_line, node.end_column)
    if isinstance(node, Scalar):
        return ("scalar", node.value, *where)
    if isinstance(node, Mapping):
        return ("mapping", *where, tuple((k, located(key), located(value))
                                         for k, (key, value) in node.entries.items()))
    return ("list", *where, tuple(located(item) for item in node.items))


def assert_sound(doc: Document) -> Bible:
    """The document's model and every node location are what a fresh load of its text gives."""
    roots: dict[str, Node] = {}
    fresh = load_texts(dict(doc.texts), roots)
    assert fresh == doc.bible
    if doc.filled:  # lines and columns are true before the raw offsets are settled
        assert_located(doc, roots)
    mine = doc._tree()  # filled and settled: every raw offset true, as an edit reads them
    for file, root in roots.items():
        assert tree(mine[file]) == tree(root), f"node locations in {file}"
    mine, theirs = _entities(doc.bible), _entities(fresh)
    assert list(mine) == list(theirs), "entity order"
    for key, entity in mine.items():
        other = theirs[key]
        assert entity.file == other.file
        for attribute in ("key_node", "node"):
            a, b = getattr(entity, attribute), getattr(other, attribute)
            assert (a is None) == (b is None), (key, attribute)
            if a is not None:
                assert tree(a) == tree(b), (key, attribute)
    return fresh


def assert_located(doc: Document, roots: dict[str, Node] | None = None) -> None:
    """Every node of ``doc`` answers the line and column a fresh load of its text gives
    (``roots``: that load's nodes), settled or not."""
    if roots is None:
        roots = {}
        load_texts(dict(doc.texts), roots)
    for file, root in roots.items():
        assert located(doc._roots[file]) == located(root), f"lines and columns in {file}"


def _entities(bible: Bible) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for table in (bible.statuses, bible.seasons, bible.factions, bible.characters, bible.arcs,
                  bible.beats):
        found.update(table)
    found.update((r.id, r) for r in bible.relations)
    return found


def plain(bible: Bible) -> dict[str, Any]:
    """The story a bible tells as plain data (no locations), beats by id with their arc."""

    def fields(entity: Any) -> dict[str, Any]:
        return {f.name: getattr(entity, f.name) for f in dataclasses.fields(entity)
                if f.compare and f.name != "beats"}

    return {
        "series": fields(bible.series),
        "statuses": {k: fields(v) for k, v in bible.statuses.items()},
        "seasons": {k: fields(v) for k, v in bible.seasons.items()},
        "factions": {k: fields(v) for k, v in bible.factions.items()},
        "characters": {k: fields(v) for k, v in bible.characters.items()},
        "arcs": {k: fields(v) for k, v in bible.arcs.items()},
        "beats": {k: fields(v) for k, v in bible.beats.items()},
        "relations": [fields(r) for r in bible.relations],
    }


def changed_window(old: str, new: str) -> tuple[int, int, int]:
    """Where ``new`` differs from ``old``: (start, end in old, end in new)."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, end_new


def nodes_of(root: Node) -> set[int]:
    """The identities of every node in a tree."""
    found = {id(root)}
    if isinstance(root, Mapping):
        for key, value in root.entries.values():
            found.add(id(key))
            found |= nodes_of(value)
    elif isinstance(root, Sequence):
        for item in root.items:
            found |= nodes_of(item)
    return found


def assert_adopted(doc: Document) -> None:
    """Every beat and character points at nodes of the document's own tree."""
    mine = set().union(*(nodes_of(root) for root in doc._tree().values()))
    bible: Bible = doc.bible
    for entity in (*bible.beats.values(), *bible.characters.values()):
        assert entity.source is None, entity.id
        assert id(entity.node) in mine and id(entity.key_node) in mine, entity.id
