"""Each edit of a bible as text patches plus the model it means to produce.

This module sets one field and renames an id; adding an entity is
:mod:`~story_bible.writing.adding`'s, removing one and moving a beat
:mod:`~story_bible.writing.moving`'s, and what they share (the context,
the edit, its error) :mod:`~story_bible.writing.edit_context`'s. All of them
are named here, the one door :class:`~story_bible.writing.document.Document`
goes through.

An operation checks what it is asked (ids, fields, values, as the format
says), then works out the patches against the current texts and, apart, the
model the edit intends (:mod:`story_bible.writing.expected`). It changes nothing:
:class:`story_bible.writing.document.Document` applies the patches and accepts the
result only if the patched text reads as the intended model.
"""

from __future__ import annotations

from typing import Any

from story_bible.model import DEFAULT_STATUS, Relation, Season, Series, Status
from story_bible.reading.nodes import Node, Scalar, Sequence
from story_bible.references import references
from story_bible.writing import render
from story_bible.writing import values as fields
from story_bible.writing.adding import add_entity
from story_bible.writing.edit_context import (
    Context,
    Edit,
    EditError,
    check_new_id,
    fail,
    find,
    where,
)
from story_bible.writing.expected import changed, renamed, with_entity
from story_bible.writing.moving import move_to_arc, remove_entity
from story_bible.writing.patch import Patch
from story_bible.writing.text_editor import insertion_anchor
from story_bible.writing.values import KEYS, FieldError, kind_of

__all__ = [
    "Context", "Edit", "EditError", "add_entity", "find", "move_to_arc", "remove_entity",
    "rename_id", "set_field",
]


# -- set ------------------------------------------------------------------------


def set_field(ctx: Context, entity_id: str, key: str, value: Any) -> Edit | None:
    """Set (or with None remove) one field; None when it already says that."""
    target = find(ctx.bible, entity_id)
    kind = kind_of(target)
    try:
        plain = None if value is None else fields.normalize(kind, key, value)
        if kind == "arc" and key in ("season", "seasons") and plain is None:
            raise FieldError("an arc needs 'season' or 'seasons'; set the other one instead")
        new_value = fields.model_value(ctx.bible, kind, key, plain)
    except FieldError as exc:
        raise fail(exc) from None
    new = changed(target, **{fields.attribute(key): new_value})
    file, mapping = where(ctx, target)
    editor = ctx.editor(file)
    other = {"season": "seasons", "seasons": "season"}.get(key) if kind == "arc" else None
    if plain is None:
        if key not in mapping.entries:
            return None
        if len(mapping.entries) == 1:
            raise EditError(f"{entity_id}.{key} is its only field; remove {entity_id} instead")
        index = list(mapping.entries).index(key)
        patches = editor.remove_run(mapping, index, index)
        what = f"remove {entity_id}.{key}"
    elif key in mapping.entries:
        if new == target and _plain_of(mapping.entries[key][1]) == plain:
            return None
        key_node, node = mapping.entries[key]
        patches = editor.set_value(key_node, node, plain, in_flow=mapping.flow)
        what = f"set {entity_id}.{key} to {_show(plain)}"
    elif other is not None and other in mapping.entries:
        key_node, node = mapping.entries[other]
        patches = [Patch(key_node.start, key_node.end, key),
                   *editor.set_value(key_node, node, plain, in_flow=mapping.flow)]
        what = f"set {entity_id}.{key} to {_show(plain)}"
    elif new == target:
        return None  # the default, already meant by leaving the key out
    else:
        anchor = insertion_anchor(list(mapping.entries), key, KEYS[kind])
        patches = editor.insert_entries(mapping, anchor, {key: plain})
        what = f"set {entity_id}.{key} to {_show(plain)}"
    expected = with_entity(ctx.bible, target, new)
    return Edit(what, {file: patches}, expected, whole=kind in ("series", "season", "status"))


def _plain_of(node: Node) -> Any:
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [_plain_of(i) for i in node.items]
    return {k: _plain_of(v) for k, (_, v) in node.entries.items()}


def _show(value: Any) -> str:
    text = render.flow(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- rename ----------------------------------------------------------------------


def rename_id(ctx: Context, old: str, new: str) -> Edit:
    """Rename an id and every reference to it, in every file."""
    bible = ctx.bible
    target = find(bible, old)
    if isinstance(target, Series | Relation):
        raise EditError(f"{old!r} has no id of its own to rename "
                        "(a relation is named by its factions and start)")
    if isinstance(target, Season):
        raise EditError("a season's id is its number (S1, S2, ...) and positions use it; "
                        "it cannot be renamed")
    if new == old:
        raise EditError(f"{old!r} is already its id: nothing to rename")
    if target.key_node is None:
        raise EditError(f"{old!r} is a default status, not written in the bible")
    if isinstance(target, Status) and old == DEFAULT_STATUS:
        unwritten = [c.id for c in bible.characters.values() if c.node_at("status") is None]
        if unwritten:
            names = ", ".join(unwritten[:5]) + (" ..." if len(unwritten) > 5 else "")
            raise EditError(
                f"{len(unwritten)} character(s) have no `status:` and are {old} by default "
                f"({names}); renamed, {old} would be gone from under them. Write "
                f"`status: {old}` on them first, or add {new} as a status of its own"
            )
    check_new_id(bible, kind_of(target), new)
    patches: dict[str, dict[int, Patch]] = {}

    def rewrite(file: str, node: Node | None) -> None:
        if isinstance(node, Scalar) and node.value == old:
            text = render.scalar(new, flow=True, keep=node.style)
            patches.setdefault(file, {})[node.start] = Patch(node.start, node.end, text)

    rewrite(target.file, target.key_node)
    for ref in references(bible):
        if ref.target == old:
            rewrite(ref.entity.file, ref.entity.node_at(*ref.path, key=ref.key))
    return Edit(
        f"rename {old} to {new}",
        {file: list(found.values()) for file, found in patches.items()},
        renamed(bible, old, new), whole=True,
    )
