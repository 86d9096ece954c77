"""Fit in the HTML report, in Chromium: on the card board it shows the overview across
the stage's width, never so small that its text cannot be read; at 2,000 beats,
where the whole overview would be, the season in view, whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from golden import chromium, evaluate
from test_export_overview import generated

from story_bible import sample_path

#: Opens the card board's tab, presses Fit, and says what the stage then shows.
AFTER_FIT = """(() => {
  const data = JSON.parse(document.getElementById('ar-data').textContent);
  const board = data.views.findIndex((v) => v.view === 'beats');
  document.querySelectorAll('.ar-tabs button')[board].click();
  document.querySelector('[data-zoom="fit"]').click();
  const pane = document.querySelector('.ar-view.ar-active');
  const view = data.views[+pane.dataset.view];
  const svg = pane.querySelector('svg');
  const r = svg.getBoundingClientRect();
  const stage = document.getElementById('ar-stage').getBoundingClientRect();
  const k = r.width / +svg.getAttribute('width');
  const text = pane.querySelector('text.cell-count');
  return {view: view.view, k, text: parseFloat(getComputedStyle(text).fontSize) * k,
          stage: [stage.left, stage.right], left: r.left, right: r.right,
          bands: view.bands.map(([s, x0, x1]) => [s, r.left + x0 * k, r.left + x1 * k])};
})()"""


def report(bible: Path, folder: Path) -> Path:
    page = folder / "plan.html"
    done = subprocess.run([sys.executable, "-m", "tui", "export", str(bible), "-o", str(page)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return page


def after_fit(page: Path, folder: Path) -> dict[str, Any]:
    with chromium(folder) as port:
        return dict(evaluate(port, page, 1600, 1000, AFTER_FIT))


def test_fit_on_the_samples_board_shows_the_whole_overview(tmp_path: Path) -> None:
    seen = after_fit(report(sample_path(), tmp_path), tmp_path)
    assert seen["view"] == "overview"
    assert seen["text"] >= 9, seen
    left, right = seen["stage"]
    assert left <= seen["left"] and seen["right"] <= right, seen  # the whole width


def test_fit_at_two_thousand_beats_is_not_a_sliver(tmp_path: Path) -> None:
    bible = tmp_path / "bible.yaml"
    bible.write_text(generated(2000), encoding="utf-8")
    seen = after_fit(report(bible, tmp_path), tmp_path)
    assert seen["view"] == "overview"
    assert seen["text"] >= 9, seen  # the card board fitted whole was 0.7 %: text at 0.1 px
    left, right = seen["stage"]
    # the whole show is too wide to read at once: the season in view (the board
    # opens at the first) is on the stage whole
    season, x0, x1 = seen["bands"][0]
    assert season == "S1" and left <= x0 and x1 <= right, seen
