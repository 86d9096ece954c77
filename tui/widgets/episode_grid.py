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

The board is a :class:`~tui.widgets.virtual_grid.VirtualGrid`: a cell's cards
are made and rendered only when the cell is on screen. Showing the bible
again after an edit sorts the beats into cells again (cheap) and draws again
only the rows whose cells, beats, characters' names or problem marks changed,
so a 20,000-beat plan answers an edit as fast as a small one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import Static

from arcs.order import Story
from story_bible.model import Beat, Bible, Character
from story_bible.positions import Position
from tui.widgets.virtual_grid import Column, Row, VirtualGrid

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


class EpisodeGrid(VirtualGrid):
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
        super().__init__(fixed_columns=1, header_height=2, zebra_stripes=True, id=id)
        self.rows_by = "arc"
        #: None shows every season.
        self.season: str | None = None
        self.zoom = "cards"
        self._bible: Bible | None = None
        self._story: Story | None = None
        self._colours: dict[str, str] = {}
        #: The beats of each (row, column) cell that has any, in story order.
        self._cells: dict[tuple[int, int], list[str]] = {}
        #: The row of each arc (or faction) and the column of each episode.
        self._row_of: dict[str, int] = {}
        self._column_of: dict[Position, int] = {}
        self._rows_keys: list[str] = []
        self._labels: list[Text] = []
        #: What the rows and columns were built from (a change draws every cell again),
        #: and the beats and characters' card names as drawn (a change draws their rows).
        self._layout: object = None
        self._drawn: dict[str, Beat] = {}
        self._names: dict[str, str] = {}
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
        """Mark the cards of the beats a problem names (redraws the rows whose marks changed)."""
        if ids != self.problems:
            changed = ids ^ self.problems
            self.problems = ids
            self.invalidate_rows(self._rows_of(changed))

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
        """Sort the beats into cells again; draw again only the rows that changed."""
        bible, story = self._bible, self._story
        if bible is None or story is None:
            return
        self._width = self.size.width
        row, column = self.cursor_coordinate
        card = self._card
        episodes = self._episodes(bible)
        rows = self._rows(bible)
        longest = max((label.cell_len for _, label in rows), default=8)
        label_width = min(max(longest, 8), LABEL_WIDTH)
        width = self._column_width(label_width, episodes)
        self._col_width = width
        columns = [Column("", self._heading(), label_width)]
        columns += self._episode_columns(bible, episodes, width)
        # The beats into cells, in story order (the hot loop of an edit at 20,000 beats).
        column_of = {p: i + 1 for i, p in enumerate(episodes)}
        row_of = {key: r for r, (key, _) in enumerate(rows)}
        cells: dict[tuple[int, int], list[str]] = {}
        keep = self.keep
        by_arc = self.rows_by == "arc"
        for beat in story.beats:
            if keep is not None and beat.id not in keep:
                continue
            c = column_of.get(beat.at)
            if c is None:
                continue
            for key in ((beat.arc,) if by_arc else self._keys(beat, bible)):
                r = row_of.get(key)
                if r is not None:
                    cell = cells.get((r, c))
                    if cell is None:
                        cells[(r, c)] = [beat.id]
                    else:
                        cell.append(beat.id)
        most = [0] * len(rows)
        for (r, _), ids in cells.items():
            most[r] = max(most[r], len(ids))
        grid_rows = [Row(key, max(1, self._height(n))) for (key, _), n in zip(rows, most,
                                                                              strict=True)]
        names = {c.id: short_name(c) for c in bible.characters.values()}
        layout = (self.zoom, label_width, width, [(c.key, c.label) for c in columns],
                  [(key, label) for key, label in rows], keep, dict(self._colours))
        old_cells, self._cells = self._cells, cells
        self._row_of, self._column_of = row_of, column_of
        touched: set[int] | None = None
        if layout == self._layout:
            touched = self._changed_rows(bible, old_cells, names)
        # Not a copy: a Document never changes a bible it gave out (an edit makes a new
        # one, and undo keeps the old).
        self._layout, self._drawn, self._names = layout, bible.beats, names
        self._rows_keys = [key for key, _ in rows]
        self._labels = [Text(fit(label.plain, label_width), style=label.style)
                        for _, label in rows]
        if touched is None:
            # A new layout (zoom, rows, season, width, filter) shows the board from its
            # start, then as little scrolled as shows the cursor.
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.set_layout(columns, grid_rows, touched)
        if self.row_count:
            # The label column is not a cell to stand on.
            self.move_cursor(row=min(row, self.row_count - 1),
                             column=min(max(column, 1), len(episodes)), scroll=False)
            self.call_after_refresh(self._reveal_card)
        self._card = min(card, max(len(self._cursor_beats()) - 1, 0))
        self.invalidate_cell(self.cursor_coordinate)

    def _changed_rows(self, bible: Bible, old_cells: dict[tuple[int, int], list[str]],
                      names: dict[str, str]) -> set[int]:
        """The rows an edit changed, the layout being the same: cells whose beats differ, beats
        drawn differently, and (on cards) beats naming a character whose card name changed."""
        cells, drawn = self._cells, self._drawn
        touched = {r for r, c in old_cells.keys() | cells.keys()
                   if old_cells.get((r, c)) != cells.get((r, c))}
        changed = [beat_id for beat_id, beat in bible.beats.items()
                   if (before := drawn.get(beat_id)) is not beat and before != beat]
        if self.zoom == "cards" and names != self._names:
            renamed = {c for c in names.keys() | self._names.keys()
                       if names.get(c) != self._names.get(c)}
            changed += [b.id for b in bible.beats.values() if renamed.intersection(b.characters)]
        return touched | self._rows_of(changed)

    def _places(self, beat_id: str) -> list[tuple[int, int]]:
        """The cells that show ``beat_id`` (more than one when rows are factions)."""
        bible = self._bible
        beat = bible.beats.get(beat_id) if bible is not None else None
        if beat is None or bible is None:
            return []
        c = self._column_of.get(beat.at)
        keys = (beat.arc,) if self.rows_by == "arc" else self._keys(beat, bible)
        return sorted((r, c) for r in (self._row_of.get(k) for k in keys)
                      if r is not None and c is not None
                      and beat_id in self._cells.get((r, c), ()))

    def _rows_of(self, beat_ids: Iterable[str]) -> set[int]:
        return {r for b in beat_ids for r, _ in self._places(b)}

    def _heading(self) -> Text:
        heading = Text("arcs" if self.rows_by == "arc" else "factions", style="bold")
        return Text.assemble(heading, "\n", Text(self.zoom, style="dim"))

    def _episode_columns(self, bible: Bible, episodes: list[Position], width: int
                         ) -> list[Column]:
        seasons = {s.number: s for s in bible.seasons.values()}
        columns = []
        for position in episodes:
            first = position.episode == 1 or position == episodes[0]
            season = seasons.get(position.season)
            name = season.id if season else ""
            band = (fit(f"{name} {season.title}" if season else "", width) if first
                    else "" if self.zoom == "counts" else name)
            episode = f"E{position.episode:02d}" if self.zoom != "counts" else f"{position.episode}"
            label = Text.assemble(Text(band, style="bold reverse" if first else "dim"),
                                  "\n", Text(episode, style="bold"))
            columns.append(Column(str(position), label, width))
        return columns

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

    def cell_content(self, row: int, column: int) -> Text:
        """A cell's cards (drawn only when the cell is on screen)."""
        if row < 0:
            return self._column_list[column].label
        if column == 0:
            return self._labels[row]
        beats = self._cells.get((row, column))
        bible = self._bible
        if not beats or bible is None:
            return Text()
        chosen = self._card if (row, column) == self.cursor_coordinate else None
        found = [bible.beats[b] for b in beats if b in bible.beats]
        return self._cell(found, self._col_width, bible, chosen)

    def get_cell_at(self, coordinate: Coordinate) -> Text:
        """What the cell at ``coordinate`` shows."""
        return self.cell_content(coordinate.row, coordinate.column)

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
        places = self._places(beat_id)
        if not places:
            return
        row, column = places[0]  # the first row that shows it
        self.move_cursor(row=row, column=column)
        self._show_card(self._cells[(row, column)].index(beat_id))
        self._scroll_to_card()

    def _reveal_card(self) -> None:
        """Scroll the chosen card into view (not its whole cell, which may be taller than
        the pane: the card could go out of view after an edit)."""
        if self.zoom == "counts":
            self._scroll_cursor_into_view()
        else:
            self._scroll_to_card()

    def _scroll_to_card(self) -> None:
        if self.zoom == "counts":
            return
        lines = CARD_LINES if self.zoom == "cards" else 1
        region = self._get_cell_region(self.cursor_coordinate)
        y = region.y + self._card * lines
        self.scroll_to_region(region._replace(y=y, height=lines), animate=False,
                              spacing=self._get_fixed_offset())

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        if old != new:
            self._card = 0
        super().watch_cursor_coordinate(old, new)

    def _show_card(self, card: int) -> None:
        """Choose the cursor cell's ``card`` (drawn in reverse)."""
        if card != self._card:
            self._card = card
            self.invalidate_cell(self.cursor_coordinate)

    def action_cursor_down(self) -> None:
        if self.zoom != "counts" and self._card < len(self._cursor_beats()) - 1:
            self._show_card(self._card + 1)
            self._scroll_to_card()
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.zoom != "counts" and self._card > 0:
            self._show_card(self._card - 1)
            self._scroll_to_card()
            return
        row = self.cursor_coordinate.row
        super().action_cursor_up()
        if self.cursor_coordinate.row != row:  # arrive on the last card of the cell above
            self._show_card(max(len(self._cursor_beats()) - 1, 0))
            self._scroll_to_card()

    def select_cell(self, coordinate: Coordinate) -> None:
        beat = self.beat_at_cursor()
        if beat is not None:
            self.post_message(self.BeatChosen(beat))

    def click_cell(self, coordinate: Coordinate, line: int) -> None:
        """A click on a card chooses it; a click on the chosen card opens it."""
        lines = CARD_LINES if self.zoom == "cards" else 1
        card = line // lines if self.zoom != "counts" else 0
        again = coordinate == self.cursor_coordinate and card == self._card
        self.cursor_coordinate = coordinate
        self._show_card(min(card, max(len(self._cursor_beats()) - 1, 0)))
        if again:
            self.select_cell(coordinate)

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

    #: The legend as shown.
    _legend: Text | None = None

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
        if legend != self._legend:  # (an update lays the whole screen out again)
            self._legend = legend
            self.query_one("#board-legend", Static).update(legend)
