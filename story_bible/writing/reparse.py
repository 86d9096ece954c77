"""The model of patched bible text: re-read only what the patches touched, or everything.

Re-loading a 1,000-beat file costs more than the editor's whole budget for a
keypress, so an edit re-reads the smallest run of whole entries that holds
its patches (a beat, a few characters, an arc, a relation) with the loader's
own readers, splices the new entities into the model, and moves the nodes of
the rest of the file by the length the text gained or lost. Anything else
(seasons, statuses, the series, a file with anchors, text that does not read
on its own) is re-loaded whole. Either way the caller compares the result to
the model the edit meant, before :meth:`Reread.commit` makes it the truth.

This module holds the API (:func:`reread`, :func:`full`, :class:`Reread`,
:class:`Unit`) and the candidate model (the bible with the re-read entities
spliced in, sharing every other entity). Finding and reading the touched
run is :mod:`story_bible.writing.touched`'s; making its nodes the truth is
:mod:`story_bible.writing.commit`'s (eagerly) and
:mod:`story_bible.writing.lazy_commit`'s (lazily).

The move is O(file). :meth:`Reread.commit_lazily` (the language server's,
a keystroke at a time) places the re-read nodes only and logs the move:
nodes read earlier keep their offsets and answer their line, column and
offset now through their :class:`~story_bible.reading.nodes.Lines`
(``Lines.locate``, ``Lines.offset``) until :func:`settle` makes every raw
offset true. Finding the run reads offsets through the Lines too, so it
works on a tree committed either way.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any, NamedTuple

from story_bible.model import Beat, Bible, Entity
from story_bible.reading import loader
from story_bible.reading.nodes import Mapping, Node
from story_bible.writing.commit import commit_eagerly
from story_bible.writing.lazy_commit import commit_lazily, settle
from story_bible.writing.patch import Patch, apply
from story_bible.writing.touched import TABLES, Unit, touched_units

__all__ = ["TABLES", "Reread", "Unit", "full", "reread"]


def _nothing() -> None:
    """Nothing to commit: a whole re-read's nodes are the truth already."""


class Reread(NamedTuple):
    """A candidate model for the patched text, and how to make its nodes the truth.

    ``commit`` moves every node after the change (O(file)), so every raw
    offset is true at once (the tests' reference). ``commit_lazily`` places
    only the re-read nodes and logs the move for the rest (O(fragment +
    chunks)): every node then answers its line and column, and :func:`settle`
    its offsets, through :attr:`Lines.moved`; a tree committed lazily is
    settled before any eager commit or direct offset read. The
    :class:`~story_bible.writing.document.Document` and the language server
    commit lazily.
    """

    bible: Bible
    roots: dict[str, Node]
    commit: Callable[[], None]
    commit_lazily: Callable[[], None] = _nothing


def reread(
    bible: Bible, roots: dict[str, Node], patches: dict[str, list[Patch]],
    *, whole: bool = False, patched: dict[str, str] | None = None,
) -> Reread:
    """The model of ``bible``'s texts with ``patches`` applied; raises :class:`LoadError`.

    ``patched``: the texts the patches give, when the caller has them already.
    """
    texts = dict(bible.texts)
    for file, file_patches in patches.items():
        given = patched.get(file) if patched is not None else None
        texts[file] = given if given is not None else apply(bible.texts[file], file_patches)
    units = None if whole else touched_units(bible, roots, patches, texts)
    if units is None:
        return full(texts)
    candidate = _splice(bible, units, texts)
    return Reread(
        candidate, roots,
        lambda: _commit(candidate, roots, units, texts, bible.texts),
        lambda: commit_lazily(candidate, roots, units, texts),
    )


def full(texts: dict[str, str]) -> Reread:
    """Load every file again (raises :class:`LoadError`)."""
    new_roots: dict[str, Node] = {}
    bible = loader.load_texts(texts, new_roots)
    return Reread(bible, new_roots, _nothing, _nothing)


# -- the candidate model -----------------------------------------------------------


def _splice(bible: Bible, units: list[Unit], texts: dict[str, str]) -> Bible:
    changes: dict[str, Any] = {}
    arcs = dict(bible.arcs)
    for unit in units:
        old_ids = _ids(unit)
        if unit.section == "beats":
            assert unit.arc is not None
            arc = arcs[unit.arc]
            arcs[unit.arc] = dataclasses.replace(
                arc, beats=_replace_run(arc.beats, old_ids, unit.entities)
            )
        elif unit.section == "relations":
            relations = changes.get("relations", bible.relations)
            mine = [k for k, r in enumerate(relations) if r.file == unit.file]
            start = mine[unit.i] if unit.i < len(mine) else len(relations)
            end = mine[unit.j] + 1 if unit.j < len(mine) else start
            changes["relations"] = [*relations[:start], *unit.entities, *relations[end:]]
        elif unit.section == "arcs":
            arcs = _replace_run(arcs, old_ids, unit.entities)
        else:
            table = changes.get(unit.section, getattr(bible, unit.section))
            changes[unit.section] = _replace_run(table, old_ids, unit.entities)
    beats = _same_beats(bible, units)
    if beats is None:
        return dataclasses.replace(bible, arcs=arcs, texts=texts, **changes)
    # The same beats under the same ids: the index is the old one with the
    # re-read beats put in (a copy in C), not rebuilt beat by beat.
    spliced = copy.copy(bible)
    for name, value in (("arcs", arcs), ("texts", texts), *changes.items()):
        setattr(spliced, name, value)
    spliced.beats = beats
    return spliced


def _same_beats(bible: Bible, units: list[Unit]) -> dict[str, Beat] | None:
    """``bible.beats`` with the units' beats put in, when only beats were re-read, as they were."""
    if any(unit.section != "beats" for unit in units):
        return None
    beats = dict(bible.beats)
    for unit in units:
        if _ids(unit) != [e.id for e in unit.entities]:
            return None
        for beat in unit.entities:
            assert isinstance(beat, Beat)  # a beats unit reads beats
            beats[beat.id] = beat
    return beats


def _ids(unit: Unit) -> list[str]:
    if isinstance(unit.collection, Mapping):
        return list(unit.collection.entries)[unit.i : unit.j + 1]
    return []


def _replace_run(table: dict[str, Any], old_ids: list[str], new: list[Entity]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    gone = set(old_ids)
    placed = False
    for key, value in table.items():
        if key in gone:
            if not placed:
                out.update((e.id, e) for e in new)
                placed = True
            continue
        out[key] = value
    if not placed:
        out.update((e.id, e) for e in new)
    return out


def _commit(
    bible: Bible, roots: dict[str, Node], units: list[Unit], texts: dict[str, str],
    old_texts: dict[str, str],
) -> None:
    """The eager commit (:func:`commit_eagerly`) of a tree committed lazily or not."""
    for unit in units:
        if roots[unit.file].lines.moved is not None:
            # Committed lazily before: make every offset true first, in the
            # text before this edit (the one the units were found in).
            settle(bible, {unit.file: roots[unit.file]}, {unit.file: old_texts[unit.file]},
                   keep=False)
    commit_eagerly(bible, roots, units, texts)
