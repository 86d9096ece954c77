"""A character's timeline: status and faction at every episode, and the beats they are in.

One row per episode, so a writer reads a life down the page: when Nam-ra was
bitten, when she became immune and changed sides. Rows where something
happens are bright; quiet episodes are dim. Choosing a row with beats opens
the first of them. Under a filter (``/``) the chooser lists the filtered
story's people (a character's term chooses them) and only its beats are shown.
"""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Select

from arcs.order import Story, episodes
from arcs.state import State
from story_bible.model import Beat, Bible
from story_bible.positions import Position
from tui.filtering import Cast
from tui.widgets.episode_grid import title_line

#: A beat's title in the beats column is cut at this many cells.
TITLE_WIDTH = 32


class CharacterTimeline(Vertical):
    """Pick a character; see their status and faction per episode."""

    DEFAULT_CSS = """
    CharacterTimeline > Select { width: 60; margin: 0 0 1 0; }
    CharacterTimeline > DataTable { height: 1fr; }
    """

    class BeatChosen(Message):
        def __init__(self, beat_id: str) -> None:
            super().__init__()
            self.beat_id = beat_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.character: str | None = None
        self._bible: Bible | None = None
        self._story: Story | None = None
        self._colours: dict[str, str] = {}
        self._rows: list[list[Beat]] = []
        #: The beats the filter keeps, and who they involve (None: no filter).
        self.keep: set[str] | None = None
        self.cast: Cast | None = None

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt="Choose a character", compact=True, id="timeline-who")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="timeline")
        table.add_columns("episode", "status", "faction", "beats")
        yield table

    def show(
        self, bible: Bible, story: Story, colours: dict[str, str], character: str | None = None
    ) -> None:
        self._bible, self._story, self._colours = bible, story, colours
        cast = self.cast
        people = [c for c in bible.characters.values()
                  if cast is None or c.id in cast.characters]
        if character is not None and character in bible.characters:
            self.character = character
        if cast is not None and cast.named_character is not None:
            self.character = cast.named_character
        if self.character not in {c.id for c in people}:
            self.character = people[0].id if people else None
        select = self.query_one("#timeline-who", Select)
        with select.prevent(Select.Changed):
            select.set_options((c.name, c.id) for c in people)
            if self.character is not None:
                select.value = self.character
        self._fill()

    def _fill(self) -> None:
        bible, story, who = self._bible, self._story, self._character()
        table = self.query_one("#timeline", DataTable)
        table.clear()
        self._rows = []
        if bible is None or story is None or who is None:
            return
        person = bible.characters[who]
        plan = episodes(bible)
        states = story.states_by_episode(plan)
        beats: dict[Position, list[Beat]] = defaultdict(list)
        keep = self.keep
        for beat in story.appearances.get(who, []):
            if keep is None or beat.id in keep:
                beats[beat.at].append(beat)
        for beat in story.beats:
            if who in beat.changes and beat not in beats[beat.at] \
                    and (keep is None or beat.id in keep):
                beats[beat.at].append(beat)
        introduced = person.introduced
        quiet: list[Position] = []
        last: State | None = None
        for position in plan:
            state = states[position].get(who)
            if state is None:
                continue
            here = beats.get(position, [])
            if not here and state == last:
                quiet.append(position)
                continue
            self._quiet_row(quiet, last, bible)
            quiet = []
            changed = last is not None and state != last
            unseen = introduced is not None and position < introduced and not here
            self._add_row(str(position), state, here, bible, changed=changed, dim=unseen)
            last = state
        self._quiet_row(quiet, last, bible)

    def _quiet_row(self, quiet: list[Position], state: State | None, bible: Bible) -> None:
        """Episodes where nothing happens to the character, as one row."""
        if not quiet or state is None:
            return
        span = str(quiet[0]) if len(quiet) == 1 else f"{quiet[0]}–{quiet[-1]}"
        self._add_row(span, state, [], bible, changed=False, dim=True)

    def _add_row(
        self, when: str, state: State, here: list[Beat], bible: Bible, *, changed: bool,
        dim: bool,
    ) -> None:
        table = self.query_one("#timeline", DataTable)
        base = "dim" if dim or not here else ""
        status_style = "bold" if changed else base
        if not _appears(bible, state.status):
            status_style += " red"
        faction = state.faction or ""
        side = bible.factions.get(faction)
        table.add_row(
            Text(when, style=base),
            Text(state.status, style=status_style.strip()),
            Text(side.name if side is not None else faction or "·",
                 style=f"{self._colours.get(faction, '')} {base}".strip()),
            Text(" · ".join(title_line(b, TITLE_WIDTH) for b in here), style=base),
        )
        self._rows.append(here)

    def _character(self) -> str | None:
        if self._bible is None or self.character not in self._bible.characters:
            return None
        return self.character

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self.character = str(event.value)
            self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        here = self._rows[event.cursor_row] if event.cursor_row < len(self._rows) else []
        if here:
            self.post_message(self.BeatChosen(here[0].id))


def _appears(bible: Bible, status: str) -> bool:
    found = bible.statuses.get(status)
    return found is None or found.appears
