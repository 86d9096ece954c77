"""ctrl+up/down move the chosen beat to the arc above or below, in every pane that
chooses beats: the board (its rows), the outline and the graph (the arcs of the
beat's season, as written)."""

from __future__ import annotations

from story_bible.reading.loader import sample_path
from tests.tui.test_editor import outline_on, settle
from tests.tui.test_graph_zoom import graph
from tui.app import make_app
from tui.beat_moves import arc_beside

SIZE = (160, 48)


def test_the_arc_beside_is_in_the_beats_season_and_none_at_the_edge() -> None:
    from story_bible.reading.loader import load

    bible = load(sample_path())
    beat = bible.beats["bible"]  # the first S1 arc's
    assert arc_beside(bible, "bible", -1) is None
    below = arc_beside(bible, "bible", 1)
    assert below is not None and beat.at.season_id in bible.arcs[below].seasons
    assert arc_beside(bible, "escape-hyosan", 1) is None  # an arc is not a beat


async def test_ctrl_arrows_move_the_chosen_beat_to_another_arc_in_the_outline() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        outline = await outline_on(pilot, "bible", focus=True)
        home, below = app.bible.beats["bible"].arc, arc_beside(app.bible, "bible", 1)
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert app.bible.beats["bible"].arc == below
        assert app.bible.beats["bible"].at.season_id == "S1"  # its episode is kept
        assert outline.entity_id == "bible", outline.entity_id
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert app.bible.beats["bible"].arc == home
        before = dict(app.document.texts)
        await pilot.press("ctrl+up")  # the first arc of its season: nothing above
        await settle(pilot)
        assert app.document.texts == before


async def test_ctrl_arrows_move_the_selected_beat_in_the_graph() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        _, canvas = await graph(pilot, "beats")
        await pilot.press("home")
        await settle(pilot)
        beat = str(canvas.selected_node)
        home, below = app.bible.beats[beat].arc, arc_beside(app.bible, beat, 1)
        assert below is not None
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert app.bible.beats[beat].arc == below
        assert canvas.selected_node == beat
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert app.bible.beats[beat].arc == home
