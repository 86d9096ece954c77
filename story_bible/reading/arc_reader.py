"""Read an arc and its beats, the most of a bible, in full.

Beats take the fast path where they can: the common shapes (text, a list of
known ids) are read straight off the nodes, anything else through
:class:`~story_bible.reading.field_reader.Fields`, which says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from story_bible import field_table as fmt
from story_bible.model import Arc, Beat, Change, set_aside, unmodelled
from story_bible.reading.field_reader import (
    READERS,
    Fields,
    describe,
    is_null,
    key_hint,
    unmodelled_values,
)
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.reading.quick import Pending
from story_bible.reading.reading_state import NOWHERE, State
from story_bible.vocabulary import ID_PATTERN


class BeatTable(NamedTuple):
    """How the full reading reads a beat's fields, from the field table."""

    keys: tuple[str, ...]
    keyset: frozenset[str]
    #: Each field read by its value kind ('at' and 'changes' are read on their own).
    readers: dict[str, Callable[[Fields, str], Any]]
    #: The fields read as a list of ids, and as text, on the fast path.
    id_lists: frozenset[str]
    texts: frozenset[str]
    #: Whether the model names no attribute for some of them (see set_aside).
    aside: bool


@fmt.derived
def beat_table() -> BeatTable:
    """The beat's :class:`BeatTable` by the field table in force."""
    keys = fmt.keys("beat")
    return BeatTable(
        keys,
        frozenset(keys),
        {f.key: READERS[f.value] for f in fmt.FIELDS["beat"] if f.value in READERS},
        frozenset(fmt.of_value("beat", fmt.IDS)),
        frozenset(fmt.of_value("beat", fmt.TEXT)),
        bool(unmodelled("beat")),
    )


class ArcReader(State):
    """Reads an arc's fields and its beats."""

    def _arc(self, f: Fields, key: str, key_node: Node) -> Arc | None:
        seasons = f.ids("seasons")
        single = f.ident("season")
        if single is not None:
            if seasons:
                f.problem(
                    f.node.entries["season"][0], "B010", "give 'season' or 'seasons', not both"
                )
            seasons = (single,)
        elif not seasons:
            f.problem(key_node, "B008", f"arc {key!r} needs 'season' (or 'seasons')")
        arc = Arc(
            id=key,
            title=f.text("title", required=True) or "",
            seasons=seasons,
            factions=f.ids("factions"),
            requires=f.ids("requires"),
            open=f.flag("open"),
            summary=f.text("summary"),
            notes=f.text("notes"),
            ignore=f.ignore(),
            extra=unmodelled_values(f, "arc"),
        )
        beats = f.mapping("beats")
        if beats is not None:
            read = self.quick.beats_in(beats) if self.quick is not None else None
            if read is not None:
                self._beats_read_quickly(arc, read)
                return arc
            for beat_key, (beat_key_node, value) in beats.entries.items():
                beat = self._beat(f.file, key, beat_key, beat_key_node, value)
                if beat is not None and self._claim(beat):
                    arc.beats[beat_key] = beat
        return arc

    def _beats_read_quickly(
        self, arc: Arc, read: dict[str, tuple[Scalar, Pending[Beat]]]
    ) -> None:
        """Take an arc's beats the quick reader read, and checked."""
        ids, written, at = self.ids, arc.beats, self.pending_at
        for beat_key, (_, pending) in read.items():
            beat = pending.entity
            at["at", pending.at].append(beat)
            if beat_key not in ids:  # claimed, as _claim would (20,000 times)
                ids[beat_key] = written[beat_key] = beat
            elif self._claim(beat):
                written[beat_key] = beat

    def _beat(self, file: str, arc: str, key: str, key_node: Scalar, node: Node) -> Beat | None:
        if key not in self.valid_ids:
            if not ID_PATTERN.fullmatch(key):
                self._problem(
                    file, key_node, "B010", f"{key!r} is not a valid id", key_hint(key), key
                )
                return None
            self.valid_ids.add(key)
        if not isinstance(node, Mapping):
            self._problem(
                file,
                node,
                "B007",
                f"beat {key!r} should be a mapping of fields, not {describe(node)}",
                entity=key,
            )
            return None
        # Beats are most of a bible: read only the fields that are written,
        # and the common shapes (text, a list of known ids) straight off the
        # nodes; anything else goes through Fields, which says what is wrong.
        entries = node.entries
        table = beat_table()
        f = None if entries.keys() <= table.keyset else self._beat_fields(file, node, key)
        id_lists, texts, readers = table.id_lists, table.texts, table.readers
        valid = self.valid_ids
        fields: dict[str, Any] = {}
        at: Scalar | None = None
        for name, (_, value) in entries.items():
            if isinstance(value, Sequence):
                if name in id_lists:
                    items = value.items
                    ids = [item.value for item in items if isinstance(item, Scalar)]
                    if len(ids) == len(items) and valid.issuperset(ids):
                        fields[name] = tuple(ids)
                        continue
            elif isinstance(value, Scalar) and not is_null(value):
                if name in texts:
                    fields[name] = value.value
                    continue
                if name == "at":
                    at = value
                    continue
            if name == "at" or name == "changes":
                continue  # read below, where their problems are told
            read = readers.get(name)
            if read is not None:
                f = f or self._beat_fields(file, node, key)
                fields[name] = read(f, name)
        if "changes" in entries:
            f = f or self._beat_fields(file, node, key)
            fields["changes"] = self._changes(f)
        if table.aside:
            set_aside("beat", fields)
        beat = Beat(id=key, arc=arc, at=NOWHERE, file=file, key_node=key_node, node=node, **fields)
        if at is not None:
            self.positions.append((beat, "at", at, "first", file))
        else:
            f = f or self._beat_fields(file, node, key)
            self._position(beat, f, "at", "at", "first", required=True)
        return beat

    def _beat_fields(self, file: str, node: Mapping, key: str) -> Fields:
        return Fields(self, file, node, fmt.keys("beat"), f"beat {key!r}", key)

    def _changes(self, f: Fields) -> dict[str, Change]:
        node = f.mapping("changes")
        if node is None:
            return {}
        changes: dict[str, Change] = {}
        for who, (who_node, value) in node.entries.items():
            if f.id_of(who_node, "changes") is None:
                continue
            if isinstance(value, Scalar):
                status = f.id_of(value, "changes")
                if status is not None:
                    changes[who] = Change(status=status)
            elif isinstance(value, Mapping):
                what = f"the change to {who!r}"
                sub = Fields(self, f.file, value, fmt.keys("change"), what, f.entity)
                change = Change(status=sub.ident("status"), faction=sub.ident("faction"))
                if change.status is None and change.faction is None:
                    sub.problem(value, "B008", f"the change to {who!r} needs 'status' or 'faction'")
                changes[who] = change
            else:
                f.problem(
                    value,
                    "B007",
                    f"a change should be a status or a mapping, not {describe(value)}",
                )
        return changes
