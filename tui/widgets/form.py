"""The form of the selected entity: a labelled input for every field of format v1.

The form edits nothing itself. When a field is left or submitted with a valid
value that differs from the bible's, it posts :class:`EntityForm.Edited`;
the app applies the edit through the edit API and shows the bible again, and
the form then updates its widgets in place (focus and cursor stay put).

Every rebuild is a new generation: the form knows the field widgets it built
last, and a message from a widget of an older build (an ``Input.Changed`` or
a blur that arrives after the form moved on) is dropped, never applied to the
entity shown now. Another entity of the same kind (beat after beat) reuses
the widgets, their values set in place (mounting a form's fifty widgets is
most of a jump's time); a message a widget sent before the form moved on is
dropped just the same, by its time. :meth:`EntityForm.show` is not safe to run twice at once;
the editor screen serializes it (``EditorScreen.show_form``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import _time, events
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from story_bible.model import STANCES, Beat, Bible, Entity, Series
from tui.form_fields import (
    Catalog,
    Field,
    Invalid,
    current_text,
    current_value,
    fields_of,
    kind_of,
    lookup,
    parse,
)
from tui.widgets.inputs import (
    FieldArea,
    FieldInput,
    FieldSelect,
    FieldSwitch,
    FieldValidator,
    IdSuggester,
)

FieldWidget = FieldInput | FieldArea | FieldSwitch | FieldSelect


class EntityForm(VerticalScroll):
    """Shows one entity's fields; posts :class:`Edited` when a field's value is changed."""

    DEFAULT_CSS = """
    EntityForm {
        padding: 0 1;
        background: $surface;
    }
    EntityForm > #form-heading { margin: 0 0 1 0; }
    EntityForm > #form-empty { color: $text-muted; margin: 1 0; }
    EntityForm .field-row { height: auto; }
    EntityForm .field-label { width: 13; color: $text-muted; padding: 0 1 0 0; }
    EntityForm .field-label.-required { color: $text; text-style: bold; }
    EntityForm .field-body { height: auto; width: 1fr; }
    EntityForm .field-error { color: $error; height: auto; display: none; }
    EntityForm .field-error.-shown { display: block; }
    EntityForm FieldInput { background: $boost; }
    EntityForm FieldArea {
        height: auto; max-height: 6; min-height: 1; padding: 0; background: $boost;
    }
    EntityForm FieldSwitch, EntityForm FieldSwitch:focus {
        border: none; height: 1; padding: 0; background: transparent;
    }
    EntityForm FieldSwitch:focus > .toggle--label { text-style: bold underline; }
    EntityForm FieldSelect { width: 1fr; }
    """

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
        #: What the widgets were built for, set once they are all mounted: ``(id, kind)``.
        self._built: tuple[str, str] | None = None
        #: The field widgets and error lines of the current build, by field name.
        self._fields: dict[str, FieldWidget] = {}
        self._errors: dict[str, Static] = {}
        self._heading: Static | None = None
        #: When the form last moved to another entity: a message sent before is stale.
        self._since = 0.0

    async def show(self, bible: Bible, catalog: Catalog, entity_id: str | None) -> None:
        """Show ``entity_id`` of ``bible``; the same entity again updates values in place."""
        entity = lookup(bible, entity_id)
        kind = kind_of(entity) if entity is not None else None
        if (entity is not None and kind is not None and entity_id is not None
                and self._built == (entity_id, kind) and self._heading is not None):
            self._entity, self._catalog = entity, catalog
            self._update_values(entity, catalog)
            self._heading.update(_heading(bible, entity))
            return
        # What was typed in the last field still counts: apply it before the form moves on.
        if self._editing is not None:
            editing, self._editing = self._editing, None
            if self._current(editing):
                self._apply(editing.field, _typed(editing))
        self._since = _time.get_time()
        if (entity is not None and kind is not None and entity_id is not None
                and self._built is not None and self._built[1] == kind
                and self._heading is not None
                and list(self._fields) == [f.name for f in fields_of(entity)]):
            self._reuse(bible, catalog, entity_id, kind, entity)
            return
        # From here until the new widgets are mounted the form has no current build:
        # late messages from the old widgets are dropped, and an interrupted show is
        # rebuilt in full next time rather than "updated in place".
        self._built, self._fields, self._errors, self._heading = None, {}, {}, None
        self.entity_id, self.kind, self._entity, self._catalog = entity_id, kind, entity, catalog
        # Building another kind's form takes a few frames: show that it is coming.
        self.loading = True
        try:
            await self._build(bible, catalog, entity_id, kind, entity)
        finally:
            self.loading = False

    async def _build(self, bible: Bible, catalog: Catalog, entity_id: str | None,
                     kind: str | None, entity: Entity | Series | None) -> None:
        await self.remove_children()
        if entity is None or kind is None or entity_id is None:
            message = f"{entity_id} is no longer in the plan." if entity_id else ""
            await self.mount(Static(message, id="form-empty"))
            return
        heading = Static(_heading(bible, entity), id="form-heading")
        widgets: list[Widget] = [heading]
        fields: dict[str, FieldWidget] = {}
        errors: dict[str, Static] = {}
        for field in fields_of(entity):
            widgets.append(self._row(entity, field, catalog, fields, errors))
        await self.mount_all(widgets)
        self._built, self._fields, self._errors, self._heading = (
            (entity_id, kind), fields, errors, heading)
        self.scroll_home(animate=False)

    def _reuse(self, bible: Bible, catalog: Catalog, entity_id: str, kind: str,
               entity: Entity | Series) -> None:
        """Show another entity of the kind the widgets were built for, in place."""
        assert self._heading is not None
        self._built = None  # until every value is the new entity's
        self.entity_id, self.kind, self._entity, self._catalog = entity_id, kind, entity, catalog
        for widget in self._fields.values():
            if isinstance(widget, FieldInput) and isinstance(widget.suggester, IdSuggester):
                widget.suggester.catalog = catalog
            elif isinstance(widget, FieldSelect):
                with widget.prevent(Select.Changed):
                    widget.set_options(_options(entity, widget.field, catalog))
            self._show_error(widget.field, None)
        self._update_values(entity, catalog)
        self._heading.update(_heading(bible, entity))
        self._built = (entity_id, kind)
        self.scroll_home(animate=False)

    @property
    def is_built(self) -> bool:
        """Whether the form shows its entity's fields (no build or update under way)."""
        return self._built is not None

    def _current(self, widget: Widget, message: Message | None = None) -> bool:
        """Whether ``widget`` is a field of the form as built now (not a stale one), and
        ``message`` was sent since the form shows its entity."""
        field = getattr(widget, "field", None)
        return (field is not None and self._fields.get(field.name) is widget
                and (message is None or message.time >= self._since))

    def _row(
        self, entity: Entity | Series, field: Field, catalog: Catalog,
        fields: dict[str, FieldWidget], errors: dict[str, Static],
    ) -> Horizontal:
        label = Label(field.label, classes="field-label" + (" -required" if field.required else ""))
        widget = fields[field.name] = _widget(entity, field, catalog)
        error = errors[field.name] = Static("", classes="field-error", id=f"error-{field.name}")
        body = Vertical(widget, error, classes="field-body")
        return Horizontal(label, body, classes="field-row", id=f"row-{field.name}")

    def _update_values(
        self, entity: Entity | Series, catalog: Catalog, only: Widget | None = None
    ) -> None:
        widgets = [only] if only is not None else list(self._fields.values())
        for widget in widgets:
            if isinstance(widget, FieldInput):
                text = current_text(entity, widget.field)
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
        if error is None:  # the form was rebuilt meanwhile: nothing of it is shown
            return
        error.update(message or "")
        error.set_class(bool(message), "-shown")

    def _apply(self, field: Field, text: str) -> None:
        if self._entity is None or self._catalog is None or self.entity_id is None:
            return
        if text.strip() == current_text(self._entity, field).strip():
            self._show_error(field, None)
            return
        try:
            value = parse(field, text, self._catalog)
        except Invalid as exc:
            self._show_error(field, str(exc))
            return
        self._show_error(field, None)
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


def _widget(entity: Entity | Series, field: Field, catalog: Catalog) -> FieldWidget:
    if field.kind == "flag":
        return FieldSwitch(field, bool(current_value(entity, field)))
    if field.kind == "long":
        return FieldArea(field, current_text(entity, field))
    if field.kind == "stance":
        return FieldSelect(field, _options(entity, field, catalog), current_value(entity, field),
                           "stance")
    if field.kind == "ref":
        prompt = "(default: human)" if field.name == "status" else "(none)"
        return FieldSelect(field, _options(entity, field, catalog), current_value(entity, field),
                           prompt)
    return FieldInput(field, catalog, current_text(entity, field))


def _options(entity: Entity | Series, field: Field, catalog: Catalog) -> list[tuple[str, str]]:
    """A select's choices: what exists, and the written value even when it does not."""
    options = ([(s, s) for s in STANCES] if field.kind == "stance"
               else catalog.choices(field.target or ""))
    value = current_value(entity, field)
    if value is not None and value not in {v for _, v in options}:
        options = [*options, (f"{value} (unknown)", value)]
    return options


def _heading(bible: Bible, entity: Entity | Series) -> Text:
    kind = kind_of(entity)
    if isinstance(entity, Series):
        return _overview(bible)
    text = Text.assemble((f" {kind.upper()} ", "reverse bold"), " ", (entity.id, "bold"))
    if isinstance(entity, Beat):
        arc = bible.arcs.get(entity.arc)
        text.append(f"\nin {arc.title if arc else entity.arc} at {entity.at}", style="dim")
        text.append("  (m moves it)", style="dim italic")
    return text


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
