"""Guards around Textual bugs that the monkey test (tests/tui/test_monkey.py) ran into.

Each is a small wrapper that turns a crash into "the key does nothing", installed
once when the editor is imported (:func:`install`). Remove one when Textual fixes it.

- ``OptionList._move_page`` (Textual 8.2): page down in the command palette's
  list before its lines are laid out looks up a line that does not exist yet
  and raises ``KeyError`` (its scroll-to-highlight already guards the same
  lookup).

(The other one, a text area drawn after its styles were cleared, is guarded in
``tui.widgets.inputs.FieldArea.render_lines``.)
"""

from __future__ import annotations

import functools
from typing import Any

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
        try:
            move_page(self, direction)
        except KeyError:
            pass  # not laid out yet: the page key does nothing this time

    OptionList._move_page = guarded_move_page  # type: ignore[method-assign]
