"""The problems panel: what ``arcroom check`` reports, live, one row per diagnostic.

It only shows what it is given (the app re-checks in a worker and hands the
result down); choosing a row posts :class:`ProblemsPanel.Chosen` so the
screen can jump to the entity. A message (and its hint) wraps at the panel's
width, so every word of it is on screen at any terminal width; a resize
wraps the rows again.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
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


class ProblemsTable(DataTable[Text]):
    """The rows of the panel; Enter jumps to the problem's entity."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Go to", show=True)]


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

    def compose(self) -> ComposeResult:
        yield Static("Problems: checking…", id="problems-title")
        table = ProblemsTable(cursor_type="row", show_header=False, id="problems-table")
        table.add_columns("", "code", "message")
        yield table

    def show(self, diagnostics: list[Diagnostic]) -> None:
        """Replace the rows with ``diagnostics``: errors first, then warnings, then infos
        (each in the checker's order), so a continuity error is never under the notes."""
        diagnostics = sorted(diagnostics, key=lambda d: -d.severity)  # stable: keeps order
        self.diagnostics = diagnostics
        self.failure = None
        self.set_class(not diagnostics, "-clean")
        self._fill()
        self.query_one("#problems-title", Static).update(self.summary)

    def _fill(self) -> None:
        diagnostics = self.diagnostics
        dark = self.app.current_theme.dark
        table = self.query_one(ProblemsTable)
        row = table.cursor_row
        table.clear()
        codes = max((cell_len(d.code) for d in diagnostics), default=0)
        width = self._width = self._pane_width()
        # The entity leads the message rather than taking a column: at 80 columns a
        # column of ids would leave the message half the width, and twice the lines.
        room = max(_MIN_MESSAGE, width - 1 - codes - _CHROME)
        for i, d in enumerate(diagnostics):
            style = severity_style(str(d.severity), dark)
            message = Text.assemble(
                (d.entity or f"line {d.line}", "bold"), " ",
                d.message + (f" ({d.hint})" if d.hint else ""),
            )
            table.add_row(
                Text(_ICONS[d.severity], style=style),
                Text(d.code, style=style),
                Text("\n").join(message.wrap(self.app.console, room)),
                key=str(i),
                height=None,
            )
        if diagnostics:
            table.move_cursor(row=min(row, len(diagnostics) - 1))

    def _pane_width(self) -> int:
        return self.size.width or self.app.size.width

    def on_resize(self, event: events.Resize) -> None:
        if self.diagnostics and self._pane_width() != self._width:
            self._fill()

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
        if not self.diagnostics:
            return Text("Problems: none. The plan is consistent.", style="green")
        counts = {s: sum(1 for d in self.diagnostics if d.severity == s) for s in Severity}
        parts = [
            f"{n} {s!s}{'s' if n != 1 else ''}"
            for s, n in sorted(counts.items(), reverse=True) if n
        ]
        return Text("Problems: " + ", ".join(parts))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = int(str(event.row_key.value))
        self.post_message(self.Chosen(self.diagnostics[index]))
