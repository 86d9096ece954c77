"""Modal dialogs: a choice between buttons, and a small form of inputs.

Both are generic; the app words them (quit with unsaved changes, reload a
file changed on disk, add, rename, move, save as). Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static


class Choice(ModalScreen[str]):
    """A question with buttons; dismisses with the chosen button's id ("cancel" on escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('cancel')", "Cancel")]

    def __init__(self, title: str, message: str, buttons: list[tuple[str, str, str]]) -> None:
        """``buttons`` are ``(label, id, variant)``; the first one has the focus."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.buttons = buttons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for label, button_id, variant in self.buttons:
                    yield Button(label, id=button_id, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")


@dataclass
class Ask:
    """One input of an :class:`AskForm`: its name, label, first value and checks."""

    name: str
    label: str
    value: str = ""
    #: Returns a reason the text is not acceptable, or None.
    check: Callable[[str], str | None] | None = None
    suggester: Suggester | None = None
    placeholder: str = ""


class AskForm(ModalScreen[dict[str, str] | None]):
    """A few labelled inputs; dismisses with their values, or None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, asks: list[Ask], ok: str = "OK", message: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.asks = asks
        self.ok = ok
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.message:
                yield Static(self.message, classes="dialog-message")
            for ask in self.asks:
                with Horizontal(classes="ask-row"):
                    yield Label(ask.label, classes="ask-label")
                    yield Input(
                        ask.value, placeholder=ask.placeholder, suggester=ask.suggester,
                        id=f"ask-{ask.name}", compact=True,
                    )
            yield Static("", id="ask-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {a.name: self.query_one(f"#ask-{a.name}", Input).value.strip() for a in self.asks}

    def problem(self) -> str | None:
        """The first reason the values cannot be used, if any."""
        values = self.values()
        for ask in self.asks:
            reason = ask.check(values[ask.name]) if ask.check else None
            if reason:
                return f"{ask.label}: {reason}"
        return None

    @on(Input.Changed)
    def _recheck(self) -> None:
        self.query_one("#ask-error", Static).update(self.problem() or "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._finish()
        else:
            self.dismiss(None)

    def _finish(self) -> None:
        reason = self.problem()
        if reason:
            self.query_one("#ask-error", Static).update(reason)
            return
        self.dismiss(self.values())
