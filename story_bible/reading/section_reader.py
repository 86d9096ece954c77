"""Read one file's sections in full: the version, the series, each table, the relations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from story_bible import field_table as fmt
from story_bible.errors import Problem
from story_bible.field_table import FORMAT_VERSION
from story_bible.model import (
    DEFAULT_STATUS,
    STANCES,
    Character,
    Entity,
    Faction,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import (
    MAX_EPISODES,
    Position,
    season_number,
)
from story_bible.reading.arc_reader import ArcReader
from story_bible.reading.field_reader import (
    MERGE_HINT,
    Fields,
    describe,
    is_merge_key,
    key_hint,
    linked,
    unmodelled_values,
)
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.reading.quick import Pending, QuickReader
from story_bible.vocabulary import ID_PATTERN, TOP_KEYS

#: The kind of entity each section holds.
_KIND_OF_SECTION = {section: kind for kind, section in fmt.SECTIONS.items()}


class SectionReader(ArcReader):
    """Reads a file's top-level mapping, section by section."""

    def read_file(self, file: str, root: Node, quick: QuickReader | None = None) -> None:
        """Read one file's nodes (``quick``: the reader of its beats and characters)."""
        self.quick = quick
        if not isinstance(root, Mapping):
            self.problems.append(
                Problem(
                    file,
                    root.line,
                    root.column,
                    "B006",
                    f"a bible is a mapping of sections, but this file holds {describe(root)}",
                    hint=linked(file)
                    + "a bible starts with 'arcroom: 1'; `arcroom init` writes a sample",
                )
            )
            self.unread = True
            return
        if len(root.entries) > 1 and not root.entries.keys() & set(TOP_KEYS):
            # Another kind of file (a link to a config, a key store): say so once,
            # not once a key, each quoting its line.
            self.problems.append(
                Problem(
                    file, root.line, root.column, "B006",
                    "a bible is a mapping of sections, but this file has none of them "
                    f"({len(root.entries)} other keys)",
                    hint=linked(file) + "a bible starts with 'arcroom: 1'; its sections are "
                    + ", ".join(TOP_KEYS[1:]),
                )
            )
            self.unread = True
            return
        top = Fields(self, file, root, TOP_KEYS, "the bible", None)
        self._version(top, file, root)
        series = top.mapping("series")
        if series is not None:
            self._series(file, series)
        readers: dict[str, Callable[[Fields, str, Node], Entity | None]] = {
            "statuses": self._status,
            "seasons": self._season,
            "factions": self._faction,
            "characters": self._character,
            "arcs": self._arc,
        }
        tables: dict[str, dict[str, Any]] = {
            "statuses": self.statuses,
            "seasons": self.seasons,
            "factions": self.factions,
            "characters": self.characters,
            "arcs": self.arcs,
        }
        for section, read in readers.items():
            table = top.mapping(section)
            if table is not None:
                self._entities(file, table, section, read, tables[section])
        if self.statuses_at is None and "statuses" in root.entries:
            self.statuses_at = (file, root.entries["statuses"][0])
        relations = top.value("relations")
        if relations is not None:
            if isinstance(relations, Sequence):
                for item in relations.items:
                    self._relation(file, item)
            else:
                top.problem(
                    relations, "B007", f"'relations' should be a list, not {describe(relations)}"
                )

    def _version(self, top: Fields, file: str, root: Mapping) -> None:
        node = root.get("arcroom")
        if node is None:
            return
        version = top.count("arcroom")
        if version is None:
            return
        if version != FORMAT_VERSION:
            top.problem(
                node,
                "B010",
                f"format version {version} is not one this arcroom reads",
                f"this arcroom reads 'arcroom: {FORMAT_VERSION}'",
            )
        elif self.version is None:
            self.version = (version, file, node)

    def _series(self, file: str, node: Mapping) -> None:
        if self.series is not None:
            _, other_file, other = self.series
            self.problems.append(
                Problem(
                    file,
                    node.line,
                    node.column,
                    "B011",
                    f"'series' is given twice: also at {other_file}:{other.line}:{other.column}",
                )
            )
            return
        fields = Fields(self, file, node, fmt.keys("series"), "series", None)
        series = Series(
            title=fields.text("title", required=True) or "",
            based_on=fields.text("based_on"),
            logline=fields.text("logline"),
            notes=fields.text("notes"),
        )
        self.series = (series, file, node)

    def _entities(
        self,
        file: str,
        table: Mapping,
        section: str,
        read: Callable[[Fields, str, Node], Entity | None],
        into: dict[str, Any],
    ) -> None:
        what = section.rstrip("s") if section != "statuses" else "status"
        quickly = self.quick.characters_in(table) if self.quick is not None else None
        if quickly is not None:
            self._characters_read_quickly(quickly, into)
            return
        for key, (key_node, value) in table.entries.items():
            if is_merge_key(key_node):
                self._problem(
                    file, key_node, "B002", f"unknown key {key!r} in '{section}'", MERGE_HINT
                )
                continue
            if key not in self.valid_ids:
                if not ID_PATTERN.fullmatch(key):
                    self._problem(
                        file, key_node, "B010", f"{key!r} is not a valid id", key_hint(key), key
                    )
                    continue
                self.valid_ids.add(key)
            if not isinstance(value, Mapping):
                self._problem(
                    file,
                    value,
                    "B007",
                    f"{what} {key!r} should be a mapping of fields, not {describe(value)}",
                    entity=key,
                )
                continue
            kind = _KIND_OF_SECTION[section]
            fields = Fields(self, file, value, fmt.keys(kind), f"{what} {key!r}", key)
            entity = read(fields, key, key_node)
            if entity is None:
                continue
            if kind != "arc":  # an arc's are read with it, before its beats
                entity.extra = unmodelled_values(fields, kind)
            entity.file, entity.key_node, entity.node = file, key_node, value
            if self._claim(entity):
                into[key] = entity

    def _characters_read_quickly(
        self, read: dict[str, tuple[Scalar, Pending[Character]]], into: dict[str, Any]
    ) -> None:
        """Take the characters the quick reader read, and checked."""
        for key, (_, pending) in read.items():
            if pending.at is not None:
                self.pending_at["introduced", pending.at].append(pending.entity)
            if pending.unstated:
                self.unstated.append(key)
            if self._claim(pending.entity):
                into[key] = pending.entity

    def _status(self, f: Fields, key: str, _: Node) -> Status:
        return Status(
            id=key,
            appears=f.flag("appears", True),
            becomes=f.ids("becomes"),
            description=f.text("description"),
            notes=f.text("notes"),
            ignore=f.ignore(),
        )

    def _season(self, f: Fields, key: str, key_node: Node) -> Season | None:
        number = season_number(key)
        if number is None:
            f.problem(key_node, "B010", f"season id {key!r} should be S1, S2, ...")
            return None
        episodes = f.count("episodes", required=True)
        if episodes == 0:
            f.problem(f.node.entries["episodes"][1], "B010", "a season has at least 1 episode")
        if not episodes:
            # Missing, unreadable or 0: one problem, not one more at each beat past E01.
            self.unsized.add(key)
            episodes = MAX_EPISODES
        elif episodes is not None and episodes > MAX_EPISODES:
            f.problem(
                f.node.entries["episodes"][1],
                "B010",
                f"a season has at most {MAX_EPISODES} episodes "
                f"(positions stop at E{MAX_EPISODES})",
            )
            episodes = MAX_EPISODES
        return Season(
            id=key,
            number=number,
            title=f.text("title", required=True) or "",
            episodes=episodes or 1,
            planned=f.flag("planned"),
            summary=f.text("summary"),
            notes=f.text("notes"),
            ignore=f.ignore(),
        )

    def _faction(self, f: Fields, key: str, _: Node) -> Faction:
        return Faction(
            id=key,
            name=f.text("name", required=True) or "",
            kind=f.text("kind"),
            summary=f.text("summary"),
            notes=f.text("notes"),
            ignore=f.ignore(),
        )

    def _character(self, f: Fields, key: str, _: Node) -> Character:
        status = f.ident("status")
        if status is None and f.value("status") is None:
            self.unstated.append(key)
        character = Character(
            id=key,
            name=f.text("name", required=True) or "",
            faction=f.ident("faction"),
            status=status or DEFAULT_STATUS,
            actor=f.text("actor"),
            summary=f.text("summary"),
            notes=f.text("notes"),
            ignore=f.ignore(),
        )
        self._position(character, f, "introduced", "introduced", "first")
        return character

    def _relation(self, file: str, node: Node) -> None:
        if not isinstance(node, Mapping):
            self._problem(
                file, node, "B007", f"a relation should be a mapping, not {describe(node)}"
            )
            return
        f = Fields(self, file, node, fmt.keys("relation"), "relation", None)
        between = f.ids("between")
        between_node = node.get("between")
        if len(between) != 2:
            if between_node is None:
                f.problem(node, "B008", "a relation needs 'between: [faction, faction]'")
            else:
                f.problem(between_node, "B010", "'between' names exactly two factions")
            return
        stance = f.text("stance", required=True)
        if stance is not None and stance not in STANCES:
            import difflib  # (only for a stance misspelt)

            close = difflib.get_close_matches(stance, STANCES, n=1)
            f.problem(
                node.entries["stance"][1],
                "B010",
                f"stance {stance!r} is not one of {', '.join(STANCES)}",
                f"did you mean {close[0]!r}?" if close else None,
            )
            return
        if stance is None:
            return
        relation = Relation(
            id="",
            between=(between[0], between[1]),
            stance=stance,
            start=Position(0, 0),
            summary=f.text("summary"),
            notes=f.text("notes"),
            ignore=f.ignore(),
            file=file,
            node=node,
            extra=unmodelled_values(f, "relation"),
        )
        self._position(relation, f, "start", "from", "first")
        self._position(relation, f, "until", "until", "last")
        self.relations.append(relation)
