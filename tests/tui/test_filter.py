"""Filter and find: ``/`` narrows the board, the graph, the outline and the Factions and
Character tabs at once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select, Static

from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.screens.dialogs import AskForm
from tui.widgets.episode_grid import EpisodeGrid
from tui.widgets.graph_view import GraphCanvas
from tui.widgets.outline import Outline
from tui.widgets.timeline import CharacterTimeline

SIZE = (160, 48)


def board_beats(app: ArcroomApp) -> set[str]:
    grid = app.editor.query_one(EpisodeGrid)
    return {b for beats in grid._cells.values() for b in beats}


def outline_beats(app: ArcroomApp) -> set[str]:
    outline = app.editor.query_one(Outline)
    return {key for key in outline.shown() if key in app.bible.beats}


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


def stance_pairs(app: ArcroomApp) -> set[str]:
    table = app.editor.query_one("#stances", DataTable)
    return {str(key.value) for key in table.rows}


def member_rows(app: ArcroomApp) -> dict[str, str]:
    """Faction id -> the names the members table lists for it (every season's)."""
    table = app.editor.query_one("#members", DataTable)
    return {str(key.value): " ".join(str(cell) for cell in table.get_row(key)[1:])
            for key in table.rows}


def timeline_beats(app: ArcroomApp) -> str:
    table = app.editor.query_one(CharacterTimeline).query_one("#timeline", DataTable)
    return " | ".join(str(table.get_row_at(i)[3]) for i in range(table.row_count))


def timeline_people(app: ArcroomApp) -> list[str]:
    select = app.editor.query_one("#timeline-who", Select)
    return [str(value) for _, value in select._options if value is not Select.NULL]


async def test_an_arc_filter_narrows_the_factions_and_character_tabs(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert stance_pairs(app) == {"military|survivors", "halbies|horde", "survivors|halbies"}
        assert "Nam-ra" in member_rows(app)["survivors"]
        await pilot.press("slash", *"Martial law", "enter")  # one beat: the quarantine
        await settle(pilot)
        # Only the sides that story involves: the army and the survivors On-jo is with.
        assert stance_pairs(app) == {"military|survivors"}
        members = member_rows(app)
        assert set(members) == {"survivors", "military"}
        assert "On-jo" in members["survivors"] and "Nam-ra" not in members["survivors"]
        await pilot.press("4")
        await settle(pilot)
        assert timeline_people(app) == ["on-jo"]
        beats = timeline_beats(app)
        assert "The city is sealed and bombed" in beats
        assert "A bitten student" not in beats  # On-jo's other beats are filtered out
        await pilot.press("escape")
        await settle(pilot)
        assert len(timeline_people(app)) == len(app.bible.characters)
        assert "A bitten student" in timeline_beats(app)


async def test_a_character_filter_chooses_them_in_the_timeline(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("slash", *"Nam-ra", "enter")
        await settle(pilot)
        timeline = app.editor.query_one(CharacterTimeline)
        assert timeline.character == "nam-ra"
        # Those who share her path (the truce) can be chosen; nobody else.
        assert set(timeline_people(app)) == {"nam-ra", "on-jo", "eun-ji"}


async def test_a_faction_filter_keeps_every_stance_of_that_faction(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash", *"The immune and the immortal", "enter")
        await settle(pilot)
        pairs = stance_pairs(app)
        assert {"halbies|horde", "survivors|halbies"} <= pairs
        assert "halbies" in member_rows(app)
