"""Help where you are: ``?``/F1 list the focused pane's keys; Right/Left open and close
the outline's nodes."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.screens.editor import EditorScreen
from tui.screens.help import KeyHelp
from tui.widgets.episode_grid import EpisodeGrid
from tui.widgets.factions_view import FactionsView
from tui.widgets.graph_view import GraphCanvas, GraphView
from tui.widgets.outline import Outline
from tui.widgets.problems import ProblemsTable

SIZE = (120, 40)


def listed(app: ArcroomApp) -> dict[str, str]:
    """What the help screen shows: what each row does -> its keys."""
    screen = app.screen
    assert isinstance(screen, KeyHelp)
    return {what: keys for keys, what, _ in screen.rows}


async def test_question_mark_lists_the_boards_keys_from_its_bindings(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.focused, EpisodeGrid)
        await pilot.press("question_mark")
        await settle(pilot)
        rows = listed(app)
        assert "Keys in the board" in app.screen.title_text  # type: ignore[attr-defined]
        # Every binding of the board is there, by its own description (nothing typed twice).
        for binding in EpisodeGrid.BINDINGS:
            assert binding.description in rows  # type: ignore[union-attr]
        assert rows["Card to the episode after"] == "shift+→"
        assert "Save" in rows and "Add" not in rows  # the app's keys; not the outline's
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, KeyHelp)


async def test_f1_lists_the_outlines_keys(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Outline)
        await pilot.press("f1")
        await settle(pilot)
        rows = listed(app)
        assert rows["Add"] == "a"
        assert "Zoom" not in rows
        await pilot.press("f1")  # the same key closes it
        await settle(pilot)
        assert not isinstance(app.screen, KeyHelp)


#: Every part of the editor that has keys of its own.
PANES = (ArcroomApp, EditorScreen, Outline, EpisodeGrid, GraphView, GraphCanvas, FactionsView,
         ProblemsTable)


def test_a_letter_key_means_one_thing_in_every_pane() -> None:
    """`a` is Add in the outline and nothing else anywhere (it was Arcs in the graph)."""
    meanings: dict[str, dict[str, str]] = {}
    for pane in PANES:
        for binding in Binding.make_bindings(pane.BINDINGS):
            for key in binding.key.split(","):
                key = key.strip()
                if len(key) == 1:  # a letter, digit or sign the writer types
                    action = binding.action.removeprefix("app.").removeprefix("screen.")
                    meanings.setdefault(key, {})[pane.__name__] = action
    for key, actions in meanings.items():
        assert len(set(actions.values())) == 1, f"{key!r} means {actions}"
    assert set(meanings["a"].values()) == {"add"}
    assert meanings["g"] == {"GraphView": "view('arcs')"}


async def test_the_graphs_keys_show_arcs_on_g(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        rows = listed(app)
        assert rows["Arcs"] == "g" and "Add" not in rows
        await pilot.press("escape", "g")
        await settle(pilot)
        assert app.editor.query_one(GraphView).view == "arcs"
        await pilot.press("a")  # not a graph key: nothing happens, nothing is asked
        await settle(pilot)
        assert app.screen is app.editor and app.editor.query_one(GraphView).view == "arcs"


async def test_right_and_left_open_and_close_the_outline(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        await pilot.press("down", "down", "down")  # Seasons > S1 > Escape Hyosan High
        await settle(pilot)
        node = outline.cursor_node
        assert node is not None and node.data == "escape-hyosan" and not node.is_expanded
        await pilot.press("right")
        assert node.is_expanded
        await pilot.press("right")  # open already: goes to its first beat
        await settle(pilot)
        assert outline.entity_id == "outbreak"
        await pilot.press("left")  # a beat has nothing to close: up to its arc
        assert outline.cursor_node is node
        await pilot.press("left")
        assert not node.is_expanded
