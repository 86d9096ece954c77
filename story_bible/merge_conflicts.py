"""Git's conflict markers around the entities a merge could not decide, and only them.

:func:`mark` puts ``<<<<<<< ours`` ... ``=======`` ... ``>>>>>>> theirs``
around each conflicting entity's lines (our version, then theirs); an entity
written inline among others (``{a: ..., b: ...}``) takes the lines that hold
it, once as ours and once with their version in its place. An entity inside
another that conflicts is marked with it, not again. Markers that would
overlap raise :class:`~story_bible.merge_reading.Unmergeable`.
"""

from __future__ import annotations

from story_bible.merge_patches import reindent
from story_bible.merge_reading import (
    Path,
    Unmergeable,
    element_names,
    element_of,
    find_node,
    root_of,
)
from story_bible.reading.nodes import Mapping, Node, Sequence
from story_bible.writing.patch import Patch, apply
from story_bible.writing.text_editor import Element, TextEditor, elements

MARKER = 7


def mark(text: str, theirs_text: str, theirs_root: Mapping,
         all_conflicts: list[tuple[Path, str]]) -> str:
    """``text`` with markers around each of ``all_conflicts``, theirs from ``theirs_text``."""
    root = root_of(text)
    editor = TextEditor(text)
    their_editor = TextEditor(theirs_text)
    patches: list[Patch] = []
    spans: list[tuple[int, int]] = []
    conflicts = [c for c in all_conflicts
                 if not any(c != o and (*c[0], c[1])[: len(o[0]) + 1] == (*o[0], o[1])
                            for o in all_conflicts)]
    for path, key in conflicts:
        container = find_node(root, path)
        theirs = find_node(theirs_root, path)
        ours_el = element_of(container, key)
        their_el = element_of(theirs, key)
        if (ours_el is not None and isinstance(container, Mapping | Sequence)
                and not editor.owns_lines(ours_el)):
            # Inline among others (``{a: ..., b: ...}``): the lines that hold it,
            # and the same lines with their version of it in its place.
            start, end, ours_lines, their_lines = _inline(
                theirs_text, text, editor, ours_el, their_el, their_editor)
        elif ours_el is not None and isinstance(container, Mapping | Sequence):
            start, end = editor.lines(ours_el)
            ours_lines = text[start:end]
            shift = editor.indent_of(container)
        else:
            start = end = _insertion_point(text, editor, container, theirs, key)
            ours_lines = ""
            shift = editor.indent_of(container) if isinstance(
                container, Mapping | Sequence) and elements(container) else 0
        if ours_el is not None and not editor.owns_lines(ours_el):
            pass  # both versions are written above
        elif their_el is not None and isinstance(theirs, Mapping | Sequence):
            if not their_editor.owns_lines(their_el):
                raise Unmergeable
            t_start, t_end = their_editor.lines(their_el)
            their_lines = reindent(theirs_text[t_start:t_end],
                                    shift - their_editor.indent_of(theirs))
        else:
            their_lines = ""
        if any(s < end and start < e for s, e in spans):
            raise Unmergeable
        spans.append((start, end))
        nl = editor.nl
        block = (f"{'<' * MARKER} ours{nl}{_ended(ours_lines, nl)}{'=' * MARKER}{nl}"
                 f"{_ended(their_lines, nl)}{'>' * MARKER} theirs{nl}")
        if start == len(text) and text and not text.endswith("\n"):
            block = nl + block
        patches.append(Patch(start, end, block))
    return apply(text, patches)

def _inline(theirs_text: str, text: str, editor: TextEditor, ours: Element, theirs: Element | None,
            their_editor: TextEditor) -> tuple[int, int, str, str]:
    head, last = editor.head_flow(ours), editor.last(ours)
    start = editor.layout.line_start(head)
    end = editor.layout.next_line(max(last - 1, head))
    if theirs is None:  # removed on their side: the entry and its comma go
        after = text[last:end]
        comma = len(after) - len(after.lstrip(", ")) if after.lstrip().startswith(",") else 0
        written = text[start:head] + text[last + comma:end]
    else:
        if "\n" in theirs_text[their_editor.head_flow(theirs):their_editor.last(theirs)]:
            raise Unmergeable  # theirs spans lines where ours is inline: merge by lines
        their_text = theirs_text[their_editor.head_flow(theirs):their_editor.last(theirs)]
        written = text[start:head] + their_text + text[last:end]
    return start, end, text[start:end], written

def _insertion_point(text: str, editor: TextEditor, container: Node | None,
                     theirs: Node | None, key: str) -> int:
    if not isinstance(container, Mapping | Sequence) or not elements(container):
        raise Unmergeable
    ours = element_names(container)
    names = element_names(theirs) if isinstance(theirs, Mapping | Sequence) else []
    at = names.index(key) if key in names else 0
    anchor = next((n for n in reversed(names[:at]) if n in ours), None)
    ours_elements = elements(container)
    if anchor is None:
        return editor.lines(ours_elements[0])[0]
    return editor.lines(ours_elements[ours.index(anchor)])[1]


def _ended(lines: str, nl: str) -> str:
    return lines if not lines or lines.endswith("\n") else lines + nl
