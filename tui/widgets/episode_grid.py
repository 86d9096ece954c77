"""The episode grid: episodes across, arcs (or factions) down, beats in the cells.

The Plottr-style board a room pins to the wall. One season or all of them;
rows are arcs or factions (``t`` switches). Choosing a cell opens its beat's
form; choosing it again goes to the next beat in the same cell.
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from arcs.order import Story
from story_bible.model import Beat, Bible
from story_bible.positions import Position

#: Arc and faction names are cut to this many cells, so episodes get the room.
LABEL_WIDTH = 22


class EpisodeGrid(DataTable[Text]):
    """Beats laid out by episode (columns) and arc or faction (rows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "switch_rows", "Arcs/factions"),
        Binding("s", "next_season", "Season"),
    ]

    DEFAULT_CSS = """
    EpisodeGrid { height: 1fr; }
    """

    class BeatChosen(Message):
        """A beat in the grid was chosen: open its form."""

        def __init__(self, beat_id: str) -> None:
            super().__init__()
            self.beat_id = beat_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="cell", fixed_columns=1, zebra_stripes=True, id=id)
        self.rows_by = "arc"
        #: None shows every season.
        self.season: str | None = None
        self._bible: Bible | None = None
        self._story: Story | None = None
        self._colours: dict[str, str] = {}
        self._cells: dict[tuple[int, int], list[str]] = {}
        self._turn: dict[tuple[int, int], int] = {}

    def show(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        self._bible, self._story, self._colours = bible, story, colours
        if self.season is not None and self.season not in bible.seasons:
            self.season = None
        self._fill()

    def _fill(self) -> None:
        bible, story = self._bible, self._story
        if bible is None or story is None:
            return
        row, column = self.cursor_coordinate
        self.clear(columns=True)
        self._cells = {}
        episodes = [
            Position(s.number, n)
            for s in bible.seasons.values()
            if self.season in (None, s.id)
            for n in range(1, s.episodes + 1)
        ]
        columns = {p: i + 1 for i, p in enumerate(episodes)}
        rows = self._rows(bible)
        heading = Text("arcs" if self.rows_by == "arc" else "factions", style="bold")
        longest = max((label.cell_len for _, label in rows), default=8)
        self.add_column(heading, width=min(longest, LABEL_WIDTH))
        for position in episodes:
            self.add_column(Text(str(position), style="bold"))
        cells: dict[tuple[str, Position], list[Beat]] = defaultdict(list)
        for beat in story.beats:
            for key in self._keys(beat, bible):
                cells[(key, beat.at)].append(beat)
        for r, (key, label) in enumerate(rows):
            values: list[Text] = [label]
            for position in episodes:
                beats = cells.get((key, position), [])
                self._cells[(r, columns[position])] = [b.id for b in beats]
                values.append(self._cell(beats))
            height = max([1, *(len(cells.get((key, p), [])) for p in episodes)])
            self.add_row(*values, height=height, key=key)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), column=min(column, len(episodes)))

    def _rows(self, bible: Bible) -> list[tuple[str, Text]]:
        if self.rows_by == "arc":
            arcs = [
                a for a in bible.arcs.values() if self.season is None or self.season in a.seasons
            ]
            return [
                (a.id, Text(a.title, style=f"bold {self._colours.get(a.id, '')}")) for a in arcs
            ]
        return [
            (f.id, Text(f.name, style=f"bold {self._colours.get(f.id, '')}"))
            for f in bible.factions.values()
        ]

    def _keys(self, beat: Beat, bible: Bible) -> list[str]:
        if self.rows_by == "arc":
            return [beat.arc]
        arc = bible.arcs.get(beat.arc)
        return list(dict.fromkeys(beat.factions or (arc.factions if arc else ())))

    def _cell(self, beats: list[Beat]) -> Text:
        text = Text()
        for i, beat in enumerate(beats):
            if i:
                text.append("\n")
            style = self._colours.get(beat.arc, "")
            text.append(beat.id, style=f"{style} italic" if beat.flashback else style)
        return text

    def beat_at_cursor(self) -> str | None:
        """The beat the cursor's cell shows (the next one each time it is chosen)."""
        coordinate = (self.cursor_coordinate.row, self.cursor_coordinate.column)
        beats = self._cells.get(coordinate, [])
        if not beats:
            return None
        turn = self._turn.get(coordinate, 0) % len(beats)
        self._turn = {coordinate: turn + 1}
        return beats[turn]

    def select_beat(self, beat_id: str) -> None:
        """Put the cursor on the cell that shows ``beat_id``, if the grid shows it."""
        for (row, column), beats in self._cells.items():
            if beat_id in beats:
                self.move_cursor(row=row, column=column)
                return

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        beat = self.beat_at_cursor()
        if beat is not None:
            self.post_message(self.BeatChosen(beat))

    def action_switch_rows(self) -> None:
        self.rows_by = "faction" if self.rows_by == "arc" else "arc"
        self._fill()

    def action_next_season(self) -> None:
        if self._bible is None:
            return
        order: list[str | None] = [None, *self._bible.seasons]
        self.season = order[(order.index(self.season) + 1) % len(order)]
        self._fill()
        self.notify(f"Episode grid: {self.season or 'all seasons'}", timeout=2)
