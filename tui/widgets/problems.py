"""The problems panel: what ``arcroom check`` reports, live, one row per diagnostic.

It only shows what it is given (the app re-checks in a worker and hands the
result down); choosing a row posts :class:`ProblemsPanel.Chosen` so the
screen can jump to the entity. A message (and its hint) wraps at the panel's
width, so every word of it is on screen at any terminal width; a resize
wraps the rows again.

Promises:

- A check's result costs the same to show whether it has ten problems or ten
  thousand: the table holds one page (:data:`PAGE` rows), the one with the
  cursor, and only its messages are wrapped. The arrows, Page Up/Down and
  Ctrl+Home/End run on across pages, so every problem is reachable from the
  keyboard; the title says which ones are shown ("1–25 of 1,207") and its ‹ and ›
  turn the page for the mouse.
- After a re-check the cursor stays on the diagnostic it was on if that is
  still reported (else at the same place in the list).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from typing import ClassVar, cast

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from arcs.diagnostics import Diagnostic, Severity
from tui.theme import severity_style

_ICONS = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "●"}
#: Cells a row spends besides its cells' text: each of the three columns' padding on
#: both sides, and the vertical scrollbar.
_CHROME = 3 * 2 + 2
#: A message column never gets narrower than this (a very narrow pane scrolls instead).
_MIN_MESSAGE = 20
#: Rows in the table at once: the panel shows three to seven, so a page is a few of its
#: screens, and wrapping and adding a page costs a few milliseconds whatever the count
#: (a page rather than a virtual list: a list's scrollbar and Page Down need every
#: row's wrapped height, which is the very cost the page avoids).
PAGE = 25

#: A row's cells: the icon, the code, the wrapped message.
Cells = tuple[Text, Text, Text]


class ProblemsTable(DataTable[Text]):
    """The rows of the panel's page; Enter jumps to the problem's entity, and the
    cursor keys run on into the next page or the previous one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Go to", show=True),
        Binding("ctrl+home", "scroll_top", "First problem", show=False),
        Binding("ctrl+end", "scroll_bottom", "Last problem", show=False),
    ]

    @property
    def panel(self) -> ProblemsPanel:
        return cast(ProblemsPanel, self.parent)

    def _at_last_row(self) -> bool:
        return self.row_count > 0 and self.cursor_row == self.row_count - 1

    def _onward(self, step: int, within: Callable[[], None]) -> None:
        """At the page's edge (``step`` 1: its last row, -1: its first), on to the next
        or previous problem across pages; else the table's own move (``within``)."""
        edge = self._at_last_row() if step > 0 else self.row_count > 0 and self.cursor_row == 0
        if edge:
            self.panel.move_to(self.panel.cursor_index + step)
        else:
            within()

    def action_cursor_down(self) -> None:
        self._onward(1, super().action_cursor_down)

    def action_cursor_up(self) -> None:
        self._onward(-1, super().action_cursor_up)

    def action_page_down(self) -> None:
        self._onward(1, super().action_page_down)

    def action_page_up(self) -> None:
        self._onward(-1, super().action_page_up)

    def action_scroll_top(self) -> None:
        self.panel.move_to(0)

    def action_scroll_bottom(self) -> None:
        self.panel.move_to(len(self.panel.diagnostics) - 1)


class ProblemsTitle(Static):
    """The panel's title; when the problems are paged, its ‹ and › turn the page."""

    def action_page(self, step: int) -> None:
        panel = cast(ProblemsPanel, self.parent)
        panel.move_to(panel.page_start + step * PAGE)


class ProblemsPanel(Vertical):
    """A titled table of diagnostics (severity, code, then the entity and the message)."""

    DEFAULT_CSS = """
    ProblemsPanel {
        height: 8;
        border-top: hkey $panel-lighten-2;
    }
    ProblemsPanel > #problems-title {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-style: bold;
    }
    ProblemsPanel > ProblemsTable {
        height: 1fr;
        background: $surface;
        overflow-x: auto;  /* only when narrower than a message column can be */
    }
    ProblemsPanel > ProblemsTable > .datatable--header {
        display: none;
    }
    """

    class Chosen(Message):
        """A diagnostic was chosen (Enter or click): jump to where it points."""

        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagnostics: list[Diagnostic] = []
        self.failure: str | None = None
        #: The width the rows were last wrapped at.
        self._width = 0
        #: The index (in :attr:`diagnostics`) of the page's first row.
        self._start = 0
        #: The width of the code column (the widest code of all pages).
        self._codes = 0
        #: The title's count (without the page's range), counted once per check.
        self._summary = Text("Problems: checking…")
        #: The page's rows as last built, and what they were wrapped for: a re-check
        #: mostly reports what it did before, and those rows need no wrapping again.
        self._built: dict[Diagnostic, Cells] = {}
        self._built_for: tuple[int, bool] = (0, False)

    def compose(self) -> ComposeResult:
        yield ProblemsTitle(self._summary, id="problems-title")
        yield ProblemsTable(cursor_type="row", show_header=False, id="problems-table")

    def show(self, diagnostics: list[Diagnostic]) -> None:
        """Replace the rows with ``diagnostics``: errors first, then warnings, then infos
        (each in the checker's order), so a continuity error is never under the notes."""
        at = self.cursor_index
        current = self.diagnostics[at] if self.failure is None and \
            at < len(self.diagnostics) else None
        diagnostics = sorted(diagnostics, key=lambda d: -d.severity)  # stable: keeps order
        if current is not None and not (at < len(diagnostics) and diagnostics[at] == current):
            # (gone: the cursor stays where it was in the list)
            with suppress(ValueError):
                at = diagnostics.index(current)
        self.diagnostics = diagnostics
        self.failure = None
        self.set_class(not diagnostics, "-clean")
        self._codes = max(map(cell_len, {d.code for d in diagnostics}), default=0)
        self._summary = self.summary
        self._fill(at)

    @property
    def page_start(self) -> int:
        """The index in :attr:`diagnostics` of the page's first row."""
        return self._start

    @property
    def cursor_index(self) -> int:
        """The index in :attr:`diagnostics` of the row under the cursor."""
        # (an empty table's cursor row is -1)
        return self._start + max(self.query_one(ProblemsTable).cursor_row, 0)

    def move_to(self, index: int) -> None:
        """Put the cursor on ``diagnostics[index]`` (clamped), turning the page if need be."""
        if not self.diagnostics or self.failure is not None:
            return
        index = min(max(index, 0), len(self.diagnostics) - 1)
        if index // PAGE * PAGE == self._start and self._width == self._pane_width():
            self.query_one(ProblemsTable).move_cursor(row=index - self._start)
        else:
            self._fill(index)

    def _fill(self, index: int) -> None:
        """Build the page holding ``diagnostics[index]``, with the cursor on it."""
        diagnostics = self.diagnostics
        dark = self.app.current_theme.dark
        table = self.query_one(ProblemsTable)
        # The columns too: a table's columns only ever widen, and a narrower pane must
        # not keep the last width. The code column is as wide as the widest code of all
        # pages, so the messages stay put from page to page.
        table.clear(columns=True)
        table.add_column("")
        table.add_column("code", width=self._codes)
        table.add_column("message")
        index = min(max(index, 0), max(len(diagnostics) - 1, 0))
        start = self._start = index // PAGE * PAGE
        width = self._width = self._pane_width()
        # The entity leads the message rather than taking a column: at 80 columns a
        # column of ids would leave the message half the width, and twice the lines.
        room = max(_MIN_MESSAGE, width - 1 - self._codes - _CHROME)
        if self._built_for != (room, dark):
            self._built, self._built_for = {}, (room, dark)
        built, self._built = self._built, {}
        for i, d in enumerate(diagnostics[start:start + PAGE], start):
            cells = built.get(d) or self._cells(d, room, dark)
            self._built[d] = cells
            table.add_row(*cells, key=str(i),
                          height=cells[2].plain.count("\n") + 1)  # (the table need not measure)
        if diagnostics:
            table.move_cursor(row=index - start)
        title = self._summary
        if len(diagnostics) > PAGE:
            end = min(start + PAGE, len(diagnostics))
            title = Text.assemble(
                title, f" · {start + 1:,}–{end:,} of {len(diagnostics):,}",
                self._turn("‹", -1, start > 0), self._turn("›", 1, end < len(diagnostics)),
            )
        # (one line high: an update need not lay the whole screen out again)
        self.query_one("#problems-title", Static).update(title, layout=False)

    @staticmethod
    def _turn(sign: str, step: int, there: bool) -> Text:
        """A page turn for the mouse: ``sign``, clickable if that page is ``there``."""
        if not there:
            return Text(" " + sign, style="dim")
        return Text.assemble(" ", (sign, Style(bold=True, meta={"@click": f"page({step})"})))

    def _cells(self, d: Diagnostic, room: int, dark: bool) -> Cells:
        style = severity_style(str(d.severity), dark)
        message = Text.assemble(
            (d.entity or f"line {d.line}", "bold"), " ",
            d.message + (f" ({d.hint})" if d.hint else ""),
        )
        return (Text(_ICONS[d.severity], style=style), Text(d.code, style=style),
                Text("\n").join(message.wrap(self.app.console, room)))

    def _pane_width(self) -> int:
        return self.size.width or self.app.size.width

    def on_resize(self, event: events.Resize) -> None:
        if self.diagnostics and self.failure is None and self._pane_width() != self._width:
            self._fill(self.cursor_index)

    def show_failure(self, message: str) -> None:
        """The checker itself failed: say so instead of showing stale problems."""
        self.failure = message
        self.remove_class("-clean")
        self.query_one(ProblemsTable).clear()
        self.query_one("#problems-title", Static).update(
            Text(f"Problems: the check failed: {message}", style="bold red")
        )

    @property
    def summary(self) -> Text:
        """The title's count of the problems, by severity."""
        if not self.diagnostics:
            return Text("Problems: none. The plan is consistent.", style="green")
        counts = Counter(d.severity for d in self.diagnostics)
        parts = [
            f"{n:,} {s!s}{'s' if n != 1 else ''}"
            for s, n in sorted(counts.items(), reverse=True) if n
        ]
        return Text("Problems: " + ", ".join(parts))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = int(str(event.row_key.value))
        self.post_message(self.Chosen(self.diagnostics[index]))
