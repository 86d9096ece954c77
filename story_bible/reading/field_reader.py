"""The full reading of one mapping's fields, each as the format says it is.

:class:`Fields` reads a key as text, an id, a list of ids, a flag, a count...
and tells what is wrong with it, located, in the writer's words; the hints
(which id was meant, which key) are here too.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from story_bible import field_table as fmt
from story_bible.errors import Problem
from story_bible.model import set_aside, unmodelled
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.vocabulary import (
    FALSE,
    ID_PATTERN,
    NULL,
    RULE_CODE,
    TRUE,
)

if TYPE_CHECKING:
    from story_bible.reading.reading_state import State


def whole_file(file: str, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(file, 1, 1, code, message, 1, 1, hint)


def linked(file: str) -> str:
    """``it links to TARGET; `` when ``file`` is a symbolic link, else nothing."""
    if not os.path.islink(file):
        return ""
    return f"it links to {os.path.realpath(file)}, which is not a bible; "


#: Of text quoted in a message, at most this many characters.
QUOTED = 40


def describe(node: Node) -> str:
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


class Fields:
    """The keys of one mapping, read field by field as the schema says."""

    __slots__ = ("entity", "file", "misnamed", "node", "problems", "valid", "what")

    def __init__(
        self,
        reader: State,
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
        if not node.entries.keys() <= keyset(allowed):
            for key, (key_node, _) in node.entries.items():
                if key not in allowed:
                    hint = unknown_key_hint(key_node, allowed)
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
            if not isinstance(node, Scalar) or not is_null(node):
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
            self.problem(node, "B007", f"'{name}' should be text, not {describe(node)}")
            return None
        return node.value

    def ident(self, name: str, required: bool = False) -> str | None:
        node = self.value(name, required)
        return None if node is None else self.id_of(node, name)

    def id_of(self, node: Node, name: str) -> str | None:
        if isinstance(node, Scalar) and node.value in self.valid:
            return node.value
        if not isinstance(node, Scalar):
            self.problem(node, "B007", f"'{name}' should name an id, not {describe(node)}")
            return None
        if not ID_PATTERN.fullmatch(node.value):
            # The hint (which id was meant) waits until every name is read: see finish.
            self.misnamed.append((len(self.problems), node.value))
            self.problem(node, "B010", f"{node.value!r} in '{name}' is not a valid id", ID_HINT)
            return None
        self.valid.add(node.value)
        return node.value

    def ids(self, name: str) -> tuple[str, ...]:
        node = self.value(name)
        if node is None:
            return ()
        if isinstance(node, Sequence):
            values = [item.value for item in node.items if isinstance(item, Scalar)]
            if len(values) == len(node.items) and self.valid.issuperset(values):
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
            self.problem(node, "B007", f"'{name}' should be a list, not {describe(node)}")
            return ()
        out = []
        for item in node.items:
            if isinstance(item, Scalar):
                out.append(item.value)
            else:
                self.problem(
                    item, "B007", f"items of '{name}' should be text, not {describe(item)}"
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
            f"'{name}' should be true or false, not {describe(node)}",
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
        self.problem(node, "B007", f"'{name}' should be a whole number, not {describe(node)}")
        return None

    def mapping(self, name: str) -> Mapping | None:
        node = self.value(name)
        if node is None or isinstance(node, Mapping):
            return node
        self.problem(
            node, "B007", f"'{name}' should be a mapping of id: ..., not {describe(node)}"
        )
        return None

    def ignore(self) -> frozenset[str]:
        codes = self.words("ignore")
        node = self.node.get("ignore")
        if isinstance(node, Sequence):
            for item in node.items:
                if isinstance(item, Scalar) and not RULE_CODE.fullmatch(item.value):
                    message = f"{item.value!r} in 'ignore' is not a rule code"
                    self.problem(item, "B010", message, CODE_HINT)
        return frozenset(codes)


#: How the full reading reads each value kind of the field table that reads alike
#: everywhere (a position waits for the seasons, 'changes' and 'beats' are their own).
READERS: dict[str, Callable[[Fields, str], Any]] = {
    fmt.TEXT: Fields.text,
    fmt.ID: Fields.ident,
    fmt.IDS: Fields.ids,
    fmt.FLAG: Fields.flag,
    fmt.COUNT: Fields.count,
    fmt.WORDS: Fields.words,
    fmt.CODES: lambda fields, _: fields.ignore(),
}


def unmodelled_values(f: Fields, kind: str) -> dict[str, Any] | None:
    """The values of ``kind``'s fields that its model class names no attribute for.

    None for format v1, whose every field is an attribute; with a field added
    to the table, what the entity's ``extra`` holds (see
    :func:`~story_bible.model.set_aside`).
    """
    fields = unmodelled(kind)
    if not fields:
        return None
    read = {
        x.key: READERS[x.value](f, x.key)
        for x in fields if x.key in f.node.entries and x.value in READERS
    }
    return set_aside(kind, read).get("extra")


ID_HINT = "an id is letters, digits and - _ . ' with no spaces, like nam-ra"
CODE_HINT = "rule codes look like C001; `arcroom rules` lists them"
MERGE_HINT = "merge keys (<<) are not supported in a bible; write the fields out"


def key_hint(key: str) -> str:
    meant = slug(key)
    return f"did you mean {meant!r}? {ID_HINT}" if meant else ID_HINT


def folded(text: str) -> str:
    return " ".join(text.casefold().split())


def slug(text: str) -> str | None:
    """``Ines Calder`` as an id: ``ines-calder`` (None when nothing of it can be one)."""
    slug = re.sub(r"[^\w.'-]+", "-", text.strip().lower()).strip("-")
    return slug if ID_PATTERN.fullmatch(slug) else None


def unknown_key_hint(key: Scalar, allowed: tuple[str, ...]) -> str:
    if is_merge_key(key):
        return MERGE_HINT
    import difflib  # (only for a key misspelt)

    close = difflib.get_close_matches(key.value, allowed, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(allowed)


def is_merge_key(node: Scalar) -> bool:
    """``<<``, YAML 1.1's merge key (only when plain: a quoted "<<" is text)."""
    return node.value == "<<" and node.style == ""


def is_null(node: Scalar) -> bool:
    return node.style == "" and node.value in NULL and node.tag is None


@functools.cache
def keyset(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)
