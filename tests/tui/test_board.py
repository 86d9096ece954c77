"""The board (the Episodes tab): cards that move with keys, zoom levels, problem marks."""

from __future__ import annotations

import bisect
import difflib
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot

from arcs.order import build_story
from story_bible.positions import Position
from story_bible.reading.loader import sample_path
from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.widgets.episode_grid import EpisodeGrid, fit, short_name, title_line

SIZE = (160, 48)


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


# -- a long-running show: 2,000 beats, the board drawn only where it is seen ------------------


def screen_text(grid: EpisodeGrid) -> str:
    """The board's lines as they are on screen now (rendered through the Line API)."""
    return "\n".join("".join(segment.text for segment in grid.render_line(y))
                     for y in range(grid.size.height))


def far_beat(app: ArcroomApp) -> str:
    """A beat in the lower half of the board, not in its season's last episode."""
    bible = app.bible
    arcs = list(bible.arcs)
    last = {s.number: s.episodes for s in bible.seasons.values()}
    return next(b.id for b in reversed(app.story.beats)
                if arcs.index(b.arc) > len(arcs) // 2 and b.at.episode < last[b.at.season]
                and b.at.episode > 3)


async def test_a_card_far_down_a_2000_beat_board_is_drawn_and_moves(
        two_thousand_beats: Path) -> None:
    app = make_app(two_thousand_beats, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        beat_id = far_beat(app)
        grid = await on_card(pilot, beat_id)
        await settle(pilot)
        assert grid.scroll_offset.x > 0 and grid.scroll_offset.y > 0  # scrolled to the card
        # Only what is on screen was ever drawn: a few rows, not the board's 2,000 cards.
        assert len(grid.rendered) < grid.row_count // 2
        beat = app.bible.beats[beat_id]
        title = title_line(beat, grid._col_width - 1)
        assert title in screen_text(grid)
        row, column = grid.cursor_coordinate
        at = beat.at
        await pilot.press("shift+right")
        await settle(pilot)
        assert app.bible.beats[beat_id].at == Position(at.season, at.episode + 1)
        assert grid.beat_at_cursor() == beat_id  # the cursor followed the card
        assert grid.cursor_coordinate == (row, column + 1)
        assert title in screen_text(grid)  # drawn in its new episode, in view
        assert grid.get_cell_at(grid.cursor_coordinate).plain.count(title) == 1
        assert beat_id not in grid._cells.get((row, column), [])


async def test_an_edit_draws_again_only_the_rows_it_touched(two_thousand_beats: Path) -> None:
    app = make_app(two_thousand_beats, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        beat_id = far_beat(app)
        grid = await on_card(pilot, beat_id)
        await pilot.press("z")  # a line per card: several rows on screen
        await settle(pilot)
        assert grid.beat_at_cursor() == beat_id
        (row, _), = grid._places(beat_id)
        grid.rendered.clear()
        app.document.set(beat_id, "summary", "Nobody expects the ferry to come back")
        await app.after_edit()
        await settle(pilot)
        assert set(grid.rendered) == {row}  # only the edited card's row was drawn again
        assert grid.rendered[row] <= len(grid.columns)
        new_title = title_line(app.bible.beats[beat_id], grid._col_width - 1)
        assert new_title.startswith("Nobody") and new_title in screen_text(grid)
        # A problem marked on another card draws its row again, and only that (at the count
        # zoom, where every row is on screen).
        grid.rendered.clear()
        await pilot.press("z")
        await settle(pilot)
        on_screen = set(grid.rendered) - {-1}
        assert len(on_screen) > 2
        other = next(b for (r, _), beats in grid._cells.items() for b in beats
                     if r in on_screen and r != row and b not in grid.problems)
        (other_row, other_column), = grid._places(other)
        grid.rendered.clear()
        grid.mark_problems(grid.problems | {other})
        await settle(pilot)
        assert set(grid.rendered) == {other_row}
        assert grid.get_cell_at(Coordinate(other_row, other_column)).plain.endswith("!")


async def test_scrolling_a_big_board_keeps_only_the_cells_in_view(
        two_thousand_beats: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.widgets import virtual_grid

    monkeypatch.setattr(virtual_grid, "KEPT_CELLS", 10)
    app = make_app(two_thousand_beats, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        far = far_beat(app)
        grid = await on_card(pilot, far)
        await settle(pilot)
        (far_row, _), = grid._places(far)
        assert far_row in grid._rendered
        top = grid._cells[min(cell for cell in grid._cells if cell[0] == 0)][0]
        grid.select_beat(top)  # back to the first row: the rows seen down there are forgotten
        await settle(pilot)
        kept = {row for row, cells in grid._rendered.items() if cells and row >= 0}
        last_on_screen = bisect.bisect_right(grid._row_y, grid.scroll_offset.y + grid.size.height)
        assert kept and max(kept) <= last_on_screen < far_row
        assert title_line(app.bible.beats[top], grid._col_width - 1) in screen_text(grid)
