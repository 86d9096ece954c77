"""The outline: the plan as a tree, seasons -> arcs -> beats, then factions, characters...

Every node reads as the writer names things: a beat by its title (its
summary's first words, as on the board's cards), everything else by its name
or title; ids are left to the form. Every node's data is the id of the entity
it shows (sections have none), so the screen can open a form or jump to an
entity by id. Beats are listed in story order within their arc; an arc sits
under the first season it runs in.

Rebuilding after an edit keeps what was expanded and where the cursor was,
and changes only what differs: a label is set again, an arc's beats are put
in their new order (their tree nodes kept), and only the lines that look
different are drawn again, so an edit costs the outline about the same at
20,000 beats as at 1,000.

The tree is lazy: a node's children become tree nodes only when it is first
expanded (a 20,000-beat bible starts with its sections, seasons and arcs, not
22,000 nodes), and :meth:`Outline.node` makes the path to any entity on demand,
so selecting, filtering and jumping reach every entity as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from arcs.order import Story
from story_bible.model import Arc, Beat, Bible, Relation, Season
from tui.beat_moves import BEAT_MOVES, arc_beside
from tui.form_fields import SERIES
from tui.widgets.episode_grid import EpisodeGrid, title_line

#: A beat's title in the outline is cut at this many cells (the pane crops the rest).
TITLE_WIDTH = 40

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
        Binding("x,delete", "app.remove", "Remove"),
        Binding("m", "app.move", "Move"),
        Binding("left_square_bracket", "app.nudge(-1)", "Earlier", show=False),
        Binding("right_square_bracket", "app.nudge(1)", "Later", show=False),
        Binding("right", "open_node", "Open", show=False),
        Binding("left", "close_node", "Close", show=False),
        # The shifted arrows move the chosen beat, as they move its card on the board and
        # in the graph (Tree's own walked among siblings: one key, one meaning).
        *BEAT_MOVES,
    ]

    #: Set while many nodes are added: the tree's caches are reset once, after them (a
    #: class default: Tree's own __init__ resets them before ours runs).
    _adding = False
    #: The widget's style while its lines are drawn (see render_lines).
    _base_style: Style | None = None

    DEFAULT_CSS = """
    Outline {
        background: $surface;
        padding: 0 1 0 0;
    }
    """

    def action_open_node(self) -> None:
        """Right opens the node (else goes to its first child), as in a file manager."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if node.is_expanded:
            self.action_cursor_down()
        else:
            self._fill(node)
            node.expand()

    def action_move(self, how: str, step: int) -> None:
        """Move the beat under the cursor as the board moves its card."""
        beat, bible = self.entity_id, getattr(self.app, "bible", None)
        if beat is None or bible is None or beat not in bible.beats:
            self.notify("Choose a beat to move it")
            return
        target = arc_beside(bible, beat, step) if how == "arc" else None
        self.post_message(EpisodeGrid.MoveCard(beat, how, step, target))

    def action_close_node(self) -> None:
        """Left closes the node (else goes to its parent)."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def __init__(self, *, id: str | None = None) -> None:
        #: Lines drawn, by everything a line's drawing depends on (see _render_line); made
        #: first, as Tree's __init__ clears the caches.
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        super().__init__("plan", data=None, id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        #: The tree nodes made so far, by key (an unexpanded node's children are not made).
        self._entity_nodes: dict[str, TreeNode[str]] = {}
        #: The children not yet made of nodes that were not expanded yet, by the node's key.
        self._unmade: dict[str, Children] = {}
        #: The outline as plain data (what the tree shows, made or not).
        self._wanted: list[Node] = []
        #: Each key's parent key (None: a top-level node), made when first asked for.
        self._parents: dict[str, str | None] | None = None
        #: The beats the filter keeps (None: every beat).
        self.keep: set[str] | None = None
        #: Each beat's label, with the beat it was made from: an edit makes again only the
        #: labels of the beats it changed (20,000 of them took a second each time).
        self._beat_labels: BeatLabels = {}
        #: The other nodes' labels, with what each was made from (the same for an edit
        #: that changed none of it: a tenth of a 1,000-beat outline's rebuild was these).
        self._labels: Labels = {}

    def process_label(self, label: str | Text) -> Text:
        # The labels are one-line Texts already: Tree's copy of each (twice per node) was a
        # fifth of building a 20,000-beat outline.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[str]) -> int:
        # Tree's renders the label again to measure it, for every line shown, whenever a
        # line changes: an open arc of 3,000 beats made each edit wait for that.
        icon = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) \
            if node.allow_expand else ""
        label = node.label
        return cell_len(icon) + (label.cell_len if isinstance(label, Text) else cell_len(label))

    def _invalidate(self) -> None:
        # Tree's own asks for a layout, which lays out the whole screen (15 ms and more,
        # on every edit that touches the outline); the outline's size is set by the
        # screen, and a new virtual size asks for one itself when the lines are rebuilt.
        if not self._adding:
            self._clear_line_cache()
            self._updates += 1
            self.root._reset()
            self.refresh()

    def watch_virtual_size(self) -> None:
        # Its scroll bars decided as soon as its lines are (against its size in the last
        # layout), not by the next layout, which would then place them in another, a
        # frame later: a jump that grows the outline past the pane is one frame. (A
        # layout that resizes the outline decides them again, as ever.)
        self._refresh_scrollbars()

    def _clear_line_cache(self) -> None:
        super()._clear_line_cache()
        self._strips.clear()

    def _lines_moved(self) -> None:
        """The nodes changed place (an edit's): lay the lines out again, and draw again
        only those that look different (see _render_line)."""
        self._tree_lines_cached = None
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree's render_line works out the widget's style for each line (its ancestors'
        # backgrounds, each time): once for all the lines drawn now is enough.
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        style = self._base_style or self.rich_style
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        # Tree keeps a line drawn until anything in the tree changes (its cache is keyed
        # by the line's number and its nodes' versions, and is cleared whenever a node
        # comes, goes or moves). Here a line is kept by all that its drawing depends
        # on, so an edit that moved a beat draws again only the lines that changed: a
        # whole outline drawn again was a third of the frame after an edit.
        lines = self._tree_lines
        if y >= len(lines):
            return super()._render_line(y, x1, x2, base_style)
        line = lines[y]
        key = (y, x1, x2, self.size.width, self.virtual_size.width, base_style,
               self._pseudo_class_state, self.cursor_line == y, self.hover_line == y,
               line.last, tuple((node._id, node._updates, node.is_last) for node in line.path))
        strip = self._strips.get(key)
        if strip is None:
            self._line_cache.clear()  # (Tree's: its key would find the line drawn before)
            strip = super()._render_line(y, x1, x2, base_style)
            self._strips.set(key, strip)
        return strip

    def _add_many(self, parent: TreeNode[str], nodes: list[Node]) -> None:
        """Add ``nodes`` under ``parent``, resetting the tree's caches once (not per node)."""
        self._adding = True
        try:
            self._add_all(parent, nodes)
        finally:
            self._adding = False
            self._invalidate()

    def rebuild(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        """Show ``bible``; keep expanded nodes and the cursor on the same entity.

        After a field edit the tree usually has the same nodes: only the labels
        that changed are set, and an arc whose beats changed order gets its
        beats again; the whole tree is built anew only when its shape changed.
        """
        if len(self._beat_labels) > 2 * len(bible.beats) + 100:
            self._beat_labels.clear()  # removed beats' labels
        shown = (len(bible.seasons) + len(bible.arcs) + len(bible.factions)
                 + len(bible.characters) + len(bible.relations) + len(bible.statuses))
        if len(self._labels) > 2 * shown + 100:
            self._labels.clear()  # removed entities' labels
        wanted = _nodes(bible, story, colours, self.keep, self._beat_labels, self._labels)
        self._wanted, self._parents = wanted, None
        if self._entity_nodes and self._patch(self.root, wanted):
            return
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
        self._unmade = {}
        self._add_many(self.root, wanted)
        for key in ("#seasons", *bible.seasons) if first_time else expanded:
            node = self.node(key)
            if node is not None:
                self._fill(node)
                node.expand()
        self._reselect(cursor, fallback)

    def _add_all(self, parent: TreeNode[str], nodes: list[Node]) -> None:
        """Add ``nodes`` under ``parent``, one level: their own children wait in
        ``_unmade`` until the node is expanded or a path through it is wanted."""
        for key, label, children in nodes:
            if children is None:
                node = parent.add_leaf(_text(label), data=key)
            else:
                node = parent.add(_text(label), data=key, allow_expand=True)
                if children:
                    self._unmade[key] = children
            self._entity_nodes[key] = node

    def _fill(self, node: TreeNode[str]) -> None:
        """Make ``node``'s children if they are not made yet."""
        children = self._unmade.pop(str(node.data), None) if node.data is not None else None
        if children is not None:
            self._add_many(node, _kids(children))

    def _toggle_node(self, node: TreeNode[str]) -> None:
        # Space, enter and a click expand through here: the children are made first, so
        # the node never shows open and empty for a frame.
        if not node.is_expanded:
            self._fill(node)
        super()._toggle_node(node)

    @on(Tree.NodeExpanded)
    def _make_children(self, event: Tree.NodeExpanded[str]) -> None:
        # Any other way a node was expanded (node.expand(), toggle()): make its children now.
        if event.node.tree is self:
            self._fill(event.node)

    def node(self, key: str) -> TreeNode[str] | None:
        """The tree node of ``key`` (an entity id or section marker), making the nodes
        on the way to it; None if the outline does not show it (e.g. filtered out)."""
        made = self._entity_nodes.get(key)
        if made is not None:
            return made
        parents = self._parent_keys()
        if key not in parents:
            return None
        path: list[str] = []
        up: str | None = key
        while up is not None and up not in self._entity_nodes:
            path.append(up)
            up = parents[up]
        if up is not None:
            self._fill(self._entity_nodes[up])
        for step in reversed(path[1:]):
            self._fill(self._entity_nodes[step])
        return self._entity_nodes.get(key)

    def shown(self) -> set[str]:
        """Every key the outline shows, whether its tree node is made yet or not."""
        return set(self._parent_keys())

    def _parent_keys(self) -> dict[str, str | None]:
        if self._parents is None:
            parents: dict[str, str | None] = {}
            todo: list[tuple[str | None, list[Node]]] = [(None, self._wanted)]
            while todo:
                parent, nodes = todo.pop()
                for key, _, children in nodes:
                    parents[key] = parent
                    if children is not None:
                        todo.append((key, _kids(children)))
            self._parents = parents
        return self._parents

    def _patch(self, parent: TreeNode[str], nodes: list[Node]) -> bool:
        """Bring ``parent``'s children to ``nodes`` in place; False if the shape differs."""
        children = parent.children
        if [c.data for c in children] != [key for key, _, _ in nodes]:
            if parent.is_root or any(grand is not None for _, _, grand in nodes):
                return False
            self._reorder(parent, nodes)
            return True
        for child, (_, label, grand) in zip(children, nodes, strict=True):
            if (grand is None) == child.allow_expand:
                return False
            text = _text(label)
            if not _same(child.label, text):
                child.set_label(text)
            if grand is None:
                continue
            key = str(child.data)
            if key in self._unmade or (not child.children and not child.is_expanded):
                # Its children are not made yet: only what they will be made from changes.
                if grand:
                    self._unmade[key] = grand
                else:
                    self._unmade.pop(key, None)
            elif not self._patch(child, _kids(grand)):
                return False
        return True

    def _reorder(self, parent: TreeNode[str], nodes: list[Node]) -> None:
        """Bring the leaves under ``parent`` (an arc's beats) to ``nodes``, keeping the
        tree nodes that stay: the beats that came or went are added or removed, the
        others put in their new order (3,000 beats made again for one moved were most
        of an edit at 20,000 beats)."""
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        made = {str(child.data): child for child in parent.children}
        wanted = {key for key, _, _ in nodes}
        order: list[TreeNode[str]] = []
        self._adding = True
        try:
            for key, child in made.items():
                if key not in wanted:
                    child.remove()
                    if self._entity_nodes.get(key) is child:  # (not its node in another arc)
                        del self._entity_nodes[key]
            for key, label, _ in nodes:
                text = _text(label)
                node = made.get(key)
                if node is None:
                    node = self._entity_nodes[key] = parent.add_leaf(text, data=key)
                elif not _same(node.label, text):
                    node.set_label(text)
                order.append(node)
            # Tree has no way to move a node: its children are put in order in place.
            parent._children[:] = order
        finally:
            self._adding = False
            self._lines_moved()
        if cursor in self._entity_nodes:
            self._reselect(cursor, parent.data)

    def _reselect(self, *keys: str | None) -> None:
        for key in (*keys, SERIES):
            if key is not None and self.select_entity(key, quiet=True):
                break

    @property
    def entity_id(self) -> str | None:
        """The id of the entity under the cursor (None on a section)."""
        node = self.cursor_node
        if node is None or node.data is None or node.data.startswith("#"):
            return None
        return node.data

    def has(self, entity_id: str) -> bool:
        return entity_id in self._entity_nodes or entity_id in self._parent_keys()

    def select_entity(self, entity_id: str, quiet: bool = False) -> bool:
        """Move the cursor to ``entity_id``, expanding its parents; False if not shown.

        ``quiet`` moves the cursor without announcing a new highlight (a rebuild).
        """
        node = self.node(entity_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        # Reading last_line lays the tree's lines out again, so the node knows its line
        # (which moves the cursor line with its node: quiet, that says nothing either).
        if quiet:
            with self.prevent(Tree.NodeHighlighted):
                if self.last_line >= 0:
                    self.move_cursor(node)
        elif self.last_line >= 0:
            self.move_cursor(node)
        return True


def relation_label(relation: Relation, bible: Bible) -> Text:
    """A relation as the writer reads it: the factions by name, the stance, its span."""
    a, b = (_faction_name(bible, f) for f in relation.between)
    span = f"{relation.start}" + (f"–{relation.until}" if relation.until else "→")
    return Text.assemble(f"{a} ", (relation.stance, "italic"), f" {b}", (f"  {span}", "dim"))


def _faction_name(bible: Bible, faction_id: str) -> str:
    faction = bible.factions.get(faction_id)
    return faction.name if faction is not None and faction.name else faction_id


#: A node's label, or how to make it: a beat's is made only when its node is (most of a
#: long show's 20,000 beats are never made, and their titles were half a second).
Label = Text | Callable[[], Text]

#: An outline node to show: its key (an id or a section marker), its label, and its
#: children (``None`` for a leaf).
Node = tuple[str, Label, "Children"]


class Later:
    """An arc's beat nodes, listed when first asked for (once): a long show's outline
    is built after every edit, and most of its arcs are never opened."""

    def __init__(self, make: Callable[[], list[Node]]) -> None:
        self._make: Callable[[], list[Node]] | None = make
        self._made: list[Node] = []

    def __call__(self) -> list[Node]:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made


#: A node's children: listed, listed later, or ``None`` for a leaf.
Children = list[Node] | Later | None


def _kids(children: list[Node] | Later) -> list[Node]:
    return children() if isinstance(children, Later) else children


def _text(label: Label) -> Text:
    return label if isinstance(label, Text) else label()


#: Beat labels by beat id: the beat they were made from, whether its episode is in its
#: arc's first season, and the label.
BeatLabels = dict[str, tuple[Beat, bool, Text]]
#: Other labels by key: what each was made from (entities, names, colours), and the label.
Labels = dict[str, tuple[tuple[object, ...], Text]]


def _label(labels: Labels | None, key: str, made_from: tuple[object, ...],
           make: Callable[[], Text]) -> Text:
    """``key``'s label made by ``make`` from ``made_from``, or the one made before from the
    same (an edit makes a new object of each entity it changed, and keeps the others)."""
    if labels is None:
        return make()
    made = labels.get(key)
    if made is not None and made[0] == made_from:  # (a tuple compares items by identity first)
        return made[1]
    label = labels[key] = (made_from, make())
    return label[1]


#: The sections' labels (the same objects every time: the tree compares them first).
_SECTION_LABELS = {key: Text(title, style="bold") for key, title in SECTIONS.items()}


def _nodes(bible: Bible, story: Story, colours: dict[str, str],
           keep: set[str] | None = None, beat_labels: BeatLabels | None = None,
           labels: Labels | None = None) -> list[Node]:
    """The whole outline of ``bible`` as plain data, cheap to build and to compare
    (``beat_labels`` and ``labels``: labels made before, reused while what they were made
    from is the same)."""
    sections: dict[str, list[Node]] = {key: [] for key in SECTIONS}
    rank = story.rank
    for season_id, season in bible.seasons.items():
        label = _label(labels, season_id, (season,), partial(_season_label, season_id, season))
        arcs = [_arc(a, rank, colours, keep, beat_labels, labels) for a in bible.arcs.values()
                if a.seasons and a.seasons[0] == season_id
                and (keep is None or any(b in keep for b in a.beats))]
        sections["#seasons"].append((season_id, label, arcs))
    sections["#unplaced"] = [
        _arc(a, rank, colours, labels=labels) for a in bible.arcs.values()
        if not a.seasons or a.seasons[0] not in bible.seasons
    ]
    for faction_id, faction in bible.factions.items():
        colour = colours.get(faction_id, "")
        label = _label(labels, faction_id, (faction, colour),
                       partial(Text.assemble, ("■ ", colour), faction.name))
        sections["#factions"].append((faction_id, label, None))
    for character_id, character in bible.characters.items():
        side = colours.get(character.faction or "", "")
        label = _label(labels, character_id, (character, side), partial(
            Text.assemble, ("● " if side else "○ ", side or "dim"), character.name))
        sections["#characters"].append((character_id, label, None))
    sections["#relations"] = [
        (r.id, _label(labels, r.id, (r, *(_faction_name(bible, f) for f in r.between)),
                      partial(relation_label, r, bible)), None)
        for r in bible.relations
    ]
    for status_id, status in bible.statuses.items():
        label = _label(labels, status_id, (status,), partial(
            Text, status_id, style="" if status.appears else "dim strike"))
        sections["#statuses"].append((status_id, label, None))
    title = bible.series.title
    return [
        (SERIES, _label(labels, SERIES, (title,), partial(Text, title, style="bold italic")),
         None),
        *((key, _SECTION_LABELS[key], nodes) for key, nodes in sections.items() if nodes),
    ]


def _season_label(season_id: str, season: Season) -> Text:
    label = Text.assemble((season_id, "bold"), " ", season.title)
    if season.planned:
        label.append(" planned", style="italic dim")
    return label


def _arc(arc: Arc, rank: dict[str, int], colours: dict[str, str],
         keep: set[str] | None = None, beat_labels: BeatLabels | None = None,
         labels: Labels | None = None) -> Node:
    """An arc and its beats in story order (an episode outside its first season in full)."""
    colour = colours.get(arc.id, "")
    label = _label(labels, arc.id, (arc.title, arc.seasons, colour),
                   partial(_arc_label, arc, colour))
    if not arc.beats:
        return arc.id, label, []
    return arc.id, label, Later(partial(_beats, arc, rank, keep, beat_labels))


def _arc_label(arc: Arc, colour: str) -> Text:
    label = Text.assemble(("● ", colour), (arc.title, "bold"))
    if len(arc.seasons) > 1:
        label.append(f"  {arc.seasons[0]}–{arc.seasons[-1]}", style="dim")
    return label


def _beats(arc: Arc, rank: dict[str, int], keep: set[str] | None,
           labels: BeatLabels | None) -> list[Node]:
    """The beat nodes of ``arc``, in story order."""
    beats: list[Node] = []
    for beat in sorted(arc.beats.values(), key=lambda b: rank.get(b.id, 0)):
        if keep is not None and beat.id not in keep:
            continue
        home = beat.at.season_id in arc.seasons[:1]
        made = labels.get(beat.id) if labels is not None else None
        title: Label
        if made is not None and made[0] is beat and made[1] == home:
            title = made[2]
        else:
            title = partial(_beat_label, beat, home, labels)
        beats.append((beat.id, title, None))
    return beats


def _beat_label(beat: Beat, home: bool, labels: BeatLabels | None) -> Text:
    """A beat's label: its episode (in full outside its arc's first season), its title."""
    episode = f"E{beat.at.episode:02d}" if home else str(beat.at)
    title = Text.assemble((f"{episode} ", "dim"), title_line(beat, TITLE_WIDTH))
    if labels is not None:
        labels[beat.id] = (beat, home, title)
    return title


def _same(shown: object, label: Text) -> bool:
    return shown is label or (
        isinstance(shown, Text) and shown.plain == label.plain and shown.style == label.style
        and shown.spans == label.spans
    )
