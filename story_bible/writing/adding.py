"""Adding an entity: checked fields, the entry written where its kind's entries are.

:func:`add_entity` checks the kind, the fields (as the format says) and the
new id, and writes the entry in the style of its neighbours: a beat among
its arc's beats in story order, an arc after its season's arcs, a relation
at the end of the list, a first status together with the defaults it
replaces. :func:`add_beat` and :func:`beat_anchor` also place a beat that
:func:`~story_bible.writing.moving.move_to_arc` moves.
"""

from __future__ import annotations

from typing import Any

from story_bible.model import Arc, Bible, Entity, Relation, Season
from story_bible.positions import Position, season_number
from story_bible.reading.nodes import Mapping, Scalar, Sequence
from story_bible.vocabulary import TOP_KEYS
from story_bible.writing import render
from story_bible.writing import values as fields
from story_bible.writing.edit_context import Context, Edit, EditError, check_new_id, fail
from story_bible.writing.expected import with_added
from story_bible.writing.patch import Patch
from story_bible.writing.text_editor import Element, TextEditor, elements, insertion_anchor
from story_bible.writing.values import KEYS, REQUIRED, SECTIONS, FieldError


def add_entity(
    ctx: Context, kind: str, entity_id: str, values: dict[str, Any], arc: str | None = None
) -> Edit:
    """Add a new entity of ``kind`` (for a beat, to ``arc``)."""
    bible = ctx.bible
    if kind not in fields.KINDS:
        raise EditError(f"cannot add a {kind!r}; the kinds are {', '.join(fields.KINDS)}")
    plain = _checked_fields(kind, values)
    if kind != "relation":
        check_new_id(bible, kind, entity_id)
    if kind == "beat" and (arc is None or arc not in bible.arcs):
        raise EditError(f"a beat belongs to an arc; there is no arc {arc!r}" if arc else
                        "say which arc the beat belongs to")
    entity = _build(bible, kind, entity_id, plain, arc)
    if kind == "beat":
        assert arc is not None
        file, patches = add_beat(ctx, bible.arcs[arc], entity_id, plain, entity.at)  # type: ignore[attr-defined]
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
        raise fail(exc) from None
    missing = [f"'{k}'" for k in REQUIRED[kind] if k not in plain]
    if kind == "arc" and ("season" in plain) == ("seasons" in plain):
        missing.append("'season' (or 'seasons')")
    if missing:
        raise EditError(f"a new {kind} needs " + ", ".join(missing))
    return plain


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
        raise fail(exc) from None


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


def add_beat(
    ctx: Context, arc: Arc, beat_id: str, plain: dict[str, Any], at: Position
) -> tuple[str, list[Patch]]:
    editor = ctx.editor(arc.file)
    node = arc.node
    assert isinstance(node, Mapping)
    beats = node.get("beats")
    if isinstance(beats, Mapping) and beats.entries:
        after = beat_anchor(arc, beats, at)
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


def beat_anchor(arc: Arc, beats: Mapping, at: Position) -> str | None:
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
