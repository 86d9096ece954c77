"""The overview: a cell per lane and episode, every episode as wide as the next, that says
how many beats, deaths and problems; at 2,000 beats it still fits a wall."""

from __future__ import annotations

import functools
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from golden import check_golden, chromium, render_png

from arcs.checker import run_rules
from arcs.export.svg import generate_svg, write_svg
from arcs.graph import build_graph
from arcs.layout import layout
from arcs.views import select
from story_bible import load_text

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[3]

PLAN = """
arcroom: 1
series: {title: T}
seasons: {S1: {title: One, episodes: 3}, S2: {title: Two, episodes: 2}}
factions: {a: {name: A}, b: {name: B}}
characters:
  nam-ra: {name: Nam-ra, faction: a}
  su-hyeok: {name: Su-hyeok, faction: b}
arcs:
  x:
    season: S1
    title: X
    beats:
      one: {at: S1E01, characters: [nam-ra]}
      two: {at: S1E01, characters: [nam-ra], after: [one]}
      dies: {at: S1E02, characters: [nam-ra], changes: {nam-ra: dead}}
      walks: {at: S1E03, characters: [nam-ra]}
  y:
    season: S2
    title: Y
    beats:
      late: {at: S2E02, characters: [su-hyeok]}
"""


def cells(text: str, **filters: str) -> dict[tuple[str, str], ET.Element]:
    bible = load_text(text)
    V = select(build_graph(bible), "overview", **filters)
    root = ET.fromstring("\n".join(generate_svg(V, layout(V), problems=run_rules(bible))))
    return {
        (g.get("data-lane", ""), g.get("data-at", "")): g
        for g in root.iter(f"{SVG}g") if g.get("class") == "cell"
    }


def test_a_cell_counts_beats_deaths_and_problems() -> None:
    found = cells(PLAN)
    assert set(found) == {("a", "S1E01"), ("a", "S1E02"), ("a", "S1E03"), ("b", "S2E02")}
    count = found[("a", "S1E01")].find(f"{SVG}text")
    assert count is not None and count.text == "2"
    tip = found[("a", "S1E02")].find(f"{SVG}title")
    assert tip is not None and "1 death" in (tip.text or "")
    walking = found[("a", "S1E03")].find(f"{SVG}title")
    assert walking is not None and "1 problem" in (walking.text or "")
    assert "C001" in (walking.text or "")  # the dead walk
    assert "problem" not in (found[("b", "S2E02")].find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_the_whole_show_has_a_row_per_faction_a_season_a_row_per_arc() -> None:
    assert {lane for lane, _ in cells(PLAN)} == {"a", "b"}
    assert {lane for lane, _ in cells(PLAN, season="S1")} == {"x"}


def test_every_episode_column_is_as_wide_and_labelled_at_its_start() -> None:
    V = select(build_graph(load_text(PLAN)), "overview")
    L = layout(V)
    assert len({round(c.x1 - c.x0, 3) for c in L.columns}) == 1
    root = ET.fromstring("\n".join(generate_svg(V, L)))
    axis = [t for t in root.iter(f"{SVG}text") if t.get("class") == "axis"]
    assert [t.text for t in axis] == ["E1", "E2", "E3", "E1", "E2"]
    for t, column in zip(axis, L.columns, strict=True):
        assert float(t.get("x", 0)) == pytest.approx(column.x0 + 2)


@functools.cache
def generated(beats: int) -> str:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--beats", str(beats),
         "--characters", str(beats // 10), "--seed", "17"],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout


def test_two_thousand_beats_fit_an_overview_a_wall_can_take() -> None:
    V = select(build_graph(load_text(generated(2000))), "overview")
    started = time.perf_counter()
    L = layout(V)
    svg = "\n".join(generate_svg(V, L))
    took = time.perf_counter() - started
    root = ET.fromstring(svg)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    # the card board of the same beats is 185,240 px wide; the overview a few thousand
    assert width < 5000 and height < 1500, (width, height)
    assert took < 5, took


def test_golden_overview_of_two_thousand_beats(tmp_path: Path, pytestconfig: pytest.Config) -> None:
    V = select(build_graph(load_text(generated(2000))), "overview")
    path = tmp_path / "overview.svg"
    write_svg(V, layout(V), path)
    root = ET.parse(path).getroot()
    width, height = int(float(root.get("width", 0))), int(float(root.get("height", 0)))
    with chromium(tmp_path) as port:
        check_golden("overview-2000-beats", render_png(port, path, width, height), pytestconfig)


def test_a_click_on_a_cell_opens_its_first_beat_on_the_card_board(tmp_path: Path) -> None:
    import re

    from export_support import dump_dom

    from arcs.export.html import generate_html

    G = build_graph(load_text(PLAN))
    views = [(V, layout(V)) for V in (select(G, n) for n in ("overview", "beats"))]
    page = "\n".join(generate_html(*views[0], more=views[1:], plan=G))
    script = """
      const cell = [...document.querySelectorAll('.ar-active g.cell')]
        .find((c) => c.dataset.at === 'S1E02');
      const r = cell.getBoundingClientRect();
      const at = {bubbles: true, clientX: r.x + 3, clientY: r.y + 3};
      cell.dispatchEvent(new PointerEvent('pointerdown', at));
      cell.dispatchEvent(new PointerEvent('pointerup', at));
    """
    path = tmp_path / "plan.html"
    path.write_text(page.replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    dom = dump_dom(path, tmp_path)
    assert re.search(r'<div class="ar-view ar-active" data-view="1">', dom)  # the beats tab
    assert "<h3>dies</h3>" in dom
