"""The crashes of issue 13, replayed key for key on a fresh `arcroom init` show at 160x48.

Each once killed the editor (two form builds interleaving, or a late message
from a form already rebuilt). The pauses between keys are the writer's rhythm
from the report, part of what is replayed, not waits for a result: each test
then waits for the app to settle and checks that it is alive and shows what
was asked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from story_bible.reading.loader import sample_path
from tests.support import wait_until
from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.widgets.form import EntityForm
from tui.widgets.outline import Outline

SIZE = (160, 48)


def _fresh_show(tmp_path: Path) -> Path:
    """What `arcroom init` writes: the sample, as the show's bible.yaml."""
    path = tmp_path / "bible.yaml"
    shutil.copyfile(sample_path(), path)
    return path


async def _palette(pilot: Pilot[int], text: str) -> str:
    """ctrl+p, the text, Enter once the palette lists a match; returns the match chosen."""
    await pilot.press("ctrl+p", *text)
    first = await _first_hit(pilot)
    await pilot.press("enter")
    return first


async def _first_hit(pilot: Pilot[int], timeout: float = 10) -> str:
    """The palette's first match, once it lists one."""

    def listed() -> bool:
        lists = pilot.app.screen.query(CommandList)
        return bool(lists) and lists.first().option_count > 0

    await wait_until(pilot, listed, "the palette to list a match", timeout)
    return str(pilot.app.screen.query(CommandList).first().get_option_at_index(0).prompt)


def _alive(app: ArcroomApp) -> None:
    assert app.is_running and app.return_code is None, "the editor stopped"


async def test_two_palette_jumps_in_a_row_do_not_crash(tmp_path: Path) -> None:
    """(a) ctrl+p nam-ra-bitten Enter, ctrl+p rooftop-fall Enter: NoMatches #form-heading."""
    app = make_app(_fresh_show(tmp_path), poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _palette(pilot, "nam-ra-bitten")
        await _palette(pilot, "rooftop-fall")
        await settle(pilot)
        _alive(app)
        form = app.editor.query_one(EntityForm)
        assert form.entity_id == "rooftop-fall"
        assert form.query_one("#form-heading") is not None
        assert "rooftop-fall" in str(form.query_one("#form-heading").render())


async def test_walking_down_the_outline_at_a_writers_pace_does_not_crash(
    tmp_path: Path,
) -> None:
    """(b) Down every 0.35-0.5 s through the outline: NoMatches #error-title."""
    app = make_app(_fresh_show(tmp_path), poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        for delay in [0.35, 0.5, 0.4, 0.45, 0.35, 0.5, 0.4, 0.35, 0.45, 0.5, 0.4, 0.35, 0.4, 0.5]:
            await pilot.press("down")
            await pilot.pause(delay)  # the rhythm of the keys, as reported
            _alive(app)
        await settle(pilot)
        _alive(app)
        form = app.editor.query_one(EntityForm)
        assert outline.entity_id is None or form.entity_id == outline.entity_id


async def test_end_up_up_end_then_a_character_from_the_palette_does_not_crash(
    tmp_path: Path,
) -> None:
    """(c) End, Up, Up, End, ctrl+p Kang Mi-rae Enter: 'Character' has no attribute 'title'.

    The report's character is the sample's Kang Min-gyu here (the sample has no
    Kang Mi-rae, whose search found nothing once fully typed)."""
    app = make_app(_fresh_show(tmp_path), poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end", "up", "up", "end")
        # The report's show had a Kang Mi-rae; the sample's is Sergeant Kang Min-gyu.
        # Enter once the whole name's search lists him first (an earlier search's
        # list may still show something else while the last letters are typed).
        await pilot.press("ctrl+p", *"Kang Min-gyu")

        def listed_first() -> bool:
            lists = pilot.app.screen.query(CommandList)
            return (bool(lists) and lists.first().option_count > 0
                    and "Kang Min-gyu" in str(lists.first().get_option_at_index(0).prompt))

        await wait_until(pilot, listed_first, "the palette to list Kang Min-gyu first")
        chosen = str(pilot.app.screen.query(CommandList).first().get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        _alive(app)
        form = app.editor.query_one(EntityForm)
        assert form.entity_id is not None and f"id {form.entity_id}" in chosen
        assert form.entity_id in app.bible.characters
        name = form.query_one("#field-name", Input).value
        assert name == app.bible.characters[form.entity_id].name


async def test_a_late_message_from_a_rebuilt_form_is_dropped(tmp_path: Path) -> None:
    """(b), made certain: the Input.Changed of a field the form no longer has arrives late."""
    app = make_app(_fresh_show(tmp_path), poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.editor.open_entity("escape-hyosan")
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        title = form.query_one("#field-title", Input)
        await app.editor.open_entity("nam-ra")  # a character: no title field
        await settle(pilot)
        assert form.field("title") is None  # (the arc's page is kept, hidden)
        form.post_message(Input.Changed(title, "Escape"))
        form.post_message(Input.Submitted(title, "Escape"))
        await settle(pilot)
        _alive(app)
        assert not app.document.dirty, "the old form's text was not applied to nam-ra"
        assert form.entity_id == "nam-ra"


async def test_a_selection_queued_as_the_palette_closes_leaves_the_editor_open(
    tmp_path: Path,
) -> None:
    """The 10,000-key monkey (seed 19): Enter typed fast after a search selected
    twice, and the palette's second dismissal answered twice (InvalidStateError)
    or popped the editor's screen (ScreenStackError). It must close only once."""
    app = make_app(_fresh_show(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.screen
        await pilot.press("ctrl+p", *"nam-ra")
        await _first_hit(pilot)
        palette = app.screen
        # The queued selection's dismissal, in the same tick as the first
        # (InvalidStateError) and once the first is done (ScreenStackError).
        first, second = palette.dismiss(), palette.dismiss()
        await first
        await second
        await palette.dismiss()
        await settle(pilot)
        _alive(app)
        assert app.screen is editor


async def test_the_palette_opened_again_while_the_last_one_is_removed(tmp_path: Path) -> None:
    """Escape then ctrl+p in one tick: the closed palette is still being removed (DuplicateIds)."""
    app = make_app(_fresh_show(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            app.action_command_palette()
            await wait_until(pilot, lambda: CommandPalette.is_open(app), "the palette to open")
            app.screen.dismiss()
            app.action_command_palette()  # before the closed one is removed from the app
            await wait_until(pilot, lambda: CommandPalette.is_open(app), "the palette to reopen")
            app.screen.dismiss()
            await wait_until(pilot, lambda: not CommandPalette.is_open(app), "it to close")
        _alive(app)


async def test_quitting_at_the_first_frame_does_not_crash(tmp_path: Path) -> None:
    """ctrl+q the moment the editor shows: the form's first page was still being built,
    and moving it into place after the app had ended raised (WidgetError)."""
    app = make_app(_fresh_show(tmp_path), poll=None, journal=False)
    display = app._display
    frames: list[object] = []

    def shown(screen: object, update: object) -> None:
        display(screen, update)  # type: ignore[arg-type]
        if not frames:
            app.call_later(app.exit)
        frames.append(update)

    app._display = shown  # type: ignore[method-assign]
    await app.run_async(headless=True, size=SIZE)
    assert frames
    assert app._crash_message is None
    assert not app.return_code


async def test_a_choice_mounted_as_the_app_ends_does_not_crash_it() -> None:
    """A kind's page built in the background as the app ended: a choice (a relation's
    stance) was mounted after its list had gone, and Textual's set-up of it, which looks
    for the list, stopped the app with an error at its exit (seen once in a test run)."""
    from textual import events
    from textual.widgets._select import SelectOverlay

    from tui.widgets.inputs import FieldSelect

    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        await wait_until(pilot, lambda: "relation" in form.pages_built, "the relation's page")
        choice = form.query(FieldSelect).first()
        await choice.query_one(SelectOverlay).remove()
        choice.post_message(events.Mount())
        await settle(pilot)
        assert app._exception is None and app.is_running
