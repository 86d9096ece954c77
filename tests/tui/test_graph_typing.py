"""The writer never waits on the graph's layout: with the Graph tab shown, a beat moved
is laid out again in the tab's worker thread, and while that layout runs, keys land in
the form's fields, the problems panel shows the edit's re-check, another edit is made,
Escape and the tabs' keys work; once it ends, the graph shows the last edit's drawing.

The layout is held (``arcs.layout.layout``, what the worker calls for a beat moved,
blocks until the test lets it go), so "while it runs" is not a race the test may lose.
Had the layout run on the screen's thread, the first Enter would hold the whole app
(the test with it) until the hold's deadline, and the test fails saying so. Moves that
overtake a held layout give their threads back (the pool is shared with the check);
a move is laid out only once the screen has painted the edit (they share the GIL).
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TabbedContent

import arcs.layout
from tests.support import wait_until
from tests.tui.test_editor import settle
from tests.tui.test_graph_edits import fresh_in, same_drawing
from tests.tui.test_graph_zoom import graph
from tui.app import make_app
from tui.drawing import Hit
from tui.screens.editor import EditorScreen
from tui.widgets import graph_view
from tui.widgets.form import EntityForm
from tui.widgets.graph_view import GraphCanvas
from tui.widgets.outline import Outline
from tui.widgets.problems import ProblemsPanel

#: The longest a layout is held (the test lets it go long before, unless the app hangs).
HOLD_SECONDS = 20


class HeldLayout:
    """``arcs.layout.layout`` held until :meth:`release` (or the deadline): counts the
    layouts begun and ended, and whether one had to wait out the deadline."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.begun = self.ended = 0
        self.overran = False
        self.threads: set[threading.Thread] = set()
        self._real = arcs.layout.layout

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.begun += 1
        self.threads.add(threading.current_thread())
        if not self.released.wait(HOLD_SECONDS):
            self.overran = True
        try:
            return self._real(*args, **kwargs)
        finally:
            self.ended += 1

    def release(self) -> None:
        self.released.set()

    def holding(self) -> bool:
        """Whether a layout is still held now: begun, not ended, the test not yet past
        its deadline (what the screen does meanwhile did not wait for it)."""
        return self.begun > self.ended and not self.overran


@pytest.fixture
def held() -> Iterator[HeldLayout]:
    hold = HeldLayout()
    try:
        yield hold
    finally:
        hold.release()  # a test failing mid-way never leaves a thread waiting


def problems_of(app: Any) -> set[tuple[str, str | None]]:
    return {(d.code, d.entity) for d in app.editor.query_one(ProblemsPanel).diagnostics}


def hit_of(canvas: GraphCanvas, node: str) -> Hit | None:
    return next((h for h in canvas.drawing.hits if h.node == node), None)


async def test_the_writer_never_waits_on_the_layout_of_a_beat_moved(
        hyosan: Path, held: HeldLayout, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        pane, canvas = await graph(pilot)
        await app.editor.open_entity("outbreak")
        await settle(pilot)
        form = app.editor.query_one(EntityForm)
        at = form.query_one("#field-at", Input)
        assert str(app.bible.beats["outbreak"].at) == "S1E01" and not problems_of(app)
        await wait_until(pilot, lambda: hit_of(canvas, "outbreak"), "the outbreak's card")
        before = hit_of(canvas, "outbreak")
        monkeypatch.setattr(arcs.layout, "layout", held)
        try:
            # The outbreak moved after the beat that follows it: a problem, a new layout.
            at.focus()
            await pilot.press("ctrl+a", *"S1E08", "enter")
            await wait_until(pilot, lambda: held.begun or held.overran,
                             "the moved beat's layout to begin")
            assert held.holding(), "the layout ran on the screen's thread: the Enter " \
                f"that moved the beat held the app for {HOLD_SECONDS} s"
            assert str(app.bible.beats["outbreak"].at) == "S1E08"
            assert threading.main_thread() not in held.threads

            # The problems panel shows the edit's re-check.
            await wait_until(pilot, lambda: ("T002", "nam-ra-bitten") in problems_of(app),
                             "the problem the move made, in the problems panel")
            assert held.holding()

            # Keys typed into a field land in it.
            assert app.focused is at
            await pilot.press("ctrl+a", *"S1E0")
            await wait_until(pilot, lambda: at.value == "S1E0", "the keys typed in the field")
            assert held.holding()

            # Another edit: the outbreak moved again, before that beat (the problem gone).
            await pilot.press("3", "enter")
            await wait_until(pilot, lambda: str(app.bible.beats["outbreak"].at) == "S1E03",
                             "the second edit")
            await wait_until(pilot, lambda: not problems_of(app),
                             "the second edit's re-check, with no problem")
            assert held.holding()

            # Escape goes back to the outline; the tabs' keys switch tabs, there and back.
            tabs = app.editor.query_one("#views", TabbedContent)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.focused, Outline),
                             "the outline focused by Escape")
            await pilot.press("2")
            await wait_until(pilot, lambda: tabs.active == "episodes", "the Episodes tab")
            await pilot.press("1")
            await wait_until(pilot, lambda: tabs.active == "graph"
                             and isinstance(app.focused, GraphCanvas), "the Graph tab again")
            assert held.holding(), "the layout ended before the test let it go"
            assert canvas.drawing is not None
        finally:
            held.release()
        # Let go: the graph shows the last edit's drawing, what a fresh build draws.
        await wait_until(pilot, lambda: held.begun == held.ended, "the layouts to end")
        await settle(pilot)
        assert not held.overran
        monkeypatch.undo()
        same_drawing(canvas.drawing, fresh_in(app, pane))
        after = hit_of(canvas, "outbreak")
        assert before is not None and after is not None and after.x > before.x


#: The threads Python's default executor (Textual's thread workers') runs at most.
THREADS = min(32, (os.cpu_count() or 1) + 4)


async def test_moves_overtaken_while_a_layout_is_held_free_their_threads(
        hyosan: Path, held: HeldLayout, monkeypatch: pytest.MonkeyPatch) -> None:
    # A beat moved again and again (shift+arrows held in the graph) while a big plan is
    # laid out: each move's drawing overtakes the one before, which gives its thread
    # back at once (the check of a big bible and every other worker need one), never
    # laid out.
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        pane, canvas = await graph(pilot)
        monkeypatch.setattr(arcs.layout, "layout", held)
        hit = hit_of(canvas, "outbreak")
        assert hit is not None
        canvas._select(hit)
        try:
            for move in range(THREADS + 1):  # to the next episode and back, and again
                await pilot.press("shift+left" if move % 2 else "shift+right")
                await wait_until(pilot, lambda m=move: app.bible.beats["outbreak"].at.episode
                                 == 2 - m % 2, "the beat moved")
            await wait_until(pilot, lambda: held.begun or held.overran,
                             "the first move's layout to begin")
            job = asyncio.get_running_loop().run_in_executor(None, lambda: "done")
            await wait_until(pilot, job.done, "a thread for other work while the layout "
                             "is held", timeout=HOLD_SECONDS / 4)
            assert held.holding() and held.begun == 1
        finally:
            held.release()
        await wait_until(pilot, lambda: held.begun == held.ended, "the layouts to end")
        await settle(pilot)
        # (the one held, then the last move's unless it is where the held one put it)
        assert held.begun <= 2, "a move overtaken while the layout was held was laid out"
        monkeypatch.undo()
        same_drawing(canvas.drawing, fresh_in(app, pane))


async def test_a_beat_moved_is_laid_out_once_the_screen_has_painted_the_edit(
        hyosan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The edit's frame (the form, the outline, the problems) is laid out on the screen's
    # thread; the graph's layout waits for it rather than share the GIL with it.
    monkeypatch.setattr(graph_view, "PAINT_WAIT", HOLD_SECONDS)  # (never the deadline)
    seen: list[str] = []
    paint = EditorScreen._compositor_refresh
    monkeypatch.setattr(EditorScreen, "_compositor_refresh",
                        lambda self: (seen.append("painted"), paint(self))[1])
    real = arcs.layout.layout
    monkeypatch.setattr(arcs.layout, "layout",
                        lambda *a, **k: (seen.append("layout"), real(*a, **k))[1])
    app = make_app(hyosan, poll=None, journal=False)
    async with app.run_test(size=(160, 48)) as pilot:
        pane, canvas = await graph(pilot)
        seen.clear()
        await app.edit_field("outbreak", "at", "S1E03")
        await wait_until(pilot, lambda: "layout" in seen, "the moved beat's layout")
        assert "painted" in seen and seen.index("painted") < seen.index("layout"), seen
        await settle(pilot)
        same_drawing(canvas.drawing, fresh_in(app, pane))
