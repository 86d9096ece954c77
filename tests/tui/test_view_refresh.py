"""After an edit the views are redrawn where they changed, and keep their place.

An edit's cost on screen should follow what it changed, not the size of the
screen or of the bible: the header's unsaved mark is its own line, not a
repaint of everything; the outline relabels or reorders only the nodes that
changed and keeps what was open and where the cursor was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import Compositor

from tests.tui.test_editor import settle
from tests.tui.test_problems import screen_words
from tui.app import make_app

SIZE = (120, 40)


async def test_the_unsaved_mark_is_drawn_without_repainting_the_whole_screen(
        hyosan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "unsaved" not in screen_words(app)
        full: list[int] = []
        render_full_update = Compositor.render_full_update

        def counted(self: Compositor, *args: object, **kwargs: object) -> object:
            full.append(1)
            return render_full_update(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Compositor, "render_full_update", counted)
        await app.edit_field("nam-ra-bitten", "summary", "Nam-ra is bitten, and hides it")
        await settle(pilot)
        assert "unsaved" in app.sub_title
        assert not full, "the edit repainted the whole screen"
        monkeypatch.undo()
        header = screen_words(app)[:12]  # (a whole screenshot, after the count)
        assert "●" in header, "the header shows the mark (the path may cut its word)"
