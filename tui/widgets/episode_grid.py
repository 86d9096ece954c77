"""The board: episodes across, arcs (or factions) down, a card per beat.

The corkboard a room pins to the wall (Plottr's timeline). A column per
episode under a season band, a row per arc or faction (``t`` switches); each
beat is a card: its title line (the summary's first words) and its
characters' short names, in its arc's colour, ``!`` when a problem names it.
The header and the row labels stay put while the board scrolls.

Three zoom levels (``z`` / ``Z``): cards, one line per beat, and a count per
cell with a whole season's episodes in the pane. Up and Down step through the
cards of a cell before leaving it; Enter opens the card's form. Cards move
with the shifted arrows: ``shift+left/right`` to the episode before or after,
``shift+up/down`` earlier or later inside the episode (story order), and
``ctrl+up/down`` to the arc above or below. The board only asks
(:class:`EpisodeGrid.MoveCard`); the app makes the edit.
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Static

from arcs.order import Story
from story_bible.model import Beat, Bible, Character
from story_bible.positions import Position

#: Arc and faction names are cut to this many cells, so episodes get the room.
LABEL_WIDTH = 18
#: The zoom levels, closest first.
ZOOMS = ("cards", "lines", "counts")
#: The narrowest an episode's column gets at each zoom (counts fit the pane instead).
CARD_WIDTH = {"cards": 18, "lines": 14, "counts": 2}
#: Lines per card at the cards zoom: the title line and the characters line.
CARD_LINES = 2


def short_name(character: Character) -> str:
    """How a card names a character: the word of the name its id is made of
    (``Nam On-jo`` is ``on-jo``: On-jo), else the name's first word."""
    words = character.name.split()
    for word in words:
        if word.lower() == character.id.lower():
            return word
    return words[0] if words else character.id


def title_line(beat: Beat, width: int) -> str:
    """A beat's title: its summary's first words, cut at a word with an ellipsis."""
    text = (beat.summary or beat.id.replace("-", " ")).strip()
    text = text.split(". ")[0].rstrip(".")
    return fit(text, width)


def fit(text: str, width: int) -> str:
    """``text`` in ``width`` cells: whole words where they fit, then an ellipsis."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    if " " in cut and cut.rfind(" ") > width // 2:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


class EpisodeGrid(DataTable[Text]):
    """Beats as cards, by episode (columns) and arc or faction (rows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "switch_rows", "Arcs/factions"),
        Binding("s", "next_season", "Season"),
        Binding("z", "zoom(1)", "Zoom"),
        Binding("Z", "zoom(-1)", "Zoom in", show=False),
        Binding("shift+left", "move('episode', -1)", "Card to the episode before", show=False),
        Binding("shift+right", "move('episode', 1)", "Card to the episode after", show=False),
        Binding("shift+up", "move('order', -1)", "Card earlier in its episode", show=False),
        Binding("shift+down", "move('order', 1)", "Card later in its episode", show=False),
        Binding("ctrl+up", "move('arc', -1)", "Card to the arc above", show=False),
        Binding("ctrl+down", "move('arc', 1)", "Card to the arc below", show=False),
    ]

    DEFAULT_CSS = """
    EpisodeGrid { height: 1fr; }
    """

    class BeatChosen(Message):
        """A beat on the board was chosen: open its form."""

        def __init__(self, beat_id: str) -> None:
            super().__init__()
            self.beat_id = beat_id

    class MoveCard(Message):
        """Move a card: ``how`` is 'episode', 'order' or 'arc'; ``step`` -1 or 1.

        ``target`` is the arc a move to another arc goes to (None at the edge)."""

        def __init__(self, beat_id: str, how: str, step: int, target: str | None = None) -> None:
            super().__init__()
            self.beat_id, self.how, self.step, self.target = beat_id, how, step, target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="cell", fixed_columns=1, zebra_stripes=True,
                         header_height=2, id=id)
        self.rows_by = "arc"
        #: None shows every season.
        self.season: str | None = None
        self.zoom = "cards"
        self._bible: Bible | None = None
        self._story: Story | None = None
        self._colours: dict[str, str] = {}
        self._cells: dict[tuple[int, int], list[str]] = {}
        self._rows_keys: list[str] = []
        #: The card of the cursor's cell that Enter opens and the shifted keys move.
        self._card = 0
        #: Ids that a problem names (their cards are marked).
        self.problems: set[str] = set()
        #: The beats the filter keeps (None: every beat).
        self.keep: set[str] | None = None
        self._width = 0
        self._col_width = CARD_WIDTH["cards"]

    # -- filling -------------------------------------------------------------------------

    def show(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        self._bible, self._story, self._colours = bible, story, colours
        if self.season is not None and self.season not in bible.seasons:
            self.season = None
        self._fill()

    def mark_problems(self, ids: set[str]) -> None:
        """Mark the cards of the beats a problem names (redraws when that changed)."""
        if ids != self.problems:
            self.problems = ids
            self._fill()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._fill()

    def _episodes(self, bible: Bible) -> list[Position]:
        return [
            Position(s.number, n)
            for s in sorted(bible.seasons.values(), key=lambda s: s.number)
            if self.season in (None, s.id)
            for n in range(1, s.episodes + 1)
        ]

    def _column_width(self, label: int, episodes: list[Position]) -> int:
        room = max(self.size.width - label - 3, 10)  # the label's padding and the scrollbar
        if self.zoom == "counts":
            # A whole season in the pane: its episodes share the room.
            longest = max((sum(1 for p in episodes if p.season == s)
                           for s in {p.season for p in episodes}), default=1)
            return max(CARD_WIDTH["counts"], room // max(longest, 1) - 2)
        fits = max(room // (CARD_WIDTH[self.zoom] + 2), 1)
        return max(CARD_WIDTH[self.zoom], room // fits - 2)

    def _fill(self) -> None:
        bible, story = self._bible, self._story
        if bible is None or story is None:
            return
        self._width = self.size.width
        row, column = self.cursor_coordinate
        card = self._card
        self._cells = {}  # before clear(): its cursor reset would redraw the old cells
        self.clear(columns=True)
        episodes = self._episodes(bible)
        columns = {p: i + 1 for i, p in enumerate(episodes)}
        rows = self._rows(bible)
        self._rows_keys = [key for key, _ in rows]
        heading = Text("arcs" if self.rows_by == "arc" else "factions", style="bold")
        longest = max((label.cell_len for _, label in rows), default=8)
        label_width = min(max(longest, 8), LABEL_WIDTH)
        self.add_column(Text.assemble(heading, "\n", Text(self.zoom, style="dim")),
                        width=label_width)
        width = self._column_width(label_width, episodes)
        self._col_width = width
        seasons = {s.number: s for s in bible.seasons.values()}
        for position in episodes:
            first = position.episode == 1 or position == episodes[0]
            season = seasons.get(position.season)
            name = season.id if season else ""
            band = (fit(f"{name} {season.title}" if season else "", width) if first
                    else "" if self.zoom == "counts" else name)
            episode = f"E{position.episode:02d}" if self.zoom != "counts" else f"{position.episode}"
            self.add_column(Text.assemble(Text(band, style="bold reverse" if first else "dim"),
                                          "\n", Text(episode, style="bold")), width=width)
        cells: dict[tuple[str, Position], list[Beat]] = defaultdict(list)
        for beat in story.beats:
            if self.keep is not None and beat.id not in self.keep:
                continue
            for key in self._keys(beat, bible):
                cells[(key, beat.at)].append(beat)
        for r, (key, label) in enumerate(rows):
            values: list[Text] = [Text(fit(label.plain, label_width), style=label.style)]
            height = 1
            for position in episodes:
                beats = cells.get((key, position), [])
                self._cells[(r, columns[position])] = [b.id for b in beats]
                values.append(self._cell(beats, width, bible))
                height = max(height, self._height(len(beats)))
            self.add_row(*values, height=height, key=key)
        if self.row_count:
            # The label column is not a cell to stand on.
            self.move_cursor(row=min(row, self.row_count - 1),
                             column=min(max(column, 1), len(episodes)))
        self._card = min(card, max(len(self._cursor_beats()) - 1, 0))
        self._show_card(self.cursor_coordinate, self._card)

    def _height(self, count: int) -> int:
        if self.zoom == "cards":
            return count * CARD_LINES
        if self.zoom == "lines":
            return count
        return 1

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

    def _cell(self, beats: list[Beat], width: int, bible: Bible,
              chosen: int | None = None) -> Text:
        if self.zoom == "counts":
            if not beats:
                return Text("")
            marked = any(b.id in self.problems for b in beats)
            return Text(f"{len(beats)}{'!' if marked else ''}", style="bold red" if marked
                        else self._colours.get(beats[0].arc, ""))
        text = Text()
        for i, beat in enumerate(beats):
            if i:
                text.append("\n")
            colour = self._colours.get(beat.arc, "")
            style = f"{colour} italic" if beat.flashback else colour
            if i == chosen:
                style += " reverse"
            mark = "!" if beat.id in self.problems else "▌"
            text.append(mark, style="bold red" if mark == "!" else colour)
            text.append(title_line(beat, width - 1), style=f"bold {style}")
            if self.zoom == "cards":
                names = [short_name(bible.characters[c]) if c in bible.characters else c
                         for c in beat.characters]
                text.append("\n ")
                text.append(fit(", ".join(names) or "—", width - 1),
                            style="dim reverse" if i == chosen else "dim")
        return text

    # -- the card under the cursor -------------------------------------------------------

    def _cursor_beats(self) -> list[str]:
        return self._cells.get((self.cursor_coordinate.row, self.cursor_coordinate.column), [])

    def beat_at_cursor(self) -> str | None:
        """The card of the cursor's cell that Enter opens and the move keys move."""
        beats = self._cursor_beats()
        if not beats:
            return None
        return beats[min(self._card, len(beats) - 1)]

    def select_beat(self, beat_id: str) -> None:
        """Put the cursor on ``beat_id``'s card, if the board shows it."""
        for (row, column), beats in self._cells.items():
            if beat_id in beats:
                self.move_cursor(row=row, column=column)
                self._card = beats.index(beat_id)
                self._show_card(self.cursor_coordinate, self._card)
                self._scroll_to_card()
                return

    def _scroll_to_card(self) -> None:
        if self.zoom == "counts":
            return
        lines = CARD_LINES if self.zoom == "cards" else 1
        region = self._get_cell_region(self.cursor_coordinate)
        y = region.y + self._card * lines
        self.scroll_to_region(region._replace(y=y, height=lines), animate=False,
                              spacing=self._get_fixed_offset())

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if old != new:
            self._card = 0
            self._show_card(old, None)
            self._show_card(new, 0)

    def _show_card(self, coordinate: Coordinate, chosen: int | None) -> None:
        """Draw a cell again with its ``chosen`` card in reverse (None: none chosen)."""
        beats = self._cells.get((coordinate.row, coordinate.column))
        if (not beats or self._bible is None or self.zoom == "counts"
                or not self.is_valid_coordinate(coordinate)):
            return
        found = [self._bible.beats[b] for b in beats if b in self._bible.beats]
        self.update_cell_at(coordinate, self._cell(found, self._col_width, self._bible, chosen))

    def action_cursor_down(self) -> None:
        if self.zoom != "counts" and self._card < len(self._cursor_beats()) - 1:
            self._card += 1
            self._show_card(self.cursor_coordinate, self._card)
            self._scroll_to_card()
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.zoom != "counts" and self._card > 0:
            self._card -= 1
            self._show_card(self.cursor_coordinate, self._card)
            self._scroll_to_card()
            return
        row = self.cursor_coordinate.row
        super().action_cursor_up()
        if self.cursor_coordinate.row != row:  # arrive on the last card of the cell above
            self._card = max(len(self._cursor_beats()) - 1, 0)
            self._show_card(self.cursor_coordinate, self._card)
            self._scroll_to_card()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        beat = self.beat_at_cursor()
        if beat is not None:
            self.post_message(self.BeatChosen(beat))

    # -- actions -------------------------------------------------------------------------

    def action_switch_rows(self) -> None:
        self.rows_by = "faction" if self.rows_by == "arc" else "arc"
        self._fill()
        self.notify(f"Board rows: {'arcs' if self.rows_by == 'arc' else 'factions'}", timeout=2)

    def action_next_season(self) -> None:
        if self._bible is None:
            return
        order: list[str | None] = [None, *self._bible.seasons]
        self.season = order[(order.index(self.season) + 1) % len(order)]
        self._fill()
        self.notify(f"Board: {self.season or 'all seasons'}", timeout=2)

    def action_zoom(self, step: int) -> None:
        beat = self.beat_at_cursor()
        self.zoom = ZOOMS[min(max(ZOOMS.index(self.zoom) + step, 0), len(ZOOMS) - 1)]
        self._fill()
        if beat is not None:
            self.select_beat(beat)
        self.notify(f"Board zoom: {self.zoom}", timeout=2)

    def action_move(self, how: str, step: int) -> None:
        beat = self.beat_at_cursor()
        if beat is None:
            self.notify("Put the cursor on a card to move it (Up and Down choose in a cell)")
            return
        if self.zoom == "counts":
            self.notify("Zoom in (Z) to choose the card to move")
            return
        target = None
        if how == "arc":
            if self.rows_by != "arc":
                self.notify("Rows are factions: press t for arcs to move a card to another arc")
                return
            row = self.cursor_coordinate.row + step
            target = self._rows_keys[row] if 0 <= row < len(self._rows_keys) else None
        self.post_message(self.MoveCard(beat, how, step, target))


class Board(Vertical):
    """The board and its legend (the colours of the arcs or factions it shows)."""

    DEFAULT_CSS = """
    Board { height: 1fr; }
    Board > #board-legend { height: auto; max-height: 2; padding: 0 1; background: $panel; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="board-legend")
        yield EpisodeGrid(id="episode-grid")

    def show(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        grid = self.query_one(EpisodeGrid)
        grid.show(bible, story, colours)
        # An arc wears its first faction's colour: the factions are the legend.
        legend = Text()
        for faction in bible.factions.values():
            if legend:
                legend.append("  ")
            legend.append("■ ", style=colours.get(faction.id, ""))
            legend.append(faction.name)
        self.query_one("#board-legend", Static).update(legend)
