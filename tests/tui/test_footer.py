"""The footer shows the focused pane's keys, changed in the frame that moved the focus,
from key widgets it keeps (a set of keys seen before is shown again, not mounted anew)."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from story_bible.reading.loader import sample_path
from tests.support import wait_until
from tests.tui.test_editor import settle
from tui.app import make_app
from tui.widgets.footer import QuietFooter
from tui.widgets.form import EntityForm
from tui.widgets.outline import Outline


def _shown(footer: QuietFooter) -> list[tuple[str, str]]:
    """The keys on screen, in order: (key as shown, description)."""
    def visible(key: Widget) -> bool:  # (a group's keys sit in a KeyGroup)
        return key.display and (key.parent is footer or getattr(key.parent, "display", False))

    return [(key.key_display, key.description) for key in footer.query(FooterKey)
            if visible(key) and not key.has_class("-command-palette")]


def _expected(footer: QuietFooter) -> list[tuple[str, str]]:
    """What Textual's footer shows for the focus now: each action's first shown binding."""
    app = footer.app
    keys: dict[str, tuple[str, str]] = {}
    for _, binding, _, _ in footer.screen.active_bindings.values():
        if binding.show and binding.action not in keys:
            grouped = binding.group is not None and sum(
                b.group is binding.group and b.show
                for _, b, _, _ in footer.screen.active_bindings.values()) > 1
            keys[binding.action] = (app.get_key_display(binding),
                                    "" if grouped else binding.description)
    return list(keys.values())


async def test_the_footer_follows_the_focus_at_once_from_the_widgets_it_keeps() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        editor = app.editor
        footer = editor.query_one(QuietFooter)
        outline = editor.query_one(Outline)
        await editor.open_entity(next(iter(app.bible.beats)))  # the focus in the form
        await settle(pilot)
        field = editor.focused
        assert field is not None and editor.query_one(EntityForm) in field.ancestors
        await wait_until(pilot, lambda: _shown(footer) == _expected(footer), "the form's keys")
        in_form = _shown(footer)
        editor.set_focus(outline)
        await wait_until(pilot, lambda: _shown(footer) == _expected(footer),
                         "the outline's keys")
        in_outline = _shown(footer)
        assert in_outline[:2] == [("a", "Add"), ("r", "Rename")] and in_outline != in_form
        widgets = set(footer.walk_children())
        # Both sets seen once: from now on the keys change in the same turn as the focus
        # (no frame of their own), from the same widgets.
        for focus, keys in [(field, in_form), (outline, in_outline), (field, in_form)]:
            editor.set_focus(focus)
            assert _shown(footer) == keys
            await settle(pilot)
            assert _shown(footer) == keys == _expected(footer)
            assert set(footer.walk_children()) == widgets  # none mounted anew
