"""The faction web you can take in: it zooms out until it fits the pane (names shortened
at their end, then a mark per faction), ``=`` fits it, PageUp/PageDown and
ctrl+PageUp/ctrl+PageDown pan it, and no name overprints another, a box or a line.

And one key, one meaning: the shifted arrows move the selected beat in the graph as
they move a card on the board; nothing else means them anywhere."""

from __future__ import annotations

import doctest
import importlib
import itertools
from pathlib import Path

import pytest
from textual.binding import Binding

from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load
from story_bible.model import Bible
from story_bible.positions import Position
from story_bible.reading.loader import sample_path
from tests.tui.test_editor import outline_on, settle
from tests.tui.test_graph_zoom import drawn, graph, label_problems, shown, text_at
from tests.tui.test_help import PANES, listed
from tests.tui.test_snapshots import sample, steps
from tui.app import make_app
from tui.drawing import ZOOMS, Drawing
from tui.web_drawing import web_spans
from tui.widgets.graph_view import GraphCanvas, GraphView

SMALL, LARGE = (80, 24), (160, 48)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])


def fits(canvas: GraphCanvas) -> bool:
    region = canvas.scrollable_content_region
    return canvas.drawing.width <= region.width and canvas.drawing.height <= region.height


def title(pane: GraphView) -> str:
    return str(pane.query_one("#graph-title").render())


def stances(bible: Bible) -> set[str]:
    """The stance of each pair the web draws (a line per pair)."""
    V = select(build_graph(bible), "factions")
    first: dict[frozenset[object], str] = {}
    for u, v, stance in V.edges(data="stance"):
        first.setdefault(frozenset((u, v)), str(stance))
    return set(first.values())


def names_problems(drawing: Drawing) -> list[str]:
    """What is wrong with the faction names: each box's name begins it, whole or
    shortened at its end, and is read back from the drawing's cells."""
    problems = []
    boxes = {hit.node: hit for hit in drawing.hits}
    for label in drawing.labels:
        if label.kind != "node":
            continue
        hit = next((h for h in boxes.values() if h.y == label.y and h.x < label.x
                    and label.x + label.width < h.x + h.width), None)
        if hit is None:
            problems.append(f"{label.full!r} is not inside a faction's box")
        if text_at(drawing, label.y, label.x, label.width) != label.text:
            problems.append(f"{label.full!r} is overprinted")
    return problems


# -- zoom, fit and pan, in the editor ---------------------------------------------------


@SIZES
async def test_zooming_out_the_web_fits_it_in_the_pane_then_marks_each_faction(
    size: tuple[int, int],
) -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=size) as pilot:
        pane, canvas = await graph(pilot, "factions")
        factions = set(app.bible.factions)
        assert pane.zoom == 0 and not fits(canvas)  # whole names: wider than the pane
        assert "whole names" in title(pane)
        await pilot.press("z")
        await settle(pilot)
        assert pane.zoom == 1 and fits(canvas)
        assert "in the pane" in title(pane)
        assert {hit.node for hit in canvas.drawing.hits} == factions
        nodes = [label for label in canvas.drawing.labels if label.kind == "node"]
        assert len(nodes) == len(factions)  # every faction named, whole or shortened
        await pilot.press("minus")  # - is z
        await settle(pilot)
        assert pane.zoom == 2 and fits(canvas)
        assert "a mark per faction" in title(pane)
        marks = canvas.drawing.hits
        assert {hit.node for hit in marks} == factions and {hit.width for hit in marks} == {1}
        assert all(shown(canvas, hit.y)[hit.x] == "●" for hit in marks)
        # The selected mark's name is on the title line.
        chosen = canvas.selected_node
        assert chosen is not None and app.bible.factions[str(chosen)].name in title(pane)
        await pilot.press("Z", "plus")  # + is Z
        await settle(pilot)
        assert pane.zoom == 0 and "whole names" in title(pane)


async def test_fit_picks_the_closest_level_at_which_the_web_is_whole_in_the_pane() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=SMALL) as pilot:
        pane, canvas = await graph(pilot, "factions")
        await pilot.press("equals_sign")
        await settle(pilot)
        assert pane.zoom == 1 and fits(canvas)  # names, shortened where they must be
        # A pane too small for names: fit goes on to the marks.
        await pilot.resize_terminal(44, 16)  # a pane of 18 columns
        await settle(pilot)
        await pilot.press("equals_sign")
        await settle(pilot)
        assert pane.zoom == 2 and fits(canvas)
        assert {hit.node for hit in canvas.drawing.hits} == set(app.bible.factions)


async def test_a_new_pane_size_lays_the_fitted_web_out_again() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=LARGE) as pilot:
        pane, canvas = await graph(pilot, "factions")
        await pilot.press("z")
        await settle(pilot)
        wide = canvas.drawing.width
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        assert pane.zoom == 1 and canvas.drawing.width < wide and fits(canvas)


async def test_page_keys_pan_the_web_and_the_selection_stays() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=SMALL) as pilot:
        _, canvas = await graph(pilot, "factions")
        await pilot.press("home")  # the leftmost faction: the view at the left edge
        await settle(pilot)
        chosen = canvas.selected_node
        assert canvas.scroll_x == 0
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert canvas.scroll_x > 0 and canvas.selected_node == chosen
        await pilot.press("ctrl+pageup")
        await settle(pilot)
        assert canvas.scroll_x == 0
        await pilot.resize_terminal(80, 14)  # shorter than the web: it pans down too
        await settle(pilot)
        assert canvas.drawing.height > canvas.scrollable_content_region.height
        await pilot.press("pagedown")
        await settle(pilot)
        assert canvas.scroll_y > 0
        await pilot.press("pageup")
        await settle(pilot)
        assert canvas.scroll_y == 0


# -- where the names go: read from the cells of the drawing the editor shows ------------


@SIZES
async def test_no_name_overprints_another_a_box_or_a_line_at_any_zoom(
    size: tuple[int, int],
) -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=size) as pilot:
        pane, canvas = await graph(pilot, "factions")
        for level in range(len(ZOOMS)):
            if pane.zoom != level:
                pane.action_zoom(level - pane.zoom)
                await settle(pilot)
            assert pane.zoom == level
            drawing = canvas.drawing
            assert label_problems(drawing) == [], ZOOMS[level]
            assert names_problems(drawing) == [], ZOOMS[level]
            # Every stance drawn is in the legend, in its line's colour.
            legend = {label.full for label in drawing.labels if label.kind == "legend"}
            assert stances(app.bible) <= legend
            if level == 1 and size == LARGE:  # the pane has room for every name, whole
                assert all(label.text == label.full for label in drawing.labels
                           if label.kind == "node")


@pytest.mark.parametrize("zoom", ZOOMS)
@pytest.mark.parametrize("pane", [(20, 8), (30, 10), (53, 16), (70, 40), (120, 40)])
@pytest.mark.parametrize("bible_path", ["sample", "hyosan"])
def test_the_web_fits_any_pane_it_can_without_overprinting(
    bible_path: str, pane: tuple[int, int], zoom: str, hyosan_original: Path
) -> None:
    bible = load(sample_path() if bible_path == "sample" else hyosan_original)
    drawing, V = drawn(bible, "factions", zoom, pane)
    assert label_problems(drawing) == []
    assert names_problems(drawing) == []
    assert {hit.node for hit in drawing.hits} == set(V)
    # In the pane less the scroll bar's column and a row: the marks always; the names
    # while three letters of each fit (else wider: fit goes on to the marks).
    if zoom == "show" or (zoom == "season" and pane[0] >= 30):
        assert drawing.width <= pane[0] - 2 and drawing.height <= pane[1] - 1
    if zoom == "season" and drawing.width > pane[0] - 2:  # only names at their shortest
        assert pane[0] < 30 and drawing.height <= pane[1] - 1
        assert any(label.width == 4 for label in drawing.labels if label.kind == "node")
    # Factions on one row keep a gap of two cells; their lines leave from inside them.
    rows: dict[int, list[tuple[int, int]]] = {}
    for hit in drawing.hits:
        rows.setdefault(hit.y, []).append((hit.x, hit.x + hit.width))
    for row in rows.values():
        row.sort()
        assert all(b[0] >= a[1] + 2 for a, b in itertools.pairwise(row))
    names = {node: str(V.nodes[node]["label"]) for node in V}
    for node, span in web_spans(layout(V), names, zoom=zoom, right=pane[0] - 2,
                                bottom=pane[1] - 1).items():
        assert span.x0 <= span.anchor < span.x1, node


def test_at_its_own_size_the_web_keeps_every_name_whole() -> None:
    drawing, _ = drawn(load(sample_path()), "factions", "cards", (53, 16))
    assert all(label.text == label.full for label in drawing.labels)
    text = "\n".join(text_at(drawing, y, 0, drawing.width) for y in range(drawing.height))
    assert "allyral" not in text


# -- snapshots of the zoomed web ---------------------------------------------------------


@pytest.mark.parametrize("zoom", ["season", "show"])
@SIZES
def test_the_zoomed_faction_web(snap_compare, size: tuple[int, int], zoom: str) -> None:
    keys = ["1", "w", *["z"] * ZOOMS.index(zoom)]
    assert snap_compare(sample(), terminal_size=size, run_before=steps(*keys))


# -- one key, one meaning: the shifted arrows -------------------------------------------


def _bindings(pane: type) -> dict[str, str]:
    """Key -> action of every binding ``pane`` has, its own over those it inherits."""
    found: dict[str, str] = {}
    for cls in reversed(pane.__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            for key in binding.key.split(","):
                found[key.strip()] = binding.action.removeprefix("app.").removeprefix("screen.")
    return found


def test_a_modified_arrow_or_page_key_means_one_thing_in_every_pane() -> None:
    """shift+arrows move the chosen beat: its card on the board, its node in the graph,
    its line in the outline (they panned the graph and walked the outline's siblings).
    The graph pans with the page keys, as the other panes page."""
    meanings: dict[str, dict[str, str]] = {}
    for pane in PANES:
        for key, action in _bindings(pane).items():
            base = key.rsplit("+", 1)[-1]
            if base in ("left", "right", "up", "down", "pageup", "pagedown") and "+" in key:
                meanings.setdefault(key, {})[pane.__name__] = action
    for key, actions in meanings.items():
        assert len(set(actions.values())) == 1, f"{key!r} means {actions}"
    assert meanings["shift+right"] == {"Outline": "move('episode', 1)",
                                       "EpisodeGrid": "move('episode', 1)",
                                       "GraphView": "move('episode', 1)"}
    assert meanings["shift+up"]["GraphView"] == "move('order', -1)"
    assert set(meanings["ctrl+pagedown"].values()) == {"page_right"}
    assert not any(action.startswith("pan") for actions in meanings.values()
                   for action in actions.values())


async def test_shift_arrows_move_the_selected_beat_in_the_graph_as_on_the_board(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=LARGE) as pilot:
        _, canvas = await graph(pilot, "beats")
        await pilot.press("home")
        await settle(pilot)
        beat = str(canvas.selected_node)
        before = app.bible.beats[beat].at
        await pilot.press("shift+right")
        await settle(pilot)
        after = app.bible.beats[beat].at
        assert after != before and (after.season, after.episode) > (before.season, before.episode)
        assert canvas.selected_node == beat  # the beat stays chosen where it went
        assert app.document.dirty
        await pilot.press("shift+left")
        await settle(pilot)
        assert app.bible.beats[beat].at == before
        await pilot.press("question_mark")
        await settle(pilot)
        rows = listed(app)
        assert rows["Beat to the episode after"] == "shift+→"
        assert rows["Pan a page left"] == "^pgup"
        await pilot.press("escape")
        await settle(pilot)


async def test_shift_arrows_on_a_faction_say_only_beats_move(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=LARGE) as pilot:
        await graph(pilot, "factions")
        text = hyosan.read_text()
        await pilot.press("shift+right")
        await settle(pilot)
        assert any("Choose a beat to move it" in str(n.message) for n in app._notifications)
        assert not app.document.dirty and hyosan.read_text() == text


@pytest.mark.parametrize("name", ["tui.web_drawing", "tui.widgets.graph_view"])
def test_the_examples_in_the_docstrings_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


async def test_shift_arrows_move_the_chosen_beat_in_the_outline_too() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=LARGE) as pilot:
        outline = await outline_on(pilot, "bible", focus=True)
        first = [b.id for b in app.story.beats if b.at == Position(1, 1)]
        assert first[:2] == ["rooftop-fall", "bible"]
        await pilot.press("shift+up")  # earlier in its episode, as on the board
        await settle(pilot)
        assert [b.id for b in app.story.beats if b.at == Position(1, 1)][:2] == [
            "bible", "rooftop-fall"]
        assert outline.entity_id == "bible"
        await pilot.press("shift+right")  # to the episode after
        await settle(pilot)
        assert app.bible.beats["bible"].at == Position(1, 2)
        assert outline.entity_id == "bible"
        outline.select_entity("escape-hyosan")  # an arc: only beats move
        await settle(pilot)
        before = dict(app.document.texts)
        await pilot.press("shift+left")
        await settle(pilot)
        assert app.document.texts == before
