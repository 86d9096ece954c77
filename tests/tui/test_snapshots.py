"""Snapshots of the editor's main screens on the bundled plan, at 80x24 and 160x48.

Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and
look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from story_bible.reading.loader import sample_path
from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.widgets.outline import Outline

ROOT = Path(__file__).resolve().parents[2]
SMALL, LARGE = (80, 24), (160, 48)

Steps = Callable[[Pilot[int]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _from_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    # The header names the bible relative to the working folder.
    monkeypatch.chdir(ROOT)


def steps(*keys: str, entity: str | None = None, select: str | None = None) -> Steps:
    """Open ``entity``'s form or ``select`` one in the outline, press ``keys``, settle,
    stop the cursor blinking."""

    async def run(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, ArcroomApp)
        await settle(pilot)
        if entity is not None:
            await app.editor.open_entity(entity)
        if select is not None:
            app.editor.query_one(Outline).select_entity(select)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
        # A toast ("Board zoom: lines") lasts seconds of wall time: on a slow
        # machine it is still up when the picture is taken. The pictures are
        # of the editor, not of its timing.
        app.clear_notifications()
        await settle(pilot)

    return run


def sample() -> ArcroomApp:
    return make_app(sample_path(), poll=None)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_the_plan_opens_on_the_episode_grid(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(sample(), terminal_size=size, run_before=steps())


@pytest.mark.parametrize("zoom", ["cards", "lines", "counts"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_the_board(snap_compare, size: tuple[int, int], zoom: str) -> None:
    # The cursor on the busiest cell of the first episodes (the second card chosen).
    keys = ["2", "down", "right", "down", *["z"] * ["cards", "lines", "counts"].index(zoom)]
    assert snap_compare(sample(), terminal_size=size, run_before=steps(*keys))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_a_beats_form(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(sample(), terminal_size=size, run_before=steps(entity="nam-ra-bitten"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_the_graph_of_beats(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(sample(), terminal_size=size, run_before=steps("1"))


def test_the_graph_of_arcs(snap_compare) -> None:
    assert snap_compare(sample(), terminal_size=LARGE, run_before=steps("1", "g"))


@pytest.mark.parametrize("zoom", ["season", "show"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_the_graph_zoomed_out(snap_compare, size: tuple[int, int], zoom: str) -> None:
    # z: a season across the pane (a mark per beat); z again: the whole show (counts).
    keys = ["1", *["z"] * ["cards", "season", "show"].index(zoom)]
    assert snap_compare(sample(), terminal_size=size, run_before=steps(*keys))


def test_the_graphs_faction_web(snap_compare) -> None:
    # Every stance named beside its line, in free cells; factions as wide as their names.
    assert snap_compare(sample(), terminal_size=LARGE, run_before=steps("1", "w"))


def test_the_factions_tab(snap_compare) -> None:
    assert snap_compare(sample(), terminal_size=LARGE, run_before=steps("3"))


def test_a_characters_timeline(snap_compare) -> None:
    assert snap_compare(sample(), terminal_size=LARGE, run_before=steps("4", select="nam-ra"))


def test_korean_names_in_the_outline_and_timeline(snap_compare) -> None:
    app = make_app(ROOT / "tests" / "tui" / "bibles" / "hyosan.yaml", poll=None)
    run = steps("4", select="nam-ra")
    assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_quitting_with_unsaved_changes_asks(snap_compare) -> None:
    async def edit_then_quit(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, ArcroomApp)
        await settle(pilot)
        app.document.set("nam-ra-bitten", "at", "S1E08")
        await app.after_edit()
        await pilot.press("ctrl+q")
        await settle(pilot)

    assert snap_compare(sample(), terminal_size=SMALL, run_before=edit_then_quit)
