"""The editor screen: outline on the left, the views in the middle, the form on the right.

It lays the widgets out and routes between them: a highlight in the outline
shows that entity's form, a choice in a view or the problems panel jumps to
an entity, and a form's edit goes up to the app (which owns the document).
When the screen is narrower than ``WIDE`` columns the views and the form
take turns in the same place (``v`` views, ``f`` form).

After an edit the app calls :meth:`EditorScreen.show_bible`; only the view
that is on screen is redrawn at once (none while the form has the views'
place on a narrow screen), the others when they are next shown.
A view's widget is made and mounted when its tab is first shown (the first
screen builds only the board's, and imports only its module: the graph's,
the factions' and the timeline's are a sixth of the editor's own imports), so
until then its settings (the filter's beats and cast, the character followed)
wait on the screen, which hands them over when it makes the widget.

The form has one way in, :meth:`EditorScreen.show_form`: a highlight in the
outline, a jump from the palette, a view or the problems panel, and the
redraw after an edit all queue there, one at a time, and only the latest
request is shown (so a burst of arrow keys builds one form, not ten, and two
builds never interleave).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import _time, events, messages, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static, TabbedContent, TabPane, Tree

from arcs.diagnostics import Diagnostic
from story_bible.model import Beat, Relation
from tui import filtering
from tui.form_fields import SERIES, kind_of, lookup
from tui.widgets.episode_grid import Board, EpisodeGrid
from tui.widgets.footer import QuietFooter
from tui.widgets.form import EntityForm
from tui.widgets.outline import Outline
from tui.widgets.problems import ProblemsPanel

if TYPE_CHECKING:
    from tui.app import ArcroomApp
    from tui.filtering import Cast
    from tui.widgets.factions_view import FactionsView
    from tui.widgets.graph_view import GraphView
    from tui.widgets.timeline import CharacterTimeline

VIEWS = ("graph", "episodes", "factions", "character")
W = TypeVar("W", bound=Widget)
#: The views made when their tab is first shown: tab -> (module, class, widget id).
LATER_VIEWS = {
    "graph": ("tui.widgets.graph_view", "GraphView", "graph-view"),
    "factions": ("tui.widgets.factions_view", "FactionsView", "factions-view"),
    "character": ("tui.widgets.timeline", "CharacterTimeline", "timeline"),
}
#: From this many columns the views and the form are on screen together.
WIDE = 130


#: On a narrow screen the views and the form take turns beside the outline.
PANES = Binding.Group("views/form")


class EditorScreen(Screen[None]):
    """The writers' room: outline, views, form and problems on one screen."""

    # Textual declares these `ClassVar[...] | None`, which mypy cannot read as a class
    # variable (it takes them for instance variables), so overriding them trips [misc].
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-narrow"), (WIDE, "-wide")
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-short"), (36, "-tall")
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_view('graph')", "Graph", show=False),
        Binding("2", "show_view('episodes')", "Episodes", show=False),
        Binding("3", "show_view('factions')", "Factions", show=False),
        Binding("4", "show_view('character')", "Character", show=False),
        Binding("v", "show_view('')", "Views", group=PANES),
        Binding("f", "show_form", "Form", group=PANES),
        Binding("o", "focus_outline", "Outline", show=False),
        Binding("p", "focus_problems", "Problems", show=False),
        Binding("f8", "next_problem", "Next problem", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter_or_outline", "Clear filter / outline", show=False),
    ]

    def __init__(self) -> None:
        # Born showing the views: a class set once mounted restyles every widget.
        super().__init__(classes="-show-views")
        #: Views whose picture is older than the bible (redrawn when shown).
        self._stale: set[str] = set(VIEWS)
        #: What a narrow screen shows beside the outline: the ``views`` or the ``form``.
        self._pane = "views"
        #: Held while the form is being built (see show_form).
        self._form_lock = asyncio.Lock()
        #: Numbers the requests to show the form; only the latest one is carried out.
        self._form_ticket = 0
        #: The entity the latest request asked for (None: whatever the form shows).
        self._form_wanted: str | None = None
        #: What ``/`` filters by, and the beats that keeps (None: no filter).
        self.filter_terms: list[filtering.Term] = []
        self.keep: set[str] | None = None
        #: What ``/`` lets the factions and the timeline show (None: everyone).
        self.cast: Cast | None = None
        #: The character chosen last anywhere: the timeline's and the graph's path's.
        self.character: str | None = None
        #: The tabs whose view is not mounted yet: made and mounted when first shown.
        self._unmounted: set[str] = set(LATER_VIEWS)
        #: The views made, by tab (mounted, or being mounted).
        self._views: dict[str, Widget] = {}
        #: Their mounts under way (a key and a tab click may both ask for the same one).
        self._mounting: dict[str, asyncio.Future[None]] = {}
        #: The widgets composed once and kept, found once (see _one).
        self._found: dict[type[Widget], Widget] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="✎")
        with Horizontal(id="body"):
            yield Outline(id="outline")
            with Vertical(id="center"):
                yield Static(id="filter-chips")
                with TabbedContent(id="views", initial="episodes"):
                    yield TabPane("Graph", id="graph")
                    with TabPane("Episodes", id="episodes"):
                        yield Board(id="board")
                    yield TabPane("Factions", id="factions")
                    yield TabPane("Character", id="character")
            yield EntityForm(id="form")
        yield ProblemsPanel(id="problems")
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Outline).focus()

    def _one(self, kind: type[W]) -> W:
        """The screen's ``kind`` widget (the outline, the board, the form, the problems,
        the views' tabs): composed once and kept, so found once. A query walks the
        screen's widgets, the form's hundreds among them: 6 ms for the board's grid,
        twice an edit."""
        found = self._found.get(kind)
        if found is None:
            found = self._found[kind] = self.query_one(kind)
        return cast(W, found)

    @property
    def views_shown(self) -> bool:
        """Whether the views are on screen (a narrow one shows the views or the form)."""
        return self._pane == "views" or self.size.width >= WIDE

    def view(self, tab: str) -> Any:
        """The view widget of ``tab`` (a key of LATER_VIEWS) if made yet, else None."""
        return self._views.get(tab)

    def _hand_filter(self, tab: str, widget: Any) -> None:
        """Give ``tab``'s view the beats and the cast the filter keeps."""
        if tab in ("graph", "character"):
            widget.keep = self.keep
        if tab in ("factions", "character"):
            widget.cast = self.cast

    async def _mount_view(self, tab: str) -> None:
        """Make and mount ``tab``'s view if this is the first time it is shown."""
        if tab not in self._unmounted:
            return
        mounting = self._mounting.get(tab)
        if mounting is None:
            pane = self.query_one("#views", TabbedContent).get_pane(tab)
            module, name, widget_id = LATER_VIEWS[tab]
            widget = getattr(importlib.import_module(module), name)(id=widget_id)
            self._hand_filter(tab, widget)
            if tab in ("graph", "character") and self.character is not None:
                widget.character = self.character
            self._views[tab] = widget

            async def mount() -> None:
                await pane.mount(widget)
                # Until now the view is still "unmounted": nothing draws on it half made.
                self._unmounted.discard(tab)

            mounting = self._mounting[tab] = asyncio.ensure_future(mount())
        await mounting

    def _show(self, which: str) -> None:
        """On a narrow screen, show the ``views`` or the ``form`` beside the outline.

        A wide screen shows both, so the choice is only remembered: a class
        changed on the screen restyles every widget on it (a third of a second
        on the sample), which a jump from the palette would pay for nothing.
        """
        self._pane = which
        if self.size.width < WIDE:  # (the -narrow breakpoint)
            self._show_pane()

    def _show_pane(self) -> None:
        self.set_class(self._pane == "views", "-show-views")
        self.set_class(self._pane == "form", "-show-form")

    # -- one paint a frame ------------------------------------------------------------

    _painted_whole_next = False

    def _on_timer_update(self) -> None:
        """A frame: one layout and one paint, where Textual's makes two or three.

        - When a frame both lays the screen out and repaints it whole, Textual paints
          twice: the layout paints what it moved, and the whole screen is painted again
          straight after (a closed palette or dialog, then the jump's or the answer's
          form: 10-20 ms and a second write to the terminal). The layout's own paint is
          skipped when the whole one follows in the same frame.
        - The layout answers every layout asked for before it (_take_pending_layouts,
          _on_layout), and does not ask again for the sizes it gives
          (_forget_sizes_reported); the whole paint answers every repaint asked for
          before it (_take_pending_repaints, _on_update). Each of those was another
          frame a frame later, 20-60 ms each, after an Add, a jump or the first screen.
        """
        frame = self.is_current and not self.app._batch_count
        # (Textual reflows only what shows, not the whole screen, for a scroll with no
        # widget's layout reported: not a layout that answers every request before it.)
        laying_out = bool(frame and self._layout_required
                          and (self._layout_widgets or not self._scroll_required))
        self._painted_whole_next = laying_out and self._repaint_required
        if laying_out:
            self._laid_out_at = _time.get_time()
            if self._painted_whole_next:
                self._painted_whole_at = self._laid_out_at
            self._bars_before = self._take_pending_layouts()
        try:
            super()._on_timer_update()
        finally:
            self._painted_whole_next = False
            self._bars_before = None

    def _take_pending_layouts(self) -> dict[Widget, tuple[bool, bool]]:
        """Fold into this frame's layout the layouts widgets asked for but have not yet
        reported (each reports its own when it next idles, often after the frame); the
        scroll bars each widget shows before the layout (see _forget_sizes_reported).

        Textual would lay the whole screen out again in the next frame for them: the
        footer's keys, the outline, a field refreshed in the same turn as an Add's form
        (a second layout of ~300 widgets, 20-40 ms, and a frame later on screen). What a
        report does, done here: the arrangements it changes are forgotten.
        """
        bars = {}
        for widget in self.walk_children(Widget):
            bars[widget] = _bars(widget)
            if not widget._layout_required:
                continue
            widget._layout_required = False
            for ancestor in widget.ancestors:
                if not isinstance(ancestor, Widget):
                    break
                ancestor._clear_arrangement_cache()
                ancestor._layout_updates += 1
                if not ancestor.styles.auto_dimensions:
                    break
        return bars

    def _forget_sizes_reported(self, bars: dict[Widget, tuple[bool, bool]]) -> None:
        """Forget the layouts the layout itself asked for by giving widgets their sizes.

        Textual stores each widget's laid-out size in ``virtual_size``, a reactive that asks
        for a layout when it changes: a panel, tab or bar that changed size was laid out
        again a frame later, finding the same places (the layout that sized it had placed
        its children in that size). Only a change of a widget's scroll bars (shown or
        hidden: its content region changes) needs that second layout, and keeps it; a
        widget that cannot scroll (a scroll bar, a label) has none. Done once the layout
        is made and before anything is painted: a widget that asks while it is drawn
        (a tree building its lines) is answered as ever.
        """
        for widget in self._compositor.full_map:
            if widget._layout_required and (
                    not widget.is_scrollable or bars.get(widget) == _bars(widget)):
                widget._layout_required = False

    def _screen_resized(self, size: Size) -> None:
        # Textual lays the screen out again for every Resize event, the same size as
        # laid out too (the one the terminal sends at the start, which the first screen
        # was already laid out in): a second layout of every widget for nothing.
        if size != self._compositor.size or not self._compositor.full_map:
            super()._screen_resized(size)

    _laid_out_at = _painted_whole_at = float("-inf")

    async def _on_layout(self, message: messages.Layout) -> None:
        """A widget's layout reported before the whole screen was laid out is in that
        layout (the widget forgot its arrangements before it reported): no second one.
        (Otherwise Textual's handler, the screen's base class's, runs next.)"""
        if message.time <= self._laid_out_at:
            message.stop()
            message.prevent_default()

    async def _on_update(self, message: messages.Update) -> None:
        """The same for a repaint asked for before the screen was painted whole."""
        if message.time <= self._painted_whole_at:
            message.stop()
            message.prevent_default()

    def _take_pending_repaints(self) -> None:
        """The screen is about to be painted whole: what widgets shown asked to repaint
        until now (the scroll bars the layout moved) is in that paint, and needs no frame
        of its own. (A widget that asks while it is drawn is answered as ever.)"""
        for widget in self._compositor.visible_widgets:
            widget._repaint_required = False

    _bars_before: dict[Widget, tuple[bool, bool]] | None = None

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:
            # Held (see ArcroomApp.hold_screen): Textual would render a layout made
            # meanwhile only to drop it unwritten; the frame after the hold paints it.
            self._repaint_required = True
            return
        if self._bars_before is not None:  # the frame's layout is made, nothing painted
            bars, self._bars_before = self._bars_before, None
            self._forget_sizes_reported(bars)
        if self._painted_whole_next:
            if self._repaint_required:
                return  # the layout's paint: the whole screen is painted next (see above)
            self._take_pending_repaints()
        super()._compositor_refresh()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width < WIDE:
            self._show_pane()
        else:  # the views are back beside the form: edits meanwhile drew none
            self._refresh_active_view()

    # -- showing the bible -------------------------------------------------------------

    async def show_bible(self) -> None:
        """Show the app's current bible.

        The outline is brought up to date after every edit: it compares what it
        shows with the bible and changes only the nodes that differ, which costs
        less than knowing which fields it shows (a beat's label is its summary's
        first words).
        """
        app = self.room
        keep = filtering.kept(self.filter_terms, app.bible)
        if keep != self.keep:
            self.keep = keep
        self._one(Outline).keep = self._one(EpisodeGrid).keep = keep
        self.cast = filtering.cast(self.filter_terms, keep, app.bible)
        for tab, view in self._views.items():
            self._hand_filter(tab, view)
        self._one(Outline).rebuild(app.bible, app.story, app.colours)
        self._stale = set(VIEWS)
        self._refresh_active_view()
        await self.show_form()

    async def show_form(self, entity_id: str | None = None) -> bool:
        """Show ``entity_id``'s form (None: show the form's entity again, from the current bible).

        The one way into the form. Requests run one at a time, and one that a
        later request overtook while it waited is skipped: the later one shows
        the latest bible. Returns whether this request is still the latest once
        shown (a caller then moves the focus; an overtaken one leaves it be).
        """
        if entity_id is not None:
            self._form_wanted = entity_id
        self._form_ticket += 1
        ticket = self._form_ticket
        async with self._form_lock:
            if ticket != self._form_ticket:
                return False
            # Read everything now, not when asked: an edit may have landed meanwhile.
            app = self.room
            form = self._one(EntityForm)
            shown = (self._form_wanted or form.entity_id or self._one(Outline).entity_id
                     or SERIES)
            await form.show(app.bible, app.catalog, shown)
            return ticket == self._form_ticket

    @property
    def room(self) -> ArcroomApp:
        """The app, which holds the document and what is derived from it."""
        return cast("ArcroomApp", self.app)

    def _refresh_active_view(self, hidden: bool = False) -> None:
        """Draw the active tab's view if the bible changed since; not while the form
        has the views' place on a narrow screen (``hidden``: even then), as an edit
        typed there would draw what no one sees (they are drawn when shown)."""
        if not self.room.shown:  # (the first show_bible draws the first tab)
            return
        active = self._one(TabbedContent).active
        if active in self._stale and active not in self._unmounted \
                and (hidden or self.views_shown):
            self._stale.discard(active)
            app = self.room
            view: Any = self._one(Board) if active == "episodes" else self._views[active]
            view.show(app.bible, app.story, app.colours)

    def show_problems(self, diagnostics: list[Diagnostic]) -> None:
        self._one(ProblemsPanel).show(diagnostics)
        self._one(EpisodeGrid).mark_problems({d.entity for d in diagnostics if d.entity})

    def show_check_failure(self, message: str) -> None:
        self._one(ProblemsPanel).show_failure(message)

    @property
    def selected(self) -> str | None:
        """The entity the form shows, else the one under the outline's cursor."""
        return self._one(EntityForm).entity_id or self._one(Outline).entity_id

    # -- jumping around ----------------------------------------------------------------

    async def open_entity(self, entity_id: str, field: str | None = None) -> None:
        """Select ``entity_id`` in the outline and show its form (focusing ``field``)."""
        app = self.room
        if lookup(app.bible, entity_id) is None:
            self.notify(f"{entity_id} is not in the plan", severity="warning")
            return
        form = self._one(EntityForm)
        # All in one frame when the kind's form is built (each frame redraws, and a focus
        # moved redraws the whole screen); else the loading indicator shows meanwhile.
        ready = kind_of(lookup(app.bible, entity_id)) in form.pages_built  # type: ignore[arg-type]
        with self.app.batch_update() if ready else contextlib.nullcontext():
            self._one(Outline).select_entity(entity_id, quiet=True)
            self._show("form")
            if not await self.show_form(entity_id):
                return  # another request overtook this one: it decides what is shown
            entity = app.bible.entity(entity_id)
            if isinstance(entity, Beat):
                if self._one(TabbedContent).active == "episodes":
                    # Its cursor goes to the beat's card, where the bible has it now.
                    self._refresh_active_view(hidden=True)
                self._one(EpisodeGrid).select_beat(entity_id)
            self._follow_character(entity_id)
            if not form.focus_field(field):
                form.focus_field()

    @on(Tree.NodeHighlighted, "#outline")
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        entity_id = self._one(Outline).entity_id
        if entity_id is not None:
            self._show_highlighted(entity_id)

    @work(group="form")
    async def _show_highlighted(self, entity_id: str) -> None:
        # Not exclusive: a cancelled build would leave the form half made. Requests that
        # pile up are skipped by show_form, so a burst of arrows builds only the last.
        if await self.show_form(entity_id):
            self._follow_character(entity_id)

    def _follow_character(self, entity_id: str) -> None:
        """A character chosen anywhere is the one the timeline and the graph's path show."""
        if entity_id not in self.room.bible.characters:
            return
        self.character = entity_id
        timeline: CharacterTimeline | None = self.view("character")
        if timeline is not None:
            timeline.character = entity_id
        self._stale.add("character")
        graph: GraphView | None = self.view("graph")
        if graph is not None and graph.character != entity_id:
            graph.character = entity_id
            if graph.view == "character":
                self._stale.add("graph")
        self._refresh_active_view()

    @on(Tree.NodeSelected, "#outline")
    async def _selected(self, event: Tree.NodeSelected[str]) -> None:
        entity_id = self.query_one(Outline).entity_id
        if entity_id is None:
            event.node.toggle()
            return
        await self.open_entity(entity_id)

    # The views made later send their messages to handlers found by name (Textual's
    # on_<widget>_<message>): @on would need their classes, so their modules, now.

    @on(EpisodeGrid.BeatChosen)
    async def _beat_chosen(
        self, event: EpisodeGrid.BeatChosen | CharacterTimeline.BeatChosen
    ) -> None:
        await self.open_entity(event.beat_id)

    async def on_character_timeline_beat_chosen(self, event: CharacterTimeline.BeatChosen) -> None:
        await self._beat_chosen(event)

    @on(EpisodeGrid.MoveCard)
    async def _move_card(self, event: EpisodeGrid.MoveCard) -> None:
        outline = self.query_one(Outline)
        followed = outline.entity_id == event.beat_id
        if await self.room.move_card(event.beat_id, event.how, event.step, event.target):
            self.query_one(EpisodeGrid).select_beat(event.beat_id)
            if followed:  # the outline's cursor goes with the beat, into another arc too
                outline.select_entity(event.beat_id, quiet=True)

    async def on_factions_view_entity_chosen(self, event: FactionsView.EntityChosen) -> None:
        await self.open_entity(event.entity_id)

    async def on_graph_view_node_chosen(self, event: GraphView.NodeChosen) -> None:
        await self.open_entity(event.entity_id)

    @on(ProblemsPanel.Chosen)
    async def _problem_chosen(self, event: ProblemsPanel.Chosen) -> None:
        await self.jump_to_problem(event.diagnostic)

    async def jump_to_problem(self, diagnostic: Diagnostic) -> None:
        app = self.room
        entity_id = diagnostic.entity
        if entity_id is None or app.bible.entity(entity_id) is None:
            self.notify(f"{diagnostic.file}:{diagnostic.line}: {diagnostic.message}")
            return
        await self.open_entity(entity_id, field_at(app.bible.entity(entity_id), diagnostic))

    @on(EntityForm.Edited)
    async def _edited(self, event: EntityForm.Edited) -> None:
        event.stop()
        if not await self.room.edit_field(event.entity_id, event.field, event.value):
            # Refused (the toast says why): show the bible's value again, so that leaving
            # the field does not send the same refused edit once more.
            self.query_one(EntityForm).restore(event.field)

    @on(TabbedContent.TabActivated, "#views")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        await self._mount_view(event.pane.id or "")
        if self.room.shown:  # the first tab is filled by the first show_bible, once
            self._refresh_active_view()

    # -- actions -----------------------------------------------------------------------

    async def action_show_view(self, view: str) -> None:
        self._show("views")
        tabs = self.query_one("#views", TabbedContent)
        if view:
            tabs.active = view
        if tabs.active in self._unmounted:  # shown for the first time: its widgets first
            wanted = tabs.active
            await self._mount_view(wanted)
            # Meanwhile a focus still in the old tab (just back from a dialog) may have
            # switched back to that tab: this key asked for this one.
            tabs.active = wanted
        self._refresh_active_view()
        pane = tabs.get_pane(tabs.active)
        focusable = pane.query("DataTable, GraphCanvas, EpisodeGrid").first()
        focusable.focus()

    def action_show_form(self) -> None:
        self._show("form")
        self.query_one(EntityForm).focus()

    def action_focus_outline(self) -> None:
        self.query_one(Outline).focus()

    async def action_clear_filter_or_outline(self) -> None:
        """Escape: clear the filter when one is on, else go back to the outline."""
        if self.filter_terms:
            await self.set_filter("")
        else:
            self.action_focus_outline()

    @work(group="edit", exclusive=True)
    async def action_filter(self) -> None:
        current = ", ".join(t.label.strip("“”") if t.kind != "tag" else f"#{t.value}"
                            for t in self.filter_terms)
        from tui.screens.dialogs import Ask, AskForm  # (the first screen shows no dialog)

        answer = await self.app.push_screen_wait(AskForm(
            "Filter the board, the graph, the outline and the tabs",
            [Ask("query", "show", current,
                 placeholder="a character, faction or arc by name, #tag, or words")],
            ok="Filter",
            message="Commas join terms (each must match). Escape on the editor clears it.",
        ))
        if answer is not None:
            await self.set_filter(answer["query"])

    async def set_filter(self, query: str) -> None:
        """Narrow the board, the graph, the outline, the factions and the character
        timeline to the beats ``query`` matches."""
        app = self.room
        self.filter_terms = filtering.parse(query, app.bible)
        chips = self.query_one("#filter-chips", Static)
        chips.update(f"filter: {filtering.chips(self.filter_terms)}   (esc clears)"
                     if self.filter_terms else "")
        chips.display = bool(self.filter_terms)
        views = self.query_one("#views", TabbedContent)
        views.loading = True  # every view and the outline are redrawn: show that it is coming
        try:
            await self.show_bible()
        finally:
            views.loading = False
        kept = len(self.keep) if self.keep is not None else len(app.bible.beats)
        self.notify(f"Showing {kept} of {len(app.bible.beats)} beats" if self.filter_terms
                    else "Filter cleared: every beat is shown", timeout=3)

    def action_focus_problems(self) -> None:
        self.query_one("#problems-table").focus()

    async def action_next_problem(self) -> None:
        panel = self.query_one(ProblemsPanel)
        if not panel.diagnostics:
            self.notify("No problems: the plan is consistent")
            return
        index = (panel.cursor_index + 1) % len(panel.diagnostics)  # (the panel is paged)
        panel.move_to(index)
        await self.jump_to_problem(panel.diagnostics[index])


def field_at(entity: object, diagnostic: Diagnostic) -> str | None:
    """The field of ``entity`` whose text holds the diagnostic's position, if any."""
    from story_bible.reading.nodes import Mapping

    node = getattr(entity, "node", None)
    if not isinstance(node, Mapping):
        return None
    for name, (key_node, value_node) in node.entries.items():
        start = (key_node.line, key_node.column)
        end = (value_node.end_line, value_node.end_column)
        if start <= (diagnostic.line, diagnostic.column) <= end:
            return "seasons" if name == "season" and not isinstance(entity, Relation) else name
    return None


def _bars(widget: Widget) -> tuple[bool, bool]:
    """Which of its scroll bars ``widget`` shows: (vertical, horizontal)."""
    return widget.show_vertical_scrollbar, widget.show_horizontal_scrollbar
