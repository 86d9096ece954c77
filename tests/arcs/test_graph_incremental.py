"""An edit of what nothing is placed by patches the kept graph, its view and keeps the layout,
and the result is what a fresh build gives; so does an edit of a beat's place, cast or
links (:func:`arcs.graph.patch_beats`, :func:`arcs.views.patch_view`); any other edit is
found and built afresh.

A property test applies random sequences of the editor's own edits (those of the
incremental checker's test, and edits of every entity's notes, summaries, an actor,
tags and flashbacks) and after each compares the patched graph, the patched view and
the kept layout with ones made from scratch: same nodes, edges and attributes, in the
same order.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from plans import plan
from test_incremental import apply, edit

from arcs.graph import (
    PLACES,
    Patched,
    attribute_edits,
    beat_edits,
    build_graph,
    patch_beats,
    update_attributes,
)
from arcs.layout import layout, relaid
from arcs.order import build_story
from arcs.views import patch_view, same_view, select
from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document

VIEWS = ["beats", "arcs", "factions", "character:nam-ra", "overview", "stances"]


def sample() -> Document:
    return Document.from_texts(Document.open(sample_path()).texts)


def planned() -> Document:
    return Document.from_texts({"bible.yaml": plan(3, beats=60, episodes=4)})


def same_graph(kept: nx.MultiDiGraph, fresh: nx.MultiDiGraph) -> None:
    """The same graph, node for node and edge for edge, in the same order."""
    assert kept.graph == fresh.graph
    assert list(kept.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(kept.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))


def shown(view: str, bible: Any) -> str:
    """The view the graph tab shows: a character renamed away, the first character's."""
    if view.startswith("character:") and view[10:] not in bible.characters:
        return f"character:{next(iter(bible.characters))}"
    return view


@st.composite
def attribute_edit(draw: st.DrawFn, doc: Document) -> tuple[str, Any]:
    """An edit of an attribute no picture places anything by, on any kind of entity."""
    b = doc.bible
    table = draw(st.sampled_from(["beats", "beats", "beats", "arcs", "characters", "factions",
                                  "seasons"]))
    target = draw(st.sampled_from(sorted(getattr(b, table))))
    field = draw(st.sampled_from({
        "beats": ["summary", "summary", "notes", "tags", "flashback", "setup"],
        "characters": ["summary", "notes", "actor"],
    }.get(table, ["summary", "notes"])))
    value: Any = draw(st.sampled_from(["A new summary. With more", "x", None]))
    if field == "tags":
        value = draw(st.sampled_from([["alliance"], None]))
    if field == "flashback":
        value = draw(st.booleans()) or None
    return "set", (target, field, value)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), base=st.sampled_from(["sample", "plan"]),
       view=st.sampled_from(VIEWS))
def test_random_edits_give_the_graph_view_and_layout_built_afresh(
    data: st.DataObject, base: str, view: str
) -> None:
    doc = sample() if base == "sample" else planned()
    if view.startswith("character:") and "nam-ra" not in doc.bible.characters:
        view = f"character:{next(iter(doc.bible.characters))}"
    bible = doc.bible
    G = build_graph(bible)
    V = select(G, view)
    L = layout(V)
    for _ in range(data.draw(st.integers(1, 10))):
        step = data.draw(st.one_of(attribute_edit(doc), edit(doc)))
        apply(doc, step)
        edited = attribute_edits(bible, doc.bible)
        bible = doc.bible
        if edited is None:  # built afresh, as the graph tab does
            view = shown(view, bible)
            G = build_graph(bible)
            V = select(G, view)
            L = layout(V)
            continue
        update_attributes(G, edited)
        update_attributes(V, edited)
        same_graph(G, build_graph(bible))
        same_graph(V, select(build_graph(bible), view))
        assert layout(V) == L  # the layout kept is the one laid out afresh


def test_edits_of_attributes_are_found_and_any_other_is_not() -> None:
    doc = sample()
    before = doc.bible
    doc.set("nam-ra-bitten", "summary", "Nam-ra is bitten, and hides it")
    edited = attribute_edits(before, doc.bible)
    assert edited is not None and list(edited) == ["nam-ra-bitten"]
    G = build_graph(before)
    assert update_attributes(G, edited) == {"nam-ra-bitten": {"summary"}}
    assert G.nodes["nam-ra-bitten"]["summary"] == "Nam-ra is bitten, and hides it"
    for target, field, value in [
        ("nam-ra-bitten", "flashback", True), ("nam-ra", "actor", "Someone"),
        ("nam-ra", "notes", "n"), ("S1", "summary", "s"),
    ]:
        before = doc.bible
        doc.set(target, field, value)
        assert attribute_edits(before, doc.bible) == {target: doc.bible.entity(target)}
    for target, field, value in [
        ("nam-ra-bitten", "at", "S1E01"), ("nam-ra", "status", "dead"),
        ("nam-ra", "faction", "military"), ("S1", "title", "Another"),
    ]:
        before = doc.bible
        doc.set(target, field, value)
        assert attribute_edits(before, doc.bible) is None, (target, field)
    assert attribute_edits(doc.bible, doc.bible) == {}


@pytest.mark.parametrize("field", ["after", "characters"])
def test_a_link_or_a_cast_edited_is_not_an_attribute(field: str) -> None:
    doc = sample()
    before = doc.bible
    beat = next(b for b in before.beats.values() if b.after and b.characters)
    doc.set(beat.id, field, None)
    assert attribute_edits(before, doc.bible) is None


def test_same_view_tells_a_view_changed_from_one_that_did_not() -> None:
    doc = sample()
    before = select(build_graph(doc.bible), "beats", season="S1")
    assert same_view(before, select(build_graph(doc.bible), "beats", season="S1"))
    s2 = next(b for b in doc.bible.beats.values() if b.at.season == 2)
    doc.set(s2.id, "summary", "Another season's beat retitled")
    assert same_view(before, select(build_graph(doc.bible), "beats", season="S1"))
    s1 = [b for b in doc.bible.beats.values() if b.at.season == 1]
    doc.set(s1[-1].id, "after", [s1[0].id])  # an edge more (or another one)
    assert not same_view(before, select(build_graph(doc.bible), "beats", season="S1"))
    doc.undo()
    doc.set(s1[0].id, "summary", "Retitled")
    assert not same_view(before, select(build_graph(doc.bible), "beats", season="S1"))


#: The edits a patch makes (a beat moved, its cast, its changes, its links), and others.
PATCHED = ("at", "at", "move", "characters", "changes", "changes", "after", "after",
           "sets_up", "pays_off", "flashback", "summary")


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), base=st.sampled_from(["sample", "plan"]),
       view=st.sampled_from(["beats", "beats", "overview", *VIEWS]),
       season=st.sampled_from([None, None, "S1", "S2"]),
       lanes=st.sampled_from([None, "faction"]))
def test_beats_moved_recast_or_relinked_patch_the_graph_and_view_built_afresh(
    data: st.DataObject, base: str, view: str, season: str | None, lanes: str | None
) -> None:
    doc = sample() if base == "sample" else planned()
    if view.startswith("character:") and "nam-ra" not in doc.bible.characters:
        view = f"character:{next(iter(doc.bible.characters))}"
    if season not in doc.bible.seasons or view in ("factions", "stances"):
        season = None
    if view in ("factions", "stances"):
        lanes = None
    story = build_story(doc.bible)
    G = build_graph(doc.bible, story)
    V = select(G, view, season=season, lanes=lanes)
    patched_any = False
    for _ in range(data.draw(st.integers(1, 8))):
        step = data.draw(st.one_of(edit(doc, PATCHED), edit(doc), attribute_edit(doc)))
        before = doc.bible
        apply(doc, step)
        found = beat_edits(before, doc.bible)
        new = build_story(doc.bible)
        patched = None if found is None else patch_beats(G, story, new, found[1])
        story = new
        if found is None or patched is None:
            view = shown(view, doc.bible)
            G = build_graph(doc.bible, story)
            V = select(G, view, season=season, lanes=lanes)
            continue
        patched_any |= bool(patched.beats)
        update_attributes(G, found[0])
        laid = layout(V)
        changed = patch_view(V, G, patched, season)
        if changed is None:
            V = select(G, view, season=season, lanes=lanes)
        update_attributes(V, found[0])
        fresh = build_graph(doc.bible)
        same_graph(G, fresh)
        same_graph(V, select(fresh, view, season=season, lanes=lanes))
        if changed is not None and not changed.placed and view == "beats":
            event("laid out as it was")  # nothing moved: the layout is kept, lanes recoloured
            assert relaid(laid, V) == layout(V)
    event(f"patched: {patched_any}")


def test_a_beat_moved_or_recast_is_a_beat_edit_and_patched() -> None:
    doc = sample()
    bible, story = doc.bible, build_story(doc.bible)
    G = build_graph(bible, story)
    V = select(G, "beats")
    beat = next(b for b in bible.beats.values()
                if b.after and b.characters and str(b.at) != "S1E01")
    doc.set(beat.id, "at", "S1E01")
    doc.set(beat.id, "characters", [beat.characters[0]])
    found = beat_edits(bible, doc.bible)
    assert found == ({}, {beat.id})
    assert attribute_edits(bible, doc.bible) is None
    new = build_story(doc.bible)
    patched = patch_beats(G, story, new, found[1])
    assert patched is not None and beat.id in patched.beats
    changed = patch_view(V, G, patched)
    assert changed is not None and changed.nodes == {beat.id, *patched.ranked} and changed.placed
    same_graph(G, build_graph(doc.bible))
    same_graph(V, select(build_graph(doc.bible), "beats"))
    assert {"at", "characters", "after"} <= PLACES


def test_a_patch_is_refused_where_it_would_not_be_exact() -> None:
    doc = sample()
    bible = doc.bible
    beat = next(iter(bible.beats))
    doc.add("beat", "brand-new", {"at": "S1E01"}, arc=bible.beats[beat].arc)
    assert beat_edits(bible, doc.bible) is None  # a beat added: built again
    doc.undo()
    who = next(iter(bible.characters.values()))
    doc.set(who.id, "faction", next(f for f in bible.factions if f != who.faction))
    assert beat_edits(bible, doc.bible) is None  # a character's place: built again
    G = build_graph(bible)
    V = select(G, "factions")
    assert patch_view(V, G, Patched([], [], set())) is None  # other views: selected again
    assert patch_view(select(G, "beats", faction=next(iter(bible.factions))), G,
                      Patched([], [], set())) is None  # and other filters
    assert patch_view(select(G, "beats"), G, Patched([], [], set())) == (set(), False)
