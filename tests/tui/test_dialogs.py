"""Dialogs in the writers' words: names first, ids proposed, nothing lost to fast typing,
the dangerous button never the default, and every edit says what it did."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.screens.dialogs import AskForm, Choice
from tui.widgets.outline import Outline

SIZE = (120, 40)


def said(app: ArcroomApp) -> list[str]:
    """The notifications shown so far."""
    return [str(n.message) for n in app._notifications]


async def open_add(pilot: Pilot[int], where: str) -> AskForm:
    app = pilot.app
    assert isinstance(app, ArcroomApp)
    await settle(pilot)
    outline = app.editor.query_one(Outline)
    outline.select_entity(where)
    outline.focus()
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, AskForm)
    return app.screen


async def test_add_asks_the_title_first_and_proposes_a_unique_id(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add(pilot, "S1")
        assert form.title_text == "Add an arc"
        # Nothing typed yet: no complaint about the empty id.
        assert str(form.query_one("#ask-error", Static).render()) == ""
        assert form.query(Input).first().id == "ask-title"
        await pilot.press(*"Martial Law")
        await settle(pilot)
        # "martial-law" is taken: the proposal is made unique.
        assert form.values()["id"] == "martial-law-2"
        await pilot.press("enter", "ctrl+u", *"curfew", "enter")
        await settle(pilot)
        await pilot.press("enter")  # the season, proposed as S1
        await settle(pilot)
        assert app.bible.arcs["curfew"].title == "Martial Law"
        assert any("Added an arc: Martial Law (id curfew" in m for m in said(app))


async def test_a_beats_id_is_proposed_from_its_summary(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add(pilot, "outbreak")
        assert form.title_text == "Add a beat to Escape Hyosan High"
        await pilot.press(*"The roof holds until dawn")
        await settle(pilot)
        assert form.values()["id"] == "the-roof-holds-until"


async def test_keys_typed_fast_into_a_dialog_stay_in_their_fields(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add(pilot, "#factions")
        # All at once, as tmux send-keys or a paste delivers them: name, Tab, id.
        keys = [*"The Resistance", "tab", "ctrl+u", *"resistance"]
        for key in keys:
            character = key if len(key) == 1 else None
            app.post_message(events.Key("space" if key == " " else key, character))
        await settle(pilot)
        assert form.values()["name"] == "The Resistance"
        assert form.values()["id"] == "resistance"


async def test_remove_asks_with_cancel_as_the_default(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        outline.select_entity("nam-ra")
        outline.focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert app.screen.title_text == "Remove Choi Nam-ra (최남라)?"
        await pilot.press("enter")  # Enter alone removes nothing
        await settle(pilot)
        assert "nam-ra" in app.bible.characters
        await pilot.press("x")
        await settle(pilot)
        await pilot.click("#remove")
        await settle(pilot)
        assert "nam-ra" not in app.bible.characters
        assert any(m.startswith("Removed Choi Nam-ra") for m in said(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "nam-ra" in app.bible.characters
        assert any(m.startswith("Undid: remove") and "nam-ra" in m for m in said(app))
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert any(m.startswith("Redid: remove") and "nam-ra" in m for m in said(app))


async def test_rename_offers_the_name_and_the_id_separately(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        outline.select_entity("eun-ji")
        outline.focus()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, AskForm)
        assert app.screen.values() == {"name": "Min Eun-ji (민은지)", "id": "eun-ji"}
        await pilot.press("ctrl+u", *"Min Eun-ji", "enter", "enter")
        await settle(pilot)
        assert app.bible.characters["eun-ji"].name == "Min Eun-ji"  # the id stays
        assert any(m == "Renamed: name “Min Eun-ji”" for m in said(app))


async def test_export_is_in_the_palette(hyosan: Path) -> None:
    import asyncio

    from textual.command import CommandList, CommandPalette

    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Export report")
        commands = app.screen.query_one(CommandList)
        deadline = asyncio.get_running_loop().time() + 10
        while (commands.option_count == 0
               or "Export" not in str(commands.get_option_at_index(0).prompt)):
            assert asyncio.get_running_loop().time() < deadline, "the palette found no export"
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "export"])
        await pilot.pause()
        assert (hyosan.parent / "plan.html").read_text().startswith("<!DOCTYPE html>")
        assert "<svg" in (hyosan.parent / "plan.svg").read_text()
        assert any(m.startswith("Exported ") for m in said(app))


async def test_a_new_arc_lands_in_its_seasons_section(tmp_path: Path) -> None:
    from story_bible.reading.loader import sample_path

    bible = tmp_path / "bible.yaml"
    bible.write_bytes(sample_path().read_bytes())
    app = make_app(bible, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add(pilot, "S2")
        assert form.values()["seasons"] == "S2"
        await pilot.press(*"Curfew", "enter", "enter", "enter")
        await settle(pilot)
        text = app.document.texts[str(bible)]
        # After the last S2 arc, above the Season 3 banner, keys in the siblings' order.
        new = text.index("  curfew:\n    season: S2\n    title: Curfew\n")
        assert text.index("# ── Season 2") < new < text.index("# ── Season 3")
        before = bible.read_text()
        assert text.replace("  curfew:\n    season: S2\n    title: Curfew\n\n", "") == before
