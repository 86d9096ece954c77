"""The form of the selected entity: a labelled input for every field of format v1.

It reads as the writers name things: the heading gives the entity's name or
title (its id on the line below), and references to characters, factions and
arcs show names (:func:`tui.form_fields.shown_text`); typed, a name or an id
both become the id.

The form edits nothing itself. When a field is left or submitted with a
valid value that differs from the bible's, it posts :class:`EntityForm.Edited`;
the app applies the edit through the edit API and shows the bible again, and
the form then updates its widgets in place (focus and cursor stay put).

Each kind has a page of widgets (:class:`FormPage`), built when first needed
or in the background soon after the first screen, and kept: another entity,
of any kind, is shown by showing its kind's page and setting the values in
place (mounting a form's fifty widgets was most of a jump's time). A message
from a widget of a page no longer shown, or sent before the form moved to
the entity it shows (an ``Input.Changed`` or a blur that arrives late), is
dropped, never applied to the entity shown now. :meth:`EntityForm.show` is
not safe to run twice at once; the editor screen serializes it
(``EditorScreen.show_form``).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import _time, events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea
from textual.widgets.text_area import Document, WrappedDocument

from story_bible.model import STANCES, Beat, Bible, Entity, Relation, Season, Series
from tui.form_fields import (
    FIELDS,
    Catalog,
    Field,
    Invalid,
    current_text,
    current_value,
    fields_of,
    kind_of,
    lookup,
    parse,
    shown_text,
    written_text,
)
from tui.widgets.episode_grid import title_line
from tui.widgets.inputs import (
    FieldArea,
    FieldInput,
    FieldSelect,
    FieldSwitch,
    FieldValidator,
    IdSuggester,
)
from tui.widgets.outline import relation_label

FieldWidget = FieldInput | FieldArea | FieldSwitch | FieldSelect


class FormArea(FieldArea):
    """A form's text area: wrapped, before its first layout, at the width a shown one has.

    A page hidden until this frame has no region yet, so Textual would wrap its new
    text at width 0 (one line per paragraph); the layout then gives it one line, the
    text re-wraps at its real width, asks for another layout, and its scrollbar
    comes and goes for a third: three redraws of the screen for one jump. Every
    form's text areas have the same width (the form's, less the labels), so the
    width of the last one laid out is the right guess, and the first layout is the last.
    """

    #: The wrap width of the text area last laid out (0: none yet).
    laid_out_width: ClassVar[int] = 0

    @property
    def wrap_width(self) -> int:
        width = super().wrap_width
        if width > 0:
            FormArea.laid_out_width = width
            return width
        return FormArea.laid_out_width

    def load_text(self, text: str) -> None:
        self._fit(text)
        super().load_text(text)

    def on_mount(self) -> None:
        # Decided now for a field no entity shown yet has filled (loaded with nothing, it
        # is never loaded): otherwise its first layout decides, and asks for another.
        self._fit(self.text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._fit(self.text):  # typed past its most lines (or back within them)
            self.call_after_refresh(self.scroll_cursor_visible)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(self.text)  # (wrapped at another width)

    def _fit(self, text: str) -> bool:
        """Mark whether ``text`` fits within the area's most lines; True if that changed.

        Text that fits has no scrollbar to decide ("-fits": overflow hidden). Loaded into
        an area with "auto", the scrollbar was decided at once against the height the area
        had before the layout (the last entity's text's): text taller than that showed it,
        the layout that then grew the area to the text hid it, and asked for a second
        layout of the whole screen. Text taller than the most lines scrolls as before.
        """
        limit, width = self.styles.max_height, self.wrap_width
        if limit is None or not limit.is_cells:
            return False
        fits = False  # (the width not known yet: decided as before, by the layout)
        if width > 0:
            wrapped = WrappedDocument(Document(text), tab_width=self.indent_width)
            wrapped.wrap(width, self.indent_width)
            fits = wrapped.height <= limit.value - self.styles.gutter.height
        if fits == self.has_class("-fits"):
            return False
        self.set_class(fits, "-fits")
        return True


def _laid_out_size() -> Reactive[Size]:
    """``virtual_size`` for a form widget that is not a scroll view: set, by the layout
    that sized it, without asking for another layout.

    Textual stores every widget's new size after a layout in ``virtual_size``, a reactive
    that asks for a layout (and a repaint) when it changes: a jump whose heading, text
    area or page changed height was laid out twice, the second time for nothing (the
    first already placed everything; the second, a whole-screen reflow, found the same).
    These widgets' own sizes come from their content and children, never from this
    value (a scroll view's do, and keep Textual's), so the first layout is the last.
    """
    return Reactive(Size(0, 0), layout=False, repaint=False)


class FormHeading(Static):
    """The heading of a page (see :func:`_laid_out_size`)."""

    virtual_size = _laid_out_size()


class FieldError(Static):
    """A field's error line, shown only while it has one (see :func:`_laid_out_size`)."""

    virtual_size = _laid_out_size()


class FieldLabel(Label):
    """A field's label (see :func:`_laid_out_size`: sized the first time its page shows)."""

    virtual_size = _laid_out_size()


class FormSwitch(FieldSwitch):
    """A form's true/false field (see :func:`_laid_out_size`, as :class:`FieldLabel`)."""

    virtual_size = _laid_out_size()


class FieldRow(Horizontal):
    """A field's label and body (see :func:`_laid_out_size`)."""

    virtual_size = _laid_out_size()


class FieldBody(Vertical):
    """A field's widget and error line (see :func:`_laid_out_size`)."""

    virtual_size = _laid_out_size()


class FormPage(Vertical):
    """One kind's heading and labelled fields, built once and kept: shown for any
    entity of that kind, hidden while the form shows another kind."""

    DEFAULT_CSS = """
    FormPage { height: auto; }
    FormPage > #form-heading { margin: 0 0 1 0; }
    """

    virtual_size = _laid_out_size()

    def __init__(self, kind: str, fields: tuple[Field, ...], catalog: Catalog) -> None:
        self.kind = kind
        self.names = tuple(f.name for f in fields)
        self.heading = FormHeading("", id="form-heading")
        self.shown_heading = Text()
        #: The field widgets and error lines, by field name.
        self.fields: dict[str, FieldWidget] = {}
        self.errors: dict[str, Static] = {}
        rows = [self._row(field, catalog) for field in fields]
        super().__init__(self.heading, *rows, id=f"page-{kind}")

    def _row(self, field: Field, catalog: Catalog) -> FieldRow:
        required = " -required" if field.required else ""
        label = FieldLabel(field.label, classes="field-label" + required)
        widget = self.fields[field.name] = _widget(field, catalog)
        error = FieldError("", classes="field-error", id=f"error-{field.name}")
        self.errors[field.name] = error
        body = FieldBody(widget, error, classes="field-body")
        return FieldRow(label, body, classes="field-row", id=f"row-{field.name}")


class EntityForm(VerticalScroll):
    """Shows one entity's fields; posts :class:`Edited` when a field's value is changed."""

    DEFAULT_CSS = """
    EntityForm {
        padding: 0 1;
        background: $surface;
    }
    EntityForm > #form-empty { color: $text-muted; margin: 1 0; }
    EntityForm .field-row { height: auto; }
    EntityForm .field-label { width: 13; color: $text-muted; padding: 0 1 0 0; }
    EntityForm .field-label.-required { color: $text; text-style: bold; }
    EntityForm .field-body { height: auto; width: 1fr; }
    EntityForm .field-error { color: $error; height: auto; display: none; }
    EntityForm .field-error.-shown { display: block; }
    /* Scrolled to its cursor all the same (Textual forces that scroll); not "auto", whose
       scrollbar (of size 0) turning on and off with a value's length costs another layout
       of the whole screen on a jump. */
    EntityForm FieldInput { background: $boost; overflow-x: hidden; }
    EntityForm FieldArea {
        height: auto; max-height: 6; min-height: 1; padding: 0; background: $boost;
    }
    EntityForm FormArea.-fits { overflow-y: hidden; }
    EntityForm FieldSwitch, EntityForm FieldSwitch:focus {
        border: none; height: 1; padding: 0; background: transparent;
    }
    EntityForm FieldSwitch:focus > .toggle--label { text-style: bold underline; }
    EntityForm FieldSelect { width: 1fr; }
    """

    # (Its scrollbars follow a new height all the same: Textual updates them apart.)
    virtual_size = _laid_out_size()

    #: Seconds after the form first shows something until the kinds' pages not yet
    #: built are built in the background (None: each only when first needed).
    PREBUILD_AFTER: ClassVar[float | None] = 1.0
    #: The order they are built in: what a writer opens most first.
    PREBUILD_ORDER: ClassVar[tuple[str, ...]] = (
        "beat", "character", "arc", "faction", "season", "relation", "status", "series")

    class Edited(Message):
        """A field was given a new, valid value (``None`` removes the key)."""

        def __init__(self, entity_id: str, field: str, value: Any) -> None:
            super().__init__()
            self.entity_id = entity_id
            self.field = field
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entity_id: str | None = None
        self.kind: str | None = None
        self._entity: Entity | Series | None = None
        self._catalog: Catalog | None = None
        #: The text field last focused (its typing is applied even if the form moves on).
        self._editing: FieldInput | FieldArea | None = None
        #: What the shown page's values are of, set once they all are: ``(id, kind)``.
        self._built: tuple[str, str] | None = None
        #: Every kind's page built so far, by kind; the one shown; its fields.
        self._pages: dict[str, FormPage] = {}
        self._page: FormPage | None = None
        self._fields: dict[str, FieldWidget] = {}
        self._errors: dict[str, Static] = {}
        #: Pages being mounted, by kind (a show waits for the background's build).
        self._building: dict[str, asyncio.Task[FormPage]] = {}
        self._empty = Static("", id="form-empty")
        #: When the form last moved to another entity: a message sent before is stale.
        self._since = 0.0
        self._prebuild_planned = False

    def compose(self) -> ComposeResult:
        yield self._empty

    async def show(self, bible: Bible, catalog: Catalog, entity_id: str | None) -> None:
        """Show ``entity_id`` of ``bible``; the same entity again updates values in place."""
        entity = lookup(bible, entity_id)
        kind = kind_of(entity) if entity is not None else None
        if (entity is not None and kind is not None and entity_id is not None
                and self._built == (entity_id, kind) and self._page is not None):
            self._entity, self._catalog = entity, catalog
            self._update_values(entity, catalog)
            self._set_heading(_heading(bible, entity))
            return
        # What was typed in the last field still counts: apply it before the form moves on.
        if self._editing is not None:
            editing, self._editing = self._editing, None
            if self._current(editing):
                self._apply(editing.field, _typed(editing))
        self._since = _time.get_time()
        # From here until the values are the new entity's the form has no current build:
        # late messages from the old widgets are dropped.
        # The old page's fields are no longer the form's (a blur meanwhile is not applied
        # to the new entity); its page stays on screen until the new one replaces it.
        self._built, self._fields, self._errors = None, {}, {}
        self.entity_id, self.kind, self._entity, self._catalog = entity_id, kind, entity, catalog
        self._plan_prebuild()
        if entity is None or kind is None or entity_id is None:
            self._switch(None)
            self._empty.update(f"{entity_id} is no longer in the plan." if entity_id else "")
            return
        fields = fields_of(entity)
        page = self._pages.get(kind)
        # (Asked now: the loading indicator takes the focus from the fields under it.)
        writing = self._page is not None and self._focus_in(self._page)
        if page is None or page.names != tuple(f.name for f in fields):
            # A kind's first form takes a few frames to build: show that it is coming, in
            # place of the form shown (the editor's first screen has none: its form is
            # built with that screen and drawn with it, no indicator put up and taken down).
            self.loading = self._page is not None
            try:
                page = await self._build(kind, fields, catalog)
            finally:
                self.loading = False
            if not (self.is_attached and page.parent is self):
                return  # the app ended while the page was built (quit at the first screen)
        self._switch(page, writing)
        self._fill(bible, catalog, entity)
        self._built = (entity_id, kind)

    async def _build(self, kind: str, fields: tuple[Field, ...], catalog: Catalog) -> FormPage:
        """``kind``'s page for ``fields``, mounted (hidden) now, or by the background."""
        names = tuple(f.name for f in fields)
        while (pending := self._building.get(kind)) is not None:
            await asyncio.shield(pending)
        page = self._pages.get(kind)
        if page is not None and page.names == names:
            return page
        task = self._building[kind] = asyncio.ensure_future(self._mount_page(kind, fields, catalog))
        task.add_done_callback(partial(self._built_page, kind))
        return await asyncio.shield(task)

    def _built_page(self, kind: str, done: asyncio.Task[FormPage]) -> None:
        if self._building.get(kind) is done:
            del self._building[kind]
        if not done.cancelled():
            done.exception()  # seen (a show awaiting it raises it; a cancelled one cannot)

    async def _mount_page(self, kind: str, fields: tuple[Field, ...], catalog: Catalog) -> FormPage:
        stale = self._pages.pop(kind, None)  # built for another field table
        if stale is not None:
            if stale is self._page:
                self._switch(None)
            await stale.remove()
        page = FormPage(kind, fields, catalog)
        page.display = False
        await self.mount(page)
        self._pages[kind] = page
        return page

    def _plan_prebuild(self) -> None:
        if not self._prebuild_planned and self.PREBUILD_AFTER is not None:
            self._prebuild_planned = True
            self.set_timer(self.PREBUILD_AFTER, self._prebuild)

    @work(group="form-prebuild", exclusive=True)
    async def _prebuild(self) -> None:
        """Build every kind's page not built yet, one by one, in the background: the
        first jump to a character or an arc then only swaps pages (a page is most
        of a jump's time, Textual styling and mounting its fifty widgets)."""
        for kind in self.PREBUILD_ORDER:
            catalog = self._catalog
            if catalog is None or not self.is_attached:
                return
            if kind not in self._pages:
                await self._build(kind, FIELDS[kind], catalog)
            await asyncio.sleep(0.05)  # let keys and redraws in between

    def _focus_in(self, page: FormPage) -> bool:
        focused = self.screen.focused if self.is_attached else None
        return focused is not None and page in focused.ancestors

    def _switch(self, page: FormPage | None, writing: bool | None = None) -> None:
        """Show ``page`` (None: the message that there is nothing to show); ``writing``:
        whether the focus was in the page shown until now (None: ask)."""
        old = self._page
        self._page = page
        self._fields, self._errors = (page.fields, page.errors) if page else ({}, {})
        if old is not page:
            if writing is None:
                writing = old is not None and self._focus_in(old)
            if page is not None:
                page.display = True
                if self.children and self.children[0] is not page:
                    # First, so that ``query_one("#field-at")`` finds the page shown.
                    self.move_child(page, before=0)
            if old is not None:
                if writing:
                    # Not a hidden field: the new page's first (the old one's late blur is
                    # dropped, stale). Not the form itself: focusing a widget restyles it
                    # and everything in it, every page, a quarter of a second.
                    first = next(iter(self._fields.values()), None)
                    self.screen.set_focus(first)
                old.display = False
        self._empty.display = page is None

    def _fill(self, bible: Bible, catalog: Catalog, entity: Entity | Series) -> None:
        """Give the shown page ``entity``'s values, choices and heading, without errors."""
        assert self._page is not None
        for widget in self._fields.values():
            if isinstance(widget, FieldInput) and isinstance(widget.suggester, IdSuggester):
                widget.suggester.catalog = catalog
            elif isinstance(widget, FieldSelect):
                options = _options(entity, widget.field, catalog)
                if options != widget.choices:  # (new choices rebuild its list)
                    widget.choices = options
                    with widget.prevent(Select.Changed):
                        widget.set_options(options)
            self._show_error(widget.field, None)
        self._update_values(entity, catalog)
        self._set_heading(_heading(bible, entity))
        self.scroll_home(animate=False)

    def _set_heading(self, heading: Text) -> None:
        assert self._page is not None
        if heading != self._page.shown_heading:  # (an update asks for a new layout)
            self._page.shown_heading = heading
            self._page.heading.update(heading)

    @property
    def pages_built(self) -> frozenset[str]:
        """The kinds whose page is built (kept, shown or not)."""
        return frozenset(self._pages)

    @property
    def is_built(self) -> bool:
        """Whether the form shows its entity's fields (no build or update under way)."""
        return self._built is not None

    def field(self, name: str) -> FieldWidget | None:
        """The widget of field ``name`` of the form shown (None: it has no such field)."""
        return self._fields.get(name)

    def _current(self, widget: Widget, message: Message | None = None) -> bool:
        """Whether ``widget`` is a field of the form as shown now (not a stale one), and
        ``message`` was sent since the form shows its entity."""
        field = getattr(widget, "field", None)
        return (field is not None and self._fields.get(field.name) is widget
                and (message is None or message.time >= self._since))

    def _update_values(
        self, entity: Entity | Series, catalog: Catalog, only: Widget | None = None
    ) -> None:
        widgets = [only] if only is not None else list(self._fields.values())
        for widget in widgets:
            if isinstance(widget, FieldInput):
                text = shown_text(entity, widget.field, catalog)
                widget.validators[0] = FieldValidator(widget.field, catalog)
                if widget.value != text:
                    with widget.prevent(Input.Changed):
                        widget.value = text
                self._show_error(widget.field, None)
            elif isinstance(widget, FieldArea):
                text = current_text(entity, widget.field)
                if widget.text != text:
                    widget.load_text(text)
            elif isinstance(widget, FieldSwitch):
                with widget.prevent(Checkbox.Changed):
                    widget.value = bool(current_value(entity, widget.field))
            elif isinstance(widget, FieldSelect):
                value = current_value(entity, widget.field)
                with widget.prevent(Select.Changed):
                    widget.value = value if value is not None else Select.NULL

    def restore(self, name: str) -> None:
        """Show field ``name`` as the bible has it (after an edit of it was refused)."""
        widget = self._fields.get(name)
        if widget is not None and self._entity is not None and self._catalog is not None:
            self._update_values(self._entity, self._catalog, only=widget)

    def focus_field(self, name: str | None = None) -> bool:
        """Put the cursor in field ``name`` (a problem's field), or the first field.

        False if the form has no such field (or no fields at all).
        """
        widget = self._fields.get(name) if name else next(iter(self._fields.values()), None)
        if widget is None:
            return False
        widget.focus()
        self.call_after_refresh(self._scroll_to_field, widget)
        return True

    def _scroll_to_field(self, widget: Widget) -> None:
        if widget.is_attached and self._current(widget):
            self.scroll_to_widget(widget, animate=False)

    def _show_error(self, field: Field, message: str | None) -> None:
        error = self._errors.get(field.name)
        if error is None:  # the form moved on meanwhile: nothing of it is shown
            return
        if (message or "") == getattr(error, "shown", ""):
            return  # as it is (an update asks for a new layout of the screen)
        error.shown = message or ""  # type: ignore[attr-defined]
        error.update(message or "")
        error.set_class(bool(message), "-shown")

    def _apply(self, field: Field, text: str) -> None:
        entity, catalog = self._entity, self._catalog
        if entity is None or catalog is None or self.entity_id is None:
            return
        if text.strip() == shown_text(entity, field, catalog).strip():
            self._show_error(field, None)
            return
        try:
            value = parse(field, text, catalog)
        except Invalid as exc:
            self._show_error(field, str(exc))
            return
        self._show_error(field, None)
        if field.kind in ("refs", "changes") and written_text(field, value) == current_text(
            entity, field
        ):
            # The same ids, typed another way (by id, another case): nothing to write;
            # the field reads as it did.
            self.restore(field.name)
            return
        self.post_message(self.Edited(self.entity_id, field.name, value))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FieldInput | FieldArea) and self._current(event.widget):
            self._editing = event.widget

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            if not self._current(event.input, event):
                return
            result = event.validation_result
            failure = None if result is None or result.is_valid else result.failure_descriptions[0]
            self._show_error(event.input.field, failure)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            if self._current(event.input, event):
                self._apply(event.input.field, event.value)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            if self._current(event.input, event):
                self._apply(event.input.field, event.value)

    def on_field_area_left(self, event: FieldArea.Left) -> None:
        event.stop()
        if self._current(event.area, event):
            self._apply(event.area.field, event.area.text)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if isinstance(event.checkbox, FieldSwitch):
            event.stop()
            if self.entity_id is not None and self._current(event.checkbox, event):
                self.post_message(
                    self.Edited(self.entity_id, event.checkbox.field.name, event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.select, FieldSelect):
            event.stop()
            if self.entity_id is None or not self._current(event.select, event):
                return
            value = None if event.value is Select.NULL else event.value
            field = event.select.field
            if self._entity is not None and value == current_value(self._entity, field):
                return
            self.post_message(self.Edited(self.entity_id, event.select.field.name, value))


def _typed(widget: FieldInput | FieldArea) -> str:
    return widget.value if isinstance(widget, FieldInput) else widget.text


def _widget(field: Field, catalog: Catalog) -> FieldWidget:
    """``field``'s widget, empty (a page is built before it shows an entity)."""
    if field.kind == "flag":
        return FormSwitch(field, False)
    if field.kind == "long":
        return FormArea(field, "")
    if field.kind == "stance":
        return FieldSelect(field, _options(None, field, catalog), None, "stance")
    if field.kind == "ref":
        prompt = "(default: human)" if field.name == "status" else "(none)"
        return FieldSelect(field, _options(None, field, catalog), None, prompt)
    return FieldInput(field, catalog, "")


def _options(
    entity: Entity | Series | None, field: Field, catalog: Catalog
) -> list[tuple[str, str]]:
    """A select's choices: what exists, and the written value even when it does not."""
    options = ([(s, s) for s in STANCES] if field.kind == "stance"
               else catalog.choices(field.target or ""))
    value = current_value(entity, field) if entity is not None else None
    if value is not None and value not in {v for _, v in options}:
        options = [*options, (f"{value} (unknown)", value)]
    return options


#: A beat's title in the form's heading is cut at this many cells.
TITLE_WIDTH = 80


def _heading(bible: Bible, entity: Entity | Series) -> Text:
    """What the form shows: the kind, then the entity as writers name it; its id and
    where it is on the line below."""
    if isinstance(entity, Series):
        return _overview(bible)
    kind = kind_of(entity)
    text = Text.assemble((f" {kind.upper()} ", "reverse bold"), " ")
    if isinstance(entity, Relation):
        text.append_text(relation_label(entity, bible))
    else:
        text.append(_title(entity), style="bold")
    detail = f"id {entity.id}"
    if isinstance(entity, Beat):
        arc = bible.arcs.get(entity.arc)
        detail = f"in {arc.title if arc and arc.title else entity.arc} at {entity.at} · {detail}"
    text.append(f"\n{detail}", style="dim")
    if isinstance(entity, Beat):
        text.append("  (m moves it)", style="dim italic")
    return text


def _title(entity: Entity) -> str:
    """An entity as writers name it: a beat by its summary's first words."""
    if isinstance(entity, Beat):
        return title_line(entity, TITLE_WIDTH)
    if isinstance(entity, Season):
        return f"{entity.id} {entity.title}".strip()
    name = getattr(entity, "name", None) or getattr(entity, "title", None)
    return str(name) if name else entity.id


def _overview(bible: Bible) -> Text:
    """The series form's heading: the plan in numbers, and where to start."""
    episodes = sum(s.episodes for s in bible.seasons.values())
    counts = [
        (len(bible.seasons), "season"), (episodes, "episode"), (len(bible.arcs), "arc"),
        (len(bible.beats), "beat"), (len(bible.characters), "character"),
        (len(bible.factions), "faction"),
    ]
    text = Text.assemble((" SERIES ", "reverse bold"), " ", (bible.series.title, "bold"), "\n")
    text.append(" · ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in counts))
    text.append(
        "\nChoose anything in the outline (↑ ↓ enter), or find it by name with ctrl+p.",
        style="dim",
    )
    return text
