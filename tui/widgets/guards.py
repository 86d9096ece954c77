"""Guards around Textual bugs that the monkey test (tests/tui/test_monkey.py) ran into.

Each is a small wrapper that turns a crash into "the key does nothing", installed
once when the editor is imported (:func:`install`). Remove one when Textual fixes it.

- ``OptionList._move_page`` (Textual 8.2): page down in the command palette's
  list before its lines are laid out looks up a line that does not exist yet
  and raises ``KeyError`` (its scroll-to-highlight already guards the same
  lookup).
- ``CommandPalette._gather_commands`` (Textual 8.2): the search started by the
  last key typed into the palette can run after Escape closed it (a search of a
  1,000-beat bible takes a while), and its first step, finding the result list,
  raises ``NoMatches``. The guarded search ends quietly when the list is gone.
- ``CommandPalette.dismiss`` (Textual 8.2): a selection still queued when the
  palette closed (Enter typed fast after a search) dismisses it a second time,
  and that answers its result twice (``InvalidStateError``) or pops the editor
  screen under it (``ScreenStackError``). A palette dismissed once, or no
  longer on top, is already closing: a second dismissal does nothing, as
  the editor's own dialogs do (``tui.screens.dialogs._OnceModal``).
- ``App.action_command_palette`` (Textual 8.2): every palette has the id
  ``--command-palette``, and a closed palette is removed from the app after
  its screen is popped (awaited in ``_replace_screen``). ctrl+p typed in
  between opens a second one with the same id: ``DuplicateIds``. Each palette
  gets an id of its own (the monkey test met it once, seed 19).

Two more are guarded in ``tui.widgets.inputs.FieldArea``, the one widget that
meets them: a text area drawn after its styles were cleared (``render_lines``),
and a text area's own undo that fails to re-wrap its text (``undo``/``redo``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
from typing import Any

from textual import work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.widgets import OptionList

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    move_page = OptionList._move_page

    @functools.wraps(move_page)
    def guarded_move_page(self: OptionList, direction: Any) -> None:
        with contextlib.suppress(KeyError):  # not laid out yet: the key does nothing
            move_page(self, direction)

    OptionList._move_page = guarded_move_page  # type: ignore[method-assign]

    gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def guarded_gather(self: CommandPalette, search_value: str) -> None:
        if not self.is_attached or not self.query(CommandList):
            return  # the palette was closed before its search began
        try:
            await gather(self, search_value)
        except NoMatches:
            if self.is_attached and self.query(CommandList):
                raise  # not the palette closing under its search: a real error
            # Closed while it searched: nothing to show the results in.

    CommandPalette._gather_commands = guarded_gather  # type: ignore[method-assign]

    dismiss = CommandPalette.dismiss

    @functools.wraps(dismiss)
    def guarded_dismiss(self: CommandPalette, result: Any = None) -> AwaitComplete:
        if getattr(self, "_arcroom_dismissed", False) or not self.is_current:
            return AwaitComplete(asyncio.sleep(0))  # closing already: nothing more to do
        self._arcroom_dismissed = True  # type: ignore[attr-defined]
        return dismiss(self, result)

    CommandPalette.dismiss = guarded_dismiss  # type: ignore[method-assign,assignment]

    palettes = itertools.count(1)

    def open_palette(self: App[Any]) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id=f"--command-palette-{next(palettes)}"))

    App.action_command_palette = functools.wraps(  # type: ignore[method-assign]
        App.action_command_palette
    )(open_palette)
