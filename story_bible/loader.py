"""Read a bible (one file or a folder of ``*.yaml``) into the model, strictly.

The schema drives the reading: each field is read as what the format says it
is (text stays text, so ``no`` is a name and not ``False``), unknown keys get
a did-you-mean hint, and every problem is collected with its location before
one :class:`~story_bible.errors.LoadError` is raised. Nothing else in arcroom
parses YAML.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import functools
import gc
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from story_bible import field_table as fmt
from story_bible.conflicts import conflict_markers
from story_bible.errors import LoadError, Problem
from story_bible.model import (
    DEFAULT_STATUS,
    STANCES,
    Arc,
    Beat,
    Bible,
    Change,
    Character,
    Entity,
    Faction,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.nodes import Mapping, Node, Scalar, Sequence, Unusual, compose
from story_bible.positions import (
    MAX_EPISODES,
    Position,
    PositionError,
    parse_position,
    season_number,
)
from story_bible.quick import Pending, QuickReader
from story_bible.vocabulary import (
    ARC_KEYS,
    BEAT_KEYS,
    CHANGE_KEYS,
    CHARACTER_KEYS,
    FACTION_KEYS,
    FALSE,
    ID_PATTERN,
    NULL,
    RELATION_KEYS,
    RULE_CODE,
    SEASON_KEYS,
    SERIES_KEYS,
    STATUS_KEYS,
    TOP_KEYS,
    TRUE,
)

FORMAT_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
BIBLE_NAMES = ("bible.yaml", "bible.yml", "bible")
SAMPLE = "all_of_us_are_dead.yaml"

DEFAULT_STATUSES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "human": (True, ("infected", "dead")),
    "infected": (True, ("zombie", "immune", "immortal", "dead")),
    "zombie": (True, ("dead",)),
    "immune": (True, ("dead",)),
    "immortal": (True, ()),
    "dead": (False, ()),
}



def sample_path() -> Path:
    """The bundled *All of Us Are Dead* plan (read-only package data)."""
    return Path(str(resources.files("story_bible") / "samples" / SAMPLE))


def find_bible(folder: Path) -> Path | None:
    """``bible.yaml`` or ``bible/`` in ``folder``, as the command line looks for it."""
    for name in BIBLE_NAMES:
        candidate = folder / name
        if candidate.exists():
            return candidate
    return None


def load(path: str | Path) -> Bible:
    """Load a bible file or folder; raise :class:`LoadError` on any problem."""
    path = Path(path)
    if path.is_dir():
        files = bible_files(path)
        if not files:
            raise LoadError([_whole(str(path), "B006", "no *.yaml files in this folder")])
    elif path.exists():
        files = [path]
    else:
        raise LoadError(
            [_whole(str(path), "B006", "no such file", "give a bible file or folder, or --sample")]
        )
    try:
        return load_texts({str(f): read_text(f) for f in files})
    except LoadError as exc:
        files_read = tuple(str(f) for f in files)
        raise LoadError(exc.problems, files_read, exc.bible, exc.left_out) from None


def bible_files(path: Path) -> list[Path]:
    """The files of the bible at ``path``: itself, or a folder's ``*.yaml`` and ``*.yml``.

    A folder's hidden files and folders (``.git``, an editor's ``.backup/``)
    are not part of it.
    """
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and p.is_file()
    )


def load_text(text: str, file: str = "<bible>") -> Bible:
    """Load a bible from a string (``file`` names it in messages)."""
    return load_texts({file: text})


def read_text(path: Path) -> str:
    """A bible file's text, refusing what is too large or not UTF-8 text."""
    name = str(path)
    limit = MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadError(
                [_whole(name, "B005", f"the file is {size:,} bytes; the limit is {limit:,}")]
            )
        # At most one byte past the limit: a pipe or a device (/dev/zero) has
        # no size to check first, and may never end.
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise LoadError([_whole(name, "B006", f"cannot read the file: {exc.strerror}")]) from None
    if len(data) > limit:
        raise LoadError(
            [_whole(name, "B005", f"the file is more than {limit:,} bytes; the limit is {limit:,}")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            [Problem(name, line, column, "B001", "not UTF-8 text (is this a binary file?)")]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            [Problem(name, line, 1, "B001", "the file holds NUL bytes: not a text file")]
        )
    return text


def load_texts(texts: dict[str, str], roots: dict[str, Node] | None = None) -> Bible:
    """Load a bible made of several files' texts, merged by section.

    ``roots``, when given, receives each file's composed node tree (the
    format-preserving editor patches text against it); without it, beats and
    characters are read straight from the YAML events (``quick.py``) and
    compose their nodes when a span inside them is asked.
    """
    # A byte order mark is not text: libyaml skips it and counts offsets
    # without it (read_text strips it from files; this is for strings).
    texts = {f: t[1:] if t.startswith("\ufeff") else t for f, t in texts.items()}
    with collector_paused():
        return _load_texts(texts, roots)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a burst of allocations.

    The loader and the rules make hundreds of thousands of small acyclic
    objects over a model as big again; each full collection would walk all of
    them for nothing (on 20,000 beats the rules took 1.2 s with it, 0.13 s
    without).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_texts(texts: dict[str, str], roots: dict[str, Node] | None) -> Bible:
    # Without roots to give back, beats and characters are read without
    # nodes (quick.py); a bible with any problem is read again in full, so
    # that every diagnostic is the full reading's.
    quick = roots is None
    builder = _Builder()
    for file, text in texts.items():
        conflicts = conflict_markers(file, text)
        if conflicts:  # a merge's markers: B012 with both versions, not a YAML syntax error
            builder.problems.extend(conflicts)
            continue
        try:
            root, problems, reader = _compose(builder, file, text, quick)
        except LoadError as exc:
            builder.problems.extend(exc.problems)
            builder.unread = True
            continue
        if roots is not None:
            roots[file] = root
        builder.problems.extend(problems)
        builder.read_file(file, root, reader)
    bible = builder.finish(texts)
    if builder.problems:
        if quick:
            return _load_texts(texts, {})
        # What was read goes with the problems, so `check` can check the rest;
        # not when a whole file is missing from it.
        partial = None if builder.unread else bible
        raise LoadError(builder.problems, bible=partial, left_out=tuple(builder.unplaced))
    return bible


def _compose(
    builder: _Builder, file: str, text: str, quick: bool
) -> tuple[Node, list[Problem], QuickReader | None]:
    """``text``'s nodes, its problems, and the quick reader that read its beats and characters.

    Without a reader (``quick`` false, or a file the quick reading leaves to
    the full one), every node is composed.
    """
    if quick:
        reader = QuickReader(file, text, builder.known_ids)
        try:
            root, problems = compose(text, file, reader)
            reader.check()
        except Unusual:
            reader.forget()  # `known_ids` goes on to the next file
        else:
            return root, problems, reader
    return (*compose(text, file), None)


def _whole(file: str, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(file, 1, 1, code, message, 1, 1, hint)


def _linked(file: str) -> str:
    """``it links to TARGET; `` when ``file`` is a symbolic link, else nothing."""
    if not os.path.islink(file):
        return ""
    return f"it links to {os.path.realpath(file)}, which is not a bible; "


#: Of text quoted in a message, at most this many characters.
QUOTED = 40


def _describe(node: Node) -> str:
    """What ``node`` is, quoting at most one short line of it.

    A file that is no bible (a link to a key, /etc/passwd) must be named,
    not copied into a report or a pull request's annotations.
    """
    if isinstance(node, Scalar):
        if not node.value:
            return "an empty value"
        lines = node.end_line - node.line + 1
        if lines > 1:
            return f"{lines} lines of text"
        quoted = node.value if len(node.value) <= QUOTED else node.value[: QUOTED - 1] + "…"
        return f"text {quoted!r}"
    return f"a {node.kind}"


class _Fields:
    """The keys of one mapping, read field by field as the schema says."""

    __slots__ = ("entity", "file", "misnamed", "node", "problems", "valid", "what")

    def __init__(
        self,
        reader: _Builder,
        file: str,
        node: Mapping,
        allowed: tuple[str, ...],
        what: str,
        entity: str | None,
    ) -> None:
        self.node = node
        self.file = file
        self.problems = reader.problems
        self.misnamed = reader.misnamed
        self.valid = reader.valid_ids
        self.what = what
        self.entity = entity
        if not node.entries.keys() <= _keyset(allowed):
            for key, (key_node, _) in node.entries.items():
                if key not in allowed:
                    hint = _unknown_key_hint(key_node, allowed)
                    self.problem(key_node, "B002", f"unknown key {key!r} in {what}", hint)

    def problem(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(
            Problem(
                self.file,
                node.line,
                node.column,
                code,
                message,
                node.end_line,
                node.end_column,
                hint,
                self.entity,
            )
        )

    def value(self, name: str, required: bool = False) -> Node | None:
        entry = self.node.entries.get(name)
        if entry is not None:
            node = entry[1]
            if node.__class__ is not Scalar or not _is_null(node):  # type: ignore[arg-type]
                return node
        if required:
            where = entry[0] if entry else self.node
            self.problem(where, "B008", f"{self.what} needs '{name}'")
        return None

    def text(self, name: str, required: bool = False) -> str | None:
        node = self.value(name, required)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problem(node, "B007", f"'{name}' should be text, not {_describe(node)}")
            return None
        return node.value

    def ident(self, name: str, required: bool = False) -> str | None:
        node = self.value(name, required)
        return None if node is None else self.id_of(node, name)

    def id_of(self, node: Node, name: str) -> str | None:
        if node.__class__ is Scalar and node.value in self.valid:  # type: ignore[union-attr]
            return node.value  # type: ignore[union-attr]
        if not isinstance(node, Scalar):
            self.problem(node, "B007", f"'{name}' should name an id, not {_describe(node)}")
            return None
        if not ID_PATTERN.fullmatch(node.value):
            # The hint (which id was meant) waits until every name is read: see finish.
            self.misnamed.append((len(self.problems), node.value))
            self.problem(node, "B010", f"{node.value!r} in '{name}' is not a valid id", _ID_HINT)
            return None
        self.valid.add(node.value)
        return node.value

    def ids(self, name: str) -> tuple[str, ...]:
        node = self.value(name)
        if node is None:
            return ()
        if node.__class__ is Sequence:
            values = [item.value for item in node.items if item.__class__ is Scalar]  # type: ignore[union-attr]
            if len(values) == len(node.items) and self.valid.issuperset(values):  # type: ignore[union-attr]
                return tuple(values)
        items = node.items if isinstance(node, Sequence) else [node]
        if isinstance(node, Mapping):
            self.problem(node, "B007", f"'{name}' should be a list of ids, not a mapping")
            return ()
        found = (self.id_of(item, name) for item in items)
        return tuple(i for i in found if i is not None)

    def words(self, name: str) -> tuple[str, ...]:
        node = self.value(name)
        if node is None:
            return ()
        if not isinstance(node, Sequence):
            self.problem(node, "B007", f"'{name}' should be a list, not {_describe(node)}")
            return ()
        out = []
        for item in node.items:
            if isinstance(item, Scalar):
                out.append(item.value)
            else:
                self.problem(
                    item, "B007", f"items of '{name}' should be text, not {_describe(item)}"
                )
        return tuple(out)

    def flag(self, name: str, default: bool = False) -> bool:
        node = self.value(name)
        if node is None:
            return default
        if isinstance(node, Scalar) and node.style == "":
            if node.value in TRUE:
                return True
            if node.value in FALSE:
                return False
        self.problem(
            node,
            "B007",
            f"'{name}' should be true or false, not {_describe(node)}",
            "write true or false (YAML 1.1's yes/no/on/off are read as text)",
        )
        return default

    def count(self, name: str, required: bool = False) -> int | None:
        node = self.value(name, required)
        if node is None:
            return None
        # ASCII only: str.isdigit() also takes '²' (int() then raises) and '١٢'.
        if (
            isinstance(node, Scalar)
            and node.style == ""
            and node.value.isascii()
            and node.value.isdigit()
        ):
            return int(node.value)
        self.problem(node, "B007", f"'{name}' should be a whole number, not {_describe(node)}")
        return None

    def mapping(self, name: str) -> Mapping | None:
        node = self.value(name)
        if node is None or isinstance(node, Mapping):
            return node
        self.problem(
            node, "B007", f"'{name}' should be a mapping of id: ..., not {_describe(node)}"
        )
        return None

    def ignore(self) -> frozenset[str]:
        codes = self.words("ignore")
        node = self.node.get("ignore")
        if isinstance(node, Sequence):
            for item in node.items:
                if isinstance(item, Scalar) and not RULE_CODE.fullmatch(item.value):
                    message = f"{item.value!r} in 'ignore' is not a rule code"
                    self.problem(item, "B010", message, _CODE_HINT)
        return frozenset(codes)


#: How the full reading reads each value kind of the field table, by name.
_READERS: dict[str, Callable[[_Fields, str], Any]] = {
    fmt.TEXT: _Fields.text,
    fmt.IDS: _Fields.ids,
    fmt.FLAG: _Fields.flag,
    fmt.WORDS: _Fields.words,
    fmt.CODES: lambda fields, _: fields.ignore(),
}
#: A beat's fields read by value kind ('at' and 'changes' are read on their own).
_BEAT_FIELDS = {
    f.key: _READERS[f.value] for f in fmt.FIELDS["beat"] if f.value in _READERS
}

_BEAT_KEYSET = frozenset(BEAT_KEYS)
#: Beat fields read as a list of ids, and as text, on the fast path.
_ID_LISTS = frozenset(fmt.of_value("beat", fmt.IDS))
_TEXTS = frozenset(fmt.of_value("beat", fmt.TEXT))
_NOWHERE = Position(0, 0)

_ID_HINT = "an id is letters, digits and - _ . ' with no spaces, like nam-ra"
_CODE_HINT = "rule codes look like C001; `arcroom rules` lists them"
_MERGE_HINT = "merge keys (<<) are not supported in a bible; write the fields out"


class _Builder:
    """Collects entities from every file, then checks what spans files."""

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
                    f"a bible is a mapping of sections, but this file holds {_describe(root)}",
                    hint=_linked(file)
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
                    hint=_linked(file) + "a bible starts with 'arcroom: 1'; its sections are "
                    + ", ".join(TOP_KEYS[1:]),
                )
            )
            self.unread = True
            return
        top = _Fields(self, file, root, TOP_KEYS, "the bible", None)
        self._version(top, file, root)
        series = top.mapping("series")
        if series is not None:
            self._series(file, series)
        readers: dict[str, Callable[[_Fields, str, Node], Entity | None]] = {
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
                    relations, "B007", f"'relations' should be a list, not {_describe(relations)}"
                )

    def _version(self, top: _Fields, file: str, root: Mapping) -> None:
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
        fields = _Fields(self, file, node, SERIES_KEYS, "series", None)
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
        read: Callable[[_Fields, str, Node], Entity | None],
        into: dict[str, Any],
    ) -> None:
        what = section.rstrip("s") if section != "statuses" else "status"
        quickly = self.quick.characters_in(table) if self.quick is not None else None
        if quickly is not None:
            self._characters_read_quickly(quickly, into)
            return
        for key, (key_node, value) in table.entries.items():
            if _is_merge_key(key_node):
                self._problem(
                    file, key_node, "B002", f"unknown key {key!r} in '{section}'", _MERGE_HINT
                )
                continue
            if key not in self.valid_ids:
                if not ID_PATTERN.fullmatch(key):
                    self._problem(
                        file, key_node, "B010", f"{key!r} is not a valid id", _key_hint(key), key
                    )
                    continue
                self.valid_ids.add(key)
            if not isinstance(value, Mapping):
                self._problem(
                    file,
                    value,
                    "B007",
                    f"{what} {key!r} should be a mapping of fields, not {_describe(value)}",
                    entity=key,
                )
                continue
            allowed = {
                "statuses": STATUS_KEYS,
                "seasons": SEASON_KEYS,
                "factions": FACTION_KEYS,
                "characters": CHARACTER_KEYS,
                "arcs": ARC_KEYS,
            }[section]
            fields = _Fields(self, file, value, allowed, f"{what} {key!r}", key)
            entity = read(fields, key, key_node)
            if entity is None:
                continue
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

    def _status(self, f: _Fields, key: str, _: Node) -> Status:
        return Status(
            id=key,
            appears=f.flag("appears", True),
            becomes=f.ids("becomes"),
            description=f.text("description"),
            notes=f.text("notes"),
            ignore=f.ignore(),
        )

    def _season(self, f: _Fields, key: str, key_node: Node) -> Season | None:
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

    def _faction(self, f: _Fields, key: str, _: Node) -> Faction:
        return Faction(
            id=key,
            name=f.text("name", required=True) or "",
            kind=f.text("kind"),
            summary=f.text("summary"),
            notes=f.text("notes"),
            ignore=f.ignore(),
        )

    def _character(self, f: _Fields, key: str, _: Node) -> Character:
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

    def _arc(self, f: _Fields, key: str, key_node: Node) -> Arc | None:
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
                    file, key_node, "B010", f"{key!r} is not a valid id", _key_hint(key), key
                )
                return None
            self.valid_ids.add(key)
        if not isinstance(node, Mapping):
            self._problem(
                file,
                node,
                "B007",
                f"beat {key!r} should be a mapping of fields, not {_describe(node)}",
                entity=key,
            )
            return None
        # Beats are most of a bible: read only the fields that are written,
        # and the common shapes (text, a list of known ids) straight off the
        # nodes; anything else goes through _Fields, which says what is wrong.
        entries = node.entries
        f = None if entries.keys() <= _BEAT_KEYSET else self._beat_fields(file, node, key)
        valid = self.valid_ids
        fields: dict[str, Any] = {}
        at: Scalar | None = None
        for name, (_, value) in entries.items():
            cls = value.__class__
            if name in _ID_LISTS and cls is Sequence:
                items = value.items  # type: ignore[union-attr]
                ids = [item.value for item in items if item.__class__ is Scalar]
                if len(ids) == len(items) and valid.issuperset(ids):
                    fields[name] = tuple(ids)
                    continue
            elif cls is Scalar and not _is_null(value):  # type: ignore[arg-type]
                if name in _TEXTS:
                    fields[name] = value.value  # type: ignore[union-attr]
                    continue
                if name == "at":
                    at = value  # type: ignore[assignment]
                    continue
            if name == "at" or name == "changes":
                continue  # read below, where their problems are told
            read = _BEAT_FIELDS.get(name)
            if read is not None:
                f = f or self._beat_fields(file, node, key)
                fields[name] = read(f, name)
        if "changes" in entries:
            f = f or self._beat_fields(file, node, key)
            fields["changes"] = self._changes(f)
        beat = Beat(id=key, arc=arc, at=_NOWHERE, file=file, key_node=key_node, node=node, **fields)
        if at is not None:
            self.positions.append((beat, "at", at, "first", file))
        else:
            f = f or self._beat_fields(file, node, key)
            self._position(beat, f, "at", "at", "first", required=True)
        return beat

    def _beat_fields(self, file: str, node: Mapping, key: str) -> _Fields:
        return _Fields(self, file, node, BEAT_KEYS, f"beat {key!r}", key)

    def _changes(self, f: _Fields) -> dict[str, Change]:
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
                sub = _Fields(self, f.file, value, CHANGE_KEYS, f"the change to {who!r}", f.entity)
                change = Change(status=sub.ident("status"), faction=sub.ident("faction"))
                if change.status is None and change.faction is None:
                    sub.problem(value, "B008", f"the change to {who!r} needs 'status' or 'faction'")
                changes[who] = change
            else:
                f.problem(
                    value,
                    "B007",
                    f"a change should be a status or a mapping, not {_describe(value)}",
                )
        return changes

    def _relation(self, file: str, node: Node) -> None:
        if not isinstance(node, Mapping):
            self._problem(
                file, node, "B007", f"a relation should be a mapping, not {_describe(node)}"
            )
            return
        f = _Fields(self, file, node, RELATION_KEYS, "relation", None)
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
        )
        self._position(relation, f, "start", "from", "first")
        self._position(relation, f, "until", "until", "last")
        self.relations.append(relation)

    def _position(
        self, entity: Entity, f: _Fields, attr: str, name: str, whole: str, required: bool = False
    ) -> None:
        node = f.value(name, required)
        if node is None:
            return
        if not isinstance(node, Scalar):
            f.problem(
                node, "B007", f"'{name}' should be a position like S1E07, not {_describe(node)}"
            )
            return
        self.positions.append((entity, attr, node, whole, f.file))

    # -- across files ------------------------------------------------------

    def finish(self, texts: dict[str, str]) -> Bible:
        if self.statuses and DEFAULT_STATUS not in self.statuses and self.unstated:
            self._no_default_status()
        if not self.statuses:
            for name, (appears, becomes) in DEFAULT_STATUSES.items():
                self.statuses[name] = Status(id=name, appears=appears, becomes=becomes)
                taken = self.ids.setdefault(name, self.statuses[name])
                if taken is not self.statuses[name] and taken.key_node is not None:
                    self._problem(
                        taken.file,
                        taken.key_node,
                        "B011",
                        f"id {name!r} is taken by the default status {name!r}",
                        "rename it, or define 'statuses' yourself",
                        name,
                    )
        files = tuple(texts)
        if self.version is None and not self.problems:
            self.problems.append(
                _whole(
                    files[0] if files else "<bible>",
                    "B008",
                    "the bible does not say its format version",
                    "add 'arcroom: 1' at the top",
                )
            )
        if self.series is None and not self.problems:
            self.problems.append(
                _whole(
                    files[0] if files else "<bible>",
                    "B008",
                    "the bible has no 'series'",
                    "add 'series: {title: ...}'",
                )
            )
        self._resolve_positions()
        self._leave_out_unplaced()
        self._hint_misnamed()
        self._name_relations()
        seasons = dict(sorted(self.seasons.items(), key=lambda item: item[1].number))
        return Bible(
            version=self.version[0] if self.version else FORMAT_VERSION,
            series=self.series[0] if self.series else Series(title=""),
            statuses=self.statuses,
            seasons=seasons,
            factions=self.factions,
            relations=self.relations,
            characters=self.characters,
            arcs=self.arcs,
            files=files,
            texts=texts,
        )

    def _name_relations(self) -> None:
        for relation in self.relations:
            relation.id = relation.derived_id()

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

    def _no_default_status(self) -> None:
        """Characters who write no status start as 'human', which these statuses lack."""
        assert self.statuses_at is not None  # statuses were read, so their section was
        file, node = self.statuses_at
        who = self.unstated
        named = ", ".join(who[:-1]) + " and " + who[-1] if len(who) > 1 else who[0]
        if len(who) > 10:
            named = f"{', '.join(who[:10])} and {len(who) - 10:,} more"
        self._problem(
            file,
            node,
            "B008",
            f"{named} {'have' if len(who) > 1 else 'has'} no 'status', and these statuses "
            f"have no {DEFAULT_STATUS!r} (the default status)",
            "give these characters a `status:` or add a `human` status",
        )

    def _resolve_positions(self) -> None:
        by_number = {s.number: s for s in self.seasons.values()}
        first = min(by_number) if by_number else 1
        # A plan has a few hundred distinct positions, written thousands of times.
        done: dict[tuple[str, str], Position | tuple[str, str | None]] = {}
        for entity, attr, node, whole, file in self.positions:
            outcome = done.get((node.value, whole))
            if outcome is None:
                outcome = done[node.value, whole] = _position_of(node.value, whole, by_number)
            if isinstance(outcome, Position):
                setattr(entity, attr, outcome)
            else:
                message, hint = outcome
                self._bad_position(file, node, message, entity, hint)
        for (attr, text), entities in self.pending_at.items():
            assert text is not None  # only a written 'at' or 'introduced' is pending
            outcome = done.get((text, "first")) or _position_of(text, "first", by_number)
            if isinstance(outcome, Position):
                for entity in entities:
                    setattr(entity, attr, outcome)
                continue
            message, hint = outcome
            for entity in entities:
                where = entity.node_at(attr)
                assert isinstance(where, Scalar)  # the quick reader read it as text
                self._bad_position(entity.file, where, message, entity, hint)
        for relation in self.relations:
            if relation.start == Position(0, 0):
                relation.start = Position(first, 1)

    def _bad_position(
        self, file: str, node: Node, message: str, entity: Entity, hint: str | None = None
    ) -> None:
        hint = hint or "write a position as S1E07 (season, episode) or S2 (a whole season)"
        self._problem(file, node, "B009", message, hint, entity.id or None)
        self.unplaced.append(entity)

    def _hint_misnamed(self) -> None:
        """Say which id a name written as a reference meant: the entity so named, or its slug."""
        if not self.misnamed:
            return
        named: dict[str, str] = {}
        for table, attr in ((self.characters, "name"), (self.factions, "name"),
                            (self.arcs, "title"), (self.seasons, "title")):
            for key, entity in table.items():
                named.setdefault(_folded(getattr(entity, attr)), key)
        for index, text in self.misnamed:
            meant = named.get(_folded(text)) or _slug(text)
            if meant is None:
                continue
            problem = self.problems[index]
            hint = f"did you mean {meant!r}? {problem.hint}"
            self.problems[index] = dataclasses.replace(problem, hint=hint)

    def _leave_out_unplaced(self) -> None:
        """Size the seasons that say no size; take out what has no place in the story.

        A beat or relation placed nowhere would be placed somewhere by the
        rules, and report problems the writers did not make.
        """
        for key in self.unsized:
            used = [b.at.episode for arc in self.arcs.values() for b in arc.beats.values()
                    if b.at.season == self.seasons[key].number]
            self.seasons[key].episodes = max(used, default=1)
        if not self.problems:
            return
        for arc in self.arcs.values():
            for beat in list(arc.beats.values()):
                if beat.at == _NOWHERE:
                    self.unplaced.append(beat)
        # A character keeps its place in the cast without its 'introduced'.
        self.unplaced = [
            e for e in {id(e): e for e in self.unplaced}.values() if isinstance(e, Beat | Relation)
        ]
        gone = {id(e) for e in self.unplaced}
        for entity in self.unplaced:
            if isinstance(entity, Beat) and entity.arc in self.arcs:
                self.arcs[entity.arc].beats.pop(entity.id, None)
                if self.ids.get(entity.id) is entity:
                    del self.ids[entity.id]
        self.relations = [r for r in self.relations if id(r) not in gone]


#: The tables whose entries a fragment may hold, each to its reader.
_TABLE_READERS: dict[str, Callable[[_Builder], Callable[[_Fields, str, Node], Entity | None]]] = {
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
    builder = _Builder()
    builder.seasons = dict(bible.seasons)
    return builder.read_fragment(file, section, arc, fragment)


def _position_of(
    text: str, whole: str, by_number: dict[int, Season]
) -> Position | tuple[str, str | None]:
    """The position ``text`` names in these seasons, or what is wrong with it (and a hint).

    ``whole`` says which episode a whole season stands for: its first or its last.
    """
    try:
        season_no, episode = parse_position(text)
    except PositionError as exc:
        return str(exc), None
    season = by_number.get(season_no)
    if season is None:
        known = (
            "the seasons are " + ", ".join(f"S{n}" for n in sorted(by_number))
            if by_number
            else "this bible has no seasons: add a `seasons:` section, "
            "e.g. seasons: {S1: {title: ..., episodes: 12}}"
        )
        return f"{text}: there is no season S{season_no}", known
    if episode is None:
        return Position(season_no, 1 if whole == "first" else season.episodes)
    if episode > season.episodes:
        return (
            f"{text}: {past_the_end(season)}",
            f"change the episode or give {season.id} more 'episodes'",
        )
    return Position(season_no, episode)


def past_the_end(season: Season) -> str:
    """What to say of an episode after ``season``'s last: its size, and its last episode."""
    n = season.episodes
    return f"{season.id} has {n} episode{'s' * (n != 1)}; did you mean {season.last}?"


def _key_hint(key: str) -> str:
    slug = _slug(key)
    return f"did you mean {slug!r}? {_ID_HINT}" if slug else _ID_HINT


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _slug(text: str) -> str | None:
    """``Ines Calder`` as an id: ``ines-calder`` (None when nothing of it can be one)."""
    slug = re.sub(r"[^\w.'-]+", "-", text.strip().lower()).strip("-")
    return slug if ID_PATTERN.fullmatch(slug) else None


def _unknown_key_hint(key: Scalar, allowed: tuple[str, ...]) -> str:
    if _is_merge_key(key):
        return _MERGE_HINT
    close = difflib.get_close_matches(key.value, allowed, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(allowed)


def _is_merge_key(node: Scalar) -> bool:
    """``<<``, YAML 1.1's merge key (only when plain: a quoted "<<" is text)."""
    return node.value == "<<" and node.style == ""


def _is_null(node: Scalar) -> bool:
    return node.style == "" and node.value in NULL and node.tag is None


@functools.cache
def _keyset(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)
