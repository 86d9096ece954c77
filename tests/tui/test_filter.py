"""Filter and find: ``/`` narrows the board, the graph and the outline at once."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import ArcroomApp, make_app
from tui.screens.dialogs import AskForm
from tui.widgets.episode_grid import EpisodeGrid
from tui.widgets.graph_view import GraphCanvas
from tui.widgets.outline import Outline

SIZE = (160, 48)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    busy = [w for w in pilot.app.workers if w.group in ("check", "form", "graph")]
    if busy:
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


def board_beats(app: ArcroomApp) -> set[str]:
    grid = app.editor.query_one(EpisodeGrid)
    return {b for beats in grid._cells.values() for b in beats}


def outline_beats(app: ArcroomApp) -> set[str]:
    outline = app.editor.query_one(Outline)
    return {key for key in outline._entity_nodes if key in app.bible.beats}


async def test_a_character_filter_narrows_board_outline_and_graph(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert board_beats(app) == set(app.bible.beats)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, AskForm)
        await pilot.press(*"Nam-ra", "enter")
        await settle(pilot)
        path = {"nam-ra-bitten", "nam-ra-immune", "truce"}
        assert board_beats(app) == path  # the character's path through the story
        assert outline_beats(app) == path
        chips = app.editor.query_one("#filter-chips", Static)
        assert chips.display and "character Choi Nam-ra" in str(chips.render())
        await pilot.press("1")
        await settle(pilot)
        drawn = {h.node for h in app.editor.query_one(GraphCanvas).drawing.hits}
        assert drawn & set(app.bible.beats) == path
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert not chips.display
        assert outline_beats(app) == set(app.bible.beats)


async def test_text_and_arc_terms_join_with_commas(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"Escape Hyosan High, roof", "enter")
        await settle(pilot)
        assert board_beats(app) == {"cheong-san-stays"}
