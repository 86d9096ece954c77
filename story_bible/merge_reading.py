"""A bible file as a three-way merge reads it: plain trees keyed by id, and renames.

The merge (:mod:`story_bible.merge`) compares the three versions of a file
as plain data in which every id-keyed collection is a dict (relations too,
keyed by their factions and start), finds the ids a side renamed, and
rewrites ids in a text where they name an entity or refer to one, never in
the writers' free text; it finds a node by such a path of names
(:func:`find_node`). A text that is not a bible file (another YAML file
of the repository) or does not read as YAML raises :class:`Unmergeable`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from story_bible.errors import LoadError
from story_bible.field_table import CHANGES, FIELDS, TEXT
from story_bible.reading.composer import compose
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.vocabulary import TOP_KEYS
from story_bible.writing import render
from story_bible.writing.patch import Patch, apply
from story_bible.writing.text_editor import Element, TextEditor, elements

#: Root sections that map ids to entities (``relations`` is a list of them).
TABLES = ("statuses", "seasons", "factions", "characters", "arcs")
#: Fields holding the writers' free text: never references to rename.
TEXT_KEYS = frozenset(f.key for fs in FIELDS.values() for f in fs if f.value == TEXT)
#: Mappings whose keys are ids (besides the tables): a beat's ``changes``.
ID_KEYED = frozenset(f.key for fs in FIELDS.values() for f in fs if f.value == CHANGES)

Path = tuple[str, ...]


class Unmergeable(Exception):
    """The structural merge cannot be made: merge line by line instead."""


ROOTS: dict[str, Mapping] = {}


def root_of(text: str) -> Mapping:
    """The composed top of a bible file (kept during one merge, which reads each often)."""
    if text in ROOTS:
        return ROOTS[text]
    root = _composeroot_of(text)
    if len(ROOTS) >= 4:
        ROOTS.pop(next(iter(ROOTS)))
    ROOTS[text] = root
    return root


def _composeroot_of(text: str) -> Mapping:
    try:
        root, problems = compose(text, "<merge>")
    except LoadError:
        raise Unmergeable from None
    if problems or not isinstance(root, Mapping) or not root.entries:
        raise Unmergeable
    if not set(root.entries) <= set(TOP_KEYS) or "<<" in root.entries:
        raise Unmergeable  # not a bible file: another YAML file in the repository
    return root


def plain(node: Node | None) -> Any:
    """A node as plain data: text, lists, mappings (relations keyed by their id)."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [plain(i) for i in node.items]
    return {k: plain(v) for k, (_, v) in node.entries.items()}


def relation_key(value: Any, seen: Counter[str]) -> str:
    """A relation's name in a merge: its factions and start (``a~b@S1E10``), made unique."""
    if isinstance(value, dict):
        between = value.get("between")
        pair = sorted(str(x) for x in between) if isinstance(between, list) else [str(between)]
        name = "~".join(pair) + "@" + str(value.get("from", ""))
    else:
        name = str(value)
    seen[name] += 1
    return name if seen[name] == 1 else f"{name}#{seen[name]}"


def tree_of(root: Mapping) -> dict[str, Any]:
    """The file as plain data with every id-keyed collection a dict (relations too)."""
    tree = plain(root)
    if isinstance(tree.get("relations"), list):
        seen: Counter[str] = Counter()
        tree["relations"] = {relation_key(r, seen): r for r in tree["relations"]}
    return tree  # type: ignore[no-any-return]


def tables_of(tree: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for section in TABLES:
        table = tree.get(section)
        if isinstance(table, dict):
            yield (section,), table
            if section == "arcs":
                for arc_id, arc in table.items():
                    if isinstance(arc, dict) and isinstance(arc.get("beats"), dict):
                        yield ("arcs", arc_id, "beats"), arc["beats"]


def references_in(value: Any, key: str = "", out: Counter[str] | None = None) -> Counter[str]:
    """How often each id is referred to (values outside free text, keys of ``changes``)."""
    out = Counter() if out is None else out
    if key in TEXT_KEYS:
        return out
    if isinstance(value, str):
        out[value] += 1
    elif isinstance(value, list):
        for item in value:
            references_in(item, key, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            if key in ID_KEYED:
                out[k] += 1
            references_in(v, k, out)
    return out


def renamed(value: Any, renames: dict[str, str], key: str = "") -> Any:
    if key in TEXT_KEYS:
        return value
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, list):
        return [renamed(v, renames, key) for v in value]
    if isinstance(value, dict):
        return {(renames.get(k, k) if key in ID_KEYED else k): renamed(v, renames, k)
                for k, v in value.items()}
    return value


def renames_between(base: dict[str, Any], side: dict[str, Any]) -> dict[str, str]:
    """Ids one side renamed: gone from a table while a new id holds the same entity.

    The same entity: every field equal once the old id reads as the new one;
    or most fields (60%) when every reference to the old id now names the new
    one, as ``arcroom rename`` leaves it.
    """
    found: dict[str, str] = {}
    side_tables = dict(tables_of(side))
    gone_all: list[tuple[str, Any]] = []
    new_all: list[tuple[str, Any]] = []
    for path, table in tables_of(base):
        other = side_tables.get(path, {})
        kind = "beat" if path[-1] == "beats" else path[0]
        gone_all += [(kind, (i, table[i])) for i in table if i not in other]
    base_tables = dict(tables_of(base))
    if not any(i not in side_tables.get(p, {}) for p, t in base_tables.items() for i in t):
        return found  # nothing gone: nothing renamed
    for path, table in side_tables.items():
        kind = "beat" if path[-1] == "beats" else path[0]
        before = base_tables.get(path, {})
        new_all += [(kind, (i, table[i])) for i in table if i not in before]
    if not gone_all or not new_all:
        return found
    base_refs, side_refs = references_in(base), references_in(side)
    for kind, (old_id, old) in gone_all:
        for other_kind, (new_id, new) in new_all:
            if other_kind != kind or new_id in found.values() or old_id in found:
                continue
            if not isinstance(old, dict) or not isinstance(new, dict):
                continue
            a, b = renamed(old, {old_id: new_id}), new
            keys = set(a) | set(b)
            score = sum(1 for k in keys if a.get(k) == b.get(k)) / max(len(keys), 1)
            followed = base_refs[old_id] > 0 and side_refs[old_id] == 0 and side_refs[new_id] > 0
            if score == 1 or (score >= 0.6 and followed):
                found[old_id] = new_id
    return found


def rename_text(text: str, renames: dict[str, str]) -> str:
    """``text`` with each renamed id rewritten where it names an entity or refers to one."""
    if not renames:
        return text
    root = root_of(text)
    patches: list[Patch] = []
    layout = TextEditor(text).layout

    def scalar(node: Scalar, in_flow: bool) -> None:
        if node.value in renames:
            new = render.scalar(renames[node.value], flow=in_flow)
            patches.append(Patch(node.start, layout.content_end(node), new))

    def walk(node: Node, key: str, keyed: bool, in_flow: bool) -> None:
        """``keyed``: the mapping's keys are ids (a table of beats, a beat's changes)."""
        if key in TEXT_KEYS:
            return
        if isinstance(node, Scalar):
            scalar(node, in_flow)
        elif isinstance(node, Sequence):
            for item in node.items:
                walk(item, key, False, in_flow or node.flow)
        else:
            for name, (key_node, value) in node.entries.items():
                if keyed:
                    scalar(key_node, in_flow or node.flow)
                ids = not keyed and (name == "beats" or name in ID_KEYED)
                walk(value, "" if keyed else name, ids, in_flow or node.flow)

    for name, (_, value) in root.entries.items():
        if name in TABLES and isinstance(value, Mapping):
            for key_node, entity in value.entries.values():
                scalar(key_node, value.flow)
                walk(entity, "", False, value.flow)
        elif name != "series":
            walk(value, name, False, False)
    return apply(text, patches)


# -- nodes by merge path ------------------------------------------------------------


def find_node(root: Node, path: Path) -> Node | None:
    """The node at ``path`` (mapping keys; a relation by its key in a merge)."""
    node: Node | None = root
    for step in path:
        if isinstance(node, Mapping):
            node = node.get(step)
        elif isinstance(node, Sequence):
            element = element_of(node, step)
            node = element.value if element else None
        else:
            return None
    return node


def element_names(collection: Mapping | Sequence) -> list[str]:
    """The names of a collection's elements: their keys, a relation's merge key."""
    if isinstance(collection, Mapping):
        return list(collection.entries)
    seen: Counter[str] = Counter()
    return [relation_key(plain(item), seen) for item in collection.items]


def index_of(collection: Mapping | Sequence, key: str) -> int | None:
    """Where the element named ``key`` is in ``collection`` (None: not there)."""
    names = element_names(collection)
    return names.index(key) if key in names else None


def element_of(collection: Node | None, key: str) -> Element | None:
    """The element named ``key`` of ``collection`` (None: no such element, or no collection)."""
    if not isinstance(collection, Mapping | Sequence):
        return None
    index = index_of(collection, key)
    return None if index is None else elements(collection)[index]
