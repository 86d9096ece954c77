"""A document settled in steps (as the editor does between keys) stays true.

An edit commits lazily and the document settles its raw offsets later
(``Document.settle``), a few milliseconds at a time in the editor. Between two
steps, and when a change comes before the last one (an edit settles the rest
first, as it reads raw offsets; an undo does not), every node must still
answer its true line and column, and the settle that follows must make every
raw offset true.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_edits_properties import apply_edit, bibles, edits
from test_edits_support import assert_located, assert_sound

from story_bible.writing import lazy_commit
from story_bible.writing.document import Document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=bibles(), data=st.data())
def test_edits_between_the_steps_of_a_settle_keep_every_node_true(
    text: str, data: st.DataObject
) -> None:
    doc = Document.from_texts({"bible.yaml": text})
    with mock.patch.object(lazy_commit, "STEP", 40):  # a step or so per entry
        for _ in range(data.draw(st.integers(1, 6), label="edits")):
            kind, args = data.draw(edits(doc.bible), label="edit")
            apply_edit(doc, kind, args)
            assert_located(doc)
            for _ in range(data.draw(st.integers(0, 6), label="steps")):
                if doc.settle(0):
                    assert doc.settled
                    break
                assert not doc.settled
                assert_located(doc)  # half settled: every node still true
            if not doc.settled and data.draw(st.booleans(), label="undo half settled"):
                doc.undo()  # an undo needs no raw offset: it drops the settle begun
                assert_located(doc)
    assert_sound(doc)  # settles what is left: every raw offset true


def test_a_settle_in_steps_takes_several_and_ends_settled() -> None:
    head = "arcroom: 1\nseries: {title: T}\nfactions:\n  f:\n    name: F\ncharacters:\n"
    people = "".join(f"  c{n}:\n    name: Someone {n}\n    faction: f\n" for n in range(50))
    doc = Document.from_texts({"bible.yaml": head + people})
    doc.set_fields("rename", [("c0", "name", "Somebody else entirely")])
    assert not doc.settled
    with mock.patch.object(lazy_commit, "STEP", 40):
        steps = 1
        while not doc.settle(0):
            steps += 1
            assert_located(doc)
    assert steps > 10  # one step per character or so, not the whole file at once
    assert doc.settled
    assert_sound(doc)


def test_edit_after_edit_no_earlier_version_of_the_text_is_kept() -> None:
    """A settle gives the nodes lines that answer through the file's table of line
    starts; they held the whole text of their time as well, so every version of a file
    stayed alive with the nodes the undo history's entities keep: ~8.5 MB an edit of a
    4.4 MB bible, until the editor closed."""
    import gc

    from story_bible.reading.nodes import Lines

    head = ("arcroom: 1\nseries: {title: Versions kept}\nfactions:\n  f:\n    name: F\n"
            "characters:\n")
    people = "".join(f"  c{n}:\n    name: Someone {n}\n    faction: f\n" for n in range(50))
    doc = Document.from_texts({"bible.yaml": head + people})

    def versions_held() -> int:
        gc.collect()
        return len({id(lines._text) for lines in gc.get_objects()
                    if isinstance(lines, Lines) and lines._text.startswith(head)})

    for n in range(6):
        doc.set_fields("rename", [(f"c{n * 7}", "name", "A much longer name " * (n % 2 + 1))])
        doc.settle()
        assert doc.settled
    assert doc.can_undo
    assert versions_held() <= 2  # (the text now, and the one the last edit was read in)
    assert_sound(doc)
