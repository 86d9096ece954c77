"""The graph tab: a view of the arc graph, laid out once for every picture, on a canvas.

:class:`GraphView` picks the view (beats, arcs, the faction web, one
character's path) and a season, builds it with :mod:`arcs.views`, lays it out
with :mod:`arcs.layout` -- the coordinates the SVG export uses -- and draws it
with :mod:`tui.drawing`, in a worker so a big plan never blocks typing: before
it lays out or builds, the worker waits for the screen to paint what asked for the
drawing (an edit's form, outline and problems, not slowed by a layout beside them),
one that a newer drawing overtakes while it waits gives its thread back at once, and
what it made is frozen for the collector (:func:`kept_for_good`).
The cards are drawn as the pane comes to them (:mod:`tui.lazy_drawing`), not
the whole plan at once. What a drawing was made of is kept for the next: an
edit of what nothing is placed by (a beat's summary, notes, tags, a
flashback; any entity's notes, see :data:`arcs.graph.ATTRIBUTES`) writes its
new attributes on the kept graph and view, keeps the layout, and draws again
only the tiles of the cards it changed (at the far zooms, nothing: they show
no titles), so it costs the same at 20,000 beats as at 1,000; a beat moved,
recast or relinked (:data:`arcs.graph.PLACES`) is patched into the kept graph
and, for the beats view, into the kept view (:func:`arcs.graph.patch_beats`,
:func:`arcs.views.patch_view`: exactly what a fresh build gives), then laid
out afresh (unless nothing in the view moved: a cast edited keeps the layout,
:func:`arcs.layout.relaid`, and, if no card or lane changed colour, the
drawing, its cards' rows drawn again) and drawn afresh; an edit the view
does not show keeps the layout and drawing; any other edit builds, lays out
and draws afresh. Zooming, fitting
and a new pane size reuse the graph and the layout.
Beats are named by the board's title line, never by their ids. Three zoom
levels (``z`` out, ``Z`` in, ``=`` fits the view to the pane): a card per
node with its dependencies, a season across the pane (one mark per beat),
the whole show in it (a count per lane and episode); each is laid out for
the pane's size, not shrunk. The faction web zooms alike: whole names, the
web in the pane with names shortened, a mark per faction
(:mod:`tui.web_drawing`). :class:`GraphCanvas` shows the drawing: arrows
move between nodes, PageUp/PageDown and ctrl+PageUp/ctrl+PageDown pan a
page, Enter opens the selected node's form; the title line names the
selected node. The shifted arrows mean what they mean on the board: they
move the selected beat (a card) to the episode before or after, or earlier
or later in its episode; the app makes the edit.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static
from textual.worker import get_current_worker

from arcs.order import Story
from story_bible.model import Bible
from tui.beat_moves import BEAT_MOVES, arc_beside
from tui.drawing import HEAD_ROWS, ZOOMS, Drawing, Hit, Names, Palette, cut, cx, draw
from tui.widgets.episode_grid import EpisodeGrid, fit, title_line

if TYPE_CHECKING:
    import networkx as nx

    from arcs.layout import Layout

VIEW_NAMES = {"beats": "Beats", "arcs": "Arcs", "factions": "Faction web", "character": "Character"}
#: How the title line calls each zoom level.
ZOOM_WORDS = {"cards": "cards", "season": "a season across", "show": "the whole show"}
#: The title line keeps this many cells of the view's title beside a long name.
HEAD = 8
#: ... and each level of the faction web.
WEB_WORDS = {"cards": "whole names", "season": "in the pane", "show": "a mark per faction"}
#: The longest a drawing waits for the screen to paint what asked for it, in seconds.
PAINT_WAIT = 0.5
#: How often a drawing waiting its turn looks whether a newer one overtook it, in seconds.
WAIT_STEP = 0.02


class GraphCanvas(ScrollView, can_focus=True):
    """A scrollable drawing with one selected node."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1, 0)", "Left", show=False),
        Binding("right", "step(1, 0)", "Right", show=False),
        Binding("up", "step(0, -1)", "Up", show=False),
        Binding("down", "step(0, 1)", "Down", show=False),
        # Pan by pages with the keys that page everywhere (Textual's own for sideways);
        # the shifted arrows move the selected beat, as they move a card on the board.
        Binding("pageup", "page_up", "Pan a page up", show=False),
        Binding("pagedown", "page_down", "Pan a page down", show=False),
        Binding("ctrl+pageup", "page_left", "Pan a page left", show=False),
        Binding("ctrl+pagedown", "page_right", "Pan a page right", show=False),
        Binding("home", "edge(-1)", "Start", show=False),
        Binding("end", "edge(1)", "End", show=False),
        Binding("enter", "choose", "Open", show=False),  # Enter opens, as everywhere
    ]

    DEFAULT_CSS = """
    GraphCanvas { height: 1fr; background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drawing = Drawing()
        self.selected: Hit | None = None
        #: A beat counted inside the selected mark (the far zoom keeps it chosen).
        self._wanted: Hashable | None = None
        self._selected_style = Style(bold=True, underline=True)

    def on_mount(self) -> None:
        self._update_selected_style()
        self.watch(self.app, "theme", self._update_selected_style, init=False)

    def _update_selected_style(self) -> None:
        variables = self.app.theme_variables
        self._selected_style = Style(
            bold=True, underline=True, color=Color.parse(variables["background"]).hex,
            bgcolor=Color.parse(variables["primary"]).hex,
        )
        self.refresh()

    class Selected(Message):
        """The selection moved to ``node`` (None: nothing to select)."""

        def __init__(self, node: Hashable | None) -> None:
            super().__init__()
            self.node = node

    def show(self, drawing: Drawing, keep: Hashable | None = None) -> None:
        """Show a new drawing, keeping the selection on ``keep`` (or the same node, or
        the mark that counts it at the far zoom)."""
        wanted = keep if keep is not None else self.selected_node
        for spans in drawing.sticky.values():
            spans.sort(key=_start)  # left to right: render_line stacks them in this order
        self.drawing = drawing
        hit = next((h for h in drawing.hits if h.node == wanted), None)
        if hit is None and wanted in drawing.members:
            hit = drawing.members[wanted]
            self.selected, self._wanted = hit, wanted
        else:
            if hit is None and drawing.hits:
                hit = min(drawing.hits, key=lambda h: (h.x, h.y))
            self.selected, self._wanted = hit, None
        self.virtual_size = Size(drawing.width + 2, drawing.height + 1)
        self.refresh()
        self.post_message(self.Selected(self.selected_node))
        if self.selected is not None:
            self._reveal(self.selected)

    @property
    def selected_node(self) -> Hashable | None:
        """The node chosen: at the far zoom, the beat asked for inside a counted mark."""
        if self._wanted is not None:
            return self._wanted
        return self.selected.node if self.selected is not None else None

    def _select(self, hit: Hit) -> None:
        self.selected, self._wanted = hit, None
        self.refresh()
        self._reveal(hit)
        self.post_message(self.Selected(hit.node))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        # The season and episode rows stay on top; lane labels stay at the left.
        row = y if y < HEAD_ROWS else y + scroll_y
        width = self.scrollable_content_region.width
        blank = self.rich_style
        cells = self.drawing.row(row, scroll_x, width, blank)
        left = 0
        for x0, x1, label, style in self.drawing.stuck(row, scroll_x, scroll_x + width):
            # A name whose start has scrolled off shows from the left edge, whole or cut
            # at its end, while what it names is still in sight; a name starting under
            # the names stuck there shows after them: the pane never shows a name's last
            # letters alone.
            room = min(x1 - scroll_x, width) - left
            if x0 - scroll_x < left and room > 0:
                tag = Drawing()
                short = cut(label, room - 1)  # no room for a letter and "…": blank
                tag.text(0, 0, f"{short} " if short not in ("", "…") else " " * room, style)
                shown = min(tag.width, width - left)
                cells[left : left + shown] = tag.row(0, 0, shown, blank + style)
                left += shown
        chosen = self.selected
        if chosen is not None and chosen.y == row:
            mark = self._selected_style
            start = max(0, chosen.x - scroll_x)
            for i in range(start, min(width, chosen.x + chosen.width - scroll_x)):
                char, style = cells[i]
                cells[i] = (char, style + mark)
        segments: list[Segment] = []
        for char, style in cells:
            if segments and segments[-1].style == style:
                segments[-1] = Segment(segments[-1].text + char, style)
            else:
                segments.append(Segment(char, style))
        return Strip(segments).crop_extend(0, width, blank)

    def _reveal(self, hit: Hit) -> None:
        # The region reaches up past the node by the sticky header's height.
        self.scroll_to_region(
            Region(max(0, hit.x - 4), max(0, hit.y - HEAD_ROWS - 1), hit.width + 8, HEAD_ROWS + 3),
            animate=False, force=True,
        )

    def action_step(self, dx: int, dy: int) -> None:
        """Select the nearest node in a direction (rows count more than columns sideways)."""
        here = self.selected
        if here is None:
            return
        best: tuple[float, Hit] | None = None
        for hit in self.drawing.hits:
            ddx, ddy = hit.x - here.x, hit.y - here.y
            along = ddx * dx + ddy * dy
            if hit is here or along <= 0:
                continue
            across = abs(ddy) * 4 if dx else abs(ddx) / 4
            score = along + across * 2
            if best is None or score < best[0]:
                best = (score, hit)
        if best is not None:
            self._select(best[1])

    def action_edge(self, direction: int) -> None:
        hits = sorted(self.drawing.hits, key=lambda h: (h.x, h.y))
        if hits:
            self._select(hits[0] if direction < 0 else hits[-1])

    def action_choose(self) -> None:
        node = self.selected_node
        if node is not None:
            self.post_message(GraphView.NodeChosen(str(node)))

    def on_click(self, event: events.Click) -> None:
        x = event.x + int(self.scroll_x)
        y = event.y if event.y < HEAD_ROWS else event.y + int(self.scroll_y)
        for hit in self.drawing.hits:
            if hit.y == y and hit.x <= x < hit.x + hit.width:
                self._select(hit)
                self.post_message(GraphView.NodeChosen(str(hit.node)))
                return


def _start(span: tuple[int, int, str, Style]) -> int:
    return span[0]


VIEWS = Binding.Group("graph")
ZOOM = Binding.Group("zoom")


class GraphView(Vertical):
    """The view switch, a title line and the canvas."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # One footer entry for the four views, so Save and Quit still fit in 80 columns.
        Binding("b", "view('beats')", "Beats", group=VIEWS),
        Binding("g", "view('arcs')", "Arcs", group=VIEWS),  # a is Add (the outline's), nowhere else
        Binding("w", "view('factions')", "Web", group=VIEWS),
        Binding("c", "view('character')", "Character", group=VIEWS),
        Binding("s", "next_season", "Season"),
        Binding("l", "switch_lanes", "Lanes"),
        # z/Z as on the board: out to a season across the pane, then the whole show.
        Binding("z,minus", "zoom(1)", "Zoom out", group=ZOOM),
        Binding("Z,plus", "zoom(-1)", "Zoom in", group=ZOOM),
        Binding("equals_sign", "fit", "Fit the view to the pane", group=ZOOM),
        # As on the board (one key, one meaning): the selected beat moves, as its card would.
        *BEAT_MOVES,
    ]

    DEFAULT_CSS = """
    GraphView > #graph-title { height: 1; padding: 0 1; background: $panel; color: $text; }
    """

    class NodeChosen(Message):
        """A node of the graph was chosen: open its entity's form."""

        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    class Drawn(Message):
        def __init__(self, drawing: Drawing, title: str, zoom: int) -> None:
            super().__init__()
            self.drawing = drawing
            self.title = title
            self.zoom = zoom

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = "beats"
        self.season: str | None = None
        self.lanes: str | None = None
        #: The character whose path the character view shows.
        self.character: str | None = None
        #: The beats the filter keeps (None: every beat).
        self.keep: set[str] | None = None
        self._bible: Bible | None = None
        self._story: Story | None = None
        self._colours: dict[str, str] = {}
        #: The zoom level (an index of :data:`tui.drawing.ZOOMS`).
        self.zoom = 0
        self._title = ""
        self._drawn_for: tuple[int, int] = (0, 0)
        #: What the last drawing was made of (one worker at a time reads and writes it).
        self._kept = _Kept()
        self._kept_lock = threading.Lock()
        #: The drawing the canvas shows (the worker detaches it from a view it patches).
        self._shown: Drawing | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="graph-title")
        yield GraphCanvas(id="graph-canvas")

    def show(self, bible: Bible, story: Story, colours: dict[str, str]) -> None:
        self._bible, self._story, self._colours = bible, story, colours
        if self.season not in bible.seasons:
            self.season = None
        if self.character not in bible.characters:
            self.character = next(iter(bible.characters), None)
        self._redraw()

    def _redraw(self, fit: bool = False) -> None:
        if self._bible is None or self._story is None:
            return
        view = self.view
        if view == "character":
            if self.character is None:
                self.notify("The plan has no characters yet", severity="warning")
                view = self.view = "beats"
            else:
                view = f"character:{self.character}"
        canvas = self.query_one(GraphCanvas)
        region = canvas.scrollable_content_region
        # Before the canvas is laid out, a guess: the middle pane of a 160-column terminal.
        pane = (region.width, region.height) if region.width > 4 else (66, 40)
        self._drawn_for = pane
        keep = frozenset(self.keep) if self.keep is not None else None
        choice = (view, self.season, self.lanes, keep)
        # The worker begins at once (what waits on the graph's workers waits for this
        # one) but lays out or builds once the screen has painted what asked for it: an
        # edit's frame (the form, the outline, the problems) is laid out on the screen's
        # thread, and a layout in a thread beside it would take half its time (they share
        # the GIL). What is quick (a card's title redrawn) is drawn at once.
        painted = threading.Event()
        self.call_after_refresh(painted.set)
        self._draw(self._bible, self._story, choice, self._palette(), pane, fit, painted)

    def _palette(self) -> Palette:
        variables = self.app.theme_variables
        foreground = Color.parse(variables["foreground"])
        surface = Color.parse(variables["surface"])
        return Palette(
            colours=self._colours,
            dark=self.app.current_theme.dark,
            text=foreground.hex,
            muted=surface.blend(foreground, 0.55).hex,
            lane=surface.blend(foreground, 0.04).hex,
            band=Color.parse(variables["panel"]).hex,
            selected=Color.parse(variables["primary"]).hex,
        )

    # A description of its own: Textual's default writes out every argument (the whole
    # bible and story) as the worker's name, on every draw.
    @work(exclusive=True, group="graph", thread=True, description="drawing the graph")
    def _draw(
        self, bible: Bible, story: Story, choice: tuple[Any, ...], palette: Palette,
        pane: tuple[int, int], fit: bool, painted: threading.Event,
    ) -> None:
        from arcs.views import ViewError

        worker = get_current_worker()
        # One worker at a time: what is kept is read and written whole. A drawing that
        # a newer one overtook stops at its next step (its thread cannot be stopped);
        # one overtaken while it waits gives its thread back at once: a beat moved again
        # and again during a long layout would hold every thread of the pool the workers
        # share (the check's too), each waiting its turn to do nothing.
        if not _waited(lambda most: self._kept_lock.acquire(timeout=most), worker):
            return
        try:
            if worker.is_cancelled:
                return
            try:
                with kept_for_good():
                    drawn = self._drawing(bible, story, choice, palette, pane, fit, worker,
                                          painted)
            except ViewError as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="warning")
                return
        finally:
            self._kept_lock.release()
        if drawn is not None and not worker.is_cancelled:
            self.post_message(self.Drawn(*drawn))

    def _drawing(
        self, bible: Bible, story: Story, choice: tuple[Any, ...], palette: Palette,
        pane: tuple[int, int], fit: bool, worker: Any, painted: threading.Event | None = None,
    ) -> tuple[Drawing, str, int] | None:
        """The drawing of ``choice`` (view, season, lanes, the beats kept), its title and
        zoom level, from what is kept where the edit since allows (see the module);
        None when a newer drawing overtook this one. Anything more than attributes
        written and cards redrawn waits first for ``painted`` (the screen's frame)."""
        # Imported here, not at the top: networkx is a tenth of a second of the
        # editor's start, and most sessions open the graph later or never.
        from arcs.graph import beat_edits, build_graph, patch_beats, update_attributes
        from arcs.layout import layout, relaid
        from arcs.views import ViewPatch, patch_view, same_view, select
        from tui.lazy_drawing import LazyDrawing

        view, season, lanes, keep = choice
        kept = previous = self._kept
        found = beat_edits(kept.bible, bible) if kept.bible is not None else None
        quick = found is not None and not found[1] and kept.choice == choice
        if painted is not None and not quick and \
                not _waited(painted.wait, worker, PAINT_WAIT):
            return None
        restyled: dict[str, set[str]] = {}  # the view's nodes edited: their attributes
        if found is not None and found[1]:  # beats moved, recast or relinked: patched
            was = kept.story
            patched = patch_beats(kept.graph, was, story, found[1]) if was is not None and \
                was.bible is kept.bible and story.bible is bible else None
            if patched is None:
                found = None
            else:
                update_attributes(kept.graph, found[0])
                changed: ViewPatch | None = None
                copy: nx.MultiDiGraph | None = None
                if kept.view is not None and kept.choice == choice and keep is None:
                    # The drawing shown draws its tiles as the screen's thread comes to
                    # them, from its view's nodes: it keeps them as they were.
                    lazy = [d for d in (self._shown, kept.drawing and kept.drawing[3])
                            if isinstance(d, LazyDrawing) and d.view is kept.view]
                    if lazy:
                        copy = _detached(kept.view)
                        for made in lazy:
                            made.view = copy
                    changed = patch_view(kept.view, kept.graph, patched, season)
                if changed is None:  # another view: selected again (and compared below)
                    self._kept = kept = _Kept(bible, kept.graph)
                elif changed.nodes:  # laid out again if anything moved, else kept
                    laid = None if changed.placed or kept.laid is None else relaid(
                        kept.laid, kept.view)
                    # The cards' drawing stands if no lane and no card changed colour (a
                    # card shows its beat's name and colour; an edge, its start's colour):
                    # the changed cards' rows are drawn again. Else it is drawn afresh.
                    drawn = kept.drawing and kept.drawing[3]
                    same = laid is not None and kept.laid is not None and \
                        laid.lanes == kept.laid.lanes and copy is not None and \
                        isinstance(drawn, LazyDrawing) and drawn.view is copy and \
                        _same_colours(copy, kept.view, changed.nodes)
                    if same:
                        restyled = {n: {"group"} for n in changed.nodes}
                    else:
                        kept.drawing = None
                    kept.laid = laid
        if found is None:
            self._kept = kept = _Kept(bible, build_graph(bible, story))
        elif found[0]:
            update_attributes(kept.graph, found[0])
            if kept.view is not None:
                for n, fields in update_attributes(kept.view, found[0]).items():
                    restyled.setdefault(n, set()).update(fields)
        kept.bible, kept.story = bible, story
        if worker.is_cancelled:
            return None
        if kept.choice == choice and kept.view is not None and kept.laid is None:
            kept.laid = layout(kept.view)  # (a patched view)
        if kept.choice != choice or kept.view is None or kept.laid is None:
            kept.choice, kept.view, kept.laid, kept.drawing = None, None, None, None
            selected = select(kept.graph, view, season=season, lanes=lanes)
            if keep is not None:  # the filter: only the beats it keeps
                selected = selected.subgraph(
                    [n for n in selected if n not in bible.beats or n in keep]).copy()
            if worker.is_cancelled:
                return None
            if previous.choice == choice and previous.view is not None and \
                    previous.laid is not None and same_view(selected, previous.view):
                # The edit changed nothing this view shows (another season's beat, a
                # stance in the beats view...): its layout and drawing stand.
                kept.laid, kept.drawing = previous.laid, previous.drawing
            else:
                kept.laid = layout(selected)
            kept.choice, kept.view = choice, selected
        selected, laid = kept.view, kept.laid
        assert laid is not None
        if worker.is_cancelled:
            return None
        names = beat_names(bible)
        levels = range(len(ZOOMS)) if fit else [self.zoom]
        drawing = None
        for level in levels:
            # Fit: the closest level at which the whole view is in the pane (the
            # cards' width is known from the layout: no drawing for a sure miss).
            if fit and level == 0 and laid.kind != "web" and cx(laid.width) > pane[0]:
                continue
            drawing = kept.drawn(level, pane, palette, selected, laid, restyled, names)
            if drawing.width <= pane[0] and drawing.height <= pane[1]:
                break
        assert drawing is not None
        words = WEB_WORDS if laid.kind == "web" else ZOOM_WORDS
        title = f"{selected.graph.get('title', view)} · {words[ZOOMS[level]]}"
        return drawing, title, level

    def on_graph_view_drawn(self, event: Drawn) -> None:
        event.stop()
        self._title, self.zoom = event.title, event.zoom
        # (the title line is one line high: an update need not lay the screen out again,
        # which it would do twice for each drawing, here and when it names the selection)
        self.query_one("#graph-title", Static).update(event.title, layout=False)
        self.query_one(GraphCanvas).show(event.drawing)
        self._shown = event.drawing

    def on_graph_canvas_selected(self, event: GraphCanvas.Selected) -> None:
        """The title line names the selected node (at the far zoom, the only name of it)."""
        event.stop()
        line = self.query_one("#graph-title", Static)
        width = line.content_region.width
        line.update(fit_title(self._title, self._name_of(event.node), width if width > 0 else 200),
                    layout=False)

    def _name_of(self, node: Hashable | None) -> str:
        bible = self._bible
        if node is None or bible is None:
            return ""
        key = str(node)
        if key in bible.beats:
            beat = bible.beats[key]
            return f"{title_line(beat, 60)} ({beat.at})"
        for table in (bible.arcs, bible.factions, bible.characters):
            entity = table.get(key)
            if entity is not None:
                return str(getattr(entity, "title", None) or getattr(entity, "name", key))
        return key

    def on_resize(self) -> None:
        # The far levels are laid out for the pane: a new size is a new layout.
        region = self.query_one(GraphCanvas).scrollable_content_region
        if self.zoom and (region.width, region.height) != self._drawn_for:
            self._redraw()

    def action_zoom(self, step: int) -> None:
        """Out (1) to a season across the pane, then the whole show; in (-1) back to cards."""
        level = max(0, min(len(ZOOMS) - 1, self.zoom + step))
        if level != self.zoom:
            self.zoom = level
            self._redraw()

    def action_fit(self) -> None:
        """The closest zoom that shows the whole view (a season, or the show) in the pane,
        the selected node in sight."""
        self._redraw(fit=True)

    def action_move(self, how: str, step: int) -> None:
        """Move the selected beat as the board moves its card: ``how`` is 'episode' (the
        one before or after), 'order' (earlier or later in its episode) or 'arc' (the
        board's row above or below)."""
        canvas = self.query_one(GraphCanvas)
        node = canvas.selected_node
        bible = self._bible
        if bible is None or node is None or str(node) not in bible.beats:
            self.notify("Choose a beat to move it (b shows the beats)")
            return
        if ZOOMS[self.zoom] == "show":
            self.notify("Zoom in (Z) to choose the beat to move")
            return
        target = arc_beside(bible, str(node), step) if how == "arc" else None
        self.post_message(EpisodeGrid.MoveCard(str(node), how, step, target))

    def action_view(self, view: str) -> None:
        self.view = view
        self._redraw()

    def action_next_season(self) -> None:
        if self._bible is None:
            return
        order: list[str | None] = [None, *self._bible.seasons]
        self.season = order[(order.index(self.season) + 1) % len(order)]
        self._redraw()

    def action_switch_lanes(self) -> None:
        if self.view == "factions":
            return
        self.lanes = "faction" if self.lanes in (None, "arc") else "arc"
        self._redraw()


@dataclass
class _Kept:
    """What the last drawing was made of: the bible drawn, its graph; the view chosen
    (view, season, lanes, the beats kept), selected and laid out; the drawing of it."""

    bible: Bible | None = None
    graph: nx.MultiDiGraph | None = None
    #: The story order ``graph`` was made in (a beat moved patches it from this one).
    story: Story | None = None
    choice: tuple[Any, ...] | None = None
    view: nx.MultiDiGraph | None = None
    laid: Layout | None = None
    #: The last drawing of ``laid``: the zoom level, pane and palette it was drawn for.
    drawing: tuple[int, tuple[int, int], Palette, Drawing] | None = None

    def drawn(
        self, level: int, pane: tuple[int, int], palette: Palette, view: nx.MultiDiGraph,
        laid: Layout, restyled: dict[str, set[str]], names: Names,
    ) -> Drawing:
        """The drawing at ``level``: the kept one if it is of these, with the ``restyled``
        nodes (each with the attributes the edit changed) drawn again, else a new one.
        The cards of a timeline are a :class:`~tui.lazy_drawing.LazyDrawing`: drawn as
        the pane comes to them, a card redrawn by its tile."""
        from tui.lazy_drawing import LazyDrawing

        zoom = ZOOMS[level]
        cards = zoom == "cards" and laid.kind == "timeline"
        last = self.drawing
        drawing: Drawing | None = None
        # The pane counts at the far zooms only (they are laid out for it).
        if last is not None and last[0] == level and last[2] == palette and (
                zoom == "cards" or last[1] == pane):
            drawing = last[3]
            if not restyled:
                pass  # (the edit changed nothing in this view)
            elif isinstance(drawing, LazyDrawing):
                drawing = drawing.redrawn(restyled, view, names)
            elif laid.kind != "web" and (cards or any(
                    "flashback" in f for f in restyled.values())):
                drawing = None  # a flashback's mark (the far zooms show no titles)
        if drawing is None:
            if cards:
                drawing = LazyDrawing(view, laid, palette, names)
            else:
                drawing = draw(view, laid, palette, names=names, zoom=zoom, pane=pane)
        self.drawing = (level, pane, palette, drawing)
        return drawing


@contextlib.contextmanager
def kept_for_good() -> Iterator[None]:
    """Pause the collector while a drawing is made, then keep what was made for good.

    A graph, a view, a layout and a drawing of 20,000 beats are hundreds of thousands
    of objects, none of them garbage, that the collector would walk again and again
    while they are made. Once made, they are young: left so, the collector walks them
    all again as they age, from whichever thread allocates next -- the screen's: at
    20,000 beats a move cost the screen 45-80 ms (the middle generation) and, now and
    then, 250 ms (the oldest), a key typed meanwhile waiting as long. So the garbage
    made meanwhile is collected here, once, in the worker, and what is left is frozen,
    as the app does after the opening and an edit: no later pass walks it (it is freed
    by reference counting; a cycle in it, when the app ends).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # (else whoever paused it freezes what is made, see ArcroomApp)
            gc.collect(1)
            gc.freeze()
            gc.enable()


def _waited(wait: Callable[[float], bool], worker: Any, most: float | None = None) -> bool:
    """Wait with ``wait`` (an event's wait, a lock's acquire: True once done) until it
    is done or ``most`` seconds passed (None: no limit): True; False, with nothing
    acquired, as soon as ``worker`` is cancelled while it waits."""
    deadline = None if most is None else time.monotonic() + most
    while not wait(WAIT_STEP):
        if worker.is_cancelled:
            return False
        if deadline is not None and time.monotonic() > deadline:
            break
    return True


def _same_colours(before: nx.MultiDiGraph, after: nx.MultiDiGraph, nodes: set[str]) -> bool:
    """Whether ``nodes`` are all in both views, each wearing the same faction's colour."""
    return all(n in before and n in after and
               before.nodes[n].get("group") == after.nodes[n].get("group") for n in nodes)


def _detached(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``view``'s nodes, their attributes and its ``graph``, no edges: what a
    lazy drawing's tiles read (the edges' routes are worked out when it is made)."""
    import networkx as nx

    copy = nx.MultiDiGraph()
    copy.graph.update(view.graph)
    copy._node = {n: dict(data) for n, data in view.nodes(data=True)}
    return copy


def fit_title(title: str, name: str, width: int) -> str:
    """The title line in ``width`` cells: ``title`` (the view's, then `` · `` and the zoom
    level's words) and the selected node's ``name``. The zoom stays whole, the name too
    while the view's title keeps its first word or so (``HEAD`` cells); the view's title
    gives way first, shortened at a word: at a far zoom the name on this line is the only
    one the node has.

    >>> fit_title("The faction web · a mark per faction", "The horde", 44)
    'The factio… · a mark per faction · The horde'
    >>> fit_title("Beats and their dependencies · cards", "On a rain-soaked rooftop", 40)
    'Beats and… · cards · On a rain-soaked…'
    """
    head, _, words = title.rpartition(" · ")
    if name:
        room = width - cell_len(words) - min(cell_len(head), HEAD) - 6
        name = fit(name, max(room, HEAD))
    rest = " · ".join(part for part in (words, name) if part)
    if not head:
        return cut(rest, width)
    room = width - cell_len(rest) - 3
    if cell_len(head) <= room:
        return f"{head} · {rest}"
    if room >= 4:
        return f"{fit(head, room)} · {rest}"
    return cut(rest, width)


def beat_names(bible: Bible) -> Names:
    """A beat's title in a number of cells: the board's title line (names, not ids)."""

    def name(node: Hashable, width: int) -> str:
        beat = bible.beats.get(str(node))
        return title_line(beat, width) if beat is not None else fit(str(node), width)

    return name
