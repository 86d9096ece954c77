"""The editor's footer: Textual's, redrawn only when the keys it shows change.

Textual's footer rebuilds its keys (a dozen widgets, each styled anew) every
time the focus moves, even from one field of the form to the next, where the
keys shown are the same; that was a tenth of a second of every jump from the
palette to a form. This one compares what it would show first.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """A footer that rebuilds its keys only when the keys to show differ."""

    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys(self) -> tuple[Any, ...]:
        """What :meth:`Footer.compose` reads: each shown binding, enabled or not."""
        app = self.app
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip,
             app.get_key_display(binding), binding.show)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )
