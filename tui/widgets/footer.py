"""The editor's footer: Textual's, with its keys kept and shown or hidden, not rebuilt.

Textual's footer rebuilds its keys (a dozen widgets, each styled anew) every
time the focus moves, even from one field of the form to the next, where the
keys shown are the same; and where they differ (the outline's keys, then the
form's, after Add or a jump from the outline) the new widgets cost two
layouts of the whole screen after the one that showed the form. This footer
compares what it would show first, and keeps every key widget it made: keys
seen before are shown again (and put in order), only a key never shown yet
is mounted. It shows exactly what Textual's footer shows, from the same
widgets (:class:`FooterKey`, and a group's :class:`KeyGroup` and label).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby, pairwise
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

#: What a key widget shows: (key, key as shown, description, action, disabled, tooltip,
#: classes, whether it follows the footer's compact style).
KeySpec = tuple[str, str, str, str, bool, str, str, bool]
#: One widget in the footer: ("key", KeySpec), ("group", compact class, its KeySpecs)
#: or ("label", the group's description).
Item = tuple[Any, ...]


class QuietFooter(Footer):
    """A footer that changes its keys only when the keys to show differ, and keeps
    the key widgets it made (hidden while not shown)."""

    _shown: tuple[Any, ...] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Every widget made so far, by what it shows.
        self._made: dict[Item, Widget] = {}

    def compose(self) -> Any:
        return []  # (the keys are mounted by _show_keys, and kept)

    async def recompose(self) -> None:
        """Show the keys again from scratch (Textual's footer recomposes itself)."""
        self._made.clear()
        self._shown = None
        await super().recompose()
        self._update_keys()

    def on_mount(self) -> None:
        # At once (Footer's own subscription, also made, waits its turn): the keys change
        # in the same turn as the focus, before the next frame, not in a frame of their own
        # (which lays the whole screen out again).
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed,
                                                      immediate=True)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._update_keys()

    def _update_keys(self) -> None:
        """Show the keys of the focused widget, if they differ from those shown."""
        if not self.is_attached or not self._bindings_ready:
            return
        shown = self._keys()
        if shown == self._shown:
            return
        self._shown = shown
        items = self._items()
        new = [item for item in items if item not in self._made]
        if new:  # the first time these keys are shown: mounted, then shown
            self._shown = None  # (until then, what is shown is not yet ``shown``)
            self.call_next(self._mount_items, new)
        else:
            self._show_items(items)

    async def _mount_items(self, items: list[Item]) -> None:
        new = [item for item in items if item not in self._made]
        widgets = [self._make(item) for item in new]
        for item, widget in zip(new, widgets, strict=True):
            widget.display = False
            self._made[item] = widget
        if widgets and self.is_attached:
            await self.mount_all(widgets)
        self._update_keys()  # the keys of the focus now, which may have moved meanwhile

    def _keys(self) -> tuple[Any, ...]:
        """What :meth:`Footer.compose` reads: each shown binding, enabled or not."""
        app = self.app
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip,
             app.get_key_display(binding), binding.show)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )

    def _items(self) -> list[Item]:
        """The widgets :meth:`Footer.compose` would make, in its order, as :data:`Item`."""
        app = self.app
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        items: list[Item] = []
        for group, grouped in groupby(by_action.values(), lambda b: b[0][0].group):
            actions = list(grouped)
            if group is not None and len(actions) > 1:
                keys = tuple(
                    (b.key, app.get_key_display(b), "", b.action, not enabled,
                     tooltip or b.description, "-grouped", True)
                    for b, enabled, tooltip in (action[0] for action in actions))
                items += [("group", "-compact" if group.compact else "", keys),
                          ("label", group.description)]
            else:
                items += [("key", (b.key, app.get_key_display(b), b.description, b.action,
                                   not enabled, tooltip, "", True))
                          for b, enabled, tooltip in (action[0] for action in actions)]
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, b, enabled, _ = found
                items.append(("key", (b.key, app.get_key_display(b), b.description, b.action,
                                      not enabled, b.tooltip or b.description,
                                      "-command-palette", False)))
        return items

    def _make(self, item: Item) -> Widget:
        if item[0] == "label":
            return FooterLabel(item[1])
        if item[0] == "group":
            return KeyGroup(*(_key(spec) for spec in item[2]), classes=item[1])
        return _key(item[1])

    def _show_items(self, items: list[Item]) -> None:
        """Show the (mounted) widgets of ``items``, in order, and hide every other one."""
        wanted = [self._made[item] for item in items]
        keep = set(wanted)
        for widget in self._made.values():
            if widget not in keep and widget.display:
                widget.display = False
        for widget in wanted:
            if not widget.display:
                widget.display = True
        # In compose's order (a widget shown again sits where it was first mounted).
        if [child for child in self.children if child in keep] != wanted:
            for before, widget in pairwise(wanted):
                self.move_child(widget, after=before)


def _key(spec: KeySpec) -> FooterKey:
    key, display, description, action, disabled, tooltip, classes, compact = spec
    widget = FooterKey(key, display, description, action, disabled=disabled, tooltip=tooltip,
                       classes=classes)
    return widget.data_bind(compact=Footer.compact) if compact else widget
