"""Modal dialogs: a choice between buttons, and a small form of inputs.

Both are generic; the app words them (quit with unsaved changes, reload a
file changed on disk, add, rename, move, save as). Escape cancels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from tui.widgets.inputs import SELECT_ALL, run_own_binding

_R = TypeVar("_R")


class _OnceModal(ModalScreen[_R]):
    """A modal screen that is dismissed once, whatever keys arrive while it closes.

    Enter then Escape typed fast (or a second Escape) used to dismiss it twice:
    the second answer was set on a future already answered (InvalidStateError)
    and popped the editor screen under it (ScreenStackError). Found by the
    monkey test (tests/tui/test_monkey.py).
    """

    _dismissed = False

    def dismiss(self, result: _R | None = None) -> AwaitComplete:
        if self._dismissed or not self.is_current:
            return AwaitComplete(asyncio.sleep(0))  # already closing: nothing more to do
        self._dismissed = True
        return super().dismiss(result)


class Choice(_OnceModal[str]):
    """A question with buttons; dismisses with the chosen button's id ("cancel" on escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('cancel')", "Cancel")]

    def __init__(self, title: str, message: str, buttons: list[tuple[str, str, str]]) -> None:
        """``buttons`` are ``(label, id, variant)``; the first one has the focus (so the
        first is never the dangerous one: Enter must not lose work)."""
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
        # Escape may have closed the dialog before it was up: nothing to focus then.
        for button in self.query(Button).results():
            button.focus()
            break

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
    #: Proposes this input's value from another's (an id from a name) until it is typed in:
    #: ``(the other's name, text -> proposal)``.
    follows: tuple[str, Callable[[str], str]] | None = None


class DialogInput(Input):
    """A dialog's input that keeps fast typing in order (Textualize/textual#6605).

    Textual runs Tab (move on) after the keys typed behind it have already
    been given to this input, so ``resistance<Tab>The Resistance`` typed fast
    went into one field. Here Tab moves the focus at once, and a key that
    arrives after the focus moved on is handed to the input that has it.
    ctrl+a selects all, as in the form's fields.
    """

    BINDINGS: ClassVar[list[BindingType]] = SELECT_ALL

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and focused is not None:
            # Typed after a Tab or Enter moved on: it belongs to the input that has the
            # focus now, in order (its bindings too: Enter there submits, not types).
            event.stop()
            event.prevent_default()
            moved = events.Key(event.key, event.character)
            if isinstance(focused, DialogInput):
                await focused._on_key(moved)
            elif not await run_own_binding(focused, moved):
                focused.post_message(moved)
            return
        if event.key == "enter" and isinstance(self.screen, AskForm):
            # At once, not through the Submitted message: a key typed right after Enter
            # must find the focus already on the next input.
            event.stop()
            event.prevent_default()
            self.screen.advance(self)
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        if not await run_own_binding(self, event):
            await super()._on_key(event)


class AskForm(_OnceModal[dict[str, str] | None]):
    """A few labelled inputs; dismisses with their values, or None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, asks: list[Ask], ok: str = "OK", message: str = "",
                 hold: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.asks = asks
        self.ok = ok
        self.message = message
        #: Whether an answer holds the screen's updates as the dialog closes, for the
        #: asker to draw what the answer changes in the same frame (then ``held`` ends the
        #: hold; it ends by itself soon after, should the asker not).
        self.hold = hold
        self.held: Callable[[], None] | None = None
        #: Inputs the writer typed in (only their problems are shown before OK).
        self._touched: set[str] = set()
        #: What each following input was last given (typing something else keeps it).
        self._proposed: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.message:
                yield Static(self.message, classes="dialog-message")
            for ask in self.asks:
                with Horizontal(classes="ask-row"):
                    yield Label(ask.label, classes="ask-label")
                    yield DialogInput(
                        ask.value, placeholder=ask.placeholder, suggester=ask.suggester,
                        id=f"ask-{ask.name}", compact=True,
                    )
            yield Static("", id="ask-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input).results():  # none if closed before it was up
            field.focus()
            break

    def values(self) -> dict[str, str]:
        return {a.name: self.query_one(f"#ask-{a.name}", Input).value.strip() for a in self.asks}

    def problem(self, touched_only: bool = False) -> str | None:
        """The first reason the values cannot be used, if any (``touched_only``: of the
        inputs typed in so far, so a new dialog does not open on a complaint)."""
        values = self.values()
        for ask in self.asks:
            if touched_only and ask.name not in self._touched:
                continue
            reason = ask.check(values[ask.name]) if ask.check else None
            if reason:
                return f"{ask.label}: {reason}"
        return None

    @on(Input.Changed)
    def _recheck(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("ask-")
        self._touched.add(name)
        self._proposed.pop(name, None)  # typed in: no longer proposed
        self._propose(name, event.input.value)
        self.query_one("#ask-error", Static).update(self.problem(touched_only=True) or "")

    def _propose(self, name: str, value: str) -> None:
        """Give the inputs that follow ``name`` (an id its name) their proposals."""
        for ask in self.asks:
            if ask.follows is not None and ask.follows[0] == name and (
                ask.name in self._proposed or not self.values()[ask.name]
            ):
                proposal = ask.follows[1](value)
                self._proposed[ask.name] = proposal
                following = self.query_one(f"#ask-{ask.name}", Input)
                with following.prevent(Input.Changed):  # proposed, not typed
                    following.value = proposal
                if proposal:
                    self._touched.add(ask.name)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    def advance(self, current: Input) -> None:
        """Enter in ``current``: on to the next input, or OK after the last one."""
        # Enter may come before the Changed message of the last key typed: propose now.
        name = (current.id or "").removeprefix("ask-")
        if name not in self._proposed:
            self._propose(name, current.value)
        inputs = list(self.query(Input))
        index = inputs.index(current)
        if index + 1 < len(inputs):
            # At once, not after a refresh (focus() waits): the next key is this input's.
            self.set_focus(inputs[index + 1])
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
        if self.hold and not self._dismissed:
            self.held = self.app.hold_screen()  # type: ignore[attr-defined]
        self.dismiss(self.values())
