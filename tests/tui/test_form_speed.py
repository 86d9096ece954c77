"""The palette's jump and Add get to their form quickly, and show progress while they work.

Each kind's form (a page of widgets) is built once, when first needed (under
a loading indicator) or in the background after the first screen, and kept;
another entity shows its kind's page with the values set in place, so a
message a widget sent before the jump must not land on the next entity.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from story_bible.reading.loader import sample_path
from tests.support import wait_until
from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.screens.dialogs import AskForm
from tui.widgets.form import EntityForm, FormPage
from tui.widgets.outline import Outline

#: Generous: the tests share two cores with everything else; the figures are printed.
BOUND_SECONDS = 5.0


async def test_palette_and_add_reach_their_form_on_the_sample() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        palette: list[float] = []
        # A beat, a character, then a beat after a beat (the reused form).
        for target, typed in [("kiss", "kiss"), ("nam-ra", "Choi Nam-ra"),
                              ("outbreak", "outbreak"), ("su-hyeok-returns", "su-hyeok-returns")]:
            await pilot.press("ctrl+p", *typed)

            def listed(target: str = target) -> bool:
                lists = app.screen.query(CommandList)
                return (isinstance(app.screen, CommandPalette) and bool(lists)
                        and lists.first().option_count > 0
                        and f"id {target}" in str(lists.first().get_option_at_index(0).prompt))

            await wait_until(pilot, listed, f"the palette to list {target} first")
            start = time.perf_counter()
            await pilot.press("enter")
            await wait_until(pilot, lambda t=target: form.entity_id == t and form.is_built,
                             f"{target}'s form")
            await pilot.pause()  # drawn
            palette.append(time.perf_counter() - start)
            await settle(pilot)
        add: list[float] = []
        outline = app.editor.query_one(Outline)
        for where in ("escape-hyosan", "S1", "nam-ra"):
            outline.select_entity(where)
            outline.focus()
            await settle(pilot)
            start = time.perf_counter()
            await pilot.press("a")
            await wait_until(pilot, lambda: isinstance(app.screen, AskForm)
                             and bool(app.screen.query(Input)), "the Add dialog")
            await pilot.pause()
            add.append(time.perf_counter() - start)
            await pilot.press("escape")
            await settle(pilot)
    print(f"\npalette Enter -> form: {', '.join(f'{s * 1000:.0f}' for s in palette)} ms; "
          f"Add -> dialog: {', '.join(f'{s * 1000:.0f}' for s in add)} ms")
    assert max(palette + add) < BOUND_SECONDS


async def test_a_beat_after_a_beat_reuses_the_form_and_drops_a_late_message(
    hyosan: Path,
) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.editor.open_entity("outbreak")
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        at = form.query_one("#field-at", Input)
        late = Input.Submitted(at, "S1E09")  # sent while the form showed the outbreak
        await app.editor.open_entity("quarantine")
        await settle(pilot)
        assert form.entity_id == "quarantine"
        assert form.query_one("#field-at", Input) is at  # the same widget, in place
        assert at.value == "S1E10"
        form.post_message(late)
        await settle(pilot)
        assert not app.document.dirty, "the outbreak's late Enter did not move the quarantine"
        at.focus()
        await pilot.press("ctrl+a", *"S1E11", "enter")  # what is typed now does apply
        await settle(pilot)
        assert str(app.bible.beats["quarantine"].at) == "S1E11"


async def test_a_form_of_another_kind_is_built_under_a_loading_indicator(
    hyosan: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    build = EntityForm._build

    async def watched(self: EntityForm, *args: Any) -> FormPage:
        seen.append(self.loading)
        return await build(self, *args)

    monkeypatch.setattr(EntityForm, "_build", watched)
    monkeypatch.setattr(EntityForm, "PREBUILD_AFTER", None)  # each page when first needed
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The first screen's form is built with that screen: nothing to stand in for.
        assert seen == [False]
        seen.clear()
        await app.editor.open_entity("nam-ra")
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        assert seen == [True] and not form.loading
        assert isinstance(app, ArcroomApp) and form.entity_id == "nam-ra"
        # Built once and kept: back to a character after a beat is a swap, not a build.
        await app.editor.open_entity("outbreak")
        await app.editor.open_entity("on-jo")
        await settle(pilot)
        assert seen == [True, True] and form.entity_id == "on-jo"
        assert form.field("name").value == "Nam On-jo (남온조)"  # type: ignore[union-attr]


async def test_every_kinds_page_is_built_in_the_background_after_the_first_screen(
    hyosan: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(EntityForm, "PREBUILD_AFTER", 0.01)
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        await wait_until(pilot, lambda: set(form.PREBUILD_ORDER) <= set(form._pages),
                         "every kind's page")
        pages = dict(form._pages)
        for entity_id in ("nam-ra", "escape-hyosan", "outbreak", "survivors", "S1"):
            await app.editor.open_entity(entity_id)
            await settle(pilot)
            assert form.entity_id == entity_id and form.is_built
            shown = [p for p in form.query(FormPage) if p.display]
            assert shown == [pages[form.kind or ""]]  # the kept page, and only it, shown
        assert form._pages == pages


@pytest.mark.parametrize("prebuilt", [False, True], ids=["built-now", "built-before"])
async def test_a_field_of_a_page_no_longer_shown_never_keeps_the_focus(
    hyosan: Path, monkeypatch: pytest.MonkeyPatch, prebuilt: bool,
) -> None:
    monkeypatch.setattr(EntityForm, "PREBUILD_AFTER", 0.01 if prebuilt else None)
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        if prebuilt:
            await wait_until(pilot, lambda: "character" in form.pages_built, "the pages")
        await app.editor.open_entity("outbreak")
        await settle(pilot)
        summary = form.field("summary")
        assert summary is not None
        summary.focus()
        await settle(pilot)
        await app.editor.show_form("nam-ra")  # as a highlight in the outline would
        await settle(pilot)
        assert form.entity_id == "nam-ra"
        # The character page's first field, not the beat's summary (hidden now).
        assert app.focused is form.field("name")
        assert not app.document.dirty


async def _drawn(pilot: Any) -> None:
    """Until the screen has nothing left to lay out or paint (the frames of a jump)."""
    screen = pilot.app.screen
    await settle(pilot)
    await wait_until(pilot, lambda: not (screen._layout_required or screen._repaint_required
                                         or screen._dirty_widgets), "the screen drawn")
    await pilot.pause()


async def test_a_jump_that_changes_the_forms_height_lays_the_screen_out_once() -> None:
    """The heading and the summary take another number of lines (the summary more): one
    layout, not two (the second, asked for by the resized widgets themselves, or by the
    summary's scrollbar, shown against its old height and hidden by the layout, found the
    same places)."""
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)

        def heights() -> tuple[int, int]:
            summary = form.field("summary")
            assert summary is not None
            return form.query_one("#form-heading").size.height, summary.size.height

        seen: dict[tuple[int, int], str] = {}
        for beat in list(app.bible.beats)[:40]:
            await app.editor.open_entity(beat)
            await _drawn(pilot)
            seen.setdefault(heights(), beat)
        pairs = [(a, b) for a in seen for b in seen if a[0] != b[0] and a[1] < b[1]]
        assert pairs, f"two beats whose heading and summary differ in height: {seen}"
        first, second = pairs[0]
        await app.editor.open_entity(seen[first])
        await _drawn(pilot)
        layouts: list[object] = []
        app.editor.screen_layout_refresh_signal.subscribe(app.editor, layouts.append,
                                                          immediate=True)
        await app.editor.open_entity(seen[second])
        await _drawn(pilot)
        assert heights() == second
        assert len(layouts) == 1


async def test_a_summary_typed_past_its_most_lines_scrolls_to_the_cursor() -> None:
    """A text area whose text fits has no scrollbar to decide; typed taller, it has one
    again and keeps the cursor in view, as before."""
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await app.editor.open_entity(next(iter(app.bible.beats)))
        await _drawn(pilot)
        summary = app.editor.query_one(EntityForm).field("summary")
        assert summary is not None
        assert summary.has_class("-fits") and not summary.show_vertical_scrollbar
        summary.focus()
        await pilot.press("ctrl+end")
        for line in range(8):
            await pilot.press("enter", *f"line {line}")
        await _drawn(pilot)
        assert not summary.has_class("-fits") and summary.show_vertical_scrollbar
        row = summary.cursor_location[0]
        assert summary.scroll_y <= summary.wrapped_document.location_to_offset(
            summary.cursor_location).y < summary.scroll_y + summary.size.height, row


async def _every_form_built(pilot: Any) -> EntityForm:
    """The form, once the editor is settled and every kind's page built (in the background
    after the first screen): the steady state, where a jump reuses a page."""
    await settle(pilot)
    form: EntityForm = pilot.app.editor.query_one(EntityForm)
    await wait_until(pilot, lambda: set(form.PREBUILD_ORDER) <= form.pages_built,
                     "every kind's form built in the background", timeout=60)
    return form


async def _palette_open(pilot: Any) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette)
                     and bool(app.screen.query(CommandList)), "the palette")
    await _drawn(pilot)


async def test_closing_the_palette_does_not_lay_the_editor_out_again() -> None:
    """Textual lays out the screen under a removed screen once more; the editor's layout
    has not changed, so closing the palette is one repaint (a third of a jump was the
    layout and the two repaints after it)."""
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _every_form_built(pilot)
        await _drawn(pilot)
        layouts: list[object] = []
        app.editor.screen_layout_refresh_signal.subscribe(app.editor, layouts.append,
                                                          immediate=True)
        await _palette_open(pilot)
        layouts.clear()  # (opening it lays the editor out: another matter)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.editor, "the editor")
        await _drawn(pilot)
        assert layouts == []


async def test_the_editor_fits_a_terminal_resized_while_the_palette_was_open() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _palette_open(pilot)
        await pilot.resize_terminal(100, 30)
        await _drawn(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.editor, "the editor")
        await _drawn(pilot)
        footer = app.editor.query_one("Footer")
        assert app.editor.size == (100, 30)
        assert footer.region.width == 100 and footer.region.bottom == 30


async def test_the_palettes_hold_on_the_screen_ends_when_its_command_has_run() -> None:
    """The palette holds the screen's updates while it closes and its command runs; the
    hold ends with the command, not after a fixed delay (here a minute, so that a hold
    that waited for it would fail the test)."""
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        ran: list[int] = []
        app.delay_update(60)
        app.call_later(lambda: ran.append(app._batch_count))
        assert app._batch_count == 1
        await wait_until(pilot, lambda: app._batch_count == 0, "the hold to end")
        assert ran == [1]  # the command ran under the hold


async def test_the_collector_waits_from_a_choice_in_the_palette_until_its_jump_is_drawn(
) -> None:
    """The palette's search leaves much garbage; its collection must not land in the jump
    (Enter to the form drawn), so the collector is paused from the choice until the form
    is drawn; while the palette is open it runs (paused for the whole palette session,
    sixty searches left 2.3 million objects and a 2.3 s collection after)."""
    import gc

    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        begun, ended = app._begin_turns, app._end_turns
        when: list[tuple[str, str, str | None, bool]] = []

        def record(what: str, work: str) -> None:
            screen = app.screen
            pending = bool(screen._layout_required or screen._repaint_required
                           or screen._dirty_widgets or app._batch_count)
            when.append((what, work, form.entity_id, pending))

        def begin_turns(work: str) -> None:
            record("begin", work)
            begun(work)

        def end_turns(work: str) -> None:
            record("end", work)
            ended(work)

        app._begin_turns = begin_turns  # type: ignore[method-assign]
        app._end_turns = end_turns  # type: ignore[method-assign]
        await _palette_open(pilot)
        await pilot.press(*"kiss")
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0,
                         "a hit")
        assert gc.isenabled()  # searching: the collector runs
        shown = form.entity_id
        await pilot.press("enter")
        await wait_until(pilot, lambda: ("end", "jump", "kiss", False) in when,
                         "the collector again once the kiss's form is drawn")
        # From the choice, before the jump shows anything.
        assert next(w[:3] for w in when if w[1] == "jump") == ("begin", "jump", shown)
        assert gc.isenabled()
    assert gc.isenabled()


async def test_the_add_dialogs_answer_is_drawn_in_one_whole_screen_frame() -> None:
    """The dialog's closing and the new entry's form come in one frame, laid out: the
    editor under the dialog was first repainted whole on its own (with its layout still
    to come), then whole again once laid out."""
    from textual._compositor import LayoutUpdate

    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _every_form_built(pilot)
        new_id = await _add_by_dialog(pilot, next(iter(app.bible.arcs)), "The bench beat happens")
        whole: list[str | None] = []
        display = app._display

        def shown(screen: Any, update: Any) -> None:
            if isinstance(update, LayoutUpdate) and screen is app.editor:
                whole.append(form.entity_id)
            display(screen, update)

        app._display = shown  # type: ignore[method-assign]
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.entity_id == new_id, "the new beat's form")
        await _drawn(pilot)
        assert whole == [new_id]


async def test_a_frame_that_lays_out_and_repaints_the_editor_writes_to_the_terminal_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing the palette for a jump repaints the whole editor and lays it out (the form
    changed) in the same frame; Textual's frame painted what the layout moved, then the
    whole screen: two writes to the terminal, the first of them wasted."""
    from tui.screens.editor import EditorScreen

    writes: list[int] = []
    both: list[bool] = []
    tick = EditorScreen._on_timer_update

    def frame(editor: EditorScreen) -> None:  # (the screen's frame timer is made at mount)
        both.append(bool(editor._layout_required and editor._repaint_required))
        writes.append(0)
        tick(editor)

    monkeypatch.setattr(EditorScreen, "_on_timer_update", frame)
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _every_form_built(pilot)
        await app.editor.open_entity("kiss")
        await _drawn(pilot)
        editor = app.editor
        display = app._display

        def shown(screen: Any, update: Any) -> None:
            if writes and screen is editor:
                writes[-1] += 1
            display(screen, update)

        app._display = shown  # type: ignore[method-assign]
        writes.clear()
        both.clear()
        await _palette_open(pilot)
        await pilot.press(*"Choi Nam-ra")
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0,
                         "a hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.entity_id == "nam-ra", "nam-ra's form")
        await _drawn(pilot)
        assert any(both), "no frame both laid the editor out and repainted it whole"
        assert max(writes) == 1


async def _add_by_dialog(pilot: Any, where: str, name: str) -> str:
    """Opens the Add dialog on ``where`` in the outline and types ``name``; the new id."""
    app = pilot.app
    await app.editor.open_entity(where)
    await _drawn(pilot)
    app.editor.query_one(Outline).focus()
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(app.screen, AskForm)
                     and bool(app.screen.query(Input)), "the Add dialog")
    await pilot.press(*name)
    new_id: str = app.screen.values()["id"]
    list(app.screen.query(Input))[-1].focus()
    await _drawn(pilot)
    return new_id


async def test_the_first_problem_shows_its_panel_in_one_layout() -> None:
    """The sample has no problems; a new character, in no beat yet, is its first, and the
    problems panel opens under the views. The layout that sizes the panel, the board,
    its tabs and their containers stores each one's new size, which (in Textual) asks
    for another layout of the whole screen, a frame later, finding the same places."""
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _every_form_built(pilot)
        assert not app.diagnostics
        new_id = await _add_by_dialog(pilot, "nam-ra", "Nobody Yet")
        layouts: list[object] = []
        app.editor.screen_layout_refresh_signal.subscribe(app.editor, layouts.append,
                                                          immediate=True)
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.entity_id == new_id and form.is_built
                         and bool(app.diagnostics), "the new character's form and problem")
        await _drawn(pilot)
        assert len(layouts) == 1


def _geometry(screen: Any) -> dict[Any, tuple[Any, ...]]:
    """Where the layout put every widget on ``screen``: region, clip and sizes."""
    return {widget: tuple(placement) for widget, placement in screen._compositor.full_map.items()}


def misplaced(screen: Any) -> list[str]:
    """The widgets on ``screen`` that a layout from scratch (every arrangement forgotten)
    puts elsewhere than they are: none, if every layout asked for was made (the editor
    folds some into the frame's layout: ``EditorScreen._on_timer_update``)."""
    from textual.widget import Widget

    laid_out = _geometry(screen)
    for widget in screen.walk_children(Widget):
        widget._clear_arrangement_cache()
    screen._refresh_layout()
    afresh = _geometry(screen)
    return [f"{widget!r}: {laid_out.get(widget)} -> {afresh.get(widget)}"
            for widget in laid_out.keys() | afresh.keys()
            if laid_out.get(widget) != afresh.get(widget)]


async def test_an_add_is_one_frame_and_what_it_laid_out_is_what_a_fresh_layout_gives() -> None:
    """Widgets that asked for a layout in the turn of the Add (the footer's keys, the
    outline, the new entry's fields) each report it when they next idle, often after
    the frame that laid the screen out: Textual then laid the whole screen out again a
    frame later, and repainted the scroll bars that layout moved in a third. Their
    requests are in the first layout; and nothing is left out of it: a layout from
    scratch (every arrangement forgotten) puts every widget where it already is."""
    from textual.widget import Widget

    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _every_form_built(pilot)
        frames: list[str] = []
        display = app._display

        def shown(screen: Any, update: Any) -> None:
            if screen is app.editor:
                frames.append(type(update).__name__)
            display(screen, update)

        app._display = shown  # type: ignore[method-assign]
        for field in app.editor.query("Input, TextArea"):  # (a blink is a frame)
            field.cursor_blink = False  # type: ignore[attr-defined]
        # The second Add of each kind: the first to show a page sizes its text areas then.
        for n, where in enumerate(("escape-hyosan", "nam-ra", "escape-hyosan", "nam-ra")):
            new_id = await _add_by_dialog(pilot, where, f"The one frame {n} entry")
            frames.clear()
            await pilot.press("enter")
            await wait_until(pilot, lambda i=new_id: form.entity_id == i and form.is_built,
                             "the new entry's form")
            await _drawn(pilot)
            await wait_until(pilot, lambda: app.screen is app.editor and not any(
                w._layout_required or w._repaint_required
                for w in app.editor.walk_children(Widget)), "every widget's requests answered")
            await _drawn(pilot)
        assert frames == ["LayoutUpdate"], f"the last Add's frames: {frames}"
        assert misplaced(app.editor) == []


async def test_a_text_area_no_entity_has_filled_yet_is_decided_before_its_first_layout() -> None:
    """Whether a text fits its area (no scroll bar to decide) is decided as text is loaded;
    a field empty for every entity shown so far is never loaded, and was decided by its
    first layout, which then asked for a second one (a character's notes, on the first
    jump to a character)."""
    from tui.widgets.form import FormArea

    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await _every_form_built(pilot)
        areas = list(app.editor.query(FormArea))
        assert len(areas) > 2 and any(not area.text for area in areas)
        assert [area.id for area in areas if not area.text and not area.has_class("-fits")] == []


async def test_the_first_jump_to_a_character_lays_the_screen_out_once() -> None:
    """Its page shows for the first time (its choices' sizes given by that layout, which in
    Textual asks for another), and the outline opens the characters, growing past the
    pane (its scroll bar, decided after the layout, was placed by a second one)."""
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _every_form_built(pilot)
        outline = app.editor.query_one(Outline)
        layouts: list[object] = []
        app.editor.screen_layout_refresh_signal.subscribe(app.editor, layouts.append,
                                                          immediate=True)
        for target in ("kiss", "on-jo"):  # (a beat first: the form's keys in the footer)
            await pilot.press("ctrl+p", *target)
            await wait_until(pilot, lambda t=target: isinstance(app.screen, CommandPalette)
                             and bool(lists := app.screen.query(CommandList))
                             and lists.first().option_count > 0
                             and f"id {t}" in str(lists.first().get_option_at_index(0).prompt),
                             f"{target} listed")
            await _drawn(pilot)
            assert not outline.show_vertical_scrollbar
            layouts.clear()
            await pilot.press("enter")
            await wait_until(pilot, lambda t=target: form.entity_id == t and form.is_built,
                             f"{target}'s form")
            await _drawn(pilot)
        assert outline.show_vertical_scrollbar, "the outline grew past the pane"
        assert len(layouts) == 1
        assert misplaced(app.editor) == []


async def test_the_first_screen_written_is_the_bible_laid_out_once_more_at_most(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor's empty shell was laid out and painted three or four times (the
    terminal's first size, the footer's keys, the theme, the title) before the bible
    was shown in it, then again with the bible: 0.1 s of every opening. Now nothing is
    written until the bible is shown, and the screen is laid out twice at most before
    that first write: once to size its widgets, once with the bible in them."""
    from tui.screens.editor import EditorScreen

    layouts = 0
    lay_out = EditorScreen._refresh_layout

    def counted(screen: EditorScreen, *args: Any, **kwargs: Any) -> None:
        nonlocal layouts
        layouts += 1
        lay_out(screen, *args, **kwargs)

    monkeypatch.setattr(EditorScreen, "_refresh_layout", counted)
    app = make_app(sample_path(), poll=None, journal=False)
    shown: list[bool] = []  # at each write to the terminal: whether the bible was shown
    bible_shown = False
    laid_out = 0  # the layouts before the first write
    check, display = app.run_check, app._display

    def checked() -> None:  # the first screen runs the first check once the bible is shown
        nonlocal bible_shown
        bible_shown = True
        check()

    def written(screen: Any, update: Any) -> None:
        nonlocal laid_out
        if isinstance(screen, EditorScreen) and update is not None and not app._batch_count:
            shown.append(bible_shown)
            if len(shown) == 1:
                laid_out = layouts
        display(screen, update)

    app.run_check, app._display = checked, written  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(pilot, lambda: bible_shown and bool(shown), "the first screen")
        await _drawn(pilot)
        assert not misplaced(app.editor)
    assert shown[0], "the empty shell was written before the bible"
    assert laid_out <= 2, laid_out
