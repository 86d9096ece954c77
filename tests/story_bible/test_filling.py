"""A document opened "later" (the editor's way) is the eager document once filled.

``Document.open(..., later=True)`` reads the beats and characters without
their nodes and composes them afterwards, a table at a time
(``story_bible.writing.filling``). These tests hold it to the full reading:
the same trees node by node, entities pointing at the trees' own nodes, and
edits that give the same text whether or not the filling had finished.
"""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_edits_properties import apply_edit, bibles, edits
from test_edits_support import AOUAD, assert_adopted, assert_sound, tree

from story_bible.reading.loader import sample_path
from story_bible.reading.nodes import Mapping
from story_bible.writing.document import Document

FILE = "bible.yaml"


def test_a_document_opened_later_leaves_the_beats_and_characters_to_fill() -> None:
    doc = Document.from_texts({FILE: AOUAD}, later=True)
    assert not doc.filled
    assert all(beat.node is None for beat in doc.bible.beats.values())
    beats = doc._roots[FILE].get("arcs").get("escape-hyosan").get("beats")  # type: ignore[union-attr]
    assert isinstance(beats, Mapping) and not beats.entries
    assert not doc.fill(1)  # the characters first (in reading order), then each arc's beats
    assert doc.fill()
    assert doc.filled
    assert_sound(doc)
    assert_adopted(doc)


def test_the_filled_sample_is_the_full_reading_node_for_node() -> None:
    later, eager = Document.open(sample_path(), later=True), Document.open(sample_path())
    later.fill()
    assert later.bible == eager.bible
    for file, root in eager._roots.items():
        assert tree(later._roots[file]) == tree(root)
    assert_adopted(later)


def test_an_edit_before_the_filling_fills_first_and_edits_the_same_bytes() -> None:
    later, eager = (Document.from_texts({FILE: AOUAD}, later=flag) for flag in (True, False))
    for doc in (later, eager):
        doc.set("roof", "summary", "They reach the roof in the rain.")
        doc.add("beat", "rescue", {"at": "S1E12", "summary": "A helicopter"},
                arc="escape-hyosan")
    assert later.filled
    assert later.texts == eager.texts
    assert_sound(later)
    assert_adopted(later)
    while later.undo():
        pass
    assert later.texts[FILE] == AOUAD


def test_nodes_an_entity_composed_for_itself_give_way_to_the_tables() -> None:
    """A rule locating a problem before the filling composes the beat's own nodes; the
    filling must still point the beat at the tree's, which edits move."""
    doc = Document.from_texts({FILE: AOUAD}, later=True)
    roof = doc.bible.beats["roof"]
    own = roof.node_at("summary")
    assert own is not None and roof.node is not None
    doc.fill()
    assert_adopted(doc)
    assert roof.node_at("summary") is not own


def test_filling_from_two_threads_fills_each_table_once() -> None:
    doc = Document.from_texts({FILE: AOUAD}, later=True)
    seen: list[Any] = []
    threads = [threading.Thread(target=lambda: seen.append(doc.fill())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [True] * 4
    assert_sound(doc)
    assert_adopted(doc)


def test_a_file_the_quick_reading_leaves_whole_has_nothing_to_fill() -> None:
    tagged = AOUAD.replace("title: All of Us Are Dead", "title: !!str All of Us Are Dead")
    doc = Document.from_texts({FILE: tagged}, later=True)
    assert doc.filled
    assert doc.bible.characters["nam-ra"].node is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=bibles(), data=st.data())
def test_random_edits_on_a_document_opened_later_match_the_eager_one(
    text: str, data: st.DataObject
) -> None:
    later = Document.from_texts({FILE: text}, later=True)
    eager = Document.from_texts({FILE: text})
    if data.draw(st.booleans(), label="filled a little first"):
        later.fill(1)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        kind, args = data.draw(edits(eager.bible), label="edit")
        for doc in (later, eager):
            apply_edit(doc, kind, args)
        assert later.texts == eager.texts
        assert_sound(later)
    assert_adopted(later)
