"""The form reads in names: its heading and its references show what writers call
things, while the file keeps the ids (issue 15, "Names first")."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.support import wait_until
from tests.tui.test_editor import SIZE, open_form, retype, settle
from tui.app import make_app
from tui.widgets.form import EntityForm


def heading(form: EntityForm) -> str:
    return str(form.query_one("#form-heading", Static).render())


async def test_the_heading_names_the_beat_the_character_and_the_arc(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "outbreak")
        first, detail = heading(form).splitlines()[:2]
        assert "A bitten student turns in the science lab" in first
        assert "outbreak" not in first and "id outbreak" in detail  # the id below
        assert "Escape Hyosan High" in detail and "S1E01" in detail
        form = await open_form(pilot, "nam-ra")
        first, detail = heading(form).splitlines()[:2]
        assert "Choi Nam-ra (최남라)" in first and "nam-ra" not in first
        assert detail.strip() == "id nam-ra"
        form = await open_form(pilot, "escape-hyosan")
        first, detail = heading(form).splitlines()[:2]
        assert "Escape Hyosan High" in first and "escape-hyosan" not in first
        assert detail.strip() == "id escape-hyosan"


async def test_a_beats_references_show_names(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "cheong-san-stays")
        characters = form.query_one("#field-characters", Input)
        assert characters.value == (
            "Lee Cheong-san (이청산), Nam On-jo (남온조), Min Eun-ji (민은지)")
        form = await open_form(pilot, "nam-ra-immune")
        changes = form.query_one("#field-changes", Input)
        assert changes.value == "Choi Nam-ra (최남라): immune/The immune and the immortal"
        form = await open_form(pilot, "world-war")
        assert form.query_one("#field-requires", Input).value == "The halbies' war"
        assert form.query_one("#field-factions", Input).value == (
            "Hyosan High survivors, The immune and the immortal, The zombies, "
            "Martial-law command")


async def test_typing_a_name_stores_the_id_and_changes_only_those_bytes(hyosan: Path) -> None:
    before = hyosan.read_text(encoding="utf-8")
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "outbreak")
        field = form.query_one("#field-characters", Input)
        field.focus()
        await settle(pilot)
        # A name typed in another case, and the completion's name for Gwi-nam.
        await pilot.press("end", *", min eun-ji (민은지), Yoon G")
        await wait_until(pilot, lambda: field._suggestion == field.value + "wi-nam (윤귀남)",
                         "Gwi-nam's name completed")
        await pilot.press("right", "enter")  # take the completion, then apply
        await settle(pilot)
        assert app.bible.beats["outbreak"].characters == (
            "cheong-san", "on-jo", "eun-ji", "gwi-nam")
        assert field.value == ("Lee Cheong-san (이청산), Nam On-jo (남온조), "
                               "Min Eun-ji (민은지), Yoon Gwi-nam (윤귀남)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = hyosan.read_text(encoding="utf-8")
    assert after == before.replace(
        "characters: [cheong-san, on-jo]\n      gwi-nam-bitten",
        "characters: [cheong-san, on-jo, eun-ji, gwi-nam]\n      gwi-nam-bitten",
    )
    assert after != before


async def test_the_same_people_typed_by_id_write_nothing(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "outbreak")
        form.query_one("#field-characters", Input).focus()
        await retype(pilot, "cheong-san, on-jo")
        assert not app.document.dirty
        assert form.query_one("#field-characters", Input).value == (
            "Lee Cheong-san (이청산), Nam On-jo (남온조)")
        await retype(pilot, "Nobody Here")
        assert "there is no character 'Nobody Here'" in str(
            form.query_one("#error-characters", Static).render())
        assert not app.document.dirty
