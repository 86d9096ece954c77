"""Help where you are: the keys of the focused pane, read from the live bindings.

``?`` or F1 opens it. The table is built from the screen's active bindings
(the focused widget's first, then its containers', the screen's and the
app's), so it lists exactly what the keys do here and cannot drift from the
code. Escape, ``?`` or F1 closes it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

#: Keys every pane reads as they are printed (not worth a row each).
_SKIP = {"tab", "shift+tab"}


#: What the writer calls each part of the editor that has keys.
_NAMES = {"Outline": "the outline", "EpisodeGrid": "the board", "GraphCanvas": "the graph",
          "GraphView": "the graph", "ProblemsPanel": "the problems",
          "ProblemsTable": "the problems", "EntityForm": "the form",
          "FactionsView": "the factions", "CharacterTimeline": "the timeline",
          "EditorScreen": "every pane", "ArcroomApp": "everywhere"}


def pane_name(screen: Screen[object]) -> str:
    """What the writer calls the focused pane."""
    node = screen.focused
    while node is not None:
        name = _NAMES.get(type(node).__name__)
        if name:
            return name
        node = node.parent  # type: ignore[assignment]
    return "the editor"


def key_map(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """``(keys, what it does, where)`` for every binding active on ``screen`` now,
    the focused pane's first; one row per action."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if key in _SKIP or not active.enabled:
            continue
        where = _NAMES.get(type(active.node).__name__, "here")
        what = binding.description or binding.action.replace("_", " ")
        shown = screen.app.get_key_display(binding)
        rows.setdefault((what, where), []).append(shown)
    return [(" ".join(dict.fromkeys(keys)), what, where) for (what, where), keys in rows.items()]


class KeyHelp(ModalScreen[None]):
    """The key map of the pane that had the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close"),
    ]

    DEFAULT_CSS = """
    KeyHelp { align: center middle; }
    KeyHelp > Vertical { width: 80; max-width: 95%; height: 80%; border: thick $accent;
                         background: $surface; padding: 0 1; }
    KeyHelp DataTable { height: 1fr; }
    """

    def __init__(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("key", "does", "from")
            for keys, what, where in self.rows:
                table.add_row(Text(keys, style="bold"), Text(what), Text(where, style="dim"))
            yield table
            yield Static(Text("escape closes · ctrl+p finds any entity or action by name",
                              style="dim"))

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
