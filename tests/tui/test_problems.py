"""The problems panel: every word of every problem is on screen, even at 80 columns."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from tests.tui.test_editor import settle
from tui.app import ArcroomApp, make_app
from tui.widgets.problems import ProblemsPanel, ProblemsTable


def screen_words(app: ArcroomApp) -> list[str]:
    """The words on the screen, in reading order (rows top to bottom, left to right)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text [^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), unescape(text).replace("\xa0", " ")))
    return [word for y in sorted(rows) for _, text in sorted(rows[y]) for word in text.split()]


async def test_a_long_problem_wraps_and_is_whole_at_80_columns(hyosan: Path) -> None:
    app = make_app(hyosan, poll=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Gwi-nam dead in S1E05 and back in S2E03: a continuity error with a long hint.
        await app.edit_field("gwi-nam-bitten", "changes", {"gwi-nam": "dead"})
        await settle(pilot)
        panel = app.editor.query_one(ProblemsPanel)
        first = panel.diagnostics[0]
        message = f"{first.message} ({first.hint})" if first.hint else first.message
        assert len(message) > 80, "a message longer than the screen is wide"
        table = panel.query_one(ProblemsTable)
        # Nothing hangs off the right edge: the rows fit the panel.
        assert table.virtual_size.width <= table.size.width
        # And the whole message is on screen, word after word, wrapped under itself.
        shown = screen_words(app)
        words = message.split()
        starts = [i for i, w in enumerate(shown) if w == words[0]]
        assert any(_follows(shown, i, words) for i in starts), (message, shown)


def _follows(shown: list[str], start: int, words: list[str]) -> bool:
    """Whether ``words`` are on screen from ``start`` on, in order (other columns'
    words, on the wrapped lines' left, may come between)."""
    at = start
    for word in words:
        while at < len(shown) and shown[at] != word:
            at += 1
        if at == len(shown):
            return False
        at += 1
    return True
