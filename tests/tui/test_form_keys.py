"""Keys in the form's and the dialogs' text fields behave as a writer expects:
ctrl+a selects the whole text, so what is typed next replaces it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.test_editor import open_form, settle
from tui.app import make_app
from tui.screens.dialogs import AskForm
from tui.widgets.inputs import FieldArea, FieldInput
from tui.widgets.outline import Outline

SIZE = (120, 40)


async def test_ctrl_a_in_a_summary_selects_it_and_typing_replaces_it(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "quarantine")
        assert form.focus_field("summary")
        area = form.query_one("#field-summary", FieldArea)
        area.move_cursor(area.document.end)  # wherever the cursor was, ctrl+a takes it all
        await pilot.press("ctrl+a", *"Seoul falls")
        assert area.text == "Seoul falls"
        await pilot.press("tab")  # leaving the field applies it
        await settle(pilot)
        assert app.bible.beats["quarantine"].summary == "Seoul falls"


async def test_ctrl_a_in_a_one_line_field_selects_it_and_typing_replaces_it(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "escape-hyosan")
        assert form.focus_field("title")
        await pilot.press("ctrl+a", *"Out of Hyosan", "enter")
        await settle(pilot)
        assert form.query_one("#field-title", FieldInput).value == "Out of Hyosan"
        assert app.bible.arcs["escape-hyosan"].title == "Out of Hyosan"


async def test_ctrl_a_in_a_dialog_selects_the_proposal_and_typing_replaces_it(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        outline.select_entity("S1")
        outline.focus()
        await pilot.press("a", *"Curfew", "enter")  # the title; the id is proposed from it
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AskForm)
        assert dialog.values()["id"] == "curfew"
        assert isinstance(app.focused, Input) and app.focused.id == "ask-id"
        await pilot.press("ctrl+a", *"lockdown")
        assert dialog.values()["id"] == "lockdown"
