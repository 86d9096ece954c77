"""The graph tab: a view of the arc graph, laid out once for every picture, on a canvas.

:class:`GraphView` picks the view (beats, arcs, the faction web, one
character's path) and a season, builds it with :mod:`arcs.views`, lays it out
with :mod:`arcs.layout` -- the coordinates the SVG export uses -- and draws it
with :mod:`tui.drawing`, in a worker so a big plan never blocks typing.
:class:`GraphCanvas` shows the drawing: arrows move between nodes, shift+arrows
pan, Enter opens the selected node's form.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

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
from tui.drawing import HEAD_ROWS, Drawing, Hit, Palette, draw

VIEW_NAMES = {"beats": "Beats", "arcs": "Arcs", "factions": "Faction web", "character": "Character"}


class GraphCanvas(ScrollView, can_focus=True):
    """A scrollable drawing with one selected node."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1, 0)", "Left", show=False),
        Binding("right", "step(1, 0)", "Right", show=False),
        Binding("up", "step(0, -1)", "Up", show=False),
        Binding("down", "step(0, 1)", "Down", show=False),
        Binding("shift+left", "pan(-12, 0)", "Pan", show=False),
        Binding("shift+right", "pan(12, 0)", "Pan", show=False),
        Binding("shift+up", "pan(0, -4)", "Pan", show=False),
        Binding("shift+down", "pan(0, 4)", "Pan", show=False),
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

    def show(self, drawing: Drawing, keep: Hashable | None = None) -> None:
        """Show a new drawing, keeping the selection on ``keep`` (or the same node)."""
        wanted = keep if keep is not None else (self.selected.node if self.selected else None)
        self.drawing = drawing
        self.selected = next((h for h in drawing.hits if h.node == wanted), None)
        if self.selected is None and drawing.hits:
            self.selected = min(drawing.hits, key=lambda h: (h.x, h.y))
        self.virtual_size = Size(drawing.width + 2, drawing.height + 1)
        self.refresh()
        if self.selected is not None:
            self._reveal(self.selected)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        # The season and episode rows stay on top; lane labels stay at the left.
        row = y if y < HEAD_ROWS else y + scroll_y
        width = self.scrollable_content_region.width
        blank = self.rich_style
        cells = self.drawing.row(row, scroll_x, width, blank)
        for x0, x1, label, style in self.drawing.sticky.get(row, ()):
            if x0 < scroll_x < x1 - cell_len(label) - 2:
                tag = Drawing()
                tag.text(0, 0, f"{label} ", style)
                cells[: tag.width] = tag.row(0, 0, min(tag.width, width), blank + style)
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
            self.selected = best[1]
            self.refresh()
            self._reveal(best[1])

    def action_pan(self, dx: int, dy: int) -> None:
        self.scroll_to(self.scroll_x + dx, self.scroll_y + dy, animate=False)

    def action_edge(self, direction: int) -> None:
        hits = sorted(self.drawing.hits, key=lambda h: (h.x, h.y))
        if hits:
            self.selected = hits[0] if direction < 0 else hits[-1]
            self.refresh()
            self._reveal(self.selected)

    def action_choose(self) -> None:
        if self.selected is not None:
            self.post_message(GraphView.NodeChosen(str(self.selected.node)))

    def on_click(self, event: events.Click) -> None:
        x = event.x + int(self.scroll_x)
        y = event.y if event.y < HEAD_ROWS else event.y + int(self.scroll_y)
        for hit in self.drawing.hits:
            if hit.y == y and hit.x <= x < hit.x + hit.width:
                self.selected = hit
                self.refresh()
                self.post_message(GraphView.NodeChosen(str(hit.node)))
                return


VIEWS = Binding.Group("graph")


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
        def __init__(self, drawing: Drawing, title: str) -> None:
            super().__init__()
            self.drawing = drawing
            self.title = title

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

    def _redraw(self) -> None:
        if self._bible is None or self._story is None:
            return
        view = self.view
        if view == "character":
            if self.character is None:
                self.notify("The plan has no characters yet", severity="warning")
                view = self.view = "beats"
            else:
                view = f"character:{self.character}"
        self._draw(self._bible, self._story, view, self._palette())

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

    @work(exclusive=True, group="graph", thread=True)
    def _draw(self, bible: Bible, story: Story, view: str, palette: Palette) -> None:
        # In the worker, not at the top: networkx is a tenth of a second of
        # the editor's start, and most sessions open the graph later or never.
        from arcs.graph import build_graph
        from arcs.layout import layout
        from arcs.views import ViewError, select

        worker = get_current_worker()
        try:
            selected = select(build_graph(bible, story), view, season=self.season, lanes=self.lanes)
            if self.keep is not None:  # the filter: only the beats it keeps
                keep = self.keep
                selected = selected.subgraph(
                    [n for n in selected if n not in bible.beats or n in keep]).copy()
            drawing = draw(selected, layout(selected), palette)
        except ViewError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        title = selected.graph.get("title", view)
        if not worker.is_cancelled:
            self.post_message(self.Drawn(drawing, title))

    def on_graph_view_drawn(self, event: Drawn) -> None:
        event.stop()
        self.query_one("#graph-title", Static).update(event.title)
        self.query_one(GraphCanvas).show(event.drawing)

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
