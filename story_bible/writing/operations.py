"""Each edit of a bible as text patches plus the model it means to produce.

An operation checks what it is asked (ids, fields, values, as the format
says), then works out the patches against the current texts and, apart, the
model the edit intends (:mod:`story_bible.writing.expected`). It changes nothing:
:class:`story_bible.writing.document.Document` applies the patches and accepts the
result only if the patched text reads as the intended model.
"""

from __future__ import annotations

import difflib
from typing import Any, NamedTuple

from story_bible.model import (
    DEFAULT_STATUS,
    Arc,
    Beat,
    Bible,
    Entity,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import Position, season_number
from story_bible.reading.nodes import Mapping, Node, Scalar, Sequence
from story_bible.references import references
from story_bible.vocabulary import ID_PATTERN, TOP_KEYS
from story_bible.writing import render
from story_bible.writing import values as fields
from story_bible.writing.expected import (
    changed,
    renamed,
    with_added,
    with_entity,
    without,
)
from story_bible.writing.patch import Patch
from story_bible.writing.text_editor import Element, TextEditor, elements, insertion_anchor
from story_bible.writing.values import KEYS, REQUIRED, SECTIONS, FieldError, kind_of


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


# -- finding things ---------------------------------------------------------------


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


def _where(ctx: Context, target: Entity | Series) -> tuple[str, Mapping]:
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


def _fail(exc: Exception) -> EditError:
    return EditError(str(exc))


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
        raise _fail(exc) from None
    new = changed(target, **{fields.attribute(key): new_value})
    file, mapping = _where(ctx, target)
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


# -- add -------------------------------------------------------------------------


def add_entity(
    ctx: Context, kind: str, entity_id: str, values: dict[str, Any], arc: str | None = None
) -> Edit:
    """Add a new entity of ``kind`` (for a beat, to ``arc``)."""
    bible = ctx.bible
    if kind not in fields.KINDS:
        raise EditError(f"cannot add a {kind!r}; the kinds are {', '.join(fields.KINDS)}")
    plain = _checked_fields(kind, values)
    if kind != "relation":
        _check_new_id(bible, kind, entity_id)
    if kind == "beat" and (arc is None or arc not in bible.arcs):
        raise EditError(f"a beat belongs to an arc; there is no arc {arc!r}" if arc else
                        "say which arc the beat belongs to")
    entity = _build(bible, kind, entity_id, plain, arc)
    if kind == "beat":
        assert arc is not None
        file, patches = _add_beat(ctx, bible.arcs[arc], entity_id, plain, entity.at)  # type: ignore[attr-defined]
        return Edit(f"add beat {entity_id} to {arc}", {file: patches}, with_added(bible, entity))
    if kind == "relation":
        return _add_relation(ctx, entity, plain)  # type: ignore[arg-type]
    section = SECTIONS[kind]
    if kind == "status" and not any(s.node for s in bible.statuses.values()):
        # The defaults stop applying once a status is written: write them too.
        table: dict[str, Any] = {
            s.id: {"appears": s.appears, "becomes": list(s.becomes)}
            for s in bible.statuses.values()
        }
        table[entity_id] = plain
        file = _file_for(ctx, "statuses", None)
        patches = _insert_section(ctx, file, "statuses", table)
    else:
        file = _file_for(ctx, section, entity)
        after = _arc_anchor(ctx, file, entity) if kind == "arc" else LAST
        patches = _insert_entry(ctx, file, section, entity_id, plain, after)
    expected = with_added(bible, entity)
    return Edit(f"add {kind} {entity_id}", {file: patches}, expected,
                whole=kind in ("season", "status"))


def _checked_fields(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    try:
        for key in values:
            fields.field_type(kind, key)
        plain = {
            key: fields.normalize(kind, key, values[key])
            for key in KEYS[kind] if values.get(key) is not None
        }
    except FieldError as exc:
        raise _fail(exc) from None
    missing = [f"'{k}'" for k in REQUIRED[kind] if k not in plain]
    if kind == "arc" and ("season" in plain) == ("seasons" in plain):
        missing.append("'season' (or 'seasons')")
    if missing:
        raise EditError(f"a new {kind} needs " + ", ".join(missing))
    return plain


def _check_new_id(bible: Bible, kind: str, entity_id: str) -> None:
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


def _build(bible: Bible, kind: str, entity_id: str, plain: dict[str, Any], arc: str | None) -> Any:
    try:
        attrs = {fields.attribute(k): fields.model_value(bible, kind, k, v)
                 for k, v in plain.items()}
        if kind == "season":
            return Season(id=entity_id, number=season_number(entity_id) or 0, **attrs)
        if kind == "relation":
            attrs.setdefault("start", fields.model_value(bible, kind, "from", None))
            relation = Relation(id="", **attrs)
            relation.id = relation.derived_id()
            return relation
        if kind == "beat":
            attrs["arc"] = arc
        return fields.CLASSES[kind](id=entity_id, **attrs)
    except FieldError as exc:
        raise _fail(exc) from None


def _file_for(ctx: Context, section: str, entity: Entity | None) -> str:
    """The file a new entry of ``section`` goes to."""
    files = [f for f, root in ctx.roots.items()
             if isinstance(root, Mapping) and section in root.entries]
    if isinstance(entity, Arc) and files:
        for arc in ctx.bible.arcs.values():
            if arc.seasons[:1] == entity.seasons[:1] and arc.file in files:
                return arc.file
        return files[-1]
    return files[0] if files else next(iter(ctx.bible.texts))


#: Insert after the table's last entry (the default of _insert_entry).
LAST = "\0last"


def _arc_anchor(ctx: Context, file: str, arc: Entity) -> str | None:
    """The arc of ``file`` a new arc goes after: the last one of its season or an earlier
    season, so a season's arcs stay together under that season's comment banner (None: it
    goes first)."""
    assert isinstance(arc, Arc)
    number = {s.id: s.number for s in ctx.bible.seasons.values()}
    first = number.get(arc.seasons[0], 0) if arc.seasons else 0
    root = ctx.roots[file]
    table = root.get("arcs") if isinstance(root, Mapping) else None
    if not isinstance(table, Mapping) or not table.entries:
        return LAST
    written = list(table.entries)
    before = [a for a in written if a in ctx.bible.arcs and ctx.bible.arcs[a].seasons
              and number.get(ctx.bible.arcs[a].seasons[0], 0) <= first]
    return before[-1] if before else None


def _insert_entry(ctx: Context, file: str, section: str, key: str, value: Any,
                  after: str | None = LAST) -> list[Patch]:
    """Write a new ``key: value`` into ``section`` of ``file``, after the entry ``after``
    (LAST: after the last one; None: before the first)."""
    editor = ctx.editor(file)
    root = ctx.roots[file]
    assert isinstance(root, Mapping)
    table = root.get(section)
    if isinstance(table, Mapping) and table.entries:
        anchor = list(table.entries)[-1] if after == LAST else after
        return _insert_after(editor, table, anchor, {key: value})
    if isinstance(table, Mapping):
        return editor.insert_entries(table, None, {key: value})
    if isinstance(table, Scalar) and table.value == "" and not table.style:
        key_node = root.entries[section][0]
        at = editor.layout.line_end(key_node.start)
        indent = editor.layout.column(key_node.start) + 2
        lines = editor.entry_lines({key: value}, indent, 2, block_values=section == "arcs")
        return [Patch(at, at, editor.nl + lines[0])]
    if table is not None:
        raise EditError(f"'{section}' in {file} is not a mapping of id: ...")
    return _insert_section(ctx, file, section, {key: value})


def _insert_section(ctx: Context, file: str, section: str, value: Any) -> list[Patch]:
    editor = ctx.editor(file)
    root = ctx.roots[file]
    assert isinstance(root, Mapping)
    if section in root.entries:
        key_node, node = root.entries[section]
        return editor.replace(key_node, node, render.flow(value))
    anchor = insertion_anchor(list(root.entries), section, TOP_KEYS)
    separate = editor.layout.blank_separated([k.start for k, _ in root.entries.values()])
    # An arc is written as a block (its beats go under it); other entities in flow.
    return editor.insert_entries(root, anchor, {section: value}, block_values=True,
                                 separate=separate, nested=section == "arcs")


def _insert_after(
    editor: TextEditor, table: Mapping, after: str | None, values: dict[str, Any]
) -> list[Patch]:
    """Insert entity entries in the style of the table's other entries."""
    entries = elements(table)
    neighbour = next((e for e in entries if e.key and e.key.value == after), entries[0])
    block_values = not table.flow and isinstance(neighbour.value, Mapping) and not (
        neighbour.value.flow
    )
    separate = not table.flow and editor.layout.blank_separated(
        [editor.head(e) for e in entries if editor.owns_lines(e)]
    )
    order = _sibling_key_order(entries)
    if order:  # the keys in the order the siblings write them
        values = {
            k: dict(sorted(v.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                           else len(order))) if isinstance(v, dict) else v
            for k, v in values.items()
        }
    return editor.insert_entries(table, after, values, block_values=block_values,
                                 separate=separate)


def _sibling_key_order(entries: list[Element]) -> list[str]:
    """The order the entries' own keys are written in, merged across them (a key one
    entry has and another lacks goes after the key it follows)."""
    order: list[str] = []
    for entry in entries:
        if not isinstance(entry.value, Mapping):
            continue
        previous: str | None = None
        for key in entry.value.entries:
            if key not in order:
                order.insert(order.index(previous) + 1 if previous is not None else 0, key)
            previous = key
    return order


def _add_beat(
    ctx: Context, arc: Arc, beat_id: str, plain: dict[str, Any], at: Position
) -> tuple[str, list[Patch]]:
    editor = ctx.editor(arc.file)
    node = arc.node
    assert isinstance(node, Mapping)
    beats = node.get("beats")
    if isinstance(beats, Mapping) and beats.entries:
        after = _beat_anchor(arc, beats, at)
        return arc.file, _insert_after(editor, beats, after, {beat_id: plain})
    if isinstance(beats, Mapping):
        return arc.file, editor.insert_entries(beats, None, {beat_id: plain})
    if beats is not None:
        key_node, value = node.entries["beats"]
        if isinstance(value, Scalar) and value.value == "" and not value.style:
            return arc.file, editor.replace(key_node, value, render.flow({beat_id: plain}))
        raise EditError(f"the beats of {arc.id} are not written as a mapping")
    anchor = insertion_anchor(list(node.entries), "beats", KEYS["arc"])
    return arc.file, editor.insert_entries(
        node, anchor, {"beats": {beat_id: plain}}, block_values=not node.flow,
        nested=not node.flow and _beats_written_as_blocks(ctx, arc.file),
    )


def _beats_written_as_blocks(ctx: Context, file: str) -> bool:
    """Whether the other arcs of ``file`` write their beats as block mappings (a first
    beat of a new arc is then written so too, not as one long flow line)."""
    for other in ctx.bible.arcs.values():
        beats = other.node.get("beats") if isinstance(other.node, Mapping) else None
        if other.file == file and isinstance(beats, Mapping) and beats.entries:
            first = next(iter(beats.entries.values()))[1]
            return isinstance(first, Mapping) and not first.flow
    return False


def _beat_anchor(arc: Arc, beats: Mapping, at: Position) -> str | None:
    """Which beat a new beat at ``at`` goes after: story order, if the arc is written so."""
    order = [b for b in beats.entries if b in arc.beats]
    positions = [arc.beats[b].at for b in order]
    if not order or positions != sorted(positions) or at >= positions[-1]:
        return list(beats.entries)[-1]
    earlier = [b for b in order if arc.beats[b].at <= at]
    return earlier[-1] if earlier else None


def _add_relation(ctx: Context, relation: Relation, plain: dict[str, Any]) -> Edit:
    bible = ctx.bible
    if bible.entity(relation.id) is not None:
        raise EditError(f"there is already a relation {relation.id}")
    file = _file_for(ctx, "relations", None)
    root = ctx.roots[file]
    assert isinstance(root, Mapping)
    editor = ctx.editor(file)
    seq = root.get("relations")
    if isinstance(seq, Sequence):
        block_items = bool(seq.items) and isinstance(seq.items[-1], Mapping) and not (
            seq.items[-1].flow  # type: ignore[union-attr]
        )
        patches = editor.insert_items(seq, len(seq.items), [plain], block_items=block_items)
    elif seq is None or (isinstance(seq, Scalar) and seq.value == "" and not seq.style):
        patches = _insert_section(ctx, file, "relations", [plain])
    else:
        raise EditError(f"'relations' in {file} is not a list")
    order = list(bible.texts)
    index = sum(1 for r in bible.relations if order.index(r.file) <= order.index(file))
    expected = with_added(bible, relation, relation_index=index)
    return Edit(f"add relation {relation.id}", {file: patches}, expected)


# -- remove ------------------------------------------------------------------------


def remove_entity(ctx: Context, entity_id: str) -> Edit:
    """Remove an entity (an arc with its beats); references to it are left to the checker."""
    target = find(ctx.bible, entity_id)
    if isinstance(target, Series):
        raise EditError("the series cannot be removed")
    kind = kind_of(target)
    if isinstance(target, Status):
        if target.node is None:
            raise EditError(f"{entity_id!r} is a default status, not written in the bible")
        if len(ctx.bible.statuses) == 1:
            raise EditError("a bible that writes statuses keeps at least one")
    collection, index = _container(ctx, target)
    patches = ctx.editor(target.file).remove_run(collection, index, index)
    return Edit(f"remove {kind} {entity_id}", {target.file: patches},
                without(ctx.bible, target), whole=kind in ("season", "status"))


def _container(ctx: Context, entity: Entity) -> tuple[Mapping | Sequence, int]:
    """The collection an entity is written in, and its index there."""
    if isinstance(entity, Relation):
        seq = ctx.roots[entity.file].get("relations")  # type: ignore[union-attr]
        assert isinstance(seq, Sequence)
        return seq, next(k for k, item in enumerate(seq.items) if item is entity.node)
    if isinstance(entity, Beat):
        arc_node = ctx.bible.arcs[entity.arc].node
        assert isinstance(arc_node, Mapping)
        table = arc_node.get("beats")
    else:
        table = ctx.roots[entity.file].get(SECTIONS[kind_of(entity)])  # type: ignore[union-attr]
    assert isinstance(table, Mapping)
    return table, list(table.entries).index(entity.id)


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
    _check_new_id(bible, kind_of(target), new)
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


# -- move ------------------------------------------------------------------------


def move_to_arc(ctx: Context, beat_id: str, arc_id: str, at: str | None = None) -> Edit | None:
    """Move a beat, with its comments, into another arc's beats.

    It goes where story order puts it among the arc's beats: at its own
    position, or at ``at`` when it is about to be moved there too.
    """
    bible = ctx.bible
    beat = bible.beats.get(beat_id)
    if beat is None:
        raise EditError(f"there is no beat {beat_id!r}")
    target = bible.arcs.get(arc_id)
    if target is None:
        raise EditError(f"there is no arc {arc_id!r}")
    if target.id == beat.arc:
        return None
    try:
        when = beat.at if at is None else fields.position(bible, at)
    except FieldError as exc:
        raise _fail(exc) from None
    source_beats, index = _container(ctx, beat)
    assert isinstance(source_beats, Mapping)
    source = ctx.editor(beat.file)
    patches: dict[str, list[Patch]] = {beat.file: source.remove_run(source_beats, index, index)}
    element = elements(source_beats)[index]
    arc_node = target.node
    assert isinstance(arc_node, Mapping)
    beats = arc_node.get("beats")
    editor = ctx.editor(target.file)
    if (isinstance(beats, Mapping) and beats.entries and not beats.flow
            and not source_beats.flow and source.owns_lines(element)):
        moved = _moved_lines(source, element, editor.indent_of(beats))
        after = _beat_anchor(target, beats, when)
        first = elements(beats)[0]
        if after is None and editor.owns_lines(first):
            offset = editor.lines(first)[0]
            insert = Patch(offset, offset, moved + editor.nl)
        else:
            anchor = first if after is None else next(e for e in elements(beats)
                                                      if e.key and e.key.value == after)
            offset = editor.layout.line_end(editor.last(anchor) - 1)
            insert = Patch(offset, offset, editor.nl + moved)
        added = [insert]
    else:
        added = _add_beat(ctx, target, beat_id, fields.written(beat), when)[1]
    patches.setdefault(target.file, []).extend(added)
    moved_beat = changed(beat, arc=target.id)
    expected = with_added(without(bible, beat), moved_beat)
    return Edit(f"move beat {beat_id} to arc {arc_id}", patches, expected)


def _moved_lines(source: TextEditor, element: Element, indent: int) -> str:
    """An entry's lines, own comments included, re-indented to ``indent`` (no last break)."""
    start, end = source.lines(element)
    chunk = source.text[start:end]
    for ending in ("\r\n", "\n"):
        if chunk.endswith(ending):
            chunk = chunk[: -len(ending)]
            break
    shift = indent - source.layout.indent(source.layout.line_start(source.head(element)))
    out = []
    for line in chunk.split("\n"):
        if shift >= 0:
            out.append(" " * shift + line if line.strip() else line)
        else:
            spaces = len(line) - len(line.lstrip(" "))
            out.append(line[min(-shift, spaces):])
    return "\n".join(out)
