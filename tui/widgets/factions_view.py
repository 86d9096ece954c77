"""The factions tab: who stands where with whom, season by season (or episode by episode).

Two tables: the stance of every faction pair that has relations, and the
members of each faction (who is on that side, alive or otherwise present).
``e`` switches between seasons and episodes as columns. Choosing a stance
opens the relation that sets it; choosing a faction opens its form. Under a
filter (``/``) only the filtered story's sides and people are listed
(:func:`tui.filtering.cast`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from arcs.order import Story, episodes
from arcs.state import Stances
from story_bible.model import Bible, Relation
from story_bible.positions import Position
from tui.filtering import Cast
from tui.theme import stance_colour
from tui.widgets.episode_grid import short_name

#: Columns of the members table wrap their lists of names at this width.
MEMBERS_WIDTH = 24


class FactionsView(Vertical):
    """Stances between factions and their members, across the seasons."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("e", "switch_columns", "Seasons/episodes")]

    DEFAULT_CSS = """
    FactionsView > .table-title { height: 1; padding: 0 1; text-style: bold; color: $text-muted; }
    FactionsView > DataTable { height: auto; max-height: 1fr; margin: 0 0 1 0; }
    """

    class EntityChosen(Message):
        """A relation or faction was chosen: open its form."""

        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.by_episode = False
        self._bible: Bible | None = None
        self._story: Story | None = None
        self._colours: dict[str, str] = {}
        self._spans: list[tuple[str, list[Position]]] = []
        #: Who and which sides the filter keeps (None: no filter, everyone).
        self.cast: Cast | None = None

    def compose(self) -> ComposeResult:
        yield Static("Stances", classes="table-title")
        yield DataTable(id="stances", cursor_type="cell", fixed_columns=1, zebra_stripes=True)
        yield Static("Members at the end of each season", classes="table-title", id="members-title")
        yield DataTable(id="members", cursor_type="cell", fixed_columns=1, zebra_stripes=True)

    def show(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        self._bible, self._story, self._colours = bible, story, colours
        self._fill()

    def _fill(self) -> None:
        bible, story = self._bible, self._story
        if bible is None or story is None:
            return
        dark = self.app.current_theme.dark
        if self.by_episode:
            self._spans = [(str(p), [p]) for p in episodes(bible)]
        else:
            self._spans = [(s, episodes(bible, s)) for s in bible.seasons]
        stances = self.query_one("#stances", DataTable)
        stances.clear(columns=True)
        stances.add_column(Text("between", style="bold"))
        for label, _ in self._spans:
            stances.add_column(Text(label, style="bold"))
        held = Stances(bible.relations)
        cast = self.cast
        for a, b in held.pairs():
            if cast is not None and not cast.shows_pair(a, b):
                continue
            row: list[Text] = [Text.assemble(
                (_name(bible, a), self._colours.get(a, "")), " · ",
                (_name(bible, b), self._colours.get(b, "")),
            )]
            for _, span in self._spans:
                cell = Text()
                for i, run in enumerate(held.stretches(a, b, span)):
                    stance = run.stance or "·"  # no relation sets a stance then
                    if i:
                        cell.append("→", style="dim")
                    cell.append(stance, style=stance_colour(stance, dark))
                row.append(cell)
            stances.add_row(*row, key=f"{a}|{b}")
        self._fill_members(bible, story)

    def _fill_members(self, bible: Bible, story: Story) -> None:
        members = self.query_one("#members", DataTable)
        members.clear(columns=True)
        ends = [span[-1] for _, span in self._spans if span]
        states = story.states_by_episode(ends)
        title = "episode" if self.by_episode else "season"
        self.query_one("#members-title", Static).update(f"Members at the end of each {title}")
        members.add_column(Text("faction", style="bold"))
        for label, _ in self._spans:
            members.add_column(Text(label, style="bold"), width=MEMBERS_WIDTH)
        cast = self.cast
        for faction_id, faction in bible.factions.items():
            if cast is not None and faction_id not in cast.factions:
                continue
            row = [Text(faction.name, style=f"bold {self._colours.get(faction_id, '')}")]
            for end in ends:
                names = [
                    short_name(bible.characters[cid]) if cid in bible.characters else cid
                    for cid, state in states[end].items()
                    if state.faction == faction_id and _present(bible, state.status)
                    and (cast is None or cid in cast.characters)
                ]
                row.append(Text(", ".join(names) if names else "·", style="" if names else "dim"))
            members.add_row(*row, key=faction_id, height=None)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        bible = self._bible
        if bible is None:
            return
        row_key = str(event.cell_key.row_key.value)
        column = event.coordinate.column
        if event.data_table.id == "members" or column == 0:
            target = row_key.split("|")[0]
        else:
            a, b = row_key.split("|")
            span = self._spans[column - 1][1]
            held: Stances[Relation] = Stances(bible.relations)
            found = next(
                (r for p in reversed(span) if (r := held.relation_at(a, b, p)) is not None),
                None,
            )
            if found is None:
                self.notify(f"No relation sets {a} and {b}'s stance here", timeout=3)
                return
            target = found.id
        self.post_message(self.EntityChosen(target))

    def action_switch_columns(self) -> None:
        self.by_episode = not self.by_episode
        self._fill()


def _name(bible: Bible, faction_id: str) -> str:
    faction = bible.factions.get(faction_id)
    return faction.name if faction is not None and faction.name else faction_id


def _present(bible: Bible, status: str) -> bool:
    found = bible.statuses.get(status)
    return found is None or found.appears
