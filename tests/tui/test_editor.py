"""The editor, driven with keys like a writer would (Textual's Pilot), on a copy of a bible."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from story_bible.positions import Position
from story_bible.reading.loader import sample_path
from tests.support import wait_until
from tui.app import ArcroomApp, make_app
from tui.screens.dialogs import AskForm, Choice
from tui.widgets.form import EntityForm
from tui.widgets.outline import Outline
from tui.widgets.problems import ProblemsPanel

SIZE = (120, 40)


async def settle(pilot: Pilot[int]) -> None:
    """Let the background work (checks, forms, drawings) finish and its results land.

    Dialog flows are workers too, waiting for an answer: those are left alone.
    """
    await pilot.pause()
    busy = [w for w in pilot.app.workers if w.group in ("check", "form", "graph")]
    if busy:  # (an empty list would wait for every worker)
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def outline_on(pilot: Pilot[int], *chosen: str, focus: bool = False) -> Outline:
    """The editor's outline once the app settled, each of ``chosen`` chosen in turn (which
    opens its arc), and then focused if asked."""
    await settle(pilot)
    app: ArcroomApp = pilot.app  # type: ignore[assignment]
    outline = app.editor.query_one(Outline)
    for entity_id in chosen:
        assert outline.select_entity(entity_id), entity_id
    if focus:
        outline.focus()
        await settle(pilot)
    return outline


async def open_form(pilot: Pilot[int], entity_id: str) -> EntityForm:
    app = pilot.app
    assert isinstance(app, ArcroomApp)
    await app.editor.open_entity(entity_id)
    await settle(pilot)
    return app.editor.query_one(EntityForm)


async def palette_lists(pilot: Pilot[int], typed: str, first: str = "") -> str:
    """Wait until the command palette's search for ``typed`` is done and lists a match.

    With ``first``, until its first match shows that. Returns the first match.
    """

    def listed() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return False
        searching = [w for w in pilot.app.workers if not w.is_finished
                     and w.group == CommandPalette._GATHER_COMMANDS_GROUP]
        inputs, lists = palette.query(CommandInput), palette.query(CommandList)
        return (bool(inputs) and inputs.first().value == typed and not searching
                and bool(lists) and lists.first().option_count > 0
                and first in str(lists.first().get_option_at_index(0).prompt))

    await pilot.pause()  # the last key's Input.Changed starts the search
    await wait_until(pilot, listed, f"the palette's search for {typed!r} to list {first!r}")
    return str(pilot.app.screen.query_one(CommandList).get_option_at_index(0).prompt)


async def reload_question(pilot: Pilot[int]) -> None:
    """Wait until the editor, polling the file, asks about its change on disk."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, Choice),
                     "the question about the file changed on disk")


async def retype(pilot: Pilot[int], text: str) -> None:
    """Replace the focused input's text and submit it (Enter)."""
    await pilot.press("home", "ctrl+k", *text, "enter")
    await settle(pilot)


async def test_walking_the_outline_opens_a_beats_form(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        assert app.focused is outline
        # The series first, then Seasons > S1 > Escape Hyosan High (collapsed: space opens
        # it) > its first beat in story order.
        assert outline.entity_id == "series"
        await pilot.press("down", "down", "down", "space", "down")
        await settle(pilot)
        assert outline.entity_id == "outbreak"
        form = app.editor.query_one(EntityForm)
        assert form.entity_id == "outbreak"
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is form.query_one("#field-at", Input)
        assert form.query_one("#field-at", Input).value == "S1E01"


async def test_editing_a_field_changes_the_bible_and_marks_it_unsaved(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "unsaved" not in app.sub_title
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E08")
        assert app.bible.beats["nam-ra-bitten"].at == Position(1, 8)
        assert app.document.dirty
        assert "● unsaved" in app.sub_title
        assert app.document.history == ["set nam-ra-bitten.at to S1E08"]


async def test_an_invalid_value_is_explained_and_nothing_changes(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E13")
        error = form.query_one("#error-at", Static)
        assert "S1 has 12 episodes" in str(error.render())
        assert error.has_class("-shown")
        assert app.bible.beats["nam-ra-bitten"].at == Position(1, 7)
        assert not app.document.dirty


async def test_adding_a_character_from_the_outline(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        outline.select_entity("#characters")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AskForm)
        # The name first; the id is proposed from it, and the writer may change it.
        await pilot.press(*"Lee Su-hyeok (이수혁)", "enter")
        await settle(pilot)
        assert app.screen.values()["id"] == "lee-su-hyeok"
        await pilot.press("ctrl+u", *"su-hyeok", "enter")
        await settle(pilot)
        assert app.bible.characters["su-hyeok"].name == "Lee Su-hyeok (이수혁)"
        assert app.editor.query_one(EntityForm).entity_id == "su-hyeok"
        assert outline.entity_id == "su-hyeok"
        assert "  su-hyeok: {name: Lee Su-hyeok (이수혁)}" in app.document.texts[str(hyosan)]


async def test_renaming_a_beat_renames_every_reference_and_undo_brings_it_back(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editor.query_one(Outline).select_entity("outbreak")
        app.editor.query_one(Outline).focus()
        await pilot.press("r", "home", "ctrl+k", *"first-bite", "enter")
        await settle(pilot)
        assert "first-bite" in app.bible.beats and "outbreak" not in app.bible.beats
        assert app.bible.beats["nam-ra-bitten"].after == ("first-bite",)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "outbreak" in app.bible.beats
        assert app.document.texts[str(hyosan)] == hyosan.read_text(encoding="utf-8")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "first-bite" in app.bible.beats


async def test_saving_writes_the_change_and_keeps_every_other_byte(hyosan: Path) -> None:
    before = hyosan.read_text(encoding="utf-8")
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E08")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.document.dirty
        assert "unsaved" not in app.sub_title
    after = hyosan.read_text(encoding="utf-8")
    assert after == before.replace("        at: S1E07\n", "        at: S1E08\n", 1)


async def test_the_problems_panel_follows_every_edit_and_jumps_to_the_field(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.editor.query_one(ProblemsPanel)
        assert panel.diagnostics == []
        assert panel.has_class("-clean")
        # If Gwi-nam died of the bite in S1E05, his return in S2E03 breaks continuity.
        form = await open_form(pilot, "gwi-nam-bitten")
        form.query_one("#field-changes", Input).focus()
        await retype(pilot, "gwi-nam: dead")
        codes = {d.code for d in panel.diagnostics}
        assert codes, "the panel shows the new problems"
        assert {d.entity for d in panel.diagnostics} >= {"gwi-nam-returns"}
        first = panel.diagnostics[0]
        app.editor.query_one("#problems-table").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.editor.query_one(EntityForm).entity_id == first.entity
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert panel.diagnostics == []


async def test_a_file_changed_on_disk_is_offered_for_reload(hyosan: Path) -> None:
    app = make_app(hyosan, poll=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = hyosan.read_text(encoding="utf-8")
        hyosan.write_text(text.replace("title: The grand war", "title: The last war"), "utf-8")
        await reload_question(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # Reload has the focus
        await settle(pilot)
        assert app.bible.arcs["world-war"].title == "The last war"
        assert not isinstance(app.screen, Choice)


async def test_quitting_with_unsaved_changes_asks_first(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E08")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.document.dirty
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
    assert app.return_code == 0
    assert "S1E07" in hyosan.read_text(encoding="utf-8")


async def test_the_sample_is_read_only_and_is_saved_as_a_new_show(tmp_path: Path) -> None:
    sample_before = sample_path().read_bytes()
    app = make_app(sample_path(), poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.document.read_only
        assert "read-only" in app.sub_title
        target = tmp_path / "my-show" / "bible.yaml"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AskForm)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.document.read_only
        assert "read-only" not in app.sub_title
    assert target.read_bytes() == sample_before
    assert sample_path().read_bytes() == sample_before


async def test_the_command_palette_jumps_to_a_character_by_name(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Choi Nam")
        first = await palette_lists(pilot, "Choi Nam", "Choi Nam-ra")
        assert first.splitlines()[0] == "Choi Nam-ra (최남라)"  # the name; the id below it
        assert "id nam-ra" in first.splitlines()[1]
        await pilot.press("enter")
        await settle(pilot)
        assert app.editor.query_one(EntityForm).entity_id == "nam-ra"


async def test_the_palette_shows_a_beat_by_its_title_and_finds_it_by_id_too(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Cheong-san stays")
        first = await palette_lists(pilot, "Cheong-san stays", "Cheong-san stays behind")
        title, detail = first.splitlines()
        assert title == "Cheong-san stays behind on the roof"
        assert "id cheong-san-stays" in detail and "Escape Hyosan High" in detail
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"quarantine")  # the id still finds it
        first = await palette_lists(pilot, "quarantine", "id quarantine")
        assert first.splitlines()[0] == "The city is sealed and bombed"
        await pilot.press("enter")
        await settle(pilot)
        assert app.editor.query_one(EntityForm).entity_id == "quarantine"


async def test_the_outline_names_beats_by_title_and_relations_by_faction_name(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        shown = {key: str(node.label) for key in outline.shown()
                 if (node := outline.node(key)) is not None}
        assert shown["cheong-san-stays"].endswith("Cheong-san stays behind on the roof")
        assert shown["military~survivors@S1E10"].startswith(
            f"{app.bible.factions['military'].name} hostile "
            f"{app.bible.factions['survivors'].name}")
        for beat_id in app.bible.beats:  # no beat is shown by its id
            assert shown[beat_id].split(" ", 1)[1] != beat_id
        for arc in app.bible.arcs.values():  # an arc by its title, above its beats' titles
            assert shown[arc.id].startswith(f"● {arc.title}")


async def test_nudging_a_beat_moves_it_one_episode(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        outline.select_entity("cheong-san-stays")
        outline.focus()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.bible.beats["cheong-san-stays"].at == Position(1, 11)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.bible.beats["cheong-san-stays"].at == Position(2, 1)


async def test_choosing_in_the_episode_grid_and_the_graph_opens_forms(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")  # the board's cursor starts on the first episode
        await settle(pilot)
        assert app.editor.query_one(EntityForm).entity_id == "outbreak"
        app.editor.query_one(Outline).focus()
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("right", "enter")
        await settle(pilot)
        chosen = app.editor.query_one(EntityForm).entity_id
        assert chosen in app.bible.beats and chosen != "outbreak"


async def test_keys_typed_faster_than_the_app_runs_them_stay_in_order(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "nam-ra-bitten")
        field = form.query_one("#field-at", Input)
        assert app.focused is field
        # All at once, as a terminal delivers a macro or tmux send-keys: no pause between keys.
        for key, character in [("home", None), ("ctrl+k", None),
                               *((c, c) for c in "S1E08"), ("left", None), ("backspace", None)]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert field.value == "S1E8"


async def test_a_field_edit_updates_the_outline_in_place(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        arc = outline.node("escape-hyosan")
        character = outline.node("nam-ra")
        assert arc is not None and character is not None
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E04")  # before gwi-nam-bitten (S1E05) now
        assert [str(n.label) for n in arc.children][:3] == [
            "E01 A bitten student turns in the science…", "E04 nam ra bitten",
            "E05 Gwi-nam is bitten and does not turn"]
        assert outline.entity_id == "nam-ra-bitten"
        await open_form(pilot, "nam-ra")
        app.editor.query_one(EntityForm).focus_field("name")
        await retype(pilot, "Nam-ra, class president")
        # The same tree nodes, relabelled: nothing collapsed, nothing rebuilt.
        assert outline.node("nam-ra") is character
        assert outline.node("escape-hyosan") is arc
        assert str(character.label).endswith("Nam-ra, class president")


async def test_reload_from_the_palette_reads_the_file_again(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = hyosan.read_text(encoding="utf-8")
        hyosan.write_text(text.replace("title: The grand war", "title: The last war"), "utf-8")
        await pilot.press("ctrl+p", *"Reload from disk")
        await palette_lists(pilot, "Reload from disk", "Reload from disk")
        await pilot.press("enter")
        await settle(pilot)
        assert app.bible.arcs["world-war"].title == "The last war"


async def test_with_unsaved_work_the_reload_question_defaults_to_keeping_it(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot, "nam-ra-bitten")
        await retype(pilot, "S1E08")
        text = hyosan.read_text(encoding="utf-8")
        hyosan.write_text(text.replace("title: The grand war", "title: The last war"), "utf-8")
        await reload_question(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # Keep mine has the focus
        await settle(pilot)
        assert app.bible.beats["nam-ra-bitten"].at == Position(1, 8)
        assert app.bible.arcs["world-war"].title == "The grand war"


async def test_a_refused_edit_puts_the_value_back_and_is_not_sent_again(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "S1")
        field = form.query_one("#field-episodes", Input)
        form.focus_field("episodes")
        await pilot.pause()
        await retype(pilot, "3")  # beats stand in S1E05 and later: refused
        assert len(app._notifications) == 1
        assert app.bible.seasons["S1"].episodes == 12
        assert field.value == "12"
        refused = len(app._notifications)
        await pilot.press("tab", "shift+tab", "tab")
        await settle(pilot)
        assert len(app._notifications) == refused


async def test_a_focused_checkbox_still_shows_its_label(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "nam-ra-bitten")
        form.focus_field("flashback")
        await pilot.pause()
        switch = form.query_one("#field-flashback")
        assert app.focused is switch
        assert switch.region.height == 1  # not a box with its label hidden inside
        assert switch.styles.border_top[0] in ("", "none")
        assert "may show the dead" in str(switch.render())


async def test_the_graphs_character_path_follows_the_character_chosen(hyosan: Path) -> None:
    from tui.widgets.graph_view import GraphView

    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("1", "c")  # the graph tab, one character's path
        await settle(pilot)
        graph = app.editor.query_one(GraphView)
        first = graph.character
        await app.editor.open_entity("gwi-nam")
        await settle(pilot)
        await app.editor.action_show_view("graph")
        await settle(pilot)
        assert first != "gwi-nam" and graph.character == "gwi-nam"
        title = str(graph.query_one("#graph-title").render())
        assert "Yoon Gwi-nam" in title or "gwi-nam" in title


@pytest.mark.parametrize("quick", [True, False])
async def test_a_quick_check_runs_with_the_edit_and_a_slow_one_in_a_thread(
    hyosan: Path, quick: bool
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if not quick:
            app._check_seconds = 1.0  # as a bible too big to check between two keys
        await app.edit_field("gwi-nam-bitten", "changes", {"gwi-nam": "dead"})
        panel = app.editor.query_one(ProblemsPanel)
        # Quick: the panel already shows the problems; slow: they are on their way.
        assert bool(panel.diagnostics) is quick
        await settle(pilot)
        assert {d.entity for d in panel.diagnostics} >= {"gwi-nam-returns"}


async def test_the_problems_panel_lists_errors_before_warnings_and_infos(hyosan: Path) -> None:
    # A faction nobody uses is noted on a line above the beats.
    text = hyosan.read_text(encoding="utf-8")
    hyosan.write_text(text.replace("factions:\n", "factions:\n  nobody: {name: Nobody}\n", 1),
                      encoding="utf-8")
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.edit_field("gwi-nam-bitten", "changes", {"gwi-nam": "dead"})
        await settle(pilot)
        shown = app.editor.query_one(ProblemsPanel).diagnostics
        assert {d.entity for d in shown} >= {"nobody", "gwi-nam-returns"}
        severities = [d.severity for d in shown]
        assert severities == sorted(severities, reverse=True)


async def test_renaming_a_season_is_explained_before_asking_for_an_id(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outline = app.editor.query_one(Outline)
        outline.select_entity("S2")
        outline.focus()
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, AskForm)
        assert any("named by its number" in n.message for n in app._notifications)


async def test_a_views_widgets_are_mounted_when_its_tab_is_first_shown(hyosan: Path) -> None:
    from tui.widgets.factions_view import FactionsView
    from tui.widgets.graph_view import GraphCanvas, GraphView
    from tui.widgets.timeline import CharacterTimeline

    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for kind in (GraphView, FactionsView, CharacterTimeline):
            assert not app.editor.query(kind), kind  # only the board's tab is built
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.focused, GraphCanvas)  # mounted, drawn and focused
        assert app.focused.drawing.hits
        assert not app.editor.query(FactionsView) and not app.editor.query(CharacterTimeline)
