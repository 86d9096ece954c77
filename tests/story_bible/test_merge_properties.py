"""Merging two edits of different entities is making both edits, one after the other.

Random pairs of the editor's own edits (move a beat, rewrite a summary, tag
a beat, change a character's side or actor, add a beat, remove one) are
made on the bundled sample, each on its own copy: ours and theirs. When the
two touch different entities (and, for an added, removed or moved beat,
different arcs), the three-way merge of base, ours and theirs must be, character for
character, the text the editor gives by making ours' edit and then theirs'.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from story_bible.merge import merge_texts
from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document, EditError

BASE = sample_path().read_text(encoding="utf-8")
NAME = "bible.yaml"
_DOC = Document.from_texts({NAME: BASE})
BEATS = sorted(_DOC.bible.beats)
CHARACTERS = sorted(_DOC.bible.characters)
FACTIONS = sorted(_DOC.bible.factions)
ARCS = sorted(_DOC.bible.arcs)
WORDS = ["The roof at dawn", "최남라 waits", "it's over", "no", "Hyosan: day one"]

Edit = tuple[Any, ...]


def episodes(beat: str) -> list[str]:
    arc = _DOC.bible.arcs[_DOC.bible.beats[beat].arc]
    return [f"{s}E{e:02d}" for s in arc.seasons for e in (1, 5, 12)]


@st.composite
def edits(draw: st.DrawFn) -> Edit:
    kind = draw(st.sampled_from(["at", "summary", "tags", "faction", "actor", "add", "remove"]))
    if kind in ("at", "summary", "tags", "remove"):
        beat = draw(st.sampled_from(BEATS))
        if kind == "at":
            return ("set", beat, "at", draw(st.sampled_from(episodes(beat))))
        if kind == "summary":
            return ("set", beat, "summary", draw(st.sampled_from(WORDS)))
        if kind == "tags":
            return ("set", beat, "tags", draw(st.lists(st.sampled_from(["death", "reveal"]),
                                                       max_size=2, unique=True)))
        return ("remove", beat)
    if kind in ("faction", "actor"):
        character = draw(st.sampled_from(CHARACTERS))
        value = draw(st.sampled_from(FACTIONS if kind == "faction" else WORDS))
        return ("set", character, kind, value)
    arc = draw(st.sampled_from(ARCS))
    season = _DOC.bible.arcs[arc].seasons[0]
    at = f"{season}E{draw(st.integers(1, 12)):02d}"
    return ("add", f"new-{draw(st.integers(0, 99))}", arc, at)


def make(doc: Document, edit: Edit) -> None:
    if edit[0] == "set":
        doc.set(edit[1], edit[2], edit[3])
    elif edit[0] == "remove":
        doc.remove(edit[1])
    else:
        doc.add("beat", edit[1], {"at": edit[3], "summary": "Added"}, arc=edit[2])


def touched(edit: Edit) -> set[str]:
    """The entities an edit changes.

    An added or removed beat changes its arc's beats too, and so does a beat
    moved to another episode: a beat added to that arc is placed among its
    siblings by episode, so where it lands depends on the move.
    """
    if edit[0] == "set" and edit[2] == "at":
        return {edit[1], _DOC.bible.beats[edit[1]].arc}
    if edit[0] == "set":
        return {edit[1]}
    if edit[0] == "remove":
        return {edit[1], _DOC.bible.beats[edit[1]].arc}
    return {edit[1], edit[2]}


def edited(*steps: Edit) -> str:
    doc = Document.from_texts({NAME: BASE})
    for step in steps:
        make(doc, step)
    return doc.texts[NAME]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ours=edits(), theirs=edits())
def test_merging_edits_of_different_entities_is_making_both(ours: Edit, theirs: Edit) -> None:
    assume(not touched(ours) & touched(theirs))
    try:
        ours_text, theirs_text = edited(ours), edited(theirs)
        both = edited(ours, theirs)
    except EditError:
        assume(False)  # an edit the editor refuses (a beat after itself...) is no pair
        raise
    event(f"{ours[0]} + {theirs[0]}")
    merged = merge_texts(BASE, ours_text, theirs_text)
    assert merged.conflicts == []
    assert merged.structural
    assert merged.text == both
