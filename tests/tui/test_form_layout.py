"""A jump to a form lays the screen out once: the form's widgets are the right size
before the first layout, so nothing in them asks for another.

(Each layout of the screen is a redraw of much of it; a jump paid three.)
"""

from __future__ import annotations

from textual.widgets import Input

from story_bible.reading.loader import sample_path
from tests.support import wait_until
from tests.tui.test_editor import settle
from tui.app import make_app
from tui.widgets.form import EntityForm, FormArea


async def test_a_hidden_pages_text_area_is_wrapped_at_its_width_before_its_first_layout() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        bible = app.bible
        # The two beats with the longest summaries: several lines each in the form.
        first, second = sorted(bible.beats, key=lambda b: -len(bible.beats[b].summary))[:2]
        character = next(iter(bible.characters))
        form = app.editor.query_one(EntityForm)
        await app.editor.open_entity(first)
        await settle(pilot)
        await app.editor.open_entity(character)  # the beat's page hidden
        await settle(pilot)
        await app.editor.open_entity(second)  # shown again, not laid out yet
        area = form.field("summary")
        assert isinstance(area, FormArea)
        wrapped = area.wrapped_document.height
        await settle(pilot)
        await wait_until(pilot, lambda: area.size.height > 0, "the summary laid out")
        assert wrapped > 1  # at width 0 it would be one line: a layout to fix it, and more
        assert area.wrapped_document.height == wrapped
        assert area.size.height == min(wrapped, 6)  # (max-height 6)


async def test_a_long_value_scrolls_its_input_without_a_scrollbar() -> None:
    app = make_app(sample_path(), poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        await app.editor.open_entity(next(iter(app.bible.characters)), "name")
        await settle(pilot)
        name = form.field("name")
        assert isinstance(name, Input)
        await wait_until(pilot, lambda: name.has_focus and name.size.width > 0, "the name field")
        await pilot.press("end", *("x" * (name.size.width + 10)))
        await wait_until(pilot, lambda: name.scroll_offset.x > 0, "the input scrolled")
        assert not name.show_horizontal_scrollbar  # (its toggling asked for a layout)
