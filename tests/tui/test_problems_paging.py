"""The problems panel at the scale of a long-running show: thousands of diagnostics cost
what a few do (only a page is wrapped and added), yet every one is reachable, and the
cursor stays on its diagnostic across a re-check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from arcs.diagnostics import Diagnostic, Severity
from tests.tui.test_editor import SIZE, settle
from tui.app import make_app
from tui.screens.help import key_map
from tui.widgets.problems import ProblemsPanel, ProblemsTable

MANY = 5000
#: Rows a show may build for the panel, however many diagnostics it is handed.
BOUND = 200


def made(count: int, *, code: str = "pacing", severity: Severity = Severity.WARNING,
         first: int = 0) -> list[Diagnostic]:
    return [Diagnostic("bible.yaml", 10 + i, 5, code,
                       f"beat-{i} comes long after its arc's last beat, which the season "
                       "follows for several episodes", severity, entity=f"beat-{i}",
                       hint="move it earlier")
            for i in range(first, first + count)]


class Panel(App[None]):
    """The panel alone, and what it posted."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Diagnostic] = []

    def compose(self) -> ComposeResult:
        yield ProblemsPanel(id="problems")

    def on_problems_panel_chosen(self, event: ProblemsPanel.Chosen) -> None:
        self.chosen.append(event.diagnostic)


def title(app: App[Any]) -> str:
    return str(app.query_one("#problems-title", Static).render())


async def test_thousands_of_problems_wrap_and_add_only_a_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrapped, added = [0], [0]
    wrap, add_row = Text.wrap, DataTable.add_row

    def counted_wrap(self: Text, *args: Any, **kwargs: Any) -> Any:
        wrapped[0] += 1
        return wrap(self, *args, **kwargs)

    def counted_add_row(self: DataTable[Any], *args: Any, **kwargs: Any) -> Any:
        added[0] += 1
        return add_row(self, *args, **kwargs)

    monkeypatch.setattr(Text, "wrap", counted_wrap)
    monkeypatch.setattr(DataTable, "add_row", counted_add_row)
    app = Panel()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(ProblemsPanel)
        for salt in range(3):  # a first check, then re-checks that change the list
            wrapped[0] = added[0] = 0
            panel.show(made(MANY - salt, first=salt))
            await pilot.pause()  # the table's deferred layout and the screen drawn
            assert 0 < added[0] <= BOUND, added[0]
            assert wrapped[0] <= BOUND, wrapped[0]
            assert panel.query_one(ProblemsTable).row_count <= BOUND
        assert panel.summary.plain == "Problems: 4,998 warnings"
        assert title(app).startswith("Problems: 4,998 warnings · 1–")
        assert title(app).endswith(" of 4,998 ‹ ›")


async def test_every_problem_is_reachable_and_chosen_from_the_keyboard() -> None:
    app = Panel()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(ProblemsPanel)
        shown = made(MANY)
        panel.show(shown)
        table = panel.query_one(ProblemsTable)
        table.focus()
        await pilot.pause()
        # The help (read from the bindings) names the keys to the ends.
        listed = {what for _, what, _ in key_map(app.screen)}
        assert {"First problem", "Last problem"} <= listed
        await pilot.press("ctrl+end")
        assert panel.cursor_index == MANY - 1
        assert title(app).endswith(f"–{MANY:,} of {MANY:,} ‹ ›")
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [shown[-1]]
        await pilot.press("down")  # the last stays the last
        assert panel.cursor_index == MANY - 1
        await pilot.press("ctrl+home")
        assert panel.cursor_index == 0
        assert " · 1–" in title(app)
        # Down runs on from a page's last row into the next page, and Up back.
        rows = table.row_count
        assert rows < MANY
        for _ in range(rows):
            await pilot.press("down")
        assert panel.cursor_index == rows
        assert f" · {rows + 1:,}–" in title(app)
        assert table.cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen[-1] == shown[rows]
        await pilot.press("up")
        assert panel.cursor_index == rows - 1
        assert table.cursor_row == table.row_count - 1
        # Page Down at a page's last row turns the page.
        await pilot.press("pagedown")
        assert panel.cursor_index == rows
        await pilot.press("pageup")
        assert panel.cursor_index == rows - 1
        # A click on the cursor's row (the page's first) chooses it on a later page too.
        panel.move_to(MANY // 2)
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert await pilot.click(ProblemsTable, offset=(1, 0))
        await pilot.pause()
        assert app.chosen[-1] == shown[MANY // 2]


async def test_the_titles_arrows_turn_the_page_for_the_mouse() -> None:
    app = Panel()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(ProblemsPanel)
        panel.show(made(MANY))
        await pilot.pause()
        rows = panel.query_one(ProblemsTable).row_count

        async def click(sign: str) -> None:
            x = 1 + title(app).index(sign)  # (the title's padding, then its text)
            assert await pilot.click("#problems-title", offset=(x, 0))
            await pilot.pause()

        await click("›")
        assert panel.cursor_index == rows
        assert f" · {rows + 1:,}–{2 * rows:,} of " in title(app)
        await click("‹")
        assert panel.cursor_index == 0
        await click("‹")  # there is no page before the first
        assert panel.cursor_index == 0


async def test_the_cursor_stays_on_its_problem_across_a_re_check() -> None:
    app = Panel()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(ProblemsPanel)
        before = made(300)
        panel.show(before)
        panel.move_to(140)
        kept = before[140]
        # The edit fixed one warning above it and made ten errors (listed first).
        errors = made(10, code="continuity", severity=Severity.ERROR, first=1000)
        panel.show(before[:3] + before[4:] + errors)
        assert panel.cursor_index == 149
        assert panel.diagnostics[149] == kept
        panel.query_one(ProblemsTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [kept]
        # When its problem is gone, the cursor keeps its place in the list.
        panel.show([d for d in panel.diagnostics if d != kept])
        assert panel.cursor_index == 149
        assert panel.diagnostics[149] == before[141]


async def test_a_resize_rewraps_the_page_and_keeps_the_cursor() -> None:
    app = Panel()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(ProblemsPanel)
        shown = made(MANY)
        panel.show(shown)
        panel.move_to(1234)
        table = panel.query_one(ProblemsTable)
        wide = table.rows[table.coordinate_to_cell_key((table.cursor_row, 0)).row_key].height
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert panel.cursor_index == 1234
        narrow = table.rows[table.coordinate_to_cell_key((table.cursor_row, 0)).row_key].height
        assert narrow > wide
        assert table.virtual_size.width <= table.size.width


async def test_f8_runs_through_every_page_in_the_editor(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.editor.query_one(ProblemsPanel)
        shown = made(MANY)
        app.editor.show_problems(shown)
        rows = panel.query_one(ProblemsTable).row_count
        panel.move_to(rows - 1)
        await pilot.press("f8")
        await settle(pilot)
        assert panel.cursor_index == rows
        panel.move_to(MANY - 1)
        await pilot.press("f8")  # from the last, round to the first
        await settle(pilot)
        assert panel.cursor_index == 0


async def test_a_clean_check_after_keys_on_an_empty_table_shows_the_next_problems() -> None:
    """An empty table's cursor row is -1 (the monkey found it): nothing is under it."""
    app = Panel()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(ProblemsPanel)
        panel.show([])
        panel.query_one(ProblemsTable).focus()
        for key in ("down", "up", "pagedown", "ctrl+end", "ctrl+home", "enter"):
            await pilot.press(key)
        panel.show([])
        assert panel.has_class("-clean")
        shown = made(3)
        panel.show(shown)
        assert panel.cursor_index == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [shown[0]]
