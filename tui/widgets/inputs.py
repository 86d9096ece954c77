"""The form's input widgets: one per field kind, each knowing its field.

Typed text is validated as you type by :func:`tui.form_fields.parse` (the same
check the edit will pass), and references complete from what exists: the
last item of a comma-separated list completes to the id or the name (as the
form shows it) that starts with what was typed; either is read back as the id.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.suggester import Suggester
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea
from textual.widgets._select import SelectOverlay

from tui.form_fields import SEPARATORS, Catalog, Field, Invalid, change_target, parse


class FieldValidator(Validator):
    """Accepts what :func:`tui.form_fields.parse` accepts; its message is the failure."""

    def __init__(self, field: Field, catalog: Catalog) -> None:
        super().__init__()
        self.field = field
        self.catalog = catalog

    def validate(self, value: str) -> ValidationResult:
        try:
            parse(self.field, value, self.catalog)
        except Invalid as exc:
            return self.failure(str(exc))
        return self.success()


#: ctrl+a selects the whole text, as in a word processor, so typing replaces it (Textual's
#: Input and TextArea go to the line's start, and a replacement was prepended).
SELECT_ALL: list[BindingType] = [Binding("ctrl+a", "select_all", "Select all", show=False)]

class IdSuggester(Suggester):
    """Completes the item being typed (after the last comma, or a change's ``:``/``/``)
    to an id, or to a name where the field shows names (a character, a faction, an arc)."""

    def __init__(self, field: Field, catalog: Catalog) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.field = field
        self.catalog = catalog

    async def get_suggestion(self, value: str) -> str | None:
        # Only the item being typed is completed: the suggestion must begin with
        # exactly what was typed (spaces and case included), or the input will not show it.
        if self.field.kind == "position":
            return self._complete("", value.strip(), "position")
        separators = SEPARATORS if self.field.kind == "changes" else (",",)
        cut = max(value.rfind(s) for s in separators) + 1
        item = value[cut:].lstrip()
        prefix = value[: len(value) - len(item)]
        part = value[: cut].rpartition(",")[2]  # this change so far: "who:" or "who: status/"
        kind = self.field.target
        if self.field.kind == "changes" and ":" in part:  # who: status/faction
            kind = change_target("faction" if "/" in part else "status")
        if kind is None:
            return None
        others = [o.strip() for o in re.split("[,:/]", value[: len(prefix)])]
        taken = {self.catalog.resolve(kind, o) or o for o in others if o}
        return self._complete(prefix, item, kind, taken)

    def _complete(
        self, prefix: str, partial: str, kind: str, taken: set[str] | None = None
    ) -> str | None:
        if not partial:
            return None
        folded = partial.casefold()
        ids = (
            {p: "" for p in self.catalog.positions()} if kind == "position"
            else self.catalog.ids.get(kind, {})
        )
        for entity_id in ids:
            if entity_id in (taken or ()):
                continue
            shown = self.catalog.name_of(kind, entity_id) if kind != "position" else entity_id
            for text in (entity_id, shown):
                if text.casefold().startswith(folded):
                    return prefix + partial + text[len(partial):]
        return None


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own binding for ``event`` now, in order with the typing around it.

    Textual inserts a printable key at once but runs a bound one (home,
    backspace, ctrl+k...) only after the key has bubbled up to the app, so
    under fast input (a macro, a terminal typing a paste, tmux send-keys)
    ``Home ctrl+k S1E08`` became ``S1E07S1E08`` and then nothing
    (Textualize/textual#6605). The fields call this first in ``_on_key``.

    A key bound in the widget's own class wins over its base class's (Textual
    merges bindings base first): a field's ctrl+a selects all, not Input's or
    TextArea's "go to the line's start".
    """
    for binding in reversed(widget._bindings.key_to_bindings.get(event.key, ())):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class FieldInput(Input):
    """A one-line field: text, a number, a position, or a comma-separated list of ids."""

    BINDINGS: ClassVar[list[BindingType]] = SELECT_ALL

    def __init__(self, field: Field, catalog: Catalog, value: str) -> None:
        suggester = (
            IdSuggester(field, catalog)
            if field.kind in ("ref", "refs", "changes", "position") else None
        )
        super().__init__(
            value,
            placeholder=field.help,
            validators=[FieldValidator(field, catalog)],
            validate_on=["changed", "submitted", "blur"],
            suggester=suggester,
            select_on_focus=False,
            compact=True,
            id=f"field-{field.name}",
        )
        self.field = field

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)


class FieldArea(TextArea):
    """Free text that may run to several lines (summaries, notes); applied on leaving it."""

    BINDINGS: ClassVar[list[BindingType]] = SELECT_ALL

    class Left(Message):
        """The writer left the text area (Tab or a click elsewhere): apply what was typed."""

        def __init__(self, area: FieldArea) -> None:
            super().__init__()
            self.area = area

    def __init__(self, field: Field, value: str) -> None:
        super().__init__(
            value, soft_wrap=True, compact=True, show_line_numbers=False,
            id=f"field-{field.name}", placeholder=field.help,
        )
        self.field = field

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    def on_blur(self, event: events.Blur) -> None:
        self.post_message(self.Left(self))

    def undo(self) -> None:
        self._guarded(super().undo)

    def redo(self) -> None:
        self._guarded(super().redo)

    def _guarded(self, step: Any) -> None:
        try:
            step()
        except ValueError:
            # Textual 8.2's TextArea can undo a batch and then fail to re-wrap the
            # changed text ("line index 1 is out of bounds"; found by the monkey
            # test). Keep the text as it now is, laid out afresh, without a history.
            self.load_text(self.text)

    def render_lines(self, crop: Region) -> list[Strip]:
        try:
            return super().render_lines(crop)
        except KeyError:
            # Textual 8.2 may draw a text area whose component styles are gone (it was
            # just removed: the form moved on) or not yet made; TextArea's theme then
            # raises. Found by the monkey test: draw it blank this once.
            return [Strip.blank(crop.width)] * crop.height


class FieldSwitch(Checkbox):
    """A true/false field, labelled with what "true" means."""

    def __init__(self, field: Field, value: bool) -> None:
        super().__init__(field.help or field.label, value, id=f"field-{field.name}")
        self.field = field


class FieldSelect(Select[str]):
    """One id of a kind (a character's faction), or a stance."""

    def __init__(
        self, field: Field, options: list[tuple[str, str]], value: str | None, prompt: str
    ) -> None:
        known = {v for _, v in options}
        if value is not None and value not in known:
            # A reference to something that does not exist still shows what is written.
            options = [*options, (f"{value} (unknown)", value)]
        super().__init__(
            options,
            value=value if value is not None else Select.NULL,
            allow_blank=not field.required,
            prompt=prompt,
            compact=True,
            id=f"field-{field.name}",
        )
        self.field = field
        #: The choices it offers now (the form sets new ones only when they differ).
        self.choices = options

    def _on_mount(self, event: events.Mount) -> None:
        # Mounted as the app ends (a form's page built in the background just then), its
        # list may be gone already: Select's own set-up, which looks for it, would stop
        # the app on an error. There is nothing left to set up.
        if not self.query(SelectOverlay):
            event.prevent_default()
