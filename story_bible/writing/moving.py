"""Taking an entry out of its collection: removing an entity, moving a beat to another arc.

:func:`remove_entity` takes out an entity's whole entry (an arc with its
beats); references to it are left for the checker to tell. :func:`move_to_arc`
takes a beat out of its arc and writes it, its own comments too, among the
other arc's beats where story order puts it.
"""

from __future__ import annotations

from story_bible.model import Beat, Entity, Relation, Series, Status
from story_bible.reading.nodes import Mapping, Sequence
from story_bible.writing import values as fields
from story_bible.writing.adding import add_beat, beat_anchor
from story_bible.writing.edit_context import Context, Edit, EditError, fail, find
from story_bible.writing.expected import changed, with_added, without
from story_bible.writing.patch import Patch
from story_bible.writing.text_editor import Element, TextEditor, elements
from story_bible.writing.values import SECTIONS, FieldError, kind_of


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
    collection, index = container(ctx, target)
    patches = ctx.editor(target.file).remove_run(collection, index, index)
    return Edit(f"remove {kind} {entity_id}", {target.file: patches},
                without(ctx.bible, target), whole=kind in ("season", "status"))


def container(ctx: Context, entity: Entity) -> tuple[Mapping | Sequence, int]:
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
        raise fail(exc) from None
    source_beats, index = container(ctx, beat)
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
        after = beat_anchor(target, beats, when)
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
        added = add_beat(ctx, target, beat_id, fields.written(beat), when)[1]
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
