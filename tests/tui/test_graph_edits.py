"""An edit with the graph tab shown: the drawing is the one a fresh build gives, and an
edit of what nothing is placed by (a summary, a flashback, notes) neither builds the
graph again nor lays it out: it draws only the cards it changed.

The sequence test runs the tab's own drawing step (``GraphView._drawing``, what its
worker runs) over a seeded sequence of the editor's edits, at every zoom and view,
and compares each drawing with one made from scratch. The Pilot test edits in the
editor and watches the screen.
"""

from __future__ import annotations

import gc
import random
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style

import arcs.graph
import arcs.layout
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.order import build_story
from arcs.views import select
from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document, EditError
from tests.arcs.plans import plan
from tests.support import wait_until
from tests.tui.test_canvas_drawing import PALETTE
from tests.tui.test_editor import settle
from tests.tui.test_graph_zoom import graph
from tui.app import make_app
from tui.drawing import ZOOMS, Drawing, draw
from tui.lazy_drawing import TILE, LazyDrawing
from tui.widgets.episode_grid import title_line
from tui.widgets.graph_view import GraphView, beat_names

PANE = (68, 40)
PLAIN = Style()


class Running:
    """A worker that no newer drawing overtook."""

    is_cancelled = False


def fresh(bible: Any, view: str, zoom: str) -> Drawing:
    V = select(build_graph(bible), view)
    return draw(V, layout(V), PALETTE, names=beat_names(bible), zoom=zoom, pane=PANE)


def same_drawing(kept: Drawing, made: Drawing) -> None:
    """The same drawing: every cell of every row as the canvas reads it (a drawing made
    as the pane comes to it is made whole), its sticky names (the canvas sorts them:
    so does this), its size, hits and names."""
    assert (kept.width, kept.height) == (made.width, made.height)
    assert kept.hits == made.hits
    assert kept.row_styles == made.row_styles
    assert kept.members == made.members
    assert kept.labels == made.labels
    for y in range(made.height + 1):
        assert kept.row(y, 0, made.width + 2, PLAIN) == made.row(y, 0, made.width + 2, PLAIN)
        assert sorted(kept.sticky.get(y, []), key=_start) == sorted(
            made.sticky.get(y, []), key=_start)


def _start(span: tuple[Any, ...]) -> int:
    return int(span[0])


def an_edit(doc: Document, rng: random.Random) -> None:
    """One edit the editor could make: mostly of summaries and flashbacks (drawn, not
    placed), and of where beats are, what follows what, who is in them."""
    b = doc.bible
    beat = rng.choice(sorted(b.beats))
    kind = rng.choice(["summary", "summary", "summary", "flashback", "notes", "at", "after",
                       "characters", "arc-summary", "title"])
    try:
        if kind == "summary":
            doc.set(beat, "summary", rng.choice(["A much longer title than it had. Then", "Ok",
                                                 None]))
        elif kind in ("flashback", "notes"):
            doc.set(beat, kind, rng.choice([True, None]) if kind == "flashback" else "n")
        elif kind == "at":
            doc.set(beat, "at", f"S1E0{rng.randint(1, 4)}")
        elif kind == "after":
            doc.set(beat, "after", [rng.choice(sorted(b.beats))])
        elif kind == "characters":
            doc.set(beat, "characters", [rng.choice(sorted(b.characters))])
        elif kind == "arc-summary":
            doc.set(rng.choice(sorted(b.arcs)), "summary", "s")
        else:
            doc.set(rng.choice(sorted(b.arcs)), "title", rng.choice(["An arc", "Another"]))
    except EditError:
        pass


@pytest.mark.parametrize("view", ["beats", "arcs", "factions", "character:CHAR"])
@pytest.mark.parametrize("base", ["sample", "plan"])
def test_edit_after_edit_the_drawing_is_a_fresh_ones(view: str, base: str) -> None:
    texts = (Document.open(sample_path()).texts if base == "sample"
             else {"bible.yaml": plan(5, beats=80, episodes=4)})
    doc = Document.from_texts(texts)
    if view == "character:CHAR":  # the character in the most beats
        appearances = build_story(doc.bible).appearances
        view = "character:" + max(doc.bible.characters,
                                  key=lambda c: len(appearances.get(c, ())))
    pane = GraphView()
    rng = random.Random(f"{view} {base}")
    patched = 0
    for step in range(40):
        pane.zoom = rng.choice([0, 0, 0, 1, 2])
        before = pane._kept.drawing
        drawn = pane._drawing(doc.bible, build_story(doc.bible), (view, None, None, None),
                              PALETTE, PANE, False, Running())
        assert drawn is not None
        drawing, _, level = drawn
        same_drawing(drawing, fresh(doc.bible, view, ZOOMS[level]))
        patched += before is not None and drawing is not before[3] and step > 0
        an_edit(doc, rng)
    assert patched, "no drawing was patched: the sequence tests nothing new"


def test_a_summary_edited_redraws_its_card_and_nothing_else(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    doc = Document.from_texts({"bible.yaml": plan(9, beats=500, arcs=60, seasons=1)})
    pane = GraphView()
    choice = ("beats", None, None, None)
    first = pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False,
                          Running())
    assert first is not None and isinstance(first[0], LazyDrawing)
    for y in range(first[0].height):  # every tile drawn
        first[0].row(y, 0, first[0].width, PLAIN)
    calls: list[str] = []
    for module, name in ((arcs.graph, "build_graph"), (arcs.layout, "layout"),
                         (sys.modules["arcs.views"], "select")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _r=real, _n=name, **k: (
            calls.append(_n), _r(*a, **k))[1])
    beat = sorted(doc.bible.beats)[40]
    doc.set(beat, "summary", "Hides the bite")
    second = pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False,
                           Running())
    assert second is not None and calls == []
    hit = next(h for h in second[0].hits if h.node == beat)
    kept = [y for y in first[0].rows if second[0].rows.get(y) is first[0].rows[y]]
    # Only the tiles of the card's rows are drawn again; the rest is shared.
    assert kept and set(first[0].rows) - set(kept) == {
        y for y in first[0].rows if y // TILE[1] == hit.y // TILE[1]}
    assert "Hides the bite" in "".join(c for c, _ in second[0].row(hit.y, hit.x, 20, PLAIN))
    same_drawing(second[0], fresh(doc.bible, "beats", "cards"))


async def test_an_edit_with_the_graph_shown_is_drawn_and_only_a_move_is_laid_out(
        hyosan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        pane, canvas = await graph(pilot)
        laid: list[int] = []
        real = arcs.layout.layout
        monkeypatch.setattr(arcs.layout, "layout", lambda *a, **k: (laid.append(1),
                                                                    real(*a, **k))[1])

        def says(words: str) -> bool:
            hit = next(h for h in canvas.drawing.hits if h.node == "nam-ra-bitten")
            row = canvas.drawing.row(hit.y, hit.x, hit.width, PLAIN)
            return words in "".join(char for char, _ in row)

        await app.edit_field("nam-ra-bitten", "summary", "Nam-ra hides the bite. Then")
        await wait_until(pilot, lambda: says("Nam-ra hides"),
                         "the card's new title in the graph")
        await settle(pilot)
        assert laid == [], "a summary edited laid the graph out again"
        same_drawing(canvas.drawing, fresh_in(app, pane))
        hit = next(h for h in canvas.drawing.hits if h.node == "nam-ra-bitten")
        beat = app.bible.beats["nam-ra-bitten"]
        moved_to = "S1E01" if str(beat.at) != "S1E01" else "S1E02"
        await app.edit_field("nam-ra-bitten", "at", moved_to)
        await wait_until(pilot, lambda: next(
            h for h in canvas.drawing.hits if h.node == "nam-ra-bitten").x != hit.x,
            "the beat moved in the graph")
        await settle(pilot)
        assert laid, "a beat moved was not laid out again"
        same_drawing(canvas.drawing, fresh_in(app, pane))
        assert title_line(app.bible.beats["nam-ra-bitten"], 60) == "Nam-ra hides the bite"


def fresh_in(app: Any, pane: GraphView) -> Drawing:
    """The drawing the tab shows, made from scratch for the app's bible now."""
    V = select(build_graph(app.bible), pane.view)
    return draw(V, layout(V), pane._palette(), names=beat_names(app.bible),
                zoom=ZOOMS[pane.zoom], pane=pane._drawn_for)


@pytest.mark.parametrize(("season", "target", "field", "value"), [
    ("S1", "su-hyeok-returns", "at", "S2E09"),  # another season's beat moved
    (None, "survivors~horde@S1E01", "stance", "ally"),  # a stance: the beats view has none
])
def test_an_edit_the_view_does_not_show_keeps_its_layout_and_drawing(
        monkeypatch: pytest.MonkeyPatch, season: str | None, target: str, field: str,
        value: str) -> None:
    doc = Document.from_texts(Document.open(sample_path()).texts)
    pane = GraphView()
    choice = ("beats", season, None, None)
    first = pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False,
                          Running())
    laid: list[int] = []
    real = arcs.layout.layout
    monkeypatch.setattr(arcs.layout, "layout", lambda *a, **k: (laid.append(1),
                                                                real(*a, **k))[1])
    doc.set(target, field, value)
    second = pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False,
                           Running())
    assert first is not None and second is not None
    assert laid == [] and second[0] is first[0]
    V = select(build_graph(doc.bible), "beats", season=season)
    same_drawing(second[0], draw(V, real(V), PALETTE, names=beat_names(doc.bible), pane=PANE))
    doc.set("the-others" if season is None else "outbreak", "at", "S1E03")  # it shows this
    pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False, Running())
    assert laid == [1]


@pytest.mark.parametrize(("field", "value"), [
    ("at", "S1E01"), ("characters", ["nam-ra"]), ("after", None)])
def test_a_beat_moved_recast_or_relinked_patches_the_graph_and_view(
        monkeypatch: pytest.MonkeyPatch, field: str, value: Any) -> None:
    doc = Document.from_texts(Document.open(sample_path()).texts)
    pane = GraphView()
    choice = ("beats", None, None, None)
    pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False, Running())
    calls: list[str] = []
    for module, name in ((arcs.graph, "build_graph"), (sys.modules["arcs.views"], "select")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _r=real, _n=name, **k: (
            calls.append(_n), _r(*a, **k))[1])
    beat = next(b for b in doc.bible.beats.values()
                if b.after and b.characters and str(b.at) != "S1E01")
    doc.set(beat.id, field, value)
    drawn = pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False,
                          Running())
    assert drawn is not None and calls == []  # patched: neither built nor selected again
    monkeypatch.undo()
    same_drawing(drawn[0], fresh(doc.bible, "beats", "cards"))


def _beats_drawn(doc: Document) -> tuple[GraphView, LazyDrawing]:
    """A pane and the lazy drawing it made of ``doc``'s beats (as cards)."""
    pane = GraphView()
    made = pane._drawing(doc.bible, build_story(doc.bible), BEATS, PALETTE, PANE, False,
                         Running())
    assert made is not None and isinstance(made[0], LazyDrawing)
    return pane, made[0]


#: The pane's choice of view: the beats, no character, no season, no lanes switched.
BEATS = ("beats", None, None, None)


def test_the_drawing_shown_draws_its_tiles_as_they_were_while_its_view_is_patched() -> None:
    # The screen's thread draws the tiles of the drawing shown as the pane comes to them,
    # from its view's nodes; a beat moved patches the kept view in place: the drawing
    # shown keeps the nodes it was made from (none missing, none changed).
    doc = Document.from_texts({"bible.yaml": plan(4, beats=120, episodes=4)})
    pane, first = _beats_drawn(doc)
    pane._shown = first
    before = fresh(doc.bible, "beats", "cards")
    beat = next(b for b in doc.bible.beats.values() if str(b.at) != "S1E01")
    doc.set(beat.id, "at", "S1E01")
    second = pane._drawing(doc.bible, build_story(doc.bible), BEATS, PALETTE, PANE, False,
                           Running())
    assert second is not None and pane._kept.view is not first.view
    assert beat.id not in pane._kept.view or pane._kept.view.nodes[beat.id]["at"] != beat.at
    same_drawing(first, before)  # every tile drawn now, from the nodes as they were
    same_drawing(second[0], fresh(doc.bible, "beats", "cards"))


def test_a_cast_edited_keeps_the_layout_and_draws_afresh(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    doc = Document.from_texts(Document.open(sample_path()).texts)
    pane = GraphView()
    choice = ("beats", None, None, None)
    pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False, Running())
    laid: list[int] = []
    real = arcs.layout.layout
    monkeypatch.setattr(arcs.layout, "layout", lambda *a, **k: (laid.append(1),
                                                                real(*a, **k))[1])
    beat = next(b for b in doc.bible.beats.values() if b.characters and not b.changes)
    # Someone else in it: the card may wear another faction's colour, nothing moves.
    doc.set(beat.id, "characters", [c for c in doc.bible.characters
                                    if c not in beat.characters][:2])
    drawn = pane._drawing(doc.bible, build_story(doc.bible), choice, PALETTE, PANE, False,
                          Running())
    assert drawn is not None and laid == []
    monkeypatch.undo()
    same_drawing(drawn[0], fresh(doc.bible, "beats", "cards"))


def test_casts_edited_redraw_only_their_cards_while_no_colour_changes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A cast edited moves nothing: the layout stands; if no card or lane changes colour,
    # so does the drawing (the edited cards' rows drawn again); else it is drawn afresh.
    # Either way, what a fresh build draws.
    doc = Document.from_texts(Document.open(sample_path()).texts)
    palette = PALETTE  # (the sample's factions' colours)
    pane = GraphView()
    choice = ("beats", None, None, None)
    made: list[int] = []
    real = LazyDrawing.__init__
    monkeypatch.setattr(LazyDrawing, "__init__", lambda self, *a, **k: (
        made.append(1), real(self, *a, **k))[1])
    rng = random.Random(6)
    kept = afresh = 0
    for _ in range(16):
        pane._drawing(doc.bible, build_story(doc.bible), choice, palette, PANE, False,
                      Running())
        made.clear()
        beat = rng.choice([b.id for b in doc.bible.beats.values() if not b.factions])
        doc.set(beat, "characters", rng.sample(sorted(doc.bible.characters), 2))
        drawn = pane._drawing(doc.bible, build_story(doc.bible), choice, palette, PANE, False,
                              Running())
        assert drawn is not None
        V = select(build_graph(doc.bible), "beats")
        same_drawing(drawn[0], draw(V, layout(V), palette, names=beat_names(doc.bible),
                                    zoom="cards", pane=PANE))
        kept += not made
        afresh += bool(made)
    assert kept and afresh, "the sequence tests nothing new"


def test_a_drawing_replaced_is_freed_without_the_cycle_collector() -> None:
    # The app freezes what it made (no collector pass walks it again): a drawing in a
    # cycle would never be freed, its layout and view with it, tens of MB a move at
    # 20,000 beats. Without one, the last reference gone frees them.
    doc = Document.from_texts({"bible.yaml": plan(4, beats=120, episodes=4)})
    pane, drawing = _beats_drawn(doc)
    for y in range(drawing.height):  # every tile and sticky name made, as a pane would
        drawing.row(y, 0, drawing.width, PLAIN)
        drawing.stuck(y, 0, drawing.width)
    pane._shown = drawing
    gone = weakref.ref(drawing)
    del drawing
    beat = next(b for b in doc.bible.beats.values() if str(b.at) != "S1E01")
    doc.set(beat.id, "at", "S1E01")
    was = gc.isenabled()
    gc.disable()
    try:
        second = pane._drawing(doc.bible, build_story(doc.bible), BEATS, PALETTE, PANE,
                               False, Running())
        assert second is not None
        pane._shown = second[0]
        assert gone() is None, "the drawing replaced is kept alive by a cycle"
    finally:
        if was:
            gc.enable()
