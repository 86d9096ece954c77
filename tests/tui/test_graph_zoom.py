"""The graph you can take in: zoom out to a season, then the whole show, laid out for the
pane; fit; names placed in free cells, never overprinted, never cut at the front; beats
named by their titles."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.pilot import Pilot

from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load, load_text
from story_bible.model import Bible
from story_bible.reading.loader import sample_path
from tests.tui.test_canvas_drawing import PALETTE
from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.drawing import HEAD_ROWS, ZOOMS, Drawing, draw
from tui.screens.help import KeyHelp
from tui.widgets.episode_grid import title_line
from tui.widgets.graph_view import GraphCanvas, GraphView, beat_names

LARGE, SMALL = (160, 48), (80, 24)
PLAIN = Style()
#: The characters lines are drawn with.
LINES = set("─│╭╮╰╯├┤┬┴┼┊▸")


async def graph(pilot: Pilot[int], view: str = "beats") -> tuple[GraphView, GraphCanvas]:
    """The graph tab on ``view``, drawn, its canvas focused."""
    app = pilot.app
    assert isinstance(app, ArcroomApp)
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    pane = app.editor.query_one(GraphView)
    if pane.view != view:
        pane.action_view(view)
        await settle(pilot)
    canvas = pane.query_one(GraphCanvas)
    assert app.focused is canvas
    return pane, canvas


def shown(canvas: GraphCanvas, y: int) -> str:
    """Row ``y`` of the pane as the writer sees it."""
    return "".join(segment.text for segment in canvas.render_line(y))


def in_sight(canvas: GraphCanvas, x: int, width: int = 1) -> bool:
    left, pane = int(canvas.scroll_x), canvas.scrollable_content_region.width
    return left <= x and x + width <= left + pane


def text_at(drawing: Drawing, y: int, x: int, width: int) -> str:
    return "".join(char for char, _ in drawing.row(y, x, width, PLAIN))


def label_problems(drawing: Drawing) -> list[str]:
    """What is wrong with where the drawing's names went, read from its cells."""
    problems = []
    for label in drawing.labels:
        where = f"{label.kind} {label.full!r} at {label.x},{label.y}"
        seen = text_at(drawing, label.y, label.x, label.width)
        if seen != label.text:
            problems.append(f"{where} reads {seen!r}: something was drawn over it")
        if label.text != label.full and not (
            label.text.endswith("…") and len(label.text) > 1
            and label.full.startswith(label.text[:-1])
        ):
            problems.append(f"{where} is drawn as {label.text!r}: not its beginning")
        cells = drawing.rows.get(label.y, {})
        for x in (label.x - 1, label.x + label.width):
            char = cells.get(x, (" ", PLAIN))[0]
            if char.isalnum():
                problems.append(f"{where} runs into {char!r} at {x}")
            if label.kind in ("stance", "note") and char in LINES:
                problems.append(f"{where} touches a line at {x}")
        if label.kind not in ("node", "status"):  # in its own box; nothing else is on one
            for hit in drawing.hits:
                over = hit.x < label.x + label.width and label.x < hit.x + hit.width
                if hit.y == label.y and over:
                    problems.append(f"{where} lies on the box of {hit.node}")
    rows = defaultdict(list)
    for label in drawing.labels:
        rows[label.y].append(label)
    for labels in rows.values():
        labels.sort(key=lambda label: label.x)
        for a, b in itertools.pairwise(labels):
            if b.x <= a.x + a.width:
                problems.append(f"{a.full!r} and {b.full!r} overlap or touch on row {a.y}")
    return problems


def drawn(bible: Bible, view: str, zoom: str = "cards", pane: tuple[int, int] = (68, 40),
          **filters: str) -> tuple[Drawing, Any]:
    V = select(build_graph(bible), view, **filters)
    return draw(V, layout(V), PALETTE, names=beat_names(bible), zoom=zoom, pane=pane), V


# -- zoom and fit, in the editor --------------------------------------------------------


async def test_zooming_out_fits_every_episode_of_s1_then_every_season() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=LARGE) as pilot:
        pane, canvas = await graph(pilot)
        bible = app.bible
        await pilot.press("z")
        await settle(pilot)
        assert pane.zoom == ZOOMS.index("season")
        numbers = [int(n) for n in re.findall(r"E?(\d+)", shown(canvas, 1).split("┊")[1])]
        assert numbers == list(range(1, 13))  # every episode of S1, in the pane
        first = {b for b, beat in bible.beats.items() if beat.at.season == 1}
        hits = {hit.node: hit for hit in canvas.drawing.hits}
        assert first <= set(hits)
        assert all(in_sight(canvas, hits[b].x) for b in first)
        assert "S1 Survival of mankind" in shown(canvas, 0)
        await pilot.press("z")
        await settle(pilot)
        assert pane.zoom == ZOOMS.index("show")
        top = shown(canvas, 0)
        for season in ("S1", "S2", "S3"):
            assert f"{season} " in top
        assert canvas.drawing.width <= canvas.scrollable_content_region.width
        # Every beat is counted in a mark in sight, and the marks add up to the plan.
        marks = canvas.drawing.hits
        counted = sum(int(shown(canvas, h.y)[h.x - int(canvas.scroll_x)]) for h in marks)
        assert counted == len(bible.beats)
        await pilot.press("Z", "Z")
        await settle(pilot)
        assert pane.zoom == 0
        assert "cards" in str(pane.query_one("#graph-title").render())


async def test_fit_brings_the_selected_beat_into_view_and_the_whole_show_in_the_pane() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=LARGE) as pilot:
        pane, canvas = await graph(pilot)
        await pilot.press("end")  # the last beat of the show
        await settle(pilot)
        chosen = canvas.selected_node
        assert chosen is not None and app.bible.beats[str(chosen)].at.season == 3
        while canvas.scroll_x > 0:
            await pilot.press("ctrl+pageup")  # pan a page left
        await settle(pilot)
        assert canvas.selected is not None and not in_sight(canvas, canvas.selected.x)
        await pilot.press("equals_sign")
        await settle(pilot)
        assert pane.zoom == ZOOMS.index("show")
        assert canvas.selected_node == chosen  # still the same beat, inside its count
        hit = canvas.selected
        assert hit is not None and in_sight(canvas, hit.x, hit.width)
        assert canvas.drawing.width <= canvas.scrollable_content_region.width
        title = str(pane.query_one("#graph-title").render())
        assert title_line(app.bible.beats[str(chosen)], 60)[:20] in title
        # One season fits at the season level: fit stops there.
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("equals_sign")
        await settle(pilot)
        assert pane.zoom == ZOOMS.index("season")
        assert canvas.drawing.width <= canvas.scrollable_content_region.width


async def test_a_new_pane_size_lays_the_far_zoom_out_again() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=LARGE) as pilot:
        _, canvas = await graph(pilot)
        await pilot.press("z", "z")
        await settle(pilot)
        wide = canvas.drawing.width
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        assert canvas.drawing.width < wide
        assert canvas.drawing.width <= canvas.scrollable_content_region.width


async def test_names_never_show_their_last_letters_alone_while_panning() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=SMALL) as pilot:
        for view, zoom in (("arcs", 0), ("beats", 0), ("arcs", 1), ("factions", 0)):
            pane, canvas = await graph(pilot, view)
            if pane.zoom != zoom:
                pane.action_zoom(zoom - pane.zoom)
                await settle(pilot)
            drawing = canvas.drawing
            for left in range(0, min(drawing.width, 400), 7):
                canvas.scroll_to(left, 0, animate=False, immediate=True)
                await pilot.pause()
                scroll = int(canvas.scroll_x)
                rows = canvas.scrollable_content_region.height
                width = canvas.scrollable_content_region.width
                for label in drawing.labels:
                    p = label.x - scroll
                    if label.y < rows and 0 <= p < width:
                        # Every name that starts in sight shows its beginning on its row.
                        row = shown(canvas, label.y)
                        text = label.text.rstrip("…")
                        start = text[: min(3, len(text), width - p)]
                        shortened = any(f"{text[:k]}…" in row for k in range(1, len(text)))
                        assert start in row or shortened, (
                            f"{view}: {label.full!r} is not in {row!r}")
                cut_off = [label for label in drawing.labels
                           if label.y < rows and label.x < scroll < label.x + label.width]
                for label in cut_off:
                    row = shown(canvas, label.y)
                    tail = label.text[scroll - label.x:]
                    # What stuck at the left edge: the beginnings of the names cut off there.
                    firsts = {other.text[0] for other in drawing.labels if other.y == label.y
                              and other.x < scroll}
                    assert row[0] in firsts | {" "} and not row.startswith(tail), (
                        f"{view}: {label.full!r} shows as {row[:label.width]!r} at {scroll}")


# -- where the names go: read from the drawing's cells ----------------------------------


@pytest.mark.parametrize("zoom", ZOOMS)
@pytest.mark.parametrize("view", ["arcs", "beats", "character:nam-ra"])
def test_no_name_overprints_another_or_a_box_and_none_starts_mid_word(
    view: str, zoom: str
) -> None:
    bible = load(sample_path())
    for pane in ((52, 15), (68, 40)):
        drawing, _ = drawn(bible, view, zoom, pane)
        assert drawing.labels
        assert label_problems(drawing) == []


@pytest.mark.parametrize("bible_path", ["sample", "hyosan"])
def test_the_faction_web_places_every_stance_in_free_cells(
    bible_path: str, hyosan_original: Path
) -> None:
    bible = load(sample_path() if bible_path == "sample" else hyosan_original)
    drawing, V = drawn(bible, "factions")
    assert label_problems(drawing) == []
    stances = [label for label in drawing.labels if label.kind in ("stance", "note")]
    pairs = {frozenset((u, v)) for u, v in V.edges()}
    assert len([label for label in stances if label.kind == "stance"]) + len(
        [label for label in stances if label.kind == "note" and label.full[0].isdigit()
         and " " in label.full]) >= len(pairs)
    # Faction names are whole where their row has room (the sample's are all whole).
    for label in drawing.labels:
        if label.kind == "node":
            assert label.text == label.full


def test_the_old_overprint_is_gone() -> None:
    """The sample's web printed ``ally`` over ``neutral`` (``│allyral``)."""
    drawing, _ = drawn(load(sample_path()), "factions")
    text = "\n".join(text_at(drawing, y, 0, drawing.width) for y in range(drawing.height))
    assert "allyral" not in text
    assert not re.search(r"[│├┤┼]\w", text)  # no name glued to a line


def test_beats_are_named_by_their_titles_not_their_ids() -> None:
    bible = load(sample_path())
    drawing, _ = drawn(bible, "beats")
    names = {label.full: label for label in drawing.labels if label.kind == "node"}
    assert len(names) == len(bible.beats)
    for beat in bible.beats.values():
        assert title_line(beat, 10_000) in names
    shown_text = " ".join(label.text for label in drawing.labels)
    assert "rooftop-fall" not in shown_text
    assert "On a rain-soaked" in shown_text


def test_the_lane_names_sit_on_the_first_rows_under_the_header() -> None:
    drawing, _ = drawn(load(sample_path()), "beats", "show")
    lanes = [label for label in drawing.labels if label.kind == "lane"]
    assert min(label.y for label in lanes) == HEAD_ROWS
    assert len({label.y for label in lanes}) == len(lanes)  # one row each, one under another


def test_a_name_goes_to_the_first_free_spot_else_shortened_else_nowhere() -> None:
    drawing = Drawing()
    drawing.put(0, 3, "│", PLAIN)
    drawing.put(10, 3, "│", PLAIN)  # nine free cells between two lines
    spots = [(5, 3, "centre")]
    assert drawing.place(spots, "neutral", PLAIN, kind="stance")  # 7 cells and a gap each side
    assert drawing.labels[-1].text == "neutral"
    assert not drawing.place(spots, "hostile", PLAIN, kind="stance")  # the spot is taken now
    drawing = Drawing()
    drawing.put(0, 3, "│", PLAIN)
    drawing.put(8, 3, "│", PLAIN)  # room for five cells and a gap each side
    assert drawing.place([(4, 3, "centre")], "hostile", PLAIN, kind="stance")
    assert drawing.labels[-1].text == "host…"
    assert not drawing.place([(4, 3, "centre")], "war", PLAIN, kind="note", shortest=None)
    assert not drawing.place([(4, 1, "start")], "war", PLAIN)  # never in the header rows
    assert label_problems(drawing) == []


@pytest.mark.parametrize("zoom", ZOOMS)
@pytest.mark.parametrize("seasons", ["", "seasons: {S1: {title: Pilot season, episodes: 6}}\n"])
@pytest.mark.parametrize("view", ["arcs", "beats"])
def test_a_plan_with_nothing_yet_draws_at_every_zoom(view: str, seasons: str, zoom: str) -> None:
    bible = load_text("arcroom: 1\nseries: {title: A new show}\n" + seasons)
    drawing, _ = drawn(bible, view, zoom, (5, 3))  # a pane smaller than anything
    assert drawing.hits == []
    assert ("S1 " in text_at(drawing, 0, 0, drawing.width)) == bool(seasons)


async def test_the_graphs_help_lists_zoom_and_fit() -> None:
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=LARGE) as pilot:
        await graph(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, KeyHelp)
        rows = {what: keys for keys, what, _ in app.screen.rows}
        assert rows["Zoom out"].split() == ["z", "-"]
        assert rows["Zoom in"].split() == ["Z", "+"]
        assert rows["Fit the view to the pane"] == "="
