"""The outline: the plan as a tree, seasons -> arcs -> beats, then factions, characters...

Every node's data is the id of the entity it shows (sections have none), so
the screen can open a form or jump to an entity by id. Rebuilding keeps what
was expanded and where the cursor was. Beats are listed in story order within
their arc; an arc sits under the first season it runs in.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from arcs.order import Story
from story_bible.model import Bible, Relation
from tui.fields import SERIES

#: Section nodes are keyed by these markers (not entity ids: ids never start with '#').
SECTIONS = {
    "#seasons": "Seasons", "#factions": "Factions", "#characters": "Characters",
    "#relations": "Relations", "#statuses": "Statuses", "#unplaced": "Arcs without a season",
}


class Outline(Tree[str]):
    """Seasons, arcs and beats; factions; characters; relations; statuses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "app.add", "Add"),
        Binding("r,f2", "app.rename", "Rename"),
        Binding("delete,x", "app.remove", "Remove"),
        Binding("m", "app.move", "Move"),
        Binding("left_square_bracket", "app.nudge(-1)", "Earlier", show=False),
        Binding("right_square_bracket", "app.nudge(1)", "Later", show=False),
    ]

    DEFAULT_CSS = """
    Outline {
        background: $surface;
        padding: 0 1 0 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("plan", data=None, id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self._entity_nodes: dict[str, TreeNode[str]] = {}

    def rebuild(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        """Show ``bible``; keep expanded nodes and the cursor on the same entity."""
        expanded = {key for key, node in self._entity_nodes.items() if node.is_expanded}
        first_time = not self._entity_nodes
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        parent = self.cursor_node.parent if self.cursor_node is not None else None
        fallback = parent.data if parent is not None else None
        self.clear()
        with self.prevent(Tree.NodeHighlighted):
            # clear() keeps the cursor line, which would now point at another node.
            self.cursor_line = -1
        self._entity_nodes = {}
        self._add(self.root, SERIES, Text(bible.series.title, style="bold italic"), leaf=True)
        sections = {key: self._section(key) for key in SECTIONS}
        rank = story.rank
        for season_id, season in bible.seasons.items():
            label = Text.assemble((season_id, "bold"), " ", season.title)
            if season.planned:
                label.append(" planned", style="italic dim")
            node = self._add(sections["#seasons"], season_id, label)
            for arc in bible.arcs.values():
                if arc.seasons and arc.seasons[0] == season_id:
                    self._arc(node, arc.id, bible, rank, colours)
        for arc in bible.arcs.values():
            if not arc.seasons or arc.seasons[0] not in bible.seasons:
                self._arc(sections["#unplaced"], arc.id, bible, rank, colours)
        for faction_id, faction in bible.factions.items():
            label = Text.assemble(("■ ", colours.get(faction_id, "")), faction.name)
            self._add(sections["#factions"], faction_id, label, leaf=True)
        for character_id, character in bible.characters.items():
            side = colours.get(character.faction or "", "")
            label = Text.assemble(("● " if side else "○ ", side or "dim"), character.name)
            self._add(sections["#characters"], character_id, label, leaf=True)
        for relation in bible.relations:
            self._add(sections["#relations"], relation.id, relation_label(relation), leaf=True)
        for status_id, status in bible.statuses.items():
            label = Text(status_id, style="" if status.appears else "dim strike")
            self._add(sections["#statuses"], status_id, label, leaf=True)
        for key, node in sections.items():
            if not node.children:
                node.remove()
                del self._entity_nodes[key]
        for key in ("#seasons", *bible.seasons) if first_time else expanded:
            if key in self._entity_nodes:
                self._entity_nodes[key].expand()
        for key in (cursor, fallback, SERIES):
            if key is not None and self.select_entity(key, quiet=True):
                break

    def _section(self, key: str) -> TreeNode[str]:
        node = self.root.add(Text(SECTIONS[key], style="bold"), data=key)
        self._entity_nodes[key] = node
        return node

    def _arc(
        self, parent: TreeNode[str], arc_id: str, bible: Bible, rank: dict[str, int],
        colours: dict[str, str],
    ) -> None:
        arc = bible.arcs[arc_id]
        label = Text.assemble(("● ", colours.get(arc_id, "")), (arc.title, "bold"))
        if len(arc.seasons) > 1:
            label.append(f"  {arc.seasons[0]}–{arc.seasons[-1]}", style="dim")
        node = self._add(parent, arc_id, label)
        for beat in sorted(arc.beats.values(), key=lambda b: rank.get(b.id, 0)):
            episode = f"E{beat.at.episode:02d}" if beat.at.season_id in arc.seasons[:1] else str(
                beat.at
            )
            label = Text.assemble((f"{episode} ", "dim"), beat.id)
            self._add(node, beat.id, label, leaf=True)

    def _add(
        self, parent: TreeNode[str], key: str, label: Text, leaf: bool = False
    ) -> TreeNode[str]:
        node = parent.add_leaf(label, data=key) if leaf else parent.add(label, data=key)
        self._entity_nodes[key] = node
        return node

    @property
    def entity_id(self) -> str | None:
        """The id of the entity under the cursor (None on a section)."""
        node = self.cursor_node
        if node is None or node.data is None or node.data.startswith("#"):
            return None
        return node.data

    def has(self, entity_id: str) -> bool:
        return entity_id in self._entity_nodes

    def select_entity(self, entity_id: str, quiet: bool = False) -> bool:
        """Move the cursor to ``entity_id``, expanding its parents; False if not shown.

        ``quiet`` moves the cursor without announcing a new highlight (a rebuild).
        """
        node = self._entity_nodes.get(entity_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        # Reading last_line lays the tree's lines out again, so the node knows its line.
        if self.last_line >= 0:
            if quiet:
                with self.prevent(Tree.NodeHighlighted):
                    self.move_cursor(node)
            else:
                self.move_cursor(node)
        return True


def relation_label(relation: Relation) -> Text:
    a, b = relation.between
    span = f"{relation.start}" + (f"–{relation.until}" if relation.until else "→")
    return Text.assemble(f"{a} ", (relation.stance, "italic"), f" {b}", (f"  {span}", "dim"))
