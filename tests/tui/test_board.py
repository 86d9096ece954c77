"""The board (the Episodes tab): cards that move with keys, zoom levels, problem marks."""

from __future__ import annotations

import difflib
from pathlib import Path

from textual.pilot import Pilot

from arcs.order import build_story
from story_bible.positions import Position
from story_bible.reading.loader import sample_path
from tui.app import ArcroomApp, make_app
from tui.widgets.episode_grid import EpisodeGrid, fit, short_name

SIZE = (160, 48)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    busy = [w for w in pilot.app.workers if w.group in ("check", "form", "graph")]
    if busy:
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def on_card(pilot: Pilot[int], beat_id: str) -> EpisodeGrid:
    """Show the board with its cursor on ``beat_id``'s card."""
    app = pilot.app
    assert isinstance(app, ArcroomApp)
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    grid = app.editor.query_one(EpisodeGrid)
    grid.select_beat(beat_id)
    assert grid.beat_at_cursor() == beat_id
    assert app.focused is grid
    return grid


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


async def test_a_card_moves_to_the_next_episode_and_only_its_at_changes(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        grid = await on_card(pilot, "gwi-nam-bitten")
        before = hyosan.read_text()
        await pilot.press("shift+right")
        await settle(pilot)
        assert app.bible.beats["gwi-nam-bitten"].at == Position(1, 6)
        assert grid.beat_at_cursor() == "gwi-nam-bitten"  # the cursor follows the card
        await pilot.press("shift+left", "shift+left")
        await settle(pilot)
        assert app.bible.beats["gwi-nam-bitten"].at == Position(1, 4)
        text = app.document.texts[str(hyosan)]
        assert changed_lines(before, text) == ["-        at: S1E05", "+        at: S1E04"]


async def test_a_card_moves_to_the_arc_below(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        grid = await on_card(pilot, "gwi-nam-bitten")
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert app.bible.beats["gwi-nam-bitten"].arc == "martial-law"
        assert grid.beat_at_cursor() == "gwi-nam-bitten"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.bible.beats["gwi-nam-bitten"].arc == "escape-hyosan"
        assert app.document.texts[str(hyosan)] == hyosan.read_text()


async def test_a_card_moves_earlier_in_its_episode_by_story_order() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        first_episode = [b.id for b in app.story.beats if b.at == Position(1, 1)]
        assert first_episode[:2] == ["rooftop-fall", "bible"]
        grid = await on_card(pilot, "bible")
        before = dict(app.document.texts)
        await pilot.press("shift+up")
        await settle(pilot)
        now = [b.id for b in build_story(app.bible).beats if b.at == Position(1, 1)]
        assert now == ["bible", "rooftop-fall", *first_episode[2:]]
        assert grid.beat_at_cursor() == "bible"
        # bible no longer comes after rooftop-fall, which comes after bible now: one line
        # each, in the style of the lines around them.
        (name,) = [n for n in before if before[n] != app.document.texts[n]]
        lines = changed_lines(before[name], app.document.texts[name])
        assert sorted(lines) == ["+        after: [bible]", "-        after: [rooftop-fall]"]
        await pilot.press("shift+down")
        await settle(pilot)
        now = [b.id for b in build_story(app.bible).beats if b.at == Position(1, 1)]
        assert now == first_episode
        # At the edge the card stays, and the writer is told why.
        await pilot.press("shift+up", "shift+up")
        await settle(pilot)
        assert next(b.id for b in app.story.beats if b.at == Position(1, 1)) == "bible"


async def test_up_and_down_step_through_a_cells_cards_before_leaving_it() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        grid = await on_card(pilot, "rooftop-fall")
        cell = [b.id for b in app.story.beats
                if b.at == Position(1, 1) and b.arc == app.bible.beats["rooftop-fall"].arc]
        assert len(cell) > 1
        for beat in cell[1:]:
            await pilot.press("down")
            assert grid.beat_at_cursor() == beat
        row = grid.cursor_coordinate.row
        await pilot.press("down")
        assert grid.cursor_coordinate.row == row + 1
        await pilot.press("up")
        assert grid.beat_at_cursor() == cell[-1]  # back on the last card of the cell
        await pilot.press("enter")
        await settle(pilot)
        assert app.editor.selected == cell[-1]


async def test_zoom_goes_from_cards_to_lines_to_counts_and_back() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        grid = await on_card(pilot, "bible")
        heights = {}
        for zoom in ("cards", "lines", "counts"):
            assert grid.zoom == zoom
            heights[zoom] = sum(row.height for row in grid.rows.values())
            await pilot.press("z")
        assert heights["cards"] > heights["lines"] > heights["counts"] == grid.row_count
        # At the count zoom a whole season's episodes share the pane.
        season = sum(1 for c in grid.columns.values() if str(c.label).endswith(("\n1", "\n12")))
        assert season >= 2
        assert all(c.get_render_width(grid) * 12 < grid.size.width
                   for c in list(grid.columns.values())[1:])
        await pilot.press("Z", "Z")
        assert grid.zoom == "cards"
        assert grid.beat_at_cursor() == "bible"  # the same card is chosen after zooming


async def test_a_problem_marks_its_card(hyosan: Path) -> None:
    text = hyosan.read_text().replace("characters: [gwi-nam]\n", "characters: [nobody]\n", 1)
    hyosan.write_text(text)
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        grid = await on_card(pilot, "gwi-nam-bitten")
        assert "gwi-nam-bitten" in grid.problems
        cell = grid.get_cell_at(grid.cursor_coordinate)
        assert cell.plain.startswith("!")


def test_short_names_and_titles_for_cards() -> None:
    from story_bible.model import Character

    assert short_name(Character(id="on-jo", name="Nam On-jo")) == "On-jo"
    assert short_name(Character(id="jonas", name="Jonas Weber")) == "Jonas"
    assert fit("On a rain-soaked rooftop Gwi-nam's gang", 18) == "On a rain-soaked…"
    assert fit("short", 18) == "short"
